/*
 * Related stories: text similarity between articles, computed
 * incrementally as they are imported.  Refs (the page's own related
 * items) are linked by title key in cache.c (ak_cache_put); this module
 * finds the rest and lists both.
 *
 * The model.  An article is a vector of terms: the words of its title,
 * subtitle and body, folded and stemmed (text.h), without stop words
 * (assets/stopwords-ar.txt and a short English list), numbers and
 * one-letter words.  The title counts three times, the subtitle twice,
 * and a short name in «» or quotation marks twice.  A term weighs
 * (1 + ln tf) * ln(1 + N / df): log-scaled counts, smoothed IDF.  Only the
 * article's TOPK strongest terms are kept (table article_terms: tf and the
 * weight at import, unit length over the TOPK); they are its postings in
 * the inverted index (term_id, weight DESC) and the vector that similarity
 * is measured on: cosine over TOPK-term vectors.
 *
 * Linking an article: count its terms and add them to the document
 * frequencies (table terms, keyed by a hash of the term; row 0 counts
 * the documents), keep its TOPK, read the SCAN strongest postings of each of
 * them and sum the partial dot products per article met, then compute the
 * exact cosine for the CANDIDATES best of those, with every weight taken
 * afresh from the stored tf and today's df.  The best AK_LINK_MAX above
 * MIN_SCORE become its related stories, and each candidate whose own list
 * has room or a weaker last entry gets it too.  The work is bounded by
 * TOPK * SCAN index rows and CANDIDATES * TOPK vector rows, whatever the
 * size of the cache; only the B-tree lookups grow, as log N.
 *
 * Stale weights.  IDF moves as the cache grows.  Scores are always
 * computed with today's IDF (from stored tf and current df), so two
 * articles are compared on equal terms however far apart they were
 * imported.  What drifts: which TOPK terms an article keeps and the order
 * of a posting list (both chosen with the IDF of the day it was linked),
 * and the scores already stored in related lists.  IDF changes as
 * log(N/df), so the drift is slow; re-importing an article re-links it.
 * df and N only grow: an update counts as a new version and a deletion
 * does not uncount, so both count the same stream of documents and IDF
 * stays consistent without storing every article's full term set.
 *
 * Deletion.  article_terms and related rows go with their article (ON
 * DELETE CASCADE): no list names a deleted article, no posting points to
 * one.  The lists that lost an entry keep the others.
 */
#include "config.h"

#include "akhbar/link.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sqlite3.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/paths.h"
#include "akhbar/text.h"

/* The tunables (overridable at build time, for the benchmarks). */
#ifndef AK_LINK_TOPK
#define AK_LINK_TOPK 48		/* terms kept per article: postings, vector */
#endif
#ifndef AK_LINK_SCAN
#define AK_LINK_SCAN 100	/* postings read per term */
#endif
#ifndef AK_LINK_CANDIDATES
#define AK_LINK_CANDIDATES 60	/* articles scored exactly */
#endif
#define TOPK AK_LINK_TOPK
#define SCAN AK_LINK_SCAN
#define CANDIDATES AK_LINK_CANDIDATES

enum {
	NAME_WORDS = 4,		/* a quoted span this short is a name */
	TITLE_BOOST = 3,
	SUBTITLE_BOOST = 2,
	MAX_TERM_BYTES = 64,
	SAME_STORY_DAYS = 3	/* same-story: published this close, if known */
};

/* Below this cosine two articles are not related. */
#define MIN_SCORE 0.08
/*
 * At or above this cosine, the same story (if the dates, when known, are
 * SAME_STORY_DAYS apart at most).  Calibrated on the samples and the
 * corpus: the five coalition stories, one affair told on different days,
 * score 0.10-0.31 with each other and the two Aleppo stories 0.32; in the
 * corpus, pairs at 0.6 and above are nearly all the same event told by
 * two papers (or the same agency text), pairs at 0.45-0.6 are a mix of
 * that and another event of the same affair, and a copy scores 1.
 */
#define SAME_STORY 0.6

/* ------------------------------------------------------------ stop words */

static const char *const english_stop[] = {
	"a", "about", "after", "all", "also", "an", "and", "any", "are", "as",
	"at", "be", "been", "before", "but", "by", "can", "could", "did", "do",
	"for", "from", "had", "has", "have", "he", "her", "his", "how", "i",
	"if", "in", "into", "is", "it", "its", "last", "more", "most", "new",
	"no", "not", "now", "of", "on", "one", "or", "other", "our", "out",
	"over", "said", "say", "says", "she", "so", "some", "than", "that",
	"the", "their", "them", "then", "there", "these", "they", "this",
	"those", "to", "two", "up", "was", "we", "were", "what", "when",
	"where", "which", "while", "who", "will", "with", "would", "year",
	"you"
};

static char **stop_words;	/* sorted, folded; loaded once */
static size_t nstop;
static int stop_state;		/* 0 not loaded, 1 loaded, -1 failed */
static char stop_error[400];

static int
cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
stop_add(struct ak_buf *arr, size_t *n, const char *w, size_t len)
{
	char *f;
	size_t flen;

	f = ak_text_fold(w, len, &flen);
	if (flen == 0) {
		free(f);
		return;
	}
	ak_buf_add(arr, &f, sizeof(f));
	(*n)++;
}

static int
load_stop_words(struct ak_error *err)
{
	struct ak_buf path = AK_BUF_INIT, arr = AK_BUF_INIT;
	struct ak_error e = { 0, "" };
	char *data = NULL, *line, *next, *hash;
	size_t len, n = 0, i, j;

	if (stop_state == 1)
		return AK_OK;
	if (stop_state == -1)
		return ak_error_set(err, AK_EIO, "%s", stop_error);
	ak_buf_addf(&path, "%s/stopwords-ar.txt", ak_datadir());
	if (ak_read_file(ak_buf_str(&path), &data, &len, &e) != AK_OK) {
		snprintf(stop_error, sizeof(stop_error), "stop words: %s",
		    e.msg);
		stop_state = -1;
		ak_buf_release(&path);
		return ak_error_set(err, AK_EIO, "%s", stop_error);
	}
	ak_buf_release(&path);
	for (line = data; line && *line; line = next) {
		next = strchr(line, '\n');
		if (next)
			*next++ = '\0';
		hash = strchr(line, '#');
		if (hash)
			*hash = '\0';
		while (*line == ' ' || *line == '\t')
			line++;
		len = strlen(line);
		while (len > 0 && (line[len - 1] == ' ' ||
		    line[len - 1] == '\t' || line[len - 1] == '\r'))
			len--;
		if (len > 0)
			stop_add(&arr, &n, line, len);
	}
	free(data);
	for (i = 0; i < sizeof(english_stop) / sizeof(english_stop[0]); i++)
		stop_add(&arr, &n, english_stop[i], strlen(english_stop[i]));
	stop_words = (char **)(void *)ak_buf_detach(&arr, NULL);
	qsort(stop_words, n, sizeof(*stop_words), cmp_str);
	for (i = j = 0; i < n; i++) {
		if (j > 0 && strcmp(stop_words[j - 1], stop_words[i]) == 0)
			free(stop_words[i]);
		else
			stop_words[j++] = stop_words[i];
	}
	nstop = j;
	stop_state = 1;
	return AK_OK;
}

static int
is_stop(const char *w, size_t len)
{
	size_t lo = 0, hi = nstop, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = strncmp(stop_words[mid], w, len);
		if (c == 0 && stop_words[mid][len] != '\0')
			c = 1;
		if (c == 0)
			return 1;
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

int
ak_link_is_stop_word(const char *w, size_t len)
{
	if (load_stop_words(NULL) != AK_OK)
		return 0;
	return is_stop(w, len);
}

/* ---------------------------------------------------------------- terms */

/* A short quoted span in a folded text: [start, end) byte offsets. */
struct span {
	size_t start, end;
};

struct extract {
	struct ak_stemmer *st;
	struct ak_term *v;	/* every occurrence, merged later */
	size_t n, cap;
	const char *base;	/* the folded text being split */
	const struct span *spans;
	size_t nspans, next_span;
	int boost;		/* of the field */
	size_t nwords;		/* for counting words in a span */
};

static void
count_word(void *ctx, const char *w, size_t len)
{
	(void)w;
	(void)len;
	((struct extract *)ctx)->nwords++;
}

/* Is the span [start, end) of s a name: 1..NAME_WORDS words? */
static int
is_name(struct extract *x, const char *s, size_t start, size_t end)
{
	x->nwords = 0;
	ak_text_words(s + start, end - start, count_word, x);
	return x->nwords >= 1 && x->nwords <= NAME_WORDS;
}

/*
 * Find short spans inside «», “” or "" (the innermost of nested
 * guillemets, as in «خلاف حول «مهمة المستشارين»»).
 */
static void
find_names(struct extract *x, const char *s, size_t len, struct span **out,
	size_t *nout)
{
	struct span *v = NULL;
	size_t n = 0, i = 0, open = 0, sopen = 0;
	int in = 0, sin = 0;
	unsigned c;

	while (i < len) {
		int k = ak_utf8_next(s + i, len - i, &c);

		if (c == 0xAB || c == 0x201C) {
			in = 1;
			open = i + (size_t)k;
		} else if ((c == 0xBB || c == 0x201D) && in) {
			in = 0;
			if (is_name(x, s, open, i)) {
				v = ak_xreallocarray(v, n + 1, sizeof(*v));
				v[n].start = open;
				v[n++].end = i;
			}
		} else if (c == '"') {
			if (!sin) {
				sin = 1;
				sopen = i + 1;
			} else {
				sin = 0;
				if (is_name(x, s, sopen, i)) {
					v = ak_xreallocarray(v, n + 1,
					    sizeof(*v));
					v[n].start = sopen;
					v[n++].end = i;
				}
			}
		} else if (c == '\n') {
			in = sin = 0;
		}
		i += (size_t)k;
	}
	/* spans from the two kinds of marks may interleave: sort by start */
	for (i = 1; i < n; i++) {
		struct span t = v[i];
		size_t j = i;

		while (j > 0 && v[j - 1].start > t.start) {
			v[j] = v[j - 1];
			j--;
		}
		v[j] = t;
	}
	*out = v;
	*nout = n;
}

static int
all_digits(const char *w, size_t len)
{
	size_t i;

	for (i = 0; i < len; i++)
		if (w[i] < '0' || w[i] > '9')
			return 0;
	return 1;
}

/* Code points in a UTF-8 string, up to 2 (we only ask "fewer than 2?"). */
static int
short_word(const char *w, size_t len)
{
	unsigned c;
	int k = ak_utf8_next(w, len, &c);

	return (size_t)k >= len;
}

/* Does folded w start with the letters of prefix (UTF-8)? */
static int
starts(const char *w, size_t len, const char *prefix)
{
	size_t n = strlen(prefix);

	return len >= n && memcmp(w, prefix, n) == 0;
}

/*
 * Snowball's Arabic stemmer leaves a conjunction in front of the article
 * (والعراق, فالتحالف, وبالعراق stay whole while العراق becomes عراق), so
 * drop a leading و or ف when what follows starts with ال, بال, كال or لل
 * and has at least four letters: وال is otherwise rare at a word's start
 * (والي, والد are shorter).
 */
static void
strip_conjunction(const char **w, size_t *len)
{
	static const char *const after[] = {
		"\xd8\xa7\xd9\x84",		/* ال */
		"\xd8\xa8\xd8\xa7\xd9\x84",	/* بال */
		"\xd9\x83\xd8\xa7\xd9\x84",	/* كال */
		"\xd9\x84\xd9\x84"		/* لل */
	};
	size_t i;

	/* و or ف, then at least 4 two-byte letters */
	if (*len < 2 + 8 || !(starts(*w, *len, "\xd9\x88") ||
	    starts(*w, *len, "\xd9\x81")))
		return;
	for (i = 0; i < sizeof(after) / sizeof(after[0]); i++) {
		if (starts(*w + 2, *len - 2, after[i])) {
			*w += 2;
			*len -= 2;
			return;
		}
	}
}

static void
add_word(void *ctx, const char *w, size_t len)
{
	struct extract *x = ctx;
	size_t off = (size_t)(w - x->base), slen;
	const char *s;
	int tf = x->boost;

	if (len > MAX_TERM_BYTES || short_word(w, len) || all_digits(w, len)
	    || is_stop(w, len))
		return;
	strip_conjunction(&w, &len);
	s = ak_stem(x->st, w, len, &slen);
	if (slen == 0 || short_word(s, slen) || is_stop(s, slen))
		return;
	while (x->next_span < x->nspans && x->spans[x->next_span].end <= off)
		x->next_span++;
	if (x->next_span < x->nspans && x->spans[x->next_span].start <= off)
		tf *= 2;
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 256;
		x->v = ak_xreallocarray(x->v, x->cap, sizeof(*x->v));
	}
	x->v[x->n].term = ak_xstrndup(s, slen);
	x->v[x->n++].tf = tf;
}

static void
extract_text(struct extract *x, const char *text, int boost)
{
	struct span *spans = NULL;
	size_t flen, nspans = 0;
	char *f;

	if (!text || !*text)
		return;
	f = ak_text_fold(text, strlen(text), &flen);
	find_names(x, f, flen, &spans, &nspans);
	x->base = f;
	x->spans = spans;
	x->nspans = nspans;
	x->next_span = 0;
	x->boost = boost;
	ak_text_words(f, flen, add_word, x);
	free(spans);
	free(f);
}

static int
cmp_term(const void *a, const void *b)
{
	return strcmp(((const struct ak_term *)a)->term,
	    ((const struct ak_term *)b)->term);
}

/* Shared by ak_link_terms and ak_link_article: st may be reused. */
static int
article_terms(struct ak_stemmer *st, const struct ak_article *a,
	struct ak_term **out, size_t *nout, struct ak_error *err)
{
	struct extract x;
	size_t i, j;
	int rc;

	rc = load_stop_words(err);
	if (rc != AK_OK)
		return rc;
	memset(&x, 0, sizeof(x));
	x.st = st;
	extract_text(&x, a->title, TITLE_BOOST);
	extract_text(&x, a->subtitle, SUBTITLE_BOOST);
	for (i = 0; i < a->nblocks; i++)
		extract_text(&x, a->blocks[i].text, 1);
	if (x.n > 1)
		qsort(x.v, x.n, sizeof(*x.v), cmp_term);
	for (i = j = 0; i < x.n; i++) {
		if (j > 0 && strcmp(x.v[j - 1].term, x.v[i].term) == 0) {
			x.v[j - 1].tf += x.v[i].tf;
			free(x.v[i].term);
		} else {
			x.v[j++] = x.v[i];
		}
	}
	*out = x.v;
	*nout = j;
	return AK_OK;
}

int
ak_link_terms(const struct ak_article *a, struct ak_term **out, size_t *n,
	struct ak_error *err)
{
	struct ak_stemmer *st = ak_stemmer_new();
	int rc = article_terms(st, a, out, n, err);

	ak_stemmer_free(st);
	return rc;
}

void
ak_link_terms_free(struct ak_term *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(t[i].term);
	free(t);
}

/* ---------------------------------------------------------------- vectors */

/* A term of a weighted vector. */
struct wterm {
	int64_t id;
	int tf;
	double w;
};

static double
idf(double ndocs, double df)
{
	if (df < 1)
		df = 1;
	return log(1.0 + ndocs / df);
}

static double
term_weight(int tf, double ndocs, double df)
{
	return (1.0 + log(tf > 0 ? (double)tf : 1.0)) * idf(ndocs, df);
}

static int
cmp_weight_desc(const void *a, const void *b)
{
	const struct wterm *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_id(const void *a, const void *b)
{
	const struct wterm *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static void
normalize(struct wterm *v, size_t n)
{
	double s = 0;
	size_t i;

	for (i = 0; i < n; i++)
		s += v[i].w * v[i].w;
	s = sqrt(s);
	if (s > 0)
		for (i = 0; i < n; i++)
			v[i].w /= s;
}

/* The weight of term id in v (sorted by id), 0 if absent. */
static double
weight_of(const struct wterm *v, size_t n, int64_t id)
{
	size_t lo = 0, hi = n, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (v[mid].id == id)
			return v[mid].w;
		if (v[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return 0;
}

/* ------------------------------------------------------------ candidates */

struct cand {
	int64_t id;		/* 0 = empty slot */
	double partial;		/* from the posting scan */
	double score;		/* exact cosine */
};

struct cmap {
	struct cand *v;
	size_t cap, n;
};

static size_t
hash_id(int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ULL;

	return (size_t)(h >> 17);
}

static void cmap_add(struct cmap *m, int64_t id, double partial);

static void
cmap_grow(struct cmap *m)
{
	struct cmap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 1024;
	m->v = ak_xcalloc(m->cap, sizeof(*m->v));
	m->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.v[i].id)
			cmap_add(m, old.v[i].id, old.v[i].partial);
	free(old.v);
}

static void
cmap_add(struct cmap *m, int64_t id, double partial)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		cmap_grow(m);
	for (i = hash_id(id) & (m->cap - 1); m->v[i].id;
	    i = (i + 1) & (m->cap - 1)) {
		if (m->v[i].id == id) {
			m->v[i].partial += partial;
			return;
		}
	}
	m->v[i].id = id;
	m->v[i].partial = partial;
	m->n++;
}

static int
cmp_partial_desc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->partial != y->partial)
		return x->partial < y->partial ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_score_desc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/* ---------------------------------------------------------------- dates */

/* Days since 1970-01-01 of an ISO date "YYYY-MM-DD...", or -1. */
static long
iso_days(const char *s)
{
	int y, m, d;
	long era, yoe, doy, doe;

	if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > 31)
		return -1;
	/* civil-to-days (H. Hinnant) */
	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

/* ---------------------------------------------------------------- linking */

struct linker {
	struct ak_cache *c;
	sqlite3 *db;
	struct ak_error *err;
	sqlite3_stmt *term_get;
	sqlite3_stmt *term_set;
	sqlite3_stmt *term_new;
	sqlite3_stmt *post_ins;
	sqlite3_stmt *scan;
	sqlite3_stmt *vec;
	sqlite3_stmt *rel_stat;
	sqlite3_stmt *rel_trim;
	sqlite3_stmt *rel_ins;
	sqlite3_stmt *published;
	double ndocs;
};

static int
prep(struct linker *l, sqlite3_stmt **st, const char *sql)
{
	int rc = sqlite3_prepare_v2(l->db, sql, -1, st, NULL);

	if (rc != SQLITE_OK)
		return ak_cache_error(l->c, rc, l->err, "related stories");
	return AK_OK;
}

static void
linker_release(struct linker *l)
{
	sqlite3_finalize(l->term_get);
	sqlite3_finalize(l->term_set);
	sqlite3_finalize(l->term_new);
	sqlite3_finalize(l->post_ins);
	sqlite3_finalize(l->scan);
	sqlite3_finalize(l->vec);
	sqlite3_finalize(l->rel_stat);
	sqlite3_finalize(l->rel_trim);
	sqlite3_finalize(l->rel_ins);
	sqlite3_finalize(l->published);
}

static int
linker_init(struct linker *l, struct ak_cache *c, struct ak_error *err)
{
	int rc;

	memset(l, 0, sizeof(*l));
	l->c = c;
	l->db = ak_cache_db(c);
	l->err = err;
	rc = prep(l, &l->term_get, "SELECT df FROM terms WHERE id = ?1");
	if (rc == AK_OK)
		rc = prep(l, &l->term_set, "UPDATE terms SET df = ?2 "
		    "WHERE id = ?1");
	if (rc == AK_OK)
		rc = prep(l, &l->term_new, "INSERT INTO terms(id, term, df) "
		    "VALUES (?1, ?2, 1)");
	if (rc == AK_OK)
		rc = prep(l, &l->post_ins, "INSERT INTO article_terms("
		    "article_id, term_id, tf, weight) VALUES (?1, ?2, ?3, ?4)");
	if (rc == AK_OK)
		rc = prep(l, &l->scan, "SELECT article_id, weight FROM "
		    "article_terms WHERE term_id = ?1 ORDER BY weight DESC "
		    "LIMIT ?2");
	if (rc == AK_OK)
		rc = prep(l, &l->vec, "SELECT p.term_id, p.tf, t.df FROM "
		    "article_terms p JOIN terms t ON t.id = p.term_id "
		    "WHERE p.article_id = ?1");
	if (rc == AK_OK)
		rc = prep(l, &l->rel_stat, "SELECT count(*), min(score) FROM "
		    "related WHERE article_id = ?1");
	if (rc == AK_OK)
		rc = prep(l, &l->rel_trim, "DELETE FROM related WHERE "
		    "article_id = ?1 AND other_id = (SELECT other_id FROM "
		    "related WHERE article_id = ?1 "
		    "ORDER BY score, other_id DESC LIMIT 1)");
	if (rc == AK_OK)
		rc = prep(l, &l->rel_ins, "INSERT OR REPLACE INTO related("
		    "article_id, other_id, score, kind) "
		    "VALUES (?1, ?2, ?3, ?4)");
	if (rc == AK_OK)
		rc = prep(l, &l->published, "SELECT published FROM articles "
		    "WHERE id = ?1");
	return rc;
}

static int
step_error(struct linker *l, sqlite3_stmt *st, int rc, const char *what)
{
	sqlite3_reset(st);
	return ak_cache_error(l->c, rc, l->err, what);
}

/*
 * A term's id: a 48-bit hash of its text (FNV-1a), so that terms is one
 * B-tree (no second index on the text) and counting a term dirties one
 * page.  Two terms sharing an id (about one chance in 500 among a million
 * terms) only share a df.  Id 0 is the document count.
 */
static int64_t
term_id(const char *s, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 0x100000001b3ULL;
	}
	h = (h ^ (h >> 48)) & 0xFFFFFFFFFFFFULL;
	return h ? (int64_t)h : 1;
}

/*
 * df + 1 for term id (0: the document count); sets *df.  A read and an
 * update cost less than one INSERT ... ON CONFLICT ... RETURNING.
 */
static int
count_term(struct linker *l, int64_t id, const char *term, size_t len,
	double *df)
{
	sqlite3_stmt *st;
	int rc;

	sqlite3_bind_int64(l->term_get, 1, id);
	rc = sqlite3_step(l->term_get);
	if (rc == SQLITE_ROW) {
		*df = (double)sqlite3_column_int64(l->term_get, 0) + 1;
		sqlite3_reset(l->term_get);
		st = l->term_set;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_int64(st, 2, (sqlite3_int64)*df);
	} else if (rc == SQLITE_DONE) {
		sqlite3_reset(l->term_get);
		*df = 1;
		st = l->term_new;
		sqlite3_bind_int64(st, 1, id);
		sqlite3_bind_text(st, 2, term, (int)len, SQLITE_STATIC);
	} else {
		return step_error(l, l->term_get, rc, "counting terms");
	}
	rc = sqlite3_step(st);
	if (rc != SQLITE_DONE)
		return step_error(l, st, rc, "counting terms");
	sqlite3_reset(st);
	return AK_OK;
}

static int
exec_id(struct linker *l, const char *sql, int64_t id)
{
	sqlite3_stmt *st = NULL;
	int rc = prep(l, &st, sql);

	if (rc != AK_OK)
		return rc;
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ak_cache_error(l->c, rc, l->err, "unlinking");
	return AK_OK;
}

/* Forget what an earlier version of article id contributed. */
static int
unlink_article(struct linker *l, int64_t id)
{
	int rc;

	rc = exec_id(l, "DELETE FROM article_terms WHERE article_id = ?1", id);
	if (rc == AK_OK)
		rc = exec_id(l, "DELETE FROM related WHERE article_id = ?1",
		    id);
	if (rc == AK_OK)
		rc = exec_id(l, "DELETE FROM related WHERE other_id = ?1", id);
	return rc;
}

/*
 * The article's vector: its terms counted into df, weighted with today's
 * IDF, the TOPK strongest kept and brought to unit length.  *out sorted
 * by weight, strongest first.
 */
static int
build_vector(struct linker *l, const struct ak_term *t, size_t nt,
	struct wterm **out, size_t *nout)
{
	struct wterm *v;
	double df;
	size_t i, j;
	int rc;

	*out = NULL;
	*nout = 0;
	rc = count_term(l, 0, "", 0, &l->ndocs);
	if (rc != AK_OK || nt == 0)
		return rc;
	v = ak_xcalloc(nt, sizeof(*v));
	for (i = 0; i < nt; i++) {
		v[i].id = term_id(t[i].term, strlen(t[i].term));
		v[i].tf = t[i].tf;
		v[i].w = (double)i;	/* where its text is, for now */
	}
	/*
	 * In id order, the B-tree pages are met in order; two terms with
	 * one id (a hash collision) make one term.
	 */
	qsort(v, nt, sizeof(*v), cmp_id);
	for (i = j = 0; i < nt; i++) {
		if (j > 0 && v[j - 1].id == v[i].id)
			v[j - 1].tf += v[i].tf;
		else
			v[j++] = v[i];
	}
	nt = j;
	for (i = 0; i < nt; i++) {
		const char *term = t[(size_t)v[i].w].term;

		rc = count_term(l, v[i].id, term, strlen(term), &df);
		if (rc != AK_OK) {
			free(v);
			return rc;
		}
		v[i].w = term_weight(v[i].tf, l->ndocs, df);
	}
	qsort(v, nt, sizeof(*v), cmp_weight_desc);
	if (nt > TOPK)
		nt = TOPK;
	normalize(v, nt);
	*out = v;
	*nout = nt;
	return AK_OK;
}

static int
store_postings(struct linker *l, int64_t id, const struct wterm *v, size_t n)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(l->post_ins, 1, id);
		sqlite3_bind_int64(l->post_ins, 2, v[i].id);
		sqlite3_bind_int(l->post_ins, 3, v[i].tf);
		sqlite3_bind_double(l->post_ins, 4, v[i].w);
		rc = sqlite3_step(l->post_ins);
		if (rc != SQLITE_DONE)
			return step_error(l, l->post_ins, rc, "storing terms");
		sqlite3_reset(l->post_ins);
	}
	return AK_OK;
}

/* Partial dot products with every article met in the postings read. */
static int
scan_postings(struct linker *l, const struct wterm *v, size_t n,
	struct cmap *m)
{
	size_t i;
	int rc;

	for (i = 0; i < n; i++) {
		sqlite3_bind_int64(l->scan, 1, v[i].id);
		sqlite3_bind_int(l->scan, 2, SCAN);
		while ((rc = sqlite3_step(l->scan)) == SQLITE_ROW)
			cmap_add(m, sqlite3_column_int64(l->scan, 0),
			    v[i].w * sqlite3_column_double(l->scan, 1));
		if (rc != SQLITE_DONE)
			return step_error(l, l->scan, rc, "reading postings");
		sqlite3_reset(l->scan);
	}
	return AK_OK;
}

/* The exact cosine between v (sorted by id, unit length) and article id. */
static int
cosine(struct linker *l, const struct wterm *v, size_t n, int64_t id,
	double *score)
{
	struct wterm cv[TOPK * 2];
	size_t k = 0, i;
	double dot = 0, norm = 0, w;
	int rc;

	sqlite3_bind_int64(l->vec, 1, id);
	while ((rc = sqlite3_step(l->vec)) == SQLITE_ROW) {
		if (k == sizeof(cv) / sizeof(cv[0]))
			continue;
		cv[k].id = sqlite3_column_int64(l->vec, 0);
		cv[k].w = term_weight(sqlite3_column_int(l->vec, 1), l->ndocs,
		    (double)sqlite3_column_int64(l->vec, 2));
		k++;
	}
	if (rc != SQLITE_DONE)
		return step_error(l, l->vec, rc, "reading a term vector");
	sqlite3_reset(l->vec);
	for (i = 0; i < k; i++) {
		w = cv[i].w;
		norm += w * w;
		dot += w * weight_of(v, n, cv[i].id);
	}
	*score = norm > 0 ? dot / sqrt(norm) : 0;
	return AK_OK;
}

static int
published_days(struct linker *l, int64_t id, long *days)
{
	int rc;

	*days = -1;
	sqlite3_bind_int64(l->published, 1, id);
	rc = sqlite3_step(l->published);
	if (rc == SQLITE_ROW)
		*days = iso_days((const char *)sqlite3_column_text(
		    l->published, 0));
	else if (rc != SQLITE_DONE)
		return step_error(l, l->published, rc, "reading a date");
	sqlite3_reset(l->published);
	return AK_OK;
}

static int
kind_of(struct linker *l, double score, long days, int64_t other,
	const char **kind)
{
	long od;
	int rc;

	*kind = "related";
	if (score < SAME_STORY)
		return AK_OK;
	rc = published_days(l, other, &od);
	if (rc != AK_OK)
		return rc;
	if (days < 0 || od < 0 || labs(days - od) <= SAME_STORY_DAYS)
		*kind = ak_related_kind_name(AK_REL_SAME_STORY);
	return AK_OK;
}

static int
insert_related(struct linker *l, int64_t id, int64_t other, double score,
	const char *kind)
{
	int rc;

	sqlite3_bind_int64(l->rel_ins, 1, id);
	sqlite3_bind_int64(l->rel_ins, 2, other);
	sqlite3_bind_double(l->rel_ins, 3, score);
	sqlite3_bind_text(l->rel_ins, 4, kind, -1, SQLITE_STATIC);
	rc = sqlite3_step(l->rel_ins);
	if (rc != SQLITE_DONE)
		return step_error(l, l->rel_ins, rc, "storing related stories");
	sqlite3_reset(l->rel_ins);
	return AK_OK;
}

/* Give neighbour other the new article id if it enters its top list. */
static int
offer(struct linker *l, int64_t other, int64_t id, double score,
	const char *kind)
{
	int rc, count;
	double weakest;

	sqlite3_bind_int64(l->rel_stat, 1, other);
	rc = sqlite3_step(l->rel_stat);
	if (rc != SQLITE_ROW)
		return step_error(l, l->rel_stat, rc,
		    "reading related stories");
	count = sqlite3_column_int(l->rel_stat, 0);
	weakest = sqlite3_column_double(l->rel_stat, 1);
	sqlite3_reset(l->rel_stat);
	if (count >= AK_LINK_MAX) {
		if (score <= weakest)
			return AK_OK;
		sqlite3_bind_int64(l->rel_trim, 1, other);
		rc = sqlite3_step(l->rel_trim);
		if (rc != SQLITE_DONE)
			return step_error(l, l->rel_trim, rc,
			    "updating related stories");
		sqlite3_reset(l->rel_trim);
	}
	return insert_related(l, other, id, score, kind);
}

static int
no_link(void)
{
	static int v = -1;

	if (v < 0) {
		const char *e = getenv("AKHBAR_NO_LINK");

		v = e && *e && strcmp(e, "0") != 0;
	}
	return v;
}

int
ak_link_article(struct ak_cache *c, int64_t id, const struct ak_article *a,
	struct ak_error *err)
{
	static struct ak_stemmer *st;
	struct linker l;
	struct ak_term *terms = NULL;
	struct wterm *v = NULL;
	struct cmap m = { NULL, 0, 0 };
	struct cand *cands = NULL;
	size_t nterms = 0, nv = 0, ncand = 0, i, nrel;
	long days;
	const char *kind;
	int rc;

	if (no_link())
		return AK_OK;
	if (!st)	/* kept for the process, like the stop-word list */
		st = ak_stemmer_new();
	rc = article_terms(st, a, &terms, &nterms, err);
	if (rc != AK_OK)
		return rc;
	rc = linker_init(&l, c, err);
	if (rc != AK_OK)
		goto out;
	rc = unlink_article(&l, id);
	if (rc != AK_OK)
		goto out;
	rc = build_vector(&l, terms, nterms, &v, &nv);
	if (rc != AK_OK || nv == 0)
		goto out;

	rc = scan_postings(&l, v, nv, &m);
	if (rc != AK_OK)
		goto out;
	cands = ak_xcalloc(m.n ? m.n : 1, sizeof(*cands));
	for (i = 0; i < m.cap; i++)
		if (m.v[i].id && m.v[i].id != id)
			cands[ncand++] = m.v[i];
	qsort(cands, ncand, sizeof(*cands), cmp_partial_desc);
	if (ncand > CANDIDATES)
		ncand = CANDIDATES;

	rc = store_postings(&l, id, v, nv);
	if (rc != AK_OK)
		goto out;
	qsort(v, nv, sizeof(*v), cmp_id);
	for (i = 0; i < ncand; i++) {
		rc = cosine(&l, v, nv, cands[i].id, &cands[i].score);
		if (rc != AK_OK)
			goto out;
	}
	qsort(cands, ncand, sizeof(*cands), cmp_score_desc);

	days = iso_days(a->published);
	for (i = nrel = 0; i < ncand && cands[i].score >= MIN_SCORE; i++) {
		rc = kind_of(&l, cands[i].score, days, cands[i].id, &kind);
		if (rc != AK_OK)
			goto out;
		if (nrel < AK_LINK_MAX) {
			rc = insert_related(&l, id, cands[i].id,
			    cands[i].score, kind);
			if (rc != AK_OK)
				goto out;
			nrel++;
		}
		rc = offer(&l, cands[i].id, id, cands[i].score, kind);
		if (rc != AK_OK)
			goto out;
	}
out:
	linker_release(&l);
	free(cands);
	free(m.v);
	free(v);
	ak_link_terms_free(terms, nterms);
	return rc;
}

/* ---------------------------------------------------------------- listing */

static char *
col_dup(sqlite3_stmt *st, int i)
{
	const unsigned char *s = sqlite3_column_text(st, i);

	return s ? ak_xstrdup((const char *)s) : NULL;
}

static struct ak_related *
push(struct ak_related **v, size_t *n, size_t *cap)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 16;
		*v = ak_xreallocarray(*v, *cap, sizeof(**v));
	}
	memset(&(*v)[*n], 0, sizeof(**v));
	return &(*v)[(*n)++];
}

int
ak_related_list(struct ak_cache *c, int64_t id, struct ak_related **out,
	size_t *nout, struct ak_error *err)
{
	sqlite3 *db = ak_cache_db(c);
	sqlite3_stmt *st = NULL;
	struct ak_related *v = NULL, *r;
	size_t n = 0, cap = 0, nrefs, i;
	int rc, dup;

	*out = NULL;
	*nout = 0;
	rc = sqlite3_prepare_v2(db, "SELECT 1 FROM articles WHERE id = ?1", -1,
	    &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "related stories");
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_DONE)
		return ak_error_set(err, AK_ENOTFOUND, "no article %lld",
		    (long long)id);
	if (rc != SQLITE_ROW)
		return ak_cache_error(c, rc, err, "related stories");

	rc = sqlite3_prepare_v2(db, "SELECT r.target_id, r.title, r.summary, "
	    "p.name, a.published FROM refs r "
	    "LEFT JOIN articles a ON a.id = r.target_id "
	    "LEFT JOIN publishers p ON p.id = a.publisher_id "
	    "WHERE r.article_id = ?1 ORDER BY r.seq", -1, &st, NULL);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "related stories");
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		r = push(&v, &n, &cap);
		r->id = sqlite3_column_int64(st, 0);
		r->title = col_dup(st, 1);
		r->summary = col_dup(st, 2);
		r->publisher = col_dup(st, 3);
		r->published = col_dup(st, 4);
		r->kind = AK_REL_REF;
	}
	if (rc != SQLITE_DONE) {
		rc = ak_cache_error(c, rc, err, "related stories");
		goto out;
	}
	sqlite3_finalize(st);
	nrefs = n;

	rc = sqlite3_prepare_v2(db, "SELECT r.other_id, a.title, p.name, "
	    "a.published, r.score, r.kind FROM related r "
	    "JOIN articles a ON a.id = r.other_id "
	    "LEFT JOIN publishers p ON p.id = a.publisher_id "
	    "WHERE r.article_id = ?1 ORDER BY r.score DESC, r.other_id", -1,
	    &st, NULL);
	if (rc != SQLITE_OK) {
		st = NULL;
		rc = ak_cache_error(c, rc, err, "related stories");
		goto out;
	}
	sqlite3_bind_int64(st, 1, id);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		int64_t other = sqlite3_column_int64(st, 0);
		const char *kind = (const char *)sqlite3_column_text(st, 5);

		for (i = 0, dup = 0; i < nrefs && !dup; i++)
			dup = v[i].id == other;
		if (dup)
			continue;
		r = push(&v, &n, &cap);
		r->id = other;
		r->title = col_dup(st, 1);
		r->publisher = col_dup(st, 2);
		r->published = col_dup(st, 3);
		r->score = sqlite3_column_double(st, 4);
		r->kind = kind && strcmp(kind, ak_related_kind_name(
		    AK_REL_SAME_STORY)) == 0 ? AK_REL_SAME_STORY :
		    AK_REL_RELATED;
	}
	if (rc != SQLITE_DONE) {
		rc = ak_cache_error(c, rc, err, "related stories");
		goto out;
	}
	rc = AK_OK;
out:
	sqlite3_finalize(st);
	if (rc != AK_OK) {
		ak_related_free_array(v, n);
		return rc;
	}
	*out = v;
	*nout = n;
	return AK_OK;
}
