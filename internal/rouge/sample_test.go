package rouge

import (
	"bufio"
	"encoding/xml"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/shareddata"
)

type evalConfig struct {
	Evals []struct {
		ID        string `xml:"ID,attr"`
		PeerRoot  string `xml:"PEER-ROOT"`
		ModelRoot string `xml:"MODEL-ROOT"`
		Peers     []struct {
			ID   string `xml:"ID,attr"`
			File string `xml:",chardata"`
		} `xml:"PEERS>P"`
		Models []struct {
			ID   string `xml:"ID,attr"`
			File string `xml:",chardata"`
		} `xml:"MODELS>M"`
	} `xml:"EVAL"`
}

var seeLine = regexp.MustCompile(`^<a name="[0-9]+">\[[0-9]+\]</a>\s+<a href="#[0-9]+" id=[0-9]+>([^<]*)` + os.Getenv("SEE_END"))

// readSEE returns the sentences of a SEE-format summary.
func readSEE(t *testing.T, path string) []string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var out []string
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if m := seeLine.FindStringSubmatch(sc.Text()); m != nil {
			out = append(out, m[1])
		}
	}
	if err := sc.Err(); err != nil {
		t.Fatal(err)
	}
	return out
}

var avgLine = regexp.MustCompile(`^(\S+) (ROUGE-\S+) Average_([RPF]): ([0-9.]+) `)

// readExpected maps "system metric" to its Average_R/P/F strings.
func readExpected(t *testing.T, path string) map[string][3]string {
	t.Helper()
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][3]string{}
	for _, l := range strings.Split(string(b), "\n") {
		m := avgLine.FindStringSubmatch(l)
		if m == nil {
			continue
		}
		k := m[1] + " " + m[2]
		v := out[k]
		v[strings.Index("RPF", m[3])] = m[4]
		out[k] = v
	}
	return out
}

// runSample scores every system of ROUGE-test.xml and returns, per
// "system metric", the averaged R, P, F formatted as the script does.
func runSample(t *testing.T, xmlName string, opt Options) map[string][]Scores {
	t.Helper()
	base := shareddata.Path(t, "rouge/rouge-1.5.5/sample-test")
	b, err := os.ReadFile(filepath.Join(base, xmlName))
	if err != nil {
		t.Fatal(err)
	}
	var cfg evalConfig
	if err := xml.Unmarshal(b, &cfg); err != nil {
		t.Fatal(err)
	}
	s, err := NewScorer(opt)
	if err != nil {
		t.Fatal(err)
	}
	per := map[string][]Scores{}
	for _, ev := range cfg.Evals {
		var models [][]string
		for _, m := range ev.Models {
			models = append(models, readSEE(t, filepath.Join(base, strings.TrimSpace(ev.ModelRoot), strings.TrimSpace(m.File))))
		}
		for _, p := range ev.Peers {
			peer := readSEE(t, filepath.Join(base, strings.TrimSpace(ev.PeerRoot), strings.TrimSpace(p.File)))
			per[p.ID] = append(per[p.ID], s.Score(peer, models))
		}
	}
	return per
}

func sampleOptions(t *testing.T, flags string) Options {
	opt := DefaultOptions()
	opt.SkipDistance = -1
	for _, fl := range strings.Fields(flags) {
		switch {
		case fl == "m":
			opt.Stem = true
			opt.ExceptionsDir = shareddata.Path(t, "rouge/rouge-1.5.5/data/WordNet-2.0-Exceptions")
		case fl == "s":
			sw, err := LoadStopwords(shareddata.Path(t, "rouge/rouge-1.5.5/data/smart_common_words.txt"))
			if err != nil {
				t.Fatal(err)
			}
			opt.Stopwords = sw
		case fl[0] == 'l':
			opt.LengthWords, _ = strconv.Atoi(fl[1:])
		case fl[0] == 'b':
			opt.LengthBytes, _ = strconv.Atoi(fl[1:])
		}
	}
	return opt
}

// scoredMetrics are the sample outputs' metrics this package computes.
var scoredMetrics = []string{"ROUGE-1", "ROUGE-2", "ROUGE-3", "ROUGE-4", "ROUGE-L", "ROUGE-S*", "ROUGE-SU*"}

// compareSample scores a sample configuration, fits the bootstrap
// weights and returns the worst residual per metric and the weights.
func compareSample(t *testing.T, xmlName, name, flags string) (map[string]float64, []float64) {
	t.Helper()
	exp := readExpected(t, shareddata.Path(t, "rouge/rouge-1.5.5/sample-output/"+name))
	per := runSample(t, xmlName, sampleOptions(t, flags))
	os := collectObs(t, exp, per, scoredMetrics)
	w := fitWeights(os)
	worst := map[string]float64{}
	for k, r := range residuals(os, w) {
		m := strings.Fields(os[k].key)[1]
		worst[m] = math.Max(worst[m], math.Abs(r))
	}
	return worst, w
}

// TestSampleOutputs checks the per-evaluation scores against every
// Average line of ROUGE-1.5.5's sample outputs for ROUGE-1..4, L, S* and
// SU*. The printed averages are bootstrap means (see fit_test.go), so
// the test fits the run's resampling weights, one per evaluation shared
// by all systems and metrics, and requires every fitted average to equal
// the printed one within rounding (the printed figures carry 5e-6 of
// rounding). The weights must look like resampling shares: non-negative
// and summing to one.
func TestSampleOutputs(t *testing.T) {
	cases := []struct{ xml, out, flags string }{
		{"ROUGE-test.xml", "a", ""},
		{"ROUGE-test.xml", "a-m", "m"},
		{"ROUGE-test.xml", "a-m-s", "m s"},
		{"ROUGE-test.xml", "l10-a", "l10"},
		{"ROUGE-test.xml", "l10-a-m", "l10 m"},
		{"ROUGE-test.xml", "l10-a-m-s", "l10 m s"},
		{"ROUGE-test.xml", "b75-a", "b75"},
		{"ROUGE-test.xml", "b75-a-m", "b75 m"},
		{"ROUGE-test.xml", "b75-a-m-s", "b75 m s"},
		{"verify.xml", "b75-a-m-s", "b75 m s"},
	}
	for _, c := range cases {
		prefix := "ROUGE-test"
		if c.xml == "verify.xml" {
			prefix = "verify"
		}
		name := prefix + "-c95-2-1-U-r1000-n4-w1.2-" + c.out + ".out"
		t.Run(name, func(t *testing.T) {
			worst, w := compareSample(t, c.xml, name, c.flags)
			for _, m := range scoredMetrics {
				if worst[m] > 1e-5 {
					t.Errorf("%s: fitted averages miss the printed ones by up to %.6f", m, worst[m])
				}
			}
			sum := 0.0
			for _, x := range w {
				sum += x
				if x < 0 {
					t.Errorf("negative resampling weight %.5f in %.5f", x, w)
				}
			}
			if math.Abs(sum-1) > 0.01 {
				t.Errorf("resampling weights sum to %.5f", sum)
			}
		})
	}
}
