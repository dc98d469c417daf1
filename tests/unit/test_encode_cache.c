/* tests/unit/test_encode_cache.c -- vtx_encode_screen_cached gives
 * vtx_encode_screen's bytes, whatever the cache holds.
 *
 * The cache replays rows it has met in the very same surroundings, so the
 * tests make rows come back: the golden pages (a site's frame, page after
 * page) encoded in several orders through one cache, then screens made of
 * rows of those pages picked at random (seeded), where a row meets rows it
 * was never next to. Every stream is compared with the uncached one, and
 * the golden pages with their golden .vdt. */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "testutil.h"
#include "videotex/encode.h"
#include "videotex/charset.h"
#include "videotex/encode_test.h"
#include "videotex/term.h"

#define MAX_PAGES 64
#define MIXED 300

static int same_bytes(vtx_encode_cache *c, const vtx_screen *s,
		      unsigned flags, const char *what)
{
	vtx_buf a = {0}, b = {0};
	int ra = vtx_encode_screen(s, flags, &a);
	int rb = vtx_encode_screen_cached(c, s, flags, &b);
	int ok = INT_EQ(rb, ra, "%s: return", what) &&
		 INT_EQ(b.len, a.len, "%s: length", what) &&
		 MEM_EQ(b.data, a.data, a.len, "%s: bytes", what);

	vtx_buf_free(&a);
	vtx_buf_free(&b);
	return ok;
}

/* Text `s` at row r, column c, white on black. */
static void put_text(vtx_screen *scr, int r, int c, const char *s)
{
	for (; *s && c < VTX_COLS; s++, c++)
		scr->cells[r][c] = vtx_cell_alpha((uint8_t)*s, 7, 0);
}

/* Rows r0 .. r0 + 2 of mosaic spaces on background `bg`, every third
 * on green: painting `bg` first (CAN and LF a row) then writing the green
 * ones over it pays. */
static void put_band(vtx_screen *s, int r0, int bg)
{
	for (int r = r0; r < r0 + 3; r++)
		for (int col = 0; col < VTX_COLS; col++) {
			s->cells[r][col] = vtx_cell_blank();
			s->cells[r][col].bg = (uint8_t)(col % 3 == 2 ? 2 : bg);
		}
}

/* The painted attempt of a page is replayed on a later page whose rows
 * above the join (the header band) are the same, and only then: the
 * memo's key is the rows that attempt reads (prefix_extent), which reach
 * under the band when the band's last row may run on into the row under
 * it (a run of the same cell wraps). The golden pages' bands are not
 * painted (the plain attempt paints them as painting would: write_page),
 * so each golden page gets a band where painting pays (put_band, rows
 * 1-3) and goes through the cache again: with another status row and
 * body (a replay: no painted attempt made in full), with the row under
 * the band made like the band's last row (whole, or its first cell only),
 * and with a cell of the band changed (no replay), each against the bytes
 * of the encoder without a cache. */
static void test_prefix(vtx_encode_cache *c, const vtx_screen *pages, int n)
{
	static vtx_screen s;
	unsigned long redos;

	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 6; k++) {
			unsigned long painted = vtx_encode_cache_painted(c);
			char what[96];

			s = pages[i];
			put_band(&s, 1, 4);
			if (k == 1) {
				put_text(&s, 0, 30, "page 9/9");
				s.cells[12][3] = vtx_cell_alpha('Z', 3, 0);
			} else if (k == 2) {
				memcpy(s.cells[4], s.cells[3], sizeof s.cells[4]);
			} else if (k == 3) {
				s.cells[4][0] = s.cells[3][VTX_COLS - 1];
			} else if (k == 4) { /* the band's last row changed */
				s.cells[3][20] = vtx_cell_blank();
			} else if (k == 5) { /* and one in its middle */
				s.cells[2][20].bg ^= 1;
			}
			snprintf(what, sizeof what, "page %d, variant %d", i + 1, k);
			same_bytes(c, &s, VTX_ENCODE_FF, what);
			if (k == 1)
				OK(vtx_encode_cache_painted(c) == painted,
				   "%s: the painted attempt replayed", what);
			else if (k >= 4) /* the band is new */
				OK(vtx_encode_cache_painted(c) > painted,
				   "%s: a painted attempt", what);
		}
	}
	/* A remembered attempt whose check fails (its key was too narrow):
	 * the page is encoded again from the start, with the same bytes. */
	redos = vtx_encode_cache_spoil(c);
	for (int i = 0; i < n; i++) {
		char what[96];

		s = pages[i];
		put_band(&s, 1, 4);
		snprintf(what, sizeof what, "page %d, after a spoiled memo",
			 i + 1);
		same_bytes(c, &s, VTX_ENCODE_FF, what);
		vtx_encode_cache_spoil(c);
	}
	OK(vtx_encode_cache_spoil(c) > redos, "spoiled memos taken the long "
	   "way (%lu pages)", vtx_encode_cache_spoil(c) - redos);
}

/* A title band as a notes page draws it: rows 1-3 of mosaic cells on
 * blue, the letters' cells (white on blue too) between blue spaces, then
 * text. The band is one pen, so painting it would not pay (see
 * paint_plan_make) and the encoder does not consider it: the cache counts
 * neither a painted attempt nor one skipped. With one letter cell in red,
 * or one of alphanumeric text in the band, the band needs two pens and
 * painting is considered again (tried, or skipped when the plain attempt
 * starts by painting: write_page). The bytes are the uncached encoder's
 * each time. */
static void test_one_pen_band(vtx_encode_cache *c)
{
	static vtx_screen s;

	for (int k = 0; k < 3; k++) {
		unsigned long before = vtx_encode_cache_painted(c) +
				       vtx_encode_cache_paint_skips(c);
		char what[64];

		vtx_screen_init(&s);
		put_text(&s, 0, 1, "one pen band");
		for (int r = 1; r <= 3; r++)
			for (int col = 0; col < VTX_COLS; col++) {
				vtx_cell *x = &s.cells[r][col];

				*x = vtx_cell_blank();
				x->bg = 4;
				if (col % 5 == 1 || col % 5 == 2)
					x->ch = (uint32_t)(0x21 + (r * 7 + col) % 31);
			}
		if (k == 1)
			s.cells[2][11].fg = 1;
		if (k == 2)
			s.cells[2][11] = vtx_cell_alpha('A', 7, 0);
		put_text(&s, 6, 1, "Some text under the band,");
		put_text(&s, 7, 1, "and more.");
		snprintf(what, sizeof what, "one-pen band, variant %d", k);
		same_bytes(c, &s, VTX_ENCODE_FF, what);
		if (k == 0)
			OK(vtx_encode_cache_painted(c) +
					   vtx_encode_cache_paint_skips(c) ==
				   before,
			   "%s: painting not considered", what);
		else
			OK(vtx_encode_cache_painted(c) +
					   vtx_encode_cache_paint_skips(c) >
				   before,
			   "%s: painting considered", what);
	}
}

/* Screens where painting pays and the plan the kept rows give is the
 * wrong one for the next page: blue rows then red rows (blue reaches the
 * top count first, and is painted); the same with the key row red, which
 * makes red win though the kept rows are those of the page before; then
 * the colours swapped, which marks the same rows (e->paint_row) with
 * other cells. Each is also checked to be painted (a CAN then a LF).
 * This is the test of what paint_plan_get keeps: with the kept count
 * taken whatever the rows, or the kept plan whatever its cell, it fails
 * (checked by hand). */
static void test_paint_swap(vtx_encode_cache *c)
{
	static vtx_screen s;

	for (int k = 0; k < 6; k++) {
		char what[64];
		vtx_buf b = {0};
		int painted = 0;

		vtx_screen_init(&s);
		put_text(&s, 0, 1, "paint test");
		put_band(&s, 5, k < 3 ? 4 : 1);
		put_band(&s, 8, k < 3 ? 1 : 4);
		if (k == 1 || k == 2 || k == 4)
			for (int col = 0; col < VTX_COLS; col++) {
				s.cells[24][col] = vtx_cell_blank();
				s.cells[24][col].bg = k == 4 ? 4 : 1;
			}
		else
			put_text(&s, 24, 1, "SUITE");
		snprintf(what, sizeof what, "painted bands, variant %d", k);
		same_bytes(c, &s, VTX_ENCODE_FF, what);
		vtx_encode_screen(&s, VTX_ENCODE_FF, &b);
		for (size_t i = 0; i + 1 < b.len; i++)
			painted |= b.data[i] == VTX_C0_CAN &&
				   b.data[i + 1] == VTX_C0_LF;
		OK(painted, "%s: painted", what);
		vtx_buf_free(&b);
	}
}

/* A run of rows that moves as one: a text or code row of a golden
 * page, or the two rows of a double-height line. */
typedef struct unit {
	int n;
	vtx_cell rows[2][VTX_COLS];
} unit;

#define UNITS 400
#define SHIFTED_SCREENS 200

/* Units from the body rows of the golden pages (those that are not
 * blank, so that what comes before a row matters), and made ones: a
 * double-height line, a row that a run of one cell fills and the next
 * row goes on with (the run wraps), a row written at its right end only
 * (its cursor comes by US). */
static int units_make(const vtx_screen *pages, int n, unit *u)
{
	static const char *made[] = {
		"\x1B\x4D" "Double height line",
		"\x1B\x43" "\x12\x7F" "====",
		"\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09"
		"\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09\x09"
		"\x09\x09\x09\x09\x09\x09\x09" "right",
	};
	int k = 0;

	for (int i = 0; i < n && k < UNITS - 8; i++)
		for (int r = 5; r < 24 && k < UNITS - 8; r++) {
			vtx_screen blank;

			vtx_screen_init(&blank);
			if (!memcmp(pages[i].cells[r], blank.cells[r],
				    sizeof blank.cells[r]))
				continue;
			u[k].n = 1;
			memcpy(u[k].rows[0], pages[i].cells[r],
			       sizeof u[k].rows[0]);
			k++;
		}
	for (size_t m = 0; m < sizeof made / sizeof *made; m++) {
		static vtx_screen s;
		uint8_t b[128];
		size_t len = 0;

		b[len++] = VTX_C0_FF;
		b[len++] = VTX_C0_US;
		b[len++] = 0x40 + 11;
		b[len++] = 0x41;
		memcpy(b + len, made[m], strlen(made[m]));
		len += strlen(made[m]);
		vtx_decode(b, len, &s);
		if (m == 0) { /* rows 10-11: the upper and lower halves */
			u[k].n = 2;
			memcpy(u[k].rows[0], s.cells[10], sizeof u[k].rows[0]);
			memcpy(u[k].rows[1], s.cells[11], sizeof u[k].rows[1]);
		} else if (m == 1) { /* the run wraps into row 12 */
			u[k].n = 2;
			memcpy(u[k].rows[0], s.cells[11], sizeof u[k].rows[0]);
			memcpy(u[k].rows[1], s.cells[12], sizeof u[k].rows[1]);
		} else {
			u[k].n = 1;
			memcpy(u[k].rows[0], s.cells[11], sizeof u[k].rows[0]);
		}
		k++;
	}
	return k;
}

/* Rows met again at other rows (shifted_row, shifted_tried): screens
 * whose rows 1-23 are a window of one long run of units, the window
 * moved by a few rows from one screen to the next, up or down, as a
 * notes page moves on by half a page, so that the same rows come back
 * after the same rows at other places, near the page's edges too. Each
 * is compared with the encoder without a cache. With the US rows of a
 * replay left as they were, or the page memory's rows not compared, this
 * fails (checked by hand, 3 seeds: 250-290 and 11-19 failures). */
static void test_shifted(vtx_encode_cache *c, const vtx_screen *pages,
			 int npages, uint64_t *rng)
{
	static unit u[UNITS];
	static vtx_screen s;
	static int doc[4 * UNITS];
	int nu = units_make(pages, npages, u), nd = 0, at = 0;
	vtx_buf b = {0};
	unsigned long replays;

	if (nu < 8)
		return;
	/* the run: units at random, each of the made ones often */
	while (nd < 4 * UNITS) {
		int pick = (int)check_rand_below(rng, 4) == 0
				   ? nu - 1 - (int)check_rand_below(rng, 3)
				   : (int)check_rand_below(rng, (uint64_t)nu);

		doc[nd++] = pick;
	}
	vtx_encode_screen_cached(c, &pages[0], VTX_ENCODE_FF, &b);
	replays = vtx_encode_cache_shifted(c);
	for (int k = 0; k < SHIFTED_SCREENS; k++) {
		char what[64];
		int r = 1, d = at;

		vtx_screen_init(&s);
		memcpy(s.cells[0], pages[k % npages].cells[0],
		       sizeof s.cells[0]);
		memcpy(s.cells[24], pages[k % npages].cells[24],
		       sizeof s.cells[24]);
		while (r < 24 && d < nd) {
			const unit *x = &u[doc[d++]];

			if (r + x->n > 24)
				break;
			for (int i = 0; i < x->n; i++)
				memcpy(s.cells[r + i], x->rows[i],
				       sizeof s.cells[r]);
			r += x->n;
		}
		snprintf(what, sizeof what, "shifted rows, screen %d", k);
		same_bytes(c, &s, VTX_ENCODE_FF, what);
		/* on by 1 to 12 units, or back by up to 3 */
		at += (int)check_rand_below(rng, 16) - 3;
		if (at < 0 || at > nd - 30)
			at = (int)check_rand_below(rng, 40);
	}
	OK(vtx_encode_cache_shifted(c) > replays + SHIFTED_SCREENS,
	   "rows replayed at other rows (%lu)",
	   vtx_encode_cache_shifted(c) - replays);
	vtx_buf_free(&b);
}

int main(void)
{
	static vtx_screen pages[MAX_PAGES], mixed;
	vtx_encode_cache *c = vtx_encode_cache_new();
	uint64_t rng = check_seed();
	int n = 0;

	OK(c != NULL, "cache made");
	for (int i = 0; i < MAX_PAGES; i++) {
		char path[64], what[96];
		size_t len = 0;
		uint8_t *vdt;
		vtx_buf b = {0};

		snprintf(path, sizeof path, "tests/golden/pages/%04d.vdt", i + 1);
		vdt = tu_read(path, &len);
		if (!vdt)
			break;
		vtx_decode(vdt, len, &pages[n]);
		INT_EQ(vtx_encode_screen_cached(c, &pages[n], VTX_ENCODE_FF,
						&b), 0, "%s encodes", path);
		snprintf(what, sizeof what, "%s through the cache", path);
		OK(b.len == len && memcmp(b.data, vdt, len) == 0,
		   "%s is its golden stream", what);
		vtx_buf_free(&b);
		free(vdt);
		n++;
	}
	OK(n > 1, "golden pages found (%d)", n);
	/* Their header bands, on blue, are painted by the plain attempt's
	 * CAN trials as painting would: no painted attempt is made for
	 * them (write_page, plain_paints). */
	OK(vtx_encode_cache_paint_skips(c) > 0 &&
		   vtx_encode_cache_painted(c) == 0,
	   "golden pages: %lu painted attempts skipped, %lu made",
	   vtx_encode_cache_paint_skips(c), vtx_encode_cache_painted(c));
	for (int round = 0; round < 2; round++) { /* backwards, then again */
		for (int k = 0; k < n; k++) {
			int i = round == 0 ? n - 1 - k : k;
			char what[64];

			snprintf(what, sizeof what, "page %d, round %d", i + 1,
				 round);
			same_bytes(c, &pages[i], VTX_ENCODE_FF, what);
		}
	}
	for (int k = 0; k < MIXED && n > 0; k++) {
		const vtx_screen *base = &pages[check_rand(&rng) % (unsigned)n];
		char what[64];

		mixed = *base;
		for (int r = 0; r < VTX_ROWS; r++) {
			const vtx_screen *from =
				check_rand(&rng) % 3 == 0
					? &pages[check_rand(&rng) % (unsigned)n]
					: base;

			memcpy(mixed.cells[r], from->cells[r],
			       sizeof mixed.cells[r]);
		}
		snprintf(what, sizeof what, "mixed screen %d", k);
		same_bytes(c, &mixed, k % 2 ? VTX_ENCODE_FF : 0, what);
	}
	test_prefix(c, pages, n);
	test_paint_swap(c);
	test_one_pen_band(c);
	test_shifted(c, pages, n, &rng);
	vtx_encode_cache_free(c);
	vtx_encode_cache_free(NULL);
	return check_done();
}
