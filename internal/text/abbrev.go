package text

import "strings"

// abbrevClass says how a word written with a final period behaves at a
// possible sentence end.
type abbrevClass uint8

const (
	// notAbbrev: an ordinary word; its period ends the sentence.
	notAbbrev abbrevClass = iota
	// titleAbbrev always leads into what follows ("Mr.", "Gen.", "vs.",
	// "e.g."): it never ends a sentence before a capital.
	titleAbbrev
	// endAbbrev may end a sentence ("U.S.", "Inc.", "Calif.", "a.m."): the
	// sentence ends only if the next word is a typical sentence opener.
	endAbbrev
)

// Abbreviations as written, without the final period. Matching is exact
// (case-sensitive) so that "Mass." the state and "mass." the noun differ;
// an all-caps spelling of a capitalized entry also matches (headlines).
const titleAbbrevs = `
Mr Mrs Ms Messrs Mmes Dr Drs Prof Profs Gen Gens Lt Col Maj Capt Cpt Cmdr Cmdt
Adm Sgt Cpl Pvt Pfc Spc Ens Brig Gov Govs Sen Sens Rep Reps Rev Revs Fr Msgr
Hon Pres Supt Det Insp Atty Amb Ofc Mt Ft Sra Sta Snr Comr Cmdr
vs v cf e.g i.e viz ca approx
`

const endAbbrevs = `
Jr Jnr Sr Esq Inc Corp Co Cos Ltd Plc Bros Mfg Dept Univ Assn Intl Natl Govt
St Ste Ave Blvd Rd Hwy Ln Pkwy Pl Sq Ct Rte Apt Fwy Expy
No Nos Vol Vols Fig Figs Ch Art Sec pp Pt
Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
Ala Ariz Ark Calif Colo Conn Del Fla Ga Ill Ind Kan Kans Ky La Md Mass Mich
Minn Miss Mo Mont Neb Nebr Nev Okla Ore Pa Tenn Tex Va Vt Wash Wis Wisc Wyo
Alta Ont Que Man Sask
a.m p.m etc est al yr yrs hr hrs min mins sec secs lb lbs oz ft yd mi
U.S U.K U.N U.S.A D.C
`

// sentenceOpeners are capitalized words that commonly begin a sentence
// and rarely continue a name or an organization, so that an abbreviation
// followed by one of them most likely ends its sentence ("...moved to the
// U.S. He said").
const sentenceOpeners = `
The A An He She It They We I You His Her Its Their Our My Your This That
These Those There Here But And Or So Yet Nor However Meanwhile Still Also
In On At After Before When While If As Although Though Since Because Then Now
Some Many Most All Each Every Both Neither Either What Who Why How Where
Which Whether Earlier Later According Such Another Several Few Not Only Even
Instead Thus Nevertheless Nonetheless Moreover Furthermore Indeed For With By
From During Despite Among Until Once Yesterday
`

// reportingVerbs mark an attribution after a quoted question or
// exclamation: `"Why now?" Smith asked.` is one sentence.
const reportingVerbs = `
said says asked asks told tells added adds wrote writes replied replies
shouted yelled cried exclaimed wondered continued explained noted insisted
recalled tweeted declared joked quipped screamed laughed whispered answered
responded argued posted demanded pleaded sang chanted questioned observed
remarked commented acknowledged admitted warned urged claimed stressed
conceded countered mused marveled sighed boasted predicted suggested
`

// timeWords may follow "a.m." or "p.m." in the same sentence.
const timeWords = `
Monday Tuesday Wednesday Thursday Friday Saturday Sunday
Mon Tue Tues Wed Thu Thur Thurs Fri Sat Sun
January February March April May June July August September October November
December Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec
Eastern Central Mountain Pacific Atlantic Greenwich Local Today Tonight Tomorrow
`

// cannotEndWords are function words that do not end an English sentence,
// so a period after one is a slip or an extraction artifact ("of. 09").
const cannotEndWords = `
a an the of into onto and or nor than www
`

// auxiliaries mark a clause rather than an attribution.
const auxiliaryWords = `
have has had not is was were are will would could did does do can may might
must should shall never also
`

var (
	auxiliaries   = wordSet(auxiliaryWords)
	objectVerbs   = wordSet("asked asks told tells")
	timeFollowers = wordSet(strings.ToUpper(timeWords))
	cannotEnd     = wordSet(cannotEndWords)
	abbrevs       = buildAbbrevs()
	openers       = wordSet(sentenceOpeners)
	reporting     = wordSet(reportingVerbs)
)

func wordSet(list string) map[string]bool {
	m := make(map[string]bool)
	for _, w := range strings.Fields(list) {
		m[w] = true
	}
	return m
}

func buildAbbrevs() map[string]abbrevClass {
	m := make(map[string]abbrevClass)
	add := func(list string, c abbrevClass) {
		for _, w := range strings.Fields(list) {
			m[w] = c
			if up := strings.ToUpper(w); up != w && w[0] >= 'A' && w[0] <= 'Z' {
				m[up] = c
			}
		}
	}
	add(endAbbrevs, endAbbrev)
	add(titleAbbrevs, titleAbbrev)
	return m
}
