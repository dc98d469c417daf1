/* tools/png.h -- frames of emu/render as PNG files.
 *
 * Encodes with stb_image_write (Debian's libstb), in memory, so that the
 * file is written atomically by util_write_atomic: a failed write leaves
 * no half-written PNG behind. 8-bit RGBA, no other metadata. */
#ifndef MINITEL_TOOLS_PNG_H
#define MINITEL_TOOLS_PNG_H

#include <stdint.h>

#include "emu/render.h"
#include "videotex/buf.h"

/* Appends the PNG encoding of `rgba` (width x height pixels of 4 bytes R,
 * G, B, A, row-major, no padding; borrowed for the call) to `out`.
 * Returns 0, -EINVAL for a size that is not positive, or -ENOMEM. */
int png_encode(const uint8_t *rgba, int width, int height, vtx_buf *out);

/* Renders `s` as seen through `v` (emu_render) and appends it to `out` as
 * a PNG of (EMU_WIDTH x EMU_HEIGHT) * v->scale pixels. Returns 0,
 * -EINVAL (a frame too large for a PNG) or -ENOMEM. */
int png_encode_screen(const vtx_screen *s, const emu_view *v, vtx_buf *out);

/* Encodes `rgba` as png_encode() does and writes it to `path` atomically
 * ("-" writes to stdout). Returns 0 or a negative errno; on failure
 * `path` is untouched. */
int png_write(const char *path, const uint8_t *rgba, int width, int height);

#endif
