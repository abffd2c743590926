package ingest

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
)

// A body that every chrome test wraps its lines in, so that each rule is
// tested in the middle of article text.
const (
	before = "The harbor authority and the ferry union reached a deal on Thursday after three days of talks."
	after  = "Crews will return to work on Friday morning, the authority said in a statement."
)

func TestStripChromeRules(t *testing.T) {
	tests := []struct {
		name string
		in   string // lines between before and after
		kind string // kind of every removed line; "" when all must be kept
	}{
		// Video and live-stream prompts.
		{"watch live", "Watch Live", KindVideo},
		{"watch channel live", "Watch HNN Live", KindVideo},
		{"play video", "Play video", KindVideo},
		{"live updates", "Live updates", KindVideo},
		{"watch label", "WATCH: Ferry crews cheer the deal", KindVideo},
		{"listen lead-in", "Listen to the union leader explain the deal:", KindVideo},
		{"media playback", "Media playback is unsupported on your device", KindVideo},
		{"sentence about watching", "Watch crews on the quay said they were relieved the strike was over.", ""},
		{"live music sentence", "Live music returned to the quay on Saturday night.", ""},

		// The same furniture in other languages.
		{"German already read", "Schon gelesen?", KindLink},
		{"German also interesting", "Das könnte Sie auch interessieren", KindLink},
		{"German read also", "Lesen Sie auch: Hafen von Port Alder bleibt geschlossen", KindLink},
		{"French read also", "À lire aussi : le port rouvre vendredi", KindLink},
		{"Spanish may interest you", "LE PUEDE INTERESAR: El puerto reabre el viernes", KindLink},
		{"Portuguese read more", "Leia também", KindLink},
		{"Polish read also", "Czytaj także: Port zamknięty", KindLink},
		{"German share", "Artikel teilen", KindShare},
		{"German ad", "Anzeige", KindAd},
		{"German sentence", "Lesen Sie die Erklärung des Hafenmeisters, sagte die Gewerkschaft am Dienstag.", ""},
		{"Spanish sentence", "Le puede interesar al alcalde que el puerto reabra pronto, dijo el sindicato.", ""},

		// Comment boxes and error messages.
		{"lone error", "Error", KindComment},
		{"comment not saved", "Sorry, your comment could not be posted. Please try again later.", KindComment},
		{"javascript", "Please enable JavaScript to view the comments.", KindComment},
		{"page not found", "Sorry, the page you requested was not found.", KindComment},
		{"error sentence", "An error in the timetable left hundreds of commuters waiting at the quay.", ""},
		{"try again quote", "“We will try again later in the week,” the union leader said.", ""},
		{"technical problem sentence", "The first ferry was delayed by a technical problem with its ramp.", ""},

		// Photo captions and credits.
		{"caption with agency", "Ferry crews cheer at the East Quay in Port Alder, March 3, 2031. AP", KindCaption},
		{"caption with paren credit", "Crews cheer at the East Quay. (AP Photo/Jon Dore)", KindCaption},
		{"caption with photo credit", "Crews cheer at the East Quay. (Photo: Jon Dore, Quay Images)", KindCaption},
		{"caption getty", "Crews cheer at the East Quay. AFP/Getty Images", KindCaption},
		{"photographer slash agency", "Jon Dore/Bloomberg", KindCaption},
		{"courtesy", "The first ferry leaves the quay. Courtesy Ilse Brann", KindCaption},
		{"associated press", "The first ferry leaves the quay on Friday. (Associated Press)", KindCaption},
		{"file photo", "FILE - In this March 3, 2031, file photo, the first ferry leaves the quay.", KindCaption},
		{"image caption", "Image caption The first ferry leaves the quay", KindCaption},
		{"lone photo", "Photo", KindCaption},
		{"label and caption", "Harbor mayor Ilse Brann\nHarbor mayor Ilse Brann speaks at the quay in Port Alder, March 3, 2031. Reuters", KindCaption},
		{"label and dated repeat", "Harbor mayor Ilse Brann\nHarbor mayor Ilse Brann speaks at the quay in Port Alder, March 3, 2031", KindCaption},
		{"agency in a sentence", "The deal was first reported by AP.", ""},
		{"told the associated press", "“It is over,” the mayor told The Associated Press.", ""},
		{"band name with slash", "The band played AC/DC songs", ""},

		// Credit lines.
		{"wire services", "Harbor Gazette with wire services", KindCredit},
		{"and agencies", "Harbor Gazette and agencies", KindCredit},
		{"reporting by", "Reporting by Jon Dore; Editing by Ilse Brann", KindCredit},
		{"editing by paren", "(Editing by Mara Quint)", KindCredit},
		{"additional reporting", "Additional reporting by Tobin Reyes in Port Alder", KindCredit},
		{"contributed", "Associated Press writer Tobin Reyes contributed to this report.", KindCredit},
		{"appeared", "This article appeared in print on page A4.", KindCredit},
		{"write to", "Write to Mara Quint at mara.quint@gazette.example", KindCredit},
		{"contact only", "mquint@gazette.example", KindCredit},
		{"reporting sentence", "Reporting by the Gazette found that crews had not been paid since May.", ""},

		// Share, subscribe, follow, cookies, advertisements, links.
		{"share", "Share this article", KindShare},
		{"share on", "Share on Facebook", KindShare},
		{"social names", "Twitter\nFacebook\nReddit", KindShare},
		{"follow", "Follow Mara Quint on Twitter: @mquint", KindShare},
		{"shares sentence", "Shares of the ferry operator rose 4 percent on Thursday.", ""},
		{"share prices headline-ish sentence", "Share prices of the operator rose after the deal was announced.", ""},
		{"sign up", "Sign up for our morning newsletter", KindSubscribe},
		{"inbox", "Get the best of the Gazette delivered to your inbox.", KindSubscribe},
		{"signed up sentence", "More than 300 crew members signed up for the new rota, the union said.", ""},
		{"cookies", "We use cookies to improve your experience on this site.", KindCookie},
		{"advertisement", "Advertisement", KindAd},
		{"story continues", "Story continues below advertisement", KindAd},
		{"read more", "Read more: Ferry fares to rise in June", KindLink},
		{"related", "Related: How the strike began", KindLink},
		{"click here", "Click here to see the new timetable.", KindLink},
		{"bracketed link", "[Ferry fares to rise in June]", KindLink},
		{"copyright", "© 2031 Harbor Gazette. All rights reserved.", KindCopyright},
		{"copyright word", "Copyright 2031 Harbor Gazette", KindCopyright},

		// Other shapes.
		{"separator", "___", KindSeparator},
		{"timestamp", "Published on Mar 3, 2031", KindTimestamp},
		{"tweet", "The ferry is back! — Port Alder Council (@PortAlder) March 3, 2031", KindSocial},
		{"short line among chrome", "Share this article\nNorland\nTwitter", KindShare + "|" + KindChrome},
		{"short heading in text", "Fares", ""},
		{"byline later in the text", "By Mara Quint and Tobin Reyes", KindByline},
		{"by sentence", "By Tuesday, the crews had returned.", ""},
		{"by heading", "By the numbers", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			body := before + "\n\n" + tt.in + "\n\n" + after
			clean, removed, _ := StripChrome(body)
			if !strings.HasPrefix(clean, before) || !strings.HasSuffix(clean, after) {
				t.Errorf("article text lost: %q", clean)
			}
			if tt.kind == "" {
				if len(removed) != 0 {
					t.Errorf("removed %v from article text", removed)
				}
				if clean != body {
					t.Errorf("clean = %q, want the body unchanged", clean)
				}
				return
			}
			kinds := strings.Split(tt.kind, "|")
			lines := strings.Split(tt.in, "\n")
			if len(removed) != len(lines) {
				t.Fatalf("removed %v, want all %d lines", removed, len(lines))
			}
			for i, c := range removed {
				if c.Text != lines[i] || !slices.Contains(kinds, c.Kind) {
					t.Errorf("removed %q as %q, want %q as %q", c.Text, c.Kind, lines[i], tt.kind)
				}
			}
			if want := before + "\n\n" + after; clean != want {
				t.Errorf("clean = %q, want %q", clean, want)
			}
		})
	}
}

func TestStripChromeBylineDateline(t *testing.T) {
	tests := []struct {
		in, byline, dateline, outlet, first string
	}{
		{"By Mara Quint\n\nPORT ALDER -- The crews returned.", "Mara Quint", "PORT ALDER", "", "The crews returned."},
		{"By MARA QUINT, Associated Press\n\nPORT ALDER, Norland (AP) — The crews returned.", "MARA QUINT, Associated Press", "PORT ALDER, Norland (AP)", "AP", "The crews returned."},
		{"GENEVA (Reuters) - The talks resumed.", "", "GENEVA (Reuters)", "Reuters", "The talks resumed."},
		{"WASHINGTON _ The talks resumed.", "", "WASHINGTON", "", "The talks resumed."},
		{"NEW YORK, March 3 (Xinhua) -- The talks resumed.", "", "NEW YORK, March 3 (Xinhua)", "Xinhua", "The talks resumed."},
		{"Port Alder, Norland (HNN) -- The talks resumed.", "", "Port Alder, Norland (HNN)", "HNN", "The talks resumed."},
		{"Talks stall at the quay\n\nPORT ALDER — The talks stalled.", "", "PORT ALDER", "", "Talks stall at the quay"},
		{"BREAKING — The talks resumed.", "", "", "", "BREAKING — The talks resumed."},
		{"NATO - the alliance - met.", "", "", "", "NATO - the alliance - met."},
		{"UPDATE: The talks resumed.", "", "", "", "UPDATE: The talks resumed."},
		{"SPEAKER ONE, HOST: Welcome back.", "", "", "", "SPEAKER ONE, HOST: Welcome back."},
		{"The talks resumed.\n\nSecond.\n\nThird.\n\nLONDON -- Fourth.", "", "", "", "The talks resumed."},
		{"Ferry talks collapse\n\nHarbor Gazette with wire services", "", "", "Harbor Gazette", "Ferry talks collapse"},
	}
	for _, tt := range tests {
		clean, _, meta := StripChrome(tt.in)
		first, _, _ := strings.Cut(clean, "\n\n")
		if meta.Byline != tt.byline || meta.Dateline != tt.dateline || meta.Outlet != tt.outlet || first != tt.first {
			t.Errorf("StripChrome(%q):\n got byline %q, dateline %q, outlet %q, first %q\nwant byline %q, dateline %q, outlet %q, first %q",
				tt.in, meta.Byline, meta.Dateline, meta.Outlet, first, tt.byline, tt.dateline, tt.outlet, tt.first)
		}
	}
}

// The seed case: a label, a caption that repeats it with a date and an
// agency, and article text that follows on the next line or the same line
// after a space and a quotation mark.
func TestStripChromeCaptionBeforeQuote(t *testing.T) {
	label := "Harbor mayor Ilse Brann"
	caption := "Harbor mayor Ilse Brann speaks at a briefing at the East Quay in Port Alder, Norland, Mar. 2, 2031. AP"
	quote := "“I am not sure we can sail before Friday,” she said. “Do we have a choice?”The crews agreed."
	for _, sep := range []string{"\n\u00a0", "\n ", " "} {
		in := before + "\n\n" + label + "\n" + caption + sep + quote + "\n\n" + after
		clean, removed, _ := StripChrome(normalize(in))
		want := before + "\n\n" + quote + "\n\n" + after
		if clean != want {
			t.Errorf("sep %q: clean =\n%q\nwant\n%q", sep, clean, want)
		}
		wantRemoved := []news.Chrome{{Text: label, Kind: KindCaption}, {Text: caption, Kind: KindCaption}}
		if !slices.Equal(removed, wantRemoved) {
			t.Errorf("sep %q: removed %v", sep, removed)
		}
	}
}

func TestStripChromeParagraphs(t *testing.T) {
	tests := []struct{ in, want string }{
		// One paragraph a line.
		{"The council voted on Monday.\nTrucks will use the bypass.\n\"It is quiet,\" a resident said.",
			"The council voted on Monday.\n\nTrucks will use the bypass.\n\n\"It is quiet,\" a resident said."},
		// Hard-wrapped lines stay together.
		{"The council of Brightwater voted on Monday to close the old\nquarry road to heavy trucks from June, after residents\ncomplained of cracked walls.",
			"The council of Brightwater voted on Monday to close the old\nquarry road to heavy trucks from June, after residents\ncomplained of cracked walls."},
		// Spaces and blank lines are tidied.
		{"\n\n  The council  voted.  \n\n\n\n   Trucks will  use the bypass.\t\n\n",
			"The council voted.\n\nTrucks will use the bypass."},
		{"", ""},
	}
	for _, tt := range tests {
		if clean, _, _ := StripChrome(tt.in); clean != tt.want {
			t.Errorf("StripChrome(%q) = %q, want %q", tt.in, clean, tt.want)
		}
	}
}

func ExampleStripChrome() {
	body := "Watch Live\n\n" +
		"By Mara Quint\n\n" +
		"PORT ALDER (AP) -- Ferry crews returned to work on Thursday.\n\n" +
		"Share this article"
	clean, removed, meta := StripChrome(body)
	fmt.Println(clean)
	for _, c := range removed {
		fmt.Printf("%s: %s\n", c.Kind, c.Text)
	}
	fmt.Printf("%q %q %q\n", meta.Byline, meta.Dateline, meta.Outlet)
	// Output:
	// Ferry crews returned to work on Thursday.
	// video prompt: Watch Live
	// byline: By Mara Quint
	// dateline: PORT ALDER (AP) --
	// share prompt: Share this article
	// "Mara Quint" "PORT ALDER (AP)" "AP"
}
