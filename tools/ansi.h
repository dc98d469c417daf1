/* tools/ansi.h -- a screen for a 24-bit colour terminal.
 *
 * Renders what each cell shows (vtx_screen_shown) with ANSI SGR escapes:
 * foreground and background in the Minitel palette, inverse swapped,
 * underline, blink, concealed cells as blanks; mosaics as Unicode block
 * sextants, DRCS cells as the dump's "¤". No terminal query, no cursor
 * movement: the output can be piped or stored. */
#ifndef MINITEL_TOOLS_ANSI_H
#define MINITEL_TOOLS_ANSI_H

#include "videotex/buf.h"
#include "videotex/screen.h"

/* Appends the 25 rows of `s` (row 0, the status row, first), each ending
 * with an attribute reset and a newline. Returns 0 or -ENOMEM. */
int ansi_render(const vtx_screen *s, vtx_buf *out);

#endif
