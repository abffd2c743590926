package text

import (
	"strings"
	"testing"

	"github.com/parallaxnews/parallax/internal/news"
)

func sentences(body string) []string {
	doc := Analyze(news.Article{Body: body})
	out := make([]string, len(doc.Sentences))
	for i, s := range doc.Sentences {
		out[i] = s.Text
	}
	return out
}

// The sentences below are invented for these tests.
var splitTests = []struct {
	name string
	in   string
	want []string
}{
	{"plain", "The vote was close. Turnout was high.", []string{"The vote was close.", "Turnout was high."}},
	{"no final punctuation", "Officials met on Monday", []string{"Officials met on Monday"}},
	{"question and exclamation", "Was it worth it? Nobody knows! We will see.", []string{"Was it worth it?", "Nobody knows!", "We will see."}},
	{"U.N. mid-sentence", "The U.N. Security Council met late.", []string{"The U.N. Security Council met late."}},
	{"U.S. ends sentence", "She moved to the U.S. He stayed in Lyon.", []string{"She moved to the U.S.", "He stayed in Lyon."}},
	{"U.S. before a title", "She will meet U.S. Under Secretary Lena Park on Friday.", []string{"She will meet U.S. Under Secretary Lena Park on Friday."}},
	{"U.S. before name", "The U.S. Coast Guard searched the bay.", []string{"The U.S. Coast Guard searched the bay."}},
	{"U.K. before determiner", "Exports fell in the U.K. The pound slid.", []string{"Exports fell in the U.K.", "The pound slid."}},
	{"titles", "Mr. Adeyemi met Mrs. Holt, Ms. Ruiz and Dr. Chen.", []string{"Mr. Adeyemi met Mrs. Holt, Ms. Ruiz and Dr. Chen."}},
	{"military titles", "Gen. Marlow and Lt. Col. Voss briefed Sgt. Park.", []string{"Gen. Marlow and Lt. Col. Voss briefed Sgt. Park."}},
	{"political titles", "Gov. Tran spoke after Sen. Olsen and Rep. Diaz.", []string{"Gov. Tran spoke after Sen. Olsen and Rep. Diaz."}},
	{"St. and Jr.", "Pat Quinn Jr. grew up in St. Paul.", []string{"Pat Quinn Jr. grew up in St. Paul."}},
	{"company suffixes", "Acme Inc. and Zenith Corp. merged with Bolt Co. and Kite Ltd. last year.", []string{"Acme Inc. and Zenith Corp. merged with Bolt Co. and Kite Ltd. last year."}},
	{"Inc. ends sentence", "The buyer was Acme Inc. It paid cash.", []string{"The buyer was Acme Inc.", "It paid cash."}},
	{"months", "The law took effect Jan. 1 and was amended Feb. 14, Aug. 3 and Sept. 30.", []string{"The law took effect Jan. 1 and was amended Feb. 14, Aug. 3 and Sept. 30."}},
	{"No. 1", "The No. 1 seed lost. It was a shock.", []string{"The No. 1 seed lost.", "It was a shock."}},
	{"vs. etc. e.g. i.e.", "It was Leeds vs. Hull, e.g. a derby, i.e. a rivalry, with fans etc. in the stands.", []string{"It was Leeds vs. Hull, e.g. a derby, i.e. a rivalry, with fans etc. in the stands."}},
	{"etc. ends sentence", "They sold pens, paper, etc. The shop closed.", []string{"They sold pens, paper, etc.", "The shop closed."}},
	{"states", "She lives in Fresno, Calif., and works in Tempe, Ariz. She commutes.", []string{"She lives in Fresno, Calif., and works in Tempe, Ariz.", "She commutes."}},
	{"more states", "Offices in Boston, Mass., Tampa, Fla., and Seattle, Wash., stayed open.", []string{"Offices in Boston, Mass., Tampa, Fla., and Seattle, Wash., stayed open."}},
	{"dotted states", "He flew from Albany, N.Y., to Washington, D.C. The trip took an hour.", []string{"He flew from Albany, N.Y., to Washington, D.C.", "The trip took an hour."}},
	{"S.D. before name", "Rapid City, S.D. Mayor Lin Ortiz resigned.", []string{"Rapid City, S.D. Mayor Lin Ortiz resigned."}},
	{"initials", "The essay by L. A. Smith cites George W. Bush and J.R.R. Tolkien.", []string{"The essay by L. A. Smith cites George W. Bush and J.R.R. Tolkien."}},
	{"initial ends sentence", "They chose Plan B. The others left.", []string{"They chose Plan B.", "The others left."}},
	{"decimals", "Growth was 2.5 percent, or $1.2 million, up from 0.9 percent.", []string{"Growth was 2.5 percent, or $1.2 million, up from 0.9 percent."}},
	{"time a.m. before day", "The polls open at 9:30 a.m. Tuesday and close at 8 p.m. local time.", []string{"The polls open at 9:30 a.m. Tuesday and close at 8 p.m. local time."}},
	{"time a.m. ends sentence", "The blast came at 6 a.m. Firefighters arrived soon after.", []string{"The blast came at 6 a.m.", "Firefighters arrived soon after."}},
	{"p.m. before time zone", "Trading resumed at 4 p.m. EDT on Friday.", []string{"Trading resumed at 4 p.m. EDT on Friday."}},
	{"ellipsis mid-sentence", "He paused ... and then he went on.", []string{"He paused ... and then he went on."}},
	{"ellipsis ends sentence", "We waited... Nobody came.", []string{"We waited...", "Nobody came."}},
	{"unicode ellipsis", "We waited… Nobody came.", []string{"We waited…", "Nobody came."}},
	{"closing quote after period", `He said, "It is over." Then he left.`, []string{`He said, "It is over."`, "Then he left."}},
	{"typographic closing quote", "He said, “It is over.” Then he left.", []string{"He said, “It is over.”", "Then he left."}},
	{"closing bracket", "The plan failed. (It was the second try.) Nobody was hurt.", []string{"The plan failed.", "(It was the second try.)", "Nobody was hurt."}},
	{"question in single quotes", "She asked, 'Why now?' The room fell silent.", []string{"She asked, 'Why now?'", "The room fell silent."}},
	{"quote continues after attribution", `"We will stay," he said. "We have no choice."`, []string{`"We will stay," he said.`, `"We have no choice."`}},
	{"typographic quote continues", "“We will stay,” he said. “We have no choice.”", []string{"“We will stay,” he said.", "“We have no choice.”"}},
	{"question then lowercase attribution", `"Will you stay?" she asked.`, []string{`"Will you stay?" she asked.`}},
	{"exclamation then lowercase attribution", "“Get out!” the guard shouted at them.", []string{"“Get out!” the guard shouted at them."}},
	{"question then named attribution", `"Who approved this?" Coach Dana Reyes asked.`, []string{`"Who approved this?" Coach Dana Reyes asked.`}},
	{"question then new sentence", `"Who approved this?" Nobody answered.`, []string{`"Who approved this?"`, "Nobody answered."}},
	{"chanted exclamations", "Marchers shouted “Water! Bread!” outside the hall.", []string{"Marchers shouted “Water! Bread!” outside the hall."}},
	{"headline and dateline lines", "Storm hits coast\nMARCH 3, 2024\nThe storm made landfall at dawn.", []string{"Storm hits coast", "MARCH 3, 2024", "The storm made landfall at dawn."}},
	{"URL", "Details are at https://example.org/a.b/report.html today. More later.", []string{"Details are at https://example.org/a.b/report.html today.", "More later."}},
	{"URL ends sentence", "Read it at www.example.com. It is free.", []string{"Read it at www.example.com.", "It is free."}},
	{"email", "Write to tips@example.com. We read everything.", []string{"Write to tips@example.com.", "We read everything."}},
	{"numbered list", "1. Gather facts.\n2. Check them.", []string{"1. Gather facts.", "2. Check them."}},
	{"numbered list inline start", "2. How fast will they grow?", []string{"2. How fast will they grow?"}},
	{"lowercase after period", "The firm, known as the co. by locals, grew.", []string{"The firm, known as the co. by locals, grew."}},
	{"year then number", "Sales peaked in 2019. 40 stores closed later.", []string{"Sales peaked in 2019.", "40 stores closed later."}},
	{"missing space after period", "The rain stopped.The roads reopened.", []string{"The rain stopped.", "The roads reopened."}},
	{"trailing whitespace", "  One.   Two.  \n", []string{"One.", "Two."}},
	{"CRLF lines", "First line\r\nSecond line.\r\n", []string{"First line", "Second line."}},
	{"NBSP after period", "It rained.\u00a0The match was delayed.", []string{"It rained.", "The match was delayed."}},
	{"hyphenated state", "Sen. Pia Hahn (D-Calif.) said Monday that talks stalled.", []string{"Sen. Pia Hahn (D-Calif.) said Monday that talks stalled."}},
	{"abbreviation in parentheses before name", "She studied at Hollis (N.J.) High School.", []string{"She studied at Hollis (N.J.) High School."}},
	{"multiple terminal marks", "Really?! That can't be right.", []string{"Really?!", "That can't be right."}},
	{"brand with exclamation", "She hosted a show on Yahoo! last year.", []string{"She hosted a show on Yahoo! last year."}},
	{"empty", "", nil},
	{"only space", " \n\t \n", nil},
}

func TestSplit(t *testing.T) {
	for _, tt := range splitTests {
		t.Run(tt.name, func(t *testing.T) {
			got := sentences(tt.in)
			if strings.Join(got, "|") != strings.Join(tt.want, "|") || len(got) != len(tt.want) {
				t.Errorf("split(%q)\n got %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

func TestParagraphs(t *testing.T) {
	body := "Headline here\n\nFirst paragraph. It has two sentences.\n\n\nSecond paragraph.\nSame paragraph, new line.\n\nThird."
	doc := Analyze(news.Article{Body: body})
	want := []int{0, 1, 1, 2, 2, 3}
	if len(doc.Sentences) != len(want) {
		t.Fatalf("got %d sentences, want %d: %q", len(doc.Sentences), len(want), sentences(body))
	}
	for i, s := range doc.Sentences {
		if s.Paragraph != want[i] || s.Index != i {
			t.Errorf("sentence %d %q: paragraph %d index %d, want paragraph %d", i, s.Text, s.Paragraph, s.Index, want[i])
		}
		if s.Text != body[s.Start:s.End] {
			t.Errorf("sentence %d: Text %q != body span %q", i, s.Text, body[s.Start:s.End])
		}
	}
}

func TestScoreBoundaries(t *testing.T) {
	tp, fp, fn := ScoreBoundaries([]int{10, 20, 30}, []int{10, 25, 30, 40})
	if tp != 2 || fp != 2 || fn != 1 {
		t.Errorf("ScoreBoundaries = %d, %d, %d; want 2, 2, 1", tp, fp, fn)
	}
}
