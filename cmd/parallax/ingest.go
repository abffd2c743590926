package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"sync"
	"time"

	"github.com/parallaxnews/parallax/internal/fetch"
	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/reader"
)

func runIngest(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "ingest", "PATH_OR_URL...",
		`Reads articles from files, directories and URLs and prints them one a line,
as JSON ({"id","url","title","authors","published","modified","outlet",
"language","status","text"}) or as text. Every input gets a status: "ok", or
what went wrong ("http_404", "timeout", "too_large", "robots_disallowed",
"not_an_article", "not_found", …, with an "error" field saying more); one
failure never stops the batch.

URLs are fetched politely: robots.txt is respected, requests to one host are
spaced by --delay, 429 and 5xx answers are retried with backoff (honouring
Retry-After), bodies are limited in size, private and loopback addresses are
refused. The page's main content becomes the article text.`,
		`  parallax ingest https://example.com/news/harbor-fire.html saved/page.html.gz notes.txt
  parallax ingest --format text --timeout 10s $(cat urls.txt) > articles.txt`)
	format := fs.String("format", "jsonl", "output format: jsonl or text")
	timeout := fs.Duration("timeout", 20*time.Second, "time limit of one request")
	delay := fs.Duration("delay", time.Second, "least time between two requests to one host")
	maxBytes := fs.Int64("max-bytes", 10<<20, "largest page read, in bytes")
	concurrency := fs.Int("concurrency", 8, "URLs fetched at once (each host still waits --delay)")
	keepChrome := fs.Bool("keep-chrome", false, "keep page chrome (captions, prompts, credit lines) in the text")
	allowLoopback := fs.Bool("allow-loopback", false, "allow URLs on this machine (127.0.0.1, ::1): for testing against a local server")
	inputs, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if *format != "jsonl" && *format != "text" {
		fmt.Fprintf(e.stderr, "parallax ingest: unknown --format %q (want jsonl or text)\n", *format)
		return exitUsage
	}
	if len(inputs) == 0 {
		fmt.Fprintf(e.stderr, "parallax ingest: no input: give files, directories, URLs or - for standard input\n")
		fs.Usage()
		return exitUsage
	}
	if *concurrency < 1 {
		*concurrency = 1
	}
	// An OPML list stands for its feeds: each is fetched as a URL.
	var expanded []string
	for _, in := range inputs {
		if !strings.HasSuffix(strings.ToLower(in), ".opml") || ingest.IsURL(in) {
			expanded = append(expanded, in)
			continue
		}
		subs, err := readOPMLFile(in)
		if err != nil {
			fmt.Fprintf(e.stderr, "parallax ingest: %v\n", err)
			return exitFailed
		}
		for _, sub := range subs {
			expanded = append(expanded, sub.XMLURL)
		}
	}
	inputs = expanded
	hostDelay := *delay
	if hostDelay <= 0 {
		hostDelay = -1
	}
	f := reader.New(fetch.Options{Timeout: *timeout, MaxBytes: *maxBytes, HostDelay: hostDelay, AllowLoopback: *allowLoopback}, *keepChrome)

	// URLs are fetched by --concurrency workers, taken in input order;
	// files are read meanwhile. Records are written in input order, each
	// as soon as those before it are.
	ctx, cancel := context.WithCancel(ctx)
	out := make([][]ingestRecord, len(inputs))
	done := make([]chan struct{}, len(inputs))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range *concurrency {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				arts, errs := f.Articles(ctx, inputs[i])
				for _, a := range arts {
					out[i] = append(out[i], okRecord(a))
				}
				for _, err := range errs {
					out[i] = append(out[i], failedRecord(inputs[i], err))
				}
				close(done[i])
			}
		}()
	}
	var urls []int
	for i, in := range inputs {
		done[i] = make(chan struct{})
		if ingest.IsURL(in) {
			urls = append(urls, i)
		}
	}
	go func() {
		for _, i := range urls {
			jobs <- i
		}
		close(jobs)
	}()
	defer func() { cancel(); wg.Wait() }() // on an early return, the rest ends "canceled" at once

	failed, written := 0, 0
	ids := map[string]bool{}
	for i, in := range inputs {
		if ingest.IsURL(in) {
			<-done[i]
		} else {
			arts, errs := ingest.ReadPaths(ctx, []string{in}, ingest.Options{Stdin: e.stdin, KeepChrome: *keepChrome})
			for _, a := range arts {
				out[i] = append(out[i], okRecord(a))
			}
			for _, err := range errs {
				out[i] = append(out[i], failedRecord(in, err))
			}
		}
		for _, rec := range out[i] {
			if rec.Status != fetch.StatusOK {
				failed++
				fmt.Fprintf(e.stderr, "parallax ingest: %s: %s\n", rec.Status, rec.Error)
			} else {
				rec.ID = uniqueID(ids, rec.ID)
				written++
			}
			var err error
			if *format == "text" {
				err = writeIngestText(e.stdout, rec)
			} else {
				err = writeIngestJSON(e.stdout, rec)
			}
			if err != nil {
				fmt.Fprintf(e.stderr, "parallax ingest: write output: %v\n", err)
				return exitFailed
			}
		}
	}
	switch {
	case written == 0:
		return exitFailed
	case failed > 0:
		return exitPartial
	}
	return exitOK
}

// uniqueID makes id unique among those seen, as ingest.ReadPaths does
// within one call.
func uniqueID(seen map[string]bool, id string) string {
	if id == "" {
		id = "article"
	}
	c := id
	for n := 2; seen[c]; n++ {
		c = fmt.Sprintf("%s-%d", id, n)
	}
	seen[c] = true
	return c
}

// ingestRecord is one line of "parallax ingest" output.
type ingestRecord struct {
	ID        string   `json:"id"`
	URL       string   `json:"url"`
	Title     string   `json:"title"`
	Authors   []string `json:"authors"`
	Published string   `json:"published"`
	Modified  string   `json:"modified"`
	Outlet    string   `json:"outlet"`
	Language  string   `json:"language"`
	Status    string   `json:"status"`
	Text      string   `json:"text"`
	// Input and Error are set for failures: the path or URL given and
	// what went wrong.
	Input string `json:"input,omitempty"`
	Error string `json:"error,omitempty"`
}

func okRecord(a news.Article) ingestRecord {
	authors := a.Authors
	if authors == nil {
		authors = []string{}
	}
	return ingestRecord{
		ID: a.ID, URL: a.URL, Title: a.Title, Authors: authors,
		Published: timeString(a.Published), Modified: timeString(a.Modified),
		Outlet: a.Outlet, Language: a.Language, Status: fetch.StatusOK, Text: a.Body,
	}
}

func timeString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format(time.RFC3339)
}

func failedRecord(input string, err error) ingestRecord {
	rec := ingestRecord{Authors: []string{}, Status: reader.Status(err), Input: input, Error: err.Error()}
	if ingest.IsURL(input) {
		rec.URL = input
		rec.ID = ingest.URLID(input)
	}
	return rec
}

func writeIngestJSON(w io.Writer, rec ingestRecord) error {
	b, err := json.Marshal(rec)
	if err != nil {
		return err
	}
	_, err = w.Write(append(b, '\n'))
	return err
}

func writeIngestText(w io.Writer, rec ingestRecord) error {
	var b strings.Builder
	fmt.Fprintf(&b, "== %s [%s]", rec.ID, rec.Status)
	if rec.URL != "" {
		fmt.Fprintf(&b, " %s", rec.URL)
	} else if rec.Input != "" {
		fmt.Fprintf(&b, " %s", rec.Input)
	}
	b.WriteByte('\n')
	if rec.Error != "" {
		fmt.Fprintf(&b, "error: %s\n", rec.Error)
	}
	if rec.Title != "" {
		fmt.Fprintf(&b, "%s\n", rec.Title)
	}
	var meta []string
	for _, kv := range [][2]string{{"outlet", rec.Outlet}, {"by", strings.Join(rec.Authors, ", ")}, {"published", rec.Published}, {"modified", rec.Modified}, {"language", rec.Language}} {
		if kv[1] != "" {
			meta = append(meta, kv[0]+": "+kv[1])
		}
	}
	if len(meta) > 0 {
		fmt.Fprintf(&b, "%s\n", strings.Join(meta, " · "))
	}
	if rec.Text != "" {
		fmt.Fprintf(&b, "\n%s\n", strings.TrimSpace(rec.Text))
	}
	b.WriteByte('\n')
	_, err := io.WriteString(w, b.String())
	return err
}

// urlReader turns URLs into articles: internal/fetch gets the page and
// ingest.ReadHTML extracts its main content.
// readOPMLFile reads the feeds of an OPML file.
func readOPMLFile(path string) ([]ingest.Subscription, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	return ingest.ReadOPML(f, path)
}

// webFetcher is the ingest.Options.Fetch of the commands that take paths
// (digest, compare): URLs among them are fetched with the default client
// options (robots.txt, 1s between requests to a host, 20s timeout, 10 MB).
func webFetcher(keepChrome bool) func(ctx context.Context, url string) (news.Article, error) {
	return reader.New(fetch.Options{Types: reader.PageTypes}, keepChrome).Article
}
