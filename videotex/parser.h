/* videotex/parser.h -- Videotex byte stream to events, no screen knowledge.
 *
 * The first layer of the decoder (libvterm's parser.c): it recognises C0
 * codes, ESC and CSI sequences, SS2 + G2 codes, REP, US addressing, PRO1-3
 * protocol sequences and DRCS downloads, and calls back once per event. It
 * knows nothing of attributes, cursor or modes. It never fails on input:
 * what it cannot make sense of goes to the log callback. Any split of a
 * stream yields the same events. */
#ifndef VTX_PARSER_H
#define VTX_PARSER_H

#include <stddef.h>
#include <stdint.h>

#define VTX_CSI_MAX_PARAMS 4
#define VTX_DRCS_PATTERN_MAX 14 /* 80 bits in 6-bit groups */

typedef enum vtx_event_type {
	VTX_EV_CHAR,       /* printable byte 0x20..0x7F in `a` */
	VTX_EV_G2,         /* SS2 + `a`; `b` is the letter after a diacritic,
			      0 when `a` is not a diacritic or when a
			      control code followed the diacritic */
	VTX_EV_C0,         /* a C0 control in `a` (not NUL, ESC, SS2, REP,
			      US, SEP, SS3: those have their own events) */
	VTX_EV_REP,        /* REP: `a` = repeat count 0..63 */
	VTX_EV_US,         /* US addressing: `a` = row 0..24, `b` = column
			      1..40 (legacy form: column 1) */
	VTX_EV_ATTR,       /* ESC + C1 byte 0x40..0x5F (not 0x5B) in `a` */
	VTX_EV_CSI,        /* ESC [ params final: `a` = final byte,
			      params[0..nparams-1], -1 where omitted */
	VTX_EV_PRO,        /* PRO1/2/3: seq[0..n-1] = ESC 39|3A|3B ... */
	VTX_EV_DESIGNATE,  /* ESC ( or ESC ): `a` = 0 for G0, 1 for G1;
			      `b` = 1 for the DRCS set, 0 for the standard */
	VTX_EV_MASKING,    /* ESC # SP X / _ : `a` = 1 masking on, 0 reveal */
	VTX_EV_DRCS_SET,   /* US # SP SP SP B|C I: `a` = 0 (G'0) or 1 (G'1) */
	VTX_EV_DRCS_GLYPH, /* one downloaded glyph: `a` = code, data[0..n-1]
			      the pattern bytes (0x40..0x7F) */
	VTX_EV_CURSOR_QUERY, /* ESC a: the host asks for the cursor position */
	VTX_EV_SEP,        /* SEP + `a` (keyboard and protocol messages) */
	VTX_EV_COUNT
} vtx_event_type;

typedef struct vtx_event {
	vtx_event_type type;
	uint8_t a, b;
	uint8_t n;
	int nparams;
	int params[VTX_CSI_MAX_PARAMS];
	uint8_t seq[5];
	uint8_t data[VTX_DRCS_PATTERN_MAX];
} vtx_event;

typedef struct vtx_parser_callbacks {
	/* One event; `ev` is borrowed for the call. */
	void (*event)(const vtx_event *ev, void *user);
	/* Optional, for speed: when not NULL, runs of printable bytes in the
	 * ground state come here (`bytes` borrowed, bit 7 not yet masked)
	 * instead of one VTX_EV_CHAR event per byte. */
	void (*text)(const uint8_t *bytes, size_t len, void *user);
	/* Diagnostics, NUL-terminated, borrowed; may be NULL. */
	void (*log)(const char *msg, void *user);
} vtx_parser_callbacks;

typedef struct vtx_parser vtx_parser; /* opaque */

/* NULL only on out-of-memory. `cb` is borrowed and must outlive the
 * parser. vtx_parser_free(NULL) is a no-op. */
vtx_parser *vtx_parser_new(const vtx_parser_callbacks *cb, void *user);
void vtx_parser_free(vtx_parser *p);

/* Back to the ground state (between two unrelated streams). */
void vtx_parser_reset(vtx_parser *p);

/* Consumes all bytes. Bit 7 of each byte is ignored (a 7E1 line). */
void vtx_parser_feed(vtx_parser *p, const uint8_t *bytes, size_t len);

/* Makes `dst` continue exactly where `src` stands (state, partial
 * sequence, offset); callbacks stay dst's own. */
void vtx_parser_copy_state(vtx_parser *dst, const vtx_parser *src);

/* Byte offset of the stream so far (for messages). */
size_t vtx_parser_offset(const vtx_parser *p);

#endif
