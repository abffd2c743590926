package sqlite

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"github.com/parallaxnews/parallax/internal/store"
)

const storyColumns = `s.id, s.title, s.first_seen, s.last_seen, s.articles, s.outlets, s.updated, s.stale, s.version`

func scanStory(sc rowScanner) (store.Story, error) {
	var (
		st                           store.Story
		first, last, updated, outlet sql.NullString
		err                          error
	)
	if err = sc.Scan(&st.ID, &st.Title, &first, &last, &st.Articles, &outlet, &updated, &st.Stale, &st.Version); err != nil {
		return st, err
	}
	if outlet.Valid && outlet.String != "" {
		if err = json.Unmarshal([]byte(outlet.String), &st.Outlets); err != nil {
			return st, fmt.Errorf("story %s: outlets: %w", st.ID, err)
		}
	}
	if st.Outlets == nil {
		st.Outlets = []string{}
	}
	if st.First, err = decTime(first); err != nil {
		return st, err
	}
	if st.Last, err = decTime(last); err != nil {
		return st, err
	}
	st.Updated, err = decTime(updated)
	return st, err
}

func scanStories(rows *sql.Rows, err error) ([]store.Story, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	stories := []store.Story{}
	for rows.Next() {
		st, err := scanStory(rows)
		if err != nil {
			return nil, err
		}
		stories = append(stories, st)
	}
	return stories, rows.Err()
}

// Stories are the stories that f selects, newest Last first (ties by ID),
// Since <= Last < Until, with an article of f.Outlet if it is not "";
// f.Limit of them (50 when <= 0, at most 500) after f.Offset.
func (s *Store) Stories(ctx context.Context, f store.StoryFilter) ([]store.Story, error) {
	var (
		where []string
		args  []any
	)
	if !f.Since.IsZero() {
		where = append(where, `s.last_seen >= ?`)
		args = append(args, encTime(f.Since))
	}
	if !f.Until.IsZero() {
		where = append(where, `s.last_seen < ?`)
		args = append(args, encTime(f.Until))
	}
	if f.Outlet != "" {
		where = append(where, `EXISTS (SELECT 1 FROM json_each(s.outlets) o WHERE o.value = ?)`)
		args = append(args, f.Outlet)
	}
	q := `SELECT ` + storyColumns + ` FROM stories s`
	if len(where) > 0 {
		q += ` WHERE ` + strings.Join(where, ` AND `)
	}
	q += ` ORDER BY s.last_seen DESC, s.id LIMIT ? OFFSET ?`
	args = append(args, clampLimit(f.Limit, 50, 500), max(f.Offset, 0))
	stories, err := scanStories(s.r.QueryContext(ctx, q, args...))
	if err != nil {
		return nil, fmt.Errorf("stories: %w", err)
	}
	return stories, nil
}

// Story is the story of that ID; ErrNotFound if there is none.
func (s *Store) Story(ctx context.Context, id string) (store.Story, error) {
	st, err := scanStory(s.r.QueryRowContext(ctx, `SELECT `+storyColumns+` FROM stories s WHERE s.id = ?`, id))
	if errors.Is(err, sql.ErrNoRows) {
		return store.Story{}, fmt.Errorf("story %q: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return store.Story{}, fmt.Errorf("story %q: %w", id, err)
	}
	return st, nil
}

// MoveArticles moves every article of story from into story to, brings to
// up to date (aggregates, stale, version + 1) and removes from, in one
// transaction. ErrNotFound if from is not a story; to is created (with
// from's title) if it is not one yet. Moving a story into itself does
// nothing.
func (s *Store) MoveArticles(ctx context.Context, from, to string) error {
	if to == "" {
		return fmt.Errorf("move articles of story %q: empty target story", from)
	}
	return s.write(ctx, func(tx *sql.Tx) error {
		var title string
		err := tx.QueryRowContext(ctx, `SELECT title FROM stories WHERE id = ?`, from).Scan(&title)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("move articles: story %q: %w", from, store.ErrNotFound)
		}
		if err != nil {
			return fmt.Errorf("move articles of story %q: %w", from, err)
		}
		if from == to {
			return nil
		}
		now := encTime(s.now())
		steps := []struct {
			q    string
			args []any
		}{
			{`INSERT INTO stories(id, title, updated) VALUES (?, ?, ?) ON CONFLICT(id) DO NOTHING`, []any{to, title, now}},
			{`UPDATE articles SET story = ? WHERE story = ?`, []any{to, from}},
			{`DELETE FROM stories WHERE id = ?`, []any{from}},
			// Stories merged into from earlier now lead to to as well.
			{`UPDATE story_merges SET to_id = ? WHERE to_id = ?`, []any{to, from}},
			{`INSERT INTO story_merges(from_id, to_id, merged) VALUES (?, ?, ?)
				ON CONFLICT(from_id) DO UPDATE SET to_id = excluded.to_id, merged = excluded.merged`, []any{from, to, now}},
			{`DELETE FROM story_merges WHERE from_id = ?`, []any{to}},
		}
		for _, st := range steps {
			if _, err := tx.ExecContext(ctx, st.q, st.args...); err != nil {
				return fmt.Errorf("move articles of story %q to %q: %w", from, to, err)
			}
		}
		return refreshStories(ctx, tx, now, to)
	})
}

// MergedInto is the story that story id was merged into, if it was
// (ErrNotFound if it never was, or if it is a story).
func (s *Store) MergedInto(ctx context.Context, id string) (string, error) {
	var to string
	err := s.r.QueryRowContext(ctx, `SELECT m.to_id FROM story_merges m JOIN stories st ON st.id = m.to_id WHERE m.from_id = ?`, id).Scan(&to)
	if errors.Is(err, sql.ErrNoRows) {
		return "", fmt.Errorf("story %q was not merged: %w", id, store.ErrNotFound)
	}
	if err != nil {
		return "", fmt.Errorf("story %q: %w", id, err)
	}
	return to, nil
}

// StaleStories are the stories whose digest must be recomputed, the
// longest stale first (by Updated, then ID), at most limit (all when
// limit <= 0).
func (s *Store) StaleStories(ctx context.Context, limit int) ([]store.Story, error) {
	if limit <= 0 {
		limit = -1
	}
	stories, err := scanStories(s.r.QueryContext(ctx, `SELECT `+storyColumns+` FROM stories s
		WHERE s.stale ORDER BY s.updated, s.id LIMIT ?`, limit))
	if err != nil {
		return nil, fmt.Errorf("stale stories: %w", err)
	}
	return stories, nil
}

// PutDigest stores the story's digest and title (an empty title keeps the
// one stored), clears Stale and bumps Version, if the story is still at
// version; if not, it writes nothing and ok is false. ErrNotFound if the
// story is not there; an error if digest is not valid JSON.
func (s *Store) PutDigest(ctx context.Context, story string, version int64, title string, digest json.RawMessage) (bool, error) {
	var d any
	if len(digest) > 0 {
		if !json.Valid(digest) {
			return false, fmt.Errorf("put digest of story %q: digest is not valid JSON", story)
		}
		d = string(digest)
	}
	ok := false
	err := s.write(ctx, func(tx *sql.Tx) error {
		ok = false
		res, err := tx.ExecContext(ctx, `UPDATE stories SET digest = ?1,
			title = CASE WHEN ?2 <> '' THEN ?2 ELSE title END,
			stale = 0, version = version + 1, updated = ?3
			WHERE id = ?4 AND version = ?5`, d, title, encTime(s.now()), story, version)
		if err != nil {
			return fmt.Errorf("put digest of story %q: %w", story, err)
		}
		n, err := res.RowsAffected()
		if err != nil {
			return fmt.Errorf("put digest of story %q: %w", story, err)
		}
		if n > 0 {
			ok = true
			return nil
		}
		var one int
		err = tx.QueryRowContext(ctx, `SELECT 1 FROM stories WHERE id = ?`, story).Scan(&one)
		if errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("put digest: story %q: %w", story, store.ErrNotFound)
		}
		return err
	})
	return ok, err
}

// Digest is the story's digest as stored (nil if none yet) and its
// version; ErrNotFound if the story is not there.
func (s *Store) Digest(ctx context.Context, story string) (json.RawMessage, int64, error) {
	var (
		d       sql.NullString
		version int64
	)
	err := s.r.QueryRowContext(ctx, `SELECT digest, version FROM stories WHERE id = ?`, story).Scan(&d, &version)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, 0, fmt.Errorf("digest: story %q: %w", story, store.ErrNotFound)
	}
	if err != nil {
		return nil, 0, fmt.Errorf("digest of story %q: %w", story, err)
	}
	if !d.Valid {
		return nil, version, nil
	}
	return json.RawMessage(d.String), version, nil
}
