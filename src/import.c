/*
 * The importer: orchestration only.  Decoding is decode.c's, parsing
 * parse_text.c's and parse_feed.c's, storage cache.c's.  Each input is one
 * transaction: its articles land together or not at all, and a dry run
 * parses everything and stores nothing.
 */
#include "config.h"

#include "akhbar/import.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/extract.h"
#include "akhbar/fetch.h"
#include "akhbar/link.h"
#include "akhbar/paths.h"
#include "akhbar/search.h"

struct store_ctx {
	struct ak_cache *cache;
	const struct ak_import_opts *o;
	struct ak_import_result *r;
	struct ak_error *err;
	int narticles;
};

static void
count_warning(void *ctx, const char *msg)
{
	struct store_ctx *s = ctx;

	s->r->warnings++;
	if (s->o->warn)
		s->o->warn(s->o->ctx, msg);
}

static int
store_article(void *ctx, const struct ak_article *a)
{
	struct store_ctx *s = ctx;
	enum ak_put_result res = AK_PUT_ADDED;
	int64_t id = 0;
	int rc;

	s->narticles++;
	if (!s->o->dry_run) {
		rc = ak_cache_put(s->cache, a, &id, &res, s->err);
		if (rc != AK_OK)
			return rc;
		if (res != AK_PUT_UNCHANGED) {
			/* hooks: search index, related stories */
			rc = ak_search_index(s->cache, id, a, s->err);
			if (rc != AK_OK)
				return rc;
			rc = ak_link_article(s->cache, id, a, s->err);
			if (rc != AK_OK)
				return rc;
		}
	}
	switch (res) {
	case AK_PUT_ADDED:
		s->r->added++;
		break;
	case AK_PUT_UPDATED:
		s->r->updated++;
		break;
	case AK_PUT_UNCHANGED:
		s->r->unchanged++;
		break;
	}
	if (s->o->article)
		s->o->article(s->o->ctx, a, id, res);
	return AK_OK;
}

int
ak_import_is_feed(const char *data, size_t len)
{
	size_t i = 0;

	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
	    data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i >= len || data[i] != '<')
		return 0;
	/* an XML document: look for the root within the first few KB */
	len = len - i > 4096 ? i + 4096 : len;
	for (; i + 5 < len; i++) {
		if (data[i] != '<')
			continue;
		if (strncmp(data + i, "<rss", 4) == 0 ||
		    strncmp(data + i, "<feed", 5) == 0 ||
		    strncmp(data + i, "<rdf:RDF", 8) == 0)
			return 1;
	}
	return 0;
}

static int
log_import(struct ak_cache *c, const char *name,
	const struct ak_import_result *r, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(ak_cache_db(c), "INSERT INTO imports(source, "
	    "at, added, updated, unchanged, status) VALUES (?1, strftime("
	    "'%Y-%m-%dT%H:%M:%SZ', 'now'), ?2, ?3, ?4, 'ok')", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
		sqlite3_bind_int(st, 2, r->added);
		sqlite3_bind_int(st, 3, r->updated);
		sqlite3_bind_int(st, 4, r->unchanged);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "logging the import");
	return AK_OK;
}

int
ak_import_bytes(struct ak_cache *c, const char *name, const char *data,
	size_t len, const char *charset_hint, const struct ak_import_opts *o,
	struct ak_import_result *r, struct ak_error *err)
{
	static const struct ak_caps default_caps = {
		AK_CAP_ARTICLE, AK_CAP_PARAGRAPH
	};
	struct store_ctx s = { c, o, r, err, 0 };
	struct ak_sink store = { store_article, count_warning, &s };
	struct ak_cap_sink sink;
	struct ak_parse_opts po = { o->publisher, o->sites, name };
	struct ak_decoded dec = { NULL, 0, NULL };
	int rc, feed = ak_import_is_feed(data, len);
	int html = !feed && ak_html_detect(data, len);

	memset(r, 0, sizeof(*r));
	ak_cap_sink_init(&sink, o->caps ? o->caps : &default_caps, &store);
	r->kind = feed ? "rss/atom" : "text";
	if (html) {
		r->kind = "html";
		r->charset = "UTF-8";
	}
	if (!feed && !html) {
		rc = ak_decode(data, len, charset_hint, count_warning, &s, &dec,
		    err);
		if (rc != AK_OK)
			return rc;
		r->charset = dec.charset;
	} else {
		r->charset = "UTF-8";
	}
	if (!o->dry_run) {
		rc = ak_cache_begin(c, err);
		if (rc != AK_OK)
			goto out;
	}
	if (feed)
		rc = ak_parse_feed(data, len, &po, &sink.sink, err);
	else if (html)
		rc = ak_extract_html(data, len, charset_hint,
		    ak_import_is_url(name) ? name : NULL, &po, &sink.sink, err);
	else
		rc = ak_parse_text(dec.text, dec.len, &po, &sink.sink, err);
	if (rc == AK_OK && s.narticles == 0)
		rc = ak_error_set(err, AK_EPARSE, "no article found");
	if (o->dry_run)
		goto out;
	if (rc != AK_OK) {
		ak_cache_rollback(c);
		goto out;
	}
	rc = log_import(c, name, r, err);
	if (rc != AK_OK) {
		ak_cache_rollback(c);
		goto out;
	}
	rc = ak_cache_commit(c, err);
out:
	if (rc != AK_OK)
		memset(r, 0, sizeof(*r));
	free(dec.text);
	return rc;
}

int
ak_import_is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0;
}

/* The feed's stored validators, for a conditional GET. */
static void
feed_validators(struct ak_cache *c, const char *url, char **etag, char **lm)
{
	sqlite3_stmt *st = NULL;

	*etag = *lm = NULL;
	if (!c || sqlite3_prepare_v2(ak_cache_db(c), "SELECT etag, "
	    "last_modified FROM feeds WHERE url = ?1", -1, &st, NULL)
	    != SQLITE_OK)
		return;
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	if (sqlite3_step(st) == SQLITE_ROW) {
		*etag = ak_xstrdup0((const char *)sqlite3_column_text(st, 0));
		*lm = ak_xstrdup0((const char *)sqlite3_column_text(st, 1));
	}
	sqlite3_finalize(st);
}

/* Remember a feed URL (a subscription for `akhbar update`). */
static int
feed_remember(struct ak_cache *c, const char *url,
	const struct ak_fetch_result *f, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(ak_cache_db(c), "INSERT INTO feeds(url, etag, "
	    "last_modified, last_fetch, added) VALUES (?1, ?2, ?3, "
	    "strftime('%Y-%m-%dT%H:%M:%SZ', 'now'), strftime("
	    "'%Y-%m-%dT%H:%M:%SZ', 'now')) ON CONFLICT(url) DO UPDATE SET "
	    "etag = excluded.etag, last_modified = excluded.last_modified, "
	    "last_fetch = excluded.last_fetch", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 2, f->etag, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 3, f->last_modified, -1, SQLITE_STATIC);
		rc = sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "remembering the feed");
	return AK_OK;
}

static int
import_url(struct ak_cache *c, const char *url,
	const struct ak_import_opts *o, struct ak_import_result *r,
	struct ak_error *err)
{
	struct ak_fetch_result f;
	char *etag, *lm;
	int rc;

	memset(r, 0, sizeof(*r));
	feed_validators(o->dry_run ? NULL : c, url, &etag, &lm);
	rc = ak_fetch_url(url, etag, lm, &f, err);
	free(etag);
	free(lm);
	if (rc != AK_OK)
		return rc;
	if (f.not_modified) {
		r->kind = "rss/atom";
		r->not_modified = 1;
		ak_fetch_result_release(&f);
		return AK_OK;
	}
	rc = ak_import_bytes(c, url, f.body, f.len, f.charset, o, r, err);
	if (rc == AK_OK && !o->dry_run && ak_import_is_feed(f.body, f.len))
		rc = feed_remember(c, url, &f, err);
	ak_fetch_result_release(&f);
	return rc;
}

int
ak_import_path(struct ak_cache *c, const char *path,
	const struct ak_import_opts *o, struct ak_import_result *r,
	struct ak_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (ak_import_is_url(path))
		return import_url(c, path, o, r, err);
	rc = ak_read_file(path, &data, &len, err);
	if (rc != AK_OK)
		return rc;
	rc = ak_import_bytes(c, path, data, len, NULL, o, r, err);
	free(data);
	return rc;
}
