package cluster

import (
	"runtime"
	"sort"
	"sync"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
)

// Result is a batch clustering: one assignment per article, in the order
// the articles were given, and the view of every story, in the order the
// stories started.
type Result struct {
	Assignments []Assignment
	Stories     []Story
}

// Cluster groups a batch of articles into stories. The batch is known
// whole, so the document frequencies are counted over all of it first;
// then the articles go through a [Clusterer] in date order (an undated
// article keeps its place after the dated article before it), and the
// stream settles ([Clusterer.Settle]).
func Cluster(arts []news.Article, opt Options) Result {
	var stories []Story
	opt.Forgotten = func(s Story) { stories = append(stories, s) }
	c := New(opt)
	prep := prepareAll(arts, runtime.GOMAXPROCS(0))
	for i := range prep {
		c.Prime(&prep[i])
	}
	order := dateOrder(arts)
	res := Result{Assignments: make([]Assignment, len(arts))}
	for _, i := range order {
		res.Assignments[i] = c.AddPrepared(&arts[i], prep[i])
	}
	merged := c.Settle()
	for i, a := range res.Assignments {
		if to, ok := merged[a.Story]; ok {
			res.Assignments[i].Story = to
			res.Assignments[i].New = false
		}
	}
	c.Flush()
	sort.Slice(stories, func(i, j int) bool { return stories[i].ID < stories[j].ID })
	res.Stories = stories
	return res
}

// prepareAll prepares arts on workers goroutines.
func prepareAll(arts []news.Article, workers int) []Prepared {
	prep := make([]Prepared, len(arts))
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < max(1, workers); w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				prep[i] = Prepare(&arts[i])
			}
		}()
	}
	for i := range arts {
		next <- i
	}
	close(next)
	wg.Wait()
	return prep
}

// dateOrder is the order in which to add arts: by date, an undated
// article taking the date of the last dated article before it in the
// input, ties in input order.
func dateOrder(arts []news.Article) []int {
	keys := make([]time.Time, len(arts))
	var last time.Time
	for i, a := range arts {
		if !a.Published.IsZero() {
			last = a.Published
		}
		keys[i] = last
	}
	order := make([]int, len(arts))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return keys[order[a]].Before(keys[order[b]]) })
	return order
}
