package news

import (
	"reflect"
	"testing"
	"time"
)

func TestSourceIndexKeys(t *testing.T) {
	x := NewSourceIndex([]Source{{Key: "A", DocID: "a"}, {Key: "B", DocID: "b"}, {Key: "C", DocID: "c"}})
	tests := []struct {
		ids  []string
		want []string
	}{
		{nil, nil},
		{[]string{"c", "b", "a", "b"}, []string{"C", "A", "B"}},
		{[]string{"b", "zz", "a"}, []string{"B", "A", "?"}},
		{[]string{"zz", "c"}, []string{"?", "C"}},
	}
	for _, tc := range tests {
		if got := x.Keys(tc.ids); !reflect.DeepEqual(got, tc.want) {
			t.Errorf("Keys(%v) = %v, want %v", tc.ids, got, tc.want)
		}
	}
	if got := x.Markers(SummarySentence{DocID: "b", Support: []Support{{DocID: "c"}, {DocID: "a"}}}); !reflect.DeepEqual(got, []string{"B", "A", "C"}) {
		t.Errorf("Markers = %v", got)
	}
	if x.Rank("c") != 2 || x.Rank("zz") <= 2 {
		t.Errorf("Rank: c %d, unknown %d", x.Rank("c"), x.Rank("zz"))
	}
}

func TestDigestPublished(t *testing.T) {
	d1 := time.Date(2026, 3, 2, 8, 0, 0, 0, time.UTC)
	d := Digest{Sources: []Source{{Published: d1.Add(5 * time.Hour)}, {}, {Published: d1}}}
	if first, last := d.Published(); !first.Equal(d1) || !last.Equal(d1.Add(5*time.Hour)) {
		t.Errorf("Published = %v, %v", first, last)
	}
	if first, last := (Digest{Sources: []Source{{}}}).Published(); !first.IsZero() || !last.IsZero() {
		t.Errorf("no dates: %v, %v", first, last)
	}
}

func TestFigureLayout(t *testing.T) {
	val := func(doc string) FigureValue { return FigureValue{Excerpt: Excerpt{DocID: doc}} }
	one := Figure{What: "boats", Agree: true, Values: []FigureValue{val("a"), val("a")}}
	two := Figure{What: "people killed", Unit: "people", Agree: true, Values: []FigureValue{val("a"), val("b")}}
	bad := Figure{Unit: "dollars", Agree: false, Values: []FigureValue{val("a"), val("b")}}
	if got := ReadingOrder([]Figure{one, two, bad}); !reflect.DeepEqual(got, []Figure{bad, two, one}) {
		t.Errorf("ReadingOrder: %v", got)
	}
	for f, want := range map[*Figure]string{&one: "boats", &two: "people killed", &bad: "a quantity (dollars)"} {
		if got := f.Label(); got != want {
			t.Errorf("Label = %q, want %q", got, want)
		}
	}
	if one.Docs() != 1 || two.Docs() != 2 {
		t.Errorf("Docs: %d, %d", one.Docs(), two.Docs())
	}
}

func TestBySpeaker(t *testing.T) {
	q := func(speaker, versionSpeaker string, n int) QuoteGroup {
		g := QuoteGroup{Speaker: speaker}
		for i := 0; i < n; i++ {
			g.Versions = append(g.Versions, QuoteVersion{Quote: Quote{Speaker: versionSpeaker}})
		}
		return g
	}
	groups := []QuoteGroup{q("", "", 1), q("Brandt", "", 1), q("", "Quint", 2), q("Quint", "", 1), q("Nobody", "", 0)}
	var got []string
	for _, s := range BySpeaker(groups) {
		got = append(got, s.Speaker+":"+string(rune('0'+len(s.Groups))))
	}
	if want := []string{"Quint:2", "Brandt:1", ":1"}; !reflect.DeepEqual(got, want) {
		t.Errorf("BySpeaker = %v, want %v", got, want)
	}
}
