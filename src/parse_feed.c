/*
 * RSS 2.0 (and 0.9x/1.0) and Atom feeds to articles, with libxml2.
 *
 * The bytes go through ak_decode_raw first (charset, BOM, invalid bytes,
 * binary and empty input), then libxml2 parses them as UTF-8 with network
 * access, DTD loading and entity substitution off, an entity resolver
 * that refuses everything, and its own size and depth limits on.  Text is
 * taken from text and CDATA nodes only; entity references are never
 * expanded (an unknown one that names an HTML entity, like &nbsp; from an
 * RSS 0.91 DTD, becomes that character), so billion laughs and XXE have
 * nothing to work with.  HTML in descriptions is flattened into blocks
 * with libxml2's HTML parser.  Every string goes through ak_sanitize.
 * Storage is the sink's business.
 */
#include "config.h"

#include "akhbar/parse.h"

#include <ctype.h>
#include <stdarg.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <libxml/xmlerror.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/xml.h"

#define MAX_FEED	(32u << 20)	/* same as the fetch limit */
#define MAX_DEPTH	256		/* element nesting walked */

#define NS_ATOM		"http://www.w3.org/2005/Atom"
#define NS_ATOM03	"http://purl.org/atom/ns#"
#define NS_RSS1		"http://purl.org/rss/1.0/"
#define NS_RSS09	"http://my.netscape.com/rdf/simple/0.9/"
#define NS_DC		"http://purl.org/dc/elements/1.1/"
#define NS_CONTENT	"http://purl.org/rss/1.0/modules/content/"
#define NS_XHTML	"http://www.w3.org/1999/xhtml"

struct feed {
	const struct ak_parse_opts *o;
	const struct ak_sink *sink;
	char *publisher;	/* channel title, sanitised */
	char *lang;		/* channel language, "ar" */
	size_t nitems;
};

static void
warnf(const struct feed *f, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
warnf(const struct feed *f, const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	if (!f->sink->warn)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	f->sink->warn(f->sink->ctx, msg);
}

/* -------------------------------------------------------------- strings */

/*
 * Sanitise, then fold white space (including no-break spaces and line
 * ends) to single spaces and trim.  Returns a new string, maybe "".
 */
static char *
clean_line(const char *s, size_t len, size_t *outlen)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t n, i;
	char *t = ak_sanitize(s, len, &n);
	int space = 0;

	ak_buf_grow(&b, n);
	for (i = 0; i < n; i++) {
		if (t[i] == ' ' || t[i] == '\n') {
			space = 1;
			continue;
		}
		if ((unsigned char)t[i] == 0xC2 && i + 1 < n &&
		    (unsigned char)t[i + 1] == 0xA0) {
			space = 1;
			i++;
			continue;
		}
		if (space && b.len)
			ak_buf_addch(&b, ' ');
		space = 0;
		ak_buf_addch(&b, t[i]);
	}
	free(t);
	return ak_buf_detach(&b, outlen);
}

/* Like clean_line, but NULL for an empty result. */
static char *
clean_field(const char *s, size_t len)
{
	size_t n;
	char *t = clean_line(s, len, &n);

	if (!n) {
		free(t);
		return NULL;
	}
	return t;
}

/* ---------------------------------------------------------- XML access */

/* Is n the element local in namespace ns (NULL: the feed's own)? */
static int
is_el(const xmlNode *n, const char *local, const char *ns)
{
	const char *href, *name;
	size_t k;

	if (!n || n->type != XML_ELEMENT_NODE)
		return 0;
	name = (const char *)n->name;
	href = n->ns && n->ns->href ? (const char *)n->ns->href : NULL;
	if (!ns) {
		if (strcmp(name, local))
			return 0;
		return !href || !strcmp(href, NS_ATOM) ||
		    !strcmp(href, NS_ATOM03) || !strcmp(href, NS_RSS1) ||
		    !strcmp(href, NS_RSS09);
	}
	if (href)
		return !strcmp(name, local) && !strcmp(href, ns);
	/* an undeclared prefix leaves "dc:creator" as the name */
	k = strlen(name) - strlen(local);
	if (strlen(name) <= strlen(local) || name[k - 1] != ':' ||
	    strcmp(name + k, local))
		return 0;
	if (!strcmp(ns, NS_DC))
		return k == 3 && !strncmp(name, "dc", 2);
	if (!strcmp(ns, NS_CONTENT))
		return k == 8 && !strncmp(name, "content", 7);
	return 0;
}

static xmlNode *
child(const xmlNode *n, const char *local, const char *ns)
{
	xmlNode *c;

	for (c = n ? n->children : NULL; c; c = c->next)
		if (is_el(c, local, ns))
			return c;
	return NULL;
}

static const char *
attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next) {
		if (a->type == XML_ATTRIBUTE_NODE &&
		    !strcmp((const char *)a->name, name) && a->children &&
		    a->children->type == XML_TEXT_NODE && !a->children->next)
			return (const char *)a->children->content;
	}
	return NULL;
}

/*
 * An entity reference that the parser did not expand: never the
 * document's own entities (that is billion laughs and XXE), but the name
 * of an HTML entity becomes its character.
 */
static void
add_entity(struct ak_buf *b, const xmlNode *n)
{
	const htmlEntityDesc *e = ak_xml.htmlEntityLookup(n->name);

	if (e)
		ak_buf_addcp(b, e->value);
}

/* The text of n: text and CDATA below it, nothing else. */
static void
node_text(struct ak_buf *b, const xmlNode *n, int depth)
{
	const xmlNode *c;

	if (depth > MAX_DEPTH)
		return;
	for (c = n->children; c; c = c->next) {
		switch (c->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (c->content)
				ak_buf_addstr(b, (const char *)c->content);
			break;
		case XML_ENTITY_REF_NODE:
			add_entity(b, c);
			break;
		case XML_ELEMENT_NODE:
			node_text(b, c, depth + 1);
			break;
		default:
			break;
		}
	}
}

/* The cleaned one-line text of n, or NULL. */
static char *
text_of(const xmlNode *n)
{
	struct ak_buf b = AK_BUF_INIT;
	char *t;

	if (!n)
		return NULL;
	node_text(&b, n, 0);
	t = clean_field(b.data ? b.data : "", b.len);
	ak_buf_release(&b);
	return t;
}

/* ------------------------------------------------------------- HTML */

struct blocks {
	struct ak_article *a;	/* blocks go here */
	struct ak_buf cur;	/* the paragraph being collected */
	enum ak_block_kind kind;	/* of cur */
};

static void
flush(struct blocks *bl)
{
	size_t n;
	char *t;

	if (!bl->cur.len)
		return;
	t = clean_line(bl->cur.data, bl->cur.len, &n);
	if (n)
		ak_article_add_block(bl->a, bl->kind, t, n, NULL);
	free(t);
	ak_buf_reset(&bl->cur);
}

static void
add_raw(struct blocks *bl, const char *s, size_t n, enum ak_block_kind kind)
{
	if (!n)
		return;
	if (!bl->cur.len)
		bl->kind = kind;
	ak_buf_add(&bl->cur, s, n);
}

/* Text in which a blank line ends a paragraph. */
static void
add_text(struct blocks *bl, const char *s, enum ak_block_kind kind)
{
	const char *p = s, *q, *r;

	while ((q = strchr(p, '\n'))) {
		for (r = q + 1; *r == ' ' || *r == '\t' || *r == '\r'; r++)
			;
		if (*r != '\n') {
			add_raw(bl, p, (size_t)(r - p), kind);
			p = r;
			continue;
		}
		add_raw(bl, p, (size_t)(q - p), kind);
		flush(bl);
		p = r + 1;
	}
	add_raw(bl, p, strlen(p), kind);
}

enum el_class { EL_INLINE, EL_SKIP, EL_BLOCK, EL_BREAK, EL_CELL };

static const struct {
	const char *name;
	enum el_class cls;
	int kind;		/* block kind for its text, -1: inherit */
} elements[] = {
	{ "script", EL_SKIP, -1 }, { "style", EL_SKIP, -1 },
	{ "noscript", EL_SKIP, -1 }, { "iframe", EL_SKIP, -1 },
	{ "object", EL_SKIP, -1 }, { "embed", EL_SKIP, -1 },
	{ "head", EL_SKIP, -1 }, { "title", EL_SKIP, -1 },
	{ "template", EL_SKIP, -1 }, { "svg", EL_SKIP, -1 },
	{ "math", EL_SKIP, -1 }, { "form", EL_SKIP, -1 },
	{ "button", EL_SKIP, -1 }, { "select", EL_SKIP, -1 },
	{ "textarea", EL_SKIP, -1 }, { "video", EL_SKIP, -1 },
	{ "audio", EL_SKIP, -1 }, { "canvas", EL_SKIP, -1 },
	{ "map", EL_SKIP, -1 },
	{ "br", EL_BREAK, -1 }, { "hr", EL_BREAK, -1 },
	{ "td", EL_CELL, -1 }, { "th", EL_CELL, -1 },
	{ "p", EL_BLOCK, -1 }, { "div", EL_BLOCK, -1 },
	{ "section", EL_BLOCK, -1 }, { "article", EL_BLOCK, -1 },
	{ "header", EL_BLOCK, -1 }, { "footer", EL_BLOCK, -1 },
	{ "aside", EL_BLOCK, -1 }, { "main", EL_BLOCK, -1 },
	{ "nav", EL_BLOCK, -1 }, { "ul", EL_BLOCK, -1 },
	{ "ol", EL_BLOCK, -1 }, { "li", EL_BLOCK, -1 },
	{ "dl", EL_BLOCK, -1 }, { "dt", EL_BLOCK, -1 },
	{ "dd", EL_BLOCK, -1 }, { "table", EL_BLOCK, -1 },
	{ "tr", EL_BLOCK, -1 }, { "pre", EL_BLOCK, -1 },
	{ "address", EL_BLOCK, -1 }, { "center", EL_BLOCK, -1 },
	{ "figure", EL_BLOCK, -1 }, { "details", EL_BLOCK, -1 },
	{ "body", EL_BLOCK, -1 }, { "html", EL_BLOCK, -1 },
	{ "h1", EL_BLOCK, AK_BLOCK_HEADING },
	{ "h2", EL_BLOCK, AK_BLOCK_HEADING },
	{ "h3", EL_BLOCK, AK_BLOCK_HEADING },
	{ "h4", EL_BLOCK, AK_BLOCK_HEADING },
	{ "h5", EL_BLOCK, AK_BLOCK_HEADING },
	{ "h6", EL_BLOCK, AK_BLOCK_HEADING },
	{ "blockquote", EL_BLOCK, AK_BLOCK_QUOTE },
	{ "figcaption", EL_BLOCK, AK_BLOCK_CAPTION },
};

static enum el_class
classify(const xmlNode *n, int *kind)
{
	size_t i;

	*kind = -1;
	for (i = 0; i < sizeof(elements) / sizeof(elements[0]); i++) {
		if (!strcasecmp((const char *)n->name, elements[i].name)) {
			*kind = elements[i].kind;
			return elements[i].cls;
		}
	}
	return EL_INLINE;
}

static void
walk(struct blocks *bl, const xmlNode *n, enum ak_block_kind kind, int depth)
{
	enum el_class cls;
	int k;

	if (depth > MAX_DEPTH)
		return;
	for (; n; n = n->next) {
		switch (n->type) {
		case XML_TEXT_NODE:
		case XML_CDATA_SECTION_NODE:
			if (n->content)
				add_text(bl, (const char *)n->content, kind);
			break;
		case XML_ENTITY_REF_NODE:
			if (!bl->cur.len)
				bl->kind = kind;
			add_entity(&bl->cur, n);
			break;
		case XML_ELEMENT_NODE:
			cls = classify(n, &k);
			if (cls == EL_SKIP)
				break;
			if (cls == EL_BREAK) {
				flush(bl);
				break;
			}
			if (cls == EL_CELL)
				add_raw(bl, " ", 1, kind);
			if (cls == EL_BLOCK)
				flush(bl);
			walk(bl, n->children, k >= 0 ?
			    (enum ak_block_kind)k : kind, depth + 1);
			if (cls == EL_BLOCK)
				flush(bl);
			if (cls == EL_CELL)
				add_raw(bl, " ", 1, kind);
			break;
		default:
			break;
		}
	}
}

static void
quiet_serror(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* Does s look like it holds markup or entities? */
static int
has_markup(const char *s)
{
	const char *p;

	for (p = strchr(s, '<'); p; p = strchr(p + 1, '<'))
		if (isalpha((unsigned char)p[1]) || p[1] == '/' || p[1] == '!')
			return 1;
	return strchr(s, '&') != NULL;
}

/* Add the blocks of an HTML fragment (or plain text) to a. */
static void
html_blocks(struct ak_article *a, const char *s, enum ak_block_kind kind)
{
	struct blocks bl = { a, AK_BUF_INIT, kind };
	htmlParserCtxtPtr ctxt;
	htmlDocPtr doc;
	size_t len = strlen(s);

	if (!has_markup(s) || len > INT32_MAX) {
		add_text(&bl, s, kind);
		goto out;
	}
	ctxt = ak_xml.htmlNewParserCtxt();
	if (!ctxt) {
		add_text(&bl, s, kind);
		goto out;
	}
	ctxt->sax->serror = quiet_serror;
	ctxt->sax->initialized = XML_SAX2_MAGIC;
	doc = ak_xml.htmlCtxtReadMemory(ctxt, s, (int)len, NULL, "UTF-8",
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_IGNORE_ENC | HTML_PARSE_COMPACT);
	if (doc)
		walk(&bl, doc->children, kind, 0);
	else
		add_text(&bl, s, kind);
	if (doc)
		ak_xml.xmlFreeDoc(doc);
	ak_xml.htmlFreeParserCtxt(ctxt);
out:
	flush(&bl);
	ak_buf_release(&bl.cur);
}

/* An HTML fragment as one line of text, or NULL. */
static char *
html_line(const char *s)
{
	struct ak_article tmp;
	struct ak_buf b = AK_BUF_INIT;
	size_t i;
	char *t;

	ak_article_init(&tmp);
	html_blocks(&tmp, s, AK_BLOCK_PARAGRAPH);
	for (i = 0; i < tmp.nblocks; i++) {
		if (i)
			ak_buf_addch(&b, ' ');
		ak_buf_addstr(&b, tmp.blocks[i].text);
	}
	ak_article_release(&tmp);
	t = clean_field(b.data ? b.data : "", b.len);
	ak_buf_release(&b);
	return t;
}

/* Raw (uncleaned) text of n, to free. */
static char *
raw_text(const xmlNode *n)
{
	struct ak_buf b = AK_BUF_INIT;

	node_text(&b, n, 0);
	return ak_buf_detach(&b, NULL);
}

/*
 * Blocks of an element whose content is text, HTML (escaped or CDATA),
 * or (Atom type="xhtml", or inline markup in RSS) XHTML elements.
 */
static void
content_blocks(struct ak_article *a, const xmlNode *n, int atom,
	enum ak_block_kind kind)
{
	const char *type = attr(n, "type");
	const xmlNode *c;
	char *raw;
	int markup = 0;

	for (c = n->children; c; c = c->next)
		if (c->type == XML_ELEMENT_NODE)
			markup = 1;
	if ((type && !strcmp(type, "xhtml")) || markup) {
		struct blocks bl = { a, AK_BUF_INIT, kind };

		walk(&bl, n->children, kind, 0);
		flush(&bl);
		ak_buf_release(&bl.cur);
		return;
	}
	raw = raw_text(n);
	if (atom && (!type || !strcmp(type, "text") ||
	    !strcmp(type, "text/plain"))) {
		struct blocks bl = { a, AK_BUF_INIT, kind };

		add_text(&bl, raw, kind);
		flush(&bl);
		ak_buf_release(&bl.cur);
	} else {
		html_blocks(a, raw, kind);
	}
	free(raw);
}

/* A title: Atom says its type, RSS titles sometimes carry HTML. */
static char *
title_of(const xmlNode *n, int atom)
{
	const char *type;
	char *raw, *t;

	if (!n)
		return NULL;
	type = attr(n, "type");
	if (atom && (!type || !strcmp(type, "text")))
		return text_of(n);
	if (type && !strcmp(type, "xhtml"))
		return text_of(n);
	raw = raw_text(n);
	t = has_markup(raw) ? html_line(raw) : clean_field(raw, strlen(raw));
	free(raw);
	return t;
}

/* -------------------------------------------------------------- dates */

static const char *const months[] = {
	"jan", "feb", "mar", "apr", "may", "jun",
	"jul", "aug", "sep", "oct", "nov", "dec"
};

static int
num(const char **p, int maxdigits, int *out)
{
	int n = 0, k = 0;

	while (k < maxdigits && isdigit((unsigned char)**p)) {
		n = n * 10 + (**p - '0');
		(*p)++;
		k++;
	}
	*out = n;
	return k;
}

static void
skip_ws(const char **p)
{
	while (**p == ' ' || **p == '\t' || **p == '\n' || **p == '\r')
		(*p)++;
}

/* Time zone: Z, UT, GMT, UTC, US zones, +hhmm, +hh:mm.  Minutes east. */
static int
zone(const char *p, int *off)
{
	static const struct {
		const char *name;
		int off;
	} zones[] = {
		{ "UT", 0 }, { "UTC", 0 }, { "GMT", 0 }, { "Z", 0 },
		{ "EST", -300 }, { "EDT", -240 }, { "CST", -360 },
		{ "CDT", -300 }, { "MST", -420 }, { "MDT", -360 },
		{ "PST", -480 }, { "PDT", -420 },
	};
	int sign, h, m;
	size_t i, k;

	skip_ws(&p);
	*off = 0;
	if (!*p)
		return 1;
	if (*p == '+' || *p == '-') {
		sign = *p++ == '-' ? -1 : 1;
		if (num(&p, 2, &h) != 2)
			return 0;
		if (*p == ':')
			p++;
		if (num(&p, 2, &m) != 2)
			m = 0;
		if (h > 23 || m > 59)
			return 0;
		*off = sign * (h * 60 + m);
		return 1;
	}
	for (k = 0; isalpha((unsigned char)p[k]); k++)
		;
	for (i = 0; i < sizeof(zones) / sizeof(zones[0]); i++) {
		if (strlen(zones[i].name) == k &&
		    !strncasecmp(p, zones[i].name, k)) {
			*off = zones[i].off;
			return 1;
		}
	}
	return k > 0;	/* an unknown zone name: take it as UTC */
}

/*
 * RFC 822 / 2822 ("Tue, 04 Aug 2015 10:20:00 +0300") or ISO 8601 /
 * RFC 3339 ("2015-08-04T10:20:00+03:00", "2015-08-04") to ISO 8601 UTC
 * ("2015-08-04T07:20:00Z", or "2015-08-04" for a date alone).  NULL when
 * s is neither.  Feeds are supposed to use these two, so they are parsed
 * strictly here; ak_parse_date (date.c) then gets what is left.
 */
static char *
feed_date(const char *s)
{
	const char *p = s;
	int y, mo = 0, d, h = 0, mi = 0, sec = 0, off = 0, timed = 0, k;
	long days, t;
	char out[80];
	size_t i;

	skip_ws(&p);
	if (num(&p, 4, &y) == 4 && *p == '-') {
		/* ISO 8601 */
		p++;
		if (num(&p, 2, &mo) != 2 || *p++ != '-' ||
		    num(&p, 2, &d) != 2)
			return NULL;
		if (*p == 'T' || *p == 't' || (*p == ' ' &&
		    isdigit((unsigned char)p[1]))) {
			p++;
			if (num(&p, 2, &h) != 2 || *p++ != ':' ||
			    num(&p, 2, &mi) != 2)
				return NULL;
			if (*p == ':') {
				p++;
				if (num(&p, 2, &sec) != 2)
					return NULL;
				if (*p == '.' || *p == ',')
					for (p++; isdigit((unsigned char)*p);)
						p++;
			}
			timed = 1;
			if (!zone(p, &off))
				return NULL;
		}
	} else {
		/* RFC 822: [day-name ","] day month year time [zone] */
		p = s;
		skip_ws(&p);
		if (isalpha((unsigned char)*p)) {
			while (isalpha((unsigned char)*p))
				p++;
			if (*p == ',')
				p++;
			skip_ws(&p);
		}
		if (!num(&p, 2, &d))
			return NULL;
		skip_ws(&p);
		if (*p == '-')
			p++;
		for (i = 0; i < 12; i++)
			if (!strncasecmp(p, months[i], 3))
				mo = (int)i + 1;
		if (!mo)
			return NULL;
		while (isalpha((unsigned char)*p) || *p == '.')
			p++;
		skip_ws(&p);
		if (*p == '-')
			p++;
		k = num(&p, 4, &y);
		if (k == 2)
			y += y < 50 ? 2000 : 1900;
		else if (k != 4)
			return NULL;
		skip_ws(&p);
		if (isdigit((unsigned char)*p)) {
			if (!num(&p, 2, &h) || *p++ != ':' ||
			    num(&p, 2, &mi) != 2)
				return NULL;
			if (*p == ':') {
				p++;
				if (num(&p, 2, &sec) != 2)
					return NULL;
			}
			timed = 1;
			if (!zone(p, &off))
				return NULL;
		}
	}
	if (y < 1900 || y > 2999 || mo < 1 || mo > 12 || d < 1 ||
	    d > ak_days_in_month(y, mo) || h > 23 || mi > 59 || sec > 60)
		return NULL;
	if (!timed) {
		snprintf(out, sizeof(out), "%04d-%02d-%02d", y, mo, d);
		return ak_xstrdup(out);
	}
	if (sec == 60)
		sec = 59;
	days = ak_days_from_civil(y, mo, d);
	t = ((days * 24 + h) * 60 + mi) - off;	/* minutes, UTC */
	days = t >= 0 ? t / 1440 : -((-t + 1439) / 1440);
	t -= days * 1440;
	{
		long ly, lm, ld;

		ak_civil_from_days(days, &ly, &lm, &ld);
		y = (int)ly;
		mo = (int)lm;
		d = (int)ld;
	}
	snprintf(out, sizeof(out), "%04d-%02d-%02dT%02d:%02d:%02dZ", y, mo, d,
	    (int)(t / 60), (int)(t % 60), sec);
	return ak_xstrdup(out);
}

/* ------------------------------------------------------------- items */

static void
set_date(struct ak_article *a, const xmlNode *n)
{
	char *raw;

	if (!n || a->date_raw)
		return;
	raw = text_of(n);
	if (!raw)
		return;
	a->date_raw = raw;
	a->published = feed_date(raw);
	if (!a->published)	/* «الجمعة 13 سبتمبر 2024» and the like */
		a->published = ak_parse_date(raw, strlen(raw));
}

/* "ar-SA" -> "ar"; NULL unless it looks like a language tag. */
static char *
lang_of(const char *s)
{
	char buf[9];
	size_t i = 0;

	if (!s)
		return NULL;
	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	while (i < 8 && isalpha((unsigned char)s[i])) {
		buf[i] = (char)tolower((unsigned char)s[i]);
		i++;
	}
	if (i < 2 || i > 3 || (s[i] && s[i] != '-' && s[i] != '_' &&
	    !isspace((unsigned char)s[i])))
		return NULL;
	buf[i] = '\0';
	return ak_xstrdup(buf);
}

/* "editor@example.com (Name)" -> "Name" (RSS <author>). */
static char *
rss_author(const xmlNode *n)
{
	char *t = text_of(n), *open, *close, *name;

	if (!t)
		return NULL;
	open = strchr(t, '(');
	close = open ? strrchr(open, ')') : NULL;
	if (strchr(t, '@') && open && close && close > open + 1) {
		name = clean_field(open + 1, (size_t)(close - open - 1));
		if (name) {
			free(t);
			return name;
		}
	}
	return t;
}

static int
is_http(const char *s)
{
	return !strncasecmp(s, "http://", 7) || !strncasecmp(s, "https://", 8);
}

/*
 * A title for an item that has none: the start of its text, cut at a
 * word boundary.
 */
static char *
title_from_body(const struct ak_article *a)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *s;
	size_t n, cut = 0, i, chars = 0;

	if (!a->nblocks)
		return NULL;
	s = a->blocks[0].text;
	n = strlen(s);
	for (i = 0; i < n && chars < 80; i++) {
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			chars++;
		if (s[i] == ' ')
			cut = i;
	}
	if (i >= n)
		return ak_xstrdup(s);
	if (!cut)
		for (cut = i; cut > 0 && ((unsigned char)s[cut] & 0xC0) == 0x80;)
			cut--;
	ak_buf_add(&b, s, cut);
	ak_buf_addstr(&b, "\xE2\x80\xA6");	/* … */
	return ak_buf_detach(&b, NULL);
}

/* Text of all blocks, joined by spaces. */
static char *
flat_blocks(const struct ak_article *a)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i;

	for (i = 0; i < a->nblocks; i++) {
		if (i)
			ak_buf_addch(&b, ' ');
		ak_buf_addstr(&b, a->blocks[i].text);
	}
	return ak_buf_detach(&b, NULL);
}

/* Drop a trailing "...", "…", "[…]", "[...]" and spaces. */
static size_t
trim_ellipsis(const char *s, size_t n)
{
	static const char *const tails[] = {
		"[\xE2\x80\xA6]", "[...]", "\xE2\x80\xA6", "...", " "
	};
	size_t i, k;
	int again = 1;

	while (again) {
		again = 0;
		for (i = 0; i < sizeof(tails) / sizeof(tails[0]); i++) {
			k = strlen(tails[i]);
			if (n >= k && !memcmp(s + n - k, tails[i], k)) {
				n -= k;
				again = 1;
			}
		}
	}
	return n;
}

/*
 * The body: content (content:encoded, atom:content) when there is one,
 * with the description or summary as a summary block unless the body
 * starts with it; else the description alone.
 */
static void
body_of(struct ak_article *a, const xmlNode *content, const xmlNode *desc,
	int atom)
{
	struct ak_article d, c;
	char *ds, *cs;
	size_t i, dn;

	if (!content) {
		if (desc)
			content_blocks(a, desc, atom, AK_BLOCK_PARAGRAPH);
		return;
	}
	ak_article_init(&c);
	ak_article_init(&d);
	content_blocks(&c, content, atom, AK_BLOCK_PARAGRAPH);
	if (desc)
		content_blocks(&d, desc, atom, AK_BLOCK_SUMMARY);
	if (d.nblocks) {
		ds = flat_blocks(&d);
		cs = flat_blocks(&c);
		dn = trim_ellipsis(ds, strlen(ds));
		if (dn && (strlen(cs) < dn || memcmp(cs, ds, dn)))
			ak_article_add_block(a, AK_BLOCK_SUMMARY, ds, dn, NULL);
		free(ds);
		free(cs);
	}
	for (i = 0; i < c.nblocks; i++)
		ak_article_add_block(a, c.blocks[i].kind, c.blocks[i].text,
		    strlen(c.blocks[i].text), c.blocks[i].credit);
	ak_article_release(&c);
	ak_article_release(&d);
}

/* Hand a filled article to the sink (or skip an empty one). */
static int
emit(struct feed *f, struct ak_article *a)
{
	f->nitems++;
	if (!a->title)
		a->title = title_from_body(a);
	if (!a->title) {
		warnf(f, "item %zu has no title and no text, skipped",
		    f->nitems);
		return AK_OK;
	}
	if (!a->publisher)
		ak_set_str(&a->publisher, f->o && f->o->publisher ?
		    f->o->publisher : f->publisher);
	if (!a->lang && f->lang)
		ak_set_str(&a->lang, f->lang);
	return f->sink->article(f->sink->ctx, a);
}

static int
rss_item(struct feed *f, const xmlNode *item)
{
	struct ak_article a;
	const xmlNode *n, *guid;
	const char *perma;
	int rc;

	ak_article_init(&a);
	a.title = title_of(child(item, "title", NULL), 0);
	a.url = text_of(child(item, "link", NULL));
	guid = child(item, "guid", NULL);
	a.guid = text_of(guid);
	if (!a.url && a.guid && is_http(a.guid)) {
		perma = attr(guid, "isPermaLink");
		if (!perma || strcmp(perma, "false"))
			ak_set_str(&a.url, a.guid);
	}
	perma = attr(item, "about");	/* RSS 1.0: rdf:about */
	if (!a.guid && perma)
		a.guid = clean_field(perma, strlen(perma));
	set_date(&a, child(item, "pubDate", NULL));
	set_date(&a, child(item, "date", NS_DC));
	a.byline = text_of(child(item, "creator", NS_DC));
	n = child(item, "author", NULL);
	if (!a.byline && n)
		a.byline = rss_author(n);
	a.section = text_of(child(item, "category", NULL));
	if (!a.section)
		a.section = text_of(child(item, "subject", NS_DC));
	body_of(&a, child(item, "encoded", NS_CONTENT),
	    child(item, "description", NULL), 0);
	rc = emit(f, &a);
	ak_article_release(&a);
	return rc;
}

/* The href of the entry's alternate link. */
static char *
atom_link(const xmlNode *entry)
{
	const xmlNode *c;
	const char *rel, *href;
	xmlChar *base, *abs;
	char *t = NULL;

	for (c = entry->children; c; c = c->next) {
		if (!is_el(c, "link", NULL))
			continue;
		rel = attr(c, "rel");
		href = attr(c, "href");
		if (!href || (rel && strcmp(rel, "alternate")))
			continue;
		if (is_http(href))
			return clean_field(href, strlen(href));
		base = ak_xml.xmlNodeGetBase(c->doc, c);
		abs = base ? ak_xml.xmlBuildURI((const xmlChar *)href, base) : NULL;
		if (abs && is_http((const char *)abs))
			t = clean_field((const char *)abs,
			    strlen((const char *)abs));
		ak_xml_free(abs);
		ak_xml_free(base);
		if (t)
			return t;
	}
	return NULL;
}

static char *
atom_category(const xmlNode *entry)
{
	const xmlNode *c = child(entry, "category", NULL);
	const char *s;

	if (!c)
		return NULL;
	s = attr(c, "label");
	if (!s)
		s = attr(c, "term");
	return s ? clean_field(s, strlen(s)) : text_of(c);
}

static int
atom_entry(struct feed *f, const xmlNode *entry)
{
	struct ak_article a;
	const xmlNode *n;
	int rc;

	ak_article_init(&a);
	a.title = title_of(child(entry, "title", NULL), 1);
	a.url = atom_link(entry);
	a.guid = text_of(child(entry, "id", NULL));
	set_date(&a, child(entry, "published", NULL));
	set_date(&a, child(entry, "issued", NULL));	/* Atom 0.3 */
	set_date(&a, child(entry, "updated", NULL));
	set_date(&a, child(entry, "modified", NULL));	/* Atom 0.3 */
	n = child(entry, "author", NULL);
	if (n)
		a.byline = text_of(child(n, "name", NULL));
	a.section = atom_category(entry);
	a.lang = lang_of(attr(entry, "lang"));
	n = child(entry, "content", NULL);
	if (n && attr(n, "src"))
		n = NULL;	/* out-of-line content */
	body_of(&a, n, child(entry, "summary", NULL), 1);
	rc = emit(f, &a);
	ak_article_release(&a);
	return rc;
}

/* ------------------------------------------------------------ parsing */

/* The encoding label of the XML declaration, if any (into buf). */
static const char *
xml_encoding(const char *s, size_t n, char *buf, size_t cap)
{
	const char *end, *p;
	char q;
	size_t i = 0;

	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		n -= 3;
	}
	if (n < 6 || memcmp(s, "<?xml", 5))
		return NULL;
	end = memchr(s, '>', n > 512 ? 512 : n);
	if (!end)
		return NULL;
	for (p = s; p + 8 < end; p++) {
		if (memcmp(p, "encoding", 8))
			continue;
		p += 8;
		while (p < end && (*p == ' ' || *p == '='))
			p++;
		if (p >= end || (*p != '"' && *p != '\''))
			return NULL;
		q = *p++;
		while (p < end && *p != q && i + 1 < cap)
			buf[i++] = *p++;
		buf[i] = '\0';
		return i ? buf : NULL;
	}
	return NULL;
}

static xmlParserInputPtr
no_entity(void *ctx, const xmlChar *public_id, const xmlChar *system_id)
{
	(void)ctx;
	(void)public_id;
	(void)system_id;
	return NULL;
}

struct xml_errors {
	int n;
	int loop;		/* an entity reference loop was seen */
	int line;
	char msg[200];
};

/* libxml2 passes the parser context, which carries ours in _private. */
static void
record_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr c = ctx;
	struct xml_errors *x = c ? c->_private : NULL;

	if (!x || !e || e->level < XML_ERR_ERROR)
		return;
	if (e->code == XML_ERR_ENTITY_LOOP)
		x->loop = 1;
	/* what we handle anyway: &nbsp; without its DTD, dc: undeclared */
	if (e->code == XML_ERR_UNDECLARED_ENTITY ||
	    e->code == XML_WAR_UNDECLARED_ENTITY ||
	    e->code == XML_NS_ERR_UNDEFINED_NAMESPACE)
		return;
	if (!x->n++) {
		x->line = e->line;
		snprintf(x->msg, sizeof(x->msg), "%s",
		    e->message ? e->message : "");
	}
}

/* The first libxml2 error as a clean one-liner (into buf). */
static const char *
error_text(const struct xml_errors *x, char *buf, size_t cap)
{
	char *t = clean_field(x->msg, strlen(x->msg));

	snprintf(buf, cap, "%s", t ? t : "malformed XML");
	free(t);
	return buf;
}

static int
walk_feed(struct feed *f, const xmlNode *root)
{
	const xmlNode *ch, *n;
	int rc = AK_OK, atom;

	if (is_el(root, "feed", NULL)) {
		atom = 1;
		ch = root;
	} else if (is_el(root, "rss", NULL)) {
		atom = 0;
		ch = child(root, "channel", NULL);
	} else if (root && root->type == XML_ELEMENT_NODE &&
	    !strcmp((const char *)root->name, "RDF")) {
		atom = 0;
		ch = child(root, "channel", NULL);
	} else {
		return AK_EPARSE;
	}
	if (ch) {
		f->publisher = text_of(child(ch, "title", NULL));
		if (f->publisher && f->sink->title)
			f->sink->title(f->sink->ctx, f->publisher);
		f->lang = lang_of(attr(ch, "lang"));
		if (!f->lang) {
			char *l = text_of(child(ch, "language", NULL));

			if (!l)
				l = text_of(child(ch, "language", NS_DC));
			f->lang = lang_of(l);
			free(l);
		}
	}
	if (atom) {
		for (n = root->children; n && rc == AK_OK; n = n->next)
			if (is_el(n, "entry", NULL))
				rc = atom_entry(f, n);
		return rc;
	}
	/* RSS 2.0 items are in the channel, RSS 0.9/1.0 ones beside it */
	for (n = ch ? ch->children : NULL; n && rc == AK_OK; n = n->next)
		if (is_el(n, "item", NULL))
			rc = rss_item(f, n);
	for (n = root->children; n && rc == AK_OK; n = n->next)
		if (is_el(n, "item", NULL))
			rc = rss_item(f, n);
	return rc;
}

int
ak_parse_feed(const char *bytes, size_t len, const struct ak_parse_opts *o,
	const struct ak_sink *sink, struct ak_error *err)
{
	struct feed f = { o, sink, NULL, NULL, 0 };
	struct ak_decoded d = { NULL, 0, NULL };
	struct xml_errors x = { 0, 0, 0, "" };
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	const char *hint;
	char label[64], msg[256], *text;
	size_t cut, tlen;
	int rc;

	if (len > MAX_FEED) {
		rc = ak_error_set(err, AK_EPARSE,
		    "feed too large (more than %u MiB)", MAX_FEED >> 20);
		goto out;
	}
	hint = xml_encoding(bytes, len, label, sizeof(label));
	rc = ak_decode_raw(bytes, len, hint, sink->warn, sink->ctx, &d, err);
	if (rc != AK_OK)
		goto out;
	/* libxml2 is quadratic in the attributes of one element */
	cut = ak_xml_limit_attrs(d.text, d.len, AK_XML_MAX_ATTRS, &text,
	    &tlen);
	if (cut > 0) {
		free(d.text);
		d.text = text;
		d.len = tlen;
		warnf(&f, "%zu attributes left out (no element keeps more "
		    "than %d)", cut, AK_XML_MAX_ATTRS);
	}
	rc = ak_xml_load(err);
	if (rc != AK_OK)
		goto out;
	ctxt = ak_xml.xmlNewParserCtxt();
	if (!ctxt) {
		rc = ak_error_set(err, AK_EPARSE, "cannot create XML parser");
		goto out;
	}
	ctxt->sax->resolveEntity = no_entity;
	ctxt->sax->serror = record_error;
	ctxt->sax->initialized = XML_SAX2_MAGIC;
	ctxt->_private = &x;
	/* no encoding named: the text is UTF-8 already, and a converter
	 * from UTF-8 to UTF-8 would copy it once more */
	doc = ak_xml.xmlCtxtReadMemory(ctxt, d.text, (int)d.len, NULL, NULL,
	    XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
	    XML_PARSE_RECOVER | XML_PARSE_IGNORE_ENC | XML_PARSE_NOCDATA |
	    XML_PARSE_COMPACT);
	if (!doc || !ak_xml.xmlDocGetRootElement(doc)) {
		rc = ak_error_set(err, AK_EPARSE, "not an XML document: %s",
		    error_text(&x, msg, sizeof(msg)));
		goto out;
	}
	if (x.loop) {
		/* libxml2 stopped at it: billion laughs and friends */
		rc = ak_error_set(err, AK_EPARSE,
		    "entity expansion refused (entity reference loop)");
		goto out;
	}
	if (x.n)
		warnf(&f, "malformed XML at line %d: %s (recovered)", x.line,
		    error_text(&x, msg, sizeof(msg)));
	rc = walk_feed(&f, ak_xml.xmlDocGetRootElement(doc));
	if (rc == AK_EPARSE && !f.nitems)
		rc = ak_error_set(err, AK_EPARSE, "not an RSS or Atom feed");
out:
	if (doc)
		ak_xml.xmlFreeDoc(doc);
	if (ctxt)
		ak_xml.xmlFreeParserCtxt(ctxt);
	free(d.text);
	free(f.publisher);
	free(f.lang);
	return rc;
}
