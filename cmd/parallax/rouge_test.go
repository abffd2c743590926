package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/shareddata"
)

// TestRougeSampleOutputs runs parallax rouge with the options spelled in
// the names of ROUGE-1.5.5's sample outputs, on its ROUGE-test.xml, and
// requires output identical to the script's.
func TestRougeSampleOutputs(t *testing.T) {
	dir := shareddata.Path(t, "rouge/rouge-1.5.5")
	for _, name := range []string{
		"ROUGE-test-c95-2-1-U-r1000-n4-w1.2-a.out",
		"ROUGE-test-c95-2-1-U-r1000-n4-w1.2-a-m.out",
		"ROUGE-test-c95-2-1-U-r1000-n4-w1.2-a-m-s.out",
		"ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a.out",
		"ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a-m.out",
		"ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a-m-s.out",
		"ROUGE-test-c95-2-1-U-r1000-n4-w1.2-b75-a.out",
		"ROUGE-test-c95-2-1-U-r1000-n4-w1.2-b75-a-m.out",
		"ROUGE-test-c95-2-1-U-r1000-n4-w1.2-b75-a-m-s.out",
	} {
		t.Run(name, func(t *testing.T) {
			want, err := os.ReadFile(filepath.Join(dir, "sample-output", name))
			if err != nil {
				t.Fatal(err)
			}
			args := []string{"rouge", "-e", filepath.Join(dir, "data")}
			args = append(args, optionsFromName(name)...)
			args = append(args, filepath.Join(dir, "sample-test", "ROUGE-test.xml"))
			code, out, errOut := runCmd(t, "", args...)
			if code != exitOK {
				t.Fatalf("%q: exit %d\n%s", args, code, errOut)
			}
			if out != string(want) {
				t.Errorf("%q: output differs from %s", args, name)
			}
		})
	}
}

// optionsFromName spells out "ROUGE-test-c95-2-1-U-r1000-n4-w1.2-l10-a-m.out"
// as -c 95 -2 -1 -U -r 1000 -n 4 -w 1.2 -l 10 -a -m.
func optionsFromName(name string) []string {
	parts := strings.Split(strings.TrimSuffix(strings.TrimPrefix(name, "ROUGE-test-"), ".out"), "-")
	var args []string
	for i := 0; i < len(parts); i++ {
		p := parts[i]
		switch {
		case p == "2": // -2 takes the next part, here "1" of "-1"
			args = append(args, "-2", "-"+parts[i+1])
			i++
		case len(p) > 1:
			args = append(args, "-"+p[:1], p[1:])
		default:
			args = append(args, "-"+p)
		}
	}
	return args
}

func TestRougeConfig(t *testing.T) {
	const dir = "testdata/rouge"
	cases := []struct {
		name string
		args []string
		code int
		out  []string // lines the output must have
		err  string   // text stderr must have
	}{
		{"all peers", []string{"-n", "2", "-a", "-d", dir + "/eval.xml"}, exitOK, []string{
			// 17 hits of 25 model and 2x14 peer unigrams.
			"1 ROUGE-1 Average_R: 0.68000 (95%-conf.int. 0.68000 - 0.68000)",
			"1 ROUGE-1 Eval ferry.1 R:0.68000 P:0.60714 F:0.64151",
			"2 ROUGE-1 Eval ferry.2 R:0.04000 P:0.10000 F:0.05714",
			// An empty peer scores 0, with a warning.
			"3 ROUGE-1 Eval ferry.3 R:0.00000 P:0.00000 F:0.00000",
			// Bytes outside ASCII separate words, as in the script.
			"4 ROUGE-1 Eval ferry.4 R:0.20000 P:0.25000 F:0.22222",
		}, "ferry.3: empty summary"},
		{"one peer, bundled options", []string{"-n1", "-xd", dir + "/eval.xml", "2"}, exitOK, []string{
			"2 ROUGE-1 Average_R: 0.04000 (95%-conf.int. 0.04000 - 0.04000)",
		}, ""},
		{"best model", []string{"-n", "1", "-x", "-f", "B", dir + "/eval.xml", "1"}, exitOK, []string{
			// Model B: 8 hits of 10; the peer's 14 tokens.
			"1 ROUGE-1 Average_R: 0.80000 (95%-conf.int. 0.80000 - 0.80000)",
			"1 ROUGE-1 Average_P: 0.57143 (95%-conf.int. 0.57143 - 0.57143)",
		}, ""},
		{"raw counts", []string{"-n", "1", "-x", "-t", "2", dir + "/eval.xml", "1"}, exitOK, []string{
			"1 ROUGE-1 M_count: 25 P_count: 28 H_count: 17",
		}, ""},
		{"token counting", []string{"-n", "1", "-x", "-t", "1", "-d", dir + "/eval.xml", "1"}, exitOK, []string{
			"1 ROUGE-1 Average_R: 0.68000 (95%-conf.int. 0.68000 - 0.68000)",
			"1 ROUGE-1 Eval ferry.1 R:25 P:28 F:17",
		}, ""},
		{"word limit", []string{"-n", "1", "-x", "-l", "3", dir + "/eval.xml", "1"}, exitOK, []string{
			// the ferry lark / the ferry lark + a ferry grounded: 3+1 hits of 6.
			"1 ROUGE-1 Average_R: 0.66667 (95%-conf.int. 0.66667 - 0.66667)",
		}, ""},
		{"file list", []string{"-n", "1", "-x", "-z", "SPL", "-d", dir + "/pairs.lst", "run"}, exitOK, []string{
			"run ROUGE-1 Eval 1.run R:0.68000 P:0.60714 F:0.64151",
			"run ROUGE-1 Eval 2.run R:0.06667 P:0.20000 F:0.10000",
		}, ""},
		{"peer root override", []string{"-n", "1", "--peer-root", dir + "/models", dir + "/eval.xml", "1"}, exitFailed, nil, "ferry.1"},
		{"no system ID", []string{"-n", "1", dir + "/eval.xml"}, exitUsage, nil, "system ID"},
		{"words and bytes", []string{"-l", "5", "-b", "5", "-a", dir + "/eval.xml"}, exitUsage, nil, "not both"},
		{"unknown option", []string{"-q", "-a", dir + "/eval.xml"}, exitUsage, nil, "unknown option -q"},
		{"bad formula", []string{"-f", "C", "-a", dir + "/eval.xml"}, exitUsage, nil, "A or B"},
		{"malformed XML", []string{"-a", dir + "/broken.xml"}, exitFailed, nil, "broken.xml:7: malformed XML"},
		{"missing model", []string{"-a", dir + "/missing.xml"}, exitFailed, nil, "no-such-model"},
		{"missing config", []string{"-a", dir + "/nothing.xml"}, exitFailed, nil, "nothing.xml"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			code, out, errOut := runCmd(t, "", append([]string{"rouge"}, c.args...)...)
			if code != c.code {
				t.Fatalf("exit %d, want %d\nstderr: %s", code, c.code, errOut)
			}
			lines := strings.Split(out, "\n")
			for _, want := range c.out {
				if !contains(lines, want) {
					t.Errorf("output lacks %q:\n%s", want, out)
				}
			}
			if !strings.Contains(errOut, c.err) {
				t.Errorf("stderr lacks %q:\n%s", c.err, errOut)
			}
		})
	}
}

func contains(lines []string, s string) bool {
	for _, l := range lines {
		if l == s {
			return true
		}
	}
	return false
}

func TestRougePlain(t *testing.T) {
	const dir = "testdata/rouge"
	// Stemming (-m, on by default here) reads ROUGE's exception lists.
	t.Setenv("ROUGE_EVAL_HOME", shareddata.Path(t, "rouge/rouge-1.5.5/data"))
	code, out, errOut := runCmd(t, "", "rouge", "--refs", dir+"/refs", "--sys", dir+"/sys.jsonl", "--format", "json")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var res struct {
		Options string
		Rows    []rougeRow
	}
	if err := json.Unmarshal([]byte(out), &res); err != nil {
		t.Fatalf("%v\n%s", err, out)
	}
	got := map[string]float64{}
	for _, r := range res.Rows {
		got[r.System+" "+r.Metric] = r.Mean.Recall
	}
	// Stemming, stopwords kept: the lead summary as peer 1 above.
	for key, want := range map[string]float64{"lead ROUGE-1": 0.68, "lead ROUGE-2": 0.52174, "other ROUGE-1": 0.04, "other ROUGE-2": 0} {
		if got[key] != want {
			t.Errorf("%s recall %v, want %v (all: %v)", key, got[key], want, got)
		}
	}
	if len(res.Rows) != 8 || res.Options != plainRougeArgs {
		t.Errorf("%d rows with options %q", len(res.Rows), res.Options)
	}

	// A text file is the summary of the only ID; jackknifing two
	// references scores against each alone.
	code, out, errOut = runCmd(t, "", "rouge", "--refs", dir+"/refs", "--sys", dir+"/peers/ferry.1", "--jackknife", "-n", "1", "-x")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	// Against A alone 9/15, against B alone 8/10: mean 0.7.
	if !strings.Contains(out, "system  ROUGE-1  0.70000 (") {
		t.Errorf("jackknifed table:\n%s", out)
	}

	for _, bad := range [][]string{
		{"--refs", dir + "/refs"},
		{"--refs", dir + "/nothing", "--sys", dir + "/sys.jsonl"},
		{"--refs", dir + "/refs", "--sys", dir + "/eval.xml.jsonl"},
		{"--refs", dir + "/eval.xml", "--sys", dir + "/sys.jsonl"},
	} {
		code, _, errOut := runCmd(t, "", append([]string{"rouge"}, bad...)...)
		if code == exitOK || errOut == "" {
			t.Errorf("%q: exit %d, stderr %q", bad, code, errOut)
		}
	}
}
