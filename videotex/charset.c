/* videotex/charset.c -- G0 / G2 tables and the reverse mapping.
 *
 * The tables come from videotex/tables/ *.tbl (STUM1B §2-2-1-2-3,
 * img/p100 for G0, img/p103 for G2 on the VGP5 chip). */
#include "charset.h"

typedef struct entry {
	uint32_t code;
	uint32_t ucs;
} entry;

static const entry g0_table[] = {
#include "g0.inc"
};
static const entry g2_table[] = {
#include "g2.inc"
};
static const entry accent_table[] = {
#include "accents.inc"
};

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

static uint32_t lookup(const entry *t, size_t n, uint32_t code)
{
	for (size_t i = 0; i < n; i++)
		if (t[i].code == code)
			return t[i].ucs;
	return 0;
}

uint32_t vtx_charset_g0_table(uint8_t code)
{
	uint32_t u;

	code &= 0x7F;
	u = lookup(g0_table, COUNT(g0_table), code);
	return u ? u : code;
}

uint32_t vtx_charset_g2(uint8_t code)
{
	return lookup(g2_table, COUNT(g2_table), code & 0x7Fu);
}

int vtx_charset_is_diacritic(uint8_t code)
{
	switch (code) {
	case VTX_ACCENT_GRAVE:
	case VTX_ACCENT_ACUTE:
	case VTX_ACCENT_CIRCUMFLEX:
	case VTX_ACCENT_DIAERESIS:
	case VTX_ACCENT_CEDILLA:
		return 1;
	default:
		return 0;
	}
}

uint32_t vtx_charset_accent(uint8_t diacritic, uint8_t letter)
{
	return lookup(accent_table, COUNT(accent_table),
		      (uint32_t)diacritic << 8 | letter);
}

size_t vtx_charset_encode(uint32_t ch, uint8_t out[3])
{
	/* G0 first: one byte. Most text is ASCII that G0 shows as itself;
	 * the few G0 codes whose glyph differs are found through the table
	 * (the ASCII character they replace is not reachable through G0). */
	if (ch >= 0x20 && ch < 0x80 && vtx_charset_g0((uint8_t)ch) == ch) {
		out[0] = (uint8_t)ch;
		return 1;
	}
	for (size_t i = 0; i < COUNT(g0_table); i++) {
		if (g0_table[i].ucs == ch) {
			out[0] = (uint8_t)g0_table[i].code;
			return 1;
		}
	}
	for (size_t i = 0; i < COUNT(g2_table); i++) {
		if (g2_table[i].ucs == ch && g2_table[i].code != 0x20) {
			out[0] = VTX_C0_SS2;
			out[1] = (uint8_t)g2_table[i].code;
			return 2;
		}
	}
	for (size_t i = 0; i < COUNT(accent_table); i++) {
		if (accent_table[i].ucs == ch) {
			out[0] = VTX_C0_SS2;
			out[1] = (uint8_t)(accent_table[i].code >> 8);
			out[2] = (uint8_t)(accent_table[i].code & 0xFF);
			return 3;
		}
	}
	return 0;
}

uint32_t vtx_charset_vgp2(uint32_t ch)
{
	switch (ch) {
	case 0x00A7: return 'S'; /* section sign: G2 27, VGP5 only */
	case 0x00DF: return 's'; /* sharp s: G2 7B, VGP5 only */
	case 0x00E4: return 'a'; /* 19 48 61, VGP5 only */
	case 0x00F6: return 'o'; /* 19 48 6F, VGP5 only */
	case 0x00FC: return 'u'; /* 19 48 75, VGP5 only */
	default: return ch;
	}
}
