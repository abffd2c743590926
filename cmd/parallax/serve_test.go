package main

import (
	"bufio"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"
)

// TestHelperServe is not a test: it is "parallax serve" run in a child
// process by TestServeKilledDuringIngest.
func TestHelperServe(t *testing.T) {
	if os.Getenv("PARALLAX_TEST_SERVE") != "1" {
		t.Skip("runs only as the child of TestServeKilledDuringIngest")
	}
	e := &env{stdin: os.Stdin, stdout: os.Stdout, stderr: os.Stderr}
	os.Exit(run(context.Background(), e, []string{"serve", "--addr", "127.0.0.1:0", "--db", os.Getenv("PARALLAX_TEST_DB")}))
}

// feedFarm serves feeds/N.rss for N < feeds, each of perFeed invented
// items, slowly: long enough for an ingest to be killed half way.
func feedFarm(t *testing.T, feeds, perFeed int, delay time.Duration) *httptest.Server {
	topics := []string{"harbour fees", "ferry timetable", "glacier museum", "bridge repairs", "school meals", "river flood"}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var n int
		if _, err := fmt.Sscanf(r.URL.Path, "/feeds/%d.rss", &n); err != nil {
			http.NotFound(w, r)
			return
		}
		time.Sleep(delay)
		w.Header().Set("Content-Type", "application/rss+xml")
		fmt.Fprintf(w, `<?xml version="1.0"?><rss version="2.0"><channel><title>Outlet %d</title>`, n)
		for i := 0; i < perFeed; i++ {
			topic := topics[(n+i)%len(topics)]
			fmt.Fprintf(w, `<item><title>%s, report %d-%d</title><guid>f%d-i%d</guid><pubDate>Mon, 02 Mar 2026 %02d:%02d:00 GMT</pubDate><description>`+
				`The council of Varrow discussed the %s on Monday, outlet %d reported in its item %d. Councillor Edda Brunn said a decision on the %s would come within %d days, and residents asked for a public meeting first.</description></item>`,
				topic, n, i, n, i, i%24, n%60, topic, n, i, topic, 10+i)
		}
		fmt.Fprint(w, `</channel></rss>`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

// child is a running "parallax serve".
type child struct {
	cmd  *exec.Cmd
	base string
}

func startServe(t *testing.T, db string, feeds []string) *child {
	t.Helper()
	cmd := exec.Command(os.Args[0], "-test.run=^TestHelperServe$")
	cmd.Env = append(os.Environ(), "PARALLAX_TEST_SERVE=1", "PARALLAX_TEST_DB="+db, "PARALLAX_ALLOW_LOOPBACK=true",
		"PARALLAX_HOST_DELAY=1ms", "PARALLAX_POLL_INTERVAL=1h", "PARALLAX_FEEDS="+strings.Join(feeds, " "), "PARALLAX_LOG_LEVEL=warn")
	stderr, err := cmd.StderrPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	addr := make(chan string, 1)
	go func() {
		sc := bufio.NewScanner(stderr)
		re := regexp.MustCompile(`listening on (http://\S+)`)
		for sc.Scan() {
			if m := re.FindStringSubmatch(sc.Text()); m != nil {
				addr <- m[1]
			}
		}
	}()
	select {
	case a := <-addr:
		return &child{cmd: cmd, base: a}
	case <-time.After(30 * time.Second):
		cmd.Process.Kill()
		t.Fatal("parallax serve did not start listening within 30 s")
	}
	return nil
}

// articleIDs lists the stored articles through the API.
func (c *child) articleIDs(t *testing.T) []string {
	t.Helper()
	resp, err := http.Get(c.base + "/api/articles?limit=500")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	var v struct{ Articles []struct{ ID string } }
	b, _ := io.ReadAll(resp.Body)
	json.Unmarshal(b, &v)
	ids := make([]string, len(v.Articles))
	for i, a := range v.Articles {
		ids[i] = a.ID
	}
	return ids
}

// TestServeKilledDuringIngest kills the server with SIGKILL while it is
// storing the articles of 40 feeds, starts it again on the same file, and
// checks that every article committed before the kill is still there,
// none twice, and that the second run finishes the work.
func TestServeKilledDuringIngest(t *testing.T) {
	if testing.Short() {
		t.Skip("starts servers in child processes")
	}
	const feeds, perFeed = 40, 10
	farm := feedFarm(t, feeds, perFeed, 80*time.Millisecond)
	var urls []string
	for i := 0; i < feeds; i++ {
		urls = append(urls, fmt.Sprintf("%s/feeds/%d.rss", farm.URL, i))
	}
	db := filepath.Join(t.TempDir(), "desk.db")

	first := startServe(t, db, urls)
	var before []string
	deadline := time.Now().Add(60 * time.Second)
	for time.Now().Before(deadline) {
		ids := first.articleIDs(t)
		if len(ids) >= perFeed*3 {
			before = ids
			break
		}
		time.Sleep(10 * time.Millisecond)
	}
	first.cmd.Process.Signal(syscall.SIGKILL)
	first.cmd.Wait()
	if len(before) == 0 || len(before) >= feeds*perFeed {
		t.Fatalf("the kill did not land during ingest: %d of %d articles stored", len(before), feeds*perFeed)
	}
	t.Logf("killed with %d of %d articles stored", len(before), feeds*perFeed)

	second := startServe(t, db, urls)
	defer func() {
		second.cmd.Process.Signal(syscall.SIGTERM)
		if err := second.cmd.Wait(); err != nil {
			t.Errorf("after SIGTERM: %v (want a clean exit)", err)
		}
	}()
	var after []string
	deadline = time.Now().Add(90 * time.Second)
	for time.Now().Before(deadline) {
		if after = second.articleIDs(t); len(after) >= feeds*perFeed {
			break
		}
		time.Sleep(50 * time.Millisecond)
	}
	seen := map[string]int{}
	for _, id := range after {
		seen[id]++
	}
	for id, n := range seen {
		if n > 1 {
			t.Errorf("article %s stored %d times", id, n)
		}
	}
	for _, id := range before {
		if seen[id] == 0 {
			t.Errorf("article %s, committed before the kill, is lost", id)
		}
	}
	if len(seen) != feeds*perFeed {
		t.Errorf("%d distinct articles after the restart, want %d", len(seen), feeds*perFeed)
	}
	// Every story gets its digest.
	deadline = time.Now().Add(60 * time.Second)
	for {
		resp, err := http.Get(second.base + "/api/stories?limit=500")
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if !strings.Contains(string(b), `"stale":true`) {
			break
		}
		if time.Now().After(deadline) {
			t.Errorf("stories still stale a minute after the restart: %.300s", b)
			break
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestConfigDump(t *testing.T) {
	t.Setenv("PARALLAX_TOKEN", "s3cret")
	t.Setenv("PARALLAX_POLL_INTERVAL", "5m")
	code, out, errOut := runCmd(t, "", "config", "dump", "--addr", "127.0.0.1:9999")
	if code != exitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var c struct {
		Addr, Token, DB string
		PollInterval    string `json:"poll_interval"`
	}
	if err := json.NewDecoder(strings.NewReader(out)).Decode(&c); err != nil {
		t.Fatalf("not JSON: %v\n%s", err, out)
	}
	if c.Addr != "127.0.0.1:9999" || c.Token != "(set)" || c.DB != "parallax.db" || c.PollInterval != "5m0s" {
		t.Errorf("config %+v", c)
	}
	if strings.Contains(out, "s3cret") {
		t.Errorf("the token is printed")
	}
	t.Setenv("PARALLAX_WORDS", "lots")
	if code, _, errOut := runCmd(t, "", "config", "dump"); code != exitUsage || !strings.Contains(errOut, "PARALLAX_WORDS") {
		t.Errorf("a bad variable: exit %d, %q", code, errOut)
	}
	if code, _, _ := runCmd(t, "", "config"); code != exitUsage {
		t.Errorf("config without dump: exit %d", code)
	}
}
