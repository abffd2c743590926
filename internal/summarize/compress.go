package summarize

import (
	"regexp"
	"slices"
	"strings"

	"github.com/parallaxnews/parallax/internal/news"
)

// Light compression removes, from a sentence, words that a summary can
// spare and whose removal leaves a grammatical sentence with the same
// facts: a closing attribution (", officials said." becomes ".") when
// the rest is not a quotation, which would then lose its speaker; and a
// short parenthetical ("(about 12 miles)") inside the sentence. Every
// cut is a span of the source, so the compressed text is still the
// article's own words (SummarySentence.Cut).

// trailingAttribution matches a closing ", <speaker> said <when>." where
// the speaker is a pronoun, a short noun phrase or a name of up to four
// words.
var trailingAttribution = regexp.MustCompile(`,\s+(?:(?:he|she|they|it|officials|police|authorities|witnesses|experts|analysts|sources)|(?:(?:the|a|an|his|her|their|its)\s+[\w.'’-]+(?:\s+[\w.'’-]+){0,3})|(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,3}))\s+(?:said|says|told\s+(?:[A-Z][\w.'’-]*(?:\s+[A-Z][\w.'’-]*){0,2}|reporters|the\s+\w+)|reported|added|noted|explained|stated)(?:\s+(?:on\s+)?(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday|today|yesterday|last\s+week|in\s+a\s+statement))?(\.)$`)

// parenthetical matches " (...)" of at most 60 bytes without nesting.
var parenthetical = regexp.MustCompile(` \([^()]{1,60}\)`)

// compress returns the spans of s.text (relative to its start) that light
// compression removes.
func compress(text string) []news.Span {
	var cuts []news.Span
	if m := trailingAttribution.FindStringSubmatchIndex(text); m != nil {
		main := text[:m[0]]
		// A quotation would lose its speaker; a short main clause is
		// probably not one.
		if !strings.ContainsAny(main, "\"“”‘’`") && !strings.Contains(main, "''") && len(strings.Fields(main)) >= 6 {
			cuts = append(cuts, news.Span{Start: m[0], End: m[2]})
		}
	}
	for _, m := range parenthetical.FindAllStringIndex(text, -1) {
		// Not at the start (an aside that opens the sentence reads as
		// part of it) and not where an attribution cut starts.
		if m[0] == 0 || len(cuts) > 0 && m[1] > cuts[0].Start {
			continue
		}
		cuts = append(cuts, news.Span{Start: m[0], End: m[1]})
	}
	slices.SortFunc(cuts, func(a, b news.Span) int { return a.Start - b.Start })
	// What remains must still be a sentence a summary may hold.
	if short := applyCuts(text, cuts); news.CountWords(short) < minWords || finalRune(short) != finalRune(text) {
		return nil
	}
	return cuts
}

// compressAll compresses every candidate sentence and recounts its words
// and cost in the budget's unit.
func (c *corpus) compressAll(u unit) {
	for i := range c.sents {
		s := &c.sents[i]
		if !s.cand {
			continue
		}
		if s.cut = compress(s.text); s.cut == nil {
			continue
		}
		short := applyCuts(s.text, s.cut)
		s.words = news.CountWords(short)
		switch u {
		case unitWords:
			s.cost = s.words
		case unitBytes:
			s.cost = len(short) + 1
		}
	}
}

// applyCuts returns text without the cut spans (relative to text).
func applyCuts(text string, cuts []news.Span) string {
	if len(cuts) == 0 {
		return text
	}
	var b strings.Builder
	prev := 0
	for _, c := range cuts {
		b.WriteString(text[prev:c.Start])
		prev = c.End
	}
	b.WriteString(text[prev:])
	return b.String()
}
