// Package reader turns URLs into articles: it fetches with internal/fetch
// (politely, bounded, with a status for every request) and reads what
// comes back with internal/ingest, a page as its article and a feed as its
// items. The command line and the ingest loop of "parallax serve" share
// it.
package reader

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"slices"
	"strings"

	"github.com/parallaxnews/parallax/internal/fetch"
	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
)

// FeedTypes are the media types of feeds: a URL that serves one is read
// as a feed, an article an item.
var FeedTypes = []string{"application/rss+xml", "application/atom+xml", "application/feed+json",
	"application/xml", "text/xml", "application/json"}

// PageTypes are the media types read as one article.
var PageTypes = []string{"text/html", "application/xhtml+xml", "text/plain"}

// Reader reads URLs.
type Reader struct {
	client     *fetch.Client
	keepChrome bool
}

// New returns a Reader with its own fetch.Client. Unless opt.Types is set,
// it accepts pages and feeds.
func New(opt fetch.Options, keepChrome bool) *Reader {
	if opt.Types == nil {
		opt.Types = append(slices.Clone(PageTypes), FeedTypes...)
	}
	return &Reader{client: fetch.New(opt), keepChrome: keepChrome}
}

// Article fetches and reads the page at u. A feed is an error: a page was
// expected. Its signature fits ingest.Options.Fetch.
func (rd *Reader) Article(ctx context.Context, u string) (news.Article, error) {
	r := rd.client.Get(ctx, u)
	if err := r.AsError(); err != nil {
		return news.Article{}, err
	}
	if slices.Contains(FeedTypes, r.ContentType) {
		return news.Article{}, &ingest.Error{Path: u, Err: fmt.Errorf("a feed, not a page (parallax ingest reads feeds from URLs): %w", ingest.ErrUnsupported)}
	}
	return rd.read(r, u)
}

// Articles fetches u and reads it: a feed gives its items (a truncated
// item's page fetched in turn), a page its article.
func (rd *Reader) Articles(ctx context.Context, u string) ([]news.Article, []error) {
	r := rd.client.Get(ctx, u)
	if err := r.AsError(); err != nil {
		return nil, []error{err}
	}
	if slices.Contains(FeedTypes, r.ContentType) {
		// The feed's own bytes: its XML declaration names its encoding.
		return ingest.ReadFeed(ctx, bytes.NewReader(r.Body), u, ingest.FeedOptions{Fetch: rd.Article, KeepChrome: rd.keepChrome})
	}
	a, err := rd.read(r, u)
	if err != nil {
		return nil, []error{err}
	}
	return []news.Article{a}, nil
}

// Feed fetches the feed at u and reads its items, leaving out those skip
// returns true for (nil: none) before fetching the pages of truncated
// items. The error of a feed that cannot be fetched or read comes first
// in the errors, with no articles.
func (rd *Reader) Feed(ctx context.Context, u string, skip func(news.Article) bool) ([]news.Article, []error) {
	r := rd.client.Get(ctx, u)
	if err := r.AsError(); err != nil {
		return nil, []error{err}
	}
	return ingest.ReadFeed(ctx, bytes.NewReader(r.Body), u, ingest.FeedOptions{Fetch: rd.Article, KeepChrome: rd.keepChrome, Skip: skip})
}

// read turns a fetched page into its article.
func (rd *Reader) read(r *fetch.Result, u string) (news.Article, error) {
	var a news.Article
	if r.ContentType == "text/plain" {
		a = news.Article{Body: strings.TrimSpace(r.Text)}
		if a.Body == "" {
			return news.Article{}, &ingest.Error{Path: u, Err: ingest.ErrEmpty}
		}
	} else {
		// fetch has decoded the page (BOM, header, meta, sniffing); it is
		// handed on as UTF-8.
		var err error
		a, err = ingest.ReadHTML([]byte(r.Text), u, ingest.HTMLOptions{URL: r.FinalURL, ContentType: "text/html; charset=utf-8", KeepChrome: rd.keepChrome})
		if err != nil {
			return news.Article{}, err
		}
	}
	if a.URL == "" {
		a.URL = r.FinalURL
	}
	if a.ID == "" {
		a.ID = ingest.URLID(a.URL)
	}
	a.Origin = u
	return a, nil
}

// Status names the kind of a failure as the status field of parallax
// ingest and of a feed in parallax serve do: "http_404", "timeout",
// "not_an_article", "malformed", … and "error" for anything else.
func Status(err error) string {
	var fe *fetch.Error
	switch {
	case errors.As(err, &fe):
		return fe.Status
	case errors.Is(err, ingest.ErrNotArticle):
		return "not_an_article"
	case errors.Is(err, fs.ErrNotExist):
		return "not_found"
	case errors.Is(err, fs.ErrPermission):
		return "permission_denied"
	case errors.Is(err, ingest.ErrEmptyFile), errors.Is(err, ingest.ErrEmpty):
		return "empty"
	case errors.Is(err, ingest.ErrBinary):
		return "binary"
	case errors.Is(err, ingest.ErrUnsupported):
		return "unsupported_format"
	case errors.Is(err, ingest.ErrMissing):
		return "missing_field"
	case errors.Is(err, ingest.ErrMalformed):
		return "malformed"
	case errors.Is(err, ingest.ErrEncoding):
		return "bad_encoding"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, context.DeadlineExceeded):
		return "timeout"
	}
	var se *json.SyntaxError
	if errors.As(err, &se) || strings.Contains(err.Error(), "invalid JSON") {
		return "bad_json"
	}
	return "error"
}
