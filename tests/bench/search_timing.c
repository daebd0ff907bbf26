/*
 * The timing half of search_bench.sh (built by it against libakhbar.a):
 * ak_search latency on a cache, one query at a time, top N, the whole
 * call (parse, rank, join, snippets) and the ranking query alone.
 * Prints "name: value unit" lines.  Not a test: nothing fails on a slow
 * figure.
 *
 * usage: search_timing CACHE LIMIT RUNS NAME=QUERY...
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <sqlite3.h>

#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/search.h"

static double
now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int
cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static int
no_row(void *ctx, const struct ak_fts_row *r)
{
	(void)ctx;
	(void)r;
	return AK_OK;
}

/*
 * The ranked query without the snippets: akhbar's (the cache's ranked
 * query, its top rows joined with their titles) or, to compare, FTS5's
 * bm25() with the same weights and no join, on db, a connection of the
 * bench's own (the cache's is the cache's alone).
 */
static int
rank_only(struct ak_cache *c, sqlite3 *db, const char *query, int limit,
	int bm25, long *nmatch)
{
	struct ak_search_query q;
	struct ak_fts_query fq;
	struct ak_error err = { 0, "" };
	sqlite3_stmt *st = NULL;
	int rc = SQLITE_OK;

	if (ak_search_parse(query, &q, &err) != AK_OK || !q.match) {
		ak_search_query_release(&q);
		return -1;
	}
	if (!bm25) {
		memset(&fq, 0, sizeof(fq));
		fq.match = q.match;
		fq.limit = limit;
		if (ak_cache_fts_search(c, &fq, no_row, NULL, &err) != AK_OK)
			rc = SQLITE_ERROR;
	} else {
		rc = sqlite3_prepare_v2(db, "SELECT rowid FROM art_fts WHERE "
		    "art_fts MATCH ?1 ORDER BY bm25(art_fts, 10.0, 3.0, 1.0, "
		    "2.0, 10.0, 1.0) LIMIT ?2", -1, &st, NULL);
		if (rc == SQLITE_OK) {
			sqlite3_bind_text(st, 1, q.match, -1, SQLITE_STATIC);
			sqlite3_bind_int(st, 2, limit);
			while (sqlite3_step(st) == SQLITE_ROW)
				;
		}
		sqlite3_finalize(st);
	}
	if (nmatch) {
		st = NULL;
		*nmatch = 0;
		if (sqlite3_prepare_v2(db, "SELECT count(*) FROM art_fts WHERE "
		    "art_fts MATCH ?1", -1, &st, NULL) == SQLITE_OK) {
			sqlite3_bind_text(st, 1, q.match, -1, SQLITE_STATIC);
			if (sqlite3_step(st) == SQLITE_ROW)
				*nmatch = sqlite3_column_int64(st, 0);
		}
		sqlite3_finalize(st);
	}
	ak_search_query_release(&q);
	return rc == SQLITE_OK ? 0 : -1;
}

int
main(int argc, char **argv)
{
	struct ak_cache *c = NULL;
	struct ak_error err = { 0, "" };
	sqlite3 *db = NULL;
	int limit, runs, i, k, k2;
	double *t;

	if (argc < 5) {
		fprintf(stderr, "usage: search_timing CACHE LIMIT RUNS "
		    "NAME=QUERY...\n");
		return 2;
	}
	limit = atoi(argv[2]);
	runs = atoi(argv[3]);
	if (limit < 1 || runs < 1)
		return 2;
	if (ak_cache_open(argv[1], AK_CACHE_READONLY, &c, &err) != AK_OK) {
		fprintf(stderr, "search_timing: %s\n", err.msg);
		return 1;
	}
	if (sqlite3_open_v2(argv[1], &db, SQLITE_OPEN_READONLY, NULL) !=
	    SQLITE_OK) {
		fprintf(stderr, "search_timing: %s\n", sqlite3_errmsg(db));
		return 1;
	}
	printf("search_articles: %ld articles\n", ak_cache_count(c));
	t = calloc((size_t)runs, sizeof(*t));
	for (k = 4; k < argc; k++) {
		char *name = strdup(argv[k]), *query = strchr(name, '=');
		struct ak_hit *hits = NULL;
		size_t n = 0;
		long nmatch = 0;
		double t0;

		if (!query) {
			free(name);
			continue;
		}
		*query++ = '\0';
		/* once to warm the page cache, not counted */
		if (ak_search(c, query, limit, &hits, &n, &err) != AK_OK) {
			fprintf(stderr, "search_timing: %s: %s\n", query,
			    err.msg);
			free(name);
			continue;
		}
		ak_hits_free(hits, n);
		for (i = 0; i < runs; i++) {
			t0 = now_ms();
			ak_search(c, query, limit, &hits, &n, &err);
			t[i] = now_ms() - t0;
			ak_hits_free(hits, n);
		}
		qsort(t, (size_t)runs, sizeof(*t), cmp_double);
		rank_only(c, db, query, limit, 0, &nmatch);
		printf("search_%s_matches: %ld articles\n", name, nmatch);
		printf("search_%s_top%d_median: %.2f ms\n", name, limit,
		    t[runs / 2]);
		printf("search_%s_top%d_p90: %.2f ms\n", name, limit,
		    t[(runs * 9) / 10 < runs ? (runs * 9) / 10 : runs - 1]);
		for (k2 = 0; k2 < 2; k2++) {
			for (i = 0; i < runs; i++) {
				t0 = now_ms();
				rank_only(c, db, query, limit, k2, NULL);
				t[i] = now_ms() - t0;
			}
			qsort(t, (size_t)runs, sizeof(*t), cmp_double);
			printf("search_%s_%s_median: %.2f ms\n", name,
			    k2 ? "fts5_bm25_only" : "rank_only", t[runs / 2]);
		}
		fflush(stdout);
		free(name);
	}
	free(t);
	sqlite3_close(db);
	ak_cache_close(c);
	return 0;
}
