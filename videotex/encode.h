/* videotex/encode.h -- screen in, fewest Videotex bytes out.
 *
 * The encoder drives a real vtx_term alongside the bytes it writes, so its
 * picture of the terminal (cursor, attributes, serial zones) is the
 * decoder's own, and it checks the result before returning. */
#ifndef VTX_ENCODE_H
#define VTX_ENCODE_H

#include "buf.h"
#include "screen.h"

enum {
	VTX_ENCODE_FF = 1 << 0 /* start with FF (a complete page) */
};

/* Appends to `out` a stream that, decoded from power-on (or from any
 * screen when VTX_ENCODE_FF is given and row 0 is already as wanted),
 * shows exactly `target` (vtx_screen_equal), in as few bytes as the
 * encoder can find. The stream leaves the terminal in page mode with the
 * standard character sets designated. Returns 0, -ENOMEM, or -ERANGE when
 * `target` holds cells no stream of direct writes can produce (halves of
 * doubled characters moved by scrolling or CSI insert/delete). */
int vtx_encode_screen(const vtx_screen *target, unsigned flags, vtx_buf *out);

/* Appends the bytes that turn a terminal showing `from` (left by one of
 * this encoder's streams, or any stream that ends in page mode with the
 * standard sets) into one showing `to`: only what differs is sent.
 * Returns as vtx_encode_screen. */
int vtx_encode_delta(const vtx_screen *from, const vtx_screen *to,
		     vtx_buf *out);

/* A baseline for measurements: FF, then every cell addressed with US and
 * written with all its attributes. Returns 0 or -ENOMEM. */
int vtx_encode_naive(const vtx_screen *target, vtx_buf *out);

#endif
