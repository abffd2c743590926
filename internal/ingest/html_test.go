package ingest

import (
	"bytes"
	"compress/gzip"
	"context"
	"errors"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
	"time"
)

// htmlNow is the reading time of the fixtures: dates after it are dropped.
var htmlNow = time.Date(2026, 12, 1, 0, 0, 0, 0, time.UTC)

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "html", name))
	if err != nil {
		t.Fatal(err)
	}
	return b
}

func TestReadHTML(t *testing.T) {
	tests := []struct {
		file      string
		url       string
		title     string
		authors   []string
		outlet    string
		lang      string
		published time.Time
		modified  time.Time
		canonical string
		domain    string
		paras     int
		has       []string // text the body must contain
		hasNot    []string // text it must not
	}{
		{
			file: "news.html", url: "https://www.coastal-ledger.example/news?id=7",
			title: "Harbour bridge reopens after storm repairs", authors: []string{"Jane Okafor", "Tomas Reyes"},
			outlet: "The Coastal Ledger", lang: "en",
			published: time.Date(2026, 3, 14, 8, 15, 0, 0, time.UTC), modified: time.Date(2026, 3, 15, 11, 0, 0, 0, time.UTC),
			canonical: "https://www.coastal-ledger.example/news/2026/03/14/harbour-bridge-reopens", domain: "coastal-ledger.example",
			paras: 5,
			has:   []string{"The harbour bridge reopened to traffic on Friday morning", "A second phase of work, on the western pier"},
			hasNot: []string{"cookies", "Related stories", "Storm closes harbour bridge", "Finally!", "comments", "Photo: Harbour Authority",
				"By Jane Okafor", "All rights reserved", "Home", "Harbour bridge reopens after storm repairs"},
		},
		{
			file: "cp1251.html", title: "Новый мост открыт для движения", lang: "ru", paras: 3,
			has:    []string{"В пятницу утром в городе открыли новый мост через реку.", "праздничный концерт для жителей."},
			hasNot: []string{"Главная", "\uFFFD"},
		},
		{
			file: "sjis.html", title: "港の新しい橋が開通", lang: "ja", paras: 6,
			has:    []string{"金曜日の朝、港に架かる新しい橋が開通しました。", "西側の埠頭までの道路が拡張される計画です。"},
			hasNot: []string{"ホーム", "\uFFFD"},
		},
		{
			// Cut off in the middle of a paragraph: what is there is read.
			file: "truncated.html", title: "Harbour bridge reopens after storm repairs", outlet: "The Coastal Ledger", lang: "en",
			authors:   []string{"Jane Okafor", "Tomas Reyes"},
			published: time.Date(2026, 3, 14, 8, 15, 0, 0, time.UTC), modified: time.Date(2026, 3, 15, 11, 0, 0, 0, time.UTC),
			paras: 4,
			has:   []string{"The repairs cost about 4.2 million euros, most of it paid"},
		},
	}
	for _, tc := range tests {
		t.Run(tc.file, func(t *testing.T) {
			a, err := ReadHTML(readFixture(t, tc.file), tc.file, HTMLOptions{URL: tc.url, Now: htmlNow})
			if err != nil {
				t.Fatal(err)
			}
			if a.Title != tc.title {
				t.Errorf("title = %q, want %q", a.Title, tc.title)
			}
			if !reflect.DeepEqual(a.Authors, tc.authors) {
				t.Errorf("authors = %q, want %q", a.Authors, tc.authors)
			}
			if a.Outlet != tc.outlet || a.Language != tc.lang {
				t.Errorf("outlet, language = %q, %q; want %q, %q", a.Outlet, a.Language, tc.outlet, tc.lang)
			}
			if !a.Published.Equal(tc.published) || !a.Modified.Equal(tc.modified) {
				t.Errorf("published, modified = %v, %v; want %v, %v", a.Published, a.Modified, tc.published, tc.modified)
			}
			if a.Canonical != tc.canonical || a.Domain != tc.domain {
				t.Errorf("canonical, domain = %q, %q; want %q, %q", a.Canonical, a.Domain, tc.canonical, tc.domain)
			}
			if n := len(strings.Split(a.Body, "\n\n")); n != tc.paras {
				t.Errorf("%d paragraphs, want %d:\n%s", n, tc.paras, a.Body)
			}
			for _, s := range tc.has {
				if !strings.Contains(a.Body, s) {
					t.Errorf("body lacks %q:\n%s", s, a.Body)
				}
			}
			for _, s := range tc.hasNot {
				if strings.Contains(a.Body, s) {
					t.Errorf("body has %q:\n%s", s, a.Body)
				}
			}
		})
	}
}

func TestReadHTMLErrors(t *testing.T) {
	tests := []struct {
		name string
		page []byte
		want error
	}{
		{"home.html", readFixture(t, "home.html"), ErrNotArticle},
		{"empty.html", nil, ErrEmptyFile},
		{"tiny.html", []byte("<!doctype html><html><body><p>x</p></body></html>"), ErrNotArticle},
		{"binary.html", []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00"), ErrBinary},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadHTML(tc.page, tc.name, HTMLOptions{Now: htmlNow})
			if !errors.Is(err, tc.want) {
				t.Fatalf("err = %v, want %v", err, tc.want)
			}
			if !strings.HasPrefix(err.Error(), tc.name+": ") {
				t.Errorf("error %q does not name the page", err)
			}
		})
	}
	_, err := ReadHTML(readFixture(t, "home.html"), "home.html", HTMLOptions{})
	if !strings.Contains(err.Error(), "not_an_article") {
		t.Errorf("error %q does not say not_an_article", err)
	}
}

func TestHTMLMetaRules(t *testing.T) {
	authors := []struct {
		in   []string
		want []string
	}{
		{[]string{"By Jane Okafor | Published 4 Minute Read"}, []string{"Jane Okafor"}},
		{[]string{"BY JOHN SMITH AND MARY JONES"}, []string{"JOHN SMITH", "MARY JONES"}},
		{[]string{"Anna Weber, Staff Writer", "Anna Weber"}, []string{"Anna Weber"}},
		{[]string{"https://example.com/authors/jane", "Updated 3 hours ago", "The Coastal Ledger"}, nil},
		{[]string{"Von Peter Müller; Published March 3, 2026"}, []string{"Peter Müller"}},
	}
	for _, tc := range authors {
		if got := cleanAuthors(tc.in, "The Coastal Ledger"); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("cleanAuthors(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	// JSON-LD first, then meta tags, then <time>, then the URL; never a
	// date after now.
	page := func(head, body string) string {
		return "<html><head>" + head + "</head><body>" + body + "</body></html>"
	}
	dates := []struct {
		name, page, url string
		want            time.Time
	}{
		{"json-ld over meta", page(`<script type="application/ld+json">{"@type":"NewsArticle","datePublished":"2026-02-01T10:00:00Z"}</script><meta property="article:published_time" content="2026-01-01">`, ""), "", time.Date(2026, 2, 1, 10, 0, 0, 0, time.UTC)},
		{"meta", page(`<meta property="article:published_time" content="2026-01-05T07:00:00+01:00">`, `<time datetime="2025-01-01">`), "", time.Date(2026, 1, 5, 6, 0, 0, 0, time.UTC)},
		{"time", page("", `<time datetime="2025-11-30">30 Nov</time>`), "https://x.example/2024/05/06/a", time.Date(2025, 11, 30, 0, 0, 0, 0, time.UTC)},
		{"url", page("", ""), "https://x.example/2024/05/06/a", time.Date(2024, 5, 6, 0, 0, 0, 0, time.UTC)},
		{"future dropped", page(`<meta property="article:published_time" content="2031-01-01">`, `<time datetime="2026-11-02">`), "", time.Date(2026, 11, 2, 0, 0, 0, 0, time.UTC)},
		{"none", page(`<meta property="article:published_time" content="2099-01-01">`, ""), "https://x.example/a", time.Time{}},
	}
	for _, tc := range dates {
		a, _, _ := parseForMeta(tc.page, tc.url)
		if !a.published.Equal(tc.want) {
			t.Errorf("%s: published = %v, want %v", tc.name, a.published, tc.want)
		}
	}
}

// parseForMeta reads the metadata of a page given as a string.
func parseForMeta(page, u string) (pageMeta, string, error) {
	text, err := decodeHTML([]byte(page), "")
	if err != nil {
		return pageMeta{}, "", err
	}
	doc, err := htmlParse(text)
	if err != nil {
		return pageMeta{}, "", err
	}
	return readPageMeta(doc, parseURL(u), htmlNow), text, nil
}

func TestReadPathsHTML(t *testing.T) {
	dir := t.TempDir()
	news := readFixture(t, "news.html")
	var gz bytes.Buffer
	zw := gzip.NewWriter(&gz)
	zw.Write(news)
	zw.Close()
	for name, b := range map[string][]byte{
		"saved/bridge.html":     news,
		"saved/bridge2.html.gz": gz.Bytes(),
		"saved/moscow.htm":      readFixture(t, "cp1251.html"),
		"saved/index.html":      readFixture(t, "home.html"),
	} {
		p := filepath.Join(dir, filepath.FromSlash(name))
		os.MkdirAll(filepath.Dir(p), 0o755)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	arts, errs := ReadPaths(context.Background(), []string{filepath.Join(dir, "saved")}, Options{})
	if len(errs) != 1 || !errors.Is(errs[0], ErrNotArticle) {
		t.Errorf("errors = %q, want one not_an_article", errorStrings(errs))
	}
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
		if a.Body == "" || a.Title == "" {
			t.Errorf("%s: empty title or body", a.ID)
		}
	}
	if want := []string{"bridge", "bridge2", "moscow"}; !reflect.DeepEqual(ids, want) {
		t.Errorf("ids = %q, want %q", ids, want)
	}
}

func FuzzReadHTML(f *testing.F) {
	for _, name := range []string{"news.html", "cp1251.html", "sjis.html", "home.html", "truncated.html"} {
		f.Add(readFixture(f, name))
	}
	f.Add([]byte("<html><meta charset=shift_jis><p>\x82\xa0</p>"))
	f.Add([]byte(`<script type="application/ld+json">{"@graph":[[[{"@type":["NewsArticle"],"author":{"name":7}}]]]}</script>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		a, err := ReadHTML(b, "fuzz.html", HTMLOptions{Now: htmlNow, Fast: true})
		if err == nil && strings.TrimSpace(a.Body) == "" {
			t.Fatal("no error and an empty body")
		}
		if a.Published.After(htmlNow) || a.Modified.After(htmlNow) {
			t.Fatal("a date after now")
		}
	})
}

func BenchmarkReadHTML(b *testing.B) {
	page := readFixture(b, "news.html")
	b.SetBytes(int64(len(page)))
	for b.Loop() {
		if _, err := ReadHTML(page, "news.html", HTMLOptions{Now: htmlNow}); err != nil {
			b.Fatal(err)
		}
	}
}
