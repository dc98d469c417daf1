/* Screen model (videotex/screen.h) and dumps (videotex/dump.h): zone
 * propagation of vtx_screen_shown on hand-made rows (videotex.md §4,
 * EF9345 model), vtx_screen_equal / vtx_screen_diff, and the
 * minitel-screen v1 dump written then parsed back (screen-dump.md). */
#include "check.h"

#include "videotex/dump.h"
#include "videotex/screen.h"
#include "videotex/term.h"

static vtx_cell text(uint32_t ch)
{
	vtx_cell c = vtx_cell_blank();

	c.kind = VTX_KIND_ALPHA;
	c.ch = ch;
	return c;
}

static vtx_cell delimiter(uint8_t bg, uint8_t attr)
{
	vtx_cell c = text(' ');

	c.bg = bg;
	c.attr = VTX_ATTR_DELIM | attr;
	return c;
}

static vtx_cell mosaic(uint8_t code, uint8_t bg, uint8_t attr)
{
	vtx_cell c = vtx_cell_blank();

	c.ch = code;
	c.bg = bg;
	c.attr = attr;
	return c;
}

static void test_blank(void)
{
	static vtx_screen s;
	vtx_shown row[VTX_COLS];
	vtx_cell b = vtx_cell_blank();

	/* §3: clears leave black mosaic spaces */
	INT_EQ(b.kind, VTX_KIND_MOSAIC, "blank is a mosaic");
	INT_EQ(b.ch, 0x20, "blank is a space");
	INT_EQ(b.fg, 7, "blank fg white");
	INT_EQ(b.bg, 0, "blank bg black");
	vtx_screen_init(&s);
	INT_EQ(s.cursor_row, 1, "power-on cursor row 1");
	INT_EQ(s.cursor_col, 0, "power-on cursor column 1");
	INT_EQ(s.cursor_on, 0, "power-on cursor hidden");
	INT_EQ(s.reveal, 0, "power-on masking on");
	vtx_screen_shown(&s, 24, row);
	INT_EQ(row[39].kind, VTX_KIND_MOSAIC, "power-on cell kind");
	INT_EQ(row[39].flags, 0, "power-on cell flags");
}

/* Row 5: "A" [delim bg4 U] "BC" [mosaic bg2] "D" [delim bg0] "E"
 * Row 6: "F" (a new row starts black, no underline) */
static void test_zones(void)
{
	static vtx_screen s;
	vtx_shown row[VTX_COLS];

	vtx_screen_init(&s);
	s.cells[5][0] = text('A');
	s.cells[5][1] = delimiter(4, VTX_ATTR_UNDERLINE | VTX_ATTR_BLINK);
	s.cells[5][2] = text('B');
	s.cells[5][3] = text('C');
	s.cells[5][3].bg = 6; /* a text cell's own bg does not show */
	s.cells[5][4] = mosaic(0x23, 2, 0);
	s.cells[5][5] = text('D');
	s.cells[5][6] = delimiter(0, 0);
	s.cells[5][7] = text('E');
	s.cells[6][0] = text('F');
	vtx_screen_shown(&s, 5, row);
	INT_EQ(row[0].bg, 0, "a row starts black");
	INT_EQ(row[0].flags, 0, "a row starts not underlined");
	INT_EQ(row[1].bg, 4, "delimiter shows its new background");
	INT_EQ(row[1].flags, 0, "delimiter neither underlined nor blinking");
	INT_EQ(row[2].bg, 4, "text takes its zone's background");
	INT_EQ(row[2].flags, VTX_SHOW_UNDERLINE, "text in an underlined zone");
	INT_EQ(row[3].bg, 4, "text ignores its own stored background");
	INT_EQ(row[4].bg, 2, "a mosaic shows its own background");
	INT_EQ(row[4].flags, 0, "a mosaic is never underlined");
	INT_EQ(row[5].bg, 2, "a mosaic is a background delimiter");
	INT_EQ(row[5].flags, 0, "a mosaic ends underlining");
	INT_EQ(row[6].bg, 0, "the next delimiter ends the zone");
	INT_EQ(row[7].bg, 0, "text after it");
	vtx_screen_shown(&s, 6, row);
	INT_EQ(row[0].bg, 0, "the next row starts black");
	INT_EQ(row[0].flags, 0, "the next row starts not underlined");
}

static void test_conceal_and_flags(void)
{
	static vtx_screen s;
	vtx_shown row[VTX_COLS];
	vtx_cell c;

	vtx_screen_init(&s);
	s.cells[3][0] = delimiter(0, VTX_ATTR_CONCEAL);
	s.cells[3][1] = text('A');
	s.cells[3][2] = mosaic(0x7F, 0, VTX_ATTR_SEPARATED | VTX_ATTR_BLINK |
				       VTX_ATTR_INVERT);
	s.cells[3][3] = text('B');
	c = text('C');
	c.attr = VTX_ATTR_INVERT | VTX_ATTR_BLINK;
	s.cells[3][4] = c;
	s.cells[3][5] = delimiter(0, 0);
	s.cells[3][6] = text('D');
	vtx_screen_shown(&s, 3, row);
	INT_EQ(row[1].flags, VTX_SHOW_CONCEAL, "concealed zone");
	INT_EQ(row[2].flags,
	       VTX_SHOW_SEPARATED | VTX_SHOW_BLINK | VTX_SHOW_CONCEAL,
	       "mosaic: separated, blinking, never inverted; a mosaic does "
	       "not end concealment");
	INT_EQ(row[3].flags, VTX_SHOW_CONCEAL, "still concealed after it");
	INT_EQ(row[4].flags,
	       VTX_SHOW_INVERT | VTX_SHOW_BLINK | VTX_SHOW_CONCEAL,
	       "inverted blinking text");
	INT_EQ(row[6].flags, 0, "a delimiter ends concealment");
	s.reveal = 1; /* §4 ESC # SP _ */
	vtx_screen_shown(&s, 3, row);
	INT_EQ(row[1].flags, 0, "revealed");
	INT_EQ(row[4].flags, VTX_SHOW_INVERT | VTX_SHOW_BLINK,
	       "revealed, other flags kept");
}

static void test_drcs_kinds(void)
{
	static vtx_screen s;
	vtx_shown row[VTX_COLS];
	vtx_cell c;

	vtx_screen_init(&s);
	s.cells[2][0] = delimiter(5, VTX_ATTR_UNDERLINE);
	c = text(0x41);
	c.kind = VTX_KIND_DRCS0;
	s.cells[2][1] = c;
	c = mosaic(0x61, 3, 0);
	c.kind = VTX_KIND_DRCS1;
	s.cells[2][2] = c;
	s.cells[2][3] = text('A');
	vtx_screen_shown(&s, 2, row);
	INT_EQ(row[1].bg, 5, "G'0 glyph takes its zone like text");
	INT_EQ(row[1].flags, VTX_SHOW_UNDERLINE, "G'0 glyph underlined");
	INT_EQ(row[2].bg, 3, "G'1 glyph carries its background like a "
			     "mosaic");
	INT_EQ(row[3].bg, 3, "G'1 glyph is a background delimiter");
	INT_EQ(row[3].flags, 0, "G'1 glyph ends underlining");
}

static void test_equal_and_diff(void)
{
	static vtx_screen a, b;
	int row = -1, col = -1;

	vtx_screen_init(&a);
	vtx_screen_init(&b);
	OK(vtx_screen_equal(&a, &b), "two power-on screens are equal");
	INT_EQ(vtx_screen_diff(&a, &b, 0, &row, &col), 0, "no difference");
	b.cursor_row = 7;
	b.cursor_col = 9;
	b.cursor_on = 1;
	OK(vtx_screen_equal(&a, &b), "the cursor is not compared");
	b.cells[4][2].bg = 5; /* a blank mosaic: shows its bg */
	b.cells[9][30] = text('Z');
	INT_EQ(vtx_screen_diff(&a, &b, 0, &row, &col), 2, "two cells differ");
	INT_EQ(row, 4, "first difference row");
	INT_EQ(col, 2, "first difference column");
	OK(!vtx_screen_equal(&a, &b), "not equal");

	/* a stored value that does not show is not a difference */
	vtx_screen_init(&b);
	b.cells[1][0] = text('A');
	a.cells[1][0] = text('A');
	b.cells[1][0].bg = 6;
	OK(vtx_screen_equal(&a, &b), "a text cell's stored bg does not show");

	/* screen-dump.md: row 0, columns 36-39 may be skipped */
	b.cells[0][37] = text('C');
	INT_EQ(vtx_screen_diff(&a, &b, 0, NULL, NULL), 1, "indicator counted");
	INT_EQ(vtx_screen_diff(&a, &b, 1, NULL, NULL), 0, "indicator skipped");
	b.cells[0][35] = text('C');
	INT_EQ(vtx_screen_diff(&a, &b, 1, &row, &col), 1,
	       "column 35 is not an indicator");
	INT_EQ(col, 35, "column 35");
}

static void test_equal_drcs(void)
{
	static vtx_screen a, b;
	vtx_cell c = text(0x41);

	vtx_screen_init(&a);
	vtx_screen_init(&b);
	a.drcs[0][0x41 - 0x20][0] = 0xFF;
	OK(vtx_screen_equal(&a, &b), "a glyph no cell shows is not compared");
	c.kind = VTX_KIND_DRCS0;
	a.cells[1][0] = c;
	b.cells[1][0] = c;
	OK(!vtx_screen_equal(&a, &b), "a shown glyph is compared");
	b.drcs[0][0x41 - 0x20][0] = 0xFF;
	OK(vtx_screen_equal(&a, &b), "same glyph");
	b.drcs[1][0x41 - 0x20][0] = 0x0F;
	OK(vtx_screen_equal(&a, &b), "the other set's glyph is not compared");
}

static int dump_cell_equal(const vtx_dump_cell *a, const vtx_dump_cell *b)
{
	return a->kind == b->kind && a->ch == b->ch && a->fg == b->fg &&
	       a->bg == b->bg && a->width == b->width &&
	       a->height == b->height && a->part_x == b->part_x &&
	       a->part_y == b->part_y && memcmp(a->flags, b->flags, 5) == 0;
}

/* vtx_dump_parse(vtx_dump_write(s)) gives vtx_dump_cell_of each cell. */
static void round_trip(const vtx_screen *s, const char *name)
{
	static vtx_dump_cell cells[VTX_ROWS][VTX_COLS];
	vtx_buf out = {0}, again = {0};
	vtx_shown row[VTX_COLS];
	int bad_line = 0, bad = 0;

	INT_EQ(vtx_dump_write(s, "source: test\nsecond line", &out), 0,
	       "%s: written", name);
	INT_EQ(vtx_dump_parse((const char *)out.data, out.len, cells,
			      &bad_line), 0, "%s: parsed (bad line %d)", name,
	       bad_line);
	for (int r = 0; r < VTX_ROWS; r++) {
		vtx_screen_shown(s, r, row);
		for (int c = 0; c < VTX_COLS; c++) {
			vtx_dump_cell want = vtx_dump_cell_of(&row[c]);

			bad += !dump_cell_equal(&cells[r][c], &want);
		}
	}
	INT_EQ(bad, 0, "%s: every cell read back", name);
	vtx_dump_write(s, "source: test\nsecond line", &again);
	OK(out.len == again.len && memcmp(out.data, again.data, out.len) == 0,
	   "%s: deterministic", name);
	OK(out.len > 52 &&
	   memcmp(out.data, "# minitel-screen v1\n# source: test\n"
		  "# second line\n00|", 52) == 0,
	   "%s: header and comment lines", name);
	vtx_buf_free(&out);
	vtx_buf_free(&again);
}

static void decode_str(const char *bytes, size_t n, vtx_screen *s)
{
	if (vtx_decode((const uint8_t *)bytes, n, s) < 0)
		abort();
}

static void test_dump_round_trip(void)
{
	/* text, G2, accents, mosaics (separated, coloured), sizes, blink,
	 * invert, underline, conceal, row 0, DRCS of both sets */
	static const char stream[] =
		"\x0c\x1f\x40\x41" "STATUS\x0a"
		"\x1f\x43\x41\x1b\x4f\x1b\x42" "Big\x1b\x4c\x1b\x5d" "inv"
		"\x1b\x54\x1b\x5a\x20" "under\x1b\x58\x20" "hid"
		"\x1f\x45\x41\x0e\x1b\x43\x1b\x55\x23\x35\x1b\x5a\x6a\x7f"
		"\x0f\x1b\x48\x19\x42\x65\x19\x23\x19\x7b\x5e\x60\x7b\x7f"
		"\x1f\x23\x20\x20\x20\x42\x49\x1f\x23\x41\x30\x7f\x7f\x30"
		"\x1f\x23\x20\x20\x20\x43\x49\x1f\x23\x61\x30\x60\x30"
		"\x1f\x47\x41\x1b\x28\x20\x42" "AA\x1b\x29\x20\x43\x0e" "a";
	static vtx_screen s;
	static vtx_dump_cell cells[VTX_ROWS][VTX_COLS];
	int bad_line = 0;
	vtx_buf out = {0};

	vtx_screen_init(&s);
	round_trip(&s, "power-on");
	decode_str(stream, sizeof stream - 1, &s);
	round_trip(&s, "mixed page");
	s.reveal = 1;
	round_trip(&s, "mixed page revealed");

	/* a truncated dump is rejected, with the line */
	vtx_dump_write(&s, NULL, &out);
	OK(vtx_dump_parse((const char *)out.data, out.len - 200, cells,
			  &bad_line) < 0, "truncated dump rejected");
	OK(bad_line > 1000, "bad line reported (%d)", bad_line);
	vtx_buf_free(&out);
}

static void test_dump_text(void)
{
	static vtx_screen s;
	vtx_buf out = {0};
	int lines = 0;

	decode_str("\x0c\x41\x0e\x35", 4, &s);
	INT_EQ(vtx_dump_text(&s, &out), 0, "text view written");
	for (size_t i = 0; i < out.len; i++)
		lines += out.data[i] == '\n';
	INT_EQ(lines, VTX_ROWS, "25 rows");
	OK(vtx_buf_byte(&out, 0) == 0 &&
	   strstr((const char *)out.data, "\n01|A\xe2\x96\x8c ") != NULL,
	   "row 01 shows A and a left half block");
	vtx_buf_free(&out);
}

int main(void)
{
	test_blank();
	test_zones();
	test_conceal_and_flags();
	test_drcs_kinds();
	test_equal_and_diff();
	test_equal_drcs();
	test_dump_round_trip();
	test_dump_text();
	return check_done();
}
