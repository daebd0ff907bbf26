/*
 * Paths and whole-file I/O: the data directory, the XDG folders, reading
 * a file, and writing one atomically.
 */
#include "config.h"

#include "akhbar/paths.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"

static int
is_dir(const char *p)
{
	struct stat st;

	return stat(p, &st) == 0 && S_ISDIR(st.st_mode);
}

const char *
ak_datadir(void)
{
	const char *env = getenv("AKHBAR_DATADIR");

	if (env && *env)
		return env;
	if (is_dir(AK_PKGDATADIR "/sites"))
		return AK_PKGDATADIR;
	if (is_dir(AK_SRCDATADIR))
		return AK_SRCDATADIR;
	return AK_PKGDATADIR;
}

static char *
xdg_path(const char *var, const char *fallback, const char *name)
{
	const char *base = getenv(var);
	const char *home = getenv("HOME");
	struct ak_buf b = AK_BUF_INIT;

	if (base && *base == '/')
		ak_buf_addf(&b, "%s/akhbar/%s", base, name);
	else
		ak_buf_addf(&b, "%s/%s/akhbar/%s", home && *home ? home : ".",
		    fallback, name);
	return ak_buf_detach(&b, NULL);
}

char *
ak_config_path(const char *name)
{
	return xdg_path("XDG_CONFIG_HOME", ".config", name);
}

char *
ak_data_path(const char *name)
{
	return xdg_path("XDG_DATA_HOME", ".local/share", name);
}

int
ak_mkdir_p(const char *dir)
{
	char *p = ak_xstrdup(dir), *s;
	int rc = 0;

	for (s = p + 1; ; s++) {
		if (*s != '/' && *s != '\0')
			continue;
		char c = *s;
		*s = '\0';
		if (mkdir(p, 0700) != 0 && errno != EEXIST) {
			rc = -1;
			break;
		}
		*s = c;
		if (c == '\0')
			break;
	}
	if (rc == 0 && !is_dir(dir)) {
		errno = ENOTDIR;
		rc = -1;
	}
	free(p);
	return rc;
}

int
ak_read_file(const char *path, char **data, size_t *len, struct ak_error *err)
{
	struct ak_buf b = AK_BUF_INIT;
	char chunk[65536];
	ssize_t n;
	struct stat st;
	int fd, rc = AK_OK;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return ak_error_set(err, AK_EIO, "%s: %s", path, strerror(errno));
	if (fstat(fd, &st) == 0 && S_ISDIR(st.st_mode)) {
		close(fd);
		return ak_error_set(err, AK_EIO, "%s: is a directory", path);
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && st.st_size > 0)
		ak_buf_grow(&b, (size_t)st.st_size);
	for (;;) {
		n = read(fd, chunk, sizeof(chunk));
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = ak_error_set(err, AK_EIO, "%s: %s", path,
			    strerror(errno));
			break;
		}
		if (n == 0)
			break;
		ak_buf_add(&b, chunk, (size_t)n);
	}
	close(fd);
	if (rc != AK_OK) {
		ak_buf_release(&b);
		return rc;
	}
	*data = ak_buf_detach(&b, len);
	return AK_OK;
}

/* mkstemp makes 0600 files; an exported file gets the usual 0666 & ~umask. */
static int
fchmod_path_default(const char *p)
{
	mode_t mask = umask(0);

	umask(mask);
	return chmod(p, 0666 & ~mask);
}

static int
io_error(struct ak_error *err, const char *path, int e)
{
	int code = AK_EIO;

	if (e == ENOSPC || e == EDQUOT)
		code = AK_EFULL;
	else if (e == EROFS || e == EACCES || e == EPERM)
		code = AK_EREADONLY;
	return ak_error_set(err, code, "%s: %s", path, strerror(e));
}

int
ak_write_file_atomic(const char *path, const char *data, size_t len,
	int force, struct ak_error *err)
{
	struct ak_buf tmp = AK_BUF_INIT;
	const char *slash = strrchr(path, '/');
	size_t off = 0;
	int fd, rc = AK_OK, e;

	if (!force && access(path, F_OK) == 0)
		return ak_error_set(err, AK_EEXIST,
		    "%s: file exists (use --force to replace it)", path);
	if (slash)
		ak_buf_addf(&tmp, "%.*s/.akhbar-XXXXXX", (int)(slash - path),
		    path);
	else
		ak_buf_addstr(&tmp, ".akhbar-XXXXXX");
	fd = mkstemp(tmp.data);
	if (fd < 0) {
		e = errno;
		if (e == ENOENT)
			rc = ak_error_set(err, AK_EIO, "%s: no such folder",
			    path);
		else
			rc = io_error(err, path, e);
		goto out;
	}
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = io_error(err, path, errno);
			break;
		}
		off += (size_t)n;
	}
	if (rc == AK_OK && fsync(fd) != 0)
		rc = io_error(err, path, errno);
	if (close(fd) != 0 && rc == AK_OK)
		rc = io_error(err, path, errno);
	if (rc == AK_OK && fchmod_path_default(tmp.data) != 0)
		rc = io_error(err, path, errno);
	if (rc == AK_OK) {
		if (force) {
			if (rename(tmp.data, path) != 0)
				rc = io_error(err, path, errno);
		} else if (link(tmp.data, path) != 0) {
			/* link() fails if the file appeared meanwhile: no clobber */
			e = errno;
			if ((e == EPERM || e == ENOTSUP) &&
			    access(path, F_OK) != 0) {
				/* no hard links on this file system */
				if (rename(tmp.data, path) != 0)
					rc = io_error(err, path, errno);
			} else if (e == EEXIST)
				rc = ak_error_set(err, AK_EEXIST,
				    "%s: file exists (use --force to replace it)",
				    path);
			else
				rc = io_error(err, path, e);
		}
	}
	unlink(tmp.data);	/* after rename it is gone already */
out:
	ak_buf_release(&tmp);
	return rc;
}
