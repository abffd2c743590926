package sqlite

import (
	"context"
	"fmt"
	"strings"

	"github.com/parallaxnews/parallax/internal/store"
)

// Limits of a search query, so that a pasted page does not become an
// expression FTS5 chokes on.
const (
	maxSearchWords    = 32
	maxSearchWordRune = 64
)

// queryWords are the words of q (runs of non-space characters, at most
// maxSearchWords of them), each as its tokens: its runs of letters, digits
// and marks, the characters FTS5's unicode61 tokenizer keeps. A word
// without such characters is dropped.
func queryWords(q string) [][]string {
	var words [][]string
	for _, word := range strings.Fields(q) {
		if len(words) == maxSearchWords {
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
			if isTokenRune(r) {
				if len(tok) < maxSearchWordRune {
					tok = append(tok, r)
				}
				continue
			}
			flush()
		}
		flush()
		if len(toks) > 0 {
			words = append(words, toks)
		}
	}
	return words
}

// ftsQuery is the FTS5 query of words: a conjunction of prefix phrases,
// "tok tok …"* for each word. Nothing but letters, digits and marks of the
// user's words reaches FTS5, so no FTS5 syntax (quotes, NEAR, column
// filters, *, ^, AND/OR/NOT, parentheses) can be injected. "" means there
// is nothing to search for.
func ftsQuery(words [][]string) string {
	phrases := make([]string, len(words))
	for i, toks := range words {
		phrases[i] = `"` + strings.Join(toks, " ") + `"*`
	}
	return strings.Join(phrases, " AND ")
}

// Search finds the articles that have every word of q as a prefix of a
// word of their title or text (see ftsQuery), best first by bm25 (a
// match in the title weighs 4 times one in the text), at most limit (50
// when limit <= 0, at most 500). The snippet is of the text (see snippet),
// the matches between "\x02" and "\x03", "…" where it is cut. A q without
// words finds nothing, without error.
func (s *Store) Search(ctx context.Context, q string, limit int) ([]store.SearchHit, error) {
	words := queryWords(q)
	if len(words) == 0 {
		return []store.SearchHit{}, nil
	}
	terms := searchTerms(words)
	// Ranked on the index alone, then joined to the articles: the sort
	// does not carry the texts of every match.
	rows, err := s.r.QueryContext(ctx, `WITH hits AS (
			SELECT rowid, bm25(articles_fts, 4.0, 1.0) AS score FROM articles_fts
			WHERE articles_fts MATCH ? ORDER BY score, rowid DESC LIMIT ?)
		SELECT `+articleColumns+` FROM hits JOIN articles a ON a.seq = hits.rowid
		ORDER BY hits.score, hits.rowid DESC`, ftsQuery(words), clampLimit(limit, 50, 500))
	if err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	defer rows.Close()
	hits := []store.SearchHit{}
	for rows.Next() {
		var h store.SearchHit
		if h.Article, err = scanArticle(rows); err != nil {
			return nil, fmt.Errorf("search %q: %w", q, err)
		}
		h.Snippet = snippet(h.Article.Body, terms)
		hits = append(hits, h)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("search %q: %w", q, err)
	}
	return hits, nil
}
