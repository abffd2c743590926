package compare

import "github.com/parallaxnews/parallax/internal/news"

// Compare compares the sources of one story: the facts they share and
// those only one reports, the figures, the quotations as each outlet
// rendered them, and the names. Documents are compared as analysed
// (internal/text), so every item is a span of an article's body.
func Compare(docs []news.Document) news.Comparison {
	ents := Entities(docs)
	shared, exclusives := Facts(docs)
	return news.Comparison{
		Shared:     shared,
		Exclusives: exclusives,
		Figures:    Figures(docs),
		Quotes:     GroupQuotes(Quotes(docs, ents)),
		Entities:   ents,
	}
}
