// Package cluster groups a stream of articles into stories: the reports
// of one event, across outlets and over days.
//
// A [Clusterer] takes articles one at a time (in date order when dates are
// known). Each article becomes a sparse vector of two parts, each of unit
// length:
//
//   - general features: the stemmed content words of its headline (counted
//     twice) and body, which say what kind of event it reports;
//   - specific features: the names (words capitalized inside a sentence)
//     and figures of two or more digits, which say which event of that
//     kind: two earthquakes share "magnitude" and "rescuers", not the town
//     or the toll.
//
// Weights are sublinear term frequency times inverse document frequency,
// learned from the stream (a batch counts the whole batch first). The
// similarity of an article to a story is the mix of the two cosines with
// its centroid (SpecificWeight, 0.5), less a penalty when the story already
// has an article from the same outlet; the article joins the most similar
// story at or above Threshold (0.3), or starts a new one. Exact copies of
// an article's text join its story at once and are marked. The threshold
// is high so that the first report of a second event of a kind starts a
// story of its own; the reports of an event worded apart that it leaves
// alone are gathered when the stream settles: a story of at most three
// articles joins the story twice its size or more that it resembles at
// 0.2 or more.
//
// Candidate stories come from an inverted index of each story's heaviest
// centroid features, looked up with the article's heaviest features, so
// the cost per article depends on the stories that share its rarest
// words, not on how many stories there are. Stories quiet for longer than
// Window (by the stream's dates) are forgotten, with their index entries
// and the features nobody uses any more: memory is bounded by the window,
// not by the stream. Undated streams are bounded by MaxStories instead.
//
// Results depend only on the articles, their order and the options: there
// is no randomness and no map-order leak.
//
// Defaults were set once for all topics on ECB+ (see the README for the
// scores); they are not tuned per topic.
package cluster
