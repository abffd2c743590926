package compare

import (
	"cmp"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// Facts aligns the sentences of different articles that state the same
// thing and returns the facts at least two articles report (shared) and
// those only one reports (exclusives), each ranked by importance.
//
// Two sentences state the same thing when their similarity — the mean of
// their tf-idf cosine and the larger share of either one's idf mass the
// other contains, which tolerates a clause added to the same fact — is at
// least minFactSim and they share at least two content terms (one name in
// common is not a fact in common). Sentence pairs are linked from the
// most similar down, as long as a fact holds at most one sentence of each
// article, so that a chain of loose resemblances cannot merge two facts.
//
// A fact's importance is the number of articles reporting it plus its
// closeness to the story (cosine with the story's centroid) and an early
// position in its articles: what every outlet leads with comes first.
// Exclusives are statements only: sentences of at least minFactWords
// words that end as a statement, so headlines, captions and questions
// are not reported as facts.
func Facts(docs []news.Document) (shared, exclusives []news.Fact) {
	st := newStory(docs)
	n := len(st.sents)
	if n == 0 {
		return nil, nil
	}
	// Candidate links: pairs of statements of different articles, found
	// through an inverted index of content terms.
	type link struct {
		a, b int
		sim  float64
	}
	var links []link
	post := make([][]int32, len(st.idf))
	for i := range st.sents {
		for _, t := range st.sents[i].terms {
			post[t] = append(post[t], int32(i))
		}
	}
	// Keep a link only when one of its sentences is the other's best
	// match in the other's article: a sentence may state several facts
	// (and be in several), but each fact of it has one best rendering
	// elsewhere. Two passes over the candidate pairs (those sharing two
	// terms or more, found through the index): the first finds the best
	// similarities, the second keeps the links that reach them, so that
	// the many weaker links are never stored.
	nd := len(docs)
	best := make([]float64, n*nd) // by sentence and other article: the best similarity
	shared2 := make([]int32, n)
	var touched []int32
	pairs := func(visit func(i, j int, sim float64)) {
		for i := range st.sents {
			a := &st.sents[i]
			if !a.statement {
				continue
			}
			touched = touched[:0]
			for _, t := range a.terms {
				for _, j := range post[t] {
					if int(j) <= i || st.sents[j].doc == a.doc || !st.sents[j].statement {
						continue
					}
					if shared2[j] == 0 {
						touched = append(touched, j)
					}
					shared2[j]++
				}
			}
			for _, j := range touched {
				if shared2[j] >= 2 {
					if sim, _ := st.similarity(a, &st.sents[j]); sim >= minFactSim {
						visit(i, int(j), sim)
					}
				}
				shared2[j] = 0
			}
		}
	}
	pairs(func(i, j int, sim float64) {
		ka, kb := i*nd+st.sents[j].doc, j*nd+st.sents[i].doc
		best[ka] = max(best[ka], sim)
		best[kb] = max(best[kb], sim)
	})
	pairs(func(i, j int, sim float64) {
		if sim >= best[i*nd+st.sents[j].doc] || sim >= best[j*nd+st.sents[i].doc] {
			links = append(links, link{i, j, sim})
		}
	})
	slices.SortFunc(links, func(x, y link) int {
		return cmp.Or(cmp.Compare(y.sim, x.sim), cmp.Compare(x.a, y.a), cmp.Compare(x.b, y.b))
	})

	// Grow facts from the links, most similar first: a link joins a fact
	// holding one of its sentences when the other sentence's article is
	// not in it yet and the sentence is similar enough to every member;
	// otherwise it starts a fact of its own. A sentence can be in several
	// facts; each fact holds at most one sentence per article.
	// A fact's members, and for each the sum of its similarities to the
	// others (fits computes them anyway): the best-connected member
	// states the fact best.
	type fact struct {
		members []int
		sims    []float64
	}
	var facts []*fact
	in := make([][]*fact, n) // facts by sentence
	linked := make([]bool, n)
	// fits reports whether sentence i may join f and, if so, its
	// similarities to the members.
	var sims []float64
	fits := func(f *fact, i int) bool {
		sims = sims[:0]
		for _, m := range f.members {
			if st.sents[m].doc == st.sents[i].doc {
				return false
			}
			sim, shared := st.similarity(&st.sents[m], &st.sents[i])
			if shared < 2 || sim < minFactSim {
				return false
			}
			sims = append(sims, sim)
		}
		return true
	}
	for _, l := range links {
		linked[l.a], linked[l.b] = true, true
		joined := false
		for _, pair := range [][2]int{{l.a, l.b}, {l.b, l.a}} {
			for _, f := range in[pair[0]] {
				if slices.Contains(f.members, pair[1]) {
					joined = true // already together
					break
				}
				if fits(f, pair[1]) {
					var sum float64
					for k, sim := range sims {
						f.sims[k] += sim
						sum += sim
					}
					f.members = append(f.members, pair[1])
					f.sims = append(f.sims, sum)
					in[pair[1]] = append(in[pair[1]], f)
					joined = true
					break
				}
			}
			if joined {
				break
			}
		}
		if !joined {
			f := &fact{members: []int{l.a, l.b}, sims: []float64{l.sim, l.sim}}
			facts = append(facts, f)
			in[l.a] = append(in[l.a], f)
			in[l.b] = append(in[l.b], f)
		}
	}

	for i := range st.sents {
		s := &st.sents[i]
		if !linked[i] && s.statement && s.words >= minFactWords {
			exclusives = append(exclusives, news.Fact{
				Text:       s.text,
				Sources:    []news.Excerpt{st.excerpt(i)},
				Importance: st.importance([]int{i}),
			})
		}
	}
	for _, fc := range facts {
		// The sentence closest to the others states the fact best; ties
		// go to the earlier sentence.
		best, bestSim := -1, -1.0
		for k, sum := range fc.sims {
			if m := fc.members[k]; sum > bestSim || sum == bestSim && m < best {
				best, bestSim = m, sum
			}
		}
		members := slices.Clone(fc.members)
		slices.Sort(members)
		f := news.Fact{Importance: st.importance(members)}
		f.Text = st.sents[best].text
		for _, i := range members {
			f.Sources = append(f.Sources, st.excerpt(i))
		}
		shared = append(shared, f)
	}
	byImportance := func(a, b news.Fact) int {
		return cmp.Or(cmp.Compare(b.Importance, a.Importance),
			cmp.Compare(a.Sources[0].DocID, b.Sources[0].DocID), cmp.Compare(a.Sources[0].Start, b.Sources[0].Start))
	}
	slices.SortStableFunc(shared, byImportance)
	slices.SortStableFunc(exclusives, byImportance)
	// A fact whose best sentence is already a more important fact's best
	// restates it (an article saying the same thing twice): drop it. A
	// sentence stating two facts is the best of at most one of them.
	distinct := shared[:0]
	for _, f := range shared {
		if !slices.ContainsFunc(distinct, func(g news.Fact) bool { return g.Text == f.Text }) {
			distinct = append(distinct, f)
		}
	}
	return distinct, exclusives
}

// Fact alignment constants: minFactSim is the similarity from which two
// sentences state the same fact, as the summarizer's attribution of
// support (rewordings of one fact score 0.3 to 0.4, different facts of one
// story that share its names 0.16 and below); minFactWords keeps
// fragments out of the exclusives.
const (
	minFactSim   = 0.25
	minFactWords = 6
)

// story is the documents prepared for alignment: statements with their
// tf-idf vectors over content stems.
type story struct {
	docs  []news.Document
	sents []fsent
	idf   []float64
	// centroid is the story's mean normalized sentence vector, by term,
	// and cnorm its norm.
	centroid []float64
	cnorm    float64
}

type fsent struct {
	doc, idx  int
	text      string
	span      news.Span
	pos       int // index among the article's statements
	words     int
	statement bool
	terms     []int32 // distinct content terms, increasing
	vec       []float64
	norm      float64
	idfSum    float64
}

// reporting verbs say nothing about a fact.
var reporting = map[string]bool{"said": true, "says": true, "say": true, "told": true, "according": true,
	"added": true, "reported": true, "stated": true, "statement": true}

func newStory(docs []news.Document) *story {
	st := &story{docs: docs}
	ids := map[string]int32{}
	var df, lastDoc []int
	var weight []float64 // by term: its weight in the sentence at hand
	for d := range docs {
		pos := 0
		for si := range docs[d].Sentences {
			s := &docs[d].Sentences[si]
			f := fsent{doc: d, idx: si, text: s.Text, span: s.Span, words: news.CountWords(s.Text)}
			f.statement = isStatement(s.Text, f.words)
			if f.statement {
				f.pos = pos
				pos++
			}
			for _, t := range s.Tokens {
				if t.Kind == news.Punct || t.Stop || reporting[t.Norm] {
					continue
				}
				id, ok := ids[t.Stem]
				if !ok {
					id = int32(len(ids))
					ids[t.Stem] = id
					df = append(df, 0)
					lastDoc = append(lastDoc, -1)
					weight = append(weight, 0)
				}
				w := 1.0
				if r, _ := utf8.DecodeRuneInString(docs[d].Body[t.Start:]); unicode.IsUpper(r) && t.Start != s.Start {
					w = nameWeight // names say who and where, not what happened
				}
				if weight[id] == 0 {
					f.terms = append(f.terms, id)
				}
				weight[id] = max(weight[id], w)
				if lastDoc[id] != d {
					lastDoc[id] = d
					df[id]++
				}
			}
			slices.Sort(f.terms)
			f.vec = make([]float64, len(f.terms))
			for k, id := range f.terms {
				f.vec[k] = weight[id]
				weight[id] = 0
			}
			st.sents = append(st.sents, f)
		}
	}
	st.idf = make([]float64, len(df))
	for t, n := range df {
		st.idf[t] = 1 + math.Log(float64(len(docs))/float64(n))
	}
	st.centroid = make([]float64, len(df))
	for i := range st.sents {
		s := &st.sents[i]
		var norm, sum float64
		for k, t := range s.terms {
			s.vec[k] *= st.idf[t]
			norm += s.vec[k] * s.vec[k]
			sum += st.idf[t]
		}
		s.norm, s.idfSum = math.Sqrt(norm), sum
		if s.norm > 0 {
			for k, t := range s.terms {
				st.centroid[t] += s.vec[k] / s.norm
			}
		}
	}
	for _, v := range st.centroid { // in term order: deterministic
		st.cnorm += v * v
	}
	st.cnorm = math.Sqrt(st.cnorm)
	return st
}

// nameWeight scales the weight of capitalized words (names) inside a
// sentence.
const nameWeight = 0.5

// isStatement reports whether a sentence reads as a statement of fact:
// long enough and ending as a sentence (headlines, captions, credit
// lines and questions do not).
func isStatement(text string, words int) bool {
	if words < 4 {
		return false
	}
	t := strings.TrimRight(text, "\"'”’») ")
	r, _ := utf8.DecodeLastRuneInString(t)
	return r == '.' || r == '!' || r == '…'
}

// similarity is how much two sentences say the same: the mean of their
// cosine and the larger share of one's idf mass the other contains;
// shared counts their common terms.
func (st *story) similarity(a, b *fsent) (float64, int) {
	if a.norm == 0 || b.norm == 0 {
		return 0, 0
	}
	var dot, mass float64
	shared := 0
	i, j := 0, 0
	for i < len(a.terms) && j < len(b.terms) {
		switch {
		case a.terms[i] < b.terms[j]:
			i++
		case a.terms[i] > b.terms[j]:
			j++
		default:
			dot += a.vec[i] * b.vec[j]
			mass += st.idf[a.terms[i]]
			shared++
			i++
			j++
		}
	}
	cos := dot / (a.norm * b.norm)
	over := max(mass/a.idfSum, mass/b.idfSum)
	return min(1, (cos+over)/2), shared
}

// importance ranks a fact by how many articles report it, how close its
// sentences are to the story's centroid, and how early they come.
func (st *story) importance(members []int) float64 {
	var central, early float64
	for _, i := range members {
		s := &st.sents[i]
		if s.norm > 0 && st.cnorm > 0 {
			var dot float64
			for k, t := range s.terms {
				dot += s.vec[k] * st.centroid[t]
			}
			central += dot / (s.norm * st.cnorm)
		}
		early += math.Exp(-float64(s.pos) / 4)
	}
	k := float64(len(members))
	return k + central/k + 0.5*early/k
}

func (st *story) excerpt(i int) news.Excerpt {
	s := &st.sents[i]
	return news.Excerpt{DocID: st.docs[s.doc].ID, Span: s.span, Text: s.text}
}
