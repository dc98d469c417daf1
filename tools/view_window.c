/* tools/view_window.c -- `minitel view` in a window: a session, a .vdt
 * file or a host on a link (TCP, serial port, pseudo-terminal), each
 * feeding emu/window.
 *
 * The window paces the bytes at the line speed; what is here only
 * decides which bytes go to it and what the keys do. The three sources
 * share a `vhost`: the window, the key log and the figures of --verbose.
 *
 * On a link the window is a Minitel (tools/view_link.h): it shows the
 * Minitel's own terminal, which answers the host as the window applies
 * its bytes, paced at the port's speed. The link is polled, not waited
 * on: the window sleeps in SDL, and SDL cannot wait on a descriptor.
 * The tick polls it every POLL_BUSY_MS while bytes come, every
 * POLL_QUIET_MS after a quiet second: ten cheap wake-ups
 * a second for an idle connection, and at worst a tenth of a second late
 * for an answer that then takes longer than that to paint at 1200 baud. */
#include "view_window.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/session.h"
#include "emu/window.h"
#include "util.h"
#include "videotex/charset.h"

#define WHO "minitel view"
#define PAUSE_MS 1500u      /* the last page stays this long */
#define HANGUP_MS 2000u     /* after CONNEXION/FIN, the service's time */
#define POLL_BUSY_MS 10
#define POLL_QUIET_MS 100
#define QUIET_AFTER_MS 1000u
#define READ_MAX 65536u     /* a tick reads at most this much */
#define TITLE_MAX 512

/*** Options ***/

void view_window_opts_init(view_window_opts *o)
{
	memset(o, 0, sizeof *o);
	o->speed = EMU_WINDOW_SPEED;
	o->scale = EMU_WINDOW_SCALE;
}

int view_window_speed(const char *s, long *out)
{
	static const long speeds[] = {1200, 4800, 9600, 0};
	long v;

	if (util_parse_long(s, 0, 9600, &v) < 0)
		return -1;
	for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++) {
		if (v == speeds[i]) {
			*out = v;
			return 0;
		}
	}
	return -1;
}

int view_window_scale(const char *s, int *out)
{
	long v;

	if (util_parse_long(s, 1, EMU_WINDOW_SCALE_MAX, &v) < 0)
		return -1;
	*out = (int)v;
	return 0;
}

/*** What the three sources share ***/

typedef struct vhost {
	emu_window *w;
	FILE *keylog;
	unsigned long opened; /* ms, for --verbose */
	size_t shown;         /* bytes fed to the window */
	int verbose;
	int oom;              /* a feed failed: the view ends with 1 */
	int lingering;        /* the source ended; the last page shows */
	unsigned long since;  /* ... since then */
} vhost;

static void on_log(const char *msg, void *user)
{
	(void)user;
	fprintf(stderr, WHO ": %s\n", msg);
}

/* Opens the window, on a terminal of its own or on `term` (with its
 * `screen`); an exit status. */
static int host_open_term(vhost *h, const view_window_opts *o,
			  const char *title, vtx_term *term,
			  vtx_screen *screen)
{
	const char *dir = o->screenshot_dir ? o->screenshot_dir
					    : getenv("MINITEL_SCREENSHOT_DIR");
	emu_window_opts eo = {
		.scale = o->scale,
		.palette = o->colour ? EMU_PALETTE_COLOUR : EMU_PALETTE_GREY,
		.speed = o->speed,
		.fullscreen = o->fullscreen,
		.title = title,
		.screenshot_dir = dir && *dir ? dir : NULL,
		.log = on_log,
		.term = term,
		.screen = screen,
	};
	int ret;

	memset(h, 0, sizeof *h);
	h->verbose = o->verbose;
	if (o->keylog && !(h->keylog = fopen(o->keylog, "ab")))
		return util_file_error(o->keylog, -errno);
	ret = emu_window_new(&eo, &h->w);
	if (ret < 0) {
		if (h->keylog)
			fclose(h->keylog);
		if (ret == -ENOMEM)
			return util_error(WHO, "out of memory");
		if (ret == -EINVAL)
			return util_error(WHO, "bad window options");
		return UTIL_EXIT_INPUT; /* the reason went to on_log */
	}
	h->opened = emu_window_now();
	fprintf(stderr, WHO ": keys\n%s", emu_window_keymap());
	return UTIL_EXIT_OK;
}

static int host_open(vhost *h, const view_window_opts *o, const char *title)
{
	return host_open_term(h, o, title, NULL, NULL);
}

/* Closes the window; `status`, or 1 if a feed failed. */
static int host_close(vhost *h, int status)
{
	if (h->verbose)
		fprintf(stderr, WHO ": %lu frames in %.1f s, %zu bytes shown\n",
			emu_window_frames(h->w),
			(double)(emu_window_now() - h->opened) / 1000,
			h->shown);
	if (h->keylog)
		fclose(h->keylog);
	emu_window_free(h->w);
	if (h->oom && status == UTIL_EXIT_OK)
		status = util_error(WHO, "out of memory");
	return status;
}

static void host_feed(vhost *h, const uint8_t *bytes, size_t n)
{
	if (emu_window_feed(h->w, bytes, n) < 0) {
		h->oom = 1;
		emu_window_close(h->w);
		return;
	}
	h->shown += n;
}

static void host_keylog(const vhost *h, const uint8_t *bytes, size_t n)
{
	if (h->keylog) {
		fwrite(bytes, 1, n, h->keylog);
		fflush(h->keylog);
	}
}

/* The function key (SES_KEY_*) that `bytes` are, or 0. The window sends
 * each key in one piece. */
static int function_key(const uint8_t *bytes, size_t n)
{
	return n == 2 && bytes[0] == VTX_C0_SEP ? bytes[1] : 0;
}

/* A tick for a source that may end: once it has (`ended`) and the window
 * has painted all it was sent, the last page stays PAUSE_MS. */
static int linger(vhost *h, int ended, unsigned long now)
{
	unsigned long left;

	if (!ended || emu_window_pending(h->w) > 0)
		return EMU_TICK_IDLE; /* the window wakes while it paints */
	if (!h->lingering) {
		h->lingering = 1;
		h->since = now;
	}
	if (now - h->since >= PAUSE_MS)
		return EMU_TICK_STOP;
	left = PAUSE_MS - (now - h->since);
	return (int)left;
}

/*** A session ***/

typedef struct sview {
	vhost h;
	ses_session *ses;
} sview;

static void s_send(const uint8_t *bytes, size_t n, void *user)
{
	host_feed(&((sview *)user)->h, bytes, n);
}

static void s_key(const uint8_t *bytes, size_t n, void *user)
{
	sview *s = user;

	host_keylog(&s->h, bytes, n);
	/* Out of memory here sent nothing, and the session's model still
	 * matches the screen: the next key catches up. */
	if (ses_receive(s->ses, bytes, n) < 0)
		on_log("out of memory: the key was not answered", NULL);
}

static int s_tick(emu_window *w, unsigned long now, void *user)
{
	sview *s = user;

	(void)w;
	return linger(&s->h, ses_done(s->ses), now);
}

int view_window_session(const vtx_screen *pages, const lay_site *site,
			const view_window_opts *o)
{
	static const ses_callbacks scb = {s_send, on_log};
	static const emu_window_callbacks wcb = {s_key, s_tick};
	char title[TITLE_MAX];
	sview s;
	int ret;

	snprintf(title, sizeof title, "%s - minitel (F1 GUIDE, F10 FIN)",
		 site->title && *site->title ? site->title : "Notes");
	ret = host_open(&s.h, o, title);
	if (ret != 0)
		return ret;
	s.ses = ses_new(pages, site, &scb, &s);
	if (!s.ses || ses_start(s.ses) < 0)
		ret = util_error(WHO, "out of memory");
	if (ret == 0)
		emu_window_run(s.h.w, &wcb, &s);
	ses_free(s.ses);
	return host_close(&s.h, ret);
}

/*** A .vdt file ***/

typedef struct fview {
	vhost h;
	const uint8_t *bytes;
	size_t len;
	size_t *starts; /* page i: bytes[starts[i] .. starts[i + 1]) */
	size_t npages, page;
	const char *name;
} fview;

/* Whether bytes[from, to) paint nothing: FFs and NULs (padding). */
static int blank_run(const uint8_t *bytes, size_t from, size_t to)
{
	for (size_t i = from; i < to; i++)
		if (bytes[i] != VTX_C0_FF && bytes[i] != VTX_C0_NUL)
			return 0;
	return 1;
}

/* Cuts the stream before each FF but the first (what comes before the
 * first FF, often COF or a status row, belongs to the first page); an FF
 * that only follows another FF starts no page of its own. The page
 * starts go to f->starts, with len at the end. Returns 0 or -ENOMEM. */
static int cut_pages(fview *f)
{
	size_t n = 1, first_ff = f->len;

	for (size_t i = 0; i < f->len; i++)
		n += f->bytes[i] == VTX_C0_FF;
	if (!(f->starts = malloc((n + 1) * sizeof *f->starts)))
		return -ENOMEM;
	f->starts[0] = 0;
	f->npages = 1;
	for (size_t i = 0; i < f->len; i++) {
		size_t last = f->starts[f->npages - 1];

		if (f->bytes[i] != VTX_C0_FF)
			continue;
		if (first_ff == f->len) {
			first_ff = i;
			continue;
		}
		if (!blank_run(f->bytes, last < first_ff ? first_ff : last, i))
			f->starts[f->npages++] = i;
	}
	f->starts[f->npages] = f->len;
	return 0;
}

static void f_title(const fview *f)
{
	char title[TITLE_MAX];

	snprintf(title, sizeof title, "%s - page %zu/%zu - minitel "
		 "(PgDn SUITE, PgUp RETOUR, F10 FIN)", f->name, f->page + 1,
		 f->npages);
	emu_window_set_title(f->h.w, title);
}

/* Page `page` from a terminal that took every byte before it at once. */
static void f_show(fview *f, size_t page)
{
	size_t from = f->starts[page], to = f->starts[page + 1];

	f->page = page;
	emu_window_reset(f->h.w, f->bytes, from);
	host_feed(&f->h, f->bytes + from, to - from);
	f_title(f);
}

static void f_key(const uint8_t *bytes, size_t n, void *user)
{
	fview *f = user;

	host_keylog(&f->h, bytes, n);
	switch (function_key(bytes, n)) {
	case SES_KEY_SUITE:
		if (f->page + 1 < f->npages)
			f_show(f, f->page + 1);
		break;
	case SES_KEY_RETOUR:
		if (f->page > 0)
			f_show(f, f->page - 1);
		break;
	case SES_KEY_SOMMAIRE: f_show(f, 0); break;
	case SES_KEY_REPETITION: f_show(f, f->page); break;
	case SES_KEY_GUIDE:
		fprintf(stderr, WHO ": keys\n%s", emu_window_keymap());
		break;
	case SES_KEY_CONNEXION: emu_window_close(f->h.w); break;
	default: break; /* typed text: a file does not answer */
	}
}

int view_window_file(const uint8_t *bytes, size_t len, const char *name,
		     const view_window_opts *o)
{
	static const emu_window_callbacks wcb = {f_key, NULL};
	fview f = {.bytes = bytes, .len = len, .name = name};
	int ret;

	if (cut_pages(&f) < 0)
		return util_error(WHO, "out of memory");
	ret = host_open(&f.h, o, name);
	if (ret == 0) {
		f_show(&f, 0);
		emu_window_run(f.h.w, &wcb, &f);
		ret = host_close(&f.h, ret);
	}
	free(f.starts);
	return ret;
}

/*** A host on a link ***/

typedef struct lview {
	vhost h;
	view_link *v;
	long pacing;          /* --speed: 0 paints at once */
	unsigned long last;   /* when bytes last came */
	int fin;              /* CONNEXION/FIN was sent ... */
	unsigned long fin_at; /* ... then */
} lview;

/* The port switched speed: the window paints at the new one. */
static void l_speed(int baud, void *user)
{
	lview *l = user;

	if (l->pacing)
		emu_window_set_speed(l->h.w, baud);
}

static void l_key(const uint8_t *bytes, size_t n, void *user)
{
	lview *l = user;

	if (l->v->gone)
		return;
	view_link_key(l->v, bytes, n);
	if (function_key(bytes, n) == SES_KEY_CONNEXION && !l->fin) {
		l->fin = 1;
		l->fin_at = emu_window_now();
	}
}

/* Queues what the host sent: the window applies it at the line speed,
 * and the Minitel answers as it does. */
static void l_read(lview *l, unsigned long now)
{
	uint8_t buf[4096];
	size_t total = 0, k;

	while (total < READ_MAX &&
	       (k = view_link_read(l->v, buf, sizeof buf, 0)) > 0) {
		host_feed(&l->h, buf, k);
		total += k;
		l->last = now;
	}
}

static int l_tick(emu_window *w, unsigned long now, void *user)
{
	lview *l = user;

	(void)w;
	l_read(l, now);
	if (!l->v->gone && l->fin && now - l->fin_at >= HANGUP_MS) {
		fprintf(stderr, WHO ": %s: hung up after CONNEXION/FIN\n",
			l->v->name);
		l->v->gone = 1;
	}
	if (l->v->gone)
		return linger(&l->h, 1, now);
	return now - l->last < QUIET_AFTER_MS ? POLL_BUSY_MS : POLL_QUIET_MS;
}

int view_window_link(view_link *v, const view_window_opts *o)
{
	static const emu_window_callbacks wcb = {l_key, l_tick};
	char title[TITLE_MAX];
	lview l = {.v = v, .pacing = o->speed};
	view_window_opts wo = *o;
	int ret;

	/* On a link the window paints at the port's speed. */
	if (wo.speed)
		wo.speed = vtx_minitel_speed(v->m);
	snprintf(title, sizeof title, "%s - minitel (%s; F1 GUIDE, F10 FIN)",
		 v->name, view_link_model_name(v));
	ret = host_open_term(&l.h, &wo, title, vtx_minitel_term(v->m),
			     &v->screen);
	if (ret != 0)
		return ret;
	v->keylog = l.h.keylog;
	v->on_speed = l_speed;
	v->hook_user = &l;
	l.last = emu_window_now();
	emu_window_run(l.h.w, &wcb, &l);
	v->on_speed = NULL;
	v->hook_user = NULL; /* l ends here */
	v->keylog = NULL;
	return host_close(&l.h, v->failed ? UTIL_EXIT_INPUT : ret);
}

int view_window_connect(const char *hostport, const view_window_opts *o)
{
	view_link_opts lo = {.connect = hostport};
	view_link v;
	int ret = view_link_open(&lo, &v);

	if (ret != 0)
		return ret;
	ret = view_window_link(&v, o);
	view_link_close(&v);
	return ret;
}
