/*
 * Parsers: clean text (from decode) to articles.  They know nothing of
 * SQLite: each article found is handed to a sink.
 *
 * Text pages: news web pages saved or copied as plain text.  Site-specific
 * knowledge (noise lines, how a site marks its related block, its name) is
 * data: one rule file per site under assets/sites/, loaded into a struct
 * ak_sites.  See assets/sites/README for the rule language.
 */
#ifndef AKHBAR_PARSE_H
#define AKHBAR_PARSE_H

#include <stddef.h>

#include "akhbar/article.h"
#include "akhbar/decode.h"

struct ak_article;
struct ak_error;

/*
 * Called once per article found.  The article is borrowed: valid only
 * during the call; copy what you keep.  Return AK_OK to go on, or an error
 * to stop the parse (the parser returns it).
 */
typedef int (*ak_article_fn)(void *ctx, const struct ak_article *a);

/* A feed's own title (its channel's), given once before its items. */
typedef void (*ak_title_fn)(void *ctx, const char *title);

struct ak_sink {
	ak_article_fn article;
	ak_warn_fn warn;	/* may be NULL */
	void *ctx;
	ak_title_fn title;	/* may be NULL; only feeds call it */
};

/*
 * A sink that cuts each article to size caps (see struct ak_caps in
 * article.h) before handing it to next, and says so with one warning
 * through next->warn per article cut, naming the article and what was
 * cut; an article within the caps goes through untouched, uncopied.
 * Every importer path (text page, feed, web page) goes through one, so
 * nothing of any size reaches the cache.  caps is copied.
 */
struct ak_cap_sink {
	struct ak_sink sink;		/* hand this one to the parser */
	const struct ak_sink *next;
	struct ak_caps caps;
};

void ak_cap_sink_init(struct ak_cap_sink *cs, const struct ak_caps *caps,
	const struct ak_sink *next);

struct ak_sites;

/*
 * Load every *.rules file of dir (e.g. PKGDATADIR/sites).  A missing
 * directory gives an empty rule set, not an error; a bad rule is an error
 * naming the file and line.  Caller frees with ak_sites_free.
 */
int ak_sites_load(const char *dir, struct ak_sites **out,
	struct ak_error *err);
void ak_sites_free(struct ak_sites *s);

struct ak_parse_opts {
	const char *publisher;		/* --publisher, overrides detection */
	const struct ak_sites *sites;	/* may be NULL */
	const char *source_name;	/* file name, for warnings */
};

/*
 * Parse one text page (clean UTF-8 from ak_decode) holding one or more
 * articles.  Returns AK_OK, AK_EPARSE when no article could be found,
 * or what the sink returned.
 */
int ak_parse_text(const char *s, size_t len, const struct ak_parse_opts *o,
	const struct ak_sink *sink, struct ak_error *err);

/*
 * Parse an RSS 2.0 or Atom document (raw bytes; libxml2 with network
 * access and entity expansion off).  Returns AK_OK or AK_EPARSE.
 */
int ak_parse_feed(const char *bytes, size_t len,
	const struct ak_parse_opts *o, const struct ak_sink *sink,
	struct ak_error *err);

/*
 * Parse a date as news pages write it («الجمعة 13 Sep / September 2024»,
 * «5 يناير (كانون الثاني) 2024», «٢٠٢٤/٠١/٠٥», RFC 822, ISO 8601) into
 * ISO 8601 (YYYY-MM-DD, or YYYY-MM-DDTHH:MM:SSZ when a time is given).
 * Returns a new string, or NULL when s holds no date.
 */
char *ak_parse_date(const char *s, size_t len);

/*
 * Like ak_parse_date, but only when s holds nothing but a date: a line
 * such as «الجمعة 13 Sep / September 2024» or «نشر في: 2024/01/05»
 * (weekday names, «نشر في», «آخر تحديث», a time, a zone and a Hijri date
 * beside it may stand around it; other words may not).  For telling a
 * page's date line from a sentence that mentions a date.  Returns a new
 * string, or NULL.
 */
char *ak_parse_date_line(const char *s, size_t len);

/* Civil calendar arithmetic (proleptic Gregorian), shared by the date
 * parsers: days in month m (1-12) of year y; days since 1970-01-01. */
int ak_days_in_month(int y, int m);
long ak_days_from_civil(long y, long m, long d);
void ak_civil_from_days(long z, long *y, long *m, long *d);

#endif
