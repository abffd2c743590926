package ingest

import (
	"bytes"
	"context"
	"errors"
	"io"
	"os"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
	"golang.org/x/text/unicode/norm"
)

func FuzzDecode(f *testing.F) {
	for _, s := range []string{"plain", "\xef\xbb\xbfbom", "\xff\xfea\x00b\x00", "\xfe\xff\x00a", "caf\xe9 \x93q\x94",
		"a\r\nb\rc", "x\u00a0y\u200bz", "e\u0301", "\x00bin", "\x01\x02\x03", "a\u2029b"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		s, err := Decode(b)
		if err != nil {
			if !errors.Is(err, ErrBinary) {
				t.Fatalf("Decode error %v", err)
			}
			return
		}
		if !utf8.ValidString(s) {
			t.Fatalf("Decode gave invalid UTF-8 %q", s)
		}
		for _, r := range s {
			if r == '\n' || r == '\t' {
				continue
			}
			if unicode.Is(unicode.Cc, r) || unicode.Is(unicode.Cf, r) || unicode.Is(unicode.Co, r) ||
				(unicode.Is(unicode.Zs, r) && r != ' ') {
				t.Fatalf("Decode left %U in %q", r, s)
			}
		}
		if !norm.NFC.IsNormalString(s) {
			t.Fatalf("Decode gave text not in NFC: %q", s)
		}
		if n := normalize(s); n != s {
			t.Fatalf("normalize is not idempotent: %q then %q", s, n)
		}
	})
}

func FuzzStripChrome(f *testing.F) {
	for _, s := range []string{
		"Watch Live\n\nGENEVA -- The talks resumed.\n\nError",
		"By Mara Quint\n\nPORT ALDER (AP) — Crews returned.\nLabel line\nLabel line at the quay, Mar. 2, 2031. AP “Quote,” she said.",
		"Harbor Gazette with wire services",
		"a\n\n\n\nb  c\t d",
		"[x]\n___\nShare this article\nTwitter",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		clean, removed, _ := StripChrome(s)
		if strings.Contains(clean, "\n\n\n") || strings.TrimSpace(clean) != clean {
			t.Fatalf("untidy output %q", clean)
		}
		in := collapseSpaces(s)
		for line := range strings.SplitSeq(clean, "\n") {
			if !strings.Contains(in, line) {
				t.Fatalf("output line %q is not in the input %q", line, s)
			}
		}
		// No word is lost or made up: each is kept or removed.
		words := news.CountWords(clean)
		for _, r := range removed {
			if r.Text == "" || r.Kind == "" || !strings.Contains(in, r.Text) {
				t.Fatalf("removed %+v is not a line of the input %q", r, s)
			}
			words += news.CountWords(r.Text)
		}
		if want := news.CountWords(s); words != want {
			t.Fatalf("%d words kept and removed, input has %d: %q -> %q, %v", words, want, s, clean, removed)
		}
	})
}

func FuzzReadJSONL(f *testing.F) {
	for _, p := range []string{"testdata/stories.jsonl", "testdata/articles.jsonl"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte(`{"documents": [{"text": 5}, {"id": {}, "text": "x"}], "references": [{}]}` + "\n[]\nnull\n"))
	f.Add([]byte(`{"documents": {"a": 1}}`))
	f.Fuzz(func(t *testing.T, b []byte) {
		sr := NewStoryReader(bytes.NewReader(b), "f.jsonl", Options{})
		limit := bytes.Count(b, []byte("\n")) + 2
		for i := 0; ; i++ {
			if i > limit {
				t.Fatalf("Next did not reach io.EOF after %d calls", i)
			}
			st, err := sr.Next()
			for _, w := range sr.Warnings() {
				var e *Error
				if !errors.As(w, &e) {
					t.Fatalf("warning %v is not an *Error", w)
				}
			}
			if err == io.EOF {
				break
			}
			if err != nil {
				var e *Error
				if !errors.As(err, &e) {
					t.Fatalf("error %v is not an *Error", err)
				}
				continue
			}
			if len(st.Articles) == 0 {
				t.Fatalf("story %q without articles", st.ID)
			}
			for _, a := range st.Articles {
				if strings.TrimSpace(a.Body) == "" {
					t.Fatalf("article %q with an empty body", a.ID)
				}
			}
		}
		arts, errs := ReadPaths(context.Background(), []string{"-"}, Options{Stdin: bytes.NewReader(b)})
		for _, err := range errs {
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("ReadPaths error %v is not an *Error", err)
			}
		}
		for _, a := range arts {
			if a.ID == "" || strings.TrimSpace(a.Body) == "" {
				t.Fatalf("article %+v", a)
			}
		}
	})
}

// FuzzReadFile reads arbitrary bytes as a file of each kind the readers
// know by its extension: plain text, SGML and JSONL. It reads from memory:
// files would make the fuzzer measure the file system.
func FuzzReadFile(f *testing.F) {
	for _, p := range []string{"testdata/duc.sgml", "testdata/dir/harbor-gazette.txt", "testdata/articles.jsonl"} {
		if b, err := os.ReadFile(p); err == nil {
			f.Add(b)
		}
	}
	f.Add([]byte("<DOC><DOCNO>X</DOCNO><TEXT><P>Unclosed"))
	f.Add([]byte("Title: only a header\n"))
	f.Fuzz(func(t *testing.T, b []byte) {
		for _, ext := range []string{".txt", ".sgml", ".jsonl"} {
			r := &pathReader{ctx: context.Background(), ids: make(map[string]bool)}
			r.readStream(bytes.NewReader(b), "input"+ext, "input", ext)
			for _, err := range r.errs {
				var e *Error
				if !errors.As(err, &e) || e.Path == "" {
					t.Fatalf("%s: error %v is not an *Error naming the file", ext, err)
				}
			}
			for _, a := range r.arts {
				if a.ID == "" || strings.TrimSpace(a.Body) == "" || !utf8.ValidString(a.Body) {
					t.Fatalf("%s: bad article %+v", ext, a)
				}
			}
		}
	})
}
