package ingest

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
)

func readFeedFile(t *testing.T, name string, opt FeedOptions) ([]news.Article, []error) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", "feeds", name))
	if err != nil {
		t.Fatal(err)
	}
	return ReadFeed(context.Background(), bytes.NewReader(b), name, opt)
}

func TestReadFeed(t *testing.T) {
	tests := []struct {
		file      string
		n         int
		errs      []string
		id, url   string
		outlet    string
		title     string
		byline    string
		published string
		body      string // the first article's body, or a prefix of it ending in "…"
	}{
		{
			file: "rss2.rss", n: 3,
			id: "courier-1001", url: "https://courier.example/2026/03/04/dam-release?utm_source=rss",
			outlet: "The Valley Courier", title: "Engineers release water from Halvard Dam", byline: "Lena Brandt",
			published: "2026-03-04T08:30:00Z",
			body: "Engineers began releasing water from the Halvard Dam on Tuesday after three days of heavy rain pushed the reservoir to within half a metre of its crest.\n\n" +
				"About 4,200 people were evacuated from villages downstream, regional officials said. See the map.\n\n" +
				"“The structure of the dam is sound,” said Anna Kovac, the authority’s chief engineer.",
		},
		{
			file: "rdf.rss", n: 1, id: "https://wire.example/a/1", url: "https://wire.example/a/1", outlet: "Wire One",
			title: "Prime minister promises flood funds", published: "2026-03-04T18:00:00Z",
			body: "Prime Minister Jonas Eberl said the government would release emergency funds for affected households.",
		},
		{
			file: "old.rss", n: 1, id: "https://gazette.example/mill", url: "https://gazette.example/mill", outlet: "Oster Gazette",
			title: "River reaches footpath by the old mill", body: "The water came faster than anyone in Oster expected.",
		},
		{
			file: "atom.atom", n: 1, id: "tag:daily.example,2026:insurers", url: "https://daily.example/insurers", outlet: "Lisburg Daily",
			title: "Insurers wait to count the cost", byline: "Petr Vas", published: "2026-03-04T10:00:00Z",
			body: "Insurers said it was too early to estimate the cost of the damage.\n\nFarms in the valley are most exposed.",
		},
		{
			file: "json.json", n: 1, errs: []string{"json.json#2: description: empty"},
			id: "mw-7", url: "https://merawatch.example/7", outlet: "Mera Watch", title: "Forecast: drier at the weekend",
			byline: "Ida Roe", published: "2026-03-04T08:00:00Z",
			body: "Meteorologists forecast another 40 millimetres of rain by Wednesday evening.\n\nDrier weather arrives at the weekend.",
		},
		{
			file: "cp1251.xml", n: 1, id: "vesti-1", url: "https://vesti.example/1", outlet: "Вести Лисбурга", title: "Плотина открыта",
			body: "Инженеры начали сброс воды из водохранилища во вторник.",
		},
		{
			file: "malformed.xml", errs: []string{"malformed.xml: malformed XML feed: XML syntax error on line 10: unexpected EOF"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			arts, errs := readFeedFile(t, tt.file, FeedOptions{})
			if got := errorStrings(errs); !slices.Equal(got, tt.errs) {
				t.Errorf("errors = %q, want %q", got, tt.errs)
			}
			if len(arts) != tt.n {
				t.Fatalf("%d articles, want %d", len(arts), tt.n)
			}
			if tt.n == 0 {
				return
			}
			a := arts[0]
			var pub string
			if !a.Published.IsZero() {
				pub = a.Published.Format(time.RFC3339)
			}
			for _, f := range []struct{ name, got, want string }{
				{"id", a.ID, tt.id}, {"url", a.URL, tt.url}, {"outlet", a.Outlet, tt.outlet}, {"title", a.Title, tt.title},
				{"byline", a.Byline, tt.byline}, {"published", pub, tt.published}, {"text", a.Body, tt.body},
				{"text source", a.TextSource, TextFromFeed}, {"origin", a.Origin, tt.file + "#1"},
			} {
				if f.got != f.want {
					t.Errorf("%s = %q, want %q", f.name, f.got, f.want)
				}
			}
		})
	}
}

func TestReadFeedErrors(t *testing.T) {
	tests := []struct{ name, in, want string }{
		{"empty", "  \n", "f: empty file"},
		{"html", "<!DOCTYPE html><html><body>hi</body></html>", "f: unsupported format: not an RSS, Atom or JSON feed"},
		{"json", `{"version":"https://jsonfeed.org/version/1.1","title":"x","items":[{"id":1,`, "f: malformed JSON feed"},
		{"no items", `<rss version="2.0"><channel><title>x</title></channel></rss>`, "f: empty: a feed without items"},
		{"binary", "\x00\x01\x02\x03<rss>", "f: binary file"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			arts, errs := ReadFeed(context.Background(), strings.NewReader(tt.in), "f", FeedOptions{})
			if len(arts) != 0 || len(errs) != 1 || !strings.HasPrefix(errs[0].Error(), tt.want) {
				t.Errorf("ReadFeed = %d articles, %q; want error %q", len(arts), errorStrings(errs), tt.want)
			}
			var e *Error
			if len(errs) == 1 && !errors.As(errs[0], &e) {
				t.Errorf("error %T is not an *Error", errs[0])
			}
		})
	}
}

// TestReadFeedPrefixes: no cut of a feed makes the reader panic.
func TestReadFeedPrefixes(t *testing.T) {
	for _, name := range []string{"rss2.rss", "atom.atom", "json.json", "rdf.rss", "cp1251.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "feeds", name))
		if err != nil {
			t.Fatal(err)
		}
		for n := 0; n < len(b); n += 7 {
			ReadFeed(context.Background(), bytes.NewReader(b[:n]), name, FeedOptions{})
		}
	}
}

func TestTruncated(t *testing.T) {
	long := strings.Repeat("word ", 80)
	tests := []struct {
		text string
		want bool
	}{
		{long + "end.", false},
		{long + "and then…", true},
		{long + "and then...", true},
		{long + "and then [...]", true},
		{long + "and then […]", true},
		{long + "Read more »", true},
		{long + "Continue reading.", true},
		{"A short item of a few words.", true},
	}
	for _, tt := range tests {
		if got := Truncated(tt.text, len(strings.Fields(tt.text)), 60); got != tt.want {
			t.Errorf("Truncated(…%q) = %v, want %v", tt.text[max(0, len(tt.text)-20):], got, tt.want)
		}
	}
}

func TestReadFeedFetch(t *testing.T) {
	page := strings.Repeat("The full text of the rail story, as the page has it. ", 20)
	var fetched []string
	fetch := func(ctx context.Context, url string) (news.Article, error) {
		fetched = append(fetched, url)
		switch url {
		case "https://courier.example/2026/03/04/rail":
			return news.Article{Body: page, Byline: "Tom Ash"}, nil
		}
		return news.Article{}, errors.New("http_404")
	}
	arts, errs := readFeedFile(t, "rss2.rss", FeedOptions{Fetch: fetch})
	if len(arts) != 3 {
		t.Fatalf("%d articles, want 3", len(arts))
	}
	// The first item has its full content:encoded; it is short but not
	// truncated, so it is not fetched.
	if want := []string{"https://courier.example/2026/03/04/rail", "https://courier.example/2026/03/04/shelters"}; !slices.Equal(fetched, want) {
		t.Errorf("fetched %q, want %q", fetched, want)
	}
	if got := errorStrings(errs); len(got) != 1 || !strings.Contains(got[0], "rss2.rss#3: link: fetch https://courier.example/2026/03/04/shelters: http_404 (kept the feed text)") {
		t.Errorf("errors = %q", got)
	}
	for i, want := range []struct{ source, body, byline string }{
		{TextFromFeed, "", "Lena Brandt"},
		{TextFromPage, page, "Tom Ash"},
		{TextFromFeed, "Emergency crews set up shelters in four schools and a sports hall.", ""},
	} {
		a := arts[i]
		if a.TextSource != want.source || want.body != "" && a.Body != want.body || a.Byline != want.byline {
			t.Errorf("item %d: source %q, byline %q, body %.60q; want %q, %q, %.60q", i+1, a.TextSource, a.Byline, a.Body, want.source, want.byline, want.body)
		}
	}
}

// TestReadFeedShortItem: an item much shorter than the feed's others is
// fetched even without a mark.
func TestReadFeedShortItem(t *testing.T) {
	long := strings.Repeat("The river rose through the night and the town waited. ", 30)
	feed := `<rss version="2.0"><channel><title>T</title>` +
		`<item><link>https://t.example/1</link><description>` + long + `</description></item>` +
		`<item><link>https://t.example/2</link><description>` + long + `</description></item>` +
		`<item><link>https://t.example/3</link><description>` + long + `</description></item>` +
		`<item><link>https://t.example/4</link><description>A brief item that stops here and says no more than this, a sentence or so of thirty words from the first paragraph of the page, without any mark at all.</description></item>` +
		`</channel></rss>`
	var fetched []string
	fetch := func(ctx context.Context, url string) (news.Article, error) {
		fetched = append(fetched, url)
		return news.Article{Body: long + long}, nil
	}
	arts, errs := ReadFeed(context.Background(), strings.NewReader(feed), "t.rss", FeedOptions{Fetch: fetch, MinWords: 20})
	if len(errs) != 0 || len(arts) != 4 {
		t.Fatalf("%d articles, errors %q", len(arts), errorStrings(errs))
	}
	if !slices.Equal(fetched, []string{"https://t.example/4"}) || arts[3].TextSource != TextFromPage {
		t.Errorf("fetched %q, last source %q", fetched, arts[3].TextSource)
	}
}

func TestReadPathsFeeds(t *testing.T) {
	var paths []string
	for _, n := range []string{"atom.atom", "cp1251.xml", "json.json", "malformed.xml", "old.rss", "rdf.rss", "rss2.rss"} {
		paths = append(paths, "testdata/feeds/"+n)
	}
	arts, errs := ReadPaths(context.Background(), paths, Options{})
	want := []string{
		"testdata/feeds/json.json#2: description: empty",
		"testdata/feeds/malformed.xml: malformed XML feed: XML syntax error on line 10: unexpected EOF",
	}
	if got := errorStrings(errs); !slices.Equal(got, want) {
		t.Errorf("errors = %q, want %q", got, want)
	}
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	wantIDs := []string{"tag:daily.example,2026:insurers", "vesti-1", "mw-7", "https://gazette.example/mill",
		"https://wire.example/a/1", "courier-1001", "https://courier.example/2026/03/04/rail", "https://courier.example/2026/03/04/shelters"}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("ids = %q, want %q", ids, wantIDs)
	}
}

func TestReadPathsOPML(t *testing.T) {
	arts, errs := ReadPaths(context.Background(), []string{"testdata/feeds/subscriptions.opml"}, Options{})
	want := []string{"testdata/feeds/subscriptions.opml: unsupported format: an OPML list of 6 feeds; give the feeds' URLs instead"}
	if got := errorStrings(errs); len(arts) != 0 || !slices.Equal(got, want) {
		t.Errorf("ReadPaths = %d articles, %q; want %q", len(arts), got, want)
	}
}

func TestResolveLink(t *testing.T) {
	tests := []struct{ base, link, want string }{
		{"https://courier.example/news/", "/2026/x", "https://courier.example/2026/x"},
		{"https://courier.example/news/", "x?id=1", "https://courier.example/news/x?id=1"},
		{"https://courier.example/", "https://other.example/y", "https://other.example/y"},
		{"", "/2026/x", "/2026/x"},
		{"https://courier.example/", "", ""},
	}
	for _, tt := range tests {
		if got := resolveLink(tt.base, tt.link); got != tt.want {
			t.Errorf("resolveLink(%q, %q) = %q, want %q", tt.base, tt.link, got, tt.want)
		}
	}
}

func TestHTMLText(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain  text\nwrapped", "plain text wrapped"},
		{"<p>One &amp; two</p><p>Three<br>four</p>", "One & two\n\nThree\n\nfour"},
		{"<div>a<script>var x = '<p>no</p>';</script> b</div><style>p{}</style>", "a b"},
		{"<p>unclosed <b>bold", "unclosed bold"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := htmlText(tt.in); got != tt.want {
			t.Errorf("htmlText(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

// FuzzReadFeed: no input makes ReadFeed panic, and every failure is an
// *Error.
func FuzzReadFeed(f *testing.F) {
	for _, name := range []string{"rss2.rss", "atom.atom", "json.json", "rdf.rss", "old.rss", "cp1251.xml", "malformed.xml"} {
		b, err := os.ReadFile(filepath.Join("testdata", "feeds", name))
		if err != nil {
			f.Fatal(err)
		}
		f.Add(b)
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		_, errs := ReadFeed(context.Background(), bytes.NewReader(b), "f", FeedOptions{})
		for _, err := range errs {
			var e *Error
			if !errors.As(err, &e) {
				t.Errorf("error %v (%T) is not an *Error", err, err)
			}
		}
	})
}
