package main

import (
	"context"
	"fmt"

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
dropped before anything else.`,
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
	d := parallax.NewDigest(articles, opt)
	if err := render(e.stdout, d, renderOptions{color: useColor}); err != nil {
		fmt.Fprintf(e.stderr, "parallax digest: write output: %v\n", err)
		return exitFailed
	}
	if len(errs) > 0 {
		return exitPartial
	}
	return exitOK
}
