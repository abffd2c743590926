package rouge

import (
	"testing"
)

func TestDrand48(t *testing.T) {
	// srand48(0) followed by drand48(): X0 = 0x330E,
	// X1 = 0x5DEECE66D*0x330E + 0xB mod 2^48.
	g := newDrand48(0)
	want := float64((0x5DEECE66D*0x330E+0xB)&drand48Mask) / (1 << 48)
	if got := g.next(); got != want {
		t.Fatalf("first draw after srand(0) = %v, want %v", got, want)
	}
	// The state wraps at 48 bits and the seed keeps its low 32 bits.
	g = newDrand48(0xFFFFFFFF)
	if uint64(g) != 0xFFFFFFFF330E {
		t.Fatalf("seed state %x", uint64(g))
	}
	for range 1000 {
		if x := g.next(); x < 0 || x >= 1 {
			t.Fatalf("draw %v outside [0,1)", x)
		}
	}
}

func TestBootstrapEdges(t *testing.T) {
	if m, l, h := Bootstrap(nil, 1000, 95); m != 0 || l != 0 || h != 0 {
		t.Errorf("no scores: %v %v %v", m, l, h)
	}
	if m, l, h := Bootstrap([]float64{0.25, 0.25, 0.25}, 1000, 95); m != 0.25 || l != 0.25 || h != 0.25 {
		t.Errorf("constant scores: %v %v %v", m, l, h)
	}
	m, l, h := Bootstrap([]float64{0.1, 0.9, 0.3, 0.5}, 1000, 95)
	if !(l <= m && m <= h) || l < 0.1 || h > 0.9 {
		t.Errorf("interval %v %v %v", l, m, h)
	}
}
