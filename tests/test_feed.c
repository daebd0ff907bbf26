/*
 * parse_feed: RSS and Atom to articles, hostile XML.
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
#include "akhbar/error.h"
#include "akhbar/parse.h"

#define MAXART 8

struct got {
	int n;
	int calls;
	int stop_with;		/* returned by the sink when non-zero */
	struct ak_article a[MAXART];
	int nwarn;
	char warn[512];
};

static char *
dup0(const char *s)
{
	return s ? ak_xstrdup(s) : NULL;
}

static int
keep(void *ctx, const struct ak_article *src)
{
	struct got *g = ctx;
	struct ak_article *a;
	size_t i;

	g->calls++;
	if (g->stop_with)
		return g->stop_with;
	assert_true(g->n < MAXART);
	a = &g->a[g->n++];
	ak_article_init(a);
	a->title = dup0(src->title);
	a->url = dup0(src->url);
	a->guid = dup0(src->guid);
	a->published = dup0(src->published);
	a->date_raw = dup0(src->date_raw);
	a->byline = dup0(src->byline);
	a->section = dup0(src->section);
	a->publisher = dup0(src->publisher);
	a->lang = dup0(src->lang);
	for (i = 0; i < src->nblocks; i++)
		ak_article_add_block(a, src->blocks[i].kind,
		    src->blocks[i].text, strlen(src->blocks[i].text), NULL);
	return AK_OK;
}

static void
warned(void *ctx, const char *msg)
{
	struct got *g = ctx;

	g->nwarn++;
	snprintf(g->warn, sizeof(g->warn), "%s", msg);
}

static void
got_release(struct got *g)
{
	int i;

	for (i = 0; i < g->n; i++)
		ak_article_release(&g->a[i]);
	memset(g, 0, sizeof(*g));
}

static int
parse(const char *s, size_t n, const char *publisher, struct got *g,
	struct ak_error *err)
{
	struct ak_sink sink = { keep, warned, g, NULL };
	struct ak_parse_opts o = { publisher, NULL, "test" };

	return ak_parse_feed(s, n, &o, &sink, err);
}

static char *
slurp(const char *name, size_t *len)
{
	const char *dir = getenv("SRCDIR");
	char path[4096], chunk[4096];
	struct ak_buf b = AK_BUF_INIT;
	size_t k;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/feeds/%s",
	    dir ? dir : ".", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ak_buf_add(&b, chunk, k);
	fclose(f);
	return ak_buf_detach(&b, len);
}

static void
parse_file(const char *name, const char *publisher, struct got *g)
{
	struct ak_error err = { 0, "" };
	size_t n;
	char *s = slurp(name, &n);
	int rc = parse(s, n, publisher, g, &err);

	free(s);
	if (rc != AK_OK)
		fail_msg("%s: %d %s", name, rc, err.msg);
}

static void
expect_block(const struct ak_article *a, size_t i, enum ak_block_kind kind,
	const char *text)
{
	assert_true(i < a->nblocks);
	assert_string_equal(ak_block_kind_name(a->blocks[i].kind),
	    ak_block_kind_name(kind));
	assert_string_equal(a->blocks[i].text, text);
}

/* No string of a has a control, a bidi override or isolate, a BOM. */
static void
assert_clean(const char *s)
{
	const unsigned char *p = (const unsigned char *)s;

	if (!s)
		return;
	for (; *p; p++) {
		assert_true(*p >= 0x20 && *p != 0x7F);
		assert_false(p[0] == 0xC2 && p[1] >= 0x80 && p[1] <= 0x9F);
		assert_false(p[0] == 0xE2 && p[1] == 0x80 && p[2] >= 0xAA &&
		    p[2] <= 0xAE);
		assert_false(p[0] == 0xE2 && p[1] == 0x81 && p[2] >= 0xA6 &&
		    p[2] <= 0xA9);
		assert_false(p[0] == 0xEF && p[1] == 0xBB && p[2] == 0xBF);
	}
}

static void
assert_article_clean(const struct ak_article *a)
{
	size_t i;

	assert_clean(a->title);
	assert_clean(a->url);
	assert_clean(a->guid);
	assert_clean(a->byline);
	assert_clean(a->section);
	assert_clean(a->publisher);
	assert_clean(a->date_raw);
	for (i = 0; i < a->nblocks; i++)
		assert_clean(a->blocks[i].text);
}

static void
test_feed_rss_item_fields(void **state)
{
	struct got g = { 0 };
	const struct ak_article *a;

	(void)state;
	parse_file("rss-ar.xml", NULL, &g);
	assert_int_equal(g.n, 4);
	/* the raw ESC of item 4 is dropped before libxml2 sees it */
	assert_int_equal(g.nwarn, 0);
	a = &g.a[0];
	assert_string_equal(a->title,
	    "صاروخان يؤجلان انسحاب «التحالف الدولي» من العراق");
	assert_string_equal(a->url, "https://aawsat.example/news/4001");
	assert_string_equal(a->guid, "aawsat-4001");
	assert_string_equal(a->published, "2024-09-13T11:30:00Z");
	assert_string_equal(a->date_raw, "Fri, 13 Sep 2024 14:30:00 +0300");
	assert_string_equal(a->byline, "حمزة مصطفى");
	assert_string_equal(a->section, "العالم العربي");
	assert_string_equal(a->publisher, "الشرق الأوسط");
	assert_string_equal(a->lang, "ar");
	got_release(&g);
}

static void
test_feed_cdata_html_becomes_blocks(void **state)
{
	struct got g = { 0 };
	const struct ak_article *a;

	(void)state;
	parse_file("rss-ar.xml", NULL, &g);
	a = &g.a[0];
	assert_int_equal(a->nblocks, 7);
	/* the description is not the body's start: it is the summary */
	expect_block(a, 0, AK_BLOCK_SUMMARY,
	    "خلاف بين واشنطن وبغداد حول «مهمة المستشارين العسكريين»");
	/* &nbsp; is a space, inline tags keep their text */
	expect_block(a, 1, AK_BLOCK_PARAGRAPH, "تتجه واشنطن إلى إلغاء "
	    "تفاهمات مع العراق حول جدولة انسحاب قواتها، وقال مسؤولون "
	    "عراقيون إن الهجوم الأخير بصاروخين يقف وراء هذا التحول.");
	/* <script> and <style> are dropped, <h2> is a heading */
	expect_block(a, 2, AK_BLOCK_HEADING, "تأجيل الإعلان");
	/* <br> splits a paragraph */
	expect_block(a, 3, AK_BLOCK_PARAGRAPH,
	    "وجاء ذلك بالتزامن مع خلاف بين وزارتي الخارجية.");
	expect_block(a, 4, AK_BLOCK_PARAGRAPH,
	    "وقالت مصادر مسؤولة إن مسار التفاوض توقف.");
	expect_block(a, 5, AK_BLOCK_CAPTION,
	    "قاعدة عين الأسد في الأنبار (رويترز)");
	expect_block(a, 6, AK_BLOCK_QUOTE, "لن ننسحب تحت النار");
	got_release(&g);
}

static void
test_feed_escaped_html_description(void **state)
{
	struct got g = { 0 };
	const struct ak_article *a;

	(void)state;
	parse_file("rss-ar.xml", NULL, &g);
	a = &g.a[1];
	assert_string_equal(a->title,
	    "الصليب الأحمر الألماني: الوضع في غزة \"كارثي\"");
	assert_null(a->guid);
	assert_string_equal(a->published, "2024-09-14T08:05:00Z");
	/* "desk@... (Name)" names the person */
	assert_string_equal(a->byline, "فريق التحرير");
	assert_int_equal(a->nblocks, 2);
	expect_block(a, 0, AK_BLOCK_PARAGRAPH,
	    "قال الصليب الأحمر الألماني إن الوضع كارثي.");
	expect_block(a, 1, AK_BLOCK_PARAGRAPH, "ودعا إلى وقف إطلاق النار.");
	got_release(&g);
}

static void
test_feed_untitled_item_and_blank_lines(void **state)
{
	struct got g = { 0 };
	const struct ak_article *a;

	(void)state;
	parse_file("rss-ar.xml", NULL, &g);
	a = &g.a[2];
	/* the title is the start of the text, cut at a word */
	assert_string_equal(a->title, "نص بلا عنوان عن اجتماع وزراء الخارجية "
	    "العرب في القاهرة لبحث الأوضاع الإقليمية…");
	/* a permalink guid is the url too */
	assert_string_equal(a->url, "https://aawsat.example/news/4003");
	assert_null(a->published);
	assert_int_equal(a->nblocks, 2);
	expect_block(a, 1, AK_BLOCK_PARAGRAPH, "فقرة ثانية بعد سطر فارغ.");
	got_release(&g);
}

static void
test_feed_sanitises_every_string(void **state)
{
	struct got g = { 0 };
	int i;

	(void)state;
	parse_file("rss-ar.xml", NULL, &g);
	for (i = 0; i < g.n; i++)
		assert_article_clean(&g.a[i]);
	/* the whole escape sequences go, not just the ESC */
	assert_string_equal(g.a[3].title, "عنوان مقلوب معزول ملون");
	expect_block(&g.a[3], 0, AK_BLOCK_PARAGRAPH,
	    "نص فيه ممنوع وفيه C1: نهاية\xE2\x80\x8F");
	got_release(&g);
}

static void
test_feed_atom_entries(void **state)
{
	struct got g = { 0 };
	const struct ak_article *a;

	(void)state;
	parse_file("atom-ar.xml", NULL, &g);
	assert_int_equal(g.n, 3);
	assert_int_equal(g.nwarn, 0);
	a = &g.a[0];
	/* type="html" title, markup dropped */
	assert_string_equal(a->title, "ميونيخ تستضيف مؤتمر الأمن");
	/* the alternate link, not self */
	assert_string_equal(a->url, "https://independent.example/news/5001");
	assert_string_equal(a->guid, "tag:independent.example,2024:5001");
	/* published beats updated */
	assert_string_equal(a->published, "2024-01-05T06:00:00Z");
	assert_string_equal(a->byline, "سارة الأحمد");
	assert_string_equal(a->section, "دوليات");
	assert_string_equal(a->publisher, "إندبندنت عربية");
	assert_string_equal(a->lang, "ar");
	assert_int_equal(a->nblocks, 3);
	expect_block(a, 0, AK_BLOCK_SUMMARY, "ملخص قصير عن مؤتمر ميونيخ للأمن.");
	expect_block(a, 1, AK_BLOCK_PARAGRAPH,
	    "افتتح مؤتمر ميونيخ للأمن أعماله اليوم.");
	expect_block(a, 2, AK_BLOCK_PARAGRAPH, "وحضر المؤتمر وزراء ومسؤولون.");

	a = &g.a[1];
	/* a relative link against xml:base; a date that crosses midnight */
	assert_string_equal(a->url, "https://independent.example/news/5002");
	assert_string_equal(a->published, "2024-03-01T00:30:00Z");
	assert_string_equal(a->section, "لبنان");
	/* xhtml content */
	assert_int_equal(a->nblocks, 2);
	expect_block(a, 0, AK_BLOCK_PARAGRAPH, "تعرضت مدينة بعلبك لقصف عنيف.");

	a = &g.a[2];
	assert_null(a->url);
	assert_string_equal(a->published, "2024-03-01");
	/* type="text" content is not HTML */
	assert_int_equal(a->nblocks, 2);
	expect_block(a, 0, AK_BLOCK_PARAGRAPH, "السطر الأول <p> ليس وسماً.");
	got_release(&g);
}

static void
test_feed_publisher_option_wins(void **state)
{
	struct got g = { 0 };

	(void)state;
	parse_file("atom-ar.xml", "رويترز", &g);
	assert_string_equal(g.a[0].publisher, "رويترز");
	got_release(&g);
}

static void
test_feed_rss1_and_undeclared_prefix(void **state)
{
	struct got g = { 0 };

	(void)state;
	parse_file("rdf.xml", NULL, &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].title, "الجيش السوري في الشيخ مقصود");
	assert_string_equal(g.a[0].guid, "https://alarab.example/7001");
	assert_string_equal(g.a[0].published, "2024-09-13T10:00:00Z");
	assert_string_equal(g.a[0].byline, "مراسل العرب");
	assert_string_equal(g.a[0].section, "سوريا");
	assert_string_equal(g.a[0].lang, "ar");
	got_release(&g);

	parse_file("rss-nodc.xml", NULL, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nwarn, 0);
	assert_string_equal(g.a[0].byline, "كاتب");
	expect_block(&g.a[0], 0, AK_BLOCK_PARAGRAPH, "نص كامل.");
	got_release(&g);
}

static void
test_feed_windows_1256(void **state)
{
	static const char *const files[] = {
		"rss-cp1256.xml", "rss-cp1256-nodecl.xml"
	};
	struct got g = { 0 };
	size_t i;

	(void)state;
	for (i = 0; i < 2; i++) {
		parse_file(files[i], NULL, &g);
		assert_int_equal(g.n, 1);
		assert_int_equal(g.nwarn, 0);
		assert_string_equal(g.a[0].publisher, "العربي الجديد");
		assert_string_equal(g.a[0].title,
		    "بغداد تطالب بجدول زمني لانسحاب القوات الأجنبية");
		expect_block(&g.a[0], 0, AK_BLOCK_PARAGRAPH, "قال مسؤولون "
		    "عراقيون إن المفاوضات مستمرة؛ فهل هو التباس أم خلاف؟");
		got_release(&g);
	}
}

static void
test_feed_invalid_utf8_is_replaced_and_reported(void **state)
{
	static const char feed[] = "<rss version=\"2.0\"><channel><title>t"
	    "</title><item><title>عاجل: \xD8\xB9\xFF\xD8\xB1 بغداد تطالب "
	    "بجدول زمني</title></item></channel></rss>";
	struct got g = { 0 };
	char want[128];

	(void)state;
	assert_int_equal(parse(feed, sizeof(feed) - 1, NULL, &g, NULL),
	    AK_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].title, "عاجل: \xD8\xB9\xEF\xBF\xBD\xD8\xB1 "
	    "بغداد تطالب بجدول زمني");
	assert_int_equal(g.nwarn, 1);
	snprintf(want, sizeof(want),
	    "invalid UTF-8 at byte %d (1 sequence replaced)",
	    (int)(strchr(feed, '\xFF') - feed));
	assert_string_equal(g.warn, want);
	got_release(&g);
}

static void
check_date(const char *raw, const char *want)
{
	struct ak_buf b = AK_BUF_INIT;
	struct got g = { 0 };

	ak_buf_addf(&b, "<rss version=\"2.0\"><channel><title>t</title><item>"
	    "<title>x</title><pubDate>%s</pubDate></item></channel></rss>",
	    raw);
	assert_int_equal(parse(b.data, b.len, NULL, &g, NULL), AK_OK);
	assert_int_equal(g.n, 1);
	if (want)
		assert_string_equal(g.a[0].published, want);
	else
		assert_null(g.a[0].published);
	assert_string_equal(g.a[0].date_raw, raw);
	got_release(&g);
	ak_buf_release(&b);
}

static void
test_feed_dates(void **state)
{
	(void)state;
	check_date("Tue, 04 Aug 2015 10:20:00 +0300", "2015-08-04T07:20:00Z");
	check_date("4 Aug 2015 10:20 GMT", "2015-08-04T10:20:00Z");
	check_date("Mon, 31 Dec 2029 23:30:00 -0100", "2030-01-01T00:30:00Z");
	check_date("Sat, 29 Feb 2020 12:00:00 PDT", "2020-02-29T19:00:00Z");
	check_date("Thu, 01 Jan 70 00:00:00 EST", "1970-01-01T05:00:00Z");
	check_date("Wednesday, 05 August 2015 01:02:03 +0000",
	    "2015-08-05T01:02:03Z");
	check_date("2015-08-04T10:20:00.123+03:00", "2015-08-04T07:20:00Z");
	check_date("2015-08-04 10:20:00Z", "2015-08-04T10:20:00Z");
	check_date("2015-08-04T00:10:00+0100", "2015-08-03T23:10:00Z");
	check_date("2015-08-04", "2015-08-04");
	/* not what feeds should say, but ak_parse_date reads it */
	check_date("الجمعة 13 سبتمبر 2024", "2024-09-13");
	check_date("31 Feb 2015 10:00:00 GMT", NULL);
	check_date("2015-13-01", NULL);
	check_date("yesterday", NULL);
}

static void
test_feed_sink_error_stops(void **state)
{
	struct got g = { 0 };

	(void)state;
	g.stop_with = AK_ECACHE;
	{
		struct ak_error err = { 0, "" };
		size_t n;
		char *s = slurp("rss-ar.xml", &n);

		assert_int_equal(parse(s, n, NULL, &g, &err), AK_ECACHE);
		free(s);
	}
	assert_int_equal(g.calls, 1);
	got_release(&g);
}

static void
expect_refused(const char *s, size_t n, int code, const char *msg)
{
	struct ak_error err = { 0, "" };
	struct got g = { 0 };

	assert_int_equal(parse(s, n, NULL, &g, &err), code);
	assert_int_equal(g.n, 0);
	if (msg)
		assert_string_equal(err.msg, msg);
	got_release(&g);
}

static void
test_feed_refuses_billion_laughs(void **state)
{
	size_t n;
	char *s = slurp("hostile-laughs.xml", &n);

	(void)state;
	expect_refused(s, n, AK_EPARSE,
	    "entity expansion refused (entity reference loop)");
	free(s);
}

static void
test_feed_never_loads_external_entities(void **state)
{
	struct got g = { 0 };

	(void)state;
	/* file:///etc/passwd as a general entity, /dev/zero as a parameter
	 * entity: neither is read (/dev/zero would never end) */
	parse_file("hostile-xxe.xml", NULL, &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].title, "before after");
	assert_int_equal(g.a[0].nblocks, 0);
	got_release(&g);

	/* an external DTD is not fetched; its HTML entities still read */
	parse_file("hostile-dtd.xml", NULL, &g);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.nwarn, 0);
	assert_string_equal(g.a[0].title, "a b \xC3\xA9 & c");
	expect_block(&g.a[0], 0, AK_BLOCK_PARAGRAPH, "x\xE2\x80\xA6");
	assert_string_equal(g.a[0].lang, "en");
	got_release(&g);
}

static void
test_feed_does_not_expand_quadratic_blowup(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	struct got g = { 0 };
	size_t i;

	(void)state;
	/* a 100 kB entity used 100,000 times would be 10 GB */
	ak_buf_addstr(&b, "<?xml version=\"1.0\"?>\n<!DOCTYPE rss [ "
	    "<!ENTITY a \"");
	for (i = 0; i < 100000; i++)
		ak_buf_addch(&b, 'A');
	ak_buf_addstr(&b, "\"> ]>\n<rss version=\"2.0\"><channel><title>t"
	    "</title><item><title>q</title><description>");
	for (i = 0; i < 100000; i++)
		ak_buf_addstr(&b, "&a;");
	ak_buf_addstr(&b, "</description></item></channel></rss>");
	assert_int_equal(parse(b.data, b.len, NULL, &g, NULL), AK_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.a[0].nblocks, 0);
	got_release(&g);
	ak_buf_release(&b);
}

static void
test_feed_survives_deep_nesting(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	struct got g = { 0 };
	size_t i;

	(void)state;
	/* XML nesting (libxml2 stops at its depth limit) ... */
	ak_buf_addstr(&b, "<rss version=\"2.0\"><channel><title>t</title>"
	    "<item><title>deep</title><description>");
	for (i = 0; i < 100000; i++)
		ak_buf_addstr(&b, "<div>");
	ak_buf_addstr(&b, "</description></item></channel></rss>");
	assert_int_equal(parse(b.data, b.len, NULL, &g, NULL), AK_OK);
	got_release(&g);
	/* ... and HTML nesting inside CDATA */
	ak_buf_reset(&b);
	ak_buf_addstr(&b, "<rss version=\"2.0\"><channel><title>t</title>"
	    "<item><title>deep</title><description><![CDATA[");
	for (i = 0; i < 100000; i++)
		ak_buf_addstr(&b, "<div>");
	ak_buf_addstr(&b, "x]]></description></item></channel></rss>");
	assert_int_equal(parse(b.data, b.len, NULL, &g, NULL), AK_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].title, "deep");
	got_release(&g);
	ak_buf_release(&b);
}

static void
test_feed_refuses_huge_input(void **state)
{
	size_t n = (32u << 20) + 1;
	char *s = ak_xmalloc(n);

	(void)state;
	memset(s, ' ', n);
	memcpy(s, "<rss>", 5);
	expect_refused(s, n, AK_EPARSE, "feed too large (more than 32 MiB)");
	free(s);
}

static void
test_feed_refuses_what_is_not_a_feed(void **state)
{
	static const char html[] = "<html><body><p>not a feed</p></body>"
	    "</html>";
	static const char text[] = "just some text, no XML at all";

	(void)state;
	expect_refused(html, sizeof(html) - 1, AK_EPARSE,
	    "not an RSS or Atom feed");
	expect_refused(text, sizeof(text) - 1, AK_EPARSE, NULL);
	expect_refused("<rss>\0\0\0\0", 9, AK_EBINARY, "binary file");
	expect_refused("  \n ", 4, AK_EEMPTY, "empty file");
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_feed_rss_item_fields),
		cmocka_unit_test(test_feed_cdata_html_becomes_blocks),
		cmocka_unit_test(test_feed_escaped_html_description),
		cmocka_unit_test(test_feed_untitled_item_and_blank_lines),
		cmocka_unit_test(test_feed_sanitises_every_string),
		cmocka_unit_test(test_feed_atom_entries),
		cmocka_unit_test(test_feed_publisher_option_wins),
		cmocka_unit_test(test_feed_rss1_and_undeclared_prefix),
		cmocka_unit_test(test_feed_windows_1256),
		cmocka_unit_test(test_feed_invalid_utf8_is_replaced_and_reported),
		cmocka_unit_test(test_feed_dates),
		cmocka_unit_test(test_feed_sink_error_stops),
		cmocka_unit_test(test_feed_refuses_billion_laughs),
		cmocka_unit_test(test_feed_never_loads_external_entities),
		cmocka_unit_test(test_feed_does_not_expand_quadratic_blowup),
		cmocka_unit_test(test_feed_survives_deep_nesting),
		cmocka_unit_test(test_feed_refuses_huge_input),
		cmocka_unit_test(test_feed_refuses_what_is_not_a_feed),
	};

	return cmocka_run_group_tests_name("feed", tests, NULL, NULL);
}
