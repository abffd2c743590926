// Package text analyses article text once for every later step of Parallax:
// it normalizes text for comparison (Fold), splits English news bodies into
// sentences, tokenizes them, stems words with the Porter (1980) stemmer as
// ROUGE-1.5.5 has it, and marks stopwords.
//
// Analyze is the entry point: it turns a news.Article into a news.Document
// whose sentence and token spans are byte offsets into the article body.
package text
