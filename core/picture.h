/* core/picture.h -- pictures as mosaic cells.
 *
 * Loads JPEG/PNG/GIF/BMP with stb_image (Debian libstb-dev), scales the
 * picture to fit a box of mosaic cells (2 x 3 sub-pixels each; a full page
 * is 80 x 72) keeping its aspect ratio (sub-pixels are about 4 x 3.33
 * screen pixels), converts it to the grey levels of a monochrome Minitel,
 * dithers it (error diffusion) in grey order (black, blue, red, magenta,
 * green, cyan, yellow, white), and gives each cell at most two colours, as
 * the hardware allows (foreground and background). */
#ifndef PIC_H
#define PIC_H

#include "videotex/screen.h"

/* Converts the picture at `path` into at most max_cols x max_rows cells,
 * written row-major into cells[] (room for max_cols * max_rows of them;
 * the used ones are packed: cell (r, c) is cells[r * *cols + c]). MOSAIC
 * cells with fg, bg and the canonical G1 code. The used size goes to
 * *cols, *rows. Pictures are shrunk to fit, never enlarged: a picture of
 * w x h pixels takes at most about w/2 x 0.4 h cells (a 1 x 1 picture
 * one cell). Returns 0, -ENOENT (no such file; another -errno when the
 * file cannot be opened), -EINVAL (not a picture stb_image can read),
 * -EFBIG (more than PIC_MAX_PIXELS pixels: not decoded) or -ENOMEM. */
#define PIC_MAX_PIXELS 100e6
int pic_mosaic(const char *path, int max_cols, int max_rows, vtx_cell *cells,
	       int *cols, int *rows);

/* The same from pixels already in memory: `rgb` is w x h x 3 bytes, rows
 * top to bottom. Returns 0, -EINVAL (w, h, max_cols or max_rows not
 * positive) or -ENOMEM. */
int pic_mosaic_rgb(const unsigned char *rgb, int w, int h, int max_cols,
		   int max_rows, vtx_cell *cells, int *cols, int *rows);

#endif
