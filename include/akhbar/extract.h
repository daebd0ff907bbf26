/*
 * Web pages to articles: find the article in an HTML page, keep its
 * structure as akhbar's blocks and read its metadata.
 *
 * The page is decoded (charset from the HTTP header, then the page's own
 * <meta>, a BOM and ICU's detector), parsed by libxml2's HTML parser (no
 * network), and the article is found by scoring the page's containers by
 * their text: paragraphs, commas (Arabic «،» too), link density, and what
 * their class and id say.  Navigation, share bars, comments, "related" and
 * "most read" blocks, forms and hidden elements are left out.  Metadata
 * comes from the best source the page has: JSON-LD (schema.org
 * NewsArticle), then OpenGraph and Twitter cards, then <title>, the <h1>,
 * <time datetime> and rel=author.  Like every parser, the extractor knows
 * nothing of storage: the article goes to a struct ak_sink.
 */
#ifndef AKHBAR_EXTRACT_H
#define AKHBAR_EXTRACT_H

#include <stddef.h>

#include "akhbar/parse.h"

struct ak_article;
struct ak_error;

/* Pages larger than this are refused (a news page is rarely 2 MiB). */
#define AK_EXTRACT_MAX_PAGE	(16u << 20)

/*
 * Does data look like an HTML page: anything a browser would render as
 * HTML, with or without a doctype, starting with <html>, <head>, <body>,
 * a comment, a BOM or some common element?  An RSS or Atom feed is not.
 */
int ak_html_detect(const char *data, size_t len);

/*
 * Extract the article of an HTML page and hand it to sink->article (one
 * article).  charset: the HTTP header's label, or NULL.  url: where the
 * page came from, or NULL; it resolves relative links and is the
 * article's url when the page names no canonical one (<link
 * rel=canonical>, og:url).  o->publisher overrides the page's publisher.
 *
 * Returns AK_OK, what the sink returned, or AK_EPARSE with one line
 * (naming url when known) for a page with no article (a section front, a
 * login wall, a page that only redirects), a page too large, or one that
 * cannot be decoded.  Warnings (invalid bytes, an unknown charset) go to
 * sink->warn.  Linear in the size of the page.
 */
int ak_extract_html(const char *bytes, size_t len, const char *charset,
	const char *url, const struct ak_parse_opts *o,
	const struct ak_sink *sink, struct ak_error *err);

/* ------------------------------------------------ full text for feeds */

/*
 * Put page's body into item (a feed's item): item keeps its url, guid,
 * title, date, author and publisher, and takes from page what it lacks;
 * the feed's text becomes item's subtitle when it is a summary (at most
 * 1000 characters) that the page's text does not begin with.  page's
 * blocks are moved, not copied.  A page with no blocks changes nothing.
 */
void ak_extract_merge(struct ak_article *item, struct ak_article *page);

#endif
