/*
 * Help: every key and what it does, generated from the keymap (so it
 * shows the user's bindings), one section per view; then the options in
 * effect and any errors from the config file.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/keys.h"
#include "akhbar/layout.h"
#include "akhbar/options.h"
#include "akhbar/screen.h"
#include "akhbar/view.h"

#define KEYS_W 22
#define NAME_W 17

enum hkind { H_BLANK, H_HEADING, H_ENTRY, H_TEXT };

struct hline {
	enum hkind kind;
	char *keys;		/* key names (H_ENTRY), else the text */
	char *name;		/* action or option name */
	char *help;
};

struct help {
	struct ak_view v;
	struct hline *l;
	size_t n;
	size_t cap;
};

static const enum ak_action help_hints[] = {
	AK_ACT_PAGE_DOWN, AK_ACT_BACK, AK_ACT_NONE
};

static void
add(struct help *h, enum hkind kind, const char *keys, const char *name,
	const char *text)
{
	struct hline *x;

	if (h->n == h->cap) {
		h->cap = h->cap ? h->cap * 2 : 64;
		h->l = ak_xreallocarray(h->l, h->cap, sizeof *h->l);
	}
	x = &h->l[h->n++];
	x->kind = kind;
	x->keys = ak_xstrdup0(keys);
	x->name = ak_xstrdup0(name);
	x->help = ak_xstrdup0(text);
}

static void
build(struct help *h)
{
	struct ak_reader *r = h->v.r;
	const struct ak_keymap *km = r->keys;
	struct ak_buf keys = AK_BUF_INIT;
	char name[AK_KEY_NAME_MAX], val[128];
	size_t i, k;
	int m, a;

	for (m = 0; m < AK_NMAPS; m++) {
		int any = 0;

		for (a = 1; a < AK_ACT_COUNT; a++) {
			ak_buf_reset(&keys);
			for (k = 0; k < km->n; k++) {
				if ((int)km->b[k].map != m ||
				    (int)km->b[k].act != a)
					continue;
				ak_key_name(km->b[k].key, name, sizeof name);
				if (keys.len)
					ak_buf_addch(&keys, ' ');
				ak_buf_addstr(&keys, name);
			}
			if (!keys.len)
				continue;
			if (!any) {
				if (h->n)
					add(h, H_BLANK, NULL, NULL, NULL);
				add(h, H_HEADING, ak_keymap_title(
					(enum ak_keymap_id)m, r->arabic),
					NULL, NULL);
				any = 1;
			}
			add(h, H_ENTRY, ak_buf_str(&keys),
				ak_action_name((enum ak_action)a),
				ak_action_help((enum ak_action)a, r->arabic));
		}
	}
	add(h, H_BLANK, NULL, NULL, NULL);
	add(h, H_HEADING, ak_label(r, AK_L_OPTIONS), NULL, NULL);
	for (i = 0; i < AK_NOPTIONS; i++) {
		ak_option_value(r->opts, (enum ak_option_id)i, val, sizeof val);
		add(h, H_ENTRY, val, ak_option_name((enum ak_option_id)i),
			ak_option_help((enum ak_option_id)i));
	}
	if (r->config_errors && r->config_errors->n) {
		add(h, H_BLANK, NULL, NULL, NULL);
		add(h, H_HEADING, r->arabic ? "أخطاء في الإعدادات" :
			"Config errors", NULL, NULL);
		for (i = 0; i < r->config_errors->n; i++)
			add(h, H_TEXT, r->config_errors->msgs[i], NULL, NULL);
	}
	ak_buf_release(&keys);
	h->v.nlines = h->n;
}

static void
help_draw_line(struct ak_view *v, size_t lineno, int row, int selected)
{
	struct help *h = (struct help *)v;
	struct ak_reader *r = v->r;
	const struct hline *x;
	enum ak_dir dir = r->arabic ? AK_DIR_RTL : AK_DIR_LTR;
	int W = v->width - 2, kw = KEYS_W, nw = NAME_W, hw;

	(void)selected;
	if (lineno >= h->n)
		return;
	x = &h->l[lineno];
	switch (x->kind) {
	case H_BLANK:
		return;
	case H_HEADING:
		ak_screen_text(row, 1, W, x->keys, dir, AK_ALIGN_NATURAL,
			AK_C_HEADING, -1);
		return;
	case H_TEXT:
		ak_screen_text(row, 1, W, x->keys, AK_DIR_AUTO,
			r->arabic ? AK_ALIGN_RIGHT : AK_ALIGN_LEFT,
			AK_C_ERROR, -1);
		return;
	case H_ENTRY:
		break;
	}
	if (W < 50)
		nw = 0;
	if (W < 30)
		kw = W / 3;
	hw = W - kw - (nw ? nw : 0);
	if (hw < 1)
		hw = 1;
	if (!r->arabic) {
		ak_screen_text(row, 1, kw - 1, x->keys, AK_DIR_LTR,
			AK_ALIGN_LEFT, AK_C_KEY, -1);
		if (nw)
			ak_screen_text(row, 1 + kw, nw - 1, x->name,
				AK_DIR_LTR, AK_ALIGN_LEFT, AK_C_DEFAULT, -1);
		ak_screen_text(row, 1 + kw + nw, hw, x->help, AK_DIR_AUTO,
			AK_ALIGN_LEFT, AK_C_DIM, -1);
	} else {
		ak_screen_text(row, 1 + W - kw + 1, kw - 1, x->keys,
			AK_DIR_LTR, AK_ALIGN_RIGHT, AK_C_KEY, -1);
		if (nw)
			ak_screen_text(row, 1 + W - kw - nw + 1, nw - 1,
				x->name, AK_DIR_LTR, AK_ALIGN_RIGHT,
				AK_C_DEFAULT, -1);
		ak_screen_text(row, 1, hw, x->help, AK_DIR_AUTO,
			AK_ALIGN_RIGHT, AK_C_DIM, -1);
	}
}

static void
help_title(struct ak_view *v, struct ak_buf *b)
{
	ak_buf_addstr(b, ak_label(v->r, AK_L_HELP));
}

static void
help_close(struct ak_view *v)
{
	struct help *h = (struct help *)v;
	size_t i;

	for (i = 0; i < h->n; i++) {
		free(h->l[i].keys);
		free(h->l[i].name);
		free(h->l[i].help);
	}
	free(h->l);
	free(h);
}

static struct ak_view *
help_open(struct ak_reader *r, const struct ak_request *req)
{
	struct help *h = ak_xcalloc(1, sizeof *h);

	(void)req;
	h->v.ops = &ak_view_help_ops;
	h->v.r = r;
	build(h);
	return &h->v;
}

static const enum ak_action help_opened_by[] = { AK_ACT_HELP, AK_ACT_NONE };

/* REUSE without show: ? in help does nothing. */
const struct ak_view_ops ak_view_help_ops = {
	.name = "help",
	.keymap = AK_MAP_HELP,
	.selectable = 0,
	.flags = AK_VIEW_REUSE,
	.opened_by = help_opened_by,
	.open = help_open,
	.title = help_title,
	.draw_line = help_draw_line,
	.close = help_close,
	.hints = help_hints,
};
