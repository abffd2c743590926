package rouge

import (
	"fmt"
	"sync"
)

// wlcsName is the metric key ROUGE-1.5.5 prints for -w w, the weight
// formatted as Perl stringifies a number.
func wlcsName(w float64) string {
	return "ROUGE-W-" + fmt.Sprintf("%.15g", w)
}

// wlcsWeight is the script's weighting function f(k) = k**w.
func wlcsWeight(k, w float64) float64 { return pow(k, w) }

// wlcsInverse is the script's inverse weighting, r**(1/w).
func wlcsInverse(r, w float64) float64 { return pow(r, 1/w) }

type weightKey struct {
	w float64
	k int
}

var weightCache sync.Map // weightKey -> float64

// weights returns f(0) .. f(n) for the weight w, cached across calls.
func weights(w float64, n int) []float64 {
	out := make([]float64, n+1)
	for k := range out {
		key := weightKey{w, k}
		if v, ok := weightCache.Load(key); ok {
			out[k] = v.(float64)
			continue
		}
		out[k] = wlcsWeight(float64(k), w)
		weightCache.Store(key, out[k])
	}
	return out
}

// wlcsMask marks the positions of x (a model sentence) on the weighted
// LCS of x and y (a peer sentence) that the script's DP and traceback
// pick: a match extends the run k of consecutive matches ending at the
// previous cell and scores c + f(k+1) - f(k); otherwise the larger of
// up and left is taken, up on ties.
func wlcsMask(x, y []string, f []float64, mask []bool) {
	m, n := len(x), len(y)
	if m == 0 {
		return
	}
	c := make([][]float64, m+1)
	l := make([][]int, m+1)
	for i := range c {
		c[i] = make([]float64, n+1)
		l[i] = make([]int, n+1)
	}
	for i := 1; i <= m; i++ {
		for j := 1; j <= n; j++ {
			switch {
			case x[i-1] == y[j-1]:
				k := l[i-1][j-1]
				// Same evaluation order as the script: (c + f(k+1)) - f(k).
				c[i][j] = c[i-1][j-1] + f[k+1] - f[k]
				l[i][j] = k + 1
			case c[i-1][j] >= c[i][j-1]:
				c[i][j] = c[i-1][j]
			default:
				c[i][j] = c[i][j-1]
			}
		}
	}
	markPath(x, y, c, mask)
}

// wlcsCounts is ROUGE-1.5.5's summary-level ROUGE-W against one model.
// For each model sentence the positions on its weighted LCS with any
// peer sentence are marked; marked tokens still available in the model
// and peer unigram counts are hits (and consume one count of each), and
// each run of consecutive hits of length k ends, and adds f(k), where
// the next position is unmarked or the sentence ends. As in the script,
// a marked token refused by the clipping neither lengthens nor ends the
// run, and a run still open at the end of a sentence is dropped.
//
// The model count is f applied twice, f(sum over sentences of
// f(sentence length)), and the peer count f(peer length), as the script
// adds them to its totals; sel is the script's per-model score for -f
// B, the inverse weight of hit / sum f(sentence length).
func wlcsCounts(peer, model [][]string, w float64) counts {
	pc, np := unigrams(peer)
	mc, _ := unigrams(model)
	longest := 0
	for _, s := range model {
		longest = max(longest, len(s))
	}
	f := weights(w, longest+1)
	hit, base := 0.0, 0.0
	for _, ms := range model {
		mask := make([]bool, len(ms))
		base += f[len(ms)]
		for _, ps := range peer {
			wlcsMask(ms, ps, f, mask)
		}
		run := 0
		for i, on := range mask {
			t := ms[i]
			if !on || pc[t] <= 0 || mc[t] <= 0 {
				continue
			}
			run++
			if i+1 < len(ms) && !mask[i+1] || i+1 == len(ms) {
				hit += f[run]
				run = 0
			}
			pc[t]--
			mc[t]--
		}
	}
	sel := 0.0
	if base > 0 {
		sel = wlcsInverse(hit/base, w)
	}
	return counts{hit: hit, model: wlcsWeight(base, w), peer: weights(w, np)[np], sel: sel}
}
