package summarize

import (
	"cmp"
	"math"
	"slices"
)

// Centroid chooses the sentences closest to the centre of the story, in the
// manner of MEAD (Radev et al. 2004). The story's centroid is the mean of
// its articles' tf-idf vectors (the sum of their sentences' vectors over
// the number of articles; wire copies left out, as one voice), cut to its
// 100 heaviest terms: the words that many articles use often. A sentence
// scores
//
//	score(s) = C(s) + Cmax · (π · (e^(−r/6) + ½ F(s)) + 3 R(s))
//
// where C(s) is the cosine of its vector with the centroid, Cmax the best
// C of the story's candidates (so that the other features are on C's
// scale, as MEAD scales them), r the sentence's rank among its article's
// statements (headlines and fragments are not counted, so an article's
// lead has r = 0), F(s) its cosine with its article's first statement (the
// lead states the article's subject), and R(s) its relevance to the
// reader's question (0 without one). π = min(1, 3/articles) weighs the
// position features: with a few articles, an outlet's choice of lead is
// good evidence of what matters; with many, their centroid is a better
// estimate, and a full position score fills the summary with
// near-identical leads (on DUC 2006, 25 articles a story, π = 1 costs
// 0.006 of ROUGE-2 recall; π = 0 costs Multi-News, 3 articles, 0.017 and
// DUC 2007, 10, 0.007).
//
// Sentences are taken greedily by score, skipping those that no longer fit
// the budget and those that repeat a chosen sentence (see redundant). No
// length normalisation: the cosine does not grow with length as a sum of
// term weights would.
//
// In update mode the corpus already leaves out sentences that mostly repeat
// what the reader has seen, and Centroid does nothing more: lowering the
// centroid's weight on the seen articles' terms (to 0.3) lowered ROUGE-2
// on DUC 2007 by 0.006, and weighing scores by novelty by up to 0.006; the
// update's references still speak of the story's core.
type Centroid struct{}

// Centroid's parameters, set on DUC 2006, DUC 2007 update and Multi-News
// by ROUGE-2 recall (see LexRank). A sum of centroid weights rather than
// the cosine (MEAD's own, divided by words^0.3 to 0.7) lowered it by 0.002
// to 0.007 on each; 50 centroid terms to all of them score within 0.003,
// as do question weights of 1 to 3 (3 lets a question move a short
// summary more); no similarity to the lead loses 0.003 to 0.005 on DUC
// 2007 and Multi-News.
const (
	centroidTerms  = 100 // terms kept in the centroid
	centroidPos    = 1.0 // weight of the position score
	centroidDecay  = 6.0 // statements over which the position score falls by e
	centroidFirst  = 0.5 // weight of the similarity to the article's lead
	centroidQuery  = 3.0 // weight of the relevance to the question
	centroidShared = 3.0 // articles up to which position counts fully
)

func (Centroid) choose(c *corpus, budget int) []int {
	if len(c.sents) == 0 {
		return nil
	}
	cen := storyCentroid(c)
	var cenNorm float64
	for _, v := range cen {
		cenNorm += v * v
	}
	cenNorm = math.Sqrt(cenNorm)

	rank, first := statementRanks(c)

	near := make([]float64, len(c.sents))
	var cmax float64
	for i := range c.sents {
		s := &c.sents[i]
		if !s.cand || s.norm == 0 || cenNorm == 0 {
			continue
		}
		var dot float64
		for k, t := range s.terms {
			dot += float64(s.vec[k]) * cen[t]
		}
		near[i] = dot / (s.norm * cenNorm)
		cmax = max(cmax, near[i])
	}
	if cmax == 0 {
		// No candidate shares a centroid term: position and
		// relevance still order them.
		cmax = 1
	}

	prior := centroidPos * min(1, centroidShared/float64(len(c.docs)))
	var order []scoredSentence
	for i := range c.sents {
		s := &c.sents[i]
		if !s.cand {
			continue
		}
		var lead float64
		if f := first[s.doc]; f >= 0 {
			lead = cosine(s, &c.sents[f])
		}
		pos := math.Exp(-float64(rank[i]) / centroidDecay)
		score := near[i] + cmax*(prior*(pos+centroidFirst*lead)+centroidQuery*s.rel)
		order = append(order, scoredSentence{i, score})
	}
	return chooseByScore(c, budget, order)
}

// storyCentroid returns the story's centroid by term id: the sum of the
// tf-idf vectors of its sentences that are not wire copies, over the
// number of articles, with all but the centroidTerms heaviest terms set to
// 0 (ties to the lower term id).
func storyCentroid(c *corpus) []float64 {
	cen := make([]float64, len(c.idf))
	for i := range c.sents {
		s := &c.sents[i]
		if s.copy {
			continue
		}
		for k, t := range s.terms {
			cen[t] += float64(s.vec[k])
		}
	}
	for t := range cen {
		cen[t] /= float64(len(c.docs))
	}
	if len(cen) > centroidTerms {
		ids := make([]int32, len(cen))
		for t := range ids {
			ids[t] = int32(t)
		}
		slices.SortFunc(ids, func(a, b int32) int {
			return cmp.Or(cmp.Compare(cen[b], cen[a]), cmp.Compare(a, b))
		})
		for _, t := range ids[centroidTerms:] {
			cen[t] = 0
		}
	}
	return cen
}

// statementRanks returns each sentence's rank among its article's
// statements (the number of statements before it: headlines and fragments
// do not count, so an article's lead has rank 0), and each article's first
// statement (-1 for none), by index into c.sents.
func statementRanks(c *corpus) (rank, first []int) {
	first = make([]int, len(c.docs))
	for d := range first {
		first[d] = -1
	}
	rank = make([]int, len(c.sents))
	n := 0
	for i := range c.sents {
		s := &c.sents[i]
		if i > 0 && s.doc != c.sents[i-1].doc {
			n = 0
		}
		rank[i] = n
		if s.statement {
			if first[s.doc] < 0 {
				first[s.doc] = i
			}
			n++
		}
	}
	return rank, first
}
