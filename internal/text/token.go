package text

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// Tokenize splits s into tokens the way Analyze tokenizes a sentence, with
// spans indexing into s. It serves text that is not an article body, such
// as a query or a reference summary.
func Tokenize(s string) []news.Token {
	return appendTokens(nil, s, 0, len(s))
}

// appendTokens appends the tokens of s[lo:hi] to dst.
func appendTokens(dst []news.Token, s string, lo, hi int) []news.Token {
	for i := lo; i < hi; {
		r, size := utf8.DecodeRuneInString(s[i:hi])
		var end int
		var kind news.TokenKind
		switch {
		case isSpace(r) || isInvisible(r):
			i += size
			continue
		case unicode.IsLetter(r):
			if end = linkEnd(s, i, hi); end > i {
				kind = news.Word
			} else {
				end, kind = scanWord(s, i, hi), news.Word
			}
		case unicode.IsDigit(r):
			end, kind = scanNumber(s, i, hi)
		case r == '.' && digitAt(s, i+1, hi) && !wordBefore(s, lo, i):
			end, kind = scanNumber(s, i, hi) // ".45"
		default:
			end, kind = scanPunct(s, i, hi, r, size), news.Punct
		}
		if end <= i {
			end, kind = i+size, news.Punct // never stall, whatever the input
		}
		dst = append(dst, makeToken(s, i, end, kind))
		i = end
	}
	return dst
}

func makeToken(s string, start, end int, kind news.TokenKind) news.Token {
	t := news.Token{Span: news.Span{Start: start, End: end}, Kind: kind}
	t.Norm = Fold(s[start:end])
	t.Stem = t.Norm
	if kind == news.Word {
		t.Stop = IsStopword(t.Norm)
		t.Stem = stemToken(t.Norm)
	}
	return t
}

// stemToken stems a word's norm as ROUGE-1.5.5 would: only words longer
// than three characters. A possessive "'s" is set aside first, so that
// "minister's" and "minister" share a stem.
func stemToken(norm string) string {
	base := norm
	if strings.HasSuffix(base, "'s") && len(base) > 2 {
		base = base[:len(base)-2]
	}
	if utf8.RuneCountInString(base) <= 3 {
		return base
	}
	return Stem(base)
}

// isInvisible reports format characters that never make a token alone.
func isInvisible(r rune) bool {
	return r == '\u00ad' || r == '\u200c' || r == '\u200d' || r > 0x7f && unicode.Is(unicode.Cf, r)
}

func isApostrophe(r rune) bool { return r == '\'' || r == '’' || r == 'ʼ' }
func isHyphen(r rune) bool     { return r == '-' || r == '‐' || r == '‑' }

func digitAt(s string, i, hi int) bool {
	return i < hi && s[i] >= '0' && s[i] <= '9'
}

func letterAt(s string, i, hi int) bool {
	if i >= hi {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:hi])
	return unicode.IsLetter(r)
}

func wordBefore(s string, lo, i int) bool {
	if i <= lo {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(s[lo:i])
	return isWordRune(r)
}

// scanWord reads a word at i: letters, digits and marks, joined by inner
// apostrophes ("don't"), hyphens ("al-Assad", "F-16") and, in
// abbreviations of short parts, periods ("U.S.", "Ph.D.", "a.m.").
func scanWord(s string, i, hi int) int {
	part := 0 // letters in the current period-separated part
	dotted := false
	for i < hi {
		r, size := utf8.DecodeRuneInString(s[i:hi])
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r) || isInvisible(r):
			part++
			i += size
		case isApostrophe(r) && letterAt(s, i+size, hi):
			part = 0
			i += size
		case isHyphen(r) && (letterAt(s, i+size, hi) || digitAt(s, i+size, hi)):
			part = 0
			i += size
		case r == '.' && part <= 2 && part > 0:
			// Only abbreviations: every part short, "U.S." but not
			// "bit.ly" or "example.com".
			if j := i + 1; letterAt(s, j, hi) && shortPart(s, j, hi) {
				dotted = true
				part = 0
				i = j
				continue
			}
			if dotted {
				return i + 1 // the abbreviation's own final period
			}
			return i
		default:
			return i
		}
	}
	return i
}

// shortPart reports whether the letters at i number at most two.
func shortPart(s string, i, hi int) bool {
	n := 0
	for i < hi {
		r, size := utf8.DecodeRuneInString(s[i:hi])
		if !unicode.IsLetter(r) {
			break
		}
		n++
		i += size
	}
	return n <= 2
}

// scanNumber reads a number at i: digits with inner separators ("130,000",
// "2.5", "9:30", "9/11"). Letters glued to it ("1990s", "3rd", "$9.3m") or
// joined by a hyphen ("32-year-old") make it a word.
func scanNumber(s string, i, hi int) (int, news.TokenKind) {
	kind := news.Number
	for i < hi {
		c := s[i]
		switch {
		case c >= '0' && c <= '9':
			i++
		case (c == ',' || c == '.' || c == ':' || c == '/') && digitAt(s, i+1, hi):
			i++
		case c == '-' && (digitAt(s, i+1, hi) || letterAt(s, i+1, hi)):
			i++
		default:
			r, size := utf8.DecodeRuneInString(s[i:hi])
			switch {
			case unicode.IsDigit(r):
			case unicode.IsLetter(r):
				kind = news.Word
			default:
				return i, kind
			}
			i += size
		}
	}
	return i, kind
}

// scanPunct reads a punctuation token: one rune, or a run of '.', '-', '?'
// or '!' ("...", "--", "?!").
func scanPunct(s string, i, hi int, r rune, size int) int {
	end := i + size
	if r != '.' && r != '-' && r != '?' && r != '!' {
		return end
	}
	for end < hi && (s[end] == '.' || s[end] == '-' || s[end] == '?' || s[end] == '!') {
		end++
	}
	return end
}

// linkEnd returns the end of a URL or e-mail address starting at i, or i
// if there is none. Trailing punctuation is left out of it.
func linkEnd(s string, i, hi int) int {
	end := i
	at, dot := -1, false
	for end < hi {
		r, size := utf8.DecodeRuneInString(s[end:hi])
		if isSpace(r) || r == '"' || r == '“' || r == '”' || r == '<' || r == '>' {
			break
		}
		if r == '@' && at < 0 {
			at = end
		} else if r == '.' && at >= 0 {
			dot = true
		}
		end += size
	}
	chunk := s[i:end]
	lower := strings.ToLower(chunk[:min(len(chunk), 8)])
	isURL := strings.HasPrefix(lower, "http://") || strings.HasPrefix(lower, "https://") || strings.HasPrefix(lower, "www.")
	isMail := at > i && dot && letterAt(s, at+1, end)
	if !isURL && !isMail {
		return i
	}
	for end > i {
		r, size := utf8.DecodeLastRuneInString(s[i:end])
		if !strings.ContainsRune(".,;:!?'’)]}", r) {
			break
		}
		end -= size
	}
	if isURL && end-i <= len("www.") {
		return i
	}
	return end
}
