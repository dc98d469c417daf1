/* core/session.c -- browsing a site of notes pages, bytes both ways.
 *
 * How it works. Every key is one transition: the key changes the state
 * (view, page, input, message), compose() paints the screen that state
 * should show into `want` (a page of the site, or a page made here: help,
 * results, goodbye; then the row-0 message and the input zone over it),
 * and transmit() sends what turns the terminal's screen into `want`. The
 * terminal's screen is known because the session keeps a vtx_term fed
 * with every byte it sends (`term` / `shown`), the decoder's own picture
 * of a Minitel. No byte is ever written by hand: the message on row 0 and
 * the echo of typed characters are cells of `want` like any other, so the
 * model cannot drift from the terminal through a forgotten LF or
 * attribute.
 *
 * Candidate streams are tried for each transition, and the shortest one
 * that really produces `want` on a copy of the model (`trial`) is sent:
 *   - the delta from `shown` (vtx_encode_delta);
 *   - FF and the whole page (vtx_encode_screen), computed only when the
 *     delta is longer than any whole page could be (full_at_least);
 *   - US to the first changed row, CSI J (clear to the end of the screen)
 *     and the delta from there: shorter when the new page holds less
 *     than the old one, which the encoder alone overwrites cell by cell;
 *   - for a typed character, its bytes alone: the cursor is usually just
 *     after the previous echo (1 byte against 4 with US).
 * FF leaves row 0 alone (STUM1B §2-2-1-2-5) and the whole-page encoder
 * assumes the power-on row 0, so the trial is what makes that candidate
 * safe; pages of core/layout write every cell of row 0, and pass.
 *
 * Keyboard bytes go through the decoder's parser (videotex/parser.h),
 * which already knows SEP pairs, SS2 accents, ESC and PRO sequences and
 * splits; on_event() keeps the events that are keys (videotex.md §5-§6)
 * and drops the others.
 *
 * Pages made here follow core/layout's look (page-design.md): a status
 * row, a blue mosaic band (borrowed from a site page, or drawn with the
 * big font), text on black, keys in inverse video on row 24. */
#include "session.h"

#include <assert.h>
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigfont.h"
#include "text.h"
#include "videotex/buf.h"
#include "videotex/charset.h"
#include "videotex/encode.h"
#include "videotex/mosaic.h"
#include "videotex/parser.h"
#include "videotex/term.h"

#define MSG_MAX 128   /* bytes of a row-0 message (UTF-8) */
#define STATUS_LAST 35 /* row 0: columns 36-39 are the terminal's (§2) */
#define LEFT 1        /* text starts here, as in core/layout */
#define RIGHT 39
#define BAND_FIRST 1
#define BAND_ROWS 3
#define RULE_ROW 4
#define PROMPT_ROW LAY_BODY_LAST /* the sommaire's prompt */
#define SPARE_ROW 23  /* blank on every page of core/layout */
#define NAV_ROW 24
#define ZONE_MIN 4    /* a narrower zone moves to SPARE_ROW */
#define LIST_FIRST 6  /* results: row 5 says what was searched */
#define LIST_ROWS 16
#define NUMBER_DIGITS 6
#define HELP_TEXT 17  /* help: where the keys' descriptions start */

#if defined(__GNUC__) || defined(__clang__)
#define SES_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define SES_PRINTF(fmt, args)
#endif

enum { /* colours (videotex.md §2) */
	BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE
};

typedef struct zone {
	int row, first, width; /* width 0: no zone */
} zone;

struct ses_session {
	const vtx_screen *pages;
	const lay_site *site;
	const ses_callbacks *cb;
	void *user;
	vtx_screen shown;       /* the model: what the terminal shows */
	vtx_term *term;         /* fed with every byte sent */
	vtx_screen trial;       /* a candidate stream's result */
	vtx_term *trial_term;
	vtx_screen want;        /* the screen being composed */
	uint8_t hint[3];        /* a typed character's bytes: try them */
	size_t nhint;
	vtx_parser *keys;       /* keyboard bytes to events */
	vtx_buf out;            /* the bytes of one transition */
	ses_view view;
	ses_view help_from;     /* the view GUIDE was pressed in */
	int page;               /* site page shown, or under help/results */
	int started, done;
	int in_ident;           /* inside an SOH ... EOT reply */
	int err;                /* first failure of a ses_receive call */
	int bell;               /* the next transition starts with BEL */
	int pages_seen;
	uint32_t input[SES_INPUT_MAX];
	int ninput;
	char msg[MSG_MAX];
	uint32_t query[SES_INPUT_MAX]; /* the last search, as typed */
	int nquery;
	int *hits;              /* entries matching it, in site order */
	size_t nhits;
	int rpage;              /* results page shown */
	uint32_t *hay;          /* search text of one entry, folded */
	size_t hay_cap;
};

/*** Cells and text ***/

/* Layout colours are ints; cells store bytes. */
static vtx_cell alpha(uint32_t ch, int fg, uint8_t attr)
{
	return vtx_cell_alpha(ch, (uint8_t)fg, attr);
}

/* Latin-1 letters U+00C0..U+00FF without their accents, lower case:
 * '1' stands for "ae", '2' for "ss", '*' for a sign kept as it is. */
static const char latin1_base[] =
	"aaaaaa1ceeeeiiiidnooooo*ouuuuy*2aaaaaa1ceeeeiiiidnooooo*ouuuuy*y";

/* Folds a character for searching: lower case, accents dropped,
 * ligatures spelt out. Writes 1 or 2 characters to out, returns how
 * many. */
static int fold(uint32_t c, uint32_t out[2])
{
	char b = c >= 0xC0 && c <= 0xFF ? latin1_base[c - 0xC0] : 0;

	if (c >= 'A' && c <= 'Z') {
		out[0] = c - 'A' + 'a';
		return 1;
	}
	if (c == 0x152 || c == 0x153 || b == '1') { /* OE oe, AE ae */
		out[0] = b == '1' ? 'a' : 'o';
		out[1] = 'e';
		return 2;
	}
	if (b == '2') { /* sharp s */
		out[0] = out[1] = 's';
		return 2;
	}
	out[0] = b && b != '*' ? (uint32_t)b : c;
	return 1;
}

/* What a cell shows for `cp`: itself when the Minitel has it, else its
 * base letter (capitals stay capitals: É -> E), else '?'. */
static uint32_t displayable(uint32_t cp)
{
	uint8_t b[3];
	uint32_t f[2];

	if (cp < 0x20)
		return ' ';
	if (vtx_charset_encode(cp, b) > 0)
		return cp;
	if (cp >= 0xC0 && cp <= 0xFF && fold(cp, f) >= 1 && f[0] < 0x80) {
		if (cp < 0xE0 && f[0] >= 'a' && f[0] <= 'z')
			return f[0] - 'a' + 'A';
		return f[0];
	}
	return '?';
}

/* Writes UTF-8 text into row cells [col .. right]; returns the column
 * after it. */
static int put_text(vtx_cell *row, int col, const char *utf8, int fg,
		    uint8_t attr, int right)
{
	size_t n = strlen(utf8), i = 0;

	while (i < n && col <= right) {
		uint32_t cp;

		i += txt_utf8_next(utf8 + i, n - i, &cp);
		row[col++] = alpha(displayable(cp), fg, attr);
	}
	return col;
}

static int text_width(const char *utf8)
{
	size_t n = strlen(utf8), i = 0;
	int w = 0;

	while (i < n) {
		uint32_t cp;

		i += txt_utf8_next(utf8 + i, n - i, &cp);
		w++;
	}
	return w;
}

static void put_centred(vtx_screen *w, int row, const char *utf8, int fg)
{
	int width = text_width(utf8);
	int col = width < VTX_COLS ? (VTX_COLS - width) / 2 : 0;

	put_text(w->cells[row], col, utf8, fg, 0, RIGHT);
}

/* Code points to UTF-8 in out[cap], at most `max` of them; a cut text
 * ends with "..". */
static void to_utf8(const uint32_t *v, int n, int max, char *out,
		    size_t cap)
{
	vtx_buf b = {0};

	for (int i = 0; i < n && i < max; i++)
		vtx_buf_utf8(&b, i + 1 == max && n > max ? '.' : v[i]);
	if (n > max)
		vtx_buf_byte(&b, '.');
	snprintf(out, cap, "%.*s", b.data ? (int)b.len : 0,
		 b.data ? (const char *)b.data : "");
	vtx_buf_free(&b);
}

/*** The frame of a page (core/layout's look) ***/

/* Row 0: every cell written (alpha), as core/layout does, so that no
 * earlier status survives; the right part in cyan ends at STATUS_LAST. */
static void status_row(vtx_screen *w, const char *left, const char *right)
{
	int col = STATUS_LAST + 1 - text_width(right);

	for (int c = 0; c < VTX_COLS; c++)
		w->cells[0][c] = alpha(' ', WHITE, 0);
	if (col < LEFT)
		col = LEFT;
	put_text(w->cells[0], col, right, CYAN, 0, STATUS_LAST);
	put_text(w->cells[0], LEFT, left, WHITE, 0, col - 2);
}

/* Rows 1-3: large mosaic letters white on blue; row 4: a thin rule. */
static void band(vtx_screen *w, const char *title)
{
	enum { W = 2 * VTX_COLS, H = 3 * BAND_ROWS };
	static const unsigned bit[3][2] = {{1, 2}, {4, 8}, {16, 32}};
	uint8_t bits[W * H];
	size_t n = strlen(title);
	int tw = font_width(title, n);

	memset(bits, 0, sizeof bits);
	if (tw > 0 && tw <= W - 4)
		font_draw(title, n, bits, W, H, (W - tw) / 2, 2);
	for (int r = 0; r < BAND_ROWS; r++) {
		for (int c = 0; c < VTX_COLS; c++) {
			vtx_cell m = vtx_cell_blank();
			unsigned mask = 0;

			for (int y = 0; y < 3; y++)
				for (int x = 0; x < 2; x++)
					if (bits[(r * 3 + y) * W + c * 2 + x])
						mask |= bit[y][x];
			m.ch = vtx_mosaic_code(mask);
			m.bg = BLUE;
			w->cells[BAND_FIRST + r][c] = m;
		}
	}
	for (int c = 0; c < VTX_COLS; c++) {
		vtx_cell m = vtx_cell_blank();

		m.ch = vtx_mosaic_code(1 | 2);
		m.fg = BLUE;
		w->cells[RULE_ROW][c] = m;
	}
}

/* A key name in inverse video with a space either side; returns the
 * column after it. */
static int key_label(vtx_cell *row, int col, const char *name)
{
	row[col++] = alpha(' ', WHITE, VTX_ATTR_INVERT);
	col = put_text(row, col, name, WHITE, VTX_ATTR_INVERT, RIGHT);
	if (col <= RIGHT)
		row[col++] = alpha(' ', WHITE, VTX_ATTR_INVERT);
	return col;
}

/* Row 24: `lead` (a page count), then the keys, as core/layout does. */
static void key_row(vtx_screen *w, const char *lead, const char *const *keys,
		    int nkeys)
{
	vtx_cell *row = w->cells[NAV_ROW];
	int col = put_text(row, LEFT, lead, WHITE, 0, RIGHT);

	for (int i = 0; i < nkeys; i++) {
		col += 1;
		if (col + text_width(keys[i]) + 2 > RIGHT + 1)
			break;
		col = key_label(row, col, keys[i]);
	}
}

static void copy_rows(vtx_screen *w, const vtx_screen *from, int first,
		      int last)
{
	for (int r = first; r <= last; r++)
		memcpy(w->cells[r], from->cells[r], sizeof w->cells[r]);
}

/*** Site links ***/

static int link(const ses_session *s, int index)
{
	return index >= 0 && (size_t)index < s->site->npages ? index
							     : LAY_NONE;
}

static const lay_page_info *info(const ses_session *s, int page)
{
	return &s->site->pages[page];
}

/* The sommaire page that lists `page`'s entry; a sommaire page's own. */
static int sommaire_of(const ses_session *s, int page)
{
	int k = link(s, info(s, page)->sommaire);

	return k == LAY_NONE ? 0 : k;
}

/*** Pages made by the session ***/

/* GUIDE: the keys, over the band of the page it was called from. */
static void help_page(const ses_session *s, vtx_screen *w)
{
	static const char *const keys[] = {"RETOUR", "SOMMAIRE"};
	static const char *const lines[][2] = {
		{"ENVOI", "valide ce qui est tap\xC3\xA9"},
		{"SUITE", "page suivante"},
		{"RETOUR", "page pr\xC3\xA9" "c\xC3\xA9" "dente"},
		{"SOMMAIRE", "liste des notes"},
		{"GUIDE", "cette aide"},
		{"REPETITION", "redessine l'\xC3\xA9" "cran"},
		{"CORRECTION", "efface un caract\xC3\xA8re"},
		{"ANNULATION", "efface toute la saisie"},
		{"CONNEXION/FIN", "termine la visite"},
	};
	static const char *const text[] = {
		"Un num\xC3\xA9ro puis ENVOI ouvre la note,",
		"un mot puis ENVOI cherche les notes",
		"qui le contiennent.",
	};
	int row = LAY_BODY_FIRST + 2;

	vtx_screen_init(w);
	copy_rows(w, &s->pages[s->page], BAND_FIRST, RULE_ROW);
	status_row(w, s->site->title, "aide");
	put_text(w->cells[LAY_BODY_FIRST], LEFT, "Les touches du Minitel",
		 WHITE, 0, RIGHT);
	for (size_t i = 0; i < sizeof lines / sizeof lines[0]; i++, row++) {
		int col = key_label(w->cells[row], LEFT, lines[i][0]);

		while (col < HELP_TEXT - 1) /* one inverse column of keys */
			w->cells[row][col++] = alpha(' ', WHITE,
						     VTX_ATTR_INVERT);
		put_text(w->cells[row], HELP_TEXT, lines[i][1], GREEN, 0,
			 RIGHT);
	}
	row++;
	for (size_t i = 0; i < sizeof text / sizeof text[0]; i++, row++)
		put_text(w->cells[row], LEFT, text[i], GREEN, 0, RIGHT);
	key_row(w, "", keys, 2);
}

/* Entry e's line of the sommaire, copied so that results look the same;
 * drawn here only if no sommaire page lists the entry. */
static void result_line(const ses_session *s, vtx_screen *w, int row,
			int e)
{
	const lay_site *site = s->site;
	char num[16];

	for (size_t k = 0; k < site->npages; k++) {
		const lay_page_info *p = &site->pages[k];
		int r = LAY_BODY_FIRST + e + 1 - p->first_choice;

		if (p->entry == LAY_NONE && e + 1 >= p->first_choice &&
		    e + 1 < p->first_choice + p->nchoices &&
		    r <= LAY_BODY_LAST) {
			memcpy(w->cells[row], s->pages[k].cells[r],
			       sizeof w->cells[row]);
			return;
		}
	}
	snprintf(num, sizeof num, "%3d", e + 1);
	put_text(w->cells[row], key_label(w->cells[row], LEFT, num) + 1,
		 site->entries[e].title, GREEN, 0, RIGHT);
}

static int results_pages(const ses_session *s)
{
	return (int)((s->nhits + LIST_ROWS - 1) / LIST_ROWS);
}

/* Search results: the sommaire's frame and prompt, the matching entries'
 * sommaire lines, LIST_ROWS a page. */
static void results_page(const ses_session *s, vtx_screen *w)
{
	const char *keys[3];
	int som = sommaire_of(s, s->page), nk = 0;
	char count[32], q[MSG_MAX], line[MSG_MAX + 32];
	size_t first = (size_t)s->rpage * LIST_ROWS;

	vtx_screen_init(w);
	copy_rows(w, &s->pages[som], BAND_FIRST, RULE_ROW);
	copy_rows(w, &s->pages[som], PROMPT_ROW, PROMPT_ROW);
	snprintf(count, sizeof count, "recherche %d/%d", s->rpage + 1,
		 results_pages(s));
	status_row(w, s->site->title, count);
	to_utf8(s->query, s->nquery, SES_INPUT_MAX, q, sizeof q);
	snprintf(line, sizeof line, "Notes contenant \"%s\" :", q);
	put_text(w->cells[LAY_BODY_FIRST], LEFT, line, WHITE, 0, RIGHT);
	for (size_t i = first; i < s->nhits && i < first + LIST_ROWS; i++)
		result_line(s, w, LIST_FIRST + (int)(i - first), s->hits[i]);
	if (s->rpage + 1 < results_pages(s))
		keys[nk++] = "SUITE";
	keys[nk++] = "RETOUR";
	keys[nk++] = "SOMMAIRE";
	snprintf(count, sizeof count, "%d/%d", s->rpage + 1,
		 results_pages(s));
	key_row(w, count, keys, nk);
}

static void goodbye_page(const ses_session *s, vtx_screen *w)
{
	char seen[64];

	vtx_screen_init(w);
	status_row(w, s->site->title, "fin");
	band(w, "AU REVOIR");
	put_centred(w, 10, "Merci de votre visite.", WHITE);
	put_centred(w, 12, s->site->title, CYAN);
	snprintf(seen, sizeof seen, "%d page%s lue%s", s->pages_seen,
		 s->pages_seen > 1 ? "s" : "", s->pages_seen > 1 ? "s" : "");
	put_centred(w, 14, seen, GREEN);
}

/*** Composing the screen wanted ***/

static int is_blank(const vtx_shown *c)
{
	return c->ch == ' ' && c->bg == BLACK &&
	       !(c->flags & (VTX_SHOW_INVERT | VTX_SHOW_UNDERLINE));
}

/* Where typed characters go on page `w` (before they are drawn). */
static zone zone_of(const ses_session *s, const vtx_screen *w)
{
	vtx_shown row[VTX_COLS];
	zone z = {NAV_ROW, LEFT, 0};
	int last = -1;

	if (s->view == SES_VIEW_GOODBYE)
		return z;
	if (s->view == SES_VIEW_RESULTS ||
	    (s->view == SES_VIEW_PAGE && info(s, s->page)->entry == LAY_NONE))
		z.row = PROMPT_ROW;
	vtx_screen_shown(w, z.row, row);
	for (int c = 0; c < VTX_COLS; c++)
		if (!is_blank(&row[c]))
			last = c;
	z.first = last < 0 ? LEFT : last + 2;
	if (RIGHT + 1 - z.first < ZONE_MIN) {
		z.row = SPARE_ROW;
		z.first = LEFT;
	}
	z.width = RIGHT + 1 - z.first;
	if (z.width > SES_INPUT_MAX)
		z.width = SES_INPUT_MAX;
	return z;
}

/* The view's page, without message or input. */
static void base(const ses_session *s, vtx_screen *w)
{
	switch (s->view) {
	case SES_VIEW_HELP:
		help_page(s, w);
		break;
	case SES_VIEW_RESULTS:
		results_page(s, w);
		break;
	case SES_VIEW_GOODBYE:
		goodbye_page(s, w);
		break;
	default:
		*w = s->pages[s->page];
		break;
	}
	w->cursor_on = 0; /* the session never shows the cursor */
}

static void compose(ses_session *s)
{
	vtx_screen *w = &s->want;
	zone z;

	base(s, w);
	z = zone_of(s, w);
	for (int i = 0; i < s->ninput && i < z.width; i++)
		w->cells[z.row][z.first + i] = alpha(s->input[i], WHITE, 0);
	if (s->msg[0]) {
		for (int c = 0; c <= STATUS_LAST; c++)
			w->cells[0][c] = alpha(' ', WHITE, 0);
		put_text(w->cells[0], LEFT, s->msg, YELLOW, 0, STATUS_LAST);
	}
}

/*** Sending ***/

static void log_msg(const ses_session *s, const char *msg)
{
	if (s->cb->log)
		s->cb->log(msg, s->user);
}

static void send_bytes(ses_session *s, const uint8_t *b, size_t n)
{
	if (n == 0)
		return;
	vtx_term_feed(s->term, b, n);
	s->cb->send(b, n, s->user);
}

/* The trial terminal made a copy of the model, state included. */
static void trial_from_model(ses_session *s)
{
	s->trial = s->shown;
	vtx_term_copy_state(s->trial_term, s->term);
}

/* Nonzero when `b`, sent now, makes the terminal show `want`. */
static int reaches(ses_session *s, const vtx_buf *b)
{
	trial_from_model(s);
	vtx_term_feed(s->trial_term, b->data, b->len);
	return vtx_screen_equal(&s->trial, &s->want);
}

/* The first row from 1 on where the terminal's screen and `want`
 * differ; 0 when none does. */
static int first_row_changed(const ses_session *s)
{
	vtx_shown a[VTX_COLS], b[VTX_COLS];

	for (int r = 1; r < VTX_ROWS; r++) {
		vtx_screen_shown(&s->shown, r, a);
		vtx_screen_shown(&s->want, r, b);
		for (int c = 0; c < VTX_COLS; c++)
			if (!vtx_shown_equal(&a[c], &b[c]))
				return r;
	}
	return 0;
}

/* No stream drawing `w` after FF is shorter than this: every character
 * other than a space must be sent at least once (REP repeats, CAN only
 * writes spaces). Alphanumeric and mosaic codes are counted apart, as a
 * byte may serve both. */
static size_t full_at_least(const vtx_screen *w)
{
	uint8_t seen[2][0x80];
	size_t n[2] = {0, 0};

	memset(seen, 0, sizeof seen);
	for (int r = 0; r < VTX_ROWS; r++) {
		for (int c = 0; c < VTX_COLS; c++) {
			const vtx_cell *x = &w->cells[r][c];
			int k = x->kind == VTX_KIND_MOSAIC;

			if (x->kind > VTX_KIND_MOSAIC || x->ch <= ' ' ||
			    x->ch >= 0x80 || seen[k][x->ch])
				continue;
			seen[k][x->ch] = 1;
			n[k]++;
		}
	}
	return 1 + (n[0] > n[1] ? n[0] : n[1]);
}

/* The "erase" candidate: US to the first changed row, CSI J (clear to
 * the end of the screen, STUM1B §2-2-1-2-5-3), then the delta from the
 * cleared screen. It wins where the new page has less on it than the
 * old one, as the encoder alone would overwrite the old text cell by
 * cell. Returns as vtx_encode_delta, or -EINVAL when not worth trying. */
static int erase_candidate(ses_session *s, vtx_buf *out)
{
	int row = first_row_changed(s);
	const uint8_t clear[] = {VTX_C0_US, (uint8_t)(0x40 + row), 0x41,
				 VTX_C0_ESC, 0x5B, 0x4A};

	if (row == 0)
		return -EINVAL;
	vtx_buf_put(out, clear, sizeof clear);
	trial_from_model(s);
	vtx_term_feed(s->trial_term, clear, sizeof clear);
	return out->failed ? -ENOMEM
			   : vtx_encode_delta(&s->trial, &s->want, out);
}

enum { /* the candidate streams of a transition, preferred first */
	C_HINT,  /* what type() proposes: the character alone */
	C_DELTA, /* vtx_encode_delta from the terminal's screen */
	C_ERASE, /* erase_candidate() */
	C_FULL,  /* FF and the whole page */
	C_COUNT
};

/* The shortest candidate that makes the terminal show `want` exactly;
 * -1 when none does. */
static int best_candidate(ses_session *s, const vtx_buf *c, const int *r)
{
	int best = -1;

	for (int k = 0; k < C_COUNT; k++)
		if (r[k] == 0 && (best < 0 || c[k].len < c[best].len) &&
		    reaches(s, &c[k]))
			best = k;
	return best;
}

/* When no candidate is exact (a page holding cells no direct write
 * makes, -ERANGE), the encoder's best try is sent: the model follows
 * whatever it draws. -1 on out-of-memory. */
static int fallback(ses_session *s, const int *r, int whole)
{
	for (int k = 0; k < C_COUNT; k++)
		if (r[k] == -ENOMEM)
			return -1;
	if (!whole)
		log_msg(s, "session: no stream draws this screen exactly; "
			   "sending the closest");
	if (!whole && (r[C_DELTA] == 0 || r[C_DELTA] == -ERANGE))
		return C_DELTA;
	return r[C_FULL] == 0 || r[C_FULL] == -ERANGE ? C_FULL : -1;
}

/* Sends `pre` (BEL, protocol) and the shortest stream that shows
 * `want`; with `whole`, FF and the whole page (and then, should that
 * leave a difference, the delta that mends it). */
static int transmit(ses_session *s, const uint8_t *pre, size_t npre,
		    int whole)
{
	vtx_buf c[C_COUNT];
	int r[C_COUNT], k, ret = 0;

	memset(c, 0, sizeof c);
	for (k = 0; k < C_COUNT; k++)
		r[k] = -EINVAL;
	if (!whole && s->nhint)
		r[C_HINT] = vtx_buf_put(&c[C_HINT], s->hint, s->nhint);
	/* The hint, when right, wins: any other stream must first place
	 * the cursor (US, or RS and moves to rows 22-24), 3 bytes at
	 * least, then write the character. */
	if (r[C_HINT] == 0 && reaches(s, &c[C_HINT])) {
		k = C_HINT;
	} else {
		r[C_HINT] = -EINVAL;
		if (!whole) {
			r[C_DELTA] = vtx_encode_delta(&s->shown, &s->want,
						      &c[C_DELTA]);
			r[C_ERASE] = erase_candidate(s, &c[C_ERASE]);
		}
		if (whole || r[C_DELTA] != 0 ||
		    c[C_DELTA].len > full_at_least(&s->want))
			r[C_FULL] = vtx_encode_screen(&s->want, VTX_ENCODE_FF,
						      &c[C_FULL]);
		k = whole ? -1 : best_candidate(s, c, r);
	}
	if (k < 0)
		k = fallback(s, r, whole);
	s->out.len = 0;
	s->out.failed = 0;
	if (k >= 0) {
		if (npre)
			vtx_buf_put(&s->out, pre, npre);
		vtx_buf_put(&s->out, c[k].data, c[k].len);
	}
	if (k < 0 || s->out.failed)
		ret = -ENOMEM;
	else
		send_bytes(s, s->out.data, s->out.len);
	for (k = 0; k < C_COUNT; k++)
		vtx_buf_free(&c[k]);
	if (ret == 0 && whole && !vtx_screen_equal(&s->shown, &s->want))
		ret = transmit(s, NULL, 0, 0); /* e.g. row 0 left by FF */
	return ret;
}

/* One transition: compose and send, BEL first after a refusal. */
static int show(ses_session *s, int whole)
{
	static const uint8_t bel = VTX_C0_BEL;
	int bell = s->bell, ret;

	s->bell = 0;
	compose(s);
	ret = transmit(s, &bel, bell ? 1 : 0, whole);
	s->nhint = 0;
	return ret;
}

SES_PRINTF(2, 3)
static int refuse(ses_session *s, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->msg, sizeof s->msg, fmt, ap);
	va_end(ap);
	s->bell = 1;
	return show(s, 0);
}

/*** Search ***/

/* Appends c, folded, to the search text hay[0..n); spaces and controls
 * collapse into one space. Returns the new length. */
static size_t hay_add(ses_session *s, size_t n, uint32_t c)
{
	uint32_t f[2];
	int k;

	if (c <= ' ') {
		if (n > 0 && s->hay[n - 1] != ' ')
			s->hay[n++] = ' ';
		return n;
	}
	k = fold(c, f);
	for (int i = 0; i < k; i++)
		s->hay[n++] = f[i];
	return n;
}

/* Pages of entry e that exist. */
static int entry_pages(const ses_session *s, int e, int *first)
{
	const lay_entry *le = &s->site->entries[e];
	int n = 0;

	*first = le->first_page;
	while (n < le->npages && link(s, le->first_page + n) != LAY_NONE)
		n++;
	return n;
}

/* Room for the search text of the longest entry: its title and every
 * cell of its pages, each folded into at most 2 characters. */
static size_t hay_need(const ses_session *s)
{
	size_t need = 1;

	for (size_t e = 0; e < s->site->nentries; e++) {
		int first, np = entry_pages(s, (int)e, &first);
		size_t n = 2 * strlen(s->site->entries[e].title) + 2 +
			   (size_t)np * VTX_ROWS * (VTX_COLS + 1) * 2;

		if (n > need)
			need = n;
	}
	return need;
}

/* The search text of entry e: its title, then the characters of its
 * pages' rows 1-23 (not the status row nor the keys, which every page
 * has). A doubled character counts once, from its lower-left cell. */
static size_t entry_text(ses_session *s, int e)
{
	const char *title = s->site->entries[e].title;
	size_t n = 0, len = strlen(title), i = 0;
	int first, np = entry_pages(s, e, &first);

	while (i < len) {
		uint32_t cp;

		i += txt_utf8_next(title + i, len - i, &cp);
		n = hay_add(s, n, cp);
	}
	n = hay_add(s, n, ' ');
	for (int p = first; p < first + np; p++) {
		for (int r = BAND_FIRST; r < NAV_ROW; r++) {
			for (int c = 0; c < VTX_COLS; c++) {
				const vtx_cell *x = &s->pages[p].cells[r][c];
				int shown = x->kind == VTX_KIND_ALPHA &&
					    x->part_x == 0 &&
					    x->part_y + 1 == x->height;

				n = hay_add(s, n, shown ? x->ch : ' ');
			}
			n = hay_add(s, n, ' ');
		}
	}
	return n;
}

static int contains(const uint32_t *hay, size_t n, const uint32_t *q,
		    size_t m)
{
	for (size_t i = 0; m <= n && i <= n - m; i++)
		if (memcmp(hay + i, q, m * sizeof *q) == 0)
			return 1;
	return 0;
}

/* Fills hits with the entries whose text holds the query. */
static void search(ses_session *s)
{
	uint32_t q[2 * SES_INPUT_MAX];
	size_t m = 0;

	for (int i = 0; i < s->nquery; i++) {
		uint32_t f[2];
		int k = fold(s->query[i] < ' ' ? ' ' : s->query[i], f);

		if (f[0] == ' ' && (m == 0 || q[m - 1] == ' '))
			continue;
		for (int j = 0; j < k; j++)
			q[m++] = f[j];
	}
	while (m > 0 && q[m - 1] == ' ')
		m--;
	s->nhits = 0;
	for (size_t e = 0; m > 0 && e < s->site->nentries; e++)
		if (contains(s->hay, entry_text(s, (int)e), q, m))
			s->hits[s->nhits++] = (int)e;
}

/*** Keys ***/

static int go(ses_session *s, int page)
{
	s->view = SES_VIEW_PAGE;
	s->page = page;
	s->ninput = 0;
	s->pages_seen++;
	return show(s, 0);
}

static int open_entry(ses_session *s, const uint32_t *digits, int n)
{
	long number = 0;
	int first;

	if (n > NUMBER_DIGITS)
		return refuse(s, "Choix inconnu");
	for (int i = 0; i < n; i++)
		number = number * 10 + (long)(digits[i] - '0');
	if (number < 1 || (size_t)number > s->site->nentries ||
	    entry_pages(s, (int)number - 1, &first) == 0)
		return refuse(s, "Choix %ld inconnu", number);
	return go(s, first);
}

/* ENVOI: a number opens an entry, anything else is searched for. */
static int envoi(ses_session *s)
{
	int first = 0, last = s->ninput, digits = 1;
	char q[MSG_MAX];

	while (first < last && s->input[first] == ' ')
		first++;
	while (last > first && s->input[last - 1] == ' ')
		last--;
	s->ninput = 0;
	if (first == last)
		return refuse(s, "Tapez un num\xC3\xA9ro ou un mot");
	for (int i = first; i < last; i++)
		digits = digits && s->input[i] >= '0' && s->input[i] <= '9';
	if (digits)
		return open_entry(s, s->input + first, last - first);
	s->nquery = last - first;
	memcpy(s->query, s->input + first,
	       (size_t)s->nquery * sizeof *s->query);
	search(s);
	if (s->nhits == 0) {
		/* 18 + 14 + 1 characters: row 0 holds 35 */
		to_utf8(s->query, s->nquery, 14, q, sizeof q);
		return refuse(s, "Aucune note avec \"%s\"", q);
	}
	s->view = SES_VIEW_RESULTS;
	s->rpage = 0;
	return show(s, 0);
}

static int suite(ses_session *s)
{
	int next;

	s->ninput = 0;
	if (s->view == SES_VIEW_RESULTS && s->rpage + 1 < results_pages(s)) {
		s->rpage++;
		return show(s, 0);
	}
	if (s->view == SES_VIEW_PAGE &&
	    (next = link(s, info(s, s->page)->suite)) != LAY_NONE)
		return go(s, next);
	return refuse(s, "Pas de page suivante");
}

static int retour(ses_session *s)
{
	int prev;

	s->ninput = 0;
	switch (s->view) {
	case SES_VIEW_RESULTS:
		if (s->rpage > 0)
			s->rpage--;
		else
			s->view = SES_VIEW_PAGE;
		return show(s, 0);
	case SES_VIEW_HELP:
		s->view = s->help_from;
		return show(s, 0);
	default:
		prev = link(s, info(s, s->page)->retour);
		if (prev != LAY_NONE)
			return go(s, prev);
		return refuse(s, "Pas de page pr\xC3\xA9" "c\xC3\xA9" "dente");
	}
}

/* SOMMAIRE: the sommaire page listing the current entry; from a
 * sommaire page, the first one. */
static int sommaire(ses_session *s)
{
	int k = sommaire_of(s, s->page);

	if (s->view == SES_VIEW_PAGE && info(s, s->page)->entry == LAY_NONE)
		k = 0;
	return go(s, k);
}

static int guide(ses_session *s)
{
	s->ninput = 0;
	if (s->view != SES_VIEW_HELP) {
		s->help_from = s->view;
		s->view = SES_VIEW_HELP;
	}
	return show(s, 0);
}

static int connexion(ses_session *s)
{
	int ret;

	s->ninput = 0;
	s->view = SES_VIEW_GOODBYE;
	ret = show(s, 0);
	s->done = 1;
	return ret;
}

static int key(ses_session *s, uint8_t code)
{
	if (code < SES_KEY_ENVOI || code > SES_KEY_CONNEXION)
		return 0; /* 13 5x, 13 7x: the terminal's own messages (§7) */
	s->in_ident = 0;
	s->msg[0] = 0;
	switch (code) {
	case SES_KEY_ENVOI: return envoi(s);
	case SES_KEY_RETOUR: return retour(s);
	case SES_KEY_REPETITION: return show(s, 1);
	case SES_KEY_GUIDE: return guide(s);
	case SES_KEY_ANNULATION:
		s->ninput = 0;
		return show(s, 0);
	case SES_KEY_SOMMAIRE: return sommaire(s);
	case SES_KEY_CORRECTION:
		if (s->ninput > 0)
			s->ninput--;
		return show(s, 0);
	case SES_KEY_SUITE: return suite(s);
	case SES_KEY_CONNEXION: return connexion(s);
	default: return 0; /* not reached: checked above */
	}
}

/* A character typed: into the input zone, or the bell when it is full. */
static int type(ses_session *s, uint32_t ch)
{
	zone z;

	s->msg[0] = 0;
	base(s, &s->want);
	z = zone_of(s, &s->want);
	if (s->ninput >= z.width) {
		s->bell = 1;
	} else {
		/* With the cursor left just after the last echo, the
		 * character alone is the whole stream. */
		s->input[s->ninput++] = ch;
		s->nhint = vtx_charset_encode(ch, s->hint);
	}
	return show(s, 0);
}

/* SS2 from the keyboard: a G2 symbol, or diacritic + letter. */
static int type_g2(ses_session *s, uint8_t code, uint8_t letter)
{
	uint32_t ch;

	if (vtx_charset_is_diacritic(code)) {
		if (!letter)
			return 0; /* followed by an accent or a key: dropped */
		ch = vtx_charset_accent(code, letter);
		return type(s, ch ? ch : vtx_charset_g0(letter));
	}
	ch = vtx_charset_g2(code);
	return ch ? type(s, ch) : 0;
}

#define C0_SOH 0x01 /* starts an identification reply (ENQROM, §7) */
#define C0_EOT 0x04 /* ends it */

static int control(ses_session *s, uint8_t c)
{
	switch (c) {
	case C0_SOH:
		s->in_ident = 1;
		return 0;
	case C0_EOT:
		s->in_ident = 0;
		return 0;
	case VTX_C0_CR: /* the standard keyboard's only edit key (§6) */
		return key(s, SES_KEY_ENVOI);
	default:
		return 0;
	}
}

static void on_event(const vtx_event *ev, void *user)
{
	ses_session *s = user;
	int ret = 0;

	if (s->done)
		return;
	switch (ev->type) {
	case VTX_EV_SEP: /* SEP + key code */
		ret = key(s, ev->a);
		break;
	case VTX_EV_CHAR:
		if (s->in_ident)
			break;
		if (ev->a == VTX_DEL) /* Ctrl + left arrow (§6) */
			ret = key(s, SES_KEY_CORRECTION);
		else
			ret = type(s, vtx_charset_g0(ev->a));
		break;
	case VTX_EV_G2:
		if (!s->in_ident)
			ret = type_g2(s, ev->a, ev->b);
		break;
	case VTX_EV_C0:
		ret = control(s, ev->a);
		break;
	default: /* PRO replies, ESC / CSI keys, US position reports */
		break;
	}
	if (ret < 0 && s->err == 0)
		s->err = ret;
}

/*** The session ***/

ses_session *ses_new(const vtx_screen *pages, const lay_site *site,
		     const ses_callbacks *cb, void *user)
{
	static const vtx_parser_callbacks keys_cb = {.event = on_event};
	ses_session *s;

	assert(pages && site && site->npages > 0 && cb && cb->send);
	s = calloc(1, sizeof *s);
	if (!s)
		return NULL;
	s->pages = pages;
	s->site = site;
	s->cb = cb;
	s->user = user;
	s->term = vtx_term_new(&s->shown, NULL, NULL);
	s->trial_term = vtx_term_new(&s->trial, NULL, NULL);
	s->keys = vtx_parser_new(&keys_cb, s);
	s->hits = malloc((site->nentries ? site->nentries : 1) *
			 sizeof *s->hits);
	s->hay_cap = hay_need(s);
	s->hay = malloc(s->hay_cap * sizeof *s->hay);
	if (!s->term || !s->trial_term || !s->keys || !s->hits || !s->hay) {
		ses_free(s);
		return NULL;
	}
	vtx_term_reset(s->term);
	vtx_term_reset(s->trial_term);
	return s;
}

void ses_free(ses_session *s)
{
	if (!s)
		return;
	vtx_term_free(s->term);
	vtx_term_free(s->trial_term);
	vtx_parser_free(s->keys);
	vtx_buf_free(&s->out);
	free(s->hits);
	free(s->hay);
	free(s);
}

/* Sent before a whole first page: PRO3 routing, cut keyboard -> modem,
 * the local echo (§7); COF. */
static const uint8_t start_bytes[] = {VTX_C0_ESC, 0x3B, 0x60, 0x5A, 0x51,
				      VTX_C0_COF};

int ses_start(ses_session *s)
{

	s->started = 1;
	s->done = 0;
	s->view = SES_VIEW_PAGE;
	s->page = 0;
	s->pages_seen = 1;
	s->ninput = 0;
	s->msg[0] = 0;
	s->bell = 0;
	s->in_ident = 0;
	vtx_parser_reset(s->keys);
	compose(s);
	return transmit(s, start_bytes, sizeof start_bytes, 1);
}

int ses_resume(ses_session *s)
{
	assert(s->started);
	vtx_term_reset(s->term);
	vtx_parser_reset(s->keys);
	s->in_ident = 0;
	s->nhint = 0;
	compose(s);
	return transmit(s, start_bytes, sizeof start_bytes, 1);
}

int ses_receive(ses_session *s, const uint8_t *bytes, size_t n)
{
	int ret;

	assert(s->started);
	s->err = 0;
	vtx_parser_feed(s->keys, bytes, n);
	ret = s->err;
	s->err = 0;
	return ret;
}

int ses_done(const ses_session *s)
{
	return s->done;
}

const vtx_screen *ses_screen(const ses_session *s)
{
	return &s->shown;
}

ses_view ses_current(const ses_session *s, int *page)
{
	if (page)
		*page = s->page;
	return s->view;
}

const char *ses_message(const ses_session *s)
{
	return s->msg;
}

size_t ses_result_count(const ses_session *s)
{
	return s->nhits;
}

int ses_result(const ses_session *s, size_t i)
{
	assert(i < s->nhits);
	return s->hits[i];
}

static const struct {
	const char *name;
	int code;
} key_names[] = { /* the first name of a code is its own */
	{"ENVOI", SES_KEY_ENVOI},
	{"RETOUR", SES_KEY_RETOUR},
	{"REPETITION", SES_KEY_REPETITION},
	{"R\xC3\x89P\xC3\x89TITION", SES_KEY_REPETITION},
	{"GUIDE", SES_KEY_GUIDE},
	{"ANNULATION", SES_KEY_ANNULATION},
	{"SOMMAIRE", SES_KEY_SOMMAIRE},
	{"CORRECTION", SES_KEY_CORRECTION},
	{"SUITE", SES_KEY_SUITE},
	{"CONNEXION", SES_KEY_CONNEXION},
	{"FIN", SES_KEY_CONNEXION},
	{"CONNEXION/FIN", SES_KEY_CONNEXION},
};

int ses_key_code(const char *name)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (strcmp(key_names[i].name, name) == 0)
			return key_names[i].code;
	return -1;
}

const char *ses_key_name(int code)
{
	for (size_t i = 0; i < sizeof key_names / sizeof key_names[0]; i++)
		if (key_names[i].code == code)
			return key_names[i].name;
	return NULL;
}
