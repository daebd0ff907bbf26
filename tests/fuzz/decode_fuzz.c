/*
 * Fuzz target for the decoder: bytes in any encoding, with or without a
 * charset label (the first byte picks one), through ak_decode,
 * ak_decode_raw and ak_sanitize.  What decode.h promises is checked on
 * every output: valid UTF-8, no control but newline, no escape sequence,
 * no bidi embedding/override/isolate, no U+FEFF, NFC; ak_decode_raw:
 * valid UTF-8.
 */
#include "config.h"

#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>

#include <unicode/unorm2.h>
#include <unicode/ustring.h>

#include "akhbar/decode.h"
#include "akhbar/error.h"

#include "fuzz.h"

static const char *const hints[] = {
	NULL, "UTF-8", "utf-8", "windows-1256", "cp1256", "ISO-8859-6",
	"UTF-16", "UTF-16LE", "UTF-16BE", "UTF-32", "latin1", "us-ascii",
	"ISO-2022-JP", "x-no-such", "", NULL
};

/* Is s (UTF-8) in NFC?  ICU says. */
static int
is_nfc(const char *s, size_t len)
{
	UErrorCode e = U_ZERO_ERROR;
	const UNormalizer2 *nfc = unorm2_getNFCInstance(&e);
	UChar *u;
	int32_t n = 0;
	UBool ok;

	if (U_FAILURE(e) || len > 1u << 24)
		return 1;
	u = malloc((len + 1) * sizeof *u);
	u_strFromUTF8(u, (int32_t)len + 1, &n, s, (int32_t)len, &e);
	if (U_FAILURE(e)) {
		free(u);
		return 0;
	}
	ok = unorm2_isNormalized(nfc, u, n, &e);
	free(u);
	return U_SUCCESS(e) && ok;
}

int
LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	struct ak_decoded dec = { NULL, 0, NULL };
	struct ak_error err;
	const char *hint;
	const char *s;
	size_t n = 0;
	char *t;

	hint = hints[fz_byte(&data, &size) % (sizeof hints / sizeof *hints)];
	s = (const char *)data;
	if (ak_decode(s, size, hint, fz_warn, NULL, &dec, &err) == AK_OK) {
		fz_check_clean("ak_decode", dec.text, dec.len, 1, 0);
		if (!is_nfc(dec.text, dec.len))
			fz_fail("ak_decode: not NFC", dec.text, dec.len);
		if (!dec.charset)
			fz_fail("ak_decode: no charset", NULL, 0);
	}
	free(dec.text);
	dec.text = NULL;
	if (ak_decode_raw(s, size, hint, fz_warn, NULL, &dec, &err) == AK_OK &&
	    !ak_utf8_valid(dec.text, dec.len))
		fz_fail("ak_decode_raw: not UTF-8", dec.text, dec.len);
	free(dec.text);
	t = ak_sanitize(s, size, &n);
	fz_check_clean("ak_sanitize", t, n, 1, 0);
	free(t);
	return 0;
}
