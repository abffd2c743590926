package rouge

import (
	"fmt"
	"strings"

	"github.com/parallaxnews/parallax/internal/text"
)

// beModes are the -3 modes: which parts of a Basic Element
// (HEAD|MODIFIER|RELATION) are matched.
var beModes = map[string]bool{"H": true, "HM": true, "HMR": true, "HM1": true, "HMR1": true, "HMR2": true}

// beGrams counts the Basic Elements of a SIMPLE file's lines as the
// script's createBE does: each line lower-cased and split at "|" (Perl's
// split, trailing empty fields dropped) into exactly three fields; with
// -m, a head or modifier longer than three bytes is stemmed word by word;
// the mode keeps heads whose modifier is NIL (H), head-modifier pairs with
// a modifier (HM), triples with a relation (HMR), all pairs (HM1), triples
// with a modifier (HMR1) or all triples (HMR2).
func (s *Scorer) beGrams(lines []string) (grams, error) {
	m := map[string]int{}
	for i, l := range lines {
		be := asciiLower(l)
		fds := strings.Split(be, "|")
		for len(fds) > 0 && fds[len(fds)-1] == "" {
			fds = fds[:len(fds)-1]
		}
		if len(fds) != 3 {
			return grams{}, fmt.Errorf("line %d: a Basic Element is HEAD|MODIFIER|RELATION, not %q", i+1, l)
		}
		head, mod, rel := fds[0], fds[1], fds[2]
		if s.opt.Stem {
			// The script tests the modifier against "NIL" after
			// lower-casing, so it is always stemmed when long enough.
			if len(head) > 3 {
				head = s.stemWords(head)
			}
			if len(mod) > 3 {
				mod = s.stemWords(mod)
			}
		}
		var key string
		switch s.opt.BE {
		case "H":
			if mod == "nil" {
				key = head
			}
		case "HM":
			if mod != "nil" {
				key = head + "|" + mod
			}
		case "HMR":
			if rel != "nil" {
				key = head + "|" + mod + "|" + rel
			}
		case "HM1":
			key = head + "|" + mod
		case "HMR1":
			if fds[1] != "nil" {
				key = head + "|" + mod + "|" + rel
			}
		case "HMR2":
			key = head + "|" + mod + "|" + rel
		}
		if key != "" || s.opt.BE == "H" && mod == "nil" {
			m[key]++
		}
	}
	return newGrams(m), nil
}

// stemWords is the script's MorphStemMulti: each white-space separated
// word holding a letter or digit becomes its WordNet base form or its
// Porter stem, whatever else it holds.
func (s *Scorer) stemWords(str string) string {
	ws := perlFields(str)
	for i, w := range ws {
		if !strings.ContainsFunc(w, func(r rune) bool {
			return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z' || '0' <= r && r <= '9'
		}) {
			continue
		}
		if base, ok := s.opt.Exceptions[w]; ok {
			ws[i] = base
		} else {
			ws[i] = text.PorterStem(w)
		}
	}
	return strings.Join(ws, " ")
}

// prepareBE reads a SIMPLE file's lines for -3.
func (s *Scorer) prepareBE(lines []string) (*summary, error) {
	g, err := s.beGrams(lines)
	if err != nil {
		return nil, err
	}
	return &summary{be: g}, nil
}
