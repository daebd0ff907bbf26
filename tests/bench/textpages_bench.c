/*
 * The text-page parser on pages it has no rules for.  Prints "name: value
 * unit" lines for tests/bench/run.sh:
 *
 *   - field accuracy (title, article count, paragraph count, first and
 *     last paragraph) on pages made from real articles of the corpus
 *     (../shared/corpus), scored by textpages_eval.py, which builds the
 *     pages and their answers and runs this program as its parser; then
 *     the test papers with the furniture's alt phrasings;
 *   - the parse rate (ak_decode + ak_parse_text, no cache) on 5,000
 *     corpus pages, as `akhbar import` parses them;
 *   - the time to parse pages of 20 MB (many articles; one line; many
 *     short lines), which must grow linearly with the input.
 *
 * Usage: textpages_bench SRCDIR            (make bench)
 *        textpages_bench --dump FILE...    one JSON line per page: what the
 *                                          parser makes of it
 * TEXTPAGES_BENCH_N overrides the number of pages timed.
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/json.h"
#include "akhbar/parse.h"

static double
now_s(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
slurp(const char *path, struct ak_buf *b)
{
	char chunk[65536];
	size_t k;
	FILE *f = fopen(path, "rb");

	if (!f)
		return -1;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		ak_buf_add(b, chunk, k);
	fclose(f);
	return 0;
}

static const char *const kind_names[] = {
#define X(id, name) name,
	AK_BLOCK_KINDS(X)
#undef X
};

struct dump {
	struct ak_json j;
	int narticles;
};

static int
dump_article(void *ctx, const struct ak_article *a)
{
	struct dump *d = ctx;
	size_t i;

	d->narticles++;
	ak_json_begin_object(&d->j);
	ak_json_kstr(&d->j, "title", a->title);
	ak_json_kstr(&d->j, "subtitle", a->subtitle);
	ak_json_kstr(&d->j, "byline", a->byline);
	ak_json_kstr(&d->j, "dateline", a->dateline);
	ak_json_kstr(&d->j, "source", a->source);
	ak_json_kstr(&d->j, "published", a->published);
	ak_json_kstr(&d->j, "publisher", a->publisher);
	ak_json_kint(&d->j, "refs", (int64_t)a->nrefs);
	ak_json_key(&d->j, "blocks");
	ak_json_begin_array(&d->j);
	for (i = 0; i < a->nblocks; i++) {
		ak_json_begin_array(&d->j);
		ak_json_str(&d->j, kind_names[a->blocks[i].kind]);
		ak_json_str(&d->j, a->blocks[i].text);
		ak_json_end_array(&d->j);
	}
	ak_json_end_array(&d->j);
	ak_json_end_object(&d->j);
	return AK_OK;
}

static int
count_article(void *ctx, const struct ak_article *a)
{
	(void)a;
	(*(long *)ctx)++;
	return AK_OK;
}

/* Decode and parse one page; returns the articles found (-1: refused,
 * why in err). */
static long
parse_page(const char *bytes, size_t len, const struct ak_sites *sites,
	const struct ak_sink *sink, long *count, struct ak_error *err)
{
	struct ak_decoded dec = { NULL, 0, NULL };
	struct ak_parse_opts po = { NULL, sites, NULL };
	long before = *count;
	int rc;

	rc = ak_decode(bytes, len, NULL, NULL, NULL, &dec, err);
	if (rc == AK_OK)
		rc = ak_parse_text(dec.text, dec.len, &po, sink, err);
	free(dec.text);
	return rc == AK_OK ? *count - before : -1;
}

static struct ak_sites *
load_sites(const char *src)
{
	struct ak_buf dir = AK_BUF_INIT;
	struct ak_sites *sites = NULL;
	struct ak_error err = { 0, "" };

	ak_buf_addf(&dir, "%s/assets/sites", src);
	if (ak_sites_load(ak_buf_str(&dir), &sites, &err) != AK_OK) {
		fprintf(stderr, "textpages_bench: %s\n", err.msg);
		exit(1);
	}
	ak_buf_release(&dir);
	return sites;
}

/* --dump: the site rules from AKHBAR_SRCDIR (or none), FILEs parsed. */
static int
dump(int argc, char **argv)
{
	const char *src = getenv("AKHBAR_SRCDIR");
	struct ak_sites *sites = src ? load_sites(src) : NULL;
	struct ak_buf in = AK_BUF_INIT, out = AK_BUF_INIT;
	struct dump d;
	struct ak_sink sink = { dump_article, NULL, &d, NULL };
	struct ak_decoded dec = { NULL, 0, NULL };
	struct ak_parse_opts po = { NULL, sites, NULL };
	struct ak_error err;
	int i, rc;

	for (i = 0; i < argc; i++) {
		ak_buf_reset(&in);
		ak_buf_reset(&out);
		memset(&d, 0, sizeof(d));
		ak_json_init(&d.j, &out, 0);
		ak_json_begin_object(&d.j);
		ak_json_kstr(&d.j, "file", argv[i]);
		ak_json_key(&d.j, "articles");
		ak_json_begin_array(&d.j);
		err.code = 0;
		err.msg[0] = '\0';
		rc = slurp(argv[i], &in) == 0 ? AK_OK : AK_EIO;
		if (rc == AK_OK)
			rc = ak_decode(in.data, in.len, NULL, NULL, NULL, &dec,
			    &err);
		if (rc == AK_OK)
			rc = ak_parse_text(dec.text, dec.len, &po, &sink, &err);
		free(dec.text);
		dec.text = NULL;
		ak_json_end_array(&d.j);
		ak_json_kstr(&d.j, "error", rc == AK_OK ? NULL : err.msg);
		ak_json_end_object(&d.j);
		printf("%s\n", ak_buf_str(&out));
	}
	ak_buf_release(&in);
	ak_buf_release(&out);
	ak_sites_free(sites);
	return 0;
}

/* The parse rate over the pages of dir (read into memory first). */
static void
parse_rate(const char *dir, const struct ak_sites *sites)
{
	struct ak_buf cmd = AK_BUF_INIT, all = AK_BUF_INIT, path = AK_BUF_INIT;
	size_t *offs = NULL, npages = 0, cap = 0, i;
	long count = 0;
	struct ak_sink sink = { count_article, NULL, &count, NULL };
	struct ak_error err = { 0, "" };
	char name[4096];
	double t;
	FILE *ls;

	ak_buf_addf(&cmd, "ls '%s'", dir);
	ls = popen(ak_buf_str(&cmd), "r");
	if (!ls)
		return;
	while (fgets(name, sizeof name, ls)) {
		name[strcspn(name, "\n")] = '\0';
		ak_buf_reset(&path);
		ak_buf_addf(&path, "%s/%s", dir, name);
		if (npages + 1 >= cap) {
			cap = cap ? cap * 2 : 1024;
			offs = realloc(offs, cap * sizeof(*offs));
			if (!offs)
				abort();
		}
		offs[npages] = all.len;
		if (slurp(ak_buf_str(&path), &all) == 0)
			npages++;
	}
	pclose(ls);
	if (npages == 0)
		goto out;
	offs[npages] = all.len;
	t = now_s();
	for (i = 0; i < npages; i++)
		parse_page(all.data + offs[i], offs[i + 1] - offs[i], sites,
		    &sink, &count, &err);
	t = now_s() - t;
	printf("textpages_parse_%zu_pages: %.2f s\n", npages, t);
	printf("textpages_parse_rate: %.0f articles/s\n", count / t);
out:
	free(offs);
	ak_buf_release(&cmd);
	ak_buf_release(&all);
	ak_buf_release(&path);
}

/* Time one parse of b; prints its name, size and seconds. */
static void
time_page(const char *name, const struct ak_buf *b,
	const struct ak_sites *sites)
{
	long count = 0, n;
	struct ak_sink sink = { count_article, NULL, &count, NULL };
	struct ak_error err = { 0, "" };
	double t = now_s();

	n = parse_page(b->data, b->len, sites, &sink, &count, &err);
	t = now_s() - t;
	if (n < 0)
		printf("textpages_%s_%.0fmb: %.2f s (refused: %s)\n", name,
		    b->len / 1e6, t, err.msg);
	else
		printf("textpages_%s_%.0fmb: %.2f s (%ld articles)\n", name,
		    b->len / 1e6, t, n);
}

/* Pages of about size bytes: the corpus pages of dir one after another,
 * the same text as one line, and lines of one short word. */
static void
big_pages(const char *dir, const struct ak_sites *sites, size_t size)
{
	struct ak_buf cmd = AK_BUF_INIT, page = AK_BUF_INIT, b = AK_BUF_INIT;
	size_t i, n;
	FILE *p;

	ak_buf_addf(&cmd, "cat '%s'/* 2>/dev/null", dir);
	p = popen(ak_buf_str(&cmd), "r");
	if (p) {
		char chunk[65536];

		while ((n = fread(chunk, 1, sizeof chunk, p)) > 0)
			ak_buf_add(&page, chunk, n);
		pclose(p);
	}
	if (page.len == 0)
		goto out;
	/* many articles, blank lines between, cut at a line's end */
	while (b.len < size) {
		ak_buf_add(&b, page.data, page.len);
		ak_buf_addch(&b, '\n');
	}
	for (i = size; i < b.len && b.data[i] != '\n'; i++)
		;
	b.len = i < b.len ? i + 1 : b.len;
	time_page("articles", &b, sites);
	/* the same text on one line */
	for (i = 0; i < b.len; i++)
		if (b.data[i] == '\n')
			b.data[i] = ' ';
	time_page("one_line", &b, sites);
	/* a short word a line */
	ak_buf_reset(&b);
	while (b.len < size)
		ak_buf_addstr(&b, "\xd8\xae\xd8\xa8\xd8\xb1\n");
	time_page("short_lines", &b, sites);
out:
	ak_buf_release(&cmd);
	ak_buf_release(&page);
	ak_buf_release(&b);
}

int
main(int argc, char **argv)
{
	struct ak_buf cmd = AK_BUF_INIT, dir = AK_BUF_INIT;
	struct ak_sites *sites;
	char tmpl[] = "/tmp/akhbar-textpages-XXXXXX";
	const char *n = getenv("TEXTPAGES_BENCH_N"), *src;
	int status = 0;

	if (argc >= 2 && strcmp(argv[1], "--dump") == 0)
		return dump(argc - 2, argv + 2);
	if (argc < 2) {
		fprintf(stderr, "usage: textpages_bench SRCDIR | --dump FILE...\n");
		return 2;
	}
	src = argv[1];
	if (!mkdtemp(tmpl)) {
		perror("mkdtemp");
		return 1;
	}
	sites = load_sites(src);

	/* accuracy: textpages_eval.py builds the pages and scores them */
	ak_buf_addf(&cmd, "python3 '%s/tests/bench/textpages_eval.py' "
	    "--src '%s' --dumper '%s' --out '%s/eval'", src, src, argv[0],
	    tmpl);
	if (system(ak_buf_str(&cmd)) != 0) {
		printf("# textpages_bench: accuracy skipped (textpages_eval.py "
		    "failed or the corpus is missing)\n");
	}
	/* the test papers again, with furniture worded after the rules */
	ak_buf_reset(&cmd);
	ak_buf_addf(&cmd, "python3 '%s/tests/bench/textpages_eval.py' "
	    "--src '%s' --dumper '%s' --out '%s/eval-alt' --split test "
	    "--furniture alt", src, src, argv[0], tmpl);
	if (system(ak_buf_str(&cmd)) != 0)
		printf("# textpages_bench: alt furniture skipped\n");

	/* the parse rate, and pages of 20 MB */
	ak_buf_reset(&cmd);
	ak_buf_addf(&dir, "%s/plain", tmpl);
	ak_buf_addf(&cmd, "'%s/../shared/tools/corpus' pages '%s' --limit %s "
	    ">/dev/null 2>&1", src, ak_buf_str(&dir), n ? n : "5000");
	if (system(ak_buf_str(&cmd)) == 0) {
		parse_rate(ak_buf_str(&dir), sites);
		big_pages(ak_buf_str(&dir), sites, 20 * 1000 * 1000);
	} else {
		printf("# textpages_bench: parse rate skipped (no corpus)\n");
	}

	ak_buf_reset(&cmd);
	ak_buf_addf(&cmd, "rm -rf '%s'", tmpl);
	if (system(ak_buf_str(&cmd)) != 0)
		status = 1;
	ak_sites_free(sites);
	ak_buf_release(&cmd);
	ak_buf_release(&dir);
	return status;
}
