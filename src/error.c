/*
 * Status codes and the error detail every module fills in.
 */
#include "config.h"

#include "akhbar/error.h"

#include <stdio.h>
#include <string.h>

int
ak_error_set(struct ak_error *err, int code, const char *fmt, ...)
{
	va_list ap;

	if (!err)
		return code;
	err->code = code;
	va_start(ap, fmt);
	vsnprintf(err->msg, sizeof(err->msg), fmt, ap);
	va_end(ap);
	return code;
}

void
ak_error_prefix(struct ak_error *err, const char *fmt, ...)
{
	char prefix[256], old[sizeof(err->msg)];
	size_t n;
	va_list ap;

	if (!err)
		return;
	va_start(ap, fmt);
	vsnprintf(prefix, sizeof(prefix), fmt, ap);
	va_end(ap);
	memcpy(old, err->msg, sizeof(old));
	/* prefix + ": " + old, cut to fit */
	n = strlen(prefix);
	memcpy(err->msg, prefix, n);
	memcpy(err->msg + n, ": ", 2);
	n += 2;
	strncpy(err->msg + n, old, sizeof(err->msg) - n - 1);
	err->msg[sizeof(err->msg) - 1] = '\0';
}

const char *
ak_strerror(int code)
{
	switch (code) {
#define X(name, value, desc) case AK_##name: return desc;
	AK_ERRORS(X)
#undef X
	}
	return "unknown error";
}
