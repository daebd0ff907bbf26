/*
 * akhbar stats: where the cache is and what it holds.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/json.h"

int
ak_cmd_stats(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	struct ak_stats st;
	int opt, json = 0;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'j')
			json = 1;
		else
			return ak_cli_bad_option("stats", argc, argv, "",
			    opts);
	}
	if (optind < argc)
		return ak_cli_usage("stats", "unexpected argument '%s'",
		    argv[optind]);
	if (ak_cli_open_cache(cli, 0))
		return 1;
	if (ak_cache_stats(cli->cache, &st, &err) != AK_OK)
		return ak_cli_fail(&err);
	if (json) {
		struct ak_buf b = AK_BUF_INIT;
		struct ak_json j;

		ak_json_init(&j, &b, 1);
		ak_json_begin_object(&j);
		ak_json_kstr(&j, "cache", ak_cache_path(cli->cache));
		ak_json_kint(&j, "schema", st.version);
		ak_json_kint(&j, "publishers", st.publishers);
		ak_json_kint(&j, "articles", st.articles);
		ak_json_kint(&j, "unread", st.unread);
		ak_json_kint(&j, "starred", st.starred);
		ak_json_kint(&j, "feeds", st.feeds);
		ak_json_kint(&j, "refs", st.refs);
		ak_json_kint(&j, "linked_refs", st.linked_refs);
		ak_json_end_object(&j);
		printf("%s\n", ak_buf_str(&b));
		ak_buf_release(&b);
		return 0;
	}
	printf("cache:      %s\n", ak_cache_path(cli->cache));
	printf("schema:     %d\n", st.version);
	printf("publishers: %ld\n", st.publishers);
	printf("articles:   %ld\n", st.articles);
	printf("unread:     %ld\n", st.unread);
	printf("starred:    %ld\n", st.starred);
	printf("feeds:      %ld\n", st.feeds);
	printf("refs:       %ld (%ld linked to articles)\n", st.refs,
	    st.linked_refs);
	return 0;
}
