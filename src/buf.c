/*
 * Growable byte buffers and allocation that never returns NULL.
 */
#include "config.h"

#include "akhbar/buf.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void
oom(void)
{
	fputs("akhbar: out of memory\n", stderr);
	abort();
}

void *
ak_xmalloc(size_t n)
{
	void *p = malloc(n ? n : 1);

	if (!p)
		oom();
	return p;
}

void *
ak_xcalloc(size_t nmemb, size_t size)
{
	void *p = calloc(nmemb ? nmemb : 1, size ? size : 1);

	if (!p)
		oom();
	return p;
}

void *
ak_xrealloc(void *p, size_t n)
{
	p = realloc(p, n ? n : 1);
	if (!p)
		oom();
	return p;
}

void *
ak_xreallocarray(void *p, size_t nmemb, size_t size)
{
	if (size && nmemb > SIZE_MAX / size)
		oom();
	return ak_xrealloc(p, nmemb * size);
}

char *
ak_xstrdup(const char *s)
{
	return ak_xstrndup(s, strlen(s));
}

char *
ak_xstrndup(const char *s, size_t len)
{
	char *p = ak_xmalloc(len + 1);

	memcpy(p, s, len);
	p[len] = '\0';
	return p;
}

char *
ak_xstrdup0(const char *s)
{
	return s ? ak_xstrdup(s) : NULL;
}

void
ak_buf_init(struct ak_buf *b)
{
	b->data = NULL;
	b->len = b->cap = 0;
}

void
ak_buf_release(struct ak_buf *b)
{
	free(b->data);
	ak_buf_init(b);
}

void
ak_buf_reset(struct ak_buf *b)
{
	b->len = 0;
	if (b->data)
		b->data[0] = '\0';
}

void
ak_buf_grow(struct ak_buf *b, size_t extra)
{
	size_t need;

	if (extra > SIZE_MAX - b->len - 1)
		oom();
	need = b->len + extra + 1;
	if (need <= b->cap)
		return;
	if (b->cap == 0 && need > 64) {
		/* a first size asked for (a file's, a known length) is kept:
		 * doubling up to it would waste up to half of a large buffer */
		b->cap = need;
	} else if (b->cap < 64) {
		b->cap = 64;
	}
	while (b->cap < need)
		b->cap = b->cap > SIZE_MAX / 2 ? need : b->cap * 2;
	b->data = ak_xrealloc(b->data, b->cap);
	b->data[b->len] = '\0';
}

void
ak_buf_add(struct ak_buf *b, const void *s, size_t len)
{
	ak_buf_grow(b, len);
	if (len)
		memcpy(b->data + b->len, s, len);
	b->len += len;
	b->data[b->len] = '\0';
}

void
ak_buf_addstr(struct ak_buf *b, const char *s)
{
	ak_buf_add(b, s, strlen(s));
}

void
ak_buf_addch(struct ak_buf *b, char c)
{
	ak_buf_add(b, &c, 1);
}

void
ak_buf_vaddf(struct ak_buf *b, const char *fmt, va_list ap)
{
	va_list cp;
	int n;

	va_copy(cp, ap);
	n = vsnprintf(NULL, 0, fmt, cp);
	va_end(cp);
	if (n < 0)
		return;
	ak_buf_grow(b, (size_t)n);
	vsnprintf(b->data + b->len, (size_t)n + 1, fmt, ap);
	b->len += (size_t)n;
}

void
ak_buf_addf(struct ak_buf *b, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	ak_buf_vaddf(b, fmt, ap);
	va_end(ap);
}

void
ak_buf_addcp(struct ak_buf *b, unsigned cp)
{
	char u[4];
	size_t n;

	if (cp > 0x10FFFF || (cp >= 0xD800 && cp <= 0xDFFF))
		cp = 0xFFFD;
	if (cp < 0x80) {
		u[0] = (char)cp;
		n = 1;
	} else if (cp < 0x800) {
		u[0] = (char)(0xC0 | (cp >> 6));
		u[1] = (char)(0x80 | (cp & 0x3F));
		n = 2;
	} else if (cp < 0x10000) {
		u[0] = (char)(0xE0 | (cp >> 12));
		u[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[2] = (char)(0x80 | (cp & 0x3F));
		n = 3;
	} else {
		u[0] = (char)(0xF0 | (cp >> 18));
		u[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
		u[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
		u[3] = (char)(0x80 | (cp & 0x3F));
		n = 4;
	}
	ak_buf_add(b, u, n);
}

char *
ak_buf_detach(struct ak_buf *b, size_t *len)
{
	char *p;

	ak_buf_grow(b, 0);
	p = b->data;
	if (len)
		*len = b->len;
	ak_buf_init(b);
	return p;
}

const char *
ak_buf_str(const struct ak_buf *b)
{
	return b->data ? b->data : "";
}
