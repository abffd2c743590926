package eval

import (
	"context"
	"runtime"
	"testing"

	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/rouge"
	"github.com/parallaxnews/parallax/internal/shareddata"
)

// BenchmarkEvalMultiNews is one full evaluation of every system on the
// Multi-News development set (90 stories, 230 words, official settings),
// on all cores.
func BenchmarkEvalMultiNews(b *testing.B) {
	path := shareddata.Path(b, "mds/multinews-dev.jsonl")
	sts, _ := ingest.ReadStories(context.Background(), path, ingest.Options{})
	set := SetByKey("multinews")
	st, _, err := rouge.ParseArgs(set.Command(230))
	if err != nil {
		b.Fatal(err)
	}
	st.DataDir = shareddata.Path(b, "rouge/rouge-1.5.5/data")
	for b.Loop() {
		rep, err := Run(context.Background(), sts, Config{Set: set, Words: 230, Settings: st, Workers: runtime.GOMAXPROCS(0)})
		if err != nil {
			b.Fatal(err)
		}
		if len(rep.Stories) != len(sts) {
			b.Fatalf("%d of %d stories evaluated", len(rep.Stories), len(sts))
		}
	}
	b.ReportMetric(float64(len(sts)), "stories/op")
}
