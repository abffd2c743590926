// Package fetch gets web pages and feeds politely and safely: timeouts,
// size and redirect limits, robots.txt, a delay per host, retries with
// backoff, charset detection, and a status for every request.
package fetch
