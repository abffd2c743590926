package eval

import (
	"io"
	"path/filepath"
	"regexp"
	"slices"
	"strconv"
	"strings"
)

// Set is an evaluation set and how it is officially scored.
type Set struct {
	// Key names the set on the command line and in reports.
	Key  string
	Name string
	// match reports whether a story id belongs to the set.
	match func(id string) bool
	// Args are the ROUGE-1.5.5 options of the official evaluation,
	// without -l: Command adds "-l words" for the summaries' length.
	Args string
	// Words is the set's summary length: the official one for DUC, the
	// references' typical length for Multi-News.
	Words int
	// Jackknife scores each summary against every set of all references
	// but one, as NIST's evaluations do: a story with K references gives
	// K evaluations. Stories with a single reference are scored once.
	Jackknife bool
	// Subset, when set, groups stories into subsets reported separately
	// besides the whole set (the update task's A, B and C).
	Subset func(id string) string
	// Published is the path, under the shared data directory, of the
	// official ROUGE-1.5.5 output with the participants' results;
	// PublishedKind is what its numbered peers are, but for those in
	// PublishedBaselines, the organiser's baselines.
	Published          string
	PublishedKind      Kind
	PublishedBaselines []string
}

// Command is the ROUGE-1.5.5 command line of the set's evaluation of
// summaries of the given length.
func (s *Set) Command(words int) []string {
	args := strings.Fields(s.Args)
	if words > 0 {
		args = append(args, "-l", strconv.Itoa(words))
	}
	return args
}

var (
	duc2006ID = regexp.MustCompile(`^D06\d\d[A-Z]?$`)
	duc2007ID = regexp.MustCompile(`^D07\d\d[A-Z]-[A-Z]$`)
)

// Sets are the known evaluation sets with their official settings, the
// one place they are kept. The last one, "generic", takes any story.
var Sets = []*Set{
	{
		Key: "duc2006", Name: "DUC 2006",
		match: duc2006ID.MatchString,
		// NIST's own run (rouge/duc2006-nist/rougejk.in), jackknifed
		// over the four references; -a and -d only select what the
		// script prints.
		Args:          "-n 4 -w 1.2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0 -a -d",
		Words:         250,
		Jackknife:     true,
		Published:     filepath.Join("rouge", "duc2006-nist", "rougejk.m.out"),
		PublishedKind: KindNIST,
		// Peer 1 is NIST's baseline, the first 250 words of the most
		// recent article (our lead-latest); 2 to 35 are the 34
		// participants, A to J the human summarizers.
		PublishedBaselines: []string{"1"},
	},
	{
		Key: "duc2007-update", Name: "DUC 2007 update",
		match: duc2007ID.MatchString,
		// DUC 2007's settings for the update task: ROUGE-2 and SU4,
		// no ROUGE-L (-x). Sets B and C are what the task is judged on.
		Args:      "-n 2 -x -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0",
		Words:     100,
		Jackknife: true,
		Subset: func(id string) string {
			if i := strings.LastIndexByte(id, '-'); i >= 0 {
				return id[i+1:]
			}
			return ""
		},
	},
	{
		Key: "multinews", Name: "Multi-News",
		match: func(id string) bool { return strings.HasPrefix(id, "mn-") },
		// One reference per story, the editor's summary (about 230
		// words); ROUGE-L on.
		Args:  "-n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0",
		Words: 230,
	},
	{
		Key: "generic", Name: "MDS set",
		match:     func(string) bool { return true },
		Args:      "-n 2 -m -2 4 -u -c 95 -r 1000 -f A -p 0.5 -t 0",
		Words:     100,
		Jackknife: true,
	},
}

// ReadPublished reads published results (see the package function
// ReadPublished) with the set's kinds: its organiser's baselines marked
// as such, other numbered peers as PublishedKind (KindPublished when the
// set has none).
func (s *Set) ReadPublished(r io.Reader, name string) ([]Row, error) {
	kind := s.PublishedKind
	if kind == "" {
		kind = KindPublished
	}
	rows, err := ReadPublished(r, name, kind)
	if err != nil {
		return nil, err
	}
	for i := range rows {
		if rows[i].Kind == kind && slices.Contains(s.PublishedBaselines, rows[i].System) {
			rows[i].Kind = KindNISTBase
		}
	}
	return rows, nil
}

// DetectSet returns the first of Sets that every story id belongs to.
func DetectSet(ids []string) *Set {
	for _, s := range Sets {
		all := len(ids) > 0
		for _, id := range ids {
			if !s.match(id) {
				all = false
				break
			}
		}
		if all {
			return s
		}
	}
	return Sets[len(Sets)-1]
}

// SetByKey returns the set with the given key, or nil.
func SetByKey(key string) *Set {
	for _, s := range Sets {
		if s.Key == key {
			return s
		}
	}
	return nil
}
