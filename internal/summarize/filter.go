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
	if dangling(s, tokens) {
		return "dangling reference"
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
	// The quote is attributed when the words outside it hold a reporting
	// verb and a speaker other than a bare pronoun ("officials said", not
	// "he said": out of context the reader cannot tell who he is).
	var outside []news.Token
	for _, t := range tokens {
		if t.Start >= s.span.Start && t.Kind == news.Word && !insideAny(t.Span, spans) {
			outside = append(outside, t)
		}
	}
	for k, t := range outside {
		if !attribution[t.Norm] {
			continue
		}
		if k > 0 && isSpeaker(outside[k-1]) {
			return false // "the mayor said"
		}
		for _, n := range outside[k+1:] {
			if n.Norm == "the" || n.Norm == "a" || n.Norm == "an" || n.Norm == "to" {
				continue
			}
			if isSpeaker(n) {
				return false // "said the mayor"
			}
			break
		}
	}
	return true
}

// isSpeaker reports whether a word next to a reporting verb can name who
// spoke: not a pronoun, not a function word.
func isSpeaker(t news.Token) bool {
	return !t.Stop && !pronouns[t.Norm] && !attribution[t.Norm]
}

func insideAny(t news.Span, spans []news.Span) bool {
	for _, q := range spans {
		if t.Start >= q.Start && t.End <= q.End {
			return true
		}
	}
	return false
}

// pronouns are the words that stand for someone named earlier.
var pronouns = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "him": true, "her": true,
	"them": true, "his": true, "hers": true, "their": true, "its": true,
	"this": true, "these": true, "those": true, "we": true, "i": true, "you": true,
}

// danglers are sentence openings that point back to something the summary
// may not have said: a pronoun, or a connective that continues an
// argument.
var danglers = map[string]bool{
	"he": true, "she": true, "they": true, "it": true, "his": true, "her": true,
	"their": true, "its": true, "this": true, "these": true, "those": true,
	"that": true, "such": true, "but": true, "and": true, "or": true, "so": true,
	"yet": true, "also": true, "however": true, "moreover": true, "still": true,
	"furthermore": true, "nevertheless": true, "instead": true, "thus": true,
	"therefore": true, "besides": true, "likewise": true, "similarly": true,
	"then": true,
}

// dangling reports whether the sentence opens with a word from danglers,
// outside any quotation.
func dangling(s *sentence, tokens []news.Token) bool {
	for _, t := range tokens {
		if t.Start < s.span.Start || t.Kind == news.Punct {
			continue
		}
		if t.Start > s.span.Start && strings.ContainsAny(s.text[:t.Start-s.span.Start], "\"“`") {
			return false // the word is quoted speech, judged by mostlyQuote
		}
		return danglers[t.Norm]
	}
	return false
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
