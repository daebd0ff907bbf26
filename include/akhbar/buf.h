/*
 * Growable byte buffers and allocation helpers.
 *
 * The ak_x*alloc functions abort on out-of-memory (as htop and sfeed do):
 * no caller has an OOM path.  A struct ak_buf always keeps its data
 * NUL-terminated once anything was added, so data can be used as a C string.
 */
#ifndef AKHBAR_BUF_H
#define AKHBAR_BUF_H

#include <stddef.h>
#include <stdarg.h>

void *ak_xmalloc(size_t n);
void *ak_xcalloc(size_t nmemb, size_t size);
void *ak_xrealloc(void *p, size_t n);
/* Grow an array of nmemb elements of size size, checking for overflow. */
void *ak_xreallocarray(void *p, size_t nmemb, size_t size);
char *ak_xstrdup(const char *s);
char *ak_xstrndup(const char *s, size_t len);
/* NULL-safe strdup: returns NULL for NULL. */
char *ak_xstrdup0(const char *s);

struct ak_buf {
	char *data;		/* NUL-terminated when len > 0 or after ak_buf_grow */
	size_t len;
	size_t cap;
};

#define AK_BUF_INIT { NULL, 0, 0 }

void ak_buf_init(struct ak_buf *b);
void ak_buf_release(struct ak_buf *b);
void ak_buf_reset(struct ak_buf *b);		/* len = 0, keeps memory */
void ak_buf_grow(struct ak_buf *b, size_t extra);
void ak_buf_add(struct ak_buf *b, const void *s, size_t len);
void ak_buf_addstr(struct ak_buf *b, const char *s);
void ak_buf_addch(struct ak_buf *b, char c);
void ak_buf_addf(struct ak_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ak_buf_vaddf(struct ak_buf *b, const char *fmt, va_list ap);
/* Append one Unicode code point as UTF-8. */
void ak_buf_addcp(struct ak_buf *b, unsigned cp);
/* Return the data (never NULL, "" when empty) and leave b empty; caller frees. */
char *ak_buf_detach(struct ak_buf *b, size_t *len);
/* The data as a C string, "" when empty; stays owned by b. */
const char *ak_buf_str(const struct ak_buf *b);

#endif
