/* core/text.h -- Unicode text to the characters a Minitel can show.
 *
 * The Minitel alphabet is G0 (ASCII with a few differences) plus the G2
 * symbols and the accented lower-case letters of videotex/charset.h.
 * Everything else is transliterated through glibc's iconv (//TRANSLIT,
 * after setlocale(LC_CTYPE, "C.UTF-8")): accented capitals become plain
 * capitals, ’ “ ” become ' ", — becomes -, … becomes ..., € becomes EUR,
 * and so on. A character with no Minitel form and no transliteration
 * becomes "?". Nothing is dropped silently: each character that had to be
 * replaced is counted, and the converter remembers the first few. */
#ifndef TXT_H
#define TXT_H

#include <stddef.h>
#include <stdint.h>

#define TXT_EXAMPLES 8

typedef struct txt_conv txt_conv; /* opaque: iconv handle and counts */

/* NULL only on out-of-memory or when iconv cannot be opened. */
txt_conv *txt_conv_new(void);
void txt_conv_free(txt_conv *c);

/* Converts n bytes of UTF-8 (invalid sequences count as U+FFFD) into
 * display characters: Unicode code points that vtx_charset_encode()
 * accepts, one per screen cell. Writes at most `cap` of them to out and
 * returns how many there are in all (call again with a larger buffer when
 * that is more than cap). Control characters become spaces. */
size_t txt_convert(txt_conv *c, const char *utf8, size_t n, uint32_t *out,
		   size_t cap);

/* How many characters had no Minitel form since txt_conv_new or the last
 * txt_reset_counts, and (up to TXT_EXAMPLES) which, in order seen,
 * without repeats. */
size_t txt_replaced(const txt_conv *c, uint32_t examples[TXT_EXAMPLES],
		    size_t *nexamples);
void txt_reset_counts(txt_conv *c);

/* The display width in cells of n bytes of UTF-8 once converted. */
size_t txt_width(txt_conv *c, const char *utf8, size_t n);

#endif
