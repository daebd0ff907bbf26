/*
 * Unit tests: search (the query language, hostile queries, the index,
 * ranking, filters, snippets and the marking of matches).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/search.h"
#include "akhbar/text.h"
#include "testutil.h"

#define S "{title subtitle body byline} : "

/* ------------------------------------------------------------ folding */

/*
 * Folding takes a short cut for text made only of ASCII, Arabic and the
 * common punctuation; anything else (here U+FB00, which NFKC makes "ff")
 * sends the whole text through ICU.  Both ways must agree.
 */
static void
check_fold_both_ways(const char *s, const char *want)
{
	struct ak_buf slow = AK_BUF_INIT;
	size_t n1, n2;
	char *f1, *f2;

	ak_buf_addstr(&slow, s);
	ak_buf_addstr(&slow, "\xEF\xAC\x80");
	f1 = ak_text_fold(s, strlen(s), &n1);
	f2 = ak_text_fold(slow.data, slow.len, &n2);
	if (want)
		assert_string_equal(f1, want);
	assert_int_equal(n2, n1 + 2);
	assert_memory_equal(f1, f2, n1);
	assert_string_equal(f2 + n1, "ff");
	free(f1);
	free(f2);
	ak_buf_release(&slow);
}

static void
test_fold_quick_and_icu_agree(void **state)
{
	static const unsigned marks[] = { 0x0653, 0x0654, 0x0655, 0x064E };
	static const unsigned bases[] = { 0x0627, 0x0648, 0x064A, 0x0628 };
	struct ak_buf b = AK_BUF_INIT;
	unsigned c;
	size_t i, j;

	(void)state;
	check_fold_both_ways("Hello, World! \xC2\xA0\xC2\xAB"
	    "\xD8\xA3\xD9\x8E\xD8\xAE\xD9\x92\xD8\xA8\xD9\x8E\xD8\xA7"
	    "\xD8\xB1\xD9\x8C\xC2\xBB",
	    "hello, world!  \xC2\xAB\xD8\xA7\xD8\xAE\xD8\xA8\xD8\xA7"
	    "\xD8\xB1\xC2\xBB");
	/* every code point the short cut takes, alone and after a letter */
	for (c = 1; c < 0x2100; c++) {
		if ((c >= 0x80 && c < 0x00A0) || (c >= 0xD800 && c < 0xE000))
			continue;
		b.len = 0;
		ak_buf_addcp(&b, c);
		check_fold_both_ways(ak_buf_str(&b), NULL);
		b.len = 0;
		ak_buf_addstr(&b, "\xD8\xA8");	/* ب */
		ak_buf_addcp(&b, c);
		check_fold_both_ways(ak_buf_str(&b), NULL);
	}
	/* marks that NFKC composes with the letter before them */
	for (i = 0; i < 4; i++)
		for (j = 0; j < 4; j++) {
			b.len = 0;
			ak_buf_addcp(&b, bases[i]);
			ak_buf_addcp(&b, 0x064E);
			ak_buf_addcp(&b, marks[j]);
			check_fold_both_ways(ak_buf_str(&b), NULL);
		}
	/* invalid UTF-8 takes the long way, and agrees */
	check_fold_both_ways("a\xD8", NULL);
	ak_buf_release(&b);
}

/* ------------------------------------------------------------ parser */

static int
parse(const char *query, struct ak_search_query *q, struct ak_error *err)
{
	memset(err, 0, sizeof(*err));
	return ak_search_parse(query, q, err);
}

static void
test_search_parse_plain_words_are_quoted_stems(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("إعلان  المستشارين", &q, &err), AK_OK);
	assert_string_equal(q.match, S "\"اعلان\" AND " S "\"مستشار\"");
	assert_null(q.exclude);
	assert_int_equal(q.nterms, 2);
	assert_int_equal(q.fallback, 0);
	ak_search_query_release(&q);
}

static void
test_search_parse_folds_like_the_index(void **state)
{
	struct ak_search_query a, b;
	struct ak_error err;

	(void)state;
	/* tashkeel, tanween, hamza forms, the article: one term */
	assert_int_equal(parse("أشخاصاً", &a, &err), AK_OK);
	assert_int_equal(parse("اشخاصا", &b, &err), AK_OK);
	assert_string_equal(a.match, b.match);
	ak_search_query_release(&a);
	ak_search_query_release(&b);
	assert_int_equal(parse("الإعلان", &a, &err), AK_OK);
	assert_int_equal(parse("اعلان", &b, &err), AK_OK);
	assert_string_equal(a.match, b.match);
	ak_search_query_release(&a);
	ak_search_query_release(&b);
}

static void
test_search_parse_phrase_is_one_quoted_string(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("\"مهمة المستشارين\" بغداد", &q, &err), AK_OK);
	/* Snowball's stems: «مهمة» -> «مهم», «بغداد» -> «غداد» */
	assert_string_equal(q.match, S "\"مهم مستشار\" AND " S "\"غداد\"");
	ak_search_query_release(&q);
}

static void
test_search_parse_prefix_uses_stems_and_surface_words(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("المستش*", &q, &err), AK_OK);
	assert_string_equal(q.match, "(" S "\"مستش\" * OR "
	    "{title_w text_w} : \"مستش\" *)");
	assert_int_equal(q.nterms, 1);
	assert_true(q.terms[0].prefix);
	ak_search_query_release(&q);
	/* one letter is no prefix: it would match half the index */
	assert_int_equal(parse("م*", &q, &err), AK_OK);
	assert_string_equal(q.match, S "\"م\"");
	ak_search_query_release(&q);
}

static void
test_search_parse_prefix_also_looks_for_its_stem(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	/* «اميركي» is the stem «اميرك» and a letter: «الأميركية» has
	 * that stem, and the body's surface words are not indexed */
	assert_int_equal(parse("وزير اميركي*", &q, &err), AK_OK);
	assert_string_equal(q.match, S "\"زير\" AND (" S "\"اميركي\" * OR "
	    S "\"اميرك\" * OR {title_w text_w} : \"اميركي\" *)");
	assert_int_equal(q.nterms, 2);
	assert_true(q.terms[1].prefix);
	assert_non_null(q.terms[1].stem);
	assert_string_equal(q.terms[1].stem, "اميرك");
	ak_search_query_release(&q);
	/* the stemmer takes «و» off the front of «وزار»: «وزارة» is found
	 * by its surface form (see the index test), not by «زار*», which
	 * would find «زار» (visited) too */
	assert_int_equal(parse("وزار*", &q, &err), AK_OK);
	assert_string_equal(q.match, "(" S "\"وزار\" * OR "
	    "{title_w text_w} : \"وزار\" *)");
	assert_null(q.terms[0].stem);
	ak_search_query_release(&q);
	/* a stem shorter than three letters would match too much */
	assert_int_equal(parse("سني*", &q, &err), AK_OK);
	assert_null(q.terms[0].stem);
	ak_search_query_release(&q);
}

/*
 * The index keeps the surface form of the words a prefix would miss
 * through the stems, and only those: «الفلسطيني» (stem «لسط»),
 * «البريطانية» (stem «ريط»), «وزارة» (stem «زار»), not «الحكومة» (stem
 * «حكوم», the word less a letter) or «في».
 */
static void
test_search_index_keeps_the_surface_words_prefixes_need(void **state)
{
	static const char body[] =
	    "قال المسؤول الفلسطيني في وزارة الحكومة البريطانية";
	struct ak_article a;
	char *cols[AK_FTS_COLS];

	(void)state;
	ak_article_init(&a);
	ak_set_str(&a.title, "الحكومة تقرر");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, body, strlen(body),
	    NULL);
	ak_search_columns(NULL, &a, cols);
	assert_string_equal(cols[4], "حكومه تقرر");
	assert_non_null(strstr(cols[5], "فلسطيني"));
	assert_non_null(strstr(cols[5], "بريطانيه"));
	assert_non_null(strstr(cols[5], "وزاره"));
	assert_null(strstr(cols[5], "حكومه"));
	assert_null(strstr(cols[5], "في "));
	ak_search_columns_free(cols);
	ak_article_release(&a);
}

static void
test_search_parse_exclusions(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("انسحاب -بغداد -\"قوات التحالف\"", &q, &err),
	    AK_OK);
	assert_string_equal(q.match, S "\"انسحاب\"");
	assert_string_equal(q.exclude, S "\"غداد\" OR " S "\"قوا تحالف\"");
	assert_int_equal(q.nterms, 1);	/* exclusions are never marked */
	ak_search_query_release(&q);
}

static void
test_search_parse_only_exclusions_is_explained(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("-بغداد", &q, &err), AK_EINVAL);
	assert_non_null(strstr(err.msg, "add a word"));
	assert_null(strchr(err.msg, '\n'));
	ak_search_query_release(&q);
	/* with a filter they leave words out of the filtered list */
	assert_int_equal(parse("-بغداد after:2024", &q, &err), AK_OK);
	assert_null(q.match);
	assert_non_null(q.exclude);
	ak_search_query_release(&q);
}

/* The definite article alone is no word: stemmed, it would be «إلى». */
static void
test_search_parse_article_alone_is_no_word(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("ال", &q, &err), AK_EINVAL);
	assert_non_null(strstr(err.msg, "nothing to search for"));
	ak_search_query_release(&q);
	assert_int_equal(parse("وال", &q, &err), AK_EINVAL);
	ak_search_query_release(&q);
	/* beside a word it is dropped */
	assert_int_equal(parse("ال بغداد", &q, &err), AK_OK);
	assert_int_equal(q.nterms, 1);
	ak_search_query_release(&q);
	/* «إلى» is still a word */
	assert_int_equal(parse("إلى", &q, &err), AK_OK);
	assert_int_equal(q.nterms, 1);
	ak_search_query_release(&q);
}

static void
test_search_parse_fields(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("publisher:\"الشرق الأوسط\" After:2024-09 "
	    "before:٢٠٢٤-١٠-٠١ انسحاب", &q, &err), AK_OK);
	assert_int_equal(q.npublishers, 1);
	assert_string_equal(q.publishers[0], "شرق اوسط");
	assert_string_equal(q.after, "2024-09");
	assert_string_equal(q.before, "2024-10-01");
	assert_string_equal(q.match, S "\"انسحاب\"");
	ak_search_query_release(&q);
	/* "publisher: NAME" with a space */
	assert_int_equal(parse("publisher: العرب", &q, &err), AK_OK);
	assert_int_equal(q.npublishers, 1);
	assert_string_equal(q.publishers[0], "عرب");
	ak_search_query_release(&q);
}

static void
test_search_parse_bad_dates_are_explained(void **state)
{
	static const char *bad[] = {
		"after:garbage", "before:2024-13-01", "after:2023-02-29",
		"after:24-01-01", "after:2024-1-1-1", "before:", "after:2024-",
		"after:-2024",
	};
	struct ak_search_query q;
	struct ak_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &q, &err), AK_EINVAL);
		assert_non_null(strstr(err.msg, "YYYY-MM-DD"));
		ak_search_query_release(&q);
	}
	assert_int_equal(parse("after:2024-02-29", &q, &err), AK_OK);
	assert_string_equal(q.after, "2024-02-29");
	ak_search_query_release(&q);
	assert_int_equal(parse("after:2024/9/3", &q, &err), AK_OK);
	assert_string_equal(q.after, "2024-09-03");
	ak_search_query_release(&q);
}

static void
test_search_parse_empty_publisher_is_explained(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("publisher:", &q, &err), AK_EINVAL);
	assert_non_null(strstr(err.msg, "needs a name"));
	ak_search_query_release(&q);
	assert_int_equal(parse("publisher:\"\" x", &q, &err), AK_EINVAL);
	ak_search_query_release(&q);
	assert_int_equal(parse("publisher:...", &q, &err), AK_EINVAL);
	ak_search_query_release(&q);
}

static void
test_search_parse_unbalanced_quote_falls_back_to_words(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("\"مهمة المستشارين", &q, &err), AK_OK);
	assert_int_equal(q.fallback, 1);
	assert_string_equal(q.match, S "\"مهم\" AND " S "\"مستشار\"");
	ak_search_query_release(&q);
	assert_int_equal(parse("\"", &q, &err), AK_EINVAL);
	assert_non_null(strstr(err.msg, "nothing to search for"));
	ak_search_query_release(&q);
}

static void
test_search_parse_fts_syntax_is_only_text(void **state)
{
	struct ak_search_query q;
	struct ak_error err;

	(void)state;
	assert_int_equal(parse("NEAR(", &q, &err), AK_OK);
	assert_string_equal(q.match, S "\"near\"");
	ak_search_query_release(&q);
	assert_int_equal(parse("a OR", &q, &err), AK_OK);
	assert_string_equal(q.match, S "\"a\" AND " S "\"or\"");
	ak_search_query_release(&q);
	assert_int_equal(parse("title:x ^y {body}:z", &q, &err), AK_OK);
	assert_string_equal(q.match, S "\"titl x\" AND " S "\"y\" AND "
	    S "\"bodi z\"");
	ak_search_query_release(&q);
	/* a quote cannot end our string early */
	assert_int_equal(parse("ab\"\" OR \"*", &q, &err), AK_OK);
	assert_null(strstr(q.match, "\"\""));
	ak_search_query_release(&q);
}

static void
test_search_parse_punctuation_only_is_explained(void **state)
{
	static const char *bad[] = { "*", "-", "--", "\"\"", "  ", "", "()",
	    "«»", "- * \"", "\xff\xfe" };
	struct ak_search_query q;
	struct ak_error err;
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		assert_int_equal(parse(bad[i], &q, &err), AK_EINVAL);
		assert_non_null(strstr(err.msg, "nothing to search for"));
		/* never raw input in a message: no invalid byte, no control */
		assert_null(strchr(err.msg, '\xff'));
		ak_search_query_release(&q);
	}
	assert_int_equal(parse(NULL, &q, &err), AK_EINVAL);
	ak_search_query_release(&q);
}

static void
test_search_parse_message_has_no_controls(void **state)
{
	struct ak_search_query q;
	struct ak_error err;
	const char *p;

	(void)state;
	assert_int_equal(parse("after:\x1b[31mred\xe2\x80\xae", &q, &err),
	    AK_EINVAL);
	for (p = err.msg; *p; p++)
		assert_true((unsigned char)*p >= 0x20);
	assert_null(strstr(err.msg, "\xe2\x80\xae"));
	ak_search_query_release(&q);
	assert_int_equal(parse("-publisher:x y", &q, &err), AK_EINVAL);
	ak_search_query_release(&q);
}

/* ------------------------------------------------------------ matches */

struct ranges {
	size_t start[8], end[8];
	size_t n;
};

static void
add_range(void *ctx, size_t start, size_t end)
{
	struct ranges *r = ctx;

	if (r->n < 8) {
		r->start[r->n] = start;
		r->end[r->n] = end;
		r->n++;
	}
}

static void
test_search_matches_original_words(void **state)
{
	const char *text = "واعتقلت القوات أشخاصاً، ثم أطلقت الأشخاص.";
	struct ak_search_query q;
	struct ak_error err;
	struct ranges r;

	(void)state;
	memset(&r, 0, sizeof(r));
	assert_int_equal(parse("اشخاصا", &q, &err), AK_OK);
	assert_int_equal(ak_search_matches(&q, text, strlen(text), add_range,
	    &r), 2);
	assert_int_equal(r.n, 2);
	assert_memory_equal(text + r.start[0], "أشخاصاً",
	    strlen("أشخاصاً"));
	assert_int_equal(r.end[0] - r.start[0], strlen("أشخاصاً"));
	assert_memory_equal(text + r.start[1], "الأشخاص", strlen("الأشخاص"));
	ak_search_query_release(&q);
}

static void
test_search_snippet_marks_and_cuts(void **state)
{
	const char *text = "واحد اثنان ثلاثة أربعة خمسة ستة سبعة ثمانية تسعة "
	    "عشرة قال مستشار رئيس الوزراء إن الاتفاق قريب جدا من الإعلان "
	    "وبعد ذلك كلام كثير لا علاقة له بالموضوع أبدا ولا بأي شيء آخر "
	    "هنا أو هناك في النهاية.";
	struct ak_search_query q;
	struct ak_error err;
	char *s;

	(void)state;
	assert_int_equal(parse("مستشار اعلان", &q, &err), AK_OK);
	s = ak_search_snippet(&q, text, strlen(text), 20);
	assert_non_null(s);
	assert_non_null(strstr(s, "[مستشار]"));
	assert_non_null(strstr(s, "[الإعلان]"));
	assert_true(strncmp(s, "\xe2\x80\xa6 ", 4) == 0);	/* cut at start */
	assert_non_null(strstr(s, " \xe2\x80\xa6"));	/* and at the end */
	assert_null(strstr(s, "واحد"));
	free(s);
	/* no match: no snippet */
	s = ak_search_snippet(&q, "لا شيء هنا", strlen("لا شيء هنا"), 20);
	assert_null(s);
	ak_search_query_release(&q);
}

static void
test_search_snippet_of_short_text_is_whole(void **state)
{
	const char *text = "«تأجيل الإعلان» الآن.";
	struct ak_search_query q;
	struct ak_error err;
	char *s;

	(void)state;
	assert_int_equal(parse("اعلان", &q, &err), AK_OK);
	s = ak_search_snippet(&q, text, strlen(text), 20);
	assert_string_equal(s, "«تأجيل [الإعلان]» الآن.");
	free(s);
	ak_search_query_release(&q);
}

/* ------------------------------------------------------------ cache */


static int64_t
store(struct ak_cache *c, const char *title, const char *publisher,
	const char *date, const char *body)
{
	struct ak_article a;
	struct ak_error err = { 0, "" };
	enum ak_put_result res;
	int64_t id = 0;

	struct ak_buf url = AK_BUF_INIT;
	const char *p;

	ak_article_init(&a);
	ak_set_str(&a.title, title);
	ak_set_str(&a.publisher, publisher);
	ak_set_str(&a.published, date);
	/* a page per title: the same title again is the page edited */
	ak_buf_addstr(&url, "https://news.example/");
	for (p = title; *p; p++)
		ak_buf_addf(&url, "%02x", (unsigned char)*p);
	ak_set_str(&a.url, url.data);
	ak_buf_release(&url);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, body, strlen(body), NULL);
	ak_article_add_block(&a, AK_BLOCK_CAPTION, "صورة من الأرشيف",
	    strlen("صورة من الأرشيف"), "رويترز");
	assert_int_equal(ak_cache_begin(c, &err), AK_OK);
	assert_int_equal(tu_put(c, &a, &id, &res, &err), AK_OK);
	assert_int_equal(ak_search_index(c, id, &a, &err), AK_OK);
	assert_int_equal(ak_cache_commit(c, &err), AK_OK);
	ak_article_release(&a);
	return id;
}

static size_t
count(struct ak_cache *c, const char *query, int64_t *first)
{
	struct ak_hit *hits = NULL;
	struct ak_error err = { 0, "" };
	size_t n = 0;
	int rc = ak_search(c, query, 50, &hits, &n, &err);

	if (rc != AK_OK)
		fail_msg("%s: %s", query, err.msg);
	if (first)
		*first = n ? hits[0].id : 0;
	ak_hits_free(hits, n);
	return n;
}

static void
fill(struct ak_cache *c, int64_t *ids)
{
	ids[0] = store(c, "صاروخان يؤجلان انسحاب التحالف", "الشرق الأوسط",
	    NULL, "قال مستشار رئيس الوزراء إن المستشارين الأميركيين باقون، "
	    "واعتقلت القوات أشخاصاً قبل الإعلان.");
	ids[1] = store(c, "التوتر الإقليمي يرجئ الإعلان", "التلفزيون العربي",
	    "2024-09-13", "تنشر الولايات المتحدة حوالى 2500 جندي في العراق.");
	ids[2] = store(c, "قصف على بعلبك", "الشرق الأوسط", "2024-01-20",
	    "استهدفت الغارة منزل مدير مستشفى في بعلبك ولم يصدر إعلان.");
}

static void
test_search_finds_arabic_the_way_people_type(void **state)
{
	struct tu_cache *f = *state;
	int64_t ids[3], first;

	fill(f->c, ids);
	assert_int_equal(count(f->c, "اعلان", NULL), 3);
	assert_int_equal(count(f->c, "اشخاصا", &first), 1);
	assert_int_equal(first, ids[0]);
	assert_int_equal(count(f->c, "مستشار", &first), 1);
	assert_int_equal(first, ids[0]);
	assert_int_equal(count(f->c, "اميركي*", &first), 1);
	assert_int_equal(count(f->c, "مستش*", NULL), 2);	/* مستشفى */
	assert_int_equal(count(f->c, "\"مستشار رئيس الوزراء\"", NULL), 1);
	assert_int_equal(count(f->c, "\"رئيس مستشار\"", NULL), 0);
	assert_int_equal(count(f->c, "٢٥٠٠", &first), 1);
	assert_int_equal(first, ids[1]);
	/* a caption is text, its credit is not */
	assert_int_equal(count(f->c, "ارشيف", NULL), 3);
	assert_int_equal(count(f->c, "رويترز", NULL), 0);
}

static void
test_search_ranks_title_hits_first(void **state)
{
	struct tu_cache *f = *state;
	struct ak_hit *hits = NULL;
	struct ak_error err = { 0, "" };
	int64_t ids[3];
	size_t n = 0;

	fill(f->c, ids);
	assert_int_equal(ak_search(f->c, "اعلان", 10, &hits, &n, &err), AK_OK);
	assert_int_equal(n, 3);
	assert_int_equal(hits[0].id, ids[1]);	/* in its title */
	assert_true(hits[0].score > hits[1].score);
	assert_true(hits[1].score >= hits[2].score);
	assert_string_equal(hits[0].publisher, "التلفزيون العربي");
	assert_string_equal(hits[0].published, "2024-09-13");
	ak_hits_free(hits, n);
}

static void
test_search_snippet_comes_from_the_original_text(void **state)
{
	struct tu_cache *f = *state;
	struct ak_hit *hits = NULL;
	struct ak_error err = { 0, "" };
	int64_t ids[3];
	size_t n = 0;

	fill(f->c, ids);
	assert_int_equal(ak_search(f->c, "اشخاصا", 10, &hits, &n, &err),
	    AK_OK);
	assert_int_equal(n, 1);
	assert_non_null(strstr(hits[0].snippet, "[أشخاصاً]"));
	ak_hits_free(hits, n);
}

static void
test_search_filters(void **state)
{
	struct tu_cache *f = *state;
	int64_t ids[3], first;

	fill(f->c, ids);
	assert_int_equal(count(f->c, "اعلان publisher:الشرق", NULL), 2);
	assert_int_equal(count(f->c, "اعلان publisher:\"التلفزيون العربي\"",
	    &first), 1);
	assert_int_equal(first, ids[1]);
	{
		/* a publisher nobody has: said, not zero hits in silence */
		struct ak_hit *hits = NULL;
		struct ak_error err = { 0, "" };
		size_t n = 9;

		assert_int_equal(ak_search(f->c, "اعلان publisher:nobody", 50,
		    &hits, &n, &err), AK_ENOTFOUND);
		assert_int_equal(n, 0);
		assert_null(hits);
		assert_non_null(strstr(err.msg, "no publisher by that name; "
		    "the cache has "));
		assert_non_null(strstr(err.msg, "الشرق الأوسط"));
	}
	assert_int_equal(count(f->c, "اعلان after:2024-09-13", &first), 1);
	assert_int_equal(first, ids[1]);
	assert_int_equal(count(f->c, "اعلان before:2024-09-13", &first), 1);
	assert_int_equal(first, ids[2]);
	assert_int_equal(count(f->c, "اعلان after:2024", NULL), 2);
	assert_int_equal(count(f->c, "اعلان -بعلبك", NULL), 2);
	/* filters alone list, newest first; exclusions apply */
	assert_int_equal(count(f->c, "publisher:الشرق", &first), 2);
	assert_int_equal(first, ids[2]);
	assert_int_equal(count(f->c, "publisher:الشرق -بعلبك", &first), 1);
	assert_int_equal(first, ids[0]);
}

static void
test_search_index_follows_updates_and_deletes(void **state)
{
	struct tu_cache *f = *state;
	struct ak_error err = { 0, "" };
	int64_t ids[3], id;

	fill(f->c, ids);
	/* the same page, another text: the old words are gone */
	id = store(f->c, "قصف على بعلبك", "الشرق الأوسط", "2024-01-20",
	    "نص جديد تماما عن الزلزال.");
	assert_int_equal(id, ids[2]);
	assert_int_equal(count(f->c, "مستشفي", NULL), 0);
	assert_int_equal(count(f->c, "زلزال", &id), 1);
	assert_int_equal(id, ids[2]);
	assert_int_equal(ak_cache_delete(f->c, ids[2], &err), AK_OK);
	assert_int_equal(count(f->c, "زلزال", NULL), 0);
	assert_int_equal(count(f->c, "بعلبك", NULL), 0);
}

static void
test_search_reindex_rebuilds(void **state)
{
	struct tu_cache *f = *state;
	struct ak_error err = { 0, "" };
	int64_t ids[3];
	long n = 0;

	fill(f->c, ids);
	tu_sql(f->c, "DELETE FROM art_fts");
	assert_int_equal(count(f->c, "اعلان", NULL), 0);
	assert_int_equal(ak_search_reindex(f->c, &n, &err), AK_OK);
	assert_int_equal(n, 3);
	assert_int_equal(count(f->c, "اعلان", NULL), 3);
}

static void
test_search_hostile_queries_never_reach_sqlite(void **state)
{
	static const char *q[] = {
		"\"", "*", "-", "NEAR(", "a OR", "publisher:", "after:garbage",
		"NEAR(a b, 3)", "a AND", "OR", "NOT x", "(((", ")", "{title}:x",
		"x:y", "^a", "a + b", "\"a\" \"b", "-\"\"", "--x", "- -",
		"'", "''; DROP TABLE articles; --", "\\", "x*y*", "**a",
		"\"*\"", "publisher:\"", "before:\"2024", "a -\"", "ـــ",
		"\xd9\x8b\xd9\x8b", "\xef\xbf\xbd", "\x01\x02",
	};
	struct tu_cache *f = *state;
	struct ak_hit *hits;
	struct ak_error err;
	int64_t ids[3];
	size_t i, n;
	int rc;

	fill(f->c, ids);
	for (i = 0; i < sizeof(q) / sizeof(q[0]); i++) {
		memset(&err, 0, sizeof(err));
		hits = NULL;
		n = 0;
		rc = ak_search(f->c, q[i], 5, &hits, &n, &err);
		if (rc != AK_OK && rc != AK_EINVAL)
			fail_msg("'%s': %d %s", q[i], rc, err.msg);
		if (rc == AK_EINVAL) {
			assert_null(strstr(err.msg, "fts5"));
			assert_null(strstr(err.msg, "syntax"));
			assert_null(strchr(err.msg, '\n'));
		}
		ak_hits_free(hits, n);
	}
	/* the articles are all still there */
	assert_int_equal(ak_cache_count(f->c), 3);
}

static void
test_search_random_bytes_never_reach_sqlite(void **state)
{
	struct tu_cache *f = *state;
	static const char alphabet[] = "\"*-:() ^{}+abOR\xd8\xa7\xd9\x84\t";
	struct ak_hit *hits;
	struct ak_error err;
	char q[24];
	unsigned seed = 12345;
	int64_t ids[3];
	size_t i, k, n;
	int rc;

	fill(f->c, ids);
	for (i = 0; i < 2000; i++) {
		size_t len = (i % 20) + 1;

		for (k = 0; k < len; k++) {
			seed = seed * 1103515245u + 12345u;
			q[k] = alphabet[(seed >> 16) % (sizeof(alphabet) - 1)];
		}
		q[len] = '\0';
		hits = NULL;
		n = 0;
		rc = ak_search(f->c, q, 3, &hits, &n, &err);
		if (rc != AK_OK && rc != AK_EINVAL)
			fail_msg("'%s': %d %s", q, rc, err.msg);
		ak_hits_free(hits, n);
	}
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_fold_quick_and_icu_agree),
		cmocka_unit_test(test_search_parse_plain_words_are_quoted_stems),
		cmocka_unit_test(test_search_parse_folds_like_the_index),
		cmocka_unit_test(test_search_parse_phrase_is_one_quoted_string),
		cmocka_unit_test(
		    test_search_parse_prefix_uses_stems_and_surface_words),
		cmocka_unit_test(
		    test_search_parse_prefix_also_looks_for_its_stem),
		cmocka_unit_test(
		    test_search_index_keeps_the_surface_words_prefixes_need),
		cmocka_unit_test(test_search_parse_exclusions),
		cmocka_unit_test(test_search_parse_only_exclusions_is_explained),
		cmocka_unit_test(test_search_parse_article_alone_is_no_word),
		cmocka_unit_test(test_search_parse_fields),
		cmocka_unit_test(test_search_parse_bad_dates_are_explained),
		cmocka_unit_test(test_search_parse_empty_publisher_is_explained),
		cmocka_unit_test(
		    test_search_parse_unbalanced_quote_falls_back_to_words),
		cmocka_unit_test(test_search_parse_fts_syntax_is_only_text),
		cmocka_unit_test(
		    test_search_parse_punctuation_only_is_explained),
		cmocka_unit_test(test_search_parse_message_has_no_controls),
		cmocka_unit_test(test_search_matches_original_words),
		cmocka_unit_test(test_search_snippet_marks_and_cuts),
		cmocka_unit_test(test_search_snippet_of_short_text_is_whole),
#define T(name) cmocka_unit_test_setup_teardown(name, tu_cache_setup, tu_cache_teardown)
		T(test_search_finds_arabic_the_way_people_type),
		T(test_search_ranks_title_hits_first),
		T(test_search_snippet_comes_from_the_original_text),
		T(test_search_filters),
		T(test_search_index_follows_updates_and_deletes),
		T(test_search_reindex_rebuilds),
		T(test_search_hostile_queries_never_reach_sqlite),
		T(test_search_random_bytes_never_reach_sqlite),
#undef T
	};

	return cmocka_run_group_tests_name("search", tests, NULL, NULL);
}
