package eval

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"runtime"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/parallaxnews/parallax/internal/cluster"
	"github.com/parallaxnews/parallax/internal/news"
)

// ClusterGold is the gold of a clustering set: each article's story (the
// event it reports) and topic (the kind of event, shared by two stories).
type ClusterGold struct {
	Story map[string]string
	Topic map[string]string
}

// ReadClusterGold reads the "story" and "topic" labels of a clustering
// JSONL file ({"id","title","date","text","topic","story"} a line). It is
// kept apart from reading the articles so that the clusterer never sees a
// label.
func ReadClusterGold(path string) (ClusterGold, error) {
	f, err := os.Open(path)
	if err != nil {
		return ClusterGold{}, err
	}
	defer f.Close()
	g := ClusterGold{Story: map[string]string{}, Topic: map[string]string{}}
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if strings.TrimSpace(sc.Text()) == "" {
			continue
		}
		var r struct {
			ID    json.RawMessage `json:"id"`
			Story json.RawMessage `json:"story"`
			Topic json.RawMessage `json:"topic"`
		}
		if err := json.Unmarshal(sc.Bytes(), &r); err != nil {
			return g, fmt.Errorf("%s:%d: %w", path, line, err)
		}
		id, story := rawString(r.ID), rawString(r.Story)
		if id == "" || story == "" {
			return g, fmt.Errorf("%s:%d: an article needs \"id\" and \"story\"", path, line)
		}
		g.Story[id] = story
		g.Topic[id] = rawString(r.Topic)
	}
	if err := sc.Err(); err != nil {
		return g, fmt.Errorf("%s: %w", path, err)
	}
	return g, nil
}

// rawString is a JSON string or number as text.
func rawString(m json.RawMessage) string {
	var s string
	if json.Unmarshal(m, &s) == nil {
		return s
	}
	return strings.TrimSpace(string(m))
}

// ClusterScores are the scores of a clustering against gold labels.
type ClusterScores struct {
	Articles    int     `json:"articles"`
	BCubedP     float64 `json:"bcubed_precision"` // B-cubed (Bagga and Baldwin 1998)
	BCubedR     float64 `json:"bcubed_recall"`
	BCubed      float64 `json:"bcubed_f1"`
	PairP       float64 `json:"pair_precision"` // over article pairs
	PairR       float64 `json:"pair_recall"`
	Pair        float64 `json:"pair_f1"`
	Stories     int     `json:"stories"`
	GoldStories int     `json:"gold_stories"`
}

// ScoreClusters scores pred (article -> story found) against gold (article
// -> gold story) over the articles in ids. B-cubed averages, over
// articles, the share of the article's cluster that is in its gold story
// (precision) and the share of its gold story that is in its cluster
// (recall).
func ScoreClusters(ids []string, pred, gold map[string]string) ClusterScores {
	var t ClusterTally
	for _, id := range ids {
		t.Add(pred[id], gold[id])
	}
	return t.Scores()
}

// ClusterTally counts, for a clustering being scored, how many articles
// each found story, each gold story and each pair of them hold: all that
// B-cubed and pairwise scores need, in memory that grows with the stories,
// not the articles.
type ClusterTally struct {
	n              int
	inPred, inGold map[string]int
	both           map[[2]string]int
}

// Add counts one article, found in story pred, of gold story gold.
func (t *ClusterTally) Add(pred, gold string) {
	if t.both == nil {
		t.inPred, t.inGold, t.both = map[string]int{}, map[string]int{}, map[[2]string]int{}
	}
	t.n++
	t.inPred[pred]++
	t.inGold[gold]++
	t.both[[2]string{pred, gold}]++
}

// Scores are the scores of the articles counted. An article's B-cubed
// precision is the share of its story's articles that are in its gold
// story; summed over the articles of one (story, gold story) pair of n
// articles, that is n²/|story|.
func (t *ClusterTally) Scores() ClusterScores {
	sc := ClusterScores{Articles: t.n}
	if t.n == 0 {
		return sc
	}
	var tp float64
	for k, n := range t.both {
		nn := float64(n) * float64(n)
		sc.BCubedP += nn / float64(t.inPred[k[0]])
		sc.BCubedR += nn / float64(t.inGold[k[1]])
		tp += float64(n) * float64(n-1) / 2
	}
	sc.BCubedP /= float64(t.n)
	sc.BCubedR /= float64(t.n)
	sc.BCubed = f1(sc.BCubedP, sc.BCubedR)
	pairs := func(m map[string]int) float64 {
		var s float64
		for _, n := range m {
			s += float64(n) * float64(n-1) / 2
		}
		return s
	}
	pp, gp := pairs(t.inPred), pairs(t.inGold)
	sc.PairP, sc.PairR = 1, 1
	if pp > 0 {
		sc.PairP = tp / pp
	}
	if gp > 0 {
		sc.PairR = tp / gp
	}
	sc.Pair = f1(sc.PairP, sc.PairR)
	sc.Stories, sc.GoldStories = len(t.inPred), len(t.inGold)
	return sc
}

func f1(p, r float64) float64 {
	if p+r == 0 {
		return 0
	}
	return 2 * p * r / (p + r)
}

// ClusterRun is one clustering of a set, scored.
type ClusterRun struct {
	Name     string
	Overall  ClusterScores
	ByTopic  map[string]ClusterScores
	Topics   []string // sorted
	Elapsed  time.Duration
	Assigned map[string]string
}

// ArticlesPerSecond is the clustering throughput of the run.
func (r ClusterRun) ArticlesPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Overall.Articles) / r.Elapsed.Seconds()
}

// RunCluster clusters arts in the given order with cluster.Cluster and
// scores the result. shuffle > 0 shuffles the articles first with that
// seed (for a set without dates, whose order is arbitrary).
func RunCluster(name string, arts []news.Article, gold ClusterGold, opt cluster.Options, shuffle uint64) ClusterRun {
	return runCluster(name, arts, gold, opt, shuffle, false)
}

// RunClusterLive is RunCluster as a live stream clusters: one article at
// a time in the given order, the document frequencies learned as they
// come rather than counted over the whole set first, settling at the
// end. It is what "parallax serve" does with a day's feeds.
func RunClusterLive(name string, arts []news.Article, gold ClusterGold, opt cluster.Options) ClusterRun {
	return runCluster(name, arts, gold, opt, 0, true)
}

func runCluster(name string, arts []news.Article, gold ClusterGold, opt cluster.Options, shuffle uint64, live bool) ClusterRun {
	order := append([]news.Article(nil), arts...)
	if shuffle > 0 {
		r := rand.New(rand.NewPCG(shuffle, shuffle^0x9e3779b97f4a7c15))
		r.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
	}
	start := time.Now()
	run := ClusterRun{Name: name, Assigned: map[string]string{}, ByTopic: map[string]ClusterScores{}}
	if live {
		c := cluster.New(opt)
		for i := range order {
			as := c.Add(&order[i])
			run.Assigned[as.ArticleID] = as.Story
		}
		merged := c.Settle()
		for id, st := range run.Assigned {
			if to, ok := merged[st]; ok {
				run.Assigned[id] = to
			}
		}
	} else {
		for _, a := range cluster.Cluster(order, opt).Assignments {
			run.Assigned[a.ArticleID] = a.Story
		}
	}
	run.Elapsed = time.Since(start)
	var ids []string
	byTopic := map[string][]string{}
	for _, a := range arts {
		if _, ok := gold.Story[a.ID]; !ok {
			continue
		}
		ids = append(ids, a.ID)
		byTopic[gold.Topic[a.ID]] = append(byTopic[gold.Topic[a.ID]], a.ID)
	}
	run.Overall = ScoreClusters(ids, run.Assigned, gold.Story)
	for t, tids := range byTopic {
		run.ByTopic[t] = ScoreClusters(tids, run.Assigned, gold.Story)
		run.Topics = append(run.Topics, t)
	}
	sort.Slice(run.Topics, func(i, j int) bool { return naturalLess(run.Topics[i], run.Topics[j]) })
	return run
}

// naturalLess orders "2" before "10".
func naturalLess(a, b string) bool {
	if len(a) != len(b) && strings.Trim(a, "0123456789") == "" && strings.Trim(b, "0123456789") == "" {
		return len(a) < len(b)
	}
	return a < b
}

// WriteClusterTable prints each run's overall scores, then the first
// run's scores per topic.
func WriteClusterTable(w io.Writer, runs []ClusterRun) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, "%-34s %8s %8s %8s %8s %8s %8s %9s %11s\n", "run", "B3 P", "B3 R", "B3 F1", "pair P", "pair R", "pair F1", "stories", "articles/s")
	for _, r := range runs {
		o := r.Overall
		fmt.Fprintf(bw, "%-34s %8.3f %8.3f %8.3f %8.3f %8.3f %8.3f %4d/%-4d %11.0f\n", r.Name, o.BCubedP, o.BCubedR, o.BCubed, o.PairP, o.PairR, o.Pair, o.Stories, o.GoldStories, r.ArticlesPerSecond())
	}
	if len(runs) > 0 && len(runs[0].Topics) > 1 {
		r := runs[0]
		fmt.Fprintf(bw, "\nPer topic (%s):\n", r.Name)
		fmt.Fprintf(bw, "%-10s %8s %8s %8s %8s %8s %9s\n", "topic", "articles", "B3 P", "B3 R", "B3 F1", "pair F1", "stories")
		for _, t := range r.Topics {
			s := r.ByTopic[t]
			fmt.Fprintf(bw, "%-10s %8d %8.3f %8.3f %8.3f %8.3f %4d/%-4d\n", t, s.Articles, s.BCubedP, s.BCubedR, s.BCubed, s.Pair, s.Stories, s.GoldStories)
		}
	}
	return bw.Flush()
}

// SyntheticRun is a clustering of a synthetic stream (cluster.Synth),
// scored against the stream's own stories.
type SyntheticRun struct {
	Articles  int
	Scores    ClusterScores
	Elapsed   time.Duration
	Live      int     // stories kept at the end
	HeapMB    float64 // heap in use at the end, after a collection
	PeakLive  int     // most stories kept at once, sampled every 10,000 articles
	PeakMB    float64 // most heap in use, sampled every 10,000 articles
	WindowHrs float64
}

// ArticlesPerSecond is the run's throughput.
func (r SyntheticRun) ArticlesPerSecond() float64 {
	if r.Elapsed <= 0 {
		return 0
	}
	return float64(r.Articles) / r.Elapsed.Seconds()
}

// RunSynthetic generates a synthetic stream of n articles and clusters it
// as a live stream (cluster.Stream on workers cores), with a window of
// two days. The score is tallied as the stream goes (ClusterTally), so
// that the memory measured is the clusterer's and the tally's, which grow
// with the stories, not with the articles.
func RunSynthetic(ctx context.Context, n int, seed int64, workers int) (SyntheticRun, error) {
	g := cluster.NewSynth(cluster.SynthOptions{Articles: n, Seed: seed})
	// Articles come back from Stream in the order they went in, so the
	// gold stories wait in a queue as long as the batches in flight; next
	// runs on Stream's reading goroutine, hence the lock.
	var (
		mu    sync.Mutex
		gold  []string
		tally ClusterTally
		done  int
	)
	next := func() (news.Article, bool) {
		a, story, ok := g.Next()
		if ok {
			mu.Lock()
			gold = append(gold, story)
			mu.Unlock()
		}
		return a, ok
	}
	window := 48 * time.Hour
	c := cluster.New(cluster.Options{Window: window})
	run := SyntheticRun{Articles: n, WindowHrs: window.Hours()}
	start := time.Now()
	var ms runtime.MemStats
	err := cluster.Stream(ctx, next, c, workers, func(a *news.Article, as cluster.Assignment) {
		mu.Lock()
		story := gold[0]
		gold = gold[1:]
		mu.Unlock()
		tally.Add(as.Story, story)
		if done++; done%10_000 == 0 {
			run.PeakLive = max(run.PeakLive, c.Live())
			runtime.ReadMemStats(&ms)
			run.PeakMB = max(run.PeakMB, float64(ms.HeapInuse)/(1<<20))
		}
	})
	run.Elapsed = time.Since(start)
	if err != nil {
		return run, err
	}
	run.Live = c.Live()
	runtime.GC()
	runtime.ReadMemStats(&ms)
	run.HeapMB = float64(ms.HeapInuse) / (1 << 20)
	runtime.KeepAlive(c)
	run.Scores = tally.Scores()
	return run, nil
}
