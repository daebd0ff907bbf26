/*
 * The one JSON writer: streaming, with comma and nesting bookkeeping.
 */
#include "config.h"

#include "akhbar/json.h"

#include <assert.h>
#include <math.h>
#include <stdio.h>
#include <string.h>

void
ak_json_init(struct ak_json *j, struct ak_buf *out, int pretty)
{
	memset(j, 0, sizeof(*j));
	j->out = out;
	j->pretty = pretty;
}

static void
newline(struct ak_json *j)
{
	int i;

	if (!j->pretty)
		return;
	ak_buf_addch(j->out, '\n');
	for (i = 0; i < j->depth; i++)
		ak_buf_addstr(j->out, "  ");
}

/* Before a value (or a key): a comma if something came before. */
static void
before_value(struct ak_json *j)
{
	if (j->depth > 0 && j->count[j->depth] == -1) {
		/* right after a key: no comma, no newline */
		j->count[j->depth] = 1;
		return;
	}
	if (j->depth > 0) {
		if (j->count[j->depth]++ > 0)
			ak_buf_addch(j->out, ',');
		newline(j);
	}
}

static void
open_(struct ak_json *j, char c)
{
	before_value(j);
	ak_buf_addch(j->out, c);
	assert(j->depth + 1 < AK_JSON_MAXDEPTH);
	j->depth++;
	j->count[j->depth] = 0;
}

static void
close_(struct ak_json *j, char c)
{
	int had = j->count[j->depth] != 0;

	assert(j->depth > 0);
	j->depth--;
	if (had)
		newline(j);
	ak_buf_addch(j->out, c);
}

void
ak_json_begin_object(struct ak_json *j)
{
	open_(j, '{');
}

void
ak_json_end_object(struct ak_json *j)
{
	close_(j, '}');
}

void
ak_json_begin_array(struct ak_json *j)
{
	open_(j, '[');
}

void
ak_json_end_array(struct ak_json *j)
{
	close_(j, ']');
}

static void
put_string(struct ak_buf *b, const char *s)
{
	const unsigned char *p;

	ak_buf_addch(b, '"');
	for (p = (const unsigned char *)s; *p; p++) {
		switch (*p) {
		case '"':
			ak_buf_addstr(b, "\\\"");
			break;
		case '\\':
			ak_buf_addstr(b, "\\\\");
			break;
		case '\n':
			ak_buf_addstr(b, "\\n");
			break;
		case '\t':
			ak_buf_addstr(b, "\\t");
			break;
		default:
			if (*p < 0x20 || *p == 0x7F)
				ak_buf_addf(b, "\\u%04x", *p);
			else
				ak_buf_addch(b, (char)*p);
		}
	}
	ak_buf_addch(b, '"');
}

void
ak_json_key(struct ak_json *j, const char *key)
{
	before_value(j);
	put_string(j->out, key);
	ak_buf_addstr(j->out, j->pretty ? ": " : ":");
	j->count[j->depth] = -1;
}

void
ak_json_str(struct ak_json *j, const char *s)
{
	if (!s) {
		ak_json_null(j);
		return;
	}
	before_value(j);
	put_string(j->out, s);
}

void
ak_json_int(struct ak_json *j, int64_t v)
{
	before_value(j);
	ak_buf_addf(j->out, "%lld", (long long)v);
}

void
ak_json_id(struct ak_json *j, int64_t v)
{
	if (v)
		ak_json_int(j, v);
	else
		ak_json_null(j);
}

void
ak_json_double(struct ak_json *j, double v)
{
	before_value(j);
	if (!isfinite(v))
		ak_buf_addstr(j->out, "null");
	else
		ak_buf_addf(j->out, "%.4f", v);
}

void
ak_json_bool(struct ak_json *j, int v)
{
	before_value(j);
	ak_buf_addstr(j->out, v ? "true" : "false");
}

void
ak_json_null(struct ak_json *j)
{
	before_value(j);
	ak_buf_addstr(j->out, "null");
}

void
ak_json_kstr(struct ak_json *j, const char *key, const char *s)
{
	ak_json_key(j, key);
	ak_json_str(j, s);
}

void
ak_json_kint(struct ak_json *j, const char *key, int64_t v)
{
	ak_json_key(j, key);
	ak_json_int(j, v);
}

void
ak_json_kbool(struct ak_json *j, const char *key, int v)
{
	ak_json_key(j, key);
	ak_json_bool(j, v);
}
