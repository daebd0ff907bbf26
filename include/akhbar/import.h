/*
 * The importer: fetch -> decode -> parse -> store -> link, one transaction
 * per input, so an input lands whole or not at all.
 */
#ifndef AKHBAR_IMPORT_H
#define AKHBAR_IMPORT_H

#include <stdint.h>

#include "akhbar/cache.h"
#include "akhbar/decode.h"
#include "akhbar/parse.h"

struct ak_article;
struct ak_error;

/* Called for each article stored (id 0 and result ADDED in a dry run). */
typedef void (*ak_import_article_fn)(void *ctx, const struct ak_article *a,
	int64_t id, enum ak_put_result result);

struct ak_import_opts {
	const char *publisher;		/* --publisher */
	int dry_run;			/* parse only, store nothing */
	const struct ak_sites *sites;	/* site rules, may be NULL */
	const struct ak_caps *caps;	/* size caps; NULL: AK_CAP_ARTICLE
					 * and AK_CAP_PARAGRAPH */
	ak_warn_fn warn;		/* warnings for this input, may be NULL */
	ak_import_article_fn article;	/* may be NULL */
	void *ctx;			/* for warn and article */
};

struct ak_import_result {
	int added;
	int updated;
	int unchanged;
	int warnings;
	int not_modified;		/* a URL answered 304 */
	const char *kind;		/* "text", "html", "rss/atom" (static) */
	const char *charset;		/* static */
};

/*
 * Import one input: a file path, or an http(s) URL.  Returns AK_OK, or an
 * error with err->msg a one-line explanation (the cache is then as it
 * was before this input).
 */
int ak_import_path(struct ak_cache *c, const char *path,
	const struct ak_import_opts *o, struct ak_import_result *r,
	struct ak_error *err);

/* Import bytes already in memory (name is used in messages). */
int ak_import_bytes(struct ak_cache *c, const char *name, const char *data,
	size_t len, const char *charset_hint, const struct ak_import_opts *o,
	struct ak_import_result *r, struct ak_error *err);

/* Is s an http(s) URL? */
int ak_import_is_url(const char *s);

/* Does the input look like an RSS or Atom document? */
int ak_import_is_feed(const char *data, size_t len);

#endif
