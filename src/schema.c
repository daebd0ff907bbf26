/*
 * The cache schema, as forward-only migrations (see schema.h).
 *
 * Tables: publishers; articles (one row per story, with the fields of the
 * article model and a content hash for change detection); blocks and refs
 * (ordered by seq); related (found related stories); terms and
 * article_terms (the weighted term vectors related-story scoring uses);
 * art_fts (FTS5 over folded, stemmed text, rowid = article id); feeds;
 * imports (a log of what was imported).
 */
#include "config.h"

#include "akhbar/schema.h"

#include <stddef.h>

#include "akhbar/error.h"

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
	"  tokenize = 'unicode61 remove_diacritics 0"
	" categories ''L* N* Co Mn Mc''');"
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
	/* next migrations go here: never edit one above */
};

#define NMIGRATIONS ((int)(sizeof(migrations) / sizeof(migrations[0])))

int
ak_schema_version(void)
{
	return NMIGRATIONS;
}

int
ak_schema_migrate(sqlite3 *db, int from, int to, struct ak_error *err)
{
	char *msg = NULL;
	int v;

	for (v = from + 1; v <= to && v <= NMIGRATIONS; v++) {
		if (sqlite3_exec(db, migrations[v - 1], NULL, NULL, &msg)
		    != SQLITE_OK) {
			int rc = ak_error_set(err, AK_ECACHE,
			    "migration to schema %d failed: %s", v,
			    msg ? msg : sqlite3_errmsg(db));
			sqlite3_free(msg);
			return rc;
		}
	}
	return AK_OK;
}
