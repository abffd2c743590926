package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax"
)

func TestDigestBudgetsAndAlgorithms(t *testing.T) {
	for _, algo := range parallax.Algorithms() {
		for _, c := range []struct {
			flags []string
			check func(d parallax.Digest) bool
		}{
			{[]string{"--sentences", "2"}, func(d parallax.Digest) bool { return len(d.Summary.Sentences) <= 2 && len(d.Summary.Sentences) > 0 }},
			{[]string{"--bytes", "300"}, func(d parallax.Digest) bool { return len(d.Summary.Text) <= 300 && d.Summary.Text != "" }},
			{[]string{"--words", "40"}, func(d parallax.Digest) bool { return len(strings.Fields(d.Summary.Text)) <= 45 }},
		} {
			args := append([]string{"digest", "--format", "json", "--algorithm", algo}, c.flags...)
			code, out, errOut := runCmd(t, "", append(args, demoDir)...)
			if code != exitOK {
				t.Fatalf("%q: exit %d: %s", args, code, errOut)
			}
			var d parallax.Digest
			if err := json.Unmarshal([]byte(out), &d); err != nil {
				t.Fatal(err)
			}
			if !c.check(d) {
				t.Errorf("%q: summary %q", args, d.Summary.Text)
			}
		}
	}
	for _, bad := range [][]string{
		{"--algorithm", "magic"},
		{"--sentences", "2", "--bytes", "100"},
		{"--sentences", "-1"},
		{"--words", "0"},
	} {
		code, _, errOut := runCmd(t, "", append(append([]string{"digest"}, bad...), demoDir)...)
		if code != exitUsage || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q", bad, code, errOut)
		}
	}
}

// TestSummarizeUpdate checks that a story's update_of hides what the
// reader has seen: the update summary leaves out the earlier story's
// lead, which it repeats word for word.
func TestSummarizeUpdate(t *testing.T) {
	first := "The Brightwater dam on the Orrin river was closed on Monday after engineers found a crack in its western wall. Officials said the town of Lowmere below the dam was not in danger."
	later := first + " On Wednesday engineers began pumping water out of the reservoir to ease the pressure on the damaged wall. The regional water board said the repairs would take at least three months and cost about four million dollars."
	lines := []map[string]any{
		{"id": "dam-A", "documents": []map[string]string{{"id": "a1", "text": first}}},
		{"id": "dam-B", "update_of": []string{"dam-A"}, "documents": []map[string]string{{"id": "b1", "text": later}}},
		{"id": "dam-C", "documents": []map[string]string{{"id": "c1", "text": later}}},
	}
	var in strings.Builder
	for _, l := range lines {
		b, _ := json.Marshal(l)
		in.Write(b)
		in.WriteByte('\n')
	}
	path := filepath.Join(t.TempDir(), "stories.jsonl")
	if err := os.WriteFile(path, []byte(in.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "", "summarize", "--input", path, "--sentences", "2")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	sums := strings.Split(strings.TrimSpace(out), "\n")
	if len(sums) != 3 {
		t.Fatalf("%d summaries", len(sums))
	}
	var b, c struct{ Summary string }
	json.Unmarshal([]byte(sums[1]), &b)
	json.Unmarshal([]byte(sums[2]), &c)
	if strings.Contains(b.Summary, "crack in its western wall") {
		t.Errorf("update summary repeats what was seen: %q", b.Summary)
	}
	if !strings.Contains(c.Summary, "crack in its western wall") {
		t.Errorf("the same story without update_of leaves out its lead: %q", c.Summary)
	}
}
