package main

import (
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/eval"
	"github.com/parallaxnews/parallax/internal/shareddata"
)

// The eval package's fixtures: three invented stories, a fake ROUGE
// output with a published system and a human, and invented WordNet
// exception lists standing in for ROUGE's data directory.
const (
	evalStories   = "../../internal/eval/testdata/stories.jsonl"
	evalPublished = "../../internal/eval/testdata/published.m.out"
	evalRougeData = "../../internal/eval/testdata/rouge-data"
)

// fastRouge are the generic settings with fewer resamples.
const fastRouge = "-n 2 -m -2 4 -u -c 95 -r 100 -f A -p 0.5 -t 0 -l 50"

type evalTable struct {
	Set     string     `json:"set"`
	Stories int        `json:"stories"`
	Skipped int        `json:"skipped"`
	Command string     `json:"command"`
	Rows    []eval.Row `json:"rows"`
}

func decodeTable(t *testing.T, out string) evalTable {
	t.Helper()
	var tab evalTable
	if err := json.Unmarshal([]byte(out), &tab); err != nil {
		t.Fatalf("output is not a JSON table: %v\n%s", err, out)
	}
	return tab
}

func TestEvalSummarize(t *testing.T) {
	t.Setenv("ROUGE_EVAL_HOME", evalRougeData)
	dir := filepath.Join(t.TempDir(), "out")
	code, out, errOut := runCmd(t, "", "eval", "summarize", "--data", evalStories, "--words", "50",
		"--rouge", fastRouge, "--format", "json", "--out", dir, "--workers", "2")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	if errOut != "" {
		t.Errorf("stderr not empty off a terminal:\n%s", errOut)
	}
	tab := decodeTable(t, out)
	if tab.Set != "generic" || tab.Stories != 3 || tab.Command != fastRouge {
		t.Errorf("table %+v", tab)
	}
	kinds := map[string]eval.Kind{}
	for _, r := range tab.Rows {
		kinds[r.System] = r.Kind
	}
	for name, kind := range map[string]eval.Kind{"parallax": eval.KindOurs, "lead": eval.KindBaseline,
		"lead-first": eval.KindBaseline, "lead-latest": eval.KindBaseline, "random": eval.KindBaseline,
		"oracle": eval.KindOracle, "references": eval.KindHuman} {
		if kinds[name] != kind {
			t.Errorf("row %s: kind %q, want %q", name, kinds[name], kind)
		}
	}

	table, err := os.ReadFile(filepath.Join(dir, "table.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(table), "ROUGE-1.5.5.pl "+fastRouge) || !strings.Contains(string(table), "ROUGE-2 R") {
		t.Errorf("table.txt:\n%s", table)
	}
	f, err := os.Open(filepath.Join(dir, "scores.csv"))
	if err != nil {
		t.Fatal(err)
	}
	recs, err := csv.NewReader(f).ReadAll()
	f.Close()
	if err != nil {
		t.Fatalf("scores.csv: %v", err)
	}
	if want := 1 + (len(eval.Systems)+1)*3; len(recs) != want {
		t.Errorf("scores.csv has %d records, want %d", len(recs), want)
	}
	b, err := os.ReadFile(filepath.Join(dir, "summaries.jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != len(eval.Systems)*3 {
		t.Errorf("summaries.jsonl has %d lines, want %d", len(lines), len(eval.Systems)*3)
	}
	for _, l := range lines {
		var s eval.SummaryLine
		if err := json.Unmarshal([]byte(l), &s); err != nil || s.System == "" || s.ID == "" {
			t.Errorf("summary line %q: %v", l, err)
		}
	}
	svg, err := os.Open(filepath.Join(dir, "chart.svg"))
	if err != nil {
		t.Fatal(err)
	}
	defer svg.Close()
	dec := xml.NewDecoder(svg)
	for {
		if _, err := dec.Token(); errors.Is(err, io.EOF) {
			break
		} else if err != nil {
			t.Fatalf("chart.svg: %v", err)
		}
	}
}

// TestEvalDeterministic: the same bytes whatever the number of workers.
func TestEvalDeterministic(t *testing.T) {
	t.Setenv("ROUGE_EVAL_HOME", evalRougeData)
	var first string
	for _, w := range []string{"1", "3"} {
		csvPath := filepath.Join(t.TempDir(), "s.csv")
		code, out, errOut := runCmd(t, "", "eval", "summarize", "--data", evalStories, "--rouge", fastRouge,
			"--workers", w, "--csv", csvPath)
		if code != exitOK {
			t.Fatalf("exit %d: %s", code, errOut)
		}
		b, err := os.ReadFile(csvPath)
		if err != nil {
			t.Fatal(err)
		}
		if got := out + string(b); first == "" {
			first = got
		} else if got != first {
			t.Errorf("--workers %s output differs from --workers 1", w)
		}
	}
}

func TestEvalPublished(t *testing.T) {
	t.Setenv("ROUGE_EVAL_HOME", evalRougeData)
	code, out, errOut := runCmd(t, "", "eval", "summarize", "--data", evalStories, "--rouge", fastRouge,
		"--published", evalPublished, "--algorithm", "parallax,lead", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	tab := decodeTable(t, out)
	var got []string
	for _, r := range tab.Rows {
		got = append(got, r.System+"/"+string(r.Kind))
	}
	want := map[string]bool{"parallax/ours": true, "lead/baseline": true, "7/published": true, "Q/human": true}
	if len(got) != len(want) {
		t.Errorf("rows %q", got)
	}
	for _, g := range got {
		if !want[g] {
			t.Errorf("unexpected row %s (rows %q)", g, got)
		}
	}
	code, out, _ = runCmd(t, "", "eval", "summarize", "--data", evalStories, "--rouge", fastRouge,
		"--published", evalPublished, "--format", "markdown")
	if code != exitOK || !strings.Contains(out, "| 7 | published |") || !strings.Contains(out, "| **parallax** | ours |") {
		t.Errorf("exit %d, markdown:\n%s", code, out)
	}
}

func TestEvalBadInput(t *testing.T) {
	t.Setenv("ROUGE_EVAL_HOME", evalRougeData)
	good, err := os.ReadFile(evalStories)
	if err != nil {
		t.Fatal(err)
	}
	goodLines := strings.Split(strings.TrimSpace(string(good)), "\n")
	write := func(name, content string) string {
		p := filepath.Join(t.TempDir(), name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	mixed := write("mixed.jsonl", goodLines[0]+"\n"+
		`{"id": "broken", "documents": [`+"\n"+
		`{"id": "norefs", "documents": [{"id": "a", "text": "The Ostby bridge reopened on Friday after repairs."}]}`+"\n"+
		goodLines[2]+"\n")
	noRefs := write("norefs.jsonl", `{"id": "norefs", "documents": [{"id": "a", "text": "The Ostby bridge reopened."}], "references": []}`+"\n")
	empty := write("empty.jsonl", "")
	binary := write("binary.jsonl", "\x00\x01\x02\x03garbage\x00")
	tests := []struct {
		name    string
		args    []string
		code    int
		stderr  []string // substrings
		noTable bool
	}{
		{"missing --data", nil, exitUsage, []string{"--data is required"}, true},
		{"no such file", []string{"--data", filepath.Join(t.TempDir(), "nope.jsonl")}, exitFailed, []string{"nope.jsonl"}, true},
		{"malformed line and no references", []string{"--data", mixed}, exitPartial,
			[]string{"mixed.jsonl:2:", "mixed.jsonl:3:", `story "norefs": no reference summaries`}, false},
		{"only stories without references", []string{"--data", noRefs}, exitFailed, []string{"norefs.jsonl:1:", "no story could be evaluated"}, true},
		{"empty file", []string{"--data", empty}, exitFailed, []string{"no story"}, true},
		{"binary file", []string{"--data", binary}, exitFailed, []string{"binary"}, true},
		{"unknown algorithm", []string{"--data", evalStories, "--algorithm", "parallax,magic"}, exitUsage, []string{`unknown algorithm "magic"`}, true},
		{"bad format", []string{"--data", evalStories, "--format", "yaml"}, exitUsage, []string{"--format"}, true},
		{"bad rouge flag", []string{"--data", evalStories, "--rouge", "-n 2 -q"}, exitUsage, []string{"--rouge"}, true},
		{"rouge -t 1", []string{"--data", evalStories, "--rouge", "-n 2 -t 1"}, exitFailed, []string{"-t 1"}, true},
		{"negative words", []string{"--data", evalStories, "--words", "-5"}, exitUsage, []string{"--words"}, true},
		{"unknown set", []string{"--data", evalStories, "--set", "duc1999"}, exitUsage, []string{"unknown set"}, true},
		{"missing published", []string{"--data", evalStories, "--published", filepath.Join(t.TempDir(), "x.out")}, exitFailed, []string{"x.out"}, true},
		{"published not ROUGE", []string{"--data", evalStories, "--published", evalStories}, exitFailed, []string{"not a ROUGE-1.5.5 output"}, true},
		{"unwritable csv", []string{"--data", evalStories, "--csv", filepath.Join(t.TempDir(), "no", "dir", "s.csv")}, exitFailed, []string{"s.csv"}, false},
		{"extra argument", []string{"--data", evalStories, "more.jsonl"}, exitUsage, []string{"unexpected"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"eval", "summarize", "--rouge", fastRouge}, tt.args...)
			code, out, errOut := runCmd(t, "", args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errOut, want) {
					t.Errorf("stderr lacks %q:\n%s", want, errOut)
				}
			}
			if tt.noTable && out != "" {
				t.Errorf("a table was printed:\n%s", out)
			}
			if tt.code == exitPartial && !strings.Contains(out, "2 stories evaluated, 1 skipped") {
				t.Errorf("table header does not count the skipped story:\n%s", out)
			}
		})
	}
}

func TestEvalHelp(t *testing.T) {
	code, _, errOut := runCmd(t, "", "eval", "summarize", "--help")
	if code != exitOK {
		t.Errorf("--help: exit %d", code)
	}
	for _, want := range []string{"Usage: parallax eval summarize", "Example:", "--data", "--out", "oracle", "lead-latest", "jackknifed"} {
		if !strings.Contains(errOut, want) {
			t.Errorf("help lacks %q", want)
		}
	}
	if code, _, errOut := runCmd(t, "", "eval"); code != exitUsage || !strings.Contains(errOut, "summarize") {
		t.Errorf("eval without evaluation: exit %d, %q", code, errOut)
	}
	if code, out, _ := runCmd(t, "", "eval", "--help"); code != exitOK || !strings.Contains(out, "summarize") {
		t.Errorf("eval --help: exit %d, %q", code, out)
	}
	if code, _, _ := runCmd(t, "", "eval", "translate"); code != exitUsage {
		t.Errorf("unknown evaluation: exit %d", code)
	}
}

// TestEvalDUC2006 runs the official DUC 2006 evaluation and checks that
// NIST's 34 systems, its baseline and 10 humans stand beside ours, and that our
// lead-latest, NIST's own baseline (system 1), scores as NIST scored it.
func TestEvalDUC2006(t *testing.T) {
	if testing.Short() {
		t.Skip("DUC 2006 evaluation skipped in -short mode")
	}
	data := shareddata.Path(t, "mds/duc2006.jsonl")
	shareddata.Path(t, "rouge/duc2006-nist/rougejk.m.out")
	code, out, errOut := runCmd(t, "", "eval", "summarize", "--data", data, "--words", "250", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	tab := decodeTable(t, out)
	count := map[eval.Kind]int{}
	var nist1, latest *eval.Row
	for i, r := range tab.Rows {
		count[r.Kind]++
		switch {
		case r.Kind == eval.KindNISTBase && r.System == "1":
			nist1 = &tab.Rows[i]
		case r.System == "lead-latest":
			latest = &tab.Rows[i]
		}
	}
	ours, baselines := 0, 0
	for _, s := range eval.Systems {
		switch s.Kind {
		case eval.KindOurs:
			ours++
		case eval.KindBaseline:
			baselines++
		}
	}
	if tab.Set != "duc2006" || tab.Stories != 50 || count[eval.KindNIST] != 34 || count[eval.KindNISTBase] != 1 || count[eval.KindHuman] != 10 ||
		count[eval.KindOurs] != ours || count[eval.KindBaseline] != baselines || count[eval.KindOracle] != 1 {
		t.Errorf("set %s, %d stories, rows by kind %v; want duc2006, 50, 34 NIST systems, NIST's baseline, 10 humans, %d ours, %d baselines, 1 oracle",
			tab.Set, tab.Stories, count, ours, baselines)
	}
	if nist1 == nil || latest == nil {
		t.Fatal("no row for NIST's system 1 or lead-latest")
	}
	if n, l := nist1.Scores["ROUGE-2"].Recall.Mean, latest.Scores["ROUGE-2"].Recall.Mean; l < n-0.002 || l > n+0.002 {
		t.Errorf("lead-latest ROUGE-2 recall %.5f, NIST's baseline %.5f", l, n)
	}
	for _, r := range tab.Rows {
		if r.Evaluations == 0 || r.Scores["ROUGE-SU4"].Recall.Mean == 0 || r.Scores["ROUGE-L"].F.Mean == 0 {
			t.Errorf("row %s (%s) lacks evaluations, ROUGE-SU4 or ROUGE-L", r.System, r.Kind)
		}
	}
}
