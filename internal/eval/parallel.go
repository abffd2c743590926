package eval

import (
	"context"
	"sync"
)

// forEach calls f(i) for every i in [0, n) on workers goroutines (at
// least one), handing out indices in order, and stops handing them out
// when ctx is done. It returns once every call has returned, with
// ctx.Err().
func forEach(ctx context.Context, n, workers int, f func(i int)) error {
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range max(workers, 1) {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				f(i)
			}
		}()
	}
feed:
	for i := range n {
		select {
		case jobs <- i:
		case <-ctx.Done():
			break feed
		}
	}
	close(jobs)
	wg.Wait()
	return ctx.Err()
}
