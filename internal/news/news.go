// Package news holds Parallax's domain types: articles as read, documents
// as analysed, stories, summaries and digests.
//
// The types live here rather than in the root package so that the internal
// packages (ingest, text, summarize, …) can share them without an import
// cycle; the root package parallax re-exports every one of them as an alias,
// and that is how programs outside this module use them.
package news

import "time"

// Article is one outlet's report of an event, as read from a file, a page, a
// feed or a data set, with page chrome already removed from Body.
type Article struct {
	ID        string    `json:"id"`
	URL       string    `json:"url,omitempty"`
	Outlet    string    `json:"outlet,omitempty"`
	Title     string    `json:"title,omitempty"`
	Byline    string    `json:"byline,omitempty"`
	Dateline  string    `json:"dateline,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// Authors are the article's authors by name, when a page names them
	// (Byline joins them for a reader).
	Authors []string `json:"authors,omitempty"`
	// Modified is when the article was last updated, when a page says so.
	Modified time.Time `json:"modified,omitzero"`
	// Language is the article's ISO 639-1 language code ("en", "de").
	Language string `json:"language,omitempty"`
	// Canonical is the URL that the page names as its own (rel=canonical).
	Canonical string `json:"canonical,omitempty"`
	// Domain is the host of the article's URL without "www." ("bbc.co.uk").
	Domain string `json:"domain,omitempty"`
	// Body is the article text: paragraphs separated by blank lines, no
	// page chrome. Every span in a Document indexes into it.
	Body string `json:"text"`
	// Origin says where the article was read from ("dir/a.txt",
	// "set.jsonl:12"), for messages.
	Origin string `json:"origin,omitempty"`
	// Chrome lists the lines removed from the source text as page chrome,
	// so that a reader can audit the filter.
	Chrome []Chrome `json:"chrome,omitempty"`
	// TextSource says where the body of an article read from a feed came
	// from: "feed" (the item's own text) or "page" (the linked page,
	// fetched because the item was truncated). Empty for other inputs.
	TextSource string `json:"text_source,omitempty"`
}

// Chrome is one line of page chrome dropped from an article.
type Chrome struct {
	Text string `json:"text"`
	// Kind names the rule that dropped it: "video prompt", "comment box",
	// "photo caption", "credit line", "share prompt", "byline", "dateline", …
	Kind string `json:"kind"`
}

// Span is a half-open byte range [Start, End) in an Article's Body.
type Span struct {
	Start int `json:"start"`
	End   int `json:"end"`
}

// Len is the span's length in bytes.
func (s Span) Len() int { return s.End - s.Start }

// TokenKind says what a token is.
type TokenKind uint8

const (
	Word   TokenKind = iota // letters, possibly with inner apostrophes, hyphens or periods ("U.S.", "al-Assad", "don't")
	Number                  // digits, possibly with separators ("130,000", "2.5", "9:30")
	Punct                   // anything else that is not space
)

// Token is one token of a sentence. Offsets index into the Article's Body,
// so the surface form is Body[Start:End].
type Token struct {
	Span
	// Norm is the token lower-cased, with typographic quotes, apostrophes
	// and dashes folded to ASCII.
	Norm string `json:"norm"`
	// Stem is Norm reduced by the Porter (1980) stemmer; equal to Norm for
	// punctuation and numbers.
	Stem string    `json:"stem"`
	Kind TokenKind `json:"kind"`
	// Stop marks English stopwords (function words).
	Stop bool `json:"stop,omitempty"`
}

// Sentence is one sentence of a Document, analysed once for every later step.
type Sentence struct {
	Span
	Text string `json:"text"` // Body[Start:End]
	// Paragraph is the 0-based index of the paragraph the sentence is in.
	Paragraph int `json:"paragraph"`
	// Index is the 0-based position of the sentence in the document.
	Index  int     `json:"index"`
	Tokens []Token `json:"tokens,omitempty"`
}

// Words counts the sentence's word and number tokens, the unit of length
// budgets.
func (s *Sentence) Words() int {
	n := 0
	for _, t := range s.Tokens {
		if t.Kind != Punct {
			n++
		}
	}
	return n
}

// Document is an Article with its text analysed: split into sentences,
// tokenized, stemmed.
type Document struct {
	Article
	Sentences []Sentence `json:"sentences"`
}

// Story is a group of articles that report one event. Stories read from
// evaluation sets also carry a topic statement and human reference
// summaries.
type Story struct {
	ID       string    `json:"id"`
	Query    string    `json:"query,omitempty"`
	Articles []Article `json:"documents"`
	// References are human-written summaries, present in evaluation sets.
	References []string `json:"references,omitempty"`
	// UpdateOf names the stories a reader has already seen (update task).
	UpdateOf []string `json:"update_of,omitempty"`
	// Origin says where the story was read from ("set.jsonl:12").
	Origin string `json:"origin,omitempty"`
}

// Support is a sentence in an article that states the same content as a
// summary sentence.
type Support struct {
	DocID string `json:"doc_id"`
	Span
	Text string `json:"text,omitempty"`
	// Similarity is how close the supporting sentence is to the summary
	// sentence, from 0 to 1.
	Similarity float64 `json:"similarity,omitempty"`
}

// SummarySentence is one extracted sentence of a summary, with its source
// span and the sentences of other articles that support it.
type SummarySentence struct {
	Text  string `json:"text"`
	DocID string `json:"doc_id"`
	Span
	// Cut lists the spans of the source sentence that compression
	// removed (an attribution, a parenthetical), in order: Text is the
	// article's body from Start to End without them.
	Cut     []Span    `json:"cut,omitempty"`
	Support []Support `json:"support"`
}

// Summary is an extractive summary of a story.
type Summary struct {
	ID        string            `json:"id,omitempty"`
	Text      string            `json:"summary"`
	Sentences []SummarySentence `json:"sentences"`
}

// Words counts the words of the summary as budgets count them.
func (s Summary) Words() int {
	n := 0
	for _, ss := range s.Sentences {
		n += CountWords(ss.Text)
	}
	return n
}

// Source is an article as a digest lists it, with the marker ("A", "B", …)
// that summary sentences use to point at it.
type Source struct {
	Key       string    `json:"key"`
	DocID     string    `json:"doc_id"`
	Outlet    string    `json:"outlet,omitempty"`
	Title     string    `json:"title,omitempty"`
	URL       string    `json:"url,omitempty"`
	Published time.Time `json:"published,omitzero"`
	// CopyOf is the key of an earlier source this one duplicates (the
	// same article under another URL, the same text, or a wire copy),
	// and CopyKind how that was recognised ("url", "text", "near"). A
	// copy is not an independent voice: comparisons leave it out.
	CopyOf   string `json:"copy_of,omitempty"`
	CopyKind string `json:"copy_kind,omitempty"`
}

// Digest is the account of one story: its summary and its sources.
type Digest struct {
	Title   string   `json:"title,omitempty"`
	Sources []Source `json:"sources"`
	Summary Summary  `json:"summary"`
	// Comparison sets the sources side by side; nil for a story of one
	// article.
	Comparison *Comparison `json:"comparison,omitempty"`
}
