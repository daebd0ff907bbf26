/*
 * The cache: opening, migrating, storing and reading articles in SQLite.
 *
 * Opening checks before it writes: a file that is not SQLite, a SQLite
 * file that is not ours, or a cache from a newer akhbar is refused with
 * the file untouched (WAL mode, which writes, is switched on only after
 * those checks).  Migrations run inside BEGIN IMMEDIATE, so two processes
 * opening a new cache at once migrate it once.
 */
#include "config.h"

#include "akhbar/cache.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/paths.h"
#include "akhbar/text.h"

#define UPGRADED	(1 << 8)	/* ak_cache_open flag: upgraded once */

/* 'akhb': PRAGMA application_id of akhbar caches. */
#define AK_APPLICATION_ID 0x616b6862

struct ak_cache {
	sqlite3 *db;
	int wait_ms;		/* the busy timeout */
	char *path;
	int found_version;
	int readonly;
	sqlite3_stmt *list[2];	/* ak_cache_list: from the newest, the oldest */
};

char *
ak_cache_default_path(void)
{
	const char *env = getenv("AKHBAR_DB");

	if (env && *env)
		return ak_xstrdup(env);
	return ak_data_path("akhbar.db");
}

sqlite3 *
ak_cache_db(struct ak_cache *c)
{
	return c->db;
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

/* The first n columns of the first row of sql, as ints. */
static int
query_ints(sqlite3 *db, const char *sql, int *out, int n)
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
	return query_ints(db, sql, out, 1);
}

static int
exec(struct ak_cache *c, const char *sql, struct ak_error *err)
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
	int rc = query_ints(db, "SELECT "
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
		rc = exec(c, "PRAGMA journal_mode = WAL", err);
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
	rc = ak_schema_migrate(c->db, v, AK_CACHE_VERSION, err);
	if (rc != AK_OK)
		goto fail;
	{
		char sql[96];

		snprintf(sql, sizeof(sql),
		    "PRAGMA user_version = %d; PRAGMA application_id = %d",
		    AK_CACHE_VERSION, AK_APPLICATION_ID);
		rc = exec(c, sql, err);
		if (rc != AK_OK)
			goto fail;
	}
	return ak_cache_commit(c, err);
fail:
	ak_cache_rollback(c);
	return rc;
}

int
ak_cache_open(const char *path, int flags, struct ak_cache **out,
	struct ak_error *err)
{
	struct ak_cache *c;
	int rc, kind, v = 0, appid = 0, tables = 0, oflags;
	char *dir, *slash;

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
	c->readonly = sqlite3_db_readonly(c->db, "main") == 1;

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
	rc = exec(c, "PRAGMA foreign_keys = ON", err);
	if (rc != AK_OK)
		goto fail;
	if (!c->readonly) {
		rc = set_wal(c, err);
		if (rc != AK_OK)
			goto fail;
		exec(c, "PRAGMA synchronous = NORMAL", NULL);
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
	if (!c)
		return;
	sqlite3_finalize(c->list[0]);
	sqlite3_finalize(c->list[1]);
	if (c->db)
		sqlite3_close_v2(c->db);
	free(c->path);
	free(c);
}

int
ak_cache_wait(struct ak_cache *c, int ms)
{
	int was = c->wait_ms;

	c->wait_ms = ms;
	sqlite3_busy_timeout(c->db, ms);
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
	return exec(c, "BEGIN IMMEDIATE", err);
}

int
ak_cache_commit(struct ak_cache *c, struct ak_error *err)
{
	int rc = exec(c, "COMMIT", err);

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

/* ---------------------------------------------------------------- put */

/* FNV-1a, 64 bits: change detection, not security. */
static void
hash_str(uint64_t *h, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "\x01");

	for (; *p; p++) {
		*h ^= *p;
		*h *= 0x100000001b3ULL;
	}
	*h ^= 0x1f;
	*h *= 0x100000001b3ULL;
}

static void
article_hash(const struct ak_article *a, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	hash_str(&h, a->title);
	hash_str(&h, a->subtitle);
	hash_str(&h, a->publisher);
	hash_str(&h, a->section);
	hash_str(&h, a->byline);
	hash_str(&h, a->dateline);
	hash_str(&h, a->published);
	hash_str(&h, a->date_raw);
	hash_str(&h, a->source);
	hash_str(&h, a->lang);
	hash_str(&h, a->url);
	hash_str(&h, a->guid);
	for (i = 0; i < a->nblocks; i++) {
		hash_str(&h, ak_block_kind_name(a->blocks[i].kind));
		hash_str(&h, a->blocks[i].text);
		hash_str(&h, a->blocks[i].credit);
	}
	for (i = 0; i < a->nrefs; i++) {
		hash_str(&h, a->refs[i].title);
		hash_str(&h, a->refs[i].section);
		hash_str(&h, a->refs[i].caption);
		hash_str(&h, a->refs[i].summary);
		hash_str(&h, a->refs[i].byline);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

static char *
article_ident(const struct ak_article *a, const char *title_key)
{
	struct ak_buf b = AK_BUF_INIT;

	if (a->guid && *a->guid)
		ak_buf_addf(&b, "guid:%s", a->guid);
	else if (a->url && *a->url)
		ak_buf_addf(&b, "url:%s", a->url);
	else
		ak_buf_addf(&b, "key:%s\x1f%s", a->publisher ? a->publisher :
		    "", title_key);
	return ak_buf_detach(&b, NULL);
}

static void
bind_text(sqlite3_stmt *st, int i, const char *s)
{
	if (s)
		sqlite3_bind_text(st, i, s, -1, SQLITE_TRANSIENT);
	else
		sqlite3_bind_null(st, i);
}

static int
step_done(struct ak_cache *c, sqlite3_stmt *st, struct ak_error *err,
	const char *what)
{
	int rc = sqlite3_step(st);

	if (rc != SQLITE_DONE && rc != SQLITE_ROW)
		return ak_cache_error(c, rc, err, what);
	return AK_OK;
}

static int
publisher_id(struct ak_cache *c, const char *name, int64_t *id,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*id = 0;
	if (!name || !*name)
		return AK_OK;
	rc = sqlite3_prepare_v2(c->db,
	    "INSERT INTO publishers(name) VALUES (?1) "
	    "ON CONFLICT(name) DO UPDATE SET name = excluded.name "
	    "RETURNING id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "publisher");
	sqlite3_bind_text(st, 1, name, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*id = sqlite3_column_int64(st, 0);
		rc = AK_OK;
	} else {
		rc = ak_cache_error(c, rc, err, "publisher");
	}
	sqlite3_finalize(st);
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
	sqlite3_stmt *st = NULL;
	size_t i;
	int rc;

	rc = sqlite3_prepare_v2(c->db, "INSERT INTO blocks(article_id, seq, "
	    "kind, text, credit) VALUES (?1, ?2, ?3, ?4, ?5)", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "blocks");
	for (i = 0; i < a->nblocks; i++) {
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		sqlite3_bind_text(st, 3, ak_block_kind_name(a->blocks[i].kind),
		    -1, SQLITE_STATIC);
		bind_text(st, 4, a->blocks[i].text ? a->blocks[i].text : "");
		bind_text(st, 5, a->blocks[i].credit);
		rc = step_done(c, st, err, "storing a block");
		sqlite3_reset(st);
		if (rc != AK_OK)
			goto out;
	}
	sqlite3_finalize(st);
	st = NULL;

	rc = sqlite3_prepare_v2(c->db, "INSERT INTO refs(article_id, seq, "
	    "title, title_key, section, caption, summary, byline, target_id) "
	    "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
	    "(SELECT id FROM articles WHERE title_key = ?4 AND id != ?1 "
	    " ORDER BY id LIMIT 1))", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "refs");
	for (i = 0; i < a->nrefs; i++) {
		const struct ak_ref *r = &a->refs[i];
		const char *title = r->title ? r->title : "";
		char *key = ak_text_key(title, strlen(title));

		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)i);
		bind_text(st, 3, title);
		bind_text(st, 4, key);
		bind_text(st, 5, r->section);
		bind_text(st, 6, r->caption);
		bind_text(st, 7, r->summary);
		bind_text(st, 8, r->byline);
		rc = step_done(c, st, err, "storing a ref");
		sqlite3_reset(st);
		free(key);
		if (rc != AK_OK)
			goto out;
	}
	rc = AK_OK;
out:
	sqlite3_finalize(st);
	return rc;
}

/*
 * Refs that other pages list under this article's title, stored before
 * the article arrived, now point to it.
 */
static int
link_refs_to(struct ak_cache *c, int64_t id, const char *key,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	if (!*key)
		return AK_OK;
	rc = sqlite3_prepare_v2(c->db, "UPDATE refs SET target_id = ?1 "
	    "WHERE title_key = ?2 AND target_id IS NULL AND article_id != ?1",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "linking refs");
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_text(st, 2, key, -1, SQLITE_STATIC);
	rc = step_done(c, st, err, "linking refs");
	sqlite3_finalize(st);
	return rc;
}

int
ak_cache_put(struct ak_cache *c, const struct ak_article *a, int64_t *idp,
	enum ak_put_result *result, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	char hash[17], now[32];
	const char *title = a->title ? a->title : "";
	char *key = ak_text_key(title, strlen(title));
	char *ident = article_ident(a, key);
	int64_t id = 0, pub = 0;
	int rc, found = 0;

	article_hash(a, hash);
	now_iso(now);

	rc = sqlite3_prepare_v2(c->db, "SELECT id, hash FROM articles "
	    "WHERE ident = ?1", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "looking up an article");
		goto out;
	}
	sqlite3_bind_text(st, 1, ident, -1, SQLITE_STATIC);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		found = 1;
		id = sqlite3_column_int64(st, 0);
		if (strcmp((const char *)sqlite3_column_text(st, 1), hash)
		    == 0) {
			*idp = id;
			*result = AK_PUT_UNCHANGED;
			rc = AK_OK;
			goto out;
		}
	} else if (rc != SQLITE_DONE) {
		rc = ak_cache_error(c, rc, err, "looking up an article");
		goto out;
	}
	sqlite3_finalize(st);
	st = NULL;

	rc = publisher_id(c, a->publisher, &pub, err);
	if (rc != AK_OK)
		goto out;

	if (found) {
		rc = sqlite3_prepare_v2(c->db, "UPDATE articles SET guid = ?2, "
		    "url = ?3, publisher_id = ?4, title = ?5, title_key = ?6, "
		    "subtitle = ?7, section = ?8, byline = ?9, dateline = ?10, "
		    "published = ?11, date_raw = ?12, source = ?13, lang = ?14, "
		    "sort_key = coalesce(?11, ''), hash = ?15, updated = ?16 "
		    "WHERE id = ?1", -1, &st, NULL);
	} else {
		rc = sqlite3_prepare_v2(c->db, "INSERT INTO articles(ident, "
		    "guid, url, publisher_id, title, title_key, subtitle, "
		    "section, byline, dateline, published, date_raw, source, "
		    "lang, sort_key, hash, added, updated) VALUES (?1, ?2, ?3, "
		    "?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, "
		    "coalesce(?11, ''), ?15, ?16, ?16)", -1, &st, NULL);
	}
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "storing an article");
		goto out;
	}
	if (found)
		sqlite3_bind_int64(st, 1, id);
	else
		sqlite3_bind_text(st, 1, ident, -1, SQLITE_STATIC);
	bind_text(st, 2, a->guid);
	bind_text(st, 3, a->url);
	if (pub)
		sqlite3_bind_int64(st, 4, pub);
	else
		sqlite3_bind_null(st, 4);
	bind_text(st, 5, title);
	bind_text(st, 6, key);
	bind_text(st, 7, a->subtitle);
	bind_text(st, 8, a->section);
	bind_text(st, 9, a->byline);
	bind_text(st, 10, a->dateline);
	bind_text(st, 11, a->published);
	bind_text(st, 12, a->date_raw);
	bind_text(st, 13, a->source);
	bind_text(st, 14, a->lang);
	bind_text(st, 15, hash);
	bind_text(st, 16, now);
	rc = step_done(c, st, err, "storing an article");
	if (rc != AK_OK)
		goto out;
	if (!found)
		id = sqlite3_last_insert_rowid(c->db);
	sqlite3_finalize(st);
	st = NULL;

	if (found) {
		char sql[128];

		snprintf(sql, sizeof(sql), "DELETE FROM blocks WHERE "
		    "article_id = %lld; DELETE FROM refs WHERE article_id = "
		    "%lld", (long long)id, (long long)id);
		rc = exec(c, sql, err);
		if (rc != AK_OK)
			goto out;
	}
	rc = put_children(c, id, a, err);
	if (rc != AK_OK)
		goto out;
	rc = link_refs_to(c, id, key, err);
	if (rc != AK_OK)
		goto out;
	*idp = id;
	*result = found ? AK_PUT_UPDATED : AK_PUT_ADDED;
out:
	sqlite3_finalize(st);
	free(key);
	free(ident);
	return rc;
}

/* ---------------------------------------------------------------- get */

static char *
col_str(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? ak_xstrdup((const char *)s) : NULL;
}

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
	a->guid = col_str(st, 0);
	a->url = col_str(st, 1);
	a->title = col_str(st, 2);
	a->subtitle = col_str(st, 3);
	a->publisher = col_str(st, 4);
	a->section = col_str(st, 5);
	a->byline = col_str(st, 6);
	a->dateline = col_str(st, 7);
	a->published = col_str(st, 8);
	a->date_raw = col_str(st, 9);
	a->source = col_str(st, 10);
	a->lang = col_str(st, 11);
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

		r->title = col_str(st, 0);
		r->section = col_str(st, 1);
		r->caption = col_str(st, 2);
		r->summary = col_str(st, 3);
		r->byline = col_str(st, 4);
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

	rc = sqlite3_prepare_v2(c->db, "DELETE FROM articles WHERE id = ?1",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "deleting an article");
	sqlite3_bind_int64(st, 1, id);
	rc = step_done(c, st, err, "deleting an article");
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
	"a.starred FROM (" inner ") w JOIN articles a ON a.id = w.id " \
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
	if (!c->list[back]) {
		rc = sqlite3_prepare_v3(c->db, list_sql[back], -1,
		    SQLITE_PREPARE_PERSISTENT, &c->list[back], NULL);
		if (rc != SQLITE_OK)
			return ak_cache_error(c, rc, err, "listing articles");
	}
	st = c->list[back];
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
	rc = step_done(c, st, err, "updating an article");
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
