/*
 * Finding an article's body in a web page, and writing it as blocks.
 *
 * The page's elements are mirrored in an array in document order (a
 * node's subtree is the range [i, end)), so every measure the scoring
 * needs (text, text inside links, commas, paragraphs, images, list items,
 * form inputs, embeds) is summed bottom-up in one pass: the whole of it is
 * linear in the size of the page, however the markup nests.
 *
 * The scoring is the one readability made common: each paragraph (a <p>,
 * or a <div> holding text itself, as Arabic sites often write
 * «<div>...<br><br>...</div>») scores by its commas (the Arabic «،» too)
 * and its length, and gives that score to its container, half to the
 * next one up and less further up; containers start from what their tag
 * and their class and id say («article-body», «story», «nass», «tafasil»
 * raise, «comment», «share», «related», «aqra-aydan» lower), and the
 * final score is cut by the share of text in links.  The best container,
 * a parent that holds several nearly as good, and siblings that score
 * well or read as prose make the article.  Below it, lists, tables and
 * boxes that are mostly links, images, form fields or embeds are left
 * out, and so are lines of page furniture («اقرأ أيضا», "Advertisement").
 * Elements no reader sees (script, style, nav, aside, footer, hidden by
 * attribute or style, ARIA navigation roles) never count at all.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/parse.h"
#include "akhbar/xml.h"
#include "extract_priv.h"

/* Thresholds, named (values as readability's, measured on our set). */
#define UNIT_MIN	25	/* characters: a shorter text is no paragraph */
#define UNIT_LEN_STEP	100	/* one point per this many characters ... */
#define UNIT_LEN_MAX	3	/* ... up to this many */
#define ANCESTORS	5	/* levels a paragraph's score reaches up */
#define HINT_WEIGHT	25	/* what a class or id hint is worth */
#define SIBLING_SHARE	0.2	/* a sibling needs this share of the best */
#define SIBLING_MIN	10.0
#define ALT_SHARE	0.75	/* near-best candidates ... */
#define ALT_NEEDED	3	/* ... this many under one parent: take it */
#define PROTECT_SHARE	0.5	/* a box with this share of the page's text
				 * or of its paragraphs ... */
#define PROTECT_PARAS	3	/* ... (and this many) is never dropped for
				 * its class */
#define LINK_PARA	0.6	/* a short paragraph mostly links: furniture */
#define LINK_PARA_WORDS	40
#define DATE_TRIES	200	/* short texts tried as a date line */
#define DATE_LINE_MAX	160	/* bytes: a longer text is no date line */
#define EDGE_WORDS	30	/* a longer block is never an edge line */
#define LOOSE_DATE_WORDS 8	/* words around a date in a short line */
#define DATE_EDGE	3	/* blocks from either end where date lines
				 * are dropped */

enum tag_kind { K_OTHER, K_BLOCK, K_INLINE, K_DROP };

enum {
	T_OTHER, T_A, T_BR, T_IMG, T_P, T_DIV, T_SECTION, T_ARTICLE, T_MAIN,
	T_HEADER, T_H1, T_H2, T_H3, T_H4, T_H5, T_H6, T_UL, T_OL, T_LI, T_DL,
	T_DT, T_DD, T_BLOCKQUOTE, T_PRE, T_FIGURE, T_FIGCAPTION, T_TABLE,
	T_TR, T_TD, T_TH, T_FORM, T_INPUT, T_EMBED, T_BODY, T_HTML, T_CENTER,
	T_FONT, T_SMALL, T_CITE, T_CAPTION, T_HR, T_INLINE, T_DROP, T_BLOCK
};

static const struct {
	const char *name;
	unsigned char tag;
	unsigned char kind;
} tags[] = {
	{ "a", T_A, K_INLINE }, { "br", T_BR, K_INLINE },
	{ "img", T_IMG, K_INLINE }, { "p", T_P, K_BLOCK },
	{ "div", T_DIV, K_BLOCK }, { "section", T_SECTION, K_BLOCK },
	{ "article", T_ARTICLE, K_BLOCK }, { "main", T_MAIN, K_BLOCK },
	{ "header", T_HEADER, K_BLOCK }, { "h1", T_H1, K_BLOCK },
	{ "h2", T_H2, K_BLOCK }, { "h3", T_H3, K_BLOCK },
	{ "h4", T_H4, K_BLOCK }, { "h5", T_H5, K_BLOCK },
	{ "h6", T_H6, K_BLOCK }, { "ul", T_UL, K_BLOCK },
	{ "ol", T_OL, K_BLOCK }, { "li", T_LI, K_BLOCK },
	{ "dl", T_DL, K_BLOCK }, { "dt", T_DT, K_BLOCK },
	{ "dd", T_DD, K_BLOCK }, { "blockquote", T_BLOCKQUOTE, K_BLOCK },
	{ "pre", T_PRE, K_BLOCK }, { "figure", T_FIGURE, K_BLOCK },
	{ "figcaption", T_FIGCAPTION, K_BLOCK }, { "table", T_TABLE, K_BLOCK },
	{ "tr", T_TR, K_BLOCK }, { "td", T_TD, K_BLOCK },
	{ "th", T_TH, K_BLOCK }, { "form", T_FORM, K_BLOCK },
	{ "body", T_BODY, K_BLOCK }, { "html", T_HTML, K_BLOCK },
	{ "center", T_CENTER, K_BLOCK }, { "caption", T_CAPTION, K_BLOCK },
	{ "hr", T_HR, K_BLOCK }, { "thead", T_BLOCK, K_BLOCK },
	{ "tbody", T_BLOCK, K_BLOCK }, { "tfoot", T_BLOCK, K_BLOCK },
	{ "address", T_BLOCK, K_BLOCK }, { "fieldset", T_BLOCK, K_BLOCK },
	{ "details", T_BLOCK, K_BLOCK }, { "summary", T_BLOCK, K_BLOCK },
	{ "hgroup", T_BLOCK, K_BLOCK }, { "font", T_FONT, K_INLINE },
	{ "small", T_SMALL, K_INLINE }, { "cite", T_CITE, K_INLINE },
	{ "span", T_INLINE, K_INLINE }, { "b", T_INLINE, K_INLINE },
	{ "strong", T_INLINE, K_INLINE }, { "i", T_INLINE, K_INLINE },
	{ "em", T_INLINE, K_INLINE }, { "u", T_INLINE, K_INLINE },
	{ "abbr", T_INLINE, K_INLINE }, { "q", T_INLINE, K_INLINE },
	{ "code", T_INLINE, K_INLINE }, { "sub", T_INLINE, K_INLINE },
	{ "sup", T_INLINE, K_INLINE }, { "mark", T_INLINE, K_INLINE },
	{ "time", T_INLINE, K_INLINE }, { "bdi", T_INLINE, K_INLINE },
	{ "bdo", T_INLINE, K_INLINE }, { "dfn", T_INLINE, K_INLINE },
	{ "kbd", T_INLINE, K_INLINE }, { "samp", T_INLINE, K_INLINE },
	{ "var", T_INLINE, K_INLINE }, { "s", T_INLINE, K_INLINE },
	{ "del", T_INLINE, K_INLINE }, { "ins", T_INLINE, K_INLINE },
	{ "big", T_INLINE, K_INLINE }, { "tt", T_INLINE, K_INLINE },
	{ "nobr", T_INLINE, K_INLINE }, { "wbr", T_INLINE, K_INLINE },
	{ "data", T_INLINE, K_INLINE }, { "label", T_INLINE, K_INLINE },
	{ "input", T_INPUT, K_DROP }, { "textarea", T_INPUT, K_DROP },
	{ "select", T_INPUT, K_DROP }, { "button", T_INPUT, K_DROP },
	{ "iframe", T_EMBED, K_DROP }, { "embed", T_EMBED, K_DROP },
	{ "object", T_EMBED, K_DROP }, { "video", T_EMBED, K_DROP },
	{ "audio", T_EMBED, K_DROP }, { "script", T_DROP, K_DROP },
	{ "style", T_DROP, K_DROP }, { "noscript", T_DROP, K_DROP },
	{ "template", T_DROP, K_DROP }, { "svg", T_DROP, K_DROP },
	{ "math", T_DROP, K_DROP }, { "canvas", T_DROP, K_DROP },
	{ "nav", T_DROP, K_DROP }, { "aside", T_DROP, K_DROP },
	{ "footer", T_DROP, K_DROP }, { "head", T_DROP, K_DROP },
	{ "title", T_DROP, K_DROP }, { "meta", T_DROP, K_DROP },
	{ "link", T_DROP, K_DROP }, { "dialog", T_DROP, K_DROP },
	{ "menu", T_DROP, K_DROP }, { "map", T_DROP, K_DROP },
	{ "picture", T_DROP, K_DROP }, { "source", T_DROP, K_DROP },
	{ "option", T_DROP, K_DROP }, { "datalist", T_DROP, K_DROP },
};

/* ARIA roles of what is not the article. */
static const char *const drop_roles[] = {
	"navigation", "complementary", "banner", "contentinfo", "menu",
	"menubar", "dialog", "alertdialog", "search", "toolbar", "tablist",
	"alert", NULL
};

/*
 * Class and id hints, matched against the words of the attribute
 * (lower-cased, split at anything not a letter or digit).  PREFIX: a
 * word starting so; SUB: anywhere in a word; EXACT: the whole word.
 * Transliterations that Arabic sites use stand beside the English.
 */
enum { EXACT, PREFIX, SUB };

struct hint {
	const char *s;
	int how;
};

/* Boxes that are page furniture: dropped with all they hold. */
static const struct hint unlikely[] = {
	{ "comment", SUB }, { "disqus", SUB }, { "share", SUB },
	{ "sharing", SUB }, { "social", SUB }, { "related", SUB },
	{ "sidebar", SUB }, { "footer", SUB }, { "masthead", SUB },
	{ "breadcrumb", SUB }, { "menu", SUB }, { "navbar", SUB },
	{ "nav", EXACT }, { "navigation", SUB }, { "banner", SUB },
	{ "sponsor", SUB }, { "advert", SUB }, { "ad", EXACT },
	{ "ads", EXACT }, { "adv", EXACT }, { "adsbygoogle", EXACT },
	{ "dfp", PREFIX }, { "gpt", EXACT }, { "outbrain", SUB },
	{ "taboola", SUB }, { "newsletter", SUB }, { "subscribe", SUB },
	{ "subscription", SUB }, { "signup", SUB }, { "login", SUB },
	{ "cookie", SUB }, { "consent", SUB }, { "gdpr", SUB },
	{ "popup", SUB }, { "modal", PREFIX }, { "overlay", SUB },
	{ "promo", PREFIX }, { "recommend", SUB },
	{ "popular", SUB }, { "trending", SUB }, { "mostread", SUB },
	{ "mostviewed", SUB }, { "pagination", SUB }, { "pager", EXACT },
	{ "toolbar", SUB }, { "tools", EXACT }, { "print", EXACT },
	{ "rss", EXACT }, { "skip", EXACT }, { "skyscraper", SUB },
	{ "shoutbox", SUB }, { "agegate", SUB },
	{ "byline", SUB }, { "dateline", EXACT }, { "author", PREFIX },
	{ "tags", EXACT }, { "tag", EXACT }, { "keywords", SUB },
	{ "hidden", EXACT }, { "hide", EXACT }, { "sr", EXACT },
	{ "visually", EXACT }, { "offscreen", SUB }, { "readmore", SUB },
	{ "readalso", SUB }, { "seealso", SUB }, { "more", EXACT },
	{ "also", EXACT }, { "supplemental", SUB }, { "extra", EXACT },
	{ "aqra", PREFIX }, { "iqra", PREFIX }, { "aydan", SUB },
	{ "aidan", SUB }, { "ayda", EXACT }, { "mutaalika", SUB },
	{ "mutaaliqa", SUB }, { "zatsila", SUB }, { "thatsila", SUB },
	{ "taalik", PREFIX }, { "taaliq", PREFIX }, { "ta3lik", PREFIX },
	{ "mosharka", PREFIX }, { "musharaka", PREFIX }, { "sharek", PREFIX },
	{ "akthar", PREFIX }, { "wasm", EXACT }, { "wusum", EXACT },
	{ NULL, 0 }
};

/* Words that make a box worth keeping although it looks unlikely. */
static const struct hint maybe[] = {
	{ "article", SUB }, { "body", SUB }, { "content", SUB },
	{ "main", PREFIX }, { "column", SUB }, { "story", SUB },
	{ NULL, 0 }
};

static const struct hint positive[] = {
	{ "article", SUB }, { "body", SUB }, { "content", SUB },
	{ "entry", SUB }, { "hentry", EXACT }, { "main", PREFIX },
	{ "page", EXACT }, { "post", PREFIX }, { "text", SUB },
	{ "blog", PREFIX }, { "story", SUB }, { "detail", SUB },
	{ "prose", SUB }, { "richtext", SUB }, { "nass", PREFIX },
	{ "nas", EXACT }, { "matn", PREFIX }, { "tafasil", PREFIX },
	{ "tafaseel", PREFIX }, { "tafseel", PREFIX }, { "khabar", PREFIX },
	{ "maqal", PREFIX }, { "makal", PREFIX }, { "mqal", PREFIX },
	{ "mawdoo", PREFIX }, { NULL, 0 }
};

static const struct hint negative[] = {
	{ "comment", SUB }, { "contact", SUB }, { "foot", PREFIX },
	{ "footnote", SUB }, { "masthead", SUB }, { "media", EXACT },
	{ "meta", EXACT }, { "outbrain", SUB }, { "promo", PREFIX },
	{ "related", SUB }, { "scroll", SUB }, { "share", SUB },
	{ "shoutbox", SUB }, { "sidebar", SUB }, { "skyscraper", SUB },
	{ "sponsor", SUB }, { "shopping", SUB }, { "tags", EXACT },
	{ "tool", PREFIX }, { "widget", SUB }, { "banner", SUB },
	{ "social", SUB }, { "caption", SUB }, { "credit", SUB },
	{ "newsletter", SUB }, { "subscribe", SUB }, { "ad", EXACT },
	{ "ads", EXACT }, { "advert", SUB }, { "aqra", PREFIX },
	{ "aydan", SUB }, { "mutaalika", SUB }, { "taalik", PREFIX },
	{ NULL, 0 }
};

/* Lines that are page furniture wherever they stand. */
static const char *const furniture[] = {
	"advertisement", "advertising", "ad", "sponsored", "related",
	"related articles", "related stories", "related content",
	"related news", "read more", "read also", "see also", "recommended",
	"share", "share this", "share this article", "share this story",
	"tweet", "email", "print", "comments", "leave a comment",
	"subscribe", "sign up", "follow us", "continue reading",
	"story continues below advertisement", "skip advertisement",
	"most read", "most popular", "trending", "tags", "topics",
	"you may also like", "click here", "loading",
	"اقرأ أيضا", "اقرأ أيضاً", "اقرأ أيضًا", "اقرأ ايضا", "إقرأ أيضا",
	"إقرأ أيضاً", "اقرأ المزيد", "إقرأ المزيد", "شاهد أيضا", "شاهد أيضاً",
	"مواضيع ذات صلة", "مقالات ذات صلة", "أخبار ذات صلة", "اخبار ذات صلة",
	"ذات صلة", "أخبار متعلقة", "موضوعات متعلقة", "مواضيع متعلقة",
	"الأكثر قراءة", "الأكثر مشاهدة", "الأكثر تداولا", "شارك", "شارك الخبر",
	"شارك المقال", "مشاركة", "إعلان", "اعلان", "تابعونا", "تابعنا",
	"الكلمات المفتاحية", "كلمات مفتاحية", "الوسوم", "وسوم", "التعليقات",
	"أضف تعليق", "اضف تعليق", "أضف تعليقك", "طباعة", "المزيد",
	NULL
};

/* ------------------------------------------------------------ mirror */

enum {
	F_DROP = 1,		/* never content */
	F_LINK = 2,		/* inside an <a> */
	F_CAND = 4,		/* has a score */
	F_BODY = 8,		/* itemprop=articleBody at or below */
	F_UNLIKELY = 16,	/* class says furniture */
	F_FIGURE = 32,		/* inside a <figure> */
};

struct en {
	xmlNode *x;
	int parent;		/* index, -1 at the root */
	int end;		/* one past the subtree */
	int owner;		/* the block whose flow this one's text joins */
	unsigned char tag, kind, flags;
	signed char weight;	/* class and id hints */
	uint32_t inl, inl_commas;	/* text in its own flow */
	/* the subtree, what is not dropped */
	uint32_t text, link, commas, np, nimg, nli, ninput, nembed;
	float score;
};

struct body {
	struct en *v;
	size_t n, cap;
	const char *title;
	const char *byline;
	struct ak_article *a;
	uint32_t *np1;		/* paragraphs below each, all counted */
	/* emission */
	struct ak_buf cur, credit;
	size_t cur_link, ncur;
	int in_link, in_credit, space;
	char prefix[16];
	size_t nchars;
};

static int
node_index(const xmlNode *x)
{
	return x && x->_private ? (int)(intptr_t)x->_private - 1 : -1;
}

static void
tag_of(const xmlNode *x, unsigned char *tag, unsigned char *kind)
{
	size_t i;

	const char *name = (const char *)x->name;

	for (i = 0; i < sizeof(tags) / sizeof(tags[0]); i++)
		if (tags[i].name[0] == name[0] && !strcmp(name, tags[i].name)) {
			*tag = tags[i].tag;
			*kind = tags[i].kind;
			return;
		}
	*tag = T_OTHER;
	*kind = K_OTHER;
}

/* Does one word of the class or id match one of the hints? */
static int
hints_match(const char *attr, const struct hint *h)
{
	char word[64];
	const char *p = attr;
	size_t n, i;

	if (!attr)
		return 0;
	while (*p) {
		n = 0;
		while (*p && !((*p >= 'a' && *p <= 'z') ||
		    (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9')))
			p++;
		while ((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
		    (*p >= '0' && *p <= '9')) {
			if (n + 1 < sizeof(word))
				word[n++] = (char)(*p | ((*p >= 'A' &&
				    *p <= 'Z') ? 0x20 : 0));
			p++;
		}
		word[n] = '\0';
		if (!n)
			continue;
		for (i = 0; h[i].s; i++) {
			size_t k = strlen(h[i].s);

			if ((h[i].how == EXACT && !strcmp(word, h[i].s)) ||
			    (h[i].how == PREFIX && !strncmp(word, h[i].s, k)) ||
			    (h[i].how == SUB && strstr(word, h[i].s)))
				return 1;
		}
	}
	return 0;
}

/* "sr-only", "visually-hidden" and the like are split by hints_match. */
static int
class_unlikely(const char *cls, const char *id)
{
	return (hints_match(cls, unlikely) && !hints_match(cls, maybe)) ||
	    (hints_match(id, unlikely) && !hints_match(id, maybe));
}

static int
weight_of(const xmlNode *x)
{
	const char *cls = ex_attr(x, "class"), *id = ex_attr(x, "id");
	const char *ip = ex_attr(x, "itemprop");
	int w = 0;

	if (hints_match(cls, negative))
		w -= HINT_WEIGHT;
	if (hints_match(cls, positive))
		w += HINT_WEIGHT;
	if (hints_match(id, negative))
		w -= HINT_WEIGHT;
	if (hints_match(id, positive))
		w += HINT_WEIGHT;
	if (ip && strstr(ip, "articleBody"))
		w += HINT_WEIGHT;
	return w;
}

static int
hidden(const xmlNode *x)
{
	const char *s = ex_attr(x, "style"), *v, *r;
	char buf[256];
	size_t i, n = 0;

	if (ex_attr(x, "hidden"))
		return 1;
	v = ex_attr(x, "aria-hidden");
	if (v && !strcasecmp(v, "true"))
		return 1;
	r = ex_attr(x, "role");
	if (r)
		for (i = 0; drop_roles[i]; i++)
			if (!strcasecmp(r, drop_roles[i]))
				return 1;
	if (!s)
		return 0;
	for (i = 0; s[i] && n + 1 < sizeof(buf); i++)
		if (s[i] != ' ' && s[i] != '\t' && s[i] != '\n')
			buf[n++] = (char)(s[i] | ((s[i] >= 'A' && s[i] <= 'Z') ?
			    0x20 : 0));
	buf[n] = '\0';
	return strstr(buf, "display:none") != NULL ||
	    strstr(buf, "visibility:hidden") != NULL;
}

/* Characters, commas, and whether anything but white space is there. */
static void
count_text(const char *s, uint32_t *chars, uint32_t *commas)
{
	const unsigned char *p = (const unsigned char *)s;
	int space = 1;

	for (; *p; p++) {
		if (*p == ' ' || *p == '\n' || *p == '\t' || *p == '\r') {
			if (!space)
				(*chars)++;
			space = 1;
			continue;
		}
		if ((*p & 0xC0) == 0x80)
			continue;
		space = 0;
		(*chars)++;
		if (*p == ',' || (p[0] == 0xD8 && p[1] == 0x8C))	/* ، */
			(*commas)++;
	}
}

static int
add_node(struct body *b, xmlNode *x, int parent)
{
	struct en *e;

	if (b->n == b->cap) {
		b->cap = b->cap ? b->cap * 2 : 256;
		b->v = ak_xreallocarray(b->v, b->cap, sizeof(*b->v));
	}
	e = &b->v[b->n];
	memset(e, 0, sizeof(*e));
	e->x = x;
	e->parent = parent;
	x->_private = (void *)(intptr_t)(b->n + 1);
	return (int)b->n++;
}

/*
 * Pass 1, document order: the mirror, tags, hints, what is dropped, and
 * each text's characters given to the block whose flow it is in.  No
 * recursion: libxml2's parent and sibling links are the stack.
 */
static void
build(struct body *b, xmlNode *root)
{
	xmlNode *x = root;
	int cur = -1, depth = 0, i;

	while (x) {
		int descend = 0;

		if (x->type == XML_ELEMENT_NODE && x->name) {
			struct en *e;
			const char *cls, *id, *ip;

			i = add_node(b, x, cur);
			e = &b->v[i];
			tag_of(x, &e->tag, &e->kind);
			if (cur >= 0) {
				e->flags = b->v[cur].flags & (F_DROP | F_LINK |
				    F_FIGURE);
			}
			if (e->tag == T_A)
				e->flags |= F_LINK;
			if (e->tag == T_FIGURE)
				e->flags |= F_FIGURE;
			cls = ex_attr(x, "class");
			id = ex_attr(x, "id");
			ip = ex_attr(x, "itemprop");
			if (ip && strstr(ip, "articleBody"))
				e->flags |= F_BODY;
			if (e->kind == K_DROP || hidden(x))
				e->flags |= F_DROP;
			if (e->tag != T_BODY && e->tag != T_HTML &&
			    e->tag != T_ARTICLE && e->tag != T_MAIN &&
			    e->tag != T_A && !(e->flags & F_BODY) &&
			    (class_unlikely(cls, id) || e->tag == T_HEADER))
				e->flags |= F_UNLIKELY;
			e->weight = (signed char)weight_of(x);
			e->owner = (e->kind == K_INLINE || e->kind == K_OTHER) &&
			    cur >= 0 ? b->v[cur].owner : i;
			if (e->tag == T_INPUT && cur >= 0)
				b->v[cur].ninput++;
			if (e->tag == T_EMBED && cur >= 0)
				b->v[cur].nembed++;
			descend = !(e->flags & F_DROP) && x->children &&
			    depth < EX_MAX_DEPTH;
		} else if ((x->type == XML_TEXT_NODE ||
		    x->type == XML_CDATA_SECTION_NODE) && x->content &&
		    cur >= 0) {
			struct en *e = &b->v[cur];
			uint32_t ch = 0, cm = 0;

			count_text((const char *)x->content, &ch, &cm);
			e->text += ch;
			e->commas += cm;
			if (e->flags & F_LINK)
				e->link += ch;
			b->v[e->owner].inl += ch;
			b->v[e->owner].inl_commas += cm;
		}
		if (descend) {
			cur = (int)b->n - 1;
			depth++;
			x = x->children;
			continue;
		}
		/* next: a sibling, else up until there is one */
		while (x && !x->next && x != root) {
			x = x->parent;
			if (x && x->_private) {
				cur = b->v[node_index(x)].parent;
				depth--;
			}
		}
		if (!x || x == root)
			break;
		x = x->next;
	}
}

/* A paragraph: a <p>, or a box holding text itself (readability makes
 * those <p> first). */
static int
is_para(const struct en *e)
{
	return e->tag == T_P || (e->inl >= UNIT_MIN && (e->tag == T_DIV ||
	    e->tag == T_SECTION || e->tag == T_ARTICLE || e->tag == T_TD ||
	    e->tag == T_CENTER || e->tag == T_BLOCK));
}

/*
 * Pass 2, reverse document order: subtree sums.  With drop_unlikely,
 * boxes whose class says furniture are dropped unless they hold the
 * article (itemprop=articleBody, or most of the page's text, counted in
 * the first round).
 */
static void
sum_up(struct body *b, int drop_unlikely, uint32_t total, uint32_t total_np)
{
	size_t k;

	if (drop_unlikely) {
		for (k = 0; k < b->n; k++) {
			struct en *e = &b->v[k];

			if (e->parent >= 0 && (b->v[e->parent].flags & F_DROP))
				e->flags |= F_DROP;
			if ((e->flags & F_UNLIKELY) && !(e->flags & F_BODY) &&
			    (double)e->text < PROTECT_SHARE * total &&
			    !(b->np1[k] >= PROTECT_PARAS &&
			    (double)b->np1[k] >= PROTECT_SHARE * total_np))
				e->flags |= F_DROP;
		}
	}
	/* own figures first (text, link, commas are own until summed) */
	for (k = b->n; k-- > 0;) {
		struct en *e = &b->v[k];

		if (!e->end || (size_t)e->end < k + 1)
			e->end = (int)k + 1;
		if (e->parent < 0)
			continue;
		struct en *p = &b->v[e->parent];

		if (e->end > p->end)
			p->end = e->end;
		if (e->flags & F_BODY)
			p->flags |= F_BODY;
		if (e->flags & F_DROP)
			continue;
		p->text += e->text;
		p->link += e->link;
		p->commas += e->commas;
		p->np += e->np + is_para(e);
		p->nimg += e->nimg + (e->tag == T_IMG);
		p->nli += e->nli + (e->tag == T_LI);
		p->ninput += e->ninput;
		p->nembed += e->nembed;
	}
}

/* Reset the sums (keeping own text) for a second round. */
static void
own_only(struct body *b, const uint32_t *own, uint32_t *np)
{
	size_t k;

	for (k = 0; k < b->n; k++) {
		struct en *e = &b->v[k];

		e->text = own[5 * k];
		e->link = own[5 * k + 1];
		e->commas = own[5 * k + 2];
		e->ninput = own[5 * k + 3];
		e->nembed = own[5 * k + 4];
		np[k] = e->np;
		e->np = e->nimg = e->nli = 0;
	}
}

static double
link_density(const struct en *e)
{
	return e->text ? (double)e->link / e->text : 0;
}

static int
tag_bonus(int tag)
{
	switch (tag) {
	case T_DIV:
	case T_ARTICLE:
		return 5;
	case T_PRE:
	case T_TD:
	case T_BLOCKQUOTE:
	case T_MAIN:
		return 3;
	case T_UL:
	case T_OL:
	case T_DL:
	case T_DD:
	case T_DT:
	case T_LI:
	case T_FORM:
		return -3;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
	case T_TH:
		return -5;
	default:
		return 0;
	}
}

static void
give(struct body *b, int i, double s)
{
	struct en *e = &b->v[i];

	if (!(e->flags & F_CAND)) {
		e->flags |= F_CAND;
		e->score = (float)(tag_bonus(e->tag) + e->weight);
	}
	e->score += (float)s;
}

/* Pass 3: paragraphs give their score to their containers. */
static void
score(struct body *b)
{
	size_t k;
	int lvl, i;

	for (k = 0; k < b->n; k++) {
		struct en *e = &b->v[k];
		double s;

		if ((e->flags & F_DROP) || e->kind != K_BLOCK ||
		    e->inl < UNIT_MIN)
			continue;
		switch (e->tag) {
		case T_H1: case T_H2: case T_H3: case T_H4: case T_H5:
		case T_H6: case T_LI: case T_DT: case T_FIGCAPTION:
		case T_CAPTION: case T_TH:
			continue;
		default:
			break;
		}
		s = 1 + e->inl_commas + (e->inl / UNIT_LEN_STEP > UNIT_LEN_MAX ?
		    UNIT_LEN_MAX : e->inl / UNIT_LEN_STEP);
		/* a <p> is scored in its parent; a <div> with text in itself */
		i = (e->tag == T_P || e->tag == T_PRE || e->tag == T_TD ||
		    e->tag == T_BLOCKQUOTE || e->tag == T_DD) ? e->parent :
		    (int)k;
		for (lvl = 0; i >= 0 && lvl < ANCESTORS; lvl++) {
			if (b->v[i].tag == T_HTML)
				break;
			give(b, i, lvl == 0 ? s : lvl == 1 ? s / 2 :
			    s / (lvl * 3));
			i = b->v[i].parent;
		}
	}
	for (k = 0; k < b->n; k++)
		if (b->v[k].flags & F_CAND)
			b->v[k].score *= (float)(1 - link_density(&b->v[k]));
}

static int
inside(const struct body *b, int anc, int i)
{
	return i > anc && i < b->v[anc].end;
}

static int
element_children(const struct body *b, int i)
{
	const xmlNode *c;
	int n = 0, k;

	for (c = b->v[i].x->children; c; c = c->next) {
		k = node_index(c);
		if (k >= 0 && c->type == XML_ELEMENT_NODE &&
		    !(b->v[k].flags & F_DROP))
			n++;
	}
	return n;
}

/* The best container, moved up where its parent holds the article. */
static int
choose(struct body *b)
{
	size_t k;
	int top = -1, i, body = -1, alts[8], nalt = 0, j, n;
	double last, thr;

	for (k = 0; k < b->n; k++) {
		if (b->v[k].tag == T_BODY && body < 0)
			body = (int)k;
		if ((b->v[k].flags & (F_CAND | F_DROP)) == F_CAND &&
		    (top < 0 || b->v[k].score > b->v[top].score))
			top = (int)k;
	}
	if (top < 0)
		return body >= 0 ? body : 0;
	/* several near-best candidates under one parent: the parent */
	for (k = 0; k < b->n && nalt < 8; k++)
		if ((int)k != top && (b->v[k].flags & F_CAND) &&
		    !(b->v[k].flags & F_DROP) &&
		    b->v[k].score >= ALT_SHARE * b->v[top].score)
			alts[nalt++] = (int)k;
	if (nalt >= ALT_NEEDED) {
		for (i = b->v[top].parent; i >= 0 && b->v[i].tag != T_BODY &&
		    b->v[i].tag != T_HTML; i = b->v[i].parent) {
			for (n = 0, j = 0; j < nalt; j++)
				n += inside(b, i, alts[j]);
			if (n >= ALT_NEEDED) {
				top = i;
				break;
			}
		}
	}
	/* a parent scoring better than the child is the article */
	last = b->v[top].score;
	thr = last / 3;
	for (i = b->v[top].parent; i >= 0 && b->v[i].tag != T_BODY &&
	    b->v[i].tag != T_HTML; i = b->v[i].parent) {
		if (!(b->v[i].flags & F_CAND))
			continue;
		if (b->v[i].score < thr)
			break;
		if (b->v[i].score > last) {
			top = i;
			break;
		}
		last = b->v[i].score;
	}
	/* an only child stands for its parent */
	while (b->v[top].parent >= 0 && b->v[b->v[top].parent].tag != T_BODY &&
	    b->v[b->v[top].parent].tag != T_HTML &&
	    element_children(b, b->v[top].parent) == 1)
		top = b->v[top].parent;
	return top;
}

/* --------------------------------------------------------- cleaning */

static int
is_heading(int tag)
{
	return tag >= T_H1 && tag <= T_H6;
}

static int data_table(const struct body *b, const xmlNode *t);

/* Is the box under the article furniture (readability's conditions)? */
static int
fishy(const struct body *b, const struct en *e)
{
	double ld = link_density(e), p = e->np;
	int list = e->tag == T_UL || e->tag == T_OL;
	int w = e->weight;
	long li = (long)e->nli - 100;

	if (w + ((e->flags & F_CAND) ? e->score : 0) < 0)
		return 1;
	if (e->commas >= 10)
		return 0;
	if (e->tag == T_TABLE && data_table(b, e->x))
		return ld > 0.5;
	if (e->nimg > 1 && p / e->nimg < 0.5 && !(e->flags & F_FIGURE) &&
	    e->tag != T_FIGURE)
		return 1;
	if (!list && li > (long)p)
		return 1;
	if (e->ninput > e->np / 3)
		return 1;
	if (!list && e->text < UNIT_MIN && (e->nimg == 0 || e->nimg > 2) &&
	    !(e->flags & F_FIGURE) && e->tag != T_FIGURE)
		return 1;
	if (!list && w < HINT_WEIGHT && ld > 0.2)
		return 1;
	if (list && ld > 0.5)
		return 1;
	if (w >= HINT_WEIGHT && ld > 0.5)
		return 1;
	if ((e->nembed == 1 && e->text < 75) || e->nembed > 1)
		return 1;
	return 0;
}

static int
skip(const struct body *b, int i)
{
	const struct en *e = &b->v[i];

	if (e->flags & F_DROP)
		return 1;
	switch (e->tag) {
	case T_DIV: case T_SECTION: case T_UL: case T_OL: case T_TABLE:
	case T_FORM: case T_HEADER: case T_DL: case T_CENTER:
	case T_BLOCK: case T_OTHER:
		return e->kind != K_INLINE && fishy(b, e);
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
		return e->weight < 0 || link_density(e) > 0.33;
	default:
		return 0;
	}
}

/* ---------------------------------------------------------- emission */

static int
same_words(const char *a, const char *t)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)t;

	for (;;) {
		while (*p && *p < 0x80 && !((*p | 0x20) >= 'a' &&
		    (*p | 0x20) <= 'z') && !(*p >= '0' && *p <= '9'))
			p++;
		while (*q && *q < 0x80 && !((*q | 0x20) >= 'a' &&
		    (*q | 0x20) <= 'z') && !(*q >= '0' && *q <= '9'))
			q++;
		if (!*p || !*q)
			return !*p && !*q;
		if ((*p < 0x80 ? (*p | 0x20) : *p) !=
		    (*q < 0x80 ? (*q | 0x20) : *q))
			return 0;
		p++;
		q++;
	}
}

static int
is_furniture(const char *s)
{
	char buf[128];
	size_t n = strlen(s), i;

	if (n >= sizeof(buf))
		return 0;
	memcpy(buf, s, n + 1);
	/* trailing ":" "…" and spaces, as in «اقرأ أيضا:» */
	while (n && (buf[n - 1] == ':' || buf[n - 1] == ' ' ||
	    buf[n - 1] == '.'))
		buf[--n] = '\0';
	for (i = 0; furniture[i]; i++)
		if (same_words(buf, furniture[i]))
			return 1;
	return 0;
}

static size_t
words(const char *s)
{
	size_t n = 0;
	int in = 0;

	for (; *s; s++) {
		if (*s == ' ') {
			in = 0;
		} else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/* Is cut the beginning of whole, cut short («...» or "…" at its end)? */
static int
is_cut_of(const char *cut, const char *whole)
{
	size_t n = strlen(cut);

	while (n && (cut[n - 1] == '.' || cut[n - 1] == ' '))
		n--;
	if (n >= 3 && !memcmp(cut + n - 3, "\xE2\x80\xA6", 3))
		n -= 3;
	while (n && cut[n - 1] == ' ')
		n--;
	return n >= UNIT_MIN && n + UNIT_MIN < strlen(whole) &&
	    !strncmp(cut, whole, n);
}

static void
flush(struct body *b, enum ak_block_kind kind)
{
	char *t, *c = NULL;
	size_t n;

	b->prefix[0] = '\0';
	t = ex_clean(b->cur.data, b->cur.len);
	if (b->credit.len)
		c = ex_clean(b->credit.data, b->credit.len);
	/* «(رويترز)»: the credit without its brackets, as text pages give it */
	n = c ? strlen(c) : 0;
	if (n > 2 && ((c[0] == '(' && c[n - 1] == ')') ||
	    (c[0] == '[' && c[n - 1] == ']'))) {
		memmove(c, c + 1, n - 2);
		c[n - 2] = '\0';
	}
	if (!t && c && kind == AK_BLOCK_CAPTION) {
		t = c;
		c = NULL;
	}
	if (!t)
		goto out;
	n = ex_nchars(t, strlen(t));
	if (is_furniture(t))
		goto out;
	if (kind != AK_BLOCK_HEADING && b->ncur &&
	    (double)b->cur_link / b->ncur > LINK_PARA &&
	    words(t) < LINK_PARA_WORDS)
		goto out;
	if (b->title && b->a->nblocks < 4 && same_words(t, b->title))
		goto out;
	/* a caption or heading printed twice (one copy for small screens) */
	if (kind != AK_BLOCK_PARAGRAPH && b->a->nblocks &&
	    !strcmp(b->a->blocks[b->a->nblocks - 1].text, t))
		goto out;
	ak_article_add_block(b->a, kind, t, strlen(t), c);
	b->nchars += n;
out:
	free(t);
	free(c);
	ak_buf_reset(&b->cur);
	ak_buf_reset(&b->credit);
	b->cur_link = b->ncur = 0;
	b->space = 0;
}

static int
is_space(unsigned char c)
{
	return c == ' ' || c == '\n' || c == '\t' || c == '\r' || c == '\f';
}

/* Append text, white space folded; a word at a time. */
static void
add_text(struct body *b, const char *s)
{
	struct ak_buf *out = b->in_credit ? &b->credit : &b->cur;
	const unsigned char *p = (const unsigned char *)s, *w;
	size_t n;

	while (*p) {
		if (is_space(*p)) {
			b->space = 1;
			p++;
			continue;
		}
		for (w = p; *p && !is_space(*p); p++)
			;
		if (b->space && out->len)
			ak_buf_addch(out, ' ');
		b->space = 0;
		if (!out->len && b->prefix[0] && !b->in_credit) {
			ak_buf_addstr(out, b->prefix);
			b->prefix[0] = '\0';
		}
		ak_buf_add(out, w, (size_t)(p - w));
		n = ex_nchars((const char *)w, (size_t)(p - w));
		b->ncur += n;
		if (b->in_link)
			b->cur_link += n;
	}
}

static int
credit_box(const xmlNode *x)
{
	static const struct hint credit[] = {
		{ "credit", SUB }, { "copyright", SUB }, { "source", SUB },
		{ "photographer", SUB }, { "author", PREFIX },
		{ "byline", SUB }, { NULL, 0 }
	};

	return hints_match(ex_attr(x, "class"), credit) || ex_is(x, "small") ||
	    ex_is(x, "cite");
}

/* A table of data (rows of cells), not one that lays the page out. */
static int
data_table(const struct body *b, const xmlNode *t)
{
	int i = node_index(t), k;
	const char *r = ex_attr(t, "role");

	if (r && !strcasecmp(r, "presentation"))
		return 0;
	for (k = i + 1; k < b->v[i].end; k++) {
		int tg = b->v[k].tag;

		if (tg == T_TABLE || tg == T_DIV || tg == T_P || tg == T_UL ||
		    tg == T_OL || tg == T_BLOCKQUOTE || is_heading(tg))
			return 0;
	}
	return 1;
}

static void emit(struct body *b, const xmlNode *x, enum ak_block_kind kind,
	int depth);
static void emit_children(struct body *b, const xmlNode *x,
	enum ak_block_kind kind, int depth);

static void
emit_row(struct body *b, const xmlNode *tr, int depth)
{
	const xmlNode *c;
	int first = 1;

	for (c = tr->children; c; c = c->next) {
		int i = node_index(c);

		if (i < 0 || (b->v[i].flags & F_DROP) ||
		    (b->v[i].tag != T_TD && b->v[i].tag != T_TH))
			continue;
		if (!first) {
			add_text(b, " |");
			b->space = 1;
		}
		first = 0;
		emit_children(b, c, AK_BLOCK_PARAGRAPH, depth + 1);
		b->space = 1;
	}
	flush(b, AK_BLOCK_PARAGRAPH);
}

static void
emit_table(struct body *b, const xmlNode *x, int depth)
{
	const xmlNode *c;

	for (c = x->children; c; c = c->next) {
		int i = node_index(c);

		if (i < 0 || (b->v[i].flags & F_DROP) || depth > EX_MAX_DEPTH)
			continue;
		if (b->v[i].tag == T_TR)
			emit_row(b, c, depth + 1);
		else if (b->v[i].tag == T_CAPTION) {
			emit(b, c, AK_BLOCK_HEADING, depth + 1);
			flush(b, AK_BLOCK_HEADING);
		} else
			emit_table(b, c, depth + 1);
	}
}

static void
emit_children(struct body *b, const xmlNode *x, enum ak_block_kind kind,
	int depth)
{
	const xmlNode *c;

	for (c = x->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE || c->type == XML_CDATA_SECTION_NODE) {
			if (c->content)
				add_text(b, (const char *)c->content);
		} else if (c->type == XML_ELEMENT_NODE) {
			emit(b, c, kind, depth + 1);
		}
	}
}

static void
emit(struct body *b, const xmlNode *x, enum ak_block_kind kind, int depth)
{
	int i = node_index(x), n = 0, link, credit;
	const xmlNode *c;
	const struct en *e;

	if (i < 0 || depth > EX_MAX_DEPTH || skip(b, i))
		return;
	e = &b->v[i];
	switch (e->tag) {
	case T_BR:
		flush(b, kind);
		return;
	case T_IMG:
		return;
	case T_H1: case T_H2: case T_H3: case T_H4: case T_H5: case T_H6:
		flush(b, kind);
		emit_children(b, x, AK_BLOCK_HEADING, depth);
		flush(b, AK_BLOCK_HEADING);
		return;
	case T_BLOCKQUOTE:
		flush(b, kind);
		emit_children(b, x, AK_BLOCK_QUOTE, depth);
		flush(b, AK_BLOCK_QUOTE);
		return;
	case T_FIGURE:
		flush(b, kind);
		for (c = x->children; c; c = c->next)
			if (ex_is(c, "figcaption"))
				emit(b, c, AK_BLOCK_CAPTION, depth + 1);
		flush(b, AK_BLOCK_CAPTION);
		return;
	case T_FIGCAPTION:
		flush(b, kind);
		emit_children(b, x, AK_BLOCK_CAPTION, depth);
		flush(b, AK_BLOCK_CAPTION);
		return;
	case T_UL:
	case T_OL:
		flush(b, kind);
		for (c = x->children; c; c = c->next) {
			int k = node_index(c);

			if (k < 0 || b->v[k].tag != T_LI || skip(b, k)) {
				if (c->type == XML_ELEMENT_NODE)
					emit(b, c, kind, depth + 1);
				continue;
			}
			n++;
			flush(b, kind);
			if (e->tag == T_OL)
				snprintf(b->prefix, sizeof(b->prefix), "%d. ",
				    n);
			else
				snprintf(b->prefix, sizeof(b->prefix),
				    "\xE2\x80\xA2 ");
			emit_children(b, c, kind, depth + 1);
			flush(b, kind);
		}
		return;
	case T_TABLE:
		flush(b, kind);
		if (data_table(b, x))
			emit_table(b, x, depth);
		else
			emit_children(b, x, kind, depth);
		flush(b, kind);
		return;
	default:
		break;
	}
	if (e->kind == K_INLINE || (e->kind == K_OTHER && e->owner != i)) {
		link = b->in_link;
		credit = b->in_credit;
		if (e->tag == T_A)
			b->in_link = 1;
		if (kind == AK_BLOCK_CAPTION && credit_box(x))
			b->in_credit = 1;
		emit_children(b, x, kind, depth);
		b->in_link = link;
		b->in_credit = credit;
		return;
	}
	/* a block: its own paragraph(s) */
	flush(b, kind);
	if (kind == AK_BLOCK_CAPTION && credit_box(x)) {
		credit = b->in_credit;
		b->in_credit = 1;
		emit_children(b, x, kind, depth);
		b->in_credit = credit;
		return;
	}
	emit_children(b, x, kind, depth);
	if (kind != AK_BLOCK_CAPTION)
		flush(b, kind);
}

/* Is the sibling prose enough to join the article? */
static int
prose_sibling(const struct body *b, const struct en *s)
{
	struct ak_buf t = AK_BUF_INIT;
	double ld = link_density(s);
	int ok = 0;

	/* the article's photo, with its caption */
	if (s->tag == T_FIGURE)
		return s->text > 0 && ld < 0.5;
	if (s->tag != T_P && !(s->tag == T_DIV && s->inl >= UNIT_MIN))
		return 0;
	if (s->text > 80)
		return ld < 0.25;
	if (s->text == 0 || ld > 0)
		return 0;
	ex_text(&t, s->x, 4096);
	while (t.len && (t.data[t.len - 1] == ' ' || t.data[t.len - 1] == '\n'))
		t.len--;
	ok = t.len && (t.data[t.len - 1] == '.' ||
	    (t.len >= 2 && !memcmp(t.data + t.len - 2, "\xDB\x94", 2)));
	ak_buf_release(&t);
	(void)b;
	return ok;
}

static int
same_class(const xmlNode *a, const xmlNode *c)
{
	const char *x = ex_attr(a, "class"), *y = ex_attr(c, "class");

	return x && y && *x && !strcmp(x, y);
}

/*
 * The first line near the article that is nothing but a date («الثلاثاء
 * 14 نوفمبر 2023»), for pages with no machine-readable date: looked for
 * in the text of the article's grandparent, a bounded number of tries.
 */
static char *
date_near(const struct body *b, int top, int loose)
{
	int anc = top, k, up, tries = 0;
	const xmlNode *c;

	for (up = 0; up < 2 && b->v[anc].parent >= 0 &&
	    b->v[b->v[anc].parent].tag != T_HTML; up++)
		anc = b->v[anc].parent;
	for (k = anc; k < b->v[anc].end && tries < DATE_TRIES; k++) {
		if (b->v[k].flags & F_DROP)
			continue;
		for (c = b->v[k].x->children; c; c = c->next) {
			const char *s = (const char *)c->content;
			size_t n;
			char *d;

			if (c->type != XML_TEXT_NODE || !s)
				continue;
			n = strlen(s);
			if (n < 8 || n > DATE_LINE_MAX)
				continue;
			tries++;
			if (loose && words(s) > LOOSE_DATE_WORDS)
				continue;
			d = loose ? ak_parse_date(s, n) : ak_parse_date_line(s, n);
			if (d && strlen(d) >= 10) {
				free(d);
				return ex_clean(s, n);
			}
			free(d);
		}
	}
	return NULL;
}

/* Is the block's text nothing but a date (or a byline «كتب: ...»)? */
static int
date_block(const struct ak_block *bl)
{
	char *d;

	if (bl->kind != AK_BLOCK_PARAGRAPH || strlen(bl->text) > DATE_LINE_MAX)
		return 0;
	d = ak_parse_date_line(bl->text, strlen(bl->text));
	free(d);
	return d != NULL;
}

/*
 * Date lines above or below the text («نشر في الأربعاء 1 يوليو 2015»,
 * "Updated 10:30 GMT") are metadata, not the article; a description cut
 * short above the paragraph it was cut from says it twice.
 */
/* Does s contain w, ASCII case ignored? */
static int
ci_has(const char *s, const char *w)
{
	size_t k = strlen(w);

	for (; *s; s++)
		if (!strncasecmp(s, w, k))
			return 1;
	return 0;
}

/*
 * Lines that stand above an article (who wrote it, when it was updated)
 * or below it (copyright, newsletters, how to reach the newsroom), in
 * the languages akhbar reads; only short blocks at either end are looked
 * at, so a sentence of the article that says "newsletter" stays.
 */
static const char *const head_lines[] = {
	"By ", "BY ", "Updated ", "Published ", "Last updated", "Posted ",
	"بقلم", "كتب:", "كتبت:", "آخر تحديث", "تاريخ النشر", "نشر في",
	"تم النشر", "حدث في", NULL
};
/* the head lines that name the author */
static const char *const byline_heads[] = {
	"By ", "BY ", "بقلم", "كتب:", "كتبت:", NULL
};
static const char *const tail_words[] = {
	"\xC2\xA9", "all rights reserved", "جميع الحقوق محفوظة",
	"newsletter", "subscribe to", "sign up for", "have a tip",
	"follow us on", "اشترك في", "النشرة البريدية", "تابعونا على",
	"تابعوا", "للاشتراك", NULL
};

static int
edge_line(const struct ak_block *bl, int head)
{
	size_t i;

	if (bl->kind != AK_BLOCK_PARAGRAPH || words(bl->text) > EDGE_WORDS)
		return 0;
	if (head) {
		for (i = 0; head_lines[i]; i++)
			if (!strncmp(bl->text, head_lines[i],
			    strlen(head_lines[i])))
				return 1;
		return 0;
	}
	for (i = 0; tail_words[i]; i++)
		if (ci_has(bl->text, tail_words[i]))
			return 1;
	return 0;
}

/* Is the block a "By ..." line (the author's name, not a date)? */
static int
byline_block(const struct ak_block *bl)
{
	size_t i;

	for (i = 0; byline_heads[i]; i++)
		if (!strncmp(bl->text, byline_heads[i],
		    strlen(byline_heads[i])))
			return 1;
	return 0;
}

/*
 * Drop date and byline lines at the article's edges; the first "By ..."
 * line is kept in m->line_byline, the author where the page names one
 * nowhere else.
 */
static void
drop_date_lines(struct ak_article *a, struct ex_meta *m)
{
	const char *date_line = m->date_line;
	size_t i, j = 0;

	/* boilerplate at the end, last block first */
	while (a->nblocks > 1 && edge_line(&a->blocks[a->nblocks - 1], 0)) {
		a->nblocks--;
		free(a->blocks[a->nblocks].text);
		free(a->blocks[a->nblocks].credit);
	}
	for (i = 0; i < a->nblocks; i++) {
		if ((i < DATE_EDGE || i + DATE_EDGE >= a->nblocks) &&
		    (date_block(&a->blocks[i]) || (date_line &&
		    !strcmp(a->blocks[i].text, date_line)) ||
		    (i < DATE_EDGE && edge_line(&a->blocks[i], 1)))) {
			if (i < DATE_EDGE && !m->line_byline &&
			    byline_block(&a->blocks[i]) &&
			    edge_line(&a->blocks[i], 1))
				m->line_byline = ak_xstrdup(a->blocks[i].text);
			free(a->blocks[i].text);
			free(a->blocks[i].credit);
			continue;
		}
		a->blocks[j++] = a->blocks[i];
	}
	a->nblocks = j;
	/* a deck cut short that the first paragraph repeats whole */
	for (i = j = 0; i < a->nblocks; i++) {
		if (i + 1 < a->nblocks && i < DATE_EDGE &&
		    is_cut_of(a->blocks[i].text, a->blocks[i + 1].text)) {
			free(a->blocks[i].text);
			free(a->blocks[i].credit);
			continue;
		}
		a->blocks[j++] = a->blocks[i];
	}
	a->nblocks = j;
}

size_t
ex_body_extract(xmlNode *root, struct ex_meta *m, const char *title,
	struct ak_article *a)
{
	struct body b;
	uint32_t *own, total, total_np;
	size_t k;
	int top, parent;
	const xmlNode *c;
	double thr;

	memset(&b, 0, sizeof(b));
	b.title = title;
	b.byline = m->byline;
	b.a = a;
	build(&b, root);
	if (!b.n)
		goto out;
	own = ak_xreallocarray(NULL, b.n * 5, sizeof(*own));
	for (k = 0; k < b.n; k++) {
		own[5 * k] = b.v[k].text;
		own[5 * k + 1] = b.v[k].link;
		own[5 * k + 2] = b.v[k].commas;
		own[5 * k + 3] = b.v[k].ninput;
		own[5 * k + 4] = b.v[k].nembed;
	}
	sum_up(&b, 0, 0, 0);
	total = b.v[0].text;
	total_np = b.v[0].np;
	b.np1 = ak_xreallocarray(NULL, b.n, sizeof(*b.np1));
	own_only(&b, own, b.np1);
	free(own);
	sum_up(&b, 1, total, total_np);
	score(&b);
	top = choose(&b);
	if (!m->date_line)
		m->date_line = date_near(&b, top, 0);
	/* «محليات > الأربعاء 1 يوليو 2015»: a short line with a date in it */
	if (!m->date_line)
		m->date_line = date_near(&b, top, 1);

	parent = b.v[top].parent;
	if (parent < 0 || b.v[top].tag == T_BODY) {
		emit(&b, b.v[top].x, AK_BLOCK_PARAGRAPH, 0);
		flush(&b, AK_BLOCK_PARAGRAPH);
		goto out;
	}
	thr = b.v[top].score * SIBLING_SHARE;
	if (thr < SIBLING_MIN)
		thr = SIBLING_MIN;
	for (c = b.v[parent].x->children; c; c = c->next) {
		int i = node_index(c);
		const struct en *s;
		double bonus;

		if (i < 0 || c->type != XML_ELEMENT_NODE)
			continue;
		s = &b.v[i];
		if (s->flags & F_DROP)
			continue;
		bonus = same_class(c, b.v[top].x) ? b.v[top].score * 0.2 : 0;
		if (i == top || ((s->flags & F_CAND) && s->score + bonus >=
		    thr) || prose_sibling(&b, s)) {
			if (i == top)
				emit_children(&b, c, AK_BLOCK_PARAGRAPH, 0);
			else
				emit(&b, c, AK_BLOCK_PARAGRAPH, 0);
			flush(&b, AK_BLOCK_PARAGRAPH);
		}
	}
out:
	drop_date_lines(a, m);
	ak_buf_release(&b.cur);
	ak_buf_release(&b.credit);
	for (k = 0; k < b.n; k++)
		b.v[k].x->_private = NULL;
	free(b.v);
	free(b.np1);
	return b.nchars;
}
