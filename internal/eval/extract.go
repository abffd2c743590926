package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/parallaxnews/parallax/internal/ingest"
)

// ExtractCase is one page of trafilatura's evaluation set
// (tests/evaldata.json): text segments that a main-content extractor must
// keep (With) and boilerplate segments that it must leave out (Without).
type ExtractCase struct {
	URL     string
	Path    string // the HTML file, in tests/eval or tests/cache
	With    []string
	Without []string
}

// ReadExtractCases reads trafilatura's evaluation set from dir, the
// repository's top directory (or its tests directory). Each entry of
// tests/evaldata.json is keyed by the page's URL and names its file, which
// is in tests/eval (the pages added for the benchmark) or tests/cache (the
// older pages shared with the unit tests). Cases come sorted by URL.
func ReadExtractCases(dir string) ([]ExtractCase, error) {
	tests := filepath.Join(dir, "tests")
	if _, err := os.Stat(filepath.Join(tests, "evaldata.json")); err != nil {
		tests = dir
	}
	b, err := os.ReadFile(filepath.Join(tests, "evaldata.json"))
	if err != nil {
		return nil, err
	}
	var raw map[string]struct {
		File    string   `json:"file"`
		With    []string `json:"with"`
		Without []string `json:"without"`
	}
	if err := json.Unmarshal(b, &raw); err != nil {
		return nil, fmt.Errorf("%s: %w", filepath.Join(tests, "evaldata.json"), err)
	}
	cases := make([]ExtractCase, 0, len(raw))
	var missing []string
	for u, e := range raw {
		c := ExtractCase{URL: u, With: e.With, Without: e.Without}
		for _, sub := range []string{"eval", "cache"} {
			p := filepath.Join(tests, sub, e.File)
			if _, err := os.Stat(p); err == nil {
				c.Path = p
				break
			}
		}
		if c.Path == "" {
			missing = append(missing, e.File)
			continue
		}
		cases = append(cases, c)
	}
	sort.Slice(cases, func(i, j int) bool { return cases[i].URL < cases[j].URL })
	if len(missing) > 0 {
		sort.Strings(missing)
		return cases, fmt.Errorf("%d pages of evaldata.json not found in tests/eval or tests/cache (first: %s)", len(missing), missing[0])
	}
	return cases, nil
}

// ExtractCounts are the counts of trafilatura's metric: "with" segments
// found (TP) or missing (FN), "without" segments found (FP) or missing (TN).
type ExtractCounts struct {
	TP, FN, FP, TN int
}

// Add sums counts.
func (c *ExtractCounts) Add(o ExtractCounts) {
	c.TP += o.TP
	c.FN += o.FN
	c.FP += o.FP
	c.TN += o.TN
}

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Precision is TP / (TP + FP).
func (c ExtractCounts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN).
func (c ExtractCounts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// Accuracy is (TP + TN) / all segments.
func (c ExtractCounts) Accuracy() float64 { return ratio(c.TP+c.TN, c.TP+c.TN+c.FP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c ExtractCounts) F1() float64 {
	p, r := c.Precision(), c.Recall()
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// normSegment collapses every run of whitespace (non-breaking spaces
// included) to one space and trims the ends: segments are matched in the
// extracted text as trafilatura's evaluation does, as plain substrings,
// regardless of line breaks.
func normSegment(s string) string { return ingest.CollapseSpace(s) }

// ScoreExtract scores the text extracted from c's page. A failed
// extraction (empty text) finds no segment: every "with" segment is a
// false negative, every "without" one a true negative.
func ScoreExtract(text string, c ExtractCase) ExtractCounts {
	t := normSegment(text)
	var n ExtractCounts
	for _, s := range c.With {
		if s = normSegment(s); s == "" {
			continue
		}
		if t != "" && strings.Contains(t, s) {
			n.TP++
		} else {
			n.FN++
		}
	}
	for _, s := range c.Without {
		if s = normSegment(s); s == "" {
			continue
		}
		if t != "" && strings.Contains(t, s) {
			n.FP++
		} else {
			n.TN++
		}
	}
	return n
}

// Extractor is a way of getting a page's main text.
type Extractor struct {
	Name string
	Run  func(page []byte, url string) (string, error)
}

// Extractors are the rows of "parallax eval extract": go-trafilatura's and
// go-readability's own texts, and our reader without and with the chrome
// filter.
func Extractors(fast bool) []Extractor {
	mode := "fallback"
	if fast {
		mode = "fast"
	}
	ours := func(keep bool) func([]byte, string) (string, error) {
		return func(b []byte, u string) (string, error) {
			a, err := ingest.ReadHTML(b, u, ingest.HTMLOptions{URL: u, KeepChrome: keep, Fast: fast})
			if err != nil {
				return "", err
			}
			return a.Body, nil
		}
	}
	return []Extractor{
		{Name: "go-trafilatura 1.12.2 alone (" + mode + ")", Run: func(b []byte, _ string) (string, error) {
			return ingest.ExtractLibraryText(b, fast)
		}},
		{Name: "go-readability v2.1.3 alone", Run: ingest.ExtractReadabilityText},
		{Name: "parallax, chrome filter off (" + mode + ")", Run: ours(true)},
		{Name: "parallax: go-trafilatura + readability + chrome filter (" + mode + ")", Run: ours(false)},
	}
}

// ExtractRow is one extractor's score over the set.
type ExtractRow struct {
	Name    string
	Counts  ExtractCounts
	Pages   int
	Failed  int // pages where the extractor returned an error
	Elapsed time.Duration
	Workers int
}

// PagesPerSecond is the throughput over the run's wall-clock time.
func (r ExtractRow) PagesPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Pages) / r.Elapsed.Seconds()
}

// RunExtract runs each extractor over every case with workers goroutines
// and scores it. Pages are read into memory first, so that the time is
// extraction time only.
func RunExtract(ctx context.Context, cases []ExtractCase, extractors []Extractor, workers int) ([]ExtractRow, error) {
	if workers < 1 {
		workers = 1
	}
	pages := make([][]byte, len(cases))
	for i, c := range cases {
		b, err := os.ReadFile(c.Path)
		if err != nil {
			return nil, err
		}
		pages[i] = b
	}
	var rows []ExtractRow
	for _, ex := range extractors {
		row := ExtractRow{Name: ex.Name, Pages: len(cases), Workers: workers}
		counts := make([]ExtractCounts, len(cases))
		failed := make([]bool, len(cases))
		start := time.Now()
		err := forEach(ctx, len(cases), workers, func(i int) {
			text, err := ex.Run(pages[i], cases[i].URL)
			if err != nil {
				text, failed[i] = "", true
			}
			counts[i] = ScoreExtract(text, cases[i])
		})
		if err != nil {
			return rows, err
		}
		row.Elapsed = time.Since(start)
		for i := range counts {
			row.Counts.Add(counts[i])
			if failed[i] {
				row.Failed++
			}
		}
		rows = append(rows, row)
	}
	return rows, nil
}

// PublishedExtract is a row of a results table of trafilatura's
// docs/evaluation.rst.
type PublishedExtract struct {
	Name                            string
	Precision, Recall, Accuracy, F1 float64
	Time                            string // the "Diff." or "Time" column as printed
}

var rstBorderRe = regexp.MustCompile(`^=+( +=+)+$`)

var rstRowRe = regexp.MustCompile(`^(\S.*?)\s{2,}(\*{0,2}[0-9.]+\*{0,2})\s+(\*{0,2}[0-9.]+\*{0,2})\s+(\*{0,2}[0-9.]+\*{0,2})\s+(\*{0,2}[0-9.]+\*{0,2})\s*(.*)$`)

// ReadPublishedExtract reads the first results table of trafilatura's
// docs/evaluation.rst (the current one): its caption line ("990
// documents, …") and its rows.
func ReadPublishedExtract(r io.Reader) (caption string, rows []PublishedExtract, err error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 1<<20), 1<<20)
	state := 0 // 0 before a table, 1 in its header, 2 in its rows
	for sc.Scan() {
		line := strings.TrimRight(sc.Text(), " ")
		if rstBorderRe.MatchString(line) {
			state++
			if state == 3 {
				break // the table's closing border
			}
			continue
		}
		switch state {
		case 1:
			if caption == "" && strings.Contains(line, "documents") {
				caption = strings.TrimSpace(line)
			}
		case 2:
			m := rstRowRe.FindStringSubmatch(line)
			if m == nil {
				continue
			}
			num := func(s string) float64 {
				f, _ := strconv.ParseFloat(strings.Trim(s, "*"), 64)
				return f
			}
			rows = append(rows, PublishedExtract{
				Name: strings.Trim(strings.TrimSpace(m[1]), "*"), Precision: num(m[2]), Recall: num(m[3]),
				Accuracy: num(m[4]), F1: num(m[5]), Time: strings.Trim(strings.TrimSpace(m[6]), "*"),
			})
		}
	}
	if err := sc.Err(); err != nil {
		return "", nil, err
	}
	if len(rows) == 0 {
		return caption, nil, errors.New("no results table found")
	}
	return caption, rows, nil
}

// WriteExtractTable prints the published rows and ours in one table.
func WriteExtractTable(w io.Writer, caption string, published []PublishedExtract, ours []ExtractRow) error {
	bw := bufio.NewWriter(w)
	if caption != "" {
		fmt.Fprintf(bw, "Published (trafilatura docs/evaluation.rst): %s\n", caption)
	}
	fmt.Fprintf(bw, "%-58s %9s %9s %9s %9s  %s\n", "System", "Precision", "Recall", "Accuracy", "F1", "Speed")
	fmt.Fprintln(bw, strings.Repeat("-", 110))
	for _, p := range published {
		fmt.Fprintf(bw, "%-58s %9.3f %9.3f %9.3f %9.3f  %s (published, relative time)\n", p.Name, p.Precision, p.Recall, p.Accuracy, p.F1, p.Time)
	}
	fmt.Fprintln(bw, strings.Repeat("-", 110))
	for _, r := range ours {
		c := r.Counts
		fmt.Fprintf(bw, "%-58s %9.3f %9.3f %9.3f %9.3f  %.1f pages/s (%d workers), %d pages failed\n",
			r.Name, c.Precision(), c.Recall(), c.Accuracy(), c.F1(), r.PagesPerSecond(), r.Workers, r.Failed)
	}
	if len(ours) > 0 {
		c := ours[0].Counts
		fmt.Fprintf(bw, "\n%d pages, %d text and %d boilerplate segments.\n", ours[0].Pages, c.TP+c.FN, c.FP+c.TN)
	}
	return bw.Flush()
}
