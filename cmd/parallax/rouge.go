package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"text/tabwriter"

	"github.com/parallaxnews/parallax/internal/rouge"
)

const rougeUsage = `Usage:
  parallax rouge [ROUGE-1.5.5 options] CONFIG.xml [SYSTEM_ID]
  parallax rouge --refs DIR_OR_JSONL --sys PATH [ROUGE-1.5.5 options]

Scores summaries with ROUGE exactly as the ROUGE-1.5.5 Perl script does:
same tokenization, stemming (Porter plus the WordNet 2.0 exceptions),
stopwords, truncation and bootstrap, so that the output of the first form is
byte for byte the script's and can be compared with diff.

The first form reads a ROUGE-1.5.5 evaluation configuration (XML with
<EVAL>, <PEER-ROOT>, <MODEL-ROOT>, <INPUT-FORMAT TYPE="SEE|SPL|ISI|SIMPLE">, <PEERS>
and <MODELS>; or, with -z FORMAT, lines of "peer model1 model2 ...") and
prints the script's output. Relative roots are found from the working
directory, as the script does, or else from the configuration's directory.

The second form is for everyone else. --refs is an MDS JSONL file (each
line's "id" and "references") or a directory (a subdirectory of references
per ID, or files named ID.anything); --sys is a JSONL file of summaries
({"id","summary"} or Parallax's batch output, with "system" when there are
several systems), a directory of files named ID.anything (or one
subdirectory per system), or a single text file. Text files have one
sentence per line. It prints a table of recall, precision and F with 95%%
intervals per system and metric. Without ROUGE options it uses
  %s

ROUGE-1.5.5 options (Getopt style: -n 4, -n4 and bundles such as -am work):
  -a          evaluate all systems (peers) of the configuration
  -b N        use only the first N bytes of each summary
  -c CF       confidence interval in percent (default 95)
  -d          print each evaluation's scores too
  -e DIR      the ROUGE data directory: smart_common_words.txt and the
              WordNet exception lists (default: $ROUGE_EVAL_HOME, else
              $PARALLAX_DATA/rouge/rouge-1.5.5/data or
              ../shared/data/rouge/rouge-1.5.5/data, else .)
  -f A|B      combine models by average (A, default) or best model (B)
  -l N        use only the first N words of each summary
  -m          stem with Porter and the WordNet exceptions
  -n N        compute ROUGE-1 .. ROUGE-N
  -p ALPHA    F-measure weight: 1 favours precision, 0 recall (default 0.5)
  -r N        bootstrap resamples (default 1000)
  -s          remove stopwords
  -t 0|1|2    average per summary (0), per token (1), or print raw counts (2)
  -2 D        skip bigrams with at most D words between (negative: no limit)
  -3 MODE     score Basic Elements (SIMPLE files of HEAD|MODIFIER|RELATION
              lines): H, HM, HMR, HM1, HMR1 or HMR2
  -u, -U      skip bigrams with unigrams (ROUGE-SU); -U also plain ROUGE-S
  -w W        ROUGE-W with weight W
  -x          do not compute ROUGE-L
  -z FORMAT   CONFIG is a file list in FORMAT (SEE, SPL, ISI, SIMPLE)

Parallax options:
  --peer-root DIR, --model-root DIR   replace every evaluation's roots
  --refs PATH, --sys PATH             the second form
  --jackknife                         (second form) with K references, score
                                      K times against K-1 of them, as NIST did
  --format text|json                  (second form) the table's format

Examples:
  cd ../shared/data/rouge/rouge-1.5.5/sample-test &&
    parallax rouge -e ../data -c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a ROUGE-test.xml
  parallax rouge -n 4 -w 1.2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a -d \
    --peer-root ../shared/data/rouge/duc2006-nist/peers \
    --model-root ../shared/data/rouge/duc2006-nist/models \
    ../shared/data/rouge/duc2006-nist/rougejk.in
  parallax summarize --input ../shared/data/mds/duc2006.jsonl --output out.jsonl --words 250
  parallax rouge --refs ../shared/data/mds/duc2006.jsonl --sys out.jsonl --jackknife
`

// plainRougeArgs are the options of the second form when none are given.
const plainRougeArgs = "-n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0"

func runRouge(ctx context.Context, e *env, args []string) int {
	long := map[string]string{}
	var short []string
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			short = append(short, args[i:]...)
			break
		}
		if !strings.HasPrefix(a, "--") {
			short = append(short, a)
			continue
		}
		name, val, hasVal := strings.Cut(a[2:], "=")
		switch name {
		case "help":
			fmt.Fprintf(e.stdout, rougeUsage, plainRougeArgs)
			return exitOK
		case "jackknife":
			long[name] = "true"
		case "peer-root", "model-root", "refs", "sys", "format":
			if !hasVal {
				if i+1 >= len(args) {
					fmt.Fprintf(e.stderr, "parallax rouge: --%s needs a value\n", name)
					return exitUsage
				}
				i++
				val = args[i]
			}
			long[name] = val
		default:
			fmt.Fprintf(e.stderr, "parallax rouge: unknown option --%s (see parallax rouge --help)\n", name)
			return exitUsage
		}
	}
	plain := long["refs"] != "" || long["sys"] != ""
	if plain && len(short) == 0 {
		short = strings.Fields(plainRougeArgs)
	}
	st, rest, err := rouge.ParseArgs(short)
	if errors.Is(err, rouge.ErrHelp) {
		fmt.Fprintf(e.stdout, rougeUsage, plainRougeArgs)
		return exitOK
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax rouge: %v\n", strings.TrimPrefix(err.Error(), "rouge: "))
		return exitUsage
	}
	warn := func(msg string) { fmt.Fprintln(e.stderr, msg) }
	if plain {
		return rougePlain(ctx, e, st, rest, long, warn)
	}

	var cfg *rouge.Config
	var peers []string
	switch {
	case len(rest) == 0 || len(rest) > 2:
		fmt.Fprint(e.stderr, "parallax rouge: give a configuration file (and a system ID unless -a), or --refs and --sys\n\n")
		fmt.Fprintf(e.stderr, rougeUsage, plainRougeArgs)
		return exitUsage
	case st.FileList != "":
		id := "X"
		if len(rest) == 2 {
			id = rest[1]
		}
		f, err := os.Open(rest[0])
		if err != nil {
			fmt.Fprintf(e.stderr, "parallax rouge: %v\n", err)
			return exitFailed
		}
		defer f.Close()
		cfg, err = rouge.ReadFileList(f, rest[0], st.FileList, id)
		if err != nil {
			fmt.Fprintf(e.stderr, "parallax %v\n", err)
			return exitFailed
		}
		cfg.Dir = filepath.Dir(rest[0])
		peers = []string{id}
	default:
		if len(rest) == 1 && !st.All {
			fmt.Fprintln(e.stderr, "parallax rouge: please specify a system ID to evaluate or use option -a to evaluate all systems")
			return exitUsage
		}
		cfg, err = rouge.ReadConfigFile(rest[0])
		if err != nil {
			fmt.Fprintf(e.stderr, "parallax %v\n", err)
			return exitFailed
		}
		if !st.All {
			peers = []string{rest[1]}
		}
	}
	for _, ev := range cfg.Evals {
		if r, ok := long["peer-root"]; ok {
			ev.PeerRoot = r
		}
		if r, ok := long["model-root"]; ok {
			ev.ModelRoot = r
		}
	}
	r, err := rouge.Evaluate(ctx, cfg, st, peers, warn)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax %v\n", err)
		return exitFailed
	}
	if _, err := r.WriteTo(e.stdout); err != nil {
		fmt.Fprintf(e.stderr, "parallax rouge: write output: %v\n", err)
		return exitFailed
	}
	return exitOK
}

// rougePlain is the second form: references and summaries by ID, and a
// table.
func rougePlain(ctx context.Context, e *env, st rouge.Settings, rest []string, long map[string]string, warn func(string)) int {
	format := long["format"]
	if format == "" {
		format = "text"
	}
	switch {
	case long["refs"] == "" || long["sys"] == "":
		fmt.Fprintln(e.stderr, "parallax rouge: --refs and --sys go together")
		return exitUsage
	case len(rest) > 0:
		fmt.Fprintf(e.stderr, "parallax rouge: unexpected arguments %q with --refs and --sys\n", rest)
		return exitUsage
	case format != "text" && format != "json":
		fmt.Fprintf(e.stderr, "parallax rouge: unknown --format %q (want text or json)\n", format)
		return exitUsage
	}
	refs, err := rouge.ReadReferences(long["refs"])
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax %v\n", err)
		return exitFailed
	}
	sys, err := rouge.ReadSystems(long["sys"], "system", refs)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax %v\n", err)
		return exitFailed
	}
	code := exitOK
	for _, name := range sortedKeys(sys) {
		for _, id := range sortedKeys(sys[name]) {
			if _, ok := refs[id]; !ok {
				warn(fmt.Sprintf("parallax rouge: %s: no references for %s; not scored", name, id))
				code = exitPartial
			}
		}
	}
	cfg, err := rouge.PlainConfig(refs, sys, long["jackknife"] == "true")
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax %v\n", err)
		return exitFailed
	}
	missing := 0
	r, err := rouge.Evaluate(ctx, cfg, st, nil, func(string) { missing++ })
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax %v\n", err)
		return exitFailed
	}
	if missing > 0 {
		warn(fmt.Sprintf("parallax rouge: %d evaluations lack a system's summary; those systems are averaged over the rest", missing))
		code = exitPartial
	}
	rows := rougeTable(r)
	if format == "json" {
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		err = enc.Encode(map[string]any{"options": st.String(), "rows": rows})
	} else {
		err = writeRougeTable(e.stdout, st, refs, rows)
	}
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax rouge: write output: %v\n", err)
		return exitFailed
	}
	return code
}

type rougeRow struct {
	System      string      `json:"system"`
	Metric      string      `json:"metric"`
	Evaluations int         `json:"evaluations"`
	Mean        rouge.Score `json:"mean"`
	Low         rouge.Score `json:"low"`
	High        rouge.Score `json:"high"`
}

func rougeTable(r *rouge.Report) []rougeRow {
	var rows []rougeRow
	for _, p := range r.Peers {
		for _, m := range r.Metrics {
			mean, lo, hi := r.Average(p, m)
			rows = append(rows, rougeRow{System: p, Metric: m, Evaluations: len(r.Results[p]),
				Mean: trimCounts(mean), Low: trimCounts(lo), High: trimCounts(hi)})
		}
	}
	return rows
}

// trimCounts keeps a score's recall, precision and F, rounded to the five
// decimals ROUGE-1.5.5 prints.
func trimCounts(s rouge.Score) rouge.Score {
	r := func(x float64) float64 {
		v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 5, 64), 64)
		return v
	}
	return rouge.Score{Recall: r(s.Recall), Precision: r(s.Precision), F: r(s.F)}
}

func writeRougeTable(w io.Writer, st rouge.Settings, refs rouge.References, rows []rougeRow) error {
	n := 0
	for _, r := range refs {
		n += len(r)
	}
	fmt.Fprintf(w, "ROUGE-1.5.5 options: %s\n%d IDs, %d references\n\n", st.String(), len(refs), n)
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintf(tw, "system\tmetric\trecall\tprecision\tF\n")
	ci := func(m, lo, hi float64) string { return fmt.Sprintf("%.5f (%.5f-%.5f)", m, lo, hi) }
	for _, r := range rows {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\n", r.System, r.Metric,
			ci(r.Mean.Recall, r.Low.Recall, r.High.Recall),
			ci(r.Mean.Precision, r.Low.Precision, r.High.Precision),
			ci(r.Mean.F, r.Low.F, r.High.F))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	_, err := fmt.Fprintf(w, "\nIntervals: %s%% bootstrap (%d resamples), as ROUGE-1.5.5 computes them.\n", st.ConfidenceLabel, st.Resamples)
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
