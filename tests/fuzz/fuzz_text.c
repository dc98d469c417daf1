/* tests/fuzz/fuzz_text.c -- libFuzzer target for txt_convert.
 *
 * The input is any bytes, taken as UTF-8. Checks:
 *   - every display character is one vtx_charset_encode() accepts;
 *   - the returned count does not depend on the buffer: a call with no
 *     buffer, with exactly enough and with half as much return the same
 *     count and write the same characters;
 *   - txt_width agrees with txt_convert;
 *   - only calls whose output fitted are counted: two such calls count
 *     twice what one does, a cut call nothing.
 * Any failure aborts. Replayed without libFuzzer by tests/fuzz/fuzz_main.c.
 * Dictionary: tests/fuzz/fuzz_text.dict. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include <stdlib.h>
#include <string.h>

#include "core/text.h"
#include "videotex/charset.h"

static void check_encodable(const uint32_t *v, size_t n)
{
	uint8_t b[3];

	for (size_t i = 0; i < n; i++)
		if (vtx_charset_encode(v[i], b) == 0)
			abort();
}

/* Converts into a buffer of `cap`; checks the count and the prefix. */
static void check_cut(txt_conv *c, const char *s, size_t size,
		      const uint32_t *full, size_t n, size_t cap)
{
	uint32_t *out = malloc((cap ? cap : 1) * sizeof *out);
	size_t before = txt_replaced(c, NULL, NULL);

	if (!out)
		abort();
	if (txt_convert(c, s, size, out, cap) != n)
		abort();
	if (memcmp(out, full, (cap < n ? cap : n) * sizeof *out) != 0)
		abort();
	if (cap < n && txt_replaced(c, NULL, NULL) != before)
		abort();
	free(out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static txt_conv *c; /* one for the run: its cache is part of it */
	const char *s = (const char *)data;
	uint32_t *out;
	size_t n, before, once;

	if (!c && !(c = txt_conv_new()))
		abort();
	txt_reset_counts(c);
	n = txt_convert(c, s, size, NULL, 0);
	if (n > 0 && txt_replaced(c, NULL, NULL) != 0)
		abort(); /* a cut call counts nothing */
	out = malloc((n ? n : 1) * sizeof *out);
	if (!out)
		abort();
	before = txt_replaced(c, NULL, NULL); /* n == 0: that call fitted */
	if (txt_convert(c, s, size, out, n) != n)
		abort();
	check_encodable(out, n);
	once = txt_replaced(c, NULL, NULL) - before;
	check_cut(c, s, size, out, n, n);
	if (txt_replaced(c, NULL, NULL) - before != 2 * once)
		abort();
	check_cut(c, s, size, out, n, n / 2);
	check_cut(c, s, size, out, n, n + 3);
	if (txt_width(c, s, size) != n)
		abort();
	free(out);
	return 0;
}
