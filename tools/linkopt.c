/* tools/linkopt.c -- --port, --speed, --parity, --timeout. */
#include "linkopt.h"

#include <string.h>

void linkopt_init(linkopt *o)
{
	memset(o, 0, sizeof *o);
	o->link.speed = 1200; /* a Minitel's port at power-on (§1) */
	o->link.parity = LNK_PARITY_AUTO;
}

int linkopt_set(linkopt *o, int k, const char *value, const char *cmd,
		const char *usage)
{
	long v;

	switch (k) {
	case 0:
		o->port = value;
		return 0;
	case 1:
		if (strcmp(value, "auto") == 0) {
			o->speed = 0;
			return 0;
		}
		if (util_parse_long(value, 300, 9600, &v) != 0 ||
		    !lnk_speed_valid((int)v))
			return util_usage_error(cmd, usage, "--speed: 300, "
						"1200, 4800, 9600 or auto, "
						"not %s", value);
		o->speed = (int)v;
		return 0;
	case 2:
		if (strcmp(value, "hw") == 0)
			o->link.parity = LNK_PARITY_HW;
		else if (strcmp(value, "soft") == 0)
			o->link.parity = LNK_PARITY_SOFT;
		else if (strcmp(value, "auto") == 0)
			o->link.parity = LNK_PARITY_AUTO;
		else
			return util_usage_error(cmd, usage, "--parity: hw, "
						"soft or auto, not %s", value);
		return 0;
	default:
		if (util_parse_long(value, 10, 60000, &v) != 0)
			return util_usage_error(cmd, usage, "--timeout: "
						"milliseconds, 10 to 60000, "
						"not %s", value);
		o->timeout_ms = (int)v;
		return 0;
	}
}
