/*
 * Layout: one paragraph of logical UTF-8 and a width to visual lines of
 * terminal cells.
 *
 * Per paragraph (see /work/shared/BIDI-NOTES.md §2 for the FriBidi call
 * order): decode to code points with byte offsets, dropping controls and
 * embedding/override controls; bidi types, bracket types and embedding
 * levels once for the whole paragraph; in app mode mirroring and Arabic
 * joining and shaping, in logical order; cell widths; line breaks at ICU
 * UBRK_LINE opportunities (a word wider than the line is cut between
 * grapheme clusters); then per line fribidi_reorder_line on a copy of the
 * levels, bidi marks and lam-alef fillers dropped, marks folded into the
 * cell of their base, RTL lines right-aligned.
 *
 * Left to others: sanitising (decode), what the attributes look like
 * (views), painting (screen).  Nothing here prints or knows ncurses.
 */
#include "config.h"

#include "akhbar/layout.h"

#include <stdlib.h>
#include <string.h>

#include <fribidi.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/utf16.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/text.h"

#define CH_FILL		0xFEFF	/* FRIBIDI_CHAR_FILL: lam of a lam-alef */
#define CH_DOTTED	0x25CC	/* base for an orphan combining mark */
#define CH_ELLIPSIS	0x2026
#define CH_SEPARATOR	0x2500	/* ─ */

/* Per code point flags. */
enum {
	F_GONE    = 1 << 0,	/* never shown: BN, explicit, isolate, LRM/RLM/ALM */
	F_WS      = 1 << 1,	/* whitespace (bidi WS), stripped at line ends */
	F_CLUSTER = 1 << 2,	/* a grapheme cluster starts here */
	F_FILL    = 1 << 3	/* the lam of a lam-alef ligature (now U+FEFF) */
};

/* Scratch for one paragraph; the arrays grow and are reused. */
struct lay {
	UBreakIterator *brk;	/* line breaks, opened on first use */
	int32_t brk_prev;	/* last opportunity reached walking forward */
	int32_t brk_cur;	/* the iterator's position, after brk_prev */
	size_t cap, n;		/* code points */
	size_t len;		/* bytes of the paragraph */
	FriBidiChar *u;		/* logical code points */
	uint32_t *off;		/* byte offset of each */
	uint32_t *loff;		/* offset a cell starting here reports */
	FriBidiCharType *types;
	FriBidiBracketType *btypes;
	FriBidiLevel *levels;	/* the paragraph's, never modified */
	FriBidiLevel *lv;	/* copy that fribidi_reorder_line changes */
	FriBidiArabicProp *ar;
	FriBidiChar *vis;	/* shaped, then reordered line by line */
	FriBidiStrIndex *map;	/* visual position -> logical index */
	uint16_t *attr;
	uint8_t *w;		/* cells of vis[i], 0 for marks and gone */
	uint8_t *fl;
	size_t cap16;
	UChar *u16;		/* the logical text for ICU */
	int32_t *u16map;	/* UTF-16 index -> code point index */
	int32_t *u16at;		/* code point index -> UTF-16 index */
	int rtl;
	FriBidiParType base;
};

const struct ak_layout_labels ak_layout_labels_en = {
	.summary = "Summary",
	.related = "Related stories",
	.kind = { "on the page", "same story", "related" },
	.sep = " \xC2\xB7 ",
};

void
ak_layout_prepare(void)
{
	UErrorCode e = U_ZERO_ERROR;
	UBreakIterator *b = ubrk_open(UBRK_LINE, "ar", NULL, 0, &e);

	if (b)
		ubrk_close(b);
}

static void
lay_init(struct lay *l)
{
	memset(l, 0, sizeof *l);
}

static void
lay_release(struct lay *l)
{
	if (l->brk)
		ubrk_close(l->brk);
	free(l->u);
	free(l->off);
	free(l->loff);
	free(l->types);
	free(l->btypes);
	free(l->levels);
	free(l->lv);
	free(l->ar);
	free(l->vis);
	free(l->map);
	free(l->attr);
	free(l->w);
	free(l->fl);
	free(l->u16);
	free(l->u16map);
	free(l->u16at);
	memset(l, 0, sizeof *l);
}

#define GROW(p, n) ((p) = ak_xreallocarray((p), (n), sizeof *(p)))

static void
lay_reserve(struct lay *l, size_t n)
{
	if (n <= l->cap)
		return;
	if (n < 2 * l->cap)
		n = 2 * l->cap;
	if (n < 64)
		n = 64;
	GROW(l->u, n);
	GROW(l->off, n);
	GROW(l->loff, n);
	GROW(l->types, n);
	GROW(l->btypes, n);
	GROW(l->levels, n);
	GROW(l->lv, n);
	GROW(l->ar, n);
	GROW(l->vis, n);
	GROW(l->map, n);
	GROW(l->attr, n);
	GROW(l->w, n);
	GROW(l->fl, n);
	l->cap = n;
}

static void
push(struct lay *l, unsigned cp, size_t off)
{
	lay_reserve(l, l->n + 1);
	l->u[l->n] = cp;
	l->off[l->n] = (uint32_t)off;
	l->n++;
}

/*
 * The Arabic word ligatures (U+FDF0-FDFB, U+FDFD) are one cell in wcwidth
 * but several letters wide on screen: show their letters instead.
 */
static int
push_expanded(struct lay *l, unsigned cp, size_t off)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
	UChar d[64];
	int32_t n, i = 0;
	UChar32 c;

	if (U_FAILURE(e))
		return 0;
	n = unorm2_getDecomposition(nfkc, (UChar32)cp, d, 64, &e);
	if (U_FAILURE(e) || n <= 0)
		return 0;
	while (i < n) {
		U16_NEXT(d, i, n, c);
		push(l, (unsigned)c, off);
	}
	return 1;
}

/*
 * Cells of a code point: the common Arabic and Latin ranges answered here
 * (the same values as glibc's wcwidth, see BIDI-NOTES §4), the rest by
 * ak_cp_width.  Measuring is a good part of the layout's time.
 */
static int
cp_width(unsigned cp)
{
	if ((cp >= 0x20 && cp < 0x7F) || (cp >= 0x0621 && cp <= 0x064A) ||
	    (cp >= 0x0660 && cp <= 0x066F) || (cp >= 0xFE80 && cp <= 0xFEFC))
		return 1;
	if (cp >= 0x064B && cp <= 0x065F)
		return 0;
	return ak_cp_width(cp);
}

static int
is_mark(unsigned cp)
{
	int t = u_charType((UChar32)cp);

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK;
}

/*
 * UTF-8 to code points.  Sanitised text should hold no control, but this
 * is the last stop before a terminal: controls go, tabs and line/paragraph
 * separators become spaces, embeddings and overrides (U+202A-202E) go so a
 * string cannot reorder its neighbours.
 */
static void
lay_load(struct lay *l, const char *s, size_t len)
{
	size_t i = 0, at;
	unsigned cp, c0;
	int based = 0, w;

	l->n = 0;
	l->len = len;
	lay_reserve(l, len + 2);
	while (i < len) {
		at = i;
		c0 = (unsigned char)s[i];
		if (c0 >= 0x20 && c0 < 0x7F) {
			cp = c0;
			i++;
		} else if (c0 >= 0xC2 && c0 < 0xE0 && i + 1 < len &&
		    ((unsigned char)s[i + 1] & 0xC0) == 0x80) {
			cp = ((c0 & 0x1Fu) << 6) | ((unsigned char)s[i + 1] & 0x3Fu);
			i += 2;
		} else {
			i += (size_t)ak_utf8_next(s + i, len - i, &cp);
		}
		if (cp == '\t' || cp == 0x2028 || cp == 0x2029)
			cp = ' ';
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
			continue;
		if (cp >= 0x202A && cp <= 0x202E)
			continue;
		if (((cp >= 0xFDF0 && cp <= 0xFDFB) || cp == 0xFDFD) &&
		    push_expanded(l, cp, at)) {
			based = 1;
			continue;
		}
		if (!based) {
			w = cp_width(cp);
			if (w > 0)
				based = 1;
			else if (is_mark(cp)) {
				push(l, CH_DOTTED, at);
				based = 1;
			}
		}
		push(l, cp, at);
	}
}

static FriBidiParType
par_type(enum ak_dir d)
{
	switch (d) {
	case AK_DIR_RTL:
		return FRIBIDI_PAR_RTL;
	case AK_DIR_LTR:
		return FRIBIDI_PAR_LTR;
	case AK_DIR_AUTO_RTL:
		return FRIBIDI_PAR_WRTL;
	case AK_DIR_AUTO:
	default:
		return FRIBIDI_PAR_WLTR;
	}
}

static int
is_gone(unsigned cp, FriBidiCharType t)
{
	return FRIBIDI_IS_EXPLICIT_OR_BN(t) || FRIBIDI_IS_ISOLATE(t) ||
		cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static void
spans_to_attr(struct lay *l, const struct ak_layout_opts *o)
{
	size_t k, i, lo, hi, mid;

	for (i = 0; i < l->n; i++)
		l->attr[i] = o->attr;
	for (k = 0; k < o->nspans; k++) {
		const struct ak_span *sp = &o->spans[k];

		lo = 0;
		hi = l->n;
		while (lo < hi) {
			mid = lo + (hi - lo) / 2;
			if (l->off[mid] < sp->start)
				lo = mid + 1;
			else
				hi = mid;
		}
		for (i = lo; i < l->n && l->off[i] < sp->end; i++)
			l->attr[i] |= sp->attr;
	}
}

/*
 * Hand the logical (unshaped) text to ICU's line break iterator.  Lines
 * are broken in order, so the iterator only ever walks forward (see
 * break_before): each opportunity is found once and the paragraph costs
 * linear time.
 */
static int
set_break_text(struct lay *l, struct ak_error *err)
{
	UErrorCode e = U_ZERO_ERROR;
	size_t i, n16 = 0;

	if (l->cap16 < 2 * l->n + 1) {
		l->cap16 = 2 * l->n + 1;
		GROW(l->u16, l->cap16);
		GROW(l->u16map, l->cap16);
		GROW(l->u16at, l->cap16);
	}
	for (i = 0; i < l->n; i++) {
		l->u16at[i] = (int32_t)n16;
		if (l->u[i] > 0xFFFF) {
			l->u16map[n16] = (int32_t)i;
			l->u16[n16++] = U16_LEAD(l->u[i]);
			l->u16map[n16] = (int32_t)i;
			l->u16[n16++] = U16_TRAIL(l->u[i]);
		} else {
			l->u16map[n16] = (int32_t)i;
			l->u16[n16++] = (UChar)l->u[i];
		}
	}
	l->u16at[l->n] = (int32_t)n16;
	if (!l->brk) {
		l->brk = ubrk_open(UBRK_LINE, "ar", NULL, 0, &e);
		if (U_FAILURE(e)) {
			l->brk = NULL;
			return ak_error_set(err, AK_EINVAL,
				"line break iterator: %s", u_errorName(e));
		}
	}
	ubrk_setText(l->brk, l->u16, (int32_t)n16, &e);
	if (U_FAILURE(e))
		return ak_error_set(err, AK_EINVAL, "line breaks: %s",
			u_errorName(e));
	l->brk_prev = l->brk_cur = ubrk_first(l->brk);
	return AK_OK;
}

/*
 * The last line-break opportunity at or before UTF-16 index pos.  ICU's
 * ubrk_preceding() on text it has not walked yet runs its reverse rules
 * back over the whole run before pos, which made long paragraphs
 * quadratic (a 80,000-word paragraph took 5 s, nearly all of it in
 * handleSafePrevious).  line_end asks for positions that never go back,
 * so walking forward with ubrk_next() and keeping the last boundary is
 * enough; a position before that (never asked today) still gets the
 * right answer from ubrk_preceding().
 */
static int32_t
break_at_or_before(struct lay *l, int32_t pos)
{
	if (pos < l->brk_prev)
		return ubrk_preceding(l->brk, pos + 1);
	while (l->brk_cur != UBRK_DONE && l->brk_cur <= pos) {
		l->brk_prev = l->brk_cur;
		l->brk_cur = ubrk_next(l->brk);
	}
	return l->brk_prev;
}

/*
 * The last line-break opportunity at or before cluster i and after a, as
 * a cluster start (zero-width things stay with the line before); a when
 * there is none.
 */
static size_t
break_before(struct lay *l, size_t a, size_t i)
{
	int32_t b;
	size_t j;

	b = break_at_or_before(l, l->u16at[i]);
	if (b == UBRK_DONE || b <= l->u16at[a])
		return a;
	for (j = (size_t)l->u16map[b]; j < i; j++)
		if (l->fl[j] & F_CLUSTER)
			break;
	return j;
}

/*
 * Everything that depends on the whole paragraph: levels, shaping,
 * widths, clusters, break opportunities.
 */
static int
lay_prepare(struct lay *l, const struct ak_layout_opts *o, enum ak_dir dir,
	struct ak_error *err)
{
	FriBidiStrIndex n = (FriBidiStrIndex)l->n;
	FriBidiFlags fl;
	size_t i;
	int w;

	l->base = par_type(dir);
	if (n > 0) {
		fribidi_get_bidi_types(l->u, n, l->types);
		fribidi_get_bracket_types(l->u, n, l->types, l->btypes);
		if (!fribidi_get_par_embedding_levels_ex(l->types, l->btypes,
		    n, &l->base, l->levels))
			return ak_error_set(err, AK_EINVAL,
				"bidi: cannot resolve levels");
	}
	l->rtl = (l->base & FRIBIDI_MASK_RTL) != 0;
	l->base = l->rtl ? FRIBIDI_PAR_RTL : FRIBIDI_PAR_LTR;
	memcpy(l->vis, l->u, l->n * sizeof *l->vis);
	if (o->mode == AK_BIDI_APP && n > 0) {
		fl = FRIBIDI_FLAG_SHAPE_MIRRORING;
		if (o->shape) {
			fribidi_get_joining_types(l->u, n, l->ar);
			fribidi_join_arabic(l->types, n, l->levels, l->ar);
			fl |= FRIBIDI_FLAG_SHAPE_ARAB_PRES |
				FRIBIDI_FLAG_SHAPE_ARAB_LIGA;
		}
		fribidi_shape(fl, l->levels, n, o->shape ? l->ar : NULL,
			l->vis);
	}
	spans_to_attr(l, o);
	for (i = 0; i < l->n; i++) {
		l->fl[i] = 0;
		l->loff[i] = l->off[i];
		if (is_gone(l->u[i], l->types[i]))
			l->fl[i] |= F_GONE;
		else if (l->vis[i] == CH_FILL && l->u[i] != CH_FILL)
			l->fl[i] |= F_FILL;
		if (l->types[i] == FRIBIDI_TYPE_WS)
			l->fl[i] |= F_WS;
		w = 0;
		if (!(l->fl[i] & (F_GONE | F_FILL))) {
			w = cp_width(l->vis[i]);
			if (w < 0)
				w = 0;
		}
		l->w[i] = (uint8_t)w;
		/* A cluster: a spacing char and the zero-width ones after
		 * it; a lam-alef's filler opens the cluster of its ligature. */
		if (i == 0 || (l->fl[i] & F_FILL) ||
		    (w > 0 && !(l->fl[i - 1] & F_FILL)))
			l->fl[i] |= F_CLUSTER;
		if (i > 0 && (l->fl[i - 1] & F_FILL)) {
			/* The ligature stands for both letters. */
			l->loff[i] = l->off[i - 1];
			l->attr[i] |= l->attr[i - 1];
		}
	}
	if (o->width > 0 && l->n > 0)
		return set_break_text(l, err);
	return AK_OK;
}

/* The cluster starting at i: returns its end, its width in *w. */
static size_t
cluster(const struct lay *l, size_t i, int *w)
{
	size_t j = i;

	*w = l->w[j];
	for (j++; j < l->n && !(l->fl[j] & F_CLUSTER); j++)
		*w += l->w[j];
	return j;
}

/*
 * Is cluster [i, j) all white space (or invisible)?  Only such clusters
 * are stripped at the end of a line (strip_end); a space carrying a mark
 * is not one, it shows.
 */
static int
blank_cluster(const struct lay *l, size_t i, size_t j)
{
	for (; i < j; i++)
		if (!(l->fl[i] & (F_WS | F_GONE)))
			return 0;
	return 1;
}

/* Where the line starting at a ends: greedy, at the last opportunity. */
static size_t
line_end(struct lay *l, size_t a, int width)
{
	size_t i = a, j, last;
	int wsum = 0, wtext = 0, cw;

	while (i < l->n) {
		j = cluster(l, i, &cw);
		wsum += cw;
		if (!blank_cluster(l, i, j))
			wtext = wsum;
		if (wtext > width) {
			last = i > a ? break_before(l, a, i) : a;
			if (last > a)
				return last;
			/* No opportunity: cut the word between clusters. */
			return i > a ? i : j;
		}
		i = j;
	}
	return l->n;
}

static struct ak_vline *
lines_add(struct ak_lines *ls)
{
	struct ak_vline *v;

	if (ls->n == ls->cap) {
		ls->cap = ls->cap ? 2 * ls->cap : 16;
		ls->lines = ak_xreallocarray(ls->lines, ls->cap,
			sizeof *ls->lines);
	}
	v = &ls->lines[ls->n++];
	memset(v, 0, sizeof *v);
	v->tag = -1;
	v->block = -1;
	return v;
}

/*
 * Zero-width characters that reordering leaves first on a visual line
 * (a format character such as U+0604 after an Arabic word in a
 * left-to-right line, a filler after its letter in a right-to-left one):
 * they wait here and join the first cell of the line, so the line is
 * exactly as wide as line_end measured it.
 */
struct orphans {
	uint32_t ch[AK_CELL_MAXCH - 1];
	uint8_t n;
	uint16_t attr;
};

/* Put vis char c of logical index i into the line. */
static void
cell_put(const struct lay *l, struct ak_vline *v, struct orphans *o,
	size_t i, unsigned c)
{
	struct ak_cell *cell;
	int w;
	uint8_t k;

	if (l->fl[i] & (F_GONE | F_FILL))
		return;
	w = l->w[i];
	if (w == 0 && v->ncells > 0) {
		cell = &v->cells[v->ncells - 1];
		if (cell->nch < AK_CELL_MAXCH)
			cell->ch[cell->nch++] = c;
		cell->attr |= l->attr[i];
		return;
	}
	if (w == 0) {
		if (o->n < AK_CELL_MAXCH - 1)
			o->ch[o->n++] = c;
		o->attr |= l->attr[i];
		return;
	}
	cell = &v->cells[v->ncells++];
	memset(cell, 0, sizeof *cell);
	cell->ch[cell->nch++] = c;
	for (k = 0; k < o->n; k++)
		cell->ch[cell->nch++] = o->ch[k];
	cell->width = (uint8_t)w;
	cell->attr = l->attr[i] | o->attr;
	cell->logical = l->loff[i];
	o->n = 0;
	o->attr = 0;
	v->width += w;
}

/* Emit logical [a, k) as one line; [a, e) is its share of the paragraph. */
static int
emit_line(struct lay *l, size_t a, size_t k, size_t e,
	const struct ak_layout_opts *o, struct ak_lines *out,
	struct ak_error *err)
{
	struct ak_vline *v = lines_add(out);
	struct orphans orph;
	size_t i, p;

	v->rtl = l->rtl;
	v->lstart = a == 0 ? 0 : l->off[a];
	v->lend = e >= l->n ? (uint32_t)l->len : l->off[e];
	if (k <= a)
		return AK_OK;
	/* One cell per char at most, plus a dotted circle. */
	v->cells = ak_xreallocarray(NULL, k - a + 1, sizeof *v->cells);
	orph.n = 0;
	orph.attr = 0;
	if (o->mode == AK_BIDI_APP) {
		for (i = a; i < k; i++) {
			l->map[i] = (FriBidiStrIndex)i;
			l->lv[i] = l->levels[i];
		}
		if (!fribidi_reorder_line(FRIBIDI_FLAG_REORDER_NSM, l->types,
		    (FriBidiStrIndex)(k - a), (FriBidiStrIndex)a, l->base,
		    l->lv, l->vis, l->map))
			return ak_error_set(err, AK_EINVAL,
				"bidi: cannot reorder line");
		for (p = a; p < k; p++)
			cell_put(l, v, &orph, (size_t)l->map[p], l->vis[p]);
	} else {
		for (i = a; i < k; i++)
			cell_put(l, v, &orph, i, l->vis[i]);
	}
	if (orph.n > 0) {
		/* Nothing but zero-width characters: shown on a dotted
		 * circle, as an orphan mark is. */
		struct ak_cell *cell = &v->cells[v->ncells++];

		memset(cell, 0, sizeof *cell);
		cell->ch[cell->nch++] = CH_DOTTED;
		for (p = 0; p < orph.n; p++)
			cell->ch[cell->nch++] = orph.ch[p];
		cell->width = 1;
		cell->attr = orph.attr;
		cell->logical = l->loff[a];
		v->width += 1;
	}
	if (o->width > 0 && o->mode == AK_BIDI_APP && l->rtl &&
	    v->width < o->width)
		v->indent = o->width - v->width;
	return AK_OK;
}

static size_t
strip_end(const struct lay *l, size_t a, size_t e)
{
	while (e > a && (l->fl[e - 1] & (F_WS | F_GONE)))
		e--;
	return e;
}

static int
lay_para(struct lay *l, const char *s, size_t len,
	const struct ak_layout_opts *o, enum ak_dir dir, struct ak_lines *out,
	struct ak_error *err)
{
	size_t a = 0, e;
	int rc;

	lay_load(l, s, len);
	rc = lay_prepare(l, o, dir, err);
	if (rc != AK_OK)
		return rc;
	if (l->n == 0)
		return emit_line(l, 0, 0, 0, o, out, err);
	while (a < l->n) {
		e = o->width > 0 ? line_end(l, a, o->width) : l->n;
		rc = emit_line(l, a, strip_end(l, a, e), e, o, out, err);
		if (rc != AK_OK)
			return rc;
		a = e;
	}
	return AK_OK;
}

void
ak_lines_init(struct ak_lines *l)
{
	memset(l, 0, sizeof *l);
}

void
ak_vline_release(struct ak_vline *l)
{
	free(l->cells);
	l->cells = NULL;
	l->ncells = 0;
}

void
ak_lines_release(struct ak_lines *l)
{
	size_t i;

	for (i = 0; i < l->n; i++)
		ak_vline_release(&l->lines[i]);
	free(l->lines);
	memset(l, 0, sizeof *l);
}

void
ak_lines_add_blank(struct ak_lines *l)
{
	lines_add(l);
}

int
ak_layout_para(const char *s, size_t len, const struct ak_layout_opts *o,
	struct ak_lines *out, struct ak_error *err)
{
	struct lay l;
	int rc;

	if (!s || !o || !out || o->width < 0)
		return ak_error_set(err, AK_EINVAL, "layout: bad arguments");
	lay_init(&l);
	rc = lay_para(&l, s, len, o, o->dir, out, err);
	lay_release(&l);
	return rc;
}

int
ak_layout_line(const char *s, size_t len, const struct ak_layout_opts *o,
	struct ak_vline *out, struct ak_error *err)
{
	struct ak_layout_opts one;
	struct ak_lines ls;
	struct lay l;
	struct ak_buf b = AK_BUF_INIT;
	size_t i, j, cut = 0, k;
	int rc, wsum = 0, total = 0, cw;
	enum ak_dir dir;

	if (!s || !o || !out || o->width < 0)
		return ak_error_set(err, AK_EINVAL, "layout: bad arguments");
	memset(out, 0, sizeof *out);
	out->tag = -1;
	out->block = -1;
	one = *o;
	one.width = 0;
	lay_init(&l);
	ak_lines_init(&ls);
	lay_load(&l, s, len);
	rc = lay_prepare(&l, &one, o->dir, err);
	if (rc != AK_OK)
		goto out;
	k = strip_end(&l, 0, l.n);
	for (i = 0; i < k; i++)
		total += l.w[i];
	dir = l.rtl ? AK_DIR_RTL : AK_DIR_LTR;
	if (o->width > 0 && total > o->width) {
		/* Longest run of whole clusters that leaves room for "…". */
		for (i = 0; i < l.n; i = j) {
			j = cluster(&l, i, &cw);
			if (wsum + cw > o->width - 1)
				break;
			wsum += cw;
			cut = j;
		}
		cut = strip_end(&l, 0, cut);
		ak_buf_add(&b, s, cut < l.n ? l.off[cut] : len);
		ak_buf_addcp(&b, CH_ELLIPSIS);
		one.dir = dir;
		rc = lay_para(&l, b.data, b.len, &one, dir, &ls, err);
	} else {
		rc = emit_line(&l, 0, k, l.n, &one, &ls, err);
	}
	if (rc != AK_OK)
		goto out;
	*out = ls.lines[0];
	ls.lines[0].cells = NULL;
	out->lend = (uint32_t)len;
	if (o->width > 0 && o->mode == AK_BIDI_APP && out->rtl &&
	    out->width < o->width)
		out->indent = o->width - out->width;
out:
	ak_lines_release(&ls);
	ak_buf_release(&b);
	lay_release(&l);
	return rc;
}

void
ak_vline_to_utf8(const struct ak_vline *l, int pad_to, struct ak_buf *b)
{
	size_t i, k;
	int col;

	for (col = 0; col < l->indent; col++)
		ak_buf_addch(b, ' ');
	for (i = 0; i < l->ncells; i++) {
		const struct ak_cell *c = &l->cells[i];

		for (k = 0; k < c->nch; k++)
			if (ak_cp_width(c->ch[k]) >= 0)
				ak_buf_addcp(b, c->ch[k]);
	}
	for (col = l->indent + l->width; col < pad_to; col++)
		ak_buf_addch(b, ' ');
}

static const char *const mode_names[] = { "app", "terminal", "off" };

int
ak_bidi_mode_from_name(const char *s, enum ak_bidi_mode *out)
{
	size_t i;

	for (i = 0; i < sizeof mode_names / sizeof *mode_names; i++)
		if (s && strcmp(s, mode_names[i]) == 0) {
			*out = (enum ak_bidi_mode)i;
			return 0;
		}
	return -1;
}

const char *
ak_bidi_mode_name(enum ak_bidi_mode m)
{
	return (unsigned)m < 3 ? mode_names[m] : "?";
}

int
ak_dir_from_name(const char *s, enum ak_dir *out)
{
	if (!s)
		return -1;
	if (strcmp(s, "auto") == 0)
		*out = AK_DIR_AUTO;
	else if (strcmp(s, "rtl") == 0)
		*out = AK_DIR_RTL;
	else if (strcmp(s, "ltr") == 0)
		*out = AK_DIR_LTR;
	else
		return -1;
	return 0;
}

/* ------------------------------------------------------------ article */

struct art {
	struct lay l;
	const struct ak_layout_opts *o;
	const struct ak_layout_labels *lab;
	enum ak_dir dir;	/* per paragraph: auto, with this fallback */
	enum ak_dir fixed;	/* for our own lines: the article's */
	struct ak_lines *out;
	struct ak_error *err;
};

static const char *
label(const char *s, const char *fallback)
{
	return s ? s : fallback;
}

/*
 * Lay out s with attributes attr (and optional spans); lines get block
 * index blk and are narrowed by margin columns on each side.
 */
static int
art_para(struct art *t, const char *s, size_t len, enum ak_dir dir,
	uint16_t attr, const struct ak_span *spans, size_t nspans, int blk,
	int margin)
{
	struct ak_layout_opts o = *t->o;
	size_t first = t->out->n, i;
	int rc;

	o.attr = attr;
	o.spans = spans;
	o.nspans = nspans;
	if (o.width > 0 && margin > 0 && o.width > 2 * margin + 10)
		o.width -= 2 * margin;
	else
		margin = 0;
	rc = lay_para(&t->l, s, len, &o, dir, t->out, t->err);
	for (i = first; i < t->out->n; i++) {
		t->out->lines[i].block = blk;
		t->out->lines[i].indent += margin;
	}
	return rc;
}

static int
art_str(struct art *t, const char *s, enum ak_dir dir, uint16_t attr,
	int blk, int margin)
{
	return art_para(t, s, strlen(s), dir, attr, NULL, 0, blk, margin);
}

static int
is_blank(const char *s)
{
	if (!s)
		return 1;
	for (; *s; s++)
		if (*s != ' ' && *s != '\t' && *s != '\n')
			return 0;
	return 1;
}

static int
has_rtl_letter(const char *s)
{
	size_t i = 0, n = strlen(s);
	unsigned cp;
	FriBidiCharType t;

	while (i < n) {
		i += (size_t)ak_utf8_next(s + i, n - i, &cp);
		t = fribidi_get_bidi_type(cp);
		if (FRIBIDI_IS_LETTER(t) && FRIBIDI_IS_RTL(t))
			return 1;
	}
	return 0;
}

/*
 * A meta part with no right-to-left letter (an ISO date, a Latin name)
 * is isolated left-to-right (LRI ... PDI, dropped from the output): after
 * Arabic letters an ISO date would otherwise become Arabic numbers (rule
 * W2) and show as "05-01-2024".  Arabic parts are not isolated: FriBidi
 * 1.0.8 mis-resolves numbers in consecutive RTL isolates (fribidi#141).
 */
static void
meta_add(struct ak_buf *b, const char *sep, const char *s)
{
	int iso;

	if (is_blank(s))
		return;
	if (b->len)
		ak_buf_addstr(b, sep);
	iso = !has_rtl_letter(s);
	if (iso)
		ak_buf_addcp(b, 0x2066);
	ak_buf_addstr(b, s);
	if (iso)
		ak_buf_addcp(b, 0x2069);
}

/*
 * RTL when the article says its language is a right-to-left one, else
 * from the first strong letter of its text.
 */
static int
article_rtl(const struct ak_article *a)
{
	static const char *const rtl_langs[] = {
		"ar", "fa", "ur", "he", "yi", "ps", "ckb", "sd", "ug", "dv"
	};
	FriBidiCharType p;
	const char *s;
	size_t i, k, n;
	unsigned cp;

	if (a->lang && *a->lang) {
		for (k = 0; k < sizeof rtl_langs / sizeof *rtl_langs; k++) {
			n = strlen(rtl_langs[k]);
			if (strncmp(a->lang, rtl_langs[k], n) == 0 &&
			    (a->lang[n] == '\0' || a->lang[n] == '-' ||
			    a->lang[n] == '_'))
				return 1;
		}
		return 0;
	}
	for (k = 0; k <= a->nblocks; k++) {
		s = k == 0 ? a->title : a->blocks[k - 1].text;
		if (!s)
			continue;
		n = strlen(s);
		for (i = 0; i < n;) {
			i += (size_t)ak_utf8_next(s + i, n - i, &cp);
			p = fribidi_get_bidi_type(cp);
			if (FRIBIDI_IS_LETTER(p))
				return FRIBIDI_IS_RTL(p) != 0;
		}
	}
	return 0;
}

static int
art_caption(struct art *t, const struct ak_block *bk, int blk)
{
	struct ak_buf b = AK_BUF_INIT;
	struct ak_span sp;
	size_t tl = strlen(bk->text), cl;
	const char *hit = NULL, *p;
	int rc;

	ak_buf_addstr(&b, bk->text);
	sp.attr = AK_ATTR_CREDIT;
	sp.start = sp.end = 0;
	if (!is_blank(bk->credit)) {
		cl = strlen(bk->credit);
		/* Pages often end the caption with the credit already: its
		 * last occurrence within the last cl + 2 bytes.  Only that
		 * tail is searched; every occurrence of the whole caption
		 * would cost its length times the credit's. */
		p = bk->text + (tl > cl + 2 ? tl - cl - 2 : 0);
		for (p = strstr(p, bk->credit); p;
		    p = strstr(p + 1, bk->credit))
			hit = p;
		if (hit) {
			sp.start = (uint32_t)(hit - bk->text);
			sp.end = (uint32_t)(sp.start + cl);
		} else {
			ak_buf_addstr(&b, " (");
			sp.start = (uint32_t)b.len;
			ak_buf_addstr(&b, bk->credit);
			sp.end = (uint32_t)b.len;
			ak_buf_addch(&b, ')');
		}
	}
	rc = art_para(t, ak_buf_str(&b), b.len, t->dir, AK_ATTR_CAPTION,
		&sp, sp.end > sp.start, blk, 0);
	ak_buf_release(&b);
	return rc;
}

static int
art_separator(struct art *t)
{
	struct ak_vline *v = lines_add(t->out);
	int i, n = t->o->width > 0 ? t->o->width : 40;

	v->cells = ak_xreallocarray(NULL, (size_t)n, sizeof *v->cells);
	for (i = 0; i < n; i++) {
		struct ak_cell *c = &v->cells[i];

		memset(c, 0, sizeof *c);
		c->ch[0] = CH_SEPARATOR;
		c->nch = 1;
		c->width = 1;
		c->attr = AK_ATTR_DIM;
	}
	v->ncells = (size_t)n;
	v->width = n;
	v->rtl = t->fixed == AK_DIR_RTL;
	return AK_OK;
}

static int
art_related(struct art *t, const struct ak_related *rel, size_t nrel)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i, first, k, num = 0;
	int rc = AK_OK;
	uint16_t link;

	ak_lines_add_blank(t->out);
	art_separator(t);
	rc = art_str(t, label(t->lab->related, ak_layout_labels_en.related),
		t->fixed, AK_ATTR_HEADING, -1, 0);
	for (i = 0; i < nrel && rc == AK_OK; i++) {
		const struct ak_related *r = &rel[i];

		first = t->out->n;
		link = r->id > 0 ? AK_ATTR_LINK : AK_ATTR_DIM;
		ak_buf_reset(&b);
		/* numbers for the stories that can be opened (1-9) */
		if (r->id > 0 && num < 9)
			ak_buf_addf(&b, "%zu. ", ++num);
		else
			ak_buf_addstr(&b, "- ");
		ak_buf_addstr(&b, is_blank(r->title) ? "?" : r->title);
		rc = art_para(t, b.data, b.len, t->dir, link, NULL, 0, -1, 0);
		if (rc != AK_OK)
			break;
		ak_buf_reset(&b);
		meta_add(&b, "", (unsigned)r->kind < 3 ?
			label(t->lab->kind[r->kind],
			ak_layout_labels_en.kind[r->kind]) : NULL);
		meta_add(&b, label(t->lab->sep, ak_layout_labels_en.sep),
			r->publisher);
		meta_add(&b, label(t->lab->sep, ak_layout_labels_en.sep),
			r->published);
		rc = art_para(t, b.data, b.len, t->fixed,
			AK_ATTR_META | AK_ATTR_DIM, NULL, 0, -1, 2);
		for (k = first; k < t->out->n; k++) {
			t->out->lines[k].link = r->id;
			t->out->lines[k].tag = (int)i;
		}
	}
	ak_buf_release(&b);
	return rc;
}

int
ak_layout_article(const struct ak_article *a, const struct ak_related *rel,
	size_t nrel, const struct ak_layout_opts *o, struct ak_lines *out,
	struct ak_error *err)
{
	struct ak_buf meta = AK_BUF_INIT;
	struct art t;
	const char *sep;
	size_t i;
	int rc = AK_OK, rtl;

	if (!a || !o || !out || o->width < 0 || (nrel && !rel))
		return ak_error_set(err, AK_EINVAL, "layout: bad arguments");
	memset(&t, 0, sizeof t);
	lay_init(&t.l);
	t.o = o;
	t.lab = o->labels ? o->labels : &ak_layout_labels_en;
	t.out = out;
	t.err = err;
	switch (o->dir) {
	case AK_DIR_RTL:
	case AK_DIR_LTR:
		t.dir = t.fixed = o->dir;
		break;
	default:
		rtl = o->dir == AK_DIR_AUTO_RTL || article_rtl(a);
		t.dir = rtl ? AK_DIR_AUTO_RTL : AK_DIR_AUTO;
		t.fixed = rtl ? AK_DIR_RTL : AK_DIR_LTR;
		break;
	}
	sep = label(t.lab->sep, ak_layout_labels_en.sep);

	if (!is_blank(a->title))
		rc = art_str(&t, a->title, t.dir, AK_ATTR_TITLE, -1, 0);
	if (rc == AK_OK && !is_blank(a->subtitle))
		rc = art_str(&t, a->subtitle, t.dir, AK_ATTR_SUBTITLE, -1, 0);
	meta_add(&meta, sep, a->publisher);
	meta_add(&meta, sep, is_blank(a->date_raw) ? a->published :
		a->date_raw);
	meta_add(&meta, sep, a->byline);
	if (rc == AK_OK && meta.len)
		rc = art_para(&t, meta.data, meta.len, t.fixed, AK_ATTR_META,
			NULL, 0, -1, 0);
	/* the link, isolated: left to right inside the article's side */
	if (rc == AK_OK && !is_blank(a->url)) {
		ak_buf_reset(&meta);
		ak_buf_addstr(&meta, "\u2066");
		ak_buf_addstr(&meta, a->url);
		ak_buf_addstr(&meta, "\u2069");
		rc = art_para(&t, meta.data, meta.len, t.fixed,
			AK_ATTR_META | AK_ATTR_DIM, NULL, 0, -1, 0);
	}
	for (i = 0; i < a->nblocks && rc == AK_OK; i++) {
		const struct ak_block *bk = &a->blocks[i];

		if (is_blank(bk->text))
			continue;
		ak_lines_add_blank(out);
		switch (bk->kind) {
		case AK_BLOCK_HEADING:
			rc = art_str(&t, bk->text, t.dir, AK_ATTR_HEADING,
				(int)i, 0);
			break;
		case AK_BLOCK_CAPTION:
			rc = art_caption(&t, bk, (int)i);
			break;
		case AK_BLOCK_SUMMARY:
			rc = art_str(&t, label(t.lab->summary,
				ak_layout_labels_en.summary), t.fixed,
				AK_ATTR_SUMMARY | AK_ATTR_HEADING, (int)i, 2);
			if (rc == AK_OK)
				rc = art_str(&t, bk->text, t.dir,
					AK_ATTR_SUMMARY, (int)i, 2);
			break;
		case AK_BLOCK_QUOTE:
			rc = art_str(&t, bk->text, t.dir, AK_ATTR_QUOTE,
				(int)i, 4);
			break;
		case AK_BLOCK_PARAGRAPH:
		default:
			rc = art_str(&t, bk->text, t.dir, AK_ATTR_NONE,
				(int)i, 0);
			break;
		}
	}
	if (rc == AK_OK && nrel > 0)
		rc = art_related(&t, rel, nrel);
	ak_buf_release(&meta);
	lay_release(&t.l);
	return rc;
}
