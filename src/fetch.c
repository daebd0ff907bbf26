/*
 * HTTP(S) GET with libcurl, for feeds and pages given as URLs, one at a
 * time or many at once.
 *
 * The limits are this module's: protocols, redirects, TLS verification,
 * time, size, connections.  What the bytes are is decode's and the
 * parsers' business; when to fetch (and storing the validators) is the
 * importer's.
 *
 * Everything goes through curl's multi interface, one request or many:
 * ak_fetch_url is ak_fetch_many of one, so the two cannot drift apart.
 * ak_fetch_many schedules the requests itself rather than handing them
 * all to curl with CURLMOPT_MAX_HOST_CONNECTIONS: a request curl keeps
 * pending is not yet running but its time is, and a long queue to one
 * host would time out before it is sent.  Hosts are taken in turn (a
 * queue of hosts with room and requests left), so the scheduling is
 * linear in the number of requests.
 *
 * libcurl is loaded on the first fetch (dl.h), not linked: with its TLS,
 * HTTP/2, LDAP, SSH and Kerberos libraries it is some thirty shared
 * objects whose loading cost every start of akhbar (the reader's first
 * screen most of all) as much as everything else together.
 */
#include "config.h"

#include "akhbar/fetch.h"

#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include <curl/curl.h>

#include "akhbar/buf.h"
#include "akhbar/dl.h"
#include "akhbar/error.h"

#define LOW_SPEED	16L	/* bytes/s ... */
#define LOW_SPEED_TIME	30L	/* ... for this long aborts */
#define MAX_HEADER	1024	/* longest validator kept */
#define POLL_MS		100	/* how often opts->cancel is looked at */
#define BLOCKED_MS	20	/* ... and a host other fetches held */

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* The libcurl functions used here, from the library loaded at run time. */
static struct curl_api {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	CURLHcode (*easy_header)(CURL *, const char *, size_t, unsigned int,
		int, struct curl_header **);
	const char *(*easy_strerror)(CURLcode);
	void (*easy_cleanup)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
	CURLM *(*multi_init)(void);
	CURLMcode (*multi_setopt)(CURLM *, CURLMoption, ...);
	CURLMcode (*multi_add_handle)(CURLM *, CURL *);
	CURLMcode (*multi_remove_handle)(CURLM *, CURL *);
	CURLMcode (*multi_perform)(CURLM *, int *);
	CURLMcode (*multi_poll)(CURLM *, struct curl_waitfd *, unsigned int,
		int, int *);
	CURLMsg *(*multi_info_read)(CURLM *, int *);
	const char *(*multi_strerror)(CURLMcode);
	CURLMcode (*multi_cleanup)(CURLM *);
} curl;

#define SYM(name) { "curl_" #name, offsetof(struct curl_api, name) }
static const struct ak_dl_sym curl_syms[] = {
	SYM(easy_init), SYM(easy_setopt), SYM(easy_getinfo),
	SYM(easy_header), SYM(easy_strerror), SYM(easy_cleanup),
	SYM(slist_append), SYM(slist_free_all),
	SYM(multi_init), SYM(multi_setopt), SYM(multi_add_handle),
	SYM(multi_remove_handle), SYM(multi_perform), SYM(multi_poll),
	SYM(multi_info_read), SYM(multi_strerror), SYM(multi_cleanup),
	{ NULL, 0 }
};
#undef SYM

static struct ak_dl curl_lib = {
	AK_CURL_SONAME, "libcurl4", curl_syms, &curl, 0, ""
};

struct sink {
	struct ak_buf body;
	int too_big;
};

static size_t
write_body(char *p, size_t size, size_t n, void *ctx)
{
	struct sink *s = ctx;
	size_t len = size * n;

	if (len > AK_FETCH_MAX - s->body.len) {
		s->too_big = 1;
		return 0;	/* aborts the transfer */
	}
	ak_buf_add(&s->body, p, len);
	return len;
}

/*
 * A header value safe to store and to send back: printable ASCII only
 * (no CR/LF to inject headers with), trimmed, bounded.  NULL if empty.
 */
static char *
header_value(const char *s)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i;

	if (!s)
		return NULL;
	for (i = 0; s[i] && b.len < MAX_HEADER; i++)
		if (s[i] >= 0x20 && s[i] < 0x7F)
			ak_buf_addch(&b, s[i]);
	while (b.len && b.data[b.len - 1] == ' ')
		b.data[--b.len] = '\0';
	for (i = 0; i < b.len && b.data[i] == ' '; i++)
		;
	if (i == b.len) {
		ak_buf_release(&b);
		return NULL;
	}
	if (i) {
		memmove(b.data, b.data + i, b.len - i + 1);
		b.len -= i;
	}
	return ak_buf_detach(&b, NULL);
}

static char *
response_header(CURL *h, const char *name)
{
	struct curl_header *hdr = NULL;

	if (curl.easy_header(h, name, 0, CURLH_HEADER, -1, &hdr) != CURLHE_OK ||
	    !hdr)
		return NULL;
	return header_value(hdr->value);
}

static int
token_char(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	    (c >= '0' && c <= '9') || c == '-' || c == '_' || c == '.' ||
	    c == ':' || c == '+';
}

/* "text/xml; charset="windows-1256"" -> "text/xml", "windows-1256". */
static void
split_content_type(const char *ct, char **type, char **charset)
{
	const char *p, *q;
	size_t i, n;

	*type = *charset = NULL;
	if (!ct)
		return;
	while (*ct == ' ' || *ct == '\t')
		ct++;
	for (n = 0; ct[n] && ct[n] != ';' && ct[n] != ' '; n++)
		;
	if (n) {
		*type = ak_xstrndup(ct, n);
		for (i = 0; i < n; i++)
			if ((*type)[i] >= 'A' && (*type)[i] <= 'Z')
				(*type)[i] = (char)((*type)[i] - 'A' + 'a');
	}
	for (p = strchr(ct, ';'); p; p = strchr(p + 1, ';')) {
		p++;
		while (*p == ' ' || *p == '\t')
			p++;
		if (strncasecmp(p, "charset", 7))
			continue;
		p += 7;
		while (*p == ' ')
			p++;
		if (*p++ != '=')
			continue;
		while (*p == ' ')
			p++;
		if (*p == '"' || *p == '\'')
			p++;
		for (q = p; token_char(*q) && q - p < 40; q++)
			;
		if (q > p)
			*charset = ak_xstrndup(p, (size_t)(q - p));
		return;
	}
}

static int
http_url(const char *url)
{
	return url && (!strncasecmp(url, "http://", 7) ||
	    !strncasecmp(url, "https://", 8));
}

void
ak_fetch_result_release(struct ak_fetch_result *r)
{
	if (!r)
		return;
	free(r->body);
	free(r->content_type);
	free(r->charset);
	free(r->final_url);
	free(r->etag);
	free(r->last_modified);
	memset(r, 0, sizeof(*r));
}

/* One request in flight. */
struct xfer {
	CURL *h;			/* NULL: the slot is free */
	size_t req;			/* index in reqs */
	size_t host;			/* index in hosts */
	struct sink sink;
	struct curl_slist *hdrs;
	char errbuf[CURL_ERROR_SIZE];
};

/* The requests to one host:port, consecutive in order[]. */
struct host {
	char *key;			/* "host:port" */
	size_t next, end;		/* what is left: order[next..end) */
	int active;			/* in flight */
	int queued;			/* in the ready queue */
};

struct many {
	const struct ak_fetch_req *reqs;
	const struct ak_fetch_opts *o;
	CURLM *m;
	struct xfer *xfers;		/* connections slots */
	int nactive;
	size_t *order;			/* request indexes grouped by host */
	struct host *hosts;
	size_t nhosts;
	size_t *ready;			/* ring of hosts with room and work */
	size_t rhead, rlen;
	int blocked;			/* a host was held by other fetches */
	int per_host, connections;
	long timeout_ms, connect_timeout_ms;
};

/*
 * "host:port" of an http(s) URL, lower case, for the per-host limit;
 * the userinfo is left out and the port is made explicit.
 */
static char *
host_key(const char *url)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *p = strstr(url, "://"), *end, *at, *colon = NULL;
	const char *q;
	int https = !strncasecmp(url, "https", 5);

	p = p ? p + 3 : url;
	end = p + strcspn(p, "/?#");
	at = memchr(p, '@', (size_t)(end - p));
	while (at) {
		p = at + 1;
		at = memchr(p, '@', (size_t)(end - p));
	}
	/* the port's colon comes after an IPv6 literal's brackets */
	q = *p == '[' ? memchr(p, ']', (size_t)(end - p)) : p;
	if (q)
		colon = memchr(q, ':', (size_t)(end - q));
	for (q = p; q < (colon ? colon : end); q++)
		ak_buf_addch(&b, (char)(*q >= 'A' && *q <= 'Z' ?
		    *q - 'A' + 'a' : *q));
	if (colon && colon + 1 < end)
		ak_buf_add(&b, colon, (size_t)(end - colon));
	else
		ak_buf_addstr(&b, https ? ":443" : ":80");
	return ak_buf_detach(&b, NULL);
}

struct keyed {
	char *key;
	size_t req;
};

static int
cmp_keyed(const void *a, const void *b)
{
	const struct keyed *x = a, *y = b;
	int c = strcmp(x->key, y->key);

	if (c)
		return c;
	return x->req < y->req ? -1 : x->req > y->req;
}

static void
ready_push(struct many *mm, size_t host)
{
	mm->ready[(mm->rhead + mm->rlen) % mm->nhosts] = host;
	mm->rlen++;
	mm->hosts[host].queued = 1;
}

static size_t
ready_pop(struct many *mm)
{
	size_t host = mm->ready[mm->rhead];

	mm->rhead = (mm->rhead + 1) % mm->nhosts;
	mm->rlen--;
	mm->hosts[host].queued = 0;
	return host;
}

/*
 * Transfers in flight to each host in the whole process.  ak_fetch_many
 * runs in several threads at once (update fetches the feeds while the
 * importer's parsing threads fetch the pages of full-text feeds, one
 * feed a thread), and a site is owed the per-host limit from all of
 * them together: two feeds of one paper read at once had four of its
 * pages in flight.  A short list: only hosts with a transfer in flight.
 */
static pthread_mutex_t busy_mu = PTHREAD_MUTEX_INITIALIZER;
static struct busy {
	char *key;
	int n;
} *busy;
static size_t nbusy, capbusy;

/* One more transfer to key, unless limit are in flight already. */
static int
busy_take(const char *key, int limit)
{
	size_t i;
	int ok = 1;

	pthread_mutex_lock(&busy_mu);
	for (i = 0; i < nbusy && strcmp(busy[i].key, key) != 0; i++)
		;
	if (i == nbusy) {
		if (nbusy == capbusy) {
			capbusy = capbusy ? capbusy * 2 : 16;
			busy = ak_xreallocarray(busy, capbusy, sizeof(*busy));
		}
		busy[nbusy].key = ak_xstrdup(key);
		busy[nbusy++].n = 0;
	}
	if (busy[i].n >= limit)
		ok = 0;
	else
		busy[i].n++;
	pthread_mutex_unlock(&busy_mu);
	return ok;
}

static void
busy_give(const char *key)
{
	size_t i;

	pthread_mutex_lock(&busy_mu);
	for (i = 0; i < nbusy && strcmp(busy[i].key, key) != 0; i++)
		;
	if (i < nbusy && --busy[i].n <= 0) {
		free(busy[i].key);
		busy[i] = busy[--nbusy];
	}
	pthread_mutex_unlock(&busy_mu);
}

/* Queue the host again if it has room and requests left. */
static void
host_ready(struct many *mm, size_t host)
{
	struct host *h = &mm->hosts[host];

	if (!h->queued && h->next < h->end && h->active < mm->per_host)
		ready_push(mm, host);
}

/*
 * Group the http(s) requests by host (sorting: n log n); report the
 * others at once.  Returns 0, or non-zero when a callback cancelled.
 */
static int
plan(struct many *mm, size_t n, ak_fetch_done_fn done, void *ctx)
{
	struct keyed *k = ak_xcalloc(n ? n : 1, sizeof(*k));
	struct ak_fetch_result res;
	struct ak_error err;
	size_t i, nk = 0;
	int stop = 0;

	for (i = 0; i < n && !stop; i++) {
		if (http_url(mm->reqs[i].url)) {
			k[nk].key = host_key(mm->reqs[i].url);
			k[nk++].req = i;
			continue;
		}
		memset(&res, 0, sizeof(res));
		err.code = 0;
		err.msg[0] = '\0';
		ak_error_set(&err, AK_EINVAL,
		    "only http and https URLs can be fetched");
		stop = done(ctx, &mm->reqs[i], AK_EINVAL, &res, &err);
	}
	qsort(k, nk, sizeof(*k), cmp_keyed);
	mm->order = ak_xcalloc(nk ? nk : 1, sizeof(*mm->order));
	mm->hosts = ak_xcalloc(nk ? nk : 1, sizeof(*mm->hosts));
	mm->ready = ak_xcalloc(nk ? nk : 1, sizeof(*mm->ready));
	for (i = 0; i < nk; i++) {
		if (i == 0 || strcmp(k[i].key,
		    mm->hosts[mm->nhosts - 1].key) != 0) {
			mm->hosts[mm->nhosts].next = i;
			mm->hosts[mm->nhosts].key = k[i].key;
			k[i].key = NULL;
			mm->nhosts++;
		}
		mm->order[i] = k[i].req;
		mm->hosts[mm->nhosts - 1].end = i + 1;
	}
	for (i = 0; i < nk; i++)
		free(k[i].key);
	free(k);
	for (i = 0; i < mm->nhosts; i++)
		ready_push(mm, i);
	return stop;
}

/* Set up the transfer of request req in slot x. */
static int
start(struct many *mm, struct xfer *x, size_t req, size_t host)
{
	const struct ak_fetch_req *r = &mm->reqs[req];
	struct ak_buf line = AK_BUF_INIT;
	char *v;
	CURL *h;

	h = curl.easy_init();
	if (!h)
		return -1;
	memset(x, 0, sizeof(*x));
	x->h = h;
	x->req = req;
	x->host = host;
	v = header_value(r->etag);
	if (v) {
		ak_buf_addf(&line, "If-None-Match: %s", v);
		x->hdrs = curl.slist_append(x->hdrs, ak_buf_str(&line));
		free(v);
	}
	v = header_value(r->last_modified);
	if (v) {
		ak_buf_reset(&line);
		ak_buf_addf(&line, "If-Modified-Since: %s", v);
		x->hdrs = curl.slist_append(x->hdrs, ak_buf_str(&line));
		free(v);
	}
	ak_buf_release(&line);
	x->hdrs = curl.slist_append(x->hdrs, "Accept: application/rss+xml, "
	    "application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
	    "text/html;q=0.8, text/plain;q=0.7, */*;q=0.5");

	curl.easy_setopt(h, CURLOPT_URL, r->url);
	curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl.easy_setopt(h, CURLOPT_MAXREDIRS, (long)AK_FETCH_MAX_REDIRECTS);
	/* libcurl's defaults, said here so that no build can lose them */
	curl.easy_setopt(h, CURLOPT_SSL_VERIFYPEER, 1L);
	curl.easy_setopt(h, CURLOPT_SSL_VERIFYHOST, 2L);
	curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT_MS, mm->connect_timeout_ms);
	curl.easy_setopt(h, CURLOPT_TIMEOUT_MS, mm->timeout_ms);
	curl.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED);
	curl.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_TIME);
	curl.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)AK_FETCH_MAX);
	curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl.easy_setopt(h, CURLOPT_USERAGENT, "akhbar/" PACKAGE_VERSION);
	curl.easy_setopt(h, CURLOPT_HTTPHEADER, x->hdrs);
	curl.easy_setopt(h, CURLOPT_ERRORBUFFER, x->errbuf);
	curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
	curl.easy_setopt(h, CURLOPT_WRITEDATA, &x->sink);
	if (curl.multi_add_handle(mm->m, h) != CURLM_OK) {
		curl.slist_free_all(x->hdrs);
		curl.easy_cleanup(h);
		memset(x, 0, sizeof(*x));
		return -1;
	}
	return 0;
}

static void
xfer_free(struct many *mm, struct xfer *x)
{
	if (!x->h)
		return;
	busy_give(mm->hosts[x->host].key);
	curl.multi_remove_handle(mm->m, x->h);
	curl.easy_cleanup(x->h);
	curl.slist_free_all(x->hdrs);
	ak_buf_release(&x->sink.body);
	memset(x, 0, sizeof(*x));
}

/* What a finished transfer gives: ak_fetch_url's answer. */
static int
finish(struct xfer *x, const struct ak_fetch_req *r, CURLcode cc,
	struct ak_fetch_result *out, struct ak_error *err)
{
	const char *ct = NULL, *eff = NULL;
	char *v;
	int rc = AK_OK;

	memset(out, 0, sizeof(*out));
	if (x->sink.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
		rc = ak_error_set(err, AK_ENET,
		    "response larger than %u MiB", AK_FETCH_MAX >> 20);
		goto out;
	}
	if (cc == CURLE_TOO_MANY_REDIRECTS) {
		rc = ak_error_set(err, AK_ENET,
		    "too many redirects (more than %d)",
		    AK_FETCH_MAX_REDIRECTS);
		goto out;
	}
	if (cc == CURLE_UNSUPPORTED_PROTOCOL) {
		rc = ak_error_set(err, AK_ENET, "cannot fetch: redirected to "
		    "a URL that is not http or https");
		goto out;
	}
	if (cc != CURLE_OK) {
		v = header_value(*x->errbuf ? x->errbuf :
		    curl.easy_strerror(cc));
		rc = ak_error_set(err, AK_ENET, "cannot fetch: %s",
		    v ? v : "network error");
		free(v);
		goto out;
	}
	curl.easy_getinfo(x->h, CURLINFO_RESPONSE_CODE, &out->status);
	if (out->status >= 400) {
		rc = ak_error_set(err, AK_ENET, "HTTP %ld", out->status);
		goto out;
	}
	curl.easy_getinfo(x->h, CURLINFO_CONTENT_TYPE, &ct);
	split_content_type(ct, &out->content_type, &out->charset);
	curl.easy_getinfo(x->h, CURLINFO_EFFECTIVE_URL, &eff);
	out->final_url = header_value(eff ? eff : r->url);
	out->etag = response_header(x->h, "ETag");
	out->last_modified = response_header(x->h, "Last-Modified");
	if (out->status == 304) {
		out->not_modified = 1;
		ak_buf_reset(&x->sink.body);
		if (!out->etag)
			out->etag = header_value(r->etag);
		if (!out->last_modified)
			out->last_modified = header_value(r->last_modified);
	}
	out->body = ak_buf_detach(&x->sink.body, &out->len);
out:
	if (rc != AK_OK)
		ak_fetch_result_release(out);
	return rc;
}

/*
 * Start requests while there are free slots and hosts with room, here
 * and in the process (busy_take): a host that other fetches hold goes
 * to the back of the queue (mm->blocked says some did).
 */
static int
fill(struct many *mm, struct ak_error *err)
{
	struct host *h;
	size_t host, blocked = 0;
	int i;

	mm->blocked = 0;
	while (mm->nactive < mm->connections && mm->rlen &&
	    blocked < mm->rlen) {
		host = ready_pop(mm);
		h = &mm->hosts[host];
		if (!busy_take(h->key, mm->per_host)) {
			ready_push(mm, host);
			blocked++;
			mm->blocked = 1;
			continue;
		}
		blocked = 0;
		for (i = 0; mm->xfers[i].h; i++)
			;
		if (start(mm, &mm->xfers[i], mm->order[h->next], host) != 0) {
			busy_give(h->key);
			return ak_error_set(err, AK_ENET,
			    "cannot start a transfer with libcurl");
		}
		h->next++;
		h->active++;
		mm->nactive++;
		host_ready(mm, host);
	}
	return AK_OK;
}

static int
cancelled(const struct many *mm)
{
	return mm->o && mm->o->cancel && *mm->o->cancel;
}

int
ak_fetch_many(const struct ak_fetch_req *reqs, size_t n,
	const struct ak_fetch_opts *opts, ak_fetch_done_fn done, void *ctx,
	struct ak_error *err)
{
	struct many mm;
	struct ak_fetch_result res;
	struct ak_error e;
	struct xfer *x;
	CURLMsg *msg;
	CURLMcode mc;
	CURLcode cc;
	CURL *easy;
	size_t req;
	int rc, running, left, i, completed, stop = 0;

	rc = ak_dl_load(&curl_lib, err);
	if (rc != AK_OK)
		return rc;
	memset(&mm, 0, sizeof(mm));
	mm.reqs = reqs;
	mm.o = opts;
	mm.connections = opts && opts->connections > 0 ? opts->connections :
	    AK_FETCH_CONNECTIONS;
	mm.per_host = opts && opts->per_host > 0 ? opts->per_host :
	    AK_FETCH_PER_HOST;
	mm.timeout_ms = opts && opts->timeout_ms > 0 ? opts->timeout_ms :
	    AK_FETCH_TIMEOUT_MS;
	mm.connect_timeout_ms = opts && opts->connect_timeout_ms > 0 ?
	    opts->connect_timeout_ms : AK_FETCH_CONNECT_TIMEOUT_MS;
	mm.m = curl.multi_init();
	if (!mm.m)
		return ak_error_set(err, AK_ENET, "cannot start libcurl");
	/* curl's own limits too, for where redirects lead */
	curl.multi_setopt(mm.m, CURLMOPT_MAX_TOTAL_CONNECTIONS,
	    (long)mm.connections);
	mm.xfers = ak_xcalloc((size_t)mm.connections, sizeof(*mm.xfers));
	stop = plan(&mm, n, done, ctx);

	while (!stop) {
		if (cancelled(&mm)) {
			stop = 1;
			break;
		}
		rc = fill(&mm, err);
		if (rc != AK_OK || (mm.nactive == 0 && mm.rlen == 0))
			break;
		if (mm.nactive == 0) {
			/* every host left is held by other fetches */
			struct timespec ts = { 0, BLOCKED_MS * 1000000L };

			nanosleep(&ts, NULL);
			continue;
		}
		mc = curl.multi_perform(mm.m, &running);
		if (mc != CURLM_OK) {
			rc = ak_error_set(err, AK_ENET, "libcurl: %s",
			    curl.multi_strerror(mc));
			break;
		}
		completed = 0;
		while (!stop && (msg = curl.multi_info_read(mm.m, &left))) {
			if (msg->msg != CURLMSG_DONE)
				continue;
			/* msg dies with the handle's removal: copy first */
			easy = msg->easy_handle;
			cc = msg->data.result;
			for (i = 0; mm.xfers[i].h != easy; i++)
				;
			x = &mm.xfers[i];
			memset(&e, 0, sizeof(e));
			rc = finish(x, &reqs[x->req], cc, &res, &e);
			mm.hosts[x->host].active--;
			host_ready(&mm, x->host);
			mm.nactive--;
			completed++;
			req = x->req;
			xfer_free(&mm, x);
			stop = done(ctx, &reqs[req], rc, &res, &e) != 0 ||
			    cancelled(&mm);
		}
		rc = AK_OK;
		/* a freed slot is filled at once; else wait for the network */
		if (!stop && !completed)
			curl.multi_poll(mm.m, NULL, 0, mm.blocked ? BLOCKED_MS :
			    opts && opts->cancel ? POLL_MS : 1000, NULL);
	}
	if (stop)
		rc = ak_error_set(err, AK_ECANCELED, "cancelled");
	for (i = 0; i < mm.connections; i++)
		xfer_free(&mm, &mm.xfers[i]);
	curl.multi_cleanup(mm.m);
	free(mm.xfers);
	free(mm.order);
	for (i = 0; (size_t)i < mm.nhosts; i++)
		free(mm.hosts[i].key);
	free(mm.hosts);
	free(mm.ready);
	return rc;
}

/* ak_fetch_url's callback: keep the one answer. */
struct one {
	int rc;
	struct ak_fetch_result *out;
	struct ak_error *err;
};

static int
keep_one(void *ctx, const struct ak_fetch_req *req, int rc,
	struct ak_fetch_result *res, const struct ak_error *err)
{
	struct one *o = ctx;

	(void)req;
	o->rc = rc;
	*o->out = *res;
	if (rc != AK_OK && o->err)
		*o->err = *err;
	return 0;
}

int
ak_fetch_url(const char *url, const char *etag, const char *last_modified,
	struct ak_fetch_result *out, struct ak_error *err)
{
	struct ak_fetch_req req = { url, etag, last_modified, NULL };
	struct one o = { AK_OK, out, err };
	int rc;

	memset(out, 0, sizeof(*out));
	rc = ak_fetch_many(&req, 1, NULL, keep_one, &o, err);
	return rc != AK_OK ? rc : o.rc;
}
