// Package sqlite implements store.Store on one SQLite file, with
// modernc.org/sqlite (pure Go, no cgo; FTS5 built in).
//
// # Schema
//
// Open applies the migrations the file lacks, in order, each in one
// transaction with its row in schema_migrations(version, applied); the
// migrations are an append-only slice of SQL in sqlite.go. Version 1:
//
//   - feeds: id (AUTOINCREMENT, never reused), url (UNIQUE), title, added,
//     last_fetch, next_fetch (indexed, for DueFeeds), status, error,
//     failures. A feed's article count is counted, not stored.
//   - stories: id (the clusterer's), title, first_seen, last_seen (indexed,
//     for the newest-first list), articles, outlets (a JSON array, sorted
//     and distinct), updated, stale (a partial index of the stale ones),
//     version, digest (JSON, NULL until computed). The aggregates are kept
//     up as articles join (from the joining articles and the story's row
//     alone, whatever its size), and recomputed from all its articles when
//     stories merge.
//   - articles: seq (INTEGER PRIMARY KEY AUTOINCREMENT: the store's order,
//     never reused, and the full-text index's rowid), id (UNIQUE), every
//     field of news.Article (authors and chrome as JSON, the body as text),
//     feed_id (NULL without a feed; ON DELETE SET NULL), status, story (NULL
//     when unassigned; ON DELETE SET NULL), copy_of, fetched. url and
//     canonical are indexed, for the duplicate rules and HasURL; (story,
//     seq) for a story's articles.
//   - articles_fts: an external-content FTS5 table over articles' title and
//     text (unicode61, diacritics removed), kept in step by triggers on
//     insert, delete and update of title or text.
//
// Times are UTC text of a fixed width ("2006-01-02T15:04:05.000000000Z"):
// they sort and compare as text (ranges, min, max), read well in the
// sqlite3 shell, and round-trip to the nanosecond; the zero time is NULL
// and comes back zero; times outside the years 0000-9999 are clamped to
// them.
//
// # Why
//
// WAL (journal_mode=WAL, synchronous=NORMAL): readers read the last
// committed state while a write goes on, and a commit is an append to the
// log. With synchronous=NORMAL a commit survives the crash of the process
// (tested: a SIGKILL in the middle of a batch) but not necessarily a power
// cut or a crash of the OS, which can lose the last commits (never corrupt
// the file); synchronous=FULL would trade write speed for that.
//
// One writer: every write method is one transaction on the writer, a pool
// of a single connection opened with BEGIN IMMEDIATE. The store's own
// writers queue in Go instead of meeting SQLITE_BUSY, and a transaction
// takes SQLite's write lock when it begins, waiting busy_timeout (5 s) for
// another process, rather than failing when it upgrades a read lock. Reads
// go through a pool of their own (query_only connections, as many as
// GOMAXPROCS, at least 4), alongside the writer. The pragmas are set
// through the DSN (_pragma=…), so every connection of both pools has them.
//
// External-content FTS5: the texts are stored once, in articles, and the
// index refers to them by seq; bm25 ranks on the index (a title's match
// weighing 4 times the text's) before the hits are joined to their
// articles. The user's words never reach FTS5 as syntax: each becomes a
// quoted prefix phrase of its letters and digits, and the phrases are
// ANDed. The snippets are made in Go from the hit's text (FTS5's snippet()
// is quadratic in a document's matches: minutes for a long text full of
// the word searched).
package sqlite
