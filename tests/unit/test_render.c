/* emu/render and emu/font: the screen drawn as pixels.
 *   - golden images: screens decoded from small Videotex streams written
 *     here, one or more for each attribute, compared pixel for pixel with
 *     tests/golden/render/NAME.png (read with stb_image);
 *     `test_render --write-golden` rewrites them (make golden);
 *   - properties, with a printed seed: every pixel of a cell is its
 *     foreground or its background colour; a blank screen is all black;
 *     scale N is scale 1 with each pixel N x N;
 *   - the font: the sheet is well formed, every character the decoder can
 *     show has a glyph, letters and digits keep to their 5 x 7 box;
 *     mosaics against a pixel-by-pixel model of videotex.md §2;
 *   - attribute rules on single cells (videotex.md §4), the palettes, the
 *     blink rhythm;
 *   - `minitel decode --png` of this build variant against emu_render. */
#include "check.h"
#include "testutil.h"

#include <stb_image.h>
#include <stb_image_write.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu/font.h"
#include "emu/render.h"
#include "videotex/buf.h"
#include "videotex/charset.h"
#include "videotex/mosaic.h"
#include "videotex/term.h"

#define GOLDEN_DIR "tests/golden/render"
#define RANDOM_SCREENS 60
#define RANDOM_BYTES 3000

static int write_golden;

/*** Building Videotex streams ***/

static void bytes(vtx_buf *b, const char *s)
{
	vtx_buf_str(b, s);
}

static void byte(vtx_buf *b, int c)
{
	vtx_buf_byte(b, (uint8_t)c);
}

/* US row col: cursor to row (0..24), column (1..40), attributes reset. */
static void at(vtx_buf *b, int row, int col)
{
	byte(b, VTX_C0_US);
	byte(b, 0x40 + row);
	byte(b, 0x40 + col);
}

static void esc(vtx_buf *b, int c)
{
	byte(b, VTX_C0_ESC);
	byte(b, c);
}

/* ESC 4x: foreground; ESC 5x: background (videotex.md §4). */
static void fg(vtx_buf *b, int colour)
{
	esc(b, 0x40 + colour);
}

static void bg(vtx_buf *b, int colour)
{
	esc(b, 0x50 + colour);
}

/* REP: the last character n more times (n <= 63). */
static void rep(vtx_buf *b, int n)
{
	byte(b, VTX_C0_REP);
	byte(b, 0x40 + n);
}

/* Loads DRCS set `set` (0 = G'0, 1 = G'1) from code `first` on with the
 * given 8 x 10 glyphs, as 14 sextets each (videotex.md §8). */
static void drcs(vtx_buf *b, int set, int first, const uint8_t (*g)[10],
		 int n)
{
	static const char sel[2][8] = {"\x1F\x23\x20\x20\x20\x42\x49",
				       "\x1F\x23\x20\x20\x20\x43\x49"};

	bytes(b, sel[set]);
	byte(b, VTX_C0_US);
	byte(b, 0x23);
	byte(b, first);
	byte(b, 0x30);
	for (int k = 0; k < n; k++) {
		for (int i = 0; i < 14; i++) {
			int v = 0;

			for (int j = 0; j < 6; j++) {
				int bit = i * 6 + j;
				int on = bit < 80 &&
					 (g[k][bit / 8] & (0x80 >> bit % 8));

				v = v << 1 | (on ? 1 : 0);
			}
			byte(b, 0x40 + v);
		}
		byte(b, 0x30);
	}
	at(b, 1, 1); /* leaves download mode */
}

/*** The golden screens ***/

static const char *const colour_name[8] = {
	"black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
};

/* Ascending grey (videotex.md §2). */
static const int by_brightness[8] = {0, 4, 1, 5, 2, 6, 3, 7};

/* Text in each colour, on black and on a zone of each background; bars of
 * mosaics; a ramp of the eight colours in brightness order. */
static void scene_colours(vtx_buf *b)
{
	byte(b, VTX_C0_FF);
	bytes(b, "Les 8 couleurs / The 8 colours");
	for (int c = 0; c < 8; c++) {
		at(b, 3 + c, 1);
		fg(b, c);
		bytes(b, colour_name[c]);
		at(b, 3 + c, 10);
		bg(b, c);
		fg(b, c == 7 || c == 3 || c == 6 ? 0 : 7);
		bytes(b, " fond ");
		bytes(b, colour_name[c]);
		at(b, 3 + c, 27);
		byte(b, VTX_C0_SO);
		fg(b, c);
		byte(b, 0x7F);
		rep(b, 5);
		bg(b, c);
		fg(b, 7 - c);
		byte(b, 0x2B); /* a mosaic on its own background */
		byte(b, 0x74);
		byte(b, VTX_C0_SI);
	}
	at(b, 13, 1);
	bytes(b, "Ramp, black to white:");
	for (int r = 14; r <= 17; r++) {
		at(b, r, 1);
		byte(b, VTX_C0_SO);
		for (int i = 0; i < 8; i++) {
			fg(b, by_brightness[i]);
			byte(b, 0x7F);
			rep(b, 4);
		}
	}
	at(b, 19, 1);
	for (int c = 0; c < 8; c++) {
		bg(b, c);
		fg(b, 7 - c);
		bytes(b, " Ab");
		fg(b, c);
		bytes(b, "c");
	}
}

/* The 64 mosaics, contiguous then separated, in colour on colour. */
static void scene_mosaics(vtx_buf *b)
{
	byte(b, VTX_C0_FF);
	for (int half = 0; half < 2; half++) {
		int top = half ? 13 : 1; /* the title's row */

		at(b, top, 1);
		bytes(b, half ? "Mosaiques disjointes / separated"
			      : "Mosaiques jointives / contiguous");
		for (int m = 0; m < 64; m++) {
			at(b, top + 2 + (m / 16) * 2, 2 + (m % 16) * 2);
			byte(b, VTX_C0_SO);
			if (half)
				esc(b, 0x5A); /* start lining: disjoint */
			fg(b, 7);
			byte(b, vtx_mosaic_code((unsigned)m));
		}
		at(b, top + 10, 1);
		byte(b, VTX_C0_SO);
		if (half)
			esc(b, 0x5A);
		for (int c = 1; c < 8; c++) {
			fg(b, c);
			bg(b, 8 - c == 8 ? 0 : 8 - c);
			byte(b, 0x7F);
			rep(b, 2);
			byte(b, 0x35);
			byte(b, 0x6A);
		}
	}
	/* A block of full mosaics on row 24 shows the grid of each kind. */
	at(b, 24, 1);
	byte(b, VTX_C0_SO);
	fg(b, 3);
	bg(b, 4);
	byte(b, 0x7F);
	rep(b, 19);
	esc(b, 0x5A);
	byte(b, 0x7F);
	rep(b, 19);
}

/* Normal, double height, double width, double size (ESC 4C-4F). */
static void scene_sizes(vtx_buf *b)
{
	byte(b, VTX_C0_FF);
	bytes(b, "Normal size, ");
	esc(b, 0x4D);
	bytes(b, "ignored on row 1");
	at(b, 4, 1);
	esc(b, 0x4D);
	bytes(b, "Double hauteur");
	esc(b, 0x4C);
	bytes(b, " normal");
	at(b, 6, 1);
	esc(b, 0x4E);
	bytes(b, "Double largeur");
	at(b, 9, 1);
	esc(b, 0x4F);
	fg(b, 6);
	bytes(b, "Double taille");
	at(b, 12, 1);
	esc(b, 0x4F);
	fg(b, 3);
	bytes(b, "\x19\x42" "e\x19\x41" "a\x19\x4b" "c gjpqy");
	at(b, 15, 1);
	fg(b, 2);
	esc(b, 0x4D);
	bytes(b, "H");
	esc(b, 0x4E);
	bytes(b, "W");
	esc(b, 0x4F);
	bytes(b, "S");
	esc(b, 0x4C);
	bytes(b, "n");
	esc(b, 0x4F);
	bg(b, 4);
	bytes(b, " on blue ");
	at(b, 20, 1);
	esc(b, 0x4F);
	bytes(b, "\x5e\x60\x7b\x7c\x7d\x7e\x7f\x5f");
	at(b, 24, 1);
	esc(b, 0x4D);
	fg(b, 5);
	bytes(b, "The end of the screen");
}

/* Underline (ESC 5A / 59, a zone from its delimiter) and invert
 * (ESC 5D / 5C, parallel), together and with colours and sizes. */
static void scene_underline_invert(vtx_buf *b)
{
	byte(b, VTX_C0_FF);
	bytes(b, "Plain, ");
	esc(b, 0x5A);
	bytes(b, " underlined zone,");
	esc(b, 0x59);
	bytes(b, " plain");
	at(b, 3, 1);
	esc(b, 0x5D);
	bytes(b, "Inverse video");
	esc(b, 0x5C);
	bytes(b, " normal ");
	fg(b, 1);
	esc(b, 0x5D);
	bytes(b, "red inverted");
	at(b, 5, 1);
	bg(b, 4);
	fg(b, 3);
	bytes(b, " yellow on blue ");
	esc(b, 0x5D);
	bytes(b, "inverted");
	at(b, 7, 1);
	esc(b, 0x5A);
	bytes(b, " underlined ");
	esc(b, 0x5D);
	bytes(b, "and inverted");
	at(b, 10, 1);
	esc(b, 0x5A);
	bytes(b, " ");
	esc(b, 0x4D);
	bytes(b, "Tall underlined");
	at(b, 13, 1);
	esc(b, 0x5A);
	fg(b, 2);
	bytes(b, " ");
	esc(b, 0x4F);
	bytes(b, "Big lined");
	at(b, 15, 1);
	esc(b, 0x5A);
	bytes(b, " gjpqy_ then a mosaic ends it:");
	byte(b, VTX_C0_SO);
	byte(b, 0x23);
	byte(b, VTX_C0_SI);
	bytes(b, "ab");
	at(b, 17, 1);
	bytes(b, "Underline at line 10: ");
	esc(b, 0x5A);
	bytes(b, " ");
	bytes(b, "\x60\x60\x60");
	esc(b, 0x59);
	bytes(b, " ");
	bytes(b, "\x5f\x5f\x5f");
}

/* Conceal (ESC 58 / 5F, a zone): shown as background unless revealed. */
static void scene_conceal(vtx_buf *b)
{
	byte(b, VTX_C0_FF);
	bytes(b, "Question: 2 + 2 =");
	esc(b, 0x58);
	bytes(b, " four, the answer");
	esc(b, 0x5F);
	bytes(b, " .");
	at(b, 3, 1);
	bg(b, 2);
	fg(b, 0);
	esc(b, 0x58);
	bytes(b, " hidden black on green ");
	at(b, 5, 1);
	esc(b, 0x58);
	fg(b, 1);
	esc(b, 0x5D);
	bytes(b, " inverted and hidden");
	at(b, 7, 1);
	esc(b, 0x58);
	bytes(b, " ");
	byte(b, VTX_C0_SO);
	fg(b, 6);
	byte(b, 0x7F);
	rep(b, 6);
	byte(b, VTX_C0_SI);
	bytes(b, "  mosaics in a concealed zone");
	at(b, 10, 1);
	esc(b, 0x58);
	esc(b, 0x5A);
	esc(b, 0x4F); /* a double-size delimiter: the zone on both rows */
	bytes(b, " Big secret");
}

/* Blink (ESC 48 / 49): text, inverted text (opposite phase), mosaics,
 * double size, underlined. */
static void scene_blink(vtx_buf *b)
{
	byte(b, VTX_C0_FF);
	bytes(b, "Steady ");
	esc(b, 0x48);
	bytes(b, "blinking");
	esc(b, 0x49);
	bytes(b, " steady");
	at(b, 3, 1);
	esc(b, 0x48);
	esc(b, 0x5D);
	bytes(b, "inverted blinks in the other phase");
	at(b, 5, 1);
	bg(b, 4);
	fg(b, 3);
	esc(b, 0x48);
	bytes(b, " yellow on blue");
	at(b, 7, 1);
	byte(b, VTX_C0_SO);
	fg(b, 2);
	esc(b, 0x48);
	byte(b, 0x7F);
	rep(b, 4);
	esc(b, 0x49);
	byte(b, 0x7F);
	rep(b, 4);
	at(b, 10, 1);
	esc(b, 0x48);
	esc(b, 0x4F);
	fg(b, 6);
	bytes(b, "Flash!");
	at(b, 12, 1);
	esc(b, 0x5A);
	bytes(b, " ");
	esc(b, 0x48);
	bytes(b, "lined and blinking");
}

/* DRCS: glyphs loaded into G'0 and G'1, shown plain, coloured and doubled
 * (videotex.md §8). */
static const uint8_t drcs_glyphs[4][10] = {
	{0x3C, 0x42, 0xA5, 0x81, 0xA5, 0x99, 0x42, 0x3C, 0x00, 0x00},
	{0xAA, 0x55, 0xAA, 0x55, 0xAA, 0x55, 0xAA, 0x55, 0xAA, 0x55},
	{0xFF, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0x81, 0xFF},
	{0x80, 0xC0, 0xE0, 0xF0, 0xF8, 0xFC, 0xFE, 0xFF, 0x00, 0xFF},
};

static void scene_drcs(vtx_buf *b)
{
	byte(b, VTX_C0_FF);
	drcs(b, 0, 0x41, drcs_glyphs, 4);
	drcs(b, 1, 0x21, drcs_glyphs, 4);
	bytes(b, "DRCS G'0:");
	esc(b, 0x28);
	bytes(b, "\x20\x42"); /* ESC ( SP B: G0 <- G'0 */
	bytes(b, " ABCD");
	fg(b, 3);
	bytes(b, "ABCD");
	esc(b, 0x28);
	byte(b, 0x40); /* ESC ( @: standard G0 */
	bytes(b, " back");
	at(b, 4, 1);
	esc(b, 0x28);
	bytes(b, "\x20\x42");
	esc(b, 0x4F);
	bytes(b, "ABCD");
	esc(b, 0x4C);
	esc(b, 0x5D);
	bytes(b, "ABCD");
	esc(b, 0x28);
	byte(b, 0x40);
	at(b, 6, 1);
	bytes(b, "DRCS G'1:");
	esc(b, 0x29);
	bytes(b, "\x20\x43"); /* ESC ) SP C: G1 <- G'1 */
	byte(b, VTX_C0_SO);
	fg(b, 2);
	bg(b, 1);
	bytes(b, "!\"#$");
	bg(b, 0);
	bytes(b, "!\"#$");
}

/* Every character of G0, the G2 symbols, the accented letters, and what
 * G2 shows for an undefined code. */
static void scene_charset(vtx_buf *b)
{
	static const uint8_t g2[] = {0x23, 0x24, 0x26, 0x27, 0x2C, 0x2D,
				     0x2E, 0x2F, 0x30, 0x31, 0x38, 0x3C,
				     0x3D, 0x3E, 0x6A, 0x7A, 0x7B, 0x40};
	static const uint8_t acc[][2] = {
		{0x41, 'a'}, {0x43, 'a'}, {0x48, 'a'}, {0x4B, 'c'},
		{0x41, 'e'}, {0x42, 'e'}, {0x43, 'e'}, {0x48, 'e'},
		{0x43, 'i'}, {0x48, 'i'}, {0x43, 'o'}, {0x48, 'o'},
		{0x41, 'u'}, {0x43, 'u'}, {0x48, 'u'},
	};

	byte(b, VTX_C0_FF);
	bytes(b, "G0");
	for (int c = 0x20; c < 0x80; c++) {
		if (c % 16 == 0)
			at(b, 2 + (c - 0x20) / 16 * 2, 1);
		byte(b, c);
		byte(b, ' ');
	}
	at(b, 14, 1);
	bytes(b, "G2");
	at(b, 15, 1);
	for (size_t i = 0; i < sizeof g2; i++) {
		byte(b, VTX_C0_SS2);
		byte(b, g2[i]);
		byte(b, ' ');
	}
	at(b, 17, 1);
	for (size_t i = 0; i < sizeof acc / sizeof acc[0]; i++) {
		byte(b, VTX_C0_SS2);
		byte(b, acc[i][0]);
		byte(b, acc[i][1]);
		byte(b, ' ');
	}
	at(b, 19, 1);
	bytes(b, "Il \x19\x42" "etait une fois; \x19\x4b" "ca commen\x19\x4b"
		 "cait.");
	at(b, 20, 1);
	bytes(b, "\x7b\x7c\x7d\x7e\x5f\x60\x5e\x7f|\x19\x2c\x60\x19\x2e"
		 "\x60\x60\x19\x2f");
	at(b, 21, 1);
	bytes(b, "\x7b\x7c\x7d\x7e\x5f\x60\x5e\x7f|\x19\x2d ");
	bytes(b, "Prix: 3\x19\x3d \x19\x23, 20\x19\x30 \x19\x6a\x19\x7a "
		 "\x19\x7b");
	at(b, 23, 1);
	bytes(b, "0123456789 Minitel 1B, 3615 (2+2=4)?");
}

/* Row 0, the status row: reached only by US 40 cc, drawn like the others. */
static void scene_row0(vtx_buf *b)
{
	byte(b, VTX_C0_FF);
	bytes(b, "Page text on row 1");
	at(b, 0, 1);
	fg(b, 3);
	bytes(b, "Row 0: status row ");
	esc(b, 0x5D);
	bytes(b, "inv");
	at(b, 0, 37);
	bg(b, 7);
	fg(b, 0);
	bytes(b, " C");
	byte(b, VTX_C0_LF); /* back to where row 0 was entered */
	at(b, 12, 10);
	esc(b, 0x4F);
	bytes(b, "MINITEL");
}

/* The cursor (CON): drawn as its cell in inverse video. */
static void scene_cursor(vtx_buf *b)
{
	byte(b, VTX_C0_FF);
	bytes(b, "Votre choix: ");
	fg(b, 3);
	bytes(b, "A");
	byte(b, VTX_C0_CON);
	at(b, 5, 1);
	bytes(b, "puis ENVOI");
	at(b, 1, 15); /* the cursor stays here, after "A" */
	byte(b, VTX_C0_CON);
}

typedef struct scene {
	const char *name;
	void (*build)(vtx_buf *b);
	emu_view view;
} scene;

#define GREY EMU_PALETTE_GREY
#define COLOUR EMU_PALETTE_COLOUR

static const scene scenes[] = {
	{"colours_grey", scene_colours, {GREY, 0, 0, 0, 1}},
	{"colours_colour", scene_colours, {COLOUR, 0, 0, 0, 1}},
	{"mosaics", scene_mosaics, {COLOUR, 0, 0, 0, 1}},
	{"mosaics_grey", scene_mosaics, {GREY, 0, 0, 0, 1}},
	{"sizes", scene_sizes, {COLOUR, 0, 0, 0, 1}},
	{"underline_invert", scene_underline_invert, {COLOUR, 0, 0, 0, 1}},
	{"conceal", scene_conceal, {COLOUR, 0, 0, 0, 1}},
	{"conceal_reveal", scene_conceal, {COLOUR, 0, 1, 0, 1}},
	{"blink_shown", scene_blink, {COLOUR, 0, 0, 0, 1}},
	{"blink_hidden", scene_blink, {COLOUR, 1, 0, 0, 1}},
	{"drcs", scene_drcs, {COLOUR, 0, 0, 0, 1}},
	{"charset", scene_charset, {GREY, 0, 0, 0, 1}},
	{"row0", scene_row0, {COLOUR, 0, 0, 0, 1}},
	{"cursor", scene_cursor, {GREY, 0, 0, 1, 1}},
	{"scale2", scene_sizes, {COLOUR, 0, 0, 0, 2}},
	{"scale3_grey", scene_underline_invert, {GREY, 0, 0, 0, 3}},
};

#define NSCENES (sizeof scenes / sizeof scenes[0])

/*** Helpers ***/

static void decode(const vtx_buf *b, vtx_screen *s)
{
	if (b->failed || vtx_decode(b->data, b->len, s) < 0)
		abort();
}

static uint8_t *render(const vtx_screen *s, const emu_view *v)
{
	uint8_t *px = malloc(emu_frame_size(v->scale));

	if (!px)
		abort();
	/* Poison: emu_render must write every byte. */
	memset(px, 0x5A, emu_frame_size(v->scale));
	emu_render(s, v, px);
	return px;
}

static uint32_t pixel_at(const uint8_t *px, int w, int x, int y)
{
	const uint8_t *p = px + ((size_t)y * (size_t)w + (size_t)x) * 4;

	return (uint32_t)p[0] << 16 | (uint32_t)p[1] << 8 | p[2];
}

/* Compares pixels; on a difference, names the first one. */
static void same_pixels(const uint8_t *got, const uint8_t *want, int w,
			int h, const char *what)
{
	long diff = 0;
	int fx = 0, fy = 0;

	if (!OK(w > 0 && h > 0, "%s: a picture", what))
		return;
	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++) {
			const uint8_t *a = got + ((size_t)y * w + x) * 4;
			const uint8_t *b = want + ((size_t)y * w + x) * 4;

			if (memcmp(a, b, 4) == 0)
				continue;
			if (diff++ == 0) {
				fx = x;
				fy = y;
			}
		}
	OK(diff == 0, "%s: %ld pixels differ, the first at x %d y %d (cell "
	   "row %d col %d)", what, diff, fx, fy, fy * VTX_ROWS / h,
	   fx * VTX_COLS / w);
}

/*** Golden images ***/

static void golden(const scene *sc)
{
	char path[512];
	vtx_buf b = {0};
	vtx_screen s;
	uint8_t *px, *want;
	int w = EMU_WIDTH * sc->view.scale, h = EMU_HEIGHT * sc->view.scale;
	int gw, gh, gn;

	sc->build(&b);
	decode(&b, &s);
	vtx_buf_free(&b);
	px = render(&s, &sc->view);
	snprintf(path, sizeof path, GOLDEN_DIR "/%s.png", sc->name);
	if (write_golden) {
		OK(stbi_write_png(path, w, h, 4, px, w * 4), "write %s",
		   path);
		free(px);
		return;
	}
	want = stbi_load(path, &gw, &gh, &gn, 4);
	if (OK(want != NULL, "golden %s exists (make golden)", path) &&
	    INT_EQ(gw, w, "%s width", path) && INT_EQ(gh, h, "%s height", path))
		same_pixels(px, want, w, h, path);
	stbi_image_free(want);
	free(px);
}

/*** Properties ***/

/* A random but plausible stream: text, attributes, mosaics, sizes, G2,
 * positioning, REP, DRCS, cursor on and off. */
static void random_stream(uint64_t *seed, vtx_buf *b)
{
	static const uint8_t escs[] = {0x40, 0x41, 0x42, 0x43, 0x44, 0x45,
				       0x46, 0x47, 0x48, 0x49, 0x4C, 0x4D,
				       0x4E, 0x4F, 0x50, 0x51, 0x52, 0x53,
				       0x54, 0x55, 0x56, 0x57, 0x58, 0x59,
				       0x5A, 0x5C, 0x5D, 0x5F};

	while (b->len < RANDOM_BYTES) {
		switch (check_rand_below(seed, 12)) {
		case 0:
			esc(b, escs[check_rand_below(seed, sizeof escs)]);
			break;
		case 1:
			byte(b, check_rand_below(seed, 2) ? VTX_C0_SO
							  : VTX_C0_SI);
			break;
		case 2:
			at(b, (int)check_rand_below(seed, 25),
			   1 + (int)check_rand_below(seed, 40));
			break;
		case 3:
			byte(b, VTX_C0_SS2);
			byte(b, 0x20 + (int)check_rand_below(seed, 0x60));
			if (check_rand_below(seed, 2))
				byte(b, 'a' + (int)check_rand_below(seed, 26));
			break;
		case 4:
			rep(b, (int)check_rand_below(seed, 64));
			break;
		case 5:
			drcs(b, (int)check_rand_below(seed, 2), 0x21,
			     drcs_glyphs, 4);
			esc(b, check_rand_below(seed, 2) ? 0x28 : 0x29);
			bytes(b, check_rand_below(seed, 2) ? "\x20\x42"
							   : "\x20\x43");
			break;
		case 6:
			byte(b, check_rand_below(seed, 2) ? VTX_C0_CON
							  : VTX_C0_COF);
			break;
		case 7:
			bytes(b, "\x1B\x23\x20");
			byte(b, check_rand_below(seed, 2) ? 0x58 : 0x5F);
			break;
		default:
			byte(b, 0x20 + (int)check_rand_below(seed, 0x60));
			break;
		}
	}
}

static void random_view(uint64_t *seed, emu_view *v)
{
	v->palette = (emu_palette)check_rand_below(seed, EMU_PALETTE_COUNT);
	v->blink_on = (int)check_rand_below(seed, 2);
	v->reveal = (int)check_rand_below(seed, 2);
	v->cursor = (int)check_rand_below(seed, 2);
	v->scale = 1 + (int)check_rand_below(seed, 2);
}

/* Every pixel of every cell is the cell's foreground or background. */
static int cells_in_their_colours(const vtx_screen *s, const emu_view *v,
				  const uint8_t *px)
{
	int w = EMU_WIDTH * v->scale, bad = 0;
	vtx_shown row[VTX_COLS];

	for (int r = 0; r < VTX_ROWS; r++) {
		vtx_screen_shown(s, r, row);
		for (int c = 0; c < VTX_COLS; c++) {
			uint32_t f = emu_palette_rgb(v->palette, row[c].fg);
			uint32_t g = emu_palette_rgb(v->palette, row[c].bg);

			for (int y = 0; y < EMU_CELL_H * v->scale; y++)
				for (int x = 0; x < EMU_CELL_W * v->scale;
				     x++) {
					uint32_t p = pixel_at(
						px, w,
						c * EMU_CELL_W * v->scale + x,
						r * EMU_CELL_H * v->scale + y);

					bad += p != f && p != g;
				}
			if (bad) {
				OK(0, "row %d col %d: a pixel in neither "
				   "%06x nor %06x", r, c, (unsigned)f,
				   (unsigned)g);
				return 0;
			}
		}
	}
	return 1;
}

/* Scale n is scale 1 with every pixel n x n. */
static void scaled_is_magnified(const vtx_screen *s, const emu_view *v)
{
	emu_view one = *v;
	uint8_t *a, *b;
	int n = v->scale, w = EMU_WIDTH * n, bad = 0;

	one.scale = 1;
	a = render(s, &one);
	b = render(s, v);
	for (int y = 0; y < EMU_HEIGHT * n && !bad; y++)
		for (int x = 0; x < w; x++)
			if (memcmp(b + ((size_t)y * w + x) * 4,
				   a + ((size_t)(y / n) * EMU_WIDTH + x / n) *
					       4,
				   4) != 0) {
				bad = 1;
				break;
			}
	OK(!bad, "scale %d is scale 1 magnified", n);
	free(a);
	free(b);
}

static void test_properties(void)
{
	uint64_t seed = check_seed();
	int all_ok = 1;

	for (int i = 0; i < RANDOM_SCREENS; i++) {
		vtx_buf b = {0};
		vtx_screen s;
		emu_view v;
		uint8_t *px;

		random_stream(&seed, &b);
		decode(&b, &s);
		vtx_buf_free(&b);
		random_view(&seed, &v);
		px = render(&s, &v);
		for (size_t k = 0; k < emu_frame_size(v.scale); k += 4)
			if (px[k + 3] != 0xFF) {
				all_ok = OK(0, "screen %d: alpha 255", i);
				break;
			}
		all_ok &= cells_in_their_colours(&s, &v, px);
		if (i % 10 == 0) {
			v.scale = 2 + i % 3;
			scaled_is_magnified(&s, &v);
		}
		free(px);
	}
	OK(all_ok, "random screens: each cell in its own two colours");
}

static void test_blank(void)
{
	vtx_screen s;

	vtx_screen_init(&s);
	s.cursor_on = 0;
	for (int p = 0; p < EMU_PALETTE_COUNT; p++) {
		for (int n = 1; n <= 3; n++) {
			emu_view v = {(emu_palette)p, n & 1, 1, 1, n};
			uint8_t *px = render(&s, &v);
			size_t size = emu_frame_size(n), bad = 0;

			for (size_t k = 0; k < size; k += 4)
				bad += px[k] || px[k + 1] || px[k + 2] ||
				       px[k + 3] != 0xFF;
			INT_EQ(bad, 0, "blank screen all black, palette %d "
			       "scale %d", p, n);
			free(px);
		}
	}
	INT_EQ(emu_frame_size(1), 320 * 250 * 4, "frame size at scale 1");
	INT_EQ(emu_frame_size(3), 960 * 750 * 4, "frame size at scale 3");
}

/*** The font ***/

static int glyph_is(const uint8_t *g, uint32_t ch)
{
	return memcmp(g, emu_font_glyph(ch), EMU_GLYPH_LINES) == 0;
}

/* Pixels outside columns x0..x1 and lines y0..y1. */
static int outside(const uint8_t *g, int x0, int x1, int y0, int y1)
{
	int n = 0;

	for (int y = 0; y < EMU_GLYPH_LINES; y++)
		for (int x = 0; x < 8; x++)
			if ((g[y] & (0x80 >> x)) &&
			    (x < x0 || x > x1 || y < y0 || y > y1))
				n++;
	return n;
}

static void test_font(void)
{
	static const uint8_t diacritics[] = {
		VTX_ACCENT_GRAVE, VTX_ACCENT_ACUTE, VTX_ACCENT_CIRCUMFLEX,
		VTX_ACCENT_DIAERESIS, VTX_ACCENT_CEDILLA};
	const uint8_t *box = emu_font_glyph(EMU_FONT_BOX);
	int missing = 0;

	INT_EQ(emu_font_check(), 0, "the glyph sheet is well formed");
	for (int c = 0x20; c < 0x80; c++)
		if (!OK(emu_font_has(vtx_charset_g0((uint8_t)c)),
			"G0 %02X has a glyph", c))
			missing++;
	for (int c = 0x20; c < 0x80; c++) {
		uint32_t u = vtx_charset_g2((uint8_t)c);

		if (u && !OK(emu_font_has(u), "G2 %02X has a glyph", c))
			missing++;
	}
	OK(emu_font_has(VTX_G2_UNDEFINED), "undefined G2 shows a glyph");
	for (size_t d = 0; d < sizeof diacritics; d++)
		for (int l = 'a'; l <= 'z'; l++) {
			uint32_t u = vtx_charset_accent(diacritics[d],
							(uint8_t)l);

			if (u && !OK(emu_font_has(u), "accent %02X + %c",
				     diacritics[d], l))
				missing++;
		}
	INT_EQ(missing, 0, "every character the decoder shows is drawn");
	OK(!emu_font_has(0x4E2D) && glyph_is(box, 0x4E2D) &&
	   glyph_is(box, '^') && glyph_is(box, 0x7B),
	   "characters without a glyph show the box");
	OK(outside(box, 0, 7, 0, 9) == 0 && box[4] != 0, "the box is drawn");
	OK(glyph_is(emu_font_glyph(0x2191), 0x2191) &&
	   !glyph_is(emu_font_glyph('A'), 'B'), "glyphs differ");
	for (int c = 0x20; c < 0x80; c++) {
		const uint8_t *g = emu_font_glyph((uint32_t)c);

		if ((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9'))
			INT_EQ(outside(g, 1, 5, 1, 7), 0,
			       "'%c' keeps to the 5 x 7 box", c);
		if (c >= 'a' && c <= 'z')
			INT_EQ(outside(g, 1, 5, 1, 9), 0,
			       "'%c' keeps to columns 1-5, descends at most "
			       "to line 9", c);
	}
	{
		const uint8_t *g = emu_font_glyph(0x5F), *m;

		OK(g[9] == 0xFF && outside(g, 0, 7, 9, 9) == 0,
		   "G0 5F: a full-width bar on the last line");
		g = emu_font_glyph(0x2588);
		m = emu_font_mosaic(63, 0);
		OK(memcmp(g, m, 10) == 0, "G0 7F is the full block");
		g = emu_font_glyph(0x2502);
		OK(outside(g, 3, 3, 0, 9) == 0 && g[0] && g[9],
		   "G0 7C: the centre bar joins from cell to cell");
	}
}

/* Mosaics against a pixel model: bands of 3, 4, 3 lines, halves of 4
 * columns; separated: column 0 of each half and the last line of each
 * band stay background (videotex.md §2). */
static void test_mosaics(void)
{
	int bad = 0;

	for (int sep = 0; sep < 2; sep++)
		for (unsigned m = 0; m < 64; m++) {
			const uint8_t *g = emu_font_mosaic(m, sep);

			for (int y = 0; y < 10; y++)
				for (int x = 0; x < 8; x++) {
					int band = y < 3 ? 0 : y < 7 ? 1 : 2;
					int last = y == 2 || y == 6 || y == 9;
					int bit = 2 * band + (x >= 4);
					int on = (m >> bit) & 1;

					if (sep && (x % 4 == 0 || last))
						on = 0;
					bad += on != !!(g[y] & (0x80 >> x));
				}
		}
	INT_EQ(bad, 0, "the 128 mosaics, pixel by pixel");
}

/*** Attribute rules on single cells ***/

/* The 8 x 10 bits a cell shows (1 = foreground colour `fgc`). */
static void cell_bits(const vtx_screen *s, const emu_view *v, int row,
		      int col, uint32_t fgc, uint8_t out[10])
{
	uint8_t *px = render(s, v);

	for (int y = 0; y < 10; y++) {
		out[y] = 0;
		for (int x = 0; x < 8; x++)
			if (pixel_at(px, EMU_WIDTH, col * 8 + x,
				     row * 10 + y) == fgc)
				out[y] |= (uint8_t)(0x80 >> x);
	}
	free(px);
}

static void screen_of(const char *stream, vtx_screen *s)
{
	vtx_buf b = {0};

	bytes(&b, stream);
	decode(&b, s);
	vtx_buf_free(&b);
}

/* Blink, conceal, underline. */
static void test_attributes(void)
{
	emu_view v = {EMU_PALETTE_COLOUR, 0, 0, 0, 1};
	const uint32_t white = 0xFFFFFF;
	const uint8_t *a = emu_font_glyph('A');
	uint8_t got[10], want[10], zero[10] = {0};
	vtx_screen s;

	screen_of("\x0c" "A", &s);
	cell_bits(&s, &v, 1, 0, white, got);
	MEM_EQ(got, a, 10, "a plain A is its glyph");

	screen_of("\x0c\x1b\x48" "A", &s); /* blink */
	cell_bits(&s, &v, 1, 0, white, got);
	MEM_EQ(got, a, 10, "blink, shown phase");
	v.blink_on = 1;
	cell_bits(&s, &v, 1, 0, white, got);
	MEM_EQ(got, zero, 10, "blink, hidden phase: background only");

	screen_of("\x0c\x1b\x48\x1b\x5d" "A", &s); /* blink + invert */
	cell_bits(&s, &v, 1, 0, white, got);
	for (int y = 0; y < 10; y++)
		want[y] = (uint8_t)~a[y];
	MEM_EQ(got, want, 10, "inverted blink shows when others hide");
	v.blink_on = 0;
	cell_bits(&s, &v, 1, 0, white, got);
	memset(want, 0xFF, 10);
	MEM_EQ(got, want, 10, "inverted blink hides when others show");

	screen_of("\x0c\x1b\x58 A", &s); /* conceal zone */
	cell_bits(&s, &v, 1, 1, white, got);
	MEM_EQ(got, zero, 10, "concealed: background");
	v.reveal = 1;
	cell_bits(&s, &v, 1, 1, white, got);
	MEM_EQ(got, a, 10, "concealed, revealed by the view");
	v.reveal = 0;
	screen_of("\x0c\x1b\x58 A\x1b\x23\x20\x5f", &s); /* global reveal */
	cell_bits(&s, &v, 1, 1, white, got);
	MEM_EQ(got, a, 10, "concealed, revealed by ESC # SP _");

	screen_of("\x0c\x1b\x5a A", &s); /* underline zone */
	cell_bits(&s, &v, 1, 1, white, got);
	memcpy(want, a, 10);
	want[9] = 0xFF;
	MEM_EQ(got, want, 10, "underline: line 10 across the cell");
	cell_bits(&s, &v, 1, 0, white, got);
	MEM_EQ(got, zero, 10, "the delimiter is not underlined");

}

/* Sizes, invert, separated mosaics, the cursor, DRCS. */
static void test_cells(void)
{
	emu_view v = {EMU_PALETTE_COLOUR, 0, 0, 0, 1};
	const uint32_t white = 0xFFFFFF, red = 0xFF0000;
	const uint8_t *a = emu_font_glyph('A');
	uint8_t got[10], want[10], zero[10] = {0};
	vtx_screen s;

	screen_of("\x0c\x1f\x44\x41\x1b\x5a \x1f\x45\x41\x1b\x5a \x1b\x4d"
		  "A", &s); /* rows 4 and 5 underlined, a tall A across */
	cell_bits(&s, &v, 4, 1, white, got);
	for (int y = 0; y < 10; y++)
		want[y] = a[y / 2];
	MEM_EQ(got, want, 10, "upper half: glyph lines 0-4 doubled, no "
	       "underline although its row's zone is underlined");
	cell_bits(&s, &v, 5, 1, white, got);
	OK(got[9] == 0xFF, "double height: underline on the lower half");
	for (int y = 0; y < 9; y++)
		want[y] = a[5 + y / 2];
	OK(memcmp(got, want, 9) == 0, "lower half: glyph lines 5-9 doubled");

	screen_of("\x0c\x1f\x45\x41\x1b\x4e" "A", &s); /* double width */
	cell_bits(&s, &v, 5, 0, white, got);
	for (int y = 0; y < 10; y++) {
		want[y] = 0;
		for (int x = 0; x < 8; x++)
			if (a[y] & (0x80 >> (x / 2)))
				want[y] |= (uint8_t)(0x80 >> x);
	}
	MEM_EQ(got, want, 10, "double width: left half magnified");

	screen_of("\x0c\x1b\x41\x1b\x5d" "A", &s); /* red, inverted */
	cell_bits(&s, &v, 1, 0, red, got);
	for (int y = 0; y < 10; y++)
		want[y] = (uint8_t)~a[y];
	MEM_EQ(got, want, 10, "invert: red background, black glyph");

	screen_of("\x0c\x0e\x1b\x5a\x35", &s); /* separated left column */
	cell_bits(&s, &v, 1, 0, white, got);
	MEM_EQ(got, emu_font_mosaic(0x15, 1), 10, "separated mosaic");

	screen_of("\x0c" "AB\x11", &s); /* cursor after "AB" */
	v.cursor = 1;
	cell_bits(&s, &v, 1, 2, white, got);
	memset(want, 0xFF, 10);
	MEM_EQ(got, want, 10, "cursor: a block on an empty cell");
	cell_bits(&s, &v, 1, 0, white, got);
	MEM_EQ(got, a, 10, "cursor: other cells untouched");
	screen_of("\x0c" "AB", &s); /* cursor off (COF at power-on) */
	cell_bits(&s, &v, 1, 2, white, got);
	MEM_EQ(got, zero, 10, "no cursor while the screen has it off");

	{
		vtx_buf b = {0};

		byte(&b, VTX_C0_FF);
		drcs(&b, 0, 0x41, drcs_glyphs, 1);
		bytes(&b, "\x1b\x28\x20\x42" "A");
		decode(&b, &s);
		vtx_buf_free(&b);
		v.cursor = 0;
		cell_bits(&s, &v, 1, 0, white, got);
		MEM_EQ(got, drcs_glyphs[0], 10, "a DRCS cell is its pattern");
	}
}

static void test_palette_blink(void)
{
	static const uint32_t grey[8] = {0x000000, 0x808080, 0xB3B3B3,
					 0xE6E6E6, 0x666666, 0x999999,
					 0xCCCCCC, 0xFFFFFF};
	static const uint32_t colour[8] = {0x000000, 0xFF0000, 0x00FF00,
					   0xFFFF00, 0x0000FF, 0xFF00FF,
					   0x00FFFF, 0xFFFFFF};
	const unsigned long p = EMU_BLINK_PERIOD_MS;

	for (int c = 0; c < 8; c++) {
		INT_EQ(emu_palette_rgb(EMU_PALETTE_GREY, c), grey[c],
		       "grey level of colour %d", c);
		INT_EQ(emu_palette_rgb(EMU_PALETTE_COLOUR, c), colour[c],
		       "plain colour %d", c);
	}
	for (int i = 1; i < 8; i++)
		OK(emu_palette_rgb(EMU_PALETTE_GREY, by_brightness[i]) >
		   emu_palette_rgb(EMU_PALETTE_GREY, by_brightness[i - 1]),
		   "grey order %d", i);
	OK(emu_blink_phase(0) == 0 && emu_blink_phase(p / 2 - 1) == 0 &&
	   emu_blink_phase(p / 2) == 1 && emu_blink_phase(p - 1) == 1 &&
	   emu_blink_phase(p) == 0 && emu_blink_phase(7 * p + p / 2) == 1,
	   "blink: shown then hidden, half a period each");
}

/*** minitel decode --png ***/

/* The tool of this build variant, from argv[0] = build/V/tests/NAME. */
static void find_tool(const char *argv0, char *tool, size_t size)
{
	char variant[4096];
	char *slash;

	snprintf(variant, sizeof variant, "%s", argv0);
	for (int i = 0; i < 2; i++) {
		slash = strrchr(variant, '/');
		if (slash)
			*slash = 0;
	}
	slash = strrchr(variant, '/');
	if (strcmp(slash ? slash + 1 : variant, "plain") == 0)
		snprintf(tool, size, "bin/minitel");
	else
		snprintf(tool, size, "%s/minitel", variant);
}

static int run(const char *tool, const char *args)
{
	char cmd[8192];
	int st;

	snprintf(cmd, sizeof cmd, "%s %s >/dev/null 2>&1", tool, args);
	st = system(cmd);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static void test_cli(const char *argv0)
{
	char tool[4200], dir[] = "/tmp/minitel-render-XXXXXX", args[9000];
	char vdt[4200], png[4200];
	emu_view v = {EMU_PALETTE_COLOUR, 0, 1, 0, 2};
	vtx_buf b = {0};
	vtx_screen s;
	FILE *f;

	find_tool(argv0, tool, sizeof tool);
	if (access(tool, X_OK) != 0 || !mkdtemp(dir)) {
		check_skip("decode --png: no tool in this build");
		return;
	}
	scene_conceal(&b);
	snprintf(vdt, sizeof vdt, "%s/in.vdt", dir);
	snprintf(png, sizeof png, "%s/out.png", dir);
	f = fopen(vdt, "wb");
	if (!f || fwrite(b.data, 1, b.len, f) != b.len || fclose(f) != 0)
		abort();
	snprintf(args, sizeof args, "decode --png %s --scale 2 --colour "
		 "--reveal %s", png, vdt);
	decode(&b, &s);
	if (INT_EQ(run(tool, args), 0, "minitel %s", args)) {
		int w, h, n;
		uint8_t *got = stbi_load(png, &w, &h, &n, 4), *want;

		want = render(&s, &v);
		if (OK(got && w == 640 && h == 500, "640 x 500 PNG"))
			same_pixels(got, want, w, h, "decode --png");
		stbi_image_free(got);
		free(want);
	}
	snprintf(args, sizeof args, "decode --png %s %s", png, vdt);
	if (INT_EQ(run(tool, args), 0, "minitel %s", args)) {
		int w, h, n;
		uint8_t *got = stbi_load(png, &w, &h, &n, 4), *want;

		v = (emu_view){EMU_PALETTE_GREY, 0, 0, 0, 1};
		want = render(&s, &v);
		if (OK(got && w == 320 && h == 250, "320 x 250 PNG by default"))
			same_pixels(got, want, w, h, "decode --png, grey");
		stbi_image_free(got);
		free(want);
	}
	snprintf(args, sizeof args, "decode --png %s --scale 0 %s", png, vdt);
	INT_EQ(run(tool, args), 2, "--scale 0 is a usage error");
	snprintf(args, sizeof args, "decode --png %s --scale 9 %s", png, vdt);
	INT_EQ(run(tool, args), 2, "--scale 9 is a usage error");
	snprintf(args, sizeof args, "decode --colour %s", vdt);
	INT_EQ(run(tool, args), 2, "--colour without --png");
	snprintf(args, sizeof args, "decode --png %s -o %s/x %s", png, dir,
		 vdt);
	INT_EQ(run(tool, args), 2, "--png with -o");
	snprintf(args, sizeof args, "decode --png %s/no/such/dir.png %s", dir,
		 vdt);
	INT_EQ(run(tool, args), 1, "--png to a folder that does not exist");
	snprintf(args, sizeof args, "decode --help | grep -q -- --png");
	INT_EQ(run(tool, args), 0, "--help tells of --png");
	vtx_buf_free(&b);
	remove(vdt);
	remove(png);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	write_golden = argc > 1 && strcmp(argv[1], "--write-golden") == 0;
	if (write_golden)
		mkdir(GOLDEN_DIR, 0777);
	for (size_t i = 0; i < NSCENES; i++)
		golden(&scenes[i]);
	if (write_golden)
		return check_done();
	test_blank();
	test_properties();
	test_font();
	test_mosaics();
	test_attributes();
	test_cells();
	test_palette_blink();
	test_cli(argv[0]);
	return check_done();
}
