/*
 * The cache's articles: storing them by the identity rules of ident.h,
 * reading them back, the list, marks and counts.
 *
 * Identity in the tables.  articles.ident is an article's key (ident.h),
 * unique: the second article of one key (another story under the same
 * title, a site reusing a URL) gets the key followed by \x1f and a number,
 * so that all articles of a key are one range of the ident index.  An
 * article reached through another URL or guid has that key in aliases.
 * articles.fp is the body's fingerprint, computed at import (NULL for
 * articles stored before schema 3: computed when first compared).
 */
#include "config.h"

#include "akhbar/cache.h"
#include "cache_impl.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/ident.h"
#include "akhbar/text.h"

/* How many stored articles of one title are compared, newest first. */
#define MAX_CANDIDATES 200

/* ---------------------------------------------------------------- put */

/*
 * The id of publisher name, added if new.  A look-up first: an upsert
 * that touches an existing publisher row makes SQLite check the articles
 * referring to it, a scan of every article for each one stored.
 */
static int
publisher_id(struct ak_cache *c, const char *name, int64_t *id,
	struct ak_error *err)
{
	sqlite3_stmt *st;
	int rc;

	*id = 0;
	if (!name || !*name)
		return AK_OK;
	st = cache_stmt(c, ST_PUBLISHER, "SELECT id FROM publishers "
	    "WHERE name = ?1", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		*id = sqlite3_column_int64(st, 0);
	sqlite3_reset(st);
	if (rc == SQLITE_ROW)
		return AK_OK;
	if (rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "publisher");
	st = cache_stmt(c, ST_PUBLISHER_ADD, "INSERT INTO publishers(name) "
	    "VALUES (?1)", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = cache_step_done(c, st, err, "publisher");
	if (rc == AK_OK)
		*id = sqlite3_last_insert_rowid(c->db);
	return rc;
}

static void
now_iso(char out[32])
{
	time_t t = time(NULL);
	struct tm tm;

	gmtime_r(&t, &tm);
	strftime(out, 32, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

static int
put_children(struct ak_cache *c, int64_t id, const struct ak_article *a,
	struct ak_error *err)
{
	sqlite3_stmt *st;
	size_t i;
	int rc;

	st = cache_stmt(c, ST_BLOCK_INSERT, "INSERT INTO blocks(article_id, "
	    "seq, kind, text, credit) VALUES (?1, ?2, ?3, ?4, ?5)", err);
	if (!st)
		return AK_ECACHE;
	for (i = 0; i < a->nblocks; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, ak_block_kind_name(a->blocks[i].kind),
		    -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, a->blocks[i].text ?
		    a->blocks[i].text : "", -1, SQLITE_STATIC);
		cache_bind_text(st, 5, a->blocks[i].credit);
		rc = cache_step_done(c, st, err, "storing a block");
		if (rc != AK_OK)
			return rc;
	}

	st = cache_stmt(c, ST_REF_INSERT, "INSERT INTO refs(article_id, seq, "
	    "title, title_key, section, caption, summary, byline, target_id) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "(SELECT id FROM articles WHERE title_key = ?4 AND id != ?1 "
	    " ORDER BY id LIMIT 1))", err);
	if (!st)
		return AK_ECACHE;
	for (i = 0; i < a->nrefs; i++) {
		const struct ak_ref *r = &a->refs[i];
		const char *title = r->title ? r->title : "";
		char *key = ak_text_key(title, strlen(title));

		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, title, -1, SQLITE_STATIC);
		sqlite3_bind_text(st, 4, key, -1, SQLITE_STATIC);
		cache_bind_text(st, 5, r->section);
		cache_bind_text(st, 6, r->caption);
		cache_bind_text(st, 7, r->summary);
		cache_bind_text(st, 8, r->byline);
		rc = cache_step_done(c, st, err, "storing a ref");
		free(key);
		if (rc != AK_OK)
			return rc;
	}
	return AK_OK;
}

/*
 * Refs that other pages list under this article's title, stored before
 * the article arrived, now point to it.
 */
static int
link_refs_to(struct ak_cache *c, int64_t id, const char *key,
	struct ak_error *err)
{
	sqlite3_stmt *st;

	if (!*key)
		return AK_OK;
	st = cache_stmt(c, ST_REFS_LINK, "UPDATE refs SET target_id = ?1 "
	    "WHERE title_key = ?2 AND target_id IS NULL AND article_id != ?1",
	    err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	return cache_step_done(c, st, err, "linking refs");
}

/* A stored article compared with the one being imported. */
struct cand {
	struct ak_ident_cand pub;	/* what ak_ident_decide sees */
	struct ak_sketch sketch;
	char *hash, *title_key, *publisher;
	int has_fp;
};

struct cands {
	struct cand *v;
	size_t n, cap;
};

static void
cands_release(struct cands *cs)
{
	size_t i;

	for (i = 0; i < cs->n; i++) {
		free(cs->v[i].hash);
		free(cs->v[i].title_key);
		free(cs->v[i].publisher);
	}
	free(cs->v);
	memset(cs, 0, sizeof(*cs));
}

static long
iso_days(const char *s)
{
	struct ak_article a;
	struct ak_ident id;
	long d;

	/* one parser of dates for identity: ident.c's */
	ak_article_init(&a);
	a.published = (char *)s;
	ak_ident_of(&a, &id);
	d = id.days;
	ak_ident_release(&id);
	return d;
}

#define CAND_COLS "a.id, a.hash, a.title_key, a.fp, a.published, p.name "

/* Append the rows of st (CAND_COLS) not met yet. */
static int
read_cands(struct ak_cache *c, sqlite3_stmt *st, int same_key,
	struct cands *cs, struct ak_error *err)
{
	int rc;
	size_t i;

	while ((rc = sqlite3_step(st)) == SQLITE_ROW &&
	    cs->n < MAX_CANDIDATES * 2) {
		int64_t id = sqlite3_column_int64(st, 0);
		struct cand *k;

		for (i = 0; i < cs->n && cs->v[i].pub.id != id; i++)
			;
		if (i < cs->n)
			continue;
		if (cs->n == cs->cap) {
			cs->cap = cs->cap ? cs->cap * 2 : 8;
			cs->v = ak_xreallocarray(cs->v, cs->cap,
			    sizeof(*cs->v));
		}
		k = &cs->v[cs->n++];
		memset(k, 0, sizeof(*k));
		k->pub.id = id;
		k->pub.blocks_kept = -1;
		k->hash = cache_col_str(st, 1);
		k->title_key = cache_col_str(st, 2);
		k->has_fp = sqlite3_column_type(st, 3) == SQLITE_BLOB;
		if (k->has_fp)
			ak_sketch_unpack(sqlite3_column_blob(st, 3),
			    (size_t)sqlite3_column_bytes(st, 3), &k->sketch);
		k->pub.days = iso_days((const char *)sqlite3_column_text(st,
		    4));
		k->publisher = cache_col_str(st, 5);
		k->pub.same_key = same_key;
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return ak_cache_error(c, rc, err, "looking up an article");
	return AK_OK;
}

static int
same_publisher(const char *a, const char *b)
{
	if (!a || !*a)
		return !b || !*b;
	return b && strcmp(a, b) == 0;
}

/* An older article's fingerprint, computed from its blocks and kept. */
static int
fill_fp(struct ak_cache *c, struct cand *k, struct ak_error *err)
{
	unsigned char buf[AK_SKETCH_BYTES];
	struct ak_article a;
	sqlite3_stmt *st;
	size_t n;
	int rc;

	if (k->has_fp)
		return AK_OK;
	ak_article_init(&a);
	rc = ak_cache_get(c, k->pub.id, &a, err);
	if (rc == AK_OK)
		ak_ident_sketch(&a, &k->sketch);
	ak_article_release(&a);
	if (rc != AK_OK)
		return rc;
	k->has_fp = 1;
	st = cache_stmt(c, ST_FP, "UPDATE articles SET fp = ?2 WHERE id = ?1",
	    err);
	if (!st)
		return AK_ECACHE;
	n = ak_sketch_pack(&k->sketch, buf);
	sqlite3_bind_int64(st, 1, k->pub.id);
	sqlite3_bind_blob(st, 2, buf, (int)n, SQLITE_STATIC);
	return cache_step_done(c, st, err, "storing a fingerprint");
}

static uint64_t
text_hash(const char *s)
{
	uint64_t h = 0xcbf29ce484222325ULL;

	for (; s && *s; s++) {
		h ^= (unsigned char)*s;
		h *= 0x100000001b3ULL;
	}
	return h;
}

static int
cmp_u64(const void *x, const void *y)
{
	uint64_t a = *(const uint64_t *)x, b = *(const uint64_t *)y;

	return a < b ? -1 : a > b;
}

/*
 * The share of a's blocks that the stored article k holds word for word
 * (ident.h, AK_IDENT_BLOCKS_MIN), into k->pub.blocks_kept.
 */
static int
blocks_kept(struct ak_cache *c, const struct ak_article *a, struct cand *k,
	struct ak_error *err)
{
	struct ak_article s;
	uint64_t *h, x;
	size_t i, kept = 0;
	int rc;

	/* one or two paragraphs (a feed's summary) say too little */
	if (a->nblocks < 3)
		return AK_OK;
	ak_article_init(&s);
	rc = ak_cache_get(c, k->pub.id, &s, err);
	if (rc == AK_OK && s.nblocks > 0) {
		h = ak_xmalloc(s.nblocks * sizeof(*h));
		for (i = 0; i < s.nblocks; i++)
			h[i] = text_hash(s.blocks[i].text);
		qsort(h, s.nblocks, sizeof(*h), cmp_u64);
		for (i = 0; i < a->nblocks; i++) {
			x = text_hash(a->blocks[i].text);
			if (bsearch(&x, h, s.nblocks, sizeof(*h), cmp_u64))
				kept++;
		}
		k->pub.blocks_kept = (double)kept / (double)a->nblocks;
		free(h);
	}
	ak_article_release(&s);
	return rc;
}

/*
 * The stored articles that may be a: those of its key (and its aliases),
 * and those of its publisher and title.
 */
static int
find_cands(struct ak_cache *c, const struct ak_article *a,
	const struct ak_ident *id, struct cands *cs, struct ak_error *err)
{
	sqlite3_stmt *st;
	size_t i, j;
	int rc;

	if (id->strong) {
		st = cache_stmt(c, ST_BY_KEY, "SELECT " CAND_COLS "FROM "
		    "articles a LEFT JOIN publishers p ON p.id = "
		    "a.publisher_id WHERE a.ident = ?1 OR (a.ident > "
		    "(?1 || char(31)) AND a.ident < (?1 || char(32))) "
		    "UNION ALL SELECT " CAND_COLS "FROM aliases x JOIN "
		    "articles a ON a.id = x.article_id LEFT JOIN publishers p "
		    "ON p.id = a.publisher_id WHERE x.ident = ?1", err);
		if (!st)
			return AK_ECACHE;
		sqlite3_bind_text(st, 1, id->key, -1, SQLITE_STATIC);
		rc = read_cands(c, st, 1, cs, err);
		if (rc != AK_OK)
			return rc;
	}
	st = cache_stmt(c, ST_BY_TITLE, "SELECT " CAND_COLS "FROM articles a "
	    "LEFT JOIN publishers p ON p.id = a.publisher_id "
	    "WHERE a.title_key = ?1 ORDER BY a.id DESC LIMIT ?2", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_text(st, 1, id->title_key, -1, SQLITE_STATIC);
	sqlite3_bind_int(st, 2, MAX_CANDIDATES);
	i = cs->n;
	rc = read_cands(c, st, !id->strong, cs, err);
	if (rc != AK_OK)
		return rc;
	/* by title: only the same publisher's */
	for (j = i; i < cs->n; i++) {
		if (same_publisher(cs->v[i].publisher, a->publisher)) {
			cs->v[j++] = cs->v[i];
		} else {
			free(cs->v[i].hash);
			free(cs->v[i].title_key);
			free(cs->v[i].publisher);
		}
	}
	cs->n = j;
	for (i = 0; i < cs->n; i++) {
		rc = fill_fp(c, &cs->v[i], err);
		if (rc != AK_OK)
			return rc;
		cs->v[i].pub.hash = cs->v[i].hash;
		cs->v[i].pub.title_key = cs->v[i].title_key;
		cs->v[i].pub.sketch = &cs->v[i].sketch;
	}
	return AK_OK;
}

/* Bind the article's fields, ?2..?17, as both statements name them. */
static void
bind_fields(sqlite3_stmt *st, const struct ak_article *a, int64_t pub,
	const struct ak_ident *id, const char *now)
{
	unsigned char fp[AK_SKETCH_BYTES];
	size_t n = ak_sketch_pack(&id->sketch, fp);

	cache_bind_text(st, 2, a->guid);
	cache_bind_text(st, 3, a->url);
	if (pub)
		sqlite3_bind_int64(st, 4, pub);
	else
		sqlite3_bind_null(st, 4);
	sqlite3_bind_text(st, 5, a->title ? a->title : "", -1,
	    SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 6, id->title_key, -1, SQLITE_TRANSIENT);
	cache_bind_text(st, 7, a->subtitle);
	cache_bind_text(st, 8, a->section);
	cache_bind_text(st, 9, a->byline);
	cache_bind_text(st, 10, a->dateline);
	cache_bind_text(st, 11, a->published);
	cache_bind_text(st, 12, a->date_raw);
	cache_bind_text(st, 13, a->source);
	cache_bind_text(st, 14, a->lang);
	sqlite3_bind_text(st, 15, id->hash, -1, SQLITE_TRANSIENT);
	sqlite3_bind_text(st, 16, now, -1, SQLITE_TRANSIENT);
	sqlite3_bind_blob(st, 17, fp, (int)n, SQLITE_TRANSIENT);
}

static int
insert_article(struct ak_cache *c, const struct ak_article *a,
	const struct ak_ident *id, int64_t pub, int64_t *out,
	struct ak_error *err)
{
	struct ak_buf key = AK_BUF_INIT;
	sqlite3_stmt *st;
	char now[32];
	int rc, n;

	st = cache_stmt(c, ST_ART_INSERT, "INSERT INTO articles(ident, "
	    "guid, url, publisher_id, title, title_key, subtitle, section, "
	    "byline, dateline, published, date_raw, source, lang, sort_key, "
	    "hash, added, updated, fp) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, "
	    "?8, ?9, ?10, ?11, ?12, ?13, ?14, coalesce(?11, ''), ?15, ?16, "
	    "?16, ?17) ON CONFLICT(ident) DO NOTHING", err);
	if (!st)
		return AK_ECACHE;
	now_iso(now);
	for (n = 1;; n++) {
		ak_buf_reset(&key);
		ak_buf_addstr(&key, id->key);
		if (n > 1)
			ak_buf_addf(&key, "\x1f%d", n);
		sqlite3_bind_text(st, 1, key.data, (int)key.len,
		    SQLITE_STATIC);
		bind_fields(st, a, pub, id, now);
		rc = sqlite3_step(st);
		sqlite3_reset(st);
		if (rc != SQLITE_DONE) {
			rc = ak_cache_error(c, rc, err, "storing an article");
			break;
		}
		if (sqlite3_changes(c->db) > 0) {
			*out = sqlite3_last_insert_rowid(c->db);
			rc = AK_OK;
			break;
		}
	}
	ak_buf_release(&key);
	return rc;
}

static int
update_article(struct ak_cache *c, int64_t rowid, const struct ak_article *a,
	const struct ak_ident *id, int64_t pub, struct ak_error *err)
{
	sqlite3_stmt *st;
	char now[32];
	int rc;

	st = cache_stmt(c, ST_ART_UPDATE, "UPDATE articles SET guid = ?2, "
	    "url = ?3, publisher_id = ?4, title = ?5, title_key = ?6, "
	    "subtitle = ?7, section = ?8, byline = ?9, dateline = ?10, "
	    "published = ?11, date_raw = ?12, source = ?13, lang = ?14, "
	    "sort_key = coalesce(?11, ''), hash = ?15, updated = ?16, "
	    "fp = ?17 WHERE id = ?1", err);
	if (!st)
		return AK_ECACHE;
	now_iso(now);
	sqlite3_bind_int64(st, 1, rowid);
	bind_fields(st, a, pub, id, now);
	rc = cache_step_done(c, st, err, "storing an article");
	if (rc != AK_OK)
		return rc;
	st = cache_stmt(c, ST_BLOCKS_DELETE, "DELETE FROM blocks WHERE "
	    "article_id = ?1", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, rowid);
	rc = cache_step_done(c, st, err, "storing an article");
	if (rc != AK_OK)
		return rc;
	st = cache_stmt(c, ST_REFS_DELETE, "DELETE FROM refs WHERE "
	    "article_id = ?1", err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, rowid);
	return cache_step_done(c, st, err, "storing an article");
}

static void
take(char **field, const char *v, int replace)
{
	if (v && (replace || !*field))
		ak_set_str(field, v);
}

static int
same_url(const char *a, const char *b)
{
	char *x, *y;
	int same;

	if (!a || !b)
		return 0;
	x = ak_url_key(a);
	y = ak_url_key(b);
	same = x && y && strcmp(x, y) == 0;
	free(x);
	free(y);
	return same;
}

/*
 * m (the stored version) with what a brings: with replace, a's known
 * fields win; without, a only fills what m lacks.  Never erases.
 */
static void
merge(struct ak_article *m, const struct ak_article *a, int replace)
{
	size_t i;

	take(&m->guid, a->guid, replace);
	/* the same page with tracking parameters is not a new address */
	if (!same_url(m->url, a->url))
		take(&m->url, a->url, replace);
	take(&m->title, a->title, replace);
	take(&m->subtitle, a->subtitle, replace);
	take(&m->publisher, a->publisher, replace);
	take(&m->section, a->section, replace);
	take(&m->byline, a->byline, replace);
	take(&m->dateline, a->dateline, replace);
	take(&m->published, a->published, replace);
	take(&m->date_raw, a->date_raw, replace);
	take(&m->source, a->source, replace);
	take(&m->lang, a->lang, replace);
	/* the same words in other blocks (an exported copy read back)
	 * bring nothing: the stored blocks keep their kinds and credits */
	if (a->nblocks && (replace || !m->nblocks) && !(m->nblocks &&
	    ak_ident_body_words(m) == ak_ident_body_words(a))) {
		struct ak_article t;

		ak_article_init(&t);
		for (i = 0; i < a->nblocks; i++) {
			const struct ak_block *b = &a->blocks[i];

			ak_article_add_block(&t, b->kind, b->text ? b->text :
			    "", b->text ? strlen(b->text) : 0, b->credit);
		}
		for (i = 0; i < m->nblocks; i++) {
			free(m->blocks[i].text);
			free(m->blocks[i].credit);
		}
		free(m->blocks);
		m->blocks = t.blocks;
		m->nblocks = t.nblocks;
		t.blocks = NULL;
		t.nblocks = 0;
		ak_article_release(&t);
	}
	if (a->nrefs && (replace || !m->nrefs)) {
		struct ak_ref *old = m->refs;
		size_t nold = m->nrefs, j;

		m->refs = NULL;
		m->nrefs = 0;
		for (i = 0; i < a->nrefs; i++) {
			struct ak_ref *r = ak_article_add_ref(m);
			const struct ak_ref *o = NULL;

			/* a ref the page lists again keeps what was known of
			 * it (an exported copy lists only the titles) */
			for (j = 0; j < nold && !o; j++)
				if (old[j].title && a->refs[i].title &&
				    strcmp(old[j].title, a->refs[i].title) == 0)
					o = &old[j];
			r->title = ak_xstrdup0(a->refs[i].title);
			r->section = ak_xstrdup0(a->refs[i].section ?
			    a->refs[i].section : o ? o->section : NULL);
			r->caption = ak_xstrdup0(a->refs[i].caption ?
			    a->refs[i].caption : o ? o->caption : NULL);
			r->summary = ak_xstrdup0(a->refs[i].summary ?
			    a->refs[i].summary : o ? o->summary : NULL);
			r->byline = ak_xstrdup0(a->refs[i].byline ?
			    a->refs[i].byline : o ? o->byline : NULL);
		}
		for (j = 0; j < nold; j++) {
			free(old[j].title);
			free(old[j].section);
			free(old[j].caption);
			free(old[j].summary);
			free(old[j].byline);
		}
		free(old);
	}
}

static int
add_alias(struct ak_cache *c, const char *key, int64_t id,
	struct ak_error *err)
{
	sqlite3_stmt *st = cache_stmt(c, ST_ALIAS_ADD, "INSERT OR IGNORE INTO "
	    "aliases(ident, article_id) VALUES (?1, ?2)", err);

	if (!st)
		return AK_ECACHE;
	sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	return cache_step_done(c, st, err, "storing an alias");
}

int
ak_cache_put(struct ak_cache *c, const struct ak_article *a,
	const struct ak_ident *given, struct ak_put_info *info,
	struct ak_article *merged, struct ak_error *err)
{
	struct ak_ident own, mid;
	const struct ak_ident *id = given;
	struct cands cs = { NULL, 0, 0 };
	struct ak_ident_cand *pc = NULL;
	struct ak_ident_match m;
	struct ak_article stored;
	int64_t pub = 0, rowid;
	size_t i;
	int rc;

	memset(info, 0, sizeof(*info));
	memset(&mid, 0, sizeof(mid));
	ak_article_init(&stored);
	if (!id) {
		ak_ident_of(a, &own);
		id = &own;
	}
	rc = find_cands(c, a, id, &cs, err);
	if (rc != AK_OK)
		goto out;
	/* known by publisher and title: how much of the text stays, for
	 * the versions the fingerprint alone would call an edit */
	for (i = 0; !id->strong && i < cs.n && rc == AK_OK; i++)
		if (cs.v[i].pub.same_key && ak_sketch_similarity(&id->sketch,
		    &cs.v[i].sketch) >= AK_IDENT_EDIT_MIN)
			rc = blocks_kept(c, a, &cs.v[i], err);
	if (rc != AK_OK)
		goto out;
	pc = ak_xcalloc(cs.n ? cs.n : 1, sizeof(*pc));
	for (i = 0; i < cs.n; i++)
		pc[i] = cs.v[i].pub;
	ak_ident_decide(id, pc, cs.n, &m);
	info->why = m.why;
	info->similarity = m.similarity;
	if (m.verdict == AK_IDENT_NEW) {
		if (cs.n)
			info->other = cs.v[m.which].pub.id;
		rc = publisher_id(c, a->publisher, &pub, err);
		if (rc == AK_OK)
			rc = insert_article(c, a, id, pub, &info->id, err);
		if (rc == AK_OK)
			rc = put_children(c, info->id, a, err);
		if (rc == AK_OK)
			rc = link_refs_to(c, info->id, id->title_key, err);
		info->result = AK_PUT_ADDED;
		goto out;
	}
	rowid = cs.v[m.which].pub.id;
	info->id = rowid;
	info->result = AK_PUT_UNCHANGED;
	if (m.verdict == AK_IDENT_SAME)
		goto out;
	if (m.verdict == AK_IDENT_ALIAS) {
		info->alias = 1;
		rc = add_alias(c, id->key, rowid, err);
		if (rc != AK_OK)
			goto out;
	}
	/* an edit, or the same text with something the cache lacked */
	rc = ak_cache_get(c, rowid, &stored, err);
	if (rc != AK_OK)
		goto out;
	merge(&stored, a, m.verdict == AK_IDENT_EDIT);
	ak_ident_of(&stored, &mid);
	if (strcmp(mid.hash, cs.v[m.which].hash) == 0)
		goto out;
	rc = publisher_id(c, stored.publisher, &pub, err);
	if (rc == AK_OK)
		rc = update_article(c, rowid, &stored, &mid, pub, err);
	if (rc == AK_OK)
		rc = put_children(c, rowid, &stored, err);
	if (rc == AK_OK)
		rc = link_refs_to(c, rowid, mid.title_key, err);
	if (rc != AK_OK)
		goto out;
	info->result = AK_PUT_UPDATED;
	if (merged) {
		ak_article_release(merged);
		*merged = stored;
		merged->id = rowid;
		ak_article_init(&stored);
	}
out:
	ak_article_release(&stored);
	ak_ident_release(&mid);
	if (id == &own)
		ak_ident_release(&own);
	cands_release(&cs);
	free(pc);
	return rc;
}

/* ---------------------------------------------------------------- get */

int
ak_cache_get(struct ak_cache *c, int64_t id, struct ak_article *a,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->db, "SELECT a.guid, a.url, a.title, "
	    "a.subtitle, p.name, a.section, a.byline, a.dateline, a.published, "
	    "a.date_raw, a.source, a.lang, a.read, a.starred FROM articles a "
	    "LEFT JOIN publishers p ON p.id = a.publisher_id WHERE a.id = ?1",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "reading an article");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rc = ak_error_set(err, AK_ENOTFOUND, "no article %lld",
		    (long long)id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		rc = ak_cache_error(c, rc, err, "reading an article");
		goto out;
	}
	ak_article_release(a);
	a->id = id;
	a->guid = cache_col_str(st, 0);
	a->url = cache_col_str(st, 1);
	a->title = cache_col_str(st, 2);
	a->subtitle = cache_col_str(st, 3);
	a->publisher = cache_col_str(st, 4);
	a->section = cache_col_str(st, 5);
	a->byline = cache_col_str(st, 6);
	a->dateline = cache_col_str(st, 7);
	a->published = cache_col_str(st, 8);
	a->date_raw = cache_col_str(st, 9);
	a->source = cache_col_str(st, 10);
	a->lang = cache_col_str(st, 11);
	a->read = sqlite3_column_int(st, 12);
	a->starred = sqlite3_column_int(st, 13);
	sqlite3_finalize(st);

	rc = sqlite3_prepare_v2(c->db, "SELECT kind, text, credit FROM blocks "
	    "WHERE article_id = ?1 ORDER BY seq", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "reading blocks");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int kind = ak_block_kind_from_name(
		    (const char *)sqlite3_column_text(st, 0));
		const char *text = (const char *)sqlite3_column_text(st, 1);

		ak_article_add_block(a, kind < 0 ? AK_BLOCK_PARAGRAPH : kind,
		    text ? text : "", text ? strlen(text) : 0,
		    (const char *)sqlite3_column_text(st, 2));
	}
	if (rc != SQLITE_DONE) {
		rc = ak_cache_error(c, rc, err, "reading blocks");
		goto out;
	}
	sqlite3_finalize(st);

	rc = sqlite3_prepare_v2(c->db, "SELECT title, section, caption, "
	    "summary, byline, target_id FROM refs WHERE article_id = ?1 "
	    "ORDER BY seq", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "reading refs");
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		struct ak_ref *r = ak_article_add_ref(a);

		r->title = cache_col_str(st, 0);
		r->section = cache_col_str(st, 1);
		r->caption = cache_col_str(st, 2);
		r->summary = cache_col_str(st, 3);
		r->byline = cache_col_str(st, 4);
		r->target = sqlite3_column_int64(st, 5);
	}
	if (rc != SQLITE_DONE) {
		rc = ak_cache_error(c, rc, err, "reading refs");
		goto out;
	}
	rc = AK_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

int
ak_cache_delete(struct ak_cache *c, int64_t id, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = cache_unpost(c, id, err);
	if (rc != AK_OK)
		return rc;
	rc = sqlite3_prepare_v2(c->db, "DELETE FROM articles WHERE id = ?1",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "deleting an article");
	sqlite3_bind_int64(st, 1, id);
	rc = cache_step_done(c, st, err, "deleting an article");
	if (rc == AK_OK && sqlite3_changes(c->db) == 0)
		rc = ak_error_set(err, AK_ENOTFOUND, "no article %lld",
		    (long long)id);
	sqlite3_finalize(st);
	return rc;
}

/* ---------------------------------------------------------------- list */

/*
 * The list's statements.  The rows are skipped in the index alone (the
 * inner SELECT reads only articles_order); a plain OFFSET would visit
 * every skipped article's row: 60 ms at 110,000.  Past the middle, the
 * index is read from its other end (oldest first, the window worked out
 * from the kept count in the same statement), so that the end of the
 * list costs what its start does: G took 50 ms at 110,000 before.
 */
#define LIST_SQL(inner) \
	"SELECT a.id, a.title, p.name, a.published, a.section, a.read, " \
	"a.starred, a.twins, a.twin_papers FROM (" inner ") w JOIN articles a ON a.id = w.id " \
	"LEFT JOIN publishers p ON p.id = a.publisher_id " \
	"ORDER BY a.sort_key DESC, a.id DESC"

static const char *const list_sql[2] = {
	LIST_SQL("SELECT id FROM articles ORDER BY sort_key DESC, id DESC "
	    "LIMIT ?1 OFFSET ?2"),
	LIST_SQL("SELECT id FROM articles ORDER BY sort_key, id "
	    "LIMIT max(0, min(?1, (SELECT articles FROM article_counts) - ?2)) "
	    "OFFSET max(0, (SELECT articles FROM article_counts) - ?2 - ?1)"),
};

int
ak_cache_list(struct ak_cache *c, long offset, long limit, ak_list_fn fn,
	void *ctx, struct ak_error *err)
{
	struct ak_list_row row;
	struct ak_counts n;
	sqlite3_stmt *st;
	int rc, back;

	if (offset < 0)
		offset = 0;
	back = limit >= 0 && offset > 0 &&
	    ak_cache_counts(c, &n, NULL) == AK_OK && offset > n.articles / 2;
	st = cache_stmt(c, back ? ST_LIST_OLD : ST_LIST_NEW, list_sql[back],
	    err);
	if (!st)
		return AK_ECACHE;
	sqlite3_bind_int64(st, 1, limit);
	sqlite3_bind_int64(st, 2, offset);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(st, 0);
		row.title = (const char *)sqlite3_column_text(st, 1);
		row.publisher = (const char *)sqlite3_column_text(st, 2);
		row.published = (const char *)sqlite3_column_text(st, 3);
		row.section = (const char *)sqlite3_column_text(st, 4);
		row.read = sqlite3_column_int(st, 5);
		row.starred = sqlite3_column_int(st, 6);
		row.twins = sqlite3_column_int(st, 7);
		row.twin_papers = (const char *)sqlite3_column_text(st, 8);
		rc = fn(ctx, &row);
		if (rc != AK_OK) {
			sqlite3_reset(st);
			return rc;
		}
	}
	sqlite3_reset(st);
	if (rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "listing articles");
	return AK_OK;
}

int
ak_cache_counts(struct ak_cache *c, struct ak_counts *n, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(n, 0, sizeof *n);
	rc = sqlite3_prepare_v2(c->db, "SELECT articles, unread, starred "
	    "FROM article_counts WHERE id = 1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "counting");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		n->articles = (long)sqlite3_column_int64(st, 0);
		n->unread = (long)sqlite3_column_int64(st, 1);
		n->starred = (long)sqlite3_column_int64(st, 2);
		rc = AK_OK;
	} else if (rc == SQLITE_DONE) {
		rc = ak_error_set(err, AK_ECACHE, "%s: the article counts are "
		    "missing", c->path);
	} else {
		rc = ak_cache_error(c, rc, err, "counting");
	}
	sqlite3_finalize(st);
	return rc;
}

long
ak_cache_count(struct ak_cache *c)
{
	struct ak_counts n;

	return ak_cache_counts(c, &n, NULL) == AK_OK ? n.articles : 0;
}

static int
set_flag(struct ak_cache *c, const char *sql, int64_t id, int v,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	rc = sqlite3_prepare_v2(c->db, sql, -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "updating an article");
	sqlite3_bind_int(st, 1, v ? 1 : 0);
	sqlite3_bind_int64(st, 2, id);
	rc = cache_step_done(c, st, err, "updating an article");
	if (rc == AK_OK && sqlite3_changes(c->db) == 0)
		rc = ak_error_set(err, AK_ENOTFOUND, "no article %lld",
		    (long long)id);
	sqlite3_finalize(st);
	return rc;
}

int
ak_cache_set_read(struct ak_cache *c, int64_t id, int read,
	struct ak_error *err)
{
	return set_flag(c, "UPDATE articles SET read = ?1 WHERE id = ?2", id,
	    read, err);
}

int
ak_cache_set_starred(struct ak_cache *c, int64_t id, int starred,
	struct ak_error *err)
{
	return set_flag(c, "UPDATE articles SET starred = ?1 WHERE id = ?2",
	    id, starred, err);
}

int
ak_cache_stats(struct ak_cache *c, struct ak_stats *s, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	memset(s, 0, sizeof(*s));
	rc = sqlite3_prepare_v2(c->db, "SELECT "
	    "(SELECT count(*) FROM publishers),"
	    "(SELECT articles FROM article_counts),"
	    "(SELECT unread FROM article_counts),"
	    "(SELECT starred FROM article_counts),"
	    "(SELECT count(*) FROM feeds),"
	    "(SELECT count(*) FROM refs),"
	    "(SELECT count(*) FROM refs WHERE target_id IS NOT NULL),"
	    "(SELECT user_version FROM pragma_user_version)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "counting");
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		s->publishers = sqlite3_column_int64(st, 0);
		s->articles = sqlite3_column_int64(st, 1);
		s->unread = sqlite3_column_int64(st, 2);
		s->starred = sqlite3_column_int64(st, 3);
		s->feeds = sqlite3_column_int64(st, 4);
		s->refs = sqlite3_column_int64(st, 5);
		s->linked_refs = sqlite3_column_int64(st, 6);
		s->version = sqlite3_column_int(st, 7);
		rc = AK_OK;
	} else {
		rc = ak_cache_error(c, rc, err, "counting");
	}
	sqlite3_finalize(st);
	return rc;
}

int
ak_cache_each_id(struct ak_cache *c, int (*fn)(void *ctx, int64_t id),
	void *ctx, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t n = 0, cap = 0, i;
	int rc;

	/* read them all first: fn may write to the cache */
	rc = sqlite3_prepare_v2(c->db, "SELECT id FROM articles ORDER BY id",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "listing articles");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (n == cap) {
			cap = cap ? cap * 2 : 256;
			ids = ak_xreallocarray(ids, cap, sizeof(*ids));
		}
		ids[n++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return ak_cache_error(c, rc, err, "listing articles");
	}
	for (i = 0, rc = AK_OK; i < n && rc == AK_OK; i++)
		rc = fn(ctx, ids[i]);
	free(ids);
	return rc;
}
