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

/*
 * Called by the importer for each article it added or updated, inside the
 * input's transaction: store its term vector, compute its top related
 * stories and update the neighbours whose top list it enters.
 */
int ak_link_article(struct ak_cache *c, int64_t id,
	const struct ak_article *a, struct ak_error *err);

/*
 * The related stories of article id, as the reader, `related`, `show` and
 * export show them: first the page's refs (kind AK_REL_REF, id 0 when no
 * cached article), then the found ones, most similar first.  *out is an
 * array of *n items, freed with ak_related_free_array.
 */
int ak_related_list(struct ak_cache *c, int64_t id, struct ak_related **out,
	size_t *n, struct ak_error *err);

#endif
