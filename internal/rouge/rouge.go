package rouge

import (
	"bufio"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strings"

	"github.com/parallaxnews/parallax/internal/text"
)

// Formula says how the scores against several models are combined, as
// ROUGE-1.5.5's -f option.
type Formula byte

const (
	// FormulaA sums hits and counts over the models (-f A, the default).
	FormulaA Formula = 'A'
	// FormulaB keeps the model with the best recall (-f B).
	FormulaB Formula = 'B'
)

// Options are the ROUGE-1.5.5 options the Scorer supports.
type Options struct {
	// N is the largest n of ROUGE-N (-n); ROUGE-1 .. ROUGE-N are
	// computed. 0 computes none.
	N int
	// LCS computes ROUGE-L (on by default in the script).
	LCS bool
	// SkipBigram computes ROUGE-S with a maximum gap of SkipDistance
	// words (-2); SkipDistance < 0 means no limit.
	SkipBigram bool
	// SkipUnigram computes ROUGE-SU (-u; with SkipBigram too, -U).
	SkipUnigram  bool
	SkipDistance int
	// Weight, when > 0, computes ROUGE-W (summary-level weighted LCS)
	// with the weighting function f(k) = k**Weight (-w); the metric is
	// named as the script prints it, "ROUGE-W-1.2" for 1.2.
	Weight float64
	// Stem applies the WordNet exceptions then the Porter stemmer to
	// tokens longer than three characters (-m). ExceptionsDir is the
	// directory holding adj.exc, adv.exc, noun.exc and verb.exc.
	Stem          bool
	ExceptionsDir string
	// Stopwords, when non-nil, are removed (-s); see LoadStopwords.
	Stopwords map[string]bool
	// LengthWords (-l) and LengthBytes (-b), when > 0, truncate the peer
	// and the models.
	LengthWords int
	LengthBytes int
	// Alpha weighs precision against recall in the F-measure (-p):
	// F = PR / ((1-alpha)P + alpha R); 1 favours precision, 0 recall.
	// DefaultOptions sets 0.5.
	Alpha float64
	// Formula combines several models; the zero value means FormulaA.
	Formula Formula
	// Jackknife, with more than one model, scores the peer against each
	// set of all models but one and averages the scores. ROUGE-1.5.5's
	// sample outputs are not jackknifed (their averages match only
	// without it), so it is off by default.
	Jackknife bool
}

// DefaultOptions are ROUGE-1.5.5's defaults plus -n 4 -w 1.2 -2 4 -U.
func DefaultOptions() Options {
	return Options{N: 4, LCS: true, Weight: 1.2, SkipBigram: true,
		SkipUnigram: true, SkipDistance: 4, Alpha: 0.5, Formula: FormulaA}
}

// Score is one metric's recall, precision and F-measure.
type Score struct {
	Recall, Precision, F float64
}

// Scores maps a metric name as ROUGE-1.5.5 prints it ("ROUGE-1",
// "ROUGE-L", "ROUGE-W-1.2", "ROUGE-S4", "ROUGE-SU*", ...) to its score.
type Scores map[string]Score

// Scorer computes ROUGE scores with fixed options. It is safe for
// concurrent use.
type Scorer struct {
	opt        Options
	exceptions map[string]string
}

// NewScorer checks opt and loads the exception lists when stemming.
func NewScorer(opt Options) (*Scorer, error) {
	if opt.Formula == 0 {
		opt.Formula = FormulaA
	}
	if opt.Formula != FormulaA && opt.Formula != FormulaB {
		return nil, fmt.Errorf("rouge: unknown formula %q", rune(opt.Formula))
	}
	if opt.Alpha < 0 || opt.Alpha > 1 {
		return nil, fmt.Errorf("rouge: alpha %v outside [0,1]", opt.Alpha)
	}
	if opt.Weight < 0 || math.IsNaN(opt.Weight) || math.IsInf(opt.Weight, 0) {
		return nil, fmt.Errorf("rouge: bad weight %v", opt.Weight)
	}
	if opt.N < 0 || opt.LengthWords < 0 || opt.LengthBytes < 0 {
		return nil, errors.New("rouge: negative option")
	}
	if opt.LengthWords > 0 && opt.LengthBytes > 0 {
		return nil, errors.New("rouge: -l and -b are exclusive")
	}
	s := &Scorer{opt: opt}
	if opt.Stem && opt.ExceptionsDir != "" {
		exc, err := LoadExceptions(opt.ExceptionsDir)
		if err != nil {
			return nil, err
		}
		s.exceptions = exc
	}
	return s, nil
}

// LoadStopwords reads a stopword list, one word a line, such as
// ROUGE-1.5.5's smart_common_words.txt.
func LoadStopwords(path string) (map[string]bool, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	m := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if w := strings.TrimSpace(sc.Text()); w != "" {
			m[strings.ToLower(w)] = true
		}
	}
	return m, sc.Err()
}

// LoadExceptions reads the WordNet exception lists adj.exc, adv.exc,
// noun.exc and verb.exc in that order from dir, mapping each inflected
// form to the first base form on its line; a later file overrides an
// earlier one.
func LoadExceptions(dir string) (map[string]string, error) {
	m := map[string]string{}
	for _, name := range []string{"adj.exc", "adv.exc", "noun.exc", "verb.exc"} {
		f, err := os.Open(filepath.Join(dir, name))
		if err != nil {
			return nil, err
		}
		sc := bufio.NewScanner(f)
		for sc.Scan() {
			fs := strings.Fields(sc.Text())
			if len(fs) >= 2 {
				m[fs[0]] = fs[1]
			}
		}
		err = sc.Err()
		f.Close()
		if err != nil {
			return nil, err
		}
	}
	return m, nil
}

// truncate applies -l or -b to raw summary sentences.
func (s *Scorer) truncate(sents []string) []string {
	switch {
	case s.opt.LengthWords > 0:
		left := s.opt.LengthWords
		var out []string
		for _, sent := range sents {
			if left <= 0 {
				break
			}
			ws := strings.Fields(sent)
			if len(ws) > left {
				ws = ws[:left]
			}
			left -= len(ws)
			out = append(out, strings.Join(ws, " "))
		}
		return out
	case s.opt.LengthBytes > 0:
		left := s.opt.LengthBytes
		var out []string
		for _, sent := range sents {
			if left <= 0 {
				break
			}
			t := strings.Join(strings.Fields(sent), " ")
			if len(t) > left {
				t = t[:left]
			}
			left -= len(t)
			if left > 0 {
				left-- // the space joining it to the next sentence
			}
			out = append(out, t)
		}
		return out
	}
	return sents
}

// Tokenize turns sentences into token lists as ROUGE-1.5.5 does: lower
// case, every character outside [a-z0-9] becomes a space, stopwords are
// dropped and tokens stemmed as the options say.
func (s *Scorer) Tokenize(sents []string) [][]string {
	out := make([][]string, 0, len(sents))
	for _, sent := range sents {
		b := []byte(strings.ToLower(sent))
		for i, c := range b {
			if (c < 'a' || c > 'z') && (c < '0' || c > '9') {
				b[i] = ' '
			}
		}
		var toks []string
		for _, t := range strings.Fields(string(b)) {
			if s.opt.Stopwords != nil && s.opt.Stopwords[t] {
				continue
			}
			if s.opt.Stem && len(t) > 3 {
				if base, ok := s.exceptions[t]; ok {
					t = base
				} else {
					t = text.Stem(t)
				}
			}
			toks = append(toks, t)
		}
		out = append(out, toks)
	}
	return out
}

// round5 is Perl's sprintf("%7.5f", x) read back as a number.
func round5(x float64) float64 {
	v, _ := parseFloat(fmt.Sprintf("%.5f", x))
	return v
}

// counts is one peer-model comparison: hits, model size, peer size,
// and for metrics with their own per-model score (ROUGE-W) that score,
// by which -f B picks the best model.
type counts struct{ hit, model, peer, sel float64 }

type metric struct {
	name string
	// count compares the peer with one model.
	count func(peer, model [][]string) counts
	// inv, when non-nil, maps hit/count ratios to recall and precision
	// (ROUGE-W's inverse weighting), and -f B ranks models by sel.
	inv func(float64) float64
}

func (s *Scorer) metrics() []metric {
	var ms []metric
	for n := 1; n <= s.opt.N; n++ {
		n := n
		ms = append(ms, metric{name: fmt.Sprintf("ROUGE-%d", n), count: func(p, m [][]string) counts {
			return gramCounts(ngrams(p, n), ngrams(m, n))
		}})
	}
	if s.opt.LCS {
		ms = append(ms, metric{name: "ROUGE-L", count: lcsCounts})
	}
	if w := s.opt.Weight; w > 0 {
		ms = append(ms, metric{name: wlcsName(w),
			count: func(p, m [][]string) counts { return wlcsCounts(p, m, w) },
			inv:   func(r float64) float64 { return wlcsInverse(r, w) }})
	}
	d := s.opt.SkipDistance
	suffix := "*"
	if d >= 0 {
		suffix = fmt.Sprint(d)
	}
	if s.opt.SkipBigram {
		ms = append(ms, metric{name: "ROUGE-S" + suffix, count: func(p, m [][]string) counts {
			return gramCounts(skipGrams(p, d, false), skipGrams(m, d, false))
		}})
	}
	if s.opt.SkipUnigram {
		ms = append(ms, metric{name: "ROUGE-SU" + suffix, count: func(p, m [][]string) counts {
			return gramCounts(skipGrams(p, d, true), skipGrams(m, d, true))
		}})
	}
	return ms
}

// Score scores the peer summary (its sentences) against the model
// summaries (each a list of sentences). Truncation (-l, -b) applies to
// the models as well as the peer, as in ROUGE-1.5.5. With Jackknife and
// more than one model, each model is left out in turn, the rest are
// combined by the Formula, and the scores averaged.
func (s *Scorer) Score(peer []string, models [][]string) Scores {
	p := s.Tokenize(s.truncate(peer))
	ms := make([][][]string, len(models))
	for i, m := range models {
		ms[i] = s.Tokenize(s.truncate(m))
	}
	out := Scores{}
	for _, met := range s.metrics() {
		cs := make([]counts, len(ms))
		for i, m := range ms {
			cs[i] = met.count(p, m)
		}
		if len(cs) <= 1 || !s.opt.Jackknife {
			out[met.name] = s.combine(met, cs)
			continue
		}
		var sum Score
		rest := make([]counts, 0, len(cs)-1)
		for i := range cs {
			rest = append(rest[:0], cs[:i]...)
			rest = append(rest, cs[i+1:]...)
			sc := s.combine(met, rest)
			sum.Recall += sc.Recall
			sum.Precision += sc.Precision
			sum.F += sc.F
		}
		k := float64(len(cs))
		out[met.name] = Score{sum.Recall / k, sum.Precision / k, sum.F / k}
	}
	return out
}

// combine merges the per-model counts by the formula and computes the
// rounded recall, precision and F-measure.
func (s *Scorer) combine(met metric, cs []counts) Score {
	var t counts
	if s.opt.Formula == FormulaB {
		best := -1.0
		for _, c := range cs {
			r := 0.0
			if met.inv != nil {
				r = c.sel
			} else if c.model > 0 {
				r = c.hit / c.model
			}
			if r > best {
				best, t = r, c
			}
		}
	} else {
		for _, c := range cs {
			t.hit += c.hit
			t.model += c.model
			t.peer += c.peer
		}
	}
	var r, p float64
	if t.model > 0 {
		r = t.hit / t.model
		if met.inv != nil {
			r = met.inv(r)
		}
	}
	if t.peer > 0 {
		p = t.hit / t.peer
		if met.inv != nil {
			p = met.inv(p)
		}
	}
	r, p = round5(r), round5(p)
	var f float64
	a := s.opt.Alpha
	if d := (1-a)*p + a*r; d > 0 {
		f = round5(p * r / d)
	}
	return Score{r, p, f}
}

// Average is the mean of several scores, metric by metric, as the
// script's per-system Average lines.
func Average(all []Scores) Scores {
	out := Scores{}
	if len(all) == 0 {
		return out
	}
	for _, sc := range all {
		for k, v := range sc {
			o := out[k]
			o.Recall += v.Recall
			o.Precision += v.Precision
			o.F += v.F
			out[k] = o
		}
	}
	n := float64(len(all))
	for k, v := range out {
		out[k] = Score{v.Recall / n, v.Precision / n, v.F / n}
	}
	return out
}
