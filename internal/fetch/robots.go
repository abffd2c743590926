package fetch

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/url"

	"github.com/temoto/robotstxt"
)

// robotsRules are one host's robots.txt, fetched once per client.
type robotsRules struct {
	data *robotstxt.RobotsData // nil: allow all
	err  error                 // a network failure to fetch it
}

// robotsAgent is the product token robots.txt groups are matched against.
const robotsAgent = "Parallax"

// robotsAllowed reports whether u may be fetched. It returns a non-empty
// reason when robots.txt forbids it, and an error when robots.txt could
// not be fetched because the host cannot be reached (the page could not
// be either). A missing robots.txt (4xx) allows everything and a server
// error (5xx) forbids everything, as RFC 9309 says.
func (c *Client) robotsAllowed(ctx context.Context, u *url.URL) (string, error) {
	h := c.hostOf(u)
	h.robotsMu.Lock()
	if !h.robotsDone {
		rules := c.fetchRobots(ctx, u)
		if rules.err != nil {
			h.robotsMu.Unlock()
			return "", rules.err
		}
		h.robots, h.robotsDone = rules, true
	}
	rules := h.robots
	h.robotsMu.Unlock()
	if rules.data == nil {
		return "", nil
	}
	path := u.EscapedPath()
	if path == "" {
		path = "/"
	}
	if u.RawQuery != "" {
		path += "?" + u.RawQuery
	}
	if !rules.data.TestAgent(path, robotsAgent) {
		return "disallowed for " + path, nil
	}
	return "", nil
}

func (c *Client) fetchRobots(ctx context.Context, u *url.URL) robotsRules {
	ru := &url.URL{Scheme: u.Scheme, Host: u.Host, Path: "/robots.txt"}
	if err := c.wait(ctx, ru); err != nil {
		return robotsRules{err: err}
	}
	actx, cancel := context.WithTimeout(ctx, c.opt.Timeout)
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, ru.String(), nil)
	if err != nil {
		return robotsRules{err: err}
	}
	req.Header.Set("User-Agent", c.opt.UserAgent)
	// A plain client: redirects of robots.txt are followed (to the limit),
	// but not checked against robots.txt themselves.
	hc := &http.Client{Transport: c.http.Transport, CheckRedirect: func(r *http.Request, via []*http.Request) error {
		if len(via) > c.opt.MaxRedirects {
			return fmt.Errorf("%w (%d)", errTooManyRedirects, c.opt.MaxRedirects)
		}
		return nil
	}}
	resp, err := hc.Do(req)
	if err != nil {
		if classify(ctx, err) == StatusRedirectLoop || classify(ctx, err) == StatusTooManyRedirects {
			return robotsRules{}
		}
		return robotsRules{err: err}
	}
	defer resp.Body.Close()
	// robots.txt is read up to 500 KiB, as RFC 9309 allows.
	b, err := io.ReadAll(io.LimitReader(resp.Body, 500<<10))
	if err != nil {
		return robotsRules{err: err}
	}
	switch {
	case resp.StatusCode >= 400 && resp.StatusCode < 500:
		return robotsRules{}
	case resp.StatusCode >= 500:
		d, _ := robotstxt.FromString("User-agent: *\nDisallow: /\n")
		return robotsRules{data: d}
	}
	d, err := robotstxt.FromStatusAndBytes(resp.StatusCode, b)
	if err != nil {
		return robotsRules{} // unparseable: allow, as a browser would
	}
	return robotsRules{data: d}
}
