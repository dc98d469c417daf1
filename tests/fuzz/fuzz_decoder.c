/* tests/fuzz/fuzz_decoder.c -- libFuzzer target for the decoder.
 *
 * The first input byte picks a chunk size (1..64, its low 6 bits); the rest
 * is a Videotex stream, decoded from power-on twice: whole, and in chunks
 * of that size. Both must give the same screen, cursor and terminal state
 * ("any split of a stream yields the same screen", videotex/term.h). When
 * the first byte's two high bits are set, the screen is also dumped and
 * the dump parsed back, cell by cell: a dump costs some 50 decodes, so
 * doing it for a quarter of the inputs keeps the fuzzer fast. Any mismatch
 * aborts.
 * Replayed without libFuzzer by tests/fuzz/fuzz_main.c. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "videotex/dump.h"
#include "videotex/term.h"

#define CHUNK_MAX 64
#define DUMP_BITS 0xC0

typedef struct run {
	vtx_screen screen;
	vtx_term_state state;
	int row, col;
	int bells, pros, pages;
} run;

static void on_bell(void *user)
{
	((run *)user)->bells++;
}

static void on_pro(const uint8_t *seq, size_t n, void *user)
{
	if (n < 2 || seq[0] != 0x1B)
		abort(); /* term.h: a request starts with ESC */
	((run *)user)->pros++;
}

static void on_clear(int pages, void *user)
{
	run *r = user;

	if (pages != r->pages)
		abort(); /* term.h: `pages` counts the FFs before this one */
	r->pages++;
}

static void on_log(const char *msg, void *user)
{
	(void)user;
	if (strlen(msg) == 0)
		abort();
}

static const vtx_term_callbacks callbacks = {
	.bell = on_bell,
	.pro = on_pro,
	.clear = on_clear,
	.log = on_log,
};

static void decode(const uint8_t *b, size_t n, size_t chunk, run *r)
{
	vtx_term *t;

	memset(r, 0, sizeof *r);
	t = vtx_term_new(&r->screen, &callbacks, r);
	if (!t)
		abort();
	vtx_term_reset(t);
	for (size_t i = 0; i < n; i += chunk)
		vtx_term_feed(t, b + i, n - i < chunk ? n - i : chunk);
	vtx_term_cursor(t, &r->row, &r->col);
	vtx_term_get_state(t, &r->state);
	vtx_term_free(t);
}

static int same_state(const vtx_term_state *a, const vtx_term_state *b)
{
	return a->row == b->row && a->col == b->col && a->g1 == b->g1 &&
	       a->fg == b->fg && a->bg == b->bg && a->blink == b->blink &&
	       a->invert == b->invert && a->separated == b->separated &&
	       a->width == b->width && a->height == b->height &&
	       a->underline == b->underline && a->conceal == b->conceal &&
	       a->pend_bg == b->pend_bg && a->pend_ul == b->pend_ul &&
	       a->pend_conceal == b->pend_conceal &&
	       a->drcs_g0 == b->drcs_g0 && a->drcs_g1 == b->drcs_g1 &&
	       a->roll == b->roll && a->insert == b->insert &&
	       a->last_g2 == b->last_g2 && a->last_code == b->last_code &&
	       a->last_letter == b->last_letter;
}

static void check_same(const run *a, const run *b)
{
	if (!vtx_screen_equal(&a->screen, &b->screen) || a->row != b->row ||
	    a->col != b->col || a->row < 0 || a->row >= VTX_ROWS ||
	    a->col < 1 || a->col > VTX_COLS ||
	    a->screen.cursor_on != b->screen.cursor_on ||
	    a->screen.reveal != b->screen.reveal ||
	    !same_state(&a->state, &b->state) || a->bells != b->bells ||
	    a->pros != b->pros || a->pages != b->pages) {
		fprintf(stderr, "fuzz_decoder: whole and chunked decoding "
				"differ\n");
		abort();
	}
}

/* The dump parses back to what each cell shows. */
static void check_dump(const vtx_screen *s)
{
	static vtx_dump_cell cells[VTX_ROWS][VTX_COLS];
	vtx_buf out = {0};
	vtx_shown row[VTX_COLS];
	int bad_line = 0;

	if (vtx_dump_write(s, "fuzz", &out) < 0)
		abort();
	if (vtx_dump_parse((const char *)out.data, out.len, cells,
			   &bad_line) < 0) {
		fprintf(stderr, "fuzz_decoder: dump line %d unreadable\n",
			bad_line);
		abort();
	}
	for (int r = 0; r < VTX_ROWS; r++) {
		vtx_screen_shown(s, r, row);
		for (int c = 0; c < VTX_COLS; c++) {
			vtx_dump_cell d = vtx_dump_cell_of(&row[c]);
			const vtx_dump_cell *p = &cells[r][c];

			if (d.kind != p->kind || d.ch != p->ch ||
			    d.fg != p->fg || d.bg != p->bg ||
			    d.width != p->width || d.height != p->height ||
			    d.part_x != p->part_x || d.part_y != p->part_y ||
			    memcmp(d.flags, p->flags, 5) != 0) {
				fprintf(stderr, "fuzz_decoder: dump cell %d,%d "
					"read back wrong\n", r, c);
				abort();
			}
		}
	}
	vtx_buf_free(&out);
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static run whole, chunked;
	size_t chunk;

	if (size == 0)
		return 0;
	chunk = 1 + data[0] % CHUNK_MAX;
	decode(data + 1, size - 1, size, &whole);
	decode(data + 1, size - 1, chunk, &chunked);
	check_same(&whole, &chunked);
	if ((data[0] & DUMP_BITS) == DUMP_BITS)
		check_dump(&whole.screen);
	return 0;
}
