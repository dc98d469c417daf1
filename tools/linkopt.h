/* tools/linkopt.h -- the link options shared by serve, send and doctor:
 * --port, --speed, --parity, --timeout. */
#ifndef MINITEL_TOOLS_LINKOPT_H
#define MINITEL_TOOLS_LINKOPT_H

#include "link/link.h"
#include "util.h"

typedef struct linkopt {
	const char *port;  /* --port: device, port name or tcp:HOST:PORT */
	lnk_options link;  /* parity; the link opens at 1200 baud */
	int speed;         /* --speed: wanted baud, 0 for auto */
	int timeout_ms;    /* --timeout: per answer, 0 for the default */
} linkopt;

/* The entries to put first in a command's util_opt table. */
#define LINKOPT_OPTS \
	{"port", 0, 1}, {"speed", 0, 1}, {"parity", 0, 1}, {"timeout", 0, 1}
#define LINKOPT_N 4

#define LINKOPT_HELP \
	"  --port PORT    the Minitel's port: a serial device (/dev/ttyUSB0,\n" \
	"                 a name from `minitel ports`), a pseudo-terminal\n" \
	"                 (/dev/pts/N), or tcp:HOST:PORT\n" \
	"  --speed S      1200, 4800, 9600, 300, or auto (default): the\n" \
	"                 fastest the identified model supports\n" \
	"  --parity P     hw (the adapter does 7E1), soft (8N1 with the\n" \
	"                 parity bit computed here, for adapters without a\n" \
	"                 7-bit mode) or auto (default: hw when the adapter\n" \
	"                 can; plain 7-bit bytes on pseudo-terminals and TCP)\n" \
	"  --timeout MS   how long to wait for each answer of the terminal\n" \
	"                 (default 1000)\n"

void linkopt_init(linkopt *o);

/* Option k (0 .. LINKOPT_N-1) with its value; 0, or a usage error
 * printed (returns UTIL_EXIT_USAGE). */
int linkopt_set(linkopt *o, int k, const char *value, const char *cmd,
		const char *usage);

#endif
