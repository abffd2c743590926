package ingest

import (
	"errors"
	"testing"
)

func TestDecode(t *testing.T) {
	tests := []struct {
		name string
		in   string
		want string
		err  error
	}{
		{"ascii", "The ferry sailed.\n", "The ferry sailed.\n", nil},
		{"utf-8 bom", "\xef\xbb\xbfThe caf\xc3\xa9 opened.", "The café opened.", nil},
		{"utf-16le bom", "\xff\xfeO\x00k\x00\x19\x20s\x00\r\x00\n\x00", "Ok’s\n", nil},
		{"utf-16be bom", "\xfe\xff\x00O\x00k\x20\x19\x00s", "Ok’s", nil},
		{"utf-16le no bom", "T\x00h\x00e\x00 \x00d\x00a\x00m\x00 \x00h\x00e\x00l\x00d\x00.\x00", "The dam held.", nil},
		{"windows-1252", "He said \x93no\x94 \x96 twice \x85 at the caf\xe9.", "He said “no” – twice … at the café.", nil},
		{"mixed", "Caf\xc3\xa9 and caf\xe9", "Café and café", nil},
		{"crlf and cr", "one\r\ntwo\rthree", "one\ntwo\nthree", nil},
		{"nbsp and other spaces", "a\u00a0b\u202fc\u2009d", "a b c d", nil},
		{"zero width and format", "ze\u200bro\u200d wi\u00addth\ufeff\u200e", "zero width", nil},
		{"controls", "The bell\a rang at noon,\t and the ferry\b left the quay.", "The bell rang at noon,\t and the ferry left the quay.", nil},
		{"separators", "line\u2028next\u2029para", "line\nnext\n\npara", nil},
		{"nfc", "Zu\u0308rich cafe\u0301", "Zürich café", nil},
		{"typographic quotes kept", "“Quoted” ‘single’ — dash", "“Quoted” ‘single’ — dash", nil},
		{"private use dropped", "icon\uf611 text", "icon text", nil},
		{"nul is binary", "PK\x03\x04\x00\x00", "", ErrBinary},
		{"controls are binary", "\x01\x02\x03\x04\x05abc", "", ErrBinary},
		{"utf-16 binary", "\xff\xfe\x00\x00\x01\x00", "", ErrBinary},
		{"empty", "", "", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := Decode([]byte(tt.in))
			if !errors.Is(err, tt.err) {
				t.Fatalf("Decode error = %v, want %v", err, tt.err)
			}
			if got != tt.want {
				t.Errorf("Decode = %q, want %q", got, tt.want)
			}
		})
	}
}
