package eval

import (
	"strings"

	"github.com/parallaxnews/parallax/internal/news"
)

// oracle is an extractive upper bound: it reads the references, which no
// summarizer may. Starting from nothing, it repeatedly adds the sentence
// that most increases ROUGE-1 recall + ROUGE-2 recall against all the
// story's references (-f A: hits clipped by each reference's counts and
// summed over the references, over the references' total n-grams),
// skipping sentences that no longer fit the budget, and stops when no
// sentence fits or none increases the sum. Ties go to the earlier article
// and sentence.
//
// Tokens are the evaluation's own (the Scorer's lower-casing, stemming
// and stopwords), and the references are cut at the evaluation's -l as
// ROUGE cuts them. Two simplifications keep it fast and leave it a
// heuristic bound, not the exact optimum: the n-grams that would span two
// chosen sentences are not counted, and greedy selection is not optimal.
// With a jackknifed evaluation it optimizes against all references, and
// is scored against each set of all but one, like every other system.
func oracle(in *Input) news.Summary {
	if in.Scorer == nil || len(in.References) == 0 {
		return makeSummary(in, nil)
	}
	// Reference n-gram counts, by gram id and reference.
	id := map[string]int32{}
	var refCount [][]int32 // [gram][reference]
	var weight []float64   // per gram: 1 / total n-grams of its order
	var total [3]int
	gram := func(g string, n int, ref int) {
		k, ok := id[g]
		if !ok {
			k = int32(len(refCount))
			id[g] = k
			refCount = append(refCount, make([]int32, len(in.References)))
			weight = append(weight, float64(n)) // order for now
		}
		refCount[k][ref]++
		total[n]++
	}
	for r, ref := range in.References {
		var flat []string
		for _, s := range in.Scorer.Tokenize(cutWords(ref, in.LengthWords)) {
			flat = append(flat, s...)
		}
		for i, t := range flat {
			gram(t, 1, r)
			if i > 0 {
				gram(flat[i-1]+" "+t, 2, r)
			}
		}
	}
	for k, n := range weight {
		if total[int(n)] > 0 {
			weight[k] = 1 / float64(total[int(n)])
		} else {
			weight[k] = 0
		}
	}

	// Each candidate's grams that some reference has, with counts.
	type gc struct{ k, c int32 }
	cands := candidates(in)
	grams := make([][]gc, len(cands))
	seen := map[string]bool{}
	for i, p := range cands {
		text := in.Docs[p.d].Sentences[p.s].Text
		if seen[text] {
			continue // an exact repeat can add nothing
		}
		seen[text] = true
		toks := in.Scorer.Tokenize([]string{text})[0]
		cnt := map[int32]int32{}
		var order []int32
		add := func(g string) {
			if k, ok := id[g]; ok {
				if cnt[k] == 0 {
					order = append(order, k)
				}
				cnt[k]++
			}
		}
		for j, t := range toks {
			add(t)
			if j > 0 {
				add(toks[j-1] + " " + t)
			}
		}
		for _, k := range order {
			grams[i] = append(grams[i], gc{k, cnt[k]})
		}
	}

	have := make([]int32, len(refCount)) // the summary's count of each gram
	done := make([]bool, len(cands))
	var picks []pick
	left := in.Words
	for {
		best, bestGain := -1, 0.0
		for i, p := range cands {
			if done[i] || len(grams[i]) == 0 || words(in, p) > left {
				continue
			}
			gain := 0.0
			for _, g := range grams[i] {
				h := have[g.k]
				hits := int32(0)
				for _, rc := range refCount[g.k] {
					hits += min(h+g.c, rc) - min(h, rc)
				}
				gain += float64(hits) * weight[g.k]
			}
			if gain > bestGain {
				best, bestGain = i, gain
			}
		}
		if best < 0 {
			break
		}
		done[best] = true
		picks = append(picks, cands[best])
		left -= words(in, cands[best])
		for _, g := range grams[best] {
			have[g.k] += g.c
		}
	}
	return makeSummary(in, picks)
}

// cutWords cuts sentences after n whitespace-separated words in all, as
// ROUGE's -l does; n <= 0 leaves them whole.
func cutWords(sents []string, n int) []string {
	if n <= 0 {
		return sents
	}
	var out []string
	for _, s := range sents {
		fs := strings.Fields(s)
		if len(fs) >= n {
			out = append(out, strings.Join(fs[:n], " "))
			break
		}
		n -= len(fs)
		out = append(out, s)
	}
	return out
}
