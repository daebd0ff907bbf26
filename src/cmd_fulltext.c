/*
 * akhbar full-text ID...: the whole article of each one from its web
 * page (fulltext.h), as `akhbar update --full-text` does for a feed's
 * items; the reader runs it in the background for the article on screen.
 * The pages are fetched at once (ak_fetch_many: at most two to a host),
 * with a conditional GET when the article's text is the page's already,
 * and stored through the importer (search index, related stories).  One
 * line per article; a page that fails is one line on standard error
 * ("akhbar: URL: the feed's text is kept: why") and exit status 1.
 */
#include "config.h"

#include <getopt.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/error.h"
#include "akhbar/fetch.h"
#include "akhbar/fulltext.h"
#include "akhbar/import.h"

struct job {
	struct ak_importer *imp;
	struct ak_article *arts;	/* by request */
	int failed;
};

/* A page fetched: to the importer, with the article it is for. */
static int
fetched(void *ctx, const struct ak_fetch_req *req, int rc,
	struct ak_fetch_result *res, const struct ak_error *err)
{
	struct job *j = ctx;
	struct ak_import_fetched x;

	memset(&x, 0, sizeof(x));
	x.name = req->url;
	x.item = req->user;
	if (rc != AK_OK) {
		x.error = err->msg;
	} else {
		x.url = res->final_url;
		x.body = res->body;
		res->body = NULL;
		x.len = res->len;
		x.charset = res->charset;
		x.not_modified = res->not_modified;
		x.etag = res->etag;
		x.last_modified = res->last_modified;
	}
	ak_importer_add_fetched(j->imp, &x);
	ak_fetch_result_release(res);
	return 0;
}

/* What became of one page (the importer's storing thread). */
static void
done(void *ctx, const struct ak_import_report *r)
{
	struct job *j = ctx;
	size_t i;

	if (r->rc != AK_OK) {
		j->failed++;
		ak_cli_error("%s", r->error);
		return;
	}
	if (r->nwarnings) {
		/* the page failed: the line says which and why */
		j->failed++;
		for (i = 0; i < r->nwarnings; i++)
			ak_cli_error("%s", r->warnings[i]);
		return;
	}
	if (r->not_modified)
		printf("%s: not modified: the stored text stays\n", r->name);
	else if (r->updated)
		printf("%s: the page's article is stored\n", r->name);
	else
		printf("%s: unchanged\n", r->name);
	fflush(stdout);
}

int
ak_cmd_full_text(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	struct ak_import_opts io;
	struct ak_fetch_opts fo;
	struct ak_fetch_req *reqs = NULL;
	struct ak_pages *pages = NULL;
	struct job j;
	long long id;
	size_t n = 0, i;
	int opt, k, rc = 0;

	memset(&j, 0, sizeof(j));
	opterr = 0;
	opt = getopt_long(argc, argv, "", opts, NULL);
	if (opt != -1)
		return ak_cli_bad_option("full-text", argc, argv, "", opts);
	if (optind >= argc)
		return ak_cli_usage("full-text", "which article? (an id from "
		    "'akhbar list')");
	for (k = optind; k < argc; k++)
		if (ak_cli_parse_id(argv[k], &id) != 0)
			return ak_cli_usage("full-text", "'%s' is not an "
			    "article id", argv[k]);
	if (ak_cli_open_cache(cli, AK_CLI_WRITE))
		return 1;
	j.arts = ak_xcalloc((size_t)(argc - optind), sizeof(*j.arts));
	reqs = ak_xcalloc((size_t)(argc - optind), sizeof(*reqs));
	for (k = optind; k < argc; k++) {
		struct ak_article *a = &j.arts[n];
		struct ak_page pg;

		ak_cli_parse_id(argv[k], &id);
		ak_article_init(a);
		rc = ak_cache_get(cli->cache, (int64_t)id, a, &err);
		if (rc == AK_ENOTFOUND) {
			ak_cli_error("no article %lld in the cache", id);
			j.failed++;
			continue;
		}
		if (rc != AK_OK) {
			rc = ak_cli_fail(&err);
			goto out;
		}
		if (!a->url || !ak_import_is_url(a->url)) {
			ak_cli_error("article %lld has no web page to fetch",
			    id);
			ak_article_release(a);
			j.failed++;
			continue;
		}
		reqs[n].url = a->url;
		reqs[n].user = a;
		/* a conditional GET only when the text is the page's */
		if (ak_cache_page_get(cli->cache, a->id, &pg, NULL) == AK_OK) {
			if (pg.ok) {
				reqs[n].etag = ak_xstrdup0(pg.etag);
				reqs[n].last_modified =
				    ak_xstrdup0(pg.last_modified);
			}
			ak_page_release(&pg);
		}
		n++;
	}
	rc = 0;
	if (n) {
		rc = ak_pages_load(cli->cache, &pages, &err);
		if (rc != AK_OK) {
			rc = ak_cli_fail(&err);
			goto out;
		}
		memset(&io, 0, sizeof(io));
		io.pages = pages;
		io.threads = 1;
		io.done = done;
		io.ctx = &j;
		rc = ak_importer_start(cli->cache, &io, &j.imp, &err);
		if (rc != AK_OK) {
			rc = ak_cli_fail(&err);
			goto out;
		}
		memset(&fo, 0, sizeof(fo));
		fo.per_host = AK_FETCH_PER_HOST;
		fo.timeout_ms = ak_fulltext_timeout();
		fo.connect_timeout_ms = fo.timeout_ms;
		if (ak_fetch_many(reqs, n, &fo, fetched, &j, &err) != AK_OK) {
			/* libcurl could not be loaded or started */
			struct ak_fetch_result none;

			memset(&none, 0, sizeof(none));
			for (i = 0; i < n; i++)
				fetched(&j, &reqs[i], AK_ENET, &none, &err);
		}
		ak_importer_finish(j.imp, NULL);
	}
	rc = j.failed ? 1 : 0;
out:
	for (i = 0; i < (size_t)(argc - optind); i++)
		ak_article_release(&j.arts[i]);
	for (i = 0; i < n; i++) {
		free((char *)reqs[i].etag);
		free((char *)reqs[i].last_modified);
	}
	free(reqs);
	free(j.arts);
	ak_pages_free(pages);
	return rc;
}
