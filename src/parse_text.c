/*
 * The text-page parser: news web pages saved or copied as plain text (clean
 * UTF-8 from decode) to structured articles handed to a sink.
 *
 * It works on lines.  Each line is normalised (white space, stray controls,
 * invisible marks), then classified with the site rules (the .rules files
 * of assets/sites, see the README there): noise, a date line, a label («مقالات ذات صلة»,
 * «ملخص», «المصادر:»), a photo caption with its credit, or text.  The page
 * is cut into articles where a headline is printed twice around its photo
 * (the way Asharq Al-Awsat and many CMS templates print each story), and
 * each article into header (title, subtitle), body blocks and the page's
 * related-items block.
 *
 * All site knowledge is data: the code only knows shapes (a line repeated,
 * a parenthesised credit at the end of a line, a short unpunctuated line
 * between paragraphs, «CITY –» opening the first paragraph).  Knows nothing
 * of SQLite or of the screen.
 */
#include "config.h"

#include "akhbar/parse.h"

#include <dirent.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/paths.h"
#include "akhbar/text.h"

/* ------------------------------------------------------------ site rules */

#define RULE_KINDS(X) \
	X(DETECT,	"detect") \
	X(NOISE,	"noise") \
	X(CUT,		"cut") \
	X(RELATED,	"related-start") \
	X(RELATED_END,	"related-end") \
	X(SUMMARY,	"summary") \
	X(SOURCE,	"source") \
	X(BYLINE,	"byline") \
	X(CREDIT,	"credit") \
	X(SECTION,	"section") \
	X(AGENCY,	"agency")

enum rule_kind {
#define X(id, name) RK_##id,
	RULE_KINDS(X)
#undef X
	RK_NKINDS
};

static const char *const rule_kind_names[] = {
#define X(id, name) name,
	RULE_KINDS(X)
#undef X
};

/* How a detect or noise rule matches a line. */
enum rule_match {
	RM_LINE,		/* the whole line */
	RM_PREFIX,
	RM_SUFFIX,
	RM_CONTAINS,
	RM_GLOB,		/* '*' any text, '?' one character */
	RM_DATELINE		/* detect only: «CITY SEP» opens a paragraph */
};

static const char *const match_names[] = {
	"line", "prefix", "suffix", "contains", "glob", "dateline"
};

struct rule {
	enum rule_kind kind;
	enum rule_match match;
	char *text;
	size_t len;
};

struct site {
	char *name;		/* publisher name; NULL for generic files */
	char *file;		/* base name, for messages */
	int require;		/* detect rules that must match (0 = all) */
	size_t ndetect;
	struct rule *rules;
	size_t nrules;
};

struct ak_sites {
	struct site *sites;
	size_t nsites;
};

/* ------------------------------------------------------------ UTF-8 bits */

static int
is_space_cp(unsigned cp)
{
	return cp == ' ' || cp == '\t' || cp == 0xA0 || cp == 0x1680 ||
	    (cp >= 0x2000 && cp <= 0x200A) || cp == 0x202F ||
	    cp == 0x205F || cp == 0x3000;
}

/* Invisible characters that carry nothing in a paragraph of text. */
static int
is_dropped_cp(unsigned cp)
{
	return cp < 0x20 || cp == 0x7F || (cp >= 0x80 && cp <= 0x9F) ||
	    cp == 0x200B || cp == 0x200E || cp == 0x200F || cp == 0x061C ||
	    cp == 0x2060 || cp == 0xFEFF || cp == 0x00AD ||
	    (cp >= 0x202A && cp <= 0x202E) || (cp >= 0x2066 && cp <= 0x2069);
}

static int
is_letter_cp(unsigned cp)
{
	if ((cp >= 'a' && cp <= 'z') || (cp >= 'A' && cp <= 'Z'))
		return 1;
	if (cp >= 0xC0 && cp <= 0x24F && cp != 0xD7 && cp != 0xF7)
		return 1;
	if ((cp >= 0x0620 && cp <= 0x065F) || (cp >= 0x066E && cp <= 0x06D3) ||
	    cp == 0x06D5 || cp == 0x0670)
		return 1;
	return 0;
}

static int
is_arabic_cp(unsigned cp)
{
	return cp >= 0x0600 && cp <= 0x06FF;
}

static int
is_dash_cp(unsigned cp)
{
	return cp == '-' || cp == 0x2013 || cp == 0x2014 || cp == 0x0640 ||
	    cp == 0x2012 || cp == 0x2212;
}

/* The code point that ends s (0 for an empty string). */
static unsigned
last_cp(const char *s, size_t len)
{
	size_t i = len;
	unsigned cp;

	if (len == 0)
		return 0;
	while (i > 0 && ((unsigned char)s[i - 1] & 0xC0) == 0x80 &&
	    len - i < 3)
		i--;
	if (i > 0)
		i--;
	ak_utf8_next(s + i, len - i, &cp);
	return cp;
}

static size_t
count_cps(const char *s, size_t len)
{
	size_t i, n = 0;

	for (i = 0; i < len; i++)
		if (((unsigned char)s[i] & 0xC0) != 0x80)
			n++;
	return n;
}

static size_t
count_words(const char *s, size_t len)
{
	size_t i, n = 0;
	int in = 0;

	for (i = 0; i < len; i++) {
		if (s[i] == ' ') {
			in = 0;
		} else if (!in) {
			in = 1;
			n++;
		}
	}
	return n;
}

/*
 * An HTML entity left in a page copied from HTML source: «&quot;», «&#39;».
 * Returns the bytes it takes (1 when s holds none: '&' stands).
 */
static int
entity(const char *s, size_t len, unsigned *cp)
{
	static const struct {
		const char *name;
		unsigned cp;
	} named[] = {
		{ "&quot;", '"' }, { "&amp;", '&' }, { "&lt;", '<' },
		{ "&gt;", '>' }, { "&apos;", '\'' }, { "&nbsp;", 0xA0 },
		{ "&laquo;", 0xAB }, { "&raquo;", 0xBB }, { "&hellip;", 0x2026 },
		{ "&ndash;", 0x2013 }, { "&mdash;", 0x2014 },
	};
	size_t i, n;
	unsigned v = 0;
	int hex = 0;

	*cp = '&';
	for (i = 0; i < sizeof(named) / sizeof(named[0]); i++) {
		n = strlen(named[i].name);
		if (len >= n && memcmp(s, named[i].name, n) == 0) {
			*cp = named[i].cp;
			return (int)n;
		}
	}
	if (len < 4 || s[1] != '#')
		return 1;
	i = 2;
	if (s[i] == 'x' || s[i] == 'X') {
		hex = 1;
		i++;
	}
	for (n = i; i < len && i < n + 7; i++) {
		if (s[i] >= '0' && s[i] <= '9')
			v = v * (hex ? 16 : 10) + (unsigned)(s[i] - '0');
		else if (hex && s[i] >= 'a' && s[i] <= 'f')
			v = v * 16 + (unsigned)(s[i] - 'a' + 10);
		else if (hex && s[i] >= 'A' && s[i] <= 'F')
			v = v * 16 + (unsigned)(s[i] - 'A' + 10);
		else
			break;
	}
	if (i == n || i >= len || s[i] != ';' || v == 0 || v > 0x10FFFF ||
	    (v >= 0xD800 && v <= 0xDFFF))
		return 1;
	*cp = v;
	return (int)i + 1;
}

/*
 * Normalise one line: every kind of white space becomes one space, runs
 * collapse, the ends are trimmed, controls and invisible marks go, invalid
 * UTF-8 becomes U+FFFD.  Appends to out; returns the length appended.
 */
static size_t
normalise(const char *s, size_t len, struct ak_buf *out)
{
	size_t i = 0, start = out->len;
	int pending_space = 0;
	unsigned cp;
	int k;

	while (i < len) {
		k = ak_utf8_next(s + i, len - i, &cp);
		if (k < 1)
			k = 1;
		if (cp == '&')
			k = entity(s + i, len - i, &cp);
		i += (size_t)k;
		if (is_space_cp(cp)) {
			pending_space = out->len > start;
			continue;
		}
		if (is_dropped_cp(cp))
			continue;
		if (pending_space)
			ak_buf_addch(out, ' ');
		pending_space = 0;
		ak_buf_addcp(out, cp);
	}
	return out->len - start;
}

static int
bytes_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	return alen == blen && memcmp(a, b, alen) == 0;
}

static const char *
find_bytes(const char *s, size_t len, const char *pat, size_t plen)
{
	size_t i;

	if (plen == 0 || plen > len)
		return NULL;
	for (i = 0; i + plen <= len; i++)
		if (s[i] == pat[0] && memcmp(s + i, pat, plen) == 0)
			return s + i;
	return NULL;
}

static int
glob_match(const char *p, size_t plen, const char *s, size_t slen)
{
	size_t pi = 0, si = 0, star_p = (size_t)-1, star_s = 0;
	unsigned cp;
	int k;

	while (si < slen) {
		if (pi < plen && p[pi] == '*') {
			star_p = pi++;
			star_s = si;
		} else if (pi < plen && p[pi] == '?') {
			k = ak_utf8_next(s + si, slen - si, &cp);
			si += (size_t)(k < 1 ? 1 : k);
			pi++;
		} else if (pi < plen && p[pi] == s[si]) {
			pi++;
			si++;
		} else if (star_p != (size_t)-1) {
			pi = star_p + 1;
			k = ak_utf8_next(s + star_s, slen - star_s, &cp);
			star_s += (size_t)(k < 1 ? 1 : k);
			si = star_s;
		} else {
			return 0;
		}
	}
	while (pi < plen && p[pi] == '*')
		pi++;
	return pi == plen;
}

static int
rule_matches(const struct rule *r, const char *s, size_t len)
{
	switch (r->match) {
	case RM_LINE:
		return bytes_eq(s, len, r->text, r->len);
	case RM_PREFIX:
		return len >= r->len && memcmp(s, r->text, r->len) == 0;
	case RM_SUFFIX:
		return len >= r->len &&
		    memcmp(s + len - r->len, r->text, r->len) == 0;
	case RM_CONTAINS:
		return find_bytes(s, len, r->text, r->len) != NULL;
	case RM_GLOB:
		return glob_match(r->text, r->len, s, len);
	case RM_DATELINE:
		return 0;
	}
	return 0;
}

/* ------------------------------------------------------------ rule files */

static void
site_release(struct site *st)
{
	size_t i;

	for (i = 0; i < st->nrules; i++)
		free(st->rules[i].text);
	free(st->rules);
	free(st->name);
	free(st->file);
}

void
ak_sites_free(struct ak_sites *s)
{
	size_t i;

	if (!s)
		return;
	for (i = 0; i < s->nsites; i++)
		site_release(&s->sites[i]);
	free(s->sites);
	free(s);
}

/* A rule argument, normalised as page lines are (NFC, spaces). */
static char *
rule_text(const char *s, size_t len, size_t *outlen)
{
	struct ak_buf b = AK_BUF_INIT;
	char *clean;
	size_t clen;

	clean = ak_sanitize(s, len, &clen);
	normalise(clean, clen, &b);
	free(clean);
	return ak_buf_detach(&b, outlen);
}

static void
add_rule(struct site *st, enum rule_kind kind, enum rule_match match,
	const char *arg, size_t alen)
{
	struct rule *r;

	st->rules = ak_xreallocarray(st->rules, st->nrules + 1,
	    sizeof(*st->rules));
	r = &st->rules[st->nrules++];
	r->kind = kind;
	r->match = match;
	r->text = rule_text(arg, alen, &r->len);
	if (kind == RK_DETECT)
		st->ndetect++;
}

static int
parse_rule_line(struct site *st, const char *line, size_t len,
	const char *path, size_t lineno, struct ak_error *err)
{
	const char *kw = line, *arg, *sub;
	size_t kwlen = 0, alen, sublen = 0, i;
	int kind = -1, match = RM_LINE;
	char num[16];
	long v;

	while (kwlen < len && line[kwlen] != ' ' && line[kwlen] != '\t')
		kwlen++;
	arg = line + kwlen;
	alen = len - kwlen;
	while (alen > 0 && (*arg == ' ' || *arg == '\t')) {
		arg++;
		alen--;
	}
	if (bytes_eq(kw, kwlen, "name", 4)) {
		if (alen == 0)
			goto missing;
		if (st->name)
			return ak_error_set(err, AK_ECONFIG,
			    "%s:%zu: a second 'name'", path, lineno);
		st->name = rule_text(arg, alen, NULL);
		return AK_OK;
	}
	if (bytes_eq(kw, kwlen, "require", 7)) {
		if (alen == 0 || alen >= sizeof(num))
			goto bad_number;
		memcpy(num, arg, alen);
		num[alen] = '\0';
		for (i = 0; i < alen; i++)
			if (num[i] < '0' || num[i] > '9')
				goto bad_number;
		v = strtol(num, NULL, 10);
		if (v < 1 || v > 1000)
			goto bad_number;
		st->require = (int)v;
		return AK_OK;
	}
	for (i = 0; i < RK_NKINDS; i++)
		if (bytes_eq(kw, kwlen, rule_kind_names[i],
		    strlen(rule_kind_names[i])))
			kind = (int)i;
	if (kind < 0)
		return ak_error_set(err, AK_ECONFIG,
		    "%s:%zu: unknown directive '%.*s'", path, lineno,
		    (int)(kwlen > 40 ? 40 : kwlen), kw);
	if (kind == RK_DETECT || kind == RK_NOISE) {
		sub = arg;
		while (sublen < alen && sub[sublen] != ' ' &&
		    sub[sublen] != '\t')
			sublen++;
		match = -1;
		for (i = 0; i < sizeof(match_names) / sizeof(match_names[0]);
		    i++)
			if (bytes_eq(sub, sublen, match_names[i],
			    strlen(match_names[i])))
				match = (int)i;
		if (match < 0 || (kind == RK_NOISE && match == RM_DATELINE))
			return ak_error_set(err, AK_ECONFIG,
			    "%s:%zu: '%s' wants one of line, prefix, suffix, "
			    "contains, glob%s before its text", path, lineno,
			    rule_kind_names[kind],
			    kind == RK_DETECT ? ", dateline" : "");
		arg += sublen;
		alen -= sublen;
		while (alen > 0 && (*arg == ' ' || *arg == '\t')) {
			arg++;
			alen--;
		}
	}
	if (kind == RK_SOURCE || kind == RK_BYLINE)
		match = RM_PREFIX;
	if (alen == 0)
		goto missing;
	add_rule(st, (enum rule_kind)kind, (enum rule_match)match, arg, alen);
	if (st->rules[st->nrules - 1].len == 0)
		goto missing;
	return AK_OK;
missing:
	return ak_error_set(err, AK_ECONFIG, "%s:%zu: '%.*s' needs a text",
	    path, lineno, (int)(kwlen > 40 ? 40 : kwlen), kw);
bad_number:
	return ak_error_set(err, AK_ECONFIG,
	    "%s:%zu: 'require' needs a number from 1", path, lineno);
}

static int
load_file(const char *dir, const char *base, struct site *st,
	struct ak_error *err)
{
	struct ak_buf path = AK_BUF_INIT;
	char *data = NULL;
	size_t len = 0, pos = 0, end, lineno = 0;
	const char *line;
	size_t llen;
	int rc;

	memset(st, 0, sizeof(*st));
	st->file = ak_xstrdup(base);
	ak_buf_addf(&path, "%s/%s", dir, base);
	rc = ak_read_file(ak_buf_str(&path), &data, &len, err);
	if (rc != AK_OK)
		goto out;
	if (!ak_utf8_valid(data, len)) {
		rc = ak_error_set(err, AK_ECONFIG, "%s: not valid UTF-8",
		    ak_buf_str(&path));
		goto out;
	}
	while (pos < len) {
		end = pos;
		while (end < len && data[end] != '\n')
			end++;
		lineno++;
		line = data + pos;
		llen = end - pos;
		pos = end + 1;
		while (llen > 0 && (line[llen - 1] == '\r' ||
		    line[llen - 1] == ' ' || line[llen - 1] == '\t'))
			llen--;
		while (llen > 0 && (*line == ' ' || *line == '\t')) {
			line++;
			llen--;
		}
		if (llen == 0 || *line == '#')
			continue;
		rc = parse_rule_line(st, line, llen, ak_buf_str(&path), lineno,
		    err);
		if (rc != AK_OK)
			goto out;
	}
	if (st->ndetect > 0 && !st->name) {
		rc = ak_error_set(err, AK_ECONFIG,
		    "%s: 'detect' rules but no 'name'", ak_buf_str(&path));
		goto out;
	}
	if (st->require > (int)st->ndetect) {
		rc = ak_error_set(err, AK_ECONFIG,
		    "%s: 'require %d' but only %zu detect rules",
		    ak_buf_str(&path), st->require, st->ndetect);
		goto out;
	}
out:
	free(data);
	ak_buf_release(&path);
	return rc;
}

static int
cmp_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

int
ak_sites_load(const char *dir, struct ak_sites **out, struct ak_error *err)
{
	struct ak_sites *s = ak_xcalloc(1, sizeof(*s));
	char **names = NULL;
	size_t nnames = 0, i, n;
	struct dirent *de;
	DIR *d;
	int rc = AK_OK;

	*out = NULL;
	d = opendir(dir);
	if (!d) {
		if (errno == ENOENT || errno == ENOTDIR) {
			*out = s;
			return AK_OK;
		}
		ak_sites_free(s);
		return ak_error_set(err, AK_EIO, "%s: %s", dir,
		    strerror(errno));
	}
	while ((de = readdir(d)) != NULL) {
		n = strlen(de->d_name);
		if (de->d_name[0] == '.' || n <= 6 ||
		    strcmp(de->d_name + n - 6, ".rules") != 0)
			continue;
		names = ak_xreallocarray(names, nnames + 1, sizeof(*names));
		names[nnames++] = ak_xstrdup(de->d_name);
	}
	closedir(d);
	qsort(names, nnames, sizeof(*names), cmp_names);
	s->sites = ak_xcalloc(nnames ? nnames : 1, sizeof(*s->sites));
	for (i = 0; i < nnames; i++) {
		rc = load_file(dir, names[i], &s->sites[s->nsites], err);
		s->nsites++;
		if (rc != AK_OK)
			break;
	}
	for (i = 0; i < nnames; i++)
		free(names[i]);
	free(names);
	if (rc != AK_OK) {
		ak_sites_free(s);
		return rc;
	}
	*out = s;
	return AK_OK;
}

/* ------------------------------------------------------------ the page */

enum line_kind {
	LK_TEXT,
	LK_DATE,		/* a line holding only a date */
	LK_RELATED,		/* «مقالات ذات صلة» */
	LK_RELATED_END,
	LK_SUMMARY,		/* «ملخص» */
	LK_SOURCE,		/* «المصادر: وكالات»; value may be on the next line */
	LK_BYLINE		/* «بقلم: ...» */
};

struct line {
	const char *s;		/* normalised, in the page's buffer */
	size_t len;
	size_t ncp;
	size_t nwords;
	enum line_kind kind;
	char *date;		/* LK_DATE: ISO, owned */
	size_t vstart;		/* LK_SOURCE, LK_BYLINE: where the value starts */
	int noise_before;	/* noise lines dropped just before this one */
	/* photo caption candidate: "text (credit)" or "text - credit" */
	int cap;
	int cap_known;		/* the credit is a known one */
	size_t cap_len;		/* the description */
	size_t cred_off, cred_len;
};

struct page {
	const struct ak_sites *sites;
	const struct site *site;	/* detected, or NULL */
	const struct ak_parse_opts *o;
	const struct ak_sink *sink;
	struct ak_error *err;
	char *buf;			/* all normalised lines */
	struct line *l;			/* content lines (no blank, no noise) */
	size_t n;
	int caption_style;		/* the page has real photo captions */
	int narticles;
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

/* Is site st's rule set in force for this page? */
static int
site_active(const struct page *pg, const struct site *st)
{
	return !st->name || st == pg->site;
}

/* The first active rule of kind that matches s, or NULL. */
static const struct rule *
match_kind(const struct page *pg, enum rule_kind kind, const char *s,
	size_t len)
{
	const struct site *st;
	size_t i, j;

	if (!pg->sites)
		return NULL;
	for (i = 0; i < pg->sites->nsites; i++) {
		st = &pg->sites->sites[i];
		if (!site_active(pg, st))
			continue;
		for (j = 0; j < st->nrules; j++)
			if (st->rules[j].kind == kind &&
			    rule_matches(&st->rules[j], s, len))
				return &st->rules[j];
	}
	return NULL;
}

/* The longest active rule of kind whose text starts s at a word end. */
static const struct rule *
match_prefix_word(const struct page *pg, enum rule_kind kind, const char *s,
	size_t len)
{
	const struct rule *best = NULL, *r;
	const struct site *st;
	size_t i, j;

	if (!pg->sites)
		return NULL;
	for (i = 0; i < pg->sites->nsites; i++) {
		st = &pg->sites->sites[i];
		if (!site_active(pg, st))
			continue;
		for (j = 0; j < st->nrules; j++) {
			r = &st->rules[j];
			if (r->kind != kind || r->len >= len ||
			    memcmp(s, r->text, r->len) != 0 ||
			    s[r->len] != ' ')
				continue;
			if (!best || r->len > best->len)
				best = r;
		}
	}
	return best;
}

static int
known_word(const struct page *pg, enum rule_kind kind, const char *s,
	size_t len)
{
	const struct site *st;
	size_t i, j;

	if (!pg->sites || len == 0)
		return 0;
	for (i = 0; i < pg->sites->nsites; i++) {
		st = &pg->sites->sites[i];
		if (!site_active(pg, st))
			continue;
		for (j = 0; j < st->nrules; j++)
			if (st->rules[j].kind == kind &&
			    bytes_eq(s, len, st->rules[j].text,
			    st->rules[j].len))
				return 1;
	}
	return 0;
}

static void
trim(const char **s, size_t *len)
{
	while (*len > 0 && (**s == ' '))
		(*s)++, (*len)--;
	while (*len > 0 && (*s)[*len - 1] == ' ')
		(*len)--;
}

/* Sentence-final punctuation: a line ending so is not a heading or title. */
static int
ends_sentence(const char *s, size_t len)
{
	unsigned cp = last_cp(s, len);

	return cp == '.' || cp == 0x060C || cp == ',' || cp == ':' ||
	    cp == 0x061B || cp == ';' || cp == 0x2026 || cp == 0x06D4 ||
	    cp == '-';
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
		if (i == len || is_dash_cp(cp) || cp == '/' || cp == ',' ||
		    cp == 0x060C || cp == '|' || cp == '+') {
			part = s + start;
			plen = i - start;
			trim(&part, &plen);
			if (known_word(pg, RK_CREDIT, part, plen))
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
	if (len < 4 || l->ncp > 400)
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
		trim(&cred, &clen);
		trim(&text, &tlen);
		if (clen == 0 || tlen == 0 || count_cps(cred, clen) > 40 ||
		    count_words(cred, clen) > 6 ||
		    count_words(text, tlen) < 2 || ends_sentence(text, tlen))
			return;
		cp = last_cp(text, tlen);
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
	trim(&text, &tlen);
	trim(&cred, &clen);
	if (clen == 0 || count_words(text, tlen) < 2 ||
	    ends_sentence(text, tlen) || !credit_known(pg, cred, clen))
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
	return bytes_eq(a->s, a->len, b->s, b->len);
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

/* ------------------------------------------------- datelines and bylines */

struct word {
	const char *s;
	size_t len;
};

/* Up to max space-separated words of s; returns how many. */
static size_t
split_words(const char *s, size_t len, struct word *w, size_t max)
{
	size_t i = 0, n = 0, start;

	while (i < len && n < max) {
		while (i < len && s[i] == ' ')
			i++;
		if (i >= len)
			break;
		start = i;
		while (i < len && s[i] != ' ')
			i++;
		w[n].s = s + start;
		w[n].len = i - start;
		n++;
	}
	return n;
}

/* Letters only (a place or a name), not a number or punctuation. */
static int
word_is_name(const char *s, size_t len)
{
	size_t i = 0;
	unsigned cp;
	int k, letters = 0;

	while (i < len) {
		k = ak_utf8_next(s + i, len - i, &cp);
		if (is_letter_cp(cp))
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
		if (bytes_eq(s, len, words[i], strlen(words[i])))
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
	return (size_t)k == len && is_dash_cp(cp);
}

/* A word ending in a dash ("بغداد-"): the length without it, else 0. */
static size_t
strip_trailing_dash(const char *s, size_t len)
{
	unsigned cp = last_cp(s, len);
	size_t n = len;

	if (!is_dash_cp(cp))
		return 0;
	while (n > 0 && ((unsigned char)s[n - 1] & 0xC0) == 0x80)
		n--;
	return n > 0 ? n - 1 : 0;
}

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
static int
find_dateline(const char *s, size_t len, struct dateline *d)
{
	struct word w[8];
	size_t n, k, j, plen, after;
	const char *p;
	unsigned cp;

	memset(d, 0, sizeof(*d));
	n = split_words(s, len > 200 ? 200 : len, w, 8);
	for (k = 1; k <= 2 && k < n; k++) {
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
			while (j < n && last_cp(w[j].s, w[j].len) != ')' &&
			    j < k + 4)
				j++;
			if (j >= n || last_cp(w[j].s, w[j].len) != ')')
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
		if (count_cps(d->place, d->place_len) > 30)
			return 0;
		d->rest = s + after;
		d->rest_len = len - after;
		trim(&d->rest, &d->rest_len);
		if (count_words(d->rest, d->rest_len) < 3)
			return 0;
		return 1;
	}
	return 0;
}

struct agency_line {
	const char *agency, *place, *rest;
	size_t agency_len, place_len, rest_len;
	const char *byline;	/* first writer; nbylines parts from there */
	size_t byline_len;	/* up to the end of the last writer */
};

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
	trim(s, len);
}

/*
 * «أحمد علي- سبق- القاهرة: ...», «واس- جدة: ...», «زيد الخمشي- الرياض-
 * سبق: ...», «فهد العتيبي - سبق الطائف: ...»: dash-separated writers,
 * agency and place before a colon, where one part is (or starts with) a
 * known agency (rule 'agency').
 */
static int
find_agency_line(const struct page *pg, const char *s, size_t len,
	struct agency_line *a)
{
	struct word parts[6];
	size_t colon = 0, i = 0, start = 0, np = 0, ai = 0, j, nbefore;
	const struct rule *r;
	int found = 0;
	unsigned cp;
	int k;

	memset(a, 0, sizeof(*a));
	while (i < len && i < 160) {
		k = ak_utf8_next(s + i, len - i, &cp);
		if (cp == ':') {
			colon = i;
			break;
		}
		if (cp == '.' || cp == 0x00AB || cp == '"' || cp == 0x060C)
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
		if (i == colon || is_dash_cp(cp)) {
			if (np == 6)
				return 0;
			parts[np].s = s + start;
			parts[np].len = i - start;
			trim(&parts[np].s, &parts[np].len);
			if (parts[np].len == 0 ||
			    count_words(parts[np].s, parts[np].len) > 5)
				return 0;
			np++;
			start = i + (size_t)k;
		}
		i += (size_t)(k < 1 ? 1 : k);
	}
	for (j = 0; j < np && !found; j++) {
		if (known_word(pg, RK_AGENCY, parts[j].s, parts[j].len)) {
			found = 1;
			ai = j;
			a->agency = parts[j].s;
			a->agency_len = parts[j].len;
		} else if ((r = match_prefix_word(pg, RK_AGENCY, parts[j].s,
		    parts[j].len)) != NULL) {
			/* «سبق الطائف» */
			found = 1;
			ai = j;
			a->agency = parts[j].s;
			a->agency_len = r->len;
			a->place = parts[j].s + r->len + 1;
			a->place_len = parts[j].len - r->len - 1;
		}
	}
	if (!found)
		return 0;
	/* after the agency: more agencies («سبق- وكالات») or the place */
	for (j = ai + 1; j < np; j++) {
		if (known_word(pg, RK_AGENCY, parts[j].s, parts[j].len)) {
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
	trim(&a->rest, &a->rest_len);
	return a->rest_len > 0;
}

/* «طلال عبدالله ـ جدة» standing alone: a byline and a place. */
static int
find_byline_place(const struct line *l, struct word *name, struct word *place)
{
	struct word w[8];
	size_t n, i;

	if (l->nwords > 7 || l->nwords < 3 || ends_sentence(l->s, l->len))
		return 0;
	n = split_words(l->s, l->len, w, 8);
	for (i = 1; i + 1 < n; i++) {
		if (!is_dash_word(w[i].s, w[i].len))
			continue;
		if (i > 4 || n - i - 1 > 3 || !words_are_names(w, i) ||
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

/* ------------------------------------------------------- detection */

static int
detect_rule_matches(const struct rule *r, struct line *all, size_t n)
{
	struct dateline d;
	size_t i, seen = 0;

	for (i = 0; i < n; i++) {
		if (all[i].len == 0)
			continue;
		if (r->match == RM_DATELINE) {
			if (++seen > 15)
				return 0;
			if (find_dateline(all[i].s, all[i].len, &d) &&
			    d.sep == last_cp(r->text, r->len))
				return 1;
			continue;
		}
		if (rule_matches(r, all[i].s, all[i].len))
			return 1;
	}
	return 0;
}

/* Which site's page is this?  The one with the most evidence. */
static const struct site *
detect_site(const struct ak_sites *sites, const struct ak_parse_opts *o,
	struct line *all, size_t n)
{
	const struct site *best = NULL, *st;
	size_t i, j, score, need;
	double ratio, best_ratio = 0;
	size_t best_score = 0;

	if (!sites)
		return NULL;
	if (o && o->publisher) {
		for (i = 0; i < sites->nsites; i++)
			if (sites->sites[i].name &&
			    strcmp(sites->sites[i].name, o->publisher) == 0)
				return &sites->sites[i];
	}
	for (i = 0; i < sites->nsites; i++) {
		st = &sites->sites[i];
		if (!st->name || st->ndetect == 0)
			continue;
		score = 0;
		for (j = 0; j < st->nrules; j++)
			if (st->rules[j].kind == RK_DETECT &&
			    detect_rule_matches(&st->rules[j], all, n))
				score++;
		need = st->require ? (size_t)st->require : st->ndetect;
		if (score < need)
			continue;
		ratio = (double)score / (double)st->ndetect;
		if (!best || score > best_score ||
		    (score == best_score && ratio > best_ratio)) {
			best = st;
			best_score = score;
			best_ratio = ratio;
		}
	}
	return best;
}

/* ------------------------------------------------------- building lines */

static void
page_release(struct page *pg)
{
	size_t i;

	for (i = 0; i < pg->n; i++)
		free(pg->l[i].date);
	free(pg->l);
	free(pg->buf);
}

/*
 * Split and normalise every line (blank ones kept for detection), then
 * keep the content lines, each knowing how much noise stood before it.
 */
static void
page_build(struct page *pg, const char *s, size_t len)
{
	struct ak_buf b = AK_BUF_INIT;
	struct line *all = NULL;
	size_t nall = 0, cap = 0, i = 0, end, k;
	size_t *offs = NULL;
	const struct rule *r;
	const char *cut;
	int noise = 0;
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
		all[nall].len = normalise(s + i, end - i, &b);
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

	pg->site = detect_site(pg->sites, pg->o, all, nall);

	pg->l = ak_xcalloc(nall ? nall : 1, sizeof(*pg->l));
	for (i = 0; i < nall; i++) {
		l = &all[i];
		if (l->len == 0)
			continue;
		/* cut: "... (أ.ف.ب) play-circle 03:44" */
		for (k = 0; pg->sites && k < pg->sites->nsites; k++) {
			const struct site *st = &pg->sites->sites[k];
			size_t j;

			if (!site_active(pg, st))
				continue;
			for (j = 0; j < st->nrules; j++) {
				r = &st->rules[j];
				if (r->kind != RK_CUT)
					continue;
				cut = find_bytes(l->s, l->len, r->text, r->len);
				if (cut)
					l->len = (size_t)(cut - l->s);
			}
		}
		trim(&l->s, &l->len);
		if (l->len == 0 || match_kind(pg, RK_NOISE, l->s, l->len)) {
			noise++;
			continue;
		}
		l->ncp = count_cps(l->s, l->len);
		l->nwords = count_words(l->s, l->len);
		l->noise_before = noise;
		noise = 0;
		l->kind = LK_TEXT;
		if (match_kind(pg, RK_RELATED, l->s, l->len))
			l->kind = LK_RELATED;
		else if (match_kind(pg, RK_RELATED_END, l->s, l->len))
			l->kind = LK_RELATED_END;
		else if (match_kind(pg, RK_SUMMARY, l->s, l->len))
			l->kind = LK_SUMMARY;
		else if ((r = match_kind(pg, RK_SOURCE, l->s, l->len)) != NULL) {
			l->kind = LK_SOURCE;
			l->vstart = r->len;
		} else if ((r = match_kind(pg, RK_BYLINE, l->s, l->len)) !=
		    NULL && l->ncp < 80) {
			l->kind = LK_BYLINE;
			l->vstart = r->len;
		} else if (l->len <= 200 &&
		    (l->date = ak_parse_date_line(l->s, l->len)) != NULL) {
			l->kind = LK_DATE;
		}
		if (l->kind == LK_TEXT)
			caption_candidate(pg, l);
		pg->l[pg->n++] = *l;
	}
	free(all);
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
	    l->ncp <= 250 && !ends_sentence(l->s, l->len);
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
	size_t j, k, limit = i + 9;
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
	marker = j == i + 1 && pg->l[i].nwords >= 4 &&
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
		} else if (l->kind == LK_TEXT && l->nwords <= 2 &&
		    l->ncp <= 16) {
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
	for (i = a->nblocks; i > 0 && seen < 256; i--, seen++) {
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
	close = last_cp(s, len);
	if (close == '.') {
		len--;
		close = last_cp(s, len);
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
	return l->kind == LK_TEXT && l->ncp <= 60 && l->nwords <= 9 &&
	    !ends_sentence(l->s, l->len) && l->s[0] != '*' &&
	    l->s[0] != '-' && !find_bytes(l->s, l->len, "\xd8\x8c", 2);
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
	    !is_caption(pg, j) && (next->ncp > 60 ||
	    ends_sentence(next->s, next->len))) {
		ak_article_add_block(&t->a, AK_BLOCK_HEADING, s, len, NULL);
		t->body_blocks++;
		return;
	}
	if (len > 80 * 2 && is_quote(s, len)) {
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
	return l->ncp <= 60 && l->nwords <= 8 && !ends_sentence(l->s, l->len);
}

static int
ref_caption(const struct page *pg, size_t i)
{
	const struct line *l = &pg->l[i];

	return l->kind == LK_TEXT && l->cap && (l->cap_known ||
	    match_prefix_word(pg, RK_SECTION, l->s, l->cap_len));
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
	    pg->l[to - 1].nwords <= 4 || pg->l[to - 1].cap)) {
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
	const struct rule *sec;
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
			if (l->kind != LK_TEXT || l->ncp > 250)
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
		sec = match_prefix_word(pg, RK_SECTION, l->s, l->cap_len);
		if (sec) {
			set_field(&r->section, l->s, sec->len);
			if (l->cap_len > sec->len + 1)
				set_field(&r->caption, l->s + sec->len + 1,
				    l->cap_len - sec->len - 1);
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
	    pg->l[i + 1].ncp <= 80) {
		i++;
		v = pg->l[i].s;
		vlen = pg->l[i].len;
	}
	/* «نيويورك تايمز» */
	if (vlen >= 4 && memcmp(v, "\xc2\xab", 2) == 0 &&
	    memcmp(v + vlen - 2, "\xc2\xbb", 2) == 0 &&
	    !find_bytes(v + 2, vlen - 4, "\xc2\xab", 2)) {
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
		if (i == len || is_dash_cp(cp)) {
			p = s + start;
			plen = i - start;
			trim(&p, &plen);
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

	if (find_agency_line(pg, *s, *len, &ag)) {
		if (ag.byline && !t->a.byline)
			set_writers(&t->a.byline, ag.byline, ag.byline_len);
		if (ag.place && !t->a.dateline) {
			if (known_word(pg, RK_AGENCY, ag.place, ag.place_len))
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
	if (!t->a.dateline && find_dateline(*s, *len, &d)) {
		set_field(&t->a.dateline, d.place, d.place_len);
		if (d.agency && d.agency_len && !t->a.source)
			set_field(&t->a.source, d.agency, d.agency_len);
		*s = d.rest;
		*len = d.rest_len;
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
	    l->ncp > 400 || find_byline_place(l, &w1, &w2) ||
	    find_dateline(l->s, l->len, &d) ||
	    find_agency_line(pg, l->s, l->len, &ag))
		return 0;
	n = &pg->l[i + 1];
	if (is_caption(pg, i + 1) || n->kind == LK_SUMMARY ||
	    n->kind == LK_BYLINE || n->kind == LK_DATE)
		return 1;
	if (n->kind != LK_TEXT)
		return 0;
	return find_dateline(n->s, n->len, &d) ||
	    find_agency_line(pg, n->s, n->len, &ag) ||
	    find_byline_place(n, &w1, &w2);
}

/* A title cut from the text when a page has none: its first words. */
static void
title_from_text(struct art *t, const char *s, size_t len)
{
	struct word w[13];
	size_t n = split_words(s, len, w, 13);
	struct ak_buf b = AK_BUF_INIT;

	if (n == 0)
		return;
	if (n <= 12) {
		set_field(&t->a.title, s, len);
		return;
	}
	ak_buf_add(&b, s, (size_t)(w[11].s + w[11].len - s));
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
	if (pg->o && pg->o->publisher)
		ak_set_str(&t->a.publisher, pg->o->publisher);
	else if (pg->site)
		ak_set_str(&t->a.publisher, pg->site->name);
	if (t->a.title) {
		unsigned cp = 0;
		size_t k;
		int kk;

		for (k = 0; t->a.title[k]; k += (size_t)(kk < 1 ? 1 : kk)) {
			kk = ak_utf8_next(t->a.title + k,
			    strlen(t->a.title + k), &cp);
			if (is_arabic_cp(cp) && is_letter_cp(cp)) {
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

static int
parse_article(struct page *pg, size_t from, size_t to, size_t title_at,
	size_t repeat_at)
{
	struct art t;
	struct word w1, w2;
	const struct line *l;
	const char *s;
	size_t i, ti = to, len;
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
		} else if (l->kind != LK_RELATED_END) {
			break;
		}
	}
	if (i < to && pg->l[i].kind == LK_TEXT && pg->l[i].ncp <= 250) {
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
	} else if (ti < to && i < to && subtitle_at(pg, i, to)) {
		set_field(&t.a.subtitle, pg->l[i].s, pg->l[i].len);
		i++;
	}

	/* body */
	for (; i < to; i++) {
		l = &pg->l[i];
		switch (l->kind) {
		case LK_RELATED:
			parse_refs(pg, &t, i + 1, to);
			i = to;
			continue;
		case LK_RELATED_END:
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
				t.summary_checks = 3;
				t.body_blocks++;
			}
			continue;
		case LK_TEXT:
			break;
		}
		/* the repeated title, a doubled line */
		if (t.a.title && bytes_eq(l->s, l->len, t.a.title,
		    strlen(t.a.title)))
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
		    bytes_eq(l->s, l->len, pg->l[i + 1].s,
		    pg->l[i + 1].cap_len))
			continue;
		if (body_first(&t) && find_byline_place(l, &w1, &w2)) {
			if (!t.a.byline)
				set_field(&t.a.byline, w1.s, w1.len);
			if (known_word(pg, RK_AGENCY, w2.s, w2.len)) {
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
	pg.sites = o ? o->sites : NULL;
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
			    (pg.l[i].kind != LK_TEXT || pg.l[i].ncp > 80 ||
			    ends_sentence(pg.l[i].s, pg.l[i].len)))
				text = 1;
		if (text) {
			from = seg_start(&pg, starts[0], 0);
			rc = parse_article(&pg, 0, from, pg.n, 0);
			if (rc != AK_OK)
				goto out;
		}
	}
	if (nstarts == 0) {
		rc = parse_article(&pg, 0, pg.n, pg.n, 0);
		goto done;
	}
	for (k = 0; k < nstarts; k++) {
		to = k + 1 < nstarts ? seg_start(&pg, starts[k + 1], starts[k]) :
		    pg.n;
		title_at = starts[k];
		rc = parse_article(&pg, from, to, title_at, repeats_at[k]);
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
