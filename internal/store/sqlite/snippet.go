package sqlite

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// The snippet of a search hit is made here rather than by FTS5's
// snippet(): that one scores every match against every other match of the
// document, so a long text with a common word takes minutes (a 5.7 MB
// text with 100,000 matches: over three minutes for one hit). This one is
// linear in the text, and reads at most snippetScan bytes of it.
const (
	snippetTokens = 32      // tokens in a snippet
	snippetScan   = 1 << 20 // bytes of a text looked at for matches
)

// term is a token of a search query, folded: a token of the text matches
// it when it is equal, or when it starts with it if prefix.
type term struct {
	tok    string
	prefix bool
}

// searchTerms are the terms of the words of an ftsQuery: the last token of
// each word is a prefix.
func searchTerms(words [][]string) []term {
	var terms []term
	for _, toks := range words {
		for i, tok := range toks {
			terms = append(terms, term{tok: fold(tok), prefix: i == len(toks)-1})
		}
	}
	return terms
}

// isTokenRune tells the runes that make tokens, as for ftsQuery.
func isTokenRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r)
}

// fold is tok lower-cased and without diacritics, as FTS5's unicode61
// tokenizer (remove_diacritics 2) compares it.
func fold(tok string) string {
	ascii := true
	for i := 0; i < len(tok); i++ {
		if tok[i] >= utf8.RuneSelf {
			ascii = false
			break
		}
	}
	if ascii {
		return strings.ToLower(tok)
	}
	var b strings.Builder
	for _, r := range norm.NFD.String(tok) {
		if unicode.Is(unicode.Mn, r) {
			continue
		}
		b.WriteRune(unicode.ToLower(r))
	}
	return b.String()
}

// span is a token of a text: its bytes [start, end), and the term it
// matches (-1: none).
type span struct {
	start, end int
	term       int
}

// snippet is a part of text around the matches of terms, snippetTokens
// tokens long, the matching tokens between "\x02" and "\x03", "…" where
// the text is cut; the start of the text if nothing in it matches. Any
// "\x02" and "\x03" of the text itself are dropped.
func snippet(text string, terms []term) string {
	scan := text
	if len(scan) > snippetScan {
		scan = scan[:snippetScan]
	}
	// The tokens, with the terms they match.
	var toks []span
	start := -1
	for i, r := range scan {
		if isTokenRune(r) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 {
			toks = append(toks, span{start, i, match(scan[start:i], terms)})
			start = -1
		}
	}
	if start >= 0 {
		// A token cut by snippetScan is no match.
		m := -1
		if len(scan) == len(text) {
			m = match(scan[start:], terms)
		}
		toks = append(toks, span{start, len(scan), m})
	}
	if len(toks) == 0 {
		return ""
	}
	// The window of snippetTokens tokens that starts at a match and has
	// the most distinct terms, then the most matches.
	first, last := 0, -1 // the matches of the best window
	bestDistinct, bestCount := 0, 0
	counts := make([]int, len(terms))
	distinct, count := 0, 0
	hi := 0 // tokens [lo, hi) are in the window
	for lo := range toks {
		if toks[lo].term < 0 {
			continue
		}
		for ; hi < len(toks) && hi < lo+snippetTokens; hi++ {
			if t := toks[hi].term; t >= 0 {
				if counts[t] == 0 {
					distinct++
				}
				counts[t]++
				count++
			}
		}
		if distinct > bestDistinct || distinct == bestDistinct && count > bestCount {
			bestDistinct, bestCount = distinct, count
			first, last = lo, lo
			for i := lo; i < hi; i++ {
				if toks[i].term >= 0 {
					last = i
				}
			}
		}
		// lo leaves the window.
		t := toks[lo].term
		counts[t]--
		count--
		if counts[t] == 0 {
			distinct--
		}
	}
	// Centre the matches in the window.
	from := 0
	if last >= first {
		from = max(0, first-(snippetTokens-(last-first+1))/2)
	}
	to := min(len(toks), from+snippetTokens)
	from = max(0, min(from, to-snippetTokens))

	var b strings.Builder
	if from > 0 {
		b.WriteString("…")
	} else {
		b.WriteString(gap(text[:toks[0].start]))
	}
	for i := from; i < to; i++ {
		if i > from {
			b.WriteString(gap(text[toks[i-1].end:toks[i].start]))
		}
		tok := plain(text[toks[i].start:toks[i].end])
		if toks[i].term >= 0 {
			b.WriteString("\x02" + tok + "\x03")
		} else {
			b.WriteString(tok)
		}
	}
	if to == len(toks) && len(scan) == len(text) {
		b.WriteString(gap(text[toks[to-1].end:]))
	} else {
		b.WriteString("…")
	}
	return strings.TrimSpace(b.String())
}

// gap is the text between two tokens as a snippet shows it: a long one
// (a table of punctuation, say) cut to " … ".
func gap(s string) string {
	if len(s) > 64 {
		return " … "
	}
	return plain(s)
}

// match is the index of the first term that tok matches, or -1.
func match(tok string, terms []term) int {
	f := fold(tok)
	for i, t := range terms {
		if f == t.tok || t.prefix && strings.HasPrefix(f, t.tok) {
			return i
		}
	}
	return -1
}

// plain is s without the snippet's markers.
func plain(s string) string {
	if !strings.ContainsAny(s, "\x02\x03") {
		return s
	}
	return strings.Map(func(r rune) rune {
		if r == '\x02' || r == '\x03' {
			return -1
		}
		return r
	}, s)
}
