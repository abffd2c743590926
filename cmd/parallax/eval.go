package main

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"time"

	"github.com/schollz/progressbar/v3"

	"github.com/parallaxnews/parallax/internal/eval"
	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/rouge"
)

// evalCommands are the subcommands of "parallax eval".
var evalCommands = []struct{ name, summary string }{
	{"summarize", "ROUGE of Parallax's summaries, baselines and published systems on an MDS JSONL set"},
	{"compare", "score Parallax's comparison of sources against a gold file (quotes, speakers, figures, facts, names)"},
	{"cluster", "B-cubed and pairwise scores of story clustering on a labelled set, in order and shuffled"},
	{"extract", "trafilatura's extraction metric of our HTML reader on its evaluation pages, beside the published rows"},
}

func runEval(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 {
		evalUsage(e.stderr)
		return exitUsage
	}
	switch args[0] {
	case "-h", "-help", "--help", "help":
		evalUsage(e.stdout)
		return exitOK
	case "summarize":
		return runEvalSummarize(ctx, e, args[1:])
	case "compare":
		return runEvalCompare(ctx, e, args[1:])
	case "extract":
		return runEvalExtract(ctx, e, args[1:])
	case "cluster":
		return runEvalCluster(ctx, e, args[1:])
	}
	fmt.Fprintf(e.stderr, "parallax eval: unknown evaluation %q\n\n", args[0])
	evalUsage(e.stderr)
	return exitUsage
}

func evalUsage(w io.Writer) {
	fmt.Fprintf(w, "Usage: parallax eval <evaluation> [flags]\n\nEvaluations:\n")
	for _, c := range evalCommands {
		fmt.Fprintf(w, "  %-10s %s\n", c.name, c.summary)
	}
	fmt.Fprintf(w, "\nRun \"parallax eval <evaluation> --help\" for its flags and an example.\n")
}

// Files that --out DIR writes.
const (
	outTable     = "table.txt"
	outCSV       = "scores.csv"
	outSummaries = "summaries.jsonl"
	outSVG       = "chart.svg"
)

func runEvalSummarize(ctx context.Context, e *env, args []string) int {
	var setKeys []string
	for _, s := range eval.Sets {
		setKeys = append(setKeys, s.Key)
	}
	var about strings.Builder
	about.WriteString(`Summarizes every story of an MDS JSONL evaluation set with each algorithm,
scores the summaries with ROUGE as ROUGE-1.5.5 does, under the set's official
settings, and prints one table: a row per system, ROUGE-1, ROUGE-2 and
ROUGE-SU4 recall (R) and F-measure (F) with 95% bootstrap confidence intervals,
and ROUGE-L F when the settings compute it; rows by ROUGE-2 recall, best first.
The "kind" column tells our systems (ours), baselines, the oracle (an upper
bound that reads the references), published systems and humans apart.

The set is recognised by its story ids, and scored as officially:
  DUC 2006 (D06..)          NIST's -n 4 -w 1.2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a -d,
                            -l <words>, jackknifed over the 4 references; NIST's own
                            results (NIST's baseline, 34 systems, 10 humans) are read from
                            <data>/rouge/duc2006-nist/rougejk.m.out and shown beside ours
  DUC 2007 update (D07..-A) -n 2 -x -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -l <words>,
                            jackknifed; sets A, B and C are also reported apart
  Multi-News (mn-..)        -n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -l <words>, one reference
  any other set             as Multi-News, jackknifed when a story has 2 references or more
Jackknifed: a story with K references is scored K times, each against all the
references but one, and all these scorings feed the bootstrap, as NIST did.
Without published human rows, a "references" row scores each reference
against the other references of its story (for stories with 2 or more).
<data> is the directory holding rouge/ beside --data (../shared/data for
../shared/data/mds/x.jsonl), else $PARALLAX_DATA; ROUGE's stemming data is
read from -e in --rouge, $ROUGE_EVAL_HOME or <data>/rouge/rouge-1.5.5/data.

Algorithms (--algorithm, comma separated; all by default):
`)
	for _, s := range eval.Systems {
		fmt.Fprintf(&about, "  %-12s %s\n", s.Name, s.About)
	}
	about.WriteString(`Every summary has at most --words words (counted as the summarizer counts
them); ROUGE's -l cuts at that many whitespace-separated words anyway.

Outputs, none unless asked for: --csv (one row per system and story, R/P/F
of every metric computed), --summaries (one JSON line per system and story:
{"id","system","summary","sentences":[{"text","doc_id","start","end"}]}),
--svg (a bar chart of ROUGE-2 and ROUGE-SU4 recall with intervals), or --out
DIR for all of them as DIR/table.txt, scores.csv, summaries.jsonl and
chart.svg (a path given with its own flag wins). Stories that cannot be read
or have no references are reported on stderr with their file and line and
left out; the exit code is then 3.`)
	fs := newFlags(e, "eval summarize", "--data FILE.jsonl", about.String(),
		`  parallax eval summarize --data ../shared/data/mds/duc2006.jsonl --words 250
  parallax eval summarize --data ../shared/data/mds/multinews-dev.jsonl --words 230 \
      --algorithm parallax,lead,oracle --format markdown --out eval-multinews/`)
	data := fs.String("data", "", "MDS JSONL evaluation set to read (required)")
	words := fs.Int("words", 0, "summary length in words; 0 means the set's own: DUC 2006 250, DUC 2007 100, Multi-News 230 (its references' length), others 100")
	algorithms := fs.String("algorithm", "", "algorithms to evaluate, comma separated: "+strings.Join(eval.SystemNames(), ", ")+" (default all)")
	seed := fs.Uint64("seed", 1, "seed of the random baseline")
	noQuery := fs.Bool("no-query", false, "ignore the stories' questions (\"query\"): generic summaries of query-focused sets")
	compress := fs.Bool("compress", false, "our summarizers remove closing attributions and short parentheticals")
	noSeen := fs.Bool("no-seen", false, "ignore \"update_of\": summaries of update sets that do not know what the reader has seen")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "stories worked on at once")
	rougeFlags := fs.String("rouge", "", `ROUGE-1.5.5 options replacing the set's official ones, -l included, e.g. "-n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -l 100"`)
	published := fs.String("published", "", `ROUGE-1.5.5 output whose per-system averages are shown beside ours ("none": no published rows; default: the set's, if any)`)
	setKey := fs.String("set", "", "treat the data as this set instead of recognising it: "+strings.Join(setKeys, ", "))
	format := fs.String("format", "text", "table format: text, markdown or json")
	out := fs.String("out", "", "directory to write "+strings.Join([]string{outTable, outCSV, outSummaries, outSVG}, ", ")+" into")
	csvPath := fs.String("csv", "", "file to write per-story scores to, as CSV")
	sumPath := fs.String("summaries", "", "file to write the summaries to, as JSONL")
	svgPath := fs.String("svg", "", "file to write the chart to, as SVG")
	keepChrome := fs.Bool("keep-chrome", false, "keep page chrome (captions, prompts, credit lines) in the text")
	rest, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if *data == "" && len(rest) == 1 {
		*data, rest = rest[0], nil
	}
	fail := func(format string, a ...any) int {
		fmt.Fprintf(e.stderr, "parallax eval summarize: "+format+"\n", a...)
		return exitUsage
	}
	switch {
	case *data == "":
		fmt.Fprintln(e.stderr, "parallax eval summarize: --data is required")
		fs.Usage()
		return exitUsage
	case len(rest) > 0:
		return fail("unexpected arguments %q", rest)
	case *words < 0:
		return fail("--words must be positive, got %d", *words)
	case *format != "text" && *format != "markdown" && *format != "json":
		return fail("--format must be text, markdown or json, got %q", *format)
	case *workers <= 0:
		*workers = 1
	}
	systems, err := eval.LookupSystems(*algorithms)
	if err != nil {
		return fail("--algorithm: %v", err)
	}
	var set *eval.Set
	if *setKey != "" {
		if set = eval.SetByKey(*setKey); set == nil {
			return fail("--set: unknown set %q (known: %s)", *setKey, strings.Join(setKeys, ", "))
		}
	}
	if *out != "" {
		for _, f := range []struct {
			p    *string
			name string
		}{{csvPath, outCSV}, {sumPath, outSummaries}, {svgPath, outSVG}} {
			if *f.p == "" {
				*f.p = filepath.Join(*out, f.name)
			}
		}
	}

	start := time.Now()
	stories, readFailed, ok := readEvalStories(e, *data, *keepChrome)
	if !ok {
		return exitFailed
	}
	if len(stories) == 0 {
		fmt.Fprintf(e.stderr, "parallax eval summarize: %s: no story could be read\n", *data)
		return exitFailed
	}
	if set == nil {
		ids := make([]string, len(stories))
		for i := range stories {
			ids[i] = stories[i].ID
		}
		set = eval.DetectSet(ids)
	}
	if *words == 0 {
		*words = set.Words
	}

	// ROUGE's settings: the set's, or --rouge's.
	dataDir := findDataDir(*data)
	rargs := set.Command(*words)
	if *rougeFlags != "" {
		rargs = strings.Fields(*rougeFlags)
	}
	settings, extra, err := rouge.ParseArgs(rargs)
	switch {
	case errors.Is(err, rouge.ErrHelp):
		return fail("--rouge: -h is not an option here")
	case err != nil:
		return fail("--rouge: %v", err)
	case len(extra) > 0:
		return fail("--rouge: options only, not %q", extra)
	}
	if settings.DataDir == "" && os.Getenv("ROUGE_EVAL_HOME") == "" && dataDir != "" {
		if d := filepath.Join(dataDir, "rouge", "rouge-1.5.5", "data"); isDir(d) {
			settings.DataDir = d
		}
	}

	// Published results.
	var pubRows []eval.Row
	pubPath := *published
	if pubPath == "" && set.Published != "" && dataDir != "" {
		if p := filepath.Join(dataDir, set.Published); fileExists(p) {
			pubPath = p
		} else {
			fmt.Fprintf(e.stderr, "parallax eval summarize: note: %s not found; no published rows\n", p)
		}
	}
	if pubPath == "none" {
		pubPath = ""
	}
	if pubPath != "" {
		if pubRows, err = readPublished(set, pubPath); err != nil {
			fmt.Fprintf(e.stderr, "parallax eval summarize: %v\n", err)
			return exitFailed
		}
		if set.Published != "" && *words != set.Words {
			fmt.Fprintf(e.stderr, "parallax eval summarize: note: the published rows are for %d-word summaries, ours for %d\n", set.Words, *words)
		}
	}

	var bar *progressbar.ProgressBar
	if e.stderrTTY {
		bar = progressbar.NewOptions(len(stories),
			progressbar.OptionSetWriter(e.stderr),
			progressbar.OptionSetDescription("evaluating"),
			progressbar.OptionShowCount(),
			progressbar.OptionSetItsString("stories"),
			progressbar.OptionShowIts(),
			progressbar.OptionClearOnFinish())
	}
	var skipped []error
	rep, err := eval.Run(ctx, stories, eval.Config{
		Set:       set,
		Words:     *words,
		Systems:   systems,
		Settings:  settings,
		Seed:      *seed,
		NoQuery:   *noQuery,
		NoSeen:    *noSeen,
		Compress:  *compress,
		Workers:   *workers,
		Humans:    !hasHumans(pubRows),
		Published: pubRows,
		Done: func() {
			if bar != nil {
				bar.Add(1)
			}
		},
		Skip: func(err error) { skipped = append(skipped, err) },
	})
	if bar != nil {
		bar.Finish()
	}
	reportErrors(e, skipped)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax eval summarize: %v\n", err)
		return exitFailed
	}
	if len(rep.Stories) == 0 {
		fmt.Fprintf(e.stderr, "parallax eval summarize: %s: no story could be evaluated\n", *data)
		return exitFailed
	}
	rep.Source = *data
	rep.PublishedFrom = pubPath

	if err := rep.WriteTable(e.stdout, *format); err != nil {
		fmt.Fprintf(e.stderr, "parallax eval summarize: write table: %v\n", err)
		return exitFailed
	}
	if *out != "" {
		if err := os.MkdirAll(*out, 0o755); err != nil {
			fmt.Fprintf(e.stderr, "parallax eval summarize: %v\n", err)
			return exitFailed
		}
		if err := writeFile(filepath.Join(*out, outTable), rep.WriteText); err != nil {
			fmt.Fprintf(e.stderr, "parallax eval summarize: %v\n", err)
			return exitFailed
		}
	}
	for _, f := range []struct {
		path  string
		write func(io.Writer) error
	}{{*csvPath, rep.WriteCSV}, {*sumPath, rep.WriteSummaries}, {*svgPath, rep.WriteSVG}} {
		if f.path == "" {
			continue
		}
		if err := writeFile(f.path, f.write); err != nil {
			fmt.Fprintf(e.stderr, "parallax eval summarize: %v\n", err)
			return exitFailed
		}
	}
	if e.stderrTTY {
		fmt.Fprintf(e.stderr, "parallax eval summarize: %d stories × %d systems evaluated in %s, %d skipped\n",
			len(rep.Stories), len(systems), time.Since(start).Round(100*time.Millisecond), rep.Skipped+readFailed)
	}
	if readFailed > 0 || rep.Skipped > 0 {
		return exitPartial
	}
	return exitOK
}

// readEvalStories reads every story of an MDS JSONL file, reporting the
// lines and documents that cannot be read. ok is false when the file
// cannot be read at all.
func readEvalStories(e *env, path string, keepChrome bool) (stories []news.Story, failed int, ok bool) {
	f, err := os.Open(path)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax eval summarize: %v\n", err)
		return nil, 0, false
	}
	defer f.Close()
	r := ingest.NewStoryReader(f, path, ingest.Options{KeepChrome: keepChrome})
	for {
		st, err := r.Next()
		for _, w := range r.Warnings() {
			failed++
			fmt.Fprintf(e.stderr, "parallax eval summarize: %v\n", w)
		}
		if errors.Is(err, io.EOF) {
			return stories, failed, true
		}
		if err != nil {
			failed++
			fmt.Fprintf(e.stderr, "parallax eval summarize: %v\n", err)
			var ie *ingest.Error
			if !errors.As(err, &ie) {
				return stories, failed, true // a read error: nothing more will come
			}
			continue
		}
		stories = append(stories, st)
	}
}

func readPublished(set *eval.Set, path string) ([]eval.Row, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("published results: %w", err)
	}
	defer f.Close()
	return set.ReadPublished(f, path)
}

func hasHumans(rows []eval.Row) bool {
	for _, r := range rows {
		if r.Kind == eval.KindHuman {
			return true
		}
	}
	return false
}

// findDataDir finds the shared data directory from the set's path: the
// directory holding rouge/, the set's own or its parent
// (../shared/data for ../shared/data/mds/x.jsonl), else $PARALLAX_DATA.
func findDataDir(set string) string {
	dir := filepath.Dir(set)
	for _, d := range []string{dir, filepath.Dir(dir)} {
		if isDir(filepath.Join(d, "rouge")) {
			return d
		}
	}
	return os.Getenv("PARALLAX_DATA")
}

func isDir(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.IsDir()
}

func fileExists(p string) bool {
	fi, err := os.Stat(p)
	return err == nil && fi.Mode().IsRegular()
}

// writeFile writes a file through a buffered writer, reporting the first
// error of writing or closing it.
func writeFile(path string, write func(io.Writer) error) error {
	f, err := os.Create(path)
	if err != nil {
		return err
	}
	bw := bufio.NewWriter(f)
	err = write(bw)
	if err == nil {
		err = bw.Flush()
	}
	if cerr := f.Close(); err == nil {
		err = cerr
	}
	if err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	return nil
}

func runEvalExtract(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "eval extract", "--data DIR",
		`Runs our HTML reader over the pages of trafilatura's evaluation set (the
entries of tests/evaldata.json, whose files are in tests/eval and
tests/cache) and scores it with trafilatura's metric: a "with" segment
found in the text is a true positive, a missing one a false negative; a
"without" segment found is a false positive, a missing one a true negative;
precision, recall, accuracy and F1 over all segments, whitespace
normalised. Three rows: go-trafilatura's own text, our reader with the
chrome filter off, and with it on; beside them the published rows of the
set's docs/evaluation.rst, read from the file. Pages per second is over
wall-clock time with --workers extractions at once.`,
		`  parallax eval extract --data ../shared/data/extraction/trafilatura-eval
  parallax eval extract --data ../shared/data/extraction/trafilatura-eval --fast --workers 2`)
	data := fs.String("data", "", "the trafilatura evaluation directory (required)")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "pages extracted at once")
	fast := fs.Bool("fast", false, "skip go-trafilatura's fallback extractors (readability, DOM distiller)")
	limit := fs.Int("limit", 0, "score only the first N pages (by URL); 0 for all")
	rest, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if *data == "" || len(rest) > 0 {
		fmt.Fprintln(e.stderr, "parallax eval extract: --data is required and takes no arguments")
		fs.Usage()
		return exitUsage
	}
	cases, err := eval.ReadExtractCases(*data)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax eval extract: %v\n", err)
		if len(cases) == 0 {
			return exitFailed
		}
	}
	if *limit > 0 && *limit < len(cases) {
		cases = cases[:*limit]
	}
	var caption string
	var published []eval.PublishedExtract
	if f, err := os.Open(filepath.Join(*data, "docs", "evaluation.rst")); err == nil {
		caption, published, err = eval.ReadPublishedExtract(f)
		f.Close()
		if err != nil {
			fmt.Fprintf(e.stderr, "parallax eval extract: docs/evaluation.rst: %v\n", err)
		}
	} else {
		fmt.Fprintf(e.stderr, "parallax eval extract: no published rows: %v\n", err)
	}
	rows, err := eval.RunExtract(ctx, cases, eval.Extractors(*fast), max(*workers, 1))
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax eval extract: %v\n", err)
		return exitFailed
	}
	if err := eval.WriteExtractTable(e.stdout, caption, published, rows); err != nil {
		fmt.Fprintf(e.stderr, "parallax eval extract: %v\n", err)
		return exitFailed
	}
	return exitOK
}
