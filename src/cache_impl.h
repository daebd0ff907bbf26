/*
 * What the cache's files share (src/cache*.c only: the one place that
 * knows SQLite).  Prepared statements live in struct ak_cache, made on
 * first use and kept for the connection, so a bulk import prepares each
 * statement once.
 */
#ifndef AKHBAR_CACHE_IMPL_H
#define AKHBAR_CACHE_IMPL_H

#include <stdint.h>
#include <time.h>

#include <sqlite3.h>

#include "akhbar/cache.h"

/* The kept statements, by name. */
enum cache_stmt {
	ST_LIST_NEW, ST_LIST_OLD,
	ST_BY_KEY, ST_BY_TITLE, ST_ALIAS_ADD, ST_PUBLISHER, ST_PUBLISHER_ADD,
	ST_ART_INSERT, ST_ART_UPDATE, ST_BLOCK_INSERT, ST_REF_INSERT,
	ST_BLOCKS_DELETE, ST_REFS_DELETE, ST_REFS_LINK, ST_FP,
	ST_FTS_DELETE, ST_FTS_INSERT,
	ST_DF_GET, ST_DF_PUT, ST_POSTINGS, ST_VECTOR, ST_VEC_PUT,
	ST_POST_PUT, ST_POST_DEL, ST_REL_LIST, ST_REL_DELETE, ST_REL_PUT, ST_TWINS, ST_TWINS_OWN,
	ST_TWINS_READ, ST_LOG,
	ST_TEXTS,
	ST_FEED_GET, ST_FEED_FETCHED, ST_FEED_FAILED, ST_ARTICLE_FEED,
	ST_PAGE_PUT,
	ST_COUNT
};

struct ak_cache {
	sqlite3 *db;
	int wait_ms;		/* the busy timeout */
	struct timespec busy_since;	/* when the current wait began */
	char *path;
	int found_version;
	int readonly;
	int savepoints;		/* open savepoints */
	int bulk;		/* ak_cache_bulk was called */
	sqlite3_stmt *st[ST_COUNT];
};

/* Map a SQLite result code to an AK_E* code with a message. */
int ak_cache_error(struct ak_cache *c, int sqlite_rc, struct ak_error *err,
	const char *what);

/* Kept statement k, prepared from sql on first use (NULL on error, with
 * err set). */
sqlite3_stmt *cache_stmt(struct ak_cache *c, enum cache_stmt k,
	const char *sql, struct ak_error *err);

/* Run sql (no rows wanted). */
int cache_exec(struct ak_cache *c, const char *sql, struct ak_error *err);

/* Step a statement that returns no row (or whose rows are not wanted),
 * then reset it. */
int cache_step_done(struct ak_cache *c, sqlite3_stmt *st,
	struct ak_error *err, const char *what);

void cache_bind_text(sqlite3_stmt *st, int i, const char *s);
/* A copy of a text column, or NULL. */
char *cache_col_str(sqlite3_stmt *st, int i);

/* The first n columns of the first row of sql, as ints. */
int cache_query_ints(sqlite3 *db, const char *sql, int *out, int n);

/* The schema (cache_schema.c): the newest version, and the migrations
 * from+1..to run inside the caller's transaction. */
int cache_schema_version(void);
int cache_schema_migrate(struct ak_cache *c, int from, int to,
	struct ak_error *err);

/* Delete article id's postings (before it or its vector goes). */
int cache_unpost(struct ak_cache *c, int64_t id, struct ak_error *err);

/* Convert schema 2's article_terms into vectors and postings. */
int cache_related_convert(struct ak_cache *c, struct ak_error *err);

/* The FTS5 rank function, registered on the connection (cache_fts.c). */
int cache_fts_register(struct ak_cache *c, struct ak_error *err);

#endif
