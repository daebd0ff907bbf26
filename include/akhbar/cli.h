/*
 * The command line: git-style subcommands.  Each subcommand is a function
 * in src/cmd_<name>.c listed in the table in cli.c with its one-line
 * summary and its usage text (what `akhbar help NAME` prints).
 *
 * Subcommands return an exit status: 0 success, 1 runtime failure (after
 * ak_cli_error), 2 usage error (after ak_cli_usage).  Only the cli prints
 * errors; modules fill a struct ak_error.
 */
#ifndef AKHBAR_CLI_H
#define AKHBAR_CLI_H

#include "akhbar/error.h"

struct ak_cache;
struct option;

/* Global options, parsed before the subcommand name. */
struct ak_cli {
	const char *db_path;		/* --db, else NULL (default path) */
	const char *config_path;	/* --config, else NULL */
	const char *cmd;		/* the subcommand name */
	struct ak_cache *cache;		/* opened by ak_cli_open_cache */
};

typedef int (*ak_cmd_fn)(struct ak_cli *cli, int argc, char **argv);

struct ak_cmd {
	const char *name;
	ak_cmd_fn fn;
	const char *summary;		/* one line for --help */
	const char *usage;		/* full help: synopsis and options */
};

/* The subcommand table, NULL-terminated. */
extern const struct ak_cmd ak_cmds[];
const struct ak_cmd *ak_cmd_find(const char *name);

/* Run akhbar: the whole main(). */
int ak_cli_main(int argc, char **argv);

/*
 * Open the cache (--db, $AKHBAR_DB or the default path) into cli->cache.
 * flags as for ak_cache_open, and AK_CLI_*.  The folder of a path given
 * by --db or $AKHBAR_DB must exist (the default's is made).  A cache the
 * user may not write is opened read-only, and a line on standard error
 * says so when that is a terminal.  On failure prints the error; returns
 * 0 or 1.
 */
int ak_cli_open_cache(struct ak_cli *cli, int flags);

enum {
	AK_CLI_WRITE = 1 << 16,		/* the command writes: a read-only
					   cache is an error */
	AK_CLI_OWN_NOTE = 1 << 17	/* the caller says itself that the
					   cache is read-only (the reader) */
};

/* Print "akhbar: MESSAGE" on stderr; returns 1. */
int ak_cli_error(const char *fmt, ...) __attribute__((format(printf, 1, 2)));
/* Print "akhbar: " + err->msg on stderr; returns 1. */
int ak_cli_fail(const struct ak_error *err);
/*
 * Print "akhbar CMD: MESSAGE" and a hint line ("Try 'akhbar help CMD'.")
 * on stderr; returns 2.
 */
int ak_cli_usage(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * For a getopt_long loop (opterr = 0): report the option getopt_long
 * returned '?' for, as it was typed: "unknown option '--frob'", "option
 * '--limit' needs a value", "option '--json' takes no value", "option
 * '--s' is ambiguous", "unknown option '-x'".  shortopts and longopts
 * are what the loop gave getopt_long.  cmd NULL: the global options.
 * Returns 2.
 */
int ak_cli_bad_option(const char *cmd, int argc, char **argv,
	const char *shortopts, const struct option *longopts);

/*
 * The option getopt_long has just returned with optarg, as it was typed
 * ("--limit", "--lim", "-l"), for messages about its value.  The string
 * is valid until the next call.
 */
const char *ak_cli_opt_name(int argc, char **argv);

/*
 * Say that a command found nothing ("no article matches ..."), as
 * "akhbar CMD: MESSAGE" on standard error, only when standard error is a
 * terminal: standard output stays empty, and a script sees no noise.
 */
void ak_cli_nothing(const char *cmd, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

/*
 * For subcommands that read their options by hand: "--name VALUE" or
 * "--name=VALUE" at argv[*i] returns VALUE (advancing *i past it), NULL
 * when argv[*i] is another option, "" for a missing value.
 */
const char *ak_cli_opt_value(const char *name, int argc, char **argv,
	int *i);

/*
 * Parse a positive article id (or a count) from s; returns 0 on
 * success, -1 when s is not a number > 0.
 */
int ak_cli_parse_id(const char *s, long long *out);

/*
 * The width of the terminal output goes to: standard output's, else
 * $COLUMNS, else (a pipe to a pager) standard error's or the controlling
 * terminal's, else fallback.
 */
int ak_cli_term_width(int fallback);

/* The subcommands (one file each). */
int ak_cmd_stats(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_list(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_help(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_import(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_show(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_render(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_export(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_related(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_search(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_update(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_full_text(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_read(struct ak_cli *cli, int argc, char **argv);	/* the reader */
int ak_cmd_feeds(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_subscribe(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_unsubscribe(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_opml(struct ak_cli *cli, int argc, char **argv);
int ak_cmd_prune(struct ak_cli *cli, int argc, char **argv);

#endif
