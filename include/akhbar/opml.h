/*
 * OPML, the subscription lists feed readers exchange: read (newsboat's,
 * and any reader's: OPML 1.0 and 2.0, outlines nested as folders, a feed
 * being an outline with an xmlUrl, its name in title or text) and write
 * (OPML 2.0).  Read with libxml2 (xml.h), network access and entity
 * expansion off; every string is sanitised (decode.h).
 */
#ifndef AKHBAR_OPML_H
#define AKHBAR_OPML_H

#include <stddef.h>

struct ak_buf;
struct ak_error;

struct ak_opml_feed {
	char *url;		/* xmlUrl */
	char *name;		/* title, else text, or NULL */
	char *html;		/* htmlUrl, or NULL */
	char *folder;		/* the enclosing outlines' names, "a/b", or NULL */
};

/*
 * Parse an OPML document (raw bytes).  *out is an array of *n feeds in
 * document order, a URL listed twice kept once; free with ak_opml_free.
 * AK_EPARSE (one line) when it is not XML or has no <opml>/<body>.
 */
int ak_opml_parse(const char *bytes, size_t len, struct ak_opml_feed **out,
	size_t *n, struct ak_error *err);
void ak_opml_free(struct ak_opml_feed *v, size_t n);

/*
 * Append an OPML 2.0 document listing the feeds (title: the document's
 * head title) to out, the attributes escaped.
 */
void ak_opml_write(const struct ak_opml_feed *v, size_t n, const char *title,
	struct ak_buf *out);

#endif
