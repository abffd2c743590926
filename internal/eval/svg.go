package eval

import (
	"bufio"
	"bytes"
	"encoding/xml"
	"fmt"
	"io"
	"math"
	"strings"
)

// Colours of the chart's bars by kind: a dark shade for ROUGE-2, a light
// one for ROUGE-SU. Ours stand out; published systems recede.
var barColors = map[Kind][2]string{
	KindOurs:      {"#d95f02", "#fdae6b"},
	KindBaseline:  {"#3b6fb6", "#9ecae1"},
	KindOracle:    {"#6a3d9a", "#cab2d6"},
	KindNIST:      {"#7f7f7f", "#cfcfcf"},
	KindNISTBase:  {"#4d4d4d", "#a6a6a6"},
	KindPublished: {"#7f7f7f", "#cfcfcf"},
	KindHuman:     {"#238b45", "#a1d99b"},
}

// Chart geometry, in pixels.
const (
	chartWidth = 920
	labelWidth = 190 // left margin holding the row labels
	plotRight  = 890
	topMargin  = 88
	barHeight  = 9
	barGap     = 2
	rowGap     = 8
	axisHeight = 40
)

// esc escapes text for XML character data and attribute values.
func esc(s string) string {
	var b bytes.Buffer
	xml.EscapeText(&b, []byte(s))
	return b.String()
}

// WriteSVG draws the table's rows, in its order, as grouped horizontal
// bars of ROUGE-2 and ROUGE-SU recall with their confidence intervals as
// whiskers. Our own systems are drawn in a strong colour with bold labels.
func (rep *Report) WriteSVG(w io.Writer) error {
	var metrics []string
	for _, m := range []string{"ROUGE-2", rep.suMetric()} {
		if m != "" && rep.has(m) {
			metrics = append(metrics, m)
		}
	}
	if len(metrics) == 0 {
		metrics = append(metrics, rep.Metrics[:min(1, len(rep.Metrics))]...)
	}
	rows := rep.Rows
	group := len(metrics)*(barHeight+barGap) - barGap + rowGap
	height := topMargin + len(rows)*group + axisHeight

	// The axis runs from 0 to a round number above every interval.
	top := 0.0
	for i := range rows {
		for _, m := range metrics {
			if s, ok := rows[i].Scores[m]; ok {
				top = max(top, s.Recall.Hi, s.Recall.Mean)
			}
		}
	}
	step := tickStep(top)
	top = math.Ceil(top/step+1e-9) * step
	if top == 0 {
		top = step
	}
	x := func(v float64) float64 {
		return labelWidth + (plotRight-labelWidth)*math.Max(0, v)/top
	}

	bw := bufio.NewWriter(w)
	fmt.Fprintf(bw, `<?xml version="1.0" encoding="UTF-8"?>`+"\n")
	fmt.Fprintf(bw, `<svg xmlns="http://www.w3.org/2000/svg" width="%d" height="%d" viewBox="0 0 %d %d" font-family="sans-serif" font-size="11">`+"\n",
		chartWidth, height, chartWidth, height)
	title := rep.Set.Name + ": recall"
	if rep.Source != "" {
		title += " (" + rep.Source + ")"
	}
	fmt.Fprintf(bw, "<title>%s</title>\n", esc(title))
	fmt.Fprintf(bw, `<rect width="%d" height="%d" fill="#ffffff"/>`+"\n", chartWidth, height)
	fmt.Fprintf(bw, `<text x="10" y="20" font-size="14" font-weight="bold">%s</text>`+"\n", esc(title))
	fmt.Fprintf(bw, `<text x="10" y="37" fill="#444444">%s</text>`+"\n",
		esc("ROUGE-1.5.5.pl "+strings.Join(rep.Command, " ")))
	fmt.Fprintf(bw, `<text x="10" y="53" fill="#444444">%s</text>`+"\n",
		esc(fmt.Sprintf("dark bars: %s recall; light bars: %s recall; whiskers: %g%% confidence intervals",
			metrics[0], metrics[len(metrics)-1], rep.Confidence)))
	// Legend by kind.
	lx := 10.0
	for _, k := range []Kind{KindOurs, KindBaseline, KindOracle, KindNIST, KindNISTBase, KindHuman} {
		if !rep.hasKind(k) {
			continue
		}
		c := barColors[k]
		fmt.Fprintf(bw, `<rect x="%.1f" y="62" width="10" height="10" fill="%s"/>`, lx, c[0])
		fmt.Fprintf(bw, `<rect x="%.1f" y="62" width="10" height="10" fill="%s"/>`, lx+10, c[1])
		fmt.Fprintf(bw, `<text x="%.1f" y="71">%s</text>`+"\n", lx+24, esc(string(k)))
		lx += 34 + 7*float64(len(k))
	}

	// Grid and axis.
	plotBottom := topMargin + len(rows)*group
	for v := 0.0; v <= top+step/2; v += step {
		gx := x(v)
		fmt.Fprintf(bw, `<line x1="%.1f" y1="%d" x2="%.1f" y2="%d" stroke="#e5e5e5"/>`+"\n", gx, topMargin-4, gx, plotBottom)
		fmt.Fprintf(bw, `<text x="%.1f" y="%d" text-anchor="middle" fill="#444444">%s</text>`+"\n",
			gx, plotBottom+16, esc(trimZeros(v)))
	}
	fmt.Fprintf(bw, `<line x1="%d" y1="%d" x2="%d" y2="%d" stroke="#444444"/>`+"\n", labelWidth, plotBottom, plotRight, plotBottom)
	fmt.Fprintf(bw, `<text x="%d" y="%d" text-anchor="middle" fill="#444444">recall</text>`+"\n",
		(labelWidth+plotRight)/2, plotBottom+32)

	for i := range rows {
		r := &rows[i]
		y0 := topMargin + i*group
		if i > 0 && r.Subset != rows[i-1].Subset {
			// A rule between the whole set and each subset.
			fmt.Fprintf(bw, `<line x1="10" y1="%d" x2="%d" y2="%d" stroke="#999999" stroke-dasharray="4 3"/>`+"\n",
				y0-rowGap/2, plotRight, y0-rowGap/2)
		}
		c, ok := barColors[r.Kind]
		if !ok {
			c = barColors[KindPublished]
		}
		weight := "normal"
		if r.Kind == KindOurs {
			weight = "bold"
		}
		fmt.Fprintf(bw, `<g><title>%s</title>`+"\n", esc(rowTitle(r, metrics)))
		fmt.Fprintf(bw, `<text x="%d" y="%d" text-anchor="end" font-weight="%s">%s</text>`+"\n",
			labelWidth-6, y0+group/2+2, weight, esc(rowLabel(r)))
		for j, m := range metrics {
			s, ok := r.Scores[m]
			if !ok {
				continue
			}
			by := y0 + j*(barHeight+barGap)
			st := s.Recall
			fmt.Fprintf(bw, `<rect x="%d" y="%d" width="%.1f" height="%d" fill="%s"/>`+"\n",
				labelWidth, by, x(st.Mean)-labelWidth, barHeight, c[j%2])
			if st.Hi > st.Lo {
				mid := float64(by) + barHeight/2.0
				fmt.Fprintf(bw, `<path d="M%.1f %.1fH%.1fM%.1f %dV%dM%.1f %dV%d" stroke="#222222" fill="none"/>`+"\n",
					x(st.Lo), mid, x(st.Hi), x(st.Lo), by+1, by+barHeight-1, x(st.Hi), by+1, by+barHeight-1)
			}
		}
		fmt.Fprintln(bw, "</g>")
	}
	fmt.Fprintln(bw, "</svg>")
	return bw.Flush()
}

func (rep *Report) hasKind(k Kind) bool {
	for i := range rep.Rows {
		if rep.Rows[i].Kind == k || k == KindNIST && rep.Rows[i].Kind == KindPublished {
			return true
		}
	}
	return false
}

// rowTitle is a row's tooltip: its label and figures.
func rowTitle(r *Row, metrics []string) string {
	parts := []string{rowLabel(r) + " (" + string(r.Kind) + ")"}
	for _, m := range metrics {
		if s, ok := r.Scores[m]; ok {
			parts = append(parts, fmt.Sprintf("%s R %.5f (%.5f-%.5f)", m, s.Recall.Mean, s.Recall.Lo, s.Recall.Hi))
		}
	}
	return strings.Join(parts, "; ")
}

// tickStep is the largest round axis step (1, 2 or 5 times a power of
// ten) that gives at least 4 ticks up to top.
func tickStep(top float64) float64 {
	if top <= 0 {
		return 0.05
	}
	p := math.Pow(10, math.Floor(math.Log10(top)))
	best := p / 10
	for _, m := range []float64{0.1, 0.2, 0.5, 1, 2, 5} {
		if top/(m*p) >= 4 {
			best = m * p
		}
	}
	return best
}

func trimZeros(v float64) string {
	s := fmt.Sprintf("%.3f", v)
	s = strings.TrimRight(s, "0")
	return strings.TrimSuffix(s, ".")
}
