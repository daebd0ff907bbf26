/*
 * Related stories: text similarity between articles, computed as they
 * are imported, a batch at a time.  Plain code over plain data: what is
 * stored, and the page's own refs, are the cache's (src/cache_related.c,
 * src/cache_articles.c); this module reads what it needs through a
 * struct ak_link_source and says what to write in a struct
 * ak_link_result.
 *
 * The model.  An article is a vector of terms: the words of its title,
 * subtitle and body, folded and stemmed (text.h), without stop words
 * (assets/stopwords-ar.txt and a short English list), numbers and
 * one-letter words.  The title counts three times, the subtitle twice,
 * and a short name in «» or quotation marks twice.  A term weighs
 * (1 + ln tf) * ln(1 + N / df): log-scaled counts, smoothed IDF.  Only the
 * article's TOPK strongest terms are kept, at unit length: its vector
 * (what similarity is measured on: cosine over TOPK-term vectors) and its
 * postings in the inverted index (term, weight).
 *
 * Linking a batch.  Count the batch's terms into the document
 * frequencies (the cache's and the batch's together) and weigh every
 * vector.  For each term the vectors keep, read the SCAN strongest stored
 * postings once for the whole batch, and add the batch's own postings (an
 * inverted index in memory).  For each article, sum the partial dot
 * products per article met (stored or in the batch), compute the exact
 * cosine for the CANDIDATES best of those (stored vectors read once per
 * batch), and keep the best AK_LINK_MAX above MIN_SCORE as its related
 * stories; each stored candidate above MIN_SCORE is offered the article,
 * and the cache keeps it if it enters that list's best AK_LINK_MAX.  The
 * work is bounded by TOPK * SCAN postings and CANDIDATES vectors per
 * article, whatever the size of the cache, and a term shared by many
 * articles of a batch is read once: one article alone is a batch of one.
 *
 * Stale weights.  IDF moves as the cache grows.  A stored vector keeps
 * the terms chosen and the weights of the day it was linked (its postings
 * are read with those), but it keeps their counts too, and is weighed
 * again with today's IDF before it is scored (reweigh), so that two
 * articles are compared on today's terms however far apart they were
 * imported.  What drifts: which TOPK terms a stored article keeps and the
 * order of its postings.  Re-importing an article re-links it.  df and N only grow: an update counts as a new
 * version and a deletion does not uncount, so both count the same stream
 * of documents and IDF stays consistent without storing every article's
 * full term set.
 */
#include "config.h"

#include "akhbar/link.h"

#include <assert.h>
#include <math.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/paths.h"
#include "akhbar/text.h"

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

#define MIN_SCORE AK_LINK_MIN_SCORE
/* Stored vectors a batch keeps once read (48 terms: 770 bytes each):
 * 4.6 MiB, part of an update's peak memory (see AK_CACHE_BULK_MIB).  A
 * chunk of docs (CHUNK_DOCS) keeps all those it needs, more if need be:
 * 128 docs of 60 stored candidates each at most. */
#define MAX_STORED_VECTORS 6144
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
/* a hash set over stop_words: every word of every article is looked up */
static uint32_t *stop_slots;	/* index + 1, 0 empty */
static size_t stop_mask;
static int stop_state;		/* 0 not loaded, 1 loaded, -1 failed */
static char stop_error[400];

/* FNV-1a: stop words and an article's terms are hashed alike */
static uint32_t
term_hash(const char *s, size_t len)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= (unsigned char)s[i];
		h *= 16777619u;
	}
	return h;
}

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
	stop_mask = 63;
	while (stop_mask < nstop * 4)
		stop_mask = stop_mask * 2 + 1;
	stop_slots = ak_xcalloc(stop_mask + 1, sizeof(*stop_slots));
	for (i = 0; i < nstop; i++) {
		for (j = term_hash(stop_words[i], strlen(stop_words[i])) &
		    stop_mask; stop_slots[j]; j = (j + 1) & stop_mask)
			;
		stop_slots[j] = (uint32_t)i + 1;
	}
	stop_state = 1;
	return AK_OK;
}

static int
is_stop(const char *w, size_t len)
{
	size_t i;
	uint32_t k;

	if (!stop_slots)
		return 0;
	for (i = term_hash(w, len) & stop_mask; (k = stop_slots[i]) != 0;
	    i = (i + 1) & stop_mask) {
		const char *t = stop_words[k - 1];

		if (strncmp(t, w, len) == 0 && t[len] == '\0')
			return 1;
	}
	return 0;
}

int
ak_link_load(struct ak_error *err)
{
	return load_stop_words(err);
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
	struct ak_link_tf *ids;	/* the distinct terms' ids, counted */
	char **texts;		/* their texts, unless by_id */
	int by_id;
	size_t n, cap;
	uint32_t *slots;	/* open addressing: index + 1 into v */
	size_t nslots;
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

/*
 * Add tf to term s, counted by its id (a hash map: an article's words
 * repeat).  Two terms of one id are one term (see ak_link_term_id);
 * without by_id the first one's text is kept for ak_link_terms.
 */
static void
count_term(struct extract *x, const char *s, size_t len, int tf)
{
	int64_t id = ak_link_term_id(s, len);
	size_t i, mask;
	uint32_t k;

	if ((x->n + 1) * 2 > x->nslots) {
		size_t j;

		free(x->slots);
		x->nslots = x->nslots ? x->nslots * 2 : 512;
		x->slots = ak_xcalloc(x->nslots, sizeof(*x->slots));
		mask = x->nslots - 1;
		for (j = 0; j < x->n; j++) {
			for (i = (size_t)x->ids[j].id & mask; x->slots[i];
			    i = (i + 1) & mask)
				;
			x->slots[i] = (uint32_t)j + 1;
		}
	}
	mask = x->nslots - 1;
	for (i = (size_t)id & mask; (k = x->slots[i]) != 0;
	    i = (i + 1) & mask) {
		if (x->ids[k - 1].id == id) {
			x->ids[k - 1].tf += tf;
			return;
		}
	}
	if (x->n == x->cap) {
		x->cap = x->cap ? x->cap * 2 : 256;
		x->ids = ak_xreallocarray(x->ids, x->cap, sizeof(*x->ids));
		if (!x->by_id)
			x->texts = ak_xreallocarray(x->texts, x->cap,
			    sizeof(*x->texts));
	}
	x->ids[x->n].id = id;
	x->ids[x->n].tf = tf;
	if (!x->by_id)
		x->texts[x->n] = ak_xstrndup(s, len);
	x->slots[i] = (uint32_t)++x->n;
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
	count_term(x, s, slen, tf);
}

static void
extract_text(struct extract *x, const char *text, int boost)
{
	struct span *spans = NULL;
	size_t flen, nspans = 0;
	char *f;

	if (!text || !*text)
		return;
	f = ak_text_fold_st(x->st, text, strlen(text), &flen);
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

/* Count the terms of a into x (x->st and x->by_id set). */
static int
article_terms(struct extract *x, const struct ak_article *a,
	struct ak_error *err)
{
	size_t i;
	int rc;

	rc = load_stop_words(err);
	if (rc != AK_OK)
		return rc;
	extract_text(x, a->title, TITLE_BOOST);
	extract_text(x, a->subtitle, SUBTITLE_BOOST);
	for (i = 0; i < a->nblocks; i++)
		extract_text(x, a->blocks[i].text, 1);
	free(x->slots);
	x->slots = NULL;
	return AK_OK;
}

int
ak_link_terms(struct ak_stemmer *st, const struct ak_article *a,
	struct ak_term **out, size_t *n, struct ak_error *err)
{
	struct ak_stemmer *own = st ? NULL : ak_stemmer_new();
	struct extract x;
	size_t i;
	int rc;

	memset(&x, 0, sizeof(x));
	x.st = st ? st : own;
	rc = article_terms(&x, a, err);
	ak_stemmer_free(own);
	if (rc != AK_OK)
		return rc;
	*out = ak_xcalloc(x.n + 1, sizeof(**out));
	for (i = 0; i < x.n; i++) {
		(*out)[i].term = x.texts[i];
		(*out)[i].tf = x.ids[i].tf;
	}
	free(x.texts);
	free(x.ids);
	if (x.n > 1)
		qsort(*out, x.n, sizeof(**out), cmp_term);
	*n = x.n;
	return AK_OK;
}

static int
cmp_tf_id(const void *a, const void *b)
{
	const struct ak_link_tf *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

struct ak_link_tf *
ak_link_tf(struct ak_stemmer *st, const struct ak_article *a, size_t *n,
	struct ak_error *err)
{
	struct ak_stemmer *own = st ? NULL : ak_stemmer_new();
	struct extract x;
	int rc;

	memset(&x, 0, sizeof(x));
	x.st = st ? st : own;
	x.by_id = 1;
	rc = article_terms(&x, a, err);
	ak_stemmer_free(own);
	if (rc != AK_OK) {
		free(x.ids);
		*n = 0;
		return NULL;
	}
	/* exact size: a batch keeps thousands of these until it is linked */
	x.ids = ak_xreallocarray(x.ids, x.n + 1, sizeof(*x.ids));
	if (x.n > 1)
		qsort(x.ids, x.n, sizeof(*x.ids), cmp_tf_id);
	*n = x.n;
	return x.ids;
}

void
ak_link_terms_free(struct ak_term *t, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		free(t[i].term);
	free(t);
}

/* ---------------------------------------------------------------- weights */

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

/*
 * A term's id: a 48-bit hash of its text (FNV-1a), so that terms is one
 * B-tree (no second index on the text).  Two terms sharing an id (about
 * one chance in 500 among a million terms) only share a df.  Id 0 is the
 * document count.
 */
int64_t
ak_link_term_id(const char *s, size_t len)
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

static int
cmp_wterm_id(const void *a, const void *b)
{
	const struct ak_wterm *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_wterm_desc(const void *a, const void *b)
{
	const struct ak_wterm *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return x->id < y->id ? -1 : x->id > y->id;
}

/*
 * Move the k first of v[0..n) in cmp's order to the front, in any order
 * (quickselect: linear on average; cmp is a total order, so which k does
 * not depend on the order met).  Inline, so that each caller's cmp is.
 */
static inline void
select_first(void *base, size_t n, size_t size, size_t k,
	int (*cmp)(const void *, const void *))
{
	unsigned char *v = base, pivot[32], t[32];
	size_t lo = 0, hi = n - 1, i, j;

	assert(size <= sizeof(pivot) && k > 0 && k <= n);
	while (lo < hi) {
		memcpy(pivot, v + (lo + (hi - lo) / 2) * size, size);
		i = lo;
		j = hi;
		while (i <= j) {
			while (cmp(v + i * size, pivot) < 0)
				i++;
			while (cmp(v + j * size, pivot) > 0)
				j--;
			if (i <= j) {
				memcpy(t, v + i * size, size);
				memcpy(v + i * size, v + j * size, size);
				memcpy(v + j * size, t, size);
				i++;
				if (j == 0)
					break;
				j--;
			}
		}
		if (k - 1 <= j)
			hi = j;
		else if (k - 1 >= i)
			lo = i;
		else
			break;
	}
}

/* The dot product of two term lists sorted by id. */
static double
dot_sorted(const struct ak_wterm *a, size_t na, const struct ak_wterm *b,
	size_t nb)
{
	size_t i = 0, j = 0;
	double s = 0;

	/* without a branch on the order: ids met in no order the CPU can
	 * guess (the same sum, in the same order) */
	while (i < na && j < nb) {
		int64_t x = a[i].id, y = b[j].id;

		if (x == y)
			s += (double)a[i].w * b[j].w;
		i += x <= y;
		j += y <= x;
	}
	return s;
}

double
ak_link_cosine(const struct ak_link_vec *a, const struct ak_link_vec *b)
{
	struct ak_wterm *x, *y;
	double s;

	x = ak_xmalloc((a->n + 1) * sizeof(*x));
	y = ak_xmalloc((b->n + 1) * sizeof(*y));
	memcpy(x, a->t, a->n * sizeof(*x));
	memcpy(y, b->t, b->n * sizeof(*y));
	qsort(x, a->n, sizeof(*x), cmp_wterm_id);
	qsort(y, b->n, sizeof(*y), cmp_wterm_id);
	s = dot_sorted(x, a->n, y, b->n);
	free(x);
	free(y);
	return s;
}

/* ---------------------------------------------------------------- maps */

/* An open-addressing map from a nonzero int64 key to a slot index. */
struct imap {
	int64_t *keys;
	size_t *vals;
	size_t cap, n;
};

static size_t
hash_id(int64_t id)
{
	uint64_t h = (uint64_t)id * 0x9E3779B97F4A7C15ULL;

	return (size_t)(h >> 17);
}

static void imap_put(struct imap *m, int64_t key, size_t val);

static void
imap_grow(struct imap *m)
{
	struct imap old = *m;
	size_t i;

	m->cap = old.cap ? old.cap * 2 : 1024;
	m->keys = ak_xcalloc(m->cap, sizeof(*m->keys));
	m->vals = ak_xcalloc(m->cap, sizeof(*m->vals));
	m->n = 0;
	for (i = 0; i < old.cap; i++)
		if (old.keys[i])
			imap_put(m, old.keys[i], old.vals[i]);
	free(old.keys);
	free(old.vals);
}

/* The slot of key, or SIZE_MAX. */
static size_t
imap_get(const struct imap *m, int64_t key)
{
	size_t i;

	if (!m->cap)
		return SIZE_MAX;
	for (i = hash_id(key) & (m->cap - 1); m->keys[i];
	    i = (i + 1) & (m->cap - 1))
		if (m->keys[i] == key)
			return m->vals[i];
	return SIZE_MAX;
}

static void
imap_put(struct imap *m, int64_t key, size_t val)
{
	size_t i;

	if ((m->n + 1) * 2 > m->cap)
		imap_grow(m);
	for (i = hash_id(key) & (m->cap - 1); m->keys[i];
	    i = (i + 1) & (m->cap - 1)) {
		if (m->keys[i] == key) {
			m->vals[i] = val;
			return;
		}
	}
	m->keys[i] = key;
	m->vals[i] = val;
	m->n++;
}

static void
imap_clear(struct imap *m)
{
	if (m->cap) {
		memset(m->keys, 0, m->cap * sizeof(*m->keys));
		m->n = 0;
	}
}

static void
imap_release(struct imap *m)
{
	free(m->keys);
	free(m->vals);
	memset(m, 0, sizeof(*m));
}

/* ---------------------------------------------------------------- batch */

/*
 * A posting: an article and its weight for one term.  The article is a
 * slot of the batch: below ndocs, the doc of that index; from ndocs on,
 * the stored article slot_id[slot - ndocs].  Slots, not ids, so that
 * summing an article's partial dot products is an array index, not a
 * hash lookup per posting (a doc meets thousands), and 8 bytes, not 12:
 * a batch holds a million of these at 100,000 articles, the largest part
 * of an import's peak memory.  A float holds a stored weight exactly:
 * every one was a vector's float.
 */
struct post {
	uint32_t slot;
	float w;
};

/* The postings of one term: the stored ones, then the batch's. */
struct plist {
	struct post *v;
	size_t n, cap;
	size_t nstored;
};

struct cand {
	int64_t article;	/* a stored article, or -1 - doc index */
	double partial;
	double score;
};

struct batch {
	const struct ak_link_doc *docs;
	size_t ndocs;
	const struct ak_link_source *src;
	struct ak_error *err;
	struct ak_link_result *r;
	struct ak_wterm **byid;		/* each doc's vector sorted by id */
	struct imap terms;		/* term id -> index in r->dfs */
	struct plist *plists;		/* per index in r->dfs */
	int64_t *df;			/* per index in r->dfs: df now */
	double now_n;			/* N now, the batch counted */
	struct imap xterms;		/* other terms met -> index in xdf */
	int64_t *xdf;
	size_t nxdf, capxdf;
	struct imap vecs;		/* stored article -> index in svecs */
	struct imap want;		/* stored vectors a chunk needs */
	struct ak_link_vec *svecs;	/* stored vectors read */
	size_t nsvecs, capsvecs;
	struct imap slots;		/* stored article -> its slot */
	int64_t *slot_id;		/* per stored slot (slot - ndocs) */
	size_t nslot_ids, capslot_ids;
	size_t caplists, capoffers;
	size_t nread;			/* stored vectors read */
};

static void
plist_add(struct plist *l, uint32_t slot, double w)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 8;
		l->v = ak_xreallocarray(l->v, l->cap, sizeof(*l->v));
	}
	l->v[l->n].slot = slot;
	l->v[l->n++].w = (float)w;
}

/* The article of a slot: stored, or -1 - doc index. */
static int64_t
slot_article(const struct batch *b, uint32_t slot)
{
	return slot < b->ndocs ? -1 - (int64_t)slot :
	    b->slot_id[slot - b->ndocs];
}

/* Where the stored postings of one term go. */
struct reading {
	struct batch *b;
	struct plist *l;
};

static void
stored_posting(void *ctx, int64_t article, double w)
{
	struct reading *x = ctx;
	struct batch *b = x->b;
	size_t s = imap_get(&b->slots, article);

	if (s == SIZE_MAX) {
		if (b->nslot_ids == b->capslot_ids) {
			b->capslot_ids = b->capslot_ids ? b->capslot_ids * 2 :
			    1024;
			b->slot_id = ak_xreallocarray(b->slot_id,
			    b->capslot_ids, sizeof(*b->slot_id));
		}
		s = b->ndocs + b->nslot_ids;
		assert(s < UINT32_MAX);
		b->slot_id[b->nslot_ids++] = article;
		imap_put(&b->slots, article, s);
	}
	plist_add(x->l, (uint32_t)s, w);
}

/* The batch's postings of a term, strongest first (ties: the later doc
 * first, as when they were ordered by -1 - doc index). */
static int
cmp_post_desc(const void *a, const void *b)
{
	const struct post *x = a, *y = b;

	if (x->w != y->w)
		return x->w < y->w ? 1 : -1;
	return x->slot < y->slot ? 1 : x->slot > y->slot ? -1 : 0;
}

struct ak_link_tf *
ak_link_tf_of(const struct ak_term *t, size_t nt, size_t *n)
{
	struct ak_link_tf *v = ak_xmalloc((nt + 1) * sizeof(*v));
	size_t i, j;

	for (i = 0; i < nt; i++) {
		v[i].id = ak_link_term_id(t[i].term, strlen(t[i].term));
		v[i].tf = t[i].tf;
	}
	if (nt > 1)
		qsort(v, nt, sizeof(*v), cmp_tf_id);
	for (i = j = 0; i < nt; i++) {
		if (j > 0 && v[j - 1].id == v[i].id)
			v[j - 1].tf += v[i].tf;	/* a collision: one term */
		else
			v[j++] = v[i];
	}
	*n = j;
	return v;
}

/* The distinct terms of the batch, their document frequencies, and
 * every article's vector. */
static int
count_terms(struct batch *b)
{
	struct ak_link_result *r = b->r;
	int64_t *ids, *df, ndocs = 0;
	size_t i, j, cap = 0;
	int rc;

	for (i = 0; i < b->ndocs; i++) {
		const struct ak_link_doc *d = &b->docs[i];

		for (j = 0; j < d->ntf; j++) {
			int64_t id = d->tf[j].id;
			size_t x = imap_get(&b->terms, id);

			if (x == SIZE_MAX) {
				if (r->ndfs == cap) {
					cap = cap ? cap * 2 : 1024;
					r->dfs = ak_xreallocarray(r->dfs, cap,
					    sizeof(*r->dfs));
				}
				x = r->ndfs++;
				r->dfs[x].id = id;
				r->dfs[x].add = 0;
				imap_put(&b->terms, id, x);
			}
			r->dfs[x].add++;	/* ids are distinct in a doc */
		}
	}
	r->ndocs_add = (int64_t)b->ndocs;
	ids = ak_xmalloc((r->ndfs + 1) * sizeof(*ids));
	df = ak_xmalloc((r->ndfs + 1) * sizeof(*df));
	for (i = 0; i < r->ndfs; i++)
		ids[i] = r->dfs[i].id;
	rc = b->src->df(b->src->ctx, ids, r->ndfs, df, &ndocs, b->err);
	if (rc == AK_OK) {
		double n = (double)(ndocs + r->ndocs_add);

		b->now_n = n;
		b->df = ak_xmalloc((r->ndfs + 1) * sizeof(*b->df));
		for (i = 0; i < r->ndfs; i++)
			b->df[i] = df[i] + r->dfs[i].add;

		/* the weights of the batch: every vector at once */
		r->vecs = ak_xcalloc(b->ndocs + 1, sizeof(*r->vecs));
		b->byid = ak_xcalloc(b->ndocs + 1, sizeof(*b->byid));
		r->nvecs = b->ndocs;
		for (i = 0; i < b->ndocs; i++) {
			const struct ak_link_doc *d = &b->docs[i];
			struct ak_link_vec *v = &r->vecs[i];
			double norm = 0;

			v->id = d->id;
			v->days = d->days;
			v->t = ak_xcalloc(d->ntf + 1, sizeof(*v->t));
			for (j = 0; j < d->ntf; j++) {
				size_t x = imap_get(&b->terms, d->tf[j].id);

				v->t[v->n].id = d->tf[j].id;
				v->t[v->n].tf = d->tf[j].tf;
				v->t[v->n++].w = (float)term_weight(
				    d->tf[j].tf, n,
				    (double)(df[x] + r->dfs[x].add));
			}
			/* the TOPK strongest of hundreds of terms */
			if (v->n > TOPK) {
				select_first(v->t, v->n, sizeof(*v->t), TOPK,
				    cmp_wterm_desc);
				v->n = TOPK;
			}
			qsort(v->t, v->n, sizeof(*v->t), cmp_wterm_desc);
			for (j = 0; j < v->n; j++)
				norm += (double)v->t[j].w * v->t[j].w;
			norm = sqrt(norm);
			for (j = 0; j < v->n && norm > 0; j++)
				v->t[j].w = (float)(v->t[j].w / norm);
			b->byid[i] = ak_xmalloc((v->n + 1) *
			    sizeof(*b->byid[i]));
			memcpy(b->byid[i], v->t, v->n * sizeof(*v->t));
			qsort(b->byid[i], v->n, sizeof(*v->t), cmp_wterm_id);
		}
	}
	free(ids);
	free(df);
	return rc;
}

/* The postings of every term the batch's vectors keep. */
static int
read_postings(struct batch *b)
{
	struct ak_link_result *r = b->r;
	size_t i, j, *nbatch;
	int rc = AK_OK;

	/*
	 * Each list is made its exact size once its stored postings are
	 * read: the batch's count per term first.  (Doubling left up to
	 * half of a million postings' memory unused at 100,000 articles.)
	 */
	nbatch = ak_xcalloc(r->ndfs + 1, sizeof(*nbatch));
	for (i = 0; i < b->ndocs; i++)
		for (j = 0; j < r->vecs[i].n; j++)
			nbatch[imap_get(&b->terms, r->vecs[i].t[j].id)]++;
	b->plists = ak_xcalloc(r->ndfs + 1, sizeof(*b->plists));
	for (i = 0; i < b->ndocs && rc == AK_OK; i++) {
		for (j = 0; j < r->vecs[i].n; j++) {
			size_t x = imap_get(&b->terms, r->vecs[i].t[j].id);
			struct plist *l = &b->plists[x];

			if (l->n == 0 && l->cap == 0) {
				struct reading rd = { b, l };

				rc = b->src->postings(b->src->ctx,
				    r->vecs[i].t[j].id, SCAN, stored_posting,
				    &rd, b->err);
				if (rc != AK_OK)
					break;
				l->nstored = l->n;
				l->cap = l->n + nbatch[x];
				l->v = ak_xreallocarray(l->v, l->cap + 1,
				    sizeof(*l->v));
			}
			plist_add(l, (uint32_t)i, r->vecs[i].t[j].w);
		}
	}
	free(nbatch);
	imap_release(&b->slots);	/* slot_id says the way back */
	if (rc != AK_OK)
		return rc;
	/* the batch's own postings, strongest first */
	for (i = 0; i < r->ndfs; i++) {
		struct plist *l = &b->plists[i];

		if (l->n > l->nstored + 1)
			qsort(l->v + l->nstored, l->n - l->nstored,
			    sizeof(*l->v), cmp_post_desc);
	}
	return AK_OK;
}

static void
add_post(struct ak_link_post **v, size_t *n, size_t *cap, int64_t term,
	int64_t article, double w)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*v = ak_xreallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[*n].term = term;
	(*v)[*n].article = article;
	(*v)[(*n)++].w = w;
}

/*
 * Which postings to store and which stored ones they push out: of each
 * term, the SCAN strongest of the stored ones read and the batch's.
 */
static void
choose_postings(struct batch *b)
{
	struct ak_link_result *r = b->r;
	size_t x, i, j, kept, capa = 0, capd = 0;

	for (x = 0; x < r->ndfs; x++) {
		const struct plist *l = &b->plists[x];

		if (l->cap == 0)
			continue;	/* in no vector's TOPK */
		i = 0;
		j = l->nstored;
		for (kept = 0; i < l->nstored || j < l->n; kept++) {
			/* a tie: the batch's first */
			int stored = j >= l->n || (i < l->nstored &&
			    l->v[i].w > l->v[j].w);
			const struct post *p = stored ? &l->v[i++] :
			    &l->v[j++];

			if (kept < SCAN && !stored)
				add_post(&r->post_add, &r->npost_add, &capa,
				    r->dfs[x].id, r->vecs[p->slot].id, p->w);
			else if (kept >= SCAN && stored)
				add_post(&r->post_del, &r->npost_del, &capd,
				    r->dfs[x].id, slot_article(b, p->slot),
				    p->w);
		}
	}
}

/*
 * What one thread needs to find a doc's candidates: per slot of the
 * batch, a partial dot product and the doc it is for (1 + its index),
 * and the slots the doc met.
 */
struct worker {
	double *acc;
	uint32_t *stamp;
	uint32_t *touched;
	struct cand *cands;
	size_t capcands;
};

static void
worker_init(struct worker *w, size_t nslots)
{
	w->acc = ak_xmalloc((nslots + 1) * sizeof(*w->acc));
	w->stamp = ak_xcalloc(nslots + 1, sizeof(*w->stamp));
	w->touched = ak_xmalloc((nslots + 1) * sizeof(*w->touched));
	w->cands = NULL;
	w->capcands = 0;
}

static void
worker_release(struct worker *w)
{
	free(w->acc);
	free(w->stamp);
	free(w->touched);
	free(w->cands);
}

/* Add partial to the sum of slot s for the doc of stamp gen. */
static inline void
acc_add(struct worker *w, uint32_t s, uint32_t gen, double partial,
	size_t *nt)
{
	if (w->stamp[s] != gen) {
		w->stamp[s] = gen;
		w->acc[s] = partial;
		w->touched[(*nt)++] = s;
	} else {
		w->acc[s] += partial;
	}
}

static int
cmp_partial_desc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->partial != y->partial)
		return x->partial < y->partial ? 1 : -1;
	return x->article < y->article ? -1 : x->article > y->article;
}

static int
cmp_score_desc(const void *a, const void *b)
{
	const struct cand *x = a, *y = b;

	if (x->score != y->score)
		return x->score < y->score ? 1 : -1;
	return x->article < y->article ? -1 : x->article > y->article;
}

/*
 * Weigh a stored vector again with today's document frequencies (those of
 * the batch's terms are known; the others are read once per batch), so
 * that an article linked long ago is compared on today's terms: scored
 * with the weights of its own day, the first articles of a cache kept
 * 87% of their exact top 5 against 95% for later ones.  Which terms it
 * keeps stays as chosen then.  A vector stored without counts keeps its
 * weights.
 */
static int
reweigh(struct batch *b, struct ak_link_vec *v)
{
	int64_t *ids, *df, nd;
	size_t i, nmiss = 0;
	double norm = 0;
	int rc;

	for (i = 0; i < v->n; i++)
		if (v->t[i].tf <= 0)
			return AK_OK;
	ids = ak_xmalloc((v->n + 1) * sizeof(*ids));
	df = ak_xmalloc((v->n + 1) * sizeof(*df));
	for (i = 0; i < v->n; i++)
		if (imap_get(&b->terms, v->t[i].id) == SIZE_MAX &&
		    imap_get(&b->xterms, v->t[i].id) == SIZE_MAX)
			ids[nmiss++] = v->t[i].id;
	rc = nmiss ? b->src->df(b->src->ctx, ids, nmiss, df, &nd, b->err) :
	    AK_OK;
	for (i = 0; rc == AK_OK && i < nmiss; i++) {
		if (imap_get(&b->xterms, ids[i]) != SIZE_MAX)
			continue;	/* twice in one vector: a collision */
		if (b->nxdf == b->capxdf) {
			b->capxdf = b->capxdf ? b->capxdf * 2 : 1024;
			b->xdf = ak_xreallocarray(b->xdf, b->capxdf,
			    sizeof(*b->xdf));
		}
		b->xdf[b->nxdf] = df[i];
		imap_put(&b->xterms, ids[i], b->nxdf++);
	}
	for (i = 0; rc == AK_OK && i < v->n; i++) {
		size_t x = imap_get(&b->terms, v->t[i].id);
		double d = x != SIZE_MAX ? (double)b->df[x] :
		    (double)b->xdf[imap_get(&b->xterms, v->t[i].id)];

		v->t[i].w = (float)term_weight(v->t[i].tf, b->now_n, d);
		norm += (double)v->t[i].w * v->t[i].w;
	}
	norm = sqrt(norm);
	for (i = 0; rc == AK_OK && i < v->n && norm > 0; i++)
		v->t[i].w = (float)(v->t[i].w / norm);
	free(ids);
	free(df);
	return rc;
}

/* Forget the stored vectors read. */
static void
forget_vectors(struct batch *b)
{
	size_t i;

	for (i = 0; i < b->nsvecs; i++)
		free(b->svecs[i].t);
	b->nsvecs = 0;
	imap_clear(&b->vecs);
}

/* A stored article's vector (read once per batch), sorted by id. */
static int
stored_vector(struct batch *b, int64_t article, struct ak_link_vec **out)
{
	size_t x = imap_get(&b->vecs, article);
	struct ak_link_vec *v;
	int rc;

	if (x == SIZE_MAX) {
		if (b->nsvecs == b->capsvecs) {
			b->capsvecs = b->capsvecs ? b->capsvecs * 2 : 256;
			b->svecs = ak_xreallocarray(b->svecs, b->capsvecs,
			    sizeof(*b->svecs));
		}
		v = &b->svecs[b->nsvecs];
		memset(v, 0, sizeof(*v));
		b->nread++;
		rc = b->src->vector(b->src->ctx, article, v, b->err);
		if (rc == AK_OK)
			rc = reweigh(b, v);
		if (rc != AK_OK) {
			free(v->t);
			return rc;
		}
		if (v->n > 1)
			qsort(v->t, v->n, sizeof(*v->t), cmp_wterm_id);
		x = b->nsvecs++;
		imap_put(&b->vecs, article, x);
	}
	*out = &b->svecs[x];
	return AK_OK;
}

static int
same_story(double score, long a, long b)
{
	return score >= SAME_STORY && (a < 0 || b < 0 ||
	    labs(a - b) <= SAME_STORY_DAYS);
}

static void
add_rel(struct ak_link_rel **v, size_t *n, size_t *cap, int64_t article,
	int64_t other, double score, int same)
{
	if (*n == *cap) {
		*cap = *cap ? *cap * 2 : 1024;
		*v = ak_xreallocarray(*v, *cap, sizeof(**v));
	}
	(*v)[*n].article = article;
	(*v)[*n].other = other;
	(*v)[*n].score = score;
	(*v)[(*n)++].same_story = same;
}

/* One doc's share of linking: its candidates, then what it decided. */
struct docwork {
	size_t i;			/* the doc */
	struct cand *cands;		/* its best CANDIDATES */
	size_t ncands;
	struct ak_link_rel *lists, *offers;
	size_t nlists, noffers, caplists, capoffers;
};

/* Doc dw->i's CANDIDATES best articles by partial dot product. */
static void
doc_candidates(const struct batch *b, struct worker *w, struct docwork *dw)
{
	const struct ak_link_vec *v = &b->r->vecs[dw->i];
	uint32_t gen = (uint32_t)dw->i + 1;
	size_t j, k, lim, nt;

	/* the partial dot product of every article met, summed in the
	 * order met; the stamp tells this doc's sums from the last's */
	for (j = nt = 0; j < v->n; j++) {
		const struct plist *l =
		    &b->plists[imap_get(&b->terms, v->t[j].id)];
		double wt = (double)v->t[j].w;

		for (k = 0; k < l->nstored; k++)
			acc_add(w, l->v[k].slot, gen, wt * l->v[k].w, &nt);
		lim = l->n - l->nstored > AK_LINK_SCAN_BATCH ?
		    l->nstored + AK_LINK_SCAN_BATCH : l->n;
		for (k = l->nstored; k < lim; k++)
			if (l->v[k].slot != (uint32_t)dw->i)
				acc_add(w, l->v[k].slot, gen,
				    wt * l->v[k].w, &nt);
	}
	if (nt > w->capcands) {
		w->capcands = nt;
		w->cands = ak_xreallocarray(w->cands, w->capcands,
		    sizeof(*w->cands));
	}
	for (k = 0; k < nt; k++) {
		w->cands[k].article = slot_article(b, w->touched[k]);
		w->cands[k].partial = w->acc[w->touched[k]];
		w->cands[k].score = 0;
	}
	if (nt > CANDIDATES) {
		select_first(w->cands, nt, sizeof(*w->cands), CANDIDATES,
		    cmp_partial_desc);
		nt = CANDIDATES;
	}
	dw->cands = ak_xmalloc((nt + 1) * sizeof(*dw->cands));
	if (nt > 0)
		memcpy(dw->cands, w->cands, nt * sizeof(*dw->cands));
	dw->ncands = nt;
}

/* The stored vectors the docs' candidates need, read (the cache's
 * source is one connection: this thread only). */
static int
read_candidates(struct batch *b, struct docwork *dw, size_t n)
{
	struct ak_link_vec *sv;
	size_t d, k;
	int rc;

	/* room for all of them at once, the others forgotten if need be:
	 * memory, not time, is what is short */
	imap_clear(&b->want);
	for (d = 0; d < n; d++)
		for (k = 0; k < dw[d].ncands; k++)
			if (dw[d].cands[k].article >= 0 &&
			    imap_get(&b->vecs, dw[d].cands[k].article) ==
			    SIZE_MAX)
				imap_put(&b->want, dw[d].cands[k].article, 0);
	if (b->want.n > 0 && b->nsvecs + b->want.n > MAX_STORED_VECTORS)
		forget_vectors(b);
	for (d = 0; d < n; d++) {
		for (k = 0; k < dw[d].ncands; k++) {
			if (dw[d].cands[k].article < 0)
				continue;
			rc = stored_vector(b, dw[d].cands[k].article, &sv);
			if (rc != AK_OK)
				return rc;
		}
	}
	return AK_OK;
}

/* Doc dw->i's related stories, and its offers to stored articles, from
 * its candidates' exact cosines (their stored vectors read). */
static void
doc_links(const struct batch *b, struct docwork *dw)
{
	const struct ak_link_result *r = b->r;
	const struct ak_link_vec *v = &r->vecs[dw->i];
	const struct ak_link_vec *sv;
	size_t k, nkept;

	for (k = 0; k < dw->ncands; k++) {
		struct cand *c = &dw->cands[k];

		if (c->article < 0) {
			size_t e = (size_t)(-1 - c->article);

			c->score = dot_sorted(b->byid[dw->i], v->n,
			    b->byid[e], r->vecs[e].n);
		} else {
			sv = &b->svecs[imap_get(&b->vecs, c->article)];
			/* a posting of an article since deleted: no vector */
			c->score = sv->n ? dot_sorted(b->byid[dw->i], v->n,
			    sv->t, sv->n) : 0;
		}
	}
	if (dw->ncands > 1)
		qsort(dw->cands, dw->ncands, sizeof(*dw->cands),
		    cmp_score_desc);
	for (k = nkept = 0; k < dw->ncands && dw->cands[k].score >= MIN_SCORE;
	    k++) {
		struct cand *c = &dw->cands[k];
		int64_t other;
		long days;

		if (c->article < 0) {
			other = r->vecs[-1 - c->article].id;
			days = r->vecs[-1 - c->article].days;
		} else {
			other = c->article;
			days = b->svecs[imap_get(&b->vecs, c->article)].days;
		}
		if (other == v->id)
			continue;
		if (nkept < AK_LINK_MAX) {
			add_rel(&dw->lists, &dw->nlists, &dw->caplists, v->id,
			    other, c->score, same_story(c->score, v->days,
			    days));
			nkept++;
		}
		if (c->article >= 0)
			add_rel(&dw->offers, &dw->noffers, &dw->capoffers,
			    other, v->id, c->score, same_story(c->score,
			    v->days, days));
	}
}

/*
 * The docs of a chunk are linked on two threads: finding candidates and
 * scoring them are plain code over the batch (read only); reading the
 * stored vectors between the two is the caller's, on its connection.
 * While a batch is linked the parsers mostly wait for the storer (their
 * queue is full), so the second core is free.
 */
#define CHUNK_DOCS 128
#define MIN_SHARED 32	/* fewer docs: one thread */

struct half {
	const struct batch *b;
	struct worker *w;
	struct docwork *dw;
	size_t n;
	int scoring;		/* 0: candidates, 1: links */
};

static void
run_half(struct half *h)
{
	size_t d;

	for (d = 0; d < h->n; d++) {
		if (h->scoring)
			doc_links(h->b, &h->dw[d]);
		else
			doc_candidates(h->b, h->w, &h->dw[d]);
	}
}

static void *
half_main(void *arg)
{
	run_half(arg);
	return NULL;
}

/* AKHBAR_LINK_THREADS=1: one thread (the tests compare the two). */
static int
one_thread(void)
{
	const char *e = getenv("AKHBAR_LINK_THREADS");

	return e && strcmp(e, "1") == 0;
}

/* Run a step over dw[0..n): the second half on another thread. */
static void
both_halves(const struct batch *b, struct worker *w, struct docwork *dw,
	size_t n, int scoring)
{
	struct half h[2];
	pthread_t t;
	size_t mid = n / 2;

	h[0] = (struct half){ b, &w[0], dw, mid, scoring };
	h[1] = (struct half){ b, &w[1], dw + mid, n - mid, scoring };
	if (n < MIN_SHARED || one_thread() ||
	    pthread_create(&t, NULL, half_main, &h[1]) != 0) {
		h[0].n = n;
		run_half(&h[0]);
		return;
	}
	run_half(&h[0]);
	pthread_join(t, NULL);
}

/* Link the docs in order[0..n), a chunk at a time. */
static int
link_docs(struct batch *b, const size_t *order, size_t n)
{
	struct ak_link_result *r = b->r;
	struct worker w[2];
	struct docwork *dw = ak_xcalloc(CHUNK_DOCS + 1, sizeof(*dw));
	size_t nslots = b->ndocs + b->nslot_ids, at, m, d, k;
	int rc = AK_OK;

	worker_init(&w[0], nslots);
	worker_init(&w[1], n >= MIN_SHARED ? nslots : 0);
	for (at = 0; at < n && rc == AK_OK; at += m) {
		m = n - at > CHUNK_DOCS ? CHUNK_DOCS : n - at;
		memset(dw, 0, m * sizeof(*dw));
		for (d = 0; d < m; d++)
			dw[d].i = order[at + d];
		both_halves(b, w, dw, m, 0);
		rc = read_candidates(b, dw, m);
		if (rc == AK_OK)
			both_halves(b, w, dw, m, 1);
		for (d = 0; d < m; d++) {
			for (k = 0; rc == AK_OK && k < dw[d].nlists; k++)
				add_rel(&r->lists, &r->nlists, &b->caplists,
				    dw[d].lists[k].article,
				    dw[d].lists[k].other, dw[d].lists[k].score,
				    dw[d].lists[k].same_story);
			for (k = 0; rc == AK_OK && k < dw[d].noffers; k++)
				add_rel(&r->offers, &r->noffers,
				    &b->capoffers, dw[d].offers[k].article,
				    dw[d].offers[k].other,
				    dw[d].offers[k].score,
				    dw[d].offers[k].same_story);
			free(dw[d].cands);
			free(dw[d].lists);
			free(dw[d].offers);
		}
	}
	free(dw);
	worker_release(&w[0]);
	worker_release(&w[1]);
	return rc;
}

struct doc_key {
	int64_t key;
	size_t i;
};

static int
cmp_doc_key(const void *a, const void *b)
{
	const struct doc_key *x = a, *y = b;

	if (x->key != y->key)
		return x->key < y->key ? -1 : 1;
	return x->i < y->i ? -1 : x->i > y->i;
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
ak_link_batch(const struct ak_link_doc *docs, size_t n,
	const struct ak_link_source *src, struct ak_link_result *r,
	struct ak_error *err)
{
	struct batch b;
	size_t i;
	int rc = AK_OK;

	memset(r, 0, sizeof(*r));
	if (n == 0 || no_link())
		return AK_OK;
	memset(&b, 0, sizeof(b));
	b.docs = docs;
	b.ndocs = n;
	b.src = src;
	b.err = err;
	b.r = r;
	rc = count_terms(&b);
	if (rc == AK_OK)
		rc = read_postings(&b);
	if (rc == AK_OK)
		choose_postings(&b);
	if (rc == AK_OK) {
		/*
		 * The docs by their strongest term, so that those about one
		 * story come together and find the stored vectors they share
		 * still read (MAX_STORED_VECTORS): the lists do not depend
		 * on the order.
		 */
		struct doc_key *order = ak_xmalloc((n + 1) * sizeof(*order));
		size_t *idx = ak_xmalloc((n + 1) * sizeof(*idx));

		for (i = 0; i < n; i++) {
			order[i].key = r->vecs[i].n ? r->vecs[i].t[0].id : 0;
			order[i].i = i;
		}
		qsort(order, n, sizeof(*order), cmp_doc_key);
		for (i = 0; i < n; i++)
			idx[i] = order[i].i;
		rc = link_docs(&b, idx, n);
		free(idx);
		free(order);
	}
	if (getenv("AKHBAR_IMPORT_TIMING")) {
		size_t np = 0;

		for (i = 0; i < r->ndfs; i++)
			np += b.plists[i].n;
		fprintf(stderr, "link batch: %zu docs, %zu terms, %zu postings, "
		    "%zu stored vectors read\n", n, r->ndfs, np, b.nread);
	}
	for (i = 0; b.byid && i < n; i++)
		free(b.byid[i]);
	free(b.byid);
	for (i = 0; b.plists && i < r->ndfs; i++)
		free(b.plists[i].v);
	free(b.plists);
	for (i = 0; i < b.nsvecs; i++)
		free(b.svecs[i].t);
	free(b.svecs);
	imap_release(&b.terms);
	imap_release(&b.xterms);
	free(b.df);
	free(b.xdf);
	imap_release(&b.vecs);
	imap_release(&b.want);
	free(b.slot_id);

	if (rc != AK_OK)
		ak_link_result_release(r);
	return rc;
}

void
ak_link_result_release(struct ak_link_result *r)
{
	size_t i;

	for (i = 0; i < r->nvecs; i++)
		free(r->vecs[i].t);
	free(r->vecs);
	free(r->dfs);
	free(r->lists);
	free(r->offers);
	free(r->post_add);
	free(r->post_del);
	memset(r, 0, sizeof(*r));
}
