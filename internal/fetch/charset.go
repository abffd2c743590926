package fetch

import (
	"bytes"
	"mime"
	"strings"
	"unicode/utf8"

	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
)

// decodeText decodes body to UTF-8 and names the encoding used. The order
// is: a byte-order mark; UTF-8 when the body is valid UTF-8 with non-ASCII
// bytes (a declaration that says otherwise is wrong: legacy encodings are
// almost never valid UTF-8 by accident); the charset of the Content-Type
// header, unless it is the ISO-8859-1/Windows-1252 that servers send by
// default and the page's <meta charset> names another; the <meta>
// declaration; and last, the sniffing of x/net/html/charset.
func decodeText(body []byte, contentType string) (string, string) {
	for _, b := range []struct {
		bom  []byte
		name string
	}{{[]byte{0xEF, 0xBB, 0xBF}, "utf-8"}, {[]byte{0xFE, 0xFF}, "utf-16be"}, {[]byte{0xFF, 0xFE}, "utf-16le"}} {
		if bytes.HasPrefix(body, b.bom) {
			if b.name == "utf-8" {
				return strings.ToValidUTF8(string(body[3:]), "\uFFFD"), "utf-8"
			}
			return decodeWith(body, b.name)
		}
	}
	if hasHighBit(body) && utf8.Valid(body) {
		return string(body), "utf-8"
	}
	header := ""
	if _, params, err := mime.ParseMediaType(contentType); err == nil {
		if cs := params["charset"]; cs != "" {
			if e, name := charset.Lookup(cs); e != nil {
				header = name
			}
		}
	}
	// Without a charset in the content type, DetermineEncoding reads the
	// <meta> declaration and then sniffs.
	_, meta, _ := charset.DetermineEncoding(body, "text/html")
	name := meta
	if header != "" && header != "utf-8" {
		weak := header == "windows-1252" || header == "iso-8859-1"
		if !weak || meta == "utf-8" || meta == "windows-1252" {
			name = header
		}
	}
	if name == "utf-8" {
		// Declared UTF-8 but not valid: the declaration is wrong; the
		// commonest legacy encoding is the best guess.
		if hasHighBit(body) {
			name = "windows-1252"
		} else {
			return string(body), "utf-8"
		}
	}
	return decodeWith(body, name)
}

func decodeWith(body []byte, name string) (string, string) {
	e, canon := charset.Lookup(name)
	if e == nil {
		return strings.ToValidUTF8(string(body), "\uFFFD"), "utf-8"
	}
	if e == encoding.Nop {
		return strings.ToValidUTF8(string(body), "\uFFFD"), canon
	}
	out, err := e.NewDecoder().Bytes(body)
	if err != nil {
		return strings.ToValidUTF8(string(body), "\uFFFD"), "utf-8"
	}
	return strings.ToValidUTF8(string(out), "\uFFFD"), canon
}

func hasHighBit(b []byte) bool {
	for _, c := range b {
		if c >= 0x80 {
			return true
		}
	}
	return false
}
