package desk

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/fetch"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/reader"
	"github.com/parallaxnews/parallax/internal/store"
	"github.com/parallaxnews/parallax/internal/store/sqlite"
)

// Invented reports of two invented events.
var (
	ferry = []string{
		"The Corrin island ferry resumed its morning crossings on Monday after a week of repairs to the landing ramp, the operator Tidewater Lines said. Captain Mirela Osk said the first crossing carried 212 passengers.",
		"Tidewater Lines restarted the Corrin ferry on Monday once the landing ramp was repaired. Captain Mirela Osk told reporters that 212 passengers were aboard the first crossing of the week.",
		"Passengers returned to the Corrin ferry on Monday morning. The landing ramp, damaged in last week's storm, has been repaired, Tidewater Lines said, and Captain Mirela Osk counted 212 people aboard.",
	}
	museum = []string{
		"The Sorrel Glacier Museum in Vennatal opened its winter hall on Friday. Director Agnes Holm said the hall would show ice cores drilled on the Sorrel glacier since 1971.",
		"Visitors queued on Friday as the Sorrel Glacier Museum in Vennatal unveiled its winter hall of ice cores. Director Agnes Holm said the cores had been drilled since 1971.",
	}
)

// feedServer serves an RSS feed of items at /feed.rss; fail makes it answer
// 500 while set.
type feedServer struct {
	*httptest.Server
	items [][2]string // outlet-less title, text
	fail  atomic.Bool
	polls atomic.Int32
}

func newFeedServer(t *testing.T, items [][2]string) *feedServer {
	fs := &feedServer{items: items}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/feed.rss":
			fs.polls.Add(1)
			if fs.fail.Load() {
				http.Error(w, "down", http.StatusInternalServerError)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Corrin Times</title><link>%s/</link>`, fs.URL)
			for i, it := range fs.items {
				fmt.Fprintf(w, `<item><title>%s</title><link>%s/a/%d.html</link><guid>item-%d</guid><pubDate>Mon, 02 Mar 2026 0%d:00:00 GMT</pubDate><description>%s</description></item>`,
					it[0], fs.URL, i, i, i%10, strings.Repeat(it[1]+" ", 3))
			}
			fmt.Fprint(w, `</channel></rss>`)
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(fs.Close)
	return fs
}

func newDesk(t *testing.T, dbPath string, now func() time.Time) (*Desk, *sqlite.Store) {
	t.Helper()
	st, err := sqlite.Open(dbPath)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rd := reader.New(fetch.Options{AllowLoopback: true, HostDelay: -1, Retries: -1, IgnoreRobots: true}, false)
	d, err := New(context.Background(), Options{Store: st, Reader: rd, Now: now, PollInterval: time.Hour, MaxBackoff: 8 * time.Hour})
	if err != nil {
		t.Fatal(err)
	}
	return d, st
}

func TestPollClusterDigest(t *testing.T) {
	ctx := context.Background()
	var items [][2]string
	for i, txt := range ferry {
		items = append(items, [2]string{fmt.Sprintf("Ferry back %d", i), txt})
	}
	for i, txt := range museum {
		items = append(items, [2]string{fmt.Sprintf("Museum opens %d", i), txt})
	}
	fs := newFeedServer(t, items)
	now := time.Date(2026, 3, 2, 12, 0, 0, 0, time.UTC)
	clock := func() time.Time { return now }
	db := filepath.Join(t.TempDir(), "desk.db")
	d, st := newDesk(t, db, clock)

	f, err := d.AddFeed(ctx, fs.URL+"/feed.rss")
	if err != nil {
		t.Fatal(err)
	}
	if _, err := d.AddFeed(ctx, fs.URL+"/feed.rss"); !errors.Is(err, store.ErrExists) {
		t.Errorf("the same feed twice: %v, want ErrExists", err)
	}
	if _, err := d.AddFeed(ctx, "ftp://example.org/feed"); err == nil {
		t.Errorf("an ftp URL was accepted as a feed")
	}
	d.Step(ctx)
	if f, _ := st.Feed(ctx, f.ID); f.Status != "ok" {
		t.Fatalf("first poll: %+v", f)
	}

	stories, err := st.Stories(ctx, store.StoryFilter{})
	if err != nil {
		t.Fatal(err)
	}
	if len(stories) != 2 {
		t.Fatalf("%d stories, want 2: %+v", len(stories), stories)
	}
	sizes := map[int]bool{}
	for _, s := range stories {
		sizes[s.Articles] = true
		if s.Stale {
			t.Errorf("story %s still stale after a step", s.ID)
		}
		dg, _, err := st.Digest(ctx, s.ID)
		if err != nil || len(dg) == 0 {
			t.Errorf("story %s has no digest: %v", s.ID, err)
		}
	}
	if !sizes[3] || !sizes[2] {
		t.Errorf("story sizes %v, want 3 and 2", sizes)
	}
	got, _ := st.Feed(ctx, f.ID)
	if got.Status != "ok" || got.Articles != 5 || !got.NextFetch.Equal(now.Add(time.Hour)) || got.Title != "Corrin Times" {
		t.Errorf("feed after a good poll: %+v", got)
	}

	// Not due: nothing fetched. Due again: the same items are not stored
	// twice.
	d.Step(ctx)
	if n := fs.polls.Load(); n != 1 {
		t.Errorf("a feed not due was polled: %d polls", n)
	}
	now = now.Add(2 * time.Hour)
	d.Step(ctx)
	arts, _ := st.Articles(ctx, "", 100, 0)
	if len(arts) != 5 || fs.polls.Load() != 2 {
		t.Errorf("after a second poll: %d articles (want 5), %d polls (want 2)", len(arts), fs.polls.Load())
	}

	// Failures back off, doubling.
	fs.fail.Store(true)
	now = now.Add(2 * time.Hour)
	d.Step(ctx)
	got, _ = st.Feed(ctx, f.ID)
	if got.Status != "http_500" || got.Failures != 1 || !got.NextFetch.Equal(now.Add(2*time.Hour)) {
		t.Errorf("after a failure: %+v (want http_500, 1 failure, next in 2h)", got)
	}
	now = now.Add(3 * time.Hour)
	d.Step(ctx)
	got, _ = st.Feed(ctx, f.ID)
	if got.Failures != 2 || !got.NextFetch.Equal(now.Add(4*time.Hour)) {
		t.Errorf("after two failures: %+v (want next in 4h)", got)
	}

	// A restart rebuilds the clusterer from the store: a new report of
	// the ferry joins the ferry's story.
	st.Close()
	d2, st2 := newDesk(t, db, clock)
	if d2.Replayed() != 5 {
		t.Errorf("replayed %d articles, want 5", d2.Replayed())
	}
	a, err := d2.SubmitArticle(ctx, news.Article{Title: "Ferry full again", Outlet: "Island Post", Body: "Captain Mirela Osk of Tidewater Lines said the Corrin ferry carried 212 passengers on Monday, its first crossing since the landing ramp was repaired."})
	if err != nil {
		t.Fatal(err)
	}
	ferryStory := ""
	stories, _ = st2.Stories(ctx, store.StoryFilter{})
	for _, s := range stories {
		if s.Articles >= 3 {
			ferryStory = s.ID
		}
	}
	if a.Story != ferryStory {
		t.Errorf("after a restart the new ferry report went to story %q, not the ferry's %q", a.Story, ferryStory)
	}
	if _, err := d2.SubmitArticle(ctx, news.Article{Title: "Nothing", Body: "   "}); err == nil {
		t.Errorf("an empty article was accepted")
	}
}

func TestImportOPML(t *testing.T) {
	ctx := context.Background()
	d, st := newDesk(t, filepath.Join(t.TempDir(), "opml.db"), time.Now)
	opml := `<?xml version="1.0"?><opml version="2.0"><head><title>x</title></head><body>
<outline text="A" xmlUrl="https://a.example/feed.xml"/><outline text="B" xmlUrl="https://b.example/rss"/></body></opml>`
	n, err := d.ImportOPML(ctx, strings.NewReader(opml))
	if err != nil || n != 2 {
		t.Fatalf("import: %d, %v", n, err)
	}
	if n, _ := d.ImportOPML(ctx, strings.NewReader(opml)); n != 0 {
		t.Errorf("importing again added %d feeds", n)
	}
	feeds, _ := st.Feeds(ctx)
	if len(feeds) != 2 || feeds[0].Title != "A" {
		t.Errorf("feeds %+v", feeds)
	}
	if _, err := d.ImportOPML(ctx, strings.NewReader("<opml><body><outline")); err == nil {
		t.Errorf("broken OPML accepted")
	}
}

// TestBadFeeds: a feed that answers garbage, breaks off, or is too slow
// gets a status of its own, and the good feed beside it is read.
func TestBadFeeds(t *testing.T) {
	ctx := context.Background()
	good := newFeedServer(t, [][2]string{{"Ferry back", ferry[0]}})
	bad := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/garbage":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte("\x00\x01\x02 this is not XML at all \xff\xfe"))
		case "/broken":
			w.Header().Set("Content-Type", "application/rss+xml")
			w.Write([]byte(`<?xml version="1.0"?><rss version="2.0"><channel><title>T</title><item><title>A`))
		case "/slow":
			time.Sleep(time.Second)
		case "/html":
			w.Header().Set("Content-Type", "text/html")
			w.Write([]byte("<html><body><p>Not a feed.</p></body></html>"))
		}
	}))
	defer bad.Close()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "bad.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	rd := reader.New(fetch.Options{AllowLoopback: true, HostDelay: -1, Retries: -1, IgnoreRobots: true, Timeout: 300 * time.Millisecond}, false)
	d, err := New(ctx, Options{Store: st, Reader: rd})
	if err != nil {
		t.Fatal(err)
	}
	want := map[string]string{
		good.URL + "/feed.rss": "ok",
		bad.URL + "/garbage":   "not_html", // binary bytes, whatever the type says
		bad.URL + "/broken":    "malformed",
		bad.URL + "/slow":      "timeout",
		bad.URL + "/html":      "unsupported_format",
	}
	for u := range want {
		if _, err := d.AddFeed(ctx, u); err != nil {
			t.Fatal(err)
		}
	}
	d.Step(ctx)
	feeds, _ := st.Feeds(ctx)
	for _, f := range feeds {
		if f.Status != want[f.URL] {
			t.Errorf("%s: status %q (%s), want %q", f.URL, f.Status, f.Error, want[f.URL])
		}
		if f.Status != "ok" && (f.Error == "" || f.Failures != 1) {
			t.Errorf("%s: a failure without its error or count: %+v", f.URL, f)
		}
	}
	if arts, _ := st.Articles(ctx, "", 10, 0); len(arts) != 1 {
		t.Errorf("%d articles from the good feed, want 1", len(arts))
	}
}

func TestDigestInput(t *testing.T) {
	day := time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)
	var rows []store.Article
	// Outlet A writes 10 articles, outlets B and C one each, early.
	for i := 0; i < 10; i++ {
		rows = append(rows, store.Article{Article: news.Article{ID: fmt.Sprint("a", i), Outlet: "A", Published: day.Add(time.Duration(i+2) * time.Hour)}})
	}
	rows = append(rows, store.Article{Article: news.Article{ID: "b", Outlet: "B", Published: day}})
	rows = append(rows, store.Article{Article: news.Article{ID: "c", Outlet: "C", Published: day.Add(time.Hour)}})
	var ids []string
	for _, a := range digestInput(rows, 4) {
		ids = append(ids, a.ID)
	}
	if got := strings.Join(ids, " "); got != "a8 a9 b c" {
		t.Errorf("kept %q, want the two latest of A and every other outlet, in stored order: %q", got, "a8 a9 b c")
	}
	if n := len(digestInput(rows, 100)); n != 12 {
		t.Errorf("under the bound %d of 12 kept", n)
	}
}
