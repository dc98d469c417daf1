/* Property tests (house-style §7.6), with a printed seed
 * (rerun with MINITEL_SEED=N):
 *  1. split invariance: a stream fed whole or cut at random points gives
 *     the same screen;
 *  2. round trip: decode(encode(S)) == S for every screen decoded from the
 *     vectors and from random streams;
 *  3. delta: decode(encode(A) + delta(A, B)) == B;
 *  4. idempotence: encode(decode(encode(S))) == encode(S);
 *  5. optimize: every single-page vector re-encoded decodes to the same
 *     screen, and never costs more bytes than the naive encoder. */
#include <errno.h>

#include "check.h"
#include "testutil.h"

#include "videotex/encode.h"
#include "videotex/term.h"

#define RANDOM_STREAMS 300
#define STREAM_MAX 1500

static uint64_t rng;

static unsigned below(unsigned n)
{
	return (unsigned)(check_rand(&rng) % n);
}

/* One token of a plausible Videotex page: what page editors write. Roll
 * mode and CSI insert/delete are left out: they move halves of doubled
 * characters where no direct write can put them (see encode.h). */
static size_t token(uint8_t *o)
{
	static const uint8_t c0[] = {0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x0E,
				     0x0F, 0x18, 0x1E, 0x11, 0x14, 0x1A};
	static const uint8_t accents[] = {0x41, 0x42, 0x43, 0x48, 0x4B};
	unsigned k = below(100);

	if (k < 40) {
		o[0] = (uint8_t)(0x20 + below(96));
		return 1;
	}
	if (k < 55) {
		o[0] = 0x1B;
		o[1] = (uint8_t)(0x40 + below(32));
		if (o[1] == 0x5B)
			o[1] = 0x5C;
		return 2;
	}
	if (k < 63) {
		o[0] = 0x1F;
		o[1] = (uint8_t)(0x40 + below(25));
		o[2] = (uint8_t)(0x41 + below(40));
		return 3;
	}
	if (k < 70) {
		o[0] = 0x12;
		o[1] = (uint8_t)(0x40 + below(64));
		return 2;
	}
	if (k < 76) {
		o[0] = 0x19;
		o[1] = accents[below(sizeof accents)];
		o[2] = (uint8_t)(0x41 + below(58));
		return 3;
	}
	if (k < 79) {
		o[0] = 0x19;
		o[1] = (uint8_t)(0x20 + below(96));
		return 2;
	}
	if (k < 82) { /* CSI cursor moves and clears */
		static const uint8_t fin[] = {'A', 'B', 'C', 'D', 'H', 'J',
					      'K'};
		o[0] = 0x1B;
		o[1] = 0x5B;
		o[2] = (uint8_t)('0' + below(3));
		o[3] = fin[below(sizeof fin)];
		return 4;
	}
	if (k < 83) {
		o[0] = 0x0C;
		return 1;
	}
	if (k < 85) { /* ESC # SP X / _ */
		o[0] = 0x1B;
		o[1] = 0x23;
		o[2] = 0x20;
		o[3] = below(2) ? 0x58 : 0x5F;
		return 4;
	}
	o[0] = c0[below(sizeof c0)];
	return 1;
}

static size_t random_stream(uint8_t *buf, size_t max)
{
	size_t n = 0, want = 1 + below((unsigned)max - 8);

	while (n < want)
		n += token(buf + n);
	return n;
}

static void split_invariance(const uint8_t *b, size_t n, const char *what)
{
	vtx_screen whole, parts;
	vtx_term *t = vtx_term_new(&parts, NULL, NULL);
	size_t i = 0;

	vtx_decode(b, n, &whole);
	vtx_term_reset(t);
	while (i < n) {
		size_t k = 1 + below(7);

		if (k > n - i)
			k = n - i;
		vtx_term_feed(t, b + i, k);
		i += k;
	}
	vtx_term_free(t);
	OK(vtx_screen_equal(&whole, &parts), "split invariance: %s", what);
}

/* On a failure, says where: the first cell that differs. */
static void explain(const vtx_screen *want, const vtx_screen *got)
{
	int r = 0, c = 0;

	if (vtx_screen_diff(want, got, 0, &r, &c) == 0)
		return;
	const vtx_cell *w = &want->cells[r][c], *g = &got->cells[r][c];

	printf("  first difference at row %d col %d: want kind %d ch %X "
	       "%dx%d part %d%d attr %X, got kind %d ch %X %dx%d part %d%d "
	       "attr %X\n", r, c, w->kind, (unsigned)w->ch, w->width,
	       w->height, w->part_x, w->part_y, w->attr, g->kind,
	       (unsigned)g->ch, g->width, g->height, g->part_x, g->part_y,
	       g->attr);
}

/* One cache for every screen of the run: what it replays must be what
 * encoding again gives. */
static vtx_encode_cache *cache;

/* decode(encode(S)) == S, encoding is idempotent, and the same through a
 * cache that has seen the screens before. */
static void round_trip(const vtx_screen *s, const char *what)
{
	vtx_buf e1 = {0}, e2 = {0}, e3 = {0};
	vtx_screen d;
	int ret = vtx_encode_screen(s, 0, &e1);

	if (cache) {
		int r3 = vtx_encode_screen_cached(cache, s, 0, &e3);

		OK(r3 == ret && e3.len == e1.len &&
		   (e1.len == 0 || memcmp(e1.data, e3.data, e1.len) == 0),
		   "encode through a cache: %s", what);
		vtx_buf_free(&e3);
	}
	vtx_decode(e1.data, e1.len, &d);
	if (!INT_EQ(ret, 0, "encode: %s", what)) {
		explain(s, &d);
		goto out;
	}
	OK(vtx_screen_equal(s, &d), "decode(encode(S)) == S: %s", what);
	vtx_encode_screen(&d, 0, &e2);
	OK(e1.len == e2.len &&
	   (e1.len == 0 || memcmp(e1.data, e2.data, e1.len) == 0),
	   "encode idempotent: %s", what);
out:
	vtx_buf_free(&e1);
	vtx_buf_free(&e2);
}

/* decode(encode(A) + delta(A, B)) == B. With `excused`, a delta that
 * fails with -ERANGE passes when B is a screen vtx_encode_screen cannot
 * write either (cells no direct write makes: moved rows can leave such
 * cells); without, every delta must succeed. */
static void check_delta(const vtx_screen *a, const vtx_screen *b,
			const char *what, int excused)
{
	vtx_buf s = {0};
	vtx_screen d;
	int ret;

	vtx_encode_screen(a, 0, &s);
	ret = vtx_encode_delta(a, b, &s);
	if (excused && ret == -ERANGE) {
		vtx_buf w = {0};

		INT_EQ(vtx_encode_screen(b, 0, &w), -ERANGE,
		       "delta -ERANGE only where no page is exact: %s", what);
		vtx_buf_free(&w);
	} else if (INT_EQ(ret, 0, "delta: %s", what)) {
		vtx_decode(s.data, s.len, &d);
		OK(vtx_screen_equal(b, &d), "decode(A + delta(A, B)) == B: %s",
		   what);
	}
	vtx_buf_free(&s);
}

/* Rows moved up or down by CSI row deletes and inserts (what SUITE does
 * to a long text, half a page at a time): the delta from A to A moved
 * must give A moved and, when the rows moved are full (`dense`), cost
 * no more than the move itself; with a few cells written over as well,
 * it must still give the screen. */
static void moved(const vtx_screen *a, const char *what, int dense)
{
	int k = 1 + (int)below(12), top = 1 + (int)below(10);
	int bottom = top + k + (int)below((unsigned)(24 - top - k + 1));
	int up = below(2) == 0;
	uint8_t ops[32];
	size_t n = 0;
	vtx_buf s = {0};
	vtx_term *t;
	vtx_screen want;
	char how[160];

	/* up: delete k rows at the top of [top, bottom], insert k under
	 * it; down: the other way round (videotex/encode.c, row_move) */
	if (!up && bottom < 24)
		n += (size_t)snprintf((char *)ops + n, sizeof ops - n,
				      "\x1f%c\x41\x1b[%dM",
				      0x40 + bottom + 1 - k, k);
	n += (size_t)snprintf((char *)ops + n, sizeof ops - n,
			      "\x1f%c\x41\x1b[%d%c", 0x40 + top, k,
			      up ? 'M' : 'L');
	if (up && bottom < 24)
		n += (size_t)snprintf((char *)ops + n, sizeof ops - n,
				      "\x1f%c\x41\x1b[%dL",
				      0x40 + bottom + 1 - k, k);
	snprintf(how, sizeof how, "%s, rows %d-%d %s %d", what, top, bottom,
		 up ? "up" : "down", k);
	vtx_encode_screen(a, 0, &s);
	t = vtx_term_new(&want, NULL, NULL);
	vtx_term_reset(t);
	vtx_term_feed(t, s.data, s.len);
	vtx_term_feed(t, ops, n);
	check_delta(a, &want, how, 1);
	if (dense) {
		s.len = 0;
		vtx_encode_delta(a, &want, &s);
		OK(s.len <= n, "a move costs no more than the move: %s (%zu "
		   "bytes, the move %zu)", how, s.len, n);
	}
	vtx_term_feed(t, (const uint8_t *)"\x1f\x4a\x45moved\x1f\x51\x60x",
		      12);
	check_delta(a, &want, how, 1);
	vtx_term_free(t);
	vtx_buf_free(&s);
}

/* A screen of text as notes pages have it: rows 1-24 full of words,
 * some in another colour. */
static void text_screen(vtx_screen *s)
{
	vtx_term *t = vtx_term_new(s, NULL, NULL);

	vtx_term_reset(t);
	for (int r = 1; r <= 24; r++) {
		uint8_t b[3] = {0x1F, (uint8_t)(0x40 + r), 0x41};
		int len = 20 + (int)below(21);

		vtx_term_feed(t, b, 3);
		for (int c = 0; c < len; c++) {
			uint8_t ch = below(6) == 0 ? ' '
						   : (uint8_t)('a' + below(26));
			uint8_t colour[2] = {0x1B, (uint8_t)(0x40 + below(8))};

			if (below(15) == 0)
				vtx_term_feed(t, colour, 2);
			vtx_term_feed(t, &ch, 1);
		}
	}
	vtx_term_free(t);
}

static void text_moves(void)
{
	for (int i = 0; i < 100; i++) {
		vtx_screen s;
		char what[64];

		snprintf(what, sizeof what, "text screen %d", i);
		text_screen(&s);
		moved(&s, what, 1);
	}
}

static int ff_count(const uint8_t *b, size_t n)
{
	int k = 0;

	for (size_t i = 0; i < n; i++)
		k += (b[i] & 0x7F) == 0x0C;
	return k;
}

static void vectors(void)
{
	char root[4096], path[8400];
	tu_list names = {0};
	vtx_screen prev;
	int have_prev = 0;
	size_t orig = 0, opt = 0;

	if (!tu_vectors(&names, root, sizeof root)) {
		printf("vectors absent: vector properties skipped\n");
		check_skip("shared/vectors absent");
		return;
	}
	for (size_t i = 0; i < names.n; i++) {
		size_t n = 0;
		uint8_t *b;
		vtx_screen s, d;
		vtx_buf o = {0}, naive = {0};

		snprintf(path, sizeof path, "%s/%s", root, names.items[i]);
		b = tu_read(path, &n);
		if (!OK(b != NULL, "read %s", names.items[i]))
			continue;
		vtx_decode(b, n, &s);
		split_invariance(b, n, names.items[i]);
		round_trip(&s, names.items[i]);
		if (have_prev)
			check_delta(&prev, &s, names.items[i], 0);
		prev = s;
		have_prev = 1;
		if (ff_count(b, n) <= 1) { /* single-page vector */
			vtx_encode_screen(&s, b[0] == 0x0C ? VTX_ENCODE_FF : 0,
					  &o);
			vtx_encode_naive(&s, &naive);
			vtx_decode(o.data, o.len, &d);
			OK(vtx_screen_equal(&s, &d),
			   "decode(optimize(f)) == decode(f): %s",
			   names.items[i]);
			OK(o.len < naive.len, "optimize beats naive: %s",
			   names.items[i]);
			orig += n;
			opt += o.len < n ? o.len : n;
		}
		vtx_buf_free(&o);
		vtx_buf_free(&naive);
		free(b);
	}
	printf("optimize over single-page vectors: %zu -> %zu bytes\n", orig,
	       opt);
	OK(opt * 100 <= orig * 85, "optimize total <= 85%% of the originals");
	tu_list_free(&names);
}

static void random_streams(void)
{
	static uint8_t buf[STREAM_MAX + 16];
	vtx_screen a, b;

	for (int i = 0; i < RANDOM_STREAMS; i++) {
		size_t n = random_stream(buf, STREAM_MAX);
		char what[64];

		snprintf(what, sizeof what, "random stream %d", i);
		split_invariance(buf, n, what);
		vtx_decode(buf, n, &b);
		round_trip(&b, what);
		if (i > 0)
			check_delta(&a, &b, what, 0);
		moved(&b, what, 0);
		a = b;
	}
	/* Unstructured bytes: only split invariance is asked of them. */
	for (int i = 0; i < RANDOM_STREAMS; i++) {
		size_t n = 1 + below(STREAM_MAX);
		char what[64];

		for (size_t k = 0; k < n; k++)
			buf[k] = (uint8_t)check_rand(&rng);
		snprintf(what, sizeof what, "random bytes %d", i);
		split_invariance(buf, n, what);
	}
}

int main(void)
{
	rng = check_seed();
	cache = vtx_encode_cache_new();
	vectors();
	random_streams();
	text_moves();
	OK(cache != NULL, "cache made");
	vtx_encode_cache_free(cache);
	return check_done();
}
