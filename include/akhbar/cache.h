/*
 * The cache: one SQLite file holding publishers, articles, their blocks
 * and refs, related stories, the search index, feeds and an import log.
 *
 * WAL mode, a busy timeout and foreign keys; the schema is versioned by
 * PRAGMA user_version and migrated forward in one transaction.  A cache
 * written by a newer akhbar, or a file that is not a SQLite database, is
 * refused and never modified.
 */
#ifndef AKHBAR_CACHE_H
#define AKHBAR_CACHE_H

#include <stddef.h>
#include <stdint.h>

#include <sqlite3.h>

#include "akhbar/schema.h"

struct ak_article;
struct ak_error;

/* The schema version this akhbar writes. */
#define AK_CACHE_VERSION ak_schema_version()

struct ak_cache;

enum {
	AK_CACHE_READONLY = 1 << 0,	/* open for reading only */
	AK_CACHE_NOCREATE = 1 << 1	/* fail if the file does not exist */
};

/*
 * The default cache path: $AKHBAR_DB, else $XDG_DATA_HOME/akhbar/akhbar.db,
 * else ~/.local/share/akhbar/akhbar.db.  Returns a new string.
 */
char *ak_cache_default_path(void);

/*
 * Open (creating the file and its folder if needed) and migrate the cache.
 * Returns AK_OK, AK_ENOTDB, AK_EVERSION, AK_EBUSY, AK_EREADONLY or
 * AK_ECACHE; *out is set only on success.
 */
int ak_cache_open(const char *path, int flags, struct ak_cache **out,
	struct ak_error *err);
void ak_cache_close(struct ak_cache *c);

sqlite3 *ak_cache_db(struct ak_cache *c);
const char *ak_cache_path(const struct ak_cache *c);
/* The user_version found on open (before migration). */
int ak_cache_found_version(const struct ak_cache *c);

/* Map a SQLite result code to an AK_E* code with a message. */
int ak_cache_error(struct ak_cache *c, int sqlite_rc, struct ak_error *err,
	const char *what);

/* Transactions (BEGIN IMMEDIATE, so a writer waits for the lock up front). */
int ak_cache_begin(struct ak_cache *c, struct ak_error *err);
int ak_cache_commit(struct ak_cache *c, struct ak_error *err);
void ak_cache_rollback(struct ak_cache *c);

/* What ak_cache_put did. */
enum ak_put_result {
	AK_PUT_ADDED,
	AK_PUT_UPDATED,
	AK_PUT_UNCHANGED
};

/*
 * Store an article.  Identity: guid, else url, else publisher + title key.
 * A stored article with the same identity and the same content is left
 * alone; with other content it is updated in place, keeping its id and
 * read/starred state.  Sets *id and *result.  Call inside a transaction.
 */
int ak_cache_put(struct ak_cache *c, const struct ak_article *a,
	int64_t *id, enum ak_put_result *result, struct ak_error *err);

/* Load article id with its blocks and refs into a (initialised). */
int ak_cache_get(struct ak_cache *c, int64_t id, struct ak_article *a,
	struct ak_error *err);

/* Delete an article (its blocks, refs, index entries and related rows). */
int ak_cache_delete(struct ak_cache *c, int64_t id, struct ak_error *err);

/* One row of the article list. */
struct ak_list_row {
	int64_t id;
	const char *title;		/* borrowed, valid during the callback */
	const char *publisher;
	const char *published;
	const char *section;
	int read;
	int starred;
};

typedef int (*ak_list_fn)(void *ctx, const struct ak_list_row *row);

/*
 * Rows offset..offset+limit-1 of the list, newest first (undated last).
 * limit < 0 means all.  The callback returns AK_OK to go on.
 */
int ak_cache_list(struct ak_cache *c, long offset, long limit,
	ak_list_fn fn, void *ctx, struct ak_error *err);

/* Number of articles (0 if the cache cannot say). */
long ak_cache_count(struct ak_cache *c);

/* What the reader's header shows; kept by triggers, so no scan. */
struct ak_counts {
	long articles;
	long unread;
	long starred;
};

int ak_cache_counts(struct ak_cache *c, struct ak_counts *n,
	struct ak_error *err);

/*
 * How long a write waits for another process's write to finish before it
 * fails with AK_EBUSY: ms milliseconds (AK_CACHE_WAIT_MS when opened; 0:
 * not at all).  Returns what it was.
 */
#define AK_CACHE_WAIT_MS 5000
int ak_cache_wait(struct ak_cache *c, int ms);

/*
 * Checkpoints (copying the write-ahead log into the database): SQLite
 * runs one in the write that takes the log past 1,000 pages, and on a
 * slow disk that costs a second (800 pages: 1.05 s here).  pages: run it
 * past that many instead; 0: leave them to other connections and to
 * closing.  The reader sets 0, so that no key press pays for one; an
 * import sets AK_CACHE_IMPORT_CHECKPOINT (a 40 MB log at most): fewer,
 * larger checkpoints made importing 3,000 pages 35% faster (24.5 s to
 * 16-17 s); 5,000 to 20,000 pages gave the same.
 */
#define AK_CACHE_IMPORT_CHECKPOINT 10000
void ak_cache_checkpoint_every(struct ak_cache *c, int pages);

int ak_cache_set_read(struct ak_cache *c, int64_t id, int read,
	struct ak_error *err);
int ak_cache_set_starred(struct ak_cache *c, int64_t id, int starred,
	struct ak_error *err);

struct ak_stats {
	int version;
	long publishers;
	long articles;
	long unread;
	long starred;
	long feeds;
	long refs;
	long linked_refs;
};

int ak_cache_stats(struct ak_cache *c, struct ak_stats *st,
	struct ak_error *err);

#endif
