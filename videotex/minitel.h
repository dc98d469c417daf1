/* videotex/minitel.h -- an emulated Minitel as its DIN port sees it.
 *
 * Wraps a vtx_term (the screen side) with what a real Minitel does at
 * the end of a serial line, in local state (no modem connection): it
 * answers the host's protocol requests (ENQROM, PRO1/PRO2/PRO3 status,
 * speed change, operating and keyboard modes, routing, reset, cursor
 * position; videotex.md §7), and routes the keyboard's bytes to the port
 * and, while the local echo is on, to the screen. Pure protocol logic: no
 * OS, no I/O. What goes out to the host leaves through cb->send; a speed
 * change through cb->speed, before the acknowledgement that must travel
 * at the new speed.
 *
 * The model table also serves the host side: it tells what an ENQROM
 * answer's type byte means (name, port speeds, character chip, 80
 * columns). */
#ifndef VTX_MINITEL_H
#define VTX_MINITEL_H

#include <stddef.h>
#include <stdint.h>

#include "screen.h"
#include "term.h"

/* Port speeds, as bits of vtx_minitel_model.speeds. */
enum {
	VTX_MINITEL_300 = 1 << 0,
	VTX_MINITEL_1200 = 1 << 1,
	VTX_MINITEL_4800 = 1 << 2,
	VTX_MINITEL_9600 = 1 << 3
};

#define VTX_MINITEL_POWER_ON_SPEED 1200 /* baud (videotex.md §1) */

/* One ENQROM type byte (the T of "01 M T V 04"). */
typedef struct vtx_minitel_model {
	uint8_t type;     /* 'u' ... */
	const char *name; /* "Minitel 1B" */
	int max_speed;    /* baud */
	unsigned speeds;  /* VTX_MINITEL_300 | ...: what PRO2 PROG accepts */
	int vgp5;         /* G2 has the VGP5-only characters (§ ß ä ö ü) */
	int col80;        /* Mixte / Téléinformatique 80-column modes */
} vtx_minitel_model;

/* The model of an ENQROM type byte, or NULL when the table does not know
 * it. Static data. */
const vtx_minitel_model *vtx_minitel_model_of(uint8_t type);

/* Nonzero when the model's port takes `baud` (300, 1200, 4800, 9600). */
int vtx_minitel_model_has_speed(const vtx_minitel_model *m, int baud);

/* The maker of an ENQROM maker byte (the M), e.g. "Matra" for 'A', or
 * NULL when unknown. Static string. */
const char *vtx_minitel_maker(uint8_t maker);

/* A Minitel this emulator can be: its --model name and ENQROM answer. */
typedef struct vtx_minitel_id {
	const char *name; /* "1b", "2", "1" */
	uint8_t maker, type, version;
} vtx_minitel_id;

/* The emulated Minitel called `name` ("1b", "2", "1"; NULL: "1b"), or
 * NULL for another name. Static data. */
const vtx_minitel_id *vtx_minitel_id_find(const char *name);

/* The names vtx_minitel_id_find knows, for messages: "1b, 2, 1". */
const char *vtx_minitel_id_names(void);

typedef struct vtx_minitel_callbacks {
	/* Bytes for the host (the DIN port): protocol answers and keys;
	 * borrowed for the call. May be NULL (they are dropped). */
	void (*send)(const uint8_t *bytes, size_t n, void *user);
	/* The port switches to `baud` now: what is sent next goes at that
	 * speed. May be NULL. */
	void (*speed)(int baud, void *user);
	void (*bell)(void *user); /* BEL from the host; may be NULL */
	/* Diagnostics (a request not emulated ...), NUL-terminated,
	 * borrowed; may be NULL. */
	void (*log)(const char *msg, void *user);
} vtx_minitel_callbacks;

typedef struct vtx_minitel vtx_minitel; /* opaque: has invariants */

/* A Minitel drawing on `screen` (borrowed; must outlive it), as `id`
 * (NULL: "1b"), in its power-on state (see vtx_minitel_reset). `cb` is
 * copied; NULL means no callbacks. NULL only on out-of-memory.
 * vtx_minitel_free(NULL) is a no-op. */
vtx_minitel *vtx_minitel_new(vtx_screen *screen, const vtx_minitel_id *id,
			     const vtx_minitel_callbacks *cb, void *user);
void vtx_minitel_free(vtx_minitel *m);

/* Power-on: a blank screen, the port at 1200 baud, the standard routing
 * (local echo on), the standard keyboard (capitals, no cursor keys), page
 * mode. Sends nothing and calls no callback. */
void vtx_minitel_reset(vtx_minitel *m);

/* Bytes from the host (borrowed): shown, and answered through cb->send
 * as each request completes. Any split gives the same screen and the same
 * answers. Not from within a callback. */
void vtx_minitel_feed(vtx_minitel *m, const uint8_t *bytes, size_t n);

/* The terminal inside, for a caller that paces the host's bytes itself
 * (a window at the line speed): vtx_term_feed on it is vtx_minitel_feed.
 * Valid as long as the Minitel. */
vtx_term *vtx_minitel_term(vtx_minitel *m);

/* Bytes the keyboard sends (borrowed; any split): function keys SEP 13
 * 4x, accents SS2 + diacritic + letter, G2 symbols SS2 + code, letters
 * and digits; a letter as the key cap reads (a = the key alone, A = with
 * shift). They go to the port (cb->send) while the keyboard-to-port route
 * is on (it is at power-on), and to the screen while the local echo is
 * on. In the standard keyboard mode a letter goes in the other case (the
 * key alone gives a capital), in lower-case mode as typed; a letter after
 * a diacritic keeps its case (the Minitel has no accented capital, and
 * one typed é means é); SEP, SS2 and ESC sequences pass unchanged. A
 * blocked keyboard (PRO3 60 59 51) sends nothing. Not from within a
 * callback. */
void vtx_minitel_key(vtx_minitel *m, const uint8_t *bytes, size_t n);

/* The port speed in baud (1200 at power-on). */
int vtx_minitel_speed(const vtx_minitel *m);

/* Sets the port speed as the user's Fnct P does (300, 1200, 4800, 9600):
 * 0 and cb->speed, or -EINVAL when the model's port lacks it. */
int vtx_minitel_set_speed(vtx_minitel *m, int baud);

/* Nonzero while keys typed show on the screen (local echo). */
int vtx_minitel_echo(const vtx_minitel *m);

/* Nonzero in lower-case keyboard mode (PRO2 START 45). */
int vtx_minitel_lower_case(const vtx_minitel *m);

/* What the Minitel is (static data). */
const vtx_minitel_id *vtx_minitel_get_id(const vtx_minitel *m);
const vtx_minitel_model *vtx_minitel_get_model(const vtx_minitel *m);

#endif
