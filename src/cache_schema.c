/*
 * The cache schema, as forward-only migrations: migration N takes a cache
 * from user_version N-1 to N.  Never edit a migration that has shipped:
 * add a new one.  A migration is SQL, and may have a C step after it for
 * what SQL cannot compute (identity keys, packed vectors).
 *
 * Tables: publishers; articles (one row per story, with the fields of the
 * article model, a content hash for change detection and a fingerprint of
 * its body, ident.h); aliases (other keys of a stored article); blocks
 * and refs (ordered by seq); related (found related stories); terms (the
 * document frequencies related-story scoring uses), vectors (each
 * article's strongest terms, packed) and postings (the inverted index of
 * those terms); art_fts (FTS5 over folded, stemmed text, rowid = article
 * id); feeds; imports (a log of what was imported).
 */
#include "config.h"

#include "cache_impl.h"

#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/ident.h"

/*
 * For schema 6: the ids of article x's same-story twins (links either
 * way), and the three columns kept from them for the article row x (the
 * table name the outer statement gives the article): how many twins, how
 * many of them come before it in list order (newer), and the names of
 * their papers other than its own, the paper of the newest twin first.
 */
#define TWIN_IDS(x) \
	"SELECT other_id AS t FROM related WHERE article_id = " x ".id" \
	" AND kind = 'same-story' UNION SELECT article_id FROM related" \
	" WHERE other_id = " x ".id AND kind = 'same-story'"
#define TWIN_COLUMNS(x) \
	" twins = (SELECT count(*) FROM (" TWIN_IDS(x) "))," \
	" newer_twins = (SELECT count(*) FROM (" TWIN_IDS(x) ") t" \
	" JOIN articles o ON o.id = t.t" \
	" WHERE (o.sort_key, o.id) > (" x ".sort_key, " x ".id))," \
	" twin_papers = (SELECT group_concat(name, '\xd8\x8c ') FROM" \
	" (SELECT p.name AS name FROM (" TWIN_IDS(x) ") t" \
	" JOIN articles o ON o.id = t.t JOIN publishers p" \
	" ON p.id = o.publisher_id" \
	" WHERE o.publisher_id IS NOT " x ".publisher_id" \
	" GROUP BY p.id ORDER BY max(o.sort_key) DESC, p.id))"
/* For schema 8: the same three as the columns of a view (x: "a"). */
#define TWIN_VALUES(x) \
	" (SELECT count(*) FROM (" TWIN_IDS(x) ")) AS twins," \
	" (SELECT count(*) FROM (" TWIN_IDS(x) ") t" \
	" JOIN articles o ON o.id = t.t" \
	" WHERE (o.sort_key, o.id) > (" x ".sort_key, " x ".id))" \
	" AS newer_twins," \
	" (SELECT group_concat(name, '\xd8\x8c ') FROM" \
	" (SELECT p.name AS name FROM (" TWIN_IDS(x) ") t" \
	" JOIN articles o ON o.id = t.t JOIN publishers p" \
	" ON p.id = o.publisher_id" \
	" WHERE o.publisher_id IS NOT " x ".publisher_id" \
	" GROUP BY p.id ORDER BY max(o.sort_key) DESC, p.id))" \
	" AS twin_papers"
/* Set the three columns of the articles the outer statement picks. */
#define TWIN_RECOUNT \
	"  UPDATE articles SET (twins, newer_twins, twin_papers) ="\
	"    (SELECT twins, newer_twins, twin_papers FROM article_twins t"\
	"    WHERE t.id = articles.id)"
/* The triggers over related of schema 7 and 8, as schema 10 makes them
 * again. */
#define TWINS_RELINK \
	"CREATE TRIGGER twins_relink BEFORE INSERT ON related" \
	"  WHEN NEW.kind != 'same-story' BEGIN" \
	"  DELETE FROM related WHERE article_id = NEW.article_id" \
	"    AND other_id = NEW.other_id AND kind = 'same-story';" \
	"END;"
#define TWINS_UNLINK \
	"CREATE TRIGGER twins_unlink AFTER DELETE ON related" \
	"  WHEN OLD.kind = 'same-story' AND NOT EXISTS (SELECT 1 FROM" \
	"  related WHERE article_id = OLD.other_id AND other_id =" \
	"  OLD.article_id AND kind = 'same-story') BEGIN" \
	TWIN_RECOUNT " WHERE id IN (OLD.article_id, OLD.other_id);" \
	"END;"
#define TWINS_ORDER \
	"CREATE TRIGGER twins_order AFTER UPDATE OF sort_key, publisher_id" \
	"  ON articles WHEN NEW.twins > 0 AND (OLD.sort_key IS NOT" \
	"  NEW.sort_key OR OLD.publisher_id IS NOT NEW.publisher_id) BEGIN" \
	TWIN_RECOUNT " WHERE id = NEW.id OR id IN (SELECT other_id FROM" \
	"    related WHERE article_id = NEW.id AND kind = 'same-story')" \
	"    OR id IN (SELECT article_id FROM related WHERE other_id =" \
	"    NEW.id AND kind = 'same-story');" \
	"END;"

static const char *const migrations[] = {
	/* 1: the first schema */
	"CREATE TABLE publishers("
	"  id INTEGER PRIMARY KEY,"
	"  name TEXT NOT NULL UNIQUE);"
	"CREATE TABLE articles("
	"  id INTEGER PRIMARY KEY,"
	"  ident TEXT NOT NULL UNIQUE,"	/* guid:, url: or key: identity */
	"  guid TEXT, url TEXT,"
	"  publisher_id INTEGER REFERENCES publishers(id),"
	"  title TEXT NOT NULL,"
	"  title_key TEXT NOT NULL,"
	"  subtitle TEXT, section TEXT, byline TEXT, dateline TEXT,"
	"  published TEXT, date_raw TEXT, source TEXT, lang TEXT,"
	"  sort_key TEXT NOT NULL DEFAULT '',"
	"  hash TEXT NOT NULL,"
	"  read INTEGER NOT NULL DEFAULT 0,"
	"  starred INTEGER NOT NULL DEFAULT 0,"
	"  added TEXT NOT NULL,"
	"  updated TEXT NOT NULL);"
	"CREATE INDEX articles_order ON articles(sort_key DESC, id DESC);"
	"CREATE INDEX articles_title_key ON articles(title_key);"
	"CREATE TABLE blocks("
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  text TEXT NOT NULL,"
	"  credit TEXT,"
	"  PRIMARY KEY(article_id, seq)) WITHOUT ROWID;"
	"CREATE TABLE refs("
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	"  seq INTEGER NOT NULL,"
	"  title TEXT NOT NULL,"
	"  title_key TEXT NOT NULL,"
	"  section TEXT, caption TEXT, summary TEXT, byline TEXT,"
	"  target_id INTEGER REFERENCES articles(id) ON DELETE SET NULL,"
	"  PRIMARY KEY(article_id, seq)) WITHOUT ROWID;"
	"CREATE INDEX refs_title_key ON refs(title_key);"
	"CREATE INDEX refs_target ON refs(target_id);"
	"CREATE TABLE related("
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	"  other_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	"  score REAL NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  PRIMARY KEY(article_id, other_id)) WITHOUT ROWID;"
	"CREATE INDEX related_other ON related(other_id);"
	"CREATE TABLE terms("	/* df counts linked versions; id 0 = N */
	"  id INTEGER PRIMARY KEY,"	/* 48-bit hash of term (link.c) */
	"  term TEXT NOT NULL,"
	"  df INTEGER NOT NULL DEFAULT 0);"
	"CREATE TABLE article_terms("	/* an article's strongest terms */
	"  article_id INTEGER NOT NULL REFERENCES articles(id) ON DELETE CASCADE,"
	"  term_id INTEGER NOT NULL,"	/* terms(id); terms are never deleted */
	"  tf INTEGER NOT NULL,"		/* weighted count */
	"  weight REAL NOT NULL,"		/* unit length, IDF at import */
	"  PRIMARY KEY(article_id, term_id)) WITHOUT ROWID;"
	"CREATE INDEX article_terms_term ON article_terms(term_id, weight DESC);"
	/* stems in title..byline, folded surface words in title_w and
	 * text_w (prefix queries); marks stay inside words (search.c) */
	"CREATE VIRTUAL TABLE art_fts USING fts5("
	"  title, subtitle, body, byline, title_w, text_w,"
	"  tokenize = 'ascii' );"
	"CREATE TRIGGER articles_fts_delete AFTER DELETE ON articles BEGIN"
	"  DELETE FROM art_fts WHERE rowid = old.id;"
	"END;"
	"CREATE TABLE feeds("
	"  id INTEGER PRIMARY KEY,"
	"  url TEXT NOT NULL UNIQUE,"
	"  title TEXT, etag TEXT, last_modified TEXT, last_fetch TEXT,"
	"  added TEXT NOT NULL);"
	"CREATE TABLE imports("
	"  id INTEGER PRIMARY KEY,"
	"  source TEXT NOT NULL,"
	"  at TEXT NOT NULL,"
	"  added INTEGER NOT NULL DEFAULT 0,"
	"  updated INTEGER NOT NULL DEFAULT 0,"
	"  unchanged INTEGER NOT NULL DEFAULT 0,"
	"  status TEXT NOT NULL,"
	"  message TEXT);",
	/*
	 * 2: the article counts, kept by triggers, so that the reader's
	 * header and 'akhbar stats' need no scan of the articles (count(*)
	 * over 100,000 of them takes 15-30 ms).  read and starred hold 0
	 * or 1 (cache.c writes nothing else).
	 */
	"CREATE TABLE article_counts("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  articles INTEGER NOT NULL,"
	"  unread INTEGER NOT NULL,"
	"  starred INTEGER NOT NULL);"
	"INSERT INTO article_counts VALUES (1,"
	"  (SELECT count(*) FROM articles),"
	"  (SELECT count(*) FROM articles WHERE read = 0),"
	"  (SELECT count(*) FROM articles WHERE starred != 0));"
	"CREATE TRIGGER articles_count_insert AFTER INSERT ON articles BEGIN"
	"  UPDATE article_counts SET articles = articles + 1,"
	"    unread = unread + (new.read = 0),"
	"    starred = starred + (new.starred != 0) WHERE id = 1;"
	"END;"
	"CREATE TRIGGER articles_count_delete AFTER DELETE ON articles BEGIN"
	"  UPDATE article_counts SET articles = articles - 1,"
	"    unread = unread - (old.read = 0),"
	"    starred = starred - (old.starred != 0) WHERE id = 1;"
	"END;"
	"CREATE TRIGGER articles_count_flags"
	"  AFTER UPDATE OF read, starred ON articles BEGIN"
	"  UPDATE article_counts SET"
	"    unread = unread + (new.read = 0) - (old.read = 0),"
	"    starred = starred + (new.starred != 0) - (old.starred != 0)"
	"  WHERE id = 1;"
	"END;",
	/*
	 * 3: identity (ident.h): body fingerprints, aliases (another URL
	 * or guid of a stored article), keys recomputed by the C step;
	 * which feed an article came from; feed settings and outcomes;
	 * related stories as one vector row per article (its strongest
	 * terms and their weights, packed) and a postings index with one
	 * B-tree instead of article_terms' two, converted by the C step.
	 * A vector's postings are deleted with it by cache_related.c, which
	 * knows the packed terms (a posting left behind by a deletion
	 * outside akhbar names an article with no vector and is skipped).
	 */
	"ALTER TABLE articles ADD COLUMN fp BLOB;"
	"ALTER TABLE articles ADD COLUMN feed_id INTEGER"
	"  REFERENCES feeds(id) ON DELETE SET NULL;"
	"CREATE INDEX articles_feed ON articles(feed_id);"
	"CREATE TABLE aliases("
	"  ident TEXT PRIMARY KEY,"
	"  article_id INTEGER NOT NULL"
	"    REFERENCES articles(id) ON DELETE CASCADE) WITHOUT ROWID;"
	"CREATE INDEX aliases_article ON aliases(article_id);"
	"ALTER TABLE feeds ADD COLUMN name TEXT;"
	"ALTER TABLE feeds ADD COLUMN full_text INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE feeds ADD COLUMN last_ok TEXT;"
	"ALTER TABLE feeds ADD COLUMN last_status TEXT;"
	"ALTER TABLE feeds ADD COLUMN last_error TEXT;"
	"CREATE TABLE vectors("
	"  article_id INTEGER PRIMARY KEY"
	"    REFERENCES articles(id) ON DELETE CASCADE,"
	"  days INTEGER,"		/* published, days since 1970 */
	"  v BLOB NOT NULL);"
	"CREATE TABLE postings("
	"  term_id INTEGER NOT NULL,"
	"  weight REAL NOT NULL,"
	"  article_id INTEGER NOT NULL,"
	"  PRIMARY KEY(term_id, weight, article_id)) WITHOUT ROWID;",
	/*
	 * 4: the reader's lists (cache_lists.c): a feed's, a publisher's
	 * and the unread articles in list order from an index alone, so
	 * that their windows cost what the whole list's do; articles and
	 * unread ones per feed (kind 0) and per publisher (kind 1) kept by
	 * triggers, so that the feeds view and a filtered list's header
	 * need no count of the articles.
	 */
	"CREATE INDEX articles_feed_order"
	"  ON articles(feed_id, sort_key DESC, id DESC);"
	"CREATE INDEX articles_publisher_order"
	"  ON articles(publisher_id, sort_key DESC, id DESC);"
	"CREATE INDEX articles_unread_order"
	"  ON articles(sort_key DESC, id DESC) WHERE read = 0;"
	"CREATE TABLE group_counts("
	"  kind INTEGER NOT NULL,"
	"  key INTEGER NOT NULL,"
	"  articles INTEGER NOT NULL DEFAULT 0,"
	"  unread INTEGER NOT NULL DEFAULT 0,"
	"  PRIMARY KEY(kind, key)) WITHOUT ROWID;"
	"INSERT INTO group_counts SELECT 0, feed_id, count(*), sum(read = 0)"
	"  FROM articles WHERE feed_id IS NOT NULL GROUP BY feed_id;"
	"INSERT INTO group_counts SELECT 1, publisher_id, count(*),"
	"  sum(read = 0) FROM articles WHERE publisher_id IS NOT NULL"
	"  GROUP BY publisher_id;"
	"CREATE TRIGGER group_counts_insert AFTER INSERT ON articles BEGIN"
	"  INSERT INTO group_counts SELECT 0, NEW.feed_id, 1, NEW.read = 0"
	"    WHERE NEW.feed_id IS NOT NULL ON CONFLICT(kind, key) DO UPDATE"
	"    SET articles = articles + 1, unread = unread + excluded.unread;"
	"  INSERT INTO group_counts SELECT 1, NEW.publisher_id, 1,"
	"    NEW.read = 0 WHERE NEW.publisher_id IS NOT NULL"
	"    ON CONFLICT(kind, key) DO UPDATE SET articles = articles + 1,"
	"    unread = unread + excluded.unread;"
	"END;"
	"CREATE TRIGGER group_counts_delete AFTER DELETE ON articles BEGIN"
	"  UPDATE group_counts SET articles = articles - 1,"
	"    unread = unread - (OLD.read = 0)"
	"    WHERE kind = 0 AND key = OLD.feed_id;"
	"  UPDATE group_counts SET articles = articles - 1,"
	"    unread = unread - (OLD.read = 0)"
	"    WHERE kind = 1 AND key = OLD.publisher_id;"
	"END;"
	"CREATE TRIGGER group_counts_update"
	"  AFTER UPDATE OF read, feed_id, publisher_id ON articles"
	"  WHEN OLD.read IS NOT NEW.read OR OLD.feed_id IS NOT NEW.feed_id"
	"    OR OLD.publisher_id IS NOT NEW.publisher_id BEGIN"
	"  UPDATE group_counts SET articles = articles - 1,"
	"    unread = unread - (OLD.read = 0)"
	"    WHERE kind = 0 AND key = OLD.feed_id;"
	"  UPDATE group_counts SET articles = articles - 1,"
	"    unread = unread - (OLD.read = 0)"
	"    WHERE kind = 1 AND key = OLD.publisher_id;"
	"  INSERT INTO group_counts SELECT 0, NEW.feed_id, 1, NEW.read = 0"
	"    WHERE NEW.feed_id IS NOT NULL ON CONFLICT(kind, key) DO UPDATE"
	"    SET articles = articles + 1, unread = unread + excluded.unread;"
	"  INSERT INTO group_counts SELECT 1, NEW.publisher_id, 1,"
	"    NEW.read = 0 WHERE NEW.publisher_id IS NOT NULL"
	"    ON CONFLICT(kind, key) DO UPDATE SET articles = articles + 1,"
	"    unread = unread + excluded.unread;"
	"END;",
	/*
	 * 5: full text for feeds (fulltext.h): what is known of the web
	 * page of an article that came from a feed, so that an update
	 * fetches a page only when the feed's item changed, and then with
	 * the page's validators (a conditional GET).  Goes with its
	 * article.
	 */
	"CREATE TABLE pages("
	"  article_id INTEGER PRIMARY KEY"
	"    REFERENCES articles(id) ON DELETE CASCADE,"
	"  url TEXT NOT NULL,"		/* the page asked for */
	"  etag TEXT,"
	"  last_modified TEXT,"
	"  item_hash TEXT,"		/* the feed's item when fetched */
	"  ok INTEGER NOT NULL,"		/* the text is the page's */
	"  retry INTEGER NOT NULL DEFAULT 0,"	/* failed for a while */
	"  error TEXT,"
	"  fetched TEXT NOT NULL);",
	/*
	 * 6: the same story from several papers as one row of the list
	 * (cache_lists.c).  Each article keeps, from its same-story links
	 * either way: twins, how many; newer_twins, how many come before it
	 * in list order (an article with one is left out of the collapsed
	 * list, under the newest); twin_papers, their papers' names, for its
	 * row.  The triggers recount both ends of a link when it comes or
	 * goes (so that related's INSERT OR REPLACE, whose delete fires no
	 * trigger, stays right: a same-story link replaced by a related one
	 * is recounted too), and an article's twins when its place in the
	 * order or its paper changes; story_counts keeps how many are hidden,
	 * the collapsed list's length without a scan.  Only articles with a
	 * same-story link are counted here: the others' defaults are right.
	 */
	"ALTER TABLE articles ADD COLUMN twins INTEGER NOT NULL DEFAULT 0;"
	"ALTER TABLE articles ADD COLUMN newer_twins INTEGER NOT NULL"
	"  DEFAULT 0;"
	"ALTER TABLE articles ADD COLUMN twin_papers TEXT;"
	"UPDATE articles SET" TWIN_COLUMNS("articles")
	"  WHERE id IN (SELECT article_id FROM related WHERE kind ="
	"  'same-story' UNION SELECT other_id FROM related WHERE kind ="
	"  'same-story');"
	"CREATE INDEX articles_story_order"
	"  ON articles(sort_key DESC, id DESC) WHERE newer_twins = 0;"
	"CREATE TABLE story_counts("
	"  id INTEGER PRIMARY KEY CHECK (id = 1),"
	"  hidden INTEGER NOT NULL);"
	"INSERT INTO story_counts VALUES (1,"
	"  (SELECT count(*) FROM articles WHERE newer_twins > 0));"
	"CREATE TRIGGER twins_link AFTER INSERT ON related"
	"  WHEN NEW.kind = 'same-story' OR (SELECT twins FROM articles"
	"  WHERE id = NEW.article_id) > 0 BEGIN"
	"  UPDATE articles SET" TWIN_COLUMNS("articles")
	"    WHERE id IN (NEW.article_id, NEW.other_id);"
	"END;"
	"CREATE TRIGGER twins_unlink AFTER DELETE ON related"
	"  WHEN OLD.kind = 'same-story' BEGIN"
	"  UPDATE articles SET" TWIN_COLUMNS("articles")
	"    WHERE id IN (OLD.article_id, OLD.other_id);"
	"END;"
	"CREATE TRIGGER twins_order AFTER UPDATE OF sort_key, publisher_id"
	"  ON articles WHEN NEW.twins > 0 AND (OLD.sort_key IS NOT"
	"  NEW.sort_key OR OLD.publisher_id IS NOT NEW.publisher_id) BEGIN"
	"  UPDATE articles SET" TWIN_COLUMNS("articles")
	"    WHERE id = NEW.id OR id IN (SELECT other_id FROM related"
	"    WHERE article_id = NEW.id AND kind = 'same-story') OR id IN"
	"    (SELECT article_id FROM related WHERE other_id = NEW.id"
	"    AND kind = 'same-story');"
	"END;"
	"CREATE TRIGGER twins_count AFTER UPDATE OF newer_twins ON articles"
	"  WHEN (OLD.newer_twins > 0) != (NEW.newer_twins > 0) BEGIN"
	"  UPDATE story_counts SET hidden = hidden"
	"    + (NEW.newer_twins > 0) - (OLD.newer_twins > 0) WHERE id = 1;"
	"END;"
	"CREATE TRIGGER twins_delete AFTER DELETE ON articles"
	"  WHEN OLD.newer_twins > 0 BEGIN"
	"  UPDATE story_counts SET hidden = hidden - 1 WHERE id = 1;"
	"END;",
	/*
	 * 7: the story triggers of 6 recount only when a link makes or
	 * unmakes a pair of twins, not when the link the other way stays
	 * (links go both ways mostly, and a recount costs 0.1 ms: 6 added
	 * 20% to an import's time).  related's INSERT OR REPLACE deletes
	 * the row it replaces without a trigger: a same-story link about to
	 * be replaced by a related one is deleted first (twins_relink), so
	 * that it is recounted; one replaced by a same-story one changes
	 * nothing.
	 */
	"DROP TRIGGER twins_link;"
	"DROP TRIGGER twins_unlink;"
	TWINS_RELINK
	"CREATE TRIGGER twins_link AFTER INSERT ON related"
	"  WHEN NEW.kind = 'same-story' AND NOT EXISTS (SELECT 1 FROM"
	"  related WHERE article_id = NEW.other_id AND other_id ="
	"  NEW.article_id AND kind = 'same-story') BEGIN"
	"  UPDATE articles SET" TWIN_COLUMNS("articles")
	"    WHERE id IN (NEW.article_id, NEW.other_id);"
	"END;"
	"CREATE TRIGGER twins_unlink AFTER DELETE ON related"
	"  WHEN OLD.kind = 'same-story' AND NOT EXISTS (SELECT 1 FROM"
	"  related WHERE article_id = OLD.other_id AND other_id ="
	"  OLD.article_id AND kind = 'same-story') BEGIN"
	"  UPDATE articles SET" TWIN_COLUMNS("articles")
	"    WHERE id IN (OLD.article_id, OLD.other_id);"
	"END;",
	/*
	 * 8: the recount of 6 and 7 once, in a view, not in three
	 * triggers: SQLite parses every trigger when it opens the cache,
	 * and the three copies made each open (every command, the reader's
	 * first screen) 1.2 million instructions longer (callgrind: 1.34
	 * to 2.59 million in sqlite3Init on the 110,000-article cache).
	 */
	"DROP TRIGGER twins_link;"
	"DROP TRIGGER twins_unlink;"
	"DROP TRIGGER twins_order;"
	"CREATE VIEW article_twins AS SELECT a.id AS id," TWIN_VALUES("a")
	"  FROM articles a;"
	"CREATE TRIGGER twins_link AFTER INSERT ON related"
	"  WHEN NEW.kind = 'same-story' AND NOT EXISTS (SELECT 1 FROM"
	"  related WHERE article_id = NEW.other_id AND other_id ="
	"  NEW.article_id AND kind = 'same-story') BEGIN"
	TWIN_RECOUNT " WHERE id IN (NEW.article_id, NEW.other_id);"
	"END;"
	TWINS_UNLINK
	TWINS_ORDER,
	/*
	 * 9: a same-story link that comes recounts its two articles once
	 * per stored batch (cache_related.c, ak_cache_link_store), not
	 * once per row: the trigger's recount (three subqueries, their
	 * temporary B-trees) cost 1.1 s of a 10-second import of 10,000
	 * corpus articles, 10,068 same-story rows for 3,097 articles.
	 * twins_unlink, twins_relink and twins_order stay: links go rarely.
	 */
	"DROP TRIGGER twins_link;",
	/*
	 * 10: related without foreign keys.  Checking that both ends of a
	 * link exist read two rows of articles for every row written, and
	 * made the insert 5.8 times slower (86,832 links of a 10,000-item
	 * import: 0.21 s against 0.036, sqlite3 shell); the 1.35 million
	 * of a 100,000-item import took 10.9 s.  Links are only made
	 * between articles that exist (link.c scores stored vectors, which
	 * go with their article); what the cascade did, a trigger does:
	 * an article deleted takes its links either way with it, and
	 * twins_unlink still recounts the twins it leaves.  The view and
	 * the triggers over related are made again as they were.
	 */
	"DROP VIEW article_twins;"
	"DROP TRIGGER twins_order;"
	"CREATE TABLE related_v10("
	"  article_id INTEGER NOT NULL,"	/* articles(id) */
	"  other_id INTEGER NOT NULL,"	/* articles(id) */
	"  score REAL NOT NULL,"
	"  kind TEXT NOT NULL,"
	"  PRIMARY KEY(article_id, other_id)) WITHOUT ROWID;"
	"INSERT INTO related_v10 SELECT article_id, other_id, score, kind"
	"  FROM related ORDER BY article_id, other_id;"
	"DROP TABLE related;"
	"ALTER TABLE related_v10 RENAME TO related;"
	"CREATE INDEX related_other ON related(other_id);"
	"CREATE TRIGGER related_gone AFTER DELETE ON articles BEGIN"
	"  DELETE FROM related WHERE article_id = OLD.id;"
	"  DELETE FROM related WHERE other_id = OLD.id;"
	"END;"
	"CREATE VIEW article_twins AS SELECT a.id AS id," TWIN_VALUES("a")
	"  FROM articles a;"
	TWINS_RELINK
	TWINS_UNLINK
	TWINS_ORDER,
	/* next migrations go here: never edit one above */
};

static int migrate3(struct ak_cache *c, struct ak_error *err);

/* The C step after migration N (index N-1), or NULL. */
static int (*const steps[])(struct ak_cache *, struct ak_error *) = {
	NULL, NULL, migrate3,
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))
#define NSTEPS ((int)(sizeof(steps) / sizeof(steps[0])))

int
cache_schema_version(void)
{
	return NMIGRATIONS;
}

int
cache_schema_migrate(struct ak_cache *c, int from, int to,
	struct ak_error *err)
{
	char *msg = NULL;
	int v, rc;

	for (v = from + 1; v <= to && v <= NMIGRATIONS; v++) {
		if (sqlite3_exec(c->db, migrations[v - 1], NULL, NULL, &msg)
		    != SQLITE_OK) {
			rc = ak_error_set(err, AK_ECACHE,
			    "migration to schema %d failed: %s", v,
			    msg ? msg : sqlite3_errmsg(c->db));
			sqlite3_free(msg);
			return rc;
		}
		if (v - 1 < NSTEPS && steps[v - 1]) {
			rc = steps[v - 1](c, err);
			if (rc != AK_OK) {
				ak_error_prefix(err, "migration to schema %d",
				    v);
				return rc;
			}
		}
	}
	return AK_OK;
}

/*
 * Keys by the rules of ident.h.  Every key is first moved aside, so that
 * a new key never meets an old one; two articles that the new rules give
 * one key (a URL with and without utm_source) keep both, the second with
 * a suffix, as ak_cache_put would have stored them.
 */
static int
rekey(struct ak_cache *c, struct ak_error *err)
{
	sqlite3_stmt *sel = NULL, *upd = NULL;
	struct ak_article a;
	struct ak_ident id;
	struct ak_buf k = AK_BUF_INIT;
	int rc, n;

	rc = cache_exec(c, "UPDATE articles SET ident = char(1) || id", err);
	if (rc != AK_OK)
		return rc;
	rc = sqlite3_prepare_v2(c->db, "SELECT a.id, a.guid, a.url, p.name, "
	    "a.title FROM articles a LEFT JOIN publishers p ON "
	    "p.id = a.publisher_id ORDER BY a.id", -1, &sel, NULL);
	if (rc == SQLITE_OK)
		rc = sqlite3_prepare_v2(c->db, "UPDATE OR IGNORE articles SET "
		    "ident = ?2 WHERE id = ?1", -1, &upd, NULL);
	if (rc != SQLITE_OK) {
		rc = ak_cache_error(c, rc, err, "re-keying articles");
		goto out;
	}
	ak_article_init(&a);
	while ((rc = sqlite3_step(sel)) == SQLITE_ROW) {
		a.guid = (char *)sqlite3_column_text(sel, 1);
		a.url = (char *)sqlite3_column_text(sel, 2);
		a.publisher = (char *)sqlite3_column_text(sel, 3);
		a.title = (char *)sqlite3_column_text(sel, 4);
		ak_ident_of(&a, &id);
		for (n = 1;; n++) {
			ak_buf_reset(&k);
			ak_buf_addstr(&k, id.key);
			if (n > 1)
				ak_buf_addf(&k, "\x1f%d", n);
			sqlite3_bind_int64(upd, 1, sqlite3_column_int64(sel, 0));
			sqlite3_bind_text(upd, 2, k.data, (int)k.len,
			    SQLITE_STATIC);
			rc = sqlite3_step(upd);
			sqlite3_reset(upd);
			if (rc != SQLITE_DONE || sqlite3_changes(c->db) > 0)
				break;
		}
		ak_ident_release(&id);
		if (rc != SQLITE_DONE)
			break;
	}
	rc = rc == SQLITE_DONE ? AK_OK :
	    ak_cache_error(c, rc, err, "re-keying articles");
out:
	sqlite3_finalize(sel);
	sqlite3_finalize(upd);
	ak_buf_release(&k);
	return rc;
}

static int
migrate3(struct ak_cache *c, struct ak_error *err)
{
	int rc = rekey(c, err);

	if (rc == AK_OK)
		rc = cache_related_convert(c, err);
	return rc;
}
