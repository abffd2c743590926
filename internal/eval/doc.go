// Package eval measures Parallax's summaries on evaluation sets: it runs
// the summarizers and baselines over the stories of an MDS JSONL set,
// scores every summary with ROUGE under the set's official settings
// (jackknifed over the references where the official evaluation was),
// aggregates the scores with ROUGE-1.5.5's bootstrap, sets the published
// systems' results beside ours, and reports them as a table (text,
// Markdown, JSON), per-story CSV, the summaries as JSONL and an SVG chart.
//
// Sets holds the official settings of each known set in one table;
// Systems is the registry of what can be evaluated: Parallax's own
// methods and the baselines lead-first, lead-latest, random and oracle.
package eval
