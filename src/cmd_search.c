/*
 * akhbar search QUERY...: ranked hits with a snippet, as lines or JSON.
 * The words of the command line form one query (see search.h for the
 * language).  Plain output is logical-order UTF-8: a line per hit (id,
 * date, publisher, title), then its snippet on a line of its own,
 * indented by a tab.  --reindex rebuilds the index from the stored
 * articles (after a change of the indexing rules).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/json.h"
#include "akhbar/search.h"

int
ak_cmd_search(struct ak_cli *cli, int argc, char **argv)
{
	struct ak_error err = { 0, "" };
	struct ak_buf query = AK_BUF_INIT, out = AK_BUF_INIT;
	struct ak_hit *hits = NULL;
	size_t n = 0, i;
	long long limit = 50;
	int k, json = 0, words = 0, reindex = 0, rc = 0;

	/*
	 * By hand, not getopt: "-word" is an exclusion of the query, not
	 * an option.  Options: --json, --limit N, -l N; "--" ends them.
	 */
	for (k = 1; k < argc; k++) {
		const char *a = argv[k], *v = NULL;

		if (!words && strcmp(a, "--") == 0) {
			words = 1;
			continue;
		}
		if (!words && strcmp(a, "--json") == 0) {
			json = 1;
			continue;
		}
		if (!words && strcmp(a, "--reindex") == 0) {
			reindex = 1;
			continue;
		}
		if (!words && (strcmp(a, "--limit") == 0 ||
		    strcmp(a, "-l") == 0)) {
			if (k + 1 >= argc) {
				rc = ak_cli_usage("search", "%s needs a number",
				    a);
				goto out;
			}
			v = argv[++k];
		} else if (!words && strncmp(a, "--limit=", 8) == 0) {
			v = a + 8;
		} else if (!words && strncmp(a, "-l", 2) == 0 &&
		    a[2] >= '0' && a[2] <= '9') {
			v = a + 2;
		} else if (!words && strncmp(a, "--", 2) == 0) {
			rc = ak_cli_usage("search", "unknown option '%s'", a);
			goto out;
		}
		if (v) {
			if (ak_cli_parse_id(v, &limit) != 0 || limit > 100000) {
				rc = ak_cli_usage("search", "%.*s needs a "
				    "number from 1 to 100000",
				    a[1] == '-' ? 7 : 2, a);
				goto out;
			}
			continue;
		}
		if (query.len)
			ak_buf_addch(&query, ' ');
		ak_buf_addstr(&query, a);
	}
	if (reindex) {
		long count = 0;

		if (query.len) {
			rc = ak_cli_usage("search", "--reindex takes no query");
			goto out;
		}
		if (ak_cli_open_cache(cli, 0)) {
			rc = 1;
			goto out;
		}
		if (ak_search_reindex(cli->cache, &count, &err) != AK_OK) {
			rc = ak_cli_fail(&err);
			goto out;
		}
		printf("%ld articles indexed\n", count);
		goto out;
	}
	if (!query.len) {
		rc = ak_cli_usage("search", "what to search for? "
		    "akhbar search WORDS...");
		goto out;
	}
	if (ak_cli_open_cache(cli, 0)) {
		rc = 1;
		goto out;
	}
	if (ak_search(cli->cache, query.data, (int)limit, &hits, &n, &err)
	    != AK_OK) {
		rc = ak_cli_fail(&err);
		goto out;
	}
	if (json) {
		struct ak_json j;

		ak_json_init(&j, &out, 1);
		ak_json_begin_array(&j);
		for (i = 0; i < n; i++) {
			ak_json_begin_object(&j);
			ak_json_kint(&j, "id", hits[i].id);
			ak_json_kstr(&j, "title", hits[i].title);
			ak_json_kstr(&j, "publisher", hits[i].publisher);
			ak_json_kstr(&j, "published", hits[i].published);
			ak_json_key(&j, "score");
			ak_json_double(&j, hits[i].score);
			ak_json_kstr(&j, "snippet", hits[i].snippet);
			ak_json_end_object(&j);
		}
		ak_json_end_array(&j);
		ak_buf_addch(&out, '\n');
	} else {
		if (n == 0)
			ak_cli_nothing("search", "no article matches");
		for (i = 0; i < n; i++) {
			ak_buf_addf(&out, "%lld\t%s\t%s\t%s\n",
			    (long long)hits[i].id,
			    hits[i].published ? hits[i].published : "-",
			    hits[i].publisher ? hits[i].publisher : "-",
			    hits[i].title ? hits[i].title : "");
			if (hits[i].snippet && *hits[i].snippet)
				ak_buf_addf(&out, "\t%s\n", hits[i].snippet);
		}
	}
	fwrite(out.data ? out.data : "", 1, out.len, stdout);
out:
	ak_hits_free(hits, n);
	ak_buf_release(&query);
	ak_buf_release(&out);
	return rc;
}
