/* tests/term/term_harness.c -- runs the libvterm-style scripts
 * tests/term/NN_name.test against the decoder (videotex/term.h).
 *
 * Usage: term_harness FILE.test...   (tests/run.sh passes tests/term/ *.test)
 *
 * A script is a list of lines; leading blanks are ignored, and so are
 * empty lines and lines starting with '#'.
 *
 *   !Title                   starts a case; the title names the rule and its
 *                            videotex.md section ("!§3 BS: ...")
 *   RESET                    power-on (vtx_term_reset); clears the counters
 *   PUSH 0C 1F 41 41 "AB"    feeds bytes: two-digit hex and "quoted text"
 *                            (no escapes inside quotes; push 22 for '"')
 *
 * Checks (each one counts as passed or failed):
 *
 *   ?cell RR CC = kind char fg bg size part flags
 *                            one cell as the dump shows it (screen-dump.md),
 *                            without row and column; RR 00..24, CC 00..39;
 *                            fields separated by blanks; char is SP for a
 *                            space, U+XXXX for any character, * for a field
 *                            the case does not care about
 *   ?cursor = R C            vtx_term_cursor: row 0..24, column 1..40
 *   ?row RR = |text|         the text view of row RR; trailing blanks may be
 *                            left out
 *   ?pro = 1B 39 7B          the last protocol request reported (or "none")
 *   ?bell = N                BELs since RESET
 *   ?pages = N               FFs since RESET (the term's clear callback)
 *   ?con = 0|1               cursor shown (CON / COF)
 *   ?glyph G0|G1 CC = 10 hex bytes
 *                            a downloaded DRCS glyph, one byte a line
 *
 * Every case is also decoded a byte at a time alongside: at each check the
 * two screens and cursors must agree (split invariance); a disagreement is
 * reported as a failure of its own.
 *
 * Failures print "file:line: FAIL title: expected ... got ..."; the last
 * line is "N passed, N failed" (tests/run.sh reads it). */
#include <ctype.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "videotex/buf.h"
#include "videotex/dump.h"
#include "videotex/screen.h"
#include "videotex/term.h"

#define SCRIPT_LINE_MAX 4096
#define PRO_MAX 8
#define FIELDS 7

typedef struct decoder {
	vtx_screen screen;
	vtx_term *term;
	int bells;
	int pages;
	uint8_t pro[PRO_MAX];
	size_t npro;
} decoder;

typedef struct harness {
	decoder whole;  /* fed each PUSH line at once */
	decoder split;  /* fed one byte at a time */
	const char *file;
	int line;
	char title[SCRIPT_LINE_MAX];
	int title_line;
	int case_checks; /* checks in the current case */
	int passed, failed;
} harness;

/*** Decoder callbacks ***/

static void on_bell(void *user)
{
	((decoder *)user)->bells++;
}

static void on_pro(const uint8_t *seq, size_t n, void *user)
{
	decoder *d = user;

	d->npro = n < PRO_MAX ? n : PRO_MAX;
	memcpy(d->pro, seq, d->npro);
}

static void on_clear(int pages, void *user)
{
	((decoder *)user)->pages = pages + 1;
}

static const vtx_term_callbacks callbacks = {
	.bell = on_bell,
	.pro = on_pro,
	.clear = on_clear,
};

static int decoder_init(decoder *d)
{
	memset(d, 0, sizeof *d);
	d->term = vtx_term_new(&d->screen, &callbacks, d);
	if (!d->term)
		return -1;
	vtx_term_reset(d->term);
	return 0;
}

static void decoder_reset(decoder *d)
{
	vtx_term_reset(d->term);
	d->bells = 0;
	d->pages = 0;
	d->npro = 0;
}

/*** Reporting ***/

static void pass(harness *h)
{
	h->passed++;
	h->case_checks++;
}

static void fail(harness *h, const char *expected, const char *got)
{
	h->failed++;
	h->case_checks++;
	printf("%s:%d: FAIL %s: expected %s got %s\n", h->file, h->line,
	       h->title[0] ? h->title : "(no title)", expected, got);
}

/* A malformed script line: a failure, so that a typo cannot hide a check. */
static void bad_line(harness *h, const char *why)
{
	h->failed++;
	printf("%s:%d: bad line: %s\n", h->file, h->line, why);
}

static void check(harness *h, int ok, const char *expected, const char *got)
{
	if (ok)
		pass(h);
	else
		fail(h, expected, got);
}

/*** Parsing helpers ***/

static char *skip_blanks(char *s)
{
	while (*s == ' ' || *s == '\t')
		s++;
	return s;
}

static int hex_digit(int c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	c = tolower(c);
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	return -1;
}

/* Parses "1B 39 7B" and "quoted text" tokens into out (at most max
 * bytes). Returns the count, or -1 on a bad token. */
static int parse_bytes(const char *s, uint8_t *out, int max)
{
	int n = 0;

	for (;;) {
		while (*s == ' ' || *s == '\t')
			s++;
		if (!*s)
			return n;
		if (*s == '"') {
			const char *end = strchr(s + 1, '"');

			if (!end)
				return -1;
			for (s++; s < end; s++) {
				if (n == max)
					return -1;
				out[n++] = (uint8_t)*s;
			}
			s++;
			continue;
		}
		if (hex_digit(s[0]) < 0 || hex_digit(s[1]) < 0 ||
		    (s[2] && s[2] != ' ' && s[2] != '\t' && s[2] != '"') ||
		    n == max)
			return -1;
		out[n++] = (uint8_t)(hex_digit(s[0]) << 4 | hex_digit(s[1]));
		s += 2;
	}
}

/* Splits s (modified) into at most max blank-separated fields. */
static int split_fields(char *s, char **f, int max)
{
	int n = 0;

	for (;;) {
		s = skip_blanks(s);
		if (!*s)
			return n;
		if (n == max)
			return max + 1;
		f[n++] = s;
		while (*s && *s != ' ' && *s != '\t')
			s++;
		if (*s)
			*s++ = 0;
	}
}

/* "name RR CC = rest": the text after '=' in *rest; returns 0 or -1. */
static int split_eq(char *args, char **rest)
{
	char *eq = strchr(args, '=');

	if (!eq)
		return -1;
	*eq = 0;
	*rest = skip_blanks(eq + 1);
	return 0;
}

static void format_bytes(const uint8_t *b, size_t n, char *out, size_t size)
{
	size_t at = 0;

	out[0] = 0;
	if (n == 0)
		snprintf(out, size, "none");
	for (size_t i = 0; i < n && at + 4 < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%02X",
				       i ? " " : "", b[i]);
}

/*** Cell checks ***/

/* The seven fields of a dump cell line, char written as SP for a space. */
static void cell_fields(const vtx_dump_cell *d, char f[FIELDS][16])
{
	vtx_buf b = {0};

	snprintf(f[0], 16, "%c", d->kind);
	if (d->kind == 'C' && d->ch == ' ') {
		snprintf(f[1], 16, "SP");
	} else if (d->kind == 'C') {
		vtx_buf_utf8(&b, d->ch);
		snprintf(f[1], 16, "%.*s", b.failed ? 0 : (int)b.len,
			 b.failed ? "" : (const char *)b.data);
		vtx_buf_free(&b);
	} else if (d->kind == 'M') {
		snprintf(f[1], 16, "%02X", d->ch);
	} else {
		snprintf(f[1], 16, "G%u:%02X", d->ch >> 8, d->ch & 0xFF);
	}
	snprintf(f[2], 16, "%d", d->fg);
	snprintf(f[3], 16, "%d", d->bg);
	snprintf(f[4], 16, "%dx%d", d->width, d->height);
	snprintf(f[5], 16, "%d%d", d->part_x, d->part_y);
	snprintf(f[6], 16, "%.5s", d->flags);
}

/* Expected char field "U+XXXX" against a 'C' cell. */
static int char_matches(const char *want, const vtx_dump_cell *d,
			const char *got)
{
	if (strcmp(want, "*") == 0 || strcmp(want, got) == 0)
		return 1;
	if (d->kind == 'C' && strncmp(want, "U+", 2) == 0 && want[2])
		return strtoul(want + 2, NULL, 16) == d->ch;
	return 0;
}

static void check_cell(harness *h, char *args)
{
	char *rest, *pos[3], *want[FIELDS + 1];
	char got[FIELDS][16], exp_s[256], got_s[256];
	vtx_shown row[VTX_COLS];
	vtx_dump_cell d;
	int r, c, ok = 1;

	if (split_eq(args, &rest) < 0 || split_fields(args, pos, 2) != 2 ||
	    split_fields(rest, want, FIELDS) != FIELDS) {
		bad_line(h, "want ?cell RR CC = kind char fg bg size part "
			    "flags");
		return;
	}
	r = atoi(pos[0]);
	c = atoi(pos[1]);
	if (r < 0 || r >= VTX_ROWS || c < 0 || c >= VTX_COLS) {
		bad_line(h, "cell outside the screen");
		return;
	}
	vtx_screen_shown(&h->whole.screen, r, row);
	d = vtx_dump_cell_of(&row[c]);
	cell_fields(&d, got);
	for (int i = 0; i < FIELDS; i++) {
		if (i == 1)
			ok &= char_matches(want[i], &d, got[i]);
		else
			ok &= strcmp(want[i], "*") == 0 ||
			      strcmp(want[i], got[i]) == 0;
	}
	snprintf(exp_s, sizeof exp_s, "%s %s %s %s %s %s %s", want[0],
		 want[1], want[2], want[3], want[4], want[5], want[6]);
	snprintf(got_s, sizeof got_s, "%s %s %s %s %s %s %s", got[0], got[1],
		 got[2], got[3], got[4], got[5], got[6]);
	check(h, ok, exp_s, got_s);
}

/*** Other checks ***/

/* The text view of row r, trailing blanks removed, into out. */
static void row_text(const vtx_screen *s, int r, char *out, size_t size)
{
	vtx_buf b = {0};
	char lead[8];
	const char *p, *end;
	size_t n;

	out[0] = 0;
	if (vtx_dump_text(s, &b) < 0 || vtx_buf_byte(&b, 0) < 0) {
		vtx_buf_free(&b);
		return;
	}
	snprintf(lead, sizeof lead, "%02d|", r);
	p = strstr((const char *)b.data, lead);
	if (p) {
		p += strlen(lead);
		end = strchr(p, '\n');
		n = (size_t)(end - p) - 1; /* without the closing '|' */
		while (n > 0 && p[n - 1] == ' ')
			n--;
		snprintf(out, size, "%.*s", (int)n, p);
	}
	vtx_buf_free(&b);
}

static void check_row(harness *h, char *args)
{
	char *rest, *pos[2], *end;
	char got[1024], want[1024], exp_s[1100], got_s[1100];
	size_t n;

	if (split_eq(args, &rest) < 0 || split_fields(args, pos, 1) != 1 ||
	    rest[0] != '|') {
		bad_line(h, "want ?row RR = |text|");
		return;
	}
	end = strrchr(rest + 1, '|');
	n = end ? (size_t)(end - rest - 1) : strlen(rest + 1);
	while (n > 0 && rest[n] == ' ')
		n--;
	snprintf(want, sizeof want, "%.*s", (int)n, rest + 1);
	if (atoi(pos[0]) < 0 || atoi(pos[0]) >= VTX_ROWS) {
		bad_line(h, "row outside the screen");
		return;
	}
	row_text(&h->whole.screen, atoi(pos[0]), got, sizeof got);
	snprintf(exp_s, sizeof exp_s, "|%s|", want);
	snprintf(got_s, sizeof got_s, "|%s|", got);
	check(h, strcmp(want, got) == 0, exp_s, got_s);
}

static void check_cursor(harness *h, char *args)
{
	char *rest, *f[3], exp_s[64], got_s[64];
	int r, c;

	if (split_eq(args, &rest) < 0 || split_fields(rest, f, 2) != 2) {
		bad_line(h, "want ?cursor = R C");
		return;
	}
	vtx_term_cursor(h->whole.term, &r, &c);
	snprintf(exp_s, sizeof exp_s, "%d %d", atoi(f[0]), atoi(f[1]));
	snprintf(got_s, sizeof got_s, "%d %d", r, c);
	check(h, r == atoi(f[0]) && c == atoi(f[1]), exp_s, got_s);
}

static void check_pro(harness *h, char *args)
{
	char *rest, exp_s[64], got_s[64];
	uint8_t want[PRO_MAX];
	int n = 0;

	if (split_eq(args, &rest) < 0) {
		bad_line(h, "want ?pro = bytes");
		return;
	}
	if (strncmp(rest, "none", 4) != 0)
		n = parse_bytes(rest, want, PRO_MAX);
	if (n < 0) {
		bad_line(h, "bad bytes");
		return;
	}
	format_bytes(want, (size_t)n, exp_s, sizeof exp_s);
	format_bytes(h->whole.pro, h->whole.npro, got_s, sizeof got_s);
	check(h, strcmp(exp_s, got_s) == 0, exp_s, got_s);
}

/* ?bell = N, ?pages = N, ?con = N */
static void check_count(harness *h, char *args, int got)
{
	char *rest, *f[2], exp_s[32], got_s[32];

	if (split_eq(args, &rest) < 0 || split_fields(rest, f, 1) != 1) {
		bad_line(h, "want ?name = N");
		return;
	}
	snprintf(exp_s, sizeof exp_s, "%d", atoi(f[0]));
	snprintf(got_s, sizeof got_s, "%d", got);
	check(h, atoi(f[0]) == got, exp_s, got_s);
}

static void check_glyph(harness *h, char *args)
{
	char *rest, *f[3], exp_s[64], got_s[64];
	uint8_t want[VTX_DRCS_LINES];
	int set, code;

	if (split_eq(args, &rest) < 0 || split_fields(args, f, 2) != 2 ||
	    (strcmp(f[0], "G0") != 0 && strcmp(f[0], "G1") != 0) ||
	    parse_bytes(rest, want, VTX_DRCS_LINES) != VTX_DRCS_LINES) {
		bad_line(h, "want ?glyph G0|G1 CC = 10 bytes");
		return;
	}
	set = f[0][1] - '0';
	code = (int)strtol(f[1], NULL, 16) - 0x20;
	if (code < 0 || code >= VTX_DRCS_CODES) {
		bad_line(h, "DRCS code outside 20..7F");
		return;
	}
	format_bytes(want, VTX_DRCS_LINES, exp_s, sizeof exp_s);
	format_bytes(h->whole.screen.drcs[set][code], VTX_DRCS_LINES, got_s,
		     sizeof got_s);
	check(h, strcmp(exp_s, got_s) == 0, exp_s, got_s);
}

/* The byte-at-a-time decoder must agree with the whole-line one. */
static void check_split(harness *h)
{
	int r1, c1, r2, c2, row = 0, col = 0;
	char exp_s[64], got_s[64];

	vtx_term_cursor(h->whole.term, &r1, &c1);
	vtx_term_cursor(h->split.term, &r2, &c2);
	if (vtx_screen_diff(&h->whole.screen, &h->split.screen, 0, &row,
			    &col) == 0 &&
	    r1 == r2 && c1 == c2)
		return;
	snprintf(exp_s, sizeof exp_s, "cursor %d %d", r1, c1);
	snprintf(got_s, sizeof got_s, "cursor %d %d, first cell %d %d "
		 "differing when fed a byte at a time", r2, c2, row, col);
	h->case_checks--; /* fail() counts it; this is not a script check */
	fail(h, exp_s, got_s);
}

/*** Script lines ***/

static void push(harness *h, const char *args)
{
	uint8_t bytes[SCRIPT_LINE_MAX];
	int n = parse_bytes(args, bytes, (int)sizeof bytes);

	if (n < 0) {
		bad_line(h, "want PUSH hex bytes and \"text\"");
		return;
	}
	vtx_term_feed(h->whole.term, bytes, (size_t)n);
	for (int i = 0; i < n; i++)
		vtx_term_feed(h->split.term, &bytes[i], 1);
}

static void end_case(harness *h)
{
	if (h->title[0] && h->case_checks == 0) {
		h->failed++;
		printf("%s:%d: case has no checks: %s\n", h->file,
		       h->title_line, h->title);
	}
	h->case_checks = 0;
}

static int is_word(const char *s, const char *w, char **args)
{
	size_t n = strlen(w);

	if (strncmp(s, w, n) != 0 || (s[n] && s[n] != ' ' && s[n] != '\t'))
		return 0;
	*args = (char *)s + n;
	return 1;
}

static void query(harness *h, char *s)
{
	char *a;

	if (is_word(s, "?cell", &a))
		check_cell(h, a);
	else if (is_word(s, "?row", &a))
		check_row(h, a);
	else if (is_word(s, "?cursor", &a))
		check_cursor(h, a);
	else if (is_word(s, "?pro", &a))
		check_pro(h, a);
	else if (is_word(s, "?bell", &a))
		check_count(h, a, h->whole.bells);
	else if (is_word(s, "?pages", &a))
		check_count(h, a, h->whole.pages);
	else if (is_word(s, "?con", &a))
		check_count(h, a, h->whole.screen.cursor_on);
	else if (is_word(s, "?glyph", &a))
		check_glyph(h, a);
	else {
		bad_line(h, "unknown check");
		return;
	}
	check_split(h);
}

static void do_line(harness *h, char *s)
{
	char *a;

	s = skip_blanks(s);
	if (!*s || *s == '#')
		return;
	if (*s == '!') {
		end_case(h);
		snprintf(h->title, sizeof h->title, "%s", s + 1);
		h->title_line = h->line;
	} else if (is_word(s, "RESET", &a)) {
		decoder_reset(&h->whole);
		decoder_reset(&h->split);
	} else if (is_word(s, "PUSH", &a)) {
		push(h, a);
	} else if (*s == '?') {
		query(h, s);
	} else {
		bad_line(h, "unknown command");
	}
}

static int run_file(harness *h, const char *path)
{
	char line[SCRIPT_LINE_MAX];
	FILE *f = fopen(path, "r");

	if (!f) {
		printf("%s: cannot open\n", path);
		h->failed++;
		return -1;
	}
	h->file = path;
	h->line = 0;
	h->title[0] = 0;
	h->case_checks = 0;
	decoder_reset(&h->whole);
	decoder_reset(&h->split);
	while (fgets(line, sizeof line, f)) {
		line[strcspn(line, "\r\n")] = 0;
		h->line++;
		do_line(h, line);
	}
	end_case(h);
	fclose(f);
	return 0;
}

int main(int argc, char **argv)
{
	static harness h;

	if (decoder_init(&h.whole) < 0 || decoder_init(&h.split) < 0) {
		fprintf(stderr, "term_harness: out of memory\n");
		return 1;
	}
	for (int i = 1; i < argc; i++) {
		int before = h.failed, checks = h.passed + h.failed;

		run_file(&h, argv[i]);
		printf("%-4s %s (%d checks)\n",
		       h.failed > before ? "FAIL" : "ok", argv[i],
		       h.passed + h.failed - checks);
	}
	vtx_term_free(h.whole.term);
	vtx_term_free(h.split.term);
	printf("%d passed, %d failed\n", h.passed, h.failed);
	return h.failed ? 1 : 0;
}
