package eval

// Scoring a comparison of sources against a hand-made gold file in the
// schema of compare/seeds-gold.json.

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/compare"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/text"
)

// CompareGold is a gold standard for comparisons: one entry per story
// (cluster) of an MDS JSONL file. Text fields are excerpts of the
// documents, located after folding case, whitespace and typographic
// quotes.
type CompareGold struct {
	Description string        `json:"description,omitempty"`
	Clusters    []GoldCluster `json:"clusters"`
}

// GoldCluster is the gold of one story. Documents maps the keys its items
// use ("A") to the IDs of the story's documents in the data; items name
// documents by key.
type GoldCluster struct {
	ID          string            `json:"id"`
	Documents   map[string]string `json:"documents"`
	Boilerplate []GoldExcerpt     `json:"boilerplate"`
	Quotes      []GoldQuote       `json:"quotes"`
	Numbers     []GoldNumber      `json:"numbers"`
	SharedFacts []GoldFact        `json:"shared_facts"`
	Exclusives  []GoldExclusive   `json:"exclusives"`
	Entities    []GoldEntity      `json:"entities"`
}

// GoldExcerpt is a span of one document, given by its text.
type GoldExcerpt struct {
	Doc  string `json:"doc"`
	Text string `json:"text"`
	Kind string `json:"kind,omitempty"`
}

// GoldQuote is one statement: every outlet's rendering of it (its
// variants) and who said it.
type GoldQuote struct {
	Speaker  string        `json:"speaker"`
	Variants []GoldExcerpt `json:"variants"`
	Note     string        `json:"note,omitempty"`
}

// GoldNumber is one quantity as the documents give it; Agree, when
// present, says whether its values agree.
type GoldNumber struct {
	What   string      `json:"what"`
	Values []GoldValue `json:"values"`
	Agree  *bool       `json:"agree,omitempty"`
}

// GoldValue is one document's figure.
type GoldValue struct {
	Doc   string  `json:"doc"`
	Text  string  `json:"text"`
	Value float64 `json:"value"`
}

// GoldFact is a fact several documents report, paraphrased.
type GoldFact struct {
	Fact string   `json:"fact"`
	Docs []string `json:"docs"`
}

// GoldExclusive is a fact only one document reports, paraphrased.
type GoldExclusive struct {
	Doc  string `json:"doc"`
	Fact string `json:"fact"`
}

// GoldEntity is a person, organization or place with the other names the
// documents use for it.
type GoldEntity struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind,omitempty"`
	Aliases []string `json:"aliases,omitempty"`
	Docs    []string `json:"docs,omitempty"`
}

// ReadCompareGold reads and checks a gold file. name names it in errors.
func ReadCompareGold(r io.Reader, name string) (*CompareGold, error) {
	var g CompareGold
	dec := json.NewDecoder(r)
	if err := dec.Decode(&g); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if len(g.Clusters) == 0 {
		return nil, fmt.Errorf("%s: clusters: missing or empty", name)
	}
	seen := map[string]bool{}
	for i := range g.Clusters {
		c := &g.Clusters[i]
		at := fmt.Sprintf("%s: clusters[%d]", name, i)
		if c.ID == "" {
			return nil, fmt.Errorf("%s.id: missing", at)
		}
		if seen[c.ID] {
			return nil, fmt.Errorf("%s.id: %q appears twice", at, c.ID)
		}
		seen[c.ID] = true
		check := func(field, key string) error {
			if key == "" {
				return fmt.Errorf("%s.%s: missing", at, field)
			}
			if len(c.Documents) > 0 {
				if _, ok := c.Documents[key]; !ok {
					return fmt.Errorf("%s.%s: document %q is not in documents", at, field, key)
				}
			}
			return nil
		}
		var errs []error
		for j, b := range c.Boilerplate {
			errs = append(errs, check(fmt.Sprintf("boilerplate[%d].doc", j), b.Doc))
		}
		for j, q := range c.Quotes {
			if len(q.Variants) == 0 {
				errs = append(errs, fmt.Errorf("%s.quotes[%d].variants: missing or empty", at, j))
			}
			for k, v := range q.Variants {
				errs = append(errs, check(fmt.Sprintf("quotes[%d].variants[%d].doc", j, k), v.Doc))
			}
		}
		for j, n := range c.Numbers {
			for k, v := range n.Values {
				errs = append(errs, check(fmt.Sprintf("numbers[%d].values[%d].doc", j, k), v.Doc))
			}
		}
		for j, f := range c.SharedFacts {
			for k, d := range f.Docs {
				errs = append(errs, check(fmt.Sprintf("shared_facts[%d].docs[%d]", j, k), d))
			}
		}
		for j, f := range c.Exclusives {
			errs = append(errs, check(fmt.Sprintf("exclusives[%d].doc", j), f.Doc))
		}
		for _, err := range errs {
			if err != nil {
				return nil, err
			}
		}
	}
	return &g, nil
}

// CompareOptions configure ScoreCompare. The zero value scores
// compare.Compare with the documented thresholds.
type CompareOptions struct {
	// Compare is the comparison scored; nil means compare.Compare.
	Compare func([]news.Document) news.Comparison
	// QuoteOverlap is the share of a gold quote's words an output quote
	// must cover to match it (default 0.5).
	QuoteOverlap float64
	// FactOverlap is the share of a gold fact's content stems a sentence
	// must have to state it (default 0.5).
	FactOverlap float64
}

// Count is a score as hits out of a total.
type Count struct {
	Hit int `json:"hit"`
	Of  int `json:"of"`
}

// Score is Hit/Of, NaN when Of is 0.
func (c Count) Score() float64 {
	if c.Of == 0 {
		return math.NaN()
	}
	return float64(c.Hit) / float64(c.Of)
}

func (c *Count) add(o Count) { c.Hit += o.Hit; c.Of += o.Of }

func (c *Count) tally(hit bool) {
	c.Of++
	if hit {
		c.Hit++
	}
}

// CompareScores are the metrics of one story, or of all of them summed.
type CompareScores struct {
	// Boilerplate: gold chrome excerpts absent from the text as read.
	Boilerplate Count `json:"boilerplate_removed"`
	// QuoteRecall: gold quote variants that some output quote covers;
	// QuotePrecision: output quotes that cover some gold variant.
	QuoteRecall    Count `json:"quotes_found"`
	QuotePrecision Count `json:"quotes_correct"`
	// Speakers: gold quotes (found) whose found variants all have the
	// right speaker.
	Speakers Count `json:"speakers_right"`
	// QuoteGroups: gold quotes of two variants or more found whole, in
	// one output group, with the right speaker.
	QuoteGroups Count `json:"quote_groups_right"`
	// PairPrecision and PairRecall score quote-version grouping over
	// pairs of found gold variants.
	PairPrecision Count `json:"pair_precision"`
	PairRecall    Count `json:"pair_recall"`
	// Numbers: gold values that an output figure value gives, on the
	// same words; AgreeConflict: gold quantities of two values or more
	// grouped in one output figure with the right verdict.
	Numbers       Count `json:"numbers_found"`
	AgreeConflict Count `json:"agree_conflict_right"`
	// WrongConflicts: output conflicts (Of) that the gold contradicts
	// (Hit): their values agree in the gold, or are different quantities.
	WrongConflicts Count `json:"wrong_conflicts"`
	SharedFacts    Count `json:"shared_facts_found"`
	Exclusives     Count `json:"exclusives_found"`
	// Entities: gold entities an output entity names, with every gold
	// alias in the same entity; EntityKinds: of those, the kind right.
	Entities    Count `json:"entities_found"`
	EntityKinds Count `json:"entity_kinds_right"`
}

// PairF1 is the harmonic mean of pair precision and recall.
func (s *CompareScores) PairF1() float64 {
	p, r := s.PairPrecision.Score(), s.PairRecall.Score()
	if math.IsNaN(p) || math.IsNaN(r) {
		return math.NaN()
	}
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

func (s *CompareScores) add(o *CompareScores) {
	for i, c := range o.counts() {
		s.counts()[i].add(*c)
	}
}

func (s *CompareScores) counts() []*Count {
	return []*Count{&s.Boilerplate, &s.QuoteRecall, &s.QuotePrecision, &s.Speakers, &s.QuoteGroups,
		&s.PairPrecision, &s.PairRecall, &s.Numbers, &s.AgreeConflict, &s.WrongConflicts,
		&s.SharedFacts, &s.Exclusives, &s.Entities, &s.EntityKinds}
}

// CompareResult is the scoring of one story.
type CompareResult struct {
	ID     string        `json:"id"`
	Docs   int           `json:"documents"`
	Scores CompareScores `json:"scores"`
	// Missed says, one line each, what was not found or not right.
	Missed []string `json:"missed,omitempty"`
	// Output counts what the comparison reported, for scale.
	Output OutputCounts `json:"output"`
}

// OutputCounts are the sizes of a comparison.
type OutputCounts struct {
	Shared     int `json:"shared"`
	Exclusives int `json:"exclusives"`
	Figures    int `json:"figures"`
	Quotes     int `json:"quotes"`
	Groups     int `json:"quote_groups"`
	Entities   int `json:"entities"`
}

// CompareReport is the scoring of every gold story.
type CompareReport struct {
	Stories []CompareResult `json:"stories"`
	Total   CompareScores   `json:"total"`
	// Problems are gold stories that could not be scored (no story of
	// that ID in the data, say), and gold excerpts not found in their
	// document.
	Problems []string `json:"problems,omitempty"`
}

// ScoreCompare compares each gold story of stories and scores the
// comparison against the gold. Stories without gold are left out.
func ScoreCompare(stories []news.Story, gold *CompareGold, opt CompareOptions) *CompareReport {
	if opt.Compare == nil {
		opt.Compare = compare.Compare
	}
	if opt.QuoteOverlap <= 0 {
		opt.QuoteOverlap = 0.5
	}
	if opt.FactOverlap <= 0 {
		opt.FactOverlap = 0.5
	}
	byID := make(map[string]*news.Story, len(stories))
	for i := range stories {
		if _, dup := byID[stories[i].ID]; !dup {
			byID[stories[i].ID] = &stories[i]
		}
	}
	rep := &CompareReport{}
	for i := range gold.Clusters {
		gc := &gold.Clusters[i]
		st := byID[gc.ID]
		if st == nil {
			rep.Problems = append(rep.Problems, fmt.Sprintf("gold story %q: no story with that id in the data", gc.ID))
			continue
		}
		docs := make([]news.Document, len(st.Articles))
		for j, a := range st.Articles {
			docs[j] = text.Analyze(a)
		}
		sc := &storyScorer{gold: gc, opt: &opt, docs: map[string]*news.Document{}}
		for j := range docs {
			sc.docs[docs[j].ID] = &docs[j]
		}
		c := opt.Compare(docs)
		res := sc.score(&c)
		res.ID, res.Docs = gc.ID, len(docs)
		rep.Problems = append(rep.Problems, sc.problems...)
		rep.Total.add(&res.Scores)
		rep.Stories = append(rep.Stories, *res)
	}
	return rep
}

type storyScorer struct {
	gold     *GoldCluster
	opt      *CompareOptions
	docs     map[string]*news.Document
	problems []string
	missed   []string
}

func (sc *storyScorer) miss(format string, a ...any) {
	sc.missed = append(sc.missed, fmt.Sprintf(format, a...))
}

// doc is the document a gold key names.
func (sc *storyScorer) doc(key string) *news.Document {
	id := key
	if len(sc.gold.Documents) > 0 {
		id = sc.gold.Documents[key]
	}
	return sc.docs[id]
}

// docID is the data ID of a gold key.
func (sc *storyScorer) docID(key string) string {
	if len(sc.gold.Documents) > 0 {
		return sc.gold.Documents[key]
	}
	return key
}

// locate finds a gold excerpt in its document, reporting a problem when
// it is not there.
func (sc *storyScorer) locate(what string, ex GoldExcerpt) (*news.Document, news.Span, bool) {
	d := sc.doc(ex.Doc)
	if d == nil {
		sc.problems = append(sc.problems, fmt.Sprintf("%s: %s %q: document %q is not in the story", sc.gold.ID, what, ex.Text, ex.Doc))
		return nil, news.Span{}, false
	}
	sp, ok := Locate(d.Body, ex.Text)
	if !ok {
		sc.problems = append(sc.problems, fmt.Sprintf("%s: %s %q: not found in document %s", sc.gold.ID, what, ex.Text, ex.Doc))
	}
	return d, sp, ok
}

func (sc *storyScorer) score(c *news.Comparison) *CompareResult {
	res := &CompareResult{}
	s := &res.Scores
	sc.boilerplate(s)
	sc.quotes(c, s)
	sc.numbers(c, s)
	sc.facts(c, s)
	sc.entities(c, s)
	res.Missed = sc.missed
	res.Output = OutputCounts{Shared: len(c.Shared), Exclusives: len(c.Exclusives), Figures: len(c.Figures),
		Groups: len(c.Quotes), Entities: len(c.Entities)}
	for _, g := range c.Quotes {
		res.Output.Quotes += len(g.Versions)
	}
	return res
}

func (sc *storyScorer) boilerplate(s *CompareScores) {
	for _, b := range sc.gold.Boilerplate {
		d := sc.doc(b.Doc)
		if d == nil {
			sc.problems = append(sc.problems, fmt.Sprintf("%s: boilerplate %q: document %q is not in the story", sc.gold.ID, b.Text, b.Doc))
			s.Boilerplate.tally(false)
			continue
		}
		_, kept := Locate(d.Body, b.Text)
		s.Boilerplate.tally(!kept)
		if kept {
			sc.miss("boilerplate kept in %s: %q", b.Doc, b.Text)
		}
	}
}

// outQuote is one output quote version, where it is and its group.
type outQuote struct {
	group   int
	doc     *news.Document
	span    news.Span
	ok      bool
	text    string
	speaker string
}

// goldWords are the word spans of a located excerpt.
func goldWords(d *news.Document, sp news.Span) []news.Span {
	var ws []news.Span
	for _, t := range text.Tokenize(d.Body[sp.Start:sp.End]) {
		if t.Kind != news.Punct {
			ws = append(ws, news.Span{Start: sp.Start + t.Start, End: sp.Start + t.End})
		}
	}
	return ws
}

// quoteOverlap is the share of the gold's words the output quote covers.
func quoteOverlap(gw []news.Span, goldText string, o *outQuote) float64 {
	if len(gw) == 0 {
		return 0
	}
	if o.ok {
		n := 0
		for _, w := range gw {
			if w.Start < o.span.End && o.span.Start < w.End {
				n++
			}
		}
		return float64(n) / float64(len(gw))
	}
	// No span to go by: the share of the gold's folded words the output
	// text has.
	return wordShare(goldText, o.text)
}

// wordShare is the share of a's folded words (as a multiset) that b has.
func wordShare(a, b string) float64 {
	have := map[string]int{}
	for _, t := range text.Tokenize(b) {
		if t.Kind != news.Punct {
			have[t.Norm]++
		}
	}
	n, of := 0, 0
	for _, t := range text.Tokenize(a) {
		if t.Kind == news.Punct {
			continue
		}
		of++
		if have[t.Norm] > 0 {
			have[t.Norm]--
			n++
		}
	}
	if of == 0 {
		return 0
	}
	return float64(n) / float64(of)
}

// excerptSpan is where an output excerpt is in its document: its span
// when that is inside the body, else its text located.
func excerptSpan(d *news.Document, ex news.Excerpt) (news.Span, bool) {
	if ex.Start >= 0 && ex.Start < ex.End && ex.End <= len(d.Body) {
		return ex.Span, true
	}
	if ex.Text != "" {
		return Locate(d.Body, ex.Text)
	}
	return news.Span{}, false
}

func (sc *storyScorer) quotes(c *news.Comparison, s *CompareScores) {
	var outs []outQuote
	for gi, g := range c.Quotes {
		for _, v := range g.Versions {
			o := outQuote{group: gi, doc: sc.docs[v.DocID], text: v.Text, speaker: v.Speaker}
			if o.speaker == "" {
				o.speaker = g.Speaker
			}
			if o.doc != nil {
				o.span, o.ok = excerptSpan(o.doc, v.Excerpt)
			}
			outs = append(outs, o)
		}
	}
	correct := make([]bool, len(outs))
	type variant struct {
		gold  int // gold quote index
		match int // best output quote, -1 when not found
	}
	var found []variant
	goldSpans := map[*news.Document][]news.Span{}
	for qi, q := range sc.gold.Quotes {
		anyFound, speakerRight := false, true
		groups := map[int]bool{}
		whole := true
		for _, v := range q.Variants {
			d, sp, ok := sc.locate("quote", v)
			var gw []news.Span
			if ok {
				gw = goldWords(d, sp)
				goldSpans[d] = append(goldSpans[d], sp)
			}
			best, bestScore := -1, 0.0
			for oi := range outs {
				o := &outs[oi]
				if d == nil || o.doc != d {
					continue
				}
				var ov float64
				if ok {
					ov = quoteOverlap(gw, v.Text, o)
				} else {
					ov = wordShare(v.Text, o.text)
				}
				if ov >= sc.opt.QuoteOverlap {
					correct[oi] = true
					if ov > bestScore {
						best, bestScore = oi, ov
					}
				}
			}
			s.QuoteRecall.tally(best >= 0)
			if best < 0 {
				whole = false
				sc.miss("quote not found in %s: %q", v.Doc, v.Text)
				continue
			}
			anyFound = true
			groups[outs[best].group] = true
			found = append(found, variant{gold: qi, match: best})
			if !SameSpeaker(q.Speaker, outs[best].speaker, c.Entities) {
				speakerRight = false
				got := outs[best].speaker
				if got == "" {
					got = "(none)"
				}
				sc.miss("speaker of %q in %s: %s, want %s", v.Text, v.Doc, got, q.Speaker)
			}
		}
		if anyFound {
			s.Speakers.tally(speakerRight)
		}
		if len(q.Variants) >= 2 {
			right := whole && len(groups) == 1 && speakerRight
			s.QuoteGroups.tally(right)
			if whole && len(groups) > 1 {
				sc.miss("quote versions of %s split into %d groups: %q", q.Speaker, len(groups), q.Variants[0].Text)
			}
		}
	}
	// An output quote that is part of a gold variant (a quote split in
	// two, say) is right too: at least the share QuoteOverlap of its
	// words are inside one.
	for oi := range outs {
		o := &outs[oi]
		if correct[oi] || !o.ok {
			continue
		}
		ow := goldWords(o.doc, o.span)
		for _, gs := range goldSpans[o.doc] {
			n := 0
			for _, w := range ow {
				if w.Start < gs.End && gs.Start < w.End {
					n++
				}
			}
			if len(ow) > 0 && float64(n)/float64(len(ow)) >= sc.opt.QuoteOverlap {
				correct[oi] = true
				break
			}
		}
	}
	for oi, ok := range correct {
		s.QuotePrecision.tally(ok)
		if !ok {
			sc.miss("quote not in the gold, in %s: %q", outs[oi].docKey(sc), outs[oi].text)
		}
	}
	for i := range found {
		for j := i + 1; j < len(found); j++ {
			goldSame := found[i].gold == found[j].gold
			outSame := outs[found[i].match].group == outs[found[j].match].group
			if outSame {
				s.PairPrecision.tally(goldSame)
			}
			if goldSame {
				s.PairRecall.tally(outSame)
			}
		}
	}
}

// docKey is the gold key of an output quote's document, or its ID.
func (o *outQuote) docKey(sc *storyScorer) string {
	if o.doc == nil {
		return "?"
	}
	return sc.keyOf(o.doc.ID)
}

func (sc *storyScorer) keyOf(id string) string {
	keys := make([]string, 0, len(sc.gold.Documents))
	for k := range sc.gold.Documents {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	for _, k := range keys {
		if sc.gold.Documents[k] == id {
			return k
		}
	}
	return id
}

func (sc *storyScorer) numbers(c *news.Comparison, s *CompareScores) {
	// groupsOf[g][v] are the output figures that give gold value v of
	// gold number g.
	matches := func(d *news.Document, sp news.Span, ok bool, gv GoldValue) []int {
		var gs []int
		for fi, f := range c.Figures {
			for _, v := range f.Values {
				if sc.docs[v.DocID] != d || !sameValue(v.Value, gv.Value) {
					continue
				}
				osp, ook := excerptSpan(d, v.Excerpt)
				hit := false
				switch {
				case ok && ook:
					hit = osp.Start < sp.End && sp.Start < osp.End
				default:
					hit = wordShare(v.Text, gv.Text) > 0 || wordShare(gv.Text, v.Text) > 0
				}
				if hit {
					gs = append(gs, fi)
					break
				}
			}
		}
		return gs
	}
	// goldOf maps an output figure to the gold numbers whose values it
	// gives.
	goldOf := map[int]map[int]bool{}
	for ni, n := range sc.gold.Numbers {
		var sets [][]int
		for _, gv := range n.Values {
			d, sp, ok := sc.locate("number", GoldExcerpt{Doc: gv.Doc, Text: gv.Text})
			var gs []int
			if d != nil {
				gs = matches(d, sp, ok, gv)
			}
			s.Numbers.tally(len(gs) > 0)
			if len(gs) == 0 {
				sc.miss("number not found in %s: %q = %v", gv.Doc, gv.Text, gv.Value)
			}
			for _, g := range gs {
				if goldOf[g] == nil {
					goldOf[g] = map[int]bool{}
				}
				goldOf[g][ni] = true
			}
			sets = append(sets, gs)
		}
		if len(n.Values) < 2 || n.Agree == nil {
			continue
		}
		right := false
		common := sets[0]
		for _, set := range sets[1:] {
			common = slices.DeleteFunc(slices.Clone(common), func(g int) bool { return !slices.Contains(set, g) })
		}
		for _, g := range common {
			if c.Figures[g].Agree == *n.Agree {
				right = true
			}
		}
		s.AgreeConflict.tally(right)
		if !right {
			verdict := "agree"
			if !*n.Agree {
				verdict = "conflict"
			}
			if len(common) == 0 {
				sc.miss("numbers not grouped (%s, %s): %s", n.What, verdict, goldValues(n))
			} else {
				sc.miss("numbers grouped with the wrong verdict (%s, want %s): %s", n.What, verdict, goldValues(n))
			}
		}
	}
	for fi, f := range c.Figures {
		if f.Agree {
			continue
		}
		wrong := len(goldOf[fi]) > 1
		for ni := range goldOf[fi] {
			if a := sc.gold.Numbers[ni].Agree; a != nil && *a {
				wrong = true
			}
		}
		s.WrongConflicts.tally(wrong)
		if wrong {
			var vals []string
			for _, v := range f.Values {
				vals = append(vals, fmt.Sprintf("%q", v.Text))
			}
			sc.miss("conflict claimed that the gold contradicts (%s): %s", f.What, strings.Join(vals, ", "))
		}
	}
}

func goldValues(n GoldNumber) string {
	var vs []string
	for _, v := range n.Values {
		vs = append(vs, fmt.Sprintf("%s %q", v.Doc, v.Text))
	}
	return strings.Join(vs, ", ")
}

func sameValue(a, b float64) bool {
	return math.Abs(a-b) <= 1e-9*math.Max(1, math.Abs(b))
}

func (sc *storyScorer) facts(c *news.Comparison, s *CompareScores) {
	for _, g := range sc.gold.SharedFacts {
		want := map[string]bool{}
		for _, k := range g.Docs {
			want[sc.docID(k)] = true
		}
		found := false
		for _, f := range c.Shared {
			if coversDocs(f, want) && FactMatch(g.Fact, f, sc.opt.FactOverlap) && anchored(g.Fact, f, want) {
				found = true
				break
			}
		}
		s.SharedFacts.tally(found)
		if !found {
			sc.miss("shared fact not found (%s): %q", strings.Join(g.Docs, ", "), g.Fact)
		}
	}
	for _, g := range sc.gold.Exclusives {
		id := sc.docID(g.Doc)
		found := false
		for _, f := range c.Exclusives {
			if onlyIn(f, id) && FactMatch(g.Fact, f, sc.opt.FactOverlap) {
				found = true
				break
			}
		}
		s.Exclusives.tally(found)
		if !found {
			sc.miss("exclusive not found (%s): %q", g.Doc, g.Fact)
		}
	}
}

// coversDocs tells whether f has a source in each of the documents.
func coversDocs(f news.Fact, want map[string]bool) bool {
	n := 0
	seen := map[string]bool{}
	for _, src := range f.Sources {
		if want[src.DocID] && !seen[src.DocID] {
			seen[src.DocID] = true
			n++
		}
	}
	return n == len(want)
}

// anchored tells whether, in each of the documents, one of f's sentences
// has a content stem of the gold fact: an aligned fact must be about the
// gold's subject in every document, not only in the one that states it
// best.
func anchored(gold string, f news.Fact, want map[string]bool) bool {
	g := contentStems(gold)
	ok := map[string]bool{}
	for _, src := range f.Sources {
		if want[src.DocID] && stemsCovered(g, contentStems(src.Text)) > 0 {
			ok[src.DocID] = true
		}
	}
	return len(ok) == len(want)
}

func onlyIn(f news.Fact, id string) bool {
	if len(f.Sources) == 0 {
		return false
	}
	for _, src := range f.Sources {
		if src.DocID != id {
			return false
		}
	}
	return true
}

// FactMatch tells whether an output fact states a gold fact, given as a
// paraphrase: whether one of the fact's sentences (its Text or a source's)
// has at least the share minShare of the gold's content stems, and at
// least two of them (all of them when the gold has fewer).
//
// Content stems are the Porter stems of the words that are not
// stopwords, with hyphenated words split into their parts ("face-to-face"
// gives "face"), possessives dropped, numbers without separators
// ("130,000" is "130000") and abbreviations without periods ("U.N." is
// "un"). Two stems match when equal or when one extends the other by at
// most three letters and the shorter has four or more ("russia",
// "russian"), which Porter leaves apart.
func FactMatch(gold string, f news.Fact, minShare float64) bool {
	g := contentStems(gold)
	if len(g) == 0 {
		return false
	}
	need := int(math.Ceil(minShare * float64(len(g))))
	need = max(need, min(2, len(g)))
	texts := []string{f.Text}
	for _, src := range f.Sources {
		texts = append(texts, src.Text)
	}
	for _, t := range texts {
		if stemsCovered(g, contentStems(t)) >= need {
			return true
		}
	}
	return false
}

func stemsCovered(gold, have []string) int {
	n := 0
	for _, g := range gold {
		for _, h := range have {
			if stemsMatch(g, h) {
				n++
				break
			}
		}
	}
	return n
}

func stemsMatch(a, b string) bool {
	if a == b {
		return true
	}
	if len(a) > len(b) {
		a, b = b, a
	}
	return len(a) >= 4 && len(b)-len(a) <= 3 && strings.HasPrefix(b, a)
}

// contentStems are the distinct content stems of s, in order.
func contentStems(s string) []string {
	var out []string
	seen := map[string]bool{}
	for _, t := range text.Tokenize(s) {
		if t.Kind == news.Punct {
			continue
		}
		norm := strings.TrimSuffix(strings.TrimSuffix(t.Norm, "'s"), "'")
		if t.Kind == news.Number {
			norm = strings.ReplaceAll(norm, ",", "")
			if !seen[norm] {
				seen[norm] = true
				out = append(out, norm)
			}
			continue
		}
		abbrev := strings.Count(norm, ".") > 0
		for _, part := range strings.Split(norm, "-") {
			part = strings.ReplaceAll(part, ".", "")
			if part == "" || (!abbrev && text.IsStopword(part)) || utf8.RuneCountInString(part) < 2 {
				continue
			}
			st := part
			if len(part) > 3 {
				st = text.Stem(part)
			}
			if !seen[st] {
				seen[st] = true
				out = append(out, st)
			}
		}
	}
	return out
}

func (sc *storyScorer) entities(c *news.Comparison, s *CompareScores) {
	names := make([]map[string]bool, len(c.Entities))
	for i, e := range c.Entities {
		names[i] = map[string]bool{normName(e.Name): true}
		for _, a := range e.Aliases {
			names[i][normName(a)] = true
		}
	}
	for _, g := range sc.gold.Entities {
		found := -1
		for i := range c.Entities {
			if !names[i][normName(g.Name)] {
				continue
			}
			all := true
			for _, a := range g.Aliases {
				all = all && names[i][normName(a)]
			}
			if all {
				found = i
				break
			}
		}
		s.Entities.tally(found >= 0)
		if found < 0 {
			named := ""
			for i, e := range c.Entities {
				if names[i][normName(g.Name)] {
					named = fmt.Sprintf(" (an entity %q has aliases %q)", e.Name, e.Aliases)
					break
				}
			}
			sc.miss("entity not found with its aliases: %s %q%s", g.Name, g.Aliases, named)
			continue
		}
		if g.Kind != "" {
			s.EntityKinds.tally(c.Entities[found].Kind == g.Kind)
			if c.Entities[found].Kind != g.Kind {
				sc.miss("entity %s: kind %q, want %q", g.Name, c.Entities[found].Kind, g.Kind)
			}
		}
	}
}

// normName folds a name for comparison: case, typographic quotes,
// whitespace and a leading "the".
func normName(s string) string {
	f := strings.Join(strings.Fields(foldString(s)), " ")
	return strings.TrimPrefix(f, "the ")
}

// SameSpeaker tells whether an output speaker names the gold speaker: the
// same name folded, the same last name ("Brahimi", "Lakhdar Brahimi"; "State
// Department", "U.S. State Department"), or two names of one output entity.
func SameSpeaker(gold, out string, ents []news.Entity) bool {
	g, o := normName(gold), normName(out)
	if g == "" || o == "" {
		return false
	}
	if g == o || lastName(g) == lastName(o) {
		return true
	}
	for _, e := range ents {
		var hasG, hasO bool
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			n = normName(n)
			hasG = hasG || n == g || lastName(n) == lastName(g)
			hasO = hasO || n == o
		}
		if hasG && hasO {
			return true
		}
	}
	return false
}

// lastName is a folded name's last word, without a possessive or periods.
func lastName(s string) string {
	f := strings.Fields(s)
	if len(f) == 0 {
		return ""
	}
	w := strings.TrimSuffix(f[len(f)-1], "'s")
	return strings.Trim(w, ".,;:'\"")
}

// Locate finds an excerpt in body after folding case, whitespace (any run
// is one space) and typographic quotes, apostrophes and dashes, preferring
// an occurrence that starts and ends at word boundaries. The span is in
// body's bytes.
func Locate(body, excerpt string) (news.Span, bool) {
	fb, offs := foldIndex(body)
	fe := strings.TrimSpace(foldString(excerpt))
	if fe == "" {
		return news.Span{}, false
	}
	first := -1
	for from := 0; from <= len(fb); {
		i := strings.Index(fb[from:], fe)
		if i < 0 {
			break
		}
		i += from
		if first < 0 {
			first = i
		}
		if boundary(fb, i, i+len(fe)) {
			first = i
			break
		}
		_, size := utf8.DecodeRuneInString(fb[i:])
		from = i + size
	}
	if first < 0 {
		return news.Span{}, false
	}
	end := first + len(fe)
	return news.Span{Start: offs[first], End: offs[end]}, true
}

func boundary(s string, i, j int) bool {
	if i > 0 {
		r, _ := utf8.DecodeLastRuneInString(s[:i])
		if wordRune(r) {
			c, _ := utf8.DecodeRuneInString(s[i:])
			if wordRune(c) {
				return false
			}
		}
	}
	if j < len(s) {
		r, _ := utf8.DecodeRuneInString(s[j:])
		if wordRune(r) {
			c, _ := utf8.DecodeLastRuneInString(s[:j])
			if wordRune(c) {
				return false
			}
		}
	}
	return true
}

func wordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

func foldString(s string) string {
	f, _ := foldIndex(s)
	return f
}

// foldIndex folds s and returns, for each byte of the folded string and
// one past its end, the offset in s it comes from.
func foldIndex(s string) (string, []int) {
	var b strings.Builder
	offs := make([]int, 0, len(s)+1)
	space := false
	for i, r := range s {
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				offs = append(offs, i)
			}
			space = true
			continue
		}
		space = false
		switch r {
		case '‘', '’', '‚', '‛', '′', 'ʼ':
			r = '\''
		case '“', '”', '„', '‟', '″', '«', '»':
			r = '"'
		case '‐', '‑', '‒', '–', '—', '―', '−':
			r = '-'
		}
		r = unicode.ToLower(r)
		n := b.Len()
		b.WriteRune(r)
		for k := n; k < b.Len(); k++ {
			offs = append(offs, i)
		}
	}
	// A span ending at folded byte j ends where the original rune of
	// folded byte j starts (after the previous rune, or at the first
	// space of a run), or at the end of s.
	offs = append(offs, len(s))
	return b.String(), offs
}

// WriteText writes the report as tables: one per story, then the total
// when there are several, and what was missed.
func (rep *CompareReport) WriteText(w io.Writer, missed bool) error {
	for i := range rep.Stories {
		r := &rep.Stories[i]
		fmt.Fprintf(w, "story %s (%d documents; output: %d shared, %d exclusives, %d figures, %d quotes in %d groups, %d entities)\n",
			r.ID, r.Docs, r.Output.Shared, r.Output.Exclusives, r.Output.Figures, r.Output.Quotes, r.Output.Groups, r.Output.Entities)
		writeScores(w, &r.Scores)
		if missed && len(r.Missed) > 0 {
			fmt.Fprintln(w, "missed:")
			for _, m := range r.Missed {
				fmt.Fprintf(w, "  - %s\n", m)
			}
		}
		fmt.Fprintln(w)
	}
	if len(rep.Stories) > 1 {
		fmt.Fprintf(w, "all %d stories\n", len(rep.Stories))
		writeScores(w, &rep.Total)
		fmt.Fprintln(w)
	}
	for _, p := range rep.Problems {
		fmt.Fprintf(w, "problem: %s\n", p)
	}
	return nil
}

// Metric is one row of the table.
type Metric struct {
	Key, Label string
	Count      *Count // nil for a derived score
	Score      float64
}

// Metrics lists the scores in the table's order.
func (s *CompareScores) Metrics() []Metric {
	row := func(key, label string, c *Count) Metric { return Metric{key, label, c, c.Score()} }
	return []Metric{
		row("boilerplate_removed", "boilerplate removed (recall)", &s.Boilerplate),
		row("quotes_found", "quotes found (recall)", &s.QuoteRecall),
		row("quotes_correct", "quotes correct (precision)", &s.QuotePrecision),
		row("speakers_right", "speaker right (of found quotes)", &s.Speakers),
		row("quote_groups_right", "quote groups whole, right speaker", &s.QuoteGroups),
		row("pair_precision", "quote grouping pairwise precision", &s.PairPrecision),
		row("pair_recall", "quote grouping pairwise recall", &s.PairRecall),
		{Key: "pair_f1", Label: "quote grouping pairwise F1", Score: s.PairF1()},
		row("numbers_found", "numbers found (recall)", &s.Numbers),
		row("agree_conflict_right", "agree/conflict right", &s.AgreeConflict),
		row("wrong_conflicts", "conflicts claimed wrongly (of claimed)", &s.WrongConflicts),
		row("shared_facts_found", "shared facts found", &s.SharedFacts),
		row("exclusives_found", "exclusives found", &s.Exclusives),
		row("entities_found", "entities found, aliases merged", &s.Entities),
		row("entity_kinds_right", "entity kind right (of found)", &s.EntityKinds),
	}
}

func writeScores(w io.Writer, s *CompareScores) {
	ms := s.Metrics()
	width := len("metric")
	for _, m := range ms {
		width = max(width, len(m.Label))
	}
	fmt.Fprintf(w, "  %-*s  %9s  %5s\n", width, "metric", "found/of", "score")
	for _, m := range ms {
		counts := ""
		if m.Count != nil {
			counts = fmt.Sprintf("%d/%d", m.Count.Hit, m.Count.Of)
		}
		score := "-"
		if !math.IsNaN(m.Score) {
			score = fmt.Sprintf("%.3f", m.Score)
		}
		fmt.Fprintf(w, "  %-*s  %9s  %5s\n", width, m.Label, counts, score)
	}
}

// jsonMetric is a metric as WriteJSON writes it; Score is null when
// nothing was counted.
type jsonMetric struct {
	Hit   *int     `json:"hit,omitempty"`
	Of    *int     `json:"of,omitempty"`
	Score *float64 `json:"score"`
}

func jsonScores(s *CompareScores) map[string]jsonMetric {
	out := map[string]jsonMetric{}
	for _, m := range s.Metrics() {
		var jm jsonMetric
		if m.Count != nil {
			jm.Hit, jm.Of = &m.Count.Hit, &m.Count.Of
		}
		if !math.IsNaN(m.Score) {
			v := math.Round(m.Score*1e4) / 1e4
			jm.Score = &v
		}
		out[m.Key] = jm
	}
	return out
}

// WriteJSON writes the report for machines: per story and in total, each
// metric's hits, total and score.
func (rep *CompareReport) WriteJSON(w io.Writer) error {
	type story struct {
		ID     string                `json:"id"`
		Docs   int                   `json:"documents"`
		Output OutputCounts          `json:"output"`
		Scores map[string]jsonMetric `json:"scores"`
		Missed []string              `json:"missed,omitempty"`
	}
	out := struct {
		Stories  []story               `json:"stories"`
		Total    map[string]jsonMetric `json:"total"`
		Problems []string              `json:"problems,omitempty"`
	}{Stories: []story{}, Total: jsonScores(&rep.Total), Problems: rep.Problems}
	for i := range rep.Stories {
		r := &rep.Stories[i]
		out.Stories = append(out.Stories, story{r.ID, r.Docs, r.Output, jsonScores(&r.Scores), r.Missed})
	}
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(out)
}
