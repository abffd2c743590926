package compare

import (
	"slices"

	"github.com/parallaxnews/parallax/internal/news"
)

// Compare compares the sources of one story: the facts they share and
// those only one reports, the figures, the quotations as each outlet
// rendered them, and the names. Documents are compared as analysed
// (internal/text), so every item is a span of an article's body.
//
// Two sentences that report the same figure for the same thing state a
// shared fact even when the rest of their wording differs (a clause of a
// long sentence each, as "the war, which has killed more than 130,000
// people"): agreeing figure groups add such facts to those the sentence
// alignment finds.
func Compare(docs []news.Document) news.Comparison {
	ents := Entities(docs)
	shared, exclusives := Facts(docs)
	figures := Figures(docs)
	shared, exclusives = figureFacts(docs, figures, shared, exclusives)
	return news.Comparison{
		Shared:     shared,
		Exclusives: exclusives,
		Figures:    figures,
		Quotes:     GroupQuotes(Quotes(docs, ents)),
		Entities:   ents,
	}
}

// figureFacts adds a shared fact for each agreeing figure group reported
// by two articles or more whose sentences no shared fact already holds
// together.
func figureFacts(docs []news.Document, figures []news.Figure, shared, exclusives []news.Fact) ([]news.Fact, []news.Fact) {
	sentenceOf := func(e news.Excerpt) (news.Excerpt, bool) {
		for _, d := range docs {
			if d.ID != e.DocID {
				continue
			}
			for _, s := range d.Sentences {
				if s.Start <= e.Start && e.End <= s.End {
					return news.Excerpt{DocID: d.ID, Span: s.Span, Text: s.Text}, true
				}
			}
		}
		return news.Excerpt{}, false
	}
	together := func(srcs []news.Excerpt) bool {
		for _, f := range shared {
			all := true
			for _, s := range srcs {
				all = all && slices.ContainsFunc(f.Sources, func(x news.Excerpt) bool { return x.DocID == s.DocID && x.Span == s.Span })
			}
			if all {
				return true
			}
		}
		return false
	}
	for _, g := range figures {
		if !g.Agree || len(g.Values) < 2 {
			continue
		}
		var srcs []news.Excerpt
		seen := map[string]bool{}
		for _, v := range g.Values {
			if s, ok := sentenceOf(v.Excerpt); ok && !seen[s.DocID] {
				seen[s.DocID] = true
				srcs = append(srcs, s)
			}
		}
		if len(srcs) < 2 || together(srcs) {
			continue
		}
		// The sentences stay among the exclusives: only the figure's
		// clause is known to be shared, the rest may be one outlet's.
		shared = append(shared, news.Fact{Text: srcs[0].Text, Sources: srcs, Importance: float64(len(srcs))})
	}
	slices.SortStableFunc(shared, func(a, b news.Fact) int {
		switch {
		case a.Importance > b.Importance:
			return -1
		case a.Importance < b.Importance:
			return 1
		}
		return 0
	})
	return shared, exclusives
}
