/*
 * Related stories found by text similarity: TF-IDF over folded, stemmed
 * terms, through an inverted index of each article's strongest terms, so
 * the cost per imported article does not grow with the cache.  Plain code
 * over plain data: what is stored, and the page's own refs, are the
 * cache's (src/cache_related.c).
 */
#ifndef AKHBAR_LINK_H
#define AKHBAR_LINK_H

#include <stddef.h>
#include <stdint.h>

struct ak_article;
struct ak_error;
struct ak_stemmer;
struct ak_term;

/* How many found stories an article keeps (its "top 10"). */
#define AK_LINK_MAX 10

/* The tunables (overridable at build time, for the benchmarks). */
#ifndef AK_LINK_TOPK
#define AK_LINK_TOPK 48		/* terms kept per article: postings, vector */
#endif
#ifndef AK_LINK_SCAN
#define AK_LINK_SCAN 100	/* stored postings read per term */
#endif
#ifndef AK_LINK_SCAN_BATCH
#define AK_LINK_SCAN_BATCH 1000	/* postings of the batch read per term */
#endif
#ifndef AK_LINK_CANDIDATES
#define AK_LINK_CANDIDATES 60	/* articles scored exactly */
#endif
/* Below this cosine two articles are not related. */
#define AK_LINK_MIN_SCORE 0.08

/* A term of a vector: its id (a hash of the term) and its weight. */
struct ak_wterm {
	int64_t id;
	float w;
	int tf;			/* the weighted count; 0: not known */
};

/* An article's vector: its strongest terms, unit length. */
struct ak_link_vec {
	int64_t id;		/* the article */
	long days;		/* published, days since 1970, or -1 */
	struct ak_wterm *t;	/* strongest first; malloc'ed */
	size_t n;
};

/*
 * What the linker reads of the articles already linked (the cache gives
 * these: ak_cache_link_source).  Each returns AK_OK or an error.
 */
struct ak_link_source {
	/* The document count, and the document frequency of each of n
	 * term ids (0 for a term never seen). */
	int (*df)(void *ctx, const int64_t *terms, size_t n, int64_t *df,
		int64_t *ndocs, struct ak_error *err);
	/* The up to limit strongest postings of term, strongest first. */
	int (*postings)(void *ctx, int64_t term, int limit,
		void (*fn)(void *fctx, int64_t article, double w), void *fctx,
		struct ak_error *err);
	/* The stored vector of article (n = 0 if it has none); the caller
	 * frees v->t. */
	int (*vector)(void *ctx, int64_t article, struct ak_link_vec *v,
		struct ak_error *err);
	void *ctx;
};

/* A term of an article to link: its id and weighted count. */
struct ak_link_tf {
	int64_t id;		/* ak_link_term_id */
	int tf;
};

/* One article to link: added, or updated (and unlinked before). */
struct ak_link_doc {
	int64_t id;
	long days;			/* published, or -1 */
	const struct ak_link_tf *tf;	/* ak_link_tf_of; ids distinct */
	size_t ntf;
};

/* A document frequency to add. */
struct ak_link_df {
	int64_t id;
	int64_t add;
};

/* A related story: other enters article's list. */
struct ak_link_rel {
	int64_t article;
	int64_t other;
	double score;
	int same_story;
};

/*
 * A posting: article's weight for a term.  A term keeps only its
 * AK_LINK_SCAN strongest postings, the only ones a scan ever reads: a new
 * article's posting is stored when it enters them, and pushes out the
 * weakest (so a common term costs no write at all, and the index stops
 * growing with the cache).
 */
struct ak_link_post {
	int64_t term;
	int64_t article;
	double w;		/* as stored (a float) */
};

/* What linking a batch decided, for the cache to write. */
struct ak_link_result {
	struct ak_link_vec *vecs;	/* one per doc, in doc order */
	size_t nvecs;
	struct ak_link_df *dfs;		/* distinct terms of the batch */
	size_t ndfs;
	int64_t ndocs_add;
	struct ak_link_rel *lists;	/* the docs' own lists, each by score */
	size_t nlists;
	struct ak_link_rel *offers;	/* stored articles' candidates: the
					 * cache keeps each list's best */
	size_t noffers;
	struct ak_link_post *post_add;	/* postings to store */
	size_t npost_add;
	struct ak_link_post *post_del;	/* stored postings pushed out */
	size_t npost_del;
};

/*
 * Link a batch of articles: their vectors (weighted with the document
 * frequencies of the cache and the batch together), each one's related
 * stories among the stored articles and the rest of the batch, and the
 * stored articles whose lists they may enter.  Plain computation over
 * what src gives.  Release r with ak_link_result_release.
 *
 * AKHBAR_NO_LINK=1 in the environment makes it decide nothing: for
 * benchmarks that measure the importer without it.
 */
int ak_link_batch(const struct ak_link_doc *docs, size_t n,
	const struct ak_link_source *src, struct ak_link_result *r,
	struct ak_error *err);
void ak_link_result_release(struct ak_link_result *r);

/* The id of a term (a 48-bit hash; never 0, which counts documents). */
int64_t ak_link_term_id(const char *s, size_t len);

/*
 * The terms of ak_link_terms as ids and counts (two terms of one id
 * counted as one), what a batch keeps of each article until it is
 * linked.  *n gets their number; free the array.
 */
struct ak_link_tf *ak_link_tf_of(const struct ak_term *t, size_t nt,
	size_t *n);

/*
 * The same as ak_link_tf_of(ak_link_terms(...)), counted by id from the
 * start: no string per term.  NULL (err set) when the stop words cannot
 * be read.  st: a stemmer (one per thread), or NULL.
 */
struct ak_link_tf *ak_link_tf(struct ak_stemmer *st,
	const struct ak_article *a, size_t *n, struct ak_error *err);

/* The exact cosine of two vectors (each unit length). */
double ak_link_cosine(const struct ak_link_vec *a,
	const struct ak_link_vec *b);

/* One term of an article's vector, before IDF. */
struct ak_term {
	char *term;		/* folded and stemmed */
	int tf;			/* weighted count: title x3, subtitle x2 */
};

/*
 * The terms an article is linked by: title, subtitle and body blocks
 * (not refs, byline or publisher), folded, split into words, stop words,
 * numbers and one-letter words dropped, stemmed; words of a short name in
 * «» or quotation marks count twice; two terms of one id
 * (ak_link_term_id) are counted as the first.  *out is sorted by term,
 * freed with ak_link_terms_free.  AK_EIO when the stop-word list cannot
 * be read.
 */
int ak_link_terms(struct ak_stemmer *st, const struct ak_article *a,
	struct ak_term **out, size_t *n, struct ak_error *err);
void ak_link_terms_free(struct ak_term *t, size_t n);

/* Load the stop-word list now (before threads share it).  AK_EIO when
 * it cannot be read. */
int ak_link_load(struct ak_error *err);

/* Is the folded word w (len bytes) a stop word?  (Loads the list.) */
int ak_link_is_stop_word(const char *w, size_t len);

#endif
