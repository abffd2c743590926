// Package desk is the ingest loop of "parallax serve": it polls the
// subscribed feeds on a schedule (backing off from feeds that fail), reads
// their new items (fetching the pages of truncated ones), groups the
// articles into stories with internal/cluster, stores them, and recomputes
// the digests of the stories that changed. Articles can also be submitted
// directly, by URL or whole.
//
// The store is the truth. The clusterer lives in memory and is rebuilt on
// start by replaying the stored articles in the order they were stored;
// an article and its story assignment are stored in one transaction, and a
// story's digest is recomputed until it is stored against the story's
// current version. So a crash loses nothing committed, and what was not
// committed (a feed poll in flight, a digest being computed) is simply done
// again.
package desk

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"hash/fnv"
	"io"
	"log/slog"
	"sort"
	"strings"
	"sync"
	"time"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/internal/cluster"
	"github.com/parallaxnews/parallax/internal/fetch"
	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/reader"
	"github.com/parallaxnews/parallax/internal/store"
)

// Counter counts events for the metrics (server.Metrics has this method).
type Counter interface {
	Add(name, help string, delta float64, kv ...string)
}

// Options configure a Desk. Zero values take the defaults given.
type Options struct {
	Store  store.Store
	Reader *reader.Reader // default: reader.New(fetch.Options{}, false)
	// PollInterval is how often a healthy feed is polled (default 15m);
	// a feed that fails waits twice as long after each failure in a row,
	// up to MaxBackoff (default 6h).
	PollInterval, MaxBackoff time.Duration
	// Tick is how often Run looks for due feeds, stale digests and small
	// stories to settle (default 2s).
	Tick time.Duration
	// Concurrency is how many feeds are polled at once (default 4).
	Concurrency int
	Cluster     cluster.Options
	// Digest are the options of every story's digest (default 100
	// words).
	Digest parallax.Options
	// DigestArticles bounds the articles a digest is made from (default
	// 60): a digest of 400 articles takes seconds, and a story that big
	// changes often. See digestInput for which are kept.
	DigestArticles int
	Logger         *slog.Logger
	Counts         Counter
	Now            func() time.Time
}

// Desk is the ingest loop. Its methods are safe for concurrent use.
type Desk struct {
	opt Options
	log *slog.Logger

	mu      sync.Mutex // guards c and ids, and orders assignments with their storing
	c       *cluster.Clusterer
	ids     map[string]string // clusterer's story ID -> stored story ID
	replay  int               // articles replayed on start
	pending chan struct{}     // wakes Run early
}

// New returns a Desk over opt.Store, its clusterer rebuilt from the
// stored articles.
func New(ctx context.Context, opt Options) (*Desk, error) {
	if opt.Store == nil {
		return nil, errors.New("desk: no store")
	}
	if opt.Reader == nil {
		opt.Reader = reader.New(fetch.Options{}, false)
	}
	if opt.PollInterval <= 0 {
		opt.PollInterval = 15 * time.Minute
	}
	if opt.MaxBackoff <= 0 {
		opt.MaxBackoff = 6 * time.Hour
	}
	if opt.Tick <= 0 {
		opt.Tick = 2 * time.Second
	}
	if opt.Concurrency <= 0 {
		opt.Concurrency = 4
	}
	if opt.Digest.Words == 0 && opt.Digest.Sentences == 0 && opt.Digest.Bytes == 0 {
		opt.Digest.Words = 100
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.DigestArticles <= 0 {
		opt.DigestArticles = 60
	}
	d := &Desk{opt: opt, log: opt.Logger, c: cluster.New(opt.Cluster), ids: map[string]string{}, pending: make(chan struct{}, 1)}
	if d.log == nil {
		d.log = slog.New(slog.NewTextHandler(io.Discard, nil))
	}
	if err := d.rebuild(ctx); err != nil {
		return nil, err
	}
	return d, nil
}

// rebuild replays the stored articles into the clusterer, in the order
// they were stored, and maps each clusterer story to the stored story of
// its first article.
func (d *Desk) rebuild(ctx context.Context) error {
	var seq int64
	for {
		arts, err := d.opt.Store.ArticlesSince(ctx, seq, 1000)
		if err != nil {
			return fmt.Errorf("desk: replaying stored articles: %w", err)
		}
		if len(arts) == 0 {
			break
		}
		for i := range arts {
			seq = arts[i].Seq
			if arts[i].Story == "" {
				continue
			}
			as := d.c.Add(&arts[i].Article)
			if _, ok := d.ids[as.Story]; !ok {
				d.ids[as.Story] = arts[i].Story
			}
			d.replay++
		}
	}
	d.log.Info("desk ready", "replayed_articles", d.replay, "stories", d.c.Live())
	return nil
}

// Replayed is the number of stored articles replayed on start.
func (d *Desk) Replayed() int { return d.replay }

// count adds to a metric, if there are metrics.
func (d *Desk) count(name, help string, delta float64, kv ...string) {
	if d.opt.Counts != nil {
		d.opt.Counts.Add(name, help, delta, kv...)
	}
}

// Run polls due feeds, recomputes stale digests and settles small stories,
// every Tick, until ctx is done. It returns ctx's error.
func (d *Desk) Run(ctx context.Context) error {
	t := time.NewTicker(d.opt.Tick)
	defer t.Stop()
	for {
		d.Step(ctx)
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-t.C:
		case <-d.pending:
		}
	}
}

// wake makes Run take a step now.
func (d *Desk) wake() {
	select {
	case d.pending <- struct{}{}:
	default:
	}
}

// Step does one round of the loop's work: polls the feeds due now, settles
// small stories, and recomputes stale digests.
func (d *Desk) Step(ctx context.Context) {
	if err := d.PollDue(ctx); err != nil && ctx.Err() == nil {
		d.log.Error("polling feeds", "err", err)
	}
	if err := d.settle(ctx); err != nil && ctx.Err() == nil {
		d.log.Error("settling stories", "err", err)
	}
	if err := d.RefreshDigests(ctx); err != nil && ctx.Err() == nil {
		d.log.Error("recomputing digests", "err", err)
	}
}

// PollDue polls the feeds due now, Concurrency at a time.
func (d *Desk) PollDue(ctx context.Context) error {
	due, err := d.opt.Store.DueFeeds(ctx, d.opt.Now(), 64)
	if err != nil {
		return err
	}
	sem := make(chan struct{}, d.opt.Concurrency)
	var wg sync.WaitGroup
	for _, f := range due {
		sem <- struct{}{}
		wg.Add(1)
		go func() {
			defer func() { <-sem; wg.Done() }()
			d.poll(ctx, f)
		}()
	}
	wg.Wait()
	return ctx.Err()
}

// poll reads one feed's new items and stores them, and records how it
// went on the feed: its next poll comes after PollInterval, or after a
// backoff doubling with each failure in a row.
func (d *Desk) poll(ctx context.Context, f store.Feed) {
	known := func(a news.Article) bool {
		if a.ID != "" {
			if _, err := d.opt.Store.Article(ctx, a.ID); err == nil {
				return true
			}
		}
		if a.URL != "" {
			if ok, _ := d.opt.Store.HasURL(ctx, a.URL); ok {
				return true
			}
		}
		return false
	}
	arts, errs := d.opt.Reader.Feed(ctx, f.URL, known)
	if ctx.Err() != nil {
		return // shutting down: the feed stays due
	}
	now := d.opt.Now()
	f.LastFetch = now
	if len(arts) == 0 && len(errs) > 0 {
		f.Failures++
		f.Status, f.Error = reader.Status(errs[0]), errs[0].Error()
		f.NextFetch = now.Add(min(d.opt.PollInterval<<min(f.Failures, 16), d.opt.MaxBackoff))
		d.count("parallax_feed_polls_total", "Feed polls by status.", 1, "status", f.Status)
		d.log.Warn("feed failed", "feed", f.URL, "status", f.Status, "err", errs[0], "failures", f.Failures)
	} else {
		f.Failures, f.Status, f.Error = 0, "ok", ""
		f.NextFetch = now.Add(d.opt.PollInterval)
		if len(arts) > 0 && arts[0].Outlet != "" && f.Title == "" {
			f.Title = arts[0].Outlet
		}
		n, err := d.store(ctx, arts, f.ID)
		if err != nil {
			if ctx.Err() != nil {
				return
			}
			f.Status, f.Error = "store_error", err.Error()
			f.NextFetch = now.Add(d.opt.PollInterval / 4)
		}
		d.count("parallax_feed_polls_total", "Feed polls by status.", 1, "status", f.Status)
		d.log.Info("feed polled", "feed", f.URL, "new_articles", n, "item_errors", len(errs))
	}
	if err := d.opt.Store.UpdateFeed(ctx, f); err != nil && ctx.Err() == nil {
		d.log.Error("recording a feed poll", "feed", f.URL, "err", err)
	}
}

// store assigns each article its story and stores them all in one
// transaction. It returns how many were new.
func (d *Desk) store(ctx context.Context, arts []news.Article, feedID int64) (int, error) {
	if len(arts) == 0 {
		return 0, nil
	}
	d.mu.Lock()
	defer d.mu.Unlock()
	now := d.opt.Now()
	rows := make([]store.Article, 0, len(arts))
	for i := range arts {
		a := &arts[i]
		if a.ID == "" {
			a.ID = ingest.URLID(a.URL)
		}
		as := d.c.Add(a)
		sid, ok := d.ids[as.Story]
		if !ok {
			sid = storyID(a.ID)
			d.ids[as.Story] = sid
		}
		rows = append(rows, store.Article{Article: *a, FeedID: feedID, Status: "ok", Story: sid, CopyOf: as.CopyOf, Fetched: now})
	}
	n, err := d.opt.Store.AddArticles(ctx, rows)
	if err != nil {
		// The clusterer has taken articles the store has not: start it
		// again from the store, which is the truth.
		d.c, d.ids, d.replay = cluster.New(d.opt.Cluster), map[string]string{}, 0
		if rerr := d.rebuild(context.WithoutCancel(ctx)); rerr != nil {
			d.log.Error("rebuilding the clusterer after a failed write", "err", rerr)
		}
		return 0, err
	}
	d.count("parallax_articles_stored_total", "Articles stored.", float64(n))
	d.wake()
	return n, nil
}

// storyID names a new story after its first article: stable across
// restarts (the replay maps the clusterer's stories back to it) and unique.
func storyID(articleID string) string {
	h := fnv.New64a()
	h.Write([]byte(articleID))
	return fmt.Sprintf("s%012x", h.Sum64()&0xffffffffffff)
}

// settle merges small stories into the larger ones they resemble (see
// cluster.Clusterer.Settle), in the store too.
func (d *Desk) settle(ctx context.Context) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	for from, to := range d.c.Settle() {
		f, t := d.ids[from], d.ids[to]
		if f == "" || t == "" || f == t {
			continue
		}
		if err := d.opt.Store.MoveArticles(ctx, f, t); err != nil && !errors.Is(err, store.ErrNotFound) {
			return err
		}
		delete(d.ids, from)
	}
	return nil
}

// RefreshDigests recomputes the digest of every stale story.
func (d *Desk) RefreshDigests(ctx context.Context) error {
	stale, err := d.opt.Store.StaleStories(ctx, 32)
	if err != nil {
		return err
	}
	for _, st := range stale {
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if err := d.refresh(ctx, st); err != nil {
			d.log.Error("digest", "story", st.ID, "err", err)
		}
	}
	return nil
}

// refresh computes one story's digest from its stored articles and stores
// it against the version it was computed from.
func (d *Desk) refresh(ctx context.Context, st store.Story) error {
	rows, err := d.opt.Store.Articles(ctx, st.ID, 0, 0)
	if err != nil {
		return err
	}
	arts := digestInput(rows, d.opt.DigestArticles)
	start := time.Now()
	dg := parallax.NewDigest(arts, d.opt.Digest)
	b, err := json.Marshal(dg)
	if err != nil {
		return err
	}
	title := dg.Title
	if title == "" {
		title = st.Title
	}
	ok, err := d.opt.Store.PutDigest(ctx, st.ID, st.Version, title, b)
	if err != nil {
		return err
	}
	d.count("parallax_digests_total", "Story digests computed, by outcome.", 1, "stored", fmt.Sprint(ok))
	d.log.Info("digest", "story", st.ID, "articles", len(arts), "stored", ok, "ms", time.Since(start).Milliseconds())
	return nil
}

// digestInput are the articles of a story that its digest is made from:
// all of them up to max; beyond that, the latest article of every outlet
// first (every voice is heard), then the latest others, in the order
// stored.
func digestInput(rows []store.Article, max int) []news.Article {
	keep := make([]bool, len(rows))
	if len(rows) <= max {
		for i := range keep {
			keep[i] = true
		}
	} else {
		when := func(r store.Article) time.Time {
			if !r.Published.IsZero() {
				return r.Published
			}
			return r.Fetched
		}
		order := make([]int, len(rows))
		for i := range order {
			order[i] = i
		}
		sort.SliceStable(order, func(a, b int) bool { return when(rows[order[a]]).After(when(rows[order[b]])) })
		n := 0
		outlets := map[string]bool{}
		for _, i := range order {
			if o := rows[i].Outlet; n < max && !outlets[o] {
				outlets[o] = true
				keep[i] = true
				n++
			}
		}
		for _, i := range order {
			if n < max && !keep[i] {
				keep[i] = true
				n++
			}
		}
	}
	var arts []news.Article
	for i, r := range rows {
		if keep[i] {
			arts = append(arts, r.Article)
		}
	}
	return arts
}

// AddFeed subscribes to the feed at u; it is polled on the next step.
func (d *Desk) AddFeed(ctx context.Context, u string) (store.Feed, error) {
	u = strings.TrimSpace(u)
	if !ingest.IsURL(u) {
		return store.Feed{}, fmt.Errorf("%q is not an http or https URL", u)
	}
	f, err := d.opt.Store.AddFeed(ctx, u, "")
	if err != nil {
		return f, err
	}
	if err := d.dueNow(ctx, &f); err != nil {
		return f, err
	}
	d.wake()
	return f, nil
}

// dueNow makes a new feed due by the desk's clock.
func (d *Desk) dueNow(ctx context.Context, f *store.Feed) error {
	f.NextFetch = d.opt.Now()
	return d.opt.Store.UpdateFeed(ctx, *f)
}

// RemoveFeed unsubscribes; the feed's articles stay.
func (d *Desk) RemoveFeed(ctx context.Context, id int64) error {
	return d.opt.Store.RemoveFeed(ctx, id)
}

// ImportOPML subscribes to every feed of an OPML list; feeds already there
// are left as they are. It returns how many were new.
func (d *Desk) ImportOPML(ctx context.Context, r io.Reader) (int, error) {
	subs, err := ingest.ReadOPML(r, "OPML")
	if err != nil {
		return 0, err
	}
	n := 0
	for _, s := range subs {
		f, err := d.opt.Store.AddFeed(ctx, s.XMLURL, s.Title)
		if errors.Is(err, store.ErrExists) {
			continue
		}
		if err == nil {
			err = d.dueNow(ctx, &f)
		}
		if err != nil {
			return n, err
		}
		n++
	}
	if n > 0 {
		d.wake()
	}
	return n, nil
}

// SubmitURL fetches the page at u and stores its article.
func (d *Desk) SubmitURL(ctx context.Context, u string) (store.Article, error) {
	if ok, err := d.opt.Store.HasURL(ctx, u); err != nil {
		return store.Article{}, err
	} else if ok {
		return store.Article{}, fmt.Errorf("%s: %w", u, store.ErrExists)
	}
	a, err := d.opt.Reader.Article(ctx, u)
	if err != nil {
		return store.Article{}, err
	}
	return d.SubmitArticle(ctx, a)
}

// SubmitArticle stores an article given whole, after the chrome filter.
func (d *Desk) SubmitArticle(ctx context.Context, a news.Article) (store.Article, error) {
	if strings.TrimSpace(a.Body) == "" {
		return store.Article{}, fmt.Errorf("article %q: %w", a.ID, ingest.ErrEmpty)
	}
	if a.ID == "" {
		if a.URL != "" {
			a.ID = ingest.URLID(a.URL)
		} else {
			h := fnv.New64a()
			h.Write([]byte(a.Title + "\x00" + a.Body))
			a.ID = fmt.Sprintf("post-%016x", h.Sum64())
		}
	}
	if _, err := d.opt.Store.Article(ctx, a.ID); err == nil {
		return store.Article{}, fmt.Errorf("article %q: %w", a.ID, store.ErrExists)
	}
	a, err := ingest.Clean(a)
	if err != nil {
		return store.Article{}, fmt.Errorf("article %q: %w", a.ID, err)
	}
	n, err := d.store(ctx, []news.Article{a}, 0)
	if err != nil {
		return store.Article{}, err
	}
	if n == 0 {
		return store.Article{}, fmt.Errorf("article %q: %w", a.ID, store.ErrExists)
	}
	return d.opt.Store.Article(ctx, a.ID)
}
