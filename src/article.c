/*
 * The article model: construction and release.  Storage is cache.c's,
 * presentation is layout.c's and export.c's.
 */
#include "config.h"

#include "akhbar/article.h"

#include <stdlib.h>
#include <string.h>

#include "akhbar/buf.h"

static const char *const block_names[] = {
#define X(id, name) name,
	AK_BLOCK_KINDS(X)
#undef X
};

void
ak_article_init(struct ak_article *a)
{
	memset(a, 0, sizeof(*a));
}

static void
ref_release(struct ak_ref *r)
{
	free(r->title);
	free(r->section);
	free(r->caption);
	free(r->summary);
	free(r->byline);
}

void
ak_article_release(struct ak_article *a)
{
	size_t i;

	free(a->guid);
	free(a->url);
	free(a->title);
	free(a->subtitle);
	free(a->publisher);
	free(a->section);
	free(a->byline);
	free(a->dateline);
	free(a->published);
	free(a->date_raw);
	free(a->source);
	free(a->lang);
	for (i = 0; i < a->nblocks; i++) {
		free(a->blocks[i].text);
		free(a->blocks[i].credit);
	}
	free(a->blocks);
	for (i = 0; i < a->nrefs; i++)
		ref_release(&a->refs[i]);
	free(a->refs);
	ak_article_init(a);
}

/*
 * Arrays only grow by one through the functions below, so their capacity
 * is implied: 4, then doubled each time the count reaches a power of two
 * (4 or more).  That keeps a page of 100,000 blocks linear.
 */
static int
is_pow2_or_zero(size_t n)
{
	return n == 0 || (n >= 4 && (n & (n - 1)) == 0);
}

struct ak_block *
ak_article_add_block(struct ak_article *a, enum ak_block_kind kind,
	const char *text, size_t len, const char *credit)
{
	struct ak_block *b;

	if (is_pow2_or_zero(a->nblocks))
		a->blocks = ak_xreallocarray(a->blocks,
		    a->nblocks ? a->nblocks * 2 : 4, sizeof(*a->blocks));
	b = &a->blocks[a->nblocks++];
	b->kind = kind;
	b->text = ak_xstrndup(text, len);
	b->credit = ak_xstrdup0(credit);
	return b;
}

struct ak_ref *
ak_article_add_ref(struct ak_article *a)
{
	struct ak_ref *r;

	if (is_pow2_or_zero(a->nrefs))
		a->refs = ak_xreallocarray(a->refs, a->nrefs ? a->nrefs * 2 : 4,
		    sizeof(*a->refs));
	r = &a->refs[a->nrefs++];
	memset(r, 0, sizeof(*r));
	return r;
}

void
ak_set_str(char **field, const char *s)
{
	char *copy = ak_xstrdup0(s);

	free(*field);
	*field = copy;
}

/* ------------------------------------------------------------ caps */

#define ELLIPSIS "\xE2\x80\xA6"
#define ELLIPSIS_LEN 3

/* Cut at a space in the last eighth of the room, if there is one. */
#define CUT_SPACE_WINDOW 8

static size_t
len0(const char *s)
{
	return s ? strlen(s) : 0;
}

/*
 * Where to cut s (len bytes) so that it and "…" take at most room
 * bytes: after the last space in the last eighth of the room, else at
 * the last character boundary.
 */
static size_t
cut_point(const char *s, size_t len, size_t room)
{
	size_t k, floor;

	if (room <= ELLIPSIS_LEN)
		return 0;
	k = room - ELLIPSIS_LEN;
	if (k >= len)
		return len;
	floor = k - k / CUT_SPACE_WINDOW;
	for (; k > floor; k--)
		if (s[k] == ' ' || s[k] == '\n')
			break;
	if (k == floor)
		k = room - ELLIPSIS_LEN;
	while (k > 0 && ((unsigned char)s[k] & 0xC0) == 0x80)
		k--;
	while (k > 0 && (s[k - 1] == ' ' || s[k - 1] == '\n'))
		k--;
	return k;
}

/* A copy of s cut to room bytes ("…" included); counts a cut in *n. */
static char *
copy_cut(const char *s, size_t room, size_t *n)
{
	size_t len, k;
	char *r;

	if (!s)
		return NULL;
	len = strlen(s);
	if (room == 0 || len <= room)
		return ak_xstrndup(s, len);
	k = cut_point(s, len, room);
	r = ak_xmalloc(k + ELLIPSIS_LEN + 1);
	memcpy(r, s, k);
	memcpy(r + k, ELLIPSIS, ELLIPSIS_LEN + 1);
	(*n)++;
	return r;
}

static int
over(const char *s, size_t cap)
{
	return cap && s && strlen(s) > cap;
}

int
ak_article_over_caps(const struct ak_article *a, const struct ak_caps *caps)
{
	const char *const fields[] = {
		a->guid, a->url, a->title, a->subtitle, a->publisher,
		a->section, a->byline, a->dateline, a->published,
		a->date_raw, a->source, a->lang
	};
	size_t i, total = 0, p = caps->paragraph;

	for (i = 0; i < sizeof fields / sizeof *fields; i++)
		if (over(fields[i], p))
			return 1;
	for (i = 0; i < a->nblocks; i++) {
		if (over(a->blocks[i].text, p) || over(a->blocks[i].credit, p))
			return 1;
		total += len0(a->blocks[i].text) + len0(a->blocks[i].credit);
	}
	for (i = 0; i < a->nrefs; i++) {
		const struct ak_ref *r = &a->refs[i];

		if (over(r->title, p) || over(r->section, p) ||
		    over(r->caption, p) || over(r->summary, p) ||
		    over(r->byline, p))
			return 1;
		total += len0(r->title) + len0(r->section) +
		    len0(r->caption) + len0(r->summary) + len0(r->byline);
	}
	return caps->article && total > caps->article;
}

static void
ref_release_last(struct ak_article *a)
{
	ref_release(&a->refs[--a->nrefs]);
}

/* A text crossing the article cap is cut if this much room is left. */
#define CAP_MIN_TAIL 64

static size_t
ref_len(const struct ak_ref *r)
{
	return len0(r->title) + len0(r->section) + len0(r->caption) +
	    len0(r->summary) + len0(r->byline);
}

void
ak_article_copy_capped(const struct ak_article *a, const struct ak_caps *caps,
	struct ak_article *out, struct ak_cap_cut *cut)
{
	struct ak_cap_cut c = { 0, 0, 0, 0 };
	size_t i, used = 0, p = caps->paragraph, max = caps->article, len;
	size_t ignored = 0, ncut;
	char *text, *credit, *t2;
	int stop = 0;

	ak_article_init(out);
	out->id = a->id;
	out->read = a->read;
	out->starred = a->starred;
	out->guid = copy_cut(a->guid, p, &c.fields);
	out->url = copy_cut(a->url, p, &c.fields);
	out->title = copy_cut(a->title, p, &c.fields);
	out->subtitle = copy_cut(a->subtitle, p, &c.fields);
	out->publisher = copy_cut(a->publisher, p, &c.fields);
	out->section = copy_cut(a->section, p, &c.fields);
	out->byline = copy_cut(a->byline, p, &c.fields);
	out->dateline = copy_cut(a->dateline, p, &c.fields);
	out->published = copy_cut(a->published, p, &c.fields);
	out->date_raw = copy_cut(a->date_raw, p, &c.fields);
	out->source = copy_cut(a->source, p, &c.fields);
	out->lang = copy_cut(a->lang, p, &c.fields);
	for (i = 0; i < a->nblocks; i++) {
		const struct ak_block *b = &a->blocks[i];
		struct ak_block *nb;

		c.bytes += len0(b->text) + len0(b->credit);
		if (stop) {
			c.tail++;
			continue;
		}
		ncut = 0;
		text = copy_cut(b->text, p, &ncut);
		credit = copy_cut(b->credit, p, &ncut);
		len = len0(text) + len0(credit);
		if (max && used + len > max) {
			/* the block that crosses the article cap is the last,
			 * cut to what room is left, if that is worth it */
			stop = 1;
			c.tail++;
			if (max - used < len0(credit) + CAP_MIN_TAIL) {
				free(text);
				free(credit);
				continue;
			}
			t2 = copy_cut(text, max - used - len0(credit), &ignored);
			free(text);
			text = t2;
		}
		c.blocks += ncut > 0;
		nb = ak_article_add_block(out, b->kind, "", 0, NULL);
		free(nb->text);
		nb->text = text;
		nb->credit = credit;
		used += len0(text) + len0(credit);
	}
	for (i = 0; i < a->nrefs; i++) {
		const struct ak_ref *r = &a->refs[i];
		struct ak_ref *nr;

		c.bytes += ref_len(r);
		if (stop) {
			c.tail++;
			continue;
		}
		nr = ak_article_add_ref(out);
		nr->title = copy_cut(r->title, p, &c.fields);
		nr->section = copy_cut(r->section, p, &c.fields);
		nr->caption = copy_cut(r->caption, p, &c.fields);
		nr->summary = copy_cut(r->summary, p, &c.fields);
		nr->byline = copy_cut(r->byline, p, &c.fields);
		nr->target = r->target;
		if (max && used + ref_len(nr) > max) {
			/* a related item is kept whole or not at all */
			ref_release_last(out);
			stop = 1;
			c.tail++;
			continue;
		}
		used += ref_len(nr);
	}
	if (cut)
		*cut = c;
}

const char *
ak_block_kind_name(enum ak_block_kind k)
{
	if ((unsigned)k >= AK_BLOCK_NKINDS)
		return "paragraph";
	return block_names[k];
}

int
ak_block_kind_from_name(const char *name)
{
	int i;

	for (i = 0; i < AK_BLOCK_NKINDS; i++)
		if (strcmp(block_names[i], name) == 0)
			return i;
	return -1;
}

const char *
ak_related_kind_name(enum ak_related_kind k)
{
	switch (k) {
	case AK_REL_REF:
		return "ref";
	case AK_REL_SAME_STORY:
		return "same-story";
	case AK_REL_RELATED:
		return "related";
	}
	return "related";
}

void
ak_related_release(struct ak_related *r)
{
	free(r->title);
	free(r->publisher);
	free(r->published);
	free(r->summary);
	memset(r, 0, sizeof(*r));
}

void
ak_related_free_array(struct ak_related *r, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		ak_related_release(&r[i]);
	free(r);
}
