package cluster

import (
	"context"
	"fmt"
	"runtime"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
)

// BenchmarkStream clusters synthetic streams of growing length as a live
// stream arrives: generated on the fly, prepared on GOMAXPROCS cores,
// added one article at a time in order (Stream). It reports articles per
// second, the time per article, the stories kept at the end and the heap
// in use then: with a window of two days, time per article and memory
// should stay flat from 10k to 1M articles. The generator's own time is
// included (about 7 µs an article). Run the long cases with
// -benchtime 1x.
func BenchmarkStream(b *testing.B) {
	for _, n := range []int{10_000, 100_000, 1_000_000} {
		b.Run(fmt.Sprint(n), func(b *testing.B) {
			if testing.Short() && n > 10_000 {
				b.Skip("long stream in -short mode")
			}
			var live int
			var heap uint64
			for i := 0; i < b.N; i++ {
				g := NewSynth(SynthOptions{Articles: n, Seed: 1})
				next := func() (news.Article, bool) {
					a, _, ok := g.Next()
					return a, ok
				}
				c := New(Options{Window: 48 * time.Hour})
				err := Stream(context.Background(), next, c, runtime.GOMAXPROCS(0), func(*news.Article, Assignment) {})
				if err != nil {
					b.Fatal(err)
				}
				live = len(c.live)
				b.StopTimer()
				runtime.GC()
				var ms runtime.MemStats
				runtime.ReadMemStats(&ms)
				heap = ms.HeapInuse
				runtime.KeepAlive(c)
				b.StartTimer()
			}
			b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/article")
			b.ReportMetric(float64(b.N*n)/b.Elapsed().Seconds(), "articles/s")
			b.ReportMetric(float64(live), "live-stories")
			b.ReportMetric(float64(heap)/(1<<20), "heap-MB")
		})
	}
}
