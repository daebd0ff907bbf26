/*
 * Fetching a feed or page over HTTP(S) with libcurl.
 *
 * http and https only (redirects too), at most 5 redirects, connect and
 * total timeouts, at most AK_FETCH_MAX bytes of (decompressed) body, and
 * conditional GET from a previous ETag / Last-Modified.  The body is raw
 * bytes: decoding is ak_decode's business, with the charset label given
 * here as its hint.
 */
#ifndef AKHBAR_FETCH_H
#define AKHBAR_FETCH_H

#include <stddef.h>

struct ak_error;

#define AK_FETCH_MAX		(32u << 20)	/* body bytes */
#define AK_FETCH_MAX_REDIRECTS	5

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
 * for network errors, timeouts, too many redirects, an HTTP status of 400
 * or more ("HTTP 404") and bodies over AK_FETCH_MAX.  On error *out holds
 * nothing to free.  Release a result with ak_fetch_result_release.
 */
int ak_fetch_url(const char *url, const char *etag,
	const char *last_modified, struct ak_fetch_result *out,
	struct ak_error *err);

/* Free what a result holds and zero it; a zeroed result is fine. */
void ak_fetch_result_release(struct ak_fetch_result *r);

#endif
