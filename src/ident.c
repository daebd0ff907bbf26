/*
 * Article identity: keys, content hashes, body fingerprints and the
 * decision between "unchanged", "edited", "the same text elsewhere" and
 * "another article".  The rules are in ident.h; the cache finds the
 * candidates and applies the verdict.
 */
#include "config.h"

#include "akhbar/ident.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/parse.h"
#include "akhbar/text.h"

/* ---------------------------------------------------------------- hash */

/* FNV-1a, 64 bits: change detection, not security. */
static void
hash_str(uint64_t *h, const char *s)
{
	const unsigned char *p = (const unsigned char *)(s ? s : "\x01");

	for (; *p; p++) {
		*h ^= *p;
		*h *= 0x100000001b3ULL;
	}
	*h ^= 0x1f;
	*h *= 0x100000001b3ULL;
}

void
ak_ident_hash(const struct ak_article *a, char out[17])
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	hash_str(&h, a->title);
	hash_str(&h, a->subtitle);
	hash_str(&h, a->publisher);
	hash_str(&h, a->section);
	hash_str(&h, a->byline);
	hash_str(&h, a->dateline);
	hash_str(&h, a->published);
	hash_str(&h, a->date_raw);
	hash_str(&h, a->source);
	hash_str(&h, a->lang);
	hash_str(&h, a->url);
	hash_str(&h, a->guid);
	for (i = 0; i < a->nblocks; i++) {
		hash_str(&h, ak_block_kind_name(a->blocks[i].kind));
		hash_str(&h, a->blocks[i].text);
		hash_str(&h, a->blocks[i].credit);
	}
	for (i = 0; i < a->nrefs; i++) {
		hash_str(&h, a->refs[i].title);
		hash_str(&h, a->refs[i].section);
		hash_str(&h, a->refs[i].caption);
		hash_str(&h, a->refs[i].summary);
		hash_str(&h, a->refs[i].byline);
	}
	snprintf(out, 17, "%016llx", (unsigned long long)h);
}

/* ---------------------------------------------------------------- sketch */

/*
 * Words for shingling: runs of bytes that are not ASCII space or
 * punctuation, nor the Arabic comma, semicolon, question mark or
 * guillemets.  Cheap on purpose (no folding): the two versions being
 * compared come from the same site, and a fingerprint must cost little
 * next to parsing.
 */
static size_t
sep_len(const unsigned char *p, size_t left)
{
	if (*p < 0x80)
		return (*p <= ' ' || (*p >= '!' && *p <= '/') ||
		    (*p >= ':' && *p <= '@') || (*p >= '[' && *p <= '`') ||
		    (*p >= '{' && *p <= '~')) ? 1 : 0;
	if (left >= 2 && p[0] == 0xD8 && (p[1] == 0x8C || p[1] == 0x9B ||
	    p[1] == 0x9F))
		return 2;	/* ، ؛ ؟ */
	if (left >= 2 && p[0] == 0xC2 && (p[1] == 0xAB || p[1] == 0xBB ||
	    p[1] == 0xA0))
		return 2;	/* « » no-break space */
	return 0;
}

struct shingler {
	uint64_t w[3];		/* hashes of the last three words */
	unsigned nw;
	struct ak_sketch *s;
};

static void
sketch_add(struct ak_sketch *s, uint32_t h)
{
	unsigned i, j;

	if (s->n == AK_SKETCH_K && h >= s->h[AK_SKETCH_K - 1])
		return;
	for (i = 0; i < s->n && s->h[i] < h; i++)
		;
	if (i < s->n && s->h[i] == h)
		return;
	j = s->n < AK_SKETCH_K ? s->n++ : AK_SKETCH_K - 1;
	for (; j > i; j--)
		s->h[j] = s->h[j - 1];
	s->h[i] = h;
}

static void
shingle_word(struct shingler *sh, const unsigned char *w, size_t len)
{
	uint64_t h = 0xcbf29ce484222325ULL, x;
	size_t i;

	for (i = 0; i < len; i++) {
		h ^= w[i];
		h *= 0x100000001b3ULL;
	}
	sh->w[0] = sh->w[1];
	sh->w[1] = sh->w[2];
	sh->w[2] = h;
	if (++sh->nw < 3)
		return;
	x = sh->w[0] * 0x9E3779B97F4A7C15ULL ^ sh->w[1] * 0xC2B2AE3D27D4EB4FULL
	    ^ sh->w[2];
	x ^= x >> 29;
	x *= 0xBF58476D1CE4E5B9ULL;
	x ^= x >> 32;
	sketch_add(sh->s, (uint32_t)x);
}

static void
shingle_text(struct shingler *sh, const char *text)
{
	const unsigned char *p = (const unsigned char *)text, *w = NULL;
	size_t left = strlen(text), k;

	while (left > 0) {
		k = sep_len(p, left);
		if (k) {
			if (w)
				shingle_word(sh, w, (size_t)(p - w));
			w = NULL;
			p += k;
			left -= k;
			continue;
		}
		if (!w)
			w = p;
		p++;
		left--;
	}
	if (w)
		shingle_word(sh, w, (size_t)(p - w));
}

void
ak_ident_sketch(const struct ak_article *a, struct ak_sketch *s)
{
	struct shingler sh;
	size_t i;

	memset(s, 0, sizeof(*s));
	memset(&sh, 0, sizeof(sh));
	sh.s = s;
	for (i = 0; i < a->nblocks; i++)
		if (a->blocks[i].text)
			shingle_text(&sh, a->blocks[i].text);
	if (sh.nw > 0 && sh.nw < 3) {
		/* one or two words in all: they are the shingle */
		sh.w[0] = sh.nw == 1 ? 0 : sh.w[1];
		sh.nw = 2;
		shingle_word(&sh, (const unsigned char *)"", 0);
	}
}

/*
 * Bottom-k estimate: of the smallest values of the union (up to the
 * largest value both sketches can speak for), the share found in both.
 */
double
ak_sketch_similarity(const struct ak_sketch *a, const struct ak_sketch *b)
{
	uint32_t limit = UINT32_MAX;
	unsigned i = 0, j = 0, both = 0, all = 0;

	if (a->n == 0 || b->n == 0)
		return 1.0;
	if (a->n == AK_SKETCH_K)
		limit = a->h[AK_SKETCH_K - 1];
	if (b->n == AK_SKETCH_K && b->h[AK_SKETCH_K - 1] < limit)
		limit = b->h[AK_SKETCH_K - 1];
	while ((i < a->n || j < b->n) && all < AK_SKETCH_K) {
		uint32_t v;

		if (j >= b->n || (i < a->n && a->h[i] < b->h[j])) {
			v = a->h[i++];
		} else if (i >= a->n || b->h[j] < a->h[i]) {
			v = b->h[j++];
		} else {
			v = a->h[i++];
			j++;
			if (v <= limit)
				both++;
		}
		if (v > limit)
			break;
		all++;
	}
	return all ? (double)both / all : 0.0;
}

size_t
ak_sketch_pack(const struct ak_sketch *s, unsigned char *out)
{
	unsigned i;

	for (i = 0; i < s->n; i++) {
		out[4 * i] = (unsigned char)(s->h[i] >> 24);
		out[4 * i + 1] = (unsigned char)(s->h[i] >> 16);
		out[4 * i + 2] = (unsigned char)(s->h[i] >> 8);
		out[4 * i + 3] = (unsigned char)s->h[i];
	}
	return (size_t)s->n * 4;
}

void
ak_sketch_unpack(const void *p, size_t len, struct ak_sketch *s)
{
	const unsigned char *b = p;
	unsigned i;

	memset(s, 0, sizeof(*s));
	for (i = 0; i < AK_SKETCH_K && 4 * (size_t)i + 4 <= len; i++)
		s->h[i] = (uint32_t)b[4 * i] << 24 |
		    (uint32_t)b[4 * i + 1] << 16 |
		    (uint32_t)b[4 * i + 2] << 8 | b[4 * i + 3];
	s->n = i;
}

/* The words of the body (each block's text, then its credit), in order,
 * hashed: two bodies that say the same in other blocks hash the same. */
static void
hash_words(uint64_t *h, const char *text)
{
	const unsigned char *p = (const unsigned char *)text;
	size_t left = strlen(text), k;
	int in = 0;

	while (left > 0) {
		k = sep_len(p, left);
		if (k) {
			if (in) {
				*h ^= ' ';
				*h *= 0x100000001b3ULL;
			}
			in = 0;
			p += k;
			left -= k;
			continue;
		}
		*h ^= *p++;
		*h *= 0x100000001b3ULL;
		left--;
		in = 1;
	}
	if (in) {
		*h ^= ' ';
		*h *= 0x100000001b3ULL;
	}
}

uint64_t
ak_ident_body_words(const struct ak_article *a)
{
	uint64_t h = 0xcbf29ce484222325ULL;
	size_t i;

	for (i = 0; i < a->nblocks; i++) {
		if (a->blocks[i].text)
			hash_words(&h, a->blocks[i].text);
		if (a->blocks[i].credit)
			hash_words(&h, a->blocks[i].credit);
	}
	return h;
}

/* ---------------------------------------------------------------- URLs */

/* Query parameters that say where a reader came from, not what he read. */
static int
is_tracking(const char *p, size_t n)
{
	static const char *const names[] = {
		"fbclid", "gclid", "dclid", "gclsrc", "msclkid", "mc_cid",
		"mc_eid", "igshid", "yclid", "_ga", "_gl", "ocid", "cmpid",
		"__twitter_impression"
	};
	size_t i;

	if (n >= 4 && strncasecmp(p, "utm_", 4) == 0)
		return 1;
	for (i = 0; i < sizeof(names) / sizeof(names[0]); i++)
		if (strlen(names[i]) == n && strncasecmp(p, names[i], n) == 0)
			return 1;
	return 0;
}

char *
ak_url_key(const char *url)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *p, *host, *hend, *port, *rest, *q, *end;
	size_t i;
	int first = 1;

	if (!url)
		return NULL;
	while (*url == ' ' || *url == '\t' || *url == '\n' || *url == '\r')
		url++;
	if (strncasecmp(url, "http://", 7) == 0)
		host = url + 7;
	else if (strncasecmp(url, "https://", 8) == 0)
		host = url + 8;
	else
		return NULL;
	end = url + strlen(url);
	while (end > host && (end[-1] == ' ' || end[-1] == '\t' ||
	    end[-1] == '\n' || end[-1] == '\r'))
		end--;
	for (p = host; p < end && *p != '#'; p++)
		;
	end = p;	/* the fragment goes */
	hend = host + strcspn(host, "/?#");
	if (hend > end)
		hend = end;
	/* user info is not part of what the page is */
	for (p = host; p < hend; p++)
		if (*p == '@')
			host = p + 1;
	if (host == hend)
		return NULL;
	port = NULL;
	for (p = hend; p > host; p--)
		if (p[-1] == ':') {
			port = p - 1;
			break;
		} else if (p[-1] == ']') {
			break;
		}
	ak_buf_addstr(&b, "//");
	for (p = host; p < (port ? port : hend); p++)
		ak_buf_addch(&b, (char)(*p >= 'A' && *p <= 'Z' ? *p + 32 : *p));
	if (b.len > 2 && b.data[b.len - 1] == '.')
		b.len--, b.data[b.len] = '\0';	/* "host." is host */
	if (port && !(hend - port == 3 && strncmp(port, ":80", 3) == 0) &&
	    !(hend - port == 4 && strncmp(port, ":443", 4) == 0) &&
	    hend - port > 1)
		ak_buf_add(&b, port, (size_t)(hend - port));
	rest = hend;
	q = rest;
	while (q < end && *q != '?')
		q++;
	if (q == rest)
		ak_buf_addch(&b, '/');	/* "//host" is "//host/" */
	else
		ak_buf_add(&b, rest, (size_t)(q - rest));
	if (q < end) {
		/* the query, without tracking parameters and empty pairs */
		p = q + 1;
		while (p <= end) {
			const char *amp = p, *eq;

			while (amp < end && *amp != '&')
				amp++;
			for (eq = p; eq < amp && *eq != '='; eq++)
				;
			if (amp > p && !is_tracking(p, (size_t)(eq - p))) {
				ak_buf_addch(&b, first ? '?' : '&');
				ak_buf_add(&b, p, (size_t)(amp - p));
				first = 0;
			}
			p = amp + 1;
		}
	}
	for (i = 0; i < b.len; i++)
		if ((unsigned char)b.data[i] <= ' ')
			break;
	if (i < b.len) {	/* a space inside: not a URL after all */
		ak_buf_release(&b);
		return NULL;
	}
	return ak_buf_detach(&b, NULL);
}

/* ---------------------------------------------------------------- keys */

static char *
trimmed(const char *s)
{
	size_t n;

	while (*s == ' ' || *s == '\t' || *s == '\n' || *s == '\r')
		s++;
	n = strlen(s);
	while (n > 0 && (s[n - 1] == ' ' || s[n - 1] == '\t' ||
	    s[n - 1] == '\n' || s[n - 1] == '\r'))
		n--;
	return ak_xstrndup(s, n);
}

/* The host part of a URL key "//host/...", as a scope for guids. */
static void
add_scope(struct ak_buf *b, const struct ak_article *a)
{
	char *k = ak_url_key(a->url);

	if (k) {
		ak_buf_add(b, k + 2, strcspn(k + 2, "/"));
		free(k);
	} else if (a->publisher) {
		ak_buf_addstr(b, a->publisher);
	}
}

static char *
article_key(const struct ak_article *a, const char *title_key, int *strong)
{
	struct ak_buf b = AK_BUF_INIT;
	char *g = a->guid ? trimmed(a->guid) : NULL, *u;

	*strong = 1;
	if (g && *g) {
		u = ak_url_key(g);
		if (u) {
			/* an absolute URL names itself everywhere; the
			 * guid is still compared as given */
			free(u);
			ak_buf_addf(&b, "guid:%s", g);
		} else {
			ak_buf_addstr(&b, "guid:");
			add_scope(&b, a);
			ak_buf_addf(&b, "\x1e%s", g);
		}
		free(g);
		return ak_buf_detach(&b, NULL);
	}
	free(g);
	u = ak_url_key(a->url);
	if (u) {
		ak_buf_addf(&b, "url:%s", u);
		free(u);
		return ak_buf_detach(&b, NULL);
	}
	*strong = 0;
	ak_buf_addf(&b, "key:%s\x1e%s", a->publisher ? a->publisher : "",
	    title_key);
	return ak_buf_detach(&b, NULL);
}

/* Days since 1970-01-01 of an ISO date "YYYY-MM-DD...", or -1. */
static long
iso_days(const char *s)
{
	int y, m, d;

	if (!s || sscanf(s, "%4d-%2d-%2d", &y, &m, &d) != 3 || m < 1 ||
	    m > 12 || d < 1 || d > ak_days_in_month(y, m))
		return -1;
	return ak_days_from_civil(y, m, d);
}

void
ak_ident_of(const struct ak_article *a, struct ak_ident *id)
{
	const char *title = a->title ? a->title : "";

	memset(id, 0, sizeof(*id));
	id->title_key = ak_text_key(title, strlen(title));
	id->key = article_key(a, id->title_key, &id->strong);
	ak_ident_hash(a, id->hash);
	ak_ident_sketch(a, &id->sketch);
	id->days = iso_days(a->published);
}

void
ak_ident_release(struct ak_ident *id)
{
	free(id->key);
	free(id->title_key);
	memset(id, 0, sizeof(*id));
}

/* ---------------------------------------------------------------- decide */

void
ak_ident_decide(const struct ak_ident *id, const struct ak_ident_cand *c,
	size_t n, struct ak_ident_match *m)
{
	size_t i, best = n;
	double s, bs = -1;
	int edit;

	memset(m, 0, sizeof(*m));
	m->verdict = AK_IDENT_NEW;
	m->why = "new";
	for (i = 0; i < n; i++) {
		if (c[i].same_key && strcmp(c[i].hash, id->hash) == 0) {
			m->verdict = AK_IDENT_SAME;
			m->which = i;
			m->similarity = 1.0;
			m->why = "unchanged";
			return;
		}
	}
	/* the most similar candidate of the same key that is an edit */
	for (i = 0; i < n; i++) {
		if (!c[i].same_key)
			continue;
		s = ak_sketch_similarity(&id->sketch, c[i].sketch);
		if (id->strong)
			edit = s >= AK_IDENT_EDIT_MIN ||
			    strcmp(c[i].title_key, id->title_key) == 0;
		else
			edit = s >= AK_IDENT_EDIT_MIN && (id->days < 0 ||
			    c[i].days < 0 || labs(id->days - c[i].days) <=
			    AK_IDENT_EDIT_DAYS) && (c[i].blocks_kept < 0 ||
			    c[i].blocks_kept >= AK_IDENT_BLOCKS_MIN);
		if (edit && s > bs) {
			bs = s;
			best = i;
		}
	}
	if (best < n) {
		m->verdict = AK_IDENT_EDIT;
		m->which = best;
		m->similarity = bs;
		m->why = id->strong ? (strncmp(id->key, "guid:", 5) == 0 ?
		    "the same guid" : "the same URL") :
		    "the same title and most of the text";
		return;
	}
	/* the same text reached through another URL or guid */
	for (i = 0; id->strong && i < n; i++) {
		if (c[i].same_key)
			continue;
		s = ak_sketch_similarity(&id->sketch, c[i].sketch);
		if (s >= AK_IDENT_SAME_TEXT && s > bs && id->sketch.n > 0 &&
		    c[i].sketch->n > 0) {
			bs = s;
			best = i;
		}
	}
	if (best < n) {
		m->verdict = AK_IDENT_ALIAS;
		m->which = best;
		m->similarity = bs;
		m->why = "the same title and text under another address";
		return;
	}
	/* a new article; say why when it shares a key or a title */
	for (i = 0; i < n; i++) {
		s = ak_sketch_similarity(&id->sketch, c[i].sketch);
		if (s > bs) {
			bs = s;
			m->which = i;
		}
	}
	if (n > 0) {
		m->similarity = bs;
		m->why = id->strong && c[m->which].same_key ?
		    "another story at an address already in the cache" :
		    "the same title as a stored article, another text";
	}
}
