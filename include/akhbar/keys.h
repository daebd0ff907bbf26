/*
 * Keys are data: one X-macro list of actions gives the action enum, the
 * names `bind` uses and the help text (English and Arabic); keymaps bind
 * key codes to actions per view, with a generic map under every view.
 * The default bindings are config-language lines (ak_default_keys), read
 * by the same parser as the user's config file (options.h).
 */
#ifndef AKHBAR_KEYS_H
#define AKHBAR_KEYS_H

#include <stddef.h>

/* X(id, name, help, help in Arabic) */
#define AK_ACTIONS(X) \
	X(NEXT, "next", "Move down one line", "السطر التالي") \
	X(PREV, "prev", "Move up one line", "السطر السابق") \
	X(PAGE_DOWN, "page-down", "Move down one page", "الصفحة التالية") \
	X(PAGE_UP, "page-up", "Move up one page", "الصفحة السابقة") \
	X(FIRST, "first", "Go to the first line", "إلى البداية") \
	X(LAST, "last", "Go to the last line", "إلى النهاية") \
	X(OPEN, "open", "Open the selected article or story", \
		"فتح المقال أو القصة المحددة") \
	X(BACK, "back", "Close this view (quit from the list)", \
		"إغلاق هذا العرض (الخروج من القائمة)") \
	X(QUIT, "quit", "Quit akhbar", "الخروج من أخبار") \
	X(FOCUS, "focus", "Move focus to the related stories and back", \
		"التنقل بين النص والقصص ذات الصلة") \
	X(RELATED_1, "related-1", "Open related story 1", \
		"فتح القصة ذات الصلة 1") \
	X(RELATED_2, "related-2", "Open related story 2", \
		"فتح القصة ذات الصلة 2") \
	X(RELATED_3, "related-3", "Open related story 3", \
		"فتح القصة ذات الصلة 3") \
	X(RELATED_4, "related-4", "Open related story 4", \
		"فتح القصة ذات الصلة 4") \
	X(RELATED_5, "related-5", "Open related story 5", \
		"فتح القصة ذات الصلة 5") \
	X(RELATED_6, "related-6", "Open related story 6", \
		"فتح القصة ذات الصلة 6") \
	X(RELATED_7, "related-7", "Open related story 7", \
		"فتح القصة ذات الصلة 7") \
	X(RELATED_8, "related-8", "Open related story 8", \
		"فتح القصة ذات الصلة 8") \
	X(RELATED_9, "related-9", "Open related story 9", \
		"فتح القصة ذات الصلة 9") \
	X(RELATED_NEXT, "related-next", \
		"Open the next related story of the story you came from", \
		"القصة التالية ذات الصلة بالمقال الذي جئت منه") \
	X(RELATED_PREV, "related-prev", \
		"Open the previous related story of the story you came from", \
		"القصة السابقة ذات الصلة بالمقال الذي جئت منه") \
	X(HISTORY_BACK, "history-back", "Go back in what you read", \
		"رجوع في سجل ما قرأت") \
	X(HISTORY_FORWARD, "history-forward", "Go forward in what you read", \
		"تقدم في سجل ما قرأت") \
	X(STAR, "star", "Star or unstar the article", \
		"إضافة النجمة إلى المقال أو إزالتها") \
	X(TOGGLE_READ, "toggle-read", "Mark the article read or unread", \
		"تعليم المقال مقروءا أو غير مقروء") \
	X(EXPORT, "export", "Export the article to a file", \
		"تصدير المقال إلى ملف") \
	X(RELOAD, "reload", "Reload the list (new articles)", \
		"إعادة تحميل القائمة (مقالات جديدة)") \
	X(SEARCH, "search", "Search the articles (in an article: find)", \
		"البحث في المقالات (في المقال: البحث في نصه)") \
	X(HIT_NEXT, "hit-next", \
		"Go to the next search hit (none: the next unread article)", \
		"نتيجة البحث التالية (بلا بحث: المقال غير المقروء التالي)") \
	X(HIT_PREV, "hit-prev", "Go to the previous search hit", \
		"نتيجة البحث السابقة") \
	X(NEXT_UNREAD, "next-unread", "Go to the next unread article", \
		"المقال غير المقروء التالي") \
	X(MARK_ALL_READ, "mark-all-read", \
		"Mark every article of this list read (asks first)", \
		"تعليم كل مقالات هذه القائمة مقروءة (بعد السؤال)") \
	X(UNREAD_ONLY, "unread-only", \
		"Show only the unread articles, or all of them", \
		"عرض المقالات غير المقروءة وحدها أو كلها") \
	X(OPEN_URL, "open-url", "Open the article's link in the browser", \
		"فتح رابط المقال في المتصفح") \
	X(UPDATE, "update", "Update the feeds in the background", \
		"تحديث المصادر في الخلفية") \
	X(FULL_TEXT, "full-text", \
		"Fetch the article's whole text from its page (background)", \
		"جلب نص المقال كاملا من صفحته في الخلفية") \
	X(STORY, "story", "Unfold or fold the story's other papers", \
		"إظهار الخبر نفسه من الصحف الأخرى أو إخفاؤه") \
	X(FEEDS, "feeds", "Show the feeds and publishers, unread counts", \
		"عرض المصادر والناشرين وعدد غير المقروء") \
	X(HELP, "help", "Show the keys", "عرض المفاتيح") \
	X(REDRAW, "redraw", "Redraw the screen", "إعادة رسم الشاشة")

enum ak_action {
	AK_ACT_NONE,
#define X(id, name, help, help_ar) AK_ACT_##id,
	AK_ACTIONS(X)
#undef X
	AK_ACT_COUNT
};

/* "next" for AK_ACT_NEXT; "none" for AK_ACT_NONE. */
const char *ak_action_name(enum ak_action a);
/* Help text, in Arabic when arabic is non-zero. */
const char *ak_action_help(enum ak_action a, int arabic);
/* Returns 0 and sets *out, or -1 for an unknown name. */
int ak_action_from_name(const char *s, enum ak_action *out);

/*
 * X(id, name, title, title in Arabic): the keymaps (the title heads its
 * keys in help); GENERIC applies under every view.
 */
#define AK_KEYMAPS(X) \
	X(GENERIC, "generic", "Everywhere", "في كل مكان") \
	X(LIST, "list", "Article list", "قائمة المقالات") \
	X(ARTICLE, "article", "Article", "المقال") \
	X(SEARCH, "search", "Search results", "نتائج البحث") \
	X(HELP, "help", "Help", "المساعدة") \
	X(FEEDS, "feeds", "Feeds", "المصادر")

enum ak_keymap_id {
#define X(id, name, title, title_ar) AK_MAP_##id,
	AK_KEYMAPS(X)
#undef X
	AK_NMAPS
};

const char *ak_keymap_name(enum ak_keymap_id m);
/* The keymap's title for help, in Arabic when arabic is non-zero. */
const char *ak_keymap_title(enum ak_keymap_id m, int arabic);
int ak_keymap_from_name(const char *s, enum ak_keymap_id *out);

/*
 * Key codes: a character is its Unicode code point (control characters
 * for C-x); a function key is AK_KEY_FN + its ncurses KEY_* code.  Codes
 * are normalised (ak_key_normalize): Return and KEY_ENTER are '\n',
 * DEL and C-h are <Backspace>.
 */
#define AK_KEY_FN 0x200000
#define AK_KEY_NAME_MAX 32

/* Keys a line editor needs (ncurses' KEY_* values; keys.c checks them). */
#define AK_KEY_LEFT (AK_KEY_FN + 0404)
#define AK_KEY_RIGHT (AK_KEY_FN + 0405)
#define AK_KEY_HOME (AK_KEY_FN + 0406)
#define AK_KEY_BACKSPACE (AK_KEY_FN + 0407)
#define AK_KEY_DELETE (AK_KEY_FN + 0512)
#define AK_KEY_END (AK_KEY_FN + 0550)

/* Normalise a key as ncurses' get_wch returned it (fn: KEY_CODE_YES). */
int ak_key_normalize(int ch, int fn);

/*
 * Parse a key name: one character ("j", "]", "ب"), "C-x" (Control and a
 * letter or one of @[\]^_), or a name in angle brackets, case-insensitive:
 * <Space> <Enter> <Tab> <S-Tab> <Backspace> <Esc> <Up> <Down> <Left>
 * <Right> <PgUp> <PgDn> <Home> <End> <Insert> <Delete> <F1>..<F12>.
 * Returns 0 and sets *key, or -1.
 */
int ak_key_parse(const char *s, int *key);

/* The name of a key as ak_key_parse reads it, into buf (NUL-terminated). */
void ak_key_name(int key, char *buf, size_t size);

struct ak_binding {
	enum ak_keymap_id map;
	int key;
	enum ak_action act;	/* AK_ACT_NONE: unbound in this map */
};

struct ak_keymap {
	struct ak_binding *b;
	size_t n;
	size_t cap;
};

void ak_keymap_init(struct ak_keymap *km);	/* empty, no defaults */
void ak_keymap_release(struct ak_keymap *km);

/* Bind key in map to act, replacing what it was bound to there. */
void ak_keymap_bind(struct ak_keymap *km, enum ak_keymap_id map, int key,
	enum ak_action act);

/*
 * Unbind key.  In AK_MAP_GENERIC it is removed from every map; in a
 * view's map it is masked there, so the generic binding does not show
 * through.  Returns 0, or -1 when the key was not bound.
 */
int ak_keymap_unbind(struct ak_keymap *km, enum ak_keymap_id map, int key);

/* The action of key in map, else in the generic map, else AK_ACT_NONE. */
enum ak_action ak_keymap_lookup(const struct ak_keymap *km,
	enum ak_keymap_id map, int key);

/*
 * The keys that give act in map (its own bindings, then the generic ones
 * that it does not mask), in binding order; at most max into keys.
 * Returns how many there are.
 */
size_t ak_keymap_keys(const struct ak_keymap *km, enum ak_keymap_id map,
	enum ak_action act, int *keys, size_t max);

/* The default bindings, as config lines; NULL-terminated. */
extern const char *const ak_default_keys[];

#endif
