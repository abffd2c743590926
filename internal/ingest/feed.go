package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/url"
	"sort"
	"strings"
	"time"

	"github.com/mmcdole/gofeed"
	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"

	"github.com/parallaxnews/parallax/internal/news"
)

// Values of news.Article.TextSource for articles read from feeds.
const (
	TextFromFeed = "feed" // the item's own content or description
	TextFromPage = "page" // the linked page, fetched because the item was truncated
)

// FeedOptions control how a feed's items become articles. The zero value
// reads the items' own text and fetches nothing.
type FeedOptions struct {
	// Fetch, when set, is called with an item's link when the item's text
	// is truncated (see [Truncated]); a fetched article with a body longer
	// than the feed's text replaces it. Failures fall back to the feed text
	// and are reported as errors beside the articles.
	Fetch func(ctx context.Context, url string) (news.Article, error)
	// MinWords is the length below which an item's text counts as
	// truncated; 0 means 60 words.
	MinWords int
	// KeepChrome leaves page chrome (such as "The post … appeared first
	// on …") in the bodies.
	KeepChrome bool
	// Skip, when set, drops the items it returns true for (by their ID and
	// URL, say) before any page is fetched: a poller leaves out the items
	// it already has.
	Skip func(news.Article) bool
}

// MaxFeedSize bounds the bytes ReadFeed reads from one feed.
const MaxFeedSize = 64 << 20

// ReadFeed reads an RSS (0.9x, 1.0, 2.0), Atom or JSON Feed document from r
// and returns one article per item, in feed order. name labels the feed in
// errors and in each article's Origin ("name#3" for the third item).
//
// An item's ID is its GUID (or JSON Feed id), else its link, else
// name#index; its Outlet is the feed's title; its Body is the item's full
// content (content:encoded, Atom content, JSON content_html/content_text)
// or else its description, with HTML reduced to paragraphs. TextSource says
// whether the body came from the feed or from the page fetched with
// opt.Fetch.
//
// A document that is not a feed or not well-formed returns no articles and
// one [*Error] saying so; an item without text is reported and skipped.
func ReadFeed(ctx context.Context, r io.Reader, name string, opt FeedOptions) ([]news.Article, []error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxFeedSize+1))
	if err != nil {
		return nil, []error{&Error{Path: name, Err: err}}
	}
	if len(b) > MaxFeedSize {
		return nil, []error{&Error{Path: name, Err: fmt.Errorf("feed larger than %d MB", MaxFeedSize>>20)}}
	}
	feed, err := parseFeed(b)
	if err != nil {
		return nil, []error{&Error{Path: name, Err: err}}
	}
	return feedArticles(ctx, feed, name, opt)
}

// IsFeed reports whether b starts like an RSS, RDF or Atom document or a
// JSON Feed.
func IsFeed(b []byte) bool {
	head := b[:min(len(b), 4096)]
	switch gofeed.DetectFeedType(bytes.NewReader(head)) {
	case gofeed.FeedTypeAtom, gofeed.FeedTypeRSS:
		return true
	case gofeed.FeedTypeJSON:
		return bytes.Contains(head, []byte("jsonfeed.org/version"))
	}
	return false
}

// parseFeed parses b with gofeed, turning its failures (and any panic in
// it) into errors that say what is wrong.
func parseFeed(b []byte) (feed *gofeed.Feed, err error) {
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, ErrEmptyFile
	}
	if isBinary(b) && !bytes.HasPrefix(b, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(b, []byte{0xFE, 0xFF}) {
		return nil, ErrBinary
	}
	defer func() {
		if p := recover(); p != nil {
			feed, err = nil, fmt.Errorf("%w feed: %v", ErrMalformed, p)
		}
	}()
	kind := gofeed.DetectFeedType(bytes.NewReader(b[:min(len(b), 4096)]))
	feed, err = gofeed.NewParser().Parse(bytes.NewReader(b))
	if err != nil {
		switch {
		case errors.Is(err, gofeed.ErrFeedTypeNotDetected):
			return nil, fmt.Errorf("%w: not an RSS, Atom or JSON feed", ErrUnsupported)
		case kind == gofeed.FeedTypeJSON:
			return nil, fmt.Errorf("%w JSON feed: %w", ErrMalformed, err)
		}
		return nil, fmt.Errorf("%w XML feed: %w", ErrMalformed, err)
	}
	return feed, nil
}

func feedArticles(ctx context.Context, feed *gofeed.Feed, name string, opt FeedOptions) ([]news.Article, []error) {
	minWords := opt.MinWords
	if minWords <= 0 {
		minWords = 60
	}
	outlet := strings.TrimSpace(htmlText(feed.Title))
	type item struct {
		a     news.Article
		words int
		trunc bool
	}
	var (
		items []item
		errs  []error
	)
	for i, it := range feed.Items {
		if it == nil {
			continue
		}
		origin := fmt.Sprintf("%s#%d", name, i+1)
		a := news.Article{
			ID:         strings.TrimSpace(it.GUID),
			URL:        resolveLink(feed.Link, itemLink(it)),
			Outlet:     outlet,
			Title:      collapseSpaces(htmlText(it.Title)),
			Origin:     origin,
			TextSource: TextFromFeed,
		}
		if a.ID == "" {
			a.ID = a.URL
		}
		if a.ID == "" {
			a.ID = origin
		}
		var authors []string
		for _, p := range it.Authors {
			if p != nil && strings.TrimSpace(p.Name) != "" {
				authors = append(authors, strings.TrimSpace(p.Name))
			}
		}
		a.Byline = strings.Join(authors, ", ")
		switch {
		case it.PublishedParsed != nil:
			a.Published = it.PublishedParsed.UTC()
		case it.UpdatedParsed != nil:
			a.Published = it.UpdatedParsed.UTC()
		}
		raw, full := it.Content, true
		if strings.TrimSpace(htmlText(raw)) == "" {
			raw, full = it.Description, false
		}
		text := htmlText(raw)
		if strings.TrimSpace(text) == "" {
			errs = append(errs, &Error{Path: origin, Field: "description", Err: ErrEmpty})
			continue
		}
		if err := finish(&a, text, Options{KeepChrome: opt.KeepChrome}, textSource{}); err != nil {
			errs = append(errs, &Error{Path: origin, Err: err})
			continue
		}
		a.Published = notAfter(a.Published, time.Now())
		a.Body = trimMoreLink(a.Body)
		w := news.CountWords(a.Body)
		// Full content is the whole article unless it says otherwise.
		trunc := Truncated(text, w, minWords)
		if full {
			trunc = endsCut(text)
		}
		items = append(items, item{a: a, words: w, trunc: trunc})
	}
	// An item much shorter than the feed's typical item is cut too.
	if len(items) >= 3 {
		ws := make([]int, len(items))
		for i, it := range items {
			ws[i] = it.words
		}
		sort.Ints(ws)
		median := ws[len(ws)/2]
		for i := range items {
			if median >= 4*minWords && items[i].words*4 < median {
				items[i].trunc = true
			}
		}
	}
	arts := make([]news.Article, 0, len(items))
	skipped := 0
	for _, it := range items {
		a := it.a
		if opt.Skip != nil && opt.Skip(a) {
			skipped++
			continue
		}
		if it.trunc && opt.Fetch != nil && a.URL != "" && ctx.Err() == nil {
			page, err := opt.Fetch(ctx, a.URL)
			switch {
			case err != nil:
				errs = append(errs, &Error{Path: a.Origin, Field: "link", Err: fmt.Errorf("fetch %s: %w (kept the feed text)", a.URL, err)})
			case news.CountWords(page.Body) <= it.words:
				errs = append(errs, &Error{Path: a.Origin, Field: "link", Err: fmt.Errorf("fetch %s: page text no longer than the feed's (kept the feed text)", a.URL)})
			default:
				a.Body, a.Chrome, a.TextSource = page.Body, page.Chrome, TextFromPage
				if a.Byline == "" {
					a.Byline = page.Byline
				}
				if a.Published.IsZero() {
					a.Published = page.Published
				}
				if a.Dateline == "" {
					a.Dateline = page.Dateline
				}
			}
		}
		arts = append(arts, a)
	}
	if err := ctx.Err(); err != nil {
		errs = append(errs, err)
	}
	if len(arts) == 0 && len(errs) == 0 && skipped == 0 {
		errs = append(errs, &Error{Path: name, Err: fmt.Errorf("%w: a feed without items", ErrEmpty)})
	}
	return arts, errs
}

// notAfter drops a date later than a day after now: a feed's clock is
// wrong, not the article from the future.
func notAfter(t, now time.Time) time.Time {
	if t.After(now.Add(24 * time.Hour)) {
		return time.Time{}
	}
	return t
}

func itemLink(it *gofeed.Item) string {
	if l := strings.TrimSpace(it.Link); l != "" {
		return l
	}
	for _, l := range it.Links {
		if l = strings.TrimSpace(l); l != "" {
			return l
		}
	}
	if g := strings.TrimSpace(it.GUID); strings.HasPrefix(g, "http://") || strings.HasPrefix(g, "https://") {
		return g
	}
	return ""
}

// resolveLink makes an item's link absolute against the feed's site
// link; a link that cannot be resolved is kept as it is.
func resolveLink(base, link string) string {
	if link == "" || strings.HasPrefix(link, "http://") || strings.HasPrefix(link, "https://") {
		return link
	}
	b, err := url.Parse(strings.TrimSpace(base))
	if err != nil || !b.IsAbs() {
		return link
	}
	l, err := url.Parse(link)
	if err != nil {
		return link
	}
	return b.ResolveReference(l).String()
}

// truncMarks end an item's text when the feed cut it short.
var truncMarks = []string{"…", "...", "[…]", "[...]", "read more", "continue reading", "read the full story",
	"read full article", "read the rest", "more »", "more>>", "(more)", "[more]"}

// Truncated reports whether an item's text, of words words, looks cut
// short: it ends with an ellipsis or a "Read more" link, or it is shorter
// than minWords.
func Truncated(text string, words, minWords int) bool {
	return endsCut(text) || words < minWords
}

// endsCut reports whether text ends with an ellipsis or a "Read more" link.
func endsCut(text string) bool {
	t := strings.TrimRight(strings.ToLower(strings.TrimSpace(text)), " \t\n»›→>:")
	bare := strings.TrimRight(t, ". ")
	for _, m := range truncMarks {
		if strings.HasSuffix(t, m) || strings.HasSuffix(bare, m) {
			return true
		}
	}
	return false
}

// moreLinks are the links to the full text that end truncated items; they
// are not the article's words.
var moreLinks = []string{"[…]", "[...]", "read more", "continue reading", "read the full story",
	"read full article", "read the rest", "more »", "more>>", "(more)", "[more]"}

// trimMoreLink drops a "Read more" link or "[…]" that ends body, keeping a
// plain ellipsis, which may be the writer's.
func trimMoreLink(body string) string {
	t := strings.TrimRight(body, " \t\n»›→>:.")
	lower := asciiLower(t)
	for _, m := range moreLinks {
		if strings.HasSuffix(lower, m) {
			if rest := strings.TrimRight(t[:len(t)-len(m)], " \t\n"); rest != "" {
				return rest
			}
		}
	}
	return body
}

// blockTags break paragraphs in feed HTML.
var blockTags = map[atom.Atom]bool{
	atom.P: true, atom.Div: true, atom.Br: true, atom.Li: true, atom.Ul: true, atom.Ol: true,
	atom.H1: true, atom.H2: true, atom.H3: true, atom.H4: true, atom.H5: true, atom.H6: true,
	atom.Blockquote: true, atom.Pre: true, atom.Table: true, atom.Tr: true, atom.Section: true,
	atom.Article: true, atom.Header: true, atom.Footer: true, atom.Figure: true, atom.Figcaption: true,
	atom.Hr: true, atom.Dd: true, atom.Dt: true,
}

// skipTags hold no article text.
var skipTags = map[atom.Atom]bool{
	atom.Script: true, atom.Style: true, atom.Noscript: true, atom.Iframe: true, atom.Svg: true,
	atom.Object: true, atom.Template: true, atom.Button: true, atom.Form: true,
}

// htmlText reduces an HTML fragment (or plain text) to text: entities
// decoded, tags dropped, block elements and blank lines as paragraph
// breaks, spaces collapsed within a paragraph.
func htmlText(s string) string {
	if !strings.ContainsAny(s, "<&") {
		return paragraphs(s)
	}
	z := html.NewTokenizer(strings.NewReader(s))
	var b strings.Builder
	skip := 0
	for {
		switch z.Next() {
		case html.ErrorToken:
			return paragraphs(b.String())
		case html.TextToken:
			if skip == 0 {
				b.Write(z.Text())
			}
		case html.StartTagToken, html.SelfClosingTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipTags[a] && z.Token().Type == html.StartTagToken {
				skip++
			}
			if blockTags[a] {
				b.WriteString("\n\n")
			}
		case html.EndTagToken:
			name, _ := z.TagName()
			a := atom.Lookup(name)
			if skipTags[a] && skip > 0 {
				skip--
			}
			if blockTags[a] {
				b.WriteString("\n\n")
			}
		}
	}
}

// paragraphs normalizes text and lays it out as paragraphs separated by
// blank lines, with the spaces inside each collapsed.
func paragraphs(s string) string {
	s = normalize(s)
	var out []string
	for _, p := range strings.Split(s, "\n\n") {
		if p = collapseSpaces(strings.Join(strings.Fields(p), " ")); p != "" {
			out = append(out, p)
		}
	}
	return strings.Join(out, "\n\n")
}

// readFeed reads a feed file for ReadPaths; truncated items are fetched
// with opt.Fetch when it is set.
func (r *pathReader) readFeed(b []byte, name, idBase string) {
	arts, errs := ReadFeed(r.ctx, bytes.NewReader(b), name, FeedOptions{Fetch: r.opt.Fetch, KeepChrome: r.opt.KeepChrome})
	r.errs = append(r.errs, errs...)
	for _, a := range arts {
		r.add(a)
	}
}

// readOPML reports an OPML subscription list given to ReadPaths: its feeds
// are addresses to fetch, not articles.
func (r *pathReader) readOPML(b []byte, name string) {
	subs, err := ReadOPML(bytes.NewReader(b), name)
	if err != nil {
		r.errs = append(r.errs, err)
		return
	}
	r.fail(name, 0, "", fmt.Errorf("%w: an OPML list of %d feeds; give the feeds' URLs instead", ErrUnsupported, len(subs)))
}
