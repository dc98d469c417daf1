/* tests/fuzz/fuzz_encoder.c -- libFuzzer target for the encoders.
 *
 * The input is cut in two at the position its first byte names; each half
 * is a Videotex stream decoded from power-on into screens A and B. Then:
 *   decode(encode(A)) == A             (vtx_encode_screen)
 *   decode(encode(A) + delta(A, B)) == B (vtx_encode_delta)
 * An encoder may refuse a screen with -ERANGE (doubled characters moved
 * where no direct write can put them, encode.h); it must never return 0
 * with a stream that draws something else. Any mismatch aborts.
 * Replayed without libFuzzer by tests/fuzz/fuzz_main.c. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include <errno.h>
#include <stdlib.h>

#include "videotex/encode.h"
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

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static vtx_screen a, b;
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
	return 0;
}
