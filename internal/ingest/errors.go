package ingest

import (
	"errors"
	"strconv"
	"strings"
)

// Errors that an [*Error] wraps.
var (
	ErrEmptyFile   = errors.New("empty file")
	ErrBinary      = errors.New("binary file")
	ErrMissing     = errors.New("missing")
	ErrEmpty       = errors.New("empty")
	ErrUnsupported = errors.New("unsupported format")
	// ErrMalformed: a feed or OPML file that is not well-formed.
	ErrMalformed = errors.New("malformed")
)

// Error is a problem with one item of the input: a file, a line of a JSONL
// file, a document of an MDS line, or one of their fields.
type Error struct {
	Path  string // the file as named by the caller, or "stdin"
	Line  int    // 1-based line number, or 0 when the problem is with the whole file
	Field string // the field at fault, such as "documents" or "documents[2].text"; may be empty
	Err   error
}

// Error reads like "seeds.jsonl:12: documents: missing" or "a.txt: empty file".
func (e *Error) Error() string {
	var b strings.Builder
	b.WriteString(e.Path)
	if e.Line > 0 {
		b.WriteByte(':')
		b.WriteString(strconv.Itoa(e.Line))
	}
	if e.Field != "" {
		b.WriteString(": ")
		b.WriteString(e.Field)
	}
	b.WriteString(": ")
	if e.Err != nil {
		b.WriteString(e.Err.Error())
	} else {
		b.WriteString("unknown error")
	}
	return b.String()
}

// Unwrap returns the underlying error.
func (e *Error) Unwrap() error { return e.Err }
