package news

import (
	"math"
	"testing"
)

func TestFormatValue(t *testing.T) {
	for v, want := range map[float64]string{130000: "130,000", 2012: "2012", 1.5: "1.5", -12000: "-12,000", 0: "0", 1e16: "10000000000000000", math.Inf(1): ""} {
		if got := FormatValue(v); got != want {
			t.Errorf("FormatValue(%v) = %q, want %q", v, got, want)
		}
	}
}
