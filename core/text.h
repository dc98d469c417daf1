/* core/text.h -- Unicode text to the characters a Minitel can show.
 *
 * The Minitel alphabet is G0 (ASCII with a few differences) plus the G2
 * symbols and the accented lower-case letters of videotex/charset.h.
 * Everything else is replaced: accented capitals become plain capitals,
 * ’ “ ” become ' ", — becomes -, … becomes ..., € becomes EUR (our own
 * table), and the rest is transliterated through glibc's iconv
 * (//TRANSLIT). A character with no Minitel form and no transliteration
 * becomes "?". Nothing is dropped silently: each character whose display
 * differs from the character itself is counted (É -> E counts, so does
 * ’ -> '), and the converter remembers the first few. Spaces, controls
 * (which become spaces) and invisible characters (zero-width space,
 * joiners, soft hyphen) are not counted: nothing visible is lost.
 * core/text.c has the full rules.
 *
 * Not thread-safe: txt_conv_new calls setlocale (see there); a converter
 * is used by one thread at a time. */
#ifndef TXT_H
#define TXT_H

#include <stddef.h>
#include <stdint.h>

#define TXT_EXAMPLES 8

typedef struct txt_conv txt_conv; /* opaque: iconv handle and counts */

/* NULL only on out-of-memory or when iconv cannot be opened. Sets the
 * process's LC_CTYPE to "C.UTF-8" (setlocale): glibc transliterates with
 * the tables of the current LC_CTYPE, and this makes the output the same
 * whatever the user's locale. txt_conv_free(NULL) is a no-op. */
txt_conv *txt_conv_new(void);
void txt_conv_free(txt_conv *c);

/* For a terminal with the VGP2 chip (videotex.md §5; link/driver tells
 * from the model): the VGP5-only characters § ß ä ö ü are transliterated
 * like any other character the Minitel lacks (§ -> "par.", ß -> "ss",
 * ä ö ü -> a o u) and counted as replaced. Off by default. */
void txt_set_vgp2(txt_conv *c, int on);

/* With `on`, a no-break space (U+00A0, U+2007, U+202F) comes out as
 * TXT_NBSP rather than as a space: one cell where a line must not break
 * and which the start of a line keeps (an indentation written with
 * &nbsp;). It is no Minitel character: whoever turns on this mode makes a
 * space cell of it. Off by default. */
#define TXT_NBSP 0xA0u
void txt_set_nbsp(txt_conv *c, int on);

/* Converts n bytes of UTF-8 (invalid sequences count as U+FFFD) into
 * display characters: Unicode code points that vtx_charset_encode()
 * accepts, one per screen cell. Writes at most `cap` of them to out and
 * returns how many there are in all (call again with a larger buffer when
 * that is more than cap). Control characters (tab and newline included)
 * become spaces. The replaced characters are counted only by a call whose
 * whole output fitted (return value <= cap), so measuring with a small
 * buffer and converting again counts each character once. */
size_t txt_convert(txt_conv *c, const char *utf8, size_t n, uint32_t *out,
		   size_t cap);

/* How many characters had no Minitel form since txt_conv_new or the last
 * txt_reset_counts, and (up to TXT_EXAMPLES) which, in order seen,
 * without repeats (*nexamples of them). examples and nexamples may be
 * NULL. */
size_t txt_replaced(const txt_conv *c, uint32_t examples[TXT_EXAMPLES],
		    size_t *nexamples);
void txt_reset_counts(txt_conv *c);

/* The display width in cells of n bytes of UTF-8 once converted (what
 * txt_convert returns). Counts nothing. */
size_t txt_width(txt_conv *c, const char *utf8, size_t n);

/* Decodes the code point at the start of s[0..n), n > 0, into *cp and
 * returns the bytes it takes (1..4). An ill-formed sequence (overlong,
 * surrogate, above U+10FFFF, truncated, stray continuation byte) gives
 * U+FFFD for its longest valid prefix, at least one byte. */
size_t txt_utf8_next(const char *s, size_t n, uint32_t *cp);

/* Nonzero when s[0..n) is well-formed UTF-8: a file that is not can be
 * read as Latin-1 (txt_latin1_to_utf8) before it is parsed. */
int txt_utf8_valid(const char *s, size_t n);

/* Latin-1 (ISO 8859-1) bytes as UTF-8, NUL-terminated; its length without
 * the NUL goes to *len when len is not NULL. The caller frees the result
 * with free(). NULL only on out-of-memory. */
char *txt_latin1_to_utf8(const char *s, size_t n, size_t *len);

#endif
