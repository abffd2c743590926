package main

import (
	"context"
	"encoding/json"
	"fmt"
	"io"
	"strings"

	"github.com/parallaxnews/parallax"
)

func runDigest(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "digest", "PATH...",
		`Reads the articles of one story and prints an extractive summary in which
every sentence is followed by markers ([A][C]) for the article it comes from
and the other articles that report the same, then the list of sources.

A PATH is a text file (an optional header of "Title:", "Outlet:", "Date:",
"URL:" lines and a blank line may open it), a directory of them, an article
JSONL or MDS JSONL file, a DUC-style SGML file, or - for standard input.
Page chrome (video prompts, captions, comment-box errors, credit lines) is
dropped before anything else.

A mixed pile of articles is first grouped into stories (as "parallax
cluster" does), and each story gets its own digest: in the text and Markdown
formats one after another, in JSON as an array. --one-story summarizes
everything given as one story.`,
		`  parallax digest demo/port-alder/
  parallax digest --words 60 --format markdown a.txt b.txt > story.md
  parallax digest --query "Was anyone hurt?" --sentences 3 demo/port-alder/
  parallax digest --seen yesterday/ today/
  parallax digest --format html ../shared/data/compare/seeds.jsonl > story.html`)
	sf := addSummaryFlags(fs)
	var seenPaths pathList
	fs.Var(&seenPaths, "seen", "articles the reader has already read (a path as for PATH; repeatable):\nthe summary tells what is new since")
	format := fs.String("format", "text", "output format: text, markdown, json or html")
	keepChrome := fs.Bool("keep-chrome", false, "keep page chrome (captions, prompts, credit lines) in the text")
	oneStory := fs.Bool("one-story", false, "treat all the articles as one story, without grouping them")
	color := fs.String("color", "auto", "colour the text format: auto (on a terminal, unless NO_COLOR is set), always or never")
	paths, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	render, ok := renderers[*format]
	if !ok {
		fmt.Fprintf(e.stderr, "parallax digest: unknown --format %q (want text, markdown, json or html)\n", *format)
		return exitUsage
	}
	opt, err := sf.options()
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax digest: %v\n", err)
		return exitUsage
	}
	useColor, err := colorMode(*color, e.stdoutTTY)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax digest: %v\n", err)
		return exitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintf(e.stderr, "parallax digest: no input: give files, directories or - for standard input\n")
		fs.Usage()
		return exitUsage
	}

	articles, errs := parallax.Read(ctx, paths, parallax.ReadOptions{Stdin: e.stdin, KeepChrome: *keepChrome, Fetch: webFetcher(*keepChrome)})
	seen, seenErrs := readSeen(ctx, e, seenPaths)
	errs = append(errs, seenErrs...)
	opt.Seen = seen
	reportErrors(e, errs)
	if len(articles) == 0 {
		fmt.Fprintf(e.stderr, "parallax digest: no articles could be read\n")
		return exitFailed
	}
	stories := [][]parallax.Article{articles}
	if !*oneStory && len(articles) > 1 {
		stories = parallax.Group(articles)
	}
	if len(stories) > 1 && *format == "html" {
		fmt.Fprintf(e.stderr, "parallax digest: the %d articles form %d stories, and an HTML page shows one: use --format text, markdown or json, or --one-story\n", len(articles), len(stories))
		return exitUsage
	}
	if len(stories) > 1 {
		fmt.Fprintf(e.stderr, "parallax digest: %d articles form %d stories; a digest for each (--one-story to summarize them together)\n", len(articles), len(stories))
	}
	if err := renderStories(e.stdout, stories, opt, *format, render, renderOptions{color: useColor}); err != nil {
		fmt.Fprintf(e.stderr, "parallax digest: write output: %v\n", err)
		return exitFailed
	}
	if len(errs) > 0 {
		return exitPartial
	}
	return exitOK
}

// renderStories writes the digest of each story: one digest as the format
// has it; several one after another under a "Story k of n" rule, or, in
// JSON, as an array.
func renderStories(w io.Writer, stories [][]parallax.Article, opt parallax.Options, format string, render renderer, ro renderOptions) error {
	if len(stories) == 1 {
		return render(w, parallax.NewDigest(stories[0], opt), ro)
	}
	if format == "json" {
		ds := make([]parallax.Digest, len(stories))
		for i, st := range stories {
			ds[i] = parallax.NewDigest(st, opt)
		}
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(ds)
	}
	for i, st := range stories {
		rule := fmt.Sprintf("── Story %d of %d (%s) ──", i+1, len(stories), plural(len(st), "article", "articles"))
		if format == "markdown" {
			rule = "---\n\n*" + strings.Trim(rule, "─ ") + "*"
		}
		if i > 0 {
			rule = "\n" + rule
		}
		if _, err := fmt.Fprintf(w, "%s\n\n", rule); err != nil {
			return err
		}
		if err := render(w, parallax.NewDigest(st, opt), ro); err != nil {
			return err
		}
	}
	return nil
}
