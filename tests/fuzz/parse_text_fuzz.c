/*
 * Fuzz target for the text-page parser and the date parsers.  The first
 * byte chooses: odd, the rest goes through ak_decode first as akhbar
 * imports it (and every article must then come out clean: UTF-8,
 * sanitised, one-line fields); even, the rest goes to ak_parse_text as
 * it is, so the parser is also exercised on invalid UTF-8 and controls
 * it never sees in akhbar.  The site rules of assets/sites are loaded
 * (or those of $AKHBAR_FUZZ_SITES), so the rule-driven paths are reached.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/parse.h"

#include "fuzz.h"

static struct ak_sites *sites;
static int sites_loaded;

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_parse_opts o = { NULL, NULL, "fuzz" };
	int clean = fz_byte(&data, &size) & 1;
	struct ak_sink sink = { fz_article, fz_warn, &clean, NULL };
	struct ak_decoded dec = { NULL, 0, NULL };
	struct ak_error err;
	const char *s = (const char *)data;
	size_t len = size;

	if (!sites_loaded) {
		const char *dir = getenv("AKHBAR_FUZZ_SITES");

		sites_loaded = 1;
		if (ak_sites_load(dir ? dir : AK_SRCDATADIR "/sites", &sites,
		    &err) != AK_OK)
			sites = NULL;
	}
	o.sites = sites;
	if (clean) {
		if (ak_decode(s, len, NULL, fz_warn, NULL, &dec, &err) != AK_OK)
			return 0;
		s = dec.text;
		len = dec.len;
	}
	(void)ak_parse_text(s, len, &o, &sink, &err);
	free(ak_parse_date(s, len));
	free(ak_parse_date_line(s, len));
	free(dec.text);
	return 0;
}
