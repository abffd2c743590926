package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const ingestPage = `<!DOCTYPE html><html lang="en"><head><title>Fire at Port Alder harbor | Harbor Gazette</title>
<meta property="og:site_name" content="Harbor Gazette">
<meta name="author" content="Dana Whitlock">
<meta property="article:published_time" content="2026-03-04T08:00:00Z">
</head><body><nav><a href="/">Home</a> <a href="/news">News</a></nav>
<article><h1>Fire at Port Alder harbor</h1>
<p>A fire broke out in a warehouse at the Port Alder harbor early on Tuesday, the fire service said. Forty firefighters fought the blaze for six hours before it was brought under control.</p>
<p>No one was hurt, but the warehouse, which stored grain and timber, was destroyed. The harbor master said ships would be diverted to the northern quay while the site is cleared.</p>
<p>Investigators have not yet said what caused the fire. The port authority estimated the damage at 4 million dollars and said operations would resume within a week.</p>
</article><footer>© 2026 Harbor Gazette</footer></body></html>`

func ingestServer(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /members/\n")
	})
	mux.HandleFunc("/news/harbor-fire.html", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, ingestPage)
	})
	mux.HandleFunc("/members/story.html", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, ingestPage) })
	mux.HandleFunc("/gone.html", http.NotFound)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestIngestURLs(t *testing.T) {
	srv := ingestServer(t)
	dir := t.TempDir()
	txt := filepath.Join(dir, "note.txt")
	if err := os.WriteFile(txt, []byte("Title: Harbor reopens\nOutlet: Coast Radio\n\nThe harbor reopened on Friday after the fire. Ships returned to the main quay.\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "", "ingest", "--allow-loopback", "--delay", "0",
		srv.URL+"/news/harbor-fire.html", srv.URL+"/gone.html", srv.URL+"/members/story.html",
		txt, filepath.Join(dir, "missing.txt"), "ftp://example.com/x", "http://10.1.2.3/")
	if code != exitPartial {
		t.Fatalf("exit %d, want %d; stderr:\n%s", code, exitPartial, errOut)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	want := []struct{ status, id, inText string }{
		{"ok", "harbor-fire", "Forty firefighters"},
		{"http_404", "gone", ""},
		{"robots_disallowed", "story", ""},
		{"ok", "note", "reopened on Friday"},
		{"not_found", "", ""},
		{"not_found", "", ""}, // not http(s): read as a file name
		{"refused_private_address", "10.1.2.3", ""},
	}
	if len(lines) != len(want) {
		t.Fatalf("%d lines, want %d:\n%s", len(lines), len(want), out)
	}
	for i, w := range want {
		var rec map[string]any
		if err := json.Unmarshal([]byte(lines[i]), &rec); err != nil {
			t.Fatalf("line %d: %v: %s", i+1, err, lines[i])
		}
		for _, k := range []string{"id", "url", "title", "authors", "published", "modified", "outlet", "language", "status", "text"} {
			if _, ok := rec[k]; !ok {
				t.Errorf("line %d lacks %q: %s", i+1, k, lines[i])
			}
		}
		if rec["status"] != w.status {
			t.Errorf("line %d: status %v, want %s (%v)", i+1, rec["status"], w.status, rec["error"])
		}
		if w.id != "" && rec["id"] != w.id {
			t.Errorf("line %d: id %v, want %s", i+1, rec["id"], w.id)
		}
		if text, _ := rec["text"].(string); !strings.Contains(text, w.inText) {
			t.Errorf("line %d: text %q lacks %q", i+1, text, w.inText)
		}
	}
	var first map[string]any
	json.Unmarshal([]byte(lines[0]), &first)
	if first["url"] != srv.URL+"/news/harbor-fire.html" {
		t.Errorf("url %v", first["url"])
	}
	if text, _ := first["text"].(string); strings.Contains(text, "Home") || strings.Contains(text, "© 2026") {
		t.Errorf("page chrome kept in text: %q", text)
	}
}

func TestIngestAllFailed(t *testing.T) {
	srv := ingestServer(t)
	code, out, _ := runCmd(t, "", "ingest", "--allow-loopback", "--delay", "0", srv.URL+"/gone.html")
	if code != exitFailed {
		t.Errorf("exit %d, want %d", code, exitFailed)
	}
	if !strings.Contains(out, `"status":"http_404"`) {
		t.Errorf("no status line for the failure:\n%s", out)
	}
}

func TestIngestLoopbackRefusedByDefault(t *testing.T) {
	srv := ingestServer(t)
	code, out, _ := runCmd(t, "", "ingest", "--delay", "0", srv.URL+"/news/harbor-fire.html")
	if code != exitFailed || !strings.Contains(out, `"status":"refused_private_address"`) {
		t.Errorf("exit %d, output:\n%s", code, out)
	}
}

func TestIngestText(t *testing.T) {
	srv := ingestServer(t)
	code, out, errOut := runCmd(t, "", "ingest", "--format", "text", "--allow-loopback", "--delay", "0", srv.URL+"/news/harbor-fire.html")
	if code != exitOK {
		t.Fatalf("exit %d; stderr:\n%s", code, errOut)
	}
	for _, want := range []string{"== harbor-fire [ok]", "Fire at Port Alder harbor", "Forty firefighters"} {
		if !strings.Contains(out, want) {
			t.Errorf("text output lacks %q:\n%s", want, out)
		}
	}
}

func TestIngestUsage(t *testing.T) {
	for _, args := range [][]string{{"ingest"}, {"ingest", "--format", "xml", "a.txt"}} {
		if code, _, _ := runCmd(t, "", args...); code != exitUsage {
			t.Errorf("%v: exit %d, want %d", args, code, exitUsage)
		}
	}
	if code, out, errOut := runCmd(t, "", "ingest", "--help"); code != exitOK || !strings.Contains(out+errOut, "Example") {
		t.Errorf("--help: exit %d", code)
	}
}

// digest takes URLs through the same fetcher; a loopback address is
// refused there (no --allow-loopback), which shows the wiring.
func TestDigestURL(t *testing.T) {
	srv := ingestServer(t)
	code, _, errOut := runCmd(t, "", "digest", srv.URL+"/news/harbor-fire.html")
	if code != exitFailed || !strings.Contains(errOut, "refused_private_address") {
		t.Errorf("exit %d, stderr:\n%s", code, errOut)
	}
}
