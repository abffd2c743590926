package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/parallaxnews/parallax/internal/store"
)

// articleColumns are the columns scanArticle reads, of articles as a.
const articleColumns = `a.seq, a.id, a.url, a.canonical, a.domain, a.title, a.outlet, a.byline, a.dateline,
	a.authors, a.published, a.modified, a.language, a.text, a.text_source, a.origin, a.chrome,
	a.feed_id, a.status, a.story, a.copy_of, a.fetched`

func scanArticle(sc rowScanner) (store.Article, error) {
	var (
		a                            store.Article
		authors, chrome, story       sql.NullString
		published, modified, fetched sql.NullString
		feedID                       sql.NullInt64
		err                          error
	)
	dest := []any{&a.Seq, &a.ID, &a.URL, &a.Canonical, &a.Domain, &a.Title, &a.Outlet, &a.Byline, &a.Dateline,
		&authors, &published, &modified, &a.Language, &a.Body, &a.TextSource, &a.Origin, &chrome,
		&feedID, &a.Status, &story, &a.CopyOf, &fetched}
	if err = sc.Scan(dest...); err != nil {
		return a, err
	}
	if authors.Valid && authors.String != "" {
		if err = json.Unmarshal([]byte(authors.String), &a.Authors); err != nil {
			return a, fmt.Errorf("article %s: authors: %w", a.ID, err)
		}
	}
	if chrome.Valid && chrome.String != "" {
		if err = json.Unmarshal([]byte(chrome.String), &a.Chrome); err != nil {
			return a, fmt.Errorf("article %s: chrome: %w", a.ID, err)
		}
	}
	a.FeedID = feedID.Int64
	a.Story = story.String
	if a.Published, err = decTime(published); err != nil {
		return a, err
	}
	if a.Modified, err = decTime(modified); err != nil {
		return a, err
	}
	a.Fetched, err = decTime(fetched)
	return a, err
}

func scanArticles(rows *sql.Rows, err error) ([]store.Article, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	arts := []store.Article{}
	for rows.Next() {
		a, err := scanArticle(rows)
		if err != nil {
			return nil, err
		}
		arts = append(arts, a)
	}
	return arts, rows.Err()
}

// jsonOrNull is v as JSON, or NULL when it is empty.
func jsonOrNull[T any](v []T) (any, error) {
	if len(v) == 0 {
		return nil, nil
	}
	b, err := json.Marshal(v)
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

func nullIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// AddArticles stores arts in one transaction, in order, and brings the
// stories they join up to date (see store.Store). An article whose ID, or
// whose non-empty URL or canonical URL (as either a URL or a canonical URL),
// is already stored, or came earlier in arts, is skipped. An article
// without an ID fails the whole call, before anything is written. A
// FeedID that is not (or no longer) a feed is stored as none. Seq is the
// store's: the Seq of arts is ignored.
func (s *Store) AddArticles(ctx context.Context, arts []store.Article) (int, error) {
	for i, a := range arts {
		if a.ID == "" {
			return 0, fmt.Errorf("add articles: article %d of %d (%q) has no ID", i+1, len(arts), a.URL)
		}
	}
	if len(arts) == 0 {
		return 0, nil
	}
	stored := 0
	err := s.write(ctx, func(tx *sql.Tx) error {
		stored = 0
		now := encTime(s.now())
		dupID, err := tx.PrepareContext(ctx, `SELECT 1 FROM articles WHERE id = ?`)
		if err != nil {
			return err
		}
		defer dupID.Close()
		dupURL, err := tx.PrepareContext(ctx, `SELECT 1 FROM articles WHERE url = ?1 OR canonical = ?1 LIMIT 1`)
		if err != nil {
			return err
		}
		defer dupURL.Close()
		newStory, err := tx.PrepareContext(ctx, `INSERT INTO stories(id, updated) VALUES (?, ?) ON CONFLICT(id) DO NOTHING`)
		if err != nil {
			return err
		}
		defer newStory.Close()
		insert, err := tx.PrepareContext(ctx, `INSERT INTO articles(
			id, url, canonical, domain, title, outlet, byline, dateline, authors, published, modified,
			language, text, text_source, origin, chrome, feed_id, status, story, copy_of, fetched)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, (SELECT id FROM feeds WHERE id = ?), ?, ?, ?, ?)`)
		if err != nil {
			return err
		}
		defer insert.Close()

		exists := func(st *sql.Stmt, arg string) (bool, error) {
			var one int
			err := st.QueryRowContext(ctx, arg).Scan(&one)
			if errors.Is(err, sql.ErrNoRows) {
				return false, nil
			}
			return err == nil, err
		}
		var touched []string
		for _, a := range arts {
			dup, err := exists(dupID, a.ID)
			for _, u := range []string{a.URL, a.Canonical} {
				if dup || err != nil || u == "" {
					continue
				}
				dup, err = exists(dupURL, u)
			}
			if err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
			if dup {
				continue
			}
			if a.Story != "" {
				if _, err := newStory.ExecContext(ctx, a.Story, now); err != nil {
					return fmt.Errorf("article %s: story %s: %w", a.ID, a.Story, err)
				}
				if !slices.Contains(touched, a.Story) {
					touched = append(touched, a.Story)
				}
			}
			authors, err := jsonOrNull(a.Authors)
			if err != nil {
				return fmt.Errorf("article %s: authors: %w", a.ID, err)
			}
			chrome, err := jsonOrNull(a.Chrome)
			if err != nil {
				return fmt.Errorf("article %s: chrome: %w", a.ID, err)
			}
			var feedID any
			if a.FeedID != 0 {
				feedID = a.FeedID
			}
			if _, err := insert.ExecContext(ctx,
				a.ID, a.URL, a.Canonical, a.Domain, a.Title, a.Outlet, a.Byline, a.Dateline, authors,
				encTime(a.Published), encTime(a.Modified), a.Language, a.Body, a.TextSource, a.Origin, chrome,
				feedID, a.Status, nullIfEmpty(a.Story), a.CopyOf, encTime(a.Fetched)); err != nil {
				return fmt.Errorf("article %s: %w", a.ID, err)
			}
			stored++
		}
		for _, id := range touched {
			if err := refreshStory(ctx, tx, id, now); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return 0, fmt.Errorf("add articles: %w", err)
	}
	return stored, nil
}

// refreshStory recomputes the story's aggregates from its articles (count,
// first and last seen, outlets; its title if it has none yet), marks it
// stale and bumps its version.
func refreshStory(ctx context.Context, tx *sql.Tx, id string, now any) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT outlet FROM articles WHERE story = ? AND outlet <> '' ORDER BY outlet`, id)
	if err != nil {
		return fmt.Errorf("story %s: %w", id, err)
	}
	outlets := []string{}
	for rows.Next() {
		var o string
		if err := rows.Scan(&o); err != nil {
			rows.Close()
			return fmt.Errorf("story %s: %w", id, err)
		}
		outlets = append(outlets, o)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return fmt.Errorf("story %s: %w", id, err)
	}
	ojson, err := json.Marshal(outlets)
	if err != nil {
		return fmt.Errorf("story %s: %w", id, err)
	}
	_, err = tx.ExecContext(ctx, `UPDATE stories SET
		(articles, first_seen, last_seen) = (
			SELECT count(*), min(coalesce(published, fetched)), max(coalesce(published, fetched))
			FROM articles WHERE story = ?1),
		title = CASE WHEN title <> '' THEN title ELSE coalesce(
			(SELECT title FROM articles WHERE story = ?1 AND title <> '' ORDER BY seq LIMIT 1), '') END,
		outlets = ?2, stale = 1, version = version + 1, updated = ?3
		WHERE id = ?1`, id, string(ojson), now)
	if err != nil {
		return fmt.Errorf("story %s: %w", id, err)
	}
	return nil
}

// Article is the article of that ID; ErrNotFound if there is none.
func (s *Store) Article(ctx context.Context, id string) (store.Article, error) {
	a, err := scanArticle(s.r.QueryRowContext(ctx, `SELECT `+articleColumns+` FROM articles a WHERE a.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Article{}, fmt.Errorf("article %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Article{}, fmt.Errorf("article %q: %w", id, err)
	}
	return a, nil
}

// Articles are the articles of a story in the order stored, limit of them
// after offset (all when limit <= 0); or, when story is "", all articles
// newest first, paged by limit (50 when limit <= 0, at most 500) and
// offset. An unknown story has no articles: no error.
func (s *Store) Articles(ctx context.Context, story string, limit, offset int) ([]store.Article, error) {
	offset = max(offset, 0)
	var (
		arts []store.Article
		err  error
	)
	if story == "" {
		arts, err = scanArticles(s.r.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles a
			ORDER BY a.seq DESC LIMIT ? OFFSET ?`, clampLimit(limit, 50, 500), offset))
	} else {
		if limit <= 0 {
			limit = -1
		}
		arts, err = scanArticles(s.r.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles a
			WHERE a.story = ? ORDER BY a.seq LIMIT ? OFFSET ?`, story, limit, offset))
	}
	if err != nil {
		return nil, fmt.Errorf("articles of story %q: %w", story, err)
	}
	return arts, nil
}

// HasURL tells whether an article of that URL or canonical URL is stored
// (never for "").
func (s *Store) HasURL(ctx context.Context, url string) (bool, error) {
	if url == "" {
		return false, nil
	}
	var one int
	err := s.r.QueryRowContext(ctx, `SELECT 1 FROM articles WHERE url = ?1 OR canonical = ?1 LIMIT 1`, url).Scan(&one)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		return false, nil
	case err != nil:
		return false, fmt.Errorf("has URL %q: %w", url, err)
	}
	return true, nil
}

// ArticlesSince are the articles with Seq > seq, in order, at most limit
// (1000 when limit <= 0).
func (s *Store) ArticlesSince(ctx context.Context, seq int64, limit int) ([]store.Article, error) {
	arts, err := scanArticles(s.r.QueryContext(ctx, `SELECT `+articleColumns+` FROM articles a
		WHERE a.seq > ? ORDER BY a.seq LIMIT ?`, seq, clampLimit(limit, 1000, 1<<30)))
	if err != nil {
		return nil, fmt.Errorf("articles since %d: %w", seq, err)
	}
	return arts, nil
}
