package ingest

import (
	"regexp"
	"strings"
	"time"
)

// dateLayouts are the layouts parseDate tries, after cleanDate has removed
// periods after month names, ordinal suffixes and extra spaces.
var dateLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02T15:04",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05 -0700",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006-01-02",
	"2006/01/02",
	"20060102",
	time.RFC1123Z,
	time.RFC1123,
	"Mon, 2 Jan 2006 15:04:05 -0700",
	"Mon, 2 Jan 2006 15:04:05 MST",
	"Mon, 2 Jan 2006",
	time.RFC850,
	time.RFC822Z,
	time.RFC822,
	time.ANSIC,
	time.UnixDate,
	"January 2, 2006",
	"January 2 2006",
	"Jan 2, 2006",
	"Jan 2 2006",
	"2 January 2006",
	"2 Jan 2006",
	"Monday, January 2, 2006",
	"Monday, Jan 2, 2006",
	"Mon, Jan 2, 2006",
	"Monday January 2, 2006",
	"January 2, 2006 3:04 PM",
	"January 2, 2006, 3:04 PM",
	"January 2, 2006 at 3:04 PM",
	"Jan 2, 2006 3:04 PM",
	"Jan 2, 2006, 3:04 PM",
	"Jan 2, 2006 at 3:04 PM",
	"Monday, January 2, 2006 3:04 PM",
	"Monday, January 2, 2006, 3:04 PM",
	"2 January 2006 15:04",
}

var (
	monthDotRe = regexp.MustCompile(`(?i)\b(jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)\.`)
	septRe     = regexp.MustCompile(`(?i)\bsept\b`)
	weekdayRe  = regexp.MustCompile(`(?i)\b(tues|thur|thurs)\b`)
	ordinalRe  = regexp.MustCompile(`\b(\d{1,2})(?:st|nd|rd|th)\b`)
	ampmRe     = regexp.MustCompile(`(?i)\b([ap])\.?m\.?(\W|$)`)
	// docnoDateRe finds the date in a DUC or TREC document number:
	// APW19990707.0181, NYT20000101.0002, XIE19960123.0270.
	docnoDateRe = regexp.MustCompile(`^[A-Za-z_]{2,8}(\d{8})[.\-_]`)
)

// parseDate reads a date in one of the common formats of news data
// ("2014-02-11", "2014-02-11T10:00:00Z", RFC 1123, "February 11, 2014",
// "Feb. 11, 2014", "1999-07-07 08:30:27"). It returns the zero time when it
// cannot read s: an unreadable date is not an error.
func parseDate(s string) time.Time {
	s = cleanDate(s)
	if s == "" {
		return time.Time{}
	}
	for _, layout := range dateLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t
		}
	}
	return time.Time{}
}

func cleanDate(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s == "" || len(s) > 64 {
		return ""
	}
	if strings.IndexByte(s, '.') >= 0 {
		s = monthDotRe.ReplaceAllString(s, "$1")
	}
	s = septRe.ReplaceAllString(s, "Sep")
	s = weekdayRe.ReplaceAllStringFunc(s, func(w string) string { return w[:3] })
	s = ordinalRe.ReplaceAllString(s, "$1")
	s = ampmRe.ReplaceAllStringFunc(s, func(m string) string {
		sub := ampmRe.FindStringSubmatch(m)
		return strings.ToUpper(sub[1]) + "M" + sub[2]
	})
	return s
}

// docnoDate reads the date in a DUC document number such as
// "APW19990707.0181"; zero when there is none.
func docnoDate(docno string) time.Time {
	m := docnoDateRe.FindStringSubmatch(docno)
	if m == nil {
		return time.Time{}
	}
	t, err := time.Parse("20060102", m[1])
	if err != nil {
		return time.Time{}
	}
	return t
}
