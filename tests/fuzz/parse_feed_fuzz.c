/*
 * Fuzz target for the RSS/Atom parser: raw bytes as a feed, as `akhbar
 * import` hands them over.  Every string of every article must come out
 * clean (the parser sanitises what libxml2 gives it), every warning on
 * one line.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>

#include "akhbar/error.h"
#include "akhbar/parse.h"

#include "fuzz.h"

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_parse_opts o = { NULL, NULL, "fuzz" };
	int clean = 1;
	struct ak_sink sink = { fz_article, fz_warn, &clean, NULL };
	struct ak_error err;

	(void)ak_parse_feed((const char *)data, size, &o, &sink, &err);
	return 0;
}
