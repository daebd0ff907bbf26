/*
 * The article list: one row per article, newest first: unread and
 * starred marks, publisher, date, title (laid out right to left and cut
 * at its logical end).  It reads only a window of rows around the ones on
 * screen (ak_cache_list with offset and limit), so it opens at once on a
 * cache of any size; the counts in its header are a row the cache keeps
 * up to date (triggers), not a scan of the articles.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/layout.h"
#include "akhbar/options.h"
#include "akhbar/screen.h"
#include "akhbar/view.h"

#define MARK_UNREAD "\u25cf"	/* ● */
#define MARK_STAR "\u2605"	/* ★ */

struct row {
	int64_t id;
	char *title;
	char *publisher;
	char *published;	/* ISO date from the cache, or NULL */
	char *date;		/* as the interface shows it, once drawn */
	int read;
	int starred;
	int laid;		/* the vlines below fit the columns */
	struct ak_vline vtitle, vpub, vdate;
};

struct list {
	struct ak_view v;
	long total;		/* articles in the cache */
	long unread;		/* -1: unknown */
	struct row *rows;	/* rows off .. off + n - 1 */
	long off;
	long n;
	size_t cap;
	/* columns: marks, publisher, date, title */
	int pw, dw, tw;
};

static const enum ak_action list_hints[] = {
	AK_ACT_OPEN, AK_ACT_SEARCH, AK_ACT_STAR, AK_ACT_TOGGLE_READ,
	AK_ACT_RELOAD, AK_ACT_HELP, AK_ACT_BACK, AK_ACT_NONE
};

static void
row_release(struct row *w)
{
	free(w->title);
	free(w->publisher);
	free(w->published);
	free(w->date);
	if (w->laid) {
		ak_vline_release(&w->vtitle);
		ak_vline_release(&w->vpub);
		ak_vline_release(&w->vdate);
	}
	memset(w, 0, sizeof *w);
}

static void
rows_clear(struct list *l)
{
	long i;

	for (i = 0; i < l->n; i++)
		row_release(&l->rows[i]);
	l->n = 0;
}

static int
add_row(void *ctx, const struct ak_list_row *lr)
{
	struct list *l = ctx;
	struct row *w;

	if ((size_t)l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 128;
		l->rows = ak_xreallocarray(l->rows, l->cap, sizeof *l->rows);
	}
	w = &l->rows[l->n++];
	memset(w, 0, sizeof *w);
	w->id = lr->id;
	w->title = ak_xstrdup(lr->title ? lr->title : "");
	w->publisher = ak_xstrdup(lr->publisher ? lr->publisher : "");
	w->published = ak_xstrdup0(lr->published);
	w->read = lr->read;
	w->starred = lr->starred;
	ak_reader_flags(l->v.r, w->id, &w->read, &w->starred);
	return AK_OK;
}

static long
window_rows(const struct list *l)
{
	long h = l->v.height > 0 ? l->v.height : 60;

	return 3 * h + 16;
}

/* Read the rows around line (a few pages). */
static void
load_window(struct list *l, size_t line)
{
	struct ak_error err = { 0, "" };
	long h = l->v.height > 0 ? l->v.height : 60;
	long off = (long)line - h;

	if (off < 0)
		off = 0;
	rows_clear(l);
	l->off = off;
	if (ak_cache_list(l->v.r->cache, off, window_rows(l), add_row, l,
	    &err) != AK_OK)
		ak_reader_error(l->v.r, "%s", err.msg);
}

static struct row *
row_at(struct list *l, size_t line)
{
	if (line >= l->v.nlines)
		return NULL;
	if ((long)line < l->off || (long)line >= l->off + l->n) {
		load_window(l, line < l->v.top ? line : l->v.top);
		if ((long)line < l->off || (long)line >= l->off + l->n)
			return NULL;
	}
	return &l->rows[(long)line - l->off];
}

static void
columns(struct list *l)
{
	int w = l->v.width;

	l->pw = w >= 70 ? 18 : w >= 45 ? 12 : 0;
	l->dw = w >= 56 ? 14 : 0;
	l->tw = w - 3 - (l->pw ? l->pw + 1 : 0) - (l->dw ? l->dw + 1 : 0);
	if (l->tw < 1)
		l->tw = 1;
}

static void
lay_field(struct list *l, const char *s, int w, enum ak_dir dir,
	struct ak_vline *out)
{
	struct ak_layout_opts o;

	ak_screen_layout_opts(&o, w > 0 ? w : 1, dir);
	if (ak_layout_line(s, strlen(s), &o, out, NULL) != AK_OK)
		memset(out, 0, sizeof *out);
	(void)l;
}

static void
lay_row(struct list *l, struct row *w)
{
	enum ak_dir dir = l->v.r->arabic ? AK_DIR_RTL : AK_DIR_LTR;

	if (w->laid)
		return;
	/* Dates are formatted for the rows drawn, not all rows read. */
	if (!w->date) {
		struct ak_buf b = AK_BUF_INIT;

		if (ak_reader_date(l->v.r, w->published, 0, &b) == 0)
			w->date = ak_buf_detach(&b, NULL);
		else
			w->date = ak_xstrdup("");
		ak_buf_release(&b);
	}
	lay_field(l, w->title, l->tw, AK_DIR_AUTO, &w->vtitle);
	lay_field(l, w->publisher, l->pw, AK_DIR_AUTO, &w->vpub);
	lay_field(l, w->date, l->dw, dir, &w->vdate);
	/* Short fields line up on the interface's side. */
	w->vpub.indent = l->v.r->arabic && l->pw > w->vpub.width ?
		l->pw - w->vpub.width : 0;
	w->vdate.indent = l->v.r->arabic && l->dw > w->vdate.width ?
		l->dw - w->vdate.width : 0;
	w->laid = 1;
}

static void
list_draw_line(struct ak_view *v, size_t lineno, int row, int selected)
{
	struct list *l = (struct list *)v;
	struct ak_reader *r = v->r;
	struct row *w;
	int over = selected ? AK_C_CURSOR : -1;
	int x, W = v->width, rtl = r->arabic;
	enum ak_color_id tc;

	if (lineno == (size_t)-1) {
		ak_screen_text(row + 1, 1, W - 2, ak_label(r, AK_L_EMPTY),
			AK_DIR_AUTO, AK_ALIGN_NATURAL, AK_C_DIM, -1);
		return;
	}
	w = row_at(l, lineno);
	if (!w)
		return;
	lay_row(l, w);
	if (selected)
		ak_screen_fill(row, 0, W, AK_C_CURSOR);
	tc = w->read ? AK_C_READ : AK_C_UNREAD;
	/* marks: unread, star; LTR from the left, RTL from the right */
	x = rtl ? W - 1 : 0;
	if (!w->read)
		ak_screen_text(row, x, 1, MARK_UNREAD, AK_DIR_LTR,
			AK_ALIGN_LEFT, AK_C_MARK, over);
	x = rtl ? W - 2 : 1;
	if (w->starred)
		ak_screen_text(row, x, 1, MARK_STAR, AK_DIR_LTR,
			AK_ALIGN_LEFT, AK_C_STAR, over);
	if (!rtl) {
		x = 3;
		if (l->pw) {
			ak_screen_vline(row, x, l->pw, &w->vpub, AK_C_PUBLISHER,
				over);
			x += l->pw + 1;
		}
		if (l->dw) {
			ak_screen_vline(row, x, l->dw, &w->vdate, AK_C_DATE,
				over);
			x += l->dw + 1;
		}
		ak_screen_vline(row, x, l->tw, &w->vtitle, tc, over);
	} else {
		x = W - 3;
		if (l->pw) {
			x -= l->pw;
			ak_screen_vline(row, x, l->pw, &w->vpub, AK_C_PUBLISHER,
				over);
			x -= 1;
		}
		if (l->dw) {
			x -= l->dw;
			ak_screen_vline(row, x, l->dw, &w->vdate, AK_C_DATE,
				over);
			x -= 1;
		}
		ak_screen_vline(row, 0, l->tw, &w->vtitle, tc, over);
	}
}

static void
list_title(struct ak_view *v, struct ak_buf *b)
{
	struct list *l = (struct list *)v;
	struct ak_reader *r = v->r;

	ak_buf_addstr(b, ak_label(r, AK_L_ARTICLES));
	ak_buf_addstr(b, " · ");
	if (r->arabic) {
		ak_buf_addstr(b, ak_label(r, AK_L_N_ARTICLES));
		ak_buf_addstr(b, ": ");
		ak_reader_number(r, l->total, b);
		if (l->unread >= 0) {
			ak_buf_addstr(b, " · ");
			ak_buf_addstr(b, ak_label(r, AK_L_N_UNREAD));
			ak_buf_addstr(b, ": ");
			ak_reader_number(r, l->unread, b);
		}
	} else {
		ak_reader_number(r, l->total, b);
		ak_buf_addf(b, " %s", ak_label(r, AK_L_N_ARTICLES));
		if (l->unread >= 0) {
			ak_buf_addstr(b, " · ");
			ak_reader_number(r, l->unread, b);
			ak_buf_addf(b, " %s", ak_label(r, AK_L_N_UNREAD));
		}
	}
}

/* The counts come from a row the cache keeps (no scan of the articles). */
static void
count(struct list *l)
{
	struct ak_error err = { 0, "" };
	struct ak_counts n;

	if (ak_cache_counts(l->v.r->cache, &n, &err) != AK_OK) {
		ak_reader_error(l->v.r, "%s", err.msg);
		n.articles = l->total;
		n.unread = -1;
	}
	l->total = n.articles;
	l->unread = n.unread;
	/* marks kept while another process writes are not in n yet */
	if (l->unread >= 0)
		l->unread += ak_reader_pending_delta(l->v.r, AK_FLAG_READ);
	l->v.nlines = (size_t)l->total;
	ak_view_clamp(&l->v);
}

static void
reload(struct list *l)
{
	struct row *w = row_at(l, l->v.sel);
	int64_t id = w ? w->id : 0;
	long before = l->total, i;
	struct ak_buf b = AK_BUF_INIT;

	count(l);
	rows_clear(l);
	if (id && l->total > before)
		l->v.sel += (size_t)(l->total - before);
	ak_view_clamp(&l->v);
	/* Keep the cursor on the same article when it is near. */
	if (id) {
		load_window(l, l->v.sel);
		for (i = 0; i < l->n; i++)
			if (l->rows[i].id == id) {
				ak_view_select(&l->v, (size_t)(l->off + i));
				break;
			}
	}
	ak_buf_addf(&b, "%s: ", ak_label(l->v.r, AK_L_RELOADED));
	ak_reader_number(l->v.r, l->total > before ? l->total - before : 0,
		&b);
	ak_buf_addf(&b, " %s", ak_label(l->v.r, AK_L_NEW));
	ak_reader_message(l->v.r, "%s", ak_buf_str(&b));
	ak_buf_release(&b);
}

static enum ak_action
list_handle(struct ak_view *v, enum ak_action act)
{
	struct list *l = (struct list *)v;
	struct ak_reader *r = v->r;
	struct row *w = row_at(l, v->sel);

	switch (act) {
	case AK_ACT_OPEN:
		if (w)
			ak_reader_open_article(r, w->id, NULL, w->id, -1);
		return AK_ACT_NONE;
	case AK_ACT_STAR:
		if (!w)
			return AK_ACT_NONE;
		ak_reader_set_flag(r, w->id, AK_FLAG_STARRED, w->starred,
		    !w->starred);
		w->starred = !w->starred;
		ak_reader_message(r, "%s", ak_label(r, w->starred ?
			AK_L_STARRED : AK_L_UNSTARRED));
		return AK_ACT_NONE;
	case AK_ACT_TOGGLE_READ:
		if (!w)
			return AK_ACT_NONE;
		ak_reader_set_flag(r, w->id, AK_FLAG_READ, w->read, !w->read);
		w->read = !w->read;
		count(l);
		ak_reader_message(r, "%s", ak_label(r, w->read ?
			AK_L_MARKED_READ : AK_L_MARKED_UNREAD));
		return AK_ACT_NONE;
	case AK_ACT_EXPORT:
		if (w)
			ak_reader_export(r, w->id);
		return AK_ACT_NONE;
	case AK_ACT_RELOAD:
		reload(l);
		return AK_ACT_NONE;
	default:
		return act;
	}
}

static void
list_relayout(struct ak_view *v, int height, int width)
{
	struct list *l = (struct list *)v;
	long i;

	(void)height;
	(void)width;
	columns(l);
	for (i = 0; i < l->n; i++) {
		if (l->rows[i].laid) {
			ak_vline_release(&l->rows[i].vtitle);
			ak_vline_release(&l->rows[i].vpub);
			ak_vline_release(&l->rows[i].vdate);
		}
		l->rows[i].laid = 0;
	}
}

static void
list_resume(struct ak_view *v)
{
	struct list *l = (struct list *)v;

	/* What was read meanwhile: re-read the rows and the counts. */
	load_window(l, v->top);
	count(l);
}

static void
list_close(struct ak_view *v)
{
	struct list *l = (struct list *)v;

	rows_clear(l);
	free(l->rows);
	free(l);
}

static const struct ak_view_ops list_ops = {
	.name = "list",
	.keymap = AK_MAP_LIST,
	.selectable = 1,
	.title = list_title,
	.draw_line = list_draw_line,
	.handle = list_handle,
	.relayout = list_relayout,
	.resume = list_resume,
	.close = list_close,
	.hints = list_hints,
};

struct ak_view *
ak_view_list_new(struct ak_reader *r)
{
	struct list *l = ak_xcalloc(1, sizeof *l);

	l->v.ops = &list_ops;
	l->v.r = r;
	l->unread = -1;
	count(l);
	/* the rows are read when first drawn, the view's height known */
	return &l->v;
}
