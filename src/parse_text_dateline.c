/*
 * The dateline and byline heuristics of the text-page parser: the shapes
 * in which news text names where a story comes from and who wrote it, at
 * the top of its first paragraph («بغداد – ...», «بيروت (أ ف ب) - ...»,
 * «أحمد علي- سبق- القاهرة: ...») or on a line of their own («طلال عبدالله
 * ـ جدة»).  They find the parts; page assembly (parse_text.c) decides
 * where to look and what to keep.
 */
#include "config.h"

#include <string.h>

#include "akhbar/text.h"
#include "parse_text_priv.h"

/* A dateline: the place's words, then maybe «(agency)», then a dash. */
#define DATELINE_SCAN		200	/* bytes of a paragraph looked at */
#define DATELINE_PLACE_WORDS	2	/* «بغداد», «نيو دلهي» */
#define DATELINE_AGENCY_WORDS	4	/* «(أ ف ب)» */
#define DATELINE_PLACE_MAX_CPS	30
#define DATELINE_MIN_REST_WORDS	3	/* a sentence must follow */

/* An agency line: dash-separated parts before a colon. */
#define AGENCY_SCAN		160	/* bytes before the colon at most */
#define AGENCY_MAX_PARTS	6
#define AGENCY_PART_MAX_WORDS	5

/* «NAME ـ CITY» alone on its line. */
#define BYLINE_PLACE_MIN_WORDS	3
#define BYLINE_PLACE_MAX_WORDS	7
#define BYLINE_NAME_MAX_WORDS	4
#define BYLINE_CITY_MAX_WORDS	3

/* A writer's name alone under the title: «إبراهيم إسماعيل كتبي». */
#define NAME_LINE_MIN_WORDS	2
#define NAME_LINE_MAX_WORDS	4
#define NAME_LINE_MAX_CPS	32

/* A byline line under the title, or before a colon opening the text. */
#define HEADER_BYLINE_MAX_WORDS	6	/* names, dashes not counted */
#define HEADER_BYLINE_MAX_CPS	60
#define HEADER_BYLINE_FROM_WORDS 5	/* «NAME من CITY» */
#define HEADER_BYLINE_AFTER_COLON 3	/* «لندن: «الشرق الأوسط»» */
#define BYLINE_PREFIX_SCAN	100	/* bytes before the colon at most */
#define BYLINE_PREFIX_MAX_WORDS	6
#define BYLINE_PREFIX_PART_WORDS 3	/* each of «PLACE: SOURCE:» */

/* Letters only (a place or a name), not a number or punctuation. */
static int
word_is_name(const char *s, size_t len)
{
	size_t i = 0;
	unsigned cp;
	int k, letters = 0;

	while (i < len) {
		k = ak_utf8_next(s + i, len - i, &cp);
		if (pt_is_letter_cp(cp))
			letters++;
		else if (cp != '.' && cp != '\'' && cp != 0x2019)
			return 0;
		i += (size_t)(k < 1 ? 1 : k);
	}
	return letters > 0;
}

static int
words_are_names(const struct word *w, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!word_is_name(w[i].s, w[i].len))
			return 0;
	return n > 0;
}

/* «و» opening a word of a multi-word dateline is a conjunction: a sentence. */
static int
starts_with_waw(const char *s, size_t len)
{
	return len > 2 && (unsigned char)s[0] == 0xD9 &&
	    (unsigned char)s[1] == 0x88;
}

/*
 * Words that begin a sentence, never a place or a name: «عن دار الكوكب -
 * ...» is not a dateline.
 */
static int
function_word(const char *s, size_t len)
{
	static const char *const words[] = {
		"عن", "في", "من", "على", "إلى", "الى", "مع", "بعد", "قبل",
		"منذ", "حول", "عند", "لدى", "هذا", "هذه", "ذلك", "تلك", "كان",
		"كانت", "قال", "قالت", "أن", "إن", "لا", "لم", "لن", "ما",
		"كما", "حيث", "أما", "أو", "ثم", "بين", "حتى", "هو", "هي",
		"حوار", "تقرير", "إعداد", "ترجمة", "تصوير", "كتب", "بقلم",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (pt_bytes_eq(s, len, words[i], strlen(words[i])))
			return 1;
	return 0;
}

static int
is_dash_word(const char *s, size_t len)
{
	unsigned cp;
	int k;

	if (len == 0)
		return 0;
	k = ak_utf8_next(s, len, &cp);
	return (size_t)k == len && pt_is_dash_cp(cp);
}

/* A word ending in a dash ("بغداد-"): the length without it, else 0. */
static size_t
strip_trailing_dash(const char *s, size_t len)
{
	unsigned cp = pt_last_cp(s, len);
	size_t n = len;

	if (!pt_is_dash_cp(cp))
		return 0;
	while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80)
		n--;
	return n > 0 ? n - 1 : 0;
}

int
pt_find_dateline(const char *s, size_t len, struct dateline *d)
{
	struct word w[8];
	size_t n, k, j, plen, after;
	const char *p;
	unsigned cp;

	memset(d, 0, sizeof(*d));
	n = pt_split_words(s, len > DATELINE_SCAN ? DATELINE_SCAN : len, w, 8);
	for (k = 1; k <= DATELINE_PLACE_WORDS && k < n; k++) {
		/* words w[0..k) the place; maybe "(agency)"; then a dash */
		j = k;
		plen = 0;
		if (k > 1 && !words_are_names(w, k - 1))
			break;
		if (word_is_name(w[k - 1].s, w[k - 1].len)) {
			plen = w[k - 1].len;
		} else {
			plen = strip_trailing_dash(w[k - 1].s, w[k - 1].len);
			if (!plen || !word_is_name(w[k - 1].s, plen))
				break;
			/* "بغداد- ..." */
			ak_utf8_next(w[k - 1].s + plen, w[k - 1].len - plen, &cp);
			d->sep = cp;
			after = (size_t)(w[k - 1].s + w[k - 1].len - s);
			goto found;
		}
		if (j < n && w[j].s[0] == '(') {
			/* "(أ ف ب)" */
			p = w[j].s;
			while (j < n && pt_last_cp(w[j].s, w[j].len) != ')' &&
			    j < k + DATELINE_AGENCY_WORDS)
				j++;
			if (j >= n || pt_last_cp(w[j].s, w[j].len) != ')')
				continue;
			d->agency = p + 1;
			d->agency_len = (size_t)(w[j].s + w[j].len - p) - 2;
			j++;
		}
		if (j < n && is_dash_word(w[j].s, w[j].len)) {
			ak_utf8_next(w[j].s, w[j].len, &d->sep);
			after = (size_t)(w[j].s + w[j].len - s);
			goto found;
		}
		d->agency = NULL;
		d->agency_len = 0;
		continue;
found:
		if ((k >= 2 && starts_with_waw(w[0].s, w[0].len)) ||
		    function_word(w[0].s, w[0].len))
			return 0;
		d->place = w[0].s;
		d->place_len = (size_t)(w[k - 1].s - w[0].s) + plen;
		if (pt_count_cps(d->place, d->place_len) >
		    DATELINE_PLACE_MAX_CPS)
			return 0;
		d->rest = s + after;
		d->rest_len = len - after;
		pt_trim(&d->rest, &d->rest_len);
		if (pt_count_words(d->rest, d->rest_len) <
		    DATELINE_MIN_REST_WORDS)
			return 0;
		return 1;
	}
	return 0;
}

/* Drop a trailing "(...)" from a place: «جدة (تصوير/ فلان)» -> «جدة». */
static void
strip_paren(const char **s, size_t *len)
{
	const char *p;

	if (*len == 0 || (*s)[*len - 1] != ')')
		return;
	p = memchr(*s, '(', *len);
	if (!p || p == *s)
		return;
	*len = (size_t)(p - *s);
	pt_trim(s, len);
}

/* Also «زيد الخمشي- الرياض- سبق: ...», «فهد العتيبي - سبق الطائف: ...». */
int
pt_find_agency_line(const struct pt_rules *rules, const char *s, size_t len,
	struct agency_line *a)
{
	struct word parts[AGENCY_MAX_PARTS];
	size_t colon = 0, i = 0, start = 0, np = 0, ai = 0, j, nbefore;
	size_t rlen;
	int found = 0;
	unsigned cp;
	int k;

	memset(a, 0, sizeof(*a));
	while (i < len && i < AGENCY_SCAN) {
		k = ak_utf8_next(s + i, len - i, &cp);
		if (cp == ':') {
			colon = i;
			break;
		}
		/* «،» only between writers: «فلان، فلان- سبق- الرياض:» */
		if (cp == '.' || cp == 0x00AB || cp == '"')
			return 0;
		i += (size_t)(k < 1 ? 1 : k);
	}
	if (!colon)
		return 0;
	i = 0;
	while (i <= colon) {
		k = 1;
		cp = ':';
		if (i < colon)
			k = ak_utf8_next(s + i, colon - i, &cp);
		if (i == colon || pt_is_dash_cp(cp)) {
			if (np == AGENCY_MAX_PARTS)
				return 0;
			parts[np].s = s + start;
			parts[np].len = i - start;
			pt_trim(&parts[np].s, &parts[np].len);
			if (parts[np].len == 0 ||
			    pt_count_words(parts[np].s, parts[np].len) >
			    AGENCY_PART_MAX_WORDS)
				return 0;
			np++;
			start = i + (size_t)k;
		}
		i += (size_t)(k < 1 ? 1 : k);
	}
	for (j = 0; j < np && !found; j++) {
		if (pt_known_word(rules, RK_AGENCY, parts[j].s, parts[j].len)) {
			found = 1;
			ai = j;
			a->agency = parts[j].s;
			a->agency_len = parts[j].len;
		} else if ((rlen = pt_match_prefix_word(rules, RK_AGENCY,
		    parts[j].s, parts[j].len)) != 0) {
			/* «سبق الطائف» */
			found = 1;
			ai = j;
			a->agency = parts[j].s;
			a->agency_len = rlen;
			a->place = parts[j].s + rlen + 1;
			a->place_len = parts[j].len - rlen - 1;
		}
	}
	if (!found)
		return 0;
	/* after the agency: more agencies («سبق- وكالات») or the place */
	for (j = ai + 1; j < np; j++) {
		if (pt_known_word(rules, RK_AGENCY, parts[j].s, parts[j].len)) {
			a->agency = parts[j].s;
			a->agency_len = parts[j].len;
		} else if (!a->place) {
			a->place = parts[j].s;
			a->place_len = parts[j].len;
		}
	}
	/* before it: the writers, and the place when none came after */
	nbefore = ai;
	if (!a->place && nbefore >= 2) {
		a->place = parts[nbefore - 1].s;
		a->place_len = parts[nbefore - 1].len;
		nbefore--;
	}
	if (nbefore > 0) {
		a->byline = parts[0].s;
		a->byline_len = (size_t)(parts[nbefore - 1].s +
		    parts[nbefore - 1].len - parts[0].s);
	}
	if (a->place)
		strip_paren(&a->place, &a->place_len);
	a->rest = s + colon + 1;
	a->rest_len = len - colon - 1;
	pt_trim(&a->rest, &a->rest_len);
	return a->rest_len > 0;
}

int
pt_find_byline_place(const struct line *l, struct word *name,
	struct word *place)
{
	struct word w[8];
	size_t n, i;

	if (l->nwords > BYLINE_PLACE_MAX_WORDS ||
	    l->nwords < BYLINE_PLACE_MIN_WORDS ||
	    pt_ends_sentence(l->s, l->len))
		return 0;
	n = pt_split_words(l->s, l->len, w, 8);
	for (i = 1; i + 1 < n; i++) {
		if (!is_dash_word(w[i].s, w[i].len))
			continue;
		if (i > BYLINE_NAME_MAX_WORDS ||
		    n - i - 1 > BYLINE_CITY_MAX_WORDS ||
		    !words_are_names(w, i) ||
		    !words_are_names(w + i + 1, n - i - 1) ||
		    starts_with_waw(w[0].s, w[0].len) ||
		    function_word(w[0].s, w[0].len))
			return 0;
		name->s = w[0].s;
		name->len = (size_t)(w[i - 1].s + w[i - 1].len - w[0].s);
		place->s = w[i + 1].s;
		place->len = (size_t)(w[n - 1].s + w[n - 1].len - w[i + 1].s);
		return 1;
	}
	return 0;
}

/* ------------------------------------------------ bylines under the title */

/*
 * Signs that a short line names people and places, not a sentence: a
 * dash or parentheses between names, a colon before a name or two
 * («لندن: «الشرق الأوسط»», not «الراشد: معسكر تونس الطريق لأهدافنا»).
 */
static int
byline_marks(const char *s, size_t len, size_t nwords)
{
	struct word w[HEADER_BYLINE_MAX_WORDS + 1];
	size_t i, n;
	unsigned cp;
	int k;

	for (i = 0; i < len; i += (size_t)(k < 1 ? 1 : k)) {
		k = ak_utf8_next(s + i, len - i, &cp);
		if (pt_is_dash_cp(cp) && cp != 0x0640)
			return 1;
		/* a tatweel only as a separator: «طلال ـ جدة» */
		if (cp == 0x0640 && i > 0 && s[i - 1] == ' ')
			return 1;
		if (cp == '(')
			return 1;
		if (cp == ':' && pt_count_words(s + i + 1, len - i - 1) <=
		    HEADER_BYLINE_AFTER_COLON)
			return 1;
	}
	/* «هشام محمود من لندن», «"الاقتصادية" من الرياض» */
	n = pt_split_words(s, len, w, HEADER_BYLINE_MAX_WORDS + 1);
	/* «د. فلان الفلاني»: a title before a name */
	if (n >= 3 && (pt_bytes_eq(w[0].s, w[0].len, "\xd8\xaf.", 3) ||
	    pt_bytes_eq(w[0].s, w[0].len, "\xd9\x85.", 3) ||
	    pt_bytes_eq(w[0].s, w[0].len, "\xd8\xa3.\xd8\xaf.", 5)))
		return 1;
	if (nwords <= HEADER_BYLINE_FROM_WORDS)
		for (i = 1; i + 1 < n; i++)
			if (pt_bytes_eq(w[i].s, w[i].len, "\xd9\x85\xd9\x86", 4))
				return 1;
	return 0;
}

/* Punctuation a byline never holds: it would be a sentence. */
static int
has_sentence_marks(const char *s, size_t len)
{
	unsigned cp;
	size_t i;
	int k;

	for (i = 0; i < len; i += (size_t)(k < 1 ? 1 : k)) {
		k = ak_utf8_next(s + i, len - i, &cp);
		if (cp == 0x060C || cp == 0x061B || cp == 0x061F || cp == '!' ||
		    cp == '?' || cp == ';' || cp == ',' || cp == 0x2026 ||
		    (cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669))
			return 1;
		/* a full stop only in an abbreviation: «د. فلان», «د.ب.أ» */
		if (cp == '.' && i + 1 >= len)
			return 1;
	}
	return 0;
}

/* Words that are not dashes. */
static size_t
name_words(const char *s, size_t len)
{
	struct word w[16];
	size_t n, i, c = 0;

	n = pt_split_words(s, len, w, 16);
	for (i = 0; i < n; i++)
		if (!is_dash_word(w[i].s, w[i].len))
			c++;
	return n == 16 ? 16 : c;
}

int
pt_header_byline(const struct line *l)
{
	struct word w[1];
	size_t len = l->len;

	if (l->nwords > HEADER_BYLINE_MAX_WORDS + 2 ||
	    l->ncp > HEADER_BYLINE_MAX_CPS || len == 0)
		return 0;
	if (name_words(l->s, len) > HEADER_BYLINE_MAX_WORDS)
		return 0;
	if (l->s[len - 1] == ':')
		len--;
	if (len == 0 || has_sentence_marks(l->s, len) ||
	    !byline_marks(l->s, len, l->nwords))
		return 0;
	pt_split_words(l->s, len, w, 1);
	return !function_word(w[0].s, w[0].len);
}

/* Does s (a part of a prefix before a colon) read as names? */
static int
prefix_part(const char *s, size_t len, size_t max_words, int need_marks)
{
	struct word w[1];
	size_t n;

	pt_trim(&s, &len);
	if (len == 0 || has_sentence_marks(s, len))
		return 0;
	n = name_words(s, len);
	if (n == 0 || n > max_words)
		return 0;
	if (need_marks && !byline_marks(s, len, pt_count_words(s, len)))
		return 0;
	pt_split_words(s, len, w, 1);
	return !function_word(w[0].s, w[0].len);
}

int
pt_find_byline_prefix(const char *s, size_t len, size_t *blen,
	const char **rest, size_t *rest_len)
{
	size_t c1 = 0, c2 = 0, i, scan = len < BYLINE_PREFIX_SCAN ? len :
	    BYLINE_PREFIX_SCAN, end;
	const char *r;
	size_t rlen;

	for (i = 0; i < scan; i++) {
		if (s[i] != ':')
			continue;
		if (!c1) {
			c1 = i;
		} else {
			c2 = i;
			break;
		}
	}
	if (!c1)
		return 0;
	/* «لندن: «الشرق الأوسط»: ...», «الرياض: واس: ...» */
	if (c2 && prefix_part(s, c1, BYLINE_PREFIX_PART_WORDS, 0) &&
	    prefix_part(s + c1 + 1, c2 - c1 - 1, BYLINE_PREFIX_PART_WORDS, 0))
		end = c2;
	else if (prefix_part(s, c1, BYLINE_PREFIX_MAX_WORDS, 1))
		end = c1;
	else
		return 0;
	r = s + end + 1;
	rlen = len - end - 1;
	pt_trim(&r, &rlen);
	if (pt_count_words(r, rlen) < DATELINE_MIN_REST_WORDS)
		return 0;
	*blen = end;
	while (*blen > 0 && s[*blen - 1] == ' ')
		(*blen)--;
	*rest = r;
	*rest_len = rlen;
	return 1;
}

int
pt_find_byline_name(const char *s, size_t len, size_t *blen,
	const char **rest, size_t *rest_len)
{
	const char *c = memchr(s, ':', len < BYLINE_PREFIX_SCAN ? len :
	    BYLINE_PREFIX_SCAN);
	const char *r;
	size_t rlen;

	if (!c || !prefix_part(s, (size_t)(c - s), BYLINE_PREFIX_PART_WORDS,
	    0))
		return 0;
	r = c + 1;
	rlen = len - (size_t)(r - s);
	pt_trim(&r, &rlen);
	if (pt_count_words(r, rlen) < DATELINE_MIN_REST_WORDS)
		return 0;
	*blen = (size_t)(c - s);
	while (*blen > 0 && s[*blen - 1] == ' ')
		(*blen)--;
	*rest = r;
	*rest_len = rlen;
	return 1;
}

int
pt_name_line(const struct line *l)
{
	struct word w[NAME_LINE_MAX_WORDS + 1];
	size_t n, i;

	if (l->nwords < NAME_LINE_MIN_WORDS ||
	    l->nwords > NAME_LINE_MAX_WORDS || l->ncp > NAME_LINE_MAX_CPS)
		return 0;
	n = pt_split_words(l->s, l->len, w, NAME_LINE_MAX_WORDS + 1);
	if (!words_are_names(w, n))
		return 0;
	for (i = 0; i < n; i++)
		if (function_word(w[i].s, w[i].len))
			return 0;
	/* «الحلقة الأولى», «التقرير السنوي»: a given name has no article */
	return !(w[0].len > 4 && memcmp(w[0].s, "\xd8\xa7\xd9\x84", 4) == 0);
}
