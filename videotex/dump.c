/* videotex/dump.c -- minitel-screen v1 dumps (shared/docs/screen-dump.md). */
#include "dump.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "mosaic.h"

#define CURRENCY_SIGN 0xA4u /* how the text view shows a DRCS cell */
#define FIELDS 9

static const char flag_letters[] = "BIUSK";

vtx_dump_cell vtx_dump_cell_of(const vtx_shown *c)
{
	vtx_dump_cell d;

	memset(&d, 0, sizeof d);
	switch (c->kind) {
	case VTX_KIND_MOSAIC: d.kind = 'M'; d.ch = c->ch; break;
	case VTX_KIND_DRCS0: d.kind = 'D'; d.ch = c->ch; break;
	case VTX_KIND_DRCS1: d.kind = 'D'; d.ch = 1u << 8 | c->ch; break;
	default: d.kind = 'C'; d.ch = c->ch; break;
	}
	d.fg = c->fg;
	d.bg = c->bg;
	d.width = c->width;
	d.height = c->height;
	d.part_x = c->part_x;
	d.part_y = c->part_y;
	for (int i = 0; i < 5; i++)
		d.flags[i] = (c->flags & (1 << i)) ? flag_letters[i] : '.';
	return d;
}

uint32_t vtx_dump_text_char(const vtx_shown *c)
{
	switch (c->kind) {
	case VTX_KIND_MOSAIC:
		return vtx_mosaic_unicode(vtx_mosaic_mask((uint8_t)c->ch));
	case VTX_KIND_DRCS0:
	case VTX_KIND_DRCS1:
		return CURRENCY_SIGN;
	default:
		return c->ch;
	}
}

int vtx_dump_text(const vtx_screen *s, vtx_buf *out)
{
	vtx_shown row[VTX_COLS];
	char lead[16];

	for (int r = 0; r < VTX_ROWS; r++) {
		vtx_screen_shown(s, r, row);
		snprintf(lead, sizeof lead, "%02d|", r);
		vtx_buf_str(out, lead);
		for (int c = 0; c < VTX_COLS; c++)
			vtx_buf_utf8(out, vtx_dump_text_char(&row[c]));
		vtx_buf_str(out, "|\n");
	}
	return out->failed ? -ENOMEM : 0;
}

static void cell_line(vtx_buf *out, int r, int c, const vtx_shown *sh)
{
	vtx_dump_cell d = vtx_dump_cell_of(sh);
	char tmp[48];

	snprintf(tmp, sizeof tmp, "%02d\t%02d\t%c\t", r, c, d.kind);
	vtx_buf_str(out, tmp);
	if (d.kind == 'C')
		vtx_buf_utf8(out, d.ch);
	else if (d.kind == 'M')
		vtx_buf_str(out, (snprintf(tmp, sizeof tmp, "%02X", d.ch), tmp));
	else
		vtx_buf_str(out, (snprintf(tmp, sizeof tmp, "G%u:%02X",
					   d.ch >> 8, d.ch & 0xFF), tmp));
	snprintf(tmp, sizeof tmp, "\t%d\t%d\t%dx%d\t%d%d\t%s\n", d.fg, d.bg,
		 d.width, d.height, d.part_x, d.part_y, d.flags);
	vtx_buf_str(out, tmp);
}

int vtx_dump_write(const vtx_screen *s, const char *comment, vtx_buf *out)
{
	vtx_shown row[VTX_COLS];

	vtx_buf_str(out, "# minitel-screen v1\n");
	while (comment && *comment) {
		const char *nl = strchr(comment, '\n');
		size_t n = nl ? (size_t)(nl - comment) : strlen(comment);

		vtx_buf_str(out, "# ");
		vtx_buf_put(out, comment, n);
		vtx_buf_byte(out, '\n');
		comment += n + (nl != NULL);
	}
	vtx_dump_text(s, out);
	vtx_buf_str(out, "## CELLS row col kind char fg bg size part flags\n");
	for (int r = 0; r < VTX_ROWS; r++) {
		vtx_screen_shown(s, r, row);
		for (int c = 0; c < VTX_COLS; c++)
			cell_line(out, r, c, &row[c]);
	}
	return out->failed ? -ENOMEM : 0;
}

/*** Reading ***/

static uint32_t utf8_decode(const char *s, size_t n)
{
	const unsigned char *u = (const unsigned char *)s;

	if (n == 1)
		return u[0];
	if (n == 2)
		return (uint32_t)(u[0] & 0x1F) << 6 | (u[1] & 0x3F);
	if (n == 3)
		return (uint32_t)(u[0] & 0x0F) << 12 |
		       (uint32_t)(u[1] & 0x3F) << 6 | (u[2] & 0x3F);
	if (n == 4)
		return (uint32_t)(u[0] & 0x07) << 18 |
		       (uint32_t)(u[1] & 0x3F) << 12 |
		       (uint32_t)(u[2] & 0x3F) << 6 | (u[3] & 0x3F);
	return 0;
}

static int parse_char(char kind, const char *f, size_t n, unsigned *ch)
{
	char tmp[16];
	unsigned set, code;

	if (n == 0 || n >= sizeof tmp)
		return -1;
	memcpy(tmp, f, n);
	tmp[n] = 0;
	if (kind == 'C') {
		*ch = utf8_decode(f, n);
		return *ch ? 0 : -1;
	}
	if (kind == 'M')
		return sscanf(tmp, "%2x", ch) == 1 ? 0 : -1;
	if (kind == 'D' && sscanf(tmp, "G%u:%2x", &set, &code) == 2) {
		*ch = set << 8 | code;
		return 0;
	}
	return -1;
}

/* Parses one tab-separated cell line into d; returns row*40+col or -1. */
static int parse_line(const char *line, size_t n, vtx_dump_cell *d)
{
	const char *f[FIELDS];
	size_t fl[FIELDS];
	int nf = 0, r, c;
	size_t start = 0;

	for (size_t i = 0; i <= n && nf < FIELDS; i++) {
		if (i == n || line[i] == '\t') {
			f[nf] = line + start;
			fl[nf++] = i - start;
			start = i + 1;
		}
	}
	if (nf != FIELDS || fl[2] != 1 || fl[8] != 5)
		return -1;
	memset(d, 0, sizeof *d);
	r = atoi(f[0]);
	c = atoi(f[1]);
	d->kind = f[2][0];
	if (r < 0 || r >= VTX_ROWS || c < 0 || c >= VTX_COLS ||
	    parse_char(d->kind, f[3], fl[3], &d->ch) < 0)
		return -1;
	d->fg = atoi(f[4]);
	d->bg = atoi(f[5]);
	if (fl[6] != 3 || fl[7] != 2)
		return -1;
	d->width = f[6][0] - '0';
	d->height = f[6][2] - '0';
	d->part_x = f[7][0] - '0';
	d->part_y = f[7][1] - '0';
	memcpy(d->flags, f[8], 5);
	return r * VTX_COLS + c;
}

int vtx_dump_parse(const char *text, size_t len,
		   vtx_dump_cell cells[VTX_ROWS][VTX_COLS], int *bad_line)
{
	size_t pos = 0;
	int line_no = 0, in_cells = 0, seen = 0;

	while (pos < len) {
		const char *line = text + pos;
		const char *nl = memchr(line, '\n', len - pos);
		size_t n = nl ? (size_t)(nl - line) : len - pos;
		vtx_dump_cell d;
		int at;

		pos += n + 1;
		line_no++;
		if (!in_cells) {
			in_cells = n >= 8 && memcmp(line, "## CELLS", 8) == 0;
			continue;
		}
		if (n == 0 || line[0] == '#')
			continue;
		at = parse_line(line, n, &d);
		if (at != seen) {
			if (bad_line)
				*bad_line = line_no;
			return -EINVAL;
		}
		cells[at / VTX_COLS][at % VTX_COLS] = d;
		seen++;
	}
	if (seen != VTX_ROWS * VTX_COLS) {
		if (bad_line)
			*bad_line = line_no;
		return -EINVAL;
	}
	return 0;
}
