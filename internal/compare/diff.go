package compare

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/text"
)

// Thresholds of quote grouping, chosen on testdata/quotes-*.jsonl and the
// seeds: renderings of one statement by two outlets score 0.7 to 1
// (truncations 1 by containment), different sentences of one speaker on
// one subject 0.15 to 0.45.
const (
	qGroupThreshold  = 0.6
	qRepeatThreshold = 0.85 // a document repeating a statement of its own
	qMinContainment  = 4    // words the shorter quote needs for containment to count
)

// qQuoteSeq is a quote as grouping compares it.
type qQuoteSeq struct {
	words   []string // stems, qContractions expanded, bracketed words left out
	content map[string]bool
}

var qContractions = map[string][]string{
	"i'm": {"i", "am"}, "can't": {"can", "not"}, "cannot": {"can", "not"}, "won't": {"will", "not"},
	"shan't": {"shall", "not"}, "let's": {"let", "us"}, "it's": {"it", "is"}, "that's": {"that", "is"},
	"there's": {"there", "is"}, "what's": {"what", "is"}, "he's": {"he", "is"}, "she's": {"she", "is"},
	"here's": {"here", "is"}, "who's": {"who", "is"},
}

func qExpand(w string) []string {
	if e, ok := qContractions[w]; ok {
		return e
	}
	switch {
	case strings.HasSuffix(w, "n't") && len(w) > 3:
		return []string{w[:len(w)-3], "not"}
	case strings.HasSuffix(w, "'re"):
		return []string{w[:len(w)-3], "are"}
	case strings.HasSuffix(w, "'ll"):
		return []string{w[:len(w)-3], "will"}
	case strings.HasSuffix(w, "'ve"):
		return []string{w[:len(w)-3], "have"}
	case strings.HasSuffix(w, "'d"):
		return []string{w[:len(w)-2], "would"}
	}
	return []string{w}
}

func qStemWord(w string) string {
	base := strings.TrimSuffix(w, "'s")
	if base == "" {
		base = w
	}
	if utf8.RuneCountInString(base) <= 3 {
		return base
	}
	return text.Stem(base)
}

func qNewQuoteSeq(s string) qQuoteSeq {
	q := qQuoteSeq{content: map[string]bool{}}
	depth := 0
	for _, t := range text.Tokenize(s) {
		if t.Kind == news.Punct {
			switch t.Norm {
			case "(", "[", "{":
				depth++
			case ")", "]", "}":
				depth = max(0, depth-1)
			}
			continue
		}
		if depth > 0 {
			continue // an editor's insertion
		}
		for _, w := range qExpand(t.Norm) {
			st := qStemWord(w)
			q.words = append(q.words, st)
			if !text.IsStopword(w) && w != "not" {
				q.content[st] = true
			}
		}
	}
	return q
}

// qQuoteSimilarity is how alike two quotes' words are, from 0 to 1: the
// larger of the LCS ratio 2·LCS/(|a|+|b|) and, when the shorter has at
// least qMinContainment words, the containment LCS/min(|a|,|b|) that a
// truncated rendering scores. Without two content words in common (or
// half the shorter one's content words) it is 0.
func qQuoteSimilarity(a, b *qQuoteSeq) float64 {
	la, lb := len(a.words), len(b.words)
	if la == 0 || lb == 0 {
		return 0
	}
	common := 0
	for w := range a.content {
		if b.content[w] {
			common++
		}
	}
	minC := min(len(a.content), len(b.content))
	if common < 2 && common < minC || 2*common < minC {
		return 0
	}
	l := float64(qLcsLen(a.words, b.words))
	sim := 2 * l / float64(la+lb)
	if m := min(la, lb); m >= qMinContainment {
		sim = max(sim, l/float64(m))
	}
	return sim
}

// qLcsLen is the length of the longest common subsequence of a and b.
func qLcsLen(a, b []string) int {
	if len(a) < len(b) {
		a, b = b, a
	}
	row := make([]int, len(b)+1)
	for i := range a {
		diag := 0
		for j := range b {
			up := row[j+1]
			if a[i] == b[j] {
				row[j+1] = diag + 1
			} else if row[j] > row[j+1] {
				row[j+1] = row[j]
			}
			diag = up
		}
	}
	return row[len(b)]
}

// Diff is the word-level difference of b from a: qRuns of words kept
// ("="), added in b ("+") and missing from b ("-"), from a longest common
// subsequence of the words compared folded and without the punctuation
// around them. Runs keep b's wording for "=" and "+" and a's for "-"; a
// deletion comes before the insertion that replaces it.
func Diff(a, b string) []news.DiffOp {
	wa, wb := strings.Fields(a), strings.Fields(b)
	ka, kb := qDiffKeys(wa), qDiffKeys(wb)
	n, m := len(wa), len(wb)
	// L[i][j] = LCS of ka[i:] and kb[j:].
	L := make([][]int32, n+1)
	for i := range L {
		L[i] = make([]int32, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if ka[i] == kb[j] {
				L[i][j] = L[i+1][j+1] + 1
			} else {
				L[i][j] = max(L[i+1][j], L[i][j+1])
			}
		}
	}
	var ops []news.DiffOp
	emit := func(op, w string) {
		if k := len(ops) - 1; k >= 0 && ops[k].Op == op {
			ops[k].Text += " " + w
			return
		}
		ops = append(ops, news.DiffOp{Op: op, Text: w})
	}
	i, j := 0, 0
	for i < n || j < m {
		switch {
		case i < n && j < m && ka[i] == kb[j]:
			emit("=", wb[j])
			i++
			j++
		case i < n && (j == m || L[i+1][j] >= L[i][j+1]):
			emit("-", wa[i])
			i++
		default:
			emit("+", wb[j])
			j++
		}
	}
	return ops
}

func qDiffKeys(ws []string) []string {
	ks := make([]string, len(ws))
	for i, w := range ws {
		k := text.Fold(w)
		k = strings.TrimFunc(k, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) })
		if k == "" {
			k = text.Fold(w)
		}
		ks[i] = k
	}
	return ks
}
