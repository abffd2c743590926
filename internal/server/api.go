package server

import (
	"bytes"
	"crypto/subtle"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"html"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/store"
)

// Limits on what a client may send.
const (
	maxJSONBody = 1 << 20 // a submitted article, a feed
	maxOPMLBody = 4 << 20 // an OPML list
	maxPage     = 500     // items per page
	maxQuery    = 1 << 10 // bytes of a search query
)

// apiRoute is one operation of the JSON API. The table is the single
// list of operations: the mux is built from it, and the OpenAPI document
// is checked against it.
type apiRoute struct {
	method, path string
	write        bool // needs the bearer token
	handle       func(*Server, http.ResponseWriter, *http.Request) error
}

var apiTable = []apiRoute{
	{"GET", "/api/stories", false, (*Server).listStories},
	{"GET", "/api/stories/{id}", false, (*Server).getStory},
	{"GET", "/api/articles", false, (*Server).listArticles},
	{"GET", "/api/articles/{id}", false, (*Server).getArticle},
	{"POST", "/api/articles", true, (*Server).postArticle},
	{"GET", "/api/search", false, (*Server).search},
	{"GET", "/api/feeds", false, (*Server).listFeeds},
	{"POST", "/api/feeds", true, (*Server).postFeed},
	{"DELETE", "/api/feeds/{id}", true, (*Server).deleteFeed},
	{"GET", "/api/feeds.opml", false, (*Server).exportOPML},
	{"POST", "/api/feeds.opml", true, (*Server).importOPML},
	{"GET", "/api/openapi.json", false, (*Server).openAPI},
}

func (s *Server) apiRoutes() {
	for _, rt := range apiTable {
		s.mux.HandleFunc(rt.method+" "+rt.path, s.apiHandler(rt))
	}
	s.mux.HandleFunc("/api/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, &apiError{http.StatusNotFound, "not_found", "no API operation " + r.Method + " " + r.URL.Path})
	})
}

// apiError is an error with its HTTP status and a stable code.
type apiError struct {
	status  int
	code    string
	message string
}

func (e *apiError) Error() string { return e.message }

func badRequest(format string, args ...any) error {
	return &apiError{http.StatusBadRequest, "bad_request", fmt.Sprintf(format, args...)}
}

// apiHandler checks the token of a write, runs the handler and turns its
// error into a JSON error.
func (s *Server) apiHandler(rt apiRoute) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if rt.write && s.opt.Desk == nil {
			writeError(w, &apiError{http.StatusServiceUnavailable, "unavailable", "this server is read-only: it has no ingest loop"})
			return
		}
		if rt.write && !s.authorized(r) {
			w.Header().Set("WWW-Authenticate", `Bearer realm="parallax"`)
			writeError(w, &apiError{http.StatusUnauthorized, "unauthorized", "this operation needs the bearer token: Authorization: Bearer TOKEN"})
			return
		}
		if err := rt.handle(s, w, r); err != nil {
			var ae *apiError
			if !errors.As(err, &ae) {
				ae = s.classify(r, err)
			}
			writeError(w, ae)
		}
	}
}

// authorized tells whether r carries the configured token. Without one
// configured every write is allowed (the server then listens on loopback
// by default; see the serve command).
func (s *Server) authorized(r *http.Request) bool {
	if s.opt.Token == "" {
		return true
	}
	got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
	return ok && subtle.ConstantTimeCompare([]byte(got), []byte(s.opt.Token)) == 1
}

// classify maps a store or desk error to an API error.
func (s *Server) classify(r *http.Request, err error) *apiError {
	var mbe *http.MaxBytesError
	switch {
	case errors.Is(err, store.ErrNotFound):
		return &apiError{http.StatusNotFound, "not_found", err.Error()}
	case errors.Is(err, store.ErrExists):
		return &apiError{http.StatusConflict, "conflict", err.Error()}
	case errors.As(err, &mbe):
		return &apiError{http.StatusRequestEntityTooLarge, "payload_too_large", fmt.Sprintf("the body is larger than %d bytes", mbe.Limit)}
	case errors.Is(err, ingest.ErrEmpty), errors.Is(err, ingest.ErrMalformed), errors.Is(err, ingest.ErrNotArticle):
		return &apiError{http.StatusUnprocessableEntity, "unprocessable", err.Error()}
	}
	var ie *ingest.Error
	if errors.As(err, &ie) {
		return &apiError{http.StatusUnprocessableEntity, "unprocessable", err.Error()}
	}
	s.log.Error("api", "method", r.Method, "path", r.URL.Path, "err", err)
	return &apiError{http.StatusInternalServerError, "internal", "internal error"}
}

func writeError(w http.ResponseWriter, e *apiError) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(e.status)
	json.NewEncoder(w).Encode(map[string]any{"error": map[string]string{"code": e.code, "message": e.message}})
}

// writeJSON writes v with an ETag, and answers 304 to a GET whose
// If-None-Match names it.
func writeJSON(w http.ResponseWriter, r *http.Request, status int, v any) error {
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		return err
	}
	h := fnv.New64a()
	h.Write(buf.Bytes())
	etag := fmt.Sprintf(`"%016x"`, h.Sum64())
	w.Header().Set("ETag", etag)
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	if r.Method == http.MethodGet && status == http.StatusOK && etagMatch(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

func etagMatch(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(t), "W/"))
		if t == etag || t == "*" {
			return true
		}
	}
	return false
}

// decodeJSON reads one JSON object of at most limit bytes into v,
// refusing unknown fields and trailing data.
func decodeJSON(w http.ResponseWriter, r *http.Request, v any) error {
	if ct := r.Header.Get("Content-Type"); ct != "" && !strings.HasPrefix(ct, "application/json") {
		return &apiError{http.StatusUnsupportedMediaType, "unsupported_media_type", "send application/json, not " + ct}
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, maxJSONBody))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return badRequest("invalid JSON body: %v", err)
	}
	if dec.More() {
		return badRequest("invalid JSON body: data after the object")
	}
	if _, err := dec.Token(); err != io.EOF {
		return badRequest("invalid JSON body: data after the object")
	}
	return nil
}

// intParam reads a non-negative integer query parameter, def when absent.
func intParam(r *http.Request, name string, def, max int) (int, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return def, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 {
		return 0, badRequest("%s must be a non-negative integer, not %q", name, v)
	}
	return min(n, max), nil
}

// timeParam reads a date (2026-03-02) or an RFC 3339 time.
func timeParam(r *http.Request, name string) (time.Time, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{time.RFC3339, "2006-01-02"} {
		if t, err := time.Parse(layout, v); err == nil {
			return t, nil
		}
	}
	return time.Time{}, badRequest("%s must be a date (2006-01-02) or an RFC 3339 time, not %q", name, v)
}

// articleRef is an article in a list: everything but its text.
type articleRef struct {
	ID        string    `json:"id"`
	URL       string    `json:"url,omitempty"`
	Title     string    `json:"title,omitempty"`
	Outlet    string    `json:"outlet,omitempty"`
	Authors   []string  `json:"authors"`
	Published time.Time `json:"published,omitzero"`
	Story     string    `json:"story,omitempty"`
	CopyOf    string    `json:"copy_of,omitempty"`
	FeedID    int64     `json:"feed_id,omitempty"`
	Fetched   time.Time `json:"fetched"`
}

func refOf(a store.Article) articleRef {
	authors := a.Authors
	if authors == nil {
		authors = []string{}
	}
	return articleRef{ID: a.ID, URL: a.URL, Title: a.Title, Outlet: a.Outlet, Authors: authors, Published: a.Published,
		Story: a.Story, CopyOf: a.CopyOf, FeedID: a.FeedID, Fetched: a.Fetched}
}

func refsOf(arts []store.Article) []articleRef {
	refs := make([]articleRef, len(arts))
	for i, a := range arts {
		refs[i] = refOf(a)
	}
	return refs
}

// articleFull is one article with its text.
type articleFull struct {
	articleRef
	Modified   time.Time `json:"modified,omitzero"`
	Language   string    `json:"language,omitempty"`
	Canonical  string    `json:"canonical,omitempty"`
	TextSource string    `json:"text_source,omitempty"`
	Status     string    `json:"status"`
	Text       string    `json:"text"`
}

func fullOf(a store.Article) articleFull {
	return articleFull{articleRef: refOf(a), Modified: a.Modified, Language: a.Language, Canonical: a.Canonical,
		TextSource: a.TextSource, Status: a.Status, Text: a.Body}
}

func (s *Server) listStories(w http.ResponseWriter, r *http.Request) error {
	var f store.StoryFilter
	var err error
	if f.Since, err = timeParam(r, "since"); err != nil {
		return err
	}
	if f.Until, err = timeParam(r, "until"); err != nil {
		return err
	}
	if !f.Until.IsZero() && len(r.URL.Query().Get("until")) == len("2006-01-02") {
		f.Until = f.Until.Add(24*time.Hour - time.Nanosecond) // the whole day
	}
	f.Outlet = r.URL.Query().Get("outlet")
	if f.Limit, err = intParam(r, "limit", 50, maxPage); err != nil {
		return err
	}
	if f.Offset, err = intParam(r, "offset", 0, 1<<30); err != nil {
		return err
	}
	if f.Limit == 0 {
		f.Limit = 50
	}
	// One more than asked tells whether there is a next page.
	f.Limit++
	stories, err := s.opt.Store.Stories(r.Context(), f)
	if err != nil {
		return err
	}
	page := map[string]any{"limit": f.Limit - 1, "offset": f.Offset}
	if len(stories) == f.Limit {
		stories = stories[:f.Limit-1]
		page["next_offset"] = f.Offset + len(stories)
	}
	if stories == nil {
		stories = []store.Story{}
	}
	page["stories"] = stories
	return writeJSON(w, r, http.StatusOK, page)
}

func (s *Server) getStory(w http.ResponseWriter, r *http.Request) error {
	id := r.PathValue("id")
	st, err := s.opt.Store.Story(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		// A story merged into another answers with where it went.
		if to, merr := s.opt.Store.MergedInto(r.Context(), id); merr == nil {
			http.Redirect(w, r, "/api/stories/"+url.PathEscape(to), http.StatusMovedPermanently)
			return nil
		}
	}
	if err != nil {
		return err
	}
	digest, _, err := s.opt.Store.Digest(r.Context(), id)
	if err != nil {
		return err
	}
	arts, err := s.opt.Store.Articles(r.Context(), id, 0, 0)
	if err != nil {
		return err
	}
	out := map[string]any{"story": st, "articles": refsOf(arts), "digest": nil}
	if digest != nil {
		out["digest"] = json.RawMessage(digest)
	}
	return writeJSON(w, r, http.StatusOK, out)
}

func (s *Server) listArticles(w http.ResponseWriter, r *http.Request) error {
	limit, err := intParam(r, "limit", 50, maxPage)
	if err != nil {
		return err
	}
	offset, err := intParam(r, "offset", 0, 1<<30)
	if err != nil {
		return err
	}
	story := r.URL.Query().Get("story")
	if story != "" {
		if _, err := s.opt.Store.Story(r.Context(), story); err != nil {
			return err
		}
	}
	arts, err := s.opt.Store.Articles(r.Context(), story, limit, offset)
	if err != nil {
		return err
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"articles": refsOf(arts), "limit": limit, "offset": offset})
}

func (s *Server) getArticle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.opt.Store.Article(r.Context(), r.PathValue("id"))
	if err != nil {
		return err
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"article": fullOf(a)})
}

// submission is the body of POST /api/articles: a URL to fetch, or an
// article given whole.
type submission struct {
	URL       string    `json:"url"`
	ID        string    `json:"id"`
	Title     string    `json:"title"`
	Outlet    string    `json:"outlet"`
	Authors   []string  `json:"authors"`
	Published time.Time `json:"published"`
	Text      string    `json:"text"`
}

func (s *Server) postArticle(w http.ResponseWriter, r *http.Request) error {
	var sub submission
	if err := decodeJSON(w, r, &sub); err != nil {
		return err
	}
	var (
		a   store.Article
		err error
	)
	switch {
	case strings.TrimSpace(sub.Text) != "":
		if sub.URL != "" && !ingest.IsURL(sub.URL) {
			return badRequest("url must be an http or https URL")
		}
		a, err = s.opt.Desk.SubmitArticle(r.Context(), news.Article{ID: sub.ID, URL: sub.URL, Title: sub.Title, Outlet: sub.Outlet,
			Authors: sub.Authors, Byline: strings.Join(sub.Authors, ", "), Published: sub.Published, Body: sub.Text})
	case sub.URL != "":
		if !ingest.IsURL(sub.URL) {
			return badRequest("url must be an http or https URL")
		}
		a, err = s.opt.Desk.SubmitURL(r.Context(), sub.URL)
	default:
		return badRequest(`send {"url": "…"} to fetch a page, or {"title", "outlet", "published", "text", …} to give an article whole`)
	}
	if err != nil {
		return err
	}
	return writeJSON(w, r, http.StatusCreated, map[string]any{"article": fullOf(a)})
}

// searchHit is a hit of GET /api/search: the article, and its snippet as
// plain text and as HTML with the matched words in <mark>.
type searchHit struct {
	Article     articleRef `json:"article"`
	Snippet     string     `json:"snippet"`
	SnippetHTML string     `json:"snippet_html"`
}

func (s *Server) search(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	if q == "" {
		return badRequest("q, the words to search for, is required")
	}
	if len(q) > maxQuery {
		return badRequest("q is longer than %d bytes", maxQuery)
	}
	limit, err := intParam(r, "limit", 20, 100)
	if err != nil {
		return err
	}
	hits, err := s.opt.Store.Search(r.Context(), q, max(limit, 1))
	if err != nil {
		return err
	}
	out := make([]searchHit, len(hits))
	for i, h := range hits {
		out[i] = searchHit{Article: refOf(h.Article), Snippet: strings.NewReplacer("\x02", "", "\x03", "").Replace(h.Snippet), SnippetHTML: MarkSnippet(h.Snippet)}
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"query": q, "hits": out})
}

// MarkSnippet renders a store snippet as HTML: the text escaped, the
// matched words (between "\x02" and "\x03") in <mark>.
func MarkSnippet(snippet string) string {
	var b strings.Builder
	for {
		before, rest, ok := strings.Cut(snippet, "\x02")
		b.WriteString(html.EscapeString(before))
		if !ok {
			return b.String()
		}
		match, after, _ := strings.Cut(rest, "\x03")
		b.WriteString("<mark>" + html.EscapeString(match) + "</mark>")
		snippet = after
	}
}

func (s *Server) listFeeds(w http.ResponseWriter, r *http.Request) error {
	feeds, err := s.opt.Store.Feeds(r.Context())
	if err != nil {
		return err
	}
	if feeds == nil {
		feeds = []store.Feed{}
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"feeds": feeds})
}

func (s *Server) postFeed(w http.ResponseWriter, r *http.Request) error {
	var body struct {
		URL string `json:"url"`
	}
	if err := decodeJSON(w, r, &body); err != nil {
		return err
	}
	if !ingest.IsURL(strings.TrimSpace(body.URL)) {
		return badRequest("url must be an http or https URL")
	}
	f, err := s.opt.Desk.AddFeed(r.Context(), body.URL)
	if err != nil {
		return err
	}
	return writeJSON(w, r, http.StatusCreated, map[string]any{"feed": f})
}

func (s *Server) deleteFeed(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return badRequest("a feed's id is a number, not %q", r.PathValue("id"))
	}
	if err := s.opt.Desk.RemoveFeed(r.Context(), id); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

func (s *Server) exportOPML(w http.ResponseWriter, r *http.Request) error {
	feeds, err := s.opt.Store.Feeds(r.Context())
	if err != nil {
		return err
	}
	subs := make([]ingest.Subscription, len(feeds))
	for i, f := range feeds {
		subs[i] = ingest.Subscription{Title: f.Title, XMLURL: f.URL}
	}
	w.Header().Set("Content-Type", "text/x-opml; charset=utf-8")
	w.Header().Set("Content-Disposition", `attachment; filename="parallax-feeds.opml"`)
	return ingest.WriteOPML(w, s.opt.Title+" feeds", subs)
}

func (s *Server) importOPML(w http.ResponseWriter, r *http.Request) error {
	n, err := s.opt.Desk.ImportOPML(r.Context(), http.MaxBytesReader(w, r.Body, maxOPMLBody))
	if err != nil {
		var mbe *http.MaxBytesError
		if errors.As(err, &mbe) {
			return err
		}
		return &apiError{http.StatusUnprocessableEntity, "unprocessable", err.Error()}
	}
	return writeJSON(w, r, http.StatusOK, map[string]any{"added": n})
}

//go:embed openapi.json
var openAPIDoc []byte

func (s *Server) openAPI(w http.ResponseWriter, r *http.Request) error {
	var v any
	if err := json.Unmarshal(openAPIDoc, &v); err != nil {
		return err
	}
	return writeJSON(w, r, http.StatusOK, v)
}

func (s *Server) healthz(w http.ResponseWriter, r *http.Request) {
	if _, err := s.opt.Store.Stories(r.Context(), store.StoryFilter{Limit: 1}); err != nil {
		writeError(w, &apiError{http.StatusServiceUnavailable, "unavailable", "the store does not answer: " + err.Error()})
		return
	}
	writeJSON(w, r, http.StatusOK, map[string]string{"status": "ok"})
}
