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
#include "akhbar/paths.h"

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

int
ak_import_bytes(struct ak_cache *c, const char *name, const char *data,
	size_t len, const char *charset_hint, const struct ak_import_opts *o,
	struct ak_import_result *r, struct ak_error *err)
{
	struct store_ctx s = { c, o, r, err, 0 };
	struct ak_sink sink = { store_article, count_warning, &s };
	struct ak_parse_opts po = { o->publisher, o->sites, name };
	struct ak_decoded dec = { NULL, 0, NULL };
	int rc, feed = ak_import_is_feed(data, len);

	memset(r, 0, sizeof(*r));
	r->kind = feed ? "rss/atom" : "text";
	if (!feed) {
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
		rc = ak_parse_feed(data, len, &po, &sink, err);
	else
		rc = ak_parse_text(dec.text, dec.len, &po, &sink, err);
	if (rc == AK_OK && s.narticles == 0)
		rc = ak_error_set(err, AK_EPARSE, "no article found");
	if (o->dry_run)
		goto out;
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
ak_import_path(struct ak_cache *c, const char *path,
	const struct ak_import_opts *o, struct ak_import_result *r,
	struct ak_error *err)
{
	char *data = NULL;
	size_t len = 0;
	int rc;

	rc = ak_read_file(path, &data, &len, err);
	if (rc != AK_OK)
		return rc;
	rc = ak_import_bytes(c, path, data, len, NULL, o, r, err);
	free(data);
	return rc;
}
