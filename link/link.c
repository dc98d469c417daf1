/* link/link.c -- serial ports, ttys and TCP as one 7-bit byte link.
 *
 * videotex.md §1 (STUM §1-6-1-1, §1-6-1-2): the DIN port is asynchronous
 * 7E1, full duplex, with no flow control. Real ports are configured by
 * libserialport; libserialport 0.1.1 cannot open pseudo-terminals (it
 * looks the port up in sysfs), so any other tty is configured here with
 * termios; TCP carries the same bytes for gateways and emulators. */
#define _GNU_SOURCE /* struct addrinfo, MSG_NOSIGNAL */
#include "link.h"

#include <errno.h>
#include <fcntl.h>
#include <libserialport.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#define CONNECT_MS 5000 /* a TCP connect gives up after this */
#define DRAIN_MAX_MS 100 /* see lnk_drain */

struct lnk_link {
	lnk_kind kind;
	lnk_parity parity;       /* HW or SOFT */
	int fd;                  /* the descriptor read, written, polled */
	struct sp_port *sp;      /* LNK_SERIAL only */
	int speed;               /* baud */
	int mark;                /* PARMRK decoding: bytes of "FF 00 x"
				    seen so far (0, 1 or 2) */
	double wire_until;       /* monotonic ms when the bytes written so
				    far have left a 7E1 wire (tty, TCP) */
	int saved_ok;            /* LNK_TTY: saved holds the settings */
	struct termios saved;    /* to restore on close */
	lnk_stats stats;
	char name[];             /* the spec */
};

struct lnk_listener {
	int fd;
	int port;
};

/*** Small helpers ***/

static void seterr(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static void seterr(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	if (!err || errlen == 0)
		return;
	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static void sleep_ms(double ms)
{
	struct timespec ts;

	if (ms <= 0)
		return;
	ts.tv_sec = (time_t)(ms / 1e3);
	ts.tv_nsec = (long)((ms - (double)ts.tv_sec * 1e3) * 1e6);
	while (nanosleep(&ts, &ts) != 0 && errno == EINTR)
		;
}

/* Even parity in bit 7: the number of 1 bits in all 8 is even. */
static uint8_t with_parity(uint8_t b)
{
	b &= 0x7F;
	return (uint8_t)(b | (__builtin_parity(b) << 7));
}

int lnk_speed_valid(int baud)
{
	return baud == 300 || baud == 1200 || baud == 4800 || baud == 9600;
}

double lnk_wire_ms(size_t n, int baud)
{
	/* start + 7 data + parity + stop = 10 bit-times a byte */
	return baud > 0 ? (double)n * 10.0 * 1000.0 / (double)baud : 0.0;
}

static speed_t termios_speed(int baud)
{
	switch (baud) {
	case 300: return B300;
	case 4800: return B4800;
	case 9600: return B9600;
	default: return B1200;
	}
}

static lnk_link *link_new(const char *spec, lnk_kind kind)
{
	size_t n = strlen(spec);
	lnk_link *l = calloc(1, sizeof *l + n + 1);

	if (!l)
		return NULL;
	memcpy(l->name, spec, n + 1);
	l->kind = kind;
	l->fd = -1;
	l->speed = 1200;
	return l;
}

/*** termios: ttys, and the parity marks of real ports ***/

/* Raw mode, and for 7E1 the receiver's parity check with errors marked
 * in the data (PARMRK: FF 00 x) so that they can be counted and dropped;
 * libserialport has no per-byte error report. */
static int tty_configure(int fd, int baud, lnk_parity parity, int set_frame)
{
	struct termios t;

	if (tcgetattr(fd, &t) != 0)
		return -errno;
	cfmakeraw(&t);
	t.c_cflag |= CLOCAL | CREAD;
	t.c_cflag &= (tcflag_t)~(CRTSCTS | HUPCL);
	t.c_iflag &= (tcflag_t)~(IXON | IXOFF | IXANY | IGNPAR | ISTRIP);
	if (set_frame) {
		t.c_cflag &= (tcflag_t)~(CSIZE | PARENB | PARODD | CSTOPB);
		t.c_cflag |= parity == LNK_PARITY_SOFT ? CS8 : CS7 | PARENB;
		cfsetispeed(&t, termios_speed(baud));
		cfsetospeed(&t, termios_speed(baud));
	}
	if (parity == LNK_PARITY_HW)
		t.c_iflag |= INPCK | PARMRK;
	else
		t.c_iflag &= (tcflag_t)~(INPCK | PARMRK);
	t.c_cc[VMIN] = 1;
	t.c_cc[VTIME] = 0;
	if (tcsetattr(fd, TCSANOW, &t) != 0)
		return -errno;
	return 0;
}

static const char *open_hint(int err)
{
	switch (err) {
	case EACCES:
	case EPERM:
		return " (add yourself to the dialout group: sudo usermod -aG "
		       "dialout $USER, then log in again)";
	case ENOENT:
	case ENODEV:
	case ENXIO:
		return " (minitel ports lists the ports of this machine)";
	case EBUSY:
		return " (another program has it open)";
	default:
		return "";
	}
}

static int open_tty(lnk_link *l, const char *path, char *err, size_t errlen)
{
	int e;

	l->fd = open(path, O_RDWR | O_NOCTTY | O_NONBLOCK | O_CLOEXEC);
	if (l->fd < 0) {
		e = errno;
		seterr(err, errlen, "%s: %s%s", path, strerror(e),
		       open_hint(e));
		return -e;
	}
	if (!isatty(l->fd)) {
		seterr(err, errlen, "%s: not a serial port or terminal", path);
		return -ENOTTY;
	}
	l->saved_ok = tcgetattr(l->fd, &l->saved) == 0;
	/* A pseudo-terminal has no wire: AUTO is plain 7-bit bytes. */
	if (l->parity == LNK_PARITY_AUTO)
		l->parity = LNK_PARITY_HW;
	e = tty_configure(l->fd, l->speed, l->parity, 1);
	if (e < 0) {
		seterr(err, errlen, "%s: cannot configure: %s", path,
		       strerror(-e));
		return e;
	}
	return 0;
}

/*** libserialport: real ports ***/

static int sp_errno(enum sp_return r)
{
	if (r == SP_ERR_MEM)
		return ENOMEM;
	if (r == SP_ERR_FAIL && sp_last_error_code() > 0)
		return sp_last_error_code();
	return EIO;
}

static int serial_frame(struct sp_port *sp, lnk_parity parity)
{
	int bits = parity == LNK_PARITY_SOFT ? 8 : 7;
	enum sp_parity p = parity == LNK_PARITY_SOFT ? SP_PARITY_NONE
						     : SP_PARITY_EVEN;
	enum sp_return r;

	if ((r = sp_set_bits(sp, bits)) != SP_OK ||
	    (r = sp_set_parity(sp, p)) != SP_OK)
		return -sp_errno(r);
	return 0;
}

/* 0 when opened, 1 when libserialport does not know the port (the
 * caller tries termios), or -errno with err set. */
static int open_serial(lnk_link *l, const char *name, char *err,
		       size_t errlen)
{
	struct sp_port *sp = NULL;
	enum sp_return r;
	int e;

	if (sp_get_port_by_name(name, &sp) != SP_OK)
		return 1;
	r = sp_open(sp, SP_MODE_READ_WRITE);
	if (r != SP_OK) {
		e = sp_errno(r);
		sp_free_port(sp);
		if (e == ENOENT || e == ENXIO)
			return 1;
		seterr(err, errlen, "%s: %s%s", name, strerror(e),
		       open_hint(e));
		return -e;
	}
	l->sp = sp;
	if ((r = sp_set_baudrate(sp, l->speed)) != SP_OK ||
	    (r = sp_set_stopbits(sp, 1)) != SP_OK ||
	    (r = sp_set_flowcontrol(sp, SP_FLOWCONTROL_NONE)) != SP_OK) {
		e = sp_errno(r);
		seterr(err, errlen, "%s: cannot configure: %s", name,
		       strerror(e));
		return -e;
	}
	if (l->parity == LNK_PARITY_AUTO) {
		/* Some USB adapters have no 7-bit mode: then 8N1 with the
		 * parity in bit 7 is the same frame on the wire. */
		l->parity = serial_frame(sp, LNK_PARITY_HW) == 0
				    ? LNK_PARITY_HW
				    : LNK_PARITY_SOFT;
	}
	e = serial_frame(sp, l->parity);
	if (e < 0) {
		seterr(err, errlen,
		       "%s: the adapter refuses %s (try --parity %s): %s", name,
		       l->parity == LNK_PARITY_HW ? "7E1" : "8N1",
		       l->parity == LNK_PARITY_HW ? "soft" : "hw",
		       strerror(-e));
		return e;
	}
	if (sp_get_port_handle(sp, &l->fd) != SP_OK) {
		seterr(err, errlen, "%s: no descriptor", name);
		return -EIO;
	}
	e = tty_configure(l->fd, l->speed, l->parity, 0);
	if (e < 0) {
		seterr(err, errlen, "%s: cannot configure: %s", name,
		       strerror(-e));
		return e;
	}
	return 0;
}

/*** TCP ***/

/* "tcp:HOST:PORT", "tcp:[V6]:PORT", "tcp:PORT" (host NULL) into parts. */
static int split_tcp(const char *spec, char *host, size_t hostlen,
		     char *port, size_t portlen, int need_host)
{
	const char *s = spec + 4, *colon;
	size_t n;

	if (strncmp(spec, "tcp:", 4) != 0)
		return -1;
	if (*s == '[') {
		const char *end = strchr(s, ']');

		if (!end || end[1] != ':')
			return -1;
		n = (size_t)(end - s - 1);
		if (n >= hostlen)
			return -1;
		memcpy(host, s + 1, n);
		host[n] = '\0';
		colon = end + 1;
	} else if ((colon = strrchr(s, ':')) != NULL) {
		n = (size_t)(colon - s);
		if (n >= hostlen)
			return -1;
		memcpy(host, s, n);
		host[n] = '\0';
	} else {
		if (need_host)
			return -1;
		host[0] = '\0';
		colon = s - 1;
	}
	n = strlen(colon + 1);
	if (n >= portlen || n == 0)
		return -1;
	memcpy(port, colon + 1, n + 1);
	for (const char *p = port; *p; p++)
		if (*p < '0' || *p > '9')
			return -1;
	return 0;
}

static int connect_timeout(const struct addrinfo *ai)
{
	int fd, e = 0;
	socklen_t len = sizeof e;
	struct pollfd p;

	fd = socket(ai->ai_family, ai->ai_socktype | SOCK_CLOEXEC,
		    ai->ai_protocol);
	if (fd < 0)
		return -errno;
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
	if (connect(fd, ai->ai_addr, ai->ai_addrlen) != 0) {
		if (errno != EINPROGRESS) {
			e = errno;
			close(fd);
			return -e;
		}
		p.fd = fd;
		p.events = POLLOUT;
		if (poll(&p, 1, CONNECT_MS) <= 0) {
			close(fd);
			return -ETIMEDOUT;
		}
		getsockopt(fd, SOL_SOCKET, SO_ERROR, &e, &len);
		if (e != 0) {
			close(fd);
			return -e;
		}
	}
	return fd;
}

static void tcp_tune(int fd)
{
	int one = 1;

	/* Keys are single bytes: send them at once. */
	setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK);
}

static int open_tcp(lnk_link *l, const char *spec, char *err, size_t errlen)
{
	char host[256], port[16];
	struct addrinfo hints = {0}, *res = NULL, *ai;
	int fd = -ETIMEDOUT, g;

	if (split_tcp(spec, host, sizeof host, port, sizeof port, 1) != 0) {
		seterr(err, errlen, "%s: expected tcp:HOST:PORT", spec);
		return -EINVAL;
	}
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	g = getaddrinfo(host, port, &hints, &res);
	if (g != 0) {
		seterr(err, errlen, "%s: %s", spec, gai_strerror(g));
		return -EHOSTUNREACH;
	}
	for (ai = res; ai; ai = ai->ai_next)
		if ((fd = connect_timeout(ai)) >= 0)
			break;
	freeaddrinfo(res);
	if (fd < 0) {
		seterr(err, errlen, "%s: %s", spec, strerror(-fd));
		return fd;
	}
	tcp_tune(fd);
	l->fd = fd;
	if (l->parity == LNK_PARITY_AUTO)
		l->parity = LNK_PARITY_HW;
	return 0;
}

/*** Opening and closing ***/

static void apply_options(lnk_link *l, const lnk_options *opt)
{
	l->speed = opt && lnk_speed_valid(opt->speed) ? opt->speed : 1200;
	l->parity = opt ? opt->parity : LNK_PARITY_AUTO;
}

int lnk_open(const char *spec, const lnk_options *opt, lnk_link **out,
	     char *err, size_t errlen)
{
	lnk_link *l;
	int r;

	*out = NULL;
	if (opt && opt->speed && !lnk_speed_valid(opt->speed)) {
		seterr(err, errlen, "%d baud: a Minitel port runs at 300, "
		       "1200, 4800 or 9600", opt->speed);
		return -EINVAL;
	}
	l = link_new(spec, strncmp(spec, "tcp:", 4) == 0 ? LNK_TCP
							 : LNK_SERIAL);
	if (!l) {
		seterr(err, errlen, "%s: out of memory", spec);
		return -ENOMEM;
	}
	apply_options(l, opt);
	if (l->kind == LNK_TCP) {
		r = open_tcp(l, spec, err, errlen);
	} else {
		r = open_serial(l, spec, err, errlen);
		if (r == 1) {
			if (l->sp) {
				sp_close(l->sp);
				sp_free_port(l->sp);
				l->sp = NULL;
			}
			l->kind = LNK_TTY;
			r = open_tty(l, spec, err, errlen);
		}
	}
	if (r < 0) {
		lnk_close(l);
		return r;
	}
	l->wire_until = now_ms();
	*out = l;
	return 0;
}

void lnk_close(lnk_link *l)
{
	if (!l)
		return;
	if (l->sp) {
		sp_close(l->sp);
		sp_free_port(l->sp);
	} else if (l->fd >= 0) {
		if (l->kind == LNK_TTY && l->saved_ok)
			tcsetattr(l->fd, TCSANOW, &l->saved);
		close(l->fd);
	}
	free(l);
}

/*** Listening ***/

int lnk_listen(const char *spec, lnk_listener **out, char *err,
	       size_t errlen)
{
	char host[256], port[16];
	struct addrinfo hints = {0}, *res = NULL;
	struct sockaddr_storage ss = {0};
	socklen_t sl = sizeof ss;
	lnk_listener *l;
	int fd, one = 1, g, e;

	*out = NULL;
	if (split_tcp(spec, host, sizeof host, port, sizeof port, 0) != 0) {
		seterr(err, errlen, "%s: expected tcp:PORT or tcp:HOST:PORT",
		       spec);
		return -EINVAL;
	}
	hints.ai_family = AF_UNSPEC;
	hints.ai_socktype = SOCK_STREAM;
	hints.ai_flags = AI_PASSIVE;
	g = getaddrinfo(host[0] && strcmp(host, "*") != 0 ? host : NULL, port,
			&hints, &res);
	if (g != 0) {
		seterr(err, errlen, "%s: %s", spec, gai_strerror(g));
		return -EINVAL;
	}
	fd = socket(res->ai_family, res->ai_socktype | SOCK_CLOEXEC,
		    res->ai_protocol);
	if (fd < 0 ||
	    setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one) != 0 ||
	    bind(fd, res->ai_addr, res->ai_addrlen) != 0 ||
	    listen(fd, 1) != 0 ||
	    getsockname(fd, (struct sockaddr *)&ss, &sl) != 0) {
		e = errno;
		if (fd >= 0)
			close(fd);
		freeaddrinfo(res);
		seterr(err, errlen, "%s: %s", spec, strerror(e));
		return -e;
	}
	freeaddrinfo(res);
	l = malloc(sizeof *l);
	if (!l) {
		close(fd);
		seterr(err, errlen, "%s: out of memory", spec);
		return -ENOMEM;
	}
	l->fd = fd;
	/* (copied out rather than read through a cast pointer) */
	if (ss.ss_family == AF_INET6) {
		struct sockaddr_in6 a6;

		memcpy(&a6, &ss, sizeof a6);
		l->port = ntohs(a6.sin6_port);
	} else {
		struct sockaddr_in a4;

		memcpy(&a4, &ss, sizeof a4);
		l->port = ntohs(a4.sin_port);
	}
	*out = l;
	return 0;
}

int lnk_listener_fd(const lnk_listener *l) { return l->fd; }
int lnk_listener_port(const lnk_listener *l) { return l->port; }

int lnk_accept(lnk_listener *ls, const lnk_options *opt, int timeout_ms,
	       lnk_link **out)
{
	struct pollfd p = {.fd = ls->fd, .events = POLLIN};
	char name[64];
	lnk_link *l;
	int r, fd;

	*out = NULL;
	r = poll(&p, 1, timeout_ms);
	if (r < 0)
		return errno == EINTR ? 0 : -errno; /* a signal: look again */
	if (r == 0)
		return 0;
	fd = accept4(ls->fd, NULL, NULL, SOCK_CLOEXEC);
	if (fd < 0)
		return errno == EAGAIN || errno == ECONNABORTED ? 0 : -errno;
	snprintf(name, sizeof name, "tcp:%d", ls->port);
	l = link_new(name, LNK_TCP);
	if (!l) {
		close(fd);
		return -ENOMEM;
	}
	apply_options(l, opt);
	if (l->parity == LNK_PARITY_AUTO)
		l->parity = LNK_PARITY_HW;
	tcp_tune(fd);
	l->fd = fd;
	l->wire_until = now_ms();
	*out = l;
	return 1;
}

void lnk_listener_close(lnk_listener *l)
{
	if (!l)
		return;
	close(l->fd);
	free(l);
}

/*** Bytes ***/

/* The far side is gone: EOF on a socket, EIO on a tty whose other end
 * closed or whose adapter was unplugged. */
static int gone(int e)
{
	return e == EIO || e == EPIPE || e == ECONNRESET || e == ENODEV ||
	       e == ENXIO || e == ESHUTDOWN;
}

int lnk_write(lnk_link *l, const uint8_t *bytes, size_t n)
{
	uint8_t chunk[512];
	size_t done = 0;

	l->wire_until = (l->wire_until > now_ms() ? l->wire_until : now_ms()) +
			lnk_wire_ms(n, l->speed);
	while (done < n) {
		size_t k = n - done < sizeof chunk ? n - done : sizeof chunk;
		size_t off = 0;

		for (size_t i = 0; i < k; i++)
			chunk[i] = l->parity == LNK_PARITY_SOFT
					   ? with_parity(bytes[done + i])
					   : (uint8_t)(bytes[done + i] & 0x7F);
		while (off < k) {
			ssize_t w;

			if (l->kind == LNK_TCP)
				w = send(l->fd, chunk + off, k - off,
					 MSG_NOSIGNAL);
			else
				w = write(l->fd, chunk + off, k - off);
			if (w > 0) {
				off += (size_t)w;
				continue;
			}
			if (w < 0 && errno == EINTR)
				continue;
			if (w < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) {
				struct pollfd p = {.fd = l->fd,
						   .events = POLLOUT};

				if (poll(&p, 1, -1) < 0 && errno != EINTR)
					return -errno;
				if (p.revents & (POLLERR | POLLHUP) &&
				    !(p.revents & POLLOUT))
					return -EPIPE;
				continue;
			}
			return w == 0 || gone(errno) ? -EPIPE : -errno;
		}
		done += k;
		l->stats.bytes_out += k;
	}
	return 0;
}

int lnk_drain(lnk_link *l)
{
	double left;

	if (l->sp) {
		enum sp_return r = sp_drain(l->sp);

		return r == SP_OK ? 0 : -sp_errno(r);
	}
	/* No wire: the peer has the bytes already. Wait the time they
	 * would take on one, but at most DRAIN_MAX_MS: enough for a peer
	 * that plays a UART to read a command at the old speed before the
	 * caller switches, without making it wait a whole page's wire time
	 * that the peer did not have to wait for. */
	left = l->wire_until - now_ms();
	sleep_ms(left < DRAIN_MAX_MS ? left : DRAIN_MAX_MS);
	l->wire_until = now_ms();
	return 0;
}

/* Keeps the good bytes of raw[0..n) in place; returns how many. */
static size_t filter_input(lnk_link *l, uint8_t *raw, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		uint8_t b = raw[i];

		if (l->parity == LNK_PARITY_SOFT) {
			if (__builtin_parity(b)) {
				l->stats.parity_errors++;
				continue;
			}
		} else if (l->kind != LNK_TCP) {
			/* PARMRK: FF FF is a real FF (not in 7 bits, but
			 * harmless), FF 00 x is x received with an error. */
			if (l->mark == 0 && b == 0xFF) {
				l->mark = 1;
				continue;
			}
			if (l->mark == 1) {
				l->mark = b == 0x00 ? 2 : 0;
				if (b == 0x00)
					continue;
			} else if (l->mark == 2) {
				l->mark = 0;
				l->stats.parity_errors++;
				continue;
			}
		}
		raw[k++] = b & 0x7F;
	}
	l->stats.bytes_in += k;
	return k;
}

ssize_t lnk_read(lnk_link *l, uint8_t *buf, size_t cap, int timeout_ms)
{
	struct pollfd p = {.fd = l->fd, .events = POLLIN};
	double deadline = now_ms() + timeout_ms;

	if (cap == 0)
		return 0;
	for (;;) {
		int wait = timeout_ms < 0 ? -1
			   : (int)(deadline - now_ms() > 0
					   ? deadline - now_ms() + 0.999
					   : 0);
		int r = poll(&p, 1, wait);
		ssize_t got;
		size_t k;

		if (r < 0) {
			if (errno == EINTR)
				return 0;
			return -errno;
		}
		if (r == 0)
			return 0;
		if (p.revents & POLLNVAL)
			return -EBADF;
		got = l->kind == LNK_TCP ? recv(l->fd, buf, cap, 0)
					 : read(l->fd, buf, cap);
		if (got == 0)
			return -EPIPE;
		if (got < 0) {
			if (errno == EAGAIN || errno == EINTR)
				continue;
			return gone(errno) ? -EPIPE : -errno;
		}
		k = filter_input(l, buf, (size_t)got);
		if (k > 0 || timeout_ms == 0 || now_ms() >= deadline)
			return (ssize_t)k;
	}
}

int lnk_set_speed(lnk_link *l, int baud)
{
	if (!lnk_speed_valid(baud))
		return -EINVAL;
	if (l->sp) {
		enum sp_return r = sp_set_baudrate(l->sp, baud);

		if (r != SP_OK)
			return -sp_errno(r);
		/* libserialport rewrites the termios: put the marks back. */
		tty_configure(l->fd, baud, l->parity, 0);
	} else if (l->kind == LNK_TTY) {
		struct termios t;

		if (tcgetattr(l->fd, &t) != 0)
			return -errno;
		cfsetispeed(&t, termios_speed(baud));
		cfsetospeed(&t, termios_speed(baud));
		if (tcsetattr(l->fd, TCSANOW, &t) != 0)
			return -errno;
	}
	l->speed = baud;
	return 0;
}

int lnk_speed(const lnk_link *l) { return l->speed; }

void lnk_flush_input(lnk_link *l)
{
	uint8_t junk[256];

	if (l->sp)
		sp_flush(l->sp, SP_BUF_INPUT);
	else if (l->kind == LNK_TTY)
		tcflush(l->fd, TCIFLUSH);
	/* and whatever a socket (or the kernel, meanwhile) still holds */
	while (l->kind == LNK_TCP && recv(l->fd, junk, sizeof junk, 0) > 0)
		;
	l->mark = 0;
}

int lnk_fd(const lnk_link *l) { return l->fd; }
lnk_kind lnk_kind_of(const lnk_link *l) { return l->kind; }
lnk_parity lnk_parity_of(const lnk_link *l) { return l->parity; }
const char *lnk_name(const lnk_link *l) { return l->name; }
void lnk_get_stats(const lnk_link *l, lnk_stats *st) { *st = l->stats; }

const char *lnk_describe(const lnk_link *l)
{
	static const char *const what[3][2] = {
		{"serial port, 7E1",
		 "serial port, 8N1 with the parity computed here"},
		{"terminal device, 7-bit bytes",
		 "terminal device, 8N1 with the parity computed here"},
		{"TCP, 7-bit bytes", "TCP, 8 bits with the parity computed here"},
	};

	return what[l->kind][l->parity == LNK_PARITY_SOFT];
}

/*** Ports ***/

int lnk_list_ports(char **out)
{
	struct sp_port **ports = NULL;
	char *text = NULL;
	size_t len = 0;
	FILE *f;
	int n = 0;

	*out = NULL;
	f = open_memstream(&text, &len);
	if (!f)
		return -ENOMEM;
	if (sp_list_ports(&ports) == SP_OK) {
		for (; ports[n]; n++) {
			struct sp_port *p = ports[n];
			const char *desc = sp_get_port_description(p);
			int vid, pid;

			fprintf(f, "%s\t%s", sp_get_port_name(p),
				desc ? desc : "");
			if (sp_get_port_transport(p) == SP_TRANSPORT_USB &&
			    sp_get_port_usb_vid_pid(p, &vid, &pid) == SP_OK) {
				const char *m = sp_get_port_usb_manufacturer(p);
				const char *s = sp_get_port_usb_serial(p);

				fprintf(f, " (USB %04x:%04x%s%s%s%s)", vid,
					pid, m ? ", " : "", m ? m : "",
					s ? ", serial " : "", s ? s : "");
			}
			fputc('\n', f);
		}
		sp_free_port_list(ports);
	}
	if (fclose(f) != 0) {
		free(text);
		return -ENOMEM;
	}
	*out = text;
	return n;
}
