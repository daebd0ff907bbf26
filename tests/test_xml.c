/*
 * xml: the attribute guard in front of libxml2 (ak_xml_limit_attrs), and
 * the feed and web-page paths with an element of many attributes, which
 * libxml2 parses in time quadratic in their number.
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
#include "akhbar/extract.h"
#include "akhbar/parse.h"
#include "akhbar/xml.h"

/* Limit s to max attributes a tag; the result (s itself when nothing
 * was dropped) into *res, which the caller frees. */
static size_t
limit(const char *s, size_t max, char **res)
{
	size_t n, len = 0;
	char *out = NULL;

	n = ak_xml_limit_attrs(s, strlen(s), max, &out, &len);
	if (n == 0) {
		assert_null(out);
		*res = ak_xstrdup(s);
	} else {
		assert_non_null(out);
		assert_int_equal(strlen(out), len);
		*res = out;
	}
	return n;
}

static void
test_xml_limit_keeps_the_first_attributes(void **state)
{
	char *r;

	(void)state;
	assert_int_equal(limit("<p a=1 b=\"2\" c='3' d>x</p>", 4, &r), 0);
	assert_string_equal(r, "<p a=1 b=\"2\" c='3' d>x</p>");
	free(r);
	assert_int_equal(limit("<p a=1 b=\"2\" c='3' d>x</p>", 2, &r), 2);
	assert_string_equal(r, "<p a=1 b=\"2\">x</p>");
	free(r);
	/* spaces around =, a self-closing tag, uppercase, several tags */
	assert_int_equal(limit("<A x = \"1\" y= 2 z =\"3\"/><b q=1 r=2 s=3>t</b>",
	    1, &r), 4);
	assert_string_equal(r, "<A x = \"1\"/><b q=1>t</b>");
	free(r);
}

static void
test_xml_limit_reads_quoted_values_whole(void **state)
{
	char *r;

	(void)state;
	/* '>' and spaces inside quotes are the value's */
	assert_int_equal(limit("<a t=\"x > y z=1\" u='<b c=1 d=2>' v=1>k</a>",
	    2, &r), 1);
	assert_string_equal(r, "<a t=\"x > y z=1\" u='<b c=1 d=2>'>k</a>");
	free(r);
}

static void
test_xml_limit_leaves_what_is_not_a_tag(void **state)
{
	static const char *const kept[] = {
		"<!-- <p a=1 b=2 c=3> -->",
		"<![CDATA[<p a=1 b=2 c=3>]]>",
		"<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>",
		"<!DOCTYPE x [<!ENTITY e \"<p a=1 b=2 c=3>\">]><x/>",
		"<script>var s = '<p a=1 b=2 c=3>';</script>",
		"<STYLE>p[a=1][b=2][c=3]{}</Style>",
		"a < b and c <= d, 1 <2 <3",
		"</p a=1 b=2 c=3>",
		"<p a=\"unclosed b=2 c=3",
	};
	size_t i;
	char *r;

	(void)state;
	for (i = 0; i < sizeof kept / sizeof *kept; i++) {
		assert_int_equal(limit(kept[i], 1, &r), 0);
		assert_string_equal(r, kept[i]);
		free(r);
	}
	/* after a script, tags count again */
	assert_int_equal(limit("<script>'<p a b c>'</script><p a b c>", 1,
	    &r), 2);
	assert_string_equal(r, "<script>'<p a b c>'</script><p a>");
	free(r);
}

/* ------------------------------------------------------------ parsers */

struct got {
	int narticles;
	char title[256];
	size_t nblocks;
	int nwarn;
	char warn[512];
};

static int
got_article(void *ctx, const struct ak_article *a)
{
	struct got *g = ctx;

	g->narticles++;
	snprintf(g->title, sizeof g->title, "%s", a->title ? a->title : "");
	g->nblocks = a->nblocks;
	return AK_OK;
}

static void
got_warn(void *ctx, const char *msg)
{
	struct got *g = ctx;

	g->nwarn++;
	snprintf(g->warn, sizeof g->warn, "%s", msg);
}

/* " a0=\"0\" a1=\"1\" ..." n times */
static void
add_attrs(struct ak_buf *b, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ak_buf_addf(b, " a%zu=\"%zu\"", i, i);
}

static void
test_xml_feed_item_with_many_attributes(void **state)
{
	struct got g;
	struct ak_sink sink = { got_article, got_warn, &g, NULL };
	struct ak_parse_opts o = { NULL, NULL, "test" };
	struct ak_buf b = AK_BUF_INIT;
	struct ak_error err;

	(void)state;
	memset(&g, 0, sizeof g);
	ak_buf_addstr(&b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>"
	    "<rss version=\"2.0\"><channel><title>الموقع</title><item");
	add_attrs(&b, 100000);
	ak_buf_addstr(&b, "><title>خبر عاجل</title><link>https://example.com/1"
	    "</link><description>نص الخبر</description></item></channel>"
	    "</rss>");
	assert_int_equal(ak_parse_feed(b.data, b.len, &o, &sink, &err), AK_OK);
	assert_int_equal(g.narticles, 1);
	assert_string_equal(g.title, "خبر عاجل");
	assert_int_equal(g.nwarn, 1);
	assert_non_null(strstr(g.warn, "99936 attributes left out"));
	ak_buf_release(&b);
}

static void
test_xml_page_tag_with_many_attributes(void **state)
{
	struct got g;
	struct ak_sink sink = { got_article, got_warn, &g, NULL };
	struct ak_parse_opts o = { NULL, NULL, "test" };
	struct ak_buf b = AK_BUF_INIT;
	struct ak_error err;
	int i;

	(void)state;
	memset(&g, 0, sizeof g);
	ak_buf_addstr(&b, "<!DOCTYPE html><html lang=\"ar\"><head><title>"
	    "عنوان الصفحة</title></head><body><article><h1>عنوان الصفحة</h1>"
	    "<p");
	add_attrs(&b, 100000);
	ak_buf_addstr(&b, ">");
	for (i = 0; i < 20; i++)
		ak_buf_addstr(&b, "الفقرة الأولى من المقال، وفيها كلام كثير. ");
	ak_buf_addstr(&b, "</p><p>");
	for (i = 0; i < 20; i++)
		ak_buf_addstr(&b, "الفقرة الثانية من المقال، وفيها كلام أكثر. ");
	ak_buf_addstr(&b, "</p></article></body></html>");
	assert_int_equal(ak_extract_html(b.data, b.len, NULL, NULL, &o, &sink,
	    &err), AK_OK);
	assert_int_equal(g.narticles, 1);
	assert_string_equal(g.title, "عنوان الصفحة");
	assert_int_equal(g.nblocks, 2);
	assert_int_equal(g.nwarn, 1);
	assert_non_null(strstr(g.warn, "99936 attributes left out"));
	ak_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_xml_limit_keeps_the_first_attributes),
		cmocka_unit_test(test_xml_limit_reads_quoted_values_whole),
		cmocka_unit_test(test_xml_limit_leaves_what_is_not_a_tag),
		cmocka_unit_test(test_xml_feed_item_with_many_attributes),
		cmocka_unit_test(test_xml_page_tag_with_many_attributes),
	};

	return cmocka_run_group_tests(tests, NULL, NULL);
}
