/* tools/view_window.h -- `minitel view` in a window: the OS glue between
 * a source of Videotex bytes and the emulator's window (emu/window.h).
 * No SDL here; files, sockets and messages on stderr are.
 *
 * Three sources: the browsing session of core/session.h over laid-out
 * pages; a .vdt file, shown page by page; a host (a Videotex service) on
 * a link: TCP, a serial port, a pseudo-terminal. Each opens a window, prints the key map on stderr, and runs
 * until the window is closed or CONNEXION/FIN (F10) ends the source.
 *
 * Every function returns an exit status of tools/util.h: 0, or 1 when
 * the window or the connection could not be opened or failed (a message
 * "minitel view: ..." was printed). */
#ifndef MINITEL_TOOLS_VIEW_WINDOW_H
#define MINITEL_TOOLS_VIEW_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "core/layout.h"
#include "view_link.h"
#include "videotex/screen.h"

/* Options of the window, as `minitel view` parses them. Start from
 * view_window_opts_init(), which sets the defaults. */
typedef struct view_window_opts {
	long speed;     /* --speed: baud (1200 4800 9600), 0 at once */
	int scale;      /* --scale: 1..EMU_WINDOW_SCALE_MAX */
	int colour;     /* --colour: colour palette (default grey) */
	int fullscreen; /* --fullscreen */
	/* Where F12 screenshots go; NULL: $MINITEL_SCREENSHOT_DIR when
	 * set, else the current directory. */
	const char *screenshot_dir;
	/* Nonzero: a last line on stderr with frames drawn, bytes shown
	 * and seconds open. */
	int verbose;
	/* When not NULL, a file that gets every byte the keyboard sends,
	 * as sent (appended; for tests and for debugging a service). */
	const char *keylog;
} view_window_opts;

/* Defaults: 1200 baud, scale 2, grey, windowed, no log. */
void view_window_opts_init(view_window_opts *o);

/* The value of --speed: 0 with the baud in *out for "1200", "4800",
 * "9600" or "0"; -1 for anything else. */
int view_window_speed(const char *s, long *out);

/* The value of --scale: 0 with the factor in *out for 1..8; else -1. */
int view_window_scale(const char *s, int *out);

/* Browses pages[0 .. site->npages-1] laid out as `site` (both borrowed
 * for the call) with a ses_session whose bytes paint the window and
 * whose keys come from it. Ends when the window is closed, or after the
 * goodbye page of CONNEXION/FIN has painted (and a short pause). */
int view_window_session(const vtx_screen *pages, const lay_site *site,
			const view_window_opts *o);

/* Shows a .vdt stream (`len` bytes, borrowed for the call; `name` for
 * the title) page by page: the stream is cut before each FF but the
 * first, and a page is what lies between two cuts. SUITE (Page Down)
 * shows the next page, RETOUR (Page Up) the previous one, SOMMAIRE
 * (Home) the first, REPETITION (F5) paints the page again, GUIDE (F1)
 * prints the key map; CONNEXION/FIN (F10) closes. Each page is painted
 * at the line speed from a terminal that has taken every byte before it
 * at once. */
int view_window_file(const uint8_t *bytes, size_t len, const char *name,
		     const view_window_opts *o);

/* The window as the Minitel at the end of link `v` (open; borrowed):
 * it shows what the host sends, at the port's speed (which follows the
 * host's PRO2 speed changes; o->speed 0 paints at once), answers the
 * host's protocol requests as the Minitel, and its keys go through the
 * Minitel's keyboard (capitals in the standard mode, local echo). Ends
 * when the host closes the link (once what it sent has painted), when the
 * window is closed, or 2 s after CONNEXION/FIN if the host has not closed
 * by then. */
int view_window_link(view_link *v, const view_window_opts *o);

/* view_window_link on "tcp:HOST:PORT" (or "HOST:PORT"), a Minitel 1B. */
int view_window_connect(const char *hostport, const view_window_opts *o);

#endif
