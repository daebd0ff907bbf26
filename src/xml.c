/*
 * libxml2 loaded on first use: see xml.h and dl.h.  And a guard that
 * keeps libxml2's quadratic corners away from the input: a linear
 * scanner of start tags that cuts their attributes to a number libxml2
 * handles in no time.
 */
#include "config.h"

#include "akhbar/xml.h"

#include <stddef.h>
#include <string.h>
#include <strings.h>

#include "akhbar/buf.h"
#include "akhbar/dl.h"
#include "akhbar/error.h"

struct ak_xml ak_xml;

static const struct ak_dl_sym syms[] = {
	AK_DL_SYM(struct ak_xml, xmlNewParserCtxt),
	AK_DL_SYM(struct ak_xml, xmlCtxtReadMemory),
	AK_DL_SYM(struct ak_xml, xmlFreeParserCtxt),
	AK_DL_SYM(struct ak_xml, xmlFreeDoc),
	AK_DL_SYM(struct ak_xml, xmlDocGetRootElement),
	AK_DL_SYM(struct ak_xml, xmlNodeGetBase),
	AK_DL_SYM(struct ak_xml, xmlBuildURI),
	AK_DL_SYM(struct ak_xml, htmlNewParserCtxt),
	AK_DL_SYM(struct ak_xml, htmlCtxtReadMemory),
	AK_DL_SYM(struct ak_xml, htmlFreeParserCtxt),
	AK_DL_SYM(struct ak_xml, htmlReadMemory),
	AK_DL_SYM(struct ak_xml, htmlEntityLookup),
	AK_DL_SYM(struct ak_xml, xmlInitParser),
	{ "xmlFree", offsetof(struct ak_xml, free_fn) },
	{ NULL, 0 }
};

static struct ak_dl lib = { AK_XML_SONAME, "libxml2", syms, &ak_xml, 0, "" };

int
ak_xml_load(struct ak_error *err)
{
	static int inited;
	int rc = ak_dl_load(&lib, err);

	/*
	 * libxml2 sets up its globals (mutexes among them) on first use;
	 * two import threads' first parses at once both did, and one set
	 * leaked (LeakSanitizer, now and then).  The importer loads it on
	 * its first thread, before the others start.
	 */
	if (rc == AK_OK && !inited) {
		ak_xml.xmlInitParser();
		inited = 1;
	}
	return rc;
}

/* ------------------------------------------------------------ attributes */

static int
is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

static int
is_name_start(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
	    c == ':' || (unsigned char)c >= 0x80;
}

/* Just after the first pat at or after i, else len. */
static size_t
after(const char *s, size_t len, size_t i, const char *pat)
{
	size_t n = strlen(pat);
	const char *p;

	/* pat is a few bytes: memchr and a compare stay linear */
	while (i + n <= len) {
		p = memchr(s + i, pat[0], len - i - n + 1);
		if (!p)
			break;
		i = (size_t)(p - s);
		if (memcmp(s + i, pat, n) == 0)
			return i + n;
		i++;
	}
	return len;
}

/* The start of the first "</name" (any case) at or after i, else len. */
static size_t
end_tag(const char *s, size_t len, size_t i, const char *name, size_t n)
{
	const char *p;

	while (i < len) {
		p = memchr(s + i, '<', len - i);
		if (!p)
			return len;
		i = (size_t)(p - s);
		if (i + 2 + n <= len && s[i + 1] == '/' &&
		    strncasecmp(s + i + 2, name, n) == 0)
			return i;
		i++;
	}
	return len;
}

/*
 * Past a declaration at i (just after "<!"): to its '>', over quoted
 * strings and a DOCTYPE's internal subset in [ ].
 */
static size_t
skip_decl(const char *s, size_t len, size_t i)
{
	const char *p;
	int depth = 0;

	while (i < len) {
		if (s[i] == '"' || s[i] == '\'') {
			p = memchr(s + i + 1, s[i], len - i - 1);
			i = p ? (size_t)(p - s) + 1 : len;
			continue;
		}
		if (s[i] == '[')
			depth++;
		else if (s[i] == ']' && depth > 0)
			depth--;
		else if (s[i] == '>' && depth == 0)
			return i + 1;
		i++;
	}
	return len;
}

size_t
ak_xml_limit_attrs(const char *s, size_t len, size_t max, char **out,
	size_t *outlen)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i = 0, copied = 0, dropped = 0, name, nlen, at, count, j, prev;
	const char *p;

	while (i < len) {
		p = memchr(s + i, '<', len - i);
		if (!p)
			break;
		i = (size_t)(p - s) + 1;
		if (i >= len)
			break;
		if (len - i >= 3 && memcmp(s + i, "!--", 3) == 0) {
			i = after(s, len, i + 3, "-->");
			continue;
		}
		if (len - i >= 8 && memcmp(s + i, "![CDATA[", 8) == 0) {
			i = after(s, len, i + 8, "]]>");
			continue;
		}
		if (s[i] == '!') {
			i = skip_decl(s, len, i + 1);
			continue;
		}
		if (s[i] == '?') {
			i = after(s, len, i + 1, "?>");
			continue;
		}
		if (!is_name_start(s[i]))
			continue;
		/* a start tag: its name, then its attributes */
		name = i;
		while (i < len && !is_space(s[i]) && s[i] != '>' &&
		    s[i] != '/' && s[i] != '<')
			i++;
		nlen = i - name;
		prev = i;	/* the end of the name or of the last attribute */
		for (count = 0;;) {
			while (i < len && (is_space(s[i]) || s[i] == '/'))
				i++;
			if (i >= len || s[i] == '>' || s[i] == '<')
				break;
			at = i;
			while (i < len && !is_space(s[i]) && s[i] != '>' &&
			    s[i] != '/' && s[i] != '<' && (s[i] != '=' ||
			    i == at))
				i++;
			for (j = i; j < len && is_space(s[j]); j++)
				;
			if (j < len && s[j] == '=') {
				for (j++; j < len && is_space(s[j]); j++)
					;
				if (j < len && (s[j] == '"' || s[j] == '\'')) {
					p = memchr(s + j + 1, s[j], len - j - 1);
					j = p ? (size_t)(p - s) + 1 : len;
				} else {
					while (j < len && !is_space(s[j]) &&
					    s[j] != '>')
						j++;
				}
				i = j;
			}
			if (++count > max) {
				/* the attribute and the space before it */
				ak_buf_add(&b, s + copied, prev - copied);
				copied = i;
				dropped++;
			}
			prev = i;
		}
		/* the text of script and style is not markup */
		if (i < len && s[i] == '>' && ((nlen == 6 &&
		    strncasecmp(s + name, "script", 6) == 0) || (nlen == 5 &&
		    strncasecmp(s + name, "style", 5) == 0)))
			i = end_tag(s, len, i + 1, s + name, nlen);
	}
	if (dropped == 0) {
		ak_buf_release(&b);
		return 0;
	}
	ak_buf_add(&b, s + copied, len - copied);
	*out = ak_buf_detach(&b, outlen);
	return dropped;
}
