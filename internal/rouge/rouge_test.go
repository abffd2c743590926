package rouge

import (
	"math"
	"reflect"
	"testing"

	"github.com/parallaxnews/parallax/internal/shareddata"
)

func mustScorer(t *testing.T, opt Options) *Scorer {
	t.Helper()
	s, err := NewScorer(opt)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func checkScore(t *testing.T, sc Scores, metric string, r, p, f float64) {
	t.Helper()
	got, ok := sc[metric]
	if !ok {
		t.Fatalf("%s missing from %v", metric, sc)
	}
	if !near(got.Recall, r) || !near(got.Precision, p) || !near(got.F, f) {
		t.Errorf("%s = %+v, want R %v P %v F %v", metric, got, r, p, f)
	}
}

func TestTokenize(t *testing.T) {
	s := mustScorer(t, Options{})
	got := s.Tokenize([]string{"Vice-President's 10-11 U.S. bn.", "  "})
	want := [][]string{{"vice", "president", "s", "10", "11", "u", "s", "bn"}, nil}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokenize = %q, want %q", got, want)
	}
	s = mustScorer(t, Options{Stopwords: map[string]bool{"the": true}})
	if got := s.Tokenize([]string{"The cat"}); !reflect.DeepEqual(got, [][]string{{"cat"}}) {
		t.Errorf("stopwords: %q", got)
	}
}

func TestStemming(t *testing.T) {
	dir := shareddata.Path(t, "rouge/rouge-1.5.5/data/WordNet-2.0-Exceptions")
	opt := Options{Stem: true, ExceptionsDir: dir}
	s := mustScorer(t, opt)
	// better: adj.exc says good, adv.exc (read later) says well.
	// geese, went: exceptions. dogs, running: Porter. was, ran: too short.
	got := s.Tokenize([]string{"Better geese went running dogs was ran"})
	want := [][]string{{"well", "goose", "go", "run", "dog", "was", "ran"}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Tokenize = %q, want %q", got, want)
	}
	sw, err := LoadStopwords(shareddata.Path(t, "rouge/rouge-1.5.5/data/smart_common_words.txt"))
	if err != nil {
		t.Fatal(err)
	}
	if !sw["the"] || !sw["inc"] || sw["dog"] {
		t.Error("stopword list not read as expected")
	}
}

func TestTruncate(t *testing.T) {
	cases := []struct {
		opt   Options
		in    []string
		flat  string
		ok    bool
		units []string
	}{
		// -l counts words as Perl's split(/\s+/): a leading space makes
		// an empty first word. The unit reaching the limit is cut.
		{Options{LengthWords: 3}, []string{"a b", "c  d e", "f"}, "a b c", true, []string{"a b", "c"}},
		{Options{LengthWords: 3}, []string{" a b", "c"}, " a b", true, []string{" a b"}},
		{Options{LengthWords: 2}, []string{"a b"}, "a b", true, []string{"a b"}},
		// -b counts the units' bytes, not the joining spaces.
		{Options{LengthBytes: 6}, []string{"ab  cd", "efgh"}, "ab  cd", true, []string{"ab  cd"}},
		{Options{LengthBytes: 8}, []string{"ab cd", "efgh"}, "ab cd efg", true, []string{"ab cd", "efgh"}},
		// readText_LCS never adds to its byte count: every unit shorter
		// than the limit is kept until one that is not.
		{Options{LengthBytes: 4}, []string{"abc", "abc", "abcdef", "x"}, "abc a", true, []string{"abc", "abc", "abcd"}},
		// Nothing kept under a limit leaves the script's text undefined.
		{Options{LengthWords: 5}, nil, "", false, nil},
		{Options{}, nil, "", true, nil},
	}
	for _, c := range cases {
		s := mustScorer(t, c.opt)
		flat, ok := s.readText(c.in)
		if flat != c.flat || ok != c.ok {
			t.Errorf("%+v readText(%q) = %q %v, want %q %v", c.opt, c.in, flat, ok, c.flat, c.ok)
		}
		if got := s.readTextLCS(c.in); !reflect.DeepEqual(got, c.units) {
			t.Errorf("%+v readTextLCS(%q) = %q, want %q", c.opt, c.in, got, c.units)
		}
	}
}

func TestRougeN(t *testing.T) {
	s := mustScorer(t, Options{N: 2, Alpha: 0.5})
	// Peer unigrams: the x3, cat, sat. Model: the x2, cat, on, mat.
	sc := s.Score([]string{"the the the cat sat"}, [][]string{{"the cat on the mat"}})
	// Unigram hits: the 2, cat 1 = 3; R 3/5, P 3/5.
	checkScore(t, sc, "ROUGE-1", 0.6, 0.6, 0.6)
	// Bigrams: peer {the the x2, the cat, cat sat}, model {the cat, cat
	// on, on the, the mat}: 1 hit; R 1/4, P 1/4.
	checkScore(t, sc, "ROUGE-2", 0.25, 0.25, 0.25)
}

func TestFormulasAndAlpha(t *testing.T) {
	peer := []string{"a b c d"}
	models := [][]string{{"a b x y"}, {"a b c z"}}
	// Per model: hits 2 and 3 of 4 tokens each, peer 4 tokens.
	sA := mustScorer(t, Options{N: 1, Alpha: 0.5})
	checkScore(t, sA.Score(peer, models), "ROUGE-1", 0.625, 0.625, 0.625)
	sB := mustScorer(t, Options{N: 1, Alpha: 0.5, Formula: FormulaB})
	checkScore(t, sB.Score(peer, models), "ROUGE-1", 0.75, 0.75, 0.75)
	// 1/F = alpha/P + (1-alpha)/R: alpha 1 makes F the precision,
	// alpha 0 the recall.
	s1 := mustScorer(t, Options{N: 1, Alpha: 1})
	sc := s1.Score([]string{"a b"}, [][]string{{"a b c d"}})
	checkScore(t, sc, "ROUGE-1", 0.5, 1, 1)
	s0 := mustScorer(t, Options{N: 1, Alpha: 0})
	checkScore(t, s0.Score([]string{"a b"}, [][]string{{"a b c d"}}), "ROUGE-1", 0.5, 1, 0.5)
	// Scores are rounded to five decimals, as the script's %7.5f.
	checkScore(t, sA.Score([]string{"a"}, [][]string{{"a b c"}}), "ROUGE-1", 0.33333, 1, 0.5)
}

func TestRougeL(t *testing.T) {
	s := mustScorer(t, Options{LCS: true, Alpha: 0.5})
	// The summary-level example of Lin (2004): model w1..w5; peer
	// sentences w1 w2 w6 w7 w8 and w1 w3 w8 w9 w5. The union LCS is
	// w1 w2 w3 w5: 4 hits of 5 model and 10 peer tokens.
	sc := s.Score([]string{"w1 w2 w6 w7 w8", "w1 w3 w8 w9 w5"}, [][]string{{"w1 w2 w3 w4 w5"}})
	checkScore(t, sc, "ROUGE-L", 0.8, 0.4, round5(2*0.8*0.4/1.2))
	// Hits are clipped by the peer's token counts: one peer "a" cannot
	// match two model "a"s in different sentences.
	sc = s.Score([]string{"a b"}, [][]string{{"a", "a"}})
	checkScore(t, sc, "ROUGE-L", 0.5, 0.5, 0.5)
}

func TestSkipBigrams(t *testing.T) {
	s := mustScorer(t, Options{SkipBigram: true, SkipUnigram: true, SkipDistance: -1, Alpha: 0.5})
	// Peer a b c: skip bigrams ab ac bc; SU adds a and b, not the last
	// token c, as ROUGE-1.5.5 does. Model a c: skip bigram ac; SU adds a.
	sc := s.Score([]string{"a b c"}, [][]string{{"a c"}})
	checkScore(t, sc, "ROUGE-S*", 1, round5(1.0/3), 0.5)
	checkScore(t, sc, "ROUGE-SU*", 1, 0.4, round5(2*0.4/1.4))
	d := mustScorer(t, Options{SkipBigram: true, SkipDistance: 0, Alpha: 0.5})
	// With no gap allowed, a c is not a pair of the peer.
	checkScore(t, d.Score([]string{"a b c"}, [][]string{{"a c"}}), "ROUGE-S0", 0, 0, 0)
}

func TestNewScorerErrors(t *testing.T) {
	for _, opt := range []Options{
		{Formula: 'C'},
		{Alpha: 2},
		{N: -1},
		{LengthWords: 1, LengthBytes: 1},
		{Stem: true, ExceptionsDir: t.TempDir()},
	} {
		if _, err := NewScorer(opt); err == nil {
			t.Errorf("NewScorer(%+v) succeeded", opt)
		}
	}
}

func TestAverage(t *testing.T) {
	got := Average([]Scores{{"ROUGE-1": {Recall: 1, Precision: 0.5}}, {"ROUGE-1": {Precision: 0.5, F: 1}}})
	if got["ROUGE-1"] != (Score{Recall: 0.5, Precision: 0.5, F: 0.5}) {
		t.Errorf("Average = %v", got)
	}
	if len(Average(nil)) != 0 {
		t.Error("Average(nil) not empty")
	}
}
