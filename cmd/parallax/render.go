package main

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parallaxnews/parallax"
)

type renderOptions struct {
	color bool
}

type renderer func(w io.Writer, d parallax.Digest, opt renderOptions) error

var renderers = map[string]renderer{
	"text":     renderText,
	"markdown": renderMarkdown,
	"json":     renderJSON,
	"html":     renderHTML,
}

// colorMode resolves --color against the terminal and NO_COLOR
// (https://no-color.org).
func colorMode(mode string, tty bool) (bool, error) {
	switch mode {
	case "auto":
		return tty && os.Getenv("NO_COLOR") == "" && os.Getenv("TERM") != "dumb", nil
	case "always":
		return true, nil
	case "never":
		return false, nil
	}
	return false, fmt.Errorf("unknown --color %q (want auto, always or never)", mode)
}

// markers returns the source keys of a summary sentence: the article it was
// taken from first, then the articles that support it, in source order.
func markers(d parallax.Digest, s parallax.SummarySentence) []string {
	keyOf := make(map[string]int, len(d.Sources))
	for i, src := range d.Sources {
		keyOf[src.DocID] = i
	}
	keys := []string{sourceKey(d, keyOf, s.DocID)}
	seen := map[string]bool{s.DocID: true}
	idx := make([]int, 0, len(s.Support))
	for _, sup := range s.Support {
		if i, ok := keyOf[sup.DocID]; ok && !seen[sup.DocID] {
			seen[sup.DocID] = true
			idx = append(idx, i)
		}
	}
	slices.Sort(idx)
	for _, i := range idx {
		keys = append(keys, d.Sources[i].Key)
	}
	return keys
}

func sourceKey(d parallax.Digest, keyOf map[string]int, docID string) string {
	if i, ok := keyOf[docID]; ok {
		return d.Sources[i].Key
	}
	return "?"
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// dateRange describes when the sources were published, "" when unknown.
func dateRange(d parallax.Digest) string {
	var first, last time.Time
	for _, s := range d.Sources {
		if s.Published.IsZero() {
			continue
		}
		if first.IsZero() || s.Published.Before(first) {
			first = s.Published
		}
		if s.Published.After(last) {
			last = s.Published
		}
	}
	switch {
	case first.IsZero():
		return ""
	case date(first) == date(last):
		return date(first)
	}
	return date(first) + " to " + date(last)
}

func plural(n int, one, many string) string {
	if n == 1 {
		return "1 " + one
	}
	return fmt.Sprintf("%d %s", n, many)
}

// sourceLine is "Outlet · Title · date", leaving out what is unknown.
func sourceLine(s parallax.Source) string {
	var parts []string
	for _, p := range []string{s.Outlet, s.Title, date(s.Published)} {
		if p != "" {
			parts = append(parts, p)
		}
	}
	if len(parts) == 0 {
		return s.DocID
	}
	return strings.Join(parts, " · ")
}

const (
	ansiBold  = "\x1b[1m"
	ansiDim   = "\x1b[2m"
	ansiCyan  = "\x1b[36m"
	ansiReset = "\x1b[0m"
)

func renderText(w io.Writer, d parallax.Digest, opt renderOptions) error {
	bw := bufio.NewWriter(w)
	paint := func(code, s string) string {
		if !opt.color {
			return s
		}
		return code + s + ansiReset
	}
	if d.Title != "" {
		fmt.Fprintln(bw, paint(ansiBold, d.Title))
	}
	meta := plural(len(d.Sources), "source", "sources")
	if r := dateRange(d); r != "" {
		meta += ", " + r
	}
	meta += ", " + plural(d.Summary.Words(), "word", "words")
	fmt.Fprintln(bw, paint(ansiDim, meta))
	fmt.Fprintln(bw)
	if len(d.Summary.Sentences) == 0 {
		fmt.Fprintln(bw, "(no sentence of these articles fits a summary)")
	}
	for _, s := range d.Summary.Sentences {
		var marks strings.Builder
		for _, k := range markers(d, s) {
			marks.WriteString("[" + k + "]")
		}
		writeWrapped(bw, s.Text, marks.String(), 80, func(m string) string { return paint(ansiCyan, m) })
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, paint(ansiBold, "Sources"))
	for _, s := range d.Sources {
		fmt.Fprintf(bw, "  %s %s\n", paint(ansiCyan, "["+s.Key+"]"), sourceLine(s))
		if s.URL != "" {
			fmt.Fprintf(bw, "      %s\n", paint(ansiDim, s.URL))
		}
	}
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, paint(ansiDim, "The first marker after a sentence is the article it is taken from; the others report the same."))
	return bw.Flush()
}

// writeWrapped writes text and its markers as one paragraph wrapped at
// width columns, keeping the markers on the line of the last word.
func writeWrapped(w io.Writer, text, marks string, width int, paintMarks func(string) string) {
	words := strings.Fields(text)
	col := 0
	for i, word := range words {
		n := utf8.RuneCountInString(word)
		if i == len(words)-1 {
			n += len(marks) + 1
		}
		if col > 0 && col+1+n > width {
			fmt.Fprintln(w)
			col = 0
		}
		if col > 0 {
			io.WriteString(w, " ")
			col++
		}
		io.WriteString(w, word)
		col += utf8.RuneCountInString(word)
	}
	if marks != "" {
		io.WriteString(w, " "+paintMarks(marks))
	}
	fmt.Fprint(w, "\n\n")
}

func renderMarkdown(w io.Writer, d parallax.Digest, _ renderOptions) error {
	bw := bufio.NewWriter(w)
	title := d.Title
	if title == "" {
		title = "Digest"
	}
	fmt.Fprintf(bw, "# %s\n\n", mdEscape(title))
	meta := plural(len(d.Sources), "source", "sources")
	if r := dateRange(d); r != "" {
		meta += ", " + r
	}
	fmt.Fprintf(bw, "*%s, %s*\n\n", meta, plural(d.Summary.Words(), "word", "words"))
	for _, s := range d.Summary.Sentences {
		fmt.Fprint(bw, mdEscape(s.Text))
		for _, k := range markers(d, s) {
			fmt.Fprintf(bw, " [%s]", k)
		}
		fmt.Fprint(bw, "\n\n")
	}
	fmt.Fprint(bw, "## Sources\n\n")
	for _, s := range d.Sources {
		line := mdEscape(sourceLine(s))
		if s.URL != "" {
			line = fmt.Sprintf("[%s](%s)", line, s.URL)
		}
		fmt.Fprintf(bw, "- **[%s]** %s\n", s.Key, line)
	}
	fmt.Fprint(bw, "\nThe first marker after a sentence is the article it is taken from; the others report the same.\n")
	return bw.Flush()
}

// mdEscape keeps article text from being read as Markdown markup.
func mdEscape(s string) string {
	var b strings.Builder
	for _, r := range s {
		switch r {
		case '\\', '`', '*', '_', '[', ']', '<', '>', '#', '|':
			b.WriteByte('\\')
		}
		b.WriteRune(r)
	}
	return b.String()
}

func renderJSON(w io.Writer, d parallax.Digest, _ renderOptions) error {
	enc := json.NewEncoder(w)
	enc.SetIndent("", "  ")
	return enc.Encode(d)
}

//go:embed digest.html
var digestHTML string

var digestTemplate = template.Must(template.New("digest").Parse(digestHTML))

type htmlSentence struct {
	parallax.SummarySentence
	Keys []string
}

func renderHTML(w io.Writer, d parallax.Digest, _ renderOptions) error {
	keyOf := make(map[string]string, len(d.Sources))
	for _, s := range d.Sources {
		keyOf[s.DocID] = s.Key
	}
	var sents []htmlSentence
	for _, s := range d.Summary.Sentences {
		sents = append(sents, htmlSentence{s, markers(d, s)})
	}
	title := d.Title
	if title == "" {
		title = "Digest"
	}
	return digestTemplate.Execute(w, map[string]any{
		"Title":     title,
		"Meta":      plural(len(d.Sources), "source", "sources") + optional(", ", dateRange(d)) + ", " + plural(d.Summary.Words(), "word", "words"),
		"Sentences": sents,
		"Sources":   d.Sources,
		"KeyOf":     keyOf,
	})
}

func optional(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}
