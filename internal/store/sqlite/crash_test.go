package sqlite

import (
	"bufio"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/store"
)

// crashEnv names the store file of the child process of TestCrash.
const crashEnv = "PARALLAX_SQLITE_CRASH_DB"

const (
	crashFirst  = 200   // articles of the batch that commits
	crashSecond = 20000 // articles of the batch under way at the kill
)

// crashArticle is the i-th article of a batch, with ~3 KB of text.
func crashArticle(batch string, i int) store.Article {
	return art(fmt.Sprintf("%s-%05d", batch, i), inStory(fmt.Sprintf("%s-story-%d", batch, i%10)),
		outlet(fmt.Sprint("outlet-", i%7)), func(a *store.Article) {
			a.Body = strings.Repeat(fmt.Sprintf("Paragraph %d of batch %s, with words to index. ", i, batch), 50)
		})
}

// TestHelperProcess is the child of TestCrash: it commits a batch, says
// "committed", and starts a long second batch, in which it is killed.
func TestHelperProcess(t *testing.T) {
	path := os.Getenv(crashEnv)
	if path == "" {
		t.Skip("the child process of TestCrash")
	}
	s, err := Open(path)
	if err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	var first, second []store.Article
	for i := range crashFirst {
		first = append(first, crashArticle("first", i))
	}
	for i := range crashSecond {
		second = append(second, crashArticle("second", i))
	}
	if n, err := s.AddArticles(ctx, first); err != nil || n != crashFirst {
		fmt.Println("error:", n, err)
		os.Exit(2)
	}
	fmt.Println("committed")
	if _, err := s.AddArticles(ctx, second); err != nil {
		fmt.Println("error:", err)
		os.Exit(2)
	}
	fmt.Println("second batch done") // too early a finish: the kill came late
	os.Exit(3)
}

// TestCrash: what AddArticles committed survives a SIGKILL of the process
// in the middle of the next AddArticles, once, and the file is sound.
func TestCrash(t *testing.T) {
	if testing.Short() {
		t.Skip("-short")
	}
	path := filepath.Join(t.TempDir(), "crash.db")
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperProcess$", "-test.count=1")
	cmd.Env = append(os.Environ(), crashEnv+"="+path)
	cmd.Stderr = os.Stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	sc := bufio.NewScanner(out)
	committed := false
	for sc.Scan() {
		line := sc.Text()
		if line == "committed" {
			committed = true
			break
		}
		if strings.HasPrefix(line, "error:") {
			break
		}
	}
	if !committed {
		cmd.Process.Kill()
		cmd.Wait()
		t.Fatal("the child did not commit its first batch")
	}
	// Let the second batch get under way (its transaction writes to the
	// WAL as the page cache spills), then kill.
	time.Sleep(300 * time.Millisecond)
	if err := cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatal(err)
	}
	for sc.Scan() {
		if line := sc.Text(); line != "" {
			t.Errorf("child after the kill: %s", line)
		}
	}
	err = cmd.Wait()
	if ws, ok := cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("child was not killed: %v", err)
	}
	if fi, err := os.Stat(path + "-wal"); err == nil {
		t.Logf("WAL at the kill: %d bytes", fi.Size()) // uncommitted frames of the second batch too
	}

	s, err := Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer s.Close()
	checkIntegrity(t, s)
	all, err := s.ArticlesSince(ctx, 0, 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	seen := map[string]int{}
	for _, a := range all {
		seen[a.ID]++
		if strings.HasPrefix(a.ID, "second-") {
			t.Fatalf("article %s of the killed batch is stored", a.ID)
		}
	}
	if len(all) != crashFirst {
		t.Errorf("%d articles after the crash, want %d", len(all), crashFirst)
	}
	for i := range crashFirst {
		want := crashArticle("first", i)
		if seen[want.ID] != 1 {
			t.Errorf("article %s stored %d times", want.ID, seen[want.ID])
		}
	}
	if got, err := s.Article(ctx, "first-00007"); err != nil || got.Body != crashArticle("first", 7).Body {
		t.Errorf("article after the crash: %v", err)
	}
	stories, err := s.Stories(ctx, store.StoryFilter{Limit: 500})
	if err != nil || len(stories) != 10 {
		t.Errorf("%d stories after the crash, %v", len(stories), err)
	}
	for _, st := range stories {
		if st.Articles != crashFirst/10 || st.Version != 1 || !st.Stale {
			t.Errorf("story after the crash: %+v", st)
		}
	}
	if hits, err := s.Search(ctx, "paragraph", 10); err != nil || len(hits) != 10 {
		t.Errorf("search after the crash: %d hits, %v", len(hits), err)
	}
	// And it takes writes again.
	if n, err := s.AddArticles(ctx, []store.Article{crashArticle("second", 0), crashArticle("first", 0)}); err != nil || n != 1 {
		t.Errorf("AddArticles after the crash = %d, %v", n, err)
	}
}
