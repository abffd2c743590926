package summarize

import (
	"encoding/binary"
	"math"
	"slices"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// corpus is a story prepared once for selection and attribution. Terms
// and concepts are mapped to dense ids so that the inner loops work on
// int32 slices and plain arrays instead of maps.
type corpus struct {
	docs  []news.Document
	sents []sentence // every sentence, in document then sentence order
	idf   []float32  // by term id
	// weight is the importance of each concept: the number of articles
	// that mention it, or 0 for concepts too rare to signal the story.
	weight []float32
}

// sentence is one sentence of the story with its features.
type sentence struct {
	doc  int // index into corpus.docs
	idx  int // index into the document's Sentences
	pos  int // news.Sentence.Index: position in the article
	span news.Span
	text string
	// words is the sentence's length as budgets count it.
	words int
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

func newCorpus(docs []news.Document) *corpus {
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
	seen := make(map[string]int, n) // content term sequence → first sentence

	// Backing arrays shared by all sentences, to allocate a few large
	// slices rather than several small ones per sentence.
	termBuf := make([]int32, 0, ntok/2)
	vecBuf := make([]float32, 0, ntok/2)
	conceptBuf := make([]int32, 0, ntok)
	var seq, cs []int32
	var key []byte

	for d := range docs {
		body := docs[d].Body
		for si := range docs[d].Sentences {
			s := &docs[d].Sentences[si]
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

			// Content terms in order (with repeats) and concepts.
			seq, cs = seq[:0], cs[:0]
			sent := int32(len(c.sents))
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
				if first, ok := seen[string(key)]; ok {
					st.copy = c.sents[first].doc != d
				} else {
					seen[string(key)] = len(c.sents)
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

			c.sents = append(c.sents, st)
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

	for i := range c.sents {
		st := &c.sents[i]
		var norm, sum float64
		for j, t := range st.terms {
			st.vec[j] *= c.idf[t]
			norm += float64(st.vec[j]) * float64(st.vec[j])
			sum += float64(c.idf[t])
		}
		st.norm = math.Sqrt(norm)
		st.idfSum = sum
		why := reject(st, docs[st.doc].Sentences[st.idx].Tokens)
		st.cand = why == "" && !st.copy
		st.statement = why != "no final punctuation" && why != "capitals or symbols" && why != "no content"
	}
	return c
}

// cosine is the cosine similarity of two sentences' tf-idf vectors.
func cosine(a, b *sentence) float64 {
	if a.norm == 0 || b.norm == 0 {
		return 0
	}
	var dot float64
	i, j := 0, 0
	for i < len(a.terms) && j < len(b.terms) {
		switch {
		case a.terms[i] < b.terms[j]:
			i++
		case a.terms[i] > b.terms[j]:
			j++
		default:
			dot += float64(a.vec[i]) * float64(b.vec[j])
			i++
			j++
		}
	}
	return dot / (a.norm * b.norm)
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
