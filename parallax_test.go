package parallax_test

import (
	"fmt"
	"testing"

	"github.com/parallaxnews/parallax"
)

func TestSourceKey(t *testing.T) {
	tests := []struct {
		i    int
		want string
	}{{0, "A"}, {1, "B"}, {25, "Z"}, {26, "AA"}, {27, "AB"}, {51, "AZ"}, {52, "BA"}, {701, "ZZ"}, {702, "AAA"}}
	for _, tt := range tests {
		if got := parallax.SourceKey(tt.i); got != tt.want {
			t.Errorf("SourceKey(%d) = %q, want %q", tt.i, got, tt.want)
		}
	}
}

func TestNewDigestEmpty(t *testing.T) {
	d := parallax.NewDigest(nil, parallax.Options{})
	if len(d.Sources) != 0 || len(d.Summary.Sentences) != 0 {
		t.Errorf("digest of nothing = %+v", d)
	}
	d = parallax.NewDigest([]parallax.Article{{ID: "a"}, {ID: "b", Body: "   \n\n "}}, parallax.Options{Words: 10})
	if len(d.Sources) != 2 || len(d.Summary.Sentences) != 0 {
		t.Errorf("digest of empty articles = %+v", d)
	}
}

var ferryArticles = []parallax.Article{
	{ID: "a", Outlet: "Lakeside Courier", Title: "Ferry service to Osterholm suspended after engine fire",
		Body: "The ferry service between Brannock and Osterholm island was suspended on Sunday after a fire broke out in the engine room of the MV Halden.\n\n" +
			"All 112 passengers were brought back to Brannock harbour by a second ferry, the operator Nordlake Lines said.\n\n" +
			"Nobody was injured in the fire, which the crew put out within twenty minutes."},
	{ID: "b", Outlet: "Island Radio", Title: "Engine fire halts Osterholm ferry",
		Body: "Nordlake Lines suspended its Brannock to Osterholm ferry on Sunday after an engine room fire on board the MV Halden.\n\n" +
			"The crew put out the fire in about twenty minutes and no one was hurt, the company said.\n\n" +
			"Islanders said the suspension would leave them without a link to the mainland for at least two days."},
}

func TestNewDigestSupport(t *testing.T) {
	d := parallax.NewDigest(ferryArticles, parallax.Options{Words: 60})
	if len(d.Summary.Sentences) == 0 {
		t.Fatal("empty summary")
	}
	if d.Summary.Words() > 60 {
		t.Errorf("summary has %d words, budget 60", d.Summary.Words())
	}
	supported := 0
	for _, s := range d.Summary.Sentences {
		if len(s.Support) > 0 {
			supported++
		}
	}
	if supported == 0 {
		t.Errorf("no sentence is supported by the other article, though both report the fire:\n%+v", d.Summary)
	}
	if d.Title == "" {
		t.Error("digest has no title")
	}
}

func ExampleNewDigest() {
	d := parallax.NewDigest(ferryArticles, parallax.Options{Words: 40})
	for _, src := range d.Sources {
		fmt.Printf("[%s] %s\n", src.Key, src.Outlet)
	}
	fmt.Println(len(d.Summary.Sentences) > 0, d.Summary.Words() <= 40)
	// Output:
	// [A] Lakeside Courier
	// [B] Island Radio
	// true true
}
