package compare

import "github.com/parallaxnews/parallax/internal/news"

// Entities finds the people, organizations and places the documents
// mention, with aliases merged. (Being written.)
func Entities(docs []news.Document) []news.Entity { return nil }
