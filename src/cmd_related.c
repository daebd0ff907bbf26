/*
 * akhbar related ID: the stories related to an article, as lines or JSON.
 * First the page's own refs, then the stories akhbar found, most similar
 * first (ak_related_list).  Plain output is logical-order UTF-8, one item
 * a line: id (- for a ref with no article), kind, score, date, publisher,
 * title, separated by tabs.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/error.h"
#include "akhbar/json.h"
#include "akhbar/link.h"

static void
print_plain(const struct ak_related *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (r[i].id)
			printf("%lld", (long long)r[i].id);
		else
			fputc('-', stdout);
		printf("\t%s\t", ak_related_kind_name(r[i].kind));
		if (r[i].kind == AK_REL_REF)
			fputc('-', stdout);
		else
			printf("%.3f", r[i].score);
		printf("\t%s\t%s\t%s\n", r[i].published ? r[i].published : "-",
		    r[i].publisher ? r[i].publisher : "-",
		    r[i].title ? r[i].title : "");
	}
}

static void
print_json(const struct ak_related *r, size_t n)
{
	struct ak_buf b = AK_BUF_INIT;
	struct ak_json j;
	size_t i;

	ak_json_init(&j, &b, 1);
	ak_json_begin_array(&j);
	for (i = 0; i < n; i++) {
		ak_json_begin_object(&j);
		ak_json_key(&j, "id");
		ak_json_id(&j, r[i].id);
		ak_json_kstr(&j, "title", r[i].title);
		ak_json_kstr(&j, "publisher", r[i].publisher);
		ak_json_kstr(&j, "published", r[i].published);
		ak_json_key(&j, "score");
		ak_json_double(&j, r[i].score);
		ak_json_kstr(&j, "kind", ak_related_kind_name(r[i].kind));
		ak_json_end_object(&j);
	}
	ak_json_end_array(&j);
	printf("%s\n", ak_buf_str(&b));
	ak_buf_release(&b);
}

int
ak_cmd_related(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	struct ak_related *r = NULL;
	size_t n = 0;
	long long id;
	int opt, json = 0, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = 1;
			break;
		default:
			return ak_cli_bad_option("related", argc, argv,
			    "", opts);
		}
	}
	if (optind >= argc)
		return ak_cli_usage("related", "an article id is needed");
	if (optind + 1 < argc)
		return ak_cli_usage("related", "unexpected argument '%s'",
		    argv[optind + 1]);
	if (ak_cli_parse_id(argv[optind], &id) != 0)
		return ak_cli_usage("related", "'%s' is not an article id",
		    argv[optind]);
	if (ak_cli_open_cache(cli, 0))
		return 1;
	rc = ak_related_list(cli->cache, (int64_t)id, &r, &n, &err);
	if (rc == AK_ENOTFOUND)
		return ak_cli_error("no article %lld in the cache", id);
	if (rc != AK_OK)
		return ak_cli_fail(&err);
	if (json)
		print_json(r, n);
	else
		print_plain(r, n);
	if (!json && n == 0)
		ak_cli_nothing("related", "article %lld has no related "
		    "stories yet", id);
	ak_related_free_array(r, n);
	return 0;
}
