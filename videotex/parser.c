/* videotex/parser.c -- Videotex byte stream to events.
 *
 * An explicit state machine (libtsm style). Sources: STUM1B §2-2-1-2-5 (C0
 * layout functions, US addressing), §2-2-1-2-6 (REP, SS2, SEP, NUL),
 * §2-2-1-1-3 (ESC + C1 attributes), §2-6 (PRO1/PRO2/PRO3); DRCS downloads
 * from videotex.md §8 (not in STUM1B).
 *
 * Rules that hold in every state:
 * - bit 7 is masked, NUL is ignored even inside a sequence (§2-2-1-2-6);
 * - a C0 code where a sequence expects a parameter byte ends the sequence
 *   unfinished, and is then executed ("SS2 + C0: SS2 dropped, C0
 *   executed"); this also gives ESC priority, as protocol sequences are
 *   extracted with priority inside other sequences (§2-6). */
#include "parser.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"
#include "parser_internal.h"

enum state {
	ST_GROUND,
	ST_ESC,            /* ESC seen */
	ST_ESC_INTER,      /* ESC + intermediates 0x20..0x2F */
	ST_CSI,            /* ESC [ */
	ST_PRO,            /* ESC 39|3A|3B, collecting its bytes */
	ST_SS2,            /* SS2 seen */
	ST_SS2_LETTER,     /* SS2 + diacritic seen */
	ST_REP,            /* REP seen */
	ST_US_ROW,         /* US seen */
	ST_US_COL,         /* US + row seen */
	ST_SEP,            /* SEP seen */
	ST_SS3,            /* SS3 seen */
	ST_DRCS_HEADER,    /* US # seen */
	ST_DRCS_DATA,      /* US # c 30: glyph patterns */
	ST_TRANSPARENT,    /* ESC %: screen transparency */
	ST_PRO_TRANSPARENT /* PRO2 66 n: n bytes not interpreted */
};

#define INTER_MAX 4
#define PARAM_MAX 9999

struct vtx_parser {
	const vtx_parser_callbacks *cb;
	void *user;
	enum state st;
	size_t offset;
	vtx_event ev;     /* event under construction */
	uint8_t inter[INTER_MAX];
	int ninter;
	int pro_len;      /* bytes a PRO sequence needs in all */
	int skip;         /* bytes left in protocol transparency */
	uint8_t us_row;   /* first byte after US */
	uint8_t esc_seen; /* transparency: last byte was ESC (1) or ESC 25 /
			     ESC 2F (the intermediate) */
	uint8_t drcs_code;
	enum state resume; /* sequence an ESC interrupted, or ST_GROUND */
	vtx_event held;    /* its event under construction */
	int held_ninter;
};

/* Keeps a rare path out of line: the message buffer would otherwise be
 * inlined into step() and make its every call set up a large frame. */
#if defined(__GNUC__)
#define OUT_OF_LINE __attribute__((noinline))
#else
#define OUT_OF_LINE
#endif

static OUT_OF_LINE void logf_(vtx_parser *p, const char *what, uint8_t b)
{
	char msg[96];

	if (!p->cb->log)
		return;
	snprintf(msg, sizeof msg, "offset %zu: %s (byte %02X)", p->offset,
		 what, b);
	p->cb->log(msg, p->user);
}

static void emit(vtx_parser *p, vtx_event_type type, uint8_t a, uint8_t b)
{
	p->ev.type = type;
	p->ev.a = a;
	p->ev.b = b;
	if (p->cb->event)
		p->cb->event(&p->ev, p->user);
}

vtx_parser *vtx_parser_new(const vtx_parser_callbacks *cb, void *user)
{
	vtx_parser *p = calloc(1, sizeof *p);

	if (!p)
		return NULL;
	p->cb = cb;
	p->user = user;
	vtx_parser_reset(p);
	return p;
}

void vtx_parser_free(vtx_parser *p)
{
	free(p);
}

void vtx_parser_reset(vtx_parser *p)
{
	p->st = ST_GROUND;
	p->resume = ST_GROUND;
	p->ninter = 0;
	memset(&p->ev, 0, sizeof p->ev);
}

void vtx_parser_copy_state(vtx_parser *dst, const vtx_parser *src)
{
	const vtx_parser_callbacks *cb = dst->cb;
	void *user = dst->user;

	*dst = *src;
	dst->cb = cb;
	dst->user = user;
}

size_t vtx_parser_offset(const vtx_parser *p)
{
	return p->offset;
}

/*** Ground state ***/

/* The codes that do not give a VTX_EV_C0 here are listed again, as a mask,
 * in parser_internal.h (VTX_PARSER__C0_NOT_EVENT): keep the two alike. */
static void ground_c0(vtx_parser *p, uint8_t b)
{
	switch (b) {
	case VTX_C0_ESC: /* ESC: escape sequence */
		p->ninter = 0;
		p->st = ST_ESC;
		break;
	case VTX_C0_SS2: /* SS2: next byte from G2 */
	case VTX_C0_SS2_LEGACY: /* 16: SS2 in legacy page files (§3) */
		p->st = ST_SS2;
		break;
	case VTX_C0_REP: /* REP: repeat count follows */
		p->st = ST_REP;
		break;
	case VTX_C0_US: /* US: row, column follow */
		p->st = ST_US_ROW;
		break;
	case VTX_C0_SEP: /* SEP: one byte follows */
		p->st = ST_SEP;
		break;
	case VTX_C0_SS3: /* SS3: one byte follows, ignored */
		p->st = ST_SS3;
		break;
	default: /* the screen layer decides what the others do */
		emit(p, VTX_EV_C0, b, 0);
		break;
	}
}

static void ground(vtx_parser *p, uint8_t b)
{
	if (b < 0x20)
		ground_c0(p, b);
	else
		emit(p, VTX_EV_CHAR, b, 0);
}

/* A C0 code arrived where a sequence wanted a parameter byte. An ESC may
 * start a protocol sequence, which is taken out with priority and lets
 * the interrupted sequence go on (STUM1B §2-6): the sequence is held until
 * the ESC turns out to be something else. */
static int resumable(enum state st)
{
	switch (st) {
	case ST_CSI:
	case ST_SS2:
	case ST_SS2_LETTER:
	case ST_REP:
	case ST_US_ROW:
	case ST_US_COL:
	case ST_SEP:
	case ST_SS3:
	case ST_DRCS_HEADER:
		return 1;
	default:
		return 0;
	}
}

static void abort_with(vtx_parser *p, uint8_t b, const char *what)
{
	if (b == VTX_C0_ESC && p->resume == ST_GROUND && resumable(p->st)) {
		p->resume = p->st;
		p->held = p->ev;
		p->held_ninter = p->ninter;
		p->ninter = 0;
		p->st = ST_ESC;
		return;
	}
	logf_(p, what, b);
	p->st = ST_GROUND;
	ground_c0(p, b);
}

/* The ESC that interrupted a sequence was not a protocol one: that
 * sequence is dropped. */
static void drop_held(vtx_parser *p)
{
	if (p->resume != ST_GROUND)
		logf_(p, "sequence cut by ESC", VTX_C0_ESC);
	p->resume = ST_GROUND;
}

/*** ESC sequences ***/

static void esc_final(vtx_parser *p, uint8_t b)
{
	p->st = ST_GROUND;
	if (p->ninter == 1 && (p->inter[0] == 0x28 || p->inter[0] == 0x29)) {
		/* ESC ( F / ESC ) F: G0 / G1 designation; ESC ( SP B and
		 * ESC ) SP C select the DRCS sets (videotex.md §8). */
		emit(p, VTX_EV_DESIGNATE, p->inter[0] == 0x29, 0);
		return;
	}
	if (p->ninter == 2 && (p->inter[0] == 0x28 || p->inter[0] == 0x29) &&
	    p->inter[1] == 0x20) {
		emit(p, VTX_EV_DESIGNATE, p->inter[0] == 0x29, 1);
		return;
	}
	if (p->ninter == 2 && p->inter[0] == 0x23 && p->inter[1] == 0x20 &&
	    (b == 0x58 || b == 0x5F)) {
		/* ESC # SP X: masking on; ESC # SP _: reveal (§2-2-1-1-3) */
		emit(p, VTX_EV_MASKING, b == 0x58, 0);
		return;
	}
	logf_(p, "unknown ESC sequence skipped", b);
}

static void esc_start_pro(vtx_parser *p, uint8_t b)
{
	p->ev.seq[0] = VTX_C0_ESC;
	p->ev.seq[1] = b;
	p->ev.n = 2;
	p->pro_len = 3 + (b - 0x39); /* PRO1 3 bytes, PRO2 4, PRO3 5 */
	p->st = ST_PRO;
}

static void esc(vtx_parser *p, uint8_t b)
{
	if (b < 0x20) {
		drop_held(p);
		abort_with(p, b, "ESC sequence cut by a control code");
		return;
	}
	if (!(b >= 0x39 && b <= 0x3B))
		drop_held(p);
	p->st = ST_GROUND;
	if (b == 0x25) { /* ESC %: screen transparency (§3) */
		p->esc_seen = 0;
		p->st = ST_TRANSPARENT;
	} else if (b >= 0x20 && b <= 0x2F) {
		p->inter[0] = b;
		p->ninter = 1;
		p->st = ST_ESC_INTER;
	} else if (b >= 0x39 && b <= 0x3B) {
		esc_start_pro(p, b);
	} else if (b == 0x5B) { /* CSI */
		p->ev.nparams = 0;
		p->ev.params[0] = -1;
		p->ninter = 0;
		p->st = ST_CSI;
	} else if (b >= 0x40 && b <= 0x5F) {
		emit(p, VTX_EV_ATTR, b, 0);
	} else if (b == 0x61) { /* ESC a: cursor position request (§2-6) */
		emit(p, VTX_EV_CURSOR_QUERY, 0, 0);
	} else {
		logf_(p, "unknown ESC sequence skipped", b);
	}
}

static void esc_inter(vtx_parser *p, uint8_t b)
{
	if (b < 0x20) {
		abort_with(p, b, "ESC sequence cut by a control code");
	} else if (b <= 0x2F) {
		if (p->ninter < INTER_MAX)
			p->inter[p->ninter++] = b;
	} else {
		esc_final(p, b);
	}
}

static void csi(vtx_parser *p, uint8_t b)
{
	vtx_event *ev = &p->ev;

	if (b < 0x20) {
		abort_with(p, b, "CSI sequence cut by a control code");
	} else if (b >= 0x30 && b <= 0x39) {
		int *v;

		if (ev->nparams == 0)
			ev->nparams = 1;
		v = &ev->params[ev->nparams - 1];
		*v = (*v < 0 ? 0 : *v) * 10 + (b - 0x30);
		if (*v > PARAM_MAX)
			*v = PARAM_MAX;
	} else if (b == 0x3B) { /* ; */
		if (ev->nparams == 0)
			ev->nparams = 1;
		if (ev->nparams < VTX_CSI_MAX_PARAMS)
			ev->params[ev->nparams++] = -1;
	} else if (b < 0x30 || (b >= 0x3A && b <= 0x3F) || b == 0x7F) {
		/* intermediates and private markers such as "?": not a
		 * Minitel CSI; swallowed at its final byte */
		p->ninter = 1;
	} else {
		p->st = ST_GROUND;
		if (p->ninter)
			logf_(p, "CSI sequence with private marker skipped", b);
		else
			emit(p, VTX_EV_CSI, b, 0);
	}
}

static void pro(vtx_parser *p, uint8_t b)
{
	if (b < 0x20) {
		drop_held(p);
		abort_with(p, b, "PRO sequence cut by a control code");
		return;
	}
	p->ev.seq[p->ev.n++] = b;
	if (p->ev.n < p->pro_len)
		return;
	p->st = ST_GROUND;
	emit(p, VTX_EV_PRO, 0, 0);
	if (p->resume != ST_GROUND) { /* back into the interrupted one */
		p->st = p->resume;
		p->ev = p->held;
		p->ninter = p->held_ninter;
		p->resume = ST_GROUND;
		return;
	}
	if (p->ev.seq[1] == 0x3A && p->ev.seq[2] == 0x66) {
		/* PRO2 TRANSPARENCE n: the next n bytes are not interpreted
		 * (§2-6-14) */
		p->skip = p->ev.seq[3] & 0x7F;
		if (p->skip > 0)
			p->st = ST_PRO_TRANSPARENT;
	}
}

/*** SS2, REP, US, SEP ***/

static void ss2(vtx_parser *p, uint8_t b)
{
	if (b < 0x20) {
		abort_with(p, b, "SS2 dropped before a control code");
	} else if (vtx_charset_is_diacritic(b)) {
		p->ev.a = b;
		p->st = ST_SS2_LETTER;
	} else {
		p->st = ST_GROUND;
		emit(p, VTX_EV_G2, b, 0);
	}
}

static void ss2_letter(vtx_parser *p, uint8_t b)
{
	if (b < 0x20 && b != VTX_C0_ESC) {
		/* The diacritic is reported alone (b = 0): mosaic mode, where
		 * SS2 is ignored, shows it as a mosaic; text mode drops it. */
		p->st = ST_GROUND;
		emit(p, VTX_EV_G2, p->ev.a, 0);
		ground_c0(p, b);
		return;
	}
	if (b < 0x20) {
		abort_with(p, b, "diacritic dropped before a control code");
		return;
	}
	p->st = ST_GROUND;
	emit(p, VTX_EV_G2, p->ev.a, b);
}

static void rep(vtx_parser *p, uint8_t b)
{
	if (b < 0x20) {
		abort_with(p, b, "REP without a count");
		return;
	}
	p->st = ST_GROUND;
	if (b >= 0x40)
		emit(p, VTX_EV_REP, (uint8_t)(b - 0x40), 0);
	else
		logf_(p, "REP count out of range skipped", b);
}

static int is_digit(uint8_t b)
{
	return b >= 0x30 && b <= 0x39;
}

static void us_row(vtx_parser *p, uint8_t b)
{
	if (b < 0x20) {
		abort_with(p, b, "US sequence cut by a control code");
	} else if (b == 0x23) { /* US #: DRCS download (videotex.md §8) */
		p->ev.n = 0;
		p->st = ST_DRCS_HEADER;
	} else {
		p->us_row = b;
		p->st = ST_US_COL;
	}
}

static void us_col(vtx_parser *p, uint8_t b)
{
	uint8_t r = p->us_row;

	if (b < 0x20) {
		abort_with(p, b, "US sequence cut by a control code");
		return;
	}
	p->st = ST_GROUND;
	if (r >= 0x40 && b >= 0x40) {
		/* US r c: row r - 0x40 (0..24), column c - 0x40 (1..40);
		 * out of range: the whole sequence is ignored (§2-2-1-2-5) */
		if (r - 0x40 <= 24 && b - 0x40 >= 1 && b - 0x40 <= 40)
			emit(p, VTX_EV_US, (uint8_t)(r - 0x40),
			     (uint8_t)(b - 0x40));
		else
			logf_(p, "US address out of the screen ignored", b);
	} else if (is_digit(r) && is_digit(b)) {
		/* Deprecated US 3X 3Y: row 10X + Y, column 1 (§3) */
		int row = (r - 0x30) * 10 + (b - 0x30);

		if (row <= 24)
			emit(p, VTX_EV_US, (uint8_t)row, 1);
		else
			logf_(p, "US address out of the screen ignored", b);
	} else {
		logf_(p, "malformed US sequence ignored", b);
	}
}

/*** DRCS download (videotex.md §8) ***/

static void drcs_header(vtx_parser *p, uint8_t b)
{
	vtx_event *ev = &p->ev;

	if (b < 0x20) {
		abort_with(p, b, "DRCS header cut by a control code");
		return;
	}
	if (ev->n == 0 && b != 0x20) {
		/* US # c 30: glyphs from code c on */
		p->drcs_code = b;
		ev->seq[ev->n++] = b;
		return;
	}
	if (ev->n == 1 && ev->seq[0] != 0x20) {
		if (b == 0x30) {
			ev->n = 0;
			p->st = ST_DRCS_DATA;
		} else {
			p->st = ST_GROUND;
			logf_(p, "malformed DRCS header skipped", b);
		}
		return;
	}
	/* US # SP SP SP B|C I: choose the set to load */
	ev->seq[ev->n++] = b;
	if (ev->n < 5)
		return;
	p->st = ST_GROUND;
	if (ev->seq[1] == 0x20 && ev->seq[2] == 0x20 &&
	    (ev->seq[3] == 0x42 || ev->seq[3] == 0x43) && ev->seq[4] == 0x49)
		emit(p, VTX_EV_DRCS_SET, ev->seq[3] == 0x43, 0);
	else
		logf_(p, "unknown DRCS set selection skipped", b);
}

static void drcs_glyph_done(vtx_parser *p)
{
	emit(p, VTX_EV_DRCS_GLYPH, p->drcs_code, 0);
	if (p->drcs_code < 0x7F)
		p->drcs_code++;
	p->ev.n = 0;
}

/* The pattern bytes (0x40..0x7F) that start at bytes[0], at most len: the
 * bulk of a download, taken at once rather than byte by byte through
 * step(); what drcs_data does with each. NULs are not pattern bytes: they
 * go through the feed loops, which ignore them. Returns the bytes used. */
static size_t drcs_patterns(vtx_parser *p, const uint8_t *bytes, size_t len)
{
	size_t i = 0;

	while (i < len && (bytes[i] & 0x40) != 0) {
		if (p->ev.n < VTX_DRCS_PATTERN_MAX)
			p->ev.data[p->ev.n++] = bytes[i] & 0x7F;
		i++;
	}
	return i;
}

static void drcs_data(vtx_parser *p, uint8_t b)
{
	if (b >= 0x40) {
		if (p->ev.n < VTX_DRCS_PATTERN_MAX)
			p->ev.data[p->ev.n++] = b;
	} else if (b == 0x30) { /* end of one glyph */
		drcs_glyph_done(p);
	} else if (b < 0x20) {
		/* Any US r c leaves download mode; a glyph cut short by it
		 * is zero-filled and defined. */
		if (p->ev.n > 0)
			drcs_glyph_done(p);
		p->st = ST_GROUND;
		ground_c0(p, b);
	} else {
		logf_(p, "byte inside a DRCS pattern ignored", b);
	}
}

/*** Transparency ***/

static void transparent(vtx_parser *p, uint8_t b)
{
	/* Ends with ESC % @ or ESC / ? (§3). */
	if (p->esc_seen == VTX_C0_ESC && (b == 0x25 || b == 0x2F)) {
		p->esc_seen = b;
	} else if ((p->esc_seen == 0x25 && b == 0x40) ||
		   (p->esc_seen == 0x2F && b == 0x3F)) {
		p->st = ST_GROUND;
	} else {
		p->esc_seen = b == VTX_C0_ESC ? VTX_C0_ESC : 0;
	}
}

static void step(vtx_parser *p, uint8_t b)
{
	switch (p->st) {
	case ST_GROUND: ground(p, b); break;
	case ST_ESC: esc(p, b); break;
	case ST_ESC_INTER: esc_inter(p, b); break;
	case ST_CSI: csi(p, b); break;
	case ST_PRO: pro(p, b); break;
	case ST_SS2: ss2(p, b); break;
	case ST_SS2_LETTER: ss2_letter(p, b); break;
	case ST_REP: rep(p, b); break;
	case ST_US_ROW: us_row(p, b); break;
	case ST_US_COL: us_col(p, b); break;
	case ST_SEP:
		p->st = ST_GROUND;
		if (b < 0x20)
			abort_with(p, b, "SEP cut by a control code");
		else
			emit(p, VTX_EV_SEP, b, 0);
		break;
	case ST_SS3:
		p->st = ST_GROUND;
		if (b < 0x20)
			abort_with(p, b, "SS3 cut by a control code");
		break;
	case ST_DRCS_HEADER: drcs_header(p, b); break;
	case ST_DRCS_DATA: drcs_data(p, b); break;
	case ST_TRANSPARENT: transparent(p, b); break;
	case ST_PRO_TRANSPARENT:
		if (--p->skip <= 0)
			p->st = ST_GROUND;
		break;
	}
}

/* The length of the run of printable bytes (0x20..0x7F once bit 7 is
 * masked) that starts at `s`, at most `n`. A byte is a control code exactly
 * when its bits 5 and 6 are both clear, so eight bytes are tested at once:
 * (w | w >> 1) has bit 5 of every byte set when none of them is a control.
 * The shift moves each byte's bit 6 onto its bit 5 in either byte order;
 * what crosses between bytes lands on bit 7, which is masked. */
size_t vtx_parser__text_run(const uint8_t *s, size_t n)
{
	const uint64_t bit5 = 0x2020202020202020u;
	size_t j = 0;

	/* Most runs are a few bytes between two sequences: bytewise first. */
	for (; j < 8; j++) {
		if (j == n || (s[j] & 0x60) == 0)
			return j;
	}
	while (n - j >= 8) {
		uint64_t w;

		memcpy(&w, s + j, sizeof w);
		if (((w | w >> 1) & bit5) != bit5)
			break;
		j += 8;
	}
	while (j < n && (s[j] & 0x60) != 0)
		j++;
	return j;
}

/* The commonest sequences, whole in the buffer and without NULs, are
 * taken in one step from the ground state: ESC + attribute, US row col
 * (new form, in range), REP count. `b` is s[0] masked, n > 1. Returns the
 * bytes used, 0 if none. */
static size_t shortcut(vtx_parser *p, uint8_t b, const uint8_t *s, size_t n)
{
	uint8_t c = s[1] & 0x7F, d;

	if (b == VTX_C0_ESC) {
		if (vtx_parser__is_attr(c)) {
			emit(p, VTX_EV_ATTR, c, 0);
			return 2;
		}
		return 0;
	}
	if (b == VTX_C0_REP) {
		if (vtx_parser__is_rep(c)) {
			emit(p, VTX_EV_REP, (uint8_t)(c - 0x40), 0);
			return 2;
		}
		return 0;
	}
	if (b != VTX_C0_US || n < 3)
		return 0;
	d = s[2] & 0x7F;
	if (vtx_parser__is_us(c, d)) {
		emit(p, VTX_EV_US, (uint8_t)(c - 0x40), (uint8_t)(d - 0x40));
		return 3;
	}
	return 0;
}

/* The ground state, where most bytes of a page are read: runs of text go
 * to the text callback (or one VTX_EV_CHAR a byte), the common sequences
 * through shortcut(), other C0 codes start their sequence. Returns the
 * bytes used: all of them, or up to the first that leaves the ground
 * state. p->offset is kept right for every callback and message. */
static size_t ground_run(vtx_parser *p, const uint8_t *s, size_t n,
			 size_t base)
{
	size_t i = 0;

	while (i < n) {
		uint8_t b = s[i] & 0x7F;
		size_t k;

		p->offset = base + i;
		if (b >= 0x20) {
			k = vtx_parser__text_run(s + i, n - i);
			if (p->cb->text) {
				p->cb->text(s + i, k, p->user);
			} else {
				for (size_t j = 0; j < k; j++) {
					p->offset = base + i + j;
					emit(p, VTX_EV_CHAR, s[i + j] & 0x7F, 0);
				}
			}
			i += k;
			continue;
		}
		if (n - i > 1 && (k = shortcut(p, b, s + i, n - i)) > 0) {
			i += k;
			continue;
		}
		i++;
		if (b == VTX_C0_NUL)
			continue; /* NUL: ignored everywhere (§2-2-1-2-6) */
		ground_c0(p, b);
		if (p->st != ST_GROUND)
			break;
	}
	return i;
}

void vtx_parser_feed(vtx_parser *p, const uint8_t *bytes, size_t len)
{
	const size_t base = p->offset;
	size_t i = 0;

	while (i < len) {
		if (p->st == ST_GROUND)
			i += ground_run(p, bytes + i, len - i, base + i);
		else /* up to the end of the sequence */
			i += vtx_parser__run(p, bytes + i, len - i, base + i);
	}
	p->offset = base + len;
}

/*** The terminal's side (parser_internal.h) ***/

int vtx_parser__ground(const vtx_parser *p)
{
	return p->st == ST_GROUND;
}

/* What vtx_parser_feed does outside the ground state, and in it for a
 * byte that starts a sequence (ground_c0 through step). */
size_t vtx_parser__run(vtx_parser *p, const uint8_t *bytes, size_t len,
		       size_t offset)
{
	size_t i = 0;

	do {
		uint8_t b;

		if (p->st == ST_DRCS_DATA) {
			size_t k = drcs_patterns(p, bytes + i, len - i);

			if (k > 0) {
				i += k;
				continue;
			}
		}
		b = bytes[i] & 0x7F;
		p->offset = offset + i;
		i++;
		if (b == VTX_C0_NUL && p->st != ST_PRO_TRANSPARENT)
			continue; /* NUL: ignored everywhere (§2-2-1-2-6) */
		step(p, b);
	} while (i < len && p->st != ST_GROUND);
	p->offset = offset + i;
	return i;
}

void vtx_parser__at(vtx_parser *p, size_t offset)
{
	p->offset = offset;
}
