/*
 * Fuzz target for the site-rules parser (the language of assets/sites):
 * the input up to a line "%%" is a .rules file, written to a temporary
 * folder and loaded with ak_sites_load; the rest is a text page parsed
 * with those rules (after ak_decode, as akhbar imports it).  An error
 * must be one line naming the file.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/parse.h"

#include "fuzz.h"

static char dir[64];
static char path[96];

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_parse_opts o = { NULL, NULL, "fuzz" };
	int clean = 1;
	struct ak_sink sink = { fz_article, fz_warn, &clean, NULL };
	struct ak_decoded dec = { NULL, 0, NULL };
	struct ak_sites *sites = NULL;
	struct ak_error err;
	const char *s = (const char *)data, *sep = NULL;
	size_t rlen = size, i;
	FILE *f;

	if (!dir[0]) {
		snprintf(dir, sizeof dir, "/tmp/akhbar-fuzz-sites-XXXXXX");
		if (!mkdtemp(dir))
			abort();
		snprintf(path, sizeof path, "%s/fuzz.rules", dir);
	}
	for (i = 0; i + 4 <= size; i++)
		if ((i == 0 || s[i - 1] == '\n') && memcmp(s + i, "%%\n", 3) == 0) {
			sep = s + i;
			break;
		}
	if (sep)
		rlen = (size_t)(sep - s);
	f = fopen(path, "wb");
	if (!f)
		abort();
	if (rlen && fwrite(s, 1, rlen, f) != rlen)
		abort();
	fclose(f);
	if (ak_sites_load(dir, &sites, &err) != AK_OK) {
		if (!strstr(err.msg, "fuzz.rules"))
			fz_fail("sites: error does not name the file",
			    err.msg, strlen(err.msg));
		if (strchr(err.msg, '\n'))
			fz_fail("sites: error of more than one line", err.msg,
			    strlen(err.msg));
		return 0;
	}
	o.sites = sites;
	if (sep && ak_decode(sep + 3, size - rlen - 3, "UTF-8", fz_warn, NULL,
	    &dec, &err) == AK_OK)
		(void)ak_parse_text(dec.text, dec.len, &o, &sink, &err);
	free(dec.text);
	ak_sites_free(sites);
	return 0;
}
