/*
 * The article list: one row per article, newest first: unread and
 * starred marks, publisher, date, title (laid out right to left and cut
 * at its logical end); every article, or a feed's or a publisher's (from
 * the feeds view), all of them or the unread ones only (l).  It reads
 * only a window of rows around the ones on screen (ak_cache_list_where
 * with offset and limit), so it opens at once on a cache of any size; the
 * counts in its header are rows the cache keeps up to date (triggers),
 * not a scan of the articles.
 *
 * The same story from several papers: the whole list shows it as one
 * row, the newest (the cache leaves the others out), marked + and naming
 * the other papers after its own; in every list = unfolds a row's story
 * (its twins from the other papers, read when asked, as rows below it)
 * and folds it again.  The lines are then the cache's rows with each
 * unfolded story's twins after its row: an unfolded story keeps its
 * row's place in the cache's list (pos), the twins' lines come after
 * it, and every line maps to a place in the cache's list or to a twin.
 * The header counts articles, the hidden twins too.
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

/* A story unfolded under its row. */
struct unfold {
	int64_t head;		/* its row's article */
	long pos;		/* that row's place in the cache's list */
	struct ak_row *rows;	/* its twins, in list order */
	long n;
};

struct list {
	struct ak_view v;
	struct ak_list_filter filter;
	char *name;		/* the feed's or publisher's, or NULL */
	long total;		/* articles in the list */
	long unread;		/* -1: unknown */
	long nrows;		/* rows of the cache's list */
	struct ak_row *rows;	/* rows off .. off + n - 1 of it */
	long off;
	long n;
	size_t cap;
	struct unfold *unf;	/* the unfolded stories, by pos */
	size_t nunf;
	struct ak_row_cols cols;
};

static const enum ak_action list_hints[] = {
	AK_ACT_OPEN, AK_ACT_SEARCH, AK_ACT_STAR, AK_ACT_TOGGLE_READ,
	AK_ACT_RELOAD, AK_ACT_STORY, AK_ACT_HELP, AK_ACT_BACK, AK_ACT_NONE
};

static void
rows_clear(struct list *l)
{
	long i;

	for (i = 0; i < l->n; i++)
		ak_row_release(&l->rows[i]);
	l->n = 0;
}

static void
unfold_release(struct unfold *u)
{
	long i;

	for (i = 0; i < u->n; i++)
		ak_row_release(&u->rows[i]);
	free(u->rows);
	u->rows = NULL;
	u->n = 0;
}

static void
unfold_clear(struct list *l)
{
	size_t i;

	for (i = 0; i < l->nunf; i++)
		unfold_release(&l->unf[i]);
	free(l->unf);
	l->unf = NULL;
	l->nunf = 0;
}

static struct unfold *
unfold_of(struct list *l, int64_t id)
{
	size_t i;

	for (i = 0; i < l->nunf; i++)
		if (l->unf[i].head == id)
			return &l->unf[i];
	return NULL;
}

/* The lines: the cache's rows and the unfolded stories' twins. */
static void
set_lines(struct list *l)
{
	size_t i, n = (size_t)(l->nrows > 0 ? l->nrows : 0);

	for (i = 0; i < l->nunf; i++)
		n += (size_t)l->unf[i].n;
	l->v.nlines = n;
	ak_view_clamp(&l->v);
}

/*
 * What line shows: a twin of an unfolded story (*u, *k), or else the
 * cache's row *pos (set in both cases: a twin's is its story's row).
 */
static void
line_at(const struct list *l, size_t line, long *pos, struct unfold **u,
	long *k)
{
	long extra = 0, head;
	size_t i;

	*u = NULL;
	*k = -1;
	for (i = 0; i < l->nunf; i++) {
		head = l->unf[i].pos + extra;
		if ((long)line <= head)
			break;
		if ((long)line <= head + l->unf[i].n) {
			*u = &l->unf[i];
			*k = (long)line - head - 1;
			*pos = l->unf[i].pos;
			return;
		}
		extra += l->unf[i].n;
	}
	*pos = (long)line - extra;
}

/* The line of the cache's row pos. */
static size_t
line_of(const struct list *l, long pos)
{
	long line = pos;
	size_t i;

	for (i = 0; i < l->nunf && l->unf[i].pos < pos; i++)
		line += l->unf[i].n;
	return (size_t)(line > 0 ? line : 0);
}

static void
set_story(struct list *l, struct ak_row *w, int twins)
{
	w->story = unfold_of(l, w->id) ? AK_ROW_UNFOLDED :
		twins > 0 ? AK_ROW_FOLDED : AK_ROW_ALONE;
}

/*
 * A row names the other papers that have its story after its own
 * ("العرب + الشرق الأوسط، الحياة"); a twin under its story only its own.
 */
static void
row_from(struct list *l, struct ak_row *w, const struct ak_list_row *lr,
	int twin)
{
	struct ak_buf b = AK_BUF_INIT;

	if (!twin && lr->twin_papers && *lr->twin_papers) {
		if (lr->publisher && *lr->publisher)
			ak_buf_addf(&b, "%s + ", lr->publisher);
		else
			ak_buf_addstr(&b, "+ ");
		ak_buf_addstr(&b, lr->twin_papers);
	}
	ak_row_set(w, l->v.r, lr->id, lr->title, b.len ? ak_buf_str(&b) :
		lr->publisher, lr->published, lr->read, lr->starred);
	ak_buf_release(&b);
	if (twin)
		w->story = AK_ROW_TWIN;
	else
		set_story(l, w, lr->twins);
}

static int
add_row(void *ctx, const struct ak_list_row *lr)
{
	struct list *l = ctx;

	if ((size_t)l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 128;
		l->rows = ak_xreallocarray(l->rows, l->cap, sizeof *l->rows);
	}
	row_from(l, &l->rows[l->n++], lr, 0);
	return AK_OK;
}

static int
add_twin(void *ctx, const struct ak_list_row *lr)
{
	struct unfold *u = ((void **)ctx)[0];
	struct list *l = ((void **)ctx)[1];

	u->rows = ak_xreallocarray(u->rows, (size_t)u->n + 1,
		sizeof *u->rows);
	row_from(l, &u->rows[u->n++], lr, 1);
	return AK_OK;
}

/* Read u's twins again (their marks may have changed). */
static int
unfold_read(struct list *l, struct unfold *u)
{
	struct ak_list_filter f;
	struct ak_error err = { 0, "" };
	void *ctx[2];

	unfold_release(u);
	memset(&f, 0, sizeof f);
	f.story = u->head;
	ctx[0] = u;
	ctx[1] = l;
	if (ak_cache_list_where(l->v.r->cache, &f, 0, -1, add_twin, ctx,
	    &err) != AK_OK) {
		ak_reader_error(l->v.r, "%s", err.msg);
		unfold_release(u);
		return -1;
	}
	return 0;
}

static long
window_rows(const struct list *l)
{
	long h = l->v.height > 0 ? l->v.height : 60;

	return 3 * h + 16;
}

/* Read the cache's rows around row pos (a few pages). */
static void
load_window(struct list *l, long pos)
{
	struct ak_error err = { 0, "" };
	long h = l->v.height > 0 ? l->v.height : 60;
	long off = pos - h;

	if (off < 0)
		off = 0;
	rows_clear(l);
	l->off = off;
	if (ak_cache_list_where(l->v.r->cache, &l->filter, off,
	    window_rows(l), add_row, l, &err) != AK_OK)
		ak_reader_error(l->v.r, "%s", err.msg);
}

/* The cache's row pos, read with its window when it is not in it. */
static struct ak_row *
db_row(struct list *l, long pos, long near)
{
	if (pos < 0 || pos >= l->nrows)
		return NULL;
	if (pos < l->off || pos >= l->off + l->n) {
		load_window(l, near);
		if (pos < l->off || pos >= l->off + l->n)
			return NULL;
	}
	return &l->rows[pos - l->off];
}

static struct ak_row *
row_at(struct list *l, size_t line)
{
	struct unfold *u;
	long pos, k, top;

	if (line >= l->v.nlines)
		return NULL;
	line_at(l, line, &pos, &u, &k);
	if (u)
		return k < u->n ? &u->rows[k] : NULL;
	line_at(l, l->v.top, &top, &u, &k);
	return db_row(l, pos, pos < top ? pos : top);
}

/*
 * The unfolded stories after the list changed (read again, another
 * process's import): each at its row's place now, its twins read again;
 * a story whose row is gone, or which has no twins now, folded.  A place
 * is looked up only when its row moved.
 */
static void
unfold_refresh(struct list *l)
{
	struct ak_reader *r = l->v.r;
	struct ak_error err = { 0, "" };
	struct ak_row *w;
	size_t i, j;
	long pos;

	for (i = j = 0; i < l->nunf; i++) {
		struct unfold *u = &l->unf[i];
		int keep;

		w = db_row(l, u->pos, u->pos);
		if (w && w->id == u->head) {
			keep = 1;
		} else {
			keep = ak_cache_position(r->cache, &l->filter, u->head,
				&pos, &err) == AK_OK;
			u->pos = pos;
		}
		if (keep)
			keep = unfold_read(l, u) == 0 && u->n > 0;
		if (keep)
			l->unf[j++] = *u;
		else
			unfold_release(u);
	}
	l->nunf = j;
	/* places may have crossed: keep them in order */
	for (i = 1; i < l->nunf; i++)
		for (j = i; j > 0 && l->unf[j - 1].pos > l->unf[j].pos; j--) {
			struct unfold t = l->unf[j];

			l->unf[j] = l->unf[j - 1];
			l->unf[j - 1] = t;
		}
	for (i = 0; i < (size_t)l->n; i++)
		if (l->rows[i].story == AK_ROW_UNFOLDED ||
		    l->rows[i].story == AK_ROW_FOLDED)
			set_story(l, &l->rows[i], 1);
	set_lines(l);
}

/* =: the story of the row at line unfolded below it, or folded again. */
static void
toggle_story(struct list *l, size_t line)
{
	struct ak_reader *r = l->v.r;
	struct unfold *u, nu;
	struct ak_row *w;
	long pos, k;
	size_t i;

	line_at(l, line, &pos, &u, &k);
	if (!u)
		u = unfold_of(l, (w = row_at(l, line)) ? w->id : 0);
	if (u) {
		/* fold: the cursor to the story's row */
		pos = u->pos;
		unfold_release(u);
		i = (size_t)(u - l->unf);
		memmove(u, u + 1, (l->nunf - i - 1) * sizeof *u);
		l->nunf--;
		set_lines(l);
		w = db_row(l, pos, pos);
		if (w)
			w->story = AK_ROW_FOLDED;
		ak_view_select(&l->v, line_of(l, pos));
		return;
	}
	w = row_at(l, line);
	if (!w || w->story != AK_ROW_FOLDED) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_TWINS));
		return;
	}
	memset(&nu, 0, sizeof nu);
	nu.head = w->id;
	nu.pos = pos;
	if (unfold_read(l, &nu) != 0)
		return;
	if (nu.n == 0) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_TWINS));
		return;
	}
	l->unf = ak_xreallocarray(l->unf, l->nunf + 1, sizeof *l->unf);
	for (i = l->nunf; i > 0 && l->unf[i - 1].pos > pos; i--)
		l->unf[i] = l->unf[i - 1];
	l->unf[i] = nu;
	l->nunf++;
	w->story = AK_ROW_UNFOLDED;
	set_lines(l);
	/* the twins in view, as many as fit below the story's row */
	if (l->v.height > 0 && line + (size_t)nu.n >= l->v.top +
	    (size_t)l->v.height) {
		size_t top = line + (size_t)nu.n + 1 - (size_t)l->v.height;

		ak_view_scroll_to(&l->v, top < line ? top : line);
	}
	ak_view_select(&l->v, line);
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
		n.rows = l->nrows;
		n.unread = -1;
	}
	l->total = n.articles;
	l->nrows = n.rows;
	l->unread = n.unread;
	/* marks kept while another process writes are not in n yet (of
	 * any article: in a feed's list, an approximation) */
	if (l->unread >= 0)
		l->unread += ak_reader_pending_delta(l->v.r, AK_FLAG_READ);
	if (l->unread < 0 && n.unread >= 0)
		l->unread = 0;
	set_lines(l);
}

/* Select article id: a twin shown, or the cache's row near pos. */
static int
select_id(struct list *l, int64_t id, long pos)
{
	size_t i;
	long k;

	for (i = 0; i < l->nunf; i++)
		for (k = 0; k < l->unf[i].n; k++)
			if (l->unf[i].rows[k].id == id) {
				ak_view_select(&l->v, line_of(l, l->unf[i].pos)
				    + 1 + (size_t)k);
				return 1;
			}
	load_window(l, pos);
	for (k = 0; k < l->n; k++)
		if (l->rows[k].id == id) {
			ak_view_select(&l->v, line_of(l, l->off + k));
			return 1;
		}
	return 0;
}

/* The cache's row of the selected line (its story's for a twin). */
static long
sel_pos(struct list *l)
{
	struct unfold *u;
	long pos, k;

	line_at(l, l->v.sel, &pos, &u, &k);
	return pos;
}

static void
reload(struct list *l)
{
	struct ak_row *w = row_at(l, l->v.sel);
	int64_t id = w ? w->id : 0;
	long before = l->total, pos = sel_pos(l), rows = l->nrows;
	struct ak_buf b = AK_BUF_INIT;

	count(l);
	rows_clear(l);
	unfold_refresh(l);
	/* new articles come above: the cursor keeps its article near */
	if (l->nrows > rows)
		pos += l->nrows - rows;
	if (!id || !select_id(l, id, pos))
		ak_view_select(&l->v, line_of(l, pos));
	ak_buf_addf(&b, "%s: ", ak_label(l->v.r, AK_L_RELOADED));
	ak_reader_number(l->v.r, l->total > before ? l->total - before : 0,
		&b);
	ak_buf_addf(&b, " %s", ak_label(l->v.r, AK_L_NEW));
	ak_reader_message(l->v.r, "%s", ak_buf_str(&b));
	ak_buf_release(&b);
}

/*
 * n: the next unread article below the cursor (the cache's marks and the
 * ones not written yet), else the first from the top; a twin the list
 * folds under its story's row is unfolded to show it.
 */
static void
next_unread(struct list *l)
{
	struct ak_reader *r = l->v.r;
	struct ak_error err = { 0, "" };
	struct ak_row *w = row_at(l, l->v.sel);
	int64_t after = w ? w->id : 0, id, head;
	int rd, st, k, wrapped = 0, rc;
	long pos;

	/* a few rows may be read already and not written: skip them */
	for (k = 0; k < 100; k++) {
		rc = ak_cache_next_unread(r->cache, &l->filter, after, &id,
			&pos, &head, &err);
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
	if (head != id && !select_id(l, id, pos) && select_id(l, head, pos) &&
	    !unfold_of(l, head))
		toggle_story(l, l->v.sel);
	if (!select_id(l, id, pos))
		ak_view_select(&l->v, line_of(l, pos));
	if (wrapped)
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_MORE_UNREAD));
}

/* l: the unread articles only, or all again; the cursor keeps its
 * article when it is near.  The unfolded stories fold: their rows move. */
static void
unread_only(struct list *l)
{
	struct ak_row *w = row_at(l, l->v.sel);
	int64_t id = w ? w->id : 0;
	long pos = sel_pos(l);

	l->filter.unread = !l->filter.unread;
	unfold_clear(l);
	rows_clear(l);
	count(l);
	if (!id || !select_id(l, id, pos))
		ak_view_select(&l->v, line_of(l, pos));
	ak_reader_message(l->v.r, "%s", ak_label(l->v.r, l->filter.unread ?
		AK_L_UNREAD_ONLY : AK_L_ALL_SHOWN));
}

/* A: every article of this list read, once the user says yes. */
static void
mark_all_read(struct list *l)
{
	if (!ak_reader_mark_all_read(l->v.r, &l->filter, l->unread))
		return;
	rows_clear(l);
	count(l);
	unfold_refresh(l);
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
	case AK_ACT_STORY:
		toggle_story(l, v->sel);
		return AK_ACT_NONE;
	default:
		return act;
	}
}

static void
list_relayout(struct ak_view *v, int height, int width)
{
	struct list *l = (struct list *)v;
	size_t j;
	long i;

	(void)height;
	ak_row_columns(&l->cols, v->r, width, 4);
	for (i = 0; i < l->n; i++)
		ak_row_unlay(&l->rows[i]);
	for (j = 0; j < l->nunf; j++)
		for (i = 0; i < l->unf[j].n; i++)
			ak_row_unlay(&l->unf[j].rows[i]);
}

static void
list_resume(struct ak_view *v)
{
	struct list *l = (struct list *)v;

	/* What was read meanwhile: re-read the rows and the counts. */
	rows_clear(l);
	count(l);
	unfold_refresh(l);
}

static void
list_close(struct ak_view *v)
{
	struct list *l = (struct list *)v;

	rows_clear(l);
	unfold_clear(l);
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
	/* one row per story (the cache folds only the whole list) */
	l->filter.collapse = r->opts->collapse_stories;
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
