package cluster

import (
	"math"
	"reflect"
	"strings"
	"testing"
	"time"
	"unicode"
)

// synthCase is one configuration the stream tests run over.
type synthCase struct {
	name string
	opt  SynthOptions
}

var synthCases = []synthCase{
	{"defaults", SynthOptions{Articles: 5000}},
	{"seed 7, small vocabulary", SynthOptions{Articles: 5000, Seed: 7, Vocabulary: 500, Words: 40, Outlets: 3}},
	{"no twins, no wire", SynthOptions{Articles: 3000, Seed: 3, Twins: -1, Wire: -1, Rate: 50}},
	{"all twins, much wire", SynthOptions{Articles: 3000, Seed: 4, Twins: 1, Wire: 0.5, MaxStory: 50}},
}

// synthArticle is what one Next call returned.
type synthArticle struct {
	ID, Outlet, Title, Body, URL, Story, CopyOf string
	Published                                   time.Time
}

func synthAll(opt SynthOptions) []synthArticle {
	s := NewSynth(opt)
	var out []synthArticle
	for {
		a, story, ok := s.Next()
		if !ok {
			return out
		}
		out = append(out, synthArticle{a.ID, a.Outlet, a.Title, a.Body, a.URL, story, s.CopyOf(), a.Published})
	}
}

func TestSynthDeterministic(t *testing.T) {
	for _, c := range synthCases {
		t.Run(c.name, func(t *testing.T) {
			a, b := synthAll(c.opt), synthAll(c.opt)
			if !reflect.DeepEqual(a, b) {
				t.Fatal("two streams with the same options differ")
			}
			if len(a) != c.opt.Articles {
				t.Fatalf("%d articles, want %d", len(a), c.opt.Articles)
			}
			// A shorter stream is a prefix of a longer one.
			short := c.opt
			short.Articles = c.opt.Articles / 3
			if p := synthAll(short); !reflect.DeepEqual(p, a[:len(p)]) {
				t.Error("a shorter stream is not a prefix of the longer one")
			}
			// Another seed gives another stream.
			other := c.opt
			other.Seed++
			if o := synthAll(other); o[0].Body == a[0].Body {
				t.Error("another seed gives the same first article")
			}
		})
	}
}

func TestSynthArticles(t *testing.T) {
	for _, c := range synthCases {
		t.Run(c.name, func(t *testing.T) {
			arts := synthAll(c.opt)
			ids := map[string]bool{}
			bodies := map[string]string{} // ID -> body, for copies
			outlets := map[string]bool{}
			copies := 0
			for i, a := range arts {
				if a.ID == "" || ids[a.ID] {
					t.Fatalf("article %d: ID %q empty or repeated", i, a.ID)
				}
				ids[a.ID] = true
				if a.Story == "" || a.Outlet == "" || a.Title == "" || a.URL == "" || a.Published.IsZero() {
					t.Fatalf("article %d: empty field: %+v", i, a)
				}
				if i > 0 && a.Published.Before(arts[i-1].Published) {
					t.Fatalf("article %d at %v before article %d at %v", i, a.Published, i-1, arts[i-1].Published)
				}
				if strings.HasSuffix(a.Title, ".") || strings.Contains(a.Title, "\n") {
					t.Errorf("article %d: title %q", i, a.Title)
				}
				checkSynthBody(t, a.ID, a.Body)
				outlets[a.Outlet] = true
				bodies[a.ID] = a.Body
				if a.CopyOf != "" {
					copies++
					orig, ok := bodies[a.CopyOf]
					if !ok || !strings.HasPrefix(orig, a.Body) {
						t.Errorf("%s: not a copy of %s", a.ID, a.CopyOf)
					}
				}
			}
			want := c.opt.Outlets
			if want == 0 {
				want = 40
			}
			if len(outlets) != want {
				t.Errorf("%d outlets, want %d", len(outlets), want)
			}
			if c.opt.Wire < 0 && copies > 0 {
				t.Errorf("%d wire copies with Wire < 0", copies)
			}
			if c.opt.Wire >= 0 && copies == 0 {
				t.Error("no wire copies")
			}
		})
	}
}

// checkSynthBody checks that a body is paragraphs of sentences: no empty
// paragraph, every paragraph's sentences starting upper case or with a
// digit and ending in a period.
func checkSynthBody(t *testing.T, id, body string) {
	t.Helper()
	if body == "" {
		t.Fatalf("%s: empty body", id)
	}
	for _, p := range strings.Split(body, "\n\n") {
		if p == "" || !strings.HasSuffix(p, ".") || strings.Contains(p, "\n") {
			t.Fatalf("%s: paragraph %q", id, p)
		}
		for _, s := range strings.SplitAfter(p, ". ") {
			r := rune(s[0])
			if !unicode.IsUpper(r) && !unicode.IsDigit(r) {
				t.Fatalf("%s: sentence %q", id, s)
			}
		}
	}
}

// TestSynthStories checks the shape of the stories in 100,000 articles:
// heavy-tailed sizes, an outlet twice only in stories bigger than the
// number of outlets (follow-ups), and bursts of hours to days.
func TestSynthStories(t *testing.T) {
	if testing.Short() {
		t.Skip("100,000 articles")
	}
	s := NewSynth(SynthOptions{Articles: 100000, Seed: 1})
	size := map[string]int{}
	outlets := map[string]map[string]bool{}
	first, last := map[string]time.Time{}, map[string]time.Time{}
	repeats := 0
	for {
		a, story, ok := s.Next()
		if !ok {
			break
		}
		size[story]++
		if outlets[story] == nil {
			outlets[story] = map[string]bool{}
			first[story] = a.Published
		}
		if outlets[story][a.Outlet] && size[story] <= 40 {
			repeats++ // while another outlet has not reported it
		}
		outlets[story][a.Outlet] = true
		last[story] = a.Published
	}
	hist := map[int]int{} // size bucket -> stories
	biggest, small := 0, 0
	var spans []time.Duration
	for id, n := range size {
		biggest = max(biggest, n)
		if n <= 3 {
			small++
		}
		hist[int(math.Log2(float64(n)))]++
		if n >= 20 {
			spans = append(spans, last[id].Sub(first[id]))
		}
	}
	t.Logf("%d stories, biggest %d, %d of 1-3 articles; log2 size histogram %v", len(size), biggest, small, hist)
	if biggest < 50 {
		t.Errorf("biggest story %d articles, want ≥ 50", biggest)
	}
	if float64(small) < 0.6*float64(len(size)) {
		t.Errorf("%d of %d stories have 1-3 articles, want most", small, len(size))
	}
	if hist[6]+hist[7]+hist[8]+hist[9] < 10 {
		t.Errorf("%d stories of 64-1023 articles, want a few", hist[6]+hist[7]+hist[8]+hist[9])
	}
	if repeats > 0 {
		t.Errorf("an outlet reports a story again before every outlet has, %d times", repeats)
	}
	for _, d := range spans {
		if d < 10*time.Minute || d > 60*24*time.Hour {
			t.Errorf("a story of 20 or more articles spans %v", d)
		}
	}
}

// TestSynthTwins checks that twins share the topical words of the story
// they copy and none of its names, in their articles as in their
// descriptions.
func TestSynthTwins(t *testing.T) {
	s := NewSynth(SynthOptions{Articles: 20000, Seed: 2})
	info := map[string]SynthStory{}
	words := map[string]map[string]bool{} // story -> words of its articles
	for {
		a, story, ok := s.Next()
		if !ok {
			break
		}
		if _, ok := info[story]; !ok {
			info[story] = s.Story()
			words[story] = map[string]bool{}
		}
		for _, w := range strings.FieldsFunc(a.Title+" "+a.Body, func(r rune) bool { return r == ' ' || r == '.' || r == ',' || r == '\n' }) {
			words[story][w] = true
		}
	}
	twins, checked := 0, 0
	for id, tw := range info {
		if tw.TwinOf == "" {
			continue
		}
		twins++
		orig, ok := info[tw.TwinOf]
		if !ok {
			continue
		}
		checked++
		if tw.Kind != orig.Kind || !reflect.DeepEqual(tw.Topic, orig.Topic) {
			t.Fatalf("%s, a twin of %s, has other topical words", id, tw.TwinOf)
		}
		origNames := map[string]bool{}
		for _, n := range orig.Names {
			for _, w := range strings.Fields(n) {
				origNames[w] = true
			}
		}
		for _, n := range tw.Names {
			for _, w := range strings.Fields(n) {
				if origNames[w] {
					t.Errorf("%s shares the name %q with %s, its twin", id, w, tw.TwinOf)
				}
			}
		}
		for w := range origNames {
			if words[id][w] {
				t.Errorf("an article of %s uses %q, a name of %s, its twin", id, w, tw.TwinOf)
			}
		}
		shared := 0
		for _, w := range tw.Topic {
			if words[id][w] {
				shared++
			}
		}
		if shared == 0 {
			t.Errorf("no article of %s uses a topical word", id)
		}
	}
	share := float64(twins) / float64(len(info))
	t.Logf("%d stories, %d twins (%.2f), %d checked against their original", len(info), twins, share, checked)
	if share < 0.15 || share > 0.25 {
		t.Errorf("twin share %.2f, want about 0.2", share)
	}
	if checked < twins/2 {
		t.Errorf("only %d of %d twins have their original in the stream", checked, twins)
	}
}

// TestSynthActiveBounded checks that the generator's memory does not grow
// with the stream: over 200,000 articles (500 hours at the default rate)
// the active stories stay under 1500, the bound the Synth documentation
// gives, and the second half peaks no higher than the first half allows.
func TestSynthActiveBounded(t *testing.T) {
	if testing.Short() {
		t.Skip("200,000 articles")
	}
	const n = 200000
	s := NewSynth(SynthOptions{Articles: n, Seed: 5, Words: 10})
	peak := [2]int{}
	for i := 0; ; i++ {
		if _, _, ok := s.Next(); !ok {
			break
		}
		h := i * 2 / n
		peak[h] = max(peak[h], s.Active())
	}
	t.Logf("peak active stories: %d in the first half, %d in the second", peak[0], peak[1])
	if peak[0] >= 1500 || peak[1] >= 1500 {
		t.Errorf("peak active stories %v, want < 1500", peak)
	}
	if peak[1] > peak[0]*3/2 {
		t.Errorf("peak active stories grow from %d to %d", peak[0], peak[1])
	}
	if _, _, ok := s.Next(); ok {
		t.Error("Next after the last article")
	}
}

// BenchmarkSynth measures the generator at the defaults, in articles a
// second (it must stay far above the clusterer's 5000).
func BenchmarkSynth(b *testing.B) {
	s := NewSynth(SynthOptions{Articles: math.MaxInt})
	n, bytes := 0, 0
	for b.Loop() {
		a, _, _ := s.Next()
		n++
		bytes += len(a.Body)
	}
	b.ReportMetric(float64(n)/b.Elapsed().Seconds(), "articles/s")
	b.ReportMetric(float64(bytes)/float64(n), "bytes/article")
}
