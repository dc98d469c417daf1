/* videotex/term.c -- applies Videotex events to the screen model.
 *
 * Implements the Minitel 1B Vidéotex mode of STUM1B as summarised in
 * videotex.md §3-§5 and §8. What it does not do: Mixte and
 * Téléinformatique modes (80 columns), the keyboard, the modem. Protocol
 * requests are reported to the caller, which plays the terminal's answer.
 *
 * Attributes follow STUM1B §2-2-1-1-3 and §2-2-1-2-4: foreground, blink,
 * size and inverse are parallel (stored with each character); background,
 * underline and conceal are serial in text mode: they are latent until a
 * delimiter (a space, or a mosaic for the background) and the screen layer
 * propagates them along the row. In mosaic mode background and disjoint
 * (the "underline" command) are parallel.
 *
 * The parser's ground state, where most bytes of a page are read, is read
 * here (ground(), through parser_internal.h): text runs, attributes,
 * US, REP and lone C0 codes are applied as they are recognised; any other
 * sequence is left to the parser, whose events come back to on_event. */
#include "term.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "mosaic.h"
#include "parser.h"
#include "parser_internal.h"

#define FIRST_ROW 1
#define LAST_ROW 24
#define LAST_COL 39 /* 0-based */
#define NONE (-1)
#define DRCS_SEXTETS 14

typedef struct pen {
	uint8_t fg;
	uint8_t bg;        /* committed background: mosaics, next delimiter */
	uint8_t g1;        /* SO: mosaic set selected */
	uint8_t cattr;     /* VTX_ATTR_* of a cell in the set: pen_sync() */
	/* These five in a row: pen_plain() compares them at once. */
	uint8_t width, height;
	int8_t pend_bg, pend_ul, pend_conceal; /* latent, NONE if unset */
	uint8_t blink, invert, separated;
	uint8_t underline; /* committed zone values */
	uint8_t conceal;
} pen;

_Static_assert(offsetof(pen, pend_conceal) == offsetof(pen, width) + 4,
	       "pen: width .. pend_conceal are five bytes in a row");

typedef struct last_char {
	uint8_t g2;     /* 1: a G2 result (code, letter); 0: a byte */
	uint8_t code;
	uint8_t letter;
} last_char;

struct vtx_term {
	vtx_screen *s;
	vtx_term_callbacks cb;
	void *user;
	vtx_parser *parser;
	int row, col; /* col 0-based */
	pen p;
	struct {
		int row, col;
		pen p;
	} saved;      /* state when row 0 was entered (§2-2-1-2-5) */
	int roll;     /* roll ("rouleau") mode */
	int insert;   /* CSI 4 h */
	int drcs_g0, drcs_g1; /* designated DRCS sets in use */
	int drcs_load;        /* set being downloaded: 0 G'0, 1 G'1 */
	int pages;            /* FFs so far */
	last_char last;
	/* What each byte (bit 7 masked) shows: [0] vtx_charset_g0, [1]
	 * vtx_mosaic_canonical; the terminal's own, not copied. */
	uint32_t (*charmap)[128];
};

static void tlog(vtx_term *t, const char *msg)
{
	if (t->cb.log)
		t->cb.log(msg, t->user);
}

/*** Attributes ***/

/* The stored attributes a cell of the pen's set takes, kept in p->cattr
 * for the text runs (pen_tail) by whatever changes blink, inverse,
 * disjoint or the set: separated counts in G1 only, inverse in G0 only
 * (put_mosaic, put_alpha). */
static void pen_sync(pen *p)
{
	uint8_t a = p->blink ? VTX_ATTR_BLINK : 0;

	if (p->g1)
		a |= p->separated ? VTX_ATTR_SEPARATED : 0;
	else
		a |= p->invert ? VTX_ATTR_INVERT : 0;
	p->cattr = a;
}

/* Power-on, FF, RS, US: G0, white on black, not concealed, not lined,
 * steady, normal size, not inverted (§2-2-1-2-2). */
static void pen_reset(pen *p)
{
	memset(p, 0, sizeof *p);
	p->fg = 7;
	p->width = 1;
	p->height = 1;
	p->pend_bg = NONE;
	p->pend_ul = NONE;
	p->pend_conceal = NONE;
	pen_sync(p);
}

static int serial_pending(const pen *p)
{
	return p->pend_bg != NONE || p->pend_ul != NONE ||
	       p->pend_conceal != NONE;
}

/* Normal size and no serial attribute latent: how most text is written.
 * The same as width == 1 && height == 1 && !serial_pending(p), in one
 * comparison of five bytes. */
static inline int pen_plain(const pen *p)
{
	static const int8_t plain[5] = {1, 1, NONE, NONE, NONE};

	return memcmp(&p->width, plain, sizeof plain) == 0;
}

/*** Cursor movement (§2-2-1-2-5) ***/

static void scroll_up(vtx_term *t)
{
	memmove(&t->s->cells[FIRST_ROW], &t->s->cells[FIRST_ROW + 1],
		sizeof t->s->cells[0] * (LAST_ROW - FIRST_ROW));
	vtx_screen_clear_row(t->s, LAST_ROW);
}

static void scroll_down(vtx_term *t)
{
	memmove(&t->s->cells[FIRST_ROW + 1], &t->s->cells[FIRST_ROW],
		sizeof t->s->cells[0] * (LAST_ROW - FIRST_ROW));
	vtx_screen_clear_row(t->s, FIRST_ROW);
}

static void leave_row0(vtx_term *t)
{
	/* LF on row 0: back to the position and attributes saved when
	 * row 0 was entered. */
	t->row = t->saved.row;
	t->col = t->saved.col;
	t->p = t->saved.p;
}

static void move_down(vtx_term *t)
{
	if (t->row == 0) {
		leave_row0(t);
		return;
	}
	if (++t->row > LAST_ROW) {
		if (t->roll) {
			t->row = LAST_ROW;
			scroll_up(t);
		} else {
			t->row = FIRST_ROW;
		}
	}
}

static void move_up(vtx_term *t)
{
	if (t->row == 0)
		return; /* VT on row 0: nothing */
	if (--t->row < FIRST_ROW) {
		if (t->roll) {
			t->row = FIRST_ROW;
			scroll_down(t);
		} else {
			t->row = LAST_ROW;
		}
	}
}

static void move_left(vtx_term *t)
{
	if (t->col > 0) {
		t->col--;
	} else if (t->row != 0) { /* row 0 column 1: nothing */
		t->col = LAST_COL;
		move_up(t);
	}
}

static void move_right(vtx_term *t)
{
	if (t->col < LAST_COL) {
		t->col++;
	} else if (t->row != 0) { /* row 0 column 40: nothing */
		t->col = 0;
		move_down(t);
	}
}

/* After a character of width w, height h: wrap to column 1 of the next row
 * (a double-height character skips one more row); on row 0 the cursor
 * stays on column 40. */
static void advance(vtx_term *t, int w, int h)
{
	t->col += w;
	if (t->col <= LAST_COL)
		return;
	if (t->row == 0) {
		t->col = LAST_COL;
		return;
	}
	t->col = 0;
	for (int i = 0; i < h; i++)
		move_down(t);
}

static void locate(vtx_term *t, int row, int col)
{
	if (row == 0 && t->row != 0) {
		t->saved.row = t->row;
		t->saved.col = t->col;
		t->saved.p = t->p;
	}
	t->row = row;
	t->col = col;
	pen_reset(&t->p); /* US is a sub-article separator */
}

/*** Writing cells ***/

static void shift_right(vtx_term *t, int row, int col, int n)
{
	vtx_cell *r = t->s->cells[row];

	if (n > VTX_COLS - col)
		n = VTX_COLS - col;
	memmove(&r[col + n], &r[col], sizeof r[0] * (size_t)(VTX_COLS - col - n));
	for (int c = col; c < col + n; c++)
		r[c] = vtx_cell_blank();
}

/* Copies a cell field by field: cells are built with byte stores, and a
 * whole-struct copy right after reads them back with wider loads, which
 * the processor cannot forward (it was the decoder's hottest stall). */
static void cell_copy(vtx_cell *d, const vtx_cell *c, int w, int h, int px,
		      int py)
{
	vtx_cell v = {
		.ch = c->ch,
		.kind = c->kind,
		.fg = c->fg,
		.bg = c->bg,
		.width = (uint8_t)w,
		.height = (uint8_t)h,
		.part_x = (uint8_t)px,
		.part_y = (uint8_t)py,
		.attr = c->attr,
	};

	*d = v;
}

/* Writes one character of the current size with its lower-left corner at
 * the cursor (§2-2-1-1-3 note on double height). */
static void put(vtx_term *t, const vtx_cell *cell, int w, int h)
{
	if (w == 1 && h == 1 && !t->insert) { /* the common case */
		cell_copy(&t->s->cells[t->row][t->col], cell, 1, 1, 0, 0);
		return;
	}
	if (t->row < 2)
		h = 1; /* double height is ignored on rows 0 and 1 */
	if (t->col == LAST_COL)
		w = 1; /* a wide character at column 40 shows narrow */
	for (int j = 0; j < h; j++) {
		int r = t->row - j;

		if (t->insert)
			shift_right(t, r, t->col, w);
		for (int i = 0; i < w; i++)
			cell_copy(&t->s->cells[r][t->col + i], cell, w, h, i,
				  h - 1 - j);
	}
}

static vtx_cell pen_cell(const vtx_term *t, uint8_t kind, uint32_t ch)
{
	vtx_cell c = {
		.ch = ch,
		.kind = kind,
		.fg = t->p.fg,
		.bg = t->p.bg,
		.width = 1,
		.height = 1,
		.attr = t->p.blink ? VTX_ATTR_BLINK : 0,
	};

	return c;
}

static void put_mosaic(vtx_term *t, uint8_t b)
{
	vtx_cell c;

	if (t->drcs_g1 && t->row != 0 && b != VTX_SP)
		c = pen_cell(t, VTX_KIND_DRCS1, b);
	else
		c = pen_cell(t, VTX_KIND_MOSAIC, vtx_mosaic_canonical(b));
	if (t->p.separated)
		c.attr |= VTX_ATTR_SEPARATED;
	put(t, &c, 1, 1);
	advance(t, 1, 1);
}

/* A space received while serial attributes are latent: stores the zone's
 * background, underline and conceal (§2-2-1-2-4, delimiter rule). */
static void put_delimiter(vtx_term *t)
{
	pen *p = &t->p;
	vtx_cell c = pen_cell(t, VTX_KIND_ALPHA, VTX_SP);

	if (p->pend_bg != NONE)
		p->bg = (uint8_t)p->pend_bg;
	if (p->pend_ul != NONE)
		p->underline = (uint8_t)p->pend_ul;
	if (p->pend_conceal != NONE)
		p->conceal = (uint8_t)p->pend_conceal;
	p->pend_bg = p->pend_ul = p->pend_conceal = NONE;
	c.bg = p->bg;
	c.attr = VTX_ATTR_DELIM;
	if (p->underline)
		c.attr |= VTX_ATTR_UNDERLINE;
	if (p->conceal)
		c.attr |= VTX_ATTR_CONCEAL;
	if (p->invert)
		c.attr |= VTX_ATTR_INVERT;
	put(t, &c, p->width, p->height);
	advance(t, p->width, p->height);
}

static void put_alpha(vtx_term *t, uint8_t kind, uint32_t ch)
{
	vtx_cell c = pen_cell(t, kind, ch);

	if (t->p.invert)
		c.attr |= VTX_ATTR_INVERT;
	put(t, &c, t->p.width, t->p.height);
	advance(t, t->p.width, t->p.height);
}

static void print_byte(vtx_term *t, uint8_t b)
{
	t->last.g2 = 0;
	t->last.code = b;
	if (t->p.g1)
		put_mosaic(t, b);
	else if (b == VTX_SP && serial_pending(&t->p))
		put_delimiter(t);
	else if (t->drcs_g0 && t->row != 0 && b != VTX_SP)
		put_alpha(t, VTX_KIND_DRCS0, b);
	else
		put_alpha(t, VTX_KIND_ALPHA, vtx_charset_g0(b));
}

static void print_g2(vtx_term *t, uint8_t code, uint8_t letter)
{
	uint32_t u;

	if (t->p.g1) {
		/* SS2 is ignored in mosaic mode (§2-2-1-2-6): the bytes
		 * that followed it are ordinary mosaics. */
		print_byte(t, code);
		if (letter)
			print_byte(t, letter);
		return;
	}
	if (!letter && vtx_charset_is_diacritic(code))
		return; /* a diacritic cut by a control code shows nothing */
	if (letter) {
		/* Diacritic + letter; any combination the Minitel lacks,
		 * capitals included, shows the base letter alone. */
		u = vtx_charset_accent(code, letter);
		if (!u)
			u = vtx_charset_g0(letter);
	} else {
		u = vtx_charset_g2(code);
		if (!u)
			u = VTX_G2_UNDEFINED;
	}
	put_alpha(t, VTX_KIND_ALPHA, u);
	t->last.g2 = 1;
	t->last.code = code;
	t->last.letter = letter;
}

/*** Runs of text ***/

/* Runs of printable bytes (ground_text, REP) are written here rather
 * than byte by byte through print_byte: the pen cannot change inside a run
 * (a wrap never leaves row 0, the only move that restores a pen), so the
 * cell every byte makes is one template plus its character, and a row is
 * filled up to its end before the wrap is looked at. The outcome is the
 * same as print_byte on each byte, which stays the reference. */

/* Keeps a rare path out of line, so that it does not weigh on the
 * registers and the entry of the hot one it was cut from. */
#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE
#endif

/* A cell is stored in run loops as its character and one 64-bit value
 * holding the eight bytes that follow it (kind .. attr), the same for the
 * whole run: two stores a cell instead of nine. */
typedef vtx_cell_tail cell_tail;

static void cell_store(vtx_cell *d, uint32_t ch, cell_tail tail)
{
	d->ch = ch;
	memcpy((unsigned char *)d + offsetof(vtx_cell, kind), &tail,
	       sizeof tail);
}

/* Fills d[0..k-1] from s, every cell with `tail`, in the pen's set
 * without DRCS: G0 characters, or G1 mosaics (their canonical codes), as
 * the terminal's charmap gives them. */
static void fill_map(vtx_cell *d, const uint8_t *s, size_t k,
		     const uint32_t map[128], cell_tail tail)
{
	for (size_t i = 0; i < k; i++)
		cell_store(&d[i], map[s[i] & 0x7F], tail);
}

/* With a DRCS set designated: every byte but the space is a downloaded
 * glyph (`drcs`, its tail), shown by its code; the space stays the
 * standard set's (`plain`: character 0x20 in G0 and G1 alike). */
static void fill_drcs(vtx_cell *d, const uint8_t *s, size_t k,
		      cell_tail plain, cell_tail drcs)
{
	for (size_t i = 0; i < k; i++) {
		uint8_t b = s[i] & 0x7F;

		cell_store(&d[i], b, b == VTX_SP ? plain : drcs);
	}
}

static void fill_same(vtx_cell *d, size_t k, uint32_t ch, cell_tail tail)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* Two cells are three 64-bit words: ch tail.lo, tail.hi ch, tail */
	const uint64_t w0 = ch | (tail & 0xFFFFFFFFu) << 32;
	const uint64_t w1 = tail >> 32 | (uint64_t)ch << 32;
	unsigned char *q = (unsigned char *)d;

	_Static_assert(sizeof(vtx_cell) * 2 == 3 * sizeof(uint64_t),
		       "two cells, three words");
	for (; k >= 2; k -= 2, q += 2 * sizeof(vtx_cell)) {
		memcpy(q, &w0, 8);
		memcpy(q + 8, &w1, 8);
		memcpy(q + 16, &tail, 8);
	}
	if (k)
		cell_store((vtx_cell *)q, ch, tail);
#else
	for (size_t i = 0; i < k; i++)
		cell_store(&d[i], ch, tail);
#endif
}

/* The tail of the cells of kind `kind` a normal-size run makes with the
 * current pen: what pen_cell, put_mosaic and put_alpha set, less the
 * character. Built in a register where the byte order is known: a cell
 * assembled in memory and read back whole stalls the store buffer. */
static inline cell_tail pen_tail(const pen *p, uint8_t kind)
{
	const uint8_t attr = p->cattr;
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	/* kind, fg, bg, width 1, height 1, part_x 0, part_y 0, attr */
	return (cell_tail)kind | (cell_tail)p->fg << 8 |
	       (cell_tail)p->bg << 16 | (cell_tail)1 << 24 |
	       (cell_tail)1 << 32 | (cell_tail)attr << 56;
#else
	vtx_cell c = {
		.kind = kind,
		.fg = p->fg,
		.bg = p->bg,
		.width = 1,
		.height = 1,
		.attr = attr,
	};
	return vtx_cell_tail_of(&c);
#endif
}

/* The kind byte of a cell tail, to be ORed into one where it is clear. */
static inline cell_tail cell_tail_kind(uint8_t kind)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return kind;
#else
	return (cell_tail)kind << 56;
#endif
}

/* The pen's tail with the kind byte clear. */
static inline cell_tail pen_base(const vtx_term *t)
{
	return pen_tail(&t->p, 0);
}

/* The pen's cell tail for its set, and for that set's DRCS. */
static inline cell_tail pen_set_tail(const vtx_term *t)
{
	return pen_base(t) |
	       cell_tail_kind(t->p.g1 ? VTX_KIND_MOSAIC : VTX_KIND_ALPHA);
}

static inline cell_tail pen_drcs_tail(const vtx_term *t)
{
	return pen_base(t) |
	       cell_tail_kind(t->p.g1 ? VTX_KIND_DRCS1 : VTX_KIND_DRCS0);
}

/* The width, height (part_x, part_y) bytes of a cell tail, to be ORed
 * into one whose bytes are clear. */
static inline cell_tail cell_tail_size(int w, int h)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (cell_tail)w << 24 | (cell_tail)h << 32;
#else
	vtx_cell c = {.width = (uint8_t)w, .height = (uint8_t)h};
	return vtx_cell_tail_of(&c);
#endif
}

static inline cell_tail cell_tail_part(int px, int py)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	return (cell_tail)px << 40 | (cell_tail)py << 48;
#else
	vtx_cell c = {.part_x = (uint8_t)px, .part_y = (uint8_t)py};
	return vtx_cell_tail_of(&c);
#endif
}

/* `tail` with its foreground (or, with `bg`, background) byte set to `v`. */
static inline cell_tail cell_tail_colour(cell_tail tail, int bg, uint8_t v)
{
#if defined(__BYTE_ORDER__) && __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
	const int shift = bg ? 16 : 8;

	return (tail & ~((cell_tail)0xFF << shift)) | (cell_tail)v << shift;
#else
	unsigned char b[sizeof tail];

	memcpy(b, &tail, sizeof b);
	b[(bg ? offsetof(vtx_cell, bg) : offsetof(vtx_cell, fg)) -
	  offsetof(vtx_cell, kind)] = v;
	memcpy(&tail, b, sizeof tail);
	return tail;
#endif
}

/* Fills `k` cells from `d` on, all in one row, with the bytes s[0..k-1]
 * (or s[0] k times when `same`) in the pen's set; `tail` and `drcs` are
 * the pen's tails for its set and for that set's DRCS. */
static void fill_row(const vtx_term *t, vtx_cell *d, const uint8_t *s,
		     size_t k, int same, cell_tail tail, cell_tail drcs)
{
	const int g1 = t->p.g1;
	/* DRCS never show on row 0 */
	const int glyphs = t->row != 0 && (g1 ? t->drcs_g1 : t->drcs_g0);
	uint8_t b;

	if (!same) {
		if (glyphs)
			fill_drcs(d, s, k, tail, drcs);
		else
			fill_map(d, s, k, t->charmap[g1 != 0], tail);
		return;
	}
	b = s[0] & 0x7F;
	if (glyphs && b != VTX_SP)
		fill_same(d, k, b, drcs);
	else
		fill_same(d, k, t->charmap[g1 != 0][b], tail);
}

/* A run of normal-size characters (G0 with a normal-size pen, or G1,
 * where size does not apply), none of them a delimiter, over as many rows
 * as it takes. `same`: all the bytes are s[0] (REP). */
static void write_narrow(vtx_term *t, const uint8_t *s, size_t n, int same)
{
	const int g1 = t->p.g1;
	const cell_tail base = pen_base(t);
	const cell_tail tail = base | cell_tail_kind(g1 ? VTX_KIND_MOSAIC
						       : VTX_KIND_ALPHA);
	const cell_tail drcs = base | cell_tail_kind(g1 ? VTX_KIND_DRCS1
						       : VTX_KIND_DRCS0);

	while (n > 0) {
		size_t k = (size_t)(VTX_COLS - t->col);

		if (k > n)
			k = n;
		fill_row(t, &t->s->cells[t->row][t->col], s, k, same, tail,
			 drcs);
		if (!same)
			s += k;
		n -= k;
		t->col += (int)k;
		if (t->col > LAST_COL) { /* the last cell of the row */
			t->col = LAST_COL;
			advance(t, 1, 1);
		}
	}
}

/* A run of G0 characters of double width, height or size, none of them a
 * delimiter, not in insert mode: what put_alpha does for each byte, with
 * the cells' tails built once. put() rules: double height is ignored on
 * rows 0 and 1, a wide character at column 40 shows narrow; advance()
 * takes the pen's size. */
static void write_big(vtx_term *t, const uint8_t *s, size_t n)
{
	const int pw = t->p.width, ph = t->p.height;
	/* pen_tail's width and height bytes (1, 1) cleared */
	const cell_tail size_mask = cell_tail_size(0xFF, 0xFF);
	const cell_tail base = pen_base(t) & ~size_mask;
	const cell_tail alpha = base | cell_tail_kind(VTX_KIND_ALPHA);
	const cell_tail drcs = base | cell_tail_kind(VTX_KIND_DRCS0);
	size_t k = 0;

	while (k < n) {
		/* One row: its cells, the pen's size there, while no wrap. */
		const int row = t->row;
		const int h = row < 2 ? 1 : ph;
		const int glyphs = t->drcs_g0 && row != 0;
		vtx_cell *lower = t->s->cells[row];
		vtx_cell *upper = t->s->cells[row - (h - 1)];
		const cell_tail lo = cell_tail_part(0, h - 1), up = 0;

		while (k < n) {
			const uint8_t b = s[k++] & 0x7F;
			const int col = t->col, w = col == LAST_COL ? 1 : pw;
			cell_tail tail;
			uint32_t ch;

			if (glyphs && b != VTX_SP) {
				tail = drcs;
				ch = b;
			} else {
				tail = alpha;
				ch = t->charmap[0][b];
			}
			tail |= cell_tail_size(w, h);
			/* lower row part_y h - 1, upper row part_y 0 */
			cell_store(&lower[col], ch, tail | lo);
			if (w == 2)
				cell_store(&lower[col + 1], ch,
					   tail | lo | cell_tail_part(1, 0));
			if (h == 2) {
				cell_store(&upper[col], ch, tail | up);
				if (w == 2)
					cell_store(&upper[col + 1], ch,
						   tail | cell_tail_part(1, 0));
			}
			if (col + pw <= LAST_COL) {
				t->col = col + pw;
			} else {
				advance(t, pw, ph);
				break;
			}
		}
	}
}

/* A run of text bytes, none of them a delimiter, with the current pen. */
static void write_run(vtx_term *t, const uint8_t *s, size_t n)
{
	if (t->p.g1 || (t->p.width == 1 && t->p.height == 1)) {
		write_narrow(t, s, n, 0);
		return;
	}
	write_big(t, s, n);
}

/* The first byte 0x20 (bit 7 masked) of s[0..n-1], or n. */
static size_t find_space(const uint8_t *s, size_t n)
{
	size_t i = 0;

	while (i < n && (s[i] & 0x7F) != VTX_SP)
		i++;
	return i;
}

/* The runs write_text leaves: insert mode, double size, latent serial
 * attributes. */
static OUT_OF_LINE void write_text_slow(vtx_term *t, const uint8_t *s,
					size_t len)
{
	if (t->insert) { /* each character shifts the row: the general path */
		for (size_t i = 0; i < len; i++)
			print_byte(t, s[i] & 0x7F);
		return;
	}
	if (!t->p.g1 && serial_pending(&t->p)) {
		/* Latent serial attributes wait for the first space, the
		 * delimiter that commits them; after it none is latent. */
		size_t k = find_space(s, len);

		write_run(t, s, k);
		if (k < len) {
			put_delimiter(t);
			write_run(t, s + k + 1, len - k - 1);
		}
		return;
	}
	write_run(t, s, len);
}

/* Prints `len` > 0 printable bytes as print_byte would one by one;
 * `same` when they are all s[0]. */
static OUT_OF_LINE void write_text(vtx_term *t, const uint8_t *s, size_t len,
				   int same)
{
	const pen *p = &t->p;

	t->last.g2 = 0;
	t->last.code = s[len - 1] & 0x7F;
	if (t->insert || (!p->g1 && (p->width != 1 || p->height != 1 ||
				    serial_pending(p)))) {
		write_text_slow(t, s, len);
	} else {
		write_narrow(t, s, len, same);
	}
}

/* Nonzero when the pen writes a run cell after cell with one template
 * (write_narrow): normal size (G1 ignores the size), no serial attribute
 * latent, not in insert mode. */
static inline int pen_runs(const vtx_term *t)
{
	return !t->insert && (t->p.g1 || pen_plain(&t->p));
}

static void repeat(vtx_term *t, int n)
{
	last_char l = t->last;

	/* REP repeats the last displayed character with the current
	 * attributes, accented ones included (§2-2-1-2-6). A byte repeated
	 * is a run of that byte. */
	if (!l.g2) {
		uint8_t run[64];

		if (n > 0 && (size_t)n <= sizeof run) {
			if (pen_runs(t)) {
				/* write_text's narrow case, which reads
				 * the first byte only; t->last stands */
				write_narrow(t, &l.code, (size_t)n, 1);
				return;
			}
			memset(run, l.code, (size_t)n);
			write_text(t, run, (size_t)n, 1);
			return;
		}
	}
	for (int i = 0; i < n; i++) {
		int r = t->row, c = t->col;
		const vtx_cell *done;

		if (l.g2)
			print_g2(t, l.code, l.letter);
		else
			print_byte(t, l.code);
		done = &t->s->cells[r][c];
		if (t->p.width == 1 && t->p.height == 1 && !t->insert &&
		    !(done->attr & VTX_ATTR_DELIM) && done->width == 1 &&
		    done->height == 1) {
			/* Every other copy is the same cell: write it on. */
			vtx_cell same;

			cell_copy(&same, done, 1, 1, 0, 0);
			for (i++; i < n; i++) {
				vtx_cell *row = t->s->cells[t->row];
				int room = LAST_COL - t->col;

				/* Fill the rest of the row at once; the last
				 * cell goes through advance() for the wrap. */
				while (room > 0 && i < n - 1) {
					row[t->col++] = same;
					room--;
					i++;
				}
				row[t->col] = same;
				advance(t, 1, 1);
			}
		}
	}
}

/* CAN: spaces of the current set and attributes from the cursor to the end
 * of the row; the cursor stays; not a delimiter. */
static void cancel(vtx_term *t)
{
	/* the cell put_mosaic or put_alpha makes of the set's space */
	fill_same(&t->s->cells[t->row][t->col], (size_t)(VTX_COLS - t->col),
		  t->p.g1 ? VTX_MOSAIC_EMPTY : VTX_SP, pen_set_tail(t));
}

/* Blanks rows first..last: the first one cell by cell, the others copied
 * from the rows already blank, twice as many at each copy (five copies
 * for a page, not 23 rows of 40 cells). */
static void clear_rows(vtx_term *t, int first, int last)
{
	int done = 1;

	if (first > last)
		return;
	vtx_screen_clear_row(t->s, first);
	while (first + done <= last) {
		const int left = last + 1 - first - done;
		const int k = done < left ? done : left;

		memcpy(t->s->cells[first + done], t->s->cells[first],
		       sizeof t->s->cells[0] * (size_t)k);
		done += k;
	}
}

static void clear_page(vtx_term *t)
{
	if (t->cb.clear)
		t->cb.clear(t->pages, t->user);
	t->pages++;
	clear_rows(t, FIRST_ROW, LAST_ROW);
	t->row = FIRST_ROW;
	t->col = 0;
	pen_reset(&t->p);
}

/*** C0 (§2-2-1-2-5, §2-2-1-2-6) ***/

static void shift_out(vtx_term *t, int g1)
{
	pen *p = &t->p;

	if (g1) {
		/* SO: size and inverse cancelled, lining cleared (mosaics
		 * start joined); a latent background applies to mosaics. */
		p->width = p->height = 1;
		p->invert = 0;
		p->underline = 0;
		p->pend_ul = NONE;
		p->separated = 0;
		if (p->pend_bg != NONE) {
			p->bg = (uint8_t)p->pend_bg;
			p->pend_bg = NONE;
		}
	} else {
		p->separated = 0; /* SI: disjoint cleared */
	}
	p->g1 = (uint8_t)g1;
	pen_sync(p);
}

static void control(vtx_term *t, uint8_t b)
{
	switch (b) {
	case VTX_C0_BEL: /* BEL: beep */
		if (t->cb.bell)
			t->cb.bell(t->user);
		break;
	case VTX_C0_BS: move_left(t); break;   /* BS: left */
	case VTX_C0_HT: move_right(t); break;  /* HT: right */
	case VTX_C0_LF: move_down(t); break;   /* LF: down */
	case VTX_C0_VT: move_up(t); break;     /* VT: up */
	case VTX_C0_FF: clear_page(t); break;  /* FF: clear, home */
	case VTX_C0_CR: t->col = 0; break;     /* CR: column 1 */
	case VTX_C0_SO: shift_out(t, 1); break; /* SO: G1 */
	case VTX_C0_SI: shift_out(t, 0); break; /* SI: G0 */
	case VTX_C0_CON: t->s->cursor_on = 1; break; /* CON: cursor on */
	case VTX_C0_COF: t->s->cursor_on = 0; break; /* COF: cursor off */
	case VTX_C0_CAN: cancel(t); break;     /* CAN: clear to end of row */
	case VTX_C0_SUB: print_byte(t, VTX_DEL); break; /* SUB: error block */
	case VTX_C0_RS: /* RS: home + attribute reset, leaves row 0 */
		t->row = FIRST_ROW;
		t->col = 0;
		pen_reset(&t->p);
		break;
	default: /* 01-06, 10, 15, 17, 1C: no screen effect */
		break;
	}
}

/*** ESC + C1 attributes (§2-2-1-1-3, §2-2-1-2-4) ***/

static void set_size(vtx_term *t, int w, int h)
{
	if (t->p.g1 || t->row == 0)
		return; /* ignored in mosaic mode and on row 0 */
	if (h == 2 && t->row == FIRST_ROW)
		return; /* double height ignored on row 1 */
	t->p.width = (uint8_t)w;
	t->p.height = (uint8_t)h;
}

/* The attributes other than colours. */
static OUT_OF_LINE void attribute_other(vtx_term *t, uint8_t b)
{
	pen *p = &t->p;

	switch (b) {
	case 0x48: p->blink = 1; break; /* blink */
	case 0x49: p->blink = 0; break; /* steady */
	case 0x4C: set_size(t, 1, 1); break; /* normal size */
	case 0x4D: set_size(t, 1, 2); break; /* double height */
	case 0x4E: set_size(t, 2, 1); break; /* double width */
	case 0x4F: set_size(t, 2, 2); break; /* double size */
	case 0x58: p->pend_conceal = 1; break; /* conceal (serial) */
	case 0x5F: p->pend_conceal = 0; break; /* reveal (serial) */
	case 0x59: /* stop lining */
	case 0x5A: /* start lining */
		if (p->g1)
			p->separated = b == 0x5A;
		else
			p->pend_ul = b == 0x5A;
		break;
	case 0x5C: /* normal video */
	case 0x5D: /* inverse video: text only */
		if (!p->g1)
			p->invert = b == 0x5D;
		break;
	default: /* 4A, 4B, 5E: not used by the Minitel 1B */
		tlog(t, "unused C1 attribute skipped");
		break;
	}
	pen_sync(p);
}

/* Colours, nine attributes in ten, are set inline (ground()). */
static inline void attribute(vtx_term *t, uint8_t b)
{
	pen *p = &t->p;

	if (b >= 0x40 && b <= 0x47) { /* foreground colour */
		p->fg = (uint8_t)(b - 0x40);
	} else if (b >= 0x50 && b <= 0x57) { /* background colour */
		if (p->g1)
			p->bg = (uint8_t)(b - 0x50); /* parallel in G1 */
		else
			p->pend_bg = (int8_t)(b - 0x50); /* serial in G0 */
	} else {
		attribute_other(t, b);
	}
}

/*** CSI functions (§2-2-1-2-5-3); inactive on row 0 ***/

static int param(const vtx_event *ev, int i, int dflt)
{
	if (i >= ev->nparams || ev->params[i] < 0)
		return dflt;
	return ev->params[i];
}

static int clamp(int v, int lo, int hi)
{
	return v < lo ? lo : v > hi ? hi : v;
}

static void blank_cells(vtx_term *t, int row, int from, int to)
{
	for (int c = from; c <= to; c++)
		t->s->cells[row][c] = vtx_cell_blank();
}

static void csi_erase_screen(vtx_term *t, int mode)
{
	int r;

	if (mode == 2) { /* 2 J: whole screen, cursor kept */
		for (r = FIRST_ROW; r <= LAST_ROW; r++)
			vtx_screen_clear_row(t->s, r);
	} else if (mode == 1) { /* 1 J: start of screen to cursor */
		for (r = FIRST_ROW; r < t->row; r++)
			vtx_screen_clear_row(t->s, r);
		blank_cells(t, t->row, 0, t->col);
	} else if (mode == 0) { /* J: cursor to end of screen */
		blank_cells(t, t->row, t->col, LAST_COL);
		for (r = t->row + 1; r <= LAST_ROW; r++)
			vtx_screen_clear_row(t->s, r);
	}
}

static void csi_erase_row(vtx_term *t, int mode)
{
	if (mode == 0) /* K: cursor to end of row */
		blank_cells(t, t->row, t->col, LAST_COL);
	else if (mode == 1) /* 1 K: start of row to cursor */
		blank_cells(t, t->row, 0, t->col);
	else if (mode == 2) /* 2 K: whole row */
		blank_cells(t, t->row, 0, LAST_COL);
}

static void csi_delete_chars(vtx_term *t, int n)
{
	vtx_cell *r = t->s->cells[t->row];

	n = clamp(n, 0, VTX_COLS - t->col);
	memmove(&r[t->col], &r[t->col + n],
		sizeof r[0] * (size_t)(VTX_COLS - t->col - n));
	blank_cells(t, t->row, VTX_COLS - n, LAST_COL);
}

static void csi_rows(vtx_term *t, int n, int insert)
{
	int keep;

	n = clamp(n, 0, LAST_ROW + 1 - t->row);
	keep = LAST_ROW + 1 - t->row - n;
	if (insert) { /* Pn L: insert rows at the cursor row */
		memmove(&t->s->cells[t->row + n], &t->s->cells[t->row],
			sizeof t->s->cells[0] * (size_t)keep);
		for (int r = t->row; r < t->row + n; r++)
			vtx_screen_clear_row(t->s, r);
	} else { /* Pn M: delete rows from the cursor row */
		memmove(&t->s->cells[t->row], &t->s->cells[t->row + n],
			sizeof t->s->cells[0] * (size_t)keep);
		for (int r = t->row + keep; r <= LAST_ROW; r++)
			vtx_screen_clear_row(t->s, r);
	}
}

static void csi(vtx_term *t, const vtx_event *ev)
{
	int n = param(ev, 0, 1);

	if (t->row == 0)
		return; /* CSI functions are inactive on row 0 */
	switch (ev->a) {
	case 'A': t->row = clamp(t->row - n, FIRST_ROW, LAST_ROW); break;
	case 'B': t->row = clamp(t->row + n, FIRST_ROW, LAST_ROW); break;
	case 'C': t->col = clamp(t->col + n, 0, LAST_COL); break;
	case 'D': t->col = clamp(t->col - n, 0, LAST_COL); break;
	case 'H': /* Pr;Pc H: absolute position, rows 1..24 */
		t->row = clamp(param(ev, 0, 1), FIRST_ROW, LAST_ROW);
		t->col = clamp(param(ev, 1, 1), 1, VTX_COLS) - 1;
		break;
	case 'J': csi_erase_screen(t, param(ev, 0, 0)); break;
	case 'K': csi_erase_row(t, param(ev, 0, 0)); break;
	case 'P': csi_delete_chars(t, n); break;
	case '@': shift_right(t, t->row, t->col, clamp(n, 0, VTX_COLS)); break;
	case 'M': csi_rows(t, n, 0); break;
	case 'L': csi_rows(t, n, 1); break;
	case 'h': /* 4 h: insert mode on */
	case 'l': /* 4 l: insert mode off */
		if (param(ev, 0, 0) == 4)
			t->insert = ev->a == 'h';
		break;
	default:
		tlog(t, "unknown CSI function skipped");
		break;
	}
}

/*** Protocol and DRCS ***/

static void protocol(vtx_term *t, const vtx_event *ev)
{
	const uint8_t *q = ev->seq;

	/* PRO2 START/STOP roll mode (§2-6-11); PRO1 reset (§2-6-16). */
	if (ev->n == 4 && q[1] == 0x3A && q[3] == 0x43 &&
	    (q[2] == 0x69 || q[2] == 0x6A))
		t->roll = q[2] == 0x69;
	if (ev->n == 3 && q[1] == 0x39 && q[2] == 0x7F) {
		pen_reset(&t->p);
		t->roll = 0;
	}
	if (t->cb.pro)
		t->cb.pro(q, ev->n, t->user);
}

/* 14 groups of 6 bits, first group leftmost, make the 80 bits of an
 * 8 x 10 glyph; missing groups are zero (videotex.md §8). */
static void drcs_glyph(vtx_term *t, const vtx_event *ev)
{
	uint8_t *g;
	uint32_t acc = 0;
	int code = ev->a - 0x20, nbits = 0, line = 0;

	if (code < 0 || code >= VTX_DRCS_CODES)
		return;
	g = t->s->drcs[t->drcs_load][code];
	for (int i = 0; i < DRCS_SEXTETS && line < VTX_DRCS_LINES; i++) {
		uint32_t six = i < ev->n ? (uint32_t)(ev->data[i] - 0x40) & 0x3F
					 : 0;

		acc = acc << 6 | six;
		nbits += 6;
		if (nbits >= 8) {
			nbits -= 8;
			g[line++] = (uint8_t)(acc >> nbits);
		}
	}
	t->s->drcs_defined[t->drcs_load][code] = 1;
}

/* Every event but the attributes. */
static OUT_OF_LINE void on_other_event(vtx_term *t, const vtx_event *ev)
{
	switch (ev->type) {
	case VTX_EV_CHAR: print_byte(t, ev->a); break;
	case VTX_EV_G2: print_g2(t, ev->a, ev->b); break;
	case VTX_EV_C0: control(t, ev->a); break;
	case VTX_EV_REP: repeat(t, ev->a); break;
	case VTX_EV_US: locate(t, ev->a, ev->b - 1); break;
	case VTX_EV_ATTR: attribute(t, ev->a); break;
	case VTX_EV_CSI: csi(t, ev); break;
	case VTX_EV_PRO: protocol(t, ev); break;
	case VTX_EV_DESIGNATE:
		if (ev->a)
			t->drcs_g1 = ev->b;
		else
			t->drcs_g0 = ev->b;
		break;
	case VTX_EV_MASKING: t->s->reveal = !ev->a; break;
	case VTX_EV_DRCS_SET: t->drcs_load = ev->a; break;
	case VTX_EV_DRCS_GLYPH: drcs_glyph(t, ev); break;
	case VTX_EV_CURSOR_QUERY:
		if (t->cb.pro) {
			const uint8_t q[2] = {VTX_C0_ESC, 0x61};

			t->cb.pro(q, sizeof q, t->user);
		}
		break;
	case VTX_EV_SEP: /* SEP X: not for the screen */
	case VTX_EV_COUNT:
		break;
	}
}

static void on_event(const vtx_event *ev, void *user)
{
	/* ESC + C1 attributes, C0 controls, US and REP are the commonest
	 * events: short paths. */
	switch (ev->type) {
	case VTX_EV_ATTR: attribute(user, ev->a); break;
	case VTX_EV_C0: control(user, ev->a); break;
	case VTX_EV_US: locate(user, ev->a, ev->b - 1); break;
	case VTX_EV_REP: repeat(user, ev->a); break;
	default: on_other_event(user, ev); break;
	}
}

static void on_log(const char *msg, void *user)
{
	tlog(user, msg);
}

/*** The ground state ***/

/* vtx_term_feed reads the ground state itself and hands the parser the
 * rest (parser_internal.h): no event, no indirect call for the items that
 * make most of a page. */

/* After the last cell of a row is written (write_narrow). */
static void wrap(vtx_term *t)
{
	t->col = LAST_COL;
	advance(t, 1, 1);
}

/* The rest of narrow_text's run on row 0, which does not wrap: the cursor
 * stays on column 40 and each character is written over the last, so only
 * the run's last one is. s[0] is printable and not `stop`; returns the
 * bytes of the run. */
static OUT_OF_LINE size_t row0_run(vtx_term *t, const uint8_t *s, size_t n,
				   uint8_t stop, int drcs, cell_tail tail,
				   cell_tail glyph)
{
	vtx_cell *d = &t->s->cells[0][LAST_COL];
	size_t k = 1;
	uint8_t b;

	while (k < n && (s[k] & 0x60) != 0 &&
	       !(stop && (s[k] & 0x7F) == stop))
		k++;
	b = s[k - 1] & 0x7F;
	if (drcs)
		cell_store(d, b, b == VTX_SP ? tail : glyph);
	else
		cell_store(d, t->charmap[t->p.g1 != 0][b], tail);
	return k;
}

/* Writes the printable bytes at s[0..n-1] with a normal-size pen, up to
 * the first byte that is not printable or is `stop`, as it scans them:
 * returns their count. What write_narrow does, row by row with the wraps
 * (a wrap never changes the pen, and never reaches or leaves row 0, so
 * whether DRCS show stays the same). With `drcs`, every byte but the space
 * is a downloaded glyph (fill_drcs). `tail` and `glyph` are the pen's cell
 * tails for its set and for that set's DRCS. Inline so that each caller
 * gets the loop for its own constant `stop` and `drcs`. */
static inline size_t narrow_text(vtx_term *t, const uint8_t *s, size_t n,
				 uint8_t stop, int drcs, cell_tail tail,
				 cell_tail glyph)
{
	const uint32_t *map = t->charmap[t->p.g1 != 0];
	size_t k = 0;

	for (;;) {
		const int col = t->col;
		vtx_cell *d = &t->s->cells[t->row][col];
		const size_t room = (size_t)(VTX_COLS - col);
		const uint8_t *q = s + k;
		const uint8_t *end = q + (n - k < room ? n - k : room);
		size_t j;

		/* printable: bit 5 or 6 set (bit 7 masked) */
		for (; q < end && (*q & 0x60) != 0; q++, d++) {
			const uint8_t b = *q & 0x7F;

			if (stop && b == stop)
				break;
			if (drcs)
				cell_store(d, b, b == VTX_SP ? tail : glyph);
			else
				cell_store(d, map[b], tail);
		}
		j = (size_t)(q - (s + k));
		k += j;
		if (j < room) {
			t->col = col + (int)j;
			break;
		}
		wrap(t);
		if (k == n || (s[k] & 0x60) == 0 ||
		    (stop && (s[k] & 0x7F) == stop))
			break;
		if (t->row == 0) {
			k += row0_run(t, s + k, n - k, stop, drcs, tail, glyph);
			break;
		}
	}
	if (k > 0) {
		t->last.g2 = 0;
		t->last.code = s[k - 1] & 0x7F;
	}
	return k;
}

/* Nonzero when the pen writes runs with narrow_text: normal size (G1
 * ignores the size), not in insert mode. */
static int pen_narrow(const vtx_term *t)
{
	const pen *p = &t->p;

	return !t->insert && (p->g1 || (p->width == 1 && p->height == 1));
}

/* Nonzero when the pen's set shows DRCS here (never on row 0). */
static int pen_glyphs(const vtx_term *t)
{
	return t->row != 0 && (t->p.g1 ? t->drcs_g1 : t->drcs_g0);
}

/* The runs ground_text leaves to others: DRCS, latent serial attributes
 * (which wait for the first space, the delimiter that commits them,
 * §2-2-1-2-4), double size, insert mode. */
static OUT_OF_LINE size_t text_other(vtx_term *t, const uint8_t *s,
				     size_t n)
{
	const int pending = !t->p.g1 && serial_pending(&t->p);
	size_t k;

	if (!pen_narrow(t) || (pending && pen_glyphs(t))) {
		k = vtx_parser__text_run(s, n);
		write_text(t, s, k, 0);
		return k;
	}
	if (pen_glyphs(t))
		return narrow_text(t, s, n, 0, 1, pen_set_tail(t),
				   pen_drcs_tail(t));
	if (!pending)
		return narrow_text(t, s, n, 0, 0, pen_set_tail(t), 0);
	k = narrow_text(t, s, n, VTX_SP, 0, pen_set_tail(t), 0);
	if (k == n || (s[k] & 0x60) == 0)
		return k;
	put_delimiter(t); /* a space: after it nothing is latent */
	t->last.g2 = 0;
	t->last.code = VTX_SP;
	k++;
	return k + narrow_text(t, s + k, n - k, 0, 0, pen_set_tail(t), 0);
}

/* narrow_text for ground_text's runs that reach the end of the row. */
static OUT_OF_LINE size_t narrow_text_out(vtx_term *t, const uint8_t *s,
					  size_t n, cell_tail tail)
{
	return narrow_text(t, s, n, 0, 0, tail, 0);
}

/* What ground() keeps of the terminal from one text run to the next while
 * only colours and moves within the row come between them; valid while
 * `row` is not NULL. Then the pen writes text as narrow_text does without
 * DRCS or latent attributes (text_ready), `row` is the cursor's row, `map`
 * and `tail` are the pen's charmap and cell tail. */
typedef struct text_view {
	vtx_cell *row; /* NULL: not ready */
	const uint32_t *map;
	cell_tail tail;
} text_view;

/* Nonzero when the pen writes text with narrow_text, without DRCS or
 * latent attributes. */
static inline int text_ready(const vtx_term *t)
{
	return pen_runs(t) && !((t->drcs_g0 | t->drcs_g1) && pen_glyphs(t));
}

/* A run of printable bytes at s[0..n-1], as many as there are: returns
 * their count. The common case, a run with a view ready, is written here as
 * it is scanned up to the last column; there narrow_text takes it on, and
 * text_other takes the others. */
static inline size_t ground_text(vtx_term *t, text_view *v, const uint8_t *s,
				 size_t n)
{
	const int col = t->col;
	/* the cells before the last column, where a wrap comes in */
	const size_t room = (size_t)(LAST_COL - col);
	const uint8_t *q = s, *end = s + (n < room ? n : room);
	vtx_cell *d;

	if (!v->row) {
		if (!text_ready(t))
			return text_other(t, s, n);
		v->row = t->s->cells[t->row];
		v->map = t->charmap[t->p.g1 != 0];
		v->tail = pen_set_tail(t);
	}
	d = v->row + col;
	/* printable: bit 5 or 6 set (bit 7 masked) */
	for (; q < end && (*q & 0x60) != 0; q++, d++)
		cell_store(d, v->map[*q & 0x7F], v->tail);
	if (q == s + room && q < s + n && (*q & 0x60) != 0) {
		/* The run reaches the last column: narrow_text writes it,
		 * then wraps to another row and goes on. */
		t->col = LAST_COL;
		v->row = NULL;
		return room + narrow_text_out(t, q, n - room, v->tail);
	}
	t->col = col + (int)(q - s);
	t->last.g2 = 0;
	t->last.code = q[-1] & 0x7F;
	return (size_t)(q - s);
}

/* ESC + attribute `c` in the ground state. A colour keeps the text view
 * ready: the foreground, or the background in G1 (parallel there), goes
 * into its tail; in G0 a background is latent, and text_other takes the
 * runs until a delimiter commits it. */
static inline void ground_attr(vtx_term *t, text_view *v, uint8_t c)
{
	attribute(t, c);
	if (!v->row)
		return;
	if (c >= 0x40 && c <= 0x47)
		v->tail = cell_tail_colour(v->tail, 0, t->p.fg);
	else if (c >= 0x50 && c <= 0x57 && t->p.g1)
		v->tail = cell_tail_colour(v->tail, 1, t->p.bg);
	else
		v->row = NULL;
}

/* The C0 codes after which the text view stays ready if the cursor is
 * still on its row: they change no pen (a REP repeats with it, BS, HT and
 * CR move the cursor, CAN clears the row's end). */
#define VIEW_KEEPS                                                        \
	(1u << VTX_C0_REP | 1u << VTX_C0_BS | 1u << VTX_C0_HT |            \
	 1u << VTX_C0_CR | 1u << VTX_C0_CAN)

/* Reads s[0..n-1] in the ground state as the parser would (its ground_run
 * and shortcut) while the items are text, ESC + attribute, REP count, US
 * row col in its new form and range, SS2 and what follows it when no
 * control code comes in, NUL, or a C0 code that is no more than itself;
 * returns the bytes used, up to the first the parser must read. */
static OUT_OF_LINE size_t ground(vtx_term *t, const uint8_t *s, size_t n)
{
	const uint8_t *q = s;
	const uint8_t *const e = s + n;
	text_view v = {0};

	while (q < e) {
		const uint8_t b = *q & 0x7F;
		uint8_t c, d;
		int row;

		if (b >= VTX_SP) {
			q += ground_text(t, &v, q, (size_t)(e - q));
			continue;
		}
		if (b == VTX_C0_ESC) { /* ESC + C1: attribute (§2-2-1-1-3) */
			if (e - q < 2 || !vtx_parser__is_attr(q[1] & 0x7F))
				break;
			ground_attr(t, &v, q[1] & 0x7F);
			q += 2;
			continue;
		}
		if (b == VTX_C0_NUL) { /* NUL: ignored (§2-2-1-2-6) */
			q++;
			continue;
		}
		row = t->row;
		switch (b) {
		case VTX_C0_REP: /* REP + count (§2-2-1-2-6) */
			if (e - q < 2 || !vtx_parser__is_rep(q[1] & 0x7F))
				return (size_t)(q - s);
			repeat(t, (q[1] & 0x7F) - 0x40);
			q += 2;
			break;
		case VTX_C0_US: /* US row col (§2-2-1-2-5) */
			if (e - q < 3)
				return (size_t)(q - s);
			c = q[1] & 0x7F;
			d = q[2] & 0x7F;
			if (!vtx_parser__is_us(c, d))
				return (size_t)(q - s);
			locate(t, c - 0x40, d - 0x41);
			q += 3;
			break;
		case VTX_C0_SS2: /* SS2 + G2 code, + letter after a
				  * diacritic (§2-2-1-2-6): as the parser
				  * reports them when no control code cuts
				  * them (French text has an accent every
				  * few words) */
			if (e - q < 2 || (c = q[1] & 0x7F) < VTX_SP)
				return (size_t)(q - s);
			if (!vtx_charset_is_diacritic(c)) {
				print_g2(t, c, 0);
				q += 2;
				break;
			}
			if (e - q < 3 || (d = q[2] & 0x7F) < VTX_SP)
				return (size_t)(q - s);
			print_g2(t, c, d);
			q += 3;
			break;
		case VTX_C0_HT: /* HT: right; move_right's common case */
			if (t->col < LAST_COL)
				t->col++;
			else
				control(t, b);
			q++;
			break;
		default:
			if (!vtx_parser__c0_event(b))
				return (size_t)(q - s); /* SEP, SS3 ...: a sequence */
			control(t, b);
			q++;
			break;
		}
		if (!(VIEW_KEEPS >> b & 1) || t->row != row)
			v.row = NULL;
	}
	return (size_t)(q - s);
}

/* Without a log callback the parser is given none, so that it does not
 * format messages nobody reads. */
static const vtx_parser_callbacks parser_callbacks = {
	.event = on_event,
	.log = on_log,
};
static const vtx_parser_callbacks parser_callbacks_quiet = {
	.event = on_event,
};

vtx_term *vtx_term_new(vtx_screen *screen, const vtx_term_callbacks *cb,
		       void *user)
{
	vtx_term *t = calloc(1, sizeof *t);

	if (!t)
		return NULL;
	t->parser = vtx_parser_new(cb && cb->log ? &parser_callbacks
						 : &parser_callbacks_quiet, t);
	if (!t->parser) {
		free(t);
		return NULL;
	}
	t->charmap = malloc(2 * sizeof *t->charmap);
	if (!t->charmap) {
		vtx_parser_free(t->parser);
		free(t);
		return NULL;
	}
	for (int b = 0; b < 128; b++) {
		t->charmap[0][b] = vtx_charset_g0((uint8_t)b);
		t->charmap[1][b] = vtx_mosaic_canonical((uint8_t)b);
	}
	t->s = screen;
	if (cb)
		t->cb = *cb;
	t->user = user;
	t->row = FIRST_ROW;
	pen_reset(&t->p);
	t->last.code = VTX_SP;
	return t;
}

void vtx_term_free(vtx_term *t)
{
	if (!t)
		return;
	vtx_parser_free(t->parser);
	free(t->charmap);
	free(t);
}

void vtx_term_copy_state(vtx_term *dst, const vtx_term *src)
{
	vtx_screen *s = dst->s;
	vtx_term_callbacks cb = dst->cb;
	void *user = dst->user;
	vtx_parser *parser = dst->parser;
	uint32_t(*charmap)[128] = dst->charmap;

	*dst = *src;
	dst->charmap = charmap;
	dst->s = s;
	dst->cb = cb;
	dst->user = user;
	dst->parser = parser;
	vtx_parser_copy_state(parser, src->parser);
}

void vtx_term_reset(vtx_term *t)
{
	vtx_screen_init(t->s);
	vtx_parser_reset(t->parser);
	t->row = FIRST_ROW;
	t->col = 0;
	pen_reset(&t->p);
	t->saved.row = FIRST_ROW;
	t->saved.col = 0;
	pen_reset(&t->saved.p);
	t->roll = t->insert = 0;
	t->drcs_g0 = t->drcs_g1 = t->drcs_load = 0;
	t->pages = 0;
	t->last.g2 = 0;
	t->last.code = VTX_SP;
}

void vtx_term_feed(vtx_term *t, const uint8_t *bytes, size_t len)
{
	vtx_parser *ps = t->parser;
	const size_t base = vtx_parser_offset(ps);
	size_t i = 0;

	while (i < len) {
		if (vtx_parser__ground(ps)) {
			i += ground(t, bytes + i, len - i);
			if (i == len)
				break;
		}
		i += vtx_parser__run(ps, bytes + i, len - i, base + i);
	}
	vtx_parser__at(ps, base + len);
	t->s->cursor_row = (uint8_t)t->row;
	t->s->cursor_col = (uint8_t)t->col;
}

void vtx_term_cursor(const vtx_term *t, int *row, int *col)
{
	*row = t->row;
	*col = t->col + 1;
}

void vtx_term_get_state(const vtx_term *t, vtx_term_state *st)
{
	const pen *p = &t->p;

	st->row = t->row;
	st->col = t->col;
	st->g1 = p->g1;
	st->fg = p->fg;
	st->bg = p->bg;
	st->blink = p->blink;
	st->invert = p->invert;
	st->separated = p->separated;
	st->width = p->width;
	st->height = p->height;
	st->underline = p->underline;
	st->conceal = p->conceal;
	/* (signed: NONE is -1) */
	st->pend_bg = (int)p->pend_bg;
	st->pend_ul = (int)p->pend_ul;
	st->pend_conceal = (int)p->pend_conceal;
	st->drcs_g0 = t->drcs_g0;
	st->drcs_g1 = t->drcs_g1;
	st->roll = t->roll;
	st->insert = t->insert;
	st->last_g2 = t->last.g2;
	st->last_code = t->last.code;
	st->last_letter = t->last.letter;
}

int vtx_decode(const uint8_t *bytes, size_t len, vtx_screen *out)
{
	vtx_term *t = vtx_term_new(out, NULL, NULL);

	if (!t)
		return -ENOMEM;
	vtx_term_reset(t);
	vtx_term_feed(t, bytes, len);
	vtx_term_free(t);
	return 0;
}
