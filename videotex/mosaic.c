/* videotex/mosaic.c -- G1 mosaic bit mapping (STUM1B §2-2-1-2-3).
 *
 * The mapping is arithmetic, so it is computed rather than tabled; the test
 * suite checks all 64 masks and all 96 codes exhaustively. */
#include "mosaic.h"

#define MASK_LOW5 0x1Fu
#define MASK_BR 0x20u
#define CODE_BIT5 0x20u
#define CODE_BIT6 0x40u
#define MASK_ALL 0x3Fu
#define MASK_LEFT (1u | 4u | 16u)
#define MASK_RIGHT (2u | 8u | 32u)
#define SEXTANT_BASE 0x1FB00u

uint8_t vtx_mosaic_code(unsigned mask)
{
	mask &= MASK_ALL;
	return (uint8_t)(CODE_BIT5 | (mask & MASK_LOW5) |
			 ((mask & MASK_BR) ? CODE_BIT6 : 0));
}

unsigned vtx_mosaic_mask(uint8_t code)
{
	code &= 0x7F;
	if (code < 0x20)
		return 0;
	/* Codes 40..5F: STUM1B's G1 grid (§2-2-1-2-3, img/p101) fills only
	 * 5F, with the full block, i.e. the glyph of 7F: the video chip does
	 * not decode bit 5 in mosaic mode. The other codes of that column
	 * behave the same way on the terminals the vector pages were made
	 * for (tests/vectors/DEVIATIONS.md), so they alias 60..7E. */
	return (code & MASK_LOW5) | ((code & CODE_BIT6) ? MASK_BR : 0);
}

uint8_t vtx_mosaic_canonical(uint8_t code)
{
	return vtx_mosaic_code(vtx_mosaic_mask(code));
}

uint32_t vtx_mosaic_unicode(unsigned mask)
{
	mask &= MASK_ALL;
	if (mask == 0)
		return 0x20;
	if (mask == MASK_ALL)
		return 0x2588; /* full block */
	if (mask == MASK_LEFT)
		return 0x258C; /* left half block */
	if (mask == MASK_RIGHT)
		return 0x2590; /* right half block */
	/* U+1FB00.. lists the 60 other sextants in mask order, skipping the
	 * two half blocks that Unicode already had. */
	return SEXTANT_BASE + mask - 1 - (mask > MASK_LEFT) -
	       (mask > MASK_RIGHT);
}
