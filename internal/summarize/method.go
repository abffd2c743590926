package summarize

import "math"

// A Method chooses the sentences of a summary within a word budget.
// Coverage and Lead are the methods so far. The interface is sealed: a
// method works on the story as this package prepares it once (term ids,
// vectors, concepts, filters), which is not exported.
type Method interface {
	// choose returns indices into c.sents of candidate sentences whose
	// costs (sentence.cost) sum to at most budget, in any order.
	choose(c *corpus, budget int) []int
}

// Coverage chooses sentences by greedily maximising a monotone submodular
// objective in the manner of Lin and Bilmes (2011): a saturating coverage
// of the story's concepts, so that a fact many articles report is worth
// saying once and worth little the second time,
//
//	F(S) = Σ_c w_c · (1 − ½^n_c(S))
//
// where c ranges over content stems and stem bigrams, w_c is the number of
// articles that mention c (0 below a floor of 1 to 3 articles, depending
// on the story's size; stems count half as much as bigrams), and n_c(S) is
// the number of selected sentences that mention it. The saturation is the
// diversity term: repeating a concept earns half of what it earned before.
//
// Each step takes the sentence with the best gain per word^0.7, its gain
// weighted by a lead prior 1 + 0.3·e^(−i/3) for the i-th sentence of its
// article (news leads carry the facts that matter; not when the reader asks
// a question, which the lead does not answer), skipping sentences that
// no longer fit, so that the leftover budget is filled with the best
// sentence that still fits, and sentences whose tf-idf cosine with one
// already chosen exceeds 0.5, the redundancy limit.
type Coverage struct{}

// Coverage's parameters, set on DUC 2006 (query-focused, 25 articles a
// story, where a lead prior hurts) and Multi-News (generic, a few
// articles, where it helps).
const (
	scale         = 0.7 // exponent on the word count in the gain ratio
	leadPrior     = 0.3 // extra weight of an article's first sentence
	leadDecay     = 3.0 // sentences over which the lead prior falls by e
	saturation    = 0.5 // what a concept earns relative to its last mention
	maxRedundancy = 0.5 // tf-idf cosine above which a sentence repeats another
)

func (Coverage) choose(c *corpus, budget int) []int {
	// cost[i] divides sentence i's gain: its length to the power scale
	// over its lead prior, computed once.
	cost := make([]float64, len(c.sents))
	lead := leadPrior
	if c.qnorm > 0 {
		// A question asks for more than the news lead tells.
		lead = 0
	}
	for i := range c.sents {
		s := &c.sents[i]
		if s.cand {
			cost[i] = math.Pow(float64(s.words), scale) / (1 + lead*math.Exp(-float64(s.pos)/leadDecay))
		}
	}
	// remain[k] is what concept k earns if mentioned once more:
	// w_k · (1−s) · s^n_k for saturation s.
	remain := make([]float64, len(c.weight))
	for k, w := range c.weight {
		remain[k] = float64(w) * (1 - saturation)
	}
	done := make([]bool, len(c.sents))
	var chosen []int
	left := budget
	for {
		best, bestScore := -1, 0.0
		for i := range c.sents {
			s := &c.sents[i]
			if !s.cand || done[i] || s.cost > left {
				continue
			}
			var g float64
			for _, k := range s.concepts {
				g += remain[k]
			}
			// Strictly greater: ties go to the earlier article and
			// sentence.
			if score := g / cost[i]; score > bestScore {
				best, bestScore = i, score
			}
		}
		if best < 0 {
			return chosen
		}
		done[best] = true
		if redundant(c, best, chosen) {
			continue
		}
		chosen = append(chosen, best)
		left -= c.sents[best].cost
		for _, k := range c.sents[best].concepts {
			remain[k] *= saturation
		}
	}
}

// Lead is the classic baseline: the first sentences of the articles, taken
// round-robin (the first sentence of each article in input order, then the
// second of each, …), skipping sentences the content filters reject, that
// no longer fit the budget, or that repeat one already chosen.
type Lead struct{}

func (Lead) choose(c *corpus, budget int) []int {
	// byDoc[d] lists article d's candidate sentences in order.
	byDoc := make([][]int, len(c.docs))
	for i := range c.sents {
		if s := &c.sents[i]; s.cand {
			byDoc[s.doc] = append(byDoc[s.doc], i)
		}
	}
	var chosen []int
	left := budget
	for round, more := 0, true; more; round++ {
		more = false
		for _, cands := range byDoc {
			if round >= len(cands) {
				continue
			}
			more = true
			i := cands[round]
			if c.sents[i].cost <= left && !redundant(c, i, chosen) {
				chosen = append(chosen, i)
				left -= c.sents[i].cost
			}
		}
	}
	return chosen
}

// redundant reports whether sentence i says nearly what one of the chosen
// sentences says: their vectors are close, or one states most of the
// other's content in other words (the measure that attribution uses).
func redundant(c *corpus, i int, chosen []int) bool {
	a := &c.sents[i]
	for _, j := range chosen {
		b := &c.sents[j]
		if cosine(a, b) > maxRedundancy {
			return true
		}
		if ab, _ := c.similarity(a, b); ab >= maxRedundancy {
			return true
		}
		if ba, _ := c.similarity(b, a); ba >= maxRedundancy {
			return true
		}
	}
	return false
}
