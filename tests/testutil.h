/*
 * Helpers shared by the cmocka tests: temporary folders and caches.
 */
#ifndef AKHBAR_TESTUTIL_H
#define AKHBAR_TESTUTIL_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

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

#endif
