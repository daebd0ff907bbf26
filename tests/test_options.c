/*
 * Unit tests: options, their defaults, and the config file reader
 * (bind, unbind, set, color; errors with FILE:LINE; bad lines skipped).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include "akhbar/error.h"
#include "akhbar/keys.h"
#include "akhbar/layout.h"
#include "akhbar/options.h"
#include "akhbar/paths.h"
#include "testutil.h"

struct fx {
	struct ak_options o;
	struct ak_keymap km;
	struct ak_config_errors errs;
};

static int
setup(void **state)
{
	struct fx *f = calloc(1, sizeof *f);

	ak_options_init(&f->o);
	ak_keymap_init(&f->km);
	ak_config_default_keys(&f->o, &f->km);
	*state = f;
	return 0;
}

static int
teardown(void **state)
{
	struct fx *f = *state;

	ak_config_errors_release(&f->errs);
	ak_keymap_release(&f->km);
	ak_options_release(&f->o);
	free(f);
	return 0;
}

static size_t
parse_text(struct fx *f, const char *text)
{
	return ak_config_parse(&f->o, &f->km, text, strlen(text), "cfg",
		&f->errs);
}

static int
key(const char *s)
{
	int k = -1;

	assert_int_equal(ak_key_parse(s, &k), 0);
	return k;
}

static void
test_options_defaults(void **state)
{
	struct fx *f = *state;
	char v[64];

	assert_int_equal(f->o.bidi, AK_BIDI_APP);
	assert_true(f->o.shaping);
	assert_true(f->o.colors);
	assert_string_equal(f->o.date_format, "yMMMd");
	assert_int_equal(f->o.language, AK_LANG_AUTO);
	assert_false(f->o.hijri);
	assert_int_equal(f->o.digits, AK_DIGITS_LATIN);
	assert_true(f->o.mouse);
	/* the default theme keeps the terminal's colours for text */
	assert_int_equal(f->o.styles[AK_C_DEFAULT].fg, -1);
	assert_int_equal(f->o.styles[AK_C_DEFAULT].bg, -1);
	assert_int_equal(f->o.styles[AK_C_TITLE].fg, -1);
	assert_true(f->o.styles[AK_C_TITLE].style & AK_STYLE_BOLD);
	assert_true(f->o.styles[AK_C_CURSOR].mono & AK_STYLE_REVERSE);
	ak_option_value(&f->o, AK_OPT_bidi, v, sizeof v);
	assert_string_equal(v, "app");
	ak_option_value(&f->o, AK_OPT_hijri, v, sizeof v);
	assert_string_equal(v, "off");
	ak_option_value(&f->o, AK_OPT_date_format, v, sizeof v);
	assert_string_equal(v, "yMMMd");
}

static void
test_options_set_takes_each_type(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };

	assert_int_equal(ak_options_set(&f->o, "bidi", "terminal", &err),
		AK_OK);
	assert_int_equal(f->o.bidi, AK_BIDI_TERMINAL);
	assert_int_equal(ak_options_set(&f->o, "bidi", "off", &err), AK_OK);
	assert_int_equal(f->o.bidi, AK_BIDI_OFF);
	assert_int_equal(ak_options_set(&f->o, "shaping", "off", &err), AK_OK);
	assert_false(f->o.shaping);
	assert_int_equal(ak_options_set(&f->o, "colors", "no", &err), AK_OK);
	assert_false(f->o.colors);
	assert_int_equal(ak_options_set(&f->o, "colours", "yes", &err), AK_OK);
	assert_true(f->o.colors);
	assert_int_equal(ak_options_set(&f->o, "language", "ar", &err), AK_OK);
	assert_int_equal(f->o.language, AK_LANG_AR);
	assert_int_equal(ak_options_set(&f->o, "language", "english", &err),
		AK_OK);
	assert_int_equal(f->o.language, AK_LANG_EN);
	assert_int_equal(ak_options_set(&f->o, "hijri", "on", &err), AK_OK);
	assert_true(f->o.hijri);
	assert_int_equal(ak_options_set(&f->o, "digits", "arabic", &err),
		AK_OK);
	assert_int_equal(f->o.digits, AK_DIGITS_ARABIC);
	assert_int_equal(ak_options_set(&f->o, "date-format", "d MMMM",
		&err), AK_OK);
	assert_string_equal(f->o.date_format, "d MMMM");
}

static void
test_options_set_explains_a_bad_value(void **state)
{
	struct fx *f = *state;
	struct ak_error err = { 0, "" };

	assert_int_equal(ak_options_set(&f->o, "bidi", "sideways", &err),
		AK_ECONFIG);
	assert_non_null(strstr(err.msg, "bidi"));
	assert_non_null(strstr(err.msg, "sideways"));
	assert_int_equal(f->o.bidi, AK_BIDI_APP);	/* unchanged */
	assert_int_equal(ak_options_set(&f->o, "hijri", "maybe", &err),
		AK_ECONFIG);
	assert_non_null(strstr(err.msg, "on or off"));
	assert_int_equal(ak_options_set(&f->o, "language", "fr", &err),
		AK_ECONFIG);
	assert_int_equal(ak_options_set(&f->o, "digits", "roman", &err),
		AK_ECONFIG);
	assert_int_equal(ak_options_set(&f->o, "date-format", "", &err),
		AK_ECONFIG);
	assert_int_equal(ak_options_set(&f->o, "wrap", "on", &err),
		AK_ECONFIG);
	assert_non_null(strstr(err.msg, "unknown option 'wrap'"));
}

static void
test_config_binds_unbinds_and_sets(void **state)
{
	struct fx *f = *state;

	assert_int_equal(parse_text(f,
		"# akhbar config\n"
		"\n"
		"bind x quit\n"
		"bind article <Right> related-next   # like a browser\n"
		"bind \"#\" help\n"
		"unbind article H\n"
		"unbind s\n"
		"set bidi terminal\n"
		"set date-format \"d MMM y\"\n"
		"set hijri = on\n"), 0);
	assert_int_equal(f->errs.n, 0);
	assert_int_equal(ak_keymap_lookup(&f->km, AK_MAP_LIST, 'x'),
		AK_ACT_QUIT);
	assert_int_equal(ak_keymap_lookup(&f->km, AK_MAP_ARTICLE,
		key("<Right>")), AK_ACT_RELATED_NEXT);
	assert_int_equal(ak_keymap_lookup(&f->km, AK_MAP_LIST, '#'),
		AK_ACT_HELP);
	assert_int_equal(ak_keymap_lookup(&f->km, AK_MAP_ARTICLE, 'H'),
		AK_ACT_NONE);
	assert_int_equal(ak_keymap_lookup(&f->km, AK_MAP_LIST, 'H'),
		AK_ACT_HISTORY_BACK);
	assert_int_equal(ak_keymap_lookup(&f->km, AK_MAP_ARTICLE, 's'),
		AK_ACT_NONE);
	assert_int_equal(f->o.bidi, AK_BIDI_TERMINAL);
	assert_string_equal(f->o.date_format, "d MMM y");
	assert_true(f->o.hijri);
}

static void
test_config_error_names_file_and_line_and_rest_applies(void **state)
{
	struct fx *f = *state;

	assert_int_equal(parse_text(f,
		"set hijri on\n"
		"bind j jump-around\n"
		"set bidi sideways\n"
		"frobnicate\n"
		"bind <Nope> quit\n"
		"bind nowhere j next\n"
		"color title mauve default\n"
		"set language \"ar\n"
		"bind\n"
		"unbind z\n"
		"set digits arabic\n"), 9);
	assert_int_equal(f->errs.n, 9);
	assert_string_equal(f->errs.msgs[0], "cfg:2: bind: unknown action "
		"'jump-around' (the help view, ?, lists them)");
	assert_non_null(strstr(f->errs.msgs[1], "cfg:3: set bidi: "
		"'sideways'"));
	assert_non_null(strstr(f->errs.msgs[2], "cfg:4: unknown command "
		"'frobnicate'"));
	assert_non_null(strstr(f->errs.msgs[3], "cfg:5: bind: unknown key "
		"'<Nope>'"));
	assert_non_null(strstr(f->errs.msgs[4], "cfg:6: bind: unknown view "
		"'nowhere'"));
	assert_non_null(strstr(f->errs.msgs[5], "cfg:7: color title: "
		"'mauve' is not a colour"));
	assert_non_null(strstr(f->errs.msgs[6], "cfg:8: unterminated quote"));
	assert_non_null(strstr(f->errs.msgs[7], "cfg:9: bind wants"));
	assert_non_null(strstr(f->errs.msgs[8], "cfg:10: unbind: 'z' is not "
		"bound"));
	/* the good lines around the bad ones apply; the bad ones keep the
	 * defaults */
	assert_true(f->o.hijri);
	assert_int_equal(f->o.digits, AK_DIGITS_ARABIC);
	assert_int_equal(f->o.bidi, AK_BIDI_APP);
	assert_int_equal(f->o.language, AK_LANG_AUTO);
	assert_int_equal(ak_keymap_lookup(&f->km, AK_MAP_LIST, 'j'),
		AK_ACT_NEXT);
}

static void
test_config_color_sets_colours_and_attributes(void **state)
{
	struct fx *f = *state;
	const struct ak_style *s;

	assert_int_equal(parse_text(f,
		"color hit white red bold,underline\n"
		"color link default default reverse\n"
		"color header color33 brightblack\n"
		"color date 244 default dim italic\n"), 0);
	s = &f->o.styles[AK_C_HIT];
	assert_int_equal(s->fg, AK_COLOR_WHITE);
	assert_int_equal(s->bg, AK_COLOR_RED);
	assert_int_equal(s->style, AK_STYLE_BOLD | AK_STYLE_UNDERLINE);
	assert_int_equal(s->mono, AK_STYLE_BOLD | AK_STYLE_UNDERLINE);
	s = &f->o.styles[AK_C_LINK];
	assert_int_equal(s->fg, -1);
	assert_int_equal(s->style, AK_STYLE_REVERSE);
	s = &f->o.styles[AK_C_HEADER];
	assert_int_equal(s->fg, 33);
	assert_int_equal(s->bg, 8);
	s = &f->o.styles[AK_C_DATE];
	assert_int_equal(s->fg, 244);
	assert_int_equal(s->style, AK_STYLE_DIM | AK_STYLE_ITALIC);
	assert_int_equal(parse_text(f, "color nothing red red\n"
		"color hit red\n"
		"color hit 256 default\n"
		"color hit red default blinking\n"), 4);
	assert_non_null(strstr(f->errs.msgs[0], "unknown element"));
	assert_non_null(strstr(f->errs.msgs[3], "'blinking' is not an "
		"attribute"));
}

static void
test_config_load_missing_files(void **state)
{
	struct fx *f = *state;
	char *dir = tu_tempdir(), path[4200];
	FILE *fp;

	setenv("XDG_CONFIG_HOME", dir, 1);
	/* no config file at the default place: not an error */
	assert_int_equal(ak_config_load(&f->o, &f->km, NULL, &f->errs), 0);
	assert_int_equal(f->errs.n, 0);
	/* --config PATH that is missing: one error that names it */
	snprintf(path, sizeof path, "%s/nope", dir);
	assert_int_equal(ak_config_load(&f->o, &f->km, path, &f->errs), 1);
	assert_non_null(strstr(f->errs.msgs[0], path));
	/* the default place, with an error on line 2 */
	snprintf(path, sizeof path, "%s/akhbar", dir);
	assert_int_equal(ak_mkdir_p(path), 0);
	snprintf(path, sizeof path, "%s/akhbar/config", dir);
	fp = fopen(path, "w");
	assert_non_null(fp);
	fputs("set shaping off\nset shaping sometimes\n", fp);
	fclose(fp);
	assert_int_equal(ak_config_load(&f->o, &f->km, NULL, &f->errs), 1);
	assert_int_equal(f->errs.n, 2);
	assert_non_null(strstr(f->errs.msgs[1], "/akhbar/config:2: set "
		"shaping: 'sometimes'"));
	assert_false(f->o.shaping);
	unsetenv("XDG_CONFIG_HOME");
	tu_rmtree(dir);
}

static void
test_options_arabic_follows_setting_then_locale(void **state)
{
	struct fx *f = *state;

	unsetenv("LC_ALL");
	unsetenv("LC_MESSAGES");
	setenv("LANG", "ar_EG.UTF-8", 1);
	assert_true(ak_options_arabic(&f->o));
	setenv("LC_MESSAGES", "en_US.UTF-8", 1);
	assert_false(ak_options_arabic(&f->o));
	setenv("LC_ALL", "ar", 1);
	assert_true(ak_options_arabic(&f->o));
	setenv("LC_ALL", "C.UTF-8", 1);
	assert_false(ak_options_arabic(&f->o));
	setenv("LC_ALL", "arn_CL.UTF-8", 1);	/* Mapudungun, not Arabic */
	assert_false(ak_options_arabic(&f->o));
	f->o.language = AK_LANG_AR;
	assert_true(ak_options_arabic(&f->o));
	setenv("LC_ALL", "ar_SA.UTF-8", 1);
	f->o.language = AK_LANG_EN;
	assert_false(ak_options_arabic(&f->o));
	setenv("LC_ALL", "C.UTF-8", 1);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test_setup_teardown(test_options_defaults, setup,
			teardown),
		cmocka_unit_test_setup_teardown(
			test_options_set_takes_each_type, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_options_set_explains_a_bad_value, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_config_binds_unbinds_and_sets, setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_config_error_names_file_and_line_and_rest_applies,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_config_color_sets_colours_and_attributes, setup,
			teardown),
		cmocka_unit_test_setup_teardown(test_config_load_missing_files,
			setup, teardown),
		cmocka_unit_test_setup_teardown(
			test_options_arabic_follows_setting_then_locale, setup,
			teardown),
	};

	return cmocka_run_group_tests_name("options", tests, NULL, NULL);
}
