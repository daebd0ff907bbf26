/*
 * dlopen on first use: see dl.h.
 */
#include "config.h"

#include "akhbar/dl.h"

#include <dlfcn.h>
#include <stdio.h>
#include <string.h>

#include "akhbar/error.h"

int
ak_dl_load(struct ak_dl *l, struct ak_error *err)
{
	const struct ak_dl_sym *s;
	const char *e;
	void *lib, *p;

	if (l->tried)
		goto out;
	l->tried = 1;
	lib = dlopen(l->soname, RTLD_NOW | RTLD_LOCAL);
	if (!lib) {
		e = dlerror();
		snprintf(l->error, sizeof l->error, "cannot load %s (install "
		    "the Debian package %s): %s", l->soname, l->package,
		    e ? e : "unknown error");
		goto out;
	}
	for (s = l->syms; s->name; s++) {
		p = dlsym(lib, s->name);
		if (!p) {
			snprintf(l->error, sizeof l->error, "%s has no %s (too "
			    "old? install the Debian package %s)", l->soname,
			    s->name, l->package);
			/* nothing may point into what is unloaded */
			for (s = l->syms; s->name; s++)
				memset((char *)l->table + s->offset, 0,
				    sizeof p);
			dlclose(lib);
			goto out;
		}
		/* POSIX: a function's address fits in a void * and back */
		memcpy((char *)l->table + s->offset, &p, sizeof p);
	}
out:
	if (l->error[0])
		return ak_error_set(err, AK_EIO, "%s", l->error);
	return AK_OK;
}
