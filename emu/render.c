/* emu/render.c -- draws a vtx_screen as an RGBA frame.
 *
 * Each cell comes down to ten lines of 8 bits (MSB left) and two colours:
 * the glyph of its character (emu/font.c), of its mosaic (generated from
 * the bits), or its DRCS pattern, cut to the part a doubled character
 * shows there and magnified; then the attributes of videotex.md §4 as
 * vtx_screen_shown() resolves them:
 *   - invert swaps foreground and background;
 *   - conceal (K) draws the cell as background, unless the view reveals;
 *   - blink (B) draws it as background in the hidden phase; an inverted
 *     cell blinks in the opposite phase;
 *   - underline (U) lights line 10, the last, across the whole cell, once:
 *     on the lower half only of a double-height character ("always single
 *     height");
 * and the cursor, when drawn, swaps the two colours of its cell. Only
 * then are pixels written, a byte of bits at a time, so the inner loop
 * is one test and one 4-byte store per pixel (well under a millisecond a
 * frame at scale 1; `make bench`).
 *
 * Not done here: Mixte and Téléinformatique (80 columns), the screen
 * border (black, outside the 320 x 250 frame), cursor blinking (the
 * caller's rhythm, emu_view.cursor). */
#include "render.h"

#include <assert.h>
#include <string.h>

#include "font.h"
#include "videotex/mosaic.h"

#define COLOURS 8
#define HALF_LINES (EMU_CELL_H / 2) /* glyph lines in a double-height half */
#define UNDERLINE_LINE (EMU_CELL_H - 1)
#define PIXEL_BYTES 4

_Static_assert(EMU_WIDTH == VTX_COLS * EMU_CELL_W, "frame width");
_Static_assert(EMU_HEIGHT == VTX_ROWS * EMU_CELL_H, "frame height");
_Static_assert(EMU_CELL_H == EMU_GLYPH_LINES, "glyphs fill the cell");

/* Grey levels of a monochrome Minitel, attribute order (videotex.md §2):
 * round(percent x 255 / 100) of 0, 50, 70, 90, 40, 60, 80, 100 %. */
static const uint8_t grey_level[COLOURS] = {0, 128, 179, 230,
					     102, 153, 204, 255};

/* Plain colours: black, red, green, yellow, blue, magenta, cyan, white. */
static const uint32_t plain_rgb[COLOURS] = {
	0x000000, 0xFF0000, 0x00FF00, 0xFFFF00,
	0x0000FF, 0xFF00FF, 0x00FFFF, 0xFFFFFF,
};

/* A nibble with each bit doubled: the half of a glyph line that a
 * double-width character shows in one of its two cells. */
static const uint8_t widen[16] = {
	0x00, 0x03, 0x0C, 0x0F, 0x30, 0x33, 0x3C, 0x3F,
	0xC0, 0xC3, 0xCC, 0xCF, 0xF0, 0xF3, 0xFC, 0xFF,
};

static const uint8_t no_glyph[EMU_CELL_H]; /* a DRCS code out of range */

/* What a cell draws: ten lines of bits and the two colours. */
typedef struct look {
	uint8_t bits[EMU_CELL_H];
	uint8_t fg, bg;
} look;

uint32_t emu_palette_rgb(emu_palette p, int colour)
{
	uint32_t g;

	colour &= COLOURS - 1;
	if (p == EMU_PALETTE_COLOUR)
		return plain_rgb[colour];
	g = grey_level[colour];
	return g << 16 | g << 8 | g;
}

int emu_blink_phase(unsigned long ms)
{
	return ms % EMU_BLINK_PERIOD_MS >= EMU_BLINK_PERIOD_MS / 2;
}

size_t emu_frame_size(int scale)
{
	assert(scale >= 1);
	return (size_t)EMU_WIDTH * (size_t)scale * EMU_HEIGHT *
	       (size_t)scale * PIXEL_BYTES;
}

/* A colour as the 4 bytes R, G, B, A in memory, to store in one go. */
static uint32_t pixel(uint32_t rgb)
{
	uint8_t b[PIXEL_BYTES] = {(uint8_t)(rgb >> 16), (uint8_t)(rgb >> 8),
				  (uint8_t)rgb, 0xFF};
	uint32_t px;

	memcpy(&px, b, sizeof px);
	return px;
}

/* The full-size glyph a shown cell takes its part from. */
static const uint8_t *glyph_of(const vtx_screen *s, const vtx_shown *c)
{
	int code;

	switch (c->kind) {
	case VTX_KIND_MOSAIC:
		return emu_font_mosaic(vtx_mosaic_mask((uint8_t)c->ch),
				       c->flags & VTX_SHOW_SEPARATED);
	case VTX_KIND_DRCS0:
	case VTX_KIND_DRCS1:
		code = (int)(c->ch & 0x7F) - 0x20;
		if (code < 0)
			return no_glyph;
		return s->drcs[c->kind == VTX_KIND_DRCS1][code];
	default:
		return emu_font_glyph(c->ch);
	}
}

/* The part (part_x, part_y) of glyph `g` that a cell of a double-width or
 * double-height character shows, magnified to a whole cell. */
static void magnify(const uint8_t *g, const vtx_shown *c,
		    uint8_t out[EMU_CELL_H])
{
	int tall = c->height == 2, wide = c->width == 2;
	int top = tall && c->part_y ? HALF_LINES : 0;

	for (int y = 0; y < EMU_CELL_H; y++) {
		unsigned line = g[tall ? top + y / 2 : y];

		if (wide)
			line = widen[c->part_x ? line & 0x0F : line >> 4];
		out[y] = (uint8_t)line;
	}
}

static void swap(uint8_t *a, uint8_t *b)
{
	uint8_t t = *a;

	*a = *b;
	*b = t;
}

/* Resolves one shown cell to bits and colours (videotex.md §4). */
static void cell_look(const vtx_screen *s, const vtx_shown *c,
		      const emu_view *v, int cursor, look *l)
{
	int invert = (c->flags & VTX_SHOW_INVERT) != 0;
	int hidden = 0;

	l->fg = c->fg & (COLOURS - 1);
	l->bg = c->bg & (COLOURS - 1);
	if (invert)
		swap(&l->fg, &l->bg);
	if ((c->flags & VTX_SHOW_CONCEAL) && !v->reveal)
		hidden = 1;
	if ((c->flags & VTX_SHOW_BLINK) && (v->blink_on != 0) != invert)
		hidden = 1;
	if (hidden) {
		memset(l->bits, 0, sizeof l->bits);
	} else if (c->width == 1 && c->height == 1) {
		memcpy(l->bits, glyph_of(s, c), sizeof l->bits);
	} else {
		magnify(glyph_of(s, c), c, l->bits);
	}
	if (!hidden && (c->flags & VTX_SHOW_UNDERLINE) &&
	    c->part_y + 1 >= c->height)
		l->bits[UNDERLINE_LINE] = 0xFF;
	if (cursor)
		swap(&l->fg, &l->bg);
}

/* Scale 1: 8 pixels a line, `stride` bytes from one line to the next. */
static void draw1(uint8_t *dst, size_t stride, const look *l,
		  const uint32_t px[COLOURS])
{
	uint32_t fg = px[l->fg], bg = px[l->bg];

	for (int y = 0; y < EMU_CELL_H; y++, dst += stride) {
		unsigned b = l->bits[y];
		uint32_t line[EMU_CELL_W];

		for (int x = 0; x < EMU_CELL_W; x++, b <<= 1)
			line[x] = (b & 0x80) ? fg : bg;
		memcpy(dst, line, sizeof line);
	}
}

/* Scale n: each glyph line drawn once, n pixels a bit, then copied to the
 * n - 1 lines below. */
static void drawn(uint8_t *dst, size_t stride, const look *l,
		  const uint32_t px[COLOURS], int n)
{
	uint32_t fg = px[l->fg], bg = px[l->bg];
	size_t width = (size_t)EMU_CELL_W * (size_t)n * PIXEL_BYTES;

	for (int y = 0; y < EMU_CELL_H; y++) {
		uint8_t *line = dst + (size_t)y * (size_t)n * stride, *p = line;
		unsigned b = l->bits[y];

		for (int x = 0; x < EMU_CELL_W; x++, b <<= 1) {
			uint32_t c = (b & 0x80) ? fg : bg;

			for (int k = 0; k < n; k++, p += PIXEL_BYTES)
				memcpy(p, &c, PIXEL_BYTES);
		}
		for (int k = 1; k < n; k++)
			memcpy(line + (size_t)k * stride, line, width);
	}
}

void emu_render(const vtx_screen *s, const emu_view *v, uint8_t *rgba)
{
	int n;
	size_t stride;
	uint32_t px[COLOURS];
	vtx_shown row[VTX_COLS];

	assert(s && v && rgba && v->scale >= 1 && v->palette >= 0 &&
	       v->palette < EMU_PALETTE_COUNT);
	n = v->scale;
	stride = (size_t)EMU_WIDTH * (size_t)n * PIXEL_BYTES;
	for (int i = 0; i < COLOURS; i++)
		px[i] = pixel(emu_palette_rgb(v->palette, i));
	for (int r = 0; r < VTX_ROWS; r++) {
		uint8_t *top = rgba + (size_t)r * EMU_CELL_H * (size_t)n *
					      stride;

		vtx_screen_shown(s, r, row);
		for (int c = 0; c < VTX_COLS; c++) {
			uint8_t *dst = top + (size_t)c * EMU_CELL_W *
						     (size_t)n * PIXEL_BYTES;
			int cursor = v->cursor && s->cursor_on &&
				     s->cursor_row == r && s->cursor_col == c;
			look l;

			cell_look(s, &row[c], v, cursor, &l);
			if (n == 1)
				draw1(dst, stride, &l, px);
			else
				drawn(dst, stride, &l, px, n);
		}
	}
}
