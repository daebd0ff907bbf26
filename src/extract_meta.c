/*
 * A web page's metadata: headline, date, author, section, description,
 * publisher, canonical URL, language.  One walk of the document collects
 * every candidate (JSON-LD, <meta>, <link>, <title>, <h1>, <time>,
 * rel=author); ex_meta_apply then takes the best source for each field:
 * JSON-LD first (the site wrote it for machines), then OpenGraph and
 * Twitter cards, then what the page shows.  Titles lose the site's name
 * («... | الشرق الأوسط», «CNN - ...»), known from og:site_name or the
 * JSON-LD publisher, else guessed from the separators.
 *
 * JSON-LD is read by a small tolerant JSON reader (sites write trailing
 * commas and raw line breaks in strings); a block it cannot read is
 * skipped.  It is bounded: MAX_LD bytes a block, JSON_DEPTH levels.
 */
#include "config.h"

#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/decode.h"
#include "akhbar/parse.h"
#include "akhbar/xml.h"
#include "extract_priv.h"

#define MAX_LD		(1u << 20)	/* bytes of one JSON-LD block */
#define JSON_DEPTH	32
#define MAX_FIELD	4096		/* bytes kept of a metadata string */
#define MAX_H1		8
#define MAX_BYLINE	120		/* characters: longer is not a byline */
#define MAX_PARTS	16		/* of a title, between separators */
#define BYLINE_BOX	150		/* characters around a byline's link */
#define RESCUE_WORDS	3		/* a title's part the <h1> holds, as
					 * few words as this, is the site's */

/* --------------------------------------------------------------- JSON */

enum { J_NULL, J_BOOL, J_NUM, J_STR, J_ARR, J_OBJ };

struct jnode {
	int type;
	char *key;		/* member name, in an object */
	char *str;		/* J_STR: the decoded string */
	int child, last, next;	/* indexes, -1 for none */
};

struct json {
	struct jnode *v;
	size_t n, cap;
	const char *p, *end;
};

static int
jnew(struct json *j, int type)
{
	if (j->n == j->cap) {
		j->cap = j->cap ? j->cap * 2 : 64;
		j->v = ak_xreallocarray(j->v, j->cap, sizeof(*j->v));
	}
	j->v[j->n] = (struct jnode){ type, NULL, NULL, -1, -1, -1 };
	return (int)j->n++;
}

static void
jfree(struct json *j)
{
	size_t i;

	for (i = 0; i < j->n; i++) {
		free(j->v[i].key);
		free(j->v[i].str);
	}
	free(j->v);
}

static void
jws(struct json *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
	    *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static int
hex4(const char *p, unsigned *out)
{
	unsigned v = 0;
	int i;

	for (i = 0; i < 4; i++) {
		char c = p[i];

		v <<= 4;
		if (c >= '0' && c <= '9')
			v |= (unsigned)(c - '0');
		else if (c >= 'a' && c <= 'f')
			v |= (unsigned)(c - 'a' + 10);
		else if (c >= 'A' && c <= 'F')
			v |= (unsigned)(c - 'A' + 10);
		else
			return 0;
	}
	*out = v;
	return 1;
}

/* A string at j->p (after the quote); NULL when it does not end. */
static char *
jstring(struct json *j)
{
	struct ak_buf b = AK_BUF_INIT;
	unsigned cp, lo;

	while (j->p < j->end && *j->p != '"') {
		char c = *j->p++;

		if (c != '\\') {
			ak_buf_addch(&b, c);
			continue;
		}
		if (j->p >= j->end)
			break;
		c = *j->p++;
		switch (c) {
		case 'n':
			ak_buf_addch(&b, '\n');
			break;
		case 'r': case 't': case 'f': case 'b':
			ak_buf_addch(&b, ' ');
			break;
		case 'u':
			if (j->end - j->p < 4 || !hex4(j->p, &cp))
				goto bad;
			j->p += 4;
			if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->p >= 6 &&
			    j->p[0] == '\\' && j->p[1] == 'u' &&
			    hex4(j->p + 2, &lo) && lo >= 0xDC00 && lo < 0xE000) {
				cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
				j->p += 6;
			}
			if (cp >= 0xD800 && cp < 0xE000)
				cp = 0xFFFD;
			ak_buf_addcp(&b, cp);
			break;
		default:
			ak_buf_addch(&b, c);
			break;
		}
	}
	if (j->p >= j->end)
		goto bad;
	j->p++;
	return ak_buf_detach(&b, NULL);
bad:
	ak_buf_release(&b);
	return NULL;
}

static int jvalue(struct json *j, int depth);

static void
jappend(struct json *j, int parent, int kid)
{
	if (j->v[parent].last < 0)
		j->v[parent].child = kid;
	else
		j->v[j->v[parent].last].next = kid;
	j->v[parent].last = kid;
}

/* An array or object at j->p (after the bracket); -1 on error. */
static int
jcompound(struct json *j, int type, int depth)
{
	int self = jnew(j, type), kid;
	char close = type == J_ARR ? ']' : '}', *key = NULL;

	for (;;) {
		jws(j);
		if (j->p >= j->end)
			return -1;
		if (*j->p == close) {
			j->p++;
			return self;
		}
		if (*j->p == ',') {	/* tolerated: [1,,2], trailing commas */
			j->p++;
			continue;
		}
		if (type == J_OBJ) {
			if (*j->p != '"')
				return -1;
			j->p++;
			key = jstring(j);
			if (!key)
				return -1;
			jws(j);
			if (j->p >= j->end || *j->p != ':') {
				free(key);
				return -1;
			}
			j->p++;
		}
		kid = jvalue(j, depth + 1);
		if (kid < 0) {
			free(key);
			return -1;
		}
		j->v[kid].key = key;
		key = NULL;
		jappend(j, self, kid);
	}
}

static int
jvalue(struct json *j, int depth)
{
	int id;
	char *s;

	if (depth > JSON_DEPTH)
		return -1;
	jws(j);
	if (j->p >= j->end)
		return -1;
	switch (*j->p) {
	case '{':
		j->p++;
		return jcompound(j, J_OBJ, depth);
	case '[':
		j->p++;
		return jcompound(j, J_ARR, depth);
	case '"':
		j->p++;
		s = jstring(j);
		if (!s)
			return -1;
		id = jnew(j, J_STR);
		j->v[id].str = s;
		return id;
	default:
		/* numbers, true, false, null: a word */
		if (!((*j->p >= '0' && *j->p <= '9') || *j->p == '-' ||
		    (*j->p >= 'a' && *j->p <= 'z')))
			return -1;
		while (j->p < j->end && ((*j->p >= '0' && *j->p <= '9') ||
		    (*j->p >= 'a' && *j->p <= 'z') || *j->p == '-' ||
		    *j->p == '+' || *j->p == '.' || *j->p == 'E'))
			j->p++;
		return jnew(j, J_NUM);
	}
}

/* The member key of object o, or -1. */
static int
jget(const struct json *j, int o, const char *key)
{
	int k;

	if (o < 0 || j->v[o].type != J_OBJ)
		return -1;
	for (k = j->v[o].child; k >= 0; k = j->v[k].next)
		if (j->v[k].key && !strcmp(j->v[k].key, key))
			return k;
	return -1;
}

/* A string: itself, an object's "name" (or "@id"), an array's first. */
static const char *
jtext(const struct json *j, int v, const char *objkey)
{
	int k;

	for (k = 0; v >= 0 && k < 4; k++) {
		switch (j->v[v].type) {
		case J_STR:
			return j->v[v].str;
		case J_ARR:
			v = j->v[v].child;
			break;
		case J_OBJ:
			v = jget(j, v, objkey);
			break;
		default:
			return NULL;
		}
	}
	return NULL;
}

static const char *const ld_article_types[] = {
	"NewsArticle", "Article", "ReportageNewsArticle",
	"AnalysisNewsArticle", "OpinionNewsArticle", "BackgroundNewsArticle",
	"ReviewNewsArticle", "BlogPosting", "LiveBlogPosting", "Report",
	"TechArticle", "ScholarlyArticle", "SocialMediaPosting", "Posting",
	NULL
};

static int
is_article_type(const char *t)
{
	size_t i;

	if (!t)
		return 0;
	if (!strncmp(t, "http://schema.org/", 18))
		t += 18;
	else if (!strncmp(t, "https://schema.org/", 19))
		t += 19;
	for (i = 0; ld_article_types[i]; i++)
		if (!strcmp(t, ld_article_types[i]))
			return 1;
	return 0;
}

static int
ld_is_article(const struct json *j, int o)
{
	int t = jget(j, o, "@type"), k;

	if (t < 0)
		return 0;
	if (j->v[t].type == J_STR)
		return is_article_type(j->v[t].str);
	if (j->v[t].type == J_ARR)
		for (k = j->v[t].child; k >= 0; k = j->v[k].next)
			if (j->v[k].type == J_STR &&
			    is_article_type(j->v[k].str))
				return 1;
	return 0;
}

/*
 * s with character references decoded once more.  Sites escape twice
 * (JSON-LD "headline": "&#8216;Jewels&#8217;", og:title="AT&amp;amp;T"):
 * what the markup already decoded is left, so a reference that a reader
 * would see as one stays one character.  A new string.
 */
static char *
unentity(const char *s, size_t len)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *p = s, *e = s + len, *semi;
	char name[33];

	while (p < e) {
		unsigned long cp = 0;
		const htmlEntityDesc *d;
		size_t k;

		if (*p != '&' || !(semi = memchr(p, ';', (size_t)(e - p))) ||
		    semi - p > 32 || semi - p < 3) {
			ak_buf_addch(&b, *p++);
			continue;
		}
		k = (size_t)(semi - p - 1);
		memcpy(name, p + 1, k);
		name[k] = '\0';
		if (name[0] == '#') {
			char *end;
			int hex = name[1] == 'x' || name[1] == 'X';

			cp = strtoul(name + 1 + hex, &end, hex ? 16 : 10);
			if (*end || end == name + 1 + hex || cp == 0 ||
			    cp > 0x10FFFF || (cp >= 0xD800 && cp < 0xE000))
				cp = 0;
		} else {
			d = ak_xml.htmlEntityLookup((const xmlChar *)name);
			cp = d ? d->value : 0;
		}
		if (!cp) {
			ak_buf_addch(&b, *p++);
			continue;
		}
		ak_buf_addcp(&b, (unsigned)cp);
		p = semi + 1;
	}
	if (!b.data)
		ak_buf_add(&b, "", 0);
	return ak_buf_detach(&b, NULL);
}

/* A metadata string: references decoded, sanitised, white space folded. */
static char *
meta_clean(const char *s, size_t n)
{
	char *u, *out;

	if (n > MAX_FIELD)
		n = MAX_FIELD;
	if (!memchr(s, '&', n))
		return ex_clean(s, n);
	u = unentity(s, n);
	out = ex_clean(u, strlen(u));
	free(u);
	return out;
}

static void
keep(char **field, const char *s)
{
	if (*field || !s)
		return;
	*field = meta_clean(s, strlen(s));
}

/*
 * The object v stands for: itself, or where it is only a reference
 * ({"@id": "https://site/#/schema/person/1f2e"}, as Yoast writes authors
 * into an @graph), the object elsewhere in the block with that @id.
 */
static int
ld_deref(const struct json *j, int v)
{
	const char *id;
	size_t i;

	if (v < 0 || j->v[v].type != J_OBJ || jget(j, v, "name") >= 0)
		return v;
	id = jtext(j, jget(j, v, "@id"), "@id");
	if (!id)
		return v;
	for (i = 0; i < j->n; i++)
		if ((int)i != v && j->v[i].type == J_OBJ &&
		    jget(j, (int)i, "name") >= 0) {
			const char *o = jtext(j, jget(j, (int)i, "@id"),
			    "@id");

			if (o && !strcmp(o, id))
				return (int)i;
		}
	return v;
}

/*
 * Is v an organisation ({"@type": "Organization"}): a site that names
 * itself the author, which is no byline?
 */
static int
ld_is_org(const struct json *j, int v)
{
	const char *t = jtext(j, jget(j, v, "@type"), "name");

	return j->v[v].type == J_OBJ && t && (strstr(t, "Organization") ||
	    strstr(t, "Organisation") || !strcmp(t, "Corporation"));
}

/*
 * The names of an author value: a string, {name}, or an array of them;
 * organisations left out unless orgs.
 */
static char *
ld_names(const struct json *j, int v, int orgs)
{
	struct ak_buf b = AK_BUF_INIT;
	const char *s;
	int k, n = 0;
	char *out;

	if (v < 0)
		return NULL;
	if (j->v[v].type != J_ARR) {
		v = ld_deref(j, v);
		s = !orgs && ld_is_org(j, v) ? NULL : jtext(j, v, "name");
		return s ? meta_clean(s, strlen(s)) : NULL;
	}
	for (k = j->v[v].child; k >= 0 && n < 8; k = j->v[k].next) {
		int o = ld_deref(j, k);

		if (!orgs && ld_is_org(j, o))
			continue;
		s = jtext(j, o, "name");
		if (!s || !*s)
			continue;
		if (n++)
			ak_buf_addstr(&b, ex_has_arabic(s) ? "، " : ", ");
		ak_buf_addstr(&b, s);
	}
	out = b.len ? meta_clean(b.data, b.len) : NULL;
	ak_buf_release(&b);
	return out;
}

static void
ld_article(struct ex_meta *m, const struct json *j, int o)
{
	const char *s;
	char *names;

	m->ld_article = 1;
	s = jtext(j, jget(j, o, "headline"), "name");
	if (!s)
		s = jtext(j, jget(j, o, "name"), "name");
	keep(&m->ld_headline, s);
	keep(&m->ld_name, jtext(j, jget(j, o, "name"), "name"));
	keep(&m->ld_published, jtext(j, jget(j, o, "datePublished"), "@value"));
	if (!m->ld_published)
		keep(&m->ld_published, jtext(j, jget(j, o, "dateCreated"),
		    "@value"));
	keep(&m->ld_modified, jtext(j, jget(j, o, "dateModified"), "@value"));
	if (!m->ld_author) {
		int au = jget(j, o, "author");
		const char *t;

		/* {"@type": "Person"}: a person even when the site has the
		 * name (a blog named after its author) */
		if (au >= 0 && j->v[au].type == J_ARR)
			au = j->v[au].child;
		au = ld_deref(j, au);
		t = au >= 0 ? jtext(j, jget(j, au, "@type"), "name") : NULL;
		m->ld_person = t && !strcmp(t, "Person");
		names = ld_names(j, jget(j, o, "author"), 0);
		if (!names)
			names = ld_names(j, jget(j, o, "creator"), 0);
		m->ld_author = names;
	}
	/* "Contributors to Wikimedia projects": when no person is named */
	if (!m->ld_org_author)
		m->ld_org_author = ld_names(j, jget(j, o, "author"), 1);
	keep(&m->ld_publisher, jtext(j, jget(j, o, "publisher"), "name"));
	keep(&m->ld_section, jtext(j, jget(j, o, "articleSection"), "name"));
	keep(&m->ld_description, jtext(j, jget(j, o, "description"), "name"));
	keep(&m->ld_url, jtext(j, jget(j, o, "url"), "@id"));
	keep(&m->ld_url, jtext(j, jget(j, o, "mainEntityOfPage"), "@id"));
	keep(&m->ld_lang, jtext(j, jget(j, o, "inLanguage"), "name"));
	s = jtext(j, jget(j, o, "articleBody"), "name");
	/* line ends kept: they are the paragraphs */
	if (s && !m->ld_body)
		m->ld_body = ak_sanitize(s, strlen(s) > MAX_LD ? MAX_LD :
		    strlen(s), NULL);
}

static void
ld_read(struct ex_meta *m, const char *s, size_t len)
{
	struct json j = { NULL, 0, 0, s, s + len };
	size_t i;
	int root;

	if (len > MAX_LD)
		return;
	/* «<![CDATA[», «<!--» and the like before the value; after it, the
	 * reader stops at the value's end */
	for (;;) {
		while (j.p < j.end && *j.p != '{' && *j.p != '[' && *j.p != '<')
			j.p++;
		if (j.p < j.end && *j.p == '<' && j.end - j.p >= 9 &&
		    !memcmp(j.p, "<![CDATA[", 9))
			j.p += 9;
		else if (j.p < j.end && *j.p == '<')
			j.p++;
		else
			break;
	}
	root = jvalue(&j, 0);
	if (root >= 0) {
		/* the first article object anywhere (top level, @graph) */
		for (i = 0; i < j.n; i++)
			if (j.v[i].type == J_OBJ && ld_is_article(&j, (int)i)) {
				if (!m->ld_headline || !m->ld_article)
					ld_article(m, &j, (int)i);
				break;
			}
		/* the site's name from a WebSite or Organization object */
		for (i = 0; i < j.n && !m->ld_publisher; i++) {
			int t = jget(&j, (int)i, "@type");
			const char *ts = t >= 0 ? jtext(&j, t, "name") : NULL;

			/* not an organisation named as the author */
			if (j.v[i].key && (!strcmp(j.v[i].key, "author") ||
			    !strcmp(j.v[i].key, "creator")))
				continue;
			if (ts && (!strcmp(ts, "NewsMediaOrganization") ||
			    !strcmp(ts, "Organization")))
				keep(&m->ld_publisher, jtext(&j, jget(&j,
				    (int)i, "name"), "name"));
		}
	}
	jfree(&j);
}

/* ------------------------------------------------------- the document */

void
ex_meta_release(struct ex_meta *m)
{
	char **f[] = {
		&m->ld_headline, &m->ld_published, &m->ld_modified,
		&m->ld_author, &m->ld_publisher, &m->ld_section,
		&m->ld_description, &m->ld_url, &m->ld_lang, &m->ld_body,
		&m->og_title, &m->og_description, &m->og_site, &m->og_url,
		&m->og_type, &m->og_locale, &m->tw_title, &m->tw_description,
		&m->description, &m->author, &m->art_author, &m->published,
		&m->art_published, &m->modified, &m->section, &m->app_name,
		&m->canonical, &m->refresh, &m->base, &m->title, &m->h1,
		&m->time_published, &m->time_first, &m->rel_author, &m->byline,
		&m->date_line, &m->ld_name, &m->dc_title, &m->line_byline,
		&m->ld_org_author, &m->author_link,
		&m->html_lang, &m->dir,
	};
	size_t i;

	for (i = 0; i < sizeof(f) / sizeof(f[0]); i++)
		free(*f[i]);
	for (i = 0; i < m->nheads; i++)
		free(m->heads[i]);
	memset(m, 0, sizeof(*m));
}

/* strcasestr, which POSIX does not have. */
static const char *
ci_find(const char *s, const char *w)
{
	size_t k = strlen(w);

	for (; s && *s; s++)
		if (!strncasecmp(s, w, k))
			return s;
	return NULL;
}

/* One key of a <meta> tag and its value: where it goes. */
static void
meta_key(struct ex_meta *m, const char *k, const char *v)
{
	static const char *const date_names[] = {
		"pubdate", "publishdate", "publish-date", "publish_date",
		"date", "dc.date", "dc.date.issued", "dcterms.created",
		"dcterms.issued", "sailthru.date", "parsely-pub-date",
		"article.published", "datepublished", "publication_date",
		"original-publish-date", "og:published_time",
		"article:published", "cxenseparse:recs:publishtime", NULL
	};
	/* Dublin Core and Parse.ly: a title or an author, seldom both
	 * wrong where og: is missing */
	static const char *const title_names[] = {
		"dc.title", "dc:title", "dcterms.title", "parsely-title", NULL
	};
	static const char *const author_names[] = {
		"author", "byl", "dc.creator", "dc:creator", "dcterms.creator",
		"sailthru.author", "parsely-author", NULL
	};
	size_t i;

	if (!strcasecmp(k, "og:title"))
		keep(&m->og_title, v);
	else if (!strcasecmp(k, "og:description"))
		keep(&m->og_description, v);
	else if (!strcasecmp(k, "og:site_name"))
		keep(&m->og_site, v);
	else if (!strcasecmp(k, "og:url"))
		keep(&m->og_url, v);
	else if (!strcasecmp(k, "og:type"))
		keep(&m->og_type, v);
	else if (!strcasecmp(k, "og:locale"))
		keep(&m->og_locale, v);
	else if (!strcasecmp(k, "twitter:title"))
		keep(&m->tw_title, v);
	else if (!strcasecmp(k, "twitter:description"))
		keep(&m->tw_description, v);
	else if (!strcasecmp(k, "description"))
		keep(&m->description, v);
	else if (!strcasecmp(k, "article:author"))
		keep(&m->art_author, v);
	else if (!strcasecmp(k, "article:published_time"))
		keep(&m->art_published, v);
	else if (!strcasecmp(k, "article:modified_time") ||
	    !strcasecmp(k, "datemodified"))
		keep(&m->modified, v);
	else if (!strcasecmp(k, "article:section") ||
	    !strcasecmp(k, "section"))
		keep(&m->section, v);
	else if (!strcasecmp(k, "application-name"))
		keep(&m->app_name, v);
	for (i = 0; title_names[i]; i++)
		if (!strcasecmp(k, title_names[i]))
			keep(&m->dc_title, v);
	for (i = 0; author_names[i]; i++)
		if (!strcasecmp(k, author_names[i]))
			keep(&m->author, v);
	for (i = 0; date_names[i]; i++)
		if (!strcasecmp(k, date_names[i]))
			keep(&m->published, v);
}

/*
 * <meta name|property|itemprop=K content=V>.  RDFa lets property hold
 * several keys ("og:title twitter:title"): each gets the value.
 */
static void
meta_tag(struct ex_meta *m, const xmlNode *n)
{
	const char *k = ex_attr(n, "property"), *v = ex_attr(n, "content");
	const char *eq = ex_attr(n, "http-equiv");
	char key[64];
	size_t len;

	if (eq && !strcasecmp(eq, "refresh") && v) {
		const char *u = ci_find(v, "url=");

		if (u) {
			u += 4;
			while (*u == '\'' || *u == '"' || *u == ' ')
				u++;
			keep(&m->refresh, u);
			if (m->refresh && strlen(m->refresh) &&
			    (m->refresh[strlen(m->refresh) - 1] == '\'' ||
			    m->refresh[strlen(m->refresh) - 1] == '"'))
				m->refresh[strlen(m->refresh) - 1] = '\0';
		}
		return;
	}
	if (!v || !*v)
		return;
	if (!k)
		k = ex_attr(n, "name");
	if (!k)
		k = ex_attr(n, "itemprop");
	while (k && *k) {
		while (*k == ' ' || *k == '\t' || *k == '\n')
			k++;
		len = strcspn(k, " \t\n");
		if (len && len < sizeof(key)) {
			memcpy(key, k, len);
			key[len] = '\0';
			meta_key(m, key, v);
		}
		k += len;
	}
}

/*
 * Does the class attribute of n hold a word starting with w?  Words
 * start after anything but a letter, and where camelCase starts one
 * ("FeatureByline").
 */
static int
class_has(const xmlNode *n, const char *w)
{
	const char *c = ex_attr(n, "class"), *p;
	size_t k = strlen(w);

	for (p = c; p && (p = ci_find(p, w)); p += k)
		if (p == c || !((p[-1] >= 'a' && p[-1] <= 'z') ||
		    (p[-1] >= 'A' && p[-1] <= 'Z')) ||
		    (p[0] >= 'A' && p[0] <= 'Z' && p[-1] >= 'a' &&
		    p[-1] <= 'z'))
			return 1;
	return 0;
}

/*
 * Does a class of n end in "author" or its name or link ("author",
 * "article__author", "sdc-article-author__link"; not "author-bio")?
 */
static int
class_author(const xmlNode *n)
{
	static const char *const author_ends[] = {
		"author", "author__name", "author__link", "author-link",
		"author_name", "author-name", NULL
	};
	const char *c = ex_attr(n, "class"), *p, *e;
	size_t i;

	for (p = c; p && *p; p = e) {
		while (*p == ' ' || *p == '\t' || *p == '\n')
			p++;
		e = p + strcspn(p, " \t\n");
		for (i = 0; author_ends[i]; i++) {
			size_t k = strlen(author_ends[i]);

			if ((size_t)(e - p) >= k &&
			    !strncasecmp(e - k, author_ends[i], k) &&
			    ((size_t)(e - p) == k || e[-(long)k - 1] == '-' ||
			    e[-(long)k - 1] == '_'))
				return 1;
		}
	}
	return 0;
}

/*
 * Is href an author's page ("/author/jane-roe", "/people/...", «/كتاب/»
 * transliterated: "/kottab/")?  Its link text is the name.
 */
static int
author_href(const char *href)
{
	static const char *const dirs[] = {
		"/author/", "/authors/", "/people/", "/staff/", "/profile/",
		"/profiles/", "/writer/", "/writers/", "/columnist/",
		"/columnists/", "/journalist/", "/kottab/", "/kuttab/",
		"/katib/", "/contributor/", "/contributors/", NULL
	};
	const char *p;
	size_t i;

	for (i = 0; href && dirs[i]; i++) {
		p = ci_find(href, dirs[i]);
		/* a name after it: "/staff/" alone is the staff page */
		if (p && p[strlen(dirs[i])] && p[strlen(dirs[i])] != '?' &&
		    p[strlen(dirs[i])] != '#')
			return 1;
	}
	return 0;
}

/*
 * Is n a menu or a list, whose links to writers' pages ("Columnists",
 * "Josh Brodesky") are the site's, not the article's byline?
 */
static int
menu_box(const xmlNode *n)
{
	const char *r = ex_attr(n, "role");

	return ex_is(n, "nav") || ex_is(n, "li") || ex_is(n, "header") ||
	    ex_is(n, "footer") || ex_is(n, "menu") || (r && (ci_find(r,
	    "menu") || !strcasecmp(r, "navigation")));
}

/*
 * Is n short enough to be a byline ("By Jane Roe, Staff Writer")?  A
 * link to a person's page inside a paragraph of the text is a mention.
 */
static int
byline_sized(const xmlNode *n)
{
	struct ak_buf b = AK_BUF_INIT;
	int r;

	if (!n)
		return 0;
	ex_text(&b, n, 4 * BYLINE_BOX);
	r = ex_nchars(b.data ? b.data : "", b.len) <= BYLINE_BOX;
	ak_buf_release(&b);
	return r;
}

/* Is n a comment, or a box of them (whose authors are not the article's)? */
static int
comment_box(const xmlNode *n)
{
	const char *c = ex_attr(n, "class"), *id = ex_attr(n, "id");

	return (c && ci_find(c, "comment")) || (id && ci_find(id, "comment"));
}

static char *node_clean(const xmlNode *n, size_t cap);

/* The text of the first itemprop=name below n (an author's), or NULL. */
static char *
itemprop_name(const xmlNode *n, int depth)
{
	const xmlNode *c;
	const char *v;
	char *s;

	for (c = n->children; c && depth < 8; c = c->next) {
		if (c->type != XML_ELEMENT_NODE)
			continue;
		v = ex_attr(c, "itemprop");
		if (v && !strcasecmp(v, "name"))
			return node_clean(c, 400);
		s = itemprop_name(c, depth + 1);
		if (s)
			return s;
	}
	return NULL;
}

/*
 * Is n the site's logo rather than a headline: a class that says so, or
 * nothing but a link to the front page?
 */
static int is_http(const char *s);
static int front_page(const char *u);

static int
logo_like(const xmlNode *n)
{
	const xmlNode *c, *only = NULL;
	const char *s;

	if (class_has(n, "logo") || class_has(n, "brand") ||
	    class_has(n, "site"))
		return 1;
	for (c = n->children; c; c = c->next) {
		if (c->type == XML_TEXT_NODE) {
			for (s = (const char *)c->content; s && *s; s++)
				if (*s != ' ' && *s != '\t' && *s != '\n' &&
				    *s != '\r')
					return 0;
		} else if (c->type == XML_ELEMENT_NODE) {
			if (only)
				return 0;
			only = c;
		}
	}
	if (!only || !ex_is(only, "a") || !(s = ex_attr(only, "href")))
		return 0;
	return !strcmp(s, "/") || !strcmp(s, "./") ||
	    !strncmp(s, "index.", 6) || (is_http(s) && front_page(s));
}

static char *
node_clean(const xmlNode *n, size_t cap)
{
	struct ak_buf b = AK_BUF_INIT;
	char *s;

	ex_text(&b, n, cap);
	s = ex_clean(b.data ? b.data : "", b.len);
	ak_buf_release(&b);
	return s;
}

static void
collect(struct ex_meta *m, xmlNode *n, int depth, int in_head, int in_body,
	int in_comment, int in_menu)
{
	xmlNode *c;
	const char *v;
	struct ak_buf b = AK_BUF_INIT;

	for (c = n; c; c = c->next) {
		if (c->type != XML_ELEMENT_NODE || !c->name)
			continue;
		if (ex_is(c, "meta")) {
			meta_tag(m, c);
		} else if (ex_is(c, "link")) {
			v = ex_attr(c, "rel");
			if (v && !strcasecmp(v, "canonical"))
				keep(&m->canonical, ex_attr(c, "href"));
		} else if (ex_is(c, "base")) {
			keep(&m->base, ex_attr(c, "href"));
		} else if (ex_is(c, "title") && !m->title &&
		    (in_head || !in_body)) {
			m->title = node_clean(c, MAX_FIELD);
		} else if (ex_is(c, "script")) {
			v = ex_attr(c, "type");
			if (v && !strcasecmp(v, "application/ld+json")) {
				ak_buf_reset(&b);
				ex_text(&b, c, MAX_LD + 1);
				ld_read(m, b.data ? b.data : "", b.len);
			}
			continue;
		} else if (ex_is(c, "style") || ex_is(c, "svg") ||
		    ex_is(c, "noscript") || ex_is(c, "template")) {
			continue;
		} else if (ex_is(c, "h1") && in_body) {
			int logo = logo_like(c);

			/* the first <h1> that is not the site's logo */
			if (!logo && !m->h1)
				m->h1 = node_clean(c, MAX_FIELD);
			m->nh1 += !logo;
			if (m->nheads < EX_MAX_HEADS) {
				if (logo)
					m->logo_heads |= 1u << m->nheads;
				m->heads[m->nheads++] = node_clean(c,
				    MAX_FIELD);
			}
			continue;
		} else if (in_body && m->nheads < EX_MAX_HEADS &&
		    (class_has(c, "title") || class_has(c, "headline") ||
		    class_has(c, "newstitle"))) {
			if (logo_like(c))
				m->logo_heads |= 1u << m->nheads;
			m->heads[m->nheads++] = node_clean(c, MAX_FIELD);
		} else if (ex_is(c, "time")) {
			v = ex_attr(c, "datetime");
			if (v && *v) {
				keep(&m->time_first, v);
				if (ex_attr(c, "pubdate") ||
				    ((ex_attr(c, "itemprop") &&
				    !strcasecmp(ex_attr(c, "itemprop"),
				    "datePublished"))) ||
				    class_has(c, "publish") ||
				    class_has(c, "date"))
					keep(&m->time_published, v);
			}
		}
		if (ex_is(c, "article"))
			m->narticle++;
		v = ex_attr(c, "itemprop");
		if (v && strstr(v, "articleBody"))
			m->body_marked = 1;
		if (v && !strcasecmp(v, "datePublished")) {
			keep(&m->published, ex_attr(c, "content"));
			keep(&m->published, ex_attr(c, "datetime"));
			if (!m->published && !ex_is(c, "meta"))
				m->published = node_clean(c, 200);
		} else if (v && !strcasecmp(v, "author") && !m->rel_author &&
		    !ex_is(c, "meta") && !ex_is(c, "link")) {
			/* a Person: its name, not its photo and biography */
			m->rel_author = itemprop_name(c, 0);
			if (!m->rel_author)
				m->rel_author = node_clean(c, 400);
		}
		v = ex_attr(c, "rel");
		if (v && !strcasecmp(v, "author") && ex_is(c, "a") &&
		    !m->rel_author)
			m->rel_author = node_clean(c, 400);
		if (!m->author_link && in_body && !in_comment && !in_menu &&
		    ex_is(c, "a") && author_href(ex_attr(c, "href")) &&
		    byline_sized(c->parent))
			m->author_link = node_clean(c, 200);
		if (!m->byline && in_body && !in_comment &&
		    (class_has(c, "byline") || class_has(c, "author-name") ||
		    class_has(c, "writer") || class_author(c)))
			m->byline = node_clean(c, 400);
		if (ex_is(c, "html")) {
			keep(&m->html_lang, ex_attr(c, "lang"));
			keep(&m->html_lang, ex_attr(c, "xml:lang"));
			keep(&m->dir, ex_attr(c, "dir"));
		} else if (ex_is(c, "body")) {
			keep(&m->dir, ex_attr(c, "dir"));
		}
		if (depth < EX_MAX_DEPTH)
			collect(m, c->children, depth + 1,
			    in_head || ex_is(c, "head"),
			    in_body || ex_is(c, "body"),
			    in_comment || comment_box(c),
			    in_menu || menu_box(c));
	}
	ak_buf_release(&b);
}

void
ex_meta_collect(struct ex_meta *m, xmlNode *root)
{
	collect(m, root, 0, 0, 0, 0, 0);
}

/* ------------------------------------------------------------- titles */

/*
 * Compare two strings as a reader would: ASCII case and punctuation,
 * white space and the Arabic tatweel do not count.
 */
static int
same_text(const char *a, const char *b)
{
	const unsigned char *p = (const unsigned char *)a;
	const unsigned char *q = (const unsigned char *)b;

	for (;;) {
		while (*p && ((*p < 0x80 && !((*p >= '0' && *p <= '9') ||
		    ((*p | 0x20) >= 'a' && (*p | 0x20) <= 'z'))) ||
		    (p[0] == 0xD9 && p[1] == 0x80)))
			p += *p < 0x80 ? 1 : 2;
		while (*q && ((*q < 0x80 && !((*q >= '0' && *q <= '9') ||
		    ((*q | 0x20) >= 'a' && (*q | 0x20) <= 'z'))) ||
		    (q[0] == 0xD9 && q[1] == 0x80)))
			q += *q < 0x80 ? 1 : 2;
		if (!*p || !*q)
			return !*p && !*q;
		if ((*p < 0x80 ? (*p | 0x20) : *p) !=
		    (*q < 0x80 ? (*q | 0x20) : *q))
			return 0;
		p++;
		q++;
	}
}

/* Separators between a headline and the site's name. */
static const char *const title_seps[] = {
	" | ", " - ", " – ", " — ", " :: ", " : ", " « ", " » ", " · ",
	" / ", " ~ ", " || ", " -- ", "| ", " |", NULL
};

static size_t
nwords(const char *s, size_t len)
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

/* How many words of a are words of b (ASCII case ignored)? */
static size_t
shared_words(const char *a, const char *b)
{
	size_t n = 0, k, bl = strlen(b);
	const char *p = a, *q, *e;

	while (*p) {
		while (*p == ' ')
			p++;
		e = strchr(p, ' ');
		k = e ? (size_t)(e - p) : strlen(p);
		if (!k)
			break;
		for (q = b; q + k <= b + bl; q++)
			if ((q == b || q[-1] == ' ') && !strncasecmp(q, p, k) &&
			    (q[k] == ' ' || q[k] == '\0' || q[k] == ',' ||
			    q[k] == '.' || q[k] == ':')) {
				n++;
				break;
			}
		p += k;
	}
	return n;
}

/*
 * Does part name the site: the whole name, or its first words («Aktuálně.cz»
 * for «Aktuálně.cz - Víte, co se právě děje», "Spiceworks" for
 * "Spiceworks Inc")?
 */
/*
 * The length of s without a domain's ending: "Factorio.com" is the site
 * "Factorio", "Sportsnet.ca" "Sportsnet" (an ending: letters and dots
 * after the first dot, no space, at most 7 bytes).
 */
static size_t
without_tld(const char *s)
{
	size_t n = strlen(s), i;
	const char *dot = strchr(s, '.');

	if (!dot || dot == s || n - (size_t)(dot - s) > 7 ||
	    !s[dot - s + 1])
		return n;
	for (i = (size_t)(dot - s) + 1; i < n; i++)
		if (!(s[i] == '.' || ((s[i] | 0x20) >= 'a' &&
		    (s[i] | 0x20) <= 'z')))
			return n;
	return (size_t)(dot - s);
}

static int
site_is(const char *part, const char *site)
{
	size_t n = strlen(part), pn = without_tld(part), sn = without_tld(site);

	if (same_text(part, site))
		return 1;
	/* the same name, one of them with its domain's ending */
	if ((pn < n || sn < strlen(site)) && pn == sn && pn >= 3 &&
	    !strncasecmp(part, site, pn))
		return 1;
	return n >= 3 && !strncasecmp(site, part, n) && (site[n] == ' ' ||
	    site[n] == '\0');
}

/* Drop site from either end of t (in place); returns whether it did. */
static int
strip_site(char *t, const char *site)
{
	size_t tl = strlen(t), sl, k, i;
	char *part;
	int hit = 0;

	if (!site || !*site)
		return 0;
	sl = strlen(site);
	for (i = 0; title_seps[i] && !hit; i++) {
		k = strlen(title_seps[i]);
		/* "headline | site" */
		for (part = strstr(t, title_seps[i]); part;
		    part = strstr(part + 1, title_seps[i]))
			if (!strstr(part + 1, title_seps[i]))
				break;
		if (part && part > t && site_is(part + k, site)) {
			*part = '\0';
			hit = 1;
			break;
		}
		/* "site | headline" */
		if (tl > sl + k && !memcmp(t + sl, title_seps[i], k)) {
			char save = t[sl];

			t[sl] = '\0';
			if (same_text(t, site)) {
				memmove(t, t + sl + k, tl - sl - k + 1);
				hit = 1;
			} else {
				t[sl] = save;
			}
		}
	}
	return hit;
}

/* Does the page show s[0..len) as a headline element (not its logo)? */
static int
shown_as_head(const struct ex_meta *m, const char *s, size_t len)
{
	char *t = ak_xstrndup(s, len);
	size_t i;
	int r = 0;

	for (i = 0; i < m->nheads && !r; i++)
		r = m->heads[i] && !(m->logo_heads & (1u << i)) &&
		    same_text(m->heads[i], t);
	free(t);
	return r;
}

/* Are all the words of s[0..len) (three or more) words of the <h1>? */
static int
held_by_h1(const struct ex_meta *m, const char *s, size_t len)
{
	char *t;
	size_t w = nwords(s, len);
	int r;

	if (!m->h1 || w < RESCUE_WORDS)
		return 0;
	t = ak_xstrndup(s, len);
	r = shared_words(t, m->h1) == w;
	free(t);
	return r;
}

/*
 * A title whose site name is not known: «site - section - headline»,
 * «headline | site».  The page's <h1> when the title holds it whole;
 * else the part the page shows as a headline (<h1>, class="title"), else
 * the longest part when it reads as one (three words or more); else the
 * title stays whole.  Parts beside the one taken whose words the <h1>
 * has too are the headline's own ("How we designed Dropbox's ATF - an
 * async task framework"), not the site's.
 */
static void
strip_unknown_site(char *t, const struct ex_meta *m)
{
	const char *h1 = m->h1, *p = t, *sep, *ps[MAX_PARTS], *end;
	size_t pl[MAX_PARTS], np = 0, best = 0, bestw = 0, k, i, lo, hi;
	int shown = 0;

	if (h1 && strstr(t, h1) && strlen(h1) * 2 > strlen(t) &&
	    nwords(h1, strlen(h1)) >= 2) {
		k = strlen(h1);
		memmove(t, strstr(t, h1), k);
		t[k] = '\0';
		return;
	}
	for (;;) {
		/* the nearest separator from p */
		const char *next = NULL;
		size_t nk = 0;

		for (i = 0; title_seps[i]; i++) {
			sep = strstr(p, title_seps[i]);
			if (sep && (!next || sep < next)) {
				next = sep;
				nk = strlen(title_seps[i]);
			}
		}
		if (np == MAX_PARTS - 1)
			next = NULL;
		ps[np] = p;
		pl[np] = next ? (size_t)(next - p) : strlen(p);
		np++;
		if (!next)
			break;
		p = next + nk;
	}
	if (np < 2)
		return;
	for (i = 0; i < np; i++) {
		size_t w = nwords(ps[i], pl[i]);
		int s = shown_as_head(m, ps[i], pl[i]);

		if ((s && !shown) || ((s || !shown) && w > bestw)) {
			best = i;
			bestw = w;
			shown = s;
		}
	}
	if (!shown && bestw < 3)
		return;
	for (lo = best; lo > 0 && held_by_h1(m, ps[lo - 1], pl[lo - 1]); lo--)
		;
	for (hi = best; hi + 1 < np && held_by_h1(m, ps[hi + 1], pl[hi + 1]);
	    hi++)
		;
	end = ps[hi] + pl[hi];
	k = (size_t)(end - ps[lo]);
	memmove(t, ps[lo], k);
	t[k] = '\0';
	while (k && t[k - 1] == ' ')
		t[--k] = '\0';
}

/* Does the page show t whole as a headline (a title that has a dash)? */
static int
shown_whole(const struct ex_meta *m, const char *t)
{
	size_t i;

	for (i = 0; i < m->nheads; i++)
		if (m->heads[i] && same_text(m->heads[i], t))
			return 1;
	return 0;
}

/* Drop the author's name from an end of t, when a headline is left. */
static void
strip_author(char *t, const char *author)
{
	char *save;

	if (!author || nwords(author, strlen(author)) < 2 ||
	    nwords(author, strlen(author)) > 5)
		return;
	save = ak_xstrdup(t);
	if (strip_site(t, author) && nwords(t, strlen(t)) < 2)
		strcpy(t, save);
	free(save);
}

static char *
clean_title(const char *raw, const struct ex_meta *m, int unknown_site)
{
	char *t;
	int hit;

	if (!raw || !*raw)
		return NULL;
	t = ak_xstrdup(raw);
	hit = strip_site(t, m->ld_publisher) || strip_site(t, m->og_site) ||
	    strip_site(t, m->app_name);
	if (!hit && unknown_site && !shown_whole(m, t))
		strip_unknown_site(t, m);
	/* "Samantha and The Great Big Lie - John C. Welch": the author's */
	strip_author(t, m->ld_author);
	strip_author(t, m->author);
	if (!*t || same_text(t, m->og_site ? m->og_site : "") ||
	    same_text(t, m->ld_publisher ? m->ld_publisher : "")) {
		free(t);
		return NULL;
	}
	return t;
}

/*
 * Is t the start of whole, cut between two words (not before a
 * separator: "Headline - Section" is no longer headline)?
 */
static int
cut_of(const char *t, const char *whole)
{
	size_t n = strlen(t), i;

	if (n < 20 || strlen(whole) <= n + 1 || strncmp(t, whole, n) ||
	    whole[n] != ' ')
		return 0;
	for (i = 0; title_seps[i]; i++)
		if (!strncmp(whole + n, title_seps[i], strlen(title_seps[i])))
			return 0;
	return 1;
}

char *
ex_meta_title(const struct ex_meta *m)
{
	char *t;

	/*
	 * Some sites put a description in "headline" and the title in
	 * "name": the one the <title> holds.
	 */
	if (m->ld_name && m->ld_headline && m->title &&
	    !strstr(m->title, m->ld_headline) && strstr(m->title, m->ld_name))
		t = clean_title(m->ld_name, m, 0);
	else
		t = clean_title(m->ld_headline, m, 0);
	/*
	 * A JSON-LD headline cut to fit (Google asks for 110 characters)
	 * that the page's <h1> or og:title holds whole.
	 */
	if (t && ((m->h1 && cut_of(t, m->h1)) || (m->og_title &&
	    cut_of(t, m->og_title)))) {
		char *whole = clean_title(m->h1 && cut_of(t, m->h1) ? m->h1 :
		    m->og_title, m, 0);

		if (whole) {
			free(t);
			t = whole;
		}
	}
	if (!t)
		t = clean_title(m->og_title, m, 1);
	if (!t)
		t = clean_title(m->tw_title, m, 1);
	if (!t)
		t = clean_title(m->dc_title, m, 1);
	/*
	 * A declared title that the page's headline and <title> both
	 * disagree with, when those two agree, is the site's or a social
	 * one ("Yahoo News - Latest News & Headlines" over a story): what
	 * the page shows wins.
	 */
	if (t && m->h1 && m->title && nwords(m->h1, strlen(m->h1)) >= 3 &&
	    strstr(m->title, m->h1) && strlen(m->h1) * 2 > strlen(m->title) &&
	    shared_words(t, m->h1) * 2 < nwords(t, strlen(t)) &&
	    shared_words(m->h1, t) * 2 < nwords(m->h1, strlen(m->h1))) {
		free(t);
		return ak_xstrdup(m->h1);
	}
	if (t)
		return t;
	t = clean_title(m->title, m, 1);
	/*
	 * The page's one <h1> is its headline when the <title> holds it
	 * (with more around it) or is too short to be one.
	 */
	if (m->h1 && m->nh1 == 1 && nwords(m->h1, strlen(m->h1)) >= 2 &&
	    (!t || strstr(t, m->h1) || nwords(t, strlen(t)) < 3 ||
	    shared_words(t, m->h1) * 10 >= nwords(t, strlen(t)) * 7)) {
		free(t);
		t = ak_xstrdup(m->h1);
	}
	if (!t && m->h1)
		t = ak_xstrdup(m->h1);
	return t;
}

/* ------------------------------------------------------------- apply */

static int
is_http(const char *s)
{
	return s && (!strncasecmp(s, "http://", 7) ||
	    !strncasecmp(s, "https://", 8));
}

/* href resolved against base (or url); an http(s) URL, or NULL. */
static char *
resolve(const char *href, const char *base, const char *url)
{
	xmlChar *abs = NULL, *b = NULL;
	char *out = NULL;

	if (!href || !*href)
		return NULL;
	if (is_http(href))
		return ak_xstrdup(href);
	if (base && url && !is_http(base))
		b = ak_xml.xmlBuildURI((const xmlChar *)base,
		    (const xmlChar *)url);
	else if (base && is_http(base))
		b = ak_xml.xmlBuildURI((const xmlChar *)base, NULL);
	if (b || url)
		abs = ak_xml.xmlBuildURI((const xmlChar *)href,
		    b ? b : (const xmlChar *)url);
	if (abs && is_http((const char *)abs))
		out = ak_xstrdup((const char *)abs);
	if (abs)
		ak_xml_free(abs);
	if (b)
		ak_xml_free(b);
	return out;
}

/* The path of an http(s) URL is empty or "/": a site's front page. */
static int
front_page(const char *u)
{
	const char *p = strstr(u, "://");

	p = p ? strchr(p + 3, '/') : NULL;
	return !p || !p[1] || p[1] == '?' || p[1] == '#';
}

static char *
pick_url(const struct ex_meta *m, const char *url)
{
	const char *cands[] = { m->canonical, m->og_url, m->ld_url };
	size_t i;
	char *u;

	for (i = 0; i < sizeof(cands) / sizeof(cands[0]); i++) {
		u = resolve(cands[i], m->base, url);
		/* a canonical that points at the front page is a mistake */
		if (u && front_page(u) && url && !front_page(url)) {
			free(u);
			u = NULL;
		}
		if (u)
			return u;
	}
	return url && is_http(url) ? ak_xstrdup(url) : NULL;
}

/* n digits at s, as a number; -1 when they are not there. */
static int
digits(const char *s, int n)
{
	int v = 0, i;

	for (i = 0; i < n; i++) {
		if (s[i] < '0' || s[i] > '9')
			return -1;
		v = v * 10 + (s[i] - '0');
	}
	return v;
}

/*
 * The day a URL's path names: /YYYY/MM/DD/, /YYYY/mon/DD/ or /YYYY-MM-DD
 * (a segment of its own or the start of one), the year 1990 or later.
 * "YYYY-MM-DD" or NULL.
 */
static char *
url_day(const char *u)
{
	static const char *const mon[] = {
		"jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep",
		"oct", "nov", "dec"
	};
	const char *p = strstr(u, "://"), *q;
	char out[11];
	int y, mo, d, i;

	p = p ? strchr(p + 3, '/') : NULL;
	for (; p && *p; p = strchr(p + 1, '/')) {
		q = p + 1;
		y = digits(q, 4);
		if (y < 1990 || y > 2100 || (q[4] != '/' && q[4] != '-'))
			continue;
		q += 5;
		mo = digits(q, 2);
		if (mo >= 0) {
			q += 2;
		} else {
			for (i = 0; i < 12 && strncasecmp(q, mon[i], 3); i++)
				;
			mo = i < 12 ? i + 1 : -1;
			q += 3;
		}
		if (mo < 1 || mo > 12 || (*q != '/' && *q != '-'))
			continue;
		q++;
		d = digits(q, 2);
		if (d < 0 && (d = digits(q, 1)) >= 0)
			q--;
		if (d < 1 || d > 31 || (q[2] && q[2] != '/' && q[2] != '-' &&
		    q[2] != '.' && q[2] != '?' && q[2] != '#' && q[2] != '_'))
			continue;
		snprintf(out, sizeof(out), "%04d-%02d-%02d", y, mo, d);
		return ak_xstrdup(out);
	}
	return NULL;
}

/* "ar-EG", "ar_AR", "AR" -> "ar"; NULL when s is no language tag. */
static char *
lang_tag(const char *s)
{
	char out[9];
	size_t n = 0;

	if (!s)
		return NULL;
	while (*s == ' ')
		s++;
	for (; n < 8 && ((*s | 0x20) >= 'a' && (*s | 0x20) <= 'z'); s++)
		out[n++] = (char)(*s | 0x20);
	if (n < 2 || n > 3 || (*s && *s != '-' && *s != '_' && *s != ' '))
		return NULL;
	out[n] = '\0';
	return ak_xstrdup(out);
}

/*
 * A person's name, not an address or a handle, nor the site's name
 * (unless person: the page says it is one).
 */
static int
looks_like_name(const struct ex_meta *m, const char *s, int person)
{
	size_t n;

	if (!s || !*s || is_http(s) || strchr(s, '/') || s[0] == '@' ||
	    strchr(s, '@'))
		return 0;
	n = ex_nchars(s, strlen(s));
	if (n < 2 || n > MAX_BYLINE || (*s >= '0' && *s <= '9'))
		return 0;
	if (!person && ((m->og_site && same_text(s, m->og_site)) ||
	    (m->ld_publisher && same_text(s, m->ld_publisher))))
		return 0;
	return 1;
}

/* Month names: a date after a byline's name starts with one. */
static const char *const months[] = {
	"January", "February", "March", "April", "May", "June", "July",
	"August", "September", "October", "November", "December", "Jan",
	"Feb", "Mar", "Apr", "Jun", "Jul", "Aug", "Sep", "Sept", "Oct", "Nov",
	"Dec", "يناير", "فبراير", "مارس", "أبريل", "إبريل", "مايو", "يونيو",
	"يوليو", "أغسطس", "سبتمبر", "أكتوبر", "نوفمبر", "ديسمبر",
	"كانون", "شباط", "آذار", "نيسان", "أيار", "حزيران", "تموز", "آب",
	"أيلول", "تشرين", NULL
};

static const char *const weekdays[] = {
	"Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday",
	"Sunday", "الاثنين", "الإثنين", "الثلاثاء", "الأربعاء", "الخميس",
	"الجمعة", "السبت", "الأحد", NULL
};

/* Drop the last word of b when it is one of words (and a comma before). */
static int
strip_last(struct ak_buf *b, const char *const *words)
{
	size_t i, k;

	for (i = 0; words[i]; i++) {
		k = strlen(words[i]);
		if (b->len > k && b->data[b->len - k - 1] == ' ' &&
		    !memcmp(b->data + b->len - k, words[i], k)) {
			b->len -= k + 1;
			while (b->len && (b->data[b->len - 1] == ' ' ||
			    b->data[b->len - 1] == ','))
				b->len--;
			return 1;
		}
	}
	return 0;
}

/* Does s start with a date: a digit, a month's or a weekday's name? */
static int
date_word(const char *s)
{
	size_t i;

	if (*s >= '0' && *s <= '9')
		return 1;
	for (i = 0; months[i]; i++)
		if (!strncmp(s, months[i], strlen(months[i])))
			return 1;
	for (i = 0; weekdays[i]; i++)
		if (!strncmp(s, weekdays[i], strlen(weekdays[i])))
			return 1;
	return 0;
}

/* Words that introduce an author's name, in the languages akhbar reads. */
static const char *const byline_leads[] = {
	"Written by ", "written by ", "Posted by ", "posted by ",
	"Words by ", "Story by ", "Analysis by ", "Text: ", "Текст: ",
	"Автор: ", "By:", "By ", "by ", "BY ", "Par ", "par ", "Por ",
	"por ", "Von ",
	"von ", "بقلم: ", "بقلم:", "بقلم ", "كتب: ", "كتب:", "كتب ",
	"كتبت: ", "كتبت:", "كتبت ", "إعداد: ", "إعداد ", NULL
};

/* Does the bracket at p hold an address ("(http://ebb.org/bkuhn/)")? */
static int
address_in(const unsigned char *p)
{
	const unsigned char *e = (const unsigned char *)strchr(
	    (const char *)p, ')');
	const unsigned char *q;

	if (!e)
		e = p + strlen((const char *)p);
	for (q = p; q < e; q++)
		if (*q == '/' || *q == '@' || !strncasecmp((const char *)q,
		    "www.", 4))
			return 1;
	return 0;
}

/*
 * The name in a byline: without "By" / «بقلم» / «كتب:» before it, an
 * address in brackets or a link after it, and what follows its first
 * digit once two words are read ("Lucas Nolan22 Dec 2016", «كتب: أحمد
 * علي ١٢ مارس»: a date, a count of comments; a handle such as "CC7567"
 * stays whole).  A new string, "" when no
 * name is left.
 */
static char *
byline_clean(const char *s)
{
	struct ak_buf b = AK_BUF_INIT;
	const unsigned char *p;
	size_t i, n;
	char *out;

	while (*s == ' ')
		s++;
	for (i = 0; byline_leads[i]; i++)
		if (!strncmp(s, byline_leads[i], strlen(byline_leads[i]))) {
			s += strlen(byline_leads[i]);
			break;
		}
	while (*s == ' ')
		s++;
	for (p = (const unsigned char *)s; *p; p++) {
		if (((*p >= '0' && *p <= '9') || (p[0] == 0xD9 &&
		    p[1] >= 0xA0 && p[1] <= 0xA9)) &&
		    nwords(s, (size_t)((const char *)p - s)) >= 2)
			break;
		if (*p == '<' || *p == '|' || (*p == '(' && address_in(p)))
			break;
		/* "Lewis White @lewis_d_white", "Louis Jacobson on Monday" */
		if (p > (const unsigned char *)s && p[-1] == ' ' &&
		    (*p == '@' || (!strncmp((const char *)p, "on ", 3) &&
		    date_word((const char *)p + 3))))
			break;
		if (!strncasecmp((const char *)p, "http://", 7) ||
		    !strncasecmp((const char *)p, "https://", 8))
			break;
	}
	ak_buf_add(&b, s, (size_t)((const char *)p - s));
	n = b.len;
	for (;;) {
		/* between the name and the date: , ; : - – — · «،» */
		static const char *const tails[] = {
			" ", ",", ";", ":", "-", "|", "\xE2\x80\x93",
			"\xE2\x80\x94", "\xC2\xB7", "\xD8\x8C", NULL
		};
		size_t k = 0;

		for (i = 0; tails[i] && !k; i++) {
			k = strlen(tails[i]);
			if (n < k || memcmp(b.data + n - k, tails[i], k))
				k = 0;
		}
		if (!k)
			break;
		n -= k;
	}
	b.len = n;
	/* "Nathan Willis March" (25, 2015), "Jeff Foust Monday": the
	 * date's words too */
	while (nwords(b.data, b.len) > 2 && (strip_last(&b, months) ||
	    strip_last(&b, weekdays)))
		;
	ak_buf_addch(&b, '\0');
	out = ak_buf_detach(&b, NULL);
	/* a lone lead word: "by" with the name in another element */
	if (!strcasecmp(out, "by") || !strcmp(out, "بقلم") ||
	    !strcmp(out, "كتب"))
		out[0] = '\0';
	return out;
}

/* Is s the first paragraph again (or the start of it, cut short)? */
static int
repeats_body(const struct ak_article *a, const char *s)
{
	size_t i, n;
	char *t, *e;
	int r = 0;

	if (!a->nblocks)
		return 0;
	t = ak_xstrdup(s);
	n = strlen(t);
	/* "...": a description cut short */
	while (n && (t[n - 1] == '.' || t[n - 1] == ' '))
		t[--n] = '\0';
	if (n >= 3 && !strcmp(t + n - 3, "\xE2\x80\xA6"))
		t[n -= 3] = '\0';
	for (i = 0; i < a->nblocks && i < 3 && !r; i++) {
		e = strstr(a->blocks[i].text, t);
		r = e != NULL || same_text(a->blocks[i].text, t);
	}
	free(t);
	return r;
}

void
ex_meta_apply(const struct ex_meta *m, struct ak_article *a,
	const char *publisher, const char *url)
{
	const char *date = NULL, *desc, *cands[8];
	char *t;
	size_t i;

	a->title = ex_meta_title(m);

	cands[0] = m->ld_published;
	cands[1] = m->art_published;
	cands[2] = m->published;
	cands[3] = m->time_published;
	cands[4] = m->date_line;
	cands[5] = m->time_first;
	for (i = 0; i < 6 && !date; i++) {
		if (!cands[i])
			continue;
		t = ak_parse_date(cands[i], strlen(cands[i]));
		if (t) {
			date = cands[i];
			a->published = t;
		}
	}
	if (date)
		a->date_raw = ak_xstrdup(date);

	cands[0] = m->ld_author;
	cands[1] = m->author;
	cands[2] = m->art_author;
	cands[3] = m->rel_author;
	cands[4] = m->byline;
	cands[5] = m->author_link;
	cands[6] = m->line_byline;
	cands[7] = m->ld_org_author;
	for (i = 0; i < 8 && !a->byline; i++) {
		if (!cands[i])
			continue;
		t = byline_clean(cands[i]);
		if (looks_like_name(m, t, 0))
			a->byline = t;
		else
			free(t);
	}
	/* a Person with the site's name: when the page names no one else */
	if (!a->byline && m->ld_author && m->ld_person) {
		t = byline_clean(m->ld_author);
		if (looks_like_name(m, t, 1))
			a->byline = t;
		else
			free(t);
	}

	if (m->ld_section)
		a->section = ak_xstrdup(m->ld_section);
	else if (m->section)
		a->section = ak_xstrdup(m->section);

	desc = m->ld_description ? m->ld_description : m->og_description ?
	    m->og_description : m->description ? m->description :
	    m->tw_description;
	if (desc && !repeats_body(a, desc) &&
	    !(a->title && same_text(desc, a->title)))
		a->subtitle = ak_xstrdup(desc);

	if (publisher)
		a->publisher = ak_xstrdup(publisher);
	else if (m->ld_publisher)
		a->publisher = ak_xstrdup(m->ld_publisher);
	else if (m->og_site)
		a->publisher = ak_xstrdup(m->og_site);
	else if (m->app_name)
		a->publisher = ak_xstrdup(m->app_name);

	a->url = pick_url(m, url);
	/* the day in the article's address, when the page gives no date
	 * ("/2019/11/19/", "/2019/nov/18/", "/2015-07-01/") */
	if (!a->published && a->url)
		a->published = url_day(a->url);
	if (!a->published && url && is_http(url))
		a->published = url_day(url);

	a->lang = lang_tag(m->html_lang);
	if (!a->lang)
		a->lang = lang_tag(m->ld_lang);
	if (!a->lang)
		a->lang = lang_tag(m->og_locale);
	if (!a->lang && ((a->title && ex_has_arabic(a->title)) ||
	    (a->nblocks && ex_has_arabic(a->blocks[0].text))))
		a->lang = ak_xstrdup("ar");
}
