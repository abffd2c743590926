package demo

import (
	"strings"
	"testing"
)

func TestArticles(t *testing.T) {
	arts, err := Articles()
	if err != nil {
		t.Fatal(err)
	}
	if len(arts) != 4 {
		t.Fatalf("%d articles, want 4", len(arts))
	}
	for _, a := range arts {
		if a.ID == "" || a.Outlet == "" || a.Title == "" || strings.Contains(a.Body, "Watch Live") {
			t.Errorf("%s: outlet %q, title %q, chrome left: %v", a.ID, a.Outlet, a.Title, strings.Contains(a.Body, "Watch Live"))
		}
	}
}
