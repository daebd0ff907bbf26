/*
 * Fuzz target for the search-query parser and what works with a parsed
 * query: the first line is a query for ak_search_parse (words,
 * "phrases", prefix*, -word, publisher:, after:, before:), the rest a
 * text (after ak_sanitize, as blocks are stored) for ak_search_matches
 * and ak_search_snippet, and for the folding, word splitting and
 * stemming of text.h.  Matches must lie on the text, in order; a snippet
 * must be one clean line.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/search.h"
#include "akhbar/text.h"

#include "fuzz.h"

struct span {
	size_t len, last;
	const char *text;
};

static void
on_match(void *ctx, size_t start, size_t end)
{
	struct span *sp = ctx;

	if (start >= end || end > sp->len || start < sp->last)
		fz_fail("search: match outside the text", sp->text, sp->len);
	sp->last = end;
}

static void
on_word(void *ctx, const char *w, size_t len)
{
	const struct span *sp = ctx;

	if (len == 0 || w < sp->text || w + len > sp->text + sp->len)
		fz_fail("text: word outside the text", sp->text, sp->len);
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static struct ak_stemmer *st;
	struct ak_search_query q;
	struct ak_error err;
	const char *s, *nl;
	unsigned words = fz_byte(&data, &size);
	char *query, *text, *snip, *f;
	size_t qlen, tlen = 0, flen;
	struct span sp;

	s = (const char *)data;
	nl = memchr(s, '\n', size);
	qlen = nl ? (size_t)(nl - s) : size;
	query = ak_xstrndup(s, qlen);
	text = ak_sanitize(nl ? nl + 1 : "", nl ? size - qlen - 1 : 0, &tlen);
	if (ak_search_parse(query, &q, &err) == AK_OK) {
		sp.len = tlen;
		sp.last = 0;
		sp.text = text;
		(void)ak_search_matches(&q, text, tlen, on_match, &sp);
		snip = ak_search_snippet(&q, text, tlen, (int)(words % 40));
		if (snip)
			fz_check_str("snippet", snip);
		free(snip);
	} else if (strchr(err.msg, '\n')) {
		fz_fail("search: error of more than one line", err.msg,
		    strlen(err.msg));
	}
	ak_search_query_release(&q);
	sp.len = tlen;
	sp.text = text;
	ak_text_words(text, tlen, on_word, &sp);
	f = ak_text_fold(text, tlen, &flen);
	if (!ak_utf8_valid(f, flen))
		fz_fail("fold: not UTF-8", f, flen);
	free(f);
	free(ak_text_key(text, tlen));
	if (!st)
		st = ak_stemmer_new();
	free(ak_text_terms(st, text, tlen));
	free(query);
	free(text);
	return 0;
}
