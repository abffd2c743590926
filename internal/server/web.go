package server

// The web pages of the news desk: the story list, a story's digest, search
// and the feeds. They are rendered on the server with html/template, so
// they work without JavaScript; static/app.js only adds conveniences.

import (
	"bytes"
	"context"
	"crypto/sha256"
	"crypto/subtle"
	"embed"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"net/http"
	"net/url"
	"path"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/store"
)

//go:embed templates/*.html
var webTemplateFS embed.FS

//go:embed static
var webStaticFS embed.FS

const (
	// storiesPerPage keeps the list short enough to scan on a phone.
	webStoriesPerPage = 25
	// searchLimit bounds a search: past fifty hits a reader refines the
	// query rather than scrolls.
	webSearchLimit = 50
	// storyArticleLimit bounds the articles listed on a story page; a
	// story has far fewer, but a runaway cluster must not blow up a page.
	webStoryArticleLimit = 1000
	// maxFormBytes and maxOPMLBytes bound what a form may post, so that a
	// client cannot make the server buffer without end.
	webMaxFormBytes = 64 << 10
	webMaxOPMLBytes = 5 << 20
)

// webRoutes registers the web pages and their static assets on s.mux.
func (s *Server) webRoutes() {
	// Browsers send Sec-Fetch-Site (or Origin) with every form post: a
	// post from another site is refused, so that a page elsewhere cannot
	// make a visitor's browser change the feeds when no token is set.
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.renderErrorPage(w, r, http.StatusForbidden, "This form was posted from another site, so it was refused.")
	}))
	post := func(h http.HandlerFunc) http.Handler { return cop.Handler(h) }

	s.mux.HandleFunc("GET /{$}", s.webStories)
	s.mux.HandleFunc("GET /stories/{id}", s.webStory)
	s.mux.HandleFunc("GET /search", s.webSearch)
	s.mux.HandleFunc("GET /feeds", s.webFeeds)
	s.mux.Handle("POST /feeds", post(s.webAddFeed))
	s.mux.Handle("POST /feeds/{id}/remove", post(s.webRemoveFeed))
	s.mux.Handle("POST /feeds/opml", post(s.webImportOPML))
	s.mux.HandleFunc("GET /static/{file...}", serveWebAsset)
	// Every other address is a page that does not exist: say so as a
	// page, not as the mux's plain text. The pattern has no method: "GET /"
	// would conflict with the API's catch-all "/api/".
	s.mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		s.renderErrorPage(w, r, http.StatusNotFound, "There is no page at this address.")
	})
}

// ---- Templates and rendering ----

// webPage is what the layout renders: the chrome every page shares, and the
// page's own data in Data.
type webPage struct {
	Desk  string // the desk's title, from Options.Title
	Title string // the page's title, before the desk's in <title>
	Nav   string // the section of the nav to mark current
	Query string // the search box's value
	// TokenNeeded adds the token field to forms that write.
	TokenNeeded bool
	Data        any
}

// webPageNames are the templates under templates/ that are whole pages; each
// defines "content" inside layout.html.
var webPageNames = []string{"stories", "story", "search", "feeds", "error"}

// webPages are parsed once at start: they are embedded in the binary, so a
// template that does not parse is a bug the tests catch, never bad input.
var webPages = mustParseWebPages()

func mustParseWebPages() map[string]*template.Template {
	p, err := parseWebPages()
	if err != nil {
		panic(err)
	}
	return p
}

func parseWebPages() (map[string]*template.Template, error) {
	base, err := template.New("layout.html").Funcs(webFuncs).ParseFS(webTemplateFS, "templates/layout.html", "templates/parts.html")
	if err != nil {
		return nil, err
	}
	out := make(map[string]*template.Template, len(webPageNames))
	for _, name := range webPageNames {
		t, err := base.Clone()
		if err != nil {
			return nil, err
		}
		if t, err = t.ParseFS(webTemplateFS, "templates/"+name+".html"); err != nil {
			return nil, err
		}
		out[name] = t
	}
	return out, nil
}

var webFuncs = template.FuncMap{
	"asset":    webAssetURL,
	"date":     webDate,
	"stamp":    webStamp,
	"iso":      func(t time.Time) string { return t.UTC().Format(time.RFC3339) },
	"plural":   webPlural,
	"keys":     webKeys,
	"add":      func(a, b int) int { return a + b },
	"join":     strings.Join,
	"outletOf": sourceName,
}

// renderPage writes the named page with the given status. The page is built
// in memory first, so a failing template yields a clean 500, not half a
// page.
func (s *Server) renderPage(w http.ResponseWriter, r *http.Request, status int, name string, p webPage) {
	t := webPages[name]
	if t == nil {
		s.log.Error("web: no such template", "name", name)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	p.Desk = s.opt.Title
	p.TokenNeeded = s.opt.Token != ""
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", p); err != nil {
		s.log.Error("web: rendering", "page", name, "err", err)
		http.Error(w, "internal error", http.StatusInternalServerError)
		return
	}
	h := w.Header()
	h.Set("Content-Type", "text/html; charset=utf-8")
	h.Set("X-Content-Type-Options", "nosniff")
	h.Set("Referrer-Policy", "same-origin")
	// Article text is foreign: even if something slipped past escaping,
	// no inline script, no script from elsewhere, no framing.
	h.Set("Content-Security-Policy", "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'; object-src 'none'")
	if r.Method != http.MethodPost {
		h.Set("Cache-Control", "no-cache")
	}
	w.WriteHeader(status)
	if r.Method != http.MethodHead {
		w.Write(buf.Bytes())
	}
}

// webErrorData is the content of an error page.
type webErrorData struct {
	Status  int
	Heading string
	Message string
}

// renderErrorPage writes an error page: the status, its name and what went
// wrong in words a reader can act on.
func (s *Server) renderErrorPage(w http.ResponseWriter, r *http.Request, status int, msg string) {
	if status == http.StatusUnauthorized {
		w.Header().Set("WWW-Authenticate", `Bearer realm="parallax"`)
	}
	s.renderPage(w, r, status, "error", webPage{Title: http.StatusText(status), Data: webErrorData{Status: status, Heading: http.StatusText(status), Message: msg}})
}

// webInternalError logs err and shows a page that does not leak it.
func (s *Server) webInternalError(w http.ResponseWriter, r *http.Request, what string, err error) {
	s.log.Error("web: "+what, "path", r.URL.Path, "err", err)
	s.renderErrorPage(w, r, http.StatusInternalServerError, "Something went wrong on the server while "+what+". The error has been logged.")
}

// ---- Static assets ----

// webAsset is an embedded file with the hash that versions its URL.
type webAsset struct {
	data []byte
	hash string
}

// webAssets are the files under static/, read once.
var webAssets = loadWebAssets()

func loadWebAssets() map[string]webAsset {
	out := map[string]webAsset{}
	fs.WalkDir(webStaticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := webStaticFS.ReadFile(p)
		if err != nil {
			return err
		}
		sum := sha256.Sum256(data)
		out[strings.TrimPrefix(p, "static/")] = webAsset{data: data, hash: hex.EncodeToString(sum[:6])}
		return nil
	})
	return out
}

// webAssetURL is the URL of a static file with its content hash: a new
// build changes the URL, so the file can be cached for good.
func webAssetURL(name string) string {
	a, ok := webAssets[name]
	if !ok {
		return "/static/" + name
	}
	return "/static/" + name + "?v=" + a.hash
}

// serveWebAsset serves an embedded file. A URL with the current hash is
// cached for a year; one without (or with an old hash) for an hour, and
// revalidated by ETag.
func serveWebAsset(w http.ResponseWriter, r *http.Request) {
	name := path.Clean(r.PathValue("file"))
	a, ok := webAssets[name]
	if !ok {
		http.NotFound(w, r)
		return
	}
	h := w.Header()
	h.Set("ETag", `"`+a.hash+`"`)
	h.Set("X-Content-Type-Options", "nosniff")
	if r.URL.Query().Get("v") == a.hash {
		h.Set("Cache-Control", "public, max-age=31536000, immutable")
	} else {
		h.Set("Cache-Control", "public, max-age=3600")
	}
	http.ServeContent(w, r, name, time.Time{}, bytes.NewReader(a.data))
}

// ---- Formatting helpers ----

func webDate(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02")
}

// webStamp is a time to the minute, in UTC so that every reader of a
// shared desk sees the same.
func webStamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format("2006-01-02 15:04 UTC")
}

func webPlural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return strconv.Itoa(n) + " " + many
}

func webKeys(keys []string) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("[" + k + "]")
	}
	return b.String()
}

// sourceName names a source for a reader: its outlet, else its document
// ID.
func sourceName(s news.Source) string {
	if s.Outlet != "" {
		return s.Outlet
	}
	return s.DocID
}

// ---- The story list ----

// webStoriesData is the story list page.
type webStoriesData struct {
	Stories []store.Story
	Outlet  string // the filter, as given
	Since   string // the filter, as given (YYYY-MM-DD)
	Page    int
	// Prev and Next are the URLs of the neighbouring pages, "" at the
	// ends.
	Prev, Next string
	Filtered   bool
}

// webListQuery is the story list's query string: its filters and page.
type webListQuery struct {
	Outlet string
	Since  string
	since  time.Time
	Page   int
}

// parseWebListQuery reads ?page=, ?outlet= and ?since= and says in words what
// is wrong with them.
func parseWebListQuery(q url.Values) (webListQuery, error) {
	lq := webListQuery{Outlet: strings.TrimSpace(q.Get("outlet")), Since: strings.TrimSpace(q.Get("since")), Page: 1}
	if p := q.Get("page"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 1_000_000 {
			return lq, fmt.Errorf("the page %q is not a page number", p)
		}
		lq.Page = n
	}
	if lq.Since != "" {
		t, err := time.Parse("2006-01-02", lq.Since)
		if err != nil {
			return lq, fmt.Errorf("the date %q is not a date of the form YYYY-MM-DD", lq.Since)
		}
		lq.since = t
	}
	return lq, nil
}

// url is the list's URL for page n with the same filters.
func (lq webListQuery) url(n int) string {
	v := url.Values{}
	if lq.Outlet != "" {
		v.Set("outlet", lq.Outlet)
	}
	if lq.Since != "" {
		v.Set("since", lq.Since)
	}
	if n > 1 {
		v.Set("page", strconv.Itoa(n))
	}
	if len(v) == 0 {
		return "/"
	}
	return "/?" + v.Encode()
}

func (s *Server) webStories(w http.ResponseWriter, r *http.Request) {
	lq, err := parseWebListQuery(r.URL.Query())
	if err != nil {
		s.renderErrorPage(w, r, http.StatusBadRequest, "Cannot list the stories: "+err.Error()+".")
		return
	}
	// One story more than a page tells whether there is a next page.
	stories, err := s.opt.Store.Stories(r.Context(), store.StoryFilter{
		Since: lq.since, Outlet: lq.Outlet, Limit: webStoriesPerPage + 1, Offset: (lq.Page - 1) * webStoriesPerPage,
	})
	if err != nil {
		s.webInternalError(w, r, "listing the stories", err)
		return
	}
	d := webStoriesData{Outlet: lq.Outlet, Since: lq.Since, Page: lq.Page, Filtered: lq.Outlet != "" || lq.Since != ""}
	if len(stories) > webStoriesPerPage {
		stories = stories[:webStoriesPerPage]
		d.Next = lq.url(lq.Page + 1)
	}
	if lq.Page > 1 {
		d.Prev = lq.url(lq.Page - 1)
	}
	d.Stories = stories
	title := "Stories"
	if lq.Page > 1 {
		title = fmt.Sprintf("Stories, page %d", lq.Page)
	}
	s.renderPage(w, r, http.StatusOK, "stories", webPage{Title: title, Nav: "stories", Data: d})
}

// ---- A story ----

// webStoryData is the story page.
type webStoryData struct {
	Story store.Story
	// Digest is nil while the digest is not computed (or unreadable).
	Digest     *webDigestView
	Unreadable bool
	Articles   []webArticleView
}

// webArticleView is an article in a story's list, with its digest marker.
type webArticleView struct {
	store.Article
	Key    string // "" when the digest does not list it
	CopyOf string // the key of the source it copies
	When   time.Time
}

func (s *Server) webStory(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")
	st, err := s.opt.Store.Story(ctx, id)
	if errors.Is(err, store.ErrNotFound) {
		if to, err := s.opt.Store.MergedInto(ctx, id); err == nil {
			http.Redirect(w, r, "/stories/"+url.PathEscape(to), http.StatusMovedPermanently)
			return
		}
		s.renderErrorPage(w, r, http.StatusNotFound, "There is no story with this ID.")
		return
	}
	if err != nil {
		s.webInternalError(w, r, "reading the story", err)
		return
	}
	arts, err := s.opt.Store.Articles(ctx, id, webStoryArticleLimit, 0)
	if err != nil {
		s.webInternalError(w, r, "reading the story's articles", err)
		return
	}
	d := webStoryData{Story: st}
	digest, err := s.webStoryDigest(ctx, id)
	switch {
	case err != nil:
		s.log.Error("web: reading a digest", "story", id, "err", err)
		d.Unreadable = true
	case digest != nil:
		d.Digest = newWebDigestView(*digest, arts)
	}
	d.Articles = webArticleViews(arts, digest)
	title := st.Title
	if title == "" && digest != nil {
		title = digest.Title
	}
	if title == "" {
		title = "Untitled story"
	}
	d.Story.Title = title
	s.renderPage(w, r, http.StatusOK, "story", webPage{Title: title, Nav: "stories", Data: d})
}

// webStoryDigest reads and decodes a story's digest; nil, nil while it is not
// computed.
func (s *Server) webStoryDigest(ctx context.Context, id string) (*news.Digest, error) {
	raw, _, err := s.opt.Store.Digest(ctx, id)
	if err != nil || len(raw) == 0 || string(raw) == "null" {
		return nil, err
	}
	var d news.Digest
	if err := json.Unmarshal(raw, &d); err != nil {
		return nil, fmt.Errorf("decoding the digest: %w", err)
	}
	return &d, nil
}

// webArticleViews lists a story's articles with the markers the digest gives
// them.
func webArticleViews(arts []store.Article, d *news.Digest) []webArticleView {
	src := map[string]news.Source{}
	if d != nil {
		for _, s := range d.Sources {
			src[s.DocID] = s
		}
	}
	out := make([]webArticleView, len(arts))
	for i, a := range arts {
		v := webArticleView{Article: a, When: a.Published}
		if v.When.IsZero() {
			v.When = a.Fetched
		}
		if s, ok := src[a.ID]; ok {
			v.Key, v.CopyOf = s.Key, s.CopyOf
		}
		out[i] = v
	}
	return out
}

// webDigestView is a digest laid out for the story page.
type webDigestView struct {
	Meta      string
	Sentences []webSentenceView
	Sources   []news.Source
	Cmp       *webCmpView
	Table     *webFactTable
}

// webSentenceView is a summary sentence with its markers and the sentences
// behind them, which the page reveals under the markers.
type webSentenceView struct {
	N        int
	Text     string
	Keys     []string
	Evidence []webEvidence
}

// webEvidence is one original sentence behind a summary sentence: Own is the
// sentence it was taken from, the others support it.
type webEvidence struct {
	Key, Outlet, Text string
	Own               bool
}

// newWebDigestView lays out d; arts give the original sentences when the
// digest does not carry their text.
func newWebDigestView(d news.Digest, arts []store.Article) *webDigestView {
	bodies := make(map[string]string, len(arts))
	for _, a := range arts {
		bodies[a.ID] = a.Body
	}
	idx := newWebSourceIndex(d.Sources)
	v := &webDigestView{Sources: d.Sources}
	for i, s := range d.Summary.Sentences {
		v.Sentences = append(v.Sentences, webSentenceView{N: i + 1, Text: s.Text, Keys: idx.Markers(s), Evidence: idx.behind(s, bodies)})
	}
	v.Meta = webDigestMeta(d)
	if d.Comparison != nil {
		v.Cmp = newWebCmpView(idx, d.Comparison)
		v.Table = newWebFactTable(idx, v.Cmp)
	}
	return v
}

// webDigestMeta is "3 sources, 2026-05-01 to 2026-05-02, 96 words".
func webDigestMeta(d news.Digest) string {
	first, last := d.Published()
	meta := webPlural(len(d.Sources), "source", "sources")
	switch {
	case first.IsZero():
	case webDate(first) == webDate(last):
		meta += ", " + webDate(first)
	default:
		meta += ", " + webDate(first) + " to " + webDate(last)
	}
	return meta + ", " + webPlural(d.Summary.Words(), "word", "words")
}

// webSourceIndex is news.SourceIndex with the outlet's name beside each
// key, as the pages show it.
type webSourceIndex struct{ news.SourceIndex }

func newWebSourceIndex(sources []news.Source) webSourceIndex {
	return webSourceIndex{news.NewSourceIndex(sources)}
}

func (x webSourceIndex) outlet(docID string) string {
	if src, ok := x.Source(docID); ok {
		return sourceName(src)
	}
	return docID
}

// behind lists the sentence a summary sentence was taken from (whole,
// before any compression) and the sentences that support it, in source
// order.
func (x webSourceIndex) behind(s news.SummarySentence, bodies map[string]string) []webEvidence {
	own := webSpanText(bodies[s.DocID], s.Span)
	if own == "" {
		own = s.Text
	}
	out := []webEvidence{{Key: x.Key(s.DocID), Outlet: x.outlet(s.DocID), Text: own, Own: true}}
	sup := slices.Clone(s.Support)
	slices.SortStableFunc(sup, func(a, b news.Support) int { return x.Rank(a.DocID) - x.Rank(b.DocID) })
	for _, p := range sup {
		text := p.Text
		if text == "" {
			text = webSpanText(bodies[p.DocID], p.Span)
		}
		if text == "" {
			continue
		}
		out = append(out, webEvidence{Key: x.Key(p.DocID), Outlet: x.outlet(p.DocID), Text: text})
	}
	return out
}

// webSpanText is body[sp.Start:sp.End] when the span fits the body and cuts
// no character in two; "" otherwise (a digest from another version of the
// text must not crash the page).
func webSpanText(body string, sp news.Span) string {
	if sp.Start < 0 || sp.End > len(body) || sp.Start >= sp.End {
		return ""
	}
	t := body[sp.Start:sp.End]
	if !utf8.ValidString(t) {
		return ""
	}
	return strings.TrimSpace(t)
}

// ---- The comparison ----

// webCmpView is a comparison laid out for reading, every excerpt's document
// mapped to its marker.
type webCmpView struct {
	// All are facts every source reports; Several those two or more, but
	// not all, report (only with three sources or more).
	All, Several []webFactView
	Only         []webOnlyView
	Figures      []webFigureView
	Conflicts    int
	// Quotes are the statements that have two versions or more.
	Quotes   []webQuoteView
	Speakers []webSpeakerView
	Names    []webEntityView
	// Voices are the sources the comparison sets side by side (copies
	// left out).
	Voices []news.Source
}

type webFactView struct {
	Text string
	Keys []string
	// Others are the other sources' sentences stating it.
	Others []webEvidence
}

type webOnlyView struct {
	Key, Name string
	Facts     []webFactView
}

type webFigureView struct {
	// Label is what the figure counts, with its unit when that adds
	// something: "cost (dollars)".
	Label  string
	Agree  bool
	Single bool // only one source gives it
	Values []webFigureValueView
}

type webFigureValueView struct {
	Key, Outlet, Text, Hedge, Value string
}

type webQuoteView struct {
	Speaker  string
	Versions []webVersionView
}

type webVersionView struct {
	Key, Outlet, Text string
	// Diff is against the group's first version, empty for the first;
	// Changed tells whether it has any added or missing words.
	Diff    []news.DiffOp
	Changed bool
}

type webSpeakerView struct {
	Name   string
	Quotes []webFactView
}

type webEntityView struct {
	Name, Kind string
	Aliases    []string
	Keys       []string
}

// newWebCmpView lays out c. It follows the command line's digest (what is
// reported by all, by several, only by one; figures with conflicts
// first; quote versions; who said what; names).
func newWebCmpView(x webSourceIndex, c *news.Comparison) *webCmpView {
	v := &webCmpView{}
	for _, s := range x.Sources {
		if s.CopyOf == "" {
			v.Voices = append(v.Voices, s)
		}
	}
	v.addFacts(x, c)
	v.addFigures(x, c.Figures)
	v.addQuotes(x, c.Quotes)
	for _, e := range c.Entities {
		v.Names = append(v.Names, webEntityView{Name: e.Name, Kind: e.Kind, Aliases: e.Aliases, Keys: x.Keys(e.Docs)})
	}
	return v
}

func (x webSourceIndex) fact(f news.Fact) webFactView {
	var ids []string
	var others []webEvidence
	for i, s := range f.Sources {
		ids = append(ids, s.DocID)
		if i > 0 {
			others = append(others, webEvidence{Key: x.Key(s.DocID), Outlet: x.outlet(s.DocID), Text: s.Text})
		}
	}
	text := f.Text
	if text == "" && len(f.Sources) > 0 {
		text = f.Sources[0].Text
	}
	return webFactView{Text: text, Keys: x.Keys(ids), Others: others}
}

// addFacts sorts the shared facts into All and Several, and the
// exclusive ones by the voice that alone reports them.
func (v *webCmpView) addFacts(x webSourceIndex, c *news.Comparison) {
	voices := len(v.Voices)
	for _, f := range c.Shared {
		fv := x.fact(f)
		if len(fv.Keys) >= voices || voices <= 2 {
			v.All = append(v.All, fv)
		} else {
			v.Several = append(v.Several, fv)
		}
	}
	byKey := map[string]int{}
	for _, s := range v.Voices {
		byKey[s.Key] = len(v.Only)
		v.Only = append(v.Only, webOnlyView{Key: s.Key, Name: sourceName(s)})
	}
	for _, f := range c.Exclusives {
		fv := x.fact(f)
		i, ok := 0, false
		if len(fv.Keys) > 0 {
			i, ok = byKey[fv.Keys[0]]
		}
		if !ok {
			i, ok = byKey["?"]
			if !ok {
				i = len(v.Only)
				byKey["?"] = i
				v.Only = append(v.Only, webOnlyView{Key: "?", Name: "an unknown source"})
			}
		}
		v.Only[i].Facts = append(v.Only[i].Facts, fv)
	}
}

// addFigures lays out the figures: conflicts first, then those several
// sources give, then the rest, each in the comparison's order.
func (v *webCmpView) addFigures(x webSourceIndex, figs []news.Figure) {
	for _, g := range news.ReadingOrder(figs) {
		fv := webFigureView{Agree: g.Agree, Label: g.Label(), Single: g.Docs() < 2}
		for _, val := range g.Values {
			fv.Values = append(fv.Values, webFigureValueView{Key: x.Key(val.DocID), Outlet: x.outlet(val.DocID), Text: val.Text, Hedge: val.Hedge, Value: news.FormatValue(val.Value)})
		}
		if !fv.Agree {
			v.Conflicts++
		}
		v.Figures = append(v.Figures, fv)
	}
}

// addQuotes lays out the quote groups twice: as versions side by side
// (groups of two or more) and by speaker, who said the most first.
func (v *webCmpView) addQuotes(x webSourceIndex, groups []news.QuoteGroup) {
	for _, g := range groups {
		if len(g.Versions) >= 2 {
			v.Quotes = append(v.Quotes, webQuoteVersions(x, g.Who(), g.Versions))
		}
	}
	for _, sq := range news.BySpeaker(groups) {
		sp := webSpeakerView{Name: sq.Speaker}
		if sp.Name == "" {
			sp.Name = "Speaker not named"
		}
		for _, g := range sq.Groups {
			var ids []string
			for _, ver := range g.Versions {
				ids = append(ids, ver.DocID)
			}
			sp.Quotes = append(sp.Quotes, webFactView{Text: g.Versions[0].Text, Keys: x.Keys(ids)})
		}
		v.Speakers = append(v.Speakers, sp)
	}
}

func webQuoteVersions(x webSourceIndex, speaker string, vers []news.QuoteVersion) webQuoteView {
	q := webQuoteView{Speaker: speaker}
	for i, ver := range vers {
		vv := webVersionView{Key: x.Key(ver.DocID), Outlet: x.outlet(ver.DocID), Text: ver.Text}
		if i > 0 {
			vv.Diff = ver.Diff
			for _, op := range ver.Diff {
				if op.Op == "+" || op.Op == "-" {
					vv.Changed = true
				}
			}
		}
		q.Versions = append(q.Versions, vv)
	}
	return q
}

// webFactTable is the outlet × fact grid: which outlet reports which fact.
type webFactTable struct {
	Columns []news.Source
	Rows    []webFactRow
}

type webFactRow struct {
	Text string
	// Cells say, column by column, whether that outlet reports the fact.
	Cells []bool
	Count int
}

// newWebFactTable builds the grid from every fact of the comparison, shared
// first; nil when there is no fact.
func newWebFactTable(x webSourceIndex, v *webCmpView) *webFactTable {
	t := &webFactTable{Columns: v.Voices}
	col := make(map[string]int, len(v.Voices))
	for i, s := range v.Voices {
		col[s.Key] = i
	}
	add := func(f webFactView) {
		row := webFactRow{Text: f.Text, Cells: make([]bool, len(t.Columns))}
		for _, k := range f.Keys {
			if i, ok := col[k]; ok && !row.Cells[i] {
				row.Cells[i] = true
				row.Count++
			}
		}
		t.Rows = append(t.Rows, row)
	}
	for _, f := range v.All {
		add(f)
	}
	for _, f := range v.Several {
		add(f)
	}
	for _, o := range v.Only {
		for _, f := range o.Facts {
			add(f)
		}
	}
	if len(t.Rows) == 0 || len(t.Columns) == 0 {
		return nil
	}
	return t
}

// ---- Search ----

// webSearchData is the search page.
type webSearchData struct {
	Query string
	Hits  []webHitView
	// Searched is false when no query was given: the page shows only the
	// form.
	Searched bool
}

type webHitView struct {
	Article store.Article
	Snippet []webSnippetPart
	When    time.Time
}

// webSnippetPart is a run of a snippet, marked when it matched the query.
type webSnippetPart struct {
	Text string
	Mark bool
}

// splitWebSnippet cuts a store snippet at its "\x02" and "\x03" match markers.
// The parts are plain text, for the template to escape; stray markers and
// other control characters are dropped.
func splitWebSnippet(s string) []webSnippetPart {
	var parts []webSnippetPart
	var b strings.Builder
	mark := false
	flush := func() {
		if b.Len() > 0 {
			parts = append(parts, webSnippetPart{Text: b.String(), Mark: mark})
			b.Reset()
		}
	}
	for _, r := range strings.ToValidUTF8(s, "\uFFFD") {
		switch {
		case r == '\x02':
			flush()
			mark = true
		case r == '\x03':
			flush()
			mark = false
		case r == '\n' || r == '\t':
			b.WriteByte(' ')
		case r < 0x20 || r == 0x7f:
		default:
			b.WriteRune(r)
		}
	}
	flush()
	return parts
}

func (s *Server) webSearch(w http.ResponseWriter, r *http.Request) {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	d := webSearchData{Query: q}
	title := "Search"
	if q != "" {
		d.Searched = true
		title = "Search: " + q
		hits, err := s.opt.Store.Search(r.Context(), q, webSearchLimit)
		if err != nil {
			s.webInternalError(w, r, "searching", err)
			return
		}
		for _, h := range hits {
			hv := webHitView{Article: h.Article, Snippet: splitWebSnippet(h.Snippet), When: h.Article.Published}
			if hv.When.IsZero() {
				hv.When = h.Article.Fetched
			}
			d.Hits = append(d.Hits, hv)
		}
	}
	s.renderPage(w, r, http.StatusOK, "search", webPage{Title: title, Nav: "search", Query: q, Data: d})
}

// ---- Feeds ----

// webFeedsData is the feeds page.
type webFeedsData struct {
	Feeds []store.Feed
	// Error is what went wrong with a form, shown above it; URL is the
	// address given, kept in the field to correct it.
	Error    string
	URL      string
	Imported string // the count of the last OPML import, from ?imported=
	ReadOnly bool   // no ingest loop: the forms are not shown
}

func (s *Server) webFeeds(w http.ResponseWriter, r *http.Request) {
	d := webFeedsData{}
	if n, err := strconv.Atoi(r.URL.Query().Get("imported")); err == nil && n >= 0 {
		d.Imported = webPlural(n, "new feed", "new feeds")
	}
	s.showWebFeeds(w, r, http.StatusOK, d)
}

// showWebFeeds renders the feeds page with d's message and status.
func (s *Server) showWebFeeds(w http.ResponseWriter, r *http.Request, status int, d webFeedsData) {
	feeds, err := s.opt.Store.Feeds(r.Context())
	if err != nil {
		s.webInternalError(w, r, "listing the feeds", err)
		return
	}
	d.Feeds = feeds
	d.ReadOnly = s.opt.Desk == nil
	s.renderPage(w, r, status, "feeds", webPage{Title: "Feeds", Nav: "feeds", Data: d})
}

// webTokenOK tells whether the form carries the desk's token (always, when
// none is set). Both sides are hashed before the constant-time compare, so
// that not even the token's length shows in the timing.
func (s *Server) webTokenOK(r *http.Request) bool {
	if s.opt.Token == "" {
		return true
	}
	got := sha256.Sum256([]byte(r.FormValue("token")))
	want := sha256.Sum256([]byte(s.opt.Token))
	return subtle.ConstantTimeCompare(got[:], want[:]) == 1
}

// webWritable checks what every form that writes needs: an ingest loop and,
// when one is set, the token. It writes the error page and says false
// when the request must stop.
func (s *Server) webWritable(w http.ResponseWriter, r *http.Request) bool {
	if !s.webTokenOK(r) {
		msg := "This desk needs its token to change the feeds, and the token given is wrong."
		if r.FormValue("token") == "" {
			msg = "This desk needs its token to change the feeds: fill in the token field of the form."
		}
		s.renderErrorPage(w, r, http.StatusUnauthorized, msg)
		return false
	}
	if s.opt.Desk == nil {
		s.renderErrorPage(w, r, http.StatusServiceUnavailable, "The feeds cannot be changed: this desk runs without its ingest loop.")
		return false
	}
	return true
}

// parseWebForm reads a small url-encoded form, bounded.
func (s *Server) parseWebForm(w http.ResponseWriter, r *http.Request) bool {
	r.Body = http.MaxBytesReader(w, r.Body, webMaxFormBytes)
	if err := r.ParseForm(); err != nil {
		s.renderErrorPage(w, r, http.StatusBadRequest, "The form could not be read.")
		return false
	}
	return true
}

// webFeedURL checks that a feed address is an absolute http or https URL.
func webFeedURL(raw string) (string, error) {
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return "", errors.New("give the address of a feed")
	}
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return "", errors.New("the address of a feed starts with http:// or https://")
	}
	return u.String(), nil
}

func (s *Server) webAddFeed(w http.ResponseWriter, r *http.Request) {
	if !s.parseWebForm(w, r) || !s.webWritable(w, r) {
		return
	}
	raw := r.PostFormValue("url")
	u, err := webFeedURL(raw)
	if err != nil {
		s.showWebFeeds(w, r, http.StatusBadRequest, webFeedsData{Error: "Cannot add the feed: " + err.Error() + ".", URL: raw})
		return
	}
	if _, err := s.opt.Desk.AddFeed(r.Context(), u); err != nil {
		status, msg := http.StatusBadRequest, "Cannot add the feed: "+err.Error()
		if errors.Is(err, store.ErrExists) {
			status, msg = http.StatusConflict, "This desk already follows that feed."
		}
		s.log.Warn("web: adding a feed", "url", u, "err", err)
		s.showWebFeeds(w, r, status, webFeedsData{Error: msg, URL: raw})
		return
	}
	http.Redirect(w, r, "/feeds", http.StatusSeeOther)
}

func (s *Server) webRemoveFeed(w http.ResponseWriter, r *http.Request) {
	if !s.parseWebForm(w, r) || !s.webWritable(w, r) {
		return
	}
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		s.renderErrorPage(w, r, http.StatusNotFound, "There is no feed with this ID.")
		return
	}
	err = s.opt.Desk.RemoveFeed(r.Context(), id)
	if errors.Is(err, store.ErrNotFound) {
		s.renderErrorPage(w, r, http.StatusNotFound, "There is no feed with this ID; it may have been removed already.")
		return
	}
	if err != nil {
		s.webInternalError(w, r, "removing the feed", err)
		return
	}
	http.Redirect(w, r, "/feeds", http.StatusSeeOther)
}

func (s *Server) webImportOPML(w http.ResponseWriter, r *http.Request) {
	r.Body = http.MaxBytesReader(w, r.Body, webMaxOPMLBytes)
	if err := r.ParseMultipartForm(1 << 20); err != nil {
		s.renderErrorPage(w, r, http.StatusBadRequest, "The upload could not be read: send an OPML file of at most 5 MB with the form.")
		return
	}
	defer r.MultipartForm.RemoveAll()
	if !s.webWritable(w, r) {
		return
	}
	f, _, err := r.FormFile("opml")
	if err != nil {
		s.showWebFeeds(w, r, http.StatusBadRequest, webFeedsData{Error: "Cannot import: choose an OPML file to upload."})
		return
	}
	defer f.Close()
	n, err := s.opt.Desk.ImportOPML(r.Context(), f)
	if err != nil {
		s.log.Warn("web: importing OPML", "err", err)
		s.showWebFeeds(w, r, http.StatusBadRequest, webFeedsData{Error: "Cannot import the OPML file: " + err.Error()})
		return
	}
	http.Redirect(w, r, "/feeds?imported="+strconv.Itoa(n), http.StatusSeeOther)
}
