/*
 * The importer (import.h): a stream of inputs through parsing threads
 * and one storing thread.  Decoding is decode.c's, parsing parse_text.c's
 * and parse_feed.c's, identity ident.c's, storage the cache's, linking
 * link.c's; this file moves inputs between them and keeps the promises:
 * inputs land in order, each whole or not at all, in large transactions.
 *
 * Threads.  The caller queues inputs (files, or what a fetch gave).
 * Parsing threads take them, parse them into articles and compute all
 * that needs no cache: identity, search columns, related-story terms.
 * The storing thread takes parsed inputs in queue order (a parsed input
 * waits for those before it), stores each, and at the end of a batch
 * links the batch's articles, writes their search rows, commits, and
 * reports each input.
 * Both queues are bounded (inputs, and articles parsed but not stored),
 * so memory does not grow with the number of inputs.
 */
#include "config.h"

#include "akhbar/import.h"

#include <errno.h>
#include <malloc.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/extract.h"
#include "akhbar/fetch.h"
#include "akhbar/fulltext.h"
#include "akhbar/ident.h"
#include "akhbar/link.h"
#include "akhbar/paths.h"
#include "akhbar/search.h"
#include "akhbar/text.h"
#include "akhbar/xml.h"

/* Articles parsed and waiting to be stored, at most (a feed of more
 * still passes, alone).  150, not 250: as fast, and 2 MiB less. */
#define MAX_PARSED_ARTICLES 150

/*
 * Bytes of input being parsed at once, at most (unless one input alone is
 * more).  Parsing a feed holds several copies of it (read, made valid,
 * libxml2's buffer and tree): 2 feeds of 5 MB parsed together were
 * 60 MB of a 140 MB peak.  2 MiB, not 4: the corpus feeds (1.4 MB) are
 * then parsed one at a time, their articles analysed on both threads,
 * and parsing still waits for the storer most of the time.
 */
#define PARSE_BUDGET (2u << 20)

/*
 * Bytes of fetched feeds and pages waiting to be parsed, at most (one
 * more feed always gets in): `akhbar update` hands over each feed as it
 * arrives, and the queue of 64 inputs held all 59 feeds of 10,000 items
 * (42 MB) while the first were parsed.  At 16 MiB the update of those
 * feeds peaked at 95-99 MiB, at 4 MiB at 87 MiB, in the same time.  2
 * MiB: with PARSE_BUDGET's 2, the update of 100,000 feed items went from
 * 108 to 99-101 MiB, not slower (and to 93 with AK_CACHE_BULK_MIB's 10).
 */
#define QUEUE_BYTES (2u << 20)

enum input_kind { IN_FILE, IN_FETCHED };

/* One article parsed, with what storing it needs. */
struct prep {
	struct ak_article a;
	struct ak_ident id;
	char *cols[AK_FTS_COLS];	/* NULL in a dry run */
	struct ak_link_tf *terms;	/* for linking, as ids */
	size_t nterms;
	struct ak_page *page;		/* its web page, to record */
};

/* One input, from the queue to its report. */
struct unit {
	size_t seq;
	enum input_kind kind;
	char *name;
	char *url;			/* fetched: the page's URL */
	char *body;
	size_t len;
	char *charset_hint;
	char *etag, *last_modified;
	char *fetch_error;
	char *feed_title;		/* the feed's own, when it is one */
	int not_modified, feed, full_text;
	struct ak_article *item;	/* the body is this article's page */
	size_t size;			/* of the input, for the parse budget */

	int rc;
	struct ak_error err;
	const char *kind_name, *charset;
	struct prep *arts;
	size_t narts;
	char **warnings;
	size_t nwarnings;

	/* analysis: articles handed out, and done (any parser) */
	size_t an_next, an_done;

	int added, updated, unchanged;
	struct ak_import_note *notes;
	size_t nnotes;
	int64_t feed_id;
	struct unit *next;
};

/* An article of the batch, waiting to be indexed and linked. */
struct pending {
	int64_t id;
	long days;
	struct ak_link_tf *terms;	/* owned */
	size_t nterms;
	char *cols[AK_FTS_COLS];	/* owned; NULL once written */
	int replace;		/* an update: its old search row goes */
};

/*
 * Search rows are written in phases, not one with each article: FTS5
 * writes what it holds in memory to disk at every statement that may
 * need undoing (an INSERT with a trigger, say), so rows interleaved with
 * other writes became one tiny index segment each (15% of an import in
 * merging them).  A phase starts when this many bytes wait, and at the
 * end of a batch.
 */
#define FTS_PHASE_BYTES (8u << 20)
/*
 * A phase starts with this many bytes waiting, too, when the storer
 * would otherwise wait for the parsers: the storer's wait fell from 1.5
 * to 1.0 s of a 10,000-item import, the import took 3% less time (6% at
 * 30,000 items) and held less at its peak (1 MiB: as fast, more
 * segments).
 */
#define FTS_IDLE_BYTES (2u << 20)

struct ak_importer {
	struct ak_cache *c;
	struct ak_import_opts o;
	pthread_mutex_t mu;
	pthread_cond_t cv;		/* any change of the queues */
	/* inputs to parse */
	struct unit *in[AK_IMPORT_QUEUE];
	size_t in_head, in_n;
	size_t in_bytes;		/* fetched bodies in the queue */
	size_t next_seq;		/* given to the next input queued */
	int closed;			/* no more inputs */
	/* parsed, their articles being analysed (a list, by seq) */
	struct unit *analysing;
	/* parsed, waiting for the storer (a list, any order) */
	struct unit *parsed;
	size_t parsed_articles;
	size_t nparsed;
	size_t parsing;			/* bytes of the inputs being parsed */
	size_t next_store;		/* the seq the storer waits for */
	pthread_t *parsers;
	int nparsers;
	pthread_t storer;
	int stop_rc;			/* the storer's last batch error */
	struct ak_error stop_err;
	size_t batch;			/* articles a transaction, at most */
	/* AKHBAR_IMPORT_TIMING: seconds spent in each step (storer) */
	int timing;
	double t_put, t_fts, t_link, t_link_store, t_commit, t_wait;
	double t_parse;			/* parsers' CPU, all together */
	double t_pwait;			/* parsers' waits (wall) */
};

/* The storer's CPU time (what its steps cost, whatever else runs). */
static double
now_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* Wall time: what the storer waits for the parsers. */
static double
mono_s(void)
{
	struct timespec t;

	clock_gettime(CLOCK_MONOTONIC, &t);
	return (double)t.tv_sec + (double)t.tv_nsec / 1e9;
}

/* ---------------------------------------------------------------- units */

static void
prep_release(struct prep *p)
{
	ak_article_release(&p->a);
	ak_ident_release(&p->id);
	ak_search_columns_free(p->cols);
	free(p->terms);
	p->terms = NULL;
	if (p->page)
		ak_page_release(p->page);
	free(p->page);
	p->page = NULL;
}

static void
unit_free(struct unit *u)
{
	size_t i;

	if (!u)
		return;
	free(u->name);
	free(u->url);
	free(u->body);
	free(u->charset_hint);
	free(u->etag);
	free(u->last_modified);
	free(u->fetch_error);
	free(u->feed_title);
	if (u->item)
		ak_article_release(u->item);
	free(u->item);
	for (i = 0; i < u->narts; i++)
		prep_release(&u->arts[i]);
	free(u->arts);
	for (i = 0; i < u->nwarnings; i++)
		free(u->warnings[i]);
	free(u->warnings);
	for (i = 0; i < u->nnotes; i++)
		free(u->notes[i].title);
	free(u->notes);
	free(u);
}

/* ---------------------------------------------------------------- parse */

static void
copy_article(struct ak_article *d, const struct ak_article *s)
{
	size_t i;

	ak_article_init(d);
	d->guid = ak_xstrdup0(s->guid);
	d->url = ak_xstrdup0(s->url);
	d->title = ak_xstrdup0(s->title);
	d->subtitle = ak_xstrdup0(s->subtitle);
	d->publisher = ak_xstrdup0(s->publisher);
	d->section = ak_xstrdup0(s->section);
	d->byline = ak_xstrdup0(s->byline);
	d->dateline = ak_xstrdup0(s->dateline);
	d->published = ak_xstrdup0(s->published);
	d->date_raw = ak_xstrdup0(s->date_raw);
	d->source = ak_xstrdup0(s->source);
	d->lang = ak_xstrdup0(s->lang);
	for (i = 0; i < s->nblocks; i++) {
		const struct ak_block *b = &s->blocks[i];

		ak_article_add_block(d, b->kind, b->text ? b->text : "",
		    b->text ? strlen(b->text) : 0, b->credit);
	}
	for (i = 0; i < s->nrefs; i++) {
		struct ak_ref *r = ak_article_add_ref(d);

		r->title = ak_xstrdup0(s->refs[i].title);
		r->section = ak_xstrdup0(s->refs[i].section);
		r->caption = ak_xstrdup0(s->refs[i].caption);
		r->summary = ak_xstrdup0(s->refs[i].summary);
		r->byline = ak_xstrdup0(s->refs[i].byline);
	}
}

struct parser {
	struct ak_importer *imp;
	struct ak_stemmer *st;
	struct unit *u;
	size_t cap;
	struct ak_page *page;	/* of the article the sink gets next */
};

static void
on_warning(void *ctx, const char *msg)
{
	struct parser *p = ctx;
	struct unit *u = p->u;

	u->warnings = ak_xreallocarray(u->warnings, u->nwarnings + 1,
	    sizeof(*u->warnings));
	u->warnings[u->nwarnings++] = ak_xstrdup(msg);
}

static void
on_title(void *ctx, const char *title)
{
	struct parser *p = ctx;

	if (!p->u->feed_title)
		p->u->feed_title = ak_xstrdup(title);
}

static int
on_article(void *ctx, const struct ak_article *a)
{
	struct parser *p = ctx;
	struct unit *u = p->u;
	struct prep *x;

	if (u->narts == p->cap) {
		p->cap = p->cap ? p->cap * 2 : 4;
		u->arts = ak_xreallocarray(u->arts, p->cap, sizeof(*u->arts));
	}
	x = &u->arts[u->narts];
	memset(x, 0, sizeof(*x));
	copy_article(&x->a, a);
	if (p->page && a->url && !strcmp(p->page->url, a->url)) {
		x->page = p->page;
		p->page = NULL;
	}
	u->narts++;
	return AK_OK;
}

/*
 * What storing an article needs besides the article: its identity, its
 * search row and its terms.  This is most of the parsing time, and is
 * done a few articles at a time by whichever parser is free, so that a
 * large feed is not one thread's work while the storer waits for it.
 */
static void
analyse(struct parser *p, struct prep *x)
{
	ak_ident_of(&x->a, &x->id);
	if (p->imp->o.dry_run)
		return;
	ak_search_columns(p->st, &x->a, x->cols);
	/* the stop words were loaded when the import started */
	x->terms = ak_link_tf(p->st, &x->a, &x->nterms, NULL);
}

int
ak_import_is_feed(const char *data, size_t len)
{
	size_t i = 0;

	if (!data)
		return 0;
	if (len >= 3 && memcmp(data, "\xEF\xBB\xBF", 3) == 0)
		i = 3;
	while (i < len && (data[i] == ' ' || data[i] == '\t' ||
	    data[i] == '\r' || data[i] == '\n'))
		i++;
	if (i >= len || data[i] != '<')
		return 0;
	/* an XML document: look for the root within the first few KB */
	len = len - i > 4096 ? i + 4096 : len;
	for (; i + 5 < len; i++) {
		if (data[i] != '<')
			continue;
		if (strncmp(data + i, "<rss", 4) == 0 ||
		    strncmp(data + i, "<feed", 5) == 0 ||
		    strncmp(data + i, "<rdf:RDF", 8) == 0)
			return 1;
	}
	return 0;
}

/* A page's state, for the article the sink gets next (fulltext.h). */
static void
on_page(void *ctx, const struct ak_page *pg)
{
	struct parser *p = ctx;

	if (p->page)
		ak_page_release(p->page);
	else
		p->page = ak_xcalloc(1, sizeof(*p->page));
	p->page->url = ak_xstrdup0(pg->url);
	p->page->etag = ak_xstrdup0(pg->etag);
	p->page->last_modified = ak_xstrdup0(pg->last_modified);
	memcpy(p->page->item_hash, pg->item_hash, sizeof(pg->item_hash));
	p->page->ok = pg->ok;
	p->page->retry = pg->retry;
	p->page->error = ak_xstrdup0(pg->error);
	if (!p->page->url) {
		free(p->page);
		p->page = NULL;
	}
}

/* u is the page of a stored article: that article with its full text. */
static int
parse_page(struct parser *p, struct unit *u, const struct ak_sink *sink)
{
	struct ak_full_text_opts fo;
	struct ak_fetch_result res;
	struct ak_error ferr = { 0, "" };
	int rc = AK_OK;

	memset(&fo, 0, sizeof(fo));
	fo.fetch = 1;
	fo.page = on_page;
	fo.ctx = p;
	memset(&res, 0, sizeof(res));
	if (u->fetch_error) {
		rc = ak_error_set(&ferr, AK_ENET, "%s", u->fetch_error);
	} else {
		res.not_modified = u->not_modified;
		res.body = u->body ? u->body : ak_xstrdup("");
		res.len = u->body ? u->len : 0;
		res.charset = ak_xstrdup0(u->charset_hint);
		res.final_url = ak_xstrdup0(u->url);
		res.etag = ak_xstrdup0(u->etag);
		res.last_modified = ak_xstrdup0(u->last_modified);
		u->body = NULL;
		u->len = 0;
	}
	u->kind_name = "html";
	u->charset = "UTF-8";
	return ak_fulltext_item(u->item, u->name, rc, &res, &ferr,
	    ak_pages_find(p->imp->o.pages, u->name), sink, &fo);
}

/* Parse u's bytes into articles (u->arts), or set u->rc. */
static void
parse_unit(struct parser *p, struct unit *u)
{
	static const struct ak_caps default_caps = {
		AK_CAP_ARTICLE, AK_CAP_PARAGRAPH
	};
	struct ak_sink store = { on_article, on_warning, p, on_title };
	struct ak_cap_sink sink;
	struct ak_parse_opts po = { p->imp->o.publisher, p->imp->o.sites,
		u->name };
	struct ak_decoded dec = { NULL, 0, NULL };
	struct ak_full_text_opts fo;
	int rc, feed, html;

	memset(&fo, 0, sizeof(fo));
	fo.page = on_page;
	fo.ctx = p;
	p->u = u;
	p->cap = 0;
	ak_cap_sink_init(&sink, p->imp->o.caps ? p->imp->o.caps :
	    &default_caps, &store);
	if (u->kind == IN_FILE) {
		rc = ak_read_file(u->name, &u->body, &u->len, &u->err);
		if (rc != AK_OK)
			goto out;
	} else if (u->item) {
		rc = parse_page(p, u, &sink.sink);
		goto out;
	} else if (u->fetch_error) {
		rc = ak_error_set(&u->err, AK_ENET, "%s", u->fetch_error);
		goto out;
	} else if (u->not_modified) {
		u->kind_name = "rss/atom";
		rc = AK_OK;
		goto out;
	}
	feed = ak_import_is_feed(u->body, u->len);
	html = !feed && ak_html_detect(u->body, u->len);
	u->kind_name = feed ? "rss/atom" : html ? "html" : "text";
	if (feed) {
		u->charset = "UTF-8";
		fo.fetch = u->full_text;
		fo.known = p->imp->o.pages;
		rc = u->full_text || ak_pages_count(fo.known) ?
		    ak_fulltext_feed(u->body, u->len, &po, &sink.sink, &fo,
		    &u->err) : ak_parse_feed(u->body, u->len, &po, &sink.sink,
		    &u->err);
	} else if (html) {
		u->charset = "UTF-8";
		rc = ak_extract_html(u->body, u->len, u->charset_hint, u->url,
		    &po, &sink.sink, &u->err);
	} else {
		rc = ak_decode(u->body, u->len, u->charset_hint, on_warning, p,
		    &dec, &u->err);
		if (rc != AK_OK)
			goto out;
		u->charset = dec.charset;
		rc = ak_parse_text(dec.text, dec.len, &po, &sink.sink, &u->err);
	}
	if (rc == AK_OK && u->narts == 0)
		rc = ak_error_set(&u->err, AK_EPARSE, "no article found");
out:
	if (rc != AK_OK) {
		size_t i;

		for (i = 0; i < u->narts; i++)
			prep_release(&u->arts[i]);
		u->narts = 0;
		if (strncmp(u->err.msg, u->name, strlen(u->name)) != 0)
			ak_error_prefix(&u->err, "%s", u->name);
	}
	u->rc = rc;
	if (p->page) {
		ak_page_release(p->page);
		free(p->page);
		p->page = NULL;
	}
	free(dec.text);
	free(u->body);
	u->body = NULL;
	u->len = 0;
}

/* Articles handed out to a parser at once for analysis. */
#define ANALYSE_CHUNK 8

/* The first unit with articles left to hand out, or NULL. */
static struct unit *
analysis_due(struct ak_importer *imp)
{
	struct unit *u;

	for (u = imp->analysing; u; u = u->next)
		if (u->an_next < u->narts)
			return u;
	return NULL;
}

/* u is parsed: its articles wait for analysis (in seq order). */
static void
queue_analysis(struct ak_importer *imp, struct unit *u)
{
	struct unit **pp = &imp->analysing;

	while (*pp && (*pp)->seq < u->seq)
		pp = &(*pp)->next;
	u->next = *pp;
	*pp = u;
}

/* u is ready for the storer. */
static void
queue_parsed(struct ak_importer *imp, struct unit *u)
{
	u->next = imp->parsed;
	imp->parsed = u;
	imp->nparsed++;
}

static void
analysis_done(struct ak_importer *imp, struct unit *u, size_t n)
{
	struct unit **pp;

	u->an_done += n;
	if (u->an_done < u->narts)
		return;
	for (pp = &imp->analysing; *pp != u; pp = &(*pp)->next)
		;
	*pp = u->next;
	queue_parsed(imp, u);
}

/* May a parser start on the next input? */
static int
may_parse(const struct ak_importer *imp)
{
	const struct unit *u;

	if (imp->in_n == 0)
		return 0;
	u = imp->in[imp->in_head];
	/* the input the storer waits for goes whatever the queue holds */
	if (imp->parsed_articles >= MAX_PARSED_ARTICLES && imp->nparsed +
	    (imp->analysing != NULL) > 0 && u->seq != imp->next_store)
		return 0;
	return imp->parsing == 0 || imp->parsing + u->size <= PARSE_BUDGET;
}

static void *
parse_main(void *arg)
{
	struct ak_importer *imp = arg;
	struct parser p;
	struct unit *u;

	memset(&p, 0, sizeof(p));
	p.imp = imp;
	p.st = ak_stemmer_new();
	pthread_mutex_lock(&imp->mu);
	for (;;) {
		if ((u = analysis_due(imp)) != NULL) {
			/* the oldest parsed input first: the storer needs it */
			size_t i = u->an_next, n = u->narts - i, k;

			if (n > ANALYSE_CHUNK)
				n = ANALYSE_CHUNK;
			u->an_next += n;
			pthread_mutex_unlock(&imp->mu);
			for (k = 0; k < n; k++)
				analyse(&p, &u->arts[i + k]);
			pthread_mutex_lock(&imp->mu);
			analysis_done(imp, u, n);
			pthread_cond_broadcast(&imp->cv);
		} else if (may_parse(imp)) {
			u = imp->in[imp->in_head];
			imp->in_head = (imp->in_head + 1) % AK_IMPORT_QUEUE;
			imp->in_n--;
			if (u->kind == IN_FETCHED)
				imp->in_bytes -= u->len;
			imp->parsing += u->size;
			pthread_cond_broadcast(&imp->cv);
			pthread_mutex_unlock(&imp->mu);

			parse_unit(&p, u);

			pthread_mutex_lock(&imp->mu);
			imp->parsing -= u->size;
			imp->parsed_articles += u->narts;
			if (u->narts > 0)
				queue_analysis(imp, u);
			else
				queue_parsed(imp, u);
			pthread_cond_broadcast(&imp->cv);
		} else if (imp->in_n == 0 && imp->closed && imp->parsing == 0) {
			break;
		} else {
			double w0 = mono_s();

			pthread_cond_wait(&imp->cv, &imp->mu);
			imp->t_pwait += mono_s() - w0;
		}
	}
	{
		struct timespec t;

		clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
		imp->t_parse += (double)t.tv_sec + (double)t.tv_nsec / 1e9;
	}
	pthread_mutex_unlock(&imp->mu);
	ak_stemmer_free(p.st);
	return NULL;
}

/* ---------------------------------------------------------------- store */

struct batch {
	struct unit **units;
	size_t nunits, capunits;
	size_t narticles;
	struct pending *pend;
	size_t npend, cappend;
	size_t fts_bytes;		/* of search rows waiting */
	struct timespec start;
	int open;			/* a transaction is open */
	int failed;			/* a store failed (its code): roll back */
	struct ak_error err;
};

static long
ms_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (now.tv_sec - t->tv_sec) * 1000 +
	    (now.tv_nsec - t->tv_nsec) / 1000000;
}

static void
add_note(struct unit *u, const struct ak_put_info *info, const char *title)
{
	struct ak_import_note *n;

	u->notes = ak_xreallocarray(u->notes, u->nnotes + 1,
	    sizeof(*u->notes));
	n = &u->notes[u->nnotes++];
	n->result = info->result;
	n->id = info->id;
	n->other = info->other;
	n->similarity = info->similarity;
	n->why = info->why;
	n->alias = info->alias;
	n->title = ak_xstrdup(title ? title : "");
}

/* Queue article id for indexing and linking (again, if the batch has it
 * already: its newest version wins). */
static void
pend(struct batch *b, int64_t id, long days, struct ak_link_tf *terms,
	size_t nterms, char *cols[AK_FTS_COLS], int replace)
{
	struct pending *x = NULL;
	size_t i;
	int k;

	for (i = b->npend; i > 0 && !x; i--)
		if (b->pend[i - 1].id == id)
			x = &b->pend[i - 1];
	if (x) {
		free(x->terms);
		ak_search_columns_free(x->cols);
		replace = 1;
	} else {
		if (b->npend == b->cappend) {
			b->cappend = b->cappend ? b->cappend * 2 : 256;
			b->pend = ak_xreallocarray(b->pend, b->cappend,
			    sizeof(*b->pend));
		}
		x = &b->pend[b->npend++];
	}
	x->id = id;
	x->days = days;
	x->terms = terms;
	x->nterms = nterms;
	x->replace = replace;
	for (k = 0; k < AK_FTS_COLS; k++) {
		x->cols[k] = cols[k];
		b->fts_bytes += cols[k] ? strlen(cols[k]) : 0;
		cols[k] = NULL;
	}
}

/* Write the search rows waiting (see FTS_PHASE_BYTES). */
static int
fts_phase(struct ak_importer *imp, struct batch *b, struct ak_error *err)
{
	double t0 = now_s();
	size_t i, n = 0;
	int rc = AK_OK;

	for (i = 0; i < b->npend && rc == AK_OK; i++) {
		struct pending *x = &b->pend[i];

		if (!x->cols[0])
			continue;
		rc = ak_cache_fts_put(imp->c, x->id,
		    (const char *const *)x->cols, err);
		ak_search_columns_free(x->cols);
		n++;
	}
	/* into the index now, not at the next write: at the end of a
	 * batch that is the linking, the peak of memory */
	if (rc == AK_OK && n > 0)
		rc = ak_cache_fts_flush(imp->c, err);
	b->fts_bytes = 0;
	imp->t_fts += now_s() - t0;
	return rc;
}

/* Store one article of u. */
static int
store_article(struct ak_importer *imp, struct batch *b, struct unit *u,
	struct prep *x, struct ak_error *err)
{
	struct ak_put_info info;
	struct ak_article merged;
	char *cols[AK_FTS_COLS];
	int rc;
	double t0 = now_s();

	ak_article_init(&merged);
	rc = ak_cache_put(imp->c, &x->a, &x->id, &info, &merged, err);
	imp->t_put += now_s() - t0;
	if (rc != AK_OK)
		goto out;
	switch (info.result) {
	case AK_PUT_ADDED:
		u->added++;
		if (info.other)
			add_note(u, &info, x->a.title);
		break;
	case AK_PUT_UPDATED:
		u->updated++;
		add_note(u, &info, merged.title);
		break;
	case AK_PUT_UNCHANGED:
		u->unchanged++;
		if (info.alias)
			add_note(u, &info, x->a.title);
		break;
	}
	if (u->feed_id) {
		rc = ak_cache_article_feed(imp->c, info.id, u->feed_id, err);
		if (rc != AK_OK)
			goto out;
	}
	if (x->page) {
		rc = ak_cache_page_put(imp->c, info.id, x->page, err);
		if (rc != AK_OK)
			goto out;
	}
	if (imp->o.dry_run || info.result == AK_PUT_UNCHANGED)
		goto out;
	if (info.result == AK_PUT_ADDED) {
		pend(b, info.id, x->id.days, x->terms, x->nterms, x->cols, 0);
		x->terms = NULL;
		goto out;
	}
	/* an update: index and link what is now stored */
	rc = ak_cache_unlink(imp->c, info.id, err);
	if (rc == AK_OK) {
		struct ak_ident mid;
		struct ak_link_tf *tf;
		size_t ntf;

		tf = ak_link_tf(NULL, &merged, &ntf, err);
		if (!tf) {
			rc = AK_EIO;
			goto out;
		}
		ak_ident_of(&merged, &mid);
		ak_search_columns(NULL, &merged, cols);
		pend(b, info.id, mid.days, tf, ntf, cols, 1);
		ak_ident_release(&mid);
	}
out:
	ak_article_release(&merged);
	return rc;
}

/*
 * Store the articles of u.  No savepoint: an input that cannot be
 * parsed never reaches the cache, and what can fail here (a full disk)
 * fails the whole batch, which is rolled back.  (A savepoint per input
 * also made every statement a savepoint of FTS5's, see FTS_PHASE_BYTES.)
 */
static int
store_unit(struct ak_importer *imp, struct batch *b, struct unit *u)
{
	size_t i;
	int rc;

	if (u->kind == IN_FETCHED && u->feed) {
		/* the feed's outcome, failed or not, is recorded; its error
		 * without the URL in front, which the feed's row has */
		const char *why = u->err.msg;
		size_t nl = strlen(u->name);

		if (strncmp(why, u->name, nl) == 0 && why[nl] == ':' &&
		    why[nl + 1] == ' ')
			why += nl + 2;
		rc = ak_cache_feed_fetched(imp->c, u->name, u->rc != AK_OK ?
		    "error" : u->not_modified ? "not-modified" : "ok",
		    u->feed_title, u->etag, u->last_modified, why,
		    &u->feed_id, &u->err);
		if (rc != AK_OK)
			return rc;
	}
	if (u->rc != AK_OK)
		return u->rc;
	for (i = 0; i < u->narts; i++) {
		rc = store_article(imp, b, u, &u->arts[i], &u->err);
		if (rc != AK_OK)
			return rc;
		b->narticles++;
		/* what the report does not need goes now */
		if (!imp->o.dry_run)
			prep_release(&u->arts[i]);
	}
	if (!imp->o.dry_run)
		u->narts = 0;
	if (!u->not_modified) {
		rc = ak_cache_log_import(imp->c, u->name, u->added, u->updated,
		    u->unchanged, &u->err);
		if (rc != AK_OK)
			return rc;
	}
	if (b->fts_bytes >= FTS_PHASE_BYTES)
		return fts_phase(imp, b, &u->err);
	return AK_OK;
}

static void
report(struct ak_importer *imp, struct unit *u, int more)
{
	struct ak_import_report r;
	struct ak_article *arts = NULL;
	size_t i;

	memset(&r, 0, sizeof(r));
	r.more = more;
	r.name = u->name;
	r.rc = u->rc;
	r.error = u->rc != AK_OK ? u->err.msg : NULL;
	r.kind = u->kind_name;
	r.charset = u->charset;
	r.added = u->added;
	r.updated = u->updated;
	r.unchanged = u->unchanged;
	r.not_modified = u->not_modified && u->rc == AK_OK;
	r.warnings = (const char *const *)u->warnings;
	r.nwarnings = u->nwarnings;
	r.notes = u->notes;
	r.nnotes = u->nnotes;
	r.feed_id = u->feed_id;
	if (imp->o.dry_run && u->narts) {
		arts = ak_xmalloc(u->narts * sizeof(*arts));
		for (i = 0; i < u->narts; i++)
			arts[i] = u->arts[i].a;
		r.articles = arts;
		r.narticles = u->narts;
	}
	if (imp->o.done)
		imp->o.done(imp->o.ctx, &r);
	free(arts);
}

/* Link the batch, commit it and report its inputs. */
static int
flush(struct ak_importer *imp, struct batch *b, int last)
{
	struct ak_link_source src;
	struct ak_link_result lr;
	struct ak_link_doc *docs;
	struct ak_error err = { 0, "" };
	size_t i;
	int rc = AK_OK;

	if (b->open && b->failed) {
		ak_cache_rollback(imp->c);
		b->open = 0;
		rc = b->failed;		/* why: a full disk, a lock... */
		b->failed = 0;
		err = b->err;
	} else if (b->open && !imp->o.dry_run) {
		double t0;

		/* the search rows first: their columns are freed before the
		 * linking, whose memory is the import's peak (5 MiB of
		 * columns at 100,000 articles) */
		rc = fts_phase(imp, b, &err);
		memset(&lr, 0, sizeof(lr));
		docs = ak_xcalloc(b->npend + 1, sizeof(*docs));
		for (i = 0; i < b->npend; i++) {
			docs[i].id = b->pend[i].id;
			docs[i].days = b->pend[i].days;
			docs[i].tf = b->pend[i].terms;
			docs[i].ntf = b->pend[i].nterms;
		}
		t0 = now_s();
		ak_cache_link_source(imp->c, &src);
		if (rc == AK_OK)
			rc = ak_link_batch(docs, b->npend, &src, &lr, &err);
		imp->t_link += now_s() - t0;
		t0 = now_s();
		if (rc == AK_OK)
			rc = ak_cache_link_store(imp->c, &lr, &err);
		imp->t_link_store += now_s() - t0;
		ak_link_result_release(&lr);
		free(docs);
		t0 = now_s();
		if (rc == AK_OK)
			rc = ak_cache_commit(imp->c, &err);
		else
			ak_cache_rollback(imp->c);
		imp->t_commit += now_s() - t0;
		b->open = 0;
	} else if (b->open && last) {
		ak_cache_rollback(imp->c);	/* a dry run keeps nothing */
		b->open = 0;
	}
	if (rc != AK_OK) {
		imp->stop_rc = rc;
		imp->stop_err = err;
	}
	for (i = 0; i < b->nunits; i++) {
		struct unit *u = b->units[i];

		if (rc != AK_OK && u->rc == AK_OK) {
			u->rc = rc;
			u->err = err;
			u->added = u->updated = u->unchanged = 0;
			u->nnotes = 0;
		}
		report(imp, u, i + 1 < b->nunits);
		unit_free(u);
	}
	for (i = 0; i < b->npend; i++) {
		free(b->pend[i].terms);
		ak_search_columns_free(b->pend[i].cols);
	}
	b->npend = 0;
	b->fts_bytes = 0;
	b->nunits = 0;
	b->narticles = 0;
	return rc;
}

/* Is the input the storer needs next parsed? */
static int
next_ready(struct ak_importer *imp)
{
	const struct unit *u;

	pthread_mutex_lock(&imp->mu);
	for (u = imp->parsed; u && u->seq != imp->next_store; u = u->next)
		;
	pthread_mutex_unlock(&imp->mu);
	return u != NULL;
}

/*
 * The next parsed input in order, or NULL at the end.  With deadline
 * (the open batch's), NULL with *late set once it has passed: the batch
 * is committed and reported while a slow input (a feed still being
 * fetched, a pipe) holds the next ones back.
 */
static struct unit *
next_parsed(struct ak_importer *imp, const struct timespec *deadline,
	int *late)
{
	struct unit **pp, *u = NULL;

	*late = 0;
	pthread_mutex_lock(&imp->mu);
	for (;;) {
		for (pp = &imp->parsed; *pp; pp = &(*pp)->next)
			if ((*pp)->seq == imp->next_store)
				break;
		if (*pp) {
			u = *pp;
			*pp = u->next;
			u->next = NULL;
			imp->nparsed--;
			imp->parsed_articles -= u->narts;
			imp->next_store++;
			pthread_cond_broadcast(&imp->cv);
			break;
		}
		if (imp->closed && imp->next_store == imp->next_seq)
			break;
		if (deadline) {
			if (pthread_cond_timedwait(&imp->cv, &imp->mu,
			    deadline) == ETIMEDOUT) {
				*late = 1;
				break;
			}
		} else {
			pthread_cond_wait(&imp->cv, &imp->mu);
		}
	}
	pthread_mutex_unlock(&imp->mu);
	return u;
}

/*
 * The first batch's size.  A batch is linked with the document
 * frequencies of the cache and the batch together; into a cache with
 * fewer linked articles than a batch, the first batch's are nearly all
 * there is, and the fewer articles they count, the further each
 * article's strongest terms are from those the whole import would give.
 * Such a first batch may hold half as many articles again: on 5,000
 * corpus articles into an empty cache, the top 5 found that exact cosine
 * over all of them also finds went from 94.1% to 95.3% (related_quality_
 * bench; 96.4% with twice as many, but that first batch was the peak of
 * memory of an update of 100,000 feed items: 100.8 MiB).
 */
static size_t
first_batch(struct ak_importer *imp)
{
	struct ak_link_source src;
	int64_t ndocs = 0;

	if (imp->o.dry_run)
		return imp->batch;
	ak_cache_link_source(imp->c, &src);
	if (src.df(src.ctx, NULL, 0, NULL, &ndocs, NULL) != AK_OK)
		return imp->batch;
	return (size_t)ndocs < imp->batch ? imp->batch + imp->batch / 2 :
	    imp->batch;
}

static void *
store_main(void *arg)
{
	struct ak_importer *imp = arg;
	struct batch b;
	struct unit *u;
	size_t limit = first_batch(imp);

	memset(&b, 0, sizeof(b));
	for (;;) {
		double t0;
		struct timespec deadline;
		int late;

		/*
		 * The next input is still being parsed (libxml2 parses a feed
		 * on one thread, and the other core waits with the storer):
		 * write the search rows waiting meanwhile.
		 */
		if (b.open && !b.failed && !imp->o.dry_run &&
		    b.fts_bytes >= FTS_IDLE_BYTES && !next_ready(imp)) {
			struct ak_error err = { 0, "" };
			int rc = fts_phase(imp, &b, &err);

			if (rc != AK_OK) {
				b.failed = rc;
				b.err = err;
			}
		}
		t0 = mono_s();

		if (b.open && !imp->o.dry_run) {
			/* the cond's clock: CLOCK_REALTIME */
			clock_gettime(CLOCK_REALTIME, &deadline);
			deadline.tv_sec += (AK_IMPORT_BATCH_MS -
			    ms_since(&b.start)) / 1000 + 1;
		}
		u = next_parsed(imp, b.open && !imp->o.dry_run ? &deadline :
		    NULL, &late);
		imp->t_wait += mono_s() - t0;
		if (late) {
			flush(imp, &b, 0);
			limit = imp->batch;
			continue;
		}
		if (!u)
			break;
		/* the disk is full: what follows would not fit either */
		if (imp->stop_rc == AK_EFULL && u->rc == AK_OK) {
			u->rc = AK_EFULL;
			u->err = imp->stop_err;
		}
		if (!b.open) {
			struct ak_error err = { 0, "" };
			int rc = ak_cache_begin(imp->c, &err);

			if (rc == AK_OK) {
				b.open = 1;
				clock_gettime(CLOCK_MONOTONIC, &b.start);
			} else if (u->rc == AK_OK) {
				u->rc = rc;
				u->err = err;
				ak_error_prefix(&u->err, "%s", u->name);
			}
		}
		if (b.open && !b.failed) {
			int parsed = u->rc == AK_OK;
			int rc = store_unit(imp, &b, u);

			if (parsed && rc != AK_OK) {
				/* storing failed: the batch goes */
				u->rc = rc;
				b.failed = rc;
				b.err = u->err;
			}
		}
		if (imp->o.dry_run) {
			/* nothing will be committed: the outcome is final */
			report(imp, u, 0);
			unit_free(u);
			continue;
		}
		if (b.nunits == b.capunits) {
			b.capunits = b.capunits ? b.capunits * 2 : 64;
			b.units = ak_xreallocarray(b.units, b.capunits,
			    sizeof(*b.units));
		}
		b.units[b.nunits++] = u;
		if (b.narticles >= limit ||
		    ms_since(&b.start) >= AK_IMPORT_BATCH_MS || !b.open) {
			flush(imp, &b, 0);
			limit = imp->batch;
		}
	}
	flush(imp, &b, 1);
	free(b.units);
	free(b.pend);
	return NULL;
}

/* ---------------------------------------------------------------- api */

static int
ncpu(void)
{
	long n = sysconf(_SC_NPROCESSORS_ONLN);

	return n < 1 ? 1 : n > 8 ? 8 : (int)n;
}

int
ak_importer_start(struct ak_cache *c, const struct ak_import_opts *o,
	struct ak_importer **out, struct ak_error *err)
{
	struct ak_importer *imp;
	const char *batch;
	int i, rc;

	/* what the threads share is loaded once, here */
	if (!o->dry_run) {
		rc = ak_link_load(err);
		if (rc != AK_OK)
			return rc;
	}
	ak_xml_load(NULL);
	/*
	 * Two malloc arenas for the three threads, not one per thread:
	 * articles are made on the parsing threads and freed on the storing
	 * one, and an arena per thread held 40% more memory at the peak (135
	 * MiB against 91 for 9,712 articles).  Not one either: the threads
	 * then queue for its lock (futex calls were 7% of an import's
	 * profile), and two made the same import 12% faster (9.2 to 8.0 s)
	 * for 5% more memory.
	 */
	mallopt(M_ARENA_MAX, 2);
	/*
	 * Large blocks (a feed's body, a batch's postings and vectors) from
	 * mmap, given back when freed: glibc's threshold otherwise grows with
	 * the largest block freed, and those blocks came from the heap and
	 * stayed there (peak 82.6 MiB against 77.9 on 10,000 feed items).
	 */
	mallopt(M_MMAP_THRESHOLD, 128 << 10);
	imp = ak_xcalloc(1, sizeof(*imp));
	imp->timing = getenv("AKHBAR_IMPORT_TIMING") != NULL;
	/* smaller transactions, for tests/crash.sh: many in one import */
	batch = getenv("AKHBAR_IMPORT_BATCH");
	imp->batch = batch && atol(batch) > 0 ? (size_t)atol(batch) :
	    AK_IMPORT_BATCH;
	imp->c = c;
	imp->o = *o;
	ak_cache_wait(c, AK_IMPORT_WAIT_MS);
	pthread_mutex_init(&imp->mu, NULL);
	pthread_cond_init(&imp->cv, NULL);
	ak_cache_bulk(c);
	imp->nparsers = o->threads > 0 ? o->threads : ncpu();
	imp->parsers = ak_xcalloc((size_t)imp->nparsers,
	    sizeof(*imp->parsers));
	for (i = 0; i < imp->nparsers; i++)
		if (pthread_create(&imp->parsers[i], NULL, parse_main, imp))
			abort();
	if (pthread_create(&imp->storer, NULL, store_main, imp))
		abort();
	*out = imp;
	return AK_OK;
}

static void
enqueue(struct ak_importer *imp, struct unit *u)
{
	pthread_mutex_lock(&imp->mu);
	/* fetched feeds are held in memory: so many bytes of them wait */
	while (imp->in_n == AK_IMPORT_QUEUE || (u->kind == IN_FETCHED &&
	    imp->in_bytes > 0 && imp->in_bytes + u->len > QUEUE_BYTES))
		pthread_cond_wait(&imp->cv, &imp->mu);
	if (u->kind == IN_FETCHED)
		imp->in_bytes += u->len;
	u->seq = imp->next_seq++;
	imp->in[(imp->in_head + imp->in_n) % AK_IMPORT_QUEUE] = u;
	imp->in_n++;
	pthread_cond_broadcast(&imp->cv);
	pthread_mutex_unlock(&imp->mu);
}

void
ak_importer_add_file(struct ak_importer *imp, const char *path)
{
	struct unit *u = ak_xcalloc(1, sizeof(*u));
	struct stat st;

	u->kind = IN_FILE;
	u->name = ak_xstrdup(path);
	if (stat(path, &st) == 0 && S_ISREG(st.st_mode))
		u->size = (size_t)st.st_size;
	enqueue(imp, u);
}

void
ak_importer_add_fetched(struct ak_importer *imp,
	const struct ak_import_fetched *f)
{
	struct unit *u = ak_xcalloc(1, sizeof(*u));

	u->kind = IN_FETCHED;
	u->name = ak_xstrdup(f->name);
	u->url = ak_xstrdup0(f->url ? f->url : f->name);
	u->body = f->body;
	u->len = f->len;
	u->size = f->len;
	u->charset_hint = ak_xstrdup0(f->charset);
	u->etag = ak_xstrdup0(f->etag);
	u->last_modified = ak_xstrdup0(f->last_modified);
	u->fetch_error = ak_xstrdup0(f->error);
	u->not_modified = f->not_modified;
	u->feed = f->feed;
	u->full_text = f->full_text;
	if (f->item) {
		u->item = ak_xmalloc(sizeof(*u->item));
		copy_article(u->item, f->item);
		u->item->id = f->item->id;
	}
	enqueue(imp, u);
}

int
ak_importer_finish(struct ak_importer *imp, struct ak_error *err)
{
	int i, rc;

	pthread_mutex_lock(&imp->mu);
	imp->closed = 1;
	pthread_cond_broadcast(&imp->cv);
	pthread_mutex_unlock(&imp->mu);
	for (i = 0; i < imp->nparsers; i++)
		pthread_join(imp->parsers[i], NULL);
	pthread_join(imp->storer, NULL);
	if (imp->timing)
		fprintf(stderr, "import timing (s): parse %.2f (cpu, %d "
		    "threads), store: wait %.2f (wall) put %.2f fts %.2f "
		    "link %.2f link-store %.2f commit %.2f; parsers wait "
		    "%.2f (wall)\n", imp->t_parse,
		    imp->nparsers, imp->t_wait, imp->t_put, imp->t_fts,
		    imp->t_link, imp->t_link_store, imp->t_commit, imp->t_pwait);
	rc = imp->stop_rc;
	if (rc != AK_OK && err)
		*err = imp->stop_err;
	pthread_mutex_destroy(&imp->mu);
	pthread_cond_destroy(&imp->cv);
	free(imp->parsers);
	free(imp);
	return rc;
}

int
ak_import_is_url(const char *s)
{
	return strncasecmp(s, "http://", 7) == 0 ||
	    strncasecmp(s, "https://", 8) == 0;
}
