/*
 * Options and the config file.  One X-macro table gives the fields of
 * struct ak_options, their `set` names, defaults and help; colours are a
 * second table (elements of the screen, abstract styles that screen.c
 * maps to ncurses).  The config reader takes `bind`, `unbind`, `set` and
 * `color` lines; a bad line is reported as FILE:LINE: what is wrong and
 * skipped, the rest applies.  Options are passed down, never global.
 */
#ifndef AKHBAR_OPTIONS_H
#define AKHBAR_OPTIONS_H

#include <stddef.h>

#include "akhbar/keys.h"
#include "akhbar/layout.h"

struct ak_error;

enum ak_lang {
	AK_LANG_AUTO,		/* the titles say (view.h), else the locale */
	AK_LANG_EN,
	AK_LANG_AR
};

enum ak_digits {
	AK_DIGITS_LATIN,	/* 0123 */
	AK_DIGITS_ARABIC	/* Arabic-Indic ٠١٢٣ */
};

/* The order of the feeds view. */
enum ak_sort {
	AK_SORT_ADDED,		/* as subscribed (publishers: as imported) */
	AK_SORT_NAME,		/* by name */
	AK_SORT_UNREAD		/* most unread first */
};

/* Option types: the C type of the field. */
#define AK_OPT_CTYPE_BOOL int
#define AK_OPT_CTYPE_BIDI enum ak_bidi_mode
#define AK_OPT_CTYPE_LANG enum ak_lang
#define AK_OPT_CTYPE_DIGITS enum ak_digits
#define AK_OPT_CTYPE_STRING char *
#define AK_OPT_CTYPE_SORT enum ak_sort
#define AK_OPT_CTYPE_DAYS long

/* X(field, name, type, default, help) */
#define AK_OPTIONS(X) \
	X(bidi, "bidi", BIDI, "app", \
		"app, terminal or off: who puts right-to-left text in order") \
	X(shaping, "shaping", BOOL, "on", \
		"join Arabic letters (presentation forms; app mode)") \
	X(colors, "colors", BOOL, "on", \
		"colours (NO_COLOR in the environment turns them off)") \
	X(date_format, "date-format", STRING, "yMMMd", \
		"ICU date skeleton for every date (yMMMd, MMMd, yMd...)") \
	X(language, "language", LANG, "auto", \
		"interface language: ar, en or auto (the titles, the locale)") \
	X(hijri, "hijri", BOOL, "off", \
		"show the Hijri (Umm al-Qura) date beside the Gregorian one") \
	X(digits, "digits", DIGITS, "latin", \
		"digits in dates and counts: latin or arabic (Arabic-Indic)") \
	X(mouse, "mouse", BOOL, "on", \
		"mouse wheel scrolls, a click opens") \
	X(collapse_stories, "collapse-stories", BOOL, "on", \
		"the same story from several papers as one row of the list") \
	X(browser, "browser", STRING, "auto", \
		"command o opens links with (%u: the link); auto: xdg-open") \
	X(feed_sort, "feed-sort", SORT, "added", \
		"order of the feeds view: added, name or unread") \
	X(keep_days, "keep-days", DAYS, "0", \
		"akhbar prune: articles older than this many days (0: none)")

enum ak_option_id {
#define X(field, name, type, def, help) AK_OPT_##field,
	AK_OPTIONS(X)
#undef X
	AK_NOPTIONS
};

/* Abstract text styles (screen.c maps them to A_* attributes). */
enum {
	AK_STYLE_BOLD = 1 << 0,
	AK_STYLE_DIM = 1 << 1,
	AK_STYLE_UNDERLINE = 1 << 2,
	AK_STYLE_REVERSE = 1 << 3,
	AK_STYLE_ITALIC = 1 << 4,
	AK_STYLE_STANDOUT = 1 << 5
};

/* The eight ANSI colours; -1 is the terminal's default colour. */
enum {
	AK_COLOR_DEFAULT = -1,
	AK_COLOR_BLACK, AK_COLOR_RED, AK_COLOR_GREEN, AK_COLOR_YELLOW,
	AK_COLOR_BLUE, AK_COLOR_MAGENTA, AK_COLOR_CYAN, AK_COLOR_WHITE
};

/*
 * X(id, name, fg, bg, style, mono): the screen's elements.  The default
 * theme keeps the terminal's own colours (-1) for text, so it reads on
 * dark and light backgrounds, and marks things with attributes; mono is
 * the style without colours (NO_COLOR, `set colors off`).
 */
#define AK_COLORS(X) \
	X(DEFAULT, "default", -1, -1, 0, 0) \
	X(HEADER, "header", -1, -1, AK_STYLE_REVERSE | AK_STYLE_BOLD, \
		AK_STYLE_REVERSE | AK_STYLE_BOLD) \
	X(STATUS, "status", -1, -1, 0, 0) \
	X(KEY, "key", -1, -1, AK_STYLE_BOLD, AK_STYLE_BOLD) \
	X(MESSAGE, "message", -1, -1, AK_STYLE_BOLD, AK_STYLE_BOLD) \
	X(ERROR, "error", AK_COLOR_RED, -1, AK_STYLE_BOLD, \
		AK_STYLE_BOLD | AK_STYLE_REVERSE) \
	X(PROMPT, "prompt", -1, -1, AK_STYLE_BOLD, AK_STYLE_BOLD) \
	X(CURSOR, "cursor", -1, -1, AK_STYLE_REVERSE, AK_STYLE_REVERSE) \
	X(UNREAD, "unread", -1, -1, AK_STYLE_BOLD, AK_STYLE_BOLD) \
	X(READ, "read", -1, -1, 0, 0) \
	X(MARK, "mark", AK_COLOR_GREEN, -1, AK_STYLE_BOLD, AK_STYLE_BOLD) \
	X(STAR, "star", AK_COLOR_MAGENTA, -1, AK_STYLE_BOLD, AK_STYLE_BOLD) \
	X(PUBLISHER, "publisher", AK_COLOR_GREEN, -1, 0, 0) \
	X(DATE, "date", -1, -1, AK_STYLE_DIM, AK_STYLE_DIM) \
	X(TITLE, "title", -1, -1, AK_STYLE_BOLD, AK_STYLE_BOLD) \
	X(SUBTITLE, "subtitle", -1, -1, AK_STYLE_ITALIC, 0) \
	X(META, "meta", AK_COLOR_GREEN, -1, 0, AK_STYLE_DIM) \
	X(HEADING, "heading", -1, -1, AK_STYLE_BOLD, AK_STYLE_BOLD) \
	X(SUMMARY, "summary", -1, -1, 0, 0) \
	X(CAPTION, "caption", -1, -1, AK_STYLE_DIM, AK_STYLE_DIM) \
	X(CREDIT, "credit", -1, -1, AK_STYLE_DIM | AK_STYLE_ITALIC, \
		AK_STYLE_DIM) \
	X(QUOTE, "quote", -1, -1, AK_STYLE_ITALIC, 0) \
	X(LINK, "link", AK_COLOR_BLUE, -1, AK_STYLE_UNDERLINE, \
		AK_STYLE_UNDERLINE) \
	X(FOCUS, "focus", -1, -1, AK_STYLE_REVERSE, AK_STYLE_REVERSE) \
	X(HIT, "hit", AK_COLOR_BLACK, AK_COLOR_YELLOW, 0, \
		AK_STYLE_REVERSE | AK_STYLE_BOLD) \
	X(DIM, "dim", -1, -1, AK_STYLE_DIM, AK_STYLE_DIM)

enum ak_color_id {
#define X(id, name, fg, bg, style, mono) AK_C_##id,
	AK_COLORS(X)
#undef X
	AK_NCOLORS
};

struct ak_style {
	int fg, bg;		/* 0..255 or -1 (default) */
	unsigned style;		/* AK_STYLE_* with colours */
	unsigned mono;		/* AK_STYLE_* without colours */
};

struct ak_options {
#define X(field, name, type, def, help) AK_OPT_CTYPE_##type field;
	AK_OPTIONS(X)
#undef X
	struct ak_style styles[AK_NCOLORS];	/* by enum ak_color_id */
};

/* Defaults (the table's), default theme. */
void ak_options_init(struct ak_options *o);
void ak_options_release(struct ak_options *o);

const char *ak_option_name(enum ak_option_id id);
const char *ak_option_help(enum ak_option_id id);
/* The current value as `set` would take it; into buf. */
void ak_option_value(const struct ak_options *o, enum ak_option_id id,
	char *buf, size_t size);

/* `set NAME VALUE`.  AK_ECONFIG with a message on a bad name or value. */
int ak_options_set(struct ak_options *o, const char *name,
	const char *value, struct ak_error *err);

const char *ak_color_name(enum ak_color_id id);

/*
 * Is the interface Arabic?  `set language`, else (auto) the first of
 * LC_ALL, LC_MESSAGES, LANG that is set starts with "ar".
 */
int ak_options_arabic(const struct ak_options *o);

/* Errors found while reading config files: "FILE:LINE: message". */
struct ak_config_errors {
	char **msgs;
	size_t n;
};

void ak_config_errors_release(struct ak_config_errors *e);

/*
 * Apply one config line (`bind [VIEW] KEY ACTION`, `unbind [VIEW] KEY`,
 * `set OPTION VALUE`, `color ELEMENT FG BG [ATTR...]`; words may be
 * quoted with "" or ''; # starts a comment).  Blank lines do nothing.
 * Returns AK_OK or AK_ECONFIG with what is wrong in err.
 */
int ak_config_line(struct ak_options *o, struct ak_keymap *km,
	const char *line, struct ak_error *err);

/*
 * Apply a whole config text; each bad line adds "FILE:LINE: message" to
 * errs and is skipped.  Returns the number of bad lines.
 */
size_t ak_config_parse(struct ak_options *o, struct ak_keymap *km,
	const char *text, size_t len, const char *file,
	struct ak_config_errors *errs);

/*
 * Read path (NULL: $XDG_CONFIG_HOME/akhbar/config, which may be missing)
 * and apply it.  A file that cannot be read is an error only when path
 * was given.  Returns the number of errors added to errs.
 */
size_t ak_config_load(struct ak_options *o, struct ak_keymap *km,
	const char *path, struct ak_config_errors *errs);

/* Bind the defaults (ak_default_keys) into km. */
void ak_config_default_keys(struct ak_options *o, struct ak_keymap *km);

#endif
