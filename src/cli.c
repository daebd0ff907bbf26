/*
 * The command line: global options, the subcommand table, help, and the
 * only place that prints errors.
 */
#include "config.h"

#include "akhbar/cli.h"

#include <fcntl.h>
#include <getopt.h>
#include <locale.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/stat.h>
#include <unistd.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"

const struct ak_cmd ak_cmds[] = {
	{ "import", ak_cmd_import, "Import text pages, RSS/Atom feeds or URLs",
	  "usage: akhbar import [--publisher NAME] [--dry-run] [--json]\n"
	  "         [--max-article SIZE] [--max-paragraph SIZE] PATH|DIR|URL...\n\n"
	  "Import news pages saved as text (*.txt; a folder is walked),\n"
	  "RSS 2.0 or Atom feeds, or http(s) URLs into the cache.  Each input\n"
	  "is one transaction.  Prints one line per input: articles added,\n"
	  "updated, unchanged, and warnings.\n\n"
	  "  --publisher NAME  the source, when the page does not name it\n"
	  "  -n, --dry-run     parse and print what would be stored; store nothing\n"
	  "  --json            a JSON summary per input\n"
	  "  --max-article SIZE    cut an article's text after SIZE bytes\n"
	  "                        (K, M, G suffixes; 0: no cap; default 1M)\n"
	  "  --max-paragraph SIZE  cut a paragraph after SIZE bytes\n"
	  "                        (default 64K); each cut is a warning\n" },
	{ "update", ak_cmd_update, "Fetch the feeds imported from URLs again",
	  "usage: akhbar update [--json] [--full-text] [--max-article SIZE] "
	  "[--max-paragraph SIZE]\n\n"
	  "Fetch every feed that 'akhbar import URL' subscribed to, with a\n"
	  "conditional GET (ETag, Last-Modified), and import what is new.\n"
	  "The size caps are import's.\n\n"
	  "  --full-text  fetch every feed whole (no conditional GET) and\n"
	  "               each item's web page, and store its article (the\n"
	  "               feed's summary kept as the subtitle); feeds\n"
	  "               subscribed with full text always do.  A page whose\n"
	  "               article is stored is fetched again only when the\n"
	  "               feed's item changed, with a conditional GET; a page\n"
	  "               that fails keeps the feed's text (one warning line)\n" },
	{ "full-text", ak_cmd_full_text, "Fetch articles' whole text from their pages",
	  "usage: akhbar full-text ID...\n\n"
	  "Fetch the web page of each article (an id from 'akhbar list'),\n"
	  "find the article in it and store it: the page's text becomes the\n"
	  "body and the feed's summary the subtitle.  A page fetched before\n"
	  "is asked for with a conditional GET (not modified: the stored text\n"
	  "stays).  A page that fails (HTTP error, timeout, no article in it,\n"
	  "too large) keeps the text stored, with one line saying why, and\n"
	  "the exit status is 1.  The reader's f does this in the background.\n" },
	{ "feeds", ak_cmd_feeds, "List the subscriptions",
	  "usage: akhbar feeds [--json]\n\n"
	  "List the feeds, in the order they were added: id, name (the one\n"
	  "given, else the feed's title), URL, last update, its outcome (ok,\n"
	  "not-modified, or error: MESSAGE), articles, unread.\n\n"
	  "  --json  an array of {id, name, url, last_update, last_ok, status,\n"
	  "          error, full_text, articles, unread}\n" },
	{ "subscribe", ak_cmd_subscribe, "Subscribe to a feed",
	  "usage: akhbar subscribe URL [--name NAME] [--full-text|--no-full-text]\n\n"
	  "Subscribe to the RSS or Atom feed at URL (http or https); 'akhbar\n"
	  "update' fetches it.  Subscribing again changes only what is given.\n\n"
	  "  --name NAME  the name the feeds view and 'akhbar feeds' show\n"
	  "  --full-text  fetch each item's web page for its whole text\n"
	  "  --no-full-text  no longer (the pages' text stored stays)\n" },
	{ "unsubscribe", ak_cmd_unsubscribe, "Unsubscribe from a feed",
	  "usage: akhbar unsubscribe URL|NAME --keep-articles|--delete-articles\n\n"
	  "Unsubscribe from a feed (its URL or name).  Its articles are kept\n"
	  "(--keep-articles) or deleted (--delete-articles, with their\n"
	  "search entries and related stories); a feed with articles needs\n"
	  "one of the two.\n" },
	{ "opml", ak_cmd_opml, "Import or export subscriptions as OPML",
	  "usage: akhbar opml import FILE\n"
	  "       akhbar opml export [-o FILE] [--force]\n\n"
	  "import: subscribe to every feed of an OPML file (newsboat's and\n"
	  "other readers': outlines in folders, xmlUrl, title or text), in\n"
	  "one transaction; a feed already there keeps its name.  - reads\n"
	  "standard input.\n"
	  "export: the subscriptions as OPML 2.0 on standard output, or\n"
	  "written atomically to FILE (kept unless --force).\n" },
	{ "prune", ak_cmd_prune, "Delete old articles (starred ones stay)",
	  "usage: akhbar prune [--older-than DAYS] [--dry-run]\n\n"
	  "Delete the articles older than DAYS days (by their date; undated\n"
	  "ones: by when they were imported), never a starred one, with\n"
	  "their search entries and related stories.  Without --older-than:\n"
	  "'set keep-days DAYS' from the config file.\n\n"
	  "  --older-than DAYS  the age, in days\n"
	  "  -n, --dry-run      say how many, delete nothing\n" },
	{ "list", ak_cmd_list, "List articles, newest first",
	  "usage: akhbar list [--limit N] [--json]\n\n"
	  "List the articles in the cache, newest first (undated last):\n"
	  "id, marks (N unread, * starred), date, publisher, title.\n\n"
	  "  -l, --limit N  at most N articles\n"
	  "  --json         an array of {id, title, publisher, published,\n"
	  "                 section, read, starred}\n" },
	{ "stats", ak_cmd_stats, "Show the cache path, schema and counts",
	  "usage: akhbar stats [--json]\n\n"
	  "Print the cache path, its schema version, and the numbers of\n"
	  "publishers, articles, unread, starred and feeds.\n" },
	{ "show", ak_cmd_show, "Print an article as the reader lays it out",
	  "usage: akhbar show ID [--width N] [--bidi MODE] [--no-shape]\n\n"
	  "Print article ID: title, subtitle, publisher, date and byline,\n"
	  "then its body, wrapped and in visual order (see 'akhbar help\n"
	  "render' for the modes).\n\n"
	  "  --width N      columns (default: the terminal's, else 80;\n"
	  "                 0 = no wrapping)\n"
	  "  --bidi MODE    app (default), terminal or off\n"
	  "  --no-shape     no Arabic presentation forms\n" },
	{ "related", ak_cmd_related, "List the stories related to an article",
	  "usage: akhbar related ID [--json]\n\n"
	  "List the stories related to article ID: first the ones its page\n"
	  "lists itself (kind ref; id - when that story is not in the cache),\n"
	  "then the ones akhbar found by text similarity, most similar first\n"
	  "(kind same-story or related).  One per line: id, kind, score,\n"
	  "date, publisher, title.\n\n"
	  "  --json  an array of {id, title, publisher, published, score, kind}\n" },
	{ "render", ak_cmd_render, "Lay out text from standard input",
	  "usage: akhbar render [--width N] [--dir auto|rtl|ltr] "
	  "[--shape|--no-shape]\n"
	  "                     [--bidi app|terminal|off]\n\n"
	  "Read UTF-8 text from standard input, one paragraph per line, and\n"
	  "write it as it would show in the reader: right-to-left paragraphs\n"
	  "reordered per line, Arabic letters joined, wrapped at the width\n"
	  "and right-aligned.  Controls and escape sequences never reach the\n"
	  "output.\n\n"
	  "  --width N   columns (default: the terminal's, else 80);\n"
	  "              0 = no wrapping and no padding\n"
	  "  --dir DIR   paragraph direction: auto (first strong letter,\n"
	  "              default), rtl or ltr\n"
	  "  --shape     Arabic presentation forms (default); --no-shape: off\n"
	  "  --bidi MODE app: akhbar reorders and shapes (default; for\n"
	  "              terminals without bidi, e.g. xterm, or VTE after\n"
	  "              CSI 8 l); terminal: logical order, for terminals\n"
	  "              that reorder themselves; off: logical order, left\n"
	  "              aligned\n" },
	{ "search", ak_cmd_search, "Search the articles (Arabic-aware)",
	  "usage: akhbar search [--limit N] [--json] QUERY...\n"
	  "       akhbar search --reindex\n\n"
	  "Full-text search over titles, subtitles, bodies, captions and\n"
	  "bylines, ranked best first (title hits count more).  Arabic is\n"
	  "matched the way people type it: without tashkeel, hamza forms\n"
	  "and ta marbuta alike, and by stem («مستشار» finds «المستشارين»).\n"
	  "Prints a line per hit (id, date, publisher, title) and a line\n"
	  "with the snippet, the matching words in [ ].\n\n"
	  "  word           all the words must be there\n"
	  "  \"a phrase\"     the words next to each other\n"
	  "  pre*           words starting with pre\n"
	  "  -word          without the word (also -\"a phrase\", -pre*)\n"
	  "  publisher:NAME from that publisher (publisher:\"TWO WORDS\")\n"
	  "  after:DATE     published on DATE or later (YYYY-MM-DD,\n"
	  "                 YYYY-MM or YYYY)\n"
	  "  before:DATE    published before DATE\n\n"
	  "  -l, --limit N  at most N hits (default 50)\n"
	  "  --json         an array of {id, title, publisher, published,\n"
	  "                 score, snippet}\n"
	  "  --             what follows is the query, even --words\n"
	  "  --reindex      rebuild the search index from the stored\n"
	  "                 articles (after an upgrade of akhbar)\n" },
	{ "read", ak_cmd_read, "The reader (what plain akhbar runs)",
	  "usage: akhbar [--db PATH] [--config PATH] [read]\n\n"
	  "The reader: the article list, newest first; Enter opens an\n"
	  "article, Tab its related stories, ] and [ walk them, / searches,\n"
	  "? lists every key.  Needs a terminal and a UTF-8 locale.  Keys,\n"
	  "colours and options come from $XDG_CONFIG_HOME/akhbar/config\n"
	  "(or --config PATH): bind [VIEW] KEY ACTION, unbind KEY,\n"
	  "set OPTION VALUE, color ELEMENT FG BG [ATTR].\n" },
	{ "export", ak_cmd_export, "Export an article as text, Markdown or JSON",
	  "usage: akhbar export ID [-f text|markdown|md|json] [-o FILE] "
	  "[--force]\n"
	  "                        [--width N]\n\n"
	  "Write article ID in logical order (UTF-8, LF line ends, a final\n"
	  "newline).  text: the title, subtitle, a line '— publisher · date\n"
	  "· byline', then the blocks, one a line (headings underlined with =,\n"
	  "captions ending with their credit in parentheses), then the\n"
	  "related stories; 'akhbar import' reads it back.  markdown: '# '\n"
	  "title, '## ' headings, captions in *emphasis*, related stories\n"
	  "as a list.  json: the article with its blocks, refs and related\n"
	  "stories.\n\n"
	  "  -f, --format F  text (default), markdown (or md), json; without\n"
	  "                  it, the extension of -o FILE says (.md, .json)\n"
	  "  -o, --output FILE\n"
	  "                  write FILE atomically (- or none: standard\n"
	  "                  output); an existing file is kept unless --force\n"
	  "  --force         replace an existing FILE\n"
	  "  -w, --width N   wrap text and Markdown at N columns, at line\n"
	  "                  break opportunities, never inside a word (0: a\n"
	  "                  block per line, the default)\n" },
	{ "help", ak_cmd_help, "Show help for a subcommand",
	  "usage: akhbar help [SUBCOMMAND]\n" },
	{ NULL, NULL, NULL, NULL }
};

const struct ak_cmd *
ak_cmd_find(const char *name)
{
	const struct ak_cmd *c;

	for (c = ak_cmds; c->name; c++)
		if (strcmp(c->name, name) == 0)
			return c;
	return NULL;
}

int
ak_cli_error(const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fputs("akhbar: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	return 1;
}

int
ak_cli_fail(const struct ak_error *err)
{
	return ak_cli_error("%s", err->msg[0] ? err->msg :
	    ak_strerror(err->code));
}

int
ak_cli_usage(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	fflush(stdout);
	fprintf(stderr, "akhbar%s%s: ", cmd ? " " : "", cmd ? cmd : "");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	if (cmd)
		fprintf(stderr, "Try 'akhbar help %s'.\n", cmd);
	else
		fputs("Try 'akhbar --help'.\n", stderr);
	return 2;
}

const char *
ak_cli_opt_value(const char *name, int argc, char **argv, int *i)
{
	size_t n = strlen(name);

	if (strncmp(argv[*i], name, n) != 0)
		return NULL;
	if (argv[*i][n] == '=')
		return argv[*i] + n + 1;
	if (argv[*i][n] != '\0')
		return NULL;
	if (*i + 1 >= argc)
		return "";
	return argv[++*i];
}

int
ak_cli_parse_id(const char *s, long long *out)
{
	char *end;
	long long v;

	if (!s || !*s || *s == '-' || *s == '+')
		return -1;
	v = strtoll(s, &end, 10);
	if (*end || v <= 0)
		return -1;
	*out = v;
	return 0;
}

/* The columns of the terminal on fd, or 0. */
static int
fd_width(int fd)
{
	struct winsize ws;

	if (isatty(fd) && ioctl(fd, TIOCGWINSZ, &ws) == 0 && ws.ws_col > 0)
		return ws.ws_col;
	return 0;
}

int
ak_cli_term_width(int fallback)
{
	const char *cols = getenv("COLUMNS");
	int w, fd;

	if ((w = fd_width(STDOUT_FILENO)) > 0)
		return w;
	if (cols && atoi(cols) > 0)
		return atoi(cols);
	/* a pipe to a pager (show | less): the terminal it will show on */
	if ((w = fd_width(STDERR_FILENO)) > 0)
		return w;
	fd = open("/dev/tty", O_RDONLY | O_NOCTTY | O_CLOEXEC);
	if (fd >= 0) {
		w = fd_width(fd);
		close(fd);
		if (w > 0)
			return w;
	}
	return fallback;
}

/* The long option that "--name[=value]" names: exact, else a prefix of one. */
static const struct option *
find_long(const struct option *longopts, const char *name, size_t n,
	int *ambiguous)
{
	const struct option *o, *found = NULL;

	*ambiguous = 0;
	for (o = longopts; o && o->name; o++) {
		if (strncmp(o->name, name, n) != 0)
			continue;
		if (strlen(o->name) == n)
			return o;
		if (found && (found->has_arg != o->has_arg ||
		    found->val != o->val))
			*ambiguous = 1;
		found = found ? found : o;
	}
	return *ambiguous ? NULL : found;
}

int
ak_cli_bad_option(const char *cmd, int argc, char **argv,
	const char *shortopts, const struct option *longopts)
{
	const char *arg = optind > 0 && optind <= argc ? argv[optind - 1] : "";
	const char *eq, *p;
	const struct option *o;
	int n, ambiguous;

	/*
	 * Long options: getopt_long has always moved optind past the
	 * element, so argv[optind - 1] is what was typed.  optopt is 0 for
	 * an unknown or ambiguous name, the option's val for a known one
	 * whose value is missing or unwanted.
	 */
	if (strncmp(arg, "--", 2) == 0 && arg[2]) {
		eq = strchr(arg, '=');
		n = eq ? (int)(eq - arg) : (int)strlen(arg);
		o = find_long(longopts, arg + 2, (size_t)n - 2, &ambiguous);
		if (ambiguous && !optopt)
			return ak_cli_usage(cmd, "option '%.*s' is ambiguous",
			    n, arg);
		if (!o && !optopt)
			return ak_cli_usage(cmd, "unknown option '%.*s'", n,
			    arg);
		if (o && o->val == optopt) {
			if (eq && o->has_arg == no_argument)
				return ak_cli_usage(cmd, "option '%.*s' takes "
				    "no value", n, arg);
			if (!eq && o->has_arg == required_argument &&
			    optind >= argc)
				return ak_cli_usage(cmd, "option '%.*s' needs "
				    "a value", n, arg);
		}
	}
	/*
	 * A short option, maybe inside a cluster ("-nx"): optind may or
	 * may not have moved past it, but optopt is the letter typed.  A
	 * letter that takes a value only fails when nothing follows it.
	 */
	if (optopt > ' ' && optopt < 0x7F && optopt != ':') {
		p = shortopts ? strchr(shortopts, optopt) : NULL;
		if (p && p[1] == ':')
			return ak_cli_usage(cmd, "option '-%c' needs a value",
			    optopt);
		return ak_cli_usage(cmd, "unknown option '-%c'", optopt);
	}
	return ak_cli_usage(cmd, "unknown option '%s'", arg);
}

const char *
ak_cli_opt_name(int argc, char **argv)
{
	static char name[64];
	const char *arg;
	size_t n;

	name[0] = '\0';
	if (optind < 1 || optind > argc)
		return name;
	arg = argv[optind - 1];
	/* the value was an element of its own: the option is the one before */
	if (optarg == arg && optind >= 2)
		arg = argv[optind - 2];
	if (strncmp(arg, "--", 2) == 0) {
		n = strcspn(arg, "=");
		snprintf(name, sizeof name, "%.*s", (int)n, arg);
	} else if (optarg && optarg > arg + 1 &&
	    optarg <= arg + strlen(arg)) {
		/* "-l5" or "-nl5": the letter just before the value */
		snprintf(name, sizeof name, "-%c", optarg[-1]);
	} else if (arg[0] == '-' && arg[1]) {
		/* "-nl" 5: the last letter of the cluster */
		snprintf(name, sizeof name, "-%c", arg[strlen(arg) - 1]);
	}
	return name;
}

void
ak_cli_nothing(const char *cmd, const char *fmt, ...)
{
	va_list ap;

	if (!isatty(STDERR_FILENO))
		return;
	fflush(stdout);
	fprintf(stderr, "akhbar %s: ", cmd);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * A cache named by --db or $AKHBAR_DB in a folder that is not there is a
 * mistyped path far more often than a wish for a new tree of folders:
 * only the default cache's folder is made.
 */
static int
check_folder(const char *path)
{
	struct stat st;
	char *dir = ak_xstrdup(path), *slash = strrchr(dir, '/');
	int rc = 0;

	if (slash && slash != dir) {
		*slash = '\0';
		if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
			rc = ak_cli_error("%s: there is no folder %s (akhbar "
			    "makes the default cache's folder, not one named "
			    "by --db or AKHBAR_DB)", path, dir);
	}
	free(dir);
	return rc;
}

int
ak_cli_open_cache(struct ak_cli *cli, int flags)
{
	struct ak_error err = { 0, "" };
	const char *env = getenv("AKHBAR_DB");
	char *path;
	int rc;

	if (cli->cache)
		return 0;
	path = cli->db_path ? ak_xstrdup(cli->db_path) :
	    ak_cache_default_path();
	if ((cli->db_path || (env && *env)) && check_folder(path) != 0) {
		free(path);
		return 1;
	}
	rc = ak_cache_open(path, flags & ~(AK_CLI_WRITE | AK_CLI_OWN_NOTE),
	    &cli->cache, &err);
	if (rc != AK_OK) {
		free(path);
		return ak_cli_fail(&err);
	}
	rc = 0;
	if (!(flags & AK_CACHE_READONLY) && ak_cache_readonly(cli->cache)) {
		if (flags & AK_CLI_WRITE) {
			rc = ak_cli_error("%s: the cache is read-only (no "
			    "permission to write the file or its folder)",
			    path);
			ak_cache_close(cli->cache);
			cli->cache = NULL;
		} else if (!(flags & AK_CLI_OWN_NOTE) &&
		    isatty(STDERR_FILENO)) {
			fflush(stdout);
			fprintf(stderr, "akhbar: %s: read-only (no permission "
			    "to write the file or its folder); reading only\n",
			    path);
		}
	}
	free(path);
	return rc;
}

static void
print_help(FILE *f)
{
	const struct ak_cmd *c;

	fputs("usage: akhbar [--db PATH] [--config PATH] [SUBCOMMAND [ARGS]]\n\n"
	    "akhbar (أخبار) is a terminal news reader for Arabic and other\n"
	    "right-to-left news.  Without a subcommand it opens the reader.\n\n"
	    "Subcommands:\n", f);
	for (c = ak_cmds; c->name; c++)
		fprintf(f, "  %-9s %s\n", c->name, c->summary);
	fputs("\nOptions:\n"
	    "  --db PATH      the cache file (default: $AKHBAR_DB, else\n"
	    "                 $XDG_DATA_HOME/akhbar/akhbar.db)\n"
	    "  --config PATH  the config file (default:\n"
	    "                 $XDG_CONFIG_HOME/akhbar/config)\n"
	    "  -h, --help     this help; 'akhbar help SUBCOMMAND' for one\n"
	    "  -V, --version  the version\n", f);
}

int
ak_cmd_help(struct ak_cli *cli, int argc, char **argv)
{
	const struct ak_cmd *c;

	(void)cli;
	if (argc < 2) {
		print_help(stdout);
		return 0;
	}
	if (argc > 2)
		return ak_cli_usage("help", "too many arguments");
	c = ak_cmd_find(argv[1]);
	if (!c)
		return ak_cli_usage(NULL, "'%s' is not a subcommand", argv[1]);
	fputs(c->usage, stdout);
	return 0;
}

/* The closest subcommand name, for "did you mean". */
static const char *
suggest(const char *name)
{
	const struct ak_cmd *c;
	size_t n = strlen(name);

	for (c = ak_cmds; c->name; c++)
		if (n >= 2 && strncmp(c->name, name, n) == 0)
			return c->name;
	for (c = ak_cmds; c->name; c++)
		if (n >= 3 && strstr(c->name, name))
			return c->name;
	return NULL;
}

int
ak_cli_main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "db", required_argument, NULL, 'd' },
		{ "config", required_argument, NULL, 'c' },
		{ "help", no_argument, NULL, 'h' },
		{ "version", no_argument, NULL, 'V' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_cli cli;
	const struct ak_cmd *cmd;
	int opt, rc, first;

	setlocale(LC_ALL, "");
	memset(&cli, 0, sizeof(cli));
	opterr = 0;
	/* '+': stop at the subcommand name; its options are its own */
	while ((opt = getopt_long(argc, argv, "+hV", opts, NULL)) != -1) {
		switch (opt) {
		case 'd':
			if (!*optarg)
				return ak_cli_usage(NULL, "%s needs a path",
				    ak_cli_opt_name(argc, argv));
			cli.db_path = optarg;
			break;
		case 'c':
			if (!*optarg)
				return ak_cli_usage(NULL, "%s needs a path",
				    ak_cli_opt_name(argc, argv));
			cli.config_path = optarg;
			break;
		case 'h':
			print_help(stdout);
			return 0;
		case 'V':
			printf("akhbar %s\n", PACKAGE_VERSION);
			return 0;
		default:
			return ak_cli_bad_option(NULL, argc, argv, "+hV", opts);
		}
	}
	if (optind >= argc) {
		cli.cmd = "read";
		cmd = ak_cmd_find("read");
		if (!cmd) {
			print_help(stderr);
			return 2;
		}
		optind = 0;
		rc = cmd->fn(&cli, 1, argv);
		goto out;
	}
	cmd = ak_cmd_find(argv[optind]);
	if (!cmd) {
		const char *s = suggest(argv[optind]);

		if (s)
			return ak_cli_usage(NULL, "'%s' is not a subcommand; "
			    "did you mean '%s'?", argv[optind], s);
		return ak_cli_usage(NULL, "'%s' is not a subcommand",
		    argv[optind]);
	}
	cli.cmd = cmd->name;
	/* the subcommand parses its own argv (argv[0] = its name) afresh */
	first = optind;
	optind = 0;
	rc = cmd->fn(&cli, argc - first, argv + first);
out:
	ak_cache_close(cli.cache);
	if (fflush(stdout) != 0 || ferror(stdout)) {
		ak_cli_error("cannot write the output");
		return 1;
	}
	return rc;
}
