package sqlite

import (
	"context"
	"errors"
	"path/filepath"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/store"
)

// TestMergedInto: a story merged away leads to the story it went into,
// through later merges, and across a reopening of the file.
func TestMergedInto(t *testing.T) {
	ctx := context.Background()
	path := filepath.Join(t.TempDir(), "merge.db")
	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	now := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	var arts []store.Article
	for i, st := range []string{"a", "b", "c"} {
		arts = append(arts, store.Article{Article: news.Article{ID: "art-" + st, Title: "T " + st, Body: "Text of " + st + ".", Published: now.Add(time.Duration(i) * time.Hour)}, Status: "ok", Story: st, Fetched: now})
	}
	if _, err := s.AddArticles(ctx, arts); err != nil {
		t.Fatal(err)
	}
	if _, err := s.MergedInto(ctx, "a"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a story never merged: %v, want ErrNotFound", err)
	}
	if err := s.MoveArticles(ctx, "a", "b"); err != nil {
		t.Fatal(err)
	}
	if to, err := s.MergedInto(ctx, "a"); err != nil || to != "b" {
		t.Errorf("a merged into b: got %q, %v", to, err)
	}
	if err := s.MoveArticles(ctx, "b", "c"); err != nil {
		t.Fatal(err)
	}
	s.Close()
	if s, err = Open(path); err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	for _, from := range []string{"a", "b"} {
		if to, err := s.MergedInto(ctx, from); err != nil || to != "c" {
			t.Errorf("%s after two merges: got %q, %v, want c", from, to, err)
		}
	}
	if _, err := s.MergedInto(ctx, "c"); !errors.Is(err, store.ErrNotFound) {
		t.Errorf("a live story reported as merged: %v", err)
	}
	if st, err := s.Story(ctx, "c"); err != nil || st.Articles != 3 {
		t.Errorf("c after the merges: %+v, %v", st, err)
	}
}
