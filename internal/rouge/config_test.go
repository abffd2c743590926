package rouge

import (
	"context"
	"reflect"
	"strings"
	"testing"
)

func TestReadConfig(t *testing.T) {
	const xml = `<?xml version="1.0" encoding="ISO-8859-1"?>
<ROUGE_EVAL version="1.5.5">
<wrapper>
<EVAL ID="e1">
<PEER-ROOT>
  peers/r
</PEER-ROOT>
<model-root>models</model-root>
<INPUT-FORMAT TYPE="spl"></INPUT-FORMAT>
<PEERS><P ID="1"> p1.txt
</P><note>ignored</note></PEERS>
<MODELS><M ID="B">m.b</M><M ID="A">old<!-- replaced -->m.a</M></MODELS>
</EVAL>
</wrapper>
<EVAL ID="e1"><PEERS><P ID="2">p2.txt</P><P ID="3"></P></PEERS></EVAL>
</ROUGE_EVAL>`
	c, err := ReadConfig(strings.NewReader(xml), "x.xml")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Evals) != 1 {
		t.Fatalf("%d evaluations, want the two EVAL e1 merged", len(c.Evals))
	}
	e := c.Evals[0]
	want := &Eval{ID: "e1", Format: "SPL", PeerRoot: "peers/r", ModelRoot: "models",
		Peers: map[string]string{"1": "p1.txt", "2": "p2.txt"}, Models: []string{"B", "A"},
		ModelFiles: map[string]string{"A": "m.a", "B": "m.b"}}
	if !reflect.DeepEqual(e, want) {
		t.Errorf("eval = %+v\nwant %+v", e, want)
	}
	if p := e.PeerPath("1"); p != "peers/r/p1.txt" {
		t.Errorf("peer path %q", p)
	}
	// Peer 3 has no file: listed, but missing from the evaluation.
	if ids := c.PeerIDs(); !reflect.DeepEqual(ids, []string{"1", "2", "3"}) {
		t.Errorf("peer IDs %q", ids)
	}

	for _, bad := range []struct{ xml, err string }{
		{`<R><EVAL ID="a"><PEERS></EVAL></R>`, "x.xml:1: malformed XML"},
		{`<R><EVAL><INPUT-FORMAT TYPE="SPL"/></EVAL></R>`, "without an ID"},
		{`<R><EVAL ID="a"><INPUT-FORMAT TYPE="DOC"/></EVAL></R>`, `unknown input type "DOC"`},
		{`<R><EVAL ID="a"></EVAL></R>`, "no <INPUT-FORMAT"},
		{`<R><PEERS><P ID="1">x</P></PEERS></R>`, "outside an <EVAL>"},
		{`<R><EVAL ID="a">`, "malformed XML"},
		{"<R>\n<EVAL ID=\"a\"><PEERS><P>x</P></PEERS></EVAL></R>", "x.xml:2: <P> without an ID"},
	} {
		_, err := ReadConfig(strings.NewReader(bad.xml), "x.xml")
		if err == nil || !strings.Contains(err.Error(), bad.err) {
			t.Errorf("%s: error %v, want %q", bad.xml, err, bad.err)
		}
	}
}

func TestReadFileList(t *testing.T) {
	c, err := ReadFileList(strings.NewReader("# peers and models\np1 m1 m2\n\n  p2\tm3  \n"), "l", "see", "sys")
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Evals) != 2 || c.Evals[1].ID != "2" || c.Evals[1].PeerPath("sys") != "p2" ||
		!reflect.DeepEqual(c.Evals[0].Models, []string{"M.1", "M.2"}) || c.Evals[0].ModelPath("M.2") != "m2" || c.Evals[0].Format != "SEE" {
		t.Errorf("evals %+v %+v", c.Evals[0], c.Evals[1])
	}
	if _, err := ReadFileList(strings.NewReader("p1\n"), "l", "SPL", "X"); err == nil || !strings.Contains(err.Error(), "l:1") {
		t.Errorf("a line without a model: %v", err)
	}
	if _, err := ReadFileList(strings.NewReader(""), "l", "DOC", "X"); err == nil {
		t.Error("unknown format accepted")
	}
}

func TestParseSummary(t *testing.T) {
	see := `<html><body bgcolor="white">
<a name="1">[1]</a> <a href="#1" id=1>First sentence, with <b>bold</a>
<a size="12" name="2">[2]</a>	<a href="#2" id=2>Second one.
</a>
not a sentence
</body></html>`
	cases := []struct {
		format, in string
		want       []string
	}{
		{"SEE", see, []string{"First sentence, with ", "Second one.\n"}},
		{"ISI", "<S SNTNO=\"1\">One.</S>\n<S SNTNO=\"2a\">Two.</S> tail\n<S>no</S>\n", []string{"One.", "Two."}},
		// SPL keeps lines of spaces and \r: the script only chomps \n.
		{"spl", "a b\n\n  \nc d\r\ne", []string{"a b", "  ", "c d\r", "e"}},
	}
	for _, c := range cases {
		got, err := ParseSummary([]byte(c.in), c.format)
		if err != nil || !reflect.DeepEqual(got, c.want) {
			t.Errorf("%s: %q, %v; want %q", c.format, got, err, c.want)
		}
	}
	for _, f := range []string{"DOC"} {
		if _, err := ParseSummary(nil, f); err == nil {
			t.Errorf("%s accepted", f)
		}
	}
}

func TestParseArgs(t *testing.T) {
	st, rest, err := ParseArgs([]string{"-amn4", "-2", "-1", "-U", "-w1.20", "-c", "99", "-t", "7", "-f", "B", "conf.xml", "-x"})
	if err != nil {
		t.Fatal(err)
	}
	if !st.All || !st.Stem || st.N != 4 || st.SkipDistance != -1 || !st.SkipBigram || !st.SkipUnigram ||
		st.Weight != 1.2 || st.WeightLabel != "1.20" || st.Confidence != 99 || st.ConfidenceLabel != "99" ||
		st.Counting != 0 || st.Formula != FormulaB || !st.LCS {
		t.Errorf("settings %+v", st)
	}
	if !reflect.DeepEqual(rest, []string{"conf.xml", "-x"}) {
		t.Errorf("rest %q: options stop at the first argument", rest)
	}
	sc, err := NewScorer(st.Options)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"ROUGE-1", "ROUGE-2", "ROUGE-3", "ROUGE-4", "ROUGE-L", "ROUGE-W-1.20", "ROUGE-S*", "ROUGE-SU*"}
	if got := sc.Metrics(); !reflect.DeepEqual(got, want) {
		t.Errorf("metrics %q, want %q", got, want)
	}
	st, _, _ = ParseArgs([]string{"-2", "4", "-u", "-x"})
	if sc, _ := NewScorer(st.Options); !reflect.DeepEqual(sc.Metrics(), []string{"ROUGE-SU4"}) {
		t.Errorf("-2 4 -u -x: %q", sc.Metrics())
	}
	for _, bad := range [][]string{{"-n"}, {"-n", "x"}, {"-p", "2"}, {"-c", "101"}, {"-w", "0"}, {"-l", "1", "-b", "1"}, {"-3", "X"}, {"-k"}} {
		if _, _, err := ParseArgs(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	if _, _, err := ParseArgs([]string{"-h"}); err != ErrHelp {
		t.Errorf("-h: %v", err)
	}
}

// TestEmptySummaries scores summaries without tokens (empty, or all
// stopwords under -s) as 0, with a warning, as the script does.
func TestEmptySummaries(t *testing.T) {
	units := map[string][]string{
		"p/all-stop": {"The and of", "a"},
		"p/empty":    nil,
		"m/1":        {"The storm hit the coast."},
	}
	c := &Config{Load: func(path, _ string) ([]string, error) { return units[path], nil },
		Evals: []*Eval{{ID: "1", Format: "SPL", Peers: map[string]string{"s": "p/all-stop", "e": "p/empty"},
			Models: []string{"M"}, ModelFiles: map[string]string{"M": "m/1"}}}}
	st, _, _ := ParseArgs(strings.Fields("-n 2 -2 4 -u -w 1.2"))
	st.RemoveStopwords = true
	st.Stopwords = map[string]bool{"the": true, "and": true, "of": true, "a": true}
	var warnings []string
	r, err := Evaluate(context.Background(), c, st, nil, func(w string) { warnings = append(warnings, w) })
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{"s", "e"} {
		for m, s := range r.Results[p][0].Scores {
			if s.Recall != 0 || s.Precision != 0 || s.F != 0 {
				t.Errorf("peer %s %s = %+v", p, m, s)
			}
		}
	}
	if len(warnings) != 2 {
		t.Errorf("warnings %q", warnings)
	}
}

func FuzzReadConfig(f *testing.F) {
	f.Add(`<ROUGE-EVAL><EVAL ID="1"><PEER-ROOT>p</PEER-ROOT><INPUT-FORMAT TYPE="SEE"/><PEERS><P ID="1">a</P></PEERS><MODELS><M ID="A">b</M></MODELS></EVAL></ROUGE-EVAL>`)
	f.Add(`<EVAL ID="x"><PEERS><P ID="1"><P ID="2">a</P></P></PEERS></EVAL>`)
	f.Fuzz(func(t *testing.T, s string) {
		c, err := ReadConfig(strings.NewReader(s), "fuzz.xml")
		if err == nil {
			for _, e := range c.Evals {
				if e.Format == "" || e.Peers == nil {
					t.Fatalf("accepted evaluation %+v", e)
				}
			}
		}
	})
}

func FuzzScore(f *testing.F) {
	f.Add("The ferry ran aground.\nNo one was hurt.", "A ferry grounded; none hurt.", 3, 0)
	f.Add(" -- \x00\xff\r\n", "é É İ", 0, 5)
	f.Fuzz(func(t *testing.T, peer, model string, words, bytes int) {
		opt := Options{N: 3, LCS: true, Weight: 1.2, SkipBigram: true, SkipUnigram: true, SkipDistance: 2, Alpha: 0.5,
			LengthWords: words & 15}
		if opt.LengthWords == 0 {
			opt.LengthBytes = bytes & 31
		}
		s, err := NewScorer(opt)
		if err != nil {
			t.Fatal(err)
		}
		p, _ := ParseSummary([]byte(peer), "SPL")
		m, _ := ParseSummary([]byte(model), "SPL")
		for name, sc := range s.Score(p, [][]string{m}) {
			for _, v := range []float64{sc.Recall, sc.Precision, sc.F} {
				if !(v >= 0 && v <= 1) {
					t.Fatalf("%s = %+v", name, sc)
				}
			}
		}
	})
}

func TestBasicElements(t *testing.T) {
	lines := []string{"Gilbert|hurricane|nn", "swept|NIL|NIL", "gilbert|NIL|subj", "swept|hurricane|"}
	cases := []struct {
		mode string
		want map[string]int
	}{
		{"H", map[string]int{"swept": 1, "gilbert": 1}},
		{"HM", map[string]int{"gilbert|hurricane": 1}},
		{"HMR", map[string]int{"gilbert|hurricane|nn": 1, "gilbert|nil|subj": 1}},
		{"HM1", map[string]int{"gilbert|hurricane": 1, "swept|nil": 1, "gilbert|nil": 1}},
		{"HMR2", map[string]int{"gilbert|hurricane|nn": 1, "swept|nil|nil": 1, "gilbert|nil|subj": 1}},
	}
	for _, c := range cases {
		s := mustScorer(t, Options{BE: c.mode})
		// The last line has two fields once Perl's split drops the
		// trailing empty one: the script dies on it, we name the line.
		if _, err := s.beGrams(lines); err == nil || !strings.Contains(err.Error(), "line 4") {
			t.Errorf("%s: error %v", c.mode, err)
		}
		g, err := s.beGrams(lines[:3])
		if err != nil || !reflect.DeepEqual(g.count, c.want) || g.total != len(c.want) {
			t.Errorf("%s: %v %v, want %v", c.mode, g.count, err, c.want)
		}
	}
	s := mustScorer(t, Options{BE: "HM", Stem: true, Exceptions: map[string]string{"geese": "goose"}})
	g, _ := s.beGrams([]string{"flew|geese|subj", "crossing|the rivers' banks|obj"})
	want := map[string]int{"flew|goose": 1, "cross|the rivers' bank": 1}
	if !reflect.DeepEqual(g.count, want) {
		t.Errorf("stemmed: %v, want %v", g.count, want)
	}
	if _, err := NewScorer(Options{BE: "X"}); err == nil {
		t.Error("unknown BE mode accepted")
	}
}
