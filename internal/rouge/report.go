package rouge

import (
	"bufio"
	"cmp"
	"context"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"regexp"
	"runtime"
	"slices"
	"strconv"
	"sync"
)

// Result is one peer's scores in one evaluation.
type Result struct {
	Eval, Peer string
	Scores     Scores
}

// TestID is the script's name for a result: the evaluation ID, a dot and
// the peer ID. Results are resampled in the order of their test IDs as
// strings.
func (r Result) TestID() string { return r.Eval + "." + r.Peer }

func sortStrings(s []string) { slices.Sort(s) }

// byTestID returns the results sorted as the script's bootstrap takes
// them.
func byTestID(results []Result) []Result {
	out := slices.Clone(results)
	slices.SortStableFunc(out, func(a, b Result) int { return cmp.Compare(a.TestID(), b.TestID()) })
	return out
}

// Aggregate returns the average of one metric over a peer's results and
// its confidence interval, as ROUGE-1.5.5 prints them with -t 0
// (averaging per-evaluation scores) and -r resamples, -c confidence.
func Aggregate(results []Result, metric string, resamples int, confidence float64) (mean, lo, hi Score) {
	return aggregate(results, metric, resamples, confidence, 0, 0)
}

func aggregate(results []Result, metric string, resamples int, confidence float64, counting int, alpha float64) (mean, lo, hi Score) {
	results = byTestID(results)
	rows := make([][3]float64, len(results))
	sample := meanSample
	for i, r := range results {
		s := r.Scores[metric]
		if counting == 1 {
			rows[i] = [3]float64{s.Model, s.Peer, s.Hit}
		} else {
			rows[i] = [3]float64{s.Recall, s.Precision, s.F}
		}
	}
	if counting == 1 {
		sample = countSample(alpha)
	}
	m, l, h := bootstrap(rows, resamples, confidence, sample)
	return Score{Recall: m[0], Precision: m[1], F: m[2]},
		Score{Recall: l[0], Precision: l[1], F: l[2]},
		Score{Recall: h[0], Precision: h[1], F: h[2]}
}

// A Report is an evaluation run: every peer's results.
type Report struct {
	Settings Settings
	Metrics  []string
	// Peers are in the script's order and Results holds each peer's
	// results in the order of the configuration's evaluations.
	Peers   []string
	Results map[string][]Result
}

// Evaluate scores the given peers of a configuration (all of them when
// peers is nil) with the settings. Every summary file is read and
// tokenized once. A peer missing from an evaluation is reported through
// warn with the script's warning and skipped there; a missing or
// unreadable file is an error naming it.
func Evaluate(ctx context.Context, cfg *Config, st Settings, peers []string, warn func(string)) (*Report, error) {
	sc, err := st.NewScorer()
	if err != nil {
		return nil, err
	}
	if peers == nil {
		peers = cfg.PeerIDs()
	}
	if warn == nil {
		warn = func(string) {}
	}
	// The files to read, each once, and the (evaluation, peer) pairs.
	type fileKey struct{ path, format string }
	var files []fileKey
	index := map[fileKey]int{}
	use := func(path, format string) int {
		if cfg.Load == nil {
			path = cfg.resolve(path)
		}
		k := fileKey{path, format}
		i, ok := index[k]
		if !ok {
			i = len(files)
			index[k] = i
			files = append(files, k)
		}
		return i
	}
	type pair struct {
		eval, peer string
		peerFile   int
		models     []int
	}
	var pairs []pair
	for _, p := range peers {
		for _, e := range cfg.Evals {
			if _, ok := e.Peers[p]; !ok {
				warn(fmt.Sprintf("*ROUGE Warning: test instance for peer %s does not exist for evaluation %s", p, e.ID))
				continue
			}
			pr := pair{eval: e.ID, peer: p, peerFile: use(e.PeerPath(p), e.Format)}
			for _, m := range e.Models {
				pr.models = append(pr.models, use(e.ModelPath(m), e.Format))
			}
			pairs = append(pairs, pr)
		}
	}

	summaries := make([]*summary, len(files))
	errs := make([]error, len(files))
	load := cfg.Load
	if load == nil {
		load = readSummary
	}
	beOnly := len(sc.metrics) == 1 && st.BE != ""
	parallel(ctx, len(files), func(_ *scratch, i int) {
		f := files[i]
		switch {
		case f.format == "SIMPLE" && !beOnly:
			errs[i] = fmt.Errorf("%s: the SIMPLE format holds Basic Elements, which only -3 scores, alone", f.path)
			return
		case f.format != "SIMPLE" && st.BE != "":
			errs[i] = fmt.Errorf("%s: -3 scores Basic Elements, from SIMPLE files; this one is %s", f.path, f.format)
			return
		}
		units, err := load(f.path, f.format)
		if err != nil {
			errs[i] = err
			return
		}
		if st.BE == "" {
			summaries[i] = sc.prepare(units)
		} else if summaries[i], err = sc.prepareBE(units); err != nil {
			errs[i] = fmt.Errorf("%s: %w", f.path, err)
		}
	})
	for i, err := range errs {
		if err != nil {
			return nil, fmt.Errorf("rouge: cannot read summary: %w", err)
		}
		if len(summaries[i].flat) == 0 && summaries[i].be.total == 0 {
			warn(fmt.Sprintf("rouge: %s: empty summary (no tokens to score)", files[i].path))
		}
	}
	if err := ctx.Err(); err != nil {
		return nil, err
	}

	scores := make([]Scores, len(pairs))
	parallel(ctx, len(pairs), func(s *scratch, i int) {
		p := pairs[i]
		ms := make([]*summary, len(p.models))
		for k, m := range p.models {
			ms[k] = summaries[m]
		}
		scores[i] = sc.score(s, summaries[p.peerFile], ms)
	})
	if err := ctx.Err(); err != nil {
		return nil, err
	}
	r := &Report{Settings: st, Metrics: sc.Metrics(), Peers: peers, Results: map[string][]Result{}}
	for i, p := range pairs {
		r.Results[p.peer] = append(r.Results[p.peer], Result{Eval: p.eval, Peer: p.peer, Scores: scores[i]})
	}
	return r, nil
}

func readSummary(path, format string) ([]string, error) {
	// The script opens a directory (an empty <M>, which names the model
	// root) and reads no line from it: an empty summary.
	if fi, err := os.Stat(path); err == nil && fi.IsDir() {
		return nil, nil
	}
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	units, err := ParseSummary(b, format)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	return units, nil
}

// resolve finds a summary file: as the script, relative to the working
// directory; failing that, relative to the configuration file.
func (c *Config) resolve(path string) string {
	if filepath.IsAbs(path) || c.Dir == "" {
		return path
	}
	if _, err := os.Stat(path); err == nil {
		return path
	}
	if alt := filepath.Join(c.Dir, path); fileExists(alt) {
		return alt
	}
	return path
}

func fileExists(p string) bool {
	_, err := os.Stat(p)
	return err == nil
}

// parallel runs f(i) for i in [0, n) on all cores, each worker with its
// own scratch tables, stopping early when ctx is done.
func parallel(ctx context.Context, n int, f func(*scratch, int)) {
	workers := min(runtime.GOMAXPROCS(0), n)
	var next sync.Mutex
	i := 0
	var wg sync.WaitGroup
	for range workers {
		wg.Add(1)
		go func() {
			defer wg.Done()
			s := new(scratch)
			for ctx.Err() == nil {
				next.Lock()
				k := i
				i++
				next.Unlock()
				if k >= n {
					return
				}
				f(s, k)
			}
		}()
	}
	wg.Wait()
}

// Average returns a peer's average score on a metric and its confidence
// interval as the script prints them under the report's settings: the
// per-evaluation scores averaged (-t 0) or scores from counts summed over
// the evaluations (-t 1). With -t 2, which prints raw counts, it is the
// -t 0 average.
func (r *Report) Average(peer, metric string) (mean, lo, hi Score) {
	st := r.Settings
	counting := st.Counting
	if counting == 2 {
		counting = 0
	}
	return aggregate(r.Results[peer], metric, st.Resamples, st.Confidence, counting, st.Alpha)
}

const (
	dashes = "---------------------------------------------\n"
	dots   = ".............................................\n"
)

// WriteTo writes the report as ROUGE-1.5.5 prints it: for each peer and
// metric, the averages with their confidence intervals (or, with -t 2,
// the raw counts), then with -d each evaluation's scores.
func (r *Report) WriteTo(w io.Writer) (int64, error) {
	bw := bufio.NewWriter(w)
	cw := &countWriter{w: bw}
	st := r.Settings
	for _, peer := range r.Peers {
		results := r.Results[peer]
		for _, metric := range r.Metrics {
			fmt.Fprint(cw, dashes)
			if st.Counting == 2 {
				var m, p, h float64
				for _, res := range results {
					s := res.Scores[metric]
					m += s.Model
					p += s.Peer
					h += s.Hit
				}
				fmt.Fprintf(cw, "%s %s M_count: %d P_count: %d H_count: %d\n", peer, metric, int64(m), int64(p), int64(h))
			} else {
				mean, lo, hi := r.Average(peer, metric)
				for _, c := range []struct {
					name         string
					mean, lo, hi float64
				}{{"R", mean.Recall, lo.Recall, hi.Recall}, {"P", mean.Precision, lo.Precision, hi.Precision}, {"F", mean.F, lo.F, hi.F}} {
					fmt.Fprintf(cw, "%s %s Average_%s: %7.5f (%s%%-conf.int. %7.5f - %7.5f)\n",
						peer, metric, c.name, c.mean, st.ConfidenceLabel, c.lo, c.hi)
				}
			}
			if st.PerEval {
				fmt.Fprint(cw, dots)
				for _, res := range byEvalID(results) {
					s := res.Scores[metric]
					if st.Counting == 0 {
						fmt.Fprintf(cw, "%s %s Eval %s R:%7.5f P:%7.5f F:%7.5f\n", peer, metric, res.TestID(), s.Recall, s.Precision, s.F)
					} else {
						fmt.Fprintf(cw, "%s %s Eval %s R:%s P:%s F:%s\n", peer, metric, res.TestID(),
							perlNumber(s.Model), perlNumber(s.Peer), perlNumber(s.Hit))
					}
				}
			}
		}
	}
	if err := bw.Flush(); err != nil {
		return cw.n, err
	}
	return cw.n, cw.err
}

var leadingNumber = regexp.MustCompile(`^[0-9]+`)

// byEvalID orders results as the script's per-evaluation lines: by the
// number that starts both test IDs when both start with one, else as
// strings; ties keep the string order.
func byEvalID(results []Result) []Result {
	out := byTestID(results)
	slices.SortStableFunc(out, func(a, b Result) int {
		x, y := leadingNumber.FindString(a.TestID()), leadingNumber.FindString(b.TestID())
		if x != "" && y != "" {
			fx, _ := strconv.ParseFloat(x, 64)
			fy, _ := strconv.ParseFloat(y, 64)
			return cmp.Compare(fx, fy)
		}
		return cmp.Compare(a.TestID(), b.TestID())
	})
	return out
}

type countWriter struct {
	w   io.Writer
	n   int64
	err error
}

func (c *countWriter) Write(p []byte) (int, error) {
	if c.err != nil {
		return 0, c.err
	}
	n, err := c.w.Write(p)
	c.n += int64(n)
	c.err = err
	return n, err
}
