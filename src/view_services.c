/*
 * Services every view may use, kept out of the views: the prompt (a line
 * editor on the status line, laid out again at each keystroke so that
 * Arabic typed or pasted shows right to left while it is edited; the
 * cursor is logical, painted where its character is), a yes-or-no
 * question, exporting an article to a file and opening its link.
 */
#include "config.h"

#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/export.h"
#include "akhbar/keys.h"
#include "akhbar/layout.h"
#include "akhbar/screen.h"
#include "akhbar/text.h"
#include "akhbar/view.h"

#define PROMPT_MAX 1024		/* bytes of text */

/* ------------------------------------------------------------ prompt */

struct prompt {
	struct ak_buf text;
	size_t cur;		/* logical cursor: a byte offset in text */
	int scroll;		/* first visible column of the field */
	int selected;		/* the text offered: typing replaces it */
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
 * Paint label and field on row y (the text offered, selected, in the
 * cursor's colours); place the terminal cursor.  The field
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
		p->selected ? AK_C_CURSOR : -1);
	ak_screen_cursor(y, x + pos - s);
	ak_vline_release(&l);
}

static int
is_char(int key)
{
	return key > 0 && key < AK_KEY_FN && ok_char((unsigned)key);
}

/* Backspace, Delete, C-d, C-u, C-k, C-w. */
static int
is_deletion(int key)
{
	return key == AK_KEY_BACKSPACE || key == AK_KEY_DELETE || key == 4 ||
		key == 21 || key == 11 || key == 23;
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
		p.selected = p.text.len > 0;
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
		if (p.selected && in.key != 27 && in.key != 7) {
			/* as a selected field does: an edit replaces it */
			p.selected = 0;
			if (is_char(in.key) || is_deletion(in.key)) {
				cut(&p.text, 0, p.text.len);
				p.cur = 0;
				if (is_deletion(in.key))
					continue;
			}
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

/* ------------------------------------------------------------ confirm */

int
ak_reader_confirm(struct ak_reader *r, const char *question)
{
	struct ak_input in;
	int w;

	r->status[0] = '\0';
	for (;;) {
		ak_reader_draw(r);
		if (r->rows >= 2 && r->cols >= 10) {
			ak_screen_fill(r->rows - 1, 0, r->cols, AK_C_STATUS);
			w = ak_screen_text(r->rows - 1, 0, r->cols, question,
				AK_DIR_AUTO, r->arabic ? AK_ALIGN_RIGHT :
				AK_ALIGN_LEFT, AK_C_PROMPT, -1);
			ak_screen_cursor(r->rows - 1, r->arabic ?
				r->cols - w - 1 : w < r->cols ? w : r->cols - 1);
		}
		ak_screen_flush();
		ak_screen_read(&in);
		if (in.type == AK_IN_RESIZE) {
			ak_reader_resize(r);
			continue;
		}
		if (in.type == AK_IN_SIGNAL) {
			if (in.sig == SIGTSTP) {
				ak_screen_suspend();
				ak_reader_resize(r);
				continue;
			}
			r->quit = 1;
			r->exit_status = 128 + in.sig;
			break;
		}
		if (in.type == AK_IN_KEY)
			break;
	}
	ak_screen_cursor(-1, 0);
	r->dirty = 1;
	/* y, or the Arabic keyboard's letters for it: ن (نعم), غ (y's key) */
	return in.type == AK_IN_KEY && (in.key == 'y' || in.key == 'Y' ||
		in.key == 0x0646 || in.key == 0x063a);
}

/* ------------------------------------------------------------ export */

void
ak_reader_export(struct ak_reader *r, int64_t id)
{
	struct ak_error err = { 0, "" };
	struct ak_article a;
	struct ak_buf data = AK_BUF_INIT, path = AK_BUF_INIT;
	char *def = NULL, *in = NULL, *where = NULL;
	const char *home = getenv("HOME");
	int rc;

	ak_article_init(&a);
	if (ak_cache_get(r->cache, id, &a, &err) != AK_OK) {
		ak_reader_error(r, "%s", err.msg);
		goto out;
	}
	def = ak_export_filename(&a, AK_EXPORT_TEXT);
	if (!ak_prompt(r, ak_label(r, AK_L_PROMPT_EXPORT), def, &in) || !*in)
		goto out;
	if (in[0] == '~' && in[1] == '/' && home && *home)
		ak_buf_addf(&path, "%s%s", home, in + 1);
	else
		ak_buf_addstr(&path, in);
	rc = ak_export_article(r->cache, id, ak_export_format_for_path(
		path.data, AK_EXPORT_TEXT), 0, &data, &err);
	if (rc == AK_OK)
		rc = ak_export_write(path.data, data.data ? data.data : "",
			data.len, 0, &err);
	if (rc == AK_EEXIST) {
		if (ak_reader_confirm(r, ak_label(r, AK_L_REPLACE_FILE)))
			rc = ak_export_write(path.data, data.data ?
				data.data : "", data.len, 1, &err);
		else
			rc = -1;
	}
	where = realpath(path.data, NULL);
	if (rc == AK_OK)
		ak_reader_message(r, "%s %s", ak_label(r, AK_L_EXPORTED),
			where ? where : path.data);
	else if (rc == -1)
		ak_reader_message(r, "%s (%s)", ak_label(r, AK_L_KEPT_FILE),
			where ? where : path.data);
	else
		ak_reader_error(r, "%s", err.msg);
out:
	free(where);
	free(in);
	free(def);
	ak_buf_release(&path);
	ak_buf_release(&data);
	ak_article_release(&a);
}

/* ------------------------------------------------------------ links */

/* Is prog (no slash) an executable file in $PATH? */
static int
in_path(const char *prog)
{
	const char *path = getenv("PATH"), *p, *e;
	struct ak_buf b = AK_BUF_INIT;
	int found = 0;

	for (p = path; p && *p && !found; p = *e ? e + 1 : e) {
		e = strchr(p, ':');
		if (!e)
			e = p + strlen(p);
		ak_buf_reset(&b);
		ak_buf_add(&b, p, (size_t)(e - p));
		ak_buf_addf(&b, "/%s", prog);
		found = access(ak_buf_str(&b), X_OK) == 0;
	}
	ak_buf_release(&b);
	return found;
}

/* The browser command: the option, else xdg-open, else $BROWSER's first. */
static char *
browser_command(const struct ak_reader *r)
{
	const char *opt = r->opts->browser, *env = getenv("BROWSER");

	if (opt && *opt && strcmp(opt, "auto") != 0)
		return ak_xstrdup(opt);
	if (in_path("xdg-open"))
		return ak_xstrdup("xdg-open");
	if (env && *env)
		return ak_xstrndup(env, strcspn(env, ":"));
	return NULL;
}

/*
 * The shell script that runs cmd on the link: each %u becomes "$1" (the
 * link, an argument of sh, so that no character of it is shell syntax);
 * without a %u the link is the last argument.
 */
static char *
browser_script(const char *cmd)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *p;
	int used = 0;

	for (p = cmd; *p; p++) {
		if (p[0] == '%' && p[1] == 'u') {
			ak_buf_addstr(&b, "\"$1\"");
			p++;
			used = 1;
		} else {
			ak_buf_addch(&b, *p);
		}
	}
	if (!used)
		ak_buf_addstr(&b, " \"$1\"");
	return ak_buf_detach(&b, NULL);
}

void
ak_reader_open_link(struct ak_reader *r, int64_t id, const char *url)
{
	struct ak_error err = { 0, "" };
	struct ak_article a;
	char *cmd = NULL, *script = NULL;
	char *argv[6];
	int st;

	ak_article_init(&a);
	if (!url) {
		if (ak_cache_get(r->cache, id, &a, &err) != AK_OK) {
			ak_reader_error(r, "%s", err.msg);
			goto out;
		}
		url = a.url;
	}
	if (!url || !*url) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_LINK));
		goto out;
	}
	if (strncasecmp(url, "http://", 7) != 0 &&
	    strncasecmp(url, "https://", 8) != 0) {
		ak_reader_error(r, "%s", ak_label(r, AK_L_NOT_WEB));
		goto out;
	}
	cmd = browser_command(r);
	if (!cmd) {
		ak_reader_error(r, "%s", ak_label(r, AK_L_NO_BROWSER));
		goto out;
	}
	script = browser_script(cmd);
	argv[0] = (char *)"/bin/sh";
	argv[1] = (char *)"-c";
	argv[2] = script;
	argv[3] = (char *)"akhbar-browser";
	argv[4] = (char *)url;
	argv[5] = NULL;
	st = ak_screen_run(argv);
	/* the window may have changed while the browser had it */
	ak_reader_resize(r);
	if (st != 0)
		ak_reader_error(r, "%s (%s: %d)", ak_label(r,
			AK_L_BROWSER_FAILED), cmd, st);
	else
		ak_reader_message(r, "%s: %s", ak_label(r, AK_L_OPENED), url);
out:
	free(script);
	free(cmd);
	ak_article_release(&a);
}

int
ak_reader_mark_all_read(struct ak_reader *r, const struct ak_list_filter *lf,
	long unread)
{
	struct ak_error err = { 0, "" };
	struct ak_buf q = AK_BUF_INIT;
	long n = 0;
	int was, rc;

	if (unread <= 0) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NO_UNREAD));
		return 0;
	}
	ak_buf_addf(&q, "%s: ", ak_label(r, AK_L_MARK_ALL));
	ak_reader_number(r, unread, &q);
	ak_buf_addf(&q, " %s? (y/n)", ak_label(r, AK_L_N_UNREAD));
	if (!ak_reader_confirm(r, ak_buf_str(&q))) {
		ak_reader_message(r, "%s", ak_label(r, AK_L_NOT_MARKED));
		ak_buf_release(&q);
		return 0;
	}
	/* the marks kept first, then all at once; never wait for another
	 * process's write */
	rc = ak_reader_flush(r, 0, &err);
	if (rc == AK_OK) {
		was = ak_cache_wait(r->cache, 0);
		rc = ak_cache_begin(r->cache, &err);
		if (rc == AK_OK)
			rc = ak_cache_mark_read_where(r->cache, lf, &n, &err);
		if (rc == AK_OK)
			rc = ak_cache_commit(r->cache, &err);
		else
			ak_cache_rollback(r->cache);
		ak_cache_wait(r->cache, was);
	}
	if (rc == AK_EBUSY)
		ak_reader_error(r, "%s", ak_label(r, AK_L_BUSY));
	else if (rc != AK_OK)
		ak_reader_error(r, "%s", err.msg);
	if (rc == AK_OK) {
		ak_buf_reset(&q);
		ak_buf_addf(&q, "%s: ", ak_label(r, AK_L_MARKED_ALL));
		ak_reader_number(r, n, &q);
		ak_reader_message(r, "%s", ak_buf_str(&q));
	}
	ak_buf_release(&q);
	return rc == AK_OK;
}
