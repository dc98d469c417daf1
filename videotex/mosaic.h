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
uint8_t vtx_mosaic_code(unsigned mask);

/* The 6-bit mask of a received G1 code 0x20..0x7F. Codes 0x40..0x5F show
 * as 0x60..0x7F (0x5F is the documented full block; see mosaic.c). */
unsigned vtx_mosaic_mask(uint8_t code);

/* The canonical code for what a received G1 code shows. */
uint8_t vtx_mosaic_canonical(uint8_t code);

/* The Unicode block sextant (U+1FB00..) or block element for a 6-bit mask;
 * mask 0 is a space. */
uint32_t vtx_mosaic_unicode(unsigned mask);

#endif
