package eval

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/shareddata"
)

func TestScoreExtract(t *testing.T) {
	c := ExtractCase{
		With:    []string{"The bridge reopened", "cost  4.2\nmillion euros", "missing sentence"},
		Without: []string{"Accept cookies", "Related stories", ""},
	}
	text := "The bridge\nreopened on Friday.\n\nIt cost 4.2 million\u00a0euros.\n\nRelated stories"
	got := ScoreExtract(text, c)
	want := ExtractCounts{TP: 2, FN: 1, FP: 1, TN: 1}
	if got != want {
		t.Fatalf("counts = %+v, want %+v", got, want)
	}
	// A failed extraction finds nothing.
	if got := ScoreExtract("", c); got != (ExtractCounts{FN: 3, TN: 2}) {
		t.Errorf("empty text counts = %+v", got)
	}
	var sum ExtractCounts
	sum.Add(want)
	sum.Add(ExtractCounts{TP: 2, FN: 1, FP: 1, TN: 3})
	if p, r, a := sum.Precision(), sum.Recall(), sum.Accuracy(); p != 4.0/6 || r != 4.0/6 || a != 8.0/12 {
		t.Errorf("precision, recall, accuracy = %v, %v, %v", p, r, a)
	}
	if f := sum.F1(); f < 0.6666 || f > 0.6667 {
		t.Errorf("F1 = %v", f)
	}
}

func TestReadPublishedExtract(t *testing.T) {
	rst := "Results\n-------\n\n" +
		"=============================== =========  ========== ========= ========= ======\n" +
		"990 documents, 2951 text & 2966 boilerplate segments, Python 3.13\n" +
		"--------------------------------------------------------------------------------\n" +
		"Python Package                  Precision  Recall     Accuracy  F-Score   Diff.\n" +
		"=============================== =========  ========== ========= ========= ======\n" +
		"*raw HTML*                      0.528      0.906      0.549     0.667     0.03x\n" +
		"trafilatura 2.2.0 (standard)    0.906      0.943      **0.923** **0.924** 3.2x\n" +
		"=============================== =========  ========== ========= ========= ======\n\n" +
		"Older\n=====\n\n=== ===\nold 0.1 0.1 0.1 0.1 1x\n"
	caption, rows, err := ReadPublishedExtract(strings.NewReader(rst))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(caption, "990 documents") || len(rows) != 2 {
		t.Fatalf("caption %q, rows %+v", caption, rows)
	}
	if r := rows[1]; r.Name != "trafilatura 2.2.0 (standard)" || r.F1 != 0.924 || r.Accuracy != 0.923 || r.Precision != 0.906 || r.Time != "3.2x" {
		t.Errorf("row = %+v", r)
	}
	if rows[0].Name != "raw HTML" {
		t.Errorf("row 0 = %+v", rows[0])
	}
}

// TestExtractSubset scores the first 30 pages of trafilatura's evaluation
// set and logs the scores; the full run is "parallax eval extract".
func TestExtractSubset(t *testing.T) {
	dir := shareddata.Path(t, "extraction/trafilatura-eval")
	cases, err := ReadExtractCases(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(cases) < 900 {
		t.Fatalf("%d cases, want the set's 990", len(cases))
	}
	rows, err := RunExtract(context.Background(), cases[:30], Extractors(false), 2)
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		t.Logf("%-55s P %.3f R %.3f F1 %.3f  %.1f pages/s", r.Name, r.Counts.Precision(), r.Counts.Recall(), r.Counts.F1(), r.PagesPerSecond())
		if r.Counts.F1() < 0.7 {
			t.Errorf("%s: F1 %.3f on the first 30 pages", r.Name, r.Counts.F1())
		}
	}
	f, err := os.Open(filepath.Join(dir, "docs", "evaluation.rst"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	_, pub, err := ReadPublishedExtract(f)
	if err != nil || len(pub) < 10 {
		t.Fatalf("published rows: %d, %v", len(pub), err)
	}
}
