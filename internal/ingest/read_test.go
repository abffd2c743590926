package ingest

import (
	"context"
	"errors"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/parallaxnews/parallax/internal/news"
)

func byID(arts []news.Article) map[string]news.Article {
	m := make(map[string]news.Article)
	for _, a := range arts {
		m[a.ID] = a
	}
	return m
}

func errorStrings(errs []error) []string {
	var s []string
	for _, e := range errs {
		s = append(s, e.Error())
	}
	return s
}

func TestReadPathsDir(t *testing.T) {
	arts, errs := ReadPaths(context.Background(), []string{"testdata/dir"}, Options{})
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	if want := []string{"frost", "harbor-gazette", "wire/000_9f3ac2b71d"}; !slices.Equal(ids, want) {
		t.Errorf("IDs = %q, want %q", ids, want)
	}
	if got := errorStrings(errs); !slices.Equal(got, []string{"testdata/dir/empty.txt: empty file"}) {
		t.Errorf("errors = %q", got)
	}
	m := byID(arts)

	h := m["harbor-gazette"]
	if h.Title != "Ferry strike ends after three days of talks in Port Alder" {
		t.Errorf("title = %q", h.Title)
	}
	checks := []struct{ name, got, want string }{
		{"outlet", h.Outlet, "Harbor Gazette"},
		{"byline", h.Byline, "Mara Quint"},
		{"dateline", h.Dateline, "PORT ALDER, Norland (AP)"},
		{"origin", h.Origin, "testdata/dir/harbor-gazette.txt"},
	}
	for _, c := range checks {
		if c.got != c.want {
			t.Errorf("harbor-gazette %s = %q, want %q", c.name, c.got, c.want)
		}
	}
	wantBody := "Ferry crews in Port Alder returned to work on Thursday after union leaders and the harbor authority agreed on a new rota, ending a strike that had stranded some 4,000 commuters.\n\n" +
		"“We did not get everything we asked for, but we got a fair deal,” union spokesman Tobin Reyes told reporters.\n\n" +
		"The strike began on Monday after talks over night shifts broke down. An error in the published timetable added to the confusion, officials said."
	if h.Body != wantBody {
		t.Errorf("harbor-gazette body =\n%s\nwant\n%s", h.Body, wantBody)
	}
	var kinds []string
	for _, c := range h.Chrome {
		kinds = append(kinds, c.Kind)
	}
	wantKinds := []string{KindVideo, KindByline, KindDateline, KindCaption, KindShare, KindShare, KindShare}
	if !slices.Equal(kinds, wantKinds) {
		t.Errorf("chrome kinds = %q, want %q", kinds, wantKinds)
	}

	f := m["frost"]
	if f.Title != "Orchard growers count frost losses" || f.Outlet != "Valley Ledger" || f.Byline != "Pell Ostrander" ||
		f.URL != "https://valley-ledger.example/frost" || !f.Published.Equal(time.Date(2031, 4, 9, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("frost header not applied: %+v", f)
	}
	if strings.Contains(f.Body, "\r") || !strings.HasPrefix(f.Body, "A late frost") || !strings.Contains(f.Body, ".\n\nThe cooperative") {
		t.Errorf("frost body = %q", f.Body)
	}

	w := m["wire/000_9f3ac2b71d"]
	if w.Outlet != "Brightwater Chronicle" {
		t.Errorf("wire outlet = %q, want the credit line's", w.Outlet)
	}
	if w.Title != "" {
		t.Errorf("wire title = %q, want none: its first line is a sentence", w.Title)
	}
	if n := strings.Count(w.Body, "\n\n"); n != 2 {
		t.Errorf("wire body has %d paragraph breaks, want 2 (one line a paragraph):\n%s", n, w.Body)
	}
}

func TestReadPathsFormats(t *testing.T) {
	arts, errs := ReadPaths(context.Background(),
		[]string{"testdata/articles.jsonl", "testdata/stories.jsonl", "testdata/duc.sgml"}, Options{})
	wantErrs := []string{
		"testdata/articles.jsonl:3: invalid JSON: invalid character 'h' in literal true (expecting 'r')",
		"testdata/articles.jsonl:4: text: missing",
		"testdata/articles.jsonl:5: text: empty",
		"testdata/stories.jsonl:1: documents[1].text: empty",
		"testdata/stories.jsonl:2: documents: missing",
		"testdata/stories.jsonl:4: invalid JSON: unexpected end of JSON input",
		"testdata/duc.sgml:31: text: empty",
	}
	if got := errorStrings(errs); !slices.Equal(got, wantErrs) {
		t.Errorf("errors:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(wantErrs, "\n"))
	}
	for _, err := range errs {
		var e *Error
		if !errors.As(err, &e) {
			t.Errorf("%v is not an *Error", err)
		}
	}
	m := byID(arts)
	var ids []string
	for _, a := range arts {
		ids = append(ids, a.ID)
	}
	wantIDs := []string{"lx-1", "lx-2", "lx-1-2", "d1", "b1", "q1", "RPT20310611.0042", "RPT20310612.0007"}
	if !slices.Equal(ids, wantIDs) {
		t.Errorf("IDs = %q, want %q", ids, wantIDs)
	}
	if a := m["lx-2"]; a.Outlet != "Shore Daily" || a.Title != "Gull Point light goes automatic" ||
		!a.Published.Equal(time.Date(2031, 5, 2, 10, 0, 0, 0, time.UTC)) || a.Origin != "testdata/articles.jsonl:2" {
		t.Errorf("lx-2 = %+v", a)
	}
	if a := m["d1"]; a.Dateline != "KESSEL, Ostmark" || !strings.HasPrefix(a.Body, "Engineers found") {
		t.Errorf("d1 = %+v", a)
	}
	g := m["RPT20310611.0042"]
	if g.Title != "Glacier Park & Trail Reopen" || g.Outlet != "RPT" || g.Dateline != "ELKHORN, Mont. (AP)" ||
		!g.Published.Equal(time.Date(2031, 6, 11, 8, 15, 2, 0, time.UTC)) {
		t.Errorf("sgml doc 1 = %+v", g)
	}
	wantBody := "The glacier park and its upper trail reopened on Wednesday after a rockfall was cleared, rangers said.\n\n" +
		"Visitors will need a permit for the upper trail until July."
	if g.Body != wantBody {
		t.Errorf("sgml body = %q, want %q", g.Body, wantBody)
	}
	r := m["RPT20310612.0007"]
	if r.Body != "Rangers counted 1,200 visitors on the first day, twice the number they had expected.\n\nThe park will add a second shuttle bus <on weekends>." {
		t.Errorf("sgml doc 2 body = %q", r.Body)
	}
	if !r.Published.Equal(time.Date(2031, 6, 12, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("sgml doc 2 date = %v", r.Published)
	}
}

func TestReadPathsProblems(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, b []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, b, 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	bin := write("blob.dat", []byte("PK\x03\x04\x00\x00binary"))
	utf16 := write("utf16.txt", []byte("\xff\xfeT\x00h\x00e\x00 \x00b\x00r\x00i\x00d\x00g\x00e\x00 \x00o\x00p\x00e\x00n\x00e\x00d\x00.\x00"))
	cp := write("cp.txt", []byte("The mayor said \x93yes\x94 to the caf\xe9 plan."))
	page := write("page.html", []byte("<!doctype html><html><body>x</body></html>"))
	missing := filepath.Join(dir, "nope.txt")
	arts, errs := ReadPaths(context.Background(), []string{bin, utf16, cp, missing, page, "-"},
		Options{Stdin: strings.NewReader("The ferry sailed at noon on Sunday, a day late.\n")})
	if len(errs) != 3 {
		t.Fatalf("errors = %q, want 3", errorStrings(errs))
	}
	if !errors.Is(errs[0], ErrBinary) || !errors.Is(errs[1], fs.ErrNotExist) || !errors.Is(errs[2], ErrNotArticle) {
		t.Errorf("errors = %q", errorStrings(errs))
	}
	if got, want := errs[1].Error(), missing+": no such file or directory"; got != want {
		t.Errorf("missing file error = %q, want %q", got, want)
	}
	want := map[string]string{
		"utf16": "The bridge opened.",
		"cp":    "The mayor said “yes” to the café plan.",
		"stdin": "The ferry sailed at noon on Sunday, a day late.",
	}
	if len(arts) != len(want) {
		t.Fatalf("read %d articles, want %d", len(arts), len(want))
	}
	for _, a := range arts {
		if a.Body != want[a.ID] {
			t.Errorf("%s: body = %q, want %q", a.ID, a.Body, want[a.ID])
		}
	}
}

func TestReadPathsKeepChrome(t *testing.T) {
	arts, errs := ReadPaths(context.Background(), []string{"testdata/dir/harbor-gazette.txt"}, Options{KeepChrome: true})
	if len(errs) != 0 || len(arts) != 1 {
		t.Fatalf("arts %d, errs %v", len(arts), errs)
	}
	a := arts[0]
	for _, s := range []string{"Watch Live", "By Mara Quint", "PORT ALDER, Norland (AP) --", "Share this article"} {
		if !strings.Contains(a.Body, s) {
			t.Errorf("KeepChrome body lost %q", s)
		}
	}
	if len(a.Chrome) != 0 || a.Dateline != "" {
		t.Errorf("KeepChrome recorded chrome %v, dateline %q", a.Chrome, a.Dateline)
	}
}

func TestReadPathsCanceled(t *testing.T) {
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	arts, errs := ReadPaths(ctx, []string{"testdata/dir"}, Options{})
	if len(arts) != 0 || len(errs) != 1 || !errors.Is(errs[0], context.Canceled) {
		t.Errorf("arts %d, errs %v", len(arts), errs)
	}
}

func TestStoryReader(t *testing.T) {
	f, err := os.Open("testdata/stories.jsonl")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sr := NewStoryReader(f, "stories.jsonl", Options{})
	type step struct {
		id     string
		docs   int
		err    string
		warned int
	}
	want := []step{
		{id: "dam-2031", docs: 1, warned: 1},
		{err: "stories.jsonl:2: documents: missing"},
		{id: "bridge-2031", docs: 1},
		{err: "stories.jsonl:4: invalid JSON: unexpected end of JSON input"},
		{id: "quarry", docs: 1},
	}
	for i, w := range want {
		st, err := sr.Next()
		warns := sr.Warnings()
		var got step
		if err != nil {
			got.err = err.Error()
		} else {
			got = step{id: st.ID, docs: len(st.Articles)}
		}
		got.warned = len(warns)
		if got != w {
			t.Errorf("step %d: got %+v, want %+v", i, got, w)
		}
		if i == 0 && len(warns) == 1 {
			var e *Error
			if !errors.As(warns[0], &e) || e.Line != 1 || e.Field != "documents[1].text" || !errors.Is(e, ErrEmpty) {
				t.Errorf("warning = %#v", warns[0])
			}
			if st.Query != "Kessel dam inspection" || len(st.References) != 1 || st.Origin != "stories.jsonl:1" {
				t.Errorf("story = %+v", st)
			}
		}
		if i == 4 && !slices.Equal(st.UpdateOf, []string{"dam-2031"}) {
			t.Errorf("update_of = %q", st.UpdateOf)
		}
	}
	if _, err := sr.Next(); err != io.EOF {
		t.Errorf("after the last line: %v, want io.EOF", err)
	}
	if _, err := sr.Next(); err != io.EOF {
		t.Errorf("after io.EOF: %v, want io.EOF", err)
	}
}

func TestStoryReaderLongLine(t *testing.T) {
	para := strings.Repeat("The reservoir rose by two meters overnight after heavy rain in the hills. ", 50)
	text := strings.Repeat(para+`\n\n`, 1000) // about 3.7 MB
	line := `{"id": "long", "documents": [{"id": "x", "text": "` + text + `"}]}` + "\n"
	sr := NewStoryReader(strings.NewReader(line+line), "long.jsonl", Options{})
	for i := range 2 {
		st, err := sr.Next()
		if err != nil {
			t.Fatalf("story %d: %v", i, err)
		}
		if n := strings.Count(st.Articles[0].Body, "\n\n"); n != 999 {
			t.Errorf("story %d has %d paragraph breaks, want 999", i, n)
		}
	}
	if _, err := sr.Next(); err != io.EOF {
		t.Errorf("got %v, want io.EOF", err)
	}
}

func TestStoryReaderBinary(t *testing.T) {
	sr := NewStoryReader(strings.NewReader("\x00\x01\x02garbage\n{}\n"), "x.jsonl", Options{})
	if _, err := sr.Next(); !errors.Is(err, ErrBinary) {
		t.Errorf("got %v, want ErrBinary", err)
	}
	if _, err := sr.Next(); err != io.EOF {
		t.Errorf("got %v, want io.EOF", err)
	}
}

func TestReadStories(t *testing.T) {
	stories, errs := ReadStories(context.Background(), "testdata/stories.jsonl", Options{})
	if len(stories) != 3 || len(errs) != 3 {
		t.Errorf("stories %d, errors %q", len(stories), errorStrings(errs))
	}
	_, errs = ReadStories(context.Background(), "testdata/none.jsonl", Options{})
	if len(errs) != 1 || !errors.Is(errs[0], fs.ErrNotExist) {
		t.Errorf("missing file: %v", errs)
	}
	_, errs = ReadStories(context.Background(), "-", Options{Stdin: strings.NewReader("")})
	if len(errs) != 1 || !errors.Is(errs[0], ErrEmptyFile) {
		t.Errorf("empty stdin: %v", errs)
	}
}

func TestErrorString(t *testing.T) {
	tests := []struct {
		err  *Error
		want string
	}{
		{&Error{Path: "seeds.jsonl", Line: 12, Field: "documents", Err: ErrMissing}, "seeds.jsonl:12: documents: missing"},
		{&Error{Path: "a.txt", Err: ErrEmptyFile}, "a.txt: empty file"},
		{&Error{Path: "b.sgml", Line: 3, Err: ErrBinary}, "b.sgml:3: binary file"},
	}
	for _, tt := range tests {
		if got := tt.err.Error(); got != tt.want {
			t.Errorf("Error() = %q, want %q", got, tt.want)
		}
		if !errors.Is(tt.err, tt.err.Err) {
			t.Errorf("%v does not unwrap", tt.err)
		}
	}
}

func TestTakeTitle(t *testing.T) {
	tests := []struct {
		body, title string
	}{
		{"Dam inspectors find no faults\n\nEngineers found no structural faults at the dam on Sunday, the board said.", "Dam inspectors find no faults"},
		{"Engineers found no faults at the dam on Sunday.\n\nThe inspection took three weeks and more.", ""},
		{"Dam inspectors find no faults\n\nShort.", ""},
		{"Dam inspectors find no faults", ""},
		{"engineers found no faults at the dam\n\nThe inspection took three weeks, the water board said.", ""},
		{"Asked whether the dam was safe, the engineer said:\n\n“It is as safe as it was the day it was built, and more.”", ""},
		{"Dam inspectors find no faults\nsecond line\n\nThe inspection took three weeks, the water board said on Sunday.", ""},
	}
	for _, tt := range tests {
		title, rest := takeTitle(tt.body, -1)
		if title != tt.title {
			t.Errorf("takeTitle(%q) = %q, want %q", tt.body, title, tt.title)
		}
		if title == "" && rest != tt.body || title != "" && title+"\n\n"+rest != tt.body {
			t.Errorf("takeTitle(%q) lost text: rest %q", tt.body, rest)
		}
	}
	if title, _ := takeTitle("Dam inspectors find no faults\n\nEngineers found no structural faults at the dam on Sunday.", 0); title != "" {
		t.Errorf("took the dateline paragraph %q as the title", title)
	}
}

func TestOutletFromName(t *testing.T) {
	tests := []struct{ name, want string }{
		{"harbor-gazette", "Harbor Gazette"},
		{"the_valley_ledger", "The Valley Ledger"},
		{"cbs-news", "CBS News"},
		{"times-of-norland", "Times of Norland"},
		{"ShoreDaily", "ShoreDaily"},
		{"000_bacbfb2ddc234a11", ""},
		{"a", ""},
		{"article", ""},
		{"story-12", ""},
		{"xkcdfgh", ""},
		{"one-two-three-four-five-six", ""},
	}
	for _, tt := range tests {
		if got := outletFromName(tt.name); got != tt.want {
			t.Errorf("outletFromName(%q) = %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestParseHeader(t *testing.T) {
	tests := []struct {
		text, title, rest string
	}{
		{"Title: Ferry strike ends\nSource: Harbor Gazette\nSection: Local\n\nBody text.", "Ferry strike ends", "Body text."},
		{"TITLE: Ferry strike ends\n\nBody text.", "Ferry strike ends", "Body text."},
		{"Section: Local\nTitle: Ferry strike ends\n\nBody text.", "", "Section: Local\nTitle: Ferry strike ends\n\nBody text."},
		{"Title: Ferry strike ends\nThe strike ended on Monday.\n\nMore.", "", "Title: Ferry strike ends\nThe strike ended on Monday.\n\nMore."},
		{"Ferry crews: back at work on Monday.\n\nMore.", "", "Ferry crews: back at work on Monday.\n\nMore."},
	}
	for _, tt := range tests {
		h, rest := parseHeader(tt.text)
		if h.title != tt.title || rest != tt.rest {
			t.Errorf("parseHeader(%q) = %q, %q; want %q, %q", tt.text, h.title, rest, tt.title, tt.rest)
		}
	}
}

func TestParseDate(t *testing.T) {
	day := time.Date(2014, 2, 11, 0, 0, 0, 0, time.UTC)
	tests := []struct {
		in   string
		want time.Time
	}{
		{"2014-02-11", day},
		{"2014-02-11T10:00:00Z", day.Add(10 * time.Hour)},
		{"Tue, 11 Feb 2014 10:00:00 GMT", day.Add(10 * time.Hour)},
		{"Tue, 11 Feb 2014 10:00:00 +0000", day.Add(10 * time.Hour)},
		{"February 11, 2014", day},
		{"Feb. 11, 2014", day},
		{"Feb 11th, 2014", day},
		{"Sept. 11, 2014", time.Date(2014, 9, 11, 0, 0, 0, 0, time.UTC)},
		{"11 February 2014", day},
		{"Tuesday, February 11, 2014", day},
		{"1999-07-07 08:30:27", time.Date(1999, 7, 7, 8, 30, 27, 0, time.UTC)},
		{"2000-01-08 01:42", time.Date(2000, 1, 8, 1, 42, 0, 0, time.UTC)},
		{"", time.Time{}},
		{"last Tuesday", time.Time{}},
	}
	for _, tt := range tests {
		if got := parseDate(tt.in); !got.Equal(tt.want) {
			t.Errorf("parseDate(%q) = %v, want %v", tt.in, got, tt.want)
		}
	}
	if got := docnoDate("APW19990707.0181"); !got.Equal(time.Date(1999, 7, 7, 0, 0, 0, 0, time.UTC)) {
		t.Errorf("docnoDate = %v", got)
	}
	if got := docnoDate("D0601A"); !got.IsZero() {
		t.Errorf("docnoDate(D0601A) = %v, want zero", got)
	}
}
