package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/schollz/progressbar/v3"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/internal/ingest"
)

func runSummarize(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "summarize", "--input FILE [--output FILE]",
		`Summarizes every story of an MDS JSONL file (one story a line:
{"id","query","documents":[{"id","title","date","source","text"}],...}) and
writes one JSON line per story:
{"id","summary","sentences":[{"text","doc_id","start","end","support":[{"doc_id","start","end"}]}]}.
A story's "query" is the reader's question (unless --no-query; --query sets
one for every story), and its "update_of" names earlier stories of the file
whose articles the reader has already seen: its summary tells what is new.
A story that cannot be read or summarized is reported on stderr and the batch
goes on; the exit code is then 3.`,
		`  parallax summarize --input ../shared/data/mds/duc2006.jsonl --output out.jsonl --words 250
  parallax summarize --algorithm concepts --sentences 5 --input stories.jsonl`)
	input := fs.String("input", "", "MDS JSONL file to read, or - for standard input (required)")
	output := fs.String("output", "-", "file to write, or - for standard output")
	sf := addSummaryFlags(fs)
	noQuery := fs.Bool("no-query", false, "ignore the stories' \"query\" fields (a --query applies to every story)")
	keepChrome := fs.Bool("keep-chrome", false, "keep page chrome (captions, prompts, credit lines) in the text")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "stories summarized at once")
	rest, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if *input == "" && len(rest) == 1 {
		*input = rest[0] // "parallax summarize FILE" reads as expected
		rest = nil
	}
	switch {
	case *input == "":
		fmt.Fprintln(e.stderr, "parallax summarize: --input is required")
		fs.Usage()
		return exitUsage
	case len(rest) > 0:
		fmt.Fprintf(e.stderr, "parallax summarize: unexpected arguments %q\n", rest)
		return exitUsage
	case *workers <= 0:
		*workers = 1
	}

	opt, err := sf.options()
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax summarize: %v\n", err)
		return exitUsage
	}
	in, name, total, err := openInput(e, *input)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax summarize: %v\n", err)
		return exitFailed
	}
	defer in.Close()
	out, err := createOutput(e, *output)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax summarize: %v\n", err)
		return exitFailed
	}

	var bar *progressbar.ProgressBar
	if e.stderrTTY {
		bar = progressbar.NewOptions(total,
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("summarizing"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("stories"),
			progressbar.OptionShowIts(),
			progressbar.OptionClearOnFinish())
	}

	stats := summarizeStream(ctx, ingest.NewStoryReader(in, name, ingest.Options{KeepChrome: *keepChrome}),
		out, batchOptions{Options: opt, noQuery: *noQuery}, *workers, func(err error) {
			if bar != nil {
				bar.Clear()
			}
			fmt.Fprintf(e.stderr, "parallax summarize: %v\n", err)
		}, func() {
			if bar != nil {
				bar.Add(1)
			}
		})
	if bar != nil {
		bar.Finish()
	}
	if err := out.Close(); err != nil && stats.writeErr == nil {
		stats.writeErr = err
	}
	if stats.writeErr != nil {
		fmt.Fprintf(e.stderr, "parallax summarize: write %s: %v\n", *output, stats.writeErr)
		return exitFailed
	}
	if e.stderrTTY {
		fmt.Fprintf(e.stderr, "parallax summarize: %d stories summarized, %d failed, %d documents skipped\n",
			stats.written, stats.failed, stats.warnings)
	}
	switch {
	case stats.written == 0 && stats.failed > 0:
		return exitFailed
	case stats.failed > 0 || stats.warnings > 0:
		return exitPartial
	}
	return exitOK
}

type batchStats struct {
	written  int // summaries written
	failed   int // stories not summarized: unreadable lines, stories without text
	warnings int // documents skipped inside stories that were summarized
	writeErr error
}

// batchOptions are the summary options of a batch: a --query given on
// the command line applies to every story, else each story's own query
// unless noQuery.
type batchOptions struct {
	parallax.Options
	noQuery bool
}

// recentStories is how many of the latest stories a batch keeps for the
// update_of of the stories after them.
const recentStories = 1000

// summarizeStream reads stories, summarizes them on several workers and
// writes the summaries in input order. Stories that fail are reported
// through report and skipped; only an error writing the output stops it.
// A story's update_of names earlier stories of the batch (among the
// latest recentStories), whose articles the reader has seen.
func summarizeStream(ctx context.Context, r *ingest.StoryReader, w io.Writer, opt batchOptions,
	workers int, report func(error), done func()) batchStats {
	type job struct {
		seq   int
		story parallax.Story
		seen  []parallax.Article
	}
	type result struct {
		seq  int // -1 for a problem found while reading
		line []byte
		err  error
		warn bool // the problem skipped a document, not a story
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	jobs := make(chan job)
	results := make(chan result)
	var stats batchStats

	go func() {
		defer close(jobs)
		recent := map[string][]parallax.Article{}
		var order []string
		for seq := 0; ; {
			story, err := r.Next()
			for _, warn := range r.Warnings() {
				results <- result{seq: -1, err: warn, warn: true}
			}
			if errors.Is(err, io.EOF) {
				return
			}
			if err != nil {
				results <- result{seq: -1, err: err}
				var ie *ingest.Error
				if !errors.As(err, &ie) {
					return // a read error, not a bad line: nothing more will come
				}
				continue
			}
			var seen []parallax.Article
			for _, id := range story.UpdateOf {
				seen = append(seen, recent[id]...)
			}
			recent[story.ID] = story.Articles
			if order = append(order, story.ID); len(order) > recentStories {
				delete(recent, order[0])
				order = order[1:]
			}
			select {
			case jobs <- job{seq, story, seen}:
				seq++
			case <-ctx.Done():
				return
			}
		}
	}()
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for j := range jobs {
				o := opt.Options
				if o.Query == "" && !opt.noQuery {
					o.Query = j.story.Query
				}
				o.Seen = j.seen
				line, err := summarizeStory(j.story, o)
				select {
				case results <- result{seq: j.seq, line: line, err: err}:
				case <-ctx.Done():
					return
				}
			}
		}()
	}
	go func() { wg.Wait(); close(results) }()

	bw := bufio.NewWriter(w)
	pending := make(map[int]result)
	next := 0
	for res := range results {
		if res.seq < 0 {
			if res.warn {
				stats.warnings++
			} else {
				stats.failed++
			}
			report(res.err)
			continue
		}
		pending[res.seq] = res
		for {
			r, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			done()
			if r.err != nil {
				stats.failed++
				report(r.err)
				continue
			}
			if stats.writeErr == nil {
				if _, err := bw.Write(r.line); err != nil {
					stats.writeErr = err
					cancel()
				}
			}
			stats.written++
		}
	}
	if err := bw.Flush(); err != nil && stats.writeErr == nil {
		stats.writeErr = err
	}
	return stats
}

// summarizeStory summarizes one story into its output line.
func summarizeStory(story parallax.Story, opt parallax.Options) ([]byte, error) {
	where := story.Origin
	if where == "" {
		where = story.ID
	}
	docs := make([]parallax.Document, 0, len(story.Articles))
	for _, a := range story.Articles {
		if d := parallax.Analyze(a); len(d.Sentences) > 0 {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: story %q: no document has any text", where, story.ID)
	}
	sum := parallax.Summarize(docs, opt)
	sum.ID = story.ID
	// The batch format gives support as spans only; the text is in the input.
	for i := range sum.Sentences {
		for j := range sum.Sentences[i].Support {
			sum.Sentences[i].Support[j].Text = ""
			sum.Sentences[i].Support[j].Similarity = 0
		}
	}
	var buf bytes.Buffer
	if err := json.NewEncoder(&buf).Encode(sum); err != nil {
		return nil, fmt.Errorf("%s: story %q: %w", where, story.ID, err)
	}
	return buf.Bytes(), nil
}

// openInput opens the batch input and counts its lines for the progress
// bar (-1 when it cannot know, as for standard input).
func openInput(e *env, path string) (io.ReadCloser, string, int, error) {
	if path == "-" {
		return io.NopCloser(e.stdin), "stdin", -1, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return nil, "", 0, err
	}
	total := -1
	if e.stderrTTY {
		if n, err := countLines(f); err == nil {
			total = n
		}
		if _, err := f.Seek(0, io.SeekStart); err != nil {
			f.Close()
			return nil, "", 0, fmt.Errorf("read %s: %w", path, err)
		}
	}
	return f, path, total, nil
}

func countLines(r io.Reader) (int, error) {
	buf := make([]byte, 1<<16)
	n, last := 0, byte('\n')
	for {
		k, err := r.Read(buf)
		for _, c := range buf[:k] {
			if c == '\n' && last != '\n' {
				n++
			}
			last = c
		}
		if errors.Is(err, io.EOF) {
			if last != '\n' {
				n++
			}
			return n, nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// createOutput opens the batch output: a file, or standard output for "-".
func createOutput(e *env, path string) (io.WriteCloser, error) {
	if path == "-" {
		return nopWriteCloser{e.stdout}, nil
	}
	f, err := os.Create(path)
	if err != nil {
		return nil, err
	}
	return f, nil
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }
