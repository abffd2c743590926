package rouge

import (
	"math"
	"testing"
)

func TestPowCorrectlyRounded(t *testing.T) {
	// Reference values rounded from 80-digit decimal arithmetic; Go's
	// math.Pow misses some of them by an ulp.
	cases := []struct{ x, y, want float64 }{
		{642, 1.2, 2339.0636166217014},
		{874, 1.2, 3386.9884773401645},
		{2333, 1.2, 11002.659842625586},
		{84.0 / 3001, 1 / 1.2, 0.05079774210364086},
		{211.0 / 3001, 1 / 1.2, 0.10944108329402545},
		{0, 1.2, 0},
		{1, 1.2, 1},
		{2, 2, 4},
		{10, 3, 1000},
	}
	for _, c := range cases {
		if got := pow(c.x, c.y); got != c.want {
			t.Errorf("pow(%v, %v) = %.17g, want %.17g", c.x, c.y, got, c.want)
		}
	}
	for k := 1; k < 200; k++ {
		got, approx := pow(float64(k), 1.2), math.Pow(float64(k), 1.2)
		if math.Abs(got-approx) > 2*math.Abs(approx)*0x1p-52 {
			t.Fatalf("pow(%d, 1.2) = %v, math.Pow %v", k, got, approx)
		}
	}
}

func TestWLCSCounts(t *testing.T) {
	const w = 1.2
	f := func(k float64) float64 { return pow(k, w) }
	// One sentence each; "a b" matches as a run of two, "d" alone.
	s := mustScorer(t, Options{Weight: w, Alpha: 0.5})
	wlcs := func(peer, model string) counts {
		return wlcsCounts(new(scratch), s.prepare([]string{peer}), s.prepare([]string{model}), w, true)
	}
	c := wlcs("a b x d", "a b c d")
	want := counts{hit: f(2) + f(1), model: f(f(4)), peer: f(4)}
	want.sel = pow(want.hit/f(4), 1/w)
	if c != want {
		t.Errorf("counts = %+v, want %+v", c, want)
	}
	// A repeated model word is clipped by the peer's single "a": only
	// the first is a hit, and the clipped one does not end the run.
	c = wlcs("a", "a a")
	if c.hit != 1 || c.model != f(f(2)) || c.peer != 1 {
		t.Errorf("clipped counts = %+v", c)
	}
	sc := s.Score([]string{"a b x d"}, [][]string{{"a b c d"}})
	got, ok := sc["ROUGE-W-1.2"]
	if !ok {
		t.Fatalf("ROUGE-W-1.2 missing from %v", sc)
	}
	r := round5(pow((f(2)+f(1))/f(f(4)), 1/w))
	p := round5(pow((f(2)+f(1))/f(4), 1/w))
	if got.Recall != r || got.Precision != p || got.F != round5(p*r/(0.5*p+0.5*r)) {
		t.Errorf("score %+v, want R %v P %v", got, r, p)
	}
	if _, err := NewScorer(Options{Weight: -1}); err == nil {
		t.Error("negative weight accepted")
	}
}
