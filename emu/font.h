/* emu/font.h -- the renderer's character generator: a bitmap font drawn
 * for this project, and the G1 mosaics built from their bits.
 *
 * Every glyph is EMU_GLYPH_LINES lines of 8 pixels, one byte a line, the
 * most significant bit the leftmost pixel: the layout of the DRCS patterns
 * of vtx_screen, so the renderer draws both the same way. The glyph data
 * is in emu/font.c, drawn as '#'/'.' strings. */
#ifndef EMU_FONT_H
#define EMU_FONT_H

#include <stdint.h>

#define EMU_GLYPH_LINES 10
#define EMU_FONT_BOX 0xFFFDu /* the glyph of characters the font lacks */

/* The glyph shown for Unicode character `ch` in an alphanumeric cell: the
 * G0 set (with the Minitel's own shapes at 5E, 5F, 60, 7B-7F, as decoded
 * by vtx_charset_g0), the G2 symbols, the accented lower-case letters and
 * "_"; EMU_FONT_BOX for any other character. Never NULL; the bytes are
 * static and live for the whole program. The first call of any emu_font_
 * function builds the bitmaps (once, thread-safe). */
const uint8_t *emu_font_glyph(uint32_t ch);

/* Nonzero when the font has a glyph of its own for `ch` (not the box). */
int emu_font_has(uint32_t ch);

/* The glyph of a G1 mosaic: `mask` is the 6-bit mask of videotex/mosaic.h
 * (1 top-left, 2 top-right, 4 middle-left, 8 middle-right, 16 bottom-left,
 * 32 bottom-right); sub-blocks are 4 + 4 pixels wide and 3 + 4 + 3 lines
 * high (videotex.md §2). `separated` nonzero: disjoint mosaics, where the
 * first column of each half and the last line of each band stay
 * background. Static bytes, never NULL. */
const uint8_t *emu_font_mosaic(unsigned mask, int separated);

/* Checks the glyph sheet of emu/font.c: every row of the right length,
 * only '#', '.' and the separating spaces, no character drawn twice.
 * Returns the number of faults (0 when well formed), for the tests. */
int emu_font_check(void);

#endif
