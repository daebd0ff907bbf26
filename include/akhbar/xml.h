/*
 * libxml2, loaded on first use (see dl.h): the functions that the feed
 * parser and the HTML-page reader call, as a table.  Call ak_xml_load
 * (once is enough; later calls are free) before any of them.
 */
#ifndef AKHBAR_XML_H
#define AKHBAR_XML_H

#include <libxml/HTMLparser.h>
#include <libxml/parser.h>
#include <libxml/tree.h>
#include <libxml/uri.h>

struct ak_error;

struct ak_xml {
	xmlParserCtxtPtr (*xmlNewParserCtxt)(void);
	xmlDocPtr (*xmlCtxtReadMemory)(xmlParserCtxtPtr, const char *, int,
		const char *, const char *, int);
	void (*xmlFreeParserCtxt)(xmlParserCtxtPtr);
	void (*xmlFreeDoc)(xmlDocPtr);
	xmlNodePtr (*xmlDocGetRootElement)(const xmlDoc *);
	xmlChar *(*xmlNodeGetBase)(const xmlDoc *, const xmlNode *);
	xmlChar *(*xmlBuildURI)(const xmlChar *, const xmlChar *);
	htmlParserCtxtPtr (*htmlNewParserCtxt)(void);
	htmlDocPtr (*htmlCtxtReadMemory)(htmlParserCtxtPtr, const char *, int,
		const char *, const char *, int);
	void (*htmlFreeParserCtxt)(htmlParserCtxtPtr);
	htmlDocPtr (*htmlReadMemory)(const char *, int, const char *,
		const char *, int);
	const htmlEntityDesc *(*htmlEntityLookup)(const xmlChar *);
	void (*xmlInitParser)(void);
	/*
	 * The variable xmlFree, libxml2's deallocator (its headers make the
	 * name a macro when built with per-thread allocators, hence another
	 * name here).
	 */
	xmlFreeFunc *free_fn;
};

extern struct ak_xml ak_xml;

/*
 * Load libxml2 (XML_SONAME, libxml2.so.2) the first time.  Returns AK_OK,
 * or AK_EIO with one line naming the library and the package.
 */
int ak_xml_load(struct ak_error *err);

/*
 * libxml2 (2.9, Debian 12) checks each attribute of an element against
 * every one before it and appends each to the end of a list: an element
 * with n attributes costs n squared (160,000 attributes on one RSS item
 * took 39 s, on one HTML tag 35 s).  No feed or page needs more than a
 * few dozen, so the parsers keep the first AK_XML_MAX_ATTRS of each
 * start tag.
 */
#define AK_XML_MAX_ATTRS 64

/*
 * Markup s (UTF-8 or any ASCII-compatible bytes; XML or HTML) with every
 * start tag cut to its first max attributes.  Comments, CDATA sections,
 * processing instructions, declarations and the text of <script> and
 * <style> are left alone; quoted values may hold '>'.  Returns the
 * number of attributes dropped: 0, and *out untouched, when none was;
 * else *out is a new NUL-terminated copy (caller frees) of *outlen bytes.
 * Linear in len.
 */
size_t ak_xml_limit_attrs(const char *s, size_t len, size_t max, char **out,
	size_t *outlen);

/* Free what libxml2 allocated for us (a base URI, a built URI). */
#define ak_xml_free(p) ((*ak_xml.free_fn)(p))

#endif
