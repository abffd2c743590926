package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Fold returns s in the form Parallax compares text in: Unicode NFC,
// typographic quotes and apostrophes folded to ASCII ' and ", dashes to '-',
// non-breaking and other Unicode spaces to ' ', invisible format characters
// (zero-width spaces, soft hyphens, byte order marks) removed, lower-cased.
// Token norms use the same folding.
func Fold(s string) string {
	ascii := true
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(s)
	}
	s = norm.NFC.String(s)
	var b strings.Builder
	b.Grow(len(s))
	for _, r := range s {
		r = foldRune(r)
		if r < 0 {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// foldRune maps one rune as Fold does; it returns -1 for runes Fold drops.
func foldRune(r rune) rune {
	switch r {
	case '‘', '’', '‚', '‛', '‹', '›', '′', 'ʼ':
		return '\''
	case '“', '”', '„', '‟', '«', '»', '″':
		return '"'
	case '‐', '‑', '‒', '–', '—', '―', '−':
		return '-'
	case '\u00ad', '\u200b', '\u200c', '\u200d', '\u2060', '\ufeff':
		return -1
	}
	if r > 0x7f && unicode.Is(unicode.Zs, r) {
		return ' '
	}
	return r
}
