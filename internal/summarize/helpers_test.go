package summarize

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/text"
)

// analyze analyses an article as the pipeline does.
func analyze(a news.Article) news.Document { return text.Analyze(a) }

// fixture reads and analyses the articles of testdata/name.jsonl.
func fixture(t testing.TB, name string) []news.Document {
	t.Helper()
	f, err := os.Open(filepath.Join("testdata", name+".jsonl"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var docs []news.Document
	sc := bufio.NewScanner(f)
	for line := 1; sc.Scan(); line++ {
		var a news.Article
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			t.Fatalf("%s.jsonl:%d: %v", name, line, err)
		}
		docs = append(docs, analyze(a))
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return docs
}

// find returns the index in c.sents of the sentence of document doc whose
// text contains sub.
func find(t testing.TB, c *corpus, doc int, sub string) int {
	t.Helper()
	for i := range c.sents {
		if c.sents[i].doc == doc && strings.Contains(c.sents[i].text, sub) {
			return i
		}
	}
	t.Fatalf("no sentence of document %d contains %q", doc, sub)
	return -1
}
