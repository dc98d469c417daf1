/* emu/window.c -- the emulator's window, with SDL2: the only SDL code of
 * the project (house-style.md §7.1).
 *
 * A window holds a vtx_term fed from a queue. The queue is drained at the
 * line speed: a "run" starts when bytes arrive at an empty queue, and at
 * time t into the run, t x speed / 10 bytes (7E1 framing, 10 bits a byte,
 * videotex.md §1) are due; whatever is due is applied, then the frame is
 * drawn. Drawing is emu_render at scale 1 into a 320 x 250 texture that
 * SDL magnifies by the largest whole factor that fits the window
 * (nearest-pixel sampling), centred on black: every screen pixel becomes
 * k x k window pixels, as on the golden images of emu/render.
 *
 * The loop never spins. It sleeps in SDL_WaitEventTimeout until the
 * earliest of: an event; the next bytes due (at most one frame every
 * FRAME_MS while a page paints); the next half-period of the blink, when
 * a cell blinks; the next half-period of the cursor, when it shows; the
 * host's next tick, when it asked for one. A still page with no blinking
 * cell and no cursor sleeps until an event comes, and is not redrawn.
 *
 * The terminal is the window's own, or one the caller lends (a Minitel
 * of videotex/minitel.h, which answers the host's protocol requests as
 * the window applies them). Not done here: the bell (ignored), sound, the
 * Minitel's 80-column modes. */
#include "window.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include <SDL.h>
#include <X11/Xlib.h>
#include <X11/Xproto.h>
#include <stb_image_write.h>

#include "videotex/charset.h"
#include "videotex/term.h"

/* At most a frame every 20 ms while a page paints: the 50 Hz of the
 * Minitel's own picture; more would only cost CPU. */
#define FRAME_MS 20u
#define CURSOR_HALF_MS 500u /* the cursor shows 0.5 s, hides 0.5 s */
#define BITS_PER_BYTE 10u   /* 7E1: start, 7 data, parity, stop */
#define PIXEL_BYTES 4
#define MESSAGE_MAX 512
#define PATH_MAX_LEN 4096

/* Function keys: the byte after SEP (videotex.md §6). */
enum {
	KEY_ENVOI = 0x41,
	KEY_RETOUR = 0x42,
	KEY_REPETITION = 0x43,
	KEY_GUIDE = 0x44,
	KEY_ANNULATION = 0x45,
	KEY_SOMMAIRE = 0x46,
	KEY_CORRECTION = 0x47,
	KEY_SUITE = 0x48,
	KEY_CONNEXION = 0x49 /* CONNEXION/FIN */
};

struct emu_window {
	SDL_Window *win;
	SDL_Renderer *ren;
	SDL_Texture *tex;
	uint8_t *frame; /* emu_render output at scale 1 */

	vtx_screen own_screen;
	vtx_screen *screen;    /* own_screen, or the caller's */
	vtx_term *term;
	int own_term;          /* term is ours to free */

	uint8_t *queue; /* bytes for the terminal: [head, len) pending */
	size_t head, len, cap;
	long speed;            /* baud; 0: at once */
	long next_speed;       /* emu_window_set_speed: from the next bytes */
	unsigned long run_t0;  /* when the current run started */
	size_t run_applied;    /* bytes applied since run_t0 */

	emu_view view;         /* palette, reveal, blink and cursor phases */
	int start_scale, scale; /* asked for; now asked for (Ctrl+/-) */
	int fullscreen;
	int blinks;            /* some cell of the screen blinks */
	int dirty, closed;
	unsigned long frames;

	char *shot_dir;
	int shots;             /* screenshots taken (file names) */
	int shot_wanted;       /* F12: at the next frame */

	void (*log)(const char *msg, void *user);
	void *log_user;
	const emu_window_callbacks *cb;
	void *user;
};

static const char keymap[] =
	"  Enter        ENVOI          Page Down    SUITE\n"
	"  Page Up      RETOUR         Home         SOMMAIRE\n"
	"  F1           GUIDE          F5           REPETITION\n"
	"  Escape       ANNULATION     Backspace    CORRECTION\n"
	"  F10          CONNEXION/FIN\n"
	"  F11, Alt+Enter  fullscreen  F2  grey/colour   F3  reveal\n"
	"  F12          screenshot     Ctrl +/-/0   scale\n";

const char *emu_window_keymap(void)
{
	return keymap;
}

/* printf to the log callback. */
#if defined(__GNUC__) || defined(__clang__)
__attribute__((format(printf, 2, 3)))
#endif
static void say(const emu_window *w, const char *fmt, ...)
{
	char msg[MESSAGE_MAX];
	va_list ap;

	if (!w->log)
		return;
	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	w->log(msg, w->log_user);
}

unsigned long emu_window_now(void)
{
	return (unsigned long)SDL_GetTicks64();
}

/*** The queue and the line speed ***/

int emu_window_feed(emu_window *w, const uint8_t *bytes, size_t n)
{
	if (n == 0)
		return 0;
	if (w->head == w->len) { /* a new run: its clock starts now */
		w->head = w->len = 0;
		w->run_t0 = emu_window_now();
		w->run_applied = 0;
	}
	if (w->len + n > w->cap) {
		size_t cap = w->cap ? w->cap : 4096;
		uint8_t *q;

		if (w->head > 0) { /* reclaim what was applied first */
			memmove(w->queue, w->queue + w->head, w->len - w->head);
			w->len -= w->head;
			w->head = 0;
		}
		while (cap < w->len + n)
			cap *= 2;
		if (cap > w->cap) {
			if (!(q = realloc(w->queue, cap)))
				return -ENOMEM;
			w->queue = q;
			w->cap = cap;
		}
	}
	memcpy(w->queue + w->len, bytes, n);
	w->len += n;
	return 0;
}

size_t emu_window_pending(const emu_window *w)
{
	return w->len - w->head;
}

/* Whether any cell blinks: only then does the blink need frames. */
static int screen_blinks(const vtx_screen *s)
{
	for (int r = 0; r < VTX_ROWS; r++)
		for (int c = 0; c < VTX_COLS; c++)
			if (s->cells[r][c].attr & VTX_ATTR_BLINK)
				return 1;
	return 0;
}

static void apply(emu_window *w, const uint8_t *bytes, size_t n)
{
	vtx_term_feed(w->term, bytes, n);
	w->blinks = screen_blinks(w->screen);
	w->dirty = 1;
}

void emu_window_reset(emu_window *w, const uint8_t *bytes, size_t n)
{
	w->head = w->len = 0;
	vtx_term_reset(w->term);
	if (n > 0)
		vtx_term_feed(w->term, bytes, n);
	w->blinks = screen_blinks(w->screen);
	w->dirty = 1;
}

/* Bytes due by `now` in the current run. */
static size_t due(const emu_window *w, unsigned long now)
{
	unsigned long long ms = now - w->run_t0;
	unsigned long long total = ms * (unsigned long long)w->speed /
				   (BITS_PER_BYTE * 1000ull);
	size_t pending = emu_window_pending(w);

	if (w->speed == 0 || total >= w->run_applied + pending)
		return pending;
	return (size_t)(total - w->run_applied);
}

static void apply_due(emu_window *w, unsigned long now)
{
	size_t n = due(w, now);

	if (n == 0)
		return;
	apply(w, w->queue + w->head, n);
	w->head += n;
	w->run_applied += n;
	if (w->next_speed != w->speed) {
		/* The terminal switched speed among those bytes (a PRO2
		 * PROG): the rest of the queue is a new run at the new
		 * speed. */
		w->speed = w->next_speed;
		w->run_t0 = now;
		w->run_applied = 0;
	}
}

void emu_window_set_speed(emu_window *w, long baud)
{
	w->next_speed = baud < 0 ? 0 : baud;
	if (emu_window_pending(w) == 0) /* no run: at once */
		w->speed = w->next_speed;
}

/* Milliseconds until the next byte of the queue is due. */
static unsigned long next_byte_ms(const emu_window *w, unsigned long now)
{
	unsigned long long at;

	if (w->speed == 0)
		return 0;
	/* The time at which byte run_applied + 1 is due, rounded up. */
	at = ((unsigned long long)w->run_applied + 1) * BITS_PER_BYTE * 1000ull;
	at = (at + (unsigned long long)w->speed - 1) /
	     (unsigned long long)w->speed;
	at += w->run_t0;
	return at > now ? (unsigned long)(at - now) : 0;
}

/*** Drawing ***/

/* The whole factor and the rectangle of the screen in the window's
 * drawable area: the largest that fits, centred. */
static int fit(const emu_window *w, SDL_Rect *dst)
{
	int ow = EMU_WIDTH, oh = EMU_HEIGHT, k;

	if (SDL_GetRendererOutputSize(w->ren, &ow, &oh) != 0)
		SDL_GetWindowSize(w->win, &ow, &oh);
	k = ow / EMU_WIDTH < oh / EMU_HEIGHT ? ow / EMU_WIDTH
					     : oh / EMU_HEIGHT;
	if (k < 1)
		k = 1;
	dst->w = EMU_WIDTH * k;
	dst->h = EMU_HEIGHT * k;
	dst->x = (ow - dst->w) / 2;
	dst->y = (oh - dst->h) / 2;
	return k;
}

/* DIR/minitel-YYYYMMDD-HHMMSS-N.png, N the first number free. */
static int shot_path(emu_window *w, char *path, size_t size)
{
	char stamp[32];
	time_t t = time(NULL);
	struct tm tm;

	if (!localtime_r(&t, &tm) ||
	    !strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", &tm))
		snprintf(stamp, sizeof stamp, "%lld", (long long)t);
	for (;;) {
		int n = snprintf(path, size, "%s/minitel-%s-%d.png",
				 w->shot_dir, stamp, ++w->shots);

		if (n < 0 || (size_t)n >= size)
			return -ENAMETOOLONG;
		if (access(path, F_OK) != 0)
			return 0;
	}
}

/* The screen as the window shows it, read back from the renderer: the
 * rectangle `dst` (factor k) of the frame being drawn. Should the
 * renderer not read back, emu_render draws the same at factor k. */
static uint8_t *shot_pixels(emu_window *w, const SDL_Rect *dst, int k)
{
	emu_view v = w->view;
	uint8_t *rgba = malloc(emu_frame_size(k));

	if (rgba && SDL_RenderReadPixels(w->ren, dst, SDL_PIXELFORMAT_RGBA32,
					 rgba, dst->w * PIXEL_BYTES) != 0) {
		say(w, "screenshot: no read-back (%s), drawn again",
		    SDL_GetError());
		v.scale = k;
		emu_render(w->screen, &v, rgba);
	}
	return rgba;
}

/* What the window shows to a PNG file, written under a temporary name,
 * then renamed: a reader never sees half a picture. */
static void screenshot(emu_window *w, const SDL_Rect *dst, int k)
{
	char path[PATH_MAX_LEN], tmp[PATH_MAX_LEN + 8];
	uint8_t *rgba;
	int ok;

	if (shot_path(w, path, sizeof path) < 0) {
		say(w, "screenshot: folder name too long");
		return;
	}
	snprintf(tmp, sizeof tmp, "%s.tmp", path);
	if (!(rgba = shot_pixels(w, dst, k))) {
		say(w, "screenshot: out of memory");
		return;
	}
	ok = stbi_write_png(tmp, dst->w, dst->h, PIXEL_BYTES, rgba,
			    dst->w * PIXEL_BYTES);
	free(rgba);
	if (ok && rename(tmp, path) == 0) {
		say(w, "screenshot %s (%dx%d)", path, dst->w, dst->h);
		return;
	}
	say(w, "screenshot %s: %s", path, ok ? strerror(errno)
					      : "cannot write");
	remove(tmp);
}

static void draw(emu_window *w)
{
	emu_view v = w->view;
	SDL_Rect dst;
	int k;

	v.scale = 1;
	emu_render(w->screen, &v, w->frame);
	SDL_UpdateTexture(w->tex, NULL, w->frame, EMU_WIDTH * PIXEL_BYTES);
	k = fit(w, &dst);
	SDL_SetRenderDrawColor(w->ren, 0, 0, 0, 255);
	SDL_RenderClear(w->ren);
	SDL_RenderCopy(w->ren, w->tex, NULL, &dst);
	if (w->shot_wanted) { /* F12: this very frame */
		w->shot_wanted = 0;
		screenshot(w, &dst, k);
	}
	SDL_RenderPresent(w->ren);
	w->frames++;
	w->dirty = 0;
}

/* The blink and cursor phases at `now`; the frame is redrawn only when a
 * phase that shows on the screen changed. */
static void update_phases(emu_window *w, unsigned long now)
{
	int blink = emu_blink_phase(now);
	int cursor = (now / CURSOR_HALF_MS) % 2 == 0;

	if ((blink != w->view.blink_on && w->blinks) ||
	    (cursor != w->view.cursor && w->screen->cursor_on))
		w->dirty = 1;
	w->view.blink_on = blink;
	w->view.cursor = cursor;
}

/* How long the loop may sleep: -1 for "until an event". */
static long next_wake(const emu_window *w, unsigned long now, int tick)
{
	unsigned long half = EMU_BLINK_PERIOD_MS / 2, ms = (unsigned long)-1;

	if (emu_window_pending(w) > 0) {
		ms = next_byte_ms(w, now);
		if (ms < FRAME_MS && w->speed > 0)
			ms = FRAME_MS;
	}
	if (w->blinks && half - now % half < ms)
		ms = half - now % half;
	if (w->screen->cursor_on && CURSOR_HALF_MS - now % CURSOR_HALF_MS < ms)
		ms = CURSOR_HALF_MS - now % CURSOR_HALF_MS;
	if (tick > 0 && (unsigned long)tick < ms)
		ms = (unsigned long)tick;
	return ms == (unsigned long)-1 ? -1 : (long)ms;
}

/*** Keys ***/

static void send_key(emu_window *w, const uint8_t *bytes, size_t n)
{
	if (n > 0 && w->cb && w->cb->key) {
		w->cb->key(bytes, n, w->user);
		/* A lent terminal may have echoed the key (local echo). */
		w->blinks = screen_blinks(w->screen);
		w->dirty = 1;
	}
}

/* The Minitel function key of a PC key, or 0. */
static uint8_t function_key(SDL_Keycode sym)
{
	switch (sym) {
	case SDLK_RETURN:
	case SDLK_KP_ENTER: return KEY_ENVOI;
	case SDLK_PAGEUP: return KEY_RETOUR;
	case SDLK_F5: return KEY_REPETITION;
	case SDLK_F1: return KEY_GUIDE;
	case SDLK_ESCAPE: return KEY_ANNULATION;
	case SDLK_HOME: return KEY_SOMMAIRE;
	case SDLK_BACKSPACE: return KEY_CORRECTION;
	case SDLK_PAGEDOWN: return KEY_SUITE;
	case SDLK_F10: return KEY_CONNEXION;
	default: return 0;
	}
}

static void set_scale(emu_window *w, int scale)
{
	SDL_Rect b;

	/* No larger than the screen the window is on. */
	if (SDL_GetDisplayUsableBounds(SDL_GetWindowDisplayIndex(w->win),
				       &b) == 0)
		while (scale > 1 && (EMU_WIDTH * scale > b.w ||
				     EMU_HEIGHT * scale > b.h))
			scale--;
	if (scale < 1 || scale > EMU_WINDOW_SCALE_MAX)
		return;
	w->scale = scale;
	if (!w->fullscreen)
		SDL_SetWindowSize(w->win, EMU_WIDTH * scale,
				  EMU_HEIGHT * scale);
	w->dirty = 1;
}

static void toggle_fullscreen(emu_window *w)
{
	w->fullscreen = !w->fullscreen;
	SDL_SetWindowFullscreen(w->win, w->fullscreen
					? SDL_WINDOW_FULLSCREEN_DESKTOP : 0);
	if (!w->fullscreen) /* back to the scale, which Ctrl+/- may change */
		SDL_SetWindowSize(w->win, EMU_WIDTH * w->scale,
				  EMU_HEIGHT * w->scale);
	w->dirty = 1;
}

enum {
	WIN_NONE,
	WIN_FULLSCREEN,
	WIN_PALETTE,
	WIN_REVEAL,
	WIN_SCREENSHOT,
	WIN_BIGGER,
	WIN_SMALLER,
	WIN_START_SCALE
};

/* The window's own key (WIN_*) that `k` is, or WIN_NONE. */
static int window_key(const SDL_Keysym *k)
{
	int ctrl = (k->mod & KMOD_CTRL) != 0;

	switch (k->sym) {
	case SDLK_F11: return WIN_FULLSCREEN;
	case SDLK_RETURN:
	case SDLK_KP_ENTER:
		return k->mod & KMOD_ALT ? WIN_FULLSCREEN : WIN_NONE;
	case SDLK_F2: return WIN_PALETTE;
	case SDLK_F3: return WIN_REVEAL;
	case SDLK_F12: return WIN_SCREENSHOT;
	case SDLK_PLUS:
	case SDLK_EQUALS: /* the key of + on US and UK layouts */
	case SDLK_KP_PLUS: return ctrl ? WIN_BIGGER : WIN_NONE;
	case SDLK_MINUS:
	case SDLK_KP_MINUS: return ctrl ? WIN_SMALLER : WIN_NONE;
	case SDLK_0:
	case SDLK_KP_0: return ctrl ? WIN_START_SCALE : WIN_NONE;
	default: return WIN_NONE;
	}
}

static void window_action(emu_window *w, int action)
{
	switch (action) {
	case WIN_FULLSCREEN: toggle_fullscreen(w); break;
	case WIN_PALETTE:
		w->view.palette = w->view.palette == EMU_PALETTE_GREY
					  ? EMU_PALETTE_COLOUR
					  : EMU_PALETTE_GREY;
		w->dirty = 1;
		break;
	case WIN_REVEAL:
		w->view.reveal = !w->view.reveal;
		w->dirty = 1;
		break;
	case WIN_SCREENSHOT:
		w->shot_wanted = 1;
		w->dirty = 1;
		break;
	case WIN_BIGGER: set_scale(w, w->scale + 1); break;
	case WIN_SMALLER: set_scale(w, w->scale - 1); break;
	case WIN_START_SCALE: set_scale(w, w->start_scale); break;
	default: break;
	}
}

static void on_keydown(emu_window *w, const SDL_KeyboardEvent *k)
{
	int action = window_key(&k->keysym);
	uint8_t code;

	if (action != WIN_NONE) {
		if (!k->repeat) /* a held key toggles once */
			window_action(w, action);
		return;
	}
	code = function_key(k->keysym.sym);
	/* The Minitel keyboard does not repeat (videotex.md §6); a held
	 * Backspace still erases one character after another, as people
	 * expect of it. */
	if (code && (!k->repeat || code == KEY_CORRECTION)) {
		const uint8_t sep[2] = {VTX_C0_SEP, code};

		send_key(w, sep, sizeof sep);
	}
}

/* The base letters of Latin-1 U+00C0..U+00FF (0: no letter), for the
 * accented letters the Minitel lacks: all the capitals (videotex.md §5:
 * it has no accented capital) and the small letters it has no accent
 * for (á ñ ...). */
static const char latin1_base[] = "AAAAAAACEEEEIIIIDNOOOOO\0OUUUUY\0s"
				  "aaaaaaaceeeeiiiidnooooo\0ouuuuy\0y";

/* An ASCII character for `cp`, or 0: typographic forms that a text
 * input gives for ASCII ones, and base letters. */
static uint32_t plain_ascii(uint32_t cp)
{
	switch (cp) {
	case 0x00A0: return ' ';  /* no-break space */
	case 0x2018:              /* left single quotation mark */
	case 0x2019: return '\''; /* right single quotation mark */
	case 0x201C:              /* left double quotation mark */
	case 0x201D: return '"';  /* right double quotation mark */
	case 0x2010:              /* hyphen */
	case 0x2013:              /* en dash */
	case 0x2014: return '-';  /* em dash */
	case 0x0152: return 'O';  /* Œ, when G2 has not got it */
	case 0x0178: return 'Y';  /* Ÿ */
	default: break;
	}
	if (cp >= 0xC0 && cp <= 0xFF)
		return (uint32_t)(unsigned char)latin1_base[cp - 0xC0];
	return 0;
}

/* What the keyboard sends for character `cp`: at most 3 bytes in `out`,
 * their count returned; 0 for a character it has no key for. */
static size_t key_char(uint32_t cp, uint8_t out[3])
{
	size_t n;

	if (cp >= VTX_SP && cp < VTX_DEL) { /* ASCII as typed */
		out[0] = (uint8_t)cp;
		return 1;
	}
	if (cp < 0xA0)
		return 0; /* controls: the keys above send those */
	/* Accented small letters: SS2 + diacritic + letter; symbols of G2
	 * (£ ° ± ¼ œ ß ...): SS2 + code. A G0 code whose glyph is not the
	 * ASCII one (↑ ← ...) is no key of the keyboard. */
	n = vtx_charset_encode(cp, out);
	if (n >= 2)
		return n;
	out[0] = (uint8_t)plain_ascii(cp);
	return out[0] ? 1 : 0;
}

/* One character of UTF-8 text from `s` (NUL-terminated): its length,
 * with the character in *cp. A byte that does not start a valid sequence
 * is taken as Latin-1, which is what SDL passes on from an X server
 * without an input method in the C locale. */
static size_t utf8_next(const unsigned char *s, uint32_t *cp)
{
	size_t n = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : s[0] >= 0xC2 ? 2 : 1;
	uint32_t c = n == 4 ? s[0] & 0x07u : n == 3 ? s[0] & 0x0Fu
				: n == 2 ? s[0] & 0x1Fu : s[0];

	if (s[0] >= 0x80 && n == 1)
		n = 0; /* a continuation byte, or C0/C1 overlong */
	for (size_t i = 1; i < n; i++) {
		if ((s[i] & 0xC0) != 0x80) {
			n = 0;
			break;
		}
		c = c << 6 | (s[i] & 0x3Fu);
	}
	if (n == 0 || s[0] >= 0xF5 || (n == 3 && c < 0x800) ||
	    (n == 4 && (c < 0x10000 || c > 0x10FFFF))) {
		*cp = s[0];
		return 1;
	}
	*cp = c;
	return n;
}

static void on_text(emu_window *w, const char *text)
{
	const unsigned char *s = (const unsigned char *)text;

	/* Ctrl and Alt combinations are window keys, not text (AltGr,
	 * which some layouts need for @ or #, still types). */
	if (SDL_GetModState() & (KMOD_CTRL | KMOD_LALT))
		return;
	while (*s) {
		uint8_t b[3];
		uint32_t cp;

		s += utf8_next(s, &cp);
		send_key(w, b, key_char(cp, b));
	}
}

/*** The loop ***/

static void on_window_event(emu_window *w, const SDL_WindowEvent *e)
{
	SDL_Rect dst;

	switch (e->event) {
	case SDL_WINDOWEVENT_CLOSE: w->closed = 1; break;
	case SDL_WINDOWEVENT_SIZE_CHANGED:
		/* A window resized by hand: Ctrl+/- go on from the factor
		 * it now shows. */
		if (!w->fullscreen)
			w->scale = fit(w, &dst);
		w->dirty = 1;
		break;
	case SDL_WINDOWEVENT_SHOWN:
	case SDL_WINDOWEVENT_EXPOSED:
	case SDL_WINDOWEVENT_RESIZED:
	case SDL_WINDOWEVENT_MAXIMIZED:
	case SDL_WINDOWEVENT_RESTORED: w->dirty = 1; break;
	default: break;
	}
}

static void on_event(emu_window *w, const SDL_Event *ev)
{
	switch (ev->type) {
	case SDL_QUIT: w->closed = 1; break;
	case SDL_WINDOWEVENT: on_window_event(w, &ev->window); break;
	case SDL_KEYDOWN: on_keydown(w, &ev->key); break;
	case SDL_TEXTINPUT: on_text(w, ev->text.text); break;
	case SDL_RENDER_TARGETS_RESET:
	case SDL_RENDER_DEVICE_RESET: w->dirty = 1; break;
	default: break;
	}
}

/* Sleeps until an event or `ms` milliseconds (-1: no limit), then takes
 * every event that is waiting. */
static void wait_events(emu_window *w, long ms)
{
	SDL_Event ev;
	int got = ms < 0 ? SDL_WaitEvent(&ev)
			 : SDL_WaitEventTimeout(&ev, ms > INT32_MAX
							     ? INT32_MAX
							     : (int)ms);

	if (!got)
		return;
	do
		on_event(w, &ev);
	while (!w->closed && SDL_PollEvent(&ev));
}

int emu_window_run(emu_window *w, const emu_window_callbacks *cb,
		   void *user)
{
	int tick = EMU_TICK_IDLE;

	w->cb = cb;
	w->user = user;
	w->closed = 0;
	w->dirty = 1;
	while (!w->closed) {
		unsigned long now = emu_window_now();

		apply_due(w, now);
		if (cb && cb->tick)
			tick = cb->tick(w, now, user);
		if (tick == EMU_TICK_STOP || w->closed)
			break;
		update_phases(w, now);
		if (w->dirty)
			draw(w);
		wait_events(w, next_wake(w, emu_window_now(), tick));
	}
	w->cb = NULL;
	w->user = NULL;
	return 0;
}

void emu_window_close(emu_window *w)
{
	w->closed = 1;
}

const vtx_screen *emu_window_screen(const emu_window *w)
{
	return w->screen;
}

unsigned long emu_window_frames(const emu_window *w)
{
	return w->frames;
}

void emu_window_set_title(emu_window *w, const char *title)
{
	SDL_SetWindowTitle(w->win, title);
}

/*** Opening and closing ***/

/* Whether SDL fell back on a driver that shows nothing (no X11 or
 * Wayland display, e.g. over ssh): a window nobody sees would wait for
 * keys forever. Asked for by name (SDL_VIDEODRIVER), it is allowed. */
static int invisible(void)
{
	const char *d = SDL_GetCurrentVideoDriver();

	return d && (strcmp(d, "offscreen") == 0 || strcmp(d, "dummy") == 0);
}

/* SDL 2.26 (Debian 12) wakes a thread waiting in SDL_WaitEventTimeout by
 * sending the window a ClientMessage from a second X connection, also for
 * the events that thread queues itself while it waits. When the window
 * is destroyed just after (CONNEXION/FIN, a closed window), the X server
 * may handle the destruction first; the late XSendEvent then fails with
 * BadWindow, which Xlib's default handler turns into exit(1) -- a clean
 * exit reported as a failure. That error is harmless and ignored; every
 * other error goes to the handler that was there before. */
static int (*x_previous)(Display *, XErrorEvent *);

static int x_error(Display *d, XErrorEvent *e)
{
	if (e->error_code == BadWindow && e->request_code == X_SendEvent)
		return 0;
	return x_previous ? x_previous(d, e) : 0;
}

static int open_sdl(emu_window *w, const char *title)
{
	Uint32 flags = SDL_WINDOW_RESIZABLE;

	/* A window left open must not keep the screen saver away. */
	SDL_SetHint(SDL_HINT_VIDEO_ALLOW_SCREENSAVER, "1");
	SDL_SetHint(SDL_HINT_RENDER_SCALE_QUALITY, "nearest");
	if (SDL_InitSubSystem(SDL_INIT_VIDEO) != 0)
		return -ENODEV;
	if (!SDL_getenv("SDL_VIDEODRIVER") && invisible()) {
		SDL_SetError("no display (DISPLAY and WAYLAND_DISPLAY unset?)");
		return -ENODEV;
	}
	if (strcmp(SDL_GetCurrentVideoDriver(), "x11") == 0 &&
	    x_previous == NULL)
		x_previous = XSetErrorHandler(x_error);
	if (w->fullscreen)
		flags |= SDL_WINDOW_FULLSCREEN_DESKTOP;
	w->win = SDL_CreateWindow(title, SDL_WINDOWPOS_CENTERED,
				  SDL_WINDOWPOS_CENTERED, EMU_WIDTH * w->scale,
				  EMU_HEIGHT * w->scale, flags);
	if (!w->win)
		return -ENODEV;
	SDL_SetWindowMinimumSize(w->win, EMU_WIDTH, EMU_HEIGHT);
	w->ren = SDL_CreateRenderer(w->win, -1, 0);
	if (!w->ren) /* no accelerated driver: the software one */
		w->ren = SDL_CreateRenderer(w->win, -1,
					    SDL_RENDERER_SOFTWARE);
	if (w->ren)
		w->tex = SDL_CreateTexture(w->ren, SDL_PIXELFORMAT_RGBA32,
					   SDL_TEXTUREACCESS_STREAMING,
					   EMU_WIDTH, EMU_HEIGHT);
	if (!w->tex)
		return -ENODEV;
	SDL_StartTextInput();
	return 0;
}

int emu_window_new(const emu_window_opts *o, emu_window **out)
{
	static const emu_window_opts defaults = {0};
	emu_window *w;
	int ret;

	*out = NULL;
	o = o ? o : &defaults;
	if (o->scale < 0 || o->scale > EMU_WINDOW_SCALE_MAX || o->speed < 0 ||
	    (unsigned)o->palette >= EMU_PALETTE_COUNT ||
	    (o->term && !o->screen))
		return -EINVAL;
	if (!(w = calloc(1, sizeof *w)))
		return -ENOMEM;
	w->log = o->log;
	w->log_user = o->log_user;
	w->speed = w->next_speed = o->speed;
	w->start_scale = w->scale = o->scale ? o->scale : EMU_WINDOW_SCALE;
	w->fullscreen = o->fullscreen != 0;
	w->view.palette = o->palette;
	w->frame = malloc(emu_frame_size(1));
	w->shot_dir = strdup(o->screenshot_dir ? o->screenshot_dir : ".");
	if (o->term) { /* lent: it keeps the state it has */
		w->term = o->term;
		w->screen = o->screen;
	} else {
		w->screen = &w->own_screen;
		vtx_screen_init(w->screen);
		w->term = vtx_term_new(w->screen, NULL, NULL);
		w->own_term = 1;
	}
	if (!w->frame || !w->shot_dir || !w->term) {
		emu_window_free(w);
		return -ENOMEM;
	}
	if (w->own_term)
		vtx_term_reset(w->term);
	w->blinks = screen_blinks(w->screen);
	ret = open_sdl(w, o->title ? o->title : "minitel");
	if (ret < 0) {
		say(w, "cannot open a window: %s", SDL_GetError());
		emu_window_free(w);
		return ret;
	}
	*out = w;
	return 0;
}

void emu_window_free(emu_window *w)
{
	if (!w)
		return;
	if (w->tex)
		SDL_DestroyTexture(w->tex);
	if (w->ren)
		SDL_DestroyRenderer(w->ren);
	if (w->win)
		SDL_DestroyWindow(w->win);
	SDL_Quit(); /* also when the video subsystem failed half-way */
	if (w->own_term)
		vtx_term_free(w->term);
	free(w->frame);
	free(w->queue);
	free(w->shot_dir);
	free(w);
}
