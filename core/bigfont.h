/* core/bigfont.h -- large letters drawn in mosaic sub-pixels.
 *
 * A block font of this project's own design for titles on the header
 * band: capitals, digits and some punctuation, each glyph FONT_HEIGHT
 * sub-pixels high and up to FONT_MAX_WIDTH wide, with one blank column
 * between glyphs. Lower-case letters are drawn as capitals and accents
 * are dropped (é -> E). A mosaic cell is 2 x 3 sub-pixels, so a glyph
 * 5 wide, 6 high fits in 3 cells x 2 rows with its gap. */
#ifndef FONT_H
#define FONT_H

#include <stddef.h>
#include <stdint.h>

#define FONT_HEIGHT 6
#define FONT_MAX_WIDTH 5

/* Width in sub-pixels of the UTF-8 text drawn in the font (gaps
 * included, no trailing gap); characters the font lacks count as a
 * blank of width 3. */
int font_width(const char *utf8, size_t n);

/* Draws the text into a 1-bit bitmap of w x h sub-pixels (row-major, one
 * byte a pixel: an ink pixel is set to 1, the others are left as they
 * are) with its top-left corner at (x, y); pixels outside the bitmap are
 * clipped. Returns the width drawn. */
int font_draw(const char *utf8, size_t n, uint8_t *bitmap, int w, int h, int x,
	      int y);

/* The glyph drawn for code point cp when it is a single glyph: returns
 * its width and points *rows (when rows is not NULL) at its FONT_HEIGHT
 * rows, strings of '#' (ink) and '.' that many characters long, static.
 * Returns 0 when cp is drawn as several glyphs (Œ) or as a blank because
 * the font lacks it. The space is a glyph too (3 wide, no ink). */
int font_glyph(uint32_t cp, const char *const **rows);

#endif
