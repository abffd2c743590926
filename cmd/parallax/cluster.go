package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"time"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/internal/cluster"
)

func runCluster(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "cluster", "--input FILE [--output FILE] [--stories FILE]",
		`Groups a pile of articles into stories and writes one line per article,
{"id","story"}, in the order of the input. The input is an article JSONL file
({"id","title","date","source","text"} a line; other fields, such as gold
labels, are never read) or any PATH that "parallax digest" reads.

Articles are taken in date order (an undated one keeps its place after the
dated one before it); each joins the story it is most similar to, by its
words and, apart, its names and figures, or starts a new story. --stories
writes each story's view: its articles, outlets, first and last seen, and
the headline (or lead sentence) of its most representative article.`,
		`  parallax cluster --input ../shared/data/clustering/ecbplus-dev.jsonl --output stories.jsonl
  parallax cluster --input feeds.jsonl --stories views.jsonl --window 72h`)
	input := fs.String("input", "", "articles to group: a JSONL file, directory or other PATH; - for standard input (required)")
	output := fs.String("output", "-", "file to write the {\"id\",\"story\"} lines to, or - for standard output")
	storiesOut := fs.String("stories", "", "also write one JSON line per story (id, title, articles, outlets, first_seen, last_seen) to this file")
	threshold := fs.Float64("threshold", 0, "similarity at which an article joins a story (0: the default, 0.25)")
	window := fs.Duration("window", 0, "forget stories quiet for longer than this (0: the default, 168h)")
	keepChrome := fs.Bool("keep-chrome", false, "keep page chrome in the text")
	rest, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if *input == "" && len(rest) == 1 {
		*input, rest = rest[0], nil
	}
	if *input == "" || len(rest) > 0 {
		fmt.Fprintln(e.stderr, "parallax cluster: --input is required and takes no other arguments")
		fs.Usage()
		return exitUsage
	}
	articles, errs := parallax.Read(ctx, []string{*input}, parallax.ReadOptions{Stdin: e.stdin, KeepChrome: *keepChrome, Fetch: webFetcher(*keepChrome)})
	reportErrors(e, errs)
	if len(articles) == 0 {
		fmt.Fprintf(e.stderr, "parallax cluster: no articles could be read from %s\n", *input)
		return exitFailed
	}
	start := time.Now()
	res := cluster.Cluster(articles, cluster.Options{Threshold: *threshold, Window: *window})
	elapsed := time.Since(start)
	for _, a := range res.Assignments {
		if a.Warning != "" {
			fmt.Fprintf(e.stderr, "parallax cluster: %s: %s\n", a.ArticleID, a.Warning)
		}
	}
	out, err := createOutput(e, *output)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax cluster: %v\n", err)
		return exitFailed
	}
	err = writeAssignments(out, res.Assignments)
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax cluster: write %s: %v\n", *output, err)
		return exitFailed
	}
	if *storiesOut != "" {
		if err := writeFile(*storiesOut, func(w io.Writer) error { return writeStoryViews(w, res.Stories) }); err != nil {
			fmt.Fprintf(e.stderr, "parallax cluster: %v\n", err)
			return exitFailed
		}
	}
	if e.stderrTTY {
		fmt.Fprintf(e.stderr, "%d articles, %d stories, %.0f articles/s\n", len(articles), len(res.Stories), float64(len(articles))/elapsed.Seconds())
	}
	if len(errs) > 0 {
		return exitPartial
	}
	return exitOK
}

func writeAssignments(w io.Writer, as []cluster.Assignment) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for _, a := range as {
		line := struct {
			ID     string `json:"id"`
			Story  string `json:"story"`
			CopyOf string `json:"copy_of,omitempty"`
		}{a.ArticleID, a.Story, a.CopyOf}
		if err := enc.Encode(line); err != nil {
			return err
		}
	}
	return bw.Flush()
}

func writeStoryViews(w io.Writer, stories []cluster.Story) error {
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	for _, s := range stories {
		if err := enc.Encode(s); err != nil {
			return err
		}
	}
	return nil
}
