package compare

import (
	"context"
	"encoding/json"
	"fmt"
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
	out, outMatched                          int
	speakerRight, entriesRight               int
	pairsGold, pairsPred, pairsTP            int
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
				} else {
					t.Logf("wrongly grouped: %q and %q", g[gvs[i].entry].Variants[0].Text, g[gvs[j].entry].Variants[0].Text)
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
							if sp, found := qLocate(qBodyOf(docs, v.Doc), v.Text); found && q.DocID == v.Doc && 2*qOverlap(q.Span, sp) >= min(q.Len(), sp.Len()) {
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

func qBodyOf(docs []news.Document, id string) string {
	for i := range docs {
		if docs[i].ID == id {
			return docs[i].Body
		}
	}
	return ""
}

func qDocOf(id, body string) news.Document {
	return text.Analyze(news.Article{ID: id, Outlet: id, Body: body})
}

func TestQuotesExtraction(t *testing.T) {
	tests := []struct {
		name string
		body string
		want []string
	}{
		{"straight", `"We will rebuild the bridge by spring," Mayor Ilse Varga said.`, []string{"We will rebuild the bridge by spring"}},
		{"typographic split by attribution", "“The water rose too fast,” Varga said. “Nobody could have stopped it.”",
			[]string{"The water rose too fast", "Nobody could have stopped it."}},
		{"split mid-sentence", "“We are ready,” she said, “and we will not wait for the council.”",
			[]string{"We are ready", "and we will not wait for the council."}},
		{"nested single in double", "“They told us ‘go home now’ and then closed the road,” said farmer Tomas Orlik.",
			[]string{"They told us ‘go home now’ and then closed the road"}},
		{"wire quotes", "''The levee held for three days,'' engineer Pia Lund said. ''Then it gave way.''",
			[]string{"The levee held for three days", "Then it gave way."}},
		{"guillemets", "«Nous reconstruirons le pont», a déclaré le maire Ilse Varga.", []string{"Nous reconstruirons le pont"}},
		{"reversed guillemets", "»Wir bauen die Brücke wieder auf«, sagte Bürgermeisterin Ilse Varga.", []string{"Wir bauen die Brücke wieder auf"}},
		{"single typographic", "‘We are not leaving our homes,’ said resident Marta Quell.", []string{"We are not leaving our homes"}},
		{"apostrophes are not quotes", "Varga’s office said the town’s bridge won’t reopen. The farmers’ union agreed.", nil},
		{"colon intro", "Varga told the council: “The bridge will cost more than we hoped.”", []string{"The bridge will cost more than we hoped."}},
		{"spans sentences", "“The water came at night. We had ten minutes to leave. Some had less,” said Orlik.",
			[]string{"The water came at night.", "We had ten minutes to leave.", "Some had less"}},
		{"multi paragraph", "“The first wave took the mill.\n\n“The second took the school,” Orlik said.",
			[]string{"The first wave took the mill.", "The second took the school"}},
		{"unbalanced open ends at paragraph", "Orlik said “the river has never risen like this before in my life\n\nThe council met on Friday.",
			[]string{"the river has never risen like this before in my life"}},
		{"unbalanced short open dropped", "He said “never\n\nThe council met.", nil},
		{"stray closer ignored", "The council met” on Friday. “We need help now,” Orlik said.", []string{"We need help now"}},
		{"scare quotes skipped", `Officials called the flood a "once-in-a-century event" and the plan "robust."`, nil},
		{"short quote attributed kept", `"Never," Varga said.`, []string{"Never"}},
		{"closing mark glued to next word", "“Can we stop it?”Varga asked the engineers again.", []string{"Can we stop it?"}},
		{"mixed straight and typographic", "\"We were told to wait,” Orlik said.", []string{"We were told to wait"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			d := qDocOf("a", tc.body)
			qs := Quotes([]news.Document{d}, nil)
			var got []string
			for _, q := range qs {
				if q.Text != d.Body[q.Start:q.End] {
					t.Errorf("Text %q != Body[Start:End] %q", q.Text, d.Body[q.Start:q.End])
				}
				if q.Sentence.Start > q.Start || q.Sentence.End < q.End {
					t.Errorf("sentence %v does not hold quote %v", q.Sentence, q.Span)
				}
				got = append(got, q.Text)
			}
			if strings.Join(got, "|") != strings.Join(tc.want, "|") {
				t.Errorf("got %q\nwant %q", got, tc.want)
			}
		})
	}
}

func TestQuotesSpeakers(t *testing.T) {
	tests := []struct {
		name  string
		body  string
		quote string // a prefix of the quote checked
		want  string
		text  string // SpeakerText, when checked
	}{
		{"X said", "“The dam is safe,” engineer Pia Lund said on Monday.", "The dam", "Pia Lund", "engineer Pia Lund"},
		{"said X", "“The dam is safe,” said Pia Lund, the chief engineer.", "The dam", "Pia Lund", "Pia Lund"},
		{"X told Y", "“We lost everything,” farmer Tomas Orlik told reporters.", "We lost", "Tomas Orlik", ""},
		{"according to X", "The dam was “never meant to hold this much water,” according to Pia Lund.", "never meant", "Pia Lund", ""},
		{"possessive spokesman", "Mayor Ilse Varga visited the site. “Repairs start Monday,” Varga’s spokesman said.", "Repairs", "Ilse Varga", "Varga’s spokesman"},
		{"statement from", "“We regret the delay,” read a statement from the Northfield Water Authority.", "We regret", "Northfield Water Authority", ""},
		{"organization said in a statement", "“Crews are on site,” the Northfield Water Authority said in a statement.", "Crews", "Northfield Water Authority", ""},
		{"org canonical across story", "The Northfield Water Authority opened a hotline. “Call if you need water,” the Water Authority said.", "Call", "Northfield Water Authority", ""},
		{"added", "Pia Lund inspected the wall. “It will hold,” Lund added, “for now.”", "for now", "Pia Lund", ""},
		{"warned", "“Stay away from the banks,” Inspector Karl Dorn warned.", "Stay", "Karl Dorn", ""},
		{"colon with verb", "Farmer Tomas Orlik said: “The fields are gone.”", "The fields", "Tomas Orlik", ""},
		{"colon bare", "Tomas Orlik: “The fields are gone and so are the cows.”", "The fields", "Tomas Orlik", ""},
		{"previous sentence", "Pia Lund said the wall was sound.\n\n“We checked every meter of it twice.”", "We checked", "Pia Lund", ""},
		{"next sentence", "“We checked every meter of it twice.” That was what Pia Lund said after the inspection.", "We checked", "Pia Lund", ""},
		{"pronoun he", "Mr. Tomas Orlik farmed the valley for forty years. “I have never seen water like this,” he said.", "I have", "Tomas Orlik", "he"},
		{"pronoun she skips a man", "Mayor Ilse Varga spoke after Mr. Karl Dorn. “We will rebuild,” she said.", "We will", "Ilse Varga", ""},
		{"pronoun he skips a woman", "Mr. Karl Dorn met Mrs. Ilse Varga on Monday. “The road is closed,” he said.", "The road", "Karl Dorn", ""},
		{"surname to full name", "Mayor Ilse Varga toured the town. “Nobody is forgotten,” Varga said.", "Nobody", "Ilse Varga", "Varga"},
		{"role linked by apposition", "Pia Lund, the chief engineer, inspected the dam. “It is stable,” the engineer said.", "It is", "Pia Lund", "the engineer"},
		{"role linked by title", "Flood envoy Rasmus Hale arrived on Tuesday. “We need pumps,” the envoy said.", "We need", "Rasmus Hale", "the envoy"},
		{"unlinked role unknown", "“We need pumps,” a senior official said.", "We need", "", "a senior official"},
		{"relative clause", "Pia Lund, who designed the dam in 1998, said on Monday that it “will hold for decades.”", "will hold", "Pia Lund", ""},
		{"split quote second half", "“The dam held,” said Pia Lund. “The town did not.”", "The town", "Pia Lund", ""},
		{"they to organization", "The Northfield Water Authority met on Friday. “We will test every well,” they said.", "We will", "Northfield Water Authority", "they"},
		{"wire marks", "Karl Dorn, a neighbor, also spoke. ''We need more pumps,'' Dorn said, repeating the envoy's words.", "We need", "Karl Dorn", "Dorn"},
		{"short continuation kept", "“We need pumps,” the envoy Rasmus Hale said. “Send more.”", "Send", "Rasmus Hale", ""},
		{"role description before quote", "Rasmus Hale, the flood envoy, met farmers. The veteran envoy was asked about pumps. “We have none left,” he replied.", "We have", "Rasmus Hale", "he"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			qs := Quotes([]news.Document{qDocOf("a", tc.body)}, nil)
			for _, q := range qs {
				if !strings.HasPrefix(q.Text, tc.quote) {
					continue
				}
				if q.Speaker != tc.want {
					t.Errorf("speaker of %q = %q (%q), want %q", q.Text, q.Speaker, q.SpeakerText, tc.want)
				}
				if tc.text != "" && q.SpeakerText != tc.text {
					t.Errorf("speaker text of %q = %q, want %q", q.Text, q.SpeakerText, tc.text)
				}
				return
			}
			t.Errorf("no quote starting %q in %+v", tc.quote, qs)
		})
	}
}

func TestQuotesFixture(t *testing.T) {
	gold := qReadGold(t, "testdata/quotes-gold.json")
	for _, st := range qReadStoryDocs(t, "testdata/quotes-story.jsonl") {
		docs := qAnalyzeAll(st.Articles)
		groups := GroupQuotes(Quotes(docs, nil))
		for _, g := range groups {
			for _, v := range g.Versions {
				t.Logf("group %q: %s [%s|%s] %q %v", g.Speaker, v.DocID, v.Speaker, v.SpeakerText, v.Text, v.Diff)
			}
		}
		sc := qScoreQuotes(t, docs, gold.Clusters[0].Quotes, groups)
		sc.log(t, st.ID)
		if sc.found < sc.goldVariants {
			t.Errorf("found %d of %d gold quotes", sc.found, sc.goldVariants)
		}
		if sc.speakerRight*100 < 90*sc.found {
			t.Errorf("speaker accuracy %d/%d, want at least 0.9", sc.speakerRight, sc.found)
		}
		if sc.pairsTP*100 < 90*sc.pairsGold || sc.pairsTP*100 < 90*sc.pairsPred {
			t.Errorf("grouping pairs: tp %d, predicted %d, gold %d; want precision and recall at least 0.9", sc.pairsTP, sc.pairsPred, sc.pairsGold)
		}
	}
}

func TestGroupQuotes(t *testing.T) {
	q := func(doc, speaker, s string) news.Quote {
		return news.Quote{Excerpt: news.Excerpt{DocID: doc, Text: s}, Speaker: speaker}
	}
	tests := []struct {
		name   string
		quotes []news.Quote
		want   [][]int // indexes of quotes per group, in order
	}{
		{"contraction and tense", []news.Quote{
			q("a", "Ilse Varga", "I am not going to pretend this will be quick"),
			q("b", "Ilse Varga", "I'm not going to pretend this was quick"),
		}, [][]int{{0, 1}}},
		{"truncation and brackets", []news.Quote{
			q("a", "Pia Lund", "The levee was sound when we checked it in May"),
			q("b", "", "was sound when we checked [the levee]"),
		}, [][]int{{0, 1}}},
		{"different statements of one speaker", []news.Quote{
			q("a", "Ilse Varga", "We will rebuild every house that was lost."),
			q("b", "Ilse Varga", "Northfield has come back before and it will come back again."),
			q("c", "Ilse Varga", "We will not rebuild on the flood plain."),
		}, [][]int{{0}, {1}, {2}}},
		{"same words, different speakers", []news.Quote{
			q("a", "Rasmus Hale", "We need more pumps and we need them today"),
			q("b", "Karl Dorn", "We need more pumps and we need them today"),
		}, [][]int{{0}, {1}}},
		{"one version per outlet unless repeated", []news.Quote{
			q("a", "Pia Lund", "Nobody expected the river to rise four meters"),
			q("b", "Pia Lund", "Nobody expected the river to rise four meters in a night"),
			q("b", "Pia Lund", "Nobody expected the river to rise so fast"),
			q("a", "Pia Lund", "Nobody expected the river to rise four meters"),
		}, [][]int{{0, 1, 3}, {2}}},
		{"short quotes need more than containment", []news.Quote{
			q("a", "", "Send more."),
			q("b", "", "Send more pumps to the valley before the rain returns."),
		}, [][]int{{0}, {1}}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			gs := GroupQuotes(tc.quotes)
			var got [][]int
			for _, g := range gs {
				var ids []int
				for _, v := range g.Versions {
					for i := range tc.quotes {
						if tc.quotes[i].Text == v.Text && tc.quotes[i].DocID == v.DocID && !containsInt(ids, i) && !usedIn(got, i) {
							ids = append(ids, i)
							break
						}
					}
				}
				got = append(got, ids)
			}
			if fmtGroups(got) != fmtGroups(tc.want) {
				t.Errorf("groups %v, want %v", got, tc.want)
			}
		})
	}
}

func containsInt(xs []int, x int) bool {
	for _, y := range xs {
		if y == x {
			return true
		}
	}
	return false
}

func usedIn(gs [][]int, x int) bool {
	for _, g := range gs {
		if containsInt(g, x) {
			return true
		}
	}
	return false
}

func fmtGroups(gs [][]int) string {
	b, _ := json.Marshal(gs)
	return string(b)
}

func TestDiff(t *testing.T) {
	tests := []struct {
		a, b string
		want string
	}{
		{"the levee held", "the levee held", "=the levee held"},
		{"I am not sure I can impose an agenda to people", "I'm not sure I can impose an agenda on people",
			"-I am|+I'm|=not sure I can impose an agenda|-to|+on|=people"},
		{"We will rebuild every house that was lost.", "rebuild every house that was lost.", "-We will|=rebuild every house that was lost."},
		{"Nobody expected it", "Nobody, they said, expected it", "=Nobody,|+they said,|=expected it"},
		{"", "new words", "+new words"},
		{"old words", "", "-old words"},
		{"“Quoted” words", "\"quoted\" WORDS", "=\"quoted\" WORDS"},
	}
	for _, tc := range tests {
		var parts []string
		for _, op := range Diff(tc.a, tc.b) {
			parts = append(parts, op.Op+op.Text)
		}
		if got := strings.Join(parts, "|"); got != tc.want {
			t.Errorf("Diff(%q, %q) = %q, want %q", tc.a, tc.b, got, tc.want)
		}
	}
}

func FuzzQuotes(f *testing.F) {
	for _, s := range []string{
		"“Open and never closed, he said.\n\n“Again,” she said.",
		"''Wire'' and ``tex'' and «guillemets» and »reversed« and ‘single’.",
		"\"\"\"\" ” “ ‘ ’ '' `` « »",
		"Mr. Orlik said: “x” and ‘y’s’ don’t \xff\xfe “",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		docs := []news.Document{qDocOf("a", body), qDocOf("b", body+"\n\n"+body)}
		qs := Quotes(docs, nil)
		for _, q := range qs {
			d := docs[0]
			if q.DocID == "b" {
				d = docs[1]
			}
			if q.Start < 0 || q.End > len(d.Body) || q.Start >= q.End || q.Text != d.Body[q.Start:q.End] {
				t.Fatalf("bad span %v %q", q.Span, q.Text)
			}
			if q.Sentence.Start > q.Start || q.Sentence.End < q.End || q.Sentence.Start < 0 || q.Sentence.End > len(d.Body) {
				t.Fatalf("bad sentence %v for %v", q.Sentence, q.Span)
			}
		}
		n := 0
		for _, g := range GroupQuotes(qs) {
			n += len(g.Versions)
		}
		if n != len(qs) {
			t.Fatalf("%d versions for %d quotes", n, len(qs))
		}
	})
}

// qSyntheticStory invents a story of n articles: shared quotes rendered
// with variations, paragraphs of plain reporting and names.
func qSyntheticStory(n int) []news.Document {
	first := []string{"Ilse", "Tomas", "Pia", "Rasmus", "Karl", "Marta", "Oskar", "Lena"}
	last := []string{"Varga", "Orlik", "Lund", "Hale", "Dorn", "Quell", "Brandt", "Sorel"}
	roles := []string{"Mayor", "farmer", "engineer", "envoy", "neighbor", "resident", "Inspector", "Councillor"}
	lines := []string{
		"We will rebuild every house that was lost",
		"The levee was sound when we checked it",
		"Nobody expected the river to rise four meters in a night",
		"We need more pumps and we need them today",
		"The water took everything we had",
		"Northfield has come back before and it will come back again",
	}
	docs := make([]news.Document, n)
	for i := range docs {
		var b strings.Builder
		for p := 0; p < 12; p++ {
			k := (i + p) % len(first)
			name := first[k] + " " + last[k]
			line := lines[(i*3+p)%len(lines)]
			if (i+p)%2 == 1 {
				line = strings.Replace(line, "We will", "We'll", 1)
			}
			switch p % 4 {
			case 0:
				fmt.Fprintf(&b, "%s %s said the town of Northfield would need %d weeks to recover after the flood of the Kessel river, which forced %d people from their homes.\n\n", roles[k], name, p+2, 1000+i*37)
			case 1:
				fmt.Fprintf(&b, "“%s,” %s %s told reporters on Monday. “It is %d days since the levee failed.”\n\n", line, roles[k], name, p)
			case 2:
				fmt.Fprintf(&b, "%s visited the shelter. “%s,” %s said.\n\n", name, line, []string{"he", "she"}[k%2])
			default:
				fmt.Fprintf(&b, "Officials from the Northfield Water Authority said the water was safe. \"%s,\" said %s.\n\n", line, last[k])
			}
		}
		docs[i] = text.Analyze(news.Article{ID: fmt.Sprintf("d%02d", i), Outlet: fmt.Sprintf("Outlet %d", i), Body: b.String()})
	}
	return docs
}

func BenchmarkQuotes(b *testing.B) {
	docs := qSyntheticStory(25)
	n := len(Quotes(docs, nil))
	b.ResetTimer()
	for b.Loop() {
		GroupQuotes(Quotes(docs, nil))
	}
	b.ReportMetric(float64(n), "quotes/op")
}
