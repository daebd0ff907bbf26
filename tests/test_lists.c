/*
 * Unit tests: the reader's lists in the cache (cache_lists.c): a feed's,
 * a publisher's and the unread articles in list order, their counts as
 * the triggers keep them through inserts, marks, moves and deletions, the
 * next unread article, marking a list read, the feeds and publishers, and
 * the counts an older cache gets when it is migrated.
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
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/link.h"
#include "testutil.h"

static int64_t
put(struct ak_cache *c, const char *title, const char *publisher,
	const char *published, int64_t feed)
{
	struct ak_error err = { 0, "" };
	struct ak_article a;
	struct ak_put_info info;

	ak_article_init(&a);
	ak_set_str(&a.title, title);
	ak_set_str(&a.publisher, publisher);
	ak_set_str(&a.published, published);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, title, strlen(title),
	    NULL);
	assert_int_equal(ak_cache_begin(c, &err), AK_OK);
	assert_int_equal(ak_cache_put(c, &a, NULL, &info, NULL, &err), AK_OK);
	if (feed)
		assert_int_equal(ak_cache_article_feed(c, info.id, feed, &err),
		    AK_OK);
	assert_int_equal(ak_cache_commit(c, &err), AK_OK);
	ak_article_release(&a);
	return info.id;
}

static int64_t
feed(struct ak_cache *c, const char *url)
{
	struct ak_error err = { 0, "" };
	int64_t id = 0;

	assert_int_equal(ak_cache_feed_fetched(c, url, "ok", url, NULL, NULL,
	    NULL, &id, &err), AK_OK);
	assert_true(id > 0);
	return id;
}

struct ids {
	int64_t v[64];
	size_t n;
};

static int
collect(void *ctx, const struct ak_list_row *r)
{
	struct ids *x = ctx;

	if (x->n < 64)
		x->v[x->n++] = r->id;
	return AK_OK;
}

static struct ids
list(struct ak_cache *c, const struct ak_list_filter *f, long off,
	long limit)
{
	struct ak_error err = { 0, "" };
	struct ids x;

	memset(&x, 0, sizeof x);
	assert_int_equal(ak_cache_list_where(c, f, off, limit, collect, &x,
	    &err), AK_OK);
	return x;
}

static void
counts(struct ak_cache *c, const struct ak_list_filter *f, long articles,
	long unread)
{
	struct ak_error err = { 0, "" };
	struct ak_counts n;

	assert_int_equal(ak_cache_counts_where(c, f, &n, &err), AK_OK);
	assert_int_equal(n.articles, articles);
	assert_int_equal(n.unread, unread);
}

static void
set_read(struct ak_cache *c, int64_t id, int read)
{
	struct ak_error err = { 0, "" };

	assert_int_equal(ak_cache_set_read(c, id, read, &err), AK_OK);
}

/*
 * Two feeds and a page: the filters give their articles in list order,
 * and the counts follow every change.
 */
static void
test_filters_list_in_order_and_count(void **state)
{
	struct tu_cache *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_list_filter byfeed = { 0, 0, 0, 0, 0 }, unread = { 0, 0, 1, 0, 0 };
	int64_t f1 = feed(f->c, "http://127.0.0.1/a.xml");
	int64_t f2 = feed(f->c, "http://127.0.0.1/b.xml");
	int64_t a1 = put(f->c, "خبر أول", "الشرق الأوسط", "2024-09-01", f1);
	int64_t a2 = put(f->c, "خبر ثان", "الشرق الأوسط", "2024-09-03", f1);
	int64_t b1 = put(f->c, "خبر ثالث", "العرب", "2024-09-02", f2);
	int64_t p1 = put(f->c, "صفحة محفوظة", "العرب", NULL, 0);
	struct ids x;

	byfeed.feed = f1;
	x = list(f->c, &byfeed, 0, 10);
	assert_int_equal(x.n, 2);
	assert_true(x.v[0] == a2 && x.v[1] == a1);	/* newest first */
	counts(f->c, &byfeed, 2, 2);
	/* the whole list; undated last */
	x = list(f->c, NULL, 0, 10);
	assert_int_equal(x.n, 4);
	assert_true(x.v[0] == a2 && x.v[1] == b1 && x.v[2] == a1 &&
	    x.v[3] == p1);
	{
		struct ak_list_filter one = { f2, 0, 0, 0, 0 };

		x = list(f->c, &one, 0, 10);
		assert_int_equal(x.n, 1);
		assert_true(x.v[0] == b1);
	}
	/* windows: offset and limit inside the filter */
	x = list(f->c, &byfeed, 1, 1);
	assert_int_equal(x.n, 1);
	assert_true(x.v[0] == a1);

	/* marks move the counts of the feed, the publisher and the whole */
	set_read(f->c, a2, 1);
	counts(f->c, &byfeed, 2, 1);
	counts(f->c, NULL, 4, 3);
	x = list(f->c, &unread, 0, 10);
	assert_int_equal(x.n, 3);
	assert_true(x.v[0] == b1 && x.v[1] == a1 && x.v[2] == p1);
	counts(f->c, &unread, 3, 3);
	byfeed.unread = 1;
	x = list(f->c, &byfeed, 0, 10);
	assert_int_equal(x.n, 1);
	assert_true(x.v[0] == a1);
	counts(f->c, &byfeed, 1, 1);
	byfeed.unread = 0;

	/* an article moved to another feed, one deleted */
	assert_int_equal(ak_cache_article_feed(f->c, a1, f2, &err), AK_OK);
	counts(f->c, &byfeed, 1, 0);
	byfeed.feed = f2;
	counts(f->c, &byfeed, 2, 2);
	assert_int_equal(ak_cache_delete(f->c, b1, &err), AK_OK);
	counts(f->c, &byfeed, 1, 1);
	counts(f->c, NULL, 3, 2);
}

/* The publishers' counts, and the feeds and publishers for the view. */
struct groups {
	char names[8][64];
	int64_t id[8];
	long articles[8], unread[8];
	int publisher[8];
	size_t n;
};

static int
collect_group(void *ctx, const struct ak_group *g)
{
	struct groups *x = ctx;

	if (x->n < 8) {
		snprintf(x->names[x->n], 64, "%s", g->name ? g->name : "");
		x->id[x->n] = g->id;
		x->articles[x->n] = g->articles;
		x->unread[x->n] = g->unread;
		x->publisher[x->n] = g->publisher;
		x->n++;
	}
	return AK_OK;
}

static void
test_groups_have_their_counts(void **state)
{
	struct tu_cache *f = *state;
	struct ak_error err = { 0, "" };
	struct groups g;
	int64_t f1 = feed(f->c, "http://127.0.0.1/a.xml");
	int64_t a;

	feed(f->c, "http://127.0.0.1/empty.xml");
	a = put(f->c, "خبر أول", "الشرق الأوسط", "2024-09-01", f1);
	put(f->c, "خبر ثان", "الشرق الأوسط", "2024-09-03", f1);
	put(f->c, "خبر ثالث", "العرب", "2024-09-02", 0);
	set_read(f->c, a, 1);

	memset(&g, 0, sizeof g);
	assert_int_equal(ak_cache_groups(f->c, 0, collect_group, &g, &err),
	    AK_OK);
	assert_int_equal(g.n, 2);		/* every feed, empty too */
	assert_string_equal(g.names[0], "http://127.0.0.1/a.xml");
	assert_int_equal(g.articles[0], 2);
	assert_int_equal(g.unread[0], 1);
	assert_int_equal(g.articles[1], 0);
	assert_false(g.publisher[0]);

	memset(&g, 0, sizeof g);
	assert_int_equal(ak_cache_groups(f->c, 1, collect_group, &g, &err),
	    AK_OK);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.names[0], "الشرق الأوسط");
	assert_int_equal(g.articles[0], 2);
	assert_int_equal(g.unread[0], 1);
	assert_string_equal(g.names[1], "العرب");
	assert_int_equal(g.unread[1], 1);
	assert_true(g.publisher[1]);
	/* a publisher's list: across feeds and pages */
	{
		struct ak_list_filter bypub = { 0, 0, 0, 0, 0 };
		struct ids x;

		bypub.publisher = g.id[0];
		x = list(f->c, &bypub, 0, 10);
		assert_int_equal(x.n, 2);
		assert_true(x.v[1] == a);
		bypub.unread = 1;
		counts(f->c, &bypub, 1, 1);
	}
}

/* Next unread: after an article, in the filter's order, with its place. */
static void
test_next_unread_goes_down_the_list(void **state)
{
	struct tu_cache *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_list_filter all = { 0, 0, 0, 0, 0 }, byfeed = { 0, 0, 0, 0, 0 };
	int64_t f1 = feed(f->c, "http://127.0.0.1/a.xml");
	int64_t a = put(f->c, "أ", "ن", "2024-09-05", f1);
	int64_t b = put(f->c, "ب", "ن", "2024-09-04", 0);
	int64_t cc = put(f->c, "ج", "ن", "2024-09-03", f1);
	int64_t d = put(f->c, "د", "ن", "2024-09-03", 0);	/* same day */
	int64_t id;
	long pos;

	set_read(f->c, b, 1);
	assert_int_equal(ak_cache_next_unread(f->c, &all, 0, &id, &pos, NULL, &err),
	    AK_OK);
	assert_true(id == a);
	assert_int_equal(pos, 0);
	assert_int_equal(ak_cache_next_unread(f->c, &all, a, &id, &pos, NULL, &err),
	    AK_OK);
	assert_true(id == d);		/* b is read; d before c (id) */
	assert_int_equal(pos, 2);
	assert_int_equal(ak_cache_next_unread(f->c, &all, d, &id, &pos, NULL, &err),
	    AK_OK);
	assert_true(id == cc);
	assert_int_equal(pos, 3);
	assert_int_equal(ak_cache_next_unread(f->c, &all, cc, &id, &pos, NULL, &err),
	    AK_ENOTFOUND);
	/* within a feed: its places */
	byfeed.feed = f1;
	assert_int_equal(ak_cache_next_unread(f->c, &byfeed, a, &id, &pos, NULL,
	    &err), AK_OK);
	assert_true(id == cc);
	assert_int_equal(pos, 1);
	/* an article deleted meanwhile: from the top */
	assert_int_equal(ak_cache_next_unread(f->c, &all, 9999, &id, NULL, NULL,
	    &err), AK_OK);
	assert_true(id == a);
}

static void
test_mark_read_where_marks_the_list_only(void **state)
{
	struct tu_cache *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_list_filter byfeed = { 0, 0, 0, 0, 0 };
	int64_t f1 = feed(f->c, "http://127.0.0.1/a.xml");
	long n;

	put(f->c, "أ", "ن", "2024-09-05", f1);
	put(f->c, "ب", "ن", "2024-09-04", f1);
	put(f->c, "ج", "ن", "2024-09-03", 0);
	byfeed.feed = f1;
	assert_int_equal(ak_cache_mark_read_where(f->c, &byfeed, &n, &err),
	    AK_OK);
	assert_int_equal(n, 2);
	counts(f->c, &byfeed, 2, 0);
	counts(f->c, NULL, 3, 1);
	assert_int_equal(ak_cache_mark_read_where(f->c, &byfeed, &n, &err),
	    AK_OK);
	assert_int_equal(n, 0);
	assert_int_equal(ak_cache_mark_read_where(f->c, NULL, &n, &err),
	    AK_OK);
	assert_int_equal(n, 1);
	counts(f->c, NULL, 3, 0);
}

/* The rows of the list f gives, beside its articles and unread ones. */
static void
rows(struct ak_cache *c, const struct ak_list_filter *f, long n)
{
	struct ak_error err = { 0, "" };
	struct ak_counts k;

	assert_int_equal(ak_cache_counts_where(c, f, &k, &err), AK_OK);
	assert_int_equal(k.rows, n);
}

struct twin_row {
	int twins;
	char papers[200];
};

static int
find_row(void *ctx, const struct ak_list_row *r)
{
	struct { int64_t id; struct twin_row t; } *x = ctx;

	if (r->id == x->id) {
		x->t.twins = r->twins;
		snprintf(x->t.papers, sizeof x->t.papers, "%s",
		    r->twin_papers ? r->twin_papers : "(null)");
	}
	return AK_OK;
}

/* What the whole uncollapsed list says of article id's story. */
static struct twin_row
twin_row(struct ak_cache *c, int64_t id)
{
	struct ak_error err = { 0, "" };
	struct { int64_t id; struct twin_row t; } x;

	memset(&x, 0, sizeof x);
	x.id = id;
	x.t.twins = -1;
	assert_int_equal(ak_cache_list(c, 0, -1, find_row, &x, &err), AK_OK);
	return x.t;
}

/* A cache of schema 3 with articles gets its counts when migrated. */
static void
test_an_older_cache_gets_its_counts(void **state)
{
	char *dir = tu_tempdir(), path[4200];
	struct ak_error err = { 0, "" };
	struct ak_list_filter byfeed = { 1, 0, 0, 0, 0 }, bypub = { 0, 1, 0, 0, 0 };
	struct ak_list_filter col = { 0, 0, 0, 1, 0 };
	struct ak_cache *c = NULL;
	struct twin_row t;
	sqlite3 *db;

	(void)state;
	snprintf(path, sizeof path, "%s/old.db", dir);
	assert_int_equal(ak_cache_create_version(path, 3, &err), AK_OK);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db,
	    "INSERT INTO publishers(id, name) VALUES (1, 'ن');"
	    "INSERT INTO feeds(id, url, added) VALUES (1, 'http://x/', '');"
	    "INSERT INTO articles(ident, title, title_key, hash, added, "
	    "updated, publisher_id, feed_id, read) VALUES "
	    "('a', 'أ', 'أ', '', '', '', 1, 1, 0), "
	    "('b', 'ب', 'ب', '', '', '', 1, 1, 1), "
	    "('c', 'ج', 'ج', '', '', '', 1, NULL, 0);"
	    "INSERT INTO publishers(id, name) VALUES (2, 'م');"
	    "INSERT INTO articles(ident, title, title_key, hash, added, "
	    "updated, publisher_id, sort_key) VALUES "
	    "('d', 'د', 'د', '', '', '', 2, '2024');"
	    "INSERT INTO related VALUES (1, 4, 0.9, 'same-story'),"
	    "  (4, 1, 0.9, 'same-story'), (2, 3, 0.3, 'related');",
	    NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ak_cache_open(path, 0, &c, &err), AK_OK);
	counts(c, &byfeed, 2, 1);
	counts(c, &bypub, 3, 2);
	/* schema 5: the story of a and d one row, d's, naming a's paper */
	counts(c, &col, 4, 3);
	rows(c, &col, 3);
	t = twin_row(c, 4);
	assert_true(t.twins == 1 && strcmp(t.papers, "ن") == 0);
	t = twin_row(c, 2);
	assert_true(t.twins == 0 && strcmp(t.papers, "(null)") == 0);
	ak_cache_close(c);
	tu_rmtree(dir);
}

/* Run sql on the cache's file through a second connection. */
static void
sql(const struct tu_cache *f, const char *q)
{
	char path[4200];
	sqlite3 *db;

	snprintf(path, sizeof path, "%s/akhbar.db", f->dir);
	assert_int_equal(sqlite3_open(path, &db), SQLITE_OK);
	sqlite3_exec(db, "PRAGMA foreign_keys = ON", NULL, NULL, NULL);
	if (sqlite3_exec(db, q, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s: %s", q, sqlite3_errmsg(db));
	sqlite3_close(db);
}

/*
 * Store links the way an import does (ak_cache_link_store: the lists of
 * a batch), each "a b" pair of ids one way, same_story or related.
 */
static void
links(struct ak_cache *c, const int64_t *pairs, size_t npairs,
	int same_story)
{
	struct ak_link_rel rel[8];
	struct ak_link_result r;
	struct ak_error err = { 0, "" };
	size_t i;

	assert_true(npairs <= 8);
	memset(&r, 0, sizeof(r));
	for (i = 0; i < npairs; i++) {
		rel[i].article = pairs[2 * i];
		rel[i].other = pairs[2 * i + 1];
		rel[i].score = same_story ? 0.9 : 0.5;
		rel[i].same_story = same_story;
	}
	r.lists = rel;
	r.nlists = npairs;
	assert_int_equal(ak_cache_begin(c, &err), AK_OK);
	assert_int_equal(ak_cache_link_store(c, &r, &err), AK_OK);
	assert_int_equal(ak_cache_commit(c, &err), AK_OK);
	/* the columns cache_related.c counts are the schema's view's */
	assert_int_equal(tu_sql_int(c, "SELECT count(*) FROM articles a "
	    "JOIN article_twins t ON t.id = a.id WHERE (a.twins, "
	    "a.newer_twins, a.twin_papers) IS NOT (t.twins, t.newer_twins, "
	    "t.twin_papers)"), 0);
}

/*
 * The twin columns of many links at once, papers named twice, an
 * article without a paper, equal dates, twins of the same paper: what
 * cache_related.c counts is what the article_twins view says.
 */
static void
test_twin_columns_agree_with_the_view(void **state)
{
	struct tu_cache *f = *state;
	int64_t a = put(f->c, "أ", "الشرق الأوسط", "2024-09-01", 0);
	int64_t b = put(f->c, "ب", "العرب", "2024-09-02", 0);
	int64_t c = put(f->c, "ج", "العرب", "2024-09-03", 0);
	int64_t d = put(f->c, "د", "عكاظ", "2024-09-03", 0);
	int64_t e = put(f->c, "ه", NULL, "2024-09-04", 0);
	int64_t g = put(f->c, "و", "الشرق الأوسط", NULL, 0);
	char *papers;

	links(f->c, (int64_t[]){ a, b, a, c, a, d, a, e }, 4, 1);
	links(f->c, (int64_t[]){ c, b, d, c, g, a, e, g }, 4, 1);
	links(f->c, (int64_t[]){ b, a, d, a }, 2, 1);
	links(f->c, (int64_t[]){ a, g }, 1, 0);
	/* a's twins: b c d e, and g (its link to a is still same-story);
	 * the papers but its own, newest first, a tie by paper: العرب
	 * came first */
	papers = tu_sql_rows(f->c, "SELECT twins, twin_papers FROM articles "
	    "WHERE id = ?1", a);
	assert_string_equal(papers, "5 العرب، عكاظ\n");
	free(papers);
}

/*
 * The same story from two papers is one row of the collapsed list (the
 * newer), whatever way its links come, go or are written again; the
 * counts still count every article; the row names the other paper; the
 * story lists the twins; n and A reach the hidden twin; the older shows
 * again when the link or the newer article goes, and the newest leads
 * when the order changes.
 */
static void
test_same_story_collapses_to_the_newest(void **state)
{
	struct tu_cache *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_list_filter col = { 0, 0, 0, 1, 0 }, story = { 0, 0, 0, 0, 0 };
	struct ak_list_filter flat = { 0, 0, 0, 0, 0 };
	int64_t a = put(f->c, "خبر من صحيفة", "الشرق الأوسط", "2024-09-01", 0);
	int64_t bb = put(f->c, "الخبر نفسه من أخرى", "العرب", "2024-09-02", 0);
	int64_t cc = put(f->c, "خبر آخر", "العرب", "2024-09-03", 0);
	int64_t id, head;
	struct twin_row t;
	char q[256];
	struct ids x;
	long n, pos;

	counts(f->c, &col, 3, 3);
	rows(f->c, &col, 3);
	links(f->c, (int64_t[]){ a, bb, bb, a }, 2, 1);
	counts(f->c, &col, 3, 3);	/* articles: all of them */
	rows(f->c, &col, 2);		/* rows: one per story */
	rows(f->c, &flat, 3);
	x = list(f->c, &col, 0, 10);
	assert_int_equal(x.n, 2);
	assert_true(x.v[0] == cc && x.v[1] == bb);
	/* each names the other's paper */
	t = twin_row(f->c, bb);
	assert_int_equal(t.twins, 1);
	assert_string_equal(t.papers, "الشرق الأوسط");
	t = twin_row(f->c, a);
	assert_int_equal(t.twins, 1);
	assert_string_equal(t.papers, "العرب");
	t = twin_row(f->c, cc);
	assert_int_equal(t.twins, 0);
	assert_string_equal(t.papers, "(null)");
	/* written again (related's INSERT OR REPLACE): still one hidden */
	links(f->c, (int64_t[]){ a, bb }, 1, 1);
	rows(f->c, &col, 2);
	/* the deep end of the list, read from the other end, agrees */
	x = list(f->c, &col, 1, 5);
	assert_int_equal(x.n, 1);
	assert_true(x.v[0] == bb);
	/* the story: the twins */
	story.story = bb;
	x = list(f->c, &story, 0, 10);
	assert_true(x.n == 1 && x.v[0] == a);
	counts(f->c, &story, 1, 1);
	/* the unread list is never collapsed */
	col.unread = 1;
	counts(f->c, &col, 3, 3);
	rows(f->c, &col, 3);
	col.unread = 0;
	/* the row's place; a hidden twin has none */
	assert_int_equal(ak_cache_position(f->c, &col, bb, &pos, &err), AK_OK);
	assert_int_equal(pos, 1);
	assert_int_equal(ak_cache_position(f->c, &col, a, &pos, &err),
	    AK_ENOTFOUND);
	/* n reaches the hidden twin, under its story's row */
	set_read(f->c, cc, 1);
	set_read(f->c, bb, 1);
	assert_int_equal(ak_cache_next_unread(f->c, &col, cc, &id, &pos,
	    &head, &err), AK_OK);
	assert_true(id == a && head == bb && pos == 1);
	/* A marks it read too */
	assert_int_equal(ak_cache_mark_read_where(f->c, &col, &n, &err),
	    AK_OK);
	assert_int_equal(n, 1);
	counts(f->c, &col, 3, 0);
	/* the link made a related one: two stories again */
	links(f->c, (int64_t[]){ a, bb, bb, a }, 2, 0);
	rows(f->c, &col, 3);
	t = twin_row(f->c, bb);
	assert_true(t.twins == 0 && strcmp(t.papers, "(null)") == 0);
	/* a link one way only is enough; the older coming first: it leads */
	sql(f, "DELETE FROM related");
	links(f->c, (int64_t[]){ bb, a }, 1, 1);
	snprintf(q, sizeof q, "UPDATE articles SET sort_key = '2024-09-09' "
	    "WHERE id = %lld", (long long)a);
	sql(f, q);
	rows(f->c, &col, 2);
	x = list(f->c, &col, 0, 10);
	assert_true(x.n == 2 && x.v[0] == a && x.v[1] == cc);
	/* its paper changed: its twin names the new one */
	snprintf(q, sizeof q, "INSERT INTO publishers(name) VALUES ('عكاظ'); "
	    "UPDATE articles SET publisher_id = (SELECT id FROM publishers "
	    "WHERE name = 'عكاظ') WHERE id = %lld", (long long)a);
	sql(f, q);
	t = twin_row(f->c, bb);
	assert_string_equal(t.papers, "عكاظ");
	/* the newer one deleted: the older is a row again */
	assert_int_equal(ak_cache_delete(f->c, a, &err), AK_OK);
	counts(f->c, &col, 2, 0);
	rows(f->c, &col, 2);
	x = list(f->c, &col, 0, 10);
	assert_true(x.n == 2 && x.v[0] == cc && x.v[1] == bb);
	t = twin_row(f->c, bb);
	assert_true(t.twins == 0 && strcmp(t.papers, "(null)") == 0);
}

/*
 * Deleting many articles in one statement (prune), with the related rows
 * going by the foreign key's cascade: the hidden count stays right.
 */
static void
test_story_counts_survive_a_bulk_delete(void **state)
{
	struct tu_cache *f = *state;
	struct ak_list_filter col = { 0, 0, 0, 1, 0 };
	int64_t a = put(f->c, "أ", "ن", "2024-09-01", 0);
	int64_t b = put(f->c, "ب", "م", "2024-09-02", 0);
	int64_t c = put(f->c, "ج", "ل", "2024-09-03", 0);
	int64_t d = put(f->c, "د", "ل", "2024-09-04", 0);
	char q[400];

	links(f->c, (int64_t[]){ a, b, b, c, d, a }, 3, 1);
	rows(f->c, &col, 2);	/* d (over a), c (over b) */
	snprintf(q, sizeof q, "DELETE FROM articles WHERE id IN (%lld, %lld)",
	    (long long)c, (long long)d);
	sql(f, q);
	counts(f->c, &col, 2, 2);
	rows(f->c, &col, 1);	/* b over a */
	snprintf(q, sizeof q, "DELETE FROM articles WHERE id = %lld",
	    (long long)b);
	sql(f, q);
	rows(f->c, &col, 1);
	sql(f, "DELETE FROM articles");
	rows(f->c, &col, 0);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(
			test_filters_list_in_order_and_count,
			tu_cache_setup, tu_cache_teardown),
		cmocka_unit_test_setup_teardown(
			test_groups_have_their_counts,
			tu_cache_setup, tu_cache_teardown),
		cmocka_unit_test_setup_teardown(
			test_next_unread_goes_down_the_list,
			tu_cache_setup, tu_cache_teardown),
		cmocka_unit_test_setup_teardown(
			test_mark_read_where_marks_the_list_only,
			tu_cache_setup, tu_cache_teardown),
		cmocka_unit_test(test_an_older_cache_gets_its_counts),
		cmocka_unit_test_setup_teardown(
			test_same_story_collapses_to_the_newest,
			tu_cache_setup, tu_cache_teardown),
		cmocka_unit_test_setup_teardown(
			test_story_counts_survive_a_bulk_delete,
			tu_cache_setup, tu_cache_teardown),
		cmocka_unit_test_setup_teardown(
			test_twin_columns_agree_with_the_view,
			tu_cache_setup, tu_cache_teardown),
	};

	return cmocka_run_group_tests_name("lists", tests, NULL, NULL);
}
