/*
 * The feeds view: every feed, then every publisher, with its unread and
 * total articles (counts the cache keeps by triggers: no scan), sorted as
 * `set feed-sort` says; a feed whose last update failed says so.  Enter
 * opens the list of the feed's (or the publisher's) articles, q comes
 * back; n goes to the next one with unread articles, A marks one read.
 * Headings between the two parts are never selected.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/keys.h"
#include "akhbar/options.h"
#include "akhbar/screen.h"
#include "akhbar/view.h"

#define MARK_UNREAD "\u25cf"	/* ● */

/* The view's own words (English, Arabic). */
enum { W_FEEDS, W_PUBLISHERS, W_FAILED };
static const char *const words[][2] = {
	{ "Feeds", "المصادر" },
	{ "Publishers", "الناشرون" },
	{ "update failed", "فشل التحديث" },
};

static const char *
word(const struct ak_reader *r, int w)
{
	return words[w][r->arabic ? 1 : 0];
}
#define COUNT_W 16		/* "12,345 / 110,190" */
#define STATUS_W 14

struct item {
	int heading;		/* a heading line (never selected) */
	int publisher;
	int64_t id;
	char *name;
	char *error;		/* the last update's, or NULL */
	long articles, unread;
};

struct feeds {
	struct ak_view v;
	struct item *it;
	size_t n, cap;
	long nfeeds, npublishers;
};

static const enum ak_action feeds_hints[] = {
	AK_ACT_OPEN, AK_ACT_UPDATE, AK_ACT_NEXT_UNREAD, AK_ACT_MARK_ALL_READ,
	AK_ACT_HELP, AK_ACT_BACK, AK_ACT_NONE
};

static struct item *
add(struct feeds *f)
{
	if (f->n == f->cap) {
		f->cap = f->cap ? 2 * f->cap : 64;
		f->it = ak_xreallocarray(f->it, f->cap, sizeof *f->it);
	}
	memset(&f->it[f->n], 0, sizeof *f->it);
	return &f->it[f->n++];
}

static int
add_group(void *ctx, const struct ak_group *g)
{
	struct feeds *f = ctx;
	struct item *x = add(f);

	x->publisher = g->publisher;
	x->id = g->id;
	x->name = ak_xstrdup(g->name ? g->name : "?");
	x->error = g->status && strcmp(g->status, "error") == 0 ?
		ak_xstrdup(g->error ? g->error : "error") : NULL;
	x->articles = g->articles;
	x->unread = g->unread;
	return AK_OK;
}

static void
clear(struct feeds *f)
{
	size_t i;

	for (i = 0; i < f->n; i++) {
		free(f->it[i].name);
		free(f->it[i].error);
	}
	f->n = 0;
}

static enum ak_sort sort_by;

static int
cmp_items(const void *a, const void *b)
{
	const struct item *x = a, *y = b;

	if (sort_by == AK_SORT_UNREAD && x->unread != y->unread)
		return x->unread > y->unread ? -1 : 1;
	if (sort_by == AK_SORT_NAME || sort_by == AK_SORT_UNREAD) {
		int c = strcmp(x->name, y->name);

		if (c)
			return c;
	}
	return x->id < y->id ? -1 : x->id > y->id;
}

/* Read the feeds and publishers again, keeping the cursor's one. */
static void
load(struct feeds *f)
{
	struct ak_reader *r = f->v.r;
	struct ak_error err = { 0, "" };
	struct item *x, keep = { 0, 0, 0, NULL, NULL, 0, 0 };
	size_t first, i;

	if (f->v.sel < f->n) {
		keep = f->it[f->v.sel];
		keep.name = NULL;
	}
	clear(f);
	sort_by = r->opts->feed_sort;
	x = add(f);
	x->heading = 1;
	x->name = ak_xstrdup(word(r, W_FEEDS));
	first = f->n;
	if (ak_cache_groups(r->cache, 0, add_group, f, &err) != AK_OK)
		ak_reader_error(r, "%s", err.msg);
	f->nfeeds = (long)(f->n - first);
	qsort(f->it + first, f->n - first, sizeof *f->it, cmp_items);
	x = add(f);
	x->heading = 1;
	x->name = ak_xstrdup(word(r, W_PUBLISHERS));
	first = f->n;
	if (ak_cache_groups(r->cache, 1, add_group, f, &err) != AK_OK)
		ak_reader_error(r, "%s", err.msg);
	f->npublishers = (long)(f->n - first);
	qsort(f->it + first, f->n - first, sizeof *f->it, cmp_items);
	f->v.nlines = f->n;
	/* the same feed or publisher under the cursor, else the first */
	f->v.sel = 1;
	for (i = 0; i < f->n; i++)
		if (!f->it[i].heading && f->it[i].id == keep.id &&
		    f->it[i].publisher == keep.publisher && keep.id) {
			f->v.sel = i;
			break;
		}
	if (f->v.sel < f->n && f->it[f->v.sel].heading)
		f->v.sel++;
	ak_view_clamp(&f->v);
	/* the heading above the cursor shows with it: opened before its
	 * height is known, the view had put the first feed on top */
	if (f->v.top == f->v.sel && f->v.sel > 0 &&
	    f->it[f->v.sel - 1].heading)
		f->v.top--;
}

/* Counts as "unread / total" in the chosen digits. */
static void
counts(struct ak_reader *r, const struct item *x, struct ak_buf *b)
{
	ak_reader_number(r, x->unread, b);
	ak_buf_addstr(b, " / ");
	ak_reader_number(r, x->articles, b);
}

static void
feeds_draw_line(struct ak_view *v, size_t lineno, int row, int selected)
{
	struct feeds *f = (struct feeds *)v;
	struct ak_reader *r = v->r;
	struct ak_buf b = AK_BUF_INIT;
	const struct item *x;
	int W = v->width, over = selected ? AK_C_CURSOR : -1, rtl = r->arabic;
	int cw = W >= 40 ? COUNT_W : 0, sw = W >= 60 ? STATUS_W : 0;
	int nw = W - 3 - (cw ? cw + 1 : 0) - (sw ? sw + 1 : 0);

	if (lineno >= f->n)
		return;
	x = &f->it[lineno];
	if (x->heading) {
		ak_buf_addstr(&b, x->name);
		ak_buf_addstr(&b, " · ");
		ak_reader_number(r, lineno == 0 ? f->nfeeds : f->npublishers,
			&b);
		ak_screen_text(row, 1, W - 2, ak_buf_str(&b), rtl ?
			AK_DIR_RTL : AK_DIR_LTR, AK_ALIGN_NATURAL,
			AK_C_HEADING, -1);
		ak_buf_release(&b);
		return;
	}
	if (selected)
		ak_screen_fill(row, 0, W, AK_C_CURSOR);
	if (x->unread > 0)
		ak_screen_text(row, rtl ? W - 1 : 0, 1, MARK_UNREAD,
			AK_DIR_LTR, AK_ALIGN_LEFT, AK_C_MARK, over);
	if (nw < 1)
		nw = 1;
	/* marks, name, status, counts: from the interface's side */
	ak_screen_text(row, rtl ? W - 3 - nw : 3, nw, x->name, AK_DIR_AUTO,
		rtl ? AK_ALIGN_RIGHT : AK_ALIGN_LEFT, x->unread ?
		AK_C_UNREAD : AK_C_READ, over);
	if (sw && x->error)
		ak_screen_text(row, rtl ? cw + (cw ? 1 : 0) : 3 + nw + 1, sw,
			word(r, W_FAILED), AK_DIR_AUTO,
			AK_ALIGN_NATURAL, AK_C_ERROR, over);
	if (cw) {
		counts(r, x, &b);
		ak_screen_text(row, rtl ? 0 : W - cw, cw, ak_buf_str(&b),
			AK_DIR_LTR, rtl ? AK_ALIGN_LEFT : AK_ALIGN_RIGHT,
			AK_C_DATE, over);
	}
	ak_buf_release(&b);
}

static void
feeds_title(struct ak_view *v, struct ak_buf *b)
{
	struct feeds *f = (struct feeds *)v;
	long unread = 0;
	size_t i;

	ak_buf_addstr(b, word(v->r, W_FEEDS));
	for (i = 0; i < f->n; i++)
		if (!f->it[i].heading && f->it[i].publisher)
			unread += f->it[i].unread;
	ak_buf_addstr(b, " · ");
	if (v->r->arabic) {
		ak_buf_addf(b, "%s: ", ak_label(v->r, AK_L_N_UNREAD));
		ak_reader_number(v->r, unread, b);
	} else {
		ak_reader_number(v->r, unread, b);
		ak_buf_addf(b, " %s", ak_label(v->r, AK_L_N_UNREAD));
	}
}

/* Keep the cursor off the headings, going on in direction dir. */
static void
skip_headings(struct feeds *f, int dir)
{
	while (f->v.sel < f->n && f->it[f->v.sel].heading) {
		if (dir > 0 && f->v.sel + 1 < f->n)
			f->v.sel++;
		else if (dir < 0 && f->v.sel > 0)
			f->v.sel--;
		else if (dir < 0)
			dir = 1;
		else
			break;
	}
	ak_view_clamp(&f->v);
}

/* n: the next feed or publisher with unread articles (round). */
static void
next_unread(struct feeds *f)
{
	size_t i, k;

	for (k = 1; k <= f->n; k++) {
		i = (f->v.sel + k) % f->n;
		if (!f->it[i].heading && f->it[i].unread > 0) {
			ak_view_select(&f->v, i);
			return;
		}
	}
	ak_reader_message(f->v.r, "%s", ak_label(f->v.r, AK_L_NO_UNREAD));
}

/* A: the selected one's articles read, once the user says yes. */
static void
mark_read(struct feeds *f, const struct item *x)
{
	struct ak_list_filter lf;

	memset(&lf, 0, sizeof lf);
	if (x->publisher)
		lf.publisher = x->id;
	else
		lf.feed = x->id;
	if (ak_reader_mark_all_read(f->v.r, &lf, x->unread))
		load(f);
}

/* The cursor on a feed whose update failed: why, in the status line. */
static void
say_error(struct feeds *f)
{
	const struct item *x = f->v.sel < f->n ? &f->it[f->v.sel] : NULL;

	if (x && !x->heading && x->error)
		ak_reader_error(f->v.r, "%s: %s", word(f->v.r, W_FAILED),
			x->error);
}

static enum ak_action
feeds_handle(struct ak_view *v, enum ak_action act)
{
	struct feeds *f = (struct feeds *)v;
	struct item *x = v->sel < f->n && !f->it[v->sel].heading ?
		&f->it[v->sel] : NULL;
	struct ak_request req;

	switch (act) {
	case AK_ACT_NEXT: case AK_ACT_PAGE_DOWN: case AK_ACT_LAST:
	case AK_ACT_PREV: case AK_ACT_PAGE_UP: case AK_ACT_FIRST:
		ak_view_navigate(v, act);
		skip_headings(f, act == AK_ACT_NEXT ||
			act == AK_ACT_PAGE_DOWN || act == AK_ACT_FIRST ? 1 :
			-1);
		say_error(f);
		return AK_ACT_NONE;
	case AK_ACT_OPEN:
		if (!x)
			return AK_ACT_NONE;
		memset(&req, 0, sizeof req);
		req.view = AK_VIEW_LIST;
		if (x->publisher)
			req.publisher = x->id;
		else
			req.feed = x->id;
		req.name = x->name;
		ak_reader_request(v->r, &req);
		return AK_ACT_NONE;
	case AK_ACT_NEXT_UNREAD:
		next_unread(f);
		say_error(f);
		return AK_ACT_NONE;
	case AK_ACT_MARK_ALL_READ:
		if (x)
			mark_read(f, x);
		return AK_ACT_NONE;
	case AK_ACT_RELOAD:
		load(f);
		return AK_ACT_NONE;
	default:
		return act;
	}
}

static void
feeds_resume(struct ak_view *v)
{
	/* what was read, updated or imported meanwhile */
	load((struct feeds *)v);
}

static void
feeds_close(struct ak_view *v)
{
	struct feeds *f = (struct feeds *)v;

	clear(f);
	free(f->it);
	free(f);
}

static struct ak_view *
feeds_open(struct ak_reader *r, const struct ak_request *req)
{
	struct feeds *f = ak_xcalloc(1, sizeof *f);

	(void)req;
	f->v.ops = &ak_view_feeds_ops;
	f->v.r = r;
	load(f);
	return &f->v;
}

static const enum ak_action feeds_opened_by[] = { AK_ACT_FEEDS, AK_ACT_NONE };

/* REUSE without show: F in the feeds view stays there. */
const struct ak_view_ops ak_view_feeds_ops = {
	.name = "feeds",
	.keymap = AK_MAP_FEEDS,
	.selectable = 1,
	.flags = AK_VIEW_REUSE,
	.opened_by = feeds_opened_by,
	.open = feeds_open,
	.title = feeds_title,
	.draw_line = feeds_draw_line,
	.handle = feeds_handle,
	.resume = feeds_resume,
	.close = feeds_close,
	.hints = feeds_hints,
};
