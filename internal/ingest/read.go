package ingest

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"

	"github.com/parallaxnews/parallax/internal/news"
)

// Options control how articles are read. The zero value removes page chrome
// and has no standard input.
type Options struct {
	// Stdin is read for the path "-".
	Stdin io.Reader
	// KeepChrome leaves page chrome in article bodies; bylines and
	// datelines then stay in the text too.
	KeepChrome bool
	// Fetch reads the article at a URL: a path that starts with http://
	// or https:// is given to it. Without it such paths are errors
	// ([ErrNoFetch]). The command sets it to a fetcher built on
	// internal/fetch (which this package does not import).
	Fetch func(ctx context.Context, url string) (news.Article, error)
}

// ReadPaths reads the articles in paths. Each path is a file, a directory
// (its regular files are read recursively in lexical order, skipping hidden
// files and files that are plainly not text, such as images), or "-" for
// opt.Stdin.
//
// A file's format is told by its extension and then by its content: article
// JSONL ({"id","title","date","source","url","text"} a line; "outlet",
// "published" and "body" are accepted too) or MDS JSONL (a line with
// "documents", each of which becomes an article) for .jsonl, .ndjson and
// .json; DUC-style SGML for .sgml, .sgm, .xml or content that starts with
// <DOC>; plain text otherwise. A plain text file may open with a header of
// "Key: value" lines (Title, Outlet or Source, Date or Published, URL,
// Byline, By or Author) ended by a blank line; without one, a first line
// that reads as a headline becomes the title.
//
// Article IDs come from the data, or else from the file name without its
// extension (relative to the directory when read from one); they are made
// unique within the call by adding "-2", "-3", ….
//
// Every problem with one item is reported as an [*Error] in the returned
// slice and the other items are still read. ReadPaths stops early, with
// ctx.Err() as the last error, when ctx is done.
func ReadPaths(ctx context.Context, paths []string, opt Options) ([]news.Article, []error) {
	r := &pathReader{ctx: ctx, opt: opt, ids: make(map[string]bool)}
	for _, p := range paths {
		if err := ctx.Err(); err != nil {
			r.errs = append(r.errs, err)
			break
		}
		r.readPath(p)
	}
	if err := ctx.Err(); err != nil && (len(r.errs) == 0 || r.errs[len(r.errs)-1] != err) {
		r.errs = append(r.errs, err)
	}
	return r.arts, r.errs
}

type pathReader struct {
	ctx  context.Context
	opt  Options
	arts []news.Article
	errs []error
	ids  map[string]bool
}

func (r *pathReader) fail(path string, line int, field string, err error) {
	r.errs = append(r.errs, &Error{Path: path, Line: line, Field: field, Err: err})
}

// add appends a, making its ID unique among the articles read so far.
func (r *pathReader) add(a news.Article) {
	id := a.ID
	if id == "" {
		id = "article"
	}
	if r.ids[id] {
		for n := 2; ; n++ {
			c := fmt.Sprintf("%s-%d", id, n)
			if !r.ids[c] {
				id = c
				break
			}
		}
	}
	r.ids[id] = true
	a.ID = id
	r.arts = append(r.arts, a)
}

func (r *pathReader) readPath(p string) {
	if IsURL(p) {
		r.readURL(p)
		return
	}
	if p == "-" {
		if r.opt.Stdin == nil {
			r.fail("stdin", 0, "", errors.New("no standard input given"))
			return
		}
		r.readStream(r.opt.Stdin, "stdin", "stdin", "")
		return
	}
	fi, err := os.Stat(p)
	if err != nil {
		r.fail(p, 0, "", pathErr(err))
		return
	}
	if fi.IsDir() {
		r.readDir(p)
		return
	}
	if !fi.Mode().IsRegular() {
		r.fail(p, 0, "", errors.New("not a regular file"))
		return
	}
	r.readFile(p, stripExt(filepath.Base(p)))
}

// pathErr drops the operation and path that an *fs.PathError repeats.
func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

func stripExt(name string) string {
	if ext := filepath.Ext(name); ext != "" && ext != name {
		return strings.TrimSuffix(name, ext)
	}
	return name
}

func (r *pathReader) readDir(root string) {
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if cerr := r.ctx.Err(); cerr != nil {
			return cerr
		}
		if err != nil {
			r.fail(path, 0, "", pathErr(err))
			if d != nil && d.IsDir() && path != root {
				return fs.SkipDir
			}
			return nil
		}
		name := d.Name()
		if path != root && strings.HasPrefix(name, ".") {
			if d.IsDir() {
				return fs.SkipDir
			}
			return nil
		}
		if d.IsDir() || skipExt[strings.ToLower(filepath.Ext(name))] && !isHTMLName(name) {
			return nil
		}
		if !d.Type().IsRegular() {
			// Follow a symbolic link to a regular file; skip anything else.
			fi, err := os.Stat(path)
			if err != nil || !fi.Mode().IsRegular() {
				return nil
			}
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			rel = name
		}
		r.readFile(path, filepath.ToSlash(stripExt(rel)))
		return nil
	})
	if err != nil && r.ctx.Err() == nil {
		r.fail(root, 0, "", pathErr(err))
	}
}

// skipExt are extensions of files that a directory walk passes over: they
// are plainly not articles.
var skipExt = set(".jpg", ".jpeg", ".png", ".gif", ".webp", ".bmp", ".tif", ".tiff", ".ico", ".svg", ".heic",
	".avif", ".psd", ".mp3", ".mp4", ".m4a", ".m4v", ".mov", ".avi", ".mkv", ".webm", ".wav", ".flac", ".ogg",
	".pdf", ".zip", ".gz", ".tgz", ".bz2", ".xz", ".zst", ".7z", ".rar", ".tar", ".jar", ".exe", ".dll", ".so",
	".dylib", ".o", ".a", ".bin", ".class", ".pyc", ".woff", ".woff2", ".ttf", ".otf", ".eot", ".doc", ".docx",
	".xls", ".xlsx", ".ppt", ".pptx", ".odt", ".epub", ".db", ".sqlite", ".parquet", ".pkl", ".npy", ".pt")

func (r *pathReader) readFile(path, idBase string) {
	f, err := os.Open(path)
	if err != nil {
		r.fail(path, 0, "", pathErr(err))
		return
	}
	defer f.Close()
	if isHTMLName(path) && strings.EqualFold(filepath.Ext(path), ".gz") {
		r.readGzipHTML(f, path, stripExt(idBase))
		return
	}
	r.readStream(f, path, idBase, strings.ToLower(filepath.Ext(path)))
}

type format int

const (
	formatUnknown format = iota
	formatText
	formatJSONL
	formatJSON
	formatSGML
	formatHTML
)

func formatOf(ext string) format {
	switch ext {
	case ".jsonl", ".ndjson":
		return formatJSONL
	case ".json":
		return formatJSON
	case ".sgml", ".sgm", ".xml":
		return formatSGML
	case ".html", ".htm", ".xhtml":
		return formatHTML
	case ".txt", ".text":
		return formatText
	}
	return formatUnknown
}

// sniff tells the format of decoded text from its start.
func sniff(text string) format {
	t := strings.TrimLeft(text, " \t\n")
	head := asciiLower(t[:min(len(t), 64)])
	switch {
	case strings.HasPrefix(t, "{") || strings.HasPrefix(t, "["):
		return formatJSON
	case hasTag(head, "doc"):
		return formatSGML
	case strings.HasPrefix(head, "<!doctype html"), hasTag(head, "html"):
		return formatHTML
	}
	return formatText
}

// hasTag reports whether lower starts with the tag <name> or <name ...>.
func hasTag(lower, name string) bool {
	rest, ok := strings.CutPrefix(lower, "<"+name)
	return ok && (rest == "" || rest[0] == '>' || rest[0] == ' ' || rest[0] == '\t' || rest[0] == '\n')
}

func (r *pathReader) readStream(rd io.Reader, name, idBase, ext string) {
	br := bufio.NewReaderSize(rd, 64<<10)
	head, err := br.Peek(sniffLen)
	if len(head) == 0 {
		if err != nil && err != io.EOF {
			r.fail(name, 0, "", err)
		} else {
			r.fail(name, 0, "", ErrEmptyFile)
		}
		return
	}
	f := formatOf(ext)
	if f == formatJSONL && !bytes.HasPrefix(head, []byte{0xFF, 0xFE}) && !bytes.HasPrefix(head, []byte{0xFE, 0xFF}) {
		if isBinary(head) {
			r.fail(name, 0, "", ErrBinary)
			return
		}
		r.readJSONL(br, name, idBase)
		return
	}
	b, err := io.ReadAll(br)
	if err != nil {
		r.fail(name, 0, "", err)
		return
	}
	// Feeds: .rss and .atom files, and .xml and .json files that start
	// like a feed, are read by ReadFeed from their bytes (the XML
	// declaration names their encoding).
	if ext == ".rss" || ext == ".atom" || (ext == ".xml" || ext == ".json") && IsFeed(b) {
		r.readFeed(b, name, idBase)
		return
	}
	if ext == ".opml" {
		r.readOPML(b, name)
		return
	}
	if f == formatHTML {
		r.readHTMLFile(b, name, idBase)
		return
	}
	text, err := Decode(b)
	if err != nil {
		r.fail(name, 0, "", err)
		return
	}
	if strings.TrimSpace(text) == "" {
		r.fail(name, 0, "", ErrEmptyFile)
		return
	}
	if f == formatUnknown || f == formatText && ext == "" {
		f = sniff(text)
	}
	switch f {
	case formatJSONL:
		r.readJSONL(strings.NewReader(text), name, idBase)
	case formatJSON:
		r.readJSON(text, name, idBase)
	case formatSGML:
		r.readSGML(text, name, idBase)
	case formatHTML:
		r.readHTMLFile(b, name, idBase)
	default:
		r.readText(text, name, idBase)
	}
}

func (r *pathReader) readText(text, name, idBase string) {
	a := news.Article{ID: idBase, Origin: name}
	if err := finish(&a, text, r.opt, textSource{name: filepath.Base(name)}); err != nil {
		r.fail(name, 0, "", err)
		return
	}
	r.add(a)
}

// readJSON reads a .json file: a JSON array of records, one record, or,
// failing those, JSONL.
func (r *pathReader) readJSON(text, name, idBase string) {
	t := strings.TrimSpace(text)
	if !json.Valid([]byte(t)) {
		if strings.HasPrefix(t, "{") || strings.HasPrefix(t, "[") {
			r.readJSONL(strings.NewReader(text), name, idBase)
		} else {
			r.readText(text, name, idBase)
		}
		return
	}
	lead := len(text) - len(strings.TrimLeft(text, " \t\n"))
	firstLine := 1 + strings.Count(text[:lead], "\n")
	js := &jsonlState{r: r, name: name, idBase: idBase}
	if !strings.HasPrefix(t, "[") {
		js.record([]byte(t), firstLine)
		return
	}
	dec := json.NewDecoder(strings.NewReader(t))
	if _, err := dec.Token(); err != nil {
		r.fail(name, firstLine, "", fmt.Errorf("invalid JSON: %w", err))
		return
	}
	n := 0
	for dec.More() {
		if err := r.ctx.Err(); err != nil {
			return
		}
		// The offset is that of the end of the previous element; the
		// element starts after the separator.
		off := int(dec.InputOffset())
		rest := t[off:]
		start := off + len(rest) - len(strings.TrimLeft(rest, ", \t\n\r"))
		line := firstLine + strings.Count(t[:start], "\n")
		var raw json.RawMessage
		if err := dec.Decode(&raw); err != nil {
			r.fail(name, line, "", fmt.Errorf("invalid JSON: %w", err))
			return
		}
		js.record(raw, line)
		n++
	}
	if n == 0 {
		r.fail(name, 0, "", ErrEmptyFile)
	}
}

// readJSONL reads article or MDS JSONL line by line.
func (r *pathReader) readJSONL(rd io.Reader, name, idBase string) {
	lr := newLineReader(rd)
	js := &jsonlState{r: r, name: name, idBase: idBase}
	n := 0
	for {
		if err := r.ctx.Err(); err != nil {
			return
		}
		b, line, err := lr.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			r.fail(name, line, "", err)
			break
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		n++
		js.record(b, line)
	}
	if n == 0 {
		r.fail(name, 0, "", ErrEmptyFile)
	}
}

// jsonlState reads the records of one JSON or JSONL file into articles.
type jsonlState struct {
	r      *pathReader
	name   string
	idBase string
	mds    bool // the file has held an MDS line
}

func (js *jsonlState) record(b []byte, line int) {
	var rec record
	if field, err := decodeRecord(b, &rec); err != nil {
		js.r.fail(js.name, line, field, err)
		return
	}
	if rec.isStory() || js.mds {
		js.mds = true
		st, warns, err := rec.story(js.name, line, js.idBase, js.r.opt)
		js.r.errs = append(js.r.errs, warns...)
		if err != nil {
			js.r.errs = append(js.r.errs, err)
		}
		for _, a := range st.Articles {
			js.r.add(a)
		}
		return
	}
	a, err := rec.article(js.name, line, "", js.r.opt)
	if err != nil {
		js.r.errs = append(js.r.errs, err)
		return
	}
	if a.ID == "" {
		a.ID = js.idBase
	}
	js.r.add(a)
}

// lineReader reads lines of any length.
type lineReader struct {
	br   *bufio.Reader
	line int
	err  error
}

func newLineReader(rd io.Reader) *lineReader {
	br, ok := rd.(*bufio.Reader)
	if !ok {
		br = bufio.NewReaderSize(rd, 64<<10)
	}
	return &lineReader{br: br}
}

// next returns the next line without its line end, and its 1-based number.
// It returns io.EOF after the last line, and a read error once, followed
// by io.EOF.
func (lr *lineReader) next() ([]byte, int, error) {
	if lr.err != nil {
		return nil, lr.line, io.EOF
	}
	b, err := lr.br.ReadBytes('\n')
	if err != nil {
		lr.err = err
		if len(b) == 0 {
			if err == io.EOF {
				return nil, lr.line, io.EOF
			}
			return nil, lr.line + 1, err
		}
	}
	lr.line++
	b = bytes.TrimRight(b, "\r\n")
	if lr.line == 1 {
		b = bytes.TrimPrefix(b, []byte{0xEF, 0xBB, 0xBF})
	}
	return b, lr.line, nil
}

// asciiLower lower-cases the ASCII letters of s, keeping byte offsets.
func asciiLower(s string) string {
	for i := 0; i < len(s); i++ {
		if c := s[i]; 'A' <= c && c <= 'Z' {
			b := []byte(s)
			for j := i; j < len(b); j++ {
				if c := b[j]; 'A' <= c && c <= 'Z' {
					b[j] = c + 'a' - 'A'
				}
			}
			return string(b)
		}
	}
	return s
}
