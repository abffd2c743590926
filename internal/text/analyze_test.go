package text

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// checkDocument verifies the invariants every Document from Analyze keeps.
func checkDocument(t *testing.T, body string, doc news.Document) {
	t.Helper()
	prevEnd := 0
	for i, s := range doc.Sentences {
		if s.Start < prevEnd || s.Start >= s.End || s.End > len(body) {
			t.Fatalf("sentence %d span [%d,%d) after %d in body of %d bytes", i, s.Start, s.End, prevEnd, len(body))
		}
		if s.Text != body[s.Start:s.End] {
			t.Fatalf("sentence %d: Text %q != body[%d:%d]", i, s.Text, s.Start, s.End)
		}
		if s.Index != i {
			t.Fatalf("sentence %d has Index %d", i, s.Index)
		}
		if i > 0 && s.Paragraph < doc.Sentences[i-1].Paragraph {
			t.Fatalf("sentence %d: paragraph %d decreases", i, s.Paragraph)
		}
		r, _ := utf8.DecodeRuneInString(s.Text)
		l, _ := utf8.DecodeLastRuneInString(s.Text)
		if isSpace(r) || isSpace(l) {
			t.Fatalf("sentence %d %q has surrounding space", i, s.Text)
		}
		tokEnd := s.Start
		for j, tok := range s.Tokens {
			if tok.Start < tokEnd || tok.Start >= tok.End || tok.End > s.End {
				t.Fatalf("sentence %d token %d span [%d,%d) outside [%d,%d) or overlapping", i, j, tok.Start, tok.End, tokEnd, s.End)
			}
			tokEnd = tok.End
		}
		prevEnd = s.End
	}
}

func TestAnalyzeArticle(t *testing.T) {
	b, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		t.Fatal(err)
	}
	body := string(b)
	doc := Analyze(news.Article{ID: "a1", Body: body})
	checkDocument(t, body, doc)
	if doc.ID != "a1" {
		t.Errorf("article fields not kept: %q", doc.ID)
	}
	// Every sentence of the invented article ends where a reader would
	// end it; spot-check a few that test the rules.
	want := []string{
		"Harbor city weighs flood wall after third storm in a year",
		`"We cannot keep bailing out the same streets," Mayor Ines Okafor said at a news conference at City Hall.`,
		`"Will it save my house?" asked Delia Marsh, 67, who has lived on Pier Road since 1984.`,
		"The storm on Oct. 14 brought gusts of 78 mph and a surge that peaked at 6:40 a.m. Sunday, according to the National Weather Service.",
		"Sen. Priya Natarajan, D-Ore., said she would seek federal money as well.",
		"And the tide tables, taped to the window of the Blue Heron Cafe, are read more closely than the menu.",
		"The next king tide is forecast for Nov. 12.",
	}
	have := map[string]bool{}
	for _, s := range doc.Sentences {
		have[s.Text] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("missing sentence %q", w)
		}
	}
	if n := len(doc.Sentences); n < 40 || n > 50 {
		t.Errorf("got %d sentences:\n%s", n, strings.Join(sentences(body), "\n"))
	}
}

func FuzzAnalyze(f *testing.F) {
	for _, tt := range splitTests {
		f.Add(tt.in)
	}
	for _, s := range []string{
		"\xff\xfe. \xc3", "...", "\"", "“", ". . .", "a. b. c.", "U. S. A", "\u2029\u2028x",
		"1.\n2.\n\n3.", "? \" \" ! ' '", "Mr.", "www.", "a@b.c.", "\r\r\n\n",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, body string) {
		doc := Analyze(news.Article{Body: body})
		checkDocument(t, body, doc)
	})
}

func BenchmarkAnalyze(b *testing.B) {
	data, err := os.ReadFile("testdata/article.txt")
	if err != nil {
		b.Fatal(err)
	}
	a := news.Article{Body: string(data)}
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		Analyze(a)
	}
}
