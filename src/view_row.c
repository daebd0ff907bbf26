/*
 * Article rows: one article on one line, as every view that lists
 * articles shows it (the list, the search hits): the marks, publisher,
 * date and title in columns, from the left in an English interface and
 * from the right in an Arabic one.  Each field is laid out once for its
 * column (the title cut at its logical end with an ellipsis) and kept
 * until the columns change; the date is formatted only when the row is
 * first drawn, so a view may read many rows and pay only for those shown.
 */
#include "config.h"

#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/layout.h"
#include "akhbar/options.h"
#include "akhbar/screen.h"
#include "akhbar/view.h"

#define MARK_UNREAD "\u25cf"	/* ● */
#define MARK_STAR "\u2605"	/* ★ */
/* the same story from other papers: folded, unfolded, one of them */
static const char *const story_marks[] = { "", "+", "-", "\u2502" };

void
ak_row_columns(struct ak_row_cols *c, struct ak_reader *r, int width,
	int marks)
{
	c->marks = marks;
	c->pw = width >= 120 ? 26 : width >= 70 ? 18 : width >= 45 ? 12 : 0;
	/* the time of day when the title keeps room enough */
	c->times = width >= 80;
	c->dw = width >= 56 ? ak_reader_date_width(r, c->times) : 0;
	if (c->dw > 30)
		c->dw = 30;
	c->tw = width - marks - (c->pw ? c->pw + 1 : 0) -
		(c->dw ? c->dw + 1 : 0);
	if (c->tw < 1)
		c->tw = 1;
}

void
ak_row_set(struct ak_row *w, struct ak_reader *r, int64_t id,
	const char *title, const char *publisher, const char *published,
	int read, int starred)
{
	memset(w, 0, sizeof *w);
	w->id = id;
	w->title = ak_xstrdup(title ? title : "");
	w->publisher = ak_xstrdup(publisher ? publisher : "");
	w->published = ak_xstrdup0(published);
	w->read = read;
	w->starred = starred;
	/* a mark set but not written yet shows as set */
	ak_reader_flags(r, id, &w->read, &w->starred);
}

void
ak_row_unlay(struct ak_row *w)
{
	if (w->laid) {
		ak_vline_release(&w->vtitle);
		ak_vline_release(&w->vpub);
		ak_vline_release(&w->vdate);
	}
	w->laid = 0;
}

void
ak_row_release(struct ak_row *w)
{
	ak_row_unlay(w);
	free(w->title);
	free(w->publisher);
	free(w->published);
	free(w->date);
	memset(w, 0, sizeof *w);
}

static void
lay_field(const char *s, int w, enum ak_dir dir, struct ak_vline *out)
{
	struct ak_layout_opts o;

	ak_screen_layout_opts(&o, w > 0 ? w : 1, dir);
	if (ak_layout_line(s, strlen(s), &o, out, NULL) != AK_OK)
		memset(out, 0, sizeof *out);
}

static void
lay_row(struct ak_reader *r, struct ak_row *w, const struct ak_row_cols *c)
{
	enum ak_dir dir = r->arabic ? AK_DIR_RTL : AK_DIR_LTR;

	if (w->laid)
		return;
	if (w->date && w->date_times != c->times) {
		free(w->date);
		w->date = NULL;
	}
	if (!w->date) {
		struct ak_buf b = AK_BUF_INIT;

		w->date_times = c->times;
		if (ak_reader_date(r, w->published, c->times ? AK_DATE_TIME :
		    0, &b) == 0)
			w->date = ak_buf_detach(&b, NULL);
		else
			w->date = ak_xstrdup("");
		ak_buf_release(&b);
	}
	lay_field(w->title, c->tw, AK_DIR_AUTO, &w->vtitle);
	lay_field(w->publisher, c->pw, AK_DIR_AUTO, &w->vpub);
	lay_field(w->date, c->dw, dir, &w->vdate);
	/* Short fields line up on the interface's side. */
	w->vpub.indent = r->arabic && c->pw > w->vpub.width ?
		c->pw - w->vpub.width : 0;
	w->vdate.indent = r->arabic && c->dw > w->vdate.width ?
		c->dw - w->vdate.width : 0;
	w->laid = 1;
}

void
ak_row_draw(struct ak_reader *r, struct ak_row *w,
	const struct ak_row_cols *c, int y, int width, int selected)
{
	int over = selected ? AK_C_CURSOR : -1;
	int x, rtl = r->arabic;

	lay_row(r, w, c);
	if (selected)
		ak_screen_fill(y, 0, width, AK_C_CURSOR);
	/* marks: unread, star, story; LTR from the left, RTL from the
	 * right */
	if (c->marks >= 2) {
		if (!w->read)
			ak_screen_text(y, rtl ? width - 1 : 0, 1, MARK_UNREAD,
				AK_DIR_LTR, AK_ALIGN_LEFT, AK_C_MARK, over);
		if (w->starred)
			ak_screen_text(y, rtl ? width - 2 : 1, 1, MARK_STAR,
				AK_DIR_LTR, AK_ALIGN_LEFT, AK_C_STAR, over);
	}
	if (c->marks >= 4 && w->story > AK_ROW_ALONE &&
	    w->story <= AK_ROW_TWIN)
		ak_screen_text(y, rtl ? width - 3 : 2, 1,
			story_marks[w->story], AK_DIR_LTR, AK_ALIGN_LEFT,
			AK_C_MARK, over);
	if (!rtl) {
		x = c->marks;
		if (c->pw) {
			ak_screen_vline(y, x, c->pw, &w->vpub, AK_C_PUBLISHER,
				over);
			x += c->pw + 1;
		}
		if (c->dw) {
			ak_screen_vline(y, x, c->dw, &w->vdate, AK_C_DATE,
				over);
			x += c->dw + 1;
		}
		ak_screen_vline(y, x, c->tw, &w->vtitle,
			w->read ? AK_C_READ : AK_C_UNREAD, over);
	} else {
		x = width - c->marks;
		if (c->pw) {
			x -= c->pw;
			ak_screen_vline(y, x, c->pw, &w->vpub, AK_C_PUBLISHER,
				over);
			x -= 1;
		}
		if (c->dw) {
			x -= c->dw;
			ak_screen_vline(y, x, c->dw, &w->vdate, AK_C_DATE,
				over);
			x -= 1;
		}
		ak_screen_vline(y, 0, c->tw, &w->vtitle,
			w->read ? AK_C_READ : AK_C_UNREAD, over);
	}
}
