package main

import (
	"context"
	"flag"
	"fmt"
	"strings"

	"github.com/parallaxnews/parallax"
)

// summaryFlags are the flags that shape a summary, shared by digest and
// summarize.
type summaryFlags struct {
	words, sentences, bytes int
	algorithm, query        string
	compress                bool
}

func addSummaryFlags(fs *flag.FlagSet) *summaryFlags {
	f := &summaryFlags{}
	fs.IntVar(&f.words, "words", parallax.DefaultWords, "summary length in words (never exceeded)")
	fs.IntVar(&f.sentences, "sentences", 0, "summary length in sentences, instead of words")
	fs.IntVar(&f.bytes, "bytes", 0, "summary length in bytes of text, instead of words")
	var about []string
	for _, a := range parallax.Algorithms() {
		about = append(about, fmt.Sprintf("%s: %s", a, parallax.AlgorithmAbout(a)))
	}
	fs.StringVar(&f.algorithm, "algorithm", parallax.Algorithms()[0], "how sentences are chosen:\n"+strings.Join(about, "\n"))
	fs.StringVar(&f.query, "query", "", "the reader's question: favour what answers it")
	fs.BoolVar(&f.compress, "compress", false, "remove closing attributions and short parentheticals where the rest stays grammatical")
	return f
}

// options checks the flags and returns the summary options.
func (f *summaryFlags) options() (parallax.Options, error) {
	switch {
	case f.words <= 0:
		return parallax.Options{}, fmt.Errorf("--words must be positive, got %d", f.words)
	case f.sentences < 0 || f.bytes < 0:
		return parallax.Options{}, fmt.Errorf("--sentences and --bytes must not be negative")
	case f.sentences > 0 && f.bytes > 0:
		return parallax.Options{}, fmt.Errorf("give --sentences or --bytes, not both")
	}
	opt := parallax.Options{Words: f.words, Sentences: f.sentences, Bytes: f.bytes, Algorithm: f.algorithm, Query: f.query, Compress: f.compress}
	return opt, opt.Validate()
}

// pathList is a repeatable flag of paths.
type pathList []string

func (p *pathList) String() string     { return strings.Join(*p, ",") }
func (p *pathList) Set(v string) error { *p = append(*p, v); return nil }

// readSeen reads the articles the reader has already seen.
func readSeen(ctx context.Context, e *env, paths []string) ([]parallax.Article, []error) {
	if len(paths) == 0 {
		return nil, nil
	}
	return parallax.Read(ctx, paths, parallax.ReadOptions{Stdin: e.stdin, Fetch: webFetcher(false)})
}
