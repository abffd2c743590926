package news

import (
	"unicode"
	"unicode/utf8"
)

// CountWords counts whitespace-separated words that hold at least one letter
// or digit, the way length budgets count them.
func CountWords(s string) int {
	n := 0
	in, alnum := false, false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		if unicode.IsSpace(r) {
			if in && alnum {
				n++
			}
			in, alnum = false, false
			continue
		}
		in = true
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			alnum = true
		}
	}
	if in && alnum {
		n++
	}
	return n
}
