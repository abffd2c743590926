package sqlite

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/store"
)

// benchWords are the vocabulary of the benchmarks' texts.
var benchWords = strings.Fields(`government minister election parliament market bank rates inflation
	economy trade war peace talks ceasefire storm flood climate energy oil gas prices court judge trial
	police protest strike union workers health hospital vaccine school university science space
	football match league cup final player coach club transfer city council mayor budget tax
	company shares profits chief executive report investigation border migrants refugees army`)

// benchText is about n bytes of text of benchWords, and one in 20 of its
// words a rare one of rareWords.
func benchText(r *rand.Rand, n int) string {
	var b strings.Builder
	for b.Len() < n {
		if r.IntN(20) == 0 {
			b.WriteString(rareWord(r.IntN(rareWords)))
		} else {
			b.WriteString(benchWords[r.IntN(len(benchWords))])
		}
		if r.IntN(12) == 0 {
			b.WriteString(". ")
		} else {
			b.WriteByte(' ')
		}
	}
	return b.String()
}

// rareWords: 10,000 articles of ~450 words have each ~ 20 of them.
const rareWords = 200000

func rareWord(i int) string { return fmt.Sprintf("zq%dx", i) }

func benchArticles(r *rand.Rand, prefix string, n int) []store.Article {
	arts := make([]store.Article, n)
	for i := range arts {
		arts[i] = art(fmt.Sprintf("%s-%d", prefix, i), inStory(fmt.Sprint("story-", r.IntN(1000))),
			outlet(fmt.Sprint("outlet-", r.IntN(40))), func(a *store.Article) {
				a.Title = benchText(r, 60)
				a.Body = benchText(r, 3000)
			})
	}
	return arts
}

// BenchmarkAddArticles: batches of 100 articles of ~3 KB each, into
// 1000 stories.
func BenchmarkAddArticles(b *testing.B) {
	s, _ := openTest(b)
	r := rand.New(rand.NewPCG(1, 2))
	batches := make([][]store.Article, b.N)
	for i := range batches {
		batches[i] = benchArticles(r, fmt.Sprint("b", i), 100)
	}
	b.ResetTimer()
	for i := range b.N {
		if n, err := s.AddArticles(ctx, batches[i]); err != nil || n != 100 {
			b.Fatal(n, err)
		}
	}
	b.StopTimer()
	b.ReportMetric(float64(b.N*100)/b.Elapsed().Seconds(), "articles/s")
}

// BenchmarkSearch: two-word queries over 10,000 articles of ~3 KB:
// common words that nearly every article has (the worst case: bm25 ranks
// them all), and rare words (an article in ~500 has one).
func BenchmarkSearch(b *testing.B) {
	s, _ := openTest(b)
	r := rand.New(rand.NewPCG(3, 4))
	for i := range 100 {
		if _, err := s.AddArticles(ctx, benchArticles(r, fmt.Sprint("b", i), 100)); err != nil {
			b.Fatal(err)
		}
	}
	b.Run("common", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			q := benchWords[i%len(benchWords)] + " " + prefix(benchWords[(i*7+3)%len(benchWords)], 4)
			hits, err := s.Search(ctx, q, 20)
			if err != nil || len(hits) == 0 {
				b.Fatal(q, len(hits), err)
			}
		}
	})
	b.Run("rare", func(b *testing.B) {
		for i := 0; b.Loop(); i++ {
			q := rareWord(i*7919%rareWords) + " " + benchWords[i%len(benchWords)]
			if _, err := s.Search(ctx, q, 20); err != nil {
				b.Fatal(q, err)
			}
		}
	})
}

func prefix(s string, n int) string { return s[:min(n, len(s))] }
