/*
 * Unit tests: the cache (open, migrate, refuse, put/get, list, concurrency).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <cmocka.h>
#include <sqlite3.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/paths.h"
#include "testutil.h"

struct fx {
	char *dir;
	char path[4200];
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof(*f));

	f->dir = tu_tempdir();
	snprintf(f->path, sizeof(f->path), "%s/sub/dir/akhbar.db", f->dir);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	tu_rmtree(f->dir);
	free(f);
	return 0;
}

static void
make_article(struct ak_article *a, const char *title, const char *date)
{
	ak_article_init(a);
	ak_set_str(&a->title, title);
	ak_set_str(&a->publisher, "الشرق الأوسط");
	ak_set_str(&a->published, date);
	ak_article_add_block(a, AK_BLOCK_PARAGRAPH, "فقرة أولى.", strlen("فقرة أولى."),
	    NULL);
	ak_article_add_block(a, AK_BLOCK_CAPTION, "صورة", strlen("صورة"),
	    "رويترز");
}

static int64_t
put(struct ak_cache *c, struct ak_article *a, enum ak_put_result *res)
{
	struct ak_error err = { 0, "" };
	int64_t id = 0;

	assert_int_equal(ak_cache_begin(c, &err), AK_OK);
	assert_int_equal(tu_put(c, a, &id, res, &err), AK_OK);
	assert_int_equal(ak_cache_commit(c, &err), AK_OK);
	return id;
}

static char *
slurp(const char *path, size_t *len)
{
	char *d = NULL;

	assert_int_equal(ak_read_file(path, &d, len, NULL), AK_OK);
	return d;
}

static void
test_cache_creates_folder_and_reopens(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	struct ak_article a, b;
	enum ak_put_result res;
	int64_t id;

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	assert_int_equal(ak_cache_found_version(c), 0);
	make_article(&a, "صاروخان يؤجلان انسحاب «التحالف الدولي» من العراق",
	    "2024-01-05");
	id = put(c, &a, &res);
	assert_int_equal(res, AK_PUT_ADDED);
	ak_cache_close(c);

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	assert_int_equal(ak_cache_found_version(c), AK_CACHE_VERSION);
	ak_article_init(&b);
	assert_int_equal(ak_cache_get(c, id, &b, &err), AK_OK);
	assert_string_equal(b.title, a.title);
	assert_string_equal(b.publisher, "الشرق الأوسط");
	assert_int_equal(b.nblocks, 2);
	assert_int_equal(b.blocks[1].kind, AK_BLOCK_CAPTION);
	assert_string_equal(b.blocks[1].credit, "رويترز");
	assert_null(b.blocks[0].credit);
	ak_article_release(&a);
	ak_article_release(&b);
	ak_cache_close(c);
}

static void
test_cache_same_article_is_unchanged_edit_keeps_state(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	struct ak_article a, b;
	enum ak_put_result res;
	int64_t id, id2;

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	make_article(&a, "عنوان", NULL);
	id = put(c, &a, &res);
	assert_int_equal(ak_cache_set_read(c, id, 1, &err), AK_OK);
	assert_int_equal(ak_cache_set_starred(c, id, 1, &err), AK_OK);
	id2 = put(c, &a, &res);
	assert_int_equal(res, AK_PUT_UNCHANGED);
	assert_int_equal(id, id2);
	/* the same title with tashkeel and another alef is the same story */
	ak_set_str(&a.title, "عُنْوان");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, "جديد", strlen("جديد"),
	    NULL);
	id2 = put(c, &a, &res);
	assert_int_equal(res, AK_PUT_UPDATED);
	assert_int_equal(id, id2);
	ak_article_init(&b);
	assert_int_equal(ak_cache_get(c, id, &b, &err), AK_OK);
	assert_int_equal(b.nblocks, 3);
	assert_true(b.read);
	assert_true(b.starred);
	assert_int_equal(ak_cache_count(c), 1);
	ak_article_release(&a);
	ak_article_release(&b);
	ak_cache_close(c);
}

struct listed {
	char titles[64][64];
	int64_t id[64];
	int n;
};

static int
collect(void *ctx, const struct ak_list_row *r)
{
	struct listed *l = ctx;

	assert_true(l->n < 64);
	l->id[l->n] = r->id;
	snprintf(l->titles[l->n++], 64, "%s", r->title);
	return AK_OK;
}

static void
test_cache_list_newest_first_undated_last(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	struct ak_article a;
	enum ak_put_result res;
	struct listed l;

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	make_article(&a, "old", "2023-05-01");
	put(c, &a, &res);
	ak_article_release(&a);
	make_article(&a, "undated", NULL);
	put(c, &a, &res);
	ak_article_release(&a);
	make_article(&a, "new", "2024-09-13");
	put(c, &a, &res);
	ak_article_release(&a);
	memset(&l, 0, sizeof(l));
	assert_int_equal(ak_cache_list(c, 0, -1, collect, &l, &err), AK_OK);
	assert_int_equal(l.n, 3);
	assert_string_equal(l.titles[0], "new");
	assert_string_equal(l.titles[1], "old");
	assert_string_equal(l.titles[2], "undated");
	memset(&l, 0, sizeof(l));
	assert_int_equal(ak_cache_list(c, 1, 1, collect, &l, &err), AK_OK);
	assert_int_equal(l.n, 1);
	assert_string_equal(l.titles[0], "old");
	ak_cache_close(c);
}

/*
 * Every window of the list is the same slice of the whole list, whether
 * it is read from the newest end or, past the middle, from the oldest:
 * dates repeat (ties go by id) and some articles have none.
 */
static void
test_cache_list_windows_from_either_end(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	struct ak_article a;
	enum ak_put_result res;
	struct listed all, w;
	char title[32], date[16];
	long off, lim;
	int i;

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	for (i = 0; i < 29; i++) {
		snprintf(title, sizeof title, "article %d", i);
		snprintf(date, sizeof date, "2015-08-%02d", 1 + (i * 7) % 5);
		make_article(&a, title, i % 6 == 5 ? NULL : date);
		put(c, &a, &res);
		ak_article_release(&a);
	}
	memset(&all, 0, sizeof all);
	assert_int_equal(ak_cache_list(c, 0, -1, collect, &all, &err), AK_OK);
	assert_int_equal(all.n, 29);
	for (off = 0; off <= 31; off++)
		for (lim = 0; lim <= 9; lim++) {
			memset(&w, 0, sizeof w);
			assert_int_equal(ak_cache_list(c, off, lim, collect,
			    &w, &err), AK_OK);
			assert_int_equal(w.n, off >= 29 ? 0 :
			    (int)(lim < 29 - off ? lim : 29 - off));
			for (i = 0; i < w.n; i++)
				assert_int_equal(w.id[i], all.id[off + i]);
		}
	ak_cache_close(c);
}

static void
test_cache_ref_links_when_story_arrives_later(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	struct ak_article a, b;
	struct ak_ref *r;
	enum ak_put_result res;
	int64_t id, later;

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	make_article(&a, "القصة الأولى", NULL);
	r = ak_article_add_ref(&a);
	ak_set_str(&r->title, "العراق... سباق سياسي ضاغط");
	id = put(c, &a, &res);
	ak_article_init(&b);
	assert_int_equal(ak_cache_get(c, id, &b, &err), AK_OK);
	assert_int_equal(b.nrefs, 1);
	assert_int_equal(b.refs[0].target, 0);
	ak_article_release(&b);

	make_article(&b, "العراق ... سباقٌ سياسيّ ضاغط", NULL);
	later = put(c, &b, &res);
	ak_article_release(&b);
	ak_article_init(&b);
	assert_int_equal(ak_cache_get(c, id, &b, &err), AK_OK);
	assert_int_equal(b.refs[0].target, later);
	ak_article_release(&a);
	ak_article_release(&b);
	ak_cache_close(c);
}

static void
test_cache_migrates_every_older_version(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c;
	int v;

	for (v = 0; v < AK_CACHE_VERSION; v++) {
		unlink(f->path);
		assert_int_equal(ak_mkdir_p(f->dir), 0);
		snprintf(f->path, sizeof(f->path), "%s/old%d.db", f->dir, v);
		if (v > 0)
			assert_int_equal(ak_cache_create_version(f->path, v,
			    &err), AK_OK);
		c = NULL;
		assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
		assert_int_equal(ak_cache_found_version(c), v);
		ak_cache_close(c);
		assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
		assert_int_equal(ak_cache_found_version(c), AK_CACHE_VERSION);
		ak_cache_close(c);
	}
}

/* The kept counts against a scan of the articles. */
static void
expect_counts(struct ak_cache *c, long articles, long unread, long starred)
{
	struct ak_error err = { 0, "" };
	struct ak_counts n;

	assert_int_equal(ak_cache_counts(c, &n, &err), AK_OK);
	assert_int_equal(n.articles, articles);
	assert_int_equal(n.unread, unread);
	assert_int_equal(n.starred, starred);
	assert_int_equal(ak_cache_count(c), articles);
	assert_int_equal(tu_sql_int(c, "SELECT count(*) FROM articles"),
	    articles);
	assert_int_equal(tu_sql_int(c, "SELECT total(read = 0) FROM articles"),
	    unread);
	assert_int_equal(tu_sql_int(c, "SELECT total(starred != 0) FROM "
	    "articles"), starred);
}

static void
test_cache_counts_follow_every_change(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	struct ak_article a;
	enum ak_put_result res;
	int64_t id[3];
	int i;

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	expect_counts(c, 0, 0, 0);
	for (i = 0; i < 3; i++) {
		char title[16];

		snprintf(title, sizeof title, "خبر %d", i);
		make_article(&a, title, "2015-08-01");
		id[i] = put(c, &a, &res);
		assert_int_equal(res, AK_PUT_ADDED);
		ak_article_release(&a);
	}
	expect_counts(c, 3, 3, 0);
	assert_int_equal(ak_cache_set_read(c, id[0], 1, &err), AK_OK);
	assert_int_equal(ak_cache_set_read(c, id[0], 1, &err), AK_OK);
	expect_counts(c, 3, 2, 0);
	assert_int_equal(ak_cache_set_starred(c, id[1], 1, &err), AK_OK);
	assert_int_equal(ak_cache_set_starred(c, id[0], 1, &err), AK_OK);
	assert_int_equal(ak_cache_set_starred(c, id[0], 0, &err), AK_OK);
	expect_counts(c, 3, 2, 1);
	/* an edited page keeps its state: nothing moves */
	make_article(&a, "خبر 1", "2015-08-01");
	ak_set_str(&a.subtitle, "عنوان فرعي جديد");
	put(c, &a, &res);
	assert_int_equal(res, AK_PUT_UPDATED);
	ak_article_release(&a);
	expect_counts(c, 3, 2, 1);
	assert_int_equal(ak_cache_delete(c, id[1], &err), AK_OK);
	expect_counts(c, 2, 1, 0);
	assert_int_equal(ak_cache_delete(c, id[0], &err), AK_OK);
	expect_counts(c, 1, 1, 0);
	/* a write that fails changes no count */
	assert_int_equal(ak_cache_begin(c, &err), AK_OK);
	assert_int_equal(ak_cache_set_read(c, id[2], 1, &err), AK_OK);
	ak_cache_rollback(c);
	expect_counts(c, 1, 1, 0);
	ak_cache_close(c);
}

/* A schema-1 cache with four articles (two read, two starred). */
static void
make_v1_cache(struct fx *f)
{
	struct ak_error err = { 0, "" };
	sqlite3 *db;

	assert_int_equal(ak_mkdir_p(f->dir), 0);
	snprintf(f->path, sizeof(f->path), "%s/v1.db", f->dir);
	assert_int_equal(ak_cache_create_version(f->path, 1, &err), AK_OK);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "INSERT INTO articles(ident, title, "
	    "title_key, hash, read, starred, "
	    "added, updated) VALUES "
	    "('key:a', 'a', 'a', 'h', 0, 0, 'now', 'now'),"
	    "('key:b', 'b', 'b', 'h', 1, 1, 'now', 'now'),"
	    "('key:c', 'c', 'c', 'h', 1, 0, 'now', 'now'),"
	    "('key:d', 'd', 'd', 'h', 0, 1, 'now', 'now')", NULL, NULL, NULL),
	    SQLITE_OK);
	sqlite3_close(db);
}

/* A cache from before the counts were kept gets them from its rows. */
static void
test_cache_migration_counts_existing_articles(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;

	make_v1_cache(f);
	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	assert_int_equal(ak_cache_found_version(c), 1);
	expect_counts(c, 4, 2, 2);
	ak_cache_close(c);
}

/*
 * Schema 10 made related again without foreign keys: the links of a
 * schema 9 cache are kept, and an article deleted still takes its links
 * either way with it (a trigger now), its twin's columns recounted.
 */
static void
test_cache_migration_10_keeps_links(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	sqlite3 *db;
	char *ok;
	int i;
	static const char *const fill =
	    "INSERT INTO publishers(id, name) VALUES (1, 'p1'), (2, 'p2');"
	    "INSERT INTO articles(id, ident, publisher_id, title, title_key,"
	    " hash, added, updated, sort_key) VALUES"
	    " (1, 'key:a', 1, 'a', 'a', 'h1', 'x', 'x', '2026-01-03'),"
	    " (2, 'key:b', 2, 'b', 'b', 'h2', 'x', 'x', '2026-01-02'),"
	    " (3, 'key:c', 1, 'c', 'c', 'h3', 'x', 'x', '2026-01-01');"
	    "INSERT INTO related VALUES (1, 2, 0.9, 'same-story'),"
	    " (2, 1, 0.9, 'same-story'), (1, 3, 0.3, 'related'),"
	    " (3, 1, 0.3, 'related'), (2, 3, 0.2, 'related');"
	    "UPDATE articles SET (twins, newer_twins, twin_papers) ="
	    " (SELECT twins, newer_twins, twin_papers FROM article_twins t"
	    " WHERE t.id = articles.id);";

	snprintf(f->path, sizeof(f->path), "%s/v9.db", f->dir);
	assert_int_equal(ak_cache_create_version(f->path, 9, &err), AK_OK);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	if (sqlite3_exec(db, fill, NULL, NULL, NULL) != SQLITE_OK)
		fail_msg("%s", sqlite3_errmsg(db));
	sqlite3_close(db);

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	assert_int_equal(ak_cache_found_version(c), 9);
	assert_int_equal(tu_sql_int(c, "SELECT count(*) FROM related"), 5);
	assert_int_equal(tu_sql_int(c, "SELECT count(*) FROM "
	    "pragma_foreign_key_list('related')"), 0);
	assert_int_equal(tu_sql_int(c, "SELECT twins FROM articles WHERE "
	    "id = 2"), 1);
	assert_int_equal(tu_sql_int(c, "SELECT newer_twins FROM articles "
	    "WHERE id = 2"), 1);
	for (i = 0; i < 2; i++) {
		/* 1 goes: every link naming it, either way */
		int rc = ak_cache_begin(c, &err);

		if (rc == AK_OK)
			rc = ak_cache_delete(c, 1, &err);
		if (rc == AK_OK)
			rc = ak_cache_commit(c, &err);
		assert_int_equal(rc, i == 0 ? AK_OK : AK_ENOTFOUND);
		if (rc != AK_OK)
			ak_cache_rollback(c);
	}
	assert_int_equal(tu_sql_int(c, "SELECT count(*) FROM related"), 1);
	assert_int_equal(tu_sql_int(c, "SELECT count(*) FROM related WHERE "
	    "article_id = 2 AND other_id = 3"), 1);
	assert_int_equal(tu_sql_int(c, "SELECT twins + newer_twins FROM "
	    "articles WHERE id = 2"), 0);
	assert_int_equal(tu_sql_int(c, "SELECT hidden FROM story_counts"), 0);
	ok = tu_sql_rows(c, "PRAGMA integrity_check", 0);
	assert_string_equal(ok, "ok\n");
	free(ok);
	ak_cache_close(c);
}

/* Read-only by choice (akhbar show) on an old cache that can be written:
 * upgraded first, then opened as asked. */
static void
test_cache_read_only_open_upgrades_a_writable_old_cache(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	struct ak_counts n;

	make_v1_cache(f);
	assert_int_equal(ak_cache_open(f->path, AK_CACHE_READONLY |
	    AK_CACHE_NOCREATE, &c, &err), AK_OK);
	assert_int_equal(ak_cache_found_version(c), AK_CACHE_VERSION);
	assert_int_equal(ak_cache_counts(c, &n, &err), AK_OK);
	assert_int_equal(n.articles, 4);
	assert_int_equal(n.unread, 2);
	ak_cache_close(c);
}

/* Frames in the write-ahead log (a passive checkpoint reports them). */
static int
wal_frames(struct ak_cache *c)
{
	/* the log's size in frames, from the file (WAL header 32 bytes, a
	 * frame 24 + page bytes) */
	struct stat st;
	char wal[4300];
	long page = (long)tu_sql_int(c, "PRAGMA page_size");

	snprintf(wal, sizeof(wal), "%s-wal", ak_cache_path(c));
	if (stat(wal, &st) != 0 || st.st_size < 32)
		return 0;
	return (int)((st.st_size - 32) / (24 + page));
}

/* Deferred, no write runs a checkpoint, however long the log grows. */
static void
test_cache_deferred_checkpoints_leave_the_log_alone(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	struct ak_article a;
	enum ak_put_result res;
	int64_t id;
	int i, frames;

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	make_article(&a, "خبر", NULL);
	id = put(c, &a, &res);
	ak_article_release(&a);
	ak_cache_checkpoint_every(c, 0);
	for (i = 0; i < 1200; i++)
		assert_int_equal(ak_cache_set_read(c, id, i % 2, &err), AK_OK);
	frames = wal_frames(c);
	assert_true(frames >= 1200);
	ak_cache_close(c);
}

static void
test_cache_refuses_newer_and_leaves_it_alone(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	char sql[128], *before, *after;
	size_t n1, n2;
	sqlite3 *db;

	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	ak_cache_close(c);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	snprintf(sql, sizeof(sql), "PRAGMA journal_mode = DELETE; "
	    "PRAGMA user_version = %d", AK_CACHE_VERSION + 1);
	assert_int_equal(sqlite3_exec(db, sql, NULL, NULL, NULL), SQLITE_OK);
	sqlite3_close(db);
	before = slurp(f->path, &n1);
	c = NULL;
	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_EVERSION);
	assert_null(c);
	assert_non_null(strstr(err.msg, "newer akhbar"));
	after = slurp(f->path, &n2);
	assert_int_equal(n1, n2);
	assert_memory_equal(before, after, n1);
	free(before);
	free(after);
}

static void
test_cache_refuses_a_file_that_is_not_a_database(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	const char *text = "صاروخان يؤجلان انسحاب\n";
	char *after;
	size_t n;
	sqlite3 *db;

	assert_int_equal(ak_mkdir_p(f->dir), 0);
	snprintf(f->path, sizeof(f->path), "%s/notes.txt", f->dir);
	assert_int_equal(ak_write_file_atomic(f->path, text, strlen(text), 1,
	    &err), AK_OK);
	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_ENOTDB);
	assert_non_null(strstr(err.msg, "not an akhbar cache"));
	after = slurp(f->path, &n);
	assert_string_equal(after, text);
	free(after);

	/* another program's SQLite database */
	snprintf(f->path, sizeof(f->path), "%s/other.db", f->dir);
	assert_int_equal(sqlite3_open(f->path, &db), SQLITE_OK);
	assert_int_equal(sqlite3_exec(db, "CREATE TABLE t(x)", NULL, NULL,
	    NULL), SQLITE_OK);
	sqlite3_close(db);
	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_ENOTDB);
	assert_non_null(strstr(err.msg, "another program"));

	/* a directory */
	assert_int_equal(ak_cache_open(f->dir, 0, &c, &err), AK_EIO);
}

static void
test_cache_two_processes_open_and_write_at_once(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	pid_t pids[2];
	int i, k, status;

	for (i = 0; i < 2; i++) {
		pids[i] = fork();
		assert_true(pids[i] >= 0);
		if (pids[i] == 0) {
			struct ak_article a;
			enum ak_put_result res;
			char title[64];
			int64_t id;

			if (ak_cache_open(f->path, 0, &c, &err) != AK_OK)
				_exit(10);
			for (k = 0; k < 40; k++) {
				snprintf(title, sizeof(title), "p%d-%d", i, k);
				make_article(&a, title, NULL);
				if (ak_cache_begin(c, &err) != AK_OK ||
				    tu_put(c, &a, &id, &res, &err)
				    != AK_OK ||
				    ak_cache_commit(c, &err) != AK_OK)
					_exit(11);
				ak_article_release(&a);
			}
			ak_cache_close(c);
			_exit(0);
		}
	}
	for (i = 0; i < 2; i++) {
		assert_int_equal(waitpid(pids[i], &status, 0), pids[i]);
		assert_true(WIFEXITED(status));
		assert_int_equal(WEXITSTATUS(status), 0);
	}
	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	assert_int_equal(ak_cache_count(c), 80);
	ak_cache_close(c);
}

static void
test_cache_read_only_open_reads_and_refuses_writes(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };
	struct ak_cache *c = NULL;
	struct ak_article a;
	enum ak_put_result res;
	int64_t id;
	int rc;

	assert_int_equal(ak_cache_open(f->path, AK_CACHE_READONLY |
	    AK_CACHE_NOCREATE, &c, &err), AK_ENOTFOUND);
	assert_int_equal(ak_cache_open(f->path, 0, &c, &err), AK_OK);
	make_article(&a, "x", NULL);
	put(c, &a, &res);
	ak_cache_close(c);
	/* (a chmod 0444 file would not do: root, as in CI, writes it anyway) */
	assert_int_equal(ak_cache_open(f->path, AK_CACHE_READONLY, &c, &err),
	    AK_OK);
	assert_int_equal(ak_cache_count(c), 1);
	ak_set_str(&a.title, "y");
	rc = ak_cache_begin(c, &err);
	if (rc == AK_OK)
		rc = tu_put(c, &a, &id, &res, &err);
	assert_int_equal(rc, AK_EREADONLY);
	assert_non_null(strstr(err.msg, "read-only"));
	ak_cache_rollback(c);
	ak_cache_close(c);
	ak_article_release(&a);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
#define T(name) cmocka_unit_test_setup_teardown(name, setup, teardown)
		T(test_cache_creates_folder_and_reopens),
		T(test_cache_same_article_is_unchanged_edit_keeps_state),
		T(test_cache_list_newest_first_undated_last),
		T(test_cache_list_windows_from_either_end),
		T(test_cache_ref_links_when_story_arrives_later),
		T(test_cache_migrates_every_older_version),
		T(test_cache_counts_follow_every_change),
		T(test_cache_migration_counts_existing_articles),
		T(test_cache_migration_10_keeps_links),
		T(test_cache_read_only_open_upgrades_a_writable_old_cache),
		T(test_cache_deferred_checkpoints_leave_the_log_alone),
		T(test_cache_refuses_newer_and_leaves_it_alone),
		T(test_cache_refuses_a_file_that_is_not_a_database),
		T(test_cache_two_processes_open_and_write_at_once),
		T(test_cache_read_only_open_reads_and_refuses_writes),
#undef T
	};

	return cmocka_run_group_tests_name("cache", tests, NULL, NULL);
}
