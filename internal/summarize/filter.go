package summarize

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// Length limits for a summary sentence, in words: shorter sentences are
// mostly fragments and captions, longer ones mostly run-on splits or lists.
const (
	minWords = 8
	maxWords = 60
)

// reject says why a sentence should not be part of a summary, or "" if it
// may be. Sentences are rejected when they read badly out of context:
// fragments, questions, lead-ins to a list, headlines and datelines,
// quotes nobody is said to have said, tables and all-capitals lines.
func reject(s *sentence, tokens []news.Token) string {
	switch {
	case s.words < minWords:
		return "short"
	case s.words > maxWords:
		return "long"
	case len(s.terms) < 2:
		return "no content"
	}
	first, _ := utf8.DecodeRuneInString(strings.TrimLeft(s.text, "\"'`“‘([ "))
	if unicode.IsLower(first) {
		// A sentence split in the wrong place.
		return "lower-case start"
	}
	if strings.HasPrefix(s.text, "(") {
		// An aside, which reads as one only beside its context.
		return "parenthetical"
	}
	switch r := finalRune(s.text); {
	case r == '?':
		return "question"
	case r == ':':
		return "lead-in"
	case r != '.' && r != '!' && r != '…':
		return "no final punctuation"
	}
	if mostlyQuote(s, tokens) {
		return "unattributed quote"
	}
	if shouting(s, tokens) {
		return "capitals or symbols"
	}
	return ""
}

// finalRune is the sentence's last rune before closing quotes and
// brackets.
func finalRune(s string) rune {
	s = strings.TrimRightFunc(s, func(r rune) bool {
		return unicode.IsSpace(r) || strings.ContainsRune("\"'”’)]", r)
	})
	r, _ := utf8.DecodeLastRuneInString(s)
	return r
}

// attribution holds the words that tie a quote to a speaker.
var attribution = map[string]bool{
	"said": true, "says": true, "say": true, "saying": true, "told": true,
	"tells": true, "according": true, "added": true, "adds": true,
	"asked": true, "stated": true, "declared": true, "wrote": true,
	"writes": true, "explained": true, "insisted": true, "noted": true,
	"warned": true, "argued": true, "announced": true, "recalled": true,
	"quoted": true, "quoting": true, "acknowledged": true, "conceded": true,
}

// mostlyQuote reports whether more than half of the sentence's bytes lie
// inside quotation marks and no word outside them names a speaker. A
// sentence that opens a quote without closing it continues into the next
// one and is counted as quoted to its end.
func mostlyQuote(s *sentence, tokens []news.Token) bool {
	// Without an opening mark nothing is quoted; most sentences leave
	// here.
	if strings.IndexByte(s.text, '"') < 0 && strings.IndexByte(s.text, '`') < 0 && !strings.Contains(s.text, "“") {
		return false
	}
	var spans []news.Span // quoted ranges, relative to the body
	open := -1
	text := s.text
	for i := 0; i < len(text); {
		r, size := utf8.DecodeRuneInString(text[i:])
		opens, closes := false, false
		switch {
		case r == '"':
			opens, closes = open < 0, open >= 0
		case r == '“':
			opens = true
		case r == '”':
			closes = true
		case strings.HasPrefix(text[i:], "``"):
			opens, size = true, 2
		case strings.HasPrefix(text[i:], "''"):
			closes, size = true, 2
		}
		switch {
		case opens && open < 0:
			open = i
		case closes && open >= 0:
			spans = append(spans, news.Span{Start: s.span.Start + open, End: s.span.Start + i + size})
			open = -1
		}
		i += size
	}
	if open >= 0 {
		spans = append(spans, news.Span{Start: s.span.Start + open, End: s.span.End})
	}
	quoted := 0
	for _, q := range spans {
		quoted += q.Len()
	}
	if 2*quoted <= s.span.Len() {
		return false
	}
	for _, t := range tokens {
		if t.Start < s.span.Start || !attribution[t.Norm] {
			continue
		}
		inside := false
		for _, q := range spans {
			if t.Start >= q.Start && t.End <= q.End {
				inside = true
				break
			}
		}
		if !inside {
			return false
		}
	}
	return true
}

// shouting reports whether more than half of the sentence's tokens are
// all-capitals words, numbers or unusual symbols: a table row, a list of
// scores or prices, a heading.
func shouting(s *sentence, tokens []news.Token) bool {
	n, bad := 0, 0
	for _, t := range tokens {
		if t.Start < s.span.Start {
			continue
		}
		n++
		switch t.Kind {
		case news.Number:
			bad++
		case news.Punct:
			if !strings.Contains(`.,;:'"()-!?`+"`", t.Norm) {
				bad++
			}
		case news.Word:
			if t.End <= s.span.End && allCaps(s.text[t.Start-s.span.Start:t.End-s.span.Start]) {
				bad++
			}
		}
	}
	return 2*bad > n
}

// allCaps reports whether a word of at least two letters has no
// lower-case letter.
func allCaps(surface string) bool {
	letters := 0
	for _, r := range surface {
		if unicode.IsLower(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// datelineEnd returns the byte offset just past a dateline that opens an
// article's first sentence ("PINE RIDGE, S.D. (AP) -- ", "BEIJING, May 3
// (Xinhua) -- ", "WASHINGTON _ "), or 0 when there is none. A dateline is
// a short prefix whose first word is in capitals, ended by a dash.
func datelineEnd(s string) int {
	for _, sep := range []string{" -- ", " — ", " – ", " _ ", " - "} {
		i := strings.Index(s, sep)
		if i <= 0 || i > 80 {
			continue
		}
		word, _, _ := strings.Cut(s[:i], " ")
		if allCaps(strings.TrimRight(word, ",")) {
			return i + len(sep)
		}
	}
	return 0
}
