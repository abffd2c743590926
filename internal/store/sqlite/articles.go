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
		joins := map[string]*storyJoin{}
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
				j := joins[a.Story]
				if j == nil {
					// The row first, for the foreign key.
					if _, err := newStory.ExecContext(ctx, a.Story, now); err != nil {
						return fmt.Errorf("article %s: story %s: %w", a.ID, a.Story, err)
					}
					j = &storyJoin{}
					joins[a.Story] = j
					touched = append(touched, a.Story)
				}
				j.add(a)
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
		return joinStories(ctx, tx, now, touched, joins)
	})
	if err != nil {
		return 0, fmt.Errorf("add articles: %w", err)
	}
	return stored, nil
}

// storyJoin is what the articles that join a story in one AddArticles
// add to its aggregates.
type storyJoin struct {
	n           int
	first, last string // encoded times, "" for none
	outlets     []string
	title       string // the first non-empty title
}

func (j *storyJoin) add(a store.Article) {
	j.n++
	t := a.Published
	if t.IsZero() {
		t = a.Fetched
	}
	if e, ok := encTime(t).(string); ok {
		j.first, j.last = minTimeStr(j.first, e), maxTimeStr(j.last, e)
	}
	if a.Outlet != "" && !slices.Contains(j.outlets, a.Outlet) {
		j.outlets = append(j.outlets, a.Outlet)
	}
	if j.title == "" {
		j.title = a.Title
	}
}

// minTime and maxTimeStr are the earlier and the later of two encoded
// times, "" being none.
func minTimeStr(a, b string) string {
	if a == "" || b != "" && b < a {
		return b
	}
	return a
}

func maxTimeStr(a, b string) string {
	if b > a {
		return b
	}
	return a
}

// joinStories adds what joined each story of ids (in joins) to its
// aggregates, marks it stale and bumps its version: reading and writing
// the story's row only, however many articles it has.
func joinStories(ctx context.Context, tx *sql.Tx, now any, ids []string, joins map[string]*storyJoin) error {
	if len(ids) == 0 {
		return nil
	}
	get, err := tx.PrepareContext(ctx, `SELECT title, first_seen, last_seen, articles, outlets FROM stories WHERE id = ?`)
	if err != nil {
		return err
	}
	defer get.Close()
	put, err := tx.PrepareContext(ctx, `UPDATE stories SET title = ?, first_seen = ?, last_seen = ?, articles = ?, outlets = ?,
		stale = 1, version = version + 1, updated = ? WHERE id = ?`)
	if err != nil {
		return err
	}
	defer put.Close()
	for _, id := range ids {
		j := joins[id]
		var (
			title       string
			first, last sql.NullString
			n           int
			outlets     sql.NullString
			list        []string
		)
		if err := get.QueryRowContext(ctx, id).Scan(&title, &first, &last, &n, &outlets); err != nil {
			return fmt.Errorf("story %s: %w", id, err)
		}
		if outlets.Valid && outlets.String != "" {
			if err := json.Unmarshal([]byte(outlets.String), &list); err != nil {
				return fmt.Errorf("story %s: outlets: %w", id, err)
			}
		}
		for _, o := range j.outlets {
			if !slices.Contains(list, o) {
				list = append(list, o)
			}
		}
		slices.Sort(list)
		if list == nil {
			list = []string{}
		}
		ojson, err := json.Marshal(list)
		if err != nil {
			return fmt.Errorf("story %s: %w", id, err)
		}
		if title == "" {
			title = j.title
		}
		f, l := minTimeStr(first.String, j.first), maxTimeStr(last.String, j.last)
		if _, err := put.ExecContext(ctx, title, nullIfEmpty(f), nullIfEmpty(l), n+j.n, string(ojson), now, id); err != nil {
			return fmt.Errorf("story %s: %w", id, err)
		}
	}
	return nil
}

// refreshSQL recomputes a story's aggregates from its articles (count,
// first and last seen, outlets sorted and distinct; its title if it has
// none yet), marks it stale and bumps its version. (Ordered aggregates,
// json_group_array(DISTINCT … ORDER BY …), are SQLite 3.44's.)
const refreshSQL = `UPDATE stories SET
	(articles, first_seen, last_seen, outlets) = (
		SELECT count(*), min(coalesce(published, fetched)), max(coalesce(published, fetched)),
			json_group_array(DISTINCT outlet ORDER BY outlet) FILTER (WHERE outlet <> '')
		FROM articles WHERE story = ?1),
	title = CASE WHEN title <> '' THEN title ELSE coalesce(
		(SELECT title FROM articles WHERE story = ?1 AND title <> '' ORDER BY seq LIMIT 1), '') END,
	stale = 1, version = version + 1, updated = ?2
	WHERE id = ?1`

// refreshStories brings the stories of ids up to date from all their
// articles (see refreshSQL): for MoveArticles, where stories merge.
func refreshStories(ctx context.Context, tx *sql.Tx, now any, ids ...string) error {
	if len(ids) == 0 {
		return nil
	}
	st, err := tx.PrepareContext(ctx, refreshSQL)
	if err != nil {
		return err
	}
	defer st.Close()
	for _, id := range ids {
		if _, err := st.ExecContext(ctx, id, now); err != nil {
			return fmt.Errorf("story %s: %w", id, err)
		}
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
