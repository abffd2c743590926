package eval

import (
	"bytes"
	"context"
	"encoding/csv"
	"encoding/json"
	"encoding/xml"
	"errors"
	"io"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/rouge"
	"github.com/parallaxnews/parallax/internal/text"
)

const (
	fixture   = "testdata/stories.jsonl"
	rougeData = "testdata/rouge-data" // invented WordNet exception lists
)

// testArgs are the generic set's settings with fewer resamples.
const testArgs = "-n 2 -m -2 4 -u -c 95 -r 200 -f A -p 0.5 -t 0 -l 60"

func settings(t testing.TB, args string) rouge.Settings {
	t.Helper()
	st, rest, err := rouge.ParseArgs(strings.Fields(args))
	if err != nil || len(rest) > 0 {
		t.Fatalf("ParseArgs(%q): %v %q", args, err, rest)
	}
	st.DataDir = rougeData
	return st
}

func stories(t testing.TB, path string) []news.Story {
	t.Helper()
	st, errs := ingest.ReadStories(context.Background(), path, ingest.Options{})
	if len(errs) > 0 {
		t.Fatalf("read %s: %v", path, errs)
	}
	return st
}

// inputs analyses the fixture's stories as Run does.
func inputs(t testing.TB, words int) []*Input {
	t.Helper()
	sc, err := settings(t, testArgs).NewScorer()
	if err != nil {
		t.Fatal(err)
	}
	var out []*Input
	for _, st := range stories(t, fixture) {
		in := &Input{Story: st, Words: words, Seed: 1, Scorer: sc, LengthWords: words}
		for _, a := range st.Articles {
			in.Docs = append(in.Docs, text.Analyze(a))
		}
		for _, ref := range st.References {
			var sents []string
			for _, s := range text.Analyze(news.Article{Body: ref}).Sentences {
				sents = append(sents, s.Text)
			}
			in.References = append(in.References, sents)
		}
		out = append(out, in)
	}
	return out
}

func TestLookupSystems(t *testing.T) {
	tests := []struct {
		list    string
		want    []string
		wantErr bool
	}{
		{"", SystemNames(), false},
		{"parallax,oracle", []string{"parallax", "oracle"}, false},
		{" lead , lead,random ", []string{"lead", "random"}, false},
		{"parallax,nope", nil, true},
		{",", nil, true},
	}
	for _, tt := range tests {
		got, err := LookupSystems(tt.list)
		if (err != nil) != tt.wantErr {
			t.Errorf("LookupSystems(%q) error %v, want error %v", tt.list, err, tt.wantErr)
			continue
		}
		var names []string
		for _, s := range got {
			names = append(names, s.Name)
			if s.Summarize == nil || s.Kind == "" {
				t.Errorf("system %q lacks a summarizer or a kind", s.Name)
			}
		}
		if !slices.Equal(names, tt.want) {
			t.Errorf("LookupSystems(%q) = %q, want %q", tt.list, names, tt.want)
		}
	}
	for _, want := range []string{"parallax", "lead", "lead-first", "lead-latest", "random", "oracle"} {
		if !slices.Contains(SystemNames(), want) {
			t.Errorf("registry lacks %q", want)
		}
	}
}

func TestDetectSet(t *testing.T) {
	tests := []struct {
		ids  []string
		want string
	}{
		{[]string{"D0601A", "D0650J"}, "duc2006"},
		{[]string{"D0703A-A", "D0703A-B", "D0745J-C"}, "duc2007-update"},
		{[]string{"mn-82cafb9831bc"}, "multinews"},
		{[]string{"D0601A", "mn-1"}, "generic"},
		{[]string{"ferry-2031"}, "generic"},
		{nil, "generic"},
	}
	for _, tt := range tests {
		if got := DetectSet(tt.ids).Key; got != tt.want {
			t.Errorf("DetectSet(%q) = %s, want %s", tt.ids, got, tt.want)
		}
	}
	if got := strings.Join(SetByKey("duc2006").Command(250), " "); got != "-n 4 -w 1.2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a -d -l 250" {
		t.Errorf("DUC 2006 command = %q", got)
	}
	if got := strings.Join(SetByKey("multinews").Command(230), " "); got != "-n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -l 230" {
		t.Errorf("Multi-News command = %q", got)
	}
	if sub := SetByKey("duc2007-update").Subset("D0703A-B"); sub != "B" {
		t.Errorf("DUC 2007 subset of D0703A-B = %q", sub)
	}
}

// TestBudgetAndDeterminism checks every system on every fixture story at
// several budgets: never over the budget, sentences that are real spans
// of their articles, and the same summary twice.
func TestBudgetAndDeterminism(t *testing.T) {
	for _, words := range []int{12, 30, 60, 400} {
		for _, in := range inputs(t, words) {
			bodies := map[string]string{}
			for _, d := range in.Docs {
				bodies[d.ID] = d.Body
			}
			for _, sys := range Systems {
				sum := sys.Summarize(in)
				if n := sum.Words(); n > words {
					t.Errorf("%s on %s, %d words: summary has %d words", sys.Name, in.Story.ID, words, n)
				}
				if words >= 30 && len(sum.Sentences) == 0 {
					t.Errorf("%s on %s, %d words: empty summary", sys.Name, in.Story.ID, words)
				}
				for _, s := range sum.Sentences {
					body, ok := bodies[s.DocID]
					if !ok || s.End > len(body) || body[s.Start:s.End] != s.Text {
						t.Errorf("%s on %s: sentence %q is not its span %s[%d:%d]", sys.Name, in.Story.ID, s.Text, s.DocID, s.Start, s.End)
					}
				}
				if again := sys.Summarize(in); !reflect.DeepEqual(sum, again) {
					t.Errorf("%s on %s, %d words: two runs differ", sys.Name, in.Story.ID, words)
				}
			}
		}
	}
}

func TestLeads(t *testing.T) {
	for _, in := range inputs(t, 60) {
		first, latest := leadFirst(in), leadLatest(in)
		if len(first.Sentences) == 0 || len(latest.Sentences) == 0 {
			t.Fatalf("%s: empty lead", in.Story.ID)
		}
		// The fixture's first article is the earliest and the last
		// dated one the latest ("wire-frost" has no date).
		wantFirst := in.Docs[0].ID
		wantLatest := in.Docs[len(in.Docs)-1].ID
		if in.Story.ID == "orchard-2031" {
			wantLatest = "post-frost"
		}
		for _, s := range first.Sentences {
			if s.DocID != wantFirst {
				t.Errorf("%s: lead-first takes from %s, want %s", in.Story.ID, s.DocID, wantFirst)
			}
		}
		for _, s := range latest.Sentences {
			if s.DocID != wantLatest {
				t.Errorf("%s: lead-latest takes from %s, want %s", in.Story.ID, s.DocID, wantLatest)
			}
		}
		// A lead is a prefix of its article.
		doc := in.Docs[0]
		for i, s := range first.Sentences {
			if s.Start != doc.Sentences[i].Start {
				t.Errorf("%s: lead-first sentence %d is not the article's sentence %d", in.Story.ID, i, i)
			}
		}
	}
}

func TestRandomSeeded(t *testing.T) {
	ins := inputs(t, 40)
	a := randomSentences(ins[0])
	// The same story and seed give the same summary whatever else ran.
	randomSentences(ins[1])
	if b := randomSentences(ins[0]); !reflect.DeepEqual(a, b) {
		t.Errorf("random differs between runs with the same seed")
	}
	differs := false
	for seed := uint64(2); seed < 12; seed++ {
		in := *ins[0]
		in.Seed = seed
		if !reflect.DeepEqual(a, randomSentences(&in)) {
			differs = true
		}
	}
	if !differs {
		t.Errorf("random gives the same summary for ten other seeds")
	}
}

func run(t testing.TB, cfg Config) *Report {
	t.Helper()
	if cfg.Settings.Args == nil {
		cfg.Settings = settings(t, testArgs)
	}
	rep, err := Run(context.Background(), stories(t, fixture), cfg)
	if err != nil {
		t.Fatal(err)
	}
	return rep
}

func row(rep *Report, system, subset string) *Row {
	for i := range rep.Rows {
		if rep.Rows[i].System == system && rep.Rows[i].Subset == subset {
			return &rep.Rows[i]
		}
	}
	return nil
}

func TestOracleBound(t *testing.T) {
	rep := run(t, Config{Words: 60, Workers: 2})
	oracle := row(rep, "oracle", "")
	if oracle == nil {
		t.Fatal("no oracle row")
	}
	o := oracle.Scores["ROUGE-2"].Recall.Mean
	for _, name := range []string{"lead", "lead-first", "lead-latest", "random", "parallax"} {
		r := row(rep, name, "")
		if r == nil {
			t.Fatalf("no %s row", name)
		}
		if got := r.Scores["ROUGE-2"].Recall.Mean; got > o {
			t.Errorf("%s ROUGE-2 recall %.5f above the oracle's %.5f", name, got, o)
		}
	}
	// Per story too, against the lead.
	si := slices.IndexFunc(rep.Systems, func(s System) bool { return s.Name == "oracle" })
	li := slices.IndexFunc(rep.Systems, func(s System) bool { return s.Name == "lead" })
	for _, st := range rep.Stories {
		if o, l := st.StoryMeans(si)["ROUGE-2"].Recall, st.StoryMeans(li)["ROUGE-2"].Recall; o < l {
			t.Errorf("%s: oracle ROUGE-2 recall %.5f below lead's %.5f", st.ID, o, l)
		}
	}
}

func TestRunRows(t *testing.T) {
	rep := run(t, Config{Words: 60, Humans: true})
	if len(rep.Stories) != 3 || rep.Skipped != 0 {
		t.Fatalf("%d stories, %d skipped; want 3, 0", len(rep.Stories), rep.Skipped)
	}
	if rep.Set.Key != "generic" || !rep.Set.Jackknife {
		t.Fatalf("set %s, want generic and jackknifed", rep.Set.Key)
	}
	// 3 + 2 + 2 references: jackknifed, 7 evaluations per system, and
	// one per reference for the references row.
	for _, r := range rep.Rows {
		if r.Evaluations != 7 {
			t.Errorf("%s: %d evaluations, want 7", r.System, r.Evaluations)
		}
	}
	if len(rep.Rows) != len(Systems)+1 || row(rep, humanSystem, "") == nil {
		t.Errorf("%d rows, want %d with %q", len(rep.Rows), len(Systems)+1, humanSystem)
	}
	for i := 1; i < len(rep.Rows); i++ {
		if a, b := rep.Rows[i-1].Scores["ROUGE-2"].Recall.Mean, rep.Rows[i].Scores["ROUGE-2"].Recall.Mean; a < b {
			t.Errorf("rows not by ROUGE-2 recall: %s %.5f before %s %.5f", rep.Rows[i-1].System, a, rep.Rows[i].System, b)
		}
	}
	for _, r := range rep.Rows {
		s := r.Scores["ROUGE-2"].Recall
		if !(s.Lo <= s.Mean && s.Mean <= s.Hi) {
			t.Errorf("%s: interval %.5f-%.5f does not hold the mean %.5f", r.System, s.Lo, s.Hi, s.Mean)
		}
	}
	want := []string{"ROUGE-1", "ROUGE-2", "ROUGE-L", "ROUGE-SU4"}
	if !slices.Equal(rep.Metrics, want) {
		t.Errorf("metrics %q, want %q", rep.Metrics, want)
	}
}

// TestWorkersDeterministic: the report does not depend on the number of
// workers.
func TestWorkersDeterministic(t *testing.T) {
	var outs []string
	for _, w := range []int{1, 2, 5} {
		rep := run(t, Config{Words: 50, Workers: w, Humans: true})
		var b bytes.Buffer
		if err := rep.WriteJSON(&b); err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		if err := rep.WriteSummaries(&b); err != nil {
			t.Fatal(err)
		}
		outs = append(outs, b.String())
	}
	for i := 1; i < len(outs); i++ {
		if outs[i] != outs[0] {
			t.Errorf("output with %d workers differs from 1 worker", []int{1, 2, 5}[i])
		}
	}
}

func TestSkipped(t *testing.T) {
	sts := stories(t, fixture)
	sts[1].References = nil
	sts[1].Origin = "set.jsonl:2"
	sts[2].References = []string{"  ", ""}
	sts[2].Origin = "set.jsonl:3"
	var skipped []string
	rep, err := Run(context.Background(), sts, Config{Words: 40, Settings: settings(t, testArgs),
		Skip: func(err error) { skipped = append(skipped, err.Error()) }})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Skipped != 2 || len(rep.Stories) != 1 {
		t.Errorf("%d skipped, %d evaluated; want 2, 1", rep.Skipped, len(rep.Stories))
	}
	if len(skipped) != 2 || !strings.HasPrefix(skipped[0], "set.jsonl:2: ") || !strings.Contains(skipped[0], "no reference") ||
		!strings.HasPrefix(skipped[1], "set.jsonl:3: ") {
		t.Errorf("skip messages %q", skipped)
	}
}

func TestSettingsErrors(t *testing.T) {
	st := settings(t, testArgs)
	st.Counting = 1
	if _, err := Run(context.Background(), stories(t, fixture), Config{Settings: st}); err == nil {
		t.Error("-t 1 accepted")
	}
	st = settings(t, testArgs)
	st.DataDir = t.TempDir() // no exception lists
	if _, err := Run(context.Background(), stories(t, fixture), Config{Settings: st}); err == nil {
		t.Error("-m without exception lists accepted")
	}
}

func TestReadPublished(t *testing.T) {
	f, err := os.Open("testdata/published.m.out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	rows, err := ReadPublished(f, "published.m.out", KindNIST)
	if err != nil {
		t.Fatal(err)
	}
	if len(rows) != 2 {
		t.Fatalf("%d rows, want 2", len(rows))
	}
	sys, human := rows[0], rows[1]
	if sys.System != "7" || sys.Kind != KindNIST || human.System != "Q" || human.Kind != KindHuman {
		t.Errorf("rows %s (%s), %s (%s)", sys.System, sys.Kind, human.System, human.Kind)
	}
	if sys.Evaluations != 2 || human.Evaluations != 1 {
		t.Errorf("evaluations %d and %d, want 2 and 1", sys.Evaluations, human.Evaluations)
	}
	want := MetricStats{Recall: Stat{0.12, 0.11, 0.13}, Precision: Stat{0.115, 0.105, 0.125}, F: Stat{0.117, 0.107, 0.127}}
	if got := sys.Scores["ROUGE-2"]; got != want {
		t.Errorf("ROUGE-2 of 7 = %+v, want %+v", got, want)
	}
	if _, ok := sys.Scores["ROUGE-SU4"]; !ok {
		t.Error("no ROUGE-SU4 for 7")
	}
	for _, bad := range []string{"", "not a rouge output\n", "7 ROUGE-1 Average_R: x (95%-conf.int. 1 - 2)\n"} {
		if _, err := ReadPublished(strings.NewReader(bad), "bad.out", KindNIST); err == nil {
			t.Errorf("ReadPublished(%q) accepted", bad)
		}
	}
}

func TestPublishedRows(t *testing.T) {
	f, err := os.Open("testdata/published.m.out")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	pub, err := ReadPublished(f, "published.m.out", KindPublished)
	if err != nil {
		t.Fatal(err)
	}
	rep := run(t, Config{Words: 60, Published: pub})
	if row(rep, "7", "") == nil || row(rep, "Q", "") == nil {
		t.Fatal("published rows missing")
	}
	var text bytes.Buffer
	if err := rep.WriteText(&text); err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"published", "human", "ours", "baseline", "oracle", "ROUGE-2 R", "ROUGE-SU4 F", "ROUGE-L F",
		"ROUGE-1.5.5.pl " + testArgs, "0.12000 (0.11000-0.13000)"} {
		if !strings.Contains(text.String(), want) {
			t.Errorf("table lacks %q:\n%s", want, text.String())
		}
	}
	// A published row without ROUGE-SU4 or ROUGE-L shows dashes, not
	// zeros: SU4 R, SU4 F and L F.
	found := false
	for _, l := range strings.Split(text.String(), "\n") {
		if !strings.HasPrefix(l, "Q ") {
			continue
		}
		found = true
		if n := slices.Index(strings.Fields(l), "-"); n < 0 || strings.Count(strings.Join(strings.Fields(l)[n:], " "), "-") != 3 {
			t.Errorf("row Q lacks 3 dashes for its missing metrics: %q", l)
		}
		if strings.Contains(l, "0.00000") {
			t.Errorf("row Q shows zeros: %q", l)
		}
	}
	if !found {
		t.Error("no row Q in the table")
	}
}

func TestWriters(t *testing.T) {
	rep := run(t, Config{Words: 60, Humans: true})
	rep.Source = "stories <&> \"fixture\".jsonl" // escaping

	t.Run("csv", func(t *testing.T) {
		var b bytes.Buffer
		if err := rep.WriteCSV(&b); err != nil {
			t.Fatal(err)
		}
		recs, err := csv.NewReader(&b).ReadAll()
		if err != nil {
			t.Fatal(err)
		}
		// A header, then systems × stories, and the references row
		// for each story (all have two references or more).
		if want := 1 + (len(Systems)+1)*3; len(recs) != want {
			t.Errorf("%d records, want %d", len(recs), want)
		}
		if want := 5 + 3*len(rep.Metrics); len(recs[0]) != want {
			t.Errorf("%d columns, want %d: %q", len(recs[0]), want, recs[0])
		}
		if recs[1][0] != "parallax" || recs[1][2] != "ferry-2031" || recs[1][4] != "3" {
			t.Errorf("first row %q", recs[1])
		}
	})
	t.Run("summaries", func(t *testing.T) {
		var b bytes.Buffer
		if err := rep.WriteSummaries(&b); err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(&b)
		dec.DisallowUnknownFields()
		n := 0
		for {
			var l SummaryLine
			if err := dec.Decode(&l); errors.Is(err, io.EOF) {
				break
			} else if err != nil {
				t.Fatal(err)
			}
			n++
			if l.ID == "" || l.System == "" || len(l.Sentences) == 0 {
				t.Errorf("line %d: %+v", n, l)
			}
		}
		if want := len(Systems) * 3; n != want {
			t.Errorf("%d lines, want %d", n, want)
		}
	})
	t.Run("svg", func(t *testing.T) {
		var b bytes.Buffer
		if err := rep.WriteSVG(&b); err != nil {
			t.Fatal(err)
		}
		dec := xml.NewDecoder(&b)
		var root string
		rects, texts := 0, []string{}
		var inText bool
		for {
			tok, err := dec.Token()
			if errors.Is(err, io.EOF) {
				break
			}
			if err != nil {
				t.Fatalf("SVG is not well-formed XML: %v", err)
			}
			switch el := tok.(type) {
			case xml.StartElement:
				if root == "" {
					root = el.Name.Local
				}
				if el.Name.Local == "rect" {
					rects++
				}
				inText = el.Name.Local == "text"
			case xml.CharData:
				if inText {
					texts = append(texts, string(el))
				}
			case xml.EndElement:
				inText = false
			}
		}
		if root != "svg" {
			t.Errorf("root element %q", root)
		}
		// Two bars per row, besides the background and the legend.
		if rects < 2*len(rep.Rows) {
			t.Errorf("%d rects for %d rows", rects, len(rep.Rows))
		}
		all := strings.Join(texts, "\n")
		for _, want := range []string{"parallax", "oracle", "references", `stories <&> "fixture".jsonl`} {
			if !strings.Contains(all, want) {
				t.Errorf("chart lacks the text %q", want)
			}
		}
	})
	t.Run("json", func(t *testing.T) {
		var b bytes.Buffer
		if err := rep.WriteTable(&b, "json"); err != nil {
			t.Fatal(err)
		}
		var got jsonReport
		if err := json.Unmarshal(b.Bytes(), &got); err != nil {
			t.Fatal(err)
		}
		if got.Set != "generic" || got.Stories != 3 || len(got.Rows) != len(rep.Rows) || got.Command != testArgs {
			t.Errorf("JSON report %+v", got)
		}
	})
	t.Run("markdown", func(t *testing.T) {
		var b bytes.Buffer
		if err := rep.WriteTable(&b, "markdown"); err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(b.String(), "\n")
		var table []string
		for _, l := range lines {
			if strings.HasPrefix(l, "|") {
				table = append(table, l)
			}
		}
		if len(table) != 2+len(rep.Rows) || !strings.Contains(b.String(), "**parallax**") {
			t.Errorf("markdown table:\n%s", b.String())
		}
		cols := strings.Count(table[0], "|")
		for _, l := range table {
			if strings.Count(l, "|")-strings.Count(l, `\|`) != cols {
				t.Errorf("ragged row %q", l)
			}
		}
	})
	if err := rep.WriteTable(io.Discard, "yaml"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestSubsets(t *testing.T) {
	// Fixture stories renamed as an update set: two topics, sets A and B.
	sts := stories(t, fixture)
	sts[0].ID, sts[1].ID, sts[2].ID = "D0701A-A", "D0701A-B", "D0702B-A"
	rep, err := Run(context.Background(), sts, Config{Settings: settings(t, testArgs), Systems: Systems[:2]})
	if err != nil {
		t.Fatal(err)
	}
	if rep.Set.Key != "duc2007-update" || rep.Words != 100 {
		t.Fatalf("set %s, %d words", rep.Set.Key, rep.Words)
	}
	var got []string
	for _, r := range rep.Rows {
		got = append(got, subsetName(r.Subset)+":"+r.System)
	}
	if len(got) != 6 || !strings.HasPrefix(got[0], "all:") || !strings.HasPrefix(got[2], "A:") || !strings.HasPrefix(got[4], "B:") {
		t.Errorf("rows %q, want all, A and B for each system", got)
	}
	if r := row(rep, "parallax", "B"); r == nil || r.Evaluations != 2 {
		t.Errorf("parallax on set B: %+v", r)
	}
}
