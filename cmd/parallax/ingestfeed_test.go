package main

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
)

// TestIngestFeedURL reads a feed served at a URL: every item is an
// article, and the truncated item's page is fetched for its full text.
func TestIngestFeedURL(t *testing.T) {
	page := `<!doctype html><html><head><title>Ferry service resumes</title></head><body><article><h1>Ferry service resumes</h1>` +
		strings.Repeat(`<p>The island ferry between Corrin and the mainland resumed its morning crossings on Monday after a week of repairs to the landing ramp, the operator said.</p>`, 4) +
		`</article></body></html>`
	var srv *httptest.Server
	srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/robots.txt":
			http.NotFound(w, r)
		case "/feed.rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0" encoding="UTF-8"?><rss version="2.0"><channel><title>Corrin Times</title><link>%[1]s/</link>
<item><title>Ferry service resumes</title><link>%[1]s/ferry.html</link><guid>ferry</guid><description>The island ferry resumed its crossings on Monday …</description></item>
<item><title>Harbour fees</title><link>%[1]s/fees.html</link><guid>fees</guid><description>%[2]s</description></item>
</channel></rss>`, srv.URL, strings.Repeat("The harbour board kept its mooring fees unchanged for the coming year after a short debate among its members. ", 8))
		case "/ferry.html":
			w.Header().Set("Content-Type", "text/html; charset=utf-8")
			fmt.Fprint(w, page)
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	code, out, errOut := runCmd(t, "", "ingest", "--allow-loopback", "--delay", "1ms", srv.URL+"/feed.rss")
	if code != exitOK {
		t.Fatalf("exit %d: %s\n%s", code, errOut, out)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	if len(lines) != 2 {
		t.Fatalf("%d records, want 2:\n%s", len(lines), out)
	}
	var first struct{ Outlet, Text, Status string }
	if err := json.Unmarshal([]byte(lines[0]), &first); err != nil {
		t.Fatal(err)
	}
	if first.Status != "ok" || first.Outlet != "Corrin Times" || !strings.Contains(first.Text, "landing ramp") {
		t.Errorf("the truncated item did not get its page's text: %+v", first)
	}
}

// TestIngestOPML reads the feeds an OPML list names.
func TestIngestOPML(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/a.rss" {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<rss version="2.0"><channel><title>Orrin Post</title><item><guid>x</guid><title>Mill</title><description>%s</description></item></channel></rss>`,
			strings.Repeat("The old mill on the Orrin river will become a museum of local crafts, the town council decided on Tuesday evening. ", 8))
	}))
	defer srv.Close()
	dir := t.TempDir()
	opml := dir + "/list.opml"
	body := fmt.Sprintf(`<?xml version="1.0"?><opml version="2.0"><head><title>t</title></head><body><outline text="Orrin Post" xmlUrl="%s/a.rss"/><outline text="Gone" xmlUrl="%s/gone.rss"/></body></opml>`, srv.URL, srv.URL)
	if err := os.WriteFile(opml, []byte(body), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runCmd(t, "", "ingest", "--allow-loopback", "--delay", "1ms", opml)
	if code != exitPartial || !strings.Contains(out, `"outlet":"Orrin Post"`) || !strings.Contains(out, `"status":"http_404"`) {
		t.Errorf("exit %d\n%s\n%s", code, out, errOut)
	}
}

// TestIngestMalformedFeed: a feed whose XML breaks off gets the status
// "malformed", and the next input is still read.
func TestIngestMalformedFeed(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/broken.rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprint(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Corrin Times</title><item><title>Ferry</title><description>The ferry`)
		case "/good.rss":
			w.Header().Set("Content-Type", "application/rss+xml")
			fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Corrin Times</title><item><title>Fees</title><guid>fees</guid><description>%s</description></item></channel></rss>`,
				strings.Repeat("The harbour board kept its mooring fees unchanged for the coming year after a short debate. ", 8))
		default:
			http.NotFound(w, r)
		}
	}))
	defer srv.Close()
	code, out, _ := runCmd(t, "", "ingest", "--allow-loopback", "--delay", "1ms", srv.URL+"/broken.rss", srv.URL+"/good.rss")
	if code != exitPartial {
		t.Errorf("exit %d, want %d (partial)", code, exitPartial)
	}
	var statuses []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		var rec struct{ Status, Error string }
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("%v: %s", err, l)
		}
		statuses = append(statuses, rec.Status)
		if rec.Status == "malformed" && !strings.Contains(rec.Error, "broken.rss") {
			t.Errorf("the error does not name the feed: %q", rec.Error)
		}
	}
	if strings.Join(statuses, ",") != "malformed,ok" {
		t.Errorf("statuses %v, want [malformed ok]", statuses)
	}
}
