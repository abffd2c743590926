package summarize

import (
	"encoding/binary"
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/text"
)

// corpus is a story prepared once for selection and attribution. Terms
// and concepts are mapped to dense ids so that the inner loops work on
// int32 slices and plain arrays instead of maps.
type corpus struct {
	docs  []news.Document
	sents []sentence // every sentence, in document then sentence order
	idf   []float32  // by term id
	// weight is the importance of each concept: the number of articles
	// that mention it, or 0 for concepts too rare to signal the story;
	// raised for concepts of the reader's question and lowered for
	// concepts the reader has already seen (see adjustWeights).
	weight []float32
	// query is the question's content terms with their tf-idf weights
	// (terms in increasing id order), and qnorm its norm; empty without
	// a question.
	query []int32
	qvec  []float32
	qnorm float64
	// seen holds the sentences of the articles the reader has read
	// (update mode), analysed like the story's but never selected.
	seen []sentence
	// seenConcept marks the concepts the seen articles state.
	seenConcept []bool
}

// sentence is one sentence of the story with its features.
type sentence struct {
	doc  int // index into corpus.docs
	idx  int // index into the document's Sentences
	pos  int // news.Sentence.Index: position in the article
	span news.Span
	text string
	// words is the sentence's length in words (news.CountWords), and
	// cost its length in the budget's unit: words, bytes (with the
	// joining space) or 1 for a sentence budget.
	words int
	cost  int
	// rel is the sentence's relevance to the reader's question, the
	// cosine of their tf-idf vectors (0 without a question), and novel
	// how new it is to a reader who has seen Options.Seen: 1 minus its
	// greatest similarity to a seen sentence (1 without them).
	rel, novel float64
	// cut are the spans of text (relative to its start) that light
	// compression removes, when Options.Compress.
	cut []news.Span
	// cand says whether the sentence may be selected: it passes the
	// content filters and is not a copy of an earlier sentence.
	cand bool
	// statement says whether the sentence reads as a statement, which
	// may support another: not a headline, a table row or a fragment.
	statement bool
	// copy is true for a sentence whose content terms repeat an earlier
	// sentence of another article word for word (a wire copy).
	copy bool
	// terms holds the distinct content term ids in increasing order and
	// vec their tf-idf weights; norm is the vector's Euclidean norm and
	// idfSum the sum of the terms' idf.
	terms  []int32
	vec    []float32
	norm   float64
	idfSum float64
	// concepts holds the distinct concept ids (content stems, and stem
	// bigrams with at least one content stem) in the order met.
	concepts []int32
}

// Concepts rarer than this many articles carry no weight: a phrase one
// outlet uses is not evidence of what the story is about. Small stories
// use a lower floor so that they still have concepts.
func minConceptDF(ndocs int) int {
	switch {
	case ndocs < 4:
		return 1
	case ndocs < 10:
		return 2
	}
	return 3
}

// unigramWeight scales single-stem concepts against stem bigrams, which
// say more about a fact ("oil spill" rather than "oil" and "spill").
const unigramWeight = 0.5

// nameWeight scales the idf of names (terms mostly capitalised inside a
// sentence) in sentence vectors.
const nameWeight = 0.5

// unit is what a budget counts.
type unit int

const (
	unitWords unit = iota
	unitSentences
	unitBytes
)

// newCorpus prepares the story told by docs for a reader who asks query
// (may be empty) and has read seen (may be nil), with sentence costs in
// the budget's unit.
func newCorpus(docs []news.Document, query string, seen []news.Document, u unit) *corpus {
	c := &corpus{docs: docs}
	n, ntok := 0, 0
	for i := range docs {
		n += len(docs[i].Sentences)
		for j := range docs[i].Sentences {
			ntok += len(docs[i].Sentences[j].Tokens)
		}
	}
	c.sents = make([]sentence, 0, n)

	// Sized from the token count: growing these is most of the cost of
	// preparing a large story otherwise.
	stemID := make(map[string]int32, ntok/8)
	var content []bool // by term id: a content word or number
	// By term id: occurrences after a sentence's first word, and how many
	// of them are capitalised, to tell names from other words.
	var occ, caps []int32
	// Concepts get dense ids as they are met: a stem's through
	// uniConcept (by term id, -1 until met as content), a bigram's
	// through a map keyed by its two term ids. mark[k] is the last
	// sentence that took concept k, to keep a sentence's concepts
	// distinct without sorting them.
	var uniConcept []int32
	bigram := make(map[uint64]int32, ntok/2)
	var unigram []bool // by concept id
	var mark []int32
	newConcept := func(uni bool) int32 {
		unigram = append(unigram, uni)
		mark = append(mark, -1)
		return int32(len(unigram) - 1)
	}
	// Content term sequence → its first sentence in the story, or -1 for
	// one of a seen article.
	firstSeq := make(map[string]int, n)

	// Backing arrays shared by all sentences, to allocate a few large
	// slices rather than several small ones per sentence.
	termBuf := make([]int32, 0, ntok/2)
	vecBuf := make([]float32, 0, ntok/2)
	conceptBuf := make([]int32, 0, ntok)
	var seq, cs []int32
	var key []byte

	// Seen articles come first, so that a story sentence repeating one
	// of them is found to be a copy; their sentences go to c.seen, with
	// doc the index into seen.
	all := append(seen[:len(seen):len(seen)], docs...)
	for ad := range all {
		body := all[ad].Body
		isSeen := ad < len(seen)
		d := ad - len(seen)
		if isSeen {
			d = ad
		}
		for si := range all[ad].Sentences {
			s := &all[ad].Sentences[si]
			off := 0
			if s.Index == 0 {
				off = datelineEnd(s.Text)
			}
			st := sentence{
				doc:  d,
				idx:  si,
				pos:  s.Index,
				span: news.Span{Start: s.Start + off, End: s.End},
				text: s.Text[off:],
			}
			st.words = news.CountWords(st.text)
			switch u {
			case unitSentences:
				st.cost = 1
			case unitBytes:
				st.cost = len(st.text) + 1
			default:
				st.cost = st.words
			}

			// Content terms in order (with repeats) and concepts.
			seq, cs = seq[:0], cs[:0]
			sent := int32(len(c.sents) + len(c.seen))
			prev := int32(-1)
			first := true
			for _, t := range s.Tokens {
				if t.Start < st.span.Start {
					continue
				}
				if t.Kind == news.Punct {
					prev = -1
					continue
				}
				id, ok := stemID[t.Stem]
				if !ok {
					id = int32(len(content))
					stemID[t.Stem] = id
					// Reporting verbs are not content: "said" in two
					// sentences says nothing about their facts.
					content = append(content, t.Kind == news.Number || !t.Stop && !attribution[t.Norm])
					occ = append(occ, 0)
					caps = append(caps, 0)
					uniConcept = append(uniConcept, -1)
				}
				if !first && t.Kind == news.Word {
					occ[id]++
					if r, _ := utf8.DecodeRuneInString(body[min(t.Start, len(body)):]); unicode.IsUpper(r) {
						caps[id]++
					}
				}
				first = false
				if content[id] {
					seq = append(seq, id)
					k := uniConcept[id]
					if k < 0 {
						k = newConcept(true)
						uniConcept[id] = k
					}
					if mark[k] != sent {
						mark[k] = sent
						cs = append(cs, k)
					}
				}
				if prev >= 0 && (content[prev] || content[id]) {
					pair := uint64(prev)<<32 | uint64(id)
					k, ok := bigram[pair]
					if !ok {
						k = newConcept(false)
						bigram[pair] = k
					}
					if mark[k] != sent {
						mark[k] = sent
						cs = append(cs, k)
					}
				}
				prev = id
			}
			if len(seq) > 0 {
				key = key[:0]
				for _, id := range seq {
					key = binary.LittleEndian.AppendUint32(key, uint32(id))
				}
				if first, ok := firstSeq[string(key)]; ok {
					// A repeat of another article's sentence, or of
					// one the reader has seen, is a copy.
					st.copy = !isSeen && (first < 0 || c.sents[first].doc != d)
				} else if isSeen {
					firstSeq[string(key)] = -1
				} else {
					firstSeq[string(key)] = len(c.sents)
				}
			}

			// Term frequencies: sort, then run-length encode.
			sorted := append(termBuf[len(termBuf):], seq...)
			slices.Sort(sorted)
			m := len(termBuf)
			for i, id := range sorted {
				if i > 0 && id == sorted[i-1] {
					vecBuf[len(vecBuf)-1]++
					continue
				}
				termBuf = append(termBuf, id)
				vecBuf = append(vecBuf, 1)
			}
			st.terms = termBuf[m:len(termBuf):len(termBuf)]
			st.vec = vecBuf[m:len(vecBuf):len(vecBuf)]

			m = len(conceptBuf)
			conceptBuf = append(conceptBuf, cs...)
			st.concepts = conceptBuf[m:len(conceptBuf):len(conceptBuf)]

			if isSeen {
				c.seen = append(c.seen, st)
			} else {
				c.sents = append(c.sents, st)
			}
		}
	}

	// Document frequencies, counted with a last-document marker per id
	// rather than a set per article. Wire copies do not count towards
	// concept weights: a story reprinted five times is one voice.
	ndocs := len(docs)
	df := make([]int32, len(content))
	last := make([]int32, len(content))
	cdf := make([]int32, len(unigram))
	clast := make([]int32, len(unigram))
	for i := range last {
		last[i] = -1
	}
	for i := range clast {
		clast[i] = -1
	}
	for i := range c.sents {
		st := &c.sents[i]
		d := int32(st.doc)
		for _, t := range st.terms {
			if last[t] != d {
				last[t] = d
				df[t]++
			}
		}
		if st.copy {
			continue
		}
		for _, k := range st.concepts {
			if clast[k] != d {
				clast[k] = d
				cdf[k]++
			}
		}
	}

	// Within the story, a term every article uses still counts (idf 1):
	// the smoothing keeps single-article stories meaningful.
	c.idf = make([]float32, len(content))
	for t, n := range df {
		if n == 0 {
			continue
		}
		idf := 1 + math.Log(float64(ndocs)/float64(n))
		// Names say who and where, not what happened: two sentences
		// that share only names state different facts.
		if 2*caps[t] > occ[t] {
			idf *= nameWeight
		}
		c.idf[t] = float32(idf)
	}
	minDF := int32(minConceptDF(ndocs))
	c.weight = make([]float32, len(unigram))
	for k, uni := range unigram {
		if cdf[k] < minDF {
			continue
		}
		w := float32(cdf[k])
		if uni {
			w *= unigramWeight
		}
		c.weight[k] = w
	}

	weigh := func(st *sentence) {
		var norm, sum float64
		for j, t := range st.terms {
			st.vec[j] *= c.idf[t]
			norm += float64(st.vec[j]) * float64(st.vec[j])
			sum += float64(c.idf[t])
		}
		st.norm = math.Sqrt(norm)
		st.idfSum = sum
	}
	for i := range c.seen {
		weigh(&c.seen[i])
	}

	// The reader's question: its content terms that the story uses.
	var queryTerm []bool // by term id
	if query != "" {
		queryTerm = make([]bool, len(content))
		tf := map[int32]float32{}
		for _, t := range text.Tokenize(query) {
			if id, ok := stemID[t.Stem]; ok && content[id] && t.Kind != news.Punct && !queryStop[t.Norm] {
				queryTerm[id] = true
				tf[id]++
			}
		}
		for id := range tf {
			c.query = append(c.query, id)
		}
		slices.Sort(c.query)
		for _, id := range c.query {
			v := tf[id] * c.idf[id]
			c.qvec = append(c.qvec, v)
			c.qnorm += float64(v) * float64(v)
		}
		c.qnorm = math.Sqrt(c.qnorm)
	}
	c.seenConcept = make([]bool, len(unigram))
	for i := range c.seen {
		for _, k := range c.seen[i].concepts {
			c.seenConcept[k] = true
		}
	}
	c.adjustWeights(queryTerm, uniConcept, bigram)

	for i := range c.sents {
		st := &c.sents[i]
		weigh(st)
		st.rel = c.relevance(st)
		st.novel = 1
		for j := range c.seen {
			if sim, _ := c.similarity(st, &c.seen[j]); 1-sim < st.novel {
				st.novel = 1 - sim
			}
		}
		why := reject(st, docs[st.doc].Sentences[st.idx].Tokens)
		st.cand = why == "" && !st.copy && st.novel >= minNovelty
		st.statement = why != "no final punctuation" && why != "capitals or symbols" && why != "no content"
	}
	return c
}

// Question and update weighting. A concept of the question is worth
// 1+queryBoost times as much; a concept the reader has seen keeps
// seenWeight of its worth; a sentence less novel than minNovelty (mostly
// a restatement of a seen sentence) is not selected. Set on DUC 2006
// (questions: boosts of 1 to 4 score alike, 0 is clearly worse) and the
// DUC 2007 update sets (seen weights of 0.5 to 0.7 score alike; 0.1 loses
// the story's core, which update summaries still repeat).
const (
	queryBoost = 2.0
	seenWeight = 0.6
	minNovelty = 0.35
)

// queryStop are words of DUC-style topic statements that ask rather
// than say what the story is about.
var queryStop = map[string]bool{
	"describe": true, "discuss": true, "identify": true, "explain": true, "include": true,
	"information": true, "specific": true, "report": true, "reported": true, "details": true,
	"detail": true, "provide": true, "involved": true, "what": true, "who": true, "how": true,
	"why": true, "when": true, "where": true, "which": true, "any": true, "related": true,
	"regarding": true, "concerning": true, "aspects": true, "efforts": true, "effort": true,
}

// adjustWeights raises the weights of the question's concepts (a stem of
// the question, or a bigram with one) and lowers those of seen concepts.
func (c *corpus) adjustWeights(queryTerm []bool, uniConcept []int32, bigram map[uint64]int32) {
	if queryTerm != nil {
		boost := make([]bool, len(c.weight))
		for id, q := range queryTerm {
			if q && uniConcept[id] >= 0 {
				boost[uniConcept[id]] = true
			}
		}
		for pair, k := range bigram {
			if queryTerm[pair>>32] || queryTerm[uint32(pair)] {
				boost[k] = true
			}
		}
		for k, b := range boost {
			if b {
				c.weight[k] *= 1 + queryBoost
			}
		}
	}
	for k, s := range c.seenConcept {
		if s {
			c.weight[k] *= seenWeight
		}
	}
}

// relevance is the cosine of a sentence's tf-idf vector with the
// question's, 0 without a question.
func (c *corpus) relevance(st *sentence) float64 {
	if c.qnorm == 0 || st.norm == 0 {
		return 0
	}
	return dot(st.terms, st.vec, c.query, c.qvec) / (st.norm * c.qnorm)
}

// cosine is the cosine similarity of two sentences' tf-idf vectors.
func cosine(a, b *sentence) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	return dot(a.terms, a.vec, b.terms, b.vec) / (a.norm * b.norm)
}

// dot is the dot product of two sparse vectors, each given as its term
// ids in increasing order and their weights.
func dot(at []int32, av []float32, bt []int32, bv []float32) float64 {
	var d float64
	i, j := 0, 0
	for i < len(at) && j < len(bt) {
		switch {
		case at[i] < bt[j]:
			i++
		case at[i] > bt[j]:
			j++
		default:
			d += float64(av[i]) * float64(bv[j])
			i++
			j++
		}
	}
	return d
}

// similarity says how much of sentence a's content sentence b states,
// from 0 to 1, in a way that tolerates rewording: the mean of their tf-idf
// cosine and the share of a's idf mass that b contains, which stays high
// when b adds a clause to a's fact. shared is the number of terms in
// common.
func (c *corpus) similarity(a, b *sentence) (sim float64, shared int) {
	if a.norm == 0 || b.norm == 0 {
		return 0, 0
	}
	var dot, mass float64
	i, j := 0, 0
	for i < len(a.terms) && j < len(b.terms) {
		switch {
		case a.terms[i] < b.terms[j]:
			i++
		case a.terms[i] > b.terms[j]:
			j++
		default:
			dot += float64(a.vec[i]) * float64(b.vec[j])
			mass += float64(c.idf[a.terms[i]])
			shared++
			i++
			j++
		}
	}
	cos := dot / (a.norm * b.norm)
	over := mass / a.idfSum
	return min(1, (cos+over)/2), shared
}
