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

/* Free what libxml2 allocated for us (a base URI, a built URI). */
#define ak_xml_free(p) ((*ak_xml.free_fn)(p))

#endif
