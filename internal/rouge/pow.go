package rouge

import (
	"math"
	"math/big"
	"sync"
)

// powPrec is the working precision of pow, far beyond float64's 53
// bits so that rounding the result to float64 is correct except in
// astronomically rare near-midpoint cases.
const powPrec = 256

func newBig() *big.Float { return new(big.Float).SetPrec(powPrec) }

// atanh2 returns 2*atanh(z) = ln((1+z)/(1-z)) for |z| <= 1/3 by its
// series 2(z + z^3/3 + z^5/5 + ...).
func atanh2(z *big.Float) *big.Float {
	sum := newBig().Set(z)
	z2 := newBig().Mul(z, z)
	term := newBig().Set(z)
	eps := newBig().SetMantExp(big.NewFloat(1), -powPrec-8)
	for k := int64(3); ; k += 2 {
		term.Mul(term, z2)
		q := newBig().Quo(term, newBig().SetInt64(k))
		sum.Add(sum, q)
		if newBig().Abs(q).Cmp(eps) < 0 {
			break
		}
	}
	return sum.Mul(sum, newBig().SetInt64(2))
}

// bigLn2 is ln 2 = 2*atanh(1/3), computed once; callers must not
// modify it.
var bigLn2 = sync.OnceValue(func() *big.Float {
	return atanh2(newBig().Quo(newBig().SetInt64(1), newBig().SetInt64(3)))
})

// pow is x**y for x >= 0 rounded correctly to float64, as the C
// library's pow behind Perl's ** (glibc's is correctly rounded, or
// within 0.52 ulp); Go's math.Pow is often one ulp off, which could
// flip the weighted LCS's tie-breaking or a fifth decimal.
func pow(x, y float64) float64 {
	switch {
	case x < 0 || math.IsNaN(x) || math.IsNaN(y) || math.IsInf(x, 0) || math.IsInf(y, 0):
		return math.Pow(x, y)
	case y == 0 || x == 1:
		return 1
	case x == 0:
		if y > 0 {
			return 0
		}
		return math.Inf(1)
	}
	ln2 := bigLn2()
	// ln x = ln m + e ln 2 with x = m 2^e, m in [0.5, 1).
	m := newBig().SetFloat64(x)
	e := m.MantExp(m)
	z := newBig().Quo(newBig().Sub(m, newBig().SetInt64(1)), newBig().Add(m, newBig().SetInt64(1)))
	ln := atanh2(z)
	ln.Add(ln, newBig().Mul(newBig().SetInt64(int64(e)), ln2))
	t := ln.Mul(ln, newBig().SetFloat64(y))
	// exp t = exp(r) 2^n with r = t - n ln 2, |r| <= ln2/2.
	tf, _ := t.Float64()
	n := math.Round(tf / math.Ln2)
	if math.Abs(n) > 2000 {
		return math.Pow(x, y) // over- or underflows anyway
	}
	r := newBig().Sub(t, newBig().Mul(newBig().SetInt64(int64(n)), ln2))
	sum := newBig().SetInt64(1)
	term := newBig().SetInt64(1)
	eps := newBig().SetMantExp(big.NewFloat(1), -powPrec-8)
	for k := int64(1); ; k++ {
		term.Mul(term, r)
		term.Quo(term, newBig().SetInt64(k))
		sum.Add(sum, term)
		if newBig().Abs(term).Cmp(eps) < 0 {
			break
		}
	}
	sum.SetMantExp(sum, int(n))
	v, _ := sum.Float64()
	return v
}
