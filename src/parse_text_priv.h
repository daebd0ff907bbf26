/*
 * What the parts of the text-page parser share (not a public header):
 * character tests and line normalisation (parse_text_chars.c), the site
 * rules language (parse_text_rules.c), the dateline and byline heuristics
 * (parse_text_dateline.c), where articles begin and end
 * (parse_text_bounds.c) and page assembly (parse_text.c).
 */
#ifndef AKHBAR_PARSE_TEXT_PRIV_H
#define AKHBAR_PARSE_TEXT_PRIV_H

#include <stddef.h>

struct ak_buf;
struct ak_parse_opts;
struct ak_sites;
struct site;

/* ------------------------------------------------------------ lines */

enum line_kind {
	LK_TEXT,
	LK_DATE,		/* a line holding only a date */
	LK_RELATED,		/* «مقالات ذات صلة» */
	LK_RELATED_END,
	LK_SUMMARY,		/* «ملخص» */
	LK_SOURCE,		/* «المصادر: وكالات»; or the value next */
	LK_BYLINE,		/* «بقلم: ...» */
	LK_FOOTER,		/* the site's line after a story: a link,
				 * an address, a copyright, tags */
	LK_CREDIT		/* «(أ. ف. ب)» alone: the caption above's */
};

struct line {
	const char *s;		/* normalised, in the page's buffer */
	size_t len;
	size_t ncp;
	size_t nwords;
	enum line_kind kind;
	char *date;		/* LK_DATE: ISO, owned */
	size_t vstart;		/* LK_SOURCE, LK_BYLINE: the value's start */
	int noise_before;	/* noise lines dropped just before this one */
	int blank_before;	/* blank lines just before this one */
	/* photo caption candidate: "text (credit)" or "text - credit" */
	int cap;
	int cap_known;		/* the credit is a known one */
	size_t cap_len;		/* the description */
	size_t cred_off, cred_len;
};

struct word {
	const char *s;
	size_t len;
};

/* ------------------------------------------------- characters (chars.c) */

int pt_is_letter_cp(unsigned cp);
int pt_is_arabic_cp(unsigned cp);
int pt_is_dash_cp(unsigned cp);

/* The code point that ends s (0 for an empty string). */
unsigned pt_last_cp(const char *s, size_t len);
size_t pt_count_cps(const char *s, size_t len);
size_t pt_count_words(const char *s, size_t len);

/*
 * Normalise one line: every kind of white space becomes one space, runs
 * collapse, the ends are trimmed, controls and invisible marks go, invalid
 * UTF-8 becomes U+FFFD, HTML entities left in the text are decoded.
 * Appends to out; returns the length appended.
 */
size_t pt_normalise(const char *s, size_t len, struct ak_buf *out);

int pt_bytes_eq(const char *a, size_t alen, const char *b, size_t blen);
const char *pt_find_bytes(const char *s, size_t len, const char *pat,
	size_t plen);
/* Drop spaces at both ends of *s. */
void pt_trim(const char **s, size_t *len);
/* Sentence-final punctuation: a line ending so is not a heading or title. */
int pt_ends_sentence(const char *s, size_t len);
/* Up to max space-separated words of s; returns how many. */
size_t pt_split_words(const char *s, size_t len, struct word *w, size_t max);

/* ------------------------------------------------------ rules (rules.c) */

#define RULE_KINDS(X) \
	X(DETECT,	"detect") \
	X(NOISE,	"noise") \
	X(CUT,		"cut") \
	X(RELATED,	"related-start") \
	X(RELATED_END,	"related-end") \
	X(SUMMARY,	"summary") \
	X(SOURCE,	"source") \
	X(BYLINE,	"byline") \
	X(META,		"meta") \
	X(CREDIT,	"credit") \
	X(SECTION,	"section") \
	X(AGENCY,	"agency") \
	X(FOOTER,	"footer")

enum rule_kind {
#define X(id, name) RK_##id,
	RULE_KINDS(X)
#undef X
	RK_NKINDS
};

struct rule;

/* The rules in force for one page: the generic files and its site's. */
struct pt_rules {
	const struct ak_sites *sites;	/* may be NULL */
	const struct site *site;	/* detected, or NULL */
	const struct rule **by_kind;	/* pt_rules_index: kind by kind */
	size_t start[RK_NKINDS + 1];	/* where each kind's rules start */
};

/*
 * Gather the rules in force (sites and site set) for the matchers below;
 * pt_rules_release frees what this allocates.
 */
void pt_rules_index(struct pt_rules *r);
void pt_rules_release(struct pt_rules *r);

/*
 * Which site's page is this?  The one named by o->publisher, else the one
 * with the most evidence among the page's lines (all of them, blank ones
 * too), or NULL.
 */
const struct site *pt_detect_site(const struct ak_sites *sites,
	const struct ak_parse_opts *o, const struct line *all, size_t n);
/* The publisher name of a site. */
const char *pt_site_name(const struct site *st);

/*
 * The length of the text of the first rule of kind in force that matches
 * s (0 when none does; a rule's text is never empty).
 */
size_t pt_match(const struct pt_rules *r, enum rule_kind kind,
	const char *s, size_t len);
/* The longest rule of kind whose text starts s at a word end, or 0. */
size_t pt_match_prefix_word(const struct pt_rules *r, enum rule_kind kind,
	const char *s, size_t len);
/* Is s exactly the text of a rule of kind in force? */
int pt_known_word(const struct pt_rules *r, enum rule_kind kind,
	const char *s, size_t len);
/* The same for a 'credit', spaces and full stops aside («أ. ف. ب»). */
int pt_known_credit(const struct pt_rules *r, const char *s, size_t len);
/* s's length once every 'cut' rule in force has cut its text off. */
size_t pt_cut(const struct pt_rules *r, const char *s, size_t len);

/* ------------------------------------- datelines and bylines (dateline.c) */

struct dateline {
	const char *place;
	size_t place_len;
	const char *agency;	/* "(أ ف ب)" after the place, or NULL */
	size_t agency_len;
	const char *rest;	/* the paragraph after the dateline */
	size_t rest_len;
	unsigned sep;		/* the dash used */
};

/*
 * «بغداد – انطلقت ...», «بيروت (أ ف ب) - ...»: one or two words naming a
 * place, a dash, then the sentence.
 */
int pt_find_dateline(const char *s, size_t len, struct dateline *d);

struct agency_line {
	const char *agency, *place, *rest;
	size_t agency_len, place_len, rest_len;
	const char *byline;	/* first writer; nbylines parts from there */
	size_t byline_len;	/* up to the end of the last writer */
};

/*
 * «أحمد علي- سبق- القاهرة: ...», «واس- جدة: ...»: dash-separated writers,
 * agency and place before a colon, where one part is (or starts with) a
 * known agency (rule 'agency').
 */
int pt_find_agency_line(const struct pt_rules *r, const char *s, size_t len,
	struct agency_line *a);

/*
 * «إبراهيم إسماعيل كتبي» alone: two to four words of letters, none a
 * function word, the first without the article: a name, as the line under
 * a headline gives its writer.
 */
int pt_name_line(const struct line *l);

/* «طلال عبدالله ـ جدة» standing alone: a byline and a place. */
int pt_find_byline_place(const struct line *l, struct word *name,
	struct word *place);

/*
 * A line under a headline naming who wrote it and where, as sites print
 * it: «جدة - عمر عبدالعزيز:», «سبق- الرياض:», «لندن: «الشرق الأوسط»»,
 * «عكاظ (جدة)», «هشام محمود من لندن».  Short, with a dash, a colon,
 * parentheses or quotes between its names, and no sentence in it.
 */
int pt_header_byline(const struct line *l);

/*
 * The same opening the first paragraph, before a colon: «جدة - عمر
 * عبدالعزيز: يصل ...», «لندن: «الشرق الأوسط»: تنطلق ...».  Returns 1
 * with the byline's length (without the colon) and the paragraph after
 * it, else 0.
 */
int pt_find_byline_prefix(const char *s, size_t len, size_t *blen,
	const char **rest, size_t *rest_len);

/*
 * A name and a colon opening what follows a dateline: «سعاد المطيري:»
 * in «الرياض - سعاد المطيري: أعلنت ...».  Like pt_find_byline_prefix.
 */
int pt_find_byline_name(const char *s, size_t len, size_t *blen,
	const char **rest, size_t *rest_len);

/* ------------------------------------------ article bounds (bounds.c) */

/* Each line's stems (lightly stemmed words), made once for a page. */
struct pt_lex;
struct pt_lex *pt_lex_new(const struct line *l, size_t n);
void pt_lex_free(struct pt_lex *lx, size_t n);
/*
 * Free the stems of the lines before line before: the page is read
 * forward, and a line far behind is compared no more (if it is, its stems
 * are made again).  Keeps memory bounded on a huge page.
 */
void pt_lex_forget(struct pt_lex *lx, size_t before);

/*
 * How much of a headline's (line title) wording stands in the paragraphs
 * after it (lines next) and before it (prev): the share of its words,
 * lightly stemmed, found in each.
 */
void pt_lead_overlap(struct pt_lex *lx, size_t title, const size_t *next,
	size_t nnext, const size_t *prev, size_t nprev, double *in_next,
	double *in_prev);

/*
 * How much the story so far (lines story: its title and paragraphs,
 * nearest first) shares with a candidate headline's lead and with the
 * candidate itself: the share of the lead's first words, and of the
 * candidate's words, found in it.  A story's subheading leads on with the
 * story's words; a new story does not.
 */
void pt_story_overlap(struct pt_lex *lx, size_t title, size_t lead,
	const size_t *story, size_t nstory, double *lead_in_story,
	double *title_in_story);

/*
 * Is this the shape of a site's line after a story: a link or an e-mail
 * address with a few words, a copyright (©), an agency's time stamp, how
 * to write to the writer by SMS?
 */
int pt_footer_shape(const char *s, size_t len, size_t nwords);

#endif
