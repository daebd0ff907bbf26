/*
 * Unicode text services (ICU, libstemmer): folding for search and
 * matching, word segmentation, stemming, cell widths.
 *
 * Folding (the same for the index, the query and title matching): NFKC
 * (presentation forms back to letters), no tashkeel/tanween or tatweel,
 * أ إ آ ٱ -> ا, ى -> ي, ة -> ه, ؤ -> و, ئ -> ي, Arabic-Indic digits -> ASCII,
 * Latin lower-cased.
 */
#ifndef AKHBAR_TEXT_H
#define AKHBAR_TEXT_H

#include <stddef.h>

/* Fold s; returns a new NUL-terminated string, caller frees. */
char *ak_text_fold(const char *s, size_t len, size_t *outlen);

/*
 * A "title key": folded, punctuation dropped, words separated by one
 * space.  Two titles that a reader would call the same give the same key.
 * Caller frees.
 */
char *ak_text_key(const char *s, size_t len);

/* Called for each word (letters or digits) of s: borrowed, not NUL-terminated. */
typedef void (*ak_word_fn)(void *ctx, const char *w, size_t len);
/*
 * Split s into words: maximal runs of letters, marks and digits (ICU
 * character properties; a word never spans punctuation or space).
 */
void ak_text_words(const char *s, size_t len, ak_word_fn fn, void *ctx);

/* Snowball stemmers (Arabic for Arabic words, English for Latin). */
struct ak_stemmer;
struct ak_stemmer *ak_stemmer_new(void);
void ak_stemmer_free(struct ak_stemmer *st);
/*
 * Stem one folded word.  Returns a pointer valid until the next call on
 * st, and its length in *outlen.
 */
const char *ak_stem(struct ak_stemmer *st, const char *w, size_t len,
	size_t *outlen);

/*
 * ak_text_fold, remembering the last texts folded on st's thread (the
 * search index and related stories fold the same paragraphs one after
 * the other).  st may be NULL.  Returns a new string.
 */
char *ak_text_fold_st(struct ak_stemmer *st, const char *s, size_t len,
	size_t *outlen);

/*
 * Fold, split and stem s into a space-separated list of terms (what the
 * search index stores and what related-story scoring counts).  Caller frees.
 */
char *ak_text_terms(struct ak_stemmer *st, const char *s, size_t len);

/* Terminal cells of one code point (wcwidth, 0 for marks, -1 control). */
int ak_cp_width(unsigned cp);
/* Cells of a UTF-8 string. */
int ak_text_width(const char *s, size_t len);

/* Decode one UTF-8 code point at s (len > 0); returns bytes used (>= 1),
 * *cp = U+FFFD on invalid input. */
int ak_utf8_next(const char *s, size_t len, unsigned *cp);

#endif
