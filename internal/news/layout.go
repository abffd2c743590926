package news

import (
	"math"
	"slices"
	"strings"
	"time"
)

// What every renderer of a digest (the command line's text, Markdown and
// HTML, and the server's pages) lays out the same way: markers in source
// order, the range of dates, figures and quotes in reading order.

// SourceIndex finds a digest's sources by document ID.
type SourceIndex struct {
	Sources []Source
	order   map[string]int
}

// NewSourceIndex indexes sources.
func NewSourceIndex(sources []Source) SourceIndex {
	order := make(map[string]int, len(sources))
	for i, s := range sources {
		order[s.DocID] = i
	}
	return SourceIndex{Sources: sources, order: order}
}

// Source is the source of a document, if the digest lists it.
func (x SourceIndex) Source(docID string) (Source, bool) {
	if i, ok := x.order[docID]; ok {
		return x.Sources[i], true
	}
	return Source{}, false
}

// Key is a document's marker, "?" for a document the digest does not
// list.
func (x SourceIndex) Key(docID string) string {
	if s, ok := x.Source(docID); ok {
		return s.Key
	}
	return "?"
}

// Rank orders documents as the sources list them, unknown ones last.
func (x SourceIndex) Rank(docID string) int {
	if i, ok := x.order[docID]; ok {
		return i
	}
	return math.MaxInt32
}

// Keys lists the markers of docIDs: the first one first (the source a
// text is taken from), then the others in source order, each once, and
// "?" last for any the digest does not list.
func (x SourceIndex) Keys(docIDs []string) []string {
	if len(docIDs) == 0 {
		return nil
	}
	out := []string{x.Key(docIDs[0])}
	seen := map[string]bool{docIDs[0]: true}
	var rest []int
	unknown := false
	for _, id := range docIDs[1:] {
		if seen[id] {
			continue
		}
		seen[id] = true
		if i, ok := x.order[id]; ok {
			rest = append(rest, i)
		} else {
			unknown = true
		}
	}
	slices.Sort(rest)
	for _, i := range rest {
		out = append(out, x.Sources[i].Key)
	}
	if unknown {
		out = append(out, "?")
	}
	return out
}

// Markers are a summary sentence's keys: its own article's, then those of
// the articles that support it.
func (x SourceIndex) Markers(s SummarySentence) []string {
	ids := []string{s.DocID}
	for _, sup := range s.Support {
		ids = append(ids, sup.DocID)
	}
	return x.Keys(ids)
}

// Published is the earliest and latest publication date of the digest's
// sources; zero when none is dated.
func (d Digest) Published() (first, last time.Time) {
	for _, s := range d.Sources {
		if s.Published.IsZero() {
			continue
		}
		if first.IsZero() || s.Published.Before(first) {
			first = s.Published
		}
		if s.Published.After(last) {
			last = s.Published
		}
	}
	return first, last
}

// Label names what a figure counts for a reader: "people killed",
// "a quantity (dollars)".
func (f Figure) Label() string {
	label := f.What
	if label == "" {
		label = "a quantity"
	}
	if f.Unit != "" && !strings.Contains(label, f.Unit) {
		label += " (" + f.Unit + ")"
	}
	return label
}

// Docs is the number of documents that give the figure.
func (f Figure) Docs() int {
	docs := map[string]bool{}
	for _, v := range f.Values {
		docs[v.DocID] = true
	}
	return len(docs)
}

// ReadingOrder are figures as a reader wants them: conflicts first, then
// figures several documents give, then the rest, each in the given order.
func ReadingOrder(figs []Figure) []Figure {
	rank := func(f Figure) int {
		switch {
		case !f.Agree:
			return 0
		case f.Docs() >= 2:
			return 1
		}
		return 2
	}
	out := slices.Clone(figs)
	slices.SortStableFunc(out, func(a, b Figure) int { return rank(a) - rank(b) })
	return out
}

// Who is who said a group's statement: the group's speaker, else its
// first version's.
func (g QuoteGroup) Who() string {
	if g.Speaker != "" {
		return g.Speaker
	}
	if len(g.Versions) > 0 {
		return g.Versions[0].Speaker
	}
	return ""
}

// SpeakerQuotes are the quote groups of one speaker ("" when not named).
type SpeakerQuotes struct {
	Speaker string
	Groups  []QuoteGroup
}

// BySpeaker gathers quote groups with versions by speaker: who said the
// most first, in order of first quote on a tie, the unnamed speaker last.
func BySpeaker(groups []QuoteGroup) []SpeakerQuotes {
	var out []SpeakerQuotes
	at := map[string]int{}
	for _, g := range groups {
		if len(g.Versions) == 0 {
			continue
		}
		who := g.Who()
		i, ok := at[who]
		if !ok {
			i = len(out)
			at[who] = i
			out = append(out, SpeakerQuotes{Speaker: who})
		}
		out[i].Groups = append(out[i].Groups, g)
	}
	slices.SortStableFunc(out, func(a, b SpeakerQuotes) int {
		if (a.Speaker == "") != (b.Speaker == "") {
			if a.Speaker == "" {
				return 1
			}
			return -1
		}
		return len(b.Groups) - len(a.Groups)
	})
	return out
}
