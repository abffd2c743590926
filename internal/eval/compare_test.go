package eval

import (
	"bytes"
	"context"
	"encoding/json"
	"math"
	"os"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/shareddata"
)

// An invented story of two articles and a gold for it, to check the
// scorer against counts worked out by hand.
const (
	bodyA = "The ferry Marisol ran aground off Port Alder on Sunday, stranding about 240 passengers.\n\n" +
		"“We are doing everything we can to bring them home,” harbor master Ines Okafor said.\n\n" +
		"“Nobody is hurt,” she added.\n\n" +
		"The coast guard sent two boats."
	bodyB = "The ferry ran aground near Port Alder on Sunday with 250 people aboard.\n\n" +
		"\"We're doing everything  we can to bring them home,\" Okafor told reporters.\n\n" +
		"The company said repairs would take three weeks.\n\n" +
		"Share this story"
)

const inventedGold = `{
  "description": "invented",
  "clusters": [{
    "id": "ferry",
    "documents": {"A": "a1", "B": "b1"},
    "boilerplate": [
      {"doc": "A", "text": "Watch Live"},
      {"doc": "B", "text": "Share this story", "kind": "share prompt"}
    ],
    "quotes": [
      {"speaker": "Ines Okafor", "variants": [
        {"doc": "A", "text": "We are doing everything we can to bring them home"},
        {"doc": "B", "text": "We’re doing everything we can to bring them home"}]},
      {"speaker": "Ines Okafor", "variants": [{"doc": "A", "text": "Nobody is hurt"}]}
    ],
    "numbers": [
      {"what": "passengers", "values": [
        {"doc": "A", "text": "about 240 passengers", "value": 240},
        {"doc": "B", "text": "250 people", "value": 250}], "agree": false},
      {"what": "boats", "values": [{"doc": "A", "text": "two boats", "value": 2}]},
      {"what": "repair time", "values": [{"doc": "B", "text": "three weeks", "value": 3}]}
    ],
    "shared_facts": [
      {"fact": "The ferry ran aground near Port Alder on Sunday", "docs": ["A", "B"]},
      {"fact": "The coast guard sent boats", "docs": ["A", "B"]}
    ],
    "exclusives": [
      {"doc": "A", "fact": "The coast guard sent two boats"},
      {"doc": "B", "fact": "Repairs will take three weeks"},
      {"doc": "B", "fact": "The company blamed the weather"}
    ],
    "entities": [
      {"name": "Ines Okafor", "kind": "person", "aliases": ["Okafor"]},
      {"name": "Port Alder", "kind": "place"},
      {"name": "Marisol", "kind": "other"}
    ]
  }]
}`

func inventedStory() news.Story {
	return news.Story{ID: "ferry", Articles: []news.Article{
		{ID: "a1", Outlet: "Harbor Gazette", Body: bodyA},
		{ID: "b1", Outlet: "Meridian Press", Body: bodyB},
	}}
}

// ex is the excerpt of body that s is, found by plain search.
func ex(t *testing.T, docID, body, s string) news.Excerpt {
	t.Helper()
	i := strings.Index(body, s)
	if i < 0 {
		t.Fatalf("%q not in %s", s, docID)
	}
	return news.Excerpt{DocID: docID, Span: news.Span{Start: i, End: i + len(s)}, Text: s}
}

// inventedOutput is a comparison with known mistakes.
func inventedOutput(t *testing.T) news.Comparison {
	q := func(e news.Excerpt, speaker string) news.QuoteVersion {
		return news.QuoteVersion{Quote: news.Quote{Excerpt: e, Speaker: speaker}}
	}
	fv := func(e news.Excerpt, v float64) news.FigureValue { return news.FigureValue{Excerpt: e, Value: v} }
	sentA1 := ex(t, "a1", bodyA, "The ferry Marisol ran aground off Port Alder on Sunday, stranding about 240 passengers.")
	sentB1 := ex(t, "b1", bodyB, "The ferry ran aground near Port Alder on Sunday with 250 people aboard.")
	return news.Comparison{
		Quotes: []news.QuoteGroup{
			{Speaker: "Ines Okafor", Versions: []news.QuoteVersion{
				q(ex(t, "a1", bodyA, "We are doing everything we can to bring them home,"), "Ines Okafor"),
				q(ex(t, "b1", bodyB, "We're doing everything  we can to bring them home,"), "Okafor"),
				// Another statement put in the same group, with the
				// wrong speaker.
				q(ex(t, "a1", bodyA, "Nobody is hurt,"), "Edgar Vasquez"),
			}},
			// Not a quotation at all.
			{Versions: []news.QuoteVersion{q(ex(t, "b1", bodyB, "repairs would take three weeks"), "")}},
		},
		Figures: []news.Figure{
			// The right values, the wrong verdict.
			{What: "passengers", Agree: true, Values: []news.FigureValue{
				fv(ex(t, "a1", bodyA, "about 240 passengers"), 240), fv(ex(t, "b1", bodyB, "250 people"), 250)}},
			{What: "boats", Agree: true, Values: []news.FigureValue{fv(ex(t, "a1", bodyA, "two boats"), 2)}},
			// Read in days: a value the gold does not have.
			{What: "repair time", Agree: true, Values: []news.FigureValue{fv(ex(t, "b1", bodyB, "three weeks"), 21)}},
			// A conflict between two different quantities.
			{What: "things", Agree: false, Values: []news.FigureValue{
				fv(ex(t, "a1", bodyA, "240"), 240), fv(ex(t, "a1", bodyA, "two"), 2)}},
		},
		Shared: []news.Fact{{Text: sentA1.Text, Sources: []news.Excerpt{sentA1, sentB1}}},
		Exclusives: []news.Fact{
			{Text: "The coast guard sent two boats.", Sources: []news.Excerpt{ex(t, "a1", bodyA, "The coast guard sent two boats.")}},
			{Text: "The company said repairs would take three weeks.", Sources: []news.Excerpt{ex(t, "b1", bodyB, "The company said repairs would take three weeks.")}},
		},
		Entities: []news.Entity{
			{Name: "Ines Okafor", Kind: "person", Aliases: []string{"Okafor"}, Docs: []string{"a1", "b1"}},
			{Name: "Port Alder", Kind: "organization", Docs: []string{"a1", "b1"}},
		},
	}
}

func readGold(t *testing.T, s string) *CompareGold {
	t.Helper()
	g, err := ReadCompareGold(strings.NewReader(s), "gold.json")
	if err != nil {
		t.Fatal(err)
	}
	return g
}

func TestScoreCompareInvented(t *testing.T) {
	gold := readGold(t, inventedGold)
	out := inventedOutput(t)
	rep := ScoreCompare([]news.Story{inventedStory()}, gold, CompareOptions{
		Compare: func([]news.Document) news.Comparison { return out },
	})
	if len(rep.Problems) > 0 {
		t.Errorf("problems: %q", rep.Problems)
	}
	if len(rep.Stories) != 1 {
		t.Fatalf("%d stories scored, want 1", len(rep.Stories))
	}
	s := rep.Stories[0].Scores
	want := []struct {
		name    string
		got     Count
		hit, of int
	}{
		{"boilerplate", s.Boilerplate, 1, 2},
		{"quote recall", s.QuoteRecall, 3, 3},
		{"quote precision", s.QuotePrecision, 3, 4},
		{"speakers", s.Speakers, 1, 2},
		{"quote groups", s.QuoteGroups, 1, 1},
		// Found variants: Okafor A and B (gold group 1) and "Nobody is
		// hurt" (gold group 2), all in output group 0: three output
		// pairs, one right; one gold pair, found.
		{"pair precision", s.PairPrecision, 1, 3},
		{"pair recall", s.PairRecall, 1, 1},
		{"numbers", s.Numbers, 3, 4},
		{"agree/conflict", s.AgreeConflict, 0, 1},
		{"wrong conflicts", s.WrongConflicts, 1, 1},
		{"shared facts", s.SharedFacts, 1, 2},
		{"exclusives", s.Exclusives, 2, 3},
		{"entities", s.Entities, 2, 3},
		{"entity kinds", s.EntityKinds, 1, 2},
	}
	for _, w := range want {
		if w.got.Hit != w.hit || w.got.Of != w.of {
			t.Errorf("%s: %d / %d, want %d / %d", w.name, w.got.Hit, w.got.Of, w.hit, w.of)
		}
	}
	if f := s.PairF1(); math.Abs(f-0.5) > 1e-9 {
		t.Errorf("pair F1 %.4f, want 0.5", f)
	}
	var buf bytes.Buffer
	rep.WriteText(&buf, true)
	for _, w := range []string{"boilerplate kept in B", "speaker of \"Nobody is hurt\"", "number not found in B: \"three weeks\"",
		"exclusive not found (B): \"The company blamed the weather\"", "entity not found with its aliases: Marisol",
		"quote not in the gold, in B", "conflict claimed"} {
		if !strings.Contains(buf.String(), w) {
			t.Errorf("report lacks %q:\n%s", w, buf.String())
		}
	}
	t.Logf("\n%s", buf.String())
}

// A comparison made of the gold itself scores 1 everywhere: every gold
// excerpt is found and every metric counts it.
func TestScoreCompareGoldAsOutput(t *testing.T) {
	gold := readGold(t, inventedGold)
	st := inventedStory()
	// The story as Parallax would read it: without the chrome line.
	st.Articles[1].Body = strings.TrimSuffix(bodyB, "\n\nShare this story")
	rep := ScoreCompare([]news.Story{st}, gold, CompareOptions{Compare: oracleComparison(t, &gold.Clusters[0])})
	if len(rep.Problems) > 0 {
		t.Errorf("problems: %q", rep.Problems)
	}
	perfect(t, &rep.Total)
}

// perfect checks that every metric is 1, and that no conflict is claimed
// wrongly.
func perfect(t *testing.T, s *CompareScores) {
	t.Helper()
	for _, m := range s.Metrics() {
		switch {
		case m.Key == "wrong_conflicts":
			if m.Count.Hit != 0 {
				t.Errorf("%s: %d", m.Label, m.Count.Hit)
			}
		case m.Score != 1:
			t.Errorf("%s: %v, want 1", m.Label, m.Score)
		}
	}
}

// oracleComparison builds the comparison the gold describes, excerpts
// located in the documents.
func oracleComparison(t *testing.T, gc *GoldCluster) func([]news.Document) news.Comparison {
	return func(docs []news.Document) news.Comparison {
		body := map[string]string{}
		for _, d := range docs {
			body[d.ID] = d.Body
		}
		loc := func(key, s string) news.Excerpt {
			id := gc.Documents[key]
			sp, ok := Locate(body[id], s)
			if !ok {
				t.Errorf("gold excerpt %q not found in %s", s, key)
			}
			return news.Excerpt{DocID: id, Span: sp, Text: body[id][sp.Start:sp.End]}
		}
		var c news.Comparison
		for _, q := range gc.Quotes {
			g := news.QuoteGroup{Speaker: q.Speaker}
			for _, v := range q.Variants {
				g.Versions = append(g.Versions, news.QuoteVersion{Quote: news.Quote{Excerpt: loc(v.Doc, v.Text), Speaker: q.Speaker}})
			}
			c.Quotes = append(c.Quotes, g)
		}
		for _, n := range gc.Numbers {
			f := news.Figure{What: n.What, Agree: n.Agree == nil || *n.Agree}
			for _, v := range n.Values {
				f.Values = append(f.Values, news.FigureValue{Excerpt: loc(v.Doc, v.Text), Value: v.Value})
			}
			c.Figures = append(c.Figures, f)
		}
		for _, f := range gc.SharedFacts {
			fact := news.Fact{Text: f.Fact}
			for _, k := range f.Docs {
				fact.Sources = append(fact.Sources, news.Excerpt{DocID: gc.Documents[k], Text: f.Fact})
			}
			c.Shared = append(c.Shared, fact)
		}
		for _, f := range gc.Exclusives {
			c.Exclusives = append(c.Exclusives, news.Fact{Text: f.Fact, Sources: []news.Excerpt{{DocID: gc.Documents[f.Doc], Text: f.Fact}}})
		}
		for _, e := range gc.Entities {
			c.Entities = append(c.Entities, news.Entity{Name: e.Name, Kind: e.Kind, Aliases: e.Aliases})
		}
		return c
	}
}

func TestLocate(t *testing.T) {
	body := "He said: “Don’t  go.”\nErrors happen. Error\n"
	tests := []struct {
		excerpt string
		want    string
		ok      bool
	}{
		{`don't go.`, "Don’t  go.", true},
		{`"DON'T GO."`, "“Don’t  go.”", true},
		{"error", "Error", true}, // the whole word, not the start of "Errors"
		{"happen. error", "happen. Error", true},
		{"he said:", "He said:", true},
		{"gone", "", false},
		{"  ", "", false},
	}
	for _, tt := range tests {
		sp, ok := Locate(body, tt.excerpt)
		if ok != tt.ok {
			t.Errorf("Locate(%q): ok %v, want %v", tt.excerpt, ok, tt.ok)
			continue
		}
		if ok && body[sp.Start:sp.End] != tt.want {
			t.Errorf("Locate(%q) = %q, want %q", tt.excerpt, body[sp.Start:sp.End], tt.want)
		}
	}
}

func TestFactMatch(t *testing.T) {
	fact := func(s string) news.Fact { return news.Fact{Text: s} }
	tests := []struct {
		gold, sentence string
		want           bool
	}{
		{"The war has killed more than 130,000 people", "the nearly three-year war, which has killed over 130,000 people and displaced millions more.", true},
		{"Government and opposition delegations met face-to-face in the second round of Geneva talks",
			"Syrian government and opposition negotiators met face-to-face for the first time during a second round of Geneva talks", true},
		{"Brahimi will meet senior U.S. and Russian officials in Geneva on Friday",
			"Brahimi said he would meet with senior Russian and U.S. officials in Geneva on Friday.", true},
		{"The war has displaced millions", "The ferry ran aground near Port Alder on Sunday.", false},
		// One content word in common is not enough, however short the gold.
		{"Russia objected", "Russia sent ships.", false},
		{"The company blamed the weather", "The company said repairs would take three weeks.", false},
	}
	for _, tt := range tests {
		if got := FactMatch(tt.gold, fact(tt.sentence), 0.5); got != tt.want {
			t.Errorf("FactMatch(%q, %q) = %v, want %v (gold stems %q, sentence stems %q)", tt.gold, tt.sentence, got, tt.want,
				contentStems(tt.gold), contentStems(tt.sentence))
		}
	}
}

func TestSameSpeaker(t *testing.T) {
	ents := []news.Entity{{Name: "United Nations", Aliases: []string{"U.N.", "the envoy"}}}
	tests := []struct {
		gold, out string
		want      bool
	}{
		{"Lakhdar Brahimi", "Brahimi", true},
		{"Lakhdar Brahimi", "lakhdar  brahimi", true},
		{"U.S. State Department", "the State Department", true},
		{"Brahimi's", "Lakhdar Brahimi", true},
		{"Sergei Lavrov", "Barack Obama", false},
		{"Sergei Lavrov", "", false},
		{"United Nations", "the envoy", true},
	}
	for _, tt := range tests {
		if got := SameSpeaker(tt.gold, tt.out, ents); got != tt.want {
			t.Errorf("SameSpeaker(%q, %q) = %v, want %v", tt.gold, tt.out, got, tt.want)
		}
	}
}

func TestReadCompareGoldErrors(t *testing.T) {
	tests := []struct{ name, json, want string }{
		{"not json", "{", "gold.json"},
		{"no clusters", `{"clusters": []}`, "clusters: missing"},
		{"no id", `{"clusters": [{"documents": {"A": "a"}}]}`, "clusters[0].id"},
		{"unknown doc", `{"clusters": [{"id": "x", "documents": {"A": "a"}, "quotes": [{"speaker": "S", "variants": [{"doc": "C", "text": "t"}]}]}]}`,
			`quotes[0].variants[0].doc: document "C"`},
		{"duplicate id", `{"clusters": [{"id": "x"}, {"id": "x"}]}`, "appears twice"},
	}
	for _, tt := range tests {
		_, err := ReadCompareGold(strings.NewReader(tt.json), "gold.json")
		if err == nil || !strings.Contains(err.Error(), tt.want) {
			t.Errorf("%s: error %v, want one with %q", tt.name, err, tt.want)
		}
	}
}

func TestScoreCompareMissingStory(t *testing.T) {
	gold := readGold(t, strings.Replace(inventedGold, `"id": "ferry"`, `"id": "other"`, 1))
	rep := ScoreCompare([]news.Story{inventedStory()}, gold, CompareOptions{})
	if len(rep.Stories) != 0 || len(rep.Problems) != 1 || !strings.Contains(rep.Problems[0], `"other"`) {
		t.Errorf("stories %d, problems %q", len(rep.Stories), rep.Problems)
	}
	var buf bytes.Buffer
	if err := rep.WriteJSON(&buf); err != nil {
		t.Fatal(err)
	}
	var v map[string]any
	if err := json.Unmarshal(buf.Bytes(), &v); err != nil {
		t.Fatalf("JSON report does not decode: %v\n%s", err, buf.String())
	}
}

// readSeeds reads the seed story as the CLI does and its gold.
func readSeeds(t *testing.T) ([]news.Story, *CompareGold) {
	data := shareddata.Path(t, "compare/seeds.jsonl")
	goldPath := shareddata.Path(t, "compare/seeds-gold.json")
	stories, errs := ingest.ReadStories(context.Background(), data, ingest.Options{})
	if len(errs) > 0 {
		t.Fatal(errs)
	}
	f, err := os.Open(goldPath)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	gold, err := ReadCompareGold(f, goldPath)
	if err != nil {
		t.Fatal(err)
	}
	return stories, gold
}

// On the seeds, the gold as output scores 1 everywhere: every gold excerpt
// is located, the reader removes the chrome, and the scorer counts every
// item.
func TestScoreCompareSeedsOracle(t *testing.T) {
	stories, gold := readSeeds(t)
	rep := ScoreCompare(stories, gold, CompareOptions{Compare: oracleComparison(t, &gold.Clusters[0])})
	if len(rep.Problems) > 0 {
		t.Errorf("problems: %q", rep.Problems)
	}
	perfect(t, &rep.Total)
}

// TestScoreCompareSeeds scores Parallax's comparison of the seeds and logs
// the table and the targets. The targets are logged, not
// asserted: the comparison is still being written.
func TestScoreCompareSeeds(t *testing.T) {
	stories, gold := readSeeds(t)
	rep := ScoreCompare(stories, gold, CompareOptions{})
	if len(rep.Problems) > 0 {
		t.Errorf("problems: %q", rep.Problems)
	}
	var buf bytes.Buffer
	rep.WriteText(&buf, true)
	t.Logf("\n%s", buf.String())
	s := rep.Total
	status := func(ok bool) string {
		if ok {
			return "met"
		}
		return "NOT MET"
	}
	t.Logf("target: boilerplate all removed: %d/%d %s", s.Boilerplate.Hit, s.Boilerplate.Of, status(s.Boilerplate.Hit == s.Boilerplate.Of))
	t.Logf("target: both Brahimi quote groups right: %d/%d %s", s.QuoteGroups.Hit, s.QuoteGroups.Of, status(s.QuoteGroups.Hit == 2))
	t.Logf("target: >= 8 of 9 quotes with the right speaker: %d/%d %s", s.Speakers.Hit, s.Speakers.Of, status(s.Speakers.Hit >= 8))
	t.Logf("target: both agreeing numbers agree, no conflict: %d/%d agree, %d conflicts claimed %s", s.AgreeConflict.Hit, s.AgreeConflict.Of,
		s.WrongConflicts.Of, status(s.AgreeConflict.Hit == 2 && s.WrongConflicts.Of == 0))
	t.Logf("target: >= 5 of 7 shared facts: %d/%d %s", s.SharedFacts.Hit, s.SharedFacts.Of, status(s.SharedFacts.Hit >= 5))
	t.Logf("target: >= 9 of 12 exclusives: %d/%d %s", s.Exclusives.Hit, s.Exclusives.Of, status(s.Exclusives.Hit >= 9))
	t.Logf("target: every entity with its aliases: %d/%d %s", s.Entities.Hit, s.Entities.Of, status(s.Entities.Hit == s.Entities.Of))
	// What is asserted is the reader's part, which is done: the chrome
	// filter removes all five boilerplate items.
	if s.Boilerplate.Hit != s.Boilerplate.Of {
		t.Errorf("boilerplate removed %d/%d", s.Boilerplate.Hit, s.Boilerplate.Of)
	}
}
