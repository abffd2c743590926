package ingest

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// textSource says where a body came from when it is a plain text file: its
// name, for an outlet read from it. The zero value is a body from data.
type textSource struct {
	name string // base name of the file, with extension
}

func (s textSource) plain() bool { return s.name != "" }

// finish fills in a's Body from text and what can be learnt from it: a
// plain text file's header, title and outlet; the byline, dateline and
// outlet that the chrome filter finds. With opt.KeepChrome only the header
// is read and the body is left as it is, but for its layout. It returns an
// error wrapping ErrEmpty when no text is left.
func finish(a *news.Article, text string, opt Options, src textSource) error {
	if src.plain() {
		var h header
		h, text = parseHeader(text)
		h.apply(a)
	}
	if opt.KeepChrome {
		a.Body = assemble(splitLines(text, false), chromeResult{datelinePara: -1}).clean
		if strings.TrimSpace(a.Body) == "" {
			return ErrEmpty
		}
		return nil
	}
	r := stripChrome(text)
	body := r.clean
	a.Chrome = r.removed
	a.Dateline = r.meta.Dateline
	if a.Byline == "" {
		a.Byline = r.meta.Byline
	}
	if src.plain() && a.Title == "" {
		a.Title, body = takeTitle(body, r.datelinePara)
	}
	// A credit line names the outlet; a file name may; the agency of the
	// dateline names who wrote the story, which is the outlet only when
	// nothing else says otherwise.
	if a.Outlet == "" {
		a.Outlet = r.credited
	}
	if a.Outlet == "" && src.plain() {
		a.Outlet = outletFromName(stripExt(src.name))
	}
	if a.Outlet == "" {
		a.Outlet = r.agency
	}
	if strings.TrimSpace(body) == "" {
		if strings.TrimSpace(text) != "" {
			return fmt.Errorf("%w after removing page chrome", ErrEmpty)
		}
		return ErrEmpty
	}
	a.Body = body
	return nil
}

// header holds the "Key: value" lines that may open a plain text file.
type header struct {
	title, outlet, date, url, byline string
}

var headerLineRe = regexp.MustCompile(`^([A-Za-z][A-Za-z _-]{0,24}?)\s*:\s*(.*)$`)

// headerKey maps the keys of a header, lower-cased, to the field they set.
var headerKey = map[string]string{
	"title": "title", "headline": "title",
	"outlet": "outlet", "source": "outlet", "publication": "outlet", "publisher": "outlet",
	"date": "date", "published": "date",
	"url": "url", "link": "url",
	"byline": "byline", "by": "byline", "author": "byline", "authors": "byline",
}

// parseHeader reads a header block at the very top of text: "Key: value"
// lines, the first with a known key, ended by a blank line. It returns
// the header and the text after it, or text unchanged when there is none.
func parseHeader(text string) (header, string) {
	var h header
	rest := strings.TrimLeft(text, "\n")
	for i := 0; ; i++ {
		line, after, more := strings.Cut(rest, "\n")
		line = strings.TrimSpace(line)
		if line == "" {
			if i == 0 {
				return header{}, text
			}
			return h, after
		}
		m := headerLineRe.FindStringSubmatch(line)
		if m == nil {
			return header{}, text
		}
		field, known := headerKey[strings.ToLower(strings.TrimSpace(m[1]))]
		if i == 0 && !known {
			return header{}, text
		}
		v := strings.TrimSpace(m[2])
		switch field {
		case "title":
			h.title = v
		case "outlet":
			h.outlet = v
		case "date":
			h.date = v
		case "url":
			h.url = v
		case "byline":
			h.byline = strings.TrimSpace(strings.TrimPrefix(strings.TrimPrefix(v, "By "), "by "))
		}
		if !more {
			return h, ""
		}
		rest = after
	}
}

func (h header) apply(a *news.Article) {
	set := func(dst *string, v string) {
		if *dst == "" && v != "" {
			*dst = v
		}
	}
	set(&a.Title, h.title)
	set(&a.Outlet, h.outlet)
	set(&a.URL, h.url)
	set(&a.Byline, h.byline)
	if a.Published.IsZero() && h.date != "" {
		a.Published = parseDate(h.date)
	}
}

// maxTitleWords bounds the length of a headline.
const maxTitleWords = 30

// takeTitle takes a headline from the start of body: a first paragraph of
// one line, of at most maxTitleWords words, that starts with a capital, does
// not end like a sentence or a clause, and is followed by more text. The
// paragraph that held the dateline is never a headline.
func takeTitle(body string, datelinePara int) (title, rest string) {
	p0, after, ok := strings.Cut(body, "\n\n")
	if !ok || datelinePara == 0 || strings.Contains(p0, "\n") {
		return "", body
	}
	n := news.CountWords(p0)
	if n < 2 || n > maxTitleWords || punctuated(p0) || news.CountWords(after) <= n {
		return "", body
	}
	r, _ := utf8.DecodeRuneInString(p0)
	if unicode.IsLower(r) {
		return "", body
	}
	return p0, after
}

// genericNames are file names that say nothing about the outlet.
var genericNames = set("article", "articles", "story", "stories", "text", "texts", "doc", "docs", "document",
	"documents", "file", "files", "input", "output", "index", "untitled", "news", "test", "sample", "example",
	"data", "body", "content", "stdin", "copy", "draft", "final", "new", "tmp", "temp", "page", "item", "post",
	"report", "readme", "notes", "seed", "seeds")

// shortWords are short words that are not acronyms in an outlet's name.
var shortWords = set("the", "new", "of", "and", "al", "el", "la", "le", "de", "der", "den", "du", "sun", "day",
	"for", "in", "on", "at", "bay", "fox", "sky", "big", "red", "one", "now", "die", "das", "un", "une", "los")

// outletFromName reads an outlet from a file name without its extension
// when the name reads as one: "harbor-gazette" is "Harbor Gazette";
// "000_bacbfb2ddc234a11", "a" and "article" are not names.
func outletFromName(base string) string {
	parts := strings.FieldsFunc(base, func(r rune) bool { return r == '-' || r == '_' || r == ' ' || r == '.' })
	if len(parts) == 0 || len(parts) > 5 {
		return ""
	}
	if len(parts) == 1 && (utf8.RuneCountInString(parts[0]) < 3 || genericNames[strings.ToLower(parts[0])]) {
		return ""
	}
	for i, p := range parts {
		lower := strings.ToLower(p)
		if !allLetters(p) || (len(p) > 4 && !strings.ContainsAny(lower, "aeiouy")) {
			return ""
		}
		switch {
		case p != lower:
			// written with capitals: keep them
		case i > 0 && (lower == "of" || lower == "and" || lower == "the" || lower == "de" || lower == "du"):
		case utf8.RuneCountInString(p) <= 3 && !shortWords[lower]:
			parts[i] = strings.ToUpper(p)
		default:
			r, size := utf8.DecodeRuneInString(p)
			parts[i] = string(unicode.ToTitle(r)) + p[size:]
		}
	}
	return strings.Join(parts, " ")
}

func allLetters(s string) bool {
	for _, r := range s {
		if !unicode.IsLetter(r) {
			return false
		}
	}
	return s != ""
}

// Clean reads an article given whole (posted to the server, say) as a
// JSONL record is read: its text normalized, the chrome filter run, the
// byline, dateline and outlet it finds filled in. An article with no text
// left gives an error wrapping ErrEmpty.
func Clean(a news.Article) (news.Article, error) {
	if err := finish(&a, normalize(a.Body), Options{}, textSource{}); err != nil {
		return news.Article{}, err
	}
	return a, nil
}

// ReadText reads one plain text article as ReadPaths reads a text file
// named name: an optional header, the title, the chrome filter. Its ID is
// the name without extension. It serves texts that are not files, such as
// embedded ones.
func ReadText(text, name string, opt Options) (news.Article, error) {
	a := news.Article{ID: stripExt(filepath.Base(name)), Origin: name}
	if err := finish(&a, normalize(text), opt, textSource{name: filepath.Base(name)}); err != nil {
		return news.Article{}, &Error{Path: name, Err: err}
	}
	return a, nil
}
