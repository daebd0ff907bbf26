/*
 * The cache's pages: what full text for feeds (fulltext.h) last found at
 * the web page of an article that came from a feed.  One row an article
 * (its id is the key, and the row goes with it); the importer writes it
 * in the transaction that stores the article, so that "the text is the
 * page's" is never said of a text that did not land.
 */
#include "config.h"

#include "akhbar/cache.h"
#include "cache_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/error.h"

#define PAGE_COLS "article_id, url, etag, last_modified, item_hash, ok, " \
	"retry, error, fetched"

void
ak_page_release(struct ak_page *p)
{
	free(p->url);
	free(p->etag);
	free(p->last_modified);
	free(p->error);
	free(p->fetched);
	memset(p, 0, sizeof(*p));
}

static void
read_page(sqlite3_stmt *st, struct ak_page *p)
{
	const unsigned char *h;

	memset(p, 0, sizeof(*p));
	p->article_id = sqlite3_column_int64(st, 0);
	p->url = cache_col_str(st, 1);
	p->etag = cache_col_str(st, 2);
	p->last_modified = cache_col_str(st, 3);
	h = sqlite3_column_text(st, 4);
	snprintf(p->item_hash, sizeof(p->item_hash), "%s", h ? (const char *)h :
	    "");
	p->ok = sqlite3_column_int(st, 5);
	p->retry = sqlite3_column_int(st, 6);
	p->error = cache_col_str(st, 7);
	p->fetched = cache_col_str(st, 8);
}

int
ak_cache_pages(struct ak_cache *c,
	int (*fn)(void *ctx, const struct ak_page *p), void *ctx,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	struct ak_page p;
	int rc;

	rc = sqlite3_prepare_v2(c->db, "SELECT " PAGE_COLS " FROM pages", -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "reading the pages");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		read_page(st, &p);
		rc = fn(ctx, &p);
		ak_page_release(&p);
		if (rc != AK_OK)
			break;
	}
	if (rc == SQLITE_DONE)
		rc = AK_OK;
	else if (rc > 0)	/* SQLite's, not fn's */
		rc = ak_cache_error(c, rc, err, "reading the pages");
	sqlite3_finalize(st);
	return rc;
}

int
ak_cache_page_get(struct ak_cache *c, int64_t id, struct ak_page *p,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(p, 0, sizeof(*p));
	rc = sqlite3_prepare_v2(c->db, "SELECT " PAGE_COLS " FROM pages "
	    "WHERE article_id = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "reading a page");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_page(st, p);
		rc = AK_OK;
	} else if (rc == SQLITE_DONE) {
		rc = ak_error_set(err, AK_ENOTFOUND, "no page known for "
		    "article %lld", (long long)id);
	} else {
		rc = ak_cache_error(c, rc, err, "reading a page");
	}
	sqlite3_finalize(st);
	return rc;
}

int
ak_cache_page_put(struct ak_cache *c, int64_t id, const struct ak_page *p,
	struct ak_error *err)
{
	sqlite3_stmt *st;

	st = cache_stmt(c, ST_PAGE_PUT, "INSERT OR REPLACE INTO pages("
	    PAGE_COLS ") VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "coalesce(?9, strftime('%Y-%m-%dT%H:%M:%SZ', 'now')))", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, id);
	cache_bind_text(st, 2, p->url ? p->url : "");
	cache_bind_text(st, 3, p->etag);
	cache_bind_text(st, 4, p->last_modified);
	cache_bind_text(st, 5, p->item_hash[0] ? p->item_hash : NULL);
	sqlite3_bind_int(st, 6, p->ok != 0);
	sqlite3_bind_int(st, 7, p->retry != 0);
	cache_bind_text(st, 8, p->error);
	cache_bind_text(st, 9, p->fetched);
	return cache_step_done(c, st, err, "storing a page");
}
