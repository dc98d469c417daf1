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

/* The painted attempt of a page is replayed on a later page whose rows
 * above the join (the header band) are the same, and only then: the
 * memo's key is the rows that attempt reads (prefix_extent), which reach
 * under the band when the band's last row may run on into the row under
 * it (a run of the same cell wraps). So each golden page goes through the
 * cache again: with another status row and body (a replay), with the row
 * under the band made like the band's last row (whole, or its first cell
 * only), and with a cell of the band changed (no replay), each against
 * the bytes of the encoder without a cache. */
static void test_prefix(vtx_encode_cache *c, const vtx_screen *pages, int n)
{
	unsigned long redos;

	for (int i = 0; i < n; i++) {
		for (int k = 0; k < 6; k++) {
			vtx_screen s = pages[i];
			char what[96];

			if (k == 1) {
				put_text(&s, 0, 30, "page 9/9");
				s.cells[12][3] = vtx_cell_alpha('Z', 3, 0);
			} else if (k == 2) {
				memcpy(s.cells[5], s.cells[4], sizeof s.cells[5]);
			} else if (k == 3) {
				s.cells[5][0] = s.cells[4][VTX_COLS - 1];
			} else if (k == 4) { /* the band's last row changed */
				s.cells[4][20] = vtx_cell_blank();
			} else if (k == 5) { /* and one in its middle */
				s.cells[2][20].fg ^= 1;
			}
			snprintf(what, sizeof what, "page %d, variant %d", i + 1, k);
			same_bytes(c, &s, VTX_ENCODE_FF, what);
		}
	}
	/* A remembered attempt whose check fails (its key was too narrow):
	 * the page is encoded again from the start, with the same bytes. */
	redos = vtx_encode_cache_spoil(c);
	for (int i = 0; i < n; i++) {
		char what[96];

		snprintf(what, sizeof what, "page %d, after a spoiled memo",
			 i + 1);
		same_bytes(c, &pages[i], VTX_ENCODE_FF, what);
		vtx_encode_cache_spoil(c);
	}
	OK(vtx_encode_cache_spoil(c) > redos, "spoiled memos taken the long "
	   "way (%lu pages)", vtx_encode_cache_spoil(c) - redos);
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
	vtx_encode_cache_free(c);
	vtx_encode_cache_free(NULL);
	return check_done();
}
