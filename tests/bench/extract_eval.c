/*
 * The extraction benchmark's scorer (built and run by extract_bench.sh).
 *
 *   extract_eval SET_DIR...   score each set, print "name: value unit"
 *   extract_eval -d FILE      print what akhbar extracts from one page
 *   extract_eval -H           "set<TAB>case<TAB>field<TAB>text" lines in,
 *                             "set case field HASH" out: the words' hash
 *                             that judged.txt stores instead of the text
 *
 * A set is a folder of cases, one folder each: source.html (the page as
 * served), expected.txt (the article's body, paragraphs separated by
 * blank lines) and meta.txt ("key: value" lines: title, date, author,
 * charset, url; each optional).  Bodies are scored as the
 * article-extraction benchmarks score them: word 4-gram shingles, true
 * and false positives normalised per page, precision and recall averaged
 * over pages, F1 from the averages.  Titles are right when their words
 * (letters and digits, case ignored) are the same; dates when the day is;
 * authors when the words of the expected name are all in akhbar's byline.
 * Judged answers (meta.txt's "headline" and "byline" lines, from
 * extract/judged.txt) are hashes of words: a headline is right when the
 * hash of its words is one of them, a byline when some run of its words
 * hashes to the judged name's ("-": the page states no author); a
 * judged date is a list of days (the page's and UTC's, when they differ),
 * "-" when the page states none.
 * Speed is CPU time of the extraction alone (the file already read).
 */
#include "config.h"

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include <unicode/uchar.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/extract.h"
#include "akhbar/text.h"

struct got {
	struct ak_article a;
	int n;
};

static int
keep_article(void *ctx, const struct ak_article *a)
{
	struct got *g = ctx;
	size_t i;

	g->n++;
	ak_article_release(&g->a);
	ak_set_str(&g->a.title, a->title);
	ak_set_str(&g->a.published, a->published);
	ak_set_str(&g->a.byline, a->byline);
	ak_set_str(&g->a.url, a->url);
	ak_set_str(&g->a.publisher, a->publisher);
	ak_set_str(&g->a.subtitle, a->subtitle);
	ak_set_str(&g->a.section, a->section);
	ak_set_str(&g->a.lang, a->lang);
	for (i = 0; i < a->nblocks; i++)
		ak_article_add_block(&g->a, a->blocks[i].kind,
		    a->blocks[i].text, strlen(a->blocks[i].text),
		    a->blocks[i].credit);
	return AK_OK;
}

static char *
slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	struct ak_buf b = AK_BUF_INIT;
	char chunk[65536];
	size_t n;

	if (!f)
		return NULL;
	while ((n = fread(chunk, 1, sizeof(chunk), f)) > 0)
		ak_buf_add(&b, chunk, n);
	fclose(f);
	if (!b.data)
		ak_buf_add(&b, "", 0);
	return ak_buf_detach(&b, len);
}

/* meta.txt's value for key, or NULL (a new string). */
static char *
meta_get(const char *meta, const char *key)
{
	size_t k = strlen(key);
	const char *p = meta, *e;

	while (p && *p) {
		if (!strncmp(p, key, k) && p[k] == ':') {
			p += k + 1;
			while (*p == ' ')
				p++;
			e = strchr(p, '\n');
			return ak_xstrndup(p, e ? (size_t)(e - p) : strlen(p));
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return NULL;
}

/* ------------------------------------------------------------ tokens */

struct toks {
	char **v;
	size_t n, cap;
};

static void
tokenize(const char *s, struct toks *t)
{
	size_t i = 0, len = strlen(s), start = 0;
	int in = 0;
	struct ak_buf w = AK_BUF_INIT;

	while (i <= len) {
		unsigned cp = 0;
		int n = i < len ? ak_utf8_next(s + i, len - i, &cp) : 1;
		int word = i < len && (u_isalnum((UChar32)cp) || cp == '_');

		if (n <= 0)
			n = 1;
		if (word && !in) {
			in = 1;
			start = i;
		} else if (!word && in) {
			size_t k;

			in = 0;
			ak_buf_reset(&w);
			for (k = start; k < i; k++)
				ak_buf_addch(&w, (s[k] >= 'A' && s[k] <= 'Z') ?
				    (char)(s[k] | 0x20) : s[k]);
			if (t->n == t->cap) {
				t->cap = t->cap ? t->cap * 2 : 256;
				t->v = ak_xreallocarray(t->v, t->cap,
				    sizeof(*t->v));
			}
			t->v[t->n++] = ak_xstrndup(w.data, w.len);
		}
		i += (size_t)n;
	}
	ak_buf_release(&w);
}

static void
toks_free(struct toks *t)
{
	size_t i;

	for (i = 0; i < t->n; i++)
		free(t->v[i]);
	free(t->v);
	memset(t, 0, sizeof(*t));
}

static uint64_t
fnv(uint64_t h, const char *s)
{
	for (; *s; s++) {
		h ^= (unsigned char)*s;
		h *= 1099511628211ULL;
	}
	h ^= 0xff;
	return h * 1099511628211ULL;
}

/* The hash of s's words (0: no words), as judged.txt stores them. */
static uint64_t
words_hash(const char *s)
{
	struct toks t = { 0 };
	uint64_t h = 1469598103934665603ULL;
	size_t i;

	if (!s)
		return 0;
	tokenize(s, &t);
	for (i = 0; i < t.n; i++)
		h = fnv(h, t.v[i]);
	if (!t.n)
		h = 0;
	toks_free(&t);
	return h;
}

/* Is the hash of some run of byline's words in the list want? */
static int
byline_has(const char *byline, const char *want)
{
	struct toks t = { 0 };
	size_t i, k;
	int r = 0;

	if (!byline)
		return 0;
	tokenize(byline, &t);
	for (i = 0; i < t.n && !r; i++) {
		uint64_t h = 1469598103934665603ULL;
		char hex[17];

		for (k = i; k < t.n && !r; k++) {
			h = fnv(h, t.v[k]);
			snprintf(hex, sizeof(hex), "%016llx",
			    (unsigned long long)h);
			r = strstr(want, hex) != NULL;
		}
	}
	toks_free(&t);
	return r;
}

/* Is the hash of s's words one of the list want? */
static int
hash_in(const char *s, const char *want)
{
	uint64_t h = words_hash(s);
	char hex[17];

	if (!h)
		return 0;
	snprintf(hex, sizeof(hex), "%016llx", (unsigned long long)h);
	return strstr(want, hex) != NULL;
}

/* -H: judged answers in, their hashes out. */
static int
hash_lines(void)
{
	char line[8192];

	while (fgets(line, sizeof(line), stdin)) {
		char *f[4], *p = line;
		int i;

		line[strcspn(line, "\n")] = '\0';
		for (i = 0; i < 4 && p; i++) {
			f[i] = p;
			p = i < 3 ? strchr(p, '\t') : NULL;
			if (p)
				*p++ = '\0';
		}
		if (i < 4 || !f[3])
			continue;
		if (!strcmp(f[3], "-"))
			printf("%s %s %s -\n", f[0], f[1], f[2]);
		else
			printf("%s %s %s %016llx\n", f[0], f[1], f[2],
			    (unsigned long long)words_hash(f[3]));
	}
	return 0;
}

/* The 4-gram shingles of a token list, hashed and sorted. */
static uint64_t *
shingles(const struct toks *t, size_t *n)
{
	size_t i, k, m = t->n >= 4 ? t->n - 3 : (t->n ? 1 : 0);
	uint64_t *v = ak_xreallocarray(NULL, m ? m : 1, sizeof(*v));

	for (i = 0; i < m; i++) {
		uint64_t h = 1469598103934665603ULL;

		for (k = i; k < i + 4 && k < t->n; k++)
			h = fnv(h, t->v[k]);
		v[i] = h;
	}
	*n = m;
	return v;
}

static int
cmp64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* tp, fp, fn of pred against truth, normalised to sum to 1. */
static void
shingle_match(const char *truth, const char *pred, double out[3])
{
	struct toks tt = { 0 }, pt = { 0 };
	uint64_t *a, *b;
	size_t na, nb, i = 0, j = 0;
	double tp = 0, fp = 0, fn = 0, s;

	tokenize(truth, &tt);
	tokenize(pred, &pt);
	a = shingles(&tt, &na);
	b = shingles(&pt, &nb);
	qsort(a, na, sizeof(*a), cmp64);
	qsort(b, nb, sizeof(*b), cmp64);
	while (i < na || j < nb) {
		if (j >= nb || (i < na && a[i] < b[j])) {
			fn++;
			i++;
		} else if (i >= na || b[j] < a[i]) {
			fp++;
			j++;
		} else {
			tp++;
			i++;
			j++;
		}
	}
	s = tp + fp + fn;
	out[0] = s > 0 ? tp / s : 0;
	out[1] = s > 0 ? fp / s : 0;
	out[2] = s > 0 ? fn / s : 0;
	free(a);
	free(b);
	toks_free(&tt);
	toks_free(&pt);
}

static int
same_words(const char *x, const char *y)
{
	struct toks a = { 0 }, b = { 0 };
	size_t i;
	int r;

	if (!x || !y)
		return 0;
	tokenize(x, &a);
	tokenize(y, &b);
	r = a.n == b.n && a.n > 0;
	for (i = 0; r && i < a.n; i++)
		r = !strcmp(a.v[i], b.v[i]);
	toks_free(&a);
	toks_free(&b);
	return r;
}

/* Every word of name is in byline. */
static int
has_words(const char *byline, const char *name)
{
	struct toks a = { 0 }, b = { 0 };
	size_t i, j;
	int r = 1;

	if (!byline)
		return 0;
	tokenize(byline, &a);
	tokenize(name, &b);
	for (i = 0; r && i < b.n; i++) {
		for (j = 0; j < a.n && strcmp(a.v[j], b.v[i]); j++)
			;
		r = j < a.n;
	}
	r = r && b.n > 0;
	toks_free(&a);
	toks_free(&b);
	return r;
}

static char *
body_text(const struct ak_article *a)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i;

	for (i = 0; i < a->nblocks; i++) {
		if (i)
			ak_buf_addstr(&b, "\n\n");
		ak_buf_addstr(&b, a->blocks[i].text);
		if (a->blocks[i].credit) {
			ak_buf_addch(&b, ' ');
			ak_buf_addstr(&b, a->blocks[i].credit);
		}
	}
	if (!b.data)
		ak_buf_add(&b, "", 0);
	return ak_buf_detach(&b, NULL);
}

/* The first and last paragraphs of an expected body (new strings). */
static void
ends(const char *exp, char **first, char **last)
{
	const char *p = exp, *e, *fs = NULL, *ls = NULL;
	size_t fl = 0, ll = 0;

	while (*p) {
		while (*p == '\n' || *p == ' ')
			p++;
		if (!*p)
			break;
		e = strstr(p, "\n\n");
		if (!e)
			e = p + strlen(p);
		if (!fs) {
			fs = p;
			fl = (size_t)(e - p);
		}
		ls = p;
		ll = (size_t)(e - p);
		p = e;
	}
	*first = ak_xstrndup(fs ? fs : "", fl);
	*last = ak_xstrndup(ls ? ls : "", ll);
}

/* The first (or last) paragraph block of a, or NULL. */
static const char *
first_para(const struct ak_article *a, int last)
{
	size_t i;

	for (i = 0; i < a->nblocks; i++) {
		size_t k = last ? a->nblocks - 1 - i : i;

		if (a->blocks[k].kind == AK_BLOCK_PARAGRAPH)
			return a->blocks[k].text;
	}
	return NULL;
}

/* Is the day of published one of the days in want ("2019-11-18 ...")? */
static int
day_in(const char *published, const char *want)
{
	const char *p;

	if (strlen(published) < 10)
		return 0;
	for (p = want; (p = strstr(p, "")) && *p; p++) {
		while (*p == ' ')
			p++;
		if (!strncmp(p, published, 10))
			return 1;
		p = strchr(p, ' ');
		if (!p)
			break;
	}
	return 0;
}

static double
now(void)
{
	struct timespec ts;

	/* CPU time: the machine is shared, wall time says more of the others */
	clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static int
extract(const char *html, size_t len, const char *charset, const char *url,
	struct got *g, struct ak_error *err)
{
	struct ak_sink sink = { keep_article, NULL, g, NULL };
	struct ak_parse_opts o = { NULL, NULL, "page" };

	return ak_extract_html(html, len, charset, url, &o, &sink, err);
}

static int
dump(const char *path)
{
	struct got g = { .n = 0 };
	struct ak_error err = { 0, "" };
	size_t len, i;
	char *html = slurp(path, &len);
	int rc;

	if (!html)
		return 1;
	ak_article_init(&g.a);
	rc = extract(html, len, NULL, NULL, &g, &err);
	if (rc != AK_OK) {
		printf("error: %s\n", err.msg);
	} else {
		printf("title: %s\nsubtitle: %s\ndate: %s\nbyline: %s\n"
		    "publisher: %s\nsection: %s\nurl: %s\nlang: %s\n\n",
		    g.a.title ? g.a.title : "-",
		    g.a.subtitle ? g.a.subtitle : "-",
		    g.a.published ? g.a.published : "-",
		    g.a.byline ? g.a.byline : "-",
		    g.a.publisher ? g.a.publisher : "-",
		    g.a.section ? g.a.section : "-", g.a.url ? g.a.url : "-",
		    g.a.lang ? g.a.lang : "-");
		for (i = 0; i < g.a.nblocks; i++)
			printf("[%s] %s%s%s\n",
			    ak_block_kind_name(g.a.blocks[i].kind),
			    g.a.blocks[i].text, g.a.blocks[i].credit ? " // " :
			    "", g.a.blocks[i].credit ? g.a.blocks[i].credit : "");
	}
	ak_article_release(&g.a);
	free(html);
	return 0;
}

struct score {
	size_t pages, failed, ntitle, title_ok, ndate, date_ok, nauthor;
	size_t author_ok, bytes, nends, first_ok, last_ok;
	size_t nhead, head_ok, nbyline, byline_ok;	/* judged */
	size_t nnobyline, byline_false;	/* judged to state no author */
	double psum, rsum, secs;
	size_t np, nr;
};

static void
score_case(const char *dir, const char *name, struct score *s, int verbose)
{
	char path[4096], *html, *exp, *meta, *title, *date, *author, *charset;
	char *url, *pred, *head, *byl;
	struct got g = { .n = 0 };
	struct ak_error err = { 0, "" };
	size_t len, elen, mlen;
	double t0, m[3];
	int rc;

	snprintf(path, sizeof(path), "%s/%s/source.html", dir, name);
	html = slurp(path, &len);
	if (!html)
		return;
	snprintf(path, sizeof(path), "%s/%s/expected.txt", dir, name);
	exp = slurp(path, &elen);
	snprintf(path, sizeof(path), "%s/%s/meta.txt", dir, name);
	meta = slurp(path, &mlen);
	if (!meta)
		meta = ak_xstrdup("");
	title = meta_get(meta, "title");
	date = meta_get(meta, "date");
	author = meta_get(meta, "author");
	charset = meta_get(meta, "charset");
	url = meta_get(meta, "url");
	head = meta_get(meta, "headline");
	byl = meta_get(meta, "byline");

	ak_article_init(&g.a);
	t0 = now();
	rc = extract(html, len, charset, url, &g, &err);
	s->secs += now() - t0;
	s->bytes += len;
	s->pages++;
	if (rc != AK_OK)
		s->failed++;
	pred = body_text(&g.a);
	if (exp) {
		shingle_match(exp, pred, m);
		if (m[0] + m[1] > 0) {
			s->psum += m[0] / (m[0] + m[1]);
			s->np++;
		} else if (m[1] == 0 && m[2] == 0) {
			s->psum += 1;
			s->np++;
		}
		if (m[0] + m[2] > 0) {
			s->rsum += m[0] / (m[0] + m[2]);
			s->nr++;
		}
		if (verbose)
			printf("# %s p=%.3f r=%.3f%s%s\n", name,
			    m[0] + m[1] > 0 ? m[0] / (m[0] + m[1]) : 0,
			    m[0] + m[2] > 0 ? m[0] / (m[0] + m[2]) : 0,
			    rc != AK_OK ? " error: " : "",
			    rc != AK_OK ? err.msg : "");
	}
	if (exp && *exp) {
		char *fe, *le;

		s->nends++;
		ends(exp, &fe, &le);
		if (same_words(fe, first_para(&g.a, 0)))
			s->first_ok++;
		else if (verbose)
			printf("# %s first: want «%.80s» got «%.80s»\n", name,
			    fe, first_para(&g.a, 0) ? first_para(&g.a, 0) : "-");
		if (same_words(le, first_para(&g.a, 1)))
			s->last_ok++;
		else if (verbose)
			printf("# %s last: want «%.80s» got «%.80s»\n", name,
			    le, first_para(&g.a, 1) ? first_para(&g.a, 1) : "-");
		free(fe);
		free(le);
	}
	if (title && *title) {
		s->ntitle++;
		if (same_words(title, g.a.title))
			s->title_ok++;
		else if (verbose)
			printf("# %s title: want «%s» got «%s»\n", name, title,
			    g.a.title ? g.a.title : "-");
	}
	/* the headline: the judged one, else the answer key's title */
	if (head || (title && *title)) {
		s->nhead++;
		if (head ? hash_in(g.a.title, head) : same_words(title,
		    g.a.title))
			s->head_ok++;
		else if (verbose)
			printf("# %s headline: got «%s»\n", name,
			    g.a.title ? g.a.title : "-");
	}
	if (date && *date && strcmp(date, "-") != 0) {
		s->ndate++;
		if (g.a.published && day_in(g.a.published, date))
			s->date_ok++;
		else if (verbose)
			printf("# %s date: want %s got %s\n", name, date,
			    g.a.published ? g.a.published : "-");
	}
	if (author && *author) {
		s->nauthor++;
		if (has_words(g.a.byline, author))
			s->author_ok++;
		else if (verbose)
			printf("# %s author: want «%s» got «%s»\n", name,
			    author, g.a.byline ? g.a.byline : "-");
	}
	if (byl && !strcmp(byl, "-")) {
		s->nnobyline++;
		if (g.a.byline) {
			s->byline_false++;
			if (verbose)
				printf("# %s byline: none stated, got «%s»\n",
				    name, g.a.byline);
		}
	}
	if (byl ? strcmp(byl, "-") != 0 : author && *author) {
		s->nbyline++;
		if (byl ? byline_has(g.a.byline, byl) :
		    has_words(g.a.byline, author))
			s->byline_ok++;
		else if (verbose)
			printf("# %s byline: got «%s»\n", name,
			    g.a.byline ? g.a.byline : "-");
	}
	ak_article_release(&g.a);
	free(pred);
	free(head);
	free(byl);
	free(html);
	free(exp);
	free(meta);
	free(title);
	free(date);
	free(author);
	free(charset);
	free(url);
}

static int
cmpstr(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static void
score_set(const char *dir, int verbose)
{
	struct score s;
	DIR *d = opendir(dir);
	struct dirent *de;
	char **names = NULL;
	size_t n = 0, cap = 0, i;
	const char *set = strrchr(dir, '/') ? strrchr(dir, '/') + 1 : dir;
	double p, r;

	if (!d) {
		printf("# extract: no set at %s\n", dir);
		return;
	}
	memset(&s, 0, sizeof(s));
	while ((de = readdir(d))) {
		if (de->d_name[0] == '.')
			continue;
		if (n == cap) {
			cap = cap ? cap * 2 : 64;
			names = ak_xreallocarray(names, cap, sizeof(*names));
		}
		names[n++] = ak_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, n, sizeof(*names), cmpstr);
	for (i = 0; i < n; i++) {
		score_case(dir, names[i], &s, verbose);
		free(names[i]);
	}
	free(names);
	if (!s.pages)
		return;
	p = s.np ? s.psum / s.np : 0;
	r = s.nr ? s.rsum / s.nr : 0;
	printf("extract_%s_pages: %zu (%zu refused)\n", set, s.pages,
	    s.failed);
	if (s.np || s.nr)
		printf("extract_%s_f1: %.3f (precision %.3f, recall %.3f)\n",
		    set, p + r > 0 ? 2 * p * r / (p + r) : 0, p, r);
	if (s.nends)
		printf("extract_%s_first_last: %.1f %% (%zu and %zu of %zu)\n",
		    set, 50.0 * (s.first_ok + s.last_ok) / s.nends, s.first_ok,
		    s.last_ok, s.nends);
	if (s.ntitle)
		printf("extract_%s_title: %.1f %% (%zu of %zu, the answer "
		    "key's)\n", set, 100.0 * s.title_ok / s.ntitle, s.title_ok,
		    s.ntitle);
	if (s.nhead)
		printf("extract_%s_headline: %.1f %% (%zu of %zu, judged)\n",
		    set, 100.0 * s.head_ok / s.nhead, s.head_ok, s.nhead);
	if (s.ndate)
		printf("extract_%s_date: %.1f %% (%zu of %zu)\n", set,
		    100.0 * s.date_ok / s.ndate, s.date_ok, s.ndate);
	if (s.nauthor)
		printf("extract_%s_author: %.1f %% (%zu of %zu, the answer "
		    "key's)\n", set, 100.0 * s.author_ok / s.nauthor,
		    s.author_ok, s.nauthor);
	if (s.nbyline)
		printf("extract_%s_byline: %.1f %% (%zu of %zu, judged)\n",
		    set, 100.0 * s.byline_ok / s.nbyline, s.byline_ok,
		    s.nbyline);
	if (s.nnobyline)
		printf("extract_%s_byline_unstated: %zu of %zu pages that name "
		    "no author got one\n", set, s.byline_false, s.nnobyline);
	printf("extract_%s_speed: %.0f pages/s, %.2f ms per 100 KB (CPU)\n", set,
	    s.pages / s.secs, s.secs * 1000 / (s.bytes / 102400.0));
}

int
main(int argc, char **argv)
{
	int i, verbose = getenv("BENCH_VERBOSE") != NULL;

	if (argc == 3 && !strcmp(argv[1], "-d"))
		return dump(argv[2]);
	if (argc == 2 && !strcmp(argv[1], "-H"))
		return hash_lines();
	for (i = 1; i < argc; i++)
		score_set(argv[i], verbose);
	return 0;
}
