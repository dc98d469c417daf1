/* videotex/dump.h -- the minitel-screen v1 text dump of a screen.
 *
 * Format: shared/docs/screen-dump.md. Deterministic: the same screen always
 * gives byte-identical output. Also reads dumps back, for comparing with
 * reference dumps field by field. */
#ifndef VTX_DUMP_H
#define VTX_DUMP_H

#include <stddef.h>

#include "buf.h"
#include "screen.h"

/* Appends the dump of `s` to `out`: header line, optional `comment` lines
 * (each prefixed "# "; `comment` may be NULL or hold several lines), the
 * text view and the 1000 cell lines. Returns 0 or -ENOMEM. */
int vtx_dump_write(const vtx_screen *s, const char *comment, vtx_buf *out);

/* Appends only the text view (rows 00..24). Returns 0 or -ENOMEM. */
int vtx_dump_text(const vtx_screen *s, vtx_buf *out);

/* One cell line of a dump, parsed. `ch` is the Unicode character for kind
 * 'C', the code for 'M', and set << 8 | code for 'D'. */
typedef struct vtx_dump_cell {
	char kind;
	unsigned ch;
	int fg, bg;
	int width, height;
	int part_x, part_y;
	char flags[6];
} vtx_dump_cell;

/* Parses the cell lines of a dump held in `text` (`len` bytes) into
 * cells[25][40]. Returns 0, or -EINVAL (and the 1-based line number of the
 * first bad line in *bad_line) when the text is not a whole v1 dump. */
int vtx_dump_parse(const char *text, size_t len,
		   vtx_dump_cell cells[VTX_ROWS][VTX_COLS], int *bad_line);

/* The Unicode character the text view shows for a cell: the character
 * itself, a block sextant for a mosaic, "¤" for a DRCS glyph. */
uint32_t vtx_dump_text_char(const vtx_shown *c);

/* The dump cell of a shown cell (same fields as the written line). */
vtx_dump_cell vtx_dump_cell_of(const vtx_shown *c);

#endif
