/* link/serve.h -- a browsing session (core/session) on a real Minitel.
 *
 * srv_run opens the link, sets the terminal up (link/driver), starts the
 * session and then passes keys in and pages out until it is told to
 * stop. When the far side goes away (a USB adapter unplugged, a TCP peer
 * closed, a tty hung up) it says so, waits, reopens the port every
 * reconnect_ms, sets the terminal up again and redraws the view the user
 * was on (ses_resume). Every key byte received is given to the session
 * once, in order -- those read during a set-up included; bytes in flight
 * when the link broke are lost with it, never replayed.
 *
 * Output suits the terminal: one whose model lacks the VGP5 characters
 * gets a copy of the pages with a stand-in for each of them
 * (vtx_charset_vgp2). Each key that changes the page is told through the
 * log: the page, its bytes and their time at the line speed.
 *
 * On stop (a signal handler sets *stop) or after CONNEXION/FIN with
 * `once`, it leaves the terminal sane: echo on, capitals, 1200 baud. */
#ifndef SRV_SERVE_H
#define SRV_SERVE_H

#include <signal.h>
#include <stddef.h>

#include "core/layout.h"
#include "driver.h"
#include "link.h"
#include "videotex/screen.h"

/* The pages to serve on a terminal: called after each set-up with what
 * the driver found (so output can suit the model), returns 0 and the
 * pages and site map (owned by the caller, kept until srv_run returns
 * or the next call), or nonzero to stop. */
typedef int (*srv_site_fn)(const drv_terminal *t, const vtx_screen **pages,
			   const lay_site **site, void *user);

typedef struct srv_options {
	const char *port;          /* lnk_open spec, or ... */
	const char *listen;        /* ... "tcp:PORT": wait for a terminal
				      (an emulator, a gateway) to connect;
				      one at a time */
	lnk_options link;
	drv_options drv;           /* .log and .user are set from below */
	int reconnect_ms;          /* 0: 1000 */
	int once;                  /* return after the goodbye page */
	volatile sig_atomic_t *stop; /* nonzero: leave now; may be NULL */
	srv_site_fn site;
	/* One line per event, for stderr; may be NULL. */
	void (*log)(const char *line, void *user);
	void *user;
} srv_options;

typedef struct srv_stats {
	unsigned long connections;  /* set-ups done */
	unsigned long transitions;  /* streams sent */
	unsigned long bytes_out, bytes_in;
	unsigned long parity_errors;
} srv_stats;

/* Returns 0 when stopped or done, 1 when the port could not be opened
 * the first time (a message was logged), or -errno. stats may be NULL. */
int srv_run(const srv_options *o, srv_stats *stats);

#endif
