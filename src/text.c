/*
 * Unicode text services: folding, title keys, words, stems and widths.
 *
 * Folding works code point by code point after ICU's NFKC, which is much
 * faster than a rule-based transliterator and gives the same result for
 * the rules in BIDI-NOTES §5.  Widths follow the C library's wcwidth when
 * the locale is UTF-8 (that is what ncurses and the terminal use), and
 * ICU's properties otherwise.
 */
#include "config.h"

#include "akhbar/text.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <wchar.h>

#include <libstemmer.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "akhbar/buf.h"

int
ak_utf8_next(const char *s, size_t len, unsigned *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned c = p[0], min;
	size_t n, i;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		n = 2;
		c &= 0x1F;
		min = 0x80;
	} else if (c >= 0xE0 && c <= 0xEF) {
		n = 3;
		c &= 0x0F;
		min = 0x800;
	} else if (c >= 0xF0 && c <= 0xF4) {
		n = 4;
		c &= 0x07;
		min = 0x10000;
	} else {
		*cp = 0xFFFD;
		return 1;
	}
	if (len < n) {
		*cp = 0xFFFD;
		return 1;
	}
	for (i = 1; i < n; i++) {
		if ((p[i] & 0xC0) != 0x80) {
			*cp = 0xFFFD;
			return (int)i;
		}
		c = (c << 6) | (p[i] & 0x3F);
	}
	if (c < min || c > 0x10FFFF || (c >= 0xD800 && c <= 0xDFFF)) {
		*cp = 0xFFFD;
		return (int)n;
	}
	*cp = c;
	return (int)n;
}

/* UTF-8 to UTF-16 (invalid input becomes U+FFFD).  Caller frees. */
static UChar *
to_u16(const char *s, size_t len, int32_t *ulen)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t n = 0;
	UChar *u;

	if (len > INT32_MAX / 2)
		len = INT32_MAX / 2;
	u_strFromUTF8WithSub(NULL, 0, &n, s, (int32_t)len, 0xFFFD, NULL, &e);
	e = U_ZERO_ERROR;
	u = ak_xcalloc((size_t)n + 1, sizeof(*u));
	u_strFromUTF8WithSub(u, n + 1, ulen, s, (int32_t)len, 0xFFFD, NULL,
	    &e);
	if (U_FAILURE(e))
		*ulen = 0;
	return u;
}

/* NFKC of s as UTF-16.  Caller frees. */
static UChar *
nfkc(const char *s, size_t len, int32_t *outlen)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *n2 = unorm2_getNFKCInstance(&e);
	int32_t ulen, cap, n;
	UChar *u = to_u16(s, len, &ulen), *out;

	if (U_FAILURE(e)) {
		*outlen = ulen;
		return u;
	}
	cap = ulen + ulen / 2 + 16;
	out = ak_xcalloc((size_t)cap, sizeof(*out));
	n = unorm2_normalize(n2, u, ulen, out, cap, &e);
	if (e == U_BUFFER_OVERFLOW_ERROR) {
		e = U_ZERO_ERROR;
		cap = n + 1;
		out = ak_xreallocarray(out, (size_t)cap, sizeof(*out));
		n = unorm2_normalize(n2, u, ulen, out, cap, &e);
	}
	free(u);
	if (U_FAILURE(e)) {
		free(out);
		return to_u16(s, len, outlen);
	}
	*outlen = n;
	return out;
}

/*
 * The folding of one code point: 0 drops it, else the replacement.
 * Applied after NFKC.
 */
static UChar32
fold_cp(UChar32 c)
{
	if ((c >= 0x064B && c <= 0x065F) || c == 0x0670 ||
	    (c >= 0x06D6 && c <= 0x06ED) || c == 0x0640)
		return 0;		/* tashkeel, Quranic marks, tatweel */
	switch (c) {
	case 0x0622: case 0x0623: case 0x0625: case 0x0671:
		return 0x0627;		/* alef forms -> bare alef */
	case 0x0649:
		return 0x064A;		/* alef maqsura -> ya */
	case 0x0629:
		return 0x0647;		/* ta marbuta -> ha */
	case 0x0624:
		return 0x0648;		/* waw with hamza -> waw */
	case 0x0626:
		return 0x064A;		/* ya with hamza -> ya */
	case 0x06CC:
		return 0x064A;		/* Farsi ya -> ya */
	case 0x06A9:
		return 0x0643;		/* keheh -> kaf */
	}
	if (c >= 0x0660 && c <= 0x0669)
		return '0' + (c - 0x0660);
	if (c >= 0x06F0 && c <= 0x06F9)
		return '0' + (c - 0x06F0);
	if (u_getCombiningClass(c) != 0 && u_charType(c) == U_NON_SPACING_MARK
	    && c < 0x0600)
		return 0;		/* Latin accents: é -> e */
	return u_foldCase(c, U_FOLD_CASE_DEFAULT);
}

/*
 * The folding of a code point that NFKC leaves alone and that composes
 * with nothing kept: -1 when c is not one of those, 0 when it goes.
 * Most news text is made of nothing else (ASCII, the Arabic letters,
 * digits and marks, the punctuation of both), and folding it needs no
 * trip through UTF-16, the normaliser and ICU's property tables.  Marks
 * are dropped here as after NFKC: where NFKC would have composed one with
 * the letter before it (ا + ٔ -> أ), the folding of the composed letter is
 * that letter alone (أ -> ا).  The same results as fold_cp (tested).
 */
static long
fold_quick(unsigned c)
{
	if (c >= 0x0621 && c <= 0x0671) {
		switch (c) {
		case 0x0622: case 0x0623: case 0x0625: case 0x0671:
			return 0x0627;
		case 0x0624:
			return 0x0648;
		case 0x0626: case 0x0649:
			return 0x064A;
		case 0x0629:
			return 0x0647;
		}
		if (c <= 0x063A || (c >= 0x0641 && c <= 0x064A) ||
		    (c >= 0x066A && c <= 0x066F))
			return (long)c;
		if (c >= 0x0660 && c <= 0x0669)
			return '0' + (long)(c - 0x0660);
		if (c == 0x0640 || (c >= 0x064B && c <= 0x065F) ||
		    c == 0x0670)
			return 0;	/* tatweel, tashkeel, Quranic marks */
		return -1;
	}
	switch (c) {
	case 0x00A0:
		return ' ';		/* NFKC: no-break space */
	case 0x00AB: case 0x00BB:	/* « » */
	case 0x060C: case 0x061B: case 0x061F:	/* ، ؛ ؟ */
	case 0x067E: case 0x0686: case 0x0698: case 0x06A4: case 0x06AF:
	case 0x200C: case 0x200D: case 0x200E: case 0x200F:
	case 0x2013: case 0x2014: case 0x2018: case 0x2019:
	case 0x201C: case 0x201D:
		return (long)c;
	case 0x06A9:
		return 0x0643;		/* keheh -> kaf */
	case 0x06CC:
		return 0x064A;		/* Farsi ya -> ya */
	}
	if (c >= 0x06F0 && c <= 0x06F9)
		return '0' + (long)(c - 0x06F0);
	return -1;
}

/*
 * Fold s without ICU into b; 0 when s holds anything else.  What this
 * folds never grows (one, two or three bytes become as many or fewer), so
 * it writes into room made once.
 */
static int
fold_fast(const char *s, size_t len, struct ak_buf *b)
{
	size_t i = 0;
	char *o;

	ak_buf_grow(b, len);
	o = b->data + b->len;
	while (i < len) {
		unsigned c = (unsigned char)s[i];
		long f;

		if (c < 0x80) {
			/* NUL goes, as in fold_cp's caller */
			if (c)
				*o++ = c >= 'A' && c <= 'Z' ?
				    (char)(c + ('a' - 'A')) : (char)c;
			i++;
			continue;
		}
		i += (size_t)ak_utf8_next(s + i, len - i, &c);
		f = c == 0xFFFD ? -1 : fold_quick(c);
		if (f < 0)
			return 0;
		if (f == 0)
			continue;
		if (f < 0x80) {
			*o++ = (char)f;
		} else if (f < 0x800) {
			*o++ = (char)(0xC0 | (f >> 6));
			*o++ = (char)(0x80 | (f & 0x3F));
		} else {
			*o++ = (char)(0xE0 | (f >> 12));
			*o++ = (char)(0x80 | ((f >> 6) & 0x3F));
			*o++ = (char)(0x80 | (f & 0x3F));
		}
	}
	b->len = (size_t)(o - b->data);
	b->data[b->len] = '\0';
	return 1;
}

char *
ak_text_fold(const char *s, size_t len, size_t *outlen)
{
	struct ak_buf b = AK_BUF_INIT;
	int32_t n, i = 0;
	UChar *u;
	UChar32 c;

	ak_buf_grow(&b, len);
	if (fold_fast(s, len, &b))
		return ak_buf_detach(&b, outlen);
	b.len = 0;
	u = nfkc(s, len, &n);
	while (i < n) {
		U16_NEXT(u, i, n, c);
		c = fold_cp(c);
		if (c)
			ak_buf_addcp(&b, (unsigned)c);
	}
	free(u);
	return ak_buf_detach(&b, outlen);
}

static int
is_word_cp(unsigned c)
{
	int t;

	/* most of what is split: ASCII, and Arabic letters and digits */
	if (c < 0x80)
		return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') ||
		    (c >= 'A' && c <= 'Z');
	if ((c >= 0x0621 && c <= 0x063A) || (c >= 0x0641 && c <= 0x064A) ||
	    (c >= 0x0660 && c <= 0x0669))
		return 1;
	if (u_isalnum((UChar32)c))
		return 1;
	t = u_charType((UChar32)c);
	return t == U_NON_SPACING_MARK || t == U_COMBINING_SPACING_MARK;
}

void
ak_text_words(const char *s, size_t len, ak_word_fn fn, void *ctx)
{
	size_t i = 0, start = 0;
	int in = 0;
	unsigned c;

	while (i < len) {
		int n = ak_utf8_next(s + i, len - i, &c);

		if (is_word_cp(c)) {
			if (!in) {
				start = i;
				in = 1;
			}
		} else if (in) {
			fn(ctx, s + start, i - start);
			in = 0;
		}
		i += (size_t)n;
	}
	if (in)
		fn(ctx, s + start, len - start);
}

static void
key_word(void *ctx, const char *w, size_t len)
{
	struct ak_buf *b = ctx;

	if (b->len)
		ak_buf_addch(b, ' ');
	ak_buf_add(b, w, len);
}

char *
ak_text_key(const char *s, size_t len)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t flen;
	char *f = ak_text_fold(s, len, &flen);

	ak_text_words(f, flen, key_word, &b);
	free(f);
	return ak_buf_detach(&b, NULL);
}

/*
 * The stems a stemmer has made, kept: the words of news repeat (a word
 * of a corpus article has been stemmed before nine times in ten), and
 * Snowball costs far more than a look-up.  Open addressing over an arena
 * of word and stem bytes; when either is full, both are emptied.
 */
#define MEMO_SLOTS (1u << 16)		/* power of two */
#define MEMO_BYTES (2u << 20)

struct memo_slot {
	uint32_t hash;			/* 0: empty */
	uint32_t off;			/* word bytes, then stem bytes */
	uint16_t wlen, slen;
};

/*
 * The texts a stemmer's thread folded last: the search index and related
 * stories fold the same title and paragraphs one after the other.
 */
#define FOLDS 128
#define FOLD_MAX (64u << 10)	/* longer texts are folded every time */

struct fold_entry {
	uint32_t hash;
	char *in, *out;
	size_t inlen, outlen;
};

struct ak_stemmer {
	struct sb_stemmer *ar;
	struct sb_stemmer *en;
	struct memo_slot *slots;
	uint32_t nslots;
	char *arena;
	uint32_t used;
	struct fold_entry folds[FOLDS];
	unsigned nextfold;
};

static uint32_t
memo_hash(const char *w, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)w[i];
		h *= 16777619u;
	}
	return h ? h : 1;
}

static void
memo_clear(struct ak_stemmer *st)
{
	memset(st->slots, 0, MEMO_SLOTS * sizeof(*st->slots));
	st->nslots = 0;
	st->used = 0;
}

/* The slot of w: its stem if found (hash != 0), else where it goes. */
static struct memo_slot *
memo_find(struct ak_stemmer *st, const char *w, size_t len, uint32_t h)
{
	uint32_t i;

	for (i = h & (MEMO_SLOTS - 1); st->slots[i].hash;
	    i = (i + 1) & (MEMO_SLOTS - 1)) {
		struct memo_slot *m = &st->slots[i];

		if (m->hash == h && m->wlen == len &&
		    memcmp(st->arena + m->off, w, len) == 0)
			return m;
	}
	return &st->slots[i];
}

struct ak_stemmer *
ak_stemmer_new(void)
{
	struct ak_stemmer *st = ak_xcalloc(1, sizeof(*st));

	st->ar = sb_stemmer_new("arabic", "UTF_8");
	st->en = sb_stemmer_new("english", "UTF_8");
	st->slots = ak_xcalloc(MEMO_SLOTS, sizeof(*st->slots));
	st->arena = ak_xmalloc(MEMO_BYTES);
	return st;
}

void
ak_stemmer_free(struct ak_stemmer *st)
{
	int i;

	if (!st)
		return;
	if (st->ar)
		sb_stemmer_delete(st->ar);
	if (st->en)
		sb_stemmer_delete(st->en);
	for (i = 0; i < FOLDS; i++) {
		free(st->folds[i].in);
		free(st->folds[i].out);
	}
	free(st->slots);
	free(st->arena);
	free(st);
}

char *
ak_text_fold_st(struct ak_stemmer *st, const char *s, size_t len,
	size_t *outlen)
{
	struct fold_entry *e;
	uint32_t h;
	char *f;
	int i;

	if (!st || len > FOLD_MAX)
		return ak_text_fold(s, len, outlen);
	h = memo_hash(s, len);
	for (i = 0; i < FOLDS; i++) {
		e = &st->folds[i];
		if (e->in && e->hash == h && e->inlen == len &&
		    memcmp(e->in, s, len) == 0) {
			*outlen = e->outlen;
			f = ak_xmalloc(e->outlen + 1);
			memcpy(f, e->out, e->outlen + 1);
			return f;
		}
	}
	f = ak_text_fold(s, len, outlen);
	e = &st->folds[st->nextfold++ % FOLDS];
	free(e->in);
	free(e->out);
	e->hash = h;
	e->in = ak_xstrndup(s, len);
	e->inlen = len;
	e->out = ak_xstrndup(f, *outlen);
	e->outlen = *outlen;
	return f;
}

const char *
ak_stem(struct ak_stemmer *st, const char *w, size_t len, size_t *outlen)
{
	struct sb_stemmer *sb = NULL;
	const sb_symbol *r;
	unsigned c;

	/* the script of the first letter picks the stemmer */
	if (len > 0) {
		ak_utf8_next(w, len, &c);
		if (c >= 0x0600 && c <= 0x06FF)
			sb = st->ar;
		else if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'))
			sb = st->en;
	}
	if (!sb || len > 256) {
		*outlen = len;
		return w;
	}
	{
		uint32_t h = memo_hash(w, len);
		struct memo_slot *m = memo_find(st, w, len, h);
		size_t slen;

		if (m->hash) {
			*outlen = m->slen;
			return st->arena + m->off + m->wlen;
		}
		r = sb_stemmer_stem(sb, (const sb_symbol *)w, (int)len);
		if (!r) {
			*outlen = len;
			return w;
		}
		slen = (size_t)sb_stemmer_length(sb);
		*outlen = slen;
		if (slen > 256)
			return (const char *)r;
		if (st->nslots + 1 > MEMO_SLOTS / 2 ||
		    st->used + len + slen > MEMO_BYTES) {
			memo_clear(st);
			m = memo_find(st, w, len, h);
		}
		m->hash = h;
		m->off = st->used;
		m->wlen = (uint16_t)len;
		m->slen = (uint16_t)slen;
		memcpy(st->arena + st->used, w, len);
		memcpy(st->arena + st->used + len, r, slen);
		st->used += (uint32_t)(len + slen);
		st->nslots++;
		return (const char *)r;
	}
}

struct terms_ctx {
	struct ak_stemmer *st;
	struct ak_buf *b;
};

static void
term_word(void *ctx, const char *w, size_t len)
{
	struct terms_ctx *t = ctx;
	size_t n;
	const char *s = ak_stem(t->st, w, len, &n);

	if (n == 0)
		return;
	if (t->b->len)
		ak_buf_addch(t->b, ' ');
	ak_buf_add(t->b, s, n);
}

char *
ak_text_terms(struct ak_stemmer *st, const char *s, size_t len)
{
	struct ak_buf b = AK_BUF_INIT;
	struct terms_ctx t = { st, &b };
	size_t flen;
	char *f = ak_text_fold(s, len, &flen);

	ak_text_words(f, flen, term_word, &t);
	free(f);
	return ak_buf_detach(&b, NULL);
}

int
ak_cp_width(unsigned cp)
{
	int w, ea, type;

	if (cp == 0 || cp < 0x20 || (cp >= 0x7F && cp < 0xA0))
		return -1;
	if (MB_CUR_MAX > 1) {
		w = wcwidth((wchar_t)cp);
		if (w >= 0)
			return w;
	}
	type = u_charType((UChar32)cp);
	if (type == U_NON_SPACING_MARK || type == U_ENCLOSING_MARK ||
	    type == U_FORMAT_CHAR)
		return 0;
	if (type == U_CONTROL_CHAR)
		return -1;
	ea = u_getIntPropertyValue((UChar32)cp, UCHAR_EAST_ASIAN_WIDTH);
	if (ea == U_EA_WIDE || ea == U_EA_FULLWIDTH)
		return 2;
	return 1;
}

int
ak_text_width(const char *s, size_t len)
{
	size_t i = 0;
	int w = 0, cw;
	unsigned c;

	while (i < len) {
		i += (size_t)ak_utf8_next(s + i, len - i, &c);
		cw = ak_cp_width(c);
		if (cw > 0)
			w += cw;
	}
	return w;
}
