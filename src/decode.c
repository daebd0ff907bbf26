/*
 * Bytes to clean text: charset detection and conversion (ICU), line ends,
 * sanitising, NFC.
 *
 * The pipeline for a whole input is: refuse binary and empty input, pick a
 * charset (BOM, then the caller's label, then valid UTF-8, then ICU's
 * detector), convert to UTF-8 with invalid input replaced by U+FFFD, clean
 * (controls, escape sequences, bidi overrides, BOM, line ends), then NFC.
 * Every step is linear in the input: a 50 MB single line costs the same as
 * 50 MB of short lines.  What the text means is the parsers' business.
 */
#include "config.h"

#include "akhbar/decode.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <unicode/ucnv.h>
#include <unicode/ucnv_cb.h>
#include <unicode/ucsdet.h>
#include <unicode/uchar.h>
#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"

#define SNIFF_LEN	8192	/* bytes looked at for binary detection */
#define DETECT_LEN	65536	/* bytes given to ICU's charset detector */
#define NFC_CHUNK	16384	/* bytes normalised at a time */
#define MAX_MARKS	30	/* UAX #15 stream-safe limit on combining runs */

/* What cleaning saw: invalid UTF-8 in its input. */
struct clean_stats {
	size_t nbad;		/* invalid sequences replaced */
	size_t first_bad;	/* byte offset of the first one */
};

/*
 * Length of the valid UTF-8 sequence at s (1-4), or minus the length of
 * its maximal invalid subpart (Unicode 3.9, table 3-7), which is what one
 * U+FFFD replaces.
 */
static int
utf8_seq(const unsigned char *s, size_t n, uint32_t *cp)
{
	unsigned char c = s[0], lo = 0x80, hi = 0xBF;
	int need, i;
	uint32_t v;

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c <= 0xDF) {
		need = 1;
		v = c & 0x1F;
	} else if (c >= 0xE0 && c <= 0xEF) {
		need = 2;
		v = c & 0x0F;
		if (c == 0xE0)
			lo = 0xA0;
		else if (c == 0xED)
			hi = 0x9F;
	} else if (c >= 0xF0 && c <= 0xF4) {
		need = 3;
		v = c & 0x07;
		if (c == 0xF0)
			lo = 0x90;
		else if (c == 0xF4)
			hi = 0x8F;
	} else {
		return -1;
	}
	for (i = 1; i <= need; i++) {
		if ((size_t)i >= n || s[i] < lo || s[i] > hi)
			return -i;
		v = (v << 6) | (s[i] & 0x3F);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

int
ak_utf8_valid(const char *s, size_t len)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;
	int k;

	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq(p + i, len - i, &cp);
		if (k < 0)
			return 0;
		i += (size_t)k;
	}
	return 1;
}

/* Count valid multi-byte sequences and invalid ones (for detection). */
static void
utf8_census(const unsigned char *p, size_t len, size_t *nmulti, size_t *nbad)
{
	size_t i = 0;
	uint32_t cp;
	int k;

	*nmulti = *nbad = 0;
	while (i < len) {
		if (p[i] < 0x80) {
			i++;
			continue;
		}
		k = utf8_seq(p + i, len - i, &cp);
		if (k < 0) {
			(*nbad)++;
			i += (size_t)-k;
		} else {
			(*nmulti)++;
			i += (size_t)k;
		}
	}
}

/* ------------------------------------------------------------ cleaning */

/* CSI parameters, intermediates and final byte (ECMA-48 5.4). */
static size_t
skip_csi(const unsigned char *s, size_t n, size_t i)
{
	while (i < n && s[i] >= 0x30 && s[i] <= 0x3F)
		i++;
	while (i < n && s[i] >= 0x20 && s[i] <= 0x2F)
		i++;
	if (i < n && s[i] >= 0x40 && s[i] <= 0x7E)
		i++;
	return i;
}

/*
 * A control string (OSC, DCS, SOS, PM, APC) runs to BEL or ST (ESC \ or
 * U+009C); CAN, SUB or another ESC abort it.  It never runs past the end
 * of its line: once the ESC is gone what is left is harmless text, and a
 * stray ESC ] must not eat a whole article.  That also keeps it linear.
 */
static size_t
skip_string(const unsigned char *s, size_t n, size_t i)
{
	for (; i < n; i++) {
		switch (s[i]) {
		case 0x07:
			return i + 1;
		case '\n':
		case '\r':
		case 0x18:
		case 0x1A:
			return i;
		case 0x1B:
			if (i + 1 < n && s[i + 1] == '\\')
				return i + 2;
			return i;
		case 0xC2:
			if (i + 1 < n && s[i + 1] == 0x9C)
				return i + 2;
			break;
		}
	}
	return i;
}

/* After a raw ESC at i - 1: the end of its sequence. */
static size_t
skip_esc(const unsigned char *s, size_t n, size_t i)
{
	if (i >= n)
		return i;
	switch (s[i]) {
	case '[':
		return skip_csi(s, n, i + 1);
	case ']':
	case 'P':
	case 'X':
	case '^':
	case '_':
		return skip_string(s, n, i + 1);
	}
	if (s[i] >= 0x20 && s[i] <= 0x2F) {
		/* nF: intermediates, then a final byte */
		while (i < n && s[i] >= 0x20 && s[i] <= 0x2F)
			i++;
		if (i < n && s[i] >= 0x30 && s[i] <= 0x7E)
			i++;
		return i;
	}
	if (s[i] >= 0x30 && s[i] <= 0x7E)
		return i + 1;
	return i;	/* ESC before a control or non-ASCII: drop the ESC only */
}

/* The huge Arabic ligatures U+FDFA, U+FDFD, spelled out (NFKC). */
static void
add_nfkc(struct ak_buf *out, uint32_t cp)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfkc = unorm2_getNFKCInstance(&e);
	UChar src[2], dst[64];
	char u8[256];
	int32_t n, m;

	if (U_FAILURE(e))
		return;
	src[0] = (UChar)cp;
	n = unorm2_normalize(nfkc, src, 1, dst, 64, &e);
	if (U_FAILURE(e))
		return;
	u_strToUTF8(u8, sizeof(u8), &m, dst, n, &e);
	if (U_SUCCESS(e))
		ak_buf_add(out, u8, (size_t)m);
}

/*
 * Is s (n bytes left) a two-byte Arabic letter, digit or punctuation mark
 * (U+060C-060F, 061B-064A, 0660-066F, 0671-067F): a starter that NFC
 * keeps and clean() copies?  Arabic text is mostly these, and they take
 * the short way through both.
 */
static inline int
plain_arabic(const unsigned char *s, size_t n)
{
	if (n < 2)
		return 0;
	if (s[0] == 0xD8)
		return (s[1] >= 0x8C && s[1] <= 0x8F) ||
		    (s[1] >= 0x9B && s[1] <= 0xBF);
	if (s[0] == 0xD9)
		return (s[1] >= 0x80 && s[1] <= 0x8A) ||
		    (s[1] >= 0xA0 && s[1] <= 0xAF) ||
		    (s[1] >= 0xB1 && s[1] <= 0xBF);
	return 0;
}

/*
 * One pass over UTF-8 (possibly invalid) that appends the sanitised text
 * to out: see decode.h for what goes.  Runs of more than MAX_MARKS
 * combining marks are cut, which keeps NFC's canonical reordering linear.
 */
static void
clean(const char *src, size_t n, struct ak_buf *out, struct clean_stats *st)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, run;
	unsigned nmarks = 0;
	uint32_t cp;
	int k;

	ak_buf_grow(out, n);
	while (i < n) {
		/* the common case: a run of printable ASCII and Arabic */
		run = i;
		for (;;) {
			if (run < n && s[run] >= 0x20 && s[run] < 0x7F)
				run++;
			else if (plain_arabic(s + run, n - run))
				run += 2;
			else
				break;
		}
		if (run > i) {
			ak_buf_add(out, s + i, run - i);
			i = run;
			nmarks = 0;
			continue;
		}
		k = utf8_seq(s + i, n - i, &cp);
		if (k < 0) {
			if (st && !st->nbad++)
				st->first_bad = i;
			ak_buf_addcp(out, 0xFFFD);
			i += (size_t)-k;
			nmarks = 0;
			continue;
		}
		i += (size_t)k;
		if (cp < 0x20 || (cp >= 0x7F && cp <= 0x9F)) {
			switch (cp) {
			case '\n':
				ak_buf_addch(out, '\n');
				break;
			case '\r':
				ak_buf_addch(out, '\n');
				if (i < n && s[i] == '\n')
					i++;
				break;
			case '\t':
				ak_buf_addch(out, ' ');
				break;
			case 0x1B:
				i = skip_esc(s, n, i);
				break;
			case 0x9B:
				i = skip_csi(s, n, i);
				break;
			case 0x90:	/* DCS */
			case 0x98:	/* SOS */
			case 0x9D:	/* OSC */
			case 0x9E:	/* PM */
			case 0x9F:	/* APC */
				i = skip_string(s, n, i);
				break;
			}
			nmarks = 0;
			continue;
		}
		if ((cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
			continue;
		if (cp == 0x2028 || cp == 0x2029) {
			ak_buf_addch(out, '\n');
			nmarks = 0;
			continue;
		}
		if (cp == 0xFDFA || cp == 0xFDFD) {
			add_nfkc(out, cp);
			nmarks = 0;
			continue;
		}
		if (cp >= 0x300 && u_getCombiningClass((UChar32)cp) != 0) {
			if (++nmarks > MAX_MARKS)
				continue;
		} else {
			nmarks = 0;
		}
		ak_buf_add(out, s + i - k, (size_t)k);
	}
}

/* --------------------------------------------------------------- NFC */

/*
 * Append NFC of valid UTF-8 s to out, a chunk at a time so that memory
 * stays small and a huge line costs no more than many short ones.  Chunks
 * end before a character that has an NFC boundary before it; text below
 * U+0300 is always NFC and is copied as it is.
 */
static void
nfc(const char *s, size_t n, struct ak_buf *out)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *n2 = unorm2_getNFCInstance(&e);
	UChar *u = NULL, *v = NULL;
	int32_t ucap = 0, vcap = 0, ulen, vlen, olen;
	size_t i = 0, end, j, lim;
	uint32_t cp;
	int k;

	if (U_FAILURE(e)) {
		ak_buf_add(out, s, n);
		return;
	}
	ak_buf_grow(out, n);
	while (i < n) {
		end = n - i > NFC_CHUNK ? i + NFC_CHUNK : n;
		/* any byte >= 0xCC leads a code point >= U+0300 */
		for (j = i; j < end; j++) {
			if ((unsigned char)s[j] < 0xCC)
				continue;
			if (!plain_arabic((const unsigned char *)s + j,
			    n - j))
				break;
			j++;
		}
		/* nothing to do, unless what follows combines with it */
		if (j >= end) {
			end = j;	/* past a pair that straddled it */
			if (end == n || (unsigned char)s[end] < 0x80 ||
			    ((k = utf8_seq((const unsigned char *)s + end,
			    n - end, &cp)) > 0 &&
			    unorm2_hasBoundaryBefore(n2, (UChar32)cp))) {
				ak_buf_add(out, s + i, end - i);
				i = end;
				continue;
			}
		}
		/* move end to a code point with a boundary before it */
		lim = n - end > NFC_CHUNK * 4 ? end + NFC_CHUNK * 4 : n;
		while (end < lim) {
			if (((unsigned char)s[end] & 0xC0) == 0x80) {
				end++;
				continue;
			}
			k = utf8_seq((const unsigned char *)s + end, n - end,
			    &cp);
			if (k > 0 && unorm2_hasBoundaryBefore(n2, (UChar32)cp))
				break;
			end += k > 0 ? (size_t)k : 1;
		}
		if (end - i + 1 > (size_t)ucap) {
			ucap = (int32_t)(end - i + 1);
			u = ak_xreallocarray(u, (size_t)ucap, sizeof(*u));
		}
		e = U_ZERO_ERROR;
		u_strFromUTF8(u, ucap, &ulen, s + i, (int32_t)(end - i), &e);
		if (U_FAILURE(e))
			goto raw;
		if (unorm2_spanQuickCheckYes(n2, u, ulen, &e) == ulen &&
		    U_SUCCESS(e))
			goto raw;
		for (;;) {
			e = U_ZERO_ERROR;
			vlen = unorm2_normalize(n2, u, ulen, v, vcap, &e);
			if (e != U_BUFFER_OVERFLOW_ERROR)
				break;
			vcap = vlen + 16;
			v = ak_xreallocarray(v, (size_t)vcap, sizeof(*v));
		}
		if (U_FAILURE(e))
			goto raw;
		e = U_ZERO_ERROR;
		u_strToUTF8(NULL, 0, &olen, v, vlen, &e);
		ak_buf_grow(out, (size_t)olen);
		e = U_ZERO_ERROR;
		u_strToUTF8(out->data + out->len, olen + 1, &olen, v, vlen, &e);
		if (U_FAILURE(e))
			goto raw;
		out->len += (size_t)olen;
		out->data[out->len] = '\0';
		i = end;
		continue;
raw:
		ak_buf_add(out, s + i, end - i);
		i = end;
	}
	free(u);
	free(v);
}

char *
ak_sanitize(const char *s, size_t len, size_t *outlen)
{
	struct ak_buf tmp = AK_BUF_INIT, out = AK_BUF_INIT;
	struct clean_stats st = { 0, 0 };

	clean(s, len, &tmp, &st);
	nfc(tmp.data ? tmp.data : "", tmp.len, &out);
	ak_buf_release(&tmp);
	return ak_buf_detach(&out, outlen);
}

/* ------------------------------------------------------------ charsets */

/* Static names for out->charset; ICU's canonical names are not stable. */
static const struct {
	const char *icu;	/* what to open */
	const char *name;	/* what to report */
} charsets[] = {
	{ "UTF-8", "UTF-8" },
	{ "cp1256", "windows-1256" },
	{ "ISO-8859-6", "ISO-8859-6" },
	{ "UTF-16", "UTF-16" },
	{ "UTF-16LE", "UTF-16LE" },
	{ "UTF-16BE", "UTF-16BE" },
	{ "UTF-32", "UTF-32" },
	{ "UTF-32LE", "UTF-32LE" },
	{ "UTF-32BE", "UTF-32BE" },
	{ "ISO-8859-1", "ISO-8859-1" },
	{ "windows-1252", "windows-1252" },
	{ "US-ASCII", "US-ASCII" },
};

/* A label that is safe to print: letters, digits, -_.:, at most 40. */
static void
label_copy(char *dst, size_t cap, const char *label)
{
	size_t i, j = 0;
	char c;

	for (i = 0; label[i] && j + 1 < cap && j < 40; i++) {
		c = label[i];
		if ((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		    (c >= '0' && c <= '9') || c == '-' || c == '_' ||
		    c == '.' || c == ':')
			dst[j++] = c;
	}
	dst[j] = '\0';
}

/*
 * Open a converter for label.  *name gets a static name to report and
 * *utf8 is set when the label means UTF-8 (converted by our own code).
 * Returns NULL (not an error) for labels ICU does not know.
 */
static UConverter *
charset_open(const char *label, const char **name, int *utf8)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverter *cnv;
	const char *canon, *std;
	size_t i;

	*utf8 = 0;
	if (!*label)
		return NULL;
	if (!strcasecmp(label, "windows-1256") || !strcasecmp(label, "cp1256")
	    || !strcasecmp(label, "x-cp1256"))
		label = "cp1256";
	cnv = ucnv_open(label, &e);
	if (U_FAILURE(e) || !cnv)
		return NULL;
	canon = ucnv_getName(cnv, &e);
	*name = NULL;
	for (i = 0; i < sizeof(charsets) / sizeof(charsets[0]); i++) {
		UErrorCode e2 = U_ZERO_ERROR;
		const char *c = ucnv_getCanonicalName(charsets[i].icu, "",
		    &e2);

		if (!c || U_FAILURE(e2))
			c = charsets[i].icu;
		if (canon && !strcmp(c, canon)) {
			*name = charsets[i].name;
			break;
		}
	}
	if (!*name) {
		e = U_ZERO_ERROR;
		std = canon ? ucnv_getStandardName(canon, "MIME", &e) : NULL;
		if (!std || U_FAILURE(e)) {
			e = U_ZERO_ERROR;
			std = canon ? ucnv_getStandardName(canon, "IANA", &e)
			    : NULL;
		}
		*name = std && U_SUCCESS(e) ? std : "unknown";
	}
	if (!strcmp(*name, "UTF-8")) {
		ucnv_close(cnv);
		*utf8 = 1;
		return NULL;
	}
	return cnv;
}

/*
 * ICU's detector, biased towards the Arabic charsets: a windows-1256 or
 * ISO-8859-6 match at least half as confident as the best match wins.
 * Returns the detected label (static) or NULL.
 */
static const char *
detect(const char *s, size_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	UCharsetDetector *d = ucsdet_open(&e);
	const UCharsetMatch **m;
	const char *best = NULL, *name;
	int32_t nm = 0, i, conf, top = 0;

	if (U_FAILURE(e))
		return NULL;
	ucsdet_setText(d, s, (int32_t)(n > DETECT_LEN ? DETECT_LEN : n), &e);
	m = ucsdet_detectAll(d, &nm, &e);
	if (U_FAILURE(e) || nm <= 0)
		goto out;
	for (i = 0; i < nm; i++) {
		name = ucsdet_getName(m[i], &e);
		conf = ucsdet_getConfidence(m[i], &e);
		if (U_FAILURE(e) || !name)
			break;
		if (i == 0) {
			top = conf;
			best = name;
		}
		if ((!strcmp(name, "windows-1256") ||
		    !strcmp(name, "ISO-8859-6")) && conf * 2 >= top) {
			best = name;
			break;
		}
	}
	/* names are ICU's static strings, valid after close */
	if (best && !strcmp(best, "windows-1256"))
		best = "windows-1256";
	else if (best && !strcmp(best, "ISO-8859-6"))
		best = "ISO-8859-6";
out:
	ucsdet_close(d);
	return best;
}

struct cnv_ctx {
	const char *base;
	size_t nbad;
	size_t first_bad;
};

static void
count_bad(const void *ctx, UConverterToUnicodeArgs *args,
	const char *units, int32_t len, UConverterCallbackReason reason,
	UErrorCode *e)
{
	struct cnv_ctx *c = (struct cnv_ctx *)(uintptr_t)ctx;

	if (reason <= UCNV_IRREGULAR && !c->nbad++)
		c->first_bad = (size_t)(args->source - c->base) - (size_t)len;
	UCNV_TO_U_CALLBACK_SUBSTITUTE(NULL, args, units, len, reason, e);
}

/* Convert with an ICU converter to (valid) UTF-8 in out. */
static int
convert(UConverter *cnv, const char *s, size_t n, struct ak_buf *out,
	struct cnv_ctx *cc, struct ak_error *err)
{
	UErrorCode e = U_ZERO_ERROR;
	UConverterToUCallback oldcb;
	const void *oldctx;
	size_t cap;
	int32_t k;

	if (n > (size_t)INT32_MAX / 4)
		return ak_error_set(err, AK_EDECODE, "input too large");
	ucnv_setToUCallBack(cnv, count_bad, cc, &oldcb, &oldctx, &e);
	cap = 3 * n + 16;
	ak_buf_reset(out);
	ak_buf_grow(out, cap);
	e = U_ZERO_ERROR;
	k = ucnv_toAlgorithmic(UCNV_UTF8, cnv, out->data, (int32_t)cap, s,
	    (int32_t)n, &e);
	if (U_FAILURE(e))
		return ak_error_set(err, AK_EDECODE, "cannot convert: %s",
		    u_errorName(e));
	out->len = (size_t)k;
	out->data[out->len] = '\0';
	return AK_OK;
}

/* -------------------------------------------------------------- decode */

/* NUL bytes, or more than 5% (and 8) control bytes, near the start. */
static int
looks_binary(const unsigned char *s, size_t n)
{
	size_t i, nctl = 0;

	if (n > SNIFF_LEN)
		n = SNIFF_LEN;
	for (i = 0; i < n; i++) {
		if (s[i] == 0)
			return 1;
		if ((s[i] < 0x20 && s[i] != '\t' && s[i] != '\n' &&
		    s[i] != '\r' && s[i] != '\f' && s[i] != 0x1B) ||
		    s[i] == 0x7F)
			nctl++;
	}
	return nctl * 20 > n && nctl >= 8;
}

/* Nothing but white space and invisible characters? */
static int
blank(const char *s, size_t n)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t i = 0;
	uint32_t cp;
	int k;

	while (i < n) {
		if (p[i] == ' ' || p[i] == '\n') {
			i++;
			continue;
		}
		k = utf8_seq(p + i, n - i, &cp);
		if (k < 0)
			return 0;
		if (!u_isUWhiteSpace((UChar32)cp) &&
		    !u_hasBinaryProperty((UChar32)cp,
		    UCHAR_DEFAULT_IGNORABLE_CODE_POINT))
			return 0;
		i += (size_t)k;
	}
	return 1;
}

static void
warnf(ak_warn_fn warn, void *wctx, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void
warnf(ak_warn_fn warn, void *wctx, const char *fmt, ...)
{
	char msg[256];
	va_list ap;

	if (!warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	warn(wctx, msg);
}

static void
warn_bad(ak_warn_fn warn, void *wctx, const char *charset, size_t nbad,
	size_t first)
{
	if (nbad)
		warnf(warn, wctx, "invalid %s at byte %zu (%zu %s replaced)",
		    charset, first, nbad, nbad == 1 ? "sequence" : "sequences");
}

/* Is a UTF-8 reading better than what a Latin label claims? */
static int
latin_label(const char *name)
{
	return !strcmp(name, "US-ASCII") || !strcmp(name, "ISO-8859-1") ||
	    !strcmp(name, "windows-1252");
}

/* Copy UTF-8 to out with each invalid sequence replaced by U+FFFD. */
static void
fix_utf8(const char *src, size_t n, struct ak_buf *out,
	struct clean_stats *st)
{
	const unsigned char *s = (const unsigned char *)src;
	size_t i = 0, run;
	uint32_t cp;
	int k;

	ak_buf_grow(out, n);
	while (i < n) {
		run = i;
		while (run < n) {
			if (s[run] < 0x80) {
				run++;
				continue;
			}
			k = utf8_seq(s + run, n - run, &cp);
			if (k < 0)
				break;
			run += (size_t)k;
		}
		ak_buf_add(out, s + i, run - i);
		i = run;
		if (i < n) {
			k = utf8_seq(s + i, n - i, &cp);
			if (!st->nbad++)
				st->first_bad = i;
			ak_buf_addcp(out, 0xFFFD);
			i += (size_t)-k;
		}
	}
}

static const struct {
	const char *bytes;
	size_t len;
	const char *label;
	int wide;		/* has NUL bytes: skip binary detection */
} boms[] = {
	/* UTF-32LE before UTF-16LE: FF FE starts both */
	{ "\xFF\xFE\0\0", 4, "UTF-32LE", 1 },
	{ "\0\0\xFE\xFF", 4, "UTF-32BE", 1 },
	{ "\xEF\xBB\xBF", 3, "UTF-8", 0 },
	{ "\xFF\xFE", 2, "UTF-16LE", 1 },
	{ "\xFE\xFF", 2, "UTF-16BE", 1 },
};

/*
 * For ak_decode_raw: drop what XML 1.0 cannot carry anyway, C0 controls
 * but tab and line ends, and with an ESC its whole sequence.  Byte-wise
 * is safe: these bytes never occur inside a UTF-8 sequence.
 */
static void
strip_c0(struct ak_buf *b)
{
	unsigned char *s = (unsigned char *)b->data;
	size_t i = 0, j = 0, n = b->len;

	while (i < n) {
		if (s[i] >= 0x20 || s[i] == '\t' || s[i] == '\n' ||
		    s[i] == '\r') {
			s[j++] = s[i++];
			continue;
		}
		i = s[i] == 0x1B ? skip_esc(s, n, i + 1) : i + 1;
	}
	b->len = j;
	if (b->data)
		b->data[j] = '\0';
}

/*
 * The whole of ak_decode but NFC; with sanitise off, only the conversion
 * to valid UTF-8 (BOM dropped) and strip_c0.
 */
static int
decode(const char *bytes, size_t n, const char *charset_hint,
	ak_warn_fn warn, void *wctx, int sanitise, struct ak_buf *buf,
	const char **charset, struct ak_error *err)
{
	const unsigned char *s = (const unsigned char *)bytes;
	struct ak_buf conv = AK_BUF_INIT;
	struct clean_stats st = { 0, 0 };
	struct cnv_ctx cc = { NULL, 0, 0 };
	UConverter *cnv = NULL;
	const char *name = "UTF-8", *label = NULL, *det;
	char safe[48];
	size_t skip = 0, nmulti, nbad, i;
	int rc = AK_OK, utf8 = 0, wide = 0;

	*charset = "UTF-8";
	for (i = 0; i < n && (s[i] == ' ' || s[i] == '\n' || s[i] == '\r' ||
	    s[i] == '\t' || s[i] == '\f' || s[i] == '\v'); i++)
		;
	if (i == n) {
		rc = ak_error_set(err, AK_EEMPTY, "empty file");
		goto out;
	}

	/* a BOM beats any label */
	for (i = 0; i < sizeof(boms) / sizeof(boms[0]); i++) {
		if (n >= boms[i].len && !memcmp(s, boms[i].bytes, boms[i].len)) {
			label = boms[i].label;
			skip = boms[i].len;
			wide = boms[i].wide;
			cnv = charset_open(label, &name, &utf8);
			break;
		}
	}
	if (!label && charset_hint && *charset_hint) {
		label_copy(safe, sizeof(safe), charset_hint);
		cnv = charset_open(safe, &name, &utf8);
		if (cnv || utf8) {
			label = safe;
			wide = !strncmp(name, "UTF-16", 6) ||
			    !strncmp(name, "UTF-32", 6);
		} else {
			warnf(warn, wctx, "unknown charset \"%s\", detecting",
			    safe);
		}
		/* servers say Latin-1 by default: valid UTF-8 is UTF-8 */
		if (cnv && latin_label(name) && ak_utf8_valid(bytes, n)) {
			ucnv_close(cnv);
			cnv = NULL;
			name = "UTF-8";
		}
	}

	if (!wide && looks_binary(s, n)) {
		rc = ak_error_set(err, AK_EBINARY, "binary file");
		goto out;
	}

	if (!label && !ak_utf8_valid(bytes, n)) {
		utf8_census(s, n > DETECT_LEN * 16 ? DETECT_LEN * 16 : n,
		    &nmulti, &nbad);
		/* mostly valid UTF-8 with a few bad bytes stays UTF-8 */
		if (nmulti < 4 * nbad) {
			det = detect(bytes, n);
			if (det)
				cnv = charset_open(det, &name, &utf8);
		}
		if (!cnv)
			name = "UTF-8";
	}

	if (cnv) {
		cc.base = bytes + skip;
		rc = convert(cnv, bytes + skip, n - skip, &conv, &cc, err);
		if (rc != AK_OK)
			goto out;
		warn_bad(warn, wctx, name, cc.nbad, cc.first_bad + skip);
		if (sanitise)
			clean(conv.data, conv.len, buf, NULL);
		else
			ak_buf_add(buf, conv.data, conv.len);
	} else {
		if (sanitise)
			clean(bytes + skip, n - skip, buf, &st);
		else
			fix_utf8(bytes + skip, n - skip, buf, &st);
		warn_bad(warn, wctx, "UTF-8", st.nbad, st.first_bad + skip);
	}
	if (!sanitise)
		strip_c0(buf);
	if (blank(buf->data ? buf->data : "", buf->len)) {
		rc = ak_error_set(err, AK_EEMPTY, "empty file");
		goto out;
	}
	*charset = name;
out:
	if (cnv)
		ucnv_close(cnv);
	ak_buf_release(&conv);
	return rc;
}

int
ak_decode_raw(const char *bytes, size_t n, const char *charset_hint,
	ak_warn_fn warn, void *wctx, struct ak_decoded *out,
	struct ak_error *err)
{
	struct ak_buf buf = AK_BUF_INIT;
	int rc;

	out->text = NULL;
	out->len = 0;
	rc = decode(bytes, n, charset_hint, warn, wctx, 0, &buf,
	    &out->charset, err);
	if (rc == AK_OK)
		out->text = ak_buf_detach(&buf, &out->len);
	ak_buf_release(&buf);
	return rc;
}

int
ak_decode(const char *bytes, size_t n, const char *charset_hint,
	ak_warn_fn warn, void *wctx, struct ak_decoded *out,
	struct ak_error *err)
{
	struct ak_buf buf = AK_BUF_INIT, norm = AK_BUF_INIT;
	int rc;

	out->text = NULL;
	out->len = 0;
	rc = decode(bytes, n, charset_hint, warn, wctx, 1, &buf,
	    &out->charset, err);
	if (rc == AK_OK) {
		nfc(buf.data, buf.len, &norm);
		out->text = ak_buf_detach(&norm, &out->len);
	}
	ak_buf_release(&buf);
	return rc;
}
