/*
 * fulltext: which items' pages are fetched, and what an item keeps, from
 * the pages known (no server: the pages to fetch are on a port nothing
 * listens on, so that fetching them fails at once).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "akhbar/article.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/fulltext.h"
#include "akhbar/ident.h"
#include "akhbar/parse.h"

#define BASE "http://127.0.0.1:1/"

static const char feed[] =
	"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\">"
	"<channel><title>t</title>"
	"<item><title>stored</title><link>" BASE "stored</link>"
	"<description>summary one</description></item>"
	"<item><title>gone</title><link>" BASE "gone</link>"
	"<description>summary two</description></item>"
	"<item><title>timed out</title><link>" BASE "slow</link>"
	"<description>summary three</description></item>"
	"<item><title>changed</title><link>" BASE "changed</link>"
	"<description>summary four</description></item>"
	"</channel></rss>";

struct got {
	char *url[8];
	size_t nblocks[8];
	int n;
	char *pages[8];		/* url of each page state recorded */
	int page_ok[8], page_retry[8];
	int npages;
	int nwarn;
	char warn[8][600];
};

static int
keep(void *ctx, const struct ak_article *a)
{
	struct got *g = ctx;

	g->url[g->n] = strdup(a->url ? a->url : "");
	g->nblocks[g->n++] = a->nblocks;
	return AK_OK;
}

static void
warn(void *ctx, const char *msg)
{
	struct got *g = ctx;

	snprintf(g->warn[g->nwarn++ & 7], sizeof(g->warn[0]), "%s", msg);
}

static void
page(void *ctx, const struct ak_page *p)
{
	struct got *g = ctx;

	g->pages[g->npages] = strdup(p->url);
	g->page_ok[g->npages] = p->ok;
	g->page_retry[g->npages++] = p->retry;
}

static void
got_free(struct got *g)
{
	int i;

	for (i = 0; i < g->n; i++)
		free(g->url[i]);
	for (i = 0; i < g->npages; i++)
		free(g->pages[i]);
}

/* The hashes of the feed's items, as ak_fulltext_feed computes them. */
static int
hash_item(void *ctx, const struct ak_article *a)
{
	char (*h)[17] = ctx;
	int i;

	for (i = 0; h[i][0]; i++)
		;
	ak_ident_hash(a, h[i]);
	return AK_OK;
}

static struct ak_pages *
known(void)
{
	char h[5][17];
	struct ak_sink s = { hash_item, NULL, h, NULL };
	struct ak_pages *ps = ak_pages_new();
	struct ak_page p;
	char u1[] = BASE "stored", u2[] = BASE "gone", u3[] = BASE "slow";
	char u4[] = BASE "changed", e404[] = "HTTP 404";
	char etime[] = "cannot fetch: Timeout";

	memset(h, 0, sizeof(h));
	assert_int_equal(ak_parse_feed(feed, sizeof(feed) - 1, NULL, &s, NULL),
	    AK_OK);
	memset(&p, 0, sizeof(p));
	/* its text is the page's, the item as it was */
	p.url = u1;
	memcpy(p.item_hash, h[0], 17);
	p.ok = 1;
	ak_pages_add(ps, &p);
	/* a 404, the item as it was */
	p.url = u2;
	memcpy(p.item_hash, h[1], 17);
	p.ok = 0;
	p.error = e404;
	ak_pages_add(ps, &p);
	/* a timeout: may pass */
	p.url = u3;
	memcpy(p.item_hash, h[2], 17);
	p.retry = 1;
	p.error = etime;
	ak_pages_add(ps, &p);
	/* its text is the page's, the item changed since */
	p.url = u4;
	strcpy(p.item_hash, "0123456789abcdef");
	p.ok = 1;
	p.retry = 0;
	p.error = NULL;
	ak_pages_add(ps, &p);
	return ps;
}

static void
test_fulltext_feed_without_fetching_keeps_the_pages_text(void **state)
{
	struct ak_pages *ps = known();
	struct got g;
	struct ak_sink s = { keep, warn, &g, NULL };
	struct ak_full_text_opts fo;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(&fo, 0, sizeof(fo));
	fo.known = ps;
	fo.page = page;
	fo.ctx = &g;
	assert_int_equal(ak_fulltext_feed(feed, sizeof(feed) - 1, NULL, &s,
	    &fo, NULL), AK_OK);
	assert_int_equal(g.n, 4);
	/* the two whose text is the page's go without a body */
	assert_int_equal(g.nblocks[0], 0);
	assert_int_equal(g.nblocks[1], 1);
	assert_int_equal(g.nblocks[2], 1);
	assert_int_equal(g.nblocks[3], 0);
	assert_int_equal(g.npages, 0);
	assert_int_equal(g.nwarn, 0);
	got_free(&g);
	ak_pages_free(ps);
}

static void
test_fulltext_feed_fetches_only_what_may_do_better(void **state)
{
	struct ak_pages *ps = known();
	struct got g;
	struct ak_sink s = { keep, warn, &g, NULL };
	struct ak_full_text_opts fo;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(&fo, 0, sizeof(fo));
	fo.fetch = 1;
	fo.known = ps;
	fo.timeout_ms = 5000;
	fo.page = page;
	fo.ctx = &g;
	assert_int_equal(ak_fulltext_feed(feed, sizeof(feed) - 1, NULL, &s,
	    &fo, NULL), AK_OK);
	assert_int_equal(g.n, 4);
	/* stored, same item: not fetched, the stored text stays */
	assert_int_equal(g.nblocks[0], 0);
	/* a 404 and the same item: not fetched, the feed's text */
	assert_int_equal(g.nblocks[1], 1);
	/* the timeout and the changed item were fetched, and failed: the
	 * feed's text for the first, the stored text for the other */
	assert_int_equal(g.nblocks[2], 1);
	assert_int_equal(g.nblocks[3], 0);
	assert_int_equal(g.nwarn, 2);
	/* a failure over a page's stored text changes nothing known of it
	 * (the next change tries again); the other is recorded, to retry */
	assert_int_equal(g.npages, 1);
	assert_string_equal(g.pages[0], BASE "slow");
	assert_int_equal(g.page_ok[0], 0);
	assert_int_equal(g.page_retry[0], 1);
	got_free(&g);
	ak_pages_free(ps);
}

static void
test_fulltext_pages_by_url(void **state)
{
	struct ak_pages *ps = ak_pages_new();
	struct ak_page p;
	const struct ak_page *f;
	char url[64];
	int i;

	(void)state;
	memset(&p, 0, sizeof(p));
	for (i = 0; i < 1000; i++) {
		snprintf(url, sizeof(url), "https://x.example/%d", i);
		p.url = url;
		p.article_id = i;
		ak_pages_add(ps, &p);
	}
	snprintf(url, sizeof(url), "https://x.example/7");
	p.url = url;
	p.article_id = 70;
	ak_pages_add(ps, &p);
	assert_int_equal(ak_pages_count(ps), 1000);
	f = ak_pages_find(ps, "https://x.example/999");
	assert_non_null(f);
	assert_int_equal(f->article_id, 999);
	assert_int_equal(ak_pages_find(ps, "https://x.example/7")->article_id,
	    70);
	assert_null(ak_pages_find(ps, "https://x.example/1000"));
	assert_null(ak_pages_find(NULL, "https://x.example/1"));
	ak_pages_free(ps);
}

/* The feed's warnings and title reach the caller's sink with the
 * caller's context (they were once handed the item list's). */
static char got_title[64];

static void
title(void *ctx, const char *t)
{
	struct got *g = ctx;

	assert_int_equal(g->n, 0);	/* before the items */
	snprintf(got_title, sizeof(got_title), "%s", t);
}

static void
test_fulltext_feed_passes_warnings_and_title_on(void **state)
{
	static const char broken[] =
		"<?xml version=\"1.0\" encoding=\"UTF-8\"?><rss version=\"2.0\">"
		"<channel><title>the paper</title>"
		"<item><title>a &amp; b</title><link>" BASE "x</link>"
		"<description>summary</description></item>"
		"</channel></rss><trailing>";
	struct got g;
	struct ak_sink s = { keep, warn, &g, title };
	struct ak_full_text_opts fo;

	(void)state;
	memset(&g, 0, sizeof(g));
	memset(&fo, 0, sizeof(fo));
	got_title[0] = '\0';
	assert_int_equal(ak_fulltext_feed(broken, sizeof(broken) - 1, NULL,
	    &s, &fo, NULL), AK_OK);
	assert_int_equal(g.n, 1);
	assert_true(g.nwarn >= 1);
	assert_string_equal(got_title, "the paper");
	got_free(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_fulltext_feed_without_fetching_keeps_the_pages_text),
		cmocka_unit_test(
		    test_fulltext_feed_fetches_only_what_may_do_better),
		cmocka_unit_test(test_fulltext_pages_by_url),
		cmocka_unit_test(
		    test_fulltext_feed_passes_warnings_and_title_on),
	};

	return cmocka_run_group_tests_name("fulltext", tests, NULL, NULL);
}
