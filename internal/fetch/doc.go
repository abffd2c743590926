// Package fetch gets web pages politely and safely: timeouts, size and
// redirect limits, gzip (bounded after inflation), charset detection,
// robots.txt, a delay per host, retries with backoff, refusal of private
// addresses, and a status for every request.
//
// [Client.Get] never fails without saying how: its [Result] has a Status
// of "ok", "http_NNN", "timeout", "too_large", "not_html",
// "robots_disallowed", "redirect_loop", "too_many_redirects", "dns_error",
// "refused_private_address", "connection_refused", "tls_error",
// "bad_encoding", "bad_url", "canceled" or "network_error".
//
// The package knows HTTP, not articles: cmd/parallax turns a page into an
// article with ingest.ReadHTML and hands that to ingest.Options.Fetch.
package fetch
