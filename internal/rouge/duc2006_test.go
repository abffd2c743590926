package rouge

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/shareddata"
)

// nistArgs are NIST's ROUGE-1.5.5 options for DUC 2006.
const nistArgs = "-n 4 -w 1.2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a -d"

// duc2006 evaluates NIST's DUC 2006 configuration, its roots pointed at
// the shared copies of the summaries.
func duc2006(tb testing.TB) *Report {
	tb.Helper()
	dir := shareddata.Path(tb, "rouge/duc2006-nist")
	st, _, err := ParseArgs(strings.Fields(nistArgs))
	if err != nil {
		tb.Fatal(err)
	}
	st.DataDir = shareddata.Path(tb, "rouge/rouge-1.5.5/data")
	cfg, err := ReadConfigFile(filepath.Join(dir, "rougejk.in"))
	if err != nil {
		tb.Fatal(err)
	}
	for _, e := range cfg.Evals {
		e.PeerRoot, e.ModelRoot = filepath.Join(dir, "peers"), filepath.Join(dir, "models")
	}
	r, err := Evaluate(context.Background(), cfg, st, nil, func(w string) { tb.Log(w) })
	if err != nil {
		tb.Fatal(err)
	}
	return r
}

// TestDUC2006 reproduces NIST's official ROUGE run for DUC 2006: every
// line of rougejk.m.out (34 systems and 10 humans, 7 metrics, averages,
// intervals and the 200 per-evaluation lines of each) identical.
func TestDUC2006(t *testing.T) {
	if testing.Short() {
		t.Skip("DUC 2006 evaluation skipped in -short mode")
	}
	want, err := os.ReadFile(shareddata.Path(t, "rouge/duc2006-nist/rougejk.m.out"))
	if err != nil {
		t.Fatal(err)
	}
	var got bytes.Buffer
	if _, err := duc2006(t).WriteTo(&got); err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got.Bytes(), want) {
		t.Errorf("output differs from NIST's rougejk.m.out:\n%s", lineDiff(string(want), got.String(), 20))
	}
}

func BenchmarkDUC2006(b *testing.B) {
	for b.Loop() {
		duc2006(b)
	}
}

// BenchmarkScore scores one 250-word DUC 2006 summary against three
// references with NIST's metrics (ROUGE-1..4, L, W-1.2, SU4), reading
// and tokenizing the four texts each time, as Scorer.Score does.
func BenchmarkScore(b *testing.B) {
	dir := shareddata.Path(b, "rouge/duc2006-nist")
	read := func(name string) []string {
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			b.Fatal(err)
		}
		units, _ := ParseSummary(data, "SPL")
		return units
	}
	peer := read("peers/D0601.M.250.A.24")
	models := [][]string{read("models/D0601.M.250.A.B"), read("models/D0601.M.250.A.C"), read("models/D0601.M.250.A.E")}
	st, _, _ := ParseArgs(strings.Fields(nistArgs))
	st.DataDir = shareddata.Path(b, "rouge/rouge-1.5.5/data")
	sc, err := st.NewScorer()
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		sc.Score(peer, models)
	}
}
