// Package parallax turns many outlets' reports of one event into one
// account: an extractive summary whose every sentence names the articles
// that support it.
//
// The pipeline is Analyze (split, tokenize and stem each article once),
// then Summarize and Compare over the analysed documents of one story;
// NewDigest does all three and lists the sources. Read reads articles from
// files and data sets as the parallax command does.
package parallax

import (
	"context"
	"io"

	"github.com/parallaxnews/parallax/internal/cluster"
	"github.com/parallaxnews/parallax/internal/compare"
	"github.com/parallaxnews/parallax/internal/dedup"
	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/summarize"
	"github.com/parallaxnews/parallax/internal/text"
)

// The domain types. They are defined in internal/news so that Parallax's own
// packages can share them; these aliases are their public names.
type (
	Article         = news.Article
	Chrome          = news.Chrome
	Span            = news.Span
	Token           = news.Token
	TokenKind       = news.TokenKind
	Sentence        = news.Sentence
	Document        = news.Document
	Story           = news.Story
	Support         = news.Support
	SummarySentence = news.SummarySentence
	Summary         = news.Summary
	Source          = news.Source
	Digest          = news.Digest

	Comparison   = news.Comparison
	Excerpt      = news.Excerpt
	Fact         = news.Fact
	Quote        = news.Quote
	QuoteGroup   = news.QuoteGroup
	QuoteVersion = news.QuoteVersion
	DiffOp       = news.DiffOp
	Figure       = news.Figure
	FigureValue  = news.FigureValue
	Entity       = news.Entity
)

// DefaultWords is the summary length, in words, when Options leave it unset.
const DefaultWords = 100

// Options configure a summary. The zero value asks for a 100-word summary
// by the default algorithm.
type Options struct {
	// Words is the word budget. The summary never exceeds it.
	Words int
	// Sentences or Bytes, when positive, budget the summary in sentences
	// or in bytes of its text instead (Sentences first).
	Sentences, Bytes int
	// Algorithm names the selection method, one of Algorithms(); ""
	// means the default. Validate reports an unknown name; Summarize
	// uses the default for one.
	Algorithm string
	// Query is the reader's question: the summary favours what answers
	// it.
	Query string
	// Seen are articles the reader has already read: the summary tells
	// what is new since.
	Seen []Article
	// Compress removes closing attributions ("…, officials said.") and
	// short parentheticals where the rest stays a grammatical statement;
	// SummarySentence.Cut lists what was removed.
	Compress bool
}

func (o Options) words() int {
	if o.Words <= 0 {
		return DefaultWords
	}
	return o.Words
}

// Validate reports options Summarize cannot follow.
func (o Options) Validate() error {
	_, err := summarize.MethodByName(o.Algorithm)
	return err
}

// Algorithms lists the selection methods by name, the default first.
func Algorithms() []string { return summarize.MethodNames() }

// AlgorithmAbout says in a line what the named algorithm does.
func AlgorithmAbout(name string) string { return summarize.MethodAbout(name) }

// ReadOptions configure Read. The zero value reads files and drops page
// chrome.
type ReadOptions struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// KeepChrome keeps page chrome (video prompts, captions, credit lines,
	// bylines and datelines) in the article text.
	KeepChrome bool
	// Fetch, when set, reads the article at a URL: paths that start with
	// http:// or https:// are given to it (the parallax command fetches
	// them with internal/fetch). Without it they are errors.
	Fetch func(ctx context.Context, url string) (Article, error)
}

// Read reads articles from files, directories, article or MDS JSONL files
// and DUC SGML files, as the parallax command does. Problems with single
// inputs (a missing file, a line that is not JSON, an empty document) are
// returned as errors naming the file and line, and the rest is still read.
func Read(ctx context.Context, paths []string, opt ReadOptions) ([]Article, []error) {
	return ingest.ReadPaths(ctx, paths, ingest.Options{Stdin: opt.Stdin, KeepChrome: opt.KeepChrome, Fetch: opt.Fetch})
}

// Analyze splits an article's body into sentences and tokens, once, for
// every later step.
func Analyze(a Article) Document { return text.Analyze(a) }

// Summarize writes an extractive summary of the analysed documents of one
// story. Every sentence carries the sentences of other documents that
// support it.
func Summarize(docs []Document, opt Options) Summary {
	m, err := summarize.MethodByName(opt.Algorithm)
	if err != nil {
		m, _ = summarize.MethodByName("")
	}
	var seen []Document
	for _, a := range opt.Seen {
		seen = append(seen, Analyze(a))
	}
	return summarize.Summarize(docs, summarize.Options{Words: opt.words(), Sentences: opt.Sentences,
		Bytes: opt.Bytes, Method: m, Query: opt.Query, Seen: seen, Compress: opt.Compress})
}

// Compare sets the analysed documents of one story side by side: the
// facts at least two of them report and those only one reports, figures
// that agree or conflict, every quotation as each outlet rendered it, with
// its speaker, and the people, organizations and places mentioned. Every
// item is a span of the documents' own text. A story needs two documents
// or more for a comparison to say anything.
func Compare(docs []Document) Comparison { return compare.Compare(docs) }

// NewDigest analyses the articles of one story, summarizes them and lists
// them as sources, keyed "A", "B", … in the order given. With two
// articles or more it compares them too (Digest.Comparison).
func NewDigest(articles []Article, opt Options) Digest {
	docs := make([]Document, len(articles))
	for i, a := range articles {
		docs[i] = Analyze(a)
	}
	sum := Summarize(docs, opt)
	d := Digest{Summary: sum, Sources: Sources(articles)}
	if voices := Voices(docs, d.Sources); len(voices) >= 2 {
		c := Compare(voices)
		d.Comparison = &c
	}
	d.Title = storyTitle(articles, sum)
	return d
}

// Group splits a pile of articles into stories (internal/cluster, with its
// defaults): each story's articles in the order given, the stories in the
// order their first article comes. A pile about one event comes back
// whole.
func Group(articles []Article) [][]Article {
	res := cluster.Cluster(articles, cluster.Options{})
	index := map[string]int{}
	var stories [][]Article
	for i, a := range res.Assignments {
		k, ok := index[a.Story]
		if !ok {
			k = len(stories)
			index[a.Story] = k
			stories = append(stories, nil)
		}
		stories[k] = append(stories[k], articles[i])
	}
	return stories
}

// Sources lists articles as a digest or a comparison does, keyed "A",
// "B", … in the order given.
//
// Articles that duplicate an earlier one (internal/dedup: the same
// canonical URL, the same text, or a near-identical wire copy) are marked
// with the key of the first of their group.
func Sources(articles []Article) []Source {
	src := make([]Source, len(articles))
	for i, a := range articles {
		src[i] = Source{
			Key:       SourceKey(i),
			DocID:     a.ID,
			Outlet:    a.Outlet,
			Title:     a.Title,
			URL:       a.URL,
			Published: a.Published,
		}
	}
	det := dedup.New(dedup.Options{})
	for i, a := range articles {
		if m, ok := det.Add(a); ok && m.Index >= 0 && m.Index < i {
			src[i].CopyOf = src[m.Index].Key
			src[i].CopyKind = string(m.Kind)
		}
	}
	return src
}

// Voices returns the documents whose sources are not copies of another
// (Source.CopyOf): a story's independent voices, which a comparison sets
// side by side. A wire copy or the same article under another URL would
// count as a second outlet. docs and sources are in the same order.
func Voices(docs []Document, sources []Source) []Document {
	var out []Document
	for i, src := range sources {
		if src.CopyOf == "" {
			out = append(out, docs[i])
		}
	}
	return out
}

// SourceKey is the marker of the i-th source: "A" … "Z", then "AA", "AB", ….
func SourceKey(i int) string {
	key := ""
	for i++; i > 0; i = (i - 1) / 26 {
		key = string(rune('A'+(i-1)%26)) + key
	}
	return key
}

// storyTitle picks the headline of the article that contributed the most
// summary sentences (the earliest such article on a tie), falling back to
// any headline at all.
func storyTitle(articles []Article, sum Summary) string {
	count := make(map[string]int)
	for _, s := range sum.Sentences {
		count[s.DocID]++
	}
	best := -1
	for i, a := range articles {
		if a.Title == "" {
			continue
		}
		if best < 0 || count[a.ID] > count[articles[best].ID] {
			best = i
		}
	}
	if best < 0 {
		return ""
	}
	return articles[best].Title
}
