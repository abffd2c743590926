package text

// Stem reduces an English word to its stem with the Porter (1980)
// algorithm as ROUGE-1.5.5's Perl implementation has it, so that stems
// agree with the ones ROUGE scores with.
//
// That implementation differs from the textbook in step 4: a word ending in
// -ement loses it only if what remains has measure m > 1, and then, apart
// from that rule, -ment and then -ent are each tried on the result; so
// "settlement" becomes "settlem". Step 2 has the later "bli" and "logi"
// rules, and the *o test of steps 1b and 5 looks at the whole stem.
//
// Stem expects a lower-case word; words shorter than three bytes and words
// with any byte outside a-z and 0-9 (upper case, punctuation, non-ASCII
// letters) are returned unchanged. Digits are consonants, as in the Perl
// code, which stems ROUGE's tokens whatever they hold: "1990s" becomes
// "1990". ROUGE stems only tokens longer than three characters; that rule
// belongs to the caller.
func Stem(word string) string {
	if len(word) < 3 {
		return word
	}
	for i := 0; i < len(word); i++ {
		if c := word[i]; (c < 'a' || c > 'z') && (c < '0' || c > '9') {
			return word
		}
	}
	return PorterStem(word)
}

// PorterStem is Stem for any byte string, as the Perl code stems whatever
// it is given: every byte but a, e, i, o, u and y is a consonant. ROUGE's
// Basic Elements are stemmed this way, punctuation and all.
func PorterStem(word string) string {
	if len(word) < 3 {
		return word
	}
	var buf [72]byte
	w := append(buf[:0], word...)
	// An initial y is always a consonant; marking it upper case keeps the
	// vowel tests from treating it as one, as the Perl code does.
	initialY := w[0] == 'y'
	if initialY {
		w[0] = 'Y'
	}
	w = step1a(w)
	w = step1b(w)
	w = step1c(w)
	w = replaceSuffix(w, step2, 0)
	w = replaceSuffix(w, step3, 0)
	w = step4(w)
	w = step5(w)
	if initialY {
		w[0] = 'y'
	}
	if string(w) == word {
		return word
	}
	return string(w)
}

// isCons reports whether w[i] is a consonant in Porter's sense: not a, e, i,
// o or u, and not a y that follows a consonant.
func isCons(w []byte, i int) bool {
	switch w[i] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	case 'y':
		return i == 0 || !isCons(w, i-1)
	}
	return true
}

// measure is Porter's m: the number of vowel-consonant sequences in w.
func measure(w []byte) int {
	m := 0
	prevVowel := false
	for i := range w {
		c := isCons(w, i)
		if c && prevVowel {
			m++
		}
		prevVowel = !c
	}
	return m
}

func hasVowel(w []byte) bool {
	for i := range w {
		if !isCons(w, i) {
			return true
		}
	}
	return false
}

// isCVC reports whether the whole of w is a consonant sequence, one vowel
// and a final consonant other than w, x or y, the test ROUGE's stemmer uses
// where the paper has *o.
func isCVC(w []byte) bool {
	n := len(w)
	if n < 3 {
		return false
	}
	switch w[n-1] {
	case 'a', 'e', 'i', 'o', 'u', 'w', 'x', 'y':
		return false
	}
	switch w[n-2] {
	case 'a', 'e', 'i', 'o', 'u', 'y':
	default:
		return false
	}
	switch w[0] {
	case 'a', 'e', 'i', 'o', 'u':
		return false
	}
	for _, c := range w[1 : n-2] {
		switch c {
		case 'a', 'e', 'i', 'o', 'u', 'y':
			return false
		}
	}
	return true
}

func hasSuffix(w []byte, s string) bool {
	return len(w) >= len(s) && string(w[len(w)-len(s):]) == s
}

func step1a(w []byte) []byte {
	switch {
	case hasSuffix(w, "sses"), hasSuffix(w, "ies"):
		return w[:len(w)-2]
	case len(w) >= 2 && w[len(w)-1] == 's' && w[len(w)-2] != 's':
		return w[:len(w)-1]
	}
	return w
}

func step1b(w []byte) []byte {
	if hasSuffix(w, "eed") {
		if measure(w[:len(w)-3]) > 0 {
			w = w[:len(w)-1]
		}
		return w
	}
	var stem []byte
	switch {
	case hasSuffix(w, "ed"):
		stem = w[:len(w)-2]
	case hasSuffix(w, "ing"):
		stem = w[:len(w)-3]
	default:
		return w
	}
	if !hasVowel(stem) {
		return w
	}
	w = stem
	n := len(w)
	switch {
	case hasSuffix(w, "at"), hasSuffix(w, "bl"), hasSuffix(w, "iz"):
		w = append(w, 'e')
	case n >= 2 && w[n-1] == w[n-2] && !isOneOf(w[n-1], "aeiouylsz"):
		w = w[:n-1]
	case isCVC(w):
		w = append(w, 'e')
	}
	return w
}

func isOneOf(c byte, set string) bool {
	for i := 0; i < len(set); i++ {
		if set[i] == c {
			return true
		}
	}
	return false
}

func step1c(w []byte) []byte {
	if n := len(w); n > 0 && w[n-1] == 'y' && hasVowel(w[:n-1]) {
		w[n-1] = 'i'
	}
	return w
}

type suffixRule struct{ suffix, repl string }

// Step 2 and 3 rules. Where several match, the longest wins, as with the
// leftmost match of the Perl alternation.
var step2 = []suffixRule{
	{"ational", "ate"}, {"tional", "tion"}, {"enci", "ence"}, {"anci", "ance"},
	{"izer", "ize"}, {"bli", "ble"}, {"alli", "al"}, {"entli", "ent"},
	{"eli", "e"}, {"ousli", "ous"}, {"ization", "ize"}, {"ation", "ate"},
	{"ator", "ate"}, {"alism", "al"}, {"iveness", "ive"}, {"fulness", "ful"},
	{"ousness", "ous"}, {"aliti", "al"}, {"iviti", "ive"}, {"biliti", "ble"},
	{"logi", "log"},
}

var step3 = []suffixRule{
	{"icate", "ic"}, {"ative", ""}, {"alize", "al"}, {"iciti", "ic"},
	{"ical", "ic"}, {"ful", ""}, {"ness", ""},
}

// step4a is the first list of step 4; -ment and -ent follow separately.
var step4a = []suffixRule{
	{"al", ""}, {"ance", ""}, {"ence", ""}, {"er", ""}, {"ic", ""},
	{"able", ""}, {"ible", ""}, {"ant", ""}, {"ement", ""}, {"ou", ""},
	{"ism", ""}, {"ate", ""}, {"iti", ""}, {"ous", ""}, {"ive", ""}, {"ize", ""},
}

// replaceSuffix replaces the longest suffix of w found in rules by its
// replacement if the measure of what precedes it exceeds minM.
func replaceSuffix(w []byte, rules []suffixRule, minM int) []byte {
	if len(w) == 0 {
		return w
	}
	last := w[len(w)-1]
	best := -1
	for i, r := range rules {
		if r.suffix[len(r.suffix)-1] != last {
			continue
		}
		if hasSuffix(w, r.suffix) && (best < 0 || len(r.suffix) > len(rules[best].suffix)) {
			best = i
		}
	}
	if best < 0 {
		return w
	}
	stem := w[:len(w)-len(rules[best].suffix)]
	if measure(stem) > minM {
		return append(stem, rules[best].repl...)
	}
	return w
}

func step4(w []byte) []byte {
	w = replaceSuffix(w, step4a, 1)
	if hasSuffix(w, "ment") && measure(w[:len(w)-4]) > 1 {
		w = w[:len(w)-4]
	}
	switch {
	case hasSuffix(w, "ent"):
		if measure(w[:len(w)-3]) > 1 {
			w = w[:len(w)-3]
		}
	case hasSuffix(w, "sion"), hasSuffix(w, "tion"):
		if measure(w[:len(w)-3]) > 1 {
			w = w[:len(w)-3]
		}
	}
	return w
}

func step5(w []byte) []byte {
	if n := len(w); n > 0 && w[n-1] == 'e' {
		stem := w[:n-1]
		if m := measure(stem); m > 1 || m == 1 && !isCVC(stem) {
			w = stem
		}
	}
	if hasSuffix(w, "ll") && measure(w) > 1 {
		w = w[:len(w)-1]
	}
	return w
}
