package fetch

import (
	"bytes"
	"compress/gzip"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/text/encoding/charmap"
)

// testOptions are fast: small timeouts, no delays, loopback allowed.
func testOptions() Options {
	return Options{
		Timeout:       500 * time.Millisecond,
		MaxBytes:      1 << 20,
		RetryBase:     5 * time.Millisecond,
		MaxRetryAfter: 2 * time.Second,
		HostDelay:     -1,
		AllowLoopback: true,
	}
}

const page = `<!DOCTYPE html><html><head><title>Harbor fire</title></head><body><article><p>A fire broke out at the harbor.</p></article></body></html>`

func cp1251(s string) []byte {
	b, err := charmap.Windows1251.NewEncoder().Bytes([]byte(s))
	if err != nil {
		panic(err)
	}
	return b
}

func gz(b []byte) []byte {
	var buf bytes.Buffer
	w := gzip.NewWriter(&buf)
	w.Write(b)
	w.Close()
	return buf.Bytes()
}

func TestGet(t *testing.T) {
	var hits atomic.Int64
	counts := map[string]*atomic.Int64{}
	for _, p := range []string{"/429", "/500once"} {
		counts[p] = &atomic.Int64{}
	}
	cyr := "Пожар в гавани"
	bomb := gz(bytes.Repeat([]byte("a"), 8<<20))
	mux := http.NewServeMux()
	mux.HandleFunc("/robots.txt", func(w http.ResponseWriter, r *http.Request) {
		fmt.Fprint(w, "User-agent: *\nDisallow: /private/\n")
	})
	mux.HandleFunc("/ok", func(w http.ResponseWriter, r *http.Request) {
		if r.UserAgent() != UserAgent {
			http.Error(w, "bad agent", 400)
			return
		}
		w.Header().Set("Content-Type", "text/html; charset=utf-8")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/private/page", func(w http.ResponseWriter, r *http.Request) { fmt.Fprint(w, page) })
	mux.HandleFunc("/404", http.NotFound)
	mux.HandleFunc("/403", func(w http.ResponseWriter, r *http.Request) { http.Error(w, "no", 403) })
	mux.HandleFunc("/429", func(w http.ResponseWriter, r *http.Request) {
		if counts["/429"].Add(1) == 1 {
			w.Header().Set("Retry-After", "1")
			http.Error(w, "slow down", 429)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/500once", func(w http.ResponseWriter, r *http.Request) {
		if counts["/500once"].Add(1) == 1 {
			http.Error(w, "oops", 500)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/500", func(w http.ResponseWriter, r *http.Request) { hits.Add(1); http.Error(w, "oops", 500) })
	mux.HandleFunc("/slow", func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
		fmt.Fprint(w, page)
	})
	mux.HandleFunc("/slowbody", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, "<html><body>")
		w.(http.Flusher).Flush()
		select {
		case <-time.After(3 * time.Second):
		case <-r.Context().Done():
		}
	})
	mux.HandleFunc("/huge", func(w http.ResponseWriter, r *http.Request) {
		// 50 MB, streamed without a Content-Length.
		w.Header().Set("Content-Type", "text/html")
		chunk := bytes.Repeat([]byte("<p>filler text</p>\n"), 1<<12)
		for n := 0; n < 50<<20; n += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
	})
	mux.HandleFunc("/huge-cl", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Length", fmt.Sprint(50<<20))
		w.Write([]byte("<html>"))
	})
	mux.HandleFunc("/cp1251-header", func(w http.ResponseWriter, r *http.Request) {
		// The header is right, the <meta> wrong.
		w.Header().Set("Content-Type", "text/html; charset=windows-1251")
		w.Write(cp1251(`<html><head><meta charset="utf-8"><title>` + cyr + `</title></head><body><p>` + cyr + `</p></body></html>`))
	})
	mux.HandleFunc("/cp1251-meta", func(w http.ResponseWriter, r *http.Request) {
		// The server's default header is wrong, the <meta> right.
		w.Header().Set("Content-Type", "text/html; charset=ISO-8859-1")
		w.Write(cp1251(`<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1251"></head><body><p>` + cyr + `</p></body></html>`))
	})
	mux.HandleFunc("/utf8-declared-latin1", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html; charset=iso-8859-1")
		fmt.Fprint(w, `<html><body><p>`+cyr+`</p></body></html>`)
	})
	mux.HandleFunc("/gzip", func(w http.ResponseWriter, r *http.Request) {
		if !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			http.Error(w, "want gzip", 400)
			return
		}
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(gz([]byte(page)))
	})
	mux.HandleFunc("/bomb", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write(bomb)
	})
	mux.HandleFunc("/badgzip", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		w.Header().Set("Content-Encoding", "gzip")
		w.Write([]byte("not gzip at all"))
	})
	mux.HandleFunc("/loop-a", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-b", 302) })
	mux.HandleFunc("/loop-b", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/loop-a", 302) })
	mux.HandleFunc("/chain/", func(w http.ResponseWriter, r *http.Request) {
		var n int
		fmt.Sscanf(strings.TrimPrefix(r.URL.Path, "/chain/"), "%d", &n)
		http.Redirect(w, r, fmt.Sprintf("/chain/%d", n+1), 302)
	})
	mux.HandleFunc("/to-ok", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/ok", 301) })
	mux.HandleFunc("/to-private", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "/private/page", 301) })
	mux.HandleFunc("/to-10", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "http://10.0.0.1/internal", 302) })
	mux.HandleFunc("/to-ftp", func(w http.ResponseWriter, r *http.Request) { http.Redirect(w, r, "ftp://example.com/", 302) })
	mux.HandleFunc("/binary", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		b := make([]byte, 4096)
		for i := range b {
			b[i] = byte(i * 7)
		}
		w.Write(b)
	})
	mux.HandleFunc("/pdf", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/pdf")
		w.Write([]byte("%PDF-1.4"))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)

	tests := []struct {
		path, status string
		want         string // in Text
		attempts     int
	}{
		{"/ok", "ok", "A fire broke out", 1},
		{"/404", "http_404", "", 1},
		{"/403", "http_403", "", 1},
		{"/429", "ok", "A fire broke out", 2},
		{"/500once", "ok", "A fire broke out", 2},
		{"/500", "http_500", "", 3},
		{"/slow", "timeout", "", 1},
		{"/slowbody", "timeout", "", 1},
		{"/huge", "too_large", "", 1},
		{"/huge-cl", "too_large", "", 1},
		{"/cp1251-header", "ok", cyr, 1},
		{"/cp1251-meta", "ok", cyr, 1},
		{"/utf8-declared-latin1", "ok", cyr, 1},
		{"/gzip", "ok", "A fire broke out", 1},
		{"/bomb", "too_large", "", 1},
		{"/badgzip", "bad_encoding", "", 1},
		{"/loop-a", "redirect_loop", "", 1},
		{"/chain/0", "too_many_redirects", "", 1},
		{"/to-ok", "ok", "A fire broke out", 1},
		{"/private/page", "robots_disallowed", "", 0},
		{"/to-private", "robots_disallowed", "", 1},
		{"/to-10", "refused_private_address", "", 1},
		{"/to-ftp", "bad_url", "", 1},
		{"/binary", "not_html", "", 1},
		{"/pdf", "not_html", "", 1},
	}
	c := New(testOptions())
	for _, tt := range tests {
		t.Run(strings.TrimPrefix(tt.path, "/"), func(t *testing.T) {
			t.Parallel()
			r := c.Get(context.Background(), srv.URL+tt.path)
			if r.Status != tt.status {
				t.Fatalf("status %q (%v), want %q", r.Status, r.Err, tt.status)
			}
			if tt.want != "" && !strings.Contains(r.Text, tt.want) {
				t.Errorf("text %.200q lacks %q (charset %s)", r.Text, tt.want, r.Charset)
			}
			if r.Attempts != tt.attempts {
				t.Errorf("%d attempts, want %d", r.Attempts, tt.attempts)
			}
			if int64(len(r.Body)) > c.opt.MaxBytes {
				t.Errorf("kept %d bytes, over the limit", len(r.Body))
			}
		})
	}
}

func TestGetBadInput(t *testing.T) {
	c := New(testOptions())
	for _, tt := range []struct{ url, status string }{
		{"", "bad_url"},
		{"ftp://example.com/x", "bad_url"},
		{"http://", "bad_url"},
		{"http://[::1", "bad_url"},
		{" http://example.com", "bad_url"},
		{"http://user:pw@example.com/", "bad_url"},
		{"http://\x00/", "bad_url"},
		{"http://nonexistent.invalid/", "dns_error"},
	} {
		r := c.Get(context.Background(), tt.url)
		if r.Status != tt.status {
			t.Errorf("Get(%q) = %q (%v), want %q", tt.url, r.Status, r.Err, tt.status)
		}
	}
}

func TestPrivateAddressRefused(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	opt := testOptions()
	opt.AllowLoopback = false
	c := New(opt)
	for _, u := range []string{srv.URL + "/", "http://127.0.0.1/", "http://10.0.0.1/", "http://192.168.1.1/", "http://169.254.169.254/latest/meta-data/", "http://[::1]/", "http://localhost/"} {
		r := c.Get(context.Background(), u)
		if r.Status != StatusPrivate {
			t.Errorf("Get(%s) = %q (%v), want %q", u, r.Status, r.Err, StatusPrivate)
		}
	}
	// The same server is reached with AllowLoopback.
	if r := New(testOptions()).Get(context.Background(), srv.URL+"/"); r.Status != StatusOK {
		t.Errorf("with AllowLoopback: %q (%v)", r.Status, r.Err)
	}
}

func TestRobotsFetchedOncePerHost(t *testing.T) {
	var robots atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/robots.txt" {
			robots.Add(1)
			fmt.Fprint(w, "User-agent: Parallax\nDisallow: /no\n\nUser-agent: *\nDisallow: /\n")
			return
		}
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	c := New(testOptions())
	for i := 0; i < 3; i++ {
		if r := c.Get(context.Background(), srv.URL+"/yes"); r.Status != StatusOK {
			t.Errorf("/yes: %q (%v)", r.Status, r.Err)
		}
	}
	if r := c.Get(context.Background(), srv.URL+"/no/x"); r.Status != StatusRobots {
		t.Errorf("/no/x: %q (%v)", r.Status, r.Err)
	}
	if n := robots.Load(); n != 1 {
		t.Errorf("robots.txt fetched %d times", n)
	}
}

func TestHostDelay(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/html")
		fmt.Fprint(w, page)
	}))
	defer srv.Close()
	opt := testOptions()
	opt.HostDelay = 50 * time.Millisecond
	opt.IgnoreRobots = true
	c := New(opt)
	start := time.Now()
	for i := 0; i < 3; i++ {
		c.Get(context.Background(), srv.URL+"/")
	}
	// Three requests to one host: at least two delays between them.
	if d := time.Since(start); d < 100*time.Millisecond {
		t.Errorf("three requests took %v, want at least 100ms", d)
	}
}

func TestRetryAfterTooLong(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "3600")
		http.Error(w, "later", 429)
	}))
	defer srv.Close()
	opt := testOptions()
	opt.IgnoreRobots = true
	r := New(opt).Get(context.Background(), srv.URL+"/")
	if r.Status != "http_429" || r.Attempts != 1 {
		t.Errorf("got %q after %d attempts, want http_429 after 1", r.Status, r.Attempts)
	}
}

func TestCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	r := New(testOptions()).Get(ctx, "http://127.0.0.1:1/")
	if r.Status != StatusCanceled {
		t.Errorf("got %q (%v), want canceled", r.Status, r.Err)
	}
}

func TestRetryAfterHeader(t *testing.T) {
	now := time.Date(2026, 1, 1, 0, 0, 0, 0, time.UTC)
	for _, tt := range []struct {
		v    string
		want time.Duration
	}{
		{"", 0}, {"2", 2 * time.Second}, {"-1", 0}, {"soon", 0},
		{now.Add(5 * time.Second).Format(http.TimeFormat), 5 * time.Second},
		{now.Add(-5 * time.Second).Format(http.TimeFormat), 0},
	} {
		if got := retryAfter(tt.v, now); got != tt.want {
			t.Errorf("retryAfter(%q) = %v, want %v", tt.v, got, tt.want)
		}
	}
}
