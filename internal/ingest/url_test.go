package ingest

import (
	"context"
	"errors"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
)

func TestReadPathsURL(t *testing.T) {
	fetch := func(ctx context.Context, u string) (news.Article, error) {
		if strings.HasSuffix(u, "/gone") {
			return news.Article{}, errors.New("http_404")
		}
		return news.Article{Title: "Harbor fire", Body: "A fire broke out at the harbor."}, nil
	}
	arts, errs := ReadPaths(context.Background(), []string{
		"https://example.com/news/harbor-fire.html", "HTTP://example.com/news/harbor-fire.html", "https://example.com/gone",
	}, Options{Fetch: fetch})
	if len(arts) != 2 || len(errs) != 1 {
		t.Fatalf("%d articles, errors %v", len(arts), errs)
	}
	if arts[0].ID != "harbor-fire" || arts[1].ID != "harbor-fire-2" || arts[0].URL != "https://example.com/news/harbor-fire.html" {
		t.Errorf("articles %+v", arts)
	}
	if !strings.Contains(errs[0].Error(), "https://example.com/gone: http_404") {
		t.Errorf("error %v", errs[0])
	}
	// Without a fetcher a URL is an error, not a missing file.
	_, errs = ReadPaths(context.Background(), []string{"https://example.com/a"}, Options{})
	if len(errs) != 1 || !errors.Is(errs[0], ErrNoFetch) {
		t.Errorf("without Fetch: %v", errs)
	}
}

func TestURLID(t *testing.T) {
	for _, tt := range []struct{ in, want string }{
		{"https://example.com/news/harbor-fire.html", "harbor-fire"},
		{"https://www.example.com/", "example.com"},
		{"https://example.com", "example.com"},
		{"https://example.com/a/b/", "b"},
		{"http://[::1", "article"},
	} {
		if got := URLID(tt.in); got != tt.want {
			t.Errorf("URLID(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
