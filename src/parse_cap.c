/*
 * The size caps between a parser and whoever stores its articles: an
 * article within the caps passes as it is; one beyond them is copied cut
 * (ak_article_copy_capped) and announced with one warning.  The parsers
 * stay linear on any input, so capping after them is enough to keep the
 * cache, the layout and every export of an article bounded.
 */
#include "config.h"

#include "akhbar/parse.h"

#include <stdio.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"

/* Warnings quote this much of the title, at most. */
#define TITLE_QUOTE 60

static void
add_size(struct ak_buf *b, size_t n)
{
	if (n >= 1024 * 1024 && n % (1024 * 1024) == 0)
		ak_buf_addf(b, "%zu MiB", n / (1024 * 1024));
	else if (n >= 1024 * 1024)
		ak_buf_addf(b, "%.1f MiB", n / (1024.0 * 1024));
	else if (n >= 1024 && n % 1024 == 0)
		ak_buf_addf(b, "%zu KiB", n / 1024);
	else if (n >= 1024)
		ak_buf_addf(b, "%.1f KiB", n / 1024.0);
	else
		ak_buf_addf(b, "%zu bytes", n);
}

static void
add_title(struct ak_buf *b, const char *t)
{
	size_t len, k;

	if (!t || !*t) {
		ak_buf_addstr(b, "an article with no title");
		return;
	}
	len = strlen(t);
	k = len > TITLE_QUOTE ? TITLE_QUOTE : len;
	while (k < len && ((unsigned char)t[k] & 0xC0) == 0x80)
		k--;
	ak_buf_addstr(b, "\xC2\xAB");
	ak_buf_add(b, t, k);
	if (k < len)
		ak_buf_addstr(b, "\xE2\x80\xA6");
	ak_buf_addstr(b, "\xC2\xBB");
}

static void
warn_cut(const struct ak_sink *next, const struct ak_caps *caps,
	const struct ak_article *a, const struct ak_cap_cut *c)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *sep = "";

	if (!next->warn)
		return;
	add_title(&b, a->title);
	ak_buf_addstr(&b, " is cut to the size caps: ");
	if (c->blocks) {
		ak_buf_addf(&b, "%zu paragraph%s cut at ", c->blocks,
		    c->blocks == 1 ? "" : "s");
		add_size(&b, caps->paragraph);
		sep = ", ";
	}
	if (c->fields) {
		ak_buf_addf(&b, "%s%zu other text%s cut at ", sep, c->fields,
		    c->fields == 1 ? "" : "s");
		add_size(&b, caps->paragraph);
		sep = ", ";
	}
	if (c->tail) {
		ak_buf_addf(&b, "%sthe text after ", sep);
		add_size(&b, caps->article);
		ak_buf_addstr(&b, " cut (");
		add_size(&b, c->bytes);
		ak_buf_addstr(&b, " in all)");
	}
	next->warn(next->ctx, ak_buf_str(&b));
	ak_buf_release(&b);
}

static int
cap_article(void *ctx, const struct ak_article *a)
{
	struct ak_cap_sink *cs = ctx;
	struct ak_article cut;
	struct ak_cap_cut c;
	int rc;

	if (!ak_article_over_caps(a, &cs->caps))
		return cs->next->article(cs->next->ctx, a);
	ak_article_copy_capped(a, &cs->caps, &cut, &c);
	warn_cut(cs->next, &cs->caps, a, &c);
	rc = cs->next->article(cs->next->ctx, &cut);
	ak_article_release(&cut);
	return rc;
}

static void
cap_warn(void *ctx, const char *msg)
{
	struct ak_cap_sink *cs = ctx;

	if (cs->next->warn)
		cs->next->warn(cs->next->ctx, msg);
}

static void
cap_title(void *ctx, const char *title)
{
	struct ak_cap_sink *cs = ctx;

	cs->next->title(cs->next->ctx, title);
}

void
ak_cap_sink_init(struct ak_cap_sink *cs, const struct ak_caps *caps,
	const struct ak_sink *next)
{
	cs->next = next;
	cs->caps = *caps;
	cs->sink.article = cap_article;
	cs->sink.warn = cap_warn;
	cs->sink.ctx = cs;
	cs->sink.title = next->title ? cap_title : NULL;
}
