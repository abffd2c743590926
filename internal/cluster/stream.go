package cluster

import (
	"context"
	"sync"

	"github.com/parallaxnews/parallax/internal/news"
)

// streamBatch is how many articles are prepared together in Stream.
const streamBatch = 512

// Stream clusters the articles that next returns (until it returns false)
// with c, in order, giving each article and its assignment to emit. The
// articles of a batch are prepared on workers goroutines while the batch
// before is being added, so that a stream uses more than one core while
// its stories are decided one article at a time, in order. It stops early
// with ctx's error when ctx is done.
func Stream(ctx context.Context, next func() (news.Article, bool), c *Clusterer, workers int, emit func(*news.Article, Assignment)) error {
	type batch struct {
		arts []news.Article
		prep []Prepared
	}
	batches := make(chan *batch, 2)
	stop := make(chan struct{})
	defer close(stop)
	go func() {
		defer close(batches)
		for {
			b := &batch{arts: make([]news.Article, 0, streamBatch)}
			for len(b.arts) < streamBatch {
				a, ok := next()
				if !ok {
					break
				}
				b.arts = append(b.arts, a)
			}
			if len(b.arts) == 0 {
				return
			}
			b.prep = make([]Prepared, len(b.arts))
			var wg sync.WaitGroup
			per := (len(b.arts) + workers - 1) / max(1, workers)
			for lo := 0; lo < len(b.arts); lo += per {
				hi := min(lo+per, len(b.arts))
				wg.Add(1)
				go func() {
					defer wg.Done()
					for i := lo; i < hi; i++ {
						b.prep[i] = Prepare(&b.arts[i])
					}
				}()
			}
			wg.Wait()
			select {
			case batches <- b:
			case <-stop:
				return
			}
			if len(b.arts) < streamBatch {
				return
			}
		}
	}()
	for b := range batches {
		if err := ctx.Err(); err != nil {
			return err
		}
		for i := range b.arts {
			emit(&b.arts[i], c.AddPrepared(&b.arts[i], b.prep[i]))
		}
	}
	return ctx.Err()
}
