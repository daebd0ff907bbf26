/*
 * Related stories: the page's own refs linked to cached articles, and the
 * stories akhbar finds related by text similarity (TF-IDF over folded,
 * stemmed terms, through an inverted index of each article's strongest
 * terms, so the cost per imported article does not grow with the cache).
 */
#ifndef AKHBAR_LINK_H
#define AKHBAR_LINK_H

#include <stddef.h>
#include <stdint.h>

struct ak_cache;
struct ak_article;
struct ak_related;
struct ak_error;

/* How many found stories an article keeps (its "top 10"). */
#define AK_LINK_MAX 10

/*
 * Called by the importer for each article it added or updated, inside the
 * input's transaction: store its term vector, compute its top related
 * stories and update the neighbours whose top list it enters.  An updated
 * article is unlinked first (its postings and every related row naming
 * it) and then linked as new.  Returns AK_OK, AK_ECACHE (or another code
 * of ak_cache_error), or AK_EIO when the stop-word list cannot be read.
 *
 * AKHBAR_NO_LINK=1 in the environment turns it into a no-op: for
 * benchmarks that measure the importer without it.
 */
int ak_link_article(struct ak_cache *c, int64_t id,
	const struct ak_article *a, struct ak_error *err);

/*
 * The related stories of article id, as the reader, `related`, `show` and
 * export show them: first the page's refs (kind AK_REL_REF, id 0 when no
 * cached article), then the found ones, most similar first (a found story
 * that a ref already links to is not listed twice).  *out is an array of
 * *n items, freed with ak_related_free_array.  AK_ENOTFOUND when there is
 * no article id.
 */
int ak_related_list(struct ak_cache *c, int64_t id, struct ak_related **out,
	size_t *n, struct ak_error *err);

/* One term of an article's vector, before IDF. */
struct ak_term {
	char *term;		/* folded and stemmed */
	int tf;			/* weighted count: title x3, subtitle x2 */
};

/*
 * The terms ak_link_article counts for a: title, subtitle and body blocks
 * (not refs, byline or publisher), folded, split into words, stop words,
 * numbers and one-letter words dropped, stemmed; words of a short name in
 * «» or quotation marks count twice.  *out is sorted by term, freed with
 * ak_link_terms_free.  AK_EIO when the stop-word list cannot be read.
 */
int ak_link_terms(const struct ak_article *a, struct ak_term **out,
	size_t *n, struct ak_error *err);
void ak_link_terms_free(struct ak_term *t, size_t n);

/* Is the folded word w (len bytes) a stop word?  (Loads the list.) */
int ak_link_is_stop_word(const char *w, size_t len);

#endif
