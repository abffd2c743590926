package main

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/internal/eval"
	"github.com/parallaxnews/parallax/internal/ingest"
)

// comparedStory is one story's comparison as the compare command writes
// it: the sources with their markers and the comparison itself.
type comparedStory struct {
	ID         string              `json:"id,omitempty"`
	Title      string              `json:"title,omitempty"`
	Sources    []parallax.Source   `json:"sources"`
	Comparison parallax.Comparison `json:"comparison"`
}

// storyInput is the articles of one story, as read.
type storyInput struct {
	id       string
	origin   string
	articles []parallax.Article
}

type compareRenderer func(w io.Writer, stories []comparedStory, opt renderOptions) error

var compareRenderers = map[string]compareRenderer{
	"text":     compareText,
	"markdown": compareMarkdown,
	"json":     compareJSON,
	"html":     compareHTML,
}

func runCompare(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "compare", "PATH...",
		`Reads the articles of one story and sets the sources side by side: the
facts they all report ("Reported by all", with source markers [A][B]), the
facts only one reports ("Only in X"), the figures they give (AGREE, or
CONFLICT when the values cannot all be true given their hedges), each
quotation as every outlet rendered it with a word diff ([-removed-]
{+added+}), who said what, and the names mentioned with their aliases.
Everything shown is a span of the articles' own text; --format json
carries every span.

A PATH is read as by "parallax digest": a text file, a directory of them,
an article JSONL or MDS JSONL file, a DUC-style SGML file, or - for
standard input. The articles of all PATHs form one story, except that
each story of an MDS JSONL file is compared on its own. A comparison needs
two articles or more.`,
		`  parallax compare demo/port-alder/
  parallax compare --format markdown a.txt b.txt > compare.md
  parallax compare --format json ../shared/data/compare/seeds.jsonl | jq '.comparison.figures'
  parallax compare --format html ../shared/data/compare/seeds.jsonl > compare.html`)
	format := fs.String("format", "text", "output format: text, markdown, json or html")
	keepChrome := fs.Bool("keep-chrome", false, "keep page chrome (captions, prompts, credit lines) in the text")
	color := fs.String("color", "auto", "colour the text format: auto (on a terminal, unless NO_COLOR is set), always or never")
	paths, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	render, ok := compareRenderers[*format]
	if !ok {
		fmt.Fprintf(e.stderr, "parallax compare: unknown --format %q (want text, markdown, json or html)\n", *format)
		return exitUsage
	}
	useColor, err := colorMode(*color, e.stdoutTTY)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax compare: %v\n", err)
		return exitUsage
	}
	if len(paths) == 0 {
		fmt.Fprintf(e.stderr, "parallax compare: no input: give the articles of a story as files, directories or - for standard input\n")
		fs.Usage()
		return exitUsage
	}

	inputs, errs := readStoryInputs(ctx, e, paths, *keepChrome)
	reportErrors(e, errs)
	var stories []comparedStory
	skipped := 0
	for _, in := range inputs {
		if len(in.articles) < 2 {
			skipped++
			what := "the input"
			if in.id != "" {
				what = "story " + in.id
			}
			if len(in.articles) == 1 {
				fmt.Fprintf(e.stderr, "parallax compare: %s has one article (%s): a comparison needs two sources or more\n", what, articleName(in.articles[0]))
			} else {
				fmt.Fprintf(e.stderr, "parallax compare: %s has no article that could be read\n", what)
			}
			continue
		}
		stories = append(stories, compareStory(in))
	}
	if len(stories) == 0 {
		if len(inputs) == 0 || (skipped == len(inputs) && allEmpty(inputs)) {
			fmt.Fprintf(e.stderr, "parallax compare: no articles could be read\n")
		}
		return exitFailed
	}
	if err := render(e.stdout, stories, renderOptions{color: useColor}); err != nil {
		fmt.Fprintf(e.stderr, "parallax compare: write output: %v\n", err)
		return exitFailed
	}
	if len(errs) > 0 || skipped > 0 {
		return exitPartial
	}
	return exitOK
}

func allEmpty(inputs []storyInput) bool {
	for _, in := range inputs {
		if len(in.articles) > 0 {
			return false
		}
	}
	return true
}

// articleName names an article in a message: where it was read from, else
// its ID.
func articleName(a parallax.Article) string {
	if a.Origin != "" {
		return a.Origin
	}
	return a.ID
}

// compareStory analyses and compares the articles of one story.
func compareStory(in storyInput) comparedStory {
	docs := make([]parallax.Document, len(in.articles))
	for i, a := range in.articles {
		docs[i] = parallax.Analyze(a)
	}
	sources := parallax.Sources(in.articles)
	cs := comparedStory{ID: in.id, Sources: sources, Comparison: parallax.Compare(parallax.Voices(docs, sources))}
	for _, a := range in.articles {
		if a.Title != "" {
			cs.Title = a.Title
			break
		}
	}
	return cs
}

// readStoryInputs reads paths into stories: each story of an MDS JSONL file
// on its own, and the articles of every other path together as one story
// (placed where the first such path is).
func readStoryInputs(ctx context.Context, e *env, paths []string, keepChrome bool) ([]storyInput, []error) {
	opt := ingest.Options{Stdin: e.stdin, KeepChrome: keepChrome}
	var (
		inputs  []storyInput
		errs    []error
		loose   []string
		looseAt = -1
	)
	var stdin []byte
	stdinRead := false
	for _, p := range paths {
		if p == "-" && !stdinRead {
			// Standard input is read once, and sniffed like a file.
			stdinRead = true
			b, err := io.ReadAll(e.stdin)
			if err != nil {
				errs = append(errs, fmt.Errorf("stdin: %w", err))
				continue
			}
			stdin = b
			opt.Stdin = bytes.NewReader(stdin)
		}
		if isMDS(p, stdin) {
			o := opt
			if p == "-" {
				o.Stdin = bytes.NewReader(stdin)
			}
			stories, serrs := ingest.ReadStories(ctx, p, o)
			errs = append(errs, serrs...)
			for _, st := range stories {
				inputs = append(inputs, storyInput{id: st.ID, origin: st.Origin, articles: st.Articles})
			}
			continue
		}
		if looseAt < 0 {
			looseAt = len(inputs)
			inputs = append(inputs, storyInput{})
		}
		loose = append(loose, p)
	}
	if looseAt >= 0 {
		if stdinRead {
			opt.Stdin = bytes.NewReader(stdin)
		}
		arts, lerrs := parallax.Read(ctx, loose, parallax.ReadOptions{Stdin: opt.Stdin, KeepChrome: keepChrome, Fetch: webFetcher(keepChrome)})
		errs = append(errs, lerrs...)
		inputs[looseAt].articles = arts
	}
	return inputs, errs
}

// isMDS tells whether a path (stdin's bytes for "-") is MDS JSONL: a JSON
// file whose first record has "documents".
func isMDS(path string, stdin []byte) bool {
	var rd io.Reader
	if path == "-" {
		rd = bytes.NewReader(stdin)
	} else {
		switch strings.ToLower(filepath.Ext(path)) {
		case ".jsonl", ".ndjson", ".json":
		default:
			return false
		}
		fi, err := os.Stat(path)
		if err != nil || !fi.Mode().IsRegular() {
			return false
		}
		f, err := os.Open(path)
		if err != nil {
			return false
		}
		defer f.Close()
		rd = f
	}
	br := bufio.NewReaderSize(rd, 64<<10)
	for {
		line, err := br.ReadBytes('\n')
		if t := bytes.TrimSpace(line); len(t) > 0 {
			var rec map[string]json.RawMessage
			if json.Unmarshal(t, &rec) != nil {
				return false
			}
			_, ok := rec["documents"]
			return ok
		}
		if err != nil {
			return false
		}
	}
}

func storyMeta(s comparedStory) string {
	d := parallax.Digest{Sources: s.Sources}
	return plural(len(s.Sources), "source", "sources") + optional(", ", dateRange(d))
}

func storyTitle(s comparedStory, i int) string {
	switch {
	case s.Title != "":
		return s.Title
	case s.ID != "":
		return "Story " + s.ID
	}
	return fmt.Sprintf("Story %d", i+1)
}

func compareText(w io.Writer, stories []comparedStory, opt renderOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opt.color {
			return s
		}
		return code + s + ansiReset
	}
	for i, s := range stories {
		if i > 0 {
			fmt.Fprintln(bw, strings.Repeat("=", 80))
			fmt.Fprintln(bw)
		}
		fmt.Fprintln(bw, paint(ansiBold, storyTitle(s, i)))
		fmt.Fprintln(bw, paint(ansiDim, storyMeta(s)))
		fmt.Fprintln(bw)
		writeComparisonText(bw, newCmpView(s.Sources, &s.Comparison, ""), paint)
		writeSourcesText(bw, s.Sources, paint)
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

func compareMarkdown(w io.Writer, stories []comparedStory, _ renderOptions) error {
	bw := bufio.NewWriter(w)
	for i, s := range stories {
		fmt.Fprintf(bw, "# %s\n\n*%s*\n\n", mdEscape(storyTitle(s, i)), storyMeta(s))
		writeComparisonMarkdown(bw, newCmpView(s.Sources, &s.Comparison, ""), "##")
		writeSourcesMarkdown(bw, s.Sources)
		fmt.Fprintln(bw)
	}
	return bw.Flush()
}

// compareJSON writes one JSON object per story, one after the other (a
// stream that json.Decoder and jq read).
func compareJSON(w io.Writer, stories []comparedStory, _ renderOptions) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	for _, s := range stories {
		if err := enc.Encode(s); err != nil {
			return err
		}
	}
	return nil
}

func compareHTML(w io.Writer, stories []comparedStory, _ renderOptions) error {
	type storyView struct {
		Title, Meta, Prefix string
		Sources             []parallax.Source
		View                *cmpView
	}
	var views []storyView
	for i, s := range stories {
		prefix := ""
		if len(stories) > 1 {
			prefix = fmt.Sprintf("story-%d-", i+1)
		}
		views = append(views, storyView{
			Title:   storyTitle(s, i),
			Meta:    storyMeta(s),
			Prefix:  prefix,
			Sources: s.Sources,
			View:    newCmpView(s.Sources, &s.Comparison, prefix),
		})
	}
	title := "Comparison"
	if len(views) == 1 {
		title = views[0].Title
	}
	return digestTemplate.Execute(w, map[string]any{"Title": title, "Stories": views})
}

func runEvalCompare(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "eval compare", "--data FILE.jsonl --gold GOLD.json",
		`Compares the sources of every story of an MDS JSONL file, as "parallax
compare" does, and scores each comparison against a hand-made gold file in
the schema of compare/seeds-gold.json (stories by "id"; "documents" maps
the gold's document keys to the data's document ids). Gold excerpts are
located in the documents after folding case, whitespace and typographic
quotes. Metrics, as found / of and a score:

  boilerplate removed    gold chrome excerpts absent from the text as read
  quotes found           gold quote variants that some output quote covers
                         (at least half of the variant's words); precision:
                         output quotes that cover some gold variant
  speaker right          found gold quotes whose output speaker is the gold
                         speaker, by name, last name or one entity's aliases
  quote groups           gold quotes of 2+ versions found whole in one group
                         with the right speaker; pairwise precision, recall
                         and F1 over pairs of found variants
  numbers found          gold values an output figure gives on the same words
  agree/conflict right   gold quantities of 2+ values in one output figure
                         with the gold's verdict; conflicts claimed wrongly
  shared facts found     gold facts (paraphrases) stated by an output shared
                         fact with sources in the gold's documents: one of its
                         sentences has at least half the gold's content stems
  exclusives found       the same, for an output fact only in that document
  entities found         an output entity names the gold entity and has every
                         gold alias

The text format lists, under each table, what was missed. The exit code is
3 when a gold story is not in the data or a gold excerpt is not found.`,
		`  parallax eval compare --data ../shared/data/compare/seeds.jsonl --gold ../shared/data/compare/seeds-gold.json
  parallax eval compare --data stories.jsonl --gold gold.json --format json > scores.json`)
	data := fs.String("data", "", "MDS JSONL file of the stories to compare (required)")
	goldPath := fs.String("gold", "", "gold file in the schema of compare/seeds-gold.json (required)")
	format := fs.String("format", "text", "output format: text or json")
	noMissed := fs.Bool("no-missed", false, "text format: leave out the lists of what was missed")
	keepChrome := fs.Bool("keep-chrome", false, "keep page chrome (captions, prompts, credit lines) in the text")
	rest, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "parallax eval compare: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case *data == "" || *goldPath == "":
		fmt.Fprintln(e.stderr, "parallax eval compare: --data and --gold are required")
		fs.Usage()
		return exitUsage
	case len(rest) > 0:
		return fail("unexpected arguments %q", rest)
	case *format != "text" && *format != "json":
		return fail("--format must be text or json, got %q", *format)
	}
	gf, err := os.Open(*goldPath)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax eval compare: %v\n", err)
		return exitFailed
	}
	gold, err := eval.ReadCompareGold(gf, *goldPath)
	gf.Close()
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax eval compare: %v\n", err)
		return exitFailed
	}
	stories, errs := ingest.ReadStories(ctx, *data, ingest.Options{Stdin: e.stdin, KeepChrome: *keepChrome})
	reportErrors(e, errs)
	if len(stories) == 0 {
		fmt.Fprintf(e.stderr, "parallax eval compare: no story could be read from %s\n", *data)
		return exitFailed
	}
	rep := eval.ScoreCompare(stories, gold, eval.CompareOptions{})
	if len(rep.Stories) == 0 {
		for _, p := range rep.Problems {
			fmt.Fprintf(e.stderr, "parallax eval compare: %s\n", p)
		}
		fmt.Fprintf(e.stderr, "parallax eval compare: no gold story is in %s\n", *data)
		return exitFailed
	}
	if *format == "json" {
		err = rep.WriteJSON(e.stdout)
	} else {
		err = rep.WriteText(e.stdout, !*noMissed)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax eval compare: write output: %v\n", err)
		return exitFailed
	}
	if len(errs) > 0 || len(rep.Problems) > 0 {
		return exitPartial
	}
	return exitOK
}
