/*
 * Helpers shared by the cmocka tests: temporary folders and caches.
 */
#ifndef AKHBAR_TESTUTIL_H
#define AKHBAR_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <sqlite3.h>

#include "akhbar/cache.h"
#include "akhbar/error.h"

/* A fresh temporary folder under $TMPDIR; caller frees and removes it. */
static inline char *
tu_tempdir(void)
{
	const char *t = getenv("TMPDIR");
	char *p = malloc(4096);

	snprintf(p, 4096, "%s/akhbar-test-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(p)) {
		perror("mkdtemp");
		abort();
	}
	return p;
}

/* rm -rf dir (test folders only) and free the path. */
static inline void
tu_rmtree(char *dir)
{
	char cmd[4200];

	if (dir && strstr(dir, "akhbar-test-")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", dir);
	}
	free(dir);
}

/* A fresh cache in a temporary folder, as a cmocka fixture (state). */
struct tu_cache {
	char *dir;
	struct ak_cache *c;
};

static inline int
tu_cache_setup(void **state)
{
	struct tu_cache *f = calloc(1, sizeof(*f));
	struct ak_error err = { 0, "" };
	char path[4200];

	f->dir = tu_tempdir();
	snprintf(path, sizeof(path), "%s/akhbar.db", f->dir);
	if (ak_cache_open(path, 0, &f->c, &err) != AK_OK) {
		fprintf(stderr, "# %s\n", err.msg);
		tu_rmtree(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static inline int
tu_cache_teardown(void **state)
{
	struct tu_cache *f = *state;

	ak_cache_close(f->c);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

/* ak_cache_put as the tests use it: the id and what was done. */
static inline int
tu_put(struct ak_cache *c, const struct ak_article *a, int64_t *id,
	enum ak_put_result *res, struct ak_error *err)
{
	struct ak_put_info info;
	int rc = ak_cache_put(c, a, NULL, &info, NULL, err);

	if (rc == AK_OK) {
		*id = info.id;
		*res = info.result;
	}
	return rc;
}

/*
 * Run sql on the cache file of c through a connection of the test's own
 * (the cache keeps SQLite to itself; tests look at the tables).
 */
static inline void
tu_sql(struct ak_cache *c, const char *sql)
{
	sqlite3 *db;

	if (sqlite3_open(ak_cache_path(c), &db) != SQLITE_OK ||
	    sqlite3_exec(db, sql, NULL, NULL, NULL) != SQLITE_OK) {
		fprintf(stderr, "# %s: %s\n", sql, sqlite3_errmsg(db));
		abort();
	}
	sqlite3_close(db);
}

/* The first column of the first row of sql on c's file, as an integer
 * (-1 without a row). */
static inline long long
tu_sql_int(struct ak_cache *c, const char *sql)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	long long v = -1;

	if (sqlite3_open(ak_cache_path(c), &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "# %s: %s\n", sql, sqlite3_errmsg(db));
		abort();
	}
	if (sqlite3_step(st) == SQLITE_ROW)
		v = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	sqlite3_close(db);
	return v;
}

/* Every row of sql on c's file, columns joined by ' ', one line a row;
 * ?1 bound to id.  Caller frees. */
static inline char *
tu_sql_rows(struct ak_cache *c, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	sqlite3 *db;
	char *out = NULL;
	size_t len = 0;
	FILE *f = open_memstream(&out, &len);
	int i;

	if (sqlite3_open(ak_cache_path(c), &db) != SQLITE_OK ||
	    sqlite3_prepare_v2(db, sql, -1, &st, NULL) != SQLITE_OK) {
		fprintf(stderr, "# %s: %s\n", sql, sqlite3_errmsg(db));
		abort();
	}
	if (sqlite3_bind_parameter_count(st) > 0)
		sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW) {
		for (i = 0; i < sqlite3_column_count(st); i++) {
			const unsigned char *t = sqlite3_column_text(st, i);

			fprintf(f, "%s%s", i ? " " : "",
			    t ? (const char *)t : "NULL");
		}
		fputc('\n', f);
	}
	sqlite3_finalize(st);
	sqlite3_close(db);
	fclose(f);
	return out;
}

#endif
