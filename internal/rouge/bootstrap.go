package rouge

import (
	"math"
	"slices"
)

// drand48 is the generator behind Perl's rand: Perl 5.20 and later use
// their own drand48 on every platform, and earlier Perls the C
// library's drand48, which computes the same sequence. The state is 48
// bits; srand(s) sets it to s<<16 | 0x330E with s truncated to 32 bits,
// and each draw advances it by x = 0x5DEECE66D*x + 0xB mod 2^48 and
// returns x / 2^48.
type drand48 uint64

const drand48Mask = 1<<48 - 1

func newDrand48(seed uint32) drand48 {
	return drand48(uint64(seed)<<16 | 0x330E)
}

// next returns the next number in [0, 1), exactly x / 2^48.
func (d *drand48) next() float64 {
	*d = drand48((0x5DEECE66D*uint64(*d) + 0xB) & drand48Mask)
	return math.Ldexp(float64(*d), -48)
}

// intn is Perl's int(rand(n)): n times the draw, truncated.
func (d *drand48) intn(n int) int {
	return int(float64(n) * d.next())
}

// bootstrap is ROUGE-1.5.5's computeAverages: resample i (0 <= i <
// resamples) reseeds the generator with srand(i) and draws n indices
// with int(rand(n)); sample turns the sums of the three columns over the
// drawn rows into the resample's values. Each column's resample values
// are sorted; mean is their average, summed in ascending order as the
// script sums its sorted array, and lo and hi are the sorted values at
// the script's interpolated ranks around the (100-confidence)/2 percent
// tails (for 1000 resamples and 95, between the 25th and 26th and the
// 975th and 976th). Formatted with %7.5f they are the printed figures.
func bootstrap(rows [][3]float64, resamples int, confidence float64, sample func(sum [3]float64, n int) [3]float64) (mean, lo, hi [3]float64) {
	if resamples < 1 {
		return
	}
	n := len(rows)
	var cols [3][]float64
	for c := range cols {
		cols[c] = make([]float64, resamples)
	}
	for i := range resamples {
		var sum [3]float64
		g := newDrand48(uint32(i))
		for range n {
			r := &rows[g.intn(n)]
			sum[0] += r[0]
			sum[1] += r[1]
			sum[2] += r[2]
		}
		v := sample(sum, n)
		for c := range cols {
			cols[c][i] = v[c]
		}
	}
	// The script's ranks: delta = R*((100-c)/2)/100; the lower bound
	// interpolates between ranks int(delta) and int(delta)+1, the upper
	// between int(R-delta-1) and the next, both by the fraction
	// R-delta-1-int(R-delta-1).
	r := float64(resamples)
	delta := r * ((100 - confidence) / 2.0) / 100.0
	ua := int(r - delta - 1)
	la := int(delta)
	frac := r - delta - 1 - float64(ua)
	for c, col := range cols {
		slices.Sort(col)
		for _, m := range col {
			mean[c] += m
		}
		mean[c] /= r
		at := func(k int) float64 {
			// Perl reads past the end of an array as undef, that is 0,
			// and counts negative indexes from the end.
			if k < 0 {
				k += resamples
			}
			if k < 0 || k >= resamples {
				return 0
			}
			return col[k]
		}
		lo[c] = at(la) + (at(la+1)-at(la))*frac
		hi[c] = at(ua) + (at(ua+1)-at(ua))*frac
	}
	return mean, lo, hi
}

// meanSample averages per-evaluation scores: -t 0.
func meanSample(sum [3]float64, n int) [3]float64 {
	if n == 0 {
		return [3]float64{}
	}
	k := float64(n)
	return [3]float64{sum[0] / k, sum[1] / k, sum[2] / k}
}

// countSample computes recall, precision and F from summed model, peer
// and hit counts: -t 1.
func countSample(alpha float64) func([3]float64, int) [3]float64 {
	return func(sum [3]float64, _ int) [3]float64 {
		var r, p, f float64
		if sum[0] > 0 {
			r = sum[2] / sum[0]
		}
		if sum[1] > 0 {
			p = sum[2] / sum[1]
		}
		if (1-alpha)*p+alpha*r > 0 {
			f = r * p / ((1-alpha)*p + alpha*r)
		}
		return [3]float64{r, p, f}
	}
}

// Bootstrap reproduces ROUGE-1.5.5's average and confidence interval of
// one column of per-evaluation scores (recall, precision or F), which
// must be in the script's order: sorted by the string evaluation ID +
// "." + peer ID (see Aggregate).
func Bootstrap(scores []float64, resamples int, confidence float64) (mean, lo, hi float64) {
	rows := make([][3]float64, len(scores))
	for i, s := range scores {
		rows[i][0] = s
	}
	m, l, h := bootstrap(rows, resamples, confidence, meanSample)
	return m[0], l[0], h[0]
}

// BootstrapScores applies Bootstrap to the recall, precision and F of
// per-evaluation scores, ordered as Bootstrap requires. Recall,
// precision and F of the same system resample the same evaluations.
func BootstrapScores(scores []Score, resamples int, confidence float64) (mean, lo, hi Score) {
	rows := make([][3]float64, len(scores))
	for i, s := range scores {
		rows[i] = [3]float64{s.Recall, s.Precision, s.F}
	}
	m, l, h := bootstrap(rows, resamples, confidence, meanSample)
	return Score{Recall: m[0], Precision: m[1], F: m[2]},
		Score{Recall: l[0], Precision: l[1], F: l[2]},
		Score{Recall: h[0], Precision: h[1], F: h[2]}
}
