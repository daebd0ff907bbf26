/*
 * Dates as news pages and feeds write them, to ISO 8601.
 *
 * The text is cut into tokens (numbers in ASCII, Arabic-Indic or Persian
 * digits; words, folded so that أ/إ/آ match ا and tashkeel and tatweel do
 * not count; punctuation), and the tokens are matched against the shapes
 * pages use: ISO 8601, numeric year/month/day either way round, and a
 * day, a month name (Latin, Egyptian/Gulf, Levantine or Maghrebi, several
 * of them may stand side by side: «13 Sep / September», «5 يناير (كانون
 * الثاني)») and a year, with an optional time and zone (RFC 822).  Hijri
 * dates are not converted.  Knows nothing of articles: parse_text.c and
 * parse_feed.c call it.
 */
#include "config.h"

#include "akhbar/parse.h"

#include <stdio.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/text.h"

#define MAXTOK	256
#define WORDMAX	48

enum tok_type {
	T_NUM,
	T_WORD,
	T_PUNCT
};

struct tok {
	enum tok_type type;
	int space;		/* white space before it */
	long num;		/* T_NUM: value (capped) */
	int ndigits;		/* T_NUM */
	unsigned punct;		/* T_PUNCT: the code point */
	char word[WORDMAX];	/* T_WORD: folded, lower-case */
	int month;		/* 1..12 when the word names a month */
	int span;		/* tokens the month name takes (1 or 2) */
	int wday;		/* names a weekday */
	int filler;		/* a word a date line may carry around a date */
	int hijri;		/* a Hijri month name or era mark */
	int used;
};

struct name {
	const char *s;
	int v;
};

/* Month names, folded (no hamza on alef, no tashkeel).  First words only
 * of the two-word Levantine names: see two_word_months. */
static const struct name months[] = {
	/* English, full and abbreviated (RFC 822) */
	{ "january", 1 }, { "february", 2 }, { "march", 3 }, { "april", 4 },
	{ "may", 5 }, { "june", 6 }, { "july", 7 }, { "august", 8 },
	{ "september", 9 }, { "october", 10 }, { "november", 11 },
	{ "december", 12 },
	{ "jan", 1 }, { "feb", 2 }, { "mar", 3 }, { "apr", 4 }, { "jun", 6 },
	{ "jul", 7 }, { "aug", 8 }, { "sep", 9 }, { "sept", 9 }, { "oct", 10 },
	{ "nov", 11 }, { "dec", 12 },
	/* Egyptian and Gulf */
	{ "يناير", 1 }, { "فبراير", 2 }, { "مارس", 3 }, { "ابريل", 4 },
	{ "مايو", 5 }, { "يونيو", 6 }, { "يونيه", 6 }, { "يوليو", 7 },
	{ "يوليه", 7 }, { "اغسطس", 8 }, { "سبتمبر", 9 }, { "اكتوبر", 10 },
	{ "نوفمبر", 11 }, { "ديسمبر", 12 },
	/* Levantine and Iraqi (one word) */
	{ "شباط", 2 }, { "اذار", 3 }, { "نيسان", 4 }, { "ايار", 5 },
	{ "حزيران", 6 }, { "تموز", 7 }, { "اب", 8 }, { "ايلول", 9 },
	/* Maghreb */
	{ "جانفي", 1 }, { "فيفري", 2 }, { "افريل", 4 }, { "ماي", 5 },
	{ "جوان", 6 }, { "جويلية", 7 }, { "اوت", 8 }, { "يوليوز", 7 },
	{ "غشت", 8 }, { "شتنبر", 9 }, { "نونبر", 11 }, { "دجنبر", 12 },
};

/* كانون الثاني, شباط ... : first word, second word, month. */
static const struct {
	const char *first, *second;
	int v;
} two_word_months[] = {
	{ "كانون", "الثاني", 1 }, { "تشرين", "الاول", 10 },
	{ "تشرين", "الثاني", 11 }, { "كانون", "الاول", 12 },
};

static const char *const weekdays[] = {
	"الاحد", "الاثنين", "الثلاثاء", "الاربعاء", "الخميس", "الجمعة",
	"السبت", "اثنين", "ثلاثاء", "اربعاء", "خميس", "جمعة", "سبت", "احد",
	"sunday", "monday", "tuesday", "wednesday", "thursday", "friday",
	"saturday", "sun", "mon", "tue", "tues", "wed", "thu", "thur", "thurs",
	"fri", "sat",
};

/* Words a line holding only a date may also carry. */
static const char *const fillers[] = {
	"في", "نشر", "نشرت", "تاريخ", "النشر", "بتاريخ", "اخر", "تحديث",
	"التحديث", "تم", "الساعة", "ساعة", "الموافق", "ص", "م", "صباحا",
	"مساء", "مساءا", "ظهرا", "بتوقيت", "غرينتش", "جرينتش", "مكة",
	"المكرمة", "القدس", "بيروت", "السعودية", "gmt", "utc", "ut", "z",
	"am", "pm", "at", "on", "published", "updated", "posted", "t",
};

static const char *const hijri[] = {
	"محرم", "صفر", "ربيع", "جمادى", "جمادي", "رجب", "شعبان", "رمضان",
	"شوال", "ذو", "ذي", "القعدة", "الحجة", "الاول", "الاولى", "الثاني",
	"الاخر", "الاخرة", "الثانية", "هـ", "ه", "هجري", "هجرية",
};

/* RFC 822 zones, minutes east of UTC. */
static const struct name zones[] = {
	{ "gmt", 0 }, { "utc", 0 }, { "ut", 0 }, { "z", 0 },
	{ "est", -300 }, { "edt", -240 }, { "cst", -360 }, { "cdt", -300 },
	{ "mst", -420 }, { "mdt", -360 }, { "pst", -480 }, { "pdt", -420 },
};

#define NELEM(a) (sizeof(a) / sizeof((a)[0]))

static int
digit_value(unsigned cp)
{
	if (cp >= '0' && cp <= '9')
		return (int)(cp - '0');
	if (cp >= 0x0660 && cp <= 0x0669)
		return (int)(cp - 0x0660);
	if (cp >= 0x06F0 && cp <= 0x06F9)
		return (int)(cp - 0x06F0);
	return -1;
}

static int
is_letter(unsigned cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return 1;
	/* Arabic letters and marks, without digits and punctuation */
	if (cp >= 0x0620 && cp <= 0x065F)
		return 1;
	if (cp == 0x0670 || (cp >= 0x0671 && cp <= 0x06D3) || cp == 0x06D5)
		return 1;
	return 0;
}

/* Append cp to a folded word (NUL-terminated, silently truncated). */
static void
word_add(char *w, unsigned cp)
{
	size_t n = strlen(w);
	char tmp[4];
	size_t k;

	if (cp >= 'A' && cp <= 'Z')
		cp += 'a' - 'A';
	if (cp == 0x0623 || cp == 0x0625 || cp == 0x0622 || cp == 0x0671)
		cp = 0x0627;			/* أ إ آ ٱ -> ا */
	if ((cp >= 0x064B && cp <= 0x065F) || cp == 0x0670 || cp == 0x0640)
		return;				/* tashkeel, tatweel */
	if (cp < 0x80) {
		tmp[0] = (char)cp;
		k = 1;
	} else if (cp < 0x800) {
		tmp[0] = (char)(0xC0 | (cp >> 6));
		tmp[1] = (char)(0x80 | (cp & 0x3F));
		k = 2;
	} else {
		tmp[0] = (char)(0xE0 | (cp >> 12));
		tmp[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		tmp[2] = (char)(0x80 | (cp & 0x3F));
		k = 3;
	}
	if (n + k >= WORDMAX)
		return;
	memcpy(w + n, tmp, k);
	w[n + k] = '\0';
}

static int
in_list(const char *w, const char *const *list, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (strcmp(w, list[i]) == 0)
			return 1;
	return 0;
}

static int
month_of(const char *w)
{
	size_t i;

	for (i = 0; i < NELEM(months); i++)
		if (strcmp(w, months[i].s) == 0)
			return months[i].v;
	return 0;
}

/* Cut s into at most MAXTOK tokens; returns their number. */
static size_t
tokenize(const char *s, size_t len, struct tok *t)
{
	size_t i = 0, n = 0;
	int space = 1;
	unsigned cp;
	int k, d;

	while (i < len && n < MAXTOK) {
		k = ak_utf8_next(s + i, len - i, &cp);
		d = digit_value(cp);
		if (d >= 0) {
			memset(&t[n], 0, sizeof(t[n]));
			t[n].type = T_NUM;
			t[n].space = space;
			while (i < len) {
				k = ak_utf8_next(s + i, len - i, &cp);
				d = digit_value(cp);
				if (d < 0)
					break;
				if (t[n].num < 100000000)
					t[n].num = t[n].num * 10 + d;
				t[n].ndigits++;
				i += (size_t)k;
			}
			n++;
			space = 0;
		} else if (is_letter(cp)) {
			memset(&t[n], 0, sizeof(t[n]));
			t[n].type = T_WORD;
			t[n].space = space;
			while (i < len) {
				k = ak_utf8_next(s + i, len - i, &cp);
				if (!is_letter(cp))
					break;
				word_add(t[n].word, cp);
				i += (size_t)k;
			}
			n++;
			space = 0;
		} else if (cp == ' ' || cp == '\t' || cp == '\n' ||
		    cp == '\r' || cp == 0xA0 || cp == 0x200F ||
		    cp == 0x200E || cp == 0x202F || cp == 0x061C) {
			space = 1;
			i += (size_t)k;
		} else {
			memset(&t[n], 0, sizeof(t[n]));
			t[n].type = T_PUNCT;
			t[n].space = space;
			t[n].punct = cp;
			n++;
			space = 0;
			i += (size_t)k;
		}
	}
	return n;
}

/* Name months, weekdays and fillers. */
static void
classify(struct tok *t, size_t n)
{
	size_t i, j;

	for (i = 0; i < n; i++) {
		if (t[i].type != T_WORD)
			continue;
		t[i].month = month_of(t[i].word);
		t[i].span = 1;
		for (j = 0; j < NELEM(two_word_months); j++) {
			if (i + 1 < n && t[i + 1].type == T_WORD &&
			    strcmp(t[i].word, two_word_months[j].first) == 0 &&
			    strcmp(t[i + 1].word, two_word_months[j].second) == 0) {
				t[i].month = two_word_months[j].v;
				t[i].span = 2;
			}
		}
		t[i].wday = in_list(t[i].word, weekdays, NELEM(weekdays));
		t[i].filler = in_list(t[i].word, fillers, NELEM(fillers));
		t[i].hijri = in_list(t[i].word, hijri, NELEM(hijri));
		if (t[i].span == 2)
			i++;
	}
}

static int
is_punct(const struct tok *t, unsigned c)
{
	return t->type == T_PUNCT && t->punct == c;
}

int
ak_days_in_month(int y, int m)
{
	static const int dm[] = { 31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30,
		31 };

	if (m == 2 && ((y % 4 == 0 && y % 100 != 0) || y % 400 == 0))
		return 29;
	return dm[m - 1];
}

static int
valid_date(long y, long m, long d)
{
	return y >= 1900 && y <= 2199 && m >= 1 && m <= 12 && d >= 1 &&
	    d <= ak_days_in_month((int)y, (int)m);
}

/* Days since 1970-01-01 (Howard Hinnant's days_from_civil). */
long
ak_days_from_civil(long y, long m, long d)
{
	long era, yoe, doy, doe;

	y -= m <= 2;
	era = (y >= 0 ? y : y - 399) / 400;
	yoe = y - era * 400;
	doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
	doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
	return era * 146097 + doe - 719468;
}

void
ak_civil_from_days(long z, long *y, long *m, long *d)
{
	long era, doe, yoe, doy, mp;

	z += 719468;
	era = (z >= 0 ? z : z - 146096) / 146097;
	doe = z - era * 146097;
	yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
	doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
	mp = (5 * doy + 2) / 153;
	*d = doy - (153 * mp + 2) / 5 + 1;
	*m = mp + (mp < 10 ? 3 : -9);
	*y = yoe + era * 400 + (*m <= 2);
}

struct when {
	long y, m, d;
	int has_time, has_zone;
	long hh, mm, ss;
	long zone;		/* minutes east of UTC */
};

/*
 * A time at t[i]: HH:MM[:SS[.frac]] [am|pm|ص|م] [zone].  Marks the tokens
 * used; returns the index after it (i when there is none).
 */
static size_t
parse_time(struct tok *t, size_t n, size_t i, struct when *w)
{
	size_t j = i, k;
	long hh, mm, ss = 0, sign, z;

	/* "T", ",", "-", "الساعة", "at" may come before the time */
	while (j < n && ((t[j].type == T_WORD && (t[j].filler ||
	    strcmp(t[j].word, "t") == 0) && !t[j].month) ||
	    is_punct(&t[j], ',') || is_punct(&t[j], 0x060C) ||
	    is_punct(&t[j], '-') || is_punct(&t[j], '|')))
		j++;
	if (j + 2 >= n || t[j].type != T_NUM || t[j].ndigits > 2 ||
	    !is_punct(&t[j + 1], ':') || t[j + 2].type != T_NUM ||
	    t[j + 2].ndigits != 2)
		return i;
	hh = t[j].num;
	mm = t[j + 2].num;
	k = j + 3;
	if (k + 1 < n && is_punct(&t[k], ':') && t[k + 1].type == T_NUM &&
	    t[k + 1].ndigits == 2) {
		ss = t[k + 1].num;
		k += 2;
		if (k + 1 < n && is_punct(&t[k], '.') &&
		    t[k + 1].type == T_NUM)
			k += 2;
	}
	if (hh > 23 || mm > 59 || ss > 60)
		return i;
	if (k < n && t[k].type == T_WORD) {
		if (strcmp(t[k].word, "pm") == 0 || strcmp(t[k].word, "م") == 0 ||
		    strcmp(t[k].word, "مساء") == 0) {
			if (hh < 12)
				hh += 12;
			k++;
		} else if (strcmp(t[k].word, "am") == 0 ||
		    strcmp(t[k].word, "ص") == 0 ||
		    strcmp(t[k].word, "صباحا") == 0) {
			if (hh == 12)
				hh = 0;
			k++;
		}
	}
	w->has_time = 1;
	w->hh = hh;
	w->mm = mm;
	w->ss = ss > 59 ? 59 : ss;
	for (; i < k; i++)
		t[i].used = 1;
	/* zone */
	if (k < n && t[k].type == T_WORD) {
		size_t zi;

		for (zi = 0; zi < NELEM(zones); zi++) {
			if (strcmp(t[k].word, zones[zi].s) == 0) {
				w->has_zone = 1;
				w->zone = zones[zi].v;
				t[k].used = 1;
				k++;
				break;
			}
		}
		/* "GMT+3" */
		if (w->has_zone && k + 1 < n && (is_punct(&t[k], '+') ||
		    is_punct(&t[k], '-')) && t[k + 1].type == T_NUM &&
		    t[k + 1].ndigits <= 2 && !t[k + 1].space) {
			sign = is_punct(&t[k], '-') ? -1 : 1;
			w->zone = sign * t[k + 1].num * 60;
			t[k].used = t[k + 1].used = 1;
			k += 2;
		}
		return k;
	}
	if (k + 1 < n && (is_punct(&t[k], '+') || is_punct(&t[k], '-') ||
	    is_punct(&t[k], 0x2212)) && t[k + 1].type == T_NUM) {
		sign = is_punct(&t[k], '+') ? 1 : -1;
		if (t[k + 1].ndigits == 4) {
			z = (t[k + 1].num / 100) * 60 + t[k + 1].num % 100;
			t[k].used = t[k + 1].used = 1;
			k += 2;
		} else if (t[k + 1].ndigits == 2 && k + 3 < n &&
		    is_punct(&t[k + 2], ':') && t[k + 3].type == T_NUM &&
		    t[k + 3].ndigits == 2) {
			z = t[k + 1].num * 60 + t[k + 3].num;
			t[k].used = t[k + 1].used = t[k + 2].used =
			    t[k + 3].used = 1;
			k += 4;
		} else {
			return k;
		}
		if (z <= 14 * 60) {
			w->has_zone = 1;
			w->zone = sign * z;
		}
	}
	return k;
}

/* Numeric dates: Y-M-D (ISO, 2024/01/05) or D/M/Y. */
static int
parse_numeric(struct tok *t, size_t n, struct when *w)
{
	size_t i;
	unsigned sep;
	long a, b, c;

	for (i = 0; i + 4 < n; i++) {
		if (t[i].type != T_NUM || t[i + 1].type != T_PUNCT ||
		    t[i + 2].type != T_NUM || t[i + 3].type != T_PUNCT ||
		    t[i + 4].type != T_NUM)
			continue;
		sep = t[i + 1].punct;
		if (t[i + 3].punct != sep || (sep != '-' && sep != '/' &&
		    sep != '.'))
			continue;
		if (t[i + 2].ndigits > 2 || t[i + 1].space || t[i + 3].space)
			continue;
		a = t[i].num;
		b = t[i + 2].num;
		c = t[i + 4].num;
		if (t[i].ndigits == 4 && t[i + 4].ndigits <= 2 &&
		    valid_date(a, b, c)) {
			w->y = a;
			w->m = b;
			w->d = c;
		} else if (t[i].ndigits <= 2 && t[i + 4].ndigits == 4 &&
		    valid_date(c, b, a)) {
			w->y = c;
			w->m = b;
			w->d = a;
		} else {
			continue;
		}
		t[i].used = t[i + 1].used = t[i + 2].used = t[i + 3].used =
		    t[i + 4].used = 1;
		parse_time(t, n, i + 5, w);
		return 1;
	}
	return 0;
}

static int
skippable_between(const struct tok *t)
{
	if (t->type == T_PUNCT)
		return t->punct == '/' || t->punct == '(' || t->punct == ')' ||
		    t->punct == ',' || t->punct == 0x060C || t->punct == '-' ||
		    t->punct == 0x2013 || t->punct == '.' || t->punct == '|';
	return t->type == T_WORD && t->month;
}

/* Day, month name(s), year; or month, day, year. */
static int
parse_textual(struct tok *t, size_t n, struct when *w)
{
	size_t i, j, k, end;
	long day = -1, year = -1;
	size_t dayi = 0;

	for (i = 0; i < n; i++) {
		if (t[i].type != T_WORD || !t[i].month)
			continue;
		/* the day, before the month: "13 Sep", "13 من سبتمبر" */
		day = -1;
		j = i;
		while (j > 0 && skippable_between(&t[j - 1]) &&
		    !is_punct(&t[j - 1], '/') && t[j - 1].type != T_WORD)
			j--;
		if (j > 0 && t[j - 1].type == T_NUM && t[j - 1].ndigits <= 2) {
			day = t[j - 1].num;
			dayi = j - 1;
		}
		/* the year (and maybe the day) after the month names */
		k = i + (size_t)t[i].span;
		while (k < n && skippable_between(&t[k])) {
			if (t[k].type == T_WORD)
				k += (size_t)t[k].span;
			else
				k++;
		}
		if (day < 0 && k < n && t[k].type == T_NUM &&
		    t[k].ndigits <= 2) {
			/* "Sep 13, 2024" */
			day = t[k].num;
			dayi = k;
			k++;
			while (k < n && (is_punct(&t[k], ',') ||
			    is_punct(&t[k], 0x060C)))
				k++;
		}
		if (k >= n || t[k].type != T_NUM || t[k].ndigits != 4)
			continue;
		year = t[k].num;
		if (!valid_date(year, t[i].month, day))
			continue;
		w->y = year;
		w->m = t[i].month;
		w->d = day;
		for (j = dayi; j <= k; j++)
			t[j].used = 1;
		end = k + 1;
		/* "2024م" */
		if (end < n && t[end].type == T_WORD && !t[end].space &&
		    strcmp(t[end].word, "م") == 0)
			t[end++].used = 1;
		parse_time(t, n, end, w);
		return 1;
	}
	return 0;
}

static int
parse_tokens(struct tok *t, size_t n, struct when *w)
{
	memset(w, 0, sizeof(*w));
	classify(t, n);
	if (parse_numeric(t, n, w))
		return 1;
	return parse_textual(t, n, w);
}

static char *
format_when(const struct when *w)
{
	char out[96];
	long mins, days, y, m, d;

	if (!w->has_time || !w->has_zone) {
		/* a local time without a zone cannot honestly be given as UTC */
		snprintf(out, sizeof(out), "%04ld-%02ld-%02ld", w->y, w->m,
		    w->d);
		return ak_xstrdup(out);
	}
	mins = w->hh * 60 + w->mm - w->zone;
	days = ak_days_from_civil(w->y, w->m, w->d);
	while (mins < 0) {
		mins += 24 * 60;
		days--;
	}
	while (mins >= 24 * 60) {
		mins -= 24 * 60;
		days++;
	}
	ak_civil_from_days(days, &y, &m, &d);
	snprintf(out, sizeof(out), "%04ld-%02ld-%02ldT%02ld:%02ld:%02ldZ", y,
	    m, d, mins / 60, mins % 60, w->ss);
	return ak_xstrdup(out);
}

char *
ak_parse_date(const char *s, size_t len)
{
	struct tok t[MAXTOK];
	struct when w;
	size_t n;

	if (!s)
		return NULL;
	n = tokenize(s, len, t);
	if (!parse_tokens(t, n, &w))
		return NULL;
	return format_when(&w);
}

char *
ak_parse_date_line(const char *s, size_t len)
{
	struct tok t[MAXTOK];
	struct when w;
	size_t n, i;
	int hijri_seen = 0;

	if (!s || len > 200)
		return NULL;
	n = tokenize(s, len, t);
	if (n == MAXTOK || !parse_tokens(t, n, &w))
		return NULL;
	/* a time before the date: «آخر تحديث: 09:20 - 27 يوليو 2015» */
	for (i = 0; i < n && !w.has_time && !t[i].used; i++)
		if (t[i].type == T_NUM && parse_time(t, n, i, &w) != i)
			break;
	for (i = 0; i < n; i++)
		if (t[i].type == T_WORD && t[i].hijri)
			hijri_seen = 1;
	for (i = 0; i < n; i++) {
		if (t[i].used || t[i].type == T_PUNCT)
			continue;
		if (t[i].type == T_WORD && (t[i].month || t[i].wday ||
		    t[i].filler || t[i].hijri)) {
			if (t[i].month && t[i].span == 2)
				i++;
			continue;
		}
		if (t[i].type == T_NUM && hijri_seen)
			continue;
		return NULL;
	}
	return format_when(&w);
}
