// Package rouge computes ROUGE scores the way the ROUGE-1.5.5 Perl script
// does, per peer summary: ROUGE-N, ROUGE-L (summary-level union LCS),
// ROUGE-S and ROUGE-SU, with the script's -t 0 counting.
//
// Text is processed as the script does: lower-cased, every character
// outside [a-z0-9] (hyphens included) turned into a space, stopwords
// dropped (-s), and tokens longer than three characters stemmed (-m), by
// the WordNet 2.0 exception lists when the word is in them and by the
// Porter stemmer otherwise. -l and -b truncate the peer and the models
// alike; -l counts whitespace-separated words of the raw text, -b bytes
// of the text with its whitespace collapsed. N-grams and skip bigrams run
// across sentence boundaries. ROUGE-SU counts every token but the last
// as a unigram, a quirk of the script. Several models are combined by -f
// A (hits and counts summed) or -f B (best recall); each score is rounded
// to five decimals as the script's sprintf("%7.5f") does, and F uses the
// rounded recall and precision: 1/F = alpha/P + (1-alpha)/R.
//
// The script's per-system "Average_R/P/F" lines and their confidence
// intervals come from its bootstrap, which Bootstrap reproduces digit for
// digit: resample i reseeds Perl's drand48 with srand(i). ROUGE-W is not
// implemented yet.
package rouge
