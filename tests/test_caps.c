/*
 * Size caps: what ak_article_copy_capped cuts and keeps, the capping sink
 * and its one warning, and every importer path (text page, feed, web
 * page) going through it.
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
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/import.h"
#include "akhbar/parse.h"

#define ELLIPSIS "\xE2\x80\xA6"

/* n bytes of Arabic words ("كلمة " is 9 bytes), cut to a whole letter. */
static char *
words(size_t n)
{
	static const char w[] = "\xD9\x83\xD9\x84\xD9\x85\xD8\xA9 ";
	struct ak_buf b = AK_BUF_INIT;

	while (b.len + sizeof w - 1 <= n)
		ak_buf_addstr(&b, w);
	while (b.len < n)
		ak_buf_addch(&b, 'x');
	return ak_buf_detach(&b, NULL);
}

static int
ends_with(const char *s, const char *tail)
{
	size_t n = strlen(s), k = strlen(tail);

	return n >= k && strcmp(s + n - k, tail) == 0;
}

static void
test_caps_article_within_caps_is_not_over(void **state)
{
	struct ak_caps caps = { 4096, 1024 };
	struct ak_article a;
	char *p = words(1000);

	(void)state;
	ak_article_init(&a);
	ak_set_str(&a.title, "عنوان");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, p, strlen(p), NULL);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, p, strlen(p), NULL);
	assert_false(ak_article_over_caps(&a, &caps));
	caps.paragraph = 999;
	assert_true(ak_article_over_caps(&a, &caps));
	caps.paragraph = 0;
	caps.article = 1999;
	assert_true(ak_article_over_caps(&a, &caps));
	caps.article = 0;
	assert_false(ak_article_over_caps(&a, &caps));
	free(p);
	ak_article_release(&a);
}

static void
test_caps_long_paragraph_cut_at_a_space_with_ellipsis(void **state)
{
	struct ak_caps caps = { 0, 1024 };
	struct ak_article a, c;
	struct ak_cap_cut cut;
	char *p = words(100000), *q = words(500);
	size_t n;

	(void)state;
	ak_article_init(&a);
	ak_set_str(&a.title, "عنوان");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, q, strlen(q), NULL);
	ak_article_add_block(&a, AK_BLOCK_CAPTION, p, strlen(p), "رويترز");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, q, strlen(q), NULL);
	ak_article_copy_capped(&a, &caps, &c, &cut);
	assert_int_equal(c.nblocks, 3);
	assert_string_equal(c.blocks[0].text, q);
	assert_string_equal(c.blocks[2].text, q);
	n = strlen(c.blocks[1].text);
	assert_true(n <= 1024);
	assert_true(n > 1024 - 1024 / 8 - 16);
	assert_true(ak_utf8_valid(c.blocks[1].text, n));
	/* cut after a whole word, not inside one */
	assert_true(ends_with(c.blocks[1].text, "\xD8\xA9" ELLIPSIS));
	assert_memory_equal(c.blocks[1].text, p, n - 3);
	assert_int_equal(c.blocks[1].kind, AK_BLOCK_CAPTION);
	assert_string_equal(c.blocks[1].credit, "رويترز");
	assert_string_equal(c.title, "عنوان");
	assert_int_equal(cut.blocks, 1);
	assert_int_equal(cut.fields, 0);
	assert_int_equal(cut.tail, 0);
	assert_false(ak_article_over_caps(&c, &caps));
	ak_article_release(&c);
	free(p);
	free(q);
	ak_article_release(&a);
}

static void
test_caps_word_longer_than_cap_cut_at_a_letter(void **state)
{
	struct ak_caps caps = { 0, 1024 };
	struct ak_buf b = AK_BUF_INIT;
	struct ak_article a, c;
	size_t n;

	(void)state;
	while (b.len < 5000)
		ak_buf_addstr(&b, "\xD8\xA8");	/* ب, no space at all */
	ak_buf_addstr(&b, "x");			/* odd length */
	ak_article_init(&a);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, b.data, b.len, NULL);
	ak_set_str(&a.byline, b.data);
	ak_article_copy_capped(&a, &caps, &c, NULL);
	n = strlen(c.blocks[0].text);
	assert_true(n <= 1024 && n >= 1020);
	assert_true(ak_utf8_valid(c.blocks[0].text, n));
	assert_true(ends_with(c.blocks[0].text, "\xD8\xA8" ELLIPSIS));
	assert_string_equal(c.byline, c.blocks[0].text);
	ak_article_release(&c);
	ak_article_release(&a);
	ak_buf_release(&b);
}

static void
test_caps_article_cap_cuts_the_tail(void **state)
{
	struct ak_caps caps = { 10000, 4096 };
	struct ak_article a, c;
	struct ak_cap_cut cut;
	struct ak_ref *r;
	char *p = words(3000);
	size_t i, total = 0;

	(void)state;
	ak_article_init(&a);
	for (i = 0; i < 10; i++)
		ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, p, strlen(p),
		    NULL);
	r = ak_article_add_ref(&a);
	r->title = ak_xstrdup("مقال ذو صلة");
	ak_article_copy_capped(&a, &caps, &c, &cut);
	/* three whole paragraphs, the fourth cut to what is left */
	assert_int_equal(c.nblocks, 4);
	for (i = 0; i < 3; i++)
		assert_string_equal(c.blocks[i].text, p);
	assert_true(ends_with(c.blocks[3].text, ELLIPSIS));
	for (i = 0; i < c.nblocks; i++)
		total += strlen(c.blocks[i].text);
	assert_true(total <= 10000);
	assert_true(total > 10000 - 200);
	assert_int_equal(c.nrefs, 0);
	assert_int_equal(cut.tail, 7 + 1);	/* 6 blocks dropped, 1 cut, 1 ref */
	assert_int_equal(cut.blocks, 0);
	assert_int_equal(cut.bytes, 10 * strlen(p) + strlen(r->title));
	assert_false(ak_article_over_caps(&c, &caps));
	ak_article_release(&c);

	/* too little room for a useful part: the block is dropped */
	caps.article = 3000 + 40;
	ak_article_copy_capped(&a, &caps, &c, &cut);
	assert_int_equal(c.nblocks, 1);
	assert_int_equal(cut.tail, 10);
	ak_article_release(&c);
	free(p);
	ak_article_release(&a);
}

/* ------------------------------------------------------------ the sink */

struct got {
	int narticles;
	size_t body;		/* bytes of the blocks of the last article */
	size_t nblocks;
	int nwarn;
	char warn[512];
};

static int
got_article(void *ctx, const struct ak_article *a)
{
	struct got *g = ctx;
	size_t i;

	g->narticles++;
	g->body = 0;
	g->nblocks = a->nblocks;
	for (i = 0; i < a->nblocks; i++)
		g->body += strlen(a->blocks[i].text);
	return AK_OK;
}

static void
got_warn(void *ctx, const char *msg)
{
	struct got *g = ctx;

	g->nwarn++;
	snprintf(g->warn, sizeof g->warn, "%s", msg);
}

static void
test_caps_sink_passes_small_articles_and_warns_once_per_cut(void **state)
{
	struct got g = { 0, 0, 0, 0, "" };
	struct ak_sink next = { got_article, got_warn, &g, NULL };
	struct ak_caps caps = { 8192, 2048 };
	struct ak_cap_sink cs;
	struct ak_article a;
	char *p = words(5000);

	(void)state;
	ak_cap_sink_init(&cs, &caps, &next);
	ak_article_init(&a);
	ak_set_str(&a.title, "صاروخان يؤجلان انسحاب «التحالف الدولي» من "
	    "العراق وخلاف بين واشنطن وبغداد حول مهمة المستشارين");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, "قصير", 8, NULL);
	assert_int_equal(cs.sink.article(cs.sink.ctx, &a), AK_OK);
	assert_int_equal(g.narticles, 1);
	assert_int_equal(g.nwarn, 0);
	/* warnings of the parser go through */
	cs.sink.warn(cs.sink.ctx, "a parser's warning");
	assert_int_equal(g.nwarn, 1);
	assert_string_equal(g.warn, "a parser's warning");

	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, p, strlen(p), NULL);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, p, strlen(p), NULL);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, p, strlen(p), NULL);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, p, strlen(p), NULL);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, p, strlen(p), NULL);
	assert_int_equal(cs.sink.article(cs.sink.ctx, &a), AK_OK);
	assert_int_equal(g.narticles, 2);
	assert_int_equal(g.nwarn, 2);
	assert_true(g.body <= 8192);
	assert_null(strchr(g.warn, '\n'));
	/* the title, shortened, and what was cut with the caps */
	assert_non_null(strstr(g.warn, "«صاروخان يؤجلان"));
	assert_non_null(strstr(g.warn, ELLIPSIS "»"));
	assert_non_null(strstr(g.warn, "4 paragraphs cut at 2 KiB"));
	assert_non_null(strstr(g.warn, "the text after 8 KiB cut"));
	assert_non_null(strstr(g.warn, "(24.4 KiB in all)"));
	free(p);
	ak_article_release(&a);
}

/* ------------------------------------------------------------ import */

struct imp {
	size_t longest;		/* longest block stored */
	size_t body;		/* bytes of all blocks stored */
	int narticles;
	int nwarn;
	char warn[512];
};

/* What a dry run reported: its articles and its warnings. */
static void
imp_done(void *ctx, const struct ak_import_report *r)
{
	struct imp *m = ctx;
	size_t i, j, n;

	assert_int_equal(r->rc, AK_OK);
	for (j = 0; j < r->narticles; j++) {
		const struct ak_article *a = &r->articles[j];

		m->narticles++;
		for (i = 0; i < a->nblocks; i++) {
			n = strlen(a->blocks[i].text);
			m->body += n;
			if (n > m->longest)
				m->longest = n;
		}
	}
	for (i = 0; i < r->nwarnings; i++) {
		m->nwarn++;
		snprintf(m->warn, sizeof m->warn, "%s", r->warnings[i]);
	}
}

/* Dry-run import of data with caps (the importer, into a cache in
 * memory); what the report holds. */
static void
import_dry(const char *data, size_t len, const struct ak_caps *caps,
	struct imp *m)
{
	struct ak_import_opts o;
	struct ak_import_fetched f;
	struct ak_importer *imp = NULL;
	struct ak_cache *c = NULL;
	struct ak_error err = { 0, "" };

	memset(&o, 0, sizeof o);
	memset(&f, 0, sizeof f);
	memset(m, 0, sizeof *m);
	o.dry_run = 1;
	o.caps = caps;
	o.done = imp_done;
	o.ctx = m;
	assert_int_equal(ak_cache_open(":memory:", 0, &c, &err), AK_OK);
	assert_int_equal(ak_importer_start(c, &o, &imp, &err), AK_OK);
	f.name = "test";
	f.body = ak_xmalloc(len + 1);
	memcpy(f.body, data, len);
	f.body[len] = '\0';
	f.len = len;
	ak_importer_add_fetched(imp, &f);
	assert_int_equal(ak_importer_finish(imp, &err), AK_OK);
	ak_cache_close(c);
}

static void
test_caps_every_import_path_is_capped(void **state)
{
	struct ak_caps caps = { 16384, 4096 };
	struct ak_buf b = AK_BUF_INIT;
	struct imp m;
	char *p = words(20000);
	size_t i;

	(void)state;
	/* a text page: title, blank line, one long paragraph */
	ak_buf_addf(&b, "عنوان المقال\n\n%s\n", p);
	import_dry(b.data, b.len, &caps, &m);
	assert_int_equal(m.narticles, 1);
	assert_true(m.longest <= 4096 && m.longest > 3000);
	assert_int_equal(m.nwarn, 1);
	assert_non_null(strstr(m.warn, "«عنوان المقال»"));
	assert_non_null(strstr(m.warn, "1 paragraph cut at 4 KiB"));

	/* the same page, caps off */
	caps.article = caps.paragraph = 0;
	import_dry(b.data, b.len, &caps, &m);
	assert_int_equal(m.longest, strlen(p));
	assert_int_equal(m.nwarn, 0);

	/* no caps given: the defaults (1 MiB, 64 KiB) */
	import_dry(b.data, b.len, NULL, &m);
	assert_int_equal(m.longest, strlen(p));
	assert_int_equal(m.nwarn, 0);

	/* a feed item */
	caps.article = 16384;
	caps.paragraph = 4096;
	ak_buf_reset(&b);
	ak_buf_addf(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<rss version=\"2.0\"><channel><title>t</title><item>"
	    "<title>خبر</title><link>http://example.com/1</link>"
	    "<description>%s</description></item></channel></rss>", p);
	import_dry(b.data, b.len, &caps, &m);
	assert_int_equal(m.narticles, 1);
	assert_true(m.longest <= 4096);
	assert_int_equal(m.nwarn, 1);
	assert_non_null(strstr(m.warn, "«خبر»"));

	/* a web page with many paragraphs: the article cap */
	ak_buf_reset(&b);
	ak_buf_addstr(&b, "<!doctype html><html><head><title>صفحة</title>"
	    "</head><body><h1>صفحة</h1>");
	p[2000] = '\0';
	for (i = 0; b.len < 100000; i++)
		ak_buf_addf(&b, "<p>%zu %s</p>", i, p);
	ak_buf_addstr(&b, "</body></html>");
	import_dry(b.data, b.len, &caps, &m);
	assert_int_equal(m.narticles, 1);
	assert_true(m.body <= 16384 && m.body > 12000);
	assert_int_equal(m.nwarn, 1);
	assert_non_null(strstr(m.warn, "the text after 16 KiB cut"));
	free(p);
	ak_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_caps_article_within_caps_is_not_over),
		cmocka_unit_test(test_caps_long_paragraph_cut_at_a_space_with_ellipsis),
		cmocka_unit_test(test_caps_word_longer_than_cap_cut_at_a_letter),
		cmocka_unit_test(test_caps_article_cap_cuts_the_tail),
		cmocka_unit_test(test_caps_sink_passes_small_articles_and_warns_once_per_cut),
		cmocka_unit_test(test_caps_every_import_path_is_capped),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
