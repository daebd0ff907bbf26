/*
 * Retention: pruning the articles older than a time (their date, else
 * when they were imported), starred ones never.  Each goes through
 * ak_cache_delete, so that its search row, postings, related stories and
 * the refs that named it go with it, and the counts follow (triggers).
 */
#include "config.h"

#include "akhbar/cache.h"
#include "cache_impl.h"

#include <stdlib.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"

int
ak_cache_prune(struct ak_cache *c, const char *before, int dry_run,
	long *n, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int64_t *ids = NULL;
	size_t k = 0, cap = 0, i;
	int rc;

	*n = 0;
	rc = sqlite3_prepare_v2(c->db, "SELECT id FROM articles WHERE "
	    "starred = 0 AND coalesce(nullif(published, ''), added) < ?1",
	    -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "pruning");
	sqlite3_bind_text(st, 1, before, -1, SQLITE_STATIC);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		if (k == cap) {
			cap = cap ? 2 * cap : 256;
			ids = ak_xreallocarray(ids, cap, sizeof(*ids));
		}
		ids[k++] = sqlite3_column_int64(st, 0);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE) {
		free(ids);
		return ak_cache_error(c, rc, err, "pruning");
	}
	rc = AK_OK;
	for (i = 0; !dry_run && i < k && rc == AK_OK; i++) {
		rc = ak_cache_delete(c, ids[i], err);
		if (rc == AK_ENOTFOUND)
			rc = AK_OK;
	}
	free(ids);
	if (rc == AK_OK)
		*n = (long)k;
	return rc;
}
