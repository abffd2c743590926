package rouge

import (
	"encoding/xml"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/shareddata"
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

var ciLine = regexp.MustCompile(`^(\S+) (ROUGE-\S+) Average_([RPF]): ([0-9.]+) \(95%-conf\.int\. ([0-9.]+) - ([0-9.]+)\)$`)

// sampleEvalIDs returns, per peer, the IDs of the evaluations it is
// scored in, in the order runSample scores them.
func sampleEvalIDs(t *testing.T, xmlName string) map[string][]string {
	t.Helper()
	b, err := os.ReadFile(filepath.Join(shareddata.Path(t, "rouge/rouge-1.5.5/sample-test"), xmlName))
	if err != nil {
		t.Fatal(err)
	}
	var cfg evalConfig
	if err := xml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	ids := map[string][]string{}
	for _, ev := range cfg.Evals {
		for _, p := range ev.Peers {
			ids[p.ID] = append(ids[p.ID], ev.ID)
		}
	}
	return ids
}

// TestBootstrapSampleOutputs recomputes every Average_R/P/F line of
// ROUGE-1.5.5's sample outputs (-c 95 -r 1000), mean and confidence
// interval, from the per-evaluation scores and requires every printed
// digit to match, for the metrics in scoredMetrics (ROUGE-W included).
func TestBootstrapSampleOutputs(t *testing.T) {
	cases := []struct{ xml, name, flags string }{
		{"ROUGE-test.xml", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-a.out", ""},
		{"ROUGE-test.xml", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-a-m.out", "m"},
		{"ROUGE-test.xml", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-a-m-s.out", "m s"},
		{"ROUGE-test.xml", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a.out", "l10"},
		{"ROUGE-test.xml", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a-m.out", "l10 m"},
		{"ROUGE-test.xml", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a-m-s.out", "l10 m s"},
		{"ROUGE-test.xml", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-b75-a.out", "b75"},
		{"ROUGE-test.xml", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-b75-a-m.out", "b75 m"},
		{"ROUGE-test.xml", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-b75-a-m-s.out", "b75 m s"},
		{"verify.xml", "verify-c95-2-1-U-r1000-n4-w1.2-b75-a-m-s.out", "b75 m s"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			out, err := os.ReadFile(shareddata.Path(t, "rouge/rouge-1.5.5/sample-output/"+c.name))
			if err != nil {
				t.Fatal(err)
			}
			per := runSample(t, c.xml, sampleOptions(t, c.flags))
			ids := sampleEvalIDs(t, c.xml)
			type result struct{ mean, lo, hi Score }
			results := map[string]result{}
			checked, mismatched := 0, 0
			for _, l := range strings.Split(string(out), "\n") {
				m := ciLine.FindStringSubmatch(strings.TrimSpace(l))
				if m == nil {
					continue
				}
				sys, metric, comp := m[1], m[2], m[3]
				if !slices.Contains(scoredMetrics, metric) {
					continue
				}
				key := sys + " " + metric
				res, ok := results[key]
				if !ok {
					evals, eids := per[sys], ids[sys]
					if len(evals) == 0 || len(evals) != len(eids) {
						t.Fatalf("system %s: %d scores for %d evaluations", sys, len(evals), len(eids))
					}
					// The script resamples the evaluations sorted by ID as strings.
					order := make([]int, len(evals))
					for i := range order {
						order[i] = i
					}
					sort.SliceStable(order, func(a, b int) bool { return eids[order[a]] < eids[order[b]] })
					col := make([]Score, len(evals))
					for i, k := range order {
						s, ok := evals[k][metric]
						if !ok {
							t.Fatalf("metric %s not scored", metric)
						}
						col[i] = s
					}
					res.mean, res.lo, res.hi = BootstrapScores(col, 1000, 95)
					results[key] = res
				}
				pick := func(s Score) float64 {
					return map[string]float64{"R": s.Recall, "P": s.Precision, "F": s.F}[comp]
				}
				got := fmt.Sprintf("%.5f %.5f %.5f", pick(res.mean), pick(res.lo), pick(res.hi))
				want := m[4] + " " + m[5] + " " + m[6]
				checked++
				if got != want {
					mismatched++
					t.Errorf("%s Average_%s: got %s, printed %s", key, comp, got, want)
				}
			}
			if checked == 0 {
				t.Fatal("no Average lines checked")
			}
			t.Logf("%d lines checked, %d mismatched", checked, mismatched)
		})
	}
}
