/*
 * Layout speed: the longest seed article laid out at width 100, as the
 * reader does on open and on every resize.  Prints "name: value unit"
 * lines for tests/bench/run.sh.
 *
 * The articles come from the seed pages through ak_decode and
 * ak_parse_text (as `akhbar import` reads them); the longest by body
 * bytes is laid out.  A second figure lays out a whole seed file, every
 * line a paragraph (about twice the text), as a worst case.
 */
#include "config.h"

#include <dirent.h>
#include <locale.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/decode.h"
#include "akhbar/layout.h"
#include "akhbar/parse.h"

static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
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

static size_t
body_bytes(const struct ak_article *a)
{
	size_t i, t = 0;

	for (i = 0; i < a->nblocks; i++)
		t += a->blocks[i].text ? strlen(a->blocks[i].text) : 0;
	return t;
}

struct pick {
	struct ak_article best;
	size_t bytes;
	char name[256];
	const char *cur;
};

/* Keep a copy of the longest article seen. */
static int
keep_longest(void *ctx, const struct ak_article *a)
{
	struct pick *p = ctx;
	size_t i, n = body_bytes(a);

	if (n <= p->bytes)
		return 0;
	ak_article_release(&p->best);
	p->bytes = n;
	snprintf(p->name, sizeof p->name, "%s", p->cur);
	ak_set_str(&p->best.title, a->title);
	ak_set_str(&p->best.subtitle, a->subtitle);
	ak_set_str(&p->best.publisher, a->publisher);
	ak_set_str(&p->best.byline, a->byline);
	ak_set_str(&p->best.published, a->published);
	ak_set_str(&p->best.date_raw, a->date_raw);
	ak_set_str(&p->best.lang, a->lang);
	for (i = 0; i < a->nblocks; i++)
		ak_article_add_block(&p->best, a->blocks[i].kind,
			a->blocks[i].text, strlen(a->blocks[i].text),
			a->blocks[i].credit);
	return 0;
}

/* Parse every seed in dir; keep the longest article and the longest file. */
static int
load_seeds(const char *dir, struct pick *p, struct ak_buf *whole)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[8192];
	struct ak_buf b = AK_BUF_INIT;
	struct ak_decoded dec;
	struct ak_parse_opts po;
	struct ak_sink sink;
	struct ak_error err;
	size_t n;

	if (!d)
		return -1;
	memset(&po, 0, sizeof po);
	memset(&sink, 0, sizeof sink);
	sink.article = keep_longest;
	sink.ctx = p;
	while ((e = readdir(d))) {
		n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		ak_buf_reset(&b);
		if (slurp(path, &b) != 0 || b.len == 0)
			continue;
		if (ak_decode(b.data, b.len, NULL, NULL, NULL, &dec, &err))
			continue;
		if (dec.len > whole->len) {
			ak_buf_reset(whole);
			ak_buf_add(whole, dec.text, dec.len);
		}
		p->cur = e->d_name;
		po.source_name = e->d_name;
		if (ak_parse_text(dec.text, dec.len, &po, &sink, &err))
			fprintf(stderr, "layout_bench: %s: %s\n", e->d_name,
				err.msg);
		free(dec.text);
	}
	closedir(d);
	ak_buf_release(&b);
	return p->bytes ? 0 : -1;
}

/* A whole file as an article: first line the title, each line a block. */
static void
build_article(const char *s, size_t len, struct ak_article *a)
{
	const char *p = s, *end = s + len, *nl;
	char *line;

	while (p < end) {
		nl = memchr(p, '\n', (size_t)(end - p));
		if (!nl)
			nl = end;
		if (nl > p) {
			line = ak_xstrndup(p, (size_t)(nl - p));
			if (!a->title)
				ak_set_str(&a->title, line);
			else
				ak_article_add_block(a, AK_BLOCK_PARAGRAPH,
					line, strlen(line), NULL);
			free(line);
		}
		p = nl + 1;
	}
}

static double
bench(const struct ak_article *a, int width, int iters, size_t *nlines)
{
	struct ak_layout_opts o;
	struct ak_lines ls;
	struct ak_error err;
	double t0, best = 1e18, t;
	int i, round;

	memset(&o, 0, sizeof o);
	o.width = width;
	o.dir = AK_DIR_AUTO;
	o.mode = AK_BIDI_APP;
	o.shape = 1;
	/* Best of 5 rounds: the least disturbed by the rest of the machine. */
	for (round = 0; round < 5; round++) {
		t0 = now_us();
		for (i = 0; i < iters; i++) {
			ak_lines_init(&ls);
			if (ak_layout_article(a, NULL, 0, &o, &ls, &err)) {
				fprintf(stderr, "layout: %s\n", err.msg);
				exit(1);
			}
			*nlines = ls.n;
			ak_lines_release(&ls);
		}
		t = (now_us() - t0) / iters;
		if (t < best)
			best = t;
	}
	return best;
}

int
main(int argc, char **argv)
{
	char dir[4096];
	struct ak_buf whole = AK_BUF_INIT;
	struct pick p;
	struct ak_article raw;
	size_t nlines = 0;
	double us;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	snprintf(dir, sizeof dir, "%s/assets/samples",
		argc > 1 ? argv[1] : ".");
	memset(&p, 0, sizeof p);
	ak_article_init(&p.best);
	if (load_seeds(dir, &p, &whole) != 0) {
		fprintf(stderr, "layout_bench: no seed article in %s\n", dir);
		return 1;
	}
	us = bench(&p.best, 100, 500, &nlines);
	printf("layout_article_w100: %.1f us (longest seed article: %s, "
		"%zu blocks, %zu bytes, %zu lines)\n", us, p.name,
		p.best.nblocks, p.bytes, nlines);
	us = bench(&p.best, 60, 500, &nlines);
	printf("layout_article_w60: %.1f us (%zu lines)\n", us, nlines);
	ak_article_init(&raw);
	build_article(whole.data, whole.len, &raw);
	us = bench(&raw, 100, 200, &nlines);
	printf("layout_whole_seed_file_w100: %.1f us (%zu bytes, %zu lines)\n",
		us, whole.len, nlines);
	ak_article_release(&raw);
	ak_article_release(&p.best);
	ak_buf_release(&whole);
	return 0;
}
