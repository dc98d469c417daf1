/* tests/unit/test_link.c -- link/link.c over pseudo-terminals and TCP:
 * framing and parity (videotex.md §1), speeds, the wire time of drain,
 * timeouts, the far side going away, errors for people. */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <pty.h>
#include <stdlib.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "check.h"
#include "link/link.h"

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

/* Reads exactly n bytes from fd within a second; returns how many. */
static size_t read_n(int fd, uint8_t *buf, size_t n)
{
	size_t got = 0;
	double end = now_ms() + 1000;

	while (got < n && now_ms() < end) {
		struct pollfd p = {.fd = fd, .events = POLLIN};
		ssize_t k;

		if (poll(&p, 1, 100) <= 0)
			continue;
		k = read(fd, buf + got, n - got);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return got;
}

typedef struct pty {
	int master, slave;
	char name[64];
} pty;

static int pty_open(pty *p)
{
	if (openpty(&p->master, &p->slave, p->name, NULL, NULL) != 0)
		return -1;
	return 0;
}

static void pty_close(pty *p)
{
	if (p->master >= 0)
		close(p->master);
	if (p->slave >= 0)
		close(p->slave);
}

static void test_tty_hw(void)
{
	pty p;
	lnk_link *l = NULL;
	char err[256] = "";
	struct termios t;
	uint8_t buf[16];
	lnk_stats st;
	static const uint8_t out[] = {0x1B, 0x39, 0x7B, 0x41};
	static const uint8_t in[] = {0xC1, 0x13, 0xC8};
	ssize_t k;

	if (!OK(pty_open(&p) == 0, "openpty"))
		return;
	INT_EQ(lnk_open(p.name, NULL, &l, err, sizeof err), 0, "open %s: %s",
	       p.name, err);
	if (!l) {
		pty_close(&p);
		return;
	}
	INT_EQ(lnk_kind_of(l), LNK_TTY, "a pseudo-terminal is opened with "
	       "termios (libserialport 0.1.1 cannot)");
	INT_EQ(lnk_parity_of(l), LNK_PARITY_HW, "auto parity on a pty: "
	       "plain 7-bit bytes");
	INT_EQ(lnk_speed(l), 1200, "power-on speed 1200 (§1)");
	OK(tcgetattr(p.slave, &t) == 0, "tcgetattr");
	INT_EQ(cfgetospeed(&t), B1200, "the tty is set to 1200 baud");
	/* (Linux keeps a pseudo-terminal at CS8 whatever is asked: the
	 * 7E1 frame itself can only be checked on a real port.) */
	INT_EQ(t.c_lflag & (ICANON | ECHO), 0, "raw: no line editing, no "
	       "echo");

	INT_EQ(lnk_write(l, out, sizeof out), 0, "write");
	INT_EQ(read_n(p.master, buf, sizeof out), sizeof out, "bytes arrive");
	MEM_EQ(buf, out, sizeof out, "as they were written");

	INT_EQ(write(p.master, in, sizeof in), sizeof in, "peer writes");
	k = lnk_read(l, buf, sizeof buf, 1000);
	INT_EQ(k, 3, "read");
	OK(buf[0] == 0x41 && buf[1] == 0x13 && buf[2] == 0x48,
	   "received bytes are masked to 7 bits (§1, 8N1 hosts)");

	INT_EQ(lnk_set_speed(l, 4800), 0, "set 4800");
	OK(tcgetattr(p.slave, &t) == 0, "tcgetattr");
	INT_EQ(cfgetospeed(&t), B4800, "the tty now runs at 4800: a peer "
	       "holding it can see the speed");
	INT_EQ(lnk_set_speed(l, 2400), -EINVAL, "2400 is not a Minitel "
	       "speed");
	INT_EQ(lnk_speed(l), 4800, "speed unchanged by a refused value");

	lnk_get_stats(l, &st);
	INT_EQ(st.bytes_out, 4, "bytes out counted");
	INT_EQ(st.bytes_in, 3, "bytes in counted");
	lnk_close(l);
	OK(tcgetattr(p.slave, &t) == 0 && (t.c_lflag & ICANON),
	   "closing restores the tty's settings");
	pty_close(&p);
}

static void test_tty_soft(void)
{
	pty p;
	lnk_link *l = NULL;
	lnk_options o = {.speed = 1200, .parity = LNK_PARITY_SOFT};
	char err[256] = "";
	struct termios t;
	uint8_t buf[16];
	/* 'A' = 41 has two 1 bits: parity 0; 'C' = 43 three: parity 1 */
	static const uint8_t out[] = {0x41, 0x43, 0x7F};
	static const uint8_t want[] = {0x41, 0xC3, 0xFF};
	static const uint8_t in[] = {0xC1, 0xC3, 0x41, 0x43};
	lnk_stats st;
	ssize_t k;

	if (!OK(pty_open(&p) == 0, "openpty"))
		return;
	INT_EQ(lnk_open(p.name, &o, &l, err, sizeof err), 0, "open: %s", err);
	if (!l) {
		pty_close(&p);
		return;
	}
	INT_EQ(lnk_parity_of(l), LNK_PARITY_SOFT, "soft parity kept");
	OK(tcgetattr(p.slave, &t) == 0, "tcgetattr");
	INT_EQ(t.c_cflag & (CSIZE | PARENB), CS8, "soft parity: 8N1 (the "
	       "same 10-bit frame)");
	INT_EQ(lnk_write(l, out, sizeof out), 0, "write");
	INT_EQ(read_n(p.master, buf, sizeof out), sizeof out, "bytes arrive");
	MEM_EQ(buf, want, sizeof want, "bit 7 = even parity of the 7 data "
	       "bits");
	INT_EQ(write(p.master, in, sizeof in), sizeof in, "peer writes");
	k = lnk_read(l, buf, sizeof buf, 1000);
	while (k >= 0 && k < 2) {
		ssize_t more = lnk_read(l, buf + k, sizeof buf - (size_t)k,
					300);

		if (more <= 0)
			break;
		k += more;
	}
	INT_EQ(k, 2, "two bytes with good parity");
	OK(k == 2 && buf[0] == 0x43 && buf[1] == 0x41, "C1 (odd) and 43 "
	   "(odd) dropped, C3 and 41 kept, masked");
	lnk_get_stats(l, &st);
	INT_EQ(st.parity_errors, 2, "parity errors counted, never shown");
	lnk_close(l);
	pty_close(&p);
}

static void test_timing_and_hangup(void)
{
	pty p;
	lnk_link *l = NULL;
	char err[256] = "";
	uint8_t buf[128] = {0};
	double t0;
	ssize_t k;

	if (!OK(pty_open(&p) == 0, "openpty"))
		return;
	INT_EQ(lnk_open(p.name, NULL, &l, err, sizeof err), 0, "open: %s",
	       err);
	if (!l) {
		pty_close(&p);
		return;
	}
	t0 = now_ms();
	k = lnk_read(l, buf, sizeof buf, 150);
	INT_EQ(k, 0, "nothing to read: timeout");
	OK(now_ms() - t0 >= 140, "the timeout was waited (%.0f ms)",
	   now_ms() - t0);
	OK(lnk_wire_ms(120, 1200) > 999.9 && lnk_wire_ms(120, 1200) < 1000.1,
	   "120 bytes take 1 s at 1200 baud (10 bits a byte, §1)");
	t0 = now_ms();
	INT_EQ(lnk_write(l, buf, 6), 0, "write 6 bytes");
	INT_EQ(lnk_drain(l), 0, "drain");
	OK(now_ms() - t0 >= 48, "drain waits their wire time at 1200 baud: "
	   "%.0f ms of 50", now_ms() - t0);
	read_n(p.master, buf, 6);
	t0 = now_ms();
	INT_EQ(lnk_write(l, buf, 120), 0, "write 120 bytes");
	INT_EQ(lnk_drain(l), 0, "drain");
	OK(now_ms() - t0 >= 98 && now_ms() - t0 < 900, "... but on a pty "
	   "(no wire) at most 100 ms, not a second: %.0f ms", now_ms() - t0);
	read_n(p.master, buf, 120);
	close(p.master);
	p.master = -1;
	k = lnk_read(l, buf, sizeof buf, 1000);
	INT_EQ(k, -EPIPE, "the far side closed: -EPIPE, not a hang");
	INT_EQ(lnk_write(l, buf, 4), -EPIPE, "writing to a closed pty: "
	       "-EPIPE");
	lnk_close(l);
	pty_close(&p);
}

static void test_tcp(void)
{
	lnk_listener *ls = NULL;
	lnk_link *a = NULL, *b = NULL;
	char err[256] = "", spec[64];
	uint8_t buf[16];
	static const uint8_t msg[] = {0x0C, 0x41, 0xC2};
	ssize_t k;

	INT_EQ(lnk_listen("tcp:127.0.0.1:0", &ls, err, sizeof err), 0,
	       "listen: %s", err);
	if (!ls)
		return;
	OK(lnk_listener_port(ls) > 0, "a free port was picked");
	INT_EQ(lnk_accept(ls, NULL, 50, &b), 0, "no client yet: timeout");
	snprintf(spec, sizeof spec, "tcp:127.0.0.1:%d", lnk_listener_port(ls));
	INT_EQ(lnk_open(spec, NULL, &a, err, sizeof err), 0, "connect: %s",
	       err);
	INT_EQ(lnk_accept(ls, NULL, 1000, &b), 1, "accept");
	if (a && b) {
		INT_EQ(lnk_kind_of(a), LNK_TCP, "TCP link");
		INT_EQ(lnk_write(a, msg, sizeof msg), 0, "send");
		k = lnk_read(b, buf, sizeof buf, 1000);
		INT_EQ(k, 3, "received");
		OK(k == 3 && buf[0] == 0x0C && buf[1] == 0x41 &&
		   buf[2] == 0x42, "7-bit bytes over TCP");
		lnk_close(a);
		a = NULL;
		INT_EQ(lnk_read(b, buf, sizeof buf, 1000), -EPIPE,
		       "peer closed: -EPIPE");
	}
	lnk_close(a);
	lnk_close(b);
	lnk_listener_close(ls);
}

static void test_errors(void)
{
	lnk_link *l = NULL;
	lnk_options o = {.speed = 2400};
	char err[256] = "";

	OK(lnk_open("/nonexistent/ttyUSB9", NULL, &l, err, sizeof err) < 0 &&
	   !l, "a missing port fails");
	OK(strstr(err, "/nonexistent/ttyUSB9") && strstr(err, "minitel ports"),
	   "the message names the port and points to `minitel ports`: %s",
	   err);
	OK(lnk_open("/dev/null", NULL, &l, err, sizeof err) == -ENOTTY && !l,
	   "/dev/null is not a serial port");
	OK(strstr(err, "not a serial port") != NULL, "said so: %s", err);
	INT_EQ(lnk_open("tcp:nowhere", NULL, &l, err, sizeof err), -EINVAL,
	       "tcp: without a port");
	OK(strstr(err, "tcp:HOST:PORT") != NULL, "usage in the message: %s",
	   err);
	INT_EQ(lnk_open("/dev/ptmx", &o, &l, err, sizeof err), -EINVAL,
	       "2400 baud refused");
	OK(strstr(err, "1200") != NULL, "the message lists the speeds: %s",
	   err);
	INT_EQ(lnk_speed_valid(9600) + lnk_speed_valid(300) +
	       lnk_speed_valid(4800) + lnk_speed_valid(1200) +
	       lnk_speed_valid(2400) + lnk_speed_valid(0), 4,
	       "the port's speeds: 300, 1200, 4800, 9600 (§1)");
}

int main(void)
{
	test_tty_hw();
	test_tty_soft();
	test_timing_and_hangup();
	test_tcp();
	test_errors();
	return check_done();
}
