/*
 * The cache's side of related stories: what link.c reads (document
 * frequencies, postings, vectors) and what it decided (vectors, postings,
 * lists), and the list the reader shows.
 *
 * Tables.  terms: a document frequency per term id (row 0 counts the
 * documents; the text of terms counted since schema 3 is not kept: a
 * batch holds thousands of articles' terms as ids until it is linked).  vectors: one row per linked article, its TOPK strongest
 * terms with their weights and counts packed in a blob (see pack), with
 * its date.  postings: the
 * inverted index of those terms, (term, weight, article) as one B-tree,
 * read strongest first, and only AK_LINK_SCAN of a term kept (the
 * strongest: link.c says which enter and which go).  A vector's
 * postings are deleted here with it (cache_unpost), from its packed
 * terms.  related: each article's list,
 * kept to its AK_LINK_MAX best.  The articles at either end of a
 * same-story link written here get their twin columns (schema 6)
 * recounted once per batch, after all its links (recount_twins); links
 * that go are recounted by the schema's triggers.
 */
#include "config.h"

#include "akhbar/cache.h"
#include "cache_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/link.h"
#include "akhbar/parse.h"

#define VEC_TERM 12		/* bytes a term in a packed vector */
#define VEC_TERM_V1 10		/* ... before counts were kept */
#define VEC_FORMAT 2		/* the first byte of a vector with counts */

/*
 * A vector packed: VEC_FORMAT, then per term its 48-bit id, its weight
 * (a float) and its count (16 bits), big-endian: 1 + 12n bytes.  The
 * first vectors of schema 3 had no count: 10n bytes (an even length
 * where the new one is odd).
 */
static unsigned char *
pack(const struct ak_link_vec *v, size_t *len)
{
	unsigned char *b = ak_xmalloc(v->n * VEC_TERM + 2), *p = b;
	uint32_t w;
	size_t i;
	int k, tf;

	*p++ = VEC_FORMAT;
	for (i = 0; i < v->n; i++) {
		for (k = 5; k >= 0; k--)
			*p++ = (unsigned char)((uint64_t)v->t[i].id >> (8 * k));
		memcpy(&w, &v->t[i].w, sizeof(w));
		for (k = 3; k >= 0; k--)
			*p++ = (unsigned char)(w >> (8 * k));
		tf = v->t[i].tf < 0 ? 0 : v->t[i].tf > 65535 ? 65535 :
		    v->t[i].tf;
		*p++ = (unsigned char)(tf >> 8);
		*p++ = (unsigned char)tf;
	}
	*len = (size_t)(p - b);
	return b;
}

static void
unpack(const unsigned char *p, size_t len, struct ak_link_vec *v)
{
	size_t i, n, term = VEC_TERM_V1;
	uint64_t id;
	uint32_t w;
	int k;

	if (len % 2 == 1 && *p == VEC_FORMAT) {
		p++;
		len--;
		term = VEC_TERM;
	}
	n = len / term;
	v->t = ak_xcalloc(n + 1, sizeof(*v->t));
	v->n = n;
	for (i = 0; i < n; i++) {
		id = 0;
		for (k = 0; k < 6; k++)
			id = id << 8 | *p++;
		w = 0;
		for (k = 0; k < 4; k++)
			w = w << 8 | *p++;
		v->t[i].id = (int64_t)id;
		memcpy(&v->t[i].w, &w, sizeof(w));
		if (term == VEC_TERM) {
			v->t[i].tf = p[0] << 8 | p[1];
			p += 2;
		}
	}
}

/* ---------------------------------------------------------------- source */

static int
src_df(void *ctx, const int64_t *terms, size_t n, int64_t *df,
	int64_t *ndocs, struct ak_error *err)
{
	struct ak_cache *c = ctx;
	sqlite3_stmt *st;
	size_t i;
	int rc;

	st = cache_stmt(c, ST_DF_GET, "SELECT df FROM terms WHERE id = ?1",
	    err);
	if (!st)
		return AK_ECACHE;
	for (i = 0; i <= n; i++) {
		int64_t id = i < n ? terms[i] : 0, v = 0;

		sqlite3_bind_int64(st, 1, id);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			v = sqlite3_column_int64(st, 0);
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return ak_cache_error(c, rc, err, "reading terms");
		if (i < n)
			df[i] = v;
		else
			*ndocs = v;
	}
	return AK_OK;
}

static int
src_postings(void *ctx, int64_t term, int limit,
	void (*fn)(void *fctx, int64_t article, double w), void *fctx,
	struct ak_error *err)
{
	struct ak_cache *c = ctx;
	sqlite3_stmt *st;
	int rc;

	st = cache_stmt(c, ST_POSTINGS, "SELECT article_id, weight FROM "
	    "postings WHERE term_id = ?1 ORDER BY weight DESC LIMIT ?2", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, term);
	sqlite3_bind_int(st, 2, limit);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW)
		fn(fctx, sqlite3_column_int64(st, 0),
		    sqlite3_column_double(st, 1));
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "reading postings");
	return AK_OK;
}

/* The stored vector of article (n = 0 when none). */
static int
read_vector(struct ak_cache *c, int64_t article, struct ak_link_vec *v,
	struct ak_error *err)
{
	sqlite3_stmt *st;
	int rc;

	memset(v, 0, sizeof(*v));
	v->id = article;
	v->days = -1;
	st = cache_stmt(c, ST_VECTOR, "SELECT days, v FROM vectors "
	    "WHERE article_id = ?1", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, article);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		if (sqlite3_column_type(st, 0) != SQLITE_NULL)
			v->days = (long)sqlite3_column_int64(st, 0);
		unpack(sqlite3_column_blob(st, 1),
		    (size_t)sqlite3_column_bytes(st, 1), v);
	}
	sqlite3_reset(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "reading a vector");
	return AK_OK;
}

static int
src_vector(void *ctx, int64_t article, struct ak_link_vec *v,
	struct ak_error *err)
{
	return read_vector(ctx, article, v, err);
}

void
ak_cache_link_source(struct ak_cache *c, struct ak_link_source *src)
{
	src->df = src_df;
	src->postings = src_postings;
	src->vector = src_vector;
	src->ctx = c;
}

/* ---------------------------------------------------------------- store */

static int
put_postings(struct ak_cache *c, const struct ak_link_vec *v,
	struct ak_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	st = cache_stmt(c, ST_POST_PUT, "INSERT OR IGNORE INTO postings("
	    "term_id, weight, article_id) VALUES (?1, ?2, ?3)", err);
	if (!st)
		return AK_ECACHE;
	for (i = 0; i < v->n; i++) {
		sqlite3_bind_int64(st, 1, v->t[i].id);
		sqlite3_bind_double(st, 2, (double)v->t[i].w);
		sqlite3_bind_int64(st, 3, v->id);
		rc = cache_step_done(c, st, err, "storing postings");
		if (rc != AK_OK)
			return rc;
	}
	return AK_OK;
}

int
cache_unpost(struct ak_cache *c, int64_t id, struct ak_error *err)
{
	struct ak_link_vec v;
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	rc = read_vector(c, id, &v, err);
	if (rc != AK_OK || v.n == 0)
		goto out;
	rc = sqlite3_prepare_v2(c->db, "DELETE FROM postings WHERE "
	    "term_id = ?1 AND weight = ?2 AND article_id = ?3", -1, &st,
	    NULL);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "deleting postings");
		goto out;
	}
	for (i = 0; i < v.n; i++) {
		sqlite3_bind_int64(st, 1, v.t[i].id);
		sqlite3_bind_double(st, 2, (double)v.t[i].w);
		sqlite3_bind_int64(st, 3, id);
		rc = cache_step_done(c, st, err, "deleting postings");
		if (rc != AK_OK)
			goto out;
	}
	rc = AK_OK;
out:
	sqlite3_finalize(st);
	free(v.t);
	return rc;
}

int
ak_cache_unlink(struct ak_cache *c, int64_t id, struct ak_error *err)
{
	static const char *const sql[] = {
		"DELETE FROM vectors WHERE article_id = ?1",
		"DELETE FROM related WHERE article_id = ?1",
		"DELETE FROM related WHERE other_id = ?1",
	};
	sqlite3_stmt *st;
	size_t i;
	int rc = cache_unpost(c, id, err);

	for (i = 0; rc == AK_OK && i < sizeof(sql) / sizeof(sql[0]); i++) {
		rc = sqlite3_prepare_v2(c->db, sql[i], -1, &st, NULL);
		if (rc != SQLITE_OK)
			return ak_cache_error(c, rc, err, "unlinking");
		sqlite3_bind_int64(st, 1, id);
		rc = cache_step_done(c, st, err, "unlinking");
		sqlite3_finalize(st);
	}
	return rc;
}

/* The articles whose twin columns a batch's links change. */
struct twins {
	int64_t *id;
	size_t n, cap;
};

static void
twins_add(struct twins *t, int64_t id)
{
	if (t->n == t->cap) {
		t->cap = t->cap ? t->cap * 2 : 64;
		t->id = ak_xreallocarray(t->id, t->cap, sizeof(*t->id));
	}
	t->id[t->n++] = id;
}

static int
cmp_id(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* A same-story twin of the article being recounted. */
struct twin {
	int64_t id;
	char *sort_key;		/* NULL: no such article */
	int64_t publisher;	/* 0: none */
	char *paper;
};

static int
cmp_twin_id(const void *a, const void *b)
{
	const struct twin *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

/* Papers: by their newest twin, newest first, then by publisher id. */
static int
cmp_twin_paper(const void *a, const void *b)
{
	const struct twin *x = a, *y = b;
	int d = strcmp(y->sort_key, x->sort_key);

	if (d != 0)
		return d;
	return x->publisher < y->publisher ? -1 : x->publisher > y->publisher;
}

/* By paper, then the newest twin first. */
static int
cmp_twin_pub(const void *a, const void *b)
{
	const struct twin *x = a, *y = b;

	if (x->publisher != y->publisher)
		return x->publisher < y->publisher ? -1 : 1;
	return strcmp(y->sort_key, x->sort_key);
}

static char *
dup_col(sqlite3_stmt *st, int i)
{
	const unsigned char *t = sqlite3_column_text(st, i);

	return t ? ak_xstrdup((const char *)t) : NULL;
}

/*
 * Recount the twin columns of article id (schema 6) as the schema's
 * article_twins view defines them, from two index lookups: the view's
 * three subqueries, each with temporary B-trees, cost 66 us an article
 * at 100,000 articles, 9.5 s of that import.  tests/test_lists.c checks
 * that the two agree.
 */
static int
recount_one(struct ak_cache *c, int64_t id, struct ak_error *err)
{
	struct twin *v = NULL;
	struct ak_buf papers = AK_BUF_INIT;
	sqlite3_stmt *st;
	char *own_key = NULL, *old_papers = NULL;
	int64_t own_pub = 0, ntw = 0, newer = 0, old_twins, old_newer;
	size_t n = 0, cap = 0, i, j, k;
	int rc;

	st = cache_stmt(c, ST_TWINS_OWN, "SELECT sort_key, publisher_id, "
	    "twins, newer_twins, twin_papers FROM articles WHERE id = ?1",
	    err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc != SQLITE_ROW) {
		sqlite3_reset(st);
		return rc == SQLITE_DONE ? AK_OK :
		    ak_cache_error(c, rc, err, "counting same-story links");
	}
	own_key = dup_col(st, 0);
	own_pub = sqlite3_column_int64(st, 1);
	old_twins = sqlite3_column_int64(st, 2);
	old_newer = sqlite3_column_int64(st, 3);
	old_papers = dup_col(st, 4);
	sqlite3_reset(st);
	st = cache_stmt(c, ST_TWINS_READ, "SELECT r.other_id, o.sort_key, "
	    "o.publisher_id, p.name FROM related r LEFT JOIN articles o ON "
	    "o.id = r.other_id LEFT JOIN publishers p ON p.id = "
	    "o.publisher_id WHERE r.article_id = ?1 AND r.kind = "
	    "'same-story' UNION ALL SELECT r.article_id, o.sort_key, "
	    "o.publisher_id, p.name FROM related r LEFT JOIN articles o ON "
	    "o.id = r.article_id LEFT JOIN publishers p ON p.id = "
	    "o.publisher_id WHERE r.other_id = ?1 AND r.kind = 'same-story'",
	    err);
	if (!st) {
		rc = AK_ECACHE;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 8;
			v = ak_xreallocarray(v, cap, sizeof(*v));
		}
		v[n].id = sqlite3_column_int64(st, 0);
		v[n].sort_key = dup_col(st, 1);
		v[n].publisher = sqlite3_column_int64(st, 2);
		v[n].paper = dup_col(st, 3);
		n++;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		rc = ak_cache_error(c, rc, err, "counting same-story links");
		goto out;
	}
	/* the view's UNION: each twin once */
	if (n > 1)
		qsort(v, n, sizeof(*v), cmp_twin_id);
	for (i = j = 0; i < n; i++) {
		if (j > 0 && v[j - 1].id == v[i].id) {
			free(v[i].sort_key);
			free(v[i].paper);
			continue;
		}
		v[j++] = v[i];
	}
	n = j;
	ntw = (int64_t)n;
	for (i = 0; i < n; i++) {
		int d;

		if (!v[i].sort_key)
			continue;
		d = strcmp(v[i].sort_key, own_key ? own_key : "");
		if (d > 0 || (d == 0 && v[i].id > id))
			newer++;
	}
	/* the papers other than its own, each once, at its newest twin */
	for (i = j = 0; i < n; i++) {
		if (v[i].sort_key && v[i].paper && v[i].publisher != own_pub) {
			struct twin t = v[j];

			v[j] = v[i];
			v[i] = t;
			j++;
		}
	}
	/* each paper's newest twin first, the others swapped out of v[0..k)
	 * (all are freed below) */
	if (j > 1)
		qsort(v, j, sizeof(*v), cmp_twin_pub);
	for (i = k = 0; i < j; i++) {
		struct twin t;

		if (k > 0 && v[k - 1].publisher == v[i].publisher)
			continue;
		t = v[k];
		v[k++] = v[i];
		v[i] = t;
	}
	if (k > 1)
		qsort(v, k, sizeof(*v), cmp_twin_paper);
	for (i = 0; i < k; i++) {
		if (papers.len)
			ak_buf_addstr(&papers, "\xd8\x8c ");
		ak_buf_addstr(&papers, v[i].paper);
	}
	rc = AK_OK;
	if (ntw == old_twins && newer == old_newer && (papers.len ?
	    old_papers && strcmp(old_papers, papers.data) == 0 : !old_papers))
		goto out;
	st = cache_stmt(c, ST_TWINS, "UPDATE articles SET twins = ?2, "
	    "newer_twins = ?3, twin_papers = ?4 WHERE id = ?1", err);
	if (!st) {
		rc = AK_ECACHE;
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, ntw);
	sqlite3_bind_int64(st, 3, newer);
	if (papers.len)
		sqlite3_bind_text(st, 4, papers.data, (int)papers.len,
		    SQLITE_STATIC);
	else
		sqlite3_bind_null(st, 4);
	rc = cache_step_done(c, st, err, "counting same-story links");
out:
	for (i = 0; i < n; i++) {
		free(v[i].sort_key);
		free(v[i].paper);
	}
	free(v);
	free(own_key);
	free(old_papers);
	ak_buf_release(&papers);
	return rc;
}

/* Recount the twin columns of each article in t, once. */
static int
recount_twins(struct ak_cache *c, struct twins *t, struct ak_error *err)
{
	size_t i;
	int rc = AK_OK;

	if (t->n > 1)
		qsort(t->id, t->n, sizeof(*t->id), cmp_id);
	for (i = 0; i < t->n && rc == AK_OK; i++)
		if (i == 0 || t->id[i] != t->id[i - 1])
			rc = recount_one(c, t->id[i], err);
	return rc;
}

/* tw: where a same-story link's articles are noted for recount_twins */
static int
put_rel(struct ak_cache *c, const struct ak_link_rel *r, struct twins *tw,
	struct ak_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_REL_PUT, "INSERT OR REPLACE INTO "
	    "related(article_id, other_id, score, kind) VALUES (?1, ?2, ?3, "
	    "?4)", err);

	if (!st)
		return AK_ECACHE;
	if (r->same_story) {
		twins_add(tw, r->article);
		twins_add(tw, r->other);
	}
	sqlite3_bind_int64(st, 1, r->article);
	sqlite3_bind_int64(st, 2, r->other);
	sqlite3_bind_double(st, 3, r->score);
	sqlite3_bind_text(st, 4, ak_related_kind_name(r->same_story ?
	    AK_REL_SAME_STORY : AK_REL_RELATED), -1, SQLITE_STATIC);
	return cache_step_done(c, st, err, "storing related stories");
}

static int
cmp_rel(const void *a, const void *b)
{
	const struct ak_link_rel *x = a, *y = b;

	if (x->article != y->article)
		return x->article < y->article ? -1 : 1;
	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->other < y->other ? -1 : x->other > y->other;
}

/* One slot of a list being merged: stored already, or offered. */
struct slot {
	int64_t other;
	double score;
	const struct ak_link_rel *offer;	/* NULL: stored */
};

static int
cmp_slot(const void *a, const void *b)
{
	const struct slot *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->other < y->other ? -1 : x->other > y->other;
}

/* The stored list of target with offers o[0..n): keep the best. */
static int
merge_offers(struct ak_cache *c, const struct ak_link_rel *o, size_t n,
	struct twins *tw, struct ak_error *err)
{
	struct slot *v = ak_xmalloc((n + AK_LINK_MAX * 4 + 1) * sizeof(*v));
	size_t nv = 0, i, j, cap = n + AK_LINK_MAX * 4;
	sqlite3_stmt *st;
	int rc;

	st = cache_stmt(c, ST_REL_LIST, "SELECT other_id, score FROM related "
	    "WHERE article_id = ?1", err);
	if (!st) {
		free(v);
		return AK_ECACHE;
	}
	sqlite3_bind_int64(st, 1, o[0].article);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (nv == cap) {
			cap *= 2;
			v = ak_xreallocarray(v, cap + 1, sizeof(*v));
		}
		v[nv].other = sqlite3_column_int64(st, 0);
		v[nv].score = sqlite3_column_double(st, 1);
		v[nv++].offer = NULL;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE) {
		free(v);
		return ak_cache_error(c, rc, err, "reading related stories");
	}
	for (i = 0; i < n; i++) {
		for (j = 0; j < nv && v[j].other != o[i].other; j++)
			;
		if (j < nv)
			continue;	/* listed already */
		v[nv].other = o[i].other;
		v[nv].score = o[i].score;
		v[nv++].offer = &o[i];
	}
	qsort(v, nv, sizeof(*v), cmp_slot);
	rc = AK_OK;
	for (i = 0; i < nv && rc == AK_OK; i++) {
		if (i < AK_LINK_MAX && v[i].offer) {
			rc = put_rel(c, v[i].offer, tw, err);
		} else if (i >= AK_LINK_MAX && !v[i].offer) {
			st = cache_stmt(c, ST_REL_DELETE, "DELETE FROM related "
			    "WHERE article_id = ?1 AND other_id = ?2", err);
			if (!st) {
				rc = AK_ECACHE;
				break;
			}
			sqlite3_bind_int64(st, 1, o[0].article);
			sqlite3_bind_int64(st, 2, v[i].other);
			rc = cache_step_done(c, st, err,
			    "updating related stories");
		}
	}
	free(v);
	return rc;
}

static int
cmp_post(const void *a, const void *b)
{
	const struct ak_link_post *x = a, *y = b;

	if (x->term != y->term)
		return x->term < y->term ? -1 : 1;
	return x->w < y->w ? -1 : x->w > y->w;
}

/* Postings in key order, so that one B-tree page takes a term's. */
static struct ak_link_post *
sorted_posts(const struct ak_link_post *p, size_t n)
{
	struct ak_link_post *v = ak_xmalloc((n + 1) * sizeof(*v));

	memcpy(v, p, n * sizeof(*v));
	qsort(v, n, sizeof(*v), cmp_post);
	return v;
}

/* Run st (term_id, weight, article_id) over p, in key order. */
static int
each_posting(struct ak_cache *c, sqlite3_stmt *st, const char *what,
	const struct ak_link_post *p, size_t n, struct ak_error *err)
{
	struct ak_link_post *v;
	size_t i;
	int rc = AK_OK;

	if (!st)
		return AK_ECACHE;
	v = sorted_posts(p, n);
	for (i = 0; i < n && rc == AK_OK; i++) {
		sqlite3_bind_int64(st, 1, v[i].term);
		sqlite3_bind_double(st, 2, v[i].w);
		sqlite3_bind_int64(st, 3, v[i].article);
		rc = cache_step_done(c, st, err, what);
	}
	free(v);
	return rc;
}

static int
add_postings(struct ak_cache *c, const struct ak_link_post *p, size_t n,
	struct ak_error *err)
{
	return each_posting(c, cache_stmt(c, ST_POST_PUT, "INSERT OR IGNORE "
	    "INTO postings(term_id, weight, article_id) VALUES (?1, ?2, ?3)",
	    err), "storing postings", p, n, err);
}

static int
del_postings(struct ak_cache *c, const struct ak_link_post *p, size_t n,
	struct ak_error *err)
{
	return each_posting(c, cache_stmt(c, ST_POST_DEL, "DELETE FROM "
	    "postings WHERE term_id = ?1 AND weight = ?2 AND article_id = ?3",
	    err), "trimming postings", p, n, err);
}

int
ak_cache_link_store(struct ak_cache *c, const struct ak_link_result *r,
	struct ak_error *err)
{
	struct ak_link_rel *offers = NULL;
	struct twins tw = { NULL, 0, 0 };
	sqlite3_stmt *st;
	unsigned char *blob;
	size_t i, j, len;
	int rc = AK_OK;

	/* document frequencies, and the document count (id 0) */
	st = cache_stmt(c, ST_DF_PUT, "INSERT INTO terms(id, term, df) "
	    "VALUES (?1, ?2, ?3) ON CONFLICT(id) DO UPDATE SET "
	    "df = df + excluded.df", err);
	if (!st)
		return AK_ECACHE;
	for (i = 0; i <= r->ndfs && rc == AK_OK; i++) {
		if (i == r->ndfs && r->ndocs_add == 0)
			break;
		sqlite3_bind_int64(st, 1, i < r->ndfs ? r->dfs[i].id : 0);
		sqlite3_bind_text(st, 2, "", -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 3, i < r->ndfs ? r->dfs[i].add :
		    r->ndocs_add);
		rc = cache_step_done(c, st, err, "counting terms");
	}
	/* vectors, and their postings in term order (B-tree locality) */
	st = cache_stmt(c, ST_VEC_PUT, "INSERT OR REPLACE INTO vectors("
	    "article_id, days, v) VALUES (?1, ?2, ?3)", err);
	if (!st)
		return AK_ECACHE;
	for (i = 0; i < r->nvecs && rc == AK_OK; i++) {
		if (r->vecs[i].n == 0)
			continue;
		blob = pack(&r->vecs[i], &len);
		sqlite3_bind_int64(st, 1, r->vecs[i].id);
		if (r->vecs[i].days >= 0)
			sqlite3_bind_int64(st, 2, r->vecs[i].days);
		else
			sqlite3_bind_null(st, 2);
		sqlite3_bind_blob(st, 3, blob, (int)len, SQLITE_STATIC);
		rc = cache_step_done(c, st, err, "storing a vector");
		free(blob);
	}
	/* postings: those pushed out, then those that entered */
	if (rc == AK_OK && r->npost_del)
		rc = del_postings(c, r->post_del, r->npost_del, err);
	if (rc == AK_OK && r->npost_add)
		rc = add_postings(c, r->post_add, r->npost_add, err);
	for (i = 0; i < r->nlists && rc == AK_OK; i++)
		rc = put_rel(c, &r->lists[i], &tw, err);
	if (rc == AK_OK && r->noffers > 0) {
		/* offers, one stored list at a time */
		offers = ak_xmalloc(r->noffers * sizeof(*offers));
		memcpy(offers, r->offers, r->noffers * sizeof(*offers));
		qsort(offers, r->noffers, sizeof(*offers), cmp_rel);
		for (i = 0; i < r->noffers && rc == AK_OK; i = j) {
			for (j = i + 1; j < r->noffers &&
			    offers[j].article == offers[i].article; j++)
				;
			rc = merge_offers(c, offers + i, j - i, &tw, err);
		}
		free(offers);
	}
	if (rc == AK_OK)
		rc = recount_twins(c, &tw, err);
	free(tw.id);
	return rc;
}

/* ---------------------------------------------------------------- listing */

static struct ak_related *
push(struct ak_related **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = ak_xreallocarray(*v, *cap, sizeof(**v));
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

int
ak_related_list(struct ak_cache *c, int64_t id, struct ak_related **out,
	size_t *nout, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	struct ak_related *v = NULL, *r;
	size_t n = 0, cap = 0, nrefs, i;
	int rc, dup;

	*out = NULL;
	*nout = 0;
	rc = sqlite3_prepare_v2(c->db, "SELECT 1 FROM articles WHERE id = ?1",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "related stories");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_DONE)
		return ak_error_set(err, AK_ENOTFOUND, "no article %lld",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return ak_cache_error(c, rc, err, "related stories");

	rc = sqlite3_prepare_v2(c->db, "SELECT r.target_id, r.title, "
	    "r.summary, p.name, a.published FROM refs r "
	    "LEFT JOIN articles a ON a.id = r.target_id "
	    "LEFT JOIN publishers p ON p.id = a.publisher_id "
	    "WHERE r.article_id = ?1 ORDER BY r.seq", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "related stories");
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = push(&v, &n, &cap);
		r->id = sqlite3_column_int64(st, 0);
		r->title = cache_col_str(st, 1);
		r->summary = cache_col_str(st, 2);
		r->publisher = cache_col_str(st, 3);
		r->published = cache_col_str(st, 4);
		r->kind = AK_REL_REF;
	}
	if (rc != SQLITE_DONE) {
		rc = ak_cache_error(c, rc, err, "related stories");
		goto out;
	}
	sqlite3_finalize(st);
	nrefs = n;

	rc = sqlite3_prepare_v2(c->db, "SELECT r.other_id, a.title, p.name, "
	    "a.published, r.score, r.kind FROM related r "
	    "JOIN articles a ON a.id = r.other_id "
	    "LEFT JOIN publishers p ON p.id = a.publisher_id "
	    "WHERE r.article_id = ?1 ORDER BY r.score DESC, r.other_id", -1,
	    &st, NULL);
	if (rc != SQLITE_OK) {
		st = NULL;
		rc = ak_cache_error(c, rc, err, "related stories");
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t other = sqlite3_column_int64(st, 0);
		const char *kind = (const char *)sqlite3_column_text(st, 5);

		for (i = 0, dup = 0; i < nrefs && !dup; i++)
			dup = v[i].id == other;
		if (dup)
			continue;
		r = push(&v, &n, &cap);
		r->id = other;
		r->title = cache_col_str(st, 1);
		r->publisher = cache_col_str(st, 2);
		r->published = cache_col_str(st, 3);
		r->score = sqlite3_column_double(st, 4);
		r->kind = kind && strcmp(kind, ak_related_kind_name(
		    AK_REL_SAME_STORY)) == 0 ? AK_REL_SAME_STORY :
		    AK_REL_RELATED;
	}
	if (rc != SQLITE_DONE) {
		rc = ak_cache_error(c, rc, err, "related stories");
		goto out;
	}
	rc = AK_OK;
out:
	sqlite3_finalize(st);
	if (rc != AK_OK) {
		ak_related_free_array(v, n);
		return rc;
	}
	*out = v;
	*nout = n;
	return AK_OK;
}

/* ---------------------------------------------------------------- schema 3 */

/*
 * Schema 2 kept an article's terms as rows of article_terms (with tf and
 * the weight of the day); schema 3 packs them into one vector row and
 * keeps the postings in one B-tree.  The weights carry over.
 */
int
cache_related_convert(struct ak_cache *c, struct ak_error *err)
{
	sqlite3_stmt *sel = NULL, *put = NULL;
	struct ak_link_vec v;
	unsigned char *blob;
	size_t len, cap = 0;
	int64_t cur = 0;
	int rc, more = 1;

	memset(&v, 0, sizeof(v));
	rc = sqlite3_prepare_v2(c->db, "SELECT t.article_id, t.term_id, "
	    "t.weight, a.published, t.tf FROM article_terms t JOIN articles a ON "
	    "a.id = t.article_id ORDER BY t.article_id, t.weight DESC", -1,
	    &sel, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(c->db, "INSERT INTO vectors(article_id, "
		    "days, v) VALUES (?1, ?2, ?3)", -1, &put, NULL);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "converting term vectors");
		goto out;
	}
	while (more) {
		rc = sqlite3_step(sel);
		more = rc == SQLITE_ROW;
		if (!more && rc != SQLITE_DONE) {
			rc = ak_cache_error(c, rc, err,
			    "converting term vectors");
			goto out;
		}
		if (v.n && (!more || sqlite3_column_int64(sel, 0) != cur)) {
			blob = pack(&v, &len);
			sqlite3_bind_int64(put, 1, cur);
			if (v.days >= 0)
				sqlite3_bind_int64(put, 2, v.days);
			else
				sqlite3_bind_null(put, 2);
			sqlite3_bind_blob(put, 3, blob, (int)len,
			    SQLITE_STATIC);
			rc = cache_step_done(c, put, err,
			    "converting term vectors");
			free(blob);
			if (rc == AK_OK)
				rc = put_postings(c, &v, err);
			if (rc != AK_OK)
				goto out;
			v.n = 0;
		}
		if (!more)
			break;
		if (v.n == 0) {
			const char *p = (const char *)sqlite3_column_text(sel,
			    3);
			int y, m, d;

			cur = sqlite3_column_int64(sel, 0);
			v.id = cur;
			v.days = -1;
			if (p && sscanf(p, "%4d-%2d-%2d", &y, &m, &d) == 3 &&
			    m >= 1 && m <= 12 && d >= 1 &&
			    d <= ak_days_in_month(y, m))
				v.days = ak_days_from_civil(y, m, d);
		}
		if (v.n == cap) {
			cap = cap ? cap * 2 : 64;
			v.t = ak_xreallocarray(v.t, cap, sizeof(*v.t));
		}
		v.t[v.n].id = sqlite3_column_int64(sel, 1);
		v.t[v.n].tf = sqlite3_column_int(sel, 4);
		v.t[v.n++].w = (float)sqlite3_column_double(sel, 2);
	}
	rc = cache_exec(c, "DROP TABLE article_terms", err);
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(put);
	free(v.t);
	return rc;
}
