package compare

import (
	"context"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/shareddata"
	"github.com/parallaxnews/parallax/internal/text"
)

func analyze(id, body string) news.Document {
	return text.Analyze(news.Article{ID: id, Body: body})
}

func TestFacts(t *testing.T) {
	docs := []news.Document{
		analyze("a", "A landslide buried the mountain road to Velmor on Sunday night, cutting off the village. "+
			"Rescue teams reached the village by helicopter on Monday morning. "+
			"The regional governor visited the site and promised a new bridge within a year."),
		analyze("b", "Rescuers flew into Velmor by helicopter on Monday morning after a landslide. "+
			"The slide buried the only road to the mountain village on Sunday night. "+
			"Shops in the village are running low on bread and fuel, residents said."),
		analyze("c", "The road to Velmor was buried by a landslide on Sunday night. "+
			"Local schools will stay closed for the rest of the week."),
	}
	shared, excl := Facts(docs)
	if len(shared) < 2 {
		t.Fatalf("shared facts %+v", shared)
	}
	// The landslide is reported by all three, first.
	if len(shared[0].Sources) != 3 || !strings.Contains(strings.ToLower(shared[0].Text), "landslide") && !strings.Contains(shared[0].Text, "slide") {
		t.Errorf("first shared fact %+v", shared[0])
	}
	byDoc := map[string][]string{}
	for _, f := range excl {
		if len(f.Sources) != 1 {
			t.Errorf("exclusive with %d sources", len(f.Sources))
		}
		byDoc[f.Sources[0].DocID] = append(byDoc[f.Sources[0].DocID], f.Text)
	}
	for doc, want := range map[string]string{"a": "governor", "b": "bread", "c": "schools"} {
		found := false
		for _, s := range byDoc[doc] {
			found = found || strings.Contains(s, want)
		}
		if !found {
			t.Errorf("exclusives of %s %q lack %q", doc, byDoc[doc], want)
		}
	}
	// Every excerpt is a span of its article.
	body := map[string]string{}
	for _, d := range docs {
		body[d.ID] = d.Body
	}
	for _, f := range append(shared, excl...) {
		for _, e := range f.Sources {
			if body[e.DocID][e.Start:e.End] != e.Text {
				t.Errorf("excerpt %q is not its span", e.Text)
			}
		}
	}
	if s, e := Facts(nil); s != nil || e != nil {
		t.Error("facts of nothing")
	}
	one, _ := Facts(docs[:1])
	if len(one) != 0 {
		t.Errorf("one article shares nothing: %+v", one)
	}
}

// TestFactsSeeds logs the facts of the seed story, for reading.
func TestFactsSeeds(t *testing.T) {
	path := shareddata.Path(t, "compare/seeds.jsonl")
	stories, errs := ingest.ReadStories(context.Background(), path, ingest.Options{})
	if len(errs) > 0 || len(stories) != 1 {
		t.Fatalf("%d stories, %v", len(stories), errs)
	}
	var docs []news.Document
	for _, a := range stories[0].Articles {
		docs = append(docs, text.Analyze(a))
	}
	shared, excl := Facts(docs)
	for _, f := range shared {
		t.Logf("shared %.2f %q", f.Importance, f.Text)
	}
	for _, f := range excl {
		t.Logf("only %s %.2f %q", f.Sources[0].DocID, f.Importance, f.Text)
	}
	// The gold has 7 shared facts; sentence-level alignment finds the
	// ones stated in a sentence of each outlet. Keep at least those.
	if len(shared) < 3 {
		t.Errorf("%d shared facts on the seeds, the gold has 7", len(shared))
	}
}

// TestFigureFacts checks that two articles reporting the same figure in
// otherwise different sentences share a fact.
func TestFigureFacts(t *testing.T) {
	docs := []news.Document{
		analyze("a", "The storm, which flooded the delta towns of Marrow and Tessel, has led to the evacuation of more than 4,000 people since Friday. The rain is expected to ease on Wednesday."),
		analyze("b", "Rescue crews on boats worked through the night as the water kept rising, and over 4,000 people have been evacuated so far. A shelter opened in the old grain market."),
	}
	c := Compare(docs)
	found := false
	for _, f := range c.Shared {
		found = found || len(f.Sources) == 2 && strings.Contains(f.Text, "4,000")
	}
	if !found {
		t.Errorf("no shared fact for the agreeing figure: figures %+v, shared %+v", c.Figures, c.Shared)
	}
}
