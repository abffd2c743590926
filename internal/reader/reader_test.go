package reader

import (
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/parallaxnews/parallax/internal/fetch"
	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
)

func TestStatus(t *testing.T) {
	tests := []struct {
		err  error
		want string
	}{
		{&ingest.Error{Path: "f", Err: ingest.ErrNotArticle}, "not_an_article"},
		{fmt.Errorf("read: %w", fs.ErrNotExist), "not_found"},
		{&ingest.Error{Path: "f", Err: fmt.Errorf("%w feed: bad", ingest.ErrMalformed)}, "malformed"},
		{&ingest.Error{Path: "f", Err: ingest.ErrEmpty}, "empty"},
		{context.DeadlineExceeded, "timeout"},
		{errors.New("anything else"), "error"},
	}
	for _, tc := range tests {
		if got := Status(tc.err); got != tc.want {
			t.Errorf("Status(%v) = %q, want %q", tc.err, got, tc.want)
		}
	}
}

// TestReader reads a page, a feed, and a feed with its known items
// skipped, from a local server.
func TestReader(t *testing.T) {
	text := "The harbour board of Port Alder voted on Tuesday to close the north pier for repairs, its chair said. "
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprintf(w, "<html><head><title>Pier closed</title></head><body><article><h1>Pier closed</h1><p>%s</p><p>%s</p><p>%s</p></article></body></html>", text, text, text)
		case "/feed.rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Alder Courier</title><item><title>One</title><guid>one</guid><description>%s%s</description></item><item><title>Two</title><guid>two</guid><description>%s%s</description></item></channel></rss>`, text, text, text, text)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	rd := New(fetch.Options{AllowLoopback: true, HostDelay: -1, Retries: -1, IgnoreRobots: true}, false)
	ctx := context.Background()

	a, err := rd.Article(ctx, srv.URL+"/page.html")
	if err != nil || a.Title != "Pier closed" || a.URL == "" || a.ID == "" {
		t.Errorf("page: %+v, %v", a, err)
	}
	if _, err := rd.Article(ctx, srv.URL+"/feed.rss"); err == nil {
		t.Errorf("a feed read as a page")
	}
	arts, errs := rd.Articles(ctx, srv.URL+"/feed.rss")
	if len(arts) != 2 || len(errs) != 0 || arts[0].Outlet != "Alder Courier" {
		t.Errorf("feed: %d articles, %v", len(arts), errs)
	}
	arts, errs = rd.Feed(ctx, srv.URL+"/feed.rss", func(a news.Article) bool { return a.ID == "one" })
	if len(arts) != 1 || arts[0].ID != "two" || len(errs) != 0 {
		t.Errorf("feed with a known item: %+v, %v", arts, errs)
	}
	if _, errs := rd.Feed(ctx, srv.URL+"/missing.rss", nil); len(errs) != 1 || Status(errs[0]) != "http_404" {
		t.Errorf("a missing feed: %v", errs)
	}
}
