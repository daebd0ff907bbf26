/*
 * What the parts of the extractor share (not a public header): the page's
 * metadata as found (extract_meta.c), the article's body (extract_body.c)
 * and small helpers on libxml2's tree (extract.c).
 */
#ifndef AKHBAR_EXTRACT_PRIV_H
#define AKHBAR_EXTRACT_PRIV_H

#include <stddef.h>

#include "akhbar/xml.h"

struct ak_article;
struct ak_buf;

#define EX_MAX_DEPTH	512	/* element nesting walked; deeper is left out */
#define EX_MAX_HEADS	8

/* Every candidate the page offers for a field, best source first. */
struct ex_meta {
	/* JSON-LD: the first NewsArticle (or Article, BlogPosting, ...) */
	int ld_article;		/* a JSON-LD article was found */
	int ld_person;		/* its author is typed a Person */
	char *ld_headline, *ld_published, *ld_modified, *ld_author;
	char *ld_publisher, *ld_section, *ld_description, *ld_url;
	char *ld_lang, *ld_body, *ld_name;
	char *ld_org_author;	/* an organisation named as the author */
	/* <meta> and <link> */
	char *og_title, *og_description, *og_site, *og_url, *og_type;
	char *og_locale, *tw_title, *tw_description, *description;
	char *author, *art_author, *published, *art_published, *modified;
	char *section, *app_name, *canonical, *refresh, *base;
	char *dc_title;		/* Dublin Core, Parse.ly */
	/* the document */
	char *title;		/* <title> */
	char *h1;		/* the first <h1> in the body, not a logo */
	char *time_published;	/* <time datetime> marked as publication */
	char *time_first;	/* the first <time datetime> */
	char *rel_author;	/* <a rel=author>, itemprop=author */
	char *byline;		/* class="byline" and the like */
	char *author_link;	/* a link to an author's page */
	char *date_line;	/* a line of nothing but a date, near the body */
	char *line_byline;	/* a "By ..." line the body started with */
	char *html_lang;
	char *dir;
	size_t nh1;		/* <h1> elements, logos left out */
	char *heads[EX_MAX_HEADS];	/* texts of headline-like elements */
	size_t nheads;
	unsigned logo_heads;	/* bit i: heads[i] is the site's logo */
	size_t narticle;	/* <article> elements */
	int body_marked;	/* an element has itemprop=articleBody */
};

void ex_meta_release(struct ex_meta *m);

/* Read the page's metadata (one walk of the document). */
void ex_meta_collect(struct ex_meta *m, xmlNode *root);

/*
 * Fill a's fields from m, best source first; publisher is the --publisher
 * override (or NULL), url the page's address (or NULL).  Needs a's blocks
 * (to tell a description from the first paragraph).
 */
void ex_meta_apply(const struct ex_meta *m, struct ak_article *a,
	const char *publisher, const char *url);

/* The cleaned title, for leaving the headline out of the body. */
char *ex_meta_title(const struct ex_meta *m);

/*
 * Find the article's body under root and append it to a as blocks.
 * title (may be NULL) is left out when the page repeats it.  Sets
 * m->date_line from the article's surroundings.  Returns the number of
 * characters of body text.
 */
size_t ex_body_extract(xmlNode *root, struct ex_meta *m,
	const char *title, struct ak_article *a);

/* ---------------------------------------------------------- helpers */

/* The value of attribute name of n (lower-case name), or NULL. */
const char *ex_attr(const xmlNode *n, const char *name);

/* Is n the element name (lower case)? */
int ex_is(const xmlNode *n, const char *name);

/*
 * Append the text below n to b (entities as characters), at most
 * EX_MAX_DEPTH levels down and at most cap bytes.
 */
void ex_text(struct ak_buf *b, const xmlNode *n, size_t cap);

/*
 * Sanitise s and fold its white space (no-break spaces too) to single
 * spaces, trimmed.  Returns a new string, or NULL when nothing is left.
 */
char *ex_clean(const char *s, size_t len);

/* Does s (NUL-terminated) hold Arabic letters? */
int ex_has_arabic(const char *s);

/* Code points in s[0..len). */
size_t ex_nchars(const char *s, size_t len);

#endif
