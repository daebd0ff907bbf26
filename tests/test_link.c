/*
 * Unit tests: related stories (term vectors, scoring, the incremental
 * update of neighbour lists, updates and deletions, the listing).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <cmocka.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/link.h"
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

/* Store and link a (as the importer does: one transaction). */
static int64_t
store(struct ak_cache *c, const struct ak_article *a)
{
	struct ak_error err = { 0, "" };
	enum ak_put_result res;
	int64_t id = 0;

	assert_int_equal(ak_cache_begin(c, &err), AK_OK);
	assert_int_equal(ak_cache_put(c, a, &id, &res, &err), AK_OK);
	assert_int_equal(ak_link_article(c, id, a, &err), AK_OK);
	assert_int_equal(ak_cache_commit(c, &err), AK_OK);
	return id;
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
	assert_int_equal(ak_link_terms(&a, &t, n, &err), AK_OK);
	ak_article_release(&a);
	return t;
}

/* All related rows as text "article other kind score", sorted. */
static char *
snapshot(struct ak_cache *c)
{
	struct ak_buf b = AK_BUF_INIT;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(ak_cache_db(c), "SELECT "
	    "article_id, other_id, kind, score FROM related ORDER BY "
	    "article_id, other_id", -1, &st, NULL), SQLITE_OK);
	while (sqlite3_step(st) == SQLITE_ROW)
		ak_buf_addf(&b, "%lld %lld %s %.6f\n",
		    (long long)sqlite3_column_int64(st, 0),
		    (long long)sqlite3_column_int64(st, 1),
		    (const char *)sqlite3_column_text(st, 2),
		    sqlite3_column_double(st, 3));
	sqlite3_finalize(st);
	return ak_buf_detach(&b, NULL);
}

/* The related rows of one article, "other kind score" lines. */
static char *
list_of(struct ak_cache *c, int64_t id)
{
	struct ak_buf b = AK_BUF_INIT;
	sqlite3_stmt *st;

	assert_int_equal(sqlite3_prepare_v2(ak_cache_db(c), "SELECT "
	    "other_id, kind, score FROM related WHERE article_id = ?1 "
	    "ORDER BY other_id", -1, &st, NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	while (sqlite3_step(st) == SQLITE_ROW)
		ak_buf_addf(&b, "%lld %s %.6f\n",
		    (long long)sqlite3_column_int64(st, 0),
		    (const char *)sqlite3_column_text(st, 1),
		    sqlite3_column_double(st, 2));
	sqlite3_finalize(st);
	return ak_buf_detach(&b, NULL);
}

static long
count_rows(struct ak_cache *c, const char *sql, int64_t id)
{
	sqlite3_stmt *st;
	long n = -1;

	assert_int_equal(sqlite3_prepare_v2(ak_cache_db(c), sql, -1, &st,
	    NULL), SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	if (sqlite3_step(st) == SQLITE_ROW)
		n = sqlite3_column_int64(st, 0);
	sqlite3_finalize(st);
	return n;
}

static int
in_list(struct ak_cache *c, int64_t id, int64_t other)
{
	sqlite3_stmt *st;
	int found;

	assert_int_equal(sqlite3_prepare_v2(ak_cache_db(c), "SELECT 1 FROM "
	    "related WHERE article_id = ?1 AND other_id = ?2", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	sqlite3_bind_int64(st, 2, other);
	found = sqlite3_step(st) == SQLITE_ROW;
	sqlite3_finalize(st);
	return found;
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
	assert_int_equal(ak_link_terms(&a, &t, &n, &err), AK_OK);
	assert_int_equal(n, 2);
	assert_int_equal(tf_of(t, n, "حلب"), 4);
	assert_int_equal(tf_of(t, n, "جيش"), 1);
	ak_link_terms_free(t, n);
	ak_article_release(&a);
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
	sqlite3_stmt *st;

	for (i = 0; i < 6; i++)
		id = store_story(f->c, "common", 1, i % 2 ? "odd" : "even", 3);
	/* "commonwba" is in all six, "evenxba"/"oddxba" in three */
	assert_int_equal(sqlite3_prepare_v2(ak_cache_db(f->c), "SELECT "
	    "t.term, p.weight FROM article_terms p JOIN terms t ON "
	    "t.id = p.term_id WHERE p.article_id = ?1", -1, &st, NULL),
	    SQLITE_OK);
	sqlite3_bind_int64(st, 1, id);
	common = rare = -1;
	while (sqlite3_step(st) == SQLITE_ROW) {
		const char *term = (const char *)sqlite3_column_text(st, 0);

		if (strcmp(term, "commonwba") == 0)
			common = sqlite3_column_double(st, 1);
		if (strcmp(term, "oddxba") == 0)
			rare = sqlite3_column_double(st, 1);
	}
	sqlite3_finalize(st);
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
	{
		sqlite3_stmt *st;

		sqlite3_prepare_v2(ak_cache_db(f->c), "SELECT min(score) FROM "
		    "related WHERE article_id = ?1", -1, &st, NULL);
		sqlite3_bind_int64(st, 1, ids[0]);
		sqlite3_step(st);
		weakest_before = sqlite3_column_double(st, 0);
		sqlite3_finalize(st);
	}
	/* x: ids[0]'s words exactly, a closer story than any */
	{
		char *body = story("gamma", 6, "gaa", 3);

		x = store_new(f->c, "gaa gamma", body);	/* not ids[0] again */
		free(body);
	}
	assert_true(in_list(f->c, ids[0], x));
	assert_int_equal(count_rows(f->c, "SELECT count(*) FROM related "
	    "WHERE article_id = ?1", ids[0]), AK_LINK_MAX);
	{
		sqlite3_stmt *st;

		sqlite3_prepare_v2(ak_cache_db(f->c), "SELECT min(score) FROM "
		    "related WHERE article_id = ?1", -1, &st, NULL);
		sqlite3_bind_int64(st, 1, ids[0]);
		sqlite3_step(st);
		weakest_after = sqlite3_column_double(st, 0);
		sqlite3_finalize(st);
	}
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
	free(body);
	id = store(f->c, &a);
	assert_true(in_list(f->c, d1, id) && in_list(f->c, id, d2));
	assert_false(in_list(f->c, e1, id));

	/* the same identity (publisher + title), another text */
	ak_article_release(&a);
	body = story("echo", 6, "ecc", 2);
	make(&a, "moving", body, "test", NULL);
	free(body);
	assert_int_equal(store(f->c, &a), id);
	ak_article_release(&a);
	assert_false(in_list(f->c, d1, id));
	assert_false(in_list(f->c, id, d2));
	assert_true(in_list(f->c, e1, id) && in_list(f->c, id, e2));
	/* its postings are the new ones only */
	assert_int_equal(count_rows(f->c, "SELECT count(*) FROM "
	    "article_terms p JOIN terms t ON t.id = p.term_id WHERE "
	    "p.article_id = ?1 AND t.term LIKE 'delta%'", id), 0);
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
	assert_int_equal(count_rows(f->c, "SELECT count(*) FROM article_terms "
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

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(fn) cmocka_unit_test_setup_teardown(fn, tu_cache_setup, tu_cache_teardown)
		T(test_link_terms_fold_and_stem_word_forms_together),
		T(test_link_terms_drop_stop_words_numbers_and_letters),
		T(test_link_terms_weight_names_in_quotes_up),
		T(test_link_terms_leave_out_refs_and_byline),
		T(test_link_similar_stories_are_related_and_others_not),
		T(test_link_rarer_terms_weigh_more),
		T(test_link_copy_from_another_paper_is_same_story),
		T(test_link_new_article_changes_exactly_the_lists_it_enters),
		T(test_link_full_list_drops_its_weakest_for_a_closer_story),
		T(test_link_updated_article_moves_to_its_new_neighbours),
		T(test_link_deleted_article_leaves_no_trace),
		T(test_related_list_gives_refs_first_then_found_by_score),
#undef T
	};

	return cmocka_run_group_tests_name("link", tests, NULL, NULL);
}
