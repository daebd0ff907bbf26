/*
 * Options and the config file reader: `bind`, `unbind`, `set`, `color`.
 * The defaults are data (the AK_OPTIONS and AK_COLORS tables, and the
 * default key lines in keys.c, read by this same parser).  Nothing here
 * prints: errors go into struct ak_config_errors for the status line.
 */
#include "config.h"

#include "akhbar/options.h"

#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <unistd.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/paths.h"

enum opt_type { T_BOOL, T_BIDI, T_LANG, T_DIGITS, T_STRING, T_SORT, T_DAYS };

static const struct {
	const char *name;
	enum opt_type type;
	const char *def;
	const char *help;
} opt_table[] = {
#define X(field, name, type, def, help) { name, T_##type, def, help },
	AK_OPTIONS(X)
#undef X
};

static const struct {
	const char *name;
	struct ak_style def;
} color_table[] = {
#define X(id, name, fg, bg, style, mono) { name, { fg, bg, style, mono } },
	AK_COLORS(X)
#undef X
};

static const char *const lang_names[] = { "auto", "en", "ar" };
static const char *const digit_names[] = { "latin", "arabic" };
static const char *const sort_names[] = { "added", "name", "unread" };

const char *
ak_option_name(enum ak_option_id id)
{
	return (unsigned)id < AK_NOPTIONS ? opt_table[id].name : "?";
}

const char *
ak_option_help(enum ak_option_id id)
{
	return (unsigned)id < AK_NOPTIONS ? opt_table[id].help : "?";
}

const char *
ak_color_name(enum ak_color_id id)
{
	return (unsigned)id < AK_NCOLORS ? color_table[id].name : "?";
}

static void *
field_ptr(struct ak_options *o, enum ak_option_id id)
{
	switch (id) {
#define X(field, name, type, def, help) \
	case AK_OPT_##field: return &o->field;
	AK_OPTIONS(X)
#undef X
	default:
		return NULL;
	}
}

static int
parse_bool(const char *v, int *out)
{
	static const char *const yes[] = { "on", "yes", "true", "1" };
	static const char *const no[] = { "off", "no", "false", "0" };
	size_t i;

	for (i = 0; i < 4; i++) {
		if (strcasecmp(v, yes[i]) == 0) {
			*out = 1;
			return 0;
		}
		if (strcasecmp(v, no[i]) == 0) {
			*out = 0;
			return 0;
		}
	}
	return -1;
}

static int
parse_name(const char *v, const char *const *names, size_t n, int *out)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcasecmp(v, names[i]) == 0) {
			*out = (int)i;
			return 0;
		}
	return -1;
}

/* Set option id from text; on a bad value, a message in err. */
static int
set_value(struct ak_options *o, enum ak_option_id id, const char *v,
	struct ak_error *err)
{
	void *p = field_ptr(o, id);
	const char *name = opt_table[id].name;
	enum ak_bidi_mode m;
	char *end;
	long days;
	int x;

	switch (opt_table[id].type) {
	case T_BOOL:
		if (parse_bool(v, &x) != 0)
			return ak_error_set(err, AK_ECONFIG,
				"set %s: '%s' is not on or off", name, v);
		*(int *)p = x;
		break;
	case T_BIDI:
		if (ak_bidi_mode_from_name(v, &m) != 0)
			return ak_error_set(err, AK_ECONFIG,
				"set %s: '%s' is not app, terminal or off",
				name, v);
		*(enum ak_bidi_mode *)p = m;
		break;
	case T_LANG:
		if (strcasecmp(v, "arabic") == 0)
			v = "ar";
		else if (strcasecmp(v, "english") == 0)
			v = "en";
		if (parse_name(v, lang_names, 3, &x) != 0)
			return ak_error_set(err, AK_ECONFIG,
				"set %s: '%s' is not ar, en or auto", name, v);
		*(enum ak_lang *)p = (enum ak_lang)x;
		break;
	case T_DIGITS:
		if (parse_name(v, digit_names, 2, &x) != 0)
			return ak_error_set(err, AK_ECONFIG,
				"set %s: '%s' is not latin or arabic", name, v);
		*(enum ak_digits *)p = (enum ak_digits)x;
		break;
	case T_STRING:
		if (!*v)
			return ak_error_set(err, AK_ECONFIG,
				"set %s: the value is empty", name);
		free(*(char **)p);
		*(char **)p = ak_xstrdup(v);
		break;
	case T_SORT:
		if (parse_name(v, sort_names, 3, &x) != 0)
			return ak_error_set(err, AK_ECONFIG,
				"set %s: '%s' is not added, name or unread",
				name, v);
		*(enum ak_sort *)p = (enum ak_sort)x;
		break;
	case T_DAYS:
		errno = 0;
		days = strtol(v, &end, 10);
		if (!*v || *end || errno || days < 0 || days > 1000000)
			return ak_error_set(err, AK_ECONFIG,
				"set %s: '%s' is not a number of days (0: "
				"none)", name, v);
		*(long *)p = days;
		break;
	}
	return AK_OK;
}

void
ak_options_init(struct ak_options *o)
{
	size_t i;

	memset(o, 0, sizeof *o);
	for (i = 0; i < AK_NOPTIONS; i++)
		if (set_value(o, (enum ak_option_id)i, opt_table[i].def,
		    NULL) != AK_OK)
			abort();	/* a bad default is a bug */
	for (i = 0; i < AK_NCOLORS; i++)
		o->styles[i] = color_table[i].def;
}

void
ak_options_release(struct ak_options *o)
{
	size_t i;

	for (i = 0; i < AK_NOPTIONS; i++)
		if (opt_table[i].type == T_STRING)
			free(*(char **)field_ptr(o, (enum ak_option_id)i));
	memset(o, 0, sizeof *o);
}

void
ak_option_value(const struct ak_options *o, enum ak_option_id id, char *buf,
	size_t size)
{
	const void *p;

	if ((unsigned)id >= AK_NOPTIONS || size == 0)
		return;
	p = field_ptr((struct ak_options *)o, id);
	switch (opt_table[id].type) {
	case T_BOOL:
		snprintf(buf, size, "%s", *(const int *)p ? "on" : "off");
		break;
	case T_BIDI:
		snprintf(buf, size, "%s",
			ak_bidi_mode_name(*(const enum ak_bidi_mode *)p));
		break;
	case T_LANG:
		snprintf(buf, size, "%s", lang_names[*(const enum ak_lang *)p]);
		break;
	case T_DIGITS:
		snprintf(buf, size, "%s",
			digit_names[*(const enum ak_digits *)p]);
		break;
	case T_STRING:
		snprintf(buf, size, "%s", *(char *const *)p ?
			*(char *const *)p : "");
		break;
	case T_SORT:
		snprintf(buf, size, "%s", sort_names[*(const enum ak_sort *)p]);
		break;
	case T_DAYS:
		snprintf(buf, size, "%ld", *(const long *)p);
		break;
	}
}

int
ak_options_set(struct ak_options *o, const char *name, const char *value,
	struct ak_error *err)
{
	size_t i;

	if (strcmp(name, "colours") == 0)
		name = "colors";
	for (i = 0; i < AK_NOPTIONS; i++)
		if (strcmp(name, opt_table[i].name) == 0)
			return set_value(o, (enum ak_option_id)i, value, err);
	return ak_error_set(err, AK_ECONFIG, "set: unknown option '%s'", name);
}

int
ak_options_arabic(const struct ak_options *o)
{
	static const char *const vars[] = { "LC_ALL", "LC_MESSAGES", "LANG" };
	const char *v;
	size_t i;

	if (o->language != AK_LANG_AUTO)
		return o->language == AK_LANG_AR;
	for (i = 0; i < 3; i++) {
		v = getenv(vars[i]);
		if (v && *v)
			return strncmp(v, "ar", 2) == 0 &&
				(v[2] == '\0' || v[2] == '_' || v[2] == '.' ||
				v[2] == '@');
	}
	return 0;
}

/* ------------------------------------------------------------ config */

void
ak_config_errors_release(struct ak_config_errors *e)
{
	size_t i;

	for (i = 0; i < e->n; i++)
		free(e->msgs[i]);
	free(e->msgs);
	memset(e, 0, sizeof *e);
}

#define MAXWORDS 8

/*
 * Split a line into words: blanks separate, "..." and '...' quote (no
 * escapes), # outside quotes starts a comment.  Words point into buf.
 */
static int
split(const char *line, char *buf, size_t size, char **w, size_t *nw,
	struct ak_error *err)
{
	const char *p = line;
	char *q = buf;
	char quote;

	*nw = 0;
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\n')
			p++;
		if (!*p || *p == '#')
			return AK_OK;
		if (*nw == MAXWORDS)
			return ak_error_set(err, AK_ECONFIG, "too many words");
		w[(*nw)++] = q;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r' &&
		    *p != '\n') {
			if (*p == '"' || *p == '\'') {
				quote = *p++;
				while (*p && *p != quote) {
					if ((size_t)(q - buf) + 1 >= size)
						return ak_error_set(err,
							AK_ECONFIG,
							"line too long");
					*q++ = *p++;
				}
				if (*p != quote)
					return ak_error_set(err, AK_ECONFIG,
						"unterminated quote");
				p++;
				continue;
			}
			if ((size_t)(q - buf) + 1 >= size)
				return ak_error_set(err, AK_ECONFIG,
					"line too long");
			*q++ = *p++;
		}
		*q++ = '\0';
	}
}

static int
cmd_bind(struct ak_keymap *km, char **w, size_t nw, struct ak_error *err)
{
	enum ak_keymap_id map = AK_MAP_GENERIC;
	enum ak_action act;
	size_t k = 1;
	int key;

	if (nw != 3 && nw != 4)
		return ak_error_set(err, AK_ECONFIG,
			"bind wants [VIEW] KEY ACTION");
	if (nw == 4) {
		if (ak_keymap_from_name(w[1], &map) != 0)
			return ak_error_set(err, AK_ECONFIG, "bind: unknown "
				"view '%s' (generic, list, article, search, "
				"help)", w[1]);
		k = 2;
	}
	if (ak_key_parse(w[k], &key) != 0)
		return ak_error_set(err, AK_ECONFIG, "bind: unknown key '%s'",
			w[k]);
	if (ak_action_from_name(w[k + 1], &act) != 0)
		return ak_error_set(err, AK_ECONFIG,
			"bind: unknown action '%s' (the help view, ?, lists "
			"them)", w[k + 1]);
	ak_keymap_bind(km, map, key, act);
	return AK_OK;
}

static int
cmd_unbind(struct ak_keymap *km, char **w, size_t nw, struct ak_error *err)
{
	enum ak_keymap_id map = AK_MAP_GENERIC;
	size_t k = 1;
	int key;

	if (nw != 2 && nw != 3)
		return ak_error_set(err, AK_ECONFIG, "unbind wants [VIEW] KEY");
	if (nw == 3) {
		if (ak_keymap_from_name(w[1], &map) != 0)
			return ak_error_set(err, AK_ECONFIG, "unbind: unknown "
				"view '%s'", w[1]);
		k = 2;
	}
	if (ak_key_parse(w[k], &key) != 0)
		return ak_error_set(err, AK_ECONFIG,
			"unbind: unknown key '%s'", w[k]);
	if (ak_keymap_unbind(km, map, key) != 0)
		return ak_error_set(err, AK_ECONFIG,
			"unbind: '%s' is not bound", w[k]);
	return AK_OK;
}

static int
parse_color(const char *s, int *out)
{
	static const char *const names[] = {
		"black", "red", "green", "yellow", "blue", "magenta", "cyan",
		"white"
	};
	char *end;
	long v;
	int x;

	if (strcasecmp(s, "default") == 0 || strcmp(s, "-1") == 0) {
		*out = -1;
		return 0;
	}
	if (parse_name(s, names, 8, &x) == 0) {
		*out = x;
		return 0;
	}
	if (strncasecmp(s, "bright", 6) == 0 &&
	    parse_name(s + 6, names, 8, &x) == 0) {
		*out = x + 8;
		return 0;
	}
	if (strncasecmp(s, "color", 5) == 0)
		s += 5;
	if (!isdigit((unsigned char)*s))
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (*end || errno || v < 0 || v > 255)
		return -1;
	*out = (int)v;
	return 0;
}

static int
parse_style(const char *s, unsigned *out)
{
	static const struct {
		const char *name;
		unsigned style;
	} st[] = {
		{ "normal", 0 }, { "none", 0 },
		{ "bold", AK_STYLE_BOLD }, { "dim", AK_STYLE_DIM },
		{ "underline", AK_STYLE_UNDERLINE },
		{ "reverse", AK_STYLE_REVERSE },
		{ "italic", AK_STYLE_ITALIC },
		{ "standout", AK_STYLE_STANDOUT },
	};
	size_t i;

	for (i = 0; i < sizeof st / sizeof *st; i++)
		if (strcasecmp(s, st[i].name) == 0) {
			*out |= st[i].style;
			return 0;
		}
	return -1;
}

static int
cmd_color(struct ak_options *o, char **w, size_t nw, struct ak_error *err)
{
	struct ak_style s;
	size_t i, k;
	int found = -1;
	char *tok, *save = NULL;

	if (nw < 4)
		return ak_error_set(err, AK_ECONFIG,
			"color wants ELEMENT FG BG [ATTR...]");
	for (i = 0; i < AK_NCOLORS; i++)
		if (strcmp(w[1], color_table[i].name) == 0)
			found = (int)i;
	if (found < 0)
		return ak_error_set(err, AK_ECONFIG, "color: unknown element "
			"'%s'", w[1]);
	memset(&s, 0, sizeof s);
	if (parse_color(w[2], &s.fg) != 0)
		return ak_error_set(err, AK_ECONFIG, "color %s: '%s' is not "
			"a colour (default, black..white, brightred, "
			"color0..color255)", w[1], w[2]);
	if (parse_color(w[3], &s.bg) != 0)
		return ak_error_set(err, AK_ECONFIG, "color %s: '%s' is not "
			"a colour (default, black..white, brightred, "
			"color0..color255)", w[1], w[3]);
	for (k = 4; k < nw; k++)
		for (tok = strtok_r(w[k], ",", &save); tok;
		    tok = strtok_r(NULL, ",", &save))
			if (parse_style(tok, &s.style) != 0)
				return ak_error_set(err, AK_ECONFIG, "color "
					"%s: '%s' is not an attribute (bold, "
					"dim, underline, reverse, italic, "
					"standout, normal)", w[1], tok);
	/* What the user asked for holds with and without colours. */
	s.mono = s.style;
	if (nw == 4 && (s.fg >= 0 || s.bg >= 0))
		s.mono = o->styles[found].mono;
	o->styles[found] = s;
	return AK_OK;
}

int
ak_config_line(struct ak_options *o, struct ak_keymap *km, const char *line,
	struct ak_error *err)
{
	char buf[1024];
	char *w[MAXWORDS];
	size_t nw;
	int rc;

	rc = split(line, buf, sizeof buf, w, &nw, err);
	if (rc != AK_OK || nw == 0)
		return rc;
	if (strcmp(w[0], "bind") == 0)
		return cmd_bind(km, w, nw, err);
	if (strcmp(w[0], "unbind") == 0)
		return cmd_unbind(km, w, nw, err);
	if (strcmp(w[0], "set") == 0) {
		if (nw == 4 && strcmp(w[2], "=") == 0) {
			w[2] = w[3];
			nw = 3;
		}
		if (nw != 3)
			return ak_error_set(err, AK_ECONFIG,
				"set wants OPTION VALUE");
		return ak_options_set(o, w[1], w[2], err);
	}
	if (strcmp(w[0], "color") == 0 || strcmp(w[0], "colour") == 0)
		return cmd_color(o, w, nw, err);
	return ak_error_set(err, AK_ECONFIG, "unknown command '%s' (bind, "
		"unbind, set, color)", w[0]);
}

static void
add_error(struct ak_config_errors *errs, const char *file, size_t lineno,
	const char *msg)
{
	struct ak_buf b = AK_BUF_INIT;

	if (!errs)
		return;
	if (!file)
		ak_buf_addstr(&b, msg);
	else if (lineno)
		ak_buf_addf(&b, "%s:%zu: %s", file, lineno, msg);
	else
		ak_buf_addf(&b, "%s: %s", file, msg);
	errs->msgs = ak_xreallocarray(errs->msgs, errs->n + 1,
		sizeof *errs->msgs);
	errs->msgs[errs->n++] = ak_buf_detach(&b, NULL);
}

size_t
ak_config_parse(struct ak_options *o, struct ak_keymap *km, const char *text,
	size_t len, const char *file, struct ak_config_errors *errs)
{
	struct ak_error err;
	const char *p = text, *end = text + len, *nl;
	size_t lineno = 0, nbad = 0;
	char *line;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		lineno++;
		line = ak_xstrndup(p, (size_t)(nl - p));
		err.code = 0;
		err.msg[0] = '\0';
		if (strlen(line) != (size_t)(nl - p)) {
			ak_error_set(&err, AK_ECONFIG, "a NUL byte");
			add_error(errs, file, lineno, err.msg);
			nbad++;
		} else if (ak_config_line(o, km, line, &err) != AK_OK) {
			add_error(errs, file, lineno, err.msg);
			nbad++;
		}
		free(line);
		p = nl + 1;
	}
	return nbad;
}

size_t
ak_config_load(struct ak_options *o, struct ak_keymap *km, const char *path,
	struct ak_config_errors *errs)
{
	struct ak_error err = { 0, "" };
	char *def = NULL, *data = NULL;
	size_t len = 0, n;

	if (!path) {
		def = ak_config_path("config");
		if (!def || access(def, F_OK) != 0) {
			free(def);
			return 0;
		}
		path = def;
	}
	if (ak_read_file(path, &data, &len, &err) != AK_OK) {
		if (err.msg[0])
			add_error(errs, NULL, 0, err.msg);
		else
			add_error(errs, path, 0, "cannot read the file");
		free(def);
		return 1;
	}
	n = ak_config_parse(o, km, data, len, path, errs);
	free(data);
	free(def);
	return n;
}

void
ak_config_default_keys(struct ak_options *o, struct ak_keymap *km)
{
	size_t i;

	for (i = 0; ak_default_keys[i]; i++)
		if (ak_config_line(o, km, ak_default_keys[i], NULL) != AK_OK)
			abort();	/* a bad default is a bug */
}
