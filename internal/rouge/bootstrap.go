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

// Bootstrap reproduces ROUGE-1.5.5's per-system averages and confidence
// intervals (its computeAverages with -r resamples and -c confidence,
// per-summary averaging, no -t) for one column of per-evaluation scores
// (recall, precision or F). scores must be in the script's order: the
// evaluations sorted by their IDs as strings (sort.Strings), so "10"
// comes before "2".
//
// Resample i (0 <= i < resamples) reseeds the generator with srand(i),
// draws len(scores) indices with int(rand(n)) and averages the scores
// drawn. mean is the average of the resample means, summed in ascending
// order as the script sums its sorted array; lo and hi are the sorted
// resample means at the script's interpolated ranks around the
// (100-confidence)/2 percent tails (for 1000 resamples and 95, the
// 26th and the 975th). Formatted with %.5f they are the printed
// "Average_X: mean (95%-conf.int. lo - hi)" figures. Because the draws
// depend only on the resample number and len(scores), recall, precision
// and F of the same system resample the same evaluations.
//
// Bootstrap returns zeros when resamples < 1 and means of zero when
// scores is empty, as the script does.
func Bootstrap(scores []float64, resamples int, confidence float64) (mean, lo, hi float64) {
	if resamples < 1 {
		return 0, 0, 0
	}
	n := len(scores)
	means := make([]float64, resamples)
	for i := range means {
		if n == 0 {
			continue
		}
		g := newDrand48(uint32(i))
		sum := 0.0
		for range n {
			sum += scores[g.intn(n)]
		}
		means[i] = sum / float64(n)
	}
	slices.Sort(means)
	for _, m := range means {
		mean += m
	}
	mean /= float64(resamples)

	// The script's ranks: delta = R*((100-c)/2)/100; the lower bound
	// interpolates between ranks int(delta) and int(delta)+1, the upper
	// between int(R-delta-1) and the next, both by the fraction
	// R-delta-1-int(R-delta-1).
	r := float64(resamples)
	delta := r * ((100 - confidence) / 2.0) / 100.0
	ua := int(r - delta - 1)
	la := int(delta)
	frac := r - delta - 1 - float64(ua)
	at := func(k int) float64 {
		// Perl reads past the end of an array as undef, that is 0,
		// and counts negative indexes from the end.
		if k < 0 {
			k += resamples
		}
		if k < 0 || k >= resamples {
			return 0
		}
		return means[k]
	}
	lo = at(la) + (at(la+1)-at(la))*frac
	hi = at(ua) + (at(ua+1)-at(ua))*frac
	return mean, lo, hi
}

// BootstrapScores applies Bootstrap to the recall, precision and F of
// per-evaluation scores, ordered as Bootstrap requires.
func BootstrapScores(scores []Score, resamples int, confidence float64) (mean, lo, hi Score) {
	col := make([]float64, len(scores))
	for c := range 3 {
		for i, s := range scores {
			col[i] = [3]float64{s.Recall, s.Precision, s.F}[c]
		}
		m, l, h := Bootstrap(col, resamples, confidence)
		switch c {
		case 0:
			mean.Recall, lo.Recall, hi.Recall = m, l, h
		case 1:
			mean.Precision, lo.Precision, hi.Precision = m, l, h
		default:
			mean.F, lo.F, hi.F = m, l, h
		}
	}
	return mean, lo, hi
}
