package server

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/cdproto/emulation"
	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"

	"github.com/parallaxnews/parallax/internal/desk"
	"github.com/parallaxnews/parallax/internal/fetch"
	"github.com/parallaxnews/parallax/internal/news"
	"github.com/parallaxnews/parallax/internal/reader"
)

// The browser tests drive the pages in a real headless Chromium: what a
// reader sees and clicks, with our CSS and JavaScript applied. They keep a
// screenshot of every page they visit.

const chromiumPath = "/usr/bin/chromium"

// newBrowser starts Chromium and returns a context for chromedp, closed
// with the test. Without Chromium the test is skipped, except on CI
// (CI=true), where a missing browser must not pass unnoticed.
func newBrowser(t *testing.T) context.Context {
	t.Helper()
	if _, err := os.Stat(chromiumPath); err != nil {
		if os.Getenv("CI") == "true" {
			t.Fatalf("CI=true but Chromium is missing at %s (install the Debian package chromium): %v", chromiumPath, err)
		}
		t.Skipf("Chromium is not installed at %s (apt-get install chromium); skipping the browser tests", chromiumPath)
	}
	// Not t.TempDir: Chromium's helpers can still write to the profile
	// for a moment after the browser exits, which fails its removal.
	profile, err := os.MkdirTemp("", "parallax-chromium-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(chromiumPath),
		chromedp.Headless,
		chromedp.NoSandbox,
		chromedp.DisableGPU,
		chromedp.NoFirstRun,
		// Without these Chromium reaches out for updates, field trials
		// and sync, and stalls on a closed network.
		chromedp.Flag("disable-quic", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.UserDataDir(profile),
		chromedp.WindowSize(1200, 900),
	)
	allocCtx, cancelAlloc := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancelCtx := chromedp.NewContext(allocCtx)
	t.Cleanup(func() { cancelCtx(); cancelAlloc() })
	// The first Run starts the browser; it must not carry a timeout,
	// which would end the browser with it. A watchdog bounds it instead.
	started := make(chan error, 1)
	go func() { _, err := chromedp.Run(ctx, chromedp.Evaluate[int](`1`)); started <- err }()
	select {
	case err := <-started:
		if err != nil {
			t.Fatalf("starting Chromium: %v", err)
		}
	case <-time.After(60 * time.Second):
		t.Fatal("Chromium did not start in 60s")
	}
	return ctx
}

// artifactDir is where screenshots go: $PARALLAX_ARTIFACTS, or a
// directory under the system's temporary directory that outlives the test.
func artifactDir(t *testing.T) string {
	t.Helper()
	dir := os.Getenv("PARALLAX_ARTIFACTS")
	if dir == "" {
		var err error
		if dir, err = os.MkdirTemp("", "parallax-browser-"); err != nil {
			t.Fatal(err)
		}
	} else if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	t.Logf("screenshots in %s", dir)
	return dir
}

// browse runs actions with a time limit.
func browse(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// eval evaluates a JavaScript expression in the page.
func eval[T any](t *testing.T, ctx context.Context, expr string) T {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	v, err := chromedp.Run(ctx, chromedp.Evaluate[T](expr))
	if err != nil {
		t.Fatalf("evaluating %s: %v", expr, err)
	}
	return v
}

// screenshot keeps a PNG of the whole page.
func screenshot(t *testing.T, ctx context.Context, dir, name string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(ctx, 30*time.Second)
	defer cancel()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Errorf("screenshot %s: %v", name, err)
		return
	}
	if err := os.WriteFile(filepath.Join(dir, name+".png"), png, 0o644); err != nil {
		t.Error(err)
	}
}

// waitFor waits until a JavaScript expression is true.
func waitFor(expr string) chromedp.Action[chromedp.Void] {
	return chromedp.Poll[chromedp.Void](expr, chromedp.WithPollingTimeout(20*time.Second))
}

// isVisible is JavaScript that tells whether the element of a selector
// is rendered (a closed <details> hides its content).
func isVisible(sel string) string {
	return fmt.Sprintf(`(() => { const e = document.querySelector(%q); return !!e && e.checkVisibility(); })()`, sel)
}

func TestBrowser(t *testing.T) {
	ctx := newBrowser(t)
	dir := artifactDir(t)
	f := newFixture(t, fixtureOptions{desk: desk.Options{
		Reader: reader.New(fetch.Options{AllowLoopback: true, IgnoreRobots: true, HostDelay: -1, Retries: -1}, false),
		Tick:   200 * time.Millisecond,
	}})
	base := f.srv.URL

	t.Run("story list", func(t *testing.T) {
		browse(t, ctx, "open the story list", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("ol.stories")))
		if n := eval[int](t, ctx, `document.querySelectorAll("li.story").length`); n != webStoriesPerPage {
			t.Errorf("%d stories shown, want %d", n, webStoriesPerPage)
		}
		if title := eval[string](t, ctx, `document.title`); title != "Stories · Hollin Desk" {
			t.Errorf("title %q", title)
		}
		// The hostile title is shown as text: no script ran, no image.
		if text := eval[string](t, ctx, `document.querySelector('a[href="/stories/dunmere-fire"]').textContent`); !strings.Contains(text, "<script>") {
			t.Errorf("the hostile title reads %q", text)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll("main script, main img").length`); n != 0 {
			t.Errorf("%d script or img elements made from article text", n)
		}
		screenshot(t, ctx, dir, "01-stories")
	})

	t.Run("story", func(t *testing.T) {
		browse(t, ctx, "open a story",
			chromedp.Navigate(base+"/"),
			chromedp.Click(chromedp.CSS(`a[href="/stories/hollin-bridge"]`)),
			chromedp.WaitVisible(chromedp.CSS("#summary-h")))
		if loc := eval[string](t, ctx, `location.pathname`); loc != "/stories/hollin-bridge" {
			t.Errorf("at %s", loc)
		}
		for _, h := range []string{"Reported by all", "Figures", "Quote versions", "Who said what", "Who reports what", "Articles"} {
			if !eval[bool](t, ctx, fmt.Sprintf(`[...document.querySelectorAll("h2")].some(h => h.textContent.startsWith(%q))`, h)) {
				t.Errorf("no section %q", h)
			}
		}
		screenshot(t, ctx, dir, "02-story")
	})

	t.Run("reveal sources", func(t *testing.T) {
		browse(t, ctx, "open the story", chromedp.Navigate(base+"/stories/hollin-bridge"), chromedp.WaitVisible(chromedp.CSS("#sentence-1")))
		support := "#sentence-1 .support blockquote:nth-of-type(2)"
		if eval[bool](t, ctx, isVisible(support)) {
			t.Fatal("the supporting sentence shows before its marker is clicked")
		}
		// chromedp's WaitVisible goes by the box model, which the closed
		// <details> keeps: ask the page what it renders instead.
		browse(t, ctx, "click the marker", chromedp.Click(chromedp.CSS("#sentence-1 summary .keys")), waitFor(isVisible(support)))
		got := eval[string](t, ctx, fmt.Sprintf(`document.querySelector(%q).innerText`, support))
		if !strings.Contains(got, "Eleven people were injured when a footbridge over Hollin Creek collapsed") || !strings.Contains(got, "Hollin Herald") {
			t.Errorf("the revealed support reads %q", got)
		}
		screenshot(t, ctx, dir, "03-sources")
		// Our script: Escape closes the panel and keeps the focus on it.
		browse(t, ctx, "press Escape", chromedp.Focus(chromedp.CSS("#sentence-1 summary")), chromedp.KeyEvent(kb.Escape), waitFor("!"+isVisible(support)))
		if !eval[bool](t, ctx, `document.activeElement === document.querySelector("#sentence-1 summary")`) {
			t.Error("after Escape the focus left the marker")
		}
		// And the button that opens every panel.
		browse(t, ctx, "show all sources", chromedp.Click(chromedp.CSS("button.toggle-all")), waitFor(isVisible("#sentence-3 .support blockquote")))
		if n := eval[int](t, ctx, `document.querySelectorAll("details.sources:not([open])").length`); n != 0 {
			t.Errorf("%d panels still closed", n)
		}
	})

	t.Run("search", func(t *testing.T) {
		browse(t, ctx, "search from the header",
			chromedp.Navigate(base+"/"),
			chromedp.SendKeys(chromedp.CSS("#site-q"), "footbridge\n"),
			chromedp.WaitVisible(chromedp.CSS("ol.hits mark")))
		if mark := eval[string](t, ctx, `document.querySelector("ol.hits mark").textContent`); !strings.EqualFold(mark, "footbridge") {
			t.Errorf("marked %q", mark)
		}
		if n := eval[int](t, ctx, `document.querySelectorAll("li.hit").length`); n != 3 {
			t.Errorf("%d hits, want 3", n)
		}
		screenshot(t, ctx, dir, "04-search")
	})

	t.Run("phone, dark", func(t *testing.T) {
		browse(t, ctx, "a phone in dark mode",
			chromedp.EmulateViewport(390, 844, chromedp.EmulateMobile, chromedp.EmulatePortrait),
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{
					Features: []*emulation.MediaFeature{{Name: "prefers-color-scheme", Value: "dark"}},
				})
				return err
			}),
			chromedp.Navigate(base+"/stories/hollin-bridge"),
			chromedp.WaitVisible(chromedp.CSS("#summary-h")))
		// Nothing wider than the screen but the table, which scrolls in
		// its own box.
		if w := eval[int](t, ctx, `document.documentElement.scrollWidth`); w > 390 {
			t.Errorf("the page is %dpx wide on a 390px phone", w)
		}
		if bg := eval[string](t, ctx, `getComputedStyle(document.body).backgroundColor`); bg != "rgb(20, 20, 20)" {
			t.Errorf("dark background is %s", bg)
		}
		screenshot(t, ctx, dir, "05-story-phone-dark")
		browse(t, ctx, "back to a desktop in light mode",
			chromedp.EmulateReset(),
			chromedp.EmulateViewport(1200, 900),
			chromedp.Func(func(ctx context.Context, _ *chromedp.Target) error {
				_, err := chromedp.Call(ctx, emulation.SetEmulatedMedia, emulation.SetEmulatedMediaParams{})
				return err
			}))
	})

	t.Run("new reports announced", func(t *testing.T) {
		browse(t, ctx, "open the story list", chromedp.Navigate(base+"/"), waitFor(`!!document.querySelector("[data-watch-ready]")`))
		if eval[bool](t, ctx, isVisible(".live-note")) {
			t.Fatal("a note about new reports before any came")
		}
		_, err := f.desk.SubmitArticle(context.Background(), news.Article{ID: "brenn-ferry", Title: "Brenn ferry cancelled", Outlet: "Hollin Herald",
			Published: time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC),
			Body:      "The Brenn island ferry was cancelled on Monday because of high winds, the operator said. Crossings resume on Tuesday."})
		if err != nil {
			t.Fatal(err)
		}
		// The page asks again when the reader comes back to its tab.
		browse(t, ctx, "see the note", chromedp.Evaluate[chromedp.Void](`document.dispatchEvent(new Event("visibilitychange"))`), waitFor(isVisible(".live-note")))
		if text := eval[string](t, ctx, `document.querySelector(".live-note").innerText`); !strings.Contains(text, "reload") {
			t.Errorf("note %q", text)
		}
		screenshot(t, ctx, dir, "05b-new-reports")
	})

	t.Run("add a feed", func(t *testing.T) {
		feed := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			if r.URL.Path != "/rss.xml" {
				http.NotFound(w, r)
				return
			}
			w.Header().Set("Content-Type", "application/rss+xml; charset=utf-8")
			fmt.Fprint(w, strings.ReplaceAll(rssFeed, "BASE", "http://"+r.Host))
		}))
		defer feed.Close()
		runCtx, stop := context.WithCancel(context.Background())
		done := make(chan error, 1)
		go func() { done <- f.desk.Run(runCtx) }()
		defer func() {
			stop()
			if err := <-done; err != nil && !errors.Is(err, context.Canceled) {
				t.Errorf("desk: %v", err)
			}
		}()

		browse(t, ctx, "add the feed",
			chromedp.Navigate(base+"/feeds"),
			chromedp.SendKeys(chromedp.CSS("#feed-url"), feed.URL+"/rss.xml"),
			chromedp.Click(chromedp.CSS("form.add-feed button[type=submit]")),
			chromedp.WaitVisible(chromedp.CSS("li.feed")))
		if loc := eval[string](t, ctx, `location.pathname`); loc != "/feeds" {
			t.Errorf("after adding, at %s", loc)
		}
		screenshot(t, ctx, dir, "06-feeds")

		// The desk polls the feed, stores its items and gathers them into
		// stories: reload the list until they show.
		deadline := time.Now().Add(30 * time.Second)
		for {
			browse(t, ctx, "reload the list", chromedp.Navigate(base+"/"), chromedp.WaitVisible(chromedp.CSS("ol.stories")))
			if eval[bool](t, ctx, `document.body.innerText.includes("Tarn Valley")`) {
				break
			}
			if time.Now().After(deadline) {
				feeds, _ := f.store.Feeds(context.Background())
				t.Fatalf("the feed's stories never showed; feeds: %+v", feeds)
			}
			time.Sleep(300 * time.Millisecond)
		}
		if !eval[bool](t, ctx, `document.querySelector("li.story").innerText.includes("Tarn Valley")`) {
			t.Error("the feed's story is not the newest")
		}
		screenshot(t, ctx, dir, "07-stories-after-feed")
		browse(t, ctx, "open the feed's story",
			chromedp.Click(chromedp.CSS("li.story h2 a")),
			chromedp.WaitVisible(chromedp.CSS("#articles-h")))
		screenshot(t, ctx, dir, "08-feed-story")
		browse(t, ctx, "the feed's article count", chromedp.Navigate(base+"/feeds"), chromedp.WaitVisible(chromedp.CSS("li.feed")))
		if status := eval[string](t, ctx, `document.querySelector("li.feed .status").textContent`); status != "ok" {
			t.Errorf("feed status %q", status)
		}
	})
}

// rssFeed is an invented feed: three reports of one event, their whole
// text in <description>. BASE is the feed server's address.
const rssFeed = `<?xml version="1.0" encoding="UTF-8"?>
<rss version="2.0"><channel>
<title>Tarn Valley Wire</title>
<link>BASE/</link>
<description>Invented news for tests</description>
<item>
<title>Tarn Valley rail line reopens after landslide</title>
<link>BASE/2026/05/tarn-valley-rail-reopens</link>
<guid>BASE/2026/05/tarn-valley-rail-reopens</guid>
<pubDate>Mon, 04 May 2026 08:00:00 +0000</pubDate>
<description><![CDATA[<p>The Tarn Valley rail line reopened on Monday morning, six weeks after a landslide buried the tracks near the village of Aske.</p><p>The first train left Aske station at 6:10 with about 80 passengers on board, the operator said.</p><p>Engineers built a concrete wall along 300 metres of the cutting to hold back the slope. "The line is safer now than it has been for fifty years," said the chief engineer, Marit Olsen.</p><p>Buses that replaced the trains during the closure will stop running on Wednesday.</p>]]></description>
</item>
<item>
<title>Trains return to Tarn Valley after six-week closure</title>
<link>BASE/2026/05/trains-return-tarn-valley</link>
<guid>BASE/2026/05/trains-return-tarn-valley</guid>
<pubDate>Mon, 04 May 2026 10:30:00 +0000</pubDate>
<description><![CDATA[<p>Trains ran again on the Tarn Valley line on Monday, six weeks after a landslide near Aske closed it.</p><p>More than 120 passengers took the first train from Aske station, according to the operator.</p><p>A concrete wall now holds back the slope along the cutting where the landslide came down. "The line is safer now than it has been for decades," said Marit Olsen, the chief engineer.</p><p>Commuters said the replacement buses had added an hour to their journeys each day.</p>]]></description>
</item>
<item>
<title>Tarn Valley commuters welcome back their trains</title>
<link>BASE/2026/05/tarn-valley-commuters</link>
<guid>BASE/2026/05/tarn-valley-commuters</guid>
<pubDate>Mon, 04 May 2026 12:00:00 +0000</pubDate>
<description><![CDATA[<p>Commuters in the Tarn Valley welcomed back their trains on Monday as the line reopened six weeks after the landslide at Aske.</p><p>The replacement buses, which added an hour to many journeys, will stop running on Wednesday, the operator said.</p><p>The repairs cost about 4 million euros, the regional transport office said, and included a concrete wall along the cutting.</p><p>Local shops in Aske said trade had fallen by half during the closure.</p>]]></description>
</item>
</channel></rss>`
