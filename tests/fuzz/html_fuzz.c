/*
 * Fuzz target for the web-page path of the importer: HTML bytes to an
 * article, through ak_extract_html as ak_import_bytes calls it.  The
 * first byte picks the charset an HTTP header would have given and
 * whether the page has a URL.  The article must come out clean, the
 * warnings on one line; ak_html_detect is run on every input too.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include "akhbar/error.h"
#include "akhbar/extract.h"
#include "akhbar/parse.h"

#include "fuzz.h"

static const char *const charsets[] = {
	NULL, "UTF-8", "windows-1256", "ISO-8859-6", "utf-16", "latin1",
	"no-such-charset", NULL
};

/* The HTML path: a page's bytes (charset from HTTP, or NULL) to sink. */
static int
html_path(const char *data, size_t len, const char *charset,
	const char *url, const struct ak_parse_opts *o,
	const struct ak_sink *sink, struct ak_error *err)
{
	(void)ak_html_detect(data, len);
	return ak_extract_html(data, len, charset, url, o, sink, err);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_parse_opts o = { NULL, NULL, "fuzz" };
	int clean = 1;
	struct ak_sink sink = { fz_article, fz_warn, &clean, NULL };
	struct ak_error err;
	unsigned k = fz_byte(&data, &size);
	const char *url = k & 0x80 ?
	    "https://example.com/news/2024/01/05/story.html?utm_source=x#top" :
	    NULL;

	(void)html_path((const char *)data, size,
	    charsets[k % (sizeof charsets / sizeof *charsets)], url, &o, &sink,
	    &err);
	return 0;
}
