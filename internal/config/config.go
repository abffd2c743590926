// Package config is the configuration of "parallax serve": defaults, then
// a JSON file, then PARALLAX_* environment variables, then flags, each
// overriding the one before. "parallax config dump" prints the result.
package config

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"strconv"
	"strings"
	"time"
)

// Duration is a time.Duration written as "15m" in JSON.
type Duration time.Duration

// MarshalJSON writes d as "15m0s".
func (d Duration) MarshalJSON() ([]byte, error) { return json.Marshal(time.Duration(d).String()) }

// UnmarshalJSON reads "15m" (or a number of seconds).
func (d *Duration) UnmarshalJSON(b []byte) error {
	var s string
	if err := json.Unmarshal(b, &s); err != nil {
		var secs float64
		if err := json.Unmarshal(b, &secs); err != nil {
			return fmt.Errorf("a duration is a string such as \"15m\"")
		}
		*d = Duration(secs * float64(time.Second))
		return nil
	}
	v, err := time.ParseDuration(s)
	if err != nil {
		return err
	}
	*d = Duration(v)
	return nil
}

// Config is everything "parallax serve" can be told.
type Config struct {
	// Addr is where to listen. The default listens on loopback only.
	Addr string `json:"addr"`
	// DB is the SQLite file.
	DB string `json:"db"`
	// Token, when set, is the bearer token every write must carry.
	Token string `json:"token"`
	// Title names the desk on its pages.
	Title string `json:"title"`
	// Feeds are subscribed to at start (feeds already there are kept).
	Feeds []string `json:"feeds"`
	// PollInterval is how often a healthy feed is polled; MaxBackoff is
	// the longest wait after failures.
	PollInterval Duration `json:"poll_interval"`
	MaxBackoff   Duration `json:"max_backoff"`
	// Words is the length of every story's summary.
	Words int `json:"words"`
	// Window is how long a story may go quiet and still take articles.
	Window Duration `json:"window"`
	// FetchTimeout and HostDelay configure fetching (see parallax ingest).
	FetchTimeout Duration `json:"fetch_timeout"`
	HostDelay    Duration `json:"host_delay"`
	// AllowLoopback lets feeds on loopback addresses be fetched (tests,
	// a feed server on the same machine).
	AllowLoopback bool `json:"allow_loopback"`
	// LogFormat is "text" or "json"; LogLevel "debug", "info", "warn"
	// or "error".
	LogFormat string `json:"log_format"`
	LogLevel  string `json:"log_level"`
}

// Default is the configuration before any file, variable or flag.
func Default() Config {
	return Config{
		Addr:         "127.0.0.1:8080",
		DB:           "parallax.db",
		Title:        "Parallax",
		PollInterval: Duration(15 * time.Minute),
		MaxBackoff:   Duration(6 * time.Hour),
		Words:        100,
		Window:       Duration(7 * 24 * time.Hour),
		FetchTimeout: Duration(20 * time.Second),
		HostDelay:    Duration(time.Second),
		LogFormat:    "text",
		LogLevel:     "info",
	}
}

// Load reads the configuration: the defaults, then the JSON file at path
// (if path is not empty; unknown keys are an error), then the environment
// (getenv, normally os.Getenv).
func Load(path string, getenv func(string) string) (Config, error) {
	c := Default()
	if path != "" {
		b, err := os.ReadFile(path)
		if err != nil {
			return c, err
		}
		dec := json.NewDecoder(bytes.NewReader(b))
		dec.DisallowUnknownFields()
		if err := dec.Decode(&c); err != nil {
			return c, fmt.Errorf("%s: %w", path, err)
		}
	}
	if err := c.applyEnv(getenv); err != nil {
		return c, err
	}
	return c, c.Validate()
}

// Env are the environment variables read, and the field each sets.
var Env = []struct{ Name, Key string }{
	{"PARALLAX_ADDR", "addr"}, {"PARALLAX_DB", "db"}, {"PARALLAX_TOKEN", "token"}, {"PARALLAX_TITLE", "title"},
	{"PARALLAX_FEEDS", "feeds (space-separated URLs)"}, {"PARALLAX_POLL_INTERVAL", "poll_interval"},
	{"PARALLAX_MAX_BACKOFF", "max_backoff"}, {"PARALLAX_WORDS", "words"}, {"PARALLAX_WINDOW", "window"},
	{"PARALLAX_FETCH_TIMEOUT", "fetch_timeout"}, {"PARALLAX_HOST_DELAY", "host_delay"},
	{"PARALLAX_ALLOW_LOOPBACK", "allow_loopback"}, {"PARALLAX_LOG_FORMAT", "log_format"}, {"PARALLAX_LOG_LEVEL", "log_level"},
}

func (c *Config) applyEnv(getenv func(string) string) error {
	for _, e := range Env {
		v := getenv(e.Name)
		if v == "" {
			continue
		}
		var err error
		switch e.Name {
		case "PARALLAX_ADDR":
			c.Addr = v
		case "PARALLAX_DB":
			c.DB = v
		case "PARALLAX_TOKEN":
			c.Token = v
		case "PARALLAX_TITLE":
			c.Title = v
		case "PARALLAX_FEEDS":
			c.Feeds = strings.Fields(v)
		case "PARALLAX_POLL_INTERVAL":
			err = setDuration(&c.PollInterval, v)
		case "PARALLAX_MAX_BACKOFF":
			err = setDuration(&c.MaxBackoff, v)
		case "PARALLAX_WINDOW":
			err = setDuration(&c.Window, v)
		case "PARALLAX_FETCH_TIMEOUT":
			err = setDuration(&c.FetchTimeout, v)
		case "PARALLAX_HOST_DELAY":
			err = setDuration(&c.HostDelay, v)
		case "PARALLAX_WORDS":
			c.Words, err = strconv.Atoi(v)
		case "PARALLAX_ALLOW_LOOPBACK":
			c.AllowLoopback, err = strconv.ParseBool(v)
		case "PARALLAX_LOG_FORMAT":
			c.LogFormat = v
		case "PARALLAX_LOG_LEVEL":
			c.LogLevel = v
		}
		if err != nil {
			return fmt.Errorf("%s=%q: %w", e.Name, v, err)
		}
	}
	return nil
}

func setDuration(d *Duration, v string) error {
	t, err := time.ParseDuration(v)
	if err == nil {
		*d = Duration(t)
	}
	return err
}

// Validate checks the values that would fail later, less clearly.
func (c Config) Validate() error {
	switch {
	case c.Addr == "":
		return fmt.Errorf("addr is empty")
	case c.DB == "":
		return fmt.Errorf("db is empty")
	case c.PollInterval < Duration(time.Second):
		return fmt.Errorf("poll_interval %s is shorter than a second", time.Duration(c.PollInterval))
	case c.Words < 10 || c.Words > 2000:
		return fmt.Errorf("words %d is not between 10 and 2000", c.Words)
	case c.LogFormat != "text" && c.LogFormat != "json":
		return fmt.Errorf("log_format %q is neither text nor json", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("log_level %q is not debug, info, warn or error", c.LogLevel)
	}
	return nil
}

// Redacted is c with the token hidden, for printing.
func (c Config) Redacted() Config {
	if c.Token != "" {
		c.Token = "(set)"
	}
	return c
}
