package ingest

import (
	"errors"
	"net/url"
	"path"
	"strings"
)

// ErrNoFetch says that a URL was given where no fetcher is set
// (Options.Fetch).
var ErrNoFetch = errors.New("URLs are not read here (no fetcher)")

// IsURL reports whether p is read as a URL rather than a file: it starts
// with http:// or https://.
func IsURL(p string) bool {
	l := strings.ToLower(p[:min(len(p), 8)])
	return strings.HasPrefix(l, "http://") || strings.HasPrefix(l, "https://")
}

// readURL reads the article at u with opt.Fetch.
func (r *pathReader) readURL(u string) {
	if r.opt.Fetch == nil {
		r.fail(u, 0, "", ErrNoFetch)
		return
	}
	a, err := r.opt.Fetch(r.ctx, u)
	if err != nil {
		var e *Error
		if errors.As(err, &e) {
			r.errs = append(r.errs, err)
		} else {
			r.fail(u, 0, "", err)
		}
		return
	}
	if a.ID == "" {
		a.ID = URLID(u)
	}
	if a.Origin == "" {
		a.Origin = u
	}
	if a.URL == "" {
		a.URL = u
	}
	r.add(a)
}

// URLID makes an article ID from a URL: the last path segment without its
// extension ("https://x.org/news/harbor-fire.html" gives "harbor-fire"),
// else the host.
func URLID(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return "article"
	}
	seg := path.Base(strings.TrimRight(u.Path, "/"))
	if seg == "." || seg == "/" || seg == "" {
		return strings.TrimPrefix(u.Hostname(), "www.")
	}
	if id := stripExt(seg); id != "" {
		return id
	}
	return seg
}
