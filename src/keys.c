/*
 * Keys: action names and help, key names, keymaps and the default
 * bindings.  Parsing of `bind`/`unbind` lines is the config reader's
 * (options.c); the main loop (view.c) looks keys up here.
 */
#include "config.h"

#include "akhbar/keys.h"

#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include <ncursesw/curses.h>

#include "akhbar/buf.h"
#include "akhbar/text.h"

_Static_assert(AK_KEY_LEFT == AK_KEY_FN + KEY_LEFT &&
	AK_KEY_RIGHT == AK_KEY_FN + KEY_RIGHT &&
	AK_KEY_HOME == AK_KEY_FN + KEY_HOME &&
	AK_KEY_BACKSPACE == AK_KEY_FN + KEY_BACKSPACE &&
	AK_KEY_DELETE == AK_KEY_FN + KEY_DC &&
	AK_KEY_END == AK_KEY_FN + KEY_END, "key codes as ncurses has them");

static const char *const action_names[] = {
	"none",
#define X(id, name, help, help_ar) name,
	AK_ACTIONS(X)
#undef X
};

static const char *const action_help[][2] = {
	{ "Do nothing", "لا شيء" },
#define X(id, name, help, help_ar) { help, help_ar },
	AK_ACTIONS(X)
#undef X
};

static const char *const keymap_names[] = {
#define X(id, name, title, title_ar) name,
	AK_KEYMAPS(X)
#undef X
};

static const char *const keymap_titles[][2] = {
#define X(id, name, title, title_ar) { title, title_ar },
	AK_KEYMAPS(X)
#undef X
};

const char *const ak_default_keys[] = {
	"bind j next",
	"bind <Down> next",
	"bind k prev",
	"bind <Up> prev",
	"bind <Space> page-down",
	"bind <PgDn> page-down",
	"bind b page-up",
	"bind <PgUp> page-up",
	"bind g first",
	"bind <Home> first",
	"bind G last",
	"bind <End> last",
	"bind <Enter> open",
	"bind q back",
	"bind Q quit",
	"bind / search",
	"bind s star",
	"bind u toggle-read",
	"bind e export",
	"bind <Backspace> history-back",
	"bind H history-back",
	"bind L history-forward",
	"bind ? help",
	"bind <F1> help",
	"bind C-l redraw",
	"bind list R reload",
	"bind list = story",
	"bind F feeds",
	"bind feeds R reload",
	"bind n next-unread",
	"bind A mark-all-read",
	"bind l unread-only",
	"bind o open-url",
	"bind U update",
	"bind article f full-text",
	"bind article <Tab> focus",
	"bind article <S-Tab> focus",
	"bind article ] related-next",
	"bind article [ related-prev",
	"bind article n hit-next",
	"bind article N hit-prev",
	"bind article 1 related-1",
	"bind article 2 related-2",
	"bind article 3 related-3",
	"bind article 4 related-4",
	"bind article 5 related-5",
	"bind article 6 related-6",
	"bind article 7 related-7",
	"bind article 8 related-8",
	"bind article 9 related-9",
	NULL
};

const char *
ak_action_name(enum ak_action a)
{
	if ((unsigned)a >= AK_ACT_COUNT)
		return "?";
	return action_names[a];
}

const char *
ak_action_help(enum ak_action a, int arabic)
{
	if ((unsigned)a >= AK_ACT_COUNT)
		return "?";
	return action_help[a][arabic ? 1 : 0];
}

int
ak_action_from_name(const char *s, enum ak_action *out)
{
	size_t i;

	if (!s)
		return -1;
	for (i = 1; i < AK_ACT_COUNT; i++)
		if (strcmp(s, action_names[i]) == 0) {
			*out = (enum ak_action)i;
			return 0;
		}
	return -1;
}

const char *
ak_keymap_name(enum ak_keymap_id m)
{
	if ((unsigned)m >= AK_NMAPS)
		return "?";
	return keymap_names[m];
}

const char *
ak_keymap_title(enum ak_keymap_id m, int arabic)
{
	if ((unsigned)m >= AK_NMAPS)
		return "?";
	return keymap_titles[m][arabic ? 1 : 0];
}

int
ak_keymap_from_name(const char *s, enum ak_keymap_id *out)
{
	size_t i;

	if (!s)
		return -1;
	for (i = 0; i < AK_NMAPS; i++)
		if (strcmp(s, keymap_names[i]) == 0) {
			*out = (enum ak_keymap_id)i;
			return 0;
		}
	return -1;
}

/* ------------------------------------------------------------ key names */

/* Named keys; the first name of a code is the one ak_key_name prints. */
static const struct {
	const char *name;
	int key;
} key_names[] = {
	{ "Space", ' ' },
	{ "Enter", '\n' },
	{ "Return", '\n' },
	{ "Tab", '\t' },
	{ "S-Tab", AK_KEY_FN + KEY_BTAB },
	{ "BackTab", AK_KEY_FN + KEY_BTAB },
	{ "Backspace", AK_KEY_FN + KEY_BACKSPACE },
	{ "BS", AK_KEY_FN + KEY_BACKSPACE },
	{ "Esc", 27 },
	{ "Escape", 27 },
	{ "Up", AK_KEY_FN + KEY_UP },
	{ "Down", AK_KEY_FN + KEY_DOWN },
	{ "Left", AK_KEY_FN + KEY_LEFT },
	{ "Right", AK_KEY_FN + KEY_RIGHT },
	{ "PgUp", AK_KEY_FN + KEY_PPAGE },
	{ "PageUp", AK_KEY_FN + KEY_PPAGE },
	{ "PgDn", AK_KEY_FN + KEY_NPAGE },
	{ "PageDown", AK_KEY_FN + KEY_NPAGE },
	{ "Home", AK_KEY_FN + KEY_HOME },
	{ "End", AK_KEY_FN + KEY_END },
	{ "Insert", AK_KEY_FN + KEY_IC },
	{ "Ins", AK_KEY_FN + KEY_IC },
	{ "Delete", AK_KEY_FN + KEY_DC },
	{ "Del", AK_KEY_FN + KEY_DC },
	{ "Lt", '<' },
};

int
ak_key_normalize(int ch, int fn)
{
	if (fn) {
		if (ch == KEY_ENTER)
			return '\n';
		return AK_KEY_FN + ch;
	}
	if (ch == '\r')
		return '\n';
	if (ch == 127 || ch == 8)
		return AK_KEY_FN + KEY_BACKSPACE;
	return ch;
}

int
ak_key_parse(const char *s, int *key)
{
	size_t len, i, n;
	unsigned cp;
	char *end;
	long f;

	if (!s || !*s)
		return -1;
	len = strlen(s);
	/* One character, even '<' or '-'. */
	n = (size_t)ak_utf8_next(s, len, &cp);
	if (n == len) {
		if (cp == 0xFFFD && strcmp(s, "\xef\xbf\xbd") != 0)
			return -1;
		if (cp < 0x20 || cp == 0x7f || (cp >= 0x80 && cp < 0xa0))
			return -1;
		*key = ak_key_normalize((int)cp, 0);
		return 0;
	}
	/* C-x */
	if ((s[0] == 'C' || s[0] == 'c') && s[1] == '-' && len == 3) {
		int c = (unsigned char)s[2];

		if (isalpha(c))
			c = toupper(c);
		if (c < '@' || c > '_')
			return -1;
		*key = ak_key_normalize(c & 0x1f, 0);
		return 0;
	}
	if (s[0] != '<' || s[len - 1] != '>' || len < 3)
		return -1;
	for (i = 0; i < sizeof key_names / sizeof *key_names; i++) {
		n = strlen(key_names[i].name);
		if (n == len - 2 &&
		    strncasecmp(s + 1, key_names[i].name, n) == 0) {
			*key = key_names[i].key;
			return 0;
		}
	}
	/* <C-x> */
	if (len == 5 && (s[1] == 'C' || s[1] == 'c') && s[2] == '-') {
		char one[4] = { 'C', '-', s[3], '\0' };

		return ak_key_parse(one, key);
	}
	/* <F1>..<F12> */
	if ((s[1] == 'F' || s[1] == 'f') && isdigit((unsigned char)s[2])) {
		f = strtol(s + 2, &end, 10);
		if (*end == '>' && end == s + len - 1 && f >= 1 && f <= 12) {
			*key = AK_KEY_FN + KEY_F(f);
			return 0;
		}
	}
	return -1;
}

void
ak_key_name(int key, char *buf, size_t size)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i;

	if (size == 0)
		return;
	for (i = 0; i < sizeof key_names / sizeof *key_names; i++)
		if (key_names[i].key == key && key != '<') {
			snprintf(buf, size, "<%s>", key_names[i].name);
			return;
		}
	if (key >= AK_KEY_FN + KEY_F(1) && key <= AK_KEY_FN + KEY_F(12)) {
		snprintf(buf, size, "<F%d>", key - AK_KEY_FN - KEY_F(0));
		return;
	}
	if (key >= AK_KEY_FN) {
		snprintf(buf, size, "<Key%d>", key - AK_KEY_FN);
		return;
	}
	if (key > 0 && key < 0x20) {
		snprintf(buf, size, "C-%c", (char)tolower(key | 0x40));
		return;
	}
	if (key <= 0 || key > 0x10ffff || (key >= 0x7f && key < 0xa0)) {
		snprintf(buf, size, "<?>");
		return;
	}
	ak_buf_addcp(&b, (unsigned)key);
	snprintf(buf, size, "%s", ak_buf_str(&b));
	ak_buf_release(&b);
}

/* ------------------------------------------------------------ keymaps */

void
ak_keymap_init(struct ak_keymap *km)
{
	memset(km, 0, sizeof *km);
}

void
ak_keymap_release(struct ak_keymap *km)
{
	free(km->b);
	memset(km, 0, sizeof *km);
}

static struct ak_binding *
find(const struct ak_keymap *km, enum ak_keymap_id map, int key)
{
	size_t i;

	for (i = 0; i < km->n; i++)
		if (km->b[i].map == map && km->b[i].key == key)
			return &km->b[i];
	return NULL;
}

void
ak_keymap_bind(struct ak_keymap *km, enum ak_keymap_id map, int key,
	enum ak_action act)
{
	struct ak_binding *b = find(km, map, key);

	if (b) {
		b->act = act;
		return;
	}
	if (km->n == km->cap) {
		km->cap = km->cap ? km->cap * 2 : 64;
		km->b = ak_xreallocarray(km->b, km->cap, sizeof *km->b);
	}
	b = &km->b[km->n++];
	b->map = map;
	b->key = key;
	b->act = act;
}

int
ak_keymap_unbind(struct ak_keymap *km, enum ak_keymap_id map, int key)
{
	size_t i, j;
	int found = 0;

	if (map != AK_MAP_GENERIC) {
		if (ak_keymap_lookup(km, map, key) == AK_ACT_NONE)
			return -1;
		ak_keymap_bind(km, map, key, AK_ACT_NONE);
		return 0;
	}
	for (i = j = 0; i < km->n; i++) {
		if (km->b[i].key == key) {
			found |= km->b[i].act != AK_ACT_NONE;
			continue;
		}
		km->b[j++] = km->b[i];
	}
	km->n = j;
	return found ? 0 : -1;
}

enum ak_action
ak_keymap_lookup(const struct ak_keymap *km, enum ak_keymap_id map, int key)
{
	const struct ak_binding *b = find(km, map, key);

	if (b)
		return b->act;
	if (map != AK_MAP_GENERIC) {
		b = find(km, AK_MAP_GENERIC, key);
		if (b)
			return b->act;
	}
	return AK_ACT_NONE;
}

size_t
ak_keymap_keys(const struct ak_keymap *km, enum ak_keymap_id map,
	enum ak_action act, int *keys, size_t max)
{
	size_t i, n = 0;
	int pass;

	for (pass = 0; pass < 2; pass++) {
		enum ak_keymap_id m = pass == 0 ? map : AK_MAP_GENERIC;

		if (pass == 1 && map == AK_MAP_GENERIC)
			break;
		for (i = 0; i < km->n; i++) {
			const struct ak_binding *b = &km->b[i];

			if (b->map != m || b->act != act)
				continue;
			if (pass == 1 && find(km, map, b->key))
				continue;	/* masked by the view's map */
			if (n < max)
				keys[n] = b->key;
			n++;
		}
	}
	return n;
}
