package summarize

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
)

var methods = []struct {
	name string
	m    Method
}{
	{"coverage", Coverage{}},
	{"lead", Lead{}},
}

func TestBudget(t *testing.T) {
	docs := fixture(t, "quay-fire")
	for _, mm := range methods {
		for _, words := range []int{0, 10, 20, 35, 50, 80, 120, 250, 1000} {
			sum := Summarize(docs, Options{Words: words, Method: mm.m})
			budget := words
			if budget == 0 {
				budget = DefaultWords
			}
			if n := sum.Words(); n > budget {
				t.Errorf("%s, %d words: summary has %d words", mm.name, words, n)
			}
			if words >= 50 && len(sum.Sentences) < 2 {
				t.Errorf("%s, %d words: only %d sentences", mm.name, words, len(sum.Sentences))
			}
			checkSummary(t, docs, sum)
		}
	}
}

// checkSummary checks that every sentence and support points at its text
// and that the summary text joins the sentences.
func checkSummary(t *testing.T, docs []news.Document, sum news.Summary) {
	t.Helper()
	body := make(map[string]string)
	for _, d := range docs {
		body[d.ID] = d.Body
	}
	var texts []string
	for _, s := range sum.Sentences {
		if got := body[s.DocID][s.Start:s.End]; got != s.Text {
			t.Errorf("span %v of %s is %q, sentence is %q", s.Span, s.DocID, got, s.Text)
		}
		seen := make(map[string]bool)
		for _, sup := range s.Support {
			if got := body[sup.DocID][sup.Start:sup.End]; got != sup.Text {
				t.Errorf("support span %v of %s is %q, text is %q", sup.Span, sup.DocID, got, sup.Text)
			}
			if sup.DocID == s.DocID || seen[sup.DocID] {
				t.Errorf("support from %s for a sentence of %s", sup.DocID, s.DocID)
			}
			seen[sup.DocID] = true
		}
		texts = append(texts, s.Text)
	}
	if want := strings.Join(texts, " "); sum.Text != want {
		t.Errorf("summary text %q, want %q", sum.Text, want)
	}
}

func TestDeterministic(t *testing.T) {
	for _, mm := range methods {
		var runs [][]byte
		for range 3 {
			// Analyse afresh each time: nothing may depend on
			// allocation or map order.
			sum := Summarize(fixture(t, "quay-fire"), Options{Words: 120, Method: mm.m})
			b, err := json.Marshal(sum)
			if err != nil {
				t.Fatal(err)
			}
			runs = append(runs, b)
		}
		for _, b := range runs[1:] {
			if !bytes.Equal(b, runs[0]) {
				t.Errorf("%s: runs differ:\n%s\n%s", mm.name, runs[0], b)
			}
		}
	}
}

func TestOrder(t *testing.T) {
	base := fixture(t, "quay-fire")
	day := func(n int) time.Time { return time.Date(2031, 3, n, 12, 0, 0, 0, time.UTC) }
	tests := []struct {
		name  string
		dates []time.Time // per fixture document
		want  []string    // document IDs in reading order
	}{
		{"input order is date order", []time.Time{day(1), day(2), day(3)}, []string{"northline-1", "coastal-1", "courier-1"}},
		{"reversed dates", []time.Time{day(3), day(2), day(1)}, []string{"courier-1", "coastal-1", "northline-1"}},
		{"no dates", []time.Time{{}, {}, {}}, []string{"northline-1", "coastal-1", "courier-1"}},
		{"undated follows its predecessor", []time.Time{day(5), {}, day(2)}, []string{"courier-1", "northline-1", "coastal-1"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docs := slices.Clone(base)
			for i := range docs {
				docs[i].Published = tt.dates[i]
			}
			sum := Summarize(docs, Options{Words: 250})
			rank := make(map[string]int)
			for i, id := range tt.want {
				rank[id] = i
			}
			for i := 1; i < len(sum.Sentences); i++ {
				a, b := sum.Sentences[i-1], sum.Sentences[i]
				if rank[a.DocID] > rank[b.DocID] || a.DocID == b.DocID && a.Start > b.Start {
					t.Errorf("sentence %d (%s at %d) before sentence %d (%s at %d)", i-1, a.DocID, a.Start, i, b.DocID, b.Start)
				}
			}
		})
	}
}

func TestSupport(t *testing.T) {
	docs := fixture(t, "quay-fire")
	sum := Summarize(docs, Options{Words: 1000})
	tests := []struct {
		sentence string   // a summary sentence containing this
		support  []string // the support sentences, containing these, in order
	}{
		// The Bay Courier printed the Coastal Wire's sentence.
		{"Eleven workers were taken to hospital", []string{"Eleven employees were hospitalised", "Eleven employees were hospitalised"}},
		{"Shipments of barley", []string{"a third of the region's barley exports"}},
		{"Emil Sarrat", nil},
		{"opened in 1962", nil},
	}
	for _, tt := range tests {
		t.Run(tt.sentence, func(t *testing.T) {
			i := slices.IndexFunc(sum.Sentences, func(s news.SummarySentence) bool {
				return strings.Contains(s.Text, tt.sentence)
			})
			if i < 0 {
				t.Fatalf("no summary sentence contains %q", tt.sentence)
			}
			var got []string
			for _, sup := range sum.Sentences[i].Support {
				got = append(got, sup.Text)
			}
			ok := len(got) == len(tt.support)
			for j := range got {
				ok = ok && strings.Contains(got[j], tt.support[j])
			}
			if !ok {
				t.Errorf("support for %q:\n%q\nwant sentences containing %q", sum.Sentences[i].Text, got, tt.support)
			}
		})
	}
	checkSummary(t, docs, sum)
}

func TestFilters(t *testing.T) {
	tests := []struct {
		text string
		want string // reject reason, "" if kept
	}{
		{"The council approved the new budget for the harbour district on Thursday evening.", ""},
		{"Officials said the council approved the new harbour budget on Thursday.", ""},
		{"Will the council approve the new budget for the harbour district this year?", "question"},
		{"The council listed the following projects for the harbour district budget:", "lead-in"},
		{"Council approves harbour budget after long debate on Thursday evening", "no final punctuation"},
		{"The council approved it.", "short"},
		{strings.Repeat("The council approved the budget and ", 10) + "went home.", "long"},
		{`"We will rebuild the quay and we will do it before the winter storms arrive."`, "unattributed quote"},
		{"``We will rebuild the quay and we will do it before the winter storms arrive.''", "unattributed quote"},
		{`"We will rebuild the quay before the winter storms arrive," the mayor said.`, ""},
		{`The mayor said: "We will rebuild the quay before the winter storms arrive."`, ""},
		{"HARBOUR 12.5 QUAY 14.0 DEPOT 9.75 GRAIN 3.2 BARLEY 4.1 OATS.", "capitals or symbols"},
		{"and the council approved the new budget for the harbour district on Thursday.", "lower-case start"},
		{"(The council approved a smaller harbour budget in the previous year as well.)", "parenthetical"},
		{`"We will rebuild the quay before the winter storms arrive," she said on Monday.`, "unattributed quote"},
		{`"We will rebuild the quay before the winter storms arrive," harbour officials said.`, ""},
		{"They said the council approved the new budget for the harbour district on Thursday.", "dangling reference"},
		{"But the council approved the new budget for the harbour district on Thursday.", "dangling reference"},
		{"His council approved the new budget for the harbour district on Thursday evening.", "dangling reference"},
		{"There were no objections when the council approved the harbour budget on Thursday.", ""},
		{`"This is the budget we needed for the harbour district," the mayor said on Thursday.`, ""},
	}
	for _, tt := range tests {
		t.Run(tt.text, func(t *testing.T) {
			d := analyze(news.Article{ID: "x", Body: tt.text})
			c := newCorpus([]news.Document{d}, "", nil, unitWords)
			if len(c.sents) != 1 {
				t.Fatalf("%d sentences, want 1", len(c.sents))
			}
			if got := reject(&c.sents[0], d.Sentences[0].Tokens); got != tt.want {
				t.Errorf("reject = %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDateline(t *testing.T) {
	tests := []struct{ text, want string }{
		{"PINE HOLLOW, N.D. (Coastal Wire) -- The ferry sank in calm water.", "The ferry sank in calm water."},
		{"OSTERLUND, March 10 (Coastal Wire) -- Flames engulfed a depot.", "Flames engulfed a depot."},
		{"OSTERLUND _ Flames engulfed a depot.", "Flames engulfed a depot."},
		{"The mayor -- who was re-elected in May -- opened the quay.", "The mayor -- who was re-elected in May -- opened the quay."},
		{"Flames engulfed a depot.", "Flames engulfed a depot."},
	}
	for _, tt := range tests {
		if got := tt.text[datelineEnd(tt.text):]; got != tt.want {
			t.Errorf("datelineEnd(%q) leaves %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestEdgeCases(t *testing.T) {
	docs := fixture(t, "quay-fire")
	tests := []struct {
		name      string
		docs      []news.Document
		sentences bool // whether the summary has sentences
	}{
		{"nil", nil, false},
		{"empty documents", []news.Document{{Article: news.Article{ID: "a"}}, {Article: news.Article{ID: "b", Body: "  \n\n "}}}, false},
		{"sentences without tokens", []news.Document{{Article: news.Article{ID: "a", Body: "Only text."}, Sentences: []news.Sentence{{Span: news.Span{End: 10}, Text: "Only text."}}}}, false},
		{"headline only", []news.Document{analyze(news.Article{ID: "a", Body: "Fire at the quay"})}, false},
		{"single document", docs[:1], true},
		{"same document twice", []news.Document{docs[0], docs[0]}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			for _, mm := range methods {
				sum := Summarize(tt.docs, Options{Method: mm.m})
				if got := len(sum.Sentences) > 0; got != tt.sentences {
					t.Errorf("%s: %d sentences", mm.name, len(sum.Sentences))
				}
				if sum.Words() > DefaultWords {
					t.Errorf("%s: %d words", mm.name, sum.Words())
				}
				checkSummary(t, tt.docs, sum)
			}
		})
	}
	// A single document has no other article to support it.
	for _, s := range Summarize(docs[:1], Options{}).Sentences {
		if len(s.Support) != 0 {
			t.Errorf("support %v for a single document", s.Support)
		}
	}
}

func TestWireCopies(t *testing.T) {
	c := newCorpus(fixture(t, "quay-fire"), "", nil, unitWords)
	orig := find(t, c, 1, "The dockworkers' union")
	copied := find(t, c, 2, "The dockworkers' union")
	if !c.sents[orig].cand || c.sents[copied].cand || !c.sents[copied].copy {
		t.Errorf("original candidate %v, copy candidate %v", c.sents[orig].cand, c.sents[copied].cand)
	}
}
