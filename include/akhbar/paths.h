/*
 * Where things live: the data directory (site rules, stop words, samples)
 * and the user's config and data folders (XDG base directories).
 */
#ifndef AKHBAR_PATHS_H
#define AKHBAR_PATHS_H

#include <stddef.h>

/*
 * The directory holding akhbar's assets: $AKHBAR_DATADIR, else the
 * installed $(pkgdatadir) when it exists, else the source tree's assets/
 * (an uninstalled build).  Static string.
 */
const char *ak_datadir(void);

/* $XDG_CONFIG_HOME/akhbar/NAME or ~/.config/akhbar/NAME; caller frees. */
char *ak_config_path(const char *name);

/* $XDG_DATA_HOME/akhbar/NAME or ~/.local/share/akhbar/NAME; caller frees. */
char *ak_data_path(const char *name);

/* Create dir and its parents (mode 0700 for new ones). Returns 0 or -1 (errno). */
int ak_mkdir_p(const char *dir);

/* Read a whole file; returns AK_OK, AK_EIO (message in err). Caller frees *data. */
struct ak_error;
int ak_read_file(const char *path, char **data, size_t *len,
	struct ak_error *err);

/*
 * Write data to path atomically: a temporary file in the same folder,
 * fsync, then rename.  Refuses to replace an existing file unless force.
 * Leaves no partial file on any error.
 */
int ak_write_file_atomic(const char *path, const char *data, size_t len,
	int force, struct ak_error *err);

#endif
