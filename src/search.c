/*
 * Full-text search: the index rows of art_fts, the query language, the
 * ranked query and the snippets.
 *
 * art_fts has six columns: title, subtitle, body and byline hold the
 * terms of the article's words (folded, definite article stripped,
 * stemmed); title_w holds the title's folded, article-stripped surface
 * forms, which only prefix queries use (a stem is not always a prefix of
 * the word: «اميركي» stems to «اميرك»).  text_w, the same for the rest of
 * the text, holds since schema 9 only the words whose stem is not the
 * word less a letter or two at its end (surface_needed: one word in
 * ten): all of them were 60% of the index's cost (FTS5 time and size,
 * 10,000 corpus articles: 2.0 against 0.8 s, 87 against 45 MB).  For
 * the others, a prefix that is a stem and a letter or two the stemmer
 * strips («اميركي» → «اميرك») also looks for that stem as a prefix
 * (prefix_stem).  A phrase ending in a prefix is found through the
 * stems (text_w no longer holds whole phrases).  Caches filled before
 * keep their text_w rows, which still match.  The user's text never
 * reaches MATCH as syntax: it is cut into words here and each term is
 * quoted.  Snippets come from the stored original text, each word folded
 * and stemmed again to find the matches.  Folding and stemming are
 * text.c's; this module only decides what goes where.
 */
#include "config.h"

#include "akhbar/search.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/text.h"

#define STEM_COLS "{title subtitle body byline}"
#define WORD_COLS "{title_w text_w}"
#define DEFAULT_LIMIT 50
#define SNIPPET_WORDS 20
#define MAX_TERMS 32		/* marked terms (a bit mask each) */

/* ------------------------------------------------------------- terms */

static int
count_cps(const char *s, size_t len)
{
	size_t i = 0;
	int n = 0;
	unsigned cp;

	while (i < len) {
		i += (size_t)ak_utf8_next(s + i, len - i, &cp);
		n++;
	}
	return n;
}

/*
 * The definite article (and a conjunction or preposition glued to it)
 * at the start of a folded word: how many bytes to skip.  Kept only
 * when two letters or more remain, so «الله» and «ال» stay sane.
 */
static size_t
article_len(const char *w, size_t len)
{
	static const struct {
		const char *s;
		size_t n;
	} pre[] = {
		{ "\xd9\x88\xd8\xa7\xd9\x84", 6 },	/* وال */
		{ "\xd9\x81\xd8\xa7\xd9\x84", 6 },	/* فال */
		{ "\xd8\xa8\xd8\xa7\xd9\x84", 6 },	/* بال */
		{ "\xd9\x83\xd8\xa7\xd9\x84", 6 },	/* كال */
		{ "\xd9\x84\xd9\x84", 4 },		/* لل */
		{ "\xd8\xa7\xd9\x84", 4 },		/* ال */
	};
	size_t i, n;

	/* each starts with one of و ف ب ك ل ا (every word is asked: the
	 * first two bytes first) */
	if (len < 4 || (unsigned char)w[0] < 0xD8 ||
	    (unsigned char)w[0] > 0xD9)
		return 0;
	for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
		n = pre[i].n;
		if (len > n && w[1] == pre[i].s[1] && w[0] == pre[i].s[0] &&
		    memcmp(w, pre[i].s, n) == 0 &&
		    count_cps(w + n, len - n) >= 2)
			return n;
	}
	return 0;
}

/* Is the folded word w the definite article and nothing else? */
static int
article_only(const char *w, size_t len)
{
	static const char *const arts[] = {
		"\xd8\xa7\xd9\x84",		/* ال */
		"\xd9\x88\xd8\xa7\xd9\x84",	/* وال */
		"\xd9\x81\xd8\xa7\xd9\x84",	/* فال */
		"\xd8\xa8\xd8\xa7\xd9\x84",	/* بال */
		"\xd9\x83\xd8\xa7\xd9\x84",	/* كال */
		"\xd9\x84\xd9\x84",		/* لل */
	};
	size_t i;

	for (i = 0; i < sizeof(arts) / sizeof(arts[0]); i++)
		if (strlen(arts[i]) == len && memcmp(w, arts[i], len) == 0)
			return 1;
	return 0;
}

/* The term of one folded word: article stripped, then stemmed. */
static const char *
word_term(struct ak_stemmer *st, const char *w, size_t len, size_t *tlen)
{
	size_t k = article_len(w, len);

	return ak_stem(st, w + k, len - k, tlen);
}

/* ------------------------------------------------------------- index */

struct index_ctx {
	struct ak_stemmer *st;
	struct ak_buf *terms;	/* stems */
	struct ak_buf *words;	/* surface forms */
	int all;		/* every surface form, not only those needed */
};

/*
 * Does a prefix query need the surface form w (folded, article
 * stripped) to find the word?  Not when its stem t is w less at most two
 * final letters, three letters or more (or w itself): a prefix of w is
 * then a prefix of t, or t and a letter or two, which prefix_stem turns
 * back into t.
 * It does when the stemmer took letters off the front («فلسطيني» →
 * «لسط») or three or more off the end («ايراني» → «اير»): one word in
 * ten of the corpus.
 */
static int
surface_needed(const char *w, size_t wlen, const char *t, size_t tlen)
{
	if (tlen > wlen || memcmp(w, t, tlen) != 0)
		return 1;
	return tlen < wlen && (count_cps(w + tlen, wlen - tlen) > 2 ||
	    count_cps(t, tlen) < 3);
}

static void
index_word(void *ctx, const char *w, size_t len)
{
	struct index_ctx *x = ctx;
	size_t k = article_len(w, len), tlen;
	const char *t = ak_stem(x->st, w + k, len - k, &tlen);

	if (tlen > 0) {
		if (x->terms->len)
			ak_buf_addch(x->terms, ' ');
		ak_buf_add(x->terms, t, tlen);
	}
	if (x->words && (x->all || surface_needed(w + k, len - k, t,
	    tlen))) {
		if (x->words->len)
			ak_buf_addch(x->words, ' ');
		ak_buf_add(x->words, w + k, len - k);
	}
}

/* Fold s and append its terms to terms, its surface words to words
 * (all of them, or only those a prefix query needs). */
static void
index_text(struct ak_stemmer *st, const char *s, struct ak_buf *terms,
	struct ak_buf *words, int all)
{
	struct index_ctx x = { st, terms, words, all };
	size_t flen;
	char *f;

	if (!s || !*s)
		return;
	f = ak_text_fold_st(st, s, strlen(s), &flen);
	ak_text_words(f, flen, index_word, &x);
	free(f);
}

void
ak_search_columns(struct ak_stemmer *st, const struct ak_article *a,
	char *cols[6])
{
	struct ak_stemmer *own = st ? NULL : ak_stemmer_new();
	struct ak_buf b[AK_FTS_COLS];
	size_t i;
	int k;

	if (!st)
		st = own;
	for (k = 0; k < AK_FTS_COLS; k++)
		ak_buf_init(&b[k]);
	index_text(st, a->title, &b[0], &b[4], 1);
	index_text(st, a->subtitle, &b[1], &b[5], 0);
	/* the body: dateline, then every block (captions too), each folded
	 * alone (related stories fold the same blocks) */
	index_text(st, a->dateline, &b[2], &b[5], 0);
	for (i = 0; i < a->nblocks; i++)
		index_text(st, a->blocks[i].text, &b[2], &b[5], 0);
	index_text(st, a->byline, &b[3], &b[5], 0);
	for (k = 0; k < AK_FTS_COLS; k++) {
		size_t n;

		/* exact size: an import keeps thousands of these a while */
		cols[k] = ak_buf_detach(&b[k], &n);
		cols[k] = ak_xrealloc(cols[k], n + 1);
	}
	ak_stemmer_free(own);
}

void
ak_search_columns_free(char *cols[6])
{
	int k;

	for (k = 0; k < AK_FTS_COLS; k++) {
		free(cols[k]);
		cols[k] = NULL;
	}
}

int
ak_search_index(struct ak_cache *c, int64_t id, const struct ak_article *a,
	struct ak_error *err)
{
	char *cols[AK_FTS_COLS];
	int rc;

	ak_search_columns(NULL, a, cols);
	rc = ak_cache_fts_put(c, id, (const char *const *)cols, err);
	ak_search_columns_free(cols);
	return rc;
}

struct reindex {
	struct ak_cache *c;
	struct ak_stemmer *st;
	struct ak_error *err;
	long n;
};

static int
reindex_one(void *ctx, int64_t id)
{
	struct reindex *x = ctx;
	struct ak_article a;
	char *cols[AK_FTS_COLS];
	int rc;

	ak_article_init(&a);
	rc = ak_cache_get(x->c, id, &a, x->err);
	if (rc == AK_OK) {
		ak_search_columns(x->st, &a, cols);
		rc = ak_cache_fts_put(x->c, id, (const char *const *)cols,
		    x->err);
		ak_search_columns_free(cols);
		x->n++;
	}
	ak_article_release(&a);
	return rc;
}

int
ak_search_reindex(struct ak_cache *c, long *n, struct ak_error *err)
{
	struct reindex x = { c, NULL, err, 0 };
	int rc;

	if (n)
		*n = 0;
	rc = ak_cache_begin(c, err);
	if (rc != AK_OK)
		return rc;
	x.st = ak_stemmer_new();
	rc = ak_cache_fts_clear(c, err);
	if (rc == AK_OK)
		rc = ak_cache_each_id(c, reindex_one, &x, err);
	ak_stemmer_free(x.st);
	if (rc == AK_OK)
		rc = ak_cache_commit(c, err);
	if (rc != AK_OK) {
		ak_cache_rollback(c);
		return rc;
	}
	if (n)
		*n = x.n;
	return AK_OK;
}

/* ------------------------------------------------------------- query */

/*
 * A piece of the user's text for an error message: at most 40
 * characters, controls and invalid bytes as '?', never raw input.
 */
static void
quote_user(struct ak_buf *b, const char *s, size_t len)
{
	size_t i = 0;
	int n = 0, k;
	unsigned cp;

	while (i < len && n < 40) {
		k = ak_utf8_next(s + i, len - i, &cp);
		if (cp < 0x20 || (cp >= 0x7F && cp < 0xA0) || cp == 0xFFFD ||
		    (cp >= 0x200B && cp <= 0x200F) ||
		    (cp >= 0x202A && cp <= 0x202E) ||
		    (cp >= 0x2066 && cp <= 0x2069) || cp == 0x061C)
			ak_buf_addch(b, '?');
		else
			ak_buf_add(b, s + i, (size_t)k);
		i += (size_t)k;
		n++;
	}
	if (i < len)
		ak_buf_addstr(b, "\xe2\x80\xa6");
}

static int
query_error(struct ak_error *err, const char *what, const char *s,
	size_t len, const char *hint)
{
	struct ak_buf b = AK_BUF_INIT;
	int rc;

	quote_user(&b, s, len);
	rc = ak_error_set(err, AK_EINVAL, "%s '%s'%s%s", what, ak_buf_str(&b),
	    hint ? ": " : "", hint ? hint : "");
	ak_buf_release(&b);
	return rc;
}

static int
is_qspace(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' ||
	    c == '\f' || c == '\v';
}

struct words {
	char **w;		/* folded words */
	size_t n, cap;
};

static void
collect_word(void *ctx, const char *w, size_t len)
{
	struct words *ws = ctx;

	/*
	 * The definite article alone (ال, وال, لل, ...) is not a word to look
	 * for: stemmed, it is what is left of «إلى» (الي) and many others.
	 */
	if (article_only(w, len))
		return;

	if (ws->n == ws->cap) {
		ws->cap = ws->cap ? ws->cap * 2 : 8;
		ws->w = ak_xreallocarray(ws->w, ws->cap, sizeof(*ws->w));
	}
	ws->w[ws->n++] = ak_xstrndup(w, len);
}

static void
words_release(struct words *ws)
{
	size_t i;

	for (i = 0; i < ws->n; i++)
		free(ws->w[i]);
	free(ws->w);
	memset(ws, 0, sizeof(*ws));
}

static void
split_folded(const char *s, size_t len, struct words *ws)
{
	size_t flen;
	char *f = ak_text_fold(s, len, &flen);

	ak_text_words(f, flen, collect_word, ws);
	free(f);
}

/* Append s as an FTS5 string: in double quotes, quotes doubled. */
static void
add_quoted(struct ak_buf *b, const char *s, size_t len)
{
	size_t i;

	ak_buf_addch(b, '"');
	for (i = 0; i < len; i++) {
		if (s[i] == '"')
			ak_buf_addch(b, '"');
		ak_buf_addch(b, s[i]);
	}
	ak_buf_addch(b, '"');
}

/* stem: a prefix's prefix_stem, or NULL */
static void
add_term(struct ak_search_query *q, const char *s, size_t len, int prefix,
	const char *stem, size_t stemlen)
{
	size_t i;

	for (i = 0; i < q->nterms; i++)
		if (q->terms[i].prefix == prefix &&
		    strlen(q->terms[i].text) == len &&
		    memcmp(q->terms[i].text, s, len) == 0)
			return;
	q->terms = ak_xreallocarray(q->terms, q->nterms + 1,
	    sizeof(*q->terms));
	q->terms[q->nterms].text = ak_xstrndup(s, len);
	q->terms[q->nterms].prefix = prefix;
	q->terms[q->nterms].stem = stem ? ak_xstrndup(stem, stemlen) : NULL;
	q->nterms++;
}

/*
 * The stem of prefix p (folded, article stripped) when it is p less one
 * or two final letters and three letters or more remain («اميركي» →
 * «اميرك», «مستشفى» → «مستشف»), else NULL: a word whose stem starts with
 * it is one p would have found among the surface words that the index
 * no longer keeps (surface_needed).  A stem that is no prefix of p or a
 * short one would widen the search too far («سوري» → «سور», a wall).
 */
static const char *
prefix_stem(struct ak_stemmer *st, const char *p, size_t len, size_t *slen)
{
	const char *t = ak_stem(st, p, len, slen);

	if (*slen == 0 || *slen >= len || memcmp(t, p, *slen) != 0 ||
	    count_cps(p + *slen, len - *slen) > 2 || count_cps(t, *slen) < 3)
		return NULL;
	return t;
}

/*
 * One text item of the query (a word, a phrase, a prefix) as an FTS5
 * expression appended to b.  Returns 0 when it holds no word.
 */
static int
add_item(struct ak_search_query *q, struct ak_buf *b, const char *s,
	size_t len, int prefix, int positive)
{
	struct words ws = { NULL, 0, 0 };
	struct ak_buf stems = AK_BUF_INIT, surf = AK_BUF_INIT;
	const char *last = NULL;
	char *ps = NULL;	/* a copy: ak_stem's result lives in its memo */
	size_t i, tlen, k, lastlen = 0, pslen = 0, before = 0;
	const char *t;

	split_folded(s, len, &ws);
	if (ws.n == 0) {
		words_release(&ws);
		return 0;
	}
	if (prefix) {
		last = ws.w[ws.n - 1];
		k = article_len(last, strlen(last));
		last += k;
		lastlen = strlen(last);
		/* a one-letter prefix would match half the index */
		if (count_cps(last, lastlen) < 2)
			prefix = 0;
	}
	for (i = 0; i < ws.n; i++) {
		size_t wl = strlen(ws.w[i]);

		if (stems.len) {
			ak_buf_addch(&stems, ' ');
			ak_buf_addch(&surf, ' ');
		}
		if (prefix && i == ws.n - 1) {
			before = stems.len;
			ak_buf_add(&stems, last, lastlen);
			ak_buf_add(&surf, last, lastlen);
			t = prefix_stem(q->st, last, lastlen, &pslen);
			ps = t ? ak_xstrndup(t, pslen) : NULL;
			if (positive)
				add_term(q, last, lastlen, 1, ps, pslen);
			continue;
		}
		t = word_term(q->st, ws.w[i], wl, &tlen);
		ak_buf_add(&stems, t, tlen);
		k = article_len(ws.w[i], wl);
		ak_buf_add(&surf, ws.w[i] + k, wl - k);
		if (positive)
			add_term(q, t, tlen, 0, NULL, 0);
	}
	if (prefix) {
		ak_buf_addstr(b, "(" STEM_COLS " : ");
		add_quoted(b, stems.data, stems.len);
		if (ps) {
			/* the same phrase, its last word the prefix's stem */
			stems.len = before;
			ak_buf_add(&stems, ps, pslen);
			ak_buf_addstr(b, " * OR " STEM_COLS " : ");
			add_quoted(b, stems.data, stems.len);
		}
		ak_buf_addstr(b, " * OR " WORD_COLS " : ");
		add_quoted(b, surf.data, surf.len);
		ak_buf_addstr(b, " *)");
	} else {
		ak_buf_addstr(b, STEM_COLS " : ");
		add_quoted(b, stems.data, stems.len);
	}
	ak_buf_release(&stems);
	ak_buf_release(&surf);
	free(ps);
	words_release(&ws);
	return 1;
}

/* Read a field value: "quoted" or up to white space.  Advances *pp. */
static void
read_value(const char **pp, const char **v, size_t *vlen, int *unbalanced)
{
	const char *p = *pp, *e;

	if (*p == '"') {
		e = strchr(p + 1, '"');
		if (!e) {
			*unbalanced = 1;
			p++;
			e = p;
			while (*e && !is_qspace(*e))
				e++;
			*v = p;
			*vlen = (size_t)(e - p);
			*pp = e;
			return;
		}
		*v = p + 1;
		*vlen = (size_t)(e - p - 1);
		*pp = e + 1;
		return;
	}
	e = p;
	while (*e && !is_qspace(*e))
		e++;
	*v = p;
	*vlen = (size_t)(e - p);
	*pp = e;
}

/* YYYY, YYYY-MM or YYYY-MM-DD ('/' or '.' as separators; any digits). */
static int
parse_date(const char *s, size_t len, char **out)
{
	static const int mdays[] = { 31, 29, 31, 30, 31, 30, 31, 31, 30, 31,
	    30, 31 };
	size_t flen, i, n = 0;
	char *f = ak_text_fold(s, len, &flen);
	int part[3] = { 0, 0, 0 }, digits[3] = { 0, 0, 0 }, ok = 1;

	for (i = 0; i < flen && ok; i++) {
		char c = f[i];

		if (c >= '0' && c <= '9') {
			part[n] = part[n] * 10 + (c - '0');
			if (++digits[n] > 4)
				ok = 0;
		} else if ((c == '-' || c == '/' || c == '.') && n < 2 &&
		    digits[n] > 0) {
			n++;
		} else {
			ok = 0;
		}
	}
	free(f);
	if (!ok || digits[n] == 0 || digits[0] != 4)
		return -1;
	if (n >= 1 && (digits[1] > 2 || part[1] < 1 || part[1] > 12))
		return -1;
	if (n >= 2 && (digits[2] > 2 || part[2] < 1 ||
	    part[2] > mdays[part[1] - 1] || (part[1] == 2 && part[2] == 29 &&
	    !((part[0] % 4 == 0 && part[0] % 100 != 0) ||
	    part[0] % 400 == 0))))
		return -1;
	{
		struct ak_buf b = AK_BUF_INIT;

		/* ranges checked above: 4 digits, then 2 and 2 */
		ak_buf_addf(&b, "%04d", part[0]);
		if (n >= 1)
			ak_buf_addf(&b, "-%02d", part[1]);
		if (n >= 2)
			ak_buf_addf(&b, "-%02d", part[2]);
		*out = ak_buf_detach(&b, NULL);
	}
	return 0;
}

/* The folded, article-stripped words of a name, one space apart. */
static char *
name_key(const char *s, size_t len)
{
	struct words ws = { NULL, 0, 0 };
	struct ak_buf b = AK_BUF_INIT;
	size_t i, k, wl;

	split_folded(s, len, &ws);
	for (i = 0; i < ws.n; i++) {
		wl = strlen(ws.w[i]);
		k = article_len(ws.w[i], wl);
		if (b.len)
			ak_buf_addch(&b, ' ');
		ak_buf_add(&b, ws.w[i] + k, wl - k);
	}
	words_release(&ws);
	return ak_buf_detach(&b, NULL);
}

enum field { F_NONE, F_PUBLISHER, F_AFTER, F_BEFORE };

static enum field
field_at(const char *p, size_t *n)
{
	static const struct {
		const char *name;
		enum field f;
	} fields[] = {
		{ "publisher:", F_PUBLISHER },
		{ "after:", F_AFTER },
		{ "before:", F_BEFORE },
	};
	size_t i, l;

	for (i = 0; i < sizeof(fields) / sizeof(fields[0]); i++) {
		l = strlen(fields[i].name);
		if (strncasecmp(p, fields[i].name, l) == 0) {
			*n = l;
			return fields[i].f;
		}
	}
	return F_NONE;
}

static int
parse_field(struct ak_search_query *q, enum field f, const char *name,
	size_t namelen, const char **pp, struct ak_error *err)
{
	const char *v = NULL, *p = *pp;
	size_t vlen = 0;
	char *key, *date = NULL;
	int unbalanced = 0;

	if (is_qspace(*p)) {
		/* "publisher: NAME": the value is the next item */
		while (is_qspace(*p))
			p++;
		if (*p && field_at(p, &vlen) == F_NONE)
			read_value(&p, &v, &vlen, &unbalanced);
		vlen = v ? vlen : 0;
	} else {
		read_value(&p, &v, &vlen, &unbalanced);
	}
	if (unbalanced)
		q->fallback = 1;
	*pp = p;
	if (f == F_PUBLISHER) {
		key = vlen ? name_key(v, vlen) : ak_xstrdup("");
		if (!*key) {
			free(key);
			return ak_error_set(err, AK_EINVAL,
			    "publisher: needs a name, as in publisher:\""
			    "\xd8\xa7\xd9\x84\xd8\xb4\xd8\xb1\xd9\x82 "
			    "\xd8\xa7\xd9\x84\xd8\xa3\xd9\x88\xd8\xb3\xd8\xb7\"");
		}
		q->publishers = ak_xreallocarray(q->publishers,
		    q->npublishers + 1, sizeof(*q->publishers));
		q->publishers[q->npublishers++] = key;
		return AK_OK;
	}
	if (vlen == 0 || parse_date(v, vlen, &date) != 0) {
		struct ak_buf what = AK_BUF_INIT;
		int rc;

		ak_buf_add(&what, name, namelen);
		ak_buf_addstr(&what, " wants a date YYYY-MM-DD (or YYYY-MM, "
		    "YYYY), not");
		rc = query_error(err, ak_buf_str(&what), v ? v : "", vlen,
		    NULL);
		ak_buf_release(&what);
		return rc;
	}
	if (f == F_AFTER) {
		free(q->after);
		q->after = date;
	} else {
		free(q->before);
		q->before = date;
	}
	return AK_OK;
}

int
ak_search_parse(const char *query, struct ak_search_query *q,
	struct ak_error *err)
{
	struct ak_buf pos = AK_BUF_INIT, neg = AK_BUF_INIT, item = AK_BUF_INIT;
	const char *p, *s, *e;
	size_t fl, len;
	enum field f;
	int rc = AK_OK, exclude, prefix, nexcl = 0;

	memset(q, 0, sizeof(*q));
	q->st = ak_stemmer_new();
	if (!query)
		query = "";
	p = query;
	while (*p) {
		while (is_qspace(*p))
			p++;
		if (!*p)
			break;
		exclude = 0;
		prefix = 0;
		if (*p == '-' && p[1] && !is_qspace(p[1]) && p[1] != '-') {
			exclude = 1;
			p++;
		}
		f = field_at(p, &fl);
		if (f != F_NONE) {
			if (exclude) {
				rc = query_error(err,
				    "cannot exclude a filter:", p - 1, fl + 1,
				    "write words to leave out as -word");
				goto out;
			}
			s = p;
			p += fl;
			rc = parse_field(q, f, s, fl, &p, err);
			if (rc != AK_OK)
				goto out;
			continue;
		}
		if (*p == '"') {
			e = strchr(p + 1, '"');
			if (!e) {
				/* unbalanced: read on as plain words */
				q->fallback = 1;
				p++;
				continue;
			}
			s = p + 1;
			len = (size_t)(e - s);
			p = e + 1;
		} else {
			s = p;
			while (*p && !is_qspace(*p) && *p != '"')
				p++;
			len = (size_t)(p - s);
		}
		if (*p == '*') {
			prefix = 1;
			while (*p == '*')
				p++;
		}
		while (len > 0 && s[len - 1] == '*') {
			prefix = 1;
			len--;
		}
		ak_buf_reset(&item);
		if (!add_item(q, &item, s, len, prefix, !exclude))
			continue;
		if (exclude) {
			if (neg.len)
				ak_buf_addstr(&neg, " OR ");
			ak_buf_add(&neg, item.data, item.len);
			nexcl++;
		} else {
			if (pos.len)
				ak_buf_addstr(&pos, " AND ");
			ak_buf_add(&pos, item.data, item.len);
		}
	}
	if (pos.len)
		q->match = ak_buf_detach(&pos, NULL);
	if (neg.len)
		q->exclude = ak_buf_detach(&neg, NULL);
	if (!q->match && !q->npublishers && !q->after && !q->before) {
		if (nexcl)
			rc = query_error(err, "nothing to search for in",
			    query, strlen(query), "-word only leaves words "
			    "out; add a word to look for");
		else
			rc = query_error(err, "nothing to search for in",
			    query, strlen(query),
			    "give words, \"a phrase\", pre*, publisher:NAME "
			    "or after:/before:YYYY-MM-DD");
	}
out:
	ak_buf_release(&pos);
	ak_buf_release(&neg);
	ak_buf_release(&item);
	return rc;
}

void
ak_search_query_release(struct ak_search_query *q)
{
	size_t i;

	if (!q)
		return;
	free(q->match);
	free(q->exclude);
	for (i = 0; i < q->npublishers; i++)
		free(q->publishers[i]);
	free(q->publishers);
	free(q->after);
	free(q->before);
	for (i = 0; i < q->nterms; i++) {
		free(q->terms[i].text);
		free(q->terms[i].stem);
	}
	free(q->terms);
	ak_stemmer_free(q->st);
	memset(q, 0, sizeof(*q));
}

/* ------------------------------------------------------------ matches */

static int
starts_with(const char *s, size_t len, const char *p, size_t plen)
{
	return len >= plen && memcmp(s, p, plen) == 0;
}

/* Which term (index) a folded word matches, or -1. */
static int
match_folded(const struct ak_search_query *q, const char *w, size_t len)
{
	size_t k = article_len(w, len), tlen, i, pl;
	const char *t = NULL;

	for (i = 0; i < q->nterms && i < MAX_TERMS; i++) {
		const struct ak_search_term *tm = &q->terms[i];

		pl = strlen(tm->text);
		if (tm->prefix && starts_with(w + k, len - k, tm->text, pl))
			return (int)i;
	}
	t = ak_stem(q->st, w + k, len - k, &tlen);
	for (i = 0; i < q->nterms && i < MAX_TERMS; i++) {
		const struct ak_search_term *tm = &q->terms[i];

		pl = strlen(tm->text);
		if (tm->prefix ? starts_with(t, tlen, tm->text, pl) ||
		    (tm->stem && starts_with(t, tlen, tm->stem,
		    strlen(tm->stem))) :
		    (pl == tlen && memcmp(t, tm->text, tlen) == 0))
			return (int)i;
	}
	return -1;
}

struct word {
	size_t start, end;	/* bytes in the original text */
	int term;		/* matched term, or -1 */
};

struct wlist {
	struct word *w;
	size_t n, cap;
	const char *base;
	size_t nmatch;
};

static void
list_word(void *ctx, const char *w, size_t len)
{
	struct wlist *l = ctx;
	struct word *x;

	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->w = ak_xreallocarray(l->w, l->cap, sizeof(*l->w));
	}
	x = &l->w[l->n++];
	x->start = (size_t)(w - l->base);
	x->end = x->start + len;
	x->term = -1;
}

static int
has_bytes(const char *s, size_t len, const char *t, size_t tl)
{
	size_t i;

	for (i = 0; tl > 0 && i + tl <= len; i++)
		if (s[i] == t[0] && memcmp(s + i, t, tl) == 0)
			return 1;
	return 0;
}

/*
 * Which term a folded word matches, or -1.  Every term is a substring of
 * the folded words it matches (stems only drop affixes), so a word that
 * holds none of them is not stemmed at all.
 */
static int
match_word(const struct ak_search_query *q, const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < q->nterms && i < MAX_TERMS; i++) {
		size_t tl = strlen(q->terms[i].text);

		if (has_bytes(w, len, q->terms[i].text, tl))
			return match_folded(q, w, len);
	}
	return -1;
}

/* One original word folded alone (it may fall apart: NFKC of «½»). */
static int
match_original(const struct ak_search_query *q, const char *w, size_t len)
{
	size_t flen, i, fk = 0;
	char *f = ak_text_fold(w, len, &flen);
	int t = -1;

	for (i = 0; i <= flen && t < 0; i++) {
		if (i == flen || f[i] == ' ') {
			if (i > fk)
				t = match_word(q, f + fk, i - fk);
			fk = i + 1;
		}
	}
	free(f);
	return t;
}

struct flist {
	const char **s;
	size_t *len;
	size_t n, cap;
};

static void
folded_word(void *ctx, const char *w, size_t len)
{
	struct flist *fl = ctx;

	if (fl->n == fl->cap) {
		fl->cap = fl->cap ? fl->cap * 2 : 64;
		fl->s = ak_xreallocarray(fl->s, fl->cap, sizeof(*fl->s));
		fl->len = ak_xreallocarray(fl->len, fl->cap, sizeof(*fl->len));
	}
	fl->s[fl->n] = w;
	fl->len[fl->n++] = len;
}

/*
 * The words of text, and (check) which term each matches; check 1: no
 * words at all when none can match, 2: the words anyway.  The text is
 * folded once; when its folded words pair one to one with the original
 * ones (folding drops marks inside words and maps letters, so they
 * nearly always do) each is matched in place, else word by word.
 */
static void
words_of(const struct ak_search_query *q, const char *text, size_t len,
	int check, struct wlist *l)
{
	struct flist fl = { NULL, NULL, 0, 0 };
	size_t flen, i;
	char *f;
	int any = 0;

	memset(l, 0, sizeof(*l));
	l->base = text;
	if (check != 1 || q->nterms == 0) {
		ak_text_words(text, len, list_word, l);
		if (!check || q->nterms == 0)
			return;
	}
	f = ak_text_fold(text, len, &flen);
	for (i = 0; i < q->nterms && !any; i++)
		if (strstr(f, q->terms[i].text))
			any = 1;
	if (any && check == 1)
		ak_text_words(text, len, list_word, l);
	if (any) {
		ak_text_words(f, flen, folded_word, &fl);
		for (i = 0; i < l->n; i++) {
			struct word *x = &l->w[i];

			if (fl.n == l->n)
				x->term = match_word(q, fl.s[i], fl.len[i]);
			else
				x->term = match_original(q, text + x->start,
				    x->end - x->start);
			if (x->term >= 0)
				l->nmatch++;
		}
	}
	free(fl.s);
	free(fl.len);
	free(f);
}

size_t
ak_search_matches(const struct ak_search_query *q, const char *text,
	size_t len, ak_search_match_fn fn, void *ctx)
{
	struct wlist l;
	size_t i, n;

	words_of(q, text, len, 1, &l);
	for (i = 0; i < l.n; i++)
		if (l.w[i].term >= 0 && fn)
			fn(ctx, l.w[i].start, l.w[i].end);
	n = l.nmatch;
	free(l.w);
	return n;
}

static int
popcount32(uint32_t v)
{
	int n = 0;

	for (; v; v &= v - 1)
		n++;
	return n;
}

/* The window [from, from + n) of words: distinct terms and matches. */
static void
window_score(const struct wlist *l, size_t from, size_t n, int *distinct,
	int *count)
{
	uint32_t mask = 0;
	size_t i;

	*count = 0;
	for (i = from; i < from + n && i < l->n; i++) {
		if (l->w[i].term >= 0) {
			mask |= 1u << l->w[i].term;
			(*count)++;
		}
	}
	*distinct = popcount32(mask);
}

static int
is_space_cp(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == '\n' || cp == 0xA0;
}

/* Trim white space at both ends of [*s, *e). */
static void
trim_range(const char *text, size_t *s, size_t *e)
{
	unsigned cp;

	while (*s < *e && is_space_cp((unsigned char)text[*s]))
		(*s)++;
	while (*e > *s) {
		size_t k = *e - 1;

		while (k > *s && ((unsigned char)text[k] & 0xC0) == 0x80)
			k--;
		ak_utf8_next(text + k, *e - k, &cp);
		if (!is_space_cp(cp))
			break;
		*e = k;
	}
}

/* Render words [from, to) of l with marks; cut ends get "…". */
static char *
render(const struct wlist *l, const char *text, size_t len, size_t from,
	size_t to)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t s, e, i, pos;

	if (l->n == 0) {
		s = 0;
		e = len;
	} else {
		s = from == 0 ? 0 : l->w[from].start;
		e = to >= l->n ? len : l->w[to - 1].end;
	}
	trim_range(text, &s, &e);
	if (from > 0)
		ak_buf_addstr(&b, "\xe2\x80\xa6 ");
	pos = s;
	for (i = from; i < to && i < l->n; i++) {
		const struct word *w = &l->w[i];

		if (w->term < 0)
			continue;
		if (w->start > pos)
			ak_buf_add(&b, text + pos, w->start - pos);
		ak_buf_addch(&b, '[');
		ak_buf_add(&b, text + w->start, w->end - w->start);
		ak_buf_addch(&b, ']');
		pos = w->end;
	}
	if (e > pos)
		ak_buf_add(&b, text + pos, e - pos);
	if (to < l->n)
		ak_buf_addstr(&b, " \xe2\x80\xa6");
	/* a snippet is one line */
	for (i = 0; i < b.len; i++)
		if (b.data[i] == '\n' || b.data[i] == '\t')
			b.data[i] = ' ';
	return ak_buf_detach(&b, NULL);
}

/* The best window of the listed words: most distinct terms, then most
 * matches, centred on its matches. */
static void
best_window(const struct wlist *l, size_t n, size_t *from, size_t *to)
{
	size_t i, best = 0, first, last, mid;
	int bd = -1, bc = -1, d, c;

	if (l->n <= n) {
		*from = 0;
		*to = l->n;
		return;
	}
	for (i = 0; i < l->n; i++) {
		size_t s = i + n <= l->n ? i : l->n - n;

		if (l->w[i].term < 0 && i > 0)
			continue;	/* a best window starts on a match */
		window_score(l, s, n, &d, &c);
		if (d > bd || (d == bd && c > bc)) {
			bd = d;
			bc = c;
			best = s;
		}
	}
	/* centre on the matches it holds */
	first = SIZE_MAX;
	last = best;
	for (i = best; i < best + n; i++) {
		if (l->w[i].term >= 0) {
			if (first == SIZE_MAX)
				first = i;
			last = i;
		}
	}
	if (first == SIZE_MAX)
		first = best;
	mid = (first + last) / 2;
	*from = mid > n / 2 ? mid - n / 2 : 0;
	if (*from > first)
		*from = first;
	if (*from + n > l->n)
		*from = l->n - n;
	*to = *from + n;
}

char *
ak_search_snippet(const struct ak_search_query *q, const char *text,
	size_t len, int words)
{
	struct wlist l;
	size_t from, to;
	char *r = NULL;

	words_of(q, text, len, 1, &l);
	if (l.nmatch > 0) {
		best_window(&l, words > 0 ? (size_t)words : SNIPPET_WORDS,
		    &from, &to);
		r = render(&l, text, len, from, to);
	}
	free(l.w);
	return r;
}

/* The snippet of an article: its best block, else its first words. */
struct snip {
	const struct ak_search_query *q;
	char *best, *first;
	int bd, bc, all;
};

static int
snip_text(void *ctx, const char *text, size_t len)
{
	struct snip *x = ctx;
	struct wlist l;
	uint32_t mask = 0;
	size_t i, from, to;
	int d;

	if (!len)
		return AK_OK;
	words_of(x->q, text, len, x->first ? 1 : 2, &l);
	for (i = 0; i < l.n; i++)
		if (l.w[i].term >= 0)
			mask |= 1u << l.w[i].term;
	d = popcount32(mask);
	if (d > x->bd || (d == x->bd && d > 0 && (int)l.nmatch > x->bc)) {
		best_window(&l, SNIPPET_WORDS, &from, &to);
		free(x->best);
		x->best = render(&l, text, len, from, to);
		x->bd = d;
		x->bc = (int)l.nmatch;
	} else if (!x->first && l.n > 0) {
		x->first = render(&l, text, len, 0,
		    l.n < SNIPPET_WORDS ? l.n : SNIPPET_WORDS);
	}
	free(l.w);
	/* the first block with every term will do: folding the rest of a
	 * long article is most of a search's time */
	if (x->bd >= x->all || (x->q->nterms == 0 && x->first))
		return AK_EEXIST;
	return AK_OK;
}

static char *
article_snippet(struct ak_cache *c, const struct ak_search_query *q,
	int64_t id, struct ak_error *err, int *rcp)
{
	struct snip x;

	memset(&x, 0, sizeof(x));
	x.q = q;
	x.all = (int)(q->nterms < MAX_TERMS ? q->nterms : MAX_TERMS);
	if (x.all == 0)
		x.all = 1;	/* filters only: the first block */
	*rcp = ak_cache_texts(c, id, snip_text, &x, err);
	if (x.best) {
		free(x.first);
		return x.best;
	}
	return x.first ? x.first : ak_xstrdup("");
}

/* ------------------------------------------------------------- search */

/*
 * The publishers whose names match one of q's publisher: keys.  None:
 * AK_ENOTFOUND, with the first publishers the cache has in the message (a
 * misspelt name would otherwise give no hits silently).
 */
struct pubs {
	const struct ak_search_query *q;
	int64_t *ids;
	size_t n;
	struct ak_buf known;
	size_t nknown;
};

static int
match_publisher(void *ctx, int64_t id, const char *name)
{
	struct pubs *p = ctx;
	struct ak_buf hay = AK_BUF_INIT, needle = AK_BUF_INIT;
	char *key = name_key(name, strlen(name));
	size_t i;

	if (*name && p->nknown++ < 4)
		ak_buf_addf(&p->known, "%s%s", p->nknown > 1 ? ", " : "",
		    name);
	ak_buf_addf(&hay, " %s ", key);
	for (i = 0; i < p->q->npublishers; i++) {
		ak_buf_reset(&needle);
		ak_buf_addf(&needle, " %s ", p->q->publishers[i]);
		if (strstr(hay.data, needle.data)) {
			p->ids = ak_xreallocarray(p->ids, p->n + 1,
			    sizeof(*p->ids));
			p->ids[p->n++] = id;
			break;
		}
	}
	free(key);
	ak_buf_release(&hay);
	ak_buf_release(&needle);
	return AK_OK;
}

static int
publisher_ids(struct ak_cache *c, struct pubs *p, struct ak_error *err)
{
	int rc = ak_cache_publishers(c, match_publisher, p, err);

	if (rc != AK_OK || p->n)
		return rc;
	if (!p->nknown)
		return ak_error_set(err, AK_ENOTFOUND, "publisher: the cache "
		    "has no publishers (its articles do not name theirs)");
	return ak_error_set(err, AK_ENOTFOUND, "publisher: no publisher by "
	    "that name; the cache has %s%s", ak_buf_str(&p->known),
	    p->nknown > 4 ? ", ..." : "");
}

void
ak_hits_free(struct ak_hit *hits, size_t n)
{
	size_t i;

	if (!hits)
		return;
	for (i = 0; i < n; i++) {
		free(hits[i].title);
		free(hits[i].publisher);
		free(hits[i].published);
		free(hits[i].snippet);
	}
	free(hits);
}

struct hits {
	struct ak_hit *v;
	size_t n, cap;
};

static int
add_hit(void *ctx, const struct ak_fts_row *r)
{
	struct hits *h = ctx;
	struct ak_hit *x;

	if (h->n == h->cap)
		return AK_OK;
	x = &h->v[h->n++];
	x->id = r->id;
	x->score = r->score;
	x->title = ak_xstrdup0(r->title);
	x->publisher = ak_xstrdup0(r->publisher);
	x->published = ak_xstrdup0(r->published);
	return AK_OK;
}

int
ak_search(struct ak_cache *c, const char *query, int limit,
	struct ak_hit **hitsp, size_t *np, struct ak_error *err)
{
	struct ak_search_query q;
	struct ak_fts_query fq;
	struct pubs p;
	struct hits h = { NULL, 0, 0 };
	size_t i;
	int rc, k;

	*hitsp = NULL;
	*np = 0;
	memset(&p, 0, sizeof(p));
	if (limit <= 0)
		limit = DEFAULT_LIMIT;
	if (!query)
		query = "";
	rc = ak_search_parse(query, &q, err);
	if (rc != AK_OK)
		goto out;
	p.q = &q;
	if (q.npublishers) {
		rc = publisher_ids(c, &p, err);
		if (rc != AK_OK)
			goto out;
	}
	memset(&fq, 0, sizeof(fq));
	fq.match = q.match;
	fq.exclude = q.exclude;
	fq.publishers = p.ids;
	fq.npublishers = p.n;
	fq.after = q.after;
	fq.before = q.before;
	fq.limit = limit;
	h.cap = (size_t)limit;
	h.v = ak_xcalloc(h.cap, sizeof(*h.v));
	rc = ak_cache_fts_search(c, &fq, add_hit, &h, err);
	if (rc == AK_EINVAL) {
		/* FTS5 refusing our own expression is a bug, but the user
		 * gets a sentence, not SQLite's words */
		rc = query_error(err, "cannot search for", query,
		    strlen(query), "try plain words");
		goto out;
	}
	if (rc != AK_OK)
		goto out;
	for (i = 0; i < h.n; i++) {
		h.v[i].snippet = article_snippet(c, &q, h.v[i].id, err, &k);
		if (k != AK_OK) {
			rc = k;
			goto out;
		}
	}
out:
	if (rc != AK_OK || h.n == 0) {
		ak_hits_free(h.v, h.n);
	} else {
		*hitsp = h.v;
		*np = h.n;
	}
	ak_search_query_release(&q);
	free(p.ids);
	ak_buf_release(&p.known);
	return rc;
}
