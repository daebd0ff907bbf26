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
