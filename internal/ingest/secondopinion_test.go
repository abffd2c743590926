package ingest

import (
	"strings"
	"testing"
)

func TestMergeSecondOpinion(t *testing.T) {
	long := func(w string, n int) string { return strings.TrimSpace(strings.Repeat(w+" ", n)) + "." }
	lead := "The harbour board of Port Alder voted on Tuesday to close the north pier for repairs."
	mid := long("The ferry operator said crossings would move to the south pier while divers inspect the piles", 1)
	missed := long("Engineers found", 12) // 24 words, only in the second opinion
	filler := "Residents were told to expect delays."
	second := []string{lead, missed, mid, filler}
	tests := []struct {
		name      string
		body      string
		second    []string
		keepShort bool
		want      string
	}{
		{"short unconfirmed paragraph dropped", lead + "\n\nShare this story\n\n" + mid, second, false, lead + "\n\n" + missed + "\n\n" + mid},
		{"short paragraph kept when confirmed", lead + "\n\nRead more.\n\n" + mid, append([]string{"Read more."}, second...), false, lead + "\n\nRead more.\n\n" + missed + "\n\n" + mid},
		{"keepShort keeps it", lead + "\n\nShare this story\n\n" + mid, second, true, lead + "\n\n" + missed + "\n\nShare this story\n\n" + mid},
		{"missed paragraph goes before the first shared one", mid, []string{missed, mid, lead}, false, missed + "\n\n" + mid},
		{"a second opinion too short is ignored", lead + "\n\nShare this story", []string{lead}, false, lead + "\n\nShare this story"},
		{"no second opinion", lead + "\n\nShare", nil, false, lead + "\n\nShare"},
	}
	for _, tc := range tests {
		got := mergeSecondOpinion(tc.body, tc.second, tc.keepShort)
		if got != tc.want {
			t.Errorf("%s:\n got %q\nwant %q", tc.name, got, tc.want)
		}
	}
}
