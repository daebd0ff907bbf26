/*
 * Full-text search (SQLite FTS5 over folded, stemmed text; bm25 ranking
 * with titles weighted up) and its query language: words, "phrases",
 * prefix*, -exclude, publisher:NAME, after:DATE, before:DATE.
 */
#ifndef AKHBAR_SEARCH_H
#define AKHBAR_SEARCH_H

#include <stddef.h>
#include <stdint.h>

struct ak_cache;
struct ak_article;
struct ak_error;

/*
 * Index (or re-index) article id.  Called by the importer for each
 * article added or updated, inside the input's transaction.
 */
int ak_search_index(struct ak_cache *c, int64_t id,
	const struct ak_article *a, struct ak_error *err);

struct ak_hit {
	int64_t id;
	char *title;
	char *publisher;
	char *published;
	double score;		/* higher is better */
	char *snippet;		/* original text around the match; matches in [ ] */
};

/*
 * Search; *hits is an array of *n hits, best first, freed with
 * ak_hits_free.  A query that cannot be parsed is searched as plain words
 * or gets AK_EINVAL with a one-line explanation, never a raw SQLite error.
 */
int ak_search(struct ak_cache *c, const char *query, int limit,
	struct ak_hit **hits, size_t *n, struct ak_error *err);
void ak_hits_free(struct ak_hit *hits, size_t n);

#endif
