package cluster

import (
	"fmt"
	"math"
	"slices"
	"sort"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// Options tune a [Clusterer]. The zero value gives the defaults, which were
// chosen once for all topics (see the package documentation).
type Options struct {
	// Threshold is the similarity at which an article joins a story
	// (cosine of weighted features, after the same-outlet penalty).
	// Default 0.3.
	Threshold float64
	// Window is how long a story may go quiet and still take articles:
	// a story whose last article is older than Window, by the dates of the
	// stream, is forgotten. Default 7 days. Undated articles do not move
	// the clock.
	Window time.Duration
	// MaxStories bounds the stories kept at once, for streams without
	// dates: beyond it the story quiet for the longest is forgotten.
	// Default 200,000.
	MaxStories int
	// NameWeight and NumberWeight scale names and figures against words.
	// Defaults 2 and 0.5: a figure is weaker evidence than a name, as
	// the same counts and years recur in unrelated reports.
	NameWeight, NumberWeight float64
	// SpecificWeight is the share of names and figures in the
	// similarity, against words. Default 0.5.
	SpecificWeight float64
	// SameOutletPenalty is taken off the similarity of a story that
	// already has an article of the same outlet: an outlet rarely reports
	// one event twice in a day, while it often reports two events of the
	// same kind. Default 0.05.
	SameOutletPenalty float64
	// Candidates is how many of an article's heaviest features are looked
	// up in the index to find the stories worth scoring. Default 12.
	Candidates int
	// AbsorbSize and AbsorbMin: when a stream settles (see
	// [Clusterer.Settle]; a batch settles at its end), a story of at most
	// AbsorbSize articles joins the most similar story at least twice its
	// size, if their similarity is at least AbsorbMin. Defaults 3 and
	// 0.2; a negative AbsorbSize turns it off.
	AbsorbSize int
	AbsorbMin  float64
	// Scored is how many of the candidate stories, those that share the
	// most of the article's heaviest features, are compared with it in
	// full. Default 32.
	Scored int
	// StoryFeatures is how many features a story's centroid keeps.
	// Default 200.
	StoryFeatures int
	// Forgotten, if set, is given the view of each story as it is
	// forgotten: a stream's stories that are over, for a caller that keeps
	// them (the Clusterer keeps only the live ones).
	Forgotten func(Story)
}

func (o Options) withDefaults() Options {
	if o.Threshold == 0 {
		o.Threshold = 0.3
	}
	if o.Window == 0 {
		o.Window = 7 * 24 * time.Hour
	}
	if o.MaxStories == 0 {
		o.MaxStories = 200_000
	}
	if o.NameWeight == 0 {
		o.NameWeight = 2
	}
	if o.NumberWeight == 0 {
		o.NumberWeight = 0.5
	}
	if o.SpecificWeight == 0 {
		o.SpecificWeight = 0.5
	}
	if o.SameOutletPenalty == 0 {
		o.SameOutletPenalty = 0.05
	}
	if o.Candidates == 0 {
		o.Candidates = 12
	}
	if o.AbsorbSize == 0 {
		o.AbsorbSize = 3
	}
	if o.AbsorbMin == 0 {
		o.AbsorbMin = 0.2
	}
	if o.Scored == 0 {
		o.Scored = 32
	}
	if o.StoryFeatures == 0 {
		o.StoryFeatures = 200
	}
	return o
}

// Assignment is where one article went.
type Assignment struct {
	ArticleID string
	Story     string  // the story's ID
	New       bool    // the article started the story
	Score     float64 // similarity to the story it joined; 0 for a new story
	// CopyOf is the first article of the story with the same text, when
	// the article is an exact copy of one.
	CopyOf string
	// Warning says what was odd about the article (no text, an absurd
	// date), if anything.
	Warning string
}

// Clusterer groups a stream of articles into stories, one article at a
// time. It is deterministic for a given order and options, and not safe
// for concurrent use.
type Clusterer struct {
	opt     Options
	dict    map[uint64]*entry // by feature id
	docs    float64           // documents counted in the document frequencies
	seq     int64             // articles added
	now     time.Time
	live    map[int]*story
	index   map[uint64][]int // feature id -> numbers of stories whose centroid has it among its heaviest
	exact   map[uint64]int   // hash of an article's words -> story number
	nextNum int
	dead    int         // index entries of forgotten stories not yet swept
	entries int         // index entries in all
	marks   []clockMark // the stream's clock every 1,024 articles, over the last window
	hits    map[int]int // scratch of bestStory
	cands   []int       // scratch of bestStory
}

// clockMark is the stream's clock and article count at one moment.
type clockMark struct {
	at  time.Time
	seq int64
}

// entry is a feature of the dictionary: its document frequency and when
// it was last seen (an article sequence number), so that
// features not seen for a window can be forgotten.
type entry struct {
	df   float64
	seen int64
}

type story struct {
	num      int
	id       string
	centroid []centroidFeature // sum of the members' vectors, sorted by id
	vec      vector            // centroid, cut to its heaviest features, unit length
	indexed  map[uint64]bool
	size     int
	outlets  map[string]int
	first    time.Time
	last     time.Time
	lastSeq  int64
	members  []member
	firstSeq int64
	dead     bool
}

// member is an article of a story, as the story view shows it.
type member struct {
	id, title string
	lead      string  // the lead sentence, kept only when there is no title
	fit       float64 // similarity to the story when it joined
	hash      uint64  // of its text; 0 if too short to hash
}

// New returns an empty Clusterer.
func New(opt Options) *Clusterer {
	return &Clusterer{
		opt:   opt.withDefaults(),
		dict:  map[uint64]*entry{},
		live:  map[int]*story{},
		index: map[uint64][]int{},
		exact: map[uint64]int{},
	}
}

// Prepared is an article's features, read from its text. Preparing is
// the costly part of adding an article and needs no state, so a stream can
// prepare articles on several cores ahead of adding them in order.
type Prepared struct {
	cnt    []featureCount
	hash   uint64
	hashed bool
	primed bool
}

// Prepare reads a's features.
func Prepare(a *news.Article) Prepared {
	cnt, h, ok := extract(a)
	return Prepared{cnt: cnt, hash: h, hashed: ok}
}

// Prime counts a prepared article in the document frequencies without
// clustering it. A batch run primes with every article first, so that the
// first articles of the stream are weighed as well as the last; a live
// stream learns the frequencies as it goes. A primed article is not
// counted again when it is added.
func (c *Clusterer) Prime(p *Prepared) {
	if !p.primed {
		c.observe(p.cnt)
		p.primed = true
	}
}

func (c *Clusterer) observe(cnt []featureCount) {
	c.docs++
	for _, f := range cnt {
		c.entry(f.id).df++
	}
}

// entry is the dictionary entry of feature id, added if new, marked seen
// now.
func (c *Clusterer) entry(id uint64) *entry {
	e := c.dict[id]
	if e == nil {
		e = &entry{}
		c.dict[id] = e
	}
	e.seen = c.seq
	return e
}

// priorDocs is a number of unrelated articles the document frequencies
// count as if they had been seen, none with the feature: in a pile of four
// reports of one event every word they share is in every article, and
// without the prior its weight would be nil exactly where it matters. On
// a stream of thousands it makes no difference.
const priorDocs = 50

// weigh turns counts into a unit vector: sublinear term frequency times
// inverse document frequency, names and numbers scaled by their weights.
// Unless primed, the counts are first added to the document frequencies,
// in the same pass.
func (c *Clusterer) weigh(cnt []featureCount, primed bool) vector {
	if !primed {
		c.docs++
	}
	v := make(vector, 0, len(cnt))
	for _, f := range cnt {
		var e *entry
		if primed {
			if e = c.dict[f.id]; e == nil {
				continue
			}
			e.seen = c.seq
		} else {
			e = c.entry(f.id)
			e.df++
		}
		w := (1 + math.Log(f.n)) * math.Log((c.docs+priorDocs+1)/(e.df+0.5))
		switch f.kind {
		case nameFeature:
			w *= c.opt.NameWeight
		case numberFeature:
			w *= c.opt.NumberWeight
		}
		if w <= 0 {
			continue
		}
		v = append(v, feature{id: f.id, w: float32(w), specific: f.kind != termFeature})
	}
	v.normalize()
	return v
}

// Add assigns a to the story it best fits, or to a new story.
func (c *Clusterer) Add(a *news.Article) Assignment {
	return c.AddPrepared(a, Prepare(a))
}

// AddPrepared is Add for an article already prepared.
func (c *Clusterer) AddPrepared(a *news.Article, p Prepared) Assignment {
	c.seq++
	as := Assignment{ArticleID: a.ID}
	date := a.Published
	if !date.IsZero() && (date.Year() < 1900 || (!c.now.IsZero() && date.After(c.now.Add(366*24*time.Hour)))) {
		as.Warning = fmt.Sprintf("absurd date %s ignored", date.Format(time.RFC3339))
		date = time.Time{}
	}
	if !date.IsZero() && date.After(c.now) {
		c.now = date
	}
	c.expire()

	v := c.weigh(p.cnt, p.primed)
	if len(v) == 0 && as.Warning == "" {
		as.Warning = "no text to compare: a story of its own"
	}

	var best *story
	h, hashed := p.hash, p.hashed
	if hashed {
		if n, ok := c.exact[h]; ok && c.live[n] != nil {
			best = c.live[n]
			as.CopyOf = best.copyOf(h)
			as.Score = 1
		}
	}
	if best == nil && len(v) > 0 {
		best, as.Score = c.bestStory(a, v, date)
	}
	if best == nil {
		best = c.newStory()
		as.New = true
		as.Score = 0
	}
	as.Story = best.id
	if !hashed {
		h = 0
	}
	c.join(best, a, v, h, date)
	if hashed {
		if _, ok := c.exact[h]; !ok {
			c.exact[h] = best.num
		}
	}
	return as
}

// bestStory finds the candidate stories through the index and scores
// them; nil when none reaches the threshold.
func (c *Clusterer) bestStory(a *news.Article, v vector, date time.Time) (*story, float64) {
	// Stories are ranked by how many of the article's heaviest features
	// point to them, and only the best ranked are scored in full: a story
	// that shares one common word with the article is not worth a
	// comparison.
	if c.hits == nil {
		c.hits = map[int]int{}
	}
	hits := c.hits
	clear(hits)
	most := 0
	for _, id := range v.top(c.opt.Candidates) {
		for _, n := range c.index[id] {
			hits[n]++
			most = max(most, hits[n])
		}
	}
	// Only the stories that share the most features, down to half the
	// best count, are ranked; the rest could not make the cut.
	cands := c.cands[:0]
	for n, h := range hits {
		if 2*h >= most {
			cands = append(cands, n)
		}
	}
	c.cands = cands
	slices.SortFunc(cands, func(x, y int) int {
		if hits[x] != hits[y] {
			return hits[y] - hits[x]
		}
		return y - x // the newer story first
	})
	var best *story
	bestScore := c.opt.Threshold
	scored := 0
	for _, n := range cands {
		if scored == c.opt.Scored {
			break
		}
		s := c.live[n]
		if s == nil || s.dead {
			continue
		}
		if !date.IsZero() && !s.last.IsZero() && date.Sub(s.last) > c.opt.Window {
			continue // a late article does not revive a story that went quiet long before it
		}
		scored++
		score := c.similarity(v, s.vec)
		if a.Outlet != "" && s.outlets[a.Outlet] > 0 {
			score -= c.opt.SameOutletPenalty
		}
		if score > bestScore || (score == bestScore && best != nil && n < best.num) {
			best, bestScore = s, score
		}
	}
	if best == nil {
		return nil, 0
	}
	return best, bestScore
}

// similarity of an article's vector to a story's: the general cosine
// (what kind of event) and the specific one (which event) mixed by
// SpecificWeight. Without names or figures on one side there is nothing
// specific to compare, and the general cosine decides alone.
func (c *Clusterer) similarity(a, b vector) float64 {
	g, sp := dot(a, b)
	if !a.hasSpecific() || !b.hasSpecific() {
		return g
	}
	return (1-c.opt.SpecificWeight)*g + c.opt.SpecificWeight*sp
}

func (c *Clusterer) newStory() *story {
	c.nextNum++
	s := &story{
		num:     c.nextNum,
		id:      fmt.Sprintf("s%06d", c.nextNum),
		indexed: map[uint64]bool{},
		outlets: map[string]int{},
	}
	c.live[s.num] = s
	return s
}

// join adds an article to s: its vector to the centroid, its heaviest
// features to the index.
func (c *Clusterer) join(s *story, a *news.Article, v vector, hash uint64, date time.Time) {
	s.size++
	s.lastSeq = c.seq
	if a.Outlet != "" {
		s.outlets[a.Outlet]++
	}
	if !date.IsZero() {
		if s.first.IsZero() || date.Before(s.first) {
			s.first = date
		}
		if date.After(s.last) {
			s.last = date
		}
	}
	if s.firstSeq == 0 {
		s.firstSeq = c.seq
	}
	s.centroid = mergeCentroid(s.centroid, v, c.opt.StoryFeatures)
	s.vec = s.vec[:0]
	for _, f := range s.centroid {
		s.vec = append(s.vec, feature{id: f.id, w: float32(f.w), specific: f.specific})
	}
	s.vec.normalize()
	g, sp := dot(v, s.vec)
	m := member{id: a.ID, title: a.Title, fit: g + sp, hash: hash}
	if m.title == "" {
		m.lead = leadSentence(a.Body)
	}
	s.members = append(s.members, m)
	// The article's heaviest features point to the story from now on: the
	// words a later report of the same event will most likely share.
	for _, id := range v.top(2 * c.opt.Candidates) {
		if !s.indexed[id] {
			s.indexed[id] = true
			c.index[id] = append(c.index[id], s.num)
			c.entries++
		}
	}
}

// centroidFeature is a feature of a story's centroid.
type centroidFeature struct {
	id       uint64
	specific bool
	w        float64
}

// mergeCentroid adds v to the centroid cen (both sorted by id). When the
// centroid grows past twice keep features, it is cut to its keep heaviest,
// so that a large story costs no more than a small one; what is cut
// weighed least.
func mergeCentroid(cen []centroidFeature, v vector, keep int) []centroidFeature {
	out := make([]centroidFeature, 0, len(cen)+len(v))
	i, j := 0, 0
	for i < len(cen) || j < len(v) {
		switch {
		case j == len(v) || (i < len(cen) && cen[i].id < v[j].id):
			out = append(out, cen[i])
			i++
		case i == len(cen) || v[j].id < cen[i].id:
			out = append(out, centroidFeature{id: v[j].id, specific: v[j].specific, w: float64(v[j].w)})
			j++
		default:
			f := cen[i]
			f.w += float64(v[j].w)
			out = append(out, f)
			i++
			j++
		}
	}
	if len(out) <= 2*keep {
		return out
	}
	ws := make([]float64, len(out))
	for k, f := range out {
		ws[k] = f.w
	}
	slices.Sort(ws)
	min := ws[len(ws)-keep]
	kept := out[:0]
	for _, f := range out {
		if f.w >= min && len(kept) < keep {
			kept = append(kept, f)
		}
	}
	return kept
}

// expire forgets the stories that went quiet longer than the window ago,
// and the stories beyond MaxStories; their index entries are swept once
// they make up half of the index.
func (c *Clusterer) expire() {
	// Stories are checked in order of their last article only when the
	// clock moved or the cap is passed; a scan of every live story costs
	// little against the articles that had to arrive meanwhile.
	if c.seq%1024 != 0 && len(c.live) <= c.opt.MaxStories {
		return
	}
	if !c.now.IsZero() {
		c.marks = append(c.marks, clockMark{c.now, c.seq})
		for len(c.marks) > 1 && !c.marks[1].at.After(c.now.Add(-c.opt.Window)) {
			c.marks = c.marks[1:]
		}
	}
	var quiet []*story
	for _, s := range c.live {
		if !c.now.IsZero() && !s.last.IsZero() && c.now.Sub(s.last) > c.opt.Window {
			c.forget(s)
			continue
		}
		quiet = append(quiet, s)
	}
	if over := len(quiet) - c.opt.MaxStories; over > 0 {
		sort.Slice(quiet, func(i, j int) bool { return quiet[i].lastSeq < quiet[j].lastSeq })
		for _, s := range quiet[:over] {
			c.forget(s)
		}
	}
	if (c.dead > 0 && c.dead*2 > c.entries) || c.seq%(1<<16) == 0 {
		c.sweep()
	}
}

func (c *Clusterer) forget(s *story) {
	if c.opt.Forgotten != nil {
		c.opt.Forgotten(s.view())
	}
	s.dead = true
	delete(c.live, s.num)
	c.dead += len(s.indexed)
	for _, m := range s.members {
		if m.hash != 0 && c.exact[m.hash] == s.num {
			delete(c.exact, m.hash)
		}
	}
	s.centroid, s.indexed, s.vec, s.members = nil, nil, nil, nil
}

// sweep drops forgotten stories from the index and features no live story
// holds and no article has shown for a window from the dictionary.
func (c *Clusterer) sweep() {
	c.entries = 0
	for id, l := range c.index {
		keep := l[:0]
		for _, n := range l {
			if c.live[n] != nil {
				keep = append(keep, n)
			}
		}
		c.entries += len(keep)
		if len(keep) == 0 {
			delete(c.index, id)
		} else {
			c.index[id] = keep
		}
	}
	c.dead = 0
	held := map[uint64]bool{}
	for _, s := range c.live {
		for _, f := range s.centroid {
			held[f.id] = true
		}
	}
	// A feature no article has shown for a window (or, in an undated
	// stream, since the oldest live story began) weighs in no comparison
	// to come but its own, and is forgotten; its document frequency
	// starts again if it comes back.
	var horizon int64
	if len(c.marks) > 0 && !c.marks[0].at.After(c.now.Add(-c.opt.Window)) {
		horizon = c.marks[0].seq
	} else if c.now.IsZero() {
		horizon = c.seq
		for _, s := range c.live {
			horizon = min(horizon, s.firstSeq)
		}
	}
	for id, e := range c.dict {
		if e.seen < horizon && !held[id] {
			delete(c.dict, id)
		}
	}
}

// copyOf is the first article of s with text hash h.
func (s *story) copyOf(h uint64) string {
	for _, m := range s.members {
		if m.hash == h {
			return m.id
		}
	}
	return ""
}

// leadSentence is the first line of the body that reads as prose (six
// words or more, not a link), cut to its first sentence and to 200 bytes:
// the story's title when no article has a headline.
func leadSentence(body string) string {
	lines := strings.Split(strings.TrimSpace(body), "\n")
	body = strings.TrimSpace(lines[0])
	for _, line := range lines {
		line = strings.TrimSpace(line)
		if len(strings.Fields(line)) >= 6 && !strings.HasPrefix(line, "http") {
			body = line
			break
		}
	}
	for i := 0; i+1 < len(body); i++ {
		if (body[i] == '.' || body[i] == '!' || body[i] == '?') && body[i+1] == ' ' && i > 40 {
			body = body[:i+1]
			break
		}
	}
	if len(body) > 200 {
		cut := strings.LastIndexByte(body[:200], ' ')
		if cut < 100 {
			cut = 200
			for cut > 0 && !utf8.RuneStart(body[cut]) {
				cut--
			}
		}
		body = strings.TrimSpace(body[:cut]) + "…"
	}
	return body
}
