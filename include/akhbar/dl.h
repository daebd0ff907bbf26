/*
 * Libraries loaded when first needed (dlopen), not at every start.
 *
 * libcurl (fetch.c) and libxml2 (feeds and HTML pages) are used only by
 * commands that import; linked, they and what they pull in (TLS, HTTP/2,
 * LDAP, Kerberos, lzma, zlib: thirty-odd shared objects) were loaded and
 * relocated by every start of akhbar, the reader's first screen included.
 *
 * A module describes the functions it needs as a table of pointers and a
 * list of names with their offsets in that table; ak_dl_load fills the
 * table once, or says once and for all why it cannot.
 */
#ifndef AKHBAR_DL_H
#define AKHBAR_DL_H

#include <stddef.h>

struct ak_error;

struct ak_dl_sym {
	const char *name;	/* as dlsym knows it */
	size_t offset;		/* of its pointer in the table */
};

struct ak_dl {
	const char *soname;	/* "libcurl.so.4" */
	const char *package;	/* the Debian package that has it */
	const struct ak_dl_sym *syms;	/* ends with a NULL name */
	void *table;		/* the pointers, filled by ak_dl_load */
	int tried;
	char error[256];	/* why it cannot be used, once tried */
};

/* AK_DL_SYM(struct type, member): the entry for table member `member`. */
#define AK_DL_SYM(type, member) { #member, offsetof(type, member) }

/*
 * Load l->soname and every symbol of l->syms into l->table, the first
 * time; later calls answer at once.  Returns AK_OK, or AK_EIO with a
 * one-line message naming the library and the package to install.  The
 * library stays loaded for the life of the process.
 */
int ak_dl_load(struct ak_dl *l, struct ak_error *err);

#endif
