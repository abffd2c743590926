package news

// Comparison is what the sources of one story report in common and
// apart, every item a span of real text.
type Comparison struct {
	// Shared are facts that at least two outlets report, most
	// important first; Exclusives are facts only one outlet reports.
	Shared     []Fact `json:"shared"`
	Exclusives []Fact `json:"exclusives"`
	// Figures are quantities grouped across outlets when they describe
	// the same thing.
	Figures []Figure `json:"figures"`
	// Quotes are statements grouped with every outlet's rendering.
	Quotes []QuoteGroup `json:"quotes"`
	// Entities are the people, organizations and places mentioned, with
	// aliases merged.
	Entities []Entity `json:"entities"`
}

// Excerpt is a span of one article's text.
type Excerpt struct {
	DocID string `json:"doc_id"`
	Span
	Text string `json:"text"`
}

// Fact is one statement as the articles that carry it put it: a sentence
// from each.
type Fact struct {
	// Text is the sentence that states it best (the first source's).
	Text    string    `json:"text"`
	Sources []Excerpt `json:"sources"`
	// Importance ranks facts within a story (higher first).
	Importance float64 `json:"importance"`
}

// Quote is a direct quotation and who is said to have said it.
type Quote struct {
	// Excerpt is the quoted words, without the quotation marks.
	Excerpt
	// Speaker is the speaker's canonical name (the fullest name the
	// story uses for them), "" when unknown; SpeakerText is how this
	// article refers to them in the attribution ("he", "the envoy").
	Speaker     string `json:"speaker,omitempty"`
	SpeakerText string `json:"speaker_text,omitempty"`
	// Sentence is the span of the sentence (or sentences) holding it.
	Sentence Span `json:"sentence"`
}

// QuoteGroup is one statement as each outlet rendered it.
type QuoteGroup struct {
	Speaker  string         `json:"speaker,omitempty"`
	Versions []QuoteVersion `json:"versions"`
}

// QuoteVersion is one rendering of a statement, with its word-level
// differences from the group's first version.
type QuoteVersion struct {
	Quote
	Diff []DiffOp `json:"diff,omitempty"`
}

// DiffOp is a run of words: kept ("="), added in this version ("+") or
// missing from it ("-"), relative to the group's first version.
type DiffOp struct {
	Op   string `json:"op"`
	Text string `json:"text"`
}

// Figure is a quantity as the outlets report it.
type Figure struct {
	// What the quantity counts ("people killed"), as far as the text
	// tells; Unit is its unit ("people", "dollars", "percent", "years").
	What   string        `json:"what"`
	Unit   string        `json:"unit,omitempty"`
	Values []FigureValue `json:"values"`
	// Agree says whether the values can all be true given their hedges;
	// a group of one value agrees.
	Agree bool `json:"agree"`
}

// FigureValue is one outlet's figure: the excerpt, its normalized value
// and the hedge around it ("about", "at least", "more than").
type FigureValue struct {
	Excerpt
	Value float64 `json:"value"`
	Hedge string  `json:"hedge,omitempty"`
	// Low and High bound the true value the hedged figure allows.
	Low  float64 `json:"low"`
	High float64 `json:"high"`
}

// Entity is a person, organization or place the story mentions.
type Entity struct {
	Name    string   `json:"name"`
	Kind    string   `json:"kind"` // person, organization, place or other
	Aliases []string `json:"aliases,omitempty"`
	// Docs are the IDs of the articles that mention it, in story order.
	Docs     []string `json:"docs"`
	Mentions int      `json:"mentions"`
}
