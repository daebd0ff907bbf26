/*
 * Scaling: each stage that reads untrusted text timed on an input and on
 * one 16 times larger, and the ratio of the two.  Linear work gives about
 * 16 (a little more once the larger input leaves the caches); quadratic
 * work gives about 256.  The aim is 20 or less for every stage.  Prints
 * "name: value unit" lines for tests/bench/run.sh; nothing here fails on
 * a figure.
 *
 * The text is real: the words of the sample pages (assets/samples),
 * decoded, repeated in order to the size wanted, with a sentence end
 * every few words.  Each input comes in two shapes where it matters:
 * many paragraphs of news length, and one paragraph of the whole size
 * (what made layout quadratic).
 */
#include "config.h"

#include <dirent.h>
#include <locale.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/ucnv.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/export.h"
#include "akhbar/extract.h"
#include "akhbar/layout.h"
#include "akhbar/parse.h"
#include "akhbar/search.h"
#include "akhbar/text.h"

static size_t BASE = 64 * 1024;	/* bytes of text at 1x */
#define PARA 600		/* bytes of a paragraph of news length */
#define MIN_US 300000.0		/* time each size at least this long */
#define MIN_REPS 7		/* and at least this many times */

/*
 * CPU time of this thread, not wall time: the machine is shared, and a
 * ratio of wall times measures the neighbours as much as akhbar.
 */
static double
now_us(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_THREAD_CPUTIME_ID, &ts);
	return ts.tv_sec * 1e6 + ts.tv_nsec / 1e3;
}

/* ------------------------------------------------------------ text */

struct words {
	char **w;
	size_t n;
};

static struct words corpus;

static void
add_word(void *ctx, const char *w, size_t len)
{
	struct words *ws = ctx;

	ws->w = ak_xreallocarray(ws->w, ws->n + 1, sizeof *ws->w);
	ws->w[ws->n++] = ak_xstrndup(w, len);
}

static int
load_words(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	struct ak_buf b = AK_BUF_INIT;
	struct ak_decoded dec;
	struct ak_error err;
	char path[8192], chunk[65536];
	size_t n, k;
	FILE *f;

	if (!d)
		return -1;
	while ((e = readdir(d))) {
		n = strlen(e->d_name);
		if (n < 5 || strcmp(e->d_name + n - 4, ".txt") != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		f = fopen(path, "rb");
		if (!f)
			continue;
		ak_buf_reset(&b);
		while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
			ak_buf_add(&b, chunk, k);
		fclose(f);
		if (ak_decode(b.data, b.len, NULL, NULL, NULL, &dec, &err))
			continue;
		ak_text_words(dec.text, dec.len, add_word, &corpus);
		free(dec.text);
	}
	closedir(d);
	ak_buf_release(&b);
	return corpus.n > 100 ? 0 : -1;
}

/* Words from *at on, up to n bytes, a sentence end every 17 words. */
static void
add_text(struct ak_buf *b, size_t n, size_t *at)
{
	size_t end = b->len + n, k = 0;

	while (b->len < end) {
		if (k++ > 0)
			ak_buf_addstr(b, k % 17 == 0 ? ". " : " ");
		ak_buf_addstr(b, corpus.w[*at % corpus.n]);
		(*at)++;
	}
}

/* A text page: title, then paragraphs of plen bytes (0: one). */
static void
make_page(struct ak_buf *b, size_t n, size_t plen)
{
	size_t at = 0, start;

	ak_buf_addstr(b, "عنوان المقال الطويل\n\n");
	start = b->len;
	while (b->len - start < n) {
		add_text(b, plen ? plen : n, &at);
		ak_buf_addstr(b, "\n\n");
	}
}

static void
make_feed(struct ak_buf *b, size_t n, size_t plen)
{
	size_t at = 0, start, i = 0;

	ak_buf_addstr(b, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
	    "<rss version=\"2.0\"><channel><title>الموقع</title>\n");
	start = b->len;
	while (b->len - start < n) {
		ak_buf_addf(b, "<item><title>خبر %zu ", i);
		add_text(b, 40, &at);
		ak_buf_addf(b, "</title><link>https://example.com/%zu</link>"
		    "<pubDate>Fri, 13 Sep 2024 10:00:00 GMT</pubDate>"
		    "<description>", i++);
		add_text(b, plen ? plen : n, &at);
		ak_buf_addstr(b, "</description></item>\n");
	}
	ak_buf_addstr(b, "</channel></rss>\n");
}

static void
make_html(struct ak_buf *b, size_t n, size_t plen)
{
	size_t at = 0, start;

	ak_buf_addstr(b, "<!DOCTYPE html><html lang=\"ar\" dir=\"rtl\"><head>"
	    "<meta charset=\"utf-8\"><title>عنوان المقال | الموقع</title>"
	    "</head><body><nav><a href=\"/\">الرئيسية</a></nav><article>"
	    "<h1>عنوان المقال</h1>\n");
	start = b->len;
	while (b->len - start < n) {
		ak_buf_addstr(b, "<p>");
		add_text(b, plen ? plen : n, &at);
		ak_buf_addstr(b, "</p>\n");
	}
	ak_buf_addstr(b, "</article></body></html>\n");
}

/* The same page in windows-1256 (ICU's converter). */
static void
to_cp1256(const struct ak_buf *in, struct ak_buf *out)
{
	UErrorCode e = U_ZERO_ERROR;
	int32_t n;

	ak_buf_grow(out, in->len + 1);
	n = ucnv_convert("windows-1256", "UTF-8", out->data,
	    (int32_t)out->cap, in->data, (int32_t)in->len, &e);
	out->len = U_SUCCESS(e) ? (size_t)n : 0;
}

static void
make_article(struct ak_article *a, size_t n, size_t plen)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t at = 0, total = 0;

	ak_article_init(a);
	ak_set_str(&a->title, "عنوان المقال الطويل");
	ak_set_str(&a->publisher, "الشرق الأوسط");
	ak_set_str(&a->published, "2024-09-13");
	ak_set_str(&a->lang, "ar");
	while (total < n) {
		ak_buf_reset(&b);
		add_text(&b, plen ? plen : n, &at);
		ak_article_add_block(a, AK_BLOCK_PARAGRAPH, b.data, b.len,
		    NULL);
		total += b.len;
	}
	ak_buf_release(&b);
}

/* ------------------------------------------------------------ stages */

/* What a stage works on, built once per size. */
struct input {
	struct ak_buf bytes;		/* raw input */
	struct ak_buf text;		/* decoded (clean) text */
	struct ak_article art;
	struct ak_sites *sites;
	struct ak_search_query q;
	struct ak_stemmer *st;
};

static int
count(void *ctx, const struct ak_article *a)
{
	size_t *n = ctx;

	*n += a->nblocks;
	return AK_OK;
}

static void
run_decode(struct input *in)
{
	struct ak_decoded d;
	struct ak_error err;

	if (ak_decode(in->bytes.data, in->bytes.len, NULL, NULL, NULL, &d,
	    &err) == AK_OK)
		free(d.text);
}

static void
run_sanitize(struct input *in)
{
	free(ak_sanitize(in->text.data, in->text.len, NULL));
}

static void
run_parse_text(struct input *in)
{
	struct ak_parse_opts o = { NULL, in->sites, "bench" };
	size_t n = 0;
	struct ak_sink sink = { count, NULL, &n, NULL };
	struct ak_error err;

	(void)ak_parse_text(in->text.data, in->text.len, &o, &sink, &err);
}

static void
run_parse_feed(struct input *in)
{
	struct ak_parse_opts o = { NULL, NULL, "bench" };
	size_t n = 0;
	struct ak_sink sink = { count, NULL, &n, NULL };
	struct ak_error err;

	(void)ak_parse_feed(in->bytes.data, in->bytes.len, &o, &sink, &err);
}

static void
run_html(struct input *in)
{
	struct ak_parse_opts o = { NULL, NULL, "bench" };
	size_t n = 0;
	struct ak_sink sink = { count, NULL, &n, NULL };
	struct ak_error err;

	(void)ak_extract_html(in->bytes.data, in->bytes.len, NULL, NULL, &o,
	    &sink, &err);
}

static void
run_caps(struct input *in)
{
	struct ak_caps caps = { AK_CAP_ARTICLE, AK_CAP_PARAGRAPH };
	struct ak_article c;

	if (ak_article_over_caps(&in->art, &caps)) {
		ak_article_copy_capped(&in->art, &caps, &c, NULL);
		ak_article_release(&c);
	}
}

static struct ak_layout_opts
layout_opts(void)
{
	struct ak_layout_opts o;

	memset(&o, 0, sizeof o);
	o.width = 80;
	o.dir = AK_DIR_AUTO;
	o.mode = AK_BIDI_APP;
	o.shape = 1;
	return o;
}

static void
run_layout_para(struct input *in)
{
	struct ak_layout_opts o = layout_opts();
	struct ak_lines ls;
	struct ak_error err;

	ak_lines_init(&ls);
	(void)ak_layout_para(in->text.data, in->text.len, &o, &ls, &err);
	ak_lines_release(&ls);
}

static void
run_layout_article(struct input *in)
{
	struct ak_layout_opts o = layout_opts();
	struct ak_lines ls;
	struct ak_error err;

	ak_lines_init(&ls);
	(void)ak_layout_article(&in->art, NULL, 0, &o, &ls, &err);
	ak_lines_release(&ls);
}

static void
run_layout_line(struct input *in)
{
	struct ak_layout_opts o = layout_opts();
	struct ak_vline v;
	struct ak_error err;

	if (ak_layout_line(in->text.data, in->text.len, &o, &v, &err) ==
	    AK_OK)
		ak_vline_release(&v);
}

static void
run_snippet(struct input *in)
{
	free(ak_search_snippet(&in->q, in->text.data, in->text.len, 20));
}

static void
run_matches(struct input *in)
{
	(void)ak_search_matches(&in->q, in->text.data, in->text.len, NULL,
	    NULL);
}

static void
run_export(struct input *in, enum ak_export_format f, int width)
{
	struct ak_buf out = AK_BUF_INIT;

	ak_export_render(&in->art, NULL, 0, f, width, &out);
	ak_buf_release(&out);
}

static void run_export_text(struct input *in) { run_export(in, AK_EXPORT_TEXT, 0); }
static void run_export_text_w80(struct input *in) { run_export(in, AK_EXPORT_TEXT, 80); }
static void run_export_md(struct input *in) { run_export(in, AK_EXPORT_MARKDOWN, 80); }
static void run_export_json(struct input *in) { run_export(in, AK_EXPORT_JSON, 0); }

static void
run_fold(struct input *in)
{
	free(ak_text_fold(in->text.data, in->text.len, NULL));
}

static void
run_terms(struct input *in)
{
	free(ak_text_terms(in->st, in->text.data, in->text.len));
}

enum shape {
	S_PAGE,		/* text page, news paragraphs */
	S_PAGE_ONE,	/* text page, one paragraph */
	S_PAGE_1256,	/* text page in windows-1256 */
	S_FEED,		/* RSS, news-length items */
	S_FEED_ONE,	/* RSS, one item */
	S_HTML,		/* web page, news paragraphs */
	S_HTML_ONE,	/* web page, one paragraph */
	S_PAGE_LINES,	/* text page, one word a line */
	S_PAGE_WORD,	/* text page of one Latin word, no title line */
	S_TEXT,		/* one paragraph of clean text */
	S_WORD,		/* one word: letters, no break opportunity */
	S_ARTICLE,	/* an article of news paragraphs */
	S_ARTICLE_ONE	/* an article of one paragraph */
};

static const struct stage {
	const char *name;
	enum shape shape;
	void (*run)(struct input *in);
} stages[] = {
	{ "decode_utf8", S_PAGE, run_decode },
	{ "decode_cp1256", S_PAGE_1256, run_decode },
	{ "sanitize", S_TEXT, run_sanitize },
	{ "parse_text", S_PAGE, run_parse_text },
	{ "parse_text_one_paragraph", S_PAGE_ONE, run_parse_text },
	{ "parse_text_short_lines", S_PAGE_LINES, run_parse_text },
	{ "parse_text_one_word", S_PAGE_WORD, run_parse_text },
	{ "parse_feed", S_FEED, run_parse_feed },
	{ "parse_feed_one_item", S_FEED_ONE, run_parse_feed },
	{ "html", S_HTML, run_html },
	{ "html_one_paragraph", S_HTML_ONE, run_html },
	{ "caps", S_ARTICLE_ONE, run_caps },
	{ "layout_paragraph", S_TEXT, run_layout_para },
	{ "layout_one_word", S_WORD, run_layout_para },
	{ "layout_article", S_ARTICLE, run_layout_article },
	{ "layout_list_line", S_TEXT, run_layout_line },
	{ "snippet", S_TEXT, run_snippet },
	{ "search_matches", S_TEXT, run_matches },
	{ "export_text", S_ARTICLE, run_export_text },
	{ "export_text_one_paragraph_w80", S_ARTICLE_ONE, run_export_text_w80 },
	{ "export_markdown_w80", S_ARTICLE, run_export_md },
	{ "export_json", S_ARTICLE, run_export_json },
	{ "fold", S_TEXT, run_fold },
	{ "terms", S_TEXT, run_terms },
};

static void
input_build(struct input *in, enum shape sh, size_t n)
{
	struct ak_buf page = AK_BUF_INIT;
	struct ak_decoded d;
	struct ak_error err;
	size_t at = 0;

	switch (sh) {
	case S_PAGE:
	case S_PAGE_ONE:
		make_page(&in->bytes, n, sh == S_PAGE ? PARA : 0);
		break;
	case S_PAGE_1256:
		make_page(&page, n, PARA);
		to_cp1256(&page, &in->bytes);
		ak_buf_release(&page);
		break;
	case S_FEED:
	case S_FEED_ONE:
		make_feed(&in->bytes, n, sh == S_FEED ? PARA : 0);
		break;
	case S_HTML:
	case S_HTML_ONE:
		make_html(&in->bytes, n, sh == S_HTML ? PARA : 0);
		break;
	case S_PAGE_LINES:
		ak_buf_addstr(&in->bytes, "عنوان المقال الطويل\n\n");
		while (in->bytes.len < n) {
			ak_buf_addstr(&in->bytes, corpus.w[at++ % corpus.n]);
			ak_buf_addch(&in->bytes, '\n');
		}
		break;
	case S_PAGE_WORD:
		while (in->bytes.len < n)
			ak_buf_addstr(&in->bytes, "xxxxxxxxxxxxxxxx");
		ak_buf_addch(&in->bytes, '\n');
		break;
	case S_TEXT:
		add_text(&in->text, n, &at);
		break;
	case S_WORD:
		while (in->text.len < n)
			ak_buf_addstr(&in->text, "\xD8\xA8\xD9\x8E");	/* بَ */
		break;
	case S_ARTICLE:
	case S_ARTICLE_ONE:
		make_article(&in->art, n, sh == S_ARTICLE ? PARA : 0);
		break;
	}
	if ((sh == S_PAGE || sh == S_PAGE_ONE || sh == S_PAGE_LINES ||
	    sh == S_PAGE_WORD) &&
	    ak_decode(in->bytes.data, in->bytes.len, NULL, NULL, NULL, &d,
	    &err) == AK_OK) {
		ak_buf_add(&in->text, d.text, d.len);
		free(d.text);
	}
}

static void
input_release(struct input *in)
{
	ak_buf_release(&in->bytes);
	ak_buf_release(&in->text);
	ak_article_release(&in->art);
}

/*
 * The least disturbed time of one run, over at least MIN_REPS runs and
 * MIN_US in all (as many runs of the large input as of the small one
 * would make the minimum of the small one the luckier).
 */
static double
time_stage(const struct stage *s, struct input *in)
{
	double t0, t, best = 1e18, total = 0;
	int reps = 0;

	s->run(in);		/* warm: ICU data, libxml2 loaded */
	while (reps < MIN_REPS || total < MIN_US) {
		t0 = now_us();
		s->run(in);
		t = now_us() - t0;
		total += t;
		if (t < best)
			best = t;
		if (++reps >= 200)
			break;
	}
	return best;
}

int
main(int argc, char **argv)
{
	char dir[4096];
	struct ak_sites *sites = NULL;
	struct ak_search_query q;
	struct ak_stemmer *st;
	struct ak_error err;
	double t1, t16, worst = 0;
	const char *worst_name = "";
	const char *only = getenv("AKHBAR_SCALING_ONLY");
	size_t i, k;

	if (!setlocale(LC_ALL, "C.UTF-8"))
		setlocale(LC_ALL, "");
	/*
	 * Keep what is freed in the heap: otherwise every run of a large
	 * input maps fresh pages and faults them in again, and the ratio
	 * measures the kernel's page clearing (linear too, but three times
	 * dearer per byte than text that stays mapped).
	 */
	mallopt(M_MMAP_THRESHOLD, 32 * 1024 * 1024);
	mallopt(M_TRIM_THRESHOLD, 1024 * 1024 * 1024);
	if (getenv("AKHBAR_SCALING_BASE"))
		BASE = (size_t)atol(getenv("AKHBAR_SCALING_BASE")) * 1024;
	snprintf(dir, sizeof dir, "%s/assets/samples",
	    argc > 1 ? argv[1] : ".");
	if (load_words(dir) != 0) {
		fprintf(stderr, "scaling_bench: no sample pages in %s\n", dir);
		return 1;
	}
	snprintf(dir, sizeof dir, "%s/assets/sites", argc > 1 ? argv[1] : ".");
	if (ak_sites_load(dir, &sites, &err) != AK_OK)
		sites = NULL;
	/* a word of the text that occurs often: the query of the snippets */
	if (ak_search_parse(corpus.w[corpus.n / 3], &q, &err) != AK_OK) {
		fprintf(stderr, "scaling_bench: %s\n", err.msg);
		return 1;
	}
	st = ak_stemmer_new();
	printf("# scaling: time at 16x the input over the time at 1x "
	    "(1x = %zu KiB; linear ~16, quadratic ~256; aim <= 20)\n",
	    BASE / 1024);
	for (i = 0; i < sizeof stages / sizeof *stages; i++) {
		struct input in[2];

		if (only && !strstr(stages[i].name, only))
			continue;
		for (k = 0; k < 2; k++) {
			memset(&in[k], 0, sizeof in[k]);
			ak_article_init(&in[k].art);
			in[k].sites = sites;
			in[k].q = q;
			in[k].st = st;
			input_build(&in[k], stages[i].shape,
			    k ? 16 * BASE : BASE);
		}
		t1 = time_stage(&stages[i], &in[0]);
		t16 = time_stage(&stages[i], &in[1]);
		printf("scaling_%s: %.1f (1x %.0f us, 16x %.0f us)\n",
		    stages[i].name, t16 / t1, t1, t16);
		fflush(stdout);
		if (t16 / t1 > worst) {
			worst = t16 / t1;
			worst_name = stages[i].name;
		}
		for (k = 0; k < 2; k++)
			input_release(&in[k]);
	}
	printf("scaling_worst: %.1f (%s)\n", worst, worst_name);
	ak_search_query_release(&q);
	ak_stemmer_free(st);
	ak_sites_free(sites);
	for (i = 0; i < corpus.n; i++)
		free(corpus.w[i]);
	free(corpus.w);
	return 0;
}
