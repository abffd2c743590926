package ingest

import (
	"errors"
	"html"
	"regexp"
	"strconv"
	"strings"

	"github.com/parallaxnews/parallax/internal/news"
)

var (
	tagRe         = regexp.MustCompile(`<[^<>]{0,200}>`)
	leftEntityRe  = regexp.MustCompile(`&[A-Za-z][A-Za-z0-9]{1,7};`)
	blankLineRe   = regexp.MustCompile(`\n[ \t]*\n`)
	docnoOutletRe = regexp.MustCompile(`^([A-Za-z]{2,4})\d`)
)

// readSGML reads DUC-style SGML: one or more <DOC> elements, each with a
// <DOCNO>, a <HEADLINE> (or <HEAD>, <HL>, <TITLE>), a <DATE_TIME> (or
// <DATE>) and a <TEXT> whose <P> elements are the paragraphs. Without <P>
// elements the text is split on blank lines, or on indented lines when it
// has no blank lines.
func (r *pathReader) readSGML(text, name, idBase string) {
	lower := asciiLower(text)
	found := false
	line, lineAt := 1, 0
	for pos := 0; ; {
		if r.ctx.Err() != nil {
			return
		}
		start := indexTag(lower, "doc", pos)
		if start < 0 {
			break
		}
		found = true
		line += strings.Count(text[lineAt:start], "\n")
		lineAt = start
		end := strings.Index(lower[start:], "</doc>")
		next := start + 4
		if end < 0 {
			end = len(text)
			if n := indexTag(lower, "doc", next); n >= 0 {
				end = n
			}
		} else {
			end += start
		}
		a, err := sgmlArticle(text[start:end], lower[start:end], name, line, idBase, r.opt)
		if err != nil {
			r.errs = append(r.errs, err)
		} else {
			r.add(a)
		}
		pos = max(end, next)
	}
	if !found {
		r.fail(name, 0, "", errors.New("no <DOC> element"))
	}
}

// indexTag returns the index in lower of the first opening tag <name> or
// <name …> at or after from, or -1.
func indexTag(lower, name string, from int) int {
	open := "<" + name
	for from < len(lower) {
		i := strings.Index(lower[from:], open)
		if i < 0 {
			return -1
		}
		i += from
		if j := i + len(open); j == len(lower) || strings.IndexByte("> \t\r\n", lower[j]) >= 0 {
			return i
		}
		from = i + 1
	}
	return -1
}

// element returns the content of the first element with one of names,
// and whether there is one. An element that is not closed runs to the end.
func element(doc, lower string, names ...string) (string, bool) {
	for _, name := range names {
		i := indexTag(lower, name, 0)
		if i < 0 {
			continue
		}
		gt := strings.IndexByte(lower[i:], '>')
		if gt < 0 {
			continue
		}
		start := i + gt + 1
		end := strings.Index(lower[start:], "</"+name+">")
		if end < 0 {
			return doc[start:], true
		}
		return doc[start : start+end], true
	}
	return "", false
}

func sgmlArticle(doc, lower, path string, line int, idBase string, opt Options) (news.Article, error) {
	docno, _ := element(doc, lower, "docno")
	docno = flatten(docno)
	a := news.Article{ID: docno, Origin: path + ":" + strconv.Itoa(line)}
	if a.ID == "" {
		a.ID = idBase
	}
	if t, ok := element(doc, lower, "headline", "head", "hl", "title"); ok {
		a.Title = flatten(t)
	}
	if d, ok := element(doc, lower, "date_time", "date"); ok {
		a.Published = parseDate(flatten(d))
	}
	if a.Published.IsZero() {
		a.Published = docnoDate(docno)
	}
	if m := docnoOutletRe.FindStringSubmatch(docno); m != nil {
		a.Outlet = strings.ToUpper(m[1])
	}
	body, ok := element(doc, lower, "text")
	if !ok {
		return news.Article{}, &Error{Path: path, Line: line, Field: "text", Err: ErrMissing}
	}
	paras := sgmlParagraphs(body)
	if err := finish(&a, strings.Join(paras, "\n\n"), opt, textSource{}); err != nil {
		return news.Article{}, &Error{Path: path, Line: line, Field: "text", Err: err}
	}
	return a, nil
}

// sgmlParagraphs returns the paragraphs of a <TEXT> element, each on one
// line.
func sgmlParagraphs(body string) []string {
	lower := asciiLower(body)
	var paras []string
	if p := indexTag(lower, "p", 0); p >= 0 {
		for p >= 0 {
			gt := strings.IndexByte(lower[p:], '>')
			if gt < 0 {
				break
			}
			start := p + gt + 1
			next := indexTag(lower, "p", start)
			end := len(body)
			if next >= 0 {
				end = next
			}
			if c := strings.Index(lower[start:end], "</p>"); c >= 0 {
				end = start + c
			}
			if t := flatten(body[start:end]); t != "" {
				paras = append(paras, t)
			}
			p = next
		}
		return paras
	}
	blocks := blankLineRe.Split(body, -1)
	if len(blocks) == 1 {
		blocks = splitIndented(body)
	}
	for _, b := range blocks {
		if t := flatten(b); t != "" {
			paras = append(paras, t)
		}
	}
	return paras
}

// splitIndented splits text whose paragraphs are marked by indented first
// lines rather than blank lines.
func splitIndented(text string) []string {
	lines := strings.Split(strings.Trim(text, "\n"), "\n")
	indented := 0
	for _, l := range lines {
		if strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t") {
			indented++
		}
	}
	if indented < 2 || indented == len(lines) {
		return []string{text}
	}
	var blocks []string
	var cur []string
	for _, l := range lines {
		if (strings.HasPrefix(l, " ") || strings.HasPrefix(l, "\t")) && len(cur) > 0 {
			blocks = append(blocks, strings.Join(cur, "\n"))
			cur = cur[:0]
		}
		cur = append(cur, l)
	}
	return append(blocks, strings.Join(cur, "\n"))
}

// flatten removes tags from SGML content, decodes its entities, drops the
// typesetting entities that remain (&QL;, &UR;) and puts it on one line.
func flatten(s string) string {
	if strings.IndexByte(s, '<') >= 0 {
		s = tagRe.ReplaceAllString(s, " ")
	}
	if strings.IndexByte(s, '&') >= 0 {
		s = normalize(html.UnescapeString(s))
		s = leftEntityRe.ReplaceAllString(s, " ")
	}
	return strings.Join(strings.Fields(s), " ")
}
