package summarize

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/shareddata"
)

// The evaluation data lives beside the repository, never in it.
const duc2006 = "mds/duc2006.jsonl"

// story is one analysed cluster of an MDS JSONL file.
type story struct {
	id   string
	docs []news.Document
	refs []string
}

// loadMDS reads and analyses an MDS JSONL file. It skips the test when the
// file is absent, and fails it instead when CI=true.
func loadMDS(tb testing.TB, path string) []story {
	tb.Helper()
	f, err := os.Open(shareddata.Path(tb, path))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var stories []story
	dec := json.NewDecoder(f)
	for n := 1; ; n++ {
		var in struct {
			ID        string `json:"id"`
			Documents []struct {
				ID, Title, Date, Source, Text string
			} `json:"documents"`
			References []string `json:"references"`
		}
		err := dec.Decode(&in)
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			tb.Fatalf("%s: cluster %d: %v", path, n, err)
		}
		st := story{id: in.ID, refs: in.References}
		for _, d := range in.Documents {
			st.docs = append(st.docs, analyze(news.Article{
				ID:        d.ID,
				Title:     d.Title,
				Outlet:    d.Source,
				Published: parseDate(d.Date),
				Body:      d.Text,
			}))
		}
		stories = append(stories, st)
	}
	return stories
}

func parseDate(s string) time.Time {
	for _, layout := range []string{"2006-01-02 15:04:05", "2006-01-02", time.RFC3339} {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

// TestDUC2006 summarizes the DUC 2006 clusters in 250 words and logs a
// quick unigram and bigram recall of stems against the human summaries,
// for Coverage and the Lead baseline. It is a sanity check, not ROUGE.
func TestDUC2006(t *testing.T) {
	if testing.Short() {
		t.Skip("reads the DUC 2006 set")
	}
	stories := loadMDS(t, duc2006)
	for _, mm := range methods {
		var r1, r2, words float64
		var support, sents int
		var elapsed time.Duration
		for _, st := range stories {
			start := time.Now()
			sum := Summarize(st.docs, Options{Words: 250, Method: mm.m})
			elapsed += time.Since(start)
			if n := sum.Words(); n > 250 {
				t.Errorf("%s %s: %d words", mm.name, st.id, n)
			}
			checkSummary(t, st.docs, sum)
			a, b := quickRecall(sum.Text, st.refs)
			r1 += a
			r2 += b
			words += float64(sum.Words())
			for _, s := range sum.Sentences {
				support += len(s.Support)
			}
			sents += len(sum.Sentences)
		}
		n := float64(len(stories))
		t.Logf("%-8s %d clusters in %v: recall-1 %.4f recall-2 %.4f, %.0f words, %.1f sentences, %.1f supports a sentence",
			mm.name, len(stories), elapsed.Round(time.Millisecond), r1/n, r2/n, words/n, float64(sents)/n, float64(support)/float64(sents))
	}
}

// quickRecall returns the stem unigram and bigram recall of a summary
// against each reference, averaged over the references (counts clipped,
// punctuation dropped, stopwords kept).
func quickRecall(summary string, refs []string) (r1, r2 float64) {
	grams := func(s string) (uni, bi map[string]int, nu, nb int) {
		uni, bi = make(map[string]int), make(map[string]int)
		var prev string
		for _, sen := range analyze(news.Article{Body: s}).Sentences {
			for _, tok := range sen.Tokens {
				if tok.Kind == news.Punct {
					continue
				}
				uni[tok.Stem]++
				nu++
				if prev != "" {
					bi[prev+" "+tok.Stem]++
					nb++
				}
				prev = tok.Stem
			}
		}
		return uni, bi, nu, nb
	}
	su, sb, _, _ := grams(summary)
	clip := func(ref, sum map[string]int) int {
		n := 0
		for g, c := range ref {
			n += min(c, sum[g])
		}
		return n
	}
	for _, ref := range refs {
		ru, rb, nu, nb := grams(ref)
		if nu > 0 {
			r1 += float64(clip(ru, su)) / float64(nu)
		}
		if nb > 0 {
			r2 += float64(clip(rb, sb)) / float64(nb)
		}
	}
	return r1 / float64(len(refs)), r2 / float64(len(refs))
}

// BenchmarkSummarizeDUC2006 summarizes all 50 DUC 2006 clusters in 250
// words per iteration; text analysis is done once, outside the timer.
func BenchmarkSummarizeDUC2006(b *testing.B) {
	stories := loadMDS(b, duc2006)
	for b.Loop() {
		for _, st := range stories {
			Summarize(st.docs, Options{Words: 250})
		}
	}
}

// BenchmarkSummarize summarizes a synthetic story of 25 articles of about
// 28 sentences each, built from the fixture's sentences with the words
// varied so that articles are not copies of each other.
func BenchmarkSummarize(b *testing.B) {
	docs := fixture(b, "quay-fire")
	var pool []string
	for _, d := range docs {
		for _, s := range d.Sentences {
			pool = append(pool, s.Text)
		}
	}
	vary := []string{"depot", "quay", "harbour", "fire", "smoke", "port", "barley", "grain"}
	var big []news.Document
	for k := range 25 {
		var body strings.Builder
		for i := range 28 {
			s := pool[(k*7+i*3)%len(pool)]
			w := vary[(k+i)%len(vary)]
			s = strings.Replace(s, w, fmt.Sprintf("%s%d", w, (k*i)%5), 1)
			body.WriteString(s)
			body.WriteString("\n\n")
		}
		big = append(big, analyze(news.Article{ID: fmt.Sprintf("synthetic-%02d", k), Body: body.String()}))
	}
	for b.Loop() {
		Summarize(big, Options{Words: 250})
	}
}
