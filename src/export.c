/*
 * Export of one article: plain text, Markdown and JSON (see export.h for
 * the shapes), the default file name, and the write to a file.
 *
 * Rendering works on the article model only; ak_export_article adds the
 * cache (the article and its related stories, from link.c).  Wrapping
 * uses ICU's line-break iterator over the UTF-8 text directly (a UText),
 * so break positions are byte offsets; widths are text.c's.  The atomic
 * write is paths.c's; this module only decides when it applies.
 */
#include "config.h"

#include "akhbar/export.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include <unicode/ubrk.h>
#include <unicode/utext.h>
#include <unicode/utrans.h>
#include <unicode/ustring.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "akhbar/cache.h"
#include "akhbar/error.h"
#include "akhbar/json.h"
#include "akhbar/link.h"
#include "akhbar/paths.h"
#include "akhbar/text.h"

#define SEP " \xc2\xb7 "			/* " · " */
#define META_DASH "\xe2\x80\x94 "		/* "— " */
#define DASH " \xe2\x80\x93 "			/* " – " */
#define LABEL_RELATED_AR \
	"\xd9\x85\xd9\x82\xd8\xa7\xd9\x84\xd8\xa7\xd8\xaa \xd8\xb0\xd8\xa7" \
	"\xd8\xaa \xd8\xb5\xd9\x84\xd8\xa9"	/* مقالات ذات صلة */
#define LABEL_SUMMARY_AR "\xd9\x85\xd9\x84\xd8\xae\xd8\xb5"	/* ملخص */
/* المصادر: */
#define LABEL_SOURCE_AR \
	"\xd8\xa7\xd9\x84\xd9\x85\xd8\xb5\xd8\xa7\xd8\xaf\xd8\xb1:"
#define LABEL_PHOTO_AR "\xd8\xb5\xd9\x88\xd8\xb1\xd8\xa9"	/* صورة */

static const struct {
	const char *name;
	enum ak_export_format f;
	const char *ext;
} formats[] = {
	{ "text", AK_EXPORT_TEXT, "txt" },
	{ "markdown", AK_EXPORT_MARKDOWN, "md" },
	{ "md", AK_EXPORT_MARKDOWN, "md" },
	{ "json", AK_EXPORT_JSON, "json" },
};

enum ak_export_format
ak_export_format_for_path(const char *path, enum ak_export_format def)
{
	const char *dot = path ? strrchr(path, '.') : NULL;
	enum ak_export_format f = def;

	if (dot && !strchr(dot, '/') &&
	    ak_export_format_from_name(dot + 1, &f) != 0)
		f = def;
	return f;
}

int
ak_export_format_from_name(const char *name, enum ak_export_format *out)
{
	size_t i;

	for (i = 0; name && i < sizeof(formats) / sizeof(formats[0]); i++) {
		if (strcmp(name, formats[i].name) == 0) {
			*out = formats[i].f;
			return 0;
		}
	}
	return -1;
}

const char *
ak_export_format_name(enum ak_export_format f)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].f == f)
			return formats[i].name;
	return "text";
}

const char *
ak_export_format_ext(enum ak_export_format f)
{
	size_t i;

	for (i = 0; i < sizeof(formats) / sizeof(formats[0]); i++)
		if (formats[i].f == f)
			return formats[i].ext;
	return "txt";
}

/* ------------------------------------------------------------ helpers */

/* Is the article Arabic (or of unknown language: akhbar's default)? */
static int
arabic(const struct ak_article *a)
{
	return !a->lang || strcmp(a->lang, "ar") == 0;
}

static int
has(const char *s)
{
	return s && *s;
}

/* Append s with any line break or tab as a space: one line stays one. */
static void
add_line_text(struct ak_buf *b, const char *s)
{
	const char *p;

	for (p = s; *p; p++)
		ak_buf_addch(b, *p == '\n' || *p == '\r' || *p == '\t' ?
		    ' ' : *p);
}

static int
is_space_byte(char c)
{
	return c == ' ' || c == '\t';
}

/*
 * Append s (one logical line) to b, wrapped at width cells at ICU line
 * break opportunities; prefix starts every line.  A word wider than the
 * width stands alone on its line, whole.  Every line ends with '\n'.
 */
static void
add_wrapped(struct ak_buf *b, const char *s, int width, const char *prefix)
{
	UErrorCode e = U_ZERO_ERROR;
	UText *ut = NULL;
	UBreakIterator *bi = NULL;
	size_t len = strlen(s), ls = 0, prev = 0, a, z;
	int32_t br;
	int wline = 0, pw = prefix ? ak_text_width(prefix, strlen(prefix)) : 0;

	if (width <= 0 || ak_text_width(s, len) + pw <= width) {
		if (prefix)
			ak_buf_addstr(b, prefix);
		add_line_text(b, s);
		ak_buf_addch(b, '\n');
		return;
	}
	ut = utext_openUTF8(NULL, s, (int64_t)len, &e);
	if (U_SUCCESS(e))
		bi = ubrk_open(UBRK_LINE, "ar", NULL, 0, &e);
	if (U_SUCCESS(e))
		ubrk_setUText(bi, ut, &e);
	if (U_FAILURE(e)) {
		/* no ICU break data: one line, never a broken word */
		if (prefix)
			ak_buf_addstr(b, prefix);
		add_line_text(b, s);
		ak_buf_addch(b, '\n');
		goto out;
	}
	width -= pw;
	ubrk_first(bi);
	while ((br = ubrk_next(bi)) != UBRK_DONE) {
		size_t end = (size_t)br, te = end;
		int full, trim;

		while (te > prev && is_space_byte(s[te - 1]))
			te--;
		full = ak_text_width(s + prev, end - prev);
		trim = ak_text_width(s + prev, te - prev);
		if (prev > ls && wline + trim > width) {
			a = ls;
			z = prev;
			while (z > a && is_space_byte(s[z - 1]))
				z--;
			if (prefix)
				ak_buf_addstr(b, prefix);
			ak_buf_add(b, s + a, z - a);
			ak_buf_addch(b, '\n');
			ls = prev;
			wline = 0;
		}
		wline += full;
		prev = end;
	}
	a = ls;
	z = len;
	while (a < z && is_space_byte(s[a]))
		a++;
	while (z > a && is_space_byte(s[z - 1]))
		z--;
	if (prefix)
		ak_buf_addstr(b, prefix);
	ak_buf_add(b, s + a, z - a);
	ak_buf_addch(b, '\n');
out:
	ubrk_close(bi);
	utext_close(ut);
}

/*
 * "— publisher · date · byline", what is known of them (nothing: no
 * line).  The dash marks the line for the importer (the 'meta' rule of
 * assets/sites/akhbar-export.rules); the date is the cache's ISO 8601,
 * time included, so that an import gives it back exactly.
 */
static void
meta_line(const struct ak_article *a, struct ak_buf *b)
{
	const char *f[3];
	size_t i, n = 0;

	if (has(a->publisher))
		f[n++] = a->publisher;
	if (has(a->published))
		f[n++] = a->published;
	if (has(a->byline))
		f[n++] = a->byline;
	if (!n)
		return;
	ak_buf_addstr(b, META_DASH);
	for (i = 0; i < n; i++) {
		if (i)
			ak_buf_addstr(b, SEP);
		add_line_text(b, f[i]);
	}
}

/* The text of block i, the dateline in front of the first paragraph. */
static void
block_text(const struct ak_article *a, size_t i, struct ak_buf *b)
{
	size_t k;

	if (a->blocks[i].kind == AK_BLOCK_PARAGRAPH && has(a->dateline)) {
		for (k = 0; k < i; k++)
			if (a->blocks[k].kind == AK_BLOCK_PARAGRAPH)
				break;
		if (k == i) {
			add_line_text(b, a->dateline);
			ak_buf_addstr(b, DASH);
		}
	}
	add_line_text(b, a->blocks[i].text ? a->blocks[i].text : "");
}

/* ------------------------------------------------------------ text */

/*
 * Is rel[i]'s title the article's own or one listed before it?  Listed
 * twice, a title reads to the text-page parser as a headline printed
 * around its photo, and importing the export made an article of it.
 */
static int
title_before(const struct ak_article *a, const struct ak_related *rel,
	size_t i)
{
	size_t j;

	if (has(a->title) && strcmp(a->title, rel[i].title) == 0)
		return 1;
	for (j = 0; j < i; j++)
		if (has(rel[j].title) &&
		    strcmp(rel[j].title, rel[i].title) == 0)
			return 1;
	return 0;
}

static void
render_text(const struct ak_article *a, const struct ak_related *rel,
	size_t nrel, int width, struct ak_buf *out)
{
	struct ak_buf t = AK_BUF_INIT;
	size_t i;
	int w;

	add_wrapped(out, has(a->title) ? a->title : "", width, NULL);
	if (has(a->subtitle))
		add_wrapped(out, a->subtitle, width, NULL);
	meta_line(a, &t);
	if (t.len)
		add_wrapped(out, t.data, width, NULL);
	for (i = 0; i < a->nblocks; i++) {
		const struct ak_block *bl = &a->blocks[i];

		ak_buf_reset(&t);
		block_text(a, i, &t);
		if (!t.len)
			continue;
		ak_buf_addch(out, '\n');
		switch (bl->kind) {
		case AK_BLOCK_HEADING:
			add_wrapped(out, t.data, width, NULL);
			w = ak_text_width(t.data, t.len);
			if (width > 0 && w > width)
				w = width;
			for (; w > 0; w--)
				ak_buf_addch(out, '=');
			ak_buf_addch(out, '\n');
			break;
		case AK_BLOCK_SUMMARY:
			ak_buf_addstr(out, arabic(a) ? LABEL_SUMMARY_AR :
			    "Summary");
			ak_buf_addch(out, '\n');
			add_wrapped(out, t.data, width, NULL);
			break;
		case AK_BLOCK_CAPTION:
			ak_buf_addstr(&t, " (");
			add_line_text(&t, has(bl->credit) ? bl->credit :
			    arabic(a) ? LABEL_PHOTO_AR : "photo");
			ak_buf_addch(&t, ')');
			add_wrapped(out, t.data, width, NULL);
			break;
		default:
			add_wrapped(out, t.data, width, NULL);
			break;
		}
	}
	if (has(a->source)) {
		ak_buf_reset(&t);
		ak_buf_addstr(&t, arabic(a) ? LABEL_SOURCE_AR : "Source:");
		ak_buf_addch(&t, ' ');
		add_line_text(&t, a->source);
		ak_buf_addch(out, '\n');
		add_wrapped(out, t.data, width, NULL);
	}
	if (nrel > 0) {
		ak_buf_addch(out, '\n');
		ak_buf_addstr(out, arabic(a) ? LABEL_RELATED_AR :
		    "Related stories");
		ak_buf_addch(out, '\n');
		for (i = 0; i < nrel; i++)
			if (has(rel[i].title) && !title_before(a, rel, i))
				add_wrapped(out, rel[i].title, width, NULL);
	}
	ak_buf_release(&t);
}

/* ------------------------------------------------------------ markdown */

/* Append s for Markdown: characters with a meaning there escaped. */
static void
md_escape(struct ak_buf *b, const char *s)
{
	const char *p;
	int start = 1;

	for (p = s; *p; p++) {
		char c = *p == '\n' || *p == '\r' || *p == '\t' ? ' ' : *p;

		if (strchr("\\`*_[]<>|", c) ||
		    (start && strchr("#+-=>", c)))
			ak_buf_addch(b, '\\');
		ak_buf_addch(b, c);
		/* "1. " at the start would be a list */
		if (start && c >= '0' && c <= '9') {
			const char *q = p;

			while (*q >= '0' && *q <= '9')
				q++;
			if (*q == '.' || *q == ')') {
				ak_buf_add(b, p + 1, (size_t)(q - p - 1));
				ak_buf_addch(b, '\\');
				p = q - 1;
			}
		}
		start = 0;
	}
}

static void
md_para(struct ak_buf *out, const char *pre, const char *s, const char *post,
	int width, const char *prefix)
{
	struct ak_buf t = AK_BUF_INIT;

	ak_buf_addstr(&t, pre);
	md_escape(&t, s);
	ak_buf_addstr(&t, post);
	add_wrapped(out, t.data, width, prefix);
	ak_buf_release(&t);
}

static void
render_markdown(const struct ak_article *a, const struct ak_related *rel,
	size_t nrel, int width, struct ak_buf *out)
{
	struct ak_buf t = AK_BUF_INIT, u = AK_BUF_INIT;
	size_t i;

	/* a heading is one line: never wrapped */
	md_para(out, "# ", has(a->title) ? a->title : "", "", 0, NULL);
	if (has(a->subtitle)) {
		ak_buf_addch(out, '\n');
		md_para(out, "**", a->subtitle, "**", width, NULL);
	}
	meta_line(a, &t);
	if (t.len) {
		ak_buf_addch(out, '\n');
		md_para(out, "", t.data, "", width, NULL);
	}
	for (i = 0; i < a->nblocks; i++) {
		const struct ak_block *bl = &a->blocks[i];

		ak_buf_reset(&t);
		block_text(a, i, &t);
		if (!t.len)
			continue;
		ak_buf_addch(out, '\n');
		switch (bl->kind) {
		case AK_BLOCK_HEADING:
			md_para(out, "## ", t.data, "", 0, NULL);
			break;
		case AK_BLOCK_CAPTION:
			ak_buf_reset(&u);
			add_line_text(&u, t.data);
			if (has(bl->credit)) {
				ak_buf_addstr(&u, " (");
				add_line_text(&u, bl->credit);
				ak_buf_addch(&u, ')');
			}
			md_para(out, "*", u.data, "*", width, NULL);
			break;
		case AK_BLOCK_SUMMARY:
			md_para(out, arabic(a) ? "**" LABEL_SUMMARY_AR ":** " :
			    "**Summary:** ", t.data, "", width, "> ");
			break;
		case AK_BLOCK_QUOTE:
			md_para(out, "", t.data, "", width, "> ");
			break;
		default:
			md_para(out, "", t.data, "", width, NULL);
			break;
		}
	}
	if (has(a->source)) {
		ak_buf_addch(out, '\n');
		md_para(out, arabic(a) ? LABEL_SOURCE_AR " " : "Source: ",
		    a->source, "", width, NULL);
	}
	if (nrel > 0) {
		ak_buf_addch(out, '\n');
		md_para(out, "## ", arabic(a) ? LABEL_RELATED_AR :
		    "Related stories", "", 0, NULL);
		ak_buf_addch(out, '\n');
		for (i = 0; i < nrel; i++) {
			if (!has(rel[i].title))
				continue;
			ak_buf_reset(&t);
			md_escape(&t, rel[i].title);
			ak_buf_reset(&u);
			if (has(rel[i].publisher))
				add_line_text(&u, rel[i].publisher);
			if (has(rel[i].published)) {
				if (u.len)
					ak_buf_addstr(&u, ", ");
				ak_buf_add(&u, rel[i].published,
				    strlen(rel[i].published) > 10 ? 10 :
				    strlen(rel[i].published));
			}
			if (u.len) {
				ak_buf_addstr(&t, " (");
				md_escape(&t, u.data);
				ak_buf_addch(&t, ')');
			}
			add_wrapped(out, t.data, width, "- ");
		}
	}
	ak_buf_release(&t);
	ak_buf_release(&u);
}

/* ------------------------------------------------------------ json */

static void
render_json(const struct ak_article *a, const struct ak_related *rel,
	size_t nrel, struct ak_buf *out)
{
	struct ak_json j;
	size_t i;

	ak_json_init(&j, out, 1);
	ak_json_begin_object(&j);
	ak_json_key(&j, "id");
	ak_json_id(&j, a->id);
	ak_json_kstr(&j, "title", a->title);
	ak_json_kstr(&j, "subtitle", a->subtitle);
	ak_json_kstr(&j, "publisher", a->publisher);
	ak_json_kstr(&j, "section", a->section);
	ak_json_kstr(&j, "byline", a->byline);
	ak_json_kstr(&j, "dateline", a->dateline);
	ak_json_kstr(&j, "published", a->published);
	ak_json_kstr(&j, "url", a->url);
	ak_json_key(&j, "blocks");
	ak_json_begin_array(&j);
	for (i = 0; i < a->nblocks; i++) {
		ak_json_begin_object(&j);
		ak_json_kstr(&j, "kind", ak_block_kind_name(a->blocks[i].kind));
		ak_json_kstr(&j, "text", a->blocks[i].text);
		ak_json_kstr(&j, "credit", a->blocks[i].credit);
		ak_json_end_object(&j);
	}
	ak_json_end_array(&j);
	ak_json_key(&j, "refs");
	ak_json_begin_array(&j);
	for (i = 0; i < a->nrefs; i++) {
		const struct ak_ref *r = &a->refs[i];

		ak_json_begin_object(&j);
		ak_json_kstr(&j, "title", r->title);
		ak_json_kstr(&j, "section", r->section);
		ak_json_kstr(&j, "caption", r->caption);
		ak_json_kstr(&j, "summary", r->summary);
		ak_json_kstr(&j, "byline", r->byline);
		ak_json_key(&j, "id");
		ak_json_id(&j, r->target);
		ak_json_end_object(&j);
	}
	ak_json_end_array(&j);
	ak_json_key(&j, "related");
	ak_json_begin_array(&j);
	for (i = 0; i < nrel; i++) {
		ak_json_begin_object(&j);
		ak_json_key(&j, "id");
		ak_json_id(&j, rel[i].id);
		ak_json_kstr(&j, "title", rel[i].title);
		ak_json_kstr(&j, "publisher", rel[i].publisher);
		ak_json_kstr(&j, "published", rel[i].published);
		ak_json_kstr(&j, "summary", rel[i].summary);
		ak_json_kstr(&j, "kind", ak_related_kind_name(rel[i].kind));
		ak_json_key(&j, "score");
		ak_json_double(&j, rel[i].score);
		ak_json_end_object(&j);
	}
	ak_json_end_array(&j);
	ak_json_end_object(&j);
	ak_buf_addch(out, '\n');
}

void
ak_export_render(const struct ak_article *a, const struct ak_related *rel,
	size_t nrel, enum ak_export_format f, int width, struct ak_buf *out)
{
	switch (f) {
	case AK_EXPORT_MARKDOWN:
		render_markdown(a, rel, nrel, width, out);
		break;
	case AK_EXPORT_JSON:
		render_json(a, rel, nrel, out);
		break;
	case AK_EXPORT_TEXT:
	default:
		render_text(a, rel, nrel, width, out);
		break;
	}
}

int
ak_export_article(struct ak_cache *c, int64_t id, enum ak_export_format f,
	int width, struct ak_buf *out, struct ak_error *err)
{
	struct ak_article a;
	struct ak_related *rel = NULL;
	size_t nrel = 0;
	int rc;

	ak_article_init(&a);
	rc = ak_cache_get(c, id, &a, err);
	if (rc != AK_OK)
		goto out;
	rc = ak_related_list(c, id, &rel, &nrel, err);
	if (rc != AK_OK)
		goto out;
	ak_export_render(&a, rel, nrel, f, width, out);
out:
	if (rel)
		ak_related_free_array(rel, nrel);
	ak_article_release(&a);
	return rc;
}

/* ------------------------------------------------------------ files */

/* A short ASCII slug of the title: ICU's transliteration, a-z0-9 and '-'. */
static void
slug(const char *title, struct ak_buf *b)
{
	static const UChar id[] = u"Any-Latin; Latin-ASCII; Lower";
	UErrorCode e = U_ZERO_ERROR;
	UTransliterator *tr;
	UChar *u = NULL;
	char *s = NULL;
	int32_t ulen = 0, cap, limit, slen = 0;
	size_t i, start = b->len;
	int dash = 0;

	u_strFromUTF8WithSub(NULL, 0, &ulen, title, -1, 0xFFFD, NULL, &e);
	e = U_ZERO_ERROR;
	cap = ulen * 4 + 16;
	u = ak_xcalloc((size_t)cap, sizeof(*u));
	u_strFromUTF8WithSub(u, cap, &ulen, title, -1, 0xFFFD, NULL, &e);
	tr = utrans_openU(id, -1, UTRANS_FORWARD, NULL, 0, NULL, &e);
	if (U_SUCCESS(e)) {
		limit = ulen;
		utrans_transUChars(tr, u, &ulen, cap, 0, &limit, &e);
		utrans_close(tr);
	}
	if (U_FAILURE(e))
		goto out;
	e = U_ZERO_ERROR;
	u_strToUTF8(NULL, 0, &slen, u, ulen, &e);
	e = U_ZERO_ERROR;
	s = ak_xcalloc((size_t)slen + 1, 1);
	u_strToUTF8(s, slen + 1, NULL, u, ulen, &e);
	if (U_FAILURE(e))
		goto out;
	for (i = 0; s[i] && b->len - start < 48; i++) {
		char c = s[i];

		if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9')) {
			if (dash && b->len > start)
				ak_buf_addch(b, '-');
			dash = 0;
			ak_buf_addch(b, c);
		} else if (c != '\'') {
			dash = 1;	/* «ʿ» and the like: a word end */
		}
	}
	/* cut at a word end */
	if (s[i] && b->len - start >= 48) {
		while (b->len > start && b->data[b->len - 1] != '-')
			b->len--;
		if (b->len > start)
			b->len--;
		b->data[b->len] = '\0';
	}
out:
	free(u);
	free(s);
}

char *
ak_export_filename(const struct ak_article *a, enum ak_export_format f)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t before;

	ak_buf_addf(&b, "akhbar-%lld", (long long)a->id);
	ak_buf_addch(&b, '-');
	before = b.len;
	if (has(a->title))
		slug(a->title, &b);
	if (b.len == before)
		b.len--;	/* no slug: drop the '-' */
	b.data[b.len] = '\0';
	ak_buf_addf(&b, ".%s", ak_export_format_ext(f));
	return ak_buf_detach(&b, NULL);
}

static int
write_error(struct ak_error *err, const char *path, int e)
{
	if (e == ENOSPC || e == EDQUOT)
		return ak_error_set(err, AK_EFULL, "%s: disk full (%s)", path,
		    strerror(e));
	if (e == EACCES || e == EPERM || e == EROFS)
		return ak_error_set(err, AK_EREADONLY, "%s: %s", path,
		    strerror(e));
	return ak_error_set(err, AK_EIO, "%s: %s", path, strerror(e));
}

int
ak_export_write(const char *path, const char *data, size_t len, int force,
	struct ak_error *err)
{
	struct stat st;
	size_t off = 0;
	int fd, rc = AK_OK;

	if (!path || !*path)
		return ak_error_set(err, AK_EINVAL, "no file name");
	if (path[strlen(path) - 1] == '/' ||
	    (stat(path, &st) == 0 && S_ISDIR(st.st_mode)))
		return ak_error_set(err, AK_EINVAL, "%s: is a folder; give "
		    "a file name", path);
	if (stat(path, &st) != 0 || S_ISREG(st.st_mode))
		return ak_write_file_atomic(path, data, len, force, err);
	/* a terminal, a pipe, a device: written in place */
	fd = open(path, O_WRONLY | O_CLOEXEC | O_NOCTTY);
	if (fd < 0)
		return write_error(err, path, errno);
	while (off < len) {
		ssize_t n = write(fd, data + off, len - off);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			rc = write_error(err, path, errno);
			break;
		}
		off += (size_t)n;
	}
	if (close(fd) != 0 && rc == AK_OK)
		rc = write_error(err, path, errno);
	return rc;
}
