/*
 * What the interface says: its words in English and Arabic (labels),
 * numbers in the chosen digits, and dates with ICU in the interface's
 * language, opened lazily (a formatter costs milliseconds; the first
 * screen formats only the dates it shows).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/ustring.h>

#include "akhbar/buf.h"
#include "akhbar/options.h"
#include "akhbar/view.h"

/* ------------------------------------------------------------ labels */

static const char *const labels[][2] = {
#define X(id, en, ar) { en, ar },
	AK_LABELS(X)
#undef X
};

const char *
ak_label(const struct ak_reader *r, enum ak_label l)
{
	if ((unsigned)l >= AK_NLABELS)
		return "?";
	return labels[l][r && r->arabic ? 1 : 0];
}

/* ------------------------------------------------------ dates, digits */

struct ak_dates {
	UDateFormat *list;
	UDateFormat *full;
	UDateFormat *hijri;
	int list_tried, full_tried, hijri_tried;
};

/*
 * What ICU's pattern generator gives for the default skeleton (checked
 * by test_view): opening a generator costs about 10 ms, most of the
 * reader's first screen, so the default does without one.
 */
static const struct {
	const char *lang, *skeleton, *pattern;
} known_patterns[] = {
	{ "en", "yMMMd", "MMM d, y" },
	{ "ar", "yMMMd", "d MMM y" },
};

static UDateFormat *
open_pattern(const char *loc, const UChar *pat, int32_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	UDateFormat *f;
	UChar zone[8];

	u_uastrncpy(zone, "UTC", 8);
	f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, zone, -1, pat, n, &e);
	if (U_FAILURE(e)) {
		if (f)
			udat_close(f);
		return NULL;
	}
	return f;
}

static UDateFormat *
open_style(const char *loc, UDateFormatStyle style)
{
	UErrorCode e = U_ZERO_ERROR;
	UDateFormat *f;
	UChar zone[8];

	u_uastrncpy(zone, "UTC", 8);
	f = udat_open(UDAT_NONE, style, loc, zone, -1, NULL, 0, &e);
	if (U_FAILURE(e)) {
		if (f)
			udat_close(f);
		return NULL;
	}
	return f;
}

/* A formatter for a skeleton ("yMMMd") or a style name ("medium"). */
static UDateFormat *
open_format(const char *lang, const char *loc, const char *skeleton)
{
	static const struct {
		const char *name;
		UDateFormatStyle style;
	} styles[] = {
		{ "short", UDAT_SHORT }, { "medium", UDAT_MEDIUM },
		{ "long", UDAT_LONG }, { "full", UDAT_FULL },
	};
	UErrorCode e = U_ZERO_ERROR;
	UDateTimePatternGenerator *g;
	UChar sk[64], pat[128];
	int32_t n;
	size_t i;

	for (i = 0; i < sizeof styles / sizeof *styles; i++)
		if (strcmp(skeleton, styles[i].name) == 0)
			return open_style(loc, styles[i].style);
	if (strlen(skeleton) >= sizeof sk / sizeof *sk)
		return NULL;
	for (i = 0; skeleton[i]; i++)
		if ((unsigned char)skeleton[i] >= 0x80)
			return NULL;
	for (i = 0; i < sizeof known_patterns / sizeof *known_patterns; i++)
		if (strcmp(lang, known_patterns[i].lang) == 0 &&
		    strcmp(skeleton, known_patterns[i].skeleton) == 0) {
			u_uastrncpy(pat, known_patterns[i].pattern,
				(int32_t)(sizeof pat / sizeof *pat));
			return open_pattern(loc, pat, -1);
		}
	u_uastrncpy(sk, skeleton, (int32_t)(sizeof sk / sizeof *sk));
	g = udatpg_open(loc, &e);
	if (U_FAILURE(e))
		return NULL;
	n = udatpg_getBestPattern(g, sk, -1, pat,
		(int32_t)(sizeof pat / sizeof *pat), &e);
	udatpg_close(g);
	if (U_FAILURE(e) || n <= 0)
		return NULL;
	return open_pattern(loc, pat, n);
}

int
ak_dates_pattern(const char *lang, const char *skeleton, char *buf,
	size_t size)
{
	UErrorCode e = U_ZERO_ERROR;
	UDateTimePatternGenerator *g;
	UChar sk[64], pat[128];
	int32_t n;

	g = udatpg_open(lang, &e);
	if (U_FAILURE(e))
		return -1;
	u_uastrncpy(sk, skeleton, (int32_t)(sizeof sk / sizeof *sk));
	n = udatpg_getBestPattern(g, sk, -1, pat,
		(int32_t)(sizeof pat / sizeof *pat), &e);
	udatpg_close(g);
	if (U_FAILURE(e) || n <= 0)
		return -1;
	u_strToUTF8(buf, (int32_t)size, NULL, pat, n, &e);
	return U_SUCCESS(e) && e != U_STRING_NOT_TERMINATED_WARNING ? 0 : -1;
}

/* The ICU locale for the interface: "ar@calendar=...;numbers=...". */
static void
locale_for(const struct ak_reader *r, const char *calendar, char *buf,
	size_t size)
{
	snprintf(buf, size, "%s@calendar=%s;numbers=%s", r->arabic ? "ar" :
		"en", calendar, r->opts->digits == AK_DIGITS_ARABIC ? "arab" :
		"latn");
}

static UDateFormat *
list_format(struct ak_reader *r)
{
	struct ak_dates *d = r->dates;
	const char *lang = r->arabic ? "ar" : "en";
	const char *sk = r->opts->date_format ? r->opts->date_format : "yMMMd";
	char loc[96];

	if (d->list_tried)
		return d->list;
	d->list_tried = 1;
	locale_for(r, "gregorian", loc, sizeof loc);
	d->list = open_format(lang, loc, sk);
	if (!d->list) {
		d->list = open_format(lang, loc, "yMMMd");
		ak_reader_error(r, "set date-format: '%s' is not an ICU date "
			"skeleton (e.g. yMMMd)", sk);
	}
	return d->list;
}

/* A style format of a calendar, opened once (*tried) and kept in *f. */
static UDateFormat *
style_format(struct ak_reader *r, const char *calendar,
	UDateFormatStyle style, UDateFormat **f, int *tried)
{
	char loc[96];

	if (!*tried) {
		*tried = 1;
		locale_for(r, calendar, loc, sizeof loc);
		*f = open_style(loc, style);
	}
	return *f;
}

/* The article's: the full style; Hijri: the long style (d MMMM y G). */
static UDateFormat *
full_format(struct ak_reader *r)
{
	return style_format(r, "gregorian", UDAT_FULL, &r->dates->full,
		&r->dates->full_tried);
}

static UDateFormat *
hijri_format(struct ak_reader *r)
{
	return style_format(r, "islamic-umalqura", UDAT_LONG,
		&r->dates->hijri, &r->dates->hijri_tried);
}

void
ak_dates_free(struct ak_dates *d)
{
	if (!d)
		return;
	if (d->list)
		udat_close(d->list);
	if (d->full)
		udat_close(d->full);
	if (d->hijri)
		udat_close(d->hijri);
	free(d);
}

/* Days from 1970-01-01 to y-m-d (Hinnant's days_from_civil). */
static long
days_from_civil(long y, unsigned m, unsigned d)
{
	long era;
	unsigned yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = (unsigned)(y - era * 400);
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + (long)doe - 719468;
}

static int
format_one(UDateFormat *f, UDate t, struct ak_buf *b)
{
	UErrorCode e = U_ZERO_ERROR;
	UChar u[128];
	char s[512];
	int32_t n, m;

	if (!f)
		return -1;
	n = udat_format(f, t, u, (int32_t)(sizeof u / sizeof *u), NULL, &e);
	if (U_FAILURE(e) || n <= 0)
		return -1;
	e = U_ZERO_ERROR;
	u_strToUTF8(s, (int32_t)sizeof s, &m, u, n, &e);
	if (U_FAILURE(e) || e == U_STRING_NOT_TERMINATED_WARNING)
		return -1;
	ak_buf_add(b, s, (size_t)m);
	return 0;
}

int
ak_reader_date(struct ak_reader *r, const char *iso, int longform,
	struct ak_buf *b)
{
	int y, m, d, n = 0;
	UDate t;
	size_t mark;

	if (!iso || sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1000)
		return -1;
	if (!r->dates)
		r->dates = ak_xcalloc(1, sizeof *r->dates);
	/* The date as the page wrote it: noon UTC keeps it on that day. */
	t = ((double)days_from_civil(y, (unsigned)m, (unsigned)d) * 86400.0 +
		43200.0) * 1000.0;
	mark = b->len;
	if (format_one(longform ? full_format(r) : list_format(r), t, b) != 0) {
		b->len = mark;
		ak_buf_addf(b, "%04d-%02d-%02d", y, m, d);
	}
	if (longform && r->opts->hijri) {
		mark = b->len;
		ak_buf_addstr(b, " · ");
		if (format_one(hijri_format(r), t, b) != 0) {
			b->len = mark;
			if (b->data)
				b->data[mark] = '\0';
		}
	}
	return 0;
}

void
ak_reader_digits(const struct ak_reader *r, const char *s, struct ak_buf *b)
{
	for (; *s; s++) {
		if (r && r->opts && r->opts->digits == AK_DIGITS_ARABIC &&
		    *s >= '0' && *s <= '9')
			ak_buf_addcp(b, 0x0660u + (unsigned)(*s - '0'));
		else
			ak_buf_addch(b, *s);
	}
}

void
ak_reader_number(const struct ak_reader *r, long n, struct ak_buf *b)
{
	char s[32];

	snprintf(s, sizeof s, "%ld", n);
	ak_reader_digits(r, s, b);
}


void
ak_reader_prepare_dates(struct ak_reader *r)
{
	if (!r->dates)
		r->dates = ak_xcalloc(1, sizeof *r->dates);
	full_format(r);
	if (r->opts->hijri)
		hijri_format(r);
}
