/* videotex/term.h -- Videotex terminal: bytes in, screen model out.
 *
 * The second layer of the decoder: applies parser events to a vtx_screen
 * as a Minitel 1B in Videotex mode does (cursor, attributes, G0/G1/G2,
 * serial attributes, roll mode, CSI functions, DRCS). Never fails on input:
 * unknown sequences are skipped and sent to cb->log. Spec references
 * (STUM1B section numbers) are inline in term.c. */
#ifndef VTX_TERM_H
#define VTX_TERM_H

#include <stddef.h>
#include <stdint.h>

#include "screen.h"

typedef struct vtx_term vtx_term; /* opaque: has invariants */

typedef struct vtx_term_callbacks {
	void (*bell)(void *user); /* BEL; may be NULL */
	/* A protocol request from the host (PRO1/PRO2/PRO3, ESC a): never
	 * displayed; `seq` (borrowed, n bytes) starts with ESC. A caller
	 * that plays a Minitel answers it. May be NULL. */
	void (*pro)(const uint8_t *seq, size_t n, void *user);
	/* FF is about to clear the page that stands now; `pages` counts the
	 * FFs before this one. May be NULL. */
	void (*clear)(int pages, void *user);
	/* Diagnostics, NUL-terminated, borrowed; may be NULL. */
	void (*log)(const char *msg, void *user);
} vtx_term_callbacks;

/* NULL only on out-of-memory. `screen` is borrowed and must outlive the
 * terminal; it is not reset (call vtx_term_reset for a power-on state).
 * `cb` may be NULL. vtx_term_free(NULL) is a no-op. */
vtx_term *vtx_term_new(vtx_screen *screen, const vtx_term_callbacks *cb,
		       void *user);
void vtx_term_free(vtx_term *t);

/* Makes `dst` continue exactly where `src` stands: cursor, pen, modes,
 * parser state. Screens are not copied (each terminal keeps its own);
 * callbacks stay dst's own. For encoders that try alternatives. */
void vtx_term_copy_state(vtx_term *dst, const vtx_term *src);

/* Power-on: screen blank, cursor row 1 column 1 hidden, default
 * attributes, page mode, masking on, no DRCS. */
void vtx_term_reset(vtx_term *t);

/* Consumes all bytes. Any split of a stream yields the same screen. */
void vtx_term_feed(vtx_term *t, const uint8_t *bytes, size_t len);

/* Cursor position: row 0..24, column 1..40. */
void vtx_term_cursor(const vtx_term *t, int *row, int *col);

/* The terminal's state, for encoders that must know what the next byte
 * will do. Columns are 0-based here. */
typedef struct vtx_term_state {
	int row, col;
	int g1;                      /* SO: mosaic set selected */
	int fg, bg;                  /* bg: committed background */
	int blink, invert, separated;
	int width, height;
	int underline, conceal;      /* committed zone values */
	int pend_bg, pend_ul, pend_conceal; /* latent; -1 when unset */
	int drcs_g0, drcs_g1;        /* DRCS sets designated */
	int roll, insert;
	int last_g2;                 /* what REP repeats: a G2 item ... */
	int last_code, last_letter;  /* ... or the byte last_code */
} vtx_term_state;

void vtx_term_get_state(const vtx_term *t, vtx_term_state *st);

/* Decodes `len` bytes from power-on into *out (a convenience for tools and
 * tests). Returns 0, or -ENOMEM. */
int vtx_decode(const uint8_t *bytes, size_t len, vtx_screen *out);

#endif
