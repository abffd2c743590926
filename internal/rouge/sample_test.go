package rouge

import (
	"bufio"
	"encoding/xml"
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

var seeLine = regexp.MustCompile(`^<a name="[0-9]+">\[[0-9]+\]</a>\s+<a href="#[0-9]+" id=[0-9]+>([^<]*)`)

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
var scoredMetrics = []string{"ROUGE-1", "ROUGE-2", "ROUGE-3", "ROUGE-4", "ROUGE-L", "ROUGE-W-1.2", "ROUGE-S*", "ROUGE-SU*"}
