package text

import (
	"bufio"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/shareddata"
)

// ecbPath is ECB+ in the shared data directory: one article per line, its
// text one sentence per line in the corpus's own split.
const ecbPath = "clustering/ecbplus-dev.jsonl"

// boundaryScore accumulates boundary counts.
type boundaryScore struct{ tp, fp, fn int }

func (s *boundaryScore) add(tp, fp, fn int) { s.tp += tp; s.fp += fp; s.fn += fn }

func (s boundaryScore) prf() (p, r, f float64) {
	if s.tp+s.fp > 0 {
		p = float64(s.tp) / float64(s.tp+s.fp)
	}
	if s.tp+s.fn > 0 {
		r = float64(s.tp) / float64(s.tp+s.fn)
	}
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	return p, r, f
}

// ecbDoc is one document joined into running text with its gold sentence
// boundaries.
type ecbDoc struct {
	id    string
	text  string
	gold  []int // end offsets of every sentence but the last
	head  int   // end offset of the third line (URL, headline, dateline)
	lines []string
}

func loadECB(t *testing.T, ecbPath string) []ecbDoc {
	t.Helper()
	f, err := os.Open(shareddata.Path(t, ecbPath))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []ecbDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 1<<24)
	for n := 1; sc.Scan(); n++ {
		var rec struct {
			ID   string `json:"id"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("%s:%d: %v", ecbPath, n, err)
		}
		d := ecbDoc{id: rec.ID, head: -1}
		var b strings.Builder
		k := 0
		for _, line := range strings.Split(rec.Text, "\n") {
			line = strings.TrimSpace(line)
			if line == "" {
				continue
			}
			if b.Len() > 0 {
				d.gold = append(d.gold, b.Len())
				b.WriteByte(' ')
			}
			b.WriteString(line)
			d.lines = append(d.lines, line)
			if k++; k == 3 {
				d.head = b.Len()
			}
		}
		if k <= 3 {
			d.head = b.Len()
		}
		d.text = b.String()
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

// ends returns the sentence boundaries Analyze finds in text.
func ends(text string) []int {
	doc := Analyze(news.Article{Body: text})
	var got []int
	for _, s := range doc.Sentences {
		if s.End < len(strings.TrimRight(text, " ")) {
			got = append(got, s.End)
		}
	}
	return got
}

func after(bs []int, min int) []int {
	var out []int
	for _, b := range bs {
		if b > min {
			out = append(out, b)
		}
	}
	return out
}

// TestECBSentenceBoundaries scores the splitter against ECB+'s own
// sentence split, with each document's lines joined by spaces.
func TestECBSentenceBoundaries(t *testing.T) {
	docs := loadECB(t, ecbPath)
	var all, body boundaryScore
	verbose := os.Getenv("PARALLAX_SPLIT_ERRORS") != ""
	for _, d := range docs {
		got := ends(d.text)
		all.add(ScoreBoundaries(d.gold, got))
		g, o := after(d.gold, d.head), after(got, d.head)
		body.add(ScoreBoundaries(g, o))
		if verbose {
			reportErrors(t, d, g, o)
		}
	}
	p, r, f := all.prf()
	t.Logf("ECB+ all lines:            P=%.4f R=%.4f F1=%.4f (tp=%d fp=%d fn=%d, %d docs)", p, r, f, all.tp, all.fp, all.fn, len(docs))
	p, r, f = body.prf()
	t.Logf("ECB+ after first 3 lines:  P=%.4f R=%.4f F1=%.4f (tp=%d fp=%d fn=%d)", p, r, f, body.tp, body.fp, body.fn)
	if f < 0.98 {
		t.Errorf("F1 after the first three lines = %.4f, want >= 0.98", f)
	}
}

func reportErrors(t *testing.T, d ecbDoc, gold, got []int) {
	in := func(xs []int, x int) bool {
		for _, y := range xs {
			if y == x {
				return true
			}
		}
		return false
	}
	show := func(tag string, b int) {
		lo, hi := max(0, b-60), min(len(d.text), b+40)
		t.Logf("%s %s: %q || %q", tag, d.id, d.text[lo:b], d.text[b:hi])
	}
	for _, b := range got {
		if !in(gold, b) {
			show("FP", b)
		}
	}
	for _, b := range gold {
		if !in(got, b) {
			show("FN", b)
		}
	}
}
