/*
 * Fuzz target for the text-page parser and the date parser
 * (libFuzzer-style, as tmux's fuzz/ does).  Built only with
 * --enable-fuzzing.  The input goes to ak_parse_text as it is, not through
 * ak_decode first, so the parser is also exercised on invalid UTF-8 and
 * controls it never sees in akhbar.  Site rules come from
 * $AKHBAR_FUZZ_SITES when set (e.g. assets/sites), so that the rule-driven
 * paths are reached too.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/error.h"
#include "akhbar/parse.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

static struct ak_sites *sites;
static int sites_loaded;

/* Touch every string, so that a bad pointer shows under ASan. */
static size_t
walk(const char *s)
{
	return s ? strlen(s) : 0;
}

static int
check_article(void *ctx, const struct ak_article *a)
{
	size_t *n = ctx, i;

	*n += walk(a->title) + walk(a->subtitle) + walk(a->publisher) +
	    walk(a->section) + walk(a->byline) + walk(a->dateline) +
	    walk(a->published) + walk(a->date_raw) + walk(a->source);
	for (i = 0; i < a->nblocks; i++)
		*n += walk(a->blocks[i].text) + walk(a->blocks[i].credit);
	for (i = 0; i < a->nrefs; i++)
		*n += walk(a->refs[i].title) + walk(a->refs[i].section) +
		    walk(a->refs[i].caption) + walk(a->refs[i].summary) +
		    walk(a->refs[i].byline);
	return AK_OK;
}

static void
ignore_warning(void *ctx, const char *msg)
{
	(void)ctx;
	(void)msg;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_parse_opts o = { NULL, NULL, "fuzz" };
	struct ak_sink sink = { check_article, ignore_warning, NULL };
	struct ak_error err;
	size_t n = 0;
	char *d;

	if (!sites_loaded) {
		const char *dir = getenv("AKHBAR_FUZZ_SITES");

		sites_loaded = 1;
		if (dir && ak_sites_load(dir, &sites, &err) != AK_OK)
			sites = NULL;
	}
	o.sites = sites;
	sink.ctx = &n;
	(void)ak_parse_text((const char *)data, size, &o, &sink, &err);
	free(ak_parse_date((const char *)data, size));
	d = ak_parse_date_line((const char *)data, size);
	free(d);
	return 0;
}
