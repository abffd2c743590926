package ingest

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"path/filepath"

	"github.com/parallaxnews/parallax/internal/news"
)

// StoryReader reads stories from MDS JSONL, one line at a time, so that a
// set of any size is read in constant memory:
//
//	{"id", "query", "documents": [{"id","title","date","source","text"}], "references": [...], "update_of": [...]}
//
// Lines may be of any length.
type StoryReader struct {
	lr     *lineReader
	name   string
	opt    Options
	warn   []error
	br     *bufio.Reader
	peeked bool
}

// NewStoryReader returns a StoryReader that reads r, naming it name in
// errors and origins.
func NewStoryReader(r io.Reader, name string, opt Options) *StoryReader {
	br := bufio.NewReaderSize(r, 64<<10)
	return &StoryReader{lr: newLineReader(br), br: br, name: name, opt: opt}
}

// Next returns the next story. It returns io.EOF after the last one. A line
// that cannot be read as a story is reported as an [*Error], and the next
// call goes on with the line after it. Documents of a story that cannot be
// read (empty text, say) are left out of it and reported by
// [StoryReader.Warnings].
func (r *StoryReader) Next() (news.Story, error) {
	if !r.peeked {
		r.peeked = true
		head, _ := r.br.Peek(sniffLen)
		if isBinary(head) {
			r.lr.err = io.EOF
			return news.Story{}, &Error{Path: r.name, Err: ErrBinary}
		}
	}
	for {
		b, line, err := r.lr.next()
		if err == io.EOF {
			return news.Story{}, io.EOF
		}
		if err != nil {
			return news.Story{}, &Error{Path: r.name, Line: line, Err: err}
		}
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		var rec record
		if field, err := decodeRecord(b, &rec); err != nil {
			return news.Story{}, &Error{Path: r.name, Line: line, Field: field, Err: err}
		}
		st, warns, err := rec.story(r.name, line, stripExt(filepath.Base(r.name)), r.opt)
		r.warn = append(r.warn, warns...)
		if err != nil {
			return news.Story{}, err
		}
		return st, nil
	}
}

// Warnings returns the problems with documents met since the last call,
// each an [*Error], and forgets them.
func (r *StoryReader) Warnings() []error {
	w := r.warn
	r.warn = nil
	return w
}

// ReadStories reads all the stories of an MDS JSONL file, or of opt.Stdin
// when path is "-". Lines and documents that cannot be read are reported
// in errs, and the rest is read.
func ReadStories(ctx context.Context, path string, opt Options) (stories []news.Story, errs []error) {
	var rd io.Reader
	name := path
	if path == "-" {
		name = "stdin"
		if opt.Stdin == nil {
			return nil, []error{&Error{Path: name, Err: errors.New("no standard input given")}}
		}
		rd = opt.Stdin
	} else {
		f, err := os.Open(path)
		if err != nil {
			return nil, []error{&Error{Path: path, Err: pathErr(err)}}
		}
		defer f.Close()
		rd = f
	}
	sr := NewStoryReader(rd, name, opt)
	lines := 0
	for {
		if err := ctx.Err(); err != nil {
			errs = append(errs, err)
			break
		}
		st, err := sr.Next()
		errs = append(errs, sr.Warnings()...)
		if err == io.EOF {
			break
		}
		lines++
		if err != nil {
			errs = append(errs, err)
			continue
		}
		stories = append(stories, st)
	}
	if lines == 0 && len(errs) == 0 {
		errs = append(errs, &Error{Path: name, Err: ErrEmptyFile})
	}
	return stories, errs
}
