/*
 * Layout: logical text and a width to visual lines of terminal cells.
 *
 * For each paragraph: bidi embedding levels once over the whole paragraph
 * (FriBidi, bracket pairs), Arabic shaping to presentation forms in logical
 * order (when asked), cell widths, line breaks at ICU line-break
 * opportunities, then per line UAX #9 L1-L4 reordering, combining marks
 * after their base, RTL lines right-aligned.  Knows nothing of ncurses:
 * `akhbar show` and the reader paint the same lines.
 */
#ifndef AKHBAR_LAYOUT_H
#define AKHBAR_LAYOUT_H

#include <stddef.h>
#include <stdint.h>

struct ak_article;
struct ak_related;
struct ak_buf;
struct ak_error;

enum ak_bidi_mode {
	AK_BIDI_APP,		/* akhbar reorders and shapes (default) */
	AK_BIDI_TERMINAL,	/* logical order, for bidi-aware terminals */
	AK_BIDI_OFF		/* logical order, no shaping, left-aligned */
};

enum ak_dir {
	AK_DIR_AUTO,		/* from the first strong letter (P2/P3), else LTR */
	AK_DIR_RTL,
	AK_DIR_LTR,
	AK_DIR_AUTO_RTL		/* first strong letter, else RTL (Arabic text) */
};

/* Cell attributes: what the text is, not how it looks (views pick colours). */
enum {
	AK_ATTR_NONE    = 0,
	AK_ATTR_TITLE   = 1 << 0,
	AK_ATTR_HEADING = 1 << 1,
	AK_ATTR_CAPTION = 1 << 2,
	AK_ATTR_CREDIT  = 1 << 3,
	AK_ATTR_SUMMARY = 1 << 4,
	AK_ATTR_QUOTE   = 1 << 5,
	AK_ATTR_META    = 1 << 6,	/* publisher, date, byline */
	AK_ATTR_HIT     = 1 << 7,	/* search hit */
	AK_ATTR_LINK    = 1 << 8,	/* a related story that can be opened */
	AK_ATTR_DIM     = 1 << 9,
	AK_ATTR_SUBTITLE = 1 << 10
};

#define AK_CELL_MAXCH 5		/* as ncurses' CCHARW_MAX: base + 4 marks */

struct ak_cell {
	uint32_t ch[AK_CELL_MAXCH];	/* spacing char, then combining marks */
	uint8_t nch;
	uint8_t width;			/* 1 or 2; a wide char's cell only */
	uint16_t attr;
	uint32_t logical;		/* byte offset of ch[0] in the paragraph */
};

struct ak_vline {
	struct ak_cell *cells;	/* visual order, left to right */
	size_t ncells;
	int indent;		/* blank columns before the first cell */
	int width;		/* columns the cells take (without indent) */
	int rtl;		/* paragraph direction */
	uint32_t lstart, lend;	/* logical byte range [lstart, lend) */
	int64_t link;		/* article id this line opens, 0 = none */
	int tag;		/* index of the related story, else -1 */
	int block;		/* index in the article's blocks, else -1 */
};

struct ak_lines {
	struct ak_vline *lines;
	size_t n;
	size_t cap;
};

/* A span of logical bytes that gets extra attributes (search hits). */
struct ak_span {
	uint32_t start, end;
	uint16_t attr;
};

/*
 * The words ak_layout_article adds around the article's own text.  NULL
 * fields fall back to ak_layout_labels_en; the reader passes Arabic ones.
 */
struct ak_layout_labels {
	const char *summary;	/* label line above a summary block */
	const char *related;	/* heading of the related stories */
	const char *kind[3];	/* by enum ak_related_kind */
	const char *sep;	/* between the parts of a meta line: " · " */
};

extern const struct ak_layout_labels ak_layout_labels_en;

struct ak_layout_opts {
	int width;		/* columns; 0 = no wrapping, no alignment */
	enum ak_dir dir;
	enum ak_bidi_mode mode;
	int shape;		/* Arabic shaping (app mode only) */
	uint16_t attr;		/* attributes of the whole paragraph */
	const struct ak_span *spans;	/* sorted by start, may be NULL */
	size_t nspans;
	const struct ak_layout_labels *labels;	/* article only; NULL = English */
};

/*
 * What the modes do (see the terminal working group's "BiDi in Terminal
 * Emulators"):
 *   app       levels, shaping (if shape), mirroring, per-line reordering;
 *             RTL lines right-aligned by `indent` when width > 0.
 *   terminal  wrapped in logical order, not shaped, not mirrored, indent 0:
 *             a terminal in implicit mode (BDSM set) reorders, shapes and
 *             aligns each line itself; padding would push an RTL line to
 *             the wrong side once the terminal detects its direction.
 *   off       logical order, not shaped, left-aligned.
 * In every mode the output holds no control character, no bidi control
 * (LRM, RLM, ALM, embeddings, isolates) and no BN character (ZWJ, ZWNJ,
 * U+FEFF, soft hyphen); trailing whitespace of each line is dropped.  A
 * combining mark with no base before it (at the start of a paragraph) is
 * shown on U+25CC DOTTED CIRCLE, as fonts and HarfBuzz do.  A cell holds a
 * spacing character and at most AK_CELL_MAXCH - 1 marks; more are dropped.
 * A vline's [lstart, lend) ranges tile the paragraph (trailing spaces
 * included); cell.logical of a lam-alef ligature is the lam's offset.
 */

void ak_lines_init(struct ak_lines *l);
void ak_lines_release(struct ak_lines *l);
/* Append an empty line (a blank line between blocks). */
void ak_lines_add_blank(struct ak_lines *l);

/*
 * Lay out one paragraph of logical UTF-8 (no '\n'; sanitised text) and
 * append its visual lines to out.  A word wider than the width is broken,
 * never lost; a line holds at least one character, so one wider than the
 * width itself (a wide character at width 1) takes its line alone and
 * overflows it.  Returns AK_OK or AK_EINVAL.
 */
int ak_layout_para(const char *s, size_t len, const struct ak_layout_opts *o,
	struct ak_lines *out, struct ak_error *err);

/*
 * Lay out s on one line of at most width columns, cutting at the logical
 * end and adding an ellipsis there (so it shows on the left of RTL text).
 * For list rows.
 */
int ak_layout_line(const char *s, size_t len, const struct ak_layout_opts *o,
	struct ak_vline *out, struct ak_error *err);
void ak_vline_release(struct ak_vline *l);

/*
 * Lay out a whole article as the reader and `akhbar show` print it:
 * title (AK_ATTR_TITLE), subtitle, a meta line "publisher · date ·
 * byline", a blank line, then the blocks separated by blank lines:
 * paragraphs, headings (HEADING), captions (CAPTION, the credit CREDIT,
 * added as " (credit)" unless the caption already ends with it), a summary
 * under a label line and indented (SUMMARY), quotes indented (QUOTE).
 * Then, if nrel > 0, a separator, a heading and the related stories (rel:
 * the caller orders them, refs first): "N. title" (N = 1..9, then "-";
 * LINK when r->id > 0) and a meta line "kind · publisher · date"; both
 * lines carry link = r->id and tag = index in rel.  Each paragraph's
 * direction is its first strong letter; with none, the article's (its
 * lang, else its first strong letter); labels and meta lines take the
 * article's.  o->dir RTL/LTR forces every paragraph; o->spans is ignored
 * (lay out a block with ak_layout_para for search hits); lines carry the
 * index of their block (else -1).  Appends to out.
 */
int ak_layout_article(const struct ak_article *a, const struct ak_related *rel,
	size_t nrel, const struct ak_layout_opts *o, struct ak_lines *out,
	struct ak_error *err);

/*
 * Load ICU's line-break rules now.  The first paragraph wrapped in a
 * process waits for them (about 1 ms); ICU keeps them for every later
 * one.  The reader calls this when idle after its first screen, so that
 * the first article opened does not wait.
 */
void ak_layout_prepare(void);

/*
 * Append the UTF-8 of a visual line to b: indent spaces, then the cells,
 * then spaces up to pad_to columns (0: none).  Never emits a control
 * character.
 */
void ak_vline_to_utf8(const struct ak_vline *l, int pad_to, struct ak_buf *b);

/* Option values: "app", "terminal", "off"; "auto", "rtl", "ltr".
 * Return 0, or -1 for an unknown name (*out untouched). */
int ak_bidi_mode_from_name(const char *s, enum ak_bidi_mode *out);
const char *ak_bidi_mode_name(enum ak_bidi_mode m);
int ak_dir_from_name(const char *s, enum ak_dir *out);

#endif
