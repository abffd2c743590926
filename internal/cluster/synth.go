package cluster

import (
	"math"
	"math/rand/v2"
	"strconv"
	"strings"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
)

// SynthOptions configure a synthetic stream. Zero values take defaults.
//
// The stream exists to test story clustering at scale: a million
// articles with the gold story of each, made up on the fly, so that the
// clusterer's speed, memory and accuracy can be measured without a
// labelled corpus of that size.
type SynthOptions struct {
	Articles   int       // articles in the stream (default 10000)
	Seed       int64     // the stream is a pure function of its options
	Vocabulary int       // invented background words (default 50000, at least 200), Zipf-distributed (s = 1.1)
	Words      int       // mean words per article body (default 150, at least 10; a full name counts as one)
	Outlets    int       // number of invented outlets (default 40, at least 2)
	Start      time.Time // date of the first story (default 2026-01-01 UTC)
	Rate       float64   // mean articles per hour (default 400)

	// Topical is the share of an article's words drawn from its story's
	// topical words, names and numbers (default 0.35); the rest are
	// background words.
	Topical float64
	// Twins is the share of stories that reuse the topical words of an
	// earlier story but have names and numbers of their own (two
	// different earthquakes) (default 0.2; negative for none). Half the
	// twins copy one of the last 512 topics (hours before, often while
	// the first story still runs), half one of a uniform sample of all
	// earlier topics (weeks before).
	Twins float64
	// Wire is the chance that an article after a story's first is a wire
	// copy: the body of the story's last original article re-published
	// by another outlet under another title (default 0.05; negative for
	// none).
	Wire float64
	// StoryTail is the exponent a of the story sizes, P(size ≥ k) = k^-a
	// (default 1.2: more than half the stories have one article, mean
	// size about 4.3, about one in a hundred has 50 or more).
	StoryTail float64
	// MaxStory is the largest story size (default 1000).
	MaxStory int
}

// SynthStory describes a gold story, for tests and evaluations that need
// more than its label (which story a twin copies, what its words are).
type SynthStory struct {
	ID string
	// Kind numbers the topic: a twin has the kind of the story it
	// copies, TwinOf is that story's ID ("" for an original story).
	Kind   int
	TwinOf string
	// Topic are the story's topical words, most frequent first; twins of
	// one kind share them.
	Topic []string
	// Names are the people ("First Last") and places of the story;
	// Numbers are the figures it reports. A twin has its own.
	Names   []string
	Numbers []string
	// Size is the number of articles planned for the story (fewer when
	// the stream ends first); Start is the date of its first article.
	Size  int
	Start time.Time
}

// Synth generates a synthetic news stream (see SynthOptions).
//
// Stories start as a Poisson process; each is a burst whose articles
// come at the order statistics of exponential offsets from its start
// (dense at first, thinning over hours to days), and a heap merges the
// bursts into date order. A story is dropped after its last article, so
// memory is O(vocabulary + active stories), never O(articles). The
// expected number of active stories is about the story start rate times
// the mean story duration, whatever the number of articles: about 1050
// at the defaults (Rate 400), peaking near 1200 over a million articles;
// it scales with Rate. TestSynthActiveBounded holds it under 1500.
//
// A Synth is not safe for concurrent use.
type Synth struct {
	opt SynthOptions
	r   *rand.Rand

	vocab   []string
	words   [][synWordMax]byte // vocab, padded for appendVocab
	wordLen []uint8
	inVocab map[string]struct{}
	topical uint32    // opt.Topical scaled to 2^32
	bg      synAlias  // Zipf over vocab ranks
	topCDF  []float64 // cumulative Zipf weights over topic positions
	outlets []synOutlet
	outCDF  []float64

	heap      []*synStory
	nextStart float64 // seconds since Start
	startGap  float64 // mean seconds between story starts
	stories   int     // stories started
	kinds     int     // kinds made
	emitted   int     // articles returned

	recent    []*synKind // the last synRecentKinds kinds, a ring
	recentPos int
	older     []*synKind // a reservoir sample of all kinds
	oldSeen   int

	cur    *synStory // story of the last article
	copyOf string    // ID of the article the last article copies

	buf []byte
}

// outlet is an invented news outlet.
type synOutlet struct{ name, domain string }

// kind is a topic: the topical words that a story and its twins share.
type synKind struct {
	id     int
	origin string   // ID of the story that made it
	topic  []int32  // vocabulary ranks, most frequent in the story first
	names  []string // the origin's name words, which twins avoid
}

// story is an active story: what its articles draw on and when its next
// article is due.
type synStory struct {
	id      string
	kind    *synKind
	twinOf  string
	names   []synName
	numbers []string
	size    int
	emitted int
	start   float64 // seconds since Start
	next    float64 // date of the next article, seconds since Start
	tau     float64 // mean offset of its articles from start, seconds
	used    []uint64
	last    string // body of its last original article, for wire copies
	lastID  string
}

// name is a person (first and last) or a place (last only).
type synName struct{ first, last string }

func (n synName) String() string {
	if n.first == "" {
		return n.last
	}
	return n.first + " " + n.last
}

const (
	synRecentKinds = 512 // kinds a twin most often copies: the last few hours'
	synOlderKinds  = 512 // and a sample of all earlier ones
	synMaxTopic    = 40
	synMinTopic    = 20
	synWordMax     = 16 // longest invented word: 3 syllables of 4 letters and a coda of 2
)

// NewSynth returns a generator of the stream that opt describes.
func NewSynth(opt SynthOptions) *Synth {
	if opt.Articles <= 0 {
		opt.Articles = 10000
	}
	if opt.Vocabulary <= 0 {
		opt.Vocabulary = 50000
	}
	opt.Vocabulary = max(opt.Vocabulary, 200)
	if opt.Words <= 0 {
		opt.Words = 150
	}
	opt.Words = max(opt.Words, 10)
	if opt.Outlets <= 0 {
		opt.Outlets = 40
	}
	opt.Outlets = max(opt.Outlets, 2)
	if opt.Start.IsZero() {
		opt.Start = time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	if opt.Rate <= 0 {
		opt.Rate = 400
	}
	if opt.Topical <= 0 {
		opt.Topical = 0.35
	}
	opt.Topical = min(opt.Topical, 1)
	if opt.Twins == 0 {
		opt.Twins = 0.2
	}
	opt.Twins = min(max(opt.Twins, 0), 1)
	if opt.Wire == 0 {
		opt.Wire = 0.05
	}
	opt.Wire = min(max(opt.Wire, 0), 1)
	if opt.StoryTail <= 0 {
		opt.StoryTail = 1.2
	}
	if opt.MaxStory <= 0 {
		opt.MaxStory = 1000
	}

	s := &Synth{
		opt: opt,
		r:   rand.New(rand.NewPCG(uint64(opt.Seed), 0x9e3779b97f4a7c15)),
	}
	s.topical = uint32(min(opt.Topical*(1<<32), 1<<32-1))
	s.makeVocabulary()
	w := make([]float64, opt.Vocabulary)
	for i := range w {
		w[i] = math.Pow(float64(i+1), -1.1)
	}
	s.bg = newSynAlias(w)
	s.topCDF = make([]float64, synMaxTopic)
	sum := 0.0
	for i := range s.topCDF {
		sum += 1 / float64(i+1)
		s.topCDF[i] = sum
	}
	s.makeOutlets()

	// Mean story size under the truncated power law, so that stories
	// start often enough for opt.Rate articles an hour.
	a, m := opt.StoryTail, opt.MaxStory
	c := math.Pow(float64(m+1), -a)
	mean := 0.0
	for k := 1; k <= m; k++ {
		mean += (math.Pow(float64(k), -a) - c) / (1 - c)
	}
	s.startGap = 3600 * mean / opt.Rate
	return s
}

// Active returns the number of stories that have started and not yet
// published their last article: the generator's memory beyond its
// vocabulary.
func (s *Synth) Active() int { return len(s.heap) }

// Story describes the story of the article that Next returned last.
func (s *Synth) Story() SynthStory {
	st := s.cur
	if st == nil {
		return SynthStory{}
	}
	info := SynthStory{
		ID:      st.id,
		Kind:    st.kind.id,
		TwinOf:  st.twinOf,
		Topic:   make([]string, len(st.kind.topic)),
		Numbers: append([]string(nil), st.numbers...),
		Size:    st.size,
		Start:   s.date(st.start),
	}
	for i, w := range st.kind.topic {
		info.Topic[i] = s.vocab[w]
	}
	for _, n := range st.names {
		info.Names = append(info.Names, n.String())
	}
	return info
}

// CopyOf returns the ID of the article that the article Next returned
// last is a wire copy of, "" when it is an original.
func (s *Synth) CopyOf() string { return s.copyOf }

// Next returns the next article in date order and the gold story it
// belongs to; ok is false after the last.
func (s *Synth) Next() (a news.Article, story string, ok bool) {
	if s.emitted >= s.opt.Articles {
		s.cur, s.copyOf = nil, ""
		return news.Article{}, "", false
	}
	for len(s.heap) == 0 || s.nextStart <= s.heap[0].next {
		s.push(s.newStory(s.nextStart))
		s.nextStart += s.r.ExpFloat64() * s.startGap
	}
	st := s.heap[0]
	s.emitted++
	a = s.article(st)
	st.emitted++
	if st.emitted >= st.size {
		s.pop()
		st.last = ""
	} else {
		st.next += s.r.ExpFloat64() * st.tau / float64(st.size-st.emitted)
		s.down(0)
	}
	s.cur = st
	return a, st.id, true
}

// date converts seconds since Start to a time, to the second.
func (s *Synth) date(sec float64) time.Time {
	return s.opt.Start.Add(time.Duration(math.Floor(sec)) * time.Second)
}

// article writes st's next article.
func (s *Synth) article(st *synStory) news.Article {
	r := s.r
	o := s.pickOutlet(st)
	id := "syn-" + synPad(s.emitted-1, 9)
	var body string
	s.copyOf = ""
	if st.last != "" && r.Float64() < s.opt.Wire {
		body = st.last
		if r.IntN(3) == 0 { // cut the last paragraph, as outlets do
			if i := strings.LastIndex(body, "\n\n"); i > 0 {
				body = body[:i]
			}
		}
		s.copyOf = st.lastID
	} else {
		body = s.body(st)
		if st.emitted+1 < st.size {
			st.last, st.lastID = body, id
		}
	}
	title := s.title(st)
	date := s.date(st.next)
	return news.Article{
		ID:        id,
		Outlet:    s.outlets[o].name,
		Domain:    s.outlets[o].domain,
		URL:       "https://" + s.outlets[o].domain + date.Format("/2006/01/02/") + id,
		Title:     title,
		Published: date,
		Body:      body,
	}
}

// body writes an article body: paragraphs of one to four sentences of 8
// to 24 words.
func (s *Synth) body(st *synStory) string {
	r := s.r
	n := s.opt.Words/2 + r.IntN(s.opt.Words+1)
	b := s.buf[:0]
	words := 0
	for words < n {
		if len(b) > 0 {
			b = append(b, "\n\n"...)
		}
		for k := range 1 + r.IntN(4) {
			if words >= n {
				break
			}
			if k > 0 {
				b = append(b, ' ')
			}
			m := 8 + r.IntN(17)
			for j := range m {
				// One draw decides the word: the low 32 bits whether it
				// is the story's, the top 4 a comma before it, the rest
				// which of the story's words.
				u := r.Uint64()
				if j > 0 {
					if u>>60 == 0 && j < m-1 {
						b = append(b, ',')
					}
					b = append(b, ' ')
				}
				if uint32(u) < s.topical {
					b = s.appendStoryWord(b, st, j == 0, u>>32&(1<<28-1))
				} else {
					b = s.appendVocab(b, s.bg.sample(r), j == 0)
				}
			}
			b = append(b, '.')
			words += m
		}
	}
	s.buf = b
	return string(b)
}

// title writes a headline: five to eleven words, most of them the
// story's.
func (s *Synth) title(st *synStory) string {
	r := s.r
	b := s.buf[:0]
	for j := range 5 + r.IntN(7) {
		if j > 0 {
			b = append(b, ' ')
		}
		if u := r.Uint64(); u%5 < 3 {
			b = s.appendStoryWord(b, st, j == 0, u>>32&(1<<28-1))
		} else {
			b = s.appendVocab(b, s.bg.sample(r), j == 0)
		}
	}
	s.buf = b
	return string(b)
}

// appendVocab appends the vocabulary word of rank i, with its first
// letter upper case if capital. Words are stored padded to 16 bytes so
// that the copy is two moves rather than a call to memmove.
func (s *Synth) appendVocab(b []byte, i int, capital bool) []byte {
	l := len(b)
	if cap(b)-l < synWordMax {
		b = append(b, make([]byte, synWordMax)...)
	}
	b = b[:l+synWordMax]
	*(*[synWordMax]byte)(b[l:]) = s.words[i]
	if capital {
		b[l] -= 'a' - 'A'
	}
	return b[:l+int(s.wordLen[i])]
}

// appendStoryWord appends one of st's words, chosen by 28 random bits:
// three in four a topical word (Zipf over the topic), one in five a
// name, the rest numbers.
func (s *Synth) appendStoryWord(b []byte, st *synStory, capital bool, bits uint64) []byte {
	choice, rest := (bits&0xff)*20>>8, bits>>8 // rest: 20 bits
	switch {
	case choice < 15:
		t := st.kind.topic
		x := float64(rest) / (1 << 20) * s.topCDF[len(t)-1]
		i := 0
		for s.topCDF[i] < x {
			i++
		}
		return s.appendVocab(b, int(t[i]), capital)
	case choice < 19:
		n := st.names[(rest&0xffff)*uint64(len(st.names))>>16]
		if n.first != "" && rest>>19 != 0 {
			b = append(b, n.first...)
			b = append(b, ' ')
		}
		return append(b, n.last...)
	default:
		return append(b, st.numbers[(rest&0xffff)*uint64(len(st.numbers))>>16]...)
	}
}

// synAppendCap appends w, with its first letter upper case if capital.
func synAppendCap(b []byte, w string, capital bool) []byte {
	if !capital {
		return append(b, w...)
	}
	b = append(b, w[0]-'a'+'A')
	return append(b, w[1:]...)
}

// newStory starts a story at start (seconds since Start).
func (s *Synth) newStory(start float64) *synStory {
	r := s.r
	st := &synStory{
		id:    "story-" + synPad(s.stories, 7),
		start: start,
		next:  start,
		used:  make([]uint64, (s.opt.Outlets+63)/64),
	}
	s.stories++
	// Size: P(size ≥ k) = k^-a, redrawn above MaxStory.
	for {
		u := 1 - r.Float64() // (0, 1]
		k := math.Floor(math.Pow(u, -1/s.opt.StoryTail))
		if k <= float64(s.opt.MaxStory) {
			st.size = int(k)
			break
		}
	}
	// Its articles' offsets are exponential with a mean of one hour to a
	// day, longer for big stories.
	st.tau = 3600 * math.Exp(r.Float64()*math.Log(24)) * (1 + 0.5*math.Log(float64(st.size)))

	var avoid []string
	if r.Float64() < s.opt.Twins && s.kinds > 0 {
		pool := s.recent
		if len(s.older) > 0 && r.IntN(2) == 0 {
			pool = s.older
		}
		st.kind = pool[r.IntN(len(pool))]
		st.twinOf = st.kind.origin
		avoid = st.kind.names
	} else {
		st.kind = s.newKind(st.id)
	}
	for range 2 + r.IntN(3) {
		st.names = append(st.names, s.newName(avoid))
	}
	if st.twinOf == "" {
		for _, n := range st.names {
			if n.first != "" {
				st.kind.names = append(st.kind.names, n.first)
			}
			st.kind.names = append(st.kind.names, n.last)
		}
	}
	for range 2 + r.IntN(3) {
		st.numbers = append(st.numbers, s.newNumber(st.numbers))
	}
	return st
}

// newKind makes a topic of 20 to 40 mid-frequency words and remembers it
// for twins.
func (s *Synth) newKind(origin string) *synKind {
	r := s.r
	k := &synKind{id: s.kinds, origin: origin}
	s.kinds++
	v := len(s.vocab)
	lo, hi := v/250, v*2/5 // rank 200 to 20000 of 50000
	n := synMinTopic + r.IntN(synMaxTopic-synMinTopic+1)
	k.topic = make([]int32, 0, n)
	for len(k.topic) < n {
		w := int32(lo + r.IntN(hi-lo))
		dup := false
		for _, x := range k.topic {
			dup = dup || x == w
		}
		if !dup {
			k.topic = append(k.topic, w)
		}
	}
	if len(s.recent) < synRecentKinds {
		s.recent = append(s.recent, k)
	} else {
		s.recent[s.recentPos] = k
		s.recentPos = (s.recentPos + 1) % synRecentKinds
	}
	s.oldSeen++
	if len(s.older) < synOlderKinds {
		s.older = append(s.older, k)
	} else if i := r.IntN(s.oldSeen); i < synOlderKinds {
		s.older[i] = k
	}
	return k
}

// newName invents a person (two in three) or a place whose words are
// not background words and not among avoid.
func (s *Synth) newName(avoid []string) synName {
	var n synName
	if s.r.IntN(3) < 2 {
		n.first = s.nameWord(avoid)
	}
	n.last = s.nameWord(avoid)
	return n
}

func (s *Synth) nameWord(avoid []string) string {
	for {
		w := s.word(2+s.r.IntN(2), true)
		if _, ok := s.inVocab[w]; ok {
			continue
		}
		w = string(synAppendCap(nil, w, true))
		clash := false
		for _, a := range avoid {
			clash = clash || a == w
		}
		if !clash {
			return w
		}
	}
}

// newNumber invents a figure not among have: a count, a large count with
// a thousands separator, or a decimal.
func (s *Synth) newNumber(have []string) string {
	r := s.r
	for {
		var n string
		switch r.IntN(4) {
		case 0, 1:
			n = strconv.Itoa(2 + r.IntN(998))
		case 2:
			n = strconv.Itoa(1+r.IntN(99)) + "," + synPad(r.IntN(1000), 3)
		default:
			n = strconv.Itoa(1+r.IntN(9)) + "." + strconv.Itoa(r.IntN(10))
		}
		dup := false
		for _, h := range have {
			dup = dup || h == n
		}
		if !dup {
			return n
		}
	}
}

// pickOutlet chooses the outlet of st's next article: big outlets more
// often, and an outlet that has not yet reported st while there is one.
func (s *Synth) pickOutlet(st *synStory) int {
	r := s.r
	o := s.opt.Outlets
	free := func(i int) bool { return st.used[i/64]&(1<<(i%64)) == 0 }
	pick := -1
	for range 4 {
		i := s.weightedOutlet()
		if free(i) {
			pick = i
			break
		}
	}
	if pick < 0 {
		off := r.IntN(o)
		for j := range o {
			if i := (off + j) % o; free(i) {
				pick = i
				break
			}
		}
	}
	if pick < 0 { // every outlet has reported it: start over
		clear(st.used)
		pick = s.weightedOutlet()
	}
	st.used[pick/64] |= 1 << (pick % 64)
	return pick
}

func (s *Synth) weightedOutlet() int {
	x := s.r.Float64() * s.outCDF[len(s.outCDF)-1]
	lo, hi := 0, len(s.outCDF)-1
	for lo < hi {
		m := (lo + hi) / 2
		if s.outCDF[m] < x {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// Syllables of invented words: onset, vowel and, at a word's end, a coda.
var (
	synOnsets = strings.Fields("b c d f g h j k l m n p r s t v w z br dr fr gr kr pr tr bl fl gl kl pl sl st sk sp sh ch th")
	synVowels = strings.Fields("a e i o u a e i o u ai ea ou io")
	synCodas  = strings.Fields("- - - - n r s l m t k nd st rn ck")
)

// word invents a lowercase word of syl syllables; names may start with a
// vowel.
func (s *Synth) word(syl int, isName bool) string {
	r := s.r
	var b [32]byte
	w := b[:0]
	for i := range syl {
		if i > 0 || !isName || r.IntN(4) > 0 {
			w = append(w, synOnsets[r.IntN(len(synOnsets))]...)
		}
		w = append(w, synVowels[r.IntN(len(synVowels))]...)
	}
	if c := synCodas[r.IntN(len(synCodas))]; c != "-" {
		w = append(w, c...)
	}
	return string(w)
}

// makeVocabulary invents opt.Vocabulary distinct words, shorter the
// more frequent.
func (s *Synth) makeVocabulary() {
	v := s.opt.Vocabulary
	s.vocab = make([]string, 0, v)
	s.inVocab = make(map[string]struct{}, v)
	for len(s.vocab) < v {
		i := len(s.vocab)
		syl := 1
		switch {
		case i >= 3000:
			syl = 2 + s.r.IntN(2)
		case i >= 60:
			syl = 2
		}
		w := s.word(syl, false)
		if _, ok := s.inVocab[w]; ok || len(w) > synWordMax {
			continue
		}
		s.inVocab[w] = struct{}{}
		s.vocab = append(s.vocab, w)
		var p [synWordMax]byte
		copy(p[:], w)
		s.words = append(s.words, p)
		s.wordLen = append(s.wordLen, uint8(len(w)))
	}
}

// makeOutlets invents opt.Outlets outlets, weighted Zipf (s = 0.7) so
// that a few big ones report most stories.
func (s *Synth) makeOutlets() {
	kinds := strings.Fields("Times Post Herald Courier Daily Tribune Gazette Observer Wire News Journal Chronicle Standard Dispatch")
	seen := map[string]bool{}
	sum := 0.0
	for len(s.outlets) < s.opt.Outlets {
		place := s.nameWord(nil)
		k := kinds[s.r.IntN(len(kinds))]
		if seen[place+k] {
			continue
		}
		seen[place+k] = true
		s.outlets = append(s.outlets, synOutlet{
			name:   "The " + place + " " + k,
			domain: strings.ToLower(place+k) + ".example",
		})
		sum += math.Pow(float64(len(s.outlets)), -0.7)
		s.outCDF = append(s.outCDF, sum)
	}
}

// push and pop keep s.heap a min-heap of active stories by next date.
func (s *Synth) push(st *synStory) {
	s.heap = append(s.heap, st)
	i := len(s.heap) - 1
	for i > 0 {
		p := (i - 1) / 2
		if s.heap[p].next <= st.next {
			break
		}
		s.heap[i] = s.heap[p]
		i = p
	}
	s.heap[i] = st
}

func (s *Synth) pop() {
	n := len(s.heap) - 1
	s.heap[0] = s.heap[n]
	s.heap[n] = nil
	s.heap = s.heap[:n]
	if n > 0 {
		s.down(0)
	}
}

func (s *Synth) down(i int) {
	h := s.heap
	st := h[i]
	for {
		c := 2*i + 1
		if c >= len(h) {
			break
		}
		if c+1 < len(h) && h[c+1].next < h[c].next {
			c++
		}
		if st.next <= h[c].next {
			break
		}
		h[i] = h[c]
		i = c
	}
	h[i] = st
}

// synPad formats n in decimal with leading zeros to width digits.
func synPad(n, width int) string {
	s := strconv.Itoa(n)
	if len(s) >= width {
		return s
	}
	return strings.Repeat("0", width-len(s)) + s
}

// alias is Vose's alias table: a draw from a fixed discrete distribution
// in O(1) with one random number, so that background words cost a few
// nanoseconds each.
type synAlias struct {
	n     uint64
	thr   []uint64 // keep i when the low 32 bits are below thr[i]
	alias []int32
}

func newSynAlias(w []float64) synAlias {
	n := len(w)
	sum := 0.0
	for _, x := range w {
		sum += x
	}
	p := make([]float64, n)
	var small, large []int32
	for i, x := range w {
		p[i] = x * float64(n) / sum
		if p[i] < 1 {
			small = append(small, int32(i))
		} else {
			large = append(large, int32(i))
		}
	}
	t := synAlias{n: uint64(n), thr: make([]uint64, n), alias: make([]int32, n)}
	for len(small) > 0 && len(large) > 0 {
		l := small[len(small)-1]
		small = small[:len(small)-1]
		g := large[len(large)-1]
		t.thr[l] = uint64(p[l] * (1 << 32))
		t.alias[l] = g
		p[g] -= 1 - p[l]
		if p[g] < 1 {
			large = large[:len(large)-1]
			small = append(small, g)
		}
	}
	for _, i := range append(small, large...) { // rounding leftovers
		t.thr[i] = 1 << 32
		t.alias[i] = i
	}
	return t
}

func (t *synAlias) sample(r *rand.Rand) int {
	u := r.Uint64()
	i := (u >> 32) * t.n >> 32
	if u&(1<<32-1) < t.thr[i] {
		return int(i)
	}
	return int(t.alias[i])
}
