/*
 * Related stories: how often the importer's batch method finds the same
 * top 5 as exact cosine over all articles.  Prints "name: value unit"
 * lines for tests/bench/run.sh.
 *
 * 5,000 real articles (the corpus in ../shared as text pages; BENCH_
 * QUALITY_N overrides) are imported as `akhbar import` does: parsing
 * threads, batches of AK_IMPORT_BATCH, each linked against the cache and
 * itself.  The reference is computed afterwards from every article's
 * terms, with the document frequencies of the whole set: the same model
 * (TOPK strongest terms, unit length) scored against every other article
 * by brute force.  For each article with an exact top 5 (cosine >=
 * AK_LINK_MIN_SCORE), the found list (not the page's refs) is compared
 * with it: the share of the exact top 5 found in the found top 5
 * (recall@5), and the share of articles whose top 5 is the same set.
 * Ties at the fifth place count either way.  A second reference takes
 * every term of an article (no TOPK cut), to show what the cut costs.
 */
#include "config.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/import.h"
#include "akhbar/link.h"
#include "akhbar/parse.h"

#define TOP 5

struct doc {
	int64_t id;
	struct ak_link_tf *tf;
	size_t ntf;
	struct ak_wterm *v;	/* by id */
	size_t nv;
};

struct set {
	struct doc *d;
	size_t n, cap;
	struct ak_cache *c;
};

static void
done(void *ctx, const struct ak_import_report *r)
{
	(void)ctx;
	if (r->rc != AK_OK)
		fprintf(stderr, "# %s\n", r->error);
}

static int
collect(void *ctx, int64_t id)
{
	struct set *s = ctx;
	struct ak_article a;
	struct ak_term *t = NULL;
	size_t nt = 0;

	ak_article_init(&a);
	if (ak_cache_get(s->c, id, &a, NULL) != AK_OK ||
	    ak_link_terms(NULL, &a, &t, &nt, NULL) != AK_OK)
		return AK_OK;
	if (s->n == s->cap) {
		s->cap = s->cap ? s->cap * 2 : 1024;
		s->d = realloc(s->d, s->cap * sizeof(*s->d));
	}
	memset(&s->d[s->n], 0, sizeof(s->d[0]));
	s->d[s->n].id = id;
	s->d[s->n].tf = ak_link_tf_of(t, nt, &s->d[s->n].ntf);
	s->n++;
	ak_link_terms_free(t, nt);
	ak_article_release(&a);
	return AK_OK;
}

static int
cmp_w_desc(const void *a, const void *b)
{
	const struct ak_wterm *x = a, *y = b;

	return x->w < y->w ? 1 : x->w > y->w ? -1 : 0;
}

static int
cmp_id(const void *a, const void *b)
{
	const struct ak_wterm *x = a, *y = b;

	return x->id < y->id ? -1 : x->id > y->id;
}

static int
cmp_i64(const void *a, const void *b)
{
	int64_t x = *(const int64_t *)a, y = *(const int64_t *)b;

	return x < y ? -1 : x > y;
}

/* df of term id over the set (the terms are sorted: binary search). */
static size_t
df_index(const int64_t *terms, size_t n, int64_t id)
{
	size_t lo = 0, hi = n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (terms[mid] < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

/* Every article's vector: TOPK strongest terms (0: all), unit length. */
static void
vectors(struct set *s, size_t topk)
{
	int64_t *all, *uniq;
	size_t nall = 0, nu = 0, i, j, *df;
	double n = (double)s->n;

	for (i = 0; i < s->n; i++)
		nall += s->d[i].ntf;
	all = malloc((nall + 1) * sizeof(*all));
	for (i = 0, nall = 0; i < s->n; i++)
		for (j = 0; j < s->d[i].ntf; j++)
			all[nall++] = s->d[i].tf[j].id;
	qsort(all, nall, sizeof(*all), cmp_i64);
	uniq = malloc((nall + 1) * sizeof(*uniq));
	df = calloc(nall + 1, sizeof(*df));
	for (i = 0; i < nall; i++) {
		if (nu == 0 || uniq[nu - 1] != all[i])
			uniq[nu++] = all[i];
		df[nu - 1]++;
	}
	for (i = 0; i < s->n; i++) {
		struct doc *d = &s->d[i];
		double norm = 0;

		free(d->v);
		d->v = malloc((d->ntf + 1) * sizeof(*d->v));
		for (j = 0; j < d->ntf; j++) {
			double f = (double)df[df_index(uniq, nu, d->tf[j].id)];

			d->v[j].id = d->tf[j].id;
			d->v[j].w = (float)((1.0 + log(d->tf[j].tf > 0 ?
			    d->tf[j].tf : 1)) * log(1.0 + n / f));
		}
		d->nv = d->ntf;
		qsort(d->v, d->nv, sizeof(*d->v), cmp_w_desc);
		if (topk && d->nv > topk)
			d->nv = topk;
		for (j = 0; j < d->nv; j++)
			norm += (double)d->v[j].w * d->v[j].w;
		norm = sqrt(norm);
		for (j = 0; j < d->nv && norm > 0; j++)
			d->v[j].w = (float)(d->v[j].w / norm);
		qsort(d->v, d->nv, sizeof(*d->v), cmp_id);
	}
	free(all);
	free(uniq);
	free(df);
}

static double
dot(const struct doc *a, const struct doc *b)
{
	size_t i = 0, j = 0;
	double s = 0;

	while (i < a->nv && j < b->nv) {
		if (a->v[i].id < b->v[j].id)
			i++;
		else if (a->v[i].id > b->v[j].id)
			j++;
		else
			s += (double)a->v[i++].w * b->v[j++].w;
	}
	return s;
}

/* The index of article id in the set (in id order), or SIZE_MAX. */
static size_t
find(const struct set *s, int64_t id)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->d[mid].id == id)
			return mid;
		if (s->d[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return SIZE_MAX;
}

/* Compare the found lists with the exact top TOP of the set's vectors. */
static void
compare(struct set *s, const char *name)
{
	double recall = 0, *row = malloc(s->n * sizeof(*row));
	char *taken = malloc(s->n);
	size_t i, j, k, judged = 0, same = 0;

	for (i = 0; i < s->n; i++) {
		struct ak_related *r = NULL;
		size_t nr = 0, nex = 0, found = 0, nf = 0, ex[TOP];
		double fifth;

		for (j = 0; j < s->n; j++) {
			row[j] = j == i ? -1 : dot(&s->d[i], &s->d[j]);
			taken[j] = 0;
		}
		/* the exact top TOP at or above the threshold */
		for (k = 0; k < TOP; k++) {
			size_t best = SIZE_MAX;

			for (j = 0; j < s->n; j++)
				if (!taken[j] && row[j] >= AK_LINK_MIN_SCORE &&
				    (best == SIZE_MAX || row[j] > row[best]))
					best = j;
			if (best == SIZE_MAX)
				break;
			taken[best] = 1;
			ex[nex++] = best;
		}
		if (nex == 0)
			continue;
		fifth = row[ex[nex - 1]];
		if (ak_related_list(s->c, s->d[i].id, &r, &nr, NULL) != AK_OK)
			continue;
		for (j = 0; j < nr && nf < TOP; j++) {
			size_t x;

			if (r[j].kind == AK_REL_REF || !r[j].id)
				continue;
			nf++;
			x = find(s, r[j].id);
			/* in the exact top, or tied with its last */
			if (x != SIZE_MAX && (taken[x] || (nex == TOP &&
			    fabs(row[x] - fifth) < 1e-6)))
				found++;
		}
		if (found > nex)
			found = nex;
		recall += (double)found / (double)nex;
		same += found == nex && nf == nex;
		judged++;
		ak_related_free_array(r, nr);
	}
	printf("related_quality_%s_recall_at_5: %.1f %% (%zu of %zu articles "
	    "have a related story)\n", name, 100.0 * recall /
	    (double)judged, judged, s->n);
	printf("related_quality_%s_same_top5: %.1f %%\n", name,
	    100.0 * (double)same / (double)judged);
	free(row);
	free(taken);
}

int
main(int argc, char **argv)
{
	const char *src = argc > 1 ? argv[1] : ".";
	const char *nv = getenv("BENCH_QUALITY_N");
	struct ak_import_opts o;
	struct ak_importer *imp = NULL;
	struct ak_error err = { 0, "" };
	struct ak_sites *sites = NULL;
	struct set s;
	struct ak_buf b = AK_BUF_INIT;
	char dir[] = "/tmp/akhbar-quality-XXXXXX";
	long n = nv ? atol(nv) : 5000;
	struct timespec t0, t1;

	memset(&s, 0, sizeof(s));
	memset(&o, 0, sizeof(o));
	if (!mkdtemp(dir))
		return 1;
	ak_buf_addf(&b, "'%s/../shared/tools/corpus' pages '%s/pages' "
	    "--limit %ld >/dev/null 2>&1 || /work/shared/tools/corpus pages "
	    "'%s/pages' --limit %ld >/dev/null 2>&1", src, dir, n, dir, n);
	if (system(b.data) != 0) {
		printf("# related_quality_bench: skipped (no corpus tool)\n");
		return 0;
	}
	ak_buf_reset(&b);
	ak_buf_addf(&b, "%s/assets/sites", src);
	ak_sites_load(b.data, &sites, NULL);
	ak_buf_reset(&b);
	ak_buf_addf(&b, "%s/a.db", dir);
	if (ak_cache_open(b.data, 0, &s.c, &err) != AK_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	o.sites = sites;
	o.done = done;
	clock_gettime(CLOCK_MONOTONIC, &t0);
	if (ak_importer_start(s.c, &o, &imp, &err) != AK_OK) {
		fprintf(stderr, "%s\n", err.msg);
		return 1;
	}
	{
		/* the folder's files, in order, as import DIR walks it */
		FILE *ls;
		char line[1024];

		ak_buf_reset(&b);
		ak_buf_addf(&b, "ls '%s/pages'", dir);
		ls = popen(b.data, "r");
		while (ls && fgets(line, sizeof(line), ls)) {
			char path[1200];

			line[strcspn(line, "\n")] = '\0';
			snprintf(path, sizeof(path), "%s/pages/%s", dir, line);
			ak_importer_add_file(imp, path);
		}
		if (ls)
			pclose(ls);
	}
	ak_importer_finish(imp, &err);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	printf("related_quality_import: %ld pages in %.1f s\n", n,
	    (double)(t1.tv_sec - t0.tv_sec) +
	    (double)(t1.tv_nsec - t0.tv_nsec) / 1e9);
	ak_cache_each_id(s.c, collect, &s, NULL);
	vectors(&s, AK_LINK_TOPK);
	compare(&s, "topk");
	vectors(&s, 0);
	compare(&s, "full");
	ak_cache_close(s.c);
	ak_sites_free(sites);
	ak_buf_reset(&b);
	ak_buf_addf(&b, "rm -rf '%s'", dir);
	if (system(b.data) != 0)
		return 1;
	ak_buf_release(&b);
	return 0;
}
