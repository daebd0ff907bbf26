/*
 * Fetching feeds and pages over HTTP(S) with libcurl: one URL
 * (ak_fetch_url) or many at once (ak_fetch_many).
 *
 * The same limits for both: http and https only, for the first request
 * and every redirect (no file://, ftp:// or any other scheme); at most
 * AK_FETCH_MAX_REDIRECTS redirects; TLS certificates and host names
 * verified; a connect timeout, a timeout for the whole request and an
 * abort when less than 16 bytes/s arrive for 30 s; at most AK_FETCH_MAX
 * bytes of (decompressed) body.  Conditional GET from a previous ETag /
 * Last-Modified.  The body is raw bytes: decoding is ak_decode's
 * business, with the charset label given here as its hint.
 */
#ifndef AKHBAR_FETCH_H
#define AKHBAR_FETCH_H

#include <signal.h>
#include <stddef.h>

struct ak_error;

#define AK_FETCH_MAX		(32u << 20)	/* body bytes */
#define AK_FETCH_MAX_REDIRECTS	5
#define AK_FETCH_CONNECT_TIMEOUT_MS	20000L
#define AK_FETCH_TIMEOUT_MS	120000L		/* the whole request */
#define AK_FETCH_CONNECTIONS	6	/* ak_fetch_many: in all */
#define AK_FETCH_PER_HOST	2	/* ak_fetch_many: to one host:port */

struct ak_fetch_result {
	long status;		/* HTTP status of the last response */
	int not_modified;	/* 304: no body; etag/last_modified kept */
	char *body;		/* raw bytes, NUL-terminated, never NULL */
	size_t len;
	char *content_type;	/* "application/rss+xml" (lower case, no
				   parameters), or NULL */
	char *charset;		/* charset label from Content-Type, or NULL */
	char *final_url;	/* after redirects */
	char *etag;		/* to send next time, or NULL */
	char *last_modified;	/* to send next time, or NULL */
};

/*
 * GET url.  etag and last_modified (may be NULL) are what an earlier
 * fetch returned: they are sent as If-None-Match / If-Modified-Since, and
 * a 304 answer gives AK_OK with not_modified set, an empty body and the
 * validators that were sent (or new ones if the server sent them).
 * Header values returned are printable ASCII only, safe to store and send
 * back.  Returns AK_OK; AK_EINVAL for a URL that is not http(s); AK_ENET
 * for network errors, timeouts, a redirect to another scheme, too many
 * redirects, TLS verification failures, an HTTP status of 400 or more
 * ("HTTP 404") and bodies over AK_FETCH_MAX; AK_EIO when libcurl cannot
 * be loaded.  On error *out holds nothing to free.  Release a result
 * with ak_fetch_result_release.
 */
int ak_fetch_url(const char *url, const char *etag,
	const char *last_modified, struct ak_fetch_result *out,
	struct ak_error *err);

/* Free what a result holds and zero it; a zeroed result is fine. */
void ak_fetch_result_release(struct ak_fetch_result *r);

/* One request of ak_fetch_many. */
struct ak_fetch_req {
	const char *url;
	const char *etag;		/* from the last fetch, or NULL */
	const char *last_modified;	/* from the last fetch, or NULL */
	void *user;			/* the caller's, handed back */
};

/*
 * Called by ak_fetch_many as each request completes, in the thread that
 * called ak_fetch_many.  rc and err are what ak_fetch_url would have
 * returned for it (err->msg one line, naming no URL: the caller knows
 * which req it is).  *res belongs to the callback from then on: release
 * it with ak_fetch_result_release (on error it holds nothing, and
 * releasing it is harmless).  Return 0 to go on, anything else to
 * cancel the requests not yet reported.  The other transfers wait while
 * it runs, and their time runs: a callback that takes seconds (storing
 * a large feed) should be the exception.
 */
typedef int (*ak_fetch_done_fn)(void *ctx, const struct ak_fetch_req *req,
	int rc, struct ak_fetch_result *res, const struct ak_error *err);

struct ak_fetch_opts {
	int connections;	/* at most this many at once; 0: default */
	int per_host;		/* at most this many to one host:port; 0:
				   default */
	long timeout_ms;	/* a whole request; 0: AK_FETCH_TIMEOUT_MS */
	long connect_timeout_ms;	/* 0: AK_FETCH_CONNECT_TIMEOUT_MS */
	/*
	 * May be NULL.  Looked at every 100 ms and after each request:
	 * non-zero cancels, as a callback's non-zero return does.  A
	 * signal handler may set it.
	 */
	const volatile sig_atomic_t *cancel;
};

/*
 * Fetch the n requests of reqs with curl's multi interface: at most
 * opts->connections (AK_FETCH_CONNECTIONS) at once in all and at most
 * opts->per_host (AK_FETCH_PER_HOST) to one host and port, counting the
 * transfers of every ak_fetch_many running in the process (other
 * threads), taking hosts in turn so that a feed's many pages do not hold
 * back other hosts,
 * with the limits of ak_fetch_url (the per-host limit counts the first
 * request's host, not where redirects lead).  done is called once per
 * request as it completes (a URL that is not http(s) is reported at
 * once), in no particular order.  opts may be NULL (the defaults); the
 * strings of reqs must stay valid until ak_fetch_many returns.
 *
 * Returns AK_OK when every request was reported, whatever its outcome;
 * AK_ECANCELED when the callback or opts->cancel stopped it (requests
 * not reported by then never are; those in flight are dropped); AK_EIO
 * when libcurl cannot be loaded (before any request is reported);
 * AK_ENET when libcurl fails as such (it cannot start, or runs out of
 * memory), after which the requests not reported never are.  Time and
 * memory: linear in n (plus the bodies in flight, AK_FETCH_MAX each at
 * most).
 */
int ak_fetch_many(const struct ak_fetch_req *reqs, size_t n,
	const struct ak_fetch_opts *opts, ak_fetch_done_fn done, void *ctx,
	struct ak_error *err);

#endif
