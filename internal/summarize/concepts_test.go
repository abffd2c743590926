package summarize

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
)

// ferryQuestion is a question about the ferry-strike fixture.
const ferryQuestion = "Why did the ferry crews strike and what did Bluewake Lines want to change?"

// TestConceptsSubmodularBudgets checks that Concepts and Submodular keep
// to the budget in each of its units.
func TestConceptsSubmodularBudgets(t *testing.T) {
	docs := append(fixture(t, "quay-fire"), fixture(t, "ferry-strike")...)
	stories := map[string][]news.Document{
		"quay-fire":    docs[:3],
		"ferry-strike": docs[3:],
	}
	budgets := []struct {
		name string
		opt  Options
	}{
		{"10 words", Options{Words: 10}},
		{"35 words", Options{Words: 35}},
		{"80 words", Options{Words: 80}},
		{"250 words", Options{Words: 250}},
		{"1000 words", Options{Words: 1000}},
		{"1 sentence", Options{Sentences: 1}},
		{"3 sentences", Options{Sentences: 3}},
		{"40 sentences", Options{Sentences: 40}},
		{"60 bytes", Options{Bytes: 60}},
		{"300 bytes", Options{Bytes: 300}},
		{"900 bytes", Options{Bytes: 900}},
		{"sentences before bytes", Options{Sentences: 2, Bytes: 5000}},
	}
	for _, m := range []Method{Concepts{}, Submodular{}} {
		for name, docs := range stories {
			for _, query := range []string{"", ferryQuestion} {
				for _, b := range budgets {
					opt := b.opt
					opt.Method, opt.Query = m, query
					sum := Summarize(docs, opt)
					where := fmt.Sprintf("%T, %s, %s, question %v", m, name, b.name, query != "")
					switch {
					case opt.Sentences > 0:
						if len(sum.Sentences) > opt.Sentences {
							t.Errorf("%s: %d sentences", where, len(sum.Sentences))
						}
					case opt.Bytes > 0:
						if len(sum.Text) > opt.Bytes {
							t.Errorf("%s: %d bytes", where, len(sum.Text))
						}
					default:
						if sum.Words() > opt.Words {
							t.Errorf("%s: %d words", where, sum.Words())
						}
					}
					if opt.Words >= 80 || opt.Sentences >= 3 || opt.Bytes >= 300 {
						if len(sum.Sentences) < 2 {
							t.Errorf("%s: only %d sentences", where, len(sum.Sentences))
						}
					}
					checkSummary(t, docs, sum)
				}
			}
		}
	}
}

// bruteConcepts returns the best objective of Concepts over all subsets of
// the corpus's candidates within the budget.
func bruteConcepts(c *corpus, budget int) float64 {
	w := conceptWeights(c)
	var cands []int
	for i := range c.sents {
		if c.sents[i].cand {
			cands = append(cands, i)
		}
	}
	best := 0.0
	mark := make([]int, len(w))
	for set := 1; set < 1<<len(cands); set++ {
		cost := 0
		for j, i := range cands {
			if set>>j&1 == 1 {
				cost += c.sents[i].cost
			}
		}
		if cost > budget {
			continue
		}
		v := 0.0
		for j, i := range cands {
			if set>>j&1 == 1 {
				for _, k := range c.sents[i].concepts {
					if mark[k] != set {
						mark[k] = set
						v += w[k]
					}
				}
			}
		}
		best = max(best, v)
	}
	return best
}

// checkConcepts solves c by branch and bound and compares the result with
// the brute-force optimum.
func checkConcepts(t *testing.T, what string, c *corpus, budget int) {
	t.Helper()
	chosen, res := solveConcepts(c, budget, conceptNodeLimit)
	if !res.optimal {
		t.Errorf("%s: node limit reached", what)
	}
	w := conceptWeights(c)
	cost, value := 0, 0.0
	seen := map[int32]bool{}
	for _, i := range chosen {
		if !c.sents[i].cand {
			t.Errorf("%s: sentence %d is not a candidate", what, i)
		}
		cost += c.sents[i].cost
		for _, k := range c.sents[i].concepts {
			if !seen[k] {
				seen[k] = true
				value += w[k]
			}
		}
	}
	if cost > budget {
		t.Errorf("%s: cost %d over budget %d", what, cost, budget)
	}
	if math.Abs(value-res.value) > 1e-6 {
		t.Errorf("%s: solution covers %.4f, solver says %.4f", what, value, res.value)
	}
	if want := bruteConcepts(c, budget); math.Abs(res.value-want) > 1e-6 {
		t.Errorf("%s: branch and bound %.4f, brute force %.4f", what, res.value, want)
	}
}

// TestConceptsOptimalFixtures compares the branch and bound with brute
// force on the fixtures, with at most 14 candidate sentences drawn at
// random, in each budget unit, with and without a question.
func TestConceptsOptimalFixtures(t *testing.T) {
	stories := [][]news.Document{fixture(t, "quay-fire"), fixture(t, "ferry-strike")}
	rng := rand.New(rand.NewPCG(1, 2))
	for trial := range 60 {
		docs := stories[trial%2]
		u := unit(trial % 3)
		query := ""
		if trial%4 >= 2 {
			query = ferryQuestion
		}
		c := newCorpus(docs, query, nil, u)
		var cands []int
		for i := range c.sents {
			if c.sents[i].cand {
				cands = append(cands, i)
			}
		}
		rng.Shuffle(len(cands), func(a, b int) { cands[a], cands[b] = cands[b], cands[a] })
		for _, i := range cands[min(len(cands), 14):] {
			c.sents[i].cand = false
		}
		budget := 20 + rng.IntN(100)
		switch u {
		case unitSentences:
			budget = 1 + rng.IntN(6)
		case unitBytes:
			budget *= 6
		}
		checkConcepts(t, fmt.Sprintf("trial %d (unit %d, budget %d)", trial, u, budget), c, budget)
	}
}

// syntheticCorpus builds a corpus directly: sentence i mentions the
// concepts cs[i] and costs cost[i], and concept k weighs w[k].
func syntheticCorpus(cs [][]int32, cost []int, w []float32) *corpus {
	c := &corpus{
		docs:   []news.Document{{Sentences: make([]news.Sentence, len(cs))}},
		weight: w,
	}
	for i := range cs {
		c.sents = append(c.sents, sentence{idx: i, cand: true, cost: cost[i], words: cost[i], concepts: cs[i]})
	}
	return c
}

// TestConceptsOptimalSynthetic compares the branch and bound with brute
// force on random instances built to be hard: few concepts, heavily
// shared, with costs that make greedy choices wrong.
func TestConceptsOptimalSynthetic(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	tests := []struct {
		name                  string
		sents, concepts, per  int
		minCost, maxCost, max int // costs, and the largest weight
	}{
		{"sparse", 12, 30, 3, 5, 30, 10},
		{"dense", 14, 12, 5, 5, 30, 5},
		{"equal weights", 15, 20, 4, 10, 12, 1},
		{"unit costs", 15, 25, 4, 1, 1, 9},
		{"long and short", 13, 25, 6, 1, 60, 20},
	}
	for _, tt := range tests {
		for trial := range 40 {
			cs := make([][]int32, tt.sents)
			cost := make([]int, tt.sents)
			for i := range cs {
				for range 1 + rng.IntN(tt.per) {
					if k := int32(rng.IntN(tt.concepts)); !slices.Contains(cs[i], k) {
						cs[i] = append(cs[i], k)
					}
				}
				cost[i] = tt.minCost + rng.IntN(tt.maxCost-tt.minCost+1)
			}
			w := make([]float32, tt.concepts)
			for k := range w {
				w[k] = float32(rng.IntN(tt.max + 1)) // some weigh nothing
			}
			budget := 2 * (tt.minCost + tt.maxCost)
			if tt.maxCost == 1 {
				budget = 4
			}
			checkConcepts(t, fmt.Sprintf("%s %d", tt.name, trial), syntheticCorpus(cs, cost, w), budget)
		}
	}
}

// TestConceptsBeatsGreedy checks a case the greedy gets wrong: taking the
// best ratio first (sentence 0, 12 in 10 words) leads to {0, 2}, 20 in 22
// words, while {1, 2} covers all 23 in 24.
func TestConceptsBeatsGreedy(t *testing.T) {
	c := syntheticCorpus(
		[][]int32{{0, 1, 2}, {0, 1, 3}, {2, 4, 5}},
		[]int{10, 12, 12},
		[]float32{4, 4, 4, 3, 4, 4},
	)
	chosen, res := solveConcepts(c, 24, conceptNodeLimit)
	if want := []int{1, 2}; !slices.Equal(chosen, want) || !res.optimal {
		t.Errorf("chose %v (optimal %v), want %v", chosen, res.optimal, want)
	}
}

// TestConceptsNodeLimit checks that a search cut short returns a feasible
// solution, no worse than the greedy start, and says it is not proven.
func TestConceptsNodeLimit(t *testing.T) {
	c := newCorpus(fixture(t, "ferry-strike"), "", nil, unitWords)
	full, opt := solveConcepts(c, 120, conceptNodeLimit)
	if !opt.optimal {
		t.Fatalf("no optimum within %d nodes", conceptNodeLimit)
	}
	cut, res := solveConcepts(c, 120, 1)
	if res.nodes > 1 {
		t.Errorf("%d nodes with a limit of 1", res.nodes)
	}
	if res.optimal && res.value < opt.value-1e-9 {
		t.Errorf("claims optimality at %.2f, optimum %.2f", res.value, opt.value)
	}
	cost := 0
	for _, i := range cut {
		cost += c.sents[i].cost
	}
	if cost > 120 || len(cut) == 0 || res.value > opt.value+1e-9 {
		t.Errorf("cut short: %v (%d words, %.2f), full: %v (%.2f)", cut, cost, res.value, full, opt.value)
	}
}

// TestConceptKinds checks that the replay of newCorpus labels every
// concept of the fixtures, and single stems as such.
func TestConceptKinds(t *testing.T) {
	c := newCorpus(fixture(t, "quay-fire"), "", nil, unitWords)
	kind := conceptKinds(c)
	for i := range c.sents {
		s := &c.sents[i]
		unigrams := 0
		for _, k := range s.concepts {
			switch kind[k] {
			case unknownConcept:
				t.Errorf("sentence %q: concept %d not labelled", s.text, k)
			case unigramConcept:
				unigrams++
			}
		}
		if unigrams != len(s.terms) {
			t.Errorf("sentence %q: %d single stems, %d content terms", s.text, unigrams, len(s.terms))
		}
	}
}

// bruteSubmodular returns max F over the subsets of the model's
// candidates within the budget.
func bruteSubmodular(m *submodularModel, budget int) float64 {
	best := 0.0
	var set []int32
	for mask := 1; mask < 1<<len(m.cand); mask++ {
		set, cost := set[:0], 0
		for j, v := range m.cand {
			if mask>>j&1 == 1 {
				set = append(set, v)
				cost += m.cost[v]
			}
		}
		if cost <= budget {
			best = max(best, m.value(set))
		}
	}
	return best
}

// smallSubmodular builds F for a fixture story with at most n candidates
// drawn with rng, with or without a question and seen articles.
func smallSubmodular(t *testing.T, rng *rand.Rand, docs []news.Document, query string, seen []news.Document, u unit, n int) *submodularModel {
	t.Helper()
	c := newCorpus(docs, query, seen, u)
	var cands []int
	for i := range c.sents {
		if c.sents[i].cand {
			cands = append(cands, i)
		}
	}
	rng.Shuffle(len(cands), func(a, b int) { cands[a], cands[b] = cands[b], cands[a] })
	for _, i := range cands[min(len(cands), n):] {
		c.sents[i].cand = false
	}
	m := newSubmodularModel(c)
	if m == nil {
		t.Fatal("no candidate")
	}
	return m
}

// TestSubmodularProperties checks on random small instances that F is
// monotone and submodular, that gain is F's increment, and that the
// solver's solution is within (1 − 1/e)/2 of the brute-force optimum.
func TestSubmodularProperties(t *testing.T) {
	quay, ferry := fixture(t, "quay-fire"), fixture(t, "ferry-strike")
	rng := rand.New(rand.NewPCG(5, 6))
	bound := (1 - 1/math.E) / 2
	worst := 1.0
	for trial := range 40 {
		docs, query, seen := quay, "", []news.Document(nil)
		switch trial % 4 {
		case 1:
			docs = ferry
		case 2:
			docs, query = ferry, ferryQuestion
		case 3:
			docs, seen = ferry[1:], ferry[:1]
		}
		m := smallSubmodular(t, rng, docs, query, seen, unit(trial%3), 12)

		// Monotone and submodular: for A ⊆ B and x ∉ B,
		// F(A+x) − F(A) ≥ F(B+x) − F(B) ≥ 0.
		for range 30 {
			var a, b []int32
			var x int32 = -1
			for _, v := range m.cand {
				switch r := rng.IntN(4); {
				case r == 0:
					a = append(a, v)
					b = append(b, v)
				case r == 1:
					b = append(b, v)
				case x < 0:
					x = v
				}
			}
			if x < 0 {
				continue
			}
			fa, fb := m.value(a), m.value(b)
			ga, gb := m.value(append(slices.Clone(a), x))-fa, m.value(append(slices.Clone(b), x))-fb
			if gb < -1e-9 || ga < gb-1e-9 {
				t.Errorf("trial %d: gains %.6f on %v and %.6f on %v for %d", trial, ga, a, gb, b, x)
			}
			st := newSubState(m)
			for _, v := range b {
				st.add(v)
			}
			if g := st.gain(x); math.Abs(g-gb) > 1e-6 {
				t.Errorf("trial %d: gain %.6f, F's increment %.6f", trial, g, gb)
			}
		}

		budget := 30 + rng.IntN(90)
		switch unit(trial % 3) {
		case unitSentences:
			budget = 1 + rng.IntN(5)
		case unitBytes:
			budget *= 6
		}
		set, f := m.solve(budget)
		cost := 0
		for _, v := range set {
			cost += m.cost[v]
		}
		if cost > budget {
			t.Errorf("trial %d: cost %d over budget %d", trial, cost, budget)
		}
		if math.Abs(m.value(set)-f) > 1e-6 {
			t.Errorf("trial %d: F %.6f, solver says %.6f", trial, m.value(set), f)
		}
		opt := bruteSubmodular(m, budget)
		if f < bound*opt-1e-9 {
			t.Errorf("trial %d: greedy %.4f, optimum %.4f", trial, f, opt)
		}
		if opt > 0 {
			worst = min(worst, f/opt)
		}
	}
	t.Logf("worst greedy/optimum %.3f (guarantee %.3f)", worst, bound)
}

// TestConceptsSubmodularDeterministic checks that the same input gives
// the same summary.
func TestConceptsSubmodularDeterministic(t *testing.T) {
	for _, m := range []Method{Concepts{}, Submodular{}} {
		for _, query := range []string{"", ferryQuestion} {
			var first []byte
			for run := range 3 {
				// Analyse afresh: nothing may depend on allocation or map order.
				docs := append(fixture(t, "ferry-strike"), fixture(t, "quay-fire")...)
				b, err := json.Marshal(Summarize(docs, Options{Words: 150, Method: m, Query: query}))
				if err != nil {
					t.Fatal(err)
				}
				if run == 0 {
					first = b
				} else if string(b) != string(first) {
					t.Errorf("%T, question %v: run %d differs:\n%s\n%s", m, query != "", run, b, first)
				}
			}
		}
	}
}

// TestConceptsSubmodularEdgeCases checks stories with nothing to choose
// and tiny budgets: no panic, a summary within the budget.
func TestConceptsSubmodularEdgeCases(t *testing.T) {
	docs := fixture(t, "ferry-strike")
	rejected := analyze(news.Article{ID: "q", Body: "Who will pay?\n\nWhat now for the islands?\n\nStrike.\n\nFERRY TIMES 0600 0730 0900 1030 1200 1330 1500 1630."})
	tests := []struct {
		name string
		docs []news.Document
		opt  Options
	}{
		{"nil", nil, Options{}},
		{"empty articles", []news.Document{{Article: news.Article{ID: "a"}}, {Article: news.Article{ID: "b", Body: " \n\n "}}}, Options{}},
		{"one sentence", []news.Document{analyze(news.Article{ID: "one", Body: "The ferry crews of Selvik went on strike on Wednesday morning."})}, Options{}},
		{"all rejected", []news.Document{rejected}, Options{}},
		{"all rejected, question", []news.Document{rejected, rejected}, Options{Query: "ferry times"}},
		{"one word", docs, Options{Words: 1}},
		{"one byte", docs, Options{Bytes: 1}},
		{"all seen", docs, Options{Seen: docs}},
	}
	for _, tt := range tests {
		for _, m := range []Method{Concepts{}, Submodular{}} {
			opt := tt.opt
			opt.Method = m
			sum := Summarize(tt.docs, opt)
			if opt.Bytes > 0 && len(sum.Text) > opt.Bytes || opt.Bytes == 0 && sum.Words() > max(opt.Words, DefaultWords) {
				t.Errorf("%s, %T: %q over budget", tt.name, m, sum.Text)
			}
			checkSummary(t, tt.docs, sum)
		}
	}
}

// TestConceptsDUC2006 solves the DUC 2006 stories in 250 words, without
// and with their questions, and logs how many reach the node limit and
// the largest search. Stories that reach the limit are not failures.
func TestConceptsDUC2006(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the DUC 2006 set")
	}
	stories := loadMDS(t, duc2006)
	questions := loadQuestions(t, duc2006)
	for _, withQuestion := range []bool{false, true} {
		hits, most, total := 0, 0, 0
		for _, st := range stories {
			query := ""
			if withQuestion {
				query = questions[st.id]
			}
			c := newCorpus(st.docs, query, nil, unitWords)
			chosen, res := solveConcepts(c, 250, conceptNodeLimit)
			words := 0
			for _, i := range chosen {
				words += c.sents[i].words
			}
			if words > 250 {
				t.Errorf("%s: %d words", st.id, words)
			}
			if !res.optimal {
				hits++
			}
			most = max(most, res.nodes)
			total += res.nodes
		}
		t.Logf("%d stories, question %v: node limit (%d) reached %d times; %d nodes in all, at most %d",
			len(stories), withQuestion, conceptNodeLimit, hits, total, most)
	}
}

// BenchmarkConceptsDUC2006 summarizes all 50 DUC 2006 clusters in 250
// words with Concepts per iteration, as BenchmarkSummarizeDUC2006 does.
func BenchmarkConceptsDUC2006(b *testing.B) { benchmarkMethodDUC2006(b, Concepts{}) }

// BenchmarkSubmodularDUC2006 does the same with Submodular.
func BenchmarkSubmodularDUC2006(b *testing.B) { benchmarkMethodDUC2006(b, Submodular{}) }

// benchmarkMethodDUC2006 summarizes the DUC 2006 clusters with m, without
// (generic) and with their questions (question); text analysis is done
// once, outside the timer.
func benchmarkMethodDUC2006(b *testing.B, m Method) {
	stories := loadMDS(b, duc2006)
	questions := loadQuestions(b, duc2006)
	for _, withQuestion := range []bool{false, true} {
		name := "generic"
		if withQuestion {
			name = "question"
		}
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				for _, st := range stories {
					opt := Options{Words: 250, Method: m}
					if withQuestion {
						opt.Query = questions[st.id]
					}
					Summarize(st.docs, opt)
				}
			}
		})
	}
}
