// Package server is the HTTP side of "parallax serve": the JSON API under
// /api/, the web pages, /healthz and /metrics, over a store.Store and the
// ingest loop (Desk).
package server

import (
	"context"
	"io"
	"log/slog"
	"net/http"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/store"
)

// Desk is what the server asks of the ingest loop: the writes that take
// work beyond the store (fetching, extracting, clustering).
type Desk interface {
	// AddFeed subscribes to the feed at url and polls it soon.
	AddFeed(ctx context.Context, url string) (store.Feed, error)
	RemoveFeed(ctx context.Context, id int64) error
	// ImportOPML subscribes to every feed of an OPML list and returns how
	// many were new.
	ImportOPML(ctx context.Context, r io.Reader) (int, error)
	// SubmitURL fetches and stores the article at url; SubmitArticle
	// stores an article given whole. Both assign its story.
	SubmitURL(ctx context.Context, url string) (store.Article, error)
	SubmitArticle(ctx context.Context, a news.Article) (store.Article, error)
}

// Options configure a Server.
type Options struct {
	Store store.Store
	Desk  Desk
	// Token, if set, must be given as "Authorization: Bearer TOKEN" on
	// every API request that writes, and in the "token" field of the web
	// forms that write.
	Token string
	// Logger logs each request; nil logs nothing.
	Logger *slog.Logger
	// Title names the desk on its pages. Default "Parallax".
	Title string
	// Metrics is the registry /metrics serves; nil makes a new one.
	Metrics *Metrics
}

// Server serves the API and the pages.
type Server struct {
	opt     Options
	log     *slog.Logger
	mux     *http.ServeMux
	metrics *Metrics
}

// New returns a Server.
func New(opt Options) *Server {
	if opt.Title == "" {
		opt.Title = "Parallax"
	}
	s := &Server{opt: opt, log: opt.Logger, mux: http.NewServeMux(), metrics: opt.Metrics}
	if s.metrics == nil {
		s.metrics = NewMetrics()
	}
	if s.log == nil {
		s.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	s.apiRoutes()
	s.webRoutes()
	s.mux.HandleFunc("GET /healthz", s.healthz)
	s.mux.Handle("GET /metrics", s.metrics)
	return s
}

// Handler is the server's HTTP handler: every route, with request logging
// and metrics.
func (s *Server) Handler() http.Handler { return s.instrument(s.mux) }

// Metrics are the server's Prometheus metrics; the ingest loop adds its
// own to them.
func (s *Server) Metrics() *Metrics { return s.metrics }
