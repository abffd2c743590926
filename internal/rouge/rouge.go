package rouge

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/parallaxnews/parallax/internal/text"
)

// Formula says how the scores against several models are combined, as
// ROUGE-1.5.5's -f option.
type Formula byte

const (
	// FormulaA sums hits and counts over the models (-f A, the default).
	FormulaA Formula = 'A'
	// FormulaB keeps the model with the best score (-f B).
	FormulaB Formula = 'B'
)

// Options are the scoring options of ROUGE-1.5.5. The zero value computes
// nothing; DefaultOptions and ParseArgs give useful ones.
type Options struct {
	// N is the largest n of ROUGE-N (-n); ROUGE-1 .. ROUGE-N are
	// computed. 0 computes none, as the script without -n.
	N int
	// LCS computes ROUGE-L (on in the script unless -x).
	LCS bool
	// Weight, when > 0, computes ROUGE-W (summary-level weighted LCS)
	// with the weighting function f(k) = k**Weight (-w).
	Weight float64
	// SkipBigram computes ROUGE-S and SkipUnigram ROUGE-SU, with a
	// maximum gap of SkipDistance words; SkipDistance < 0 means no
	// limit. The script's -2 d alone sets SkipBigram, -2 d -u sets
	// SkipUnigram, and -2 d -U both.
	SkipBigram   bool
	SkipUnigram  bool
	SkipDistance int
	// Stem applies the WordNet exceptions, else the Porter stemmer, to
	// tokens longer than three characters (-m). ExceptionsDir holds
	// adj.exc, adv.exc, noun.exc and verb.exc; Exceptions, when not nil,
	// is used instead (see LoadExceptions).
	Stem          bool
	ExceptionsDir string
	Exceptions    map[string]string
	// Stopwords, when non-nil, are removed (-s); see LoadStopwords.
	Stopwords map[string]bool
	// LengthWords (-l) and LengthBytes (-b), when > 0, truncate the peer
	// and the models alike.
	LengthWords int
	LengthBytes int
	// Alpha weighs precision against recall in the F-measure (-p):
	// F = PR / ((1-alpha)P + alpha R); 1 favours precision, 0 recall.
	Alpha float64
	// Formula combines several models; the zero value means FormulaA.
	Formula Formula
	// BE, when set, computes ROUGE-BE on Basic Elements read from
	// SIMPLE files (-3): H, HM, HMR, HM1, HMR1 or HMR2. ROUGE-L is then
	// not computed, as in the script.
	BE string
	// WeightLabel and SkipLabel, when set, are -w's and -2's arguments
	// as typed, which the script prints in metric names ("ROUGE-W-1.2",
	// "ROUGE-SU4"); otherwise the numbers are formatted as Perl would.
	WeightLabel, SkipLabel string
}

// DefaultOptions are ROUGE-1.5.5's defaults plus -n 2 -m -2 4 -u, the
// settings most often reported, without the exception lists (set
// ExceptionsDir or Exceptions, or stemming uses Porter alone).
func DefaultOptions() Options {
	return Options{N: 2, LCS: true, Stem: true, SkipUnigram: true,
		SkipDistance: 4, Alpha: 0.5, Formula: FormulaA}
}

// Score is one metric's recall, precision and F-measure for one peer, as
// the script rounds them (to five decimals), with the totals they come
// from: model and peer units (n-grams, tokens, or ROUGE-W's weighted
// lengths) and hits, which -t 1 and -t 2 average instead.
type Score struct {
	Recall    float64 `json:"recall"`
	Precision float64 `json:"precision"`
	F         float64 `json:"f"`
	Model     float64 `json:"model_count,omitempty"`
	Peer      float64 `json:"peer_count,omitempty"`
	Hit       float64 `json:"hit_count,omitempty"`
}

// Scores maps a metric name as ROUGE-1.5.5 prints it ("ROUGE-1",
// "ROUGE-L", "ROUGE-W-1.2", "ROUGE-S4", "ROUGE-SU*", ...) to its score.
type Scores map[string]Score

// Scorer computes ROUGE scores with fixed options. It is safe for
// concurrent use.
type Scorer struct {
	opt     Options
	metrics []metric
	// ids numbers the tokens: summaries hold token numbers, which
	// compare and hash faster than strings.
	mu  sync.Mutex
	ids map[string]int32
}

// NewScorer checks opt and loads the exception lists when stemming.
func NewScorer(opt Options) (*Scorer, error) {
	if opt.Formula == 0 {
		opt.Formula = FormulaA
	}
	if opt.Formula != FormulaA && opt.Formula != FormulaB {
		return nil, fmt.Errorf("rouge: unknown formula %q (want A or B)", rune(opt.Formula))
	}
	if !(opt.Alpha >= 0 && opt.Alpha <= 1) {
		return nil, fmt.Errorf("rouge: alpha %v outside [0,1]", opt.Alpha)
	}
	if opt.Weight < 0 || math.IsNaN(opt.Weight) || math.IsInf(opt.Weight, 0) {
		return nil, fmt.Errorf("rouge: bad ROUGE-W weight %v", opt.Weight)
	}
	if opt.N < 0 || opt.LengthWords < 0 || opt.LengthBytes < 0 {
		return nil, errors.New("rouge: negative -n, -l or -b")
	}
	if opt.LengthWords > 0 && opt.LengthBytes > 0 {
		return nil, errors.New("rouge: length limit in words (-l) or bytes (-b), not both")
	}
	if opt.BE != "" && !beModes[opt.BE] {
		return nil, fmt.Errorf("rouge: unknown Basic Element mode %q (want H, HM, HMR, HM1, HMR1 or HMR2)", opt.BE)
	}
	if opt.Stem && opt.Exceptions == nil && opt.ExceptionsDir != "" {
		exc, err := LoadExceptions(opt.ExceptionsDir)
		if err != nil {
			return nil, err
		}
		opt.Exceptions = exc
	}
	s := &Scorer{opt: opt, ids: map[string]int32{}}
	s.metrics = s.newMetrics()
	return s, nil
}

// Metrics lists the metrics the scorer computes, in the order the script
// prints them.
func (s *Scorer) Metrics() []string {
	out := make([]string, len(s.metrics))
	for i, m := range s.metrics {
		out[i] = m.name
	}
	return out
}

// LoadStopwords reads a stopword list, one word a line, such as
// ROUGE-1.5.5's smart_common_words.txt. As the script does, each line
// but its newline is a stopword.
func LoadStopwords(path string) (map[string]bool, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("rouge: stopwords: %w", err)
	}
	m := map[string]bool{}
	for _, l := range strings.SplitAfter(string(b), "\n") {
		if l = strings.TrimSuffix(l, "\n"); l != "" {
			m[l] = true
		}
	}
	return m, nil
}

// LoadExceptions reads the WordNet exception lists adj.exc, adv.exc,
// noun.exc and verb.exc in that order from dir, mapping each inflected
// form to the first base form on its line; a later file overrides an
// earlier one. The result equals the script's WordNet-2.0.exc.db.
func LoadExceptions(dir string) (map[string]string, error) {
	m := map[string]string{}
	for _, name := range []string{"adj.exc", "adv.exc", "noun.exc", "verb.exc"} {
		path := filepath.Join(dir, name)
		f, err := os.Open(path)
		if err != nil {
			return nil, fmt.Errorf("rouge: WordNet exceptions: %w", err)
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
			return nil, fmt.Errorf("rouge: read %s: %w", path, err)
		}
	}
	return m, nil
}

// summary is a summary as the script holds it once read: flat is the
// token sequence of its truncated text (readText, for n-grams, skip
// bigrams and the unigram budget of ROUGE-L and W) and units the tokens
// of each truncated unit (readText_LCS, for ROUGE-L and W). The two
// truncate differently under -b, as in the script.
type summary struct {
	flat  []int32
	units [][]int32
	// maxID is the largest token number in the summary.
	maxID int32
	// grams[n-1] counts flat's n-grams for n <= Options.N; skip and
	// skipU count skip bigrams without and with unigrams.
	grams       []grams
	skip, skipU grams
	// be counts Basic Elements (-3).
	be grams
}

// prepare reads a summary's sentences as the script does: lower-cased
// (ASCII only, as Perl's tr/A-Z/a-z/), truncated by -l or -b, tokenized
// and counted.
func (s *Scorer) prepare(sents []string) *summary {
	low := make([]string, len(sents))
	for i, t := range sents {
		low[i] = asciiLower(t)
	}
	sum := &summary{}
	if flat, ok := s.readText(low); ok {
		sum.flat = s.number(s.tokens(flat))
	}
	if s.opt.LCS && s.opt.BE == "" || s.opt.Weight > 0 {
		for _, u := range s.readTextLCS(low) {
			sum.units = append(sum.units, s.number(s.tokens(u)))
		}
	}
	for _, u := range append(sum.units, sum.flat) {
		for _, t := range u {
			sum.maxID = max(sum.maxID, t)
		}
	}
	for n := 1; n <= s.opt.N; n++ {
		sum.grams = append(sum.grams, newGrams(ngrams(sum.flat, n)))
	}
	if s.opt.SkipBigram {
		sum.skip = newGrams(skipGrams(sum.flat, s.opt.SkipDistance, false))
	}
	if s.opt.SkipUnigram {
		sum.skipU = newGrams(skipGrams(sum.flat, s.opt.SkipDistance, true))
	}
	return sum
}

// number returns the tokens' numbers, numbering new tokens.
func (s *Scorer) number(toks []string) []int32 {
	out := make([]int32, len(toks))
	s.mu.Lock()
	defer s.mu.Unlock()
	for i, t := range toks {
		id, ok := s.ids[t]
		if !ok {
			id = int32(len(s.ids))
			s.ids[t] = id
		}
		out[i] = id
	}
	return out
}

func asciiLower(s string) string {
	b := []byte(s)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c + 'a' - 'A'
		}
	}
	return string(b)
}

// perlFields is Perl's split(/\s+/, s) on a byte string: a leading empty
// field when s starts with white space, no trailing empty fields. The
// script counts words this way for -l.
func perlFields(s string) []string {
	isSpace := func(r rune) bool {
		return r == ' ' || r == '\t' || r == '\n' || r == '\r' || r == '\f' || r == '\v'
	}
	fs := strings.FieldsFunc(s, isSpace)
	if len(fs) > 0 && s != "" && isSpace(rune(s[0])) {
		fs = append([]string{""}, fs...)
	}
	return fs
}

// readText is the script's readText after reading the units: it joins
// them with spaces, cutting at -l words or -b bytes. Word and byte counts
// do not include the joining spaces, and a unit that would reach the
// limit is cut to it. ok is false where the script's text is undefined:
// a limit is set and nothing was kept.
func (s *Scorer) readText(units []string) (string, bool) {
	lw, lb := s.opt.LengthWords, s.opt.LengthBytes
	if lw == 0 && lb == 0 {
		return strings.Join(units, " "), true
	}
	var b strings.Builder
	n := 0
	for _, u := range units {
		var size int
		var fs []string
		if lw > 0 {
			fs = perlFields(u)
			size = len(fs)
		} else {
			size = len(u)
		}
		if lw > 0 && n+size < lw || lb > 0 && n+size < lb {
			if n != 0 {
				b.WriteByte(' ')
			}
			b.WriteString(u)
			n += size
			continue
		}
		if n > 0 {
			b.WriteByte(' ')
		}
		if lw > 0 {
			b.WriteString(strings.Join(fs[:lw-n], " "))
		} else {
			b.WriteString(u[:lb-n])
		}
		break
	}
	return b.String(), b.Len() > 0
}

// readTextLCS is the script's readText_LCS: the units, cut at -l words
// like readText. Under -b the script never adds to its byte count, so
// every unit shorter than the limit is kept whole until the first one
// that is not, which is cut to the limit and ends the text.
func (s *Scorer) readTextLCS(units []string) []string {
	lw, lb := s.opt.LengthWords, s.opt.LengthBytes
	switch {
	case lw > 0:
		var out []string
		n := 0
		for _, u := range units {
			fs := perlFields(u)
			if n+len(fs) < lw {
				n += len(fs)
				out = append(out, u)
				continue
			}
			out = append(out, strings.Join(fs[:lw-n], " "))
			break
		}
		return out
	case lb > 0:
		var out []string
		for _, u := range units {
			if len(u) < lb {
				out = append(out, u)
				continue
			}
			out = append(out, u[:lb])
			break
		}
		return out
	}
	return units
}

// tokens is the script's tokenization of read text: hyphens and every
// byte outside [A-Za-z0-9] split words; stopwords (-s) are dropped before
// stemming; tokens longer than three bytes are stemmed (-m). The script
// keeps hyphens as tokens of their own, then drops them with every token
// not starting with [a-z0-9$], which after lower-casing is the same.
func (s *Scorer) tokens(t string) []string {
	b := []byte(t)
	for i, c := range b {
		if !('a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9') {
			b[i] = ' '
		}
	}
	var out []string
	for _, w := range bytes.Fields(b) {
		tok := string(w)
		if s.opt.Stopwords != nil && s.opt.Stopwords[tok] {
			continue
		}
		if s.opt.Stem && len(tok) > 3 {
			if base, ok := s.opt.Exceptions[tok]; ok {
				tok = base
			} else {
				tok = text.Stem(tok)
			}
		}
		out = append(out, tok)
	}
	return out
}

// Tokenize returns the tokens of each sentence as the script scores them,
// without truncation.
func (s *Scorer) Tokenize(sents []string) [][]string {
	out := make([][]string, len(sents))
	for i, t := range sents {
		out[i] = s.tokens(asciiLower(t))
	}
	return out
}

// round5 is Perl's sprintf("%7.5f", x) read back as a number.
func round5(x float64) float64 {
	v, _ := strconv.ParseFloat(strconv.FormatFloat(x, 'f', 5, 64), 64)
	return v
}

// counts is one peer-model comparison: hits, model size and peer size,
// and sel, the score by which -f B picks a model.
type counts struct{ hit, model, peer, sel float64 }

type metric struct {
	name string
	// count compares the peer with one model.
	count func(sc *scratch, peer, model *summary) counts
	// inv, when non-nil, maps hit/count ratios to recall and precision
	// (ROUGE-W's inverse weighting), which are then rounded to five
	// decimals.
	inv func(float64) float64
}

// perlNumber formats x as Perl prints a number.
func perlNumber(x float64) string {
	return strconv.FormatFloat(x, 'g', 15, 64)
}

func (s *Scorer) newMetrics() []metric {
	var ms []metric
	for n := 1; n <= s.opt.N; n++ {
		ms = append(ms, metric{name: fmt.Sprintf("ROUGE-%d", n), count: func(_ *scratch, p, m *summary) counts {
			return gramCounts(p.grams[n-1], m.grams[n-1])
		}})
	}
	if s.opt.LCS && s.opt.BE == "" {
		ms = append(ms, metric{name: "ROUGE-L", count: lcsCounts})
	}
	if w := s.opt.Weight; w > 0 {
		label := s.opt.WeightLabel
		if label == "" {
			label = perlNumber(w)
		}
		ms = append(ms, metric{name: "ROUGE-W-" + label,
			count: func(sc *scratch, p, m *summary) counts { return wlcsCounts(sc, p, m, w, s.opt.Formula == FormulaB) },
			inv:   func(r float64) float64 { return wlcsInverse5(r, w) }})
	}
	suffix := s.opt.SkipLabel
	if suffix == "" || s.opt.SkipDistance < 0 {
		suffix = "*"
		if s.opt.SkipDistance >= 0 {
			suffix = strconv.Itoa(s.opt.SkipDistance)
		}
	}
	if s.opt.SkipBigram {
		ms = append(ms, metric{name: "ROUGE-S" + suffix, count: func(_ *scratch, p, m *summary) counts {
			return gramCounts(p.skip, m.skip)
		}})
	}
	if s.opt.SkipUnigram {
		ms = append(ms, metric{name: "ROUGE-SU" + suffix, count: func(_ *scratch, p, m *summary) counts {
			return gramCounts(p.skipU, m.skipU)
		}})
	}
	if s.opt.BE != "" {
		ms = append(ms, metric{name: "ROUGE-BE-" + s.opt.BE, count: func(_ *scratch, p, m *summary) counts {
			return gramCounts(p.be, m.be)
		}})
	}
	return ms
}

// Score scores the peer summary (its sentences, or units) against the
// model summaries (each a list of sentences). Truncation (-l, -b) applies
// to the models as well as the peer, as in ROUGE-1.5.5.
func (s *Scorer) Score(peer []string, models [][]string) Scores {
	ms := make([]*summary, len(models))
	for i, m := range models {
		ms[i] = s.prepare(m)
	}
	return s.score(new(scratch), s.prepare(peer), ms)
}

func (s *Scorer) score(sc *scratch, peer *summary, models []*summary) Scores {
	out := make(Scores, len(s.metrics))
	cs := make([]counts, len(models))
	for _, met := range s.metrics {
		for i, m := range models {
			cs[i] = met.count(sc, peer, m)
		}
		out[met.name] = s.combine(met, cs)
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
			if c.sel > best {
				best, t = c.sel, c
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
	if t.model != 0 {
		r = t.hit / t.model
		if met.inv != nil {
			r = met.inv(r)
		}
	}
	if t.peer != 0 {
		p = t.hit / t.peer
		if met.inv != nil {
			p = met.inv(p)
		}
	}
	r, p = round5(r), round5(p)
	var f float64
	a := s.opt.Alpha
	if (1-a)*p+a*r > 0 {
		f = round5(p * r / ((1-a)*p + a*r))
	}
	return Score{Recall: r, Precision: p, F: f, Model: t.model, Peer: t.peer, Hit: t.hit}
}

// Average is the plain mean of several scores, metric by metric.
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
			o.Model += v.Model
			o.Peer += v.Peer
			o.Hit += v.Hit
			out[k] = o
		}
	}
	n := float64(len(all))
	for k, v := range out {
		out[k] = Score{v.Recall / n, v.Precision / n, v.F / n, v.Model / n, v.Peer / n, v.Hit / n}
	}
	return out
}
