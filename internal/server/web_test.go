package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"mime/multipart"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/internal/desk"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/store"
	"github.com/parallaxnews/parallax/internal/store/sqlite"
)

// The fixtures are invented: a footbridge that falls into Hollin Creek
// during a lantern festival, told by three outlets that disagree on how
// many people stood on it; a market fire told once by an outlet whose
// every field is hostile markup; and a pile of small stories for the
// pages of the list.

const (
	bridgeStory  = "hollin-bridge"
	hostileStory = "dunmere-fire"
	pendingStory = "ember-library" // stored without a digest
	fillerCount  = 30
)

// hostile is markup that must reach every page as text.
const hostile = `<script>alert("x")</script><img src=x onerror=alert(1)>`

func at(s string) time.Time {
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		panic(err)
	}
	return t
}

func bridgeArticles() []news.Article {
	return []news.Article{
		{
			ID: "courier-bridge", URL: "https://valley-courier.example/2026/04/hollin-bridge", Outlet: "Valley Courier",
			Title:     "Footbridge collapses into Hollin Creek during lantern festival",
			Published: at("2026-04-11T21:00:00Z"),
			Body: "A wooden footbridge over Hollin Creek collapsed on Saturday evening as crowds gathered for the town's lantern festival.\n\n" +
				"About 40 people were on the bridge when its central span gave way, the fire service said.\n\n" +
				"Eleven people were taken to Hollin General Hospital with minor injuries.\n\n" +
				"Mayor Odile Renner said the town would inspect every bridge in the district. \"We will rebuild the crossing before the autumn rains, and it will be stronger than before,\" she said.\n\n" +
				"The bridge was built in 1962 and was last inspected three years ago.",
		},
		{
			ID: "herald-bridge", URL: "https://hollin-herald.example/news/festival-bridge", Outlet: "Hollin Herald",
			Title:     "Eleven hurt as festival bridge gives way",
			Published: at("2026-04-11T22:30:00Z"),
			Body: "Eleven people were injured when a footbridge over Hollin Creek collapsed during the lantern festival on Saturday.\n\n" +
				"More than 60 people were standing on the bridge when the central span gave way, witnesses said.\n\n" +
				"Mayor Odile Renner promised an inspection of every bridge in the district. \"We will rebuild the crossing before the rains,\" she said.\n\n" +
				"The festival's organisers cancelled the closing fireworks.\n\n" +
				"Engineers from the regional roads office will examine the wreckage on Monday.",
		},
		{
			ID: "post-bridge", URL: "https://riverside-post.example/hollin-footbridge", Outlet: "Riverside Post",
			Title:     "Hollin footbridge collapse: engineers to examine wreckage",
			Published: at("2026-04-12T08:15:00Z"),
			Body: "Engineers will examine the wreckage of the Hollin Creek footbridge on Monday, two days after it collapsed during the town's lantern festival.\n\n" +
				"Eleven people were hurt in the collapse, the fire service said.\n\n" +
				"\"Nobody should ever have been in danger on that bridge,\" said Tomas Vell, who chairs the festival committee.\n\n" +
				"Mayor Odile Renner said every bridge in the district would be inspected.\n\n" +
				"The bridge was built in 1962.",
		},
	}
}

func hostileArticles() []news.Article {
	return []news.Article{
		{
			ID: "hostile-fire", URL: "javascript:alert(1)", Outlet: "Dunmere " + hostile,
			Title:     "Market fire " + hostile,
			Published: at("2026-04-14T09:00:00Z"),
			Body: "A fire broke out at the covered market in Dunmere on Tuesday morning " + hostile + " and spread to four stalls.\n\n" +
				"Firefighters said nobody was hurt in the market fire.\n\n" +
				"The market will reopen on Friday, the council said.",
		},
		{
			ID: "echo-fire", URL: "https://dunmere-echo.example/market-fire", Outlet: "Dunmere Echo",
			Title:     "Four stalls burn in Dunmere market fire",
			Published: at("2026-04-14T11:00:00Z"),
			Body: "A fire spread to four stalls at the covered market in Dunmere on Tuesday morning.\n\n" +
				"Nobody was hurt, firefighters said.\n\n" +
				"The council said the market would reopen on Friday.",
		},
	}
}

func pendingArticles() []news.Article {
	return []news.Article{{
		ID: "ember-library", URL: "https://ember-times.example/library", Outlet: "Ember Times",
		Title:     "Ember Falls library reopens after flood repairs",
		Published: at("2026-04-13T10:00:00Z"),
		Body:      "The public library of Ember Falls reopened on Monday after eight months of repairs to its flooded basement.",
	}}
}

func fillerArticles() []news.Article {
	var out []news.Article
	for i := range fillerCount {
		out = append(out, news.Article{
			ID: fmt.Sprintf("filler-%02d", i), URL: fmt.Sprintf("https://filler-gazette.example/%02d", i), Outlet: "Filler Gazette",
			Title:     fmt.Sprintf("Parish council notice number %02d", i),
			Published: at("2026-01-01T08:00:00Z").Add(time.Duration(i) * 24 * time.Hour),
			Body:      fmt.Sprintf("The parish council of Wendle published its routine notice number %d about the hedges on Mill Lane.", i),
		})
	}
	return out
}

// fixture is a server over a seeded SQLite store, with the real ingest
// loop as its Desk.
type fixture struct {
	t     *testing.T
	store *sqlite.Store
	desk  *desk.Desk
	srv   *httptest.Server
	// client follows no redirect, so tests see the 303s.
	client *http.Client
}

type fixtureOptions struct {
	token  string
	desk   desk.Options // Store is filled in
	noSeed bool
}

func newFixture(t *testing.T, fo fixtureOptions) *fixture {
	t.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	if !fo.noSeed {
		seed(t, st)
	}
	fo.desk.Store = st
	d, err := desk.New(ctx, fo.desk)
	if err != nil {
		t.Fatal(err)
	}
	s := New(Options{Store: st, Desk: d, Token: fo.token, Title: "Hollin Desk"})
	srv := httptest.NewServer(s.Handler())
	t.Cleanup(srv.Close)
	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	return &fixture{t: t, store: st, desk: d, srv: srv, client: client}
}

// seed stores the fixtures' stories, with digests for the bridge and the
// fire computed as the ingest loop computes them.
func seed(t *testing.T, st store.Store) {
	t.Helper()
	ctx := context.Background()
	stories := []struct {
		id     string
		arts   []news.Article
		digest bool
	}{
		{bridgeStory, bridgeArticles(), true},
		{hostileStory, hostileArticles(), true},
		{pendingStory, pendingArticles(), false},
	}
	for _, a := range fillerArticles() {
		stories = append(stories, struct {
			id     string
			arts   []news.Article
			digest bool
		}{"story-" + a.ID, []news.Article{a}, false})
	}
	for _, s := range stories {
		var arts []store.Article
		for _, a := range s.arts {
			arts = append(arts, store.Article{Article: a, Status: "ok", Story: s.id, Fetched: a.Published.Add(time.Minute)})
		}
		if _, err := st.AddArticles(ctx, arts); err != nil {
			t.Fatal(err)
		}
		if !s.digest {
			continue
		}
		putDigest(t, st, s.id, s.arts)
	}
}

func putDigest(t *testing.T, st store.Store, id string, arts []news.Article) news.Digest {
	t.Helper()
	ctx := context.Background()
	d := parallax.NewDigest(arts, parallax.Options{Words: 120})
	raw, err := json.Marshal(d)
	if err != nil {
		t.Fatal(err)
	}
	story, err := st.Story(ctx, id)
	if err != nil {
		t.Fatal(err)
	}
	if ok, err := st.PutDigest(ctx, id, story.Version, d.Title, raw); err != nil || !ok {
		t.Fatalf("PutDigest(%s) = %v, %v", id, ok, err)
	}
	return d
}

// get fetches path and returns the status and body.
func (f *fixture) get(path string) (int, string) {
	f.t.Helper()
	resp, err := f.client.Get(f.srv.URL + path)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp.StatusCode, string(b)
}

// post posts a form and returns the response, its body read.
func (f *fixture) post(path string, form url.Values) (*http.Response, string) {
	f.t.Helper()
	resp, err := f.client.PostForm(f.srv.URL+path, form)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		f.t.Fatal(err)
	}
	return resp, string(b)
}

func wantContains(t *testing.T, page string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if !strings.Contains(page, s) {
			t.Errorf("page lacks %q", s)
		}
	}
}

func wantLacks(t *testing.T, page string, subs ...string) {
	t.Helper()
	for _, s := range subs {
		if strings.Contains(page, s) {
			t.Errorf("page has %q", s)
		}
	}
}

// wantEscaped checks that the hostile markup shows only as text.
func wantEscaped(t *testing.T, page string) {
	t.Helper()
	wantLacks(t, page, "<script>alert", "<img src=x", `href="javascript:`, "onerror=alert(1)>")
}

// wantPage checks what every page has: the language, the landmarks, the
// skip link, the desk's title and our assets.
func wantPage(t *testing.T, page string) {
	t.Helper()
	wantContains(t, page, `<html lang="en">`, `<a class="skip" href="#main">`, `<header class="site">`, `<nav aria-label="Main">`,
		`<main id="main"`, "Hollin Desk", `name="viewport"`, "/static/style.css?v=", "/static/app.js?v=")
	// Every input of a page has a label.
	for _, m := range regexp.MustCompile(`<input[^>]*>`).FindAllString(page, -1) {
		id := regexp.MustCompile(`id="([^"]+)"`).FindStringSubmatch(m)
		if id == nil {
			t.Errorf("input without id (so without label): %s", m)
			continue
		}
		if !strings.Contains(page, `for="`+id[1]+`"`) {
			t.Errorf("input %s has no label", id[1])
		}
	}
}

func TestStoryList(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	code, page := f.get("/")
	if code != http.StatusOK {
		t.Fatalf("GET / = %d", code)
	}
	wantPage(t, page)
	wantEscaped(t, page)
	wantContains(t, page,
		`<a href="/stories/dunmere-fire">`, `<a href="/stories/hollin-bridge">`, `<a href="/stories/ember-library">`,
		"Valley Courier", "Hollin Herald", "Riverside Post", "3 articles",
		`<time datetime="2026-04-11T21:00:00Z">2026-04-11 21:00 UTC</time>`, `<time datetime="2026-04-12T08:15:00Z">`,
		"Market fire &lt;script&gt;", `href="/?outlet=Hollin%20Herald"`,
		`rel="next"`, `href="/?page=2"`)
	wantLacks(t, page, `rel="prev"`)
	// Newest first: the fire (04-14), the library (04-13), the bridge.
	fire, lib, bridge := strings.Index(page, "/stories/dunmere-fire"), strings.Index(page, "/stories/ember-library"), strings.Index(page, "/stories/hollin-bridge")
	if !(fire < lib && lib < bridge) {
		t.Errorf("stories not newest first: fire %d, library %d, bridge %d", fire, lib, bridge)
	}
	if n := strings.Count(page, `<li class="story">`); n != webStoriesPerPage {
		t.Errorf("page 1 lists %d stories, want %d", n, webStoriesPerPage)
	}
}

func TestStoryListPages(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	total := 3 + fillerCount
	code, page := f.get("/?page=2")
	if code != http.StatusOK {
		t.Fatalf("page 2: %d", code)
	}
	if n := strings.Count(page, `<li class="story">`); n != total-webStoriesPerPage {
		t.Errorf("page 2 lists %d stories, want %d", n, total-webStoriesPerPage)
	}
	wantContains(t, page, `rel="prev"`, `href="/"`, "page 2", "Parish council notice number 00")
	wantLacks(t, page, `rel="next"`, "/stories/hollin-bridge")

	code, page = f.get("/?page=3")
	if code != http.StatusOK || !strings.Contains(page, "There are no more stories") {
		t.Errorf("page 3: %d, want an empty page", code)
	}
	for _, bad := range []string{"/?page=0", "/?page=-1", "/?page=two", "/?since=yesterday", "/?since=2026-13-01"} {
		code, page := f.get(bad)
		if code != http.StatusBadRequest {
			t.Errorf("GET %s = %d, want 400", bad, code)
		}
		wantPage(t, page)
	}
}

func TestStoryListFilters(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	_, page := f.get("/?outlet=" + url.QueryEscape("Hollin Herald"))
	wantContains(t, page, "/stories/hollin-bridge", `value="Hollin Herald"`, "Clear filters")
	wantLacks(t, page, "/stories/dunmere-fire", "/stories/story-filler")

	_, page = f.get("/?since=2026-04-12")
	wantContains(t, page, "/stories/hollin-bridge", "/stories/dunmere-fire", "/stories/ember-library", `value="2026-04-12"`)
	wantLacks(t, page, "/stories/story-filler", `rel="next"`)

	// The filters carry over to the next page.
	_, page = f.get("/?outlet=" + url.QueryEscape("Filler Gazette"))
	wantContains(t, page, `href="/?outlet=Filler&#43;Gazette&amp;page=2"`)
	_, page = f.get("/?outlet=" + url.QueryEscape("Filler Gazette") + "&page=2")
	if n := strings.Count(page, `<li class="story">`); n != fillerCount-webStoriesPerPage {
		t.Errorf("filtered page 2 lists %d stories, want %d", n, fillerCount-webStoriesPerPage)
	}

	_, page = f.get("/?outlet=Nobody")
	wantContains(t, page, "No story matches these filters")
}

func TestStoryPage(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	d := parallax.NewDigest(bridgeArticles(), parallax.Options{Words: 120})
	code, page := f.get("/stories/" + bridgeStory)
	if code != http.StatusOK {
		t.Fatalf("story page: %d", code)
	}
	wantPage(t, page)
	wantContains(t, page, "<h2 id=\"summary-h\">Summary</h2>", "Reported by all", "Only in Valley Courier", "Only in Hollin Herald",
		"Only in Riverside Post", "Figures", "Quote versions", "Who said what", "Who reports what", `<table class="fact-table">`,
		`<th scope="col" class="col"><a class="key" href="#source-A">[A]</a> Valley Courier</th>`,
		`<a href="https://valley-courier.example/2026/04/hollin-bridge" rel="noopener noreferrer nofollow">Footbridge collapses into Hollin Creek during lantern festival</a>`,
		`id="source-B"`, `id="source-C"`, "Odile Renner")
	// Every summary sentence is on the page, with its markers in a
	// <details> that holds the sentences behind them.
	if len(d.Summary.Sentences) == 0 {
		t.Fatal("the fixture's digest has no sentence")
	}
	for _, s := range d.Summary.Sentences {
		wantContains(t, page, escaped(s.Text))
		for _, sup := range s.Support {
			if sup.Text != "" {
				wantContains(t, page, escaped(sup.Text))
			}
		}
	}
	if got, want := strings.Count(page, `<details class="sources">`), len(d.Summary.Sentences); got != want {
		t.Errorf("%d source panels, want %d", got, want)
	}
	if !regexp.MustCompile(`<summary><span class="vh">Sources of sentence 1: </span><span class="keys">(\[[A-C]\])+</span></summary>`).MatchString(page) {
		t.Error("the first sentence has no markers in its <summary>")
	}
	// The outlets disagree on the crowd: the figure is a conflict.
	if d.Comparison != nil {
		for _, g := range d.Comparison.Figures {
			if !g.Agree {
				wantContains(t, page, `<li class="figure conflict">`, `<span class="verdict bad">Conflict</span>`)
			}
		}
		for _, q := range d.Comparison.Quotes {
			if len(q.Versions) > 1 {
				wantContains(t, page, `<div class="versions">`, "Against [")
			}
		}
	}
}

// escaped escapes s as html/template writes text.
func escaped(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '"':
			b.WriteString("&#34;")
		case '\'':
			b.WriteString("&#39;")
		case '&':
			b.WriteString("&amp;")
		case '<':
			b.WriteString("&lt;")
		case '>':
			b.WriteString("&gt;")
		case '+':
			b.WriteString("&#43;")
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

func TestStoryPageHostile(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	code, page := f.get("/stories/" + hostileStory)
	if code != http.StatusOK {
		t.Fatalf("story page: %d", code)
	}
	wantPage(t, page)
	wantEscaped(t, page)
	wantContains(t, page, "Market fire &lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;&lt;img src=x onerror=alert(1)&gt;",
		"Dunmere &lt;script&gt;", `href="#ZgotmplZ"`)
	if csp := headerOf(t, f, "/stories/"+hostileStory, "Content-Security-Policy"); !strings.Contains(csp, "script-src 'self'") {
		t.Errorf("CSP %q", csp)
	}
}

func headerOf(t *testing.T, f *fixture, path, name string) string {
	t.Helper()
	resp, err := f.client.Get(f.srv.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	return resp.Header.Get(name)
}

func TestStoryPagePending(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	code, page := f.get("/stories/" + pendingStory)
	if code != http.StatusOK {
		t.Fatalf("story page: %d", code)
	}
	wantContains(t, page, "not computed yet", "Ember Falls library reopens after flood repairs", "Ember Times",
		`href="https://ember-times.example/library"`)
	wantLacks(t, page, "Reported by all", `<details class="sources">`)
}

func TestStoryPageStale(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	late := news.Article{ID: "late-bridge", Outlet: "Late Wire", Title: "Bridge inquiry opens", Published: at("2026-04-13T09:00:00Z"),
		Body: "An inquiry into the Hollin Creek footbridge collapse opened on Monday."}
	if _, err := f.store.AddArticles(context.Background(), []store.Article{{Article: late, Status: "ok", Story: bridgeStory}}); err != nil {
		t.Fatal(err)
	}
	_, page := f.get("/stories/" + bridgeStory)
	wantContains(t, page, "the summary will be updated shortly", "Bridge inquiry opens", `id="article-`)
}

func TestNotFound(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	for _, p := range []string{"/stories/no-such-story", "/no/such/page", "/stories/" + url.PathEscape(hostile)} {
		code, page := f.get(p)
		if code != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, code)
		}
		wantPage(t, page)
		wantEscaped(t, page)
		wantContains(t, page, "Not Found")
	}
	// The API keeps its own JSON 404.
	resp, err := f.client.Get(f.srv.URL + "/api/no-such-thing")
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if ct := resp.Header.Get("Content-Type"); strings.HasPrefix(ct, "text/html") {
		t.Errorf("API 404 is HTML")
	}
}

func TestSearch(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	code, page := f.get("/search")
	if code != http.StatusOK {
		t.Fatalf("empty search: %d", code)
	}
	wantPage(t, page)
	wantLacks(t, page, `<ol class="hits">`)

	code, page = f.get("/search?q=footbridge")
	if code != http.StatusOK {
		t.Fatalf("search: %d", code)
	}
	wantPage(t, page)
	wantContains(t, page, "<mark>footbridge</mark>", `<a href="/stories/hollin-bridge">`, "Valley Courier", `value="footbridge"`, "3 articles match")

	// A query of markup and a hit whose text is markup both stay text.
	_, page = f.get("/search?q=" + url.QueryEscape("stalls "+hostile))
	wantEscaped(t, page)
	_, page = f.get("/search?q=market+fire")
	wantEscaped(t, page)
	wantContains(t, page, "<mark>", `<a href="/stories/dunmere-fire">`, "Market fire &lt;script&gt;")

	_, page = f.get("/search?q=zeppelin")
	wantContains(t, page, "No article matches “zeppelin”")
}

func TestSplitSnippet(t *testing.T) {
	got := splitWebSnippet("a \x02b\x03 c\x02d\x03\x03\x01e\x02")
	want := []webSnippetPart{{"a ", false}, {"b", true}, {" c", false}, {"d", true}, {"e", false}}
	if fmt.Sprint(got) != fmt.Sprint(want) {
		t.Errorf("splitWebSnippet = %v, want %v", got, want)
	}
}

func TestFeeds(t *testing.T) {
	f := newFixture(t, fixtureOptions{})
	code, page := f.get("/feeds")
	if code != http.StatusOK {
		t.Fatalf("feeds: %d", code)
	}
	wantPage(t, page)
	wantContains(t, page, "follows no feed yet", `href="/api/feeds.opml"`, `action="/feeds"`, `enctype="multipart/form-data"`)
	wantLacks(t, page, `name="token"`)

	resp, _ := f.post("/feeds", url.Values{"url": {"https://hollin-herald.example/feed.xml"}})
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/feeds" {
		t.Fatalf("add feed: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page = f.get("/feeds")
	wantContains(t, page, "https://hollin-herald.example/feed.xml", "pending", "never", `action="/feeds/1/remove"`)

	// The same feed again, and addresses that are no feed's.
	resp, page = f.post("/feeds", url.Values{"url": {"https://hollin-herald.example/feed.xml"}})
	if resp.StatusCode != http.StatusConflict {
		t.Errorf("adding a feed twice: %d", resp.StatusCode)
	}
	wantContains(t, page, "already follows")
	for _, bad := range []string{"", "ftp://x.example/feed", "not a url", "javascript:alert(1)", hostile} {
		resp, page := f.post("/feeds", url.Values{"url": {bad}})
		if resp.StatusCode != http.StatusBadRequest {
			t.Errorf("adding %q: %d, want 400", bad, resp.StatusCode)
		}
		wantContains(t, page, `role="alert"`)
		wantEscaped(t, page)
	}

	resp, _ = f.post("/feeds/1/remove", nil)
	if resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("remove: %d", resp.StatusCode)
	}
	_, page = f.get("/feeds")
	wantLacks(t, page, "https://hollin-herald.example/feed.xml")
	for _, p := range []string{"/feeds/1/remove", "/feeds/999/remove", "/feeds/x/remove"} {
		if resp, _ := f.post(p, nil); resp.StatusCode != http.StatusNotFound {
			t.Errorf("POST %s = %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestFeedsHostile(t *testing.T) {
	f := newFixture(t, fixtureOptions{noSeed: true})
	ctx := context.Background()
	fd, err := f.store.AddFeed(ctx, "https://evil.example/feed?x=\"><script>alert(1)</script>", hostile)
	if err != nil {
		t.Fatal(err)
	}
	fd.Status, fd.Error, fd.LastFetch = "malformed", hostile, at("2026-04-10T10:00:00Z")
	if err := f.store.UpdateFeed(ctx, fd); err != nil {
		t.Fatal(err)
	}
	_, page := f.get("/feeds")
	wantEscaped(t, page)
	wantContains(t, page, "&lt;script&gt;", "malformed", "2026-04-10 10:00 UTC")
}

const opmlList = `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0"><head><title>Valley news</title></head><body>
<outline text="Valley Courier" type="rss" xmlUrl="https://valley-courier.example/feed.xml"/>
<outline text="Riverside Post" type="rss" xmlUrl="https://riverside-post.example/rss"/>
</body></opml>`

// postOPML uploads an OPML file with the form's other fields.
func (f *fixture) postOPML(opml string, fields url.Values) (*http.Response, string) {
	f.t.Helper()
	var body bytes.Buffer
	mw := multipart.NewWriter(&body)
	for k, vs := range fields {
		for _, v := range vs {
			mw.WriteField(k, v)
		}
	}
	if opml != "" {
		fw, err := mw.CreateFormFile("opml", "feeds.opml")
		if err != nil {
			f.t.Fatal(err)
		}
		io.WriteString(fw, opml)
	}
	mw.Close()
	resp, err := f.client.Post(f.srv.URL+"/feeds/opml", mw.FormDataContentType(), &body)
	if err != nil {
		f.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, string(b)
}

func TestImportOPML(t *testing.T) {
	f := newFixture(t, fixtureOptions{noSeed: true})
	resp, _ := f.postOPML(opmlList, nil)
	if resp.StatusCode != http.StatusSeeOther || resp.Header.Get("Location") != "/feeds?imported=2" {
		t.Fatalf("import: %d to %q", resp.StatusCode, resp.Header.Get("Location"))
	}
	_, page := f.get("/feeds?imported=2")
	wantContains(t, page, "Imported 2 new feeds.", "https://valley-courier.example/feed.xml", "Riverside Post")

	if resp, _ := f.postOPML(opmlList, nil); resp.Header.Get("Location") != "/feeds?imported=0" {
		t.Errorf("import again: to %q", resp.Header.Get("Location"))
	}
	if resp, page := f.postOPML("", nil); resp.StatusCode != http.StatusBadRequest || !strings.Contains(page, "choose an OPML file") {
		t.Errorf("import without a file: %d", resp.StatusCode)
	}
	if resp, page := f.postOPML("<opml><body>"+hostile, nil); resp.StatusCode != http.StatusBadRequest {
		t.Errorf("import of a broken file: %d", resp.StatusCode)
	} else {
		wantEscaped(t, page)
	}
	// ?imported= is only ever a count.
	_, page = f.get("/feeds?imported=" + url.QueryEscape(hostile))
	wantLacks(t, page, "Imported")
}

func TestToken(t *testing.T) {
	const token = "correct horse"
	f := newFixture(t, fixtureOptions{token: token, noSeed: true})
	_, page := f.get("/feeds")
	wantPage(t, page)
	wantContains(t, page, `<input id="add-token" name="token" type="password"`, `<input id="opml-token" name="token" type="password"`)

	feed := "https://hollin-herald.example/feed.xml"
	for _, tok := range []string{"", "wrong", token + " ", strings.ToUpper(token)} {
		resp, page := f.post("/feeds", url.Values{"url": {feed}, "token": {tok}})
		if resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("token %q: %d, want 401", tok, resp.StatusCode)
		}
		wantPage(t, page)
		wantContains(t, page, "Error 401")
		if resp, _ := f.postOPML(opmlList, url.Values{"token": {tok}}); resp.StatusCode != http.StatusUnauthorized {
			t.Errorf("OPML with token %q: %d, want 401", tok, resp.StatusCode)
		}
	}
	if feeds, _ := f.store.Feeds(context.Background()); len(feeds) != 0 {
		t.Fatalf("a form without the token added %d feeds", len(feeds))
	}
	if resp, _ := f.post("/feeds", url.Values{"url": {feed}, "token": {token}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("with the token: %d", resp.StatusCode)
	}
	if resp, _ := f.postOPML(opmlList, url.Values{"token": {token}}); resp.StatusCode != http.StatusSeeOther {
		t.Fatalf("OPML with the token: %d", resp.StatusCode)
	}
	_, page = f.get("/feeds")
	wantContains(t, page, `<input id="rm-token-1" name="token" type="password"`)
	if resp, _ := f.post("/feeds/1/remove", url.Values{"token": {"nope"}}); resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("remove without the token: %d", resp.StatusCode)
	}
	if resp, _ := f.post("/feeds/1/remove", url.Values{"token": {token}}); resp.StatusCode != http.StatusSeeOther {
		t.Errorf("remove with the token: %d", resp.StatusCode)
	}
	if feeds, _ := f.store.Feeds(context.Background()); len(feeds) != 2 {
		t.Errorf("%d feeds left, want 2", len(feeds))
	}
}

func TestCrossSitePost(t *testing.T) {
	f := newFixture(t, fixtureOptions{noSeed: true})
	req, _ := http.NewRequest("POST", f.srv.URL+"/feeds", strings.NewReader("url=https%3A%2F%2Fa.example%2Ffeed"))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	resp, err := f.client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site post: %d, want 403", resp.StatusCode)
	}
}

func TestReadOnly(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "desk.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	srv := httptest.NewServer(New(Options{Store: st}).Handler())
	defer srv.Close()
	resp, err := http.Get(srv.URL + "/feeds")
	if err != nil {
		t.Fatal(err)
	}
	b, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if !strings.Contains(string(b), "runs without its ingest loop") || strings.Contains(string(b), `action="/feeds"`) {
		t.Error("a desk without ingest loop shows the forms")
	}
	resp, err = http.PostForm(srv.URL+"/feeds", url.Values{"url": {"https://a.example/feed"}})
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusServiceUnavailable {
		t.Errorf("post without desk: %d", resp.StatusCode)
	}
}

func TestStatic(t *testing.T) {
	f := newFixture(t, fixtureOptions{noSeed: true})
	for name, ctype := range map[string]string{"style.css": "text/css", "app.js": "text/javascript", "icon.svg": "image/svg+xml"} {
		u := f.srv.URL + webAssetURL(name)
		resp, err := f.client.Get(u)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), ctype) {
			t.Errorf("%s: %d %s", name, resp.StatusCode, resp.Header.Get("Content-Type"))
		}
		if cc := resp.Header.Get("Cache-Control"); !strings.Contains(cc, "immutable") {
			t.Errorf("%s: Cache-Control %q", name, cc)
		}
		req, _ := http.NewRequest("GET", u, nil)
		req.Header.Set("If-None-Match", resp.Header.Get("ETag"))
		resp, err = f.client.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotModified {
			t.Errorf("%s revalidated: %d, want 304", name, resp.StatusCode)
		}
	}
	if cc := headerOf(t, f, "/static/style.css", "Cache-Control"); strings.Contains(cc, "immutable") {
		t.Errorf("unversioned asset cached for good: %q", cc)
	}
	for _, p := range []string{"/static/nope.css", "/static/../web.go", "/static/", "/static/templates/layout.html"} {
		resp, err := http.Get(f.srv.URL + p) // following the mux's redirect of "..", too
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		if resp.StatusCode != http.StatusNotFound {
			t.Errorf("GET %s = %d, want 404", p, resp.StatusCode)
		}
	}
}

func TestTemplatesParse(t *testing.T) {
	if _, err := parseWebPages(); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"style.css", "app.js", "icon.svg"} {
		if _, ok := webAssets[name]; !ok {
			t.Errorf("asset %s not embedded", name)
		}
	}
}

// TestContrast checks the colour pairs of the stylesheet against WCAG
// AA (4.5:1 for text), in the light and the dark scheme.
func TestContrast(t *testing.T) {
	css := string(webAssets["style.css"].data)
	light := cssVars(t, css[strings.Index(css, ":root {"):])
	dark := cssVars(t, css[strings.Index(css, "@media (prefers-color-scheme: dark) {\n  :root {"):])
	pairs := [][2]string{
		{"fg", "bg"}, {"muted", "bg"}, {"link", "bg"}, {"fg", "panel"}, {"muted", "panel"}, {"link", "panel"},
		{"bad", "bg"}, {"bad", "bad-bg"}, {"fg", "bad-bg"}, {"good", "bg"}, {"good", "panel"}, {"mark-fg", "mark-bg"},
	}
	for scheme, vars := range map[string]map[string]string{"light": light, "dark": dark} {
		for _, p := range pairs {
			if vars[p[0]] == "" || vars[p[1]] == "" {
				t.Errorf("%s: no colour --%s or --%s", scheme, p[0], p[1])
				continue
			}
			if r := contrast(vars[p[0]], vars[p[1]]); r < 4.5 {
				t.Errorf("%s: --%s on --%s is %.2f:1, under 4.5:1", scheme, p[0], p[1], r)
			}
		}
	}
}

// cssVars reads the "--name: #rrggbb;" declarations of the first block.
func cssVars(t *testing.T, css string) map[string]string {
	t.Helper()
	block := css[:strings.Index(css, "}")]
	vars := map[string]string{}
	for _, m := range regexp.MustCompile(`--([a-z-]+):\s*(#[0-9a-f]{6});`).FindAllStringSubmatch(block, -1) {
		vars[m[1]] = m[2]
	}
	if len(vars) < 10 {
		t.Fatalf("only %d colours found in %q", len(vars), block)
	}
	return vars
}

// contrast is the WCAG contrast ratio of two #rrggbb colours.
func contrast(a, b string) float64 {
	la, lb := luminance(a), luminance(b)
	if la < lb {
		la, lb = lb, la
	}
	return (la + 0.05) / (lb + 0.05)
}

func luminance(hex string) float64 {
	var rgb [3]float64
	for i := range rgb {
		var v int
		fmt.Sscanf(hex[1+2*i:3+2*i], "%02x", &v)
		c := float64(v) / 255
		if c <= 0.03928 {
			rgb[i] = c / 12.92
		} else {
			rgb[i] = math.Pow((c+0.055)/1.055, 2.4)
		}
	}
	return 0.2126*rgb[0] + 0.7152*rgb[1] + 0.0722*rgb[2]
}
