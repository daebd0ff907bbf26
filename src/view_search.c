/*
 * Search: the prompt (a line editor on the status line, laid out again
 * at each keystroke so that Arabic typed or pasted shows right to left
 * while it is edited; the cursor is logical, painted where its character
 * is) and the results view (ak_search hits, best first; Enter opens one
 * with its hits highlighted).
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/keys.h"
#include "akhbar/layout.h"
#include "akhbar/options.h"
#include "akhbar/screen.h"
#include "akhbar/search.h"
#include "akhbar/text.h"
#include "akhbar/view.h"

#define PROMPT_MAX 1024		/* bytes of text */
#define SEARCH_LIMIT 500

/* ------------------------------------------------------------ prompt */

struct prompt {
	struct ak_buf text;
	size_t cur;		/* logical cursor: a byte offset in text */
	int scroll;		/* first visible column of the field */
};

static int
ok_char(unsigned cp)
{
	if (cp < 0x20 || (cp >= 0x7f && cp < 0xa0))
		return 0;
	if ((cp >= 0x202a && cp <= 0x202e) || (cp >= 0x2066 && cp <= 0x2069))
		return 0;	/* no embeddings or overrides */
	if (cp >= 0xd800 && cp <= 0xdfff)
		return 0;
	return cp <= 0x10ffff;
}

/* Offset of the code point before / after off. */
static size_t
prev_cp(const struct ak_buf *b, size_t off)
{
	while (off > 0) {
		off--;
		if (((unsigned char)b->data[off] & 0xc0) != 0x80)
			break;
	}
	return off;
}

static size_t
next_cp(const struct ak_buf *b, size_t off)
{
	unsigned cp;

	if (off >= b->len)
		return b->len;
	return off + (size_t)ak_utf8_next(b->data + off, b->len - off, &cp);
}

static void
cut(struct ak_buf *b, size_t from, size_t to)
{
	if (to <= from)
		return;
	memmove(b->data + from, b->data + to, b->len - to + 1);
	b->len -= to - from;
}

static void
insert(struct prompt *p, unsigned cp)
{
	struct ak_buf one = AK_BUF_INIT;

	if (!ok_char(cp))
		return;
	ak_buf_addcp(&one, cp);
	if (p->text.len + one.len <= PROMPT_MAX) {
		ak_buf_grow(&p->text, one.len + 1);
		memmove(p->text.data + p->cur + one.len, p->text.data + p->cur,
			p->text.len - p->cur + 1);
		memcpy(p->text.data + p->cur, one.data, one.len);
		p->text.len += one.len;
		p->cur += one.len;
	}
	ak_buf_release(&one);
}

/*
 * Paint label and field on row y; place the terminal cursor.  The field
 * text is one visual line; pos (columns from its left edge, counting
 * one blank column before an RTL line for the cursor at its end) is
 * kept in view by scrolling.
 */
static void
draw_prompt(struct ak_reader *r, struct prompt *p, const char *label, int y)
{
	struct ak_layout_opts o;
	struct ak_vline l, part;
	int lw, x0, fw, col, pos = -1, base, extent, x, s, rtl;
	size_t i;
	uint32_t bestlg = 0;
	int found = 0;

	ak_screen_fill(y, 0, r->cols, AK_C_STATUS);
	/* the label (its trailing blank is dropped by the layout: keep a
	 * column between it and the field) */
	lw = ak_screen_text_width(label);
	if (lw > r->cols - 10)
		lw = r->cols - 10;
	fw = r->cols - lw - 2;
	if (r->arabic) {
		ak_screen_text(y, r->cols - lw, lw, label, AK_DIR_RTL,
			AK_ALIGN_RIGHT, AK_C_PROMPT, -1);
		x0 = 0;
	} else {
		ak_screen_text(y, 0, lw, label, AK_DIR_LTR, AK_ALIGN_LEFT,
			AK_C_PROMPT, -1);
		x0 = lw + 1;
	}
	ak_screen_layout_opts(&o, 0, r->arabic ? AK_DIR_AUTO_RTL : AK_DIR_AUTO);
	if (ak_layout_line(ak_buf_str(&p->text), p->text.len, &o, &l, NULL) !=
	    AK_OK)
		return;
	rtl = p->text.len ? l.rtl : r->arabic;
	/* the cursor: on the character it stands before, else at the end */
	for (i = 0, col = 0; i < l.ncells; i++) {
		uint32_t lg = l.cells[i].logical;

		if (p->cur < p->text.len && lg <= p->cur &&
		    (!found || lg > bestlg)) {
			bestlg = lg;
			pos = col;
			found = 1;
		}
		col += l.cells[i].width ? l.cells[i].width : 1;
	}
	base = rtl ? 1 : 0;
	if (p->cur >= p->text.len || !found)
		pos = rtl ? -1 : l.width;
	pos += base;
	extent = l.width + 1;
	if (extent <= fw) {
		s = 0;
		x = r->arabic ? x0 + fw - extent : x0;
	} else {
		if (pos < p->scroll)
			p->scroll = pos;
		if (pos >= p->scroll + fw)
			p->scroll = pos - fw + 1;
		if (p->scroll > extent - fw)
			p->scroll = extent - fw;
		if (p->scroll < 0)
			p->scroll = 0;
		s = p->scroll;
		x = x0;
	}
	/* cells from visible column s on */
	part = l;
	part.indent = 0;
	col = base;
	for (i = 0; i < l.ncells && col < s; i++)
		col += l.cells[i].width ? l.cells[i].width : 1;
	part.cells = l.cells + i;
	part.ncells = l.ncells - i;
	ak_screen_vline(y, x + col - s, fw - (col - s), &part, AK_C_STATUS,
		-1);
	ak_screen_cursor(y, x + pos - s);
	ak_vline_release(&l);
}

int
ak_prompt(struct ak_reader *r, const char *label, const char *initial,
	char **out)
{
	struct prompt p;
	struct ak_input in;
	int done = 0, accepted = 0;
	size_t k;

	memset(&p, 0, sizeof p);
	ak_buf_init(&p.text);
	if (initial) {
		ak_buf_addstr(&p.text, initial);
		p.cur = p.text.len;
	}
	ak_buf_grow(&p.text, 1);
	r->status[0] = '\0';
	while (!done) {
		ak_reader_draw(r);
		if (r->rows >= 2 && r->cols >= 10)
			draw_prompt(r, &p, label, r->rows - 1);
		ak_screen_flush();
		ak_screen_read(&in);
		switch (in.type) {
		case AK_IN_RESIZE:
			ak_reader_resize(r);
			continue;
		case AK_IN_SIGNAL:
			if (in.sig == SIGTSTP) {
				ak_screen_suspend();
				ak_reader_resize(r);
				continue;
			}
			r->quit = 1;
			r->exit_status = 128 + in.sig;
			done = 1;
			continue;
		case AK_IN_KEY:
			break;
		default:
			continue;
		}
		switch (in.key) {
		case '\n':
			accepted = done = 1;
			break;
		case 27:		/* Esc */
		case 7:			/* C-g */
			done = 1;
			break;
		case AK_KEY_BACKSPACE:
			k = prev_cp(&p.text, p.cur);
			cut(&p.text, k, p.cur);
			p.cur = k;
			break;
		case AK_KEY_DELETE:
		case 4:			/* C-d */
			cut(&p.text, p.cur, next_cp(&p.text, p.cur));
			break;
		case AK_KEY_HOME:
		case 1:			/* C-a */
			p.cur = 0;
			break;
		case AK_KEY_END:
		case 5:			/* C-e */
			p.cur = p.text.len;
			break;
		case AK_KEY_LEFT:		/* visually left */
		case AK_KEY_RIGHT:
		{
			struct ak_layout_opts o;
			struct ak_vline l;
			int fwd = in.key == AK_KEY_RIGHT;

			ak_screen_layout_opts(&o, 0, r->arabic ?
				AK_DIR_AUTO_RTL : AK_DIR_AUTO);
			if (ak_layout_line(ak_buf_str(&p.text), p.text.len,
			    &o, &l, NULL) == AK_OK) {
				if (l.rtl && o.mode == AK_BIDI_APP)
					fwd = !fwd;
				ak_vline_release(&l);
			}
			p.cur = fwd ? next_cp(&p.text, p.cur) :
				prev_cp(&p.text, p.cur);
			break;
		}
		case 21:		/* C-u */
			cut(&p.text, 0, p.cur);
			p.cur = 0;
			break;
		case 11:		/* C-k */
			cut(&p.text, p.cur, p.text.len);
			break;
		case 23:		/* C-w: the word before the cursor */
			k = p.cur;
			while (k > 0 && p.text.data[k - 1] == ' ')
				k--;
			while (k > 0 && p.text.data[k - 1] != ' ')
				k = prev_cp(&p.text, k);
			cut(&p.text, k, p.cur);
			p.cur = k;
			break;
		default:
			if (in.key > 0 && in.key < AK_KEY_FN)
				insert(&p, (unsigned)in.key);
			break;
		}
	}
	ak_screen_cursor(-1, 0);
	r->dirty = 1;
	if (accepted) {
		*out = ak_buf_detach(&p.text, NULL);
		return 1;
	}
	ak_buf_release(&p.text);
	*out = NULL;
	return 0;
}

/* ------------------------------------------------------------ results */

struct result {
	int laid;
	char *date;
	struct ak_vline vtitle, vpub, vdate;
};

struct sres {
	struct ak_view v;
	char *query;
	struct ak_hit *hits;
	size_t n;
	struct result *res;
	int pw, dw, tw;
};

static const enum ak_action search_hints[] = {
	AK_ACT_OPEN, AK_ACT_SEARCH, AK_ACT_HELP, AK_ACT_BACK, AK_ACT_NONE
};

static void
res_release(struct result *x)
{
	if (x->laid) {
		ak_vline_release(&x->vtitle);
		ak_vline_release(&x->vpub);
		ak_vline_release(&x->vdate);
	}
	x->laid = 0;
}

static void
lay(const char *s, int w, enum ak_dir dir, struct ak_vline *out)
{
	struct ak_layout_opts o;

	ak_screen_layout_opts(&o, w > 0 ? w : 1, dir);
	if (ak_layout_line(s ? s : "", s ? strlen(s) : 0, &o, out, NULL) !=
	    AK_OK)
		memset(out, 0, sizeof *out);
}

static void
search_draw_line(struct ak_view *v, size_t lineno, int row, int selected)
{
	struct sres *s = (struct sres *)v;
	struct ak_reader *r = v->r;
	struct result *x;
	int over = selected ? AK_C_CURSOR : -1, W = v->width, px;

	if (lineno >= s->n)
		return;
	x = &s->res[lineno];
	if (!x->laid) {
		lay(s->hits[lineno].title, s->tw, AK_DIR_AUTO, &x->vtitle);
		lay(s->hits[lineno].publisher, s->pw, AK_DIR_AUTO, &x->vpub);
		lay(x->date, s->dw, r->arabic ? AK_DIR_RTL : AK_DIR_LTR,
			&x->vdate);
		x->vpub.indent = r->arabic && s->pw > x->vpub.width ?
			s->pw - x->vpub.width : 0;
		x->vdate.indent = r->arabic && s->dw > x->vdate.width ?
			s->dw - x->vdate.width : 0;
		x->laid = 1;
	}
	if (selected)
		ak_screen_fill(row, 0, W, AK_C_CURSOR);
	if (!r->arabic) {
		px = 1;
		if (s->pw) {
			ak_screen_vline(row, px, s->pw, &x->vpub,
				AK_C_PUBLISHER, over);
			px += s->pw + 1;
		}
		if (s->dw) {
			ak_screen_vline(row, px, s->dw, &x->vdate, AK_C_DATE,
				over);
			px += s->dw + 1;
		}
		ak_screen_vline(row, px, s->tw, &x->vtitle, AK_C_READ, over);
	} else {
		px = W - 1;
		if (s->pw) {
			px -= s->pw;
			ak_screen_vline(row, px, s->pw, &x->vpub,
				AK_C_PUBLISHER, over);
			px -= 1;
		}
		if (s->dw) {
			px -= s->dw;
			ak_screen_vline(row, px, s->dw, &x->vdate, AK_C_DATE,
				over);
		}
		ak_screen_vline(row, 0, s->tw, &x->vtitle, AK_C_READ, over);
	}
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

	if (act == AK_ACT_OPEN) {
		if (v->sel < s->n)
			ak_reader_open_article(v->r, s->hits[v->sel].id,
				s->query, s->hits[v->sel].id, -1);
		return AK_ACT_NONE;
	}
	if (act == AK_ACT_EXPORT) {
		if (v->sel < s->n)
			ak_reader_export(v->r, s->hits[v->sel].id);
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
	s->pw = width >= 70 ? 18 : width >= 45 ? 12 : 0;
	s->dw = width >= 56 ? 14 : 0;
	s->tw = width - 2 - (s->pw ? s->pw + 1 : 0) - (s->dw ? s->dw + 1 : 0);
	if (s->tw < 1)
		s->tw = 1;
	for (i = 0; i < s->n; i++)
		res_release(&s->res[i]);
}

static void
search_close(struct ak_view *v)
{
	struct sres *s = (struct sres *)v;
	size_t i;

	for (i = 0; i < s->n; i++) {
		res_release(&s->res[i]);
		free(s->res[i].date);
	}
	free(s->res);
	ak_hits_free(s->hits, s->n);
	free(s->query);
	free(s);
}

static const struct ak_view_ops search_ops = {
	.name = "search",
	.keymap = AK_MAP_SEARCH,
	.selectable = 1,
	.title = search_title,
	.draw_line = search_draw_line,
	.handle = search_handle,
	.relayout = search_relayout,
	.close = search_close,
	.hints = search_hints,
};

struct ak_view *
ak_view_search_new(struct ak_reader *r, const char *query)
{
	struct ak_error err = { 0, "" };
	struct ak_hit *hits = NULL;
	struct ak_buf b = AK_BUF_INIT;
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
	s->v.ops = &search_ops;
	s->v.r = r;
	s->query = ak_xstrdup(query);
	s->hits = hits;
	s->n = n;
	s->v.nlines = n;
	s->res = ak_xcalloc(n, sizeof *s->res);
	for (i = 0; i < n; i++) {
		ak_buf_reset(&b);
		if (ak_reader_date(r, hits[i].published, 0, &b) == 0)
			s->res[i].date = ak_xstrdup(ak_buf_str(&b));
		else
			s->res[i].date = ak_xstrdup("");
	}
	ak_buf_release(&b);
	return &s->v;
}
