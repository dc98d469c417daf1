/* tests/unit/test_encode_fast.c -- the encoder's shortcuts give the bytes
 * of the general way.
 *
 * Every screen is encoded three times: vtx_encode_screen (shortcuts, no
 * row memory), through a cache (shortcuts and row memory, as export
 * does) and through a cache switched to the general way
 * (encode_test.h); the three streams must be the same bytes. The screens:
 * the golden pages, the pages of the bundled and shared sample notes and
 * of random notes (what the layout makes), screens with coloured
 * backgrounds (where painting pays), screens mixing rows of those, and
 * screens decoded from random streams (what the layout never makes). */
#include <stdio.h>
#include <string.h>

#include "check.h"
#include "core/layout.h"
#include "core/markup.h"
#include "testutil.h"
#include "videotex/charset.h"
#include "videotex/encode.h"
#include "videotex/encode_test.h"
#include "videotex/term.h"

#define MAX_KEPT 400
#define MIXED 300
#define RANDOM_NOTES 40
#define RANDOM_STREAMS 300
#define PAINTED 200

static vtx_encode_cache *fast, *slow;
static vtx_screen kept[MAX_KEPT];
static int nkept, compared;
static uint64_t rng;

static unsigned below(unsigned n)
{
	return (unsigned)(check_rand(&rng) % n);
}

static void same_bytes(const vtx_screen *s, unsigned flags, const char *what)
{
	vtx_buf a = {0}, b = {0}, c = {0};
	int ra = vtx_encode_screen(s, flags, &a);
	int rb = vtx_encode_screen_cached(fast, s, flags, &b);
	int rc = vtx_encode_screen_cached(slow, s, flags, &c);

	/* One line for the whole run unless something differs: thousands
	 * of screens are compared. */
	/* (an empty stream, a blank screen with no FF, has no buffer) */
	if (ra != rc || rb != rc || a.len != c.len || b.len != c.len ||
	    (c.len && memcmp(a.data, c.data, c.len) != 0) ||
	    (c.len && memcmp(b.data, c.data, c.len) != 0)) {
		INT_EQ(ra, rc, "%s: return, shortcuts", what);
		INT_EQ(rb, rc, "%s: return, shortcuts and cache", what);
		INT_EQ(a.len, c.len, "%s: length, shortcuts", what);
		INT_EQ(b.len, c.len, "%s: length, shortcuts and cache", what);
		if (a.len == c.len && c.len)
			MEM_EQ(a.data, c.data, c.len, "%s: bytes", what);
		if (b.len == c.len && c.len)
			MEM_EQ(b.data, c.data, c.len, "%s: bytes (cache)", what);
	}
	compared++;
	vtx_buf_free(&a);
	vtx_buf_free(&b);
	vtx_buf_free(&c);
}

static void keep(const vtx_screen *s)
{
	if (nkept < MAX_KEPT)
		kept[nkept++] = *s;
	else
		kept[below(MAX_KEPT)] = *s;
}

static int on_page(const vtx_screen *s, const lay_page_info *info, void *user)
{
	const char *what = user;
	char w[160];

	(void)info;
	snprintf(w, sizeof w, "%s, page %d", what, compared);
	same_bytes(s, VTX_ENCODE_FF, w);
	keep(s);
	return 0;
}

/* Lays out one file of notes and compares its pages. */
static void notes(const char *path, const char *src, size_t len)
{
	mk_options o = {.format = MK_FORMAT_AUTO};
	lay_options lo = {.title = "Fast"};
	lay_site *site = NULL;
	doc *d = doc_new();

	if (!d || mk_parse(d, path, src, len, &o) != 0) {
		OK(0, "%s parses", path);
		doc_free(d);
		return;
	}
	INT_EQ(lay_build(d, &lo, on_page, (void *)path, &site), 0,
	       "%s lays out", path);
	lay_site_free(site);
	doc_free(d);
}

static void sample_notes(void)
{
	tu_list l = {0};

	tu_sample_notes(&l);
	for (size_t k = 0; k < l.n; k++) {
		size_t len = 0;
		uint8_t *b = tu_read(l.items[k], &len);

		if (b)
			notes(l.items[k], (const char *)b, len);
		free(b);
	}
	tu_list_free(&l);
}

/* Markdown with what the layout turns into colours, underline and
 * inversion: headings, emphasis, code, links, lists, long words. */
static void random_notes(void)
{
	static const char *words[] = {
		"le", "Minitel", "page", "réseau", "été", "**gras**",
		"*italique*", "`code`", "[lien](http://x.fr)", "—", "«",
		"»", "a", "bb", "ccc", "llll", "mmmmmmmmmmmmmmmmmmmmmmmmmmmmmm",
		"œuf", "ÀÉÎÕÜ", "ß", "3615", "...", "!!", "    "};
	static const char *starts[] = {"", "", "", "# ", "## ", "- ",
				       "1. ", "> ", "    "};
	static char src[16384];

	for (int n = 0; n < RANDOM_NOTES; n++) {
		size_t len = 0;
		int lines = 1 + (int)below(60);
		char path[64];

		for (int i = 0; i < lines && len + 512 < sizeof src; i++) {
			int nw = (int)below(25);

			len += (size_t)snprintf(src + len, sizeof src - len,
						"%s", starts[below(9)]);
			for (int k = 0; k < nw; k++)
				len += (size_t)snprintf(
					src + len, sizeof src - len, "%s%s",
					words[below(sizeof words /
						    sizeof words[0])],
					below(4) ? " " : "");
			len += (size_t)snprintf(src + len, sizeof src - len,
						below(3) ? "\n" : "\n\n");
		}
		snprintf(path, sizeof path, "random%02d.md", n);
		notes(path, src, len);
	}
}

static void golden_pages(void)
{
	for (int i = 1;; i++) {
		char path[64];
		size_t len = 0;
		uint8_t *vdt;
		vtx_screen s;

		snprintf(path, sizeof path, "tests/golden/pages/%04d.vdt", i);
		vdt = tu_read(path, &len);
		if (!vdt) {
			OK(i > 2, "golden pages found (%d)", i - 1);
			return;
		}
		vtx_decode(vdt, len, &s);
		same_bytes(&s, VTX_ENCODE_FF, path);
		same_bytes(&s, 0, path);
		keep(&s);
		free(vdt);
	}
}

/* Rows of the kept screens in new company. */
static void mixed_rows(void)
{
	static vtx_screen mixed;

	for (int k = 0; k < MIXED && nkept > 0; k++) {
		const vtx_screen *base = &kept[below((unsigned)nkept)];
		char what[64];

		mixed = *base;
		for (int r = 0; r < VTX_ROWS; r++) {
			const vtx_screen *from =
				below(3) == 0 ? &kept[below((unsigned)nkept)]
					      : base;

			memcpy(mixed.cells[r], from->cells[r],
			       sizeof mixed.cells[r]);
		}
		snprintf(what, sizeof what, "mixed screen %d", k);
		same_bytes(&mixed, k % 2 ? VTX_ENCODE_FF : 0, what);
	}
}

/* Screens decoded from random bytes: text, attributes, moves, mosaics,
 * REP, CAN, serial attributes (no DRCS, roll or CSI insert/delete,
 * which test_props and the fuzzer cover). */
static void random_screens(void)
{
	static const uint8_t c0[] = {0x08, 0x09, 0x0A, 0x0B, 0x0D, 0x0E,
				     0x0F, 0x18, 0x1E};
	static uint8_t b[4096];
	static vtx_screen s;

	for (int n = 0; n < RANDOM_STREAMS; n++) {
		size_t len = 0, want = 1 + below(sizeof b - 16);
		char what[64];

		while (len < want) {
			unsigned k = below(100);

			if (k < 50) {
				b[len++] = (uint8_t)(0x20 + below(96));
			} else if (k < 65) {
				b[len++] = 0x1B;
				b[len++] = (uint8_t)(0x40 + below(32));
				if (b[len - 1] == 0x5B)
					b[len - 1] = 0x5C;
			} else if (k < 75) {
				b[len++] = 0x1F;
				b[len++] = (uint8_t)(0x40 + below(25));
				b[len++] = (uint8_t)(0x41 + below(40));
			} else if (k < 82) {
				b[len++] = 0x12;
				b[len++] = (uint8_t)(0x40 + below(64));
			} else {
				b[len++] = c0[below(sizeof c0)];
			}
		}
		vtx_decode(b, len, &s);
		snprintf(what, sizeof what, "random stream %d", n);
		same_bytes(&s, n % 2 ? VTX_ENCODE_FF : 0, what);
	}
}

/* Screens with coloured backgrounds (mosaic spaces on a colour, rows of
 * inverted text): where painting the background first pays, and the
 * encoder goes on with the painted attempt. */
static void painted_screens(void)
{
	static uint8_t b[4096];
	static vtx_screen s;

	for (int n = 0; n < PAINTED; n++) {
		size_t len = 0;
		int rows = 3 + (int)below(20);
		char what[64];

		int top = 1 + (int)below(24 - (unsigned)rows + 1);
		int bg = 1 + (int)below(7), mosaic = (int)below(3) != 0;

		/* Rows top .. top + rows - 1 on one background, a few cells of
		 * something else somewhere in each. */
		b[len++] = 0x0C;
		for (int i = 0; i < rows && len + 80 < sizeof b; i++) {
			b[len++] = 0x1F;
			b[len++] = (uint8_t)(0x40 + top + i);
			b[len++] = 0x41;
			if (mosaic) {
				b[len++] = 0x0E; /* SO: mosaics */
				b[len++] = 0x1B;
				b[len++] = (uint8_t)(0x50 + bg);
			} else {
				b[len++] = 0x1B;
				b[len++] = 0x5D; /* inverted text */
			}
			b[len++] = 0x18; /* CAN: the background to the end */
			b[len++] = 0x1F;
			b[len++] = (uint8_t)(0x40 + top + i);
			b[len++] = (uint8_t)(0x41 + below(36));
			if (mosaic && below(2))
				b[len++] = 0x0E;
			for (int k = 1 + (int)below(8); k > 0; k--) {
				if (below(4) == 0) {
					b[len++] = 0x1B;
					b[len++] = (uint8_t)(0x40 + below(8));
				}
				b[len++] = (uint8_t)(0x21 + below(95));
			}
		}
		vtx_decode(b, len, &s);
		snprintf(what, sizeof what, "painted screen %d", n);
		same_bytes(&s, n % 2 ? VTX_ENCODE_FF : 0, what);
		keep(&s);
	}
}

/* Status rows of plain text (the trials of row 0: status_floor lets the fast
 * way skip the one without CAN when it would lose): words of letters,
 * some one letter repeated (REP), that of the word before among them,
 * some accented, each in a colour of its own, between runs of up to five
 * spaces or none, over a body of text or none. The slow way tries both
 * and counts a floor above what it found
 * (vtx_encode_cache_floor_broken). */
static void status_rows(void)
{
	static const uint32_t letters[] = {'a', 'b', 'e', 'p', 'z', '0', '3',
					   '/', '-', 0xE9, 0xE0, 'A', 'M'};
	static vtx_screen s;

	for (int n = 0; n < 400; n++) {
		char what[64];
		int c = below(3);

		uint32_t ch = 'a';

		vtx_screen_init(&s);
		while (c < VTX_COLS) {
			int len = 1 + (int)below(9);
			int fg = below(4) ? 7 : (int)below(8);
			int same = below(4) == 0;

			if (!same || below(2))
				ch = letters[below(sizeof letters /
						   sizeof *letters)];

			for (int k = 0; k < len && c < VTX_COLS; k++, c++) {
				if (!same)
					ch = letters[below(sizeof letters /
							   sizeof *letters)];
				s.cells[0][c] =
					vtx_cell_alpha(ch, (uint8_t)fg, 0);
			}
			for (int k = (int)below(6); k > 0 && c < VTX_COLS;
			     k--, c++)
				s.cells[0][c] = vtx_cell_alpha(VTX_SP, 7, 0);
		}
		for (; c < VTX_COLS; c++)
			s.cells[0][c] = vtx_cell_alpha(VTX_SP, 7, 0);
		if (n % 2 && nkept > 0) /* the body of another screen */
			memcpy(s.cells[1],
			       kept[below((unsigned)nkept)].cells[1],
			       sizeof s.cells - sizeof s.cells[0]);
		snprintf(what, sizeof what, "status row %d", n);
		same_bytes(&s, n % 3 ? VTX_ENCODE_FF : 0, what);
	}
	INT_EQ(vtx_encode_cache_floor_broken(slow), 0,
	       "no status row written without CAN below its floor");
}

int main(void)
{
	rng = check_seed();
	fast = vtx_encode_cache_new();
	slow = vtx_encode_cache_new();
	if (!OK(fast && slow, "caches made"))
		return check_done();
	vtx_encode_cache_slow(slow, 1);
	golden_pages();
	painted_screens();
	sample_notes();
	random_notes();
	mixed_rows();
	random_screens();
	status_rows();
	OK(compared > 500, "%d screens compared", compared);
	vtx_encode_cache_free(fast);
	vtx_encode_cache_free(slow);
	return check_done();
}
