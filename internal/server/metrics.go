package server

import (
	"fmt"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"
)

// Metrics is a small registry of counters and gauges, written in the
// Prometheus text format at /metrics. (The Prometheus client library is
// more than a dozen counters need.)
type Metrics struct {
	mu       sync.Mutex
	help     map[string]string
	kind     map[string]string             // "counter" or "gauge"
	values   map[string]map[string]float64 // name -> labels -> value
	gaugeFns map[string]func() float64
}

// NewMetrics returns an empty registry.
func NewMetrics() *Metrics {
	return &Metrics{help: map[string]string{}, kind: map[string]string{}, values: map[string]map[string]float64{}, gaugeFns: map[string]func() float64{}}
}

// labels renders label pairs ("code", "200", …) as {code="200",…}.
func labels(kv ...string) string {
	if len(kv) == 0 {
		return ""
	}
	var b strings.Builder
	b.WriteByte('{')
	for i := 0; i+1 < len(kv); i += 2 {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(kv[i])
		b.WriteString(`="`)
		b.WriteString(strings.NewReplacer(`\`, `\\`, `"`, `\"`, "\n", `\n`).Replace(kv[i+1]))
		b.WriteByte('"')
	}
	b.WriteByte('}')
	return b.String()
}

// Add adds delta to the counter name with the given label pairs.
func (m *Metrics) Add(name, help string, delta float64, kv ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.help[name], m.kind[name] = help, "counter"
	if m.values[name] == nil {
		m.values[name] = map[string]float64{}
	}
	m.values[name][labels(kv...)] += delta
}

// Set sets the gauge name with the given label pairs.
func (m *Metrics) Set(name, help string, v float64, kv ...string) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.help[name], m.kind[name] = help, "gauge"
	if m.values[name] == nil {
		m.values[name] = map[string]float64{}
	}
	m.values[name][labels(kv...)] = v
}

// GaugeFunc registers a gauge read when the metrics are scraped.
func (m *Metrics) GaugeFunc(name, help string, f func() float64) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.help[name], m.kind[name] = help, "gauge"
	m.gaugeFns[name] = f
}

// ServeHTTP writes every metric in the Prometheus text format, sorted.
func (m *Metrics) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	m.mu.Lock()
	names := make([]string, 0, len(m.kind))
	for n := range m.kind {
		names = append(names, n)
	}
	sort.Strings(names)
	var b strings.Builder
	for _, n := range names {
		fmt.Fprintf(&b, "# HELP %s %s\n# TYPE %s %s\n", n, m.help[n], n, m.kind[n])
		if f := m.gaugeFns[n]; f != nil {
			fmt.Fprintf(&b, "%s %s\n", n, strconv.FormatFloat(f(), 'g', -1, 64))
			continue
		}
		ls := make([]string, 0, len(m.values[n]))
		for l := range m.values[n] {
			ls = append(ls, l)
		}
		sort.Strings(ls)
		for _, l := range ls {
			fmt.Fprintf(&b, "%s%s %s\n", n, l, strconv.FormatFloat(m.values[n][l], 'g', -1, 64))
		}
	}
	m.mu.Unlock()
	w.Header().Set("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
	w.Write([]byte(b.String()))
}

// statusWriter records the status code a handler wrote.
type statusWriter struct {
	http.ResponseWriter
	code int
}

func (w *statusWriter) WriteHeader(code int) {
	w.code = code
	w.ResponseWriter.WriteHeader(code)
}

func (w *statusWriter) Write(b []byte) (int, error) {
	if w.code == 0 {
		w.code = http.StatusOK
	}
	return w.ResponseWriter.Write(b)
}

func (w *statusWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// instrument logs every request and counts it by route pattern and status.
func (s *Server) instrument(h http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		sw := &statusWriter{ResponseWriter: w}
		h.ServeHTTP(sw, r)
		if sw.code == 0 {
			sw.code = http.StatusOK
		}
		route := r.Pattern
		if route == "" {
			route = "unmatched"
		}
		elapsed := time.Since(start)
		s.metrics.Add("parallax_http_requests_total", "HTTP requests by route and status.", 1, "route", route, "code", strconv.Itoa(sw.code))
		s.metrics.Add("parallax_http_request_seconds_total", "Time spent serving HTTP requests, by route.", elapsed.Seconds(), "route", route)
		s.log.Info("request", "method", r.Method, "path", r.URL.Path, "route", route, "status", sw.code, "duration_ms", float64(elapsed.Microseconds())/1000)
	})
}
