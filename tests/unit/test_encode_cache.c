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

/* A row may be replayed whatever character came last, when it cannot
 * repeat that character (the memo key leaves it out): the status row
 * ends in a page number the rows under it do not hold. But where a row
 * begins with that very character, REP alone may start it: pages that
 * differ only there must not share the row. */
static void test_last_character(vtx_encode_cache *c)
{
	static const char *const ends[] = {"1", "2", "b", "3", "b", "1"};
	static const char *const row1[] = {"bbbbbb and more", "plain words"};
	vtx_screen s;

	for (int k = 0; k < 2 * 6; k++) {
		char what[96];

		vtx_screen_init(&s);
		put_text(&s, 0, 0, "Status row, page ");
		put_text(&s, 0, 17, ends[k % 6]);
		/* a blue band behind row 1's text: the row is then tried
		 * with CAN, through the cache */
		for (int col = 0; col < VTX_COLS; col++)
			s.cells[1][col].bg = 4;
		put_text(&s, 1, 0, row1[k / 6]);
		put_text(&s, 2, 0, "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb");
		put_text(&s, 3, 4, "body text");
		snprintf(what, sizeof what, "row 0 ends in '%s', row 1 '%s'",
			 ends[k % 6], row1[k / 6]);
		same_bytes(c, &s, VTX_ENCODE_FF, what);
	}
	/* A row that writes no character (a band CAN paints) leaves the one
	 * before it for the next row to repeat: its memo, if kept, would
	 * leave the character of the page it was made on. */
	for (int k = 0; k < 4; k++) {
		char what[96];

		vtx_screen_init(&s);
		put_text(&s, 0, 0, k % 2 ? "Status row, page y" :
			 "Status row, page x");
		for (int col = 0; col < VTX_COLS; col++) {
			s.cells[1][col].bg = 4;
			s.cells[1][col].fg = 4;
		}
		put_text(&s, 2, 0, k % 2 ? "xxxxxxxx" : "hello");
		snprintf(what, sizeof what, "a band between row 0 and a run, %d",
			 k);
		same_bytes(c, &s, VTX_ENCODE_FF, what);
	}
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
	test_last_character(c);
	vtx_encode_cache_free(c);
	vtx_encode_cache_free(NULL);
	return check_done();
}
