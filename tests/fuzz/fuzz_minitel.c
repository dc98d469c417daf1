/* tests/fuzz/fuzz_minitel.c -- libFuzzer target for the emulated
 * Minitel's port side (videotex/minitel.h), what `minitel view --port`
 * and the serial tests put at the end of a link.
 *
 * The input's first byte picks the piece size (1..16, low 4 bits), the
 * model (bits 4-5) and whether keys are typed (bit 6); the rest is the
 * host's bytes, or with keys, pieces given in turn to the host side and
 * to the keyboard. Checks:
 *   - every speed the Minitel switches to is one its model has;
 *   - what it sends the host is 7-bit;
 *   - with no key typed, its screen is exactly that of a plain terminal
 *     fed the same bytes: answering the protocol never changes what is
 *     shown.
 * Any breach aborts. Replayed without libFuzzer by tests/fuzz/fuzz_main.c. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include <stdlib.h>

#include "videotex/minitel.h"
#include "videotex/term.h"

typedef struct state {
	const vtx_minitel_model *model;
} state;

static void on_send(const uint8_t *b, size_t n, void *user)
{
	(void)user;
	for (size_t i = 0; i < n; i++)
		if (b[i] & 0x80)
			abort();
}

static void on_speed(int baud, void *user)
{
	state *st = user;

	if (!vtx_minitel_model_has_speed(st->model, baud))
		abort();
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static const char *const models[] = {"1b", "2", "1", "1b"};
	static const vtx_minitel_callbacks cb = {.send = on_send,
						 .speed = on_speed};
	static vtx_screen shown, plain;
	const vtx_minitel_id *id;
	vtx_minitel *m;
	vtx_term *ref;
	state st;
	size_t chunk, i = 1;
	int keys, turn = 0;

	if (size < 1)
		return 0;
	chunk = (size_t)(data[0] & 0x0F) + 1;
	id = vtx_minitel_id_find(models[(data[0] >> 4) & 3]);
	keys = (data[0] >> 6) & 1;
	m = vtx_minitel_new(&shown, id, &cb, &st);
	ref = vtx_term_new(&plain, NULL, NULL);
	if (!m || !ref)
		abort();
	st.model = vtx_minitel_get_model(m);
	vtx_term_reset(ref);
	while (i < size) {
		size_t n = size - i < chunk ? size - i : chunk;

		if (keys && (turn++ & 1)) {
			vtx_minitel_key(m, data + i, n);
		} else {
			vtx_minitel_feed(m, data + i, n);
			vtx_term_feed(ref, data + i, n);
		}
		i += n;
	}
	if (!keys && !vtx_screen_equal(&shown, &plain))
		abort();
	vtx_minitel_free(m);
	vtx_term_free(ref);
	return 0;
}
