package compare

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/text"
)

// Speaker attribution.
//
// Each quoted qStretch is attributed from the words of its own sentence(s)
// outside quotation marks (the frame), by the cue nearest the quote:
//
//   - a speech verb (said, told, added, warned, …) with its subject before
//     it ("X said", "X, the envoy, said", "X, who …, said", "he said") or,
//     with no subject there, the noun phrase after it ("said X");
//   - "according to X"; a colon introduction ("X: “…”", "X said: “…”");
//   - within the phrase found, "a statement from X", "a spokesman for X"
//     and "X's spokesman" give X as the speaker.
//
// A qStretch without its own attribution takes the speaker of the qStretch
// it continues (a quote split by its attribution, or one running over
// qParagraphs), else of the subject of a speech verb in the sentence before
// (same or previous qParagraph), else of one in the sentence after.
//
// Names are made canonical across the story: qPerson names are clustered
// by surname (the last name token, "al-" qSet aside) with compatible first
// names, the fullest name canonical; qTitles and role words before a name
// ("Russian Foreign Minister", "opposition spokesman") are stripped and
// remembered as the qPerson's roles. Organizations are clustered when one
// name ends another ("State Department" in "U.S. State Department").
// When Entities are given, their names and aliases win.
//
// Pronouns: he/she go to the nearest fitting qPerson before the quote,
// sentence by sentence back: in each sentence the subject of a speech
// verb first, else the last qPerson named. Gender comes from honorifics
// (Mr., Mrs., Ms.), gendered qTitles and the he/she that follow a name; a
// qPerson of the other known gender does not fit. A definite role
// description met on the way ("the veteran negotiator") stands for the
// qPerson the document links to that role or one of its kind (an envoy is
// a mediator is a negotiator), else for the most mentioned qPerson so far.
// "they" and "it" go to the nearest organization in the sentence or the
// two before, or stay unknown. Role descriptions as speakers ("the U.N.
// envoy said") are linked the same way, but only through the text's own
// links (apposition "X, the U.N. envoy," or a title before the name);
// indefinite ones ("a senior official") stay unknown.

var qSpeechVerbs = qSet(`said say says saying told tell tells added adds asked asks warned warns
stressed stresses noted notes explained explains insisted insists replied replies declared declares
announced announces wrote writes tweeted tweets posted continued continues argued argues claimed
claims recalled recalls acknowledged acknowledges admitted admits conceded concedes observed
remarked cautioned cautions urged urges vowed vows pledged pledges promised promises predicted
complained complains responded responds answered answers shouted whispered quipped joked suggested
suggests declared emphasized emphasised emphasizes emphasises affirmed added countered contended
maintained maintains confirmed confirms denied denies reiterated reiterates lamented laments
testified testifies recounted recounts yelled screamed exclaimed boasted agreed agrees charged
alleged alleges demanded demands told'`)

// Role words: nouns that describe a qPerson by what they do. The classes
// group roles one qPerson is commonly described by in turn.
var qRoleClass = map[string]string{}

func init() {
	for class, words := range map[string]string{
		"mediator":  "envoy mediator negotiator diplomat ambassador emissary broker peacemaker",
		"spokes":    "spokesman spokeswoman spokesperson representative",
		"head":      "president leader premier chancellor king queen prince monarch ruler dictator emir sultan sheikh",
		"minister":  "minister secretary",
		"official":  "official officer administrator bureaucrat",
		"legislate": "senator lawmaker legislator congressman congresswoman representative mp",
		"local":     "mayor governor sheriff",
		"military":  "general commander colonel captain admiral lieutenant sergeant major soldier",
		"law":       "prosecutor judge lawyer attorney counsel detective inspector investigator",
		"business":  "executive ceo chairman chairwoman director founder manager boss chief head owner",
		"expert":    "analyst expert professor researcher economist scientist",
		"church":    "pope priest bishop cleric imam rabbi archbishop cardinal",
		"people":    "witness resident activist survivor victim candidate nominee coach player farmer worker teacher engineer nurse doctor driver student pilot firefighter neighbor neighbour shopkeeper fisherman volunteer",
		"aide":      "aide adviser advisor assistant deputy strategist",
	} {
		for _, w := range strings.Fields(words) {
			qRoleClass[w] = class
		}
	}
}

// qTitles are words stripped from the front of a capitalised name run.
var qTitles = qSet(`president vice prime minister foreign secretary general gen. gen sen. sen senator rep. rep
representative gov. gov governor mayor chancellor king queen prince princess pope judge justice chief
deputy under ambassador envoy spokesman spokeswoman mr. mr mrs. mrs ms. ms miss dr. dr prof. prof
professor sir lord lady dame rev. rev reverend col. col colonel lt. lt lieutenant capt. capt captain
sgt. sgt sergeant adm. adm admiral maj. maj major commissioner director chairman chairwoman ceo officer
inspector detective coach attorney speaker leader sheikh ayatollah emir sultan premier defense defence
interior finance state home health assistant acting former u.n. u.s. un us eu nato first senior
opposition mediator negotiator secretary-general commander chancellor cardinal bishop archbishop
imam rabbi father brother sister saint st. st. gov. rep. sen.`)

var qHonorificGender = map[string]byte{
	"mr.": 'm', "mr": 'm', "sir": 'm', "lord": 'm', "king": 'm', "prince": 'm', "father": 'm', "brother": 'm',
	"congressman": 'm', "spokesman": 'm', "chairman": 'm',
	"mrs.": 'f', "mrs": 'f', "ms.": 'f', "ms": 'f', "miss": 'f', "lady": 'f', "dame": 'f', "queen": 'f',
	"princess": 'f', "sister": 'f', "congresswoman": 'f', "spokeswoman": 'f', "chairwoman": 'f',
}

var qOrgWords = qSet(`department ministry council agency office party army union committee commission nations
court bank inc inc. corp corp. corporation company co. group association police government administration
kremlin pentagon parliament congress senate assembly league organization organisation institute university
foundation fund federation coalition front movement forces force command service services board authority
bureau embassy cabinet secretariat church club team network news times post press reuters tribunal centre
center hospital school college society alliance brigade brigades guard navy airlines airways holdings ltd
llc plc fc house commission cdc fbi cia who nasa unicef unhcr ministry's ap afp`)

// weekdays and months are capitalised but never names.
var qNotNames = qSet(`monday tuesday wednesday thursday friday saturday sunday january february march april
may june july august september october november december i i'm i'll i've i'd`)

// qAgentHeads are the words of "a statement from X", "a spokesman for X".
var qAgentHeads = qSet(`statement statements spokesman spokeswoman spokesperson spokespeople representative
representatives office aide aides official officials source sources release communique letter
press secretary team lawyer lawyers attorney attorneys`)

var qPreVerbSkip = qSet(`has had have also later then again once would will is was were are did does do just
previously earlier recently repeatedly finally already further has never often still`)

var qParticles = qSet(`al bin ibn de del della van von der den da di du la le el dos das ben abu`)

func qSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Fields(s) {
		m[w] = true
	}
	return m
}

// qPerson is one cluster of qPerson names in the story.
type qPerson struct {
	canon    string
	first    string // folded first name of the canonical name, "" for a surname only
	evidence bool   // a title, honorific, role, speech verb or lone surname confirms it is a qPerson
	votes    [2]int // he, she
	gender   byte   // 'm', 'f' or 0
}

// qNameIndex holds the story's qPerson and organization names.
type qNameIndex struct {
	bySurname map[string][]*qPerson
	orgs      [][]string // org names as folded token lists
	orgText   []string
	alias     map[string]string // folded alias -> entity name
	entPerson map[string]bool   // folded entity names and aliases of persons
	roles     map[string][]string
	runs      [][][]qNameRun // per document and sentence
}

// qNameRun is a run of capitalised tokens in a sentence.
type qNameRun struct {
	toks     []news.Token // the name after titles
	titles   []news.Token
	start    int // token index in the sentence of toks[0]
	end      int // token index after the run
	org      bool
	initial  bool // the run starts the sentence
	precRole string
}

func qIsCap(t news.Token, body string) bool {
	if t.Kind != news.Word {
		return false
	}
	r, _ := utf8.DecodeRuneInString(body[t.Start:t.End])
	if unicode.IsUpper(r) {
		return !qNotNames[t.Norm]
	}
	// "al-Assad", "bin-Laden"
	if i := strings.IndexByte(t.Norm, '-'); i > 0 && qParticles[t.Norm[:i]] && i+1 < t.End-t.Start {
		r2, _ := utf8.DecodeRuneInString(body[t.Start+i+1 : t.End])
		return unicode.IsUpper(r2)
	}
	return false
}

// qRuns finds the capitalised name qRuns of a sentence.
func qRuns(body string, qToks []news.Token) []qNameRun {
	var out []qNameRun
	firstWord := -1
	for i, t := range qToks {
		if t.Kind == news.Word {
			firstWord = i
			break
		}
	}
	for i := 0; i < len(qToks); {
		if !qIsCap(qToks[i], body) {
			i++
			continue
		}
		j := i + 1
		for j < len(qToks) {
			if qIsCap(qToks[j], body) {
				j++
				continue
			}
			if qToks[j].Norm == "." && qAbbrevTitles[qToks[j-1].Norm] && j+1 < len(qToks) && qIsCap(qToks[j+1], body) {
				j++ // "Mr. Orlik"
				continue
			}
			if qParticles[qToks[j].Norm] && j+1 < len(qToks) && qIsCap(qToks[j+1], body) {
				j += 2
				continue
			}
			break
		}
		r := qNameRun{start: i, end: j, initial: i == firstWord}
		var ts []news.Token
		var at []int // token index of each of ts
		for k := i; k < j; k++ {
			if qToks[k].Kind != news.Punct {
				ts = append(ts, qToks[k])
				at = append(at, k)
			}
		}
		if r.initial {
			for len(ts) > 0 && (text.IsStopword(ts[0].Norm) || len(ts) > 1 && !qTitles[ts[0].Norm] && qCommonInitial(ts[0].Norm)) {
				ts, at = ts[1:], at[1:]
			}
		}
		isOrg := false
		for _, t := range ts {
			if qOrgWords[qStripPossessive(t.Norm)] {
				isOrg = true
			}
		}
		k := 0
		for !isOrg && k < len(ts)-1 && (qTitles[ts[k].Norm] || qRoleClass[ts[k].Norm] != "" || qIsDemonym(ts[k].Norm) && (qTitles[ts[k+1].Norm] || qIsDemonym(ts[k+1].Norm))) {
			k++
		}
		if !isOrg && k == len(ts)-1 && qTitles[ts[k].Norm] {
			k++
		}
		r.titles, r.toks = ts[:k], ts[k:]
		if k < len(at) {
			r.start = at[k]
		}
		if i > 0 && qToks[i-1].Kind == news.Word && qRoleClass[qToks[i-1].Norm] != "" {
			r.precRole = qToks[i-1].Norm
		}
		r.org = isOrg
		if len(r.toks) > 0 {
			out = append(out, r)
		}
		i = j
	}
	return out
}

// qCommonInitial reports sentence-initial words that are capitalised only
// for being first: a few adverbs and prepositions beyond the stopwords.
func qCommonInitial(norm string) bool {
	return strings.HasSuffix(norm, "ly") || strings.HasSuffix(norm, "ing") || norm == "following" || norm == "meanwhile"
}

func qIsDemonym(norm string) bool {
	for _, suf := range []string{"ian", "ean", "ese", "ish", "an", "i"} {
		if strings.HasSuffix(norm, suf) && len(norm) > len(suf)+2 {
			return true
		}
	}
	return false
}

// qNameText is the surface text of a run's name.
func qNameText(body string, qToks []news.Token) string {
	if len(qToks) == 0 {
		return ""
	}
	s := body[qToks[0].Start:qToks[len(qToks)-1].End]
	return qStripPossessive(s)
}

func qStripPossessive(s string) string {
	for _, suf := range []string{"'s", "’s"} {
		if strings.HasSuffix(s, suf) && len(s) > len(suf) {
			return s[:len(s)-len(suf)]
		}
	}
	return s
}

func qSurnameKey(norm string) string {
	norm = qStripPossessive(norm)
	if i := strings.IndexByte(norm, '-'); i > 0 && qParticles[norm[:i]] {
		norm = norm[i+1:]
	}
	return norm
}

// qPersonToks trims a run's name to at most three tokens (four or more
// capitalised words are qTitles or an organization before a name).
func qPersonToks(qToks []news.Token) []news.Token {
	if len(qToks) > 3 {
		return qToks[len(qToks)-2:]
	}
	return qToks
}

func qNewNameIndex(docs []news.Document, ents []news.Entity) *qNameIndex {
	idx := &qNameIndex{bySurname: map[string][]*qPerson{}, alias: map[string]string{}, entPerson: map[string]bool{}, roles: map[string][]string{}}
	for _, e := range ents {
		if e.Kind != "qPerson" && e.Kind != "organization" {
			continue
		}
		for _, a := range append([]string{e.Name}, e.Aliases...) {
			k := text.Fold(a)
			if _, ok := idx.alias[k]; !ok {
				idx.alias[k] = e.Name
			}
			if e.Kind == "qPerson" {
				idx.entPerson[k] = true
			}
		}
	}
	var singles []string
	idx.runs = make([][][]qNameRun, len(docs))
	for di := range docs {
		d := &docs[di]
		idx.runs[di] = make([][]qNameRun, len(d.Sentences))
		for si := range d.Sentences {
			s := &d.Sentences[si]
			rs := qRuns(d.Body, s.Tokens)
			idx.runs[di][si] = rs
			for _, r := range rs {
				if r.org {
					idx.addOrg(d.Body, r.toks)
					continue
				}
				pt := qPersonToks(r.toks)
				if len(pt) == 1 {
					singles = append(singles, qSurnameKey(pt[0].Norm))
					continue
				}
				p := idx.addPerson(d.Body, pt)
				if len(r.titles) > 0 || r.precRole != "" || qAppositionRole(s.Tokens, r.end, d.Body) != "" || idx.entPerson[text.Fold(qNameText(d.Body, pt))] || qSpeechAfter(s.Tokens, r.end) {
					p.evidence = true
				}
				for _, t := range r.titles {
					if g := qHonorificGender[t.Norm]; g != 0 && p.gender == 0 {
						p.gender = g
					}
				}
			}
		}
	}
	for _, k := range singles {
		if ps := idx.bySurname[k]; len(ps) == 1 {
			ps[0].evidence = true
		}
	}
	return idx
}

func qSpeechAfter(qToks []news.Token, i int) bool {
	for k := i; k < len(qToks) && k < i+3; k++ {
		if qSpeechVerbs[qToks[k].Norm] {
			return true
		}
		if !qPreVerbSkip[qToks[k].Norm] {
			return false
		}
	}
	return false
}

func (idx *qNameIndex) addPerson(body string, qToks []news.Token) *qPerson {
	key := qSurnameKey(qToks[len(qToks)-1].Norm)
	first := qToks[0].Norm
	full := qNameText(body, qToks)
	for _, p := range idx.bySurname[key] {
		if p.first == first || len(first) == 1 || len(p.first) == 1 || strings.HasPrefix(first, p.first[:1]) && (strings.HasSuffix(first, ".") || strings.HasSuffix(p.first, ".")) {
			if len(strings.Fields(full)) > len(strings.Fields(p.canon)) {
				p.canon, p.first = full, first
			}
			return p
		}
	}
	p := &qPerson{canon: full, first: first}
	idx.bySurname[key] = append(idx.bySurname[key], p)
	return p
}

func (idx *qNameIndex) addOrg(body string, qToks []news.Token) {
	var ks []string
	for _, t := range qToks {
		ks = append(ks, qStripPossessive(t.Norm))
	}
	full := strings.Join(ks, " ")
	for i, o := range idx.orgs {
		if strings.Join(o, " ") == full {
			return
		}
		_ = i
	}
	idx.orgs = append(idx.orgs, ks)
	idx.orgText = append(idx.orgText, qNameText(body, qToks))
}

// lookupPerson returns the cluster of a qPerson name (one token or more).
func (idx *qNameIndex) lookupPerson(qToks []news.Token) *qPerson {
	if len(qToks) == 0 {
		return nil
	}
	ps := idx.bySurname[qSurnameKey(qToks[len(qToks)-1].Norm)]
	if len(qToks) == 1 {
		if len(ps) == 1 {
			return ps[0]
		}
		return nil
	}
	first := qToks[0].Norm
	for _, p := range ps {
		if p.first == first || len(first) == 1 || len(p.first) == 1 {
			return p
		}
	}
	return nil
}

// canonOrg returns the fullest organization name ending with qToks.
func (idx *qNameIndex) canonOrg(body string, qToks []news.Token) string {
	raw := qNameText(body, qToks)
	if a, ok := idx.alias[text.Fold(raw)]; ok {
		return a
	}
	var ks []string
	for _, t := range qToks {
		ks = append(ks, qStripPossessive(t.Norm))
	}
	best, bestN := raw, len(ks)
	for i, o := range idx.orgs {
		if len(o) > bestN && len(ks) > 0 && qEqualTail(o, ks) {
			best, bestN = idx.orgText[i], len(o)
		}
	}
	return best
}

func qEqualTail(long, short []string) bool {
	off := len(long) - len(short)
	for i := range short {
		if long[off+i] != short[i] {
			return false
		}
	}
	return true
}

// canonName returns the canonical name of a run's name and whether it is
// a qPerson.
func (idx *qNameIndex) canonName(body string, r qNameRun) (string, *qPerson) {
	raw := qNameText(body, r.toks)
	if r.org {
		return idx.canonOrg(body, r.toks), nil
	}
	pt := qPersonToks(r.toks)
	p := idx.lookupPerson(pt)
	if a, ok := idx.alias[text.Fold(qNameText(body, pt))]; ok {
		return a, p
	}
	if p != nil {
		return p.canon, p
	}
	if len(pt) == 1 {
		// A lone capitalised word that is no known qPerson: a place or
		// organization speaking ("Moscow said"), or a surname never given
		// in full.
		return idx.canonOrg(body, r.toks), nil
	}
	return raw, nil
}

// qMention is a qPerson or organization named (or described) in a document.
type qMention struct {
	pos, sent int
	name      string
	p         *qPerson
	org       bool
	speech    bool   // subject of a speech verb
	role      string // a definite role description's head, unresolved
	pronoun   byte   // 'm' or 'f': a he/she, for gender votes
}

// qDocCtx is what attribution knows of one document.
type qDocCtx struct {
	d        *news.Document
	idx      *qNameIndex
	mentions []qMention
	roles    map[string][]*qPerson // role class -> persons linked to it, in order
}

func qNewDocCtx(d *news.Document, di int, idx *qNameIndex) *qDocCtx {
	c := &qDocCtx{d: d, idx: idx, roles: map[string][]*qPerson{}}
	body := d.Body
	var last *qPerson
	for si := range d.Sentences {
		s := &d.Sentences[si]
		rs := idx.runs[di][si]
		ri := 0
		for ti := 0; ti < len(s.Tokens); ti++ {
			t := s.Tokens[ti]
			if ri < len(rs) && rs[ri].start == ti {
				r := rs[ri]
				ri++
				name, p := idx.canonName(body, r)
				m := qMention{pos: t.Start, sent: si, name: name, p: p, org: p == nil}
				if p == nil && !r.org && len(r.toks) == 1 {
					// An unknown lone word: not a qMention worth keeping.
					ti = r.end - 1
					continue
				}
				if p != nil && !p.evidence && len(r.titles) == 0 && r.precRole == "" && qAppositionRole(s.Tokens, r.end, body) == "" {
					ti = r.end - 1
					continue
				}
				m.speech = qSpeechSubject(s.Tokens, r.end)
				if p != nil {
					last = p
					for _, tt := range r.titles {
						c.link(tt.Norm, p)
					}
					c.link(r.precRole, p)
					c.link(qAppositionRole(s.Tokens, r.end, body), p)
				}
				c.mentions = append(c.mentions, m)
				ti = r.end - 1
				continue
			}
			switch t.Norm {
			case "he", "him", "his", "she", "her", "hers":
				if last != nil {
					if t.Norm[0] == 'h' && t.Norm != "her" && t.Norm != "hers" {
						last.votes[0]++
					} else {
						last.votes[1]++
					}
				}
			case "the":
				// A definite role description: "the (words) ROLE", not
				// followed by a name.
				for k := ti + 1; k < len(s.Tokens) && k <= ti+5; k++ {
					tk := s.Tokens[k]
					if tk.Kind != news.Word || text.IsStopword(tk.Norm) {
						break
					}
					if qRoleClass[tk.Norm] != "" {
						if k+1 < len(s.Tokens) && qIsCapTok(body, s.Tokens[k+1]) {
							break
						}
						c.mentions = append(c.mentions, qMention{pos: t.Start, sent: si, role: tk.Norm, speech: qSpeechSubject(s.Tokens, k+1)})
						ti = k
						break
					}
				}
			}
		}
	}
	for _, ps := range idx.bySurname {
		for _, p := range ps {
			if p.gender == 0 && p.votes[0]+p.votes[1] > 0 {
				if p.votes[0] > 2*p.votes[1] {
					p.gender = 'm'
				} else if p.votes[1] > 2*p.votes[0] {
					p.gender = 'f'
				}
			}
		}
	}
	return c
}

func qIsCapTok(body string, t news.Token) bool { return qIsCap(t, body) }

func (c *qDocCtx) link(role string, p *qPerson) {
	cl := qRoleClass[role]
	if cl == "" || p == nil {
		return
	}
	for _, q := range c.roles[cl] {
		if q == p {
			return
		}
	}
	c.roles[cl] = append(c.roles[cl], p)
}

// qSpeechSubject reports whether a speech verb follows position i closely,
// past adverbs, or past a comma-enclosed apposition or relative clause.
func qSpeechSubject(qToks []news.Token, i int) bool {
	if qSpeechAfter(qToks, i) {
		return true
	}
	if i < len(qToks) && qToks[i].Norm == "," {
		for k := i + 1; k < len(qToks) && k < i+14; k++ {
			if qToks[k].Norm == "," {
				return qSpeechAfter(qToks, k+1)
			}
			if qToks[k].Kind == news.Punct && qToks[k].Norm != "-" {
				return false
			}
		}
	}
	return false
}

// resolveRole returns the qPerson a definite description with head role
// stands for at pos: the last qPerson the document links to a role of
// its class, else the most mentioned qPerson before pos (the most recent
// on a tie) that qFits the gender.
func (c *qDocCtx) resolveRole(role string, pos int, gender byte) *qPerson {
	if ps := c.roles[qRoleClass[role]]; len(ps) > 0 {
		for i := len(ps) - 1; i >= 0; i-- {
			if qFits(ps[i], gender) {
				return ps[i]
			}
		}
	}
	counts := map[*qPerson]int{}
	lastAt := map[*qPerson]int{}
	for i, m := range c.mentions {
		if m.pos >= pos {
			break
		}
		if m.p != nil && m.p.evidence {
			counts[m.p]++
			lastAt[m.p] = i
		}
	}
	var best *qPerson
	for p, n := range counts {
		if !qFits(p, gender) {
			continue
		}
		if best == nil || n > counts[best] || n == counts[best] && lastAt[p] > lastAt[best] {
			best = p
		}
	}
	return best
}

func qFits(p *qPerson, gender byte) bool {
	return p != nil && (gender == 0 || p.gender == 0 || p.gender == gender)
}

// resolvePronoun finds the qPerson (he, she) or organization (they, it)
// a pronoun in sentence si stands for, looking back from pos.
func (c *qDocCtx) resolvePronoun(pn string, pos, si int) string {
	var gender byte
	switch pn {
	case "he":
		gender = 'm'
	case "she":
		gender = 'f'
	case "they", "it", "we":
		for i := len(c.mentions) - 1; i >= 0; i-- {
			m := c.mentions[i]
			if m.pos >= pos {
				continue
			}
			if m.sent < si-2 {
				break
			}
			if m.org && m.name != "" {
				return m.name
			}
		}
		return ""
	default:
		return ""
	}
	for s := si; s >= 0 && s >= si-5; s-- {
		var lastFit, speechFit string
		for _, m := range c.mentions {
			if m.sent != s || m.pos >= pos {
				continue
			}
			var name string
			switch {
			case m.role != "":
				if p := c.resolveRole(m.role, m.pos, gender); p != nil {
					name = p.canon
				}
			case m.p != nil && qFits(m.p, gender):
				name = m.p.canon
			}
			if name == "" {
				continue
			}
			lastFit = name
			if m.speech {
				speechFit = name
			}
		}
		if speechFit != "" {
			return speechFit
		}
		if lastFit != "" {
			return lastFit
		}
	}
	return ""
}

// qFtok is a token of a frame, or a quoted qStretch standing in its place.
type qFtok struct {
	news.Token
	q int // index of the qStretch, or -1
}

// qAttribute sets the speaker of every qStretch of a document.
func qAttribute(d *news.Document, di int, st []qStretch, idx *qNameIndex) {
	c := qNewDocCtx(d, di, idx)
	for i := range st {
		s := &st[i]
		frame, qi, a := c.frame(st, i)
		if np, dist, ok := qFindNP(frame, qi, i); ok {
			if sp, txt, ok := c.resolveNP(np, s.open, a); ok {
				s.speaker, s.speakerText, s.attributed, s.near = sp, txt, true, dist <= 8
			}
		}
	}
	// Stretches without their own attribution.
	for i := range st {
		s := &st[i]
		if s.attributed {
			continue
		}
		switch {
		case s.unclosed && i+1 < len(st) && st[i+1].para == s.para+1 && st[i+1].attributed:
			s.speaker, s.speakerText = st[i+1].speaker, st[i+1].speakerText
		case i > 0 && (st[i-1].para == s.para || st[i-1].unclosed && st[i-1].para == s.para-1) && st[i-1].speaker != "":
			s.speaker, s.speakerText = st[i-1].speaker, st[i-1].speakerText
			// A whole sentence quoted after a quote of the same speaker
			// is speech however short ("Send more.").
			if a, _ := qHolding(d, s.open, s.closeEnd); a < len(d.Sentences) && d.Sentences[a].Start == s.open && st[i-1].attributed {
				s.attributed, s.near = true, true
			}
		case i+1 < len(st) && st[i+1].para == s.para && st[i+1].attributed:
			s.speaker, s.speakerText = st[i+1].speaker, st[i+1].speakerText
		default:
			s.speaker, s.speakerText = c.nearbySpeaker(st, i)
		}
	}
}

// frame returns the tokens of the sentences qHolding qStretch i, with each
// qStretch replaced by one stand-in, the stand-in's index, and the first
// sentence's index.
func (c *qDocCtx) frame(st []qStretch, i int) ([]qFtok, int, int) {
	s := &st[i]
	a, b := qHolding(c.d, s.open, s.closeEnd)
	var f []qFtok
	qi := -1
	// Cues sit near the quote: the frame is the holding sentences' words
	// within qFrameWindow bytes of either mark, which keeps attribution
	// linear however long the sentence or the quote.
	winLo, winHi := s.open-qFrameWindow, s.closeEnd+qFrameWindow
	k := sort.Search(len(st), func(k int) bool { return st[k].closeEnd > winLo })
	add := func(t news.Token) {
		for k < len(st) && st[k].closeEnd <= t.Start {
			k++
		}
		in := -1
		if k < len(st) && t.Start >= st[k].open && t.End <= st[k].closeEnd {
			in = k
		}
		if in < 0 {
			f = append(f, qFtok{Token: t, q: -1})
			return
		}
		if n := len(f); n > 0 && f[n-1].q == in {
			return
		}
		if in == i {
			qi = len(f)
		}
		f = append(f, qFtok{Token: t, q: in})
	}
	for si := a; si < b; si++ {
		ts := c.d.Sentences[si].Tokens
		from := sort.Search(len(ts), func(j int) bool { return ts[j].Start >= winLo })
		for j := from; j < len(ts) && ts[j].End <= winHi; j++ {
			t := ts[j]
			if t.Start >= s.openEnd && t.End <= s.close && t.Start > s.open+qFrameWindow {
				// Inside this quote: one token stands for it; jump to its end.
				j = sort.Search(len(ts), func(j int) bool { return ts[j].Start >= s.close }) - 1
				continue
			}
			add(t)
		}
	}
	if qi < 0 { // a stretch without tokens (marks only): stand it first
		qi = 0
		f = append([]qFtok{{q: i}}, f...)
	}
	return f, qi, a
}

// qFrameWindow bounds how far from its marks a quote's attribution is
// looked for, in bytes.
const qFrameWindow = 400

// qFindNP finds the speaker phrase of the qStretch standing at f[qi] and
// the cue's distance from it.
func qFindNP(f []qFtok, qi, self int) ([]news.Token, int, bool) {
	type cand struct {
		np          []news.Token
		dist        int
		after, open bool
	}
	var best *cand
	for i := range f {
		t := f[i]
		if t.q >= 0 {
			continue
		}
		var np []news.Token
		switch {
		case qSpeechVerbs[t.Norm] || t.Norm == "read" || t.Norm == "reads":
			if (t.Norm == "read" || t.Norm == "reads") && !(i > 0 && f[i-1].q == self || i > 1 && f[i-2].q == self && f[i-1].Norm == ",") {
				continue
			}
			np = qPreNP(f, i)
			if len(np) == 0 && !strings.HasPrefix(t.Norm, "tell") && !strings.HasPrefix(t.Norm, "told") {
				np = qPostNP(f, i+1)
			}
		case t.Norm == "according" && i+1 < len(f) && f[i+1].Norm == "to":
			np = qPostNP(f, i+2)
		case t.Norm == ":" && i+1 < len(f) && f[i+1].q == self:
			np = qPreNP(f, i)
		default:
			continue
		}
		if len(np) == 0 {
			continue
		}
		dist := i - qi
		if dist < 0 {
			dist = -dist
		}
		// Another quote between the cue and this one: a weaker cue.
		lo, hi := min(i, qi), max(i, qi)
		for k := lo + 1; k < hi; k++ {
			if f[k].q >= 0 && f[k].q != self {
				dist += 20
				break
			}
		}
		cd := cand{np: np, dist: dist, after: i > qi}
		if best == nil || cd.dist < best.dist || cd.dist == best.dist && cd.after && !best.after {
			best = &cd
		}
	}
	if best == nil {
		return nil, 0, false
	}
	return best.np, best.dist, true
}

func qIsPronoun(norm string) bool {
	switch norm {
	case "he", "she", "they", "it", "we":
		return true
	}
	return false
}

func qNpWord(t qFtok, allowFn bool) bool {
	if t.q >= 0 || t.Kind == news.Punct {
		return false
	}
	if qSpeechVerbs[t.Norm] {
		return false
	}
	if text.IsStopword(t.Norm) {
		switch t.Norm {
		case "the", "a", "an", "of", "for", "from":
			return allowFn
		}
		return false
	}
	return true
}

// qPreNP is the noun phrase ending before the cue at i: its subject.
func qPreNP(f []qFtok, i int) []news.Token {
	j := i - 1
	for j >= 0 && f[j].q < 0 && (qPreVerbSkip[f[j].Norm] || f[j].Kind == news.Word && strings.HasSuffix(f[j].Norm, "ly") && !qIsCapWordNorm(f[j])) {
		j--
	}
	if j >= 0 && qIsPronoun(f[j].Norm) {
		return []news.Token{f[j].Token}
	}
	// "X, the envoy, said" / "X, who ..., said": step over the clause.
	if j >= 1 && f[j].Norm == "," {
		for k := j - 1; k >= 0 && k > j-16; k-- {
			if f[k].q >= 0 {
				break
			}
			if f[k].Norm == "," {
				if k+1 < j {
					switch f[k+1].Norm {
					case "who", "whose", "which", "the", "a", "an", "whom":
						j = k - 1
					default:
						if qRoleClass[f[j-1].Norm] != "" || qRoleClass[f[k+1].Norm] != "" {
							j = k - 1
						}
					}
				}
				break
			}
		}
	}
	end := j + 1
	for j >= 0 && end-j <= 9 && qNpWord(f[j], true) {
		j--
	}
	np := qToks(f[j+1 : end])
	for len(np) > 0 && (np[0].Norm == "of" || np[0].Norm == "for" || np[0].Norm == "from") {
		np = np[1:]
	}
	return np
}

// qIsCapWordNorm reports a word whose surface starts with an upper-case
// letter; the token's Norm is folded, so this reads the stem's shape via
// the span only when we have the body. Frames keep only tokens, so words
// ending in -ly are treated as adverbs unless they are known qTitles.
func qIsCapWordNorm(t qFtok) bool { return qTitles[t.Norm] }

// qPostNP is the noun phrase starting at i: "said X".
func qPostNP(f []qFtok, i int) []news.Token {
	if i < len(f) && qIsPronoun(f[i].Norm) {
		return []news.Token{f[i].Token}
	}
	j := i
	for j < len(f) && j-i < 9 && qNpWord(f[j], true) && !(j > i && qNotNames[f[j].Norm]) {
		j++
	}
	np := qToks(f[i:j])
	for len(np) > 0 && qNotNames[np[0].Norm] {
		np = np[1:]
	}
	for len(np) > 0 {
		switch np[len(np)-1].Norm {
		case "the", "a", "an", "of", "for", "from":
			np = np[:len(np)-1]
			continue
		}
		break
	}
	return np
}

func qToks(f []qFtok) []news.Token {
	out := make([]news.Token, len(f))
	for i := range f {
		out[i] = f[i].Token
	}
	return out
}

// resolveNP turns a speaker phrase into a canonical speaker and the text
// of the phrase; ok is false when the phrase names no one.
func (c *qDocCtx) resolveNP(np []news.Token, pos, si int) (string, string, bool) {
	body := c.d.Body
	txt := body[np[0].Start:np[len(np)-1].End]
	if len(np) == 1 && qIsPronoun(np[0].Norm) {
		return c.resolvePronoun(np[0].Norm, pos, si), txt, true
	}
	// "a statement from X", "a spokesman for X".
	for k := 1; k+1 < len(np); k++ {
		if n := np[k].Norm; n == "from" || n == "for" || n == "of" {
			agent := false
			for _, t := range np[:k] {
				if qAgentHeads[t.Norm] {
					agent = true
				}
			}
			if agent {
				if sp, _, ok := c.resolveNP(np[k+1:], pos, si); ok && sp != "" {
					return sp, txt, true
				}
			}
		}
	}
	// "X's spokesman".
	for k := 0; k+1 < len(np); k++ {
		if strings.HasSuffix(np[k].Norm, "'s") && qAgentHeads[np[len(np)-1].Norm] {
			owner := append([]news.Token(nil), np[:k+1]...)
			if sp, _, ok := c.resolveNP(owner, pos, si); ok && sp != "" {
				return sp, txt, true
			}
		}
	}
	rs := qRuns(body, np)
	// A run that ends the phrase is the name; one followed by role
	// words ("State Department spokesman Edgar Vasquez" has two qRuns,
	// the last is the speaker).
	if len(rs) > 0 {
		r := rs[len(rs)-1]
		if r.end == len(np) || len(rs) == 1 && !qHasRoleAfter(np, r.end) {
			name, _ := c.idx.canonName(body, r)
			if name != "" {
				return name, txt, true
			}
		}
	}
	// A role description.
	head := np[len(np)-1].Norm
	if qRoleClass[head] != "" {
		if np[0].Norm == "the" || len(rs) > 0 {
			if p := c.resolveLinked(head); p != nil {
				return p.canon, txt, true
			}
		}
		return "", txt, true
	}
	if qOrgWords[head] || head == "government" {
		// "the ministry": the document's organization with that head.
		for i := len(c.mentions) - 1; i >= 0; i-- {
			m := c.mentions[i]
			if m.org && m.pos < pos && strings.HasSuffix(text.Fold(m.name), head) {
				return m.name, txt, true
			}
		}
		if len(rs) > 0 {
			return c.idx.canonOrg(body, np[rs[0].start:]), txt, true
		}
		// The story's one organization with that head.
		found := ""
		for i, o := range c.idx.orgs {
			if len(o) > 1 && o[len(o)-1] == head {
				if found != "" && found != c.idx.canonOrgText(i) {
					return "", txt, true
				}
				found = c.idx.canonOrgText(i)
			}
		}
		return found, txt, true
	}
	if len(rs) > 0 {
		name, _ := c.idx.canonName(body, rs[len(rs)-1])
		return name, txt, name != ""
	}
	return "", "", false
}

func qHasRoleAfter(np []news.Token, i int) bool {
	for _, t := range np[i:] {
		if qRoleClass[t.Norm] != "" || qAgentHeads[t.Norm] {
			return true
		}
	}
	return false
}

// resolveLinked is the qPerson the text links to a role, by the role's
// class: the most recently linked one in this document.
func (c *qDocCtx) resolveLinked(role string) *qPerson {
	if ps := c.roles[qRoleClass[role]]; len(ps) > 0 {
		return ps[len(ps)-1]
	}
	return nil
}

// nearbySpeaker is the subject of a speech verb in the sentence before
// qStretch i (in its qParagraph or the one before), else in the sentence
// after it in its qParagraph.
func (c *qDocCtx) nearbySpeaker(st []qStretch, i int) (string, string) {
	s := &st[i]
	a, b := qHolding(c.d, s.open, s.closeEnd)
	try := func(si int) (string, string, bool) {
		if si < 0 || si >= len(c.d.Sentences) {
			return "", "", false
		}
		sent := &c.d.Sentences[si]
		if sent.Paragraph < s.para-1 || sent.Paragraph > s.para {
			return "", "", false
		}
		f := make([]qFtok, 0, len(sent.Tokens))
		k := sort.Search(len(st), func(k int) bool { return st[k].closeEnd > sent.Start })
		for _, t := range sent.Tokens {
			if len(f) > 200 {
				break
			}
			for k < len(st) && st[k].closeEnd <= t.Start {
				k++
			}
			if k < len(st) && t.Start >= st[k].open && t.End <= st[k].closeEnd {
				continue
			}
			f = append(f, qFtok{Token: t, q: -1})
		}
		for k := range f {
			if qSpeechVerbs[f[k].Norm] {
				if np := qPreNP(f, k); len(np) > 0 {
					if sp, txt, ok := c.resolveNP(np, sent.Start, si); ok && sp != "" {
						return sp, txt, true
					}
				}
			}
		}
		return "", "", false
	}
	if sp, txt, ok := try(a - 1); ok {
		return sp, txt
	}
	if b < len(c.d.Sentences) && c.d.Sentences[b].Paragraph == s.para {
		if sp, txt, ok := try(b); ok {
			return sp, txt
		}
	}
	return "", ""
}

var qAbbrevTitles = qSet(`mr mrs ms dr gen sen rep gov col lt capt sgt adm maj prof rev st`)

// qAppositionRole is the role word of an apposition after a name ending
// at token i ("Name, the U.N. envoy," or "Name, a spokesman for X,"), or "".
func qAppositionRole(ts []news.Token, i int, body string) string {
	if i+1 >= len(ts) || ts[i].Norm != "," {
		return ""
	}
	for k := i + 1; k < len(ts) && k < i+9; k++ {
		t := ts[k]
		if t.Kind == news.Punct {
			if (t.Norm == "," || t.Norm == "." || t.Norm == ";") && qRoleClass[ts[k-1].Norm] != "" {
				return ts[k-1].Norm
			}
			return ""
		}
		if k == i+1 && t.Norm != "the" && t.Norm != "a" && t.Norm != "an" && !qIsCap(t, body) && qRoleClass[t.Norm] == "" {
			return ""
		}
		if (t.Norm == "of" || t.Norm == "for" || t.Norm == "at") && qRoleClass[ts[k-1].Norm] != "" {
			return ts[k-1].Norm
		}
	}
	return ""
}

// canonOrgText is the canonical name of the story's i-th organization.
func (idx *qNameIndex) canonOrgText(i int) string {
	best, n := idx.orgText[i], len(idx.orgs[i])
	for j, o := range idx.orgs {
		if len(o) > n && qEqualTail(o, idx.orgs[i]) {
			best, n = idx.orgText[j], len(o)
		}
	}
	return best
}
