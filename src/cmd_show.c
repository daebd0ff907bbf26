/*
 * akhbar show ID: print one cached article as the reader lays it out
 * (ak_layout_article), for a pipe or a quick look.  Prints plain text:
 * attributes (title, captions, links) are the reader's to colour.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/error.h"
#include "akhbar/layout.h"
#include "akhbar/link.h"

int
ak_cmd_show(struct ak_cli *cli, int argc, char **argv)
{
	struct ak_layout_opts o;
	struct ak_article a;
	struct ak_related *rel = NULL;
	size_t nrel = 0, i;
	struct ak_lines ls;
	struct ak_buf out = AK_BUF_INIT;
	struct ak_error err;
	const char *v, *idarg = NULL;
	long long id = 0;
	char *end;
	long w;
	int k, width = -1, rc = 0;

	memset(&o, 0, sizeof o);
	o.dir = AK_DIR_AUTO;
	o.mode = AK_BIDI_APP;
	o.shape = 1;
	for (k = 1; k < argc; k++) {
		if ((v = ak_cli_opt_value("--width", argc, argv, &k))) {
			w = strtol(v, &end, 10);
			if (!*v || *end || w < 0 || w > 10000)
				return ak_cli_usage("show",
					"--width wants a number of columns "
					"(0 = no wrapping)");
			width = (int)w;
		} else if ((v = ak_cli_opt_value("--bidi", argc, argv, &k))) {
			if (ak_bidi_mode_from_name(v, &o.mode) != 0)
				return ak_cli_usage("show",
					"--bidi wants app, terminal or off");
		} else if (strcmp(argv[k], "--shape") == 0) {
			o.shape = 1;
		} else if (strcmp(argv[k], "--no-shape") == 0) {
			o.shape = 0;
		} else if (argv[k][0] == '-' && argv[k][1] != '\0') {
			return ak_cli_usage("show", "unknown option '%s'",
				argv[k]);
		} else if (!idarg) {
			idarg = argv[k];
		} else {
			return ak_cli_usage("show", "one article id, please");
		}
	}
	if (!idarg)
		return ak_cli_usage("show", "which article? (an id from "
			"'akhbar list')");
	if (ak_cli_parse_id(idarg, &id) != 0)
		return ak_cli_usage("show", "'%s' is not an article id",
			idarg);
	o.width = width >= 0 ? width : ak_cli_term_width(80);

	if (ak_cli_open_cache(cli, AK_CACHE_READONLY) != 0)
		return 1;
	ak_article_init(&a);
	ak_lines_init(&ls);
	rc = ak_cache_get(cli->cache, (int64_t)id, &a, &err);
	if (rc == AK_ENOTFOUND) {
		rc = ak_cli_error("no article %lld in the cache", id);
		goto out;
	}
	if (rc != AK_OK) {
		rc = ak_cli_fail(&err);
		goto out;
	}
	/* related stories: the page's refs first, then the found ones */
	if (ak_related_list(cli->cache, (int64_t)id, &rel, &nrel, &err)
	    != AK_OK) {
		rc = ak_cli_fail(&err);
		goto out;
	}
	if (ak_layout_article(&a, rel, nrel, &o, &ls, &err) != AK_OK) {
		rc = ak_cli_fail(&err);
		goto out;
	}
	for (i = 0; i < ls.n; i++) {
		ak_vline_to_utf8(&ls.lines[i], 0, &out);
		ak_buf_addch(&out, '\n');
	}
	if (out.len)
		fwrite(out.data, 1, out.len, stdout);
	rc = 0;
	if (fflush(stdout) != 0 || ferror(stdout))
		rc = ak_cli_error("show: cannot write standard output");
out:
	if (rel)
		ak_related_free_array(rel, nrel);
	ak_buf_release(&out);
	ak_lines_release(&ls);
	ak_article_release(&a);
	return rc;
}
