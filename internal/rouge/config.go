package rouge

import (
	"bufio"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"strings"

	"golang.org/x/text/encoding/ianaindex"
)

// An Eval is one evaluation of a ROUGE-1.5.5 configuration: peer
// summaries scored against the same model summaries.
type Eval struct {
	ID string
	// Format is the summaries' input format: SEE, SPL, ISI or SIMPLE.
	Format string
	// PeerRoot and ModelRoot are the directories the file names are in.
	PeerRoot, ModelRoot string
	// Peers maps a peer (system) ID to its file name.
	Peers map[string]string
	// Models lists the model IDs in order, and ModelFiles their files.
	Models     []string
	ModelFiles map[string]string
}

// PeerPath and ModelPath are the paths the script opens: root/file, or
// the file itself when there is no root (a -z file list).
func (e *Eval) PeerPath(id string) string { return joinRoot(e.PeerRoot, e.Peers[id]) }

// ModelPath is the path of the model with the given ID.
func (e *Eval) ModelPath(id string) string { return joinRoot(e.ModelRoot, e.ModelFiles[id]) }

func joinRoot(root, file string) string {
	if root == "" {
		return file
	}
	return root + "/" + file
}

// A Config is a parsed evaluation configuration.
type Config struct {
	// Evals are in the order of the file. Two EVAL elements with the
	// same ID are one evaluation, as in the script.
	Evals []*Eval
	// Dir is the configuration file's directory; relative roots that do
	// not exist from the working directory are looked up there.
	Dir string
	// Load, when set, returns the units of a summary instead of reading
	// and parsing the file at path.
	Load func(path, format string) ([]string, error)
	// declared are peers named by a <P> without a file name.
	declared []string
}

// PeerIDs returns the IDs of all peers, sorted as the script's -a sorts
// them (as strings).
func (c *Config) PeerIDs() []string {
	seen := map[string]bool{}
	var ids []string
	for _, id := range c.declared {
		if !seen[id] {
			seen[id] = true
			ids = append(ids, id)
		}
	}
	for _, e := range c.Evals {
		for id := range e.Peers {
			if !seen[id] {
				seen[id] = true
				ids = append(ids, id)
			}
		}
	}
	sortStrings(ids)
	return ids
}

var formats = map[string]string{"SEE": "SEE", "SPL": "SPL", "ISI": "ISI", "SIMPLE": "SIMPLE"}

// ReadConfigFile reads a ROUGE-1.5.5 XML evaluation configuration
// (ROUGE-EVAL, ROUGE_EVAL or any root: EVAL elements are found at any
// depth, element names in any case, as the script's XML walk does).
func ReadConfigFile(path string) (*Config, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, fmt.Errorf("rouge: %w", err)
	}
	defer f.Close()
	c, err := ReadConfig(f, path)
	if err != nil {
		return nil, err
	}
	c.Dir = filepath.Dir(path)
	return c, nil
}

// ReadConfig reads an XML evaluation configuration; name is used in
// errors.
func ReadConfig(r io.Reader, name string) (*Config, error) {
	d := xml.NewDecoder(r)
	d.CharsetReader = func(label string, in io.Reader) (io.Reader, error) {
		enc, err := ianaindex.IANA.Encoding(label)
		if err != nil || enc == nil {
			return nil, fmt.Errorf("unsupported encoding %q", label)
		}
		return enc.NewDecoder().Reader(in), nil
	}
	c := &Config{}
	byID := map[string]*Eval{}
	// A frame is an open element: what it is and the evaluation its
	// children belong to.
	type frame struct {
		kind string // "eval", "peers", "models", "p", "m", "peer-root", "model-root", "skip" or ""
		eval *Eval
		id   string // P's or M's ID
		text strings.Builder
	}
	stack := []*frame{{}}
	fail := func(format string, a ...any) error {
		line, _ := d.InputPos()
		return fmt.Errorf("rouge: %s:%d: %s", name, line, fmt.Sprintf(format, a...))
	}
	attr := func(se xml.StartElement, key string) (string, bool) {
		for _, a := range se.Attr {
			if strings.EqualFold(a.Name.Local, key) {
				return a.Value, true
			}
		}
		return "", false
	}
	for {
		tok, err := d.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			var se *xml.SyntaxError
			if errors.As(err, &se) {
				return nil, fmt.Errorf("rouge: %s:%d: malformed XML: %s", name, se.Line, se.Msg)
			}
			return nil, fmt.Errorf("rouge: %s: %w", name, err)
		}
		top := stack[len(stack)-1]
		switch t := tok.(type) {
		case xml.StartElement:
			fr := &frame{eval: top.eval}
			el := strings.ToUpper(t.Name.Local)
			switch {
			case top.kind == "peers" || top.kind == "models":
				// Only P (in PEERS) and M (in MODELS) count there.
				want := map[string]string{"peers": "P", "models": "M"}[top.kind]
				if el != want {
					fr.kind = "skip"
					break
				}
				id, ok := attr(t, "ID")
				if !ok {
					return nil, fail("<%s> without an ID attribute", t.Name.Local)
				}
				fr.kind, fr.id = strings.ToLower(el), id
				e := top.eval
				if el == "P" {
					if _, dup := e.Peers[id]; !dup {
						e.Peers[id] = ""
					}
				} else {
					e.Models = append(e.Models, id)
					e.ModelFiles[id] = ""
				}
			case top.kind == "skip" || top.kind == "p" || top.kind == "m" ||
				top.kind == "peer-root" || top.kind == "model-root":
				fr.kind = "skip"
			case el == "EVAL":
				id, ok := attr(t, "ID")
				if !ok {
					return nil, fail("<EVAL> without an ID attribute")
				}
				e := byID[id]
				if e == nil {
					e = &Eval{ID: id, Peers: map[string]string{}, ModelFiles: map[string]string{}}
					byID[id] = e
					c.Evals = append(c.Evals, e)
				}
				fr.kind, fr.eval = "eval", e
			case el == "INPUT-FORMAT" || el == "PEER-ROOT" || el == "MODEL-ROOT" || el == "PEERS" || el == "MODELS":
				if top.eval == nil {
					return nil, fail("<%s> outside an <EVAL>", t.Name.Local)
				}
				fr.kind = strings.ToLower(el)
				if el == "INPUT-FORMAT" {
					typ, _ := attr(t, "TYPE")
					f, ok := formats[strings.ToUpper(typ)]
					if !ok {
						return nil, fail("unknown input type %q (want SEE, SPL, ISI or SIMPLE)", typ)
					}
					top.eval.Format = f
				}
			}
			stack = append(stack, fr)
		case xml.CharData:
			switch top.kind {
			case "p", "m", "peer-root", "model-root":
				top.text.Write(t)
			}
		case xml.Comment, xml.ProcInst:
			// The script's DOM walk keeps the last text node of an
			// element: a comment ends the text before it.
			top.text.Reset()
		case xml.EndElement:
			if len(stack) == 1 {
				return nil, fail("unexpected </%s>", t.Name.Local)
			}
			stack = stack[:len(stack)-1]
			// The script strips leading and trailing newlines and
			// white space from file names and roots.
			v := strings.Trim(top.text.String(), " \t\r\n\f\v")
			switch top.kind {
			case "p":
				if v == "" {
					// The script lists the peer but records no file:
					// it is missing from this evaluation.
					delete(top.eval.Peers, top.id)
					c.declared = append(c.declared, top.id)
					break
				}
				top.eval.Peers[top.id] = v
			case "m":
				top.eval.ModelFiles[top.id] = v
			case "peer-root":
				top.eval.PeerRoot = v
			case "model-root":
				top.eval.ModelRoot = v
			}
		}
	}
	if len(stack) != 1 {
		return nil, fmt.Errorf("rouge: %s: malformed XML: unexpected end of file", name)
	}
	for _, e := range c.Evals {
		if e.Format == "" {
			return nil, fmt.Errorf("rouge: %s: evaluation %s has no <INPUT-FORMAT TYPE=...>", name, e.ID)
		}
	}
	return c, nil
}

// ReadFileList reads the script's -z configuration: one evaluation a
// line, "peer model1 model2 ...", '#' starting a comment line. The
// evaluations are numbered from 1, the peer is peerID and the models are
// M.1, M.2, ...
func ReadFileList(r io.Reader, name, format, peerID string) (*Config, error) {
	f, ok := formats[strings.ToUpper(format)]
	if !ok {
		return nil, fmt.Errorf("rouge: unknown input format %q (want SEE, SPL, ISI or SIMPLE)", format)
	}
	c := &Config{}
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 16*1024*1024)
	for line := 1; sc.Scan(); line++ {
		l := sc.Text()
		if strings.HasPrefix(l, "#") || strings.TrimSpace(l) == "" {
			continue
		}
		files := strings.Fields(l)
		if len(files) < 2 {
			return nil, fmt.Errorf("rouge: %s:%d: a file list line has a peer and at least one model", name, line)
		}
		e := &Eval{ID: fmt.Sprint(len(c.Evals) + 1), Format: f,
			Peers: map[string]string{peerID: files[0]}, ModelFiles: map[string]string{}}
		for i, m := range files[1:] {
			id := fmt.Sprintf("M.%d", i+1)
			e.Models = append(e.Models, id)
			e.ModelFiles[id] = m
		}
		c.Evals = append(c.Evals, e)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("rouge: %s: %w", name, err)
	}
	return c, nil
}

var (
	seeLine = regexp.MustCompile(`^<a size="[0-9]+" name="[0-9]+">\[[0-9]+\]</a>\s+<a href="#[0-9]+" id=[0-9]+>([^<]+)`)
	seeBare = regexp.MustCompile(`^<a name="[0-9]+">\[[0-9]+\]</a>\s+<a href="#[0-9]+" id=[0-9]+>([^<]+)`)
	isiLine = regexp.MustCompile(`^<S SNTNO="[0-9a-z,]+">([^<]+)</S>`)
)

// ParseSummary returns the units (sentences) of a summary file's content
// in the given format, as the script reads them: SEE takes the text of
// each line's anchor, ISI of each <S SNTNO>, SPL each non-empty line, and
// SIMPLE (Basic Elements, for -3) every line.
// Bytes are kept as they are: the script reads bytes, not characters.
func ParseSummary(b []byte, format string) ([]string, error) {
	var out []string
	lines := strings.SplitAfter(string(b), "\n")
	switch strings.ToUpper(format) {
	case "SEE":
		for _, l := range lines {
			m := seeLine.FindStringSubmatch(l)
			if m == nil {
				m = seeBare.FindStringSubmatch(l)
			}
			if m != nil {
				out = append(out, m[1])
			}
		}
	case "ISI":
		for _, l := range lines {
			if m := isiLine.FindStringSubmatch(l); m != nil {
				out = append(out, m[1])
			}
		}
	case "SPL":
		for _, l := range lines {
			if l = strings.TrimSuffix(l, "\n"); l != "" {
				out = append(out, l)
			}
		}
	case "SIMPLE":
		// Basic Elements, a line each: every line counts, empty or not.
		for _, l := range lines {
			if l != "" {
				out = append(out, strings.TrimSuffix(l, "\n"))
			}
		}
	default:
		return nil, fmt.Errorf("unknown input format %q", format)
	}
	return out, nil
}
