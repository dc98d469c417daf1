/* link/link.h -- the byte link to a Minitel's DIN port: a serial port
 * (libserialport), a pseudo-terminal or other tty (termios), or TCP.
 *
 * The Minitel's port speaks 7E1: 1 start bit, 7 data bits, even parity,
 * 1 stop bit (videotex.md §1, STUM §1-6-1-1). A link carries 7-bit bytes
 * both ways; the framing depends on `parity`:
 *   LNK_PARITY_HW    the UART does 7E1; on a real port, a byte received
 *                    with a parity error is counted (termios PARMRK) and
 *                    dropped, never passed on
 *   LNK_PARITY_SOFT  the UART does 8N1 (the same 10-bit frame) and bit 7
 *                    carries the even parity, computed on output and
 *                    checked on input (a bad byte is counted and dropped)
 *   LNK_PARITY_AUTO  a real port: 7E1 when the adapter accepts it, else
 *                    soft; a pseudo-terminal or TCP has no wire, so plain
 *                    7-bit bytes (as HW) -- the form emulators and
 *                    Videotex-over-TCP services use
 * Received bytes are always masked to 7 bits.
 *
 * Speeds: 300, 1200, 4800 or 9600 baud. A pseudo-terminal keeps the speed
 * in its termios (a peer holding the same tty sees it) but transmits at
 * once; TCP only records it. lnk_drain waits for the bytes written to
 * leave: tcdrain on a real port, and on a pseudo-terminal or TCP the time
 * they would take on a 7E1 wire at the link's speed, up to 100 ms (the
 * peer has them already), so that a peer playing a UART reads a command
 * (PRO2) at the old speed before the caller switches.
 *
 * Not thread-safe: one link, one thread. */
#ifndef LNK_LINK_H
#define LNK_LINK_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

typedef enum lnk_parity {
	LNK_PARITY_AUTO,
	LNK_PARITY_HW,
	LNK_PARITY_SOFT
} lnk_parity;

typedef enum lnk_kind {
	LNK_SERIAL, /* a port libserialport opened */
	LNK_TTY,    /* another tty (pseudo-terminal), through termios */
	LNK_TCP     /* a TCP connection, made or accepted */
} lnk_kind;

typedef struct lnk_options {
	int speed;         /* baud; 0 means 1200 */
	lnk_parity parity; /* LNK_PARITY_AUTO by default */
} lnk_options;

typedef struct lnk_stats {
	unsigned long bytes_in, bytes_out; /* 7-bit bytes passed */
	unsigned long parity_errors;       /* received bytes dropped */
} lnk_stats;

typedef struct lnk_link lnk_link; /* opaque: owns a descriptor */

/* Opens `spec`: "tcp:HOST:PORT" connects (at most a few seconds); any
 * other string is a device path ("/dev/ttyUSB0", "/dev/pts/3") or a port
 * name libserialport knows ("ttyUSB0"). A pseudo-terminal or other tty
 * that libserialport cannot open is opened with termios. Returns 0 and
 * *out, or -errno with a message for people in err (e.g. "/dev/ttyUSB0:
 * Permission denied (add yourself to the dialout group)"). opt may be
 * NULL (1200 baud, auto parity). */
int lnk_open(const char *spec, const lnk_options *opt, lnk_link **out,
	     char *err, size_t errlen);

/* A listening TCP socket, "tcp:PORT" or "tcp:HOST:PORT" (HOST "*" or
 * absent: all addresses). PORT 0 picks a free port (see
 * lnk_listener_port). */
typedef struct lnk_listener lnk_listener;
int lnk_listen(const char *spec, lnk_listener **out, char *err,
	       size_t errlen);
int lnk_listener_fd(const lnk_listener *l);   /* for poll() */
int lnk_listener_port(const lnk_listener *l); /* the TCP port bound */
/* Waits at most timeout_ms (-1: forever) for one client. Returns 1 and
 * *out, 0 on timeout or when a signal came, or -errno. opt as for
 * lnk_open. */
int lnk_accept(lnk_listener *l, const lnk_options *opt, int timeout_ms,
	       lnk_link **out);
void lnk_listener_close(lnk_listener *l); /* NULL is a no-op */

/* Closes the link (NULL is a no-op). Restores nothing on the far side. */
void lnk_close(lnk_link *l);

/* Writes all n bytes (bit 7 ignored; soft parity sets it), blocking.
 * Returns 0, or -EPIPE when the far side is gone (closed, hung up,
 * adapter unplugged), or another -errno. */
int lnk_write(lnk_link *l, const uint8_t *bytes, size_t n);

/* Waits until the bytes written have left (see above). 0 or -errno. */
int lnk_drain(lnk_link *l);

/* Reads up to cap bytes, waiting at most timeout_ms (0: do not wait; -1:
 * forever) for the first. Returns the number of 7-bit bytes stored (0 on
 * timeout; a read that only brought bytes with parity errors also
 * returns 0), or -EPIPE when the far side is gone, or another -errno. */
ssize_t lnk_read(lnk_link *l, uint8_t *buf, size_t cap, int timeout_ms);

/* Changes the link's speed (300, 1200, 4800, 9600); bytes not yet sent
 * may be garbled, as on a real UART. 0, -EINVAL for another speed, or
 * -errno from the port. */
int lnk_set_speed(lnk_link *l, int baud);
int lnk_speed(const lnk_link *l);

/* Throws away bytes received and not yet read. */
void lnk_flush_input(lnk_link *l);

int lnk_fd(const lnk_link *l); /* for poll(): readable when bytes wait */
lnk_kind lnk_kind_of(const lnk_link *l);
lnk_parity lnk_parity_of(const lnk_link *l); /* HW or SOFT, once open */
const char *lnk_name(const lnk_link *l);     /* the spec it was opened by */
/* What the link is, for people: "serial port, 7E1", "terminal device,
 * 8N1 with the parity computed here", "TCP, 7-bit bytes"... Static. */
const char *lnk_describe(const lnk_link *l);
void lnk_get_stats(const lnk_link *l, lnk_stats *st);

/* Nonzero for the speeds a Minitel port knows: 300, 1200, 4800, 9600. */
int lnk_speed_valid(int baud);

/* The wire time of n bytes at `baud`: 10 bits a byte (7E1), in ms. */
double lnk_wire_ms(size_t n, int baud);

/* The serial ports of this machine, for `minitel ports`: one line each,
 * "NAME\tDESCRIPTION" (USB adapters with their vendor, product and serial
 * number), written to *out (malloc'd, NUL-terminated; free()). Returns
 * the number of ports, or -errno. */
int lnk_list_ports(char **out);

#endif
