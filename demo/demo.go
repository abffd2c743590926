// Package demo holds the demo story, four short articles we wrote about an
// invented ship grounding at Port Alder, as four invented outlets reported
// it, page chrome left in. "parallax digest demo/port-alder/" reads them
// from disk; "parallax serve --demo" loads them from here.
package demo

import (
	"embed"
	"io/fs"
	"path"

	"github.com/parallaxnews/parallax/internal/ingest"
	"github.com/parallaxnews/parallax/internal/news"
)

//go:embed port-alder/*.txt
var files embed.FS

// Articles are the demo story's articles, read as the text files they are.
func Articles() ([]news.Article, error) {
	names, err := fs.Glob(files, "port-alder/*.txt")
	if err != nil {
		return nil, err
	}
	var arts []news.Article
	for _, n := range names {
		b, err := files.ReadFile(n)
		if err != nil {
			return nil, err
		}
		a, err := ingest.ReadText(string(b), path.Join("demo", n), ingest.Options{})
		if err != nil {
			return nil, err
		}
		arts = append(arts, a)
	}
	return arts, nil
}
