/*
 * HTML page to text: what `akhbar import URL` does with a web page before
 * the text-page parser sees it.  libxml2's HTML parser (no network, no
 * errors printed); block elements become paragraphs separated by blank
 * lines; page furniture (script, style, nav, header, footer, aside, form,
 * noscript, template, iframe, svg, head) is dropped: the headline is
 * the page's h1, not its <title>, which often carries the site's name.  Decoding and sanitising
 * happen afterwards in decode.c, as for any text page.
 */
#include "config.h"

#include "akhbar/import.h"

#include <string.h>
#include <strings.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/xml.h"

static const char *const dropped[] = {
	"script", "style", "nav", "header", "footer", "aside", "form",
	"noscript", "template", "iframe", "svg", "button", "select", "head",
	NULL
};

static const char *const blocks[] = {
	"p", "div", "section", "article", "main", "h1", "h2", "h3", "h4",
	"h5", "h6", "li", "ul", "ol", "blockquote", "figure", "figcaption",
	"table", "tr", "pre", "dl", "dt", "dd", NULL
};

static int
in_list(const char *name, const char *const *list)
{
	for (; *list; list++)
		if (strcasecmp(name, *list) == 0)
			return 1;
	return 0;
}

/* End the current paragraph: a blank line, once. */
static void
para_break(struct ak_buf *b)
{
	if (b->len == 0)
		return;
	if (b->len >= 2 && b->data[b->len - 1] == '\n' &&
	    b->data[b->len - 2] == '\n')
		return;
	if (b->data[b->len - 1] == '\n')
		ak_buf_addch(b, '\n');
	else
		ak_buf_addstr(b, "\n\n");
}

static void
add_text(struct ak_buf *b, const char *s)
{
	int space = b->len > 0 && b->data[b->len - 1] != '\n' &&
	    b->data[b->len - 1] != ' ';

	for (; *s; s++) {
		if (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r') {
			space = 1;
			continue;
		}
		if (space && b->len > 0 && b->data[b->len - 1] != '\n')
			ak_buf_addch(b, ' ');
		space = 0;
		ak_buf_addch(b, *s);
	}
	if (space && b->len > 0 && b->data[b->len - 1] != '\n' &&
	    b->data[b->len - 1] != ' ')
		ak_buf_addch(b, ' ');
}

static void
walk(struct ak_buf *b, xmlNode *n, int depth)
{
	for (; n; n = n->next) {
		if (n->type == XML_TEXT_NODE || n->type == XML_CDATA_SECTION_NODE) {
			if (n->content)
				add_text(b, (const char *)n->content);
			continue;
		}
		if (n->type != XML_ELEMENT_NODE)
			continue;
		const char *name = (const char *)n->name;

		if (in_list(name, dropped) || depth > 256)
			continue;
		if (strcasecmp(name, "br") == 0) {
			ak_buf_addch(b, '\n');
			continue;
		}
		if (in_list(name, blocks)) {
			para_break(b);
			walk(b, n->children, depth + 1);
			para_break(b);
		} else {
			walk(b, n->children, depth + 1);
		}
	}
}

int
ak_html_to_text(const char *data, size_t len, const char *charset,
	char **out, size_t *outlen, struct ak_error *err)
{
	struct ak_buf b = AK_BUF_INIT;
	htmlDocPtr doc;
	xmlNode *root;
	int rc;

	if (len > 64u << 20)
		return ak_error_set(err, AK_EPARSE, "page too large");
	rc = ak_xml_load(err);
	if (rc != AK_OK)
		return rc;
	doc = ak_xml.htmlReadMemory(data, (int)len, NULL, charset,
	    HTML_PARSE_NONET | HTML_PARSE_NOERROR | HTML_PARSE_NOWARNING |
	    HTML_PARSE_RECOVER | HTML_PARSE_NOBLANKS);
	if (!doc)
		return ak_error_set(err, AK_EPARSE, "cannot read the HTML page");
	root = ak_xml.xmlDocGetRootElement(doc);
	if (root)
		walk(&b, root, 0);
	ak_xml.xmlFreeDoc(doc);
	if (b.len == 0) {
		ak_buf_release(&b);
		return ak_error_set(err, AK_EEMPTY, "the page has no text");
	}
	*out = ak_buf_detach(&b, outlen);
	return AK_OK;
}
