package summarize

import (
	"cmp"
	"math"
	"slices"
)

// LexRank chooses the most central sentences of the story, in the manner of
// Erkan and Radev (2004), continuous LexRank: sentences are the nodes of a
// graph whose edges weigh their tf-idf cosine, and a sentence's centrality
// is its probability under the stationary distribution of a random walk
// that follows an edge (in proportion to its weight) or, with probability
// d, jumps to a sentence drawn from a teleport distribution q:
//
//	p(s) = d · q(s) + (1 − d) · Σ_v cos(s, v) / Σ_z cos(z, v) · p(v)
//
// Every statement of the story votes (a sentence the filters keep out of a
// summary still says what the story is about), except wire copies, which
// would count one outlet's text as several voices. Edges with a cosine
// below 0.1 are dropped: sentences that share a common word or two do not
// endorse each other. The walk starts from the uniform vector and is
// iterated until the L1 change falls below 1e-6, or 100 times, so the
// result does not depend on chance.
//
// Without a question, q is uniform and d = 0.15, as in PageRank. With one,
// LexRank is query-biased in the manner of Otterbacher, Erkan and Radev
// (2005): q is half uniform and half proportional to each sentence's
// relevance (its tf-idf cosine with the question), so that no sentence is
// out of reach, and d = 0.3, so that centrality is measured around what
// the reader asked without letting the question's words, which the story's
// own idf rates low, decide alone. For a reader who has seen earlier
// articles, q is also weighted by each sentence's novelty.
//
// Sentences are then taken greedily by
//
//	p(s) · (1 + e^(−i/3)) / words^0.3
//
// for a sentence with i statements before it in its article (the lead
// prior: news leads carry the facts that matter; headlines and fragments
// do not count, see statementRanks), skipping those that no longer fit the budget and
// those that repeat a chosen sentence (see redundant). Centrality already
// favours long sentences, which share more terms with the others, hence
// the length normalisation; its mild exponent still lets long sentences
// that carry several facts through.
type LexRank struct{}

// LexRank's parameters, set on DUC 2006 (query-focused, 25 articles a
// story, 250 words), DUC 2007 update (query-focused, about 10 articles,
// 100 words, with seen articles) and Multi-News (generic, 2 to 4
// articles), by ROUGE-2 recall. On these, a threshold of 0.05 scores as
// 0.1 does and 0.2 loses 0.01 on Multi-News; a damping of 0.05 to 0.3
// without a question scores within 0.003; a stronger question bias loses
// (0.5: 0.002 on DUC 2006; 0.8, nearer Otterbacher et al.'s: 0.006),
// while the relevance share is flat from 0.5 to 0.9; a length exponent of
// 0.7 (Coverage's) loses 0.002 to 0.006, and no lead prior 0.003 to 0.008.
const (
	lexDamping   = 0.15 // teleport probability without a question
	lexQueryBias = 0.3  // teleport probability with a question
	lexRelShare  = 0.5  // share of relevance in the teleport vector with a question
	lexMinNovel  = 0.05 // floor on novelty in the teleport vector, to keep it positive
	lexThreshold = 0.1  // cosine below which two sentences have no edge
	lexScale     = 0.3  // exponent on the word count in the selection score
	lexLeadPrior = 1.0  // extra weight of an article's first sentence
	lexLeadDecay = 3.0  // sentences over which the lead prior falls by e
)

// The power iteration stops when the L1 change of the distribution falls
// below lexTolerance or after lexMaxIter steps.
const (
	lexTolerance = 1e-6
	lexMaxIter   = 100
)

func (LexRank) choose(c *corpus, budget int) []int {
	// The voters: statements with content that are not wire copies
	// (candidates are all such).
	var nodes []int
	for i := range c.sents {
		s := &c.sents[i]
		if s.cand || s.statement && !s.copy && s.norm > 0 {
			nodes = append(nodes, i)
		}
	}
	if len(nodes) == 0 {
		return nil
	}
	q, biased := lexTeleport(c, nodes)
	d := lexDamping
	if biased {
		d = lexQueryBias
	}
	p := lexStationary(lexGraph(c, nodes, lexThreshold), q, d)

	rank, _ := statementRanks(c)
	var order []scoredSentence
	for k, i := range nodes {
		s := &c.sents[i]
		if !s.cand {
			continue
		}
		lead := 1 + lexLeadPrior*math.Exp(-float64(rank[i])/lexLeadDecay)
		order = append(order, scoredSentence{i, p[k] * lead / math.Pow(float64(max(s.words, 1)), lexScale)})
	}
	return chooseByScore(c, budget, order)
}

// lexTeleport returns LexRank's teleport distribution over nodes, each
// sentence's weight multiplied by its novelty (floored at lexMinNovel):
// uniform, or, when the story has a question that some sentence is
// relevant to, lexRelShare of it in proportion to relevance, and then
// biased is true.
func lexTeleport(c *corpus, nodes []int) (q []float64, biased bool) {
	var relSum float64
	if c.qnorm > 0 {
		for _, i := range nodes {
			relSum += c.sents[i].rel
		}
	}
	share := 0.0
	if relSum > 0 {
		share = lexRelShare
	}
	q = make([]float64, len(nodes))
	var sum float64
	for k, i := range nodes {
		s := &c.sents[i]
		w := (1 - share) / float64(len(nodes))
		if share > 0 {
			w += share * s.rel / relSum
		}
		w *= max(s.novel, lexMinNovel)
		q[k] = w
		sum += w
	}
	for k := range q {
		q[k] /= sum
	}
	return q, share > 0
}

// scoredSentence is a sentence (an index into corpus.sents) and its score.
type scoredSentence struct {
	i     int
	score float64
}

// chooseByScore takes sentences in decreasing score (ties to the earlier
// sentence), skipping those that no longer fit what is left of the budget
// and those that repeat a chosen one, until none is left. Scores that do
// not change as sentences are chosen make one pass enough.
func chooseByScore(c *corpus, budget int, items []scoredSentence) []int {
	slices.SortFunc(items, func(a, b scoredSentence) int {
		return cmp.Or(cmp.Compare(b.score, a.score), cmp.Compare(a.i, b.i))
	})
	var chosen []int
	left := budget
	for _, it := range items {
		i := it.i
		s := &c.sents[i]
		if !s.cand || s.cost > left || redundant(c, i, chosen) {
			continue
		}
		chosen = append(chosen, i)
		left -= s.cost
	}
	return chosen
}

// lexEdge is a weighted edge of the sentence graph, to node j.
type lexEdge struct {
	j int32
	w float32
}

// lexGraph returns, for each of nodes (indices into c.sents), its
// edges to the other nodes whose tf-idf cosine with it is at least
// threshold (and positive), in increasing node order. Dot products are
// accumulated through an inverted index of the nodes, so that only pairs
// that share a term cost anything; the index and the edges live in a few
// flat arrays.
func lexGraph(c *corpus, nodes []int, threshold float64) [][]lexEdge {
	// The inverted index: start[t]..start[t+1] delimit term t's
	// postings, in increasing node order.
	type posting struct {
		node int32
		w    float32
	}
	start := make([]int32, len(c.idf)+1)
	for _, i := range nodes {
		for _, t := range c.sents[i].terms {
			start[t+1]++
		}
	}
	for t := range len(c.idf) {
		start[t+1] += start[t]
	}
	postings := make([]posting, start[len(c.idf)])
	fill := slices.Clone(start[:len(c.idf)])
	for a, i := range nodes {
		s := &c.sents[i]
		for k, t := range s.terms {
			postings[fill[t]] = posting{int32(a), s.vec[k]}
			fill[t]++
		}
	}

	// Each node's dot products with the nodes before it.
	type pair struct {
		a, b int32
		w    float32
	}
	var pairs []pair
	degree := make([]int32, len(nodes))
	acc := make([]float64, len(nodes))
	for a, i := range nodes {
		sa := &c.sents[i]
		if sa.norm == 0 {
			continue
		}
		for k, t := range sa.terms {
			w := float64(sa.vec[k])
			for _, p := range postings[start[t]:start[t+1]] {
				if int(p.node) >= a {
					break
				}
				acc[p.node] += w * float64(p.w)
			}
		}
		// A scan of the earlier nodes, cheaper than sorting those
		// touched.
		for b, dot := range acc[:a] {
			if dot == 0 {
				continue
			}
			acc[b] = 0
			if cos := dot / (sa.norm * c.sents[nodes[b]].norm); cos >= threshold {
				pairs = append(pairs, pair{int32(a), int32(b), float32(cos)})
				degree[a]++
				degree[b]++
			}
		}
	}

	// Rows backed by one array; filling them pair by pair keeps each
	// row in increasing node order.
	flat := make([]lexEdge, 2*len(pairs))
	adj := make([][]lexEdge, len(nodes))
	off := 0
	for a, n := range degree {
		adj[a] = flat[off : off : off+int(n)]
		off += int(n)
	}
	for _, p := range pairs {
		adj[p.a] = append(adj[p.a], lexEdge{p.b, p.w})
	}
	for _, p := range pairs {
		adj[p.b] = append(adj[p.b], lexEdge{p.a, p.w})
	}
	return adj
}

// lexStationary returns the stationary distribution of the random walk on the
// graph adj that follows an edge in proportion to its weight or, with
// probability d, jumps to a node drawn from q (a probability vector). A
// node without edges jumps by q. It iterates from the uniform vector until
// the L1 change is below lexTolerance, at most lexMaxIter times.
func lexStationary(adj [][]lexEdge, q []float64, d float64) []float64 {
	n := len(adj)
	if n == 0 {
		return nil
	}
	rowSum := make([]float64, n)
	for a, es := range adj {
		for _, e := range es {
			rowSum[a] += float64(e.w)
		}
	}
	p := make([]float64, n)
	next := make([]float64, n)
	for a := range p {
		p[a] = 1 / float64(n)
	}
	for range lexMaxIter {
		// Mass that jumps: d of every node's, and all of a node's
		// without edges.
		jump := d
		for a := range next {
			next[a] = 0
		}
		for a, es := range adj {
			if rowSum[a] == 0 {
				jump += (1 - d) * p[a]
				continue
			}
			x := (1 - d) * p[a] / rowSum[a]
			for _, e := range es {
				next[e.j] += x * float64(e.w)
			}
		}
		var change, sum float64
		for a := range next {
			next[a] += jump * q[a]
			sum += next[a]
		}
		// Renormalise against rounding drift.
		for a := range next {
			next[a] /= sum
			change += math.Abs(next[a] - p[a])
		}
		p, next = next, p
		if change < lexTolerance {
			break
		}
	}
	return p
}
