/*
 * The reader's lists: a feed's, a publisher's or the unread articles in
 * list order (newest first, undated last), their counts, the next unread
 * article, marking a list read, and the feeds and publishers with their
 * counts for the feeds view.
 *
 * Schema 4 made this cheap: an index per filter in list order, so that a
 * window of a filtered list is read from an index alone as the whole
 * list's is (ak_cache_list), and the counts per feed and per publisher
 * kept by triggers (group_counts), so that neither the feeds view nor a
 * filtered list's header counts articles.  A feed's unread list reads
 * the feed's index and skips the read rows: a feed is small.
 *
 * Schema 5 collapses the same story from several papers into one row:
 * an article with a same-story link to a newer one (newer_twins, kept by
 * triggers with its twins and their papers, cache_schema.c) is left out
 * of the collapsed list, which has an index of its own and a count of
 * the hidden ones, so that it costs what the whole list does, its end
 * included (read from the index's other end).  Counting, marking read
 * and finding the next unread article see the hidden twins: the list
 * holds them, under their story's row.
 */
#include "config.h"

#include "akhbar/cache.h"
#include "cache_impl.h"

#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/error.h"

enum { G_FEED = 0, G_PUBLISHER = 1 };	/* group_counts.kind */

/* The whole list, one row per story: what collapses. */
static int
collapse_only(const struct ak_list_filter *f)
{
	return f && f->collapse && !f->feed && !f->publisher && !f->unread &&
		!f->story;
}

static int
filtered(const struct ak_list_filter *f)
{
	return f && (f->feed || f->publisher || f->unread || f->story ||
		collapse_only(f));
}

/*
 * " AND ..." for f: ?10 the feed, ?11 the publisher, ?12 the story
 * (bind_filter); hide: leave out the twins a collapsed list hides.
 */
static void
add_where(struct ak_buf *b, const struct ak_list_filter *f, int hide)
{
	if (!f)
		return;
	if (f->feed)
		ak_buf_addstr(b, " AND feed_id = ?10");
	if (f->publisher)
		ak_buf_addstr(b, " AND publisher_id = ?11");
	if (f->unread)
		ak_buf_addstr(b, " AND read = 0");
	if (f->story)
		ak_buf_addstr(b, " AND id IN (SELECT other_id FROM related "
		    "WHERE article_id = ?12 AND kind = 'same-story' UNION "
		    "SELECT article_id FROM related WHERE other_id = ?12 AND "
		    "kind = 'same-story')");
	if (hide && collapse_only(f))
		ak_buf_addstr(b, " AND newer_twins = 0");
}

static void
bind_filter(sqlite3_stmt *st, const struct ak_list_filter *f)
{
	if (f && f->feed)
		sqlite3_bind_int64(st, 10, f->feed);
	if (f && f->publisher)
		sqlite3_bind_int64(st, 11, f->publisher);
	if (f && f->story)
		sqlite3_bind_int64(st, 12, f->story);
}

/* The twins the collapsed list hides (a row the triggers keep). */
static int
hidden_count(struct ak_cache *c, long *n, struct ak_error *err)
{
	int v = 0;

	if (cache_query_ints(c->db, "SELECT hidden FROM story_counts WHERE "
	    "id = 1", &v, 1) != 0)
		return ak_error_set(err, AK_ECACHE, "%s: the story counts "
		    "are missing", c->path);
	*n = v;
	return AK_OK;
}

static int
prepare(struct ak_cache *c, const struct ak_buf *sql, sqlite3_stmt **st,
	struct ak_error *err, const char *what)
{
	int rc = sqlite3_prepare_v2(c->db, sql->data, (int)sql->len, st, NULL);

	if (rc != SQLITE_OK) {
		*st = NULL;
		return ak_cache_error(c, rc, err, what);
	}
	return AK_OK;
}

int
ak_cache_list_where(struct ak_cache *c, const struct ak_list_filter *f,
	long offset, long limit, ak_list_fn fn, void *ctx,
	struct ak_error *err)
{
	struct ak_buf sql = AK_BUF_INIT;
	struct ak_list_row row;
	struct ak_counts n;
	sqlite3_stmt *st = NULL;
	long visible = 0, hidden = 0;
	int rc, back = 0;

	if (!filtered(f))
		return ak_cache_list(c, offset, limit, fn, ctx, err);
	if (offset < 0)
		offset = 0;
	/* the collapsed list's second half from the index's other end */
	if (collapse_only(f) && limit >= 0 && offset > 0 &&
	    ak_cache_counts(c, &n, NULL) == AK_OK &&
	    hidden_count(c, &hidden, NULL) == AK_OK) {
		visible = n.articles - hidden;
		back = offset > visible / 2;
	}
	/* the window's ids from the filter's index alone, then the rows */
	ak_buf_addstr(&sql, "SELECT a.id, a.title, p.name, a.published, "
	    "a.section, a.read, a.starred, a.twins, a.twin_papers FROM "
	    "(SELECT id FROM articles WHERE 1");
	add_where(&sql, f, 1);
	if (back)
		ak_buf_addstr(&sql, " ORDER BY sort_key, id LIMIT "
		    "max(0, min(?1, ?3 - ?2)) OFFSET max(0, ?3 - ?2 - ?1)");
	else
		ak_buf_addstr(&sql, " ORDER BY sort_key DESC, id DESC "
		    "LIMIT ?1 OFFSET ?2");
	ak_buf_addstr(&sql, ") w JOIN articles a ON a.id = w.id LEFT JOIN "
	    "publishers p ON p.id = a.publisher_id "
	    "ORDER BY a.sort_key DESC, a.id DESC");
	rc = prepare(c, &sql, &st, err, "listing articles");
	if (rc != AK_OK)
		goto out;
	sqlite3_bind_int64(st, 1, limit);
	sqlite3_bind_int64(st, 2, offset);
	if (back)
		sqlite3_bind_int64(st, 3, visible);
	bind_filter(st, f);
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		row.id = sqlite3_column_int64(st, 0);
		row.title = (const char *)sqlite3_column_text(st, 1);
		row.publisher = (const char *)sqlite3_column_text(st, 2);
		row.published = (const char *)sqlite3_column_text(st, 3);
		row.section = (const char *)sqlite3_column_text(st, 4);
		row.read = sqlite3_column_int(st, 5);
		row.starred = sqlite3_column_int(st, 6);
		row.twins = sqlite3_column_int(st, 7);
		row.twin_papers = (const char *)sqlite3_column_text(st, 8);
		rc = fn(ctx, &row);
		if (rc != AK_OK)
			goto out;
	}
	rc = rc == SQLITE_DONE ? AK_OK :
	    ak_cache_error(c, rc, err, "listing articles");
out:
	sqlite3_finalize(st);
	ak_buf_release(&sql);
	return rc;
}

/* Articles and unread ones of a feed or publisher, from group_counts. */
static int
group_count(struct ak_cache *c, int kind, int64_t key, long *articles,
	long *unread, struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc;

	*articles = *unread = 0;
	rc = sqlite3_prepare_v2(c->db, "SELECT articles, unread FROM "
	    "group_counts WHERE kind = ?1 AND key = ?2", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "counting");
	sqlite3_bind_int(st, 1, kind);
	sqlite3_bind_int64(st, 2, key);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*articles = (long)sqlite3_column_int64(st, 0);
		*unread = (long)sqlite3_column_int64(st, 1);
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "counting");
	return AK_OK;
}

int
ak_cache_counts_where(struct ak_cache *c, const struct ak_list_filter *f,
	struct ak_counts *n, struct ak_error *err)
{
	struct ak_buf sql = AK_BUF_INIT;
	sqlite3_stmt *st = NULL;
	long hidden = 0;
	int rc;

	memset(n, 0, sizeof *n);
	if (!f || (!f->feed && !f->publisher && !f->story)) {
		rc = ak_cache_counts(c, n, err);
		if (rc == AK_OK && f && f->unread)
			n->articles = n->unread;
		/* the articles all counted, the hidden twins no row */
		if (rc == AK_OK && collapse_only(f))
			rc = hidden_count(c, &hidden, err);
		n->rows = n->articles - hidden;
		return rc;
	}
	if ((f->feed && f->publisher) || f->story) {
		/* a feed and a publisher, a story: count them (small) */
		ak_buf_addstr(&sql, "SELECT count(*), total(read = 0) FROM "
		    "articles WHERE 1");
		add_where(&sql, f, 0);
		rc = prepare(c, &sql, &st, err, "counting");
		if (rc == AK_OK) {
			bind_filter(st, f);
			rc = sqlite3_step(st);
			if (rc == SQLITE_ROW) {
				n->articles = (long)sqlite3_column_int64(st,
				    0);
				n->unread = (long)sqlite3_column_double(st,
				    1);
				rc = AK_OK;
			} else {
				rc = ak_cache_error(c, rc, err, "counting");
			}
		}
		sqlite3_finalize(st);
		ak_buf_release(&sql);
		if (f->unread)
			n->articles = n->unread;
		n->rows = n->articles;
		return rc;
	}
	rc = group_count(c, f->feed ? G_FEED : G_PUBLISHER,
	    f->feed ? f->feed : f->publisher, &n->articles, &n->unread, err);
	if (rc == AK_OK && f->unread)
		n->articles = n->unread;
	n->rows = n->articles;
	return rc;
}

/*
 * The row a twin the collapsed list hides is under: its newest twin, or
 * that one's if it is hidden too (a chain of links), into *head.
 */
static int
story_head(struct ak_cache *c, int64_t id, int64_t *head,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	int rc, k, hidden = 1;

	*head = id;
	rc = sqlite3_prepare_v2(c->db, "SELECT a.id, a.newer_twins FROM "
	    "articles a WHERE a.id IN (SELECT other_id FROM related WHERE "
	    "article_id = ?1 AND kind = 'same-story' UNION SELECT article_id "
	    "FROM related WHERE other_id = ?1 AND kind = 'same-story') "
	    "ORDER BY a.sort_key DESC, a.id DESC LIMIT 1", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "finding a story");
	/* each step goes to a newer article: a chain ends (bounded too) */
	for (k = 0; k < 100 && hidden; k++) {
		sqlite3_bind_int64(st, 1, *head);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW) {
			*head = sqlite3_column_int64(st, 0);
			hidden = sqlite3_column_int(st, 1) > 0;
		} else {
			hidden = 0;
		}
		sqlite3_reset(st);
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			break;
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_ROW && rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "finding a story");
	return AK_OK;
}

int
ak_cache_next_unread(struct ak_cache *c, const struct ak_list_filter *f,
	int64_t after, int64_t *id, long *pos, int64_t *head,
	struct ak_error *err)
{
	struct ak_buf sql = AK_BUF_INIT;
	sqlite3_stmt *st = NULL;
	char *key = NULL;
	int64_t at;
	int rc, hidden;

	*id = 0;
	if (head)
		*head = 0;
	if (pos)
		*pos = -1;
	/* the article after which to look: its place in the order */
	if (after > 0) {
		rc = sqlite3_prepare_v2(c->db, "SELECT sort_key FROM articles "
		    "WHERE id = ?1", -1, &st, NULL);
		if (rc != SQLITE_OK)
			return ak_cache_error(c, rc, err, "finding unread");
		sqlite3_bind_int64(st, 1, after);
		rc = sqlite3_step(st);
		if (rc == SQLITE_ROW)
			key = cache_col_str(st, 0);
		sqlite3_finalize(st);
		st = NULL;
		if (rc != SQLITE_ROW && rc != SQLITE_DONE)
			return ak_cache_error(c, rc, err, "finding unread");
		if (!key)
			after = 0;	/* gone meanwhile: from the top */
	}
	ak_buf_addstr(&sql, "SELECT id, sort_key, newer_twins FROM articles "
	    "WHERE read = 0");
	add_where(&sql, f, 0);
	if (after > 0)
		ak_buf_addstr(&sql, " AND (sort_key, id) < (?1, ?2)");
	ak_buf_addstr(&sql, " ORDER BY sort_key DESC, id DESC LIMIT 1");
	rc = prepare(c, &sql, &st, err, "finding unread");
	if (rc != AK_OK)
		goto out;
	bind_filter(st, f);
	if (after > 0) {
		sqlite3_bind_text(st, 1, key, -1, SQLITE_STATIC);
		sqlite3_bind_int64(st, 2, after);
	}
	rc = sqlite3_step(st);
	if (rc == SQLITE_DONE) {
		rc = ak_error_set(err, AK_ENOTFOUND, "no unread article");
		goto out;
	}
	if (rc != SQLITE_ROW) {
		rc = ak_cache_error(c, rc, err, "finding unread");
		goto out;
	}
	*id = sqlite3_column_int64(st, 0);
	free(key);
	key = cache_col_str(st, 1);
	hidden = collapse_only(f) && sqlite3_column_int(st, 2) > 0;
	sqlite3_finalize(st);
	st = NULL;
	rc = AK_OK;
	at = *id;
	/* a twin the list hides: where its story's row is */
	if (hidden && (head || pos)) {
		rc = story_head(c, *id, &at, err);
		if (rc == AK_OK && at != *id) {
			free(key);
			key = NULL;
			rc = sqlite3_prepare_v2(c->db, "SELECT sort_key FROM "
			    "articles WHERE id = ?1", -1, &st, NULL);
			if (rc != SQLITE_OK) {
				st = NULL;
				rc = ak_cache_error(c, rc, err,
				    "finding unread");
				goto out;
			}
			sqlite3_bind_int64(st, 1, at);
			if (sqlite3_step(st) == SQLITE_ROW)
				key = cache_col_str(st, 0);
			sqlite3_finalize(st);
			st = NULL;
		}
		if (rc != AK_OK)
			goto out;
	}
	if (head)
		*head = at;
	if (!pos)
		goto out;
	/* its place in the list: the rows before it (an index range) */
	ak_buf_reset(&sql);
	ak_buf_addstr(&sql, "SELECT count(*) FROM articles WHERE "
	    "(sort_key, id) > (?1, ?2)");
	add_where(&sql, f, 1);
	rc = prepare(c, &sql, &st, err, "finding unread");
	if (rc != AK_OK)
		goto out;
	bind_filter(st, f);
	sqlite3_bind_text(st, 1, key ? key : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, at);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*pos = (long)sqlite3_column_int64(st, 0);
		rc = AK_OK;
	} else {
		rc = ak_cache_error(c, rc, err, "finding unread");
	}
out:
	sqlite3_finalize(st);
	free(key);
	ak_buf_release(&sql);
	return rc;
}

int
ak_cache_position(struct ak_cache *c, const struct ak_list_filter *f,
	int64_t id, long *pos, struct ak_error *err)
{
	struct ak_buf sql = AK_BUF_INIT;
	sqlite3_stmt *st = NULL;
	char *key = NULL;
	int rc;

	*pos = -1;
	ak_buf_addstr(&sql, "SELECT sort_key FROM articles WHERE id = ?1");
	add_where(&sql, f, 1);
	rc = prepare(c, &sql, &st, err, "finding an article");
	if (rc != AK_OK)
		goto out;
	bind_filter(st, f);
	sqlite3_bind_int64(st, 1, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW)
		key = cache_col_str(st, 0);
	sqlite3_finalize(st);
	st = NULL;
	if (rc == SQLITE_DONE) {
		rc = ak_error_set(err, AK_ENOTFOUND, "article %lld is not in "
		    "the list", (long long)id);
		goto out;
	}
	if (rc != SQLITE_ROW) {
		rc = ak_cache_error(c, rc, err, "finding an article");
		goto out;
	}
	/* the rows before it: an index range */
	ak_buf_reset(&sql);
	ak_buf_addstr(&sql, "SELECT count(*) FROM articles WHERE "
	    "(sort_key, id) > (?1, ?2)");
	add_where(&sql, f, 1);
	rc = prepare(c, &sql, &st, err, "finding an article");
	if (rc != AK_OK)
		goto out;
	bind_filter(st, f);
	sqlite3_bind_text(st, 1, key ? key : "", -1, SQLITE_STATIC);
	sqlite3_bind_int64(st, 2, id);
	rc = sqlite3_step(st);
	if (rc == SQLITE_ROW) {
		*pos = (long)sqlite3_column_int64(st, 0);
		rc = AK_OK;
	} else {
		rc = ak_cache_error(c, rc, err, "finding an article");
	}
out:
	sqlite3_finalize(st);
	free(key);
	ak_buf_release(&sql);
	return rc;
}

int
ak_cache_mark_read_where(struct ak_cache *c, const struct ak_list_filter *f,
	long *changed, struct ak_error *err)
{
	struct ak_buf sql = AK_BUF_INIT;
	sqlite3_stmt *st = NULL;
	int rc;

	if (changed)
		*changed = 0;
	ak_buf_addstr(&sql, "UPDATE articles SET read = 1 WHERE read = 0");
	add_where(&sql, f, 0);
	rc = prepare(c, &sql, &st, err, "marking articles read");
	if (rc == AK_OK) {
		bind_filter(st, f);
		rc = sqlite3_step(st);
		if (rc == SQLITE_DONE) {
			if (changed)
				*changed = (long)sqlite3_changes(c->db);
			rc = AK_OK;
		} else {
			rc = ak_cache_error(c, rc, err,
			    "marking articles read");
		}
	}
	sqlite3_finalize(st);
	ak_buf_release(&sql);
	return rc;
}

int
ak_cache_groups(struct ak_cache *c, int publishers,
	int (*fn)(void *ctx, const struct ak_group *g), void *ctx,
	struct ak_error *err)
{
	sqlite3_stmt *st = NULL;
	struct ak_group g;
	int rc;

	if (publishers)
		rc = sqlite3_prepare_v2(c->db, "SELECT p.id, p.name, NULL, "
		    "g.articles, g.unread, NULL, NULL FROM publishers p "
		    "JOIN group_counts g ON g.kind = 1 AND g.key = p.id "
		    "WHERE g.articles > 0 ORDER BY p.id", -1, &st, NULL);
	else
		rc = sqlite3_prepare_v2(c->db, "SELECT f.id, "
		    "coalesce(f.name, f.title, f.url), f.url, "
		    "coalesce(g.articles, 0), coalesce(g.unread, 0), "
		    "f.last_status, f.last_error FROM feeds f "
		    "LEFT JOIN group_counts g ON g.kind = 0 AND g.key = f.id "
		    "ORDER BY f.id", -1, &st, NULL);
	if (rc != SQLITE_OK)
		return ak_cache_error(c, rc, err, "reading the feeds");
	while ((rc = sqlite3_step(st)) == SQLITE_ROW) {
		memset(&g, 0, sizeof g);
		g.id = sqlite3_column_int64(st, 0);
		g.name = (const char *)sqlite3_column_text(st, 1);
		g.url = (const char *)sqlite3_column_text(st, 2);
		g.articles = (long)sqlite3_column_int64(st, 3);
		g.unread = (long)sqlite3_column_int64(st, 4);
		g.status = (const char *)sqlite3_column_text(st, 5);
		g.error = (const char *)sqlite3_column_text(st, 6);
		g.publisher = publishers;
		rc = fn(ctx, &g);
		if (rc != AK_OK) {
			sqlite3_finalize(st);
			return rc;
		}
	}
	sqlite3_finalize(st);
	if (rc != SQLITE_DONE)
		return ak_cache_error(c, rc, err, "reading the feeds");
	return AK_OK;
}
