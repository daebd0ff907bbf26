/*
 * Fuzz target for the layout: random text at random widths, in every
 * bidi mode, with shaping on and off, each direction.  Four bytes of
 * parameters (width, mode and shaping, direction, article block kinds),
 * then the text: each line a paragraph for ak_layout_para and
 * ak_layout_line, and all of them an article (title, then blocks) for
 * ak_layout_article.  Checked on every line: no wider than the width,
 * nothing that is not text on the way to the terminal, and the lines of
 * a paragraph tile it.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/layout.h"

#include "fuzz.h"

static void
check_line(const struct ak_vline *v, const struct ak_layout_opts *o,
	int margin)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i;
	int w = 0;

	for (i = 0; i < v->ncells; i++) {
		if (v->cells[i].nch == 0 || v->cells[i].nch > AK_CELL_MAXCH)
			fz_fail("layout: cell without a character", NULL, 0);
		w += v->cells[i].width;
	}
	if (w != v->width)
		fz_fail("layout: line width is not its cells'", NULL, 0);
	ak_vline_to_utf8(v, o->width, &b);
	/* one cell wider than the width (a wide character at width 1)
	 * stands alone on its line: layout.h */
	if (o->width > 0 && v->indent + v->width > o->width + margin &&
	    !(v->ncells == 1 && v->indent == 0)) {
		fprintf(stderr, "width %d, indent %d + %d cells\n", o->width,
		    v->indent, v->width);
		fz_fail("layout: line wider than the width", b.data, b.len);
	}
	fz_check_clean("layout output", ak_buf_str(&b), b.len, 0, 0);
	ak_buf_release(&b);
}

static void
para(const char *s, size_t len, const struct ak_layout_opts *o)
{
	struct ak_lines ls;
	struct ak_vline one;
	struct ak_error err;
	uint32_t at = 0;
	size_t i;

	ak_lines_init(&ls);
	if (ak_layout_para(s, len, o, &ls, &err) == AK_OK) {
		for (i = 0; i < ls.n; i++) {
			check_line(&ls.lines[i], o, 0);
			if (ls.lines[i].lstart != at ||
			    ls.lines[i].lend < ls.lines[i].lstart)
				fz_fail("layout: lines do not tile", s, len);
			at = ls.lines[i].lend;
		}
		if (ls.n == 0 || at != len)
			fz_fail("layout: lines do not cover the paragraph", s,
			    len);
	}
	ak_lines_release(&ls);
	if (ak_layout_line(s, len, o, &one, &err) == AK_OK) {
		check_line(&one, o, 0);
		ak_vline_release(&one);
	}
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const enum ak_dir dirs[] = {
		AK_DIR_AUTO, AK_DIR_RTL, AK_DIR_LTR, AK_DIR_AUTO_RTL
	};
	struct ak_layout_opts o;
	struct ak_article a;
	struct ak_lines ls;
	struct ak_error err;
	unsigned w = fz_byte(&data, &size), m = fz_byte(&data, &size);
	unsigned d = fz_byte(&data, &size), kinds = fz_byte(&data, &size);
	const char *s = (const char *)data, *nl;
	size_t len = size, k, i;

	memset(&o, 0, sizeof o);
	o.width = (int)(w % 160);
	o.mode = (enum ak_bidi_mode)(m % 3);
	o.shape = (m >> 2) & 1;
	o.dir = dirs[d % 4];
	ak_article_init(&a);
	while (len > 0) {
		nl = memchr(s, '\n', len);
		k = nl ? (size_t)(nl - s) : len;
		para(s, k, &o);
		if (!a.title)
			a.title = ak_xstrndup(s, k);
		else
			ak_article_add_block(&a, (enum ak_block_kind)(
			    (kinds >> (a.nblocks % 4 * 2)) % AK_BLOCK_NKINDS),
			    s, k, a.nblocks % 3 == 2 ? "رويترز" : NULL);
		s += k + (nl != NULL);
		len -= k + (nl != NULL);
	}
	if (a.nblocks > 0)
		a.lang = ak_xstrdup(d & 4 ? "ar" : "en");
	ak_lines_init(&ls);
	if (ak_layout_article(&a, NULL, 0, &o, &ls, &err) == AK_OK)
		for (i = 0; i < ls.n; i++)
			check_line(&ls.lines[i], &o, 0);
	ak_lines_release(&ls);
	ak_article_release(&a);
	return 0;
}
