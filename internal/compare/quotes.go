package compare

import "github.com/parallaxnews/parallax/internal/news"

// Quotes finds the direct quotations of the documents and their speakers.
// (Being written.)
func Quotes(docs []news.Document, ents []news.Entity) []news.Quote { return nil }

// GroupQuotes groups the renderings of the same statement by different
// outlets, with word-level diffs. (Being written.)
func GroupQuotes(quotes []news.Quote) []news.QuoteGroup { return nil }
