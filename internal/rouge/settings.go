package rouge

import (
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// Settings are ROUGE-1.5.5's command-line options: the scoring Options
// and what the script does around scoring.
type Settings struct {
	Options
	// Resamples (-r, 1000) and Confidence (-c, 95) drive the bootstrap;
	// ConfidenceLabel is -c's argument as typed, which the script prints.
	Resamples       int
	Confidence      float64
	ConfidenceLabel string
	// All (-a) evaluates every peer of the configuration.
	All bool
	// PerEval (-d) prints each evaluation's scores after the averages.
	PerEval bool
	// Counting (-t): 0 averages per-evaluation scores, 1 computes scores
	// from counts summed over evaluations, 2 prints the raw counts.
	Counting int
	// DataDir (-e) holds smart_common_words.txt and the WordNet
	// exception lists; empty means FindDataDir.
	DataDir string
	// FileList (-z) is the input format of a configuration given as
	// lines of "peer model1 model2 ...", instead of XML.
	FileList string
	// RemoveStopwords is -s: Options.Stopwords is loaded by NewScorer.
	RemoveStopwords bool
	// Args are the options as given, for reports.
	Args []string
}

// ParseArgs reads ROUGE-1.5.5's options as its Getopt::Std would
// ("ahHb:c:de:f:l:mn:p:st:r:2:3:w:uUxz:"): single letters, bundled or
// not, values attached or in the next argument, up to the first argument
// that is not an option or "--". It returns the settings and the
// remaining arguments (the configuration file and a system ID). -h and -H
// return ErrHelp.
func ParseArgs(args []string) (Settings, []string, error) {
	st := Settings{
		Options:         Options{LCS: true, Alpha: 0.5, Formula: FormulaA},
		Resamples:       1000,
		Confidence:      95,
		ConfidenceLabel: "95",
	}
	var u, bigU, two bool
	withValue := "blcefnptr2wz3"
	i := 0
	for ; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			i++
			break
		}
		if len(a) < 2 || a[0] != '-' {
			break
		}
		st.Args = append(st.Args, a)
		for rest := a[1:]; rest != ""; {
			opt := rest[0]
			rest = rest[1:]
			var val string
			if strings.IndexByte(withValue, opt) >= 0 {
				switch {
				case rest != "":
					val, rest = rest, ""
				case i+1 < len(args):
					i++
					val = args[i]
					st.Args = append(st.Args, val)
				default:
					return st, nil, fmt.Errorf("rouge: option -%c needs a value", opt)
				}
			}
			if err := st.set(opt, val, &u, &bigU, &two); err != nil {
				return st, nil, err
			}
		}
	}
	if two {
		switch {
		case u:
			st.SkipUnigram = true
		case bigU:
			st.SkipBigram, st.SkipUnigram = true, true
		default:
			st.SkipBigram = true
		}
	}
	if st.LengthWords > 0 && st.LengthBytes > 0 {
		return st, nil, fmt.Errorf("rouge: please specify length limit in words (-l) or bytes (-b) but not both")
	}
	return st, args[i:], nil
}

// ErrHelp is returned by ParseArgs for -h and -H.
var ErrHelp = fmt.Errorf("rouge: help requested")

func (st *Settings) set(opt byte, val string, u, bigU, two *bool) error {
	num := func() (float64, error) {
		f, err := strconv.ParseFloat(strings.TrimSpace(val), 64)
		if err != nil {
			return 0, fmt.Errorf("rouge: -%c wants a number, got %q", opt, val)
		}
		return f, nil
	}
	integer := func() (int, error) {
		n, err := strconv.Atoi(strings.TrimSpace(val))
		if err != nil {
			return 0, fmt.Errorf("rouge: -%c wants a whole number, got %q", opt, val)
		}
		return n, nil
	}
	var err error
	switch opt {
	case 'a':
		st.All = true
	case 'd':
		st.PerEval = true
	case 'm':
		st.Stem = true
	case 's':
		st.RemoveStopwords = true
	case 'u':
		*u = true
	case 'U':
		*bigU = true
	case 'x':
		st.LCS = false
	case 'h', 'H':
		return ErrHelp
	case 'e':
		st.DataDir = val
	case 'z':
		st.FileList = val
	case 'n':
		st.N, err = integer()
	case 'l':
		st.LengthWords, err = integer()
	case 'b':
		st.LengthBytes, err = integer()
	case 'r':
		st.Resamples, err = integer()
	case 'c':
		st.Confidence, err = num()
		if err == nil && (st.Confidence < 0 || st.Confidence > 100) {
			err = fmt.Errorf("rouge: confidence interval should be within 0 and 100, got %s", val)
		}
		st.ConfidenceLabel = val
	case 'p':
		st.Alpha, err = num()
		if err == nil && (st.Alpha < 0 || st.Alpha > 1) {
			err = fmt.Errorf("rouge: alpha (-p) has to be between 0 and 1, got %s", val)
		}
	case 'w':
		st.Weight, err = num()
		if err == nil && st.Weight <= 0 {
			err = fmt.Errorf("rouge: ROUGE-W weight factor (-w) must be greater than 0, got %s", val)
		}
		st.WeightLabel = val
	case '2':
		st.SkipDistance, err = integer()
		st.SkipLabel = val
		*two = true
	case 'f':
		switch val {
		case "A":
			st.Formula = FormulaA
		case "B":
			st.Formula = FormulaB
		default:
			err = fmt.Errorf("rouge: scoring formula (-f) is A or B, got %q", val)
		}
	case 't':
		st.Counting, err = integer()
		if st.Counting != 1 && st.Counting != 2 {
			st.Counting = 0 // the script treats any other value as 0
		}
	case '3':
		st.BE = val
		if !beModes[val] {
			err = fmt.Errorf("rouge: -3 wants H, HM, HMR, HM1, HMR1 or HMR2, got %q", val)
		}
	default:
		err = fmt.Errorf("rouge: unknown option -%c", opt)
	}
	return err
}

// FindDataDir returns the directory of ROUGE-1.5.5's data files
// (smart_common_words.txt and the WordNet exception lists):
// $ROUGE_EVAL_HOME when set, as the script; else
// $PARALLAX_DATA/rouge/rouge-1.5.5/data or ../shared/data/rouge/rouge-1.5.5/data
// when they exist; else the current directory, as the script.
func FindDataDir() string {
	if d := os.Getenv("ROUGE_EVAL_HOME"); d != "" {
		return d
	}
	var cands []string
	if d := os.Getenv("PARALLAX_DATA"); d != "" {
		cands = append(cands, filepath.Join(d, "rouge", "rouge-1.5.5", "data"))
	}
	cands = append(cands, filepath.Join("..", "shared", "data", "rouge", "rouge-1.5.5", "data"))
	for _, c := range cands {
		if _, err := os.Stat(filepath.Join(c, "smart_common_words.txt")); err == nil {
			return c
		}
	}
	return "."
}

// NewScorer loads what the settings need from the data directory
// (stopwords for -s, exception lists for -m) and returns a Scorer.
func (st Settings) NewScorer() (*Scorer, error) {
	dir := st.DataDir
	if dir == "" {
		dir = FindDataDir()
	}
	opt := st.Options
	if st.RemoveStopwords && opt.Stopwords == nil {
		sw, err := LoadStopwords(filepath.Join(dir, "smart_common_words.txt"))
		if err != nil {
			return nil, fmt.Errorf("%w (set -e or ROUGE_EVAL_HOME to ROUGE-1.5.5's data directory)", err)
		}
		opt.Stopwords = sw
	}
	if opt.Stem && opt.Exceptions == nil && opt.ExceptionsDir == "" {
		opt.ExceptionsDir = filepath.Join(dir, "WordNet-2.0-Exceptions")
		if _, err := os.Stat(filepath.Join(opt.ExceptionsDir, "verb.exc")); err != nil {
			opt.ExceptionsDir = dir
		}
		exc, err := LoadExceptions(opt.ExceptionsDir)
		if err != nil {
			return nil, fmt.Errorf("%w (set -e or ROUGE_EVAL_HOME to ROUGE-1.5.5's data directory)", err)
		}
		opt.Exceptions = exc
	}
	return NewScorer(opt)
}

// String gives the settings as ROUGE-1.5.5 options.
func (st Settings) String() string { return strings.Join(st.Args, " ") }
