/*
 * The JSON writer every --json output and `export -f json` use: a small
 * streaming writer over a struct ak_buf that keeps commas and nesting
 * right, and escapes strings (all controls as \uXXXX; UTF-8 kept as is).
 */
#ifndef AKHBAR_JSON_H
#define AKHBAR_JSON_H

#include <stdint.h>

#include "akhbar/buf.h"

#define AK_JSON_MAXDEPTH 16

struct ak_json {
	struct ak_buf *out;
	int depth;
	int count[AK_JSON_MAXDEPTH];	/* items written at each depth */
	int pretty;
};

void ak_json_init(struct ak_json *j, struct ak_buf *out, int pretty);
void ak_json_begin_object(struct ak_json *j);
void ak_json_end_object(struct ak_json *j);
void ak_json_begin_array(struct ak_json *j);
void ak_json_end_array(struct ak_json *j);
/* Inside an object: the key of the next value. */
void ak_json_key(struct ak_json *j, const char *key);
/* A string value; NULL writes null. */
void ak_json_str(struct ak_json *j, const char *s);
void ak_json_int(struct ak_json *j, int64_t v);
/* An id: 0 writes null. */
void ak_json_id(struct ak_json *j, int64_t v);
void ak_json_double(struct ak_json *j, double v);
void ak_json_bool(struct ak_json *j, int v);
void ak_json_null(struct ak_json *j);

/* Shorthands for "key": value inside an object. */
void ak_json_kstr(struct ak_json *j, const char *key, const char *s);
void ak_json_kint(struct ak_json *j, const char *key, int64_t v);
void ak_json_kbool(struct ak_json *j, const char *key, int v);

#endif
