package fetch

// The modules the HTML and feed readers build on, kept in go.mod while
// they are being written. Delete this file once internal/ingest imports
// them.
import (
	_ "github.com/markusmobius/go-trafilatura"
	_ "github.com/mmcdole/gofeed"
)
