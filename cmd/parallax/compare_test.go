package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/shareddata"
)

const (
	compareDir     = "testdata/compare/story" // three invented articles of one story
	compareStories = "testdata/compare/stories.jsonl"
	compareGold    = "testdata/compare/gold.json"
)

var sectionTitles = []string{"Reported by all", "Only in ", "Figures", "Quote versions", "Who said what", "Names", "Sources"}

func TestCompareFormats(t *testing.T) {
	tests := []struct {
		format string
		want   []string
	}{
		{"text", append([]string{"Only in Lakeside Courier [A]", "[A]"}, sectionTitles...)},
		{"markdown", []string{"# Dam on the Vell River", "## Reported by all", "## Only in Lakeside Courier \\[A\\]", "## Figures",
			"## Quote versions", "## Who said what", "## Names", "## Sources", "- **[A]** Lakeside Courier"}},
		{"html", []string{"<!doctype html>", "<h2>Reported by all</h2>", "<h2>Figures</h2>", "<h2>Quote versions</h2>",
			"<h2>Who said what</h2>", "<h2>Names</h2>", `id="source-A"`, `href="#source-A"`, "</html>"}},
		{"json", []string{`"comparison"`, `"sources"`, `"shared"`}},
	}
	for _, tt := range tests {
		for _, input := range []string{compareDir, demoDir} {
			code, out, errOut := runCmd(t, "", "compare", "--format", tt.format, input)
			if code != exitOK {
				t.Fatalf("%s %s: exit %d, stderr:\n%s", tt.format, input, code, errOut)
			}
			if input != compareDir {
				continue
			}
			for _, w := range tt.want {
				if !strings.Contains(out, w) {
					t.Errorf("%s output lacks %q:\n%s", tt.format, w, out)
				}
			}
			if strings.Contains(out, "\x1b[") {
				t.Errorf("%s: colour codes in output that is not a terminal", tt.format)
			}
		}
	}
}

// Every span of the JSON output is the text it quotes, in the article as
// Parallax reads it.
func TestCompareJSONSpans(t *testing.T) {
	for _, input := range []string{compareDir, demoDir} {
		code, out, errOut := runCmd(t, "", "compare", "--format", "json", input)
		if code != exitOK {
			t.Fatalf("%s: exit %d, stderr:\n%s", input, code, errOut)
		}
		var cs comparedStory
		if err := json.Unmarshal([]byte(out), &cs); err != nil {
			t.Fatalf("%s: output is not a comparison: %v\n%s", input, err, out)
		}
		arts, errs := ingest.ReadPaths(context.Background(), []string{input}, ingest.Options{})
		if len(errs) > 0 {
			t.Fatal(errs)
		}
		if len(cs.Sources) != len(arts) {
			t.Errorf("%s: %d sources, want %d", input, len(cs.Sources), len(arts))
		}
		bodies := map[string]string{}
		for _, a := range arts {
			bodies[a.ID] = a.Body
		}
		for _, e := range allExcerpts(cs.Comparison) {
			body, ok := bodies[e.DocID]
			switch {
			case !ok:
				t.Errorf("%s: excerpt %q of unknown document %q", input, e.Text, e.DocID)
			case e.Start < 0 || e.End > len(body) || e.Start > e.End:
				t.Errorf("%s: excerpt %q has span %d-%d outside %s", input, e.Text, e.Start, e.End, e.DocID)
			case body[e.Start:e.End] != e.Text:
				t.Errorf("%s: excerpt %q is not its span %q in %s", input, e.Text, body[e.Start:e.End], e.DocID)
			}
		}
	}
}

func allExcerpts(c parallax.Comparison) []parallax.Excerpt {
	var out []parallax.Excerpt
	for _, f := range append(append([]parallax.Fact{}, c.Shared...), c.Exclusives...) {
		out = append(out, f.Sources...)
	}
	for _, g := range c.Figures {
		for _, v := range g.Values {
			out = append(out, v.Excerpt)
		}
	}
	for _, g := range c.Quotes {
		for _, v := range g.Versions {
			out = append(out, v.Excerpt)
		}
	}
	return out
}

// An MDS JSONL file of several stories gives one comparison per story.
func TestCompareStories(t *testing.T) {
	code, out, errOut := runCmd(t, "", "compare", "--format", "json", compareStories)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	dec := json.NewDecoder(strings.NewReader(out))
	var ids []string
	for {
		var cs comparedStory
		if err := dec.Decode(&cs); err == io.EOF {
			break
		} else if err != nil {
			t.Fatalf("output is not a stream of comparisons: %v\n%s", err, out)
		}
		ids = append(ids, fmt.Sprintf("%s:%d", cs.ID, len(cs.Sources)))
	}
	if got := strings.Join(ids, " "); got != "dam:3 ferry:2" {
		t.Errorf("stories %q, want dam:3 ferry:2", got)
	}
	for _, format := range []string{"text", "markdown", "html"} {
		code, out, _ := runCmd(t, "", "compare", "--format", format, compareStories)
		if code != exitOK || strings.Count(out, "Reported by all") != 2 {
			t.Errorf("%s: exit %d, %d stories shown, want 2", format, code, strings.Count(out, "Reported by all"))
		}
		if format == "html" && (!strings.Contains(out, `id="story-2-source-A"`) || strings.Count(out, "<!doctype html>") != 1) {
			t.Errorf("html: stories not on one page with their own anchors")
		}
	}
	// From standard input too.
	data, err := os.ReadFile(compareStories)
	if err != nil {
		t.Fatal(err)
	}
	if code, out, errOut := runCmd(t, string(data), "compare", "-"); code != exitOK || strings.Count(out, "Reported by all") != 2 {
		t.Errorf("stdin: exit %d, stderr %s", code, errOut)
	}
}

func TestCompareBadInput(t *testing.T) {
	dir := t.TempDir()
	binary := filepath.Join(dir, "blob.txt")
	if err := os.WriteFile(binary, []byte{0, 1, 2, 0, 0xff, 0xfe, 0, 0, 7}, 0o644); err != nil {
		t.Fatal(err)
	}
	missing := filepath.Join(dir, "missing.txt")
	single := "testdata/compare/single.txt"
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr []string
	}{
		{"no arguments", []string{"compare"}, exitUsage, []string{"no input", "Example"}},
		{"bad format", []string{"compare", "--format", "pdf", compareDir}, exitUsage, []string{"pdf"}},
		{"bad colour", []string{"compare", "--color", "pink", compareDir}, exitUsage, []string{"pink"}},
		{"unknown flag", []string{"compare", "--nope", compareDir}, exitUsage, []string{"nope"}},
		{"missing file", []string{"compare", missing}, exitFailed, []string{"missing.txt", "no articles could be read"}},
		{"unreadable file", []string{"compare", binary}, exitFailed, []string{"blob.txt"}},
		{"one article", []string{"compare", single}, exitFailed, []string{"single.txt", "a comparison needs two sources"}},
		{"one article and a bad one", []string{"compare", single, missing}, exitFailed, []string{"missing.txt", "two sources"}},
		{"bad and good", []string{"compare", missing, compareDir}, exitPartial, []string{"missing.txt"}},
		{"a story of one article", []string{"compare", "testdata/compare/partial.jsonl"}, exitPartial, []string{"story festival has one article", "two sources"}},
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

// The digest shows the comparison after the summary, in every format,
// and only when there are two articles or more.
func TestDigestComparison(t *testing.T) {
	for _, format := range []string{"text", "markdown", "html"} {
		code, out, errOut := runCmd(t, "", "digest", "--format", format, compareDir)
		if code != exitOK {
			t.Fatalf("%s: exit %d: %s", format, code, errOut)
		}
		for _, w := range sectionTitles {
			if !strings.Contains(out, w) {
				t.Errorf("%s digest lacks %q", format, w)
			}
		}
		if i, j := strings.Index(out, "Reported by all"), strings.LastIndex(out, "Sources"); i < 0 || j < i {
			t.Errorf("%s: the comparison is not between the summary and the sources", format)
		}
	}
	code, out, _ := runCmd(t, "", "digest", "--format", "json", compareDir)
	var d parallax.Digest
	if err := json.Unmarshal([]byte(out), &d); code != exitOK || err != nil || d.Comparison == nil {
		t.Fatalf("json digest: exit %d, %v, comparison %v", code, err, d.Comparison != nil)
	}
	code, out, _ = runCmd(t, "", "digest", "testdata/compare/single.txt")
	if code != exitOK || strings.Contains(out, "Reported by all") {
		t.Errorf("a digest of one article shows a comparison (exit %d):\n%s", code, out)
	}
	code, out, _ = runCmd(t, "", "digest", "--format", "json", "testdata/compare/single.txt")
	if code != exitOK || strings.Contains(out, `"comparison"`) {
		t.Errorf("a digest of one article has a comparison in JSON (exit %d)", code)
	}
}

// The renderers on a comparison written by hand: diffs, conflicts and
// escaping, whatever the comparison package finds.
func TestCompareRenderers(t *testing.T) {
	ex := func(doc, s string) parallax.Excerpt { return parallax.Excerpt{DocID: doc, Text: s} }
	cs := comparedStory{
		ID: "s1",
		Sources: []parallax.Source{
			{Key: "A", DocID: "a", Outlet: "Gazette"},
			{Key: "B", DocID: "b", Outlet: "Press <Daily>"},
		},
		Comparison: parallax.Comparison{
			Shared:     []parallax.Fact{{Text: "The bridge <closed> on Monday.", Sources: []parallax.Excerpt{ex("a", "The bridge <closed> on Monday."), ex("b", "The bridge shut Monday.")}}},
			Exclusives: []parallax.Fact{{Text: "Only B knows *this*.", Sources: []parallax.Excerpt{ex("b", "Only B knows *this*.")}}},
			Figures: []parallax.Figure{
				{What: "people hurt", Unit: "people", Agree: true, Values: []parallax.FigureValue{{Excerpt: ex("a", "at least 12 people"), Value: 12, Hedge: "at least"}}},
				{What: "cost", Unit: "dollars", Agree: false, Values: []parallax.FigureValue{
					{Excerpt: ex("a", "$2 million"), Value: 2e6}, {Excerpt: ex("b", "$5 million"), Value: 5e6}}},
			},
			Quotes: []parallax.QuoteGroup{{Speaker: "Ada Brun", Versions: []parallax.QuoteVersion{
				{Quote: parallax.Quote{Excerpt: ex("a", "We will reopen it to traffic"), Speaker: "Ada Brun"}},
				{Quote: parallax.Quote{Excerpt: ex("b", "We will reopen it soon"), Speaker: "Brun"}, Diff: []parallax.DiffOp{
					{Op: "=", Text: "We will reopen it"}, {Op: "-", Text: "to traffic"}, {Op: "+", Text: "soon"}}},
			}}},
			Entities: []parallax.Entity{{Name: "Ada Brun", Kind: "person", Aliases: []string{"Brun"}, Docs: []string{"a", "b"}, Mentions: 3}},
		},
	}
	tests := []struct {
		format    string
		want, not []string
	}{
		{"text", []string{"The bridge <closed> on Monday. [A][B]", "Only in Press <Daily> [B]", "cost (dollars): CONFLICT", "people hurt: one source",
			"[A] at least 12 people (at least 12)", "[B] $5 million (5,000,000)", "diff: We will reopen it [-to traffic-] {+soon+}",
			"Ada Brun\n    - “We will reopen it to traffic” [A][B]", "Ada Brun (person; also Brun) [A][B]"}, nil},
		{"markdown", []string{`The bridge \<closed\> on Monday. [A] [B]`, `Only B knows \*this\*. [B]`, "cost (dollars): **CONFLICT**",
			"diff: We will reopen it ~~to traffic~~ **soon**", "**Ada Brun** (person; also Brun) [A] [B]"}, nil},
		{"html", []string{"The bridge &lt;closed&gt; on Monday.", "Press &lt;Daily&gt;", `<strong class="verdict conflict">CONFLICT</strong>`,
			"<del>to traffic</del>", "<ins>soon</ins>", "[B] The bridge shut Monday."}, []string{"<closed>", "<Daily>"}},
	}
	for _, tt := range tests {
		var buf bytes.Buffer
		if err := compareRenderers[tt.format](&buf, []comparedStory{cs}, renderOptions{}); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		for _, w := range tt.want {
			if !strings.Contains(out, w) {
				t.Errorf("%s lacks %q:\n%s", tt.format, w, out)
			}
		}
		for _, w := range tt.not {
			if strings.Contains(out, w) {
				t.Errorf("%s has unescaped %q", tt.format, w)
			}
		}
	}
	// Colour, when asked for, highlights a conflict.
	var buf bytes.Buffer
	compareText(&buf, []comparedStory{cs}, renderOptions{color: true})
	if !strings.Contains(buf.String(), ansiRed+"CONFLICT"+ansiReset) {
		t.Errorf("conflict not highlighted in colour:\n%q", buf.String())
	}
}

func TestCompareHelp(t *testing.T) {
	for _, args := range [][]string{{"compare", "--help"}, {"help", "compare"}, {"eval", "compare", "--help"}} {
		code, out, errOut := runCmd(t, "", args...)
		if code != exitOK {
			t.Errorf("%q: exit %d", args, code)
		}
		if !strings.Contains(out+errOut, "Example") || !strings.Contains(out+errOut, "parallax") {
			t.Errorf("%q: no usage with an example:\n%s", args, out+errOut)
		}
	}
	_, out, _ := runCmd(t, "", "help")
	if !strings.Contains(out, "compare") {
		t.Errorf("help does not list compare:\n%s", out)
	}
}

func TestEvalCompare(t *testing.T) {
	code, out, errOut := runCmd(t, "", "eval", "compare", "--data", compareStories, "--gold", compareGold)
	if code != exitOK {
		t.Fatalf("exit %d, stderr:\n%s", code, errOut)
	}
	for _, w := range []string{"story ferry", "quotes found (recall)", "speaker right", "quote grouping pairwise F1", "numbers found",
		"agree/conflict right", "shared facts found", "exclusives found", "entities found, aliases merged", "boilerplate removed"} {
		if !strings.Contains(out, w) {
			t.Errorf("table lacks %q:\n%s", w, out)
		}
	}
	code, out, errOut = runCmd(t, "", "eval", "compare", "--data", compareStories, "--gold", compareGold, "--format", "json")
	if code != exitOK {
		t.Fatalf("json: exit %d, stderr:\n%s", code, errOut)
	}
	var rep struct {
		Stories []struct {
			ID     string `json:"id"`
			Scores map[string]struct {
				Hit   *int     `json:"hit"`
				Of    *int     `json:"of"`
				Score *float64 `json:"score"`
			} `json:"scores"`
		} `json:"stories"`
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("json report: %v\n%s", err, out)
	}
	if len(rep.Stories) != 1 || rep.Stories[0].ID != "ferry" || rep.Stories[0].Scores["quotes_found"].Of == nil || *rep.Stories[0].Scores["quotes_found"].Of != 2 {
		t.Errorf("json report: %s", out)
	}

	dir := t.TempDir()
	badGold := filepath.Join(dir, "gold.json")
	os.WriteFile(badGold, []byte(`{"clusters": [{"id": "x", "documents": {"A": "a"}, "exclusives": [{"doc": "Z", "fact": "f"}]}]}`), 0o644)
	otherGold := filepath.Join(dir, "other.json")
	os.WriteFile(otherGold, []byte(`{"clusters": [{"id": "nowhere", "documents": {"A": "a"}}]}`), 0o644)
	tests := []struct {
		name     string
		args     []string
		code     int
		inStderr string
	}{
		{"no gold", []string{"eval", "compare", "--data", compareStories}, exitUsage, "--gold"},
		{"bad format", []string{"eval", "compare", "--data", compareStories, "--gold", compareGold, "--format", "xml"}, exitUsage, "xml"},
		{"missing gold", []string{"eval", "compare", "--data", compareStories, "--gold", filepath.Join(dir, "none.json")}, exitFailed, "none.json"},
		{"bad gold", []string{"eval", "compare", "--data", compareStories, "--gold", badGold}, exitFailed, `exclusives[0].doc: document "Z"`},
		{"gold of other stories", []string{"eval", "compare", "--data", compareStories, "--gold", otherGold}, exitFailed, `"nowhere"`},
		{"missing data", []string{"eval", "compare", "--data", filepath.Join(dir, "none.jsonl"), "--gold", compareGold}, exitFailed, "none.jsonl"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, _, errOut := runCmd(t, "", tt.args...)
			if code != tt.code || !strings.Contains(errOut, tt.inStderr) {
				t.Errorf("exit %d (want %d), stderr lacks %q?\n%s", code, tt.code, tt.inStderr, errOut)
			}
		})
	}
}

// TestEvalCompareSeeds logs the command's table on the seeds.
func TestEvalCompareSeeds(t *testing.T) {
	data := shareddata.Path(t, "compare/seeds.jsonl")
	gold := shareddata.Path(t, "compare/seeds-gold.json")
	code, out, errOut := runCmd(t, "", "eval", "compare", "--data", data, "--gold", gold)
	if code != exitOK {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
	t.Logf("\n%s", out)
}

// syntheticStory is an invented story of n articles: each outlet words the
// same events, quotes and figures a little differently and adds its own.
func syntheticStory(n int) []parallax.Article {
	names := []string{"Mara Ostend", "Tomas Reyhill", "Lena Ostrova", "Pieter Vand", "Ada Brun"}
	places := []string{"Brannock", "Orla Island", "the Vell valley", "Port Alder"}
	var arts []parallax.Article
	for i := range n {
		var b strings.Builder
		fmt.Fprintf(&b, "BRANNOCK -- The Vell River dam held on Tuesday after %s days of record rain, and %s %d residents were moved to higher ground.\n\n",
			[]string{"three", "3", "several"}[i%3], []string{"more than", "about", "nearly", "at least"}[i%4], 1200+100*(i%3))
		fmt.Fprintf(&b, "“The dam is safe%s we expect people to be home by Friday,” said county engineer %s. “We will keep watching it every hour.”\n\n",
			[]string{", and", " and", "; "}[i%3], names[1])
		for p := range 12 {
			who := names[(i+p)%len(names)]
			fmt.Fprintf(&b, "In %s, %s said the %d volunteers of unit %d had filled %d sandbags by Monday night, according to the county. ",
				places[(i+p)%len(places)], who, 20+p*i%50, p, 500*(p+1))
			fmt.Fprintf(&b, "\"We did what we could for the town,\" %s told the paper, adding that the reservoir rose %d meters.\n\n", who, 4+(i+p)%3)
		}
		fmt.Fprintf(&b, "Outlet %d alone reports that Mayor Lena Ostrova visited the shelter on Wednesday with %d officials.\n", i, i+2)
		arts = append(arts, parallax.Article{ID: fmt.Sprintf("doc%02d", i), Outlet: fmt.Sprintf("Outlet %d", i), Body: b.String()})
	}
	return arts
}

// BenchmarkCompare times the core of "parallax compare": Compare on the
// analysed documents of a 25-article story.
func BenchmarkCompare(b *testing.B) {
	arts := syntheticStory(25)
	docs := make([]parallax.Document, len(arts))
	words := 0
	for i, a := range arts {
		docs[i] = parallax.Analyze(a)
		words += len(strings.Fields(a.Body))
	}
	for b.Loop() {
		parallax.Compare(docs)
	}
	b.ReportMetric(float64(words), "words/story")
}

// BenchmarkCompareWithAnalysis includes analysing the 25 articles.
func BenchmarkCompareWithAnalysis(b *testing.B) {
	arts := syntheticStory(25)
	for b.Loop() {
		docs := make([]parallax.Document, len(arts))
		for i, a := range arts {
			docs[i] = parallax.Analyze(a)
		}
		parallax.Compare(docs)
	}
}

func TestCompareDeterministic(t *testing.T) {
	for _, input := range []string{compareDir, demoDir} {
		_, first, _ := runCmd(t, "", "compare", "--format", "json", input)
		for range 3 {
			if _, again, _ := runCmd(t, "", "compare", "--format", "json", input); again != first {
				t.Fatalf("%s: two runs on the same input gave different output", input)
			}
		}
	}
}
