package compare

import "github.com/parallaxnews/parallax/internal/news"

// Compare compares the sources of one story. (Being written.)
func Compare(docs []news.Document) news.Comparison {
	ents := Entities(docs)
	return news.Comparison{
		Figures:  Figures(docs),
		Quotes:   GroupQuotes(Quotes(docs, ents)),
		Entities: ents,
	}
}
