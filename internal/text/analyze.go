package text

import "github.com/parallaxnews/parallax/internal/news"

// Analyze splits a.Body into sentences and tokenizes, normalizes and stems
// each of them. Every span in the result indexes into a.Body, and each
// sentence's Text is a.Body[Start:End], without surrounding space.
//
// Analyze is the one place Parallax analyses text: later steps read the
// Document and never re-tokenize. It never fails; any input, including
// invalid UTF-8, gives a valid Document.
func Analyze(a news.Article) news.Document {
	body := a.Body
	spans := splitSentences(body, nil)
	doc := news.Document{Article: a, Sentences: make([]news.Sentence, len(spans))}
	// One backing array for all tokens keeps allocation count low.
	toks := make([]news.Token, 0, len(body)/5+1) // about one token per five bytes of English
	ends := make([]int, len(spans))
	for i, sp := range spans {
		toks = appendTokens(toks, body, sp.start, sp.end)
		ends[i] = len(toks)
	}
	prev := 0
	for i, sp := range spans {
		doc.Sentences[i] = news.Sentence{
			Span:      news.Span{Start: sp.start, End: sp.end},
			Text:      body[sp.start:sp.end],
			Paragraph: sp.para,
			Index:     i,
			Tokens:    toks[prev:ends[i]:ends[i]],
		}
		prev = ends[i]
	}
	return doc
}
