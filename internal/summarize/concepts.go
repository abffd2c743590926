package summarize

import (
	"math"
	"slices"

	"github.com/parallaxnews/parallax/internal/news"
)

// Concepts chooses the sentences that together mention the most weight of
// the story's concepts, the global model of Gillick and Favre (2009), "A
// scalable global model for summarization":
//
//	maximise   Σ_k w_k·z_k
//	subject to Σ_i cost_i·y_i ≤ budget,  z_k ≤ Σ_{i∋k} y_i,  y_i, z_k ∈ {0,1}
//
// where i ranges over the candidate sentences and k over the corpus's
// concepts (stem bigrams, and content stems). w_k is the corpus's weight
// (the number of articles that mention k, 0 below a floor, raised for the
// question's concepts and lowered for those the reader has seen), a single
// stem's scaled by conceptUnigramScale, and, without a question, raised by
// a lead prior 1 + 3·e^(−p/4) for a concept first met in the p-th sentence
// of an article. A concept counts once however many chosen sentences
// mention it, so the model needs no redundancy term.
//
// The problem is solved exactly by branch and bound. It is first reduced:
// candidates without weight or over the budget go, concepts found in
// exactly the same candidates merge, and a candidate goes when another, no
// longer, mentions all its concepts. The first incumbent is the modified
// greedy solution (best gain per cost, or the best single sentence if that
// covers more) improved by local search (drop a sentence, refill greedily,
// while that helps). The bound is Lagrangian: with a multiplier
// α_k ∈ [0, w_k] on each coverage constraint, the undecided candidates can
// add at most
//
//	Σ_k (w_k − α_k) + the fractional knapsack of the candidates valued Σ_{k∈i} α_k
//
// over the concepts that no chosen candidate covers and some undecided one
// mentions (and at most the sum of their weights); at the best α this is
// the bound of the linear relaxation. The α are tuned by subgradient
// steps, Polyak's towards the incumbent, 50 at the root and 5 at every
// other node, and every bound fixes candidates by reduced cost: one whose
// inclusion (or exclusion) alone would bring the bound down to the
// incumbent is left out (or taken) in the whole subtree. The search is
// depth first, taking the candidate of best ratio first. Ties go to the
// earlier sentence.
//
// A story whose search exceeds conceptNodeLimit nodes gets the best
// solution found, which is then not proven optimal. On DUC 2006 (25
// articles and 250 words a story) no story comes near it: the largest
// search takes 1,579 nodes with the questions and 1,957 without, all 50
// stories 13,150 and 17,422, at some tens of microseconds a node. Larger
// budgets are harder: at 665 words the largest takes about 30,000.
type Concepts struct{}

// Concepts' parameters.
const (
	// conceptUnigramScale scales the corpus's weight of a single stem,
	// already half a bigram's. Gillick and Favre use bigrams only: that
	// scores alike on DUC 2006 and 2007 and lower on Multi-News (ROUGE-2
	// recall 0.152 against 0.155); keeping stems at full weight scores
	// lower on DUC 2006 (0.100 against 0.103) and makes the search slower.
	conceptUnigramScale = 0.5
	// conceptLead and conceptLeadDecay make the lead prior on concepts
	// without a question: on Multi-News it lifts ROUGE-2 recall from
	// 0.139 to 0.155; with a question it hurts, as it does Coverage.
	conceptLead      = 3.0
	conceptLeadDecay = 4.0
	// conceptNodeLimit bounds the search of one story.
	conceptNodeLimit = 200_000
	// conceptRootSteps and conceptNodeSteps are the subgradient steps
	// at the root and at the other nodes: more steps at a node take
	// fewer nodes but more time; 5 took least time on DUC 2006.
	conceptRootSteps = 50
	conceptNodeSteps = 5
	// conceptStallSteps steps without a better bound halve the step.
	conceptStallSteps = 10
	// conceptEps is the least improvement that counts, far below any
	// weight.
	conceptEps = 1e-9
)

func (Concepts) choose(c *corpus, budget int) []int {
	chosen, _ := solveConcepts(c, budget, conceptNodeLimit)
	return chosen
}

// conceptSolve describes how a story's problem was solved.
type conceptSolve struct {
	value   float64 // the objective of the solution returned
	nodes   int     // branch-and-bound nodes visited
	optimal bool    // the search finished: value is the optimum
}

// solveConcepts returns the candidates (indices into c.sents, increasing)
// of the best solution found in at most limit nodes.
func solveConcepts(c *corpus, budget, limit int) ([]int, conceptSolve) {
	p := newConceptProblem(c, conceptWeights(c), budget)
	if len(p.sc) == 0 {
		return nil, conceptSolve{optimal: true}
	}
	b := newBranchBound(p)
	b.best, b.bestV = p.improve(p.greedy())
	b.limit = limit
	b.node(conceptRootSteps)
	out := make([]int, len(b.best))
	for j, i := range b.best {
		out[j] = p.sent[i]
	}
	slices.Sort(out)
	return out, conceptSolve{value: b.bestV, nodes: b.nodes, optimal: !b.stopped}
}

// conceptWeights returns the weight of each of the corpus's concepts in
// the model: the corpus's, times conceptUnigramScale for a single stem.
func conceptWeights(c *corpus) []float64 {
	kind := conceptKinds(c)
	w := make([]float64, len(c.weight))
	for k, x := range c.weight {
		w[k] = float64(x)
		if kind[k] == unigramConcept {
			w[k] *= conceptUnigramScale
		}
	}
	if conceptLead > 0 && c.qnorm == 0 {
		first := make([]int, len(w))
		for k := range first {
			first[k] = 1 << 30
		}
		for i := range c.sents {
			s := &c.sents[i]
			for _, k := range s.concepts {
				first[k] = min(first[k], s.pos)
			}
		}
		for k := range w {
			w[k] *= 1 + conceptLead*math.Exp(-float64(first[k])/conceptLeadDecay)
		}
	}
	return w
}

const (
	unknownConcept int8 = iota
	unigramConcept
	bigramConcept
)

// conceptKinds tells the corpus's single-stem concepts from its bigrams,
// which the corpus does not record, by replaying how newCorpus lists a
// sentence's concepts: for each token after the span's start, its stem
// if it is a content word, then the bigram with the token before it if
// either is a content word and no punctuation parts them, each concept
// once. A sentence whose replay does not match its concepts in number
// (nor its content stems in number) labels none; a concept no sentence
// labels counts as a bigram, in full.
func conceptKinds(c *corpus) []int8 {
	kind := make([]int8, len(c.weight))
	type concept struct {
		a, b string // b is "" for a single stem
	}
	var seen []concept
	var labels []int8
	has := func(x concept) bool {
		for _, y := range seen {
			if y == x {
				return true
			}
		}
		seen = append(seen, x)
		return false
	}
	for i := range c.sents {
		s := &c.sents[i]
		if s.doc >= len(c.docs) || s.idx >= len(c.docs[s.doc].Sentences) {
			continue
		}
		seen, labels = seen[:0], labels[:0]
		prev, prevContent, unigrams := "", false, 0
		for _, t := range c.docs[s.doc].Sentences[s.idx].Tokens {
			if t.Start < s.span.Start {
				continue
			}
			if t.Kind == news.Punct {
				prev = ""
				continue
			}
			content := t.Kind == news.Number || !t.Stop && !attribution[t.Norm]
			if content && !has(concept{a: t.Stem}) {
				labels = append(labels, unigramConcept)
				unigrams++
			}
			if prev != "" && (prevContent || content) && !has(concept{a: prev, b: t.Stem}) {
				labels = append(labels, bigramConcept)
			}
			prev, prevContent = t.Stem, content
		}
		if len(labels) != len(s.concepts) || unigrams != len(s.terms) {
			continue
		}
		for j, k := range s.concepts {
			kind[k] = labels[j]
		}
	}
	return kind
}

// greedy returns the modified greedy solution of the budgeted coverage
// problem: repeatedly the candidate of best gain per cost that still
// fits, or the best single candidate if that covers more.
func (p *conceptProblem) greedy() []int {
	s := newCoverState(p)
	s.fill(-1)
	single, most := -1, 0.0
	for i, ks := range p.sc {
		var v float64
		for _, k := range ks {
			v += p.w[k]
		}
		if v > most+conceptEps {
			single, most = i, v
		}
	}
	if most > s.value+conceptEps {
		return []int{single}
	}
	return s.set
}

// improve improves a solution by local search: drop one candidate,
// refill greedily, keep the change if it covers more; until no drop
// helps. It returns the solution and its value.
func (p *conceptProblem) improve(set []int) ([]int, float64) {
	s := newCoverState(p)
	for _, i := range set {
		s.add(i)
	}
	for improved := true; improved; {
		improved = false
		for j := 0; j < len(s.set) && !improved; j++ {
			before, n := s.value, len(s.set)
			out := s.set[j]
			s.remove(j)
			s.fill(out)
			if s.value > before+conceptEps {
				improved = true
				continue
			}
			for len(s.set) > n-1 {
				s.remove(len(s.set) - 1)
			}
			s.add(out)
			// Put out back in its place, to try the next one.
			last := len(s.set) - 1
			copy(s.set[j+1:], s.set[j:last])
			s.set[j] = out
		}
	}
	return s.set, s.value
}

// coverState is a solution under local changes.
type coverState struct {
	p     *conceptProblem
	cnt   []int32
	in    []bool
	set   []int
	value float64
	left  int
}

func newCoverState(p *conceptProblem) *coverState {
	return &coverState{p: p, cnt: make([]int32, len(p.w)), in: make([]bool, len(p.sc)), left: p.budget}
}

func (s *coverState) add(i int) {
	s.in[i] = true
	s.set = append(s.set, i)
	s.left -= s.p.cost[i]
	for _, k := range s.p.sc[i] {
		if s.cnt[k] == 0 {
			s.value += s.p.w[k]
		}
		s.cnt[k]++
	}
}

// remove takes out the j-th candidate of the set, keeping the others'
// order.
func (s *coverState) remove(j int) {
	i := s.set[j]
	s.set = append(s.set[:j], s.set[j+1:]...)
	s.in[i] = false
	s.left += s.p.cost[i]
	for _, k := range s.p.sc[i] {
		s.cnt[k]--
		if s.cnt[k] == 0 {
			s.value -= s.p.w[k]
		}
	}
}

// fill adds, while one fits, the candidate other than skip of best gain
// per cost.
func (s *coverState) fill(skip int) {
	for {
		best, ratio := -1, 0.0
		for i, ks := range s.p.sc {
			if s.in[i] || i == skip || s.p.cost[i] > s.left {
				continue
			}
			var g float64
			for _, k := range ks {
				if s.cnt[k] == 0 {
					g += s.p.w[k]
				}
			}
			if r := g / float64(s.p.cost[i]); r > ratio+conceptEps {
				best, ratio = i, r
			}
		}
		if best < 0 {
			return
		}
		s.add(best)
	}
}

// conceptProblem is a story's coverage problem, reduced: candidates that
// cannot contribute are left out, concepts found in exactly the same
// candidates are merged, and candidates dominated by another are dropped.
type conceptProblem struct {
	budget int
	sent   []int     // candidate → index into corpus.sents
	cost   []int     // by candidate
	sc     [][]int32 // candidate → its concepts, increasing
	cs     [][]int32 // concept → its candidates, increasing
	w      []float64 // by concept
}

// newConceptProblem builds the problem of choosing among c's candidates
// within budget, concepts weighing weight (by corpus concept id).
func newConceptProblem(c *corpus, weight []float64, budget int) *conceptProblem {
	p := &conceptProblem{budget: budget}
	local := make([]int32, len(weight)) // corpus concept → 1 + local id
	var sc [][]int32
	var w []float64
	for i := range c.sents {
		s := &c.sents[i]
		if !s.cand || s.cost > budget || s.cost <= 0 {
			continue
		}
		var ks []int32
		for _, k := range s.concepts {
			if weight[k] <= 0 {
				continue
			}
			if local[k] == 0 {
				w = append(w, weight[k])
				local[k] = int32(len(w))
			}
			ks = append(ks, local[k]-1)
		}
		if len(ks) == 0 {
			continue
		}
		p.sent = append(p.sent, i)
		p.cost = append(p.cost, s.cost)
		sc = append(sc, ks)
	}

	// Concepts found in the same candidates are won and lost together:
	// one concept, of their summed weight.
	cs := make([][]int32, len(w))
	for i, ks := range sc {
		for _, k := range ks {
			cs[k] = append(cs[k], int32(i))
		}
	}
	merged := make([]int32, len(w))
	bySet := make(map[string]int32, len(w))
	var key []byte
	for k := range cs {
		key = key[:0]
		for _, i := range cs[k] {
			key = append(key, byte(i), byte(i>>8), byte(i>>16), byte(i>>24))
		}
		m, ok := bySet[string(key)]
		if !ok {
			m = int32(len(p.w))
			bySet[string(key)] = m
			p.w = append(p.w, 0)
		}
		merged[k] = m
		p.w[m] += w[k]
	}
	cs = make([][]int32, len(p.w))
	for i, ks := range sc {
		for j, k := range ks {
			ks[j] = merged[k]
		}
		slices.Sort(ks)
		ks = slices.Compact(ks)
		sc[i] = ks
		for _, k := range ks {
			cs[k] = append(cs[k], int32(i))
		}
	}

	// A candidate is dominated by another that mentions all its concepts
	// at no greater cost: some optimal solution does without it. Of two
	// alike, the earlier stays.
	drop := make([]bool, len(sc))
	for i, ks := range sc {
		// Dominators hold i's rarest concept.
		rare := ks[0]
		for _, k := range ks[1:] {
			if len(cs[k]) < len(cs[rare]) {
				rare = k
			}
		}
		for _, j := range cs[rare] {
			if int(j) == i || drop[j] || p.cost[j] > p.cost[i] || len(sc[j]) < len(ks) ||
				p.cost[j] == p.cost[i] && len(sc[j]) == len(ks) && int(j) > i {
				continue
			}
			if conceptSubset(ks, sc[j]) {
				drop[i] = true
				break
			}
		}
	}
	keep := 0
	for i := range sc {
		if drop[i] {
			continue
		}
		p.sent[keep], p.cost[keep] = p.sent[i], p.cost[i]
		sc[keep] = sc[i]
		keep++
	}
	p.sent, p.cost, p.sc = p.sent[:keep], p.cost[:keep], sc[:keep]
	p.cs = make([][]int32, len(p.w))
	for i, ks := range p.sc {
		for _, k := range ks {
			p.cs[k] = append(p.cs[k], int32(i))
		}
	}
	return p
}

// conceptSubset reports whether increasing a is a subset of increasing b.
func conceptSubset(a, b []int32) bool {
	j := 0
	for _, x := range a {
		for j < len(b) && b[j] < x {
			j++
		}
		if j == len(b) || b[j] != x {
			return false
		}
		j++
	}
	return true
}

// branchBound is the search's state. A candidate is chosen, excluded or
// free; a concept is open while no chosen candidate covers it and some
// free candidate mentions it, and only open concepts count in the bound.
type branchBound struct {
	p     *conceptProblem
	alpha []float64 // multipliers by concept, in [0, w]

	cnt   []int32   // concept → chosen candidates that mention it
	avail []int32   // concept → free candidates that mention it
	v     []float64 // candidate → Σ alpha over its uncovered concepts
	// free lists the free candidates; at[i] is i's place in it (or was,
	// while i is not free, for restore).
	free []int32
	at   []int32
	// rest is Σ (w − alpha) and open Σ w over the open concepts.
	rest, open float64

	set   []int   // the chosen candidates
	value float64 // the weight they cover
	left  int     // the budget they leave

	best  []int
	bestV float64

	nodes, limit int
	stopped      bool // the node limit was reached

	// undo lists the candidates excluded (i) or forced in (^i) by
	// reduced-cost fixing, and alog the multipliers' former values, to
	// undo on the way back.
	undo  []int32
	alog  []alphaChange
	heap  []ratioItem
	y, g  []float64 // subgradient scratch
	taken []int32   // the candidates with y > 0
	// lowered lists the concepts whose multiplier is below their
	// weight, at lowPos[k] (−1 if not), and touched those a subgradient
	// step may move.
	lowered, lowPos, touched []int32
}

type alphaChange struct {
	k int32
	a float64
}

type ratioItem struct {
	r float64
	i int32
}

func newBranchBound(p *conceptProblem) *branchBound {
	n := len(p.sc)
	b := &branchBound{
		p:      p,
		alpha:  slices.Clone(p.w),
		cnt:    make([]int32, len(p.w)),
		avail:  make([]int32, len(p.w)),
		v:      make([]float64, n),
		free:   make([]int32, n),
		at:     make([]int32, n),
		left:   p.budget,
		y:      make([]float64, n),
		g:      make([]float64, len(p.w)),
		lowPos: make([]int32, len(p.w)),
	}
	for k := range b.lowPos {
		b.lowPos[k] = -1
	}
	for i := range n {
		b.free[i], b.at[i] = int32(i), int32(i)
	}
	for k, is := range p.cs {
		b.avail[k] = int32(len(is))
		b.open += p.w[k]
		for _, i := range is {
			b.v[i] += p.w[k]
		}
	}
	return b
}

// exclude makes free candidate i not free.
func (b *branchBound) exclude(i int32) {
	last := b.free[len(b.free)-1]
	j := b.at[i]
	b.free[j], b.at[last] = last, j
	b.free = b.free[:len(b.free)-1]
	for _, k := range b.p.sc[i] {
		b.avail[k]--
		if b.avail[k] == 0 && b.cnt[k] == 0 {
			b.rest -= b.p.w[k] - b.alpha[k]
			b.open -= b.p.w[k]
		}
	}
}

// restore undoes the latest exclude not undone, which was of i.
func (b *branchBound) restore(i int32) {
	for _, k := range b.p.sc[i] {
		if b.avail[k] == 0 && b.cnt[k] == 0 {
			b.rest += b.p.w[k] - b.alpha[k]
			b.open += b.p.w[k]
		}
		b.avail[k]++
	}
	// The candidate that took i's place is still in the slot past the
	// end, where it was.
	n := len(b.free)
	b.free = b.free[:n+1]
	b.at[b.free[n]] = int32(n)
	b.free[b.at[i]] = i
}

// choose adds candidate i, no longer free, to the chosen ones.
func (b *branchBound) choose(i int32) {
	for _, k := range b.p.sc[i] {
		if b.cnt[k] == 0 {
			b.cover(k, -1)
		}
		b.cnt[k]++
	}
	b.set = append(b.set, int(i))
	b.left -= b.p.cost[i]
}

// unchoose undoes the latest choose, which was of i.
func (b *branchBound) unchoose(i int32) {
	for _, k := range b.p.sc[i] {
		b.cnt[k]--
		if b.cnt[k] == 0 {
			b.cover(k, 1)
		}
	}
	b.set = b.set[:len(b.set)-1]
	b.left += b.p.cost[i]
}

// cover accounts for concept k becoming covered (d = −1) or uncovered
// (d = 1).
func (b *branchBound) cover(k int32, d float64) {
	a := d * b.alpha[k]
	for _, j := range b.p.cs[k] {
		b.v[j] += a
	}
	b.value -= d * b.p.w[k]
	if b.avail[k] > 0 {
		b.rest += d * (b.p.w[k] - b.alpha[k])
		b.open += d * b.p.w[k]
	}
}

// setAlpha sets concept k's multiplier, logging the former value.
func (b *branchBound) setAlpha(k int32, a float64) {
	if a == b.alpha[k] {
		return
	}
	b.alog = append(b.alog, alphaChange{k, b.alpha[k]})
	b.changeAlpha(k, a)
}

func (b *branchBound) changeAlpha(k int32, a float64) {
	if b.cnt[k] == 0 {
		d := a - b.alpha[k]
		for _, j := range b.p.cs[k] {
			b.v[j] += d
		}
		if b.avail[k] > 0 {
			b.rest -= d
		}
	}
	b.alpha[k] = a
	// Keep the list of multipliers below their weights.
	switch j := b.lowPos[k]; {
	case a < b.p.w[k] && j < 0:
		b.lowPos[k] = int32(len(b.lowered))
		b.lowered = append(b.lowered, k)
	case a >= b.p.w[k] && j >= 0:
		last := b.lowered[len(b.lowered)-1]
		b.lowered[j], b.lowPos[last] = last, j
		b.lowered = b.lowered[:len(b.lowered)-1]
		b.lowPos[k] = -1
	}
}

// unwind undoes the fixings and multiplier changes made since the marks.
func (b *branchBound) unwind(undo, alog int) {
	for len(b.undo) > undo {
		i := b.undo[len(b.undo)-1]
		b.undo = b.undo[:len(b.undo)-1]
		if i < 0 {
			i = ^i
			b.unchoose(i)
		}
		b.restore(i)
	}
	for len(b.alog) > alog {
		c := b.alog[len(b.alog)-1]
		b.alog = b.alog[:len(b.alog)-1]
		b.changeAlpha(c.k, c.a)
	}
}

// record makes the chosen set the incumbent if it is better.
func (b *branchBound) record() {
	if b.value > b.bestV+conceptEps {
		b.bestV = b.value
		b.best = append(b.best[:0], b.set...)
	}
}

// knapsack solves the fractional knapsack of the free candidates that
// fit, valued at v. It returns its value and the critical ratio lambda (0
// when all fit), and with keep writes the fractional solution into b.y,
// listing the candidates it takes in b.taken.
func (b *branchBound) knapsack(keep bool) (total, lambda float64) {
	for _, i := range b.taken {
		b.y[i] = 0
	}
	b.taken = b.taken[:0]
	h := b.heap[:0]
	for _, i := range b.free {
		if b.p.cost[i] <= b.left && b.v[i] > 0 {
			h = append(h, ratioItem{b.v[i] / float64(b.p.cost[i]), i})
		}
	}
	b.heap = h
	for j := len(h)/2 - 1; j >= 0; j-- {
		ratioSiftDown(h, j)
	}
	left := float64(b.left)
	for len(h) > 0 {
		it := h[0]
		h[0] = h[len(h)-1]
		h = h[:len(h)-1]
		ratioSiftDown(h, 0)
		cost := float64(b.p.cost[it.i])
		if cost <= left {
			total += b.v[it.i]
			left -= cost
			if keep {
				b.y[it.i] = 1
				b.taken = append(b.taken, it.i)
			}
			continue
		}
		total += b.v[it.i] * left / cost
		if keep {
			b.y[it.i] = left / cost
			b.taken = append(b.taken, it.i)
		}
		return total, it.r
	}
	return total, 0
}

// before orders the knapsack's heap: higher ratio first, then the earlier
// candidate.
func (x ratioItem) before(y ratioItem) bool { return x.r > y.r || x.r == y.r && x.i < y.i }

func ratioSiftDown(h []ratioItem, j int) {
	for {
		l := 2*j + 1
		if l >= len(h) {
			return
		}
		m := l
		if r := l + 1; r < len(h) && h[r].before(h[l]) {
			m = r
		}
		if !h[m].before(h[j]) {
			return
		}
		h[j], h[m] = h[m], h[j]
		j = m
	}
}

// fix excludes the free candidates that cannot be part of a solution
// better than the incumbent, given the Lagrangian bound u at critical
// ratio lambda, and chooses those that every better solution holds
// (reduced-cost fixing); it also excludes those that no longer fit or
// add nothing. It reports whether it changed anything.
func (b *branchBound) fix(u, lambda float64) bool {
	changed, forced := false, false
	slack := u - b.bestV - conceptEps
	for j := 0; j < len(b.free); {
		i := b.free[j]
		rc := b.v[i] - lambda*float64(b.p.cost[i]) // reduced cost
		switch {
		case b.p.cost[i] > b.left || rc < 0 && -rc >= slack || b.v[i] <= 0 && b.gain(i) == 0:
			b.exclude(i)
			b.undo = append(b.undo, i)
		case rc > 0 && rc >= slack:
			b.exclude(i)
			b.choose(i)
			b.undo = append(b.undo, ^i)
			forced = true
		default:
			j++
			continue
		}
		changed = true // and the last free candidate took place j
	}
	if forced {
		// A forced choice may leave earlier candidates too long.
		for j := 0; j < len(b.free); {
			if i := b.free[j]; b.p.cost[i] > b.left {
				b.exclude(i)
				b.undo = append(b.undo, i)
				continue
			}
			j++
		}
	}
	return changed
}

// gain is what free candidate i would add to the chosen ones.
func (b *branchBound) gain(i int32) float64 {
	var g float64
	for _, k := range b.p.sc[i] {
		if b.cnt[k] == 0 {
			g += b.p.w[k]
		}
	}
	return g
}

// node searches the subtree of the current state, taking up to steps
// subgradient steps on the multipliers first.
func (b *branchBound) node(steps int) {
	if b.nodes >= b.limit {
		b.stopped = true
		return
	}
	b.nodes++
	b.record()
	undo, alog := len(b.undo), len(b.alog)
	defer b.unwind(undo, alog)
	top := b.bound(steps)
	if top < 0 {
		return
	}
	b.exclude(top)
	b.choose(top)
	b.node(conceptNodeSteps)
	b.unchoose(top)
	b.node(conceptNodeSteps)
	b.restore(top)
}

// bound bounds what the free candidates can add, fixing candidates by
// their reduced costs and, with steps > 0, tuning the multipliers by
// subgradient steps (keeping those of the best bound). It returns the
// free candidate to branch on, the one of best ratio, or −1 when no
// better solution remains.
func (b *branchBound) bound(steps int) int32 {
	bestU, bestLog := math.Inf(1), len(b.alog)
	theta, stall := 2.0, 0
	for pass := 0; ; pass++ {
		total, lambda := b.knapsack(steps > 0)
		u := b.value + b.rest + total
		if min(u, b.value+b.open) <= b.bestV+conceptEps {
			return -1
		}
		changed := b.fix(u, lambda)
		if changed {
			b.record()
		}
		if u < bestU-conceptEps {
			bestU, bestLog, stall = u, len(b.alog), 0
		} else if stall++; stall >= conceptStallSteps {
			theta, stall = theta/2, 0
		}
		if pass >= steps {
			// Bound again after fixing, a few times.
			if changed && pass < steps+3 {
				continue
			}
			break
		}
		// Polyak's step towards the incumbent.
		if !b.subgradient(theta * (u - b.bestV)) {
			steps = pass
		}
	}
	// Keep the multipliers of the best bound.
	for len(b.alog) > bestLog {
		c := b.alog[len(b.alog)-1]
		b.alog = b.alog[:len(b.alog)-1]
		b.changeAlpha(c.k, c.a)
	}
	return b.pick()
}

// pick returns the free candidate to branch on: of those that fit, the
// one of best ratio v/cost, or if none has v > 0 (its concepts' α are 0),
// of best gain/cost; −1 if none adds anything.
func (b *branchBound) pick() int32 {
	top, best := int32(-1), 0.0
	for _, i := range b.free {
		if b.p.cost[i] > b.left || b.v[i] <= 0 {
			continue
		}
		if r := b.v[i] / float64(b.p.cost[i]); r > best || r == best && i < top {
			top, best = i, r
		}
	}
	if top >= 0 {
		return top
	}
	for _, i := range b.free {
		if b.p.cost[i] > b.left {
			continue
		}
		if r := b.gain(i) / float64(b.p.cost[i]); r > best || r == best && r > 0 && i < top {
			top, best = i, r
		}
	}
	return top
}

// subgradient moves the multipliers by step/‖g‖² against the subgradient
// of the bound, g_k = Σ_{i∋k} y_i − 1 over the open concepts for the
// knapsack's fractional solution y, projected onto [0, w_k]. It reports
// whether g was not zero.
func (b *branchBound) subgradient(step float64) bool {
	// Only the concepts of the knapsack's candidates and those whose
	// multiplier is below its weight can move: the others have g_k = −1
	// or 0 at α_k = w_k.
	g, touched := b.g, b.touched[:0]
	for _, i := range b.taken {
		for _, k := range b.p.sc[i] {
			if g[k] == 0 {
				touched = append(touched, k)
			}
			g[k] += b.y[i]
		}
	}
	for _, k := range b.lowered {
		if g[k] == 0 {
			touched = append(touched, k)
		}
	}
	var norm float64
	for _, k := range touched {
		gk := g[k]
		if b.cnt[k] == 0 && b.avail[k] > 0 {
			gk--
		}
		if gk > 0 && b.alpha[k] <= 0 || gk < 0 && b.alpha[k] >= b.p.w[k] {
			gk = 0
		}
		g[k] = gk
		norm += gk * gk
	}
	b.touched = touched
	if norm == 0 {
		for _, k := range touched {
			g[k] = 0
		}
		return false
	}
	t := step / norm
	for _, k := range touched {
		if gk := g[k]; gk != 0 {
			b.setAlpha(k, min(b.p.w[k], max(0, b.alpha[k]-t*gk)))
			g[k] = 0
		}
	}
	return true
}
