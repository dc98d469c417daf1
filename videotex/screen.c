/* videotex/screen.c -- screen model and serial-attribute resolution.
 *
 * Zone propagation follows the EF9345 model of videotex.md §4 (STUM1B
 * §2-2-1-2-4): each row starts black, not underlined, not concealed; a
 * delimiter sets all three for the cells that follow it; a mosaic sets the
 * background to its own and ends underlining. */
#include "screen.h"

#include <string.h>

int vtx_screen_drawn(const vtx_screen *s)
{
	vtx_cell blank = vtx_cell_blank();

	for (int r = 1; r < VTX_ROWS; r++)
		for (int c = 0; c < VTX_COLS; c++)
			if (memcmp(&s->cells[r][c], &blank, sizeof blank) != 0)
				return 1;
	return 0;
}

void vtx_screen_clear_row(vtx_screen *s, int row)
{
	/* FF clears 24 rows: a constant blank row (the cell of
	 * vtx_cell_blank, 40 times) is copied whole, in wide stores. */
	_Static_assert(VTX_COLS == 5 * 8, "blank_row lists 40 cells");
	static const vtx_cell blank_row[VTX_COLS] = {
#define BLANK_CELL {.ch = 0x20, .kind = VTX_KIND_MOSAIC, .fg = 7, .bg = 0, \
		    .width = 1, .height = 1}
#define BLANK_8 BLANK_CELL, BLANK_CELL, BLANK_CELL, BLANK_CELL, \
		BLANK_CELL, BLANK_CELL, BLANK_CELL, BLANK_CELL
		BLANK_8, BLANK_8, BLANK_8, BLANK_8, BLANK_8
#undef BLANK_8
#undef BLANK_CELL
	};

	memcpy(s->cells[row], blank_row, sizeof blank_row);
}

void vtx_screen_init(vtx_screen *s)
{
	vtx_screen_init_rows(s, 0, VTX_ROWS - 1);
}

void vtx_screen_init_rows(vtx_screen *s, int first, int last)
{
	size_t rest = offsetof(vtx_screen, drcs);

	/* The rows write every byte of the cells (vtx_cell has no padding):
	 * only what follows them is zeroed, not the whole 14 KB twice over
	 * (the layout and the encoder start every page with this). */
	_Static_assert(offsetof(vtx_screen, drcs) ==
		       sizeof ((vtx_screen *)0)->cells, "cells come first");
	for (int r = first; r <= last; r++)
		vtx_screen_clear_row(s, r);
	memset((unsigned char *)s + rest, 0, sizeof *s - rest);
	s->cursor_row = 1;
}

static int is_mosaic_kind(uint8_t kind)
{
	return kind == VTX_KIND_MOSAIC || kind == VTX_KIND_DRCS1;
}

void vtx_screen_shown(const vtx_screen *s, int row, vtx_shown out[VTX_COLS])
{
	uint8_t bg = 0;
	int underline = 0, conceal = 0;

	for (int col = 0; col < VTX_COLS; col++) {
		const vtx_cell *c = &s->cells[row][col];
		vtx_shown *o = &out[col];
		uint8_t flags = 0;
		vtx_cell right;

		if (col > 0 && s->cells[row][col - 1].width == 2 &&
		    s->cells[row][col - 1].part_x == 0) {
			/* The chip draws both halves of a double-width
			 * character from its left cell: a narrow character
			 * written on the right half cannot show there
			 * (STUM1B §2-2-1-1-3, videotex.md §4). */
			right = s->cells[row][col - 1];
			right.part_x = 1;
			c = &right;
		}

		o->ch = c->ch;
		o->kind = c->kind;
		o->fg = c->fg;
		o->width = c->width;
		o->height = c->height;
		o->part_x = c->part_x;
		o->part_y = c->part_y;
		if (is_mosaic_kind(c->kind)) {
			bg = c->bg;
			underline = 0;
			if (c->attr & VTX_ATTR_SEPARATED)
				flags |= VTX_SHOW_SEPARATED;
			if (c->attr & VTX_ATTR_BLINK)
				flags |= VTX_SHOW_BLINK;
		} else if (c->attr & VTX_ATTR_DELIM) {
			/* A delimiter shows as a space in the new background,
			 * not underlined, not blinking (videotex.md §4). */
			bg = c->bg;
			underline = (c->attr & VTX_ATTR_UNDERLINE) != 0;
			conceal = (c->attr & VTX_ATTR_CONCEAL) != 0;
		} else {
			if (c->attr & VTX_ATTR_BLINK)
				flags |= VTX_SHOW_BLINK;
			if (underline)
				flags |= VTX_SHOW_UNDERLINE;
		}
		if (!is_mosaic_kind(c->kind) && (c->attr & VTX_ATTR_INVERT))
			flags |= VTX_SHOW_INVERT;
		if (conceal && !s->reveal)
			flags |= VTX_SHOW_CONCEAL;
		o->bg = bg;
		o->flags = flags;
	}
}

int vtx_shown_equal(const vtx_shown *a, const vtx_shown *b)
{
	return a->ch == b->ch && a->kind == b->kind && a->fg == b->fg &&
	       a->bg == b->bg && a->width == b->width &&
	       a->height == b->height && a->part_x == b->part_x &&
	       a->part_y == b->part_y && a->flags == b->flags;
}

static int glyph_equal(const vtx_screen *a, const vtx_screen *b,
		       const vtx_shown *c)
{
	int set, code;

	if (c->kind != VTX_KIND_DRCS0 && c->kind != VTX_KIND_DRCS1)
		return 1;
	set = c->kind == VTX_KIND_DRCS1;
	code = (int)(c->ch & 0x7F) - 0x20;
	if (code < 0)
		return 1;
	return memcmp(a->drcs[set][code], b->drcs[set][code],
		      VTX_DRCS_LINES) == 0;
}

int vtx_screen_diff(const vtx_screen *a, const vtx_screen *b, int skip_status,
		    int *row, int *col)
{
	vtx_shown ra[VTX_COLS], rb[VTX_COLS];
	int n = 0;

	for (int r = 0; r < VTX_ROWS; r++) {
		vtx_screen_shown(a, r, ra);
		vtx_screen_shown(b, r, rb);
		for (int c = 0; c < VTX_COLS; c++) {
			if (skip_status && r == 0 && c >= 36)
				continue;
			if (vtx_shown_equal(&ra[c], &rb[c]) &&
			    glyph_equal(a, b, &ra[c]))
				continue;
			if (n == 0 && row)
				*row = r;
			if (n == 0 && col)
				*col = c;
			n++;
		}
	}
	return n;
}

int vtx_screen_equal(const vtx_screen *a, const vtx_screen *b)
{
	return vtx_screen_diff(a, b, 0, NULL, NULL) == 0;
}
