package fetch

import (
	"compress/gzip"
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"io"
	"mime"
	"net"
	"net/http"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"time"

	"code.dny.dev/ssrf"
	"golang.org/x/time/rate"
)

// UserAgent is sent with every request unless Options.UserAgent is set.
const UserAgent = "Parallax/0.1 (+https://github.com/parallaxnews/parallax)"

// Statuses of a fetch, as Result.Status reports them. An HTTP error status
// is "http_" and its code, such as "http_404".
const (
	StatusOK               = "ok"
	StatusTimeout          = "timeout"
	StatusTooLarge         = "too_large"
	StatusNotHTML          = "not_html"
	StatusRobots           = "robots_disallowed"
	StatusRedirectLoop     = "redirect_loop"
	StatusTooManyRedirects = "too_many_redirects"
	StatusDNS              = "dns_error"
	StatusPrivate          = "refused_private_address"
	StatusPort             = "refused_port"
	StatusBadURL           = "bad_url"
	StatusConnRefused      = "connection_refused"
	StatusTLS              = "tls_error"
	StatusNetwork          = "network_error"
	StatusBadEncoding      = "bad_encoding"
	StatusCanceled         = "canceled"
)

// Options configure a Client. The zero value is ready to use with the
// defaults given for each field.
type Options struct {
	// Timeout bounds one request, reading of the body included
	// (default 20s).
	Timeout time.Duration
	// MaxBytes bounds a response body after decompression (default
	// 10 MB); reading stops there and the result is "too_large".
	MaxBytes int64
	// MaxRedirects is the number of redirects followed (default 10).
	MaxRedirects int
	// UserAgent replaces the default [UserAgent].
	UserAgent string
	// Retries is how many times a 429 or 5xx answer is retried (default
	// 2; negative for none).
	Retries int
	// RetryBase is the first backoff, doubled on each retry (default 1s).
	// A Retry-After header is honoured instead when present.
	RetryBase time.Duration
	// MaxRetryAfter is the longest Retry-After waited for (default 30s);
	// a longer one ends the retries.
	MaxRetryAfter time.Duration
	// HostDelay is the least time between two requests to one host
	// (default 1s; negative for none).
	HostDelay time.Duration
	// IgnoreRobots skips robots.txt. Only for tests and for pages the
	// caller owns.
	IgnoreRobots bool
	// AllowLoopback allows loopback addresses (127.0.0.0/8, ::1), which
	// are refused otherwise, as private, link-local and other special
	// addresses always are. For tests against local servers.
	AllowLoopback bool
	// Types are the media types accepted (default text/html,
	// application/xhtml+xml and text/plain); others give "not_html".
	Types []string
}

// Result is the outcome of one fetch. Status is always set; Err says more
// when it is not "ok".
type Result struct {
	URL        string // as requested
	FinalURL   string // after redirects
	Status     string
	StatusCode int // the last HTTP status code, 0 when none came
	// ContentType is the media type without parameters.
	ContentType string
	// Charset is the encoding the body was decoded from.
	Charset string
	// Body is the response body, decompressed, as received.
	Body []byte
	// Text is Body decoded to UTF-8 ("ok" results only).
	Text     string
	Attempts int
	Err      error
}

// Client fetches pages. It is safe for concurrent use.
type Client struct {
	opt  Options
	http *http.Client

	mu    sync.Mutex
	hosts map[string]*host
}

type host struct {
	lim *rate.Limiter
	// robots is filled once per host, when it is read (or found missing);
	// a failure to reach the host is not kept, so a later fetch tries
	// again.
	robotsMu   sync.Mutex
	robotsDone bool
	robots     robotsRules
}

// New returns a client with opt, its zero fields set to their defaults.
func New(opt Options) *Client {
	if opt.Timeout <= 0 {
		opt.Timeout = 20 * time.Second
	}
	if opt.MaxBytes <= 0 {
		opt.MaxBytes = 10 << 20
	}
	if opt.MaxRedirects <= 0 {
		opt.MaxRedirects = 10
	}
	if opt.UserAgent == "" {
		opt.UserAgent = UserAgent
	}
	if opt.Retries == 0 {
		opt.Retries = 2
	} else if opt.Retries < 0 {
		opt.Retries = 0
	}
	if opt.RetryBase <= 0 {
		opt.RetryBase = time.Second
	}
	if opt.MaxRetryAfter <= 0 {
		opt.MaxRetryAfter = 30 * time.Second
	}
	if opt.HostDelay == 0 {
		opt.HostDelay = time.Second
	}
	if len(opt.Types) == 0 {
		opt.Types = []string{"text/html", "application/xhtml+xml", "text/plain"}
	}
	// Any port: the guard is on addresses. (ssrf's default of 80 and 443
	// alone would refuse news sites served on 8080 and the like.)
	gopts := []ssrf.Option{ssrf.WithAnyPort()}
	if opt.AllowLoopback {
		gopts = append(gopts,
			ssrf.WithAllowedV4Prefixes(netip.MustParsePrefix("127.0.0.0/8")),
			ssrf.WithAllowedV6Prefixes(netip.MustParsePrefix("::1/128")))
	}
	guard := ssrf.New(gopts...)
	dialer := &net.Dialer{Timeout: 10 * time.Second, Control: guard.Safe}
	tr := &http.Transport{
		Proxy:                 nil, // a proxy would dial on our behalf, past the guard
		DialContext:           dialer.DialContext,
		TLSHandshakeTimeout:   10 * time.Second,
		ResponseHeaderTimeout: opt.Timeout,
		MaxIdleConnsPerHost:   2,
		IdleConnTimeout:       30 * time.Second,
		DisableCompression:    true, // we ask for gzip and bound what it inflates to
	}
	c := &Client{opt: opt, hosts: make(map[string]*host)}
	c.http = &http.Client{Transport: tr, CheckRedirect: c.checkRedirect}
	return c
}

var (
	errRedirectLoop     = errors.New("redirect loop")
	errTooManyRedirects = errors.New("too many redirects")
	errRobots           = errors.New("disallowed by robots.txt")
	errTooLarge         = errors.New("response larger than the size limit")
)

func (c *Client) checkRedirect(req *http.Request, via []*http.Request) error {
	for _, v := range via {
		if v.URL.String() == req.URL.String() {
			return fmt.Errorf("%w: %s", errRedirectLoop, req.URL)
		}
	}
	if len(via) > c.opt.MaxRedirects {
		return fmt.Errorf("%w (%d)", errTooManyRedirects, c.opt.MaxRedirects)
	}
	if req.URL.Scheme != "http" && req.URL.Scheme != "https" {
		return fmt.Errorf("redirect to unsupported scheme %q", req.URL.Scheme)
	}
	if !c.opt.IgnoreRobots {
		if st, err := c.robotsAllowed(req.Context(), req.URL); err != nil {
			return err
		} else if st != "" {
			return fmt.Errorf("%w: %s (robots.txt of %s)", errRobots, st, req.URL.Host)
		}
	}
	return c.wait(req.Context(), req.URL)
}

// hostOf returns the state kept for u's host.
func (c *Client) hostOf(u *url.URL) *host {
	key := strings.ToLower(u.Scheme + "://" + u.Host)
	c.mu.Lock()
	defer c.mu.Unlock()
	h := c.hosts[key]
	if h == nil {
		lim := rate.NewLimiter(rate.Inf, 1)
		if c.opt.HostDelay > 0 {
			lim = rate.NewLimiter(rate.Every(c.opt.HostDelay), 1)
		}
		h = &host{lim: lim}
		c.hosts[key] = h
	}
	return h
}

// wait holds back until a request to u's host is polite.
func (c *Client) wait(ctx context.Context, u *url.URL) error {
	return c.hostOf(u).lim.Wait(ctx)
}

// Get fetches rawURL: robots.txt first, then the page, with retries on 429
// and 5xx. It never returns a nil result or panics on bad input.
func (c *Client) Get(ctx context.Context, rawURL string) *Result {
	res := &Result{URL: rawURL}
	u, err := parseURL(rawURL)
	if err != nil {
		res.Status, res.Err = StatusBadURL, err
		return res
	}
	res.FinalURL = u.String()
	if !c.opt.IgnoreRobots {
		st, err := c.robotsAllowed(ctx, u)
		if err != nil {
			res.Status, res.Err = classify(ctx, err), fmt.Errorf("robots.txt: %w", err)
			return res
		}
		if st != "" {
			res.Status, res.Err = StatusRobots, fmt.Errorf("%w (%s)", errRobots, st)
			return res
		}
	}
	for attempt := 0; ; attempt++ {
		res.Attempts = attempt + 1
		retry, after := c.once(ctx, u, res)
		if !retry || attempt >= c.opt.Retries {
			return res
		}
		wait := c.opt.RetryBase << attempt
		if after > 0 {
			if after > c.opt.MaxRetryAfter {
				return res
			}
			wait = after
		}
		t := time.NewTimer(wait)
		select {
		case <-ctx.Done():
			t.Stop()
			res.Status, res.Err = classify(ctx, ctx.Err()), ctx.Err()
			return res
		case <-t.C:
		}
	}
}

func parseURL(raw string) (*url.URL, error) {
	if strings.TrimSpace(raw) != raw || raw == "" {
		return nil, fmt.Errorf("bad URL %q", raw)
	}
	u, err := url.Parse(raw)
	if err != nil {
		return nil, err
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("bad URL %q: scheme must be http or https", raw)
	}
	if u.Hostname() == "" {
		return nil, fmt.Errorf("bad URL %q: no host", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("bad URL %q: credentials in URLs are not sent", raw)
	}
	u.Fragment = ""
	return u, nil
}

// once makes one attempt, filling res. It says whether a retry may help,
// and after how long the server asked to wait (0 when it did not).
func (c *Client) once(ctx context.Context, u *url.URL, res *Result) (retry bool, after time.Duration) {
	*res = Result{URL: res.URL, FinalURL: u.String(), Attempts: res.Attempts}
	if err := c.wait(ctx, u); err != nil {
		res.Status, res.Err = classify(ctx, err), err
		return false, 0
	}
	actx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, u.String(), nil)
	if err != nil {
		res.Status, res.Err = StatusBadURL, err
		return false, 0
	}
	req.Header.Set("User-Agent", c.opt.UserAgent)
	req.Header.Set("Accept", "text/html,application/xhtml+xml;q=0.9,text/plain;q=0.8,*/*;q=0.5")
	req.Header.Set("Accept-Encoding", "gzip")
	resp, err := c.http.Do(req)
	if err != nil {
		res.Status, res.Err = classify(ctx, err), err
		return false, 0
	}
	defer resp.Body.Close()
	res.FinalURL = resp.Request.URL.String()
	res.StatusCode = resp.StatusCode
	if resp.StatusCode < 200 || resp.StatusCode > 299 {
		res.Status = "http_" + strconv.Itoa(resp.StatusCode)
		res.Err = fmt.Errorf("HTTP %s", resp.Status)
		io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10)) // lets the connection be reused
		if resp.StatusCode == http.StatusTooManyRequests || resp.StatusCode >= 500 && resp.StatusCode != http.StatusNotImplemented {
			return true, retryAfter(resp.Header.Get("Retry-After"), time.Now())
		}
		return false, 0
	}
	mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type"))
	res.ContentType = mt
	if mt != "" && !c.accepts(mt) {
		res.Status, res.Err = StatusNotHTML, fmt.Errorf("content type %s", mt)
		return false, 0
	}
	if resp.ContentLength > c.opt.MaxBytes && resp.Header.Get("Content-Encoding") == "" {
		res.Status, res.Err = StatusTooLarge, fmt.Errorf("%w: %d bytes announced, limit %d", errTooLarge, resp.ContentLength, c.opt.MaxBytes)
		return false, 0
	}
	body, err := c.readBody(resp)
	if err != nil {
		res.Status, res.Err = classify(ctx, err), err
		return false, 0
	}
	res.Body = body
	if looksBinary(body) {
		res.Status, res.Err = StatusNotHTML, fmt.Errorf("binary content served as %s", orUnknown(mt))
		return false, 0
	}
	text, cs := decodeText(body, resp.Header.Get("Content-Type"))
	res.Text, res.Charset = text, cs
	res.Status = StatusOK
	return false, 0
}

func orUnknown(s string) string {
	if s == "" {
		return "an unknown type"
	}
	return s
}

func (c *Client) accepts(mt string) bool {
	for _, t := range c.opt.Types {
		if strings.EqualFold(t, mt) {
			return true
		}
	}
	return false
}

// readBody reads the body, inflating gzip, and stops at MaxBytes.
func (c *Client) readBody(resp *http.Response) ([]byte, error) {
	var r io.Reader = resp.Body
	switch enc := strings.ToLower(strings.TrimSpace(resp.Header.Get("Content-Encoding"))); enc {
	case "", "identity":
	case "gzip", "x-gzip":
		// The compressed stream is bounded too, so that a slow trickle of
		// it cannot run past the limit either.
		zr, err := gzip.NewReader(io.LimitReader(resp.Body, c.opt.MaxBytes+1))
		if err != nil {
			return nil, fmt.Errorf("%w: gzip: %v", errBadEncoding, err)
		}
		defer zr.Close()
		r = zr
	default:
		return nil, fmt.Errorf("%w: content encoding %q", errBadEncoding, enc)
	}
	b, err := io.ReadAll(io.LimitReader(r, c.opt.MaxBytes+1))
	if int64(len(b)) > c.opt.MaxBytes {
		return nil, fmt.Errorf("%w (%d bytes)", errTooLarge, c.opt.MaxBytes)
	}
	if err != nil {
		if errors.Is(err, gzip.ErrChecksum) || errors.Is(err, gzip.ErrHeader) || errors.Is(err, io.ErrUnexpectedEOF) && resp.Header.Get("Content-Encoding") != "" {
			return nil, fmt.Errorf("%w: gzip: %v", errBadEncoding, err)
		}
		return nil, err
	}
	return b, nil
}

var errBadEncoding = errors.New("bad content encoding")

// retryAfter reads a Retry-After header: seconds or an HTTP date.
func retryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if n, err := strconv.Atoi(v); err == nil {
		if n < 0 {
			return 0
		}
		if n > 86400 {
			n = 86400
		}
		return time.Duration(n) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil {
		if d := t.Sub(now); d > 0 {
			return d
		}
	}
	return 0
}

// classify names the status of a failed request.
func classify(ctx context.Context, err error) string {
	var dnsErr *net.DNSError
	var certErr *tls.CertificateVerificationError
	switch {
	case errors.Is(err, errRedirectLoop):
		return StatusRedirectLoop
	case errors.Is(err, errTooManyRedirects):
		return StatusTooManyRedirects
	case errors.Is(err, errRobots):
		return StatusRobots
	case errors.Is(err, errTooLarge):
		return StatusTooLarge
	case errors.Is(err, errBadEncoding):
		return StatusBadEncoding
	case errors.Is(err, ssrf.ErrProhibitedIP), errors.Is(err, ssrf.ErrProhibitedNetwork):
		return StatusPrivate
	case errors.Is(err, ssrf.ErrProhibitedPort):
		return StatusPort
	case ctx.Err() != nil && errors.Is(ctx.Err(), context.Canceled):
		return StatusCanceled
	case errors.Is(err, context.DeadlineExceeded), strings.Contains(err.Error(), "would exceed context deadline"):
		return StatusTimeout
	case errors.As(err, &dnsErr):
		return StatusDNS
	case errors.As(err, &certErr):
		return StatusTLS
	case strings.Contains(err.Error(), "connection refused"):
		return StatusConnRefused
	}
	var ne net.Error
	if errors.As(err, &ne) && ne.Timeout() {
		return StatusTimeout
	}
	var ue *url.Error
	if errors.As(err, &ue) && strings.Contains(ue.Err.Error(), "unsupported scheme") {
		return StatusBadURL
	}
	return StatusNetwork
}

// looksBinary reports whether the start of b is not text: NUL bytes or
// many control characters.
func looksBinary(b []byte) bool {
	head := b[:min(len(b), 1024)]
	if len(head) >= 2 && (head[0] == 0xFF && head[1] == 0xFE || head[0] == 0xFE && head[1] == 0xFF) {
		return false // UTF-16 with a BOM
	}
	ctl := 0
	for _, c := range head {
		if c == 0 {
			return true
		}
		if c < 0x20 && c != '\t' && c != '\n' && c != '\r' && c != '\f' {
			ctl++
		}
	}
	return ctl > len(head)/20+1
}

// Error is a failed fetch as an error: its Status names the kind
// ("http_404", "timeout", …).
type Error struct {
	URL    string
	Status string
	Err    error
}

func (e *Error) Error() string {
	if e.Err == nil {
		return e.URL + ": " + e.Status
	}
	return e.URL + ": " + e.Status + ": " + e.Err.Error()
}

func (e *Error) Unwrap() error { return e.Err }

// AsError returns nil for an "ok" result and an [*Error] otherwise.
func (r *Result) AsError() error {
	if r.Status == StatusOK {
		return nil
	}
	return &Error{URL: r.URL, Status: r.Status, Err: r.Err}
}
