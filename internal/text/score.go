package text

// ScoreBoundaries compares sentence boundaries found by a splitter with
// gold ones. Both are byte offsets (the end of each sentence but the last)
// in ascending order. It returns the true positives, false positives and
// false negatives, from which precision is tp/(tp+fp) and recall
// tp/(tp+fn).
func ScoreBoundaries(gold, got []int) (tp, fp, fn int) {
	i, j := 0, 0
	for i < len(gold) && j < len(got) {
		switch {
		case gold[i] == got[j]:
			tp++
			i++
			j++
		case gold[i] < got[j]:
			fn++
			i++
		default:
			fp++
			j++
		}
	}
	fn += len(gold) - i
	fp += len(got) - j
	return tp, fp, fn
}
