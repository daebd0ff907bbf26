/*
 * akhbar list: the articles, newest first, as lines or JSON.
 *
 * The plain output is logical-order UTF-8 (for pipes, editors and
 * bidi-aware terminals); the reader and `show` do visual layout.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/json.h"

static int
print_row(void *ctx, const struct ak_list_row *r)
{
	long *rows = ctx;

	(*rows)++;
	printf("%lld\t%c%c\t%s\t%s\t%s\n", (long long)r->id,
	    r->read ? ' ' : 'N', r->starred ? '*' : ' ',
	    r->published ? r->published : "-",
	    r->publisher ? r->publisher : "-", r->title ? r->title : "");
	return 0;
}

static int
json_row(void *ctx, const struct ak_list_row *r)
{
	struct ak_json *j = ctx;

	ak_json_begin_object(j);
	ak_json_kint(j, "id", r->id);
	ak_json_kstr(j, "title", r->title);
	ak_json_kstr(j, "publisher", r->publisher);
	ak_json_kstr(j, "published", r->published);
	ak_json_kstr(j, "section", r->section);
	ak_json_kbool(j, "read", r->read);
	ak_json_kbool(j, "starred", r->starred);
	ak_json_end_object(j);
	return 0;
}

int
ak_cmd_list(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "limit", required_argument, NULL, 'l' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	long long limit = -1;
	long rows = 0;
	int opt, json = 0, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "l:", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = 1;
			break;
		case 'l':
			if (ak_cli_parse_id(optarg, &limit) != 0)
				return ak_cli_usage("list", "%s needs a number "
				    "greater than 0, not '%s'",
				    ak_cli_opt_name(argc, argv), optarg);
			break;
		default:
			return ak_cli_bad_option("list", argc, argv, "l:",
			    opts);
		}
	}
	if (optind < argc)
		return ak_cli_usage("list", "unexpected argument '%s'",
		    argv[optind]);
	if (ak_cli_open_cache(cli, 0))
		return 1;
	if (json) {
		struct ak_buf b = AK_BUF_INIT;
		struct ak_json j;

		ak_json_init(&j, &b, 1);
		ak_json_begin_array(&j);
		rc = ak_cache_list(cli->cache, 0, (long)limit, json_row, &j,
		    &err);
		ak_json_end_array(&j);
		if (rc == 0)
			printf("%s\n", ak_buf_str(&b));
		ak_buf_release(&b);
	} else {
		rc = ak_cache_list(cli->cache, 0, (long)limit, print_row,
		    &rows, &err);
	}
	if (rc != 0)
		return ak_cli_fail(&err);
	if (!json && rows == 0)
		ak_cli_nothing("list", "no articles in the cache yet "
		    "('akhbar import PATH|URL' adds some)");
	return 0;
}
