/*
 * Unit tests: article identity (keys, URL normalisation, fingerprints,
 * the decision), without a database.
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
#include "akhbar/ident.h"

static const char *const paras[] = {
	"قال مستشار رئيس الوزراء العراقي إن المفاوضات مع واشنطن حول مستقبل "
	"التحالف الدولي ستستأنف الأسبوع المقبل في بغداد.",
	"وأضاف أن الجانبين اتفقا على تشكيل لجنة عسكرية عليا لتقييم الوضع "
	"الميداني قبل أي قرار بالانسحاب.",
	"وكانت قاعدة عين الأسد في الأنبار قد تعرضت لهجوم بصاروخين لم يسفر "
	"عن إصابات بحسب بيان للقوات الأمنية.",
	"ودعت فصائل مسلحة إلى الإسراع في إخراج القوات الأجنبية من البلاد "
	"وهددت باستئناف عملياتها.",
	"ويبلغ عدد الجنود الأميركيين في العراق نحو ألفين وخمسمئة جندي "
	"يعملون في إطار مهمة استشارية.",
};

static void
make(struct ak_article *a, const char *title, const char *const *p, size_t n)
{
	size_t i;

	ak_article_init(a);
	ak_set_str(&a->title, title);
	ak_set_str(&a->publisher, "الشرق الأوسط");
	for (i = 0; i < n; i++)
		ak_article_add_block(a, AK_BLOCK_PARAGRAPH, p[i], strlen(p[i]),
		    NULL);
}

static void
expect_url_key(const char *url, const char *key)
{
	char *k = ak_url_key(url);

	if (!key) {
		assert_null(k);
		return;
	}
	assert_non_null(k);
	assert_string_equal(k, key);
	free(k);
}

static void
test_ident_url_key_drops_what_does_not_name_the_page(void **state)
{
	(void)state;
	expect_url_key("https://Example.COM/a/b?id=2#top",
	    "//example.com/a/b?id=2");
	expect_url_key("http://example.com:80/a", "//example.com/a");
	expect_url_key("https://example.com:443/a", "//example.com/a");
	expect_url_key("https://example.com:8080/a", "//example.com:8080/a");
	expect_url_key("https://example.com", "//example.com/");
	expect_url_key("https://example.com/a?utm_source=rss&id=7&fbclid=x",
	    "//example.com/a?id=7");
	expect_url_key("https://example.com/a?utm_source=rss&utm_medium=x",
	    "//example.com/a");
	/* the rest of the query is kept: two ids are two stories */
	expect_url_key("https://example.com/a?weekly", "//example.com/a?weekly");
	expect_url_key("  https://example.com/a  ", "//example.com/a");
	expect_url_key("https://user@example.com/a", "//example.com/a");
	/* not an absolute http(s) URL */
	expect_url_key("ftp://example.com/a", NULL);
	expect_url_key("/a/b", NULL);
	expect_url_key("12345", NULL);
	expect_url_key("https://exa mple.com/a", NULL);
	expect_url_key(NULL, NULL);
}

static void
test_ident_keys_guid_then_url_then_publisher_and_title(void **state)
{
	struct ak_article a;
	struct ak_ident id;

	(void)state;
	make(&a, "عنوان الخبر", paras, 2);
	ak_ident_of(&a, &id);
	assert_false(id.strong);
	assert_string_equal(id.key, "key:الشرق الأوسط\x1e" "عنوان الخبر");
	ak_ident_release(&id);

	ak_set_str(&a.url, "https://aawsat.com/news/1?utm_source=x#c");
	ak_ident_of(&a, &id);
	assert_true(id.strong);
	assert_string_equal(id.key, "url://aawsat.com/news/1");
	ak_ident_release(&id);

	/* a guid wins, as given; a guid that is no URL is the site's */
	ak_set_str(&a.guid, " 4711 ");
	ak_ident_of(&a, &id);
	assert_string_equal(id.key, "guid:aawsat.com\x1e" "4711");
	ak_ident_release(&id);
	ak_set_str(&a.guid, "https://aawsat.com/news/1#copy2");
	ak_ident_of(&a, &id);
	assert_string_equal(id.key, "guid:https://aawsat.com/news/1#copy2");
	ak_ident_release(&id);
	ak_article_release(&a);
}

static void
test_ident_sketch_tells_an_edit_from_another_story(void **state)
{
	static const char *const other[] = {
		"أعلنت وزارة الصحة في غزة ارتفاع عدد الضحايا مع استمرار القصف "
		"على مناطق الشمال وانقطاع الكهرباء عن المستشفيات.",
		"وحذرت منظمات الإغاثة من مجاعة وشيكة في ظل نقص الغذاء والدواء "
		"وصعوبة إيصال المساعدات عبر المعابر.",
	};
	const char *edited[5];
	struct ak_article a, b, c, d;
	struct ak_sketch sa, sb, sc, sd, s2;
	unsigned char buf[AK_SKETCH_BYTES];

	(void)state;
	memcpy(edited, paras, sizeof(edited));
	edited[2] = "وكانت قاعدة عين الأسد قد تعرضت لهجوم جديد صباح اليوم "
	    "أوقع إصابتين بحسب مصادر محلية.";
	make(&a, "t", paras, 5);
	make(&b, "t", edited, 5);
	make(&c, "t", other, 2);
	make(&d, "t", paras, 5);
	ak_ident_sketch(&a, &sa);
	ak_ident_sketch(&b, &sb);
	ak_ident_sketch(&c, &sc);
	ak_ident_sketch(&d, &sd);
	assert_true(ak_sketch_similarity(&sa, &sd) == 1.0);
	assert_true(ak_sketch_similarity(&sa, &sb) >= AK_IDENT_EDIT_MIN);
	assert_true(ak_sketch_similarity(&sa, &sb) < 1.0);
	assert_true(ak_sketch_similarity(&sa, &sc) < 0.1);
	/* packed and back */
	ak_sketch_unpack(buf, ak_sketch_pack(&sa, buf), &s2);
	assert_int_equal(s2.n, sa.n);
	assert_memory_equal(s2.h, sa.h, sa.n * sizeof(sa.h[0]));
	ak_article_release(&a);
	ak_article_release(&b);
	ak_article_release(&c);
	ak_article_release(&d);
}

/* What the cache measured of the stored version's paragraphs (-1: not
 * measured), for decide(). */
static double kept = -1;

/* Decide for an article against one stored version. */
static enum ak_ident_verdict
decide(const struct ak_article *in, const struct ak_article *stored,
	int same_key)
{
	struct ak_ident a, b;
	struct ak_ident_cand c;
	struct ak_ident_match m;

	ak_ident_of(in, &a);
	ak_ident_of(stored, &b);
	memset(&c, 0, sizeof(c));
	c.blocks_kept = kept;
	c.id = 1;
	c.hash = b.hash;
	c.title_key = b.title_key;
	c.sketch = &b.sketch;
	c.days = b.days;
	c.same_key = same_key;
	ak_ident_decide(&a, &c, 1, &m);
	assert_non_null(m.why);
	ak_ident_release(&a);
	ak_ident_release(&b);
	return m.verdict;
}

static void
test_ident_decide_never_merges_two_stories(void **state)
{
	static const char *const digest1[] = {
		"وصل وفد أمني مصري إلى تل أبيب لبحث ترتيبات التهدئة في "
		"القطاع مع المسؤولين الإسرائيليين.",
	};
	static const char *const digest2[] = {
		"ارتفعت أسعار النفط في التعاملات الآسيوية بعد تراجع "
		"المخزونات الأميركية أكثر من المتوقع.",
	};
	const char *edited[5];
	struct ak_article a, b, c, d;

	(void)state;
	memcpy(edited, paras, sizeof(edited));
	edited[4] = "ويبلغ عدد الجنود في العراق نحو ألفين وخمسمئة.";
	/* two «موجز أخبار» of one paper: two articles */
	make(&a, "موجز أخبار", digest1, 1);
	make(&b, "موجز أخبار", digest2, 1);
	assert_int_equal(decide(&b, &a, 1), AK_IDENT_NEW);
	assert_int_equal(decide(&a, &a, 1), AK_IDENT_SAME);
	/* an edit of one paragraph of five: the same article */
	make(&c, "المفاوضات تستأنف", paras, 5);
	make(&d, "المفاوضات تستأنف", edited, 5);
	assert_int_equal(decide(&d, &c, 1), AK_IDENT_EDIT);
	/* ... unless few of its paragraphs stay word for word (a weekly
	 * chart: the same introduction, other list items) */
	kept = 0.8;
	assert_int_equal(decide(&d, &c, 1), AK_IDENT_EDIT);
	kept = 0.2;
	assert_int_equal(decide(&d, &c, 1), AK_IDENT_NEW);
	kept = -1;
	/* the same title, dates far apart: a weekly column, two articles */
	ak_set_str(&c.published, "2024-01-01");
	ak_set_str(&d.published, "2024-03-01");
	assert_int_equal(decide(&d, &c, 1), AK_IDENT_NEW);
	/* by URL: a new title on the same text is an edit; another story
	 * at a reused URL is not */
	ak_set_str(&c.url, "https://x.example/a");
	ak_set_str(&d.url, "https://x.example/a");
	ak_set_str(&d.title, "عنوان آخر");
	assert_int_equal(decide(&d, &c, 1), AK_IDENT_EDIT);
	ak_set_str(&b.url, "https://x.example/a");
	assert_int_equal(decide(&b, &c, 1), AK_IDENT_NEW);
	/* the same text under another URL: one article */
	ak_set_str(&d.url, "https://x.example/a?weekly");
	ak_set_str(&d.title, c.title);
	ak_set_str(&d.published, c.published);
	ak_article_release(&d);
	make(&d, "المفاوضات تستأنف", paras, 5);
	ak_set_str(&d.url, "https://x.example/a?weekly");
	assert_int_equal(decide(&d, &c, 0), AK_IDENT_ALIAS);
	ak_article_release(&a);
	ak_article_release(&b);
	ak_article_release(&c);
	ak_article_release(&d);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(
		    test_ident_url_key_drops_what_does_not_name_the_page),
		cmocka_unit_test(
		    test_ident_keys_guid_then_url_then_publisher_and_title),
		cmocka_unit_test(
		    test_ident_sketch_tells_an_edit_from_another_story),
		cmocka_unit_test(test_ident_decide_never_merges_two_stories),
	};

	return cmocka_run_group_tests_name("ident", tests, NULL, NULL);
}
