/* tests/window/winview.c -- `minitel view` in a window, through
 * tools/view_window.c alone: for tests/unit/test_window.c, which needs a
 * window while tools/view.c does not open one yet, and for trying the
 * window by hand. Linked like bin/minitel (SDL); not a test program
 * itself (tests/run.sh does not run it).
 *
 *   winview [--speed B] [--scale N] [--colour] [--fullscreen]
 *           [--shots DIR] [--keylog F] [-v] FILE.vdt
 *   winview [options] --connect tcp:HOST:PORT */
#include <stdio.h>
#include <stdlib.h>

#include "tools/util.h"
#include "tools/view_window.h"

#define USAGE "winview [--speed B] [--scale N] [--colour] [--fullscreen] " \
	      "[--shots DIR] [--keylog F] [-v] (FILE.vdt | --connect " \
	      "tcp:HOST:PORT)"

/* The options into o; an exit status. */
static int parse(int argc, char **argv, view_window_opts *o,
		 const char **file, const char **connect)
{
	static const util_opt opts[] = {
		{"speed", 0, 1},   {"scale", 0, 1},  {"colour", 0, 0},
		{"fullscreen", 0, 0}, {"shots", 0, 1}, {"keylog", 0, 1},
		{"verbose", 'v', 0}, {"connect", 0, 1}};
	util_args a;
	int k;

	util_args_init(&a, argc, argv);
	while ((k = util_args_next(&a, opts, 8)) != UTIL_OPT_END) {
		int bad = 0;

		switch (k) {
		case UTIL_OPT_ARG: *file = a.value; break;
		case 0: bad = view_window_speed(a.value, &o->speed); break;
		case 1: bad = view_window_scale(a.value, &o->scale); break;
		case 2: o->colour = 1; break;
		case 3: o->fullscreen = 1; break;
		case 4: o->screenshot_dir = a.value; break;
		case 5: o->keylog = a.value; break;
		case 6: o->verbose = 1; break;
		case 7: *connect = a.value; break;
		default:
			return util_usage_error("winview", USAGE, "%s",
						a.error);
		}
		if (bad)
			return util_usage_error("winview", USAGE,
						"bad value '%s'", a.value);
	}
	if (!*file == !*connect)
		return util_usage_error("winview", USAGE,
					"one FILE or --connect");
	return UTIL_EXIT_OK;
}

int main(int argc, char **argv)
{
	view_window_opts o;
	const char *file = NULL, *connect = NULL;
	uint8_t *data;
	size_t len;
	int ret;

	view_window_opts_init(&o);
	ret = parse(argc, argv, &o, &file, &connect);
	if (ret != 0)
		return ret;
	if (connect)
		return view_window_connect(connect, &o);
	ret = util_read_file(file, &data, &len);
	if (ret < 0)
		return util_file_error(file, ret);
	ret = view_window_file(data, len, util_name(file), &o);
	free(data);
	return ret;
}
