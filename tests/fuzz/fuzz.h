/*
 * Helpers shared by the libFuzzer targets of tests/fuzz: reading
 * parameters off the front of the input, walking what a parser hands
 * out (so that a bad pointer shows under ASan), and the contracts the
 * modules promise, checked on every output: a broken promise aborts,
 * and libFuzzer keeps the input that broke it.
 */
#ifndef AKHBAR_FUZZ_H
#define AKHBAR_FUZZ_H

#include <locale.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/decode.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);
int LLVMFuzzerInitialize(int *argc, char ***argv);

/* A UTF-8 locale, as akhbar runs in (cell widths come from wcwidth). */
int
LLVMFuzzerInitialize(int *argc, char ***argv)
{
	(void)argc;
	(void)argv;
	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	return 0;
}

/* Report a broken contract and abort (libFuzzer saves the input). */
static inline void
fz_fail(const char *what, const char *s, size_t len)
{
	size_t i;

	fprintf(stderr, "akhbar fuzz: %s:", what);
	for (i = 0; s && i < len && i < 200; i++)
		fprintf(stderr, " %02x", (unsigned char)s[i]);
	fputc('\n', stderr);
	abort();
}

/* One byte of parameters off the front of the input (0 when none). */
static inline unsigned
fz_byte(const uint8_t **data, size_t *size)
{
	unsigned b;

	if (*size == 0)
		return 0;
	b = **data;
	(*data)++;
	(*size)--;
	return b;
}

/* Decode one UTF-8 sequence strictly; 0 on an invalid one. */
static inline size_t
fz_utf8(const unsigned char *s, size_t len, unsigned *cp)
{
	size_t n, i;
	unsigned c = s[0];

	if (c < 0x80) {
		*cp = c;
		return 1;
	}
	if (c >= 0xC2 && c < 0xE0)
		n = 2, c &= 0x1F;
	else if (c >= 0xE0 && c < 0xF0)
		n = 3, c &= 0x0F;
	else if (c >= 0xF0 && c < 0xF5)
		n = 4, c &= 0x07;
	else
		return 0;
	if (n > len)
		return 0;
	for (i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		c = (c << 6) | (s[i] & 0x3Fu);
	}
	if ((n == 3 && c < 0x800) || (n == 4 && (c < 0x10000 ||
	    c > 0x10FFFF)) || (c >= 0xD800 && c <= 0xDFFF))
		return 0;
	*cp = c;
	return n;
}

/*
 * Text that may reach a terminal: valid UTF-8 and, as decode.h promises,
 * no C0 control but newline (and tab when tabs is set), no DEL or C1, no
 * bidi embedding, override or isolate, no U+FEFF.
 */
static inline void
fz_check_clean(const char *what, const char *s, size_t len, int newlines,
	int tabs)
{
	size_t i = 0, k;
	unsigned cp;

	while (i < len) {
		k = fz_utf8((const unsigned char *)s + i, len - i, &cp);
		if (k == 0)
			fz_fail(what, s + i, len - i);
		if ((cp < 0x20 && !(cp == '\n' && newlines) &&
		    !(cp == '\t' && tabs)) || (cp >= 0x7F && cp < 0xA0) ||
		    (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0xFEFF)
			fz_fail(what, s + i, len - i);
		i += k;
	}
}

static inline void
fz_check_str(const char *what, const char *s)
{
	if (s)
		fz_check_clean(what, s, strlen(s), 0, 0);
}

/*
 * Every string of an article: walked, and when clean is set checked
 * against the contract of article.h (UTF-8, sanitised, one line each).
 */
static inline size_t
fz_walk_article(const struct ak_article *a, int clean)
{
	const char *const f[] = {
		a->guid, a->url, a->title, a->subtitle, a->publisher,
		a->section, a->byline, a->dateline, a->published,
		a->date_raw, a->source, a->lang
	};
	size_t i, n = 0;

	for (i = 0; i < sizeof f / sizeof *f; i++) {
		n += f[i] ? strlen(f[i]) : 0;
		if (clean)
			fz_check_str("article field", f[i]);
	}
	for (i = 0; i < a->nblocks; i++) {
		if (!a->blocks[i].text)
			fz_fail("block with no text", NULL, 0);
		n += strlen(a->blocks[i].text);
		if (a->blocks[i].credit)
			n += strlen(a->blocks[i].credit);
		if ((unsigned)a->blocks[i].kind >= AK_BLOCK_NKINDS)
			fz_fail("block kind", NULL, 0);
		if (clean) {
			/* a block may hold a line break; a field may not
			 * (akhbar list prints one article a line) */
			fz_check_clean("block", a->blocks[i].text,
			    strlen(a->blocks[i].text), 1, 0);
			fz_check_str("credit", a->blocks[i].credit);
		}
	}
	for (i = 0; i < a->nrefs; i++) {
		const struct ak_ref *r = &a->refs[i];
		const char *const g[] = {
			r->title, r->section, r->caption, r->summary,
			r->byline
		};
		size_t k;

		for (k = 0; k < sizeof g / sizeof *g; k++) {
			n += g[k] ? strlen(g[k]) : 0;
			if (clean)
				fz_check_str("ref field", g[k]);
		}
	}
	return n;
}

/* A sink's article callback: ctx is an int, clean (1) or raw (0) input. */
static inline int
fz_article(void *ctx, const struct ak_article *a)
{
	const int *clean = ctx;

	(void)fz_walk_article(a, *clean);
	return 0;
}

/* Warnings are one line each, whatever the input. */
static inline void
fz_warn(void *ctx, const char *msg)
{
	(void)ctx;
	if (!msg || strchr(msg, '\n'))
		fz_fail("warning of more than one line", msg,
		    msg ? strlen(msg) : 0);
}

#endif
