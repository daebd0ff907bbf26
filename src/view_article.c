/*
 * The article view: the history's current entry laid out by
 * ak_layout_article (header, body, related stories below), once per
 * width.  Opening marks the article read.  Tab moves the focus to the
 * related stories and back, 1-9 open one, ] and [ walk the related
 * stories of the story you came from, Backspace/H and L move through the
 * history, n/N go from search hit to search hit (AK_ATTR_HIT cells).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/layout.h"
#include "akhbar/link.h"
#include "akhbar/screen.h"
#include "akhbar/search.h"
#include "akhbar/view.h"

#define MAX_TEXT_WIDTH 100	/* longer lines are hard to read */

struct art {
	struct ak_view v;
	int64_t id;			/* 0: nothing shown */
	struct ak_article a;
	struct ak_related *rel;
	size_t nrel;
	struct ak_lines lines;
	int textw;			/* laid out for this width */
	int margin;
	/* ] and [: the related stories of the story we came from */
	int64_t origin;
	int relidx;
	int64_t *orel;
	size_t norel;
	/* search hits */
	char *query;
	size_t *hitlines;
	size_t nhit;
	long curhit;
	/* focus on the related stories */
	int focus;
	int fsel;
};

static const enum ak_action article_hints[] = {
	AK_ACT_FOCUS, AK_ACT_RELATED_NEXT, AK_ACT_HISTORY_BACK, AK_ACT_STAR,
	AK_ACT_EXPORT, AK_ACT_HELP, AK_ACT_BACK, AK_ACT_NONE
};

static void
clear(struct art *t)
{
	ak_lines_release(&t->lines);
	ak_article_release(&t->a);
	if (t->rel)
		ak_related_free_array(t->rel, t->nrel);
	t->rel = NULL;
	t->nrel = 0;
	free(t->orel);
	t->orel = NULL;
	t->norel = 0;
	free(t->query);
	t->query = NULL;
	free(t->hitlines);
	t->hitlines = NULL;
	t->nhit = 0;
	t->curhit = -1;
	t->focus = 0;
	t->fsel = 0;
	t->id = 0;
	t->textw = 0;
}

/* ------------------------------------------------------------ hits */

struct mark_ctx {
	size_t *s, *e;
	size_t n, cap;
};

static void
on_match(void *ctx, size_t start, size_t end)
{
	struct mark_ctx *m = ctx;

	if (m->n == m->cap) {
		m->cap = m->cap ? m->cap * 2 : 16;
		m->s = ak_xreallocarray(m->s, m->cap, sizeof *m->s);
		m->e = ak_xreallocarray(m->e, m->cap, sizeof *m->e);
	}
	m->s[m->n] = start;
	m->e[m->n] = end;
	m->n++;
}

/* The text a laid-out line came from, or NULL (labels, meta, related). */
static const char *
line_source(const struct art *t, const struct ak_vline *l)
{
	uint16_t a = l->ncells ? l->cells[0].attr : 0;

	if ((a & AK_ATTR_SUMMARY) && (a & AK_ATTR_HEADING))
		return NULL;		/* the "Summary" label */
	if (l->block >= 0 && (size_t)l->block < t->a.nblocks)
		return t->a.blocks[l->block].text;
	if (l->tag >= 0)
		return NULL;
	if (a & AK_ATTR_TITLE)
		return t->a.title;
	if (a & AK_ATTR_SUBTITLE)
		return t->a.subtitle;
	return NULL;
}

/* Mark the cells of search hits and list the lines that have one. */
static void
apply_hits(struct art *t)
{
	struct ak_search_query q;
	struct ak_error err;
	struct mark_ctx m;
	const char *src, *last = NULL;
	size_t i, k, j;
	int any;

	free(t->hitlines);
	t->hitlines = NULL;
	t->nhit = 0;
	t->curhit = -1;
	if (!t->query)
		return;
	memset(&m, 0, sizeof m);
	if (ak_search_parse(t->query, &q, &err) != AK_OK) {
		ak_search_query_release(&q);
		return;
	}
	for (i = 0; i < t->lines.n; i++) {
		struct ak_vline *l = &t->lines.lines[i];

		src = line_source(t, l);
		if (!src)
			continue;
		if (src != last) {
			m.n = 0;
			ak_search_matches(&q, src, strlen(src), on_match, &m);
			last = src;
		}
		any = 0;
		for (k = 0; k < l->ncells; k++)
			for (j = 0; j < m.n; j++)
				if (l->cells[k].logical >= m.s[j] &&
				    l->cells[k].logical < m.e[j]) {
					l->cells[k].attr |= AK_ATTR_HIT;
					any = 1;
					break;
				}
		if (any) {
			t->hitlines = ak_xreallocarray(t->hitlines,
				t->nhit + 1, sizeof *t->hitlines);
			t->hitlines[t->nhit++] = i;
		}
	}
	free(m.s);
	free(m.e);
	ak_search_query_release(&q);
}

/* ------------------------------------------------------------ layout */

static void
labels_for(const struct ak_reader *r, struct ak_layout_labels *lab)
{
	lab->summary = ak_label(r, AK_L_SUMMARY);
	lab->related = ak_label(r, AK_L_RELATED);
	lab->kind[AK_REL_REF] = ak_label(r, AK_L_KIND_REF);
	lab->kind[AK_REL_SAME_STORY] = ak_label(r, AK_L_KIND_SAME);
	lab->kind[AK_REL_RELATED] = ak_label(r, AK_L_KIND_REL);
	lab->sep = " · ";
}

/*
 * Where the reader is, to find it again after a re-layout: the first
 * line on screen that belongs to a block (or a related story), and how
 * far below the top it is (blank lines and titles have no place of
 * their own).
 */
struct anchor {
	int found;
	int block;
	uint32_t lstart;
	int tag;
	size_t delta;
	size_t top, n;
};

static void
anchor_get(const struct art *t, struct anchor *an)
{
	size_t i, h = t->v.height > 0 ? (size_t)t->v.height : 1;

	memset(an, 0, sizeof *an);
	an->top = t->v.top;
	an->n = t->lines.n;
	for (i = t->v.top; i < t->lines.n && i < t->v.top + h; i++) {
		const struct ak_vline *l = &t->lines.lines[i];

		if (l->block >= 0 || l->tag >= 0) {
			an->found = 1;
			an->block = l->block;
			an->lstart = l->lstart;
			an->tag = l->tag;
			an->delta = i - t->v.top;
			return;
		}
	}
}

static void
anchor_find(struct art *t, const struct anchor *an)
{
	size_t i;

	for (i = 0; an->found && i < t->lines.n; i++) {
		const struct ak_vline *l = &t->lines.lines[i];
		uint32_t end = l->lend > l->lstart ? l->lend : l->lstart + 1;

		if ((an->block >= 0 && l->block == an->block &&
		    l->lstart <= an->lstart && an->lstart < end) ||
		    (an->block < 0 && an->tag >= 0 && l->tag == an->tag)) {
			t->v.top = i > an->delta ? i - an->delta : 0;
			return;
		}
	}
	t->v.top = an->n ? an->top * t->lines.n / an->n : 0;
}

static void
lay_out(struct art *t)
{
	struct ak_reader *r = t->v.r;
	struct ak_layout_labels lab;
	struct ak_layout_opts o;
	struct ak_error err = { 0, "" };
	int w = t->v.width - 2;

	if (w > MAX_TEXT_WIDTH)
		w = MAX_TEXT_WIDTH;
	if (w < 1)
		w = 1;
	t->textw = w;
	t->margin = (t->v.width - w) / 2;
	ak_lines_release(&t->lines);
	ak_lines_init(&t->lines);
	t->v.nlines = 0;
	if (!t->id)
		return;
	labels_for(r, &lab);
	ak_screen_layout_opts(&o, w, AK_DIR_AUTO);
	o.labels = &lab;
	if (ak_layout_article(&t->a, t->rel, t->nrel, &o, &t->lines, &err) !=
	    AK_OK)
		ak_reader_error(r, "%s", err.msg);
	t->v.nlines = t->lines.n;
	apply_hits(t);
}

/* The first line of related story tag, or nlines. */
static size_t
tag_line(const struct art *t, int tag)
{
	size_t i;

	for (i = 0; i < t->lines.n; i++)
		if (t->lines.lines[i].tag == tag)
			return i;
	return t->lines.n;
}

static void
show_focus(struct art *t)
{
	size_t first = tag_line(t, t->fsel), last = first, h;

	if (first >= t->lines.n)
		return;
	while (last + 1 < t->lines.n && t->lines.lines[last + 1].tag == t->fsel)
		last++;
	h = t->v.height > 0 ? (size_t)t->v.height : 1;
	if (first < t->v.top)
		t->v.top = first;
	else if (last >= t->v.top + h)
		t->v.top = last + 1 - h;
	ak_view_clamp(&t->v);
}

/* ------------------------------------------------------------ showing */

/* Save where the reader is into the current history entry. */
static void
save(struct art *t)
{
	struct ak_hist_entry *e = ak_history_current(&t->v.r->hist);

	if (e && e->id == t->id)
		e->top = t->v.top;
}

static void
load_origin(struct art *t)
{
	struct ak_related *rel = NULL;
	size_t n = 0, i;

	free(t->orel);
	t->orel = NULL;
	t->norel = 0;
	if (t->origin == t->id) {
		rel = t->rel;
		n = t->nrel;
	} else if (t->origin > 0 && ak_related_list(t->v.r->cache, t->origin,
	    &rel, &n, NULL) != AK_OK) {
		rel = NULL;
		n = 0;
	}
	if (n) {
		t->orel = ak_xreallocarray(NULL, n, sizeof *t->orel);
		for (i = 0; i < n; i++)
			t->orel[i] = rel[i].id;
		t->norel = n;
	}
	if (rel && rel != t->rel)
		ak_related_free_array(rel, n);
}

/* Show the history's current entry (after a move). */
static int
show_current(struct art *t)
{
	struct ak_view *v = &t->v;
	struct ak_reader *r = v->r;
	struct ak_hist_entry *e = ak_history_current(&r->hist);
	struct ak_error err = { 0, "" };
	struct ak_buf b = AK_BUF_INIT;
	size_t i;
	int rc;

	clear(t);
	v->top = v->sel = 0;
	v->nlines = 0;
	if (!e)
		return AK_ENOTFOUND;
	ak_article_init(&t->a);
	rc = ak_cache_get(r->cache, e->id, &t->a, &err);
	if (rc != AK_OK) {
		ak_reader_error(r, "%s", err.msg[0] ? err.msg :
			ak_strerror(rc));
		r->dirty = 1;
		return rc;
	}
	t->id = e->id;
	ak_reader_flags(r, t->id, &t->a.read, &t->a.starred);
	if (ak_related_list(r->cache, t->id, &t->rel, &t->nrel, &err) !=
	    AK_OK) {
		t->rel = NULL;
		t->nrel = 0;
		ak_reader_error(r, "%s", err.msg);
	}
	t->origin = e->origin ? e->origin : e->id;
	t->relidx = e->relidx;
	load_origin(t);
	t->query = e->query ? ak_xstrdup(e->query) : NULL;
	if (!t->a.read) {
		ak_reader_set_flag(r, t->id, AK_FLAG_READ, 0, 1);
		t->a.read = 1;
	}
	/* Dates in the interface's format (and Hijri, if asked). */
	if (ak_reader_date(r, t->a.published, AK_DATE_TIME | AK_DATE_HIJRI |
	    AK_DATE_ISOLATE, &b) == 0)
		ak_set_str(&t->a.date_raw, ak_buf_str(&b));
	for (i = 0; i < t->nrel; i++) {
		ak_buf_reset(&b);
		if (ak_reader_date(r, t->rel[i].published, AK_DATE_TIME |
		    AK_DATE_ISOLATE, &b) == 0)
			ak_set_str(&t->rel[i].published, ak_buf_str(&b));
	}
	ak_buf_release(&b);
	lay_out(t);
	v->top = e->top;
	ak_view_clamp(v);
	if (t->query && t->nhit && e->top == 0) {
		/* Opened from the search results: go to the first hit
		 * below the header. */
		t->curhit = 0;
		if (t->hitlines[0] >= (size_t)v->height)
			ak_view_scroll_to(v, t->hitlines[0] -
				(size_t)v->height / 3);
	}
	r->dirty = 1;
	return AK_OK;
}

/* Ask the loop for another article (it comes back to article_show). */
static void
open_article(struct ak_reader *r, int64_t id, int64_t origin, int relidx)
{
	struct ak_request req;

	memset(&req, 0, sizeof req);
	req.view = AK_VIEW_ARTICLE;
	req.id = id;
	req.origin = origin;
	req.relidx = relidx;
	ak_reader_request(r, &req);
}

static void
open_related(struct art *t, size_t i)
{
	struct ak_reader *r = t->v.r;

	if (i >= t->nrel) {
		ak_reader_message(r, "%s", ak_label(r, t->nrel ?
			AK_L_NO_STORY : AK_L_NO_RELATED));
		return;
	}
	if (t->rel[i].id <= 0) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NOT_CACHED));
		return;
	}
	open_article(r, t->rel[i].id, t->id, (int)i);
}

/*
 * 1-9: the n-th story that can be opened (the layout numbers only those;
 * the page's refs to stories not in the cache have no number).
 */
static void
open_numbered(struct art *t, size_t n)
{
	struct ak_reader *r = t->v.r;
	size_t i, k = 0;

	for (i = 0; i < t->nrel; i++)
		if (t->rel[i].id > 0 && k++ == n) {
			open_related(t, i);
			return;
		}
	ak_reader_message(r, "%s", ak_label(r, t->nrel ? AK_L_NO_STORY :
		AK_L_NO_RELATED));
}

/* ] (dir 1) and [ (dir -1). */
static void
walk_related(struct art *t, int dir)
{
	struct ak_reader *r = t->v.r;
	long j;

	for (j = t->relidx + dir; j >= 0 && (size_t)j < t->norel; j += dir)
		if (t->orel[j] > 0 && t->orel[j] != t->id) {
			open_article(r, t->orel[j], t->origin, (int)j);
			return;
		}
	if (dir < 0 && t->relidx >= 0 && t->origin != t->id) {
		open_article(r, t->origin, t->origin, -1);
		return;
	}
	ak_reader_message(r, "%s", ak_label(r, t->norel ?
		AK_L_NO_MORE_RELATED : AK_L_NO_RELATED));
}

/*
 * n (dir 1) and N (dir -1): from the current hit while it is on screen,
 * else from the screen (the first hit at or below its top; for N the last
 * above its bottom), going round at either end as less and vim do.
 */
static void
goto_hit(struct art *t, int dir)
{
	struct ak_reader *r = t->v.r;
	struct ak_buf b = AK_BUF_INIT;
	long i, n = (long)t->nhit;
	size_t h = t->v.height > 0 ? (size_t)t->v.height : 1;
	int wrapped = 0;

	if (!n) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_HIT_HERE));
		return;
	}
	if (t->curhit >= 0 && t->curhit < n &&
	    t->hitlines[t->curhit] >= t->v.top &&
	    t->hitlines[t->curhit] < t->v.top + h) {
		i = t->curhit + dir;
	} else {
		for (i = dir > 0 ? 0 : n - 1; i >= 0 && i < n; i += dir)
			if (dir > 0 ? t->hitlines[i] >= t->v.top :
			    t->hitlines[i] < t->v.top + h)
				break;
	}
	if (i < 0 || i >= n) {
		i = i < 0 ? n - 1 : 0;
		wrapped = 1;
	}
	t->curhit = i;
	if (t->hitlines[i] < t->v.top || t->hitlines[i] >= t->v.top + h)
		ak_view_scroll_to(&t->v, t->hitlines[i] > h / 3 ?
			t->hitlines[i] - h / 3 : 0);
	ak_buf_addf(&b, "%s ", ak_label(r, AK_L_HIT));
	ak_reader_number(r, i + 1, &b);
	ak_buf_addf(&b, " %s ", ak_label(r, AK_L_OF));
	ak_reader_number(r, n, &b);
	if (wrapped)
		ak_buf_addf(&b, " · %s", ak_label(r, dir > 0 ?
			AK_L_FROM_TOP : AK_L_FROM_END));
	ak_reader_message(r, "%s", ak_buf_str(&b));
	ak_buf_release(&b);
}

/*
 * The next unread article after this one in the list's order (all the
 * articles), skipping those read here and not written to the cache yet.
 */
static void
next_unread(struct art *t)
{
	struct ak_reader *r = t->v.r;
	struct ak_error err = { 0, "" };
	int64_t after = t->id, id = 0;
	int rd, st, k, rc = AK_ENOTFOUND;

	for (k = 0; k < 100; k++) {
		rc = ak_cache_next_unread(r->cache, NULL, after, &id, NULL, NULL,
			&err);
		if (rc != AK_OK)
			break;
		rd = st = 0;
		ak_reader_flags(r, id, &rd, &st);
		if (!rd && id != t->id)
			break;
		after = id;
		rc = AK_ENOTFOUND;
	}
	if (rc == AK_ENOTFOUND)
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_UNREAD));
	else if (rc != AK_OK)
		ak_reader_error(r, "%s", err.msg);
	else
		open_article(r, id, id, -1);
}

static void
find(struct art *t)
{
	struct ak_reader *r = t->v.r;
	struct ak_hist_entry *e = ak_history_current(&r->hist);
	char *q = NULL;

	if (!ak_prompt(r, ak_label(r, AK_L_PROMPT_FIND), t->query, &q))
		return;
	free(t->query);
	t->query = *q ? q : NULL;
	if (!*q)
		free(q);
	if (e && e->id == t->id) {
		free(e->query);
		e->query = t->query ? ak_xstrdup(t->query) : NULL;
	}
	/* A fresh layout drops the old marks. */
	lay_out(t);
	ak_view_clamp(&t->v);
	if (t->query)
		goto_hit(t, 1);
}

static enum ak_action
article_handle(struct ak_view *v, enum ak_action act)
{
	struct art *t = (struct art *)v;
	struct ak_reader *r = v->r;
	struct ak_hist_entry *e;

	if (t->focus) {
		switch (act) {
		case AK_ACT_NEXT:
		case AK_ACT_PREV:
			t->fsel += act == AK_ACT_NEXT ? 1 : -1;
			if (t->fsel < 0)
				t->fsel = 0;
			if ((size_t)t->fsel >= t->nrel)
				t->fsel = (int)t->nrel - 1;
			show_focus(t);
			return AK_ACT_NONE;
		case AK_ACT_OPEN:
			open_related(t, (size_t)t->fsel);
			return AK_ACT_NONE;
		default:
			break;
		}
	}
	switch (act) {
	case AK_ACT_FOCUS:
		if (!t->nrel) {
			ak_reader_message(r, "%s",
				ak_label(r, AK_L_NO_RELATED));
			return AK_ACT_NONE;
		}
		t->focus = !t->focus;
		if (t->focus) {
			if ((size_t)t->fsel >= t->nrel)
				t->fsel = 0;
			show_focus(t);
		}
		return AK_ACT_NONE;
	case AK_ACT_OPEN:
		return AK_ACT_NONE;
	case AK_ACT_RELATED_1: case AK_ACT_RELATED_2: case AK_ACT_RELATED_3:
	case AK_ACT_RELATED_4: case AK_ACT_RELATED_5: case AK_ACT_RELATED_6:
	case AK_ACT_RELATED_7: case AK_ACT_RELATED_8: case AK_ACT_RELATED_9:
		open_numbered(t, (size_t)(act - AK_ACT_RELATED_1));
		return AK_ACT_NONE;
	case AK_ACT_RELATED_NEXT:
		walk_related(t, 1);
		return AK_ACT_NONE;
	case AK_ACT_RELATED_PREV:
		walk_related(t, -1);
		return AK_ACT_NONE;
	case AK_ACT_HISTORY_BACK:
		save(t);
		e = ak_history_back(&r->hist);
		if (!e)
			return AK_ACT_BACK;	/* back to the list */
		show_current(t);
		return AK_ACT_NONE;
	case AK_ACT_HISTORY_FORWARD:
		save(t);
		e = ak_history_forward(&r->hist);
		if (!e) {
			ak_reader_message(r, "%s", ak_label(r, AK_L_HIST_END));
			return AK_ACT_NONE;
		}
		show_current(t);
		return AK_ACT_NONE;
	case AK_ACT_BACK:
		if (t->focus) {
			t->focus = 0;
			return AK_ACT_NONE;
		}
		save(t);
		r->hist.cur = -1;
		return AK_ACT_BACK;
	case AK_ACT_STAR:
		if (!t->id)
			return AK_ACT_NONE;
		ak_reader_set_flag(r, t->id, AK_FLAG_STARRED, t->a.starred,
		    !t->a.starred);
		t->a.starred = !t->a.starred;
		ak_reader_message(r, "%s", ak_label(r, t->a.starred ?
			AK_L_STARRED : AK_L_UNSTARRED));
		return AK_ACT_NONE;
	case AK_ACT_TOGGLE_READ:
		if (!t->id)
			return AK_ACT_NONE;
		ak_reader_set_flag(r, t->id, AK_FLAG_READ, t->a.read,
		    !t->a.read);
		t->a.read = !t->a.read;
		ak_reader_message(r, "%s", ak_label(r, t->a.read ?
			AK_L_MARKED_READ : AK_L_MARKED_UNREAD));
		return AK_ACT_NONE;
	case AK_ACT_EXPORT:
		if (t->id)
			ak_reader_export(r, t->id);
		return AK_ACT_NONE;
	case AK_ACT_SEARCH:
		find(t);
		return AK_ACT_NONE;
	case AK_ACT_HIT_NEXT:
		/* n without a search: on to the next unread article */
		if (t->query)
			goto_hit(t, 1);
		else
			next_unread(t);
		return AK_ACT_NONE;
	case AK_ACT_NEXT_UNREAD:
		next_unread(t);
		return AK_ACT_NONE;
	case AK_ACT_OPEN_URL:
		if (t->id)
			ak_reader_open_link(r, t->id, t->a.url);
		return AK_ACT_NONE;
	case AK_ACT_FULL_TEXT:
		if (t->id)
			ak_fulltext_start(r, t->id);
		return AK_ACT_NONE;
	case AK_ACT_HIT_PREV:
		goto_hit(t, -1);
		return AK_ACT_NONE;
	default:
		return act;
	}
}

static void
article_draw_line(struct ak_view *v, size_t lineno, int row, int selected)
{
	struct art *t = (struct art *)v;
	const struct ak_vline *l;
	int over = -1;

	(void)selected;
	if (lineno >= t->lines.n)
		return;
	l = &t->lines.lines[lineno];
	if (t->focus && l->tag >= 0 && l->tag == t->fsel) {
		over = AK_C_FOCUS;
		ak_screen_fill(row, t->margin, t->textw, AK_C_FOCUS);
	}
	ak_screen_vline(row, t->margin, t->textw, l, AK_C_DEFAULT, over);
}

static void
article_title(struct ak_view *v, struct ak_buf *b)
{
	struct art *t = (struct art *)v;
	struct ak_reader *r = v->r;
	size_t h = v->height > 0 ? (size_t)v->height : 1;
	long pct;

	ak_buf_addstr(b, ak_label(r, AK_L_ARTICLE));
	if (!t->id)
		return;
	if (t->a.starred)
		ak_buf_addstr(b, " \u2605");
	pct = v->nlines ? (long)((v->top + h >= v->nlines ? v->nlines :
		v->top + h) * 100 / v->nlines) : 100;
	ak_buf_addstr(b, " · ");
	ak_reader_number(r, pct, b);
	ak_buf_addstr(b, r->arabic ? "٪" : "%");
	if (t->query) {
		ak_buf_addf(b, " · %s: \u2068", ak_label(r, AK_L_SEARCH));
		ak_buf_addstr(b, t->query);
		ak_buf_addstr(b, "\u2069");
	}
}

static void
article_relayout(struct ak_view *v, int height, int width)
{
	struct art *t = (struct art *)v;
	struct anchor an;

	(void)height;
	(void)width;
	anchor_get(t, &an);
	lay_out(t);
	anchor_find(t, &an);
	ak_view_clamp(v);
}

static void
article_click(struct ak_view *v, size_t lineno)
{
	struct art *t = (struct art *)v;
	const struct ak_vline *l;

	if (lineno >= t->lines.n)
		return;
	l = &t->lines.lines[lineno];
	if (l->tag >= 0)
		open_related(t, (size_t)l->tag);
}

static void
article_close(struct ak_view *v)
{
	struct art *t = (struct art *)v;

	clear(t);
	free(t);
}

/*
 * A request: article req->id as a new history entry (the entries after
 * the current one go, as in a browser), or the next entry (L from a
 * list), shown where the reader left it.
 */
static void
article_show(struct ak_view *v, const struct ak_request *req)
{
	struct art *t = (struct art *)v;
	struct ak_reader *r = v->r;

	if (t->id)
		save(t);
	if (req->act == AK_ACT_HISTORY_FORWARD)
		ak_history_forward(&r->hist);
	else
		ak_history_push(&r->hist, req->id, req->query, req->origin,
			req->relidx);
	show_current(t);
}

/* Back on top, or its text fetched (f): what the cache has now. */
static void
article_resume(struct ak_view *v)
{
	struct art *t = (struct art *)v;

	save(t);
	show_current(t);
}

static struct ak_view *
article_open(struct ak_reader *r, const struct ak_request *req)
{
	struct art *t;

	if (req->act == AK_ACT_HISTORY_FORWARD &&
	    (size_t)(r->hist.cur + 1) >= r->hist.n) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_HIST_END));
		return NULL;
	}
	t = ak_xcalloc(1, sizeof *t);
	t->v.ops = &ak_view_article_ops;
	t->v.r = r;
	t->curhit = -1;
	ak_article_init(&t->a);
	ak_lines_init(&t->lines);
	return &t->v;
}

static const enum ak_action article_opened_by[] = {
	AK_ACT_HISTORY_FORWARD, AK_ACT_NONE
};

const struct ak_view_ops ak_view_article_ops = {
	.name = "article",
	.keymap = AK_MAP_ARTICLE,
	.selectable = 0,
	.flags = AK_VIEW_REUSE,
	.opened_by = article_opened_by,
	.open = article_open,
	.show = article_show,
	.title = article_title,
	.draw_line = article_draw_line,
	.handle = article_handle,
	.relayout = article_relayout,
	.click = article_click,
	.close = article_close,
	.resume = article_resume,
	.hints = article_hints,
};
