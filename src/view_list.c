/*
 * The article list: one row per article, newest first: unread and
 * starred marks, publisher, date, title (laid out right to left and cut
 * at its logical end); every article, or a feed's or a publisher's (from
 * the feeds view), all of them or the unread ones only (l).  It reads
 * only a window of rows around the ones on screen (ak_cache_list_where
 * with offset and limit), so it opens at once on a cache of any size; the
 * counts in its header are rows the cache keeps up to date (triggers),
 * not a scan of the articles.
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
	struct ak_list_filter filter;
	char *name;		/* the feed's or publisher's, or NULL */
	long total;		/* articles in the list */
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
	if (ak_cache_list_where(l->v.r->cache, &l->filter, off,
	    window_rows(l), add_row, l, &err) != AK_OK)
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
			ak_label(v->r, l->filter.unread ? AK_L_NO_UNREAD :
			AK_L_EMPTY), AK_DIR_AUTO, AK_ALIGN_NATURAL, AK_C_DIM,
			-1);
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

	if (l->name) {
		/* isolated: the name's direction must not reorder the rest */
		ak_buf_addstr(b, "\u2068");
		ak_buf_addstr(b, l->name);
		ak_buf_addstr(b, "\u2069");
	} else {
		ak_buf_addstr(b, ak_label(r, AK_L_ARTICLES));
	}
	if (l->filter.unread) {
		ak_buf_addstr(b, " · ");
		ak_buf_addstr(b, ak_label(r, AK_L_UNREAD_ONLY));
	}
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

	if (ak_cache_counts_where(l->v.r->cache, &l->filter, &n, &err) !=
	    AK_OK) {
		ak_reader_error(l->v.r, "%s", err.msg);
		n.articles = l->total;
		n.unread = -1;
	}
	l->total = n.articles;
	l->unread = n.unread;
	/* marks kept while another process writes are not in n yet (of
	 * any article: in a feed's list, an approximation) */
	if (l->unread >= 0)
		l->unread += ak_reader_pending_delta(l->v.r, AK_FLAG_READ);
	if (l->unread < 0 && n.unread >= 0)
		l->unread = 0;
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

/* Move to article id near line (where it was), or stay. */
static void
select_id(struct list *l, int64_t id, size_t line)
{
	long i;

	load_window(l, line);
	for (i = 0; i < l->n; i++)
		if (l->rows[i].id == id) {
			ak_view_select(&l->v, (size_t)(l->off + i));
			return;
		}
	ak_view_select(&l->v, line);
}

/*
 * n: the next unread article below the cursor (the cache's marks and the
 * ones not written yet), else the first from the top.
 */
static void
next_unread(struct list *l)
{
	struct ak_reader *r = l->v.r;
	struct ak_error err = { 0, "" };
	struct ak_row *w = row_at(l, l->v.sel);
	int64_t after = w ? w->id : 0, id;
	int rd, st, k, wrapped = 0, rc;
	long pos;

	/* a few rows may be read already and not written: skip them */
	for (k = 0; k < 100; k++) {
		rc = ak_cache_next_unread(r->cache, &l->filter, after, &id,
			&pos, &err);
		if (rc == AK_ENOTFOUND && after && !wrapped) {
			after = 0;
			wrapped = 1;
			continue;
		}
		if (rc != AK_OK)
			break;
		rd = 0;
		st = 0;
		ak_reader_flags(r, id, &rd, &st);
		if (!rd)
			break;
		after = id;
		rc = AK_ENOTFOUND;
	}
	if (rc == AK_ENOTFOUND) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_UNREAD));
		return;
	}
	if (rc != AK_OK) {
		ak_reader_error(r, "%s", err.msg);
		return;
	}
	select_id(l, id, (size_t)pos);
	if (wrapped)
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_MORE_UNREAD));
}

/* l: the unread articles only, or all again; the cursor keeps its
 * article when it is near. */
static void
unread_only(struct list *l)
{
	struct ak_row *w = row_at(l, l->v.sel);
	int64_t id = w ? w->id : 0;
	size_t line = l->v.sel;

	l->filter.unread = !l->filter.unread;
	rows_clear(l);
	count(l);
	if (id)
		select_id(l, id, line);
	ak_view_clamp(&l->v);
	ak_reader_message(l->v.r, "%s", ak_label(l->v.r, l->filter.unread ?
		AK_L_UNREAD_ONLY : AK_L_ALL_SHOWN));
}

/* A: every article of this list read, once the user says yes. */
static void
mark_all_read(struct list *l)
{
	struct ak_reader *r = l->v.r;
	struct ak_error err = { 0, "" };
	struct ak_buf q = AK_BUF_INIT;
	long n = 0;
	int was, rc;

	if (l->unread <= 0) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_UNREAD));
		return;
	}
	ak_buf_addf(&q, "%s: ", ak_label(r, AK_L_MARK_ALL));
	ak_reader_number(r, l->unread, &q);
	ak_buf_addf(&q, " %s? (y/n)", ak_label(r, AK_L_N_UNREAD));
	if (!ak_reader_confirm(r, ak_buf_str(&q))) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NOT_MARKED));
		goto out;
	}
	/* the marks kept first, then all at once; never wait for another
	 * process's write */
	rc = ak_reader_flush(r, 0, &err);
	if (rc == AK_OK) {
		was = ak_cache_wait(r->cache, 0);
		rc = ak_cache_begin(r->cache, &err);
		if (rc == AK_OK)
			rc = ak_cache_mark_read_where(r->cache, &l->filter, &n,
				&err);
		if (rc == AK_OK)
			rc = ak_cache_commit(r->cache, &err);
		else
			ak_cache_rollback(r->cache);
		ak_cache_wait(r->cache, was);
	}
	if (rc == AK_EBUSY) {
		ak_reader_error(r, "%s", ak_label(r, AK_L_BUSY));
		goto out;
	}
	if (rc != AK_OK) {
		ak_reader_error(r, "%s", err.msg);
		goto out;
	}
	load_window(l, l->v.top);
	count(l);
	ak_buf_reset(&q);
	ak_buf_addf(&q, "%s: ", ak_label(r, AK_L_MARKED_ALL));
	ak_reader_number(r, n, &q);
	ak_reader_message(r, "%s", ak_buf_str(&q));
out:
	ak_buf_release(&q);
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
	case AK_ACT_NEXT_UNREAD:
		next_unread(l);
		return AK_ACT_NONE;
	case AK_ACT_UNREAD_ONLY:
		unread_only(l);
		return AK_ACT_NONE;
	case AK_ACT_MARK_ALL_READ:
		mark_all_read(l);
		return AK_ACT_NONE;
	case AK_ACT_OPEN_URL:
		if (w)
			ak_reader_open_link(r, w->id, NULL);
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
	free(l->name);
	free(l);
}

static struct ak_view *
list_open(struct ak_reader *r, const struct ak_request *req)
{
	struct list *l = ak_xcalloc(1, sizeof *l);

	l->filter.feed = req->feed;
	l->filter.publisher = req->publisher;
	l->name = req->name && *req->name ? ak_xstrdup(req->name) : NULL;
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
