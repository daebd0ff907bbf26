/*
 * What the interface says and in which language (`set language`, else
 * the cache's content, else the locale): its words in English and Arabic
 * (labels),
 * numbers in the chosen digits, and dates with ICU in the interface's
 * language, opened lazily (a formatter costs milliseconds; the first
 * screen formats only the dates it shows).
 */
#include "config.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <unicode/uchar.h>
#include <unicode/udat.h>
#include <unicode/udatpg.h>
#include <unicode/ustring.h>

#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/options.h"
#include "akhbar/text.h"
#include "akhbar/view.h"

/* ---------------------------------------------------------- language */

/* Titles looked at to tell the cache's language: the newest ones. */
#define LANG_SAMPLE 50

struct tally {
	int rtl, ltr;
};

/* The direction of s's first strong letter: 1 right to left, 0 left to
 * right, -1 none. */
static int
first_strong(const char *s)
{
	size_t len = s ? strlen(s) : 0, i = 0;
	UCharDirection d;
	unsigned cp;

	while (i < len) {
		i += (size_t)ak_utf8_next(s + i, len - i, &cp);
		d = u_charDirection((UChar32)cp);
		if (d == U_RIGHT_TO_LEFT || d == U_RIGHT_TO_LEFT_ARABIC)
			return 1;
		if (d == U_LEFT_TO_RIGHT)
			return 0;
	}
	return -1;
}

static int
count_title(void *ctx, const struct ak_list_row *row)
{
	struct tally *t = ctx;

	switch (first_strong(row->title)) {
	case 1:
		t->rtl++;
		break;
	case 0:
		t->ltr++;
		break;
	default:
		break;
	}
	return AK_OK;
}

int
ak_reader_content_rtl(struct ak_cache *c)
{
	struct tally t = { 0, 0 };

	if (!c || ak_cache_list(c, 0, LANG_SAMPLE, count_title, &t, NULL) !=
	    AK_OK || t.rtl == t.ltr)
		return -1;
	return t.rtl > t.ltr;
}

int
ak_reader_arabic(const struct ak_options *o, struct ak_cache *c)
{
	int rtl;

	if (o->language == AK_LANG_AUTO) {
		rtl = ak_reader_content_rtl(c);
		if (rtl >= 0)
			return rtl;
	}
	return ak_options_arabic(o);
}

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

/*
 * One date format everywhere (the list, the hits, the article, its
 * related stories): `set date-format` (an ICU skeleton, yMMMd by default,
 * or a style name), with the time of day (HH:mm) added when the cache
 * knows it.  A time with a zone (feeds: "2015-07-20T23:51:35Z") is shown
 * in the local time zone (TZ); a time without one as written; a date
 * alone at noon UTC, so that no zone moves it to another day.
 */
/* The formatters: the day as written (UTC), the local day, the time as
 * written, the local time, the Hijri day. */
enum { F_DAY, F_LOCAL_DAY, F_WALL, F_LOCAL, F_HIJRI, F_COUNT };

struct ak_dates {
	UDateFormat *f[F_COUNT];
	int tried[F_COUNT];
	int width[2];		/* widest date without, with the time; 0: not
				   measured yet */
};

/*
 * What ICU's pattern generator gives for the default skeletons (checked
 * by test_view): opening a generator costs about 10 ms, most of the
 * reader's first screen, so the defaults do without one.
 */
static const struct {
	const char *lang, *skeleton, *pattern;
} known_patterns[] = {
	{ "en", "yMMMd", "MMM d, y" },
	{ "ar", "yMMMd", "d MMM y" },
	{ "en", "yMMMdHm", "MMM d, y, HH:mm" },
	{ "ar", "yMMMdHm", "d MMM y، HH:mm" },
};

/* zone: "UTC", or NULL for the local time zone. */
static UDateFormat *
open_pattern(const char *loc, const char *zone, const UChar *pat, int32_t n)
{
	UErrorCode e = U_ZERO_ERROR;
	UDateFormat *f;
	UChar z[8];

	if (zone)
		u_uastrncpy(z, zone, 8);
	f = udat_open(UDAT_PATTERN, UDAT_PATTERN, loc, zone ? z : NULL,
		zone ? -1 : 0, pat, n, &e);
	if (U_FAILURE(e)) {
		if (f)
			udat_close(f);
		return NULL;
	}
	return f;
}

static UDateFormat *
open_style(const char *loc, const char *zone, UDateFormatStyle time,
	UDateFormatStyle date)
{
	UErrorCode e = U_ZERO_ERROR;
	UDateFormat *f;
	UChar z[8];

	if (zone)
		u_uastrncpy(z, zone, 8);
	f = udat_open(time, date, loc, zone ? z : NULL, zone ? -1 : 0, NULL,
		0, &e);
	if (U_FAILURE(e)) {
		if (f)
			udat_close(f);
		return NULL;
	}
	return f;
}

/*
 * A formatter for a skeleton ("yMMMd") or a style name ("medium"), with
 * the time of day (HH:mm, or the style's short time) when timed.
 */
static UDateFormat *
open_format(const char *lang, const char *loc, const char *zone,
	const char *skeleton, int timed)
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
	char full[64];
	int32_t n;
	size_t i;

	for (i = 0; i < sizeof styles / sizeof *styles; i++)
		if (strcmp(skeleton, styles[i].name) == 0)
			return open_style(loc, zone, timed ? UDAT_SHORT :
				UDAT_NONE, styles[i].style);
	if (strlen(skeleton) + 3 > sizeof full)
		return NULL;
	for (i = 0; skeleton[i]; i++)
		if ((unsigned char)skeleton[i] >= 0x80)
			return NULL;
	snprintf(full, sizeof full, "%s%s", skeleton, timed ? "Hm" : "");
	for (i = 0; i < sizeof known_patterns / sizeof *known_patterns; i++)
		if (strcmp(lang, known_patterns[i].lang) == 0 &&
		    strcmp(full, known_patterns[i].skeleton) == 0) {
			u_strFromUTF8(pat, (int32_t)(sizeof pat / sizeof *pat),
				NULL, known_patterns[i].pattern, -1, &e);
			if (U_FAILURE(e))
				return NULL;
			return open_pattern(loc, zone, pat, -1);
		}
	u_uastrncpy(sk, full, (int32_t)(sizeof sk / sizeof *sk));
	g = udatpg_open(loc, &e);
	if (U_FAILURE(e))
		return NULL;
	n = udatpg_getBestPattern(g, sk, -1, pat,
		(int32_t)(sizeof pat / sizeof *pat), &e);
	udatpg_close(g);
	if (U_FAILURE(e) || n <= 0)
		return NULL;
	return open_pattern(loc, zone, pat, n);
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

/* Formatter k, opened the first time it is needed. */
static UDateFormat *
format_for(struct ak_reader *r, int k)
{
	struct ak_dates *d;
	const char *lang = r->arabic ? "ar" : "en";
	const char *sk = r->opts->date_format ? r->opts->date_format : "yMMMd";
	const char *zone;
	char loc[96];
	int timed;

	if (!r->dates)
		r->dates = ak_xcalloc(1, sizeof *r->dates);
	d = r->dates;
	if (d->tried[k])
		return d->f[k];
	d->tried[k] = 1;
	if (k == F_HIJRI) {
		/* the long style: d MMMM y G */
		locale_for(r, "islamic-umalqura", loc, sizeof loc);
		d->f[k] = open_style(loc, "UTC", UDAT_NONE, UDAT_LONG);
		return d->f[k];
	}
	locale_for(r, "gregorian", loc, sizeof loc);
	zone = k == F_LOCAL || k == F_LOCAL_DAY ? NULL : "UTC";
	timed = k == F_WALL || k == F_LOCAL;
	d->f[k] = open_format(lang, loc, zone, sk, timed);
	if (!d->f[k]) {
		d->f[k] = open_format(lang, loc, zone, "yMMMd", timed);
		ak_reader_error(r, "set date-format: '%s' is not an ICU date "
			"skeleton (e.g. yMMMd)", sk);
	}
	return d->f[k];
}

void
ak_dates_free(struct ak_dates *d)
{
	int k;

	if (!d)
		return;
	for (k = 0; k < F_COUNT; k++)
		if (d->f[k])
			udat_close(d->f[k]);
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

/* An ISO 8601 date as the cache keeps it, read. */
struct when {
	UDate t;		/* ms since the epoch (UTC) */
	int timed;		/* the time of day is known */
	int zoned;		/* ... and its offset from UTC */
};

/* Two digits at s, or -1. */
static int
two(const char *s)
{
	if (s[0] < '0' || s[0] > '9' || s[1] < '0' || s[1] > '9')
		return -1;
	return (s[0] - '0') * 10 + (s[1] - '0');
}

/*
 * YYYY-MM-DD, then [T ]HH:MM[:SS[.fff]] and Z or ±HH[:]MM.  A time that
 * cannot be read leaves the day alone.  Returns 0, or -1 (not a date).
 */
static int
parse_iso(const char *iso, struct when *w)
{
	int y, m, d, n = 0, hh, mm, ss = 0, oh, om, sign;
	const char *p;
	double secs;

	if (!iso || sscanf(iso, "%4d-%2d-%2d%n", &y, &m, &d, &n) != 3 ||
	    n != 10 || m < 1 || m > 12 || d < 1 || d > 31 || y < 1000)
		return -1;
	secs = (double)days_from_civil(y, (unsigned)m, (unsigned)d) * 86400.0;
	w->t = (secs + 43200.0) * 1000.0;
	w->timed = w->zoned = 0;
	p = iso + 10;
	if (*p != 'T' && *p != ' ')
		return 0;
	p++;
	hh = two(p);
	mm = p[2] == ':' ? two(p + 3) : -1;
	if (hh < 0 || hh > 23 || mm < 0 || mm > 59)
		return 0;
	p += 5;
	if (*p == ':') {
		ss = two(p + 1);
		if (ss < 0 || ss > 60)
			return 0;
		p += 3;
		if (*p == '.' || *p == ',')
			for (p++; *p >= '0' && *p <= '9'; p++)
				;
	}
	secs += hh * 3600.0 + mm * 60.0 + ss;
	w->timed = 1;
	if (*p == 'Z') {
		w->zoned = 1;
	} else if (*p == '+' || *p == '-') {
		sign = *p == '-' ? -1 : 1;
		oh = two(p + 1);
		om = two(p + (p[3] == ':' ? 4 : 3));
		if (oh >= 0 && oh <= 14 && om >= 0 && om <= 59) {
			secs -= sign * (oh * 3600.0 + om * 60.0);
			w->zoned = 1;
		}
	}
	w->t = secs * 1000.0;
	return 0;
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

/*
 * An English date in Arabic-Indic digits ("Sep ١٣, ٢٠٢٤, ١٤:٣٠"): the
 * bidi algorithm reads Arabic-Indic numbers as right to left in their
 * influence on the punctuation between them, so the numbers and commas
 * would show in the reverse order.  A left-to-right mark after each
 * number keeps them in reading order (the layout does not show it).
 */
static void
mark_numbers(struct ak_buf *b, size_t from)
{
	struct ak_buf out = AK_BUF_INIT;
	size_t i = from;
	unsigned cp;
	int n, in = 0;

	while (i < b->len) {
		n = ak_utf8_next(b->data + i, b->len - i, &cp);
		if (in && !(cp >= 0x0660 && cp <= 0x0669))
			ak_buf_addstr(&out, "\u200e");
		in = cp >= 0x0660 && cp <= 0x0669;
		ak_buf_add(&out, b->data + i, (size_t)n);
		i += (size_t)n;
	}
	if (in)
		ak_buf_addstr(&out, "\u200e");
	b->len = from;
	ak_buf_add(b, out.data ? out.data : "", out.len);
	ak_buf_release(&out);
}

int
ak_reader_date(struct ak_reader *r, const char *iso, unsigned flags,
	struct ak_buf *b)
{
	struct when w;
	size_t mark, hmark;
	int k;

	if (parse_iso(iso, &w) != 0)
		return -1;
	if (!w.timed)
		k = F_DAY;
	else if (flags & AK_DATE_TIME)
		k = w.zoned ? F_LOCAL : F_WALL;
	else
		k = w.zoned ? F_LOCAL_DAY : F_DAY;
	if (flags & AK_DATE_ISOLATE)
		ak_buf_addstr(b, "\u2068");
	mark = b->len;
	if (format_one(format_for(r, k), w.t, b) != 0) {
		b->len = mark;
		ak_buf_add(b, iso, 10);
	} else if (!r->arabic && r->opts->digits == AK_DIGITS_ARABIC) {
		mark_numbers(b, mark);
	}
	if (flags & AK_DATE_ISOLATE)
		ak_buf_addstr(b, "\u2069");
	if ((flags & AK_DATE_HIJRI) && r->opts->hijri) {
		mark = b->len;
		ak_buf_addstr(b, flags & AK_DATE_ISOLATE ? " · \u2068" :
			" · ");
		hmark = b->len;
		if (format_one(format_for(r, F_HIJRI), w.t, b) != 0) {
			b->len = mark;
			if (b->data)
				b->data[mark] = '\0';
			return 0;
		}
		if (!r->arabic && r->opts->digits == AK_DIGITS_ARABIC)
			mark_numbers(b, hmark);
		if (flags & AK_DATE_ISOLATE)
			ak_buf_addstr(b, "\u2069");
	}
	return 0;
}

int
ak_reader_date_width(struct ak_reader *r, int timed)
{
	struct ak_buf b = AK_BUF_INIT;
	char iso[32];
	int m, w;

	if (!r->dates)
		r->dates = ak_xcalloc(1, sizeof *r->dates);
	timed = timed != 0;
	if (r->dates->width[timed])
		return r->dates->width[timed];
	/*
	 * The widest month, on a two-digit day; with a zone, as most timed
	 * dates have (feeds), so that only the formatter the rows use opens.
	 */
	for (m = 1; m <= 12; m++) {
		snprintf(iso, sizeof iso, "2024-%02d-28T10:30Z", m);
		ak_buf_reset(&b);
		if (ak_reader_date(r, iso, timed ? AK_DATE_TIME : 0, &b) != 0)
			continue;
		w = ak_text_width(ak_buf_str(&b), b.len);
		if (w > r->dates->width[timed])
			r->dates->width[timed] = w;
	}
	ak_buf_release(&b);
	return r->dates->width[timed];
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
	int k;

	for (k = 0; k < F_HIJRI; k++)
		format_for(r, k);
	if (r->opts->hijri)
		format_for(r, F_HIJRI);
}
