/*
 * The cache's subscriptions (feeds: a URL, the validators of its last
 * answer for a conditional GET, the outcome of its last fetch, the
 * user's settings) and the import log (one row per input imported).
 */
#include "config.h"

#include "akhbar/cache.h"
#include "cache_impl.h"

#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"

#define NOW "strftime('%Y-%m-%dT%H:%M:%SZ', 'now')"

void
ak_feed_release(struct ak_feed *f)
{
	free(f->url);
	free(f->name);
	free(f->title);
	free(f->etag);
	free(f->last_modified);
	free(f->last_fetch);
	free(f->last_ok);
	free(f->last_status);
	free(f->last_error);
	memset(f, 0, sizeof(*f));
}

void
ak_feeds_free(struct ak_feed *v, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ak_feed_release(&v[i]);
	free(v);
}

#define FEED_COLS "f.id, f.url, f.name, f.title, f.etag, f.last_modified, " \
	"f.last_fetch, f.last_ok, f.last_status, f.last_error, f.full_text"

static void
read_feed(sqlite3_stmt *st, struct ak_feed *f)
{
	memset(f, 0, sizeof(*f));
	f->id = sqlite3_column_int64(st, 0);
	f->url = cache_col_str(st, 1);
	f->name = cache_col_str(st, 2);
	f->title = cache_col_str(st, 3);
	f->etag = cache_col_str(st, 4);
	f->last_modified = cache_col_str(st, 5);
	f->last_fetch = cache_col_str(st, 6);
	f->last_ok = cache_col_str(st, 7);
	f->last_status = cache_col_str(st, 8);
	f->last_error = cache_col_str(st, 9);
	f->full_text = sqlite3_column_int(st, 10);
}

int
ak_cache_feed_get(struct ak_cache *c, const char *url, struct ak_feed *f,
	struct ak_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(f, 0, sizeof(*f));
	st = cache_stmt(c, ST_FEED_GET, "SELECT " FEED_COLS " FROM feeds f "
	    "WHERE f.url = ?1", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		read_feed(st, f);
		rc = AK_OK;
	} else if (rc == SQLITE_DONE) {
		rc = ak_error_set(err, AK_ENOTFOUND, "%s: not a feed of this "
		    "cache", url);
	} else {
		rc = ak_cache_error(c, rc, err, "reading a feed");
	}
	sqlite3_reset(st);
	return rc;
}

int
ak_cache_feeds(struct ak_cache *c, struct ak_feed **out, size_t *nout,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	struct ak_feed *v = NULL;
	size_t n = 0, cap = 0;
	int rc;

	*out = NULL;
	*nout = 0;
	rc = sqlite3_prepare_v2(c->db, "SELECT " FEED_COLS ", "
	    "(SELECT count(*) FROM articles a WHERE a.feed_id = f.id), "
	    "(SELECT count(*) FROM articles a WHERE a.feed_id = f.id AND "
	    "a.read = 0) FROM feeds f ORDER BY f.id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "reading the feeds");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 16;
			v = ak_xreallocarray(v, cap, sizeof(*v));
		}
		read_feed(st, &v[n]);
		v[n].articles = (long)sqlite3_column_int64(st, 11);
		v[n++].unread = (long)sqlite3_column_int64(st, 12);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		ak_feeds_free(v, n);
		return ak_cache_error(c, rc, err, "reading the feeds");
	}
	*out = v;
	*nout = n;
	return AK_OK;
}

int
ak_cache_feed_fetched(struct ak_cache *c, const char *url,
	const char *status, const char *title, const char *etag,
	const char *last_modified, const char *message, int64_t *id,
	struct ak_error *err)
{
	int ok = strcmp(status, "error") != 0;
	sqlite3_stmt *st;
	int rc;

	if (ok)
		/* a 304 keeps the validators, an answer replaces them */
		st = cache_stmt(c, ST_FEED_FETCHED, "INSERT INTO feeds(url, "
		    "title, etag, last_modified, last_fetch, last_ok, "
		    "last_status, added) VALUES (?1, ?2, ?3, ?4, " NOW ", "
		    NOW ", ?5, " NOW ") ON CONFLICT(url) DO UPDATE SET "
		    "title = coalesce(excluded.title, title), "
		    "etag = CASE WHEN ?5 = 'ok' THEN excluded.etag "
		    "ELSE etag END, "
		    "last_modified = CASE WHEN ?5 = 'ok' THEN "
		    "excluded.last_modified ELSE last_modified END, "
		    "last_fetch = excluded.last_fetch, "
		    "last_ok = excluded.last_ok, "
		    "last_status = ?5, last_error = NULL RETURNING id", err);
	else
		/* a failure subscribes to nothing */
		st = cache_stmt(c, ST_FEED_FAILED, "UPDATE feeds SET "
		    "last_fetch = " NOW ", last_status = ?5, last_error = ?6 "
		    "WHERE url = ?1 RETURNING id", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	sqlite3_bind_text(st, 5, status, -1, SQLITE_STATIC);
	if (ok) {
		cache_bind_text(st, 2, title);
		cache_bind_text(st, 3, etag);
		cache_bind_text(st, 4, last_modified);
	} else {
		cache_bind_text(st, 6, message);
	}
	rc = sqlite3_step(st);
	if (id)
		*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "remembering the feed");
	return AK_OK;
}

int
ak_cache_article_feed(struct ak_cache *c, int64_t article, int64_t feed,
	struct ak_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_ARTICLE_FEED, "UPDATE articles "
	    "SET feed_id = ?2 WHERE id = ?1 AND feed_id IS NOT ?2", err);

	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, article);
	if (feed)
		sqlite3_bind_int64(st, 2, feed);
	else
		sqlite3_bind_null(st, 2);
	return cache_step_done(c, st, err, "storing an article's feed");
}

int
ak_cache_log_import(struct ak_cache *c, const char *source, int added,
	int updated, int unchanged, struct ak_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_LOG, "INSERT INTO imports(source, "
	    "at, added, updated, unchanged, status) VALUES (?1, " NOW ", ?2, "
	    "?3, ?4, 'ok')", err);

	if (!st)
		return AK_ECACHE;
	sqlite3_bind_text(st, 1, source, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, added);
	sqlite3_bind_int(st, 3, updated);
	sqlite3_bind_int(st, 4, unchanged);
	return cache_step_done(c, st, err, "logging the import");
}

/* ------------------------------------------------------ subscriptions */

int
ak_cache_subscribe(struct ak_cache *c, const char *url, const char *name,
	int full_text, int64_t *id, int *added, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (added)
		*added = 0;
	rc = sqlite3_prepare_v2(c->db, "SELECT id FROM feeds WHERE url = ?1",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "subscribing");
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE && added)
		*added = 1;
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "subscribing");
	/* a feed subscribed again keeps what it knows; a name or full
	 * text given now (on or off) is taken */
	rc = sqlite3_prepare_v2(c->db, "INSERT INTO feeds(url, name, "
	    "full_text, added) VALUES (?1, ?2, ?3 > 0, " NOW ") "
	    "ON CONFLICT(url) DO UPDATE SET name = coalesce(excluded.name, "
	    "name), full_text = CASE WHEN ?3 = 0 THEN full_text ELSE "
	    "excluded.full_text END RETURNING id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "subscribing");
	sqlite3_bind_text(st, 1, url, -1, SQLITE_STATIC);
	cache_bind_text(st, 2, name);
	sqlite3_bind_int(st, 3, full_text > 0 ? 1 : full_text < 0 ? -1 : 0);
	rc = sqlite3_step(st);
	if (id)
		*id = rc == SQLITE_ROW ? sqlite3_column_int64(st, 0) : 0;
	/* step to the end: RETURNING writes when the statement is done */
	if (rc == SQLITE_ROW)
		rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "subscribing");
	return AK_OK;
}

int
ak_cache_feed_find(struct ak_cache *c, const char *what, struct ak_feed *f,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, n = 0;

	memset(f, 0, sizeof(*f));
	/* the URL, else the name the user gave, else the feed's title;
	 * with its counts (kept by triggers) */
#define FIND_COLS FEED_COLS ", coalesce((SELECT g.articles FROM " \
	"group_counts g WHERE g.kind = 0 AND g.key = f.id), 0), " \
	"coalesce((SELECT g.unread FROM group_counts g WHERE g.kind = 0 " \
	"AND g.key = f.id), 0)"
	rc = sqlite3_prepare_v2(c->db, "SELECT " FIND_COLS " FROM feeds f "
	    "WHERE f.url = ?1 UNION ALL SELECT " FIND_COLS " FROM feeds f "
	    "WHERE f.url <> ?1 AND (f.name = ?1 OR (f.name IS NULL AND "
	    "f.title = ?1)) LIMIT 2", -1, &st, NULL);
#undef FIND_COLS
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "finding a feed");
	sqlite3_bind_text(st, 1, what, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n++ == 0) {
			read_feed(st, f);
			f->articles = (long)sqlite3_column_int64(st, 11);
			f->unread = (long)sqlite3_column_int64(st, 12);
			if (strcmp(f->url, what) == 0)
				break;	/* the URL says it all */
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE) {
		ak_feed_release(f);
		return ak_cache_error(c, rc, err, "finding a feed");
	}
	if (n == 0)
		return ak_error_set(err, AK_ENOTFOUND, "no feed '%s' (its URL "
		    "or name, as 'akhbar feeds' lists them)", what);
	if (n > 1 && strcmp(f->url, what) != 0) {
		ak_feed_release(f);
		return ak_error_set(err, AK_EINVAL, "several feeds are named "
		    "'%s': give the URL", what);
	}
	return AK_OK;
}

int
ak_cache_unsubscribe(struct ak_cache *c, int64_t feed, int delete_articles,
	long *deleted, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	if (deleted)
		*deleted = 0;
	if (delete_articles) {
		/* one by one through the cache: the search index, related
		 * stories and refs follow each */
		rc = sqlite3_prepare_v2(c->db, "SELECT id FROM articles WHERE "
		    "feed_id = ?1", -1, &st, NULL);
		if (rc != SQLITE_OK)
			return ak_cache_error(c, rc, err, "unsubscribing");
		sqlite3_bind_int64(st, 1, feed);
		while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
			if (n == cap) {
				cap = cap ? 2 * cap : 64;
				ids = ak_xreallocarray(ids, cap, sizeof(*ids));
			}
			ids[n++] = sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
		if (rc != SQLITE_DONE) {
			free(ids);
			return ak_cache_error(c, rc, err, "unsubscribing");
		}
		for (i = 0; i < n; i++) {
			rc = ak_cache_delete(c, ids[i], err);
			if (rc != AK_OK && rc != AK_ENOTFOUND) {
				free(ids);
				return rc;
			}
		}
		free(ids);
		if (deleted)
			*deleted = (long)n;
	} else {
		rc = sqlite3_prepare_v2(c->db, "UPDATE articles SET feed_id = "
		    "NULL WHERE feed_id = ?1", -1, &st, NULL);
		if (rc != SQLITE_OK)
			return ak_cache_error(c, rc, err, "unsubscribing");
		sqlite3_bind_int64(st, 1, feed);
		rc = cache_step_done(c, st, err, "unsubscribing");
		sqlite3_finalize(st);
		if (rc != AK_OK)
			return rc;
	}
	rc = sqlite3_prepare_v2(c->db, "DELETE FROM feeds WHERE id = ?1; ",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "unsubscribing");
	sqlite3_bind_int64(st, 1, feed);
	rc = cache_step_done(c, st, err, "unsubscribing");
	sqlite3_finalize(st);
	if (rc == AK_OK) {
		rc = sqlite3_prepare_v2(c->db, "DELETE FROM group_counts "
		    "WHERE kind = 0 AND key = ?1", -1, &st, NULL);
		if (rc != SQLITE_OK)
			return ak_cache_error(c, rc, err, "unsubscribing");
		sqlite3_bind_int64(st, 1, feed);
		rc = cache_step_done(c, st, err, "unsubscribing");
		sqlite3_finalize(st);
	}
	return rc;
}
