package sqlite

import (
	"context"
	"fmt"
	"strings"
	"unicode"

	"github.com/parallaxnews/parallax/internal/store"
)

// Limits of a search query, so that a pasted page does not become an
// expression FTS5 chokes on.
const (
	maxSearchWords    = 32
	maxSearchWordRune = 64
)

// ftsQuery turns the user's words into an FTS5 query that is a conjunction
// of prefix phrases: each word (a run of non-space characters) becomes
// "tok tok …"*, its tokens being its runs of letters, digits and marks,
// the characters FTS5's unicode61 tokenizer keeps. Nothing else reaches
// FTS5, so no FTS5 syntax (quotes, NEAR, column filters, *, ^, AND/OR/NOT,
// parentheses) can be injected; a word without such characters is
// dropped. "" means there is nothing to search for.
func ftsQuery(q string) string {
	var phrases []string
	for _, word := range strings.Fields(q) {
		if len(phrases) == maxSearchWords {
			break
		}
		var toks []string
		var tok []rune
		flush := func() {
			if len(tok) > 0 {
				toks = append(toks, string(tok))
				tok = tok[:0]
			}
		}
		for _, r := range word {
			if unicode.IsLetter(r) || unicode.IsNumber(r) || unicode.IsMark(r) {
				if len(tok) < maxSearchWordRune {
					tok = append(tok, r)
				}
				continue
			}
			flush()
		}
		flush()
		if len(toks) > 0 {
			phrases = append(phrases, `"`+strings.Join(toks, " ")+`"*`)
		}
	}
	return strings.Join(phrases, " AND ")
}

// Search finds the articles that have every word of q as a prefix of a
// word of their title or text (see ftsQuery), best first by bm25 (a
// match in the title weighs 4 times one in the text), at most limit (50
// when limit <= 0, at most 500). The snippet is of the text, the matches
// between "\x02" and "\x03", "…" where it is cut. A q without words finds
// nothing, without error.
func (s *Store) Search(ctx context.Context, q string, limit int) ([]store.SearchHit, error) {
	fq := ftsQuery(q)
	if fq == "" {
		return []store.SearchHit{}, nil
	}
	rows, err := s.r.QueryContext(ctx, `SELECT `+articleColumns+`,
			snippet(articles_fts, 1, char(2), char(3), '…', 32)
		FROM articles_fts JOIN articles a ON a.seq = articles_fts.rowid
		WHERE articles_fts MATCH ?
		ORDER BY bm25(articles_fts, 4.0, 1.0), a.seq DESC
		LIMIT ?`, fq, clampLimit(limit, 50, 500))
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	defer rows.Close()
	hits := []store.SearchHit{}
	for rows.Next() {
		var h store.SearchHit
		if h.Article, err = scanArticle(rows, &h.Snippet); err != nil {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	return hits, nil
}
