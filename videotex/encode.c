/* videotex/encode.c -- screen in, fewest Videotex bytes out.
 *
 * How it works. The encoder keeps a real vtx_term (the decoder) fed with
 * every byte it emits, so the cursor, the pen (attributes, G0/G1, latent
 * serial attributes) and the page memory it reasons about are exactly what
 * a Minitel would have. It then walks the screen row by row and, for each
 * cell whose page memory differs from the target, picks the cheapest way
 * to get there and write it:
 *   - cursor: US (3 bytes, resets the pen), RS, or relative moves
 *     (BS/HT/LF/VT/CR) that keep the pen; each choice is costed together
 *     with the attribute bytes the pen then needs;
 *   - attributes: only those that differ, in an order that respects SO/SI
 *     side effects (STUM1B §2-2-1-2-4 mode switches);
 *   - serial attributes: a delimiter is written only where the target has
 *     one (§2-2-1-2-4), with the fewest latent commands that give its
 *     zone;
 *   - runs: REP for repeated characters (§2-2-1-2-6), CAN for a row that
 *     ends in spaces of one kind (§2-2-1-2-5);
 *   - doubled characters: written once from their lower-left cell.
 * Cells a later write clobbers (the upper half of a double-height
 * character) are caught by a second pass. The result is checked with
 * vtx_screen_equal before returning.
 *
 * Speed. A page is encoded in one attempt, or two where painting its
 * background may pay (plain, then painted: paint_plan_make), with CAN
 * tried on the rows that could use it; the frame rows of a site (status
 * row, header band) are the costly ones, and vtx_encode_cache remembers
 * them (rows, whole trials, and the painted attempt up to where it joins
 * the plain one) under keys no wider than what they read. The status
 * row is written last (row_at): it holds the page number, and written
 * first it would make every page's header band start from a state of its
 * own. Other shortcuts skip work whose result is known (a cursor
 * already in place, rows no paint or DRCS can concern); each is switched
 * off by encode_test.h, and test_encode_fast checks that both ways give
 * the same bytes. */
#include "encode.h"
#include "encode_test.h"

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "term.h"

#define MAX_PASSES 4
#define REP_MAX 63
#define SEQ_MAX 32
#define ESC VTX_C0_ESC
#define UNKNOWN (-1)

typedef struct enc {
	/* The terminal and its page memory: `own` and `page` but while the
	 * painted attempt of write_page runs on a spare pair (and after it,
	 * when it wins). */
	vtx_screen *live;
	vtx_term *t;
	vtx_screen page;
	vtx_term *own;
	vtx_term_state st;
	vtx_buf *out;
	const vtx_screen *target;
	int cursor_known;
	int use_can;   /* try CAN for row tails */
	int last_known; /* REP's character is known (we wrote one) */
	/* The parser is between sequences (no DRCS download left it in
	 * download mode): what vtx_term_get_state shows is then all of the
	 * terminal's state that can matter to the rest of the stream. */
	int ground;
	int can_sent; /* CANs written since it was last zeroed */
	vtx_encode_cache *cache; /* or NULL */
	/* What one look at the target's cells found (target_scan): the rows
	 * with a space cell a background paint could be made of, and of
	 * which kind (PAINT_MOSAIC, PAINT_ALPHA). Most rows of a notes page
	 * have none, and the page-wide searches skip them. */
	uint8_t paint_row[VTX_ROWS];
	/* With a cache: the rows whose target is the one of the same row on
	 * the cache's page before (the frame of a site's pages). target_scan
	 * keeps its answer for them; they are the rows worth looking up in
	 * the row memories (encode_row_best, memo_worth). */
	uint8_t again_row[VTX_ROWS];
	/* write_all notes in mark_len the output length after row mark_row
	 * of pass 0 (-1: none). */
	int mark_row;
	size_t mark_len;
	/* write_page found a remembered painted attempt whose check failed
	 * (redo): the page is encoded again from the start, without one
	 * (no_prefix). */
	int redo, no_prefix;
	/* The last pass of write_all found every row of page memory the
	 * target's byte for byte: the page shows the target if the glyph
	 * tables and reveal flag agree (shows_target). 0: not known. */
	int verified;
	/* The page memory write_page starts from, when it is known without
	 * looking: 1 power-on, 2 power-on then FF (vtx_encode_screen_cached,
	 * no DRCS download: e->ground); 0 otherwise. The painted attempts
	 * remembered (prefix) are known by it rather than by 14 KB of page
	 * memory each. */
	int start;
	int slow; /* no shortcuts (the tests' reference: encode_test.h) */
	/* memo_rows(r)'s last row + 1, 0 until it is first asked for */
	uint8_t memo_hi[VTX_ROWS];
} enc;

/* What writing one target cell requires of the pen. */
typedef struct need {
	int g1;
	int fg, bg;
	int blink;      /* UNKNOWN: don't care */
	int invert, separated;
	int width, height;
	int drcs;       /* UNKNOWN: don't care (spaces) */
	int delim;
	int ul, conceal; /* delimiter zone */
	uint8_t ch[3];
	size_t nch;
} need;

static void emit(enc *e, const uint8_t *b, size_t n)
{
	if (n == 0)
		return;
	vtx_buf_put(e->out, b, n);
	vtx_term_feed(e->t, b, n);
	vtx_term_get_state(e->t, &e->st);
}

static int is_mosaic(uint8_t kind)
{
	return kind == VTX_KIND_MOSAIC || kind == VTX_KIND_DRCS1;
}

_Static_assert(sizeof(vtx_cell) == 12, "vtx_cell is 12 bytes, no padding");

/* The bytes of a cell that cell_same requires equal (all but bg and
 * attr), as the two words it compares. */
static const union {
	vtx_cell c;
	struct {
		uint64_t lo;
		uint32_t hi;
	} w;
} cell_mask = {.c = {.ch = 0xFFFFFFFFu, .kind = 0xFF, .fg = 0xFF,
		     .width = 0xFF, .height = 0xFF, .part_x = 0xFF,
		     .part_y = 0xFF}};

/* Page-memory equality, ignoring fields that cannot show: the background
 * of a text cell comes from its zone, a delimiter does not blink. */
static inline int cell_same(const vtx_cell *a, const vtx_cell *b)
{
	uint8_t mask;

	uint64_t a0, b0;
	uint32_t a1, b1;

	/* Most cells compared are identical byte for byte (blank cells, a
	 * pass that finds nothing left to write) or differ in a field that
	 * must be equal (another character, kind or colour): the cell is
	 * plain bytes without padding, so two word compares say which, the
	 * fields with rules of their own (bg, attr) masked out for the
	 * second. Only the rest go through the rules. */
	memcpy(&a0, a, sizeof a0);
	memcpy(&b0, b, sizeof b0);
	memcpy(&a1, (const unsigned char *)a + sizeof a0, sizeof a1);
	memcpy(&b1, (const unsigned char *)b + sizeof b0, sizeof b1);
	if (a0 == b0 && a1 == b1)
		return 1;
	if (((a0 ^ b0) & cell_mask.w.lo) || ((a1 ^ b1) & cell_mask.w.hi))
		return 0;
	if (is_mosaic(a->kind))
		return a->bg == b->bg &&
		       ((a->attr ^ b->attr) &
			(VTX_ATTR_BLINK | VTX_ATTR_SEPARATED)) == 0;
	if ((a->attr ^ b->attr) & VTX_ATTR_DELIM)
		return 0;
	if (a->attr & VTX_ATTR_DELIM) {
		mask = VTX_ATTR_UNDERLINE | VTX_ATTR_CONCEAL | VTX_ATTR_INVERT;
		return a->bg == b->bg && ((a->attr ^ b->attr) & mask) == 0;
	}
	mask = VTX_ATTR_BLINK | VTX_ATTR_INVERT;
	return ((a->attr ^ b->attr) & mask) == 0;
}

/*** What a cell needs ***/

/* The bytes that write cell c once the pen fits (1 to 3), or 0 when
 * no character set has its character. */
static inline size_t cell_bytes(const vtx_cell *c, uint8_t *o)
{
	if (is_mosaic(c->kind) || c->kind == VTX_KIND_DRCS0) {
		o[0] = (uint8_t)c->ch;
		return 1;
	}
	/* Letters, digits and most punctuation, inline: the G0 codes that
	 * show as themselves (vtx_charset_g0), vtx_charset_encode's first
	 * answer. Text is mostly these. */
	if ((c->ch >= VTX_SP && c->ch < 0x5E) || (c->ch > 0x60 && c->ch < 0x7B)) {
		o[0] = (uint8_t)c->ch;
		return 1;
	}
	return vtx_charset_encode(c->ch, o);
}

static int need_of(const vtx_cell *c, need *n)
{
	/* Field by field rather than a memset of the whole: it is called
	 * for nearly every cell written, and ch[] needs no zeroing (nch
	 * says how much of it counts). */
	n->g1 = 0;
	n->invert = n->separated = 0;
	n->delim = n->ul = n->conceal = 0;
	n->nch = 0;
	n->fg = c->fg;
	n->bg = c->bg;
	n->width = c->width;
	n->height = c->height;
	n->blink = (c->attr & VTX_ATTR_BLINK) != 0;
	n->drcs = c->kind == VTX_KIND_DRCS0 || c->kind == VTX_KIND_DRCS1;
	if (c->ch == VTX_SP)
		n->drcs = UNKNOWN; /* a space is never a DRCS glyph */
	if (is_mosaic(c->kind)) {
		n->g1 = 1;
		n->separated = (c->attr & VTX_ATTR_SEPARATED) != 0;
		n->ch[0] = (uint8_t)c->ch;
		n->nch = 1;
		return 0;
	}
	n->invert = (c->attr & VTX_ATTR_INVERT) != 0;
	if (c->attr & VTX_ATTR_DELIM) {
		n->delim = 1;
		n->blink = UNKNOWN;
		n->ul = (c->attr & VTX_ATTR_UNDERLINE) != 0;
		n->conceal = (c->attr & VTX_ATTR_CONCEAL) != 0;
	}
	n->nch = cell_bytes(c, n->ch);
	return n->nch ? 0 : -ERANGE;
}

/*** Attribute bytes ***/

static size_t put2(uint8_t *o, size_t k, uint8_t a)
{
	o[k] = ESC;
	o[k + 1] = a;
	return k + 2;
}

static size_t designate(uint8_t *o, size_t k, int g1, int drcs)
{
	o[k++] = ESC;
	o[k++] = g1 ? 0x29 : 0x28;
	if (drcs) {
		o[k++] = VTX_SP;
		o[k++] = g1 ? 0x43 : 0x42;
	} else {
		o[k++] = g1 ? 0x63 : 0x40;
	}
	return k;
}

/* SO/SI and their side effects on the pen (STUM1B §2-2-1-2-4). */
static size_t set_mode(vtx_term_state *s, const need *n, uint8_t *o, size_t k)
{
	if (n->g1 && !s->g1) {
		o[k++] = VTX_C0_SO;
		s->g1 = 1;
		s->width = s->height = 1;
		s->invert = s->underline = s->separated = 0;
		s->pend_ul = UNKNOWN;
		if (s->pend_bg != UNKNOWN)
			s->bg = s->pend_bg;
		s->pend_bg = UNKNOWN;
	} else if (!n->g1 && s->g1) {
		o[k++] = VTX_C0_SI;
		s->g1 = 0;
		s->separated = 0;
	}
	return k;
}

static size_t set_serial(vtx_term_state *s, const need *n, uint8_t *o,
			 size_t k)
{
	size_t k0 = k;

	if (s->bg != n->bg)
		k = put2(o, k, (uint8_t)(0x50 + n->bg));
	if (s->underline != n->ul)
		k = put2(o, k, n->ul ? 0x5A : 0x59);
	if (s->conceal != n->conceal)
		k = put2(o, k, n->conceal ? 0x58 : 0x5F);
	if (k == k0) /* a delimiter needs one latent command at least */
		k = put2(o, k, (uint8_t)(0x50 + n->bg));
	return k;
}

/* Writes to `o` the attribute bytes that make pen `s` fit `n`; returns
 * their count. `s` is updated to the pen after them. */
static size_t setup(vtx_term_state *s, const need *n, uint8_t *o)
{
	size_t k = set_mode(s, n, o, 0);
	int *dr = n->g1 ? &s->drcs_g1 : &s->drcs_g0;

	if (n->drcs != UNKNOWN && *dr != n->drcs) {
		k = designate(o, k, n->g1, n->drcs);
		*dr = n->drcs;
	}
	if (s->fg != n->fg) {
		k = put2(o, k, (uint8_t)(0x40 + n->fg));
		s->fg = n->fg;
	}
	if (n->blink != UNKNOWN && s->blink != n->blink) {
		k = put2(o, k, n->blink ? 0x48 : 0x49);
		s->blink = n->blink;
	}
	if (n->g1) {
		if (s->bg != n->bg)
			k = put2(o, k, (uint8_t)(0x50 + n->bg));
		if (s->separated != n->separated)
			k = put2(o, k, n->separated ? 0x5A : 0x59);
		return k;
	}
	if (s->invert != n->invert)
		k = put2(o, k, n->invert ? 0x5D : 0x5C);
	if (s->width != n->width || s->height != n->height)
		k = put2(o, k, (uint8_t)(0x4C + (n->height == 2) +
					 2 * (n->width == 2)));
	if (n->delim)
		k = set_serial(s, n, o, k);
	return k;
}

/* Would setup(s, n) write nothing? The same tests, without copying the
 * pen: the writers of runs ask it for every cell. */
static int pen_fits(const vtx_term_state *s, const need *n)
{
	int dr = n->g1 ? s->drcs_g1 : s->drcs_g0;

	if (n->g1 != (s->g1 != 0) || (n->drcs != UNKNOWN && dr != n->drcs) ||
	    s->fg != n->fg || (n->blink != UNKNOWN && s->blink != n->blink))
		return 0;
	if (n->g1)
		return s->bg == n->bg && s->separated == n->separated;
	return s->invert == n->invert && s->width == n->width &&
	       s->height == n->height && !n->delim;
}

/* pen_fits(s, n) for the `n` of a 1x1 cell that is no delimiter
 * (need_of(t, n)), read from the cell: the writers of runs ask it for
 * every cell of a line, and most fit. */
static int pen_fits_cell(const vtx_term_state *s, const vtx_cell *t)
{
	int g1 = is_mosaic(t->kind);
	int drcs = t->kind == VTX_KIND_DRCS0 || t->kind == VTX_KIND_DRCS1;

	if (g1 != (s->g1 != 0) || s->fg != t->fg ||
	    s->blink != ((t->attr & VTX_ATTR_BLINK) != 0) ||
	    (t->ch != VTX_SP && (g1 ? s->drcs_g1 : s->drcs_g0) != drcs))
		return 0;
	if (g1)
		return s->bg == t->bg &&
		       s->separated == ((t->attr & VTX_ATTR_SEPARATED) != 0);
	return s->invert == ((t->attr & VTX_ATTR_INVERT) != 0) &&
	       s->width == 1 && s->height == 1;
}

/*** Cursor movement ***/

static void pen_defaults(vtx_term_state *s)
{
	s->g1 = 0;
	s->fg = 7;
	s->bg = 0;
	s->blink = s->invert = s->separated = 0;
	s->width = s->height = 1;
	s->underline = s->conceal = 0;
	s->pend_bg = s->pend_ul = s->pend_conceal = UNKNOWN;
}

static size_t repeat_byte(uint8_t *o, size_t k, uint8_t b, int n)
{
	for (int i = 0; i < n; i++)
		o[k++] = b;
	return k;
}

/* Relative move on rows 1..24 (or along row 0): no pen change. Returns
 * the byte count, or SIZE_MAX when relative moves cannot get there. */
static size_t move_relative(const vtx_term_state *s, int r, int c,
			    uint8_t *o)
{
	size_t k = 0;
	int dr = r - s->row, dc = c - s->col;

	if (dr != 0 && (r == 0 || s->row == 0))
		return SIZE_MAX; /* only US enters row 0; LF leaves it oddly */
	if (dr > 0)
		k = repeat_byte(o, k, VTX_C0_LF, dr);
	else
		k = repeat_byte(o, k, VTX_C0_VT, -dr);
	if (dc < 0 && c + 1 < -dc) {
		o[k++] = VTX_C0_CR;
		dc = c;
	}
	if (dc > 0)
		k = repeat_byte(o, k, VTX_C0_HT, dc);
	else
		k = repeat_byte(o, k, VTX_C0_BS, -dc);
	return k;
}

/* Appends `count` copies of the character `ch` (nch bytes) to o at k,
 * with REP where that is shorter (STUM1B §2-2-1-2-6). */
static size_t put_run(uint8_t *o, size_t k, const uint8_t *ch, size_t nch,
		      int count)
{
	int more = count - 1;

	memcpy(o + k, ch, nch);
	k += nch;
	if ((size_t)more * nch <=
	    2 * (size_t)((more + REP_MAX - 1) / REP_MAX)) {
		for (int i = 0; i < more; i++, k += nch)
			memcpy(o + k, ch, nch);
		return k;
	}
	while (more > 0) {
		int m = more > REP_MAX ? REP_MAX : more;

		o[k++] = VTX_C0_REP;
		o[k++] = (uint8_t)(0x40 + m);
		more -= m;
	}
	return k;
}

/* "Moving" by writing again the target cells between the cursor and
 * (r, c), in reading order, within a row or wrapping once into the next
 * (§2-2-1-2-5, wrapping): right when they need no attribute change and
 * repeat well. Returns the byte count, or SIZE_MAX. */
static size_t move_through(const enc *e, int r, int c, uint8_t *o)
{
	int from = e->st.row * VTX_COLS + e->st.col, to = r * VTX_COLS + c;
	size_t k = 0;

	if (!e->cursor_known || from >= to || to - from > VTX_COLS ||
	    (r != e->st.row && (e->st.row < 1 || r > 24)))
		return SIZE_MAX;
	while (from < to) {
		const vtx_cell *cell = &e->target->cells[from / VTX_COLS]
							[from % VTX_COLS];
		int run = 1;
		need n;

		if (cell->width != 1 || cell->height != 1 ||
		    (cell->attr & VTX_ATTR_DELIM) || need_of(cell, &n) < 0 ||
		    !pen_fits(&e->st, &n))
			return SIZE_MAX;
		/* A REP run may wrap to the next row like any text. */
		while (from + run < to &&
		       cell_same(&e->target->cells[(from + run) / VTX_COLS]
						  [(from + run) % VTX_COLS],
				 cell))
			run++;
		k = put_run(o, k, n.ch, n.nch, run);
		from += run;
	}
	return k;
}

#define MOVE_MAX (4 * VTX_COLS + 80)

/* US to row `row`, column `col` (0-based), in its new form (§2-2-1-2-5). */
static size_t put_us(uint8_t *o, size_t k, int row, int col)
{
	o[k++] = VTX_C0_US;
	o[k++] = (uint8_t)(0x40 + row);
	o[k++] = (uint8_t)(0x41 + col);
	return k;
}

/* The bytes that move to (r, c) and set the pen for `n`, by the cheapest
 * of a relative move, writing through, RS and US, each counted with the
 * attribute bytes it then needs: written to `best`, their count returned.
 * *through says whether they write cells (writing through won). */
static size_t move_plan(const enc *e, int r, int c, const need *n,
			uint8_t *best, int *through)
{
	uint8_t cand[MOVE_MAX];
	size_t nbest = SIZE_MAX, nthrough = SIZE_MAX, k;
	vtx_term_state s;
	int dist = abs(r - e->st.row) + abs(c - e->st.col);

	/* Already there with the right pen (the next cell of a line, after
	 * a run stopped before a repeat): the relative move of no bytes is
	 * the first candidate of cost 0 (writing through needs a cell to
	 * write, the others cost bytes), so nothing would be sent. */
	*through = 0;
	if (!e->slow && e->cursor_known && dist == 0 && pen_fits(&e->st, n))
		return 0;
	k = move_through(e, r, c, cand);
	if (k != SIZE_MAX) {
		s = e->st;
		k += setup(&s, n, cand + k);
		memcpy(best, cand, k);
		nbest = nthrough = k;
	}
	if (e->cursor_known && dist <= 2 * SEQ_MAX) {
		k = move_relative(&e->st, r, c, cand);
		/* (its setup adds bytes: a move that already costs the best
		 * cannot win, and the slow way sets it up anyway) */
		if (k != SIZE_MAX && (e->slow || k < nbest)) {
			s = e->st;
			k += setup(&s, n, cand + k);
			if (k < nbest) {
				memcpy(best, cand, k);
				nbest = k;
			}
		}
	}
	/* A later candidate is taken only when it costs less than the best
	 * so far: RS costs 1 + c bytes at least, US 3, so neither is tried
	 * when the best costs no more (the next line of text is a CR LF
	 * away). The slow way tries them all. */
	if (r == 1 && c <= SEQ_MAX && (e->slow || nbest > (size_t)c + 1)) {
		/* RS: row 1 column 1, pen reset */
		s = e->st;
		pen_defaults(&s);
		cand[0] = VTX_C0_RS;
		k = repeat_byte(cand, 1, VTX_C0_HT, c);
		k += setup(&s, n, cand + k);
		if (k < nbest) {
			memcpy(best, cand, k);
			nbest = k;
		}
	}
	if (e->slow || nbest > 3) {
		s = e->st;
		pen_defaults(&s);
		k = put_us(cand, 0, r, c);
		k += setup(&s, n, cand + k);
		if (k < nbest) {
			memcpy(best, cand, k);
			nbest = k;
		}
	}
	/* (a later candidate replaces one only when it costs less) */
	*through = nthrough != SIZE_MAX && nbest == nthrough;
	return nbest;
}

/* Moves to (r, c) and sets the pen for `n` (move_plan). */
static void move_and_setup(enc *e, int r, int c, const need *n)
{
	uint8_t best[MOVE_MAX];
	int through;
	size_t k = move_plan(e, r, c, n, best, &through);

	emit(e, best, k);
	e->cursor_known = 1;
}

/*** Runs: REP and CAN ***/

/* The cell CAN writes with pen `s` (term.c cancel()). */
static vtx_cell can_cell(const vtx_term_state *s)
{
	vtx_cell c = vtx_cell_blank();

	c.fg = (uint8_t)s->fg;
	c.bg = (uint8_t)s->bg;
	if (s->blink)
		c.attr |= VTX_ATTR_BLINK;
	if (s->g1) {
		c.kind = VTX_KIND_MOSAIC;
		if (s->separated)
			c.attr |= VTX_ATTR_SEPARATED;
	} else {
		c.kind = VTX_KIND_ALPHA;
		if (s->invert)
			c.attr |= VTX_ATTR_INVERT;
	}
	return c;
}

/* CAN pays when it fixes several cells of the rest of the row and breaks
 * few that are already right (each costs a rewrite). */
static int can_pays(const enc *e, int r, int c, const vtx_cell *cc)
{
	const vtx_cell *want = e->target->cells[r], *have = e->live->cells[r];
	int gain = 0, broken = 0;

	for (int i = c + 1; i < VTX_COLS; i++) {
		int right = cell_same(&have[i], &want[i]);

		if (cell_same(cc, &want[i]))
			gain += !right;
		else
			broken += right;
	}
	return gain >= 2 + 4 * broken;
}

/* How many cells after the 1x1 cell (r, c) a run of it should also
 * write: the identical target cells that follow, up to the last one that
 * is wrong now; the run may wrap once into the next row (not from row 0,
 * not past row 24, where page mode would go back to row 1). */
static inline int run_length(const enc *e, int r, int c)
{
	/* The rows through locals, read again at every cell otherwise; a
	 * run may go on into the next row. */
	const vtx_cell(*want)[VTX_COLS] = e->target->cells;
	vtx_cell(*have)[VTX_COLS] = e->live->cells;
	const vtx_cell *t = &want[r][c];
	int p = r * VTX_COLS + c, end = (r + 1) * VTX_COLS;
	int n = 0, last_wrong = 0;

	if (r >= 1 && r < VTX_ROWS - 1)
		end += VTX_COLS;
	while (p + 1 + n < end) {
		int q = p + 1 + n;

		if (!cell_same(&want[q / VTX_COLS][q % VTX_COLS], t))
			break;
		n++;
		if (!cell_same(&have[q / VTX_COLS][q % VTX_COLS], t))
			last_wrong = n;
	}
	return last_wrong;
}

/* Is the character of `n` the one REP would repeat now? */
static int rep_repeats(const vtx_term_state *s, const need *n)
{
	if (s->last_g2)
		return n->nch >= 2 && n->ch[1] == s->last_code &&
		       (n->nch == 2 ? s->last_letter == 0
				    : n->ch[2] == s->last_letter);
	return n->nch == 1 && n->ch[0] == s->last_code;
}

/* Appends to o at k the bytes that write the character of `n` `count`
 * times after pen `s`: the character then REP, or REP alone when the
 * terminal's last character is already this one. */
static size_t run_put(const enc *e, const vtx_term_state *s, const need *n,
		      int count, uint8_t *o, size_t k)
{
	size_t na = put_run(o, k, n->ch, n->nch, count) - k;
	size_t nb = 2 * (size_t)((count + REP_MAX - 1) / REP_MAX);

	if (!(e->last_known && rep_repeats(s, n)) || nb >= na)
		return k + na;
	for (int left = count; left > 0; left -= REP_MAX) {
		o[k++] = VTX_C0_REP;
		o[k++] = (uint8_t)(0x40 + (left > REP_MAX ? REP_MAX : left));
	}
	return k;
}

/* Writes the character of `n` `count` times (run_put). */
static void write_run(enc *e, const need *n, int count)
{
	uint8_t b[4 * VTX_COLS + 8];

	emit(e, b, run_put(e, &e->st, n, count, b, 0));
}

/*** Writing one target cell ***/

/* write_tail's tests of a cell's size and kind and pen_fits_cell, for
 * one pen and many cells, as one word compare: for a normal-size G0 pen
 * or a G1 pen, with no DRCS set, sets the pattern (x) and mask (m) of
 * vtx_cell_tail_of that a 1x1 cell of the pen's set, no delimiter, that
 * the pen fits shows: its kind, size, the pen's colour and blink, and its
 * inverse (G0) or background and separation (G1). Returns 0 for other
 * pens. A cell that matches passes the tests; one that does not may
 * still (a DRCS space), and goes through them. */
static int pen_word(const vtx_term_state *s, vtx_cell_tail *x,
		    vtx_cell_tail *m)
{
	vtx_cell want = {0}, mask = {0};

	if ((unsigned)s->blink > 1 || (unsigned)s->fg > 0xFF)
		return 0;
	if (s->g1) {
		/* A mosaic pen: a 1x1 mosaic cell, no delimiter, in its
		 * colours, separated or not as it is (pen_fits_cell). */
		if (s->drcs_g1 || (unsigned)s->separated > 1 ||
		    (unsigned)s->bg > 0xFF)
			return 0;
		want.kind = VTX_KIND_MOSAIC;
		want.bg = (uint8_t)s->bg;
		want.attr = (uint8_t)((s->blink ? VTX_ATTR_BLINK : 0) |
				      (s->separated ? VTX_ATTR_SEPARATED : 0));
		mask.bg = 0xFF;
		mask.attr = VTX_ATTR_DELIM | VTX_ATTR_BLINK |
			    VTX_ATTR_SEPARATED;
	} else {
		if (s->width != 1 || s->height != 1 || s->drcs_g0 ||
		    (unsigned)s->invert > 1)
			return 0;
		want.kind = VTX_KIND_ALPHA;
		want.attr = (uint8_t)((s->blink ? VTX_ATTR_BLINK : 0) |
				      (s->invert ? VTX_ATTR_INVERT : 0));
		mask.attr = VTX_ATTR_DELIM | VTX_ATTR_BLINK | VTX_ATTR_INVERT;
	}
	want.fg = (uint8_t)s->fg;
	want.width = want.height = 1;
	mask.kind = mask.fg = mask.width = mask.height = 0xFF;
	*x = vtx_cell_tail_of(&want);
	*m = vtx_cell_tail_of(&mask);
	return 1;
}

/* Can write_tail send target cell t with pen s as it is: a 1x1 cell, no
 * delimiter, that the pen fits? `fast`, x and m: pen_word's one-compare
 * test, which a cell that fails may still pass by the others. */
static inline int tail_takes(const vtx_term_state *s, const vtx_cell *t,
			     int slow, int fast, vtx_cell_tail x,
			     vtx_cell_tail m)
{
	need n;

	if (fast && ((vtx_cell_tail_of(t) ^ x) & m) == 0)
		return 1;
	if (t->width != 1 || t->height != 1 || (t->attr & VTX_ATTR_DELIM))
		return 0;
	if (slow)
		return need_of(t, &n) == 0 && pen_fits(s, &n);
	/* The same test without filling a need: pen_fits_cell is need_of
	 * then pen_fits for such a cell. */
	return pen_fits_cell(s, t);
}

/* After a write on row r: the wrong cells that follow the cursor on the
 * same row and need no attribute change are sent in one piece, without
 * costing moves for each (a line of text is most of a notes page). Stops
 * at a doubled cell or a delimiter, one that needs attributes, the start
 * of a repeat run (left to REP), or a cell that is right already. A
 * lone right cell between two the tail sends (the space between two
 * words) is sent too when it is one byte: no move over it is shorter
 * (HT is one byte too), and the line then goes in one piece rather than
 * a word at a time. */
static void write_tail(enc *e, int r)
{
	uint8_t buf[3 * VTX_COLS];
	size_t k = 0;
	int c = e->st.col;
	const vtx_cell *want, *have;
	vtx_term_state s;
	vtx_cell_tail x = 0, m = 0;
	int slow, fast;

	if (e->st.row != r)
		return;
	/* In locals: the bytes written to buf could alias anything behind
	 * a pointer, which the compiler would then read again each cell. */
	want = e->target->cells[r];
	have = e->live->cells[r];
	s = e->st;
	slow = e->slow;
	fast = !slow && pen_word(&s, &x, &m);
	for (; c < VTX_COLS; c++) {
		const vtx_cell *t = &want[c];
		size_t nch;
		int right;

		/* A run REP could shorten is write_cell's: three like cells,
		 * or two that end the row (the run may go on in the next).
		 * Two within the row are written here: REP would not pay.
		 * (cell_same needs the same character: that compare first) */
		if (c + 1 < VTX_COLS && want[c + 1].ch == t->ch &&
		    cell_same(&want[c + 1], t) &&
		    (c + 2 == VTX_COLS || (want[c + 2].ch == t->ch &&
					   cell_same(&want[c + 2], t))))
			break;
		right = have[c].ch == t->ch && cell_same(&have[c], t);
		if (right && (c + 1 == VTX_COLS ||
			      (have[c + 1].ch == want[c + 1].ch &&
			       cell_same(&have[c + 1], &want[c + 1]))))
			break;
		if (!tail_takes(&s, t, slow, fast, x, m) ||
		    (right && !tail_takes(&s, &want[c + 1], slow, fast, x, m)))
			break;
		nch = cell_bytes(t, buf + k);
		if (nch == 0 || (right && nch != 1))
			break;
		k += nch;
	}
	emit(e, buf, k);
}

/* Writes target cell (r, c), from its lower-left cell when doubled.
 * Returns 0, or -ERANGE when no direct write produces it. */
static int write_cell(enc *e, int r, int c)
{
	const vtx_cell *t = &e->target->cells[r][c];
	int ar = r + (t->height == 2 ? 1 - t->part_y : 0);
	int ac = c - t->part_x;
	int plain = t->width == 1 && t->height == 1;
	uint8_t can = VTX_C0_CAN;
	int ran = 0; /* the run went out with the move */
	need n;

	if (ar > 24 || ac < 0 || (t->height == 2 && ar < 2) ||
	    (t->width == 2 && ac > VTX_COLS - 2) || (ar == 0 && !plain))
		return -ERANGE;
	if (need_of(t, &n) < 0)
		return -ERANGE;
	if (!e->slow && plain && !n.delim && !(e->use_can && t->ch == VTX_SP)) {
		uint8_t b[MOVE_MAX + 4 * VTX_COLS + 8];
		int through;
		size_t k = move_plan(e, ar, ac, &n, b, &through);

		/* Unless the move writes cells, it leaves what the run reads
		 * as it was (page memory, the character REP repeats: only
		 * characters change it), and the two go in one piece. */
		if (!through) {
			k = run_put(e, &e->st, &n, 1 + run_length(e, r, c), b, k);
			ran = 1;
		}
		emit(e, b, k);
		e->cursor_known = 1;
	} else {
		move_and_setup(e, ar, ac, &n);
	}
	if (e->use_can && plain && !n.delim && t->ch == VTX_SP) {
		vtx_cell cc = can_cell(&e->st);

		if (cell_same(&cc, t) && can_pays(e, r, c, &cc)) {
			emit(e, &can, 1);
			e->can_sent++;
			return 0;
		}
	}
	if (!ran && plain && !n.delim)
		write_run(e, &n, 1 + run_length(e, r, c));
	else if (!ran)
		emit(e, n.ch, n.nch);
	e->last_known = 1;
	write_tail(e, r);
	return 0;
}

/*** DRCS downloads (videotex.md §8) ***/

static void glyph_pattern(const uint8_t g[VTX_DRCS_LINES], uint8_t *o,
			  size_t *k)
{
	uint8_t sext[14] = {0};
	int n = 14;

	for (int bit = 0; bit < VTX_DRCS_LINES * 8; bit++)
		if ((g[bit / 8] >> (7 - bit % 8)) & 1)
			sext[bit / 6] |= (uint8_t)(1 << (5 - bit % 6));
	while (n > 0 && sext[n - 1] == 0)
		n--; /* trailing empty groups may be left out */
	for (int i = 0; i < n; i++)
		o[(*k)++] = (uint8_t)(0x40 + sext[i]);
	o[(*k)++] = 0x30;
}

/* Which DRCS glyphs to download: those the target defines or shows that
 * the terminal does not have already. A glyph no cell shows is sent too:
 * it is part of the terminal's state, and a later page or delta may count
 * on it (only the glyphs the screen shows are compared by
 * vtx_screen_equal, so a stream that dropped it would still pass). */
static void glyphs_wanted(const enc *e, uint8_t want[2][VTX_DRCS_CODES])
{
	for (int set = 0; set < 2; set++)
		for (int code = 0; code < VTX_DRCS_CODES; code++)
			want[set][code] = e->target->drcs_defined[set][code];
	for (int r = 0; r < VTX_ROWS; r++) {
		for (int c = 0; c < VTX_COLS; c++) {
			const vtx_cell *t = &e->target->cells[r][c];
			int set = t->kind == VTX_KIND_DRCS1;
			int code = (int)t->ch - 0x20;

			if ((t->kind == VTX_KIND_DRCS0 || set) && code > 0 &&
			    code < VTX_DRCS_CODES)
				want[set][code] = 1;
		}
	}
	for (int set = 0; set < 2; set++)
		for (int code = 0; code < VTX_DRCS_CODES; code++)
			if (memcmp(e->live->drcs[set][code],
				   e->target->drcs[set][code],
				   VTX_DRCS_LINES) == 0 &&
			    e->live->drcs_defined[set][code] >=
				    e->target->drcs_defined[set][code])
				want[set][code] = 0;
}

static void download(enc *e)
{
	uint8_t want[2][VTX_DRCS_CODES];

	/* The terminal has every glyph of the target, defined as it is
	 * (most pages: none on either side): glyphs_wanted would clear every
	 * code it wants. */
	if (!e->slow &&
	    memcmp(e->live->drcs, e->target->drcs, sizeof e->live->drcs) == 0 &&
	    memcmp(e->live->drcs_defined, e->target->drcs_defined,
		   sizeof e->live->drcs_defined) == 0)
		return;
	glyphs_wanted(e, want);
	for (int set = 0; set < 2; set++) {
		int prev = -2;

		for (int code = 1; code < VTX_DRCS_CODES; code++) {
			uint8_t o[32];
			size_t k = 0;

			if (!want[set][code])
				continue;
			if (prev == -2) { /* US # SP SP SP B|C I: the set */
				const uint8_t sel[] = {VTX_C0_US, 0x23, 0x20,
						       0x20, 0x20,
						       set ? 0x43 : 0x42, 0x49};
				emit(e, sel, sizeof sel);
			}
			if (code != prev + 1) { /* US # c 0: first code */
				o[k++] = VTX_C0_US;
				o[k++] = 0x23;
				o[k++] = (uint8_t)(code + 0x20);
				o[k++] = 0x30;
			}
			glyph_pattern(e->target->drcs[set][code], o, &k);
			emit(e, o, k);
			prev = code;
			e->cursor_known = 0; /* only US leaves download mode */
		}
	}
}

/*** Driver ***/

/* Writes every cell of row r that differs from the target; sets *bad
 * when one cannot be written. Returns nonzero if anything was written. */
/* Is target cell (r, c) the upper half of a character that row r + 1
 * will write from its lower-left cell anyway? */
static int written_from_below(const enc *e, int r, int c)
{
	const vtx_cell *t = &e->target->cells[r][c], *a;
	int ac = c - t->part_x;

	if (t->height != 2 || t->part_y != 0 || r + 1 >= VTX_ROWS || ac < 0)
		return 0;
	a = &e->target->cells[r + 1][ac];
	return a->part_x == 0 && a->part_y == 1 && a->ch == t->ch &&
	       a->kind == t->kind && a->width == t->width && a->height == 2 &&
	       !cell_same(&e->live->cells[r + 1][ac], a);
}

static int encode_row(enc *e, int r, int *bad)
{
	int wrote = 0;

	/* A row whose page memory is the target's byte for byte has no cell
	 * to write (cell_same holds for each), whatever the pass: most rows
	 * of a later pass are such, and one compare says it. */
	if (memcmp(e->live->cells[r], e->target->cells[r],
		   sizeof e->live->cells[r]) == 0)
		return 0;
	for (int c = 0; c < VTX_COLS; c++) {
		if (cell_same(&e->live->cells[r][c], &e->target->cells[r][c]) ||
		    (e->target->cells[r][c].height == 2 &&
		     written_from_below(e, r, c)))
			continue;
		if (write_cell(e, r, c) < 0) {
			*bad = 1;
		} else {
			int to = e->st.row == r ? e->st.col : c + 1;

			wrote = 1;
			/* The run and the tail wrote on to the cursor: the
			 * cells up to it, right byte for byte (they mostly
			 * are), need no look one by one. */
			if (to > c + 1 &&
			    memcmp(&e->live->cells[r][c + 1],
				   &e->target->cells[r][c + 1],
				   sizeof(vtx_cell) * (size_t)(to - c - 1)) == 0)
				c = to - 1;
		}
	}
	return wrote;
}

/* Enough of the encoder's state to try something and go back: the
 * terminal's state, the output length and the rows of page memory the
 * attempt may touch. */
typedef struct snapshot {
	vtx_term *t;
	/* The spare terminal's own screen, unused but by write_page: the
	 * start's DRCS glyphs and modes (whole), the painted attempt's page
	 * memory (plain). */
	vtx_screen screen;
	vtx_term_state st;
	int cursor_known, last_known;
	int verified; /* (plain: enc's after the plain attempt) */
	size_t len;
	int row0, nrows;
	vtx_cell rows[VTX_ROWS][VTX_COLS];
} snapshot;

static void snap_take(snapshot *sn, const enc *e, int row0, int nrows)
{
	if (row0 < 0) {
		nrows += row0;
		row0 = 0;
	}
	if (row0 + nrows > VTX_ROWS)
		nrows = VTX_ROWS - row0;
	sn->row0 = row0;
	sn->nrows = nrows;
	memcpy(sn->rows, e->live->cells[row0], sizeof sn->rows[0] * (size_t)nrows);
	vtx_term_copy_state(sn->t, e->t);
	sn->st = e->st;
	sn->cursor_known = e->cursor_known;
	sn->last_known = e->last_known;
	sn->len = e->out->len;
}

static void snap_back(enc *e, const snapshot *sn)
{
	memcpy(e->live->cells[sn->row0], sn->rows,
	       sizeof sn->rows[0] * (size_t)sn->nrows);
	vtx_term_copy_state(e->t, sn->t);
	e->st = sn->st;
	e->cursor_known = sn->cursor_known;
	e->last_known = sn->last_known;
	e->out->len = sn->len;
}

/* Could CAN serve anywhere in row r? It fills to the end of the row, so
 * only with a wrong plain space whose like also ends the row. If not,
 * there is nothing to try. */
static int can_candidate(const enc *e, int r)
{
	const vtx_cell *last = &e->target->cells[r][VTX_COLS - 1];

	/* The space must be cell_same to the last cell, so the last cell is
	 * a 1x1 space too. */
	if (!e->slow && (last->ch != VTX_SP || last->width != 1 ||
			 last->height != 1))
		return 0;
	/* A row of page memory whose cells are all one, and cell_same to
	 * the last target cell (a row of pass 0 after a FF, under a line of
	 * text: most rows), has every target cell like the last right
	 * already, cell_same being an equivalence. One compare of the row
	 * against itself moved by a cell says so. */
	if (!e->slow &&
	    memcmp(&e->live->cells[r][0], &e->live->cells[r][1],
		   sizeof(vtx_cell) * (VTX_COLS - 1)) == 0 &&
	    cell_same(&e->live->cells[r][0], last))
		return 0;
	for (int c = 0; c < VTX_COLS; c++) {
		const vtx_cell *t = &e->target->cells[r][c];

		if (t->ch == VTX_SP && t->width == 1 && t->height == 1 &&
		    !(t->attr & VTX_ATTR_DELIM) &&
		    !cell_same(&e->live->cells[r][c], t) && cell_same(t, last))
			return 1;
	}
	return 0;
}

/* The order the passes write the rows in: 1 to 24, then the status
 * row. Row 0 is apart (only US enters or leaves it, nothing written
 * elsewhere reaches it) and on a site's pages it holds what changes from
 * page to page (the page number), while the header band under it does
 * not: written first, it made the band's rows start from another state on
 * every page, and the remembered rows (vtx_encode_cache) never served.
 * Written last, it also saves the move back from row 0. */
static inline int row_at(int i) { return i + 1 < VTX_ROWS ? i + 1 : 0; }
static inline int row_rank(int r) { return r > 0 ? r - 1 : VTX_ROWS - 1; }

/* Where the first attempt of a page (see encode()) stood after pass 0
 * had done row r: its output length, the terminal's state, the encoder's
 * flags, and rows r and r + 1 of page memory. */
typedef struct mark {
	size_t len;
	vtx_term_state st;
	int cursor_known, last_known, use_can, wrote, bad;
	vtx_cell rows[2][VTX_COLS];
} mark;

/* The first attempt's pass 0, row by row. Pass 0 works down the page:
 * once row r is done, later rows write on rows r and below only (a row
 * writes on the row above it and the row below it at most, and its trials
 * put back what they touched), so the page memory at mark r is `pass0`
 * (the memory after pass 0) above row r, the mark's own rows r and r + 1,
 * and `start` (the memory before the attempt) below. `pass0` is the
 * first attempt's page memory itself (which stays as it is while the
 * second runs) unless a later pass changes it: `copy` then. */
typedef struct trail {
	mark at[VTX_ROWS];
	const vtx_cell (*pass0)[VTX_COLS];
	int copied; /* pass0 is `copy` */
	vtx_cell copy[VTX_ROWS][VTX_COLS];
	const vtx_cell (*start)[VTX_COLS];
} trail;

static void trail_mark(trail *tr, const enc *e, int r, int wrote, int bad)
{
	mark *m = &tr->at[r];
	int n = r + 1 < VTX_ROWS ? 2 : 1;

	m->len = e->out->len;
	m->st = e->st;
	m->cursor_known = e->cursor_known;
	m->last_known = e->last_known;
	m->use_can = e->use_can;
	m->wrote = wrote;
	m->bad = bad;
	memcpy(m->rows, e->live->cells[r], sizeof m->rows[0] * (size_t)n);
}

/* Does the encoder stand exactly where the first attempt stood at mark
 * r: same terminal state (what vtx_term_get_state shows is all of it that
 * an encoder stream can make matter, the parser being between sequences),
 * same flags, same page memory? From there on, it would write what the
 * first attempt wrote. */
static int trail_joins(const trail *tr, const enc *e, int r, int wrote,
		       int bad)
{
	const mark *m = &tr->at[r];

	if (memcmp(&m->st, &e->st, sizeof m->st) != 0 ||
	    m->cursor_known != e->cursor_known ||
	    m->last_known != e->last_known || m->use_can != e->use_can ||
	    m->wrote != wrote || m->bad != bad)
		return 0;
	for (int i = 0; i < VTX_ROWS; i++) {
		const vtx_cell *want = row_rank(i) < row_rank(r) ? tr->pass0[i]
				       : i == r || (i == r + 1 && i != 0)
					       ? m->rows[i - r]
					       : tr->start[i];

		if (memcmp(e->live->cells[i], want,
			   sizeof e->live->cells[i]) != 0)
			return 0;
	}
	return 1;
}

/* The scratch space of one encoding: snapshots to try things and go
 * back, the first attempt's trail, and the bytes of the CAN trials. In a
 * cache's, also a terminal and its page memory kept from one page to the
 * next (a terminal made and freed for each page was a twentieth of the
 * encoder's time), with `fresh`, a terminal just reset, to start each
 * page from its state. */
typedef struct work {
	snapshot sn, whole, plain, after[2];
	vtx_buf bytes[2];
	vtx_buf moved; /* a shifted call's bytes, their US rows moved */
	trail tr;
	vtx_term *t, *fresh; /* or NULL */
	vtx_screen page;
} work;

static void work_free(work *w)
{
	if (!w)
		return;
	vtx_term_free(w->sn.t);
	vtx_term_free(w->whole.t);
	vtx_term_free(w->plain.t);
	vtx_term_free(w->after[0].t);
	vtx_term_free(w->after[1].t);
	vtx_term_free(w->t);
	vtx_term_free(w->fresh);
	vtx_buf_free(&w->bytes[0]);
	vtx_buf_free(&w->bytes[1]);
	vtx_buf_free(&w->moved);
	free(w);
}

static work *work_new(void)
{
	work *w = malloc(sizeof *w);

	if (!w)
		return NULL;
	memset(w->bytes, 0, sizeof w->bytes);
	memset(&w->moved, 0, sizeof w->moved);
	w->t = w->fresh = NULL;
	w->sn.t = vtx_term_new(&w->sn.screen, NULL, NULL);
	w->whole.t = vtx_term_new(&w->whole.screen, NULL, NULL);
	w->plain.t = vtx_term_new(&w->plain.screen, NULL, NULL);
	w->after[0].t = vtx_term_new(&w->after[0].screen, NULL, NULL);
	w->after[1].t = vtx_term_new(&w->after[1].screen, NULL, NULL);
	if (!w->sn.t || !w->whole.t || !w->plain.t || !w->after[0].t ||
	    !w->after[1].t) {
		work_free(w);
		return NULL;
	}
	return w;
}

#define PAINT_KINDS 64
#define PAINT_MIN_ROWS 3
#define PAINT_MIN_GAIN 6

/* A space cell CAN could write, which many wrong cells of the target
 * are: painting the rows where it abounds with CAN and a line feed each
 * (2 bytes a row, the pen kept) before the rest is written is how
 * hand-made pages get their coloured backgrounds cheaply (see
 * paint_plan_make). */
typedef struct paint_plan {
	vtx_cell cell;
	uint8_t rows[VTX_ROWS];
	/* A painted row has a wrong cell that needs another pen than the
	 * painted cell's (see paint_plan_make). */
	int other_pen;
} paint_plan;

/* paint_plan_make's count of the wrong paintable cells by kind, in the
 * order the rows are read: the kind that reached the highest count first
 * is `top`. */
typedef struct paint_count {
	vtx_cell kinds[PAINT_KINDS];
	int count[PAINT_KINDS];
	int n, top;
} paint_count;

/* The rows before the last, where a site's pages have their header band:
 * paint_plan_get keeps what they gave (PAINT_FRAME_ROWS of them, from
 * row 1). */
#define PAINT_FRAME_ROWS (VTX_ROWS - 2)

/* What paint_plan_get keeps of rows 1 .. PAINT_FRAME_ROWS of a page
 * that started as `start` says (0: nothing kept), `rows` its
 * e->paint_row: their count, and when `planned`, the plan of those rows
 * for plan.cell (plan_rows of them painted). */
typedef struct paint_frame {
	int start;
	uint8_t rows[VTX_ROWS];
	paint_count count;
	int planned, plan_rows;
	paint_plan plan;
} paint_frame;

/* The bytes paint() sent on a page, and all they were made from: where
 * the encoder stood (its state, flags and page memory, known by
 * enc.start), the plan, and the target rows move_through may read (from
 * the cursor's row to the last painted one). gen: the page's, 0 for
 * none. */
typedef struct paint_memo {
	unsigned long gen;
	int start, cursor_known, last_known;
	vtx_term_state st;
	paint_plan plan;
	vtx_buf bytes;
} paint_memo;

/*** Remembered rows ***/

#define CACHE_WAYS 4
#define TRIAL_WAYS 2
#define MEMO_ROWS 4
/* Pages whose target rows vtx_encode_cache keeps (hist) */
#define HIST 2

/* Where a remembered row of page memory is: the blank row FF leaves
 * (vtx_encode_cache blank), the target row, or a copy of its own. The
 * rows a call reads and leaves are mostly the first two (the row above,
 * written, and blank rows), and are then not copied: a copy into a
 * memory costs more than a compare of rows at hand. */
enum { ROW_BLANK, ROW_TARGET, ROW_KEPT };

/* The rows a memory keeps as copies (ROW_KEPT), seldom used: apart from
 * the memories, which are then small enough for the tables of them to
 * stay in a cache. */
typedef vtx_cell kept_rows[MEMO_ROWS][VTX_COLS];

/* What a call read: its rows of target and page memory (n of them, from
 * lo: the row memories' own numbering, see memo and shifted), the state
 * it is known by, and the flags; and what it gave back: its bytes, the
 * flags after, what it returned, the CANs it sent. Its target rows are
 * rows at .. at + n - 1 of page gen as vtx_encode_cache hist keeps them,
 * which can be read while that page is the one being encoded or one of
 * the HIST - 1 before it (a call that matches is moved on to the page it
 * matched on); its rows of page memory are where live_is says (ROW_KEPT:
 * in live). */
typedef struct call {
	int lo, n;
	vtx_term_state st;
	int cursor_known, last_known, use_can;
	unsigned long gen;
	int at;
	uint8_t live_is[MEMO_ROWS];
	int cursor_known_after, last_known_after, use_can_after;
	int wrote, bad, can_sent;
	vtx_buf bytes;
	vtx_cell (*live)[VTX_COLS]; /* kept_rows, apart */
} call;

/* One encode_row call as it went: all it reads (the encoder's state and
 * the rows it reads of the target and of page memory) and all it leaves
 * (bytes, state, the rows it may write, CANs sent). Or the same of one
 * rows_tried call (the trials of a row, see rows_tried_memo). */
typedef struct memo {
	int used;
	unsigned long stamp; /* last use, for replacing the oldest */
	vtx_term *t; /* the terminal after the row (its state only) */
	vtx_term_state st_after;
	/* the rows of page memory after: where after_is says (call) */
	uint8_t after_is[MEMO_ROWS];
	call in;             /* rows lo .. lo + n - 1 */
	vtx_cell (*after)[VTX_COLS]; /* kept_rows, apart */
} memo;

struct vtx_encode_cache {
	vtx_screen unused; /* the memo terminals' screen: never written */
	memo ways[VTX_ROWS][CACHE_WAYS];
	memo trials[VTX_ROWS][TRIAL_WAYS];
	unsigned long clock;
	/* The target rows of the last HIST pages target_scan saw: this
	 * page's are hist[gen % HIST] (gen counts the pages), the page
	 * before's hist[(gen - 1) % HIST]; and what target_scan found in the
	 * page before's. The row memories refer to them rather than keeping
	 * copies (call). */
	vtx_cell hist[HIST][VTX_ROWS][VTX_COLS];
	unsigned long gen;
	uint8_t before_paint[VTX_ROWS];
	vtx_cell blank[VTX_COLS]; /* a row as FF leaves it */
	work *w; /* kept from one page to the next */
	struct prefix *pre; /* PREFIX_WAYS of them (see write_page) */
	paint_frame frame; /* see paint_plan_get */
	paint_memo paint; /* see paint_bytes */
	struct shifted *shifted; /* SHIFTED_SLOTS of them, made when first
				  * needed (see shifted_row) */
	unsigned long redos; /* pages encoded again (write_page's check) */
	unsigned long shifted_replays; /* vtx_encode_cache_shifted */
	unsigned long floor_broken; /* vtx_encode_cache_floor_broken */
	unsigned long painted; /* vtx_encode_cache_painted */
	unsigned long paint_skips; /* vtx_encode_cache_paint_skips */
	int slow; /* vtx_encode_cache_slow */
	/* The memories' kept rows ([0] in.live, [1] after), and the shifted
	 * slots' (made with them) */
	kept_rows ways_kept[VTX_ROWS][CACHE_WAYS][2];
	kept_rows trials_kept[VTX_ROWS][TRIAL_WAYS][2];
	kept_rows *shifted_kept;
};

static struct prefix *prefixes_new(void);
static void prefixes_free(struct prefix *p);
static void shifted_free(struct shifted *p);

vtx_encode_cache *vtx_encode_cache_new(void)
{
	vtx_encode_cache *c = calloc(1, sizeof *c);

	if (!c)
		return NULL;
	c->w = work_new();
	c->pre = prefixes_new();
	if (!c->w || !c->pre) {
		work_free(c->w);
		prefixes_free(c->pre);
		free(c);
		return NULL;
	}
	c->w->t = vtx_term_new(&c->w->page, NULL, NULL);
	c->w->fresh = vtx_term_new(&c->w->page, NULL, NULL);
	if (!c->w->t || !c->w->fresh) {
		vtx_encode_cache_free(c);
		return NULL;
	}
	vtx_term_reset(c->w->fresh);
	for (int col = 0; col < VTX_COLS; col++)
		c->blank[col] = vtx_cell_blank();
	for (int r = 0; r < VTX_ROWS; r++) {
		for (int k = 0; k < CACHE_WAYS; k++) {
			c->ways[r][k].in.live = c->ways_kept[r][k][0];
			c->ways[r][k].after = c->ways_kept[r][k][1];
			c->ways[r][k].t = vtx_term_new(&c->unused, NULL, NULL);
			if (!c->ways[r][k].t) {
				vtx_encode_cache_free(c);
				return NULL;
			}
		}
		for (int k = 0; k < TRIAL_WAYS; k++) {
			c->trials[r][k].in.live = c->trials_kept[r][k][0];
			c->trials[r][k].after = c->trials_kept[r][k][1];
			c->trials[r][k].t = vtx_term_new(&c->unused, NULL, NULL);
			if (!c->trials[r][k].t) {
				vtx_encode_cache_free(c);
				return NULL;
			}
		}
	}
	return c;
}

void vtx_encode_cache_slow(vtx_encode_cache *c, int on)
{
	c->slow = on;
}

void vtx_encode_cache_free(vtx_encode_cache *c)
{
	if (!c)
		return;
	for (int r = 0; r < VTX_ROWS; r++)
		for (int k = 0; k < TRIAL_WAYS; k++) {
			vtx_term_free(c->trials[r][k].t);
			vtx_buf_free(&c->trials[r][k].in.bytes);
		}
	for (int r = 0; r < VTX_ROWS; r++)
		for (int k = 0; k < CACHE_WAYS; k++) {
			vtx_term_free(c->ways[r][k].t);
			vtx_buf_free(&c->ways[r][k].in.bytes);
		}
	work_free(c->w);
	prefixes_free(c->pre);
	shifted_free(c->shifted);
	free(c->shifted_kept);
	vtx_buf_free(&c->paint.bytes);
	free(c);
}

/* The rows encode_row(e, r) reads and writes: r - 1 .. r + 1 (a double
 * height character written from row r covers row r - 1; row r + 1 is
 * looked at for upper halves and for REP runs that wrap, and written by
 * them). Row 0 is neither read nor written from row 1: double height is
 * ignored on row 1, the cursor does not leave row 0 but by US, and runs
 * do not wrap from row 0.
 *
 * Nor is row r + 1 read or written when row r has no double height
 * cells (no upper half written from below, nothing written from row
 * r + 1) and no run can wrap into it: a run of row r reaches row r + 1
 * only through cells all like the run's first (cell_same is an
 * equivalence), the last of row r and the first of row r + 1 among
 * them, so not when those two differ (nor from row 0). Row r + 1 is then
 * left out: the rows a memo covers are part of its key, so a row that
 * meets the condition never replays one made without it, or the other
 * way round. */
static void memo_rows(enc *e, int r, int *lo, int *n)
{
	const vtx_screen *t = e->target;
	int hi = e->memo_hi[r] - 1;

	*lo = r <= 1 ? r : r - 1;
	if (hi < 0) { /* found once a page: it reads the target only */
		hi = r + 1 < VTX_ROWS ? r + 1 : r;
		if (hi > r && !e->slow &&
		    (r == 0 || !cell_same(&t->cells[r][VTX_COLS - 1],
					  &t->cells[r + 1][0]))) {
			int doubled = 0;

			for (int c = 0; c < VTX_COLS; c++)
				doubled |= t->cells[r][c].height != 1;
			if (!doubled)
				hi = r;
		}
		e->memo_hi[r] = (uint8_t)(hi + 1);
	}
	*n = hi - *lo + 1;
}

/* The rows rows_tried(r) reads and writes: those of encode_row(r) and of
 * encode_row(r + 1), which it encodes after it (memo_rows). */
static void tried_rows(enc *e, int r, int *lo, int *n)
{
	memo_rows(e, r, lo, n);
	if (r + 1 < VTX_ROWS) {
		int lo1, n1;

		memo_rows(e, r + 1, &lo1, &n1);
		if (lo1 + n1 > *lo + *n)
			*n = lo1 + n1 - *lo;
	}
}

/* The terminal state a memo of row r is known by: e->st, but for a row
 * that the cursor must enter by US or RS, its pen and position do not
 * count. The cursor is then on row 0 and the row is another, or the
 * other way round: move_and_setup can move only by US then (RS too for
 * row 1), since relative moves and writing through neither enter nor
 * leave row 0, and US and RS set the position and reset the pen (the
 * pen for their setup is pen_defaults' of e->st). So from its first
 * byte on, the row's encoding cannot tell pen and position before it.
 * Nor can anything that comes after: what else US into row 0 changes
 * (the position and pen it saves) is read by LF on row 0 only, which
 * these streams never send. A row that writes nothing leaves the state
 * as it found it, so such a memo is not kept (see encode_row_memo). */
static int memo_key(const enc *e, int r, vtx_term_state *k)
{
	*k = e->st;
	if (e->slow || (r == 0) == (e->st.row == 0))
		return 0;
	pen_defaults(k);
	k->row = k->col = UNKNOWN;
	return 1;
}

/* Where row `row` of the page is among the kinds of call (ROW_BLANK,
 * ROW_TARGET: then its row `row` of the target), as the row `have`. */
static int row_is(const enc *e, int row, const vtx_cell *have)
{
	size_t size = sizeof(vtx_cell) * VTX_COLS;

	if (memcmp(have, e->cache->blank, size) == 0)
		return ROW_BLANK;
	if (memcmp(have, e->target->cells[row], size) == 0)
		return ROW_TARGET;
	return ROW_KEPT;
}

/* Remembers row `row` of page memory, `have`: its kind (row_is), and a
 * copy in `kept` when it is ROW_KEPT. */
static uint8_t row_keep(const enc *e, int row, const vtx_cell *have,
			vtx_cell *kept)
{
	int is = row_is(e, row, have);

	if (is == ROW_KEPT)
		memcpy(kept, have, sizeof(vtx_cell) * VTX_COLS);
	return (uint8_t)is;
}

/* The row a remembered row (is, kept) stands for, at row `row`. */
static const vtx_cell *row_of(const enc *e, int row, int is,
			      const vtx_cell *kept)
{
	return is == ROW_BLANK	  ? e->cache->blank
	       : is == ROW_TARGET ? e->target->cells[row]
				  : kept;
}

/* Did call `c` read what a call now would, its rows being rows `at` ..
 * at + n - 1 of the page (known as `lo`)? (With its target rows equal to
 * those now, ROW_TARGET stands for the same row then and now.) */
static int call_matches(const call *c, const enc *e, int lo, int at, int n,
			const vtx_term_state *key)
{
	const vtx_encode_cache *ca = e->cache;

	if (c->lo != lo || c->n != n || c->cursor_known != e->cursor_known ||
	    c->last_known != e->last_known || c->use_can != e->use_can ||
	    ca->gen - c->gen >= HIST ||
	    memcmp(&c->st, key, sizeof c->st) != 0 ||
	    memcmp(ca->hist[c->gen % HIST][c->at], e->target->cells[at],
		   sizeof(vtx_cell) * VTX_COLS * (size_t)n) != 0)
		return 0;
	for (int i = 0; i < n; i++)
		if (memcmp(e->live->cells[at + i],
			   row_of(e, at + i, c->live_is[i], c->live[i]),
			   sizeof(vtx_cell) * VTX_COLS) != 0)
			return 0;
	return 1;
}

/* Stores in `c` what a call now reads (call_matches' terms). */
static void call_begin(call *c, const enc *e, int lo, int at, int n,
		       const vtx_term_state *key)
{
	c->lo = lo;
	c->n = n;
	c->st = *key;
	c->cursor_known = e->cursor_known;
	c->last_known = e->last_known;
	c->use_can = e->use_can;
	c->gen = e->cache->gen;
	c->at = at;
	for (int i = 0; i < n; i++)
		c->live_is[i] = row_keep(e, at + i, e->live->cells[at + i],
					 c->live[i]);
}

/* After call_matches: the call's target rows are this page's rows at
 * .. (they compared equal), which keeps them readable a page more. */
static void call_met(call *c, const enc *e, int at)
{
	c->gen = e->cache->gen;
	c->at = at;
}

/* Stores in `c` what the call that began at output length `len` with
 * `sent` CANs gave back; 0 when it could not keep it all. */
static int call_end(call *c, const enc *e, size_t len, int sent, int wrote,
		    int bad)
{
	c->bytes.len = 0;
	vtx_buf_put(&c->bytes, e->out->data + len, e->out->len - len);
	c->cursor_known_after = e->cursor_known;
	c->last_known_after = e->last_known;
	c->use_can_after = e->use_can;
	c->wrote = wrote;
	c->bad = bad;
	c->can_sent = e->can_sent - sent;
	return !c->bytes.failed && !e->out->failed;
}

/* What the encoder takes of a replayed call but its bytes and state. */
static int call_flags(const call *c, enc *e, int *bad)
{
	e->cursor_known = c->cursor_known_after;
	e->last_known = c->last_known_after;
	e->use_can = c->use_can_after;
	e->can_sent += c->can_sent;
	if (c->bad)
		*bad = 1;
	return c->wrote;
}

static int memo_matches(const memo *m, const enc *e, int lo, int n,
			const vtx_term_state *key)
{
	return m->used && call_matches(&m->in, e, lo, lo, n, key);
}

static int memo_replay(const memo *m, enc *e, int *bad)
{
	vtx_buf_put(e->out, m->in.bytes.data, m->in.bytes.len);
	vtx_term_copy_state(e->t, m->t);
	e->st = m->st_after;
	for (int i = 0; i < m->in.n; i++) {
		int row = m->in.lo + i;

		memcpy(e->live->cells[row],
		       row_of(e, row, m->after_is[i], m->after[i]),
		       sizeof m->after[i]);
	}
	return call_flags(&m->in, e, bad);
}

/* Looks the inputs up in `ways` (nways of them) and replays a match
 * (returning NULL, *wrote set); otherwise returns the way to record in,
 * the oldest, with the inputs stored (memo_end completes it). */
static memo *memo_begin(enc *e, memo *ways, int nways, int lo, int n,
			const vtx_term_state *key, int *bad, int *wrote)
{
	memo *m = &ways[0];

	for (int k = 0; k < nways; k++) {
		if (memo_matches(&ways[k], e, lo, n, key)) {
			ways[k].stamp = ++e->cache->clock;
			call_met(&ways[k].in, e, lo);
			*wrote = memo_replay(&ways[k], e, bad);
			return NULL;
		}
		if (!ways[k].used || (m->used && ways[k].stamp < m->stamp))
			m = &ways[k];
	}
	m->used = 0;
	call_begin(&m->in, e, lo, lo, n, key);
	return m;
}

/* Records in `m` what the call that began at output length `len` with
 * `sent` CANs did; `keep` says whether it may be replayed. */
static void memo_end(memo *m, enc *e, size_t len, int sent, int wrote,
		     int bad, int keep)
{
	int whole = call_end(&m->in, e, len, sent, wrote, bad);

	vtx_term_copy_state(m->t, e->t);
	m->st_after = e->st;
	for (int i = 0; i < m->in.n; i++)
		m->after_is[i] = row_keep(e, m->in.lo + i,
					  e->live->cells[m->in.lo + i],
					  m->after[i]);
	m->used = keep && whole;
	m->stamp = ++e->cache->clock;
}

/* Can a memory of row r serve? Not for the status row when it changed
 * from the page before (its page number): written last, it is no row's
 * lookahead (rows_tried), so only another page could meet it again. */
static inline int memo_worth(const enc *e, int r)
{
	return e->cache && e->ground && (r != 0 || e->again_row[0]);
}

/* encode_row, or what it did when it last met the very same inputs. */
static int encode_row_memo(enc *e, int r, int *bad)
{
	memo *m;
	int lo, n, wrote, row_bad = 0, sent = e->can_sent, loose;
	size_t len = e->out->len;
	vtx_term_state key;

	if (!memo_worth(e, r))
		return encode_row(e, r, bad);
	loose = memo_key(e, r, &key);
	memo_rows(e, r, &lo, &n);
	m = memo_begin(e, e->cache->ways[r], CACHE_WAYS, lo, n, &key, bad,
		       &wrote);
	if (!m)
		return wrote;
	wrote = encode_row(e, r, &row_bad);
	memo_end(m, e, len, sent, wrote, row_bad,
		 !(loose && e->out->len == len));
	if (row_bad)
		*bad = 1;
	return wrote;
}

/* A floor under the bytes encode_row(0) writes without CAN, from state
 * `st` over page memory `have`, when the status row's target is plain
 * text: 1x1 alphanumeric cells with no delimiter or attribute (0 when
 * it is not). It holds because the encoder writes every wrong cell as
 * its target and a REP only over like target cells (run_length,
 * move_through, write_tail), so that:
 *   - the row is entered by US (3 bytes) when the cursor is elsewhere:
 *     only US enters the status row, and it resets the pen;
 *   - each run of like target cells with a wrong one takes a byte, two
 *     with two wrong ones (two characters, a REP, or both), three with
 *     three when the cell before the first wrong one is a wrong one of
 *     another character: that cell is the last written before it, so
 *     REP would repeat that one, and a character is needed first;
 *   - a change of colour between two runs of characters other than
 *     spaces takes two (ESC and the colour, or US back to white).
 * rows_tried needs no trial without CAN when the trial with CAN costs
 * less than this: it would lose. The status row is written last, so its
 * trials cost that row alone, and it is such a row on a site's pages.
 * Used on pages encoded from power-on (e->start), whose status row is
 * the power-on one, where test_encode_fast checks it against the trial
 * (vtx_encode_cache_floor_broken). */
static size_t status_floor(const enc *e, const vtx_cell *have,
			   const vtx_term_state *st)
{
	const vtx_cell *want = e->target->cells[0];
	size_t lb = 0;
	int pen = -1; /* the colour then */

	if (st->row != 0) {
		lb = 3;
		pen = 7; /* US: white */
	}
	for (int c = 0; c < VTX_COLS;) {
		const vtx_cell *t = &want[c];
		int end = c + 1, wrong = 0, first = c;

		if (t->kind != VTX_KIND_ALPHA || t->width != 1 ||
		    t->height != 1 || t->attr != 0)
			return 0;
		while (end < VTX_COLS && cell_same(&want[end], t))
			end++;
		for (int k = c; k < end; k++)
			if (!cell_same(&have[k], &want[k]) && wrong++ == 0)
				first = k;
		if (wrong) {
			int written = first > 0 &&
				      !cell_same(&have[first - 1],
						 &want[first - 1]) &&
				      want[first - 1].ch != t->ch;

			lb += wrong > 2 && written ? 3 : wrong > 1 ? 2 : 1;
			if (t->ch != VTX_SP) {
				if (pen >= 0 && pen != t->fg)
					lb += 2;
				pen = t->fg;
			}
		}
		c = end;
	}
	return lb;
}


/* Encodes row r with and without CAN, each followed by row r + 1, and
 * keeps the choice that costs less over the two rows: CAN leaves the
 * cursor behind, and what that costs shows only on the next row. Rows
 * r - 1 .. r + 2 are all the two rows can write: double height reaches
 * the row above, an upper half is written from the row below, a REP run
 * may wrap into the next row.
 *
 * The trial with CAN goes first: when it sends no CAN, it is the trial
 * without (use_can is only read where a CAN could go), the two would
 * cost the same and the one without wins ties, so there is nothing more
 * to try. Otherwise row r of the better trial is kept as it was written
 * (state and bytes) rather than written a third time: the encoder is
 * deterministic, so that would give the same. These rows are the costly
 * ones (the frame of a site's pages: status row, header band), so their
 * encode_row calls go through the cache. */
static int rows_tried(enc *e, work *w, int r, int *bad, int *each_wrote)
{
	size_t cost[2], least;
	int scratch_bad = 0, best, wrote[2], row_bad[2] = {0, 0};

	*each_wrote = 1;
	/* status_floor: 0 (none) but on the status row of a page from
	 * power-on */
	least = r == 0 && e->start ? status_floor(e, e->live->cells[0], &e->st)
				   : 0;
	snap_take(&w->sn, e, r - 1, 4);
	for (int can = 1; can >= 0; can--) {
		if (!can) /* (the trial with CAN starts where sn was taken) */
			snap_back(e, &w->sn);
		e->use_can = can;
		e->can_sent = 0;
		wrote[can] = encode_row_memo(e, r, &row_bad[can]);
		if (e->out->len == w->sn.len)
			*each_wrote = 0;
		if (can && e->can_sent == 0) {
			e->use_can = 0;
			if (row_bad[1])
				*bad = 1;
			return wrote[1];
		}
		/* The status row's trial with CAN costs less than any
		 * without (status_floor, see there): it stands as it is
		 * written, nothing to keep for a second trial (the status
		 * row is written last: no lookahead). */
		if (can && !e->slow && least > e->out->len - w->sn.len) {
			if (row_bad[1])
				*bad = 1;
			return wrote[1];
		}
		snap_take(&w->after[can], e, r - 1, 4);
		w->bytes[can].len = 0;
		vtx_buf_put(&w->bytes[can], e->out->data + w->sn.len,
			    e->out->len - w->sn.len);
		/* (the status row is written last: the row under it is
		 * done already, and nothing follows it to cost) */
		if (r > 0 && r + 1 < VTX_ROWS) {
			e->use_can = 1;
			encode_row_memo(e, r + 1, &scratch_bad);
		}
		cost[can] = e->out->len - w->sn.len;
		if (!can && e->cache && least > cost[0])
			e->cache->floor_broken++;
	}
	best = cost[1] < cost[0];
	snap_back(e, &w->after[best]);
	e->out->len = w->sn.len;
	vtx_buf_put(e->out, w->bytes[best].data, w->bytes[best].len);
	if (w->bytes[best].failed)
		e->out->failed = 1;
	e->use_can = best;
	if (row_bad[best])
		*bad = 1;
	return wrote[best];
}

/* rows_tried, or what it did when it last met the very same inputs:
 * the frame rows of a site's pages (status row, header band) are tried
 * on every page, and though their encode_row calls mostly come from the
 * row memory, the trials still cost snapshots and lookups. Its inputs
 * are those of encode_row(r) and encode_row(r + 1) (memo_rows of both,
 * and memo_key's state), but use_can, which it sets before reading. Its
 * outputs, those of row r as the better trial left it: the lookahead's
 * are undone. A loose key (memo_key) needs every trial to have written
 * row r, which starts with the US or RS that makes the state before
 * unseen. */
static int rows_tried_memo(enc *e, work *w, int r, int *bad)
{
	memo *m;
	int lo, n, wrote, row_bad = 0, sent = e->can_sent, loose, each;
	size_t len = e->out->len;
	vtx_term_state key;

	if (!memo_worth(e, r) || e->slow)
		return rows_tried(e, w, r, bad, &each);
	e->use_can = 0;
	loose = memo_key(e, r, &key);
	tried_rows(e, r, &lo, &n);
	m = memo_begin(e, e->cache->trials[r], TRIAL_WAYS, lo, n, &key, bad,
		       &wrote);
	if (!m)
		return wrote;
	wrote = rows_tried(e, w, r, &row_bad, &each);
	memo_end(m, e, len, sent, wrote, row_bad, !loose || each);
	if (row_bad)
		*bad = 1;
	return wrote;
}

/*** Rows met again lower or higher on the page ***/

/* A notes page moves on by half a page: the lines at the foot of one
 * page are at the head of the next, written after a FF on blank rows,
 * each after the line that came before it there too. Their encode_row
 * calls meet the same inputs, but at other rows: the same target and
 * page-memory rows around them, the same pen, the cursor as many rows
 * above or below. What encode_row does depends on the row only through
 * the edges of the page: row 0 (entered and left only by US), row 1 (RS;
 * no double height), row 24 (the last). Away from them, the same inputs
 * give the same bytes, but for the row each US names (US row column,
 * put_us: in these streams every 0x1F byte is a US, since the encoder
 * writes no DRCS pattern after the download, and characters, attributes,
 * REP counts and SS2 letters are all 0x20 and over). So a call made at
 * one row can be replayed at another: its bytes, with each US's row
 * moved, fed to the terminal, which writes the page memory and leaves
 * the state as the call would have.
 *
 * shifted_row does this for the rows of pass 0 that no page before had
 * at the same place (again_row, which encode_row_memo serves) and that
 * CAN cannot serve; shifted_tried for those it can (the trials of
 * rows_tried: code lines). Both are known by all they read: rows
 * r - 1 .. of target and page memory (memo_rows), the state with the
 * cursor's row counted from r, cursor_known, last_known, use_can. Only
 * when those rows are 2 .. 23 and the cursor is not on row 0, where the
 * edges cannot reach them. A slot is found by a hash of row r and the
 * state, and taken only when everything it was made from compares
 * equal. */

#define SHIFTED_SLOTS 256
#define SHIFTED_TOP 2    /* the first row a window may cover */
#define SHIFTED_BOTTOM 23 /* the last */

typedef struct shifted {
	int used;
	int tried;           /* rows_tried (1) or encode_row (0) */
	uint64_t hash;
	int row;             /* the row r it was made at */
	call in;  /* rows r - in.lo ..; in.st.row counted from r (its rows
		     are kept as call says) */
} shifted;

static void shifted_free(struct shifted *p)
{
	if (!p)
		return;
	for (int k = 0; k < SHIFTED_SLOTS; k++)
		vtx_buf_free(&p[k].in.bytes);
	free(p);
}

/* The key state of a call at row r: e->st, its row counted from r. */
static vtx_term_state shifted_state(const enc *e, int r)
{
	vtx_term_state k = e->st;

	k.row -= r;
	return k;
}

/* The slot's hash: row r's characters (what tells rows of text apart;
 * the slot compares all the rest) and the cursor, in two lanes. */
static uint64_t shifted_hash(const enc *e, int r, int tried,
			     const vtx_term_state *k)
{
	const vtx_cell *row = e->target->cells[r];
	uint64_t a = 0x9E3779B97F4A7C15u ^ (uint64_t)tried, b = 0;

	for (int c = 0; c < VTX_COLS; c += 2) {
		a = (a ^ row[c].ch) * 0xFF51AFD7ED558CCDu;
		b = (b ^ row[c + 1].ch) * 0xC4CEB9FE1A85EC53u;
	}
	a ^= (uint64_t)(k->row + 64) << 8 ^ (uint64_t)k->col << 16 ^
	     (uint64_t)k->last_code << 24;
	a = (a ^ (b >> 31) ^ b) * 0xFF51AFD7ED558CCDu;
	return a ^ (a >> 29);
}

/* May rows lo .. lo + n - 1 around row r be looked up and kept? */
static int shifted_usable(const enc *e, int lo, int n)
{
	return e->cache && !e->slow && e->ground && lo >= SHIFTED_TOP &&
	       lo + n - 1 <= SHIFTED_BOTTOM && e->st.row > 0;
}

static int shifted_matches(const shifted *m, const enc *e, int r,
			   int tried, uint64_t h, int lo, int n,
			   const vtx_term_state *k)
{
	return m->used && m->hash == h && m->tried == tried &&
	       call_matches(&m->in, e, r - lo, lo, n, k);
}

/* Looks the call at row r up: replays it (returning NULL, *wrote set),
 * or returns the slot to record it in, its inputs stored. NULL with
 * *wrote = -1 when the cache has no slots and cannot make them. */
static shifted *shifted_begin(enc *e, int r, int tried, int lo, int n,
			      int *bad, int *wrote)
{
	vtx_encode_cache *c = e->cache;
	vtx_term_state k = shifted_state(e, r);
	uint64_t h = shifted_hash(e, r, tried, &k);
	shifted *m;

	if (!c->shifted) {
		c->shifted_kept = calloc(SHIFTED_SLOTS, sizeof *c->shifted_kept);
		c->shifted = c->shifted_kept
				     ? calloc(SHIFTED_SLOTS, sizeof *c->shifted)
				     : NULL;
		if (!c->shifted) {
			*wrote = -1;
			return NULL;
		}
		for (int j = 0; j < SHIFTED_SLOTS; j++)
			c->shifted[j].in.live = c->shifted_kept[j];
	}
	m = &c->shifted[h % SHIFTED_SLOTS];
	if (shifted_matches(m, e, r, tried, h, lo, n, &k)) {
		vtx_buf *moved = &c->w->moved;

		call_met(&m->in, e, lo);
		/* (a call may have written nothing: no bytes, no buffer) */
		moved->len = 0;
		if (m->in.bytes.len > 0) {
			uint8_t *u, *end;

			if (vtx_buf_put(moved, m->in.bytes.data,
					m->in.bytes.len) < 0 ||
			    moved->failed) {
				*wrote = -1;
				return NULL;
			}
			end = moved->data + moved->len;
			for (u = moved->data;
			     (u = memchr(u, VTX_C0_US, (size_t)(end - u))) &&
			     u + 1 < end;
			     u += 2)
				u[1] = (uint8_t)(u[1] + (r - m->row));
			emit(e, moved->data, moved->len);
		}
		*wrote = call_flags(&m->in, e, bad);
		c->shifted_replays++;
		return NULL;
	}
	m->used = 0;
	m->tried = tried;
	m->hash = h;
	m->row = r;
	call_begin(&m->in, e, r - lo, lo, n, &k);
	return m;
}

/* Records in `m` what the call that began at output length `len` with
 * `sent` CANs did. */
static void shifted_end(shifted *m, enc *e, size_t len, int sent, int wrote,
			int bad)
{
	m->used = call_end(&m->in, e, len, sent, wrote, bad);
}

/* encode_row(e, r), or its replay from another row (see above). */
static int shifted_row(enc *e, int r, int *bad)
{
	shifted *m;
	int lo, n, wrote, row_bad = 0, sent = e->can_sent;
	size_t len = e->out->len;

	memo_rows(e, r, &lo, &n);
	if (!shifted_usable(e, lo, n))
		return encode_row(e, r, bad);
	m = shifted_begin(e, r, 0, lo, n, bad, &wrote);
	if (!m)
		return wrote >= 0 ? wrote : encode_row(e, r, bad);
	wrote = encode_row(e, r, &row_bad);
	shifted_end(m, e, len, sent, wrote, row_bad);
	if (row_bad)
		*bad = 1;
	return wrote;
}

/* rows_tried(e, w, r), or its replay from another row: its inputs are
 * those rows_tried_memo says, its outputs row r's as the better trial
 * left them (see above). */
static int shifted_tried(enc *e, work *w, int r, int *bad)
{
	shifted *m;
	int lo, n, wrote, row_bad = 0, sent = e->can_sent, each;
	size_t len = e->out->len;

	e->use_can = 0;
	tried_rows(e, r, &lo, &n);
	if (!shifted_usable(e, lo, n))
		return rows_tried(e, w, r, bad, &each);
	m = shifted_begin(e, r, 1, lo, n, bad, &wrote);
	if (!m)
		return wrote >= 0 ? wrote : rows_tried(e, w, r, bad, &each);
	wrote = rows_tried(e, w, r, &row_bad, &each);
	shifted_end(m, e, len, sent, wrote, row_bad);
	if (row_bad)
		*bad = 1;
	return wrote;
}

/* Row r of pass 0: CAN is tried only where it could serve. */
static int encode_row_best(enc *e, work *w, int r, int *bad)
{
	/* (a row that is the target's byte for byte has no wrong cell: no
	 * candidate, and encode_row sees it in one compare) */
	if (!e->slow && memcmp(e->live->cells[r], e->target->cells[r],
			       sizeof e->live->cells[r]) == 0) {
		e->use_can = 0;
		return 0;
	}
	if (!can_candidate(e, r)) {
		e->use_can = 0;
		/* A row the page before had too is likely to meet the inputs
		 * it met then; the others (a page's own text) would only pay
		 * for the lookup. */
		return e->again_row[r] ? encode_row_memo(e, r, bad)
				       : shifted_row(e, r, bad);
	}
	return e->again_row[r] ? rows_tried_memo(e, w, r, bad)
			       : shifted_tried(e, w, r, bad);
}

/* All passes over the screen; returns nonzero when a cell could not be
 * written. With `rec`, pass 0 is recorded row by row; with `join`, the
 * attempt stops as soon as it stands where the recorded one stood after
 * a row of pass 0, and *joined says after which (-1: never). */
static int write_all(enc *e, work *w, trail *rec, const trail *join,
		     int *joined)
{
	int bad = 0;

	e->verified = 0;
	for (int pass = 0; pass < MAX_PASSES; pass++) {
		int wrote = 0, same = 0;

		bad = 0;
		for (int i = 0; i < VTX_ROWS; i++) {
			int r = row_at(i);

			if (pass != 0) {
				/* encode_row changes nothing in a row that is
				 * the target's byte for byte: pass0 is copied
				 * before the first that is not. */
				if (memcmp(e->live->cells[r], e->target->cells[r],
					   sizeof e->live->cells[r]) == 0) {
					same++;
					continue;
				}
				if (rec && !rec->copied) {
					memcpy(rec->copy, e->live->cells,
					       sizeof rec->copy);
					rec->pass0 = (const vtx_cell(*)[VTX_COLS])
							     rec->copy;
					rec->copied = 1;
				}
				wrote |= encode_row(e, r, &bad);
				continue;
			}
			wrote |= encode_row_best(e, w, r, &bad);
			if (r == e->mark_row)
				e->mark_len = e->out->len;
			if (rec)
				trail_mark(rec, e, r, wrote, bad);
			if (join && trail_joins(join, e, r, wrote, bad)) {
				*joined = r;
				return bad;
			}
		}
		if (pass == 0 && rec) {
			rec->pass0 = (const vtx_cell(*)[VTX_COLS])e->live->cells;
			rec->copied = 0;
		}
		if (!wrote) {
			e->verified = same == VTX_ROWS;
			break;
		}
	}
	return bad;
}

/*** Painting a background first ***/

/* Only spaces that show a colour are worth painting: a plain text space
 * on black costs no more written with its line. */
static int paintable(const vtx_cell *t)
{
	if (t->ch != VTX_SP || t->width != 1 || t->height != 1 ||
	    (t->attr & VTX_ATTR_DELIM))
		return 0;
	if (t->kind == VTX_KIND_MOSAIC)
		return t->bg != 0;
	return t->kind == VTX_KIND_ALPHA && (t->attr & VTX_ATTR_INVERT);
}

/* The kinds of paintable cell a row may hold (paint_row). */
enum { PAINT_MOSAIC = 1, PAINT_ALPHA = 2, PAINT_ANY = 3 };

static unsigned paint_kind(const vtx_cell *c)
{
	return c->kind == VTX_KIND_MOSAIC ? PAINT_MOSAIC : PAINT_ALPHA;
}

/* Which 1x1 spaces has the row: mosaic on a colour (PAINT_MOSAIC),
 * inverted text (PAINT_ALPHA), both, or none (0) (target_scan)? Most
 * rows have none, and every cell is looked at: the tests on the bytes
 * after the character are made on them as one word (vtx_cell_tail_of),
 * with patterns made of cells as pen_word's are. */
static int row_paintable(const vtx_cell *row)
{
	vtx_cell m = {0}, mosaic = {0}, alpha = {0}, bg = {0}, inv = {0};
	vtx_cell_tail tm, tmosaic, talpha, tbg, tinv;

	m.kind = m.width = m.height = 0xFF;
	mosaic.kind = VTX_KIND_MOSAIC;
	alpha.kind = VTX_KIND_ALPHA;
	mosaic.width = mosaic.height = alpha.width = alpha.height = 1;
	bg.bg = 0xFF;
	inv.attr = VTX_ATTR_INVERT;
	tm = vtx_cell_tail_of(&m);
	tmosaic = vtx_cell_tail_of(&mosaic);
	talpha = vtx_cell_tail_of(&alpha);
	tbg = vtx_cell_tail_of(&bg);
	tinv = vtx_cell_tail_of(&inv);
	/* First, without a branch a cell: is any cell inverted, or on a
	 * colour? Text rows, most of a page, are not, and whether a cell of
	 * text is a space cannot be foreseen: one OR a cell of the bytes
	 * after the character says it. */
	{
		vtx_cell_tail all = 0;

		for (int c = 0; c < VTX_COLS; c++)
			all |= vtx_cell_tail_of(&row[c]);
		if (!(all & (tbg | tinv)))
			return 0;
	}
	{
		unsigned kinds = 0;

		for (int c = 0; c < VTX_COLS; c++) {
			vtx_cell_tail w;

			if (row[c].ch != VTX_SP)
				continue;
			w = vtx_cell_tail_of(&row[c]);
			if ((w & tm) == tmosaic && (w & tbg))
				kinds |= PAINT_MOSAIC;
			else if ((w & tm) == talpha && (w & tinv))
				kinds |= PAINT_ALPHA;
		}
		return (int)kinds;
	}
}

/* Fills e->paint_row. A row is marked when one of its cells could be
 * cell_same to a paintable cell: a 1x1 space, mosaic on a colour or
 * inverted text (the delimiter bit is not looked at, as cell_same does
 * not look at it for mosaics), a superset of paintable(). */
static void target_scan(enc *e)
{
	vtx_encode_cache *c = e->cache;
	vtx_cell(*before)[VTX_COLS] = NULL;

	/* The target goes to hist whatever the way (the row memories refer
	 * to it, and serve the slow way too). */
	if (c) {
		before = c->hist[c->gen % HIST];
		c->gen++;
		for (int r = 0; r < VTX_ROWS; r++)
			memcpy(c->hist[c->gen % HIST][r], e->target->cells[r],
			       sizeof before[r]);
		if (e->slow)
			c = NULL;
	}
	for (int r = 0; r < VTX_ROWS; r++) {
		int seen = e->slow ? PAINT_ANY : 0;

		e->again_row[r] = 0;
		if (c) {
			e->again_row[r] = !memcmp(before[r], e->target->cells[r],
						  sizeof before[r]);
			if (e->again_row[r]) { /* the same answer as then */
				e->paint_row[r] = c->before_paint[r];
				continue;
			}
		}
		if (!seen)
			seen = row_paintable(e->target->cells[r]);
		e->paint_row[r] = (uint8_t)seen;
		if (c)
			c->before_paint[r] = (uint8_t)seen;
	}
}

static void paint_count_rows(const enc *e, paint_count *pc, int from,
			     int to)
{
	for (int r = from; r < to; r++) {
		if (!e->paint_row[r])
			continue; /* no paintable cell */
		for (int c = 0; c < VTX_COLS; c++) {
			const vtx_cell *t = &e->target->cells[r][c];
			int i = 0;

			if (!paintable(t) || cell_same(&e->live->cells[r][c], t))
				continue;
			while (i < pc->n && !cell_same(&pc->kinds[i], t))
				i++;
			if (i == pc->n && pc->n < PAINT_KINDS)
				pc->kinds[pc->n++] = *t;
			if (i < pc->n &&
			    ++pc->count[i] > (pc->top < 0 ? 0
							  : pc->count[pc->top]))
				pc->top = i;
		}
	}
}

/* Could counting rows from .. to - 1 make another kind the top one? A
 * marked row adds at most VTX_COLS to a kind's count, and a kind becomes
 * the top one only when its count goes over the top one's, which only
 * grows. (On a site's pages the band's kind leads by far, and the key
 * row, counted again on every page, need not be.) */
static int count_may_change(const enc *e, const paint_count *pc, int from,
			    int to)
{
	int add = 0, other = 0;

	for (int r = from; r < to; r++)
		add += e->paint_row[r] ? VTX_COLS : 0;
	if (add == 0 || pc->top < 0)
		return add > 0;
	for (int i = 0; i < pc->n; i++)
		if (i != pc->top && pc->count[i] > other)
			other = pc->count[i];
	return other + add > pc->count[pc->top];
}

/* The pen that writes the 1x1 cell `c` (no delimiter): what
 * pen_fits_cell compares. */
static void pen_of(const vtx_cell *c, vtx_term_state *s)
{
	memset(s, 0, sizeof *s);
	pen_defaults(s);
	s->g1 = is_mosaic(c->kind);
	s->fg = c->fg;
	s->blink = (c->attr & VTX_ATTR_BLINK) != 0;
	s->drcs_g0 = c->kind == VTX_KIND_DRCS0;
	s->drcs_g1 = c->kind == VTX_KIND_DRCS1;
	if (s->g1) {
		s->bg = c->bg;
		s->separated = (c->attr & VTX_ATTR_SEPARATED) != 0;
	} else {
		s->invert = (c->attr & VTX_ATTR_INVERT) != 0;
	}
}

/* Is row r worth painting with p->cell? Adds its gain to *rows. */
static void paint_row_plan(const enc *e, paint_plan *p, int r, int *rows)
{
	int gain = 0, broken = 0, other = 0;
	vtx_term_state pen;

	/* No cell of the row is like the painted one (which is paintable,
	 * so of the kind paint_row says): nothing to gain, the row is not
	 * painted. */
	if (!(e->paint_row[r] & paint_kind(&p->cell)))
		return;
	pen_of(&p->cell, &pen);
	for (int c = 0; c < VTX_COLS; c++) {
		const vtx_cell *t = &e->target->cells[r][c];
		int right = cell_same(&e->live->cells[r][c], t);

		if (cell_same(t, &p->cell))
			gain += !right;
		else if (right)
			broken++;
		else if (!other)
			other = t->width != 1 || t->height != 1 ||
				(t->attr & VTX_ATTR_DELIM) ||
				!pen_fits_cell(&pen, t);
	}
	p->rows[r] = gain - 2 * broken >= PAINT_MIN_GAIN;
	*rows += p->rows[r];
	if (p->rows[r] && other)
		p->other_pen = 1;
}

/* The plan: the cell the most wrong paintable cells are (the first to
 * get there), and the rows where painting it gains enough; none when no
 * painted row has a wrong cell that needs another pen. Without one, the
 * painted cells and the rest of those rows are written with one pen:
 * the plain attempt writes a run of painted cells between two others
 * with REP (2 bytes) where the painted one must skip it (HT each, or US,
 * 3), CAN ends both, and the painted one pays a CAN and a move a row
 * for the paint. Painting pays where it saves the pen changes in and
 * out of each run: text on a coloured ground. (A mosaic title on its
 * band is one pen: on every notes page tried, painting it never won,
 * and no vector's bytes change without it.) With `frame`
 * (paint_plan_get), what rows 1 .. PAINT_FRAME_ROWS gave is kept there,
 * and with `same` it is taken from there rather than read again. */
static int paint_plan_make(const enc *e, paint_plan *p, paint_frame *frame,
			   int same)
{
	paint_count pc;
	int rows = 0;

	memset(p, 0, sizeof *p);
	if (same) {
		pc = frame->count;
	} else {
		pc.n = 0;
		pc.top = -1;
		memset(pc.count, 0, sizeof pc.count);
		paint_count_rows(e, &pc, 1, 1 + PAINT_FRAME_ROWS);
		if (frame) {
			frame->count = pc;
			frame->planned = 0;
		}
	}
	if (count_may_change(e, &pc, 1 + PAINT_FRAME_ROWS, VTX_ROWS))
		paint_count_rows(e, &pc, 1 + PAINT_FRAME_ROWS, VTX_ROWS);
	if (pc.top < 0)
		return 0;
	p->cell = pc.kinds[pc.top];
	if (frame && frame->planned &&
	    memcmp(&frame->plan.cell, &p->cell, sizeof p->cell) == 0) {
		memcpy(p->rows, frame->plan.rows, sizeof p->rows);
		p->other_pen = frame->plan.other_pen;
		rows = frame->plan_rows;
	} else {
		for (int r = 1; r <= PAINT_FRAME_ROWS; r++)
			paint_row_plan(e, p, r, &rows);
		if (frame) {
			frame->plan = *p;
			frame->plan_rows = rows;
			frame->planned = 1;
		}
	}
	for (int r = 1 + PAINT_FRAME_ROWS; r < VTX_ROWS; r++)
		paint_row_plan(e, p, r, &rows);
	return rows >= PAINT_MIN_ROWS && p->other_pen;
}

/* paint_plan_make, with what it read of rows 1 .. PAINT_FRAME_ROWS
 * kept from a page before when it would read the same: it reads the
 * target's cells on the rows marked in e->paint_row, and the page
 * memory's there, which is known from how the page started (e->start:
 * power-on, or power-on then FF, no DRCS download). So what those rows
 * gave holds while the pages start the same way and the marked rows are
 * the same rows, each the target of the page before (e->again_row): on a
 * site's pages, whose paintable rows are the header band's and the key
 * row's, only the key row (its page number) is read again. */
static int paint_plan_get(enc *e, paint_plan *p)
{
	vtx_encode_cache *c = e->cache;
	paint_frame *f;
	int same;

	if (!c || e->slow || !e->ground || !e->start) {
		if (c)
			c->frame.start = 0;
		return paint_plan_make(e, p, NULL, 0);
	}
	f = &c->frame;
	same = f->start == e->start &&
	       memcmp(f->rows + 1, e->paint_row + 1, PAINT_FRAME_ROWS) == 0;
	for (int r = 1; r <= PAINT_FRAME_ROWS && same; r++)
		same = !e->paint_row[r] || e->again_row[r];
	if (!same) {
		f->start = e->start;
		memcpy(f->rows, e->paint_row, sizeof f->rows);
	}
	return paint_plan_make(e, p, f, same);
}

static void paint(enc *e, const paint_plan *p)
{
	uint8_t can = VTX_C0_CAN;
	need n;

	need_of(&p->cell, &n);
	for (int r = 1; r < VTX_ROWS; r++) {
		if (!p->rows[r])
			continue;
		move_and_setup(e, r, 0, &n);
		emit(e, &can, 1);
	}
}

/* Does row r of `a` show what row r of `b` shows, DRCS glyphs included
 * (vtx_screen_diff, one row)? */
static int row_shows_same(const vtx_screen *a, const vtx_screen *b, int r)
{
	vtx_shown ra[VTX_COLS], rb[VTX_COLS];

	vtx_screen_shown(a, r, ra);
	vtx_screen_shown(b, r, rb);
	for (int c = 0; c < VTX_COLS; c++) {
		int set = ra[c].kind == VTX_KIND_DRCS1;
		int code = (int)(ra[c].ch & 0x7F) - 0x20;

		if (!vtx_shown_equal(&ra[c], &rb[c]))
			return 0;
		if ((ra[c].kind == VTX_KIND_DRCS0 || set) && code >= 0 &&
		    memcmp(a->drcs[set][code], b->drcs[set][code],
			   VTX_DRCS_LINES) != 0)
			return 0;
	}
	return 1;
}

/* vtx_screen_equal(e->live, e->target), cheaper: a row whose cells are
 * the target's byte for byte shows what the target's shows (what a row
 * shows depends on its cells and the reveal flag only), and so do its
 * DRCS cells when the glyph tables are the same; only the other rows are
 * resolved and compared cell by cell. */
static int shows_target(const enc *e)
{
	const vtx_screen *a = e->live, *b = e->target;
	int glyphs_same = memcmp(a->drcs, b->drcs, sizeof a->drcs) == 0;

	if (a->reveal != b->reveal)
		return vtx_screen_equal(a, b);
	if (e->verified && glyphs_same)
		return 1; /* (the loop would find every row the same) */
	for (int r = 0; r < VTX_ROWS; r++) {
		if (glyphs_same && memcmp(a->cells[r], b->cells[r],
					  sizeof a->cells[r]) == 0)
			continue;
		if (!row_shows_same(a, b, r))
			return 0;
	}
	return 1;
}

/* The part of a screen after its cells (the DRCS glyphs and the rest):
 * its size, and where it is in s. */
#define SCREEN_REST (sizeof(vtx_screen) - offsetof(vtx_screen, drcs))

static const unsigned char *rest_of(const vtx_screen *s)
{
	return (const unsigned char *)s + offsetof(vtx_screen, drcs);
}

/* Copies what a screen holds besides its cells (DRCS glyphs, modes). */
static void screen_rest(vtx_screen *dst, const vtx_screen *src)
{
	memcpy((unsigned char *)dst + offsetof(vtx_screen, drcs), rest_of(src),
	       SCREEN_REST);
}

/* Back to the plain attempt of write_page, where it ended: its terminal
 * and page memory (`t`, `live`), its flags (in `plain`). */
static void back_to_plain(enc *e, const snapshot *plain, vtx_term *t,
			  vtx_screen *live)
{
	e->t = t;
	e->live = live;
	e->st = plain->st;
	e->cursor_known = plain->cursor_known;
	e->last_known = plain->last_known;
	e->verified = plain->verified;
	e->out->len = plain->len;
}

/* What the painted attempt of write_page did when it joined the plain one
 * after row `joined`: its bytes up to there, and all it read to write them
 * (the plan, the state and page memory it started from, the page
 * memory known by enc.start; the target's rows 1 .. hi and the first
 * cell of the next (prefix_extent); the target's DRCS glyphs).
 * On a site's pages the painted rows are the header band's, the same on
 * every page of an entry; with the status row written last (row_at),
 * nothing that changes from page to page comes before the join, and the
 * painted attempt need not run again: the plain one tells the rest. */
#define PREFIX_WAYS 4

typedef struct prefix {
	int used;
	unsigned long stamp;
	paint_plan plan;
	vtx_term_state st;
	int cursor_known, last_known, joined;
	int hi;            /* the last target row read (prefix_extent) */
	size_t from;       /* the plain attempt's bytes up to the join */
	int start;         /* enc.start: the page memory before them */
	/* The target's rows 1 .. hi and the first cell of the next, and the
	 * rest of the screen, kept unless it is all zero (no glyphs: every
	 * notes page); rows[r - 1] is row r. */
	int rest_zero;
	vtx_buf painted;
	unsigned char rest[SCREEN_REST];
	vtx_cell rows[VTX_ROWS - 1][VTX_COLS];
} prefix;

static const unsigned char screen_rest_zero[SCREEN_REST];

static struct prefix *prefixes_new(void)
{
	return calloc(PREFIX_WAYS, sizeof(prefix));
}

static void prefixes_free(struct prefix *p)
{
	if (!p)
		return;
	for (int k = 0; k < PREFIX_WAYS; k++)
		vtx_buf_free(&p[k].painted);
	free(p);
}

/* The last target row the painted attempt reads up to its join after row
 * j, or 0 when that reaches row 0 or the last row. Row r reads rows up to
 * memo_rows(r)'s last, and when it could be tried with CAN (the target's
 * half of can_candidate), up to memo_rows(r + 1)'s, which rows_tried
 * encodes after it. memo_rows(x) also reads the first cell of row x + 1
 * (whether a run may wrap there), so that cell counts too. On a site's
 * pages the join comes after the header band, whose last row reads
 * nothing under it: the body rows, which change from page to page, are
 * not read. */
static int prefix_extent(enc *e, int j)
{
	int hi = 0;

	if (j < 1)
		return 0;
	for (int r = 1; r <= j; r++) {
		const vtx_cell *last = &e->target->cells[r][VTX_COLS - 1];
		int x = r, lo, n;

		if (last->ch == VTX_SP && last->width == 1 &&
		    last->height == 1 && r + 1 < VTX_ROWS)
			x = r + 1;
		memo_rows(e, x, &lo, &n);
		if (lo + n - 1 > hi)
			hi = lo + n - 1;
	}
	return hi + 1 < VTX_ROWS ? hi : 0;
}

static int prefix_matches(const prefix *p, const enc *e,
			  const paint_plan *plan)
{
	/* (member by member: the struct has padding after rows[]) */
	return p->used && p->start == e->start &&
	       memcmp(&p->plan.cell, &plan->cell, sizeof plan->cell) == 0 &&
	       memcmp(p->plan.rows, plan->rows, sizeof plan->rows) == 0 &&
	       p->cursor_known == e->cursor_known &&
	       p->last_known == e->last_known &&
	       memcmp(&p->st, &e->st, sizeof p->st) == 0 &&
	       memcmp(p->rows[0], e->target->cells[1],
		      sizeof p->rows[0] * (size_t)p->hi) == 0 &&
	       memcmp(p->rows[p->hi], e->target->cells[p->hi + 1],
		      sizeof(vtx_cell)) == 0 &&
	       memcmp(p->rest_zero ? screen_rest_zero : p->rest,
		      rest_of(e->target), SCREEN_REST) == 0;
}

/* The prefix for the page now starting, or NULL. */
static prefix *prefix_find(enc *e, const paint_plan *plan)
{
	prefix *p;

	if (!e->cache || e->slow || !e->ground || !e->start)
		return NULL;
	p = e->cache->pre;
	for (int k = 0; k < PREFIX_WAYS; k++)
		if (prefix_matches(&p[k], e, plan)) {
			p[k].stamp = ++e->cache->clock;
			return &p[k];
		}
	return NULL;
}

unsigned long vtx_encode_cache_shifted(const vtx_encode_cache *c)
{
	return c->shifted_replays;
}

unsigned long vtx_encode_cache_floor_broken(const vtx_encode_cache *c)
{
	return c->floor_broken;
}

unsigned long vtx_encode_cache_painted(const vtx_encode_cache *c)
{
	return c->painted;
}

unsigned long vtx_encode_cache_paint_skips(const vtx_encode_cache *c)
{
	return c->paint_skips;
}

unsigned long vtx_encode_cache_spoil(vtx_encode_cache *c)
{
	for (int k = 0; k < PREFIX_WAYS; k++)
		c->pre[k].from++;
	return c->redos;
}

/* Remembers the painted attempt that joined after row j, its bytes
 * `bytes`; `whole` holds the state before the attempts, `from` is the
 * plain attempt's bytes up to the join. */
static void prefix_keep(enc *e, const paint_plan *plan,
			const snapshot *whole, int j, size_t from,
			const uint8_t *bytes, size_t n)
{
	prefix *p, *ways;
	int hi = prefix_extent(e, j);

	if (!e->cache || e->slow || !e->ground || !e->start || hi < 1)
		return;
	ways = e->cache->pre;
	p = &ways[0];
	for (int k = 1; k < PREFIX_WAYS; k++)
		if (!ways[k].used || (p->used && ways[k].stamp < p->stamp))
			p = &ways[k];
	p->plan = *plan;
	p->st = whole->st;
	p->cursor_known = whole->cursor_known;
	p->last_known = whole->last_known;
	p->joined = j;
	p->hi = hi;
	p->from = from;
	p->start = e->start;
	memcpy(p->rows[0], e->target->cells[1], sizeof p->rows[0] * (size_t)hi);
	p->rows[hi][0] = e->target->cells[hi + 1][0];
	p->rest_zero =
		memcmp(rest_of(e->target), screen_rest_zero, SCREEN_REST) == 0;
	if (!p->rest_zero)
		memcpy(p->rest, rest_of(e->target), SCREEN_REST);
	p->painted.len = 0;
	vtx_buf_put(&p->painted, bytes, n);
	p->used = !p->painted.failed;
	p->stamp = ++e->cache->clock;
}

/* The last row a plan paints. */
static int paint_last(const paint_plan *p)
{
	int last = 0;

	for (int r = 1; r < VTX_ROWS; r++)
		if (p->rows[r])
			last = r;
	return last;
}

/* Can the bytes paint() sent on the page before serve now? They can when
 * it read the same: the rows it read are the target's of the page before
 * (e->again_row), and the rest compares equal. */
static int paint_memo_serves(const paint_memo *m, const enc *e,
			     const paint_plan *p)
{
	if (!m->gen || m->gen + 1 != e->cache->gen || m->start != e->start ||
	    m->cursor_known != e->cursor_known ||
	    m->last_known != e->last_known ||
	    memcmp(&m->st, &e->st, sizeof m->st) != 0 ||
	    memcmp(&m->plan.cell, &p->cell, sizeof p->cell) != 0 ||
	    memcmp(m->plan.rows, p->rows, sizeof p->rows) != 0)
		return 0;
	for (int r = e->st.row > 0 ? e->st.row : 0; r <= paint_last(p); r++)
		if (!e->again_row[r])
			return 0;
	return 1;
}

/* The bytes paint() would send from where the encoder stands: those it
 * sent on the page before when they serve (paint_memo_serves), or those
 * it sends now, painting then going back. Painting moves forward only,
 * from the cursor (writing through the target's cells, or by moves that
 * write nothing), and CAN writes the row it is on, so rows 0 .. the last
 * painted one are all it may change. With a cache only, not the slow
 * way. */
static const vtx_buf *paint_bytes(enc *e, work *w, const paint_plan *p)
{
	paint_memo *m = &e->cache->paint;
	size_t len0 = e->out->len;

	if (paint_memo_serves(m, e, p)) {
		m->gen = e->cache->gen; /* and on the next page, if the same */
		return &m->bytes;
	}
	m->gen = 0;
	m->start = e->start;
	m->cursor_known = e->cursor_known;
	m->last_known = e->last_known;
	m->st = e->st;
	m->plan = *p;
	snap_take(&w->sn, e, 0, paint_last(p) + 1);
	paint(e, p);
	m->bytes.len = 0;
	vtx_buf_put(&m->bytes, e->out->data + len0, e->out->len - len0);
	if (m->bytes.failed)
		e->out->failed = 1;
	else
		m->gen = e->cache->gen;
	snap_back(e, &w->sn);
	return &m->bytes;
}

/* Does `plain`, the plain attempt's bytes, start with `paint`, the bytes
 * that paint the page? Then the painted attempt is not made: from the
 * same start, those bytes leave the terminal and page memory as they
 * left the plain attempt, which then wrote the rest its own way; the
 * painted attempt would search again from a point the plain one went
 * through. On every page of the notes tried (913 and 7,443) and every
 * vector screen, it never came out shorter (the header band of a notes
 * page: the plain attempt's CAN trials paint it as painting would), and
 * it cost 7% of all the instructions of 913 notes pages (callgrind). */
static int plain_paints(const uint8_t *plain, size_t n, const uint8_t *paint,
			size_t np)
{
	return n >= np && memcmp(plain, paint, np) == 0;
}

/* Writes the page twice when a background could be painted first (see
 * paint_plan_make), plainly then painted, and keeps the shorter (when
 * painting wins, the encoder goes on with the spare terminal), unless
 * the plain attempt starts as painting would (plain_paints).
 *
 * With a cache, the plain attempt goes first on its own, without the
 * trail the painted one would need to join it: when it paints, that is
 * all; when it does not, and no painted attempt is remembered for the
 * page (prefix_find), the page is encoded again the long way. */
static int write_page(enc *e, work *w)
{
	snapshot *whole = &w->whole, *plain = &w->plain;
	trail *tr = &w->tr;
	vtx_buf kept = {0};
	paint_plan plan;
	vtx_term *plain_t = e->t;
	vtx_screen *plain_live = e->live;
	prefix *pre;
	int bad = 0, plain_bad, joined = -1, skip;

	if (!paint_plan_get(e, &plan))
		return write_all(e, w, NULL, NULL, NULL);
	if (!e->no_prefix && e->cache && !e->slow && e->ground && e->start) {
		/* The painted attempt would join where it did before, if the
		 * plain attempt's bytes up to there are as many as then: only
		 * their count is needed, not the trail nor the start. */
		size_t len0 = e->out->len;
		const vtx_buf *painting;

		pre = prefix_find(e, &plan);
		painting = paint_bytes(e, w, &plan);
		if (pre) {
			e->mark_row = pre->joined;
			e->mark_len = len0;
		}
		plain_bad = write_all(e, w, NULL, NULL, NULL);
		e->mark_row = -1;
		if (plain_paints(e->out->data + len0, e->out->len - len0,
				 painting->data, painting->len)) {
			e->cache->paint_skips++;
			return plain_bad;
		}
		if (!pre) {
			e->redo = 1; /* the long way, from the start */
			return plain_bad;
		}
		if (e->mark_len - len0 != pre->from) {
			e->redo = 1; /* the memory's check failed: the same */
			e->cache->redos++;
			return plain_bad;
		}
		/* It wins when its bytes to there are fewer. */
		if (pre->painted.len < pre->from) {
			vtx_buf_put(&kept, e->out->data + len0 + pre->from,
				    e->out->len - len0 - pre->from);
			e->out->len = len0;
			vtx_buf_put(e->out, pre->painted.data,
				    pre->painted.len);
			vtx_buf_put(e->out, kept.data, kept.len);
			if (kept.failed)
				e->out->failed = 1;
			vtx_buf_free(&kept);
		}
		return plain_bad;
	}
	snap_take(whole, e, 0, VTX_ROWS);
	screen_rest(&whole->screen, e->live);
	tr->start = (const vtx_cell(*)[VTX_COLS])whole->rows;
	plain_bad = write_all(e, w, tr, NULL, NULL);
	/* The plain attempt is kept whole (its bytes and the state they
	 * leave), so that going back to it when painting does not pay costs
	 * nothing, not a second encoding: the encoder is deterministic, so it
	 * would write the same bytes. Its terminal and page memory stay as
	 * they are; the painted attempt runs on the spare pair of `plain`,
	 * set to the start (`whole`). */
	plain->st = e->st;
	plain->cursor_known = e->cursor_known;
	plain->last_known = e->last_known;
	plain->verified = e->verified;
	plain->len = e->out->len;
	vtx_buf_put(&kept, e->out->data + whole->len, e->out->len - whole->len);
	memcpy(plain->screen.cells, whole->rows, sizeof plain->screen.cells);
	screen_rest(&plain->screen, &whole->screen);
	vtx_term_copy_state(plain->t, whole->t);
	e->t = plain->t;
	e->live = &plain->screen;
	e->st = whole->st;
	e->cursor_known = whole->cursor_known;
	e->last_known = whole->last_known;
	e->out->len = whole->len;
	paint(e, &plan);
	skip = plain_paints(kept.data, kept.len, e->out->data + whole->len,
			    e->out->len - whole->len);
	if (e->cache && skip)
		e->cache->paint_skips++;
	else if (e->cache)
		e->cache->painted++;
	/* After a DRCS download the parser is in download mode until the
	 * first US: the painted attempt cannot join the plain one then. */
	if (!skip)
		bad = write_all(e, w, NULL, e->ground ? tr : NULL, &joined);
	if (joined >= 0) { /* (never when skipped) */
		/* Painting came back to where the plain attempt stood after
		 * row `joined`: the rest would be the plain attempt's rest,
		 * byte for byte, ending where it ended. */
		size_t from = tr->at[joined].len - whole->len;
		size_t painted = e->out->len;

		prefix_keep(e, &plan, whole, joined, from,
			    e->out->data + whole->len, painted - whole->len);
		back_to_plain(e, plain, plain_t, plain_live);
		if (painted + (kept.len - from) < plain->len) {
			e->out->len = painted;
			vtx_buf_put(e->out, kept.data + from, kept.len - from);
		} else { /* painting did not pay */
			e->out->len = whole->len;
			vtx_buf_put(e->out, kept.data, kept.len);
		}
		if (kept.failed)
			e->out->failed = 1;
		bad = plain_bad;
	} else if (skip || e->out->len >= plain->len) {
		/* not tried, or painting did not pay */
		back_to_plain(e, plain, plain_t, plain_live);
		e->out->len = whole->len;
		vtx_buf_put(e->out, kept.data, kept.len);
		if (kept.failed)
			e->out->failed = 1;
		bad = plain_bad;
	}
	vtx_buf_free(&kept);
	return bad;
}

static int encode(enc *e, work *w)
{
	size_t len0 = e->out->len;
	int bad;

	target_scan(e);
	download(e);
	e->ground = e->out->len == len0;
	bad = write_page(e, w);
	if (e->redo)
		return 0; /* its bytes are dropped */
	if (e->st.drcs_g0 || e->st.drcs_g1) { /* leave the standard sets */
		uint8_t o[8];
		size_t k = 0;

		if (e->st.drcs_g0)
			k = designate(o, k, 0, 0);
		if (e->st.drcs_g1)
			k = designate(o, k, 1, 0);
		emit(e, o, k);
	}
	if (e->live->reveal != e->target->reveal) {
		/* ESC # SP X: masking on; ESC # SP _: reveal (§2-2-1-1-3) */
		const uint8_t m[] = {ESC, 0x23, VTX_SP,
				     e->target->reveal ? 0x5F : 0x58};

		emit(e, m, sizeof m);
	}
	if (e->live->cursor_on != e->target->cursor_on) {
		uint8_t b = e->target->cursor_on ? VTX_C0_CON : VTX_C0_COF;

		emit(e, &b, 1);
	}
	if (e->out->failed)
		return -ENOMEM;
	if (bad || !shows_target(e))
		return -ERANGE;
	return 0;
}

/* Sets the encoder up with a terminal at power-on: the cache's own, or
 * (kept NULL, or the tests' slow way) one of its own, `own`. With `ff`,
 * the caller sends FF next, which clears rows 1-24 as power-on has them:
 * the cache's page memory has only row 0 to be made anew. */
static int start(enc *e, const vtx_screen *target, vtx_buf *out, work *kept,
		 int ff)
{
	/* Field by field, not a memset of the whole: `page` is most of the
	 * struct, and vtx_term_reset initialises it. */
	e->cursor_known = e->use_can = e->last_known = 0;
	e->ground = e->can_sent = 0;
	e->mark_row = -1;
	e->mark_len = 0;
	e->redo = e->no_prefix = 0;
	e->verified = 0;
	e->start = 0;
	e->cache = NULL;
	e->slow = 0;
	memset(e->memo_hi, 0, sizeof e->memo_hi);
	e->own = NULL;
	if (kept) {
		/* What vtx_term_new then vtx_term_reset give: the state of
		 * one that was (all of it, parser included), a blank page. */
		e->live = &kept->page;
		e->t = kept->t;
		vtx_term_copy_state(e->t, kept->fresh);
		vtx_screen_init_rows(e->live, 0, ff ? 0 : VTX_ROWS - 1);
	} else {
		e->live = &e->page;
		e->t = e->own = vtx_term_new(e->live, NULL, NULL);
		if (!e->t)
			return -ENOMEM;
		vtx_term_reset(e->t);
	}
	vtx_term_get_state(e->t, &e->st);
	e->target = target;
	e->out = out;
	return 0;
}

/* encode() with the cache's scratch space, or a fresh one. */
static int encode_with(enc *e)
{
	work *w = e->cache ? e->cache->w : work_new();
	int ret;

	if (!w)
		return -ENOMEM;
	ret = encode(e, w);
	if (!e->cache)
		work_free(w);
	return ret;
}

int vtx_encode_screen_cached(vtx_encode_cache *c, const vtx_screen *target,
			     unsigned flags, vtx_buf *out)
{
	size_t len0 = out->len;
	int ret;

	for (int again = 0;; again = 1) {
		enc e;

		if ((ret = start(&e, target, out, c && !c->slow ? c->w : NULL,
				 (flags & VTX_ENCODE_FF) != 0)) < 0)
			return ret;
		e.cache = c;
		e.slow = c && c->slow;
		e.no_prefix = again;
		e.cursor_known = 1; /* power-on: row 1, column 1, default pen */
		if (flags & VTX_ENCODE_FF) {
			uint8_t ff = VTX_C0_FF;

			emit(&e, &ff, 1);
		}
		e.start = flags & VTX_ENCODE_FF ? 2 : 1;
		ret = encode_with(&e);
		vtx_term_free(e.own);
		if (!e.redo || again)
			return ret;
		out->len = len0; /* the first try's bytes */
	}
}

int vtx_encode_screen(const vtx_screen *target, unsigned flags, vtx_buf *out)
{
	return vtx_encode_screen_cached(NULL, target, flags, out);
}

/*** Deltas: moving rows rather than writing them again ***/

/* The delta after `pre` (row moves), or after nothing. */
static int delta_after(const vtx_screen *from, const vtx_screen *to,
		       const uint8_t *pre, size_t npre, vtx_buf *out)
{
	enc e;
	int ret = start(&e, to, out, NULL, 0);

	if (ret < 0)
		return ret;
	e.page = *from;
	e.cursor_known = 0; /* where the cursor is, only US can say */
	if (npre) {
		emit(&e, pre, npre); /* begins with US */
		e.cursor_known = 1;
	}
	ret = encode_with(&e);
	vtx_term_free(e.own);
	return ret;
}

/* A block of whole rows moved: rows a..b of the page take the rows k
 * below them (k > 0: the text goes up, as SUITE in a long text) or -k
 * above them (k < 0), and the rows left behind are cleared. CSI Pn M
 * deletes rows at the cursor row and Pn L inserts rows there (videotex.md
 * §3, CSI functions; STUM1B §2-2-1-2-5-3): both move everything down to
 * row 24, so a block that ends above row 24 takes a delete and an insert,
 * the second putting the rows below the block back in place. Neither
 * works on row 0. */
typedef struct row_move {
	int a, b, k;
	int score; /* cells it saves writing, less its bytes */
} row_move;

#define MOVES_TRIED 2

/* Roughly the bytes that writing row x over row y costs: a byte a
 * cell that differs, 3 for the move to each run of them, 2 for each
 * change of colour, kind or attributes along a run. */
static int row_diff(const vtx_cell *x, const vtx_cell *y)
{
	const vtx_cell *pen = NULL;
	int n = 0, in_run = 0;

	for (int c = 0; c < VTX_COLS; c++) {
		if (cell_same(&x[c], &y[c])) {
			in_run = 0;
			continue;
		}
		n += in_run ? 1 : 4;
		in_run = 1;
		if (pen && (pen->kind != x[c].kind || pen->fg != x[c].fg ||
			    pen->bg != x[c].bg || pen->attr != x[c].attr))
			n += 2;
		pen = &x[c];
	}
	return n;
}

static size_t put_csi(uint8_t *o, size_t k, int n, uint8_t final)
{
	o[k++] = ESC;
	o[k++] = 0x5B;
	if (n >= 10)
		o[k++] = (uint8_t)('0' + n / 10);
	o[k++] = (uint8_t)('0' + n % 10);
	o[k++] = final;
	return k;
}

/* The bytes of move m (at most 16). */
static size_t move_bytes(const row_move *m, uint8_t *o)
{
	int n = m->k > 0 ? m->k : -m->k;
	size_t k = 0;

	if (m->k > 0) { /* delete at the top, insert under the block */
		k = put_csi(o, put_us(o, k, m->a, 0), n, 0x4D);
		if (m->b < VTX_ROWS - 1)
			k = put_csi(o, put_us(o, k, m->b + 1 - n, 0), n, 0x4C);
	} else { /* delete under the block, insert at the top */
		if (m->b < VTX_ROWS - 1)
			k = put_csi(o, put_us(o, k, m->b + 1 - n, 0), n, 0x4D);
		k = put_csi(o, put_us(o, k, m->a, 0), n, 0x4C);
	}
	return k;
}

/* Keeps m among the best `max` moves found so far, one per shift;
 * returns how many are kept. */
static int move_keep(row_move *best, int found, int max, const row_move *m)
{
	int i = 0, worst = 0;

	while (i < found && best[i].k != m->k)
		i++;
	if (i < found) { /* the same shift, another block */
		if (m->score > best[i].score)
			best[i] = *m;
		return found;
	}
	if (found < max) {
		best[found] = *m;
		return found + 1;
	}
	for (int j = 1; j < found; j++)
		if (best[j].score < best[worst].score)
			worst = j;
	if (m->score > best[worst].score)
		best[worst] = *m;
	return found;
}

/* The most promising moves (at most `max`, best first), judged by the
 * cells they would save: for each shift, the block is the span of rows
 * where moving gains most. A shift is looked at only when a row of `to`
 * that is wrong now and shows something is a row of `from` shifted. */
static int moves_find(const vtx_screen *from, const vtx_screen *to,
		      row_move *best, int max)
{
	vtx_cell blank[VTX_COLS];
	int now[VTX_ROWS], cleared[VTX_ROWS], found = 0;
	uint8_t bytes[16];

	for (int c = 0; c < VTX_COLS; c++)
		blank[c] = vtx_cell_blank();
	for (int r = 1; r < VTX_ROWS; r++) {
		now[r] = row_diff(to->cells[r], from->cells[r]);
		cleared[r] = row_diff(to->cells[r], blank);
	}
	for (int k = -(VTX_ROWS - 3); k <= VTX_ROWS - 3; k++) {
		int moved[VTX_ROWS] = {0}, useful = 0;
		int p_now[VTX_ROWS + 1] = {0}, p_mov[VTX_ROWS + 1] = {0};
		int p_clr[VTX_ROWS + 1] = {0};
		int n = k > 0 ? k : -k;

		if (k == 0)
			continue;
		for (int r = 1; r < VTX_ROWS; r++) {
			int src = r + k;

			if (src < 1 || src >= VTX_ROWS)
				continue;
			moved[r] = row_diff(to->cells[r], from->cells[src]);
			useful |= moved[r] == 0 && now[r] > 0 &&
				  cleared[r] > 0;
		}
		if (!useful)
			continue;
		for (int r = 1; r < VTX_ROWS; r++) {
			p_now[r + 1] = p_now[r] + now[r];
			p_mov[r + 1] = p_mov[r] + moved[r];
			p_clr[r + 1] = p_clr[r] + cleared[r];
		}
		for (int a = 1; a < VTX_ROWS; a++) {
			for (int b = a + n; b < VTX_ROWS; b++) {
				row_move m = {a, b, k, 0};
				int after;

				if (k > 0) /* a..b-k moved, the rest cleared */
					after = p_mov[b - k + 1] - p_mov[a] +
						p_clr[b + 1] - p_clr[b - k + 1];
				else /* a..a+n-1 cleared, the rest moved */
					after = p_clr[a + n] - p_clr[a] +
						p_mov[b + 1] - p_mov[a + n];
				m.score = p_now[b + 1] - p_now[a] - after -
					  (int)move_bytes(&m, bytes);
				if (m.score > 0)
					found = move_keep(best, found, max, &m);
			}
		}
	}
	for (int i = 1; i < found; i++) /* best first */
		for (int j = i; j > 0 && best[j].score > best[j - 1].score; j--) {
			row_move t = best[j];

			best[j] = best[j - 1];
			best[j - 1] = t;
		}
	return found;
}

int vtx_encode_delta(const vtx_screen *from, const vtx_screen *to,
		     vtx_buf *out)
{
	size_t len0 = out->len;
	row_move m[MOVES_TRIED];
	int ret = delta_after(from, to, NULL, 0, out), n;

	/* (-ERANGE: no direct write makes some cell; moved rows may) */
	if (ret != 0 && ret != -ERANGE)
		return ret;
	/* Text that goes up or down the page (the next half of a long
	 * entry, a list that grew) is moved with its rows, when moving and
	 * mending costs less than writing it again. */
	n = moves_find(from, to, m, MOVES_TRIED);
	for (int i = 0; i < n; i++) {
		uint8_t pre[16];
		size_t npre = move_bytes(&m[i], pre);
		vtx_buf b = {0};

		/* (b holds the moves, then the rest) */
		if (delta_after(from, to, pre, npre, &b) == 0 && !b.failed &&
		    (ret != 0 || b.len < out->len - len0)) {
			out->len = len0;
			vtx_buf_put(out, b.data, b.len);
			ret = 0;
		}
		vtx_buf_free(&b);
	}
	return out->failed ? -ENOMEM : ret;
}

/*** Naive baseline ***/

int vtx_encode_naive(const vtx_screen *target, vtx_buf *out)
{
	vtx_buf_byte(out, VTX_C0_FF);
	for (int r = 0; r < VTX_ROWS; r++) {
		for (int c = 0; c < VTX_COLS; c++) {
			const vtx_cell *t = &target->cells[r][c];
			uint8_t o[24];
			size_t k = 0;
			need n;

			need_of(t, &n);
			o[k++] = VTX_C0_US;
			o[k++] = (uint8_t)(0x40 + r);
			o[k++] = (uint8_t)(0x41 + c);
			o[k++] = n.g1 ? VTX_C0_SO : VTX_C0_SI;
			k = put2(o, k, (uint8_t)(0x40 + n.fg));
			k = put2(o, k, (uint8_t)(0x50 + n.bg));
			k = put2(o, k, n.blink > 0 ? 0x48 : 0x49);
			if (n.g1)
				k = put2(o, k, n.separated ? 0x5A : 0x59);
			else
				k = put2(o, k, n.invert ? 0x5D : 0x5C);
			memcpy(o + k, n.ch, n.nch);
			k += n.nch;
			vtx_buf_put(out, o, k);
		}
	}
	return out->failed ? -ENOMEM : 0;
}
