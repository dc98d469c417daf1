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

/* A memory of rows already encoded, for encoding many pages that share
 * rows (the frame of a site's pages: status row, header band): the rows
 * that cost the encoder most (those where CAN is tried) are replayed when
 * they come back with the very same surroundings (target and page memory
 * around them, terminal state before them). It holds a few rows for each
 * row number, so its size does not grow with the pages encoded. */
typedef struct vtx_encode_cache vtx_encode_cache;

/* NULL only on out-of-memory. vtx_encode_cache_free(NULL) is a no-op. */
vtx_encode_cache *vtx_encode_cache_new(void);
void vtx_encode_cache_free(vtx_encode_cache *c);

/* vtx_encode_screen, remembering rows in `c` (NULL: none) from one call
 * to the next: the same bytes, in less time when rows come back. */
int vtx_encode_screen_cached(vtx_encode_cache *c, const vtx_screen *target,
			     unsigned flags, vtx_buf *out);

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
