package summarize

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
)

// DefaultWords is the word budget used when Options.Words is not positive.
const DefaultWords = 100

// Options configure Summarize. The zero value summarizes in 100 words with
// Auto.
type Options struct {
	// Words is the word budget, counted with news.CountWords on the
	// sentences' text; 0 means DefaultWords. The summary never exceeds
	// it: sentences are chosen to fit, never cut.
	Words int
	// Sentences, when positive, is the budget instead: at most this many
	// sentences. Bytes, when positive (and Sentences is not), is a
	// budget in bytes of the summary's text, sentences joined by spaces.
	Sentences int
	Bytes     int
	// Method chooses the sentences; nil means Auto{}.
	Method Method
	// Query, when set, is the reader's question: its concepts weigh
	// more, and methods that rank sentences favour relevant ones.
	Query string
	// Seen are articles the reader has already read (update mode): what
	// they say weighs less, and sentences that mostly repeat them are
	// not chosen.
	Seen []news.Document
	// Compress removes closing attributions and short parentheticals
	// from sentences where the rest stays a grammatical statement (see
	// compress.go); the removed spans are listed in SummarySentence.Cut.
	Compress bool
}

// budget returns the budget and its unit.
func (o Options) budget() (int, unit) {
	switch {
	case o.Sentences > 0:
		return o.Sentences, unitSentences
	case o.Bytes > 0:
		// The last sentence has no space after it.
		return o.Bytes + 1, unitBytes
	case o.Words > 0:
		return o.Words, unitWords
	}
	return DefaultWords, unitWords
}

// Summarize returns an extractive summary of the story told by docs.
//
// Sentences are ordered for reading by their article's publication date,
// then by their position in the article. Articles without a date take the
// date of the article before them in docs, so that undated input keeps its
// order. The order does not group sentences by topic: a sentence from a
// later article stays in date order even when it continues an earlier one.
//
// Every summary sentence carries, as Support, the best matching sentence
// of each other article that states the same content (similarity at least
// minSupport), in the order of docs.
//
// Summarize is deterministic: the same documents and options give the same
// summary. Summary.ID is left for the caller to set.
func Summarize(docs []news.Document, opt Options) news.Summary {
	budget, u := opt.budget()
	m := opt.Method
	if m == nil {
		m = Auto{}
	}
	c := newCorpus(docs, opt.Query, opt.Seen, u)
	if opt.Compress {
		c.compressAll(u)
	}
	chosen := m.choose(c, budget)

	rank := ReadingRank(docs)
	slices.SortFunc(chosen, func(a, b int) int {
		sa, sb := &c.sents[a], &c.sents[b]
		return cmp.Or(
			cmp.Compare(rank[sa.doc], rank[sb.doc]),
			cmp.Compare(sa.span.Start, sb.span.Start),
		)
	})

	sum := news.Summary{Sentences: make([]news.SummarySentence, 0, len(chosen))}
	texts := make([]string, 0, len(chosen))
	for _, i := range chosen {
		s := &c.sents[i]
		ss := news.SummarySentence{
			Text:    applyCuts(s.text, s.cut),
			DocID:   docs[s.doc].ID,
			Span:    s.span,
			Support: c.support(i),
		}
		for _, cut := range s.cut {
			ss.Cut = append(ss.Cut, news.Span{Start: s.span.Start + cut.Start, End: s.span.Start + cut.End})
		}
		sum.Sentences = append(sum.Sentences, ss)
		texts = append(texts, ss.Text)
	}
	sum.Text = strings.Join(texts, " ")
	return sum
}

// ReadingRank gives each document its place in reading order, the order
// of summary sentences: by date, undated documents inheriting the date of
// the one before them, and by input order among equal dates.
func ReadingRank(docs []news.Document) []int {
	dates := make([]time.Time, len(docs))
	var last time.Time
	for i := range docs {
		if !docs[i].Published.IsZero() {
			last = docs[i].Published
		}
		dates[i] = last
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		return dates[a].Compare(dates[b])
	})
	rank := make([]int, len(docs))
	for r, d := range order {
		rank[d] = r
	}
	return rank
}

// minSupport is the similarity from which a sentence of another article
// counts as stating the same content. It is calibrated on the package's
// fixtures, where outlets' rewordings of one fact score about 0.3 to 0.4
// and different facts of one story that share names and places 0.16 and
// below, and checked by reading DUC 2006 summaries, where sentences that
// only share the story's topic score up to about 0.25.
const minSupport = 0.25

// support returns, for each article other than sentence i's, its sentence
// most similar to sentence i if that is similar enough, in document order.
func (c *corpus) support(i int) []news.Support {
	s := &c.sents[i]
	out := []news.Support{}
	best, bestSim := -1, 0.0
	flush := func() {
		if best < 0 {
			return
		}
		b := &c.sents[best]
		out = append(out, news.Support{
			DocID:      c.docs[b.doc].ID,
			Span:       b.span,
			Text:       b.text,
			Similarity: math.Round(bestSim*1000) / 1000,
		})
		best, bestSim = -1, 0
	}
	for j := range c.sents {
		o := &c.sents[j]
		if j > 0 && o.doc != c.sents[j-1].doc {
			flush()
		}
		if o.doc == s.doc || c.docs[o.doc].ID == c.docs[s.doc].ID || !o.statement {
			continue
		}
		// Two shared terms at least: one name in common is not a fact
		// in common.
		if sim, shared := c.similarity(s, o); shared >= 2 && sim >= minSupport && sim > bestSim {
			best, bestSim = j, sim
		}
	}
	flush()
	return out
}
