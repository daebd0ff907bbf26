/*
 * The article extractor's front: what is HTML, which charset a page is
 * in, the parse (libxml2's HTML parser: no network, no errors printed,
 * recovering from broken markup), and the verdict on pages with no
 * article.  Finding the body is extract_body.c's business, the metadata
 * extract_meta.c's; storage is the sink's.
 *
 * Charset, best first: a BOM (bytes cannot lie about it), the HTTP
 * header, the page's <meta charset> or http-equiv (looked for in the
 * first SNIFF_META bytes, as browsers do, a little further since Arabic
 * sites often put long comments or scripts first), then ICU's detector
 * (ak_decode_raw, biased towards windows-1256).  A header that names a
 * Latin charset (servers say ISO-8859-1 by default) gives way to a meta
 * that names another one.  The page is parsed once converted to UTF-8,
 * with libxml2 told to ignore what the page says about its encoding.
 */
#include "config.h"

#include "akhbar/extract.h"

#include <limits.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/xml.h"
#include "extract_priv.h"

#define SNIFF_META	8192	/* bytes searched for <meta charset> */
#define SNIFF_HTML	4096	/* bytes searched for the first element */
#define MIN_BODY	25	/* characters: less is no article */
#define LD_BODY_SHARE	2	/* a JSON-LD articleBody this many times
				 * longer than what the page shows wins */
#define MIN_BODY_PLAIN	200	/* the same, for a page that does not say
				 * it is one article (JSON-LD, og:type,
				 * articleBody, a single <article>) */

/* ------------------------------------------------------------ helpers */

const char *
ex_attr(const xmlNode *n, const char *name)
{
	const xmlAttr *a;

	if (!n || n->type != XML_ELEMENT_NODE)
		return NULL;
	for (a = n->properties; a; a = a->next) {
		if (a->type == XML_ATTRIBUTE_NODE && a->name &&
		    !strcasecmp((const char *)a->name, name)) {
			if (a->children && a->children->type == XML_TEXT_NODE &&
			    a->children->content)
				return (const char *)a->children->content;
			return "";
		}
	}
	return NULL;
}

int
ex_is(const xmlNode *n, const char *name)
{
	return n && n->type == XML_ELEMENT_NODE && n->name &&
	    !strcmp((const char *)n->name, name);
}

static void
text_walk(struct ak_buf *b, const xmlNode *n, size_t cap, int depth)
{
	const xmlNode *c;

	if (depth > EX_MAX_DEPTH)
		return;
	for (c = n->children; c && b->len < cap; c = c->next) {
		if (c->type == XML_TEXT_NODE ||
		    c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				ak_buf_addstr(b, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			if (ex_is(c, "script") || ex_is(c, "style"))
				continue;
			if (ex_is(c, "br"))
				ak_buf_addch(b, ' ');
			text_walk(b, c, cap, depth + 1);
		}
	}
}

void
ex_text(struct ak_buf *b, const xmlNode *n, size_t cap)
{
	if (n && n->type == XML_ELEMENT_NODE)
		text_walk(b, n, cap, 0);
	else if (n && n->content)
		ak_buf_addstr(b, (const char *)n->content);
}

/* Length of the white space at s (ASCII, NBSP, the Unicode spaces). */
static size_t
space_at(const unsigned char *s, size_t n)
{
	if (n >= 1 && (s[0] == ' ' || s[0] == '\t' || s[0] == '\n' ||
	    s[0] == '\r' || s[0] == '\f' || s[0] == '\v'))
		return 1;
	if (n >= 2 && s[0] == 0xC2 && s[1] == 0xA0)		/* NBSP */
		return 2;
	if (n >= 3 && s[0] == 0xE2 && s[1] == 0x80 &&
	    ((s[2] >= 0x80 && s[2] <= 0x8A) || s[2] == 0xAF))	/* U+2000-200A, 202F */
		return 3;
	if (n >= 3 && s[0] == 0xE3 && s[1] == 0x80 && s[2] == 0x80)
		return 3;					/* U+3000 */
	return 0;
}

char *
ex_clean(const char *s, size_t len)
{
	struct ak_buf b = AK_BUF_INIT;
	const unsigned char *p;
	char *san, *out = NULL;
	size_t slen, i = 0, k;
	int space = 0;

	if (!s || !len)
		return NULL;
	san = ak_sanitize(s, len, &slen);
	p = (const unsigned char *)san;
	ak_buf_grow(&b, slen + 1);
	while (i < slen) {
		size_t w = i;

		k = space_at(p + i, slen - i);
		if (k) {
			space = 1;
			i += k;
			continue;
		}
		/* a word: up to the next space, copied at once */
		while (i < slen && !space_at(p + i, slen - i))
			i++;
		if (space && b.len)
			ak_buf_addch(&b, ' ');
		space = 0;
		ak_buf_add(&b, p + w, i - w);
	}
	free(san);
	if (b.len)
		out = ak_buf_detach(&b, NULL);
	ak_buf_release(&b);
	return out;
}

int
ex_has_arabic(const char *s)
{
	const unsigned char *p;

	for (p = (const unsigned char *)s; p && *p; p++)
		if (*p >= 0xD8 && *p <= 0xDB)	/* U+0600-06FF */
			return 1;
	return 0;
}

size_t
ex_nchars(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

/* ---------------------------------------------------------- detection */

/* Elements a page may start with, as browsers sniff HTML, and a few more. */
static const char *const first_tags[] = {
	"html", "head", "body", "script", "iframe", "h1", "div", "font",
	"table", "a", "style", "title", "b", "br", "p", "meta", "link",
	"section", "article", "main", "header", "nav", "span", "ul",
	"noscript", "base", "form", "center", "img", NULL
};

static int
ci_prefix(const char *s, size_t n, const char *lit)
{
	size_t k = strlen(lit);

	return n >= k && !strncasecmp(s, lit, k);
}

/*
 * The first SNIFF_HTML bytes as ASCII: a UTF-16 page (with its BOM) has
 * every other byte zero; other bytes are kept as they are.
 */
static size_t
sniff_copy(const char *data, size_t len, char *out, size_t cap)
{
	const unsigned char *s = (const unsigned char *)data;
	size_t i = 0, n = 0, step = 1, off = 0;

	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3;
	else if (len >= 2 && s[0] == 0xFF && s[1] == 0xFE)
		i = 2, step = 2, off = 0;
	else if (len >= 2 && s[0] == 0xFE && s[1] == 0xFF)
		i = 2, step = 2, off = 1;
	for (; i + off < len && n < cap; i += step)
		out[n++] = (char)s[i + off];
	return n;
}

int
ak_html_detect(const char *data, size_t len)
{
	char buf[SNIFF_HTML];
	const char *p, *end, *q;
	size_t n, i;

	n = sniff_copy(data, len, buf, sizeof(buf));
	p = buf;
	end = buf + n;
	for (;;) {
		while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
		    *p == '\r' || *p == '\f'))
			p++;
		if (p >= end || *p != '<')
			return 0;
		if (ci_prefix(p, (size_t)(end - p), "<!--")) {
			q = NULL;
			for (i = 4; p + i + 3 <= end; i++)
				if (!memcmp(p + i, "-->", 3)) {
					q = p + i + 3;
					break;
				}
			if (!q)
				return 0;
			p = q;
			continue;
		}
		if (ci_prefix(p, (size_t)(end - p), "<?")) {
			q = memchr(p, '>', (size_t)(end - p));
			if (!q)
				return 0;
			p = q + 1;
			continue;
		}
		if (ci_prefix(p, (size_t)(end - p), "<!doctype")) {
			p += 9;
			while (p < end && (*p == ' ' || *p == '\t' ||
			    *p == '\n' || *p == '\r'))
				p++;
			return ci_prefix(p, (size_t)(end - p), "html");
		}
		p++;
		for (i = 0; first_tags[i]; i++) {
			size_t k = strlen(first_tags[i]);

			if (ci_prefix(p, (size_t)(end - p), first_tags[i]) &&
			    p + k < end && (p[k] == ' ' || p[k] == '>' ||
			    p[k] == '/' || p[k] == '\t' || p[k] == '\n' ||
			    p[k] == '\r'))
				return 1;
		}
		return 0;
	}
}

/* ------------------------------------------------------------ charset */

/* Copy an attribute value at p (quoted or not) into out; returns past it. */
static const char *
attr_value(const char *p, const char *end, char *out, size_t cap)
{
	char q = 0;
	size_t n = 0;

	while (p < end && (*p == ' ' || *p == '\t' || *p == '\n' ||
	    *p == '\r'))
		p++;
	if (p < end && (*p == '"' || *p == '\''))
		q = *p++;
	while (p < end && (q ? *p != q : (*p != ' ' && *p != '>' &&
	    *p != '\t' && *p != '\n' && *p != '\r'))) {
		if (n + 1 < cap)
			out[n++] = *p;
		p++;
	}
	out[n] = '\0';
	return p < end && q ? p + 1 : p;
}

/* The label after "charset=" in a content-type value, into out. */
static int
charset_param(const char *v, char *out, size_t cap)
{
	const char *p;
	size_t n = 0;

	for (p = v; *p; p++)
		if (!strncasecmp(p, "charset", 7))
			break;
	if (!*p)
		return 0;
	p += 7;
	while (*p == ' ')
		p++;
	if (*p != '=')
		return 0;
	p++;
	while (*p == ' ' || *p == '"' || *p == '\'')
		p++;
	while (*p && *p != ';' && *p != ' ' && *p != '"' && *p != '\'' &&
	    n + 1 < cap)
		out[n++] = *p++;
	out[n] = '\0';
	return n > 0;
}

/*
 * The charset a <meta> in the first SNIFF_META bytes names, into out
 * (an ASCII label), or 0.  UTF-16 labels are ignored: a page that was
 * read as ASCII to find them is not UTF-16.
 */
static int
meta_charset(const char *data, size_t len, char *out, size_t cap)
{
	const char *p = data, *end = data + (len > SNIFF_META ? SNIFF_META :
	    len);
	char name[32], val[160];
	int equiv, found;

	while (p < end) {
		const char *t = memchr(p, '<', (size_t)(end - p));

		if (!t)
			break;
		p = t + 1;
		if (!ci_prefix(p, (size_t)(end - p), "meta") || p + 4 >= end ||
		    !(p[4] == ' ' || p[4] == '\t' || p[4] == '\n' ||
		    p[4] == '\r' || p[4] == '/'))
			continue;
		p += 4;
		equiv = found = 0;
		out[0] = '\0';
		while (p < end && *p != '>') {
			size_t n = 0;

			while (p < end && (*p == ' ' || *p == '\t' ||
			    *p == '\n' || *p == '\r' || *p == '/'))
				p++;
			while (p < end && *p != '=' && *p != ' ' && *p != '>' &&
			    *p != '\t' && *p != '\n' && *p != '/') {
				if (n + 1 < sizeof(name))
					name[n++] = *p;
				p++;
			}
			name[n] = '\0';
			if (p < end && *p == '=')
				p = attr_value(p + 1, end, val, sizeof(val));
			else
				val[0] = '\0';
			if (!n)
				continue;
			if (!strcasecmp(name, "charset")) {
				snprintf(out, cap, "%s", val);
				found = 1;
			} else if (!strcasecmp(name, "http-equiv") &&
			    !strcasecmp(val, "content-type")) {
				equiv = 1;
			} else if (!strcasecmp(name, "content") && !found &&
			    charset_param(val, out, cap)) {
				found = 2;
			}
		}
		if (found == 1 || (found == 2 && equiv)) {
			if (!strncasecmp(out, "utf-16", 6))
				snprintf(out, cap, "UTF-8");
			return out[0] != '\0';
		}
	}
	return 0;
}

static int
beyond_ascii(const char *s, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if ((unsigned char)s[i] >= 0x80)
			return 1;
	return 0;
}

static int
latin_default(const char *label)
{
	return !strcasecmp(label, "iso-8859-1") ||
	    !strcasecmp(label, "latin1") || !strcasecmp(label, "us-ascii") ||
	    !strcasecmp(label, "windows-1252") || !strcasecmp(label, "ascii");
}

/* ------------------------------------------------------------- verdict */

/*
 * The JSON-LD articleBody as the body (one paragraph a line), for pages
 * that show less of the article than they give to machines: built by
 * scripts, or cut short for readers without a subscription.
 */
static size_t
body_from_ld(struct ak_article *a, const char *s)
{
	const char *p = s, *e;
	size_t i, n = 0;
	char *t;

	for (i = 0; i < a->nblocks; i++) {
		free(a->blocks[i].text);
		free(a->blocks[i].credit);
	}
	free(a->blocks);
	a->blocks = NULL;
	a->nblocks = 0;
	while (*p) {
		e = strchr(p, '\n');
		if (!e)
			e = p + strlen(p);
		t = ex_clean(p, (size_t)(e - p));
		if (t) {
			ak_article_add_block(a, AK_BLOCK_PARAGRAPH, t,
			    strlen(t), NULL);
			n += ex_nchars(t, strlen(t));
			free(t);
		}
		p = *e ? e + 1 : e;
	}
	return n;
}

static void
quiet_serror(void *ctx, xmlErrorPtr e)
{
	(void)ctx;
	(void)e;
}

/* What to call the page in a message: its URL, else its file name. */
static const char *
page_name(const char *url, const struct ak_parse_opts *o)
{
	if (url)
		return url;
	return o && o->source_name ? o->source_name : "the page";
}

static int
says_article(const struct ex_meta *m)
{
	return m->ld_article || (m->og_type && strstr(m->og_type, "article")) ||
	    m->body_marked || m->narticle == 1;
}

int
ak_extract_html(const char *bytes, size_t len, const char *charset,
	const char *url, const struct ak_parse_opts *o,
	const struct ak_sink *sink, struct ak_error *err)
{
	struct ak_decoded dec = { NULL, 0, NULL };
	struct ak_article a;
	struct ex_meta m;
	htmlParserCtxtPtr ctxt = NULL;
	htmlDocPtr doc = NULL;
	xmlNode *root;
	const char *hint = charset, *name = page_name(url, o);
	char meta[64], msg[96], *title = NULL, *text;
	size_t nbody, cut, tlen;
	int rc;

	ak_article_init(&a);
	memset(&m, 0, sizeof(m));
	if (len > AK_EXTRACT_MAX_PAGE) {
		rc = ak_error_set(err, AK_EPARSE, "%s: the page is too large "
		    "(%zu MiB; pages up to %u MiB are read)", name, len >> 20,
		    AK_EXTRACT_MAX_PAGE >> 20);
		goto out;
	}
	if (meta_charset(bytes, len, meta, sizeof(meta)) &&
	    (!hint || !*hint || (latin_default(hint) &&
	    !latin_default(meta))))
		hint = meta;
	/*
	 * A page saved again as UTF-8 keeps the <meta> of its first
	 * charset; bytes that are valid UTF-8 with letters beyond ASCII are
	 * not GB2312 or windows-1256 by chance.
	 */
	if (hint == meta && beyond_ascii(bytes, len) &&
	    ak_utf8_valid(bytes, len))
		hint = "UTF-8";
	rc = ak_decode_raw(bytes, len, hint, sink->warn, sink->ctx, &dec,
	    err);
	if (rc != AK_OK) {
		ak_error_prefix(err, "%s", name);
		goto out;
	}
	cut = ak_xml_limit_attrs(dec.text, dec.len, AK_XML_MAX_ATTRS, &text,
	    &tlen);
	if (cut > 0) {
		/* libxml2 is quadratic in the attributes of one element */
		free(dec.text);
		dec.text = text;
		dec.len = tlen;
		if (sink->warn) {
			snprintf(msg, sizeof(msg), "%zu attributes left out "
			    "(no element keeps more than %d)", cut,
			    AK_XML_MAX_ATTRS);
			sink->warn(sink->ctx, msg);
		}
	}
	if (dec.len > INT_MAX) {
		rc = ak_error_set(err, AK_EPARSE, "%s: the page is too large",
		    name);
		goto out;
	}
	rc = ak_xml_load(err);
	if (rc != AK_OK)
		goto out;
	ctxt = ak_xml.htmlNewParserCtxt();
	if (!ctxt) {
		rc = ak_error_set(err, AK_EPARSE, "%s: cannot read the page",
		    name);
		goto out;
	}
	ctxt->sax->serror = quiet_serror;
	ctxt->sax->initialized = XML_SAX2_MAGIC;
	doc = ak_xml.htmlCtxtReadMemory(ctxt, dec.text, (int)dec.len, url,
	    "UTF-8", HTML_PARSE_NONET | HTML_PARSE_NOERROR |
	    HTML_PARSE_NOWARNING | HTML_PARSE_RECOVER | HTML_PARSE_IGNORE_ENC |
	    HTML_PARSE_COMPACT);
	root = doc ? ak_xml.xmlDocGetRootElement(doc) : NULL;
	if (!root) {
		rc = ak_error_set(err, AK_EPARSE, "%s: cannot read the page",
		    name);
		goto out;
	}

	ex_meta_collect(&m, root);
	title = ex_meta_title(&m);
	nbody = ex_body_extract(root, &m, title, &a);
	if (m.ld_body && ex_nchars(m.ld_body, strlen(m.ld_body)) >
	    LD_BODY_SHARE * nbody + MIN_BODY_PLAIN)
		nbody = body_from_ld(&a, m.ld_body);
	if (nbody < MIN_BODY || (nbody < MIN_BODY_PLAIN && !says_article(&m))) {
		if (m.refresh)
			rc = ak_error_set(err, AK_EPARSE, "%s: the page only "
			    "sends the browser on (meta refresh) to %s; import "
			    "that address", name, m.refresh);
		else
			rc = ak_error_set(err, AK_EPARSE, "%s: no article in "
			    "the page (a section front, a login wall, or a page "
			    "built by scripts?)", name);
		goto out;
	}
	ex_meta_apply(&m, &a, o ? o->publisher : NULL, url);
	rc = sink->article(sink->ctx, &a);
out:
	free(title);
	ex_meta_release(&m);
	ak_article_release(&a);
	if (doc)
		ak_xml.xmlFreeDoc(doc);
	if (ctxt)
		ak_xml.htmlFreeParserCtxt(ctxt);
	free(dec.text);
	return rc;
}
