package text

import (
	"strings"
	"unicode"
	"unicode/utf8"
)

// sentSpan is a sentence found by the splitter: its byte span in the text
// and the index of its paragraph.
type sentSpan struct{ start, end, para int }

// splitSentences appends to dst the sentences of s, an English news text.
//
// A line break always ends a sentence (many inputs hold one paragraph, a
// headline or a dateline per line) and a blank line also ends a paragraph.
// Within a line, sentences end at '.', '?', '!' or an ellipsis, together
// with the closing quotes and brackets after them, unless the context says
// otherwise: a lower-case continuation, an abbreviation, an initial, a
// decimal, an attribution after a quoted question. The splitter works on
// the original text and never allocates per sentence beyond dst.
func splitSentences(s string, dst []sentSpan) []sentSpan {
	sp := splitter{s: s, out: dst}
	para := 0
	pendingBreak := false
	for lo := 0; lo < len(s); {
		hi, next, parBreak := lineEnd(s, lo)
		if skipSpace(s, lo, hi) == hi {
			pendingBreak = true
		} else {
			if pendingBreak && len(sp.out) > len(dst) {
				para++
			}
			pendingBreak = false
			sp.line(lo, hi, para)
		}
		if parBreak {
			pendingBreak = true
		}
		lo = next
	}
	return sp.out
}

// lineEnd finds the end of the line starting at lo: the end of its text,
// the start of the next line, and whether the break was a Unicode paragraph
// separator.
func lineEnd(s string, lo int) (hi, next int, parBreak bool) {
	for i := lo; i < len(s); i++ {
		switch c := s[i]; c {
		case '\n', '\v', '\f':
			return i, i + 1, false
		case '\r':
			if i+1 < len(s) && s[i+1] == '\n' {
				return i, i + 2, false
			}
			return i, i + 1, false
		case 0xc2: // U+0085 next line
			if i+1 < len(s) && s[i+1] == 0x85 {
				return i, i + 2, false
			}
		case 0xe2: // U+2028 line separator, U+2029 paragraph separator
			if i+2 < len(s) && s[i+1] == 0x80 && (s[i+2] == 0xa8 || s[i+2] == 0xa9) {
				return i, i + 3, s[i+2] == 0xa9
			}
		}
	}
	return len(s), len(s), false
}

// isSpace reports whether r separates words: Unicode white space and the
// invisible characters that scraped text often carries between them.
func isSpace(r rune) bool {
	switch r {
	case ' ', '\t', '\n', '\r', '\v', '\f':
		return true
	case '\u200b', '\u2060', '\ufeff':
		return true
	}
	return r > 0x7f && unicode.IsSpace(r)
}

// skipSpace returns the first position in s[i:hi] that is not space, or hi.
func skipSpace(s string, i, hi int) int {
	for i < hi {
		if c := s[i]; c < utf8.RuneSelf {
			if c != ' ' && c != '\t' && c != '\v' && c != '\f' && c != '\r' && c != '\n' {
				return i
			}
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:hi])
		if !isSpace(r) {
			return i
		}
		i += size
	}
	return hi
}

// trimSpaceRight returns the end of s[lo:hi] without trailing space.
func trimSpaceRight(s string, lo, hi int) int {
	for hi > lo {
		r, size := utf8.DecodeLastRuneInString(s[lo:hi])
		if !isSpace(r) {
			return hi
		}
		hi -= size
	}
	return hi
}

func isTerminal(r rune) bool {
	switch r {
	case '.', '?', '!', '…', '？', '！', '‼', '⁇', '⁈', '⁉':
		return true
	}
	return false
}

// isOpening reports whether r opens a quotation or a bracket.
func isOpening(r rune) bool {
	switch r {
	case '"', '\'', '“', '‘', '„', '‚', '‟', '‛', '«', '‹', '(', '[', '{', '¿', '¡':
		return true
	}
	return false
}

func isWordRune(r rune) bool {
	return unicode.IsLetter(r) || unicode.IsDigit(r)
}

type splitter struct {
	s   string
	out []sentSpan
	// Quote state of the current line: inside a straight double quote,
	// inside a typographic one.
	inDQ, inCurly bool
}

func (sp *splitter) emit(start, end, para int) {
	end = trimSpaceRight(sp.s, start, end)
	if end > start {
		sp.out = append(sp.out, sentSpan{start, end, para})
	}
}

// line splits the line s[lo:hi] into sentences.
func (sp *splitter) line(lo, hi, para int) {
	s := sp.s
	sp.inDQ, sp.inCurly = false, false
	start := skipSpace(s, lo, hi)
	for i := start; i < hi; {
		c := s[i]
		if c == '"' {
			sp.straightQuote(i, lo, hi)
			i++
			continue
		}
		if c < utf8.RuneSelf && c != '.' && c != '?' && c != '!' {
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:hi])
		switch r {
		case '“', '„', '‟', '«':
			sp.inCurly = true
		case '”', '»':
			sp.inCurly = false
		}
		if !isTerminal(r) {
			i += size
			continue
		}
		c0 := sp.cluster(i, hi)
		k := sp.closers(&c0, hi)
		if sp.isBoundary(&c0, start, hi) {
			sp.emit(start, k, para)
			start = skipSpace(s, k, hi)
			i = start
			continue
		}
		i = k
	}
	if start < hi {
		sp.emit(start, hi, para)
	}
}

// straightQuote updates the quote state for the '"' at i. A quote glued
// to the word before it and followed by space or punctuation closes; any
// other is taken to open if no quote is open and to close if one is.
func (sp *splitter) straightQuote(i, lo, hi int) {
	prev, _ := utf8.DecodeLastRuneInString(sp.s[lo:i])
	next, _ := utf8.DecodeRuneInString(sp.s[i+1 : hi])
	if i > lo && !isSpace(prev) && !isOpening(prev) && (i+1 == hi || !isWordRune(next)) {
		sp.inDQ = false
		return
	}
	sp.inDQ = !sp.inDQ
}

// candidate describes a run of sentence-final punctuation and what
// surrounds it.
type candidate struct {
	i, j, k int // the run is s[i:j]; closing quotes and brackets end at k

	question bool // the run has '?' or '!'
	ellipsis bool // the run is an ellipsis ("...", "…", ". . .")
	quote    bool // a closing quote follows the run
	bracket  bool // a closing bracket follows the run
}

// cluster reads the run of terminal punctuation at i.
func (sp *splitter) cluster(i, hi int) candidate {
	s := sp.s
	c := candidate{i: i, j: i}
	dots := 0
	for c.j < hi {
		r, size := utf8.DecodeRuneInString(s[c.j:hi])
		if !isTerminal(r) {
			// A spaced ellipsis: ". . ."
			if r == ' ' && dots > 0 && c.j+1 < hi && s[c.j+1] == '.' &&
				(dots > 1 || c.j+3 < hi && s[c.j+2] == ' ' && s[c.j+3] == '.') {
				c.j++
				continue
			}
			break
		}
		switch r {
		case '.':
			dots++
		case '…':
			c.ellipsis = true
		default:
			c.question = true
		}
		c.j += size
	}
	if dots > 1 {
		c.ellipsis = true
	}
	return c
}

// closers extends the candidate over the closing quotes and brackets after
// its punctuation and returns where they end. Text extracted from some
// corpora puts a space before a closing quote (`done. "`); a quote that
// stands alone after the punctuation closes too.
func (sp *splitter) closers(c *candidate, hi int) int {
	s := sp.s
	p := c.j
	for p < hi {
		r, size := utf8.DecodeRuneInString(s[p:hi])
		after := p + size
		switch r {
		case ')', ']', '}':
			c.bracket = true
			p = after
			continue
		case '”', '’', '»', '›', '″', '′':
			c.quote = true
			if r == '”' || r == '»' {
				sp.inCurly = false
			}
			p = after
			continue
		case '"':
			if sp.inDQ || !wordAt(s, after, hi) {
				c.quote = true
				sp.inDQ = false
				p = after
				continue
			}
		case '\'':
			if !wordAt(s, after, hi) {
				c.quote = true
				p = after
				continue
			}
		case '“':
			// An opening quote never stands alone; after a sentence end a
			// lone one is a misused closing quote (`done. “`).
			if !wordAt(s, after, hi) && !quoteAt(s, after, hi) {
				c.quote = true
				p = after
				continue
			}
		case ' ':
			// Closing quotes and brackets set off by a space (`done. "`,
			// `stop. '"`, `person. ]`), as some extracted text has them.
			if q := closerRun(s, after, hi); q > after && (q == hi || s[q] == ' ') {
				for _, r := range s[after:q] {
					switch r {
					case '"':
						sp.inDQ = false
					case '”', '“', '»':
						sp.inCurly = false
					}
					if r == ')' || r == ']' {
						c.bracket = true
					} else {
						c.quote = true
					}
				}
				p = q
				continue
			}
			// A straight quote glued to the next word opens a new
			// quotation, unless one is open and an attribution follows:
			// `"Why? "Coach Lee asked.`
			if after < hi && s[after] == '"' && sp.inDQ && wordAt(s, after+1, hi) {
				n := sp.nextAt(after+1, hi)
				if n.lower() || sp.attribution(after+1, hi) {
					sp.inDQ = false
					c.quote = true
					p = after + 1
					continue
				}
			}
		}
		break
	}
	c.k = p
	return p
}

// closerRun returns the end of the run of closing quotes and brackets at i.
func closerRun(s string, i, hi int) int {
	for i < hi {
		r, size := utf8.DecodeRuneInString(s[i:hi])
		switch r {
		case '"', '\'', '”', '’', '»', '“', ')', ']':
			i += size
			continue
		}
		break
	}
	return i
}

// quoteAt reports whether a quotation mark starts at s[i:hi].
func quoteAt(s string, i, hi int) bool {
	if i >= hi {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:hi])
	switch r {
	case '"', '\'', '”', '’', '»', '“', '‘':
		return true
	}
	return false
}

// wordAt reports whether a letter or digit starts at s[i:hi].
func wordAt(s string, i, hi int) bool {
	if i >= hi {
		return false
	}
	r, _ := utf8.DecodeRuneInString(s[i:hi])
	return isWordRune(r)
}

// next describes the text after a candidate boundary.
type next struct {
	pos    int    // where the next sentence would start
	opened bool   // it starts with an opening quote or bracket
	quoted bool   // ... and that is a quote
	first  rune   // its first letter or digit, or other symbol
	word   string // the letters of its first word
	dotted bool   // the word is followed by '.', like an initial
}

func (sp *splitter) nextAt(p, hi int) next {
	s := sp.s
	n := next{pos: p}
	for p < hi {
		r, size := utf8.DecodeRuneInString(s[p:hi])
		if !isOpening(r) {
			break
		}
		n.opened = true
		if r != '(' && r != '[' && r != '{' {
			n.quoted = true
		}
		p += size
	}
	if p >= hi {
		return n
	}
	n.first, _ = utf8.DecodeRuneInString(s[p:hi])
	w := p
	for w < hi {
		r, size := utf8.DecodeRuneInString(s[w:hi])
		if !unicode.IsLetter(r) {
			break
		}
		w += size
	}
	n.word = s[p:w]
	n.dotted = w > p && w < hi && s[w] == '.'
	return n
}

func (n *next) lower() bool { return unicode.IsLower(n.first) }
func (n *next) digit() bool { return unicode.IsDigit(n.first) }

// opener reports whether the next word is a typical sentence opener.
func (n *next) opener() bool { return !n.dotted && openers[n.word] }

// isBoundary decides whether a sentence ends after candidate c. start is
// where the current sentence began.
func (sp *splitter) isBoundary(c *candidate, start, hi int) bool {
	s := sp.s
	if c.k >= hi {
		return false // the end of the line ends the sentence anyway
	}
	r, _ := utf8.DecodeRuneInString(s[c.k:hi])
	var n next
	switch {
	case isSpace(r):
		n = sp.nextAt(skipSpace(s, c.k, hi), hi)
		if n.pos >= hi {
			return false
		}
	case c.quote && (unicode.IsLetter(r) || isOpening(r)):
		// `."He` or `?"Colts`: a closing quote glued to what follows.
		n = sp.nextAt(c.k, hi)
	case c.k == c.j && !c.ellipsis && unicode.IsUpper(r):
		// "done.The": a missing space, accepted only before a common
		// sentence opener after a plain lower-case word.
		n = sp.nextAt(c.k, hi)
		w := sp.prevWord(c.i, start)
		if !n.opener() || !isLowerWord(w) {
			return false
		}
		return true
	default:
		return false // "3.5", "U.S", "example.com", ".)," ...
	}
	if n.lower() {
		return false
	}
	if n.first == '.' || n.first == '…' {
		return false // "mother. ... That's": the ellipsis decides
	}
	if !n.opened && !unicode.IsLetter(n.first) && !unicode.IsDigit(n.first) && !unicode.Is(unicode.Sc, n.first) {
		return false // "E! -series", "late. #who", "— Reuters"
	}
	if c.question && !c.quote && (sp.inDQ || sp.inCurly) && sp.exclamations(n.pos, hi) {
		return false // “Pigs! Murderers!” they chanted.
	}
	if c.quote {
		if c.question || c.ellipsis {
			return !(unicode.IsUpper(n.first) && sp.attribution(n.pos, hi))
		}
		return true
	}
	if c.question {
		return true
	}
	if c.ellipsis {
		if n.digit() {
			return false
		}
		// An ellipsis set off by spaces marks an omission inside a
		// sentence more often than its end.
		if c.i > start && isSpaceBefore(s, c.i) && !n.quoted {
			if isTerminalBefore(s, start, c.i) {
				return true // "days. ... People": the omission follows a sentence
			}
			return n.opener()
		}
		return true
	}
	return sp.afterPeriod(c, &n, start)
}

// isTerminalBefore reports whether the last non-space rune before i is
// sentence-final punctuation.
func isTerminalBefore(s string, start, i int) bool {
	i = trimSpaceRight(s, start, i)
	r, _ := utf8.DecodeLastRuneInString(s[start:i])
	return isTerminal(r)
}

// exclamations reports whether the text at p is a short series of
// exclamations or questions, each of a few words, that ends with a closing
// quote: the rest of “Pigs! Murderers!” or "Go! Go! Go!".
func (sp *splitter) exclamations(p, hi int) bool {
	s := sp.s
	words := 1
	for i := p; i < hi && i < p+120; {
		r, size := utf8.DecodeRuneInString(s[i:hi])
		switch {
		case r == ' ':
			words++
		case r == '!' || r == '?':
			if words > 4 {
				return false
			}
			if quoteAt(s, i+size, hi) {
				return true
			}
			if i+size < hi && s[i+size] != ' ' {
				return false
			}
			words = 0
		case !unicode.IsLetter(r) && r != '\'' && r != '’' && r != '-':
			return false
		}
		i += size
	}
	return false
}

func isSpaceBefore(s string, i int) bool {
	r, _ := utf8.DecodeLastRuneInString(s[:i])
	return isSpace(r)
}

func isLowerWord(w string) bool {
	if len(w) < 2 {
		return false
	}
	for _, r := range w {
		if !unicode.IsLower(r) {
			return false
		}
	}
	return true
}

// word kinds before a period
const (
	kindNone     = iota // no word: " . "
	kindWord            // an ordinary word
	kindNumber          // ends with a digit
	kindList            // a list number at the start of the sentence: "2."
	kindInitial         // a single letter: "W."
	kindTitle           // titleAbbrev
	kindAbbrev          // endAbbrev or an unknown dotted abbreviation
	kindTime            // "a.m.", "p.m."
	kindFunction        // a word that cannot end a sentence: "of", "the"
)

// afterPeriod decides a single period followed by space and something
// other than a lower-case letter.
func (sp *splitter) afterPeriod(c *candidate, n *next, start int) bool {
	kind := sp.classify(c.i, start)
	if n.opened && !n.quoted {
		// "Inc. (NYSE: X)" continues; "said. (Photo)" starts anew.
		return kind == kindWord || kind == kindNumber || kind == kindNone
	}
	if n.digit() {
		// "No. 1", "Jan. 5", "14. 4" (a decimal split by extraction),
		// "E. 55th St.", but "...in 2010. 15 people".
		if kind == kindNumber {
			// A decimal split by extraction has a short integer part
			// ("14. 4 points"); a year does not end one ("in 2019. 40").
			w := sp.prevWord(c.i, start)
			return len(w) >= 4 && allDigits(w[len(w)-4:])
		}
		return kind == kindWord
	}
	switch kind {
	case kindFunction:
		return n.quoted || n.opener()
	case kindTitle, kindList:
		return false
	case kindInitial:
		if n.quoted {
			return true
		}
		// "George W. Bush" goes on; "Plan B. The" ends. A lone "A" or "I"
		// after an initial is more likely another initial ("L. A Smith").
		return n.opener() && n.word != "A" && n.word != "I"
	case kindAbbrev:
		return n.quoted || n.opener()
	case kindTime:
		// "at 9 a.m. Friday", "4 p.m. EDT" go on; "at 7 p.m. Police
		// said" ends.
		return n.quoted || !timeFollowers[strings.ToUpper(n.word)] && !isTimeZone(n.word)
	}
	return true
}

// prevWord returns the word that ends at i, without opening quotes or
// brackets before it.
func (sp *splitter) prevWord(i, start int) string {
	s := sp.s
	w := i
	for w > start {
		r, size := utf8.DecodeLastRuneInString(s[start:w])
		if isSpace(r) {
			break
		}
		w -= size
	}
	for w < i {
		r, size := utf8.DecodeRuneInString(s[w:i])
		if !isOpening(r) {
			break
		}
		w += size
	}
	return s[w:i]
}

// classify says what kind of word ends at the period at i.
func (sp *splitter) classify(i, start int) int {
	s := sp.s
	w := sp.prevWord(i, start)
	if w == "" {
		return kindNone
	}
	if j := strings.LastIndexByte(w, '/'); j >= 0 && j+1 < len(w) {
		w = w[j+1:] // "Wittman/P.J."
	}
	last, _ := utf8.DecodeLastRuneInString(w)
	if unicode.IsDigit(last) {
		if len(w) <= 2 && allDigits(w) && (i-len(w) == start || isColonBefore(s, start, i-len(w))) {
			return kindList // "2. How ...", "factors: 1. How ..."
		}
		return kindNumber
	}
	if utf8.RuneCountInString(w) == 1 && unicode.IsLetter(last) {
		// Letters spaced out by extraction, "U. S." or "a. m.", are one
		// abbreviation.
		var buf [16]byte
		key, n := spacedAbbrev(s, i-len(w), start, buf[:0])
		if n > 1 {
			return classifyAbbrev(string(key), kindAbbrev)
		}
		return kindInitial
	}
	if k := classifyAbbrev(w, kindWord); k != kindWord {
		return k
	}
	if h := afterHyphen(w); h != "" {
		if utf8.RuneCountInString(h) == 1 {
			return kindInitial // "D-W."
		}
		if k := classifyAbbrev(h, kindWord); k != kindWord {
			return k // "D-Calif.", "Aoraki-Mt."
		}
	}
	if isDotted(w) {
		return kindAbbrev // "J.R.R.", "Ph.D.", "W.Va."
	}
	if cannotEnd[w] {
		return kindFunction
	}
	return kindWord
}

// classifyAbbrev looks w up in the abbreviation table.
func classifyAbbrev(w string, otherwise int) int {
	switch w {
	case "a.m", "p.m", "A.M", "P.M":
		return kindTime
	}
	c, ok := abbrevs[w]
	if !ok {
		return otherwise
	}
	return abbrevKind(c)
}

func abbrevKind(c abbrevClass) int {
	if c == titleAbbrev {
		return kindTitle
	}
	return kindAbbrev
}

func isColonBefore(s string, start, i int) bool {
	i = trimSpaceRight(s, start, i)
	return i > start && s[i-1] == ':'
}

// isTimeZone reports whether w looks like a time zone abbreviation: two to
// five capital letters ending in T ("ET", "EDT", "GMT", "AEST") or "UTC".
func isTimeZone(w string) bool {
	if len(w) < 2 || len(w) > 5 || w[len(w)-1] != 'T' && w != "UTC" {
		return false
	}
	for i := 0; i < len(w); i++ {
		if w[i] < 'A' || w[i] > 'Z' {
			return false
		}
	}
	return true
}

func allDigits(w string) bool {
	for i := 0; i < len(w); i++ {
		if w[i] < '0' || w[i] > '9' {
			return false
		}
	}
	return w != ""
}

func afterHyphen(w string) string {
	for i := len(w) - 1; i > 0; i-- {
		if w[i] == '-' {
			return w[i+1:]
		}
	}
	return ""
}

// isDotted reports whether w is letters with inner periods, each part at
// most three letters long: "U.S", "J.R.R", "Ph.D".
func isDotted(w string) bool {
	parts, n := 0, 0
	for _, r := range w {
		switch {
		case r == '.':
			if n == 0 {
				return false
			}
			parts++
			n = 0
		case unicode.IsLetter(r):
			n++
			if n > 3 {
				return false
			}
		default:
			return false
		}
	}
	return parts > 0 && n > 0
}

// spacedAbbrev gathers the single letters that precede the one at w, each
// followed by a period and a space ("U. S", "W. H. O"), into key as
// "U.S" and returns it with the number of letters.
func spacedAbbrev(s string, w, start int, key []byte) ([]byte, int) {
	letters := []int{w}
	p := w
	for len(letters) < 6 {
		// Expect "X. " before p.
		if p-3 < start || s[p-1] != ' ' || s[p-2] != '.' || !isASCIILetter(s[p-3]) {
			break
		}
		if p-4 >= start && !isSpaceByte(s[p-4]) && !isOpeningByte(s[p-4]) {
			break
		}
		p -= 3
		letters = append(letters, p)
	}
	for i := len(letters) - 1; i >= 0; i-- {
		if len(key) > 0 {
			key = append(key, '.')
		}
		_, size := utf8.DecodeRuneInString(s[letters[i]:])
		key = append(key, s[letters[i]:letters[i]+size]...)
	}
	return key, len(letters)
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
func isSpaceByte(c byte) bool   { return c == ' ' || c == '\t' }
func isOpeningByte(c byte) bool { return c == '(' || c == '"' || c == '\'' || c == '[' }

// attribution reports whether the words at p, before any punctuation, hold
// a reporting verb that ends the clause, as in `"Who did this?" Coach Pat
// Lee asked.`, but not `"Who did this?" Police said they...`.
func (sp *splitter) attribution(p, hi int) bool {
	s := sp.s
	for words := 0; words < 8 && p < hi; words++ {
		w := p
		for w < hi {
			r, size := utf8.DecodeRuneInString(s[w:hi])
			if !unicode.IsLetter(r) && r != '-' && r != '\'' && r != '’' {
				break
			}
			w += size
		}
		if w == p {
			return false
		}
		word := s[p:w]
		if reporting[word] {
			q := skipSpace(s, w, hi)
			if q == hi || q == w {
				return true // "asked." "said," or the end of the line
			}
			n := sp.nextAt(q, hi)
			if n.opened || openers[titleCase(n.word)] {
				return false
			}
			// "asked reporters"; "asked Coleman", for verbs that take a
			// person as object.
			return n.lower() || objectVerbs[word] && unicode.IsUpper(n.first)
		}
		if words == 0 && (openers[word] || IsStopword(strings.ToLower(word))) {
			return false // "Nobody answered.", "The crowd cheered."
		}
		if auxiliaries[strings.ToLower(word)] {
			return false // "His friends have not explained ..." is a clause
		}
		if w < hi && s[w] == '.' && (abbrevs[word] == titleAbbrev || utf8.RuneCountInString(word) == 1) {
			w++ // "Mr. Lee", "J. Lee"
		}
		if w < hi && s[w] != ' ' {
			return false
		}
		p = w + 1
	}
	return false
}

// titleCase upper-cases the first ASCII letter of w for a lookup in the
// openers table.
func titleCase(w string) string {
	if w == "" || w[0] < 'a' || w[0] > 'z' {
		return w
	}
	var buf [32]byte
	if len(w) > len(buf) {
		return w
	}
	b := append(buf[:0], w...)
	b[0] -= 'a' - 'A'
	return string(b)
}
