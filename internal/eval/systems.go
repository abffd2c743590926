package eval

import (
	"fmt"
	"strings"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/rouge"
	"github.com/parallaxnews/parallax/internal/summarize"
)

// Kind says what a row of a report is.
type Kind string

const (
	KindOurs      Kind = "ours"          // a Parallax summarizer
	KindBaseline  Kind = "baseline"      // a simple method to beat
	KindOracle    Kind = "oracle"        // an upper bound that reads the references
	KindNIST      Kind = "NIST system"   // a participant in a NIST evaluation, as NIST scored it
	KindNISTBase  Kind = "NIST baseline" // NIST's own baseline in its evaluation
	KindPublished Kind = "published"     // a system of some other published run
	KindHuman     Kind = "human"         // a human summarizer, scored against the other references
)

// Input is one story as a System summarizes it.
type Input struct {
	Story news.Story
	// Docs are the story's articles, analysed once; articles without
	// any sentence are left out.
	Docs []news.Document
	// Words is the budget: a summary never has more words, counted with
	// news.CountWords on its sentences as internal/summarize counts them.
	Words int
	// Seed seeds the random baseline.
	Seed uint64
	// Query is the reader's question (the story's topic statement),
	// empty when the set has none or Config.NoQuery; Seen are the
	// analysed articles of the stories the reader has already read
	// (the story's update_of), for update summaries.
	Query string
	Seen  []news.Document
	// Compress asks our summarizers for light sentence compression.
	Compress bool
	// References are the story's human summaries, each split into
	// sentences, and Scorer the evaluation's scorer, with LengthWords
	// the evaluation's -l: only the oracle reads them.
	References  [][]string
	Scorer      *rouge.Scorer
	LengthWords int
}

// A System is something evaluated: a summarizer or a baseline.
type System struct {
	Name  string
	Kind  Kind
	About string
	// Summarize returns the summary of one story. It must be
	// deterministic and safe for concurrent use.
	Summarize func(in *Input) news.Summary
}

// Systems is the registry of evaluated systems, in their default order:
// "parallax", the summarizer's default method, then its other methods by
// their names (internal/summarize's registry), then the baselines.
var Systems = func() []System {
	def := summarize.DefaultMethod
	m, _ := summarize.MethodByName(def)
	out := []System{method("parallax", KindOurs, "Parallax's default summarizer ("+def+": "+summarize.MethodAbout(def)+")", m)}
	for _, name := range summarize.MethodNames() {
		if name == def {
			continue
		}
		m, _ := summarize.MethodByName(name)
		kind := KindOurs
		if name == "lead" {
			kind = KindBaseline
		}
		out = append(out, method(name, kind, summarize.MethodAbout(name), m))
	}
	return append(out,
		System{Name: "lead-first", Kind: KindBaseline, About: "first sentences of the earliest-dated article", Summarize: leadFirst},
		System{Name: "lead-latest", Kind: KindBaseline, About: "first sentences of the latest-dated article (NIST's baseline)", Summarize: leadLatest},
		System{Name: "random", Kind: KindBaseline, About: "sentences drawn uniformly at random (--seed)", Summarize: randomSentences},
		System{Name: "oracle", Kind: KindOracle, About: "greedy ROUGE-1 + ROUGE-2 recall against the references: an upper bound", Summarize: oracle},
	)
}()

// method makes a System of one of internal/summarize's methods.
func method(name string, kind Kind, about string, m summarize.Method) System {
	return System{Name: name, Kind: kind, About: about, Summarize: func(in *Input) news.Summary {
		return summarize.Summarize(in.Docs, summarize.Options{Words: in.Words, Method: m, Query: in.Query, Seen: in.Seen, Compress: in.Compress})
	}}
}

// SystemNames lists the registered systems' names.
func SystemNames() []string {
	names := make([]string, len(Systems))
	for i, s := range Systems {
		names[i] = s.Name
	}
	return names
}

// LookupSystems returns the systems named in a comma-separated list, in
// its order; an empty list means all of them.
func LookupSystems(list string) ([]System, error) {
	if strings.TrimSpace(list) == "" {
		return Systems, nil
	}
	var out []System
	seen := map[string]bool{}
	for _, name := range strings.Split(list, ",") {
		name = strings.TrimSpace(name)
		if name == summarize.DefaultMethod {
			name = "parallax" // the default's row
		}
		if name == "" || seen[name] {
			continue
		}
		seen[name] = true
		found := false
		for _, s := range Systems {
			if s.Name == name {
				out = append(out, s)
				found = true
				break
			}
		}
		if !found {
			return nil, fmt.Errorf("unknown algorithm %q (known: %s)", name, strings.Join(SystemNames(), ", "))
		}
	}
	if len(out) == 0 {
		return nil, fmt.Errorf("no algorithm in %q", list)
	}
	return out, nil
}
