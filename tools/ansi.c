/* tools/ansi.c -- ANSI 24-bit colour rendering of a screen.
 *
 * Colours: videotex.md §2 numbers them 0 black, 1 red, 2 green, 3 yellow,
 * 4 blue, 5 magenta, 6 cyan, 7 white; the RGB values are ours (full
 * primaries, as on a colour Minitel). SGR codes are only sent when they
 * change from one cell to the next. */
#include "ansi.h"

#include <errno.h>
#include <stdio.h>

#include "videotex/dump.h"

#define SGR_RESET "\x1b[0m"

static const uint8_t palette[8][3] = {
	{0x00, 0x00, 0x00}, /* 0 black */
	{0xFF, 0x00, 0x00}, /* 1 red */
	{0x00, 0xFF, 0x00}, /* 2 green */
	{0xFF, 0xFF, 0x00}, /* 3 yellow */
	{0x00, 0x00, 0xFF}, /* 4 blue */
	{0xFF, 0x00, 0xFF}, /* 5 magenta */
	{0x00, 0xFF, 0xFF}, /* 6 cyan */
	{0xFF, 0xFF, 0xFF}, /* 7 white */
};

/* What one terminal cell needs: colours, SGR flags, character. */
typedef struct pen {
	int fg, bg;
	int underline, blink;
} pen;

static pen cell_pen(const vtx_shown *c, uint32_t *ch)
{
	pen p = {c->fg & 7, c->bg & 7, 0, 0};

	*ch = vtx_dump_text_char(c);
	if (c->flags & VTX_SHOW_INVERT) {
		p.fg = c->bg & 7;
		p.bg = c->fg & 7;
	}
	if (c->flags & VTX_SHOW_CONCEAL) {
		*ch = ' ';
		return p;
	}
	p.underline = (c->flags & VTX_SHOW_UNDERLINE) != 0;
	p.blink = (c->flags & VTX_SHOW_BLINK) != 0;
	return p;
}

static void put_sgr(vtx_buf *out, const pen *p)
{
	char tmp[96];
	const uint8_t *f = palette[p->fg], *b = palette[p->bg];

	snprintf(tmp, sizeof tmp,
		 "\x1b[0;%s%s38;2;%d;%d;%d;48;2;%d;%d;%dm",
		 p->underline ? "4;" : "", p->blink ? "5;" : "", f[0], f[1],
		 f[2], b[0], b[1], b[2]);
	vtx_buf_str(out, tmp);
}

static int pen_equal(const pen *a, const pen *b)
{
	return a->fg == b->fg && a->bg == b->bg &&
	       a->underline == b->underline && a->blink == b->blink;
}

int ansi_render(const vtx_screen *s, vtx_buf *out)
{
	vtx_shown row[VTX_COLS];

	for (int r = 0; r < VTX_ROWS; r++) {
		pen last = {-1, -1, 0, 0};

		vtx_screen_shown(s, r, row);
		for (int c = 0; c < VTX_COLS; c++) {
			uint32_t ch;
			pen p = cell_pen(&row[c], &ch);

			if (!pen_equal(&p, &last))
				put_sgr(out, &p);
			last = p;
			vtx_buf_utf8(out, ch < 0x20 ? ' ' : ch);
		}
		vtx_buf_str(out, SGR_RESET "\n");
	}
	return out->failed ? -ENOMEM : 0;
}
