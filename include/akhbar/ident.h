/*
 * Article identity: what makes two inputs "the same article".
 *
 * The rules (README, "The cache"; decided here, applied by the cache):
 *
 * 1. The key.  An article with a guid (RSS guid, Atom id) is known by it:
 *    a guid is the item's own name for itself and is compared as given
 *    (trimmed), never rewritten; a guid that is not an absolute http(s)
 *    URL names an item only within its site, so it is scoped by the host
 *    of the item's link (else its publisher).  Without a guid, an article
 *    with a URL (the page's canonical URL, og:url, the feed item's link)
 *    is known by the URL, normalised: scheme and host case, default port,
 *    fragment and tracking parameters (utm_*, fbclid, gclid, ...) dropped,
 *    http and https taken as one; the rest of the query is kept
 *    (?id=2 and ?id=3 are two stories).  An article with neither is known
 *    by its publisher and the key of its title (text.h).
 *
 * 2. The text decides within a key.  Several articles may share a key: a
 *    daily «موجز أخبار» under one title, or a site that reuses a URL for
 *    another story.  The body's fingerprint (a bottom-k MinHash of its
 *    word 3-grams) tells an edited version (most of the text shared) from
 *    another story (almost none shared):
 *      - the same content hash: unchanged;
 *      - by URL or guid: the same title or a similar text is an edit:
 *        updated in place;
 *      - by publisher and title: a similar text, with dates (when both are
 *        known) at most AK_IDENT_EDIT_DAYS apart, is an edit;
 *      - otherwise a new article: two stories are never merged.
 *    An article with a URL or guid that matches no key is also compared
 *    with the stored articles of the same publisher and title: a nearly
 *    identical text is the same article reached through another URL
 *    (the same feed item under two feed addresses), which is not stored
 *    twice.
 *
 * 3. An update never erases what the cache knew: a field the new version
 *    lacks keeps its stored value (refs included), and an input that
 *    brings nothing new leaves the article unchanged.  Read and starred
 *    marks and the id stay.
 *
 * All of this is plain code over plain data: the cache finds the
 * candidates (src/cache_articles.c) and ak_ident_decide chooses.
 */
#ifndef AKHBAR_IDENT_H
#define AKHBAR_IDENT_H

#include <stddef.h>
#include <stdint.h>

struct ak_article;

#define AK_SKETCH_K 32		/* hashes in a body fingerprint */

/* At or above this estimated Jaccard similarity of the bodies' 3-grams,
 * two versions are one article edited: most of the text is shared.  Two
 * stories under one title mostly share almost no 3-grams (0.00-0.05 on
 * the corpus), but a paper's templated daily report (a weather forecast
 * for another day) shares its boilerplate: 0.25-0.41 in corpus pages,
 * which 0.25 merged.  An edit of one paragraph in five keeps about 0.6;
 * a heavier rewrite becomes a second article beside the first, never a
 * loss. */
#define AK_IDENT_EDIT_MIN 0.5
/* At or above this, two articles under different URLs are one text. */
#define AK_IDENT_SAME_TEXT 0.9
/* Two dated versions of one title further apart are two articles. */
#define AK_IDENT_EDIT_DAYS 7
/*
 * Known by publisher and title, an edit also keeps at least this share
 * of its paragraphs word for word.  A weekly chart of the most
 * downloaded apps shares its introduction and headings with last week's
 * (53% of the 3-grams) but hardly a list item; an edit of one paragraph
 * in five keeps four.  Not asked of an article of one or two blocks (a
 * feed's summary edited is one block changed).
 */
#define AK_IDENT_BLOCKS_MIN 0.5

/* A body fingerprint: up to AK_SKETCH_K hashes, ascending. */
struct ak_sketch {
	uint32_t h[AK_SKETCH_K];
	unsigned n;		/* < AK_SKETCH_K: the text has only n */
};

/* What the cache needs to place an article. */
struct ak_ident {
	char *key;		/* "guid:...", "url:..." or "key:..." */
	int strong;		/* by guid or URL */
	char *title_key;	/* ak_text_key of the title */
	char hash[17];		/* of every field: change detection */
	struct ak_sketch sketch;
	long days;		/* published, days since 1970, or -1 */
};

/* Compute the identity of a; release with ak_ident_release. */
void ak_ident_of(const struct ak_article *a, struct ak_ident *id);
void ak_ident_release(struct ak_ident *id);

/* The content hash of a (every field, blocks and refs): 16 hex digits. */
void ak_ident_hash(const struct ak_article *a, char out[17]);

/* The fingerprint of a's body (its blocks). */
void ak_ident_sketch(const struct ak_article *a, struct ak_sketch *s);

/*
 * A hash of the words of a's body in order (blocks' texts and credits,
 * punctuation and block boundaries aside): the same words told in other
 * blocks (an exported copy read back) hash the same.
 */
uint64_t ak_ident_body_words(const struct ak_article *a);

/* Estimated Jaccard similarity of two bodies, 0..1 (1 when either is
 * empty: nothing tells them apart but their key). */
double ak_sketch_similarity(const struct ak_sketch *a,
	const struct ak_sketch *b);

/* A sketch as bytes (for storage) and back; AK_SKETCH_BYTES at most. */
#define AK_SKETCH_BYTES (AK_SKETCH_K * 4)
size_t ak_sketch_pack(const struct ak_sketch *s, unsigned char *out);
void ak_sketch_unpack(const void *p, size_t len, struct ak_sketch *s);

/*
 * The normalised form of an absolute http(s) URL, as identity compares
 * it (no scheme: "//host/path?query"), or NULL when url is not one.
 * Caller frees.
 */
char *ak_url_key(const char *url);

/* A stored article that may be the same as the one being imported. */
struct ak_ident_cand {
	int64_t id;
	const char *hash;
	const char *title_key;
	const struct ak_sketch *sketch;
	long days;
	int same_key;		/* found by the key, not by title alone */
	/* the share of the new article's blocks found word for word in
	 * this one, or -1 when not known */
	double blocks_kept;
};

enum ak_ident_verdict {
	AK_IDENT_NEW,		/* a new article */
	AK_IDENT_SAME,		/* the same content: unchanged */
	AK_IDENT_EDIT,		/* an edited version: update it */
	AK_IDENT_ALIAS		/* the same text under another URL: keep */
};

struct ak_ident_match {
	enum ak_ident_verdict verdict;
	size_t which;		/* the candidate (not for NEW without any) */
	double similarity;	/* of the bodies, with that candidate */
	const char *why;	/* static: one phrase for the user */
};

/* Decide what id is, given the candidates the cache found. */
void ak_ident_decide(const struct ak_ident *id,
	const struct ak_ident_cand *c, size_t n, struct ak_ident_match *m);

#endif
