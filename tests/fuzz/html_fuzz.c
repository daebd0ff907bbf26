/*
 * Fuzz target for the web-page path of the importer: HTML bytes to
 * articles.  Today that is ak_html_to_text, then ak_decode and the
 * text-page parser, as ak_import_bytes does it; an extractor that feeds
 * a sink itself replaces the body of html_path() and nothing else.  The
 * first byte picks the charset the HTTP header would have given.
 * Articles must come out clean, warnings on one line.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/import.h"
#include "akhbar/parse.h"

#include "fuzz.h"

static const char *const charsets[] = {
	NULL, "UTF-8", "windows-1256", "ISO-8859-6", "utf-16", "latin1",
	"no-such-charset", NULL
};

static struct ak_sites *sites;
static int sites_loaded;

/* The HTML path: a page's bytes (charset from HTTP, or NULL) to sink. */
static int
html_path(const char *data, size_t len, const char *charset,
	const struct ak_parse_opts *o, const struct ak_sink *sink,
	struct ak_error *err)
{
	struct ak_decoded dec = { NULL, 0, NULL };
	char *text = NULL;
	size_t tlen = 0;
	int rc;

	rc = ak_html_to_text(data, len, charset, &text, &tlen, err);
	if (rc != AK_OK)
		return rc;
	/* Not checked: that text is valid UTF-8.  After an encoding error
	 * libxml2's HTML parser can hand out invalid bytes; ak_decode
	 * below repairs them (with a warning), as the importer does. */
	rc = ak_decode(text, tlen, "UTF-8", sink->warn, sink->ctx, &dec, err);
	if (rc == AK_OK)
		rc = ak_parse_text(dec.text, dec.len, o, sink, err);
	free(dec.text);
	free(text);
	return rc;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_parse_opts o = { NULL, NULL, "fuzz" };
	int clean = 1;
	struct ak_sink sink = { fz_article, fz_warn, &clean };
	struct ak_error err;
	unsigned k = fz_byte(&data, &size);

	if (!sites_loaded) {
		sites_loaded = 1;
		if (ak_sites_load(AK_SRCDATADIR "/sites", &sites, &err) != AK_OK)
			sites = NULL;
	}
	o.sites = sites;
	(void)html_path((const char *)data, size,
	    charsets[k % (sizeof charsets / sizeof *charsets)], &o, &sink,
	    &err);
	return 0;
}
