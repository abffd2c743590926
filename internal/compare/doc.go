// Package compare sets the sources of one story side by side, on the
// same analysed documents as the summarizer: the facts every outlet (or
// at least two) reports and those only one reports, figures that agree
// or conflict, each quotation as every outlet rendered it and who said
// it, and the people, organizations and places mentioned, aliases merged.
// Everything it reports is a span of the articles' own text.
package compare
