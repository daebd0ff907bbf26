/*
 * The article model: an article is structured, not a blob of text.
 *
 * All strings are UTF-8, NFC and sanitised (see decode.h) by the time they
 * reach an article; NULL means "unknown".  An article owns its strings.
 */
#ifndef AKHBAR_ARTICLE_H
#define AKHBAR_ARTICLE_H

#include <stddef.h>
#include <stdint.h>

/* X(id, name) : name is what the cache and JSON store. */
#define AK_BLOCK_KINDS(X) \
	X(PARAGRAPH, "paragraph") \
	X(HEADING,   "heading") \
	X(CAPTION,   "caption") \
	X(SUMMARY,   "summary") \
	X(QUOTE,     "quote")

enum ak_block_kind {
#define X(id, name) AK_BLOCK_##id,
	AK_BLOCK_KINDS(X)
#undef X
	AK_BLOCK_NKINDS
};

struct ak_block {
	enum ak_block_kind kind;
	char *text;
	char *credit;		/* caption credit ("رويترز"), else NULL */
};

/* A related item that the page itself lists ("مقالات ذات صلة"). */
struct ak_ref {
	char *title;
	char *section;
	char *caption;
	char *summary;
	char *byline;
	int64_t target;		/* id of the cached article it links to, 0 = none */
};

struct ak_article {
	int64_t id;		/* 0 until stored */
	char *guid;
	char *url;
	char *title;
	char *subtitle;
	char *publisher;
	char *section;
	char *byline;
	char *dateline;		/* "بغداد" (without the dash) */
	char *published;	/* ISO 8601 (YYYY-MM-DD or full), or NULL */
	char *date_raw;		/* the date as the page wrote it */
	char *source;		/* attribution: "وكالات" from «المصادر: وكالات» */
	char *lang;		/* "ar", "en", ... or NULL */
	int read;
	int starred;

	struct ak_block *blocks;
	size_t nblocks;
	struct ak_ref *refs;
	size_t nrefs;
};

/* A story akhbar found related (or a page ref), as lists show it. */
enum ak_related_kind {
	AK_REL_REF,		/* listed by the page itself */
	AK_REL_SAME_STORY,	/* the same event, very high similarity */
	AK_REL_RELATED		/* related by text similarity */
};

struct ak_related {
	int64_t id;		/* 0 for a ref with no article */
	char *title;
	char *publisher;
	char *published;
	char *summary;		/* refs only, else NULL */
	double score;
	enum ak_related_kind kind;
};

void ak_article_init(struct ak_article *a);
void ak_article_release(struct ak_article *a);	/* frees contents, re-inits */

/* Append a block; text and credit are copied (credit may be NULL). */
struct ak_block *ak_article_add_block(struct ak_article *a,
	enum ak_block_kind kind, const char *text, size_t len,
	const char *credit);
/* Append an empty ref (all NULL) and return it for filling in. */
struct ak_ref *ak_article_add_ref(struct ak_article *a);

/* Replace *field by a copy of s (NULL clears it). */
void ak_set_str(char **field, const char *s);

/*
 * Size caps.  A page can hold anything, and what is stored is laid out,
 * indexed and exported whole, so the importer cuts what is beyond any
 * news article: a block (paragraph, caption, ...) or any other text
 * field longer than `paragraph` bytes, and an article's text (its
 * blocks, then the page's related items) beyond `article` bytes in all.
 * 0 means no cap.  The defaults are 16 times the largest article and
 * nearly twice the largest paragraph of a corpus of 29,337 real Arabic
 * articles (60,498 and 36,267 bytes).
 */
#define AK_CAP_ARTICLE (1024 * 1024)
#define AK_CAP_PARAGRAPH (64 * 1024)

struct ak_caps {
	size_t article;		/* bytes of text in one article, 0 = no cap */
	size_t paragraph;	/* bytes of one block or field, 0 = no cap */
};

/* What ak_article_copy_capped cut. */
struct ak_cap_cut {
	size_t fields;		/* title, byline, ref fields... cut */
	size_t blocks;		/* blocks cut at the paragraph cap (their
				 * text or credit) */
	size_t tail;		/* blocks and refs cut or dropped at the
				 * article cap */
	size_t bytes;		/* the article's text before cutting */
};

/* Does a hold anything longer than caps allow? */
int ak_article_over_caps(const struct ak_article *a,
	const struct ak_caps *caps);

/*
 * Copy a into out (which the call initialises; release it with
 * ak_article_release) with every text cut to caps.  A text is cut at a
 * space near the cap when there is one, else at a character boundary,
 * and ends with "…" so that the cut shows; what is past the article cap
 * is dropped.  The copy holds valid UTF-8 when a does.  cut (may be
 * NULL) says what was cut.
 */
void ak_article_copy_capped(const struct ak_article *a,
	const struct ak_caps *caps, struct ak_article *out,
	struct ak_cap_cut *cut);

const char *ak_block_kind_name(enum ak_block_kind k);
/* Returns the kind, or -1 for an unknown name. */
int ak_block_kind_from_name(const char *name);

const char *ak_related_kind_name(enum ak_related_kind k);
void ak_related_release(struct ak_related *r);
void ak_related_free_array(struct ak_related *r, size_t n);

#endif
