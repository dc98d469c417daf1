/* emu/render.h -- the screen model drawn as an RGBA frame, as a Minitel's
 * video chip draws it. No SDL here: emu/window.c shows the frames, tools
 * write them to PNG files (house-style.md §7.1).
 *
 * A frame is 40 x 25 cells of 8 x 10 pixels (videotex.md §2): row 0 at the
 * top, drawn like the others. What each cell shows comes from
 * vtx_screen_shown(): character, colours, size and the B I U S K flags. */
#ifndef EMU_RENDER_H
#define EMU_RENDER_H

#include <stddef.h>
#include <stdint.h>

#include "videotex/screen.h"

#define EMU_CELL_W 8
#define EMU_CELL_H 10
#define EMU_WIDTH 320  /* VTX_COLS * EMU_CELL_W */
#define EMU_HEIGHT 250 /* VTX_ROWS * EMU_CELL_H */

/* One blink cycle, shown then hidden for half of it each. videotex.md §4
 * gives "blink ≈ 0.5 Hz" (a 2 s cycle), which we follow. */
#define EMU_BLINK_PERIOD_MS 2000u

typedef enum emu_palette {
	EMU_PALETTE_GREY,   /* monochrome Minitel: the 8 grey levels */
	EMU_PALETTE_COLOUR, /* colour Minitel: the 8 plain colours */
	EMU_PALETTE_COUNT
} emu_palette;

/* How to draw a frame. */
typedef struct emu_view {
	emu_palette palette;
	/* The blink phase (see emu_blink_phase): 0 = the half of the cycle
	 * in which blinking cells show, 1 = the half in which they are drawn
	 * as plain background. An inverted blinking cell blinks in the
	 * opposite phase (videotex.md §4): hidden when blink_on is 0 (all of
	 * it then in its inverted background, i.e. its foreground colour),
	 * shown when it is 1. */
	int blink_on;
	/* Nonzero: concealed cells (flag K) show their content, as after the
	 * Minitel's "Révélation" key. Zero: they show as background. */
	int reveal;
	/* Nonzero: draw the cursor if the screen has it on (s->cursor_on),
	 * at s->cursor_row, s->cursor_col. The Minitel's cursor is a
	 * blinking block: it is drawn as the cell in inverse video (fg and bg
	 * swapped, including the underline); to make it blink, a caller
	 * toggles this field at its own rhythm. A cell whose foreground and
	 * background are the same colour shows no cursor. */
	int cursor;
	int scale; /* >= 1: every pixel is drawn as scale x scale */
} emu_view;

/* The size in bytes of a frame at `scale` (>= 1):
 * EMU_WIDTH * scale * EMU_HEIGHT * scale * 4. */
size_t emu_frame_size(int scale);

/* Draws screen `s` into `rgba`: (EMU_WIDTH * v->scale) x
 * (EMU_HEIGHT * v->scale) pixels, 4 bytes each in the order R, G, B, A
 * (alpha 255), row-major, top row first, no padding; emu_frame_size()
 * bytes in all, every one written. Both `s` and `v` are only read. The
 * cost does not depend on the content: every cell is redrawn. */
void emu_render(const vtx_screen *s, const emu_view *v, uint8_t *rgba);

/* The colour of attribute colour `colour` (0..7: black, red, green, yellow,
 * blue, magenta, cyan, white; only the low 3 bits are used) in palette
 * `p`, as 0xRRGGBB. Grey: the levels of videotex.md §2 (black 0%, red
 * 50%, green 70%, yellow 90%, blue 40%, magenta 60%, cyan 80%, white
 * 100%), each round(level x 255) on R, G and B alike. Colour: each
 * component 0 or 255. */
uint32_t emu_palette_rgb(emu_palette p, int colour);

/* The blink phase at time `ms` (milliseconds from any origin, e.g. a
 * monotonic clock), for emu_view.blink_on: 0 during the first half of
 * each EMU_BLINK_PERIOD_MS, 1 during the second. */
int emu_blink_phase(unsigned long ms);

#endif
