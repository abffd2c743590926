package rouge

import (
	"strconv"
	"strings"
)

func parseFloat(s string) (float64, error) { return strconv.ParseFloat(s, 64) }

// flatten joins the sentences into one token sequence.
func flatten(sents [][]string) []string {
	var out []string
	for _, s := range sents {
		out = append(out, s...)
	}
	return out
}

// ngrams counts the n-grams of the summary. They run across sentence
// boundaries, the summary being one token sequence.
func ngrams(sents [][]string, n int) map[string]int {
	toks := flatten(sents)
	m := map[string]int{}
	for i := 0; i+n <= len(toks); i++ {
		m[strings.Join(toks[i:i+n], " ")]++
	}
	return m
}

// skipGrams counts the skip bigrams (with unigrams when su) of the
// summary, pairs with at most d words between them (no limit when d <
// 0). The sample outputs only use d < 0, so the limit's exact reading is
// untested against ROUGE-1.5.5.
func skipGrams(sents [][]string, d int, su bool) map[string]int {
	toks := flatten(sents)
	m := map[string]int{}
	for i := range toks {
		// ROUGE-1.5.5 adds each unigram in the loop over first words
		// of a pair, which stops before the last token: the last token
		// is never counted as a unigram.
		if su && i < len(toks)-1 {
			m[toks[i]]++
		}
		for j := i + 1; j < len(toks); j++ {
			if d >= 0 && j-i-1 > d {
				break
			}
			m[toks[i]+" "+toks[j]]++
		}
	}
	return m
}

func total(m map[string]int) int {
	n := 0
	for _, c := range m {
		n += c
	}
	return n
}

// gramCounts clips the peer's gram counts by the model's.
func gramCounts(peer, model map[string]int) counts {
	hit := 0
	for g, c := range model {
		hit += min(c, peer[g])
	}
	return counts{hit: float64(hit), model: float64(total(model)), peer: float64(total(peer))}
}

// lcsMask marks the positions of x on one longest common subsequence of
// x and y.
func lcsMask(x, y []string, mask []bool) {
	m, n := len(x), len(y)
	c := make([][]int, m+1)
	for i := range c {
		c[i] = make([]int, n+1)
	}
	for i := 1; i <= m; i++ {
		for j := 1; j <= n; j++ {
			switch {
			case x[i-1] == y[j-1]:
				c[i][j] = c[i-1][j-1] + 1
			case c[i-1][j] >= c[i][j-1]:
				c[i][j] = c[i-1][j]
			default:
				c[i][j] = c[i][j-1]
			}
		}
	}
	markPath(x, y, c, mask)
}

// markPath walks a filled LCS table c back from its corner and marks the
// positions of x on the path, preferring to drop a token of x on a tie as
// ROUGE-1.5.5 does. ROUGE-L's table counts tokens, ROUGE-W's weighs runs.
func markPath[T int | float64](x, y []string, c [][]T, mask []bool) {
	for i, j := len(x), len(y); i > 0 && j > 0; {
		switch {
		case x[i-1] == y[j-1]:
			mask[i-1] = true
			i--
			j--
		case c[i-1][j] >= c[i][j-1]:
			i--
		default:
			j--
		}
	}
}

// unigrams counts each token of sents, and all of them: the budget that
// clips LCS hits.
func unigrams(sents [][]string) (map[string]int, int) {
	c, n := map[string]int{}, 0
	for _, s := range sents {
		for _, t := range s {
			c[t]++
			n++
		}
	}
	return c, n
}

// lcsCounts is the summary-level union LCS: for each model sentence the
// union of its LCS with every peer sentence, each hit clipped by the
// remaining unigram counts of model and peer.
func lcsCounts(peer, model [][]string) counts {
	pc, np := unigrams(peer)
	mc, nm := unigrams(model)
	hit := 0
	for _, ms := range model {
		mask := make([]bool, len(ms))
		for _, ps := range peer {
			lcsMask(ms, ps, mask)
		}
		for i, on := range mask {
			if t := ms[i]; on && pc[t] > 0 && mc[t] > 0 {
				hit++
				pc[t]--
				mc[t]--
			}
		}
	}
	return counts{hit: float64(hit), model: float64(nm), peer: float64(np)}
}
