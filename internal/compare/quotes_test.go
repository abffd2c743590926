package compare

import (
	"context"
	"encoding/json"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/shareddata"
	"github.com/parallaxnews/parallax/internal/text"
)

// qGoldFile is the part of the compare gold schema (seeds-gold.json) that
// quotes are scored on.
type qGoldFile struct {
	Clusters []struct {
		ID     string `json:"id"`
		Quotes []struct {
			Speaker  string `json:"speaker"`
			Variants []struct {
				Doc  string `json:"doc"`
				Text string `json:"text"`
			} `json:"variants"`
		} `json:"quotes"`
	} `json:"clusters"`
}

// qFoldForMatch folds a text as the gold is matched: case, qRuns of space,
// typographic quotes and apostrophes; it returns the folded text and the
// byte offset in s of each folded byte (plus one past the end).
func qFoldForMatch(s string) (string, []int) {
	var b strings.Builder
	var pos []int
	space := false
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		switch r {
		case '‘', '’':
			r = '\''
		case '“', '”':
			r = '"'
		}
		if unicode.IsSpace(r) {
			if !space && b.Len() > 0 {
				b.WriteByte(' ')
				pos = append(pos, i)
			}
			space = true
			i += size
			continue
		}
		space = false
		r = unicode.ToLower(r)
		n := b.Len()
		b.WriteRune(r)
		for k := n; k < b.Len(); k++ {
			pos = append(pos, i)
		}
		i += size
	}
	pos = append(pos, len(s))
	return b.String(), pos
}

func qLocate(body, excerpt string) (news.Span, bool) {
	fb, pos := qFoldForMatch(body)
	fe, _ := qFoldForMatch(strings.TrimSpace(excerpt))
	k := strings.Index(fb, fe)
	if k < 0 || fe == "" {
		return news.Span{}, false
	}
	end := pos[k+len(fe)-1]
	_, size := utf8.DecodeRuneInString(body[end:])
	return news.Span{Start: pos[k], End: end + size}, true
}

type qQuoteScore struct {
	goldQuotes, goldVariants, found, located int
	out, outMatched                           int
	speakerRight, entriesRight                int
	pairsGold, pairsPred, pairsTP             int
}

func qOverlap(a, b news.Span) int { return max(0, min(a.End, b.End)-max(a.Start, b.Start)) }

// qScoreQuotes scores one story's quotes and groups against its gold.
func qScoreQuotes(t *testing.T, docs []news.Document, g qGoldQuotes, groups []news.QuoteGroup) qQuoteScore {
	t.Helper()
	byDoc := map[string]*news.Document{}
	for i := range docs {
		byDoc[docs[i].ID] = &docs[i]
	}
	type ref struct{ group, version int }
	var all []ref
	for gi, gr := range groups {
		for vi := range gr.Versions {
			all = append(all, ref{gi, vi})
		}
	}
	var sc qQuoteScore
	sc.out = len(all)
	matched := make([]bool, len(all))
	type gv struct {
		entry int
		r     ref
		ok    bool
	}
	var gvs []gv
	for ei, e := range g {
		sc.goldQuotes++
		entryOK := true
		for _, v := range e.Variants {
			sc.goldVariants++
			d := byDoc[v.Doc]
			if d == nil {
				t.Errorf("gold names document %q, not in the story", v.Doc)
				entryOK = false
				continue
			}
			sp, ok := qLocate(d.Body, v.Text)
			if !ok {
				t.Errorf("gold excerpt not located in %s: %q", v.Doc, v.Text)
				entryOK = false
				continue
			}
			sc.located++
			best, bestOv := -1, 0
			for k, r := range all {
				q := groups[r.group].Versions[r.version]
				if q.DocID != v.Doc {
					continue
				}
				ov := qOverlap(q.Span, sp)
				if 2*ov >= min(q.Len(), sp.Len()) {
					matched[k] = true
				}
				if ov > bestOv {
					best, bestOv = k, ov
				}
			}
			if best < 0 || 2*bestOv < min(sp.Len(), groups[all[best].group].Versions[all[best].version].Len()) {
				t.Logf("missed %s %q", v.Doc, v.Text)
				gvs = append(gvs, gv{entry: ei})
				entryOK = false
				continue
			}
			sc.found++
			q := groups[all[best].group].Versions[all[best].version]
			if text.Fold(q.Speaker) == text.Fold(e.Speaker) {
				sc.speakerRight++
			} else {
				t.Logf("speaker of %s %q: got %q (%q), want %q", v.Doc, v.Text, q.Speaker, q.SpeakerText, e.Speaker)
				entryOK = false
			}
			gvs = append(gvs, gv{entry: ei, r: all[best], ok: true})
		}
		if entryOK {
			sc.entriesRight++
		}
	}
	for k := range all {
		if matched[k] {
			sc.outMatched++
		}
	}
	for i := range gvs {
		for j := i + 1; j < len(gvs); j++ {
			same := gvs[i].entry == gvs[j].entry
			if same {
				sc.pairsGold++
			}
			if gvs[i].ok && gvs[j].ok && gvs[i].r.group == gvs[j].r.group {
				sc.pairsPred++
				if same {
					sc.pairsTP++
				}
			}
		}
	}
	return sc
}

type qGoldQuotes = []struct {
	Speaker  string `json:"speaker"`
	Variants []struct {
		Doc  string `json:"doc"`
		Text string `json:"text"`
	} `json:"variants"`
}

func (s qQuoteScore) log(t *testing.T, name string) {
	t.Helper()
	div := func(a, b int) float64 {
		if b == 0 {
			return 1
		}
		return float64(a) / float64(b)
	}
	p, r := div(s.pairsTP, s.pairsPred), div(s.pairsTP, s.pairsGold)
	f := 0.0
	if p+r > 0 {
		f = 2 * p * r / (p + r)
	}
	t.Logf("%s: quote recall %.3f (%d/%d variants), precision %.3f (%d/%d output quotes), speaker accuracy %.3f (%d/%d found), entries right %d/%d, grouping pairs P %.3f R %.3f F1 %.3f (tp %d, predicted %d, gold %d)",
		name, div(s.found, s.goldVariants), s.found, s.goldVariants, div(s.outMatched, s.out), s.outMatched, s.out,
		div(s.speakerRight, s.found), s.speakerRight, s.found, s.entriesRight, s.goldQuotes, p, r, f, s.pairsTP, s.pairsPred, s.pairsGold)
}

func qReadStoryDocs(t testing.TB, path string) []news.Story {
	t.Helper()
	stories, errs := ingest.ReadStories(context.Background(), path, ingest.Options{})
	if len(errs) > 0 {
		t.Fatalf("read %s: %v", path, errs)
	}
	return stories
}

func qAnalyzeAll(as []news.Article) []news.Document {
	docs := make([]news.Document, len(as))
	for i, a := range as {
		docs[i] = text.Analyze(a)
	}
	return docs
}

func qReadGold(t *testing.T, path string) qGoldFile {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var g qGoldFile
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return g
}

func TestQuotesSeeds(t *testing.T) {
	data := shareddata.Path(t, "compare/seeds.jsonl")
	gold := qReadGold(t, shareddata.Path(t, "compare/seeds-gold.json"))
	stories := qReadStoryDocs(t, data)
	for _, st := range stories {
		docs := qAnalyzeAll(st.Articles)
		groups := GroupQuotes(Quotes(docs, nil))
		for _, g := range groups {
			for _, v := range g.Versions {
				t.Logf("group %q: %s [%s|%s] %q", g.Speaker, v.DocID, v.Speaker, v.SpeakerText, v.Text)
			}
		}
		for _, c := range gold.Clusters {
			if c.ID != st.ID {
				continue
			}
			sc := qScoreQuotes(t, docs, c.Quotes, groups)
			sc.log(t, st.ID)
			if sc.entriesRight < 8 {
				t.Errorf("%d of %d gold quotes found with the right speaker, want at least 8", sc.entriesRight, sc.goldQuotes)
			}
			// Both Brahimi groups: two versions each, speaker Lakhdar Brahimi.
			for _, e := range c.Quotes {
				if len(e.Variants) < 2 {
					continue
				}
				ok := false
				for _, g := range groups {
					hit := 0
					for _, v := range e.Variants {
						for _, q := range g.Versions {
							if sp, found := qLocate(bodyOf(docs, v.Doc), v.Text); found && q.DocID == v.Doc && 2*qOverlap(q.Span, sp) >= min(q.Len(), sp.Len()) {
								hit++
								break
							}
						}
					}
					if hit == len(e.Variants) && len(g.Versions) == len(e.Variants) && g.Speaker == e.Speaker {
						ok = true
					}
				}
				if !ok {
					t.Errorf("gold group %q (%s) not found as one group of %d versions", e.Variants[0].Text, e.Speaker, len(e.Variants))
				}
			}
		}
	}
}

func bodyOf(docs []news.Document, id string) string {
	for i := range docs {
		if docs[i].ID == id {
			return docs[i].Body
		}
	}
	return ""
}
