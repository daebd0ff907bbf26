/*
 * Full text for feeds that carry only a headline and a sentence: each
 * item's page is fetched (ak_fetch_many: a few at once, at most two to a
 * host), its article extracted (ak_extract_html), and its body put into
 * the item in place of the feed's text.  What the feed says about the
 * item stays: its link and guid (the item's identity), title, date,
 * author, publisher; the page fills in what the feed left out, and the
 * feed's summary becomes the subtitle when the page's text does not begin
 * with it.  A page that cannot be had (network, HTTP error, no article,
 * too large) leaves its item as the feed gave it, with one warning line
 * naming the page and why.  Storage is the sink's, as for every parser.
 */
#include "config.h"

#include "akhbar/extract.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/fetch.h"
#include "akhbar/parse.h"
#include "extract_priv.h"

#define SUMMARY_MAX	1000	/* characters: a longer feed text is no
				 * summary, it is the article */

struct items {
	struct ak_article *v;
	size_t n, cap;
	const struct ak_sink *sink;	/* for warnings */
	const struct ak_parse_opts *o;
};

static void
copy_article(struct ak_article *d, const struct ak_article *s)
{
	size_t i;

	ak_article_init(d);
	ak_set_str(&d->guid, s->guid);
	ak_set_str(&d->url, s->url);
	ak_set_str(&d->title, s->title);
	ak_set_str(&d->subtitle, s->subtitle);
	ak_set_str(&d->publisher, s->publisher);
	ak_set_str(&d->section, s->section);
	ak_set_str(&d->byline, s->byline);
	ak_set_str(&d->dateline, s->dateline);
	ak_set_str(&d->published, s->published);
	ak_set_str(&d->date_raw, s->date_raw);
	ak_set_str(&d->source, s->source);
	ak_set_str(&d->lang, s->lang);
	for (i = 0; i < s->nblocks; i++)
		ak_article_add_block(d, s->blocks[i].kind, s->blocks[i].text,
		    strlen(s->blocks[i].text), s->blocks[i].credit);
	for (i = 0; i < s->nrefs; i++) {
		struct ak_ref *r = ak_article_add_ref(d);

		ak_set_str(&r->title, s->refs[i].title);
		ak_set_str(&r->section, s->refs[i].section);
		ak_set_str(&r->caption, s->refs[i].caption);
		ak_set_str(&r->summary, s->refs[i].summary);
		ak_set_str(&r->byline, s->refs[i].byline);
	}
}

static int
collect(void *ctx, const struct ak_article *a)
{
	struct items *it = ctx;

	if (it->n == it->cap) {
		it->cap = it->cap ? it->cap * 2 : 16;
		it->v = ak_xreallocarray(it->v, it->cap, sizeof(*it->v));
	}
	copy_article(&it->v[it->n++], a);
	return AK_OK;
}

static void
warnf(const struct ak_sink *sink, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
warnf(const struct ak_sink *sink, const char *fmt, ...)
{
	char msg[600];
	va_list ap;

	if (!sink->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	sink->warn(sink->ctx, msg);
}

/* The feed's text of an item, as one line (a new string, maybe NULL). */
static char *
feed_text(const struct ak_article *a)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i;
	char *s;

	for (i = 0; i < a->nblocks; i++) {
		if (i)
			ak_buf_addch(&b, ' ');
		ak_buf_addstr(&b, a->blocks[i].text);
	}
	s = b.len ? ex_clean(b.data, b.len) : NULL;
	ak_buf_release(&b);
	return s;
}

/*
 * Does the page's text begin with (or hold) the summary?  Compared
 * without its last few characters, which feeds cut («...», "[…]").
 */
static int
page_says(const struct ak_article *page, const char *summary)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t n = strlen(summary), i;
	char head[64];
	int r;

	while (n && (summary[n - 1] == '.' || summary[n - 1] == ' ' ||
	    summary[n - 1] == ']' || summary[n - 1] == '['))
		n--;
	if (n >= 3 && !memcmp(summary + n - 3, "\xE2\x80\xA6", 3))
		n -= 3;
	if (n > 60)
		n = 60;
	while (n && ((unsigned char)summary[n] & 0xC0) == 0x80)
		n--;
	for (i = 0; i < page->nblocks && b.len < 4096; i++) {
		ak_buf_addstr(&b, page->blocks[i].text);
		ak_buf_addch(&b, ' ');
	}
	ak_buf_addch(&b, '\0');
	memcpy(head, summary, n);
	head[n] = '\0';
	r = n > 0 && strstr(b.data, head) != NULL;
	ak_buf_release(&b);
	return r;
}

void
ak_extract_merge(struct ak_article *item, struct ak_article *page)
{
	char *summary = feed_text(item);
	size_t i;

	if (!page->nblocks) {
		free(summary);
		return;
	}
	if (summary && !item->subtitle &&
	    ex_nchars(summary, strlen(summary)) <= SUMMARY_MAX &&
	    !page_says(page, summary))
		item->subtitle = summary;
	else
		free(summary);
	for (i = 0; i < item->nblocks; i++) {
		free(item->blocks[i].text);
		free(item->blocks[i].credit);
	}
	free(item->blocks);
	item->blocks = page->blocks;
	item->nblocks = page->nblocks;
	page->blocks = NULL;
	page->nblocks = 0;
	if (!item->title)
		ak_set_str(&item->title, page->title);
	if (!item->subtitle && page->subtitle)
		ak_set_str(&item->subtitle, page->subtitle);
	if (!item->byline)
		ak_set_str(&item->byline, page->byline);
	if (!item->published) {
		ak_set_str(&item->published, page->published);
		ak_set_str(&item->date_raw, page->date_raw);
	}
	if (!item->section)
		ak_set_str(&item->section, page->section);
	if (!item->lang)
		ak_set_str(&item->lang, page->lang);
	if (!item->url)
		ak_set_str(&item->url, page->url);
}

/* The article a page gave, kept by the sink of ak_extract_html. */
static int
keep_page(void *ctx, const struct ak_article *a)
{
	copy_article(ctx, a);
	return AK_OK;
}

static void
drop_warning(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

static int
page_done(void *ctx, const struct ak_fetch_req *req, int rc,
	struct ak_fetch_result *res, const struct ak_error *ferr)
{
	struct items *it = ctx;
	struct ak_article *item = req->user, page;
	struct ak_sink sink = { keep_page, drop_warning, &page };
	struct ak_parse_opts po = { NULL, NULL, req->url };
	struct ak_error err = { 0, "" };

	ak_article_init(&page);
	if (rc != AK_OK) {
		warnf(it->sink, "%s: the feed's text is kept: %s", req->url,
		    ferr ? ferr->msg : "cannot fetch");
		goto out;
	}
	if (!ak_html_detect(res->body, res->len)) {
		warnf(it->sink, "%s: the feed's text is kept: not a web page",
		    req->url);
		goto out;
	}
	rc = ak_extract_html(res->body, res->len, res->charset,
	    res->final_url ? res->final_url : req->url, &po, &sink, &err);
	if (rc != AK_OK) {
		/* the message names the page already */
		warnf(it->sink, "%s (the feed's text is kept)", err.msg);
		goto out;
	}
	ak_extract_merge(item, &page);
out:
	ak_article_release(&page);
	ak_fetch_result_release(res);
	return 0;
}

/* AKHBAR_PAGE_TIMEOUT (seconds), else AK_FULL_TEXT_TIMEOUT_MS. */
static long
page_timeout(void)
{
	const char *e = getenv("AKHBAR_PAGE_TIMEOUT");
	char *end;
	long s;

	if (!e || !*e)
		return AK_FULL_TEXT_TIMEOUT_MS;
	s = strtol(e, &end, 10);
	if (*end || s <= 0 || s > 3600)
		return AK_FULL_TEXT_TIMEOUT_MS;
	return s * 1000;
}

int
ak_extract_feed_full_text(const char *bytes, size_t len,
	const struct ak_parse_opts *o, const struct ak_sink *sink,
	const struct ak_full_text_opts *fo, struct ak_error *err)
{
	struct items it = { NULL, 0, 0, sink, o };
	struct ak_sink coll = { collect, sink->warn, &it };
	struct ak_fetch_req *reqs = NULL;
	struct ak_fetch_opts fopts;
	size_t i, n = 0;
	int rc;

	rc = ak_parse_feed(bytes, len, o, &coll, err);
	if (rc != AK_OK)
		goto out;
	reqs = ak_xcalloc(it.n ? it.n : 1, sizeof(*reqs));
	for (i = 0; i < it.n; i++) {
		const char *u = it.v[i].url;

		if (u && (!strncasecmp(u, "http://", 7) ||
		    !strncasecmp(u, "https://", 8))) {
			reqs[n].url = u;
			reqs[n].user = &it.v[i];
			n++;
		}
	}
	memset(&fopts, 0, sizeof(fopts));
	fopts.per_host = AK_FETCH_PER_HOST;
	fopts.timeout_ms = fo && fo->timeout_ms ? fo->timeout_ms :
	    page_timeout();
	fopts.connect_timeout_ms = fopts.timeout_ms;
	fopts.cancel = fo ? fo->cancel : NULL;
	if (n) {
		rc = ak_fetch_many(reqs, n, &fopts, page_done, &it, err);
		/* pages that could not be had keep the feed's text */
		if (rc == AK_EIO || rc == AK_ENET) {
			warnf(sink, "%s: the feed's text is kept: %s",
			    o && o->source_name ? o->source_name : "feed",
			    err ? err->msg : "cannot fetch");
			rc = AK_OK;
		}
		if (rc != AK_OK)
			goto out;
	}
	for (i = 0; i < it.n && rc == AK_OK; i++)
		rc = sink->article(sink->ctx, &it.v[i]);
out:
	for (i = 0; i < it.n; i++)
		ak_article_release(&it.v[i]);
	free(it.v);
	free(reqs);
	return rc;
}
