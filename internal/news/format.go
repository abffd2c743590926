package news

import (
	"math"
	"strconv"
	"strings"
)

// FormatValue writes a figure's value as a reader expects it: 130,000,
// 2012, 1.5; "" for a value that is not a number.
func FormatValue(f float64) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return ""
	}
	if f != math.Trunc(f) || math.Abs(f) >= 1e15 {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(math.Abs(f), 'f', 0, 64)
	if len(s) > 4 {
		var b strings.Builder
		for i, r := range s {
			if i > 0 && (len(s)-i)%3 == 0 {
				b.WriteByte(',')
			}
			b.WriteRune(r)
		}
		s = b.String()
	}
	if f < 0 {
		s = "-" + s
	}
	return s
}
