/*
 * Full text for feeds: most news feeds carry a headline and a sentence;
 * the article is on the item's web page.  For a feed with the setting
 * (`akhbar subscribe URL --full-text`), for `akhbar update --full-text`
 * and for one article on demand (`akhbar full-text ID`, the reader's f),
 * each item's page is fetched, its article extracted (extract.h) and
 * merged into the item (ak_extract_merge): the feed's identity and fields
 * stay, the page's text becomes the body, and the feed's summary the
 * subtitle when the page does not begin with it.
 *
 * What each page gave is remembered (struct ak_page in cache.h), so that
 * an update does not fetch every page again: a page whose text is stored
 * is fetched again only when the feed's item changed (its title, date or
 * summary), and then with a conditional GET (its ETag and Last-Modified);
 * a 304 keeps what is stored.  An article whose text is the page's keeps
 * it when the feed is read again without full text.  A page that fails
 * keeps the feed's text (or the page's text stored before) with one
 * warning naming the page and why; it is tried again at the next update
 * when the failure may pass (the network, a timeout, HTTP 5xx) or when
 * the item changed, never for the same 404 again.
 *
 * No storage here: items go to a struct ak_sink, page states to a
 * callback, both in the order the cache must write them.
 */
#ifndef AKHBAR_FULLTEXT_H
#define AKHBAR_FULLTEXT_H

#include <signal.h>
#include <stddef.h>

#include "akhbar/parse.h"

struct ak_article;
struct ak_cache;
struct ak_error;
struct ak_fetch_result;
struct ak_page;

/* One page, connecting included: a page is not worth a long wait. */
#define AK_FULL_TEXT_TIMEOUT_MS	30000L

/* How long one page may take: $AKHBAR_PAGE_TIMEOUT seconds (for the
 * tests), else AK_FULL_TEXT_TIMEOUT_MS; in milliseconds. */
long ak_fulltext_timeout(void);

/* ------------------------------------------------------ pages known */

/* The pages the cache knows, by the URL asked for. */
struct ak_pages;

/*
 * Every page the cache knows (ak_cache_pages), for the importer's
 * parsing threads, which never see the cache.  Free with ak_pages_free.
 */
int ak_pages_load(struct ak_cache *c, struct ak_pages **out,
	struct ak_error *err);
struct ak_pages *ak_pages_new(void);
/* Add a copy of p (a later page of the same URL replaces it). */
void ak_pages_add(struct ak_pages *ps, const struct ak_page *p);
/* The page asked for as url, or NULL; ps may be NULL. */
const struct ak_page *ak_pages_find(const struct ak_pages *ps,
	const char *url);
size_t ak_pages_count(const struct ak_pages *ps);
void ak_pages_free(struct ak_pages *ps);

/* ------------------------------------------------------ full text */

/*
 * What became of an item's page, to be recorded with the item: called
 * just before the item goes to the sink, and only when there is
 * something new to record.  p is borrowed for the call; p->article_id is
 * not known (0).
 */
typedef void (*ak_page_fn)(void *ctx, const struct ak_page *p);

struct ak_full_text_opts {
	int fetch;		/* fetch the items' pages; 0: only keep the
				 * pages' text stored before */
	const struct ak_pages *known;	/* may be NULL */
	long timeout_ms;	/* one page; 0: $AKHBAR_PAGE_TIMEOUT seconds,
				 * else AK_FULL_TEXT_TIMEOUT_MS */
	const volatile sig_atomic_t *cancel;	/* may be NULL (fetch.h) */
	ak_page_fn page;	/* may be NULL */
	void *ctx;
};

/*
 * Parse a feed (as ak_parse_feed) and give its items the articles of
 * their pages, as the header comment says: the pages to fetch are
 * fetched with ak_fetch_many (at most AK_FETCH_PER_HOST at once to one
 * host), extracted and merged before the items go to sink, in the
 * feed's order.  An item whose page's text is stored and is not fetched
 * (or answers 304) goes without its body, so that the cache keeps the
 * stored one.  A page that cannot be had sends one line to sink->warn:
 * "URL: the feed's text is kept: why".  Returns what ak_parse_feed or
 * the sink returned, or AK_ECANCELED.
 */
int ak_fulltext_feed(const char *bytes, size_t len,
	const struct ak_parse_opts *o, const struct ak_sink *sink,
	const struct ak_full_text_opts *fo, struct ak_error *err);

/*
 * The full text of one stored article (item, as ak_cache_get gave it)
 * from what fetching its page gave: rc, *res and ferr as
 * ak_fetch_many's callback gets them (res is released here), known the
 * page recorded before (may be NULL).  The item goes to sink, merged
 * with the page, or without its body when the stored text stays (a 304,
 * a failure); the page's state goes to fo->page; a failure is one line
 * to sink->warn.  Returns what the sink returned.
 */
int ak_fulltext_item(const struct ak_article *item, const char *url, int rc,
	struct ak_fetch_result *res, const struct ak_error *ferr,
	const struct ak_page *known, const struct ak_sink *sink,
	const struct ak_full_text_opts *fo);

#endif
