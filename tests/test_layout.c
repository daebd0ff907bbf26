/*
 * layout: Unicode's BidiCharacterTest.txt through our per-line path, wrapped
 * lines against an independent L2, shaping, alignment, untrusted input,
 * the article layout.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <locale.h>

#include <cmocka.h>
#include <fribidi.h>
#include <unicode/ubrk.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/layout.h"
#include "akhbar/text.h"

#define BIDI_TEST "/usr/share/unicode/BidiCharacterTest.txt"
#define MAXN 512

/* ------------------------------------------------------------ helpers */

static struct ak_layout_opts
opts(int width, enum ak_dir dir, enum ak_bidi_mode mode, int shape)
{
	struct ak_layout_opts o;

	memset(&o, 0, sizeof o);
	o.width = width;
	o.dir = dir;
	o.mode = mode;
	o.shape = shape;
	return o;
}

static void
lay(const char *s, const struct ak_layout_opts *o, struct ak_lines *ls)
{
	struct ak_error err;

	ak_lines_init(ls);
	assert_int_equal(ak_layout_para(s, strlen(s), o, ls, &err), AK_OK);
}

/* The cells of a line as UTF-8, without indent. */
static char *
cells_utf8(const struct ak_vline *v)
{
	struct ak_vline c = *v;
	struct ak_buf b = AK_BUF_INIT;

	c.indent = 0;
	ak_vline_to_utf8(&c, 0, &b);
	return ak_buf_detach(&b, NULL);
}

/* Lay out s on one line (width 0) and compare the visual text. */
static void
check_visual(const char *s, enum ak_dir dir, int shape, const char *want)
{
	struct ak_layout_opts o = opts(0, dir, AK_BIDI_APP, shape);
	struct ak_lines ls;
	char *got;

	lay(s, &o, &ls);
	assert_int_equal(ls.n, 1);
	got = cells_utf8(&ls.lines[0]);
	assert_string_equal(got, want);
	free(got);
	ak_lines_release(&ls);
}

static int
utf8_decode(const char *s, unsigned *cps, uint32_t *offs, int max)
{
	size_t i = 0, len = strlen(s);
	int n = 0;

	while (i < len && n < max) {
		offs[n] = (uint32_t)i;
		i += (size_t)ak_utf8_next(s + i, len - i, &cps[n]);
		n++;
	}
	return n;
}

static int
idx_of(const uint32_t *offs, int n, uint32_t off)
{
	int i;

	for (i = 0; i < n; i++)
		if (offs[i] == off)
			return i;
	return -1;
}

static int
is_mark(unsigned cp)
{
	int t = u_charType((UChar32)cp);

	return t == U_NON_SPACING_MARK || t == U_ENCLOSING_MARK;
}

/* Never shown by the layout (documented in layout.h). */
static int
is_gone(unsigned cp)
{
	FriBidiCharType t = fribidi_get_bidi_type(cp);

	return FRIBIDI_IS_EXPLICIT_OR_BN(t) || FRIBIDI_IS_ISOLATE(t) ||
		cp == 0x200E || cp == 0x200F || cp == 0x061C;
}

static int
is_ws(unsigned cp)
{
	return fribidi_get_bidi_type(cp) == FRIBIDI_TYPE_WS;
}

/* UAX #9 L2 on idx/lev (n entries), written from the spec. */
static void
ref_l2(int *idx, int *lev, int n)
{
	int hi = 0, lo = 127, k, i, j, a, b, t;

	for (i = 0; i < n; i++) {
		if (lev[i] > hi)
			hi = lev[i];
		if ((lev[i] & 1) && lev[i] < lo)
			lo = lev[i];
	}
	for (k = hi; k >= lo; k--) {
		for (i = 0; i < n; i = j) {
			if (lev[i] < k) {
				j = i + 1;
				continue;
			}
			for (j = i; j < n && lev[j] >= k; j++)
				;
			for (a = i, b = j - 1; a < b; a++, b--) {
				t = idx[a]; idx[a] = idx[b]; idx[b] = t;
				t = lev[a]; lev[a] = lev[b]; lev[b] = t;
			}
		}
	}
}

/* Logical indices of the line's cells, marks left out. */
static int
line_order(const struct ak_vline *v, const unsigned *cps, const uint32_t *offs,
	int n, int *out)
{
	size_t c;
	int k = 0, i;

	for (c = 0; c < v->ncells; c++) {
		i = idx_of(offs, n, v->cells[c].logical);
		assert_true(i >= 0);
		if (is_mark(cps[i]))
			continue;
		out[k++] = i;
	}
	return k;
}

/* ------------------------------------------------------------ conformance */

struct bct_case {
	unsigned cps[MAXN];
	uint32_t offs[MAXN];
	int lev[MAXN];		/* -1 = x (removed by X9) */
	int order[MAXN];
	int n, norder, dir, parlevel;
	char utf8[MAXN * 4 + 1];
};

static int
bct_parse(char *line, struct bct_case *c)
{
	char *f[5], *p, *tok, *save;
	int k = 0;
	struct ak_buf b = AK_BUF_INIT;

	for (p = line; k < 5; k++) {
		f[k] = p;
		p = strchr(p, ';');
		if (!p && k < 4)
			return -1;
		if (p)
			*p++ = '\0';
	}
	c->n = 0;
	for (tok = strtok_r(f[0], " ", &save); tok && c->n < MAXN;
	    tok = strtok_r(NULL, " ", &save)) {
		c->offs[c->n] = (uint32_t)b.len;
		c->cps[c->n] = (unsigned)strtoul(tok, NULL, 16);
		ak_buf_addcp(&b, c->cps[c->n]);
		c->n++;
	}
	memcpy(c->utf8, b.data, b.len + 1);
	ak_buf_release(&b);
	c->dir = atoi(f[1]);
	c->parlevel = atoi(f[2]);
	k = 0;
	for (tok = strtok_r(f[3], " ", &save); tok && k < MAXN;
	    tok = strtok_r(NULL, " ", &save))
		c->lev[k++] = *tok == 'x' ? -1 : atoi(tok);
	if (k != c->n)
		return -1;
	c->norder = 0;
	for (tok = strtok_r(f[4], " \r\n", &save); tok && c->norder < MAXN;
	    tok = strtok_r(NULL, " \r\n", &save))
		c->order[c->norder++] = atoi(tok);
	return 0;
}

static enum ak_dir
bct_dir(int d)
{
	return d == 0 ? AK_DIR_LTR : d == 1 ? AK_DIR_RTL : AK_DIR_AUTO;
}

/* Where stripping of trailing whitespace and invisibles leaves a..e. */
static int
strip_point(const unsigned *cps, int a, int e)
{
	while (e > a && (is_ws(cps[e - 1]) || is_gone(cps[e - 1])))
		e--;
	return e;
}

static void
report_mismatch(int lineno, const char *what, const int *want, int nw,
	const int *got, int ng)
{
	int i;

	printf("# BidiCharacterTest.txt line %d: %s: want", lineno, what);
	for (i = 0; i < nw; i++)
		printf(" %d", want[i]);
	printf(", got");
	for (i = 0; i < ng; i++)
		printf(" %d", got[i]);
	printf("\n");
}

/* One line, whole paragraph: order as the file says, minus what we drop. */
static int
bct_one_line(struct bct_case *c, int lineno, int *nfail)
{
	struct ak_layout_opts o = opts(0, bct_dir(c->dir), AK_BIDI_APP, 0);
	struct ak_lines ls;
	int want[MAXN], got[MAXN], nw = 0, ng, i, k, ok;

	lay(c->utf8, &o, &ls);
	assert_int_equal(ls.n, 1);
	k = strip_point(c->cps, 0, c->n);
	for (i = 0; i < c->norder; i++) {
		int x = c->order[i];

		if (x >= k || is_mark(c->cps[x]) || is_gone(c->cps[x]))
			continue;
		want[nw++] = x;
	}
	ng = line_order(&ls.lines[0], c->cps, c->offs, c->n, got);
	ok = ng == nw && memcmp(want, got, (size_t)nw * sizeof *want) == 0 &&
		ls.lines[0].rtl == (c->parlevel & 1);
	if (!ok && (*nfail)++ < 10)
		report_mismatch(lineno, "one line", want, nw, got, ng);
	ak_lines_release(&ls);
	return ok;
}

/*
 * Wrapped: each line is L2 over the file's levels restricted to that line
 * (trailing whitespace stripped, which is what L1 would reset).
 */
static int
bct_wrapped(struct bct_case *c, int width, int lineno, int *nfail)
{
	struct ak_layout_opts o = opts(width, bct_dir(c->dir), AK_BIDI_APP, 0);
	struct ak_lines ls;
	int idx[MAXN], lev[MAXN], want[MAXN], got[MAXN];
	int nw, ng, i, a, e, k, m, ok = 1;
	size_t li;

	lay(c->utf8, &o, &ls);
	a = 0;
	for (li = 0; li < ls.n && ok; li++) {
		const struct ak_vline *v = &ls.lines[li];

		/* Lines tile the paragraph. */
		e = a;
		while (e < c->n && c->offs[e] < v->lend)
			e++;
		if (li + 1 == ls.n && e != c->n)
			ok = 0;
		if (v->width > width)
			ok = 0;
		k = strip_point(c->cps, a, e);
		m = 0;
		for (i = a; i < k; i++) {
			if (c->lev[i] < 0)
				continue;
			idx[m] = i;
			lev[m] = c->lev[i];
			m++;
		}
		ref_l2(idx, lev, m);
		nw = 0;
		for (i = 0; i < m; i++)
			if (!is_mark(c->cps[idx[i]]) && !is_gone(c->cps[idx[i]]))
				want[nw++] = idx[i];
		ng = line_order(v, c->cps, c->offs, c->n, got);
		if (ng != nw || memcmp(want, got, (size_t)nw * sizeof *want))
			ok = 0;
		if (!ok && (*nfail)++ < 10)
			report_mismatch(lineno, "wrapped line", want, nw, got,
				ng);
		a = e;
	}
	ak_lines_release(&ls);
	return ok;
}

static void
test_layout_bidi_character_test(void **state)
{
	FILE *f = fopen(BIDI_TEST, "r");
	struct bct_case *c;
	char line[8192];
	int lineno = 0, total = 0, ran = 0, failed = 0, wfailed = 0;
	int skip_embed = 0, skip_tab = 0, with_marks = 0, wran = 0, nf = 0;
	int i, has_embed, has_tab, has_mark;

	(void)state;
	if (!f) {
		printf("# %s missing: install the Debian package unicode-data "
			"(./quickstart does); conformance not run\n", BIDI_TEST);
		skip();
		return;
	}
	c = malloc(sizeof *c);
	assert_non_null(c);
	while (fgets(line, sizeof line, f)) {
		lineno++;
		if (line[0] == '#' || line[0] == '\n' || line[0] == '\r')
			continue;
		total++;
		if (bct_parse(line, c) != 0) {
			printf("# line %d: cannot parse\n", lineno);
			failed++;
			continue;
		}
		has_embed = has_tab = has_mark = 0;
		for (i = 0; i < c->n; i++) {
			if (c->cps[i] >= 0x202A && c->cps[i] <= 0x202E)
				has_embed = 1;
			if (c->cps[i] < 0x20)
				has_tab = 1;
			if (is_mark(c->cps[i]))
				has_mark = 1;
		}
		if (has_embed) {
			skip_embed++;
			continue;
		}
		if (has_tab) {
			skip_tab++;
			continue;
		}
		ran++;
		with_marks += has_mark;
		if (!bct_one_line(c, lineno, &nf))
			failed++;
		/* Wrapped at 2..8 columns: every line L2 on its own. */
		wran++;
		if (!bct_wrapped(c, 2 + total % 7, lineno, &nf))
			wfailed++;
	}
	fclose(f);
	free(c);
	printf("# BidiCharacterTest.txt: %d cases; ran %d, skipped %d "
		"(%d with explicit embeddings U+202A-202E, which akhbar "
		"strips; %d with a control character, which sanitising "
		"removes); failed %d\n", total, ran, skip_embed + skip_tab,
		skip_embed, skip_tab, failed);
	printf("# of those ran, %d have combining marks: compared with each "
		"mark inside its base's cell (rule L3 placement)\n", with_marks);
	printf("# wrapped at 2-8 columns, each line against L2 of the file's "
		"levels: ran %d, failed %d\n", wran, wfailed);
	assert_int_equal(failed, 0);
	assert_int_equal(wfailed, 0);
	assert_true(ran > 90000);
}

/* ------------------------------------------------------------ wrapping */

static const char *const arabic_paras[] = {
	"تتجه واشنطن إلى إلغاء تفاهمات مع العراق حول جدولة انسحاب قواتها، "
	"وقال مسؤولون عراقيون إن الهجوم الأخير بصاروخين على قاعدة «عين "
	"الأسد» يقف وراء هذا التحول.",
	"وقالت مصادر مسؤولة لـ«الشرق الأوسط»، إن مسار التفاوض حول انسحاب "
	"القوات الأميركية من العراق توقف من طرف واشنطن (Reuters, 2024) "
	"بعد هجوم 5 يناير/كانون الثاني ٢٠٢٤ على القاعدة.",
	"قال السوداني إن 2500 جندي (تقريباً) في العراق",
	"وأضافت المصادر: «ليس من المعلوم إن كانت واشنطن ستعود إلى هذه "
	"النقطة مجدداً (الانسحاب)، لكن الوضع معقد للغاية بسبب الهجوم الأخير "
	"على (عين الأسد)». هٰذَا مُحَمَّدٌ لا سلامَ.",
	"The Pentagon said on Friday that the talks with Baghdad, known as "
	"the Higher Military Commission (HMC), would continue.",
	"Supercalifragilisticexpialidocious-and-even-longer-words-here "
	"كلمةطويلةجداجداجداجداجداجداجدا end",
};

/* Sorted NFKC code points of s minus spaces, brackets folded. */
static int
nfkc_multiset(const char *s, size_t len, unsigned *out, int max)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nf = unorm2_getNFKCInstance(&e);
	UChar src[8192], dst[16384];
	int32_t sl, dl, i = 0;
	int n = 0, a, b;
	UChar32 ch;
	FriBidiChar m;

	u_strFromUTF8(src, 8192, &sl, s, (int32_t)len, &e);
	dl = unorm2_normalize(nf, src, sl, dst, 16384, &e);
	assert_true(U_SUCCESS(e));
	while (i < dl && n < max) {
		U16_NEXT(dst, i, dl, ch);
		if (ch == ' ')
			continue;
		if (fribidi_get_mirror_char((FriBidiChar)ch, &m) &&
		    m < (FriBidiChar)ch)
			ch = (UChar32)m;
		out[n++] = (unsigned)ch;
	}
	for (a = 1; a < n; a++)
		for (b = a; b > 0 && out[b - 1] > out[b]; b--) {
			unsigned t = out[b];

			out[b] = out[b - 1];
			out[b - 1] = t;
		}
	return n;
}

static void
test_layout_wrapped_lines_fit_and_keep_every_letter(void **state)
{
	static const int widths[] = { 7, 12, 20, 33, 47, 80, 100 };
	static unsigned want[4096], got[4096];
	size_t p, wi, li;
	int nw, ng, shape;

	(void)state;
	for (shape = 0; shape <= 1; shape++)
	for (p = 0; p < sizeof arabic_paras / sizeof *arabic_paras; p++)
	for (wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
		struct ak_layout_opts o = opts(widths[wi], AK_DIR_AUTO,
			AK_BIDI_APP, shape);
		struct ak_lines ls;
		struct ak_buf all = AK_BUF_INIT;

		lay(arabic_paras[p], &o, &ls);
		for (li = 0; li < ls.n; li++) {
			const struct ak_vline *v = &ls.lines[li];
			char *t = cells_utf8(v);

			assert_true(v->width <= widths[wi]);
			assert_int_equal(v->width, ak_text_width(t,
				strlen(t)));
			if (v->rtl)
				assert_int_equal(v->indent + v->width,
					widths[wi]);
			else
				assert_int_equal(v->indent, 0);
			ak_buf_addstr(&all, t);
			free(t);
		}
		nw = nfkc_multiset(arabic_paras[p], strlen(arabic_paras[p]),
			want, 4096);
		ng = nfkc_multiset(ak_buf_str(&all), all.len, got, 4096);
		assert_int_equal(ng, nw);
		assert_memory_equal(got, want, (size_t)nw * sizeof *want);
		ak_buf_release(&all);
		ak_lines_release(&ls);
	}
}

static void
test_layout_each_wrapped_line_is_its_own_reordering(void **state)
{
	static const int widths[] = { 9, 16, 25, 40, 61 };
	unsigned cps[MAXN];
	uint32_t offs[MAXN];
	FriBidiChar fc[MAXN];
	FriBidiCharType types[MAXN];
	FriBidiBracketType bt[MAXN];
	FriBidiLevel levels[MAXN];
	FriBidiParType base;
	int idx[MAXN], lev[MAXN], want[MAXN], got[MAXN];
	int n, i, a, e, k, m, nw, ng;
	size_t p, wi, li;

	(void)state;
	for (p = 0; p < sizeof arabic_paras / sizeof *arabic_paras; p++) {
		n = utf8_decode(arabic_paras[p], cps, offs, MAXN);
		for (i = 0; i < n; i++)
			fc[i] = cps[i];
		fribidi_get_bidi_types(fc, n, types);
		fribidi_get_bracket_types(fc, n, types, bt);
		base = FRIBIDI_PAR_WLTR;
		assert_true(fribidi_get_par_embedding_levels_ex(types, bt, n,
			&base, levels));
		for (wi = 0; wi < sizeof widths / sizeof *widths; wi++) {
			struct ak_layout_opts o = opts(widths[wi], AK_DIR_AUTO,
				AK_BIDI_APP, 0);
			struct ak_lines ls;

			lay(arabic_paras[p], &o, &ls);
			assert_true(ls.n >= 1);
			a = 0;
			for (li = 0; li < ls.n; li++) {
				e = a;
				while (e < n && offs[e] < ls.lines[li].lend)
					e++;
				k = strip_point(cps, a, e);
				for (m = 0, i = a; i < k; i++, m++) {
					idx[m] = i;
					lev[m] = levels[i];
				}
				ref_l2(idx, lev, m);
				for (nw = 0, i = 0; i < m; i++)
					if (!is_mark(cps[idx[i]]))
						want[nw++] = idx[i];
				ng = line_order(&ls.lines[li], cps, offs, n,
					got);
				assert_int_equal(ng, nw);
				assert_memory_equal(got, want,
					(size_t)nw * sizeof *want);
				a = e;
			}
			assert_int_equal(a, n);
			ak_lines_release(&ls);
		}
	}
}

static void
test_layout_long_word_is_cut_not_lost(void **state)
{
	struct ak_layout_opts o = opts(4, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_lines ls;
	char *t;

	(void)state;
	lay("abcdefghij xy", &o, &ls);
	assert_int_equal(ls.n, 4);
	t = cells_utf8(&ls.lines[0]);
	assert_string_equal(t, "abcd");
	free(t);
	t = cells_utf8(&ls.lines[2]);
	assert_string_equal(t, "ij");
	free(t);
	t = cells_utf8(&ls.lines[3]);
	assert_string_equal(t, "xy");
	free(t);
	ak_lines_release(&ls);

	/* Marks stay with their letter across a forced cut. */
	o.width = 2;
	lay("بَبَبَبَ", &o, &ls);
	assert_int_equal(ls.n, 2);
	assert_int_equal(ls.lines[0].ncells, 2);
	assert_int_equal(ls.lines[0].cells[0].nch, 2);
	assert_int_equal(ls.lines[0].cells[0].ch[1], 0x064E);
	ak_lines_release(&ls);
}

/*
 * A paragraph of thousands of words (the layout walks ICU's break
 * iterator forward once instead of asking it backwards for each line):
 * every line ends at an opportunity ICU reports for the whole text, and
 * is greedy (the text up to the next opportunity would not fit).
 */
static void
test_layout_long_paragraph_breaks_greedily_at_opportunities(void **state)
{
	static const char *const words[] = {
		"الرياض", "واشنطن", "(رويترز)", "2024", "«عين", "الأسد»",
		"news,", "U.S.", "—", "12.5%", "الشرق-الأوسط", "مستشارين؟",
		"و", "a", "[ب]", "١٢٣"
	};
	static const int widths[] = { 10, 31, 80 };
	struct ak_buf b = AK_BUF_INIT;
	UChar *u16;
	int32_t *at16, n16 = 0;
	UBreakIterator *bi;
	UErrorCode e = U_ZERO_ERROR;
	unsigned cp, seed = 7;
	size_t i, k, li, nb, stop;
	int wi;

	(void)state;
	for (i = 0; i < 4000; i++) {
		seed = seed * 1103515245u + 12345u;
		if (i)
			ak_buf_addstr(&b, (seed >> 20) % 9 ? " " : "  ");
		ak_buf_addstr(&b, words[(seed >> 16) % 16]);
	}
	/* UTF-16 of the text, and the UTF-16 index of each byte offset
	 * (every character here is in the BMP). */
	u16 = calloc(b.len + 1, sizeof *u16);
	at16 = calloc(b.len + 1, sizeof *at16);
	for (i = 0; i < b.len; i += k) {
		k = (size_t)ak_utf8_next(b.data + i, b.len - i, &cp);
		at16[i] = n16;
		u16[n16++] = (UChar)cp;
	}
	at16[b.len] = n16;
	bi = ubrk_open(UBRK_LINE, "ar", u16, n16, &e);
	assert_false(U_FAILURE(e));
	for (wi = 0; wi < 3; wi++) {
		struct ak_layout_opts o = opts(widths[wi], AK_DIR_AUTO,
			AK_BIDI_APP, 0);
		struct ak_lines ls;

		lay(ak_buf_str(&b), &o, &ls);
		assert_true(ls.n > 100);
		assert_int_equal(ls.lines[0].lstart, 0);
		assert_int_equal(ls.lines[ls.n - 1].lend, b.len);
		for (li = 0; li < ls.n; li++) {
			const struct ak_vline *v = &ls.lines[li];

			assert_true(v->width <= widths[wi]);
			if (li + 1 == ls.n)
				break;
			assert_int_equal(ls.lines[li + 1].lstart, v->lend);
			if (!ubrk_isBoundary(bi, at16[v->lend])) {
				/* A cut inside a run wider than the
				 * line (UAX #14 LB15: no break in
				 * "» ("): no opportunity passed over. */
				assert_true(ubrk_preceding(bi,
					at16[v->lend]) <= at16[v->lstart]);
				continue;
			}
			/* The next word would not have fitted. */
			nb = (size_t)ubrk_following(bi, at16[v->lend]);
			for (stop = v->lend; stop < b.len &&
			    at16[stop] < (int32_t)nb; stop++)
				;
			while (stop > v->lstart && b.data[stop - 1] == ' ')
				stop--;
			assert_true(ak_text_width(b.data + v->lstart,
				stop - v->lstart) > widths[wi]);
		}
		ak_lines_release(&ls);
	}
	ubrk_close(bi);
	free(u16);
	free(at16);
	ak_buf_release(&b);
}

static void
test_layout_rtl_right_aligned_ltr_left(void **state)
{
	struct ak_layout_opts o = opts(30, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_lines ls;
	struct ak_buf b = AK_BUF_INIT;

	(void)state;
	lay("مرحبا", &o, &ls);
	assert_int_equal(ls.n, 1);
	assert_true(ls.lines[0].rtl);
	assert_int_equal(ls.lines[0].indent, 25);
	ak_vline_to_utf8(&ls.lines[0], 0, &b);
	assert_int_equal(ak_text_width(b.data, b.len), 30);
	ak_lines_release(&ls);
	ak_buf_release(&b);

	lay("hello", &o, &ls);
	assert_false(ls.lines[0].rtl);
	assert_int_equal(ls.lines[0].indent, 0);
	ak_lines_release(&ls);

	/* An Arabic article's Latin-only paragraph stays LTR. */
	o.dir = AK_DIR_AUTO_RTL;
	lay("Reuters contributed", &o, &ls);
	assert_false(ls.lines[0].rtl);
	ak_lines_release(&ls);
	/* No strong letter: the fallback decides. */
	lay("2024 - 12", &o, &ls);
	assert_true(ls.lines[0].rtl);
	ak_lines_release(&ls);
	o.dir = AK_DIR_AUTO;
	lay("2024 - 12", &o, &ls);
	assert_false(ls.lines[0].rtl);
	ak_lines_release(&ls);

	/* Width 0: no wrapping, no padding. */
	o.width = 0;
	lay("مرحبا بكم في هذا المكان البعيد جدا جدا", &o, &ls);
	assert_int_equal(ls.n, 1);
	assert_int_equal(ls.lines[0].indent, 0);
	ak_lines_release(&ls);
}

static void
test_layout_trailing_space_stripped(void **state)
{
	struct ak_layout_opts o = opts(10, AK_DIR_RTL, AK_BIDI_APP, 1);
	struct ak_lines ls;
	char *t;

	(void)state;
	lay("باب   ", &o, &ls);
	assert_int_equal(ls.n, 1);
	t = cells_utf8(&ls.lines[0]);
	assert_string_equal(t, "\uFE8F\uFE8E\uFE91");
	assert_int_equal(ls.lines[0].width, 3);
	assert_int_equal(ls.lines[0].indent, 7);
	assert_int_equal(ls.lines[0].lend, strlen("باب   "));
	free(t);
	ak_lines_release(&ls);
}

/* ------------------------------------------------------------ shaping */

static void
test_layout_shapes_joining_forms(void **state)
{
	(void)state;
	/* isolated; final+initial; final+medial+initial (visual order) */
	check_visual("ب", AK_DIR_AUTO, 1, "\uFE8F");
	check_visual("بب", AK_DIR_AUTO, 1, "\uFE90\uFE91");
	check_visual("ببب", AK_DIR_AUTO, 1, "\uFE90\uFE92\uFE91");
	/* dal and alef do not join to the left: دار is three isolated forms */
	check_visual("دار", AK_DIR_AUTO, 1, "\uFEAD\uFE8D\uFEA9");
	/* no shaping: logical letters, visual order */
	check_visual("بب", AK_DIR_AUTO, 0, "\u0628\u0628");
}

static void
test_layout_lam_alef_is_one_cell(void **state)
{
	struct ak_layout_opts o = opts(0, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_lines ls;

	(void)state;
	check_visual("لا", AK_DIR_AUTO, 1, "\uFEFB");
	check_visual("سلام", AK_DIR_AUTO, 1, "\uFEE1\uFEFC\uFEB3");
	lay("سلام", &o, &ls);
	assert_int_equal(ls.lines[0].ncells, 3);
	assert_int_equal(ls.lines[0].width, 3);
	/* The ligature reports the lam's offset. */
	assert_int_equal(ls.lines[0].cells[1].logical, 2);
	ak_lines_release(&ls);
}

static void
test_layout_harakat_and_shadda_on_their_letter(void **state)
{
	struct ak_layout_opts o = opts(0, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_lines ls;
	const struct ak_cell *c;

	(void)state;
	/* بَّ then ت: NFC puts fatha (ccc 30) before shadda (ccc 33) */
	lay("\u0628\u064E\u0651\u062A", &o, &ls);
	assert_int_equal(ls.lines[0].ncells, 2);
	c = &ls.lines[0].cells[1];	/* visual right = logical first */
	assert_int_equal(c->ch[0], 0xFE91);
	assert_int_equal(c->nch, 3);
	assert_int_equal(c->ch[1], 0x064E);
	assert_int_equal(c->ch[2], 0x0651);
	assert_int_equal(c->logical, 0);
	assert_int_equal(ls.lines[0].cells[0].ch[0], 0xFE96);
	ak_lines_release(&ls);

	/* tanween on alef: تقريباً ends with alef + fathatan */
	check_visual("تقريباً", AK_DIR_AUTO, 1,
		"\uFE8E\u064B\uFE92\uFEF3\uFEAE\uFED8\uFE97");

	/* At most AK_CELL_MAXCH code points in a cell. */
	lay("\u0628\u064B\u064C\u064D\u064E\u064F\u0650\u0651", &o, &ls);
	assert_int_equal(ls.lines[0].ncells, 1);
	assert_int_equal(ls.lines[0].cells[0].nch, AK_CELL_MAXCH);
	ak_lines_release(&ls);
}

static void
test_layout_tatweel_joins(void **state)
{
	(void)state;
	check_visual("بـب", AK_DIR_AUTO, 1, "\uFE90\u0640\uFE91");
}

static void
test_layout_digits_stay_left_to_right(void **state)
{
	(void)state;
	check_visual("عام 2024", AK_DIR_AUTO, 1, "2024 \uFEE1\uFE8E\uFECB");
	check_visual("عام ٢٠٢٤", AK_DIR_AUTO, 1,
		"\u0662\u0660\u0662\u0664 \uFEE1\uFE8E\uFECB");
	check_visual("في 5 يناير", AK_DIR_AUTO, 1,
		"\uFEAE\uFEF3\uFE8E\uFEE8\uFEF3 5 \uFEF2\uFED3");
}

static void
test_layout_mixed_arabic_english(void **state)
{
	(void)state;
	check_visual("قال Reuters اليوم", AK_DIR_AUTO, 1,
		"\uFEE1\uFEEE\uFEF4\uFEDF\uFE8D Reuters \uFEDD\uFE8E\uFED7");
	/* An LTR paragraph with an Arabic word in it. */
	check_visual("the word سلام here", AK_DIR_AUTO, 1,
		"the word \uFEE1\uFEFC\uFEB3 here");
}

static void
test_layout_mirrors_guillemets_and_brackets(void **state)
{
	(void)state;
	check_visual("«نص»", AK_DIR_AUTO, 1, "\u00AB\uFEBA\uFEE7\u00BB");
	check_visual("(نص)", AK_DIR_AUTO, 1, "(\uFEBA\uFEE7)");
	/* Latin in parentheses inside Arabic: the pair stays around it. */
	check_visual("قال (AP) أمس", AK_DIR_AUTO, 1,
		"\uFEB2\uFEE3\uFE83 (AP) \uFEDD\uFE8E\uFED7");
}

/* ------------------------------------------------------------ modes */

static void
test_layout_terminal_mode_is_logical_and_unpadded(void **state)
{
	struct ak_layout_opts o = opts(20, AK_DIR_AUTO, AK_BIDI_TERMINAL, 1);
	struct ak_lines ls;
	char *t;

	(void)state;
	lay("سلام عليكم (مرحبا)", &o, &ls);
	assert_int_equal(ls.n, 1);
	assert_true(ls.lines[0].rtl);
	assert_int_equal(ls.lines[0].indent, 0);
	t = cells_utf8(&ls.lines[0]);
	assert_string_equal(t, "سلام عليكم (مرحبا)");
	free(t);
	ak_lines_release(&ls);

	o.mode = AK_BIDI_OFF;
	o.width = 8;
	lay("سلام عليكم", &o, &ls);
	assert_int_equal(ls.n, 2);
	assert_int_equal(ls.lines[0].indent, 0);
	t = cells_utf8(&ls.lines[0]);
	assert_string_equal(t, "سلام");
	free(t);
	ak_lines_release(&ls);
}

/* ------------------------------------------------------------ untrusted */

static void
test_layout_never_outputs_controls(void **state)
{
	static const char *const nasty[] = {
		"abc\x1b[31mred\x07 x\x7f\xc2\x9b" "2J\xc2\x85 end",
		"user\xe2\x80\xae" "cod.exe\xe2\x80\xac done",
		"\xe2\x81\xa7" "abc\xe2\x81\xa9 \xe2\x80\x8f\xe2\x80\x8e"
		"\xd8\x9c" "x\xef\xbb\xbf" "y\xe2\x80\x8d" "z",
		"\xff\xfe broken \xc3 utf8",
		"tab\there\nnewline\rcr",
	};
	struct ak_layout_opts o = opts(12, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_lines ls;
	size_t k, li, c, h;
	int m;

	(void)state;
	for (m = AK_BIDI_APP; m <= AK_BIDI_OFF; m++)
	for (k = 0; k < sizeof nasty / sizeof *nasty; k++) {
		o.mode = (enum ak_bidi_mode)m;
		lay(nasty[k], &o, &ls);
		for (li = 0; li < ls.n; li++)
		for (c = 0; c < ls.lines[li].ncells; c++)
		for (h = 0; h < ls.lines[li].cells[c].nch; h++) {
			unsigned cp = ls.lines[li].cells[c].ch[h];

			assert_false(cp < 0x20 || (cp >= 0x7F && cp < 0xA0));
			assert_false(cp >= 0x202A && cp <= 0x202E);
			assert_false(cp >= 0x2066 && cp <= 0x2069);
			assert_false(cp == 0x200E || cp == 0x200F ||
				cp == 0x061C || cp == 0xFEFF ||
				cp == 0x200D);
		}
		ak_lines_release(&ls);
	}
	/* An override cannot reverse its neighbours. */
	check_visual("ab\u202Ecd\u202Cef", AK_DIR_AUTO, 1, "abcdef");
}

static void
test_layout_orphan_mark_gets_dotted_circle(void **state)
{
	struct ak_layout_opts o = opts(0, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_lines ls;
	const struct ak_vline *v;

	(void)state;
	lay("\u064Eباب", &o, &ls);
	v = &ls.lines[0];
	assert_int_equal(v->ncells, 4);
	/* RTL: the logically first cell is the rightmost. */
	assert_int_equal(v->cells[3].ch[0], 0x25CC);
	assert_int_equal(v->cells[3].ch[1], 0x064E);
	ak_lines_release(&ls);
}

/*
 * A zero-width character that reordering puts first on a visual line
 * (found by layout_fuzz): it joins the line's first cell instead of
 * taking a dotted circle of its own, which made the line one column
 * wider than the width it was broken for.
 */
static void
test_layout_zero_width_left_first_by_reordering_joins_a_cell(void **state)
{
	struct ak_layout_opts o = opts(2, AK_DIR_RTL, AK_BIDI_APP, 0);
	struct ak_lines ls;
	const struct ak_vline *v;
	size_t c;

	(void)state;
	assert_int_equal(ak_cp_width(0x1160), 0);	/* HANGUL FILLER, L */
	lay("\u0628\u0628\u1160", &o, &ls);
	assert_int_equal(ls.n, 1);
	v = &ls.lines[0];
	assert_int_equal(v->width, 2);
	assert_int_equal(v->ncells, 2);
	for (c = 0; c < v->ncells; c++)
		assert_int_not_equal(v->cells[c].ch[0], 0x25CC);
	assert_int_equal(v->cells[0].ch[0], 0x0628);
	assert_int_equal(v->cells[0].nch, 2);
	assert_int_equal(v->cells[0].ch[1], 0x1160);
	ak_lines_release(&ls);

	/* a line of nothing but such characters still shows them */
	o.width = 1;
	lay("\u1160\u1160", &o, &ls);
	assert_int_equal(ls.n, 1);
	assert_int_equal(ls.lines[0].width, 1);
	assert_int_equal(ls.lines[0].cells[0].ch[0], 0x25CC);
	ak_lines_release(&ls);
}

/*
 * A space carrying a mark is not trailing white space: it shows, so it
 * counts (found by layout_fuzz: the line came out a column too wide).
 */
static void
test_layout_space_with_a_mark_counts_at_line_end(void **state)
{
	struct ak_layout_opts o = opts(2, AK_DIR_LTR, AK_BIDI_APP, 0);
	struct ak_lines ls;
	size_t i;

	(void)state;
	lay("ab \u064E cd", &o, &ls);
	for (i = 0; i < ls.n; i++)
		assert_true(ls.lines[i].width <= 2);
	assert_int_equal(ls.n, 3);
	assert_int_equal(ls.lines[1].ncells, 1);
	assert_int_equal(ls.lines[1].cells[0].ch[0], ' ');
	assert_int_equal(ls.lines[1].cells[0].ch[1], 0x064E);
	ak_lines_release(&ls);
}

/*
 * A character wider than the width (found by layout_fuzz at width 1):
 * alone on its line, never lost, never with another beside it.
 */
static void
test_layout_wide_character_at_width_one(void **state)
{
	struct ak_layout_opts o = opts(1, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_lines ls;
	size_t i;

	(void)state;
	lay("\u8A28\u8A28a", &o, &ls);
	assert_int_equal(ls.n, 3);
	for (i = 0; i < 2; i++) {
		assert_int_equal(ls.lines[i].ncells, 1);
		assert_int_equal(ls.lines[i].cells[0].ch[0], 0x8A28);
		assert_int_equal(ls.lines[i].width, 2);
	}
	assert_int_equal(ls.lines[2].width, 1);
	ak_lines_release(&ls);
}

static void
test_layout_spans_mark_hits(void **state)
{
	const char *s = "قال السوداني إن الجنود";
	struct ak_span sp = { 0, 0, AK_ATTR_HIT };
	struct ak_layout_opts o = opts(0, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_lines ls;
	size_t c;
	int hits = 0;

	(void)state;
	sp.start = (uint32_t)(strstr(s, "السوداني") - s);
	sp.end = sp.start + (uint32_t)strlen("السوداني");
	o.spans = &sp;
	o.nspans = 1;
	o.attr = AK_ATTR_QUOTE;
	lay(s, &o, &ls);
	for (c = 0; c < ls.lines[0].ncells; c++) {
		const struct ak_cell *cell = &ls.lines[0].cells[c];

		assert_true(cell->attr & AK_ATTR_QUOTE);
		if (cell->attr & AK_ATTR_HIT) {
			hits++;
			assert_true(cell->logical >= sp.start &&
				cell->logical < sp.end);
		} else {
			assert_false(cell->logical >= sp.start &&
				cell->logical < sp.end);
		}
	}
	/* 8 letters, lam-alef none: 8 cells */
	assert_int_equal(hits, 8);
	ak_lines_release(&ls);
}

/* ------------------------------------------------------------ one line */

static void
test_layout_line_cuts_at_logical_end(void **state)
{
	struct ak_layout_opts o = opts(10, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_vline v;
	struct ak_error err;
	const char *ar = "صاروخان يؤجلان انسحاب التحالف الدولي";
	const char *en = "Two rockets delay the withdrawal";

	(void)state;
	assert_int_equal(ak_layout_line(ar, strlen(ar), &o, &v, &err), AK_OK);
	assert_true(v.rtl);
	assert_true(v.width <= 10);
	assert_int_equal(v.indent + v.width, 10);
	/* The ellipsis ends the logical text: leftmost in RTL. */
	assert_int_equal(v.cells[0].ch[0], 0x2026);
	assert_int_equal(v.cells[v.ncells - 1].logical, 0);
	ak_vline_release(&v);

	assert_int_equal(ak_layout_line(en, strlen(en), &o, &v, &err), AK_OK);
	assert_false(v.rtl);
	assert_int_equal(v.width, 10);
	assert_int_equal(v.cells[v.ncells - 1].ch[0], 0x2026);
	assert_int_equal(v.cells[0].ch[0], 'T');
	ak_vline_release(&v);

	/* Short enough: unchanged. */
	assert_int_equal(ak_layout_line("قال", 6, &o, &v, &err), AK_OK);
	assert_int_equal(v.width, 3);
	assert_int_equal(v.indent, 7);
	ak_vline_release(&v);
}

/* ------------------------------------------------------------ article */

static int
find_line(const struct ak_lines *ls, uint16_t attr, size_t from)
{
	size_t i, c;

	for (i = from; i < ls->n; i++)
		for (c = 0; c < ls->lines[i].ncells; c++)
			if (ls->lines[i].cells[c].attr & attr)
				return (int)i;
	return -1;
}

static void
test_layout_article_parts(void **state)
{
	struct ak_article a;
	struct ak_related rel[2];
	struct ak_layout_opts o = opts(60, AK_DIR_AUTO, AK_BIDI_APP, 1);
	struct ak_lines ls;
	struct ak_error err;
	char *t;
	int i, cr;
	size_t c;

	(void)state;
	ak_article_init(&a);
	ak_set_str(&a.title, "صاروخان يؤجلان انسحاب «التحالف الدولي» من العراق");
	ak_set_str(&a.subtitle, "خلاف بين واشنطن وبغداد");
	ak_set_str(&a.publisher, "الشرق الأوسط");
	ak_set_str(&a.published, "2024-01-05");
	ak_set_str(&a.byline, "فاضل النشمي");
	ak_article_add_block(&a, AK_BLOCK_SUMMARY, "ملخص قصير", 17, NULL);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, "تتجه واشنطن إلى إلغاء",
		strlen("تتجه واشنطن إلى إلغاء"), NULL);
	ak_article_add_block(&a, AK_BLOCK_HEADING, "تأجيل الإعلان",
		strlen("تأجيل الإعلان"), NULL);
	ak_article_add_block(&a, AK_BLOCK_CAPTION, "لقطة أرشيفية (رويترز)",
		strlen("لقطة أرشيفية (رويترز)"), "رويترز");
	ak_article_add_block(&a, AK_BLOCK_CAPTION, "صورة", 8, "أ.ف.ب");
	memset(rel, 0, sizeof rel);
	rel[0].id = 7;
	rel[0].title = (char *)"انسحاب القوات";
	rel[0].kind = AK_REL_REF;
	rel[1].id = 9;
	rel[1].title = (char *)"Another story";
	rel[1].publisher = (char *)"Reuters";
	rel[1].kind = AK_REL_RELATED;

	ak_lines_init(&ls);
	assert_int_equal(ak_layout_article(&a, rel, 2, &o, &ls, &err), AK_OK);
	assert_int_equal(find_line(&ls, AK_ATTR_TITLE, 0), 0);
	assert_true(ls.lines[0].rtl);
	assert_int_equal(find_line(&ls, AK_ATTR_SUBTITLE, 0), 1);
	i = find_line(&ls, AK_ATTR_META, 0);
	assert_int_equal(i, 2);
	t = cells_utf8(&ls.lines[i]);
	assert_non_null(strstr(t, "2024-01-05"));
	assert_non_null(strstr(t, "\u00B7"));
	free(t);
	assert_int_equal(ls.lines[3].ncells, 0);	/* blank */
	i = find_line(&ls, AK_ATTR_SUMMARY, 0);
	assert_true(i > 3);
	t = cells_utf8(&ls.lines[i]);
	assert_string_equal(t, "Summary");
	free(t);
	assert_true(ls.lines[i].rtl);		/* label follows the article */
	assert_int_equal(ls.lines[i].block, 0);
	assert_true(find_line(&ls, AK_ATTR_HEADING, (size_t)i + 1) > i);
	/* Credit already in the caption: marked, not repeated. */
	i = find_line(&ls, AK_ATTR_CREDIT, 0);
	assert_true(i > 0);
	assert_int_equal(ls.lines[i].block, 3);
	for (cr = 0, c = 0; c < ls.lines[i].ncells; c++)
		cr += (ls.lines[i].cells[c].attr & AK_ATTR_CREDIT) != 0;
	assert_int_equal(cr, 6);
	/* Credit not in the caption: added. */
	i = find_line(&ls, AK_ATTR_CREDIT, (size_t)i + 1);
	assert_int_equal(ls.lines[i].block, 4);
	/* Related: numbered, linked, tagged. */
	i = find_line(&ls, AK_ATTR_LINK, 0);
	assert_true(i > 0);
	assert_int_equal(ls.lines[i].link, 7);
	assert_int_equal(ls.lines[i].tag, 0);
	t = cells_utf8(&ls.lines[i]);
	assert_non_null(strstr(t, ".1"));	/* "1." read right to left */
	free(t);
	assert_int_equal(ls.lines[i + 1].tag, 0);	/* its meta line */
	i = find_line(&ls, AK_ATTR_LINK, (size_t)i + 2);
	assert_int_equal(ls.lines[i].link, 9);
	assert_int_equal(ls.lines[i].tag, 1);
	t = cells_utf8(&ls.lines[i]);
	assert_string_equal(t, "2. Another story");
	free(t);
	assert_false(ls.lines[i].rtl);
	t = cells_utf8(&ls.lines[i + 1]);
	assert_non_null(strstr(t, "related"));
	assert_non_null(strstr(t, "Reuters"));
	free(t);
	for (c = 0; c < ls.n; c++)
		assert_true(ls.lines[c].indent + ls.lines[c].width <= 60);
	ak_lines_release(&ls);
	ak_article_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_layout_bidi_character_test),
		cmocka_unit_test(test_layout_wrapped_lines_fit_and_keep_every_letter),
		cmocka_unit_test(test_layout_each_wrapped_line_is_its_own_reordering),
		cmocka_unit_test(test_layout_long_word_is_cut_not_lost),
		cmocka_unit_test(test_layout_long_paragraph_breaks_greedily_at_opportunities),
		cmocka_unit_test(test_layout_rtl_right_aligned_ltr_left),
		cmocka_unit_test(test_layout_trailing_space_stripped),
		cmocka_unit_test(test_layout_shapes_joining_forms),
		cmocka_unit_test(test_layout_lam_alef_is_one_cell),
		cmocka_unit_test(test_layout_harakat_and_shadda_on_their_letter),
		cmocka_unit_test(test_layout_tatweel_joins),
		cmocka_unit_test(test_layout_digits_stay_left_to_right),
		cmocka_unit_test(test_layout_mixed_arabic_english),
		cmocka_unit_test(test_layout_mirrors_guillemets_and_brackets),
		cmocka_unit_test(test_layout_terminal_mode_is_logical_and_unpadded),
		cmocka_unit_test(test_layout_never_outputs_controls),
		cmocka_unit_test(test_layout_orphan_mark_gets_dotted_circle),
		cmocka_unit_test(test_layout_zero_width_left_first_by_reordering_joins_a_cell),
		cmocka_unit_test(test_layout_space_with_a_mark_counts_at_line_end),
		cmocka_unit_test(test_layout_wide_character_at_width_one),
		cmocka_unit_test(test_layout_spans_mark_hits),
		cmocka_unit_test(test_layout_line_cuts_at_logical_end),
		cmocka_unit_test(test_layout_article_parts),
	};

	if (!setlocale(LC_ALL, "") || MB_CUR_MAX == 1)
		setlocale(LC_ALL, "C.UTF-8");
	return cmocka_run_group_tests(tests, NULL, NULL);
}
