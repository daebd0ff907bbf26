/*
 * Status codes and error detail.
 *
 * Fallible functions return int: AK_OK (0) or a negative AK_E* code, and
 * put a human-readable message into an optional struct ak_error (which may
 * be NULL).  Modules never print; only the command line does.
 */
#ifndef AKHBAR_ERROR_H
#define AKHBAR_ERROR_H

#include <stdarg.h>

/* X(name, value, description) */
#define AK_ERRORS(X) \
	X(OK,        0,   "success") \
	X(EINVAL,   -1,   "invalid argument") \
	X(EIO,      -2,   "input/output error") \
	X(ECACHE,   -3,   "cache error") \
	X(ENOTFOUND,-4,   "not found") \
	X(EDECODE,  -5,   "cannot decode input") \
	X(EPARSE,   -6,   "cannot parse input") \
	X(EEXIST,   -7,   "already exists") \
	X(EBUSY,    -8,   "cache is locked") \
	X(EVERSION, -9,   "cache written by a newer akhbar") \
	X(ENOTDB,   -10,  "not an akhbar cache") \
	X(EFULL,    -11,  "disk full") \
	X(EREADONLY,-12,  "read-only") \
	X(EUSAGE,   -13,  "usage error") \
	X(ENET,     -14,  "network error") \
	X(EEMPTY,   -15,  "empty input") \
	X(EBINARY,  -16,  "binary input") \
	X(ECONFIG,  -17,  "configuration error") \
	X(ECANCELED,-18,  "cancelled")

enum ak_status {
#define X(name, value, desc) AK_##name = value,
	AK_ERRORS(X)
#undef X
};

struct ak_error {
	int code;		/* the AK_E* code last set */
	char msg[512];		/* one line, no trailing newline */
};

/*
 * Record an error: sets err->code and formats err->msg (if err is not
 * NULL).  Returns code, so callers can write `return ak_error_set(...)`.
 */
int ak_error_set(struct ak_error *err, int code, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* Put a prefix in front of an existing message ("FILE: ..."). */
void ak_error_prefix(struct ak_error *err, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/* Static description of a status code. */
const char *ak_strerror(int code);

#endif
