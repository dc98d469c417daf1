/* tools/view_link.h -- `minitel view` as the Minitel at the end of a
 * link: an emulated Minitel (videotex/minitel.h) whose DIN port is a
 * lnk_link (link/link.h) -- a TCP service it connects to, a serial port
 * or pseudo-terminal, or a TCP client it waits for. The host's bytes are
 * fed to the Minitel by the caller (at once, or paced by a window); its
 * answers and keys are written to the link; a speed change (PRO2 PROG)
 * switches the link. Shared by the window (view_window.c) and --headless
 * (view.c). Messages for people go to stderr as "minitel view: ...". */
#ifndef MINITEL_TOOLS_VIEW_LINK_H
#define MINITEL_TOOLS_VIEW_LINK_H

#include <stdio.h>
#include <sys/types.h>

#include "link/link.h"
#include "videotex/buf.h"
#include "videotex/minitel.h"

typedef struct view_link_opts {
	/* Exactly one: --connect tcp:HOST:PORT (or HOST:PORT), --port
	 * DEVICE, --listen tcp:PORT (waits for one host to connect). */
	const char *connect, *port, *listen;
	const vtx_minitel_id *model; /* --model; NULL: the 1B */
	lnk_parity parity;           /* --parity */
	/* The port's speed at the start, as set by the user's Fnct P
	 * (300, 1200, 4800, 9600); 0: 1200, the power-on speed. */
	int speed;
} view_link_opts;

typedef struct view_link {
	lnk_link *lnk;
	vtx_minitel *m;
	vtx_screen screen;   /* what the Minitel shows */
	char name[256];      /* the link, for messages and titles */
	int gone;            /* the host closed, or the link broke */
	int failed;          /* an error was told: the view exits 1 */
	vtx_buf received;    /* every byte from the host (--record) */
	size_t sent;         /* bytes written to the host */
	FILE *keylog;        /* when not NULL: the keys' bytes as sent */
	int verbose;         /* speed changes told on stderr */
	/* Called after the port switched speed; may be NULL. */
	void (*on_speed)(int baud, void *user);
	void *hook_user;
	int in_key;          /* inside view_link_key */
} view_link;

/* --parity: "hw", "soft" or "auto" into *out; -1 for anything else. */
int view_link_parity(const char *s, lnk_parity *out);

/* Opens the link of `o` (for --listen: waits for the host, telling the
 * port on stderr first) and a Minitel on it in its power-on state.
 * Returns an exit status (0, or 1 after a message). On success `v` must
 * be closed with view_link_close. */
int view_link_open(const view_link_opts *o, view_link *v);

void view_link_close(view_link *v);

/* Bytes from the host: waits at most timeout_ms (0: not at all) for the
 * first, stores up to `cap` in buf (also appended to v->received) and
 * returns their count; 0 when none came or the host is gone (v->gone
 * set, told on stderr). The caller feeds them to the Minitel. */
size_t view_link_read(view_link *v, uint8_t *buf, size_t cap,
		      int timeout_ms);

/* Keys typed (bytes as the keyboard sends them, see vtx_minitel_key). */
void view_link_key(view_link *v, const uint8_t *bytes, size_t n);

/* The name of the Minitel played ("Minitel 1B"). */
const char *view_link_model_name(const view_link *v);

#endif
