package compare

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// Entities finds the people, organizations and places the documents
// mention, with aliases merged, most widely mentioned first (then by
// mentions, then in story order).
//
// Names are runs of capitalized words, with name particles inside them
// ("Bashar al-Assad", "Ludwig van Beethoven") and "of" after an
// organization word ("Ministry of Defence"). A capitalized word that
// opens a sentence or quotation is kept only when the story also
// capitalizes it elsewhere (or starts a longer name), it is a known
// place, a common first name or an acronym. Days,
// months, demonyms ("Syrian", "French") and titles are not names; a
// title splits a run ("Russian Foreign Minister Sergei Lavrov" gives
// "Sergei Lavrov"), and so does a known place or a common first name at
// the head of a longer run ("Syria Lakhdar Brahimi").
//
// Aliases merge across the story: names equal after folding case,
// periods, possessives and particles ("Bashar Assad", "Bashar al-Assad");
// an acronym and the one multiword name with its initials ("U.N.", "UN",
// "United Nations"), or the well-known expansion ("U.S." and "United
// States"); a name and the one longer name that ends with it ("Assad",
// "State Department" and "U.S. State Department") unless the shorter is
// a known place. The canonical name is the fullest form used.
//
// Kind is decided by the majority of cues over all mentions: titles,
// honorifics, common first names, role words ("spokesman", "envoy") and
// speech verbs for people; organization words ("Ministry", "Council",
// "League", "Inc.") and acronyms for organizations; the gazetteer, place
// words ("province", "City") and "in"/"near"/"village of" for places. A
// name of two or three words with no cue and no common word is taken for
// a person. Unclassified names mentioned once are left out.
func Entities(docs []news.Document) []news.Entity {
	vocab := entLowercaseVocab(docs)
	capSeen := entCapitalizedInside(docs)
	var ments []entMention
	for di := range docs {
		d := &docs[di]
		for si := range d.Sentences {
			ments = entAppendMentions(ments, d.Body, d.Sentences[si].Tokens, di, vocab, capSeen)
		}
	}
	return entMergeMentions(ments, docs, vocab)
}

// entMention is one occurrence of a name.
type entMention struct {
	doc   int
	pos   int      // byte offset, for story order
	words []string // surface words, possessive removed
	votes [4]float64
}

const (
	entKPerson = iota
	entKOrg
	entKPlace
	entKOther
)

var entKindNames = [4]string{"person", "organization", "place", "other"}

func (m *entMention) surface() string { return strings.Join(m.words, " ") }

// ---- word lists (ours, deliberately small) ----

func entWordSet(s string) map[string]bool {
	m := map[string]bool{}
	for _, w := range strings.Split(s, "|") {
		m[w] = true
	}
	return m
}

// entTitles precede a person's name (folded, periods dropped).
var entTitles = entWordSet("president|vice|prime|minister|secretary|secretary-general|under|deputy|foreign|defense|defence|" +
	"interior|finance|chancellor|king|queen|prince|princess|pope|judge|justice|ambassador|envoy|spokesman|" +
	"spokeswoman|chief|colonel|col|lt|sgt|capt|captain|commander|general|gen|admiral|adm|senator|sen|rep|" +
	"representative|governor|gov|mayor|sheikh|rev|reverend|sir|lord|lady|professor|prof|dr|mr|mrs|ms|miss|" +
	"director|chairman|chairwoman|ceo|leader|emir|sultan|ayatollah|imam|bishop|cardinal|archbishop|" +
	"lieutenant|sergeant|major|private|officer|detective|inspector|superintendent|attorney|assistant|acting|" +
	"senior|special|state|congressman|congresswoman|speaker|premier|dame|saint|st|mp|commissioner|coach")

// entHeadTitles can end a title sequence (a modifier like "foreign" or
// "state" alone does not make one).
var entHeadTitles = entWordSet("president|minister|secretary|secretary-general|chancellor|king|queen|prince|princess|pope|" +
	"judge|justice|ambassador|envoy|spokesman|spokeswoman|colonel|col|lt|sgt|capt|captain|commander|general|gen|" +
	"admiral|adm|senator|sen|rep|representative|governor|gov|mayor|sheikh|rev|reverend|sir|lord|lady|professor|" +
	"prof|dr|mr|mrs|ms|miss|director|chairman|chairwoman|ceo|leader|emir|sultan|ayatollah|imam|bishop|cardinal|" +
	"archbishop|lieutenant|sergeant|major|officer|detective|inspector|superintendent|attorney|congressman|" +
	"congresswoman|speaker|premier|dame|mp|commissioner|coach")

// entRoles are lower-case words that announce a person's name.
var entRoles = entWordSet("spokesman|spokeswoman|spokesperson|envoy|mediator|negotiator|minister|president|leader|" +
	"official|secretary|chief|ambassador|analyst|director|commander|lawyer|chairman|premier|senator|" +
	"governor|mayor|general|diplomat|professor|activist|founder|ceo|executive|researcher|expert|" +
	"correspondent|reporter|editor|witness|resident|survivor|father|mother|son|daughter|wife|husband|" +
	"colonel|captain|judge|prosecutor|attorney|economist|adviser|advisor|aide|deputy|representative|opponent|rival|coach|player")

var entSpeechVerbs = entWordSet("said|says|told|added|stated|explained|insisted|warned|argued|noted|replied|wrote|asked|declared|tweeted|announced")

// entOrgWords mark an organization anywhere in its name.
var entOrgWords = entWordSet("ministry|department|council|party|army|agency|inc|corp|corporation|university|coalition|" +
	"committee|front|movement|league|union|organization|organisation|nations|bank|fund|commission|court|" +
	"parliament|congress|senate|assembly|association|institute|foundation|group|company|co|ltd|llc|plc|" +
	"office|service|services|forces|force|police|brigade|brigades|federation|board|authority|church|" +
	"times|news|post|press|network|television|radio|airlines|airways|club|society|alliance|corps|guard|" +
	"administration|cabinet|bureau|school|college|hospital|centre|center|gmbh|ag|sa|network|tribunal|" +
	"command|navy|directorate|secretariat|industries|holdings|motors|media|journal|herald|telegraph|" +
	"guardian|tribune|reuters|cbs|nbc|abc|bbc|cnn|afp|ap|fifa|nato|opec|unicef|unesco|who|imf|wto|hamas|hezbollah|taliban|qaeda|" +
	"maritime|shipping|lines|logistics|energy|railways|railway|airline|transport|systems|technologies|" +
	"pharmaceuticals|laboratories|insurance|petroleum|mining|steel|chronicle|gazette|observer|courier|daily")

// entBankCues precede "the … Bank" when it is a sandbank.
var entBankCues = entWordSet("on|onto|off|near|across|over|aground|struck|hit")

// entOrgLastWords mark an organization only at the end of its name: they
// are given names too ("Greywater Marine", but "Marine Le Pen").
var entOrgLastWords = entWordSet("marine")

// entThingNouns name what comes before the name of a thing that is not a
// person, an organization or a place: "the container ship Marisol Star",
// "Hurricane Dora".
var entThingNouns = entWordSet("ship|vessel|freighter|tanker|ferry|boat|yacht|liner|trawler|tug|tugboat|" +
	"submarine|frigate|destroyer|cruiser|barge|hurricane|typhoon|cyclone|storm|operation|satellite|rocket|spacecraft")

// entPlaceWords mark a place at the end of its name.
var entPlaceWords = entWordSet("city|province|state|street|st|river|mountains|mountain|mount|island|islands|county|" +
	"region|valley|square|lake|sea|ocean|gulf|bay|peninsula|district|airport|bridge|avenue|road|desert|" +
	"coast|strait|village|town|heights|plain|plains|canyon|park|highway|prefecture|oblast|governorate|" +
	"reef|reefs|shoal|shoals|sandbar|sandbank|cape|harbour|harbor|channel")

// entPlaceCues precede a place: "in Homs", "village of Maan".
var entPlaceCues = entWordSet("in|near|across|outside|throughout|inside|toward|towards|via|around")
var entPlaceNouns = entWordSet("city|village|town|province|region|capital|district|suburb|port|state|country|island|county|neighbourhood|neighborhood|area")

// entParticles join the parts of a name.
var entParticles = entWordSet("al|el|bin|ibn|bint|de|van|von|der|den|da|di|du|dos|das|del|della|la|le|ter|ben|abu|y")

var entNotNames = entWordSet("monday|tuesday|wednesday|thursday|friday|saturday|sunday|january|february|march|april|" +
	"may|june|july|august|september|october|november|december|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec|" +
	"i|i'm|i'd|i'll|i've|god|internet|web|tv|ok|am|pm|a.m|p.m|a.m.|p.m.|ad|bc|ce|http|https|www|" +
	"photo|video|read|watch|more|share|comment|comments|related|advertisement|copyright|click|subscribe|" +
	"follow|sign|update|breaking")

// entGeneric are capitalized words that are no name alone ("the State",
// "Government").
var entGeneric = entWordSet("state|government|republic|capital|north|south|east|west|northern|southern|eastern|" +
	"western|central|english|arabic|spanish|french|german|russian|chinese|christmas|easter|ramadan|eid|" +
	"regime|opposition|army|police|parliament|congress|senate|court|ministry|department|council|party|" +
	"agency|university|committee|front|movement|league|union|communique|resolution|talks|summit|war|" +
	"conference|act|bill|treaty|accord|agreement|plan|law|constitution|city|province|county|district")

// entDemonyms are adjectives of places and groups, not names of their own
// (kept inside one: "Arab League", "Free Syrian Army").
var entDemonyms = entWordSet("syrian|russian|american|british|french|german|chinese|japanese|iranian|iraqi|israeli|" +
	"palestinian|egyptian|turkish|saudi|lebanese|jordanian|afghan|pakistani|indian|african|european|asian|" +
	"arab|algerian|moroccan|tunisian|libyan|yemeni|qatari|emirati|kuwaiti|ukrainian|polish|italian|spanish|" +
	"portuguese|dutch|belgian|swiss|austrian|swedish|norwegian|danish|finnish|greek|irish|scottish|welsh|" +
	"english|canadian|mexican|brazilian|argentine|argentinian|chilean|colombian|venezuelan|cuban|peruvian|" +
	"australian|korean|vietnamese|thai|indonesian|filipino|malaysian|nigerian|kenyan|ethiopian|somali|" +
	"sudanese|south|north|western|eastern|kurdish|shiite|shia|sunni|muslim|christian|jewish|islamic|" +
	"western|alawite|catholic|protestant|hindu|buddhist|bangladeshi|sri|nepalese|hungarian|czech|romanian|" +
	"bulgarian|serbian|croatian|bosnian|albanian|belarusian|georgian|armenian|azerbaijani|kazakh|uzbek|" +
	"burmese|cambodian|mongolian|taiwanese|haitian|dominican|jamaican|ugandan|rwandan|congolese|malian|" +
	"ghanaian|senegalese|zimbabwean|angolan|mozambican|tanzanian|eritrean|bahraini|omani|latin|nordic|baltic")

// entPlaces is a small gazetteer of countries, capitals and major cities,
// regions and continents (folded).
var entPlaces = entWordSet("afghanistan|albania|algeria|angola|argentina|armenia|australia|austria|azerbaijan|bahrain|" +
	"bangladesh|belarus|belgium|bolivia|bosnia|brazil|bulgaria|burma|cambodia|cameroon|canada|chad|chile|china|" +
	"colombia|congo|croatia|cuba|cyprus|czech republic|denmark|ecuador|egypt|eritrea|estonia|ethiopia|finland|" +
	"france|georgia|germany|ghana|greece|guatemala|haiti|honduras|hungary|iceland|india|indonesia|iran|iraq|" +
	"ireland|israel|italy|ivory coast|jamaica|japan|jordan|kazakhstan|kenya|kosovo|kuwait|kyrgyzstan|laos|" +
	"latvia|lebanon|liberia|libya|lithuania|luxembourg|madagascar|malawi|malaysia|mali|mexico|moldova|mongolia|" +
	"montenegro|morocco|mozambique|myanmar|namibia|nepal|netherlands|new zealand|nicaragua|niger|nigeria|" +
	"north korea|norway|oman|pakistan|palestine|panama|paraguay|peru|philippines|poland|portugal|qatar|romania|" +
	"russia|rwanda|saudi arabia|senegal|serbia|sierra leone|singapore|slovakia|slovenia|somalia|south africa|" +
	"south korea|south sudan|spain|sri lanka|sudan|sweden|switzerland|syria|taiwan|tajikistan|tanzania|" +
	"thailand|tunisia|turkey|turkmenistan|uganda|ukraine|united arab emirates|united kingdom|united states|" +
	"united states of america|uruguay|uzbekistan|venezuela|vietnam|yemen|zambia|zimbabwe|britain|great britain|" +
	"england|scotland|wales|america|gaza|west bank|crimea|kurdistan|tibet|hong kong|" +
	"us|u.s|u.s.|usa|u.s.a|uk|u.k|u.k.|uae|" +
	"kabul|algiers|buenos aires|canberra|sydney|melbourne|vienna|baku|manama|dhaka|minsk|brussels|brasilia|" +
	"rio de janeiro|sao paulo|sofia|ottawa|toronto|montreal|vancouver|santiago|beijing|shanghai|bogota|havana|" +
	"prague|copenhagen|cairo|alexandria|addis ababa|helsinki|paris|marseille|tbilisi|berlin|munich|frankfurt|" +
	"hamburg|accra|athens|budapest|new delhi|delhi|mumbai|jakarta|tehran|baghdad|basra|mosul|dublin|jerusalem|" +
	"tel aviv|rome|milan|tokyo|osaka|amman|nairobi|pristina|beirut|tripoli|benghazi|kuala lumpur|mexico city|" +
	"rabat|kathmandu|amsterdam|the hague|wellington|auckland|abuja|lagos|pyongyang|oslo|muscat|islamabad|" +
	"karachi|lahore|ramallah|lima|manila|warsaw|lisbon|doha|bucharest|moscow|st petersburg|kigali|riyadh|" +
	"jeddah|mecca|medina|dakar|belgrade|singapore|seoul|johannesburg|cape town|pretoria|madrid|barcelona|" +
	"colombo|khartoum|stockholm|geneva|zurich|bern|damascus|aleppo|homs|idlib|raqqa|deir ezzor|latakia|" +
	"taipei|bangkok|tunis|ankara|istanbul|kampala|kiev|kyiv|kharkiv|odessa|abu dhabi|dubai|london|manchester|" +
	"edinburgh|washington|new york|los angeles|chicago|houston|san francisco|boston|miami|seattle|atlanta|" +
	"caracas|hanoi|ho chi minh city|sanaa|aden|harare|lusaka|mogadishu|juba|sarajevo|zagreb|kabul|kandahar|" +
	"europe|africa|asia|antarctica|australia|north america|south america|latin america|middle east|" +
	"gulf|persian gulf|mediterranean|balkans|caucasus|sahel|scandinavia|arctic|pacific|atlantic|caribbean|" +
	"california|texas|florida|new jersey|virginia|ohio|michigan|pennsylvania|illinois|arizona|colorado|" +
	"ontario|quebec|bavaria|catalonia|kashmir|punjab|sinai|golan heights|donbas|darfur|xinjiang|siberia")

// entPlaceAcronyms are acronyms of places rather than organizations.
var entPlaceAcronyms = entWordSet("us|usa|uk|uae|drc|prc|ussr")

// entExpansions are well-known acronyms, used only to merge aliases when both
// forms occur in the story.
var entExpansions = map[string]string{
	"us": "united states", "usa": "united states", "uk": "united kingdom", "un": "united nations",
	"eu": "european union", "uae": "united arab emirates",
}

// entFirstNames are common given names from many languages; a run of names
// that starts with one is a person.
var entFirstNames = entWordSet("john|james|robert|michael|william|david|richard|joseph|thomas|charles|christopher|daniel|" +
	"matthew|anthony|mark|donald|steven|paul|andrew|joshua|kenneth|kevin|brian|george|timothy|ronald|edward|" +
	"jason|jeffrey|ryan|jacob|gary|nicholas|eric|jonathan|stephen|larry|justin|scott|brandon|benjamin|samuel|" +
	"frank|gregory|raymond|alexander|patrick|jack|dennis|jerry|tyler|aaron|jose|adam|henry|nathan|douglas|" +
	"peter|kyle|walter|ethan|jeremy|harold|keith|christian|roger|noah|gerald|carl|terry|sean|austin|arthur|" +
	"lawrence|jesse|dylan|bryan|joe|jordan|billy|bruce|albert|willie|gabriel|logan|alan|juan|wayne|roy|ralph|" +
	"randy|eugene|vincent|russell|elijah|louis|bobby|philip|johnny|barack|hillary|bill|mary|patricia|jennifer|" +
	"linda|elizabeth|barbara|susan|jessica|sarah|karen|nancy|lisa|betty|margaret|sandra|ashley|kimberly|emily|" +
	"donna|michelle|dorothy|carol|amanda|melissa|deborah|stephanie|rebecca|sharon|laura|cynthia|kathleen|amy|" +
	"angela|shirley|anna|brenda|pamela|emma|nicole|helen|samantha|katherine|christine|debra|rachel|carolyn|" +
	"janet|catherine|maria|heather|diane|ruth|julie|olivia|joyce|virginia|victoria|kelly|lauren|christina|" +
	"joan|evelyn|judith|megan|andrea|cheryl|hannah|jacqueline|martha|gloria|teresa|ann|sara|madison|frances|" +
	"kathryn|janice|jean|abigail|alice|judy|sophia|grace|denise|amber|doris|marilyn|danielle|beverly|isabella|" +
	"theresa|diana|natalie|brittany|charlotte|marie|kayla|alexis|lori|wendy|angela|theresa|" +
	"mohammed|muhammad|mohammad|mohamed|ahmed|ahmad|ali|hassan|hussein|omar|abdullah|abdul|ibrahim|mahmoud|" +
	"mustafa|khalid|khaled|youssef|yusuf|salim|salman|hamid|karim|walid|bashar|hafez|rami|nabil|tariq|" +
	"fatima|aisha|leila|layla|mariam|nour|zainab|yasmin|recep|ahmet|mehmet|hasan|vladimir|sergei|sergey|dmitry|" +
	"dmitri|alexei|alexey|andrei|andrey|nikolai|mikhail|ivan|igor|yuri|boris|gennady|viktor|oleg|pavel|" +
	"olga|tatiana|natalia|irina|svetlana|volodymyr|petro|yulia|angela|emmanuel|francois|françois|jean|pierre|" +
	"jacques|nicolas|marine|manuel|carlos|luis|jorge|pedro|miguel|antonio|francisco|javier|fernando|juan|" +
	"xi|li|wang|zhang|liu|chen|shinzo|fumio|kim|narendra|rahul|imran|nawaz|benjamin|benny|yair|naftali|" +
	"angela|olaf|helmut|gerhard|wolfgang|friedrich|hans|klaus|silvio|matteo|giuseppe|giorgia|mario|" +
	"edgar|kofi|antonio|nelson|jacob|cyril|uhuru|william|raila|abiy|paul|yoweri|robert|" +
	"tony|gordon|theresa|boris|rishi|keir|liz|justin|stephen|malcolm|scott|kevin|julia|jacinda|dilma|lula|" +
	"jair|hugo|nicolas|evo|fidel|raul|kamala|joe|nancy|chuck|mitch|mike|ron|ted|rand|marco|elizabeth")

// ---- scanning ----

func entLowercaseVocab(docs []news.Document) map[string]bool {
	v := map[string]bool{}
	for di := range docs {
		d := &docs[di]
		for si := range d.Sentences {
			for _, t := range d.Sentences[si].Tokens {
				if t.Kind == news.Word && t.Start < len(d.Body) {
					r, _ := utf8.DecodeRuneInString(d.Body[t.Start:])
					if unicode.IsLower(r) {
						v[entBaseNorm(t.Norm)] = true
					}
				}
			}
		}
	}
	return v
}

// entCapitalizedInside collects the words the story capitalizes inside a
// sentence, where capitals mean a name.
func entCapitalizedInside(docs []news.Document) map[string]bool {
	v := map[string]bool{}
	for di := range docs {
		d := &docs[di]
		for si := range d.Sentences {
			toks := d.Sentences[si].Tokens
			for i, t := range toks {
				if t.Kind == news.Word && !entSentenceInitial(d.Body, toks, i) && entIsCap(d.Body, t) {
					v[entBaseNorm(t.Norm)] = true
				}
			}
		}
	}
	return v
}

// entBaseNorm drops a possessive from a folded word.
func entBaseNorm(n string) string {
	n = strings.TrimSuffix(n, "'s")
	if strings.HasSuffix(n, "s'") {
		n = n[:len(n)-1]
	}
	return n
}

// entNameKey folds a word for matching: no periods, no possessive.
func entNameKey(n string) string {
	return strings.ReplaceAll(entBaseNorm(n), ".", "")
}

func entIsCap(body string, t news.Token) bool {
	if t.Start >= len(body) {
		return false
	}
	r, _ := utf8.DecodeRuneInString(body[t.Start:])
	return unicode.IsUpper(r)
}

// entSentenceInitial reports whether token i opens its sentence or a
// quotation (or follows a colon or dash), where anything is capitalized.
func entSentenceInitial(body string, toks []news.Token, i int) bool {
	for j := i - 1; j >= 0; j-- {
		t := toks[j]
		if t.Kind != news.Punct {
			return false
		}
		switch t.Norm {
		case "\"", "'", ":", "(", "[", "-", "--", "—", "...", "…":
			return true
		}
	}
	return true
}

// entIsParticle reports a name particle inside a run: "al-Assad", "bin", "van".
func entIsParticle(body string, toks []news.Token, i int) bool {
	t := toks[i]
	if t.Kind != news.Word || entIsCap(body, t) {
		return false
	}
	if a, b, ok := strings.Cut(t.Norm, "-"); ok && entParticles[a] && b != "" {
		r, _ := utf8.DecodeRuneInString(body[t.Start+len(a)+1:])
		return unicode.IsUpper(r)
	}
	return entParticles[t.Norm] && i+1 < len(toks) && toks[i+1].Kind == news.Word && entIsCap(body, toks[i+1])
}

// entAdjectiveSuffixes turn a name into an adjective: "U.S.-backed", "Qaeda-minded".
var entAdjectiveSuffixes = entWordSet("backed|led|based|minded|born|style|linked|controlled|held|run|funded|allied|made|owned|affiliated|inspired|aligned|friendly|bound|brokered|sponsored|dominated|majority")

// word is one word of a candidate run.
type entRunWord struct {
	text  string // surface
	key   string // folded, no periods or possessive
	tok   int
	poss  bool // ended by a possessive
	title bool
}

func entAppendMentions(ments []entMention, body string, toks []news.Token, di int, vocab, capSeen map[string]bool) []entMention {
	for i := 0; i < len(toks); {
		t := toks[i]
		startsName := t.Kind == news.Word && (entIsCap(body, t) || entIsParticle(body, toks, i) && i+1 < len(toks) && !strings.Contains(t.Norm, "-"))
		if !startsName {
			i++
			continue
		}
		// Collect the run.
		var run []entRunWord
		j := i
		for j < len(toks) {
			u := toks[j]
			if u.Kind != news.Word {
				break
			}
			surf := body[u.Start:u.End]
			key := entNameKey(u.Norm)
			switch {
			case entIsCap(body, u):
			case entIsParticle(body, toks, j):
			case u.Norm == "of" && len(run) > 0 && (entOrgWords[run[len(run)-1].key] || entPlaceWords[run[len(run)-1].key] || run[len(run)-1].key == "republic" || run[len(run)-1].key == "kingdom") &&
				j+1 < len(toks) && toks[j+1].Kind == news.Word && entIsCap(body, toks[j+1]):
			default:
				goto done
			}
			// "Qaeda-minded": keep the name, drop the adjective.
			if a, b, ok := strings.Cut(surf, "-"); ok && entAdjectiveSuffixes[strings.ToLower(b)] {
				surf, key = a, entNameKey(strings.ToLower(a))
				run = append(run, entRunWord{text: surf, key: key, tok: j})
				j++
				goto done
			}
			poss := strings.HasSuffix(u.Norm, "'s") || strings.HasSuffix(u.Norm, "s'")
			if poss {
				surf = strings.TrimRight(surf, "'’s")
				if strings.HasSuffix(u.Norm, "s'") {
					surf += "s"
				}
			}
			run = append(run, entRunWord{text: surf, key: key, tok: j, poss: poss})
			// Abbreviated titles: "Gen. Smith", "Mr. Jones".
			if entHeadTitles[key] && j+2 < len(toks) && toks[j+1].Norm == "." && toks[j+1].Start == u.End && toks[j+2].Kind == news.Word && entIsCap(body, toks[j+2]) {
				j += 2
				continue
			}
			j++
			if poss {
				break
			}
		}
	done:
		if len(run) == 0 {
			i = j + 1
			continue
		}
		ments = entAppendRun(ments, body, toks, run, di, vocab, capSeen)
		i = j
	}
	return ments
}

// entAppendRun splits a run of capitalized words into names and appends
// them with their cues.
func entAppendRun(ments []entMention, body string, toks []news.Token, run []entRunWord, di int, vocab, capSeen map[string]bool) []entMention {
	// Drop words that are never names (days, months, demonyms) by
	// splitting there, and an opening word that is only capitalized
	// because it opens the sentence.
	// Demonyms stay inside a name that ends as an organization's or a
	// place's does ("Arab League", "Free Syrian Army", "Saudi Arabia").
	last := run[len(run)-1].key
	keepDemonyms := len(run) > 1 && (entOrgWords[last] || entPlaceWords[last] || entPlaces[entJoinKeys(run)])
	var parts [][]entRunWord
	cur := []entRunWord{}
	for k, w := range run {
		if entNotNames[w.key] || entDemonyms[w.key] && !keepDemonyms {
			if len(cur) > 0 {
				parts = append(parts, cur)
			}
			cur = []entRunWord{}
			continue
		}
		if k == 0 && entSentenceInitial(body, toks, w.tok) && !entPlaces[w.key] && !entIsAcronym(w.text) && !entFirstNames[w.key] {
			// Capitalized only because it opens the sentence: a common
			// word, or a lone word the story never capitalizes elsewhere.
			lw := w.key
			if vocab[lw] || entIsStop(lw) || strings.HasSuffix(lw, "ly") || len(run) == 1 && !capSeen[lw] {
				continue
			}
		}
		cur = append(cur, w)
	}
	if len(cur) > 0 {
		parts = append(parts, cur)
	}
	for _, p := range parts {
		ments = entAppendPart(ments, body, toks, p, di, vocab, false)
	}
	return ments
}

func entIsStop(w string) bool {
	switch w {
	case "the", "a", "an", "in", "on", "at", "if", "but", "and", "or", "as", "it", "he", "she", "they", "we",
		"this", "that", "these", "those", "there", "when", "while", "after", "before", "despite", "following",
		"meanwhile", "however", "for", "with", "by", "from", "to", "of", "his", "her", "their", "our", "its",
		"what", "who", "why", "how", "where", "both", "all", "some", "many", "most", "no", "not", "yes", "so",
		"then", "now", "here", "also", "still", "yet", "even", "just", "only", "according", "asked", "since":
		return true
	}
	return false
}

// entIsAcronym reports "UN", "U.N.", "NATO".
func entIsAcronym(s string) bool {
	letters := 0
	for _, r := range s {
		switch {
		case r == '.':
		case unicode.IsUpper(r):
			letters++
		default:
			return false
		}
	}
	return letters >= 2 && letters <= 6
}

// entAppendPart splits one part at titles, known places and first names,
// and appends the names it holds.
func entAppendPart(ments []entMention, body string, toks []news.Token, p []entRunWord, di int, vocab map[string]bool, split bool) []entMention {
	if len(p) == 0 {
		return ments
	}
	// Titles: the name is what follows the last head title of a title
	// sequence; what precedes the sequence is a name of its own.
	lastTitle := -1
	if !entOrgWords[p[len(p)-1].key] {
		for k := range p {
			if entHeadTitles[p[k].key] && k+1 < len(p) {
				lastTitle = k
				// The title sequence runs on: "Secretary General".
				for lastTitle+1 < len(p) && entTitles[p[lastTitle+1].key] {
					lastTitle++
				}
				break
			}
		}
	}
	if lastTitle >= 0 {
		first := lastTitle
		for first > 0 && entTitles[p[first-1].key] {
			first--
		}
		name := p[lastTitle+1:]
		ments = entAppendPart(ments, body, toks, p[:first], di, vocab, true)
		if len(name) > 0 {
			m := entNewMention(body, toks, name, di, vocab, false)
			m.votes[entKPerson] += 3
			ments = append(ments, m)
		}
		return ments
	}
	// A trailing title with no name ("UN Secretary General") leaves the
	// words before it.
	if entHeadTitles[p[len(p)-1].key] {
		end := len(p) - 1
		for end > 0 && entTitles[p[end-1].key] {
			end--
		}
		if end == 0 {
			return ments
		}
		return entAppendPart(ments, body, toks, p[:end], di, vocab, split)
	}
	// A known place, an acronym or a first name heading a longer run of
	// a person's name: "Syria Lakhdar Brahimi", "U.N. Ban Ki-moon".
	if len(p) >= 3 && !entOrgWords[p[len(p)-1].key] {
		for k := 1; k <= len(p)-2; k++ {
			if entFirstNames[p[k].key] && (entPlaces[p[k-1].key] || entIsAcronym(p[k-1].text) || k >= 2) {
				ments = entAppendPart(ments, body, toks, p[:k], di, vocab, true)
				return entAppendPart(ments, body, toks, p[k:], di, vocab, split)
			}
		}
		if entPlaces[p[0].key] && !entPlaceWords[p[len(p)-1].key] {
			ments = entAppendPart(ments, body, toks, p[:1], di, vocab, true)
			return entAppendPart(ments, body, toks, p[1:], di, vocab, split)
		}
	}
	// An acronym heading an organization's name stays ("U.S. State
	// Department"); a lone title-like word is not a name.
	if len(p) == 1 && (entTitles[p[0].key] || entGeneric[p[0].key] || entOrgWords[p[0].key] && !entIsAcronym(p[0].text) || entPlaceWords[p[0].key]) {
		return ments
	}
	return append(ments, entNewMention(body, toks, p, di, vocab, split))
}

// split says the words came before a title or a person's name in a
// longer run, so that they are no person by default.
func entNewMention(body string, toks []news.Token, p []entRunWord, di int, vocab map[string]bool, split bool) entMention {
	m := entMention{doc: di, pos: toks[p[0].tok].Start}
	for _, w := range p {
		m.words = append(m.words, w.text)
	}
	first, last := p[0], p[len(p)-1]
	before := func(k int) string {
		if j := first.tok - k; j >= 0 && toks[j].Kind == news.Word {
			return toks[j].Norm
		}
		return ""
	}
	after := func(k int) string {
		if j := last.tok + k; j < len(toks) && toks[j].Kind == news.Word {
			return toks[j].Norm
		}
		return ""
	}
	joined := entJoinKeys(p)
	// Person cues.
	if entFirstNames[first.key] && len(p) >= 2 {
		m.votes[entKPerson] += 2
	}
	if entRoles[before(1)] {
		m.votes[entKPerson] += 2
	}
	if entSpeechVerbs[after(1)] && !last.poss || entSpeechVerbs[before(1)] {
		m.votes[entKPerson]++
	}
	// Organization cues.
	for _, w := range p {
		if entOrgWords[w.key] {
			m.votes[entKOrg] += 3
			break
		}
	}
	if len(p) >= 2 && entOrgLastWords[last.key] {
		m.votes[entKOrg] += 3
	}
	if len(p) == 1 && entIsAcronym(first.text) {
		if entPlaceAcronyms[first.key] {
			m.votes[entKPlace] += 3
		} else {
			m.votes[entKOrg]++
		}
	}
	// A bank that something is on, off or near is a sandbank: "aground on
	// the Kestrel Bank".
	if last.key == "bank" && before(1) == "the" && entBankCues[before(2)] {
		m.votes[entKPlace] += 5 // more than "bank" gives an organization
	}
	// Things: ships, storms, operations.
	if entThingNouns[before(1)] {
		m.votes[entKOther] += 3
	}
	// Place cues.
	if entPlaces[joined] {
		m.votes[entKPlace] += 3
	}
	if entPlaceWords[last.key] && len(p) >= 2 {
		m.votes[entKPlace] += 2
	}
	if entPlaceCues[before(1)] {
		m.votes[entKPlace]++
	}
	if before(1) == "of" && entPlaceNouns[before(2)] || entPlaceNouns[after(1)] && after(1) != "state" && !entOrgWords[last.key] {
		m.votes[entKPlace] += 2
	}
	// A name of two or three words with no common word: a person.
	if n := len(p); !split && n >= 2 && n <= 3 && m.votes == [4]float64{} {
		common := false
		for _, w := range p {
			if vocab[w.key] || entPlaces[w.key] || entIsAcronym(w.text) {
				common = true
			}
		}
		if !common {
			m.votes[entKPerson] += 0.5
		}
	}
	return m
}

func entJoinKeys(p []entRunWord) string {
	var b strings.Builder
	for k, w := range p {
		if k > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(w.key)
	}
	return b.String()
}

// ---- merging ----

// entMatchWords folds a name to the words alias matching compares: no
// periods, no particles ("al-Assad" -> "assad").
func entMatchWords(words []string) []string {
	var out []string
	for _, w := range words {
		k := entNameKey(entFoldName(w))
		if a, b, ok := strings.Cut(k, "-"); ok && entParticles[a] {
			k = b
		}
		if entParticles[k] {
			continue
		}
		if k != "" {
			out = append(out, k)
		}
	}
	return out
}

func entFoldName(s string) string {
	s = strings.ReplaceAll(s, "’", "'")
	return strings.ToLower(s)
}

type entEntityGroup struct {
	key      string
	words    []string // match words of the fullest form
	forms    map[string]int
	formList []string
	votes    [4]float64
	docs     []bool
	mentions int
	first    int // index of first mention
	parent   *entEntityGroup
}

func (g *entEntityGroup) root() *entEntityGroup {
	for g.parent != nil {
		g = g.parent
	}
	return g
}

func entMergeMentions(ments []entMention, docs []news.Document, vocab map[string]bool) []news.Entity {
	byKey := map[string]*entEntityGroup{}
	var groups []*entEntityGroup
	for mi := range ments {
		m := &ments[mi]
		mw := entMatchWords(m.words)
		if len(mw) == 0 {
			continue
		}
		key := strings.Join(mw, " ")
		g := byKey[key]
		if g == nil {
			g = &entEntityGroup{key: key, words: mw, forms: map[string]int{}, docs: make([]bool, len(docs)), first: mi}
			byKey[key] = g
			groups = append(groups, g)
		}
		s := m.surface()
		if _, ok := g.forms[s]; !ok {
			g.formList = append(g.formList, s)
		}
		g.forms[s]++
		for k := range g.votes {
			g.votes[k] += m.votes[k]
		}
		g.docs[m.doc] = true
		g.mentions++
	}
	union := func(a, b *entEntityGroup) {
		ra, rb := a.root(), b.root()
		if ra != rb {
			if rb.first < ra.first {
				ra, rb = rb, ra
			}
			rb.parent = ra
		}
	}
	// Acronyms: the one multiword name with these initials, or the
	// well-known expansion when the story uses it.
	for _, g := range groups {
		if len(g.words) != 1 || !entIsAcronymForm(g.formList) {
			continue
		}
		acr := g.words[0]
		var match *entEntityGroup
		n := 0
		for _, h := range groups {
			if len(h.words) >= 2 && entInitials(h.words) == acr {
				if match == nil || match.root() != h.root() {
					n++
				}
				match = h
			}
		}
		if n == 1 {
			union(match, g)
			continue
		}
		if exp, ok := entExpansions[acr]; ok {
			if h := byKey[exp]; h != nil {
				union(h, g)
			}
		}
	}
	// A shorter name joins the one longer name that ends with it.
	order := slices.Clone(groups)
	slices.SortStableFunc(order, func(a, b *entEntityGroup) int { return len(a.words) - len(b.words) })
	for _, g := range order {
		if entPlaces[g.key] || entIsAcronymForm(g.formList) || g.votes[entKPlace] > g.votes[entKPerson]+g.votes[entKOrg] {
			continue
		}
		var match *entEntityGroup
		n := 0
		for _, h := range groups {
			if len(h.words) <= len(g.words) || !entEndsWith(h.words, g.words) {
				continue
			}
			if match == nil || match.root() != h.root() {
				n++
			}
			match = h
		}
		if n == 1 && (len(g.words) >= 2 || match.votes[entKPerson] >= match.votes[entKOrg] && match.votes[entKPerson] >= match.votes[entKPlace] || g.votes[entKPerson] == 0) {
			union(match, g)
		}
	}
	// Collect.
	type acc struct {
		forms    []string
		counts   map[string]int
		words    map[string]int
		votes    [4]float64
		docs     []bool
		mentions int
		first    int
	}
	accs := map[*entEntityGroup]*acc{}
	var roots []*entEntityGroup
	for _, g := range groups {
		r := g.root()
		a := accs[r]
		if a == nil {
			a = &acc{counts: map[string]int{}, words: map[string]int{}, docs: make([]bool, len(docs)), first: r.first}
			accs[r] = a
			roots = append(roots, r)
		}
		for _, f := range g.formList {
			if _, ok := a.counts[f]; !ok {
				a.forms = append(a.forms, f)
			}
			a.counts[f] += g.forms[f]
			a.words[f] = len(g.words)
		}
		for k := range a.votes {
			a.votes[k] += g.votes[k]
		}
		for k, ok := range g.docs {
			a.docs[k] = a.docs[k] || ok
		}
		a.mentions += g.mentions
		a.first = min(a.first, g.first)
	}
	var out []news.Entity
	firsts := map[string]int{}
	for _, r := range roots {
		a := accs[r]
		kind := entKOther
		best := 0.0
		for k := entKPerson; k <= entKOther; k++ {
			if a.votes[k] > best {
				kind, best = k, a.votes[k]
			}
		}
		if kind == entKOther && a.mentions < 2 {
			continue
		}
		// The fullest form: most words, then longest, then most used,
		// then mixed case over all capitals.
		name := a.forms[0]
		for _, f := range a.forms[1:] {
			if entFuller(f, name, a.words, a.counts) {
				name = f
			}
		}
		e := news.Entity{Name: name, Kind: entKindNames[kind], Mentions: a.mentions}
		for _, f := range a.forms {
			if f != name && !slices.ContainsFunc(e.Aliases, func(x string) bool { return strings.EqualFold(x, f) }) && !strings.EqualFold(f, name) {
				e.Aliases = append(e.Aliases, f)
			}
		}
		for k, ok := range a.docs {
			if ok {
				e.Docs = append(e.Docs, docs[k].ID)
			}
		}
		firsts[e.Name] = a.first
		out = append(out, e)
	}
	slices.SortStableFunc(out, func(a, b news.Entity) int {
		if len(a.Docs) != len(b.Docs) {
			return len(b.Docs) - len(a.Docs)
		}
		if a.Mentions != b.Mentions {
			return b.Mentions - a.Mentions
		}
		return firsts[a.Name] - firsts[b.Name]
	})
	return out
}

func entFuller(f, g string, words, counts map[string]int) bool {
	if words[f] != words[g] {
		return words[f] > words[g]
	}
	if len(f) != len(g) {
		return len(f) > len(g)
	}
	if counts[f] != counts[g] {
		return counts[f] > counts[g]
	}
	return entIsAllCaps(g) && !entIsAllCaps(f)
}

func entIsAllCaps(s string) bool {
	for _, r := range s {
		if unicode.IsLower(r) {
			return false
		}
	}
	return true
}

func entIsAcronymForm(forms []string) bool {
	for _, f := range forms {
		if entIsAcronym(f) {
			return true
		}
	}
	return false
}

// entInitials of a multiword name, skipping function words: "united nations" -> "un".
func entInitials(words []string) string {
	var b strings.Builder
	for _, w := range words {
		switch w {
		case "of", "the", "and", "for", "&":
			continue
		}
		r, _ := utf8.DecodeRuneInString(w)
		b.WriteRune(r)
	}
	return b.String()
}

func entEndsWith(long, short []string) bool {
	if len(short) > len(long) {
		return false
	}
	off := len(long) - len(short)
	for k, w := range short {
		if long[off+k] != w {
			return false
		}
	}
	return true
}
