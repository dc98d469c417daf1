/* videotex/mosaic.h -- G1 mosaic (semi-graphic) characters.
 *
 * A mosaic cell is 2 x 3 sub-blocks. Bit weights of the 6-bit mask (STUM1B
 * §2-2-1-2-3, img/p101): 1 top-left, 2 top-right, 4 middle-left,
 * 8 middle-right, 16 bottom-left, 32 bottom-right. In the code byte the
 * bottom-right block is bit 6, bit 5 is always set. */
#ifndef VTX_MOSAIC_H
#define VTX_MOSAIC_H

#include <stdint.h>

#define VTX_MOSAIC_EMPTY 0x20u
#define VTX_MOSAIC_FULL 0x7Fu

/* The canonical G1 code (0x20..0x3F or 0x60..0x7F) for a 6-bit mask. */
static inline uint8_t vtx_mosaic_code(unsigned mask)
{
	return (uint8_t)(0x20u | (mask & 0x1Fu) | ((mask & 0x20u) ? 0x40u : 0));
}

/* The 6-bit mask of a received G1 code 0x20..0x7F. Codes 0x40..0x5F show
 * as 0x60..0x7F: STUM1B's G1 grid (§2-2-1-2-3, img/p101) fills only 5F in
 * that column, with the full block, the glyph of 7F: the video chip does
 * not decode bit 5 in mosaic mode. The other codes of the column behave
 * the same way on the terminals the vector pages were made for
 * (tests/vectors/DEVIATIONS.md). Inline: the decoder calls it per cell. */
static inline unsigned vtx_mosaic_mask(uint8_t code)
{
	code &= 0x7F;
	if (code < 0x20)
		return 0;
	return (code & 0x1Fu) | ((code & 0x40u) ? 0x20u : 0);
}

/* The canonical code for what a received G1 code shows: the code itself,
 * with bit 5 set when bit 6 is (vtx_mosaic_code of vtx_mosaic_mask, in
 * fewer steps: the decoder calls it per mosaic); a control code shows as
 * the empty mosaic. */
static inline uint8_t vtx_mosaic_canonical(uint8_t code)
{
	code &= 0x7F;
	if (code < 0x20)
		return VTX_MOSAIC_EMPTY;
	return (uint8_t)(code | (code & 0x40u) >> 1);
}

/* The Unicode block sextant (U+1FB00..) or block element for a 6-bit mask;
 * mask 0 is a space. */
uint32_t vtx_mosaic_unicode(unsigned mask);

#endif
