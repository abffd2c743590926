package compare

import (
	"slices"
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
	id      int     // equal word sequences share an id
	words   []int32 // stems, contractions expanded, bracketed words left out
	content []int32 // the content words' stems, sorted, unique
}

type qStemEntry struct {
	id      int32
	content bool
}

// qSeqTable interns the words and word sequences of one grouping.
type qSeqTable struct {
	stems map[string]qStemEntry // folded word -> its stem
	words map[string]int32
	seqs  map[string]int
	memo  map[[2]int]float64
}

func qNewSeqTable() *qSeqTable {
	return &qSeqTable{stems: map[string]qStemEntry{}, words: map[string]int32{}, seqs: map[string]int{}, memo: map[[2]int]float64{}}
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

func (tb *qSeqTable) seq(s string) qQuoteSeq {
	var q qQuoteSeq
	var key strings.Builder
	depth := 0
	var word []rune
	flush := func() {
		if len(word) == 0 {
			return
		}
		for len(word) > 0 && (word[len(word)-1] == '\'' || word[len(word)-1] == '-') {
			word = word[:len(word)-1]
		}
		norm := string(word)
		word = word[:0]
		if depth > 0 || norm == "" {
			return // an editor's insertion
		}
		for _, w := range qExpand(norm) {
			e, ok := tb.stems[w]
			if !ok {
				st := qStemWord(w)
				id, ok := tb.words[st]
				if !ok {
					id = int32(len(tb.words))
					tb.words[st] = id
				}
				e = qStemEntry{id: id, content: !text.IsStopword(w) && w != "not"}
				tb.stems[w] = e
			}
			q.words = append(q.words, e.id)
			key.WriteString(w)
			key.WriteByte(' ')
			if e.content {
				q.content = append(q.content, e.id)
			}
		}
	}
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			word = append(word, unicode.ToLower(r))
		case (r == '\'' || r == '’' || r == 'ʼ' || r == '-') && len(word) > 0:
			if r != '-' {
				r = '\''
			}
			word = append(word, r)
		default:
			flush()
			switch r {
			case '(', '[', '{':
				depth++
			case ')', ']', '}':
				depth = max(0, depth-1)
			}
		}
	}
	flush()
	slices.Sort(q.content)
	q.content = slices.Compact(q.content)
	id, ok := tb.seqs[key.String()]
	if !ok {
		id = len(tb.seqs)
		tb.seqs[key.String()] = id
	}
	q.id = id
	return q
}

// similarity is qQuoteSimilarity, remembered per pair of sequences.
func (tb *qSeqTable) similarity(a, b *qQuoteSeq) float64 {
	k := [2]int{min(a.id, b.id), max(a.id, b.id)}
	if s, ok := tb.memo[k]; ok {
		return s
	}
	s := qQuoteSimilarity(a, b)
	tb.memo[k] = s
	return s
}

// qQuoteSimilarity is how alike two quotes' words are, from 0 to 1: the
// larger of the LCS ratio 2·LCS/(|a|+|b|) and, when the shorter has at
// least qMinContainment words, the containment LCS/min(|a|,|b|) that a
// truncated rendering scores. Without two content words in common (or
// all of the shorter one's, when it has fewer), and at least half the
// shorter one's, it is 0.
func qQuoteSimilarity(a, b *qQuoteSeq) float64 {
	la, lb := len(a.words), len(b.words)
	if la == 0 || lb == 0 {
		return 0
	}
	common := 0
	for i, j := 0, 0; i < len(a.content) && j < len(b.content); {
		switch {
		case a.content[i] == b.content[j]:
			common++
			i++
			j++
		case a.content[i] < b.content[j]:
			i++
		default:
			j++
		}
	}
	minC := min(len(a.content), len(b.content))
	if common < 2 && common < minC || 2*common < minC {
		return 0
	}
	var l float64
	if la*lb > qMaxCells {
		// Very long quotes: the words in common, an upper bound of the
		// LCS, keeps the cost linear.
		l = float64(qBagCommon(a.words, b.words))
	} else {
		l = float64(qLcsLen(a.words, b.words))
	}
	sim := 2 * l / float64(la+lb)
	if m := min(la, lb); m >= qMinContainment {
		sim = max(sim, l/float64(m))
	}
	return sim
}

// qMaxCells bounds the quadratic work of one comparison or diff.
const qMaxCells = 1 << 20

// qBagCommon counts the words a and b have in common, with multiplicity.
func qBagCommon(a, b []int32) int {
	n := map[int32]int{}
	for _, w := range a {
		n[w]++
	}
	c := 0
	for _, w := range b {
		if n[w] > 0 {
			n[w]--
			c++
		}
	}
	return c
}

// qLcsLen is the length of the longest common subsequence of a and b.
func qLcsLen(a, b []int32) int {
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
	var ops []news.DiffOp
	var run []string
	flush := func() {
		if len(ops) > 0 && len(run) > 0 {
			ops[len(ops)-1].Text = strings.Join(run, " ")
		}
		run = run[:0]
	}
	emit := func(op, w string) {
		if k := len(ops) - 1; k < 0 || ops[k].Op != op {
			flush()
			ops = append(ops, news.DiffOp{Op: op})
		}
		run = append(run, w)
	}
	// The common prefix and suffix need no table.
	p := 0
	for p < len(ka) && p < len(kb) && ka[p] == kb[p] {
		emit("=", wb[p])
		p++
	}
	sfx := 0
	for sfx < len(ka)-p && sfx < len(kb)-p && ka[len(ka)-1-sfx] == kb[len(kb)-1-sfx] {
		sfx++
	}
	tail := wb[len(wb)-sfx:]
	wa, wb, ka, kb = wa[p:len(wa)-sfx], wb[p:len(wb)-sfx], ka[p:len(ka)-sfx], kb[p:len(kb)-sfx]
	n, m := len(wa), len(wb)
	if n*m > qMaxCells {
		for _, w := range wa {
			emit("-", w)
		}
		for _, w := range wb {
			emit("+", w)
		}
		for _, w := range tail {
			emit("=", w)
		}
		flush()
		return ops
	}
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
	for _, w := range tail {
		emit("=", w)
	}
	flush()
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
