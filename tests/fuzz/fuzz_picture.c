/* tests/fuzz/fuzz_picture.c -- libFuzzer target for pictures as mosaic
 * cells (core/picture.h).
 *
 * The input's first four bytes give the picture's width and height (1 to
 * 256 pixels each) and the box it must fit (1 to 40 columns, 1 to 24
 * rows); the rest are its pixels, RGB, repeated to fill it. Checks that
 * pic_mosaic_rgb:
 *   - succeeds, and uses at most the box (cols x rows within it, at
 *     least one cell);
 *   - gives mosaic cells of one cell's size, in colours 0-7, each a G1
 *     code with bit 5 set (0x20-0x3F, 0x60-0x7F);
 *   - gives the same cells twice (nothing read from outside the pixels).
 * The same bytes (after the first four) are also written to a file and
 * read back with pic_mosaic, so that stb_image's answers to any bytes
 * (most are no picture at all: -EINVAL; the corpus has a PNG) are met the
 * way a note's picture is.
 * Any failure aborts. Replayed without libFuzzer by tests/fuzz/fuzz_main.c. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "core/picture.h"

#define MAXC 40
#define MAXR 24

static void check_cells(const vtx_cell *v, int cols, int rows, int mc,
			int mr)
{
	if (cols < 1 || rows < 1 || cols > mc || rows > mr)
		abort();
	for (int i = 0; i < cols * rows; i++) {
		const vtx_cell *c = &v[i];

		if (c->kind != VTX_KIND_MOSAIC || c->width != 1 ||
		    c->height != 1 || c->fg > 7 || c->bg > 7 ||
		    !((c->ch >= 0x20 && c->ch <= 0x3F) ||
		      (c->ch >= 0x60 && c->ch <= 0x7F)))
			abort();
	}
}

static void from_file(const uint8_t *data, size_t size)
{
	static char path[64];
	static vtx_cell cells[MAXC * MAXR];
	int cols = 0, rows = 0, ret;
	FILE *f;

	if (!*path)
		snprintf(path, sizeof path, "/tmp/minitel-fuzz-pic-%ld.img",
			 (long)getpid());
	f = fopen(path, "wb");
	if (!f)
		return;
	if (size && fwrite(data, 1, size, f) != size) {
		fclose(f);
		return;
	}
	fclose(f);
	ret = pic_mosaic(path, MAXC, MAXR, cells, &cols, &rows);
	remove(path);
	if (ret == 0)
		check_cells(cells, cols, rows, MAXC, MAXR);
	else if (ret != -EINVAL && ret != -ENOMEM)
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static vtx_cell a[MAXC * MAXR], b[MAXC * MAXR];
	int w, h, mc, mr, ca = 0, ra = 0, cb = 0, rb = 0;
	size_t n;
	unsigned char *rgb;

	if (size < 4)
		return 0;
	w = 1 + data[0];
	h = 1 + data[1];
	mc = 1 + data[2] % MAXC;
	mr = 1 + data[3] % MAXR;
	data += 4;
	size -= 4;
	n = (size_t)w * (size_t)h * 3;
	rgb = malloc(n);
	if (!rgb)
		return 0;
	for (size_t i = 0; i < n; i++)
		rgb[i] = size ? data[i % size] : (uint8_t)i;
	memset(a, 0xA5, sizeof a);
	memset(b, 0x5A, sizeof b);
	if (pic_mosaic_rgb(rgb, w, h, mc, mr, a, &ca, &ra) != 0 ||
	    pic_mosaic_rgb(rgb, w, h, mc, mr, b, &cb, &rb) != 0)
		abort();
	check_cells(a, ca, ra, mc, mr);
	if (ca != cb || ra != rb ||
	    memcmp(a, b, sizeof *a * (size_t)(ca * ra)) != 0)
		abort();
	free(rgb);
	from_file(data, size);
	return 0;
}
