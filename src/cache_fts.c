/*
 * The cache's search index: art_fts (FTS5, rowid = article id), written
 * with the columns search.c makes from an article, and queried with the
 * expression search.c makes from the user's words; the ranking function.
 *
 * art_fts has six columns: title, subtitle, body and byline hold the
 * terms of the article's words (folded, definite article stripped,
 * stemmed); title_w holds the title's folded, article-stripped surface
 * forms, which only prefix queries use; text_w, the same for the rest of
 * the text, only of the words a prefix would miss through their stems
 * since schema 9 (search.c).  What goes in them is
 * search.c's business; this file only stores and runs.
 */
#include "config.h"

#include "akhbar/cache.h"
#include "cache_impl.h"

#include <assert.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"

#define RANK_FN "akhbar_rank"
#define MAX_PHRASES 128		/* ranked phrases of one query */

int
ak_cache_fts_put(struct ak_cache *c, int64_t id,
	const char *const cols[AK_FTS_COLS], struct ak_error *err)
{
	sqlite3_stmt *st;
	int rc, k;

	st = cache_stmt(c, ST_FTS_DELETE, "DELETE FROM art_fts WHERE "
	    "rowid = ?1", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, id);
	rc = cache_step_done(c, st, err, "updating the search index");
	if (rc != AK_OK)
		return rc;
	st = cache_stmt(c, ST_FTS_INSERT, "INSERT INTO art_fts(rowid, title, "
	    "subtitle, body, byline, title_w, text_w) VALUES (?1, ?2, ?3, ?4, "
	    "?5, ?6, ?7)", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, id);
	for (k = 0; k < AK_FTS_COLS; k++)
		sqlite3_bind_text(st, k + 2, cols[k] ? cols[k] : "", -1,
		    SQLITE_STATIC);
	return cache_step_done(c, st, err, "updating the search index");
}

int
ak_cache_fts_flush(struct ak_cache *c, struct ak_error *err)
{
	/* FTS5 writes what it holds at every savepoint (the 'flush'
	 * command is not in Debian 12's SQLite, 3.40) */
	assert(!sqlite3_get_autocommit(c->db));
	return cache_exec(c, "SAVEPOINT fts_flush; RELEASE fts_flush", err);
}

int
ak_cache_fts_clear(struct ak_cache *c, struct ak_error *err)
{
	return cache_exec(c, "DELETE FROM art_fts", err);
}

/* ---------------------------------------------------------------- rank */

/*
 * The ranking: BM25 over the weighted counts of each phrase in the six
 * columns (k1 = 1.2), like FTS5's bm25(), but with b = 0, no document
 * length normalisation.  bm25() reads every matching row's column sizes
 * (a b-tree lookup per row): 30-60 ms for a word in 30,000 of 110,000
 * articles, against a few ms here, and news articles vary less in length
 * than the documents BM25 was tuned for.  With one phrase the IDF is the
 * same for every row and is left out.  Lower is better, as with bm25().
 */
static const double col_weight[AK_FTS_COLS] = {
	10.0, 3.0, 1.0, 2.0, 10.0, 1.0
};

struct rank_data {
	int nphrase;
	double idf[];
};

static int
count_row(const Fts5ExtensionApi *api, Fts5Context *fts, void *ctx)
{
	(void)api;
	(void)fts;
	(*(sqlite3_int64 *)ctx)++;
	return SQLITE_OK;
}

static struct rank_data *
rank_data(const Fts5ExtensionApi *api, Fts5Context *fts, int *rc)
{
	struct rank_data *d = api->xGetAuxdata(fts, 0);
	sqlite3_int64 nrow = 0, df;
	int i, np = api->xPhraseCount(fts);

	*rc = SQLITE_OK;
	if (d)
		return d;
	d = sqlite3_malloc64(sizeof(*d) + (size_t)np * sizeof(double));
	if (!d) {
		*rc = SQLITE_NOMEM;
		return NULL;
	}
	d->nphrase = np;
	for (i = 0; i < np; i++)
		d->idf[i] = 1.0;
	if (np > 1) {
		*rc = api->xRowCount(fts, &nrow);
		for (i = 0; i < np && *rc == SQLITE_OK; i++) {
			df = 0;
			*rc = api->xQueryPhrase(fts, i, &df, count_row);
			d->idf[i] = log(((double)nrow - (double)df + 0.5) /
			    ((double)df + 0.5));
			if (d->idf[i] <= 0.0)
				d->idf[i] = 1e-6;
		}
	}
	if (*rc == SQLITE_OK)
		*rc = api->xSetAuxdata(fts, d, sqlite3_free);
	else
		sqlite3_free(d);
	return *rc == SQLITE_OK ? d : NULL;
}

static void
rank_fn(const Fts5ExtensionApi *api, Fts5Context *fts, sqlite3_context *ctx,
	int nval, sqlite3_value **val)
{
	double freq[MAX_PHRASES], score = 0.0, k1 = 1.2;
	struct rank_data *d;
	int rc, n = 0, i, ip, ic, io;

	(void)nval;
	(void)val;
	d = rank_data(api, fts, &rc);
	if (rc == SQLITE_OK)
		rc = api->xInstCount(fts, &n);
	if (rc != SQLITE_OK) {
		sqlite3_result_error_code(ctx, rc);
		return;
	}
	for (i = 0; i < d->nphrase && i < MAX_PHRASES; i++)
		freq[i] = 0.0;
	for (i = 0; i < n; i++) {
		if (api->xInst(fts, i, &ip, &ic, &io) != SQLITE_OK)
			continue;
		if (ip < MAX_PHRASES && ic >= 0 && ic < AK_FTS_COLS)
			freq[ip] += col_weight[ic];
	}
	for (i = 0; i < d->nphrase && i < MAX_PHRASES; i++)
		score += d->idf[i] * freq[i] * (k1 + 1.0) / (freq[i] + k1);
	sqlite3_result_double(ctx, -score);
}

/* Register akhbar_rank() with the connection's FTS5, once. */
int
cache_fts_register(struct ak_cache *c, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	fts5_api *api = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->db, "SELECT " RANK_FN "(art_fts) FROM "
	    "art_fts WHERE 0", -1, &st, NULL);
	sqlite3_finalize(st);
	if (rc == SQLITE_OK)
		return AK_OK;
	st = NULL;
	rc = sqlite3_prepare_v2(c->db, "SELECT fts5(?1)", -1, &st, NULL);
	if (rc == SQLITE_OK) {
		sqlite3_bind_pointer(st, 1, (void *)&api, "fts5_api_ptr", NULL);
		sqlite3_step(st);
	}
	sqlite3_finalize(st);
	if (!api)
		return ak_cache_error(c, rc == SQLITE_OK ? SQLITE_ERROR : rc,
		    err, "searching (no FTS5)");
	rc = api->xCreateFunction(api, RANK_FN, NULL, rank_fn, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "searching");
	return AK_OK;
}

/* ---------------------------------------------------------------- search */

int
ak_cache_fts_search(struct ak_cache *c, const struct ak_fts_query *q,
	int (*fn)(void *ctx, const struct ak_fts_row *r), void *ctx,
	struct ak_error *err)
{
	struct ak_buf sql = AK_BUF_INIT, m = AK_BUF_INIT;
	struct ak_fts_row row;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc, limit = q->limit > 0 ? q->limit : 50, n = 0;

	if (q->match) {
		if (q->exclude)
			ak_buf_addf(&m, "(%s) NOT (%s)", q->match, q->exclude);
		else
			ak_buf_addstr(&m, q->match);
		rc = cache_fts_register(c, err);
		if (rc != AK_OK)
			goto out;
		if (q->npublishers || q->after || q->before)
			/* filters: join, then rank what passes */
			ak_buf_addstr(&sql, "SELECT f.rowid, -" RANK_FN
			    "(art_fts) AS s, a.title, p.name, a.published "
			    "FROM art_fts f JOIN articles a ON a.id = f.rowid "
			    "LEFT JOIN publishers p ON p.id = a.publisher_id "
			    "WHERE art_fts MATCH ?1");
		else
			/* rank, then join the top ones only */
			ak_buf_addstr(&sql, "SELECT f.rowid, f.s, a.title, "
			    "p.name, a.published FROM (SELECT rowid, -" RANK_FN
			    "(art_fts) AS s FROM art_fts WHERE art_fts MATCH ?1 "
			    "ORDER BY s DESC LIMIT ?2) f JOIN articles a ON "
			    "a.id = f.rowid LEFT JOIN publishers p ON p.id = "
			    "a.publisher_id WHERE 1");
	} else {
		if (q->exclude)
			ak_buf_addstr(&m, q->exclude);
		ak_buf_addstr(&sql, "SELECT a.id, 0.0, a.title, p.name, "
		    "a.published FROM articles a LEFT JOIN publishers p ON "
		    "p.id = a.publisher_id WHERE 1");
		if (q->exclude)
			ak_buf_addstr(&sql, " AND a.id NOT IN (SELECT rowid "
			    "FROM art_fts WHERE art_fts MATCH ?1)");
	}
	if (q->npublishers) {
		ak_buf_addstr(&sql, " AND a.publisher_id IN (");
		for (i = 0; i < q->npublishers; i++)
			ak_buf_addf(&sql, "%s%lld", i ? "," : "",
			    (long long)q->publishers[i]);
		ak_buf_addch(&sql, ')');
	}
	if (q->after)
		ak_buf_addstr(&sql, " AND a.published >= ?3");
	if (q->before)
		ak_buf_addstr(&sql, " AND a.published < ?4");
	if (q->match)
		ak_buf_addstr(&sql, " ORDER BY 2 DESC, 1 DESC LIMIT ?2");
	else
		ak_buf_addstr(&sql, " ORDER BY a.sort_key DESC, a.id DESC "
		    "LIMIT ?2");

	rc = sqlite3_prepare_v2(c->db, sql.data, -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "searching");
		goto out;
	}
	if (m.len)
		sqlite3_bind_text(st, 1, m.data, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, limit);
	if (q->after)
		sqlite3_bind_text(st, 3, q->after, -1, SQLITE_STATIC);
	if (q->before)
		sqlite3_bind_text(st, 4, q->before, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW && n++ < limit) {
		row.id = sqlite3_column_int64(st, 0);
		row.score = sqlite3_column_double(st, 1);
		row.title = (const char *)sqlite3_column_text(st, 2);
		row.publisher = (const char *)sqlite3_column_text(st, 3);
		row.published = (const char *)sqlite3_column_text(st, 4);
		rc = fn(ctx, &row);
		if (rc != AK_OK)
			goto out;
	}
	if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
		/* FTS5 refusing our own expression: the caller says it */
		if ((rc & 0xFF) == SQLITE_ERROR)
			rc = ak_error_set(err, AK_EINVAL, "%s",
			    sqlite3_errmsg(c->db));
		else
			rc = ak_cache_error(c, rc, err, "searching");
		goto out;
	}
	rc = AK_OK;
out:
	sqlite3_finalize(st);
	ak_buf_release(&sql);
	ak_buf_release(&m);
	return rc;
}

int
ak_cache_publishers(struct ak_cache *c,
	int (*fn)(void *ctx, int64_t id, const char *name), void *ctx,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->db, "SELECT id, name FROM publishers "
	    "ORDER BY id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "reading publishers");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *name = (const char *)sqlite3_column_text(st, 1);

		rc = fn(ctx, sqlite3_column_int64(st, 0), name ? name : "");
		if (rc != AK_OK)
			goto out;
	}
	rc = rc == SQLITE_DONE ? AK_OK :
	    ak_cache_error(c, rc, err, "reading publishers");
out:
	sqlite3_finalize(st);
	return rc;
}

int
ak_cache_texts(struct ak_cache *c, int64_t id,
	int (*fn)(void *ctx, const char *text, size_t len), void *ctx,
	struct ak_error *err)
{
	sqlite3_stmt *st;
	int rc;

	st = cache_stmt(c, ST_TEXTS, "SELECT subtitle, -1 FROM articles "
	    "WHERE id = ?1 AND subtitle IS NOT NULL UNION ALL SELECT text, "
	    "seq FROM blocks WHERE article_id = ?1 ORDER BY 2", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		const char *text = (const char *)sqlite3_column_text(st, 0);

		rc = fn(ctx, text ? text : "",
		    (size_t)sqlite3_column_bytes(st, 0));
		if (rc != AK_OK)
			break;
	}
	sqlite3_reset(st);
	if (rc == AK_EEXIST || rc == SQLITE_DONE)
		return AK_OK;
	if (rc < 0)
		return rc;
	return ak_cache_error(c, rc, err, "reading an article's text");
}
