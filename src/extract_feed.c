/*
 * A feed's item and its web page made one article (ak_extract_merge),
 * for full text for feeds (fulltext.h): what the feed says about the
 * item stays (its link and guid, the item's identity, title, date,
 * author, publisher), the page fills in what the feed left out, and the
 * feed's summary becomes the subtitle when the page's text does not
 * begin with it.
 */
#include "config.h"

#include "akhbar/extract.h"

#include <stdlib.h>
#include <string.h>

#include "akhbar/article.h"
#include "akhbar/buf.h"
#include "extract_priv.h"

#define SUMMARY_MAX	1000	/* characters: a longer feed text is no
				 * summary, it is the article */

/* The feed's text of an item, as one line (a new string, maybe NULL). */
static char *
feed_text(const struct ak_article *a)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t i;
	char *s;

	for (i = 0; i < a->nblocks; i++) {
		if (i)
			ak_buf_addch(&b, ' ');
		ak_buf_addstr(&b, a->blocks[i].text);
	}
	s = b.len ? ex_clean(b.data, b.len) : NULL;
	ak_buf_release(&b);
	return s;
}

/*
 * Does the page's text begin with (or hold) the summary?  Compared
 * without its last few characters, which feeds cut («...», "[…]").
 */
static int
page_says(const struct ak_article *page, const char *summary)
{
	struct ak_buf b = AK_BUF_INIT;
	size_t n = strlen(summary), i;
	char head[64];
	int r;

	while (n && (summary[n - 1] == '.' || summary[n - 1] == ' ' ||
	    summary[n - 1] == ']' || summary[n - 1] == '['))
		n--;
	if (n >= 3 && !memcmp(summary + n - 3, "\xE2\x80\xA6", 3))
		n -= 3;
	if (n > 60)
		n = 60;
	while (n && ((unsigned char)summary[n] & 0xC0) == 0x80)
		n--;
	for (i = 0; i < page->nblocks && b.len < 4096; i++) {
		ak_buf_addstr(&b, page->blocks[i].text);
		ak_buf_addch(&b, ' ');
	}
	ak_buf_addch(&b, '\0');
	memcpy(head, summary, n);
	head[n] = '\0';
	r = n > 0 && strstr(b.data, head) != NULL;
	ak_buf_release(&b);
	return r;
}

void
ak_extract_merge(struct ak_article *item, struct ak_article *page)
{
	char *summary = feed_text(item);
	size_t i;

	if (!page->nblocks) {
		free(summary);
		return;
	}
	if (summary && !item->subtitle &&
	    ex_nchars(summary, strlen(summary)) <= SUMMARY_MAX &&
	    !page_says(page, summary))
		item->subtitle = summary;
	else
		free(summary);
	for (i = 0; i < item->nblocks; i++) {
		free(item->blocks[i].text);
		free(item->blocks[i].credit);
	}
	free(item->blocks);
	item->blocks = page->blocks;
	item->nblocks = page->nblocks;
	page->blocks = NULL;
	page->nblocks = 0;
	if (!item->title)
		ak_set_str(&item->title, page->title);
	if (!item->subtitle && page->subtitle)
		ak_set_str(&item->subtitle, page->subtitle);
	if (!item->byline)
		ak_set_str(&item->byline, page->byline);
	if (!item->published) {
		ak_set_str(&item->published, page->published);
		ak_set_str(&item->date_raw, page->date_raw);
	}
	if (!item->section)
		ak_set_str(&item->section, page->section);
	if (!item->lang)
		ak_set_str(&item->lang, page->lang);
	if (!item->url)
		ak_set_str(&item->url, page->url);
}
