package summarize

import (
	"fmt"
	"strings"
)

// DefaultMethod names the method used when none is asked for: Auto, which
// picks the method that scores best on the development sets for the kind
// of summary asked (see the README).
const DefaultMethod = "auto"

// Auto chooses with Concepts for a generic summary and with Coverage when
// the reader asks a question or has read earlier articles. On the
// development sets Concepts is the better generic summarizer (DUC 2006
// without its questions at 100 words, ROUGE-2 recall 0.074 against 0.067;
// DUC 2007 and Multi-News by less) and Coverage the better focused one
// (DUC 2006 with questions 0.1055 against 0.1033; DUC 2007 update 0.104
// against 0.097).
type Auto struct{}

func (Auto) choose(c *corpus, budget int) []int {
	if c.qnorm > 0 || len(c.seen) > 0 {
		return Coverage{}.choose(c, budget)
	}
	return Concepts{}.choose(c, budget)
}

// registry holds the selection methods by the names the CLI's --algorithm
// and the library's options use.
var registry = []struct {
	name  string
	about string
	m     Method
}{
	{"auto", "concepts for a generic summary, coverage for a question or an update (the default)", Auto{}},
	{"coverage", "saturating concept coverage with a lead prior, greedy", Coverage{}},
	{"concepts", "concept coverage (Gillick & Favre 2009), solved exactly", Concepts{}},
	{"submodular", "coverage + diversity (Lin & Bilmes 2011), greedy", Submodular{}},
	{"lexrank", "LexRank: centrality by power iteration, biased to the question", LexRank{}},
	{"centroid", "closeness to the story's tf-idf centroid (MEAD)", Centroid{}},
	{"lead", "first sentences of the articles, round-robin", Lead{}},
}

// MethodNames lists the methods' names, the default first.
func MethodNames() []string {
	names := make([]string, len(registry))
	for i, m := range registry {
		names[i] = m.name
	}
	return names
}

// MethodAbout says in a line what the named method does.
func MethodAbout(name string) string {
	for _, m := range registry {
		if m.name == name {
			return m.about
		}
	}
	return ""
}

// MethodByName returns the named method; "" names the default.
func MethodByName(name string) (Method, error) {
	if name == "" {
		name = DefaultMethod
	}
	for _, m := range registry {
		if m.name == name {
			return m.m, nil
		}
	}
	return nil, fmt.Errorf("unknown algorithm %q (known: %s)", name, strings.Join(MethodNames(), ", "))
}
