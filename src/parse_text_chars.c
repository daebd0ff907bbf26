/*
 * The text-page parser's character tests: what counts as white space, an
 * invisible mark, a letter, a dash or the end of a sentence, and the
 * normalisation every page line (and every rule text) goes through before
 * anything compares it.  Knows nothing of rules or of articles.
 */
#include "config.h"

#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/text.h"
#include "parse_text_priv.h"

static int
is_space_cp(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000;
}

/* Invisible characters that carry nothing in a paragraph of text. */
static int
is_dropped_cp(unsigned cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	    cp == 0x200B || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
	    cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

int
pt_is_letter_cp(unsigned cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return 1;
	if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)
		return 1;
	if ((cp >= 0x0620 && cp <= 0x065F) || (cp >= 0x066E && cp <= 0x06D3) ||
	    cp == 0x06D5 || cp == 0x0670)
		return 1;
	return 0;
}

int
pt_is_arabic_cp(unsigned cp)
{
	return cp >= 0x0600 && cp <= 0x06FF;
}

int
pt_is_dash_cp(unsigned cp)
{
	return cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x0640 ||
	    cp == 0x2012 || cp == 0x2212;
}

unsigned
pt_last_cp(const char *s, size_t len)
{
	size_t i = len;
	unsigned cp;

	if (len == 0)
		return 0;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 &&
	    len - i < 3)
		i--;
	if (i > 0)
		i--;
	ak_utf8_next(s + i, len - i, &cp);
	return cp;
}

size_t
pt_count_cps(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

size_t
pt_count_words(const char *s, size_t len)
{
	size_t i, n = 0;
	int in = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ') {
			in = 0;
		} else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/*
 * An HTML entity left in a page copied from HTML source: «&quot;», «&#39;».
 * Returns the bytes it takes (1 when s holds none: '&' stands).
 */
static int
entity(const char *s, size_t len, unsigned *cp)
{
	static const struct {
		const char *name;
		unsigned cp;
	} named[] = {
		{ "&quot;", '"' }, { "&amp;", '&' }, { "&lt;", '<' },
		{ "&gt;", '>' }, { "&apos;", '\'' }, { "&nbsp;", 0xA0 },
		{ "&laquo;", 0xAB }, { "&raquo;", 0xBB }, { "&hellip;", 0x2026 },
		{ "&ndash;", 0x2013 }, { "&mdash;", 0x2014 },
	};
	size_t i, n;
	unsigned v = 0;
	int hex = 0;

	*cp = '&';
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		n = strlen(named[i].name);
		if (len >= n && memcmp(s, named[i].name, n) == 0) {
			*cp = named[i].cp;
			return (int)n;
		}
	}
	if (len < 4 || s[1] != '#')
		return 1;
	i = 2;
	if (s[i] == 'x' || s[i] == 'X') {
		hex = 1;
		i++;
	}
	for (n = i; i < len && i < n + 7; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			v = v * (hex ? 16 : 10) + (unsigned)(s[i] - '0');
		else if (hex && s[i] >= 'a' && s[i] <= 'f')
			v = v * 16 + (unsigned)(s[i] - 'a' + 10);
		else if (hex && s[i] >= 'A' && s[i] <= 'F')
			v = v * 16 + (unsigned)(s[i] - 'A' + 10);
		else
			break;
	}
	if (i == n || i >= len || s[i] != ';' || v == 0 || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 1;
	*cp = v;
	return (int)i + 1;
}

size_t
pt_normalise(const char *s, size_t len, struct ak_buf *out)
{
	size_t i = 0, start = out->len;
	int pending_space = 0;
	unsigned cp;
	int k;

	while (i < len) {
		k = ak_utf8_next(s + i, len - i, &cp);
		if (k < 1)
			k = 1;
		if (cp == '&')
			k = entity(s + i, len - i, &cp);
		i += (size_t)k;
		if (is_space_cp(cp)) {
			pending_space = out->len > start;
			continue;
		}
		if (is_dropped_cp(cp))
			continue;
		if (pending_space)
			ak_buf_addch(out, ' ');
		pending_space = 0;
		ak_buf_addcp(out, cp);
	}
	return out->len - start;
}

int
pt_bytes_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

const char *
pt_find_bytes(const char *s, size_t len, const char *pat, size_t plen)
{
	size_t i;

	if (plen == 0 || plen > len)
		return NULL;
	for (i = 0; i + plen <= len; i++)
		if (s[i] == pat[0] && memcmp(s + i, pat, plen) == 0)
			return s + i;
	return NULL;
}

void
pt_trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' '))
		(*s)++, (*len)--;
	while (*len > 0 && (*s)[*len - 1] == ' ')
		(*len)--;
}

int
pt_ends_sentence(const char *s, size_t len)
{
	unsigned cp = pt_last_cp(s, len);

	return cp == '.' || cp == 0x060C || cp == ',' || cp == ':' ||
	    cp == 0x061B || cp == ';' || cp == 0x2026 || cp == 0x06D4 ||
	    cp == '-';
}

size_t
pt_split_words(const char *s, size_t len, struct word *w, size_t max)
{
	size_t i = 0, n = 0, start;

	while (i < len && n < max) {
		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		w[n].s = s + start;
		w[n].len = i - start;
		n++;
	}
	return n;
}
