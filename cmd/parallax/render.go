package main

import (
	"bufio"
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"os"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/parallaxnews/parallax"
	"github.com/parallaxnews/parallax/internal/news"
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
	return news.NewSourceIndex(d.Sources).Markers(s)
}

func date(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.Format("2006-01-02")
}

// dateRange describes when the sources were published, "" when unknown.
func dateRange(d parallax.Digest) string {
	first, last := d.Published()
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

// writeSourcesText writes the list of sources, each with its marker and
// its URL on a line of its own.
func writeSourcesText(w io.Writer, sources []parallax.Source, paint func(code, s string) string) {
	fmt.Fprintln(w, paint(ansiBold, "Sources"))
	for _, s := range sources {
		fmt.Fprintf(w, "  %s %s\n", paint(ansiCyan, "["+s.Key+"]"), sourceLine(s))
		if s.URL != "" {
			fmt.Fprintf(w, "      %s\n", paint(ansiDim, s.URL))
		}
	}
}

// writeSourcesMarkdown writes the list of sources as a Markdown section.
func writeSourcesMarkdown(w io.Writer, sources []parallax.Source) {
	fmt.Fprint(w, "## Sources\n\n")
	for _, s := range sources {
		line := mdEscape(sourceLine(s))
		if s.URL != "" {
			line = fmt.Sprintf("[%s](%s)", line, s.URL)
		}
		fmt.Fprintf(w, "- **[%s]** %s\n", s.Key, line)
	}
}

// sourceLine is "Outlet · Title · date", leaving out what is unknown.
func sourceLine(s parallax.Source) string {
	var parts []string
	copyOf := ""
	if s.CopyOf != "" {
		copyOf = "copy of [" + s.CopyOf + "]"
	}
	for _, p := range []string{s.Outlet, s.Title, date(s.Published), copyOf} {
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
	if v := comparisonView(d); v != nil {
		writeComparisonText(bw, v, paint)
	}
	writeSourcesText(bw, d.Sources, paint)
	fmt.Fprintln(bw)
	fmt.Fprintln(bw, paint(ansiDim, "The first marker after a sentence is the article it is taken from; the others report the same."))
	return bw.Flush()
}

// writeWrapped writes text and its markers as one paragraph wrapped at
// width columns, keeping the markers on the line of the last word.
func writeWrapped(w io.Writer, text, marks string, width int, paintMarks func(string) string) {
	wrapItem(w, "", "", text, marks, width, paintMarks)
	io.WriteString(w, "\n")
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
	if v := comparisonView(d); v != nil {
		writeComparisonMarkdown(bw, v, "##")
	}
	writeSourcesMarkdown(bw, d.Sources)
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

var digestTemplate = template.Must(template.New("digest").Funcs(template.FuncMap{
	"marks": func(prefix string, keys []string) any {
		return struct {
			Prefix string
			Keys   []string
		}{prefix, keys}
	},
	"changed": func(ops []parallax.DiffOp) bool {
		for _, op := range ops {
			if op.Op == "+" || op.Op == "-" {
				return true
			}
		}
		return false
	},
	"facts": func(prefix string, facts []factView) any {
		return struct {
			Prefix string
			Facts  []factView
		}{prefix, facts}
	},
}).Parse(digestHTML))

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
		"Title":      title,
		"Meta":       plural(len(d.Sources), "source", "sources") + optional(", ", dateRange(d)) + ", " + plural(d.Summary.Words(), "word", "words"),
		"Sentences":  sents,
		"Sources":    d.Sources,
		"KeyOf":      keyOf,
		"Prefix":     "",
		"Comparison": comparisonView(d),
	})
}

func optional(sep, s string) string {
	if s == "" {
		return ""
	}
	return sep + s
}

// The comparison's sections, as the digest (after the summary) and the
// compare command show them. cmpView is what every format renders: the
// comparison with each excerpt's document mapped to its source marker.

// cmpView is a comparison laid out for reading.
type cmpView struct {
	// Prefix makes the HTML anchors of one story unique on a page that
	// shows several.
	Prefix string
	// All are facts every source reports; Several those two or more, but
	// not all, report (only when there are three sources or more).
	All, Several []factView
	Only         []onlyView
	Figures      []figureView
	// Quotes are the statements that have two versions or more.
	Quotes   []quoteView
	Speakers []speakerView
	Names    []entityView
}

type factView struct {
	Text string
	Keys []string
	// Sources are the other sources' sentences stating it.
	Sources []keyedText
}

type keyedText struct{ Key, Text string }

type onlyView struct {
	Key, Name string
	Facts     []factView
}

type figureView struct {
	// Label is what the figure counts, with its unit when that adds
	// something: "cost (dollars)".
	Label      string
	What, Unit string
	Agree      bool
	// Single is a figure only one source gives.
	Single bool
	Values []figureValueView
}

type figureValueView struct {
	Key, Text, Hedge, Value string
}

type quoteView struct {
	Speaker  string
	Versions []versionView
}

type versionView struct {
	Key, Text string
	// Diff is against the group's first version, empty for the first.
	Diff []parallax.DiffOp
}

type speakerView struct {
	Name   string
	Quotes []factView
}

type entityView struct {
	Name, Kind string
	Aliases    []string
	Keys       []string
	Mentions   int
}

// comparisonView is the digest's comparison laid out, nil when it has
// none.
func comparisonView(d parallax.Digest) *cmpView {
	if d.Comparison == nil {
		return nil
	}
	return newCmpView(d.Sources, d.Comparison, "")
}

// newCmpView lays out c for the given sources.
func newCmpView(sources []parallax.Source, c *parallax.Comparison, prefix string) *cmpView {
	idx := news.NewSourceIndex(sources)
	key, keys := idx.Key, idx.Keys
	fact := func(f parallax.Fact) factView {
		var ids []string
		var others []keyedText
		for i, s := range f.Sources {
			ids = append(ids, s.DocID)
			if i > 0 {
				others = append(others, keyedText{key(s.DocID), s.Text})
			}
		}
		text := f.Text
		if text == "" && len(f.Sources) > 0 {
			text = f.Sources[0].Text
		}
		return factView{Text: text, Keys: keys(ids), Sources: others}
	}
	v := &cmpView{Prefix: prefix}
	for _, f := range c.Shared {
		fv := fact(f)
		if len(fv.Keys) >= len(sources) || len(sources) <= 2 {
			v.All = append(v.All, fv)
		} else {
			v.Several = append(v.Several, fv)
		}
	}
	only := make([]onlyView, len(sources))
	for i, s := range sources {
		only[i] = onlyView{Key: s.Key, Name: s.Outlet}
		if only[i].Name == "" {
			only[i].Name = s.DocID
		}
	}
	var stray []factView
	for _, f := range c.Exclusives {
		fv := fact(f)
		if len(f.Sources) > 0 {
			if i := idx.Rank(f.Sources[0].DocID); i < len(only) {
				only[i].Facts = append(only[i].Facts, fv)
				continue
			}
		}
		stray = append(stray, fv)
	}
	if len(stray) > 0 {
		only = append(only, onlyView{Key: "?", Name: "an unknown source", Facts: stray})
	}
	v.Only = only

	for _, g := range news.ReadingOrder(c.Figures) {
		fv := figureView{What: g.What, Unit: g.Unit, Agree: g.Agree, Label: g.Label(), Single: g.Docs() < 2}
		for _, val := range g.Values {
			fv.Values = append(fv.Values, figureValueView{Key: key(val.DocID), Text: val.Text, Hedge: val.Hedge, Value: news.FormatValue(val.Value)})
		}
		v.Figures = append(v.Figures, fv)
	}

	for _, g := range c.Quotes {
		if len(g.Versions) < 2 {
			continue
		}
		qv := quoteView{Speaker: g.Who()}
		for i, ver := range g.Versions {
			vv := versionView{Key: key(ver.DocID), Text: ver.Text}
			if i > 0 {
				vv.Diff = ver.Diff
			}
			qv.Versions = append(qv.Versions, vv)
		}
		v.Quotes = append(v.Quotes, qv)
	}
	for _, sq := range news.BySpeaker(c.Quotes) {
		sv := speakerView{Name: sq.Speaker}
		if sv.Name == "" {
			sv.Name = "Speaker not named"
		}
		for _, g := range sq.Groups {
			var ids []string
			for _, ver := range g.Versions {
				ids = append(ids, ver.DocID)
			}
			sv.Quotes = append(sv.Quotes, factView{Text: g.Versions[0].Text, Keys: keys(ids)})
		}
		v.Speakers = append(v.Speakers, sv)
	}
	for _, e := range c.Entities {
		v.Names = append(v.Names, entityView{Name: e.Name, Kind: e.Kind, Aliases: e.Aliases, Keys: keys(e.Docs), Mentions: e.Mentions})
	}
	return v
}

// figureDetail is the value and hedge of a figure in brackets: "(130,000,
// more than)".
func (v figureValueView) detail() string {
	if v.Hedge == "" {
		return "(" + v.Value + ")"
	}
	return "(" + v.Hedge + " " + v.Value + ")"
}

func bracketKeys(keys []string) string {
	var b strings.Builder
	for _, k := range keys {
		b.WriteString("[" + k + "]")
	}
	return b.String()
}

// onlyTitle is "Only in CBS News [A]".
func (o onlyView) title() string { return "Only in " + o.Name + " [" + o.Key + "]" }

func (e entityView) detail() string {
	d := e.Kind
	if len(e.Aliases) > 0 {
		if d != "" {
			d += "; "
		}
		d += "also " + strings.Join(e.Aliases, ", ")
	}
	return d
}

const ansiRed = "\x1b[1;31m"

// writeComparisonText writes the comparison's sections as plain text.
func writeComparisonText(w io.Writer, v *cmpView, paint func(code, s string) string) {
	mark := func(m string) string { return paint(ansiCyan, m) }
	head := func(s string) { fmt.Fprintln(w, paint(ansiBold, s)) }
	none := func() { fmt.Fprintln(w, paint(ansiDim, "  (none)")) }
	facts := func(fs []factView) {
		if len(fs) == 0 {
			none()
		}
		for _, f := range fs {
			wrapItem(w, "  - ", "    ", f.Text, bracketKeys(f.Keys), 80, mark)
		}
		fmt.Fprintln(w)
	}
	head("Reported by all")
	facts(v.All)
	if len(v.Several) > 0 {
		head("Reported by several")
		facts(v.Several)
	}
	for _, o := range v.Only {
		head(o.title())
		facts(o.Facts)
	}
	head("Figures")
	if len(v.Figures) == 0 {
		none()
	}
	for _, f := range v.Figures {
		what := f.Label
		verdict := "AGREE"
		switch {
		case !f.Agree:
			verdict = paint(ansiRed, "CONFLICT")
		case f.Single:
			verdict = "one source"
		}
		fmt.Fprintf(w, "  %s: %s\n", what, verdict)
		for _, val := range f.Values {
			fmt.Fprintf(w, "    %s %s %s\n", mark("["+val.Key+"]"), val.Text, paint(ansiDim, val.detail()))
		}
	}
	fmt.Fprintln(w)
	head("Quote versions")
	if len(v.Quotes) == 0 {
		none()
	}
	for _, q := range v.Quotes {
		speaker := q.Speaker
		if speaker == "" {
			speaker = "Speaker not named"
		}
		fmt.Fprintf(w, "  %s\n", speaker)
		for _, ver := range q.Versions {
			wrapItem(w, "    "+mark("["+ver.Key+"]")+" ", "        ", "“"+ver.Text+"”", "", 80, mark)
			if len(ver.Diff) > 0 {
				wrapItem(w, "        diff: ", "              ", diffText(ver.Diff, "[-", "-]", "{+", "+}", nil), "", 80, mark)
			}
		}
	}
	fmt.Fprintln(w)
	head("Who said what")
	if len(v.Speakers) == 0 {
		none()
	}
	for _, s := range v.Speakers {
		fmt.Fprintf(w, "  %s\n", s.Name)
		for _, q := range s.Quotes {
			wrapItem(w, "    - ", "      ", "“"+q.Text+"”", bracketKeys(q.Keys), 80, mark)
		}
	}
	fmt.Fprintln(w)
	head("Names")
	if len(v.Names) == 0 {
		none()
	}
	for _, e := range v.Names {
		line := e.Name
		if d := e.detail(); d != "" {
			line += " (" + d + ")"
		}
		wrapItem(w, "  - ", "    ", line, bracketKeys(e.Keys), 80, mark)
	}
	fmt.Fprintln(w)
}

// diffText writes diff ops as one string, the removed and added runs
// between the given brackets; esc escapes the words when not nil.
func diffText(ops []parallax.DiffOp, delOpen, delClose, insOpen, insClose string, esc func(string) string) string {
	var parts []string
	changed := false
	for _, op := range ops {
		t := strings.TrimSpace(op.Text)
		if t == "" {
			continue
		}
		if esc != nil {
			t = esc(t)
		}
		switch op.Op {
		case "-":
			changed = true
			t = delOpen + t + delClose
		case "+":
			changed = true
			t = insOpen + t + insClose
		}
		parts = append(parts, t)
	}
	if !changed {
		return "(the same words)"
	}
	return strings.Join(parts, " ")
}

// wrapItem writes one item: first is the prefix of its first line, indent
// that of the others, and marks follow the last word.
func wrapItem(w io.Writer, first, indent, text, marks string, width int, paintMarks func(string) string) {
	words := strings.Fields(text)
	io.WriteString(w, first)
	start := visibleLen(first)
	col := start
	for i, word := range words {
		n := utf8.RuneCountInString(word)
		if i == len(words)-1 && marks != "" {
			n += len(marks) + 1
		}
		if col > start && col+1+n > width {
			io.WriteString(w, "\n"+indent)
			col = utf8.RuneCountInString(indent)
			start = col
		}
		if col > start {
			io.WriteString(w, " ")
			col++
		}
		io.WriteString(w, word)
		col += utf8.RuneCountInString(word)
	}
	if marks != "" {
		io.WriteString(w, " "+paintMarks(marks))
	}
	io.WriteString(w, "\n")
}

// visibleLen counts the runes of s that a terminal shows (no colour codes).
func visibleLen(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		if s[i] == 0x1b {
			for i < len(s) && s[i] != 'm' {
				i++
			}
			continue
		}
		if s[i] < utf8.RuneSelf || utf8.RuneStart(s[i]) {
			n++
		}
	}
	return n
}

// writeComparisonMarkdown writes the comparison's sections as Markdown,
// their headings at the given level ("##").
func writeComparisonMarkdown(w io.Writer, v *cmpView, level string) {
	marks := func(keys []string) string {
		var b strings.Builder
		for _, k := range keys {
			fmt.Fprintf(&b, " [%s]", k)
		}
		return b.String()
	}
	head := func(s string) { fmt.Fprintf(w, "%s %s\n\n", level, s) }
	facts := func(fs []factView) {
		if len(fs) == 0 {
			fmt.Fprint(w, "*None.*\n\n")
			return
		}
		for _, f := range fs {
			fmt.Fprintf(w, "- %s%s\n", mdEscape(f.Text), marks(f.Keys))
		}
		fmt.Fprintln(w)
	}
	head("Reported by all")
	facts(v.All)
	if len(v.Several) > 0 {
		head("Reported by several")
		facts(v.Several)
	}
	for _, o := range v.Only {
		head("Only in " + mdEscape(o.Name) + " \\[" + o.Key + "\\]")
		facts(o.Facts)
	}
	head("Figures")
	if len(v.Figures) == 0 {
		fmt.Fprint(w, "*None.*\n\n")
	}
	for _, f := range v.Figures {
		what := f.Label
		verdict := "agree"
		switch {
		case !f.Agree:
			verdict = "**CONFLICT**"
		case f.Single:
			verdict = "one source"
		}
		fmt.Fprintf(w, "- %s: %s\n", mdEscape(what), verdict)
		for _, val := range f.Values {
			fmt.Fprintf(w, "  - [%s] %s %s\n", val.Key, mdEscape(val.Text), mdEscape(val.detail()))
		}
	}
	if len(v.Figures) > 0 {
		fmt.Fprintln(w)
	}
	head("Quote versions")
	if len(v.Quotes) == 0 {
		fmt.Fprint(w, "*None.*\n\n")
	}
	for _, q := range v.Quotes {
		speaker := q.Speaker
		if speaker == "" {
			speaker = "Speaker not named"
		}
		fmt.Fprintf(w, "- %s\n", mdEscape(speaker))
		for _, ver := range q.Versions {
			fmt.Fprintf(w, "  - [%s] “%s”\n", ver.Key, mdEscape(ver.Text))
			if len(ver.Diff) > 0 {
				fmt.Fprintf(w, "    - diff: %s\n", diffText(ver.Diff, "~~", "~~", "**", "**", mdEscape))
			}
		}
	}
	if len(v.Quotes) > 0 {
		fmt.Fprintln(w)
	}
	head("Who said what")
	if len(v.Speakers) == 0 {
		fmt.Fprint(w, "*None.*\n\n")
	}
	for _, s := range v.Speakers {
		fmt.Fprintf(w, "- **%s**\n", mdEscape(s.Name))
		for _, q := range s.Quotes {
			fmt.Fprintf(w, "  - “%s”%s\n", mdEscape(q.Text), marks(q.Keys))
		}
	}
	if len(v.Speakers) > 0 {
		fmt.Fprintln(w)
	}
	head("Names")
	if len(v.Names) == 0 {
		fmt.Fprint(w, "*None.*\n\n")
	}
	for _, e := range v.Names {
		line := "**" + mdEscape(e.Name) + "**"
		if d := e.detail(); d != "" {
			line += " (" + mdEscape(d) + ")"
		}
		fmt.Fprintf(w, "- %s%s\n", line, marks(e.Keys))
	}
	if len(v.Names) > 0 {
		fmt.Fprintln(w)
	}
}
