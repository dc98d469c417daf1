/* tests/bench/bench.c -- figures for `make bench` (printed, never timed
 * tests): decoder MB/s on the concatenated vectors, encoder screens/s,
 * bytes of the optimised single-page vectors against their originals and
 * against the naive encoder, seconds on the wire at 1200 baud; renderer
 * frames per second at scale 1 and 3. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "../unit/testutil.h"
#include "emu/render.h"
#include "videotex/encode.h"
#include "videotex/term.h"

#define DECODE_TARGET_BYTES (64u << 20) /* decode this much in all */
#define DECODE_ROUNDS 7
#define ENCODE_ROUNDS 20
#define RENDER_ROUNDS 7
#define RENDER_ROUND_SECONDS 0.15
#define RENDER_TARGET_MS 1.0 /* a 40 x 25 frame at scale 1 */

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return (x > y) - (x < y);
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + ts.tv_nsec / 1e9;
}

#include "bench_notes.h"
#include "bench_session.h"

static double wire_seconds(size_t bytes, int baud)
{
	return (double)bytes * 10.0 / baud; /* 7E1: 10 bits a byte */
}

/*** Renderer ***/

/* A busy screen, every cell used: rows of text in turn plain, coloured on
 * a zone, underlined, inverted, blinking, double height and double size,
 * and rows of contiguous and separated mosaics in colour. */
static void render_screen(vtx_screen *s)
{
	vtx_buf b = {0};

	vtx_buf_byte(&b, 0x0C);
	for (int r = 1; r <= 24; r++) {
		const uint8_t at[] = {0x1F, (uint8_t)(0x40 + r), 0x41};

		vtx_buf_put(&b, at, sizeof at);
		switch (r % 8) {
		case 0: vtx_buf_str(&b, "\x1b\x4d"); break; /* tall */
		case 1: vtx_buf_str(&b, "\x1b\x54\x1b\x43 "); break;
		case 2: vtx_buf_str(&b, "\x1b\x5a "); break; /* lined */
		case 3: vtx_buf_str(&b, "\x1b\x5d"); break; /* invert */
		case 4: vtx_buf_str(&b, "\x1b\x48"); break; /* blink */
		case 5: vtx_buf_str(&b, "\x0e\x1b\x46\x1b\x51"); break;
		case 6: vtx_buf_str(&b, "\x0e\x1b\x5a\x1b\x42"); break;
		default: vtx_buf_str(&b, "\x1b\x4f"); break; /* big */
		}
		for (int c = 0; c < 40; c++)
			vtx_buf_byte(&b, (uint8_t)(0x21 + (r * 7 + c) % 94));
	}
	vtx_decode(b.data, b.len, s);
	vtx_buf_free(&b);
}

/* Milliseconds a frame at `scale`: the median of RENDER_ROUNDS rounds. */
static double render_ms(const vtx_screen *s, int scale)
{
	emu_view v = {EMU_PALETTE_GREY, 0, 0, 1, scale};
	uint8_t *px = malloc(emu_frame_size(scale));
	double ms[RENDER_ROUNDS];

	if (!px)
		return -1;
	emu_render(s, &v, px); /* warm up: the font is built on first use */
	for (int r = 0; r < RENDER_ROUNDS; r++) {
		double t0 = now(), dt;
		long frames = 0;

		do {
			v.blink_on = (int)(frames & 1);
			emu_render(s, &v, px);
			frames++;
		} while ((dt = now() - t0) < RENDER_ROUND_SECONDS);
		ms[r] = dt * 1e3 / (double)frames;
	}
	free(px);
	qsort(ms, RENDER_ROUNDS, sizeof ms[0], cmp_double);
	return ms[RENDER_ROUNDS / 2];
}

static void bench_render(void)
{
	vtx_screen s;
	double one, three;

	render_screen(&s);
	one = render_ms(&s, 1);
	three = render_ms(&s, 3);
	printf("renderer: scale 1 %.3f ms a frame (%.0f frames/s), scale 3 "
	       "%.3f ms (%.0f frames/s); target < %.0f ms at scale 1: %s\n",
	       one, 1e3 / one, three, 1e3 / three, RENDER_TARGET_MS,
	       one < RENDER_TARGET_MS ? "met" : "MISSED");
}

/* Decoder, encoder and optimiser figures over the vectors; nothing (but
 * a line saying so) when they are absent. */
static void bench_vectors(void)
{
	char root[4096], path[8400];
	tu_list names = {0};
	vtx_buf all = {0};
	vtx_screen *screens;
	size_t orig = 0, opt = 0, naive = 0, single = 0;
	double t0, dt;

	if (!tu_vectors(&names, root, sizeof root) || names.n == 0) {
		printf("bench: no vectors in %s/vectors: no decoder, encoder "
		       "or optimize figures\n", tu_shared());
		tu_list_free(&names);
		return;
	}
	screens = calloc(names.n, sizeof *screens);
	if (!screens) {
		tu_list_free(&names);
		return;
	}
	for (size_t i = 0; i < names.n; i++) {
		size_t n = 0, ff = 0;
		uint8_t *b;
		vtx_buf o = {0}, nv = {0};

		snprintf(path, sizeof path, "%s/%s", root, names.items[i]);
		b = tu_read(path, &n);
		if (!b)
			continue;
		vtx_buf_put(&all, b, n);
		vtx_decode(b, n, &screens[i]);
		for (size_t k = 0; k < n; k++)
			ff += (b[k] & 0x7F) == 0x0C;
		if (ff <= 1) {
			vtx_encode_screen(&screens[i],
					  b[0] == 0x0C ? VTX_ENCODE_FF : 0, &o);
			vtx_encode_naive(&screens[i], &nv);
			orig += n;
			opt += o.len < n ? o.len : n;
			naive += nv.len;
			single++;
		}
		vtx_buf_free(&o);
		vtx_buf_free(&nv);
		free(b);
	}

	/* Decoder throughput: the concatenated vectors, fed repeatedly;
	 * the median of DECODE_ROUNDS timings, as the other core may be
	 * busy. */
	{
		vtx_screen s;
		vtx_term *t = vtx_term_new(&s, NULL, NULL);
		double rate[DECODE_ROUNDS];
		size_t done = 0;

		vtx_term_reset(t);
		for (int w = 0; w < 64; w++) /* warm caches and clock up */
			vtx_term_feed(t, all.data, all.len);
		for (int r = 0; r < DECODE_ROUNDS; r++) {
			done = 0;
			t0 = now();
			while (done < DECODE_TARGET_BYTES / DECODE_ROUNDS) {
				vtx_term_feed(t, all.data, all.len);
				done += all.len;
			}
			rate[r] = done / (now() - t0) / 1e6;
		}
		vtx_term_free(t);
		qsort(rate, DECODE_ROUNDS, sizeof rate[0], cmp_double);
		printf("decoder: %.1f MB/s (median of %d rounds of %zu vector "
		       "bytes x %zu; min %.1f, max %.1f)\n",
		       rate[DECODE_ROUNDS / 2], DECODE_ROUNDS, all.len,
		       done / all.len, rate[0], rate[DECODE_ROUNDS - 1]);
	}

	/* Encoder throughput: every vector screen, several rounds. */
	{
		size_t count = 0;

		t0 = now();
		for (int r = 0; r < ENCODE_ROUNDS; r++) {
			for (size_t i = 0; i < names.n; i++) {
				vtx_buf o = {0};

				vtx_encode_screen(&screens[i], 0, &o);
				vtx_buf_free(&o);
				count++;
			}
		}
		dt = now() - t0;
		printf("encoder: %.0f screens/s\n", count / dt);
	}

	printf("optimize: %zu single-page vectors, %zu -> %zu bytes "
	       "(%.1f%% of the originals), naive encoder %zu bytes "
	       "(optimized = %.1f%% of naive)\n",
	       single, orig, opt, 100.0 * opt / orig, naive,
	       100.0 * opt / naive);
	printf("wire at 1200 baud: originals %.1f s, optimized %.1f s, "
	       "naive %.1f s; per page %.2f s -> %.2f s\n",
	       wire_seconds(orig, 1200), wire_seconds(opt, 1200),
	       wire_seconds(naive, 1200), wire_seconds(orig, 1200) / single,
	       wire_seconds(opt, 1200) / single);
	free(screens);
	vtx_buf_free(&all);
	tu_list_free(&names);
}

int main(int argc, char **argv)
{
	if ((argc == 3 || argc == 4) && !strcmp(argv[1], "--notes"))
		return bench_notes_child(argv[2], argc == 4); /* bench_notes.h */
	if (argc == 2 && !strcmp(argv[1], "--notes-parts")) {
		notes_parts(); /* that part of the figures alone */
		return 0;
	}
	bench_vectors();
	bench_render();
	bench_notes(argv[0]);
	bench_session();
	return 0;
}
