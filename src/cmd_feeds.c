/*
 * The subscriptions: akhbar feeds, subscribe, unsubscribe, opml import and
 * opml export, and akhbar prune (retention).  The SQL is the cache's
 * (cache_feeds.c, cache_retention.c); OPML is opml.c's.  Subscribing
 * fetches nothing: `akhbar update` (or U in the reader) does.
 */
#include "config.h"

#include <errno.h>
#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <time.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/export.h"
#include "akhbar/json.h"
#include "akhbar/keys.h"
#include "akhbar/opml.h"
#include "akhbar/options.h"

static int
is_web(const char *url)
{
	return strncasecmp(url, "http://", 7) == 0 ||
		strncasecmp(url, "https://", 8) == 0;
}

/* ------------------------------------------------------------- feeds */

int
ak_cmd_feeds(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	struct ak_feed *v = NULL;
	struct ak_buf b = AK_BUF_INIT;
	struct ak_json j;
	size_t n = 0, i;
	int opt, json = 0;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'j')
			json = 1;
		else
			return ak_cli_bad_option("feeds", argc, argv, "", opts);
	}
	if (optind < argc)
		return ak_cli_usage("feeds", "unexpected argument '%s'",
			argv[optind]);
	if (ak_cli_open_cache(cli, 0))
		return 1;
	if (ak_cache_feeds(cli->cache, &v, &n, &err) != AK_OK)
		return ak_cli_fail(&err);
	if (json) {
		ak_json_init(&j, &b, 1);
		ak_json_begin_array(&j);
		for (i = 0; i < n; i++) {
			ak_json_begin_object(&j);
			ak_json_kint(&j, "id", v[i].id);
			ak_json_kstr(&j, "name", v[i].name ? v[i].name :
				v[i].title);
			ak_json_kstr(&j, "url", v[i].url);
			ak_json_kstr(&j, "last_update", v[i].last_fetch);
			ak_json_kstr(&j, "last_ok", v[i].last_ok);
			ak_json_kstr(&j, "status", v[i].last_status);
			ak_json_kstr(&j, "error", v[i].last_error);
			ak_json_kbool(&j, "full_text", v[i].full_text);
			ak_json_kint(&j, "articles", v[i].articles);
			ak_json_kint(&j, "unread", v[i].unread);
			ak_json_end_object(&j);
		}
		ak_json_end_array(&j);
		printf("%s\n", ak_buf_str(&b));
	} else {
		if (n == 0)
			fprintf(stderr, "akhbar: no feeds yet: 'akhbar "
				"subscribe URL' or 'akhbar opml import FILE'\n");
		/* id, name, URL, last update, status, articles, unread */
		for (i = 0; i < n; i++) {
			printf("%lld\t%s\t%s\t%s\t", (long long)v[i].id,
				v[i].name ? v[i].name : v[i].title ?
				v[i].title : "-", v[i].url,
				v[i].last_fetch ? v[i].last_fetch : "never");
			if (v[i].last_error)
				printf("error: %s", v[i].last_error);
			else
				printf("%s", v[i].last_status ?
					v[i].last_status : "-");
			printf("\t%ld\t%ld\n", v[i].articles, v[i].unread);
		}
	}
	ak_buf_release(&b);
	ak_feeds_free(v, n);
	return 0;
}

/* --------------------------------------------------------- subscribe */

int
ak_cmd_subscribe(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "name", required_argument, NULL, 'n' },
		{ "full-text", no_argument, NULL, 'F' },
		{ "no-full-text", no_argument, NULL, 'T' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	char *name = NULL, *url = NULL;
	int opt, full = 0, added = 0, rc = 0;
	int64_t id = 0;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'n') {
			free(name);
			name = ak_sanitize(optarg, strlen(optarg), NULL);
			if (!*name) {
				free(name);
				return ak_cli_usage("subscribe", "--name "
					"needs a name");
			}
		} else if (opt == 'F' || opt == 'T') {
			full = opt == 'F' ? 1 : -1;
		} else {
			free(name);
			return ak_cli_bad_option("subscribe", argc, argv, "",
				opts);
		}
	}
	if (optind + 1 != argc) {
		free(name);
		return ak_cli_usage("subscribe", optind >= argc ?
			"which feed? akhbar subscribe URL" :
			"one URL at a time (many: akhbar opml import FILE)");
	}
	url = ak_sanitize(argv[optind], strlen(argv[optind]), NULL);
	if (!is_web(url)) {
		rc = ak_cli_usage("subscribe", "'%s' is not an http(s) URL",
			url);
		goto out;
	}
	if (ak_cli_open_cache(cli, 0)) {
		rc = 1;
		goto out;
	}
	if (ak_cache_subscribe(cli->cache, url, name, full, &id, &added,
	    &err) != AK_OK) {
		rc = ak_cli_fail(&err);
		goto out;
	}
	printf("%s %s%s%s%s (feed %lld); 'akhbar update' fetches it\n",
		added ? "subscribed to" : "already subscribed to", url,
		name ? " as «" : "", name ? name : "", name ? "»" : "",
		(long long)id);
out:
	free(url);
	free(name);
	return rc;
}

/* ------------------------------------------------------- unsubscribe */

int
ak_cmd_unsubscribe(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "keep-articles", no_argument, NULL, 'k' },
		{ "delete-articles", no_argument, NULL, 'd' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	struct ak_feed f;
	int opt, keep = 0, del = 0, rc;
	long deleted = 0;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'k')
			keep = 1;
		else if (opt == 'd')
			del = 1;
		else
			return ak_cli_bad_option("unsubscribe", argc, argv, "",
				opts);
	}
	if (optind + 1 != argc)
		return ak_cli_usage("unsubscribe", optind >= argc ?
			"which feed? akhbar unsubscribe URL|NAME" :
			"one feed at a time");
	if (keep && del)
		return ak_cli_usage("unsubscribe", "--keep-articles or "
			"--delete-articles, not both");
	if (ak_cli_open_cache(cli, 0))
		return 1;
	if (ak_cache_feed_find(cli->cache, argv[optind], &f, &err) != AK_OK)
		return ak_cli_fail(&err);
	/* never guess what becomes of someone's articles */
	if (!keep && !del && f.articles > 0) {
		rc = ak_cli_usage("unsubscribe", "%s has %ld article%s: say "
			"--keep-articles or --delete-articles", f.url,
			f.articles, f.articles == 1 ? "" : "s");
		ak_feed_release(&f);
		return rc;
	}
	rc = ak_cache_begin(cli->cache, &err);
	if (rc == AK_OK)
		rc = ak_cache_unsubscribe(cli->cache, f.id, del, &deleted,
			&err);
	if (rc == AK_OK)
		rc = ak_cache_commit(cli->cache, &err);
	else
		ak_cache_rollback(cli->cache);
	if (rc != AK_OK) {
		ak_feed_release(&f);
		return ak_cli_fail(&err);
	}
	if (del)
		printf("unsubscribed from %s: %ld article%s deleted\n", f.url,
			deleted, deleted == 1 ? "" : "s");
	else
		printf("unsubscribed from %s: its %ld article%s kept\n",
			f.url, f.articles, f.articles == 1 ? "" : "s");
	ak_feed_release(&f);
	return 0;
}

/* -------------------------------------------------------------- opml */

static int
read_all(const char *path, struct ak_buf *b, struct ak_error *err)
{
	FILE *f = strcmp(path, "-") == 0 ? stdin : fopen(path, "rb");
	char chunk[65536];
	size_t k;

	if (!f)
		return ak_error_set(err, AK_EIO, "%s: %s", path,
			strerror(errno));
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		ak_buf_add(b, chunk, k);
	if (ferror(f)) {
		if (f != stdin)
			fclose(f);
		return ak_error_set(err, AK_EIO, "%s: cannot read it", path);
	}
	if (f != stdin)
		fclose(f);
	return AK_OK;
}

static int
opml_import(struct ak_cli *cli, int argc, char **argv)
{
	struct ak_error err = { 0, "" };
	struct ak_opml_feed *v = NULL;
	struct ak_feed f;
	struct ak_buf data = AK_BUF_INIT;
	size_t n = 0, i, added = 0, had = 0, bad = 0;
	int rc, a;

	if (argc != 2)
		return ak_cli_usage("opml", argc < 2 ? "which file? akhbar "
			"opml import FILE" : "one file at a time");
	if (read_all(argv[1], &data, &err) != AK_OK)
		return ak_cli_fail(&err);
	rc = ak_opml_parse(data.data ? data.data : "", data.len, &v, &n, &err);
	ak_buf_release(&data);
	if (rc != AK_OK) {
		ak_error_prefix(&err, "%s", argv[1]);
		return ak_cli_fail(&err);
	}
	if (ak_cli_open_cache(cli, 0)) {
		ak_opml_free(v, n);
		return 1;
	}
	/* one transaction: the list lands whole or not at all */
	rc = ak_cache_begin(cli->cache, &err);
	for (i = 0; rc == AK_OK && i < n; i++) {
		if (!is_web(v[i].url)) {
			fprintf(stderr, "akhbar: %s: '%s' is not an http(s) "
				"URL; left out\n", argv[1], v[i].url);
			bad++;
			continue;
		}
		/* a feed subscribed already keeps its name */
		rc = ak_cache_feed_get(cli->cache, v[i].url, &f, NULL);
		ak_feed_release(&f);
		if (rc == AK_OK) {
			had++;
			continue;
		}
		rc = ak_cache_subscribe(cli->cache, v[i].url, v[i].name, 0,
			NULL, &a, &err);
		added++;
	}
	if (rc == AK_OK)
		rc = ak_cache_commit(cli->cache, &err);
	else
		ak_cache_rollback(cli->cache);
	ak_opml_free(v, n);
	if (rc != AK_OK)
		return ak_cli_fail(&err);
	printf("%s: %zu feed%s: %zu subscribed, %zu already", argv[1], n,
		n == 1 ? "" : "s", added, had);
	if (bad)
		printf(", %zu left out", bad);
	printf("; 'akhbar update' fetches them\n");
	return bad ? 1 : 0;
}

static int
opml_export(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "output", required_argument, NULL, 'o' },
		{ "force", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	struct ak_feed *f = NULL;
	struct ak_opml_feed *v;
	struct ak_buf out = AK_BUF_INIT;
	const char *path = NULL;
	size_t n = 0, i;
	int opt, force = 0, rc = 0;

	optind = 0;	/* argv is new: getopt starts afresh */
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "o:", opts, NULL)) != -1) {
		if (opt == 'o')
			path = optarg;
		else if (opt == 'F')
			force = 1;
		else
			return ak_cli_bad_option("opml", argc, argv, "o:",
				opts);
	}
	if (optind < argc)
		return ak_cli_usage("opml", "unexpected argument '%s'",
			argv[optind]);
	if (ak_cli_open_cache(cli, 0))
		return 1;
	if (ak_cache_feeds(cli->cache, &f, &n, &err) != AK_OK)
		return ak_cli_fail(&err);
	v = ak_xcalloc(n ? n : 1, sizeof *v);
	for (i = 0; i < n; i++) {
		v[i].url = f[i].url;
		v[i].name = f[i].name ? f[i].name : f[i].title;
	}
	ak_opml_write(v, n, "akhbar", &out);
	free(v);
	ak_feeds_free(f, n);
	if (!path || strcmp(path, "-") == 0) {
		if (fwrite(out.data, 1, out.len, stdout) != out.len ||
		    fflush(stdout) != 0)
			rc = ak_cli_error("cannot write the output");
	} else if (ak_export_write(path, out.data, out.len, force, &err) !=
	    AK_OK) {
		rc = ak_cli_fail(&err);
	}
	ak_buf_release(&out);
	return rc;
}

int
ak_cmd_opml(struct ak_cli *cli, int argc, char **argv)
{
	if (argc < 2)
		return ak_cli_usage("opml", "import FILE or export [-o FILE]?");
	if (strcmp(argv[1], "import") == 0)
		return opml_import(cli, argc - 1, argv + 1);
	if (strcmp(argv[1], "export") == 0)
		return opml_export(cli, argc - 1, argv + 1);
	return ak_cli_usage("opml", "'%s': import FILE or export [-o FILE]",
		argv[1]);
}

/* ------------------------------------------------------------- prune */

int
ak_cmd_prune(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "older-than", required_argument, NULL, 'o' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_config_errors errs = { NULL, 0 };
	struct ak_error err = { 0, "" };
	struct ak_options o;
	struct ak_keymap km;
	long days = -1, n = 0;
	char before[32], *end;
	time_t cut;
	struct tm tm;
	int opt, dry = 0, rc;
	size_t i;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "n", opts, NULL)) != -1) {
		if (opt == 'o') {
			errno = 0;
			days = strtol(optarg, &end, 10);
			if (!*optarg || *end || errno || days < 1 ||
			    days > 1000000)
				return ak_cli_usage("prune", "%s needs a "
					"number of days (1 or more)",
					ak_cli_opt_name(argc, argv));
		} else if (opt == 'n') {
			dry = 1;
		} else {
			return ak_cli_bad_option("prune", argc, argv, "n",
				opts);
		}
	}
	if (optind < argc)
		return ak_cli_usage("prune", "unexpected argument '%s'",
			argv[optind]);
	if (days < 0) {
		/* keep-days from the config file */
		ak_options_init(&o);
		ak_keymap_init(&km);
		ak_config_load(&o, &km, cli->config_path, &errs);
		for (i = 0; i < errs.n; i++)
			fprintf(stderr, "akhbar: %s\n", errs.msgs[i]);
		days = o.keep_days;
		ak_config_errors_release(&errs);
		ak_keymap_release(&km);
		ak_options_release(&o);
		if (days <= 0)
			return ak_cli_usage("prune", "how old? --older-than "
				"DAYS, or 'set keep-days DAYS' in the config");
	}
	cut = time(NULL) - (time_t)days * 86400;
	gmtime_r(&cut, &tm);
	strftime(before, sizeof before, "%Y-%m-%dT%H:%M:%SZ", &tm);
	if (ak_cli_open_cache(cli, 0))
		return 1;
	rc = ak_cache_begin(cli->cache, &err);
	if (rc == AK_OK)
		rc = ak_cache_prune(cli->cache, before, dry, &n, &err);
	if (rc == AK_OK && !dry)
		rc = ak_cache_commit(cli->cache, &err);
	else
		ak_cache_rollback(cli->cache);
	if (rc != AK_OK)
		return ak_cli_fail(&err);
	printf("%s %ld article%s older than %ld day%s (before %.10s); "
		"starred ones kept\n", dry ? "would prune" : "pruned", n,
		n == 1 ? "" : "s", days, days == 1 ? "" : "s", before);
	return 0;
}
