package sqlite

import (
	"strings"
	"testing"
	"time"
)

func TestSnippet(t *testing.T) {
	long := strings.Repeat("filler ", 100)
	tests := []struct {
		name, text, q, want string
	}{
		{"whole text", "The bank raised rates.", "rates", "The bank raised \x02rates\x03."},
		{"prefix", "Rates rise; rated well.", "rat", "\x02Rates\x03 rise; \x02rated\x03 well."},
		{"not inside a word", "Pirates ahoy.", "rat", "Pirates ahoy."},
		{"diacritics", "Le café à Zürich.", "cafe zurich", "Le \x02café\x03 à \x02Zürich\x03."},
		{"diacritics in the query", "Le cafe a Zurich.", "café", "Le \x02cafe\x03 a Zurich."},
		{"phrase: exact then prefix", "extra time, extraordinary times", "extra-tim", "\x02extra\x03 \x02time\x03, extraordinary \x02times\x03"},
		{"no match: the start", long + "end", "zebra", strings.TrimSpace(strings.Repeat("filler ", 32)) + "…"},
		{"cut on both sides", long + "needle " + long, "needle",
			"…" + strings.Repeat("filler ", 15) + "\x02needle\x03 " + strings.TrimSpace(strings.Repeat("filler ", 16)) + "…"},
		{"at the end", long + "needle.", "needle", "…" + strings.Repeat("filler ", 31) + "\x02needle\x03."},
		{"markers of the text dropped", "a \x02b\x03 c", "c", "a b \x02c\x03"},
		{"empty", "", "x", ""},
		{"no tokens", "?!", "x", ""},
		{"long gap", "a" + strings.Repeat("-", 200) + "b", "b", "a … \x02b\x03"},
		{"the window with most terms", "alpha " + long + "alpha beta " + long, "alpha beta",
			"…" + strings.Repeat("filler ", 15) + "\x02alpha\x03 \x02beta\x03 " + strings.TrimSpace(strings.Repeat("filler ", 15)) + "…"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := snippet(tt.text, searchTerms(queryWords(tt.q)))
			if got != tt.want {
				t.Errorf("snippet\n got %q\nwant %q", got, tt.want)
			}
		})
	}
}

func TestSnippetHuge(t *testing.T) {
	text := strings.Repeat("a ", 5<<20)
	start := time.Now()
	s := snippet(text, searchTerms(queryWords("a")))
	if d := time.Since(start); d > 3*time.Second {
		t.Errorf("took %v", d)
	}
	if strings.Count(s, "\x02a\x03") != snippetTokens {
		t.Errorf("snippet %q", s)
	}
}
