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

struct list {
	struct ak_view v;
	long total;		/* articles in the cache */
	long unread;		/* -1: unknown */
	struct ak_row *rows;	/* rows off .. off + n - 1 */
	long off;
	long n;
	size_t cap;
	struct ak_row_cols cols;
};

static const enum ak_action list_hints[] = {
	AK_ACT_OPEN, AK_ACT_SEARCH, AK_ACT_STAR, AK_ACT_TOGGLE_READ,
	AK_ACT_RELOAD, AK_ACT_HELP, AK_ACT_BACK, AK_ACT_NONE
};

static void
rows_clear(struct list *l)
{
	long i;

	for (i = 0; i < l->n; i++)
		ak_row_release(&l->rows[i]);
	l->n = 0;
}

static int
add_row(void *ctx, const struct ak_list_row *lr)
{
	struct list *l = ctx;

	if ((size_t)l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 128;
		l->rows = ak_xreallocarray(l->rows, l->cap, sizeof *l->rows);
	}
	ak_row_set(&l->rows[l->n++], l->v.r, lr->id, lr->title,
		lr->publisher, lr->published, lr->read, lr->starred);
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

static struct ak_row *
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
list_draw_line(struct ak_view *v, size_t lineno, int row, int selected)
{
	struct list *l = (struct list *)v;
	struct ak_row *w;

	if (lineno == (size_t)-1) {
		ak_screen_text(row + 1, 1, v->width - 2,
			ak_label(v->r, AK_L_EMPTY), AK_DIR_AUTO,
			AK_ALIGN_NATURAL, AK_C_DIM, -1);
		return;
	}
	w = row_at(l, lineno);
	if (w)
		ak_row_draw(v->r, w, &l->cols, row, v->width, selected);
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
	struct ak_row *w = row_at(l, l->v.sel);
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
	struct ak_row *w = row_at(l, v->sel);

	switch (act) {
	case AK_ACT_OPEN:
		if (w) {
			struct ak_request req;

			memset(&req, 0, sizeof req);
			req.view = AK_VIEW_ARTICLE;
			req.id = req.origin = w->id;
			req.relidx = -1;
			ak_reader_request(r, &req);
		}
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
	ak_row_columns(&l->cols, v->r, width, 3);
	for (i = 0; i < l->n; i++)
		ak_row_unlay(&l->rows[i]);
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

static struct ak_view *
list_open(struct ak_reader *r, const struct ak_request *req)
{
	struct list *l = ak_xcalloc(1, sizeof *l);

	(void)req;
	l->v.ops = &ak_view_list_ops;
	l->v.r = r;
	l->unread = -1;
	count(l);
	/* the rows are read when first drawn, the view's height known */
	return &l->v;
}

const struct ak_view_ops ak_view_list_ops = {
	.name = "list",
	.keymap = AK_MAP_LIST,
	.selectable = 1,
	.open = list_open,
	.title = list_title,
	.draw_line = list_draw_line,
	.handle = list_handle,
	.relayout = list_relayout,
	.resume = list_resume,
	.close = list_close,
	.hints = list_hints,
};
