// Package rouge computes ROUGE exactly as the ROUGE-1.5.5 Perl script
// does, so that its figures can stand beside published tables: ROUGE-N,
// ROUGE-L (summary-level union LCS), ROUGE-W (weighted LCS), ROUGE-S and
// ROUGE-SU and ROUGE-BE, several models combined by -f A or B, -t 0, 1 and 2
// counting, and the script's bootstrap confidence intervals.
//
// What the script does, and so this package:
//   - Summaries are units (sentences) read from SEE, SPL or ISI files
//     (ParseSummary) and lower-cased, ASCII only. -l and -b cut the text
//     as its readText does (words counted by Perl's split, so a leading
//     space is a word; bytes without the joining spaces); ROUGE-L and W
//     read the units through readText_LCS, whose -b never counts, so
//     under -b they see every unit shorter than the limit whole.
//   - Every byte outside [A-Za-z0-9] separates words; -s drops stopwords
//     (smart_common_words.txt) before stemming; -m stems tokens longer
//     than three bytes by the WordNet 2.0 exception lists, else by the
//     Porter stemmer as the script has it (internal/text.Stem).
//   - N-grams and skip bigrams run across unit boundaries; ROUGE-SU
//     counts every token but the last as a unigram.
//   - Each score is rounded to five decimals as sprintf("%7.5f"), and F
//     uses the rounded recall and precision: F = PR/((1-a)P + aR).
//   - Averages and intervals come from resampling the evaluations, sorted
//     by "evalID.peerID", where resample i reseeds Perl's drand48 with
//     srand(i) (bootstrap.go).
//   - ROUGE-W powers are correctly rounded, as the C library's pow behind
//     Perl's ** is, not as Go's math.Pow, which is often an ulp off.
//
// Evaluate runs a configuration (ReadConfigFile, ReadFileList, or
// PlainConfig for summaries found by ID) and Report.WriteTo prints the
// script's output. On ROUGE-1.5.5's sample runs and NIST's DUC 2006 run
// the output is identical, byte for byte (sample_test.go, duc2006_test.go).
//
// Where the script dies (a missing file, malformed XML) Evaluate returns
// an error naming the file. Where it dies dividing by zero (ROUGE-W
// against a model without tokens; -r 0) the score is 0. Where its order
// depends on Perl's random hash order (-d lines of evaluation IDs that
// start with the same number) the order here is the IDs' string order.
// Options the script reads leniently (-f other than A or B, -l that is
// not a number) are errors here. Basic Elements (-3) are scored from
// SIMPLE files as the script's createBE reads them. Differential tests
// against the script itself, on 2,738 random cases and option sets,
// found no other difference.
package rouge
