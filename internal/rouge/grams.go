package rouge

import "encoding/binary"

// gramKey appends the key of a gram, its token numbers' bytes, to b.
// Grams of different lengths have keys of different lengths.
func gramKey(b []byte, toks ...int32) []byte {
	for _, t := range toks {
		b = binary.LittleEndian.AppendUint32(b, uint32(t))
	}
	return b
}

// ngrams counts the n-grams of a token sequence. They run across sentence
// boundaries: the script scores the summary's text as one sequence.
func ngrams(toks []int32, n int) map[string]int {
	m := make(map[string]int, len(toks))
	var key []byte
	for i := 0; i+n <= len(toks); i++ {
		key = gramKey(key[:0], toks[i:i+n]...)
		m[string(key)]++
	}
	return m
}

// skipGrams counts the skip bigrams of a token sequence, pairs with at
// most d tokens between them (no limit when d < 0), and with su the
// unigrams too. As in ROUGE-1.5.5, unigrams are added in the loop over
// the first words of pairs, which stops before the last token: the last
// token is never counted as a unigram.
func skipGrams(toks []int32, d int, su bool) map[string]int {
	m := map[string]int{}
	var key []byte
	for i := 0; i < len(toks)-1; i++ {
		if su {
			key = gramKey(key[:0], toks[i])
			m[string(key)]++
		}
		for j := i + 1; j < len(toks) && (d < 0 || j <= i+d+1); j++ {
			key = gramKey(key[:0], toks[i], toks[j])
			m[string(key)]++
		}
	}
	return m
}

// grams are a summary's grams of one kind with their counts, and the
// number of them.
type grams struct {
	count map[string]int
	total int
}

func newGrams(m map[string]int) grams {
	g := grams{count: m}
	for _, c := range m {
		g.total += c
	}
	return g
}

// gramCounts clips the peer's gram counts by the model's. The -f B score
// is the recall rounded as the script's sprintf("%07.5f"), 0 without
// model grams.
func gramCounts(peer, model grams) counts {
	hit := 0
	for g, c := range model.count {
		if p := peer.count[g]; p > 0 {
			hit += min(c, p)
		}
	}
	c := counts{hit: float64(hit), model: float64(model.total), peer: float64(peer.total)}
	if c.model != 0 {
		c.sel = round5(c.hit / c.model)
	}
	return c
}

// scratch holds the dynamic-programming tables of one goroutine, reused
// from one sentence pair to the next.
type scratch struct {
	c []int32
	w []float64
	l []int32
	// pc and mc are the unigram budgets of peer and model, by token
	// number; clip sets them up.
	pc, mc []int32
	mask   []bool
}

// clip sets up the unigram budgets of a peer-model comparison and
// returns a function that clears them again.
func (sc *scratch) clip(peer, model *summary) func() {
	n := int(max(peer.maxID, model.maxID)) + 1
	if len(sc.pc) < n {
		sc.pc, sc.mc = make([]int32, 2*n), make([]int32, 2*n)
	}
	for _, t := range peer.flat {
		sc.pc[t]++
	}
	for _, t := range model.flat {
		sc.mc[t]++
	}
	return func() {
		for _, t := range peer.flat {
			sc.pc[t] = 0
		}
		for _, t := range model.flat {
			sc.mc[t] = 0
		}
	}
}

func grow[T any](s []T, n int) []T {
	if cap(s) < n {
		return make([]T, n)
	}
	return s[:n]
}

// lcsMask marks the positions of x on the longest common subsequence of
// x and y that the script's table and traceback pick: up on ties.
func (sc *scratch) lcsMask(x, y []int32, mask []bool) {
	m, n := len(x), len(y)
	if m == 0 || n == 0 {
		return
	}
	w := n + 1
	c := grow(sc.c, (m+1)*w)
	sc.c = c
	clear(c[:w])
	for i := 1; i <= m; i++ {
		row, up := c[i*w:(i+1)*w], c[(i-1)*w:i*w]
		row[0] = 0
		xi := x[i-1]
		for j := 1; j <= n; j++ {
			switch {
			case xi == y[j-1]:
				row[j] = up[j-1] + 1
			case up[j] >= row[j-1]:
				row[j] = up[j]
			default:
				row[j] = row[j-1]
			}
		}
	}
	markPath(x, y, c, w, mask)
}

// markPath walks a filled LCS table c (rows of width w) back from its
// corner and marks the positions of x on the path, going up on ties as
// the script's traceback does. ROUGE-L's table counts tokens, ROUGE-W's
// weighs runs.
func markPath[T int32 | float64](x, y []int32, c []T, w int, mask []bool) {
	for i, j := len(x), len(y); i > 0 && j > 0; {
		switch {
		case x[i-1] == y[j-1]:
			mask[i-1] = true
			i--
			j--
		case c[(i-1)*w+j] >= c[i*w+j-1]:
			i--
		default:
			j--
		}
	}
}

// lcsCounts is the summary-level union LCS: for each model unit the union
// of its LCS with every peer unit, each hit clipped by the remaining
// unigram counts of model and peer. The model count is the number of
// tokens in the model's units, the peer count its number of tokens (which
// differ under the script's -b), and the -f B score hit / model count.
func lcsCounts(sc *scratch, peer, model *summary) counts {
	defer sc.clip(peer, model)()
	pc, mc := sc.pc, sc.mc
	hit, base := 0, 0
	for _, ms := range model.units {
		base += len(ms)
		mask := grow(sc.mask, len(ms))
		sc.mask = mask
		clear(mask)
		for _, ps := range peer.units {
			sc.lcsMask(ms, ps, mask)
		}
		for i, on := range mask {
			if t := ms[i]; on && pc[t] > 0 && mc[t] > 0 {
				hit++
				pc[t]--
				mc[t]--
			}
		}
	}
	c := counts{hit: float64(hit), model: float64(base), peer: float64(len(peer.flat))}
	if base > 0 {
		c.sel = c.hit / c.model
	}
	return c
}
