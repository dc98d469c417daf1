/* emu/window.h -- the emulator's window: a Minitel screen on the desktop.
 *
 * The only part of the project that uses SDL2 (house-style.md §7.1); no
 * SDL type appears here. A window owns a Videotex terminal (videotex/term)
 * and its screen. Bytes for the terminal are queued and applied at the
 * line speed, 10 bits a byte (videotex.md §1), so that a page paints as
 * on a real Minitel; each change is drawn with emu/render, scaled by a
 * whole factor and centred on black.
 *
 * The keyboard is a Minitel keyboard in Videotex mode (videotex.md §6):
 * what it sends goes to the host through cb->key, never to the terminal
 * by the window itself. Letters go in the case typed (the key cap, shift
 * included): a caller that plays a Minitel (videotex/minitel.h) applies
 * the keyboard's mode (capitals in the standard mode) and its local echo.
 *
 *   PC key                Minitel key      bytes
 *   Enter                 ENVOI            13 41
 *   Page Up               RETOUR           13 42
 *   F5                    REPETITION       13 43
 *   F1                    GUIDE            13 44
 *   Escape                ANNULATION       13 45
 *   Home                  SOMMAIRE         13 46
 *   Backspace             CORRECTION       13 47
 *   Page Down             SUITE            13 48
 *   F10                   CONNEXION/FIN    13 49
 *   typed text            letters, digits  ASCII as typed; à â ä ç è é ê
 *                                          ë î ï ô ö ù û ü as SS2 +
 *                                          diacritic + letter (é = 19 42
 *                                          65); other characters the
 *                                          Minitel has (£ ° ± ¼ ½ ¾ œ Œ
 *                                          ß ...) as SS2 + code; accented
 *                                          capitals as plain capitals;
 *                                          anything else dropped
 *
 * Window keys, never sent: F11 or Alt+Enter fullscreen, F2 grey/colour
 * palette, F3 reveal concealed text, F12 screenshot (a PNG of what the
 * window shows, read back from it), Ctrl+plus / Ctrl+minus the scale,
 * Ctrl+0 the scale asked for at the start. Resizing the window by hand
 * keeps a whole scale, centred on black.
 *
 * An idle window uses no CPU: the loop sleeps in SDL until an event, the
 * next bytes due at the line speed, the next blink of a blinking cell or
 * of the cursor, or the host's next tick. Not thread-safe: every call
 * from the thread that created the window. */
#ifndef EMU_WINDOW_H
#define EMU_WINDOW_H

#include <stddef.h>
#include <stdint.h>

#include "render.h"
#include "videotex/screen.h"
#include "videotex/term.h"

#define EMU_WINDOW_SCALE 2      /* the default scale */
#define EMU_WINDOW_SCALE_MAX 8  /* Ctrl+plus stops here */
#define EMU_WINDOW_SPEED 1200   /* baud: a Minitel's own at power-on */

/* The key map above as a few lines of text, two columns of "PC key  what
 * it does", each line indented by two spaces and ended by a newline: for
 * --help and a hint on stderr. Static string. */
const char *emu_window_keymap(void);

typedef struct emu_window emu_window; /* opaque: SDL state, terminal */

typedef struct emu_window_opts {
	int scale;           /* 1..EMU_WINDOW_SCALE_MAX; 0: the default */
	emu_palette palette; /* at the start; F2 toggles */
	long speed;          /* line speed in baud (>= 0); 0: bytes at once */
	int fullscreen;      /* nonzero: start fullscreen (desktop size) */
	const char *title;   /* window title; NULL: "minitel" */
	/* Where F12 writes its PNG files (minitel-YYYYMMDD-HHMMSS-N.png);
	 * NULL: the current directory. */
	const char *screenshot_dir;
	/* Messages for people, NUL-terminated, borrowed for the call: why
	 * the window could not open, each screenshot written or not. May
	 * be NULL. */
	void (*log)(const char *msg, void *user);
	void *log_user; /* the log's `user` */
	/* When not NULL, the terminal the window shows and feeds, instead
	 * of one of its own, with the screen it draws on (both borrowed:
	 * they must outlive the window; the terminal is not reset). For a
	 * Minitel of videotex/minitel.h, whose protocol answers then come
	 * as the window applies the host's bytes. */
	vtx_term *term;
	vtx_screen *screen;
} emu_window_opts;

/* Opens a window showing a power-on screen. `o` is read during the call
 * only (the strings are copied); NULL means every default. Returns 0 with
 * the window in *out, -ENOMEM, -EINVAL (an option out of range), or
 * -ENODEV when SDL has no display to offer (the reason goes to o->log;
 * SDL's invisible "offscreen" and "dummy" drivers count as none unless
 * SDL_VIDEODRIVER names them). At most one window at a time. */
int emu_window_new(const emu_window_opts *o, emu_window **out);

/* Closes the window and frees everything. emu_window_free(NULL) is a
 * no-op. */
void emu_window_free(emu_window *w);

/* Queues `n` bytes (borrowed for the call) for the terminal; they are
 * applied at the line speed while emu_window_run runs, after the bytes
 * already queued. Returns 0 or -ENOMEM (nothing queued then). */
int emu_window_feed(emu_window *w, const uint8_t *bytes, size_t n);

/* Drops the queue, puts the terminal in its power-on state and applies
 * `n` bytes (borrowed; may be 0) to it at once, unpainted: a viewer that
 * jumps to page k of a stream replays what came before it, then feeds
 * page k. */
void emu_window_reset(emu_window *w, const uint8_t *bytes, size_t n);

/* The line speed from now on (baud >= 0; 0: at once). Called while the
 * window applies bytes (a terminal's speed change), it takes effect for
 * the bytes after those. */
void emu_window_set_speed(emu_window *w, long baud);

/* Bytes queued and not yet applied. */
size_t emu_window_pending(const emu_window *w);

/* The terminal's screen as the window shows it now. Valid until the next
 * call on the window. */
const vtx_screen *emu_window_screen(const emu_window *w);

/* Replaces the window title (UTF-8, borrowed for the call). */
void emu_window_set_title(emu_window *w, const char *title);

/* Asks emu_window_run to return at its next turn (from a callback). */
void emu_window_close(emu_window *w);

/* Frames drawn (presented) since the window opened: a measure of how
 * often the window woke up to draw. */
unsigned long emu_window_frames(const emu_window *w);

/* What the host hears from the window. */
typedef struct emu_window_callbacks {
	/* The bytes one key sends (SEP + code, a character, SS2 + ...);
	 * borrowed for the call. It may feed the terminal (a local echo):
	 * the window redraws after it. May be NULL. */
	void (*key)(const uint8_t *bytes, size_t n, void *user);
	/* Called at each turn of the loop (after the events, before
	 * drawing), with the milliseconds of a monotonic clock. Returns
	 * EMU_TICK_STOP to end emu_window_run, EMU_TICK_IDLE to be called
	 * again only at the next turn (whatever wakes the window), or a
	 * number of milliseconds n > 0 within which to be called again
	 * (e.g. to poll a socket). May be NULL. */
	int (*tick)(emu_window *w, unsigned long now_ms, void *user);
} emu_window_callbacks;

enum { EMU_TICK_STOP = -1, EMU_TICK_IDLE = 0 };

/* Runs the event loop until the window is closed (its close button, or
 * Ctrl+C), cb->tick returns EMU_TICK_STOP or emu_window_close is called.
 * `cb` may be NULL. Returns 0. */
int emu_window_run(emu_window *w, const emu_window_callbacks *cb,
		   void *user);

/* Milliseconds of the clock that cb->tick receives. */
unsigned long emu_window_now(void);

#endif
