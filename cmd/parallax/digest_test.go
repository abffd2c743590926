package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax"
)

// TestDigestMixedPile: the demo story and an invented museum story given
// together come back as two digests, each with only its own sources.
func TestDigestMixedPile(t *testing.T) {
	code, out, errOut := runCmd(t, "", "digest", "--format", "json", "--words", "40", demoDir, "testdata/mixed")
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	var ds []parallax.Digest
	if err := json.Unmarshal([]byte(out), &ds); err != nil {
		t.Fatalf("not an array of digests: %v\n%s", err, out)
	}
	if len(ds) != 2 {
		t.Fatalf("%d digests, want 2", len(ds))
	}
	outlets := func(d parallax.Digest) string {
		var o []string
		for _, s := range d.Sources {
			o = append(o, s.Outlet)
		}
		return strings.Join(o, ", ")
	}
	if len(ds[0].Sources) != 4 || len(ds[1].Sources) != 2 || !strings.Contains(outlets(ds[1]), "Valley Observer") {
		t.Errorf("stories split wrongly: %q and %q", outlets(ds[0]), outlets(ds[1]))
	}
	if !strings.Contains(errOut, "2 stories") {
		t.Errorf("stderr does not say the pile was split: %q", errOut)
	}

	code, out, _ = runCmd(t, "", "digest", "--words", "40", demoDir, "testdata/mixed")
	if code != exitOK || !strings.Contains(out, "Story 1 of 2") || !strings.Contains(out, "Story 2 of 2") {
		t.Errorf("text format: exit %d, no story rules:\n%s", code, out)
	}
	code, out, _ = runCmd(t, "", "digest", "--one-story", "--format", "json", "--words", "40", demoDir, "testdata/mixed")
	var one parallax.Digest
	if code != exitOK || json.Unmarshal([]byte(out), &one) != nil || len(one.Sources) != 6 {
		t.Errorf("--one-story: exit %d, want one digest of 6 sources:\n%.300s", code, out)
	}
	if code, _, errOut := runCmd(t, "", "digest", "--format", "html", demoDir, "testdata/mixed"); code != exitUsage || !strings.Contains(errOut, "--one-story") {
		t.Errorf("html of two stories: exit %d, %q", code, errOut)
	}
}

// TestCluster groups the same pile with parallax cluster.
func TestCluster(t *testing.T) {
	code, out, errOut := runCmd(t, "", "cluster", "--input", "testdata/mixed")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d lines, want 2:\n%s", len(lines), out)
	}
	var a, b struct{ ID, Story string }
	if json.Unmarshal([]byte(lines[0]), &a) != nil || json.Unmarshal([]byte(lines[1]), &b) != nil || a.Story == "" || a.Story != b.Story {
		t.Errorf("two reports of the museum opening not in one story:\n%s", out)
	}
	if code, _, _ := runCmd(t, "", "cluster"); code != exitUsage {
		t.Errorf("no --input: exit %d, want %d", code, exitUsage)
	}
}

func TestEvalClusterSynthetic(t *testing.T) {
	code, out, errOut := runCmd(t, "", "eval", "cluster", "--synthetic", "3000")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"synthetic stream of 3000 articles", "articles/s", "B-cubed P"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}
