package summarize

import (
	"fmt"
	"strings"
)

// DefaultMethod names the method used when none is asked for: the one
// that scores best on the development sets (see the README).
const DefaultMethod = "coverage"

// registry holds the selection methods by the names the CLI's --algorithm
// and the library's options use.
var registry = []struct {
	name  string
	about string
	m     Method
}{
	{"coverage", "saturating concept coverage with a lead prior, greedy (the default)", Coverage{}},
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
