/* core/session.h -- browsing a site of notes pages, bytes both ways.
 *
 * A session is a Videotex service in miniature: it shows the pages of a
 * site made by core/layout (a sommaire, then each entry's pages) and
 * answers the Minitel's function keys. It speaks only bytes: what it sends
 * goes to cb->send, the keyboard's bytes come in through ses_receive. It
 * knows nothing of the OS, SDL or serial ports, so the emulator and a real
 * Minitel on a serial line run the same code.
 *
 * What the keys do (videotex.md §6 for their codes, SEP 13 + 41..49):
 *   digits, letters  typed into the input zone, echoed there
 *   ENVOI            a number: opens that entry (its first page);
 *                    a word: lists the entries whose title or pages
 *                    contain it (case- and accent-insensitive; several
 *                    words: as a phrase), numbered with their entry
 *                    numbers so that number + ENVOI opens them; both
 *                    work from any page
 *   SUITE / RETOUR   the next / previous page (the site's links; on a
 *                    results page, the next / previous results)
 *   SOMMAIRE         the sommaire page listing the current entry; on
 *                    a sommaire page, the first one
 *   GUIDE            a help page listing the keys; RETOUR leaves it
 *   REPETITION       redraws the whole screen (FF and every cell): the
 *                    key exists to repair a screen spoiled by line noise,
 *                    which no delta from the session's model would fix
 *   CORRECTION       erases the last typed character
 *   ANNULATION       erases all that was typed
 *   CONNEXION/FIN    a goodbye page; the session is then done
 * A key that cannot be obeyed (an unknown number, SUITE on a last page, a
 * search without result) rings the bell (BEL) and puts a short message
 * on row 0, in place of the status line, until the next key. ENVOI with
 * nothing typed asks for a number or a word. A carriage return (the only edit key of
 * the standard keyboard) counts as ENVOI, DEL (Ctrl + left arrow on the
 * extended keyboard) as CORRECTION.
 *
 * The input zone: on the sommaire (and results) pages, row 22 after the
 * prompt; on other pages, row 24 after the keys. When that row has no room
 * left, row 23. At most the zone's width, and SES_INPUT_MAX, characters
 * are taken; more ring the bell.
 *
 * The screen model: the session keeps a vtx_term and a vtx_screen fed with
 * every byte it sends, so it always knows what the terminal shows (as long
 * as the terminal started in Videotex page mode and drops nothing). Each
 * transition is made by composing the screen wanted (page, message on row
 * 0, input zone) and sending the shortest of: vtx_encode_delta(shown,
 * wanted); FF + vtx_encode_screen(wanted); US to the first changed row,
 * CSI J (clear to the end) and the delta from there; for a typed
 * character, its bytes alone. A candidate is sent only when a copy of the
 * model, fed with it, shows exactly the wanted screen. ses_start sends
 * the first page whole, since what the terminal showed before is not
 * known; REPETITION also sends the page whole. The cursor stays hidden.
 *
 * ses_start first sends PRO3 "1B 3B 60 5A 51": on a Minitel whose DIN
 * port is the host (local state), it cuts the keyboard-to-modem route
 * that echoes every key on the screen (videotex.md §7), so that only the
 * session writes to the screen; then COF, cursor hidden. The terminal's
 * answer (a PRO3 acknowledgement) comes back as keyboard bytes and is
 * ignored, as are all protocol replies, cursor keys (ESC [ ...), other SEP
 * messages (13 5x, 13 7x), position reports (US row col) and an
 * identification reply (SOH ... EOT).
 *
 * Keyboard bytes may arrive in any split, one at a time included: the
 * same bytes always give the same transitions and the same bytes sent.
 * Accents arrive as SS2 + diacritic + letter (19 42 65 = é); a diacritic
 * followed by another one, or by a function key, is dropped. A capital
 * letter after a diacritic stays a plain capital (the Minitel has no
 * accented capitals). */
#ifndef SES_H
#define SES_H

#include <stddef.h>
#include <stdint.h>

#include "layout.h"
#include "videotex/screen.h"

/* Function keys: the byte after SEP (13) that the keyboard sends. */
enum {
	SES_KEY_ENVOI = 0x41,
	SES_KEY_RETOUR = 0x42,
	SES_KEY_REPETITION = 0x43,
	SES_KEY_GUIDE = 0x44,
	SES_KEY_ANNULATION = 0x45,
	SES_KEY_SOMMAIRE = 0x46,
	SES_KEY_CORRECTION = 0x47,
	SES_KEY_SUITE = 0x48,
	SES_KEY_CONNEXION = 0x49 /* CONNEXION/FIN */
};

#define SES_INPUT_MAX 24 /* characters the input zone may hold */

/* What the session shows. */
typedef enum ses_view {
	SES_VIEW_PAGE,    /* a page of the site */
	SES_VIEW_HELP,    /* the help page of GUIDE */
	SES_VIEW_RESULTS, /* search results */
	SES_VIEW_GOODBYE, /* after CONNEXION/FIN */
	SES_VIEW_COUNT
} ses_view;

typedef struct ses_callbacks {
	/* Sends n > 0 bytes to the terminal; `bytes` is borrowed for the
	 * call. Required. */
	void (*send)(const uint8_t *bytes, size_t n, void *user);
	/* Diagnostics (an encoder failure), NUL-terminated, borrowed; may
	 * be NULL. */
	void (*log)(const char *msg, void *user);
} ses_callbacks;

typedef struct ses_session ses_session; /* opaque: has invariants */

/* A session over `site` (at least one page), whose page i shows
 * pages[i] (site->npages screens). `pages`, `site` and `cb` are borrowed
 * and must outlive the session; links of the site that lead nowhere
 * (out of range) count as LAY_NONE. Nothing is sent until ses_start.
 * NULL only on out-of-memory. */
ses_session *ses_new(const vtx_screen *pages, const lay_site *site,
		     const ses_callbacks *cb, void *user);

/* ses_free(NULL) is a no-op. */
void ses_free(ses_session *s);

/* Sends the local-echo cut, COF and the first page (the sommaire, page
 * index 0) whole, with FF. Returns 0, or -ENOMEM (nothing sent then). */
int ses_start(ses_session *s);

/* The terminal came back after the link was lost (an adapter unplugged
 * and plugged in again, a Minitel switched off and on): what it shows is
 * no longer known. Forgets the model (power-on), then sends what
 * ses_start sends -- the local-echo cut, COF -- and the current view
 * whole: the page the user was on, with what they had typed. A key half
 * received before the loss is dropped. Returns 0, or -ENOMEM (nothing
 * sent then). */
int ses_resume(ses_session *s);

/* Takes `n` keyboard bytes (borrowed) and answers each key as it is
 * complete, sending what changes on the screen (one cb->send call per
 * key that changes something). After CONNEXION/FIN, bytes are ignored.
 * Call ses_start first; not from within cb->send. Returns 0, or -ENOMEM
 * when a transition could not be encoded (nothing was sent for it; the
 * model still matches the terminal, and the next transition catches
 * up). */
int ses_receive(ses_session *s, const uint8_t *bytes, size_t n);

/* Nonzero once CONNEXION/FIN has been answered with the goodbye page. */
int ses_done(const ses_session *s);

/* What the terminal shows now: the session's model, fed with every byte
 * sent since ses_new (from a power-on screen). Valid until the next call
 * that sends. */
const vtx_screen *ses_screen(const ses_session *s);

/* The current view; *page (when not NULL) gets the site page under it:
 * the page shown, or for help and results the page they were called
 * from. */
ses_view ses_current(const ses_session *s, int *page);

/* The message now on row 0, UTF-8, or "" when the status line shows. The
 * string belongs to the session and changes with the next key. */
const char *ses_message(const ses_session *s);

/* The last search: how many entries matched; ses_result gives the i-th
 * (0-based index into site->entries), in site order. */
size_t ses_result_count(const ses_session *s);
int ses_result(const ses_session *s, size_t i);

/* The key code (SES_KEY_*) of a key name as printed on the keyboard, in
 * capitals: ENVOI, RETOUR, REPETITION (or RÉPÉTITION), GUIDE, ANNULATION,
 * SOMMAIRE, CORRECTION, SUITE, CONNEXION (or FIN, CONNEXION/FIN); -1 for
 * any other string. */
int ses_key_code(const char *name);

/* The name of a key code ("ENVOI" ...), or NULL. Static string. */
const char *ses_key_name(int code);

#endif
