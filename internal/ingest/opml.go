package ingest

import (
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"strings"

	"golang.org/x/net/html/charset"
)

// Subscription is one feed of an OPML subscription list.
type Subscription struct {
	// Title is the feed's name (the outline's title, else its text).
	Title string `json:"title,omitempty"`
	// XMLURL is the feed's address.
	XMLURL string `json:"xml_url"`
	// HTMLURL is the site's home page, when given.
	HTMLURL string `json:"html_url,omitempty"`
	// Category is the path of folders the feed is filed under, their
	// names joined by "/" ("News/Europe"); empty at the top level.
	Category string `json:"category,omitempty"`
}

// MaxOPMLSize bounds the bytes ReadOPML reads.
const MaxOPMLSize = 16 << 20

// ReadOPML reads an OPML subscription list (1.0 or 2.0): every <outline>
// with an xmlUrl attribute (matched without regard to case, as some
// exporters write "xmlurl") is a feed, filed under the outlines that
// enclose it; an outline's own category attribute is used when it is not
// nested. Outlines without xmlUrl only group others. name labels the
// document in errors.
func ReadOPML(r io.Reader, name string) ([]Subscription, error) {
	b, err := io.ReadAll(io.LimitReader(r, MaxOPMLSize+1))
	if err != nil {
		return nil, &Error{Path: name, Err: err}
	}
	if len(b) > MaxOPMLSize {
		return nil, &Error{Path: name, Err: fmt.Errorf("OPML larger than %d MB", MaxOPMLSize>>20)}
	}
	if len(bytes.TrimSpace(b)) == 0 {
		return nil, &Error{Path: name, Err: ErrEmptyFile}
	}
	dec := xml.NewDecoder(bytes.NewReader(b))
	dec.CharsetReader = charset.NewReaderLabel
	var doc opmlIn
	if err := dec.Decode(&doc); err != nil {
		var se *xml.SyntaxError
		if err == io.EOF {
			return nil, &Error{Path: name, Err: fmt.Errorf("%w OPML: no XML element", ErrMalformed)}
		}
		if errors.As(err, &se) {
			return nil, &Error{Path: name, Line: se.Line, Err: fmt.Errorf("%w OPML: %s", ErrMalformed, se.Msg)}
		}
		return nil, &Error{Path: name, Err: fmt.Errorf("malformed OPML: %w", err)}
	}
	if doc.XMLName.Local != "opml" {
		return nil, &Error{Path: name, Err: fmt.Errorf("%w: root element <%s>, not <opml>", ErrUnsupported, doc.XMLName.Local)}
	}
	// Decode stops after the root element; anything but space, comments
	// and processing instructions after it is an error.
	for {
		tok, err := dec.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, &Error{Path: name, Err: fmt.Errorf("malformed OPML after </opml>: %w", err)}
		}
		if _, ok := tok.(xml.CharData); ok && len(bytes.TrimSpace(tok.(xml.CharData))) != 0 || isElement(tok) {
			return nil, &Error{Path: name, Err: fmt.Errorf("%w OPML: content after </opml>", ErrMalformed)}
		}
	}
	var subs []Subscription
	var walk func(outs []opmlOutlineIn, path []string)
	walk = func(outs []opmlOutlineIn, path []string) {
		for _, o := range outs {
			a := o.attrs()
			title := strings.TrimSpace(a["title"])
			if title == "" {
				title = strings.TrimSpace(a["text"])
			}
			if u := strings.TrimSpace(a["xmlurl"]); u != "" {
				cat := strings.Join(path, "/")
				if cat == "" {
					cat = firstCategory(a["category"])
				}
				subs = append(subs, Subscription{Title: title, XMLURL: u, HTMLURL: strings.TrimSpace(a["htmlurl"]), Category: cat})
			}
			if len(o.Outlines) > 0 {
				sub := path
				if title != "" {
					sub = append(path[:len(path):len(path)], strings.ReplaceAll(title, "/", "∕"))
				}
				walk(o.Outlines, sub)
			}
		}
	}
	walk(doc.Body.Outlines, nil)
	if len(subs) == 0 {
		return nil, &Error{Path: name, Err: fmt.Errorf("%w: no outline with an xmlUrl", ErrEmpty)}
	}
	return subs, nil
}

func isElement(tok xml.Token) bool {
	switch tok.(type) {
	case xml.StartElement, xml.EndElement:
		return true
	}
	return false
}

// firstCategory returns the first path of an OPML category attribute (a
// comma-separated list of slash-separated paths), without its leading
// slash.
func firstCategory(s string) string {
	first, _, _ := strings.Cut(s, ",")
	return strings.Trim(strings.TrimSpace(first), "/")
}

type opmlIn struct {
	XMLName xml.Name
	Body    struct {
		Outlines []opmlOutlineIn `xml:"outline"`
	} `xml:"body"`
}

type opmlOutlineIn struct {
	Attrs    []xml.Attr      `xml:",any,attr"`
	Outlines []opmlOutlineIn `xml:"outline"`
}

// attrs returns the outline's attributes by lower-cased name.
func (o opmlOutlineIn) attrs() map[string]string {
	m := make(map[string]string, len(o.Attrs))
	for _, a := range o.Attrs {
		k := strings.ToLower(a.Name.Local)
		if _, ok := m[k]; !ok {
			m[k] = a.Value
		}
	}
	return m
}

type opmlOut struct {
	XMLName xml.Name `xml:"opml"`
	Version string   `xml:"version,attr"`
	Head    struct {
		Title string `xml:"title"`
	} `xml:"head"`
	Body struct {
		Outlines []*opmlOutlineOut `xml:"outline"`
	} `xml:"body"`
}

type opmlOutlineOut struct {
	Text     string            `xml:"text,attr"`
	Title    string            `xml:"title,attr,omitempty"`
	Type     string            `xml:"type,attr,omitempty"`
	XMLURL   string            `xml:"xmlUrl,attr,omitempty"`
	HTMLURL  string            `xml:"htmlUrl,attr,omitempty"`
	Outlines []*opmlOutlineOut `xml:"outline"`
}

// WriteOPML writes subs as an OPML 2.0 document titled title: each
// category becomes a folder outline (nested along its "/" path), holding
// its feeds as outlines of type "rss", folders and feeds in the order they
// first appear in subs. A subscription without an XMLURL is an error.
func WriteOPML(w io.Writer, title string, subs []Subscription) error {
	var doc opmlOut
	doc.Version = "2.0"
	doc.Head.Title = title
	root := &opmlOutlineOut{}
	folders := map[string]*opmlOutlineOut{"": root}
	var folder func(path string) *opmlOutlineOut
	folder = func(path string) *opmlOutlineOut {
		if f, ok := folders[path]; ok {
			return f
		}
		parent, leaf := "", path
		if i := strings.LastIndexByte(path, '/'); i >= 0 {
			parent, leaf = path[:i], path[i+1:]
		}
		f := &opmlOutlineOut{Text: leaf, Title: leaf}
		p := folder(parent)
		p.Outlines = append(p.Outlines, f)
		folders[path] = f
		return f
	}
	for i, s := range subs {
		u := strings.TrimSpace(s.XMLURL)
		if u == "" {
			return fmt.Errorf("write OPML: subscription %d (%q): no feed URL", i+1, s.Title)
		}
		text := s.Title
		if text == "" {
			text = u
		}
		f := folder(strings.Trim(s.Category, "/"))
		f.Outlines = append(f.Outlines, &opmlOutlineOut{Text: text, Title: s.Title, Type: "rss", XMLURL: u, HTMLURL: s.HTMLURL})
	}
	doc.Body.Outlines = root.Outlines
	if _, err := io.WriteString(w, xml.Header); err != nil {
		return err
	}
	enc := xml.NewEncoder(w)
	enc.Indent("", "  ")
	if err := enc.Encode(doc); err != nil {
		return fmt.Errorf("write OPML: %w", err)
	}
	_, err := io.WriteString(w, "\n")
	return err
}
