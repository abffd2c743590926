package summarize

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/shareddata"
)

// rankers are the methods of lexrank.go and centroid.go.
var rankers = []struct {
	name string
	m    Method
}{
	{"lexrank", LexRank{}},
	{"centroid", Centroid{}},
}

// ferryStory is a small invented story: three articles about a ferry that
// ran aground, with a side thread about the harbour's dredging budget.
func ferryStory() []news.Document {
	bodies := []string{
		"The ferry Saltmarsh Star ran aground outside Brenholm harbour on Friday morning with 140 passengers aboard.\n\n" +
			"All passengers were taken ashore by lifeboats within three hours, the coast guard said.\n\n" +
			"The coast guard said the ferry struck a sandbank in thick fog shortly after leaving the harbour.\n\n" +
			"Harbour councillors had cut the dredging budget by half last spring, records show.",
		"A passenger ferry ran aground in fog near Brenholm harbour on Friday, and lifeboats brought all 140 passengers ashore.\n\n" +
			"The ferry operator said the Saltmarsh Star would be towed to a shipyard once the tide rose.\n\n" +
			"Fishermen said the channel had grown shallow since the council reduced dredging of the harbour approaches.",
		"Lifeboats rescued 140 passengers after the Saltmarsh Star ferry ran aground on a sandbank near Brenholm on Friday.\n\n" +
			"The council's dredging budget for the harbour approaches will be debated again next month, a spokeswoman said.\n\n" +
			"Weather forecasters had warned of dense fog along the coast since Thursday evening.",
	}
	docs := make([]news.Document, len(bodies))
	for i, b := range bodies {
		docs[i] = analyze(news.Article{ID: fmt.Sprintf("ferry-%d", i+1), Body: b})
	}
	return docs
}

func TestRankBudgets(t *testing.T) {
	docs := fixture(t, "quay-fire")
	tests := []struct {
		name string
		opt  Options
	}{
		{"default words", Options{}},
		{"10 words", Options{Words: 10}},
		{"25 words", Options{Words: 25}},
		{"60 words", Options{Words: 60}},
		{"250 words", Options{Words: 250}},
		{"1000 words", Options{Words: 1000}},
		{"1 sentence", Options{Sentences: 1}},
		{"3 sentences", Options{Sentences: 3}},
		{"50 sentences", Options{Sentences: 50}},
		{"40 bytes", Options{Bytes: 40}},
		{"150 bytes", Options{Bytes: 150}},
		{"400 bytes", Options{Bytes: 400}},
		{"5000 bytes", Options{Bytes: 5000}},
		{"60 words, question", Options{Words: 60, Query: "What caused the fire at the grain depot?"}},
		{"200 bytes, question", Options{Bytes: 200, Query: "barley exports delayed"}},
		{"2 sentences, seen", Options{Sentences: 2, Seen: docs[:1]}},
	}
	for _, rk := range rankers {
		for _, tt := range tests {
			t.Run(rk.name+"/"+tt.name, func(t *testing.T) {
				opt := tt.opt
				opt.Method = rk.m
				sum := Summarize(docs, opt)
				checkSummary(t, docs, sum)
				switch {
				case opt.Sentences > 0:
					if len(sum.Sentences) > opt.Sentences {
						t.Errorf("%d sentences, budget %d", len(sum.Sentences), opt.Sentences)
					}
				case opt.Bytes > 0:
					if len(sum.Text) > opt.Bytes {
						t.Errorf("%d bytes, budget %d: %q", len(sum.Text), opt.Bytes, sum.Text)
					}
				default:
					budget := orDefault(opt.Words, DefaultWords)
					if n := sum.Words(); n > budget {
						t.Errorf("%d words, budget %d", n, budget)
					}
				}
				// Every budget here but the smallest fits a sentence
				// of the fixture.
				small := opt.Words == 10 || opt.Bytes == 40
				if !small && len(sum.Sentences) == 0 {
					t.Errorf("empty summary")
				}
				if small && len(sum.Sentences) != 0 {
					t.Errorf("%d sentences in a budget no sentence fits", len(sum.Sentences))
				}
			})
		}
	}
}

// orDefault returns v, or def when v is 0.
func orDefault(v, def int) int {
	if v == 0 {
		return def
	}
	return v
}

func TestRankDeterministic(t *testing.T) {
	tests := []struct {
		name string
		opt  Options
	}{
		{"generic", Options{Words: 120}},
		{"question", Options{Words: 120, Query: "Who is to blame for the fire and what does it cost farmers?"}},
		{"sentences", Options{Sentences: 3}},
	}
	for _, rk := range rankers {
		for _, tt := range tests {
			t.Run(rk.name+"/"+tt.name, func(t *testing.T) {
				var first []byte
				for run := range 5 {
					// Analyse afresh each time: nothing may depend on
					// allocation or map order.
					opt := tt.opt
					opt.Method = rk.m
					b, err := json.Marshal(Summarize(fixture(t, "quay-fire"), opt))
					if err != nil {
						t.Fatal(err)
					}
					if run == 0 {
						first = b
					} else if !bytes.Equal(b, first) {
						t.Fatalf("run %d differs:\n%s\n%s", run, first, b)
					}
				}
			})
		}
	}
}

func TestStationary(t *testing.T) {
	c := newCorpus(ferryStory(), "", nil, unitWords)
	var nodes []int
	for i := range c.sents {
		if c.sents[i].norm > 0 {
			nodes = append(nodes, i)
		}
	}
	story := lexGraph(c, nodes, lexThreshold)
	uniform := func(n int) []float64 {
		q := make([]float64, n)
		for i := range q {
			q[i] = 1 / float64(n)
		}
		return q
	}
	// A biased teleport vector: all on the first node but a little.
	skewed := func(n int) []float64 {
		q := make([]float64, n)
		for i := range q {
			q[i] = 0.01 / float64(n-1)
		}
		q[0] = 0.99
		return q
	}
	triangle := [][]lexEdge{{{1, 1}, {2, 1}}, {{0, 1}, {2, 1}}, {{0, 1}, {1, 1}}}
	star := [][]lexEdge{{{1, 0.5}, {2, 0.5}, {3, 0.5}}, {{0, 0.5}}, {{0, 0.5}}, {{0, 0.5}}}
	isolated := [][]lexEdge{{{1, 0.3}}, {{0, 0.3}}, nil}
	tests := []struct {
		name  string
		adj   [][]lexEdge
		q     []float64
		d     float64
		check func(t *testing.T, p []float64)
	}{
		{"story", story, uniform(len(story)), lexDamping, nil},
		{"story, biased", story, skewed(len(story)), lexQueryBias, func(t *testing.T, p []float64) {
			for k := 1; k < len(p); k++ {
				if p[k] >= p[0] {
					t.Errorf("p[%d] = %.4f ≥ p[0] = %.4f, the node the walk jumps to", k, p[k], p[0])
				}
			}
		}},
		{"triangle", triangle, uniform(3), lexDamping, func(t *testing.T, p []float64) {
			for k := range p {
				if math.Abs(p[k]-1.0/3) > 1e-6 {
					t.Errorf("p[%d] = %.6f, want 1/3", k, p[k])
				}
			}
		}},
		{"star", star, uniform(4), lexDamping, func(t *testing.T, p []float64) {
			// The centre gets d/4 + (1−d)·(sum of leaves) and each leaf
			// d/4 + (1−d)·p0/3; with p0 + 3·leaf = 1,
			// p0 = (4 − 3d) / (4(2 − d)).
			d := lexDamping
			if want := (4 - 3*d) / (4 * (2 - d)); math.Abs(p[0]-want) > 1e-6 {
				t.Errorf("centre %.6f, want %.6f", p[0], want)
			}
		}},
		{"isolated node", isolated, uniform(3), lexDamping, func(t *testing.T, p []float64) {
			if p[2] <= 0 || p[2] >= p[0] {
				t.Errorf("isolated node %.4f, linked %.4f", p[2], p[0])
			}
		}},
		{"no edges", [][]lexEdge{nil, nil}, uniform(2), lexDamping, nil},
		{"one node", [][]lexEdge{nil}, uniform(1), lexDamping, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p := lexStationary(tt.adj, tt.q, tt.d)
			if len(p) != len(tt.adj) {
				t.Fatalf("%d probabilities for %d nodes", len(p), len(tt.adj))
			}
			var sum float64
			for k, v := range p {
				if v < 0 || math.IsNaN(v) {
					t.Errorf("p[%d] = %v", k, v)
				}
				sum += v
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("probabilities sum to %v", sum)
			}
			// A fixed point: one more step barely moves it.
			next := lexStep(tt.adj, tt.q, tt.d, p)
			var change float64
			for k := range p {
				change += math.Abs(next[k] - p[k])
			}
			if change > 1e-5 {
				t.Errorf("one more step moves the distribution by %g", change)
			}
			if tt.check != nil {
				tt.check(t, p)
			}
		})
	}
	if len(story) < 8 {
		t.Errorf("the ferry story has %d nodes, want its 10 sentences", len(story))
	}
}

// lexStep is one step of the walk of lexStationary, written plainly: follow
// an edge with probability 1−d in proportion to its weight, else jump by q.
func lexStep(adj [][]lexEdge, q []float64, d float64, p []float64) []float64 {
	next := make([]float64, len(p))
	for a, es := range adj {
		var row float64
		for _, e := range es {
			row += float64(e.w)
		}
		for b := range next {
			next[b] += d * p[a] * q[b]
			if row == 0 {
				next[b] += (1 - d) * p[a] * q[b]
			}
		}
		for _, e := range es {
			next[e.j] += (1 - d) * p[a] * float64(e.w) / row
		}
	}
	return next
}

// TestQuery checks that a question moves each method's choice to the
// sentences that answer it: LexRank's first choice, and one of Centroid's
// first three (its lead and centrality scores still count for much in a
// story of three articles).
func TestQuery(t *testing.T) {
	tests := []struct {
		name  string
		docs  []news.Document
		query string
		want  string // the summary without the question must not contain this; with it, must
	}{
		{"quay fire, maintenance", fixture(t, "quay-fire"), "Complaints by the union about maintenance of the conveyors.", "poor maintenance"},
		{"quay fire, farmers", fixture(t, "quay-fire"), "How do farmers fear the closure will affect buyers abroad?", "Farmers in the Kessel valley"},
		{"ferry, dredging", ferryStory(), "Dredging budget of the harbour council.", "dredging"},
	}
	for _, rk := range []struct {
		name      string
		m         Method
		sentences int
	}{{"lexrank", LexRank{}, 1}, {"centroid", Centroid{}, 3}} {
		for _, tt := range tests {
			t.Run(rk.name+"/"+tt.name, func(t *testing.T) {
				generic := Summarize(tt.docs, Options{Sentences: rk.sentences, Method: rk.m})
				asked := Summarize(tt.docs, Options{Sentences: rk.sentences, Method: rk.m, Query: tt.query})
				if len(generic.Sentences) != rk.sentences || len(asked.Sentences) != rk.sentences {
					t.Fatalf("summaries of %d and %d sentences", len(generic.Sentences), len(asked.Sentences))
				}
				if strings.Contains(generic.Text, tt.want) {
					t.Errorf("without the question already %q", generic.Text)
				}
				if !strings.Contains(asked.Text, tt.want) {
					t.Errorf("with the question %q, want a sentence containing %q", asked.Text, tt.want)
				}
			})
		}
	}
}

// TestLexRankTeleport checks the teleport vector: a probability vector,
// with no zeros, that favours relevant and novel sentences.
func TestLexRankTeleport(t *testing.T) {
	docs := ferryStory()
	tests := []struct {
		name   string
		query  string
		seen   []news.Document
		biased bool
	}{
		{"generic", "", nil, false},
		{"question", "dredging budget", nil, true},
		{"question the story never answers", "volcano eruption", nil, false},
		{"seen", "", docs[:1], false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			story := docs
			if tt.seen != nil {
				story = docs[1:]
			}
			c := newCorpus(story, tt.query, tt.seen, unitWords)
			nodes := make([]int, len(c.sents))
			for i := range nodes {
				nodes[i] = i
			}
			q, biased := lexTeleport(c, nodes)
			if biased != tt.biased {
				t.Errorf("biased %v, want %v", biased, tt.biased)
			}
			var sum float64
			for k, v := range q {
				if !(v > 0) {
					t.Errorf("q[%d] = %v", k, v)
				}
				sum += v
			}
			if math.Abs(sum-1) > 1e-9 {
				t.Errorf("sum %v", sum)
			}
			for a := range q {
				for b := range q {
					sa, sb := &c.sents[a], &c.sents[b]
					if sa.rel >= sb.rel && sa.novel >= sb.novel && q[a] < q[b]-1e-12 {
						t.Errorf("%q (rel %.2f, novel %.2f) has less teleport than %q (rel %.2f, novel %.2f)",
							sa.text, sa.rel, sa.novel, sb.text, sb.rel, sb.novel)
					}
				}
			}
		})
	}
}

func TestRankEdgeCases(t *testing.T) {
	docs := fixture(t, "quay-fire")
	headline := analyze(news.Article{ID: "h", Body: "Fire at the quay"})
	rejected := analyze(news.Article{ID: "r", Body: "Will the quay reopen before the barley harvest is shipped abroad?\n\n" +
		"They said the depot would reopen once the inspectors had finished their work.\n\nFire out."})
	tests := []struct {
		name      string
		docs      []news.Document
		opt       Options
		sentences bool // whether the summary has sentences
	}{
		{"nil", nil, Options{}, false},
		{"nil with a question", nil, Options{Query: "fire"}, false},
		{"empty documents", []news.Document{{Article: news.Article{ID: "a"}}, {Article: news.Article{ID: "b", Body: "  \n\n "}}}, Options{}, false},
		{"sentences without tokens", []news.Document{{Article: news.Article{ID: "a", Body: "Only text."}, Sentences: []news.Sentence{{Span: news.Span{End: 10}, Text: "Only text."}}}}, Options{}, false},
		{"headline only", []news.Document{headline}, Options{}, false},
		{"all sentences rejected", []news.Document{rejected, headline}, Options{Query: "quay reopen"}, false},
		{"one sentence", []news.Document{analyze(news.Article{ID: "o", Body: "A fire tore through the grain depot on the quay late on Sunday night."})}, Options{}, true},
		{"one sentence, too long for the budget", []news.Document{analyze(news.Article{ID: "o", Body: "A fire tore through the grain depot on the quay late on Sunday night."})}, Options{Words: 5}, false},
		{"single document", docs[:1], Options{}, true},
		{"same document twice", []news.Document{docs[0], docs[0]}, Options{}, true},
		{"everything seen", docs, Options{Seen: docs}, false},
		{"question without a story word", docs, Options{Query: "volcano eruption"}, true},
	}
	for _, rk := range rankers {
		for _, tt := range tests {
			t.Run(rk.name+"/"+tt.name, func(t *testing.T) {
				opt := tt.opt
				opt.Method = rk.m
				sum := Summarize(tt.docs, opt)
				if got := len(sum.Sentences) > 0; got != tt.sentences {
					t.Errorf("%d sentences", len(sum.Sentences))
				}
				if sum.Words() > orDefault(opt.Words, DefaultWords) {
					t.Errorf("%d words", sum.Words())
				}
				checkSummary(t, tt.docs, sum)
			})
		}
	}
}

// TestRankDUC2006 checks the budgets on the DUC 2006 stories, with their
// questions, in each unit.
func TestRankDUC2006(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the DUC 2006 set")
	}
	stories := loadMDS(t, duc2006)
	queries := loadQuestions(t, duc2006)
	for _, rk := range rankers {
		for _, st := range stories {
			for _, opt := range []Options{{Words: 250}, {Words: 100}, {Sentences: 4}, {Bytes: 665}} {
				opt.Method, opt.Query = rk.m, queries[st.id]
				sum := Summarize(st.docs, opt)
				checkSummary(t, st.docs, sum)
				over := opt.Words > 0 && sum.Words() > opt.Words ||
					opt.Sentences > 0 && len(sum.Sentences) > opt.Sentences ||
					opt.Bytes > 0 && len(sum.Text) > opt.Bytes
				if over || len(sum.Sentences) == 0 {
					t.Errorf("%s %s %+v: %d words, %d sentences, %d bytes", rk.name, st.id,
						Options{Words: opt.Words, Sentences: opt.Sentences, Bytes: opt.Bytes},
						sum.Words(), len(sum.Sentences), len(sum.Text))
				}
			}
		}
	}
}

// BenchmarkLexRankDUC2006 summarizes all 50 DUC 2006 clusters in 250 words
// with LexRank and their questions per iteration; text analysis is done
// once, outside the timer.
func BenchmarkLexRankDUC2006(b *testing.B) { benchmarkDUC2006(b, LexRank{}) }

// BenchmarkCentroidDUC2006 is BenchmarkLexRankDUC2006 for Centroid.
func BenchmarkCentroidDUC2006(b *testing.B) { benchmarkDUC2006(b, Centroid{}) }

func benchmarkDUC2006(b *testing.B, m Method) {
	stories := loadMDS(b, duc2006)
	queries := loadQuestions(b, duc2006)
	for b.Loop() {
		for _, st := range stories {
			Summarize(st.docs, Options{Words: 250, Method: m, Query: queries[st.id]})
		}
	}
}

// loadQuestions reads the questions of an MDS JSONL file, by story id.
func loadQuestions(tb testing.TB, path string) map[string]string {
	tb.Helper()
	data, err := os.ReadFile(shareddata.Path(tb, path))
	if err != nil {
		tb.Fatal(err)
	}
	queries := make(map[string]string)
	dec := json.NewDecoder(bytes.NewReader(data))
	for n := 1; dec.More(); n++ {
		var in struct{ ID, Query string }
		if err := dec.Decode(&in); err != nil {
			tb.Fatalf("%s: cluster %d: %v", path, n, err)
		}
		queries[in.ID] = in.Query
	}
	return queries
}
