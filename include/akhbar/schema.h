/*
 * The cache schema as a list of forward-only migrations.  Migration N
 * takes a cache from user_version N-1 to N.  Never edit a migration that
 * has shipped: add a new one.
 */
#ifndef AKHBAR_SCHEMA_H
#define AKHBAR_SCHEMA_H

#include <sqlite3.h>

struct ak_error;

/* The newest version (the number of migrations). */
int ak_schema_version(void);

/*
 * Run migrations from+1 .. to on db, which the caller has inside a
 * transaction.  Returns AK_OK or AK_ECACHE.
 */
int ak_schema_migrate(sqlite3 *db, int from, int to, struct ak_error *err);

#endif
