package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/desk"
	"github.com/parallaxnews/parallax/internal/fetch"
	"github.com/parallaxnews/parallax/internal/reader"
	"github.com/parallaxnews/parallax/internal/store/sqlite"
)

const apiToken = "test-token"

// apiEnv is a real server on a loopback port over a real SQLite file and
// the real ingest loop.
type apiEnv struct {
	t    *testing.T
	ts   *httptest.Server
	desk *desk.Desk
	st   *sqlite.Store
}

func newAPIEnv(t *testing.T) *apiEnv {
	t.Helper()
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "api.db"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { st.Close() })
	rd := reader.New(fetch.Options{AllowLoopback: true, HostDelay: -1, Retries: -1, IgnoreRobots: true}, false)
	dk, err := desk.New(context.Background(), desk.Options{Store: st, Reader: rd})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(New(Options{Store: st, Desk: dk, Token: apiToken}).Handler())
	t.Cleanup(ts.Close)
	return &apiEnv{t: t, ts: ts, desk: dk, st: st}
}

// do sends a request and decodes a JSON answer into out (if not nil).
func (e *apiEnv) do(method, path, token, contentType string, body io.Reader, header map[string]string) (*http.Response, []byte) {
	e.t.Helper()
	req, err := http.NewRequest(method, e.ts.URL+path, body)
	if err != nil {
		e.t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		e.t.Fatal(err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	return resp, b
}

func (e *apiEnv) postJSON(path string, v any) (*http.Response, []byte) {
	b, _ := json.Marshal(v)
	return e.do("POST", path, apiToken, "application/json", bytes.NewReader(b), nil)
}

// errorCode is the code of a JSON error answer ("" if it is not one).
func errorCode(b []byte) string {
	var v struct {
		Error struct{ Code, Message string }
	}
	json.Unmarshal(b, &v)
	return v.Error.Code
}

// Invented articles: two reports of a ferry's return, one of a museum.
var apiArticles = []map[string]any{
	{"id": "ferry-1", "title": "Corrin ferry back in service", "outlet": "Corrin Times", "published": "2026-03-02T08:00:00Z",
		"text": "The Corrin island ferry resumed its morning crossings on Monday after a week of repairs to the landing ramp, the operator Tidewater Lines said.\n\nCaptain Mirela Osk said the first crossing carried 212 passengers."},
	{"id": "ferry-2", "title": "Tidewater restarts Corrin crossings", "outlet": "Island Post", "published": "2026-03-02T09:30:00Z",
		"text": "Tidewater Lines restarted the Corrin ferry on Monday once the landing ramp was repaired.\n\nCaptain Mirela Osk told reporters that 212 passengers were aboard the first crossing; <script>alert('x')</script> was not."},
	{"id": "museum-1", "title": "Glacier museum opens winter hall", "outlet": "Valley Observer", "published": "2026-03-05T10:00:00Z",
		"text": "The Sorrel Glacier Museum in Vennatal opened its winter hall on Friday. Director Agnes Holm said the hall shows ice cores drilled since 1971; Robert'); DROP TABLE articles;-- visited."},
}

func (e *apiEnv) seed() {
	e.t.Helper()
	for _, a := range apiArticles {
		if resp, b := e.postJSON("/api/articles", a); resp.StatusCode != http.StatusCreated {
			e.t.Fatalf("POST %s: %d %s", a["id"], resp.StatusCode, b)
		}
	}
	if err := e.desk.RefreshDigests(context.Background()); err != nil {
		e.t.Fatal(err)
	}
}

func TestAPIStories(t *testing.T) {
	e := newAPIEnv(t)
	e.seed()

	resp, b := e.do("GET", "/api/stories", "", "", nil, nil)
	var page struct {
		Stories []struct {
			ID       string
			Title    string
			Articles int
			Outlets  []string
		}
		NextOffset *int `json:"next_offset"`
	}
	if resp.StatusCode != 200 || json.Unmarshal(b, &page) != nil || len(page.Stories) != 2 {
		t.Fatalf("GET /api/stories: %d %s", resp.StatusCode, b)
	}
	if page.Stories[0].Articles != 1 || page.Stories[1].Articles != 2 {
		t.Errorf("newest first: the museum (1 article) then the ferry (2): %+v", page.Stories)
	}
	ferryID := page.Stories[1].ID

	// Paging and filters.
	_, b = e.do("GET", "/api/stories?limit=1", "", "", nil, nil)
	json.Unmarshal(b, &page)
	if len(page.Stories) != 1 || page.NextOffset == nil || *page.NextOffset != 1 {
		t.Errorf("limit=1: %s", b)
	}
	_, b = e.do("GET", "/api/stories?outlet=Island+Post", "", "", nil, nil)
	json.Unmarshal(b, &page)
	if len(page.Stories) != 1 || page.Stories[0].ID != ferryID {
		t.Errorf("outlet filter: %s", b)
	}
	_, b = e.do("GET", "/api/stories?until=2026-03-03", "", "", nil, nil)
	json.Unmarshal(b, &page)
	if len(page.Stories) != 1 || page.Stories[0].ID != ferryID {
		t.Errorf("until filter: %s", b)
	}
	for _, q := range []string{"limit=-1", "limit=ten", "since=yesterday"} {
		if resp, b := e.do("GET", "/api/stories?"+q, "", "", nil, nil); resp.StatusCode != 400 || errorCode(b) != "bad_request" {
			t.Errorf("%s: %d %s", q, resp.StatusCode, b)
		}
	}

	// One story, with its digest; ETags.
	resp, b = e.do("GET", "/api/stories/"+ferryID, "", "", nil, nil)
	var one struct {
		Story    struct{ ID string }
		Articles []struct{ ID, Outlet string }
		Digest   *struct {
			Sources []struct {
				Key   string
				DocID string `json:"doc_id"`
			}
			Summary struct{ Sentences []struct{ Text string } }
		}
	}
	if resp.StatusCode != 200 || json.Unmarshal(b, &one) != nil || one.Digest == nil || len(one.Digest.Sources) != 2 || len(one.Articles) != 2 || len(one.Digest.Summary.Sentences) == 0 {
		t.Fatalf("GET story: %d %s", resp.StatusCode, b)
	}
	etag := resp.Header.Get("ETag")
	if resp, _ := e.do("GET", "/api/stories/"+ferryID, "", "", nil, map[string]string{"If-None-Match": etag}); etag == "" || resp.StatusCode != http.StatusNotModified {
		t.Errorf("If-None-Match %q: %d, want 304", etag, resp.StatusCode)
	}
	// A merged story leads to the one it went into, on the API and the
	// pages.
	museumID := page.Stories[0].ID
	if museumID == ferryID {
		_, b = e.do("GET", "/api/stories", "", "", nil, nil)
		json.Unmarshal(b, &page)
		museumID = page.Stories[0].ID
	}
	if err := e.st.MoveArticles(context.Background(), museumID, ferryID); err != nil {
		t.Fatal(err)
	}
	for _, path := range []string{"/api/stories/" + museumID, "/stories/" + museumID} {
		resp, _ := e.do("GET", path, "", "", nil, nil)
		if resp.StatusCode != 200 || !strings.HasSuffix(resp.Request.URL.Path, "/"+ferryID) {
			t.Errorf("GET %s after a merge: %d at %s, want the merged story %s", path, resp.StatusCode, resp.Request.URL.Path, ferryID)
		}
	}
	if resp, b := e.do("GET", "/api/stories/nope", "", "", nil, nil); resp.StatusCode != 404 || errorCode(b) != "not_found" {
		t.Errorf("unknown story: %d %s", resp.StatusCode, b)
	}
	if resp, b := e.do("GET", "/api/nothing/here", "", "", nil, nil); resp.StatusCode != 404 || errorCode(b) != "not_found" {
		t.Errorf("unknown route: %d %s", resp.StatusCode, b)
	}
}

func TestAPIArticles(t *testing.T) {
	e := newAPIEnv(t)
	e.seed()

	resp, b := e.do("GET", "/api/articles/ferry-2", "", "", nil, nil)
	var got struct {
		Article struct{ ID, Text, Story, Outlet string }
	}
	if resp.StatusCode != 200 || json.Unmarshal(b, &got) != nil || !strings.Contains(got.Article.Text, "<script>alert('x')</script>") || got.Article.Story == "" {
		t.Errorf("GET article: %d %s", resp.StatusCode, b)
	}
	_, b = e.do("GET", "/api/articles/museum-1", "", "", nil, nil)
	if !strings.Contains(string(b), "DROP TABLE articles") {
		t.Errorf("SQL-looking text not kept verbatim: %s", b)
	}
	var list struct{ Articles []struct{ ID string } }
	_, b = e.do("GET", "/api/articles?limit=2", "", "", nil, nil)
	if json.Unmarshal(b, &list) != nil || len(list.Articles) != 2 || list.Articles[0].ID != "museum-1" {
		t.Errorf("newest articles first: %s", b)
	}
	_, b = e.do("GET", "/api/articles?story="+got.Article.Story, "", "", nil, nil)
	if json.Unmarshal(b, &list) != nil || len(list.Articles) != 2 {
		t.Errorf("a story's articles: %s", b)
	}

	// Writes: token, body checks.
	tests := []struct {
		name, token, contentType, body string
		status                         int
		code                           string
	}{
		{"no token", "", "application/json", `{"text": "x"}`, 401, "unauthorized"},
		{"wrong token", "guess", "application/json", `{"text": "x"}`, 401, "unauthorized"},
		{"unknown field", apiToken, "application/json", `{"text": "Some text.", "colour": "red"}`, 400, "bad_request"},
		{"not JSON", apiToken, "application/json", `{"text": `, 400, "bad_request"},
		{"two objects", apiToken, "application/json", `{"text": "a"} {"text": "b"}`, 400, "bad_request"},
		{"wrong type", apiToken, "text/plain", `{"text": "x"}`, 415, "unsupported_media_type"},
		{"nothing to read", apiToken, "application/json", `{"title": "no text, no url"}`, 400, "bad_request"},
		{"not a URL", apiToken, "application/json", `{"url": "javascript:alert(1)"}`, 400, "bad_request"},
		{"too large", apiToken, "application/json", `{"text": "` + strings.Repeat("word ", 300_000) + `"}`, 413, "payload_too_large"},
		{"duplicate", apiToken, "application/json", `{"id": "ferry-1", "text": "Another text entirely, about something else."}`, 409, "conflict"},
		{"blank text", apiToken, "application/json", `{"id": "blank", "text": "   ", "url": ""}`, 400, "bad_request"},
	}
	for _, tc := range tests {
		resp, b := e.do("POST", "/api/articles", tc.token, tc.contentType, strings.NewReader(tc.body), nil)
		if resp.StatusCode != tc.status || errorCode(b) != tc.code {
			t.Errorf("%s: %d %s, want %d %s", tc.name, resp.StatusCode, b, tc.status, tc.code)
		}
	}
}

func TestAPISearch(t *testing.T) {
	e := newAPIEnv(t)
	e.seed()
	_, b := e.do("GET", "/api/search?q=ferry+passengers", "", "", nil, nil)
	var res struct {
		Hits []struct {
			Article     struct{ ID string }
			Snippet     string
			SnippetHTML string `json:"snippet_html"`
		}
	}
	if json.Unmarshal(b, &res) != nil || len(res.Hits) != 2 || !strings.Contains(res.Hits[0].SnippetHTML, "<mark>") || strings.ContainsAny(res.Hits[0].Snippet, "\x02\x03") {
		t.Errorf("search: %s", b)
	}
	for _, h := range res.Hits {
		if strings.Contains(h.SnippetHTML, "<script>") {
			t.Errorf("snippet HTML not escaped: %q", h.SnippetHTML)
		}
	}
	for _, q := range []string{`"; DROP TABLE articles; --`, "NEAR(", "*", `ferry OR "`} {
		if resp, b := e.do("GET", "/api/search?q="+urlQuery(q), "", "", nil, nil); resp.StatusCode != 200 {
			t.Errorf("hostile query %q: %d %s", q, resp.StatusCode, b)
		}
	}
	if resp, b := e.do("GET", "/api/search", "", "", nil, nil); resp.StatusCode != 400 || errorCode(b) != "bad_request" {
		t.Errorf("no q: %d %s", resp.StatusCode, b)
	}
}

func urlQuery(s string) string {
	r := strings.NewReplacer(" ", "+", `"`, "%22", ";", "%3B", "(", "%28", "*", "%2A")
	return r.Replace(s)
}

func TestAPIFeeds(t *testing.T) {
	e := newAPIEnv(t)
	resp, b := e.postJSON("/api/feeds", map[string]string{"url": "https://news.example/rss.xml"})
	var f struct{ Feed struct{ ID int64 } }
	if resp.StatusCode != 201 || json.Unmarshal(b, &f) != nil || f.Feed.ID == 0 {
		t.Fatalf("POST feed: %d %s", resp.StatusCode, b)
	}
	if resp, b := e.postJSON("/api/feeds", map[string]string{"url": "https://news.example/rss.xml"}); resp.StatusCode != 409 {
		t.Errorf("duplicate feed: %d %s", resp.StatusCode, b)
	}
	if resp, b := e.postJSON("/api/feeds", map[string]string{"url": "file:///etc/passwd"}); resp.StatusCode != 400 {
		t.Errorf("file URL: %d %s", resp.StatusCode, b)
	}
	opml := `<?xml version="1.0"?><opml version="2.0"><head/><body><outline text="Other" xmlUrl="https://other.example/feed"/><outline text="Same" xmlUrl="https://news.example/rss.xml"/></body></opml>`
	resp, b = e.do("POST", "/api/feeds.opml", apiToken, "text/x-opml", strings.NewReader(opml), nil)
	if resp.StatusCode != 200 || !strings.Contains(string(b), `"added":1`) {
		t.Errorf("OPML import: %d %s", resp.StatusCode, b)
	}
	if resp, b := e.do("POST", "/api/feeds.opml", apiToken, "text/x-opml", strings.NewReader("<opml><body"), nil); resp.StatusCode != 422 {
		t.Errorf("broken OPML: %d %s", resp.StatusCode, b)
	}
	_, b = e.do("GET", "/api/feeds.opml", "", "", nil, nil)
	if !strings.Contains(string(b), "https://other.example/feed") || !strings.Contains(string(b), "<opml") {
		t.Errorf("OPML export: %s", b)
	}
	_, b = e.do("GET", "/api/feeds", "", "", nil, nil)
	var list struct{ Feeds []struct{ ID int64 } }
	if json.Unmarshal(b, &list) != nil || len(list.Feeds) != 2 {
		t.Errorf("feeds: %s", b)
	}
	if resp, _ := e.do("DELETE", fmt.Sprintf("/api/feeds/%d", f.Feed.ID), "", "", nil, nil); resp.StatusCode != 401 {
		t.Errorf("DELETE without token: %d", resp.StatusCode)
	}
	if resp, b := e.do("DELETE", fmt.Sprintf("/api/feeds/%d", f.Feed.ID), apiToken, "", nil, nil); resp.StatusCode != 204 {
		t.Errorf("DELETE: %d %s", resp.StatusCode, b)
	}
	if resp, b := e.do("DELETE", "/api/feeds/9999", apiToken, "", nil, nil); resp.StatusCode != 404 || errorCode(b) != "not_found" {
		t.Errorf("DELETE unknown: %d %s", resp.StatusCode, b)
	}
	if resp, b := e.do("DELETE", "/api/feeds/abc", apiToken, "", nil, nil); resp.StatusCode != 400 {
		t.Errorf("DELETE abc: %d %s", resp.StatusCode, b)
	}
}

func TestHealthAndMetrics(t *testing.T) {
	e := newAPIEnv(t)
	if resp, b := e.do("GET", "/healthz", "", "", nil, nil); resp.StatusCode != 200 || !strings.Contains(string(b), `"ok"`) {
		t.Errorf("healthz: %d %s", resp.StatusCode, b)
	}
	e.do("GET", "/api/stories", "", "", nil, nil)
	_, b := e.do("GET", "/metrics", "", "", nil, nil)
	if !strings.Contains(string(b), `parallax_http_requests_total{route="GET /api/stories",code="200"} 1`) {
		t.Errorf("metrics:\n%s", b)
	}
}

// TestOpenAPIMatchesHandlers checks the OpenAPI document against the
// server: every documented operation is served, every served operation is
// documented, and the answers of the read operations have the documented
// shape.
func TestOpenAPIMatchesHandlers(t *testing.T) {
	e := newAPIEnv(t)
	e.seed()
	_, b := e.do("GET", "/api/openapi.json", "", "", nil, nil)
	var doc struct {
		OpenAPI string `json:"openapi"`
		Paths   map[string]map[string]struct {
			Responses map[string]struct {
				Content map[string]struct{ Schema map[string]any }
			}
		}
		Components struct{ Schemas map[string]map[string]any }
	}
	if err := json.Unmarshal(b, &doc); err != nil || !strings.HasPrefix(doc.OpenAPI, "3.") {
		t.Fatalf("openapi.json: %v %s", err, b)
	}
	documented := map[string]bool{}
	for p, ops := range doc.Paths {
		for m := range ops {
			documented[strings.ToUpper(m)+" "+p] = true
		}
	}
	served := map[string]bool{}
	for _, rt := range apiTable {
		served[rt.method+" "+rt.path] = true
	}
	var missing, extra []string
	for k := range served {
		if !documented[k] {
			missing = append(missing, k)
		}
	}
	for k := range documented {
		if !served[k] {
			extra = append(extra, k)
		}
	}
	sort.Strings(missing)
	sort.Strings(extra)
	if len(missing)+len(extra) > 0 {
		t.Errorf("served but not documented: %v; documented but not served: %v", missing, extra)
	}

	// The read operations' answers against their schemas.
	_, sb := e.do("GET", "/api/stories", "", "", nil, nil)
	var stories struct{ Stories []struct{ ID string } }
	json.Unmarshal(sb, &stories)
	paths := map[string]string{
		"/api/stories":       "/api/stories",
		"/api/stories/{id}":  "/api/stories/" + stories.Stories[0].ID,
		"/api/articles":      "/api/articles",
		"/api/articles/{id}": "/api/articles/ferry-1",
		"/api/search":        "/api/search?q=ferry",
		"/api/feeds":         "/api/feeds",
	}
	for tmpl, path := range paths {
		resp, body := e.do("GET", path, "", "", nil, nil)
		schema := doc.Paths[tmpl]["get"].Responses["200"].Content["application/json"].Schema
		var v any
		if resp.StatusCode != 200 || json.Unmarshal(body, &v) != nil {
			t.Errorf("GET %s: %d %s", path, resp.StatusCode, body)
			continue
		}
		if err := validate(v, schema, doc.Components.Schemas, "$"); err != nil {
			t.Errorf("GET %s does not match its schema: %v", path, err)
		}
	}
	// An error answer against the Error schema.
	_, body := e.do("GET", "/api/stories/none", "", "", nil, nil)
	var v any
	json.Unmarshal(body, &v)
	if err := validate(v, map[string]any{"$ref": "#/components/schemas/Error"}, doc.Components.Schemas, "$"); err != nil {
		t.Errorf("error answer: %v", err)
	}
}

// validate checks v against the parts of a JSON schema the document uses:
// $ref, allOf, type, required, properties, items, enum, nullable. An
// object may hold only the properties its schema (with all its allOf
// parts) names.
func validate(v any, schema map[string]any, defs map[string]map[string]any, at string) error {
	return validateIn(v, schema, defs, at, true)
}

// knownProps are the properties schema names, through $ref and allOf.
func knownProps(schema map[string]any, defs map[string]map[string]any, into map[string]bool) {
	if ref, ok := schema["$ref"].(string); ok {
		knownProps(defs[strings.TrimPrefix(ref, "#/components/schemas/")], defs, into)
		return
	}
	if props, ok := schema["properties"].(map[string]any); ok {
		for k := range props {
			into[k] = true
		}
	}
	if all, ok := schema["allOf"].([]any); ok {
		for _, s := range all {
			knownProps(s.(map[string]any), defs, into)
		}
	}
}

func validateIn(v any, schema map[string]any, defs map[string]map[string]any, at string, strict bool) error {
	if ref, ok := schema["$ref"].(string); ok {
		def, ok := defs[strings.TrimPrefix(ref, "#/components/schemas/")]
		if !ok {
			return fmt.Errorf("%s: unknown $ref %s", at, ref)
		}
		return validateIn(v, def, defs, at, strict)
	}
	if v == nil {
		if n, _ := schema["nullable"].(bool); n {
			return nil
		}
	}
	if all, ok := schema["allOf"].([]any); ok {
		for _, s := range all {
			if err := validateIn(v, s.(map[string]any), defs, at, false); err != nil {
				return err
			}
		}
	}
	if obj, ok := v.(map[string]any); ok && strict {
		known := map[string]bool{}
		knownProps(schema, defs, known)
		if len(known) > 0 {
			for k := range obj {
				if !known[k] {
					return fmt.Errorf("%s: %q is not in the schema", at, k)
				}
			}
		}
	}
	typ, _ := schema["type"].(string)
	switch typ {
	case "object":
		obj, ok := v.(map[string]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an object", at, v)
		}
		if req, ok := schema["required"].([]any); ok {
			for _, r := range req {
				if _, ok := obj[r.(string)]; !ok {
					return fmt.Errorf("%s: required %q missing", at, r)
				}
			}
		}
		props, _ := schema["properties"].(map[string]any)
		for k, pv := range obj {
			if ps, ok := props[k].(map[string]any); ok {
				if err := validate(pv, ps, defs, at+"."+k); err != nil {
					return err
				}
			}
		}
	case "array":
		arr, ok := v.([]any)
		if !ok {
			return fmt.Errorf("%s: %T, want an array", at, v)
		}
		if items, ok := schema["items"].(map[string]any); ok {
			for i, it := range arr {
				if err := validate(it, items, defs, fmt.Sprintf("%s[%d]", at, i)); err != nil {
					return err
				}
			}
		}
	case "string":
		s, ok := v.(string)
		if !ok {
			return fmt.Errorf("%s: %T, want a string", at, v)
		}
		if enum, ok := schema["enum"].([]any); ok {
			found := false
			for _, x := range enum {
				found = found || x == s
			}
			if !found {
				return fmt.Errorf("%s: %q not in %v", at, s, enum)
			}
		}
	case "integer", "number":
		if _, ok := v.(float64); !ok {
			return fmt.Errorf("%s: %T, want a number", at, v)
		}
	case "boolean":
		if _, ok := v.(bool); !ok {
			return fmt.Errorf("%s: %T, want a boolean", at, v)
		}
	}
	return nil
}

// TestAPIReadOnly: a server without an ingest loop serves reads and
// refuses writes with a JSON error, not a panic.
func TestAPIReadOnly(t *testing.T) {
	st, err := sqlite.Open(filepath.Join(t.TempDir(), "ro.db"))
	if err != nil {
		t.Fatal(err)
	}
	defer st.Close()
	ts := httptest.NewServer(New(Options{Store: st}).Handler())
	defer ts.Close()
	e := &apiEnv{t: t, ts: ts, st: st}
	if resp, b := e.do("GET", "/api/stories", "", "", nil, nil); resp.StatusCode != 200 {
		t.Errorf("read: %d %s", resp.StatusCode, b)
	}
	if resp, b := e.postJSON("/api/feeds", map[string]string{"url": "https://news.example/rss"}); resp.StatusCode != 503 || errorCode(b) != "unavailable" {
		t.Errorf("write: %d %s", resp.StatusCode, b)
	}
}
