/*
 * akhbar import and akhbar update: files, folders (walked for pages and
 * feeds) and URLs through the importer, one line of outcome per input.
 * A bad input is reported and skipped; the others still import; the exit
 * status is 1 when any input failed.  On a terminal (standard error), a
 * progress line shows how far a long import is.
 */
#include "config.h"

#include <dirent.h>
#include <getopt.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/cli.h"
#include "akhbar/fetch.h"
#include "akhbar/fulltext.h"
#include "akhbar/import.h"
#include "akhbar/json.h"
#include "akhbar/parse.h"
#include "akhbar/paths.h"

struct run {
	struct ak_cli *cli;
	struct ak_import_opts o;
	struct ak_caps caps;
	int json;
	int full_text;			/* update --full-text */
	int failed;
	int full;			/* inputs failed by a full disk */
	size_t total;			/* inputs, when known */
	size_t done;
	long articles;			/* added + updated + unchanged */
	long added, updated, unchanged;
	struct ak_json j;
	struct ak_buf out;
	/* progress on a terminal */
	int progress;			/* stderr is a terminal */
	int quiet_ok;			/* stdout is that terminal too */
	int shown;			/* a progress line is on screen */
	int stdout_tty;			/* stdout is a terminal too */
	int not_modified;		/* feeds that answered 304 */
	struct timespec start, last;
};

/* ------------------------------------------------------------ progress */

static double
seconds_since(const struct timespec *t)
{
	struct timespec now;

	clock_gettime(CLOCK_MONOTONIC, &now);
	return (double)(now.tv_sec - t->tv_sec) +
	    (double)(now.tv_nsec - t->tv_nsec) / 1e9;
}

static void
progress_clear(struct run *r)
{
	if (r->shown) {
		fputs("\r\033[K", stderr);
		r->shown = 0;
	}
}

static void
progress_show(struct run *r, int force)
{
	double t = seconds_since(&r->start), rate;

	if (!r->progress || (!force && seconds_since(&r->last) < 0.1))
		return;
	clock_gettime(CLOCK_MONOTONIC, &r->last);
	rate = t > 0 ? (double)r->articles / t : 0;
	fprintf(stderr, "\r\033[Kimporting: %zu", r->done);
	if (r->total)
		fprintf(stderr, "/%zu", r->total);
	fprintf(stderr, " inputs, %ld articles, %.0f articles/s", r->articles,
	    rate);
	if (r->total && r->done > 0 && r->done < r->total)
		fprintf(stderr, ", %.0f s left", t / (double)r->done *
		    (double)(r->total - r->done));
	r->shown = 1;
	fflush(stderr);
}

/* ------------------------------------------------------------ reports */

static void
print_note(const struct ak_import_note *n, int dry_run)
{
	switch (n->result) {
	case AK_PUT_UPDATED:
		printf("  updated %lld: %s, %.0f%% of the text the same: %s\n",
		    (long long)n->id, n->alias ? "the same text under "
		    "another address" : n->why, n->similarity * 100,
		    n->title);
		break;
	case AK_PUT_ADDED:
		if (dry_run)
			printf("  added as a new article beside %lld (%s, "
			    "%.0f%% of the text the same): %s\n",
			    (long long)n->other, n->why, n->similarity * 100,
			    n->title);
		else
			printf("  added %lld beside %lld (%s, %.0f%% of the "
			    "text the same): %s\n", (long long)n->id,
			    (long long)n->other, n->why,
			    n->similarity * 100, n->title);
		break;
	case AK_PUT_UNCHANGED:
		printf("  unchanged %lld: %s: %s\n", (long long)n->id, n->why,
		    n->title);
		break;
	}
}

static void
report_json(struct run *r, const struct ak_import_report *res)
{
	size_t i;

	ak_json_begin_object(&r->j);
	ak_json_kstr(&r->j, "input", res->name);
	ak_json_kstr(&r->j, "status", res->rc == AK_OK ? (res->not_modified ?
	    "not-modified" : "ok") : "error");
	if (res->rc != AK_OK)
		ak_json_kstr(&r->j, "error", res->error);
	ak_json_kstr(&r->j, "kind", res->kind);
	ak_json_kstr(&r->j, "charset", res->charset);
	ak_json_kint(&r->j, "added", res->added);
	ak_json_kint(&r->j, "updated", res->updated);
	ak_json_kint(&r->j, "unchanged", res->unchanged);
	ak_json_key(&r->j, "warnings");
	ak_json_begin_array(&r->j);
	for (i = 0; i < res->nwarnings; i++)
		ak_json_str(&r->j, res->warnings[i]);
	ak_json_end_array(&r->j);
	ak_json_key(&r->j, "notes");
	ak_json_begin_array(&r->j);
	for (i = 0; i < res->nnotes; i++) {
		const struct ak_import_note *n = &res->notes[i];

		ak_json_begin_object(&r->j);
		ak_json_kstr(&r->j, "result", n->result == AK_PUT_ADDED ?
		    "added" : n->result == AK_PUT_UPDATED ? "updated" :
		    "unchanged");
		if (!(r->o.dry_run && n->result == AK_PUT_ADDED))
			ak_json_kint(&r->j, "id", (long)n->id);
		if (n->other)
			ak_json_kint(&r->j, "beside", (long)n->other);
		ak_json_kstr(&r->j, "why", n->why);
		ak_json_kstr(&r->j, "title", n->title);
		ak_json_end_object(&r->j);
	}
	ak_json_end_array(&r->j);
	ak_json_kbool(&r->j, "dry_run", r->o.dry_run);
	ak_json_end_object(&r->j);
}

/* One input's outcome (the importer's storing thread calls it). */
static void
on_done(void *ctx, const struct ak_import_report *res)
{
	struct run *r = ctx;
	size_t i;
	int notable, cleared;

	r->done++;
	r->articles += res->added + res->updated + res->unchanged;
	r->added += res->added;
	r->updated += res->updated;
	r->unchanged += res->unchanged;
	if (res->rc != AK_OK)
		r->failed++;
	else if (res->not_modified)
		r->not_modified++;
	if (r->json) {
		report_json(r, res);
		progress_show(r, !res->more);
		return;
	}
	notable = res->rc != AK_OK || res->nwarnings || res->nnotes ||
	    r->o.dry_run;
	/* the line goes only for what is written to the terminal: with
	 * stdout in a file it was cleared by every input and rarely seen */
	cleared = res->rc != AK_OK || res->nwarnings ||
	    (r->stdout_tty && (notable || !r->quiet_ok));
	if (cleared)
		progress_clear(r);
	for (i = 0; i < res->nwarnings; i++) {
		fflush(stdout);
		fprintf(stderr, "akhbar: %s: warning: %s\n", res->name,
		    res->warnings[i]);
	}
	if (res->rc == AK_EFULL) {
		/* every input after a full disk fails the same way: once */
		if (!r->full++)
			ak_cli_error("%s; the import stops here", res->error);
	} else if (res->rc != AK_OK) {
		fflush(stdout);
		ak_cli_error("%s", res->error);
	} else if (res->not_modified) {
		if (!r->quiet_ok)
			printf("%s: not modified\n", res->name);
	} else if (notable || !r->quiet_ok) {
		printf("%s: %s%d added, %d updated, %d unchanged", res->name,
		    r->o.dry_run ? "(dry run) " : "", res->added,
		    res->updated, res->unchanged);
		if (res->nwarnings)
			printf(", %zu warning%s", res->nwarnings,
			    res->nwarnings == 1 ? "" : "s");
		putchar('\n');
		for (i = 0; i < res->nnotes; i++)
			print_note(&res->notes[i], r->o.dry_run);
		for (i = 0; i < res->narticles; i++) {
			const struct ak_article *a = &res->articles[i];

			printf("  %s | %s | %s | %s | %zu blocks, %zu refs\n",
			    a->title ? a->title : "(no title)",
			    a->publisher ? a->publisher : "-",
			    a->published ? a->published : "-",
			    a->dateline ? a->dateline : "-", a->nblocks,
			    a->nrefs);
		}
	}
	fflush(stdout);
	/* at most every 0.1 s, and after the last of a batch's reports */
	progress_show(r, cleared || !res->more);
}

/* ------------------------------------------------------------ inputs */

static int
is_input_name(const char *name)
{
	const char *dot = strrchr(name, '.');

	if (name[0] == '.' || !dot)
		return 0;
	/* any case: "PAGE.TXT" from a camera-era tool is a page too */
	return strcasecmp(dot, ".txt") == 0 || strcasecmp(dot, ".xml") == 0 ||
	    strcasecmp(dot, ".rss") == 0 || strcasecmp(dot, ".atom") == 0 ||
	    strcasecmp(dot, ".html") == 0 || strcasecmp(dot, ".htm") == 0;
}

/* The list of inputs: files, the input files of folders, URLs. */
struct inputs {
	char **v;
	size_t n, cap;
	int bad;			/* folders that could not be read */
};

static void
inputs_add(struct inputs *in, const char *s)
{
	if (in->n == in->cap) {
		in->cap = in->cap ? in->cap * 2 : 64;
		in->v = ak_xreallocarray(in->v, in->cap, sizeof(*in->v));
	}
	in->v[in->n++] = ak_xstrdup(s);
}

static void
inputs_free(struct inputs *in)
{
	size_t i;

	for (i = 0; i < in->n; i++)
		free(in->v[i]);
	free(in->v);
}

static void
walk(struct inputs *in, const char *dir)
{
	struct dirent **ents = NULL;
	struct ak_buf p = AK_BUF_INIT;
	struct stat st;
	size_t dlen = strlen(dir);
	int i, n;

	n = scandir(dir, &ents, NULL, alphasort);
	if (n < 0) {
		ak_cli_error("%s: cannot read the folder", dir);
		in->bad++;
		return;
	}
	while (dlen > 1 && dir[dlen - 1] == '/')
		dlen--;		/* "samples/" + name is not "samples//name" */
	for (i = 0; i < n; i++) {
		const char *name = ents[i]->d_name;

		if (name[0] == '.')
			goto next;
		ak_buf_reset(&p);
		ak_buf_add(&p, dir, dlen);
		if (dir[dlen - 1] != '/')
			ak_buf_addch(&p, '/');
		ak_buf_addstr(&p, name);
		if (stat(p.data, &st) != 0)
			goto next;
		if (S_ISDIR(st.st_mode))
			walk(in, p.data);
		else if (S_ISREG(st.st_mode) && is_input_name(name))
			inputs_add(in, p.data);
next:
		free(ents[i]);
	}
	free(ents);
	ak_buf_release(&p);
}

/* What a fetch of the URLs hands the importer. */
struct fetching {
	struct ak_importer *imp;
	int update;
	int full_text;
	const struct ak_feed *const *feeds;	/* by request, or NULL */
};

/* One URL fetched (ak_fetch_many's callback): queue what came back, or
 * why nothing did. */
static int
fetched(void *ctx, const struct ak_fetch_req *req, int rc,
	struct ak_fetch_result *res, const struct ak_error *err)
{
	struct fetching *fx = ctx;
	const struct ak_feed *f = req->user;
	struct ak_import_fetched x;

	memset(&x, 0, sizeof(x));
	x.name = req->url;
	if (rc != AK_OK) {
		x.error = err->msg;
		x.feed = fx->update;
		ak_importer_add_fetched(fx->imp, &x);
		ak_fetch_result_release(res);
		return 0;
	}
	x.url = res->final_url;
	x.body = res->body;
	res->body = NULL;
	x.len = res->len;
	x.charset = res->charset;
	x.not_modified = res->not_modified;
	x.etag = res->etag;
	x.last_modified = res->last_modified;
	x.feed = fx->update || res->not_modified ||
	    ak_import_is_feed(x.body, x.len);
	x.full_text = fx->update && (fx->full_text || (f && f->full_text));
	ak_importer_add_fetched(fx->imp, &x);
	ak_fetch_result_release(res);
	return 0;
}

/*
 * Fetch the n URLs at once (at most AK_FETCH_CONNECTIONS connections,
 * AK_FETCH_PER_HOST to one host) and queue each as it arrives.  feeds
 * (the stored subscriptions, may be NULL) give the validators of a
 * conditional GET; --full-text asks for every item's page, so the whole
 * feed is fetched again.
 */
static void
add_urls(struct ak_importer *imp, char **urls, const struct ak_feed **feeds,
	size_t n, int update, int full_text)
{
	struct fetching fx = { imp, update, full_text, feeds };
	struct ak_fetch_req *reqs = ak_xcalloc(n + 1, sizeof(*reqs));
	struct ak_error err = { 0, "" };
	size_t i;

	for (i = 0; i < n; i++) {
		const struct ak_feed *f = feeds ? feeds[i] : NULL;

		reqs[i].url = urls[i];
		reqs[i].etag = f && !full_text ? f->etag : NULL;
		reqs[i].last_modified = f && !full_text ? f->last_modified :
		    NULL;
		reqs[i].user = (void *)f;
	}
	if (ak_fetch_many(reqs, n, NULL, fetched, &fx, &err) != AK_OK) {
		/* libcurl could not be loaded or started: each URL says so */
		struct ak_fetch_result none;

		memset(&none, 0, sizeof(none));
		for (i = 0; i < n; i++)
			fetched(&fx, &reqs[i], AK_ENET, &none, &err);
	}
	free(reqs);
}

/*
 * The cache for a dry run: the real one when it exists (what a real
 * import would do depends on it), else an empty one in memory (a dry run
 * creates no file).
 */
static int
open_for_dry_run(struct ak_cli *cli)
{
	struct ak_error err = { 0, "" };
	char *path = cli->db_path ? ak_xstrdup(cli->db_path) :
	    ak_cache_default_path();
	int rc = 0;

	if (access(path, F_OK) == 0) {
		rc = ak_cli_open_cache(cli, 0);
	} else if (ak_cache_open(":memory:", 0, &cli->cache, &err) != AK_OK) {
		rc = ak_cli_fail(&err);
	}
	free(path);
	return rc;
}

/* The part `import` and `update` share: run the importer over inputs. */
static int
run(struct ak_cli *cli, struct run *r, char **inputs, size_t n,
	struct ak_feed *feeds)
{
	struct ak_error err = { 0, "" };
	struct ak_sites *sites = NULL;
	struct ak_importer *imp = NULL;
	struct ak_pages *pages = NULL;
	struct ak_buf dir = AK_BUF_INIT;
	const struct ak_feed **ufeeds;
	char **urls;
	size_t i, nurls = 0;
	int rc;

	ak_buf_addf(&dir, "%s/sites", ak_datadir());
	rc = ak_sites_load(dir.data, &sites, &err);
	ak_buf_release(&dir);
	if (rc != AK_OK)
		return ak_cli_fail(&err);
	if (!cli->cache && (r->o.dry_run ? open_for_dry_run(cli) :
	    ak_cli_open_cache(cli, AK_CLI_WRITE))) {
		ak_sites_free(sites);
		return 1;
	}
	/* pages whose text is stored keep it (fulltext.h) */
	if (ak_pages_load(cli->cache, &pages, &err) != AK_OK) {
		ak_sites_free(sites);
		return ak_cli_fail(&err);
	}
	r->o.pages = pages;
	r->cli = cli;
	r->o.sites = sites;
	r->o.done = on_done;
	r->o.ctx = r;
	r->total = n;
	r->progress = isatty(2) && n > 1;
	r->stdout_tty = isatty(1);
	r->quiet_ok = r->progress && r->stdout_tty && !r->json;
	clock_gettime(CLOCK_MONOTONIC, &r->start);
	r->last = r->start;
	if (r->json) {
		ak_json_init(&r->j, &r->out, 1);
		ak_json_begin_array(&r->j);
	}
	rc = ak_importer_start(cli->cache, &r->o, &imp, &err);
	if (rc != AK_OK) {
		ak_sites_free(sites);
		ak_pages_free(pages);
		return ak_cli_fail(&err);
	}
	/* files in the order given, then URLs as they arrive */
	urls = ak_xcalloc(n + 1, sizeof(*urls));
	ufeeds = ak_xcalloc(n + 1, sizeof(*ufeeds));
	for (i = 0; i < n; i++) {
		if (!ak_import_is_url(inputs[i])) {
			ak_importer_add_file(imp, inputs[i]);
			continue;
		}
		ufeeds[nurls] = feeds ? &feeds[i] : NULL;
		urls[nurls++] = inputs[i];
	}
	if (nurls)
		add_urls(imp, urls, ufeeds, nurls, feeds != NULL,
		    r->full_text);
	free(urls);
	free(ufeeds);
	rc = ak_importer_finish(imp, &err);
	if (r->progress) {
		progress_clear(r);
		if (r->quiet_ok || r->done > 1) {
			/* update: feeds, and those the server said had
			 * not changed */
			fprintf(stderr, "%zu %s%s: ", r->done, feeds ?
			    "feed" : "input", r->done == 1 ? "" : "s");
			if (feeds)
				fprintf(stderr, "%d not modified, ",
				    r->not_modified);
			fprintf(stderr, "%ld added, %ld updated, %ld "
			    "unchanged, %d failed (%.1f s)\n", r->added,
			    r->updated, r->unchanged, r->failed,
			    seconds_since(&r->start));
		}
	}
	if (r->json) {
		ak_json_end_array(&r->j);
		printf("%s\n", ak_buf_str(&r->out));
	}
	ak_buf_release(&r->out);
	ak_sites_free(sites);
	ak_pages_free(pages);
	(void)rc;	/* each input's failure was reported */
	return r->failed ? 1 : 0;
}

/* The smallest cap accepted (0 is no cap). */
#define MIN_CAP 1024

/*
 * --max-article and --max-paragraph: bytes, or with a K, M or G suffix
 * (KiB, MiB, GiB); 0 is no cap.  Returns 0 (caps set) or the status of
 * the usage error printed.
 */
static int
set_cap(const char *cmd, int argc, char **argv, int opt, struct run *r)
{
	const char *name = ak_cli_opt_name(argc, argv);
	unsigned long long v;
	size_t shift = 0;
	char *end;

	v = strtoull(optarg, &end, 10);
	if (end == optarg || *optarg == '-')
		goto bad;
	switch (*end) {
	case 'k': case 'K': shift = 10; end++; break;
	case 'm': case 'M': shift = 20; end++; break;
	case 'g': case 'G': shift = 30; end++; break;
	}
	if (shift && (*end == 'i' || *end == 'I') &&
	    (end[1] == 'b' || end[1] == 'B'))
		end += 2;
	if (*end || v > (SIZE_MAX >> shift))
		goto bad;
	v <<= shift;
	if (v != 0 && v < MIN_CAP)
		return ak_cli_usage(cmd, "option '%s': %s is too small (at "
		    "least 1K, or 0 for no cap)", name, optarg);
	if (opt == 'A')
		r->caps.article = (size_t)v;
	else
		r->caps.paragraph = (size_t)v;
	return 0;
bad:
	return ak_cli_usage(cmd, "option '%s' needs a size in bytes (or with "
	    "K, M or G), not '%s'", name, optarg);
}

static void
run_init(struct run *r)
{
	memset(r, 0, sizeof(*r));
	r->caps.article = AK_CAP_ARTICLE;
	r->caps.paragraph = AK_CAP_PARAGRAPH;
	r->o.caps = &r->caps;
}

int
ak_cmd_import(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "publisher", required_argument, NULL, 'p' },
		{ "dry-run", no_argument, NULL, 'n' },
		{ "json", no_argument, NULL, 'j' },
		{ "max-article", required_argument, NULL, 'A' },
		{ "max-paragraph", required_argument, NULL, 'P' },
		{ NULL, 0, NULL, 0 }
	};
	struct inputs in = { NULL, 0, 0, 0 };
	struct stat st;
	struct run r;
	int opt, i, rc;

	run_init(&r);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "p:n", opts, NULL)) != -1) {
		switch (opt) {
		case 'A':
		case 'P':
			rc = set_cap("import", argc, argv, opt, &r);
			if (rc)
				return rc;
			break;
		case 'p':
			r.o.publisher = optarg;
			break;
		case 'n':
			r.o.dry_run = 1;
			break;
		case 'j':
			r.json = 1;
			break;
		default:
			return ak_cli_bad_option("import", argc, argv,
			    "p:n", opts);
		}
	}
	if (optind >= argc)
		return ak_cli_usage("import", "nothing to import: give files, "
		    "folders or URLs");
	for (i = optind; i < argc; i++) {
		if (!ak_import_is_url(argv[i]) && stat(argv[i], &st) == 0 &&
		    S_ISDIR(st.st_mode)) {
			size_t before = in.n, bad = (size_t)in.bad;

			walk(&in, argv[i]);
			/* a folder with nothing to import is said, not
			 * passed over in silence */
			if (in.n == before && (size_t)in.bad == bad) {
				ak_cli_error("%s: no pages or feeds in this "
				    "folder (.txt, .xml, .rss, .atom, .html, "
				    ".htm)", argv[i]);
				in.bad++;
			}
		} else
			inputs_add(&in, argv[i]);
	}
	rc = run(cli, &r, in.v, in.n, NULL);
	inputs_free(&in);
	return rc || in.bad ? 1 : 0;
}

int
ak_cmd_update(struct ak_cli *cli, int argc, char **argv)
{
	static const struct option opts[] = {
		{ "json", no_argument, NULL, 'j' },
		{ "max-article", required_argument, NULL, 'A' },
		{ "max-paragraph", required_argument, NULL, 'P' },
		{ "full-text", no_argument, NULL, 'F' },
		{ NULL, 0, NULL, 0 }
	};
	struct ak_error err = { 0, "" };
	struct ak_feed *feeds = NULL;
	char **urls;
	size_t n = 0, i;
	int opt, rc;
	struct run r;

	run_init(&r);
	opterr = 0;
	while ((opt = getopt_long(argc, argv, "", opts, NULL)) != -1) {
		if (opt == 'j') {
			r.json = 1;
		} else if (opt == 'F') {
			r.full_text = 1;
		} else if (opt == 'A' || opt == 'P') {
			rc = set_cap("update", argc, argv, opt, &r);
			if (rc)
				return rc;
		} else {
			return ak_cli_bad_option("update", argc, argv, "",
			    opts);
		}
	}
	if (optind < argc)
		return ak_cli_usage("update", "unexpected argument '%s'",
		    argv[optind]);
	if (ak_cli_open_cache(cli, AK_CLI_WRITE))
		return 1;
	if (ak_cache_feeds(cli->cache, &feeds, &n, &err) != AK_OK)
		return ak_cli_fail(&err);
	if (n == 0) {
		if (r.json)
			printf("[]\n");
		else
			fprintf(stderr, "akhbar: no feeds yet: 'akhbar import "
			    "URL' subscribes to a feed\n");
		return 0;
	}
	urls = ak_xcalloc(n, sizeof(*urls));
	for (i = 0; i < n; i++)
		urls[i] = feeds[i].url;
	rc = run(cli, &r, urls, n, feeds);
	free(urls);
	ak_feeds_free(feeds, n);
	return rc;
}
