/*
 * Helpers shared by the cmocka tests: temporary folders and caches.
 */
#ifndef AKHBAR_TESTUTIL_H
#define AKHBAR_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "akhbar/cache.h"
#include "akhbar/error.h"

/* A fresh temporary folder under $TMPDIR; caller frees and removes it. */
static inline char *
tu_tempdir(void)
{
	const char *t = getenv("TMPDIR");
	char *p = malloc(4096);

	snprintf(p, 4096, "%s/akhbar-test-XXXXXX", t && *t ? t : "/tmp");
	if (!mkdtemp(p)) {
		perror("mkdtemp");
		abort();
	}
	return p;
}

/* rm -rf dir (test folders only) and free the path. */
static inline void
tu_rmtree(char *dir)
{
	char cmd[4200];

	if (dir && strstr(dir, "akhbar-test-")) {
		snprintf(cmd, sizeof(cmd), "rm -rf '%s'", dir);
		if (system(cmd) != 0)
			fprintf(stderr, "# could not remove %s\n", dir);
	}
	free(dir);
}

/* A fresh cache in a temporary folder, as a cmocka fixture (state). */
struct tu_cache {
	char *dir;
	struct ak_cache *c;
};

static inline int
tu_cache_setup(void **state)
{
	struct tu_cache *f = calloc(1, sizeof(*f));
	struct ak_error err = { 0, "" };
	char path[4200];

	f->dir = tu_tempdir();
	snprintf(path, sizeof(path), "%s/akhbar.db", f->dir);
	if (ak_cache_open(path, 0, &f->c, &err) != AK_OK) {
		fprintf(stderr, "# %s\n", err.msg);
		tu_rmtree(f->dir);
		free(f);
		return -1;
	}
	*state = f;
	return 0;
}

static inline int
tu_cache_teardown(void **state)
{
	struct tu_cache *f = *state;

	ak_cache_close(f->c);
	tu_rmtree(f->dir);
	free(f);
	return 0;
}

#endif
