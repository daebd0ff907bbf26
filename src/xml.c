/*
 * libxml2 loaded on first use: see xml.h and dl.h.
 */
#include "config.h"

#include "akhbar/xml.h"

#include <stddef.h>

#include "akhbar/dl.h"

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
	{ "xmlFree", offsetof(struct ak_xml, free_fn) },
	{ NULL, 0 }
};

static struct ak_dl lib = { AK_XML_SONAME, "libxml2", syms, &ak_xml, 0, "" };

int
ak_xml_load(struct ak_error *err)
{
	return ak_dl_load(&lib, err);
}
