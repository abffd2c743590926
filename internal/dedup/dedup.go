package dedup

import (
	"net/url"
	"path"
	"slices"
	"sort"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// Kind says how a duplicate was recognised.
type Kind string

const (
	SameURL  Kind = "url"  // the same canonical URL
	SameText Kind = "text" // the same words
	NearText Kind = "near" // shingle sets similar above the threshold
)

const (
	// DefaultThreshold is the Jaccard similarity of word 5-shingle sets
	// from which two texts are near duplicates (see the package
	// documentation for how it was chosen).
	DefaultThreshold = 0.3
	// DefaultContainment is the share of the shorter text's shingles
	// found in the longer from which the shorter is a cut copy.
	DefaultContainment = 0.9
	// MinShingles is the fewest distinct shingles a text needs for the
	// near-duplicate test.
	MinShingles = 10
	// ShingleWords is the number of words in a shingle.
	ShingleWords = 5

	numHashes = bands * rows
	bands     = 64
	rows      = 2
)

// Options set the near-duplicate test. The zero value uses the defaults.
type Options struct {
	// Threshold is the Jaccard similarity from which texts are near
	// duplicates; 0 means DefaultThreshold.
	Threshold float64
	// Containment is the share of the shorter text's shingles found in
	// the longer from which the shorter is a duplicate; 0 means
	// DefaultContainment, a value above 1 turns the test off.
	Containment float64
}

// Match says which earlier article an article duplicates.
type Match struct {
	// Of is the ID of the first article added of the group the article
	// joins.
	Of string
	// Index is that article's position in the order of Add calls.
	Index int
	Kind  Kind
	// Similarity is the Jaccard similarity of the shingle sets for
	// NearText, and 1 otherwise.
	Similarity float64
}

// Detector recognises duplicates among the articles added to it. Its zero
// value is not usable; call New.
type Detector struct {
	opt     Options
	ids     []string
	parent  []int
	shing   [][]uint64 // sorted distinct shingle hashes per article
	byURL   map[string]int
	byText  map[uint64]int
	buckets map[bandKey][]int
}

type bandKey struct {
	band int
	h    uint64
}

// New returns an empty Detector.
func New(opt Options) *Detector {
	if opt.Threshold <= 0 {
		opt.Threshold = DefaultThreshold
	}
	if opt.Containment <= 0 {
		opt.Containment = DefaultContainment
	}
	return &Detector{
		opt:     opt,
		byURL:   make(map[string]int),
		byText:  make(map[uint64]int),
		buckets: make(map[bandKey][]int),
	}
}

// Len is the number of articles added.
func (d *Detector) Len() int { return len(d.ids) }

func (d *Detector) root(i int) int {
	for d.parent[i] != i {
		d.parent[i] = d.parent[d.parent[i]]
		i = d.parent[i]
	}
	return i
}

// union joins the groups of i and j; the earlier article is the root.
func (d *Detector) union(i, j int) {
	ri, rj := d.root(i), d.root(j)
	if ri == rj {
		return
	}
	if rj < ri {
		ri, rj = rj, ri
	}
	d.parent[rj] = ri
}

// Add adds a and reports whether it duplicates an article added before,
// and which. Its URL and its Canonical URL (rel=canonical) both count;
// a home page (a URL without a path) counts for nothing. A match by URL is preferred to one by text, and that to a
// near match; among near matches the most similar (then the earliest)
// wins. An article that matches several groups joins them into one.
func (d *Detector) Add(a news.Article) (Match, bool) {
	i := len(d.ids)
	d.ids = append(d.ids, a.ID)
	d.parent = append(d.parent, i)

	var (
		best  = -1
		match Match
	)
	take := func(j int, k Kind, sim float64) {
		if best < 0 {
			best, match = j, Match{Kind: k, Similarity: sim}
		}
		d.union(i, j)
	}

	for _, raw := range []string{a.URL, a.Canonical} {
		u := CanonicalURL(raw)
		if !strings.ContainsAny(u, "/?") {
			// No URL, or a site's home page: a page whose canonical
			// link names the home page says nothing about the article.
			continue
		}
		if j, ok := d.byURL[u]; ok {
			take(j, SameURL, 1)
		} else {
			d.byURL[u] = i
		}
	}
	words := Words(a.Body)
	if len(words) > 0 {
		h := hashWords(words)
		if j, ok := d.byText[h]; ok {
			take(j, SameText, 1)
		} else {
			d.byText[h] = i
		}
	}

	sh := Shingles(words)
	d.shing = append(d.shing, sh)
	if len(sh) >= MinShingles {
		sig := Signature(sh)
		var cands []int
		for b := range bands {
			k := bandKey{b, hashBand(sig[b*rows : (b+1)*rows])}
			cands = append(cands, d.buckets[k]...)
			d.buckets[k] = append(d.buckets[k], i)
		}
		slices.Sort(cands)
		cands = slices.Compact(cands)
		type near struct {
			j   int
			sim float64
		}
		var nears []near
		for _, j := range cands {
			jac, cont := overlap(sh, d.shing[j])
			if jac >= d.opt.Threshold || cont >= d.opt.Containment {
				nears = append(nears, near{j, jac})
			}
		}
		sort.SliceStable(nears, func(x, y int) bool { return nears[x].sim > nears[y].sim })
		for _, n := range nears {
			take(n.j, NearText, n.sim)
		}
	}
	if best < 0 {
		return Match{}, false
	}
	r := d.root(i)
	match.Of, match.Index = d.ids[r], r
	return match, true
}

// Groups returns the groups of two or more duplicates among arts, as
// indices into arts in increasing order, the groups ordered by their
// first index.
func Groups(arts []news.Article, opt Options) [][]int {
	d := New(opt)
	for _, a := range arts {
		d.Add(a)
	}
	return d.Groups()
}

// Groups returns the groups of two or more duplicates among the articles
// added so far, as indices in the order of Add, the groups ordered by their
// first index.
func (d *Detector) Groups() [][]int {
	at := make(map[int]int)
	var out [][]int
	for i := range d.ids {
		r := d.root(i)
		if r == i {
			continue
		}
		g, ok := at[r]
		if !ok {
			g = len(out)
			at[r] = g
			out = append(out, []int{r})
		}
		out[g] = append(out[g], i)
	}
	sort.Slice(out, func(x, y int) bool { return out[x][0] < out[y][0] })
	return out
}

// overlap returns the Jaccard similarity of the sorted sets a and b and the
// share of the smaller set found in the larger (0 when the smaller has
// fewer than MinShingles).
func overlap(a, b []uint64) (jaccard, containment float64) {
	inter := 0
	for i, j := 0, 0; i < len(a) && j < len(b); {
		switch {
		case a[i] < b[j]:
			i++
		case a[i] > b[j]:
			j++
		default:
			inter++
			i++
			j++
		}
	}
	union := len(a) + len(b) - inter
	if union == 0 {
		return 0, 0
	}
	jaccard = float64(inter) / float64(union)
	if m := min(len(a), len(b)); m >= MinShingles {
		containment = float64(inter) / float64(m)
	}
	return jaccard, containment
}

// Words returns the words of text, lower-cased: runs of letters and digits,
// everything else a separator.
func Words(text string) []string {
	var (
		out []string
		b   strings.Builder
	)
	flush := func() {
		if b.Len() > 0 {
			out = append(out, b.String())
			b.Reset()
		}
	}
	for _, r := range text {
		if unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.Mn, r) {
			b.WriteRune(unicode.ToLower(r))
		} else {
			flush()
		}
	}
	flush()
	return out
}

// TextHash is a hash of text's words that ignores case, punctuation and
// spacing; 0 for a text without words.
func TextHash(text string) uint64 {
	w := Words(text)
	if len(w) == 0 {
		return 0
	}
	return hashWords(w)
}

const (
	fnvOffset = 14695981039346656037
	fnvPrime  = 1099511628211
)

func fnvString(h uint64, s string) uint64 {
	for i := 0; i < len(s); i++ {
		h ^= uint64(s[i])
		h *= fnvPrime
	}
	return h
}

func hashWords(words []string) uint64 {
	h := uint64(fnvOffset)
	for _, w := range words {
		h = fnvString(h, w)
		h ^= ' '
		h *= fnvPrime
	}
	return h
}

// Shingles returns the sorted distinct hashes of the runs of ShingleWords
// consecutive words; a text shorter than that is one shingle.
func Shingles(words []string) []uint64 {
	if len(words) == 0 {
		return nil
	}
	n := max(len(words)-ShingleWords+1, 1)
	out := make([]uint64, 0, n)
	for i := range n {
		out = append(out, hashWords(words[i:min(i+ShingleWords, len(words))]))
	}
	slices.Sort(out)
	return slices.Compact(out)
}

// seeds are the fixed seeds of the MinHash functions, drawn from
// splitmix64 started at a constant so that signatures never change.
var seeds = func() [numHashes]uint64 {
	var s [numHashes]uint64
	x := uint64(0x5041524c4158) // "PARLAX"
	for i := range s {
		x += 0x9e3779b97f4a7c15
		s[i] = mix(x)
	}
	return s
}()

// mix is splitmix64's finalizer, a bijection on uint64 that spreads every
// input bit over the output.
func mix(z uint64) uint64 {
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}

// Signature is the MinHash signature of a shingle set: for each of the
// fixed hash functions, the least hash of a shingle.
func Signature(shingles []uint64) []uint64 {
	sig := make([]uint64, numHashes)
	for i := range sig {
		sig[i] = ^uint64(0)
	}
	for _, s := range shingles {
		for i, seed := range seeds {
			if v := mix(s ^ seed); v < sig[i] {
				sig[i] = v
			}
		}
	}
	return sig
}

// EstimateJaccard is the share of equal positions in two signatures, an
// unbiased estimate of the Jaccard similarity of the sets behind them.
func EstimateJaccard(a, b []uint64) float64 {
	if len(a) != len(b) || len(a) == 0 {
		return 0
	}
	n := 0
	for i := range a {
		if a[i] == b[i] {
			n++
		}
	}
	return float64(n) / float64(len(a))
}

func hashBand(rowsOf []uint64) uint64 {
	h := uint64(fnvOffset)
	for _, v := range rowsOf {
		h = mix(h ^ v)
	}
	return h
}

// trackingParams are query parameters that name a campaign or a click, not
// a page.
var trackingParams = map[string]bool{
	"fbclid": true, "gclid": true, "dclid": true, "gclsrc": true, "msclkid": true, "yclid": true,
	"mc_cid": true, "mc_eid": true, "igshid": true, "ref": true, "ref_src": true, "ref_url": true,
	"cmpid": true, "cmp": true, "ito": true, "ns_mchannel": true, "ns_source": true, "ns_campaign": true,
	"ns_linkname": true, "ns_fee": true, "ocid": true, "smid": true, "smtyp": true, "sr_share": true,
	"share": true, "via": true, "feature": true, "_ga": true, "_gl": true, "spm": true,
	"outputtype": true, "amp": true, "at_medium": true, "at_campaign": true, "guccounter": true,
	"__twitter_impression": true, "s_cid": true, "icid": true, "int_source": true, "traffic_source": true,
}

// CanonicalURL returns raw in a form that is the same for the usual
// variants of one article's address: scheme and host lower-cased, http
// and https equal, "www.", "m.", "mobile." and "amp." host prefixes,
// default ports, user info, the fragment, AMP path segments and suffixes
// ("/amp/", ".amp", "/amp.html"), index pages, trailing slashes and
// tracking parameters (utm_*, fbclid, gclid, …) dropped, the remaining
// query parameters sorted. It returns "" for an empty or unparseable URL or
// one without a host.
func CanonicalURL(raw string) string {
	raw, _, _ = strings.Cut(raw, "#")
	raw = strings.TrimSpace(raw)
	if raw == "" {
		return ""
	}
	if strings.HasPrefix(raw, "//") {
		raw = "https:" + raw
	}
	u, err := url.Parse(raw)
	if err != nil || u.Host == "" {
		return ""
	}
	scheme := strings.ToLower(u.Scheme)
	if scheme != "http" && scheme != "https" && scheme != "" {
		return ""
	}
	host := strings.TrimRight(strings.ToLower(u.Hostname()), ".")
	if host == "" {
		return ""
	}
	if port := u.Port(); port != "" && port != "80" && port != "443" {
		host += ":" + port
	}
	for cut := true; cut; {
		cut = false
		for _, p := range []string{"www.", "m.", "mobile.", "amp."} {
			if h, ok := strings.CutPrefix(host, p); ok && strings.Contains(h, ".") {
				host, cut = h, true
				break
			}
		}
	}
	// AMP caches: example-com.cdn.ampproject.org/c/s/example.com/path
	if strings.HasSuffix(host, ".cdn.ampproject.org") {
		p := u.EscapedPath()
		for _, pre := range []string{"/c/s/", "/v/s/", "/c/", "/v/"} {
			if rest, ok := strings.CutPrefix(p, pre); ok {
				if u.RawQuery != "" {
					rest += "?" + u.RawQuery
				}
				return CanonicalURL("https://" + rest)
			}
		}
	}

	p := u.EscapedPath()
	segs := strings.Split(p, "/")
	kept := segs[:0]
	for _, s := range segs {
		if s == "amp" || s == "amphtml" {
			continue
		}
		kept = append(kept, s)
	}
	p = strings.Join(kept, "/")
	for _, suf := range []string{".amp.html", ".amp", "/amp.html"} {
		if q, ok := strings.CutSuffix(p, suf); ok {
			p = q
			if suf == ".amp.html" {
				p += ".html"
			}
			break
		}
	}
	for _, idx := range []string{"index.html", "index.htm", "index.php"} {
		if path.Base(p) == idx {
			p = strings.TrimSuffix(p, idx)
		}
	}
	p = strings.TrimRight(p, "/")
	// Percent-encoding in upper case, as RFC 3986 normalises it.
	p = upperEscapes(p)

	var params []string
	if u.RawQuery != "" {
		for _, kv := range strings.Split(u.RawQuery, "&") {
			if kv == "" {
				continue
			}
			k, _, _ := strings.Cut(kv, "=")
			lk := strings.ToLower(k)
			if strings.HasPrefix(lk, "utm_") || strings.HasPrefix(lk, "utm-") || trackingParams[lk] {
				continue
			}
			params = append(params, kv)
		}
		sort.Strings(params)
	}
	var b strings.Builder
	b.WriteString(host)
	b.WriteString(p)
	if len(params) > 0 {
		b.WriteByte('?')
		b.WriteString(strings.Join(params, "&"))
	}
	return b.String()
}

func upperEscapes(s string) string {
	if !strings.Contains(s, "%") {
		return s
	}
	b := []byte(s)
	for i := 0; i+2 < len(b); i++ {
		if b[i] == '%' {
			for _, j := range []int{i + 1, i + 2} {
				if 'a' <= b[j] && b[j] <= 'f' {
					b[j] -= 'a' - 'A'
				}
			}
		}
	}
	if !utf8.Valid(b) {
		return s
	}
	return string(b)
}
