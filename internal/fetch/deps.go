package fetch

// The modules this package and the HTML and feed readers build on, kept
// in go.mod while they are being written.
import (
	_ "code.dny.dev/ssrf"
	_ "github.com/markusmobius/go-trafilatura"
	_ "github.com/mmcdole/gofeed"
	_ "github.com/temoto/robotstxt"
	_ "golang.org/x/net/html/charset"
	_ "golang.org/x/time/rate"
)
