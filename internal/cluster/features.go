package cluster

import (
	"cmp"
	"hash/fnv"
	"math"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/text"
)

// A feature is one kind of evidence that two articles report the same
// event. Words say what kind of event it is; names and figures say which
// one: two earthquakes share "magnitude", "epicentre" and "rescuers" but
// not "Chiang Rai" or "6.1".
type featureKind byte

const (
	termFeature   featureKind = 't' // a stemmed content word of the title or body
	nameFeature   featureKind = 'n' // a capitalized word inside a sentence: a person, place or organisation
	numberFeature featureKind = '#' // a figure of two or more digits, years included
)

// featureKey names a feature: its kind and its text (a stem, a name, a
// figure).
type featureKey struct {
	kind featureKind
	text string
}

// counts are an article's raw feature counts, before weighting.
type counts map[featureKey]float64

// featureCount is a feature of an article, named by its id (featureID)
// with its raw count.
type featureCount struct {
	id   uint64
	kind featureKind
	n    float64
}

// featureID names a feature by a 64-bit FNV-1a hash of its kind and text,
// so that the features of articles can be named on many cores at once,
// without a shared dictionary. Two features of one stream share a hash
// with a chance of about n²/2⁶⁵: none in practice.
func featureID(k featureKey) uint64 {
	h := uint64(14695981039346656037)
	h ^= uint64(k.kind)
	h *= 1099511628211
	for i := 0; i < len(k.text); i++ {
		h ^= uint64(k.text[i])
		h *= 1099511628211
	}
	return h
}

// extract lists the features of a, sorted by id. Title words count
// twice: a headline names the event in a few words. It also hashes the
// body's words (see textHash).
func extract(a *news.Article) ([]featureCount, uint64, bool) {
	c := counts{}
	addText(c, a.Title, 2, false)
	toks := addText(c, a.Body, 1, true)
	h, ok := textHash(toks)
	fs := make([]featureCount, 0, len(c))
	for k, n := range c {
		fs = append(fs, featureCount{id: featureID(k), kind: k.kind, n: n})
	}
	slices.SortFunc(fs, func(a, b featureCount) int { return cmp.Compare(a.id, b.id) })
	return fs, h, ok
}

// textHash hashes the words and figures of a body, case folded, so that
// the same text with other spacing or punctuation is recognised. Bodies
// of fewer than 20 words are not hashed: short texts coincide by chance.
func textHash(toks []news.Token) (uint64, bool) {
	h := fnv.New64a()
	n := 0
	for _, t := range toks {
		if t.Kind == news.Punct {
			continue
		}
		n++
		h.Write([]byte(t.Norm))
		h.Write([]byte{0})
	}
	return h.Sum64(), n >= 20
}

// addText adds the features of s, each occurrence weighing w. Names are
// taken only from running text (withNames): headlines are often in title
// case, where every word is capitalized.
func addText(c counts, s string, w float64, withNames bool) []news.Token {
	if s == "" {
		return nil
	}
	toks := text.Tokenize(s)
	for i, t := range toks {
		switch t.Kind {
		case news.Word:
			if t.Stop || len(t.Norm) < 3 || strings.HasPrefix(t.Norm, "http") {
				continue
			}
			c[featureKey{termFeature, t.Stem}] += w
			if withNames && isName(s, toks, i) {
				c[featureKey{nameFeature, t.Norm}] += w
			}
		case news.Number:
			if digits(t.Norm) >= 2 {
				c[featureKey{numberFeature, t.Norm}] += w
			}
		}
	}
	return toks
}

// isName tells whether toks[i], a word, is capitalized in the middle of a
// sentence: not the first word of the text, a line or a sentence, and not
// after an opening quote.
func isName(s string, toks []news.Token, i int) bool {
	r, _ := utf8.DecodeRuneInString(s[toks[i].Start:])
	if !unicode.IsUpper(r) || i == 0 {
		return false
	}
	if strings.ContainsRune(s[toks[i-1].End:toks[i].Start], '\n') {
		return false
	}
	p := toks[i-1]
	if p.Kind == news.Punct {
		switch s[p.Start:p.End] {
		case ".", "!", "?", ":", "\"", "“", "‘", "'", "(", "[", "—", "–", "-", "...", "…":
			return false
		}
	}
	return true
}

func digits(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] >= '0' && s[i] <= '9' {
			n++
		}
	}
	return n
}

// feature is one weighted feature of a vector: its id in the clusterer's
// dictionary, its weight, and whether it is specific (a name or a figure,
// which tell one event from another of its kind) or general (a word,
// which tells the kind).
type feature struct {
	id       uint64
	w        float32
	specific bool
}

// vector is a sparse feature vector sorted by id. Its general and its
// specific features are each of unit length, so that their two cosines
// can be weighed against each other.
type vector []feature

// dot gives the cosines of the general and the specific parts of two
// vectors sorted by id.
func dot(a, b vector) (general, specific float64) {
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i].id < b[j].id:
			i++
		case a[i].id > b[j].id:
			j++
		default:
			p := float64(a[i].w) * float64(b[j].w)
			if a[i].specific {
				specific += p
			} else {
				general += p
			}
			i++
			j++
		}
	}
	return general, specific
}

// hasSpecific tells whether v has names or figures.
func (v vector) hasSpecific() bool {
	for _, f := range v {
		if f.specific {
			return true
		}
	}
	return false
}

// normalize scales the general and the specific parts of v each to unit
// length, in place.
func (v vector) normalize() {
	var g, s float64
	for _, f := range v {
		if f.specific {
			s += float64(f.w) * float64(f.w)
		} else {
			g += float64(f.w) * float64(f.w)
		}
	}
	inv := [2]float64{}
	if g > 0 {
		inv[0] = 1 / math.Sqrt(g)
	}
	if s > 0 {
		inv[1] = 1 / math.Sqrt(s)
	}
	for i := range v {
		k := 0
		if v[i].specific {
			k = 1
		}
		v[i].w = float32(float64(v[i].w) * inv[k])
	}
}

// top returns the ids of v's k heaviest features, heaviest first (ties by
// id, so the result is deterministic).
func (v vector) top(k int) []uint64 {
	byWeight := slices.Clone(v)
	slices.SortFunc(byWeight, func(a, b feature) int {
		switch {
		case a.w > b.w:
			return -1
		case a.w < b.w:
			return 1
		}
		return cmp.Compare(a.id, b.id)
	})
	if len(byWeight) > k {
		byWeight = byWeight[:k]
	}
	ids := make([]uint64, len(byWeight))
	for i, f := range byWeight {
		ids[i] = f.id
	}
	return ids
}
