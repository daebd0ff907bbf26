/*
 * HTTP(S) GET with libcurl, for feeds and pages given as URLs.
 *
 * The limits are this module's: protocols, redirects, time, size.  What
 * the bytes are is decode's and the parsers' business; when to fetch
 * (and storing the validators) is the importer's.
 *
 * libcurl is loaded on the first fetch (dl.h), not linked: with its TLS,
 * HTTP/2, LDAP, SSH and Kerberos libraries it is some thirty shared
 * objects whose loading cost every start of akhbar (the reader's first
 * screen most of all) as much as everything else together.
 */
#include "config.h"

#include "akhbar/fetch.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <curl/curl.h>

#include "akhbar/buf.h"
#include "akhbar/dl.h"
#include "akhbar/error.h"

#define CONNECT_TIMEOUT	20L	/* seconds */
#define TOTAL_TIMEOUT	120L
#define LOW_SPEED	16L	/* bytes/s ... */
#define LOW_SPEED_TIME	30L	/* ... for this long aborts */
#define MAX_HEADER	1024	/* longest validator kept */

#ifndef PACKAGE_VERSION
#define PACKAGE_VERSION "0"
#endif

/* The libcurl functions used here, from the library loaded at run time. */
static struct curl_api {
	CURL *(*easy_init)(void);
	CURLcode (*easy_setopt)(CURL *, CURLoption, ...);
	CURLcode (*easy_perform)(CURL *);
	CURLcode (*easy_getinfo)(CURL *, CURLINFO, ...);
	CURLHcode (*easy_header)(CURL *, const char *, size_t, unsigned int,
		int, struct curl_header **);
	const char *(*easy_strerror)(CURLcode);
	void (*easy_cleanup)(CURL *);
	struct curl_slist *(*slist_append)(struct curl_slist *, const char *);
	void (*slist_free_all)(struct curl_slist *);
} curl;

#define SYM(name) { "curl_" #name, offsetof(struct curl_api, name) }
static const struct ak_dl_sym curl_syms[] = {
	SYM(easy_init), SYM(easy_setopt), SYM(easy_perform),
	SYM(easy_getinfo), SYM(easy_header), SYM(easy_strerror),
	SYM(easy_cleanup), SYM(slist_append), SYM(slist_free_all),
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

int
ak_fetch_url(const char *url, const char *etag, const char *last_modified,
	struct ak_fetch_result *out, struct ak_error *err)
{
	struct sink s = { AK_BUF_INIT, 0 };
	struct curl_slist *hdrs = NULL;
	char errbuf[CURL_ERROR_SIZE] = "", *v;
	const char *ct = NULL, *eff = NULL;
	struct ak_buf line = AK_BUF_INIT;
	CURL *h = NULL;
	CURLcode cc;
	int rc = AK_OK;

	memset(out, 0, sizeof(*out));
	if (!http_url(url))
		return ak_error_set(err, AK_EINVAL,
		    "only http and https URLs can be fetched");
	rc = ak_dl_load(&curl_lib, err);
	if (rc != AK_OK)
		return rc;
	h = curl.easy_init();
	if (!h)
		return ak_error_set(err, AK_ENET, "cannot start libcurl");

	v = header_value(etag);
	if (v) {
		ak_buf_addf(&line, "If-None-Match: %s", v);
		hdrs = curl.slist_append(hdrs, ak_buf_str(&line));
		free(v);
	}
	v = header_value(last_modified);
	if (v) {
		ak_buf_reset(&line);
		ak_buf_addf(&line, "If-Modified-Since: %s", v);
		hdrs = curl.slist_append(hdrs, ak_buf_str(&line));
		free(v);
	}
	hdrs = curl.slist_append(hdrs, "Accept: application/rss+xml, "
	    "application/atom+xml, application/xml;q=0.9, text/xml;q=0.9, "
	    "text/html;q=0.8, text/plain;q=0.7, */*;q=0.5");

	curl.easy_setopt(h, CURLOPT_URL, url);
	curl.easy_setopt(h, CURLOPT_PROTOCOLS_STR, "http,https");
	curl.easy_setopt(h, CURLOPT_REDIR_PROTOCOLS_STR, "http,https");
	curl.easy_setopt(h, CURLOPT_FOLLOWLOCATION, 1L);
	curl.easy_setopt(h, CURLOPT_MAXREDIRS, (long)AK_FETCH_MAX_REDIRECTS);
	curl.easy_setopt(h, CURLOPT_CONNECTTIMEOUT, CONNECT_TIMEOUT);
	curl.easy_setopt(h, CURLOPT_TIMEOUT, TOTAL_TIMEOUT);
	curl.easy_setopt(h, CURLOPT_LOW_SPEED_LIMIT, LOW_SPEED);
	curl.easy_setopt(h, CURLOPT_LOW_SPEED_TIME, LOW_SPEED_TIME);
	curl.easy_setopt(h, CURLOPT_MAXFILESIZE_LARGE,
	    (curl_off_t)AK_FETCH_MAX);
	curl.easy_setopt(h, CURLOPT_NOSIGNAL, 1L);
	curl.easy_setopt(h, CURLOPT_ACCEPT_ENCODING, "");
	curl.easy_setopt(h, CURLOPT_USERAGENT, "akhbar/" PACKAGE_VERSION);
	curl.easy_setopt(h, CURLOPT_HTTPHEADER, hdrs);
	curl.easy_setopt(h, CURLOPT_ERRORBUFFER, errbuf);
	curl.easy_setopt(h, CURLOPT_WRITEFUNCTION, write_body);
	curl.easy_setopt(h, CURLOPT_WRITEDATA, &s);

	cc = curl.easy_perform(h);
	if (s.too_big || cc == CURLE_FILESIZE_EXCEEDED) {
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
	if (cc != CURLE_OK) {
		v = header_value(*errbuf ? errbuf : curl.easy_strerror(cc));
		rc = ak_error_set(err, AK_ENET, "cannot fetch: %s",
		    v ? v : "network error");
		free(v);
		goto out;
	}
	curl.easy_getinfo(h, CURLINFO_RESPONSE_CODE, &out->status);
	if (out->status >= 400) {
		rc = ak_error_set(err, AK_ENET, "HTTP %ld", out->status);
		goto out;
	}
	curl.easy_getinfo(h, CURLINFO_CONTENT_TYPE, &ct);
	split_content_type(ct, &out->content_type, &out->charset);
	curl.easy_getinfo(h, CURLINFO_EFFECTIVE_URL, &eff);
	out->final_url = header_value(eff ? eff : url);
	out->etag = response_header(h, "ETag");
	out->last_modified = response_header(h, "Last-Modified");
	if (out->status == 304) {
		out->not_modified = 1;
		ak_buf_reset(&s.body);
		if (!out->etag)
			out->etag = header_value(etag);
		if (!out->last_modified)
			out->last_modified = header_value(last_modified);
	}
	out->body = ak_buf_detach(&s.body, &out->len);
out:
	if (rc != AK_OK)
		ak_fetch_result_release(out);
	ak_buf_release(&s.body);
	ak_buf_release(&line);
	curl.slist_free_all(hdrs);
	curl.easy_cleanup(h);
	return rc;
}
