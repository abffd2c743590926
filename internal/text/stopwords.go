package text

import "strings"

// IsStopword reports whether norm, a folded (lower-case) word, is an
// English function word: an article, pronoun, auxiliary, preposition,
// conjunction, determiner or common adverb. Reporting verbs such as "said"
// are deliberately not stopwords; filtering them is the summarizer's call.
func IsStopword(norm string) bool {
	_, ok := stopwords[norm]
	return ok
}

// stopwordList is our own list of English function words. Contractions are
// listed with an ASCII apostrophe, as Fold leaves them.
const stopwordList = `
a about above across after afterwards again against ago ahead albeit all almost
alone along already also although always am amid amidst among amongst an and
another any anybody anyhow anyone anything anyway anyways anywhere apart are
aren't around as aside at away
back be became because become becomes becoming been before beforehand behind
being below beneath beside besides between beyond both but by
can can't cannot could couldn't
despite did didn't do does doesn't doing don't done down during
each either else elsewhere enough especially even ever every everybody everyone
everything everywhere except
few fewer for former formerly from further furthermore
had hadn't has hasn't have haven't having he he'd he'll he's hence her here
here's hers herself him himself his how how's however
i i'd i'll i'm i've if in inside instead into is isn't it it'd it'll it's its
itself
just
least less let let's like likewise
many may maybe me meanwhile might mightn't mine more moreover most mostly much
must mustn't my myself
namely near nearly neither never nevertheless next no nobody none nonetheless
noone nor not nothing now nowhere
of off often on once one's only onto or other others otherwise ought our ours
ourselves out outside over own
per perhaps
quite
rather
same several shall shan't she she'd she'll she's should shouldn't since so
some somebody somehow someone something sometime sometimes somewhat somewhere
still such
than that that's the their theirs them themselves then thence there there's
thereafter thereby therefore therein these they they'd they'll they're they've
this those though through throughout thru thus till to together too toward
towards
under underneath unless unlike until unto up upon us
very via
was wasn't we we'd we'll we're we've were weren't what what's whatever when
whenever where where's whereas whereby wherein wherever whether which whichever
while whilst who who's whoever whole whom whomever whose why will with within
without won't would wouldn't
yet you you'd you'll you're you've your yours yourself yourselves
`

var stopwords = func() map[string]struct{} {
	m := make(map[string]struct{})
	for _, w := range strings.Fields(stopwordList) {
		m[w] = struct{}{}
	}
	return m
}()
