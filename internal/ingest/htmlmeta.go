package ingest

import (
	"encoding/json"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"time"
	"unicode"

	trafilatura "github.com/markusmobius/go-trafilatura"
	"golang.org/x/net/html"
)

// pageMeta is what a page says about itself.
type pageMeta struct {
	title, outlet, url, canonical, domain, language string
	authors                                         []string
	published, modified                             time.Time
}

// ldArticle is what JSON-LD says about the article.
type ldArticle struct {
	headline, published, modified, publisher, language, url string
	authors                                                 []string
}

// readPageMeta reads the page's metadata: JSON-LD first, then meta tags,
// then <time> elements, then the URL. Dates after now are dropped.
func readPageMeta(doc *html.Node, pageURL *url.URL, now time.Time) pageMeta {
	var (
		ld                           ldArticle
		metas                        = map[string]string{}
		metaAuthors                  []string
		canonical, htmlLang, docTitl string
		timePub, timeAny             string
	)
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			switch n.Data {
			case "html":
				htmlLang = nodeAttr(n, "lang")
			case "title":
				if docTitl == "" {
					docTitl = nodeText(n)
				}
			case "meta":
				key := strings.ToLower(strings.TrimSpace(firstSet(nodeAttr(n, "property"), nodeAttr(n, "name"), nodeAttr(n, "itemprop"), nodeAttr(n, "http-equiv"))))
				val := strings.TrimSpace(nodeAttr(n, "content"))
				if key != "" && val != "" {
					if key == "author" || key == "article:author" || key == "dc.creator" || key == "citation_author" || key == "byl" || key == "sailthru.author" || key == "parsely-author" {
						metaAuthors = append(metaAuthors, val)
					}
					if _, ok := metas[key]; !ok {
						metas[key] = val
					}
				}
			case "link":
				if strings.EqualFold(nodeAttr(n, "rel"), "canonical") && canonical == "" {
					canonical = strings.TrimSpace(nodeAttr(n, "href"))
				}
			case "script":
				if strings.Contains(strings.ToLower(nodeAttr(n, "type")), "ld+json") {
					readJSONLD(nodeText(n), &ld)
				}
			case "time":
				dt := firstSet(nodeAttr(n, "datetime"), nodeText(n))
				if timePub == "" && (nodeAttr(n, "itemprop") == "datePublished" || nodeHasAttr(n, "pubdate") || strings.Contains(nodeAttr(n, "class"), "publish")) {
					timePub = dt
				}
				if timeAny == "" {
					timeAny = dt
				}
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)

	var m pageMeta
	m.title = firstSet(ld.headline, metas["og:title"], metas["twitter:title"], cleanDocTitle(docTitl))
	m.outlet = firstSet(metas["og:site_name"], ld.publisher, metas["application-name"])

	if canonical != "" {
		if u, err := url.Parse(canonical); err == nil {
			if pageURL != nil {
				u = pageURL.ResolveReference(u)
			}
			if u.IsAbs() {
				m.canonical = u.String()
			}
		}
	}
	if m.canonical == "" {
		if u, err := url.Parse(firstSet(metas["og:url"], ld.url)); err == nil && u.IsAbs() {
			m.canonical = u.String()
		}
	}
	if pageURL != nil {
		m.url = pageURL.String()
	} else {
		m.url = m.canonical
	}
	for _, s := range []string{m.url, m.canonical} {
		if u, err := url.Parse(s); err == nil && u.Hostname() != "" {
			m.domain = strings.TrimPrefix(strings.ToLower(u.Hostname()), "www.")
			break
		}
	}

	m.language = normLang(firstSet(ld.language, htmlLang, metas["content-language"], metas["og:locale"], metas["dc.language"]))

	authors := ld.authors
	if len(authors) == 0 {
		authors = metaAuthors
	}
	m.authors = cleanAuthors(authors, m.outlet)

	m.published = firstDate(now, ld.published,
		metas["article:published_time"], metas["og:published_time"], metas["datepublished"], metas["parsely-pub-date"],
		metas["sailthru.date"], metas["pubdate"], metas["publishdate"], metas["publish-date"], metas["dc.date.issued"],
		metas["dc.date"], metas["dcterms.created"], metas["date"], metas["article.published"], metas["citation_publication_date"],
		timePub, timeAny)
	if m.published.IsZero() {
		for _, s := range []string{m.url, m.canonical} {
			if t := urlDate(s); !t.IsZero() && !t.After(now) {
				m.published = t
				break
			}
		}
	}
	m.modified = firstDate(now, ld.modified, metas["article:modified_time"], metas["og:updated_time"],
		metas["datemodified"], metas["dcterms.modified"], metas["last-modified"])
	if !m.modified.IsZero() && !m.published.IsZero() && m.modified.Before(m.published) {
		m.modified = time.Time{}
	}
	return m
}

// fill completes m with what go-trafilatura found.
func (m *pageMeta) fill(t trafilatura.Metadata, now time.Time) {
	if m.title == "" {
		m.title = strings.TrimSpace(t.Title)
	}
	if m.outlet == "" {
		m.outlet = strings.TrimSpace(t.Sitename)
	}
	if len(m.authors) == 0 && t.Author != "" {
		m.authors = cleanAuthors(strings.Split(t.Author, ";"), m.outlet)
	}
	if m.language == "" {
		m.language = normLang(t.Language)
	}
	if m.published.IsZero() && !t.Date.IsZero() && !t.Date.After(now) {
		m.published = t.Date
	}
	if m.domain == "" && t.Hostname != "" {
		m.domain = strings.TrimPrefix(strings.ToLower(t.Hostname), "www.")
	}
}

// articleTypes are the JSON-LD types of an article.
var articleTypes = set("article", "newsarticle", "reportagenewsarticle", "analysisnewsarticle", "opinionnewsarticle",
	"blogposting", "backgroundnewsarticle", "reviewnewsarticle", "liveblogposting", "scholarlyarticle", "report",
	"techarticle", "socialmediaposting", "webpage")

// readJSONLD reads the first article object of a JSON-LD script into ld,
// leaving fields already set alone.
func readJSONLD(src string, ld *ldArticle) {
	var v any
	if err := json.Unmarshal([]byte(strings.TrimSpace(src)), &v); err != nil {
		return
	}
	var visit func(v any, depth int)
	visit = func(v any, depth int) {
		if depth > 6 {
			return
		}
		switch x := v.(type) {
		case []any:
			for _, e := range x {
				visit(e, depth+1)
			}
		case map[string]any:
			if g, ok := x["@graph"]; ok {
				visit(g, depth+1)
			}
			if !isArticleType(x["@type"]) {
				return
			}
			webpage := isType(x["@type"], "webpage")
			set := func(dst *string, s string) {
				if *dst == "" {
					*dst = strings.TrimSpace(s)
				}
			}
			if !webpage {
				set(&ld.headline, ldString(x["headline"]))
			}
			set(&ld.published, ldString(x["datePublished"]))
			set(&ld.modified, ldString(x["dateModified"]))
			set(&ld.language, ldString(x["inLanguage"]))
			if !webpage {
				set(&ld.url, ldString(x["url"]))
			}
			if p, ok := x["publisher"]; ok {
				set(&ld.publisher, ldName(p))
			}
			if len(ld.authors) == 0 {
				ld.authors = ldNames(x["author"])
			}
		}
	}
	visit(v, 0)
}

func isArticleType(t any) bool {
	switch x := t.(type) {
	case string:
		return articleTypes[strings.ToLower(x)]
	case []any:
		for _, e := range x {
			if isArticleType(e) {
				return true
			}
		}
	}
	return false
}

func isType(t any, want string) bool {
	s, ok := t.(string)
	return ok && strings.EqualFold(s, want)
}

func ldString(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case []any:
		if len(x) > 0 {
			return ldString(x[0])
		}
	case map[string]any:
		return ldString(x["@value"])
	}
	return ""
}

func ldName(v any) string {
	switch x := v.(type) {
	case string:
		return x
	case map[string]any:
		return ldString(x["name"])
	case []any:
		if len(x) > 0 {
			return ldName(x[0])
		}
	}
	return ""
}

func ldNames(v any) []string {
	switch x := v.(type) {
	case []any:
		var out []string
		for _, e := range x {
			if n := ldName(e); n != "" {
				out = append(out, n)
			}
		}
		return out
	case nil:
		return nil
	}
	if n := ldName(v); n != "" {
		return []string{n}
	}
	return nil
}

var (
	authorJunkRe = regexp.MustCompile(`(?i)\b(published|updated|posted|last modified|minute read|min read|\d+\s*min(ute)?s?\b.*read|read more|staff writer|contributor|correspondent|reporter)\b.*$`)
	authorByRe   = regexp.MustCompile(`(?i)^\s*(by|von|par|por|door|di)\s*:?\s+`)
	authorSplit  = regexp.MustCompile(`(?i)\s*(?:,|;|\||&|\band\b|\bund\b|\bet\b|\by\b)\s*`)
)

// cleanAuthors turns author strings into names: no "By", no "Published …"
// or "5 Minute Read", no dates, URLs, e-mail addresses or outlet names, no
// duplicates.
func cleanAuthors(raw []string, outlet string) []string {
	var out []string
	seen := map[string]bool{}
	for _, r := range raw {
		r = collapseSpaces(strings.TrimSpace(html.UnescapeString(r)))
		r = authorByRe.ReplaceAllString(r, "")
		r = authorJunkRe.ReplaceAllString(r, "")
		for _, p := range authorSplit.Split(r, -1) {
			p = strings.Trim(authorByRe.ReplaceAllString(strings.TrimSpace(p), ""), " .:-–—|")
			if !plausibleName(p) || strings.EqualFold(p, outlet) {
				continue
			}
			if k := strings.ToLower(p); !seen[k] {
				seen[k] = true
				out = append(out, p)
			}
		}
	}
	return out
}

func plausibleName(s string) bool {
	if s == "" || len(s) > 60 || strings.ContainsAny(s, "@/:=<>") {
		return false
	}
	words := strings.Fields(s)
	if len(words) > 5 {
		return false
	}
	letters := 0
	for _, r := range s {
		if unicode.IsDigit(r) {
			return false
		}
		if unicode.IsLetter(r) {
			letters++
		}
	}
	return letters >= 2
}

// firstDate parses the first of ss that reads as a date no later than now.
func firstDate(now time.Time, ss ...string) time.Time {
	for _, s := range ss {
		s = strings.TrimSpace(s)
		if s == "" {
			continue
		}
		t := parseHTMLDate(s)
		if !t.IsZero() && !t.After(now) && t.Year() > 1900 {
			return t
		}
	}
	return time.Time{}
}

var htmlDateLayouts = []string{
	time.RFC3339Nano, time.RFC3339, "2006-01-02T15:04:05Z0700", "2006-01-02T15:04:05", "2006-01-02T15:04Z07:00",
	"2006-01-02T15:04", "2006-01-02 15:04:05Z07:00", "2006-01-02 15:04:05 -0700", "2006-01-02 15:04:05", "2006-01-02 15:04",
	"2006-01-02", "2006/01/02", "20060102", time.RFC1123Z, time.RFC1123, "Mon, 2 Jan 2006 15:04:05 -0700",
	"January 2, 2006", "Jan 2, 2006", "2 January 2006", "02.01.2006",
}

func parseHTMLDate(s string) time.Time {
	for _, l := range htmlDateLayouts {
		if t, err := time.Parse(l, s); err == nil {
			return t
		}
	}
	if len(s) >= 10 {
		if t, err := time.Parse("2006-01-02", s[:10]); err == nil {
			return t
		}
	}
	return parseDate(s)
}

var urlDateRe = regexp.MustCompile(`/((?:19|20)\d{2})[/-](\d{1,2})[/-](\d{1,2})(?:/|-|$)|/((?:19|20)\d{2})(\d{2})(\d{2})/`)

// urlDate reads a date from a URL's path ("/2024/03/15/", "/2024-03-15-",
// "/20240315/").
func urlDate(s string) time.Time {
	m := urlDateRe.FindStringSubmatch(s)
	if m == nil {
		return time.Time{}
	}
	y, mo, d := m[1], m[2], m[3]
	if y == "" {
		y, mo, d = m[4], m[5], m[6]
	}
	yi, _ := strconv.Atoi(y)
	mi, _ := strconv.Atoi(mo)
	di, _ := strconv.Atoi(d)
	if mi < 1 || mi > 12 || di < 1 || di > 31 {
		return time.Time{}
	}
	return time.Date(yi, time.Month(mi), di, 0, 0, 0, 0, time.UTC)
}

// normLang reduces a language tag to its lower-case primary subtag:
// "en-US", "en_GB" → "en".
func normLang(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexAny(s, "-_ ,;"); i >= 0 {
		s = s[:i]
	}
	s = strings.ToLower(s)
	if len(s) < 2 || len(s) > 3 {
		return ""
	}
	for _, r := range s {
		if r < 'a' || r > 'z' {
			return ""
		}
	}
	return s
}

var titleSepRe = regexp.MustCompile(`\s+[|–—-]\s+[^|–—-]{2,40}$`)

// cleanDocTitle drops a site name after a separator from a <title>.
func cleanDocTitle(s string) string {
	s = collapseSpaces(strings.TrimSpace(s))
	if t := titleSepRe.ReplaceAllString(s, ""); len(t) >= 10 {
		return t
	}
	return s
}

func nodeAttr(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return a.Val
		}
	}
	return ""
}

func nodeHasAttr(n *html.Node, key string) bool {
	for _, a := range n.Attr {
		if strings.EqualFold(a.Key, key) {
			return true
		}
	}
	return false
}

func nodeText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func firstSet(ss ...string) string {
	for _, s := range ss {
		if s = strings.TrimSpace(s); s != "" {
			return s
		}
	}
	return ""
}
