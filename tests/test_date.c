/*
 * ak_parse_date, ak_parse_date_line: the ways Arabic news pages and feeds
 * write dates, to ISO 8601.
 */
#include "config.h"

#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include <cmocka.h>

#include "akhbar/parse.h"

static void
check(const char *in, const char *want)
{
	char *got = ak_parse_date(in, strlen(in));

	if (!want) {
		if (got)
			fail_msg("«%s» gave %s, wanted no date", in, got);
		return;
	}
	if (!got)
		fail_msg("«%s» gave no date, wanted %s", in, want);
	if (strcmp(got, want) != 0)
		fail_msg("«%s» gave %s, wanted %s", in, got, want);
	free(got);
}

static void
check_line(const char *in, const char *want)
{
	char *got = ak_parse_date_line(in, strlen(in));

	if (!want) {
		if (got)
			fail_msg("line «%s» gave %s, wanted none", in, got);
		return;
	}
	if (!got || strcmp(got, want) != 0)
		fail_msg("line «%s» gave %s, wanted %s", in,
		    got ? got : "nothing", want);
	free(got);
}

static void
test_date_weekday_latin_month_both_forms(void **state)
{
	(void)state;
	check("الجمعة 13 Sep / September 2024", "2024-09-13");
	check("Friday 13 September 2024", "2024-09-13");
	check("Sep 13, 2024", "2024-09-13");
}

static void
test_date_egyptian_gulf_months_and_variants(void **state)
{
	(void)state;
	check("13 سبتمبر 2024", "2024-09-13");
	check("1 يناير 2024", "2024-01-01");
	check("29 فبراير 2024", "2024-02-29");
	check("3 إبريل 2023", "2023-04-03");
	check("3 أبريل 2023", "2023-04-03");
	check("3 ابريل 2023", "2023-04-03");
	check("15 أغسطس 2022", "2022-08-15");
	check("15 اغسطس 2022", "2022-08-15");
	check("7 أكتوبر 2023", "2023-10-07");
	check("20 يونيه 2021", "2021-06-20");
	check("31 ديسمبر 1999", "1999-12-31");
}

static void
test_date_levantine_months(void **state)
{
	static const struct {
		const char *in, *want;
	} cases[] = {
		{ "5 كانون الثاني 2024", "2024-01-05" },
		{ "5 شباط 2024", "2024-02-05" },
		{ "5 آذار 2024", "2024-03-05" },
		{ "5 نيسان 2024", "2024-04-05" },
		{ "5 أيار 2024", "2024-05-05" },
		{ "5 حزيران 2024", "2024-06-05" },
		{ "5 تموز 2024", "2024-07-05" },
		{ "5 آب 2024", "2024-08-05" },
		{ "5 أيلول 2024", "2024-09-05" },
		{ "5 تشرين الأول 2024", "2024-10-05" },
		{ "5 تشرين الثاني 2024", "2024-11-05" },
		{ "5 كانون الأول 2024", "2024-12-05" },
	};
	size_t i;

	(void)state;
	for (i = 0; i < sizeof(cases) / sizeof(cases[0]); i++)
		check(cases[i].in, cases[i].want);
}

static void
test_date_both_month_names_side_by_side(void **state)
{
	(void)state;
	check("5 يناير (كانون الثاني) 2024", "2024-01-05");
	check("10 مارس (آذار) 2025", "2025-03-10");
	check("الخميس 12 سبتمبر/ أيلول 2024", "2024-09-12");
}

static void
test_date_arabic_indic_and_persian_digits(void **state)
{
	(void)state;
	check("٥ كانون الثاني ٢٠٢٤", "2024-01-05");
	check("٢٠٢٤/٠١/٠٥", "2024-01-05");
	check("۱۳ سبتمبر ۲۰۲۴", "2024-09-13");
}

static void
test_date_numeric_both_orders(void **state)
{
	(void)state;
	check("2024/01/05", "2024-01-05");
	check("2024-01-05", "2024-01-05");
	check("05/01/2024", "2024-01-05");
	check("5.1.2024", "2024-01-05");
	check("2024/13/05", NULL);
}

static void
test_date_iso8601_with_zone_is_utc(void **state)
{
	(void)state;
	check("2024-01-05T10:20:30Z", "2024-01-05T10:20:30Z");
	check("2024-01-05T10:20:30.250Z", "2024-01-05T10:20:30Z");
	check("2024-01-05T01:20:30+03:00", "2024-01-04T22:20:30Z");
	check("2024-12-31T23:30:00-01:00", "2025-01-01T00:30:00Z");
	/* a local time without a zone: the day only, never a made-up UTC */
	check("2024-01-05T10:20:30", "2024-01-05");
}

static void
test_date_rfc822_pubdate(void **state)
{
	(void)state;
	check("Fri, 13 Sep 2024 10:00:00 +0300", "2024-09-13T07:00:00Z");
	check("Fri, 13 Sep 2024 01:00:00 GMT", "2024-09-13T01:00:00Z");
	check("Thu, 01 Feb 2024 20:15:00 EST", "2024-02-02T01:15:00Z");
	check("Sat, 25 Jul 2015 02:30:00 +0300", "2015-07-24T23:30:00Z");
}

static void
test_date_rejects_what_is_no_date(void **state)
{
	(void)state;
	check("", NULL);
	check("لا تاريخ هنا", NULL);
	check("31 فبراير 2024", NULL);
	check("30 فبراير 2024", NULL);
	check("29 فبراير 2023", NULL);
	check("13 سبتمبر", NULL);
	check("سبتمبر 2024", NULL);
	check("1000 قتيل و2000 جريح", NULL);
	assert_null(ak_parse_date(NULL, 0));
}

static void
test_date_inside_a_sentence_is_found(void **state)
{
	(void)state;
	check("كما أكّدا ضرورة التنفيذ الفوري لاتفاق 10 مارس (آذار) 2025 الذي "
	    "نصّ على الدمج", "2025-03-10");
}

static void
test_date_line_only_when_the_line_is_a_date(void **state)
{
	(void)state;
	check_line("الجمعة 13 Sep / September 2024", "2024-09-13");
	check_line("نشر في: 2024/01/05 - 10:30", "2024-01-05");
	check_line("آخر تحديث: الخميس 5 يناير 2024", "2024-01-05");
	check_line("13 سبتمبر 2024م", "2024-09-13");
	check_line("الجمعة 13 سبتمبر 2024 - 10 ربيع الأول 1446 هـ",
	    "2024-09-13");
	/* the time before the date */
	check_line("آخر تحديث: 09:20 - 27 يوليو 2015", "2015-07-27");
	check_line("10:30 2024/01/05", "2024-01-05");
	check_line("قتل 5 في 10:30 - 27 يوليو 2015", NULL);
	check_line("في 10 مارس (آذار) 2025 وقع الاتفاق", NULL);
	check_line("وصل 5 آلاف زائر في 13 سبتمبر 2024", NULL);
	check_line("عنوان خبر", NULL);
}

int
main(void)
{
	const struct CMUnitTest tests[] = {
		cmocka_unit_test(test_date_weekday_latin_month_both_forms),
		cmocka_unit_test(test_date_egyptian_gulf_months_and_variants),
		cmocka_unit_test(test_date_levantine_months),
		cmocka_unit_test(test_date_both_month_names_side_by_side),
		cmocka_unit_test(test_date_arabic_indic_and_persian_digits),
		cmocka_unit_test(test_date_numeric_both_orders),
		cmocka_unit_test(test_date_iso8601_with_zone_is_utc),
		cmocka_unit_test(test_date_rfc822_pubdate),
		cmocka_unit_test(test_date_rejects_what_is_no_date),
		cmocka_unit_test(test_date_inside_a_sentence_is_found),
		cmocka_unit_test(test_date_line_only_when_the_line_is_a_date),
	};

	return cmocka_run_group_tests_name("date", tests, NULL, NULL);
}
