package compare

import (
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// Quotes finds the direct quotations of the documents and their speakers.
//
// Quotation marks recognised: straight (") and typographic (“ ” „ ‟)
// double quotes, guillemets both ways round («…» and »…«), the ” … ”
// and “ … ” of wire copy, and typographic single quotes (‘…’) outside
// double quotes when an opening ‘ starts a word and a closing ’ ends one
// before punctuation or space. Straight single quotes are not quote marks
// (they are too often apostrophes), nor is ’ inside or at the end of a
// word (don’t, Brahimi’s, Bays’) unless it closes an open ‘.
//
// Marks are paired within a qParagraph by their flanking (an opening qMark
// follows space and precedes a word; a closing one the reverse), the
// glyph breaking ties (“ opens, ” closes, a straight " toggles). An
// opening qMark met while a quote is open drops the earlier, unclosed one;
// a quote still open at the qParagraph's end ends there (the convention of
// quotes running over qParagraphs, whose next qParagraph reopens the quote)
// and is kept when it has at least four words. A stray closing qMark is
// ignored.
//
// A quoted qStretch is reported sentence by sentence: the qStretch is cut
// where the document's sentence splitter puts a boundary inside it
// (pieces of fewer than three words stay with a neighbour), because
// outlets quote the same statement with different cuts and sentences are
// the unit that lines up across them. Each piece keeps the qStretch's
// speaker. Quotes of one to three words are scare quotes and skipped
// unless an attribution of speech sits right beside them ("No," he said).
//
// ents may be nil; when given, speakers are normalized to its names.
func Quotes(docs []news.Document, ents []news.Entity) []news.Quote {
	idx := qNewNameIndex(docs, ents)
	var out []news.Quote
	for di := range docs {
		d := &docs[di]
		st := qFindStretches(d)
		if len(st) == 0 {
			continue
		}
		qAttribute(d, di, st, idx)
		for i := range st {
			out = qAppendPieces(out, d, &st[i])
		}
	}
	return out
}

// qStretch is one quoted passage between a pair of marks.
type qStretch struct {
	open, openEnd   int // the opening qMark
	close, closeEnd int // the closing qMark; close == closeEnd == qParagraph end when unclosed
	start, end      int // the quoted words, trimmed
	para            int
	unclosed        bool
	words           int
	// attribution
	speaker, speakerText string
	attributed           bool // an attribution of its own sentence(s)
	near                 bool // the attribution's cue is right beside the quote
}

// qParagraph is a qParagraph's byte span and its sentences.
type qParagraph struct {
	start, end int
	first, n   int // sentence indexes
}

func qParagraphs(d *news.Document) []qParagraph {
	var ps []qParagraph
	for i, s := range d.Sentences {
		if len(ps) == 0 || d.Sentences[ps[len(ps)-1].first].Paragraph != s.Paragraph {
			ps = append(ps, qParagraph{start: s.Start, end: s.End, first: i, n: 1})
			continue
		}
		p := &ps[len(ps)-1]
		p.end = s.End
		p.n++
	}
	return ps
}

const (
	qRoleAmbig = iota
	qRoleOpen
	qRoleClose
)

type qMark struct {
	pos, end int
	role     int
	glyph    rune // '"' for the straight and wire forms
	single   bool
}

func qIsDoubleQuote(r rune) bool {
	switch r {
	case '"', '“', '”', '„', '‟', '«', '»':
		return true
	}
	return false
}

func qIsQuoteRune(r rune) bool {
	return qIsDoubleQuote(r) || r == '‘' || r == '’' || r == '\'' || r == '‹' || r == '›' || r == '`'
}

// qScanMarks lists the quotation marks of body[lo:hi] with their flanking.
func qScanMarks(body string, lo, hi int) []qMark {
	var ms []qMark
	for i := lo; i < hi; {
		r, size := utf8.DecodeRuneInString(body[i:hi])
		w := 0
		glyph := r
		single := false
		switch {
		case qIsDoubleQuote(r):
			w = size
		case r == '`' && i+1 < hi && body[i+1] == '`':
			w, glyph = 2, '“'
		case r == '\'' && i+1 < hi && body[i+1] == '\'':
			w, glyph = 2, '"'
		case r == '‘' || r == '’' || r == '‹' || r == '›':
			w, single = size, true
		}
		if w == 0 {
			i += size
			continue
		}
		m := qMark{pos: i, end: i + w, glyph: glyph, single: single}
		prev, next := ' ', ' '
		if i > lo {
			prev, _ = utf8.DecodeLastRuneInString(body[lo:i])
		}
		if i+w < hi {
			next, _ = utf8.DecodeRuneInString(body[i+w : hi])
		}
		before := unicode.IsSpace(prev) || strings.ContainsRune("([{<—–-/", prev) || qIsQuoteRune(prev)
		after := unicode.IsSpace(next) || strings.ContainsRune(".,;:!?)]}>—–-…", next) || qIsQuoteRune(next)
		switch {
		case single:
			// Single marks must be clear: ‘ before a letter after space,
			// ’ after a non-space before a non-letter.
			switch {
			case (r == '‘' || r == '‹') && before && unicode.IsLetter(next):
				m.role = qRoleOpen
			case (r == '’' || r == '›') && !unicode.IsSpace(prev) && !unicode.IsLetter(next) && !unicode.IsDigit(next):
				m.role = qRoleClose
			default:
				i += w
				continue
			}
		case before && !after:
			m.role = qRoleOpen
		case after && !before:
			m.role = qRoleClose
		default:
			switch glyph {
			case '“', '„', '‟', '«':
				m.role = qRoleOpen
			case '”', '»':
				m.role = qRoleClose
			}
		}
		ms = append(ms, m)
		i += w
	}
	return ms
}

// qFindStretches pairs the quotation marks of each qParagraph.
func qFindStretches(d *news.Document) []qStretch {
	body := d.Body
	var out []qStretch
	for _, p := range qParagraphs(d) {
		if p.start < 0 || p.end > len(body) || p.start >= p.end {
			continue
		}
		ms := qScanMarks(body, p.start, p.end)
		if len(ms) == 0 {
			continue
		}
		para := d.Sentences[p.first].Paragraph
		var doubles []qStretch
		openAt := -1
		for k, m := range ms {
			if m.single {
				continue
			}
			if openAt < 0 {
				if m.role != qRoleClose {
					openAt = k
				}
				continue
			}
			if m.role == qRoleOpen {
				openAt = k // the earlier qMark was never closed: drop it
				continue
			}
			o := ms[openAt]
			doubles = append(doubles, qStretch{open: o.pos, openEnd: o.end, close: m.pos, closeEnd: m.end, para: para})
			openAt = -1
		}
		if openAt >= 0 {
			o := ms[openAt]
			doubles = append(doubles, qStretch{open: o.pos, openEnd: o.end, close: p.end, closeEnd: p.end, para: para, unclosed: true})
		}
		// Single typographic quotes outside the double ones.
		inside := func(pos int) bool {
			for _, s := range doubles {
				if pos >= s.open && pos < s.closeEnd {
					return true
				}
			}
			return false
		}
		var singles []qStretch
		for k := 0; k < len(ms); k++ {
			m := ms[k]
			if !m.single || m.role != qRoleOpen || inside(m.pos) {
				continue
			}
			best := -1
			for j := k + 1; j < len(ms) && ms[j].pos-m.end < 600; j++ {
				c := ms[j]
				if !c.single || inside(c.pos) {
					continue
				}
				if c.role == qRoleOpen {
					break
				}
				prev, _ := utf8.DecodeLastRuneInString(body[p.start:c.pos])
				next := ' '
				if c.end < p.end {
					next, _ = utf8.DecodeRuneInString(body[c.end:p.end])
				}
				if strings.ContainsRune(",.!?…", prev) || strings.ContainsRune(",.;:!?)", next) || c.end == p.end {
					best = j
					break
				}
			}
			if best < 0 {
				continue
			}
			c := ms[best]
			singles = append(singles, qStretch{open: m.pos, openEnd: m.end, close: c.pos, closeEnd: c.end, para: para})
			k = best
		}
		all := qMergeStretches(doubles, singles)
		for _, s := range all {
			s.start, s.end = qTrimQuote(body, s.openEnd, s.close)
			if s.start >= s.end {
				continue
			}
			s.words = qCountWords(d, s.start, s.end)
			if s.words == 0 || s.unclosed && s.words < 4 {
				continue
			}
			out = append(out, s)
		}
	}
	return out
}

func qMergeStretches(a, b []qStretch) []qStretch {
	if len(b) == 0 {
		return a
	}
	out := make([]qStretch, 0, len(a)+len(b))
	i, j := 0, 0
	for i < len(a) || j < len(b) {
		if j == len(b) || i < len(a) && a[i].open < b[j].open {
			out = append(out, a[i])
			i++
		} else {
			out = append(out, b[j])
			j++
		}
	}
	return out
}

// qTrimQuote trims space and a trailing comma from the quoted words.
func qTrimQuote(body string, lo, hi int) (int, int) {
	for lo < hi {
		r, size := utf8.DecodeRuneInString(body[lo:hi])
		if !unicode.IsSpace(r) && !qIsInvisibleRune(r) {
			break
		}
		lo += size
	}
	for hi > lo {
		r, size := utf8.DecodeLastRuneInString(body[lo:hi])
		if !unicode.IsSpace(r) && r != ',' && !qIsInvisibleRune(r) {
			break
		}
		hi -= size
	}
	return lo, hi
}

func qIsInvisibleRune(r rune) bool {
	return r == '\u00ad' || r == '\u200b' || r == '\u200c' || r == '\u200d' || r == '\ufeff' || r == utf8.RuneError
}

// qCountWords counts word and number tokens inside [lo, hi).
func qCountWords(d *news.Document, lo, hi int) int {
	n := 0
	for si := qSentenceAt(d, lo); si >= 0 && si < len(d.Sentences) && d.Sentences[si].Start < hi; si++ {
		ts := d.Sentences[si].Tokens
		for j := sort.Search(len(ts), func(j int) bool { return ts[j].Start >= lo }); j < len(ts) && ts[j].End <= hi; j++ {
			if ts[j].Kind != news.Punct {
				n++
			}
		}
	}
	return n
}

// qSentenceAt returns the index of the sentence qHolding pos, or of the
// first sentence after it, or -1.
func qSentenceAt(d *news.Document, pos int) int {
	lo, hi := 0, len(d.Sentences)
	for lo < hi {
		m := (lo + hi) / 2
		if d.Sentences[m].End <= pos {
			lo = m + 1
		} else {
			hi = m
		}
	}
	if lo == len(d.Sentences) {
		return -1
	}
	return lo
}

// qHolding returns the indexes [a, b) of the sentences that qOverlap [lo, hi).
func qHolding(d *news.Document, lo, hi int) (int, int) {
	a := qSentenceAt(d, lo)
	if a < 0 {
		return 0, 0
	}
	b := a
	for b < len(d.Sentences) && d.Sentences[b].Start < hi {
		b++
	}
	if b == a {
		b = a + 1
	}
	return a, b
}

// qAppendPieces cuts a qStretch at the sentence boundaries inside it and
// appends the pieces as quotes.
func qAppendPieces(out []news.Quote, d *news.Document, s *qStretch) []news.Quote {
	if s.words <= 3 && !(s.attributed && s.near) {
		return out // a scare quote
	}
	body := d.Body
	cuts := []int{s.start}
	a, b := qHolding(d, s.start, s.end)
	for i := a; i < b; i++ {
		if st := d.Sentences[i].Start; st > s.start && st < s.end {
			cuts = append(cuts, st)
		}
	}
	cuts = append(cuts, s.end)
	type piece struct{ lo, hi, words int }
	var ps []piece
	for i := 0; i+1 < len(cuts); i++ {
		lo, hi := qTrimQuote(body, cuts[i], cuts[i+1])
		if lo >= hi {
			continue
		}
		ps = append(ps, piece{lo, hi, qCountWords(d, lo, hi)})
	}
	// Pieces of fewer than three words join a neighbour.
	for i := 0; i < len(ps) && len(ps) > 1; {
		if ps[i].words >= 3 {
			i++
			continue
		}
		if i+1 < len(ps) {
			ps[i+1].lo, ps[i+1].words = ps[i].lo, ps[i+1].words+ps[i].words
		} else {
			ps[i-1].hi, ps[i-1].words = ps[i].hi, ps[i-1].words+ps[i].words
		}
		ps = append(ps[:i], ps[i+1:]...)
	}
	for _, p := range ps {
		if p.words == 0 {
			continue
		}
		sa, sb := qHolding(d, p.lo, p.hi)
		sent := news.Span{Start: p.lo, End: p.hi}
		if sa < len(d.Sentences) && sb > sa {
			sent = news.Span{Start: min(d.Sentences[sa].Start, p.lo), End: max(d.Sentences[sb-1].End, p.hi)}
		}
		out = append(out, news.Quote{
			Excerpt:     news.Excerpt{DocID: d.ID, Span: news.Span{Start: p.lo, End: p.hi}, Text: body[p.lo:p.hi]},
			Speaker:     s.speaker,
			SpeakerText: s.speakerText,
			Sentence:    sent,
		})
	}
	return out
}

// GroupQuotes groups the renderings of the same statement: by different
// outlets, and an outlet repeating itself.
//
// Two quotes are versions of one statement when their speakers agree (or
// either is unknown) and their normalized word sequences are similar
// (see qQuoteSimilarity: folded, qContractions expanded, stemmed, words in
// brackets qSet aside; the larger of LCS containment and LCS ratio, with
// enough content words in common) at or above qGroupThreshold. A quote
// joins the most similar existing group, and a group takes one version
// per document unless the document repeats the statement almost word for
// word. Groups come in order of first appearance; each version has a
// word-level diff against the group's first version (whose own diff is
// its text kept whole).
func GroupQuotes(quotes []news.Quote) []news.QuoteGroup {
	type group struct {
		speaker string
		members []int
		// distinct are the members with distinct word sequences, the
		// ones compared with; byDoc the same per document.
		distinct []int
		byDoc    map[string][]int
	}
	tb := qNewSeqTable()
	seqs := make([]qQuoteSeq, len(quotes))
	for i, q := range quotes {
		seqs[i] = tb.seq(q.Text)
	}
	var groups []group
	for i, q := range quotes {
		best, bestSim := -1, 0.0
		for gi := range groups {
			g := &groups[gi]
			if g.speaker != "" && q.Speaker != "" && g.speaker != q.Speaker {
				continue
			}
			sim, ok := 0.0, true
			for _, m := range g.byDoc[q.DocID] {
				if tb.similarity(&seqs[m], &seqs[i]) < qRepeatThreshold {
					ok = false
					break
				}
			}
			if !ok {
				continue
			}
			for _, m := range g.distinct {
				sim = max(sim, tb.similarity(&seqs[m], &seqs[i]))
			}
			if ok && sim >= qGroupThreshold && sim > bestSim {
				best, bestSim = gi, sim
			}
		}
		if best < 0 {
			groups = append(groups, group{speaker: q.Speaker, members: []int{i}, distinct: []int{i}, byDoc: map[string][]int{q.DocID: {i}}})
			continue
		}
		g := &groups[best]
		g.members = append(g.members, i)
		addDistinct := func(xs []int) []int {
			for _, m := range xs {
				if seqs[m].id == seqs[i].id {
					return xs
				}
			}
			return append(xs, i)
		}
		g.distinct = addDistinct(g.distinct)
		g.byDoc[q.DocID] = addDistinct(g.byDoc[q.DocID])
		if g.speaker == "" {
			g.speaker = q.Speaker
		}
	}
	out := make([]news.QuoteGroup, len(groups))
	for gi, g := range groups {
		first := quotes[g.members[0]].Text
		vs := make([]news.QuoteVersion, len(g.members))
		for k, m := range g.members {
			vs[k] = news.QuoteVersion{Quote: quotes[m], Diff: Diff(first, quotes[m].Text)}
		}
		out[gi] = news.QuoteGroup{Speaker: g.speaker, Versions: vs}
	}
	return out
}
