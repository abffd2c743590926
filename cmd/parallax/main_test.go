package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/internal/ingest"
)

const demoDir = "../../demo/port-alder"

// runCmd runs the command line in-process and returns its exit code and
// outputs.
func runCmd(t *testing.T, stdin string, args ...string) (int, string, string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	e := &env{stdin: strings.NewReader(stdin), stdout: &stdout, stderr: &stderr}
	code := run(context.Background(), e, args)
	return code, stdout.String(), stderr.String()
}

func TestDigestDemo(t *testing.T) {
	code, out, errOut := runCmd(t, "", "digest", demoDir)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"Sources", "[A]", "[D]", "Meridian Press", "The Harbor Gazette"} {
		if !strings.Contains(out, want) {
			t.Errorf("digest lacks %q:\n%s", want, out)
		}
	}
	for _, chrome := range []string{"Watch Live", "Sorry, your comment", "Share this story", "Photo: Jonas Feld", "with wire services", "By Dana Whitlock"} {
		if strings.Contains(out, chrome) {
			t.Errorf("digest keeps page chrome %q:\n%s", chrome, out)
		}
	}
	if strings.Contains(out, "\x1b[") {
		t.Errorf("colour codes in output that is not a terminal")
	}
}

func TestDigestJSON(t *testing.T) {
	for _, words := range []string{"40", "100", "200"} {
		code, out, errOut := runCmd(t, "", "digest", "--format", "json", "--words", words, demoDir)
		if code != exitOK {
			t.Fatalf("--words %s: exit %d, stderr:\n%s", words, code, errOut)
		}
		var d parallax.Digest
		if err := json.Unmarshal([]byte(out), &d); err != nil {
			t.Fatalf("--words %s: output is not a digest: %v\n%s", words, err, out)
		}
		if len(d.Sources) != 4 {
			t.Errorf("--words %s: %d sources, want 4", words, len(d.Sources))
		}
		if len(d.Summary.Sentences) == 0 {
			t.Fatalf("--words %s: empty summary", words)
		}
		limit := map[string]int{"40": 40, "100": 100, "200": 200}[words]
		if n := d.Summary.Words(); n > limit {
			t.Errorf("--words %s: summary has %d words", words, n)
		}
		bodies := demoBodies(t)
		for _, s := range d.Summary.Sentences {
			body, ok := bodies[s.DocID]
			if !ok {
				t.Fatalf("sentence from unknown document %q", s.DocID)
			}
			if s.End > len(body) || body[s.Start:s.End] != s.Text {
				t.Errorf("sentence %q does not match its span %d-%d in %s", s.Text, s.Start, s.End, s.DocID)
			}
			for _, sup := range s.Support {
				if sup.DocID == s.DocID {
					t.Errorf("sentence %q supported by its own document", s.Text)
				}
				if b := bodies[sup.DocID]; sup.End > len(b) || b[sup.Start:sup.End] != sup.Text {
					t.Errorf("support %q does not match its span in %s", sup.Text, sup.DocID)
				}
			}
		}
	}
}

// demoBodies maps the demo's article IDs to their bodies as Parallax reads
// them, to check that every span points at the text it quotes.
func demoBodies(t *testing.T) map[string]string {
	t.Helper()
	articles, errs := ingest.ReadPaths(context.Background(), []string{demoDir}, ingest.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	m := make(map[string]string)
	for _, a := range articles {
		m[a.ID] = a.Body
	}
	return m
}

func TestDigestFormats(t *testing.T) {
	tests := []struct {
		format string
		want   []string
	}{
		{"text", []string{"Sources\n", "[A]"}},
		{"markdown", []string{"# ", "## Sources", "- **[A]**"}},
		{"html", []string{"<!doctype html>", `id="source-A"`, "</html>"}},
	}
	for _, tt := range tests {
		code, out, errOut := runCmd(t, "", "digest", "--format", tt.format, demoDir)
		if code != exitOK {
			t.Fatalf("%s: exit %d, stderr:\n%s", tt.format, code, errOut)
		}
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s output lacks %q:\n%s", tt.format, w, out)
			}
		}
	}
}

func TestDigestDeterministic(t *testing.T) {
	_, first, _ := runCmd(t, "", "digest", "--format", "json", demoDir)
	for range 3 {
		if _, again, _ := runCmd(t, "", "digest", "--format", "json", demoDir); again != first {
			t.Fatal("two runs on the same input gave different output")
		}
	}
}

func TestDigestBadInput(t *testing.T) {
	dir := t.TempDir()
	empty := filepath.Join(dir, "empty.txt")
	binary := filepath.Join(dir, "blob.txt")
	if err := os.WriteFile(empty, nil, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(binary, []byte{0, 1, 2, 0, 0xff, 0xfe, 0, 0, 7}, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.txt")
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr []string
	}{
		{"only bad inputs", []string{"digest", empty, binary, missing}, exitFailed, []string{"empty.txt", "blob.txt", "missing.txt"}},
		{"bad and good", []string{"digest", missing, demoDir}, exitPartial, []string{"missing.txt"}},
		{"no arguments", []string{"digest"}, exitUsage, []string{"no input"}},
		{"bad format", []string{"digest", "--format", "pdf", demoDir}, exitUsage, []string{"pdf"}},
		{"bad words", []string{"digest", "--words", "0", demoDir}, exitUsage, []string{"--words"}},
		{"unknown flag", []string{"digest", "--nope", demoDir}, exitUsage, []string{"nope"}},
		{"unknown command", []string{"digestt"}, exitUsage, []string{"unknown command"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, "", tt.args...)
			if code != tt.code {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tt.code, errOut)
			}
			for _, w := range tt.inStderr {
				if !strings.Contains(errOut, w) {
					t.Errorf("stderr lacks %q:\n%s", w, errOut)
				}
			}
		})
	}
}

func TestDigestStdin(t *testing.T) {
	body, err := os.ReadFile(filepath.Join(demoDir, "harbor-gazette.txt"))
	if err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, string(body), "digest", "--words", "50", "-")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "Marisol Star") {
		t.Errorf("digest of stdin lacks the story:\n%s", out)
	}
}

func TestHelp(t *testing.T) {
	for _, args := range [][]string{{"help"}, {"digest", "--help"}, {"summarize", "--help"}, {"help", "digest"}} {
		code, out, errOut := runCmd(t, "", args...)
		if code != exitOK {
			t.Errorf("%q: exit %d", args, code)
		}
		if !strings.Contains(out+errOut, "parallax") {
			t.Errorf("%q: no usage printed", args)
		}
		if len(args) > 1 && !strings.Contains(out+errOut, "Example") {
			t.Errorf("%q: help has no example", args)
		}
	}
}

// writeStories writes an MDS JSONL file whose stories are made of the demo
// articles, with broken lines between them.
func writeStories(t *testing.T) string {
	t.Helper()
	var docs []map[string]string
	entries, err := os.ReadDir(demoDir)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		b, err := os.ReadFile(filepath.Join(demoDir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		docs = append(docs, map[string]string{"id": e.Name(), "text": string(b)})
	}
	line := func(v any) string {
		b, err := json.Marshal(v)
		if err != nil {
			t.Fatal(err)
		}
		return string(b)
	}
	lines := []string{
		line(map[string]any{"id": "s1", "documents": docs, "references": []string{"x"}}),
		`{"id": "broken", "documents": [`,
		line(map[string]any{"id": "nodocs"}),
		line(map[string]any{"id": "s2", "documents": docs[:2]}),
		line(map[string]any{"id": "blank", "documents": []map[string]string{{"id": "e", "text": "  "}}}),
	}
	path := filepath.Join(t.TempDir(), "stories.jsonl")
	if err := os.WriteFile(path, []byte(strings.Join(lines, "\n")+"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestSummarizeBatch(t *testing.T) {
	in := writeStories(t)
	out := filepath.Join(t.TempDir(), "out.jsonl")
	code, _, errOut := runCmd(t, "", "summarize", "--input", in, "--output", out, "--words", "80")
	if code != exitPartial {
		t.Errorf("exit %d, want %d (some stories failed); stderr:\n%s", code, exitPartial, errOut)
	}
	for _, w := range []string{"stories.jsonl:2", "stories.jsonl:3", "stories.jsonl:5"} {
		if !strings.Contains(errOut, w) {
			t.Errorf("stderr does not name %q:\n%s", w, errOut)
		}
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d summaries written, want 2:\n%s", len(lines), b)
	}
	for i, want := range []string{"s1", "s2"} {
		var s parallax.Summary
		if err := json.Unmarshal([]byte(lines[i]), &s); err != nil {
			t.Fatalf("line %d: %v", i+1, err)
		}
		if s.ID != want {
			t.Errorf("line %d is story %q, want %q (input order)", i+1, s.ID, want)
		}
		if s.Text == "" || len(s.Sentences) == 0 || s.Words() > 80 {
			t.Errorf("story %s: bad summary (%d words): %q", want, s.Words(), s.Text)
		}
		for _, ss := range s.Sentences {
			if ss.DocID == "" || ss.End <= ss.Start {
				t.Errorf("story %s: sentence without a source span: %+v", want, ss)
			}
		}
	}
	// The output keeps the documented field names.
	for _, field := range []string{`"id"`, `"summary"`, `"sentences"`, `"doc_id"`, `"start"`, `"end"`, `"support"`} {
		if !strings.Contains(lines[0], field) {
			t.Errorf("output lacks field %s", field)
		}
	}
}

func TestSummarizeUsage(t *testing.T) {
	code, _, errOut := runCmd(t, "", "summarize", "--output", "x.jsonl")
	if code != exitUsage || !strings.Contains(errOut, "--input") {
		t.Errorf("missing --input: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runCmd(t, "", "summarize", "--input", filepath.Join(t.TempDir(), "none.jsonl"))
	if code != exitFailed || !strings.Contains(errOut, "none.jsonl") {
		t.Errorf("missing input file: exit %d, stderr %q", code, errOut)
	}
}
