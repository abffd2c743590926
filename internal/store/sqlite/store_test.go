package sqlite

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/store"
)

var ctx = context.Background()

// clock is a settable clock for a Store's now.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.t
}

func (c *clock) set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

var t0 = time.Date(2026, 3, 14, 9, 26, 53, 589793238, time.UTC)

func openTest(t testing.TB) (*Store, *clock) {
	t.Helper()
	s, err := Open(filepath.Join(t.TempDir(), "store.db"))
	if err != nil {
		t.Fatal(err)
	}
	c := &clock{t: t0}
	s.now = c.now
	t.Cleanup(func() {
		checkIntegrity(t, s)
		if err := s.Close(); err != nil {
			t.Error(err)
		}
	})
	return s, c
}

// checkIntegrity checks the file (PRAGMA integrity_check), the full-text
// index against the articles, and every story's aggregates against its
// articles.
func checkIntegrity(t testing.TB, s *Store) {
	t.Helper()
	var res string
	if err := s.w.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil || res != "ok" {
		t.Errorf("integrity_check: %q, %v", res, err)
	}
	if _, err := s.w.ExecContext(ctx, `INSERT INTO articles_fts(articles_fts, rank) VALUES ('integrity-check', 1)`); err != nil {
		t.Errorf("fts5 integrity-check: %v", err)
	}
	// The aggregates kept up as articles join are those of all the
	// articles.
	rows, err := s.w.QueryContext(ctx, `SELECT s.id, s.articles, coalesce(s.first_seen, ''), coalesce(s.last_seen, ''), s.outlets,
		count(a.seq), coalesce(min(coalesce(a.published, a.fetched)), ''), coalesce(max(coalesce(a.published, a.fetched)), ''),
		json_group_array(DISTINCT a.outlet ORDER BY a.outlet) FILTER (WHERE a.outlet <> '')
		FROM stories s LEFT JOIN articles a ON a.story = s.id GROUP BY s.id`)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	for rows.Next() {
		var id, first, last, outlets, wfirst, wlast, woutlets string
		var n, wn int
		if err := rows.Scan(&id, &n, &first, &last, &outlets, &wn, &wfirst, &wlast, &woutlets); err != nil {
			t.Fatal(err)
		}
		if n != wn || first != wfirst || last != wlast || outlets != woutlets {
			t.Errorf("story %s: %d, %s, %s, %s; its articles: %d, %s, %s, %s", id, n, first, last, outlets, wn, wfirst, wlast, woutlets)
		}
	}
	var orphans int
	s.w.QueryRowContext(ctx, `SELECT count(*) FROM articles WHERE story IS NOT NULL AND story NOT IN (SELECT id FROM stories)`).Scan(&orphans)
	if orphans > 0 {
		t.Errorf("%d articles of stories that are not there", orphans)
	}
}

// art is an article of that ID with a URL of its own and the changes of
// fns.
func art(id string, fns ...func(*store.Article)) store.Article {
	a := store.Article{
		Article: news.Article{ID: id, URL: "https://example.com/" + id, Title: "Title " + id, Body: "Body of " + id},
		Status:  "ok",
		Fetched: t0,
	}
	for _, fn := range fns {
		fn(&a)
	}
	return a
}

func inStory(story string) func(*store.Article) { return func(a *store.Article) { a.Story = story } }
func outlet(o string) func(*store.Article)      { return func(a *store.Article) { a.Outlet = o } }
func published(t time.Time) func(*store.Article) {
	return func(a *store.Article) { a.Published = t }
}

func mustAdd(t testing.TB, s *Store, arts ...store.Article) int {
	t.Helper()
	n, err := s.AddArticles(ctx, arts)
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func ids(arts []store.Article) []string {
	out := []string{}
	for _, a := range arts {
		out = append(out, a.ID)
	}
	return out
}

func storyIDs(stories []store.Story) []string {
	out := []string{}
	for _, s := range stories {
		out = append(out, s.ID)
	}
	return out
}

func TestOpenMigratesOnce(t *testing.T) {
	path := filepath.Join(t.TempDir(), "m.db")
	for range 3 {
		s, err := Open(path)
		if err != nil {
			t.Fatal(err)
		}
		var n, maxV int
		if err := s.r.QueryRowContext(ctx, `SELECT count(*), max(version) FROM schema_migrations`).Scan(&n, &maxV); err != nil {
			t.Fatal(err)
		}
		if n != len(migrations) || maxV != len(migrations) {
			t.Errorf("schema_migrations: %d rows, max version %d; want %d", n, maxV, len(migrations))
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
	}
}

func TestOpenPragmas(t *testing.T) {
	s, _ := openTest(t)
	check := func(who string, q string, want any) {
		t.Helper()
		var got any
		db := s.r
		if who == "writer" {
			db = s.w
		}
		if err := db.QueryRowContext(ctx, q).Scan(&got); err != nil {
			t.Fatal(err)
		}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("%s: %s = %v, want %v", who, q, got, want)
		}
	}
	for _, who := range []string{"writer", "reader"} {
		check(who, "PRAGMA journal_mode", "wal")
		check(who, "PRAGMA foreign_keys", 1)
		check(who, "PRAGMA busy_timeout", 5000)
		check(who, "PRAGMA synchronous", 1) // NORMAL
	}
	check("reader", "PRAGMA query_only", 1)
	if _, err := s.r.ExecContext(ctx, `DELETE FROM articles`); err == nil {
		t.Error("a reader connection wrote")
	}
}

func TestOpenOddPaths(t *testing.T) {
	dir := t.TempDir()
	for _, name := range []string{"a b.db", "q?x=1.db", "h#frag.db", "p%20c.db", "ü.db"} {
		path := filepath.Join(dir, name)
		s, err := Open(path)
		if err != nil {
			t.Errorf("%q: %v", name, err)
			continue
		}
		mustAdd(t, s, art("x"))
		s.Close()
		if _, err := os.Stat(path); err != nil {
			t.Errorf("%q: %v", name, err)
		}
	}
	if _, err := Open(""); err == nil {
		t.Error("Open(\"\") did not fail")
	}
	if _, err := Open(filepath.Join(dir, "no", "such", "dir", "x.db")); err == nil {
		t.Error("Open in a missing directory did not fail")
	}
}

func TestTimesRoundTrip(t *testing.T) {
	berlin := time.FixedZone("CET", 3600)
	tests := []struct {
		name string
		in   time.Time
		want time.Time
	}{
		{"zero", time.Time{}, time.Time{}},
		{"nanoseconds", t0, t0},
		{"whole second", time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC), time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)},
		{"zone", time.Date(2026, 1, 1, 12, 0, 0, 1, berlin), time.Date(2026, 1, 1, 11, 0, 0, 1, time.UTC)},
		{"monotonic", time.Now(), time.Now().Round(0)}, // compared by Equal below, within a second
		{"before 1678", time.Date(1200, 5, 6, 7, 8, 9, 10, time.UTC), time.Date(1200, 5, 6, 7, 8, 9, 10, time.UTC)},
		{"after 2262", time.Date(3000, 5, 6, 7, 8, 9, 10, time.UTC), time.Date(3000, 5, 6, 7, 8, 9, 10, time.UTC)},
		{"after 9999: clamped", time.Date(12000, 1, 1, 0, 0, 0, 0, time.UTC), maxTime},
		{"before 0: clamped", time.Date(-5, 1, 1, 0, 0, 0, 0, time.UTC), minTime},
	}
	s, _ := openTest(t)
	for i, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			id := fmt.Sprint("t", i)
			a := art(id, func(a *store.Article) {
				a.Published, a.Modified, a.Fetched = tt.in, tt.in, tt.in
			})
			mustAdd(t, s, a)
			got, err := s.Article(ctx, id)
			if err != nil {
				t.Fatal(err)
			}
			for name, g := range map[string]time.Time{"published": got.Published, "modified": got.Modified, "fetched": got.Fetched} {
				switch {
				case tt.name == "monotonic":
					if !g.Equal(tt.in) {
						t.Errorf("%s = %v, want %v", name, g, tt.in)
					}
				case !g.Equal(tt.want) || g.IsZero() != tt.want.IsZero():
					t.Errorf("%s = %v, want %v", name, g, tt.want)
				}
				if !g.IsZero() && g.Location() != time.UTC {
					t.Errorf("%s is in %v, not UTC", name, g.Location())
				}
			}
		})
	}
}

func TestArticleRoundTrip(t *testing.T) {
	s, _ := openTest(t)
	f, err := s.AddFeed(ctx, "https://example.com/feed", "Example")
	if err != nil {
		t.Fatal(err)
	}
	want := store.Article{
		Article: news.Article{
			ID: "id-1", URL: "https://www.example.com/a?x=1", Outlet: "Example", Title: "A title",
			Byline: "By A and B", Dateline: "LONDON", Published: t0, Authors: []string{"A", "B"},
			Modified: t0.Add(time.Hour), Language: "en", Canonical: "https://example.com/a",
			Domain: "example.com", Body: "First paragraph.\n\nSecond — with ünïcödé.", Origin: "feed.xml:3",
			Chrome:     []news.Chrome{{Text: "Share this", Kind: "share prompt"}},
			TextSource: "page",
		},
		Seq: 999, FeedID: f.ID, Status: "ok", Story: "story-1", CopyOf: "id-0", Fetched: t0.Add(2 * time.Hour),
	}
	if n := mustAdd(t, s, want); n != 1 {
		t.Fatalf("stored %d", n)
	}
	got, err := s.Article(ctx, "id-1")
	if err != nil {
		t.Fatal(err)
	}
	if got.Seq <= 0 {
		t.Errorf("Seq = %d", got.Seq)
	}
	want.Seq = got.Seq // the store's own
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", got, want)
	}
	// Empty everything but the ID.
	bare := store.Article{Article: news.Article{ID: "bare"}}
	mustAdd(t, s, bare)
	got, err = s.Article(ctx, "bare")
	if err != nil {
		t.Fatal(err)
	}
	bare.Seq = got.Seq
	if !reflect.DeepEqual(got, bare) {
		t.Errorf("bare round trip:\n got %+v\nwant %+v", got, bare)
	}
	if _, err := s.Article(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown article: %v", err)
	}
}

func TestAddArticlesSkipsDuplicates(t *testing.T) {
	stored := art("a1", func(a *store.Article) {
		a.URL = "https://e.com/one"
		a.Canonical = "https://e.com/canon"
	})
	noURL := func(a *store.Article) { a.URL = "" }
	tests := []struct {
		name string
		add  []store.Article
		want int
	}{
		{"same ID", []store.Article{art("a1", func(a *store.Article) { a.URL = "https://other" })}, 0},
		{"same URL", []store.Article{art("b", func(a *store.Article) { a.URL = "https://e.com/one" })}, 0},
		{"URL is a stored canonical", []store.Article{art("b", func(a *store.Article) { a.URL = "https://e.com/canon" })}, 0},
		{"canonical is a stored URL", []store.Article{art("b", func(a *store.Article) { a.Canonical = "https://e.com/one" })}, 0},
		{"same canonical", []store.Article{art("b", func(a *store.Article) { a.Canonical = "https://e.com/canon" })}, 0},
		{"new", []store.Article{art("b")}, 1},
		{"empty URLs are not duplicates", []store.Article{art("b", noURL), art("c", noURL), art("d", noURL)}, 3},
		{"duplicate ID in the batch", []store.Article{art("b"), art("b", func(a *store.Article) { a.URL = "https://x" })}, 1},
		{"duplicate URL in the batch", []store.Article{art("b"), art("c", func(a *store.Article) { a.URL = "https://example.com/b" })}, 1},
		{"mixed", []store.Article{art("a1"), art("b"), art("c", func(a *store.Article) { a.Canonical = "https://e.com/one" }), art("d")}, 2},
		{"empty batch", nil, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			s, _ := openTest(t)
			mustAdd(t, s, stored)
			n, err := s.AddArticles(ctx, tt.add)
			if err != nil {
				t.Fatal(err)
			}
			if n != tt.want {
				t.Errorf("stored %d, want %d", n, tt.want)
			}
			all, err := s.Articles(ctx, "", 500, 0)
			if err != nil {
				t.Fatal(err)
			}
			if len(all) != 1+tt.want {
				t.Errorf("%d articles stored in all: %v", len(all), ids(all))
			}
		})
	}
}

func TestAddArticlesRejectsEmptyID(t *testing.T) {
	s, _ := openTest(t)
	_, err := s.AddArticles(ctx, []store.Article{art("ok"), art("")})
	if err == nil {
		t.Fatal("no error for an article without ID")
	}
	if all, _ := s.Articles(ctx, "", 0, 0); len(all) != 0 {
		t.Errorf("stored %v of a failed batch", ids(all))
	}
}

func TestAddArticlesUnknownFeed(t *testing.T) {
	s, _ := openTest(t)
	mustAdd(t, s, art("a", func(a *store.Article) { a.FeedID = 42 }))
	a, err := s.Article(ctx, "a")
	if err != nil {
		t.Fatal(err)
	}
	if a.FeedID != 0 {
		t.Errorf("FeedID = %d, want 0 for a feed that is not there", a.FeedID)
	}
}

func TestAddArticlesCanceled(t *testing.T) {
	s, _ := openTest(t)
	c, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := s.AddArticles(c, []store.Article{art("a")}); err == nil {
		t.Error("no error on a canceled context")
	}
	if ok, _ := s.HasURL(ctx, art("a").URL); ok {
		t.Error("stored on a canceled context")
	}
	mustAdd(t, s, art("b")) // the writer is still usable
}

func TestStoryAggregates(t *testing.T) {
	s, c := openTest(t)
	day := func(d int) time.Time { return time.Date(2026, 5, d, 12, 0, 0, 0, time.UTC) }
	fetched := func(t time.Time) func(*store.Article) { return func(a *store.Article) { a.Fetched = t } }
	untitled := func(a *store.Article) { a.Title = "" }

	mustAdd(t, s,
		art("a", inStory("s"), untitled, outlet("Zeit"), published(day(10))),
		art("b", inStory("s"), outlet("BBC"), published(day(12))),
		art("c", inStory("s"), outlet("Zeit"), fetched(day(5))), // no Published: Fetched counts
		art("d", inStory("t"), outlet("")),
		art("e"), // no story
	)
	st, err := s.Story(ctx, "s")
	if err != nil {
		t.Fatal(err)
	}
	want := store.Story{ID: "s", Title: "Title b", First: day(5), Last: day(12), Articles: 3,
		Outlets: []string{"BBC", "Zeit"}, Updated: t0, Stale: true, Version: 1}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("story:\n got %+v\nwant %+v", st, want)
	}
	tst, _ := s.Story(ctx, "t")
	if tst.Articles != 1 || len(tst.Outlets) != 0 || tst.Outlets == nil || tst.Version != 1 {
		t.Errorf("story t: %+v", tst)
	}

	// A later batch: the title stays, the rest follows, the version grows
	// once per batch.
	c.set(t0.Add(time.Hour))
	mustAdd(t, s, art("f", inStory("s"), outlet("AP"), published(day(20))), art("g", inStory("s"), outlet("AP"), published(day(1))))
	st, _ = s.Story(ctx, "s")
	want = store.Story{ID: "s", Title: "Title b", First: day(1), Last: day(20), Articles: 5,
		Outlets: []string{"AP", "BBC", "Zeit"}, Updated: t0.Add(time.Hour), Stale: true, Version: 2}
	if !reflect.DeepEqual(st, want) {
		t.Errorf("story after a second batch:\n got %+v\nwant %+v", st, want)
	}
	// A batch of duplicates only changes nothing.
	mustAdd(t, s, art("f", inStory("s")))
	if st2, _ := s.Story(ctx, "s"); st2.Version != 2 {
		t.Errorf("a batch of duplicates bumped the version to %d", st2.Version)
	}
	if _, err := s.Story(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("unknown story: %v", err)
	}
}

func TestArticlesPaging(t *testing.T) {
	s, _ := openTest(t)
	var arts []store.Article
	for i := range 12 {
		story := "even"
		if i%2 == 1 {
			story = "odd"
		}
		arts = append(arts, art(fmt.Sprintf("a%02d", i), inStory(story)))
	}
	mustAdd(t, s, arts...)
	tests := []struct {
		story         string
		limit, offset int
		want          []string
	}{
		{"even", 0, 0, []string{"a00", "a02", "a04", "a06", "a08", "a10"}},
		{"even", -1, 0, []string{"a00", "a02", "a04", "a06", "a08", "a10"}},
		{"even", 2, 0, []string{"a00", "a02"}},
		{"even", 2, 2, []string{"a04", "a06"}},
		{"even", 10, 5, []string{"a10"}},
		{"even", 10, 6, []string{}},
		{"even", 0, 4, []string{"a08", "a10"}},
		{"odd", 3, -5, []string{"a01", "a03", "a05"}},
		{"none", 0, 0, []string{}},
		{"", 3, 0, []string{"a11", "a10", "a09"}},
		{"", 3, 3, []string{"a08", "a07", "a06"}},
		{"", 0, 10, []string{"a01", "a00"}},
		{"", 100, 11, []string{"a00"}},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%s/%d/%d", tt.story, tt.limit, tt.offset), func(t *testing.T) {
			got, err := s.Articles(ctx, tt.story, tt.limit, tt.offset)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(ids(got), tt.want) {
				t.Errorf("got %v, want %v", ids(got), tt.want)
			}
		})
	}
}

func TestArticlesDefaultPage(t *testing.T) {
	s, _ := openTest(t)
	var arts []store.Article
	for i := range 520 {
		arts = append(arts, art(fmt.Sprint("a", i)))
	}
	mustAdd(t, s, arts...)
	for _, tt := range []struct{ limit, want int }{{0, 50}, {-3, 50}, {7, 7}, {1000, 500}} {
		got, err := s.Articles(ctx, "", tt.limit, 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("limit %d: %d articles, want %d", tt.limit, len(got), tt.want)
		}
	}
}

func TestArticlesSince(t *testing.T) {
	s, _ := openTest(t)
	for i := range 10 {
		mustAdd(t, s, art(fmt.Sprint("a", i)))
	}
	var seq int64
	var got []string
	for {
		page, err := s.ArticlesSince(ctx, seq, 3)
		if err != nil {
			t.Fatal(err)
		}
		if len(page) == 0 {
			break
		}
		if len(page) > 3 {
			t.Fatalf("page of %d", len(page))
		}
		for _, a := range page {
			if a.Seq <= seq {
				t.Fatalf("Seq %d after %d", a.Seq, seq)
			}
			seq = a.Seq
			got = append(got, a.ID)
		}
	}
	want := []string{"a0", "a1", "a2", "a3", "a4", "a5", "a6", "a7", "a8", "a9"}
	if !slices.Equal(got, want) {
		t.Errorf("replay %v", got)
	}
	all, err := s.ArticlesSince(ctx, 0, 0)
	if err != nil || len(all) != 10 {
		t.Errorf("limit 0: %d articles, %v", len(all), err)
	}
	if none, err := s.ArticlesSince(ctx, seq, 10); err != nil || len(none) != 0 {
		t.Errorf("since the last: %v, %v", ids(none), err)
	}
}

func TestHasURL(t *testing.T) {
	s, _ := openTest(t)
	mustAdd(t, s, art("a", func(a *store.Article) { a.URL, a.Canonical = "https://e.com/u", "https://e.com/c" }),
		art("b", func(a *store.Article) { a.URL = "" }))
	for _, tt := range []struct {
		url  string
		want bool
	}{
		{"https://e.com/u", true},
		{"https://e.com/c", true},
		{"https://e.com/x", false},
		{"https://E.com/u", false},
		{"", false},
		{"' OR 1=1 --", false},
	} {
		got, err := s.HasURL(ctx, tt.url)
		if err != nil || got != tt.want {
			t.Errorf("HasURL(%q) = %v, %v; want %v", tt.url, got, err, tt.want)
		}
	}
}

func TestStoriesFilter(t *testing.T) {
	s, _ := openTest(t)
	day := func(d int) time.Time { return time.Date(2026, 5, d, 0, 0, 0, 0, time.UTC) }
	mustAdd(t, s,
		art("1", inStory("s1"), outlet("BBC"), published(day(1))),
		art("2", inStory("s2"), outlet("AP"), published(day(2))),
		art("3", inStory("s3"), outlet("BBC"), published(day(3))),
		art("3b", inStory("s3"), outlet("Zeit"), published(day(3))),
		art("4a", inStory("s4a"), outlet("BBC News"), published(day(4))),
		art("4b", inStory("s4b"), outlet("AP"), published(day(4))), // a tie on Last with s4a
		art("5", inStory("s5"), outlet("Le Monde"), published(day(5))),
	)
	tests := []struct {
		name string
		f    store.StoryFilter
		want []string
	}{
		{"all", store.StoryFilter{}, []string{"s5", "s4a", "s4b", "s3", "s2", "s1"}},
		{"since", store.StoryFilter{Since: day(3)}, []string{"s5", "s4a", "s4b", "s3"}},
		{"until", store.StoryFilter{Until: day(3)}, []string{"s2", "s1"}},
		{"since and until", store.StoryFilter{Since: day(2), Until: day(4)}, []string{"s3", "s2"}},
		{"outlet", store.StoryFilter{Outlet: "BBC"}, []string{"s3", "s1"}},
		{"outlet with space", store.StoryFilter{Outlet: "Le Monde"}, []string{"s5"}},
		{"outlet not a prefix", store.StoryFilter{Outlet: "BB"}, []string{}},
		{"outlet quote", store.StoryFilter{Outlet: `"BBC"`}, []string{}},
		{"outlet and since", store.StoryFilter{Outlet: "AP", Since: day(3)}, []string{"s4b"}},
		{"limit", store.StoryFilter{Limit: 2}, []string{"s5", "s4a"}},
		{"limit offset", store.StoryFilter{Limit: 2, Offset: 2}, []string{"s4b", "s3"}},
		{"offset past the end", store.StoryFilter{Offset: 10}, []string{}},
		{"negative offset", store.StoryFilter{Limit: 1, Offset: -1}, []string{"s5"}},
		{"nothing in range", store.StoryFilter{Since: day(6)}, []string{}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := s.Stories(ctx, tt.f)
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(storyIDs(got), tt.want) {
				t.Errorf("got %v, want %v", storyIDs(got), tt.want)
			}
		})
	}
}

func TestStoriesLimits(t *testing.T) {
	s, _ := openTest(t)
	var arts []store.Article
	for i := range 510 {
		arts = append(arts, art(fmt.Sprint("a", i), inStory(fmt.Sprintf("s%03d", i))))
	}
	mustAdd(t, s, arts...)
	for _, tt := range []struct{ limit, want int }{{0, 50}, {-1, 50}, {10, 10}, {500, 500}, {10000, 500}} {
		got, err := s.Stories(ctx, store.StoryFilter{Limit: tt.limit})
		if err != nil {
			t.Fatal(err)
		}
		if len(got) != tt.want {
			t.Errorf("limit %d: %d stories, want %d", tt.limit, len(got), tt.want)
		}
	}
}

func TestMoveArticles(t *testing.T) {
	day := func(d int) time.Time { return time.Date(2026, 5, d, 0, 0, 0, 0, time.UTC) }
	setup := func(t *testing.T) (*Store, *clock) {
		s, c := openTest(t)
		mustAdd(t, s,
			art("a", inStory("from"), outlet("BBC"), published(day(1))),
			art("b", inStory("from"), outlet("AP"), published(day(9))),
			art("c", inStory("to"), outlet("Zeit"), published(day(5))),
			art("d", inStory("other")),
		)
		if ok, err := s.PutDigest(ctx, "to", 1, "The story", json.RawMessage(`{"k":1}`)); !ok || err != nil {
			t.Fatal(ok, err)
		}
		c.set(t0.Add(time.Minute))
		return s, c
	}
	t.Run("into a story", func(t *testing.T) {
		s, _ := setup(t)
		if err := s.MoveArticles(ctx, "from", "to"); err != nil {
			t.Fatal(err)
		}
		if _, err := s.Story(ctx, "from"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("from is still there: %v", err)
		}
		st, err := s.Story(ctx, "to")
		if err != nil {
			t.Fatal(err)
		}
		want := store.Story{ID: "to", Title: "The story", First: day(1), Last: day(9), Articles: 3,
			Outlets: []string{"AP", "BBC", "Zeit"}, Updated: t0.Add(time.Minute), Stale: true, Version: 3}
		if !reflect.DeepEqual(st, want) {
			t.Errorf("to:\n got %+v\nwant %+v", st, want)
		}
		arts, _ := s.Articles(ctx, "to", 0, 0)
		if !slices.Equal(ids(arts), []string{"a", "b", "c"}) {
			t.Errorf("articles of to: %v", ids(arts))
		}
		for _, a := range arts {
			if a.Story != "to" {
				t.Errorf("%s is in %q", a.ID, a.Story)
			}
		}
		if hits, _ := s.Search(ctx, "Body of a", 10); len(hits) == 0 || hits[0].Article.Story != "to" {
			t.Errorf("search after the move: %+v", hits)
		}
		// The digest stays until recomputed; the version moved on.
		d, v, err := s.Digest(ctx, "to")
		if string(d) != `{"k":1}` || v != 3 || err != nil {
			t.Errorf("Digest = %s, %d, %v", d, v, err)
		}
	})
	t.Run("into a new story", func(t *testing.T) {
		s, _ := setup(t)
		if err := s.MoveArticles(ctx, "from", "new"); err != nil {
			t.Fatal(err)
		}
		st, err := s.Story(ctx, "new")
		if err != nil {
			t.Fatal(err)
		}
		if st.Articles != 2 || st.Title != "Title a" || !st.Stale || st.Version != 1 || !slices.Equal(st.Outlets, []string{"AP", "BBC"}) {
			t.Errorf("new: %+v", st)
		}
		if _, err := s.Story(ctx, "from"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("from is still there: %v", err)
		}
	})
	t.Run("unknown from", func(t *testing.T) {
		s, _ := setup(t)
		if err := s.MoveArticles(ctx, "nope", "to"); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("err = %v", err)
		}
		if st, _ := s.Story(ctx, "to"); st.Version != 2 || st.Articles != 1 {
			t.Errorf("to changed: %+v", st)
		}
	})
	t.Run("into itself", func(t *testing.T) {
		s, _ := setup(t)
		if err := s.MoveArticles(ctx, "from", "from"); err != nil {
			t.Fatal(err)
		}
		if st, err := s.Story(ctx, "from"); err != nil || st.Articles != 2 || st.Version != 1 {
			t.Errorf("from: %+v, %v", st, err)
		}
	})
	t.Run("into nothing", func(t *testing.T) {
		s, _ := setup(t)
		if err := s.MoveArticles(ctx, "from", ""); err == nil {
			t.Error("no error")
		}
		if st, err := s.Story(ctx, "from"); err != nil || st.Articles != 2 {
			t.Errorf("from: %+v, %v", st, err)
		}
	})
}

func TestPutDigest(t *testing.T) {
	s, _ := openTest(t)
	mustAdd(t, s, art("a", inStory("s")))
	d, v, err := s.Digest(ctx, "s")
	if d != nil || v != 1 || err != nil {
		t.Fatalf("Digest before = %s, %d, %v", d, v, err)
	}
	stale, _ := s.StaleStories(ctx, 0)
	if !slices.Equal(storyIDs(stale), []string{"s"}) {
		t.Errorf("stale: %v", storyIDs(stale))
	}

	// Computed at version 1, but an article joined meanwhile (version 2).
	mustAdd(t, s, art("b", inStory("s")))
	ok, err := s.PutDigest(ctx, "s", 1, "Old", json.RawMessage(`{"v":1}`))
	if ok || err != nil {
		t.Errorf("PutDigest at an old version = %v, %v", ok, err)
	}
	st, _ := s.Story(ctx, "s")
	if !st.Stale || st.Version != 2 || st.Title != "Title a" {
		t.Errorf("after a refused PutDigest: %+v", st)
	}
	if d, _, _ := s.Digest(ctx, "s"); d != nil {
		t.Errorf("a refused digest was stored: %s", d)
	}

	// At the current version.
	ok, err = s.PutDigest(ctx, "s", 2, "New title", json.RawMessage(`{"v":2}`))
	if !ok || err != nil {
		t.Fatalf("PutDigest = %v, %v", ok, err)
	}
	st, _ = s.Story(ctx, "s")
	if st.Stale || st.Version != 3 || st.Title != "New title" {
		t.Errorf("after PutDigest: %+v", st)
	}
	d, v, err = s.Digest(ctx, "s")
	if string(d) != `{"v":2}` || v != 3 || err != nil {
		t.Errorf("Digest = %s, %d, %v", d, v, err)
	}
	if stale, _ := s.StaleStories(ctx, 0); len(stale) != 0 {
		t.Errorf("stale: %v", storyIDs(stale))
	}
	// The same version again: refused (the version moved on).
	if ok, err := s.PutDigest(ctx, "s", 2, "x", json.RawMessage(`{}`)); ok || err != nil {
		t.Errorf("PutDigest again = %v, %v", ok, err)
	}
	// An empty title keeps the title.
	if ok, err := s.PutDigest(ctx, "s", 3, "", json.RawMessage(`[1, 2]`)); !ok || err != nil {
		t.Errorf("PutDigest = %v, %v", ok, err)
	}
	if st, _ := s.Story(ctx, "s"); st.Title != "New title" || st.Version != 4 {
		t.Errorf("after a PutDigest without title: %+v", st)
	}
	// A joining article makes it stale again.
	mustAdd(t, s, art("c", inStory("s")))
	if st, _ := s.Story(ctx, "s"); !st.Stale || st.Version != 5 {
		t.Errorf("after an article joined: %+v", st)
	}
	if d, _, _ := s.Digest(ctx, "s"); string(d) != `[1, 2]` {
		t.Errorf("digest = %s", d)
	}

	if _, err := s.PutDigest(ctx, "nope", 1, "", json.RawMessage(`{}`)); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("PutDigest of an unknown story: %v", err)
	}
	if _, _, err := s.Digest(ctx, "nope"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Digest of an unknown story: %v", err)
	}
	if ok, err := s.PutDigest(ctx, "s", 5, "", json.RawMessage(`{not json`)); ok || err == nil {
		t.Errorf("PutDigest of invalid JSON = %v, %v", ok, err)
	}
}

func TestStaleStories(t *testing.T) {
	s, c := openTest(t)
	for i, id := range []string{"c", "a", "b"} {
		c.set(t0.Add(time.Duration(i) * time.Minute))
		mustAdd(t, s, art(id, inStory(id)))
	}
	got, err := s.StaleStories(ctx, 0)
	if err != nil || !slices.Equal(storyIDs(got), []string{"c", "a", "b"}) {
		t.Errorf("stale = %v, %v", storyIDs(got), err)
	}
	if got, _ := s.StaleStories(ctx, 2); !slices.Equal(storyIDs(got), []string{"c", "a"}) {
		t.Errorf("stale, limit 2 = %v", storyIDs(got))
	}
	if ok, _ := s.PutDigest(ctx, "a", 1, "", json.RawMessage(`{}`)); !ok {
		t.Fatal("PutDigest refused")
	}
	if got, _ := s.StaleStories(ctx, 0); !slices.Equal(storyIDs(got), []string{"c", "b"}) {
		t.Errorf("stale after a digest = %v", storyIDs(got))
	}
}

func TestFeeds(t *testing.T) {
	s, c := openTest(t)
	f1, err := s.AddFeed(ctx, "https://a.example/rss", "A")
	if err != nil {
		t.Fatal(err)
	}
	want := store.Feed{ID: f1.ID, URL: "https://a.example/rss", Title: "A", Added: t0, NextFetch: t0, Status: "pending"}
	if !reflect.DeepEqual(f1, want) {
		t.Errorf("AddFeed:\n got %+v\nwant %+v", f1, want)
	}
	if _, err := s.AddFeed(ctx, "https://a.example/rss", "again"); !errors.Is(err, store.ErrExists) {
		t.Errorf("duplicate feed: %v", err)
	}
	if _, err := s.AddFeed(ctx, "  ", ""); err == nil {
		t.Error("empty feed URL: no error")
	}
	c.set(t0.Add(time.Minute))
	f2, err := s.AddFeed(ctx, "https://b.example/atom'; DROP TABLE feeds; --", "")
	if err != nil {
		t.Fatal(err)
	}
	c.set(t0.Add(2 * time.Minute))
	f3, _ := s.AddFeed(ctx, "https://c.example/", "C")

	mustAdd(t, s,
		art("a1", func(a *store.Article) { a.FeedID = f1.ID }),
		art("a2", func(a *store.Article) { a.FeedID = f1.ID }),
		art("b1", func(a *store.Article) { a.FeedID = f2.ID }),
	)
	feeds, err := s.Feeds(ctx)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range feeds {
		got = append(got, fmt.Sprintf("%d:%d", f.ID, f.Articles))
	}
	if w := []string{fmt.Sprintf("%d:2", f1.ID), fmt.Sprintf("%d:1", f2.ID), fmt.Sprintf("%d:0", f3.ID)}; !slices.Equal(got, w) {
		t.Errorf("Feeds = %v, want %v", got, w)
	}
	if f, err := s.Feed(ctx, f1.ID); err != nil || f.Articles != 2 {
		t.Errorf("Feed = %+v, %v", f, err)
	}
	if _, err := s.Feed(ctx, 999); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("Feed(999): %v", err)
	}

	// Due: f1 at t0, f2 at t0+1m, f3 at t0+2m.
	due := func(now time.Time, limit int) []int64 {
		t.Helper()
		feeds, err := s.DueFeeds(ctx, now, limit)
		if err != nil {
			t.Fatal(err)
		}
		var out []int64
		for _, f := range feeds {
			out = append(out, f.ID)
		}
		return out
	}
	if got := due(t0.Add(-time.Second), 0); len(got) != 0 {
		t.Errorf("due before all: %v", got)
	}
	if got := due(t0.Add(time.Minute), 0); !slices.Equal(got, []int64{f1.ID, f2.ID}) {
		t.Errorf("due at t0+1m: %v", got)
	}
	if got := due(t0.Add(time.Hour), 2); !slices.Equal(got, []int64{f1.ID, f2.ID}) {
		t.Errorf("due, limit 2: %v", got)
	}

	// A poll of f1: due again later; f2 fails, backs off.
	f1.LastFetch, f1.NextFetch, f1.Status, f1.Title = t0.Add(5*time.Minute), t0.Add(time.Hour), "ok", "A, renamed"
	if err := s.UpdateFeed(ctx, f1); err != nil {
		t.Fatal(err)
	}
	f2.LastFetch, f2.NextFetch, f2.Status, f2.Error, f2.Failures = t0.Add(5*time.Minute), t0.Add(30*time.Minute), "http_404", "404 Not Found", 3
	if err := s.UpdateFeed(ctx, f2); err != nil {
		t.Fatal(err)
	}
	if got := due(t0.Add(10*time.Minute), 0); !slices.Equal(got, []int64{f3.ID}) {
		t.Errorf("due after polls: %v", got)
	}
	if got := due(t0.Add(2*time.Hour), 0); !slices.Equal(got, []int64{f3.ID, f2.ID, f1.ID}) {
		t.Errorf("due later: %v", got)
	}
	g2, _ := s.Feed(ctx, f2.ID)
	f2.Articles = 1
	if !reflect.DeepEqual(g2, f2) {
		t.Errorf("after UpdateFeed:\n got %+v\nwant %+v", g2, f2)
	}
	// A zero NextFetch is due at once, first.
	f3.NextFetch = time.Time{}
	if err := s.UpdateFeed(ctx, f3); err != nil {
		t.Fatal(err)
	}
	if got := due(t0.Add(-time.Hour), 0); !slices.Equal(got, []int64{f3.ID}) {
		t.Errorf("due with zero NextFetch: %v", got)
	}
	if err := s.UpdateFeed(ctx, store.Feed{ID: 999}); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("UpdateFeed(999): %v", err)
	}

	// Removing f1 keeps its articles.
	if err := s.RemoveFeed(ctx, f1.ID); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Feed(ctx, f1.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("removed feed: %v", err)
	}
	if a, err := s.Article(ctx, "a1"); err != nil || a.FeedID != 0 {
		t.Errorf("article of a removed feed: %+v, %v", a, err)
	}
	if err := s.RemoveFeed(ctx, f1.ID); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("RemoveFeed twice: %v", err)
	}
	// Its URL can be subscribed again, under a new ID.
	f4, err := s.AddFeed(ctx, f1.URL, "")
	if err != nil || f4.ID == f1.ID || f4.Articles != 0 {
		t.Errorf("re-adding: %+v, %v", f4, err)
	}
	if feeds, _ := s.Feeds(ctx); len(feeds) != 3 {
		t.Errorf("%d feeds", len(feeds))
	}
}

func TestSearch(t *testing.T) {
	s, _ := openTest(t)
	body := func(b string) func(*store.Article) { return func(a *store.Article) { a.Body = b } }
	title := func(b string) func(*store.Article) { return func(a *store.Article) { a.Title = b } }
	mustAdd(t, s,
		art("once", title("Markets"), body("The central bank raised rates. Traders shrugged and went to lunch.")),
		art("thrice", title("Markets"), body("Rates, rates, rates: the central bank raised rates again.")),
		art("title", title("Rates rise"), body("The bank did what everyone expected.")),
		art("other", title("Football"), body("The match ended in a draw after extra time.")),
		art("accents", title("Café"), body("Le café de la gare est fermé. Élections à Zürich.")),
	)
	tests := []struct {
		q    string
		want []string // in order
	}{
		{"rates", []string{"title", "thrice", "once"}},
		{"RATES", []string{"title", "thrice", "once"}},
		{"rat", []string{"title", "thrice", "once"}},          // prefix
		{"central rates", []string{"thrice", "once"}},         // AND
		{"rates football", []string{}},                        // AND
		{"draw", []string{"other"}},                           // text
		{"cafe zurich", []string{"accents"}},                  // diacritics folded
		{"élection", []string{"accents"}},                     // and in the query
		{"extra-time", []string{"other"}},                     // a phrase of the word's tokens
		{"time-extra", []string{}},                            // in that order
		{"  draw\t\n", []string{"other"}},                     // white space
		{"", []string{}},                                      // nothing
		{"the", []string{"title", "thrice", "once", "other"}}, // all of them have it, by bm25
	}
	for _, tt := range tests {
		t.Run(tt.q, func(t *testing.T) {
			hits, err := s.Search(ctx, tt.q, 10)
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, h := range hits {
				got = append(got, h.Article.ID)
			}
			if tt.q == "the" { // only membership: bm25 of a common word is close
				slices.Sort(got)
				w := slices.Clone(tt.want)
				slices.Sort(w)
				if !slices.Equal(got, w) {
					t.Errorf("got %v, want %v", got, w)
				}
				return
			}
			if len(got) == 0 {
				got = []string{}
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	hits, _ := s.Search(ctx, "central rat", 10)
	if len(hits) == 0 {
		t.Fatal("no hits")
	}
	want := "\x02Rates\x03, \x02rates\x03, \x02rates\x03: the \x02central\x03 bank raised \x02rates\x03 again."
	if hits[0].Snippet != want {
		t.Errorf("snippet = %q, want %q", hits[0].Snippet, want)
	}
	if hits[0].Article.Body == "" || hits[0].Article.Seq == 0 {
		t.Errorf("hit without its article: %+v", hits[0].Article)
	}
	// A long text is cut around the match.
	long := strings.Repeat("filler words here. ", 200) + "needle in the haystack. " + strings.Repeat("more filler. ", 200)
	mustAdd(t, s, art("long", body(long)))
	hits, _ = s.Search(ctx, "needle", 10)
	if len(hits) != 1 || !strings.Contains(hits[0].Snippet, "\x02needle\x03") || !strings.Contains(hits[0].Snippet, "…") || len(hits[0].Snippet) > 400 {
		t.Errorf("snippet of a long text: %+v", hits)
	}
	// Limits.
	var many []store.Article
	for i := range 60 {
		many = append(many, art(fmt.Sprint("m", i), body("common word")))
	}
	mustAdd(t, s, many...)
	for _, tt := range []struct{ limit, want int }{{0, 50}, {5, 5}, {1000, 60}} {
		if hits, _ := s.Search(ctx, "common", tt.limit); len(hits) != tt.want {
			t.Errorf("limit %d: %d hits, want %d", tt.limit, len(hits), tt.want)
		}
	}
}

func TestSearchHostile(t *testing.T) {
	s, _ := openTest(t)
	mustAdd(t, s,
		art("a", func(a *store.Article) {
			a.Title = "Drop table"
			a.Body = "near the articles, a star * and quotes \"here\""
		}),
		art("b", func(a *store.Article) { a.Body = "OR AND NOT NEAR title text" }),
	)
	for _, q := range []string{
		`"; DROP TABLE articles; --`,
		`'; DROP TABLE articles; --`,
		`NEAR(`,
		`NEAR(a b, 3)`,
		`*`,
		`**`,
		`"`,
		`"""`,
		`""*`,
		`^`,
		`title:drop`,
		`{title text}: drop`,
		`a OR b`,
		`NOT`,
		`AND OR NOT`,
		`(`,
		`)`,
		`-`,
		`+`,
		`:`,
		`drop*`,
		`"unterminated`,
		`\x00`,
		"nul\x00byte",
		"\xff\xfe invalid utf-8",
		strings.Repeat("a ", 10000),
		strings.Repeat("(", 5000),
		strings.Repeat("x", 100000),
		`rank MATCH 'x'`,
		`articles_fts`,
		`%`,
		`_`,
	} {
		name := q
		if len(name) > 40 {
			name = name[:40]
		}
		t.Run(name, func(t *testing.T) {
			if _, err := s.Search(ctx, q, 10); err != nil {
				t.Errorf("Search(%.40q): %v", q, err)
			}
		})
	}
	// Still all there, and the words are plain words.
	if all, _ := s.Articles(ctx, "", 0, 0); len(all) != 2 {
		t.Errorf("%d articles", len(all))
	}
	for q, want := range map[string]int{`"; DROP TABLE articles; --`: 1, `NEAR(`: 2, `OR`: 1, `*`: 0, `title:drop`: 0} {
		hits, err := s.Search(ctx, q, 10)
		if err != nil || len(hits) != want {
			t.Errorf("Search(%q): %d hits, %v; want %d", q, len(hits), err, want)
		}
	}
}

func TestFTSQuery(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"hello", `"hello"*`},
		{"hello world", `"hello"* AND "world"*`},
		{`"; DROP TABLE x; --`, `"DROP"* AND "TABLE"* AND "x"*`},
		{"don't", `"don t"*`},
		{"NEAR(a, b)", `"NEAR a"* AND "b"*`},
		{"* ^ : ( ) \" -", ``},
		{"", ``},
		{"Zürich 2026", `"Zürich"* AND "2026"*`},
	} {
		if got := ftsQuery(queryWords(tt.in)); got != tt.want {
			t.Errorf("ftsQuery(%q) = %s, want %s", tt.in, got, tt.want)
		}
	}
	if n := strings.Count(ftsQuery(queryWords(strings.Repeat("w ", 1000))), "AND"); n != maxSearchWords-1 {
		t.Errorf("%d ANDs for 1000 words", n)
	}
}

func TestOddInput(t *testing.T) {
	s, _ := openTest(t)
	huge := strings.Repeat("Lorem ipsum dolor sit amet, consectetur adipiscing elit. ", 100000) // ~5.7 MB
	odd := []store.Article{
		art("huge", func(a *store.Article) { a.Body = huge }),
		art("'; DROP TABLE articles; --", inStory("'); DELETE FROM stories; --"), outlet("\" OR 1=1")),
		art("nul\x00id", func(a *store.Article) { a.Body = "a\x00b"; a.URL = "https://x/\x00" }),
		art("utf8", func(a *store.Article) { a.Title = "\xff\xfe bad"; a.Authors = []string{""} }),
		art("emoji 🗞", inStory("🗞"), outlet("🗞 Times")),
		art("empty", func(a *store.Article) { a.URL, a.Title, a.Body, a.Status = "", "", "", "" }),
	}
	n, err := s.AddArticles(ctx, odd)
	if err != nil || n != len(odd) {
		t.Fatalf("AddArticles = %d, %v", n, err)
	}
	for _, a := range odd {
		got, err := s.Article(ctx, a.ID)
		if err != nil {
			t.Errorf("%.20q: %v", a.ID, err)
			continue
		}
		if got.ID != a.ID || got.Body != a.Body || got.Story != a.Story || got.URL != a.URL {
			t.Errorf("%.20q: got %.40q / %.40q", a.ID, got.ID, got.Body)
		}
	}
	start := time.Now()
	if hits, err := s.Search(ctx, "consectetur", 1); err != nil || len(hits) != 1 || len(hits[0].Snippet) > 1000 {
		t.Errorf("search in a huge text: %d hits, %v", len(hits), err)
	}
	// FTS5's snippet() took minutes here.
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("search in a huge text took %v", d)
	}
	if st, err := s.Story(ctx, "'); DELETE FROM stories; --"); err != nil || st.Articles != 1 || st.Outlets[0] != "\" OR 1=1" {
		t.Errorf("story of an SQL-looking ID: %+v, %v", st, err)
	}
	if stories, _ := s.Stories(ctx, store.StoryFilter{Outlet: "🗞 Times"}); len(stories) != 1 {
		t.Errorf("stories of an emoji outlet: %v", storyIDs(stories))
	}
	for _, id := range []string{"", "'", "\x00", strings.Repeat("x", 1<<20)} {
		if _, err := s.Article(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Article(%.10q): %v", id, err)
		}
		if _, err := s.Story(ctx, id); !errors.Is(err, store.ErrNotFound) {
			t.Errorf("Story(%.10q): %v", id, err)
		}
		if _, err := s.Articles(ctx, id, 10, 0); err != nil {
			t.Errorf("Articles(%.10q): %v", id, err)
		}
	}
}

func TestConcurrentWriters(t *testing.T) {
	s, _ := openTest(t)
	const writers, batches, per = 8, 15, 10
	var wg sync.WaitGroup
	errs := make(chan error, writers*batches*4)
	for w := range writers {
		wg.Go(func() {
			for b := range batches {
				var arts []store.Article
				for i := range per {
					arts = append(arts, art(fmt.Sprintf("w%d-b%d-%d", w, b, i), inStory(fmt.Sprint("s", i)), outlet(fmt.Sprint("o", w))))
				}
				if n, err := s.AddArticles(ctx, arts); err != nil || n != per {
					errs <- fmt.Errorf("writer %d batch %d: %d, %v", w, b, n, err)
				}
				if _, err := s.AddFeed(ctx, fmt.Sprintf("https://f/%d/%d", w, b), ""); err != nil {
					errs <- err
				}
				if _, err := s.PutDigest(ctx, "s0", int64(b), "", json.RawMessage(`{}`)); err != nil {
					errs <- err
				}
			}
		})
	}
	// Readers alongside.
	for range 4 {
		wg.Go(func() {
			for range 30 {
				if _, err := s.Stories(ctx, store.StoryFilter{}); err != nil {
					errs <- err
				}
				if _, err := s.Search(ctx, "body", 5); err != nil {
					errs <- err
				}
				if _, err := s.Articles(ctx, "s1", 0, 0); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	all, err := s.ArticlesSince(ctx, 0, 100000)
	if err != nil || len(all) != writers*batches*per {
		t.Errorf("%d articles, %v", len(all), err)
	}
	for i := range per {
		st, _ := s.Story(ctx, fmt.Sprint("s", i))
		if st.Articles != writers*batches || len(st.Outlets) != writers {
			t.Errorf("story s%d: %+v", i, st)
		}
	}
}

// TestTwoStoresOneFile: two Stores (as two processes would) on one file
// write at once; busy_timeout and BEGIN IMMEDIATE keep SQLITE_BUSY away.
func TestTwoStoresOneFile(t *testing.T) {
	path := filepath.Join(t.TempDir(), "two.db")
	a, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer a.Close()
	b, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer b.Close()
	var wg sync.WaitGroup
	errs := make(chan error, 100)
	for k, s := range []*Store{a, b} {
		wg.Go(func() {
			for i := range 30 {
				arts := []store.Article{art(fmt.Sprintf("%d-%d", k, i), inStory("s"))}
				if _, err := s.AddArticles(ctx, arts); err != nil {
					errs <- err
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Error(err)
	}
	if st, err := a.Story(ctx, "s"); err != nil || st.Articles != 60 {
		t.Errorf("story: %+v, %v", st, err)
	}
}
