package eval

import (
	"bufio"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"strconv"
	"strings"
	"text/tabwriter"
)

// column is one score column of the table.
type column struct {
	metric string
	f      bool // F-measure rather than recall
}

func (c column) title() string {
	if c.f {
		return c.metric + " F"
	}
	return c.metric + " R"
}

func (c column) stat(r *Row) (Stat, bool) {
	ms, ok := r.Scores[c.metric]
	if !ok {
		return Stat{}, false
	}
	if c.f {
		return ms.F, true
	}
	return ms.Recall, true
}

// suMetric is the ROUGE-SU metric computed ("ROUGE-SU4"), or "".
func (rep *Report) suMetric() string {
	for _, m := range rep.Metrics {
		if strings.HasPrefix(m, "ROUGE-SU") {
			return m
		}
	}
	return ""
}

func (rep *Report) has(metric string) bool {
	for _, m := range rep.Metrics {
		if m == metric {
			return true
		}
	}
	return false
}

// columns are ROUGE-1, ROUGE-2 and ROUGE-SU recall and F, and ROUGE-L F
// when computed.
func (rep *Report) columns() []column {
	var cols []column
	for _, m := range []string{"ROUGE-1", "ROUGE-2", rep.suMetric()} {
		if m != "" && rep.has(m) {
			cols = append(cols, column{m, false}, column{m, true})
		}
	}
	if rep.has("ROUGE-L") {
		cols = append(cols, column{"ROUGE-L", true})
	}
	return cols
}

func (rep *Report) hasSubsets() bool {
	for _, r := range rep.Rows {
		if r.Subset != "" {
			return true
		}
	}
	return false
}

// Header is what the table's caption says: the set, the ROUGE-1.5.5
// command the scores correspond to, and how rows are ordered.
func (rep *Report) Header() []string {
	var lines []string
	src := ""
	if rep.Source != "" {
		src = " (" + rep.Source + ")"
	}
	lines = append(lines, fmt.Sprintf("%s%s: %d stories evaluated, %d skipped; summaries of at most %d words",
		rep.Set.Name, src, len(rep.Stories), rep.Skipped, rep.Words))
	cmd := "ROUGE-1.5.5.pl " + strings.Join(rep.Command, " ")
	if rep.Set.Jackknife {
		cmd += "; jackknifed: a story with K references is scored K times, against each K-1 of them"
	}
	lines = append(lines, cmd)
	lines = append(lines, fmt.Sprintf("R = recall, F = F-measure; %s%% confidence intervals from %d bootstrap resamples; rows by ROUGE-2 recall",
		strconv.FormatFloat(rep.Confidence, 'f', -1, 64), rep.Resamples))
	if rep.PublishedFrom != "" {
		lines = append(lines, "published rows as printed in "+rep.PublishedFrom+" (their own evaluations of the whole set)")
	}
	if rep.Humans {
		lines = append(lines, fmt.Sprintf("%q: each reference scored against the other references of its story", humanSystem))
	}
	return lines
}

func cell(s Stat, ok bool) string {
	if !ok {
		return "-"
	}
	return fmt.Sprintf("%.5f (%.5f-%.5f)", s.Mean, s.Lo, s.Hi)
}

func evalCount(r *Row) string {
	if r.Evaluations == 0 {
		return "-"
	}
	return strconv.Itoa(r.Evaluations)
}

func subsetName(s string) string {
	if s == "" {
		return "all"
	}
	return s
}

// WriteText writes the header and an aligned table.
func (rep *Report) WriteText(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, l := range rep.Header() {
		fmt.Fprintln(bw, l)
	}
	fmt.Fprintln(bw)
	tw := tabwriter.NewWriter(bw, 0, 0, 2, ' ', 0)
	cols := rep.columns()
	subsets := rep.hasSubsets()
	fmt.Fprintln(tw, strings.Join(headRow(cols, subsets), "\t"))
	for i := range rep.Rows {
		r := &rep.Rows[i]
		fmt.Fprintln(tw, strings.Join(tableRow(r, r.System, cols, subsets), "\t"))
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	return bw.Flush()
}

// WriteMarkdown writes the header as a paragraph and a Markdown table;
// our own systems' names are bold.
func (rep *Report) WriteMarkdown(w io.Writer) error {
	bw := bufio.NewWriter(w)
	for _, l := range rep.Header() {
		fmt.Fprintf(bw, "%s  \n", mdEscape(l))
	}
	fmt.Fprintln(bw)
	cols := rep.columns()
	subsets := rep.hasSubsets()
	head := headRow(cols, subsets)
	fmt.Fprintf(bw, "| %s |\n", strings.Join(head, " | "))
	seps := make([]string, len(head))
	for i := range seps {
		seps[i] = "---"
		if i >= len(head)-len(cols)-1 {
			seps[i] = "---:"
		}
	}
	fmt.Fprintf(bw, "| %s |\n", strings.Join(seps, " | "))
	for i := range rep.Rows {
		r := &rep.Rows[i]
		name := mdEscape(r.System)
		if r.Kind == KindOurs {
			name = "**" + name + "**"
		}
		fmt.Fprintf(bw, "| %s |\n", strings.Join(tableRow(r, name, cols, subsets), " | "))
	}
	return bw.Flush()
}

// headRow is the table's head: system, kind, the subset when the rows have
// subsets, the number of evaluations, and the columns.
func headRow(cols []column, subsets bool) []string {
	head := []string{"system", "kind"}
	if subsets {
		head = append(head, "set")
	}
	head = append(head, "evals")
	for _, c := range cols {
		head = append(head, c.title())
	}
	return head
}

// tableRow is a row's cells under headRow, the system named name.
func tableRow(r *Row, name string, cols []column, subsets bool) []string {
	f := []string{name, string(r.Kind)}
	if subsets {
		f = append(f, subsetName(r.Subset))
	}
	f = append(f, evalCount(r))
	for _, c := range cols {
		f = append(f, cell(c.stat(r)))
	}
	return f
}

func mdEscape(s string) string {
	r := strings.NewReplacer(`\`, `\\`, `|`, `\|`, `*`, `\*`, `_`, `\_`, "`", "\\`", `<`, `&lt;`)
	return r.Replace(s)
}

// jsonReport is the table as JSON.
type jsonReport struct {
	Set           string   `json:"set"`
	Name          string   `json:"name"`
	Source        string   `json:"source,omitempty"`
	Command       string   `json:"command"`
	Jackknife     bool     `json:"jackknife"`
	Words         int      `json:"words"`
	Stories       int      `json:"stories"`
	Skipped       int      `json:"skipped"`
	Resamples     int      `json:"resamples"`
	Confidence    float64  `json:"confidence"`
	PublishedFrom string   `json:"published_from,omitempty"`
	Metrics       []string `json:"metrics"`
	Rows          []Row    `json:"rows"`
}

// WriteJSON writes the table, with every metric computed, as one JSON
// object.
func (rep *Report) WriteJSON(w io.Writer) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(jsonReport{
		Set: rep.Set.Key, Name: rep.Set.Name, Source: rep.Source,
		Command: strings.Join(rep.Command, " "), Jackknife: rep.Set.Jackknife,
		Words: rep.Words, Stories: len(rep.Stories), Skipped: rep.Skipped,
		Resamples: rep.Resamples, Confidence: rep.Confidence,
		PublishedFrom: rep.PublishedFrom, Metrics: rep.Metrics, Rows: rep.Rows,
	})
}

// WriteTable writes the table in a format: "text", "markdown" or "json".
func (rep *Report) WriteTable(w io.Writer, format string) error {
	switch format {
	case "text", "":
		return rep.WriteText(w)
	case "markdown", "md":
		return rep.WriteMarkdown(w)
	case "json":
		return rep.WriteJSON(w)
	}
	return fmt.Errorf("unknown format %q (want text, markdown or json)", format)
}

// systemRows are the names and kinds of the systems with per-story
// results, as indexed in StoryResult.Evaluations.
func (rep *Report) systemRows() []System {
	out := append([]System(nil), rep.Systems...)
	if rep.Humans {
		out = append(out, System{Name: humanSystem, Kind: KindHuman})
	}
	return out
}

// WriteCSV writes one row per system and story, in system then input
// order: the story's scores for every metric (recall, precision, F),
// the mean of its evaluations when jackknifed.
func (rep *Report) WriteCSV(w io.Writer) error {
	cw := csv.NewWriter(w)
	head := []string{"system", "kind", "story", "subset", "evaluations"}
	for _, m := range rep.Metrics {
		head = append(head, m+" R", m+" P", m+" F")
	}
	if err := cw.Write(head); err != nil {
		return err
	}
	num := func(x float64) string { return strconv.FormatFloat(x, 'f', 5, 64) }
	for si, sys := range rep.systemRows() {
		for i := range rep.Stories {
			st := &rep.Stories[i]
			if si >= len(st.Evaluations) {
				continue // no human row for a story with one reference
			}
			means := st.StoryMeans(si)
			rec := []string{sys.Name, string(sys.Kind), st.ID, st.Subset, strconv.Itoa(len(st.Evaluations[si]))}
			for _, m := range rep.Metrics {
				s := means[m]
				rec = append(rec, num(s.Recall), num(s.Precision), num(s.F))
			}
			if err := cw.Write(rec); err != nil {
				return err
			}
		}
	}
	cw.Flush()
	return cw.Error()
}

// SummaryLine is one line of the summaries JSONL: a system's summary of
// one story in the batch format, without support.
type SummaryLine struct {
	ID        string         `json:"id"`
	System    string         `json:"system"`
	Summary   string         `json:"summary"`
	Sentences []SentenceSpan `json:"sentences"`
}

// SentenceSpan is a summary sentence and where it comes from.
type SentenceSpan struct {
	Text  string `json:"text"`
	DocID string `json:"doc_id"`
	Start int    `json:"start"`
	End   int    `json:"end"`
}

// WriteSummaries writes every summary as a JSON line, in system then
// input order.
func (rep *Report) WriteSummaries(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	for si, sys := range rep.Systems {
		for i := range rep.Stories {
			sum := rep.Stories[i].Summaries[si]
			line := SummaryLine{ID: rep.Stories[i].ID, System: sys.Name, Summary: sum.Text,
				Sentences: make([]SentenceSpan, len(sum.Sentences))}
			for j, s := range sum.Sentences {
				line.Sentences[j] = SentenceSpan{Text: s.Text, DocID: s.DocID, Start: s.Start, End: s.End}
			}
			if err := enc.Encode(line); err != nil {
				return err
			}
		}
	}
	return bw.Flush()
}
