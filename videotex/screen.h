/* videotex/screen.h -- the Videotex screen model: plain data, no heap.
 *
 * A vtx_screen is the terminal's page memory (rows 0..24 x 40 columns, row 0
 * the status row) plus the DRCS glyphs loaded into it. Cells store what the
 * EF9345 video chip stores: each character with its parallel attributes,
 * and, for the delimiters of the serial-attribute rule, the zone attributes
 * they start. What a cell *shows* (background, underline, concealment) is
 * derived by vtx_screen_shown(), which propagates zones left to right along
 * each row as the chip does (STUM1B §2-2-1-2-4, videotex.md §4). */
#ifndef VTX_SCREEN_H
#define VTX_SCREEN_H

#include <stddef.h>
#include <stdint.h>
#include <string.h>

#define VTX_ROWS 25
#define VTX_COLS 40
#define VTX_DRCS_CODES 96 /* codes 0x20..0x7F */
#define VTX_DRCS_LINES 10 /* 8 x 10 pixels, one byte a line, MSB left */

typedef enum vtx_kind {
	VTX_KIND_ALPHA,  /* G0 character or G2 result */
	VTX_KIND_MOSAIC, /* G1 mosaic */
	VTX_KIND_DRCS0,  /* downloaded alphanumeric (G'0) glyph */
	VTX_KIND_DRCS1,  /* downloaded mosaic (G'1) glyph */
	VTX_KIND_COUNT
} vtx_kind;

/* Stored cell attributes. */
enum {
	VTX_ATTR_BLINK = 1 << 0,
	VTX_ATTR_INVERT = 1 << 1,     /* alphanumeric only */
	VTX_ATTR_SEPARATED = 1 << 2,  /* mosaic only: disjoint blocks */
	VTX_ATTR_DELIM = 1 << 3,      /* alphanumeric space that starts a zone */
	VTX_ATTR_UNDERLINE = 1 << 4,  /* delimiter: the zone is underlined */
	VTX_ATTR_CONCEAL = 1 << 5     /* delimiter: the zone is concealed */
};

/* Flags of a shown cell, as in the minitel-screen v1 dump. */
enum {
	VTX_SHOW_BLINK = 1 << 0,     /* B */
	VTX_SHOW_INVERT = 1 << 1,    /* I */
	VTX_SHOW_UNDERLINE = 1 << 2, /* U */
	VTX_SHOW_SEPARATED = 1 << 3, /* S */
	VTX_SHOW_CONCEAL = 1 << 4    /* K */
};

/* One cell of page memory. `ch` is the Unicode character for ALPHA cells,
 * the canonical G1 code for MOSAIC cells, the code 0x20..0x7F for DRCS
 * cells. `bg` is the cell's own background: for mosaics (a parallel
 * attribute in G1) and delimiters (the zone they start); text cells take
 * the background of their zone. `width`/`height` are 1 or 2; `part_x`,
 * `part_y` place this cell inside a doubled character (y 0 = upper half). */
typedef struct vtx_cell {
	uint32_t ch;
	uint8_t kind;
	uint8_t fg, bg;
	uint8_t width, height;
	uint8_t part_x, part_y;
	uint8_t attr;
} vtx_cell;

/* What a cell shows: the fields of one minitel-screen v1 cell line. */
typedef struct vtx_shown {
	uint32_t ch;
	uint8_t kind;
	uint8_t fg, bg;
	uint8_t width, height;
	uint8_t part_x, part_y;
	uint8_t flags;
} vtx_shown;

typedef struct vtx_screen {
	vtx_cell cells[VTX_ROWS][VTX_COLS];
	/* DRCS glyphs: [0] = G'0, [1] = G'1; defined[] says which codes were
	 * downloaded. */
	uint8_t drcs[2][VTX_DRCS_CODES][VTX_DRCS_LINES];
	uint8_t drcs_defined[2][VTX_DRCS_CODES];
	uint8_t reveal;     /* ESC # SP _ : concealed zones shown */
	uint8_t cursor_row; /* for renderers; not part of equality */
	uint8_t cursor_col; /* 0-based */
	uint8_t cursor_on;
} vtx_screen;

/* These two are inline, built whole by an initialiser: the layout makes
 * a cell this way for every cell it draws, and a cell returned from
 * another file is stored byte by byte then read back whole, which stalls
 * the processor's store-to-load forwarding (a tenth of the layout's time
 * with the functions in screen.c). */

/* The cell every clear leaves: a black mosaic space, white foreground. */
static inline vtx_cell vtx_cell_blank(void)
{
	vtx_cell c = {.ch = 0x20, .kind = VTX_KIND_MOSAIC, .fg = 7, .bg = 0,
		      .width = 1, .height = 1};

	return c;
}

/* An alphanumeric cell showing Unicode `ch` (a character the Minitel has)
 * in colour `fg` with stored attributes `attr`, normal size. */
static inline vtx_cell vtx_cell_alpha(uint32_t ch, uint8_t fg, uint8_t attr)
{
	vtx_cell c = {.ch = ch, .kind = VTX_KIND_ALPHA, .fg = fg, .bg = 0,
		      .width = 1, .height = 1, .attr = attr};

	return c;
}

/* A cell's eight bytes after its character (kind .. attr) as one word:
 * the decoder stores a run's cells with it, the encoder compares cells
 * against a pen with it. */
typedef uint64_t vtx_cell_tail;

_Static_assert(sizeof(vtx_cell) == 12 && offsetof(vtx_cell, kind) == 4 &&
		       offsetof(vtx_cell, attr) == 11,
	       "vtx_cell: ch, then eight bytes kind .. attr");

static inline vtx_cell_tail vtx_cell_tail_of(const vtx_cell *c)
{
	vtx_cell_tail v;

	memcpy(&v, (const unsigned char *)c + offsetof(vtx_cell, kind),
	       sizeof v);
	return v;
}

/* Nonzero when some cell of rows 1..24 is not the blank cell: a page has
 * been drawn (protocol exchanges show nothing). */
int vtx_screen_drawn(const vtx_screen *s);

/* Power-on state: every cell blank, no DRCS, cursor at row 1 col 1, off. */
void vtx_screen_init(vtx_screen *s);
/* The same, but for the cells of rows first..last only: the others keep
 * what they hold (for a caller about to write every cell of them, or to
 * clear them with FF). */
void vtx_screen_init_rows(vtx_screen *s, int first, int last);

/* Fills row `row` with blank cells. */
void vtx_screen_clear_row(vtx_screen *s, int row);

/* Resolves row `row`: writes what each of its 40 cells shows to `out`. */
void vtx_screen_shown(const vtx_screen *s, int row, vtx_shown out[VTX_COLS]);

/* Nonzero when two shown cells are equal field by field. */
int vtx_shown_equal(const vtx_shown *a, const vtx_shown *b);

/* Nonzero when the two screens show the same thing: every shown cell equal,
 * and the glyph of every DRCS code a cell shows equal. Cursor and glyphs no
 * cell uses are not compared. */
int vtx_screen_equal(const vtx_screen *a, const vtx_screen *b);

/* Counts the cells (row, col) where the screens differ, ignoring the
 * terminal's indicator columns (row 0, columns 36..39) when `skip_status`
 * is nonzero. Returns the first difference in *row / *col if not NULL. */
int vtx_screen_diff(const vtx_screen *a, const vtx_screen *b, int skip_status,
		    int *row, int *col);

#endif
