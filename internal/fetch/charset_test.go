package fetch

import (
	"strings"
	"testing"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/unicode"
)

func enc(e encoding.Encoding, s string) []byte {
	b, err := e.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func TestDecodeText(t *testing.T) {
	ru, ja, fr := "Пожар в гавани", "港で火災が発生した", "Incendie au café du port"
	for _, tt := range []struct {
		name        string
		body        []byte
		contentType string
		want, cs    string
	}{
		{"utf-8 undeclared", []byte("<p>" + ru + "</p>"), "text/html", ru, "utf-8"},
		{"utf-8 BOM", append([]byte{0xEF, 0xBB, 0xBF}, "<p>"+ru+"</p>"...), "text/html; charset=windows-1252", ru, "utf-8"},
		{"utf-16le BOM", enc(unicode.UTF16(unicode.LittleEndian, unicode.UseBOM), "<p>"+ja+"</p>"), "text/html", ja, "utf-16le"},
		{"1251 in header", enc(charmap.Windows1251, "<p>"+ru+"</p>"), "text/html; charset=windows-1251", ru, "windows-1251"},
		{"1251 in header, meta wrong", enc(charmap.Windows1251, `<meta charset="iso-8859-2"><p>`+ru+"</p>"), "text/html; charset=windows-1251", ru, "windows-1251"},
		{"1251 in meta, default header", enc(charmap.Windows1251, `<meta charset="windows-1251"><p>`+ru+"</p>"), "text/html; charset=ISO-8859-1", ru, "windows-1251"},
		{"1251 in meta, utf-8 header", enc(charmap.Windows1251, `<meta charset="windows-1251"><p>`+ru+"</p>"), "text/html; charset=utf-8", ru, "windows-1251"},
		{"shift_jis in meta", enc(japanese.ShiftJIS, `<meta http-equiv="Content-Type" content="text/html; charset=Shift_JIS"><p>`+ja+"</p>"), "text/html", ja, "shift_jis"},
		{"shift_jis in header", enc(japanese.ShiftJIS, "<p>"+ja+"</p>"), "text/html; charset=shift_jis", ja, "shift_jis"},
		{"latin-1 undeclared", enc(charmap.Windows1252, "<p>"+fr+"</p>"), "", fr, "windows-1252"},
		{"utf-8 declared, latin-1 sent", enc(charmap.Windows1252, "<p>"+fr+"</p>"), "text/html; charset=utf-8", fr, "windows-1252"},
		{"ascii", []byte("<p>plain</p>"), "text/html; charset=bogus-charset", "plain", "windows-1252"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			got, cs := decodeText(tt.body, tt.contentType)
			if !strings.Contains(got, tt.want) || cs != tt.cs {
				t.Errorf("decoded %q as %s, want %q as %s", got, cs, tt.want, tt.cs)
			}
		})
	}
}
