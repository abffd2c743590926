package rouge

import (
	"bytes"
	"context"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/shareddata"
)

// sampleRuns are ROUGE-1.5.5's own test runs: a configuration in
// sample-test/, the options spelled in the expected output's name, and
// that output in sample-output/.
var sampleRuns = []struct{ config, args, output string }{
	{"ROUGE-test.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-a.out"},
	{"ROUGE-test.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-a-m.out"},
	{"ROUGE-test.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -a -m -s", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-a-m-s.out"},
	{"ROUGE-test.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -l 10 -a", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a.out"},
	{"ROUGE-test.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -l 10 -a -m", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a-m.out"},
	{"ROUGE-test.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -l 10 -a -m -s", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a-m-s.out"},
	{"ROUGE-test.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -b 75 -a", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-b75-a.out"},
	{"ROUGE-test.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -b 75 -a -m", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-b75-a-m.out"},
	{"ROUGE-test.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -b 75 -a -m -s", "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-b75-a-m-s.out"},
	{"verify.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -b 75 -a -m -s", "verify-c95-2-1-U-r1000-n4-w1.2-b75-a-m-s.out"},
	{"verify-spl.xml", "-c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -b 75 -a -m -s", "verify-spl-c95-2-1-U-r1000-n4-w1.2-b75-a-m-s.out"},
	// The DUC 2002 runs: SPL summaries, and Basic Elements in the
	// SIMPLE format, from XML and from -z file lists for system 26.
	{"DUC2002-ROUGE.in.26.spl.xml", "-n 4 -a", "DUC2002-ROUGE.in.26.spl.out"},
	{"DUC2002-ROUGE.in.26.spl.lst", "-n 4 -z SPL", "DUC2002-ROUGE.in.26.spl.lst.out"},
	{"DUC2002-BE-F.in.26.simple.xml", "-3 HM -a", "DUC2002-BE-F.in.26.simple.out"},
	{"DUC2002-BE-F.in.26.lst", "-3 HM -z SIMPLE", "DUC2002-BE-F.in.26.lst.out"},
	{"DUC2002-BE-L.in.26.simple.xml", "-3 HM -a", "DUC2002-BE-L.in.26.simple.out"},
	{"DUC2002-BE-L.in.26.lst", "-3 HM -z SIMPLE", "DUC2002-BE-L.in.26.lst.out"},
}

// runSample runs the script's options on a sample configuration and
// returns the output.
func runSample(t testing.TB, config, args string) []byte {
	t.Helper()
	dir := shareddata.Path(t, "rouge/rouge-1.5.5")
	st, rest, err := ParseArgs(strings.Fields(args))
	if err != nil || len(rest) != 0 {
		t.Fatalf("ParseArgs(%q): %v %q", args, err, rest)
	}
	st.DataDir = filepath.Join(dir, "data")
	path := filepath.Join(dir, "sample-test", config)
	var cfg *Config
	var peers []string
	if st.FileList != "" {
		// The lists name files from the sample-test directory; the
		// system evaluated is 26.
		f, err := os.Open(path)
		if err != nil {
			t.Fatal(err)
		}
		defer f.Close()
		cfg, err = ReadFileList(f, path, st.FileList, "26")
		cfg.Dir, peers = filepath.Dir(path), []string{"26"}
		if err != nil {
			t.Fatal(err)
		}
	} else {
		var err error
		if cfg, err = ReadConfigFile(path); err != nil {
			t.Fatal(err)
		}
	}
	r, err := Evaluate(context.Background(), cfg, st, peers, func(w string) { t.Log(w) })
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	if _, err := r.WriteTo(&b); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

// TestSampleOutputs requires the output of every sample run (all 17
// outputs of the release) to be identical to ROUGE-1.5.5's, byte for
// byte.
func TestSampleOutputs(t *testing.T) {
	for _, c := range sampleRuns {
		t.Run(c.output, func(t *testing.T) {
			want, err := os.ReadFile(shareddata.Path(t, "rouge/rouge-1.5.5/sample-output/"+c.output))
			if err != nil {
				t.Fatal(err)
			}
			got := runSample(t, c.config, c.args)
			if !bytes.Equal(got, want) {
				t.Errorf("output differs from ROUGE-1.5.5's:\n%s", lineDiff(string(want), string(got), 10))
			}
		})
	}
}

// lineDiff lists up to max lines that differ, as want/got pairs.
func lineDiff(want, got string, max int) string {
	w, g := strings.Split(want, "\n"), strings.Split(got, "\n")
	var b strings.Builder
	n := 0
	for i := 0; i < len(w) || i < len(g); i++ {
		var x, y string
		if i < len(w) {
			x = w[i]
		}
		if i < len(g) {
			y = g[i]
		}
		if x != y {
			b.WriteString("line " + itoa(i+1) + ":\n  want " + x + "\n  got  " + y + "\n")
			if n++; n == max {
				break
			}
		}
	}
	if len(w) != len(g) {
		b.WriteString("line counts: want " + itoa(len(w)) + ", got " + itoa(len(g)) + "\n")
	}
	return b.String()
}

func itoa(i int) string { return strconv.Itoa(i) }
