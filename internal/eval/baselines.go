package eval

import (
	"cmp"
	"hash/fnv"
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/summarize"
)

// pick is a sentence of a story: document d, sentence s.
type pick struct{ d, s int }

// words counts a sentence's words as budgets do.
func words(in *Input, p pick) int { return news.CountWords(in.Docs[p.d].Sentences[p.s].Text) }

// leadFirst is the lead of the earliest-dated article: its sentences in
// order while they fit the budget, stopping at the first that does not,
// so that the summary is a prefix of the article. Undated articles are
// passed over when any article has a date; when none has, the first
// article is taken.
func leadFirst(in *Input) news.Summary {
	return lead(in, datedArticle(in.Docs, func(a, b time.Time) bool { return a.Before(b) }, 0))
}

// leadLatest is leadFirst for the latest-dated article (the last one when
// none has a date), which is NIST's DUC baseline: the start of the most
// recent article. Among articles of the same date the last in input order
// is taken.
func leadLatest(in *Input) news.Summary {
	return lead(in, datedArticle(in.Docs, func(a, b time.Time) bool { return !a.Before(b) }, len(in.Docs)-1))
}

// datedArticle returns the index of the article whose date wins by
// better over every other dated article, or fallback when none is dated.
func datedArticle(docs []news.Document, better func(a, b time.Time) bool, fallback int) int {
	best := -1
	for i := range docs {
		t := docs[i].Published
		if t.IsZero() {
			continue
		}
		if best < 0 || better(t, docs[best].Published) {
			best = i
		}
	}
	if best < 0 {
		return fallback
	}
	return best
}

func lead(in *Input, d int) news.Summary {
	var picks []pick
	if d < 0 || d >= len(in.Docs) {
		return makeSummary(in, nil)
	}
	left := in.Words
	for s := range in.Docs[d].Sentences {
		p := pick{d, s}
		n := words(in, p)
		if n == 0 {
			continue
		}
		if n > left {
			break
		}
		picks = append(picks, p)
		left -= n
	}
	return makeSummary(in, picks)
}

// randomSentences draws the story's sentences uniformly at random, in a
// random order, keeping each one that still fits the budget. The
// generator is PCG seeded with Input.Seed and a hash of the story id, so
// a story's summary does not depend on the other stories or on the order
// they are summarized in.
func randomSentences(in *Input) news.Summary {
	all := candidates(in)
	h := fnv.New64a()
	h.Write([]byte(in.Story.ID))
	r := rand.New(rand.NewPCG(in.Seed, h.Sum64()))
	r.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
	var picks []pick
	left := in.Words
	for _, p := range all {
		if n := words(in, p); n <= left {
			picks = append(picks, p)
			left -= n
		}
	}
	return makeSummary(in, picks)
}

// candidates lists every sentence with at least one word, in document
// then sentence order.
func candidates(in *Input) []pick {
	var out []pick
	for d := range in.Docs {
		for s := range in.Docs[d].Sentences {
			if words(in, pick{d, s}) > 0 {
				out = append(out, pick{d, s})
			}
		}
	}
	return out
}

// makeSummary puts the picked sentences in reading order (their article's
// date, undated articles taking the date of the one before them, then
// input order, then position) and makes the summary. Baselines carry no
// support.
func makeSummary(in *Input, picks []pick) news.Summary {
	rank := summarize.ReadingRank(in.Docs)
	slices.SortFunc(picks, func(a, b pick) int {
		return cmp.Or(cmp.Compare(rank[a.d], rank[b.d]), cmp.Compare(a.s, b.s))
	})
	sum := news.Summary{ID: in.Story.ID, Sentences: make([]news.SummarySentence, 0, len(picks))}
	texts := make([]string, 0, len(picks))
	for _, p := range picks {
		doc := &in.Docs[p.d]
		s := &doc.Sentences[p.s]
		sum.Sentences = append(sum.Sentences, news.SummarySentence{Text: s.Text, DocID: doc.ID, Span: s.Span})
		texts = append(texts, s.Text)
	}
	sum.Text = strings.Join(texts, " ")
	return sum
}
