/* videotex/charset.h -- the Minitel character sets G0, G1 and G2.
 *
 * Maps Videotex codes to the Unicode characters a decoder shows and back.
 * The tables are data (videotex/tables/ *.tbl, turned into .inc files by the
 * Makefile). Follows STUM1B §2-2-1-2-3 and videotex.md §5. */
#ifndef VTX_CHARSET_H
#define VTX_CHARSET_H

#include <stddef.h>
#include <stdint.h>

/* C0 codes (STUM1B §2-2-1-2-5, §2-2-1-2-6). */
enum {
	VTX_C0_NUL = 0x00,
	VTX_C0_BEL = 0x07,
	VTX_C0_BS = 0x08,
	VTX_C0_HT = 0x09,
	VTX_C0_LF = 0x0A,
	VTX_C0_VT = 0x0B,
	VTX_C0_FF = 0x0C,
	VTX_C0_CR = 0x0D,
	VTX_C0_SO = 0x0E,
	VTX_C0_SI = 0x0F,
	VTX_C0_CON = 0x11,
	VTX_C0_REP = 0x12,
	VTX_C0_SEP = 0x13,
	VTX_C0_COF = 0x14,
	VTX_C0_SS2_LEGACY = 0x16, /* legacy page files; never emitted */
	VTX_C0_CAN = 0x18,
	VTX_C0_SS2 = 0x19,
	VTX_C0_SUB = 0x1A,
	VTX_C0_ESC = 0x1B,
	VTX_C0_SS3 = 0x1D,
	VTX_C0_RS = 0x1E,
	VTX_C0_US = 0x1F,
	VTX_SP = 0x20,
	VTX_DEL = 0x7F
};

/* G2 non-spacing diacritics. */
enum {
	VTX_ACCENT_GRAVE = 0x41,
	VTX_ACCENT_ACUTE = 0x42,
	VTX_ACCENT_CIRCUMFLEX = 0x43,
	VTX_ACCENT_DIAERESIS = 0x48,
	VTX_ACCENT_CEDILLA = 0x4B
};

/* What G2 shows for a code it cannot display. */
#define VTX_G2_UNDEFINED 0x5Fu

/* The Unicode character shown for G0 code 0x20..0x7F. */
uint32_t vtx_charset_g0_table(uint8_t code);
static inline uint32_t vtx_charset_g0(uint8_t code)
{
	code &= 0x7F;
	if (code < 0x5E || (code > 0x60 && code < 0x7B))
		return code; /* as ASCII: letters, digits, punctuation */
	return vtx_charset_g0_table(code);
}

/* The Unicode character shown for G2 symbol `code`, or 0 when the code is
 * not a symbol (a diacritic, or undefined: the caller shows "_"). */
uint32_t vtx_charset_g2(uint8_t code);

/* Nonzero when G2 `code` is a non-spacing diacritic. */
int vtx_charset_is_diacritic(uint8_t code);

/* The accented letter shown for diacritic + G0 letter, or 0 when the
 * Minitel has no such letter (it then shows the base letter alone). */
uint32_t vtx_charset_accent(uint8_t diacritic, uint8_t letter);

/* The shortest Videotex bytes that show Unicode `ch` as an alphanumeric
 * cell: one G0 byte, SS2 + symbol, or SS2 + diacritic + letter. Writes at
 * most 3 bytes to `out` and returns their count, or 0 when `ch` has no
 * Minitel form. */
size_t vtx_charset_encode(uint32_t ch, uint8_t out[3]);

/* The character to send a terminal with a VGP2 chip instead of `ch`
 * (videotex.md §5, STUM img/p104): the VGP5-only characters cannot show
 * there -- § and ß come out as "_", a o u with a diaeresis as the bare
 * letter -- so each gets a one-cell stand-in (§ -> S, ß -> s, ä -> a,
 * ö -> o, ü -> u); any other character is returned as it is. */
uint32_t vtx_charset_vgp2(uint32_t ch);

#endif
