package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"net/url"
	"path/filepath"
	"runtime"
	"time"

	_ "modernc.org/sqlite" // the "sqlite" database/sql driver, FTS5 built in

	"github.com/parallaxnews/parallax/internal/store"
)

var _ store.Store = (*Store)(nil)

// Store is a store.Store on one SQLite file. It is safe for concurrent use:
// writes go through one connection, one transaction at a time; reads go
// through a pool of their own and run alongside the writer (WAL).
type Store struct {
	w    *sql.DB // the writer: one connection, BEGIN IMMEDIATE
	r    *sql.DB // the readers: a pool of query_only connections
	path string
	now  func() time.Time
}

// Pragmas every connection gets, through the DSN (modernc.org/sqlite runs
// each _pragma on every new connection of the pool, busy_timeout first).
var pragmas = []string{
	"busy_timeout(5000)",
	"journal_mode(WAL)",
	"synchronous(NORMAL)",
	"foreign_keys(ON)",
	"cache_size(-32000)", // KiB: 32 MB a connection, at most
}

// dsn is the modernc.org/sqlite DSN of the file at path: a file: URI (its
// path escaped, so that '?', '#' or '%' in a name do no harm) with a
// _pragma for each of pragmas, and the extra parameters.
func dsn(path string, extra ...string) string {
	u := url.URL{Path: filepath.ToSlash(path)}
	q := url.Values{}
	for _, p := range pragmas {
		q.Add("_pragma", p)
	}
	for i := 0; i+1 < len(extra); i += 2 {
		q.Add(extra[i], extra[i+1])
	}
	return "file:" + u.EscapedPath() + "?" + q.Encode()
}

// Open opens (creating if needed) the store in the SQLite file at path, and
// migrates it.
func Open(path string) (*Store, error) {
	if path == "" {
		return nil, errors.New("sqlite store: empty path")
	}
	abs, err := filepath.Abs(path)
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	// The writer: a pool of one connection, so that the store's own
	// writers queue in database/sql rather than fail with SQLITE_BUSY, and
	// BEGIN IMMEDIATE, so that a write transaction takes the write lock at
	// its start (waiting busy_timeout for another process) instead of
	// failing when it upgrades from a read.
	w, err := sql.Open("sqlite", dsn(abs, "_txlock", "immediate"))
	if err != nil {
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	w.SetMaxOpenConns(1)
	w.SetMaxIdleConns(1)
	w.SetConnMaxLifetime(0)
	w.SetConnMaxIdleTime(0)
	s := &Store{w: w, path: abs, now: time.Now}
	ctx := context.Background()
	if err := w.PingContext(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	var mode string
	if err := w.QueryRowContext(ctx, "PRAGMA journal_mode").Scan(&mode); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	if mode != "wal" {
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: journal_mode is %q, not wal", path, mode)
	}
	if err := s.migrate(ctx); err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	// The readers: WAL lets them read the last committed state while the
	// writer writes; query_only makes sure nothing writes through them.
	r, err := sql.Open("sqlite", dsn(abs, "_query_only", "1"))
	if err != nil {
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	n := max(4, runtime.GOMAXPROCS(0))
	r.SetMaxOpenConns(n)
	r.SetMaxIdleConns(n)
	if err := r.PingContext(ctx); err != nil {
		r.Close()
		w.Close()
		return nil, fmt.Errorf("sqlite store %s: %w", path, err)
	}
	s.r = r
	return s, nil
}

// Close closes the store's connections.
func (s *Store) Close() error {
	return errors.Join(s.r.Close(), s.w.Close())
}

// Path is the absolute path of the store's SQLite file.
func (s *Store) Path() string { return s.path }

// write runs fn in one write transaction and commits it if fn returns nil.
func (s *Store) write(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := s.w.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	if err := fn(tx); err != nil {
		tx.Rollback()
		return err
	}
	return tx.Commit()
}

// migrate applies the migrations that the file lacks, each in one
// transaction with its row in schema_migrations.
func (s *Store) migrate(ctx context.Context) error {
	if _, err := s.w.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migrations (
		version INTEGER PRIMARY KEY,
		applied TEXT NOT NULL
	)`); err != nil {
		return fmt.Errorf("migrations: %w", err)
	}
	for i, m := range migrations {
		version := i + 1
		err := s.write(ctx, func(tx *sql.Tx) error {
			// Checked inside the (immediate) transaction: another
			// process opening the same file at once applies it once.
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT count(*) FROM schema_migrations WHERE version = ?`, version).Scan(&n); err != nil {
				return err
			}
			if n > 0 {
				return nil
			}
			if _, err := tx.ExecContext(ctx, m); err != nil {
				return err
			}
			_, err := tx.ExecContext(ctx, `INSERT INTO schema_migrations(version, applied) VALUES (?, ?)`, version, encTime(s.now()))
			return err
		})
		if err != nil {
			return fmt.Errorf("migration %d: %w", version, err)
		}
	}
	return nil
}

// migrations are the schema's versions, in order: migrations[i] takes the
// file to version i+1. Append only; never edit one that was released.
var migrations = []string{
	// 1: feeds, stories, articles and the full-text index of articles.
	`
CREATE TABLE feeds (
	id         INTEGER PRIMARY KEY AUTOINCREMENT,
	url        TEXT NOT NULL UNIQUE,
	title      TEXT NOT NULL DEFAULT '',
	added      TEXT NOT NULL,
	last_fetch TEXT,
	next_fetch TEXT,
	status     TEXT NOT NULL DEFAULT 'pending',
	error      TEXT NOT NULL DEFAULT '',
	failures   INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX feeds_next_fetch ON feeds(next_fetch, id);

CREATE TABLE stories (
	id         TEXT PRIMARY KEY,
	title      TEXT NOT NULL DEFAULT '',
	first_seen TEXT,
	last_seen  TEXT,
	articles   INTEGER NOT NULL DEFAULT 0,
	outlets    TEXT NOT NULL DEFAULT '[]',
	updated    TEXT,
	stale      INTEGER NOT NULL DEFAULT 1,
	version    INTEGER NOT NULL DEFAULT 0,
	digest     TEXT
);
CREATE INDEX stories_last ON stories(last_seen DESC, id);
CREATE INDEX stories_stale ON stories(updated, id) WHERE stale;

CREATE TABLE articles (
	seq         INTEGER PRIMARY KEY AUTOINCREMENT,
	id          TEXT NOT NULL UNIQUE,
	url         TEXT NOT NULL DEFAULT '',
	canonical   TEXT NOT NULL DEFAULT '',
	domain      TEXT NOT NULL DEFAULT '',
	title       TEXT NOT NULL DEFAULT '',
	outlet      TEXT NOT NULL DEFAULT '',
	byline      TEXT NOT NULL DEFAULT '',
	dateline    TEXT NOT NULL DEFAULT '',
	authors     TEXT,
	published   TEXT,
	modified    TEXT,
	language    TEXT NOT NULL DEFAULT '',
	text        TEXT NOT NULL DEFAULT '',
	text_source TEXT NOT NULL DEFAULT '',
	origin      TEXT NOT NULL DEFAULT '',
	chrome      TEXT,
	feed_id     INTEGER REFERENCES feeds(id) ON DELETE SET NULL,
	status      TEXT NOT NULL DEFAULT '',
	story       TEXT REFERENCES stories(id) ON DELETE SET NULL,
	copy_of     TEXT NOT NULL DEFAULT '',
	fetched     TEXT
);
CREATE INDEX articles_url ON articles(url);
CREATE INDEX articles_canonical ON articles(canonical);
CREATE INDEX articles_story ON articles(story, seq);
CREATE INDEX articles_feed ON articles(feed_id);

CREATE VIRTUAL TABLE articles_fts USING fts5(
	title, text,
	content='articles', content_rowid='seq',
	tokenize='unicode61 remove_diacritics 2'
);
CREATE TRIGGER articles_fts_insert AFTER INSERT ON articles BEGIN
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
END;
CREATE TRIGGER articles_fts_update AFTER UPDATE OF title, text ON articles BEGIN
	INSERT INTO articles_fts(articles_fts, rowid, title, text) VALUES ('delete', old.seq, old.title, old.text);
	INSERT INTO articles_fts(rowid, title, text) VALUES (new.seq, new.title, new.text);
END;
`,
	// 2: where merged stories went, so that their addresses still lead
	// somewhere.
	`
CREATE TABLE story_merges (
	from_id TEXT PRIMARY KEY,
	to_id   TEXT NOT NULL,
	merged  TEXT
);
`,
}

// Times are stored as UTC text of a fixed width, so that they sort and
// compare as text (min, max, ranges) and round-trip to the nanosecond; the
// zero time is NULL. Times outside the years 0000-9999 are clamped to them.
const timeLayout = "2006-01-02T15:04:05.000000000Z"

var (
	minTime = time.Date(0, 1, 1, 0, 0, 0, 0, time.UTC)
	maxTime = time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.UTC)
)

func encTime(t time.Time) any {
	if t.IsZero() {
		return nil
	}
	t = t.UTC()
	if t.Before(minTime) {
		t = minTime
	} else if t.After(maxTime) {
		t = maxTime
	}
	return t.Format(timeLayout)
}

func decTime(s sql.NullString) (time.Time, error) {
	if !s.Valid || s.String == "" {
		return time.Time{}, nil
	}
	t, err := time.Parse(timeLayout, s.String)
	if err != nil {
		return time.Time{}, fmt.Errorf("stored time %q: %w", s.String, err)
	}
	return t, nil
}

// rowScanner is a *sql.Row or *sql.Rows.
type rowScanner interface {
	Scan(dest ...any) error
}

// clampLimit is limit, or def when limit <= 0, at most most.
func clampLimit(limit, def, most int) int {
	if limit <= 0 {
		return def
	}
	return min(limit, most)
}
