package rouge

import (
	"math"
	"sync"
)

// wlcsWeight is the script's weighting function f(k) = k**w.
func wlcsWeight(k, w float64) float64 { return pow(k, w) }

// wlcsInverse is the script's inverse weighting, r**(1/w).
func wlcsInverse(r, w float64) float64 { return pow(r, 1/w) }

// wlcsInverse5 is r**(1/w) for a recall or precision that is then
// rounded to five decimals: Go's math.Pow, within a few ulps, rounds to
// the same five decimals as the correctly rounded power unless it lies
// within a hair of a midpoint, where the exact (and slow) pow decides.
func wlcsInverse5(r, w float64) float64 {
	p := math.Pow(r, 1/w)
	if f := p * 1e5; math.Abs(f-math.Floor(f)-0.5) > 1e-6 {
		return p
	}
	return pow(r, 1/w)
}

type powKey struct{ x, y float64 }

// powCache remembers powers: the same lengths and weights recur across a
// whole evaluation, and pow is slow.
var powCache sync.Map // powKey -> float64

func cachedPow(x, y float64) float64 {
	k := powKey{x, y}
	if v, ok := powCache.Load(k); ok {
		return v.(float64)
	}
	v := pow(x, y)
	powCache.Store(k, v)
	return v
}

// weights returns f(0) .. f(n) for the weight w.
func weights(w float64, n int) []float64 {
	out := make([]float64, n+1)
	for k := range out {
		out[k] = cachedPow(float64(k), w)
	}
	return out
}

// wlcsMask marks the positions of x (a model unit) on the weighted LCS of
// x and y (a peer unit) that the script's table and traceback pick: a
// match extends the run k of consecutive matches ending at the previous
// cell and scores c + f(k+1) - f(k); otherwise the larger of up and left
// is taken, up on ties.
func (sc *scratch) wlcsMask(x, y []int32, f []float64, mask []bool) {
	m, n := len(x), len(y)
	if m == 0 || n == 0 {
		return
	}
	w := n + 1
	c := grow(sc.w, (m+1)*w)
	l := grow(sc.l, (m+1)*w)
	sc.w, sc.l = c, l
	clear(c[:w])
	clear(l[:w])
	for i := 1; i <= m; i++ {
		row, up := c[i*w:(i+1)*w], c[(i-1)*w:i*w]
		lrow, lup := l[i*w:(i+1)*w], l[(i-1)*w:i*w]
		row[0], lrow[0] = 0, 0
		xi := x[i-1]
		for j := 1; j <= n; j++ {
			switch {
			case xi == y[j-1]:
				k := lup[j-1]
				// The script's evaluation order: (c + f(k+1)) - f(k).
				row[j] = up[j-1] + f[k+1] - f[k]
				lrow[j] = k + 1
			case up[j] >= row[j-1]:
				row[j], lrow[j] = up[j], 0
			default:
				row[j], lrow[j] = row[j-1], 0
			}
		}
	}
	markPath(x, y, c, w, mask)
}

// wlcsCounts is ROUGE-1.5.5's summary-level ROUGE-W against one model.
// For each model unit the positions on its weighted LCS with any peer
// unit are marked; marked tokens still available in the model and peer
// unigram counts are hits (and consume one count of each), and each run
// of consecutive hits of length k ends, and adds f(k), where the next
// position is unmarked or the unit ends. As in the script, a marked token
// refused by the clipping neither lengthens nor ends the run, and a run
// still open at the end of a unit is dropped.
//
// The model count is f applied twice, f(sum over units of f(unit
// length)), and the peer count f(peer length), as the script adds them
// to its totals; sel (with formulaB only: it is slow) is the script's per-model score for -f B, the
// inverse weight of hit / sum f(unit length). Where that sum is 0 (a
// model without tokens) the script dies dividing by zero; sel is 0.
func wlcsCounts(sc *scratch, peer, model *summary, w float64, formulaB bool) counts {
	defer sc.clip(peer, model)()
	pc, mc := sc.pc, sc.mc
	longest := 0
	for _, s := range model.units {
		longest = max(longest, len(s))
	}
	f := weights(w, longest+1)
	hit, base := 0.0, 0.0
	for _, ms := range model.units {
		mask := grow(sc.mask, len(ms))
		sc.mask = mask
		clear(mask)
		base += f[len(ms)]
		for _, ps := range peer.units {
			sc.wlcsMask(ms, ps, f, mask)
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
	np := float64(len(peer.flat))
	c := counts{hit: hit, model: cachedPow(base, w), peer: cachedPow(np, w)}
	if formulaB && base > 0 {
		c.sel = wlcsInverse(hit/base, w)
	}
	return c
}
