package ingest

import (
	"bytes"
	"errors"
	"os"
	"reflect"
	"strings"
	"testing"
)

var opmlWant = []Subscription{
	{Title: "Wire One", XMLURL: "https://wire.example/rss", HTMLURL: "https://wire.example/"},
	{Title: "The Valley Courier", XMLURL: "https://courier.example/feed.rss", HTMLURL: "https://courier.example/", Category: "Local"},
	{Title: "Oster Gazette", XMLURL: "https://gazette.example/rss.xml", Category: "Local"},
	{Title: "Brill Today", XMLURL: "https://brill.example/atom.xml", Category: "Local/Towns"},
	{Title: "Mera Watch", XMLURL: "https://merawatch.example/feed.json", Category: "Weather"},
	{Title: "Lisburg Daily", XMLURL: "https://daily.example/atom", Category: "National/Politics"},
}

func TestReadOPML(t *testing.T) {
	f, err := os.Open("testdata/feeds/subscriptions.opml")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	subs, err := ReadOPML(f, "subscriptions.opml")
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(subs, opmlWant) {
		t.Errorf("ReadOPML =\n%+v\nwant\n%+v", subs, opmlWant)
	}
}

func TestOPMLRoundTrip(t *testing.T) {
	for _, subs := range [][]Subscription{
		opmlWant,
		{{Title: "Ampersand & <angle> \"quotes\"", XMLURL: "https://x.example/feed?a=1&b=2", Category: "Ünïcode/深い"}},
		{{XMLURL: "https://untitled.example/rss"}},
	} {
		var buf bytes.Buffer
		if err := WriteOPML(&buf, "Parallax feeds", subs); err != nil {
			t.Fatal(err)
		}
		out := buf.String()
		if !strings.HasPrefix(out, `<?xml version="1.0" encoding="UTF-8"?>`+"\n"+`<opml version="2.0">`) ||
			!strings.Contains(out, "<title>Parallax feeds</title>") {
			t.Errorf("WriteOPML wrote\n%s", out)
		}
		got, err := ReadOPML(strings.NewReader(out), "out.opml")
		if err != nil {
			t.Fatalf("%v in\n%s", err, out)
		}
		// An untitled feed is written with its URL as text, and read back
		// titled so.
		want := append([]Subscription(nil), subs...)
		for i := range want {
			if want[i].Title == "" {
				want[i].Title = want[i].XMLURL
			}
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("round trip =\n%+v\nwant\n%+v\nvia\n%s", got, want, out)
		}
		// Writing what was read gives the same document.
		var again bytes.Buffer
		if err := WriteOPML(&again, "Parallax feeds", got); err != nil {
			t.Fatal(err)
		}
		if len(subs[0].Title) > 0 && again.String() != out {
			t.Errorf("second write differs:\n%s\nvs\n%s", again.String(), out)
		}
	}
}

func TestWriteOPMLGroups(t *testing.T) {
	var buf bytes.Buffer
	err := WriteOPML(&buf, "t", []Subscription{
		{Title: "A", XMLURL: "https://a/", Category: "News"},
		{Title: "B", XMLURL: "https://b/"},
		{Title: "C", XMLURL: "https://c/", Category: "News/Europe"},
		{Title: "D", XMLURL: "https://d/", Category: "News"},
	})
	if err != nil {
		t.Fatal(err)
	}
	want := `<?xml version="1.0" encoding="UTF-8"?>
<opml version="2.0">
  <head>
    <title>t</title>
  </head>
  <body>
    <outline text="News" title="News">
      <outline text="A" title="A" type="rss" xmlUrl="https://a/"></outline>
      <outline text="Europe" title="Europe">
        <outline text="C" title="C" type="rss" xmlUrl="https://c/"></outline>
      </outline>
      <outline text="D" title="D" type="rss" xmlUrl="https://d/"></outline>
    </outline>
    <outline text="B" title="B" type="rss" xmlUrl="https://b/"></outline>
  </body>
</opml>
`
	if buf.String() != want {
		t.Errorf("WriteOPML =\n%s\nwant\n%s", buf.String(), want)
	}
	if err := WriteOPML(&buf, "t", []Subscription{{Title: "no url"}}); err == nil {
		t.Error("WriteOPML accepted a subscription without a URL")
	}
}

func TestReadOPMLErrors(t *testing.T) {
	tests := []struct {
		name, in, want string
		is             error
	}{
		{"empty", "", "x.opml: empty file", ErrEmptyFile},
		{"malformed", "<opml version=\"2.0\"><body><outline text=\"a\" xmlUrl=\"u\">\n</body></opml>", "x.opml:2: malformed OPML: element <outline> closed by </body>", nil},
		{"unclosed", "<opml><body><outline xmlUrl=\"u\"/>", "x.opml:1: malformed OPML: unexpected EOF", nil},
		{"not opml", "<rss version=\"2.0\"><channel/></rss>", "x.opml: unsupported format: root element <rss>, not <opml>", ErrUnsupported},
		{"no feeds", "<opml><body><outline text=\"folder\"/></body></opml>", "x.opml: empty: no outline with an xmlUrl", ErrEmpty},
		{"trailing", "<opml><body><outline xmlUrl=\"u\"/></body></opml><opml/>", "x.opml: malformed OPML: content after </opml>", nil},
		{"not xml", "just some text", "x.opml: malformed OPML: no XML element", nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			subs, err := ReadOPML(strings.NewReader(tt.in), "x.opml")
			if err == nil || !strings.HasPrefix(err.Error(), tt.want) || subs != nil {
				t.Errorf("ReadOPML = %v, %v; want error %q", subs, err, tt.want)
			}
			if tt.is != nil && !errors.Is(err, tt.is) {
				t.Errorf("error %v is not %v", err, tt.is)
			}
		})
	}
}

func TestReadOPMLCharset(t *testing.T) {
	in := []byte("<?xml version=\"1.0\" encoding=\"ISO-8859-1\"?><opml version=\"1.0\"><body><outline text=\"Caf\xe9 News\" xmlUrl=\"https://cafe.example/rss\"/></body></opml>")
	subs, err := ReadOPML(bytes.NewReader(in), "latin1.opml")
	if err != nil {
		t.Fatal(err)
	}
	if len(subs) != 1 || subs[0].Title != "Café News" {
		t.Errorf("ReadOPML = %+v", subs)
	}
}

// FuzzReadOPML: no input makes ReadOPML panic, and what it reads writes
// and reads back the same.
func FuzzReadOPML(f *testing.F) {
	b, err := os.ReadFile("testdata/feeds/subscriptions.opml")
	if err != nil {
		f.Fatal(err)
	}
	f.Add(b)
	f.Add([]byte(`<opml><body><outline text="a/b" xmlUrl=" u "><outline text="" xmlUrl="v"/></outline></body></opml>`))
	f.Fuzz(func(t *testing.T, b []byte) {
		subs, err := ReadOPML(bytes.NewReader(b), "f")
		if err != nil {
			return
		}
		var buf bytes.Buffer
		if err := WriteOPML(&buf, "t", subs); err != nil {
			t.Fatalf("WriteOPML(%+v): %v", subs, err)
		}
		if _, err := ReadOPML(&buf, "again"); err != nil {
			t.Fatalf("reading what WriteOPML wrote: %v", err)
		}
	})
}
