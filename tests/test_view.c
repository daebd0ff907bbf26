/*
 * Unit tests: the view logic that needs no terminal: selection and
 * scrolling, the history of what was read, labels, dates and digits,
 * marks kept while another process writes to the cache.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/keys.h"
#include "akhbar/options.h"
#include "akhbar/view.h"
#include "testutil.h"

static const struct ak_view_ops list_like = {
	.name = "test-list", .keymap = AK_MAP_LIST, .selectable = 1,
};
static const struct ak_view_ops text_like = {
	.name = "test-text", .keymap = AK_MAP_ARTICLE, .selectable = 0,
};

static struct ak_view
mkview(const struct ak_view_ops *ops, size_t nlines, int height)
{
	struct ak_view v;

	memset(&v, 0, sizeof v);
	v.ops = ops;
	v.nlines = nlines;
	v.height = height;
	v.width = 80;
	return v;
}

static void
nav(struct ak_view *v, enum ak_action a, int times)
{
	while (times-- > 0)
		assert_true(ak_view_navigate(v, a));
}

static void
test_selection_moves_and_the_page_follows(void **state)
{
	struct ak_view v = mkview(&list_like, 100, 10);

	(void)state;
	nav(&v, AK_ACT_NEXT, 3);
	assert_int_equal(v.sel, 3);
	assert_int_equal(v.top, 0);
	nav(&v, AK_ACT_NEXT, 7);
	assert_int_equal(v.sel, 10);
	assert_int_equal(v.top, 1);	/* just enough to show it */
	nav(&v, AK_ACT_PREV, 10);
	assert_int_equal(v.sel, 0);
	assert_int_equal(v.top, 0);
	nav(&v, AK_ACT_PREV, 1);	/* stays at the first line */
	assert_int_equal(v.sel, 0);
}

static void
test_selection_pages_keep_the_cursor_row(void **state)
{
	struct ak_view v = mkview(&list_like, 100, 10);

	(void)state;
	nav(&v, AK_ACT_NEXT, 3);
	nav(&v, AK_ACT_PAGE_DOWN, 1);
	assert_int_equal(v.top, 10);
	assert_int_equal(v.sel, 13);
	nav(&v, AK_ACT_PAGE_DOWN, 20);	/* to the end and no further */
	assert_int_equal(v.top, 90);
	assert_int_equal(v.sel, 99);
	nav(&v, AK_ACT_PAGE_UP, 1);
	assert_int_equal(v.top, 80);
	assert_int_equal(v.sel, 89);
	nav(&v, AK_ACT_PAGE_UP, 20);
	assert_int_equal(v.top, 0);
	assert_int_equal(v.sel, 0);
	nav(&v, AK_ACT_LAST, 1);
	assert_int_equal(v.sel, 99);
	assert_int_equal(v.top, 90);
	nav(&v, AK_ACT_FIRST, 1);
	assert_int_equal(v.sel, 0);
	assert_int_equal(v.top, 0);
}

static void
test_short_list_never_scrolls(void **state)
{
	struct ak_view v = mkview(&list_like, 4, 10);

	(void)state;
	nav(&v, AK_ACT_PAGE_DOWN, 1);
	assert_int_equal(v.sel, 3);
	assert_int_equal(v.top, 0);
	nav(&v, AK_ACT_NEXT, 5);
	assert_int_equal(v.sel, 3);
	assert_int_equal(v.top, 0);
	assert_int_equal(ak_view_max_top(&v), 0);
}

static void
test_empty_view_is_safe(void **state)
{
	struct ak_view v = mkview(&list_like, 0, 10);
	enum ak_action a;

	(void)state;
	for (a = AK_ACT_NEXT; a <= AK_ACT_LAST; a++)
		assert_true(ak_view_navigate(&v, a));
	assert_int_equal(v.sel, 0);
	assert_int_equal(v.top, 0);
	assert_false(ak_view_navigate(&v, AK_ACT_OPEN));
	v = mkview(&text_like, 0, 0);	/* a window with no rows */
	nav(&v, AK_ACT_PAGE_DOWN, 1);
	assert_int_equal(v.top, 0);
}

static void
test_text_scrolls_without_a_cursor(void **state)
{
	struct ak_view v = mkview(&text_like, 50, 20);

	(void)state;
	nav(&v, AK_ACT_NEXT, 2);
	assert_int_equal(v.top, 2);
	nav(&v, AK_ACT_PAGE_DOWN, 1);
	assert_int_equal(v.top, 22);
	nav(&v, AK_ACT_PAGE_DOWN, 1);	/* the last page is full */
	assert_int_equal(v.top, 30);
	nav(&v, AK_ACT_NEXT, 1);
	assert_int_equal(v.top, 30);
	nav(&v, AK_ACT_PAGE_UP, 1);
	assert_int_equal(v.top, 10);
	nav(&v, AK_ACT_FIRST, 1);
	assert_int_equal(v.top, 0);
	nav(&v, AK_ACT_LAST, 1);
	assert_int_equal(v.top, 30);
}

static void
test_clamp_after_the_window_or_the_list_shrinks(void **state)
{
	struct ak_view v = mkview(&list_like, 100, 10);

	(void)state;
	ak_view_select(&v, 95);
	assert_int_equal(v.top, 86);
	v.height = 30;			/* taller terminal */
	ak_view_clamp(&v);
	assert_int_equal(v.sel, 95);
	assert_int_equal(v.top, 70);	/* no blank rows below the end */
	v.height = 5;			/* smaller: the cursor stays visible */
	ak_view_clamp(&v);
	assert_true(v.sel >= v.top && v.sel < v.top + 5);
	v.nlines = 20;			/* fewer articles */
	ak_view_clamp(&v);
	assert_int_equal(v.sel, 19);
	assert_int_equal(v.top, 15);
	ak_view_scroll_to(&v, 2);
	assert_int_equal(v.top, 15);	/* the selection pulls it back */
	v = mkview(&text_like, 20, 5);
	ak_view_scroll_to(&v, 100);
	assert_int_equal(v.top, 15);
}

static void
test_history_goes_back_and_forward(void **state)
{
	struct ak_history h;
	struct ak_hist_entry *e;

	(void)state;
	ak_history_init(&h);
	assert_null(ak_history_current(&h));
	assert_null(ak_history_back(&h));
	ak_history_push(&h, 1, NULL, 1, -1);
	ak_history_push(&h, 2, "حلب", 1, 0);
	e = ak_history_push(&h, 3, NULL, 1, 1);
	assert_int_equal(e->id, 3);
	e->top = 42;
	assert_int_equal(h.cur, 2);
	e = ak_history_back(&h);
	assert_int_equal(e->id, 2);
	assert_string_equal(e->query, "حلب");
	assert_int_equal(e->origin, 1);
	assert_int_equal(e->relidx, 0);
	e = ak_history_back(&h);
	assert_int_equal(e->id, 1);
	assert_null(ak_history_back(&h));	/* back to the list */
	assert_int_equal(h.cur, -1);
	assert_null(ak_history_current(&h));
	assert_null(ak_history_back(&h));
	e = ak_history_forward(&h);
	assert_int_equal(e->id, 1);
	ak_history_forward(&h);
	e = ak_history_forward(&h);
	assert_int_equal(e->id, 3);
	assert_int_equal(e->top, 42);		/* the place is kept */
	assert_null(ak_history_forward(&h));
	assert_int_equal(ak_history_current(&h)->id, 3);
	ak_history_release(&h);
}

static void
test_history_push_after_back_drops_the_forward_entries(void **state)
{
	struct ak_history h;

	(void)state;
	ak_history_init(&h);
	ak_history_push(&h, 1, NULL, 1, -1);
	ak_history_push(&h, 2, "q", 1, 0);
	ak_history_push(&h, 3, "q", 1, 1);
	ak_history_back(&h);
	ak_history_back(&h);
	ak_history_push(&h, 9, NULL, 1, 4);
	assert_int_equal(h.n, 2);
	assert_int_equal(ak_history_current(&h)->id, 9);
	assert_null(ak_history_forward(&h));
	/* from the list (cur -1), a new article starts afresh */
	ak_history_back(&h);
	ak_history_back(&h);
	ak_history_push(&h, 5, NULL, 5, -1);
	assert_int_equal(h.n, 1);
	ak_history_release(&h);
}

static void
test_history_keeps_the_latest_entries(void **state)
{
	struct ak_history h;
	int64_t i;

	(void)state;
	ak_history_init(&h);
	for (i = 1; i <= AK_HISTORY_MAX + 50; i++)
		ak_history_push(&h, i, "x", i, -1);
	assert_int_equal(h.n, AK_HISTORY_MAX);
	assert_int_equal(ak_history_current(&h)->id, AK_HISTORY_MAX + 50);
	assert_int_equal(h.e[0].id, 51);
	ak_history_release(&h);
}

struct rfx {
	struct ak_options o;
	struct ak_keymap km;
	struct ak_reader r;
};

static int
rsetup(void **state)
{
	struct rfx *f = calloc(1, sizeof *f);

	ak_options_init(&f->o);
	ak_keymap_init(&f->km);
	f->o.language = AK_LANG_EN;
	ak_reader_init(&f->r, NULL, &f->o, &f->km);
	*state = f;
	return 0;
}

static int
rteardown(void **state)
{
	struct rfx *f = *state;

	ak_reader_release(&f->r);
	ak_keymap_release(&f->km);
	ak_options_release(&f->o);
	free(f);
	return 0;
}

/* Start again with other options (the formatters are opened lazily). */
static void
reinit(struct rfx *f)
{
	ak_reader_release(&f->r);
	ak_reader_init(&f->r, NULL, &f->o, &f->km);
}

static void
test_labels_follow_the_interface_language(void **state)
{
	struct rfx *f = *state;

	assert_string_equal(ak_label(&f->r, AK_L_ARTICLES), "Articles");
	f->o.language = AK_LANG_AR;
	reinit(f);
	assert_string_equal(ak_label(&f->r, AK_L_ARTICLES), "الأخبار");
	assert_string_equal(ak_label(&f->r, AK_L_RELATED), "قصص ذات صلة");
}

static void
test_dates_in_english_and_arabic(void **state)
{
	struct rfx *f = *state;
	struct ak_buf b = AK_BUF_INIT;

	assert_int_equal(ak_reader_date(&f->r, "2024-09-13", 0, &b), 0);
	assert_string_equal(ak_buf_str(&b), "Sep 13, 2024");
	ak_buf_reset(&b);
	/* no time known: the day alone, whatever is asked */
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13", AK_DATE_TIME,
		&b), 0);
	assert_string_equal(ak_buf_str(&b), "Sep 13, 2024");
	ak_buf_reset(&b);
	/* a time with a zone: in the local zone (TZ, Riyadh: +03:00) */
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13T22:30:00+03:00",
		AK_DATE_TIME, &b), 0);
	assert_string_equal(ak_buf_str(&b), "Sep 13, 2024, 22:30");
	ak_buf_reset(&b);
	assert_int_equal(ak_reader_date(&f->r, "2015-07-20T23:51:35Z",
		AK_DATE_TIME, &b), 0);
	assert_string_equal(ak_buf_str(&b), "Jul 21, 2015, 02:51");
	ak_buf_reset(&b);
	/* ... and the day alone is the local day too */
	assert_int_equal(ak_reader_date(&f->r, "2015-07-20T23:51:35Z", 0, &b),
		0);
	assert_string_equal(ak_buf_str(&b), "Jul 21, 2015");
	ak_buf_reset(&b);
	/* a time without a zone: as written */
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13T22:30",
		AK_DATE_TIME, &b), 0);
	assert_string_equal(ak_buf_str(&b), "Sep 13, 2024, 22:30");
	ak_buf_reset(&b);
	/* a time that cannot be read leaves the day */
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13T2x:30",
		AK_DATE_TIME, &b), 0);
	assert_string_equal(ak_buf_str(&b), "Sep 13, 2024");
	ak_buf_reset(&b);
	/* the list's columns: the widest date, with and without the time */
	assert_int_equal(ak_reader_date_width(&f->r, 0), 12);
	assert_int_equal(ak_reader_date_width(&f->r, 1), 19);
	assert_int_equal(ak_reader_date(&f->r, "yesterday", 0, &b), -1);
	assert_int_equal(ak_reader_date(&f->r, NULL, 0, &b), -1);
	assert_int_equal(ak_reader_date(&f->r, "2024-13-01", 0, &b), -1);

	f->o.language = AK_LANG_AR;
	f->o.hijri = 1;
	reinit(f);
	ak_buf_reset(&b);
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13", 0, &b), 0);
	assert_non_null(strstr(ak_buf_str(&b), "سبتمبر"));
	assert_non_null(strstr(ak_buf_str(&b), "2024"));
	ak_buf_reset(&b);
	assert_int_equal(ak_reader_date(&f->r, "2026-01-01", AK_DATE_HIJRI,
		&b), 0);
	/* Gregorian, then Umm al-Qura: 12 Rajab 1447 */
	assert_non_null(strstr(ak_buf_str(&b), "يناير"));
	assert_non_null(strstr(ak_buf_str(&b), "رجب"));
	assert_non_null(strstr(ak_buf_str(&b), "1447"));

	f->o.digits = AK_DIGITS_ARABIC;
	reinit(f);
	ak_buf_reset(&b);
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13", 0, &b), 0);
	assert_non_null(strstr(ak_buf_str(&b), "٢٠٢٤"));
	ak_buf_reset(&b);
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13T22:30:00+03:00",
		AK_DATE_TIME, &b), 0);
	assert_string_equal(ak_buf_str(&b), "١٣ سبتمبر ٢٠٢٤، ٢٢:٣٠");
	ak_buf_release(&b);
}

static void
test_date_format_takes_a_skeleton_or_a_style(void **state)
{
	struct rfx *f = *state;
	struct ak_buf b = AK_BUF_INIT;

	free(f->o.date_format);
	f->o.date_format = strdup("MMMd");
	reinit(f);
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13", 0, &b), 0);
	assert_string_equal(ak_buf_str(&b), "Sep 13");
	free(f->o.date_format);
	f->o.date_format = strdup("short");
	reinit(f);
	ak_buf_reset(&b);
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13", 0, &b), 0);
	assert_string_equal(ak_buf_str(&b), "9/13/24");
	/* not a skeleton: the default, and a word in the status line */
	free(f->o.date_format);
	f->o.date_format = strdup("تاريخ");
	reinit(f);
	ak_buf_reset(&b);
	assert_int_equal(ak_reader_date(&f->r, "2024-09-13", 0, &b), 0);
	assert_string_equal(ak_buf_str(&b), "Sep 13, 2024");
	assert_non_null(strstr(f->r.status, "date-format"));
	assert_true(f->r.status_error);
	ak_buf_release(&b);
}

static void
test_default_date_patterns_are_what_icu_makes(void **state)
{
	char pat[128];

	(void)state;
	assert_int_equal(ak_dates_pattern("en", "yMMMd", pat, sizeof pat), 0);
	assert_string_equal(pat, "MMM d, y");
	assert_int_equal(ak_dates_pattern("ar", "yMMMd", pat, sizeof pat), 0);
	assert_string_equal(pat, "d MMM y");
	assert_int_equal(ak_dates_pattern("en", "yMMMdHm", pat, sizeof pat),
		0);
	assert_string_equal(pat, "MMM d, y, HH:mm");
	assert_int_equal(ak_dates_pattern("ar", "yMMMdHm", pat, sizeof pat),
		0);
	assert_string_equal(pat, "d MMM y، HH:mm");
}

static void
test_numbers_in_the_chosen_digits(void **state)
{
	struct rfx *f = *state;
	struct ak_buf b = AK_BUF_INIT;

	ak_reader_number(&f->r, 2500, &b);
	assert_string_equal(ak_buf_str(&b), "2500");
	f->o.digits = AK_DIGITS_ARABIC;
	ak_buf_reset(&b);
	ak_reader_number(&f->r, 2500, &b);
	assert_string_equal(ak_buf_str(&b), "٢٥٠٠");
	ak_buf_reset(&b);
	ak_reader_digits(&f->r, "5 of 12%", &b);
	assert_string_equal(ak_buf_str(&b), "٥ of ١٢%");
	ak_buf_release(&b);
}

static int64_t
put_one(struct ak_cache *c, const char *title)
{
	struct ak_error err = { 0, "" };
	struct ak_article a;
	enum ak_put_result res;
	int64_t id = 0;

	ak_article_init(&a);
	ak_set_str(&a.title, title);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, "نص.", strlen("نص."),
	    NULL);
	assert_int_equal(ak_cache_begin(c, &err), AK_OK);
	assert_int_equal(tu_put(c, &a, &id, &res, &err), AK_OK);
	assert_int_equal(ak_cache_commit(c, &err), AK_OK);
	ak_article_release(&a);
	return id;
}

/*
 * Another connection holds the write lock (as an import does): marks are
 * kept, shown, changed again, and written once the lock is gone.  A mark
 * for an article deleted meanwhile is dropped without a word; marks a
 * read-only cache cannot take are said and dropped.
 */
static void
test_marks_wait_for_a_busy_cache_not_the_reader(void **state)
{
	struct tu_cache *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_options o;
	struct ak_keymap km;
	struct ak_reader r;
	struct ak_counts n;
	sqlite3 *other;
	char path[4200];
	int64_t a = put_one(f->c, "أ"), b = put_one(f->c, "ب");
	int rd = 0, st = 0;

	ak_options_init(&o);
	ak_keymap_init(&km);
	ak_reader_init(&r, f->c, &o, &km);
	snprintf(path, sizeof path, "%s/akhbar.db", f->dir);
	assert_int_equal(sqlite3_open(path, &other), SQLITE_OK);
	assert_int_equal(sqlite3_exec(other, "BEGIN IMMEDIATE", NULL, NULL,
	    NULL), SQLITE_OK);

	/* not written, not waited for: kept */
	ak_reader_set_flag(&r, a, AK_FLAG_READ, 0, 1);
	ak_reader_set_flag(&r, b, AK_FLAG_STARRED, 0, 1);
	assert_int_equal(r.npending, 2);
	ak_reader_flags(&r, a, &rd, &st);
	assert_int_equal(rd, 1);
	assert_int_equal(st, 0);
	assert_int_equal(ak_reader_pending_delta(&r, AK_FLAG_READ), -1);
	assert_int_equal(ak_reader_pending_delta(&r, AK_FLAG_STARRED), 1);
	/* toggled back before it was written: nothing to write */
	ak_reader_set_flag(&r, a, AK_FLAG_READ, 1, 0);
	assert_int_equal(r.npending, 1);
	assert_int_equal(ak_reader_pending_delta(&r, AK_FLAG_READ), 0);
	ak_reader_set_flag(&r, a, AK_FLAG_READ, 0, 1);
	assert_int_equal(ak_reader_flush(&r, 0, &err), AK_EBUSY);
	assert_int_equal(r.npending, 2);
	assert_int_equal(ak_cache_counts(f->c, &n, &err), AK_OK);
	assert_int_equal(n.unread, 2);

	assert_int_equal(sqlite3_exec(other, "COMMIT", NULL, NULL, NULL),
	    SQLITE_OK);
	assert_int_equal(ak_reader_flush(&r, 0, &err), AK_OK);
	assert_int_equal(r.npending, 0);
	assert_int_equal(ak_cache_counts(f->c, &n, &err), AK_OK);
	assert_int_equal(n.unread, 1);
	assert_int_equal(n.starred, 1);
	/* a free cache: written by the next flush (after the screen) */
	ak_reader_set_flag(&r, b, AK_FLAG_READ, 0, 1);
	assert_int_equal(r.npending, 1);
	assert_int_equal(ak_reader_flush(&r, 0, &err), AK_OK);
	assert_int_equal(r.npending, 0);
	assert_int_equal(ak_cache_counts(f->c, &n, &err), AK_OK);
	assert_int_equal(n.unread, 0);
	/* a mark for an article deleted meanwhile: nothing to write */
	ak_reader_set_flag(&r, 999999, AK_FLAG_STARRED, 0, 1);
	assert_int_equal(ak_reader_flush(&r, 0, &err), AK_OK);
	assert_int_equal(r.npending, 0);
	ak_reader_release(&r);

	/* a cache that cannot be written: said once, all marks dropped */
	{
		struct ak_cache *ro = NULL;

		assert_int_equal(ak_cache_open(path, AK_CACHE_READONLY, &ro,
		    &err), AK_OK);
		ak_reader_init(&r, ro, &o, &km);
		ak_reader_set_flag(&r, a, AK_FLAG_READ, 1, 0);
		ak_reader_set_flag(&r, b, AK_FLAG_STARRED, 1, 0);
		memset(&err, 0, sizeof err);
		assert_int_equal(ak_reader_flush(&r, 0, &err), AK_EREADONLY);
		assert_non_null(strstr(err.msg, "read-only"));
		assert_int_equal(r.npending, 0);
		ak_reader_release(&r);
		ak_cache_close(ro);
	}
	assert_int_equal(ak_cache_counts(f->c, &n, &err), AK_OK);
	assert_int_equal(n.unread, 0);
	assert_int_equal(n.starred, 1);

	sqlite3_close(other);
	ak_keymap_release(&km);
	ak_options_release(&o);
}

/*
 * language auto: the newest titles decide (most right to left: Arabic),
 * whatever the locale; the locale only when they cannot say; `set
 * language` always.
 */
static void
test_language_follows_the_titles_unless_set(void **state)
{
	struct tu_cache *f = *state;
	struct ak_options o;
	char *lc_all = getenv("LC_ALL") ? strdup(getenv("LC_ALL")) : NULL;

	ak_options_init(&o);
	setenv("LC_ALL", "", 1);
	setenv("LANG", "en_US.UTF-8", 1);
	assert_int_equal(ak_reader_content_rtl(f->c), -1);	/* empty */
	assert_false(ak_reader_arabic(&o, f->c));
	setenv("LANG", "ar_EG.UTF-8", 1);
	assert_true(ak_reader_arabic(&o, f->c));
	setenv("LANG", "en_US.UTF-8", 1);
	put_one(f->c, "صاروخان يؤجلان انسحاب التحالف");
	put_one(f->c, "«الاتحاد» يعلن نتائج الاجتماع");	/* « is neutral */
	put_one(f->c, "Markets open higher");
	assert_int_equal(ak_reader_content_rtl(f->c), 1);
	assert_true(ak_reader_arabic(&o, f->c));
	o.language = AK_LANG_EN;
	assert_false(ak_reader_arabic(&o, f->c));
	o.language = AK_LANG_AUTO;
	put_one(f->c, "Oil prices fall");
	assert_int_equal(ak_reader_content_rtl(f->c), -1);	/* 2 and 2 */
	assert_false(ak_reader_arabic(&o, f->c));		/* the locale */
	put_one(f->c, "2024: a year in review");	/* the first letter */
	setenv("LANG", "ar_EG.UTF-8", 1);
	assert_int_equal(ak_reader_content_rtl(f->c), 0);
	assert_false(ak_reader_arabic(&o, f->c));
	if (lc_all)
		setenv("LC_ALL", lc_all, 1);
	else
		unsetenv("LC_ALL");
	free(lc_all);
	ak_options_release(&o);
}

int
main(void)
{
	/* the local time zone of the dates (before ICU reads it) */
	setenv("TZ", "Asia/Riyadh", 1);
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_selection_moves_and_the_page_follows),
		cmocka_unit_test(test_selection_pages_keep_the_cursor_row),
		cmocka_unit_test(test_short_list_never_scrolls),
		cmocka_unit_test(test_empty_view_is_safe),
		cmocka_unit_test(test_text_scrolls_without_a_cursor),
		cmocka_unit_test(
			test_clamp_after_the_window_or_the_list_shrinks),
		cmocka_unit_test(test_history_goes_back_and_forward),
		cmocka_unit_test(
			test_history_push_after_back_drops_the_forward_entries),
		cmocka_unit_test(test_history_keeps_the_latest_entries),
		cmocka_unit_test_setup_teardown(
			test_labels_follow_the_interface_language, rsetup,
			rteardown),
		cmocka_unit_test_setup_teardown(
			test_dates_in_english_and_arabic, rsetup, rteardown),
		cmocka_unit_test_setup_teardown(
			test_date_format_takes_a_skeleton_or_a_style, rsetup,
			rteardown),
		cmocka_unit_test(
			test_default_date_patterns_are_what_icu_makes),
		cmocka_unit_test_setup_teardown(
			test_numbers_in_the_chosen_digits, rsetup, rteardown),
		cmocka_unit_test_setup_teardown(
			test_marks_wait_for_a_busy_cache_not_the_reader,
			tu_cache_setup, tu_cache_teardown),
		cmocka_unit_test_setup_teardown(
			test_language_follows_the_titles_unless_set,
			tu_cache_setup, tu_cache_teardown),
	};

	return cmocka_run_group_tests_name("view", tests, NULL, NULL);
}
