/* tests/fuzz/fuzz_encoder.c -- libFuzzer target for the encoders.
 *
 * The input is cut in two at the position its first byte names; each half
 * is a Videotex stream decoded from power-on into screens A and B. Then:
 *   decode(encode(A)) == A             (vtx_encode_screen)
 *   decode(encode(A) + delta(A, B)) == B (vtx_encode_delta)
 *   encode(X) through a cache kept from input to input == encode(X), for
 *   X = A then B (vtx_encode_screen_cached: what the cache replays, rows
 *   and painted attempts, must be what encoding them again would give),
 *   then for X = B with its rows 1-23 moved up or down by 1 to 4 (the
 *   input's last byte says which), as a notes page moves on, so rows come
 *   back at other rows (the cache replays those too)
 * An encoder may refuse a screen with -ERANGE (doubled characters moved
 * where no direct write can put them, encode.h); it must never return 0
 * with a stream that draws something else. Any mismatch aborts.
 * Replayed without libFuzzer by tests/fuzz/fuzz_main.c. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "videotex/encode.h"
#include "videotex/screen.h"
#include "videotex/term.h"

static void check(int ret, const vtx_buf *stream, const vtx_screen *want)
{
	vtx_screen got;

	if (ret == -ERANGE)
		return;
	if (ret != 0 || vtx_decode(stream->data, stream->len, &got) < 0)
		abort();
	if (!vtx_screen_equal(&got, want))
		abort();
}

/* The cache gives the bytes of the uncached encoder, or the same error. */
static void same_cached(vtx_encode_cache *c, const vtx_screen *x)
{
	vtx_buf u = {0}, k = {0};
	int ru = vtx_encode_screen(x, VTX_ENCODE_FF, &u);
	int rk = vtx_encode_screen_cached(c, x, VTX_ENCODE_FF, &k);

	if (ru != rk || u.len != k.len ||
	    (u.len && memcmp(u.data, k.data, u.len) != 0))
		abort();
	vtx_buf_free(&u);
	vtx_buf_free(&k);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static vtx_encode_cache *cache;
	static vtx_screen a, b, moved;
	vtx_buf s = {0};
	size_t cut;
	int ret;

	if (size < 1)
		return 0;
	cut = size > 1 ? 1 + (size_t)data[0] * (size - 1) / 256 : 1;
	vtx_decode(data + 1, cut - 1, &a);
	vtx_decode(data + cut, size - cut, &b);
	ret = vtx_encode_screen(&a, 0, &s);
	check(ret, &s, &a);
	if (ret == 0) {
		ret = vtx_encode_delta(&a, &b, &s);
		check(ret, &s, &b);
	}
	vtx_buf_free(&s);
	if (!cache)
		cache = vtx_encode_cache_new();
	if (cache) {
		int by = 1 + data[size - 1] % 4;

		same_cached(cache, &a);
		same_cached(cache, &b);
		if (data[size - 1] & 0x80)
			by = -by;
		moved = b;
		for (int r = 1; r < VTX_ROWS - 1; r++) {
			if (r + by >= 1 && r + by < VTX_ROWS - 1)
				memcpy(moved.cells[r], b.cells[r + by],
				       sizeof moved.cells[r]);
			else
				vtx_screen_clear_row(&moved, r);
		}
		same_cached(cache, &moved);
	}
	return 0;
}
