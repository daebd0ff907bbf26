/*
 * The reader: view stack, history of what was read, scrolling and
 * selection math, the marks kept until the cache takes them, and the
 * main loop.  Only the loop builds views: a view asks for one with a
 * request (ak_reader_request), which the loop carries out once that
 * view is done with its key, so no view knows another's code.  Only the
 * loop (and a prompt, which runs inside it) paints; views change state
 * and set r->dirty.  Painting cells is screen.c's, the lines of each
 * view are the views', the interface's words and dates view_text.c's.
 */
#include "config.h"

#include "akhbar/view.h"

#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/keys.h"
#include "akhbar/layout.h"
#include "akhbar/options.h"
#include "akhbar/screen.h"
#include "akhbar/text.h"

#define MIN_ROWS 6
#define MIN_COLS 20

/* ------------------------------------------------ scrolling, selection */

size_t
ak_view_max_top(const struct ak_view *v)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;

	return v->nlines > h ? v->nlines - h : 0;
}

void
ak_view_clamp(struct ak_view *v)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;

	if (v->nlines == 0) {
		v->top = v->sel = 0;
		return;
	}
	if (v->sel >= v->nlines)
		v->sel = v->nlines - 1;
	if (v->ops && v->ops->selectable) {
		if (v->sel < v->top)
			v->top = v->sel;
		else if (v->sel >= v->top + h)
			v->top = v->sel - h + 1;
	}
	if (v->top > ak_view_max_top(v))
		v->top = ak_view_max_top(v);
}

void
ak_view_select(struct ak_view *v, size_t line)
{
	v->sel = line;
	ak_view_clamp(v);
}

void
ak_view_scroll_to(struct ak_view *v, size_t line)
{
	v->top = line;
	ak_view_clamp(v);
}

int
ak_view_navigate(struct ak_view *v, enum ak_action act)
{
	size_t h = v->height > 0 ? (size_t)v->height : 1;
	size_t max = ak_view_max_top(v), last = v->nlines ? v->nlines - 1 : 0;
	int sel = v->ops && v->ops->selectable;

	switch (act) {
	case AK_ACT_NEXT:
		if (sel) {
			if (v->sel < last)
				v->sel++;
		} else if (v->top < max) {
			v->top++;
		}
		break;
	case AK_ACT_PREV:
		if (sel) {
			if (v->sel > 0)
				v->sel--;
		} else if (v->top > 0) {
			v->top--;
		}
		break;
	case AK_ACT_PAGE_DOWN:
		if (sel) {
			/* as mutt and tig: the cursor keeps its row */
			if (v->top >= max)
				v->sel = last;
			else
				v->sel = v->sel + h < last ? v->sel + h : last;
			v->top = v->top + h < max ? v->top + h : max;
		} else {
			v->top = v->top + h < max ? v->top + h : max;
		}
		break;
	case AK_ACT_PAGE_UP:
		if (sel) {
			if (v->top == 0)
				v->sel = 0;
			else
				v->sel = v->sel > h ? v->sel - h : 0;
		}
		v->top = v->top > h ? v->top - h : 0;
		break;
	case AK_ACT_FIRST:
		v->top = v->sel = 0;
		break;
	case AK_ACT_LAST:
		v->sel = last;
		v->top = max;
		break;
	default:
		return 0;
	}
	ak_view_clamp(v);
	return 1;
}

/* ------------------------------------------------------------ history */

void
ak_history_init(struct ak_history *h)
{
	memset(h, 0, sizeof *h);
	h->cur = -1;
}

void
ak_history_release(struct ak_history *h)
{
	size_t i;

	for (i = 0; i < h->n; i++)
		free(h->e[i].query);
	free(h->e);
	ak_history_init(h);
}

struct ak_hist_entry *
ak_history_push(struct ak_history *h, int64_t id, const char *query,
	int64_t origin, int relidx)
{
	struct ak_hist_entry *e;
	size_t keep = (size_t)(h->cur + 1), i;

	for (i = keep; i < h->n; i++)
		free(h->e[i].query);
	h->n = keep;
	if (h->n == AK_HISTORY_MAX) {
		free(h->e[0].query);
		memmove(h->e, h->e + 1, (h->n - 1) * sizeof *h->e);
		h->n--;
	}
	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 16;
		h->e = ak_xreallocarray(h->e, h->cap, sizeof *h->e);
	}
	e = &h->e[h->n++];
	memset(e, 0, sizeof *e);
	e->id = id;
	e->query = query && *query ? ak_xstrdup(query) : NULL;
	e->origin = origin;
	e->relidx = relidx;
	h->cur = (long)h->n - 1;
	return e;
}

struct ak_hist_entry *
ak_history_back(struct ak_history *h)
{
	if (h->cur < 0)
		return NULL;
	h->cur--;
	return h->cur >= 0 ? &h->e[h->cur] : NULL;
}

struct ak_hist_entry *
ak_history_forward(struct ak_history *h)
{
	if ((size_t)(h->cur + 1) >= h->n)
		return NULL;
	h->cur++;
	return &h->e[h->cur];
}

struct ak_hist_entry *
ak_history_current(struct ak_history *h)
{
	if (h->cur < 0 || (size_t)h->cur >= h->n)
		return NULL;
	return &h->e[h->cur];
}

/* ------------------------------------------------------------ reader */

long long
ak_reader_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (long long)ts.tv_sec * 1000000 + ts.tv_nsec / 1000;
}

static void
request_clear(struct ak_reader *r)
{
	free((char *)r->req.query);
	free((char *)r->req.name);
	memset(&r->req, 0, sizeof r->req);
	r->has_req = 0;
}

void
ak_reader_init(struct ak_reader *r, struct ak_cache *cache,
	struct ak_options *opts, struct ak_keymap *keys)
{
	memset(r, 0, sizeof *r);
	r->cache = cache;
	r->opts = opts;
	r->keys = keys;
	r->arabic = ak_reader_arabic(opts, cache);
	ak_history_init(&r->hist);
	r->rows = 24;
	r->cols = 80;
}

void
ak_reader_release(struct ak_reader *r)
{
	while (r->depth > 0) {
		struct ak_view *v = r->stack[--r->depth];

		v->ops->close(v);
	}
	request_clear(r);
	ak_update_stop(r);
	ak_fulltext_stop(r);
	ak_history_release(&r->hist);
	ak_dates_free(r->dates);
	r->dates = NULL;
	ak_stemmer_free(r->stemmer);
	r->stemmer = NULL;
	free(r->pending);
	r->pending = NULL;
	r->npending = r->cappending = 0;
}

/* ------------------------------------------------------------- marks */

static int
write_flag(struct ak_reader *r, const struct ak_pending *p,
	struct ak_error *err)
{
	if (p->flag == AK_FLAG_READ)
		return ak_cache_set_read(r->cache, p->id, p->value, err);
	return ak_cache_set_starred(r->cache, p->id, p->value, err);
}

static struct ak_pending *
find_pending(const struct ak_reader *r, int64_t id, enum ak_flag flag)
{
	size_t i;

	for (i = 0; i < r->npending; i++)
		if (r->pending[i].id == id && r->pending[i].flag == flag)
			return &r->pending[i];
	return NULL;
}

static void
drop_pending(struct ak_reader *r, size_t i)
{
	memmove(&r->pending[i], &r->pending[i + 1],
		(r->npending - i - 1) * sizeof *r->pending);
	r->npending--;
}

void
ak_reader_set_flag(struct ak_reader *r, int64_t id, enum ak_flag flag,
	int old, int value)
{
	struct ak_pending *p = find_pending(r, id, flag);

	if (p) {
		/* changed again before it was written: the cache has p->old */
		p->value = value;
		if (p->value == p->old)
			drop_pending(r, (size_t)(p - r->pending));
		return;
	}
	if (old == value)
		return;
	if (r->npending == r->cappending) {
		r->cappending = r->cappending ? 2 * r->cappending : 16;
		r->pending = ak_xreallocarray(r->pending, r->cappending,
			sizeof *r->pending);
	}
	p = &r->pending[r->npending++];
	p->id = id;
	p->flag = flag;
	p->old = old;
	p->value = value;
}

void
ak_reader_flags(const struct ak_reader *r, int64_t id, int *read,
	int *starred)
{
	const struct ak_pending *p;

	p = find_pending(r, id, AK_FLAG_READ);
	if (p)
		*read = p->value;
	p = find_pending(r, id, AK_FLAG_STARRED);
	if (p)
		*starred = p->value;
}

long
ak_reader_pending_delta(const struct ak_reader *r, enum ak_flag flag)
{
	long d = 0;
	size_t i;

	for (i = 0; i < r->npending; i++)
		if (r->pending[i].flag == flag)
			d += flag == AK_FLAG_READ ?
				r->pending[i].old - r->pending[i].value :
				r->pending[i].value - r->pending[i].old;
	return d;
}

int
ak_reader_flush(struct ak_reader *r, int wait, struct ak_error *err)
{
	size_t i;
	int was, rc, e;

	if (!r->npending)
		return AK_OK;
	/* one transaction: one wait, one commit, all or nothing */
	was = ak_cache_wait(r->cache, wait ? AK_CACHE_WAIT_MS : 0);
	rc = ak_cache_begin(r->cache, err);
	if (rc == AK_OK) {
		for (i = 0; rc == AK_OK && i < r->npending; i++) {
			e = write_flag(r, &r->pending[i], err);
			if (e != AK_OK && e != AK_ENOTFOUND)	/* deleted */
				rc = e;
		}
		if (rc == AK_OK)
			rc = ak_cache_commit(r->cache, err);
		else
			ak_cache_rollback(r->cache);
	}
	ak_cache_wait(r->cache, was);
	if (rc == AK_EBUSY)
		return rc;	/* all kept for the next try */
	r->npending = 0;	/* written, or cannot be (err says why) */
	return rc;
}

/* Screen rows a line of v takes. */
static int
line_rows(const struct ak_view *v)
{
	return v->ops->line_rows > 1 ? v->ops->line_rows : 1;
}

/* v's height (in its lines) and width: the body, rows - 2 (header and
 * status line) by cols. */
static void
size_view(struct ak_reader *r, struct ak_view *v)
{
	int h = (r->rows - 2) / line_rows(v), w = r->cols;

	if (h < 1)
		h = 1;
	if (w < 1)
		w = 1;
	if (v->height == h && v->width == w)
		return;
	v->height = h;
	v->width = w;
	if (v->ops->relayout)
		v->ops->relayout(v, h, w);
	ak_view_clamp(v);
}

int
ak_reader_push(struct ak_reader *r, struct ak_view *v)
{
	if (r->depth == AK_VIEW_MAX) {
		v->ops->close(v);
		return -1;
	}
	v->r = r;
	r->stack[r->depth++] = v;
	size_view(r, v);
	r->dirty = 1;
	return 0;
}

void
ak_reader_pop(struct ak_reader *r)
{
	struct ak_view *v;

	if (r->depth == 0)
		return;
	v = r->stack[--r->depth];
	v->ops->close(v);
	r->dirty = 1;
	if (r->depth == 0)
		return;
	v = r->stack[r->depth - 1];
	size_view(r, v);
	if (v->ops->resume)
		v->ops->resume(v);
	ak_view_clamp(v);
}

struct ak_view *
ak_reader_top(struct ak_reader *r)
{
	return r->depth ? r->stack[r->depth - 1] : NULL;
}

static void
set_status(struct ak_reader *r, int error, const char *fmt, va_list ap)
{
	vsnprintf(r->status, sizeof r->status, fmt, ap);
	r->status_error = error;
	r->dirty = 1;
}

void
ak_reader_message(struct ak_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_status(r, 0, fmt, ap);
	va_end(ap);
}

void
ak_reader_error(struct ak_reader *r, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	set_status(r, 1, fmt, ap);
	va_end(ap);
}

/* ------------------------------------------------------------ requests */

/* The views the loop opens, by enum ak_view_id (view.h registers them). */
static const struct ak_view_ops *const views[AK_NVIEWS] = {
#define X(id, name) [AK_VIEW_##id] = &ak_view_##name##_ops,
	AK_VIEWS(X)
#undef X
};

void
ak_reader_request(struct ak_reader *r, const struct ak_request *req)
{
	request_clear(r);
	r->req = *req;
	r->req.query = req->query ? ak_xstrdup(req->query) : NULL;
	r->req.name = req->name ? ak_xstrdup(req->name) : NULL;
	r->has_req = 1;
	r->dirty = 1;
}

int
ak_reader_open(struct ak_reader *r, const struct ak_request *req)
{
	const struct ak_view_ops *ops;
	struct ak_view *top = ak_reader_top(r), *v;

	if ((unsigned)req->view >= AK_NVIEWS)
		return -1;
	ops = views[req->view];
	r->dirty = 1;
	if (top && top->ops == ops && (ops->flags & AK_VIEW_REUSE)) {
		if (ops->show)
			ops->show(top, req);
		return 0;
	}
	v = ops->open(r, req);
	if (!v)
		return -1;
	if (top && top->ops == ops && (ops->flags & AK_VIEW_REPLACE))
		ak_reader_pop(r);
	if (ak_reader_push(r, v) != 0)
		return -1;
	if (ops->show)
		ops->show(v, req);
	return 0;
}

/* Do what a view asked for, once it is done with its action. */
static void
run_request(struct ak_reader *r)
{
	struct ak_request req;

	if (!r->has_req)
		return;
	req = r->req;
	r->has_req = 0;
	ak_reader_open(r, &req);
	free((char *)req.query);
	free((char *)req.name);
	memset(&r->req, 0, sizeof r->req);
}

/* The view that act opens when no view used it, or NULL. */
static const struct ak_view_ops *
opened_by(enum ak_action act, enum ak_view_id *id)
{
	const enum ak_action *a;
	size_t i;

	for (i = 0; i < AK_NVIEWS; i++)
		for (a = views[i]->opened_by; a && *a != AK_ACT_NONE; a++)
			if (*a == act) {
				*id = (enum ak_view_id)i;
				return views[i];
			}
	return NULL;
}

/* ------------------------------------------------------------ drawing */

/* Short words for the status line's keys. */
static const char *
hint_label(const struct ak_reader *r, enum ak_action a)
{
	static const struct {
		enum ak_action act;
		const char *en, *ar;
	} h[] = {
		{ AK_ACT_OPEN, "open", "فتح" },
		{ AK_ACT_BACK, "back", "رجوع" },
		{ AK_ACT_QUIT, "quit", "خروج" },
		{ AK_ACT_SEARCH, "search", "بحث" },
		{ AK_ACT_STAR, "star", "نجمة" },
		{ AK_ACT_TOGGLE_READ, "read", "مقروء" },
		{ AK_ACT_RELOAD, "reload", "تحديث" },
		{ AK_ACT_HELP, "help", "مساعدة" },
		{ AK_ACT_FOCUS, "related", "ذات صلة" },
		{ AK_ACT_RELATED_NEXT, "next related", "التالي" },
		{ AK_ACT_HISTORY_BACK, "history", "السابق" },
		{ AK_ACT_EXPORT, "export", "تصدير" },
		{ AK_ACT_HIT_NEXT, "next hit", "النتيجة التالية" },
		{ AK_ACT_NEXT_UNREAD, "next unread", "غير المقروء التالي" },
		{ AK_ACT_MARK_ALL_READ, "all read", "الكل مقروء" },
		{ AK_ACT_UNREAD_ONLY, "unread only", "غير المقروءة" },
		{ AK_ACT_OPEN_URL, "open link", "فتح الرابط" },
		{ AK_ACT_UPDATE, "update", "تحديث" },
		{ AK_ACT_FEEDS, "feeds", "المصادر" },
		{ AK_ACT_STORY, "same story", "الخبر نفسه" },
	};
	size_t i;

	for (i = 0; i < sizeof h / sizeof *h; i++)
		if (h[i].act == a)
			return r->arabic ? h[i].ar : h[i].en;
	return ak_action_name(a);
}

static void
draw_hints(struct ak_reader *r, struct ak_view *v, int y)
{
	struct ak_buf b = AK_BUF_INIT;
	char name[AK_KEY_NAME_MAX];
	const enum ak_action *a;
	int key, x = 0, right = r->cols, wk, wl;
	enum ak_action act;

	for (a = v->ops->hints; a && *a != AK_ACT_NONE; a++) {
		act = *a;
		/* q is "quit" at the bottom of the stack */
		if (act == AK_ACT_BACK && r->depth <= 1)
			act = AK_ACT_QUIT;
		if (ak_keymap_keys(r->keys, v->ops->keymap, act, &key, 1) == 0)
			continue;
		if (act == AK_ACT_QUIT && ak_keymap_lookup(r->keys,
		    v->ops->keymap, 'q') == AK_ACT_BACK && r->depth <= 1)
			key = 'q';
		ak_key_name(key, name, sizeof name);
		ak_buf_reset(&b);
		ak_buf_addstr(&b, hint_label(r, act));
		wk = ak_screen_text_width(name);
		wl = ak_screen_text_width(ak_buf_str(&b));
		if (!r->arabic) {
			if (x + wk + 1 + wl > r->cols)
				break;
			ak_screen_text(y, x, wk, name, AK_DIR_LTR,
				AK_ALIGN_LEFT, AK_C_KEY, -1);
			ak_screen_text(y, x + wk + 1, wl, ak_buf_str(&b),
				AK_DIR_AUTO, AK_ALIGN_LEFT, AK_C_STATUS, -1);
			x += wk + 1 + wl + 2;
		} else {
			if (right - wk - 1 - wl < 0)
				break;
			ak_screen_text(y, right - wk, wk, name, AK_DIR_LTR,
				AK_ALIGN_LEFT, AK_C_KEY, -1);
			ak_screen_text(y, right - wk - 1 - wl, wl,
				ak_buf_str(&b), AK_DIR_RTL, AK_ALIGN_RIGHT,
				AK_C_STATUS, -1);
			right -= wk + 1 + wl + 2;
		}
	}
	ak_buf_release(&b);
}

void
ak_reader_draw(struct ak_reader *r)
{
	struct ak_view *v = ak_reader_top(r);
	struct ak_buf b = AK_BUF_INIT;
	enum ak_dir dir = r->arabic ? AK_DIR_RTL : AK_DIR_LTR;
	size_t i;
	int row;

	ak_screen_erase();
	ak_screen_cursor(-1, 0);
	if (r->rows < MIN_ROWS || r->cols < MIN_COLS) {
		ak_screen_text(r->rows / 2, 0, r->cols,
			ak_label(r, AK_L_TOO_SMALL), dir, AK_ALIGN_NATURAL,
			AK_C_ERROR, -1);
		return;
	}
	if (!v)
		return;
	/* header */
	ak_screen_fill(0, 0, r->cols, AK_C_HEADER);
	ak_buf_addstr(&b, "akhbar · ");
	if (v->ops->title)
		v->ops->title(v, &b);
	ak_screen_text(0, 1, r->cols - 2, ak_buf_str(&b), dir,
		AK_ALIGN_NATURAL, AK_C_HEADER, -1);
	/* body */
	for (row = 1, i = v->top; i < v->top + (size_t)v->height &&
	    i < v->nlines; row += line_rows(v), i++)
		v->ops->draw_line(v, i, row, v->ops->selectable && i == v->sel);
	if (v->nlines == 0 && v->ops->draw_line)
		v->ops->draw_line(v, (size_t)-1, 1, 0);
	/* status */
	ak_buf_reset(&b);
	if (r->status[0])
		ak_screen_text(r->rows - 1, 0, r->cols, r->status, AK_DIR_AUTO,
			r->arabic ? AK_ALIGN_RIGHT : AK_ALIGN_LEFT,
			r->status_error ? AK_C_ERROR : AK_C_MESSAGE, -1);
	else if (ak_update_progress(r, &b) || ak_fulltext_progress(r, &b))
		ak_screen_text(r->rows - 1, 0, r->cols, ak_buf_str(&b),
			r->arabic ? AK_DIR_RTL : AK_DIR_LTR,
			r->arabic ? AK_ALIGN_RIGHT : AK_ALIGN_LEFT,
			AK_C_MESSAGE, -1);
	else
		draw_hints(r, v, r->rows - 1);
	ak_buf_release(&b);
}

/* ------------------------------------------------------------ main loop */

void
ak_reader_resize(struct ak_reader *r)
{
	size_t i;

	ak_screen_size(&r->rows, &r->cols);
	/* Only the top view matters now; the others on resume. */
	if (r->depth)
		size_view(r, r->stack[r->depth - 1]);
	for (i = 0; i + 1 < r->depth; i++)
		r->stack[i]->height = -1;	/* size again on resume */
	r->dirty = 1;
}

static void
dispatch(struct ak_reader *r, enum ak_action act)
{
	struct ak_view *v = ak_reader_top(r);
	struct ak_request req;

	if (!v)
		return;
	if (v->ops->handle)
		act = v->ops->handle(v, act);
	if (act == AK_ACT_NONE) {
		r->dirty = 1;
		return;
	}
	if (ak_view_navigate(v, act)) {
		r->dirty = 1;
		return;
	}
	memset(&req, 0, sizeof req);
	if (opened_by(act, &req.view)) {
		req.act = act;
		ak_reader_request(r, &req);
		return;
	}
	switch (act) {
	case AK_ACT_QUIT:
		r->quit = 1;
		break;
	case AK_ACT_BACK:
		if (r->depth <= 1)
			r->quit = 1;
		else
			ak_reader_pop(r);
		break;
	case AK_ACT_REDRAW:
		ak_screen_invalidate();
		break;
	case AK_ACT_UPDATE:
		ak_update_start(r);
		break;
	case AK_ACT_HISTORY_BACK:
		ak_reader_message(r, "%s", ak_label(r, AK_L_HIST_START));
		break;
	default:
		break;
	}
	r->dirty = 1;
}

static void
mouse(struct ak_reader *r, const struct ak_input *in)
{
	struct ak_view *v = ak_reader_top(r);
	size_t line;
	int i;

	if (!v || r->rows < MIN_ROWS || r->cols < MIN_COLS)
		return;
	if (in->button == AK_MOUSE_WHEEL_UP ||
	    in->button == AK_MOUSE_WHEEL_DOWN) {
		for (i = 0; i < 3; i++)
			ak_view_navigate(v, in->button == AK_MOUSE_WHEEL_UP ?
				AK_ACT_PREV : AK_ACT_NEXT);
		r->dirty = 1;
		return;
	}
	if (in->y < 1 || in->y > v->height * line_rows(v))
		return;
	line = v->top + (size_t)((in->y - 1) / line_rows(v));
	if (line >= v->nlines)
		return;
	if (v->ops->selectable) {
		ak_view_select(v, line);
		dispatch(r, AK_ACT_OPEN);
	} else if (v->ops->click) {
		v->ops->click(v, line);
	}
	r->dirty = 1;
}

static void
timing(struct ak_reader *r, const char *what, long long us)
{
	FILE *f;

	if (!r->timing_path)
		return;
	f = fopen(r->timing_path, "a");
	if (!f)
		return;
	fprintf(f, "%s %lld\n", what, us);
	fclose(f);
}

/* For a benchmark that starts its clock before exec: the wall clock of
 * the first screen, and the time since the reader started. */
static void
first_screen_timing(struct ak_reader *r)
{
	struct timespec ts;

	if (!r->timing_path)
		return;
	clock_gettime(CLOCK_REALTIME, &ts);
	timing(r, "first-screen-at", (long long)ts.tv_sec * 1000000 +
		ts.tv_nsec / 1000);
	timing(r, "first-screen", ak_reader_now() - r->t_start);
}

/* Write the marks set since the last time, if the cache is free (the loop
 * comes here after drawing, before each key, and every 250 ms). */
static void
save_marks(struct ak_reader *r)
{
	struct ak_error err = { 0, "" };
	int rc = ak_reader_flush(r, 0, &err);

	if (rc != AK_OK && rc != AK_EBUSY) {
		ak_reader_error(r, "%s", err.msg);
		r->dirty = 1;
	}
}

/*
 * After the first screen, before the first key: what opening the first
 * article would otherwise wait for (ICU's line-break rules, the article's
 * date formats: 1-3 ms together).  Nobody presses a key that fast.
 */
static void
prepare_article(struct ak_reader *r)
{
	ak_layout_prepare();
	ak_reader_prepare_dates(r);
}

int
ak_reader_run(struct ak_reader *r)
{
	struct ak_input in;
	struct ak_view *v;
	enum ak_action act;
	long long t0 = 0;
	int first = 1;
	char name[AK_KEY_NAME_MAX + 8];

	ak_reader_resize(r);
	while (!r->quit && r->depth > 0) {
		v = ak_reader_top(r);
		if (v->height < 0)
			size_view(r, v);
		if (r->dirty) {
			ak_reader_draw(r);
			ak_screen_flush();
			r->dirty = 0;
			if (first) {
				first_screen_timing(r);
				prepare_article(r);
			} else if (t0) {
				timing(r, name, ak_reader_now() - t0);
			}
			first = 0;
			t0 = 0;
		}
		if (r->npending)
			save_marks(r);
		ak_screen_read(&in);
		t0 = r->timing_path ? ak_reader_now() : 0;
		switch (in.type) {
		case AK_IN_KEY:
			snprintf(name, sizeof name, "key-%s", v->ops->name);
			if (r->status[0]) {
				r->status[0] = '\0';
				r->dirty = 1;
			}
			act = ak_keymap_lookup(r->keys, v->ops->keymap, in.key);
			if (act == AK_ACT_NONE) {
				if (in.key != 27)
					ak_reader_message(r, "%s",
						ak_label(r, AK_L_UNKNOWN_KEY));
				break;
			}
			dispatch(r, act);
			break;
		case AK_IN_RESIZE:
			snprintf(name, sizeof name, "resize");
			ak_reader_resize(r);
			break;
		case AK_IN_MOUSE:
			snprintf(name, sizeof name, "mouse");
			mouse(r, &in);
			break;
		case AK_IN_SIGNAL:
			t0 = 0;
			if (in.sig == SIGTSTP) {
				ak_screen_suspend();
				ak_reader_resize(r);
				break;
			}
			r->quit = 1;
			r->exit_status = 128 + in.sig;
			break;
		case AK_IN_NONE:
			t0 = 0;
			break;
		}
		run_request(r);
		ak_update_poll(r);
		ak_fulltext_poll(r);
	}
	return r->exit_status;
}
