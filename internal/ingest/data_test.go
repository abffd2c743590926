package ingest

// Tests on the evaluation data that lives beside the repository; see
// internal/shareddata.

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/shareddata"
)

func dataPath(tb testing.TB, rel string) string {
	tb.Helper()
	return shareddata.Path(tb, rel)
}

// fold puts text in the form the gold is matched in: lower case, one space
// for any white space, typographic quotes and apostrophes as ASCII.
func fold(s string) string {
	s = strings.NewReplacer("‘", "'", "’", "'", "“", `"`, "”", `"`).Replace(strings.ToLower(s))
	return strings.Join(strings.Fields(s), " ")
}

// containsPhrase reports whether the folded text holds the folded phrase
// as whole words ("error" is not in "terrorists").
func containsPhrase(text, phrase string) bool {
	text, phrase = fold(text), fold(phrase)
	for i := 0; ; {
		j := strings.Index(text[i:], phrase)
		if j < 0 {
			return false
		}
		j += i
		end := j + len(phrase)
		before, _ := utf8.DecodeLastRuneInString(text[:j])
		after, _ := utf8.DecodeRuneInString(text[end:])
		if (j == 0 || !isWordRune(before)) && (end == len(text) || !isWordRune(after)) {
			return true
		}
		i = j + 1
	}
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsDigit(r) }

type seedsGold struct {
	Clusters []struct {
		Boilerplate []struct{ Doc, Text string } `json:"boilerplate"`
		Quotes      []struct {
			Variants []struct{ Doc, Text string } `json:"variants"`
		} `json:"quotes"`
		Numbers []struct {
			Values []struct{ Doc, Text string } `json:"values"`
		} `json:"numbers"`
	} `json:"clusters"`
}

// TestSeedsChrome is the acceptance test of the chrome filter: on the two
// seed articles every boilerplate item of the gold is gone, every quote
// and number of the gold is still there, and no line of article text is
// lost.
func TestSeedsChrome(t *testing.T) {
	seeds := dataPath(t, "compare/seeds.jsonl")
	b, err := os.ReadFile(dataPath(t, "compare/seeds-gold.json"))
	if err != nil {
		t.Fatal(err)
	}
	var gold seedsGold
	if err := json.Unmarshal(b, &gold); err != nil || len(gold.Clusters) != 1 {
		t.Fatalf("gold: %v", err)
	}
	g := gold.Clusters[0]
	if len(g.Boilerplate) != 5 {
		t.Errorf("gold has %d boilerplate items, want 5", len(g.Boilerplate))
	}

	stories, errs := ReadStories(context.Background(), seeds, Options{})
	if len(errs) != 0 || len(stories) != 1 {
		t.Fatalf("ReadStories: %d stories, errors %v", len(stories), errs)
	}
	raw := rawDocuments(t, seeds)
	docs := make(map[string]news.Article)
	for _, a := range stories[0].Articles {
		docs[a.ID] = a
	}

	for _, item := range g.Boilerplate {
		a := docs[item.Doc]
		if containsPhrase(a.Body, item.Text) || containsPhrase(a.Title, item.Text) {
			t.Errorf("doc %s: boilerplate %q is still there", item.Doc, item.Text)
		}
	}
	var kept []struct{ Doc, Text string }
	for _, q := range g.Quotes {
		kept = append(kept, q.Variants...)
	}
	for _, n := range g.Numbers {
		kept = append(kept, n.Values...)
	}
	for _, item := range kept {
		if !containsPhrase(docs[item.Doc].Body, item.Text) {
			t.Errorf("doc %s: lost %q", item.Doc, item.Text)
		}
	}

	// Every line of the original of eight words or more that holds no
	// boilerplate of the gold is still in the body (after its dateline,
	// if it opened with one).
	for id, text := range raw {
		a := docs[id]
		checked := 0
		for line := range strings.SplitSeq(normalize(text), "\n") {
			line = strings.TrimSpace(line)
			if news.CountWords(line) < 8 || slices.ContainsFunc(g.Boilerplate, func(b struct{ Doc, Text string }) bool {
				return b.Doc == id && containsPhrase(line, b.Text)
			}) {
				continue
			}
			checked++
			body := fold(a.Body)
			if !strings.Contains(body, fold(line)) && !(a.Dateline != "" && strings.Contains(body, fold(afterDateline(line)))) {
				t.Errorf("doc %s: lost the line %q", id, line)
			}
		}
		t.Logf("doc %s: %d lines of text kept, %d lines of chrome removed: %v", id, checked, len(a.Chrome), a.Chrome)
	}
}

func afterDateline(line string) string {
	_, cut, _ := dateline(line)
	return strings.TrimSpace(strings.TrimPrefix(line, cut))
}

// rawDocuments returns the text of each document of an MDS JSONL file by
// its ID, as written.
func rawDocuments(t *testing.T, path string) map[string]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	var line struct {
		Documents []struct{ ID, Text string } `json:"documents"`
	}
	if err := json.Unmarshal(b, &line); err != nil {
		t.Fatal(err)
	}
	m := make(map[string]string)
	for _, d := range line.Documents {
		m[d.ID] = d.Text
	}
	return m
}

// TestSeedFiles reads the two seeds as plain text files.
func TestSeedFiles(t *testing.T) {
	dir := dataPath(t, "seeds")
	arts, errs := ReadPaths(context.Background(), []string{dir}, Options{})
	if len(errs) != 0 || len(arts) != 2 {
		t.Fatalf("%d articles, errors %v", len(arts), errs)
	}
	a, b := arts[0], arts[1]
	if a.ID != "000_bacbfb2ddc234a11" || a.Outlet != "" || a.Dateline != "GENEVA" ||
		a.Title != "Syria peace talks bring Bashar Assad regime and opposition face-to-face again, but they remain miles apart" {
		t.Errorf("seed A: id %q, outlet %q, dateline %q, title %q", a.ID, a.Outlet, a.Dateline, a.Title)
	}
	if !strings.HasPrefix(a.Body, "The warring sides") {
		t.Errorf("seed A body starts %.60q", a.Body)
	}
	if b.Outlet != "Al Jazeera" || b.Title != "" || strings.Contains(b.Body, "Error") {
		t.Errorf("seed B: outlet %q, title %q", b.Outlet, b.Title)
	}
	if n := strings.Count(b.Body, "\n\n") + 1; n != 14 {
		t.Errorf("seed B has %d paragraphs, want 14", n)
	}
}

type chromeCount struct {
	paragraphs, removed, text int
	byKind                    map[string]int
	sample                    []string
}

// countChrome reads an MDS JSONL file and counts its paragraphs and the
// lines the filter removes, datelines and bylines aside.
func countChrome(t *testing.T, path string) chromeCount {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c := chromeCount{byKind: make(map[string]int)}
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 64<<20)
	for sc.Scan() {
		var line struct{ Documents []struct{ Text string } }
		if err := json.Unmarshal(sc.Bytes(), &line); err != nil {
			t.Fatal(err)
		}
		for _, d := range line.Documents {
			for p := range strings.SplitSeq(d.Text, "\n\n") {
				if strings.TrimSpace(p) != "" {
					c.paragraphs++
				}
			}
			_, removed, _ := StripChrome(normalize(d.Text))
			for _, r := range removed {
				c.byKind[r.Kind]++
				if r.Kind == KindDateline || r.Kind == KindByline {
					continue
				}
				c.removed++
				if news.CountWords(r.Text) > 0 {
					c.text++
				}
				c.sample = append(c.sample, fmt.Sprintf("%-16s %.160q", r.Kind, r.Text))
			}
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return c
}

// TestMultiNewsChrome reports what the filter removes from Multi-News, web
// news with its page chrome, for review of false positives.
func TestMultiNewsChrome(t *testing.T) {
	c := countChrome(t, dataPath(t, "mds/multinews-dev.jsonl"))
	t.Logf("Multi-News dev: %d paragraphs; removed %d lines besides datelines and bylines (%.1f%%); by kind: %v",
		c.paragraphs, c.removed, 100*float64(c.removed)/float64(c.paragraphs), c.byKind)
	step := max(1, len(c.sample)/80)
	for i := 0; i < len(c.sample); i += step {
		t.Logf("  %s", c.sample[i])
	}
}

// TestDUCChrome checks that on clean newswire the filter removes almost
// nothing but datelines and bylines.
func TestDUCChrome(t *testing.T) {
	c := countChrome(t, dataPath(t, "mds/duc2006.jsonl"))
	t.Logf("DUC 2006: %d paragraphs; removed %d lines besides datelines and bylines, %d of them with words (%.2f%%); by kind: %v",
		c.paragraphs, c.removed, c.text, 100*float64(c.text)/float64(c.paragraphs), c.byKind)
	for _, s := range c.sample {
		if !strings.HasPrefix(s, KindSeparator) {
			t.Logf("  %s", s)
		}
	}
	if c.text*100 > c.paragraphs {
		t.Errorf("removed %d lines of text from %d paragraphs of newswire, more than 1%%", c.text, c.paragraphs)
	}
	if c.byKind[KindDateline] < c.paragraphs/40 {
		t.Errorf("found only %d datelines", c.byKind[KindDateline])
	}
}

func BenchmarkReadStoriesDUC(b *testing.B) {
	path := dataPath(b, "mds/duc2006.jsonl")
	fi, err := os.Stat(path)
	if err != nil {
		b.Fatal(err)
	}
	b.SetBytes(fi.Size())
	for b.Loop() {
		if _, errs := ReadStories(context.Background(), path, Options{}); len(errs) != 0 {
			b.Fatal(errs)
		}
	}
}
