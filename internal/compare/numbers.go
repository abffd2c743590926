package compare

import "github.com/parallaxnews/parallax/internal/news"

// Figures finds the quantities of the documents and groups those that
// describe the same thing across outlets. (Being written.)
func Figures(docs []news.Document) []news.Figure { return nil }
