package cluster

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"strings"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
)

// Invented events: two harbour fires of the same kind in different towns
// with different people and figures, and an unrelated election.
var (
	fireAlder = []string{
		"A fire swept through the fish market at Port Alder harbour on Monday night, destroying twelve stalls. Harbourmaster Ilse Varga said crews from Port Alder and Kessing fought the blaze for four hours.",
		"Firefighters battled a blaze at the Port Alder fish market for four hours, Harbourmaster Ilse Varga said. Twelve stalls were destroyed and the market will stay closed until 2031 repairs are planned.",
		"The Port Alder fish market fire destroyed twelve stalls. Ilse Varga, the harbourmaster, thanked the Kessing crews who helped fight the blaze overnight.",
	}
	fireBrenn = []string{
		"A fire broke out in the timber yard at Brennwick harbour on Thursday, burning 340 tonnes of stacked timber. Fire chief Oskar Lindqvist said the Brennwick yard had no sprinklers.",
		"Fire chief Oskar Lindqvist said the blaze at the Brennwick timber yard burned 340 tonnes of timber before crews contained it on Thursday evening.",
		"The Brennwick timber yard fire was contained after burning 340 tonnes of timber, chief Oskar Lindqvist told reporters at the harbour.",
	}
	election = []string{
		"Voters in the Marrow Valley district elected Teodora Blum as mayor on Sunday, with 58 percent of the vote. Blum promised to reopen the valley railway line.",
		"Teodora Blum won the Marrow Valley mayoral election with 58 percent, pledging to reopen the railway line to the valley towns.",
	}
)

func articles(groups ...[]string) (arts []news.Article, gold []string) {
	outlets := []string{"Alder Courier", "Coast Herald", "Valley Post"}
	for g, texts := range groups {
		for i, t := range texts {
			arts = append(arts, news.Article{ID: fmt.Sprintf("g%d-%d", g, i), Outlet: outlets[i%len(outlets)], Body: t})
			gold = append(gold, fmt.Sprint(g))
		}
	}
	return arts, gold
}

// samePartition tells whether two labelings group the items alike.
func samePartition(a, b []string) bool {
	ab, ba := map[string]string{}, map[string]string{}
	for i := range a {
		if x, ok := ab[a[i]]; ok && x != b[i] {
			return false
		}
		if x, ok := ba[b[i]]; ok && x != a[i] {
			return false
		}
		ab[a[i]], ba[b[i]] = b[i], a[i]
	}
	return true
}

func TestClusterSeparatesEventsOfOneKind(t *testing.T) {
	arts, gold := articles(fireAlder, fireBrenn, election)
	for seed := uint64(0); seed < 6; seed++ {
		order := append([]news.Article(nil), arts...)
		g := append([]string(nil), gold...)
		if seed > 0 {
			r := rand.New(rand.NewPCG(seed, seed))
			r.Shuffle(len(order), func(i, j int) {
				order[i], order[j] = order[j], order[i]
				g[i], g[j] = g[j], g[i]
			})
		}
		res := Cluster(order, Options{})
		var got []string
		for _, a := range res.Assignments {
			got = append(got, a.Story)
		}
		if !samePartition(got, g) {
			t.Errorf("order %d: stories %v, want the partition %v", seed, got, g)
		}
	}
}

func TestClusterDeterministic(t *testing.T) {
	arts, _ := articles(fireAlder, fireBrenn, election)
	a := Cluster(arts, Options{})
	for i := 0; i < 5; i++ {
		if b := Cluster(arts, Options{}); !reflect.DeepEqual(a, b) {
			t.Fatalf("run %d differs:\n%+v\n%+v", i, a, b)
		}
	}
}

func TestStoryView(t *testing.T) {
	arts, _ := articles(fireAlder)
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	for i := range arts {
		arts[i].Published = day.Add(time.Duration(i) * time.Hour)
	}
	arts[1].Title = "Fish market fire destroys twelve stalls at Port Alder"
	res := Cluster(arts, Options{})
	if len(res.Stories) != 1 {
		t.Fatalf("%d stories, want 1: %+v", len(res.Stories), res.Stories)
	}
	s := res.Stories[0]
	if s.Title != arts[1].Title {
		t.Errorf("title %q, want the only headline", s.Title)
	}
	if !s.First.Equal(day) || !s.Last.Equal(day.Add(2*time.Hour)) {
		t.Errorf("first %v last %v", s.First, s.Last)
	}
	if want := []string{"Alder Courier", "Coast Herald", "Valley Post"}; !reflect.DeepEqual(s.Outlets, want) {
		t.Errorf("outlets %v, want %v", s.Outlets, want)
	}
	if len(s.Articles) != 3 {
		t.Errorf("articles %v", s.Articles)
	}
}

func TestBadInput(t *testing.T) {
	long := strings.Repeat("The harbour board met on Tuesday to discuss the new mooring fees for visiting yachts. ", 3)
	arts := []news.Article{
		{ID: "empty"},
		{ID: "a", Body: long, Published: time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "copy", Body: strings.ToUpper(long), Outlet: "Other", Published: time.Date(2026, 5, 1, 1, 0, 0, 0, time.UTC)},
		{ID: "ancient", Body: long + " More.", Published: time.Date(1066, 10, 14, 0, 0, 0, 0, time.UTC)},
		{ID: "future", Body: "Entirely unrelated: the glacier museum opened its winter hall to visitors.", Published: time.Date(9999, 1, 1, 0, 0, 0, 0, time.UTC)},
		{ID: "undated", Body: "Only punctuation follows: ... !!! ???"},
	}
	res := Cluster(arts, Options{})
	by := map[string]Assignment{}
	for _, a := range res.Assignments {
		by[a.ArticleID] = a
	}
	if len(res.Assignments) != len(arts) {
		t.Fatalf("%d assignments for %d articles", len(res.Assignments), len(arts))
	}
	if w := by["empty"].Warning; !strings.Contains(w, "no text") {
		t.Errorf("empty article: warning %q", w)
	}
	if c := by["copy"]; c.Story != by["a"].Story || c.CopyOf != "a" {
		t.Errorf("identical text: %+v, want a copy of a in its story", c)
	}
	if w := by["ancient"].Warning; !strings.Contains(w, "absurd date") {
		t.Errorf("a date in 1066: warning %q", w)
	}
	if w := by["future"].Warning; !strings.Contains(w, "absurd date") {
		t.Errorf("a date in 9999: warning %q", w)
	}
	if by["ancient"].Story != by["a"].Story {
		t.Errorf("the article with an absurd date should still join its story by its text")
	}
	if one := Cluster(arts[1:2], Options{}); len(one.Stories) != 1 || !one.Assignments[0].New {
		t.Errorf("a single article: %+v", one)
	}
	if none := Cluster(nil, Options{}); len(none.Assignments) != 0 || len(none.Stories) != 0 {
		t.Errorf("no articles: %+v", none)
	}
}

// TestWindowForgets: a story quiet for longer than the window is
// forgotten, and a later report of the same kind starts a new story.
func TestWindowForgets(t *testing.T) {
	var forgotten []Story
	c := New(Options{Window: 24 * time.Hour, Forgotten: func(s Story) { forgotten = append(forgotten, s) }})
	day := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	a := news.Article{ID: "a", Body: fireAlder[0], Published: day}
	b := news.Article{ID: "b", Body: fireAlder[1], Published: day.Add(2 * time.Hour)}
	first, second := c.Add(&a), c.Add(&b)
	if first.Story != second.Story {
		t.Fatalf("two reports of one fire two hours apart split: %+v %+v", first, second)
	}
	// Enough filler a week later to pass the expiry check.
	for i := 0; i < 1100; i++ {
		f := news.Article{ID: fmt.Sprint("f", i), Body: fmt.Sprintf("Filler item number %d about the tide tables of cove %d.", i, i), Published: day.Add(7 * 24 * time.Hour)}
		c.Add(&f)
	}
	late := news.Article{ID: "late", Body: fireAlder[2], Published: day.Add(7*24*time.Hour + time.Hour)}
	if as := c.Add(&late); as.Story == first.Story {
		t.Errorf("a report a week later joined the forgotten story %s", first.Story)
	}
	found := false
	for _, s := range forgotten {
		if s.ID == first.Story {
			found = reflect.DeepEqual(s.Articles, []string{"a", "b"})
		}
	}
	if !found {
		t.Errorf("the forgotten story was not handed over with its articles: %+v", forgotten)
	}
}

// TestSettle: a small story joins a larger one it resembles when the
// stream settles; an unrelated one stays apart.
func TestSettle(t *testing.T) {
	c := New(Options{Threshold: 0.99})
	x := news.Article{ID: "x", Body: fireAlder[0]}
	x2 := news.Article{ID: "x2", Body: fireAlder[0], Outlet: "Wire"}
	y := news.Article{ID: "y", Body: fireAlder[1]}
	z := news.Article{ID: "z", Body: election[0]}
	ax, ax2, ay, az := c.Add(&x), c.Add(&x2), c.Add(&y), c.Add(&z)
	if ax.Story != ax2.Story || ax2.CopyOf != "x" {
		t.Fatalf("the copy did not join its original: %+v %+v", ax, ax2)
	}
	if ay.Story == ax.Story || az.Story == ax.Story {
		t.Fatalf("at threshold 0.99 y and z should start stories of their own: %+v %+v", ay, az)
	}
	merged := c.Settle()
	if merged[ay.Story] != ax.Story {
		t.Errorf("y's story was not absorbed by x's: %v", merged)
	}
	if _, ok := merged[az.Story]; ok {
		t.Errorf("the unrelated story was absorbed: %v", merged)
	}
	if got := len(c.Stories()); got != 2 {
		t.Errorf("%d live stories after settling, want 2", got)
	}
	if off := New(Options{AbsorbSize: -1}); off.Settle() != nil {
		t.Errorf("AbsorbSize -1 should turn settling off")
	}
}
