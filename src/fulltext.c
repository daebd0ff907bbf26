/*
 * Full text for feeds (fulltext.h): which items' pages to fetch, what a
 * page gave, and what to remember of it.
 *
 * The decision for an item with a web link, from the page known for that
 * link (the importer loads them all before it starts: its parsing
 * threads never see the cache) and a hash of the item as the feed gives
 * it (ak_ident_hash: title, date, summary...):
 *
 *   page known     item        feed with full text    other feeds
 *   none                       fetch                  as the feed says
 *   text stored    same        keep the stored text   keep it
 *   text stored    changed     conditional GET        keep it
 *   failed         same        as the feed says,      as the feed says
 *                              fetch if it may pass
 *   failed         changed     fetch                  as the feed says
 *
 * "Keep the stored text" sends the item without a body: the cache fills
 * an update only with what it brings (ident.h), so the stored body stays
 * while the feed's title or date still land.  A page recorded with its
 * article (struct ak_page) is the proof that the body is the page's.
 */
#include "config.h"

#include "akhbar/fulltext.h"

#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/extract.h"
#include "akhbar/fetch.h"
#include "akhbar/ident.h"

/* ---------------------------------------------------------- pages known */

struct ak_pages {
	struct ak_page *v;	/* open addressing; url NULL: free */
	size_t cap, n;		/* cap: a power of two */
};

static uint64_t
hash_str(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h;
}

static void
copy_page(struct ak_page *d, const struct ak_page *s)
{
	d->article_id = s->article_id;
	d->url = ak_xstrdup0(s->url);
	d->etag = ak_xstrdup0(s->etag);
	d->last_modified = ak_xstrdup0(s->last_modified);
	memcpy(d->item_hash, s->item_hash, sizeof(d->item_hash));
	d->ok = s->ok;
	d->retry = s->retry;
	d->error = ak_xstrdup0(s->error);
	d->fetched = ak_xstrdup0(s->fetched);
}

struct ak_pages *
ak_pages_new(void)
{
	return ak_xcalloc(1, sizeof(struct ak_pages));
}

static struct ak_page *
slot(const struct ak_pages *ps, const char *url)
{
	size_t i = (size_t)hash_str(url) & (ps->cap - 1);

	while (ps->v[i].url && strcmp(ps->v[i].url, url) != 0)
		i = (i + 1) & (ps->cap - 1);
	return &ps->v[i];
}

void
ak_pages_add(struct ak_pages *ps, const struct ak_page *p)
{
	struct ak_page *s;
	size_t i;

	if (!p->url)
		return;
	if ((ps->n + 1) * 2 > ps->cap) {
		struct ak_pages bigger = { NULL, ps->cap ? ps->cap * 2 : 64,
			ps->n };

		bigger.v = ak_xcalloc(bigger.cap, sizeof(*bigger.v));
		for (i = 0; i < ps->cap; i++)
			if (ps->v[i].url)
				*slot(&bigger, ps->v[i].url) = ps->v[i];
		free(ps->v);
		*ps = bigger;
	}
	s = slot(ps, p->url);
	if (s->url)
		ak_page_release(s);
	else
		ps->n++;
	copy_page(s, p);
}

const struct ak_page *
ak_pages_find(const struct ak_pages *ps, const char *url)
{
	const struct ak_page *s;

	if (!ps || !ps->n || !url)
		return NULL;
	s = slot(ps, url);
	return s->url ? s : NULL;
}

size_t
ak_pages_count(const struct ak_pages *ps)
{
	return ps ? ps->n : 0;
}

void
ak_pages_free(struct ak_pages *ps)
{
	size_t i;

	if (!ps)
		return;
	for (i = 0; i < ps->cap; i++)
		if (ps->v[i].url)
			ak_page_release(&ps->v[i]);
	free(ps->v);
	free(ps);
}

static int
add_loaded(void *ctx, const struct ak_page *p)
{
	ak_pages_add(ctx, p);
	return AK_OK;
}

int
ak_pages_load(struct ak_cache *c, struct ak_pages **out,
	struct ak_error *err)
{
	struct ak_pages *ps = ak_pages_new();
	int rc = ak_cache_pages(c, add_loaded, ps, err);

	if (rc != AK_OK) {
		ak_pages_free(ps);
		ps = NULL;
	}
	*out = ps;
	return rc;
}

/* ---------------------------------------------------------- one page */

static void
copy_article(struct ak_article *d, const struct ak_article *s)
{
	size_t i;

	ak_article_init(d);
	d->id = s->id;
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

/* The stored body stays: the item goes without one. */
static void
drop_body(struct ak_article *a)
{
	size_t i;

	for (i = 0; i < a->nblocks; i++) {
		free(a->blocks[i].text);
		free(a->blocks[i].credit);
	}
	free(a->blocks);
	a->blocks = NULL;
	a->nblocks = 0;
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

/*
 * May a fetch that failed with msg do better later?  The network, a
 * timeout, a server error or "too many requests" may pass; a 404, a page
 * too large or with no article will not.
 */
static int
may_pass(const char *msg)
{
	return !strncmp(msg, "cannot fetch", 12) || !strncmp(msg, "HTTP 5",
	    6) || !strcmp(msg, "HTTP 429") || !strncmp(msg, "libcurl", 7);
}

/* One item with what is known of its page and what fetching it gave. */
struct item {
	struct ak_article a;
	char hash[17];			/* of the item as the feed gave it */
	const struct ak_page *known;	/* may be NULL */
	int fetching;			/* asked for, not reported yet */
	int record;			/* st is to be recorded */
	struct ak_page st;
};

/*
 * What fetching it's page gave (rc, *res, ferr as ak_fetch_many's
 * callback gets them; res is released here): the item merged with the
 * page, or left as it is (the feed's text) or without its body (the
 * stored text stays), and the page's state to record.
 */
static void
page_outcome(struct item *it, const char *url, int rc,
	struct ak_fetch_result *res, const struct ak_error *ferr,
	const struct ak_sink *out)
{
	const struct ak_page *k = it->known;
	int stored = k && k->ok;	/* the text stored is the page's */
	const char *kept = stored ? "the stored text is kept" :
	    "the feed's text is kept";
	struct ak_article page;
	struct ak_sink sink = { keep_page, drop_warning, &page, NULL };
	struct ak_parse_opts po = { NULL, NULL, url };
	struct ak_error err = { 0, "" };
	const char *why = NULL;
	int retry = 0;

	ak_article_init(&page);
	it->fetching = 0;
	ak_page_release(&it->st);
	it->st.url = ak_xstrdup(url);
	memcpy(it->st.item_hash, it->hash, sizeof(it->hash));
	it->record = 1;
	if (rc != AK_OK) {
		why = ferr && ferr->msg[0] ? ferr->msg : "cannot fetch";
		retry = may_pass(why);
		warnf(out, "%s: %s: %s", url, kept, why);
		goto failed;
	}
	if (res->not_modified) {
		/* 304: what is stored is the page as it is */
		drop_body(&it->a);
		it->st.ok = 1;
		it->st.etag = ak_xstrdup0(res->etag);
		it->st.last_modified = ak_xstrdup0(res->last_modified);
		goto out;
	}
	if (!ak_html_detect(res->body, res->len)) {
		why = "not a web page";
		warnf(out, "%s: %s: %s", url, kept, why);
		goto failed;
	}
	rc = ak_extract_html(res->body, res->len, res->charset,
	    res->final_url ? res->final_url : url, &po, &sink, &err);
	if (rc != AK_OK || !page.nblocks) {
		/* the message names the page already */
		why = rc != AK_OK ? err.msg : "no article in the page";
		warnf(out, "%s (%s)", why, kept);
		goto failed;
	}
	ak_extract_merge(&it->a, &page);
	it->st.ok = 1;
	it->st.etag = ak_xstrdup0(res->etag);
	it->st.last_modified = ak_xstrdup0(res->last_modified);
	goto out;
failed:
	if (stored) {
		/* the page's text stays, and so does what is known of it:
		 * the next change of the item tries again */
		drop_body(&it->a);
		it->record = 0;
		goto out;
	}
	it->st.ok = 0;
	it->st.retry = retry;
	it->st.error = ak_xstrdup(why);
out:
	ak_article_release(&page);
	ak_fetch_result_release(res);
}

/* Hand the item (and its page's state first) on. */
static int
emit(struct item *it, const struct ak_sink *sink,
	const struct ak_full_text_opts *fo)
{
	if (it->record && fo && fo->page)
		fo->page(fo->ctx, &it->st);
	return sink->article(sink->ctx, &it->a);
}

static void
item_release(struct item *it)
{
	ak_article_release(&it->a);
	ak_page_release(&it->st);
}

int
ak_fulltext_item(const struct ak_article *item, const char *url, int rc,
	struct ak_fetch_result *res, const struct ak_error *ferr,
	const struct ak_page *known, const struct ak_sink *sink,
	const struct ak_full_text_opts *fo)
{
	struct item it;

	memset(&it, 0, sizeof(it));
	copy_article(&it.a, item);
	/* the feed's item is not here (the cache has what it became): what
	 * an update saw of it stays, so that it does not fetch the page
	 * again for nothing; unknown, "" makes the next update look once */
	if (known)
		memcpy(it.hash, known->item_hash, sizeof(it.hash));
	it.known = known;
	page_outcome(&it, url, rc, res, ferr, sink);
	rc = emit(&it, sink, fo);
	item_release(&it);
	return rc;
}

/* ---------------------------------------------------------- a feed */

struct items {
	struct item *v;
	size_t n, cap;
	const struct ak_sink *sink;	/* for warnings */
};

/* The feed parser's warnings and title go to the caller's sink, with
 * the caller's context (not the list's). */
static void
collect_warn(void *ctx, const char *msg)
{
	const struct items *its = ctx;

	its->sink->warn(its->sink->ctx, msg);
}

static void
collect_title(void *ctx, const char *title)
{
	const struct items *its = ctx;

	its->sink->title(its->sink->ctx, title);
}

static int
collect(void *ctx, const struct ak_article *a)
{
	struct items *its = ctx;
	struct item *it;

	if (its->n == its->cap) {
		its->cap = its->cap ? its->cap * 2 : 16;
		its->v = ak_xreallocarray(its->v, its->cap, sizeof(*its->v));
	}
	it = &its->v[its->n++];
	memset(it, 0, sizeof(*it));
	copy_article(&it->a, a);
	ak_ident_hash(&it->a, it->hash);
	return AK_OK;
}

static int
page_done(void *ctx, const struct ak_fetch_req *req, int rc,
	struct ak_fetch_result *res, const struct ak_error *ferr)
{
	struct items *its = ctx;

	page_outcome(req->user, req->url, rc, res, ferr, its->sink);
	return 0;
}

long
ak_fulltext_timeout(void)
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

static int
is_web(const char *u)
{
	return u && (!strncasecmp(u, "http://", 7) ||
	    !strncasecmp(u, "https://", 8));
}

/*
 * The table of the header comment: fetch the item's page (with the
 * validators of *cond when it is set), or not (the body dropped when the
 * stored text is to stay).
 */
static int
to_fetch(struct item *it, int fetch, const struct ak_page **cond)
{
	const struct ak_page *k = it->known;
	int same = k && !strcmp(k->item_hash, it->hash);

	*cond = NULL;
	if (k && k->ok && (same || !fetch)) {
		drop_body(&it->a);
		return 0;
	}
	if (!fetch)
		return 0;
	if (k && k->ok) {
		*cond = k;
		return 1;
	}
	return !k || !same || k->retry;
}

int
ak_fulltext_feed(const char *bytes, size_t len,
	const struct ak_parse_opts *o, const struct ak_sink *sink,
	const struct ak_full_text_opts *fo, struct ak_error *err)
{
	struct items its = { NULL, 0, 0, sink };
	struct ak_sink coll = { collect, sink->warn ? collect_warn : NULL,
		&its, sink->title ? collect_title : NULL };
	struct ak_fetch_req *reqs = NULL;
	struct ak_fetch_opts fopts;
	const struct ak_page *cond;
	size_t i, n = 0;
	int rc;

	rc = ak_parse_feed(bytes, len, o, &coll, err);
	if (rc != AK_OK)
		goto out;
	reqs = ak_xcalloc(its.n ? its.n : 1, sizeof(*reqs));
	for (i = 0; i < its.n; i++) {
		struct item *it = &its.v[i];

		if (!is_web(it->a.url))
			continue;
		it->known = fo ? ak_pages_find(fo->known, it->a.url) : NULL;
		if (!to_fetch(it, fo && fo->fetch, &cond))
			continue;
		reqs[n].url = it->a.url;
		reqs[n].etag = cond ? cond->etag : NULL;
		reqs[n].last_modified = cond ? cond->last_modified : NULL;
		reqs[n].user = it;
		it->fetching = 1;
		n++;
	}
	memset(&fopts, 0, sizeof(fopts));
	fopts.per_host = AK_FETCH_PER_HOST;
	fopts.timeout_ms = fo && fo->timeout_ms ? fo->timeout_ms :
	    ak_fulltext_timeout();
	fopts.connect_timeout_ms = fopts.timeout_ms;
	fopts.cancel = fo ? fo->cancel : NULL;
	if (n) {
		rc = ak_fetch_many(reqs, n, &fopts, page_done, &its, err);
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
	/* a page never reported (libcurl failed) changes nothing */
	for (i = 0; i < its.n; i++)
		if (its.v[i].fetching && its.v[i].known && its.v[i].known->ok)
			drop_body(&its.v[i].a);
	for (i = 0; i < its.n && rc == AK_OK; i++)
		rc = emit(&its.v[i], sink, fo);
out:
	for (i = 0; i < its.n; i++)
		item_release(&its.v[i]);
	free(its.v);
	free(reqs);
	return rc;
}
