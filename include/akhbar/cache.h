/*
 * The cache: one SQLite file holding publishers, articles, their blocks
 * and refs, related stories, the search index, feeds and an import log.
 *
 * This header is the only door to it: no other module sees SQLite.  The
 * code is split by concern: src/cache.c (opening, migrating,
 * transactions), src/cache_schema.c (the schema), src/cache_articles.c
 * (articles, identity, the list), src/cache_fts.c (the search index),
 * src/cache_related.c (term vectors and related stories),
 * src/cache_feeds.c (subscriptions and the import log), src/cache_lists.c
 * (the reader's lists: filters, counts per feed and publisher),
 * src/cache_retention.c (pruning old articles), src/cache_pages.c (the
 * web pages of full text for feeds).
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

struct ak_article;
struct ak_buf;
struct ak_error;
struct ak_ident;
struct ak_related;

struct ak_cache;

enum {
	AK_CACHE_READONLY = 1 << 0,	/* open for reading only */
	AK_CACHE_NOCREATE = 1 << 1	/* fail if the file does not exist */
};

/* The schema version this akhbar writes. */
int ak_cache_version(void);
#define AK_CACHE_VERSION ak_cache_version()

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

/*
 * Create a cache at an older schema version (1 .. AK_CACHE_VERSION), as an
 * older akhbar left it: for the tests of migrations.
 */
int ak_cache_create_version(const char *path, int version,
	struct ak_error *err);

const char *ak_cache_path(const struct ak_cache *c);
/* The user_version found on open (before migration). */
int ak_cache_found_version(const struct ak_cache *c);
/* Was the cache opened (or found) read-only? */
int ak_cache_readonly(const struct ak_cache *c);

/* Transactions (BEGIN IMMEDIATE, so a writer waits for the lock up front). */
int ak_cache_begin(struct ak_cache *c, struct ak_error *err);
int ak_cache_commit(struct ak_cache *c, struct ak_error *err);
void ak_cache_rollback(struct ak_cache *c);

/*
 * A savepoint inside a transaction: what follows can be undone alone
 * (one input of a batch).  release keeps it, undo rolls back to it;
 * either ends it.
 */
int ak_cache_savepoint(struct ak_cache *c, struct ak_error *err);
int ak_cache_savepoint_release(struct ak_cache *c, struct ak_error *err);
void ak_cache_savepoint_undo(struct ak_cache *c);

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

/*
 * Settings for a long import on this connection: a larger page cache
 * (bounded: AK_CACHE_BULK_MIB) and the checkpoint interval above.  10
 * MiB, not 16: `akhbar update` of 100,000 feed items peaks at its
 * linking, with libcurl's 8 MiB on top of an import's, and with 16
 * (and the other limits of import.c and link.c as they were) it went
 * past 100 MiB; the import of 10,000 items takes 5-8% longer.
 */
#define AK_CACHE_BULK_MIB 10
/*
 * And the bytes of new search-index entries FTS5 holds in memory before
 * it writes them as a segment (its hashsize; 1 MiB by default).  One
 * segment per search phase (import.c's FTS_PHASE_BYTES) rather than
 * several: fewer segments to write and merge.  At 4 MiB, a 10,000-item
 * import's indexing took 0.83 s of CPU against 1.16, its commits 0.38 s
 * against 0.52, for 3 MiB more at its peak (8 MiB: 0.74 s, 6 MiB more).
 * FTS5 keeps the setting in the cache (as automerge, ak_cache_begin):
 * other writers of the index use it too, and write at every commit.
 */
#define AK_CACHE_FTS_HASH_MIB 4
void ak_cache_bulk(struct ak_cache *c);

/* ------------------------------------------------------------ articles */

/* What ak_cache_put did. */
enum ak_put_result {
	AK_PUT_ADDED,
	AK_PUT_UPDATED,
	AK_PUT_UNCHANGED
};

struct ak_put_info {
	enum ak_put_result result;
	int64_t id;		/* the article stored or matched */
	int64_t other;		/* ADDED beside a stored article that shares
				 * its key or title: that one; else 0 */
	double similarity;	/* of the bodies, with the one compared */
	const char *why;	/* static: why it was matched (ident.h) */
	int alias;		/* matched through another URL or guid */
};

/*
 * Store an article, by the identity rules of ident.h: a new article is
 * added; an edited version of a stored one updates it in place (its id,
 * marks and the fields the new version lacks are kept); the same content
 * changes nothing.  id may be NULL (computed here) or ak_ident_of(a).
 * On AK_PUT_UPDATED *merged (if not NULL) receives the article as now
 * stored (release with ak_article_release), for the search index and
 * related stories.  Call inside a transaction.
 */
int ak_cache_put(struct ak_cache *c, const struct ak_article *a,
	const struct ak_ident *id, struct ak_put_info *info,
	struct ak_article *merged, struct ak_error *err);

/* Load article id with its blocks and refs into a (initialised). */
int ak_cache_get(struct ak_cache *c, int64_t id, struct ak_article *a,
	struct ak_error *err);

/* Delete an article (its blocks, refs, index entries and related rows). */
int ak_cache_delete(struct ak_cache *c, int64_t id, struct ak_error *err);

/* Call fn for every article id, in id order; stops at an error. */
int ak_cache_each_id(struct ak_cache *c, int (*fn)(void *ctx, int64_t id),
	void *ctx, struct ak_error *err);

/* One row of the article list. */
struct ak_list_row {
	int64_t id;
	const char *title;		/* borrowed, valid during the callback */
	const char *publisher;
	const char *published;
	const char *section;
	int read;
	int starred;
	int twins;		/* its same-story twins (other papers' ...) */
	const char *twin_papers;	/* ... their papers, "name، name", or
					   NULL (not its own paper's) */
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
	long rows;		/* ak_cache_counts_where: the list's rows */
};

int ak_cache_counts(struct ak_cache *c, struct ak_counts *n,
	struct ak_error *err);

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

/* ------------------------------------------------------- search index */

/* The columns of an article's search row (search.c fills them). */
#define AK_FTS_COLS 6

/* Write (or replace) article id's search row. */
int ak_cache_fts_put(struct ak_cache *c, int64_t id,
	const char *const cols[AK_FTS_COLS], struct ak_error *err);

/*
 * Write the search rows FTS5 still holds in memory (up to its hashsize,
 * AK_CACHE_FTS_HASH_MIB in a bulk import) into the index now, in the
 * open transaction (ak_cache_begin: one must be open), so that their
 * memory is free for what comes next.  AK_ECACHE or AK_EFULL on failure,
 * err set: the caller rolls the transaction back.
 */
int ak_cache_fts_flush(struct ak_cache *c, struct ak_error *err);

/* Empty the search index (before a re-index). */
int ak_cache_fts_clear(struct ak_cache *c, struct ak_error *err);

/* A search, as search.c puts it to the index. */
struct ak_fts_query {
	const char *match;	/* FTS5 expression to rank, or NULL */
	const char *exclude;	/* FTS5 expression of articles to leave out */
	const int64_t *publishers;	/* only these publishers (n > 0) */
	size_t npublishers;
	const char *after;	/* published >= after, or NULL */
	const char *before;	/* published < before, or NULL */
	int limit;
};

struct ak_fts_row {
	int64_t id;
	double score;		/* higher is better; 0 without match */
	const char *title;	/* borrowed, valid during the callback */
	const char *publisher;
	const char *published;
};

/*
 * Run q: rows best first (newest first without a match expression).
 * AK_EINVAL when FTS5 refuses the expression.
 */
int ak_cache_fts_search(struct ak_cache *c, const struct ak_fts_query *q,
	int (*fn)(void *ctx, const struct ak_fts_row *r), void *ctx,
	struct ak_error *err);

/* Every publisher: fn(ctx, id, name), in id order. */
int ak_cache_publishers(struct ak_cache *c,
	int (*fn)(void *ctx, int64_t id, const char *name), void *ctx,
	struct ak_error *err);

/* The texts of article id that snippets are cut from: its subtitle, then
 * its blocks in order; fn returns AK_OK to go on, AK_EEXIST to stop. */
int ak_cache_texts(struct ak_cache *c, int64_t id,
	int (*fn)(void *ctx, const char *text, size_t len), void *ctx,
	struct ak_error *err);

/* ---------------------------------------------------- related stories */

struct ak_link_source;
struct ak_link_result;

/*
 * Fill src with functions reading c (document frequencies, postings,
 * stored vectors), for ak_link_batch.
 */
void ak_cache_link_source(struct ak_cache *c, struct ak_link_source *src);

/*
 * Forget what article id contributed to related stories (before it is
 * linked again after an update): its vector, postings and every related
 * row naming it.
 */
int ak_cache_unlink(struct ak_cache *c, int64_t id, struct ak_error *err);

/*
 * Write what ak_link_batch decided: the vectors and postings of the new
 * articles, the document frequencies, their related lists and the
 * neighbours' lists they enter (each kept to its AK_LINK_MAX best).
 */
int ak_cache_link_store(struct ak_cache *c, const struct ak_link_result *r,
	struct ak_error *err);

/*
 * The related stories of article id, as the reader, `related`, `show` and
 * export show them: first the page's refs (kind AK_REL_REF, id 0 when no
 * cached article), then the found ones, most similar first (a found story
 * that a ref already links to is not listed twice).  *out is an array of
 * *n items, freed with ak_related_free_array.  AK_ENOTFOUND when there is
 * no article id.
 */
int ak_related_list(struct ak_cache *c, int64_t id, struct ak_related **out,
	size_t *n, struct ak_error *err);

/* ------------------------------------------------------- reader lists */

/*
 * Which articles a list shows (all zero: every article).  collapse: the
 * same story from several papers is one row, the newest, its twins
 * left out (the whole list only: with a feed, a publisher or unread it
 * changes nothing); the counts still count every article, the rows
 * only the rows.
 */
struct ak_list_filter {
	int64_t feed;		/* only those from this feed (0: any) */
	int64_t publisher;	/* only this publisher's (0: any) */
	int unread;		/* only the unread ones */
	int collapse;		/* one row per story (see above) */
	int64_t story;		/* only this article's same-story twins */
};

/* Rows offset..offset+limit-1 of the list f gives, as ak_cache_list. */
int ak_cache_list_where(struct ak_cache *c, const struct ak_list_filter *f,
	long offset, long limit, ak_list_fn fn, void *ctx,
	struct ak_error *err);

/*
 * The articles and the unread ones of the list f gives, and its rows
 * (fewer than its articles when collapsed), without a scan.
 */
int ak_cache_counts_where(struct ak_cache *c, const struct ak_list_filter *f,
	struct ak_counts *n, struct ak_error *err);

/*
 * The first unread article of the list f gives after article after (0:
 * from the top), the twins a collapsed list leaves out included: its id
 * in *id and, when pos is not NULL, its place in that list (0-based), or
 * for a twin left out, its newest twin's place, in *pos, and that twin's
 * id in *head (may be NULL; *head = *id for a row of the list).
 * AK_ENOTFOUND when there is none.
 */
int ak_cache_next_unread(struct ak_cache *c, const struct ak_list_filter *f,
	int64_t after, int64_t *id, long *pos, int64_t *head,
	struct ak_error *err);

/*
 * The place (0-based) of article id in the list f gives, a row of it;
 * AK_ENOTFOUND when it is not one (gone, or a twin the list hides).
 * Costs a count of the rows before it.
 */
int ak_cache_position(struct ak_cache *c, const struct ak_list_filter *f,
	int64_t id, long *pos, struct ak_error *err);

/* Mark every article of the list f gives read, the twins a collapsed
 * list leaves out included; *changed (may be NULL) gets how many were
 * unread.  Call inside a transaction or alone. */
int ak_cache_mark_read_where(struct ak_cache *c, const struct ak_list_filter *f,
	long *changed, struct ak_error *err);

/* A feed or a publisher as the feeds view lists it. */
struct ak_group {
	int64_t id;
	int publisher;		/* a publisher, else a feed */
	const char *name;	/* borrowed, valid during the callback */
	const char *url;	/* a feed's, else NULL */
	const char *status;	/* a feed's last fetch: "ok", "error"... */
	const char *error;
	long articles;
	long unread;
};

/*
 * Every feed (publishers 0: in the order they were added) or every
 * publisher with articles (1), with the counts the triggers keep.
 */
int ak_cache_groups(struct ak_cache *c, int publishers,
	int (*fn)(void *ctx, const struct ak_group *g), void *ctx,
	struct ak_error *err);

/* -------------------------------------------------- feeds, import log */

/* A subscription. */
struct ak_feed {
	int64_t id;
	char *url;
	char *name;		/* the user's name for it, or NULL */
	char *title;		/* the feed's own title, or NULL */
	char *etag;
	char *last_modified;
	char *last_fetch;	/* when last fetched (any outcome), ISO 8601 */
	char *last_ok;		/* when last fetched without error */
	char *last_status;	/* "ok", "not-modified", "error", or NULL */
	char *last_error;	/* one line, or NULL */
	int full_text;		/* fetch each item's page */
	long articles;		/* articles from it */
	long unread;
};

void ak_feed_release(struct ak_feed *f);
void ak_feeds_free(struct ak_feed *v, size_t n);

/* The stored feed of url (validators and settings); AK_ENOTFOUND. */
int ak_cache_feed_get(struct ak_cache *c, const char *url,
	struct ak_feed *f, struct ak_error *err);

/* Every feed, in the order they were added, with their counts. */
int ak_cache_feeds(struct ak_cache *c, struct ak_feed **out, size_t *n,
	struct ak_error *err);

/*
 * Record a fetch of url: status "ok" (title, etag and last_modified from
 * the answer), "not-modified" or "error" (message).  Subscribes to url
 * when it is not yet a feed and status is not "error".  *id (may be NULL)
 * gets the feed's id.
 */
int ak_cache_feed_fetched(struct ak_cache *c, const char *url,
	const char *status, const char *title, const char *etag,
	const char *last_modified, const char *message, int64_t *id,
	struct ak_error *err);

/*
 * Subscribe to url without fetching it (name: the user's name for it, or
 * NULL; full_text: > 0 fetch each item's page, < 0 do not, 0 not said).
 * A feed subscribed already keeps what it has and takes a name or full
 * text said now.  *id and *added (1: new) may be NULL.
 */
int ak_cache_subscribe(struct ak_cache *c, const char *url, const char *name,
	int full_text, int64_t *id, int *added, struct ak_error *err);

/*
 * The feed that what names: its URL, else the name given to it (else its
 * title when it has no name).  AK_ENOTFOUND; AK_EINVAL when several have
 * that name.  Release f with ak_feed_release.
 */
int ak_cache_feed_find(struct ak_cache *c, const char *what, struct ak_feed *f,
	struct ak_error *err);

/*
 * Unsubscribe from feed: its articles deleted (delete_articles; *deleted
 * gets how many) or kept, then belonging to no feed.  Call inside a
 * transaction.
 */
int ak_cache_unsubscribe(struct ak_cache *c, int64_t feed, int delete_articles,
	long *deleted, struct ak_error *err);

/*
 * Delete the articles dated before before (ISO 8601; undated ones: added
 * before it), never a starred one; dry_run: only count them.  *n gets how
 * many.  Call inside a transaction.
 */
int ak_cache_prune(struct ak_cache *c, const char *before, int dry_run,
	long *n, struct ak_error *err);

/* Which feed an article came from. */
int ak_cache_article_feed(struct ak_cache *c, int64_t article,
	int64_t feed, struct ak_error *err);

/* One input of an import, logged in the same transaction. */
int ak_cache_log_import(struct ak_cache *c, const char *source, int added,
	int updated, int unchanged, struct ak_error *err);

/* ---------------------------------------------------- full-text pages */

/*
 * The web page of an article that came from a feed, as full text for
 * feeds (fulltext.h) last found it: enough to fetch it again only when
 * the feed's item changed, and then with a conditional GET.  A page goes
 * with its article (deleting the article deletes it).
 */
struct ak_page {
	int64_t article_id;
	char *url;		/* the page asked for: the item's link */
	char *etag;		/* the page's validators, or NULL */
	char *last_modified;
	char item_hash[17];	/* ak_ident_hash of the feed's item when the
				 * page was fetched, or "" */
	int ok;			/* the article's text is the page's */
	int retry;		/* it failed for a reason that passes (the
				 * network, a timeout, HTTP 5xx) */
	char *error;		/* why it failed (one line), or NULL */
	char *fetched;		/* when, ISO 8601 (UTC) */
};

void ak_page_release(struct ak_page *p);

/* Call fn for every page known, in no order; stops at an error. */
int ak_cache_pages(struct ak_cache *c,
	int (*fn)(void *ctx, const struct ak_page *p), void *ctx,
	struct ak_error *err);

/* The page of article id into p (release it); AK_ENOTFOUND. */
int ak_cache_page_get(struct ak_cache *c, int64_t id, struct ak_page *p,
	struct ak_error *err);

/*
 * Record what fetching article id's page gave (p->article_id is not
 * read; p->fetched NULL: now).  Replaces what was known.
 */
int ak_cache_page_put(struct ak_cache *c, int64_t id, const struct ak_page *p,
	struct ak_error *err);

#endif
