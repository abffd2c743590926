package rouge

import (
	"math"
	"sort"
	"strconv"
	"strings"
	"testing"
)

// The script's Average_R/P/F are not plain means: they are the means of
// its bootstrap resamples, sum_i w_i x_i with w_i the share of
// evaluation i among all resampled items. The resampling is shared by
// all systems and metrics of a run, so one weight vector w explains a
// whole output file. fitWeights finds w by least squares from every
// Average line; if the per-evaluation scores are exactly the script's,
// the fitted averages reproduce the printed ones to the last digit.

type obs struct {
	key  string // "system metric component"
	x    []float64
	want float64
}

func collectObs(t *testing.T, exp map[string][3]string, per map[string][]Scores, metrics []string) []obs {
	t.Helper()
	var keys []string
	for k := range exp {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var out []obs
	for _, k := range keys {
		f := strings.Fields(k)
		sys, metric := f[0], f[1]
		if len(metrics) > 0 && !contains(metrics, metric) {
			continue
		}
		evals, ok := per[sys]
		if !ok {
			t.Fatalf("system %s not scored", sys)
		}
		for c := 0; c < 3; c++ {
			want, err := strconv.ParseFloat(exp[k][c], 64)
			if err != nil {
				t.Fatal(err)
			}
			x := make([]float64, len(evals))
			for i, sc := range evals {
				s, ok := sc[metric]
				if !ok {
					t.Fatalf("metric %s not scored", metric)
				}
				x[i] = [3]float64{s.Recall, s.Precision, s.F}[c]
			}
			out = append(out, obs{k + " " + "RPF"[c:c+1], x, want})
		}
	}
	return out
}

// fitWeights solves the least-squares problem min |Xw - y| with the
// normal equations and returns w.
func fitWeights(os []obs) []float64 {
	n := len(os[0].x)
	a := make([][]float64, n)
	for i := range a {
		a[i] = make([]float64, n+1)
	}
	for _, o := range os {
		for i := 0; i < n; i++ {
			for j := 0; j < n; j++ {
				a[i][j] += o.x[i] * o.x[j]
			}
			a[i][n] += o.x[i] * o.want
		}
	}
	// A small ridge toward the uniform weights keeps the system regular
	// when some evaluation scores zero everywhere.
	for i := 0; i < n; i++ {
		a[i][i] += 1e-9
		a[i][n] += 1e-9 / float64(n)
	}
	for col := 0; col < n; col++ {
		p := col
		for r := col + 1; r < n; r++ {
			if math.Abs(a[r][col]) > math.Abs(a[p][col]) {
				p = r
			}
		}
		a[col], a[p] = a[p], a[col]
		for r := 0; r < n; r++ {
			if r == col || a[col][col] == 0 {
				continue
			}
			f := a[r][col] / a[col][col]
			for c := col; c <= n; c++ {
				a[r][c] -= f * a[col][c]
			}
		}
	}
	w := make([]float64, n)
	for i := range w {
		if a[i][i] != 0 {
			w[i] = a[i][n] / a[i][i]
		}
	}
	return w
}

// residuals returns, per observation, the fitted average minus the
// printed one.
func residuals(os []obs, w []float64) []float64 {
	r := make([]float64, len(os))
	for k, o := range os {
		s := 0.0
		for i, x := range o.x {
			s += w[i] * x
		}
		r[k] = s - o.want
	}
	return r
}

func contains(xs []string, x string) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}
