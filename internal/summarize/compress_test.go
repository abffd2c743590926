package summarize

import (
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
)

func TestCompress(t *testing.T) {
	cases := []struct{ in, want string }{
		{"The ferry Lark ran aground near Gull Point on Monday, officials said.",
			"The ferry Lark ran aground near Gull Point on Monday."},
		{"The ferry Lark ran aground near Gull Point on Monday, the coast guard said on Tuesday.",
			"The ferry Lark ran aground near Gull Point on Monday."},
		{"The ferry Lark ran aground near Gull Point, Harbor Master Ilse Brandt told reporters.",
			"The ferry Lark ran aground near Gull Point."},
		{"The ferry ran aground near Gull Point (about 12 miles from the port) on Monday, police said.",
			"The ferry ran aground near Gull Point on Monday."},
		// A quotation keeps its speaker.
		{`"We will not reopen the channel until the hull is stable," Brandt said.`,
			`"We will not reopen the channel until the hull is stable," Brandt said.`},
		// Too short a main clause to stand alone safely.
		{"It sank, officials said.", "It sank, officials said."},
		// An opening parenthetical stays; so does a long one.
		{"(Reuters) The ferry ran aground near Gull Point on Monday.", "(Reuters) The ferry ran aground near Gull Point on Monday."},
		{"The ferry ran aground (the second grounding on the bank this year after a cargo ship struck it in March) on Monday.",
			"The ferry ran aground (the second grounding on the bank this year after a cargo ship struck it in March) on Monday."},
		// Nothing is left but a fragment.
		{"MOVED (to the business pages of the early edition)", "MOVED (to the business pages of the early edition)"},
		// An apposition is not cut into.
		{"Carter will head the observers during the elections of May 28, Barry Levitt, a spokesman for The Carter Center, said.",
			"Carter will head the observers during the elections of May 28, Barry Levitt, a spokesman for The Carter Center, said."},
		// Not an attribution.
		{"The ferry ran aground near Gull Point, which officials said was unmarked.", "The ferry ran aground near Gull Point, which officials said was unmarked."},
	}
	for _, c := range cases {
		if got := applyCuts(c.in, compress(c.in)); got != c.want {
			t.Errorf("compress(%q)\n = %q\nwant %q", c.in, got, c.want)
		}
	}
}

// TestCompressedSummary checks that compressed sentences keep exact
// provenance: the text is the body between Start and End without the
// cut spans, and the budget counts the compressed words.
func TestCompressedSummary(t *testing.T) {
	docs := fixture(t, "quay-fire")
	body := map[string]string{}
	for _, d := range docs {
		body[d.ID] = d.Body
	}
	for _, budget := range []int{40, 80, 150} {
		sum := Summarize(docs, Options{Words: budget, Compress: true})
		if sum.Words() > budget {
			t.Errorf("budget %d: %d words", budget, sum.Words())
		}
		for _, s := range sum.Sentences {
			text := body[s.DocID][s.Start:s.End]
			want := applyCuts(text, relative(s.Cut, s.Start))
			if s.Text != want {
				t.Errorf("text %q is not the body without its cuts %v: %q", s.Text, s.Cut, want)
			}
		}
	}
}

func relative(cuts []news.Span, start int) []news.Span {
	out := make([]news.Span, len(cuts))
	for i, c := range cuts {
		out[i] = news.Span{Start: c.Start - start, End: c.End - start}
	}
	return out
}
