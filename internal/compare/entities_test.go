package compare

import (
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
)

// entStory reads a fixture of articles separated by "=====" lines.
func entStory(t testing.TB, name string) []news.Document {
	t.Helper()
	b, err := os.ReadFile("testdata/" + name)
	if err != nil {
		t.Fatal(err)
	}
	var bodies []string
	for _, part := range strings.Split(string(b), "=====\n") {
		bodies = append(bodies, strings.TrimSpace(part))
	}
	return figStory(bodies...)
}

func entFind(ents []news.Entity, name string) *news.Entity {
	for k := range ents {
		if ents[k].Name == name {
			return &ents[k]
		}
	}
	return nil
}

func TestEntitiesStory(t *testing.T) {
	ents := Entities(entStory(t, "entities-story.txt"))
	tests := []struct {
		name    string
		kind    string
		aliases []string
		docs    []string
	}{
		{"Tomas al-Verano", "person", []string{"Tomas Verano", "Verano"}, []string{"d1", "d2", "d3"}},
		{"Anika Brell", "person", []string{"Brell"}, []string{"d1", "d3"}},
		{"Jonah Pell", "person", []string{"Pell"}, []string{"d3"}},
		{"Northern Rivers Coalition", "organization", []string{"NRC"}, []string{"d1", "d3"}},
		{"United Nations", "organization", []string{"U.N.", "UN"}, []string{"d2", "d3"}},
		{"Velmora Ministry of Transport", "organization", []string{"Ministry of Transport"}, []string{"d1", "d2", "d3"}},
		{"Corvath", "place", nil, []string{"d1", "d2", "d3"}},
		{"Paris", "place", nil, []string{"d2", "d3"}},
		{"Dunmoor", "place", nil, []string{"d2"}},
	}
	for _, tt := range tests {
		e := entFind(ents, tt.name)
		if e == nil {
			t.Errorf("%s: not found in %+v", tt.name, ents)
			continue
		}
		if e.Kind != tt.kind {
			t.Errorf("%s: kind %s, want %s", tt.name, e.Kind, tt.kind)
		}
		for _, a := range tt.aliases {
			if !slices.Contains(e.Aliases, a) {
				t.Errorf("%s: alias %q missing from %v", tt.name, a, e.Aliases)
			}
		}
		if !slices.Equal(e.Docs, tt.docs) {
			t.Errorf("%s: docs %v, want %v", tt.name, e.Docs, tt.docs)
		}
	}
	for _, bad := range []string{"Monday", "Foreign Minister", "President", "Mr", "We", "Relief", "The"} {
		if entFind(ents, bad) != nil {
			t.Errorf("%q reported as an entity", bad)
		}
	}
}

func TestEntityAliases(t *testing.T) {
	tests := []struct {
		name   string
		bodies []string
		want   string // canonical name
		alias  []string
		apart  []string // names that must stay separate entities
	}{
		{"particles", []string{"Omar bin Talal spoke.", "Omar Talal left. Talal said no."}, "Omar bin Talal", []string{"Omar Talal", "Talal"}, nil},
		{"acronym", []string{"The Coastal Defense League met.", "The CDL said it would wait."}, "Coastal Defense League", []string{"CDL"}, nil},
		{"last name joins the unique full name", []string{"Marta Kovic and Ivo Stan spoke.", "Kovic said it was over."}, "Marta Kovic", []string{"Kovic"}, []string{"Ivo Stan"}},
		{"ambiguous last name stays apart", []string{"Lena Dorr and Piet Dorr spoke.", "Dorr said it was over."}, "Lena Dorr", nil, []string{"Piet Dorr"}},
		{"U.S. and United States", []string{"The United States objected.", "The U.S. said it objected."}, "United States", []string{"U.S."}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			ents := Entities(figStory(tt.bodies...))
			e := entFind(ents, tt.want)
			if e == nil {
				t.Fatalf("%q not found in %+v", tt.want, ents)
			}
			for _, a := range tt.alias {
				if !slices.Contains(e.Aliases, a) {
					t.Errorf("alias %q missing: %+v", a, e)
				}
			}
			for _, n := range tt.apart {
				if entFind(ents, n) == nil {
					t.Errorf("%q should be its own entity: %+v", n, ents)
				}
			}
		})
	}
}

func TestEntityKinds(t *testing.T) {
	tests := []struct {
		body, name, kind string
	}{
		{"Gen. Hal Morrow inspected the troops.", "Hal Morrow", "person"},
		{"Aid reached the town of Pellow on Sunday.", "Pellow", "place"},
		{"The Harbor Workers Union called a strike.", "Harbor Workers Union", "organization"},
		{"Talks resumed in Geneva after a pause.", "Geneva", "place"},
		{"Crowley Shipping Inc. denied the report.", "Crowley Shipping Inc", "organization"},
		{"The envoy met Deputy Prime Minister Rosa Lind.", "Rosa Lind", "person"},
		{"\"It is over,\" said Dara Voss, a spokeswoman.", "Dara Voss", "person"},
	}
	for _, tt := range tests {
		ents := Entities(figStory(tt.body))
		e := entFind(ents, tt.name)
		if e == nil {
			t.Errorf("%q: %q not found in %+v", tt.body, tt.name, ents)
			continue
		}
		if e.Kind != tt.kind {
			t.Errorf("%q: %s is %s, want %s", tt.body, tt.name, e.Kind, tt.kind)
		}
	}
}

func TestEntitiesSeeds(t *testing.T) {
	docs, gold := figReadSeeds(t)
	ents := Entities(docs)
	found, merged := 0, 0
	var missing []string
	for _, g := range gold.Clusters[0].Entities {
		var hit *news.Entity
		for k := range ents {
			forms := append([]string{ents[k].Name}, ents[k].Aliases...)
			if slices.ContainsFunc(forms, func(f string) bool { return figFoldGold(f) == figFoldGold(g.Name) }) {
				hit = &ents[k]
				break
			}
		}
		if hit == nil {
			missing = append(missing, g.Name)
			continue
		}
		found++
		ok := true
		forms := append([]string{hit.Name}, hit.Aliases...)
		for _, a := range g.Aliases {
			if !slices.ContainsFunc(forms, func(f string) bool { return figFoldGold(f) == figFoldGold(a) }) {
				t.Errorf("%s: alias %q not merged (%+v)", g.Name, a, *hit)
				ok = false
			}
		}
		if ok {
			merged++
		}
		if hit.Kind != g.Kind {
			t.Logf("%s: kind %s, gold %s", g.Name, hit.Kind, g.Kind)
		}
		if !slices.Equal(hit.Docs, g.Docs) {
			t.Errorf("%s: docs %v, gold %v", g.Name, hit.Docs, g.Docs)
		}
	}
	n := len(gold.Clusters[0].Entities)
	t.Logf("seeds: entity recall %d/%d, aliases merged %d/%d, %d entities reported; missing %v", found, n, merged, n, len(ents), missing)
	if found != n {
		t.Errorf("missing gold entities: %v", missing)
	}
}

func FuzzEntities(f *testing.F) {
	for _, s := range []string{
		"President Bashar al-Assad met U.N. envoy Lakhdar Brahimi in Geneva.",
		"al- bin Van von", "U.S.-backed Qaeda-minded", "Mr. . Gen.", "\"Quoted\" Name's",
		"THE END OF ALL CAPS", "Ministry of of Of", "É Ü Ñ ǅ",
	} {
		f.Add(s, "The United Nations (UN) said so.")
	}
	f.Fuzz(func(t *testing.T, a, b string) {
		for _, e := range Entities(figStory(a, b)) {
			if e.Name == "" || e.Mentions < 1 || len(e.Docs) == 0 {
				t.Fatalf("bad entity %+v", e)
			}
			switch e.Kind {
			case "person", "organization", "place", "other":
			default:
				t.Fatalf("bad kind %+v", e)
			}
		}
	})
}

func BenchmarkEntities(b *testing.B) {
	docs := figSyntheticStory(25)
	b.ResetTimer()
	for b.Loop() {
		Entities(docs)
	}
}

func TestEntityKindsOfThings(t *testing.T) {
	docs := []news.Document{
		analyze("a", "The container ship Marisol Star ran aground on the Kestrel Bank, Tarrow Maritime said. Harbour master Ilse Brandt said the port would stay shut."),
		analyze("b", "Tarrow Maritime, which owns the ship Marisol Star, said the vessel struck the Kestrel Bank in a storm. Ilse Brandt said the channel stays closed."),
	}
	kinds := map[string]string{}
	for _, e := range Entities(docs) {
		kinds[e.Name] = e.Kind
	}
	// "Marine" ends a firm's name but opens a person's.
	docs[1] = analyze("c", "Greywater Marine, the salvage firm, said Marine Lebrun would lead its divers to the Marisol Star on the Kestrel Bank. Marine Lebrun said the hull was intact.")
	for _, e := range Entities(docs) {
		if e.Name == "Greywater Marine" || e.Name == "Marine Lebrun" {
			kinds[e.Name] = e.Kind
		}
	}
	want := map[string]string{"Marisol Star": "other", "Kestrel Bank": "place", "Tarrow Maritime": "organization", "Ilse Brandt": "person",
		"Greywater Marine": "organization", "Marine Lebrun": "person"}
	for name, kind := range want {
		if kinds[name] != kind {
			t.Errorf("%s: kind %q, want %q (all: %v)", name, kinds[name], kind, kinds)
		}
	}
}
