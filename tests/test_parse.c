/*
 * parse_text: the five real seed pages as a user expects them, made-up
 * pages in the same styles, hostile input, and the site-rule loader.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <cmocka.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/parse.h"
#include "akhbar/paths.h"

#ifndef AK_SRCDATADIR
#define AK_SRCDATADIR "assets"
#endif

/* ------------------------------------------------------------ harness */

struct got {
	struct ak_article *a;
	size_t n;
	int warnings;
};

static void
copy_article(struct ak_article *dst, const struct ak_article *src)
{
	size_t i;
	struct ak_ref *r;

	ak_article_init(dst);
	ak_set_str(&dst->title, src->title);
	ak_set_str(&dst->subtitle, src->subtitle);
	ak_set_str(&dst->publisher, src->publisher);
	ak_set_str(&dst->section, src->section);
	ak_set_str(&dst->byline, src->byline);
	ak_set_str(&dst->dateline, src->dateline);
	ak_set_str(&dst->published, src->published);
	ak_set_str(&dst->date_raw, src->date_raw);
	ak_set_str(&dst->source, src->source);
	ak_set_str(&dst->lang, src->lang);
	for (i = 0; i < src->nblocks; i++)
		ak_article_add_block(dst, src->blocks[i].kind,
		    src->blocks[i].text, strlen(src->blocks[i].text),
		    src->blocks[i].credit);
	for (i = 0; i < src->nrefs; i++) {
		r = ak_article_add_ref(dst);
		ak_set_str(&r->title, src->refs[i].title);
		ak_set_str(&r->section, src->refs[i].section);
		ak_set_str(&r->caption, src->refs[i].caption);
		ak_set_str(&r->summary, src->refs[i].summary);
		ak_set_str(&r->byline, src->refs[i].byline);
	}
}

static int
collect(void *ctx, const struct ak_article *a)
{
	struct got *g = ctx;

	g->a = ak_xreallocarray(g->a, g->n + 1, sizeof(*g->a));
	copy_article(&g->a[g->n++], a);
	return AK_OK;
}

static void
count_warning(void *ctx, const char *msg)
{
	struct got *g = ctx;

	(void)msg;
	g->warnings++;
}

static void
got_release(struct got *g)
{
	size_t i;

	for (i = 0; i < g->n; i++)
		ak_article_release(&g->a[i]);
	free(g->a);
	memset(g, 0, sizeof(*g));
}

static const char *
srcdir(void)
{
	const char *d = getenv("SRCDIR");

	return d && *d ? d : NULL;
}

static char *
path_of(const char *sub, const char *name)
{
	struct ak_buf b = AK_BUF_INIT;

	if (srcdir())
		ak_buf_addf(&b, "%s/%s/%s", srcdir(), sub, name);
	else if (strncmp(sub, "assets/", 7) == 0)
		ak_buf_addf(&b, "%s/%s/%s", AK_SRCDATADIR, sub + 7, name);
	else
		ak_buf_addf(&b, "%s/../%s/%s", AK_SRCDATADIR, sub, name);
	return ak_buf_detach(&b, NULL);
}

static struct ak_sites *
load_sites(void)
{
	struct ak_sites *s = NULL;
	struct ak_error err = { 0, "" };
	char *dir = path_of("assets/sites", "");

	if (ak_sites_load(dir, &s, &err) != AK_OK)
		fail_msg("loading %s: %s", dir, err.msg);
	free(dir);
	return s;
}

/* Parse text with the shipped rules; returns the parser's status. */
static int
parse_string(const char *text, size_t len, const char *publisher,
	int with_sites, struct got *g)
{
	struct ak_sites *sites = with_sites ? load_sites() : NULL;
	struct ak_parse_opts o = { publisher, sites, "test" };
	struct ak_sink sink = { collect, count_warning, g, NULL };
	struct ak_error err = { 0, "" };
	int rc;

	memset(g, 0, sizeof(*g));
	rc = ak_parse_text(text, len, &o, &sink, &err);
	ak_sites_free(sites);
	return rc;
}

static int
parse_file(const char *sub, const char *name, struct got *g)
{
	char *path = path_of(sub, name);
	struct ak_error err = { 0, "" };
	char *data = NULL;
	size_t len = 0;
	int rc;

	if (ak_read_file(path, &data, &len, &err) != AK_OK)
		fail_msg("%s", err.msg);
	rc = parse_string(data, len, NULL, 1, g);
	free(data);
	free(path);
	return rc;
}

static void
parse_seed(const char *name, struct got *g)
{
	assert_int_equal(parse_file("assets/samples", name, g), AK_OK);
}

static void
parse_page(const char *name, struct got *g)
{
	assert_int_equal(parse_file("tests/data/pages", name, g), AK_OK);
}

static size_t
count_kind(const struct ak_article *a, enum ak_block_kind k)
{
	size_t i, n = 0;

	for (i = 0; i < a->nblocks; i++)
		n += a->blocks[i].kind == k;
	return n;
}

/* The i-th block of kind k. */
static const struct ak_block *
nth_kind(const struct ak_article *a, enum ak_block_kind k, size_t i)
{
	size_t j;

	for (j = 0; j < a->nblocks; j++)
		if (a->blocks[j].kind == k && i-- == 0)
			return &a->blocks[j];
	fail_msg("no block %zu of kind %s", i, ak_block_kind_name(k));
	return NULL;
}

static int
starts_with(const char *s, const char *prefix)
{
	return s && strncmp(s, prefix, strlen(prefix)) == 0;
}

#define assert_starts(s, prefix) \
	assert_true(starts_with((s), (prefix)))

/* Page furniture that must never reach a block, a ref or a header field. */
static const char *const noise_inside[] = {
	"Sorry, you need to enable JavaScript", "شارك القصة", "اقرأ المزيد",
	"تابع القراءة", "المزيد من الأخبار", "play-circle",
	"Related Nodes field", "يحتوي هذا القسم", "مقالات ذات صلة",
};
static const char *const noise_whole[] = {
	"TT", "Close", "ملخص", "المصادر:",
};

static void
assert_clean(const char *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < sizeof(noise_inside) / sizeof(noise_inside[0]); i++)
		if (strstr(s, noise_inside[i]))
			fail_msg("noise «%s» in «%s»", noise_inside[i], s);
	for (i = 0; i < sizeof(noise_whole) / sizeof(noise_whole[0]); i++)
		if (strcmp(s, noise_whole[i]) == 0)
			fail_msg("noise line «%s» kept", s);
	/* normalised: no no-break space, no doubled or edge space */
	if (strstr(s, "\xc2\xa0") || strstr(s, "  ") || s[0] == ' ' ||
	    (*s && s[strlen(s) - 1] == ' '))
		fail_msg("white space not normalised in «%s»", s);
}

static void
assert_no_noise(const struct got *g)
{
	size_t i, j;
	const struct ak_article *a;

	for (i = 0; i < g->n; i++) {
		a = &g->a[i];
		assert_non_null(a->title);
		assert_clean(a->title);
		assert_clean(a->subtitle);
		assert_clean(a->byline);
		assert_clean(a->source);
		for (j = 0; j < a->nblocks; j++) {
			assert_clean(a->blocks[j].text);
			assert_clean(a->blocks[j].credit);
			if (a->title && a->blocks[j].kind != AK_BLOCK_SUMMARY)
				assert_string_not_equal(a->blocks[j].text,
				    a->title);
		}
		for (j = 0; j < a->nrefs; j++) {
			assert_clean(a->refs[j].title);
			assert_clean(a->refs[j].section);
			assert_clean(a->refs[j].caption);
			assert_clean(a->refs[j].summary);
			assert_clean(a->refs[j].byline);
		}
	}
}

/* No two captions of one article are the same. */
static void
assert_captions_once(const struct ak_article *a)
{
	size_t i, j;

	for (i = 0; i < a->nblocks; i++)
		for (j = i + 1; j < a->nblocks; j++)
			if (a->blocks[i].kind == AK_BLOCK_CAPTION &&
			    a->blocks[j].kind == AK_BLOCK_CAPTION)
				assert_string_not_equal(a->blocks[i].text,
				    a->blocks[j].text);
}

/* ------------------------------------------------------------ the seeds */

static const char *const seeds[] = {
	"000_5afb9c626e646c5c.txt", "001_408007871d5a714d.txt",
	"002_e497e9457040c8ed.txt", "003_3ffd546b70ef6a8c.txt",
	"004_637aaf80ae70c840.txt",
};

static void
test_seeds_hold_nine_articles(void **state)
{
	static const size_t want[] = { 4, 1, 1, 1, 2 };
	struct got g;
	size_t i, total = 0;

	(void)state;
	for (i = 0; i < 5; i++) {
		parse_seed(seeds[i], &g);
		assert_int_equal(g.n, want[i]);
		total += g.n;
		got_release(&g);
	}
	assert_int_equal(total, 9);
}

static void
test_seeds_have_no_page_noise(void **state)
{
	struct got g;
	size_t i, j;

	(void)state;
	for (i = 0; i < 5; i++) {
		parse_seed(seeds[i], &g);
		assert_no_noise(&g);
		for (j = 0; j < g.n; j++) {
			assert_captions_once(&g.a[j]);
			assert_true(count_kind(&g.a[j],
			    AK_BLOCK_PARAGRAPH) >= 1);
		}
		got_release(&g);
	}
}

static void
test_seed_000_first_article_structure(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	parse_seed(seeds[0], &g);
	a = &g.a[0];
	assert_string_equal(a->title,
	    "صاروخان يؤجلان انسحاب «التحالف الدولي» من العراق");
	assert_string_equal(a->subtitle,
	    "خلاف بين واشنطن وبغداد حول «مهمة المستشارين العسكريين»");
	assert_string_equal(a->publisher, "الشرق الأوسط");
	assert_int_equal(count_kind(a, AK_BLOCK_HEADING), 3);
	assert_string_equal(nth_kind(a, AK_BLOCK_HEADING, 0)->text,
	    "تأجيل الإعلان");
	assert_string_equal(nth_kind(a, AK_BLOCK_HEADING, 1)->text,
	    "التباس أم خلاف؟");
	assert_string_equal(nth_kind(a, AK_BLOCK_HEADING, 2)->text,
	    "الانسحاب الأميركي");
	assert_int_equal(count_kind(a, AK_BLOCK_CAPTION), 4);
	assert_int_equal(count_kind(a, AK_BLOCK_PARAGRAPH), 23);
	assert_int_equal(count_kind(a, AK_BLOCK_SUMMARY), 0);
	assert_int_equal(count_kind(a, AK_BLOCK_QUOTE), 0);
	/* the lead photo comes first, its credit apart */
	assert_int_equal(a->blocks[0].kind, AK_BLOCK_CAPTION);
	assert_string_equal(a->blocks[0].text,
	    "لقطة أرشيفية من داخل قاعدة «عين الأسد» في الأنبار بالعراق");
	assert_string_equal(a->blocks[0].credit, "رويترز");
	assert_string_equal(nth_kind(a, AK_BLOCK_CAPTION, 1)->credit,
	    "إعلام حكومي");
	assert_string_equal(nth_kind(a, AK_BLOCK_CAPTION, 2)->credit,
	    "الجيش الأميركي");
	assert_starts(nth_kind(a, AK_BLOCK_PARAGRAPH, 0)->text,
	    "تتجه واشنطن إلى إلغاء تفاهمات");
	assert_starts(nth_kind(a, AK_BLOCK_PARAGRAPH, 22)->text,
	    "في السياق، قال الخبير الأمني سرمد البياتي");
	/* headings stand between paragraphs, after their photo */
	assert_int_equal(a->blocks[5].kind, AK_BLOCK_CAPTION);
	assert_int_equal(a->blocks[6].kind, AK_BLOCK_HEADING);
	got_release(&g);
}

static void
test_seed_000_related_block_gives_five_refs(void **state)
{
	static const struct {
		const char *title, *section, *caption, *summary, *byline;
	} want[] = {
		{ "العراق... سباق سياسي ضاغط لحسم رئاستي الجمهورية والوزراء",
		  "المشرق العربي",
		  "أعضاء في البرلمان العراقي الجديد في طريقهم إلى مكان "
		  "انعقاد جلستهم الأولى في بغداد 29 ديسمبر الماضي",
		  "بدأ العد التنازلي للمدد الدستورية",
		  "حمزة مصطفى (بغداد)" },
		{ "مساعٍ إيرانية لاحتواء الخلافات بين الفصائل العراقية المسلحة",
		  "المشرق العربي", "أحد عناصر الفصائل العراقية المسلحة",
		  "دخلت إيران على خط الوساطة", "حمزة مصطفى (بغداد)" },
		{ "وزيرا خارجية السعودية والعراق يناقشان المستجدات",
		  "الخليج", "الأمير فيصل بن فرحان والدكتور فؤاد حسين",
		  "ناقش الأمير فيصل بن فرحان", "«الشرق الأوسط» (الرياض)" },
		{ "العراق يُسند إدارة حقل «غرب القرنة 2» لشركة «نفط البصرة»",
		  "الاقتصاد",
		  "حقل غرب القرنة 2 النفطي في البصرة بجنوب شرقي بغداد",
		  "وافقت الحكومة العراقية", "«الشرق الأوسط» (بغداد)" },
		{ "فتور في مفاوضات الأحزاب الكردية لحسم منصب الرئيس الاتحادي "
		  "وحكومة الإقليم", "المشرق العربي",
		  "رئيس «الديمقراطي الكردستاني» مسعود بارزاني مستقبلاً رئيس "
		  "«الاتحاد الوطني» بافل طالباني",
		  "خلافاً للحراك المتواصل في بغداد", "فاضل النشمي (بغداد)" },
	};
	struct got g;
	const struct ak_article *a;
	size_t i;

	(void)state;
	parse_seed(seeds[0], &g);
	a = &g.a[0];
	assert_int_equal(a->nrefs, 5);
	for (i = 0; i < 5; i++) {
		assert_string_equal(a->refs[i].title, want[i].title);
		assert_string_equal(a->refs[i].section, want[i].section);
		assert_string_equal(a->refs[i].caption, want[i].caption);
		assert_starts(a->refs[i].summary, want[i].summary);
		assert_string_equal(a->refs[i].byline, want[i].byline);
		assert_int_equal(a->refs[i].target, 0);
	}
	/* the other three stories of the file have no related block */
	for (i = 1; i < 4; i++)
		assert_int_equal(g.a[i].nrefs, 0);
	got_release(&g);
}

static void
test_seed_000_later_articles(void **state)
{
	struct got g;

	(void)state;
	parse_seed(seeds[0], &g);
	assert_int_equal(g.n, 4);
	assert_string_equal(g.a[1].title, "«الصليب الأحمر» الألماني: الشتاء "
	    "يفاقم تدهور الأوضاع الإنسانية في غزة");
	assert_string_equal(g.a[2].title, "برّاك والصفدي يؤكدان على ضرورة "
	    "«الانسحاب السلمي» لـ«قسد» من حلب");
	assert_string_equal(g.a[3].title,
	    "الجيش السوري يسيطر على حي الشيخ مقصود في حلب");
	assert_null(g.a[1].subtitle);
	assert_string_equal(g.a[1].publisher, "الشرق الأوسط");
	assert_int_equal(count_kind(&g.a[1], AK_BLOCK_PARAGRAPH), 6);
	assert_int_equal(count_kind(&g.a[1], AK_BLOCK_CAPTION), 2);
	assert_string_equal(nth_kind(&g.a[1], AK_BLOCK_CAPTION, 1)->credit,
	    "أ.ب");
	/* «(أرشيفية - أ.ف.ب)»: the whole credit, apart from the caption */
	assert_string_equal(g.a[2].blocks[0].text,
	    "المبعوث الأميركي إلى سوريا توم برّاك");
	assert_string_equal(g.a[2].blocks[0].credit, "أرشيفية - أ.ف.ب");
	assert_int_equal(count_kind(&g.a[2], AK_BLOCK_CAPTION), 1);
	assert_int_equal(count_kind(&g.a[3], AK_BLOCK_CAPTION), 3);
	assert_int_equal(count_kind(&g.a[3], AK_BLOCK_PARAGRAPH), 13);
	got_release(&g);
}

static void
test_seed_001_summary_stands_once(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	parse_seed(seeds[1], &g);
	a = &g.a[0];
	assert_string_equal(a->publisher, "اندبندنت عربية");
	assert_string_equal(a->title,
	    "العراق وأميركا يتفقان على محادثات حول مستقبل \"التحالف\"");
	assert_starts(a->subtitle, "إسبانيا تطالب بوقف الهجمات");
	assert_int_equal(count_kind(a, AK_BLOCK_SUMMARY), 1);
	/* the body's fuller wording of the summary, once */
	assert_starts(nth_kind(a, AK_BLOCK_SUMMARY, 0)->text,
	    "قالت أربعة مصادر، إن الولايات المتحدة");
	assert_non_null(strstr(nth_kind(a, AK_BLOCK_SUMMARY, 0)->text,
	    "وهي خطوة في عملية توقفت"));
	assert_starts(nth_kind(a, AK_BLOCK_PARAGRAPH, 0)->text,
	    "وكانت وزارة الخارجية العراقية أعلنت إن");
	assert_string_equal(nth_kind(a, AK_BLOCK_CAPTION, 0)->credit, "أ ف ب");
	assert_int_equal(count_kind(a, AK_BLOCK_HEADING), 4);
	assert_string_equal(nth_kind(a, AK_BLOCK_HEADING, 0)->text,
	    "\"تصعيد غير مسؤول\"");
	assert_string_equal(nth_kind(a, AK_BLOCK_HEADING, 3)->text, "انتقام");
	assert_int_equal(count_kind(a, AK_BLOCK_PARAGRAPH), 22);
	/* the no-break space inside a paragraph is a plain space */
	assert_non_null(strstr(nth_kind(a, AK_BLOCK_PARAGRAPH, 0)->text,
	    "أعلنت إن العراق"));
	got_release(&g);
}

static void
test_seed_002_date_source_and_credit(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	parse_seed(seeds[2], &g);
	a = &g.a[0];
	assert_string_equal(a->published, "2024-09-13");
	assert_string_equal(a->date_raw, "الجمعة 13 Sep / September 2024");
	assert_string_equal(a->publisher, "التلفزيون العربي");
	assert_string_equal(a->source, "وكالات");
	assert_string_equal(a->title, "التوتر الإقليمي يرجئ انسحاب قوات "
	    "التحالف من العراق.. ماذا قالت بغداد؟");
	assert_null(a->subtitle);
	/* «... - غيتي»: printed once bare, then with its credit */
	assert_int_equal(count_kind(a, AK_BLOCK_CAPTION), 1);
	assert_string_equal(a->blocks[0].text,
	    "تنشر الولايات المتحدة حوالى 2500 جندي في العراق");
	assert_string_equal(a->blocks[0].credit, "غيتي");
	assert_int_equal(count_kind(a, AK_BLOCK_HEADING), 3);
	assert_string_equal(nth_kind(a, AK_BLOCK_HEADING, 1)->text,
	    "التوتر في المنطقة");
	assert_int_equal(count_kind(a, AK_BLOCK_PARAGRAPH), 15);
	got_release(&g);
}

static void
test_seed_003_dateline_leaves_the_paragraph(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	parse_seed(seeds[3], &g);
	a = &g.a[0];
	assert_string_equal(a->dateline, "بغداد");
	assert_starts(nth_kind(a, AK_BLOCK_PARAGRAPH, 0)->text,
	    "انطلقت اليوم السبت الجولة الأولى");
	assert_starts(a->subtitle, "الفصائل العراقية تحذر من مغبة");
	assert_string_equal(a->publisher, "العرب");
	assert_int_equal(count_kind(a, AK_BLOCK_PARAGRAPH), 24);
	got_release(&g);
}

static void
test_seed_004_two_articles_first_with_refs(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	parse_seed(seeds[4], &g);
	assert_int_equal(g.n, 2);
	a = &g.a[0];
	assert_starts(a->title, "انسحاب أم شراكة... تضارب بين واشنطن");
	assert_string_equal(a->subtitle,
	    "البيت الأبيض: سندافع عن جنودنا... وبايدن وجّه دعوة للسوداني");
	assert_int_equal(a->nrefs, 5);
	assert_string_equal(a->refs[0].title, "جمال مصطفى: عرفنا في المعتقل "
	    "بإعدام الرئيس ونقل جثته للتشفي");
	assert_string_equal(a->refs[0].section, "خاص");
	assert_string_equal(a->refs[0].caption,
	    "عائلة صدام وتبدو حلا إلى يساره");
	assert_string_equal(a->refs[0].byline, "غسان شربل");
	assert_starts(a->refs[0].summary, "ليس بسيطاً أن تكون صهر صدام حسين");
	assert_string_equal(a->refs[2].caption, "الضابط الأميركي كيفين "
	    "بيرغنير يعلن للصحافيين في بغداد اعتقال علي موسى دقدوق 2 يوليو "
	    "(تموز) 2007");
	assert_string_equal(a->refs[4].byline, "«الشرق الأوسط» (أربيل)");
	assert_int_equal(count_kind(a, AK_BLOCK_HEADING), 1);
	assert_int_equal(count_kind(a, AK_BLOCK_CAPTION), 2);
	assert_string_equal(g.a[1].title,
	    "لبنان: مقتل 5 في قصف إسرائيلي على بعلبك");
	assert_int_equal(g.a[1].nrefs, 0);
	assert_int_equal(count_kind(&g.a[1], AK_BLOCK_PARAGRAPH), 5);
	got_release(&g);
}

static void
test_publisher_option_overrides_detection(void **state)
{
	struct got g;
	char *path = path_of("assets/samples", seeds[0]);
	struct ak_error err = { 0, "" };
	char *data;
	size_t len, i;

	(void)state;
	assert_int_equal(ak_read_file(path, &data, &len, &err), AK_OK);
	assert_int_equal(parse_string(data, len, "قارئ", 1, &g), AK_OK);
	assert_int_equal(g.n, 4);
	for (i = 0; i < g.n; i++)
		assert_string_equal(g.a[i].publisher, "قارئ");
	got_release(&g);
	free(data);
	free(path);
}

static void
test_without_rules_seed_still_splits(void **state)
{
	struct got g;
	char *path = path_of("assets/samples", seeds[0]);
	struct ak_error err = { 0, "" };
	char *data;
	size_t len, i, j;

	(void)state;
	assert_int_equal(ak_read_file(path, &data, &len, &err), AK_OK);
	assert_int_equal(parse_string(data, len, NULL, 0, &g), AK_OK);
	assert_int_equal(g.n, 4);
	for (i = 0; i < g.n; i++) {
		assert_null(g.a[i].publisher);
		if (g.a[i].subtitle)
			assert_string_not_equal(g.a[i].subtitle, "TT");
		for (j = 0; j < g.a[i].nblocks; j++)
			assert_string_not_equal(g.a[i].blocks[j].text, "TT");
	}
	/* doubled captions still show the page has photo captions */
	assert_int_equal(g.a[0].blocks[0].kind, AK_BLOCK_CAPTION);
	assert_string_equal(g.a[0].blocks[0].credit, "رويترز");
	assert_string_equal(nth_kind(&g.a[0], AK_BLOCK_HEADING, 2)->text,
	    "الانسحاب الأميركي");
	got_release(&g);
	free(data);
	free(path);
}

/* ------------------------------------------------------ made-up pages */

static void
test_page_asharq_two_articles_other_credits(void **state)
{
	struct got g;
	const struct ak_article *a, *b;

	(void)state;
	parse_page("asharq-two.txt", &g);
	assert_no_noise(&g);
	assert_int_equal(g.n, 2);
	a = &g.a[0];
	b = &g.a[1];
	assert_string_equal(a->publisher, "الشرق الأوسط");
	assert_string_equal(a->subtitle,
	    "مصر والسودان تطالبان بموقف موحد من «سد النهضة»");
	assert_int_equal(count_kind(a, AK_BLOCK_CAPTION), 2);
	assert_string_equal(a->blocks[0].credit, "إ.ب.أ");
	assert_string_equal(nth_kind(a, AK_BLOCK_CAPTION, 1)->credit,
	    "أرشيفية - رويترز");
	assert_int_equal(count_kind(a, AK_BLOCK_HEADING), 1);
	assert_int_equal(count_kind(a, AK_BLOCK_PARAGRAPH), 4);
	assert_int_equal(a->nrefs, 2);
	assert_string_equal(a->refs[0].title, "النيل... نهر يجمع عشر دول");
	assert_string_equal(a->refs[0].section, "شمال أفريقيا");
	assert_string_equal(a->refs[0].caption,
	    "مزارعون في دلتا النيل شمال القاهرة");
	assert_string_equal(a->refs[0].byline, "محمد عبده حسنين (القاهرة)");
	assert_string_equal(a->refs[1].section, "الاقتصاد");
	assert_string_equal(a->refs[1].summary, "تراجعت إيرادات قناة السويس "
	    "بسبب اضطراب الملاحة في البحر الأحمر.");
	assert_string_equal(b->title, "الأردن يفتح معبراً جديداً مع سوريا");
	assert_null(b->subtitle);
	assert_int_equal(b->nrefs, 0);
	assert_int_equal(count_kind(b, AK_BLOCK_CAPTION), 2);
	assert_string_equal(nth_kind(b, AK_BLOCK_CAPTION, 1)->credit,
	    "الشرق الأوسط");
	assert_string_equal(nth_kind(b, AK_BLOCK_HEADING, 0)->text,
	    "حركة الشاحنات");
	assert_int_equal(count_kind(b, AK_BLOCK_PARAGRAPH), 4);
	got_release(&g);
}

static void
test_page_independent_summary_and_headings(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	parse_page("independent-summary.txt", &g);
	assert_no_noise(&g);
	assert_int_equal(g.n, 1);
	a = &g.a[0];
	assert_string_equal(a->publisher, "اندبندنت عربية");
	assert_string_equal(a->subtitle, "الحكومة تعد بدعم المزارعين بعد "
	    "عامين من الجفاف وارتفاع كلفة الإنتاج");
	assert_int_equal(count_kind(a, AK_BLOCK_SUMMARY), 1);
	assert_non_null(strstr(nth_kind(a, AK_BLOCK_SUMMARY, 0)->text,
	    "قروضاً ميسرة"));
	assert_int_equal(count_kind(a, AK_BLOCK_PARAGRAPH), 3);
	assert_int_equal(count_kind(a, AK_BLOCK_HEADING), 2);
	assert_string_equal(nth_kind(a, AK_BLOCK_HEADING, 1)->text,
	    "\"نحتاج إلى المطر قبل أي شيء\"");
	got_release(&g);
}

static void
test_page_alaraby_dates_and_sources_per_article(void **state)
{
	struct got g;

	(void)state;
	parse_page("alaraby-two.txt", &g);
	assert_no_noise(&g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.a[0].published, "2024-09-13");
	assert_string_equal(g.a[1].published, "2024-09-12");
	assert_string_equal(g.a[0].source, "العربي");
	assert_string_equal(g.a[1].source, "العربي - وكالات");
	assert_string_equal(g.a[0].blocks[0].credit, "غيتي");
	assert_string_equal(g.a[1].blocks[0].credit, "رويترز");
	assert_string_equal(g.a[1].blocks[0].text,
	    "محطة كهرباء الزوق شمال بيروت");
	assert_int_equal(count_kind(&g.a[0], AK_BLOCK_PARAGRAPH), 2);
	assert_int_equal(count_kind(&g.a[1], AK_BLOCK_HEADING), 1);
	assert_string_equal(g.a[1].publisher, "التلفزيون العربي");
	got_release(&g);
}

static void
test_page_alarab_dateline_other_city(void **state)
{
	struct got g;

	(void)state;
	parse_page("alarab-dateline.txt", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].dateline, "القاهرة");
	assert_string_equal(g.a[0].publisher, "العرب");
	assert_starts(g.a[0].subtitle, "افتتاح المتحف المصري الكبير");
	assert_starts(g.a[0].blocks[0].text, "تراهن الحكومة المصرية");
	assert_int_equal(count_kind(&g.a[0], AK_BLOCK_PARAGRAPH), 3);
	got_release(&g);
}

static void
test_page_corpus_style_byline_and_invisibles(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	parse_page("corpus-style.txt", &g);
	assert_no_noise(&g);
	assert_int_equal(g.n, 1);
	a = &g.a[0];
	assert_string_equal(a->title, "ارتفاع أسعار الذهب في الأسواق المحلية");
	assert_null(a->subtitle);
	assert_null(a->publisher);
	assert_string_equal(a->byline, "سعيد الأحمد");
	assert_string_equal(a->dateline, "الرياض");
	assert_int_equal(a->nblocks, 2);
	/* zero-width space gone, no-break space and run of spaces as one */
	assert_string_equal(a->blocks[1].text,
	    "وقال تجار إن الطلب ما زال ضعيفاً بسبب موسم الإجازات.");
	got_release(&g);
}

static void
test_page_agency_dateline(void **state)
{
	struct got g;

	(void)state;
	parse_page("agency-dateline.txt", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].byline, "محمد العتيبي");
	assert_string_equal(g.a[0].dateline, "بريدة");
	assert_string_equal(g.a[0].source, "سبق");
	assert_starts(g.a[0].blocks[0].text, "افتتح أمير منطقة القصيم");
	got_release(&g);
}

static void
test_page_unknown_site_related_list_quote_caption(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	parse_page("generic-related.txt", &g);
	assert_int_equal(g.n, 1);
	a = &g.a[0];
	assert_null(a->publisher);
	assert_int_equal(count_kind(a, AK_BLOCK_CAPTION), 2);
	/* an unknown credit is a credit on a page that has captions */
	assert_string_equal(nth_kind(a, AK_BLOCK_CAPTION, 1)->credit,
	    "برنامج الأغذية العالمي");
	assert_int_equal(count_kind(a, AK_BLOCK_QUOTE), 1);
	assert_int_equal(count_kind(a, AK_BLOCK_PARAGRAPH), 2);
	assert_int_equal(a->nrefs, 2);
	assert_string_equal(a->refs[1].title,
	    "كينيا تطلق حملة لحفر الآبار في الشمال");
	assert_null(a->refs[1].summary);
	got_release(&g);
}

static void
test_page_title_only(void **state)
{
	struct got g;

	(void)state;
	parse_page("title-only.txt", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].title, "عنوان وحيد بلا نص");
	assert_int_equal(g.a[0].nblocks, 0);
	got_release(&g);
}

static void
test_page_refrain_is_not_a_new_article(void **state)
{
	struct got g;

	(void)state;
	parse_page("poem-refrain.txt", &g);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].title, "ذكرى الشاعر في مدينته");
	assert_true(count_kind(&g.a[0], AK_BLOCK_PARAGRAPH) >= 1);
	got_release(&g);
}

static void
test_quote_alone_is_the_paragraph(void **state)
{
	static const char page[] = "توقيع سينمائي\n\n\"لكي يكون المرء مخرجاً "
	    "سينمائياً عليه أن يكون محارباً شرساً لا ينهزم أمام الضربات، ولا "
	    "يتراجع أمام المنتجين ولا أمام الجمهور ولا أمام النقاد أبداً\"\n";
	struct got g;

	(void)state;
	assert_int_equal(parse_string(page, sizeof(page) - 1, NULL, 1, &g),
	    AK_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.a[0].nblocks, 1);
	assert_int_equal(g.a[0].blocks[0].kind, AK_BLOCK_PARAGRAPH);
	got_release(&g);
}

static void
test_page_blank_lines_only_is_no_article(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(parse_file("tests/data/pages", "blank-only.txt", &g),
	    AK_EPARSE);
	assert_int_equal(g.n, 0);
	got_release(&g);
}

/* ------------------------------------------------------ hostile input */

static void
test_empty_input_is_no_article(void **state)
{
	struct got g;

	(void)state;
	assert_int_equal(parse_string("", 0, NULL, 1, &g), AK_EPARSE);
	assert_int_equal(g.n, 0);
	got_release(&g);
}

static void
test_one_huge_line_gets_a_title_from_its_words(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	struct got g;
	int i;

	(void)state;
	for (i = 0; i < 20000; i++)
		ak_buf_addstr(&b, "كلمة ");
	ak_buf_addstr(&b, "أخيرة.");
	assert_int_equal(parse_string(b.data, b.len, NULL, 1, &g), AK_OK);
	assert_int_equal(g.n, 1);
	assert_non_null(g.a[0].title);
	assert_true(strlen(g.a[0].title) < 200);
	assert_int_equal(count_kind(&g.a[0], AK_BLOCK_PARAGRAPH), 1);
	assert_true(g.warnings >= 1);
	got_release(&g);
	ak_buf_release(&b);
}

static void
test_invalid_bytes_and_controls_do_not_reach_blocks(void **state)
{
	static const char page[] = "عنوان\x01 الخبر\xff\n\n"
	    "\x1b[31mنص\x7f الفقرة\xc3 الأولى.\n\n\xc2\xa0\xc2\xa0\n";
	struct got g;
	size_t i;

	(void)state;
	assert_int_equal(parse_string(page, sizeof(page) - 1, NULL, 1, &g),
	    AK_OK);
	assert_int_equal(g.n, 1);
	assert_null(strchr(g.a[0].title, '\x01'));
	for (i = 0; i < g.a[0].nblocks; i++) {
		assert_null(strchr(g.a[0].blocks[i].text, '\x1b'));
		assert_null(strchr(g.a[0].blocks[i].text, '\x7f'));
	}
	got_release(&g);
}

static void
test_many_short_lines_and_parens_never_crash(void **state)
{
	static const char *const pieces[] = {
		"(", ")", "((", "))", "(x)", "TT", "- غيتي", "مقالات ذات صلة",
		"ملخص", "المصادر:", "بغداد –", "سبق- :", "«", "»", "\"",
		"الجمعة 13 Sep / September 2024", "a (رويترز)", "",
	};
	struct ak_buf b = AK_BUF_INIT;
	struct got g;
	unsigned seed = 7;
	int i, rc;

	(void)state;
	for (i = 0; i < 3000; i++) {
		seed = seed * 1103515245u + 12345u;
		ak_buf_addstr(&b, pieces[(seed >> 16) %
		    (sizeof(pieces) / sizeof(pieces[0]))]);
		ak_buf_addch(&b, (seed >> 8) % 3 ? '\n' : ' ');
	}
	rc = parse_string(b.data, b.len, NULL, 1, &g);
	assert_true(rc == AK_OK || rc == AK_EPARSE);
	got_release(&g);
	ak_buf_release(&b);
}

static int
stop_after_one(void *ctx, const struct ak_article *a)
{
	int *n = ctx;

	(void)a;
	return ++*n == 1 ? AK_ECACHE : AK_OK;
}

static void
test_sink_error_stops_the_parse(void **state)
{
	char *path = path_of("assets/samples", seeds[0]);
	struct ak_error err = { 0, "" };
	struct ak_sink sink = { stop_after_one, NULL, NULL, NULL };
	struct ak_parse_opts o = { NULL, NULL, NULL };
	char *data;
	size_t len;
	int n = 0;

	(void)state;
	sink.ctx = &n;
	assert_int_equal(ak_read_file(path, &data, &len, &err), AK_OK);
	assert_int_equal(ak_parse_text(data, len, &o, &sink, &err),
	    AK_ECACHE);
	assert_int_equal(n, 1);
	free(data);
	free(path);
}

/* ------------------------------------- pages from papers with no rules */

static void
test_blank_lines_wider_than_paragraphs_part_articles(void **state)
{
	struct got g;

	(void)state;
	parse_page("blank-gap-two.txt", &g);
	assert_int_equal(g.n, 2);
	assert_string_equal(g.a[0].title,
	    "بلدية المدينة تزرع ألف شجرة على طريق الكورنيش");
	assert_int_equal(count_kind(&g.a[0], AK_BLOCK_PARAGRAPH), 2);
	assert_string_equal(g.a[1].title,
	    "انخفاض أسعار الخضار في الأسواق المركزية");
	assert_int_equal(count_kind(&g.a[1], AK_BLOCK_PARAGRAPH), 2);
	assert_starts(g.a[1].blocks[1].text, "ويتوقع التجار");
	got_release(&g);
}

static void
test_headline_words_in_its_lead_part_articles(void **state)
{
	struct got g;

	(void)state;
	/* the same blank line everywhere: only the words tell */
	parse_page("blank-lead-words.txt", &g);
	assert_int_equal(g.n, 2);
	/* a subheading, its words not in what follows: a heading */
	assert_int_equal(count_kind(&g.a[0], AK_BLOCK_HEADING), 1);
	assert_int_equal(count_kind(&g.a[0], AK_BLOCK_PARAGRAPH), 3);
	assert_string_equal(g.a[1].title,
	    "افتتاح معرض الكتاب الدولي في العاصمة بمشاركة واسعة");
	assert_starts(g.a[1].blocks[0].text, "افتتح وزير الثقافة");
	got_release(&g);
}

static void
test_change_of_topic_parts_articles(void **state)
{
	struct got g;

	(void)state;
	/* one blank line everywhere, and headlines too short for their
	 * words to tell: the lead after «مواعيد الزيارة» goes on with the
	 * story's words, the one after «نهائي مثير» has none of them */
	parse_page("blank-story-change.txt", &g);
	assert_int_equal(g.n, 2);
	assert_int_equal(count_kind(&g.a[0], AK_BLOCK_HEADING), 1);
	assert_int_equal(count_kind(&g.a[0], AK_BLOCK_PARAGRAPH), 3);
	assert_string_equal(g.a[1].title, "نهائي مثير");
	assert_int_equal(g.a[1].nblocks, 2);
	assert_starts(g.a[1].blocks[0].text, "توج فريق النصر");
	got_release(&g);
}

static void
test_byline_under_a_deck_starts_no_article(void **state)
{
	static const char page[] =
	    "اتفاق جديد في المدينة\n\n"
	    "الوسطاء يعلنون النتائج بعد جولة طويلة وشاقة من المحادثات في "
	    "العاصمة «المغلقة»\n\n"
	    "ليلى حسن ـ بيروت\n\n"
	    "توصلت الأطراف المتحاربة أمس إلى تمديد الهدنة أسبوعين آخرين "
	    "بعد مفاوضات استمرت ثلاثة أيام بوساطة إقليمية.\n\n"
	    "وقال الوسطاء إن تبادل الأسرى يبدأ صباح الغد عند المعبر.\n";
	struct got g;

	(void)state;
	/* the deck ends as text does (»): the byline's words are not in the
	 * lead, yet a byline is no headline */
	assert_int_equal(parse_string(page, sizeof(page) - 1, NULL, 1, &g),
	    AK_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].byline, "ليلى حسن");
	got_release(&g);
}

static void
test_footer_lines_end_articles_and_are_not_text(void **state)
{
	static const char *const last[] = {
		"بدأت هيئة النقل تشغيل خط حافلات",
		"يستعد نحو مليون طالب",
		"سجلت المتاحف الوطنية",
	};
	struct got g;
	size_t i;

	(void)state;
	/* a link, ©, an e-mail address, an agency's time stamp, the title
	 * again with a label */
	parse_page("footer-lines.txt", &g);
	assert_int_equal(g.n, 3);
	for (i = 0; i < 3; i++) {
		assert_int_equal(g.a[i].nblocks, 1);
		assert_starts(g.a[i].blocks[0].text, last[i]);
	}
	assert_string_equal(g.a[2].title, "ارتفاع عدد زوار المتاحف خلال الصيف");
	got_release(&g);
}

static void
test_bylines_under_the_title_and_before_a_colon(void **state)
{
	struct got g;

	(void)state;
	parse_page("header-bylines.txt", &g);
	assert_int_equal(g.n, 3);
	/* a byline line, a date line, a widget: none is text */
	assert_string_equal(g.a[0].byline, "جدة - عمر الزهراني");
	assert_string_equal(g.a[0].published, "2015-07-26");
	assert_int_equal(g.a[0].nblocks, 2);
	assert_starts(g.a[0].blocks[0].text, "شهد مهرجان التمور");
	assert_string_equal(g.a[1].byline, "لندن: «صحيفة المثال»");
	assert_starts(g.a[1].blocks[0].text, "حذرت الأرصاد");
	/* «PLACE - NAME:» opening the first paragraph */
	assert_string_equal(g.a[2].dateline, "الرياض");
	assert_string_equal(g.a[2].byline, "سعاد المطيري");
	assert_starts(g.a[2].blocks[0].text, "أعلنت وزارة النقل");
	got_release(&g);
}

static void
test_dashed_list_is_neither_byline_nor_new_article(void **state)
{
	struct got g;

	(void)state;
	parse_page("dashed-list.txt", &g);
	assert_int_equal(g.n, 1);
	assert_null(g.a[0].byline);
	assert_int_equal(g.a[0].nblocks, 7);
	assert_string_equal(g.a[0].blocks[2].text, "الهلال - النصر");
	got_release(&g);
}

static void
test_footer_rule_spares_long_lines_and_colon_may_follow_space(void **state)
{
	static const char page[] = "عنوان الخبر للتجربة هنا\n\n"
	    "نص أول يقول إن جميع الحقوق محفوظة للمؤلفين في الكتاب الجديد "
	    "الذي صدر هذا الأسبوع عن دار النشر في المدينة.\n\n"
	    "المصدر : وكالة المثال\n\n"
	    "جميع الحقوق محفوظة 2024\n";
	struct got g;

	(void)state;
	assert_int_equal(parse_string(page, sizeof(page) - 1, NULL, 1, &g),
	    AK_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.a[0].nblocks, 1);
	assert_starts(g.a[0].blocks[0].text, "نص أول يقول إن جميع الحقوق");
	assert_string_equal(g.a[0].source, "وكالة المثال");
	got_release(&g);
}

static void
test_long_link_line_printed_twice_is_no_headline(void **state)
{
	static const char page[] =
	    "وصول أول رحلة للخطوط الجديدة إلى مطار المدينة الدولي صباح اليوم\n\n"
	    "هبطت صباح اليوم في مطار المدينة الدولي أول رحلة للخطوط الجديدة "
	    "وعلى متنها مئة وعشرون راكبا.\n"
	    "رابط الخبر بصحيفة المثال: وصول أول رحلة للخطوط الجديدة إلى مطار "
	    "المدينة الدولي صباح اليوم\n"
	    "رابط الخبر بصحيفة المثال: وصول أول رحلة للخطوط الجديدة إلى مطار "
	    "المدينة الدولي صباح اليوم\n";
	struct got g;

	(void)state;
	/* longer than a footer rule's line, but a label, a colon and a
	 * headline: the site's, twice, and no headline printed twice */
	assert_int_equal(parse_string(page, sizeof(page) - 1, NULL, 1, &g),
	    AK_OK);
	assert_int_equal(g.n, 1);
	assert_int_equal(g.a[0].nblocks, 1);
	assert_starts(g.a[0].blocks[0].text, "هبطت صباح اليوم");
	got_release(&g);
}

static void
test_site_lines_worded_as_no_rule_knows(void **state)
{
	static const char *const titles[] = {
		"تدشين مكتبة عامة جديدة في حي الروضة",
		"انطلاق بطولة الشطرنج المدرسية بمشاركة مئتي طالب",
		"ارتفاع أسعار الذهب في الأسواق المحلية",
	};
	static const size_t paras[] = { 2, 2, 1 };
	struct got g;
	size_t i;

	(void)state;
	/* no rule knows «شاركنا رأيك», «نقلا عن ...», «تابع الخبر على
	 * ...», «التعليقات مغلقة» nor the writer's name alone */
	parse_page("unknown-furniture.txt", &g);
	assert_int_equal(g.n, 3);
	for (i = 0; i < 3; i++) {
		/* the headline is the line over the lead, not the last
		 * story's site line above it */
		assert_string_equal(g.a[i].title, titles[i]);
		/* short lines after the last paragraph are the site's */
		assert_int_equal(g.a[i].nblocks, paras[i]);
	}
	/* a name alone between the headline and the lead: the writer */
	assert_string_equal(g.a[0].byline, "سلمان العتيبي");
	assert_starts(g.a[0].blocks[0].text, "افتتحت أمانة المدينة");
	/* a time before the date */
	assert_string_equal(g.a[1].published, "2015-07-27");
	assert_starts(g.a[1].blocks[0].text, "انطلقت أمس");
	assert_starts(g.a[2].blocks[0].text, "ارتفعت أسعار الذهب");
	got_release(&g);
}

static void
test_site_tail_dropped_but_list_end_kept(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	/* the list's last items stay; from the SMS line on, nothing is text */
	parse_page("tail-lines.txt", &g);
	assert_int_equal(g.n, 1);
	a = &g.a[0];
	assert_int_equal(a->nblocks, 4);
	assert_string_equal(a->blocks[3].text, "الخميس والجمعة");
	got_release(&g);
}

static void
test_lone_credit_comma_writers_and_title_bylines(void **state)
{
	struct got g;
	const struct ak_article *a;

	(void)state;
	parse_page("credits-bylines.txt", &g);
	assert_int_equal(g.n, 2);
	a = &g.a[0];
	/* writers listed with «،» before the agency */
	assert_string_equal(a->byline, "سعيد الغامدي، خالد العمري");
	assert_string_equal(a->dateline, "جدة");
	assert_starts(a->blocks[0].text, "وصلت قافلة مساعدات");
	/* «(أ. ف. ب)» alone: the line above is its photo's caption */
	assert_int_equal(count_kind(a, AK_BLOCK_CAPTION), 1);
	assert_string_equal(nth_kind(a, AK_BLOCK_CAPTION, 0)->credit,
	    "أ. ف. ب");
	assert_int_equal(count_kind(a, AK_BLOCK_PARAGRAPH), 2);
	/* «د. ...» under the title is the byline; the lead holds the
	 * headline's words in a sentence and stays */
	a = &g.a[1];
	assert_string_equal(a->byline, "د. محمد العلي");
	assert_int_equal(a->nblocks, 1);
	assert_starts(a->blocks[0].text, "بدأت هيئة التراث");
	got_release(&g);
}

static void
test_numbered_items_and_questions_start_no_article(void **state)
{
	static const char page[] =
	    "أفضل خمس مدن لعشاق الطعام في العالم\n\n"
	    "اختار موقع متخصص أفضل المدن لعشاق الطعام في العالم هذا العام.\n\n"
	    "1 - بانكوك في تايلاند\n\n"
	    "تنتشر في شوارع بانكوك أكشاك الطعام التي تقدم أطباقاً من كل نوع.\n\n"
	    "ما أشهر أطباق بانكوك لدى الزوار؟\n\n"
	    "أشهر أطباق بانكوك لدى الزوار المعكرونة المقلية والحساء الحار.\n";
	struct got g;

	(void)state;
	assert_int_equal(parse_string(page, sizeof(page) - 1, NULL, 1, &g),
	    AK_OK);
	assert_int_equal(g.n, 1);
	got_release(&g);
}

/* ------------------------------------------------------ rule files */

static char *
make_rules_dir(const char *name, const char *text)
{
	char tmpl[] = "/tmp/akhbar-rules-XXXXXX";
	struct ak_buf p = AK_BUF_INIT;
	char *dir = mkdtemp(tmpl);
	FILE *f;

	assert_non_null(dir);
	ak_buf_addf(&p, "%s/%s", dir, name);
	f = fopen(ak_buf_str(&p), "w");
	assert_non_null(f);
	fputs(text, f);
	fclose(f);
	ak_buf_release(&p);
	return ak_xstrdup(dir);
}

static void
remove_rules_dir(char *dir, const char *name)
{
	struct ak_buf p = AK_BUF_INIT;

	ak_buf_addf(&p, "%s/%s", dir, name);
	unlink(ak_buf_str(&p));
	rmdir(dir);
	ak_buf_release(&p);
	free(dir);
}

static void
test_rules_error_names_file_and_line(void **state)
{
	char *dir = make_rules_dir("bad.rules",
	    "# a comment\nname موقع\n\ndetect line X\nnois line Y\n");
	struct ak_sites *s = NULL;
	struct ak_error err = { 0, "" };

	(void)state;
	assert_int_equal(ak_sites_load(dir, &s, &err), AK_ECONFIG);
	assert_null(s);
	assert_non_null(strstr(err.msg, "bad.rules:5:"));
	assert_non_null(strstr(err.msg, "nois"));
	remove_rules_dir(dir, "bad.rules");
}

static void
test_rules_refuse_bad_match_and_require(void **state)
{
	static const char *const bad[] = {
		"name A\ndetect sometimes X\n",
		"name A\ndetect line X\nrequire 2\n",
		"name A\ndetect line X\nrequire two\n",
		"detect line X\n",
		"name A\nname B\n",
		"noise line\n",
		"noise dateline -\n",
		"footer dateline -\n",
		"footer X\n",
	};
	struct ak_sites *s = NULL;
	struct ak_error err;
	size_t i;
	char *dir;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		dir = make_rules_dir("x.rules", bad[i]);
		memset(&err, 0, sizeof(err));
		assert_int_equal(ak_sites_load(dir, &s, &err), AK_ECONFIG);
		assert_non_null(strstr(err.msg, "x.rules"));
		remove_rules_dir(dir, "x.rules");
	}
}

static void
test_rules_missing_dir_is_empty_set(void **state)
{
	struct ak_sites *s = NULL;
	struct ak_error err = { 0, "" };

	(void)state;
	assert_int_equal(ak_sites_load("/nonexistent/akhbar/sites", &s, &err),
	    AK_OK);
	assert_non_null(s);
	ak_sites_free(s);
	ak_sites_free(NULL);
}

static void
test_rules_from_a_new_file_apply(void **state)
{
	static const char page[] = "خبر تجريبي\n\nإعلان ممول\n\n"
	    "نص الخبر الأول هنا.\n\nقناة المثال\n";
	char *dir = make_rules_dir("example.rules",
	    "name قناة المثال\ndetect line قناة المثال\n"
	    "noise line إعلان ممول\nnoise line قناة المثال\n");
	struct ak_sites *s = NULL;
	struct ak_error err = { 0, "" };
	struct got g;
	struct ak_parse_opts o;
	struct ak_sink sink = { collect, NULL, NULL, NULL };

	(void)state;
	memset(&g, 0, sizeof(g));
	sink.ctx = &g;
	assert_int_equal(ak_sites_load(dir, &s, &err), AK_OK);
	o.publisher = NULL;
	o.sites = s;
	o.source_name = NULL;
	assert_int_equal(ak_parse_text(page, sizeof(page) - 1, &o, &sink,
	    &err), AK_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].publisher, "قناة المثال");
	assert_int_equal(g.a[0].nblocks, 1);
	assert_string_equal(g.a[0].blocks[0].text, "نص الخبر الأول هنا.");
	got_release(&g);
	ak_sites_free(s);
	remove_rules_dir(dir, "example.rules");
}

/*
 * The article's language from its title, however long the title (the
 * loop measured the rest of the title at each letter: a page of one
 * 200,000-letter word took 0.26 s, 2 MB would take half a minute).
 */
static void
test_lang_from_a_long_title(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	struct got g;

	(void)state;
	while (b.len < 200000)
		ak_buf_addch(&b, 'x');
	ak_buf_addstr(&b, "\n");
	assert_int_equal(parse_string(b.data, b.len, NULL, 0, &g), AK_OK);
	assert_int_equal(g.n, 1);
	assert_null(g.a[0].lang);
	got_release(&g);
	b.len--;
	ak_buf_addstr(&b, "\xD8\xA8\n");	/* an Arabic letter at its end */
	assert_int_equal(parse_string(b.data, b.len, NULL, 0, &g), AK_OK);
	assert_int_equal(g.n, 1);
	assert_string_equal(g.a[0].lang, "ar");
	got_release(&g);
	ak_buf_release(&b);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_seeds_hold_nine_articles),
		cmocka_unit_test(test_seeds_have_no_page_noise),
		cmocka_unit_test(test_seed_000_first_article_structure),
		cmocka_unit_test(test_seed_000_related_block_gives_five_refs),
		cmocka_unit_test(test_seed_000_later_articles),
		cmocka_unit_test(test_seed_001_summary_stands_once),
		cmocka_unit_test(test_seed_002_date_source_and_credit),
		cmocka_unit_test(test_seed_003_dateline_leaves_the_paragraph),
		cmocka_unit_test(test_seed_004_two_articles_first_with_refs),
		cmocka_unit_test(test_publisher_option_overrides_detection),
		cmocka_unit_test(test_without_rules_seed_still_splits),
		cmocka_unit_test(test_page_asharq_two_articles_other_credits),
		cmocka_unit_test(test_page_independent_summary_and_headings),
		cmocka_unit_test(test_page_alaraby_dates_and_sources_per_article),
		cmocka_unit_test(test_page_alarab_dateline_other_city),
		cmocka_unit_test(test_page_corpus_style_byline_and_invisibles),
		cmocka_unit_test(test_page_agency_dateline),
		cmocka_unit_test(test_page_unknown_site_related_list_quote_caption),
		cmocka_unit_test(test_page_title_only),
		cmocka_unit_test(test_page_refrain_is_not_a_new_article),
		cmocka_unit_test(test_quote_alone_is_the_paragraph),
		cmocka_unit_test(test_page_blank_lines_only_is_no_article),
		cmocka_unit_test(test_empty_input_is_no_article),
		cmocka_unit_test(test_one_huge_line_gets_a_title_from_its_words),
		cmocka_unit_test(test_invalid_bytes_and_controls_do_not_reach_blocks),
		cmocka_unit_test(test_many_short_lines_and_parens_never_crash),
		cmocka_unit_test(test_sink_error_stops_the_parse),
		cmocka_unit_test(test_blank_lines_wider_than_paragraphs_part_articles),
		cmocka_unit_test(test_headline_words_in_its_lead_part_articles),
		cmocka_unit_test(test_change_of_topic_parts_articles),
		cmocka_unit_test(test_byline_under_a_deck_starts_no_article),
		cmocka_unit_test(test_footer_lines_end_articles_and_are_not_text),
		cmocka_unit_test(test_bylines_under_the_title_and_before_a_colon),
		cmocka_unit_test(test_dashed_list_is_neither_byline_nor_new_article),
		cmocka_unit_test(test_footer_rule_spares_long_lines_and_colon_may_follow_space),
		cmocka_unit_test(test_long_link_line_printed_twice_is_no_headline),
		cmocka_unit_test(test_site_lines_worded_as_no_rule_knows),
		cmocka_unit_test(test_site_tail_dropped_but_list_end_kept),
		cmocka_unit_test(test_lone_credit_comma_writers_and_title_bylines),
		cmocka_unit_test(test_numbered_items_and_questions_start_no_article),
		cmocka_unit_test(test_rules_error_names_file_and_line),
		cmocka_unit_test(test_rules_refuse_bad_match_and_require),
		cmocka_unit_test(test_rules_missing_dir_is_empty_set),
		cmocka_unit_test(test_rules_from_a_new_file_apply),
		cmocka_unit_test(test_lang_from_a_long_title),
	};

	return cmocka_run_group_tests_name("parse_text", tests, NULL, NULL);
}
