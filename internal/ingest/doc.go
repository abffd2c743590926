// Package ingest reads news articles into [news.Article] values: plain text
// files, article JSONL, MDS JSONL evaluation sets and DUC-style SGML, from
// files, directories or standard input.
//
// Every reader decodes the bytes it is given ([Decode]: UTF-8, UTF-16 or
// Windows-1252, normalized to NFC with control characters removed), and by
// default removes page chrome from each body ([StripChrome]): video prompts,
// comment boxes, photo captions, credit lines, share and subscribe prompts,
// bylines and datelines. A bad item is reported as an [*Error] naming the
// file, line and field, and never stops the items after it.
package ingest
