package main

import (
	"context"
	"encoding/json"
	"fmt"
	"runtime"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/internal/cluster"
	"github.com/parallaxnews/parallax/internal/eval"
)

func runEvalCluster(ctx context.Context, e *env, args []string) int {
	fs := newFlags(e, "eval cluster", "--data FILE.jsonl",
		`Groups the articles of a clustering set ({"id","title","date","text","topic",
"story"} a line) into stories as "parallax cluster" does, without reading the
labels, then scores the result against them: B-cubed precision, recall and
F1, pairwise precision, recall and F1, and the number of stories found
against the gold number, over the whole set and per topic, with articles per
second. The set is run in its own order, then shuffled with --shuffles seeds
(1, 2, …), to show how much the order matters, then as a live stream
clusters it (parallax serve): in its order, the word frequencies learned as
the articles come instead of counted over the whole set first.`,
		`  parallax eval cluster --data ../shared/data/clustering/ecbplus-dev.jsonl
  parallax eval cluster --data ../shared/data/clustering/ecbplus-dev.jsonl --shuffles 10 --format json
  parallax eval cluster --synthetic 1000000`)
	data := fs.String("data", "", "clustering JSONL file (required)")
	shuffles := fs.Int("shuffles", 3, "also run the set shuffled with seeds 1..N")
	threshold := fs.Float64("threshold", 0, "similarity at which an article joins a story (0: the default)")
	format := fs.String("format", "text", "output format: text or json")
	synthetic := fs.Int("synthetic", 0, "instead of --data, cluster a synthetic stream of N articles (invented words, Zipf frequencies,\nstories in bursts, twin events) as a live stream, and report speed, memory and scores")
	seed := fs.Int64("seed", 1, "seed of the synthetic stream")
	workers := fs.Int("workers", runtime.GOMAXPROCS(0), "cores that prepare articles in a synthetic stream")
	rest, code := parseFlags(fs, args)
	if code >= 0 {
		return code
	}
	if *synthetic > 0 && len(rest) == 0 {
		return evalSynthetic(ctx, e, *synthetic, *seed, *workers)
	}
	if *data == "" || len(rest) > 0 {
		fmt.Fprintln(e.stderr, "parallax eval cluster: --data is required and takes no arguments")
		return exitUsage
	}
	if *format != "text" && *format != "json" {
		fmt.Fprintf(e.stderr, "parallax eval cluster: unknown --format %q (want text or json)\n", *format)
		return exitUsage
	}
	gold, err := eval.ReadClusterGold(*data)
	if err != nil {
		fmt.Fprintf(e.stderr, "parallax eval cluster: %v\n", err)
		return exitFailed
	}
	articles, errs := parallax.Read(ctx, []string{*data}, parallax.ReadOptions{})
	reportErrors(e, errs)
	if len(articles) == 0 {
		fmt.Fprintf(e.stderr, "parallax eval cluster: no articles could be read from %s\n", *data)
		return exitFailed
	}
	opt := cluster.Options{Threshold: *threshold}
	runs := []eval.ClusterRun{eval.RunCluster("input order", articles, gold, opt, 0)}
	for s := 1; s <= *shuffles; s++ {
		runs = append(runs, eval.RunCluster(fmt.Sprintf("shuffled (seed %d)", s), articles, gold, opt, uint64(s)))
	}
	runs = append(runs, eval.RunClusterLive("live (frequencies as they come)", articles, gold, opt))
	if *format == "json" {
		type row struct {
			Run               string                        `json:"run"`
			Overall           eval.ClusterScores            `json:"overall"`
			ByTopic           map[string]eval.ClusterScores `json:"by_topic"`
			ArticlesPerSecond float64                       `json:"articles_per_second"`
		}
		var rows []row
		for _, r := range runs {
			rows = append(rows, row{r.Name, r.Overall, r.ByTopic, r.ArticlesPerSecond()})
		}
		enc := json.NewEncoder(e.stdout)
		enc.SetIndent("", "  ")
		if err := enc.Encode(rows); err != nil {
			return exitFailed
		}
	} else {
		fmt.Fprintf(e.stdout, "%s: %d articles, %d gold stories, %d topics\n\n", *data, len(articles), runs[0].Overall.GoldStories, len(runs[0].Topics))
		if err := eval.WriteClusterTable(e.stdout, runs); err != nil {
			return exitFailed
		}
	}
	if len(errs) > 0 {
		return exitPartial
	}
	return exitOK
}

func evalSynthetic(ctx context.Context, e *env, n int, seed int64, workers int) int {
	sizes := []int{n}
	if n > 10_000 {
		sizes = []int{10_000, n} // the cost per article at two lengths
	}
	for _, size := range sizes {
		r, err := eval.RunSynthetic(ctx, size, seed, workers)
		if err != nil {
			fmt.Fprintf(e.stderr, "parallax eval cluster: %v\n", err)
			return exitFailed
		}
		s := r.Scores
		fmt.Fprintf(e.stdout, "synthetic stream of %d articles (seed %d, window %.0fh, %d cores): %.0f articles/s, %.1f µs an article\n",
			r.Articles, seed, r.WindowHrs, workers, r.ArticlesPerSecond(), float64(r.Elapsed.Microseconds())/float64(r.Articles))
		fmt.Fprintf(e.stdout, "  stories kept: %d at the end, at most %d; heap %.0f MB at the end, at most %.0f MB\n", r.Live, r.PeakLive, r.HeapMB, r.PeakMB)
		fmt.Fprintf(e.stdout, "  B-cubed P %.3f R %.3f F1 %.3f, pairwise F1 %.3f, %d stories found for %d\n", s.BCubedP, s.BCubedR, s.BCubed, s.Pair, s.Stories, s.GoldStories)
	}
	return exitOK
}
