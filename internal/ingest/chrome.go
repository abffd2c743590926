package ingest

import (
	"cmp"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/parallaxnews/parallax/internal/news"
)

// Meta is what [StripChrome] learns from the lines it removes.
type Meta struct {
	// Byline is the author line without its "By": "John Smith, Associated Press".
	Byline string
	// Dateline is the place (and agency) that opened the first paragraph:
	// "GENEVA", "PINE RIDGE, S.D. (AP)".
	Dateline string
	// Outlet is the outlet named by a credit line ("Al Jazeera with wire
	// services"), or else the agency named in the dateline ("Reuters" in
	// "GENEVA (Reuters) -").
	Outlet string
}

// Kinds of page chrome, as [news.Chrome] records them.
const (
	KindVideo     = "video prompt"
	KindComment   = "comment box"
	KindCaption   = "photo caption"
	KindCredit    = "credit line"
	KindShare     = "share prompt"
	KindSubscribe = "subscribe prompt"
	KindAd        = "advertisement"
	KindLink      = "link prompt"
	KindCopyright = "copyright"
	KindCookie    = "cookie notice"
	KindTimestamp = "timestamp"
	KindSocial    = "social embed"
	KindSeparator = "separator"
	KindByline    = "byline"
	KindDateline  = "dateline"
	KindChrome    = "page chrome" // a short line among other chrome
)

// maxChromeWords bounds the length of a line that vocabulary rules may drop:
// page chrome is short, article paragraphs are long.
const maxChromeWords = 30

// StripChrome removes page chrome from an article body: the lines of a web
// page that are not article text. It returns the cleaned body (lines
// trimmed, paragraphs separated by one blank line), the removed lines in
// order with the kind of rule that removed each, and what the removed lines
// said about the article.
//
// The rules look at the shape of a line (length, final punctuation, what it
// starts and ends with), at a small vocabulary of page furniture ("share",
// "subscribe", "advertisement", agency credits) and at its neighbours; they
// never list particular lines. They are conservative: a line that reads as a
// sentence of the article is kept. Bylines ("By John Smith") are removed
// wherever they stand alone; a dateline ("GENEVA (Reuters) -") is cut from
// the start of one of the first three paragraphs of text.
//
// A block of lines without blank lines between them is split into one
// paragraph per line when its lines read as paragraphs (most end a
// sentence); hard-wrapped text keeps its lines together.
func StripChrome(body string) (clean string, removed []news.Chrome, meta Meta) {
	r := stripChrome(body)
	return r.clean, r.removed, r.meta
}

type chromeResult struct {
	clean   string
	removed []news.Chrome
	meta    Meta
	// datelinePara is the index of the paragraph of clean that the
	// dateline was cut from, or -1.
	datelinePara int
	// credited is the outlet named by a credit line, agency the one named
	// in the dateline; meta.Outlet is the first of them.
	credited, agency string
}

type cline struct {
	text  string
	lower string
	words int
	block int
	kind  string
	cut   string // dateline cut from the start of text
}

func stripChrome(body string) chromeResult {
	lines := splitLines(body, true)
	for i := range lines {
		l := &lines[i]
		l.kind = classify(l)
	}
	markLabels(lines)
	markNeighbours(lines)
	res := chromeResult{datelinePara: -1}
	markBylines(lines, &res.meta)
	res.agency = markDateline(lines, &res.meta)
	res = assemble(lines, res)
	res.meta.Outlet = cmp.Or(res.credited, res.agency)
	return res
}

// splitLines splits body into trimmed non-blank lines, numbering the
// blank-line separated blocks. With captions set, a caption that runs on
// into article text on the same line ("… Jan. 27, 2014. AP “I am not
// sure …") is split in two.
func splitLines(body string, captions bool) []cline {
	var lines []cline
	block := 0
	blank := false
	for raw := range strings.SplitSeq(body, "\n") {
		t := collapseSpaces(strings.TrimSpace(raw))
		if t == "" {
			blank = true
			continue
		}
		if blank && len(lines) > 0 {
			block++
		}
		blank = false
		if m := runOnCaption(t, captions); m != nil {
			head, tail := t[:m[3]], strings.TrimSpace(t[m[3]:])
			prev := ""
			if n := len(lines); n > 0 && lines[n-1].block == block {
				prev = lines[n-1].text
			}
			if captionDateRe.MatchString(head) || (prev != "" && hasPrefixFold(head, prev)) {
				c := newLine(head, block)
				c.kind = KindCaption
				lines = append(lines, c, newLine(tail, block))
				continue
			}
		}
		lines = append(lines, newLine(t, block))
	}
	return lines
}

// runOnCaption matches captionRunOnRe when t could hold a caption that
// runs on into a quotation.
func runOnCaption(t string, captions bool) []int {
	if !captions || !strings.ContainsAny(t, "“\"‘") || !strings.ContainsAny(t, ".!?") {
		return nil
	}
	return captionRunOnRe.FindStringSubmatchIndex(t)
}

func newLine(t string, block int) cline {
	return cline{text: t, lower: strings.ToLower(t), words: news.CountWords(t), block: block}
}

// collapseSpaces replaces runs of spaces and tabs in s with one space.
// It works on bytes, so that it leaves any other byte as it is.
func collapseSpaces(s string) string {
	if !strings.Contains(s, "  ") && !strings.Contains(s, "\t") {
		return s
	}
	b := make([]byte, 0, len(s))
	space := false
	for i := 0; i < len(s); i++ {
		if c := s[i]; c == ' ' || c == '\t' {
			space = true
			continue
		}
		if space {
			b = append(b, ' ')
			space = false
		}
		b = append(b, s[i])
	}
	if space {
		b = append(b, ' ')
	}
	return string(b)
}

// Vocabulary and shapes of page chrome. Agencies and picture services are
// named because a caption credit is recognised by them.
const (
	agencies = `AP|AFP|EPA|EPA-EFE|EFE|UPI|Reuters|Getty Images|Getty|Associated Press|Shutterstock|Alamy|Xinhua|dpa|DPA|ANSA|PA|PA Wire|AAP|WireImage|Bloomberg|Corbis|Sipa|Polaris|Redux|NurPhoto|ZUMA Press|ZUMA Wire|Anadolu Agency|Anadolu|TASS|Kyodo|Yonhap|Pool|AP Photo|Reuters Photo|Rex Features|Rex|Splash News|SOPA Images|LightRocket|Barcroft Media`
	months   = `(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?`
	capWord  = `\p{Lu}[\p{L}\p{M}.'’\-]*`
)

var (
	// A credit ends the line after the end of a sentence, or is the line:
	// "… Jan. 27, 2014. AP", "… Isis.” Getty Images", "AFP/Getty Images".
	captionAgencyEndRe = regexp.MustCompile(`(?:^|[.!?…"”’)\]]\s+|\s[-–—|]\s+)(?:` + agencies + `)(?:\s*/\s*` + capWord + `(?:\s+` + capWord + `){0,3})?(?:\s*\(\d+\))?\.?$`)
	// A photographer and agency: "Anthony Kwan/Bloomberg".
	captionSlashEndRe = regexp.MustCompile(`(?:^|\s)` + capWord + `(?:\s+` + capWord + `){1,3}\s*/\s*(?:` + agencies + `|` + capWord + `(?:\s+` + capWord + `){0,2})\.?$`)
	// A credit in parentheses: "(AP Photo/Rich Pedroncelli)", "(Photo: Jane Doe, WireImage)".
	captionParenEndRe = regexp.MustCompile(`(?i)\((?:(?:AP|AFP|EPA|Reuters|Getty Images|Getty)(?:\s+Photo)?(?:\s*/\s*[^()]{1,60})?|(?:photo|photos|photograph|picture|image|images|credit|photo credit|video)\s*(?:by\b|:)\s*[^()]{1,80}|Associated Press)\)\.?$`)
	// A credit marker: "… Photo: Jane Doe", "… Courtesy Sara Carson".
	captionMarkerEndRe = regexp.MustCompile(`(?:^|[.!?…"”’)]\s+)(?:(?:Photo|Photograph|Picture|Image|Credit|Photo credit|Photos)\s*(?::|by)\s+[^.!?]{1,80}|Courtesy(?: of)?\s+` + capWord + `(?:\s+(?:` + capWord + `|of|the|and|&)){0,5})\.?$`)
	// How AP and picture desks open a caption.
	captionStartRe = regexp.MustCompile(`(?i)^(?:FILE\s*(?:PHOTO)?\s*[-–—:]\s|In this (?:[\p{L}\p{N}.,'’ -]{0,60} )?(?:file )?(?:photo|image|picture|photograph|frame grab|handout photo)\b|(?:Image|Photo|Picture|Video) (?:caption|copyright)\b)`)
	// A caption that runs on into text: the credit is followed by a quote.
	captionRunOnRe = regexp.MustCompile(`^(.{20,}?[.!?]\s+(?:` + agencies + `))\s+[“"‘]`)
	// A date inside a caption: "Jan. 27, 2014".
	captionDateRe = regexp.MustCompile(`\b` + months + `\s+\d{1,2},\s+(?:19|20)\d{2}\b`)

	socialEmbedRe = regexp.MustCompile(`(?i)(?:(?:—|–|--|-)\s*[^—–]{1,80}?\(@\w{1,30}\)\s+` + months + `\s+\d{1,2},\s+\d{4}$|\bpic\.twitter\.com/\w+)`)

	wireServicesRe = regexp.MustCompile(`(?i)^(.{2,60}?),?\s+(?:with|and|from) (?:wire services|wires|wire reports|news agencies|agencies|agency reports)\.?$`)
	creditByRe     = regexp.MustCompile(`(?i)^\(?\s*(?:(?:additional|staff|contributing|editorial)\s+)?(?:reporting|writing|written|editing|edited|compiled|research|researched|translation|translated|fact[- ]checking|graphics|production|produced|photography|photos|video|story filed|filed|distributed|transmitted|syndicated)(?:\s+and\s+(?:additional\s+)?(?:writing|editing|reporting|research))?\s+by\s+(.+)$`)
	contributedRe  = regexp.MustCompile(`(?i)(?:\bcontributed(?:\s+(?:additional\s+)?reporting)?(?:\s+(?:to|for)\s+(?:this|the)\s+(?:report|story|article))?\.?\)?$|\bwas used (?:in|to prepare) this (?:report|story|article)\b)`)
	appearedRe     = regexp.MustCompile(`(?i)^(?:this|an? [\p{L} ]{0,30}?version of this) (?:article|story|report|piece|column) (?:originally |first |also )?(?:appeared|appears|was (?:first |originally )?published|ran)\b`)
	writeToRe      = regexp.MustCompile(`(?i)(?:^(?:write to|contact|email|e-mail|reach) [\p{L} .'’-]{2,60}? at \S+(?:@|\(at\))\S+|\be-?mail address is \S+(?:@|\(at\))\S+\.?$)`)
	opinionRe      = regexp.MustCompile(`(?i)\b(?:views|opinions) expressed (?:are|here|in this)\b`)
	authorBioRe    = regexp.MustCompile(`^\((?:` + capWord + `\s+){1,4}is (?:an?|the) [^()]{0,80}\b(?:writer|reporter|correspondent|columnist|editor|author|contributor|journalist|professor|fellow)\b[^()]*\)\.?$`)

	copyrightRe = regexp.MustCompile(`(?i)(?:^(?:©|ⓒ|\(c\)\s*\d{4}|copyright\b)|\ball rights reserved\b|\bmay not be (?:published|reproduced|republished|redistributed|rewritten|broadcast)\b)`)

	videoStartRe = regexp.MustCompile(`(?i)^(?:watch|play|listen|stream|replay)\b`)
	videoLiveRe  = regexp.MustCompile(`(?i)^live\b`)
	videoWordRe  = regexp.MustCompile(`(?i)\b(?:video|videos|live|livestream|live stream|live-stream|clip|episode|broadcast|coverage|audio|podcast|trailer|now|here|full)\b`)
	videoLabelRe = regexp.MustCompile(`(?i)^(?:watch|video|listen|audio|live|podcast)\s*:`)
	videoLeadRe  = regexp.MustCompile(`(?i)^(?:watch|listen|see|hear|play)\b.*:$`)
	mediaWordRe  = regexp.MustCompile(`(?i)\b(?:video|videos|livestream|live stream|live-stream|playback|autoplay|audio player|media player)\b`)

	commentRe = regexp.MustCompile(`(?i)(?:\byour comment\b|\bcomments? (?:are|is) (?:now )?(?:closed|disabled)\b|\b(?:post|leave|add|submit) a comment\b|\bbe the first to comment\b|\bplease try again\b|\btry again later\b|\b(?:enable|turn on|activate) javascript\b|\bjavascript (?:is )?(?:disabled|required|turned off)\b|\b(?:your|this|a different|another|a supported|a newer) (?:web )?browser\b|\bpage (?:you (?:requested|are looking for)|(?:was )?not found|cannot be found|could not be found)\b|\bsomething went wrong\b|\ban error (?:has )?occurred\b|\brefresh (?:the|this) page\b|\bcaptcha\b|\bnot available right now\b|\b(?:video|player|media|content|transcript|feature|image)s? (?:is |are )?(?:currently )?(?:unavailable|not available|unsupported|could not be loaded|failed to load)\b|\bunsupported on your device\b)`)

	relatedRe = regexp.MustCompile(`(?i)^(?:read more|read next|read also|also read|more|more from [\p{L}\p{N} .'’&-]{1,40}|more on (?:this|that)(?: story)?|related|related (?:coverage|content|stories|story|articles?|links?|video|news|reading)|see also|also see|recommended(?: for you| reading)?|up next|next up|trending(?: now)?|most (?:read|popular|viewed|shared)|don['’]t miss|must read|further reading|top stories|editor['’]s picks?|you may also like|you might also like|what to read next|in case you missed it|also on [\p{L} .]{1,30}` +
		// The same in the other languages of the web's news.
		`|lesen sie (?:auch|mehr)|mehr (?:zum thema|dazu)|auch interessant|(?:zum )?weiterlesen|weitere (?:artikel|informationen|themen)|` +
		`(?:à |a )?lire aussi|voir aussi|sur le même sujet|(?:le|te) puede interesar|lee también|lea también|ver también|` +
		`noticias relacionadas|leia (?:também|mais)|veja também|leggi anche|potrebbe interessarti|czytaj (?:także|też|więcej)|zobacz (?:także|też))\s*[:|»›>]`)
	clickRe   = regexp.MustCompile(`(?i)(?:\bclick (?:here|to|on|the link|through)\b|\btap here\b|\(opens in (?:a )?new (?:window|tab)\)|\bread (?:the )?(?:full|whole|original) (?:story|article|report)\b|\bread or share this story\b|^read\b.{0,40}\bhere\.?$)`)
	bracketRe = regexp.MustCompile(`^\[[^\[\]]{3,200}\]$`)

	shareStartRe = regexp.MustCompile(`(?i)^(?:share|tweet|email|e-mail)\b`)
	shareRe      = regexp.MustCompile(`(?i)(?:\bshare (?:this|the) (?:story|article|page|post|video|photo|gallery)\b|\bshare on (?:facebook|twitter|linkedin|whatsapp|reddit|pinterest|email)\b)`)
	followRe     = regexp.MustCompile(`(?i)(?:^(?:follow|like|find|join|connect with)\s+(?:us|\S+(?:\s+\S+){0,6}?)\s+on\s+(?:twitter|facebook|instagram|linkedin|youtube|tiktok|threads|bluesky|mastodon|snapchat|google\+|social media)\b|\bfollow (?:us|@\w+)\b|\blike us on\b)`)
	subscribeRe  = regexp.MustCompile(`(?i)(?:^(?:subscribe|sign up|signup|get (?:our|the latest|breaking)|join our)\b|\bsubscribe (?:now|today|here|to (?:our|the|this))\b|\bthanks for (?:subscribing|signing up)\b|\b(?:our|free) (?:daily |weekly |email )?newsletters?\b|\b(?:to|in) your inbox\b|\bbreaking news e-?mails?\b|\bsubscribe\.?$|\bunsubscribe\b|\bsubscribers? only\b|\bsubscription required\b)`)
	cookieRe     = regexp.MustCompile(`(?i)(?:\bcookies?\b.{0,80}\b(?:policy|consent|settings|preferences|accept|we use|this (?:site|website)|browsing|experience)\b|\b(?:we use|this (?:site|website) uses) cookies\b)`)
	legalRe      = regexp.MustCompile(`(?i)(?:\bprivacy (?:policy|notice|statement)\b|\bterms (?:of|and) (?:use|service|conditions)\b)`)

	timestampRe = regexp.MustCompile(`(?i)^(?:(?:posted|published|updated|last updated|first published|modified)(?: on| at)?:?\s+)?(?:(?:mon|tue|wed|thu|fri|sat|sun)[a-z]*\.?,?\s+)?(?:` + months + `\s+\d{1,2}(?:st|nd|rd|th)?,?\s+\d{4}|\d{1,2}\s+` + months + `,?\s+\d{4}|\d{4}-\d{2}-\d{2})(?:,?\s+(?:at\s+)?\d{1,2}[:.]\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s+[A-Z]{2,4})?)?\.?$`)

	speechRe = regexp.MustCompile(`(?i)\b(?:said|says|say|told|tells|asked|according to|added|stated|wrote|writes)\b`)

	contactTokenRe = regexp.MustCompile(`(?i)^(?:@\w+|[\w.+-]+(?:@|\(at\))[\w-]+(?:\.[\w-]+)+|https?://\S+|www\.\S+\.\S+)$`)

	bylineRe = regexp.MustCompile(`^(?:/\s*)?(?:(?i:source|updated|posted|written|story|words|text)\s*:?\s*(?:` + capWord + `\s+){0,3})?(?i:by)\s+(.+?)$`)

	// Datelines: "GENEVA --", "PINE RIDGE, S.D. (AP) --", "BRUSSELS, January
	// 22 (Xinhua) --", "WASHINGTON _", "CHRISTCHURCH, New Zealand |", and,
	// with an agency in parentheses, "Sycamore, Illinois (CNN) --".
	capsDatelineRe   = regexp.MustCompile(`^((?:\p{Lu}[\p{Lu}\p{M}.'’\-]*(?:\s+\p{Lu}[\p{Lu}\p{M}.'’\-]*){0,4})(?:,\s*` + capWord + `(?:\s+` + capWord + `){0,3})?(?:,\s*` + months + `\s+\d{1,2})?(?:\s*\([\p{L}][\p{L}\p{N} .&'/-]{0,40}\))?)\s*(?:--|—|–|-|_|\||•)(?:\s+|$)`)
	agencyDatelineRe = regexp.MustCompile(`^((?:` + capWord + `(?:\s+` + capWord + `){0,3})(?:,\s*` + capWord + `(?:\s+` + capWord + `){0,3})?(?:,\s*` + months + `\s+\d{1,2})?\s*\(([\p{L}][\p{L}\p{N} .&'/-]{0,40})\))\s*(?:--|—|–|-|_|\||•)(?:\s+|$)`)
	datelineAgencyRe = regexp.MustCompile(`\(([^()]+)\)\s*$`)
)

// creditEnds are the last words of the agencies' names.
var creditEnds = func() map[string]bool {
	m := make(map[string]bool)
	for a := range strings.SplitSeq(agencies, "|") {
		m[lastWord(a)] = true
	}
	return m
}()

// uiLines are whole lines of page furniture, lower-cased, without the
// punctuation around them.
var uiLines = map[string]string{}

func init() {
	for kind, lines := range map[string][]string{
		KindComment: {"error", "loading", "submit", "cancel", "reply", "comments", "comment", "view comments",
			"show comments", "hide comments", "post comment", "post a comment", "leave a comment", "add a comment",
			"sign in", "log in", "login", "log out", "register", "close", "dismiss", "got it", "ok", "okay", "accept"},
		KindShare: {"share", "share this", "share this article", "share this story", "share on facebook",
			"share on twitter", "tweet", "email", "e-mail", "print", "twitter", "facebook", "reddit", "linkedin",
			"pinterest", "whatsapp", "instagram", "tumblr", "google+", "flipboard", "messenger", "copy link",
			"link copied", "pin it", "save", "like", "follow", "follow us", "play facebook", "play twitter"},
		KindAd: {"advertisement", "advertisements", "ad", "sponsored", "sponsored content", "paid content",
			"promoted", "partner content"},
		KindCaption: {"photo", "photos", "image", "images", "gallery", "photo gallery", "view gallery",
			"enlarge", "enlarge image", "expand image", "view image"},
		KindVideo: {"video", "videos", "play", "play video", "pause", "replay", "mute", "unmute", "full screen",
			"fullscreen", "watch", "watch video", "watch live", "live", "live updates", "live blog", "listen",
			"listen to this article", "audio"},
		KindLink: {"next", "previous", "prev", "skip", "skip ad", "back to top", "top", "menu", "search", "home",
			"more", "read more", "see more", "show more", "load more", "continue", "continue reading",
			"read full story", "read full article", "related", "related stories", "related articles",
			"more stories", "trending", "recommended", "most popular", "most read", "you may also like",
			"up next", "text size", "font size", "toggle navigation", "expand", "collapse"},
		KindSubscribe: {"subscribe", "subscribe now", "newsletter", "newsletters", "sign up", "sign up now"},
		KindCookie:    {"cookies", "accept cookies", "cookie settings", "cookie policy", "privacy policy"},
	} {
		for _, l := range lines {
			uiLines[l] = kind
		}
	}
	// The same furniture in the other languages of the web's news:
	// German, French, Spanish, Portuguese, Italian, Polish.
	for kind, lines := range map[string][]string{
		KindComment: {"kommentare", "kommentar schreiben", "kommentieren", "antworten", "anmelden", "commentaires",
			"laisser un commentaire", "répondre", "comentarios", "comentar", "deja un comentario", "responder",
			"comentários", "commenti", "komentarze", "skomentuj", "publier les commentaires atom"},
		KindShare: {"teilen", "artikel teilen", "drucken", "artikel drucken", "partager", "partager cet article",
			"imprimer", "compartir", "compartir en facebook", "imprimir", "compartilhar", "condividi", "stampa",
			"udostępnij", "drukuj"},
		KindLink: {"schon gelesen", "neueste artikel", "weitere artikel", "ähnliche artikel", "verwandte artikel",
			"mehr themen", "mehr zum thema", "empfohlene beiträge", "empfohlene artikel", "auch interessant",
			"das könnte sie auch interessieren", "das könnte dich auch interessieren", "zum weiterlesen", "weiterlesen",
			"meistgelesen", "meistgelesene artikel", "meist diskutiert", "meist-diskutiert", "bild anzeigen",
			"lire aussi", "à lire aussi", "a lire aussi", "lire la suite", "pour lire la suite", "voir aussi",
			"sur le même sujet", "les plus lus", "le puede interesar", "te puede interesar", "lee también", "leer más",
			"noticias relacionadas", "lo más leído", "leia também", "leia mais", "veja também", "mais lidas",
			"leggi anche", "leggi di più", "potrebbe interessarti", "czytaj także", "czytaj też", "czytaj więcej",
			"zobacz także", "zobacz też", "najczęściej czytane"},
		KindAd: {"anzeige", "werbung", "publicité", "publicidad", "publicidade", "pubblicità", "reklama"},
		KindSubscribe: {"newsletter abonnieren", "jetzt abonnieren", "abonnieren", "s'abonner", "abonnez-vous",
			"suscríbete", "suscribirse", "assine", "iscriviti", "subskrybuj"},
	} {
		for _, l := range lines {
			uiLines[l] = kind
		}
	}
}

// adWords are the words of "Story continues below advertisement" and its
// kin; adCue marks the words one of them must hold.
var (
	adWords = set("advertisement", "advertisements", "advertising", "ad", "ads", "sponsored", "story", "article",
		"continues", "continued", "continue", "below", "reading", "the", "main", "after", "this", "content",
		"skip", "paid", "partner", "promoted")
	adCue = set("advertisement", "advertisements", "advertising", "continues", "continued", "continue",
		"sponsored", "promoted")
	// connectors may stand lower-case in a list of names.
	connectors = set("and", "of", "the", "de", "van", "von", "der", "den", "al", "el", "bin", "ibn", "la", "le",
		"da", "del", "di", "du", "dos", "das", "y", "e", "in", "for", "at", "with", "staff", "writer", "writers",
		"correspondent", "correspondents", "reporter", "reporters", "editor", "editors", "contributor",
		"senior", "special", "chief", "bureau", "news", "service", "wire", "by", "from", "additional",
		"reporting", "editing", "writing", "compiled", "edited", "research", "&")
	notNames = set("monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january",
		"february", "march", "april", "june", "july", "august", "september", "october", "november",
		"december", "then", "now", "far", "all", "most", "some", "the", "law", "contrast", "comparison",
		"noon", "midnight", "night", "day", "dawn", "late", "early", "mid")
	// notPlaces open lines like datelines but are labels, not places.
	notPlaces = set("BREAKING", "UPDATE", "UPDATED", "EXCLUSIVE", "FILE", "WATCH", "VIDEO", "PHOTOS", "PHOTO",
		"LIVE", "ANALYSIS", "OPINION", "EDITORIAL", "CORRECTION", "NOTE", "EDS", "EDITORS", "EDITOR'S",
		"EDITOR’S", "URGENT", "ALERT", "READ", "MORE", "RELATED", "SEE", "WARNING", "SPOILER", "UPDATES",
		"FLASH", "BULLETIN", "ADVISORY", "CLARIFICATION", "REVIEW", "INTERVIEW", "COMMENT", "LISTEN", "AUDIO",
		"PODCAST", "TRANSCRIPT", "Q", "A", "I", "OK", "TV", "DEVELOPING", "UPDATE:")
)

func set(words ...string) map[string]bool {
	m := make(map[string]bool, len(words))
	for _, w := range words {
		m[w] = true
	}
	return m
}

// classify applies the rules that judge a line on its own and returns the
// kind of chrome it is, or "" for article text.
func classify(l *cline) string {
	if l.kind != "" {
		return l.kind
	}
	t, lower, n := l.text, l.lower, l.words
	if n == 0 {
		return KindSeparator
	}
	if k, ok := uiLines[strings.TrimFunc(lower, notAlnum)]; ok && n <= 8 {
		return k
	}
	if isCaption(t, n) {
		return KindCaption
	}
	if n <= 40 && has(lower, "(@", "pic.twitter") && socialEmbedRe.MatchString(t) {
		return KindSocial
	}
	if isCredit(t, lower, n) {
		return KindCredit
	}
	if n <= 40 && has(lower, "©", "ⓒ", "(c)", "copyright", "rights reserved", "may not be") && copyrightRe.MatchString(t) {
		return KindCopyright
	}
	if n <= 8 && isAdLine(lower) {
		return KindAd
	}
	if k := videoKind(t, n); k != "" {
		return k
	}
	if n > maxChromeWords {
		return ""
	}
	if n <= 6 && isContactLine(t) {
		return KindCredit
	}
	speechKnown, isSpeech := false, false
	speech := func() bool {
		if !speechKnown {
			speechKnown, isSpeech = true, speechRe.MatchString(t)
		}
		return isSpeech
	}
	switch {
	case has(lower, "comment", "try again", "javascript", "browser", "page", "went wrong", "error",
		"captcha", "available", "unsupported", "load") && commentRe.MatchString(t) && !speech():
		return KindComment
	case relatedRe.MatchString(t),
		has(lower, "click", "tap here", "opens in", "read") && clickRe.MatchString(t) && !speech(),
		strings.HasPrefix(t, "[") && bracketRe.MatchString(t):
		return KindLink
	case n <= 4 && !terminal(t) && shareStartRe.MatchString(t),
		n <= 15 && has(lower, "share") && shareRe.MatchString(t),
		has(lower, "follow", "like", "find", "join", "connect") && followRe.MatchString(t) && !speech():
		return KindShare
	case has(lower, "subscri", "sign", "get ", "join our", "newsletter", "inbox", "mail") &&
		subscribeRe.MatchString(t) && (!terminal(t) || n <= 20) && !speech():
		return KindSubscribe
	case has(lower, "cookie") && cookieRe.MatchString(t) && !speech(),
		n <= 10 && has(lower, "privacy", "terms") && legalRe.MatchString(t):
		return KindCookie
	case n <= 15 && timestampRe.MatchString(t):
		return KindTimestamp
	}
	return ""
}

func notAlnum(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) && r != '+' }

// isCaption reports whether t is a photo caption or credit.
func isCaption(t string, n int) bool {
	if n > 80 {
		return false
	}
	if captionStartRe.MatchString(t) {
		return true
	}
	// The cheap test first: every credit form ends with a capital word, a
	// parenthesis or a count.
	last := lastWord(t)
	if last == "" {
		return false
	}
	if strings.HasSuffix(t, ")") || strings.HasSuffix(t, ").") {
		if captionParenEndRe.MatchString(t) || captionAgencyEndRe.MatchString(t) {
			return true
		}
	}
	r, _ := utf8.DecodeRuneInString(last)
	if !unicode.IsUpper(r) {
		return false
	}
	tail := strings.ToLower(t[max(0, len(t)-100):])
	if (creditEnds[strings.Trim(last, ".")] || strings.Contains(last, "/") || strings.HasPrefix(last, "(")) &&
		captionAgencyEndRe.MatchString(t) {
		return true
	}
	if has(tail, "photo", "picture", "image", "credit", "courtesy") && captionMarkerEndRe.MatchString(t) {
		return true
	}
	return n <= 12 && !terminal(t) && captionSlashEndRe.MatchString(t)
}

// lastWord returns the last space-separated word of t.
func lastWord(t string) string {
	if i := strings.LastIndexByte(t, ' '); i >= 0 {
		return t[i+1:]
	}
	return t
}

// isCredit reports whether t credits the people or agencies behind the
// story rather than telling it.
func isCredit(t, lower string, n int) bool {
	if n > 40 {
		return false
	}
	if n <= 10 && has(lower, "wire", "agenc") && wireServicesRe.MatchString(t) {
		return true
	}
	if has(lower, " by ") {
		if m := creditByRe.FindStringSubmatch(t); m != nil && nameList(m[1]) {
			return true
		}
	}
	if n <= 25 && (has(lower, "contributed", "was used") && contributedRe.MatchString(t) ||
		has(lower, "appear", "published", " ran") && appearedRe.MatchString(t)) {
		return true
	}
	return has(lower, "@", "(at)") && writeToRe.MatchString(t) ||
		has(lower, "expressed") && opinionRe.MatchString(t) ||
		strings.HasPrefix(t, "(") && authorBioRe.MatchString(t)
}

// has reports whether s contains any of subs.
func has(s string, subs ...string) bool {
	for _, sub := range subs {
		if strings.Contains(s, sub) {
			return true
		}
	}
	return false
}

// creditOutlet returns the outlet a credit line names: "Al Jazeera" for
// "Al Jazeera with wire services".
func creditOutlet(t string) string {
	m := wireServicesRe.FindStringSubmatch(t)
	if m == nil {
		return ""
	}
	name := strings.TrimSpace(m[1])
	if news.CountWords(name) > 5 || !nameList(name) {
		return ""
	}
	return name
}

// nameList reports whether s reads as a list of names: every word
// capitalized or a connector ("and", "of", "de", …), at most 40 words, and
// no sentence inside.
func nameList(s string) bool {
	s = strings.TrimSpace(strings.TrimRight(s, ").;"))
	if s == "" {
		return false
	}
	words := 0
	for w := range strings.FieldsSeq(s) {
		w = strings.Trim(w, "(),;:|")
		if w == "" || w == "-" || w == "–" || w == "—" || w == "/" {
			continue
		}
		words++
		r, _ := utf8.DecodeRuneInString(w)
		lw := strings.ToLower(w)
		switch {
		case words == 1 && notNames[lw]:
			return false
		case unicode.IsUpper(r):
		case connectors[lw]:
		default:
			return false
		}
	}
	return words > 0 && words <= 40
}

func isAdLine(lower string) bool {
	cue := false
	for w := range strings.FieldsSeq(lower) {
		w = strings.TrimFunc(w, notAlnum)
		if w == "" {
			continue
		}
		if !adWords[w] {
			return false
		}
		cue = cue || adCue[w]
	}
	return cue
}

// videoKind returns KindVideo for prompts to watch or listen.
func videoKind(t string, n int) string {
	switch {
	case n <= 15 && videoLabelRe.MatchString(t),
		n <= 12 && videoLeadRe.MatchString(t):
		return KindVideo
	case terminal(t):
		return ""
	case n <= 6 && videoStartRe.MatchString(t) && (n <= 3 || videoWordRe.MatchString(t)),
		n <= 3 && videoLiveRe.MatchString(t),
		n <= 8 && mediaWordRe.MatchString(t):
		return KindVideo
	}
	return ""
}

// isContactLine reports whether t holds only e-mail addresses, handles and
// addresses of the web, with their labels ("Twitter @someone").
func isContactLine(t string) bool {
	found := false
	for w := range strings.FieldsSeq(t) {
		w = strings.TrimRight(w, ".,;")
		switch strings.ToLower(strings.TrimRight(w, ":")) {
		case "", "twitter", "email", "e-mail", "instagram", "facebook", "follow", "on", "at", "and", "or", "|", "/", "-", "—":
			continue
		}
		if !contactTokenRe.MatchString(w) {
			return false
		}
		found = true
	}
	return found
}

// terminal reports whether t ends a sentence: its last character, before
// closing quotes and brackets, is one of . ! ? ….
func terminal(t string) bool {
	t = strings.TrimRight(t, `"'”’)]*`)
	if t == "" {
		return false
	}
	r, _ := utf8.DecodeLastRuneInString(t)
	return r == '.' || r == '!' || r == '?' || r == '…'
}

// punctuated reports whether t ends with punctuation that a headline would
// not end with.
func punctuated(t string) bool {
	if terminal(t) {
		return true
	}
	r, _ := utf8.DecodeLastRuneInString(strings.TrimRight(t, `"'”’)]`))
	return r == ',' || r == ';' || r == ':'
}

func hasPrefixFold(s, prefix string) bool {
	return len(s) > len(prefix) && strings.EqualFold(s[:len(prefix)], prefix)
}

// markLabels marks the short label line that stands before a caption and
// that the caption repeats, and a label and its repetition when the
// repetition carries a date.
func markLabels(lines []cline) {
	for i := 0; i+1 < len(lines); i++ {
		l, next := &lines[i], &lines[i+1]
		if l.kind != "" || l.block != next.block || l.words > 15 || punctuated(l.text) ||
			!hasPrefixFold(next.text, l.text) {
			continue
		}
		switch {
		case next.kind == KindCaption:
			l.kind = KindCaption
		case next.kind == "" && captionDateRe.MatchString(next.text[len(l.text):]):
			l.kind, next.kind = KindCaption, KindCaption
		}
	}
}

// markNeighbours marks short lines that are not sentences and stand between
// chrome and chrome, or between chrome and the end of the text: the "Error"
// of a comment box. A short line before chrome at the top of the text is
// kept: it is often the headline.
func markNeighbours(lines []cline) {
	chrome := func(i int) bool {
		return i >= 0 && i < len(lines) && lines[i].kind != "" && lines[i].kind != KindByline &&
			lines[i].kind != KindDateline && lines[i].kind != KindTimestamp
	}
	edge := func(i int) bool { return i < 0 || i >= len(lines) }
	for changed := true; changed; {
		changed = false
		for i := range lines {
			l := &lines[i]
			if l.kind != "" || l.words > 3 || punctuated(l.text) || startsQuote(l.text) {
				continue
			}
			p, n := chrome(i-1), chrome(i+1)
			if p && (n || edge(i+1)) {
				l.kind = KindChrome
				changed = true
			}
		}
	}
}

func startsQuote(t string) bool {
	r, _ := utf8.DecodeRuneInString(t)
	return r == '"' || r == '“' || r == '‘' || r == '\'' || r == '«'
}

// markBylines marks lines of the form "By John Smith, Associated Press".
func markBylines(lines []cline, meta *Meta) {
	for i := range lines {
		l := &lines[i]
		if l.kind != "" || l.words > 14 || len(l.text) > 140 {
			continue
		}
		m := bylineRe.FindStringSubmatch(l.text)
		if m == nil {
			continue
		}
		name := strings.TrimSpace(m[1])
		if terminal(name) {
			// "By John Smith Jr." ends with an abbreviation, not a sentence.
			if w := lastWord(name); len(w) > 4 || strings.Count(name, ".") > 3 {
				continue
			}
		}
		if !nameList(name) || news.CountWords(name) > 12 {
			continue
		}
		l.kind = KindByline
		if meta.Byline == "" {
			meta.Byline = strings.TrimRight(name, " ,;|")
		}
	}
}

// markDateline cuts the dateline from the first of the first three lines
// of text that opens with one, and returns the agency it names.
func markDateline(lines []cline, meta *Meta) (agency string) {
	seen := 0
	for i := range lines {
		l := &lines[i]
		if l.kind != "" {
			continue
		}
		if seen++; seen > 3 {
			return ""
		}
		place, cut, agency := dateline(l.text)
		if place == "" {
			continue
		}
		meta.Dateline = place
		rest := strings.TrimSpace(l.text[len(cut):])
		if rest == "" {
			l.text, l.kind = cut, KindDateline
		} else {
			l.cut, l.text = cut, rest
		}
		return agency
	}
	return ""
}

// dateline returns the place of a dateline that opens t, the text to cut
// (place and dash), and the agency named in parentheses.
func dateline(t string) (place, cut, agency string) {
	m := capsDatelineRe.FindStringSubmatchIndex(t)
	if m == nil {
		m = agencyDatelineRe.FindStringSubmatchIndex(t)
		if m == nil {
			return "", "", ""
		}
	}
	place = strings.TrimSpace(t[m[2]:m[3]])
	first, _, _ := strings.Cut(place, " ")
	first = strings.TrimRight(first, ",")
	if utf8.RuneCountInString(strings.Trim(first, ".")) < 2 || notPlaces[first] {
		return "", "", ""
	}
	cut = t[:m[1]]
	rest := t[m[1]:]
	sep := strings.TrimSpace(t[m[3]:m[1]])
	// The text after a dateline opens a sentence.
	if rest != "" {
		r, _ := utf8.DecodeRuneInString(rest)
		if !unicode.IsUpper(r) && !unicode.IsDigit(r) && !strings.ContainsRune(`"“‘'$(`, r) {
			return "", "", ""
		}
	}
	// A lone hyphen after a bare place is too weak a sign when the place
	// is one short word.
	if sep == "-" && !strings.Contains(place, "(") && utf8.RuneCountInString(place) < 4 {
		return "", "", ""
	}
	if a := datelineAgencyRe.FindStringSubmatch(place); a != nil {
		agency = strings.TrimSpace(a[1])
	}
	return place, strings.TrimSpace(cut), agency
}

// assemble joins the lines that are kept into paragraphs and lists the
// removed ones.
func assemble(lines []cline, res chromeResult) chromeResult {
	var b strings.Builder
	para := 0
	for i := 0; i < len(lines); {
		j := i
		for j < len(lines) && lines[j].block == lines[i].block {
			j++
		}
		var kept []*cline
		for k := i; k < j; k++ {
			l := &lines[k]
			if l.cut != "" {
				res.removed = append(res.removed, news.Chrome{Text: l.cut, Kind: KindDateline})
			}
			if l.kind != "" {
				res.removed = append(res.removed, news.Chrome{Text: l.text, Kind: l.kind})
				if l.kind == KindCredit && res.credited == "" {
					res.credited = creditOutlet(l.text)
				}
				continue
			}
			kept = append(kept, l)
		}
		split := linesAreParagraphs(kept)
		for k, l := range kept {
			switch {
			case b.Len() == 0:
			case k == 0 || split:
				b.WriteString("\n\n")
				para++
			default:
				b.WriteByte('\n')
			}
			if l.cut != "" {
				res.datelinePara = para
			}
			b.WriteString(l.text)
		}
		i = j
	}
	res.clean = b.String()
	return res
}

// linesAreParagraphs reports whether the lines of a block are paragraphs
// rather than the lines of one hard-wrapped paragraph: most of them end a
// sentence, or one is longer than a wrapped line would be.
func linesAreParagraphs(lines []*cline) bool {
	if len(lines) < 2 {
		return false
	}
	ends := 0
	for _, l := range lines {
		if utf8.RuneCountInString(l.text) > 120 {
			return true
		}
		if terminal(l.text) {
			ends++
		}
	}
	return ends*2 >= len(lines)
}
