// Package rouge computes ROUGE scores the way the ROUGE-1.5.5 Perl script
// does, per peer summary: ROUGE-N, ROUGE-L (summary-level union LCS),
// ROUGE-W (summary-level weighted LCS), ROUGE-S and ROUGE-SU, with the
// script's -t 0 counting.
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
// digit: resample i reseeds Perl's drand48 with srand(i).
//
// ROUGE-W ("ROUGE-W-1.2" for -w 1.2) follows the script's weighted LCS
// with f(k) = k**w: per model sentence, the positions on its weighted
// LCS with each peer sentence are united, clipped by the unigram counts
// like ROUGE-L, and each run of k consecutive hits scores f(k). The
// script weights the model total twice, f(sum of f(sentence length)),
// and the peer total once, f(peer length); with -f A hits and these
// totals are summed over the models, recall and precision are the
// inverse weight (hit/total)**(1/w) rounded to five decimals, and -f B
// picks the model by (hit/sum of f(sentence length))**(1/w). Powers are
// rounded correctly to float64, as the C library's pow behind Perl's **
// is (nearly always), not as Go's math.Pow, which is often an ulp off.
package rouge
