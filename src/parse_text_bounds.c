/*
 * Where an article begins and ends, from the text alone: the tests page
 * assembly (parse_text.c) weighs when a page holds several articles with
 * nothing but blank lines between them, or ends a story with the site's
 * furniture.
 *
 *   - A headline and its lead share their words: on the 14,500 articles
 *     of seven of the corpus's papers, 81% of headlines have half their
 *     words again in the first two paragraphs, against 33% of the short
 *     lines inside a story (subheadings, captions), whose words also
 *     stand in the paragraphs before them, where a new story's do not.
 *   - A story's last lines may be the site's: the link to the story, an
 *     address to write to, a copyright, an agency's time stamp
 *     («17:14 ت م»).  Their shapes (a URL, an e-mail address, ©, a time
 *     and nothing else) need no word list; the words sites use for them
 *     («رابط الخبر», «الكلمات الدالة») are 'footer' rules.
 */
#include "config.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/text.h"
#include "parse_text_priv.h"

#define LEX_SCAN		2000	/* bytes of a paragraph compared */
#define LEX_MAX_WORDS		400	/* words of the paragraphs compared */
#define LEX_STEM_CPS		4	/* a word's stem: its first letters */
#define LEX_MIN_CPS		3	/* shorter words are not compared */
#define LEX_TITLE_WORDS		32
#define LEX_SET_SLOTS		2048	/* > 2 x LEX_MAX_WORDS, a power of 2 */
#define LEX_LEAD_WORDS		60	/* a lead's words compared with the
					 * story before it */

#define FOOTER_MAX_WORDS	12	/* a link or contact line, not text */
#define SMS_LINE_MAX_WORDS	30	/* «للتواصل أرسل رسالة نصية sms إلى ...» */
#define TIME_LINE_MAX_WORDS	6	/* «// يتبع // 17:14 ت م NNNN» */

/* A word's stem, and its first letters as written («وزاري»: «زاري» and
 * «وزار»; which letter is a conjunction the comparison decides). */
struct stem {
	unsigned cp[LEX_STEM_CPS], as_is[LEX_STEM_CPS];
	size_t n, nas_is;
	uint32_t hcp, has;	/* hashes of both, never 0 */
};

/* FNV-1a over a stem's letters; 0 is kept for an empty slot. */
static uint32_t
stem_hash(const unsigned *cp, size_t n)
{
	uint32_t h = 2166136261u;
	size_t i;

	for (i = 0; i < n; i++) {
		h ^= cp[i];
		h *= 16777619u;
	}
	return h ? h : 1;
}

struct stems {
	struct stem *v;
	size_t n, max;
};

static int
is_prefix(const unsigned *w, size_t n, const unsigned *p, size_t pn)
{
	size_t i;

	if (n < pn)
		return 0;
	for (i = 0; i < pn; i++)
		if (w[i] != p[i])
			return 0;
	return 1;
}

/*
 * A light stem of one folded word: the article and the conjunctions and
 * prepositions joined to its front dropped («والحكومة», «بالحكومة» ->
 * «حكوم»), then its first letters.  Crude, but the same for headline and
 * lead, which is all a comparison needs.  A «و» or «ب» may also be the
 * word's own first letter: the word's first letters as written are kept
 * too.
 */
static void
add_stem(struct stems *st, const unsigned *w, size_t n)
{
	static const unsigned pre[][3] = {
		{ 0x0648, 0x0627, 0x0644 }, { 0x0628, 0x0627, 0x0644 },
		{ 0x0643, 0x0627, 0x0644 }, { 0x0641, 0x0627, 0x0644 },
		{ 0x0644, 0x0644, 0 }, { 0x0627, 0x0644, 0 },
		{ 0x0648, 0, 0 }, { 0x0641, 0, 0 }, { 0x0628, 0, 0 },
		{ 0x0644, 0, 0 },
	};
	size_t i, pn;
	struct stem *s;

	if (n < LEX_MIN_CPS || st->n == st->max)
		return;
	s = &st->v[st->n++];
	s->nas_is = n < LEX_STEM_CPS ? n : LEX_STEM_CPS;
	memcpy(s->as_is, w, s->nas_is * sizeof(*w));
	if (n > LEX_STEM_CPS) {
		for (i = 0; i < sizeof(pre) / sizeof(pre[0]); i++) {
			pn = pre[i][2] ? 3 : pre[i][1] ? 2 : 1;
			if (is_prefix(w, n, pre[i], pn)) {
				w += pn;
				n -= pn;
				break;
			}
		}
	}
	s->n = n < LEX_STEM_CPS ? n : LEX_STEM_CPS;
	memcpy(s->cp, w, s->n * sizeof(*w));
	s->hcp = stem_hash(s->cp, s->n);
	s->has = stem_hash(s->as_is, s->nas_is);
}

/*
 * Words of three letters or more that every text has (folded: «على» is
 * «علي»): they would make any two paragraphs alike.
 */
static int
common_word(const char *w, size_t len)
{
	static const char *const words[] = {
		"علي", "الي", "التي", "الذي", "الذين", "بعد", "قبل", "بين",
		"حول", "خلال", "عبر", "منذ", "هذا", "هذه", "امام", "لدي",
		"كما", "ذلك", "تلك", "غير", "دون", "عند", "حتي", "كان",
		"كانت", "انه", "بان", "وان", "فيما", "ضمن", "اليوم", "امس",
	};
	size_t i;

	for (i = 0; i < sizeof(words) / sizeof(words[0]); i++)
		if (pt_bytes_eq(w, len, words[i], strlen(words[i])))
			return 1;
	return 0;
}

/* The stems of the words of s (its first LEX_SCAN bytes). */
static void
stems_of(struct stems *st, const char *s, size_t len)
{
	unsigned w[64];
	size_t n = 0, i = 0, klen, start = 0;
	char *key;
	unsigned cp;
	int k;

	key = ak_text_key(s, len < LEX_SCAN ? len : LEX_SCAN);
	klen = strlen(key);
	while (i <= klen) {
		cp = ' ';
		k = 1;
		if (i < klen)
			k = ak_utf8_next(key + i, klen - i, &cp);
		if (cp == ' ') {
			if (!common_word(key + start, i - start))
				add_stem(st, w, n);
			n = 0;
			start = i + 1;
		} else if (n < sizeof(w) / sizeof(w[0])) {
			w[n++] = cp;
		}
		i += (size_t)(k < 1 ? 1 : k);
	}
	free(key);
}

/*
 * Each line's stems, made once a page: a line is compared as the text
 * before one candidate headline and after the next, and folding (ICU) is
 * the cost.
 */
struct pt_lex {
	const struct line *l;
	struct stem **v;	/* per line, NULL until made */
	size_t *n;
	size_t low;		/* lines before it are freed */
};

struct pt_lex *
pt_lex_new(const struct line *l, size_t n)
{
	struct pt_lex *lx = ak_xcalloc(1, sizeof(*lx));

	lx->l = l;
	lx->v = ak_xcalloc(n ? n : 1, sizeof(*lx->v));
	lx->n = ak_xcalloc(n ? n : 1, sizeof(*lx->n));
	return lx;
}

void
pt_lex_free(struct pt_lex *lx, size_t n)
{
	size_t i;

	if (!lx)
		return;
	for (i = 0; i < n; i++)
		free(lx->v[i]);
	free(lx->v);
	free(lx->n);
	free(lx);
}

void
pt_lex_forget(struct pt_lex *lx, size_t before)
{
	for (; lx->low < before; lx->low++) {
		free(lx->v[lx->low]);
		lx->v[lx->low] = NULL;
	}
}

/* The stems of line i (its first LEX_SCAN bytes, LEX_MAX_WORDS at most). */
static const struct stem *
line_stems(struct pt_lex *lx, size_t i, size_t *n)
{
	struct stem buf[LEX_MAX_WORDS];
	struct stems st = { buf, 0, LEX_MAX_WORDS };

	if (!lx->v[i]) {
		stems_of(&st, lx->l[i].s, lx->l[i].len);
		lx->v[i] = ak_xcalloc(st.n ? st.n : 1, sizeof(*buf));
		memcpy(lx->v[i], buf, st.n * sizeof(*buf));
		lx->n[i] = st.n;
	}
	*n = lx->n[i];
	return lx->v[i];
}

static void
set_add(uint32_t *set, uint32_t h)
{
	size_t i = h & (LEX_SET_SLOTS - 1);

	while (set[i] && set[i] != h)
		i = (i + 1) & (LEX_SET_SLOTS - 1);
	set[i] = h;
}

static int
set_has(const uint32_t *set, uint32_t h)
{
	size_t i = h & (LEX_SET_SLOTS - 1);

	while (set[i]) {
		if (set[i] == h)
			return 1;
		i = (i + 1) & (LEX_SET_SLOTS - 1);
	}
	return 0;
}

/*
 * The share of the first max stems of line w found in lines[0..nlines),
 * taken in order up to LEX_MAX_WORDS stems in all.
 */
static double
share_in(struct pt_lex *lx, size_t w, size_t max, const size_t *lines,
	size_t nlines)
{
	/* both hashes of every stem compared with, open addressing */
	uint32_t set[LEX_SET_SLOTS];
	const struct stem *ws, *ls;
	size_t nw, nl, i, j, left = LEX_MAX_WORDS, found = 0;

	ws = line_stems(lx, w, &nw);
	if (nw > max)
		nw = max;
	if (nw == 0)
		return 0;
	memset(set, 0, sizeof(set));
	for (j = 0; j < nlines && left > 0; j++) {
		ls = line_stems(lx, lines[j], &nl);
		if (nl > left)
			nl = left;
		left -= nl;
		for (i = 0; i < nl; i++) {
			set_add(set, ls[i].hcp);
			set_add(set, ls[i].has);
		}
	}
	/* a stem matches when either form equals either form of one there */
	for (i = 0; i < nw; i++)
		found += set_has(set, ws[i].hcp) || set_has(set, ws[i].has);
	return (double)found / (double)nw;
}

void
pt_lead_overlap(struct pt_lex *lx, size_t title, const size_t *next,
	size_t nnext, const size_t *prev, size_t nprev, double *in_next,
	double *in_prev)
{
	*in_next = share_in(lx, title, LEX_TITLE_WORDS, next, nnext);
	*in_prev = share_in(lx, title, LEX_TITLE_WORDS, prev, nprev);
}

void
pt_story_overlap(struct pt_lex *lx, size_t title, size_t lead,
	const size_t *story, size_t nstory, double *lead_in_story,
	double *title_in_story)
{
	*lead_in_story = share_in(lx, lead, LEX_LEAD_WORDS, story, nstory);
	*title_in_story = share_in(lx, title, LEX_TITLE_WORDS, story, nstory);
}

/* A time, «17:14» or «9:05». */
static int
is_time_word(const char *s, size_t len)
{
	const char *c = memchr(s, ':', len);
	size_t i;

	if (!c || c == s || (size_t)(c - s) > 2 || len - (size_t)(c - s) != 3)
		return 0;
	for (i = 0; i < len; i++)
		if (s + i != c && (s[i] < '0' || s[i] > '9'))
			return 0;
	return 1;
}

/*
 * «17:14 ت م», «// يتبع // 17:14 ت م NNNN»: a time and, around it, no
 * word of more than two letters but the agency's own marks.
 */
static int
time_line(const char *s, size_t len, size_t nwords)
{
	struct word w[TIME_LINE_MAX_WORDS];
	size_t n, i, letters;
	int time = 0;

	if (nwords > TIME_LINE_MAX_WORDS)
		return 0;
	n = pt_split_words(s, len, w, TIME_LINE_MAX_WORDS);
	for (i = 0; i < n; i++) {
		if (is_time_word(w[i].s, w[i].len)) {
			time = 1;
			continue;
		}
		letters = pt_count_cps(w[i].s, w[i].len);
		if (letters > 2 && !pt_bytes_eq(w[i].s, w[i].len, "NNNN", 4) &&
		    !pt_bytes_eq(w[i].s, w[i].len, "\xd9\x8a\xd8\xaa\xd8\xa8\xd8\xb9",
		    8))
			return 0;
	}
	return time;
}

/* A word holding an e-mail address or a URL. */
static int
is_address(const char *s, size_t len)
{
	const char *at = memchr(s, '@', len);

	if (len >= 7 && (memcmp(s, "http://", 7) == 0 ||
	    (len >= 8 && memcmp(s, "https://", 8) == 0)))
		return 1;
	if (len >= 5 && memcmp(s, "www.", 4) == 0)
		return 1;
	return at && at > s && memchr(at, '.', len - (size_t)(at - s)) &&
	    (at[1] != '.');
}

/*
 * «للتواصل أرسل رسالة نصية sms إلى 88548 ...»: how to write to the
 * writer by text message, the Latin word SMS and a number to send it to.
 */
static int
sms_line(const char *s, size_t len, size_t nwords)
{
	size_t i, run = 0, longest = 0;
	int sms = 0;

	if (nwords > SMS_LINE_MAX_WORDS)
		return 0;
	for (i = 0; i < len; i++) {
		run = s[i] >= '0' && s[i] <= '9' ? run + 1 : 0;
		if (run > longest)
			longest = run;
		if (i + 3 <= len && (i == 0 || s[i - 1] == ' ' ||
		    s[i - 1] == '(') && (s[i] == 's' || s[i] == 'S') &&
		    (s[i + 1] == 'm' || s[i + 1] == 'M') &&
		    (s[i + 2] == 's' || s[i + 2] == 'S') &&
		    (i + 3 == len || s[i + 3] == ' ' || s[i + 3] == ')'))
			sms = 1;
	}
	return sms && longest >= 4;
}

int
pt_footer_shape(const char *s, size_t len, size_t nwords)
{
	size_t i = 0, start;

	if (len == 0)
		return 0;
	if (time_line(s, len, nwords) || sms_line(s, len, nwords))
		return 1;
	if (nwords > FOOTER_MAX_WORDS || pt_last_cp(s, len) == '.')
		return 0;
	if (pt_find_bytes(s, len, "\xc2\xa9", 2))	/* © */
		return 1;
	while (i < len) {
		while (i < len && s[i] == ' ')
			i++;
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		if (i > start && is_address(s + start, i - start))
			return 1;
	}
	return 0;
}
