/*
 * Unit tests: related stories (term vectors, scoring, the incremental
 * update of neighbour lists, updates and deletions, the listing).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <math.h>
#include <cmocka.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/link.h"
#include "akhbar/parse.h"
#include "testutil.h"


/* ---------------------------------------------------------------- helpers */

static void
make(struct ak_article *a, const char *title, const char *body,
	const char *publisher, const char *date)
{
	ak_article_init(a);
	ak_set_str(&a->title, title);
	ak_set_str(&a->publisher, publisher);
	ak_set_str(&a->published, date);
	if (body)
		ak_article_add_block(a, AK_BLOCK_PARAGRAPH, body, strlen(body),
		    NULL);
}

/*
 * Store and link a as the importer does: put, then link a batch of one
 * through the cache's source, in one transaction.
 */
static int64_t
store(struct ak_cache *c, const struct ak_article *a)
{
	struct ak_error err = { 0, "" };
	struct ak_link_source src;
	struct ak_link_result r;
	struct ak_link_doc doc;
	struct ak_put_info info;
	struct ak_article merged;
	struct ak_term *t = NULL;
	size_t nt = 0;

	ak_article_init(&merged);
	assert_int_equal(ak_cache_begin(c, &err), AK_OK);
	assert_int_equal(ak_cache_put(c, a, NULL, &info, &merged, &err), AK_OK);
	if (info.result != AK_PUT_UNCHANGED) {
		if (info.result == AK_PUT_UPDATED)
			assert_int_equal(ak_cache_unlink(c, info.id, &err),
			    AK_OK);
		assert_int_equal(ak_link_terms(NULL, info.result ==
		    AK_PUT_UPDATED ? &merged : a, &t, &nt, &err), AK_OK);
		doc.id = info.id;
		doc.days = -1;
		if (a->published)
			doc.days = ak_days_from_civil(atoi(a->published),
			    atoi(a->published + 5), atoi(a->published + 8));
		doc.tf = ak_link_tf_of(t, nt, &doc.ntf);
		ak_cache_link_source(c, &src);
		assert_int_equal(ak_link_batch(&doc, 1, &src, &r, &err),
		    AK_OK);
		assert_int_equal(ak_cache_link_store(c, &r, &err), AK_OK);
		ak_link_result_release(&r);
		ak_link_terms_free(t, nt);
		free((void *)doc.tf);
	}
	assert_int_equal(ak_cache_commit(c, &err), AK_OK);
	ak_article_release(&merged);
	return info.id;
}

static int64_t
store_new(struct ak_cache *c, const char *title, const char *body)
{
	struct ak_article a;
	int64_t id;

	make(&a, title, body, "test", NULL);
	id = store(c, &a);
	ak_article_release(&a);
	return id;
}

/* The tf of term (folded, stemmed) in t, 0 if absent. */
static int
tf_of(const struct ak_term *t, size_t n, const char *term)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(t[i].term, term) == 0)
			return t[i].tf;
	return 0;
}

static struct ak_term *
terms_of(const char *title, const char *body, size_t *n)
{
	struct ak_error err = { 0, "" };
	struct ak_article a;
	struct ak_term *t = NULL;

	make(&a, title, body, NULL, NULL);
	assert_int_equal(ak_link_terms(NULL, &a, &t, n, &err), AK_OK);
	ak_article_release(&a);
	return t;
}

/* ak_link_tf counts by id what ak_link_terms counts by text. */
static void
test_link_tf_is_the_terms_by_id(void **state)
{
	static const char *const texts[][2] = {
		{ "وزير الخارجية الأميركي يزور الرياض",
		  "قال وزير الخارجية الأميركي إن «مجلس التعاون» شريك. "
		  "وأضاف الوزير أن الزيارة تبحث التعاون الاقتصادي والتعاون "
		  "الأمني، وأن الرياض والرياض الجديدة في 2015." },
		{ "Oil prices fall", "Oil prices fell again as oil stocks "
		  "rose; prices may fall further, traders said." },
		{ "", "" },
	};
	struct ak_error err = { 0, "" };
	size_t k;

	(void)state;
	for (k = 0; k < sizeof(texts) / sizeof(texts[0]); k++) {
		struct ak_article a;
		struct ak_term *t = NULL;
		struct ak_link_tf *want, *got;
		size_t nt = 0, nwant, ngot, i;

		make(&a, texts[k][0], texts[k][1], NULL, NULL);
		assert_int_equal(ak_link_terms(NULL, &a, &t, &nt, &err), AK_OK);
		want = ak_link_tf_of(t, nt, &nwant);
		got = ak_link_tf(NULL, &a, &ngot, &err);
		assert_non_null(got);
		assert_int_equal(ngot, nwant);
		assert_true(k == 2 || ngot > 5);
		for (i = 0; i < ngot; i++) {
			assert_true(got[i].id == want[i].id);
			assert_int_equal(got[i].tf, want[i].tf);
		}
		free(want);
		free(got);
		ak_link_terms_free(t, nt);
		ak_article_release(&a);
	}
}

/* All related rows as text "article other kind score", sorted. */
static char *
snapshot(struct ak_cache *c)
{
	return tu_sql_rows(c, "SELECT article_id, other_id, kind, "
	    "printf('%.6f', score) FROM related ORDER BY article_id, other_id",
	    0);
}

/* The related rows of one article, "other kind score" lines. */
static char *
list_of(struct ak_cache *c, int64_t id)
{
	return tu_sql_rows(c, "SELECT other_id, kind, printf('%.6f', score) "
	    "FROM related WHERE article_id = ?1 ORDER BY other_id", id);
}

static long
count_rows(struct ak_cache *c, const char *sql, int64_t id)
{
	char *s = tu_sql_rows(c, sql, id);
	long n = s && *s ? atol(s) : -1;

	free(s);
	return n;
}

static int
in_list(struct ak_cache *c, int64_t id, int64_t other)
{
	char sql[128];

	snprintf(sql, sizeof(sql), "SELECT count(*) FROM related WHERE "
	    "article_id = ?1 AND other_id = %lld", (long long)other);
	return count_rows(c, sql, id) > 0;
}

/*
 * A synthetic story: words "<topic>w1".."<topic>wN" (Latin, so the
 * English stemmer leaves them alone) plus words of its own.
 */
static char *
story(const char *topic, int shared, const char *own, int nown)
{
	struct ak_buf b = AK_BUF_INIT;
	int i;

	for (i = 1; i <= shared; i++)
		ak_buf_addf(&b, "%sw%c%c ", topic, 'a' + i % 26, 'a' + i / 26);
	for (i = 1; i <= nown; i++)
		ak_buf_addf(&b, "%sx%c%c ", own, 'a' + i % 26, 'a' + i / 26);
	return ak_buf_detach(&b, NULL);
}

static int64_t
store_story(struct ak_cache *c, const char *topic, int shared,
	const char *own, int nown)
{
	char *body = story(topic, shared, own, nown);
	char title[64];
	int64_t id;

	snprintf(title, sizeof(title), "%s %s", topic, own);
	id = store_new(c, title, body);
	free(body);
	return id;
}

/* ---------------------------------------------------------------- terms */

static void
test_link_terms_fold_and_stem_word_forms_together(void **state)
{
	struct ak_term *t;
	size_t n;

	(void)state;
	/* tashkeel, tatweel, hamza forms, the article and prefixes */
	t = terms_of("العراق", "العراقُ وبالعراق للعراق العـــراق", &n);
	assert_int_equal(n, 1);
	assert_string_equal(t[0].term, "عراق");
	assert_int_equal(t[0].tf, 3 + 4);	/* title x3, four in the body */
	ak_link_terms_free(t, n);

	t = terms_of("أميركا", "اميركا وإلى أمــيركا", &n);
	assert_int_equal(tf_of(t, n, "اميرك"), 3 + 2);
	ak_link_terms_free(t, n);

	/* a conjunction before the article does not make another term */
	t = terms_of("التحالف", "والتحالف فالتحالف", &n);
	assert_int_equal(n, 1);
	assert_int_equal(tf_of(t, n, "تحالف"), 5);
	ak_link_terms_free(t, n);
}

static void
test_link_terms_drop_stop_words_numbers_and_letters(void **state)
{
	struct ak_term *t;
	size_t n, i;

	(void)state;
	t = terms_of(NULL, "وقال المسؤول إن الاتفاق في بغداد، وأضاف أنه "
	    "كان قد تم منذ عام 2024 و ١٩٩٠ ب the and of", &n);
	for (i = 0; i < n; i++)
		assert_true(strcmp(t[i].term, "قال") != 0 &&
		    strcmp(t[i].term, "اضاف") != 0);
	assert_int_equal(tf_of(t, n, "مسوول"), 1);
	assert_int_equal(tf_of(t, n, "اتفاق"), 1);
	assert_int_equal(tf_of(t, n, "غداد"), 1);
	assert_int_equal(n, 3);
	ak_link_terms_free(t, n);

	assert_true(ak_link_is_stop_word("في", strlen("في")));
	/* the list is folded when loaded: وأضاف -> واضاف */
	assert_true(ak_link_is_stop_word("واضاف", strlen("واضاف")));
	assert_true(ak_link_is_stop_word("the", 3));
	assert_false(ak_link_is_stop_word("بغداد", strlen("بغداد")));
}

static void
test_link_terms_weight_names_in_quotes_up(void **state)
{
	struct ak_term *t;
	size_t n;

	(void)state;
	t = terms_of(NULL, "هاجمت «ثوريون» قاعدة \"عين الأسد\" وقالت: "
	    "«هذه رسالة واضحة إلى القوات الأميركية كلها» ثوريون", &n);
	assert_int_equal(tf_of(t, n, "ثوري"), 2 + 1);	/* quoted, and not */
	assert_int_equal(tf_of(t, n, "عين"), 2);
	assert_int_equal(tf_of(t, n, "قاعد"), 1);
	/* a quoted sentence is a quotation, not a name */
	assert_int_equal(tf_of(t, n, "رسال"), 1);
	ak_link_terms_free(t, n);

	/* the innermost of nested guillemets is the name */
	t = terms_of(NULL, "«خلاف بين واشنطن وبغداد حول «مهمة المستشارين»»",
	    &n);
	assert_int_equal(tf_of(t, n, "مستشار"), 2);
	assert_int_equal(tf_of(t, n, "خلاف"), 1);
	ak_link_terms_free(t, n);
}

static void
test_link_terms_leave_out_refs_and_byline(void **state)
{
	struct ak_error err = { 0, "" };
	struct ak_article a;
	struct ak_ref *r;
	struct ak_term *t;
	size_t n;

	(void)state;
	make(&a, "حلب", "الجيش في حلب", NULL, NULL);
	ak_set_str(&a.byline, "حمزة مصطفى");
	r = ak_article_add_ref(&a);
	ak_set_str(&r->title, "غزة والشتاء");
	assert_int_equal(ak_link_terms(NULL, &a, &t, &n, &err), AK_OK);
	assert_int_equal(n, 2);
	assert_int_equal(tf_of(t, n, "حلب"), 4);
	assert_int_equal(tf_of(t, n, "جيش"), 1);
	ak_link_terms_free(t, n);
	ak_article_release(&a);
}

/* The weight of term in article id's postings, -1 if not there. */
static double
term_weight_of(struct ak_cache *c, int64_t id, const char *term)
{
	char sql[160], *s;
	double w;

	snprintf(sql, sizeof(sql), "SELECT weight FROM postings WHERE "
	    "article_id = ?1 AND term_id = %lld",
	    (long long)ak_link_term_id(term, strlen(term)));
	s = tu_sql_rows(c, sql, id);
	w = s && *s ? atof(s) : -1;
	free(s);
	return w;
}

static double
min_score(struct ak_cache *c, int64_t id)
{
	char *s = tu_sql_rows(c, "SELECT min(score) FROM related WHERE "
	    "article_id = ?1", id);
	double v = atof(s);

	free(s);
	return v;
}

/* ---------------------------------------------------------------- scoring */

static void
test_link_similar_stories_are_related_and_others_not(void **state)
{
	struct tu_cache *f = *state;
	struct ak_related *r = NULL;
	struct ak_error err = { 0, "" };
	size_t n;
	int64_t a, b, c;

	a = store_new(f->c, "انسحاب التحالف الدولي من العراق",
	    "قررت بغداد تأجيل إعلان انسحاب قوات التحالف الدولي بعد هجوم "
	    "بصاروخين على قاعدة «عين الأسد» في الأنبار.");
	c = store_new(f->c, "الشتاء يفاقم الأوضاع الإنسانية في غزة",
	    "حذر الصليب الأحمر الألماني من تدهور الأوضاع الإنسانية في غزة "
	    "مع حلول الشتاء ونقص الخيام.");
	b = store_new(f->c, "واشنطن وبغداد تؤجلان انسحاب التحالف",
	    "أرجأت الحكومة العراقية إعلان انسحاب التحالف الدولي إثر "
	    "القصف الصاروخي على قاعدة «عين الأسد» غرب العراق.");

	assert_int_equal(ak_related_list(f->c, a, &r, &n, &err), AK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].id, b);
	assert_true(r[0].score > 0.08 && r[0].score <= 1.0);
	ak_related_free_array(r, n);

	/* the same score both ways; the unrelated story has none */
	assert_int_equal(ak_related_list(f->c, b, &r, &n, &err), AK_OK);
	assert_int_equal(n, 1);
	assert_int_equal(r[0].id, a);
	ak_related_free_array(r, n);
	assert_int_equal(ak_related_list(f->c, c, &r, &n, &err), AK_OK);
	assert_int_equal(n, 0);
	free(r);
}

static void
test_link_rarer_terms_weigh_more(void **state)
{
	struct tu_cache *f = *state;
	int64_t id = 0;
	int i;
	double common, rare;

	for (i = 0; i < 6; i++) {
		char *body = story("common", 1, i % 2 ? "odd" : "even", 3);
		char title[32];

		/* six articles: six titles (one title, one text: one) */
		snprintf(title, sizeof(title), "common %d", i);
		id = store_new(f->c, title, body);
		free(body);
	}
	/* "commonwba" is in all six, "evenxba"/"oddxba" in three */
	common = term_weight_of(f->c, id, "commonwba");
	rare = term_weight_of(f->c, id, "oddxba");
	assert_true(common > 0 && rare > 0);
	assert_true(rare > common);
	/* the document count and a df */
	assert_int_equal(count_rows(f->c, "SELECT df FROM terms WHERE id = ?1",
	    0), 6);
}

static void
test_link_copy_from_another_paper_is_same_story(void **state)
{
	struct tu_cache *f = *state;
	struct ak_related *r = NULL;
	struct ak_error err = { 0, "" };
	struct ak_article a;
	const char *body = "أعلن الجيش السوري السيطرة على حي الشيخ مقصود في "
	    "حلب بعد انسحاب مقاتلي «قسد» منه، وفق اتفاق برعاية أميركية.";
	size_t n;
	int64_t x, y, z;

	make(&a, "الجيش السوري يسيطر على الشيخ مقصود", body, "الشرق الأوسط",
	    "2024-09-13");
	x = store(f->c, &a);
	ak_article_release(&a);
	make(&a, "الجيش السوري في الشيخ مقصود", body, "العرب", "2024-09-14");
	y = store(f->c, &a);
	ak_article_release(&a);
	/* the same text a month later is a related story, not the same one */
	make(&a, "عودة إلى الشيخ مقصود", body, "العرب", "2024-10-20");
	z = store(f->c, &a);
	ak_article_release(&a);

	assert_int_equal(ak_related_list(f->c, x, &r, &n, &err), AK_OK);
	assert_int_equal(n, 2);
	assert_int_equal(r[0].id, y);
	assert_int_equal(r[0].kind, AK_REL_SAME_STORY);
	assert_true(r[0].score > 0.6);
	assert_int_equal(r[1].id, z);
	assert_int_equal(r[1].kind, AK_REL_RELATED);
	ak_related_free_array(r, n);
}

/* ----------------------------------------------------------- incremental */

static void
test_link_new_article_changes_exactly_the_lists_it_enters(void **state)
{
	struct tu_cache *f = *state;
	int64_t alpha[12], beta[3], lone, x, id;
	char *before, *after, *l1, *l2;
	char own[16];
	int i;

	/* alpha: 12 close stories, so each list is full (10 of 11) */
	for (i = 0; i < 12; i++) {
		snprintf(own, sizeof(own), "al%c", 'a' + i);
		alpha[i] = store_story(f->c, "alpha", 8, own, 2);
	}
	/* beta: 3 close stories; lone: one story sharing a word with x */
	for (i = 0; i < 3; i++) {
		snprintf(own, sizeof(own), "be%c", 'a' + i);
		beta[i] = store_story(f->c, "beta", 8, own, 2);
	}
	lone = store_new(f->c, "lone", "lonewaa lonewba lonewca");
	for (i = 0; i < 12; i++)
		assert_int_equal(count_rows(f->c, "SELECT count(*) FROM "
		    "related WHERE article_id = ?1", alpha[i]), AK_LINK_MAX);
	assert_int_equal(count_rows(f->c, "SELECT count(*) FROM related "
	    "WHERE article_id = ?1", lone), 0);

	/*
	 * x: a beta story that mentions two alpha words and a lone word:
	 * beta lists (with room) and lone's (empty) gain it; the alpha
	 * lists, full of closer stories, do not.
	 */
	before = snapshot(f->c);
	{
		char *b = story("beta", 8, "new", 0);
		struct ak_buf body = AK_BUF_INIT;

		ak_buf_addf(&body, "%s alphawba alphawca lonewaa", b);
		x = store_new(f->c, "beta", ak_buf_str(&body));
		ak_buf_release(&body);
		free(b);
	}
	after = snapshot(f->c);
	assert_string_not_equal(before, after);

	for (i = 0; i < 3; i++)
		assert_true(in_list(f->c, beta[i], x));
	assert_true(in_list(f->c, lone, x));
	for (i = 0; i < 12; i++)
		assert_false(in_list(f->c, alpha[i], x));
	/* x's own list: the betas first, then some alphas or lone */
	assert_true(count_rows(f->c, "SELECT count(*) FROM related WHERE "
	    "article_id = ?1", x) >= 4);

	/*
	 * Exactly: every row not about x is as it was, and every list that
	 * changed is one that gained x.
	 */
	for (id = 1; id < x; id++) {
		if (in_list(f->c, id, x))
			continue;
		/* the list did not gain x: it must be unchanged */
		l2 = list_of(f->c, id);
		{
			/* rebuild the old list of id from the snapshot */
			struct ak_buf b = AK_BUF_INIT;
			const char *p = before;
			char pre[32];

			snprintf(pre, sizeof(pre), "%lld ", (long long)id);
			while (*p) {
				const char *nl = strchr(p, '\n');

				if (strncmp(p, pre, strlen(pre)) == 0)
					ak_buf_add(&b, p + strlen(pre),
					    (size_t)(nl - p) + 1 - strlen(pre));
				p = nl + 1;
			}
			l1 = ak_buf_detach(&b, NULL);
		}
		assert_string_equal(l1, l2);
		free(l1);
		free(l2);
	}
	free(before);
	free(after);
}

static void
test_link_full_list_drops_its_weakest_for_a_closer_story(void **state)
{
	struct tu_cache *f = *state;
	int64_t ids[11], x;
	char own[16];
	double weakest_before, weakest_after;
	int i;

	for (i = 0; i < 11; i++) {
		snprintf(own, sizeof(own), "ga%c", 'a' + i);
		/* fewer shared words: weaker links among them */
		ids[i] = store_story(f->c, "gamma", 6, own, 3);
	}
	assert_int_equal(count_rows(f->c, "SELECT count(*) FROM related "
	    "WHERE article_id = ?1", ids[0]), AK_LINK_MAX);
	weakest_before = min_score(f->c, ids[0]);
	/* x: ids[0]'s words exactly, a closer story than any */
	{
		char *body = story("gamma", 6, "gaa", 3);

		x = store_new(f->c, "gaa gamma", body);	/* not ids[0] again */
		free(body);
	}
	assert_true(in_list(f->c, ids[0], x));
	assert_int_equal(count_rows(f->c, "SELECT count(*) FROM related "
	    "WHERE article_id = ?1", ids[0]), AK_LINK_MAX);
	weakest_after = min_score(f->c, ids[0]);
	assert_true(weakest_after >= weakest_before);
}

static void
test_link_updated_article_moves_to_its_new_neighbours(void **state)
{
	struct tu_cache *f = *state;
	struct ak_article a;
	int64_t d1, d2, e1, e2, id;
	char *body;

	d1 = store_story(f->c, "delta", 6, "dea", 2);
	d2 = store_story(f->c, "delta", 6, "deb", 2);
	e1 = store_story(f->c, "echo", 6, "eca", 2);
	e2 = store_story(f->c, "echo", 6, "ecb", 2);
	body = story("delta", 6, "dec", 2);
	make(&a, "moving", body, "test", NULL);
	ak_set_str(&a.guid, "moving-story-1");
	free(body);
	id = store(f->c, &a);
	assert_true(in_list(f->c, d1, id) && in_list(f->c, id, d2));
	assert_false(in_list(f->c, e1, id));

	/* the same guid and title (an edit), another text */
	ak_article_release(&a);
	body = story("echo", 6, "ecc", 2);
	make(&a, "moving", body, "test", NULL);
	ak_set_str(&a.guid, "moving-story-1");
	free(body);
	assert_int_equal(store(f->c, &a), id);
	ak_article_release(&a);
	assert_false(in_list(f->c, d1, id));
	assert_false(in_list(f->c, id, d2));
	assert_true(in_list(f->c, e1, id) && in_list(f->c, id, e2));
	/* its postings are the new ones only */
	assert_true(term_weight_of(f->c, id, "deltawba") < 0);
	assert_true(term_weight_of(f->c, id, "echowba") > 0);
}

static void
test_link_deleted_article_leaves_no_trace(void **state)
{
	struct tu_cache *f = *state;
	struct ak_related *r = NULL;
	struct ak_error err = { 0, "" };
	struct ak_article a;
	struct ak_ref *ref;
	size_t n, i;
	int64_t s1, s2, s3, gone, later, withref;

	s1 = store_story(f->c, "foxtrot", 6, "foa", 2);
	gone = store_story(f->c, "foxtrot", 6, "fob", 2);
	s2 = store_story(f->c, "foxtrot", 6, "foc", 2);
	make(&a, "about foxtrot", "foxtrotwba", "test", NULL);
	ref = ak_article_add_ref(&a);
	ak_set_str(&ref->title, "foxtrot fob");
	withref = store(f->c, &a);
	ak_article_release(&a);
	assert_true(in_list(f->c, s1, gone));

	assert_int_equal(ak_cache_begin(f->c, &err), AK_OK);
	assert_int_equal(ak_cache_delete(f->c, gone, &err), AK_OK);
	assert_int_equal(ak_cache_commit(f->c, &err), AK_OK);
	assert_int_equal(count_rows(f->c, "SELECT count(*) FROM related "
	    "WHERE other_id = ?1 OR article_id = ?1", gone), 0);
	assert_int_equal(count_rows(f->c, "SELECT count(*) FROM postings "
	    "WHERE article_id = ?1", gone), 0);
	assert_int_equal(count_rows(f->c, "SELECT count(*) FROM vectors "
	    "WHERE article_id = ?1", gone), 0);
	assert_true(in_list(f->c, s1, s2));

	/* the lists and the ref still read; the ref lost its target */
	assert_int_equal(ak_related_list(f->c, withref, &r, &n, &err), AK_OK);
	assert_true(n >= 1);
	assert_int_equal(r[0].kind, AK_REL_REF);
	assert_int_equal(r[0].id, 0);
	ak_related_free_array(r, n);
	assert_int_equal(ak_related_list(f->c, gone, &r, &n, &err),
	    AK_ENOTFOUND);

	/* linking goes on, and nothing names the deleted one */
	s3 = store_story(f->c, "foxtrot", 6, "fod", 2);
	later = s3;
	assert_int_equal(ak_related_list(f->c, later, &r, &n, &err), AK_OK);
	assert_true(n >= 2);
	for (i = 0; i < n; i++)
		assert_true(r[i].id != gone);
	ak_related_free_array(r, n);
}

/* ------------------------------------------------------- batch, no cache */

/* A source over arrays: what a cache of stored articles would give. */
struct fake {
	int64_t ndocs;
	struct ak_link_vec stored[4];	/* vectors; postings from them */
	size_t nstored;
	int64_t dfs[8][2];		/* term id, df */
	size_t ndfs;
	int vectors_read;
};

static int
fake_df(void *ctx, const int64_t *terms, size_t n, int64_t *df,
	int64_t *ndocs, struct ak_error *err)
{
	struct fake *f = ctx;
	size_t i, j;

	(void)err;
	for (i = 0; i < n; i++)
		for (df[i] = 0, j = 0; j < f->ndfs; j++)
			if (f->dfs[j][0] == terms[i])
				df[i] = f->dfs[j][1];
	*ndocs = f->ndocs;
	return AK_OK;
}

static int
fake_postings(void *ctx, int64_t term, int limit,
	void (*fn)(void *fctx, int64_t article, double w), void *fctx,
	struct ak_error *err)
{
	struct fake *f = ctx;
	size_t i, j;

	(void)err;
	(void)limit;
	for (i = 0; i < f->nstored; i++)
		for (j = 0; j < f->stored[i].n; j++)
			if (f->stored[i].t[j].id == term)
				fn(fctx, f->stored[i].id, f->stored[i].t[j].w);
	return AK_OK;
}

static int
fake_vector(void *ctx, int64_t article, struct ak_link_vec *v,
	struct ak_error *err)
{
	struct fake *f = ctx;
	size_t i;

	(void)err;
	memset(v, 0, sizeof(*v));
	f->vectors_read++;
	for (i = 0; i < f->nstored; i++) {
		if (f->stored[i].id != article)
			continue;
		*v = f->stored[i];
		v->t = malloc(v->n * sizeof(*v->t));
		memcpy(v->t, f->stored[i].t, v->n * sizeof(*v->t));
	}
	return AK_OK;
}

static struct ak_wterm *
wterms(const char *const *terms, const float *w, size_t n)
{
	struct ak_wterm *t = calloc(n, sizeof(*t));
	size_t i;

	for (i = 0; i < n; i++) {
		t[i].id = ak_link_term_id(terms[i], strlen(terms[i]));
		t[i].w = w[i];
	}
	return t;
}

static void
test_link_batch_articles_of_one_batch_see_each_other(void **state)
{
	struct ak_term a[] = { { (char *)"alpha", 3 }, { (char *)"bravo", 1 }, { (char *)"charlie", 1 } };
	struct ak_term b[] = { { (char *)"alpha", 3 }, { (char *)"bravo", 2 }, { (char *)"delta", 1 } };
	struct ak_term c[] = { { (char *)"echo", 1 }, { (char *)"foxtrot", 1 } };
	struct ak_link_doc docs[3] = {
		{ 10, 100, NULL, 0 }, { 11, 102, NULL, 0 }, { 12, -1, NULL, 0 },
	};
	struct fake f;
	struct ak_link_source src = { fake_df, fake_postings, fake_vector, &f };
	struct ak_link_result r;
	struct ak_error err = { 0, "" };
	double norm = 0;
	size_t i;

	(void)state;
	memset(&f, 0, sizeof(f));
	docs[0].tf = ak_link_tf_of(a, 3, &docs[0].ntf);
	docs[1].tf = ak_link_tf_of(b, 3, &docs[1].ntf);
	docs[2].tf = ak_link_tf_of(c, 2, &docs[2].ntf);
	assert_int_equal(ak_link_batch(docs, 3, &src, &r, &err), AK_OK);
	assert_int_equal(r.ndocs_add, 3);
	assert_int_equal(r.nvecs, 3);
	for (i = 0; i < r.vecs[0].n; i++)
		norm += (double)r.vecs[0].t[i].w * r.vecs[0].t[i].w;
	assert_true(norm > 0.999 && norm < 1.001);
	/* alpha is in two documents of the batch */
	for (i = 0; i < r.ndfs; i++)
		if (r.dfs[i].id == ak_link_term_id("alpha", 5))
			assert_int_equal(r.dfs[i].add, 2);
	/* 10 and 11 list each other, with one score; 12 has none */
	assert_int_equal(r.nlists, 2);
	assert_int_equal(r.lists[0].article, 10);
	assert_int_equal(r.lists[0].other, 11);
	assert_int_equal(r.lists[1].article, 11);
	assert_int_equal(r.lists[1].other, 10);
	assert_true(r.lists[0].score == r.lists[1].score);
	assert_true(fabs(r.lists[0].score - ak_link_cosine(&r.vecs[0],
	    &r.vecs[1])) < 1e-6);
	/* two days apart, close: the same story */
	assert_true(r.lists[0].score >= 0.6);
	assert_true(r.lists[0].same_story);
	assert_int_equal(r.noffers, 0);
	assert_int_equal(f.vectors_read, 0);
	ak_link_result_release(&r);
	for (i = 0; i < 3; i++)
		free((void *)docs[i].tf);
}

static void
test_link_batch_offers_itself_to_stored_articles(void **state)
{
	static const char *const st1[] = { "alpha", "bravo" };
	static const char *const st2[] = { "zulu", "yankee" };
	static const float w1[] = { 0.8f, 0.6f }, w2[] = { 0.6f, 0.8f };
	struct ak_term a[] = { { (char *)"alpha", 1 }, { (char *)"bravo", 1 }, { (char *)"kilo", 1 } };
	struct ak_link_doc doc = { 50, 400, NULL, 0 };
	struct fake f;
	struct ak_link_source src = { fake_df, fake_postings, fake_vector, &f };
	struct ak_link_result r;
	struct ak_error err = { 0, "" };

	(void)state;
	memset(&f, 0, sizeof(f));
	f.ndocs = 2;
	f.stored[0].id = 7;
	f.stored[0].days = 300;	/* a hundred days before */
	f.stored[0].t = wterms(st1, w1, 2);
	f.stored[0].n = 2;
	f.stored[1].id = 8;
	f.stored[1].days = -1;
	f.stored[1].t = wterms(st2, w2, 2);
	f.stored[1].n = 2;
	f.nstored = 2;
	f.dfs[0][0] = ak_link_term_id("alpha", 5);
	f.dfs[0][1] = 1;
	f.dfs[1][0] = ak_link_term_id("bravo", 5);
	f.dfs[1][1] = 1;
	f.ndfs = 2;
	doc.tf = ak_link_tf_of(a, 3, &doc.ntf);
	assert_int_equal(ak_link_batch(&doc, 1, &src, &r, &err), AK_OK);
	/* it lists 7 (shared terms), not 8 (none) */
	assert_int_equal(r.nlists, 1);
	assert_int_equal(r.lists[0].article, 50);
	assert_int_equal(r.lists[0].other, 7);
	/* a hundred days apart: related, however close */
	assert_false(r.lists[0].same_story);
	/* and 7 is offered it, with the same score */
	assert_int_equal(r.noffers, 1);
	assert_int_equal(r.offers[0].article, 7);
	assert_int_equal(r.offers[0].other, 50);
	assert_true(r.offers[0].score == r.lists[0].score);
	assert_int_equal(r.ndocs_add, 1);
	ak_link_result_release(&r);
	free(f.stored[0].t);
	free(f.stored[1].t);
	free((void *)doc.tf);
}

/* A stored vector is weighed again with today's frequencies: two stored
 * articles with the same counts score the same, whatever weights they
 * were stored with. */
static void
test_link_batch_weighs_stored_vectors_again(void **state)
{
	static const char *const st[] = { "alpha", "bravo" };
	static const float w1[] = { 0.99f, 0.14f }, w2[] = { 0.14f, 0.99f };
	struct ak_term a[] = { { (char *)"alpha", 2 }, { (char *)"bravo", 1 } };
	struct ak_link_doc doc = { 50, -1, NULL, 0 };
	struct fake f;
	struct ak_link_source src = { fake_df, fake_postings, fake_vector, &f };
	struct ak_link_result r;
	struct ak_error err = { 0, "" };
	size_t i;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.ndocs = 10;
	f.stored[0].id = 7;
	f.stored[0].days = -1;
	f.stored[0].t = wterms(st, w1, 2);
	f.stored[0].n = 2;
	f.stored[1].id = 8;
	f.stored[1].days = -1;
	f.stored[1].t = wterms(st, w2, 2);
	f.stored[1].n = 2;
	for (i = 0; i < 2; i++) {
		f.stored[i].t[0].tf = 3;
		f.stored[i].t[1].tf = 1;
	}
	f.nstored = 2;
	doc.tf = ak_link_tf_of(a, 2, &doc.ntf);
	assert_int_equal(ak_link_batch(&doc, 1, &src, &r, &err), AK_OK);
	assert_int_equal(r.nlists, 2);
	assert_true(fabs(r.lists[0].score - r.lists[1].score) < 1e-6);
	ak_link_result_release(&r);
	free(f.stored[0].t);
	free(f.stored[1].t);
	free((void *)doc.tf);
}

/* ---------------------------------------------------------------- listing */

static void
test_related_list_gives_refs_first_then_found_by_score(void **state)
{
	struct tu_cache *f = *state;
	struct ak_related *r = NULL;
	struct ak_error err = { 0, "" };
	struct ak_article a;
	struct ak_ref *ref;
	size_t n, i;
	int64_t h1, h2, h3, main_id;
	char *body;

	h1 = store_story(f->c, "hotel", 6, "hoa", 1);
	h2 = store_story(f->c, "hotel", 3, "hob", 4);
	h3 = store_story(f->c, "hotel", 5, "hoc", 2);

	body = story("hotel", 6, "hod", 1);
	make(&a, "hotel main", body, "test", NULL);
	free(body);
	ref = ak_article_add_ref(&a);
	ak_set_str(&ref->title, "A story not in the cache");
	ak_set_str(&ref->summary, "Its summary.");
	ref = ak_article_add_ref(&a);
	ak_set_str(&ref->title, "hotel hoc");	/* h3's title */
	main_id = store(f->c, &a);
	ak_article_release(&a);

	assert_int_equal(ak_related_list(f->c, main_id, &r, &n, &err), AK_OK);
	assert_int_equal(n, 4);	/* two refs, then h1 and h2 (h3 is a ref) */
	assert_int_equal(r[0].kind, AK_REL_REF);
	assert_int_equal(r[0].id, 0);
	assert_string_equal(r[0].title, "A story not in the cache");
	assert_string_equal(r[0].summary, "Its summary.");
	assert_int_equal(r[1].kind, AK_REL_REF);
	assert_int_equal(r[1].id, h3);
	assert_string_equal(r[1].publisher, "test");
	assert_int_equal(r[2].id, h1);
	assert_int_equal(r[3].id, h2);
	assert_true(r[2].score > r[3].score);
	for (i = 2; i < n; i++)
		assert_int_not_equal(r[i].kind, AK_REL_REF);
	ak_related_free_array(r, n);

	assert_int_equal(ak_related_list(f->c, 999, &r, &n, &err),
	    AK_ENOTFOUND);
}

/*
 * A batch large enough to be linked on two threads gives exactly what
 * one thread gives: the same vectors, lists and offers, in the same
 * order, with the same scores to the bit.
 */
static void
test_link_batch_two_threads_decide_as_one(void **state)
{
	enum { NDOCS = 300, NWORDS = 120, PER_DOC = 14 };
	static const char *const st[] = { "w1", "w2", "w3", "w4" };
	static const float sw[] = { 0.7f, 0.5f, 0.4f, 0.3f };
	struct ak_link_doc docs[NDOCS];
	struct ak_link_result r[2];
	struct fake f;
	struct ak_link_source src = { fake_df, fake_postings, fake_vector, &f };
	struct ak_error err = { 0, "" };
	struct ak_term t[PER_DOC];
	char words[PER_DOC][16];
	uint32_t seed = 12345;
	size_t i, j, k;

	(void)state;
	memset(&f, 0, sizeof(f));
	f.ndocs = 4;
	for (i = 0; i < 4; i++) {
		f.stored[i].id = 1000 + (int64_t)i;
		f.stored[i].days = 100;
		f.stored[i].t = wterms(st + i, sw + i, 1);
		f.stored[i].n = 1;
	}
	f.nstored = 4;
	for (i = 0; i < NDOCS; i++) {
		for (j = 0; j < PER_DOC; j++) {
			seed = seed * 1103515245u + 12345u;
			/* a few common words, many rare ones: stories */
			snprintf(words[j], sizeof(words[j]), "w%u",
			    (unsigned)(j < 3 ? (seed >> 16) % 8 + 1 :
			    (seed >> 16) % NWORDS + 1));
			t[j].term = words[j];
			t[j].tf = (int)((seed >> 8) % 3) + 1;
		}
		docs[i].id = (int64_t)i + 1;
		docs[i].days = 100 + (long)(i % 5);
		docs[i].tf = ak_link_tf_of(t, PER_DOC, &docs[i].ntf);
	}
	for (k = 0; k < 2; k++) {
		setenv("AKHBAR_LINK_THREADS", k == 0 ? "1" : "2", 1);
		assert_int_equal(ak_link_batch(docs, NDOCS, &src, &r[k], &err),
		    AK_OK);
	}
	unsetenv("AKHBAR_LINK_THREADS");
	assert_true(r[0].nlists > NDOCS);	/* they do link */
	assert_true(r[0].noffers > 0);
	assert_int_equal(r[0].nlists, r[1].nlists);
	assert_int_equal(r[0].noffers, r[1].noffers);
	for (i = 0; i < r[0].nlists + r[0].noffers; i++) {
		const struct ak_link_rel *x = i < r[0].nlists ?
		    &r[0].lists[i] : &r[0].offers[i - r[0].nlists];
		const struct ak_link_rel *y = i < r[0].nlists ?
		    &r[1].lists[i] : &r[1].offers[i - r[0].nlists];

		assert_int_equal(x->article, y->article);
		assert_int_equal(x->other, y->other);
		assert_memory_equal(&x->score, &y->score, sizeof(x->score));
		assert_int_equal(x->same_story, y->same_story);
	}
	assert_int_equal(r[0].nvecs, r[1].nvecs);
	for (i = 0; i < r[0].nvecs; i++) {
		assert_int_equal(r[0].vecs[i].n, r[1].vecs[i].n);
		assert_memory_equal(r[0].vecs[i].t, r[1].vecs[i].t,
		    r[0].vecs[i].n * sizeof(*r[0].vecs[i].t));
	}
	for (k = 0; k < 2; k++)
		ak_link_result_release(&r[k]);
	for (i = 0; i < NDOCS; i++)
		free((void *)docs[i].tf);
	for (i = 0; i < 4; i++)
		free(f.stored[i].t);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_cache_setup, tu_cache_teardown)
		T(test_link_terms_fold_and_stem_word_forms_together),
		T(test_link_terms_drop_stop_words_numbers_and_letters),
		T(test_link_terms_weight_names_in_quotes_up),
		T(test_link_terms_leave_out_refs_and_byline),
		T(test_link_tf_is_the_terms_by_id),
		T(test_link_similar_stories_are_related_and_others_not),
		T(test_link_rarer_terms_weigh_more),
		T(test_link_copy_from_another_paper_is_same_story),
		T(test_link_new_article_changes_exactly_the_lists_it_enters),
		T(test_link_full_list_drops_its_weakest_for_a_closer_story),
		T(test_link_updated_article_moves_to_its_new_neighbours),
		T(test_link_deleted_article_leaves_no_trace),
		T(test_related_list_gives_refs_first_then_found_by_score),
		T(test_link_batch_articles_of_one_batch_see_each_other),
		T(test_link_batch_offers_itself_to_stored_articles),
		T(test_link_batch_weighs_stored_vectors_again),
		T(test_link_batch_two_threads_decide_as_one),
#undef T
	};

	return cmocka_run_group_tests_name("link", tests, NULL, NULL);
}
