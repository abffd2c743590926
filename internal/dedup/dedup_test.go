package dedup

import (
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
)

func readFixture(t testing.TB, name string) news.Article {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name+".txt"))
	if err != nil {
		t.Fatal(err)
	}
	return news.Article{ID: name, Body: string(b)}
}

var fixtureNames = []string{"wire", "outlet-a", "outlet-b", "other-1", "other-2"}

// TestFixtureSimilarities checks the gap that DefaultThreshold sits in:
// copies of the wire story above it, independent stories on the same
// event far below it.
func TestFixtureSimilarities(t *testing.T) {
	sh := map[string][]uint64{}
	for _, n := range fixtureNames {
		sh[n] = Shingles(Words(readFixture(t, n).Body))
	}
	copies := map[string]bool{"wire": true, "outlet-a": true, "outlet-b": true}
	for i, a := range fixtureNames {
		for _, b := range fixtureNames[i+1:] {
			jac, cont := overlap(sh[a], sh[b])
			est := EstimateJaccard(Signature(sh[a]), Signature(sh[b]))
			t.Logf("%-9s %-9s jaccard %.3f estimate %.3f containment %.3f", a, b, jac, est, cont)
			same := copies[a] && copies[b]
			if same && jac < DefaultThreshold+0.1 {
				t.Errorf("%s, %s: copies with Jaccard %.3f, too close to the threshold %.2f", a, b, jac, DefaultThreshold)
			}
			if !same && (jac > DefaultThreshold/4 || cont > DefaultContainment/4) {
				t.Errorf("%s, %s: different stories with Jaccard %.3f, containment %.3f", a, b, jac, cont)
			}
		}
	}
}

func TestDetectorFixtures(t *testing.T) {
	d := New(Options{})
	want := map[string]string{"outlet-a": "wire", "outlet-b": "wire"}
	for _, n := range fixtureNames {
		m, ok := d.Add(readFixture(t, n))
		if ok && m.Kind != NearText {
			t.Errorf("%s: kind %q, want near", n, m.Kind)
		}
		if m.Of != want[n] {
			t.Errorf("Add(%s) = %q, want %q", n, m.Of, want[n])
		}
	}
	if got, want := d.Groups(), [][]int{{0, 1, 2}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Groups = %v, want %v", got, want)
	}
}

func TestCanonicalURL(t *testing.T) {
	same := [][]string{
		{
			"https://www.example.com/world/2026/03/04/dam-release/",
			"http://example.com/world/2026/03/04/dam-release",
			"HTTPS://WWW.EXAMPLE.COM:443/world/2026/03/04/dam-release?utm_source=twitter&utm_medium=social",
			"https://example.com/world/2026/03/04/dam-release/amp/",
			"https://example.com/amp/world/2026/03/04/dam-release#comments",
			"https://m.example.com/world/2026/03/04/dam-release?fbclid=IwAR0abc",
			"https://example-com.cdn.ampproject.org/c/s/example.com/world/2026/03/04/dam-release/amp",
			"https://example.com/world/2026/03/04/dam-release.amp",
		},
		{
			"https://news.example.org/story.html?id=42&page=2",
			"https://news.example.org/story.html?page=2&id=42&gclid=xyz",
		},
		{
			"https://example.net/a%c3%a9",
			"https://example.net/a%C3%A9/",
		},
		{
			"https://example.net/world/index.html",
			"https://example.net/world/",
		},
	}
	for _, g := range same {
		want := CanonicalURL(g[0])
		if want == "" {
			t.Errorf("CanonicalURL(%q) is empty", g[0])
		}
		for _, u := range g[1:] {
			if got := CanonicalURL(u); got != want {
				t.Errorf("CanonicalURL(%q) = %q, want %q", u, got, want)
			}
		}
	}
	different := [][2]string{
		{"https://example.com/story?id=1", "https://example.com/story?id=2"},
		{"https://example.com/a/b", "https://example.com/a"},
		{"https://example.com/x", "https://example.org/x"},
		{"https://example.com:8080/x", "https://example.com/x"},
		{"https://www.example.com/x", "https://www.example.com/y"},
	}
	for _, p := range different {
		if a, b := CanonicalURL(p[0]), CanonicalURL(p[1]); a == b {
			t.Errorf("CanonicalURL(%q) = CanonicalURL(%q) = %q", p[0], p[1], a)
		}
	}
	for _, u := range []string{"", "   ", "not a url", "mailto:a@b.c", "ftp://example.com/x", "http://[::1", "/relative/path"} {
		if got := CanonicalURL(u); got != "" {
			t.Errorf("CanonicalURL(%q) = %q, want empty", u, got)
		}
	}
}

func TestDetectorKinds(t *testing.T) {
	wire := readFixture(t, "wire")
	tests := []struct {
		name string
		a    news.Article
		kind Kind
		of   string
	}{
		{"url", news.Article{ID: "u", URL: "https://www.example.com/dam/?utm_source=x", Body: "A different text entirely."}, SameURL, "w"},
		{"text", news.Article{ID: "t", Body: strings.ToUpper(strings.ReplaceAll(wire.Body, "\n\n", "\n")) + " "}, SameText, "w"},
		{"cut", news.Article{ID: "c", Body: wire.Body[:len(wire.Body)*2/3]}, NearText, "w"},
		{"short", news.Article{ID: "s", Body: "Rain fell."}, "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := New(Options{})
			w := wire
			w.ID, w.URL = "w", "https://example.com/dam"
			if _, ok := d.Add(w); ok {
				t.Fatal("first article is a duplicate")
			}
			m, ok := d.Add(tt.a)
			if ok != (tt.kind != "") || m.Kind != tt.kind || m.Of != tt.of {
				t.Errorf("Add = %+v, %v; want kind %q of %q", m, ok, tt.kind, tt.of)
			}
		})
	}
}

// TestTransitive: an article that matches two groups joins them, and the
// earliest article names the group.
func TestTransitive(t *testing.T) {
	arts := []news.Article{
		{ID: "a", URL: "https://a.example/x", Body: "one"},
		{ID: "b", URL: "https://b.example/y", Body: "two"},
		{ID: "c", URL: "https://b.example/y/", Body: "one"},
		{ID: "d", Body: "three"},
	}
	if got, want := Groups(arts, Options{}), [][]int{{0, 1, 2}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Groups = %v, want %v", got, want)
	}
}

func TestCanonicalField(t *testing.T) {
	arts := []news.Article{
		{ID: "a", URL: "https://partner.example/wire/123", Canonical: "https://wire.example/story/dam", Body: "one"},
		{ID: "b", URL: "https://wire.example/story/dam?utm_campaign=x", Body: "two"},
		{ID: "c", URL: "https://site.example/x", Canonical: "https://site.example/", Body: "three"},
		{ID: "d", URL: "https://site.example/y", Canonical: "https://site.example/", Body: "four"},
	}
	if got, want := Groups(arts, Options{}), [][]int{{0, 1}}; !reflect.DeepEqual(got, want) {
		t.Errorf("Groups = %v, want %v", got, want)
	}
}

func TestEmpty(t *testing.T) {
	d := New(Options{})
	for _, a := range []news.Article{{}, {ID: "x"}, {ID: "y", Body: "  ,,, "}} {
		if m, ok := d.Add(a); ok {
			t.Errorf("Add(%+v) = %+v, want no match", a, m)
		}
	}
	if g := d.Groups(); len(g) != 0 {
		t.Errorf("Groups = %v", g)
	}
}

// TestDeterministic: signatures are the same on every run (fixed seeds),
// so this value is a constant.
func TestDeterministic(t *testing.T) {
	sig := Signature(Shingles(Words("the quick brown fox jumps over the lazy dog")))
	if sig[0] != Signature(Shingles(Words("The quick, brown fox jumps over the lazy dog!")))[0] {
		t.Error("signature depends on case or punctuation")
	}
	if got := fmt.Sprintf("%016x", sig[0]); got != wantSig0 {
		t.Errorf("sig[0] = %s, want %s (seeds changed?)", got, wantSig0)
	}
}

const wantSig0 = "18220f177e2dfc5d"

// corpus builds n articles from a fixed vocabulary with a fixed seed; every
// tenth is a lightly edited copy of an earlier one.
func corpus(n int) []news.Article {
	rng := rand.New(rand.NewPCG(1, 2))
	vocab := make([]string, 5000)
	for i := range vocab {
		vocab[i] = fmt.Sprintf("w%d", i)
	}
	arts := make([]news.Article, n)
	for i := range arts {
		if i%10 == 9 {
			words := strings.Fields(arts[i-5].Body)
			for k := 0; k < len(words)/40; k++ {
				words[rng.IntN(len(words))] = vocab[rng.IntN(len(vocab))]
			}
			arts[i] = news.Article{ID: fmt.Sprint(i), Body: strings.Join(words, " ")}
			continue
		}
		words := make([]string, 300+rng.IntN(500))
		for k := range words {
			words[k] = vocab[min(int(rng.ExpFloat64()*400), len(vocab)-1)]
		}
		arts[i] = news.Article{ID: fmt.Sprint(i), URL: fmt.Sprintf("https://example.com/%d", i), Body: strings.Join(words, " ")}
	}
	return arts
}

func TestCorpus(t *testing.T) {
	arts := corpus(300)
	var want [][]int
	for i := 9; i < len(arts); i += 10 {
		want = append(want, []int{i - 5, i})
	}
	if got := Groups(arts, Options{}); !reflect.DeepEqual(got, want) {
		t.Errorf("Groups = %v\nwant %v", got, want)
	}
}

func BenchmarkGroups1000(b *testing.B) {
	arts := corpus(1000)
	b.ResetTimer()
	for b.Loop() {
		Groups(arts, Options{})
	}
}

// TestSharedQuote: an independent story that quotes the same official at
// length, as wire copies do, is still not a duplicate.
func TestSharedQuote(t *testing.T) {
	wire, other := readFixture(t, "wire"), readFixture(t, "other-1")
	quote := strings.Split(wire.Body, "\n\n")[2]
	other.Body += "\n\n" + quote
	jac, cont := overlap(Shingles(Words(wire.Body)), Shingles(Words(other.Body)))
	t.Logf("jaccard %.3f containment %.3f", jac, cont)
	if jac >= DefaultThreshold/2 || cont >= DefaultContainment/2 {
		t.Errorf("shared quote: jaccard %.3f, containment %.3f", jac, cont)
	}
	d := New(Options{})
	d.Add(wire)
	if m, ok := d.Add(other); ok {
		t.Errorf("story sharing a quote is a duplicate: %+v", m)
	}
}

// FuzzCanonicalURL: no panic, and a canonical URL is its own canonical form.
func FuzzCanonicalURL(f *testing.F) {
	for _, s := range []string{
		"https://www.example.com/a/b/?utm_source=x&id=2", "http://EXAMPLE.com:80/amp/x.amp.html#f",
		"https://example-com.cdn.ampproject.org/c/s/example.com/x", "//cdn.example/x?a&b=&c=1", "https://m.m.example.com/%e2%82%ac",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		c := CanonicalURL(s)
		if c == "" {
			return
		}
		if again := CanonicalURL("https://" + c); again != c {
			t.Errorf("CanonicalURL(%q) = %q, but CanonicalURL(https://%s) = %q", s, c, c, again)
		}
	})
}
