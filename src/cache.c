/*
 * The cache: opening and migrating the file, transactions, and the
 * helpers the other src/cache_*.c files share.
 *
 * Opening checks before it writes: a file that is not SQLite, a SQLite
 * file that is not ours, or a cache from a newer akhbar is refused with
 * the file untouched (WAL mode, which writes, is switched on only after
 * those checks).  Migrations run inside BEGIN IMMEDIATE, so two processes
 * opening a new cache at once migrate it once.
 */
#include "config.h"

#include "akhbar/cache.h"
#include "cache_impl.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/paths.h"

#define UPGRADED	(1 << 8)	/* ak_cache_open flag: upgraded once */

/* 'akhb': PRAGMA application_id of akhbar caches. */
#define AK_APPLICATION_ID 0x616b6862

char *
ak_cache_default_path(void)
{
	const char *env = getenv("AKHBAR_DB");

	if (env && *env)
		return ak_xstrdup(env);
	return ak_data_path("akhbar.db");
}

const char *
ak_cache_path(const struct ak_cache *c)
{
	return c->path;
}

int
ak_cache_found_version(const struct ak_cache *c)
{
	return c->found_version;
}

int
ak_cache_readonly(const struct ak_cache *c)
{
	return c->readonly;
}

int
ak_cache_version(void)
{
	return cache_schema_version();
}

int
ak_cache_error(struct ak_cache *c, int rc, struct ak_error *err,
	const char *what)
{
	const char *msg = c && c->db ? sqlite3_errmsg(c->db) :
	    sqlite3_errstr(rc);
	const char *path = c ? c->path : "cache";

	switch (rc & 0xFF) {
	case SQLITE_BUSY:
	case SQLITE_LOCKED:
		return ak_error_set(err, AK_EBUSY,
		    "%s: the cache is locked by another process (%s)", path,
		    what);
	case SQLITE_READONLY:
		return ak_error_set(err, AK_EREADONLY,
		    "%s: the cache is read-only (%s)", path, what);
	case SQLITE_FULL:
		return ak_error_set(err, AK_EFULL,
		    "%s: disk full (%s); nothing was changed", path, what);
	case SQLITE_NOTADB:
		return ak_error_set(err, AK_ENOTDB,
		    "%s: not an akhbar cache (not a SQLite database)", path);
	case SQLITE_CANTOPEN:
		return ak_error_set(err, AK_EIO, "%s: cannot open the cache",
		    path);
	}
	return ak_error_set(err, AK_ECACHE, "%s: %s: %s", path, what, msg);
}

/* Read the first 16 bytes: 1 = SQLite, 0 = empty or missing, -1 = other. */
static int
sniff(const char *path)
{
	static const char magic[16] = "SQLite format 3";
	char head[16];
	struct stat st;
	ssize_t n;
	int fd;

	if (stat(path, &st) != 0)
		return 0;
	if (S_ISDIR(st.st_mode))
		return -2;
	if (st.st_size == 0)
		return 0;
	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return 1;	/* let SQLite report the permission problem */
	n = read(fd, head, sizeof(head));
	close(fd);
	if (n != (ssize_t)sizeof(head) || memcmp(head, magic, 16) != 0)
		return -1;
	return 1;
}

int
cache_query_ints(sqlite3 *db, const char *sql, int *out, int n)
{
	sqlite3_stmt *st;
	int rc = sqlite3_prepare_v2(db, sql, -1, &st, NULL), i;

	if (rc != SQLITE_OK)
		return rc;
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		for (i = 0; i < n; i++)
			out[i] = sqlite3_column_int(st, i);
		rc = SQLITE_OK;
	}
	sqlite3_finalize(st);
	return rc;
}

static int
pragma_int(sqlite3 *db, const char *sql, int *out)
{
	return cache_query_ints(db, sql, out, 1);
}

int
cache_exec(struct ak_cache *c, const char *sql, struct ak_error *err)
{
	int rc = sqlite3_exec(c->db, sql, NULL, NULL, NULL);

	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, sql);
	return AK_OK;
}

/*
 * The schema version, the application id and whether the database holds
 * any table, read in one statement so that they come from one snapshot:
 * read one by one, another process's first migration could commit in
 * between and its tables look like another program's (version 0, id 0,
 * tables).
 */
static int
read_identity(sqlite3 *db, int *version, int *appid, int *tables)
{
	int v[3] = { 0, 0, 0 };
	int rc = cache_query_ints(db, "SELECT "
	    "(SELECT user_version FROM pragma_user_version), "
	    "(SELECT application_id FROM pragma_application_id), "
	    "EXISTS (SELECT 1 FROM sqlite_master)", v, 3);

	*version = v[0];
	*appid = v[1];
	*tables = v[2];
	return rc;
}

/*
 * WAL mode, which lasts in the file: switch once.  The switch takes a lock
 * that the busy timeout does not wait for (another process may be
 * creating the cache at this moment), so a busy answer is retried for as
 * long as the timeout would wait.
 */
static int
set_wal(struct ak_cache *c, struct ak_error *err)
{
	const struct timespec pause = { 0, 10 * 1000 * 1000 };
	sqlite3_stmt *st;
	int rc, tries;

	rc = sqlite3_prepare_v2(c->db, "PRAGMA journal_mode", -1, &st, NULL);
	if (rc == SQLITE_OK && sqlite3_step(st) == SQLITE_ROW &&
	    sqlite3_column_text(st, 0) &&
	    strcmp((const char *)sqlite3_column_text(st, 0), "wal") == 0) {
		sqlite3_finalize(st);
		return AK_OK;
	}
	sqlite3_finalize(st);
	for (tries = 0;; tries++) {
		rc = cache_exec(c, "PRAGMA journal_mode = WAL", err);
		if (rc != AK_EBUSY || tries >= AK_CACHE_WAIT_MS / 10)
			return rc;
		nanosleep(&pause, NULL);
	}
}

static int
migrate(struct ak_cache *c, struct ak_error *err)
{
	int v = 0, rc;

	rc = ak_cache_begin(c, err);
	if (rc != AK_OK)
		return rc;
	/* another process may have migrated while we waited for the lock */
	if (pragma_int(c->db, "PRAGMA user_version", &v) != SQLITE_OK) {
		rc = ak_cache_error(c, sqlite3_errcode(c->db), err,
		    "reading the schema version");
		goto fail;
	}
	if (v >= AK_CACHE_VERSION) {
		ak_cache_rollback(c);
		return AK_OK;
	}
	rc = cache_schema_migrate(c, v, AK_CACHE_VERSION, err);
	if (rc != AK_OK)
		goto fail;
	{
		char sql[96];

		snprintf(sql, sizeof(sql),
		    "PRAGMA user_version = %d; PRAGMA application_id = %d",
		    AK_CACHE_VERSION, AK_APPLICATION_ID);
		rc = cache_exec(c, sql, err);
		if (rc != AK_OK)
			goto fail;
	}
	return ak_cache_commit(c, err);
fail:
	ak_cache_rollback(c);
	return rc;
}

/*
 * A WAL cache that we may not write, in a folder we may not write, with
 * no -shm file there (nobody has it open): SQLite cannot make the shared
 * memory it reads through, and refuses.  Read the file as it stands
 * (immutable: no locks, no -shm).  Someone who may write it could still
 * open it meanwhile; we would not see that, which a reader of a cache it
 * cannot change can live with.
 */
static int
open_snapshot(struct ak_cache *c)
{
	struct ak_buf uri = AK_BUF_INIT;
	const char *p;
	int rc;

	ak_buf_addstr(&uri, "file:");
	for (p = c->path; *p; p++)
		if (*p == '%' || *p == '?' || *p == '#')
			ak_buf_addf(&uri, "%%%02X", (unsigned char)*p);
		else
			ak_buf_addch(&uri, *p);
	ak_buf_addstr(&uri, "?immutable=1");
	sqlite3_close_v2(c->db);
	rc = sqlite3_open_v2(uri.data, &c->db, SQLITE_OPEN_READONLY |
	    SQLITE_OPEN_URI | SQLITE_OPEN_NOMUTEX, NULL);
	ak_buf_release(&uri);
	if (rc == SQLITE_OK) {
		sqlite3_extended_result_codes(c->db, 0);
		ak_cache_wait(c, c->wait_ms);
		c->readonly = 1;
	}
	return rc;
}

int
ak_cache_open(const char *path, int flags, struct ak_cache **out,
	struct ak_error *err)
{
	static int configured;
	struct ak_cache *c;
	int rc, kind, v = 0, appid = 0, tables = 0, oflags;
	char *dir, *slash;
	const char *max;

	kind = sniff(path);
	if (kind == -2)
		return ak_error_set(err, AK_EIO, "%s: is a directory, not a cache",
		    path);
	if (kind == -1)
		return ak_error_set(err, AK_ENOTDB,
		    "%s: not an akhbar cache (not a SQLite database); "
		    "refusing to touch it", path);
	if (kind == 0 && (flags & AK_CACHE_NOCREATE) && access(path, F_OK) != 0)
		return ak_error_set(err, AK_ENOTFOUND, "%s: no such cache",
		    path);
	if (kind == 0 && !(flags & AK_CACHE_READONLY)) {
		dir = ak_xstrdup(path);
		slash = strrchr(dir, '/');
		if (slash && slash != dir) {
			*slash = '\0';
			if (ak_mkdir_p(dir) != 0) {
				rc = ak_error_set(err, AK_EIO,
				    "%s: cannot create the folder %s: %s", path,
				    dir, strerror(errno));
				free(dir);
				return rc;
			}
		}
		free(dir);
	}

	/*
	 * No memory statistics: SQLite would take its memory mutex for
	 * every allocation to keep them, and nothing here reads them.  Set
	 * before SQLite initializes (the first open; threads come after).
	 */
	if (!configured) {
		configured = 1;
		sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
	}
	c = ak_xcalloc(1, sizeof(*c));
	c->path = ak_xstrdup(path);
	oflags = (flags & AK_CACHE_READONLY) ? SQLITE_OPEN_READONLY :
	    SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
	rc = sqlite3_open_v2(path, &c->db, oflags | SQLITE_OPEN_NOMUTEX, NULL);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "opening");
		goto fail;
	}
	sqlite3_extended_result_codes(c->db, 0);
	ak_cache_wait(c, AK_CACHE_WAIT_MS);
	/* a cache full at that many pages, as on a full disk: for tests */
	max = getenv("AKHBAR_CACHE_MAX_PAGES");
	if (max && *max) {
		char *sql = sqlite3_mprintf("PRAGMA max_page_count = %d",
		    atoi(max));

		sqlite3_exec(c->db, sql, NULL, NULL, NULL);
		sqlite3_free(sql);
	}
	c->readonly = sqlite3_db_readonly(c->db, "main") == 1;

	rc = read_identity(c->db, &v, &appid, &tables);
	if ((rc == SQLITE_READONLY || rc == SQLITE_CANTOPEN) && c->readonly &&
	    open_snapshot(c) == SQLITE_OK)
		rc = read_identity(c->db, &v, &appid, &tables);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "reading the schema version");
		goto fail;
	}
	c->found_version = v;
	if (appid != 0 && appid != AK_APPLICATION_ID) {
		rc = ak_error_set(err, AK_ENOTDB,
		    "%s: a SQLite database of another program, not an akhbar "
		    "cache; refusing to touch it", path);
		goto fail;
	}
	if (appid == 0 && v == 0 && tables) {
		rc = ak_error_set(err, AK_ENOTDB,
		    "%s: a SQLite database of another program, not an akhbar "
		    "cache; refusing to touch it", path);
		goto fail;
	}
	if (v > AK_CACHE_VERSION) {
		rc = ak_error_set(err, AK_EVERSION,
		    "%s: this cache was written by a newer akhbar (schema %d, "
		    "this akhbar knows up to %d); upgrade akhbar to use it",
		    path, v, AK_CACHE_VERSION);
		goto fail;
	}
	rc = cache_exec(c, "PRAGMA foreign_keys = ON", err);
	if (rc != AK_OK)
		goto fail;
	if (!c->readonly) {
		rc = set_wal(c, err);
		if (rc != AK_OK)
			goto fail;
		cache_exec(c, "PRAGMA synchronous = NORMAL", NULL);
	}
	if (v < AK_CACHE_VERSION && c->readonly &&
	    (flags & AK_CACHE_READONLY) && !(flags & UPGRADED) &&
	    access(path, W_OK) == 0) {
		/*
		 * Read-only by choice (akhbar show), but the file can be
		 * written: upgrade it in a write open of its own, then
		 * open it again as asked.
		 */
		struct ak_cache *w = NULL;

		ak_cache_close(c);
		rc = ak_cache_open(path, (flags & ~AK_CACHE_READONLY) |
		    AK_CACHE_NOCREATE, &w, err);
		if (rc != AK_OK)
			return rc;
		ak_cache_close(w);
		return ak_cache_open(path, flags | UPGRADED, out, err);
	}
	if (v < AK_CACHE_VERSION) {
		if (c->readonly) {
			rc = ak_error_set(err, AK_EREADONLY,
			    "%s: the cache needs an upgrade (schema %d to %d) "
			    "but is read-only", path, v, AK_CACHE_VERSION);
			goto fail;
		}
		rc = migrate(c, err);
		if (rc != AK_OK)
			goto fail;
	}
	*out = c;
	return AK_OK;
fail:
	ak_cache_close(c);
	return rc;
}

void
ak_cache_close(struct ak_cache *c)
{
	int i;

	if (!c)
		return;
	for (i = 0; i < ST_COUNT; i++)
		sqlite3_finalize(c->st[i]);
	if (c->db)
		sqlite3_close_v2(c->db);
	free(c->path);
	free(c);
}

/*
 * SQLite's own busy timeout sleeps longer and longer between tries, 100
 * ms at last.  An import commits and begins its next transaction at
 * once: between two of them the lock is free for a millisecond or two,
 * which tries 100 ms apart hardly ever see, so a second import failed as
 * "locked" though the lock had been free many times (tests/
 * concurrency.sh, in the sanitizer build).  Try every millisecond
 * instead, until wait_ms have gone by.
 */
static int
busy(void *ctx, int n)
{
	struct ak_cache *c = ctx;
	struct timespec now, ms = { 0, 1000000 };
	long gone;

	clock_gettime(CLOCK_MONOTONIC, &now);
	if (n == 0)
		c->busy_since = now;
	gone = (now.tv_sec - c->busy_since.tv_sec) * 1000 +
	    (now.tv_nsec - c->busy_since.tv_nsec) / 1000000;
	if (gone >= c->wait_ms)
		return 0;
	nanosleep(&ms, NULL);
	return 1;
}

int
ak_cache_wait(struct ak_cache *c, int ms)
{
	int was = c->wait_ms;

	c->wait_ms = ms;
	sqlite3_busy_handler(c->db, busy, c);
	return was;
}

void
ak_cache_checkpoint_every(struct ak_cache *c, int pages)
{
	sqlite3_wal_autocheckpoint(c->db, pages);
}

int
ak_cache_begin(struct ak_cache *c, struct ak_error *err)
{
	int rc = cache_exec(c, "BEGIN IMMEDIATE", err);
	char sql[128];

	/*
	 * In a bulk import FTS5 merges its index segments 8 at a time
	 * rather than 4: a third less of an import's indexing time (4.2 s
	 * to 2.7 s of CPU for 9,712 articles), for at most 7 segments a
	 * level to read; and holds AK_CACHE_FTS_HASH_MIB of new entries
	 * before it writes a segment.  Set inside the transaction, so that
	 * an import that fails leaves the cache exactly as it was.
	 */
	if (rc == AK_OK && c->bulk) {
		snprintf(sql, sizeof(sql), "INSERT INTO art_fts(art_fts, rank) "
		    "VALUES('automerge', 8); INSERT INTO art_fts(art_fts, "
		    "rank) VALUES('hashsize', %d)", AK_CACHE_FTS_HASH_MIB << 20);
		rc = cache_exec(c, sql, err);
		if (rc != AK_OK)
			ak_cache_rollback(c);	/* a full disk, say */
	}
	return rc;
}

int
ak_cache_commit(struct ak_cache *c, struct ak_error *err)
{
	int rc = cache_exec(c, "COMMIT", err);

	if (rc != AK_OK)
		ak_cache_rollback(c);
	return rc;
}

void
ak_cache_rollback(struct ak_cache *c)
{
	if (!sqlite3_get_autocommit(c->db))
		sqlite3_exec(c->db, "ROLLBACK", NULL, NULL, NULL);
}

/* ---------------------------------------------------------------- savepoints */

int
ak_cache_savepoint(struct ak_cache *c, struct ak_error *err)
{
	int rc = cache_exec(c, "SAVEPOINT input", err);

	if (rc == AK_OK)
		c->savepoints++;
	return rc;
}

int
ak_cache_savepoint_release(struct ak_cache *c, struct ak_error *err)
{
	int rc = cache_exec(c, "RELEASE input", err);

	if (rc == AK_OK)
		c->savepoints--;
	return rc;
}

void
ak_cache_savepoint_undo(struct ak_cache *c)
{
	if (c->savepoints <= 0 || sqlite3_get_autocommit(c->db))
		return;
	sqlite3_exec(c->db, "ROLLBACK TO input; RELEASE input", NULL, NULL,
	    NULL);
	c->savepoints--;
}

void
ak_cache_bulk(struct ak_cache *c)
{
	char sql[64];

	snprintf(sql, sizeof(sql), "PRAGMA cache_size = -%d",
	    AK_CACHE_BULK_MIB * 1024);
	sqlite3_exec(c->db, sql, NULL, NULL, NULL);
	sqlite3_exec(c->db, "PRAGMA temp_store = MEMORY", NULL, NULL, NULL);
	c->bulk = 1;
	ak_cache_checkpoint_every(c, AK_CACHE_IMPORT_CHECKPOINT);
}

/* ---------------------------------------------------------------- helpers */

sqlite3_stmt *
cache_stmt(struct ak_cache *c, enum cache_stmt k, const char *sql,
	struct ak_error *err)
{
	int rc;

	if (c->st[k])
		return c->st[k];
	rc = sqlite3_prepare_v3(c->db, sql, -1, SQLITE_PREPARE_PERSISTENT,
	    &c->st[k], NULL);
	if (rc != SQLITE_OK) {
		ak_cache_error(c, rc, err, "preparing a statement");
		sqlite3_finalize(c->st[k]);
		c->st[k] = NULL;
	}
	return c->st[k];
}

int
cache_step_done(struct ak_cache *c, sqlite3_stmt *st, struct ak_error *err,
	const char *what)
{
	int rc = sqlite3_step(st);

	sqlite3_reset(st);
	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return ak_cache_error(c, rc, err, what);
	return AK_OK;
}

void
cache_bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

char *
cache_col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? ak_xstrdup((const char *)s) : NULL;
}

int
ak_cache_create_version(const char *path, int version, struct ak_error *err)
{
	struct ak_cache c;
	char sql[96];
	int rc;

	memset(&c, 0, sizeof(c));
	c.path = (char *)path;
	rc = sqlite3_open(path, &c.db);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(&c, rc, err, "creating");
		goto out;
	}
	rc = cache_exec(&c, "BEGIN", err);
	if (rc == AK_OK)
		rc = cache_schema_migrate(&c, 0, version, err);
	snprintf(sql, sizeof(sql), "PRAGMA user_version = %d; "
	    "PRAGMA application_id = %d", version, AK_APPLICATION_ID);
	if (rc == AK_OK)
		rc = cache_exec(&c, sql, err);
	if (rc == AK_OK)
		rc = cache_exec(&c, "COMMIT", err);
out:
	sqlite3_close(c.db);
	return rc;
}
