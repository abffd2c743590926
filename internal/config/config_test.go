package config

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"
)

func TestLoad(t *testing.T) {
	dir := t.TempDir()
	file := filepath.Join(dir, "parallax.json")
	os.WriteFile(file, []byte(`{"addr": ":9000", "poll_interval": "5m", "feeds": ["https://example.org/a.rss"], "words": 80}`), 0o644)
	env := map[string]string{"PARALLAX_ADDR": "127.0.0.1:7000", "PARALLAX_TOKEN": "s3cret", "PARALLAX_ALLOW_LOOPBACK": "true"}
	c, err := Load(file, func(k string) string { return env[k] })
	if err != nil {
		t.Fatal(err)
	}
	if c.Addr != "127.0.0.1:7000" || c.Token != "s3cret" || !c.AllowLoopback {
		t.Errorf("environment did not override: %+v", c)
	}
	if time.Duration(c.PollInterval) != 5*time.Minute || c.Words != 80 || len(c.Feeds) != 1 || c.DB != "parallax.db" {
		t.Errorf("file or defaults lost: %+v", c)
	}
	if c.Redacted().Token != "(set)" {
		t.Errorf("token not redacted")
	}

	bad := []struct {
		name, file string
		env        map[string]string
		want       string
	}{
		{"unknown key", `{"adr": ":1"}`, nil, "unknown field"},
		{"bad duration", `{"poll_interval": "soon"}`, nil, "duration"},
		{"bad env", `{}`, map[string]string{"PARALLAX_WORDS": "many"}, "PARALLAX_WORDS"},
		{"too few words", `{"words": 3}`, nil, "words"},
		{"log format", `{"log_format": "xml"}`, nil, "log_format"},
		{"not JSON", `addr = ":1"`, nil, "invalid character"},
	}
	for _, tc := range bad {
		p := filepath.Join(dir, "bad.json")
		os.WriteFile(p, []byte(tc.file), 0o644)
		_, err := Load(p, func(k string) string { return tc.env[k] })
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want it to mention %q", tc.name, err, tc.want)
		}
	}
	if _, err := Load(filepath.Join(dir, "missing.json"), os.Getenv); err == nil {
		t.Errorf("a missing file should be an error")
	}
}
