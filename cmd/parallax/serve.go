package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"path/filepath"
	"syscall"
	"time"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/demo"
	"github.com/parallaxnews/parallax/internal/cluster"
	"github.com/parallaxnews/parallax/internal/config"
	"github.com/parallaxnews/parallax/internal/desk"
	"github.com/parallaxnews/parallax/internal/fetch"
	"github.com/parallaxnews/parallax/internal/reader"
	"github.com/parallaxnews/parallax/internal/server"
	"github.com/parallaxnews/parallax/internal/store"
	"github.com/parallaxnews/parallax/internal/store/sqlite"
)

// serveFlags are the flags that override the configuration.
type serveFlags struct {
	config, addr, db, token *string
	feeds                   pathList
}

func addServeFlags(fs *flag.FlagSet) *serveFlags {
	f := &serveFlags{
		config: fs.String("config", "", "JSON configuration file (see \"parallax config dump\" for its keys)"),
		addr:   fs.String("addr", "", "address to listen on (default 127.0.0.1:8080)"),
		db:     fs.String("db", "", "SQLite file (default parallax.db)"),
		token:  fs.String("token", "", "bearer token that writes must carry"),
	}
	fs.Var(&f.feeds, "feed", "subscribe to this feed URL at start (repeatable)")
	return f
}

// load reads the configuration, then applies the flags that were given.
func (f *serveFlags) load() (config.Config, error) {
	c, err := config.Load(*f.config, os.Getenv)
	if err != nil {
		return c, err
	}
	if *f.addr != "" {
		c.Addr = *f.addr
	}
	if *f.db != "" {
		c.DB = *f.db
	}
	if *f.token != "" {
		c.Token = *f.token
	}
	c.Feeds = append(c.Feeds, f.feeds...)
	return c, c.Validate()
}

func runConfig(ctx context.Context, e *env, args []string) int {
	if len(args) == 0 || args[0] != "dump" {
		fmt.Fprintln(e.stderr, "Usage: parallax config dump [--config FILE] [serve's flags]\n\nPrints the configuration parallax serve would run with, as JSON: the\ndefaults, overridden by the file, the PARALLAX_* environment and the flags.")
		if len(args) > 0 && (args[0] == "-h" || args[0] == "--help" || args[0] == "help") {
			return exitOK
		}
		return exitUsage
	}
	fs := newFlags(e, "config dump", "", "Prints the effective configuration of parallax serve as JSON (the token hidden).", "  parallax config dump --config parallax.json")
	sf := addServeFlags(fs)
	if _, code := parseFlags(fs, args[1:]); code >= 0 {
		return code
	}
	c, err := sf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax config: %v\n", err)
		return exitUsage
	}
	enc := json.NewEncoder(e.stdout)
	enc.SetIndent("", "  ")
	enc.Encode(c.Redacted())
	fmt.Fprintln(e.stdout)
	fmt.Fprintln(e.stdout, "Environment variables:")
	for _, v := range config.Env {
		fmt.Fprintf(e.stdout, "  %-24s %s\n", v.Name, v.Key)
	}
	return exitOK
}

func runServe(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "serve", "",
		`Runs the news desk: polls the configured feeds, reads their articles,
groups them into stories, and serves the stories, each with its attributed
summary and the comparison of its sources, as web pages and a JSON API
(/api/, described at /api/openapi.json), with /healthz and /metrics.
Everything is kept in one SQLite file. SIGINT or SIGTERM shut it down
gracefully; after a crash it starts again from what was committed.

--demo loads the demo story (four invented outlets) into a fresh store in a
temporary directory (unless --db is given), so the desk shows a story at once.`,
		`  parallax serve --demo
  parallax serve --db news.db --feed https://example.org/rss.xml --token "$TOKEN"
  PARALLAX_ADDR=:8080 parallax serve --config parallax.json`)
	sf := addServeFlags(fs)
	demoMode := fs.Bool("demo", false, "start with the demo story loaded")
	if rest, code := parseFlags(fs, args); code >= 0 {
		return code
	} else if len(rest) > 0 {
		fmt.Fprintf(e.stderr, "parallax serve: unexpected arguments %q\n", rest)
		return exitUsage
	}
	cfg, err := sf.load()
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax serve: %v\n", err)
		return exitUsage
	}
	if *demoMode && *sf.db == "" && os.Getenv("PARALLAX_DB") == "" {
		dir, err := os.MkdirTemp("", "parallax-demo-")
		if err != nil {
			fmt.Fprintf(e.stderr, "parallax serve: %v\n", err)
			return exitFailed
		}
		defer os.RemoveAll(dir)
		cfg.DB = filepath.Join(dir, "demo.db")
	}
	log := newLogger(e, cfg)
	if err := serve(ctx, e, cfg, *demoMode, log); err != nil {
		log.Error("serve", "err", err)
		fmt.Fprintf(e.stderr, "parallax serve: %v\n", err)
		return exitFailed
	}
	return exitOK
}

func newLogger(e *env, cfg config.Config) *slog.Logger {
	var level slog.Level
	level.UnmarshalText([]byte(cfg.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if cfg.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(e.stderr, opts))
	}
	return slog.New(slog.NewTextHandler(e.stderr, opts))
}

// serve runs the desk and the HTTP server until ctx is done or a signal
// comes, then shuts both down: the server stops taking requests and
// finishes those in flight, the loop finishes its step, the store closes.
func serve(ctx context.Context, e *env, cfg config.Config, demoMode bool, log *slog.Logger) error {
	ctx, stop := signal.NotifyContext(ctx, syscall.SIGINT, syscall.SIGTERM)
	defer stop()

	st, err := sqlite.Open(cfg.DB)
	if err != nil {
		return fmt.Errorf("open %s: %w", cfg.DB, err)
	}
	defer st.Close()

	metrics := server.NewMetrics()
	rd := reader.New(fetch.Options{Timeout: time.Duration(cfg.FetchTimeout), HostDelay: time.Duration(cfg.HostDelay), AllowLoopback: cfg.AllowLoopback}, false)
	dk, err := desk.New(ctx, desk.Options{
		Store: st, Reader: rd,
		PollInterval: time.Duration(cfg.PollInterval), MaxBackoff: time.Duration(cfg.MaxBackoff),
		Cluster: cluster.Options{Window: time.Duration(cfg.Window)},
		Digest:  parallax.Options{Words: cfg.Words},
		Logger:  log, Counts: metrics,
	})
	if err != nil {
		return err
	}
	for _, u := range cfg.Feeds {
		if _, err := dk.AddFeed(ctx, u); err != nil && !errors.Is(err, store.ErrExists) {
			return fmt.Errorf("feed %s: %w", u, err)
		}
	}
	if demoMode {
		if err := loadDemo(ctx, dk); err != nil {
			return err
		}
	}

	srv := server.New(server.Options{Store: st, Desk: dk, Token: cfg.Token, Logger: log, Title: cfg.Title, Metrics: metrics})
	hs := &http.Server{Handler: srv.Handler(), ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 30 * time.Second,
		WriteTimeout: 60 * time.Second, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(log.Handler(), slog.LevelWarn)}
	ln, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return err
	}
	if cfg.Token == "" && !isLoopback(ln.Addr()) {
		log.Warn("no token is set and the server listens beyond loopback: anyone who reaches it can add feeds and articles")
	}
	fmt.Fprintf(e.stderr, "parallax serve: listening on http://%s (store %s)\n", ln.Addr(), cfg.DB)

	loopDone := make(chan struct{})
	go func() {
		defer close(loopDone)
		dk.Run(ctx)
	}()
	serveErr := make(chan error, 1)
	go func() { serveErr <- hs.Serve(ln) }()

	select {
	case <-ctx.Done():
	case err := <-serveErr:
		stop()
		<-loopDone
		return err
	}
	log.Info("shutting down")
	shutCtx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	err = hs.Shutdown(shutCtx)
	<-loopDone
	return err
}

func isLoopback(a net.Addr) bool {
	ta, ok := a.(*net.TCPAddr)
	return ok && ta.IP.IsLoopback()
}

// loadDemo submits the demo story's articles (those not stored yet) and
// computes its digest before the server starts.
func loadDemo(ctx context.Context, dk *desk.Desk) error {
	arts, err := demo.Articles()
	if err != nil {
		return err
	}
	for _, a := range arts {
		if _, err := dk.SubmitArticle(ctx, a); err != nil && !errors.Is(err, store.ErrExists) {
			return fmt.Errorf("demo article %s: %w", a.ID, err)
		}
	}
	return dk.RefreshDigests(ctx)
}
