/* Character sets (videotex/charset.h, videotex/mosaic.h), exhaustively:
 * every G1 code and mask, every sextant, every G0/G2/accent table entry
 * through vtx_charset_encode and back through the decoder (house-style
 * §7.6 property 4). Expected values come from videotex.md §5. */
#include "check.h"

#include "videotex/charset.h"
#include "videotex/mosaic.h"
#include "videotex/term.h"

#define TL 1u
#define TR 2u
#define ML 4u
#define MR 8u
#define BL 16u
#define BR 32u

static int is_canonical(unsigned code)
{
	return (code >= 0x20 && code <= 0x3F) || (code >= 0x60 && code <= 0x7F);
}

/* §5: "code = 0x20 | (m & 0x1F) | ((m & 0x20) ? 0x40 : 0)" */
static unsigned spec_code(unsigned m)
{
	return 0x20 | (m & 0x1F) | ((m & 0x20) ? 0x40 : 0);
}

/* §5: sextants in "BLOCK SEXTANT" order, with the three older blocks */
static uint32_t spec_sextant(unsigned m)
{
	if (m == 0)
		return 0x20;
	if (m == 63)
		return 0x2588;
	if (m == 21)
		return 0x258C;
	if (m == 42)
		return 0x2590;
	return 0x1FB00 + m - 1 - (m > 21) - (m > 42);
}

static void test_g1_masks(void)
{
	int bad = 0;

	for (unsigned m = 0; m < 64; m++) {
		uint8_t code = vtx_mosaic_code(m);

		INT_EQ(code, spec_code(m), "mask %u -> code", m);
		OK(is_canonical(code), "mask %u -> canonical code", m);
		bad += vtx_mosaic_mask(code) != m;
	}
	INT_EQ(bad, 0, "all 64 masks -> code -> mask");
	/* §5 bit positions, one block at a time */
	INT_EQ(vtx_mosaic_mask(0x21), TL, "21 = top-left");
	INT_EQ(vtx_mosaic_mask(0x22), TR, "22 = top-right");
	INT_EQ(vtx_mosaic_mask(0x24), ML, "24 = middle-left");
	INT_EQ(vtx_mosaic_mask(0x28), MR, "28 = middle-right");
	INT_EQ(vtx_mosaic_mask(0x30), BL, "30 = bottom-left");
	INT_EQ(vtx_mosaic_mask(0x60), BR, "60 = bottom-right (bit 6)");
	INT_EQ(vtx_mosaic_mask(0x20), 0, "20 = empty");
	INT_EQ(vtx_mosaic_mask(0x23), TL | TR, "23 = top row");
	INT_EQ(vtx_mosaic_mask(0x35), TL | ML | BL, "35 = left column");
	INT_EQ(vtx_mosaic_mask(0x6A), TR | MR | BR, "6A = right column");
	INT_EQ(vtx_mosaic_mask(0x7F), 63, "7F = all six");
	INT_EQ(vtx_mosaic_mask(0x5F), 63, "5F = full block (documented)");
	INT_EQ(vtx_mosaic_canonical(0x5F), 0x7F, "5F is written 7F");
}

static void test_g1_codes(void)
{
	for (unsigned c = 0x20; c <= 0x7F; c++) {
		uint8_t canon = vtx_mosaic_canonical((uint8_t)c);

		OK(is_canonical(canon), "code %02X -> canonical", c);
		INT_EQ(vtx_mosaic_code(vtx_mosaic_mask((uint8_t)c)), canon,
		       "code %02X -> mask -> code", c);
		if (is_canonical(c))
			INT_EQ(canon, c, "canonical code %02X round trip", c);
		/* bit 7 is not part of the code (7E1 line) */
		INT_EQ(vtx_mosaic_mask((uint8_t)(c | 0x80)),
		       vtx_mosaic_mask((uint8_t)c), "code %02X | 80", c);
	}
}

static void test_sextants(void)
{
	uint32_t seen[64] = {0};

	for (unsigned m = 0; m < 64; m++) {
		uint32_t u = vtx_mosaic_unicode(m);

		INT_EQ(u, spec_sextant(m), "sextant of mask %u", m);
		OK(u == 0x20 || u == 0x2588 || u == 0x258C || u == 0x2590 ||
		   (u >= 0x1FB00 && u <= 0x1FB3B),
		   "mask %u in the documented ranges", m);
		for (unsigned k = 0; k < m; k++)
			if (seen[k] == u)
				OK(0, "masks %u and %u share U+%04X", k, m,
				   (unsigned)u);
		seen[m] = u;
	}
	/* the first and last sextants of U+1FB00..U+1FB3B are reached */
	INT_EQ(vtx_mosaic_unicode(1), 0x1FB00, "mask 1 = SEXTANT-1");
	INT_EQ(vtx_mosaic_unicode(62), 0x1FB3B, "mask 62 = SEXTANT-23456");
}

/* The character the decoder shows for `bytes` written at power-on. */
static uint32_t shown_char(const uint8_t *bytes, size_t n, uint8_t *kind)
{
	static vtx_screen s;
	vtx_shown row[VTX_COLS];

	if (vtx_decode(bytes, n, &s) < 0)
		abort();
	vtx_screen_shown(&s, 1, row);
	*kind = row[0].kind;
	return row[0].ch;
}

/* `ch` encodes to a form of `want_len` bytes that decodes back to `ch`. */
static void round_trip(uint32_t ch, size_t want_len, const char *what)
{
	uint8_t out[3], kind;
	size_t n = vtx_charset_encode(ch, out);

	INT_EQ(n, want_len, "%s U+%04X: encoded length", what, (unsigned)ch);
	if (n == 0)
		return;
	INT_EQ(shown_char(out, n, &kind), ch, "%s U+%04X: decoded back", what,
	       (unsigned)ch);
	INT_EQ(kind, VTX_KIND_ALPHA, "%s U+%04X: an alphanumeric cell", what,
	       (unsigned)ch);
}

/* §5 G0: ASCII but for these positions (screen-dump.md gives the
 * characters a decoder shows). */
static const struct {
	uint8_t code;
	uint32_t ucs;
} g0_special[] = {
	{0x5E, 0x2191}, {0x5F, 0x005F}, {0x60, 0x2500}, {0x7B, 0x258F},
	{0x7C, 0x2502}, {0x7D, 0x2595}, {0x7E, 0x2594}, {0x7F, 0x2588},
};

static uint32_t spec_g0(uint8_t code)
{
	for (size_t i = 0; i < sizeof g0_special / sizeof g0_special[0]; i++)
		if (g0_special[i].code == code)
			return g0_special[i].ucs;
	return code;
}

static void test_g0(void)
{
	for (unsigned c = 0x20; c <= 0x7F; c++) {
		uint32_t u = vtx_charset_g0((uint8_t)c);
		uint8_t out[3];

		INT_EQ(u, spec_g0((uint8_t)c), "G0 %02X", c);
		round_trip(u, 1, "G0");
		if (vtx_charset_encode(u, out) == 1)
			INT_EQ(out[0], c, "G0 U+%04X encodes as %02X",
			       (unsigned)u, c);
	}
	/* the ASCII characters G0 replaces have no single-byte form */
	static const uint32_t replaced[] = {'^', '`', '{', '|', '}', '~'};
	for (size_t i = 0; i < sizeof replaced / sizeof replaced[0]; i++) {
		uint8_t out[3];
		size_t n = vtx_charset_encode(replaced[i], out);

		OK(n != 1 || out[0] != replaced[i], "'%c' is not G0 %02X",
		   (char)replaced[i], (unsigned)replaced[i]);
	}
}

/* §5 G2 symbols table */
static const struct {
	uint8_t code;
	uint32_t ucs;
} g2_spec[] = {
	{0x23, 0x00A3}, {0x24, 0x0024}, {0x26, 0x0023}, {0x27, 0x00A7},
	{0x2C, 0x2190}, {0x2D, 0x2191}, {0x2E, 0x2192}, {0x2F, 0x2193},
	{0x30, 0x00B0}, {0x31, 0x00B1}, {0x38, 0x00F7}, {0x3C, 0x00BC},
	{0x3D, 0x00BD}, {0x3E, 0x00BE}, {0x6A, 0x0152}, {0x7A, 0x0153},
	{0x7B, 0x00DF},
};
#define NG2 (sizeof g2_spec / sizeof g2_spec[0])

static int in_g0(uint32_t u)
{
	for (unsigned c = 0x20; c <= 0x7F; c++)
		if (vtx_charset_g0((uint8_t)c) == u)
			return 1;
	return 0;
}

static void test_g2(void)
{
	int symbols = 0;

	for (size_t i = 0; i < NG2; i++)
		INT_EQ(vtx_charset_g2(g2_spec[i].code), g2_spec[i].ucs,
		       "G2 %02X", g2_spec[i].code);
	for (unsigned c = 0x21; c <= 0x7F; c++) {
		uint32_t u = vtx_charset_g2((uint8_t)c);
		uint8_t bytes[2] = {VTX_C0_SS2, (uint8_t)c}, kind;

		if (vtx_charset_is_diacritic((uint8_t)c)) {
			INT_EQ(u, 0, "G2 %02X is a diacritic", c);
			continue;
		}
		if (u == 0) {
			/* §5: an undefined G2 code shows "_" */
			INT_EQ(shown_char(bytes, 2, &kind), '_',
			       "undefined G2 %02X shows _", c);
			continue;
		}
		symbols++;
		INT_EQ(shown_char(bytes, 2, &kind), u, "SS2 %02X decoded", c);
		round_trip(u, in_g0(u) ? 1 : 2, "G2");
	}
	INT_EQ(symbols, NG2, "G2 has exactly the symbols of the table");
}

/* §5 displayable accented letters */
static const struct {
	uint8_t accent, letter;
	uint32_t ucs;
} accents_spec[] = {
	{0x41, 'a', 0xE0}, {0x43, 'a', 0xE2}, {0x48, 'a', 0xE4},
	{0x4B, 'c', 0xE7}, {0x41, 'e', 0xE8}, {0x42, 'e', 0xE9},
	{0x43, 'e', 0xEA}, {0x48, 'e', 0xEB}, {0x43, 'i', 0xEE},
	{0x48, 'i', 0xEF}, {0x43, 'o', 0xF4}, {0x48, 'o', 0xF6},
	{0x41, 'u', 0xF9}, {0x43, 'u', 0xFB}, {0x48, 'u', 0xFC},
};
#define NACCENTS (sizeof accents_spec / sizeof accents_spec[0])

static void test_accents(void)
{
	static const uint8_t diacritics[] = {0x41, 0x42, 0x43, 0x48, 0x4B};
	int count = 0;

	for (unsigned c = 0; c <= 0x7F; c++)
		INT_EQ(vtx_charset_is_diacritic((uint8_t)c),
		       memchr(diacritics, (int)c, sizeof diacritics) != NULL,
		       "is_diacritic(%02X)", c);
	for (size_t i = 0; i < NACCENTS; i++)
		INT_EQ(vtx_charset_accent(accents_spec[i].accent,
					  accents_spec[i].letter),
		       accents_spec[i].ucs, "accent %02X + %c",
		       accents_spec[i].accent, accents_spec[i].letter);
	for (size_t d = 0; d < sizeof diacritics; d++) {
		for (unsigned l = 0x20; l <= 0x7F; l++) {
			uint32_t u = vtx_charset_accent(diacritics[d],
							(uint8_t)l);
			uint8_t bytes[3] = {VTX_C0_SS2, diacritics[d],
					    (uint8_t)l}, kind;

			if (!u) {
				/* §5: the base character alone */
				INT_EQ(shown_char(bytes, 3, &kind),
				       vtx_charset_g0((uint8_t)l),
				       "%02X + %02X shows the base",
				       diacritics[d], l);
				continue;
			}
			count++;
			round_trip(u, 3, "accented");
		}
	}
	INT_EQ(count, NACCENTS, "exactly the documented accented letters");
}

static void test_no_form(void)
{
	/* §5: no upper-case accented letters in Vidéotex mode */
	static const uint32_t none[] = {0xC9, 0xC0, 0xC7, 0xE1, 0x4E00,
					0x1FB00, 0};
	uint8_t out[3];

	for (size_t i = 0; i < sizeof none / sizeof none[0]; i++)
		INT_EQ(vtx_charset_encode(none[i], out), 0,
		       "U+%04X has no Minitel form", (unsigned)none[i]);
}

int main(void)
{
	test_g1_masks();
	test_g1_codes();
	test_sextants();
	test_g0();
	test_g2();
	test_accents();
	test_no_form();
	return check_done();
}
