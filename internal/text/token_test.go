package text

import (
	"fmt"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
)

// tokenString renders tokens as "surface/kind" for compact comparison,
// kind being w(ord), n(umber) or p(unct).
func tokenString(s string, toks []news.Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 {
			b.WriteByte(' ')
		}
		fmt.Fprintf(&b, "%s/%c", s[t.Start:t.End], "wnp"[t.Kind])
	}
	return b.String()
}

func TestTokenize(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Don't stop.", "Don't/w stop/w ./p"},
		{"The U.S. and al-Assad", "The/w U.S./w and/w al-Assad/w"},
		{"130,000 people, 2.5 percent, at 9:30", "130,000/n people/w ,/p 2.5/n percent/w ,/p at/w 9:30/n"},
		{"the 1990s and 3rd place", "the/w 1990s/w and/w 3rd/w place/w"},
		{"a 32-year-old F-16 pilot", "a/w 32-year-old/w F-16/w pilot/w"},
		{"$1.2 million (est.)", "$/p 1.2/n million/w (/p est/w ./p )/p"},
		{"“Yes,” she said…", "“/p Yes/w ,/p ”/p she/w said/w …/p"},
		{"O’Brien’s plan", "O’Brien’s/w plan/w"},
		{"Wait... what?!", "Wait/w .../p what/w ?!/p"},
		{"Mr. Lee, Ph.D., at 10 a.m.", "Mr/w ./p Lee/w ,/p Ph.D./w ,/p at/w 10/n a.m./w"},
		{"see https://example.org/x?y=1. Or mail a.b@example.com.", "see/w https://example.org/x?y=1/w ./p Or/w mail/w a.b@example.com/w ./p"},
		{"bit.ly links", "bit/w ./p ly/w links/w"},
		{"a .45 caliber gun", "a/w .45/n caliber/w gun/w"},
		{"9/11 and 2-1", "9/11/n and/w 2-1/n"},
		{"naïve café", "naïve/w café/w"},
	}
	for _, tt := range tests {
		if got := tokenString(tt.in, Tokenize(tt.in)); got != tt.want {
			t.Errorf("Tokenize(%q)\n got %s\nwant %s", tt.in, got, tt.want)
		}
	}
}

func TestTokenFields(t *testing.T) {
	body := "Headline\n\nThe Ministers’ settlements were REJECTED in 2023."
	doc := Analyze(news.Article{Body: body})
	if len(doc.Sentences) != 2 {
		t.Fatalf("got %d sentences", len(doc.Sentences))
	}
	type tok struct {
		norm, stem string
		kind       news.TokenKind
		stop       bool
	}
	want := []tok{
		{"the", "the", news.Word, true},
		{"ministers", "minist", news.Word, false},
		{"'", "'", news.Punct, false},
		{"settlements", "settlem", news.Word, false},
		{"were", "were", news.Word, true},
		{"rejected", "reject", news.Word, false},
		{"in", "in", news.Word, true},
		{"2023", "2023", news.Number, false},
		{".", ".", news.Punct, false},
	}
	got := doc.Sentences[1].Tokens
	if len(got) != len(want) {
		t.Fatalf("got %d tokens: %s", len(got), tokenString(body, got))
	}
	for i, w := range want {
		g := got[i]
		if g.Norm != w.norm || g.Stem != w.stem || g.Kind != w.kind || g.Stop != w.stop {
			t.Errorf("token %d %q: got {%q %q %d %v}, want %v", i, body[g.Start:g.End], g.Norm, g.Stem, g.Kind, g.Stop, w)
		}
	}
}

func TestStemToken(t *testing.T) {
	tests := []struct{ norm, want string }{
		{"bus", "bus"},       // not longer than 3 characters: left alone (Stem would give "bu")
		{"runs", "run"},      // longer: stemmed
		{"mayor's", "mayor"}, // possessive set aside
		{"u.s.", "u.s."},     // not a-z: unchanged
		{"café", "café"},     // non-ASCII: unchanged
		{"bus's", "bus"},     // short base after possessive
		{"don't", "don't"},   // contraction: unchanged
		{"hearings", "hear"}, // ordinary stemming
		{"settlement", "settlem"},
	}
	for _, tt := range tests {
		if got := stemToken(tt.norm); got != tt.want {
			t.Errorf("stemToken(%q) = %q, want %q", tt.norm, got, tt.want)
		}
	}
}

func TestFold(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hello World", "hello world"},
		{"‘single’ “double” „low‟ «guillemets» ‹one›", `'single' "double" "low" "guillemets" 'one'`},
		{"‚low‛ 5′ 6″", `'low' 5' 6"`},
		{"a‐b a‑b a‒b a–b a—b a―b", "a-b a-b a-b a-b a-b a-b"},
		{"no\u00a0break\u2009thin\u3000wide", "no break thin wide"},
		{"cafe\u0301", "café"}, // NFC
		{"soft\u00adhyphen", "softhyphen"},
		{"zero\u200bwidth", "zerowidth"},
		{"ÉCOLE", "école"},
		{"O’Brien’s", "o'brien's"},
	}
	for _, tt := range tests {
		if got := Fold(tt.in); got != tt.want {
			t.Errorf("Fold(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestTypographicQuotesSplitLikeASCII(t *testing.T) {
	ascii := `"Stay," she said. "Now." He left. 'Why?' he asked.`
	curly := `“Stay,” she said. “Now.” He left. ‘Why?’ he asked.`
	a, c := sentences(ascii), sentences(curly)
	if len(a) != len(c) {
		t.Fatalf("ascii %q\ncurly %q", a, c)
	}
	for i := range a {
		if Fold(a[i]) != Fold(c[i]) {
			t.Errorf("sentence %d: ascii %q, curly %q", i, a[i], c[i])
		}
	}
}

func TestIsStopword(t *testing.T) {
	for _, w := range []string{"the", "a", "and", "of", "he", "they", "was", "would", "also", "just", "don't", "however"} {
		if !IsStopword(w) {
			t.Errorf("IsStopword(%q) = false", w)
		}
	}
	for _, w := range []string{"said", "says", "police", "president", "fire", "killed", ""} {
		if IsStopword(w) {
			t.Errorf("IsStopword(%q) = true", w)
		}
	}
	if n := len(stopwords); n < 250 {
		t.Errorf("only %d stopwords", n)
	}
}
