/* tools/view_window.c -- `minitel view` in a window: a session, a .vdt
 * file or a TCP service, each feeding emu/window.
 *
 * The window paces the bytes at the line speed; what is here only
 * decides which bytes go to it and what the keys do. The three sources
 * share a `vhost`: the window, the key log and the figures of --verbose.
 *
 * The TCP service is polled, not waited on: the window sleeps in SDL, and
 * SDL cannot wait on a socket. The tick polls it every POLL_BUSY_MS while
 * bytes come, every POLL_QUIET_MS after a quiet second: ten cheap wake-ups
 * a second for an idle connection, and at worst a tenth of a second late
 * for an answer that then takes longer than that to paint at 1200 baud. */
#include "view_window.h"

#include <errno.h>
#include <fcntl.h>
#include <netdb.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#include "core/session.h"
#include "emu/window.h"
#include "util.h"
#include "videotex/charset.h"

#define WHO "minitel view"
#define PAUSE_MS 1500u      /* the last page stays this long */
#define HANGUP_MS 2000u     /* after CONNEXION/FIN, the service's time */
#define CONNECT_MS 10000    /* to connect, at most */
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

/* Opens the window; an exit status. */
static int host_open(vhost *h, const view_window_opts *o, const char *title)
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

/*** A TCP service ***/

typedef struct cview {
	vhost h;
	int fd;               /* -1 once closed */
	const char *name;     /* HOST:PORT as given */
	int failed;           /* the connection broke: exit 1 */
	unsigned long last;   /* when bytes last came */
	int fin;              /* CONNEXION/FIN was sent ... */
	unsigned long fin_at; /* ... then */
} cview;

/* "tcp:HOST:PORT", "HOST:PORT", "[V6]:PORT" into host and port; -1 when
 * it is none of them. */
static int split_hostport(const char *s, char *host, size_t hsize,
			  char *port, size_t psize)
{
	const char *colon, *h = s, *hend;

	if (strncmp(s, "tcp:", 4) == 0)
		h = s + 4;
	if (*h == '[') {
		hend = strchr(h, ']');
		if (!hend || hend[1] != ':')
			return -1;
		colon = hend + 1;
		h++;
	} else {
		colon = strrchr(h, ':');
		hend = colon;
	}
	if (!colon || hend == h || !colon[1] ||
	    (size_t)(hend - h) >= hsize || strlen(colon + 1) >= psize)
		return -1;
	memcpy(host, h, (size_t)(hend - h));
	host[hend - h] = 0;
	memcpy(port, colon + 1, strlen(colon + 1) + 1);
	return 0;
}

/* Connects a non-blocking socket to `ai`, waiting at most CONNECT_MS.
 * Returns the socket, or -errno. */
static int connect_one(const struct addrinfo *ai)
{
	struct pollfd p;
	int fd, err = 0, r;
	socklen_t len = sizeof err;

	fd = socket(ai->ai_family, ai->ai_socktype, ai->ai_protocol);
	if (fd < 0)
		return -errno;
	if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) < 0 ||
	    fcntl(fd, F_SETFD, FD_CLOEXEC) < 0 ||
	    connect(fd, ai->ai_addr, ai->ai_addrlen) < 0)
		err = errno;
	if (err == EINPROGRESS) {
		p.fd = fd;
		p.events = POLLOUT;
		while ((r = poll(&p, 1, CONNECT_MS)) < 0 && errno == EINTR)
			;
		err = r == 0 ? ETIMEDOUT : r < 0 ? errno : 0;
		if (err == 0 && getsockopt(fd, SOL_SOCKET, SO_ERROR, &err,
					   &len) < 0)
			err = errno;
	}
	if (err) {
		close(fd);
		return -err;
	}
	return fd;
}

/* The socket connected to `name`, or -1 after a message. */
static int dial(const char *name)
{
	char host[256], port[64];
	struct addrinfo hints = {0}, *res, *ai;
	int fd = -ECONNREFUSED, r;

	if (split_hostport(name, host, sizeof host, port, sizeof port) < 0) {
		util_error(WHO, "%s: expected tcp:HOST:PORT", name);
		return -1;
	}
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	r = getaddrinfo(host, port, &hints, &res);
	if (r != 0) {
		util_error(WHO, "%s: %s", name, gai_strerror(r));
		return -1;
	}
	for (ai = res; ai; ai = ai->ai_next)
		if ((fd = connect_one(ai)) >= 0)
			break;
	freeaddrinfo(res);
	if (fd < 0)
		util_error(WHO, "%s: %s", name, strerror(-fd));
	return fd < 0 ? -1 : fd;
}

static void c_hangup(cview *c)
{
	if (c->fd >= 0)
		close(c->fd);
	c->fd = -1;
}

/* All of `n` bytes to the socket; the socket is non-blocking, so a full
 * send buffer is waited on (a second at most). */
static int send_all(int fd, const uint8_t *bytes, size_t n)
{
	while (n > 0) {
		ssize_t k = send(fd, bytes, n, MSG_NOSIGNAL);
		struct pollfd p = {fd, POLLOUT, 0};

		if (k > 0) {
			bytes += k;
			n -= (size_t)k;
		} else if (k < 0 && errno == EINTR) {
			continue;
		} else if (k < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
			if (poll(&p, 1, 1000) <= 0)
				return -ETIMEDOUT;
		} else {
			return k < 0 ? -errno : -EIO;
		}
	}
	return 0;
}

static void c_key(const uint8_t *bytes, size_t n, void *user)
{
	cview *c = user;
	int ret;

	host_keylog(&c->h, bytes, n);
	if (c->fd < 0)
		return;
	ret = send_all(c->fd, bytes, n);
	if (ret < 0) {
		util_error(WHO, "%s: %s", c->name, strerror(-ret));
		c->failed = 1;
		c_hangup(c);
		return;
	}
	if (function_key(bytes, n) == SES_KEY_CONNEXION && !c->fin) {
		c->fin = 1;
		c->fin_at = emu_window_now();
	}
}

/* Reads what the service sent; hangs up when it closed. */
static void c_read(cview *c, unsigned long now)
{
	uint8_t buf[4096];
	size_t total = 0;

	while (c->fd >= 0 && total < READ_MAX) {
		ssize_t k = recv(c->fd, buf, sizeof buf, 0);

		if (k > 0) {
			host_feed(&c->h, buf, (size_t)k);
			total += (size_t)k;
			c->last = now;
		} else if (k == 0) {
			fprintf(stderr, WHO ": %s closed the connection\n",
				c->name);
			c_hangup(c);
		} else if (errno == EINTR) {
			continue;
		} else if (errno == EAGAIN || errno == EWOULDBLOCK) {
			break;
		} else {
			util_error(WHO, "%s: %s", c->name, strerror(errno));
			c->failed = 1;
			c_hangup(c);
		}
	}
}

static int c_tick(emu_window *w, unsigned long now, void *user)
{
	cview *c = user;

	(void)w;
	c_read(c, now);
	if (c->fd >= 0 && c->fin && now - c->fin_at >= HANGUP_MS) {
		fprintf(stderr, WHO ": %s: hung up after CONNEXION/FIN\n",
			c->name);
		c_hangup(c);
	}
	if (c->fd < 0)
		return linger(&c->h, 1, now);
	return now - c->last < QUIET_AFTER_MS ? POLL_BUSY_MS : POLL_QUIET_MS;
}

int view_window_connect(const char *hostport, const view_window_opts *o)
{
	static const emu_window_callbacks wcb = {c_key, c_tick};
	char title[TITLE_MAX];
	cview c = {.name = hostport};
	int ret;

	c.fd = dial(hostport);
	if (c.fd < 0)
		return UTIL_EXIT_INPUT;
	snprintf(title, sizeof title, "%s - minitel (F1 GUIDE, F10 FIN)",
		 hostport);
	ret = host_open(&c.h, o, title);
	if (ret == 0) {
		c.last = emu_window_now();
		emu_window_run(c.h.w, &wcb, &c);
		ret = host_close(&c.h, c.failed ? UTIL_EXIT_INPUT : ret);
	}
	c_hangup(&c);
	return ret;
}
