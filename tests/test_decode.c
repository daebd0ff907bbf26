/*
 * decode: charsets, line ends, sanitising, NFC, refusals.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"

struct warns {
	int n;
	char last[256];
};

static void
collect(void *ctx, const char *msg)
{
	struct warns *w = ctx;

	w->n++;
	snprintf(w->last, sizeof(w->last), "%s", msg);
}

static char *
slurp(const char *name, size_t *len)
{
	const char *dir = getenv("SRCDIR");
	char path[4096];
	struct ak_buf b = AK_BUF_INIT;
	char chunk[4096];
	size_t k;
	FILE *f;

	snprintf(path, sizeof(path), "%s/tests/data/decode/%s",
	    dir ? dir : ".", name);
	f = fopen(path, "rb");
	if (!f)
		fail_msg("cannot open %s", path);
	while ((k = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ak_buf_add(&b, chunk, k);
	fclose(f);
	return ak_buf_detach(&b, len);
}

/* Decode s (n bytes) expecting success; returns the text, to free. */
static char *
dec(const char *s, size_t n, const char *hint, struct warns *w,
	const char **charset)
{
	struct ak_decoded d;
	struct ak_error err = { 0, "" };
	int rc;

	rc = ak_decode(s, n, hint, collect, w, &d, &err);
	if (rc != AK_OK)
		fail_msg("ak_decode: %d %s", rc, err.msg);
	assert_int_equal(strlen(d.text), d.len);
	assert_true(ak_utf8_valid(d.text, d.len));
	if (charset)
		*charset = d.charset;
	return d.text;
}

static void
expect_clean(const char *in, const char *want)
{
	struct warns w = { 0, "" };
	char *t = dec(in, strlen(in), NULL, &w, NULL);
	size_t n;

	assert_string_equal(t, want);
	free(t);
	/* ak_sanitize cleans the same way */
	t = ak_sanitize(in, strlen(in), &n);
	assert_string_equal(t, want);
	assert_int_equal(n, strlen(want));
	free(t);
}

static void
test_decode_utf8_passes_through(void **state)
{
	struct warns w = { 0, "" };
	const char *cs;
	size_t n;
	char *ref = slurp("ar-utf8.txt", &n);
	char *t = dec(ref, n, NULL, &w, &cs);

	(void)state;
	assert_string_equal(t, ref);
	assert_string_equal(cs, "UTF-8");
	assert_int_equal(w.n, 0);
	free(t);
	free(ref);
}

static void
test_decode_drops_utf8_bom(void **state)
{
	(void)state;
	expect_clean("\xEF\xBB\xBF\xD8\xB9\xD8\xA7\xD8\xAC\xD9\x84\n",
	    "\xD8\xB9\xD8\xA7\xD8\xAC\xD9\x84\n");
	/* a BOM in the middle is U+FEFF, removed as well */
	expect_clean("a\xEF\xBB\xBF" "b", "ab");
}

static void
test_decode_normalises_line_ends(void **state)
{
	(void)state;
	expect_clean("one\r\ntwo\rthree\n\r\nfour\r", "one\ntwo\nthree\n\nfour\n");
	expect_clean("a\xE2\x80\xA8" "b", "a\nb");
}

static void
check_arabic_file(const char *file, const char *hint, const char *want_cs)
{
	struct warns w = { 0, "" };
	const char *cs;
	size_t n, rn;
	char *ref = slurp("ar-utf8.txt", &rn);
	char *raw = slurp(file, &n);
	char *t = dec(raw, n, hint, &w, &cs);

	assert_string_equal(t, ref);
	assert_string_equal(cs, want_cs);
	assert_int_equal(w.n, 0);
	free(t);
	free(raw);
	free(ref);
}

static void
test_decode_detects_windows_1256(void **state)
{
	(void)state;
	check_arabic_file("ar-cp1256.txt", NULL, "windows-1256");
}

static void
test_decode_detects_iso_8859_6(void **state)
{
	(void)state;
	check_arabic_file("ar-iso8859-6.txt", NULL, "ISO-8859-6");
}

static void
test_decode_trusts_charset_hint(void **state)
{
	(void)state;
	check_arabic_file("ar-cp1256.txt", "windows-1256", "windows-1256");
	check_arabic_file("ar-cp1256.txt", "CP1256", "windows-1256");
	check_arabic_file("ar-iso8859-6.txt", "iso-8859-6", "ISO-8859-6");
	check_arabic_file("ar-utf8.txt", "utf-8", "UTF-8");
	/* a Latin-1 label on valid UTF-8 is the usual server default */
	check_arabic_file("ar-utf8.txt", "ISO-8859-1", "UTF-8");
}

static void
test_decode_warns_on_unknown_hint(void **state)
{
	struct warns w = { 0, "" };
	const char *cs;
	size_t n;
	char *raw = slurp("ar-cp1256.txt", &n);
	char *t = dec(raw, n, "x-bogus\x1b[31m", &w, &cs);

	(void)state;
	assert_int_equal(w.n, 1);
	assert_string_equal(w.last,
	    "unknown charset \"x-bogus31m\", detecting");
	assert_string_equal(cs, "windows-1256");
	free(t);
	free(raw);
}

static void
test_decode_converts_utf16_with_bom(void **state)
{
	(void)state;
	check_arabic_file("ar-utf16le-bom.txt", NULL, "UTF-16LE");
	check_arabic_file("ar-utf16be-bom.txt", NULL, "UTF-16BE");
	/* the BOM beats a wrong label */
	check_arabic_file("ar-utf16le-bom.txt", "windows-1256", "UTF-16LE");
}

static void
test_decode_reports_invalid_utf8_offset(void **state)
{
	struct warns w = { 0, "" };
	struct ak_buf b = AK_BUF_INIT;
	size_t n, off;
	char *ref = slurp("ar-utf8.txt", &n);
	char *t, *p;
	int k;

	(void)state;
	ak_buf_add(&b, ref, 100);
	off = b.len;
	/* a lone continuation, a truncated 3-byte lead, an overlong NUL */
	ak_buf_add(&b, "\x80" "x" "\xE2\x82" "y" "\xC0\x80", 7);
	ak_buf_add(&b, ref + 100, n - 100);
	t = dec(b.data, b.len, NULL, &w, NULL);
	assert_int_equal(w.n, 1);
	{
		char want[128];

		snprintf(want, sizeof(want),
		    "invalid UTF-8 at byte %zu (4 sequences replaced)", off);
		assert_string_equal(w.last, want);
	}
	for (k = 0, p = t; (p = strstr(p, "\xEF\xBF\xBD")); p += 3)
		k++;
	assert_int_equal(k, 4);
	assert_non_null(strstr(t, "\xEF\xBF\xBDx\xEF\xBF\xBDy"
	    "\xEF\xBF\xBD\xEF\xBF\xBD"));
	free(t);

	/* the offset counts the BOM: it is a byte of the file */
	w.n = 0;
	t = dec("\xEF\xBB\xBF" "abc\xFF", 7, NULL, &w, NULL);
	assert_string_equal(w.last,
	    "invalid UTF-8 at byte 6 (1 sequence replaced)");
	assert_string_equal(t, "abc\xEF\xBF\xBD");
	free(t);
	free(ref);
	ak_buf_release(&b);
}

static void
expect_refused(const char *s, size_t n, int code, const char *msg)
{
	struct ak_decoded d = { (char *)1, 1, NULL };
	struct ak_error err = { 0, "" };

	assert_int_equal(ak_decode(s, n, NULL, NULL, NULL, &d, &err), code);
	assert_int_equal(err.code, code);
	assert_string_equal(err.msg, msg);
	assert_null(d.text);
}

static void
test_decode_refuses_binary(void **state)
{
	static const char png[] = "\x89PNG\r\n\x1a\n\0\0\0\rIHDR\0\0\0\x10";
	char ctl[400];
	size_t i;

	(void)state;
	expect_refused("text\0more text", 14, AK_EBINARY, "binary file");
	expect_refused(png, sizeof(png) - 1, AK_EBINARY, "binary file");
	for (i = 0; i < sizeof(ctl); i++)
		ctl[i] = i % 8 ? 'a' : "\x01\x02\x0e\x7f"[i / 8 % 4];
	expect_refused(ctl, sizeof(ctl), AK_EBINARY, "binary file");
}

static void
test_decode_refuses_empty(void **state)
{
	(void)state;
	expect_refused("", 0, AK_EEMPTY, "empty file");
	expect_refused(" \r\n\t\n  ", 7, AK_EEMPTY, "empty file");
	/* nothing visible is left once cleaned */
	expect_refused("\xEF\xBB\xBF\n\xE2\x80\x8F \x1b[0m\n", 13, AK_EEMPTY,
	    "empty file");
}

static void
test_decode_drops_escape_sequences(void **state)
{
	(void)state;
	/* CSI colour */
	expect_clean("a\x1b[1;31mred\x1b[0m b", "ared b");
	/* OSC title set, ended by BEL and by ST */
	expect_clean("\x1b]0;evil title\x07ok", "ok");
	expect_clean("\x1b]2;evil title\x1b\\ok", "ok");
	/* C1 CSI U+009B and C1 OSC ... C1 ST */
	expect_clean("x\xC2\x9B" "31my", "xy");
	expect_clean("x\xC2\x9D" "0;t\xC2\x9Cy", "xy");
	/* DCS, a charset designation, a two-byte ESC, a lone ESC */
	expect_clean("a\x1bPq#0;2;0;0;0\x1b\\b", "ab");
	expect_clean("a\x1b(Bb\x1b" "cc\x1b", "abc");
	/* an unterminated OSC eats its line only */
	expect_clean("\x1b]0;title\nnext line", "\nnext line");
	expect_clean("\x1b]0;a\n\x1b]0;b\nc", "\n\nc");
	/* other C0 and C1 controls, DEL */
	expect_clean("a\x01\x08\x0b\x0c\x7f" "b\xC2\x85\xC2\x80" "c", "abc");
}

static void
test_decode_strips_bidi_override(void **state)
{
	(void)state;
	/* LRE RLE PDF LRO RLO, LRI RLI FSI PDI */
	expect_clean("a\xE2\x80\xAA\xE2\x80\xAB\xE2\x80\xAC\xE2\x80\xAD"
	    "\xE2\x80\xAE" "b\xE2\x81\xA6\xE2\x81\xA7\xE2\x81\xA8\xE2\x81\xA9"
	    "c", "abc");
	/* LRM, RLM and ALM stay */
	expect_clean("a\xE2\x80\x8E" "b\xE2\x80\x8F" "c\xD8\x9C" "d",
	    "a\xE2\x80\x8E" "b\xE2\x80\x8F" "c\xD8\x9C" "d");
}

static void
test_decode_normalises_to_nfc(void **state)
{
	(void)state;
	/* ALEF + HAMZA ABOVE -> ALEF WITH HAMZA ABOVE */
	expect_clean("\xD8\xA7\xD9\x94", "\xD8\xA3");
	expect_clean("e\xCC\x81", "\xC3\xA9");
}

static void
test_decode_turns_tab_into_space(void **state)
{
	(void)state;
	expect_clean("a\tb\t\tc", "a b  c");
}

static void
test_decode_expands_huge_ligatures(void **state)
{
	(void)state;
	/* U+FDFA -> صلى الله عليه وسلم */
	expect_clean("\xEF\xB7\xBA", "\xD8\xB5\xD9\x84\xD9\x89 \xD8\xA7\xD9\x84"
	    "\xD9\x84\xD9\x87 \xD8\xB9\xD9\x84\xD9\x8A\xD9\x87 \xD9\x88\xD8\xB3"
	    "\xD9\x84\xD9\x85");
}

static void
test_decode_cuts_long_combining_runs(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t n, i;
	char *t;

	(void)state;
	ak_buf_addch(&b, 'a');
	for (i = 0; i < 1000; i++)
		ak_buf_add(&b, i % 2 ? "\xCC\x81" : "\xCC\xA3", 2);
	t = ak_sanitize(b.data, b.len, &n);
	assert_int_equal(n, 1 + 30 * 2);
	free(t);
	ak_buf_release(&b);
}

/*
 * Plain Arabic letters take a short way through NFC, 16 KiB at a time: a
 * mark just after such a chunk still composes with the letter before it,
 * and a letter cut by the chunk's end stays whole.
 */
static void
test_decode_composes_across_chunks(void **state)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t n, i, lead;
	char *t;

	(void)state;
	for (lead = 0; lead < 2; lead++) {
		b.len = 0;
		if (lead)
			ak_buf_addch(&b, 'x');
		for (i = 0; i < 8191; i++)
			ak_buf_add(&b, "\xD8\xA8", 2);	/* ب */
		ak_buf_add(&b, "\xD8\xA7\xD9\x94 ", 5);	/* ا + ٔ */
		t = ak_sanitize(b.data, b.len, &n);
		assert_int_equal(n, b.len - 2);
		assert_memory_equal(t, b.data, lead + 8191 * 2);
		assert_string_equal(t + lead + 8191 * 2, "\xD8\xA3 ");	/* أ */
		free(t);
		/* and without the mark, the text comes back as it was */
		b.len -= 3;
		ak_buf_addch(&b, ' ');
		t = ak_sanitize(b.data, b.len, &n);
		assert_int_equal(n, b.len);
		assert_memory_equal(t, b.data, n);
		free(t);
	}
	ak_buf_release(&b);
}

static void
test_decode_handles_a_10mb_line(void **state)
{
	static const char word[] = "\xD8\xA7\xD9\x94\xD8\xAE\xD8\xA8\xD8\xA7"
	    "\xD8\xB1 ";	/* "اٴخبار " with a decomposed alef-hamza */
	static const char nfc_word[] = "\xD8\xA3\xD8\xAE\xD8\xA8\xD8\xA7"
	    "\xD8\xB1 ";
	struct ak_buf b = AK_BUF_INIT;
	struct warns w = { 0, "" };
	size_t i, count = 10 * 1024 * 1024 / (sizeof(word) - 1);
	char *t;

	(void)state;
	for (i = 0; i < count; i++)
		ak_buf_add(&b, word, sizeof(word) - 1);
	t = dec(b.data, b.len, NULL, &w, NULL);
	assert_int_equal(strlen(t), count * (sizeof(nfc_word) - 1));
	assert_null(strchr(t, '\n'));
	assert_memory_equal(t, nfc_word, sizeof(nfc_word) - 1);
	assert_memory_equal(t + strlen(t) - (sizeof(nfc_word) - 1), nfc_word,
	    sizeof(nfc_word) - 1);
	assert_null(strstr(t, "\xD9\x94"));
	free(t);
	ak_buf_release(&b);
}

static void
test_sanitize_replaces_invalid_utf8(void **state)
{
	size_t n;
	char *t;

	(void)state;
	t = ak_sanitize("a\xFF" "b\xED\xA0\x80" "c", 7, &n);
	assert_string_equal(t, "a\xEF\xBF\xBD" "b\xEF\xBF\xBD\xEF\xBF\xBD"
	    "\xEF\xBF\xBD" "c");
	assert_int_equal(n, strlen(t));
	free(t);
	t = ak_sanitize("", 0, NULL);
	assert_string_equal(t, "");
	free(t);
}

static void
test_utf8_valid(void **state)
{
	(void)state;
	assert_true(ak_utf8_valid("", 0));
	assert_true(ak_utf8_valid("\xD8\xB9\xF0\x9F\x98\x80", 6));
	assert_false(ak_utf8_valid("\xC0\x80", 2));		/* overlong */
	assert_false(ak_utf8_valid("\xED\xA0\x80", 3));	/* surrogate */
	assert_false(ak_utf8_valid("\xF4\x90\x80\x80", 4));	/* > U+10FFFF */
	assert_false(ak_utf8_valid("\xD8", 1));		/* truncated */
	assert_false(ak_utf8_valid("\x80", 1));
}

static void
test_decode_raw_only_converts(void **state)
{
	struct ak_decoded d;
	struct warns w = { 0, "" };
	size_t n;
	char *raw = slurp("ar-cp1256.txt", &n);

	(void)state;
	assert_int_equal(ak_decode_raw("\xEF\xBB\xBF<a>\tb\r\n\xFF</a>", 15,
	    NULL, collect, &w, &d, NULL), AK_OK);
	assert_string_equal(d.text, "<a>\tb\r\n\xEF\xBF\xBD</a>");
	assert_string_equal(w.last,
	    "invalid UTF-8 at byte 10 (1 sequence replaced)");
	free(d.text);
	/* C0 controls go (XML cannot carry them), with whole ESC sequences */
	assert_int_equal(ak_decode_raw("a\x1b[31mb\x01\x1b]0;t\x07" "c\xC2\x9B",
	    17, NULL, NULL, NULL, &d, NULL), AK_OK);
	assert_string_equal(d.text, "abc\xC2\x9B");
	free(d.text);
	assert_int_equal(ak_decode_raw(raw, n, NULL, NULL, NULL, &d, NULL),
	    AK_OK);
	assert_string_equal(d.charset, "windows-1256");
	assert_non_null(strstr(d.text, "\xD8\xB9\xD8\xB1\xD8\xA7\xD9\x82"));
	free(d.text);
	free(raw);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_decode_utf8_passes_through),
		cmocka_unit_test(test_decode_drops_utf8_bom),
		cmocka_unit_test(test_decode_normalises_line_ends),
		cmocka_unit_test(test_decode_detects_windows_1256),
		cmocka_unit_test(test_decode_detects_iso_8859_6),
		cmocka_unit_test(test_decode_trusts_charset_hint),
		cmocka_unit_test(test_decode_warns_on_unknown_hint),
		cmocka_unit_test(test_decode_converts_utf16_with_bom),
		cmocka_unit_test(test_decode_reports_invalid_utf8_offset),
		cmocka_unit_test(test_decode_refuses_binary),
		cmocka_unit_test(test_decode_refuses_empty),
		cmocka_unit_test(test_decode_drops_escape_sequences),
		cmocka_unit_test(test_decode_strips_bidi_override),
		cmocka_unit_test(test_decode_normalises_to_nfc),
		cmocka_unit_test(test_decode_composes_across_chunks),
		cmocka_unit_test(test_decode_turns_tab_into_space),
		cmocka_unit_test(test_decode_expands_huge_ligatures),
		cmocka_unit_test(test_decode_cuts_long_combining_runs),
		cmocka_unit_test(test_decode_handles_a_10mb_line),
		cmocka_unit_test(test_sanitize_replaces_invalid_utf8),
		cmocka_unit_test(test_utf8_valid),
		cmocka_unit_test(test_decode_raw_only_converts),
	};

	return cmocka_run_group_tests_name("decode", tests, NULL, NULL);
}
