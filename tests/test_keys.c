/*
 * Unit tests: key names, actions, keymaps and the default bindings.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>
#include <cmocka.h>

#include <ncursesw/curses.h>

#include "akhbar/keys.h"
#include "akhbar/options.h"

static int
parse(const char *s)
{
	int k = -12345;

	if (ak_key_parse(s, &k) != 0)
		return -1;
	return k;
}

static void
test_key_parse_reads_one_character(void **state)
{
	(void)state;
	assert_int_equal(parse("j"), 'j');
	assert_int_equal(parse("]"), ']');
	assert_int_equal(parse("["), '[');
	assert_int_equal(parse("1"), '1');
	assert_int_equal(parse("9"), '9');
	assert_int_equal(parse("?"), '?');
	assert_int_equal(parse("<"), '<');
	assert_int_equal(parse("-"), '-');
	assert_int_equal(parse("ب"), 0x0628);	/* an Arabic keyboard */
}

static void
test_key_parse_reads_named_keys(void **state)
{
	(void)state;
	assert_int_equal(parse("<Down>"), AK_KEY_FN + KEY_DOWN);
	assert_int_equal(parse("<Up>"), AK_KEY_FN + KEY_UP);
	assert_int_equal(parse("<PgDn>"), AK_KEY_FN + KEY_NPAGE);
	assert_int_equal(parse("<pagedown>"), AK_KEY_FN + KEY_NPAGE);
	assert_int_equal(parse("<PgUp>"), AK_KEY_FN + KEY_PPAGE);
	assert_int_equal(parse("<Home>"), AK_KEY_FN + KEY_HOME);
	assert_int_equal(parse("<End>"), AK_KEY_FN + KEY_END);
	assert_int_equal(parse("<Space>"), ' ');
	assert_int_equal(parse("<space>"), ' ');
	assert_int_equal(parse("<Enter>"), '\n');
	assert_int_equal(parse("<Return>"), '\n');
	assert_int_equal(parse("<Tab>"), '\t');
	assert_int_equal(parse("<S-Tab>"), AK_KEY_FN + KEY_BTAB);
	assert_int_equal(parse("<Backspace>"), AK_KEY_BACKSPACE);
	assert_int_equal(parse("<Esc>"), 27);
	assert_int_equal(parse("<Delete>"), AK_KEY_DELETE);
	assert_int_equal(parse("<F1>"), AK_KEY_FN + KEY_F(1));
	assert_int_equal(parse("<F12>"), AK_KEY_FN + KEY_F(12));
	assert_int_equal(parse("<Lt>"), '<');
}

static void
test_key_parse_reads_control_keys(void **state)
{
	(void)state;
	assert_int_equal(parse("C-l"), 12);
	assert_int_equal(parse("C-L"), 12);
	assert_int_equal(parse("<C-l>"), 12);
	assert_int_equal(parse("C-a"), 1);
	/* C-m is Return, C-h is Backspace: what terminals send */
	assert_int_equal(parse("C-m"), '\n');
	assert_int_equal(parse("C-h"), AK_KEY_BACKSPACE);
}

static void
test_key_parse_refuses_what_is_not_a_key(void **state)
{
	(void)state;
	assert_int_equal(parse(""), -1);
	assert_int_equal(parse("jj"), -1);
	assert_int_equal(parse("<Nope>"), -1);
	assert_int_equal(parse("<F13>"), -1);
	assert_int_equal(parse("<F0>"), -1);
	assert_int_equal(parse("C-1"), -1);
	assert_int_equal(parse("C-"), -1);
	assert_int_equal(parse("\x01"), -1);
	assert_int_equal(parse("\x7f"), -1);
	assert_int_equal(parse("\xc2\x9b"), -1);	/* C1 CSI */
	assert_int_equal(parse("\xff"), -1);		/* not UTF-8 */
	assert_int_equal(parse("<>"), -1);
	assert_int_equal(ak_key_parse(NULL, &(int){ 0 }), -1);
}

static void
test_key_name_reads_back_as_the_same_key(void **state)
{
	static const char *const names[] = {
		"j", "]", "1", "ب", "<Down>", "<PgDn>", "<Space>", "<Enter>",
		"<Tab>", "<S-Tab>", "<Backspace>", "<Esc>", "<F5>", "C-l",
		"<Home>", "<End>", "<", "<Delete>",
	};
	char buf[AK_KEY_NAME_MAX];
	size_t i;
	int k;

	(void)state;
	for (i = 0; i < sizeof names / sizeof *names; i++) {
		k = parse(names[i]);
		assert_int_not_equal(k, -1);
		ak_key_name(k, buf, sizeof buf);
		assert_int_equal(parse(buf), k);
	}
	ak_key_name(parse("<Down>"), buf, sizeof buf);
	assert_string_equal(buf, "<Down>");
	ak_key_name(' ', buf, sizeof buf);
	assert_string_equal(buf, "<Space>");
	ak_key_name(12, buf, sizeof buf);
	assert_string_equal(buf, "C-l");
}

static void
test_key_normalize_maps_terminal_variants(void **state)
{
	(void)state;
	assert_int_equal(ak_key_normalize('\r', 0), '\n');
	assert_int_equal(ak_key_normalize(KEY_ENTER, 1), '\n');
	assert_int_equal(ak_key_normalize(127, 0), AK_KEY_BACKSPACE);
	assert_int_equal(ak_key_normalize(8, 0), AK_KEY_BACKSPACE);
	assert_int_equal(ak_key_normalize(KEY_BACKSPACE, 1), AK_KEY_BACKSPACE);
	assert_int_equal(ak_key_normalize(KEY_DOWN, 1), AK_KEY_FN + KEY_DOWN);
	assert_int_equal(ak_key_normalize('j', 0), 'j');
}

static void
test_action_names_and_help_come_from_one_table(void **state)
{
	enum ak_action a, b;

	(void)state;
	for (a = AK_ACT_NONE + 1; a < AK_ACT_COUNT; a++) {
		assert_int_equal(ak_action_from_name(ak_action_name(a), &b), 0);
		assert_int_equal(a, b);
		assert_true(strlen(ak_action_help(a, 0)) > 3);
		assert_true(strlen(ak_action_help(a, 1)) > 3);
		assert_string_not_equal(ak_action_help(a, 0),
			ak_action_help(a, 1));
	}
	assert_int_equal(ak_action_from_name("related-next", &b), 0);
	assert_int_equal(b, AK_ACT_RELATED_NEXT);
	assert_int_equal(ak_action_from_name("no-such-action", &b), -1);
	assert_int_equal(ak_action_from_name("none", &b), -1);
	assert_string_equal(ak_action_name(AK_ACT_COUNT), "?");
}

static void
test_keymap_view_binding_wins_over_generic(void **state)
{
	struct ak_keymap km;

	(void)state;
	ak_keymap_init(&km);
	ak_keymap_bind(&km, AK_MAP_GENERIC, 'j', AK_ACT_NEXT);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_LIST, 'j'), AK_ACT_NEXT);
	ak_keymap_bind(&km, AK_MAP_LIST, 'j', AK_ACT_PREV);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_LIST, 'j'), AK_ACT_PREV);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_ARTICLE, 'j'),
		AK_ACT_NEXT);
	/* rebinding replaces */
	ak_keymap_bind(&km, AK_MAP_GENERIC, 'j', AK_ACT_LAST);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_ARTICLE, 'j'),
		AK_ACT_LAST);
	assert_int_equal(km.n, 2);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_LIST, 'x'), AK_ACT_NONE);
	ak_keymap_release(&km);
}

static void
test_keymap_unbind_in_a_view_masks_the_generic_key(void **state)
{
	struct ak_keymap km;

	(void)state;
	ak_keymap_init(&km);
	ak_keymap_bind(&km, AK_MAP_GENERIC, 'q', AK_ACT_BACK);
	assert_int_equal(ak_keymap_unbind(&km, AK_MAP_ARTICLE, 'q'), 0);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_ARTICLE, 'q'),
		AK_ACT_NONE);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_LIST, 'q'), AK_ACT_BACK);
	/* unbinding what is not bound is an error */
	assert_int_equal(ak_keymap_unbind(&km, AK_MAP_ARTICLE, 'q'), -1);
	assert_int_equal(ak_keymap_unbind(&km, AK_MAP_LIST, 'z'), -1);
	ak_keymap_release(&km);
}

static void
test_keymap_unbind_generic_removes_the_key_everywhere(void **state)
{
	struct ak_keymap km;

	(void)state;
	ak_keymap_init(&km);
	ak_keymap_bind(&km, AK_MAP_GENERIC, 's', AK_ACT_STAR);
	ak_keymap_bind(&km, AK_MAP_LIST, 's', AK_ACT_SEARCH);
	ak_keymap_bind(&km, AK_MAP_LIST, 'j', AK_ACT_NEXT);
	assert_int_equal(ak_keymap_unbind(&km, AK_MAP_GENERIC, 's'), 0);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_LIST, 's'), AK_ACT_NONE);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_ARTICLE, 's'),
		AK_ACT_NONE);
	assert_int_equal(ak_keymap_lookup(&km, AK_MAP_LIST, 'j'), AK_ACT_NEXT);
	assert_int_equal(ak_keymap_unbind(&km, AK_MAP_GENERIC, 's'), -1);
	ak_keymap_release(&km);
}

static void
test_keymap_keys_lists_view_then_unmasked_generic(void **state)
{
	struct ak_keymap km;
	int keys[8];

	(void)state;
	ak_keymap_init(&km);
	ak_keymap_bind(&km, AK_MAP_GENERIC, 'j', AK_ACT_NEXT);
	ak_keymap_bind(&km, AK_MAP_GENERIC, AK_KEY_FN + KEY_DOWN, AK_ACT_NEXT);
	ak_keymap_bind(&km, AK_MAP_ARTICLE, 'n', AK_ACT_NEXT);
	ak_keymap_bind(&km, AK_MAP_ARTICLE, 'j', AK_ACT_HIT_NEXT);
	assert_int_equal(ak_keymap_keys(&km, AK_MAP_ARTICLE, AK_ACT_NEXT,
		keys, 8), 2);
	assert_int_equal(keys[0], 'n');
	assert_int_equal(keys[1], AK_KEY_FN + KEY_DOWN);
	assert_int_equal(ak_keymap_keys(&km, AK_MAP_LIST, AK_ACT_NEXT, keys,
		1), 2);
	assert_int_equal(keys[0], 'j');
	ak_keymap_release(&km);
}

static enum ak_action
dflt(struct ak_keymap *km, enum ak_keymap_id m, const char *key)
{
	return ak_keymap_lookup(km, m, parse(key));
}

static void
test_default_keys_are_the_documented_ones(void **state)
{
	struct ak_options o;
	struct ak_keymap km;

	(void)state;
	ak_options_init(&o);
	ak_keymap_init(&km);
	ak_config_default_keys(&o, &km);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "j"), AK_ACT_NEXT);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "<Down>"), AK_ACT_NEXT);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "k"), AK_ACT_PREV);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "<Up>"), AK_ACT_PREV);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "<Space>"),
		AK_ACT_PAGE_DOWN);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "<PgDn>"),
		AK_ACT_PAGE_DOWN);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "b"), AK_ACT_PAGE_UP);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "<PgUp>"), AK_ACT_PAGE_UP);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "g"), AK_ACT_FIRST);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "<Home>"), AK_ACT_FIRST);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "G"), AK_ACT_LAST);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "<End>"), AK_ACT_LAST);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "<Enter>"), AK_ACT_OPEN);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "q"), AK_ACT_BACK);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "Q"), AK_ACT_QUIT);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "<Tab>"), AK_ACT_FOCUS);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "1"), AK_ACT_RELATED_1);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "9"), AK_ACT_RELATED_9);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "]"), AK_ACT_RELATED_NEXT);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "["), AK_ACT_RELATED_PREV);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "<Backspace>"),
		AK_ACT_HISTORY_BACK);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "H"), AK_ACT_HISTORY_BACK);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "L"),
		AK_ACT_HISTORY_FORWARD);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "s"), AK_ACT_STAR);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "u"), AK_ACT_TOGGLE_READ);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "e"), AK_ACT_EXPORT);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "R"), AK_ACT_RELOAD);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "/"), AK_ACT_SEARCH);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "n"), AK_ACT_HIT_NEXT);
	assert_int_equal(dflt(&km, AK_MAP_ARTICLE, "N"), AK_ACT_HIT_PREV);
	assert_int_equal(dflt(&km, AK_MAP_HELP, "?"), AK_ACT_HELP);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "C-l"), AK_ACT_REDRAW);
	/* article-only keys do nothing in the list */
	assert_int_equal(dflt(&km, AK_MAP_LIST, "]"), AK_ACT_NONE);
	assert_int_equal(dflt(&km, AK_MAP_LIST, "1"), AK_ACT_NONE);
	ak_keymap_release(&km);
	ak_options_release(&o);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_key_parse_reads_one_character),
		cmocka_unit_test(test_key_parse_reads_named_keys),
		cmocka_unit_test(test_key_parse_reads_control_keys),
		cmocka_unit_test(test_key_parse_refuses_what_is_not_a_key),
		cmocka_unit_test(test_key_name_reads_back_as_the_same_key),
		cmocka_unit_test(test_key_normalize_maps_terminal_variants),
		cmocka_unit_test(
			test_action_names_and_help_come_from_one_table),
		cmocka_unit_test(test_keymap_view_binding_wins_over_generic),
		cmocka_unit_test(
			test_keymap_unbind_in_a_view_masks_the_generic_key),
		cmocka_unit_test(
			test_keymap_unbind_generic_removes_the_key_everywhere),
		cmocka_unit_test(
			test_keymap_keys_lists_view_then_unmasked_generic),
		cmocka_unit_test(test_default_keys_are_the_documented_ones),
	};

	return cmocka_run_group_tests_name("keys", tests, NULL, NULL);
}
