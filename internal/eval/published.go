package eval

import (
	"bufio"
	"fmt"
	"io"
	"regexp"
	"strconv"
	"strings"
)

var (
	// "24 ROUGE-2 Average_R: 0.09505 (95%-conf.int. 0.09083 - 0.09944)"
	averageLine = regexp.MustCompile(`^(\S+) (ROUGE-\S+) Average_([RPF]): ([0-9.]+) \(([0-9.]+)%-conf\.int\. ([0-9.]+) - ([0-9.]+)\)\s*$`)
	// "24 ROUGE-1 Eval D0601.M.250.A-A.24 R:0.27322 P:0.26746 F:0.27031"
	evalLine = regexp.MustCompile(`^(\S+) (ROUGE-\S+) Eval `)
)

// ReadPublished reads the per-system averages of a ROUGE-1.5.5 output
// (such as NIST's rougejk.m.out for DUC 2006) as rows: every metric's
// recall, precision and F with their intervals, and the number of
// evaluations when the output lists them (-d). Peers named by a number
// are systems, of the given kind; other peers (NIST's letters) are human
// summarizers. Rows come in the order the output first names them. name
// is used in errors.
func ReadPublished(r io.Reader, name string, kind Kind) ([]Row, error) {
	var rows []Row
	index := map[string]int{}
	evalMetric := map[string]string{} // the metric whose Eval lines are counted, per peer
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	line := 0
	row := func(peer string) *Row {
		i, ok := index[peer]
		if !ok {
			k := KindHuman
			if _, err := strconv.Atoi(peer); err == nil {
				k = kind
			}
			i = len(rows)
			index[peer] = i
			rows = append(rows, Row{System: peer, Kind: k, Scores: map[string]MetricStats{}})
		}
		return &rows[i]
	}
	for sc.Scan() {
		line++
		t := sc.Text()
		if m := evalLine.FindStringSubmatch(t); m != nil {
			if first, ok := evalMetric[m[1]]; !ok || first == m[2] {
				evalMetric[m[1]] = m[2]
				row(m[1]).Evaluations++
			}
			continue
		}
		m := averageLine.FindStringSubmatch(t)
		if m == nil {
			continue
		}
		var v [4]float64
		for i, s := range []string{m[4], m[6], m[7], m[5]} {
			f, err := strconv.ParseFloat(s, 64)
			if err != nil {
				return nil, fmt.Errorf("%s:%d: %q: %w", name, line, s, err)
			}
			v[i] = f
		}
		st := Stat{Mean: v[0], Lo: v[1], Hi: v[2]}
		r := row(m[1])
		ms := r.Scores[m[2]]
		switch m[3] {
		case "R":
			ms.Recall = st
		case "P":
			ms.Precision = st
		case "F":
			ms.F = st
		}
		r.Scores[m[2]] = ms
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("read %s: %w", name, err)
	}
	if len(rows) == 0 {
		return nil, fmt.Errorf("%s: no \"Average_R\" lines: not a ROUGE-1.5.5 output", name)
	}
	return rows, nil
}

// rowLabel is how a chart names a row.
func rowLabel(r *Row) string {
	label := r.System
	switch r.Kind {
	case KindNIST:
		label = "NIST " + r.System
	case KindNISTBase:
		label = "NIST baseline " + r.System
	case KindPublished:
		label = "system " + r.System
	case KindHuman:
		if r.System != humanSystem {
			label = "human " + r.System
		}
	}
	if r.Subset != "" {
		label += " [" + r.Subset + "]"
	}
	return strings.TrimSpace(label)
}
