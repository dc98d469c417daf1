/* DRCS glyph patterns (videotex.md §8): 8 x 10 pixels, rows top to bottom,
 * leftmost pixel = MSB, the 80 bits cut into 6-bit groups sent as
 * 0x40 + group, the 14th group carrying the last 2 bits in its bits 5-4;
 * trailing groups may be left out and are zero. */
#include "check.h"

#include "videotex/encode.h"
#include "videotex/term.h"

static void define(const uint8_t *pattern, size_t n, uint8_t glyph[10])
{
	uint8_t s[64];
	size_t k = 0;
	vtx_screen scr;
	const uint8_t head[] = {0x1F, 0x23, 0x20, 0x20, 0x20, 0x42, 0x49,
				0x1F, 0x23, 0x41, 0x30};

	memcpy(s, head, sizeof head);
	k = sizeof head;
	memcpy(s + k, pattern, n);
	k += n;
	s[k++] = 0x30;
	s[k++] = 0x1F; /* US r c leaves download mode */
	s[k++] = 0x41;
	s[k++] = 0x41;
	vtx_decode(s, k, &scr);
	memcpy(glyph, scr.drcs[0][0x41 - 0x20], 10);
	OK(scr.drcs_defined[0][0x41 - 0x20], "glyph 0x41 defined");
}

int main(void)
{
	uint8_t g[10];

	{ /* one group of six ones: the first six pixels of line 0 */
		const uint8_t p[] = {0x7F};

		define(p, sizeof p, g);
		INT_EQ(g[0], 0xFC, "§8 first group -> line 0 bits 7..2");
		INT_EQ(g[1], 0x00, "§8 missing groups are zero");
	}
	{ /* groups 2 and 3: bits 6..17 */
		const uint8_t p[] = {0x40, 0x7F, 0x7F};

		define(p, sizeof p, g);
		INT_EQ(g[0], 0x03, "§8 group 2 ends line 0");
		INT_EQ(g[1], 0xFF, "§8 group 2-3 fill line 1");
		INT_EQ(g[2], 0xC0, "§8 group 3 starts line 2");
	}
	{ /* the 14th group: its bits 5-4 are the last two pixels */
		uint8_t p[14];

		memset(p, 0x40, sizeof p);
		p[13] = 0x40 | 0x30;
		define(p, sizeof p, g);
		INT_EQ(g[9], 0x03, "§8 14th group -> line 9 bits 1..0");
		INT_EQ(g[8], 0x00, "§8 line 8 empty");
	}
	{ /* encoder and decoder agree on every single pixel */
		for (int bit = 0; bit < 80; bit++) {
			vtx_screen want, got;
			vtx_buf out = {0};

			vtx_screen_init(&want);
			want.drcs[0][0x21][bit / 8] = (uint8_t)(0x80 >> bit % 8);
			want.drcs_defined[0][0x21] = 1;
			want.cells[5][5].kind = VTX_KIND_DRCS0;
			want.cells[5][5].ch = 0x41;
			want.cells[5][5].fg = 7;
			vtx_encode_screen(&want, 0, &out);
			vtx_decode(out.data, out.len, &got);
			MEM_EQ(got.drcs[0][0x21], want.drcs[0][0x21], 10,
			       "pixel %d survives encode + decode", bit);
			vtx_buf_free(&out);
		}
	}
	return check_done();
}
