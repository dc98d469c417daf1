/* videotex/mosaic.c -- G1 mosaic bit mapping (STUM1B §2-2-1-2-3).
 *
 * The mapping is arithmetic, so it is computed rather than tabled (the code
 * <-> mask functions are inline in mosaic.h); the test suite checks all 64
 * masks and all 96 codes exhaustively. */
#include "mosaic.h"

#define MASK_ALL 0x3Fu
#define MASK_LEFT (1u | 4u | 16u)
#define MASK_RIGHT (2u | 8u | 32u)
#define SEXTANT_BASE 0x1FB00u

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
