package eval

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"

	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/rouge"
	"github.com/parallaxnews/parallax/internal/text"
)

// Config configures Run.
type Config struct {
	// Set gives the jackknife rule and the subsets; nil means DetectSet.
	Set *Set
	// Words is the summaries' budget; 0 means the set's official length.
	Words int
	// Systems are evaluated in this order; nil means all of Systems.
	Systems []System
	// Settings are ROUGE's; their Args are reported as the command.
	Settings rouge.Settings
	// Seed seeds the random baseline.
	Seed uint64
	// NoQuery ignores the stories' questions and NoSeen their update_of,
	// to measure generic summaries on query-focused or update sets.
	NoQuery, NoSeen bool
	// Compress turns on our summarizers' light sentence compression.
	Compress bool
	// Workers is how many stories are worked on at once; < 1 means 1.
	Workers int
	// Humans adds a row that scores each reference against the others,
	// as NIST scores its human summarizers, for stories with two
	// references or more.
	Humans bool
	// Published rows, read with ReadPublished, are set beside ours.
	Published []Row
	// Done is called once per story, worked on or skipped.
	Done func()
	// Skip is told of each story left out, with the reason; the error
	// names the file and line the story was read from.
	Skip func(error)
}

// Evaluation is one scoring of one summary: against all the story's
// references, or against all but one when jackknifed.
type Evaluation struct {
	// ID is the story id, followed when jackknifed by "-k" for the k-th
	// reference (1-based) left out.
	ID     string       `json:"id"`
	Scores rouge.Scores `json:"scores"`
}

// StoryResult is what Run did with one story.
type StoryResult struct {
	ID         string `json:"id"`
	Subset     string `json:"subset,omitempty"`
	References int    `json:"references"`
	// Summaries and Evaluations are by system, as Report.Systems.
	Summaries   []news.Summary `json:"-"`
	Evaluations [][]Evaluation `json:"-"`
}

// Stat is a mean with its confidence interval.
type Stat struct {
	Mean float64 `json:"mean"`
	Lo   float64 `json:"lo"`
	Hi   float64 `json:"hi"`
}

// MetricStats are one metric's averages with their intervals.
type MetricStats struct {
	Recall    Stat `json:"recall"`
	Precision Stat `json:"precision"`
	F         Stat `json:"f"`
}

// Row is one line of the results table: a system on a set or subset.
type Row struct {
	System string `json:"system"`
	Kind   Kind   `json:"kind"`
	// Subset is "" for the whole set.
	Subset string `json:"subset,omitempty"`
	// Evaluations is the number of scorings averaged (0 when unknown).
	Evaluations int                    `json:"evaluations"`
	Scores      map[string]MetricStats `json:"scores"`
}

// Report is the result of Run.
type Report struct {
	Set *Set
	// Source names the data read and PublishedFrom the published
	// results set beside ours; the caller fills them in for reports.
	Source, PublishedFrom string
	// Command is the ROUGE-1.5.5 options of the evaluation.
	Command []string
	Words   int
	// Metrics are the metrics computed, in ROUGE-1.5.5's order.
	Metrics []string
	Systems []System
	// Stories are the stories evaluated, in input order; Skipped counts
	// those left out.
	Stories []StoryResult
	Skipped int
	// Humans says whether Rows include the references scored against
	// each other.
	Humans bool
	Rows   []Row
	// Resamples and Confidence are the bootstrap's.
	Resamples  int
	Confidence float64
}

// humanSystem names the row of references scored against each other.
const humanSystem = "references"

// Run summarizes every story with every system, scores the summaries
// with ROUGE and aggregates the scores per system, for the whole set and
// each subset. Stories without references or without text are skipped
// and told to cfg.Skip. Results do not depend on Workers: each story is
// worked on alone and the aggregation reads them in input order.
func Run(ctx context.Context, stories []news.Story, cfg Config) (*Report, error) {
	if cfg.Set == nil {
		ids := make([]string, len(stories))
		for i := range stories {
			ids[i] = stories[i].ID
		}
		cfg.Set = DetectSet(ids)
	}
	if cfg.Words <= 0 {
		cfg.Words = cfg.Set.Words
	}
	if cfg.Systems == nil {
		cfg.Systems = Systems
	}
	if cfg.Workers < 1 {
		cfg.Workers = 1
	}
	if cfg.Settings.Counting != 0 {
		// rouge.Aggregate averages per-evaluation scores, as -t 0.
		return nil, fmt.Errorf("rouge: -t %d is not supported by eval; use -t 0", cfg.Settings.Counting)
	}
	scorer, err := cfg.Settings.NewScorer()
	if err != nil {
		return nil, err
	}
	rep := &Report{
		Set:        cfg.Set,
		Command:    cfg.Settings.Args,
		Words:      cfg.Words,
		Metrics:    scorer.Metrics(),
		Systems:    cfg.Systems,
		Humans:     cfg.Humans,
		Resamples:  cfg.Settings.Resamples,
		Confidence: cfg.Settings.Confidence,
	}

	// An update story's reader has read the stories it names.
	byID := make(map[string]*news.Story, len(stories))
	for i := range stories {
		byID[stories[i].ID] = &stories[i]
	}
	seen := func(st *news.Story) []news.Document {
		if cfg.NoSeen {
			return nil
		}
		var docs []news.Document
		for _, id := range st.UpdateOf {
			if prev, ok := byID[id]; ok {
				for _, a := range prev.Articles {
					docs = append(docs, text.Analyze(a))
				}
			}
		}
		return docs
	}

	results := make([]*StoryResult, len(stories))
	errs := make([]error, len(stories))
	var mu sync.Mutex
	err = forEach(ctx, len(stories), cfg.Workers, func(i int) {
		results[i], errs[i] = runStory(&stories[i], seen(&stories[i]), &cfg, scorer)
		if cfg.Done != nil {
			mu.Lock()
			cfg.Done()
			mu.Unlock()
		}
	})
	if err != nil {
		return nil, err
	}
	for i, r := range results {
		if errs[i] != nil {
			rep.Skipped++
			if cfg.Skip != nil {
				cfg.Skip(errs[i])
			}
			continue
		}
		rep.Stories = append(rep.Stories, *r)
	}
	rep.Rows = aggregate(rep, cfg)
	rep.Humans = false
	for _, r := range rep.Rows {
		if r.System == humanSystem {
			rep.Humans = true
		}
	}
	rep.Rows = append(rep.Rows, cfg.Published...)
	sortRows(rep.Rows)
	return rep, nil
}

// runStory summarizes and scores one story.
func runStory(st *news.Story, seen []news.Document, cfg *Config, scorer *rouge.Scorer) (*StoryResult, error) {
	where := st.Origin
	if where == "" {
		where = st.ID
	}
	var refs [][]string
	for _, ref := range st.References {
		d := text.Analyze(news.Article{Body: ref})
		var sents []string
		for _, s := range d.Sentences {
			sents = append(sents, s.Text)
		}
		if len(sents) > 0 {
			refs = append(refs, sents)
		}
	}
	if len(refs) == 0 {
		return nil, fmt.Errorf("%s: story %q: no reference summaries; skipped", where, st.ID)
	}
	var docs []news.Document
	for _, a := range st.Articles {
		if d := text.Analyze(a); len(d.Sentences) > 0 {
			docs = append(docs, d)
		}
	}
	if len(docs) == 0 {
		return nil, fmt.Errorf("%s: story %q: no document has any text; skipped", where, st.ID)
	}
	res := &StoryResult{ID: st.ID, References: len(refs)}
	if cfg.Set.Subset != nil {
		res.Subset = cfg.Set.Subset(st.ID)
	}
	in := &Input{Story: *st, Docs: docs, Words: cfg.Words, Seed: cfg.Seed, Seen: seen, Compress: cfg.Compress,
		References: refs, Scorer: scorer, LengthWords: cfg.Settings.LengthWords}
	if !cfg.NoQuery {
		in.Query = st.Query
	}
	jack := cfg.Set.Jackknife && len(refs) > 1
	for _, sys := range cfg.Systems {
		sum := sys.Summarize(in)
		sum.ID = st.ID
		peer := make([]string, len(sum.Sentences))
		for i, s := range sum.Sentences {
			peer[i] = s.Text
		}
		res.Summaries = append(res.Summaries, sum)
		res.Evaluations = append(res.Evaluations, score(scorer, st.ID, peer, refs, jack))
	}
	if cfg.Humans && len(refs) > 1 {
		// Each reference against the others: one evaluation per
		// reference, as NIST scores its humans.
		var evs []Evaluation
		for k := range refs {
			evs = append(evs, Evaluation{
				ID:     fmt.Sprintf("%s-%d", st.ID, k+1),
				Scores: scorer.Score(refs[k], without(refs, k)),
			})
		}
		res.Evaluations = append(res.Evaluations, evs)
	}
	return res, nil
}

// score scores a summary against the references, or jackknifed, against
// each set of all references but one.
func score(scorer *rouge.Scorer, id string, peer []string, refs [][]string, jack bool) []Evaluation {
	if !jack {
		return []Evaluation{{ID: id, Scores: scorer.Score(peer, refs)}}
	}
	evs := make([]Evaluation, len(refs))
	for k := range refs {
		evs[k] = Evaluation{ID: fmt.Sprintf("%s-%d", id, k+1), Scores: scorer.Score(peer, without(refs, k))}
	}
	return evs
}

func without(refs [][]string, k int) [][]string {
	out := make([][]string, 0, len(refs)-1)
	out = append(out, refs[:k]...)
	return append(out, refs[k+1:]...)
}

// aggregate makes the rows of our systems: for each system, the whole set
// and each subset, the bootstrap of its evaluations' scores.
func aggregate(rep *Report, cfg Config) []Row {
	type sysKey struct {
		name string
		kind Kind
	}
	systems := make([]sysKey, 0, len(rep.Systems)+1)
	for _, s := range rep.Systems {
		systems = append(systems, sysKey{s.Name, s.Kind})
	}
	if cfg.Humans {
		systems = append(systems, sysKey{humanSystem, KindHuman})
	}
	subsets := []string{""}
	for _, st := range rep.Stories {
		if st.Subset != "" && !slices.Contains(subsets, st.Subset) {
			subsets = append(subsets, st.Subset)
		}
	}
	slices.Sort(subsets[1:])

	var rows []Row
	for si, sys := range systems {
		for _, sub := range subsets {
			var evs []Evaluation
			for _, st := range rep.Stories {
				if (sub == "" || st.Subset == sub) && si < len(st.Evaluations) {
					evs = append(evs, st.Evaluations[si]...)
				}
			}
			if len(evs) == 0 {
				continue
			}
			rows = append(rows, Row{
				System:      sys.name,
				Kind:        sys.kind,
				Subset:      sub,
				Evaluations: len(evs),
				Scores:      bootstrap(sys.name, evs, rep.Metrics, rep.Resamples, rep.Confidence),
			})
		}
	}
	return rows
}

// bootstrap averages one system's evaluations, metric by metric, with
// rouge.Aggregate: ROUGE-1.5.5's averages and bootstrap intervals over
// the evaluations in the script's order.
func bootstrap(peer string, evs []Evaluation, metrics []string, resamples int, confidence float64) map[string]MetricStats {
	results := make([]rouge.Result, len(evs))
	for i, ev := range evs {
		results[i] = rouge.Result{Eval: ev.ID, Peer: peer, Scores: ev.Scores}
	}
	out := make(map[string]MetricStats, len(metrics))
	for _, m := range metrics {
		mean, lo, hi := rouge.Aggregate(results, m, resamples, confidence)
		out[m] = MetricStats{
			Recall:    Stat{mean.Recall, lo.Recall, hi.Recall},
			Precision: Stat{mean.Precision, lo.Precision, hi.Precision},
			F:         Stat{mean.F, lo.F, hi.F},
		}
	}
	return out
}

// kindOrder breaks ties between rows of equal score.
var kindOrder = map[Kind]int{KindOurs: 0, KindBaseline: 1, KindOracle: 2, KindNIST: 3, KindNISTBase: 4, KindPublished: 5, KindHuman: 6}

// sortRows orders rows by subset (the whole set first), then by ROUGE-2
// recall (ROUGE-1 recall when there is no ROUGE-2) from best to worst,
// then by kind and name.
func sortRows(rows []Row) {
	key := func(r *Row) float64 {
		if s, ok := r.Scores["ROUGE-2"]; ok {
			return s.Recall.Mean
		}
		return r.Scores["ROUGE-1"].Recall.Mean
	}
	slices.SortStableFunc(rows, func(a, b Row) int {
		return cmp.Or(
			cmp.Compare(a.Subset, b.Subset),
			cmp.Compare(key(&b), key(&a)),
			cmp.Compare(kindOrder[a.Kind], kindOrder[b.Kind]),
			cmp.Compare(a.System, b.System),
		)
	})
}

// StoryMeans are a story's scores for one system: the mean of its
// evaluations, metric by metric.
func (st *StoryResult) StoryMeans(system int) rouge.Scores {
	evs := st.Evaluations[system]
	all := make([]rouge.Scores, len(evs))
	for i, ev := range evs {
		all[i] = ev.Scores
	}
	return rouge.Average(all)
}
