/*
 * Full-text search (SQLite FTS5 over folded, stemmed text; bm25 ranking
 * with titles weighted up) and its query language: words, "phrases",
 * prefix*, -exclude, publisher:NAME, after:DATE, before:DATE.
 *
 * Terms.  A word is folded (text.h), stripped of a leading definite
 * article (ال وال فال بال كال لل, when two letters or more remain) and
 * stemmed (Snowball), the same way for the index and the query, so
 * «اعلان» finds «الإعلان» and «مستشار» finds «المستشارين».  A prefix
 * query finds the words that start with it: through their stems, or
 * through the surface forms the index keeps of the words whose stem is
 * not the word less a letter or two (search.c); a prefix that is a stem
 * and a letter or two the stemmer strips also finds that stem's words:
 * «اميركي*» finds «الأميركية» (stem «اميرك») and «أميركا» too.
 *
 * The query language (case-insensitive operators; everything else is
 * text, never FTS5 syntax: each term goes to MATCH quoted):
 *   word          articles with the word (all words must be there)
 *   "a phrase"    the words next to each other, in this order
 *   pre*          a word starting with pre (two letters at least)
 *   -word         articles without the word (also -"a phrase", -pre*)
 *   publisher:NAME, publisher:"TWO WORDS"
 *                 from a publisher whose name holds NAME's words
 *                 (several: any of them)
 *   after:DATE    published on DATE or later (YYYY, YYYY-MM or
 *                 YYYY-MM-DD; Arabic-Indic digits too)
 *   before:DATE   published before DATE
 * An unbalanced quote is read as if it were not there (plain words).
 * A query with nothing to look for (empty, only -exclusions with no
 * filter, only punctuation), a bad date or an empty publisher: is
 * AK_EINVAL with a one-line explanation.  Filters alone list the
 * matching articles newest first.
 */
#ifndef AKHBAR_SEARCH_H
#define AKHBAR_SEARCH_H

#include <stddef.h>
#include <stdint.h>

struct ak_cache;
struct ak_article;
struct ak_error;
struct ak_stemmer;

/*
 * The search row of an article: its AK_FTS_COLS columns (cache.h) of
 * terms and surface words (new strings, freed with
 * ak_search_columns_free).  st: a stemmer (one per thread), or NULL.
 * Plain computation: the importer makes them on its parsing thread.
 */
void ak_search_columns(struct ak_stemmer *st, const struct ak_article *a,
	char *cols[6]);
void ak_search_columns_free(char *cols[6]);

/*
 * Index (or re-index) article id: its columns, written to the cache.
 * (The articles delete trigger removes an article's index row.)
 */
int ak_search_index(struct ak_cache *c, int64_t id,
	const struct ak_article *a, struct ak_error *err);

/*
 * Re-index every article from its stored text (after a change of the
 * indexing rules, or for a cache filled without the index).  Runs in one
 * transaction; *n (may be NULL) gets the number of articles indexed.
 */
int ak_search_reindex(struct ak_cache *c, long *n, struct ak_error *err);

/* One positive term of a query, as matches are marked. */
struct ak_search_term {
	char *text;		/* a word: its stem; a prefix: folded */
	int prefix;		/* matches stems and words starting with text */
	char *stem;		/* a prefix: stems starting with this match
				 * too (search.c prefix_stem), or NULL */
};

/* A parsed query. */
struct ak_search_query {
	char *match;		/* FTS5 expression, every term quoted; NULL
				 * when the query has no positive text term */
	char *exclude;		/* FTS5 expression of the -terms, or NULL */
	char **publishers;	/* publisher:NAME title keys (any of them) */
	size_t npublishers;
	char *after;		/* "YYYY[-MM[-DD]]": published >= after */
	char *before;		/* published < before */
	int fallback;		/* an unbalanced quote was dropped */
	struct ak_search_term *terms;	/* for marking matches */
	size_t nterms;
	struct ak_stemmer *st;
};

/*
 * Parse query into q (zeroed by this function).  Returns AK_OK or
 * AK_EINVAL with a one-line explanation in err; release q with
 * ak_search_query_release in both cases.
 */
int ak_search_parse(const char *query, struct ak_search_query *q,
	struct ak_error *err);
void ak_search_query_release(struct ak_search_query *q);

/* Called for the byte range [start, end) of each word of a text that a
 * query term matches. */
typedef void (*ak_search_match_fn)(void *ctx, size_t start, size_t end);

/*
 * Find the words of text (original, unfolded: a block as stored) that
 * match a positive term of q: each word is folded and stemmed as the
 * index does it.  For the reader's hit highlighting and the snippets.
 * Returns the number of matching words.
 */
size_t ak_search_matches(const struct ak_search_query *q, const char *text,
	size_t len, ak_search_match_fn fn, void *ctx);

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
 * ak_hits_free.  limit <= 0 means 50.  A query that cannot be parsed is
 * searched as plain words or gets AK_EINVAL with a one-line explanation,
 * never a raw SQLite error.
 */
int ak_search(struct ak_cache *c, const char *query, int limit,
	struct ak_hit **hits, size_t *n, struct ak_error *err);
void ak_hits_free(struct ak_hit *hits, size_t n);

/*
 * The snippet of text for q: about words words of the best matching
 * stretch, matches in [ ], "…" where the text was cut.  NULL when no word
 * matches.  Caller frees.
 */
char *ak_search_snippet(const struct ak_search_query *q, const char *text,
	size_t len, int words);

#endif
