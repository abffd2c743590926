package compare

import (
	"math"
	"slices"
	"strconv"
	"strings"

	"github.com/parallaxnews/parallax/internal/news"
)

// Figures finds the quantities of the documents — people killed or
// evacuated, money, percentages, years, durations, ages, distances and
// counts of things — and groups those that describe the same thing
// across outlets, most widely reported first (then in story order).
//
// Values are normalized ("130,000", "1.2 million", "130k", "$3bn", "two
// dozen", "twenty-five", "half a million", "20 to 30") and bounded by
// their hedge:
//
//   - exact figures allow only themselves, except that a decimal with a
//     scale word allows its rounding ("1.2 million" is 1.15–1.25 million);
//   - "about", "around", "roughly", "approximately", "some", "an
//     estimated" allow ±10% (so "about 130,000" and "140,000" agree);
//   - "nearly", "almost", "close to", "just under" allow 10% below;
//   - "more than", "over", "at least", "upwards of", "in excess of" are
//     lower bounds, and "up to", "as many as", "fewer than", "less than",
//     "under", "no more than" upper bounds;
//   - a year's "about" allows two years either side.
//
// An open upper bound is reported as math.MaxFloat64 (JSON has no
// infinity). A group agrees when all its intervals overlap: a conflict is
// claimed only when two values cannot both be true given their hedges.
//
// Left out: the day numbers and years of full dates ("Jan. 27, 2014"),
// times of day, ordinals, decades, list numbering, phone numbers and
// identifiers ("Resolution 2139", "Flight 17"), vague plurals ("thousands",
// "hundreds of"), the superseded side of a change ("rose from 20 to 30"
// keeps 30), and bare numbers that count nothing the sentence names.
// Figures inside quotations are kept: a quoted figure is still what the
// outlet reports.
//
// Grouping: two values join when their units agree and what they count
// is compatible — for people, the same event (killed, injured,
// evacuated, …, with lives/deaths/dead/fatalities read as killed); for
// other counts, the same head noun; for money, percentages, years and
// durations, shared content words in the sentences. Two values of one
// article join only from different sentences and only when they agree
// (a restatement). A value that disagrees with a group joins it only on
// stronger evidence — the same event and both the article's first
// figure for it, or several shared content words — and never when the
// two sentences name different places ("in Tarsel", "in Orlen"), so that
// sub-totals and figures for different places are not set against each
// other.
func Figures(docs []news.Document) []news.Figure {
	var qs []*figQuantity
	for di := range docs {
		qs = figAppendQuantities(qs, docs, di)
	}
	// Context words as small integers, for fast comparison.
	ids := map[string]int32{}
	for _, q := range qs {
		q.ctxIDs = make([]int32, len(q.ctx))
		for k, w := range q.ctx {
			id, ok := ids[w]
			if !ok {
				id = int32(len(ids))
				ids[w] = id
			}
			q.ctxIDs[k] = id
		}
		slices.Sort(q.ctxIDs)
		q.keyStr = q.key()
		q.headStem = figStemOf(q.head)
	}
	groups := figGroupQuantities(qs)
	out := make([]news.Figure, 0, len(groups))
	for _, g := range groups {
		out = append(out, g.figure(docs))
	}
	return out
}

// figQuantity is one figure found in a sentence.
type figQuantity struct {
	doc, sent, tok int // document, sentence and first number token
	span           news.Span
	value          float64
	low, high      float64 // bounds in the stated unit
	hedge          string
	kind           string  // "people", "count", "money", "percent", "points", "year", "duration", "age", "distance"
	unit           string  // display unit ("people", "dollars", "weeks")
	base           float64 // factor from the stated unit to the kind's base unit
	head           string  // the counted noun ("people", "trucks", "war"), folded
	event          string  // canonical event for people ("killed")
	ctx            []string
	first          bool     // the document's first figure with this key
	startTok       int      // first token of the figure, hedge included
	endTok         int      // token index after the figure
	places         []string // capitalized words after "in", "near", "at", "from" in the sentence
	ctxIDs         []int32
	keyStr         string
	headStem       string
	headCtx        string // the head's stem as context
}

func (q *figQuantity) key() string {
	switch q.kind {
	case "people":
		return "people|" + q.unit + "|" + q.event
	case "count":
		return "count|" + figStemOf(q.head) + "|" + q.event
	case "money":
		return "money|" + q.unit
	}
	return q.kind
}

// interval returns the quantity's bounds in the kind's base unit.
func (q *figQuantity) interval() (float64, float64) {
	hi := q.high
	if hi < math.MaxFloat64 {
		hi *= q.base
	}
	return q.low * q.base, hi
}

// ---- number words ----

var figSmallNumbers = map[string]float64{
	"zero": 0, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
	"seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
	"thirteen": 13, "fourteen": 14, "fifteen": 15, "sixteen": 16,
	"seventeen": 17, "eighteen": 18, "nineteen": 19, "twenty": 20,
	"thirty": 30, "forty": 40, "fifty": 50, "sixty": 60, "seventy": 70,
	"eighty": 80, "ninety": 90,
}

var figScaleWords = map[string]float64{
	"hundred": 100, "thousand": 1e3, "million": 1e6, "billion": 1e9, "trillion": 1e12,
	"mln": 1e6, "mn": 1e6, "bln": 1e9, "bn": 1e9, "tn": 1e12, "trn": 1e12,
}

// figNumberSuffixes are glued to digits: "130k", "$3bn", "9.3m".
var figNumberSuffixes = map[string]float64{
	"k": 1e3, "m": 1e6, "mn": 1e6, "mln": 1e6, "b": 1e9, "bn": 1e9, "bln": 1e9, "tn": 1e12, "trn": 1e12,
}

// figWordValue reads a spelled number word, including hyphenated tens
// ("twenty-five").
func figWordValue(w string) (float64, bool) {
	if v, ok := figSmallNumbers[w]; ok {
		return v, true
	}
	if a, b, ok := strings.Cut(w, "-"); ok {
		va, oka := figSmallNumbers[a]
		vb, okb := figSmallNumbers[b]
		if oka && okb && va >= 20 && int(va)%10 == 0 && vb > 0 && vb < 10 {
			return va + vb, true
		}
	}
	return 0, false
}

// figParseDigits reads a numeral ("130,000", "2.5") and returns its value and
// the half-unit of its last decimal digit (0 for integers).
func figParseDigits(s string) (v, half float64, ok bool) {
	if s == "" || s[0] < '0' || s[0] > '9' {
		return 0, 0, false
	}
	if strings.ContainsAny(s, ":/-") {
		return 0, 0, false
	}
	if strings.Contains(s, ",") {
		// Thousands separators: groups of three after the first.
		parts := strings.Split(s, ",")
		last := parts[len(parts)-1]
		if i := strings.IndexByte(last, '.'); i >= 0 {
			parts[len(parts)-1] = last[:i]
			last = last[i:]
		} else {
			last = ""
		}
		if len(parts[0]) > 3 || len(parts[0]) == 0 {
			return 0, 0, false
		}
		for _, p := range parts[1:] {
			if len(p) != 3 {
				return 0, 0, false
			}
		}
		s = strings.Join(parts, "") + last
	}
	if strings.Count(s, ".") > 1 {
		return 0, 0, false
	}
	if i := strings.IndexByte(s, '.'); i >= 0 {
		half = 0.5 * math.Pow10(-(len(s) - i - 1))
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(v, 0) || math.IsNaN(v) {
		return 0, 0, false
	}
	return v, half, true
}

// figSplitNumberSuffix splits "130k" into "130" and "k".
func figSplitNumberSuffix(w string) (string, string) {
	i := 0
	for i < len(w) && (w[i] >= '0' && w[i] <= '9' || w[i] == '.' || w[i] == ',') {
		i++
	}
	return w[:i], w[i:]
}

// figNumParse is a number expression read from tokens.
type figNumParse struct {
	end   int // token index after the number
	value float64
	half  float64 // rounding allowed ("1.2 million")
	// rest holds the parts of a hyphenated word after the number
	// ("three-year" -> ["year"], "32-year-old" -> ["year", "old"]).
	rest []string
	// unit is a unit glued to the number ("10km").
	unit string
}

// figParseNumber reads a number starting at token i, or reports false.
func figParseNumber(toks []news.Token, body string, i int) (figNumParse, bool) {
	t := toks[i]
	var p figNumParse
	switch t.Kind {
	case news.Number:
		v, half, ok := figParseDigits(t.Norm)
		if !ok {
			return p, false
		}
		p.value, p.half, p.end = v, half, i+1
		if figIsScaleAt(toks, p.end) {
			p = figApplyScale(toks, p)
		}
		return p, true
	case news.Word:
		w := t.Norm
		if w[0] >= '0' && w[0] <= '9' {
			// "130k", "3bn", "32-year-old", "10km", "1990s", "3rd".
			head, rest, _ := strings.Cut(w, "-")
			digits, suf := figSplitNumberSuffix(head)
			v, half, ok := figParseDigits(digits)
			if !ok {
				return p, false
			}
			switch {
			case suf == "":
			case figNumberSuffixes[suf] > 0:
				v *= figNumberSuffixes[suf]
				half *= figNumberSuffixes[suf]
			case figDistanceUnits[suf] > 0 || suf == "kg":
				p.unit = suf
			default:
				return p, false // "1990s", "3rd", "f-16" and the like
			}
			p.value, p.half, p.end = v, half, i+1
			if rest != "" {
				p.rest = strings.Split(rest, "-")
			}
			if suf == "" && rest == "" && figIsScaleAt(toks, p.end) {
				p = figApplyScale(toks, p)
			}
			return p, true
		}
		return figParseSpelled(toks, i)
	}
	return p, false
}

func figIsScaleAt(toks []news.Token, i int) bool {
	return i < len(toks) && toks[i].Kind == news.Word && figScaleWords[toks[i].Norm] > 0
}

// figApplyScale multiplies by scale words that follow ("1.2 million",
// "2 hundred thousand").
func figApplyScale(toks []news.Token, p figNumParse) figNumParse {
	for p.end < len(toks) && toks[p.end].Kind == news.Word {
		s := figScaleWords[toks[p.end].Norm]
		if s == 0 {
			break
		}
		p.value *= s
		p.half *= s
		p.end++
	}
	return p
}

// figParseSpelled reads a spelled number: "two dozen", "twenty-five", "a
// hundred", "half a million", "one hundred and twenty", "three-year".
func figParseSpelled(toks []news.Token, i int) (figNumParse, bool) {
	var p figNumParse
	w := toks[i].Norm
	word := func(j int) string {
		if j < len(toks) && toks[j].Kind == news.Word {
			return toks[j].Norm
		}
		return ""
	}
	j := i
	switch w {
	case "a", "an":
		n := word(i + 1)
		if figScaleWords[n] == 0 && n != "dozen" {
			return p, false
		}
		p.value = 1
		j = i + 1
	case "half":
		if word(i+1) != "a" || (figScaleWords[word(i+2)] == 0 && word(i+2) != "dozen") {
			return p, false
		}
		p.value = 0.5
		j = i + 2
	default:
		// A hyphenated word may carry a unit: "three-year", "two-week".
		parts := strings.Split(w, "-")
		n := 1
		if len(parts) >= 2 {
			if _, ok := figWordValue(parts[0] + "-" + parts[1]); ok {
				n = 2
			}
		}
		v, ok := figWordValue(strings.Join(parts[:n], "-"))
		if !ok {
			return p, false
		}
		if len(parts) > n {
			p.value, p.end, p.rest = v, i+1, parts[n:]
			return p, true
		}
		p.value = v
		j = i + 1
		// Further number words: "one hundred and twenty", "two million".
		p.value, p.end = figScaleRun(word, j, v, true)
		return p, true
	}
	// "a" / "half a" then scale words and "dozen".
	p.value, p.end = figScaleRun(word, j, p.value, false)
	return p, true
}

// figScaleRun reads the words from j on that scale a spelled number whose
// value so far is cur: "dozen", "hundred", "thousand", "million", … and,
// with more (after a number word), the tens and units that follow a
// hundred ("one hundred and twenty", "two hundred five"). It returns the
// value and the index past the last word read.
func figScaleRun(word func(int) string, j int, cur float64, more bool) (float64, int) {
	total := 0.0
	for {
		n := word(j)
		if more && n == "and" {
			if v2, ok := figWordValue(word(j + 1)); ok && cur >= 100 && v2 < 100 {
				cur += v2
				j += 2
				continue
			}
			break
		}
		if n == "dozen" {
			cur *= 12
			j++
			continue
		}
		if s := figScaleWords[n]; s > 0 {
			if s == 100 {
				cur *= 100
			} else {
				total += cur * s
				cur = 0
			}
			j++
			continue
		}
		if v2, ok := figWordValue(n); more && ok && v2 < 100 && int(cur)%100 == 0 && cur >= 100 {
			cur += v2
			j++
			continue
		}
		break
	}
	return total + cur, j
}

// ---- hedges ----

type figHedgeRule struct {
	words []string
	kind  byte // '~' approximate, '<' just below, '>' lower bound, '^' upper bound
}

// figHedgeRules are tried longest first.
var figHedgeRules = []figHedgeRule{
	{[]string{"no", "more", "than"}, '^'},
	{[]string{"no", "fewer", "than"}, '>'},
	{[]string{"no", "less", "than"}, '>'},
	{[]string{"in", "excess", "of"}, '>'},
	{[]string{"upwards", "of"}, '>'},
	{[]string{"as", "many", "as"}, '^'},
	{[]string{"as", "much", "as"}, '^'},
	{[]string{"well", "over"}, '>'},
	{[]string{"just", "over"}, '>'},
	{[]string{"well", "above"}, '>'},
	{[]string{"more", "than"}, '>'},
	{[]string{"at", "least"}, '>'},
	{[]string{"greater", "than"}, '>'},
	{[]string{"up", "to"}, '^'},
	{[]string{"at", "most"}, '^'},
	{[]string{"fewer", "than"}, '^'},
	{[]string{"less", "than"}, '^'},
	{[]string{"just", "under"}, '<'},
	{[]string{"close", "to"}, '<'},
	{[]string{"an", "estimated"}, '~'},
	{[]string{"an", "approximate"}, '~'},
	{[]string{"some"}, '~'},
	{[]string{"about"}, '~'},
	{[]string{"around"}, '~'},
	{[]string{"roughly"}, '~'},
	{[]string{"approximately"}, '~'},
	{[]string{"approx"}, '~'},
	{[]string{"estimated"}, '~'},
	{[]string{"nearly"}, '<'},
	{[]string{"almost"}, '<'},
	{[]string{"over"}, '>'},
	{[]string{"exceeding"}, '>'},
	{[]string{"above"}, '>'},
	{[]string{"under"}, '^'},
	{[]string{"below"}, '^'},
}

// figHedgeBefore finds the hedge ending just before token i and returns its
// first token and rule.
func figHedgeBefore(toks []news.Token, i int) (int, *figHedgeRule) {
	for k := range figHedgeRules {
		r := &figHedgeRules[k]
		n := len(r.words)
		if i-n < 0 {
			continue
		}
		ok := true
		for m, w := range r.words {
			if t := toks[i-n+m]; t.Kind != news.Word || t.Norm != w {
				ok = false
				break
			}
		}
		if ok {
			return i - n, r
		}
	}
	return i, nil
}

// ---- units and heads ----

var figCurrencySymbols = map[string]string{"$": "dollars", "€": "euros", "£": "pounds", "¥": "yen"}

var figCurrencyWords = map[string]string{
	"dollar": "dollars", "dollars": "dollars", "usd": "dollars",
	"euro": "euros", "euros": "euros", "eur": "euros",
	"pound": "pounds", "pounds": "pounds", "sterling": "pounds", "gbp": "pounds",
	"yen": "yen", "yuan": "yuan", "renminbi": "yuan", "rupees": "rupees", "rupee": "rupees",
	"francs": "francs", "franc": "francs", "rubles": "rubles", "roubles": "rubles",
}

// figDurationDays converts duration units to days.
var figDurationDays = map[string]float64{
	"second": 1.0 / 86400, "seconds": 1.0 / 86400, "minute": 1.0 / 1440, "minutes": 1.0 / 1440,
	"hour": 1.0 / 24, "hours": 1.0 / 24, "day": 1, "days": 1, "week": 7, "weeks": 7,
	"month": 30.4, "figMonths": 30.4, "year": 365.25, "years": 365.25, "decade": 3652.5, "decades": 3652.5,
}

// figDistanceUnits converts distance units to metres.
var figDistanceUnits = map[string]float64{
	"km": 1000, "kilometres": 1000, "kilometers": 1000, "kilometre": 1000, "kilometer": 1000,
	"miles": 1609.344, "mile": 1609.344, "metres": 1, "meters": 1, "metre": 1, "meter": 1,
	"feet": 0.3048, "foot": 0.3048, "ft": 0.3048, "yards": 0.9144,
}

// figPeopleHeads are nouns that count people in general.
var figPeopleHeads = map[string]string{
	"people": "", "persons": "", "person": "", "individuals": "", "lives": "killed",
	"dead": "killed", "deaths": "killed", "death": "killed", "fatalities": "killed", "bodies": "killed",
	"victims": "", "evacuees": "evacuated", "detainees": "arrested", "arrests": "arrested",
	"injuries": "injured", "wounded": "injured", "injured": "injured",
}

// figEvents maps words to the canonical event a count of people is about.
var figEvents = map[string]string{
	"killed": "killed", "kill": "killed", "kills": "killed", "killing": "killed", "dead": "killed",
	"death": "killed", "deaths": "killed", "died": "killed", "die": "killed", "dying": "killed",
	"fatalities": "killed", "toll": "killed", "claimed": "", "lost": "",
	"injured": "injured", "injuring": "injured", "wounded": "injured", "wounding": "injured",
	"hurt": "injured", "injuries": "injured", "hospitalized": "injured", "hospitalised": "injured",
	"evacuated": "evacuated", "evacuate": "evacuated", "evacuation": "evacuated", "evacuating": "evacuated",
	"arrested": "arrested", "arrest": "arrested", "arrests": "arrested", "detained": "arrested", "detaining": "arrested",
	"displaced": "displaced", "fled": "displaced", "flee": "displaced", "fleeing": "displaced", "homeless": "displaced",
	"missing": "missing", "rescued": "rescued", "kidnapped": "kidnapped", "abducted": "kidnapped",
	"infected": "infected", "sickened": "infected",
}

// countVerbs end a head noun phrase ("20 people killed").
func figIsVerbish(t news.Token) bool {
	if _, ok := figEvents[t.Norm]; ok {
		return true
	}
	n := t.Norm
	return strings.HasSuffix(n, "ed") || strings.HasSuffix(n, "ing") && len(n) > 5
}

var figMonths = map[string]bool{
	"jan": true, "january": true, "feb": true, "february": true, "mar": true, "march": true,
	"apr": true, "april": true, "may": true, "jun": true, "june": true, "jul": true, "july": true,
	"aug": true, "august": true, "sep": true, "sept": true, "september": true, "oct": true,
	"october": true, "nov": true, "november": true, "dec": true, "december": true,
}

var figYearPrepositions = map[string]bool{
	"in": true, "since": true, "until": true, "by": true, "from": true, "during": true,
	"before": true, "after": true, "of": true, "through": true, "till": true,
}

var figDurationPrepositions = map[string]bool{"in": true, "for": true, "within": true, "after": true, "over": true}

// vagueHeads follow numbers that are not figures ("one of", "two of them").
var figNotHeads = map[string]bool{
	"of": true, "another": true, "other": true, "others": true, "more": true, "times": true,
	"point": true, "percent": true, "per": true,
}

// ---- extraction ----

func figAppendQuantities(qs []*figQuantity, docs []news.Document, di int) []*figQuantity {
	d := &docs[di]
	body := d.Body
	firstOf := map[string]bool{}
	for si := range d.Sentences {
		s := &d.Sentences[si]
		toks := s.Tokens
		start := len(qs)
		for i := 0; i < len(toks); {
			if !figMayStart(toks[i]) {
				i++
				continue
			}
			q, end := figQuantityAt(toks, body, i)
			if q == nil {
				i++
				continue
			}
			q.doc, q.sent = di, si
			qs = append(qs, q)
			i = max(end, i+1)
		}
		// Events and contexts, now that all of the sentence's figures are
		// known (an event is not read across another figure).
		found := qs[start:]
		var ctx, places []string
		if len(found) > 0 {
			ctx = figSentenceContext(toks)
			places = figSentencePlaces(body, toks)
		}
		for k, q := range found {
			lo, hi := 0, len(toks)
			if k > 0 {
				lo = found[k-1].tokEnd()
			}
			if k+1 < len(found) {
				hi = found[k+1].tok
			}
			figFinishQuantity(q, toks, lo, hi, ctx)
			q.places = places
		}
		// Drop bare numbers that count nothing the sentence names.
		kept := qs[:start]
		for _, q := range found {
			if q.kind == "" {
				continue
			}
			if !firstOf[q.key()] {
				firstOf[q.key()] = true
				q.first = true
			}
			kept = append(kept, q)
		}
		qs = kept
	}
	return qs
}

// figMayStart is a cheap test for a token that may open a figure.
func figMayStart(t news.Token) bool {
	switch t.Kind {
	case news.Number:
		return true
	case news.Punct:
		_, ok := figCurrencySymbols[t.Norm]
		return ok
	}
	w := t.Norm
	if w == "" {
		return false
	}
	if w[0] >= '0' && w[0] <= '9' || w == "a" || w == "an" || w == "half" {
		return true
	}
	if i := strings.IndexByte(w, '-'); i > 0 {
		w = w[:i]
	}
	_, ok := figSmallNumbers[w]
	return ok
}

func (q *figQuantity) tokEnd() int { return q.endTok }

// figQuantityAt reads a figure whose number starts at token i: the hedge
// before it, a currency, the number, a range, a unit or head noun after.
func figQuantityAt(toks []news.Token, body string, i int) (*figQuantity, int) {
	t := toks[i]
	money := ""
	numAt := i
	if t.Kind == news.Punct {
		cur, ok := figCurrencySymbols[t.Norm]
		if !ok || i+1 >= len(toks) {
			return nil, i + 1
		}
		money, numAt = cur, i+1
	}
	p, ok := figParseNumber(toks, body, numAt)
	if !ok && toks[numAt].Kind == news.Number && strings.Count(toks[numAt].Norm, "-") == 1 {
		// "20-30": read as a range below.
		a, _, _ := strings.Cut(toks[numAt].Norm, "-")
		p.value, _, ok = figParseDigits(a)
		p.end = numAt + 1
	}
	if !ok {
		return nil, i + 1
	}
	q := &figQuantity{tok: numAt, value: p.value, base: 1}
	startTok := i
	// "US$", "C$": the country prefix is part of the currency.
	if money != "" && i > 0 && toks[i-1].Kind == news.Word && toks[i-1].End == toks[i].Start && toks[i-1].Norm == "us" {
		startTok = i - 1
	}
	if money == "" && numAt > 0 && toks[numAt-1].Kind == news.Punct && toks[numAt-1].End == toks[numAt].Start {
		if _, ok := figCurrencySymbols[toks[numAt-1].Norm]; ok {
			return nil, i + 1 // read from the symbol
		}
	}
	if figSkipNumber(toks, body, numAt, p) {
		return nil, p.end
	}
	end := p.end
	low, high := p.value-p.half, p.value+p.half
	// Ranges: "20 to 30", "between 20 and 30", "20-30".
	between := startTok > 0 && toks[startTok-1].Norm == "between"
	if t := toks[numAt]; t.Kind == news.Number && strings.Count(t.Norm, "-") == 1 {
		a, b, _ := strings.Cut(t.Norm, "-")
		va, _, oka := figParseDigits(a)
		vb, _, okb := figParseDigits(b)
		if !oka || !okb || vb <= va || vb > 5*va || a[0] == '0' || b[0] == '0' || (va >= 1800 && va <= 2100) {
			return nil, numAt + 1
		}
		q.value, low, high, q.hedge = (va+vb)/2, va, vb, "between"
	} else if end+1 < len(toks) && (toks[end].Norm == "to" || toks[end].Norm == "-" || between && toks[end].Norm == "and") {
		from := startTok > 0 && (toks[startTok-1].Norm == "from")
		if p2, ok := figParseNumber(toks, body, end+1); ok && p2.value > p.value && len(p2.rest) == 0 {
			if from {
				// "rose from 20 to 30": the earlier figure is superseded.
				return nil, end
			}
			if p2.value >= 1000 && p.value < 1000 && figScaleWords[toks[p.end-1].Norm] == 0 {
				// "20 to 30 million": the scale applies to both.
				p.value *= p2.value / math.Pow(10, math.Floor(math.Log10(p2.value)))
			}
			q.value, low, high, q.hedge = (p.value+p2.value)/2, p.value, p2.value, "between"
			end = p2.end
			p.rest = p2.rest
			if between {
				startTok--
			}
		}
	}
	if startTok > 0 && (toks[startTok-1].Norm == "from" && end < len(toks) && toks[end].Norm == "to") {
		return nil, end // "from 20 to 30": the earlier figure is superseded
	}
	if startTok > 1 && (toks[startTok-1].Norm == "from" && (toks[startTok-2].Norm == "up" || toks[startTok-2].Norm == "down")) {
		return nil, end
	}
	// Hedge.
	var rule *figHedgeRule
	if q.hedge == "" {
		var hs int
		hs, rule = figHedgeBefore(toks, startTok)
		if rule != nil {
			// "some" only hedges a number ("some 600 people").
			q.hedge = figJoinNorms(toks[hs:startTok])
			startTok = hs
		}
	}
	if money == "" && startTok > 0 && toks[startTok-1].Kind == news.Punct {
		if cur, ok := figCurrencySymbols[toks[startTok-1].Norm]; ok {
			money = cur
			startTok--
		}
	}
	// Units and heads.
	next := func(j int) news.Token {
		if j < len(toks) {
			return toks[j]
		}
		return news.Token{Kind: news.Punct}
	}
	switch {
	case money != "":
		q.kind, q.unit = "money", money
		if cw, ok := figCurrencyWords[next(end).Norm]; ok && next(end).Kind == news.Word && cw == money {
			end++
		}
	case next(end).Norm == "%" || next(end).Norm == "percent" || next(end).Norm == "per" && next(end+1).Norm == "cent" || next(end).Norm == "pct":
		q.kind, q.unit = "percent", "percent"
		if next(end).Norm == "per" {
			end++
		}
		end++
	case next(end).Norm == "percentage" && next(end+1).Norm == "points":
		q.kind, q.unit = "points", "percentage points"
		end += 2
	case next(end).Kind == news.Word && figCurrencyWords[next(end).Norm] != "":
		q.kind, q.unit = "money", figCurrencyWords[next(end).Norm]
		end++
	case len(p.rest) > 0:
		// "three-year war", "32-year-old", "10-day", "600-strong".
		u := p.rest[0]
		switch {
		case figDurationDays[u] > 0 && len(p.rest) >= 2 && p.rest[1] == "old":
			q.kind, q.unit = "age", "years"
		case figDurationDays[u] > 0 && len(p.rest) == 1:
			q.kind, q.unit, q.base = "duration", figPluralUnit(u), figDurationDays[u]
			if h := next(end); h.Kind == news.Word && !h.Stop {
				q.head, q.headCtx = h.Norm, h.Stem
				end++
			}
		case figDistanceUnits[u] > 0 && len(p.rest) == 1:
			q.kind, q.unit, q.base = "distance", figPluralUnit(u), figDistanceUnits[u]
		default:
			return nil, end
		}
	case p.unit != "":
		if b := figDistanceUnits[p.unit]; b > 0 {
			q.kind, q.unit, q.base = "distance", p.unit, b
		} else {
			return nil, end
		}
	case next(end).Kind == news.Word && figDurationDays[next(end).Norm] > 0:
		u := next(end).Norm
		end++
		if next(end).Norm == "old" {
			q.kind, q.unit = "age", "years"
			end++
		} else {
			q.kind, q.unit, q.base = "duration", figPluralUnit(u), figDurationDays[u]
		}
	case next(end).Kind == news.Word && figDistanceUnits[next(end).Norm] > 0:
		q.kind, q.unit, q.base = "distance", figPluralUnit(next(end).Norm), figDistanceUnits[next(end).Norm]
		end++
	case startTok > 0 && (toks[startTok-1].Norm == "aged" || toks[startTok-1].Norm == "age") && q.hedge == "":
		q.kind, q.unit = "age", "years"
		startTok--
	case figIsYear(toks, numAt, p) && q.hedge == "":
		q.kind, q.unit = "year", "year"
		if h := next(end); h.Kind == news.Word && !h.Stop && !figIsCapitalized(body, h) && !figIsVerbish(h) {
			q.head, q.headCtx = h.Norm, h.Stem
			end++
		}
	default:
		// A counted noun: up to three words, the last plural one.
		head, hend := -1, end
		for j := end; j < len(toks) && j < end+3; j++ {
			h := toks[j]
			if h.Kind != news.Word || h.Stop || figNotHeads[h.Norm] || figIsVerbish(h) && figPeopleHeads[h.Norm] == "" && h.Norm != "dead" && h.Norm != "wounded" && h.Norm != "injured" {
				break
			}
			if _, ok := figWordValue(h.Norm); ok {
				break
			}
			if head < 0 || strings.HasSuffix(h.Norm, "s") || figPeopleHeads[h.Norm] != "" {
				head, hend = j, j+1
			}
			if _, ok := figPeopleHeads[h.Norm]; ok {
				break
			}
		}
		if head >= 0 {
			h := toks[head].Norm
			end = hend
			if ev, ok := figPeopleHeads[h]; ok {
				q.kind, q.unit, q.event = "people", "people", ev
			} else {
				q.kind, q.unit = "count", h
			}
			q.head, q.headCtx = h, toks[head].Stem
		}
		// A bare number (kind "") may yet count people by its event.
	}
	if q.kind == "year" || q.kind == "duration" {
		if startTok > 0 && toks[startTok-1].Kind == news.Word {
			if w := toks[startTok-1].Norm; q.kind == "year" && figYearPrepositions[w] || q.kind == "duration" && figDurationPrepositions[w] && q.hedge == "" {
				startTok--
			}
		}
	}
	// Small spelled numbers after "the", "both", "these" refer back ("the
	// two sides"), and "one" alone is rarely a figure.
	if q.kind == "count" && toks[numAt].Kind == news.Word && p.value <= 10 && numAt > 0 {
		switch toks[numAt-1].Norm {
		case "the", "these", "those", "both", "its", "their", "his", "her", "our", "all", "my", "your", "first", "last", "next":
			return nil, end
		}
	}
	if q.kind == "count" && toks[numAt].Norm == "one" && q.value == 1 {
		return nil, end
	}
	q.setBounds(rule, low, high)
	q.span = news.Span{Start: toks[startTok].Start, End: toks[end-1].End}
	q.startTok, q.endTok = startTok, end
	return q, end
}

func figPluralUnit(u string) string {
	if strings.HasSuffix(u, "s") || u == "km" || u == "ft" || u == "feet" {
		return u
	}
	if u == "foot" {
		return "feet"
	}
	return u + "s"
}

func figJoinNorms(toks []news.Token) string {
	var b strings.Builder
	for k, t := range toks {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(t.Norm)
	}
	return b.String()
}

func figIsCapitalized(body string, t news.Token) bool {
	return t.Start < len(body) && body[t.Start] >= 'A' && body[t.Start] <= 'Z'
}

// figIsYear tells a year ("in 2012", "the 2012 communique") from a count.
func figIsYear(toks []news.Token, i int, p figNumParse) bool {
	t := toks[i]
	if t.Kind != news.Number || len(t.Norm) != 4 || p.end != i+1 || p.value < 1800 || p.value > 2100 {
		return false
	}
	return true
}

// figSkipNumber reports numbers that are not figures: dates, times, list
// numbers, phone numbers, identifiers, decades.
func figSkipNumber(toks []news.Token, body string, i int, p figNumParse) bool {
	t := toks[i]
	prev := func(k int) news.Token {
		if i-k >= 0 {
			return toks[i-k]
		}
		return news.Token{Kind: news.Punct}
	}
	next := func(j int) news.Token {
		if j < len(toks) {
			return toks[j]
		}
		return news.Token{Kind: news.Punct}
	}
	if p.value > 1e15 {
		return true
	}
	if t.Kind == news.Number {
		n := t.Norm
		if strings.ContainsAny(n, ":/") || strings.Count(n, "-") > 1 {
			return true // times, dates, fractions, phone numbers
		}
		if len(n) > 1 && n[0] == '0' && !strings.HasPrefix(n, "0.") {
			return true // "007", "0100"
		}
		if !strings.ContainsAny(n, ",.") && len(n) > 6 && p.end == i+1 {
			return true // long digit strings are identifiers
		}
		// Dates: "Jan. 27", "27 January", "Jan. 27, 2014", "January 2014".
		if figMonths[prev(1).Norm] || prev(1).Norm == "." && figMonths[prev(2).Norm] {
			return true
		}
		if figMonths[next(i+1).Norm] && p.end == i+1 {
			return true
		}
		if prev(1).Norm == "," && prev(2).Kind == news.Number && (figMonths[prev(3).Norm] || prev(3).Norm == "." && figMonths[prev(4).Norm]) {
			return true
		}
		// Times: "9 a.m.", "10 pm", "1400 GMT".
		switch next(i + 1).Norm {
		case "a.m.", "p.m.", "am", "pm", "gmt", "utc", "o'clock", "a.m", "p.m":
			return true
		}
		// List numbering: "1." or "2)" opening a sentence.
		if i == 0 && (next(1).Norm == "." || next(1).Norm == ")") {
			return true
		}
		// Identifiers: "Resolution 2139", "Flight 17", "No. 5", "Article 5".
		if pv := prev(1); pv.Kind == news.Word && figIsCapitalized(body, pv) && !pv.Stop && !strings.HasSuffix(pv.Norm, "'s") && !figMonths[pv.Norm] {
			if _, ok := figHedgeOne[pv.Norm]; !ok && !figYearPrepositions[pv.Norm] && pv.Norm != "between" {
				return true
			}
		}
		switch prev(1).Norm {
		case "no", "number", "#", "page", "route", "room", "flight", "chapter", "article", "section", "resolution", "channel", "tel", "phone", "call":
			return true
		}
		if prev(1).Norm == "." && prev(2).Norm == "no" {
			return true
		}
		// Scores and phone fragments: "(202) 555": a number in brackets
		// followed by another number.
		if prev(1).Norm == ")" && prev(2).Kind == news.Number {
			return true
		}
	}
	// Vague plurals are not numbers ("thousands", "millions") and are never
	// read; "hundreds of" likewise.
	if p.end < len(toks) && toks[p.end].Norm == "of" && t.Kind == news.Word {
		if _, ok := figScaleWords[toks[p.end-1].Norm]; ok && toks[p.end-1].Norm != t.Norm {
			return false
		}
	}
	return false
}

// figHedgeOne holds capitalized hedges that may open a sentence.
var figHedgeOne = map[string]struct{}{
	"about": {}, "around": {}, "some": {}, "nearly": {}, "almost": {}, "over": {}, "roughly": {},
	"approximately": {}, "estimated": {}, "under": {}, "only": {}, "just": {}, "another": {}, "all": {},
}

// setBounds sets low and high from the hedge, around the number's own
// range [low, high].
func (q *figQuantity) setBounds(rule *figHedgeRule, low, high float64) {
	q.low, q.high = low, high
	if rule == nil {
		return
	}
	switch rule.kind {
	case '~':
		if q.kind == "year" {
			q.low, q.high = low-2, high+2
		} else {
			q.low, q.high = low*0.9, high*1.1
		}
	case '<':
		q.low = low * 0.9
	case '>':
		q.high = math.MaxFloat64
	case '^':
		q.low = 0
	}
}

// figFinishQuantity reads the event a count of people is about, from the
// sentence's tokens in [lo, hi) (not across another figure), and the
// sentence's content words as context.
func figFinishQuantity(q *figQuantity, toks []news.Token, lo, hi int, ctx []string) {
	if q.kind == "" || q.kind == "people" || q.kind == "count" {
		best, bestD := "", 1<<30
		for j := lo; j < hi; j++ {
			if j >= q.startTok && j < q.endTok {
				continue
			}
			ev, ok := figEvents[toks[j].Norm]
			if !ok || ev == "" && !(toks[j].Norm == "claimed" || toks[j].Norm == "lost") {
				continue
			}
			if ev == "" {
				// "claimed/lost ... lives": killed.
				if q.head != "lives" {
					continue
				}
				ev = "killed"
			}
			// Distance in tokens, not counting auxiliaries after the
			// figure ("45 people were injured"), and with a penalty for
			// a clause break before it ("killed 30 and injured 40").
			d := 0
			if j >= q.endTok {
				for k := q.endTok; k <= j; k++ {
					switch n := toks[k].Norm; {
					case n == "and" || n == "," || n == "while":
						d += 3
					case !figAuxiliaries[n]:
						d++
					}
				}
			} else {
				d = q.startTok - j
				for k := j + 1; k < q.startTok; k++ {
					if toks[k].Norm == "and" || toks[k].Norm == "," || toks[k].Norm == "while" {
						d += 2
					}
				}
			}
			if d > 10 {
				continue
			}
			if d < bestD {
				best, bestD = ev, d
			}
		}
		switch {
		case q.kind == "people":
			if q.event == "" {
				q.event = best
			}
		case q.kind == "count":
			// Other counted nouns keep their own head; the event only
			// refines what ("civilians killed").
			if figIsPersonNoun(q.head) {
				q.event = best
			}
		case best != "" && bestD <= 3:
			q.kind, q.unit, q.event = "people", "people", best
		}
	}
	// Context: the sentence's content stems, and the head's.
	q.ctx = ctx
	if q.headCtx != "" {
		if k, found := slices.BinarySearch(ctx, q.headCtx); !found {
			q.ctx = slices.Insert(slices.Clip(ctx), k, q.headCtx)
		}
	}
	if q.head == "" && q.kind == "people" {
		q.head = "people"
	}
}

// figSentenceContext lists a sentence's content stems, sorted: the words
// that tell what its figures are about.
func figSentenceContext(toks []news.Token) []string {
	var ctx []string
	for _, t := range toks {
		if t.Kind != news.Word || t.Stop || len(t.Norm) < 3 {
			continue
		}
		if _, ok := figEvents[t.Norm]; ok {
			continue
		}
		if _, ok := figWordValue(t.Norm); ok {
			continue
		}
		if _, ok := figHedgeWords[t.Norm]; ok {
			continue
		}
		ctx = append(ctx, t.Stem)
	}
	slices.Sort(ctx)
	return slices.Compact(ctx)
}

// figSentencePlaces lists the capitalized words that follow "in", "near",
// "at" or "from": where the sentence's figures happened, sorted.
func figSentencePlaces(body string, toks []news.Token) []string {
	var out []string
	for j := 1; j < len(toks); j++ {
		switch toks[j-1].Norm {
		case "in", "near", "at", "from", "outside":
			if toks[j].Kind == news.Word && figIsCapitalized(body, toks[j]) {
				out = append(out, strings.TrimSuffix(toks[j].Norm, "'s"))
			}
		}
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// figHedgeWords are the hedges' words, which say nothing of what is counted.
var figHedgeWords = func() map[string]bool {
	m := map[string]bool{}
	for _, r := range figHedgeRules {
		for _, w := range r.words {
			m[w] = true
		}
	}
	return m
}()

var figAuxiliaries = map[string]bool{
	"were": true, "was": true, "been": true, "are": true, "is": true, "be": true, "have": true, "has": true,
	"had": true, "being": true, "reportedly": true, "also": true, "later": true,
}

// figPersonNouns count people without being "people" itself.
var figPersonNouns = map[string]bool{
	"civilians": true, "children": true, "soldiers": true, "troops": true, "refugees": true,
	"migrants": true, "protesters": true, "workers": true, "residents": true, "passengers": true,
	"students": true, "police": true, "officers": true, "fighters": true, "rebels": true,
	"militants": true, "women": true, "men": true, "patients": true, "prisoners": true,
	"hostages": true, "journalists": true, "demonstrators": true, "miners": true, "crew": true,
	"villagers": true, "pilgrims": true, "tourists": true, "staff": true, "employees": true,
}

func figIsPersonNoun(h string) bool { return figPersonNouns[h] }

func figStemOf(w string) string {
	w = strings.TrimSuffix(w, "'s")
	if strings.HasSuffix(w, "ies") && len(w) > 4 {
		return w[:len(w)-3] + "y"
	}
	if strings.HasSuffix(w, "s") && !strings.HasSuffix(w, "ss") && len(w) > 3 {
		return w[:len(w)-1]
	}
	return w
}

// ---- grouping ----

type figFigureGroup struct {
	qs        []*figQuantity
	low, high float64       // intersection of the members' intervals, base unit
	sents     map[int][]int // document -> sentences of its members
	heads     map[string]bool
}

func (g *figFigureGroup) add(q *figQuantity) {
	if g.sents == nil {
		g.sents, g.heads = map[int][]int{}, map[string]bool{}
	}
	g.qs = append(g.qs, q)
	g.sents[q.doc] = append(g.sents[q.doc], q.sent)
	if q.head != "" {
		g.heads[q.headStem] = true
	}
}

func figGroupQuantities(qs []*figQuantity) []*figFigureGroup {
	var groups []*figFigureGroup
	byKey := map[string][]*figFigureGroup{}
	for _, q := range qs {
		k := q.keyStr
		lo, hi := q.interval()
		var best *figFigureGroup
		bestScore := -1
		for _, g := range byKey[k] {
			agree := math.Max(lo, g.low) <= math.Min(hi, g.high)*(1+1e-9)
			if sents, ok := g.sents[q.doc]; ok && (!agree || slices.Contains(sents, q.sent)) {
				continue // one article's values join only as restatements
			}
			if !agree && bestScore >= 1000 {
				continue // an agreeing group is found already
			}
			score := g.overlap(q)
			if !g.accepts(q, agree, score) {
				continue
			}
			if agree {
				score += 1000
			}
			if score > bestScore {
				best, bestScore = g, score
			}
		}
		if best == nil {
			best = &figFigureGroup{low: lo, high: hi}
			groups = append(groups, best)
			byKey[k] = append(byKey[k], best)
		} else {
			best.low, best.high = math.Max(best.low, lo), math.Min(best.high, hi)
		}
		best.add(q)
	}
	// Most outlets first, then story order (groups are made in story order).
	slices.SortStableFunc(groups, func(a, b *figFigureGroup) int {
		return b.outlets() - a.outlets()
	})
	return groups
}

func (g *figFigureGroup) outlets() int { return len(g.sents) }

// overlap is the largest number of context words q shares with a member
// (the first members suffice, and five shared words are plenty).
func (g *figFigureGroup) overlap(q *figQuantity) int {
	best := 0
	for _, p := range g.qs[:min(len(g.qs), 8)] {
		best = max(best, figShared(p.ctxIDs, q.ctxIDs))
		if best >= 5 {
			break
		}
	}
	return best
}

// accepts reports whether q may join g. agree says whether q's interval
// overlaps the group's.
func (g *figFigureGroup) accepts(q *figQuantity, agree bool, ov int) bool {
	if sents, ok := g.sents[q.doc]; ok && (!agree || slices.Contains(sents, q.sent)) {
		return false
	}
	headMatch := q.head != "" && g.heads[q.headStem]
	if agree {
		switch q.kind {
		case "people":
			return q.event != "" || ov >= 1
		case "count", "age":
			return headMatch && ov >= 1 || ov >= 2
		}
		return headMatch && ov >= 1 || ov >= 2 || q.kind == "year" && ov >= 1
	}
	// A conflict needs stronger evidence, and never sets figures for
	// different places against each other ("in Tarsel", "in Orlen").
	for _, p := range g.qs[:min(len(g.qs), 8)] {
		if len(p.places) > 0 && len(q.places) > 0 && figSharedStrings(p.places, q.places) == 0 {
			return false
		}
	}
	switch q.kind {
	case "people":
		if q.event == "" {
			return ov >= 3
		}
		firsts := q.first
		for _, p := range g.qs {
			firsts = firsts && p.first
		}
		return firsts || ov >= 3
	case "count":
		return q.event != "" && ov >= 2 || ov >= 4
	}
	// Money, distances, years and the like conflict only over the same
	// thing counted: a ship's 180 metres and a 90 km voyage share the
	// story's words but not what they measure.
	return headMatch && ov >= 3
}

func figSharedStrings(a, b []string) int {
	n := 0
	for _, x := range a {
		if _, ok := slices.BinarySearch(b, x); ok {
			n++
		}
	}
	return n
}

func figShared(a, b []int32) int {
	n, i, j := 0, 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			n++
			i++
			j++
		case a[i] < b[j]:
			i++
		default:
			j++
		}
	}
	return n
}

func (g *figFigureGroup) figure(docs []news.Document) news.Figure {
	q0 := g.qs[0]
	f := news.Figure{What: g.what(), Unit: q0.unit, Agree: true}
	slices.SortStableFunc(g.qs, func(a, b *figQuantity) int {
		if a.doc != b.doc {
			return a.doc - b.doc
		}
		return a.span.Start - b.span.Start
	})
	lo, hi := -math.MaxFloat64, math.MaxFloat64
	for _, q := range g.qs {
		d := &docs[q.doc]
		f.Values = append(f.Values, news.FigureValue{
			Excerpt: news.Excerpt{DocID: d.ID, Span: q.span, Text: d.Body[q.span.Start:q.span.End]},
			Value:   q.value,
			Hedge:   q.hedge,
			Low:     q.low,
			High:    q.high,
		})
		l, h := q.interval()
		lo, hi = math.Max(lo, l), math.Min(hi, h)
	}
	f.Agree = lo <= hi*(1+1e-9)
	return f
}

// what names what the group counts: "people killed", "trucks", "year:
// communique", "duration: war".
func (g *figFigureGroup) what() string {
	q := g.qs[0]
	head := ""
	for _, p := range g.qs {
		if p.head != "" {
			head = p.head
			break
		}
	}
	switch q.kind {
	case "people":
		if q.event != "" {
			return "people " + q.event
		}
		return "people"
	case "count":
		if q.event != "" {
			return head + " " + q.event
		}
		return head
	case "money", "percent", "points", "year", "duration", "distance":
		if head != "" {
			return q.kind + ": " + head
		}
		return q.kind
	case "age":
		return "age"
	}
	return q.kind
}
