/*
 * Views and the reader: a view is state plus a const ops table (tig);
 * the reader holds the view stack, the history of what was read, the
 * status line and the shared context (cache, options, keys), and runs the
 * main loop (htop): read a key, let the top view handle the action, give
 * the rest to the generic handler, draw when something is dirty.  Only
 * the loop draws; views mark the reader dirty.  Only the loop builds
 * views (tig): a view requests another (struct ak_request) and the loop
 * opens it through the registered ops (AK_VIEWS), so adding a view is
 * its file, its keymap and one line in AK_VIEWS.
 *
 * The scrolling and selection math (ak_view_*) and the history
 * (ak_history_*) need no terminal and are unit-tested.
 */
#ifndef AKHBAR_VIEW_H
#define AKHBAR_VIEW_H

#include <stddef.h>
#include <stdint.h>

#include "akhbar/keys.h"
#include "akhbar/layout.h"

struct ak_buf;
struct ak_cache;
struct ak_error;
struct ak_list_filter;
struct ak_options;
struct ak_view;
struct ak_reader;
struct ak_stemmer;

/*
 * The views the main loop can open: X(ID, name), one line each.  A view
 * file defines `const struct ak_view_ops ak_view_<name>_ops`; views name
 * each other only by AK_VIEW_<ID> in a request (struct ak_request), never
 * by their functions, and only the loop builds them.
 */
#define AK_VIEWS(X) \
	X(LIST, list) \
	X(ARTICLE, article) \
	X(SEARCH, search) \
	X(HELP, help) \
	X(FEEDS, feeds)

enum ak_view_id {
#define X(id, name) AK_VIEW_##id,
	AK_VIEWS(X)
#undef X
	AK_NVIEWS
};

/*
 * What a view asks the main loop for: a view to open (ak_reader_request).
 * Strings are copied.
 */
struct ak_request {
	enum ak_view_id view;
	enum ak_action act;	/* the action that asked (opened_by), or NONE */
	int64_t id;		/* the article (article view) */
	const char *query;	/* search: the query; article: hits to mark */
	int64_t origin;		/* article: see struct ak_hist_entry */
	int relidx;
	int64_t feed;		/* list: only this feed's articles */
	int64_t publisher;	/* list: only this publisher's */
	const char *name;	/* list: the feed's or publisher's name */
};

/* How the loop opens a view when one of its kind is on top. */
enum {
	AK_VIEW_REUSE = 1 << 0,		/* the one on top shows the request */
	AK_VIEW_REPLACE = 1 << 1,	/* a new one takes its place */
};

struct ak_view_ops {
	const char *name;	/* "list", "article", "search", "help" */
	enum ak_keymap_id keymap;
	int selectable;		/* a cursor line (list) or scrolling */
	int line_rows;		/* screen rows a line takes (0: one); the
				   view's height counts lines */
	unsigned flags;		/* AK_VIEW_*; none: pushed on top */
	/* Actions no view used that open this one; AK_ACT_NONE ends it. */
	const enum ak_action *opened_by;
	/*
	 * A new view for req, or NULL when there is nothing to show (the
	 * status line says why, or the user cancelled).  The loop pushes it
	 * (which sizes it), then calls show when there is one.
	 */
	struct ak_view *(*open)(struct ak_reader *r,
		const struct ak_request *req);
	/* Show req: in a view just opened, or on top (AK_VIEW_REUSE). */
	void (*show)(struct ak_view *v, const struct ak_request *req);
	/* Header text (view name, counts) into b. */
	void (*title)(struct ak_view *v, struct ak_buf *b);
	/* Paint line lineno from screen row row; selected: the cursor. */
	void (*draw_line)(struct ak_view *v, size_t lineno, int row,
		int selected);
	/* Handle act; return what was not consumed (AK_ACT_NONE if done). */
	enum ak_action (*handle)(struct ak_view *v, enum ak_action act);
	/* The body is now height x width: lay out again, keep the place. */
	void (*relayout)(struct ak_view *v, int height, int width);
	/* On top of the stack again (another view was closed). */
	void (*resume)(struct ak_view *v);
	/* A mouse click on line lineno (non-selectable views). */
	void (*click)(struct ak_view *v, size_t lineno);
	/* Free the view and its state. */
	void (*close)(struct ak_view *v);
	/* Actions shown in the status line, AK_ACT_NONE-terminated. */
	const enum ak_action *hints;
};

#define X(id, name) extern const struct ak_view_ops ak_view_##name##_ops;
AK_VIEWS(X)
#undef X

struct ak_view {
	const struct ak_view_ops *ops;
	struct ak_reader *r;
	size_t nlines;		/* lines the view has */
	size_t top;		/* first line on screen */
	size_t sel;		/* selected line (selectable views) */
	int height;		/* body rows */
	int width;		/* body columns */
};

/* ------------------------------------------------ scrolling, selection */

/* Keep top and sel inside nlines and the window (sel visible). */
void ak_view_clamp(struct ak_view *v);
/*
 * Movement actions (next, prev, page-down, page-up, first, last): move
 * the selection (selectable views, the page follows it) or scroll.
 * Returns 1 if act was one of them.
 */
int ak_view_navigate(struct ak_view *v, enum ak_action act);
/* Select line (clamped) and scroll just enough to show it. */
void ak_view_select(struct ak_view *v, size_t line);
/* Scroll so that line is the first on screen, if there is enough below. */
void ak_view_scroll_to(struct ak_view *v, size_t line);
/* The largest useful top: the last page is full. */
size_t ak_view_max_top(const struct ak_view *v);

/* ------------------------------------------------------------ history */

/* One article read: what was open and how we got there. */
struct ak_hist_entry {
	int64_t id;
	char *query;		/* search query to highlight, or NULL */
	int64_t origin;		/* the story whose related ones ] and [ walk */
	int relidx;		/* index in origin's related stories, -1 none */
	size_t top;		/* where the reader was in it */
};

/*
 * A browser's history: entries and a cursor; cur == -1 is "before the
 * first entry", the list or search results the article was opened from.
 */
struct ak_history {
	struct ak_hist_entry *e;
	size_t n;
	size_t cap;
	long cur;
};

#define AK_HISTORY_MAX 200

void ak_history_init(struct ak_history *h);
void ak_history_release(struct ak_history *h);
/*
 * Drop the entries after the cursor and append one (query copied); the
 * oldest goes when there are AK_HISTORY_MAX.  Returns the new entry.
 */
struct ak_hist_entry *ak_history_push(struct ak_history *h, int64_t id,
	const char *query, int64_t origin, int relidx);
/* Move back: the entry now current, or NULL when the cursor left the start. */
struct ak_hist_entry *ak_history_back(struct ak_history *h);
/* Move forward: the entry now current, or NULL at the end (no move). */
struct ak_hist_entry *ak_history_forward(struct ak_history *h);
/* The current entry or NULL. */
struct ak_hist_entry *ak_history_current(struct ak_history *h);

/* ------------------------------------------------------------ labels */

/* X(id, English, Arabic): the words of the interface. */
#define AK_LABELS(X) \
	X(ARTICLES, "Articles", "الأخبار") \
	X(ARTICLE, "Article", "المقال") \
	X(SEARCH, "Search", "البحث") \
	X(HELP, "Keys", "المفاتيح") \
	X(N_ARTICLES, "articles", "مقالات") \
	X(N_UNREAD, "unread", "غير مقروءة") \
	X(N_HITS, "hits", "نتائج") \
	X(SUMMARY, "Summary", "ملخص") \
	X(RELATED, "Related stories", "قصص ذات صلة") \
	X(KIND_REF, "listed by the page", "من الصفحة") \
	X(KIND_SAME, "same story", "الخبر نفسه") \
	X(KIND_REL, "related", "ذات صلة") \
	X(TOO_SMALL, "Window too small", "النافذة صغيرة جدا") \
	X(EMPTY, "No articles yet: akhbar import FILE|URL", \
		"لا مقالات بعد: akhbar import FILE|URL") \
	X(NO_HITS, "Nothing found", "لا نتائج") \
	X(NO_UNREAD, "No unread articles", "لا مقالات غير مقروءة") \
	X(NO_TWINS, "No other paper has this story", \
		"لا صحيفة أخرى نشرت هذا الخبر") \
	X(NO_MORE_UNREAD, "No unread articles below; from the top", \
		"لا مقالات غير مقروءة بعد هذا؛ من البداية") \
	X(UNREAD_ONLY, "unread only", "غير المقروءة فقط") \
	X(ALL_SHOWN, "All articles shown", "كل المقالات معروضة") \
	X(MARK_ALL, "Mark read", "تعليم مقروءة") \
	X(MARKED_ALL, "Marked read", "عُلّمت مقروءة") \
	X(NOT_MARKED, "Nothing marked", "لم يُعلَّم شيء") \
	X(BUSY, "The cache is busy (an import?); try again", \
		"المخزن مشغول (استيراد؟)؛ أعد المحاولة") \
	X(PROMPT_SEARCH, "Search: ", "بحث: ") \
	X(PROMPT_FIND, "Find: ", "بحث في المقال: ") \
	X(PROMPT_EXPORT, "Export to: ", "تصدير إلى: ") \
	X(EXPORTED, "Exported to", "صُدّر إلى") \
	X(NO_LINK, "This article has no link", "لا رابط لهذا المقال") \
	X(NOT_WEB, "Not a web link (http, https)", \
		"ليس رابط ويب (http أو https)") \
	X(NO_BROWSER, "No browser: set browser COMMAND, or $BROWSER", \
		"لا متصفح: set browser COMMAND أو $BROWSER") \
	X(OPENED, "Opened", "فُتح") \
	X(UPDATING, "Updating", "جارٍ التحديث") \
	X(UPDATED, "Updated", "حُدّث") \
	X(N_FEEDS, "feeds", "مصادر") \
	X(N_FAILED, "failed", "فشل") \
	X(UPDATE_FAILED, "The update could not run", "تعذّر التحديث") \
	X(FETCHING, "Fetching the article's page", "جارٍ جلب صفحة المقال") \
	X(FULL_TEXT_DONE, "The page's whole text is stored", \
		"حُفظ نص الصفحة كاملا") \
	X(FULL_TEXT_SAME, "The page has not changed", "لم تتغير الصفحة") \
	X(FULL_TEXT_FAILED, "Full text failed", "تعذّر جلب النص الكامل") \
	X(NO_FEEDS, "No feeds yet: akhbar subscribe URL", \
		"لا مصادر بعد: akhbar subscribe URL") \
	X(BROWSER_FAILED, "The browser failed", "فشل المتصفح") \
	X(REPLACE_FILE, "The file exists; replace it? (y/n)", \
		"الملف موجود؛ استبداله؟ (y/n)") \
	X(KEPT_FILE, "Not exported: the file exists", \
		"لم يُصدَّر: الملف موجود") \
	X(NO_RELATED, "No related stories", "لا قصص ذات صلة") \
	X(NO_MORE_RELATED, "No more related stories", \
		"لا مزيد من القصص ذات الصلة") \
	X(NOT_CACHED, "That story is not in the cache", \
		"هذه القصة ليست في المخزن") \
	X(NO_STORY, "No such related story", "لا توجد قصة بهذا الرقم") \
	X(HIST_START, "Nothing further back", "لا شيء قبل هذا") \
	X(HIST_END, "Nothing further forward", "لا شيء بعد هذا") \
	X(STARRED, "Starred", "أضيفت النجمة") \
	X(UNSTARRED, "Star removed", "أزيلت النجمة") \
	X(MARKED_READ, "Marked read", "عُلّم مقروءا") \
	X(MARKED_UNREAD, "Marked unread", "عُلّم غير مقروء") \
	X(RELOADED, "Reloaded", "أعيد التحميل") \
	X(NEW, "new", "جديدة") \
	X(NO_HIT_HERE, "No search hits in this article", \
		"لا نتائج بحث في هذا المقال") \
	X(HIT, "Hit", "نتيجة") \
	X(FROM_TOP, "from the top", "من البداية") \
	X(FROM_END, "from the end", "من النهاية") \
	X(KEY, "Key", "المفتاح") \
	X(ACTION, "Action", "الأمر") \
	X(OPTIONS, "Options", "الخيارات") \
	X(CONFIG_ERRORS, "more config errors (see ?)", \
		"أخطاء أخرى في الإعدادات (انظر ?)") \
	X(UNKNOWN_KEY, "Key not bound; ? shows the keys", \
		"مفتاح غير مربوط؛ ? يعرض المفاتيح") \
	X(READ_ONLY, "Read-only cache: marks are not saved", \
		"المخزن للقراءة فقط: لن تُحفظ العلامات") \
	X(OF, "of", "من")

enum ak_label {
#define X(id, en, ar) AK_L_##id,
	AK_LABELS(X)
#undef X
	AK_NLABELS
};

/* ------------------------------------------------------------ reader */

#define AK_VIEW_MAX 8

struct ak_dates;
struct ak_config_errors;

/* The marks a reader sets on an article. */
enum ak_flag { AK_FLAG_READ, AK_FLAG_STARRED };

/* A mark not in the cache yet: another process was writing to it. */
struct ak_pending {
	int64_t id;
	enum ak_flag flag;
	int old, value;		/* what the cache has, what it will have */
};

struct ak_reader {
	struct ak_cache *cache;
	struct ak_options *opts;
	struct ak_keymap *keys;
	const struct ak_config_errors *config_errors;
	int arabic;			/* interface language */
	struct ak_view *stack[AK_VIEW_MAX];
	size_t depth;
	struct ak_history hist;
	char status[512];		/* a message for the status line */
	int status_error;
	int dirty;			/* draw before the next key */
	int quit;
	int exit_status;
	int rows, cols;			/* the terminal */
	struct ak_dates *dates;		/* ICU date formatters, opened lazily */
	struct ak_stemmer *stemmer;	/* for search highlights, lazily */
	struct ak_pending *pending;	/* marks to write when the cache is
					   free (ak_reader_set_flag) */
	size_t npending, cappending;
	const char *timing_path;	/* $AKHBAR_TIMING: benchmark log */
	long long t_start;		/* start (us, monotonic clock) */
	struct ak_request req;		/* asked for by a view, not done yet */
	int has_req;
	struct ak_update *update;	/* U: the update running, or NULL */
	struct ak_fulltext *fulltext;	/* f: the page being fetched */
};

/* Microseconds on the monotonic clock (for $AKHBAR_TIMING). */
long long ak_reader_now(void);

void ak_reader_init(struct ak_reader *r, struct ak_cache *cache,
	struct ak_options *opts, struct ak_keymap *keys);
void ak_reader_release(struct ak_reader *r);	/* closes the views */

/*
 * Mark article id read or starred (value 1) or not (0); old is the mark
 * it has now.  The mark is written after the screen shows it, not before:
 * the main loop writes marks once it has drawn (ak_reader_flush), without
 * waiting for the cache; while another process writes to it (an import
 * in another terminal), they are kept and written when it is free, and at
 * exit the reader waits for it.  Until written, the views show them
 * (ak_reader_flags, ak_reader_pending_delta).  Errors (read-only cache,
 * full disk) come from ak_reader_flush.
 */
void ak_reader_set_flag(struct ak_reader *r, int64_t id, enum ak_flag flag,
	int old, int value);

/* *read and *starred as read from the cache, made what the reader set. */
void ak_reader_flags(const struct ak_reader *r, int64_t id, int *read,
	int *starred);

/* What the marks not written yet add to the cache's count of unread
 * (AK_FLAG_READ) or starred (AK_FLAG_STARRED) articles. */
long ak_reader_pending_delta(const struct ak_reader *r, enum ak_flag flag);

/*
 * Write the marks kept, in one transaction.  wait: wait for the cache as
 * long as any write does (AK_CACHE_WAIT_MS); else give up at once while
 * another process writes.  Returns AK_OK (none left), AK_EBUSY (all kept),
 * or another error: then none could be written, all are dropped and err
 * says why.
 */
int ak_reader_flush(struct ak_reader *r, int wait, struct ak_error *err);

/*
 * Ask the main loop to open a view (the article, the hits of a search);
 * it does so once the view that asks has handled its action, so a view
 * never builds or frees another and may be replaced by what it asked for.
 * A later request replaces one not done yet.
 */
void ak_reader_request(struct ak_reader *r, const struct ak_request *req);

/*
 * Open the view req names now, as the loop does: for the main loop and
 * the reader's start (ak_cmd_read), not for views (they request).
 * Returns 0, or -1 when there was nothing to open.
 */
int ak_reader_open(struct ak_reader *r, const struct ak_request *req);

/*
 * Push a view (takes ownership) and size it: 0, or -1 when the stack is
 * full (the view is freed).  Pop frees the top one.
 */
int ak_reader_push(struct ak_reader *r, struct ak_view *v);
void ak_reader_pop(struct ak_reader *r);
struct ak_view *ak_reader_top(struct ak_reader *r);

/* A message (or an error) for the status line until the next key. */
void ak_reader_message(struct ak_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void ak_reader_error(struct ak_reader *r, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

const char *ak_label(const struct ak_reader *r, enum ak_label l);

/*
 * Are most of the newest titles in cache c right to left?  1 yes, 0 no,
 * -1 cannot say (no articles, as many of each, no cache).
 */
int ak_reader_content_rtl(struct ak_cache *c);
/*
 * The interface language (ak_reader_init sets r->arabic with it):
 * `set language ar|en`; with auto, Arabic when most of the newest titles
 * are right to left and English when most are left to right, so that
 * a reader of Arabic news gets the Arabic layout whatever the locale;
 * the locale (ak_options_arabic) when the content cannot say.
 */
int ak_reader_arabic(const struct ak_options *o, struct ak_cache *c);

/* What ak_reader_date adds to the day. */
enum {
	AK_DATE_TIME = 1 << 0,	/* the time of day, when known */
	AK_DATE_HIJRI = 1 << 1,	/* the Hijri date, when `set hijri on` */
	AK_DATE_ISOLATE = 1 << 2	/* in a bidi isolate (FSI..PDI), for a
				   line in another direction */
};

/*
 * A date in the one format of the interface (its language and digits):
 * `set date-format` (an ICU skeleton or a style name), with the time of
 * day when asked for and known: a time with a zone in the local time
 * zone (TZ), one without as written.  iso is YYYY-MM-DD[THH:MM[:SS][Z|
 * +HH:MM]] as the cache keeps it; returns 0 and a string in b, -1 when
 * iso is not a date.
 */
int ak_reader_date(struct ak_reader *r, const char *iso, unsigned flags,
	struct ak_buf *b);
/* Columns of the widest date ak_reader_date makes (timed: with a time). */
int ak_reader_date_width(struct ak_reader *r, int timed);
/*
 * The pattern ICU's generator makes of a date skeleton for lang, into
 * buf (the reader keeps the default ones built in; the test compares).
 */
int ak_dates_pattern(const char *lang, const char *skeleton, char *buf,
	size_t size);
/* Open the date formats now (after the first screen, before a key). */
void ak_reader_prepare_dates(struct ak_reader *r);
/* Close the formatters (ak_reader_release does). */
void ak_dates_free(struct ak_dates *d);
/* A number in the chosen digits. */
void ak_reader_number(const struct ak_reader *r, long n, struct ak_buf *b);
/* ASCII digits of s to Arabic-Indic when `set digits arabic`. */
void ak_reader_digits(const struct ak_reader *r, const char *s,
	struct ak_buf *b);

/* The terminal changed size: size the top view again. */
void ak_reader_resize(struct ak_reader *r);

/* Paint the whole screen (the main loop and prompts call it). */
void ak_reader_draw(struct ak_reader *r);

/*
 * Run the reader until quit: the screen must be initialised.  Returns
 * the exit status (0; 128 + signal when killed).
 */
int ak_reader_run(struct ak_reader *r);

/* ---------------------------------------------- shared services */

/*
 * Ask for a line of text on the status line: label, then an editable
 * field (typed or pasted Arabic shows right-to-left as it is edited).
 * Returns 1 and a new string in *out (caller frees), or 0 if cancelled.
 */
int ak_prompt(struct ak_reader *r, const char *label, const char *initial,
	char **out);

/*
 * Ask a yes-or-no question on the status line and take one key: 1 for
 * y (or ن, or غ: y's key on an Arabic keyboard), 0 for any other.
 */
int ak_reader_confirm(struct ak_reader *r, const char *question);

/*
 * A: mark every article that lf selects read (unread of them: what the
 * question says), once the user says yes, in one transaction that never
 * waits for another process; the status line says how many.  Returns 1
 * when they were marked (the caller reads its list again).
 */
int ak_reader_mark_all_read(struct ak_reader *r,
	const struct ak_list_filter *lf, long unread);

/*
 * Export article id: ask for a file name (a default offered), write it
 * with ak_export_article, and say where in the status line.
 */
void ak_reader_export(struct ak_reader *r, int64_t id);

/*
 * Open a web link in the browser (`set browser`, %u standing for the
 * link; auto: xdg-open, else $BROWSER), the terminal left to it while it
 * runs and the screen restored after.  url NULL: article id's.  Only
 * http and https links are opened; the link reaches the browser as one
 * argument, never through the shell's parsing.
 */
void ak_reader_open_link(struct ak_reader *r, int64_t id, const char *url);

/* ------------------------------------------------- background update */

struct ak_update;

/*
 * U: run `akhbar --db PATH update` as a child, its output read through
 * pipes without blocking.  A second U while it runs says how far it is.
 */
void ak_update_start(struct ak_reader *r);
/* Read what the child said (never waits); when it is done, every view
 * reads its lists again and the status line says how it went.  The main
 * loop calls it at each turn. */
void ak_update_poll(struct ak_reader *r);
/* "Updating: 3/50 feeds" into b; 0 when no update runs. */
int ak_update_progress(const struct ak_reader *r, struct ak_buf *b);
/* Stop an update that still runs (the reader leaves). */
void ak_update_stop(struct ak_reader *r);

/* ------------------------------------------- full text in the background */

struct ak_fulltext;

/*
 * f: run `akhbar --db PATH full-text ID` as a child (fulltext.h), its
 * output read without blocking; one at a time.  When it is done, the top
 * view is resumed (the article reads its text again) and the status line
 * says how it went, a failure in one line.
 */
void ak_fulltext_start(struct ak_reader *r, int64_t id);
void ak_fulltext_poll(struct ak_reader *r);	/* at each turn */
/* "Fetching the article's page…" into b; 0 when nothing runs. */
int ak_fulltext_progress(const struct ak_reader *r, struct ak_buf *b);
void ak_fulltext_stop(struct ak_reader *r);	/* the reader leaves */

/* ------------------------------------------------------ article rows */

/*
 * An article as a row of the list and of the search hits: marks (unread
 * ●, starred ★), publisher, date and title, laid out right to left in an
 * Arabic interface.  Every view that lists articles draws them with
 * ak_row_draw, so they look the same everywhere.
 */
struct ak_row {
	int64_t id;
	char *title;
	char *publisher;
	char *published;	/* ISO date from the cache, or NULL */
	char *date;		/* as the interface shows it, once drawn */
	int date_times;		/* ... with the time of day */
	int read;
	int starred;
	int story;		/* AK_ROW_*: its place in a story */
	int laid;		/* the vlines below fit the columns */
	struct ak_vline vtitle, vpub, vdate;
};

/* A row's place in a story (the same story from several papers). */
enum {
	AK_ROW_ALONE,		/* no other paper has its story */
	AK_ROW_FOLDED,		/* others have it, not shown (+) */
	AK_ROW_UNFOLDED,	/* others have it, shown below it */
	AK_ROW_TWIN		/* another paper's, shown below the story */
};

/* The columns of the rows at a width (publisher and date when room). */
struct ak_row_cols {
	int marks;		/* columns of the marks (and the gap after) */
	int pw, dw, tw;		/* publisher, date, title */
	int times;		/* dates with the time of day */
};

void ak_row_columns(struct ak_row_cols *c, struct ak_reader *r, int width,
	int marks);
/* Fill w (strings copied; NULL is empty); the marks are the reader's. */
void ak_row_set(struct ak_row *w, struct ak_reader *r, int64_t id,
	const char *title, const char *publisher, const char *published,
	int read, int starred);
/* The columns changed: lay out again when next drawn. */
void ak_row_unlay(struct ak_row *w);
void ak_row_release(struct ak_row *w);
/* Paint w on screen row y, width columns; selected: the cursor bar. */
void ak_row_draw(struct ak_reader *r, struct ak_row *w,
	const struct ak_row_cols *c, int y, int width, int selected);

#endif
