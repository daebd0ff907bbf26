/*
 * The site rules language of the text-page parser: reading the .rules
 * files of assets/sites (see the README there) into a struct ak_sites,
 * telling which site a page comes from, and matching a page's lines
 * against the rules in force for it.  What a rule means for an article is
 * page assembly's business (parse_text.c).
 */
#include "config.h"

#include "akhbar/parse.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/error.h"
#include "akhbar/paths.h"
#include "akhbar/text.h"
#include "parse_text_priv.h"

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
		return pt_bytes_eq(s, len, r->text, r->len);
	case RM_PREFIX:
		if (len >= r->len && memcmp(s, r->text, r->len) == 0)
			return 1;
		/* Arabic typing often puts a space before a colon */
		return r->len > 1 && r->text[r->len - 1] == ':' &&
		    len > r->len && memcmp(s, r->text, r->len - 1) == 0 &&
		    s[r->len - 1] == ' ' && s[r->len] == ':';
	case RM_SUFFIX:
		return len >= r->len &&
		    memcmp(s + len - r->len, r->text, r->len) == 0;
	case RM_CONTAINS:
		return pt_find_bytes(s, len, r->text, r->len) != NULL;
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
	pt_normalise(clean, clen, &b);
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
	if (pt_bytes_eq(kw, kwlen, "name", 4)) {
		if (alen == 0)
			goto missing;
		if (st->name)
			return ak_error_set(err, AK_ECONFIG,
			    "%s:%zu: a second 'name'", path, lineno);
		st->name = rule_text(arg, alen, NULL);
		return AK_OK;
	}
	if (pt_bytes_eq(kw, kwlen, "require", 7)) {
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
		if (pt_bytes_eq(kw, kwlen, rule_kind_names[i],
		    strlen(rule_kind_names[i])))
			kind = (int)i;
	if (kind < 0)
		return ak_error_set(err, AK_ECONFIG,
		    "%s:%zu: unknown directive '%.*s'", path, lineno,
		    (int)(kwlen > 40 ? 40 : kwlen), kw);
	if (kind == RK_DETECT || kind == RK_NOISE || kind == RK_FOOTER) {
		sub = arg;
		while (sublen < alen && sub[sublen] != ' ' &&
		    sub[sublen] != '\t')
			sublen++;
		match = -1;
		for (i = 0; i < sizeof(match_names) / sizeof(match_names[0]);
		    i++)
			if (pt_bytes_eq(sub, sublen, match_names[i],
			    strlen(match_names[i])))
				match = (int)i;
		if (match < 0 || (kind != RK_DETECT && match == RM_DATELINE))
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
	if (kind == RK_SOURCE || kind == RK_BYLINE || kind == RK_META)
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

/* Is site st's rule set in force for this page? */
static int
site_active(const struct pt_rules *r, const struct site *st)
{
	return !st->name || st == r->site;
}

/*
 * The rules in force, grouped by kind, in file order: every line of a
 * page is matched against several kinds, and a page may have millions of
 * lines, so no lookup walks the rules of other kinds or other sites.
 */
void
pt_rules_index(struct pt_rules *r)
{
	const struct site *st;
	size_t i, j, n = 0, k;

	memset(r->start, 0, sizeof(r->start));
	r->by_kind = NULL;
	if (!r->sites)
		return;
	for (i = 0; i < r->sites->nsites; i++)
		if (site_active(r, &r->sites->sites[i]))
			n += r->sites->sites[i].nrules;
	r->by_kind = ak_xcalloc(n ? n : 1, sizeof(*r->by_kind));
	n = 0;
	for (k = 0; k < RK_NKINDS; k++) {
		r->start[k] = n;
		for (i = 0; i < r->sites->nsites; i++) {
			st = &r->sites->sites[i];
			if (!site_active(r, st))
				continue;
			for (j = 0; j < st->nrules; j++)
				if (st->rules[j].kind == k)
					r->by_kind[n++] = &st->rules[j];
		}
	}
	r->start[RK_NKINDS] = n;
}

void
pt_rules_release(struct pt_rules *r)
{
	free(r->by_kind);
	r->by_kind = NULL;
}

size_t
pt_match(const struct pt_rules *r, enum rule_kind kind, const char *s,
	size_t len)
{
	size_t i;

	if (!r->by_kind)
		return 0;
	for (i = r->start[kind]; i < r->start[kind + 1]; i++)
		if (rule_matches(r->by_kind[i], s, len))
			return r->by_kind[i]->len;
	return 0;
}

size_t
pt_match_prefix_word(const struct pt_rules *r, enum rule_kind kind,
	const char *s, size_t len)
{
	const struct rule *best = NULL, *rl;
	size_t i;

	if (!r->by_kind)
		return 0;
	for (i = r->start[kind]; i < r->start[kind + 1]; i++) {
		rl = r->by_kind[i];
		if (rl->len >= len || memcmp(s, rl->text, rl->len) != 0 ||
		    s[rl->len] != ' ')
			continue;
		if (!best || rl->len > best->len)
			best = rl;
	}
	return best ? best->len : 0;
}

int
pt_known_word(const struct pt_rules *r, enum rule_kind kind, const char *s,
	size_t len)
{
	size_t i;

	if (!r->by_kind || len == 0)
		return 0;
	for (i = r->start[kind]; i < r->start[kind + 1]; i++)
		if (pt_bytes_eq(s, len, r->by_kind[i]->text,
		    r->by_kind[i]->len))
			return 1;
	return 0;
}

/* a and b equal once their spaces and full stops are left out */
static int
loose_eq(const char *a, size_t alen, const char *b, size_t blen)
{
	size_t i = 0, j = 0;

	for (;;) {
		while (i < alen && (a[i] == ' ' || a[i] == '.'))
			i++;
		while (j < blen && (b[j] == ' ' || b[j] == '.'))
			j++;
		if (i == alen || j == blen)
			return i == alen && j == blen;
		if (a[i++] != b[j++])
			return 0;
	}
}

int
pt_known_credit(const struct pt_rules *r, const char *s, size_t len)
{
	size_t i;

	if (!r->by_kind || len == 0)
		return 0;
	for (i = r->start[RK_CREDIT]; i < r->start[RK_CREDIT + 1]; i++)
		if (loose_eq(s, len, r->by_kind[i]->text, r->by_kind[i]->len))
			return 1;
	return 0;
}

size_t
pt_cut(const struct pt_rules *r, const char *s, size_t len)
{
	const struct rule *rl;
	const char *cut;
	size_t i;

	if (!r->by_kind)
		return len;
	for (i = r->start[RK_CUT]; i < r->start[RK_CUT + 1]; i++) {
		rl = r->by_kind[i];
		cut = pt_find_bytes(s, len, rl->text, rl->len);
		if (cut)
			len = (size_t)(cut - s);
	}
	return len;
}

const char *
pt_site_name(const struct site *st)
{
	return st->name;
}

/* ------------------------------------------------------- detection */

/* Lines from the top of the page a 'detect dateline' rule looks at. */
#define DETECT_DATELINE_LINES	15

static int
detect_rule_matches(const struct rule *r, const struct line *all, size_t n)
{
	struct dateline d;
	size_t i, seen = 0;

	for (i = 0; i < n; i++) {
		if (all[i].len == 0)
			continue;
		if (r->match == RM_DATELINE) {
			if (++seen > DETECT_DATELINE_LINES)
				return 0;
			if (pt_find_dateline(all[i].s, all[i].len, &d) &&
			    d.sep == pt_last_cp(r->text, r->len))
				return 1;
			continue;
		}
		if (rule_matches(r, all[i].s, all[i].len))
			return 1;
	}
	return 0;
}

const struct site *
pt_detect_site(const struct ak_sites *sites, const struct ak_parse_opts *o,
	const struct line *all, size_t n)
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
