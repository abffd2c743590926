// Package store keeps what "parallax serve" works on: the feeds it polls,
// the articles it read (text, metadata and how the fetch went), the
// stories they form, and each story's digest, with full-text search over
// the articles.
//
// Store is the interface the server and the ingest loop use; sqlite/
// implements it on one SQLite file, the embedded default. Every write is
// one transaction: what a call committed is there after a crash, what it
// did not commit is not there at all.
package store

import (
	"context"
	"encoding/json"
	"errors"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
)

// Errors a Store returns, wrapped with what was asked.
var (
	ErrNotFound = errors.New("not found")
	// ErrExists: a feed of that URL, or an article of that ID or
	// canonical URL, is already stored.
	ErrExists = errors.New("already exists")
)

// Feed is a subscription.
type Feed struct {
	ID    int64  `json:"id"`
	URL   string `json:"url"`
	Title string `json:"title,omitempty"`
	// Added is when it was subscribed; LastFetch when it was last polled
	// (zero: never); NextFetch when it is due (backoff after failures).
	Added     time.Time `json:"added"`
	LastFetch time.Time `json:"last_fetch,omitzero"`
	NextFetch time.Time `json:"next_fetch,omitzero"`
	// Status is how the last poll went: "ok", "pending" (never polled),
	// or a status of parallax ingest ("http_404", "timeout",
	// "malformed", …); Error says more. Failures counts polls failed in a
	// row, for the backoff.
	Status   string `json:"status"`
	Error    string `json:"error,omitempty"`
	Failures int    `json:"failures"`
	// Articles is how many stored articles came from the feed.
	Articles int `json:"articles"`
}

// Article is an article as stored: the article itself, where it came from
// and which story it is in.
type Article struct {
	news.Article
	// Seq is the store's own number for the article, in the order stored.
	Seq    int64  `json:"seq"`
	FeedID int64  `json:"feed_id,omitempty"`
	Status string `json:"status"` // "ok", or how reading it failed
	// Story is the ID of the story it is in ("" until assigned). CopyOf
	// is the ID of an article it duplicates, if any.
	Story   string    `json:"story,omitempty"`
	CopyOf  string    `json:"copy_of,omitempty"`
	Fetched time.Time `json:"fetched"`
}

// Story is a story's summary line: what a list of stories shows.
type Story struct {
	ID       string    `json:"id"`
	Title    string    `json:"title"`
	First    time.Time `json:"first_seen"`
	Last     time.Time `json:"last_seen"`
	Articles int       `json:"articles"`
	Outlets  []string  `json:"outlets"`
	Updated  time.Time `json:"updated"`
	// Stale is true when articles joined after the digest was computed:
	// the ingest loop recomputes it (and, after a crash, finds it still
	// stale and recomputes it then).
	Stale bool `json:"stale"`
	// Version grows with every change to the story (an article joins or
	// leaves, a digest is stored): for ETags, and for PutDigest.
	Version int64 `json:"version"`
}

// StoryFilter selects and pages stories, newest (by Last) first.
type StoryFilter struct {
	Since, Until time.Time // on Last; zero: unbounded
	Outlet       string    // stories with an article of this outlet
	Limit        int       // default 50, at most 500
	Offset       int
}

// SearchHit is an article that matches a search, with a snippet of its
// text around the match (plain text; the matched words between
// "\x02" and "\x03", for the caller to mark up as it needs).
type SearchHit struct {
	Article Article `json:"article"`
	Snippet string  `json:"snippet"`
}

// Store is the storage of the news desk. Implementations are safe for
// concurrent use.
type Store interface {
	// Feeds.
	AddFeed(ctx context.Context, url, title string) (Feed, error) // ErrExists for a URL already there
	Feed(ctx context.Context, id int64) (Feed, error)
	Feeds(ctx context.Context) ([]Feed, error) // by ID
	RemoveFeed(ctx context.Context, id int64) error
	// DueFeeds are the feeds whose NextFetch is not after now, the most
	// overdue first.
	DueFeeds(ctx context.Context, now time.Time, limit int) ([]Feed, error)
	// UpdateFeed records a poll: LastFetch, NextFetch, Status, Error,
	// Failures and Title of f are written.
	UpdateFeed(ctx context.Context, f Feed) error

	// Articles. AddArticles stores articles and their story assignments
	// in one transaction, and marks the stories they join stale (creating
	// story rows as needed, with Title, First, Last, Articles and Outlets
	// kept up to date). An article whose ID, or whose non-empty canonical
	// URL or URL, is already stored is skipped, not an error: the count of
	// those stored is returned.
	AddArticles(ctx context.Context, arts []Article) (int, error)
	Article(ctx context.Context, id string) (Article, error)
	// Articles of a story, in the order stored; all articles when story
	// is "" (limit and offset page them, newest first).
	Articles(ctx context.Context, story string, limit, offset int) ([]Article, error)
	// HasURL tells whether an article of that URL or canonical URL is
	// stored: the ingest loop does not fetch it again.
	HasURL(ctx context.Context, url string) (bool, error)
	// ArticlesSince are the articles stored with Seq > seq, in order, at
	// most limit: the replay that rebuilds the clusterer on start.
	ArticlesSince(ctx context.Context, seq int64, limit int) ([]Article, error)

	// Stories.
	Stories(ctx context.Context, f StoryFilter) ([]Story, error)
	Story(ctx context.Context, id string) (Story, error)
	// MoveArticles moves every article of story from into story to (a
	// merge of stories), removes from, and remembers where it went.
	MoveArticles(ctx context.Context, from, to string) error
	// MergedInto is the story that a story merged away now lives in
	// (following later merges); ErrNotFound if id was never merged.
	MergedInto(ctx context.Context, id string) (string, error)
	// StaleStories are the stories whose digest must be recomputed.
	StaleStories(ctx context.Context, limit int) ([]Story, error)
	// PutDigest stores a story's digest (as JSON) and title and clears
	// Stale, if the story is still at version (the Version the digest was
	// computed from); if articles joined since, nothing is written, the
	// story stays stale and ok is false.
	PutDigest(ctx context.Context, story string, version int64, title string, digest json.RawMessage) (ok bool, err error)
	// Digest is a story's digest as stored (nil if none yet) and the
	// story's version: a number that grows with every change to it, for
	// ETags and for PutDigest.
	Digest(ctx context.Context, story string) (json.RawMessage, int64, error)

	// Search finds articles by the words of q (SQLite FTS5 syntax is not
	// exposed: q is words, matched as a conjunction of prefixes), best
	// first.
	Search(ctx context.Context, q string, limit int) ([]SearchHit, error)

	Close() error
}
