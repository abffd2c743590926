package ingest

import (
	"bytes"
	"compress/gzip"
	"errors"
	"fmt"
	"io"
	"net/url"
	"regexp"
	"strings"
	"time"
	"unicode/utf8"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
	"golang.org/x/net/html/charset"
	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/unicode"

	"github.com/parallaxnews/parallax/internal/news"
)

// ErrNotArticle says that a page has no main content to read as an article
// (a home page, a list of links, an error page). Its text starts with the
// status name "not_an_article".
var ErrNotArticle = errors.New("not_an_article: the page has no main content")

// A page whose main content is shorter than minArticleWords words and
// minArticleRunes characters (for languages written without spaces) is not
// an article.
const (
	minArticleWords = 12
	minArticleRunes = 60
)

// ErrEncoding says that a page's bytes cannot be decoded as text.
var ErrEncoding = errors.New("invalid text encoding")

// HTMLOptions control how [ReadHTML] reads a page. The zero value reads a
// saved page with the chrome filter on.
type HTMLOptions struct {
	// URL is the page's address, when known (a fetched page): it gives the
	// domain, resolves a relative canonical link and is the last source of
	// a date.
	URL string
	// ContentType is the HTTP Content-Type header, whose charset comes
	// after a byte order mark and before <meta charset>.
	ContentType string
	// Now bounds dates: none after it is kept. Zero means time.Now().
	Now time.Time
	// KeepChrome leaves the text as the extractor gives it, without our
	// chrome filter.
	KeepChrome bool
	// Fast skips go-trafilatura's fallback extractors (readability and
	// DOM distiller) and the Readability second opinion: about twice as
	// fast, slightly less accurate.
	Fast bool
}

// ReadHTML reads one HTML page as an article. name names the page in
// errors (a file name or URL). The bytes are decoded (byte order mark, the
// Content-Type charset, UTF-8 when valid, <meta charset>, then sniffing),
// the main content is extracted with go-trafilatura, its paragraphs kept
// apart by blank lines and checked against Readability's (see
// mergeSecondOpinion), and the chrome filter ([StripChrome]) runs on top.
// Metadata comes from JSON-LD, then meta tags, then <time> elements, then
// the URL: see [news.Article].
//
// A page without main content gives an error wrapping [ErrNotArticle];
// every error is an [*Error] naming the page.
func ReadHTML(b []byte, name string, opt HTMLOptions) (news.Article, error) {
	a, err := readHTML(b, name, opt)
	if err != nil {
		return news.Article{}, &Error{Path: name, Err: err}
	}
	return a, nil
}

func readHTML(b []byte, name string, opt HTMLOptions) (news.Article, error) {
	text, err := decodeHTML(b, opt.ContentType)
	if err != nil {
		return news.Article{}, err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return news.Article{}, fmt.Errorf("parsing HTML: %w", err)
	}
	now := opt.Now
	if now.IsZero() {
		now = time.Now()
	}
	pageURL, _ := url.Parse(opt.URL)
	if pageURL != nil && pageURL.Host == "" {
		pageURL = nil
	}
	meta := readPageMeta(doc, pageURL, now)

	topt := trafilatura.Options{
		EnableFallback:  !opt.Fast,
		ExcludeComments: true,
		IncludeLinks:    false,
		HtmlDateMode:    trafilatura.Disabled,
	}
	if pageURL != nil {
		topt.OriginalURL = pageURL
	}
	res, err := extractSafely(doc, topt)
	if err != nil || res == nil || res.ContentNode == nil {
		return news.Article{}, ErrNotArticle
	}
	body := renderParagraphs(res.ContentNode)
	if len(strings.Fields(body)) < minArticleWords && utf8.RuneCountInString(body) < minArticleRunes {
		return news.Article{}, ErrNotArticle
	}
	if mostlyLinks(doc, body) {
		return news.Article{}, ErrNotArticle
	}
	meta.fill(res.Metadata, now)

	a := news.Article{
		ID:        "",
		URL:       meta.url,
		Outlet:    meta.outlet,
		Title:     meta.title,
		Authors:   meta.authors,
		Byline:    strings.Join(meta.authors, ", "),
		Published: meta.published,
		Modified:  meta.modified,
		Language:  meta.language,
		Canonical: meta.canonical,
		Domain:    meta.domain,
		Origin:    name,
	}
	body = dropTitleParagraph(body, a.Title)
	if !opt.Fast {
		body = mergeSecondOpinion(body, readabilityParagraphs(text, pageURL), opt.KeepChrome)
	}
	if !opt.KeepChrome {
		body = pruneParagraphs(doc, body)
	}
	if err := finish(&a, body, Options{KeepChrome: opt.KeepChrome}, textSource{}); err != nil {
		if errors.Is(err, ErrEmpty) {
			return news.Article{}, ErrNotArticle
		}
		return news.Article{}, err
	}
	return a, nil
}

// extractSafely runs go-trafilatura, turning a panic on hostile markup
// into an error.
func extractSafely(doc *html.Node, opt trafilatura.Options) (res *trafilatura.ExtractResult, err error) {
	defer func() {
		if p := recover(); p != nil {
			res, err = nil, fmt.Errorf("extractor failed: %v", p)
		}
	}()
	return trafilatura.ExtractDocument(doc, opt)
}

// ExtractLibraryText is go-trafilatura's own text for a page, without our
// rendering, metadata or chrome filter: the baseline that evaluations set
// our reader against.
func ExtractLibraryText(b []byte, fast bool) (string, error) {
	text, err := decodeHTML(b, "")
	if err != nil {
		return "", err
	}
	doc, err := html.Parse(strings.NewReader(text))
	if err != nil {
		return "", err
	}
	res, err := extractSafely(doc, trafilatura.Options{EnableFallback: !fast, ExcludeComments: true, HtmlDateMode: trafilatura.Disabled})
	if err != nil || res == nil {
		return "", ErrNotArticle
	}
	return res.ContentText, nil
}

// dropTitleParagraph removes a first paragraph that repeats the title.
func dropTitleParagraph(body, title string) string {
	if title == "" {
		return body
	}
	first, rest, _ := strings.Cut(body, "\n\n")
	if strings.EqualFold(collapseSpaces(strings.TrimSpace(first)), collapseSpaces(strings.TrimSpace(title))) && strings.TrimSpace(rest) != "" {
		return rest
	}
	return body
}

// decodeHTML turns a page's bytes into UTF-8 text.
func decodeHTML(b []byte, contentType string) (string, error) {
	if len(b) == 0 {
		return "", ErrEmptyFile
	}
	// A byte order mark is decisive.
	switch {
	case bytes.HasPrefix(b, []byte{0xEF, 0xBB, 0xBF}):
		return cleanDecoded(string(b[3:]))
	case bytes.HasPrefix(b, []byte{0xFF, 0xFE}), bytes.HasPrefix(b, []byte{0xFE, 0xFF}):
		s, err := Decode(b)
		if err != nil {
			return "", err
		}
		return cleanDecoded(s)
	}
	if isBinary(b[:min(len(b), 4096)]) {
		return "", ErrBinary
	}
	var enc encoding.Encoding
	if _, params, ok := strings.Cut(contentType, ";"); ok {
		if i := strings.Index(strings.ToLower(params), "charset="); i >= 0 {
			label := strings.Trim(strings.TrimSpace(params[i+len("charset="):]), `"'`)
			if j := strings.IndexAny(label, "; "); j >= 0 {
				label = label[:j]
			}
			enc, _ = charset.Lookup(label)
		}
	}
	if enc == nil && utf8.Valid(b) {
		return cleanDecoded(string(b))
	}
	if enc == nil {
		if label := metaCharset(b); label != "" {
			if e, name := charset.Lookup(label); e != nil && name != "utf-8" {
				enc = e
			}
		}
	}
	if enc == nil {
		enc, _, _ = charset.DetermineEncoding(b, "")
	}
	if enc == unicode.UTF8 {
		return cleanDecoded(string(bytes.ToValidUTF8(b, []byte("\uFFFD"))))
	}
	out, err := enc.NewDecoder().Bytes(b)
	if err != nil {
		return "", fmt.Errorf("%w: %v", ErrEncoding, err)
	}
	return cleanDecoded(string(out))
}

// cleanDecoded drops NUL bytes and refuses text that is mostly
// replacement characters.
func cleanDecoded(s string) (string, error) {
	s = strings.ReplaceAll(s, "\x00", "")
	if n := strings.Count(s, "\uFFFD"); n > 64 && n > utf8.RuneCountInString(s)/20 {
		return "", fmt.Errorf("%w: %d undecodable characters", ErrEncoding, n)
	}
	return s, nil
}

var metaCharsetRe = regexp.MustCompile(`(?i)<meta[^>]+charset\s*=\s*["']?\s*([a-zA-Z0-9_:.\-]+)`)

// metaCharset finds the charset a <meta> element declares in the page's
// first 32 KB (further than the 1024 bytes of the HTML standard's prescan:
// saved pages often have long heads).
func metaCharset(b []byte) string {
	m := metaCharsetRe.FindSubmatch(b[:min(len(b), 32<<10)])
	if m == nil {
		return ""
	}
	return string(m[1])
}

// paraTags are the elements that start a paragraph of their own in the
// extracted content.
var paraTags = set("p", "div", "section", "article", "main", "header", "footer", "aside", "blockquote", "quote",
	"pre", "code", "h1", "h2", "h3", "h4", "h5", "h6", "head", "ul", "ol", "list", "li", "item", "dl", "dt", "dd",
	"table", "thead", "tbody", "tfoot", "tr", "row", "figure", "figcaption", "address", "details", "summary",
	"br", "lb", "hr", "form", "fieldset", "nav", "center", "caption")

// renderParagraphs writes the text of the extracted content as paragraphs
// separated by blank lines: each block element (paragraph, heading, list
// item, quote, table row, line break) is its own paragraph, table cells are
// separated by a space.
func renderParagraphs(root *html.Node) string {
	var paras []string
	var cur strings.Builder
	flush := func() {
		if t := collapseSpaces(strings.TrimSpace(cur.String())); t != "" {
			paras = append(paras, t)
		}
		cur.Reset()
	}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		switch n.Type {
		case html.TextNode:
			cur.WriteString(n.Data)
			return
		case html.ElementNode:
			switch n.Data {
			case "script", "style", "noscript", "template":
				return
			case "td", "th", "cell":
				cur.WriteByte(' ')
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				cur.WriteByte(' ')
				return
			}
			if paraTags[n.Data] {
				flush()
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					walk(c)
				}
				flush()
				return
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(root)
	flush()
	return strings.Join(paras, "\n\n")
}

// isHTMLName tells whether a file name is a saved page: .html, .htm,
// .xhtml, possibly gzipped.
func isHTMLName(name string) bool {
	l := strings.ToLower(name)
	l = strings.TrimSuffix(l, ".gz")
	return strings.HasSuffix(l, ".html") || strings.HasSuffix(l, ".htm") || strings.HasSuffix(l, ".xhtml")
}

// readHTMLFile reads the page b (already gunzipped) for ReadPaths.
func (r *pathReader) readHTMLFile(b []byte, name, idBase string) {
	a, err := readHTML(b, name, HTMLOptions{KeepChrome: r.opt.KeepChrome})
	if err != nil {
		r.fail(name, 0, "", err)
		return
	}
	a.ID = strings.TrimSuffix(strings.TrimSuffix(idBase, ".html"), ".htm")
	r.add(a)
}

// maxHTMLSize bounds a gunzipped page, against zip bombs.
const maxHTMLSize = 64 << 20

// readGzipHTML reads a gzipped saved page.
func (r *pathReader) readGzipHTML(rd io.Reader, name, idBase string) {
	b, err := gunzipHTML(rd)
	if err != nil {
		r.fail(name, 0, "", err)
		return
	}
	r.readHTMLFile(b, name, idBase)
}

// gunzipHTML decompresses a gzipped page of at most maxHTMLSize bytes.
func gunzipHTML(rd io.Reader) ([]byte, error) {
	zr, err := gzip.NewReader(rd)
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	defer zr.Close()
	b, err := io.ReadAll(io.LimitReader(zr, maxHTMLSize+1))
	if err != nil {
		return nil, fmt.Errorf("gzip: %w", err)
	}
	if len(b) > maxHTMLSize {
		return nil, fmt.Errorf("page larger than %d MB once decompressed", maxHTMLSize>>20)
	}
	return b, nil
}

// mostlyLinks tells whether a short extracted text is mostly the text of
// the page's links: a home page or an index, whose "content" is headlines.
func mostlyLinks(doc *html.Node, body string) bool {
	if len(strings.Fields(body)) >= 150 {
		return false
	}
	var anchors []string
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			if t := collapseSpaces(nodeText(n)); t != "" {
				anchors = append(anchors, t)
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	flat := collapseSpaces(strings.Join(strings.Fields(body), " "))
	linked := 0
	for _, a := range anchors {
		if strings.Contains(flat, a) {
			linked += len(a)
		}
	}
	return linked*10 > len(flat)*6
}

func htmlParse(text string) (*html.Node, error) { return html.Parse(strings.NewReader(text)) }

// parseURL parses an absolute URL; nil for anything else.
func parseURL(s string) *url.URL {
	u, err := url.Parse(s)
	if err != nil || u.Host == "" {
		return nil
	}
	return u
}

// pruneParagraphs drops paragraphs of the extracted text that are the whole
// text of one of the page's links, short and not ending a sentence: a
// "read more" teaser, a tag, a related headline that extraction let
// through. (Dropping short unpunctuated lines at the end of the text as
// well, the headings of "related" boxes, cost more recall than it gained
// precision on trafilatura's evaluation set.)
func pruneParagraphs(doc *html.Node, body string) string {
	paras := strings.Split(body, "\n\n")
	if len(paras) < 3 {
		return body
	}
	anchors := map[string]bool{}
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode && n.Data == "a" {
			if t := collapseSpaces(nodeText(n)); t != "" {
				anchors[t] = true
			}
			return
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	keep := paras[:0]
	for _, p := range paras {
		if anchors[p] && len(strings.Fields(p)) <= 12 && !terminal(p) {
			continue
		}
		keep = append(keep, p)
	}
	return strings.Join(keep, "\n\n")
}
