package sqlite

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/parallaxnews/parallax/internal/store"
)

const feedColumns = `f.id, f.url, f.title, f.added, f.last_fetch, f.next_fetch, f.status, f.error, f.failures,
	(SELECT count(*) FROM articles a WHERE a.feed_id = f.id)`

func scanFeed(sc rowScanner) (store.Feed, error) {
	var (
		f                         store.Feed
		added, lastFetch, nextFet sql.NullString
		err                       error
	)
	if err = sc.Scan(&f.ID, &f.URL, &f.Title, &added, &lastFetch, &nextFet, &f.Status, &f.Error, &f.Failures, &f.Articles); err != nil {
		return f, err
	}
	if f.Added, err = decTime(added); err != nil {
		return f, err
	}
	if f.LastFetch, err = decTime(lastFetch); err != nil {
		return f, err
	}
	f.NextFetch, err = decTime(nextFet)
	return f, err
}

func scanFeeds(rows *sql.Rows, err error) ([]store.Feed, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	feeds := []store.Feed{}
	for rows.Next() {
		f, err := scanFeed(rows)
		if err != nil {
			return nil, err
		}
		feeds = append(feeds, f)
	}
	return feeds, rows.Err()
}

// AddFeed subscribes to the feed at url: Status "pending", due now. A URL
// already subscribed is ErrExists; an empty one an error.
func (s *Store) AddFeed(ctx context.Context, url, title string) (store.Feed, error) {
	if strings.TrimSpace(url) == "" {
		return store.Feed{}, errors.New("add feed: empty URL")
	}
	now := s.now().UTC()
	f := store.Feed{URL: url, Title: title, Added: now, NextFetch: now, Status: "pending"}
	err := s.write(ctx, func(tx *sql.Tx) error {
		var id int64
		switch err := tx.QueryRowContext(ctx, `SELECT id FROM feeds WHERE url = ?`, url).Scan(&id); {
		case err == nil:
			return fmt.Errorf("feed %q (id %d): %w", url, id, store.ErrExists)
		case !errors.Is(err, sql.ErrNoRows):
			return err
		}
		res, err := tx.ExecContext(ctx, `INSERT INTO feeds(url, title, added, next_fetch, status) VALUES (?, ?, ?, ?, ?)`,
			url, title, encTime(now), encTime(now), f.Status)
		if err != nil {
			return err
		}
		f.ID, err = res.LastInsertId()
		return err
	})
	if err != nil {
		if errors.Is(err, store.ErrExists) {
			return store.Feed{}, err
		}
		return store.Feed{}, fmt.Errorf("add feed %q: %w", url, err)
	}
	// Read back, so that the times are exactly those stored.
	return s.Feed(ctx, f.ID)
}

// Feed is the feed of that ID; ErrNotFound if there is none.
func (s *Store) Feed(ctx context.Context, id int64) (store.Feed, error) {
	f, err := scanFeed(s.r.QueryRowContext(ctx, `SELECT `+feedColumns+` FROM feeds f WHERE f.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Feed{}, fmt.Errorf("feed %d: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Feed{}, fmt.Errorf("feed %d: %w", id, err)
	}
	return f, nil
}

// Feeds are all the feeds, by ID, with their article counts.
func (s *Store) Feeds(ctx context.Context) ([]store.Feed, error) {
	feeds, err := scanFeeds(s.r.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds f ORDER BY f.id`))
	if err != nil {
		return nil, fmt.Errorf("feeds: %w", err)
	}
	return feeds, nil
}

// RemoveFeed unsubscribes the feed; its articles stay, without a feed.
func (s *Store) RemoveFeed(ctx context.Context, id int64) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		// Done here as well as by the foreign key's ON DELETE SET NULL,
		// so that it does not hang on the foreign_keys pragma.
		if _, err := tx.ExecContext(ctx, `UPDATE articles SET feed_id = NULL WHERE feed_id = ?`, id); err != nil {
			return fmt.Errorf("remove feed %d: %w", id, err)
		}
		res, err := tx.ExecContext(ctx, `DELETE FROM feeds WHERE id = ?`, id)
		if err != nil {
			return fmt.Errorf("remove feed %d: %w", id, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("remove feed %d: %w", id, err)
		} else if n == 0 {
			return fmt.Errorf("feed %d: %w", id, store.ErrNotFound)
		}
		return nil
	})
}

// DueFeeds are the feeds whose NextFetch is not after now (a zero
// NextFetch is due), the most overdue first, at most limit (all when
// limit <= 0).
func (s *Store) DueFeeds(ctx context.Context, now time.Time, limit int) ([]store.Feed, error) {
	if limit <= 0 {
		limit = -1 // no limit
	}
	// NULLs (zero NextFetch) sort first: the most overdue.
	feeds, err := scanFeeds(s.r.QueryContext(ctx, `SELECT `+feedColumns+` FROM feeds f
		WHERE f.next_fetch IS NULL OR f.next_fetch <= ?
		ORDER BY f.next_fetch, f.id LIMIT ?`, encTime(now), limit))
	if err != nil {
		return nil, fmt.Errorf("due feeds: %w", err)
	}
	return feeds, nil
}

// UpdateFeed records a poll: LastFetch, NextFetch, Status, Error, Failures
// and Title of f are written (an empty Title too). ErrNotFound if f.ID is
// not a feed.
func (s *Store) UpdateFeed(ctx context.Context, f store.Feed) error {
	return s.write(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE feeds SET last_fetch = ?, next_fetch = ?, status = ?, error = ?, failures = ?, title = ?
			WHERE id = ?`, encTime(f.LastFetch), encTime(f.NextFetch), f.Status, f.Error, f.Failures, f.Title, f.ID)
		if err != nil {
			return fmt.Errorf("update feed %d: %w", f.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return fmt.Errorf("update feed %d: %w", f.ID, err)
		} else if n == 0 {
			return fmt.Errorf("feed %d: %w", f.ID, store.ErrNotFound)
		}
		return nil
	})
}
