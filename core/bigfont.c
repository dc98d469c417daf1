/* core/bigfont.c -- large letters drawn in mosaic sub-pixels.
 *
 * The font is this project's own design, drawn for the mosaic grid: a
 * sub-pixel is 4 x 3.33 screen pixels (videotex.md §2), so a glyph 4 wide
 * and 6 high shows as 16 x 20 pixels, a little taller than wide, as
 * capitals should be. Strokes are one sub-pixel thick; diagonals (M N V W
 * X Z 2 7 /) step one sub-pixel a row, which the eye reads as a slope at
 * this size. Every glyph uses the full height (no descenders: there is no
 * room for them in two cell rows), and the blank column drawn between
 * glyphs keeps neighbours apart.
 *
 * Lower case is drawn as capitals and accented letters as their base
 * letter (é -> E, videotex.md §5 has no accented capitals either), so a
 * title needs no second alphabet. Glyphs are data: one string a row,
 * '#' ink and '.' paper, exactly `width` characters long, in a table
 * indexed by the ASCII character (a width of 0: no glyph), so that a
 * character's glyph is one look-up, not a search of the font. */
#include "bigfont.h"

#include <string.h>

#include "text.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum { GAP = 1 }; /* blank columns between glyphs */

typedef struct glyph {
	unsigned char width; /* 0: the font has no glyph for this byte */
	const char *rows[FONT_HEIGHT];
} glyph;

static const glyph glyphs[128] = {
	[' '] = {3, {"...", "...", "...", "...", "...", "..."}},
	['A'] = {4, {".##.", "#..#", "#..#", "####", "#..#", "#..#"}},
	['B'] = {4, {"###.", "#..#", "###.", "#..#", "#..#", "###."}},
	['C'] = {4, {".###", "#...", "#...", "#...", "#...", ".###"}},
	['D'] = {4, {"###.", "#..#", "#..#", "#..#", "#..#", "###."}},
	['E'] = {4, {"####", "#...", "###.", "#...", "#...", "####"}},
	['F'] = {4, {"####", "#...", "###.", "#...", "#...", "#..."}},
	['G'] = {4, {".###", "#...", "#...", "#.##", "#..#", ".###"}},
	['H'] = {4, {"#..#", "#..#", "####", "#..#", "#..#", "#..#"}},
	['I'] = {3, {"###", ".#.", ".#.", ".#.", ".#.", "###"}},
	['J'] = {4, {"..##", "...#", "...#", "...#", "#..#", ".##."}},
	['K'] = {4, {"#..#", "#.#.", "##..", "#.#.", "#..#", "#..#"}},
	['L'] = {4, {"#...", "#...", "#...", "#...", "#...", "####"}},
	['M'] = {5, {"#...#", "##.##", "#.#.#", "#...#", "#...#", "#...#"}},
	['N'] = {5, {"#...#", "##..#", "#.#.#", "#..##", "#...#", "#...#"}},
	['O'] = {4, {".##.", "#..#", "#..#", "#..#", "#..#", ".##."}},
	['P'] = {4, {"###.", "#..#", "#..#", "###.", "#...", "#..."}},
	['Q'] = {4, {".##.", "#..#", "#..#", "#..#", "#.#.", ".#.#"}},
	['R'] = {4, {"###.", "#..#", "#..#", "###.", "#.#.", "#..#"}},
	['S'] = {4, {".###", "#...", ".##.", "...#", "...#", "###."}},
	['T'] = {5, {"#####", "..#..", "..#..", "..#..", "..#..", "..#.."}},
	['U'] = {4, {"#..#", "#..#", "#..#", "#..#", "#..#", ".##."}},
	['V'] = {5, {"#...#", "#...#", "#...#", ".#.#.", ".#.#.", "..#.."}},
	['W'] = {5, {"#...#", "#...#", "#...#", "#.#.#", "##.##", "#...#"}},
	['X'] = {4, {"#..#", "#..#", ".##.", ".##.", "#..#", "#..#"}},
	['Y'] = {5, {"#...#", "#...#", ".#.#.", "..#..", "..#..", "..#.."}},
	['Z'] = {4, {"####", "...#", "..#.", ".#..", "#...", "####"}},
	['0'] = {4, {".##.", "#..#", "#.##", "##.#", "#..#", ".##."}},
	['1'] = {3, {".#.", "##.", ".#.", ".#.", ".#.", "###"}},
	['2'] = {4, {".##.", "#..#", "...#", "..#.", ".#..", "####"}},
	['3'] = {4, {"###.", "...#", ".##.", "...#", "...#", "###."}},
	['4'] = {4, {"..#.", ".##.", "#.#.", "####", "..#.", "..#."}},
	['5'] = {4, {"####", "#...", "###.", "...#", "...#", "###."}},
	['6'] = {4, {".##.", "#...", "###.", "#..#", "#..#", ".##."}},
	['7'] = {4, {"####", "...#", "..#.", ".#..", ".#..", ".#.."}},
	['8'] = {4, {".##.", "#..#", ".##.", "#..#", "#..#", ".##."}},
	['9'] = {4, {".##.", "#..#", "#..#", ".###", "...#", ".##."}},
	['.'] = {1, {".", ".", ".", ".", ".", "#"}},
	[','] = {2, {"..", "..", "..", "..", ".#", "#."}},
	[';'] = {2, {"..", ".#", "..", "..", ".#", "#."}},
	[':'] = {1, {".", "#", ".", ".", "#", "."}},
	['!'] = {1, {"#", "#", "#", "#", ".", "#"}},
	['?'] = {4, {".##.", "#..#", "..#.", ".#..", "....", ".#.."}},
	['-'] = {3, {"...", "...", "###", "...", "...", "..."}},
	['+'] = {3, {"...", ".#.", "###", ".#.", "...", "..."}},
	['\''] = {1, {"#", "#", ".", ".", ".", "."}},
	['"'] = {3, {"#.#", "#.#", "...", "...", "...", "..."}},
	['/'] = {3, {"..#", "..#", ".#.", ".#.", "#..", "#.."}},
	['&'] = {5, {".##..", "#..#.", ".##..", "#.#.#", "#..#.", ".##.#"}},
	['('] = {2, {".#", "#.", "#.", "#.", "#.", ".#"}},
	[')'] = {2, {"#.", ".#", ".#", ".#", ".#", "#."}},
};

/* Latin-1 letters U+00C0..U+00FF as the capitals drawn for them; "" when
 * the font has nothing (× ÷ and Icelandic thorn). */
static const char *const latin1_caps[64] = {
	"A", "A", "A", "A", "A", "A", "AE", "C",  /* C0 */
	"E", "E", "E", "E", "I", "I", "I",  "I",  /* C8 */
	"D", "N", "O", "O", "O", "O", "O",  "",   /* D0 */
	"O", "U", "U", "U", "U", "Y", "",   "SS", /* D8 */
	"A", "A", "A", "A", "A", "A", "AE", "C",  /* E0 */
	"E", "E", "E", "E", "I", "I", "I",  "I",  /* E8 */
	"D", "N", "O", "O", "O", "O", "O",  "",   /* F0 */
	"O", "U", "U", "U", "U", "Y", "",   "Y",  /* F8 */
};

/* Other characters drawn with the font's glyphs. */
static const struct {
	uint32_t cp;
	const char *as;
} others[] = {
	{0x0152, "OE"}, {0x0153, "OE"}, {0x0178, "Y"},  {0x00AB, "\""},
	{0x00BB, "\""}, {0x2013, "-"},  {0x2014, "-"},  {0x2018, "'"},
	{0x2019, "'"},  {0x201C, "\""}, {0x201D, "\""}, {0x2026, "..."},
	{0x00A0, " "},
};

static const glyph *find(char ch)
{
	unsigned char c = (unsigned char)ch;

	return c < COUNT(glyphs) && glyphs[c].width ? &glyphs[c] : NULL;
}

/* The font characters for code point cp: a string of up to 3 of them,
 * or "" when the font has no drawing (a blank is drawn instead). */
static const char *spell(uint32_t cp, char one[2])
{
	if (cp < 0x80) {
		one[0] = (char)(cp >= 'a' && cp <= 'z' ? cp - 'a' + 'A' : cp);
		one[1] = 0;
		return find(one[0]) ? one : "";
	}
	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1_caps[cp - 0xC0];
	for (size_t i = 0; i < COUNT(others); i++)
		if (others[i].cp == cp)
			return others[i].as;
	return "";
}

static void plot(const glyph *g, uint8_t *bitmap, int w, int h, int x, int y)
{
	for (int r = 0; r < FONT_HEIGHT; r++) {
		if (y + r < 0 || y + r >= h)
			continue;
		for (int c = 0; c < g->width; c++)
			if (g->rows[r][c] == '#' && x + c >= 0 && x + c < w)
				bitmap[(size_t)(y + r) * (size_t)w +
				       (size_t)(x + c)] = 1;
	}
}

/* Lays the text out from x, drawing when bitmap is not NULL; returns the
 * width (gaps between glyphs, none after the last). */
static int lay(const char *utf8, size_t n, uint8_t *bitmap, int w, int h, int x,
	       int y)
{
	int pos = 0, any = 0;
	size_t i = 0;

	while (i < n) {
		char one[2];
		uint32_t cp;
		const char *s;

		i += txt_utf8_next(utf8 + i, n - i, &cp);
		s = spell(cp, one);
		if (!*s)
			s = " "; /* a character the font lacks: a blank, 3 wide */
		for (; *s; s++) {
			const glyph *g = find(*s);

			if (any)
				pos += GAP;
			if (bitmap)
				plot(g, bitmap, w, h, x + pos, y);
			pos += g->width;
			any = 1;
		}
	}
	return pos;
}

int font_width(const char *utf8, size_t n)
{
	return lay(utf8, n, NULL, 0, 0, 0, 0);
}

int font_draw(const char *utf8, size_t n, uint8_t *bitmap, int w, int h, int x,
	      int y)
{
	return lay(utf8, n, bitmap, w, h, x, y);
}

int font_glyph(uint32_t cp, const char *const **rows)
{
	char one[2];
	const char *s = spell(cp, one);
	const glyph *g;

	if (strlen(s) != 1)
		return 0;
	g = find(s[0]);
	if (rows)
		*rows = g->rows;
	return g->width;
}
