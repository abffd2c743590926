package rouge

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/text"
)

// Plain summaries are for evaluations without a ROUGE-1.5.5
// configuration: references and system summaries found by ID in
// directories or JSONL files. A summary is its units (sentences): the
// non-empty lines of a text file, as ROUGE-1.5.5's SPL format, or, for a
// JSON string, each line split into sentences by Parallax's splitter.

// References maps a summary ID to its reference summaries.
type References map[string][][]string

// Systems maps a system name to its summaries by ID.
type Systems map[string]map[string][]string

// ReadReferences reads references from an MDS JSONL file (each line's
// "id" and "references") or a directory: one subdirectory per ID holding
// its references, or files grouped by ID, the name up to its first dot
// ("D0601.A", "D0601.B").
func ReadReferences(path string) (References, error) {
	refs := References{}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("rouge: references: %w", err)
	}
	if fi.IsDir() {
		err := readDir(path, func(id, file string, units []string) error {
			refs[id] = append(refs[id], units)
			return nil
		})
		return refs, err
	}
	err = readJSONL(path, func(line int, rec jsonSummary) error {
		if rec.ID == "" {
			return fmt.Errorf("%s:%d: no \"id\"", path, line)
		}
		if len(rec.References) == 0 {
			return fmt.Errorf("%s:%d: %s has no \"references\"", path, line, rec.ID)
		}
		for _, r := range rec.References {
			refs[rec.ID] = append(refs[rec.ID], splitSentences(r))
		}
		return nil
	})
	return refs, err
}

// ReadSystems reads system summaries: a JSONL file of lines {"id",
// "summary"} or {"id", "sentences": [{"text"}]} (Parallax's batch
// output), with "system" naming the system when there are several; a
// directory of files named by ID up to their first dot, or of one
// subdirectory per system holding such files; or one text file, the
// summary of the only ID of refs. System summaries without a name are
// named def.
func ReadSystems(path, def string, refs References) (Systems, error) {
	sys := Systems{}
	add := func(system, id string, units []string) error {
		if system == "" {
			system = def
		}
		if sys[system] == nil {
			sys[system] = map[string][]string{}
		}
		if _, dup := sys[system][id]; dup {
			return fmt.Errorf("system %s has two summaries for %s", system, id)
		}
		sys[system][id] = units
		return nil
	}
	fi, err := os.Stat(path)
	if err != nil {
		return nil, fmt.Errorf("rouge: system summaries: %w", err)
	}
	switch {
	case fi.IsDir():
		err = readDir(path, func(id, file string, units []string) error {
			system := ""
			if d := filepath.Dir(file); d != path {
				system = filepath.Base(d)
			}
			if err := add(system, id, units); err != nil {
				return fmt.Errorf("%s: %w", file, err)
			}
			return nil
		})
	case strings.HasSuffix(path, ".jsonl") || strings.HasSuffix(path, ".json"):
		err = readJSONL(path, func(line int, rec jsonSummary) error {
			if rec.ID == "" {
				return fmt.Errorf("%s:%d: no \"id\"", path, line)
			}
			var units []string
			if len(rec.Sentences) > 0 {
				for _, s := range rec.Sentences {
					units = append(units, s.Text)
				}
			} else {
				units = splitSentences(rec.Summary)
			}
			if err := add(rec.System, rec.ID, units); err != nil {
				return fmt.Errorf("%s:%d: %w", path, line, err)
			}
			return nil
		})
	default:
		if len(refs) != 1 {
			return nil, fmt.Errorf("rouge: %s is one summary, but the references are for %d IDs: give a directory or JSONL of summaries", path, len(refs))
		}
		var b []byte
		if b, err = os.ReadFile(path); err == nil {
			for id := range refs {
				err = add("", id, lines(b))
			}
		}
	}
	if err != nil {
		return nil, fmt.Errorf("rouge: %w", err)
	}
	return sys, nil
}

type jsonSummary struct {
	ID         string   `json:"id"`
	System     string   `json:"system"`
	Summary    string   `json:"summary"`
	References []string `json:"references"`
	Sentences  []struct {
		Text string `json:"text"`
	} `json:"sentences"`
}

func readJSONL(path string, f func(line int, rec jsonSummary) error) error {
	file, err := os.Open(path)
	if err != nil {
		return err
	}
	defer file.Close()
	sc := bufio.NewScanner(file)
	sc.Buffer(make([]byte, 1<<20), 256<<20)
	for line := 1; sc.Scan(); line++ {
		b := sc.Bytes()
		if len(strings.TrimSpace(string(b))) == 0 {
			continue
		}
		var rec jsonSummary
		if err := json.Unmarshal(b, &rec); err != nil {
			return fmt.Errorf("%s:%d: not a JSON object: %v", path, line, err)
		}
		if err := f(line, rec); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}

// readDir calls f for every file under dir (one level of subdirectories),
// in name order, with the file's ID: the subdirectory's name for files in
// a subdirectory of references, else the file name up to its first dot.
// Hidden files are skipped.
func readDir(dir string, f func(id, file string, units []string) error) error {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return err
	}
	for _, e := range entries {
		name := e.Name()
		if strings.HasPrefix(name, ".") {
			continue
		}
		p := filepath.Join(dir, name)
		if e.IsDir() {
			sub, err := os.ReadDir(p)
			if err != nil {
				return err
			}
			for _, s := range sub {
				if s.IsDir() || strings.HasPrefix(s.Name(), ".") {
					continue
				}
				b, err := os.ReadFile(filepath.Join(p, s.Name()))
				if err != nil {
					return err
				}
				if err := f(name, filepath.Join(p, s.Name()), lines(b)); err != nil {
					return err
				}
			}
			continue
		}
		b, err := os.ReadFile(p)
		if err != nil {
			return err
		}
		id, _, _ := strings.Cut(name, ".")
		if err := f(id, p, lines(b)); err != nil {
			return err
		}
	}
	return nil
}

// lines are a text file's units: its non-empty lines, as SPL.
func lines(b []byte) []string {
	units, _ := ParseSummary(b, "SPL")
	return units
}

// splitSentences splits each line of s into sentences.
func splitSentences(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		for _, sent := range text.Analyze(news.Article{Body: l}).Sentences {
			out = append(out, sent.Text)
		}
	}
	return out
}

// PlainConfig turns references and system summaries into a
// configuration: one evaluation per ID that has references, scoring every
// system that has a summary for it (a system without one is reported by
// Evaluate's warnings). With jackknife, an ID with K >= 2 references
// gives K evaluations "ID-k", each scoring against all references but
// the k-th, as NIST evaluates DUC.
func PlainConfig(refs References, sys Systems, jackknife bool) (*Config, error) {
	if len(refs) == 0 {
		return nil, errors.New("rouge: no references")
	}
	units := map[string][]string{}
	c := &Config{Load: func(path, _ string) ([]string, error) { return units[path], nil }}
	ids := make([]string, 0, len(refs))
	for id := range refs {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	for _, id := range ids {
		rs := refs[id]
		for k, r := range rs {
			units[fmt.Sprintf("model/%s/%d", id, k)] = r
		}
		groups := [][]int{nil}
		if jackknife && len(rs) > 1 {
			groups = make([][]int, len(rs))
			for out := range rs {
				for k := range rs {
					if k != out {
						groups[out] = append(groups[out], k)
					}
				}
			}
		} else {
			for k := range rs {
				groups[0] = append(groups[0], k)
			}
		}
		for g, models := range groups {
			e := &Eval{ID: id, Format: "SPL", Peers: map[string]string{}, ModelFiles: map[string]string{}}
			if len(groups) > 1 {
				e.ID = fmt.Sprintf("%s-%d", id, g+1)
			}
			for name, summaries := range sys {
				if s, ok := summaries[id]; ok {
					key := "peer/" + name + "/" + id
					units[key] = s
					e.Peers[name] = key
				}
			}
			for _, k := range models {
				mid := fmt.Sprint(k + 1)
				e.Models = append(e.Models, mid)
				e.ModelFiles[mid] = fmt.Sprintf("model/%s/%d", id, k)
			}
			c.Evals = append(c.Evals, e)
		}
	}
	return c, nil
}
