/*
 * akhbar import: files, folders (walked for pages and feeds) and URLs
 * into the cache, one line of outcome per input.  A bad input is
 * reported and skipped; the others still import; the exit status is 1
 * when any input failed.
 */
#include "config.h"

#include <dirent.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/import.h"
#include "akhbar/json.h"
#include "akhbar/parse.h"
#include "akhbar/paths.h"

struct run {
	struct ak_cli *cli;
	struct ak_import_opts o;
	struct ak_caps caps;
	int json;
	int failed;
	int inputs;
	const char *current;
	struct ak_json j;
	struct ak_buf out;
	struct ak_buf warnings;		/* of the current input, for --json */
	int nwarn;
};

static void
on_warning(void *ctx, const char *msg)
{
	struct run *r = ctx;

	if (r->json) {
		if (r->warnings.len)
			ak_buf_addch(&r->warnings, '\n');
		ak_buf_addstr(&r->warnings, msg);
	} else {
		fflush(stdout);
		fprintf(stderr, "akhbar: %s: warning: %s\n", r->current, msg);
	}
}

static void
on_article(void *ctx, const struct ak_article *a, int64_t id,
	enum ak_put_result res)
{
	struct run *r = ctx;

	(void)id;
	(void)res;
	if (!r->o.dry_run || r->json)
		return;
	printf("  %s | %s | %s | %s | %zu blocks, %zu refs\n",
	    a->title ? a->title : "(no title)",
	    a->publisher ? a->publisher : "-",
	    a->published ? a->published : "-",
	    a->dateline ? a->dateline : "-", a->nblocks, a->nrefs);
}

static int
is_input_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (name[0] == '.' || !dot)
		return 0;
	return strcmp(dot, ".txt") == 0 || strcmp(dot, ".xml") == 0 ||
	    strcmp(dot, ".rss") == 0 || strcmp(dot, ".atom") == 0;
}

static void import_one(struct run *r, const char *path);

static void
walk(struct run *r, const char *dir)
{
	struct dirent **ents = NULL;
	struct ak_buf p = AK_BUF_INIT;
	struct stat st;
	int i, n;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		ak_cli_error("%s: cannot read the folder", dir);
		r->failed++;
		return;
	}
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		if (name[0] == '.')
			goto next;
		ak_buf_reset(&p);
		ak_buf_addf(&p, "%s/%s", dir, name);
		if (stat(p.data, &st) != 0)
			goto next;
		if (S_ISDIR(st.st_mode))
			walk(r, p.data);
		else if (S_ISREG(st.st_mode) && is_input_name(name))
			import_one(r, p.data);
next:
		free(ents[i]);
	}
	free(ents);
	ak_buf_release(&p);
}

static void
report(struct run *r, const char *path, const struct ak_import_result *res,
	const struct ak_error *err, int rc)
{
	if (r->json) {
		ak_json_begin_object(&r->j);
		ak_json_kstr(&r->j, "input", path);
		ak_json_kstr(&r->j, "status", rc == AK_OK ? "ok" : "error");
		if (rc != AK_OK)
			ak_json_kstr(&r->j, "error", err->msg);
		ak_json_kstr(&r->j, "kind", res->kind);
		ak_json_kstr(&r->j, "charset", res->charset);
		ak_json_kint(&r->j, "added", res->added);
		ak_json_kint(&r->j, "updated", res->updated);
		ak_json_kint(&r->j, "unchanged", res->unchanged);
		ak_json_key(&r->j, "warnings");
		ak_json_begin_array(&r->j);
		if (r->warnings.len) {
			char *s = r->warnings.data, *nl;

			while ((nl = strchr(s, '\n'))) {
				*nl = '\0';
				ak_json_str(&r->j, s);
				s = nl + 1;
			}
			ak_json_str(&r->j, s);
		}
		ak_json_end_array(&r->j);
		ak_json_kbool(&r->j, "dry_run", r->o.dry_run);
		ak_json_end_object(&r->j);
		ak_buf_reset(&r->warnings);
		return;
	}
	if (rc != AK_OK) {
		ak_cli_error("%s", err->msg);
		return;
	}
	if (res->not_modified) {
		printf("%s: not modified\n", path);
		return;
	}
	printf("%s: %s%d added, %d updated, %d unchanged", path,
	    r->o.dry_run ? "(dry run) " : "", res->added, res->updated,
	    res->unchanged);
	if (res->warnings)
		printf(", %d warning%s", res->warnings,
		    res->warnings == 1 ? "" : "s");
	putchar('\n');
}

static void
import_one(struct run *r, const char *path)
{
	struct ak_error err = { 0, "" };
	struct ak_import_result res;
	struct stat st;
	int rc;

	r->current = path;
	r->inputs++;
	memset(&res, 0, sizeof(res));
	if (!ak_import_is_url(path) && stat(path, &st) == 0 &&
	    S_ISDIR(st.st_mode)) {
		r->inputs--;
		walk(r, path);
		return;
	}
	rc = ak_import_path(r->cli->cache, path, &r->o, &res, &err);
	if (rc != AK_OK) {
		r->failed++;
		if (strncmp(err.msg, path, strlen(path)) != 0)
			ak_error_prefix(&err, "%s", path);
	}
	report(r, path, &res, &err, rc);
	fflush(stdout);
}

/* Import each input; the common part of `import` and `update`. */
static int
run_inputs(struct ak_cli *cli, struct run *r, char **inputs, int n)
{
	struct ak_error err = { 0, "" };
	struct ak_sites *sites = NULL;
	struct ak_buf dir = AK_BUF_INIT;
	int i;

	ak_buf_addf(&dir, "%s/sites", ak_datadir());
	if (ak_sites_load(dir.data, &sites, &err) != AK_OK) {
		ak_buf_release(&dir);
		return ak_cli_fail(&err);
	}
	ak_buf_release(&dir);
	if (!r->o.dry_run && ak_cli_open_cache(cli, 0)) {
		ak_sites_free(sites);
		return 1;
	}
	if (!r->o.dry_run)
		ak_cache_checkpoint_every(cli->cache,
		    AK_CACHE_IMPORT_CHECKPOINT);
	r->cli = cli;
	r->o.sites = sites;
	r->o.warn = on_warning;
	r->o.article = on_article;
	r->o.ctx = r;
	if (r->json) {
		ak_json_init(&r->j, &r->out, 1);
		ak_json_begin_array(&r->j);
	}
	for (i = 0; i < n; i++)
		import_one(r, inputs[i]);
	if (r->json) {
		ak_json_end_array(&r->j);
		printf("%s\n", ak_buf_str(&r->out));
	}
	ak_buf_release(&r->out);
	ak_buf_release(&r->warnings);
	ak_sites_free(sites);
	return r->failed ? 1 : 0;
}

/* The smallest cap accepted (0 is no cap). */
#define MIN_CAP 1024

/*
 * --max-article and --max-paragraph: bytes, or with a K, M or G suffix
 * (KiB, MiB, GiB); 0 is no cap.  Returns 0 (caps set) or the status of
 * the usage error printed.
 */
static int
set_cap(const char *cmd, int argc, char **argv, int opt, struct run *r)
{
	const char *name = ak_cli_opt_name(argc, argv);
	unsigned long long v;
	size_t shift = 0;
	char *end;

	v = strtoull(optarg, &end, 10);
	if (end == optarg || *optarg == '-')
		goto bad;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (shift && (*end == 'i' || *end == 'I') &&
	    (end[1] == 'b' || end[1] == 'B'))
		end += 2;
	if (*end || v > (SIZE_MAX >> shift))
		goto bad;
	v <<= shift;
	if (v != 0 && v < MIN_CAP)
		return ak_cli_usage(cmd, "option '%s': %s is too small (at "
		    "least 1K, or 0 for no cap)", name, optarg);
	if (opt == 'A')
		r->caps.article = (size_t)v;
	else
		r->caps.paragraph = (size_t)v;
	return 0;
bad:
	return ak_cli_usage(cmd, "option '%s' needs a size in bytes (or with "
	    "K, M or G), not '%s'", name, optarg);
}

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->caps.article = AK_CAP_ARTICLE;
	r->caps.paragraph = AK_CAP_PARAGRAPH;
	r->o.caps = &r->caps;
}

int
ak_cmd_import(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "publisher", required_argument, NULL, 'p' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "max-article", required_argument, NULL, 'A' },
		{ "max-paragraph", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	struct run r;
	int opt, rc;

	run_init(&r);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "p:n", opts, NULL)) != -1) {
		switch (opt) {
		case 'A':
		case 'P':
			rc = set_cap("import", argc, argv, opt, &r);
			if (rc)
				return rc;
			break;
		case 'p':
			r.o.publisher = optarg;
			break;
		case 'n':
			r.o.dry_run = 1;
			break;
		case 'j':
			r.json = 1;
			break;
		default:
			return ak_cli_bad_option("import", argc, argv,
			    "p:n", opts);
		}
	}
	if (optind >= argc)
		return ak_cli_usage("import", "nothing to import: give files, "
		    "folders or URLs");
	return run_inputs(cli, &r, argv + optind, argc - optind);
}

int
ak_cmd_update(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "max-article", required_argument, NULL, 'A' },
		{ "max-paragraph", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	sqlite3_stmt *st = NULL;
	char **urls = NULL;
	int opt, n = 0, rc, i;
	struct run r;

	run_init(&r);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'j') {
			r.json = 1;
		} else if (opt == 'A' || opt == 'P') {
			rc = set_cap("update", argc, argv, opt, &r);
			if (rc)
				return rc;
		} else {
			return ak_cli_bad_option("update", argc, argv,
			    "", opts);
		}
	}
	if (optind < argc)
		return ak_cli_usage("update", "unexpected argument '%s'",
		    argv[optind]);
	if (ak_cli_open_cache(cli, 0))
		return 1;
	ak_cache_checkpoint_every(cli->cache, AK_CACHE_IMPORT_CHECKPOINT);
	if (sqlite3_prepare_v2(ak_cache_db(cli->cache), "SELECT url FROM feeds "
	    "ORDER BY id", -1, &st, NULL) != SQLITE_OK)
		return ak_cli_error("cannot read the feeds: %s",
		    sqlite3_errmsg(ak_cache_db(cli->cache)));
	while (sqlite3_step(st) == SQLITE_ROW) {
		urls = ak_xreallocarray(urls, (size_t)n + 1, sizeof(*urls));
		urls[n++] = ak_xstrdup((const char *)sqlite3_column_text(st, 0));
	}
	sqlite3_finalize(st);
	if (n == 0) {
		printf("no feeds yet: 'akhbar import URL' subscribes to a feed\n");
		return 0;
	}
	rc = run_inputs(cli, &r, urls, n);
	for (i = 0; i < n; i++)
		free(urls[i]);
	free(urls);
	return rc;
}
