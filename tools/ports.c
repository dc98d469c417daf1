/* tools/ports.c -- minitel ports: the serial ports libserialport finds. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "link/link.h"
#include "util.h"

#define USAGE "minitel ports"

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Lists the serial ports of this machine, one a line: its name (what\n"
	"--port takes) and a description; USB adapters with their vendor and\n"
	"product ids, maker and serial number. Pseudo-terminals (/dev/pts/N)\n"
	"and tcp:HOST:PORT are not listed but work with --port too.\n"
	"\n"
	"  -h, --help  this help\n"
	"\n"
	"Exit status: 0 success (even with no port), 1 the ports could not\n"
	"be listed, 2 usage error.\n";

int cmd_ports(int argc, char **argv)
{
	static const util_opt opts[] = {{"help", 'h', 0}};
	util_args a;
	char *text;
	int k, n;

	util_args_init(&a, argc, argv);
	while ((k = util_args_next(&a, opts, 1)) != UTIL_OPT_END) {
		if (k == 0) {
			fputs(help, stdout);
			return UTIL_EXIT_OK;
		}
		if (k == UTIL_OPT_ARG)
			return util_usage_error("ports", USAGE,
						"no argument expected: %s",
						a.value);
		return util_usage_error("ports", USAGE, "%s", a.error);
	}
	n = lnk_list_ports(&text);
	if (n < 0)
		return util_error("minitel ports", "%s", strerror(-n));
	if (n == 0)
		fprintf(stderr, "minitel ports: no serial port found. Plug in "
			"the USB adapter (a 5 V TTL one: the Minitel's DIN port "
			"is not RS-232) and look again; `dmesg` tells whether "
			"Linux saw it.\n");
	else
		fputs(text, stdout);
	free(text);
	return UTIL_EXIT_OK;
}
