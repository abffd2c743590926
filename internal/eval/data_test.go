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

// regressionFloor is what the default summarizer reached on DUC 2006
// under NIST's settings, jackknifed (ROUGE-2 recall 0.1055, ROUGE-SU4
// recall 0.1566), less a little room for harmless changes. A change that
// costs more than that fails here.
var regressionFloor = map[string]float64{"ROUGE-2": 0.104, "ROUGE-SU4": 0.155}

// TestDUC2006Regression keeps the default method's DUC 2006 scores from
// falling below what it reached.
func TestDUC2006Regression(t *testing.T) {
	if testing.Short() {
		t.Skip("DUC 2006 evaluation skipped in -short mode")
	}
	path := shareddata.Path(t, "mds/duc2006.jsonl")
	sts, errs := ingest.ReadStories(context.Background(), path, ingest.Options{})
	if len(errs) > 0 || len(sts) != 50 {
		t.Fatalf("%d stories, errors %v", len(sts), errs)
	}
	set := SetByKey("duc2006")
	st, _, err := rouge.ParseArgs(set.Command(250))
	if err != nil {
		t.Fatal(err)
	}
	st.DataDir = shareddata.Path(t, "rouge/rouge-1.5.5/data")
	systems, err := LookupSystems("parallax")
	if err != nil {
		t.Fatal(err)
	}
	rep, err := Run(context.Background(), sts, Config{Set: set, Words: 250, Settings: st, Systems: systems, Workers: runtime.GOMAXPROCS(0)})
	if err != nil {
		t.Fatal(err)
	}
	for _, r := range rep.Rows {
		if r.System != "parallax" || r.Subset != "" {
			continue
		}
		for metric, floor := range regressionFloor {
			got := r.Scores[metric].Recall.Mean
			t.Logf("%s recall %.5f (floor %.3f)", metric, got, floor)
			if got < floor {
				t.Errorf("DUC 2006 %s recall fell to %.5f, below %.3f", metric, got, floor)
			}
		}
		return
	}
	t.Fatal("no parallax row")
}
