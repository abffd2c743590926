package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax"
)

// TestDigestWireCopy checks that a wire copy is marked as a copy of its
// original and left out of the comparison, where it would count as a
// second outlet.
func TestDigestWireCopy(t *testing.T) {
	wire := "Fire crews contained a blaze at the Lindqvist paper mill in Harrow on Thursday after it burned for six hours, the regional fire service said. " +
		"No workers were hurt, and about 200 residents who had been told to keep their windows shut were allowed to open them again by evening. " +
		"The cause of the fire is not yet known, and an inspector from the regional safety office is expected at the mill on Friday."
	copyText := strings.Replace(wire, "on Thursday", "on Thursday afternoon", 1)
	other := "Smoke from the burning Lindqvist mill could be seen across the valley for most of Thursday, residents of Harrow said. " +
		"Shop owners on the high street closed early, and the mill's owners said production would stop for at least a week while the damage was assessed."
	dir := t.TempDir()
	for name, body := range map[string]string{"a-wire.txt": "Outlet: Wire Service\n\n" + wire,
		"b-herald.txt": "Outlet: Harrow Herald\n\n" + copyText, "c-valley.txt": "Outlet: Valley Post\n\n" + other} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	code, out, errOut := runCmd(t, "", "digest", "--format", "json", dir)
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var d parallax.Digest
	if err := json.Unmarshal([]byte(out), &d); err != nil {
		t.Fatal(err)
	}
	if len(d.Sources) != 3 || d.Sources[1].CopyOf != "A" || d.Sources[0].CopyOf != "" || d.Sources[2].CopyOf != "" {
		t.Fatalf("sources %+v", d.Sources)
	}
	if d.Comparison == nil {
		t.Fatal("no comparison of the two independent sources")
	}
	for _, f := range append(d.Comparison.Shared, d.Comparison.Exclusives...) {
		for _, e := range f.Sources {
			if e.DocID == d.Sources[1].DocID {
				t.Errorf("the copy counts in the comparison: %+v", f)
			}
		}
	}
	code, out, _ = runCmd(t, "", "digest", dir)
	if code != exitOK || !strings.Contains(out, "copy of [A]") {
		t.Errorf("text digest does not mark the copy:\n%s", out)
	}
}
