/*
 * OPML read and written.  Readers write it in many ways: newsboat puts
 * every feed at the top of <body> with title and text; others nest feeds
 * in folder outlines (categories), give only text, add htmlUrl, type="rss"
 * or nothing, or write OPML 1.0.  What makes a feed is an outline with an
 * xmlUrl; an outline without one is a folder whose name the feeds inside
 * it keep.  The document is decoded as feeds are (BOM, declared charset,
 * detection), parsed by libxml2 without network or entity expansion (an
 * entity loop is refused), and every string sanitised.
 */
#include "config.h"

#include "akhbar/opml.h"

#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/xml.h"

#define MAX_OPML (16u << 20)	/* bytes: a list of feeds, not a library */
#define MAX_DEPTH 64		/* folders in folders */

struct reader {
	struct ak_opml_feed *v;
	size_t n, cap;
	struct ak_buf folder;
};

static const char *
attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	for (a = n->properties; a; a = a->next)
		if (a->type == XML_ATTRIBUTE_NODE &&
		    strcasecmp((const char *)a->name, name) == 0 &&
		    a->children && a->children->type == XML_TEXT_NODE &&
		    !a->children->next)
			return (const char *)a->children->content;
	return NULL;
}

static int
is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE &&
		strcasecmp((const char *)n->name, name) == 0;
}

/* A sanitised copy with the ends trimmed, or NULL when nothing is left. */
static char *
clean(const char *s)
{
	size_t len;
	char *c, *p;

	if (!s)
		return NULL;
	c = ak_sanitize(s, strlen(s), &len);
	for (p = c; *p == ' ' || *p == '\t' || *p == '\n' || *p == '\r'; p++)
		;
	len = strlen(p);
	while (len && (p[len - 1] == ' ' || p[len - 1] == '\t' ||
	    p[len - 1] == '\n' || p[len - 1] == '\r'))
		len--;
	if (!len) {
		free(c);
		return NULL;
	}
	memmove(c, p, len);
	c[len] = '\0';
	return c;
}

static void
add_feed(struct reader *rd, const xmlNode *o, const char *url)
{
	struct ak_opml_feed *f;
	char *u = clean(url);
	size_t i;

	if (!u)
		return;
	for (i = 0; i < rd->n; i++)
		if (strcmp(rd->v[i].url, u) == 0) {
			free(u);
			return;
		}
	if (rd->n == rd->cap) {
		rd->cap = rd->cap ? 2 * rd->cap : 32;
		rd->v = ak_xreallocarray(rd->v, rd->cap, sizeof *rd->v);
	}
	f = &rd->v[rd->n++];
	memset(f, 0, sizeof *f);
	f->url = u;
	f->name = clean(attr(o, "title"));
	if (!f->name)
		f->name = clean(attr(o, "text"));
	f->html = clean(attr(o, "htmlUrl"));
	f->folder = rd->folder.len ? ak_xstrdup(ak_buf_str(&rd->folder)) :
		NULL;
}

static void
walk(struct reader *rd, const xmlNode *n, int depth)
{
	const xmlNode *c;
	const char *url, *name;
	char *nm;
	size_t mark;

	for (c = n ? n->children : NULL; c; c = c->next) {
		if (!is(c, "outline"))
			continue;
		url = attr(c, "xmlUrl");
		if (!url)
			url = attr(c, "xmlurl");
		if (url) {
			add_feed(rd, c, url);
			continue;
		}
		if (depth >= MAX_DEPTH)
			continue;
		/* a folder: its feeds carry its name */
		mark = rd->folder.len;
		name = attr(c, "title");
		if (!name)
			name = attr(c, "text");
		nm = clean(name);
		if (nm) {
			if (rd->folder.len)
				ak_buf_addch(&rd->folder, '/');
			ak_buf_addstr(&rd->folder, nm);
			free(nm);
		}
		walk(rd, c, depth + 1);
		rd->folder.len = mark;
		if (rd->folder.data)
			rd->folder.data[mark] = '\0';
	}
}

/* No external entity (a DTD, a file, a URL) is ever read. */
static xmlParserInputPtr
no_entity(void *ctx, const xmlChar *public_id, const xmlChar *system_id)
{
	(void)ctx;
	(void)public_id;
	(void)system_id;
	return NULL;
}

/* libxml2 passes the parser context, which carries our flag in _private. */
static void
record_error(void *ctx, xmlErrorPtr e)
{
	xmlParserCtxtPtr c = ctx;
	int *loop = c ? c->_private : NULL;

	if (loop && e && e->code == XML_ERR_ENTITY_LOOP)
		*loop = 1;
}

/* The charset an XML declaration names, into buf; NULL without one. */
static const char *
declared(const char *s, size_t len, char *buf, size_t size)
{
	const char *p, *end = s + (len < 300 ? len : 300), *q;
	size_t k;

	if (len < 5 || strncmp(s, "<?xml", 5) != 0)
		return NULL;
	for (p = s; p + 9 < end; p++)
		if (strncmp(p, "encoding=", 9) == 0) {
			p += 9;
			if (*p != '"' && *p != '\'')
				return NULL;
			q = memchr(p + 1, *p, (size_t)(end - p - 1));
			if (!q)
				return NULL;
			k = (size_t)(q - p - 1);
			if (k == 0 || k >= size)
				return NULL;
			memcpy(buf, p + 1, k);
			buf[k] = '\0';
			return buf;
		}
	return NULL;
}

int
ak_opml_parse(const char *bytes, size_t len, struct ak_opml_feed **out,
	size_t *nout, struct ak_error *err)
{
	struct ak_decoded d = { NULL, 0, NULL };
	struct reader rd;
	xmlParserCtxtPtr ctxt = NULL;
	xmlDocPtr doc = NULL;
	xmlNode *root, *c, *body = NULL;
	char label[64];
	int rc, loop = 0;

	*out = NULL;
	*nout = 0;
	memset(&rd, 0, sizeof rd);
	if (len > MAX_OPML)
		return ak_error_set(err, AK_EPARSE, "OPML too large (more "
			"than %u MiB)", MAX_OPML >> 20);
	rc = ak_decode_raw(bytes, len, declared(bytes, len, label,
		sizeof label), NULL, NULL, &d, err);
	if (rc != AK_OK)
		return rc;
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
	ctxt->_private = &loop;
	/* recovering: readers write an & of a URL unescaped */
	doc = ak_xml.xmlCtxtReadMemory(ctxt, d.text, (int)d.len, NULL, "UTF-8",
		XML_PARSE_NONET | XML_PARSE_NOERROR | XML_PARSE_NOWARNING |
		XML_PARSE_RECOVER | XML_PARSE_IGNORE_ENC | XML_PARSE_COMPACT);
	root = doc ? ak_xml.xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		rc = ak_error_set(err, AK_EPARSE, "not an XML document");
		goto out;
	}
	if (loop) {
		rc = ak_error_set(err, AK_EPARSE,
			"entity expansion refused (entity reference loop)");
		goto out;
	}
	if (!is(root, "opml")) {
		rc = ak_error_set(err, AK_EPARSE, "not OPML (the document is "
			"<%s>)", (const char *)root->name);
		goto out;
	}
	for (c = root->children; c; c = c->next)
		if (is(c, "body"))
			body = c;
	if (!body) {
		rc = ak_error_set(err, AK_EPARSE, "OPML without a <body>");
		goto out;
	}
	walk(&rd, body, 0);
	*out = rd.v;
	*nout = rd.n;
	rd.v = NULL;
	rc = AK_OK;
out:
	ak_opml_free(rd.v, rd.n);
	ak_buf_release(&rd.folder);
	if (doc)
		ak_xml.xmlFreeDoc(doc);
	if (ctxt)
		ak_xml.xmlFreeParserCtxt(ctxt);
	free(d.text);
	return rc;
}

void
ak_opml_free(struct ak_opml_feed *v, size_t n)
{
	size_t i;

	for (i = 0; v && i < n; i++) {
		free(v[i].url);
		free(v[i].name);
		free(v[i].html);
		free(v[i].folder);
	}
	free(v);
}

/* s with XML's special characters escaped, for an attribute value. */
static void
add_escaped(struct ak_buf *b, const char *s)
{
	for (; s && *s; s++) {
		switch (*s) {
		case '&': ak_buf_addstr(b, "&amp;"); break;
		case '<': ak_buf_addstr(b, "&lt;"); break;
		case '>': ak_buf_addstr(b, "&gt;"); break;
		case '"': ak_buf_addstr(b, "&quot;"); break;
		case '\t': ak_buf_addstr(b, "&#9;"); break;
		case '\n': ak_buf_addstr(b, "&#10;"); break;
		case '\r': ak_buf_addstr(b, "&#13;"); break;
		default: ak_buf_addch(b, *s); break;
		}
	}
}

static void
add_attr(struct ak_buf *b, const char *name, const char *value)
{
	if (!value)
		return;
	ak_buf_addf(b, " %s=\"", name);
	add_escaped(b, value);
	ak_buf_addch(b, '"');
}

void
ak_opml_write(const struct ak_opml_feed *v, size_t n, const char *title,
	struct ak_buf *out)
{
	size_t i;

	ak_buf_addstr(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
		"<opml version=\"2.0\">\n  <head>\n    <title>");
	add_escaped(out, title ? title : "akhbar");
	ak_buf_addstr(out, "</title>\n  </head>\n  <body>\n");
	for (i = 0; i < n; i++) {
		const char *name = v[i].name ? v[i].name : v[i].url;

		ak_buf_addstr(out, "    <outline type=\"rss\"");
		add_attr(out, "text", name);
		add_attr(out, "title", name);
		add_attr(out, "xmlUrl", v[i].url);
		add_attr(out, "htmlUrl", v[i].html);
		ak_buf_addstr(out, "/>\n");
	}
	ak_buf_addstr(out, "  </body>\n</opml>\n");
}
