package ingest

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strconv"
	"strings"

	"github.com/parallaxnews/parallax/internal/news"
)

// record is one JSON object of an article JSONL line, an MDS JSONL line or
// a document of one; the field names of all three are accepted.
type record struct {
	ID         flexString      `json:"id"`
	Title      flexString      `json:"title"`
	Headline   flexString      `json:"headline"`
	Date       flexString      `json:"date"`
	Published  flexString      `json:"published"`
	Source     flexString      `json:"source"`
	Outlet     flexString      `json:"outlet"`
	URL        flexString      `json:"url"`
	Byline     flexString      `json:"byline"`
	Author     flexString      `json:"author"`
	Text       *flexString     `json:"text"`
	Body       *flexString     `json:"body"`
	Query      *flexString     `json:"query"`
	Documents  json.RawMessage `json:"documents"`
	References json.RawMessage `json:"references"`
	UpdateOf   json.RawMessage `json:"update_of"`
}

// flexString is a JSON string that also accepts a number, a boolean, null
// or an array of those (joined with ", ").
type flexString string

func (f *flexString) UnmarshalJSON(b []byte) error {
	b = bytes.TrimSpace(b)
	switch {
	case len(b) == 0 || string(b) == "null":
		*f = ""
		return nil
	case b[0] == '"':
		var s string
		if err := json.Unmarshal(b, &s); err != nil {
			return err
		}
		*f = flexString(s)
		return nil
	case b[0] == '[':
		var parts []flexString
		if err := json.Unmarshal(b, &parts); err != nil {
			return err
		}
		ss := make([]string, 0, len(parts))
		for _, p := range parts {
			if p != "" {
				ss = append(ss, string(p))
			}
		}
		*f = flexString(strings.Join(ss, ", "))
		return nil
	case b[0] == '{':
		return &json.UnmarshalTypeError{Value: "object", Type: reflect.TypeFor[string]()}
	}
	*f = flexString(b) // a number or a boolean, as written
	return nil
}

func (f *flexString) String() string {
	if f == nil {
		return ""
	}
	return strings.TrimSpace(string(*f))
}

func first(ss ...flexString) string {
	for _, s := range ss {
		if t := strings.TrimSpace(string(s)); t != "" {
			return t
		}
	}
	return ""
}

// decodeRecord decodes one JSON object, returning the field at fault with
// any error.
func decodeRecord(b []byte, rec *record) (field string, err error) {
	b = bytes.TrimSpace(b)
	if len(b) == 0 || b[0] != '{' {
		if !json.Valid(b) {
			var v any
			return "", fmt.Errorf("invalid JSON: %w", json.Unmarshal(b, &v))
		}
		return "", errors.New("not a JSON object")
	}
	err = json.Unmarshal(b, rec)
	if err == nil {
		return "", nil
	}
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return "", fmt.Errorf("invalid JSON: %w", err)
	case errors.As(err, &te):
		f := te.Field
		if f == "" {
			f = te.Struct
		}
		return f, fmt.Errorf("want %s, have %s", jsonKind(te.Type), te.Value)
	}
	return "", err
}

func jsonKind(t reflect.Type) string {
	if t == nil {
		return "another type"
	}
	switch t.Kind() {
	case reflect.String:
		return "a string"
	case reflect.Slice:
		return "an array"
	case reflect.Struct, reflect.Map:
		return "an object"
	}
	return t.String()
}

// isStory reports whether the record is an MDS line rather than an article.
func (rec *record) isStory() bool {
	return rec.Documents != nil || rec.References != nil || rec.Query != nil ||
		(rec.Text == nil && rec.Body == nil && rec.UpdateOf != nil)
}

func present(raw json.RawMessage) bool {
	t := bytes.TrimSpace(raw)
	return len(t) > 0 && string(t) != "null"
}

// article makes an article of the record. field prefixes the names of
// fields in errors ("documents[3].").
func (rec *record) article(path string, line int, field string, opt Options) (news.Article, error) {
	text := rec.Text
	if text == nil || (text.String() == "" && rec.Body != nil) {
		text = rec.Body
	}
	if text == nil {
		return news.Article{}, &Error{Path: path, Line: line, Field: field + "text", Err: ErrMissing}
	}
	a := news.Article{
		ID:        first(rec.ID),
		URL:       first(rec.URL),
		Outlet:    first(rec.Source, rec.Outlet),
		Title:     normalize(first(rec.Title, rec.Headline)),
		Byline:    normalize(first(rec.Byline, rec.Author)),
		Published: parseDate(first(rec.Date, rec.Published)),
		Origin:    path + ":" + strconv.Itoa(line),
	}
	if err := finish(&a, normalize(string(*text)), opt, textSource{}); err != nil {
		return news.Article{}, &Error{Path: path, Line: line, Field: field + "text", Err: err}
	}
	return a, nil
}

// story makes a story of an MDS record: its documents become articles.
// Documents that cannot be read are skipped and reported in warns; err
// reports a line that yields no story.
func (rec *record) story(path string, line int, idBase string, opt Options) (st news.Story, warns []error, err error) {
	fail := func(field string, err error) (news.Story, []error, error) {
		return news.Story{}, warns, &Error{Path: path, Line: line, Field: field, Err: err}
	}
	if !present(rec.Documents) {
		return fail("documents", ErrMissing)
	}
	var docs []json.RawMessage
	if err := json.Unmarshal(rec.Documents, &docs); err != nil {
		return fail("documents", errors.New("want an array"))
	}
	if len(docs) == 0 {
		return fail("documents", ErrEmpty)
	}
	st = news.Story{
		ID:     first(rec.ID),
		Query:  normalize(rec.Query.String()),
		Origin: path + ":" + strconv.Itoa(line),
	}
	if st.ID == "" {
		st.ID = idBase + "-" + strconv.Itoa(line)
	}
	if present(rec.References) {
		var refs []flexString
		if err := json.Unmarshal(rec.References, &refs); err != nil {
			return fail("references", errors.New("want an array of strings"))
		}
		for _, r := range refs {
			st.References = append(st.References, normalize(string(r)))
		}
	}
	if present(rec.UpdateOf) {
		var ups []flexString
		if err := json.Unmarshal(rec.UpdateOf, &ups); err != nil {
			return fail("update_of", errors.New("want an array of strings"))
		}
		for _, u := range ups {
			st.UpdateOf = append(st.UpdateOf, string(u))
		}
	}
	for i, raw := range docs {
		prefix := "documents[" + strconv.Itoa(i) + "]"
		var d record
		if field, err := decodeRecord(raw, &d); err != nil {
			if field != "" {
				prefix += "." + field
			}
			warns = append(warns, &Error{Path: path, Line: line, Field: prefix, Err: err})
			continue
		}
		a, err := d.article(path, line, prefix+".", opt)
		if err != nil {
			warns = append(warns, err)
			continue
		}
		if a.ID == "" {
			a.ID = st.ID + "-" + strconv.Itoa(i+1)
		}
		st.Articles = append(st.Articles, a)
	}
	if len(st.Articles) == 0 {
		return fail("documents", errors.New("no document could be read"))
	}
	return st, warns, nil
}
