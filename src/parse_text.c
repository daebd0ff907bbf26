/*
 * The text-page parser: news web pages saved or copied as plain text (clean
 * UTF-8 from decode) to structured articles handed to a sink.  This file
 * assembles the page; its parts are the character tests and line
 * normalisation (parse_text_chars.c), the site rules language
 * (parse_text_rules.c) and the dateline and byline heuristics
 * (parse_text_dateline.c).
 *
 * It works on lines.  Each line is normalised (white space, stray controls,
 * invisible marks), then classified with the site rules (the .rules files
 * of assets/sites, see the README there): noise, a date line, a label
 * («مقالات ذات صلة», «ملخص», «المصادر:»), a photo caption with its credit,
 * or text.  The page is cut into articles where a headline is printed
 * twice around its photo (the way Asharq Al-Awsat and many CMS templates
 * print each story), and each article into header (title, subtitle), body
 * blocks and the page's related-items block.
 *
 * All site knowledge is data: the code only knows shapes (a line repeated,
 * a parenthesised credit at the end of a line, a short unpunctuated line
 * between paragraphs, «CITY –» opening the first paragraph).  Knows nothing
 * of SQLite or of the screen.
 */
#include "config.h"

#include "akhbar/parse.h"

#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/error.h"
#include "akhbar/text.h"
#include "parse_text_priv.h"

/*
 * The thresholds of the heuristics, in code points (CPS), words or lines.
 * Each was set on the seeds and the test pages; the comment says what
 * it separates.
 */
#define TITLE_MAX_CPS		250	/* a headline, not a paragraph */
#define SUBTITLE_MAX_CPS	400	/* a deck, not the first paragraph */
#define CAPTION_MAX_CPS		400	/* "description (credit)" */
#define CAPTION_MIN_WORDS	2	/* a description, not «(1)» */
#define CREDIT_MAX_CPS		40	/* «(أرشيفية - أ.ف.ب)», not an aside */
#define CREDIT_MAX_WORDS	6
#define CAPTION_LOOKBACK	256	/* blocks searched for a repeat */
#define REPEAT_SPAN		9	/* lines from headline to its repeat */
#define REPEAT_ADJACENT_MIN_WORDS 4	/* twice in a row: a headline, not
					 * a refrain */
#define WIDGET_MAX_WORDS	2	/* «TT» between the prints */
#define WIDGET_MAX_CPS		16
#define LEAD_MAX_CPS		80	/* a section name above the first
					 * headline, not text of its own */
#define HEADING_MAX_CPS		60	/* a heading; a line longer than this
					 * after it is its paragraph */
#define HEADING_MAX_WORDS	9
#define QUOTE_MIN_BYTES		160	/* a quotation as a block of its own */
#define REF_BYLINE_MAX_CPS	60	/* a related item's writer */
#define REF_BYLINE_MAX_WORDS	8
#define REF_BYLINE_SHORT_WORDS	4	/* ...even with no summary before */
#define SOURCE_MAX_CPS		80	/* «المصادر:»'s value on its own line */
#define BYLINE_MAX_CPS		80	/* «بقلم: ...» is a byline, not text */
#define DATE_LINE_MAX_BYTES	200	/* a date line, not a sentence */
#define SUMMARY_CHECKS		3	/* paragraphs that may repeat it */
#define TITLE_FROM_TEXT_WORDS	12	/* a title cut from the first words */
#define HEADER_ZONE_LINES	4	/* lines from a headline to its lead */
#define LINK_EXTRA_WORDS	8	/* «رابط الخبر بصحيفة ...: TITLE» */
#define LINK_LABEL_MAX_CPS	60	/* ...its label */
#define FOOTER_MAX_WORDS	12	/* a 'footer' rule's line, not text */
#define TAIL_CUE_MAX_WORDS	10	/* «عدد التعليقات: 3», «تابعونا @...» */
#define TAIL_LABEL_MAX_WORDS	3	/* the label before the colon */

/*
 * A new article with nothing but blank lines before it: a title-like line
 * with a paragraph after it, and one sign more.  The signs, strongest
 * first: the site's footer just before it; a byline, dateline or date
 * just after it; more blank lines before it than the page puts between
 * paragraphs; its words in its lead and not in the text before (numbers
 * measured on the corpus in parse_text_bounds.c).
 */
#define GAP_KINDS		5	/* 0..4 blank lines, more count as 4 */
#define BOUNDARY_MIN_WORDS	2	/* a headline has two words at least */
#define BOUNDARY_GAP_MIN_WORDS	3	/* ...three, on blank lines alone */
#define LEAD_TITLE_MIN_WORDS	4	/* ...four, on its words alone */
#define LEAD_NEXT_PARAS		2	/* paragraphs after it compared */
#define LEAD_PREV_PARAS		3	/* paragraphs before it compared */
#define LEAD_IN_NEXT		0.5	/* share of its words in its lead */
#define LEAD_CONTRAST		0.3	/* ...more than in the text before */
#define LEAD_SCAN_LINES		8	/* lines looked at for those */
#define STORY_TITLE_MIN_WORDS	2	/* a headline on a change of topic */
#define STORY_LEAD_SHARED	0.15	/* at most this share of its lead's
					 * words in the story before it, and
					 * none of its own */
#define STORY_SCAN_LINES	40	/* lines of the story compared */
#define STORY_LEAD_MIN_WORDS	12	/* a lead, not a verse: a sentence */
#define STORY_PREV_MIN_WORDS	8	/* ...and a paragraph just before */
#define SHORT_QUOTE_WORDS	4	/* «NAME: quote» heads, not headlines */
#define SITE_LINE_IN_LEAD	0.2	/* a site's line shares no words with
					 * the lead under it */
#define TAIL_SHORT_WORDS	6	/* no text of a story's after its last
					 * paragraph: a reader would not know it
					 * from the site's («شاركنا رأيك») */

/* ------------------------------------------------------------ the page */

struct page {
	struct pt_rules rules;		/* the rule files; the page's site */
	const struct ak_parse_opts *o;
	const struct ak_sink *sink;
	struct ak_error *err;
	char *buf;			/* all normalised lines */
	struct line *l;			/* content lines (no blank, no noise) */
	size_t n;
	int caption_style;		/* the page has real photo captions */
	int para_gap;			/* blank lines between paragraphs */
	int narticles;
	struct pt_lex *lex;		/* the lines' stems, once made */
};

static void
warn(struct page *pg, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void
warn(struct page *pg, const char *fmt, ...)
{
	struct ak_buf b = AK_BUF_INIT;
	va_list ap;

	if (!pg->sink->warn)
		return;
	if (pg->o && pg->o->source_name)
		ak_buf_addf(&b, "%s: ", pg->o->source_name);
	va_start(ap, fmt);
	ak_buf_vaddf(&b, fmt, ap);
	va_end(ap);
	pg->sink->warn(pg->sink->ctx, ak_buf_str(&b));
	ak_buf_release(&b);
}

/*
 * Does the credit (the text in the parentheses, or after the dash) name a
 * known photo source?  «أرشيفية - أ.ف.ب», «أ.ف.ب - غيتي», «متداولة - إكس»:
 * any of its dash- or slash-separated parts will do.
 */
static int
credit_known(const struct page *pg, const char *s, size_t len)
{
	size_t i = 0, start = 0;
	const char *part;
	size_t plen;
	unsigned cp;
	int k;

	while (i <= len) {
		k = 1;
		cp = 0;
		if (i < len)
			k = ak_utf8_next(s + i, len - i, &cp);
		if (i == len || pt_is_dash_cp(cp) || cp == '/' || cp == ',' ||
		    cp == 0x060C || cp == '|' || cp == '+') {
			part = s + start;
			plen = i - start;
			pt_trim(&part, &plen);
			if (pt_known_credit(&pg->rules, part, plen))
				return 1;
			start = i + (size_t)k;
		}
		i += (size_t)(k < 1 ? 1 : k);
	}
	return 0;
}

/* Work out whether l could be a photo caption, and where its credit is. */
static void
caption_candidate(const struct page *pg, struct line *l)
{
	const char *s = l->s, *cred, *text;
	size_t len = l->len, i, clen, tlen, best = 0;
	int depth = 0;
	unsigned cp;

	l->cap = 0;
	if (len < 4 || l->ncp > CAPTION_MAX_CPS)
		return;
	if (s[len - 1] == ')') {
		/* the matching '(' */
		for (i = len; i > 0; i--) {
			if (s[i - 1] == ')')
				depth++;
			else if (s[i - 1] == '(' && --depth == 0)
				break;
		}
		if (i == 0)
			return;
		cred = s + i;
		clen = len - 1 - i;
		text = s;
		tlen = i - 1;
		pt_trim(&cred, &clen);
		pt_trim(&text, &tlen);
		if (clen == 0 || tlen == 0 ||
		    pt_count_cps(cred, clen) > CREDIT_MAX_CPS ||
		    pt_count_words(cred, clen) > CREDIT_MAX_WORDS ||
		    pt_count_words(text, tlen) < CAPTION_MIN_WORDS ||
		    pt_ends_sentence(text, tlen))
			return;
		cp = pt_last_cp(text, tlen);
		if (cp == '(' || cp == 0x00AB || cp == '"')
			return;
		l->cap = 1;
		l->cap_len = tlen;
		l->cred_off = (size_t)(cred - s);
		l->cred_len = clen;
		l->cap_known = credit_known(pg, cred, clen);
		return;
	}
	/* "description - credit": the part after the last spaced dash */
	for (i = 1; i + 2 < len; i++) {
		if (s[i - 1] != ' ')
			continue;
		if (s[i] == '-' && s[i + 1] == ' ')
			best = i;
		else if ((unsigned char)s[i] == 0xE2 && i + 3 < len &&
		    (unsigned char)s[i + 1] == 0x80 &&
		    ((unsigned char)s[i + 2] == 0x93 ||
		    (unsigned char)s[i + 2] == 0x94) && s[i + 3] == ' ')
			best = i;
	}
	if (!best)
		return;
	text = s;
	tlen = best;
	cred = s + best;
	while (cred < s + len && *cred != ' ')
		cred++;
	clen = len - (size_t)(cred - s);
	pt_trim(&text, &tlen);
	pt_trim(&cred, &clen);
	if (clen == 0 || pt_count_words(text, tlen) < CAPTION_MIN_WORDS ||
	    pt_ends_sentence(text, tlen) || !credit_known(pg, cred, clen))
		return;
	l->cap = 1;
	l->cap_known = 1;
	l->cap_len = tlen;
	l->cred_off = (size_t)(cred - s);
	l->cred_len = clen;
}

static int
line_eq(const struct line *a, const struct line *b)
{
	return pt_bytes_eq(a->s, a->len, b->s, b->len);
}

static int
is_caption(const struct page *pg, size_t i)
{
	const struct line *l = &pg->l[i];

	if (l->kind != LK_TEXT || !l->cap)
		return 0;
	if (l->cap_known || pg->caption_style)
		return 1;
	return (i > 0 && line_eq(l, &pg->l[i - 1])) ||
	    (i + 1 < pg->n && line_eq(l, &pg->l[i + 1]));
}

/* ------------------------------------------------------- building lines */

static void
page_release(struct page *pg)
{
	size_t i;

	for (i = 0; i < pg->n; i++)
		free(pg->l[i].date);
	pt_lex_free(pg->lex, pg->n);
	free(pg->l);
	free(pg->buf);
	pt_rules_release(&pg->rules);
}

/*
 * A known credit in parentheses on a line of its own, under a line that
 * is no sentence: make that line a caption with this credit.
 */
static void
lone_credit(struct page *pg, size_t i)
{
	struct line *l = &pg->l[i], *p = &pg->l[i - 1];
	const char *c = l->s + 1;
	size_t clen = l->len - 2;

	if (l->kind != LK_TEXT || p->kind != LK_TEXT || p->cap ||
	    l->len < 3 || l->s[0] != '(' || l->s[l->len - 1] != ')' ||
	    p->ncp > CAPTION_MAX_CPS || p->nwords < CAPTION_MIN_WORDS ||
	    pt_ends_sentence(p->s, p->len))
		return;
	pt_trim(&c, &clen);
	if (!credit_known(pg, c, clen))
		return;
	p->cap = 1;
	p->cap_known = 1;
	p->cap_len = p->len;
	p->cred_off = (size_t)(c - p->s);	/* a later line, same buffer */
	p->cred_len = clen;
	l->kind = LK_CREDIT;
	l->cap = 0;
}

/* Every date has a number; most lines have none and need no date parse. */
static int
has_digit(const struct line *l)
{
	size_t i;

	for (i = 0; i < l->len; i++) {
		if (l->s[i] >= '0' && l->s[i] <= '9')
			return 1;
		/* U+0660-0669, U+06F0-06F9: 0xD9 0xA0-0xA9, 0xDB 0xB0-0xB9 */
		if (i + 1 < l->len &&
		    (((unsigned char)l->s[i] == 0xD9 &&
		    (unsigned char)l->s[i + 1] >= 0xA0 &&
		    (unsigned char)l->s[i + 1] <= 0xA9) ||
		    ((unsigned char)l->s[i] == 0xDB &&
		    (unsigned char)l->s[i + 1] >= 0xB0 &&
		    (unsigned char)l->s[i + 1] <= 0xB9)))
			return 1;
	}
	return 0;
}

/*
 * «رابط الخبر بصحيفة الوطن: TITLE»: a 'footer' rule's label, a colon
 * within its first words, then a headline (no sentence's end): the
 * site's line however long the headline is.
 */
static int
footer_label_line(const struct page *pg, const struct line *l)
{
	struct word w[LINK_EXTRA_WORDS];
	size_t n, i;

	if (l->ncp > TITLE_MAX_CPS + LINK_LABEL_MAX_CPS ||
	    pt_ends_sentence(l->s, l->len) ||
	    !pt_match_prefix_word(&pg->rules, RK_FOOTER, l->s, l->len))
		return 0;
	n = pt_split_words(l->s, l->len, w, LINK_EXTRA_WORDS);
	for (i = 0; i + 1 < n; i++)
		if (w[i].s[w[i].len - 1] == ':' ||
		    (w[i + 1].len == 1 && w[i + 1].s[0] == ':'))
			return 1;
	return 0;
}

/*
 * Split and normalise every line (blank ones kept for detection), then
 * keep the content lines, each knowing how much noise and how many blank
 * lines stood before it.  The page's paragraph gap is the number of blank
 * lines most often found between them.
 */
static void
page_build(struct page *pg, const char *s, size_t len)
{
	struct ak_buf b = AK_BUF_INIT;
	struct line *all = NULL;
	size_t nall = 0, cap = 0, i = 0, end, rlen;
	size_t *offs = NULL, gaps[GAP_KINDS] = { 0 };
	int noise = 0, blank = 0;
	struct line *l;

	while (i <= len) {
		end = i;
		while (end < len && s[end] != '\n' && s[end] != '\r')
			end++;
		if (nall == cap) {
			cap = cap ? cap * 2 : 64;
			all = ak_xreallocarray(all, cap, sizeof(*all));
			offs = ak_xreallocarray(offs, cap, sizeof(*offs));
		}
		memset(&all[nall], 0, sizeof(all[nall]));
		offs[nall] = b.len;
		all[nall].len = pt_normalise(s + i, end - i, &b);
		nall++;
		if (end < len && s[end] == '\r' && end + 1 < len &&
		    s[end + 1] == '\n')
			end++;
		i = end + 1;
	}
	ak_buf_addch(&b, '\0');
	pg->buf = b.data;
	for (i = 0; i < nall; i++)
		all[i].s = pg->buf + offs[i];
	free(offs);

	pg->rules.site = pt_detect_site(pg->rules.sites, pg->o, all, nall);
	pt_rules_index(&pg->rules);

	pg->l = ak_xcalloc(nall ? nall : 1, sizeof(*pg->l));
	for (i = 0; i < nall; i++) {
		l = &all[i];
		if (l->len == 0) {
			blank++;
			continue;
		}
		/* cut: "... (أ.ف.ب) play-circle 03:44" */
		l->len = pt_cut(&pg->rules, l->s, l->len);
		pt_trim(&l->s, &l->len);
		if (l->len == 0 ||
		    pt_match(&pg->rules, RK_NOISE, l->s, l->len)) {
			noise++;
			blank = 0;
			continue;
		}
		l->ncp = pt_count_cps(l->s, l->len);
		l->nwords = pt_count_words(l->s, l->len);
		l->noise_before = noise;
		l->blank_before = blank;
		if (pg->n > 0)
			gaps[blank < GAP_KINDS ? blank : GAP_KINDS - 1]++;
		noise = 0;
		blank = 0;
		l->kind = LK_TEXT;
		if (pt_match(&pg->rules, RK_RELATED, l->s, l->len))
			l->kind = LK_RELATED;
		else if (pt_match(&pg->rules, RK_RELATED_END, l->s, l->len))
			l->kind = LK_RELATED_END;
		else if (pt_match(&pg->rules, RK_SUMMARY, l->s, l->len))
			l->kind = LK_SUMMARY;
		else if ((rlen = pt_match(&pg->rules, RK_SOURCE, l->s,
		    l->len)) != 0) {
			l->kind = LK_SOURCE;
			l->vstart = rlen;
		} else if ((rlen = pt_match(&pg->rules, RK_BYLINE, l->s,
		    l->len)) != 0 && l->ncp < BYLINE_MAX_CPS) {
			l->kind = LK_BYLINE;
			l->vstart = rlen;
		} else if (l->len <= DATE_LINE_MAX_BYTES && has_digit(l) &&
		    (l->date = ak_parse_date_line(l->s, l->len)) != NULL) {
			l->kind = LK_DATE;
		} else if ((l->nwords <= FOOTER_MAX_WORDS &&
		    pt_match(&pg->rules, RK_FOOTER, l->s, l->len)) ||
		    footer_label_line(pg, l) ||
		    pt_footer_shape(l->s, l->len, l->nwords)) {
			l->kind = LK_FOOTER;
		}
		if (l->kind == LK_TEXT)
			caption_candidate(pg, l);
		pg->l[pg->n++] = *l;
	}
	free(all);
	for (i = 1; i < GAP_KINDS; i++)
		if (gaps[i] > gaps[pg->para_gap])
			pg->para_gap = (int)i;
	pg->lex = pt_lex_new(pg->l, pg->n);
	/* «(أ. ف. ب)» alone under a line: that line is its photo's caption */
	for (i = 1; i < pg->n; i++)
		lone_credit(pg, i);
	/* a page with credited or doubled captions has photo captions */
	for (i = 0; i < pg->n; i++) {
		if (!pg->l[i].cap)
			continue;
		if (pg->l[i].cap_known || (i + 1 < pg->n &&
		    line_eq(&pg->l[i], &pg->l[i + 1])))
			pg->caption_style = 1;
	}
}

/* ------------------------------------------------------- segmentation */

static int
title_like(const struct page *pg, size_t i)
{
	const struct line *l = &pg->l[i];

	return l->kind == LK_TEXT && !is_caption(pg, i) && l->ncp >= 2 &&
	    l->ncp <= TITLE_MAX_CPS && !pt_ends_sentence(l->s, l->len);
}

/*
 * A headline printed twice around its photo: T [subtitle] captions
 * [noise] T.  The second T must come soon, and what stands between must
 * show it is page furniture: dropped noise, a doubled caption, or nothing
 * at all.  Returns the index of the second T, or 0.
 */
static size_t
header_repeat(const struct page *pg, size_t i)
{
	size_t j, k, limit = i + REPEAT_SPAN;
	int marker, ok;

	if (!title_like(pg, i))
		return 0;
	if (limit > pg->n)
		limit = pg->n;
	for (j = i + 1; j < limit; j++) {
		if (pg->l[j].kind == LK_RELATED)
			return 0;
		if (line_eq(&pg->l[i], &pg->l[j]))
			break;
	}
	if (j >= limit)
		return 0;
	/*
	 * Printed twice in a row, a headline has a few words and stops there;
	 * a refrain («وكم غيمة» three times in a poem) does not.
	 */
	marker = j == i + 1 &&
	    pg->l[i].nwords >= REPEAT_ADJACENT_MIN_WORDS &&
	    !(j + 1 < pg->n && line_eq(&pg->l[i], &pg->l[j + 1]));
	if (j == i + 1 && !marker)
		return 0;
	ok = 1;
	for (k = i + 1; k <= j; k++)
		if (pg->l[k].noise_before)
			marker = 1;
	for (k = i + 1; k < j && ok; k++) {
		const struct line *l = &pg->l[k];

		if (l->cap) {
			if (k + 1 < j && line_eq(l, &pg->l[k + 1]))
				marker = 1;
		} else if (l->kind == LK_DATE) {
			/* fine */
		} else if (l->kind == LK_TEXT && k == i + 1) {
			/* a subtitle */
		} else if (l->kind == LK_TEXT &&
		    l->nwords <= WIDGET_MAX_WORDS &&
		    l->ncp <= WIDGET_MAX_CPS) {
			/* a widget's name («TT») no rule dropped */
		} else {
			ok = 0;
		}
	}
	return ok && marker ? j : 0;
}

/* ------------------------------------------------------- one article */

struct art {
	struct ak_article a;
	int nparas;
	int summary;		/* index of the summary block + 1, or 0 */
	int summary_checks;	/* paragraphs left to compare with it */
	int body_blocks;
};

static void
set_field(char **field, const char *s, size_t len)
{
	free(*field);
	*field = ak_xstrndup(s, len);
}

static int
has_caption(const struct ak_article *a, const char *s, size_t len,
	const char *cred, size_t clen)
{
	size_t i, seen = 0;
	const struct ak_block *b;

	/* a repeat stands near its first print: look back a little only */
	for (i = a->nblocks; i > 0 && seen < CAPTION_LOOKBACK; i--, seen++) {
		b = &a->blocks[i - 1];
		if (b->kind != AK_BLOCK_CAPTION)
			continue;
		if (strlen(b->text) == len && memcmp(b->text, s, len) == 0 &&
		    ((!b->credit && !cred) || (b->credit && cred &&
		    strlen(b->credit) == clen &&
		    memcmp(b->credit, cred, clen) == 0)))
			return 1;
	}
	return 0;
}

static void
add_caption(struct art *t, const struct line *l)
{
	char *cred = NULL;

	if (has_caption(&t->a, l->s, l->cap_len, l->s + l->cred_off,
	    l->cred_len))
		return;
	cred = ak_xstrndup(l->s + l->cred_off, l->cred_len);
	ak_article_add_block(&t->a, AK_BLOCK_CAPTION, l->s, l->cap_len, cred);
	free(cred);
	t->body_blocks++;
}

/* Does the paragraph repeat the summary?  Compare their title keys. */
static int
repeats(const char *sum, const char *s, size_t len)
{
	char *a = ak_text_key(sum, strlen(sum));
	char *b = ak_text_key(s, len);
	size_t la = strlen(a), lb = strlen(b);
	int r = 0;

	if (la > 0 && lb > 0) {
		if (la <= lb)
			r = memcmp(a, b, la) == 0 && (la == lb || b[la] == ' ');
		else
			r = memcmp(a, b, lb) == 0 && a[lb] == ' ';
	}
	free(a);
	free(b);
	return r;
}

/* «...» or "..." from end to end, and nothing else. */
static int
is_quote(const char *s, size_t len)
{
	unsigned open, close, cp, want;
	size_t i;
	int k;

	if (len < 4)
		return 0;
	k = ak_utf8_next(s, len, &open);
	if (open == 0x00AB)
		want = 0x00BB;
	else if (open == '"')
		want = '"';
	else if (open == 0x201C)
		want = 0x201D;
	else
		return 0;
	close = pt_last_cp(s, len);
	if (close == '.') {
		len--;
		close = pt_last_cp(s, len);
	}
	if (close != want)
		return 0;
	/* no other closing quote inside: one quotation, not two */
	for (i = (size_t)k; i < len;) {
		k = ak_utf8_next(s + i, len - i, &cp);
		i += (size_t)(k < 1 ? 1 : k);
		if (cp == want && i < len)
			return 0;
	}
	return 1;
}

static int
heading_like(const struct line *l)
{
	/* «من جهة ثانية، أعلنت روسيا» is a sentence cut short, not a heading */
	return l->kind == LK_TEXT && l->ncp <= HEADING_MAX_CPS &&
	    l->nwords <= HEADING_MAX_WORDS &&
	    !pt_ends_sentence(l->s, l->len) && l->s[0] != '*' &&
	    l->s[0] != '-' && !pt_find_bytes(l->s, l->len, "\xd8\x8c", 2);
}

static void
add_text_block(struct page *pg, struct art *t, size_t i, size_t end,
	const char *s, size_t len)
{
	const struct line *next = NULL;
	struct ak_block *sb;
	size_t j;

	(void)pg;
	if (t->summary && t->summary_checks > 0) {
		t->summary_checks--;
		sb = &t->a.blocks[t->summary - 1];
		if (repeats(sb->text, s, len)) {
			/* one block: the fuller wording */
			if (len > strlen(sb->text)) {
				free(sb->text);
				sb->text = ak_xstrndup(s, len);
			}
			return;
		}
	}
	for (j = i + 1; j < end; j++) {
		if (pg->l[j].kind == LK_TEXT) {
			next = &pg->l[j];
			break;
		}
		if (pg->l[j].kind != LK_DATE)
			break;
	}
	if (t->body_blocks > 0 && heading_like(&pg->l[i]) && next &&
	    !is_caption(pg, j) && (next->ncp > HEADING_MAX_CPS ||
	    pt_ends_sentence(next->s, next->len))) {
		ak_article_add_block(&t->a, AK_BLOCK_HEADING, s, len, NULL);
		t->body_blocks++;
		return;
	}
	if (len > QUOTE_MIN_BYTES && is_quote(s, len)) {
		ak_article_add_block(&t->a, AK_BLOCK_QUOTE, s, len, NULL);
		t->body_blocks++;
		return;
	}
	ak_article_add_block(&t->a, AK_BLOCK_PARAGRAPH, s, len, NULL);
	t->nparas++;
	t->body_blocks++;
}

/* A ref's last line, when it names the writer: short, unpunctuated. */
static int
byline_like(const struct line *l)
{
	return l->ncp <= REF_BYLINE_MAX_CPS &&
	    l->nwords <= REF_BYLINE_MAX_WORDS &&
	    !pt_ends_sentence(l->s, l->len);
}

static int
ref_caption(const struct page *pg, size_t i)
{
	const struct line *l = &pg->l[i];

	return l->kind == LK_TEXT && l->cap && (l->cap_known ||
	    pt_match_prefix_word(&pg->rules, RK_SECTION, l->s, l->cap_len));
}

static void
fill_ref(struct page *pg, struct ak_ref *r, size_t from, size_t to)
{
	struct ak_buf sum = AK_BUF_INIT;
	const struct line *l;
	size_t i, last = to;

	/* title, the title again, summary lines, byline */
	for (i = from; i < to && pg->l[i].kind != LK_TEXT; i++)
		;
	if (i >= to)
		return;
	l = &pg->l[i];
	set_field(&r->title, l->s, l->len);
	i++;
	if (i < to && line_eq(l, &pg->l[i]))
		i++;
	if (to > i && pg->l[to - 1].kind == LK_TEXT &&
	    byline_like(&pg->l[to - 1]) && (to - i >= 2 ||
	    pg->l[to - 1].nwords <= REF_BYLINE_SHORT_WORDS ||
	    pg->l[to - 1].cap)) {
		last = to - 1;
		set_field(&r->byline, pg->l[last].s, pg->l[last].len);
	}
	for (; i < last; i++) {
		if (pg->l[i].kind != LK_TEXT)
			continue;
		if (sum.len)
			ak_buf_addch(&sum, ' ');
		ak_buf_add(&sum, pg->l[i].s, pg->l[i].len);
	}
	if (sum.len)
		set_field(&r->summary, sum.data, sum.len);
	ak_buf_release(&sum);
}

/*
 * The page's related block: each item a photo caption (its section
 * first: «المشرق العربي أعضاء في ... (أ.ف.ب)»), title, summary, byline.
 * The first item's title may also stand before its caption.
 */
static void
parse_refs(struct page *pg, struct art *t, size_t from, size_t to)
{
	size_t sec;
	struct ak_ref *r;
	size_t i, next, first = to;
	const struct line *l;

	for (i = from; i < to; i++) {
		if (pg->l[i].kind == LK_RELATED_END) {
			to = i;
			break;
		}
		if (first == to && ref_caption(pg, i))
			first = i;
	}
	if (first == to) {
		/* a plain list of titles */
		for (i = from; i < to; i++) {
			l = &pg->l[i];
			if (l->kind != LK_TEXT || l->ncp > TITLE_MAX_CPS)
				continue;
			r = ak_article_add_ref(&t->a);
			set_field(&r->title, l->s, l->len);
		}
		return;
	}
	for (i = from; i < first; i++) {
		l = &pg->l[i];
		if (l->kind != LK_TEXT)
			continue;
		if (first + 1 < to && line_eq(l, &pg->l[first + 1]))
			continue;
		r = ak_article_add_ref(&t->a);
		set_field(&r->title, l->s, l->len);
	}
	for (i = first; i < to; i = next) {
		for (next = i + 1; next < to && !ref_caption(pg, next); next++)
			;
		l = &pg->l[i];
		r = ak_article_add_ref(&t->a);
		sec = pt_match_prefix_word(&pg->rules, RK_SECTION, l->s,
		    l->cap_len);
		if (sec) {
			set_field(&r->section, l->s, sec);
			if (l->cap_len > sec + 1)
				set_field(&r->caption, l->s + sec + 1,
				    l->cap_len - sec - 1);
		} else {
			set_field(&r->caption, l->s, l->cap_len);
		}
		fill_ref(pg, r, i + 1, next);
	}
}

/* The value of «المصادر: وكالات», or of the line after «المصادر:». */
static size_t
take_source(struct page *pg, struct art *t, size_t i, size_t end)
{
	const struct line *l = &pg->l[i];
	const char *v = l->s + l->vstart;
	size_t vlen = l->len - l->vstart;

	while (vlen > 0 && (*v == ':' || *v == ' ')) {
		v++;
		vlen--;
	}
	if (vlen == 0 && i + 1 < end && pg->l[i + 1].kind == LK_TEXT &&
	    pg->l[i + 1].ncp <= SOURCE_MAX_CPS) {
		i++;
		v = pg->l[i].s;
		vlen = pg->l[i].len;
	}
	/* «نيويورك تايمز» */
	if (vlen >= 4 && memcmp(v, "\xc2\xab", 2) == 0 &&
	    memcmp(v + vlen - 2, "\xc2\xbb", 2) == 0 &&
	    !pt_find_bytes(v + 2, vlen - 4, "\xc2\xab", 2)) {
		v += 2;
		vlen -= 4;
	}
	if (vlen > 0 && !t->a.source)
		set_field(&t->a.source, v, vlen);
	return i;
}

static int
body_first(const struct art *t)
{
	return t->nparas == 0;
}

/* «دعاء بهاء الدين- ريم سليمان» -> «دعاء بهاء الدين، ريم سليمان». */
static void
set_writers(char **field, const char *s, size_t len)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i = 0, start = 0;
	const char *p;
	size_t plen;
	unsigned cp;
	int k;

	while (i <= len) {
		k = 1;
		cp = 0;
		if (i < len)
			k = ak_utf8_next(s + i, len - i, &cp);
		if (i == len || pt_is_dash_cp(cp)) {
			p = s + start;
			plen = i - start;
			pt_trim(&p, &plen);
			if (plen) {
				if (b.len)
					ak_buf_addstr(&b, "\xd8\x8c ");
				ak_buf_add(&b, p, plen);
			}
			start = i + (size_t)(k < 1 ? 1 : k);
		}
		i += (size_t)(k < 1 ? 1 : k);
	}
	if (b.len)
		set_field(field, b.data, b.len);
	ak_buf_release(&b);
}

/* The first paragraph may open with a dateline or agency line. */
static void
first_paragraph(struct page *pg, struct art *t, const char **s, size_t *len)
{
	struct dateline d;
	struct agency_line ag;
	const char *rest;
	size_t blen, rest_len;

	if (pt_find_agency_line(&pg->rules, *s, *len, &ag)) {
		if (ag.byline && !t->a.byline)
			set_writers(&t->a.byline, ag.byline, ag.byline_len);
		if (ag.place && !t->a.dateline) {
			if (pt_known_word(&pg->rules, RK_AGENCY, ag.place,
			    ag.place_len))
				set_field(&t->a.source, ag.place, ag.place_len);
			else
				set_field(&t->a.dateline, ag.place,
				    ag.place_len);
		}
		if (!t->a.source)
			set_field(&t->a.source, ag.agency, ag.agency_len);
		*s = ag.rest;
		*len = ag.rest_len;
		return;
	}
	if (!t->a.dateline && pt_find_dateline(*s, *len, &d)) {
		set_field(&t->a.dateline, d.place, d.place_len);
		if (d.agency && d.agency_len && !t->a.source)
			set_field(&t->a.source, d.agency, d.agency_len);
		*s = d.rest;
		*len = d.rest_len;
		/* «الرياض - سعاد المطيري: أعلنت ...» */
		if (pt_find_byline_name(*s, *len, &blen, &rest, &rest_len)) {
			if (!t->a.byline)
				set_field(&t->a.byline, *s, blen);
			*s = rest;
			*len = rest_len;
		}
		return;
	}
	/* «جدة - عمر عبدالعزيز: يصل ...» */
	if (pt_find_byline_prefix(*s, *len, &blen, &rest, &rest_len)) {
		if (!t->a.byline)
			set_field(&t->a.byline, *s, blen);
		*s = rest;
		*len = rest_len;
	}
}

/* Is l[i] a subtitle (deck)?  Only when what follows shows the body starts. */
static int
subtitle_at(struct page *pg, size_t i, size_t end)
{
	const struct line *l = &pg->l[i], *n;
	struct dateline d;
	struct agency_line ag;
	struct word w1, w2;

	if (i + 1 >= end || l->kind != LK_TEXT || is_caption(pg, i) ||
	    l->ncp > SUBTITLE_MAX_CPS || pt_find_byline_place(l, &w1, &w2) ||
	    pt_header_byline(l) ||
	    pt_find_dateline(l->s, l->len, &d) ||
	    pt_find_agency_line(&pg->rules, l->s, l->len, &ag))
		return 0;
	n = &pg->l[i + 1];
	if (is_caption(pg, i + 1) || n->kind == LK_SUMMARY ||
	    n->kind == LK_BYLINE || n->kind == LK_DATE)
		return 1;
	if (n->kind != LK_TEXT)
		return 0;
	return pt_find_dateline(n->s, n->len, &d) ||
	    pt_find_agency_line(&pg->rules, n->s, n->len, &ag) ||
	    pt_find_byline_place(n, &w1, &w2) || pt_header_byline(n);
}

static void set_byline(struct art *t, const struct line *l);

/* A body paragraph, not a heading, a caption or a line of furniture. */
static int
paragraph_like(const struct page *pg, size_t i)
{
	const struct line *l = &pg->l[i];

	return l->kind == LK_TEXT && !is_caption(pg, i) &&
	    (l->ncp > HEADING_MAX_CPS || pt_ends_sentence(l->s, l->len));
}

/*
 * Does l end as a paragraph does and a deck does not: with a full stop, or
 * an exclamation, a question or a closing quote?
 */
static int
ends_text(const struct line *l)
{
	unsigned cp = pt_last_cp(l->s, l->len);

	return pt_ends_sentence(l->s, l->len) || cp == '!' || cp == 0x061F ||
	    cp == '?' || cp == 0x00BB || cp == '"' || cp == 0x201D;
}

/*
 * «المسعودي: لا محاباة»: a name and a short quote, the way subheadings
 * of a report give a voice (2% of the short lines inside the dev papers'
 * stories, 0.3% of their headlines).
 */
static int
short_quote_head(const struct line *l)
{
	struct word w[SHORT_QUOTE_WORDS + 1];
	size_t n = pt_split_words(l->s, l->len, w, SHORT_QUOTE_WORDS + 1), i;

	if (n > SHORT_QUOTE_WORDS)
		return 0;
	for (i = 0; i + 1 < n && i < 3; i++)
		if (w[i].s[w[i].len - 1] == ':')
			return 1;
	return 0;
}

/* «1 - بانكوك», «2. ...», «٣) ...»: an item of a numbered list. */
static int
numbered(const struct line *l)
{
	size_t i = 0, digits = 0;
	unsigned cp = 0;
	int k;

	while (i < l->len) {
		k = ak_utf8_next(l->s + i, l->len - i, &cp);
		if (!((cp >= '0' && cp <= '9') || (cp >= 0x0660 && cp <= 0x0669)))
			break;
		digits++;
		i += (size_t)(k < 1 ? 1 : k);
	}
	if (!digits || i >= l->len)
		return 0;
	if (l->s[i] == ' ')
		i++;
	if (i >= l->len)
		return 0;
	ak_utf8_next(l->s + i, l->len - i, &cp);
	return pt_is_dash_cp(cp) || cp == '.' || cp == ')';
}

/* A share button or a widget's name no rule dropped: «حجم الخط». */
static int
widget_like(const struct line *l)
{
	return l->kind == LK_TEXT && l->nwords <= WIDGET_MAX_WORDS &&
	    l->ncp <= WIDGET_MAX_CPS && !pt_ends_sentence(l->s, l->len);
}

/*
 * The first paragraph after the headline's own lines (dates, bylines,
 * widgets, captions) within HEADER_ZONE_LINES, or to.  *header says
 * whether a date or byline stood between.
 */
static size_t
lead_after(const struct page *pg, size_t i, size_t to, int *header)
{
	const struct line *n;
	size_t j;
	int other = 0;

	*header = 0;
	for (j = i + 1; j < to && j <= i + HEADER_ZONE_LINES; j++) {
		n = &pg->l[j];
		if (n->kind == LK_DATE || n->kind == LK_BYLINE) {
			*header = 1;
			continue;
		}
		if (n->kind != LK_TEXT)
			break;
		/* one byline; two such lines in a row are a list */
		if (pt_header_byline(n) && !pt_header_byline(&pg->l[j - 1]) &&
		    !(j + 1 < to && pt_header_byline(&pg->l[j + 1]))) {
			*header = 1;
			continue;
		}
		if (paragraph_like(pg, j))
			return j;
		if (is_caption(pg, j) || widget_like(n))
			continue;
		/* one short line more: a photo's caption with no credit */
		if (!other++ && n->ncp <= HEADING_MAX_CPS)
			continue;
		break;
	}
	return to;
}

/* Date lines, bylines and widgets between the headline and its lead. */
static size_t
header_zone(struct page *pg, struct art *t, size_t i, size_t to)
{
	const struct line *l;
	struct word w1, w2;
	size_t len;
	int header;

	for (; i < to; i++) {
		l = &pg->l[i];
		if (l->kind == LK_DATE) {
			if (!t->a.published) {
				ak_set_str(&t->a.published, l->date);
				set_field(&t->a.date_raw, l->s, l->len);
			}
			continue;
		}
		if (l->kind == LK_BYLINE) {
			set_byline(t, l);
			continue;
		}
		if (l->kind != LK_TEXT || is_caption(pg, i) || !i ||
		    (paragraph_like(pg, i) && !pt_header_byline(l)) ||
		    lead_after(pg, i - 1, to, &header) == to)
			break;
		if (pt_find_byline_place(l, &w1, &w2)) {
			if (!t->a.byline)
				set_field(&t->a.byline, w1.s, w1.len);
			if (!t->a.dateline)
				set_field(&t->a.dateline, w2.s, w2.len);
		} else if (pt_header_byline(l)) {
			len = l->len;
			if (l->s[len - 1] == ':')
				len--;
			if (!t->a.byline)
				set_field(&t->a.byline, l->s, len);
		} else if (pt_name_line(l) && i + 1 < to &&
		    paragraph_like(pg, i + 1)) {
			/* the writer's name over the lead */
			if (!t->a.byline)
				set_field(&t->a.byline, l->s, l->len);
		} else if (!widget_like(l)) {
			break;
		}
	}
	return i;
}

/*
 * A short line of the site's after a story, by its shape: a label and a
 * colon («فاكس: ...», «عدد التعليقات: 3»), a handle or a hashtag.
 */
static int
tail_cue(const struct line *l)
{
	struct word w[TAIL_CUE_MAX_WORDS];
	size_t n, i;

	if (l->kind != LK_TEXT || l->nwords > TAIL_CUE_MAX_WORDS ||
	    pt_last_cp(l->s, l->len) == '.')
		return 0;
	n = pt_split_words(l->s, l->len, w, TAIL_CUE_MAX_WORDS);
	for (i = 0; i < n; i++) {
		if (w[i].s[0] == '@' || (w[i].s[0] == '#' && w[i].len > 1))
			return 1;
		if (i < TAIL_LABEL_MAX_WORDS && i + 1 < n &&
		    w[i].s[w[i].len - 1] == ':')
			return 1;
	}
	return 0;
}

/* «- ...», «• ...», «1. ...»: an item of a list. */
static int
list_item(const struct line *l)
{
	unsigned cp;

	ak_utf8_next(l->s, l->len, &cp);
	return pt_is_dash_cp(cp) || cp == '*' || cp == 0x2022 || numbered(l);
}

/*
 * A short line after the story's last paragraph, no sentence and no list
 * item: the site's («شاركنا رأيك», «نقلا عن ...», «المصدر - ...»), however
 * it words it.
 */
static int
tail_short(const struct page *pg, size_t i)
{
	const struct line *l = &pg->l[i];

	return l->kind == LK_TEXT && l->nwords <= TAIL_SHORT_WORDS &&
	    !ends_text(l) && !is_caption(pg, i) && !list_item(l);
}

/*
 * Where the story's tail of site lines starts: after its last paragraph,
 * at the first footer, source, tail_cue or tail_short line; from there no
 * short line is text («... مسافة ثم الرسالة» under an SMS line).  Short
 * lines under a last paragraph ending with a colon are its list, and stay
 * until a footer, source or tail_cue line.  Returns to when there is no
 * such tail, or a related-items block ends the page.
 */
static int links_title(const struct line *l, const char *title,
	size_t tlen);

static size_t
tail_start(const struct page *pg, size_t from, size_t to, const char *title)
{
	const struct line *l;
	size_t i, last = to;
	int listed;

	for (i = to; i > from; i--) {
		l = &pg->l[i - 1];
		if (l->kind == LK_RELATED)
			return to;
		if (paragraph_like(pg, i - 1) && !tail_cue(l) &&
		    !pt_footer_shape(l->s, l->len, l->nwords) &&
		    !(title && links_title(l, title, strlen(title)))) {
			last = i - 1;
			break;
		}
	}
	if (last == to)
		return to;
	listed = pt_last_cp(pg->l[last].s, pg->l[last].len) == ':';
	for (i = last + 1; i < to; i++) {
		l = &pg->l[i];
		if (l->kind == LK_FOOTER || l->kind == LK_SOURCE ||
		    tail_cue(l) || (!listed && tail_short(pg, i)))
			return i;
	}
	return to;
}

/*
 * «رابط الخبر بصحيفة الوئام: TITLE»: the title again after a label and a
 * colon (a lead may hold its headline's words in a sentence).
 */
static int
links_title(const struct line *l, const char *title, size_t tlen)
{
	size_t tw = pt_count_words(title, tlen), before;
	const char *at;

	if (tw < 3 || l->len <= tlen || l->nwords > tw + LINK_EXTRA_WORDS)
		return 0;
	at = pt_find_bytes(l->s, l->len, title, tlen);
	if (!at)
		return 0;
	/* after a label and its colon, not inside a sentence */
	before = (size_t)(at - l->s);
	while (before > 0 && l->s[before - 1] == ' ')
		before--;
	return before > 0 && l->s[before - 1] == ':';
}

/* Does the lead open with a dateline, an agency line or a byline? */
static int
lead_has_byline(const struct page *pg, const struct line *n)
{
	struct dateline d;
	struct agency_line ag;
	struct word w1, w2;
	const char *rest;
	size_t blen, rlen;

	return pt_find_dateline(n->s, n->len, &d) ||
	    pt_find_agency_line(&pg->rules, n->s, n->len, &ag) ||
	    pt_find_byline_prefix(n->s, n->len, &blen, &rest, &rlen) ||
	    pt_find_byline_place(n, &w1, &w2);
}

/* Did the article whose title is l[title] end at the line before i? */
static int
ended_before(const struct page *pg, size_t i, size_t title)
{
	const struct line *p = &pg->l[i - 1], *q;

	if (p->kind == LK_FOOTER || p->kind == LK_SOURCE)
		return 1;
	if (links_title(p, pg->l[title].s, pg->l[title].len) ||
	    pt_footer_shape(p->s, p->len, p->nwords))
		return 1;
	/* «المصادر:» with its value on the next line */
	if (i >= 2) {
		q = &pg->l[i - 2];
		if (q->kind == LK_SOURCE && q->len <= q->vstart + 1 &&
		    p->ncp <= SOURCE_MAX_CPS)
			return 1;
	}
	return 0;
}

/*
 * Does the text change its topic at l[i]: its lead's words hardly in the
 * story so far (its title, then its lines back from i, the nearest
 * first), and its own words none of them?  On the corpus's dev papers,
 * where the headline's words in its lead do not tell, this holds for 41%
 * of the headlines and 3% of the short lines inside a story (whose lead
 * goes on with the story's names and words).
 */
static size_t
story_lines(const struct page *pg, size_t i, size_t title, size_t *story)
{
	size_t ns = 0, j;

	story[ns++] = title;
	for (j = i; j > title + 1 && i - j + 1 < STORY_SCAN_LINES; j--)
		if (pg->l[j - 1].kind == LK_TEXT)
			story[ns++] = j - 1;
	return ns;
}

static int
story_changes(const struct page *pg, size_t i, size_t title,
	const size_t *next, size_t nn)
{
	size_t story[STORY_SCAN_LINES], ns;
	double lead_in, title_in;

	if (!nn || pg->l[next[0]].nwords < STORY_LEAD_MIN_WORDS ||
	    pg->l[i - 1].nwords < STORY_PREV_MIN_WORDS)
		return 0;
	ns = story_lines(pg, i, title, story);
	/* the lead alone: the paragraph after it may be the next story's */
	pt_story_overlap(pg->lex, i, next[0], story, ns, &lead_in, &title_in);
	return title_in == 0 && lead_in <= STORY_LEAD_SHARED;
}

/*
 * A lead opening with «و»: «وقال ...», «وفي ...» go on with a story,
 * «وصل ...», «واصل ...» may start one.  Its headline's words, half of
 * them in the lead and none in the story so far, say it does (on the dev
 * papers' articles: 40% of such headlines, 1% of such subheadings).
 */
static int
waw_lead_starts(const struct page *pg, size_t i, size_t title,
	const size_t *next, size_t nn)
{
	size_t story[STORY_SCAN_LINES], ns;
	double in_next, none, lead_in, title_in;

	if (pg->l[i].nwords < LEAD_TITLE_MIN_WORDS || !nn)
		return 0;
	pt_lead_overlap(pg->lex, i, next, nn, NULL, 0, &in_next, &none);
	if (in_next < LEAD_IN_NEXT)
		return 0;
	ns = story_lines(pg, i, title, story);
	pt_story_overlap(pg->lex, i, next[0], story, ns, &lead_in, &title_in);
	return title_in == 0;
}

/* «ليلى حسن ـ الرياض», «جدة - عمر الزهراني:»: a byline. */
static int
byline_shaped(const struct line *l)
{
	struct word w1, w2;

	return pt_find_byline_place(l, &w1, &w2) || pt_header_byline(l);
}

/*
 * Does a new article start at l[i]?  The current one's title is
 * l[title] and it has had a paragraph; words_ok when that was not only
 * the line under the title (which may be a deck): the headline's words
 * alone are weak evidence, and need a story before them.
 */
static int
boundary_at(const struct page *pg, size_t i, size_t to, size_t title,
	int words_ok)
{
	const struct line *l = &pg->l[i], *n;
	size_t next[LEAD_NEXT_PARAS], prev[LEAD_PREV_PARAS];
	size_t lead, j, nn = 0, np = 0;
	double in_next, in_prev;
	unsigned cp, last;
	int header;

	/*
	 * Not a summary after its label, a line printed twice, a list item
	 * («- ...», «• ...») or a meta line («— publisher · date»).
	 */
	ak_utf8_next(l->s, l->len, &cp);
	if (!title_like(pg, i) || l->nwords < BOUNDARY_MIN_WORDS ||
	    pg->l[i - 1].kind == LK_SUMMARY ||
	    (i + 1 < to && line_eq(l, &pg->l[i + 1])) ||
	    pt_is_dash_cp(cp) || cp == '*' || cp == 0x2022 || numbered(l) ||
	    pt_find_bytes(l->s, l->len, "\xd8\x8c", 2) ||	/* «،» */
	    pt_match(&pg->rules, RK_META, l->s, l->len) ||
	    links_title(l, pg->l[title].s, pg->l[title].len))
		return 0;
	lead = lead_after(pg, i, to, &header);
	if (lead == to)
		return 0;
	n = &pg->l[lead];
	if (header || lead_has_byline(pg, n) || ended_before(pg, i, title))
		return 1;
	if (l->nwords >= BOUNDARY_GAP_MIN_WORDS &&
	    l->blank_before > pg->para_gap &&
	    pg->l[i + 1].blank_before <= pg->para_gap)
		return 1;
	/* its words: in its lead, not in the text before */
	/* not after a deck alone, nor a question (an interview's) */
	ak_utf8_next(n->s, n->len, &cp);
	last = pt_last_cp(l->s, l->len);
	if (!words_ok || l->nwords < STORY_TITLE_MIN_WORDS ||
	    last == 0x061F || last == '?' || short_quote_head(l) ||
	    byline_shaped(l))
		return 0;
	/* a few lines each way, whatever they hold: linear time */
	if (i > STORY_SCAN_LINES + LEAD_SCAN_LINES)
		pt_lex_forget(pg->lex, i - STORY_SCAN_LINES - LEAD_SCAN_LINES);
	for (j = lead; j < to && j < lead + LEAD_SCAN_LINES &&
	    nn < LEAD_NEXT_PARAS; j++)
		if (paragraph_like(pg, j)) {
			next[nn++] = j;
		}
	if (cp == 0x0648)
		return waw_lead_starts(pg, i, title, next, nn);
	if (l->nwords >= LEAD_TITLE_MIN_WORDS) {
		for (j = i; j > title + 1 && j + LEAD_SCAN_LINES > i &&
		    np < LEAD_PREV_PARAS; j--)
			if (pg->l[j - 1].kind == LK_TEXT)
				prev[np++] = j - 1;
		pt_lead_overlap(pg->lex, i, next, nn, prev, np, &in_next,
		    &in_prev);
		if (in_next >= LEAD_IN_NEXT &&
		    in_next - in_prev >= LEAD_CONTRAST)
			return 1;
	}
	return story_changes(pg, i, title, next, nn);
}

/*
 * A new article starts at l[i]; is its headline rather the line under
 * it?  Two short lines over a lead are a headline and its photo's
 * caption, or the last story's site line («التعليقات مغلقة») and the
 * headline: the headline shares its lead's words, the site's line none.
 */
static int
headline_below(const struct page *pg, size_t i, size_t to)
{
	size_t lead;
	double in_i, in_j, none;
	int header;

	if (i + 2 >= to || !title_like(pg, i + 1) ||
	    pg->l[i + 1].nwords < BOUNDARY_MIN_WORDS ||
	    list_item(&pg->l[i + 1]))
		return 0;
	lead = lead_after(pg, i + 1, to, &header);
	if (lead == to)
		return 0;
	/* more blank lines over it than the page puts between paragraphs */
	if (pg->l[i + 1].blank_before > pg->para_gap &&
	    pg->l[i + 1].blank_before > pg->l[i].blank_before)
		return 1;
	pt_lead_overlap(pg->lex, i, &lead, 1, NULL, 0, &in_i, &none);
	if (in_i >= SITE_LINE_IN_LEAD)
		return 0;
	pt_lead_overlap(pg->lex, i + 1, &lead, 1, NULL, 0, &in_j, &none);
	return in_j >= LEAD_IN_NEXT;
}

/* A title cut from the text when a page has none: its first words. */
static void
title_from_text(struct art *t, const char *s, size_t len)
{
	struct word w[TITLE_FROM_TEXT_WORDS + 1];
	size_t n = pt_split_words(s, len, w, TITLE_FROM_TEXT_WORDS + 1);
	struct ak_buf b = AK_BUF_INIT;

	if (n == 0)
		return;
	if (n <= TITLE_FROM_TEXT_WORDS) {
		set_field(&t->a.title, s, len);
		return;
	}
	ak_buf_add(&b, s, (size_t)(w[TITLE_FROM_TEXT_WORDS - 1].s +
	    w[TITLE_FROM_TEXT_WORDS - 1].len - s));
	ak_buf_addstr(&b, "\xe2\x80\xa6");
	set_field(&t->a.title, b.data, b.len);
	ak_buf_release(&b);
}

static int
emit(struct page *pg, struct art *t)
{
	size_t i;
	int rc;

	/*
	 * A body of short lines only, or of one quotation: they are its
	 * paragraphs (a heading heads something, a quote stands in a text).
	 */
	if (t->nparas == 0) {
		for (i = 0; i < t->a.nblocks; i++)
			if (t->a.blocks[i].kind == AK_BLOCK_HEADING ||
			    t->a.blocks[i].kind == AK_BLOCK_QUOTE)
				t->a.blocks[i].kind = AK_BLOCK_PARAGRAPH;
	}
	/* --publisher, else the page's own word (a meta line), else its
	 * site's name */
	if (pg->o && pg->o->publisher)
		ak_set_str(&t->a.publisher, pg->o->publisher);
	else if (pg->rules.site && !t->a.publisher)
		ak_set_str(&t->a.publisher, pt_site_name(pg->rules.site));
	if (t->a.title) {
		unsigned cp = 0;
		size_t k, tl = strlen(t->a.title);
		int kk;

		/* (tl once: strlen at each letter made a long title with
		 * no Arabic letter quadratic) */
		for (k = 0; k < tl; k += (size_t)(kk < 1 ? 1 : kk)) {
			kk = ak_utf8_next(t->a.title + k, tl - k, &cp);
			if (pt_is_arabic_cp(cp) && pt_is_letter_cp(cp)) {
				ak_set_str(&t->a.lang, "ar");
				break;
			}
		}
	}
	pg->narticles++;
	rc = pg->sink->article(pg->sink->ctx, &t->a);
	return rc;
}

/* «بقلم: فلان» */
static void
set_byline(struct art *t, const struct line *l)
{
	const char *s = l->s + l->vstart;
	size_t len = l->len - l->vstart;

	while (len > 0 && (*s == ':' || *s == ' '))
		s++, len--;
	if (len && !t->a.byline)
		set_field(&t->a.byline, s, len);
}

/*
 * The line under the title (or the subtitle) that a 'meta' rule opens:
 * «— الشرق الأوسط · 2024-09-13 · فلان», as akhbar's text export writes
 * it: the fields before the date are the publisher, those after it the
 * byline (without a date: the publisher, then the byline).  Returns 1
 * when line i is one.
 */
static int
take_meta(struct page *pg, struct art *t, size_t i)
{
	static const char sep[] = " \xc2\xb7 ";	/* " · " */
	const struct line *l = &pg->l[i];
	const char *s, *e, *end;
	size_t n = pt_match(&pg->rules, RK_META, l->s, l->len), len;
	int dated = 0;
	char *date;

	if (!n)
		return 0;
	s = l->s + n;
	end = l->s + l->len;
	while (s < end) {
		e = pt_find_bytes(s, (size_t)(end - s), sep, sizeof sep - 1);
		if (!e)
			e = end;
		len = (size_t)(e - s);
		pt_trim(&s, &len);
		date = !dated && len ? ak_parse_date_line(s, len) : NULL;
		if (date) {
			if (!t->a.published) {
				ak_set_str(&t->a.published, date);
				set_field(&t->a.date_raw, s, len);
			}
			dated = 1;
			free(date);
		} else if (len && !dated && !t->a.publisher) {
			set_field(&t->a.publisher, s, len);
		} else if (len && !t->a.byline) {
			set_field(&t->a.byline, s, len);
		}
		s = e < end ? e + sizeof sep - 1 : end;
	}
	return 1;
}

static int
parse_article(struct page *pg, size_t from, size_t to, size_t title_at,
	size_t repeat_at)
{
	struct art t;
	struct word w1, w2;
	const struct line *l;
	const char *s;
	size_t i, ti = to, len, tail;
	int rc = AK_OK;

	memset(&t, 0, sizeof(t));
	ak_article_init(&t.a);

	/* header: dates, captions, a kicker line, the title */
	for (i = from; i < to; i++) {
		l = &pg->l[i];
		if (l->kind == LK_DATE) {
			if (!t.a.published) {
				ak_set_str(&t.a.published, l->date);
				set_field(&t.a.date_raw, l->s, l->len);
			}
		} else if (l->kind == LK_TEXT && is_caption(pg, i)) {
			add_caption(&t, l);
		} else if (l->kind == LK_TEXT && i < title_at && title_at < to) {
			/* a short line above a repeated headline: its section */
			if (!t.a.section)
				set_field(&t.a.section, l->s, l->len);
		} else if (l->kind == LK_BYLINE) {
			set_byline(&t, l);
		} else if (l->kind == LK_SOURCE) {
			i = take_source(pg, &t, i, to);
		} else if (l->kind != LK_RELATED_END && l->kind != LK_FOOTER &&
		    l->kind != LK_CREDIT) {
			break;
		}
	}
	if (i < to && pg->l[i].kind == LK_TEXT &&
	    pg->l[i].ncp <= TITLE_MAX_CPS) {
		ti = i;
		set_field(&t.a.title, pg->l[i].s, pg->l[i].len);
		i++;
	}
	if (ti < to && ti == title_at && repeat_at > ti) {
		for (i = ti + 1; i < repeat_at; i++) {
			l = &pg->l[i];
			if (l->kind == LK_DATE && !t.a.published) {
				ak_set_str(&t.a.published, l->date);
				set_field(&t.a.date_raw, l->s, l->len);
			} else if (l->cap) {
				add_caption(&t, l);
			} else if (l->kind == LK_TEXT && i == ti + 1) {
				set_field(&t.a.subtitle, l->s, l->len);
			}
		}
		i = repeat_at + 1;
	} else if (ti < to && i < to && take_meta(pg, &t, i)) {
		i++;
	} else if (ti < to && i + 1 < to && pg->l[i].kind == LK_TEXT &&
	    take_meta(pg, &t, i + 1)) {
		/* a line between the title and the meta line: the subtitle */
		set_field(&t.a.subtitle, pg->l[i].s, pg->l[i].len);
		i += 2;
	} else if (ti < to && i < to && subtitle_at(pg, i, to)) {
		set_field(&t.a.subtitle, pg->l[i].s, pg->l[i].len);
		i++;
	}
	if (ti < to)
		i = header_zone(pg, &t, i, to);
	tail = tail_start(pg, i, to, t.a.title);

	/* body */
	for (; i < to; i++) {
		l = &pg->l[i];
		switch (l->kind) {
		case LK_RELATED:
			parse_refs(pg, &t, i + 1, to);
			i = to;
			continue;
		case LK_RELATED_END:
		case LK_FOOTER:
		case LK_CREDIT:
			continue;
		case LK_DATE:
			if (!t.a.published) {
				ak_set_str(&t.a.published, l->date);
				set_field(&t.a.date_raw, l->s, l->len);
			}
			continue;
		case LK_SOURCE:
			i = take_source(pg, &t, i, to);
			continue;
		case LK_BYLINE:
			set_byline(&t, l);
			continue;
		case LK_SUMMARY:
			if (i + 1 < to && pg->l[i + 1].kind == LK_TEXT &&
			    !is_caption(pg, i + 1)) {
				i++;
				ak_article_add_block(&t.a, AK_BLOCK_SUMMARY,
				    pg->l[i].s, pg->l[i].len, NULL);
				t.summary = (int)t.a.nblocks;
				t.summary_checks = SUMMARY_CHECKS;
				t.body_blocks++;
			}
			continue;
		case LK_TEXT:
			break;
		}
		/* the site's lines after the story */
		if (i >= tail && (!paragraph_like(pg, i) || tail_cue(l)))
			continue;
		/* the repeated title, a doubled line, a link to the story */
		if (t.a.title && pt_bytes_eq(l->s, l->len, t.a.title,
		    strlen(t.a.title)))
			continue;
		if (t.a.title && links_title(l, t.a.title, strlen(t.a.title)))
			continue;
		if (i > from && line_eq(l, &pg->l[i - 1]) &&
		    pg->l[i - 1].kind == LK_TEXT)
			continue;
		if (is_caption(pg, i)) {
			add_caption(&t, l);
			continue;
		}
		/* a caption printed once without its credit, then with it */
		if (i + 1 < to && is_caption(pg, i + 1) &&
		    pt_bytes_eq(l->s, l->len, pg->l[i + 1].s,
		    pg->l[i + 1].cap_len))
			continue;
		if (body_first(&t) && pt_find_byline_place(l, &w1, &w2)) {
			if (!t.a.byline)
				set_field(&t.a.byline, w1.s, w1.len);
			if (pt_known_word(&pg->rules, RK_AGENCY, w2.s,
			    w2.len)) {
				if (!t.a.source)
					set_field(&t.a.source, w2.s, w2.len);
			} else if (!t.a.dateline) {
				set_field(&t.a.dateline, w2.s, w2.len);
			}
			continue;
		}
		s = l->s;
		len = l->len;
		if (body_first(&t))
			first_paragraph(pg, &t, &s, &len);
		if (len == 0)
			continue;
		add_text_block(pg, &t, i, to, s, len);
	}

	if (!t.a.title) {
		for (i = 0; i < t.a.nblocks; i++) {
			if (t.a.blocks[i].kind == AK_BLOCK_PARAGRAPH) {
				title_from_text(&t, t.a.blocks[i].text,
				    strlen(t.a.blocks[i].text));
				warn(pg, "article %d has no title line; took "
				    "its first words", pg->narticles + 1);
				break;
			}
		}
	}
	if (!t.a.title) {
		if (t.a.nblocks > 0 || t.a.nrefs > 0)
			warn(pg, "dropped a part with no title and no text");
		goto out;
	}
	rc = emit(pg, &t);
out:
	ak_article_release(&t.a);
	return rc;
}

/* An article starts at its headline, or at the date line just above it. */
static size_t
seg_start(const struct page *pg, size_t title, size_t floor)
{
	while (title > floor + 1 && pg->l[title - 1].kind == LK_DATE)
		title--;
	return title;
}

/*
 * The articles of lines [from, to), the first with its headline printed
 * twice at title_at and repeat_at (or none), the others starting where
 * only blank lines and a title-like line mark it (boundary_at).  Nothing
 * after a related-items block starts an article: its titles are refs.
 */
static int
parse_segment(struct page *pg, size_t from, size_t to, size_t title_at,
	size_t repeat_at)
{
	size_t i = from, start = from, title = to, b;
	int seen_para = 0, seen_text = 0, rc;

	if (title_at >= from && title_at < to) {
		title = title_at;
		i = repeat_at + 1;
	}
	for (; i < to; i++) {
		if (pg->l[i].kind == LK_RELATED)
			break;
		if (pg->l[i].kind != LK_TEXT || is_caption(pg, i))
			continue;
		if (title == to) {
			title = i;
			continue;
		}
		if (seen_text && boundary_at(pg, i, to, title, seen_para)) {
			/* the last story's site line stays with it */
			if (headline_below(pg, i, to))
				i++;
			b = seg_start(pg, i, start);
			rc = parse_article(pg, start, b, title_at, repeat_at);
			if (rc != AK_OK)
				return rc;
			start = b;
			title = i;
			title_at = pg->n;
			repeat_at = 0;
			seen_para = 0;
			seen_text = 0;
			continue;
		}
		if (paragraph_like(pg, i))
			seen_text = 1;
		/* the line under the title may be its deck (unpunctuated) */
		if (paragraph_like(pg, i) && (i > title + 1 ||
		    ends_text(&pg->l[i])))
			seen_para = 1;
	}
	return parse_article(pg, start, to, title_at, repeat_at);
}

int
ak_parse_text(const char *s, size_t len, const struct ak_parse_opts *o,
	const struct ak_sink *sink, struct ak_error *err)
{
	struct page pg;
	size_t *starts = NULL, *repeats_at = NULL, nstarts = 0;
	size_t i, j, from, to, title_at, k;
	int rc = AK_OK;

	if (!sink || !sink->article)
		return ak_error_set(err, AK_EINVAL, "no sink");
	memset(&pg, 0, sizeof(pg));
	pg.rules.sites = o ? o->sites : NULL;
	pg.o = o;
	pg.sink = sink;
	pg.err = err;
	page_build(&pg, s ? s : "", s ? len : 0);

	starts = ak_xcalloc(pg.n + 1, sizeof(*starts));
	repeats_at = ak_xcalloc(pg.n + 1, sizeof(*repeats_at));
	for (i = 0; i < pg.n; i++) {
		j = header_repeat(&pg, i);
		if (!j)
			continue;
		starts[nstarts] = i;
		repeats_at[nstarts] = j;
		nstarts++;
		i = j;
	}
	/*
	 * Articles run from one repeated headline to the next.  What stands
	 * before the first belongs to it when it has no text of its own
	 * (a date line, a photo, a section name).
	 */
	k = 0;
	from = 0;
	if (nstarts > 0 && starts[0] > 0) {
		int text = 0;

		for (i = 0; i < starts[0]; i++)
			if (pg.l[i].kind != LK_DATE && !is_caption(&pg, i) &&
			    (pg.l[i].kind != LK_TEXT ||
			    pg.l[i].ncp > LEAD_MAX_CPS ||
			    pt_ends_sentence(pg.l[i].s, pg.l[i].len)))
				text = 1;
		if (text) {
			from = seg_start(&pg, starts[0], 0);
			rc = parse_segment(&pg, 0, from, pg.n, 0);
			if (rc != AK_OK)
				goto out;
		}
	}
	if (nstarts == 0) {
		rc = parse_segment(&pg, 0, pg.n, pg.n, 0);
		goto done;
	}
	for (k = 0; k < nstarts; k++) {
		to = k + 1 < nstarts ? seg_start(&pg, starts[k + 1], starts[k]) :
		    pg.n;
		title_at = starts[k];
		rc = parse_segment(&pg, from, to, title_at, repeats_at[k]);
		if (rc != AK_OK)
			goto out;
		from = to;
	}
done:
	if (rc == AK_OK && pg.narticles == 0)
		rc = ak_error_set(err, AK_EPARSE, "%s%sno article found",
		    o && o->source_name ? o->source_name : "",
		    o && o->source_name ? ": " : "");
out:
	free(starts);
	free(repeats_at);
	page_release(&pg);
	return rc;
}
