/*
 * The importer: many inputs as a stream, read -> decode -> parse -> store
 * -> link, on two kinds of thread.
 *
 * Parsing threads read each input and parse it into articles; then any
 * parser that is free prepares what storing them needs (identity, search
 * columns, related-story terms), a few articles at a time, so that one
 * large feed is the work of all of them.  The storing thread writes
 * inputs in the order they were given, in large transactions
 * (AK_IMPORT_BATCH articles or AK_IMPORT_BATCH_MS at most), and links
 * the batch's new articles in one pass (link.h) before it commits.  An
 * input that cannot be read or parsed never reaches the cache: it gets
 * its one line and the others go on.  A write that fails (a full disk,
 * a lock held too long) rolls the whole batch back, and every input of
 * it is reported failed.  A crash loses at most the batch in flight, and
 * running the import again completes it.  A dry run does all of it
 * inside one transaction that is rolled back, so that it reports exactly
 * what a real import would.
 *
 * Memory is bounded by the queues (AK_IMPORT_QUEUE inputs waiting to be
 * parsed, fetched ones up to 4 MiB; a few hundred parsed articles
 * waiting to be stored) and the batch, never by the number of inputs.
 */
#ifndef AKHBAR_IMPORT_H
#define AKHBAR_IMPORT_H

#include <stddef.h>
#include <stdint.h>

#include "akhbar/cache.h"
#include "akhbar/parse.h"

struct ak_error;
struct ak_pages;

#define AK_IMPORT_BATCH 2000		/* articles per transaction */
#define AK_IMPORT_BATCH_MS 5000		/* ... or this long */
/*
 * How long an import waits for the lock another import (or update)
 * holds: one of its batches lasts AK_IMPORT_BATCH_MS and then its
 * linking and commit, longer than the cache's usual wait (5 s), so two
 * imports at once failed as "locked" (tests/concurrency.sh).
 */
#define AK_IMPORT_WAIT_MS 120000
#define AK_IMPORT_QUEUE 64		/* inputs per queue */

/* What an import did to one article, worth telling the user. */
struct ak_import_note {
	enum ak_put_result result;
	int64_t id;
	int64_t other;		/* ADDED beside this stored article */
	double similarity;
	const char *why;	/* static */
	int alias;		/* the same text under another URL */
	char *title;
};

/* The outcome of one input, given in input order. */
struct ak_import_report {
	const char *name;	/* the path or URL given */
	int rc;			/* AK_OK, or the error */
	const char *error;	/* one line, when rc != AK_OK */
	const char *kind;	/* "text", "html", "rss/atom" */
	const char *charset;
	int added, updated, unchanged;
	int not_modified;	/* a URL answered 304 */
	const char *const *warnings;
	size_t nwarnings;
	const struct ak_import_note *notes;	/* updates and additions
						 * beside a stored article */
	size_t nnotes;
	const struct ak_article *articles;	/* dry run only: what was
						 * parsed */
	size_t narticles;
	int64_t feed_id;	/* the feed it came from, or 0 */
	int more;		/* others are reported right after it (the
				 * rest of its batch) */
};

struct ak_import_opts {
	const char *publisher;		/* --publisher */
	int dry_run;			/* do it all, keep nothing */
	const struct ak_sites *sites;	/* site rules, may be NULL */
	const struct ak_caps *caps;	/* size caps; NULL: AK_CAP_ARTICLE
					 * and AK_CAP_PARAGRAPH */
	int threads;			/* parsing threads (0: one per CPU) */
	/* The web pages known (full text for feeds, fulltext.h): a feed's
	 * items whose text is a page's keep it.  May be NULL. */
	const struct ak_pages *pages;
	/* Called on the storing thread, in input order, when an input's
	 * outcome is final (its batch committed or failed). */
	void (*done)(void *ctx, const struct ak_import_report *r);
	void *ctx;
};

struct ak_importer;

/*
 * Start an importer writing to c (c must not be used by anything else
 * until ak_importer_finish).  Returns AK_OK or an error.
 */
int ak_importer_start(struct ak_cache *c, const struct ak_import_opts *o,
	struct ak_importer **out, struct ak_error *err);

/* Queue a file (its path).  Waits while the queue is full. */
void ak_importer_add_file(struct ak_importer *imp, const char *path);

/* What came of fetching a URL, for ak_importer_add_fetched. */
struct ak_import_fetched {
	const char *name;		/* the URL asked for */
	const char *url;		/* after redirects (the page's URL) */
	char *body;			/* taken: freed by the importer */
	size_t len;
	const char *charset;		/* from the HTTP header, or NULL */
	int not_modified;		/* 304: no body */
	const char *etag, *last_modified;
	const char *error;		/* the fetch failed: this line */
	int feed;			/* a subscription: record its outcome
					 * (a new feed is subscribed to) */
	int full_text;			/* a feed: fetch each item's page
					 * (ak_fulltext_feed) */
	/* The body is the page of this stored article (ak_fulltext_item),
	 * or NULL; copied.  error, not_modified and the validators are
	 * the page's. */
	const struct ak_article *item;
};

/* Queue what a fetch gave.  Waits while the queue is full. */
void ak_importer_add_fetched(struct ak_importer *imp,
	const struct ak_import_fetched *f);

/*
 * Wait for every input to be stored and end the importer.  Returns
 * AK_OK, or the error that made the last batch fail (each input's own
 * outcome went to done).
 */
int ak_importer_finish(struct ak_importer *imp, struct ak_error *err);

/* Is s an http(s) URL? */
int ak_import_is_url(const char *s);

/* Does the input look like an RSS or Atom document? */
int ak_import_is_feed(const char *data, size_t len);

#endif
