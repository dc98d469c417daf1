/* link/serve.c -- the browsing session on a link, surviving unplugging. */
#include "serve.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "core/session.h"
#include "videotex/charset.h"

#define READ_MS 100 /* how often the loop looks at *stop */

typedef struct srv {
	const srv_options *o;
	lnk_listener *ls;   /* with o->listen */
	lnk_link *link;
	int err;            /* the link failed while sending */
	size_t sent;        /* bytes sent for the key being answered */
	vtx_screen *vgp2;   /* the pages as a VGP2 terminal gets them */
	const vtx_screen *vgp2_of; /* ... made from these */
	srv_stats st;
} srv;

static void say(const srv *s, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(const srv *s, const char *fmt, ...)
{
	char line[512];
	va_list ap;

	if (!s->o->log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	s->o->log(line, s->o->user);
}

static int stopped(const srv *s)
{
	return s->o->stop && *s->o->stop;
}

static void nap(const srv *s, int ms)
{
	struct timespec ts = {0, 50 * 1000000L};

	for (int t = 0; t < ms && !stopped(s); t += 50)
		nanosleep(&ts, NULL);
}

static void on_send(const uint8_t *b, size_t n, void *user)
{
	srv *s = user;
	int r;

	if (s->err)
		return; /* the link is gone: the resume redraws */
	r = lnk_write(s->link, b, n);
	if (r < 0) {
		s->err = r;
		return;
	}
	s->sent += n;
	s->st.transitions++;
}

static void on_log(const char *msg, void *user)
{
	say(user, "%s", msg);
}

static void drv_say(const char *line, void *user)
{
	say(user, "%s", line);
}

static void close_link(srv *s)
{
	lnk_stats ls;

	if (!s->link)
		return;
	lnk_get_stats(s->link, &ls);
	s->st.bytes_in += ls.bytes_in;
	s->st.bytes_out += ls.bytes_out;
	s->st.parity_errors += ls.parity_errors;
	if (ls.parity_errors)
		say(s, "%s: %lu bytes with parity errors dropped",
		    lnk_name(s->link), ls.parity_errors);
	lnk_close(s->link);
	s->link = NULL;
}

/* Waits for a terminal to connect to o->listen: 0, 1 (cannot listen),
 * or -ECANCELED when stopped. */
static int accept_one(srv *s)
{
	char err[256];
	int r;

	if (!s->ls) {
		r = lnk_listen(s->o->listen, &s->ls, err, sizeof err);
		if (r < 0) {
			say(s, "%s", err);
			return 1;
		}
		say(s, "%s: listening on port %d", s->o->listen,
		    lnk_listener_port(s->ls));
	}
	for (;;) {
		if (stopped(s))
			return -ECANCELED;
		r = lnk_accept(s->ls, &s->o->link, READ_MS, &s->link);
		if (r == 1)
			return 0;
		if (r < 0) {
			say(s, "%s: %s", s->o->listen, strerror(-r));
			return 1;
		}
	}
}

/* Opens the port, retrying while it is absent. 0, 1 (could not open the
 * first time), or -ECANCELED when stopped. */
static int open_port(srv *s, int first)
{
	char err[256];
	int said = 0, r;

	if (s->o->listen)
		return accept_one(s);
	for (;;) {
		if (stopped(s))
			return -ECANCELED;
		r = lnk_open(s->o->port, &s->o->link, &s->link, err,
			     sizeof err);
		if (r == 0)
			return 0;
		if (first) {
			say(s, "%s", err);
			return 1;
		}
		if (!said)
			say(s, "%s: waiting for the Minitel to come back (%s)",
			    s->o->port, err);
		said = 1;
		nap(s, s->o->reconnect_ms > 0 ? s->o->reconnect_ms : 1000);
	}
}

/* Nonzero when some alphanumeric cell of the n pages shows a character a
 * VGP2 chip lacks. */
static int needs_vgp2(const vtx_screen *pages, size_t n)
{
	for (size_t i = 0; i < n; i++)
		for (int r = 0; r < VTX_ROWS; r++)
			for (int c = 0; c < VTX_COLS; c++) {
				const vtx_cell *cell = &pages[i].cells[r][c];

				if (cell->kind == VTX_KIND_ALPHA &&
				    vtx_charset_vgp2(cell->ch) != cell->ch)
					return 1;
			}
	return 0;
}

/* The pages for a terminal without the VGP5 characters (videotex.md §5):
 * each cell that a VGP2 chip cannot show gets its stand-in. */
static const vtx_screen *for_chip(srv *s, const drv_terminal *t,
				  const vtx_screen *pages, size_t n)
{
	/* pages laid out for the chip already (serve's notes) need no copy:
	 * a large collection's pages are not held twice */
	if (t->vgp5 || !needs_vgp2(pages, n))
		return pages;
	if (s->vgp2_of == pages)
		return s->vgp2;
	free(s->vgp2);
	s->vgp2_of = NULL;
	s->vgp2 = malloc(n * sizeof *s->vgp2);
	if (!s->vgp2)
		return NULL;
	memcpy(s->vgp2, pages, n * sizeof *s->vgp2);
	for (size_t i = 0; i < n; i++)
		for (int r = 0; r < VTX_ROWS; r++)
			for (int c = 0; c < VTX_COLS; c++) {
				vtx_cell *cell = &s->vgp2[i].cells[r][c];

				if (cell->kind == VTX_KIND_ALPHA)
					cell->ch = vtx_charset_vgp2(cell->ch);
			}
	s->vgp2_of = pages;
	return s->vgp2;
}

/* One line for stderr after a key that changed the screen. */
static void tell(srv *s, ses_session *ses, const lay_site *site)
{
	int page;
	ses_view v = ses_current(ses, &page);
	static const char *const views[] = {"page", "help page", "results",
					    "goodbye page"};

	if (s->sent < 40) /* an echo of a typed character */
		return;
	if (v == SES_VIEW_PAGE && page >= 0 && (size_t)page < site->npages)
		say(s, "page %d of %zu: %zu bytes, %.2f s at %d baud",
		    page + 1, site->npages, s->sent,
		    lnk_wire_ms(s->sent, lnk_speed(s->link)) / 1000.0,
		    lnk_speed(s->link));
	else
		say(s, "%s: %zu bytes, %.2f s at %d baud", views[v], s->sent,
		    lnk_wire_ms(s->sent, lnk_speed(s->link)) / 1000.0,
		    lnk_speed(s->link));
}

/* The link is gone: the far side closed or the adapter left. */
static int gone(int r)
{
	return r == -EPIPE || r == -EIO || r == -ENODEV || r == -ENXIO ||
	       r == -ECONNRESET;
}

int srv_run(const srv_options *o, srv_stats *stats)
{
	static const ses_callbacks cb = {.send = on_send, .log = on_log};
	srv s = {.o = o};
	ses_session *ses = NULL;
	const vtx_screen *pages = NULL;
	const lay_site *site = NULL;
	drv_options dopt = o->drv;
	int first = 1, ret = 0, waiting = 0;
	const char *where;

	dopt.log = drv_say;
	dopt.user = &s;
	where = o->listen ? o->listen : o->port;
	while (!stopped(&s)) {
		drv_terminal t;
		drv_driver *drv;
		const vtx_screen *np;
		const lay_site *ns;
		uint8_t buf[256], *keys;
		size_t nkeys;
		int r;

		r = open_port(&s, first);
		if (r != 0) {
			ret = r == 1 ? 1 : 0;
			break;
		}
		first = 0;
		say(&s, "%s: open (%s)", lnk_name(s.link),
		    lnk_describe(s.link));
		drv = drv_new(s.link, &dopt);
		if (!drv) {
			ret = -ENOMEM;
			break;
		}
		r = drv_setup(drv, &t);
		if (r < 0) {
			drv_free(drv);
			if (gone(r)) {
				say(&s, "%s: lost during the set-up", where);
				close_link(&s);
				continue;
			}
			ret = r;
			break;
		}
		s.st.connections++;
		if (o->site(&t, &np, &ns, o->user) != 0) {
			drv_free(drv);
			break;
		}
		np = for_chip(&s, &t, np, ns->npages);
		if (!np) {
			drv_free(drv);
			ret = -ENOMEM;
			break;
		}
		s.err = 0;
		if (ses && ns == site && np != pages) {
			/* the same site for another character set */
			ses_set_pages(ses, np);
			pages = np;
		}
		if (!ses || np != pages || ns != site) {
			ses_free(ses);
			pages = np;
			site = ns;
			ses = ses_new(pages, site, &cb, &s);
			r = ses ? ses_start(ses) : -ENOMEM;
			waiting = 0;
		} else {
			r = waiting ? ses_start(ses) : ses_resume(ses);
			waiting = 0;
			if (r == 0)
				say(&s, "redrawn: the page the user was on");
		}
		if (r == 0 && drv_take_keys(drv, &keys, &nkeys) == 0 && keys) {
			r = ses_receive(ses, keys, nkeys);
			free(keys);
		}
		if (r < 0) {
			drv_free(drv);
			ret = r;
			break;
		}
		while (!stopped(&s) && !s.err) {
			ssize_t k;

			if (ses_done(ses) && !waiting) {
				say(&s, "CONNEXION/FIN: goodbye page sent");
				if (o->once)
					break;
				waiting = 1; /* any key starts again */
			}
			k = lnk_read(s.link, buf, sizeof buf, READ_MS);
			if (k < 0) {
				s.err = (int)k;
				break;
			}
			if (k == 0)
				continue;
			s.sent = 0;
			if (waiting) {
				waiting = 0;
				r = ses_start(ses);
			} else {
				r = ses_receive(ses, buf, (size_t)k);
			}
			if (r < 0)
				say(&s, "session: out of memory for a page");
			else
				tell(&s, ses, site);
		}
		if (s.err && gone(s.err)) {
			say(&s, "%s: the Minitel went away (link closed); "
			    "waiting for it", where);
			drv_free(drv);
			close_link(&s);
			continue;
		}
		if (s.err) {
			say(&s, "%s: %s", where, strerror(-s.err));
			ret = s.err;
			drv_free(drv);
			break;
		}
		/* stopped, or done with `once`: leave the terminal sane (the
		 * commands queue behind the page; drv_set_speed drains before
		 * it switches) */
		if (drv_restore(drv, &t) < 0)
			say(&s, "%s: could not restore the terminal", where);
		drv_free(drv);
		break;
	}
	close_link(&s);
	lnk_listener_close(s.ls);
	ses_free(ses);
	free(s.vgp2);
	if (stats)
		*stats = s.st;
	return ret;
}
