/*
 * Unit tests: export (text, Markdown and JSON rendering, wrapping, file
 * names, the write).
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <sys/stat.h>
#include <cmocka.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/export.h"
#include "akhbar/paths.h"
#include "akhbar/text.h"
#include "testutil.h"

static void
sample(struct ak_article *a)
{
	struct ak_ref *r;

	ak_article_init(a);
	a->id = 42;
	ak_set_str(&a->title, "صاروخان يؤجلان انسحاب «التحالف الدولي» من العراق");
	ak_set_str(&a->subtitle, "خلاف بين واشنطن وبغداد");
	ak_set_str(&a->publisher, "الشرق الأوسط");
	ak_set_str(&a->published, "2024-09-13T10:00:00Z");
	ak_set_str(&a->byline, "حمزة مصطفى");
	ak_set_str(&a->dateline, "بغداد");
	ak_set_str(&a->lang, "ar");
	ak_article_add_block(a, AK_BLOCK_CAPTION, "قاعدة عين الأسد",
	    strlen("قاعدة عين الأسد"), "رويترز");
	ak_article_add_block(a, AK_BLOCK_PARAGRAPH, "أعلنت الحكومة تأجيل "
	    "الإعلان عن انتهاء المهمة.", strlen("أعلنت الحكومة تأجيل "
	    "الإعلان عن انتهاء المهمة."), NULL);
	ak_article_add_block(a, AK_BLOCK_HEADING, "تأجيل الإعلان",
	    strlen("تأجيل الإعلان"), NULL);
	ak_article_add_block(a, AK_BLOCK_PARAGRAPH, "فقرة ثانية فيها *نجمة* "
	    "و[قوسان] و<وسم>.", strlen("فقرة ثانية فيها *نجمة* "
	    "و[قوسان] و<وسم>."), NULL);
	ak_article_add_block(a, AK_BLOCK_CAPTION, "صورة بلا مصدر",
	    strlen("صورة بلا مصدر"), NULL);
	r = ak_article_add_ref(a);
	ak_set_str(&r->title, "عنوان مقال ذي صلة");
	r->target = 7;
}

static struct ak_related rel[] = {
	{ 7, (char *)"عنوان مقال ذي صلة", NULL, NULL, NULL, 0.0, AK_REL_REF },
	{ 9, (char *)"قصة قريبة", (char *)"العرب", (char *)"2024-09-14", NULL,
	    0.5, AK_REL_RELATED },
};

static char *
render(const struct ak_article *a, enum ak_export_format f, int width,
	int withrel)
{
	struct ak_buf b = AK_BUF_INIT;

	ak_export_render(a, withrel ? rel : NULL, withrel ? 2 : 0, f, width,
	    &b);
	return ak_buf_detach(&b, NULL);
}

static void
test_export_text_layout(void **state)
{
	struct ak_article a;
	const char *head;
	char *s;

	(void)state;
	sample(&a);
	s = render(&a, AK_EXPORT_TEXT, 0, 1);
	head = "صاروخان يؤجلان انسحاب «التحالف الدولي» من العراق\n"
	    "خلاف بين واشنطن وبغداد\n"
	    "— الشرق الأوسط · 2024-09-13T10:00:00Z · حمزة مصطفى\n\n";
	assert_true(strncmp(s, head, strlen(head)) == 0);
	/* the caption with its credit, the dateline on the first paragraph */
	assert_non_null(strstr(s, "\nقاعدة عين الأسد (رويترز)\n"));
	assert_non_null(strstr(s, "\nبغداد – أعلنت الحكومة"));
	/* a heading underlined to its width */
	assert_non_null(strstr(s, "\nتأجيل الإعلان\n=============\n"));
	assert_non_null(strstr(s, "\nصورة بلا مصدر (صورة)\n"));
	/* related stories at the end, one title a line */
	assert_non_null(strstr(s, "\n\nمقالات ذات صلة\nعنوان مقال ذي صلة\n"
	    "قصة قريبة\n"));
	assert_int_equal(s[strlen(s) - 1], '\n');
	assert_null(strchr(s, '\r'));
	free(s);
	ak_article_release(&a);
}

/* What is known of publisher, date and byline; nothing: no line. */
static void
test_export_text_meta_line_has_what_is_known(void **state)
{
	struct ak_article a;
	char *s;

	(void)state;
	ak_article_init(&a);
	ak_set_str(&a.title, "عنوان");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, "نص.", strlen("نص."),
	    NULL);
	s = render(&a, AK_EXPORT_TEXT, 0, 0);
	assert_string_equal(s, "عنوان\n\nنص.\n");
	free(s);
	ak_set_str(&a.published, "2015-07-20T23:51:35Z");
	s = render(&a, AK_EXPORT_TEXT, 0, 0);
	assert_string_equal(s, "عنوان\n— 2015-07-20T23:51:35Z\n\nنص.\n");
	free(s);
	ak_set_str(&a.byline, "فلان");
	s = render(&a, AK_EXPORT_TEXT, 0, 0);
	assert_string_equal(s, "عنوان\n— 2015-07-20T23:51:35Z · فلان\n\n"
	    "نص.\n");
	free(s);
	ak_article_release(&a);
}

static void
test_export_text_fields_stay_on_their_line(void **state)
{
	struct ak_article a;
	char *s;

	(void)state;
	ak_article_init(&a);
	ak_set_str(&a.title, "سطر\nآخر");
	ak_set_str(&a.publisher, "نا\tشر");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, "أ\r\nب", strlen("أ\r\nب"),
	    NULL);
	s = render(&a, AK_EXPORT_TEXT, 0, 0);
	assert_string_equal(s, "سطر آخر\n— نا شر\n\nأ  ب\n");
	free(s);
	ak_article_release(&a);
}

/* Every line at most width cells, unless it is one word. */
static void
check_wrapped(const char *s, int width)
{
	const char *line = s, *nl;

	while ((nl = strchr(line, '\n'))) {
		size_t len = (size_t)(nl - line);
		int w = ak_text_width(line, len);

		if (w > width && memchr(line, ' ', len))
			fail_msg("line wider than %d: %.*s", width, (int)len,
			    line);
		if (len && (line[0] == ' ' || line[len - 1] == ' '))
			fail_msg("line with a space at an end: '%.*s'",
			    (int)len, line);
		line = nl + 1;
	}
}

static void
test_export_text_wraps_between_words(void **state)
{
	struct ak_article a;
	struct ak_buf words = AK_BUF_INIT, joined = AK_BUF_INIT;
	const char *p;
	char *s, *w;
	int i;

	(void)state;
	ak_article_init(&a);
	ak_set_str(&a.title, "عنوان");
	for (i = 0; i < 40; i++)
		ak_buf_addstr(&words, i % 7 == 3 ? "كلمةطويلةجداجدا " :
		    "كلمة ");
	ak_buf_addstr(&words, "قصيرة.");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, words.data, words.len,
	    NULL);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH,
	    "سوبركاليفراجيليستيكإكسبياليدوشس", strlen(
	    "سوبركاليفراجيليستيكإكسبياليدوشس"), NULL);
	s = render(&a, AK_EXPORT_TEXT, 20, 0);
	check_wrapped(s, 20);
	/* nothing lost, no word cut: the lines join back to the paragraph */
	p = strstr(s, "\n\n") + 2;
	for (; *p && !(p[0] == '\n' && p[1] == '\n'); p++)
		ak_buf_addch(&joined, *p == '\n' ? ' ' : *p);
	assert_string_equal(joined.data, words.data);
	/* a word longer than the width stands whole on its line */
	w = strstr(s, "\nسوبركاليفراجيليستيكإكسبياليدوشس\n");
	assert_non_null(w);
	free(s);
	ak_buf_release(&words);
	ak_buf_release(&joined);
	ak_article_release(&a);
}

static void
test_export_markdown(void **state)
{
	struct ak_article a;
	char *s;

	(void)state;
	sample(&a);
	s = render(&a, AK_EXPORT_MARKDOWN, 0, 1);
	assert_true(strncmp(s, "# صاروخان يؤجلان", strlen("# صاروخان يؤجلان"))
	    == 0);
	assert_non_null(strstr(s, "\n**خلاف بين واشنطن وبغداد**\n"));
	assert_non_null(strstr(s, "\n## تأجيل الإعلان\n"));
	assert_non_null(strstr(s, "\n*قاعدة عين الأسد (رويترز)*\n"));
	assert_non_null(strstr(s, "\n*صورة بلا مصدر*\n"));
	/* Markdown's own characters in the text are escaped */
	assert_non_null(strstr(s, "\\*نجمة\\* و\\[قوسان\\] و\\<وسم\\>"));
	assert_non_null(strstr(s, "\n## مقالات ذات صلة\n\n- عنوان مقال ذي صلة\n"
	    "- قصة قريبة (العرب, 2024-09-14)\n"));
	assert_int_equal(s[strlen(s) - 1], '\n');
	free(s);
	ak_article_release(&a);
}

static void
test_export_markdown_escapes_line_starts(void **state)
{
	struct ak_article a;
	char *s;

	(void)state;
	ak_article_init(&a);
	ak_set_str(&a.title, "#1 عنوان");
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, "1. ليست قائمة",
	    strlen("1. ليست قائمة"), NULL);
	ak_article_add_block(&a, AK_BLOCK_PARAGRAPH, "- ولا هذه",
	    strlen("- ولا هذه"), NULL);
	s = render(&a, AK_EXPORT_MARKDOWN, 0, 0);
	assert_true(strncmp(s, "# \\#1 عنوان\n", strlen("# \\#1 عنوان\n")) == 0);
	assert_non_null(strstr(s, "\n1\\. ليست قائمة\n"));
	assert_non_null(strstr(s, "\n\\- ولا هذه\n"));
	free(s);
	ak_article_release(&a);
}

static void
test_export_json_shape(void **state)
{
	struct ak_article a;
	char *s;

	(void)state;
	sample(&a);
	s = render(&a, AK_EXPORT_JSON, 30, 1);
	assert_non_null(strstr(s, "\"id\": 42"));
	assert_non_null(strstr(s, "\"dateline\": \"بغداد\""));
	assert_non_null(strstr(s, "\"url\": null"));
	assert_non_null(strstr(s, "\"kind\": \"caption\""));
	assert_non_null(strstr(s, "\"credit\": \"رويترز\""));
	assert_non_null(strstr(s, "\"credit\": null"));
	assert_non_null(strstr(s, "\"refs\": ["));
	assert_non_null(strstr(s, "\"related\": ["));
	assert_non_null(strstr(s, "\"kind\": \"ref\""));
	/* JSON ignores the width: the paragraph is whole */
	assert_non_null(strstr(s, "أعلنت الحكومة تأجيل الإعلان عن انتهاء "
	    "المهمة."));
	assert_int_equal(s[strlen(s) - 1], '\n');
	free(s);
	ak_article_release(&a);
}

static void
test_export_format_names(void **state)
{
	enum ak_export_format f = AK_EXPORT_JSON;

	(void)state;
	assert_int_equal(ak_export_format_from_name("md", &f), 0);
	assert_int_equal(f, AK_EXPORT_MARKDOWN);
	assert_int_equal(ak_export_format_from_name("markdown", &f), 0);
	assert_int_equal(ak_export_format_from_name("text", &f), 0);
	assert_int_equal(f, AK_EXPORT_TEXT);
	assert_int_equal(ak_export_format_from_name("json", &f), 0);
	assert_int_equal(f, AK_EXPORT_JSON);
	assert_int_equal(ak_export_format_from_name("pdf", &f), -1);
	assert_int_equal(f, AK_EXPORT_JSON);
	assert_string_equal(ak_export_format_ext(AK_EXPORT_MARKDOWN), "md");
	assert_string_equal(ak_export_format_ext(AK_EXPORT_TEXT), "txt");
}

static void
test_export_filename_is_a_safe_slug(void **state)
{
	struct ak_article a;
	char *s;
	const char *p;

	(void)state;
	sample(&a);
	s = ak_export_filename(&a, AK_EXPORT_TEXT);
	assert_true(strncmp(s, "akhbar-42-", 10) == 0);
	assert_true(strlen(s) <= 10 + 48 + 4);
	assert_string_equal(s + strlen(s) - 4, ".txt");
	for (p = s; *p; p++)
		assert_true((*p >= 'a' && *p <= 'z') || (*p >= '0' &&
		    *p <= '9') || *p == '-' || *p == '.');
	free(s);
	ak_set_str(&a.title, "«»...");
	s = ak_export_filename(&a, AK_EXPORT_JSON);
	assert_string_equal(s, "akhbar-42.json");
	free(s);
	ak_set_str(&a.title, "../../etc/passwd");
	s = ak_export_filename(&a, AK_EXPORT_MARKDOWN);
	assert_string_equal(s, "akhbar-42-etc-passwd.md");
	free(s);
	ak_article_release(&a);
}

static void
test_export_write_is_atomic_and_no_clobber(void **state)
{
	struct ak_error err = { 0, "" };
	char *dir = tu_tempdir(), path[4200], *data = NULL;
	size_t len = 0;

	(void)state;
	snprintf(path, sizeof(path), "%s/out.txt", dir);
	assert_int_equal(ak_export_write(path, "one\n", 4, 0, &err), AK_OK);
	assert_int_equal(ak_export_write(path, "two\n", 4, 0, &err), AK_EEXIST);
	assert_non_null(strstr(err.msg, "--force"));
	assert_int_equal(ak_read_file(path, &data, &len, &err), AK_OK);
	assert_memory_equal(data, "one\n", 4);
	free(data);
	assert_int_equal(ak_export_write(path, "two\n", 4, 1, &err), AK_OK);
	assert_int_equal(ak_read_file(path, &data, &len, &err), AK_OK);
	assert_memory_equal(data, "two\n", 4);
	free(data);
	/* a folder is no file name; a missing folder is said so */
	assert_int_equal(ak_export_write(dir, "x", 1, 1, &err), AK_EINVAL);
	snprintf(path, sizeof(path), "%s/nope/out.txt", dir);
	assert_int_equal(ak_export_write(path, "x", 1, 0, &err), AK_EIO);
	assert_non_null(strstr(err.msg, "no such folder"));
	/* a device is written in place: /dev/full is a full disk */
	assert_int_equal(ak_export_write("/dev/full", "x", 1, 0, &err),
	    AK_EFULL);
	assert_int_equal(ak_export_write("/dev/null", "x", 1, 0, &err), AK_OK);
	tu_rmtree(dir);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_export_text_layout),
		cmocka_unit_test(
		    test_export_text_meta_line_has_what_is_known),
		cmocka_unit_test(test_export_text_fields_stay_on_their_line),
		cmocka_unit_test(test_export_text_wraps_between_words),
		cmocka_unit_test(test_export_markdown),
		cmocka_unit_test(test_export_markdown_escapes_line_starts),
		cmocka_unit_test(test_export_json_shape),
		cmocka_unit_test(test_export_format_names),
		cmocka_unit_test(test_export_filename_is_a_safe_slug),
		cmocka_unit_test(test_export_write_is_atomic_and_no_clobber),
	};

	return cmocka_run_group_tests_name("export", tests, NULL, NULL);
}
