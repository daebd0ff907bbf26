/*
 * Export of one article to plain text, Markdown or JSON, for
 * `akhbar export` and the reader's `e` key.
 *
 * Every format is UTF-8 in logical order (the order the text is stored
 * in: editors, screen readers and bidi-aware programs show it right),
 * with LF line ends and a final newline.
 *
 * text: the title; the subtitle; "— publisher · date · byline" (what is
 * known of them; the date as the cache has it, ISO 8601); a blank
 * line; the blocks, one per line with a blank line between them (or
 * wrapped at ICU line-break opportunities with a width, never inside a
 * word).  The dateline opens the first paragraph («بغداد – ...») as on
 * the page; a heading is underlined with '='; a summary follows a line
 * «ملخص»; a caption ends with its credit in parentheses («(رويترز)»,
 * «(صورة)» when it has none); the source is a line «المصادر: ...»; the
 * related stories (the page's refs, then the found ones) close the text
 * under «مقالات ذات صلة», one title a line.  These are the shapes the
 * text-page parser reads (with assets/sites/akhbar-export.rules), so
 * importing an unwrapped export gives back the title and the paragraphs.
 *
 * markdown: "# title", the subtitle in bold, the meta line, "## "
 * headings, captions as *emphasised* lines, the summary and quotes as
 * "> " blocks, related stories as a list.
 *
 * json: {"id", "title", "subtitle", "publisher", "section", "byline",
 * "dateline", "published", "url", "blocks": [{"kind", "text", "credit"}],
 * "refs": [{"title", "section", "caption", "summary", "byline", "id"}],
 * "related": [{"id", "title", "publisher", "published", "summary",
 * "kind", "score"}]} ("id" null for a ref with no cached article).
 */
#ifndef AKHBAR_EXPORT_H
#define AKHBAR_EXPORT_H

#include <stddef.h>
#include <stdint.h>

struct ak_cache;
struct ak_article;
struct ak_related;
struct ak_buf;
struct ak_error;

enum ak_export_format {
	AK_EXPORT_TEXT,
	AK_EXPORT_MARKDOWN,
	AK_EXPORT_JSON
};

/* "text", "markdown" or "md", "json": 0, or -1 (*out untouched). */
int ak_export_format_from_name(const char *name, enum ak_export_format *out);
const char *ak_export_format_name(enum ak_export_format f);
/*
 * The format a file name asks for by its extension (".md", ".markdown",
 * ".json", ".text"), else def.
 */
enum ak_export_format ak_export_format_for_path(const char *path,
	enum ak_export_format def);
/* The file name extension, without the dot: "txt", "md", "json". */
const char *ak_export_format_ext(enum ak_export_format f);

/*
 * Render article a (with its related stories, which may be NULL) in
 * format f, appended to out.  width > 0 wraps text and Markdown lines at
 * that many terminal cells (a longer word stands alone on its line);
 * 0 writes a block per line.  JSON ignores width.
 */
void ak_export_render(const struct ak_article *a,
	const struct ak_related *rel, size_t nrel, enum ak_export_format f,
	int width, struct ak_buf *out);

/*
 * Load article id and its related stories from the cache and render it
 * into out (appended).  Returns AK_OK, AK_ENOTFOUND ("no article ID") or
 * a cache error.
 */
int ak_export_article(struct ak_cache *c, int64_t id,
	enum ak_export_format f, int width, struct ak_buf *out,
	struct ak_error *err);

/*
 * The default file name of an export: "akhbar-<id>-<slug>.<ext>", the
 * slug a short ASCII transliteration of the title (lower case, words
 * joined by '-'), or "akhbar-<id>.<ext>" when the title gives none.
 * Caller frees.
 */
char *ak_export_filename(const struct ak_article *a, enum ak_export_format f);

/*
 * Write data to path for an export: a regular file is written
 * atomically (a temporary file in the same folder, then rename) and
 * never replaced unless force; an existing special file (a terminal,
 * a pipe, /dev/null) is written in place.  One-line errors: AK_EEXIST,
 * AK_EIO ("no such folder"), AK_EREADONLY (no permission), AK_EFULL
 * (disk full).  No partial file is left behind.
 */
int ak_export_write(const char *path, const char *data, size_t len,
	int force, struct ak_error *err);

#endif
