/*
 * Bytes to clean text (ICU).
 *
 * Every string that enters akhbar from outside goes through here: it comes
 * out as valid UTF-8, NFC, with LF line ends, and sanitised: no NUL, no
 * C0/C1 control except '\n' (tabs become spaces), no terminal escape
 * sequences (the whole sequence is dropped, not just the ESC), no bidi
 * embedding/override/isolate controls (U+202A-202E, U+2066-2069), no
 * U+FEFF.  Invalid input becomes U+FFFD and is reported as a warning.
 */
#ifndef AKHBAR_DECODE_H
#define AKHBAR_DECODE_H

#include <stddef.h>

struct ak_error;

/* Called for each non-fatal problem (one line, no newline). */
typedef void (*ak_warn_fn)(void *ctx, const char *msg);

struct ak_decoded {
	char *text;		/* clean UTF-8, NUL-terminated; caller frees */
	size_t len;
	const char *charset;	/* static name: "UTF-8", "windows-1256", ... */
};

/*
 * Decode a whole input file or HTTP body.  charset_hint (may be NULL) is a
 * label from an HTTP header or an XML declaration, trusted before ICU's
 * detector.  A UTF-8 BOM is honoured and dropped.  Returns AK_OK, AK_EEMPTY
 * (nothing but whitespace), AK_EBINARY (NUL-heavy or otherwise not text) or
 * AK_EDECODE; warnings (e.g. "invalid UTF-8 at byte 1234, replaced") go to
 * warn.
 */
int ak_decode(const char *bytes, size_t n, const char *charset_hint,
	ak_warn_fn warn, void *wctx, struct ak_decoded *out,
	struct ak_error *err);

/*
 * The conversion half of ak_decode, for parsers of markup (XML) that
 * sanitise each string they extract with ak_sanitize: the same BOM,
 * charset, binary and empty handling and the same warnings, but the text
 * is only made valid UTF-8 (the BOM dropped) without the C0 controls that
 * XML 1.0 forbids (all but tab, LF, CR; an ESC with its whole sequence);
 * no other cleaning, no NFC.
 */
int ak_decode_raw(const char *bytes, size_t n, const char *charset_hint,
	ak_warn_fn warn, void *wctx, struct ak_decoded *out,
	struct ak_error *err);

/*
 * Sanitise a string that is already UTF-8 (from libxml2, SQLite, argv):
 * the same cleaning as ak_decode, without charset detection.  Invalid
 * UTF-8 is replaced by U+FFFD.  Returns a new string; *outlen may be NULL.
 */
char *ak_sanitize(const char *s, size_t len, size_t *outlen);

/* Is s (len bytes) valid UTF-8? */
int ak_utf8_valid(const char *s, size_t len);

#endif
