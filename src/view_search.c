/*
 * Search results: the prompt's query run through ak_search, the hits
 * best first, each an article row with its snippet under it (the words
 * that matched highlighted); Enter opens one with its hits highlighted.
 * A new search replaces the results on top.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/keys.h"
#include "akhbar/screen.h"
#include "akhbar/layout.h"
#include "akhbar/search.h"
#include "akhbar/text.h"
#include "akhbar/view.h"

#define SEARCH_LIMIT 500
#define MAX_MARKS 32		/* highlighted words of a snippet */

/* A hit's snippet: its text without ak_search's [ ] marks, and where the
 * marks were. */
struct snippet {
	char *text;
	size_t start[MAX_MARKS], end[MAX_MARKS];
	size_t nmarks;
	int laid;
	struct ak_vline vl;
};

struct sres {
	struct ak_view v;
	char *query;
	struct ak_row *rows;	/* one per hit */
	struct snippet *snips;
	size_t n;
	struct ak_row_cols cols;
};

static const enum ak_action search_hints[] = {
	AK_ACT_OPEN, AK_ACT_SEARCH, AK_ACT_HELP, AK_ACT_BACK, AK_ACT_NONE
};

/* "… text [match] text …" to the text and the matches' offsets. */
static void
snippet_set(struct snippet *sn, const char *s)
{
	struct ak_buf b = AK_BUF_INIT;
	int open = 0;

	memset(sn, 0, sizeof *sn);
	for (; s && *s; s++) {
		if (*s == '[' && !open) {
			open = 1;
			if (sn->nmarks < MAX_MARKS)
				sn->start[sn->nmarks] = b.len;
		} else if (*s == ']' && open) {
			open = 0;
			if (sn->nmarks < MAX_MARKS)
				sn->end[sn->nmarks++] = b.len;
		} else {
			ak_buf_addch(&b, *s);
		}
	}
	sn->text = ak_buf_detach(&b, NULL);
	ak_buf_release(&b);
}

static void
snippet_unlay(struct snippet *sn)
{
	if (sn->laid)
		ak_vline_release(&sn->vl);
	sn->laid = 0;
}

/*
 * Lay the snippet out on w columns, the first match in sight: when the
 * text up to it is too wide, words go from its start ("… " instead).
 */
static void
snippet_lay(struct snippet *sn, int w)
{
	struct ak_layout_opts o;
	struct ak_buf b = AK_BUF_INIT;
	const char *t = sn->text ? sn->text : "";
	size_t from = 0, cut = 0, k, i;
	uint32_t lg;

	if (sn->nmarks) {
		while (from < sn->start[0] && ak_text_width(t + from,
		    sn->end[0] - from) + 2 > w) {
			k = from;
			while (k < sn->start[0] && t[k] != ' ')
				k++;
			if (k >= sn->start[0])
				break;
			from = k + 1;
		}
	}
	if (from > 0) {
		ak_buf_addstr(&b, "\u2026 ");
		cut = b.len;
	}
	ak_buf_addstr(&b, t + from);
	ak_screen_layout_opts(&o, w > 0 ? w : 1, AK_DIR_AUTO);
	if (ak_layout_line(ak_buf_str(&b), b.len, &o, &sn->vl, NULL) != AK_OK)
		memset(&sn->vl, 0, sizeof sn->vl);
	for (i = 0; i < sn->vl.ncells; i++) {
		lg = sn->vl.cells[i].logical;
		if (lg < cut)
			continue;
		for (k = 0; k < sn->nmarks; k++)
			if (lg - cut + from >= sn->start[k] &&
			    lg - cut + from < sn->end[k])
				sn->vl.cells[i].attr |= AK_ATTR_HIT;
	}
	sn->laid = 1;
	ak_buf_release(&b);
}

static void
search_draw_line(struct ak_view *v, size_t lineno, int row, int selected)
{
	struct sres *s = (struct sres *)v;
	struct snippet *sn;
	int m = s->cols.marks, w = v->width - 2 * m;

	if (lineno >= s->n)
		return;
	ak_row_draw(v->r, &s->rows[lineno], &s->cols, row, v->width,
		selected);
	sn = &s->snips[lineno];
	if (!sn->text || !*sn->text || w < 1)
		return;
	if (!sn->laid)
		snippet_lay(sn, w);
	ak_screen_vline(row + 1, m, w, &sn->vl, AK_C_DIM, -1);
}

static void
search_title(struct ak_view *v, struct ak_buf *b)
{
	struct sres *s = (struct sres *)v;
	struct ak_reader *r = v->r;

	ak_buf_addf(b, "%s: ", ak_label(r, AK_L_SEARCH));
	/* isolated: the query's direction must not reorder the rest */
	ak_buf_addstr(b, "\u2068");
	ak_buf_addstr(b, s->query);
	ak_buf_addstr(b, "\u2069");
	ak_buf_addstr(b, " · ");
	if (r->arabic) {
		ak_buf_addf(b, "%s: ", ak_label(r, AK_L_N_HITS));
		ak_reader_number(r, (long)s->n, b);
	} else {
		ak_reader_number(r, (long)s->n, b);
		ak_buf_addf(b, " %s", ak_label(r, AK_L_N_HITS));
	}
}

static enum ak_action
search_handle(struct ak_view *v, enum ak_action act)
{
	struct sres *s = (struct sres *)v;
	struct ak_request req;

	if (act == AK_ACT_OPEN) {
		if (v->sel < s->n) {
			memset(&req, 0, sizeof req);
			req.view = AK_VIEW_ARTICLE;
			req.id = req.origin = s->rows[v->sel].id;
			req.query = s->query;
			req.relidx = -1;
			ak_reader_request(v->r, &req);
		}
		return AK_ACT_NONE;
	}
	if (act == AK_ACT_EXPORT) {
		if (v->sel < s->n)
			ak_reader_export(v->r, s->rows[v->sel].id);
		return AK_ACT_NONE;
	}
	if (act == AK_ACT_OPEN_URL) {
		if (v->sel < s->n)
			ak_reader_open_link(v->r, s->rows[v->sel].id, NULL);
		return AK_ACT_NONE;
	}
	return act;
}

static void
search_relayout(struct ak_view *v, int height, int width)
{
	struct sres *s = (struct sres *)v;
	size_t i;

	(void)height;
	ak_row_columns(&s->cols, v->r, width, 1);
	for (i = 0; i < s->n; i++) {
		ak_row_unlay(&s->rows[i]);
		snippet_unlay(&s->snips[i]);
	}
}

static void
search_close(struct ak_view *v)
{
	struct sres *s = (struct sres *)v;
	size_t i;

	for (i = 0; i < s->n; i++) {
		ak_row_release(&s->rows[i]);
		snippet_unlay(&s->snips[i]);
		free(s->snips[i].text);
	}
	free(s->rows);
	free(s->snips);
	free(s->query);
	free(s);
}

/* Search for query; NULL (and a word in the status line) when no hits. */
static struct ak_view *
results(struct ak_reader *r, const char *query)
{
	struct ak_error err = { 0, "" };
	struct ak_hit *hits = NULL;
	struct sres *s;
	size_t n = 0, i;

	if (ak_search(r->cache, query, SEARCH_LIMIT, &hits, &n, &err) !=
	    AK_OK) {
		ak_reader_error(r, "%s", err.msg[0] ? err.msg :
			ak_strerror(err.code));
		return NULL;
	}
	if (n == 0) {
		ak_hits_free(hits, n);
		ak_reader_message(r, "%s: %s", ak_label(r, AK_L_NO_HITS),
			query);
		return NULL;
	}
	s = ak_xcalloc(1, sizeof *s);
	s->v.ops = &ak_view_search_ops;
	s->v.r = r;
	s->query = ak_xstrdup(query);
	s->n = n;
	s->v.nlines = n;
	s->rows = ak_xcalloc(n, sizeof *s->rows);
	s->snips = ak_xcalloc(n, sizeof *s->snips);
	for (i = 0; i < n; i++) {
		ak_row_set(&s->rows[i], r, hits[i].id, hits[i].title,
			hits[i].publisher, hits[i].published, 1, 0);
		snippet_set(&s->snips[i], hits[i].snippet);
	}
	ak_hits_free(hits, n);
	return &s->v;
}

/* A query (asked for when the request has none), then its hits. */
static struct ak_view *
search_open(struct ak_reader *r, const struct ak_request *req)
{
	struct ak_view *v = NULL;
	char *q = NULL;

	if (req->query)
		return *req->query ? results(r, req->query) : NULL;
	if (!ak_prompt(r, ak_label(r, AK_L_PROMPT_SEARCH), NULL, &q))
		return NULL;
	if (*q)
		v = results(r, q);
	free(q);
	return v;
}

static const enum ak_action search_opened_by[] = {
	AK_ACT_SEARCH, AK_ACT_NONE
};

const struct ak_view_ops ak_view_search_ops = {
	.name = "search",
	.keymap = AK_MAP_SEARCH,
	.selectable = 1,
	.line_rows = 2,
	.flags = AK_VIEW_REPLACE,
	.opened_by = search_opened_by,
	.open = search_open,
	.title = search_title,
	.draw_line = search_draw_line,
	.handle = search_handle,
	.relayout = search_relayout,
	.close = search_close,
	.hints = search_hints,
};
