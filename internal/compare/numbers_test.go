package compare

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/shareddata"
	"github.com/parallaxnews/parallax/internal/text"
)

// figStory analyses invented articles "d1", "d2", … with the given bodies.
func figStory(bodies ...string) []news.Document {
	docs := make([]news.Document, len(bodies))
	for i, b := range bodies {
		docs[i] = text.Analyze(news.Article{ID: fmt.Sprintf("d%d", i+1), Body: b})
	}
	return docs
}

const figOpen = math.MaxFloat64

func TestFigureNormalization(t *testing.T) {
	tests := []struct {
		body      string
		text      string // the excerpt
		value     float64
		low, high float64
		hedge     string
		unit      string
	}{
		{"Officials said 130,000 people were evacuated.", "130,000 people", 130000, 130000, 130000, "", "people"},
		{"The fund lost $1.2 billion last year.", "$1.2 billion", 1.2e9, 1.15e9, 1.25e9, "", "dollars"},
		{"The company paid $3bn for the port.", "$3bn", 3e9, 3e9, 3e9, "", "dollars"},
		{"Some 130k residents left the valley.", "Some 130k residents", 130000, 117000, 143000, "some", "residents"},
		{"Two dozen trucks crossed the bridge.", "Two dozen trucks", 24, 24, 24, "", "trucks"},
		{"Twenty-five villagers were rescued on Sunday.", "Twenty-five villagers", 25, 25, 25, "", "villagers"},
		{"A hundred volunteers joined the search.", "A hundred volunteers", 100, 100, 100, "", "volunteers"},
		{"Half a million pilgrims attended the festival.", "Half a million pilgrims", 5e5, 5e5, 5e5, "", "pilgrims"},
		{"Between 20 and 30 houses burned.", "Between 20 and 30 houses", 25, 20, 30, "between", "houses"},
		{"Officials counted 20 to 30 boats in the harbour.", "20 to 30 boats", 25, 20, 30, "between", "boats"},
		{"Rescuers found 40-60 survivors.", "40-60 survivors", 50, 40, 60, "between", "survivors"},
		{"Prices in Velmora rose 4.5% over the winter.", "4.5%", 4.5, 4.45, 4.55, "", "percent"},
		{"Turnout fell by 3 percent this year.", "3 percent", 3, 3, 3, "", "percent"},
		{"The council pledged €5 million in aid.", "€5 million", 5e6, 5e6, 5e6, "", "euros"},
		{"The club signed him in a £40m deal.", "£40m", 40e6, 40e6, 40e6, "", "pounds"},
		{"The league paid 2 million euros in fines.", "2 million euros", 2e6, 2e6, 2e6, "", "euros"},
		{"The dam was finished in 1998 after long delays.", "in 1998", 1998, 1998, 1998, "", "year"},
		{"The strike lasted three days.", "three days", 3, 3, 3, "", "days"},
		{"Talks must end in two weeks, the mediator warned.", "in two weeks", 2, 2, 2, "", "weeks"},
		{"The nearly four-year drought ended.", "nearly four-year drought", 4, 3.6, 4, "nearly", "years"},
		{"The driver, a 32-year-old teacher, was unhurt.", "32-year-old", 32, 32, 32, "", "years"},
		{"The convoy travelled 45 kilometres before dawn.", "45 kilometres", 45, 45, 45, "", "kilometres"},
		{"At least 12 people were killed in the blast.", "At least 12 people", 12, 12, figOpen, "at least", "people"},
		{"The storm killed more than 600 people.", "more than 600 people", 600, 600, figOpen, "more than", "people"},
		{"The fire destroyed up to 300 homes.", "up to 300 homes", 300, 0, 300, "up to", "homes"},
		{"Floods reached nearly 1,000 homes.", "nearly 1,000 homes", 1000, 900, 1000, "nearly", "homes"},
		{"Fewer than 50 ships used the canal.", "Fewer than 50 ships", 50, 0, 50, "fewer than", "ships"},
		{"Rescuers freed one hundred and twenty miners.", "one hundred and twenty miners", 120, 120, 120, "", "miners"},
		{"The hall holds no more than 40 guests.", "no more than 40 guests", 40, 0, 40, "no more than", "guests"},
		{"About 950 people were evacuated.", "About 950 people", 950, 855, 1045, "about", "people"},
		{"The quake left an estimated 2,400 people homeless.", "an estimated 2,400 people", 2400, 2160, 2640, "an estimated", "people"},
		{"The budget is in excess of 2.5 million dollars.", "in excess of 2.5 million dollars", 2.5e6, 2.45e6, figOpen, "in excess of", "dollars"},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			figs := Figures(figStory(tt.body))
			var got *news.FigureValue
			var unit string
			for _, f := range figs {
				for k, v := range f.Values {
					if v.Text == tt.text {
						got, unit = &f.Values[k], f.Unit
					}
				}
			}
			if got == nil {
				t.Fatalf("no figure %q in %q; got %+v", tt.text, tt.body, figs)
			}
			near := func(a, b float64) bool { return a == b || math.Abs(a-b) <= 1e-9*math.Max(math.Abs(a), math.Abs(b)) }
			if !near(got.Value, tt.value) || !near(got.Low, tt.low) || !near(got.High, tt.high) || got.Hedge != tt.hedge || unit != tt.unit {
				t.Errorf("got value %g [%g, %g] hedge %q unit %q, want %g [%g, %g] %q %q",
					got.Value, got.Low, got.High, got.Hedge, unit, tt.value, tt.low, tt.high, tt.hedge, tt.unit)
			}
		})
	}
}

func TestFiguresLeftOut(t *testing.T) {
	bodies := []string{
		"On Jan. 27, 2014, the third convoy left.",
		"The meeting starts at 9:30 a.m. on 14 March.",
		"The 3rd brigade and the 1990s reforms were debated.",
		"For details call 555-0134 or (202) 555-0188.",
		"1. Bring water.",
		"Resolution 2139 passed and Flight 17 landed.",
		"Thousands of people and hundreds of officials marched.",
		"One of the guards said the two sides had met.",
		"The toll rose from 20 to 35 people.",
	}
	for _, b := range bodies {
		for _, f := range Figures(figStory(b)) {
			for _, v := range f.Values {
				if b == bodies[len(bodies)-1] && v.Value == 35 {
					continue // the current figure of a change is kept
				}
				t.Errorf("%q: unexpected figure %q (%s)", b, v.Text, f.What)
			}
		}
	}
}

func TestFigureAgreement(t *testing.T) {
	tests := []struct {
		name   string
		a, b   string
		agree  bool
		what   string
		values int
	}{
		{"lower bounds", "The war has killed more than 130,000 people.", "The war has killed over 130,000 people.", true, "people killed", 2},
		{"lives claimed", "The fighting has claimed more than 130,000 lives.", "The fighting has killed over 130,000 people.", true, "people killed", 2},
		{"bound and exact", "More than 600 people were evacuated from Tarsel.", "Some 600 people were evacuated from Tarsel.", true, "people evacuated", 2},
		{"bound and plain", "More than 600 people were evacuated from Tarsel.", "Officials evacuated 600 people from Tarsel.", true, "people evacuated", 2},
		{"nearly and about", "Nearly 1,000 people were evacuated.", "About 950 people were evacuated.", true, "people evacuated", 2},
		{"about tolerance", "About 130,000 people were killed in the war.", "The war killed 140,000 people.", true, "people killed", 2},
		{"exact conflict", "The war has killed 130,000 people.", "The war has killed 140,000 people.", false, "people killed", 2},
		{"bounds conflict", "At least 40 people died in the crash.", "Up to 30 people died in the crash.", false, "people killed", 2},
		{"rounding", "The donors pledged $1.2 billion in aid to Corvath.", "The donors pledged $1.25 billion in aid to Corvath.", true, "money", 2},
		{"years", "The treaty was signed in 2012 in Vellin.", "Both sides cite the 2012 treaty.", true, "year: treaty", 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			figs := Figures(figStory(tt.a, tt.b))
			if len(figs) == 0 {
				t.Fatal("no figures")
			}
			f := figs[0]
			if len(f.Values) != tt.values || f.Agree != tt.agree || !strings.HasPrefix(f.What, tt.what) {
				t.Errorf("got %q agree=%v with %d values, want %q agree=%v with %d; all: %+v", f.What, f.Agree, len(f.Values), tt.what, tt.agree, tt.values, figs)
			}
		})
	}
}

func TestFiguresKeepEventsApart(t *testing.T) {
	docs := figStory(
		"The blast in Orlen killed 30 people and injured 40.",
		"Police said 30 people were killed and 45 people were injured in Orlen.",
	)
	figs := Figures(docs)
	byWhat := map[string]news.Figure{}
	for _, f := range figs {
		byWhat[f.What] = f
	}
	k, i := byWhat["people killed"], byWhat["people injured"]
	if len(k.Values) != 2 || !k.Agree || k.Values[0].Value != 30 || k.Values[1].Value != 30 {
		t.Errorf("killed: %+v", k)
	}
	if len(i.Values) != 2 || i.Agree || i.Values[0].Value != 40 || i.Values[1].Value != 45 {
		t.Errorf("injured: %+v", i)
	}
}

func TestFiguresSameArticle(t *testing.T) {
	// A restatement in another sentence joins; a different value of the
	// same article stays apart and is no conflict.
	docs := figStory("The flood killed 12 people in Dusk Hollow. The 12 people killed were farmers.",
		"The flood killed 12 people. Upstream, a landslide killed 3 people in Merrow.")
	for _, f := range Figures(docs) {
		if !f.Agree {
			t.Errorf("conflict claimed: %+v", f)
		}
	}
}

func TestFiguresOrder(t *testing.T) {
	docs := figStory("The ferry carried 80 passengers. The storm killed 9 people.",
		"The storm killed 9 people, officials said.")
	figs := Figures(docs)
	if len(figs) < 2 || figs[0].What != "people killed" || len(figs[0].Values) != 2 {
		t.Errorf("the figure both outlets report should come first: %+v", figs)
	}
}

// figGoldFile is the part of seeds-gold.json these tests read.
type figGoldFile struct {
	Clusters []struct {
		ID      string `json:"id"`
		Numbers []struct {
			What   string `json:"what"`
			Values []struct {
				Doc   string  `json:"doc"`
				Text  string  `json:"text"`
				Value float64 `json:"value"`
			} `json:"values"`
			Agree *bool `json:"agree"`
		} `json:"numbers"`
		Entities []struct {
			Name    string   `json:"name"`
			Kind    string   `json:"kind"`
			Aliases []string `json:"aliases"`
			Docs    []string `json:"docs"`
		} `json:"entities"`
	} `json:"clusters"`
}

// figFoldGold folds case, whitespace and typographic quotes, as the gold is matched.
func figFoldGold(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", "\"", "”", "\"").Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

func figReadSeeds(t testing.TB) ([]news.Document, figGoldFile) {
	t.Helper()
	data := shareddata.Path(t, "compare/seeds.jsonl")
	goldPath := shareddata.Path(t, "compare/seeds-gold.json")
	stories, errs := ingest.ReadStories(context.Background(), data, ingest.Options{})
	if len(stories) != 1 {
		t.Fatalf("read %s: %d stories, errors %v", data, len(stories), errs)
	}
	var docs []news.Document
	for _, a := range stories[0].Articles {
		docs = append(docs, text.Analyze(a))
	}
	b, err := os.ReadFile(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	var g figGoldFile
	if err := json.Unmarshal(b, &g); err != nil {
		t.Fatalf("%s: %v", goldPath, err)
	}
	return docs, g
}

func TestFiguresSeeds(t *testing.T) {
	docs, gold := figReadSeeds(t)
	figs := Figures(docs)
	for _, f := range figs {
		if !f.Agree {
			t.Errorf("conflict claimed on the seeds: %+v", f)
		}
	}
	// locate finds the figure group holding a value whose excerpt
	// overlaps the gold excerpt.
	locate := func(doc, excerpt string) (int, bool) {
		ex := figFoldGold(excerpt)
		for gi, f := range figs {
			for _, v := range f.Values {
				got := figFoldGold(v.Text)
				if v.DocID == doc && (strings.Contains(got, ex) || strings.Contains(ex, got)) {
					return gi, true
				}
			}
		}
		return -1, false
	}
	found, total := 0, 0
	for _, n := range gold.Clusters[0].Numbers {
		group := -2
		for _, v := range n.Values {
			total++
			gi, ok := locate(v.Doc, v.Text)
			if !ok {
				t.Logf("missing: %s %q (%s)", v.Doc, v.Text, n.What)
				continue
			}
			found++
			if group == -2 {
				group = gi
			} else if group != gi {
				t.Errorf("%s: values not grouped together", n.What)
			}
		}
		if n.Agree != nil && *n.Agree && group >= 0 && (!figs[group].Agree || len(figs[group].Values) != len(n.Values)) {
			t.Errorf("%s: want an agreeing group of %d values, got %+v", n.What, len(n.Values), figs[group])
		}
	}
	t.Logf("seeds: %d of %d gold figure values found, %d figure groups reported", found, total, len(figs))
	if found != total {
		t.Errorf("found %d of %d gold values", found, total)
	}
}

func FuzzFigures(f *testing.F) {
	for _, s := range []string{
		"More than 130,000 people were killed. About $1.2 billion; 20-30 trucks.",
		"between 5 and", "$", "half a", "a hundred and", "20 to", "in 2012", "3-year-old",
		"nearly three-year war in two weeks", "1,2,3,4 5.5.5 $$3bn £ €1 ¥",
	} {
		f.Add(s, "Over 40 people died.")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		docs := figStory(a, b)
		for _, fig := range Figures(docs) {
			if len(fig.Values) == 0 {
				t.Fatal("empty figure")
			}
			for _, v := range fig.Values {
				var body string
				for _, d := range docs {
					if d.ID == v.DocID {
						body = d.Body
					}
				}
				if v.Start < 0 || v.End > len(body) || v.Start >= v.End || body[v.Start:v.End] != v.Text {
					t.Fatalf("bad span %+v", v)
				}
				if !utf8.ValidString(v.Text) && utf8.ValidString(body) {
					t.Fatalf("span splits a rune: %q", v.Text)
				}
				if math.IsNaN(v.Value) || math.IsInf(v.Value, 0) || v.Low > v.High {
					t.Fatalf("bad bounds %+v", v)
				}
			}
		}
	})
}

// figSyntheticStory writes n invented articles about an invented flood, each
// with figures, names and quotes, of about 600 words.
func figSyntheticStory(n int) []news.Document {
	towns := []string{"Tarsel", "Orlen", "Vellin", "Dusk Hollow", "Merrow"}
	people := []string{"Anika Brell", "Tomas Verano", "Ilse Marrik", "Jonah Pell"}
	orgs := []string{"Regional Water Authority", "Red Harbor Relief Agency", "Velmora Ministry of Transport"}
	hedges := []string{"more than", "about", "at least", "nearly", "", "over", "some"}
	bodies := make([]string, n)
	for i := range bodies {
		var b strings.Builder
		for p := 0; p < 12; p++ {
			town := towns[(i+p)%len(towns)]
			who := people[(i*3+p)%len(people)]
			org := orgs[(i+p)%len(orgs)]
			h := hedges[(i+p)%len(hedges)]
			fmt.Fprintf(&b, "Floods in %s have killed %s %d people and injured %d, officials of the %s said on Tuesday. ", town, h, 40+(i%3)*5, 120+p, org)
			fmt.Fprintf(&b, "\"We need $%d.%d million in aid within two weeks,\" said %s, who has led the effort since 2019. ", 1+p%4, i%10, who)
			fmt.Fprintf(&b, "About %d,000 residents were evacuated to %s, and %d%% of the roads are closed. ", 10+i%7, towns[(p+2)%len(towns)], 20+p)
			fmt.Fprintf(&b, "Mr. %s added that twenty-five trucks and two dozen boats reached the %s region in three days.\n\n", strings.Fields(who)[1], town)
		}
		bodies[i] = b.String()
	}
	return figStory(bodies...)
}

func BenchmarkFigures(b *testing.B) {
	docs := figSyntheticStory(25)
	b.ResetTimer()
	for b.Loop() {
		Figures(docs)
	}
}

func TestFiguresDifferentPlacesNoConflict(t *testing.T) {
	docs := figStory("Floods in Tarsel have killed 40 people, officials said.",
		"Floods in Orlen have killed 45 people, officials said.")
	for _, f := range Figures(docs) {
		if !f.Agree {
			t.Errorf("conflict claimed between places: %+v", f)
		}
	}
}
