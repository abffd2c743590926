package ingest

import (
	"bytes"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	xunicode "golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"
)

// sniffLen is how much of the start of a file is examined to tell text from
// binary data.
const sniffLen = 8 << 10

// Decode turns the bytes of a text file into normalized UTF-8 text.
//
// It reads UTF-8 (dropping a byte order mark), UTF-16 with a byte order mark
// (and UTF-16 without one when the zero bytes make it plain), and takes any
// byte that is not valid UTF-8 as Windows-1252. It returns [ErrBinary] for
// data that holds NUL bytes or mostly control characters near its start.
//
// The text is normalized as [normalize] describes: line ends become "\n",
// the text is in NFC, no-break and other spaces become " ", zero-width,
// format and control characters other than "\n" and "\t" are removed.
// Typographic quotes and dashes are kept as they are.
func Decode(b []byte) (string, error) {
	var s string
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		b = b[3:]
		if isBinary(b) {
			return "", ErrBinary
		}
		s = decodeUTF8(b)
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		t, err := decodeUTF16(b, xunicode.BigEndian, xunicode.UseBOM)
		if err != nil {
			return "", err
		}
		s = t
	default:
		if e, ok := utf16Endianness(b); ok {
			t, err := decodeUTF16(b, e, xunicode.IgnoreBOM)
			if err != nil {
				return "", err
			}
			s = t
			break
		}
		if isBinary(b) {
			return "", ErrBinary
		}
		s = decodeUTF8(b)
	}
	return normalize(s), nil
}

func decodeUTF16(b []byte, e xunicode.Endianness, bom xunicode.BOMPolicy) (string, error) {
	out, _, err := transform.Bytes(xunicode.UTF16(e, bom).NewDecoder(), b)
	if err != nil {
		return "", err
	}
	s := string(out)
	if isBinaryText(s) {
		return "", ErrBinary
	}
	return s, nil
}

// utf16Endianness reports whether b looks like UTF-16 text without a byte
// order mark: mostly ASCII text whose every other byte is zero.
func utf16Endianness(b []byte) (xunicode.Endianness, bool) {
	n := min(len(b), 1024) &^ 1
	if n < 8 {
		return xunicode.BigEndian, false
	}
	var even, odd int
	for i := 0; i < n; i += 2 {
		if b[i] == 0 {
			even++
		}
		if b[i+1] == 0 {
			odd++
		}
	}
	pairs := n / 2
	switch {
	case odd*10 >= pairs*7 && even*20 < pairs:
		return xunicode.LittleEndian, true
	case even*10 >= pairs*7 && odd*20 < pairs:
		return xunicode.BigEndian, true
	}
	return xunicode.BigEndian, false
}

// isBinary reports whether the start of b holds a NUL byte or more than one
// control character in ten.
func isBinary(b []byte) bool {
	b = b[:min(len(b), sniffLen)]
	if len(b) == 0 {
		return false
	}
	ctrl := 0
	for _, c := range b {
		switch {
		case c == 0:
			return true
		case c == '\n' || c == '\r' || c == '\t' || c == '\f' || c == '\v' || c == 0x1A: // 0x1A: DOS end of file
		case c < 0x20 || c == 0x7F:
			ctrl++
		}
	}
	return ctrl*10 > len(b)
}

// isBinaryText is isBinary for decoded text.
func isBinaryText(s string) bool {
	n, ctrl := 0, 0
	for _, r := range s {
		if n >= sniffLen {
			break
		}
		n++
		switch {
		case r == 0:
			return true
		case r == '\n' || r == '\r' || r == '\t' || r == '\f' || r == '\v':
		case r < 0x20 || r == 0x7F:
			ctrl++
		}
	}
	return ctrl*10 > n
}

// decodeUTF8 returns b as a string, taking each byte that is not part of a
// valid UTF-8 sequence as Windows-1252. A file that is all Windows-1252 is
// decoded the same way, so a file that mixes the two loses nothing.
func decodeUTF8(b []byte) string {
	if utf8.Valid(b) {
		return string(b)
	}
	var sb strings.Builder
	sb.Grow(len(b) + len(b)/8)
	for len(b) > 0 {
		r, size := utf8.DecodeRune(b)
		if r == utf8.RuneError && size <= 1 {
			sb.WriteRune(charmap.Windows1252.DecodeByte(b[0]))
			b = b[1:]
			continue
		}
		sb.Write(b[:size])
		b = b[size:]
	}
	return sb.String()
}

// normalize puts decoded text in the form every reader works on: "\r\n" and
// "\r" become "\n" (as do vertical tab, form feed, NEL and U+2028; U+2029
// becomes a blank line), the text is put in NFC, every space separator
// (U+00A0 no-break space among them) becomes " ", and format characters
// (zero-width spaces and joiners, soft hyphens, byte order marks, direction
// marks), private-use characters and control characters other than "\n" and
// "\t" are removed.
func normalize(s string) string {
	if isPlain(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == '\r':
			if i < len(s) && s[i] == '\n' {
				continue
			}
			b.WriteByte('\n')
		case r == '\n' || r == '\t':
			b.WriteRune(r)
		case r == '\v' || r == '\f' || r == 0x85 || r == 0x2028:
			b.WriteByte('\n')
		case r == 0x2029:
			b.WriteString("\n\n")
		case r == ' ':
			b.WriteByte(' ')
		case r == utf8.RuneError && size == 1:
			b.WriteRune(utf8.RuneError)
		case unicode.Is(unicode.Zs, r):
			b.WriteByte(' ')
		case unicode.Is(unicode.Cc, r), unicode.Is(unicode.Cf, r), unicode.Is(unicode.Co, r):
			// dropped
		default:
			b.WriteRune(r)
		}
	}
	return norm.NFC.String(b.String())
}

// isPlain reports whether s is printable ASCII, tabs and "\n" only, which
// normalize leaves unchanged.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x80 || (c < 0x20 && c != '\n' && c != '\t') || c == 0x7F {
			return false
		}
	}
	return true
}
