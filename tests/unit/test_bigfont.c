/* core/bigfont: the block font for titles. A golden rendering (checked by
 * eye), then properties of every glyph: ink, declared width, and the
 * blank column between neighbours. */
#include "check.h"

#include "core/bigfont.h"

#define MAXW 400

/* Renders text as FONT_HEIGHT lines of '#' and '.', one string. */
static const char *art(const char *s)
{
	static uint8_t bits[FONT_HEIGHT * MAXW];
	static char out[FONT_HEIGHT * (MAXW + 1) + 1];
	int w = font_width(s, strlen(s)), k = 0;

	if (w > MAXW)
		return "too wide";
	memset(bits, 0, sizeof bits);
	font_draw(s, strlen(s), bits, w, FONT_HEIGHT, 0, 0);
	for (int y = 0; y < FONT_HEIGHT; y++) {
		for (int x = 0; x < w; x++)
			out[k++] = bits[y * w + x] ? '#' : '.';
		out[k++] = '\n';
	}
	out[k] = 0;
	return out;
}

/* Every character the font is asked to draw itself. */
static const char listed[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,!?-':/&+() ";

static void test_golden(void)
{
	STR_EQ(art("MINITEL 1982"),
	       "#...#.###.#...#.###.#####.####.#.........#...##...##...##.\n"
	       "##.##..#..##..#..#....#...#....#........##..#..#.#..#.#..#\n"
	       "#.#.#..#..#.#.#..#....#...###..#.........#..#..#..##.....#\n"
	       "#...#..#..#..##..#....#...#....#.........#...###.#..#...#.\n"
	       "#...#..#..#...#..#....#...#....#.........#.....#.#..#..#..\n"
	       "#...#.###.#...#.###...#...####.####.....###..##...##..####\n",
	       "MINITEL 1982");
	STR_EQ(art("A"),
	       ".##.\n"
	       "#..#\n"
	       "#..#\n"
	       "####\n"
	       "#..#\n"
	       "#..#\n",
	       "A");
	STR_EQ(art("R"),
	       "###.\n"
	       "#..#\n"
	       "#..#\n"
	       "###.\n"
	       "#.#.\n"
	       "#..#\n",
	       "R");
}

static void test_glyphs(void)
{
	for (const char *p = listed; *p; p++) {
		const char *const *rows = NULL;
		int w = font_glyph((unsigned char)*p, &rows), ink = 0;
		int left = 0, right = 0;

		if (!OK(w >= 1 && w <= FONT_MAX_WIDTH && rows,
			"'%c' has a glyph (width %d)", *p, w))
			continue;
		for (int y = 0; y < FONT_HEIGHT; y++) {
			INT_EQ(strlen(rows[y]), w, "'%c' row %d width", *p, y);
			OK(strspn(rows[y], "#.") == strlen(rows[y]),
			   "'%c' row %d is # and .", *p, y);
			ink += (int)(strlen(rows[y]) - strspn(rows[y], "."));
			left += rows[y][0] == '#';
			right += rows[y][w - 1] == '#';
		}
		if (*p == ' ') {
			INT_EQ(w, 3, "space width");
			INT_EQ(ink, 0, "space has no ink");
			continue;
		}
		OK(ink > 0, "'%c' has ink", *p);
		/* The declared width is tight: ink in the first and last
		 * columns, so the gap column is what separates letters. */
		OK(left > 0 && right > 0, "'%c' fills its width", *p);
		INT_EQ(font_width(p, 1), w, "'%c' font_width", *p);
	}
	INT_EQ(font_glyph(0x152, NULL), 0, "Œ is two glyphs");
	INT_EQ(font_glyph(0x1F600, NULL), 0, "no emoji glyph");
}

/* The font's glyphs are found by their character, in a table: exactly
 * these ASCII characters have one (lower case letters the capital's),
 * and no other byte does. */
static void test_table(void)
{
	static const char drawn[] =
		"ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.,;:!?-+'\"/&() ";

	for (unsigned c = 1; c < 0x80; c++) {
		unsigned up = c >= 'a' && c <= 'z' ? c - 'a' + 'A' : c;
		int has = strchr(drawn, (int)up) != NULL;
		const char *const *rows = NULL, *const *up_rows = NULL;
		int w = font_glyph(c, &rows);
		char one = (char)c;

		INT_EQ(w != 0, has, "byte 0x%02X has a glyph", c);
		if (!has)
			INT_EQ(font_width(&one, 1), 3, "0x%02X: a blank", c);
		if (w && up != c &&
		    INT_EQ(font_glyph(up, &up_rows), w,
			   "0x%02X as wide as 0x%02X", c, up))
			OK(rows == up_rows, "0x%02X drawn as 0x%02X", c, up);
	}
	INT_EQ(font_glyph(0, NULL), 0, "NUL has no glyph");
	INT_EQ(font_width(";\"", 2), 2 + 1 + 3, "; and \" widths");
}

/* Any two neighbours are separated by a blank column. */
static void test_gaps(void)
{
	static uint8_t bits[FONT_HEIGHT * 16];
	int failures = 0;

	for (const char *a = listed; *a && failures < 5; a++) {
		for (const char *b = listed; *b && failures < 5; b++) {
			char s[3] = {*a, *b, 0};
			int wa = font_glyph((unsigned char)*a, NULL);
			int wb = font_glyph((unsigned char)*b, NULL);
			int w = font_width(s, 2), blank = 1;

			if (w != wa + 1 + wb) {
				INT_EQ(w, wa + 1 + wb, "\"%s\" width", s);
				failures++;
				continue;
			}
			memset(bits, 0, sizeof bits);
			INT_EQ(font_draw(s, 2, bits, w, FONT_HEIGHT, 0, 0), w,
			       "\"%s\" drawn width", s);
			for (int y = 0; y < FONT_HEIGHT; y++)
				blank &= bits[y * w + wa] == 0;
			if (!OK(blank, "\"%s\" gap column blank", s))
				failures++;
		}
	}
}

static void test_folding(void)
{
	char want[FONT_HEIGHT * (MAXW + 1) + 1];

	snprintf(want, sizeof want, "%s", art("MINITEL"));
	STR_EQ(art("minitel"), want, "lower case as capitals");
	snprintf(want, sizeof want, "%s", art("EEEEAACOUUII"));
	STR_EQ(art("éèêëàâçôûùîï"), want, "accented lower case");
	STR_EQ(art("ÉÈÊËÀÂÇÔÛÙÎÏ"), want, "accented capitals");
	snprintf(want, sizeof want, "%s", art("OEUVRE"));
	STR_EQ(art("Œuvre"), want, "Œ as OE");
	snprintf(want, sizeof want, "%s", art("L'ETE"));
	STR_EQ(art("L’été"), want, "typographic apostrophe");
	INT_EQ(font_width("", 0), 0, "empty");
	INT_EQ(font_width("😀", strlen("😀")), 3, "unknown: blank of 3");
	INT_EQ(font_width("A😀B", strlen("A😀B")), 4 + 1 + 3 + 1 + 4,
	       "unknown between letters");
	snprintf(want, sizeof want, "%s", art("A B"));
	STR_EQ(art("A😀B"), want, "unknown drawn blank");
	INT_EQ(font_width("\xFF", 1), 3, "invalid byte: blank");
}

static void test_clipping(void)
{
	uint8_t bits[4 * 3];
	int w;

	/* "T" moved up 3 rows and left 2 columns into a 4 x 3 bitmap: its
	 * lower stem shows in column 0; the rest is clipped. */
	memset(bits, 0, sizeof bits);
	w = font_draw("T", 1, bits, 4, 3, -2, -3);
	INT_EQ(w, 5, "width returned even when clipped");
	for (int y = 0; y < 3; y++)
		for (int x = 0; x < 4; x++)
			INT_EQ(bits[y * 4 + x], x == 0, "clip %d,%d", x, y);
	memset(bits, 0, sizeof bits);
	font_draw("MINITEL", 7, bits, 4, 3, 10, 5); /* wholly outside */
	for (int i = 0; i < 12; i++)
		INT_EQ(bits[i], 0, "outside %d", i);
}

int main(void)
{
	test_golden();
	test_glyphs();
	test_table();
	test_gaps();
	test_folding();
	test_clipping();
	return check_done();
}
