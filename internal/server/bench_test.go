package server

import (
	"context"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"testing"

	"github.com/parallaxnews/parallax/internal/cluster"
	"github.com/parallaxnews/parallax/internal/desk"
	"github.com/parallaxnews/parallax/internal/store"
	"github.com/parallaxnews/parallax/internal/store/sqlite"
)

// benchServer is a server over a store of 1,000 synthetic articles
// (internal/cluster's generator: invented words, stories in bursts), all
// clustered and digested by the real ingest loop.
func benchServer(b *testing.B) (http.Handler, string) {
	b.Helper()
	ctx := context.Background()
	st, err := sqlite.Open(filepath.Join(b.TempDir(), "bench.db"))
	if err != nil {
		b.Fatal(err)
	}
	b.Cleanup(func() { st.Close() })
	dk, err := desk.New(ctx, desk.Options{Store: st})
	if err != nil {
		b.Fatal(err)
	}
	g := cluster.NewSynth(cluster.SynthOptions{Articles: 1000, Seed: 7})
	for {
		a, _, ok := g.Next()
		if !ok {
			break
		}
		if _, err := dk.SubmitArticle(ctx, a); err != nil {
			b.Fatal(err)
		}
	}
	for {
		stale, _ := st.StaleStories(ctx, 1)
		if len(stale) == 0 {
			break
		}
		if err := dk.RefreshDigests(ctx); err != nil {
			b.Fatal(err)
		}
	}
	top, err := st.Stories(ctx, store.StoryFilter{Limit: 1})
	if err != nil || len(top) == 0 {
		b.Fatal(err)
	}
	return New(Options{Store: st, Desk: dk}).Handler(), top[0].ID
}

// BenchmarkPages serves the busiest pages and API answers in process
// (no network), over SQLite.
func BenchmarkPages(b *testing.B) {
	h, story := benchServer(b)
	for _, path := range []string{"/api/stories", "/api/stories/" + story, "/api/search?q=" + "council", "/", "/stories/" + story} {
		b.Run(path, func(b *testing.B) {
			for b.Loop() {
				rec := httptest.NewRecorder()
				h.ServeHTTP(rec, httptest.NewRequest("GET", path, nil))
				if rec.Code != 200 {
					b.Fatalf("%s: %d", path, rec.Code)
				}
			}
		})
	}
}
