/*
 * extract: web pages to articles, one rule a test, on small pages.
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

struct got {
	int n;
	struct ak_article a;
	char body[8192];	/* the blocks, "kind: text" a line */
	int nwarn;
};

static int
keep(void *ctx, const struct ak_article *src)
{
	struct got *g = ctx;
	size_t i, len;

	g->n++;
	ak_article_init(&g->a);
	ak_set_str(&g->a.title, src->title);
	ak_set_str(&g->a.subtitle, src->subtitle);
	ak_set_str(&g->a.url, src->url);
	ak_set_str(&g->a.guid, src->guid);
	ak_set_str(&g->a.published, src->published);
	ak_set_str(&g->a.date_raw, src->date_raw);
	ak_set_str(&g->a.byline, src->byline);
	ak_set_str(&g->a.section, src->section);
	ak_set_str(&g->a.publisher, src->publisher);
	ak_set_str(&g->a.lang, src->lang);
	g->body[0] = '\0';
	for (i = 0; i < src->nblocks; i++) {
		const struct ak_block *b = &src->blocks[i];

		ak_article_add_block(&g->a, b->kind, b->text, strlen(b->text),
		    b->credit);
		len = strlen(g->body);
		snprintf(g->body + len, sizeof(g->body) - len, "%s: %s%s%s\n",
		    ak_block_kind_name(b->kind), b->text,
		    b->credit ? " // " : "", b->credit ? b->credit : "");
	}
	return AK_OK;
}

static void
count_warn(void *ctx, const char *msg)
{
	(void)msg;
	((struct got *)ctx)->nwarn++;
}

static int
run(const char *html, size_t len, const char *charset, const char *url,
	const char *publisher, struct got *g, struct ak_error *err)
{
	struct ak_sink sink = { keep, count_warn, g, NULL };
	struct ak_parse_opts o = { publisher, NULL, "page.html" };

	memset(g, 0, sizeof(*g));
	ak_article_init(&g->a);
	err->code = 0;
	err->msg[0] = '\0';
	return ak_extract_html(html, len, charset, url, &o, &sink, err);
}

static int
extract(const char *html, const char *url, struct got *g)
{
	struct ak_error err;

	return run(html, strlen(html), NULL, url, NULL, g, &err);
}

static void
done(struct got *g)
{
	ak_article_release(&g->a);
}

/* Filler prose, so that a test page reads as an article. */
#define PROSE1 "<p>قال مسؤولون في الوزارة، اليوم الأحد، إن المشروع الجديد " \
	"سيبدأ خلال الأشهر المقبلة، وإن العمل فيه سيستمر عامين على الأقل، " \
	"وفق ما أعلنته الجهات المختصة في بيان رسمي.</p>"
#define PROSE2 "<p>وأضاف البيان أن الخطة تشمل بناء مدارس ومستشفيات، " \
	"وتوسيع شبكة الطرق، وتحسين خدمات المياه والكهرباء في المناطق " \
	"البعيدة، بتكلفة تقدر بمليارات الريالات.</p>"
#define PROSE3 "<p>The ministry said on Sunday that the new project " \
	"would start in the coming months, that work would last at least " \
	"two years, and that the budget had been approved by parliament.</p>"

/* ------------------------------------------------------------ detect */

static void
test_extract_detects_html_without_doctype(void **state)
{
	(void)state;
	assert_true(ak_html_detect("<!DOCTYPE html><html>", 21));
	assert_true(ak_html_detect("<head><title>x</title></head>", 29));
	assert_true(ak_html_detect("\xEF\xBB\xBF<html lang=ar>", 18));
	assert_true(ak_html_detect("  \n<!-- generated -->\n<body><p>x", 31));
	assert_true(ak_html_detect("<?xml version=\"1.0\"?>\n<html>", 28));
	assert_true(ak_html_detect("<div class=\"post\">", 18));
	assert_true(ak_html_detect("<P>text", 7));
	assert_false(ak_html_detect("عنوان الخبر\n\n<b>", 26));
	assert_false(ak_html_detect("<rss version=\"2.0\">", 19));
	assert_false(ak_html_detect("<!-- never closed", 17));
	assert_false(ak_html_detect("", 0));
}

/* -------------------------------------------------------------- body */

static void
test_extract_drops_page_furniture(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><body>"
	    "<nav><a href=/>الرئيسية</a> <a href=/a>تقارير</a></nav>"
	    "<header class=site-header>الطبعة: العربية</header>"
	    "<div class=share-bar>شارك على فيسبوك</div>"
	    "<article><h1>عنوان الخبر الأول</h1>" PROSE1 PROSE2
	    "<div class=related><h3>اقرأ أيضا</h3><ul><li><a href=/x>خبر "
	    "آخر</a></li></ul></div></article>"
	    "<div id=comments><p>تعليق طويل من قارئ يقول فيه رأيه، ويضيف "
	    "أشياء كثيرة، ويكرر ما قاله.</p></div>"
	    "<aside>الأكثر قراءة</aside><footer>جميع الحقوق محفوظة</footer>"
	    "</body></html>", NULL, &g), AK_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a.title, "عنوان الخبر الأول");
	assert_int_equal(g.a.nblocks, 2);
	assert_non_null(strstr(g.a.blocks[0].text, "قال مسؤولون"));
	assert_non_null(strstr(g.a.blocks[1].text, "وأضاف البيان"));
	assert_null(strstr(g.body, "شارك"));
	assert_null(strstr(g.body, "تعليق"));
	assert_null(strstr(g.body, "الطبعة"));
	done(&g);
}

static void
test_extract_reads_br_separated_paragraphs(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><meta property=og:type "
	    "content=article></head><body><div class=\"news-text\">"
	    "الفقرة الأولى من الخبر، وهي طويلة بما يكفي لتكون فقرة."
	    "<br><br>الفقرة الثانية من الخبر، وفيها تفاصيل أخرى كثيرة."
	    "<br>الفقرة الثالثة، وهي الأخيرة في هذا الخبر القصير جدا."
	    "</div><div class=menu><a href=/>الرئيسية</a></div>"
	    "</body></html>", NULL, &g), AK_OK);
	assert_int_equal(g.a.nblocks, 3);
	assert_string_equal(g.a.blocks[2].text,
	    "الفقرة الثالثة، وهي الأخيرة في هذا الخبر القصير جدا.");
	done(&g);
}

static void
test_extract_drops_hidden_elements(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><body><article>" PROSE1
	    "<p style=\"display: none\">نص مخفي لا يراه القارئ أبدا في "
	    "الصفحة المعروضة.</p><p hidden>نص مخفي آخر بالسمة hidden.</p>"
	    "<div aria-hidden=true>نص مخفي ثالث</div>"
	    "<script>document.write('سكربت')</script>" PROSE2
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_int_equal(g.a.nblocks, 2);
	assert_null(strstr(g.body, "مخفي"));
	assert_null(strstr(g.body, "سكربت"));
	done(&g);
}

static void
test_extract_keeps_structure(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><body><article>"
	    "<h1>العنوان</h1>" PROSE1
	    "<figure><img src=a.jpg><figcaption>لقطة من الموقع "
	    "<span class=credit>رويترز</span></figcaption></figure>"
	    "<h2>خلفية</h2>" PROSE2
	    "<blockquote><p>هذا اقتباس من المتحدث باسم الوزارة.</p>"
	    "</blockquote><ul><li>البند الأول من القائمة</li>"
	    "<li>البند الثاني من القائمة</li></ul>"
	    "<table><tr><th>المدينة</th><th>العدد</th></tr>"
	    "<tr><td>الرياض</td><td>12</td></tr></table>" PROSE3
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.body,
	    "paragraph: " "قال مسؤولون في الوزارة، اليوم الأحد، إن المشروع "
	    "الجديد سيبدأ خلال الأشهر المقبلة، وإن العمل فيه سيستمر عامين "
	    "على الأقل، وفق ما أعلنته الجهات المختصة في بيان رسمي.\n"
	    "caption: لقطة من الموقع // رويترز\n"
	    "heading: خلفية\n"
	    "paragraph: وأضاف البيان أن الخطة تشمل بناء مدارس ومستشفيات، "
	    "وتوسيع شبكة الطرق، وتحسين خدمات المياه والكهرباء في المناطق "
	    "البعيدة، بتكلفة تقدر بمليارات الريالات.\n"
	    "quote: هذا اقتباس من المتحدث باسم الوزارة.\n"
	    "paragraph: \xE2\x80\xA2 البند الأول من القائمة\n"
	    "paragraph: \xE2\x80\xA2 البند الثاني من القائمة\n"
	    "paragraph: المدينة | العدد\n"
	    "paragraph: الرياض | 12\n"
	    "paragraph: The ministry said on Sunday that the new project "
	    "would start in the coming months, that work would last at least "
	    "two years, and that the budget had been approved by "
	    "parliament.\n");
	done(&g);
}

static void
test_extract_drops_read_also_lines(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><body><article>" PROSE1
	    "<p>اقرأ أيضا:</p><p><strong>اقرأ أيضاً: <a href=/n/1>عنوان "
	    "خبر آخر في الموقع</a></strong></p><p>إعلان</p>" PROSE2
	    "<p>Advertisement</p></article></body></html>", NULL, &g), AK_OK);
	assert_int_equal(g.a.nblocks, 2);
	done(&g);
}

static void
test_extract_never_lets_controls_through(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><title>a\x1b]0;pwned\x07"
	    " title here</title></head><body><article><p>نص فيه تسلسل "
	    "\x1b[31mأحمر\x1b[0m وعلامة \xE2\x80\xAE اتجاه، وهذا يكفي لفقرة"
	    " كاملة تقرأ.</p></article></body></html>", NULL, &g), AK_OK);
	assert_null(strchr(g.body, '\x1b'));
	assert_null(strstr(g.body, "\xE2\x80\xAE"));
	assert_null(strchr(g.a.title, '\x1b'));
	assert_null(strchr(g.a.title, '\x07'));
	done(&g);
}

/* ---------------------------------------------------------- metadata */

static const char ld_page[] =
	"<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head>"
	"<title>عنوان من وسم العنوان | جريدة الاختبار</title>"
	"<meta property=\"og:title\" content=\"عنوان من أوبن غراف\">"
	"<meta property=\"og:site_name\" content=\"جريدة الاختبار\">"
	"<meta property=\"og:url\" content=\"https://example.com/og\">"
	"<link rel=\"canonical\" href=\"/news/2024/1234?utm_source=x\">"
	"<script type=\"application/ld+json\">[{\"@type\":\"WebSite\","
	"\"name\":\"موقع\"},{\"@context\":\"https://schema.org\",\"@graph\":"
	"[{\"@type\":[\"NewsArticle\"],\"headline\":\"العنوان من \\u062c"
	"يسون\",\"datePublished\":\"2024-01-05T10:30:00+03:00\","
	"\"dateModified\":\"2024-01-06\",\"author\":[{\"@type\":\"Person\","
	"\"name\":\"محمد علي\"},{\"name\":\"سارة أحمد\"}],\"publisher\":"
	"{\"@type\":\"Organization\",\"name\":\"جريدة الاختبار\"},"
	"\"articleSection\":[\"اقتصاد\"],\"description\":\"وصف المقال "
	"كما يكتبه الموقع.\",}]}]</script>"
	"</head><body><h1>العنوان من جيسون</h1>" PROSE1 PROSE2
	"</body></html>";

static void
test_extract_takes_json_ld_first(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract(ld_page, "https://example.com/a/b?x=1", &g),
	    AK_OK);
	assert_string_equal(g.a.title, "العنوان من جيسون");
	assert_string_equal(g.a.published, "2024-01-05T07:30:00Z");
	assert_string_equal(g.a.byline, "محمد علي، سارة أحمد");
	assert_string_equal(g.a.section, "اقتصاد");
	assert_string_equal(g.a.publisher, "جريدة الاختبار");
	assert_string_equal(g.a.subtitle, "وصف المقال كما يكتبه الموقع.");
	assert_string_equal(g.a.url,
	    "https://example.com/news/2024/1234?utm_source=x");
	assert_string_equal(g.a.lang, "ar");
	assert_null(g.a.guid);
	/* the headline is not repeated as the body's first block */
	assert_int_equal(g.a.nblocks, 2);
	done(&g);
}

static void
test_extract_reads_json_ld_in_cdata(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">\n  <![CDATA[\n  {\"@type\":\"Article\",\"headline\":"
	    "\"A headline in CDATA\",\"datePublished\":\"2018-04-05T06:00\"}"
	    "\n  ]]>\n</script></head><body><article>" PROSE3 PROSE3
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "A headline in CDATA");
	assert_string_equal(g.a.published, "2018-04-05");
	done(&g);
}

static void
test_extract_publisher_option_overrides(void **state)
{
	struct got g;
	struct ak_error err;

	(void)state;
	assert_int_equal(run(ld_page, strlen(ld_page), NULL, NULL, "أخرى",
	    &g, &err), AK_OK);
	assert_string_equal(g.a.publisher, "أخرى");
	done(&g);
}

static void
test_extract_cleans_site_name_from_titles(void **state)
{
	struct got g;

	(void)state;
	/* og:title with the site's name, which og:site_name gives */
	assert_int_equal(extract("<html><head><meta property=og:title "
	    "content=\"وزير يعلن خطة جديدة - الشرق الأوسط\"><meta "
	    "property=og:site_name content=\"الشرق الأوسط\"></head><body>"
	    "<article>" PROSE1 PROSE2 "</article></body></html>", NULL, &g),
	    AK_OK);
	assert_string_equal(g.a.title, "وزير يعلن خطة جديدة");
	assert_string_equal(g.a.publisher, "الشرق الأوسط");
	done(&g);
	/* a <title> only: the site name guessed from the separator */
	assert_int_equal(extract("<html><head><title>CNN | Minister "
	    "announces a new plan for schools</title></head><body><article>"
	    PROSE3 PROSE3 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "Minister announces a new plan for "
	    "schools");
	done(&g);
	assert_int_equal(extract("<html><head><title>الرئيسية - تقارير - "
	    "وزير يعلن خطة جديدة للمدارس - اليوم السابع</title></head>"
	    "<body><div><h1>وزير يعلن خطة جديدة للمدارس</h1></div><article>"
	    PROSE1 PROSE2 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "وزير يعلن خطة جديدة للمدارس");
	done(&g);
}

static void
test_extract_reads_og_time_and_rel_author(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><title>Plan for schools</title>"
	    "<meta property=\"article:published_time\" "
	    "content=\"2023-03-04T08:00:00Z\"><meta property=article:section "
	    "content=Politics></head><body><article><h1>A plan for schools, "
	    "at last</h1><a rel=author href=/who>Jane Roe</a>" PROSE3 PROSE3
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.published, "2023-03-04T08:00:00Z");
	assert_string_equal(g.a.byline, "Jane Roe");
	assert_string_equal(g.a.section, "Politics");
	assert_string_equal(g.a.title, "A plan for schools, at last");
	done(&g);
	assert_int_equal(extract("<html><body><article><h1>A plan for "
	    "schools</h1><time datetime=\"2022-11-30\">Nov 30</time>"
	    PROSE3 PROSE3 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.published, "2022-11-30");
	done(&g);
}

static void
test_extract_url_is_canonical_else_fetch_url(void **state)
{
	struct got g;

	(void)state;
	/* no canonical: the fetch URL */
	assert_int_equal(extract("<html><body><article>" PROSE1 PROSE2
	    "</article></body></html>", "https://example.com/n/5", &g),
	    AK_OK);
	assert_string_equal(g.a.url, "https://example.com/n/5");
	done(&g);
	/* a canonical that is the front page, or a data: URL, is ignored */
	assert_int_equal(extract("<html><head><link rel=canonical "
	    "href=\"https://example.com/\"><meta property=og:url "
	    "content=\"data:text/html,x\"></head><body><article>" PROSE1 PROSE2
	    "</article></body></html>", "https://example.com/n/6", &g),
	    AK_OK);
	assert_string_equal(g.a.url, "https://example.com/n/6");
	done(&g);
	/* no URL at all (a file): none */
	assert_int_equal(extract("<html><body><article>" PROSE1 PROSE2
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_null(g.a.url);
	done(&g);
}


static void
test_extract_drops_date_and_byline_lines_at_the_edges(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><meta property=og:type "
	    "content=article><meta property=og:title content=\"عنوان "
	    "الخبر هنا\"></head><body><div class=page><div class=info>"
	    "<p>نشر في الأربعاء 1 يوليو 2015</p><p>By Jane Roe</p></div>"
	    "<div class=story>" PROSE1 PROSE2 "<p>© 2015 جريدة الاختبار. "
	    "جميع الحقوق محفوظة.</p><p>اشترك في النشرة البريدية ليصلك كل "
	    "جديد</p></div></div></body></html>", NULL, &g), AK_OK);
	assert_int_equal(g.a.nblocks, 2);
	assert_string_equal(g.a.published, "2015-07-01");
	assert_non_null(strstr(g.a.blocks[0].text, "قال مسؤولون"));
	assert_non_null(strstr(g.a.blocks[1].text, "وأضاف البيان"));
	done(&g);
}

static void
test_extract_drops_a_deck_the_first_paragraph_repeats(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><body><article><p class=deck>قال "
	    "مسؤولون في الوزارة، اليوم الأحد، إن المشروع الجديد سيبدأ خلال"
	    "...</p>" PROSE1 PROSE2 "</article></body></html>", NULL, &g),
	    AK_OK);
	assert_int_equal(g.a.nblocks, 2);
	done(&g);
}

static void
test_extract_takes_json_ld_body_when_the_page_shows_less(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"عنوان"
	    " المقال\",\"articleBody\":\"الفقرة الأولى من المقال كاملة، "
	    "كما يرسلها الموقع للآلات وليس للقراء، وهي طويلة بما يكفي.\\n"
	    "الفقرة الثانية من المقال، وفيها تفاصيل أخرى كثيرة عن الموضوع "
	    "نفسه، وهي أيضا طويلة بما يكفي لتحسب، ثم تنتهي هنا.\\nوالفقرة "
	    "الثالثة تختم المقال بكلام آخر مفيد للقارئ.\"}</script></head>"
	    "<body><div id=root><p>جار التحميل</p></div></body></html>",
	    NULL, &g), AK_OK);
	assert_int_equal(g.a.nblocks, 3);
	assert_string_equal(g.a.title, "عنوان المقال");
	assert_string_equal(g.a.blocks[2].text,
	    "والفقرة الثالثة تختم المقال بكلام آخر مفيد للقارئ.");
	done(&g);
}

static void
test_extract_reads_resaved_utf8_despite_its_meta(void **state)
{
	struct got g;

	(void)state;
	/* UTF-8 bytes under a windows-1256 meta: a page saved again */
	assert_int_equal(extract("<html><head><meta charset=windows-1256>"
	    "</head><body><article>" PROSE1 "</article></body></html>", NULL,
	    &g), AK_OK);
	assert_non_null(strstr(g.a.blocks[0].text, "قال مسؤولون"));
	done(&g);
}

static void
test_extract_cuts_titles_where_the_site_name_starts(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><meta property=og:site_name "
	    "content=\"Aktuálně.cz - Víte, co se právě děje\"><meta "
	    "property=og:title content=\"West Ham hrozí gigantům | "
	    "Aktuálně.cz\"></head><body><article>" PROSE3 PROSE3
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "West Ham hrozí gigantům");
	done(&g);
	/* a headline with a dash of its own, shown whole on the page */
	assert_int_equal(extract("<html><head><title>قتلى بانفجار على "
	    "الحدود التركية - السورية</title></head><body><div class="
	    "newsTitle>قتلى بانفجار على الحدود التركية - السورية</div>"
	    "<article>" PROSE1 PROSE2 "</article></body></html>", NULL, &g),
	    AK_OK);
	assert_string_equal(g.a.title,
	    "قتلى بانفجار على الحدود التركية - السورية");
	done(&g);
}

/* ----------------------------------------------------------- charset */

static void
test_extract_decodes_windows_1256_from_meta(void **state)
{
	struct got g;
	struct ak_error err;
	/* «السعودية» and «،» in windows-1256 */
	static const char page[] = "<html><head><meta http-equiv="
	    "\"Content-Type\" content=\"text/html; charset=windows-1256\">"
	    "</head><body><article><p>\xc7\xe1\xd3\xda\xe6\xcf\xed\xc9\xa1 "
	    "\xc7\xe1\xd3\xda\xe6\xcf\xed\xc9\xa1 \xc7\xe1\xd3\xda\xe6\xcf"
	    "\xed\xc9\xa1 \xc7\xe1\xd3\xda\xe6\xcf\xed\xc9.</p></article>"
	    "</body></html>";

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, NULL, NULL, NULL, &g,
	    &err), AK_OK);
	assert_string_equal(g.a.blocks[0].text, "السعودية، السعودية، "
	    "السعودية، السعودية.");
	done(&g);
	/* a server's Latin-1 default gives way to the page's meta */
	assert_int_equal(run(page, sizeof(page) - 1, "ISO-8859-1", NULL,
	    NULL, &g, &err), AK_OK);
	assert_string_equal(g.a.blocks[0].text, "السعودية، السعودية، "
	    "السعودية، السعودية.");
	done(&g);
}

static void
test_extract_header_charset_wins_over_meta(void **state)
{
	struct got g;
	struct ak_error err;
	static const char page[] = "<html><head><meta charset=\"utf-8\">"
	    "</head><body><article><p>\xc7\xe1\xd3\xda\xe6\xcf\xed\xc9\xa1 "
	    "\xc7\xe1\xd3\xda\xe6\xcf\xed\xc9\xa1 \xc7\xe1\xd3\xda\xe6\xcf"
	    "\xed\xc9\xa1 \xc7\xe1\xd3\xda\xe6\xcf\xed\xc9.</p></article>"
	    "</body></html>";

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, "windows-1256", NULL,
	    NULL, &g, &err), AK_OK);
	assert_non_null(strstr(g.a.blocks[0].text, "السعودية، "));
	done(&g);
}

/* ------------------------------------------------------- bad input */

static void
test_extract_refuses_a_page_without_article(void **state)
{
	struct got g;
	struct ak_error err;
	static const char page[] = "<html><head><title>أخبار</title></head>"
	    "<body><ul><li><a href=/1>خبر أول عن الاقتصاد المحلي</a></li>"
	    "<li><a href=/2>خبر ثان عن الرياضة العربية</a></li><li><a "
	    "href=/3>خبر ثالث عن الثقافة والفنون</a></li></ul></body></html>";

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, NULL,
	    "https://example.com/section", NULL, &g, &err), AK_EPARSE);
	assert_int_equal(g.n, 0);
	assert_non_null(strstr(err.msg, "https://example.com/section: "));
	assert_non_null(strstr(err.msg, "no article"));
	assert_null(strchr(err.msg, '\n'));
}

static void
test_extract_names_meta_refresh(void **state)
{
	struct got g;
	struct ak_error err;
	static const char page[] = "<html><head><meta http-equiv=refresh "
	    "content=\"0; url=https://example.com/real\"></head><body>"
	    "</body></html>";

	(void)state;
	assert_int_equal(run(page, sizeof(page) - 1, NULL, NULL, NULL, &g,
	    &err), AK_EPARSE);
	assert_non_null(strstr(err.msg, "page.html: "));
	assert_non_null(strstr(err.msg, "https://example.com/real"));
}

static void
test_extract_refuses_a_huge_page(void **state)
{
	struct got g;
	struct ak_error err;
	size_t n = AK_EXTRACT_MAX_PAGE + 1;
	char *big = malloc(n);

	(void)state;
	memset(big, 'a', n);
	memcpy(big, "<html>", 6);
	assert_int_equal(run(big, n, NULL, NULL, NULL, &g, &err), AK_EPARSE);
	assert_non_null(strstr(err.msg, "too large"));
	free(big);
}

static void
test_extract_survives_deep_nesting(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	struct got g;
	struct ak_error err;
	int i, rc;

	(void)state;
	ak_buf_addstr(&b, "<html><body><article>" PROSE1 PROSE2);
	for (i = 0; i < 100000; i++)
		ak_buf_addstr(&b, "<div><span>");
	ak_buf_addstr(&b, "نص عميق");
	ak_buf_addstr(&b, "</article></body></html>");
	rc = run(b.data, b.len, NULL, NULL, NULL, &g, &err);
	assert_true(rc == AK_OK || rc == AK_EPARSE);
	if (rc == AK_OK)
		done(&g);
	ak_buf_release(&b);
}

static void
test_extract_survives_broken_markup(void **state)
{
	static const char *const pages[] = {
		"<html><body><p>غير مغلق <b>عريض <i>مائل</p></div></span>",
		"<html><<<>>><p \"=\"'>",
		"<head><script>var x = '</scr' + 'ipt>';</script>",
		"<html><body><table><tr><td><table><tr><td>x",
		"<html><head><script type=application/ld+json>{\"@type\":"
		    "\"NewsArticle\",\"headline\":[[[[[[[[[[[[[[[[[[[[[[[[[[[["
		    "[[[[[[[[[[[[[[[[[[[\"x\"", 
		"<html><head><script type=application/ld+json>{\"a\":\"\\u"
		    "d800\\ud800\",\"@type\":\"Article\",\"headline\":\"\\",
		NULL
	};
	struct got g;
	size_t i;

	(void)state;
	for (i = 0; pages[i]; i++) {
		int rc = extract(pages[i], NULL, &g);

		assert_true(rc == AK_OK || rc == AK_EPARSE);
		if (rc == AK_OK)
			done(&g);
	}
}

/* ---------------------------------------------------------- full text */

static void
test_extract_merge_keeps_the_feed_identity_and_summary(void **state)
{
	struct ak_article item, page;

	(void)state;
	ak_article_init(&item);
	ak_article_init(&page);
	ak_set_str(&item.title, "عنوان الخلاصة");
	ak_set_str(&item.url, "https://example.com/n/1");
	ak_set_str(&item.guid, "guid-1");
	ak_set_str(&item.published, "2024-01-05");
	ak_article_add_block(&item, AK_BLOCK_PARAGRAPH, "ملخص قصير.",
	    strlen("ملخص قصير."), NULL);
	ak_set_str(&page.title, "عنوان الصفحة");
	ak_set_str(&page.url, "https://example.com/n/1?amp");
	ak_set_str(&page.byline, "ليلى حسن");
	ak_set_str(&page.published, "2023-01-01");
	ak_article_add_block(&page, AK_BLOCK_PARAGRAPH, "الفقرة الأولى.",
	    strlen("الفقرة الأولى."), NULL);
	ak_article_add_block(&page, AK_BLOCK_PARAGRAPH, "الفقرة الثانية.",
	    strlen("الفقرة الثانية."), NULL);
	ak_extract_merge(&item, &page);
	assert_string_equal(item.title, "عنوان الخلاصة");
	assert_string_equal(item.url, "https://example.com/n/1");
	assert_string_equal(item.guid, "guid-1");
	assert_string_equal(item.published, "2024-01-05");
	assert_string_equal(item.byline, "ليلى حسن");
	assert_string_equal(item.subtitle, "ملخص قصير.");
	assert_int_equal(item.nblocks, 2);
	assert_string_equal(item.blocks[1].text, "الفقرة الثانية.");
	ak_article_release(&item);
	ak_article_release(&page);

	/* a summary the page begins with is not repeated as a subtitle */
	ak_article_init(&item);
	ak_article_init(&page);
	ak_article_add_block(&item, AK_BLOCK_PARAGRAPH, "الفقرة الأولى من "
	    "المقال...", strlen("الفقرة الأولى من المقال..."), NULL);
	ak_article_add_block(&page, AK_BLOCK_PARAGRAPH, "الفقرة الأولى من "
	    "المقال كاملة.", strlen("الفقرة الأولى من المقال كاملة."), NULL);
	ak_extract_merge(&item, &page);
	assert_null(item.subtitle);
	assert_int_equal(item.nblocks, 1);
	ak_article_release(&item);
	ak_article_release(&page);
}

/*
 * A <title> that holds the page's first <h1> and more, on a page of two
 * <h1>: the title is that <h1>, ended where it ends (found by html_fuzz:
 * the moved headline kept the old title's tail, «... troops on troops -
 * Example News», and could end inside a character).
 */
static void
test_extract_title_cut_to_the_h1_it_holds(void **state)
{
	static const char page[] = "<!DOCTYPE html><html><head><title>"
	    "Breaking: Rockets delay the withdrawal of coalition troops - "
	    "Example News</title></head><body><article><h1>Rockets delay the "
	    "withdrawal of coalition troops</h1>" PROSE3 PROSE3 "</article>"
	    "<h1>Most read stories</h1></body></html>";
	struct got g;

	(void)state;
	assert_int_equal(extract(page, NULL, &g), AK_OK);
	assert_string_equal(g.a.title,
	    "Rockets delay the withdrawal of coalition troops");
	done(&g);
}

/* ------------------------------------------------------ titles, bylines */

static void
test_extract_decodes_references_left_in_metadata(void **state)
{
	struct got g;

	(void)state;
	/* WordPress writes JSON-LD with character references in it */
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"&#8216;Jewels"
	    "&#8217; &amp; pearls for &#163;71.6m&nbsp;now\",\"author\":"
	    "{\"@type\":\"Person\",\"name\":\"Ren&eacute;e Roe\"}}</script>"
	    "</head><body><article>" PROSE3 PROSE3 "</article></body></html>",
	    NULL, &g), AK_OK);
	assert_string_equal(g.a.title,
	    "\xE2\x80\x98Jewels\xE2\x80\x99 & pearls for \xC2\xA3" "71.6m now");
	assert_string_equal(g.a.byline, "Ren\xC3\xA9" "e Roe");
	done(&g);
	/* an unknown or broken reference stays as it was */
	assert_int_equal(extract("<html><head><meta property=og:title "
	    "content=\"AT&amp;amp;T prices &amp;bogus; &amp;#xZZ; here\">"
	    "</head><body><article>" PROSE3 PROSE3 "</article></body></html>",
	    NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "AT&T prices &bogus; &#xZZ; here");
	done(&g);
}

static void
test_extract_reads_every_key_of_a_meta_property(void **state)
{
	struct got g;

	(void)state;
	/* RDFa: one property attribute, several keys */
	assert_int_equal(extract("<html><head><title>Title Element</title>"
	    "<meta property=\"og:title twitter:title\" content=\"A plan for "
	    "the schools\"><meta property=\"dc:creator twitter:site_name\" "
	    "content=\"Jane Roe\"></head><body><article>" PROSE3 PROSE3
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "A plan for the schools");
	assert_string_equal(g.a.byline, "Jane Roe");
	done(&g);
	/* Dublin Core and Parse.ly when there is no og: */
	assert_int_equal(extract("<html><head><meta name=parsely-title "
	    "content=\"The ministry's new plan\"><meta name=parsely-author "
	    "content=\"John Doe\"></head><body><article><h1>Test</h1>" PROSE3
	    PROSE3 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "The ministry's new plan");
	assert_string_equal(g.a.byline, "John Doe");
	done(&g);
}

static void
test_extract_site_name_matches_with_its_domain(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><meta property=og:site_name "
	    "content=Factorio.com><meta property=og:title content=\"Friday "
	    "Facts #282 - 0.17 in sight | Factorio\"></head><body><article>"
	    PROSE3 PROSE3 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "Friday Facts #282 - 0.17 in sight");
	done(&g);
	assert_int_equal(extract("<html><head><meta property=og:site_name "
	    "content=\"الوطن\"><title>وزير يعلن خطة جديدة - الوطن.com</title>"
	    "</head><body><article>" PROSE1 PROSE2 "</article></body></html>",
	    NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "وزير يعلن خطة جديدة");
	done(&g);
}

static void
test_extract_title_part_the_page_shows_is_the_headline(void **state)
{
	struct got g;

	(void)state;
	/* the site's part has more words: the <h1> says which is which */
	assert_int_equal(extract("<html><head><title>On Recent Events - "
	    "Bradley M. Kuhn ( Brad ) ( bkuhn )</title></head><body><div>"
	    "<h1>On Recent Events</h1><h1>Archives</h1></div><article>" PROSE3
	    PROSE3 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "On Recent Events");
	done(&g);
	/* an <h1> that is the site's logo (a link home) is not the headline */
	assert_int_equal(extract("<html><head><title>Evolve: Shared Mutable "
	    "History \xE2\x80\x94 evolve extension for Mercurial</title></head>"
	    "<body><div class=header><h1><a href=index.html><span>evolve "
	    "extension for Mercurial</span></a></h1></div><article>" PROSE3
	    PROSE3 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "Evolve: Shared Mutable History");
	done(&g);
	assert_int_equal(extract("<html><head><title>عودة المدارس في الموعد "
	    ":: بوابة الأخبار ::</title></head><body><h1 class=topbar__logo>"
	    "بوابة الأخبار</h1><article>" PROSE1 PROSE2 "</article></body>"
	    "</html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "عودة المدارس في الموعد");
	done(&g);
}

static void
test_extract_keeps_title_parts_the_h1_holds(void **state)
{
	struct got g;

	(void)state;
	/* " - an async task framework" is the headline's, not a site */
	assert_int_equal(extract("<html><head><meta property=og:title "
	    "content=\"How we designed the ATF - an async task framework\">"
	    "</head><body><h1>How we designed ATF: an async task framework"
	    "</h1><article>" PROSE3 PROSE3 "</article></body></html>", NULL,
	    &g), AK_OK);
	assert_string_equal(g.a.title,
	    "How we designed the ATF - an async task framework");
	done(&g);
}

static void
test_extract_drops_the_author_from_the_title(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">{\"@type\":\"BlogPosting\",\"headline\":\"Samantha and "
	    "The Great Big Lie - John C. Welch - Medium\",\"author\":{"
	    "\"@type\":\"Person\",\"name\":\"John C. Welch\"},\"publisher\":{"
	    "\"@type\":"
	    "\"Organization\",\"name\":\"Medium\"}}</script></head><body>"
	    "<article>" PROSE3 PROSE3 "</article></body></html>", NULL, &g),
	    AK_OK);
	assert_string_equal(g.a.title, "Samantha and The Great Big Lie");
	assert_string_equal(g.a.byline, "John C. Welch");
	done(&g);
}

static void
test_extract_prefers_the_shown_headline_to_a_generic_og_title(void **state)
{
	struct got g;

	(void)state;
	/* og:title names the site; <title> and <h1> agree on the story */
	assert_int_equal(extract("<html><head><title>Russia: Space ship "
	    "breaks up over Siberia</title><meta property=og:title "
	    "content=\"Yahoo News - Latest News &amp; Headlines\"></head><body>"
	    "<article><h1>Russia: Space ship breaks up over Siberia</h1>"
	    PROSE3 PROSE3 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title,
	    "Russia: Space ship breaks up over Siberia");
	done(&g);
	/* a social title that shares the story's words stays */
	assert_int_equal(extract("<html><head><title>Julian Assange: Sweden "
	    "drops rape investigation - BBC News</title><meta "
	    "property=og:title content=\"Sweden drops Assange rape "
	    "investigation\"></head><body><article><h1>Julian Assange: Sweden "
	    "drops rape investigation</h1>" PROSE3 PROSE3 "</article></body>"
	    "</html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title,
	    "Sweden drops Assange rape investigation");
	done(&g);
}

static void
test_extract_takes_the_whole_headline_over_a_cut_json_ld(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"Hunter "
	    "diagnosed with plague after eating a rabbit making him third "
	    "Beijing local to contract\"}</script><meta property=og:site_name "
	    "content=\"The Sun\"></head><body><article><h1>Hunter diagnosed "
	    "with plague after eating a rabbit making him third Beijing local "
	    "to contract medieval disease</h1>" PROSE3 PROSE3 "</article>"
	    "</body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.title, "Hunter diagnosed with plague after "
	    "eating a rabbit making him third Beijing local to contract "
	    "medieval disease");
	done(&g);
	/* "Headline - Section" is not a longer headline */
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"All-new "
	    "Sentra is what we want\"}</script><meta property=og:title "
	    "content=\"All-new Sentra is what we want - Auto News\"></head>"
	    "<body><article>" PROSE3 PROSE3 "</article></body></html>", NULL,
	    &g), AK_OK);
	assert_string_equal(g.a.title, "All-new Sentra is what we want");
	done(&g);
}

static void
test_extract_cleans_bylines(void **state)
{
	struct got g;

	(void)state;
	/* a date and a count of comments glued to the name */
	assert_int_equal(extract("<html><body><article><h1>A plan for the "
	    "schools</h1><div class=byline><a href=/a>Lucas Nolan</a>22 Dec "
	    "2016<span>651</span></div>" PROSE3 PROSE3 "</article></body>"
	    "</html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "Lucas Nolan");
	done(&g);
	/* an address after the name; a camelCase class */
	assert_int_equal(extract("<html><head><meta name=author content="
	    "\"Bradley M. Kuhn (http://ebb.org/bkuhn/)\"></head><body>"
	    "<article>" PROSE3 PROSE3 "</article></body></html>", NULL, &g),
	    AK_OK);
	assert_string_equal(g.a.byline, "Bradley M. Kuhn");
	done(&g);
	assert_int_equal(extract("<html><body><article><div "
	    "class=FeatureByline> By <b>Nathan Willis</b>\n March 25, 2015"
	    "</div>" PROSE3 PROSE3 "</article></body></html>", NULL, &g),
	    AK_OK);
	assert_string_equal(g.a.byline, "Nathan Willis");
	done(&g);
	/* «كتب:» and an Arabic date after the name */
	assert_int_equal(extract("<html><body><article><div "
	    "class=article-writer>كتب: أحمد علي ١٢ مارس ٢٠٢٤</div>" PROSE1
	    PROSE2 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "أحمد علي");
	done(&g);
	/* a handle with digits in it stays whole */
	assert_int_equal(extract("<html><head><meta name=author "
	    "content=CC7567></head><body><article>" PROSE3 PROSE3 "</article>"
	    "</body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "CC7567");
	done(&g);
}

static void
test_extract_finds_bylines_where_sites_put_them(void **state)
{
	struct got g;

	(void)state;
	/* "By X" / «بقلم» lines above the text: out of the body, the byline */
	assert_int_equal(extract("<html><body><div class=story><p>By Jane "
	    "Roe</p>" PROSE3 PROSE3 "</div></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "Jane Roe");
	assert_null(strstr(g.body, "Jane Roe"));
	done(&g);
	assert_int_equal(extract("<html><body><div class=story><p>بقلم: سارة "
	    "أحمد</p>" PROSE1 PROSE2 "</div></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "سارة أحمد");
	done(&g);
	/* BEM classes; the comments' authors are not the article's */
	assert_int_equal(extract("<html><body><div id=comments><span "
	    "class=author>A reader</span></div><article><h1>A plan</h1>"
	    "<div class=article__author>By\n\t\tScott Cunningham</div>"
	    "<div class=author__bio>Scott works at the IAB</div>" PROSE3 PROSE3
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "Scott Cunningham");
	done(&g);
	/* itemprop=author: the Person's name, not its photo and biography */
	assert_int_equal(extract("<html><body><article><ul><li "
	    "itemprop=author itemscope><a rel=author href=/p><img src=p.jpg>"
	    "</a><a href=/p><span itemprop=name>Steven Musil</span></a> <p>"
	    "Steven writes about science, technology and the companies behind "
	    "both, and has done so for twenty years at several papers.</p>"
	    "</li></ul>" PROSE3 PROSE3 "</article></body></html>", NULL, &g),
	    AK_OK);
	assert_string_equal(g.a.byline, "Steven Musil");
	done(&g);
	/* a site that names itself the author: a person named elsewhere wins */
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"خطة جديدة "
	    "للمدارس\",\"author\":{\"@type\":\"Organization\",\"name\":\"بوابة "
	    "الأخبار\"}}</script></head><body><article><a rel=author "
	    "href=/w>محمد العتيبي</a>" PROSE1 PROSE2 "</article></body></html>",
	    NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "محمد العتيبي");
	done(&g);
	/* ... and is the byline when no person is */
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">{\"@type\":\"Article\",\"headline\":\"New Zealand\","
	    "\"author\":{\"@type\":\"Organization\",\"name\":\"Contributors to "
	    "Wikimedia projects\"}}</script></head><body><article>" PROSE3
	    PROSE3 "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "Contributors to Wikimedia projects");
	done(&g);
}

static void
test_extract_follows_json_ld_author_references(void **state)
{
	struct got g;

	(void)state;
	/* Yoast: the article names its author by @id, the @graph has him */
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">{\"@context\":\"https://schema.org\",\"@graph\":[{"
	    "\"@type\":\"NewsArticle\",\"headline\":\"Stadia runs at 30 "
	    "frames\",\"author\":{\"@id\":\"https://x.com/#/schema/person/"
	    "b99\"}},{\"@type\":[\"Person\"],\"@id\":\"https://x.com/#/"
	    "schema/person/b99\",\"name\":\"Lewis White\"}]}</script></head>"
	    "<body><article>" PROSE3 PROSE3 "</article></body></html>", NULL,
	    &g), AK_OK);
	assert_string_equal(g.a.byline, "Lewis White");
	done(&g);
}

static void
test_extract_takes_a_link_to_the_authors_page(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(extract("<html><body><ul class=menu><li><a "
	    "href=/opinion/columnists/josh_brodesky>Josh Brodesky</a></li>"
	    "</ul><a href=/staff/>Our Staff</a><article><h1>Sky story</h1>"
	    "<div><img alt=\"\"><a href=\"/author/tom-gillespie-726\">Tom "
	    "Gillespie</a> News reporter</div>" PROSE3 PROSE3 "</article>"
	    "</body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "Tom Gillespie");
	done(&g);
	/* a person the text links to is mentioned, not the author */
	assert_int_equal(extract("<html><body><article><p>US President <a "
	    "href=\"/topics/people/donald-trump.html\">Donald Trump</a> said "
	    "on Sunday that the new project would start in the coming months, "
	    "that work on it would last at least two years, and that its "
	    "budget had been approved by parliament last week.</p>" PROSE3
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_null(g.a.byline);
	done(&g);
}

static void
test_extract_cuts_handles_and_dates_after_the_name(void **state)
{
	static const struct {
		const char *line, *name;
	} cases[] = {
		{ "by Lewis White @lewis_d_white Nov 19, 2019", "Lewis White" },
		{ "By Louis Jacobson on Monday, November 18th, 2019",
		    "Louis Jacobson" },
		{ "Written by Rachael Link, MS, RD on November 14, 2019",
		    "Rachael Link, MS, RD" },
		{ "Jeff Foust Monday, November 18, 2019", "Jeff Foust" },
		{ "Текст: Лида Буслаева", "Лида Буслаева" },
	};
	char page[1024];
	struct got g;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		snprintf(page, sizeof(page), "<html><body><article><div "
		    "class=byline>%s</div>" PROSE3 PROSE3 "</article></body>"
		    "</html>", cases[i].line);
		assert_int_equal(extract(page, NULL, &g), AK_OK);
		assert_non_null(g.a.byline);
		assert_string_equal(g.a.byline, cases[i].name);
		done(&g);
	}
	/* a date where the name should be is no byline */
	assert_int_equal(extract("<html><body><article><div class=byline>20 "
	    "Nov 2019 08:00 GMT</div>" PROSE3 PROSE3 "</article></body>"
	    "</html>", NULL, &g), AK_OK);
	assert_null(g.a.byline);
	done(&g);
}

static void
test_extract_dates_a_page_by_its_address_last(void **state)
{
	static const struct {
		const char *url, *day;
	} cases[] = {
		{ "https://www.usatoday.com/story/news/2019/11/19/meth/",
		    "2019-11-19" },
		{ "https://www.politifact.com/article/2019/nov/18/guide/",
		    "2019-11-18" },
		{ "https://example.com/ar/2015-07-01/123456", "2015-07-01" },
		{ "https://example.com/news/2019/11/8/20948348/delhi",
		    "2019-11-08" },
		{ "https://example.com/archive/2019/123/story", NULL },
		{ "https://example.com/1887/12/25/", NULL },
	};
	struct got g;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++) {
		assert_int_equal(extract("<html><body><article><h1>A plan for "
		    "the schools</h1>" PROSE3 PROSE3 "</article></body></html>",
		    cases[i].url, &g), AK_OK);
		if (cases[i].day)
			assert_string_equal(g.a.published, cases[i].day);
		else
			assert_null(g.a.published);
		done(&g);
	}
	/* the page's own date wins (JSON-LD's "0001-01-01" is none) */
	assert_int_equal(extract("<html><head><script type=\"application/"
	    "ld+json\">{\"@type\":\"NewsArticle\",\"headline\":\"A plan\","
	    "\"datePublished\":\"0001-01-01T00:00:00Z\"}</script><meta "
	    "property=article:published_time content=2019-11-20T01:00:00Z>"
	    "</head><body><article>" PROSE3 PROSE3 "</article></body></html>",
	    "https://example.com/2019/11/19/plan", &g), AK_OK);
	assert_string_equal(g.a.published, "2019-11-20T01:00:00Z");
	done(&g);
}

static void
test_extract_a_person_named_like_the_site_is_the_byline(void **state)
{
	struct got g;

	(void)state;
	/* a blog named after its author: JSON-LD says the author is a Person */
	assert_int_equal(extract("<html><head><meta property=og:site_name "
	    "content=\"Haki Benita\"><script type=\"application/ld+json\">"
	    "{\"@type\":\"BlogPosting\",\"headline\":\"Simple anomaly "
	    "detection in SQL\",\"author\":{\"@type\":\"Person\",\"name\":"
	    "\"Haki Benita\"}}</script></head><body><article>" PROSE3 PROSE3
	    "</article></body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "Haki Benita");
	done(&g);
	/* ... unless the page names someone else */
	assert_int_equal(extract("<html><head><meta property=og:site_name "
	    "content=AppleInsider><script type=\"application/ld+json\">{"
	    "\"@type\":\"NewsArticle\",\"headline\":\"MacBook Pro review\","
	    "\"author\":{\"@type\":\"Person\",\"name\":\"AppleInsider\"}}"
	    "</script></head><body><article><div class=byline>By Mike "
	    "Wuerthele and Malcolm Owen</div>" PROSE3 PROSE3 "</article>"
	    "</body></html>", NULL, &g), AK_OK);
	assert_string_equal(g.a.byline, "Mike Wuerthele and Malcolm Owen");
	done(&g);
	/* a name in <meta name=author> that is the site's is no byline */
	assert_int_equal(extract("<html><head><meta property=og:site_name "
	    "content=\"BBC News\"><meta name=author content=\"BBC News\">"
	    "</head><body><article>" PROSE3 PROSE3 "</article></body></html>",
	    NULL, &g), AK_OK);
	assert_null(g.a.byline);
	done(&g);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_extract_detects_html_without_doctype),
		cmocka_unit_test(test_extract_drops_page_furniture),
		cmocka_unit_test(test_extract_reads_br_separated_paragraphs),
		cmocka_unit_test(test_extract_drops_hidden_elements),
		cmocka_unit_test(test_extract_keeps_structure),
		cmocka_unit_test(test_extract_drops_read_also_lines),
		cmocka_unit_test(test_extract_never_lets_controls_through),
		cmocka_unit_test(test_extract_drops_date_and_byline_lines_at_the_edges),
		cmocka_unit_test(test_extract_drops_a_deck_the_first_paragraph_repeats),
		cmocka_unit_test(test_extract_takes_json_ld_body_when_the_page_shows_less),
		cmocka_unit_test(test_extract_reads_resaved_utf8_despite_its_meta),
		cmocka_unit_test(test_extract_cuts_titles_where_the_site_name_starts),
		cmocka_unit_test(test_extract_takes_json_ld_first),
		cmocka_unit_test(test_extract_reads_json_ld_in_cdata),
		cmocka_unit_test(test_extract_publisher_option_overrides),
		cmocka_unit_test(test_extract_cleans_site_name_from_titles),
		cmocka_unit_test(test_extract_reads_og_time_and_rel_author),
		cmocka_unit_test(test_extract_url_is_canonical_else_fetch_url),
		cmocka_unit_test(test_extract_decodes_windows_1256_from_meta),
		cmocka_unit_test(test_extract_header_charset_wins_over_meta),
		cmocka_unit_test(test_extract_refuses_a_page_without_article),
		cmocka_unit_test(test_extract_names_meta_refresh),
		cmocka_unit_test(test_extract_refuses_a_huge_page),
		cmocka_unit_test(test_extract_survives_deep_nesting),
		cmocka_unit_test(test_extract_survives_broken_markup),
		cmocka_unit_test(test_extract_title_cut_to_the_h1_it_holds),
		cmocka_unit_test(test_extract_merge_keeps_the_feed_identity_and_summary),
		cmocka_unit_test(test_extract_decodes_references_left_in_metadata),
		cmocka_unit_test(test_extract_reads_every_key_of_a_meta_property),
		cmocka_unit_test(test_extract_site_name_matches_with_its_domain),
		cmocka_unit_test(test_extract_title_part_the_page_shows_is_the_headline),
		cmocka_unit_test(test_extract_keeps_title_parts_the_h1_holds),
		cmocka_unit_test(test_extract_drops_the_author_from_the_title),
		cmocka_unit_test(test_extract_prefers_the_shown_headline_to_a_generic_og_title),
		cmocka_unit_test(test_extract_takes_the_whole_headline_over_a_cut_json_ld),
		cmocka_unit_test(test_extract_cleans_bylines),
		cmocka_unit_test(test_extract_finds_bylines_where_sites_put_them),
		cmocka_unit_test(test_extract_follows_json_ld_author_references),
		cmocka_unit_test(test_extract_takes_a_link_to_the_authors_page),
		cmocka_unit_test(test_extract_cuts_handles_and_dates_after_the_name),
		cmocka_unit_test(test_extract_dates_a_page_by_its_address_last),
		cmocka_unit_test(test_extract_a_person_named_like_the_site_is_the_byline),
	};

	return cmocka_run_group_tests_name("extract", tests, NULL, NULL);
}
