/* core/word8.h -- eight bytes at a time: the word and the classic byte
 * tests on it, for the scans of text that go a word at a time while the
 * bytes need nothing done (normalise.c, builder.c, blogmax.c, text.c,
 * layout.c). Each test says whether there is such a byte, exactly; the
 * bit it leaves may be wrong for a byte above the first that is. */
#ifndef W8_H
#define W8_H

#include <stdint.h>
#include <string.h>

#define W8_ONES 0x0101010101010101u
#define W8_HIGHS 0x8080808080808080u

/* The eight bytes at s as a word (memcpy: any alignment). */
static inline uint64_t w8_load(const void *s)
{
	uint64_t w;

	memcpy(&w, s, sizeof w);
	return w;
}

/* Nonzero when a byte of w is below n (n at most 0x80): subtracting n
 * borrows into its high bit; bytes of 0x80 and above are ruled out by
 * ~w. w8_below(w ^ c * W8_ONES, 1) finds byte c. */
static inline uint64_t w8_below(uint64_t w, unsigned n)
{
	return (w - n * W8_ONES) & ~w & W8_HIGHS;
}

#endif
