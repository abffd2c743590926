// Package summarize builds extractive multi-document summaries of a story
// with attribution: every summary sentence is a sentence of one article,
// located by its byte span, and carries the sentences of the other
// articles that state the same content.
//
// Summarize prepares the story once (dense term ids, sparse tf-idf vectors
// with the inverse document frequency taken within the story, weighted
// concepts, content filters, wire copies folded together), lets a Method
// choose sentences within a word budget, orders them for reading and
// attributes them. Coverage, the default Method, greedily maximises a
// saturating coverage of the story's recurring concepts; Lead is the
// classic baseline.
package summarize
