/* tools/demo.c -- minitel demo: what `make run` shows until the emulator
 * window exists.
 *
 * Prints a built-in welcome screen, then every bundled sample page
 * (pages/ *.vdt, sorted), each decoded from power-on and rendered in 24-bit
 * ANSI colours (tools/ansi.c). The welcome screen is itself a Videotex
 * stream, decoded like any page. */
#include <dirent.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ansi.h"
#include "cmd.h"
#include "util.h"
#include "videotex/term.h"

#define USAGE "minitel demo [--pages DIR]"
#define PAGES_DIR "pages"
#define MAX_PAGES 256

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Shows a welcome screen, then every sample page DIR/ *.vdt (default\n"
	"DIR: pages, in name order; none is an empty list), in 24-bit ANSI\n"
	"colours on stdout. What `make run` runs.\n"
	"\n"
	"  --pages DIR the folder of sample pages\n"
	"  -h, --help  this help\n"
	"\n"
	"Exit status: 0 success, 1 an unreadable page, 2 usage error.\n";

/* Videotex codes used to write the welcome screen (videotex.md §3-§5). */
#define FF "\x0c"
#define SO "\x0e"
#define SI "\x0f"
#define ESC "\x1b"
#define REP "\x12"
#define CAN "\x18"
#define US "\x1f" /* + row, column: 0x40 + each */
#define RED ESC "\x41"
#define GREEN ESC "\x42"
#define YELLOW ESC "\x43"
#define BLUE ESC "\x44"
#define CYAN ESC "\x46"
#define WHITE ESC "\x47"
#define BG_BLUE ESC "\x54"
#define DOUBLE_SIZE ESC "\x4f"
#define DOUBLE_HEIGHT ESC "\x4d"
#define E_ACUTE "\x19\x42\x65"

/* A mosaic band of four colours, ten cells each (1 + REP 9). */
#define BAND(code) \
	SO RED code REP "\x49" YELLOW code REP "\x49" GREEN code REP "\x49" \
	BLUE code REP "\x49" SI

static const char welcome[] =
	FF
	US "\x41\x41" BAND("\x7f")
	US "\x42\x41" BAND("\x23")
	US "\x44\x4e" DOUBLE_SIZE CYAN "MINITEL"
	US "\x46\x4d" DOUBLE_HEIGHT YELLOW "toolkit Vid" E_ACUTE "otex"
	US "\x47\x41" BAND("\x70")
	US "\x49\x42" "Reads, checks and rewrites Minitel"
	US "\x4a\x42" "pages (.vdt files: raw Vid" E_ACUTE "otex bytes)."
	US "\x4c\x42" YELLOW "Commands:"
	US "\x4d\x43" CYAN "decode  " WHITE "the screen a page draws"
	US "\x4e\x43" CYAN "stat    " WHITE "size, pages, time on the line"
	US "\x4f\x43" CYAN "optimize" WHITE " a page in fewer bytes"
	US "\x50\x43" CYAN "demo    " WHITE "this screen"
	US "\x51\x43" CYAN "help CMD" WHITE " what a command does"
	US "\x54\x42" "Try: " GREEN "minitel decode --ansi FILE.vdt"
	US "\x57\x41" BAND("\x2c")
	US "\x58\x41" BG_BLUE " " WHITE " minitel --help: all the options" CAN;

/* Decodes `len` bytes from power-on and prints them in colour. */
static int show(const uint8_t *bytes, size_t len)
{
	static vtx_screen screen;
	vtx_buf out = {0};
	int ret = vtx_decode(bytes, len, &screen);

	if (ret == 0)
		ret = ansi_render(&screen, &out);
	if (ret == 0 && out.len > 0 &&
	    fwrite(out.data, 1, out.len, stdout) != out.len)
		ret = -EIO;
	vtx_buf_free(&out);
	return ret;
}

static int is_vdt(const char *name)
{
	size_t n = strlen(name);

	return n > 4 && name[0] != '.' && strcmp(name + n - 4, ".vdt") == 0;
}

static int compare_names(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The sample pages of `dir`, sorted, as heap strings; returns the count
 * (0 when the folder is absent). */
static int list_pages(const char *dir, char *names[MAX_PAGES])
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int n = 0;

	if (!d)
		return 0;
	while ((e = readdir(d)) != NULL && n < MAX_PAGES) {
		if (is_vdt(e->d_name) && (names[n] = strdup(e->d_name)))
			n++;
	}
	closedir(d);
	qsort(names, (size_t)n, sizeof names[0], compare_names);
	return n;
}

static int show_page(const char *dir, const char *name)
{
	char path[4096];
	uint8_t *bytes;
	size_t len;
	int ret;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	ret = util_read_file(path, &bytes, &len);
	if (ret < 0)
		return util_file_error(path, ret);
	printf("\n%s (%zu bytes)\n", path, len);
	ret = show(bytes, len);
	free(bytes);
	return ret < 0 ? util_file_error(path, ret) : 0;
}

int cmd_demo(int argc, char **argv)
{
	static const util_opt opts[] = {{"pages", 0, 1}, {"help", 'h', 0}};
	const char *dir = PAGES_DIR;
	char *names[MAX_PAGES];
	util_args a;
	int o, n, status = UTIL_EXIT_OK;

	util_args_init(&a, argc, argv);
	while ((o = util_args_next(&a, opts, 2)) != UTIL_OPT_END) {
		if (o == 0) {
			dir = a.value;
		} else if (o == 1) {
			fputs(help, stdout);
			return UTIL_EXIT_OK;
		} else {
			return util_usage_error("demo", USAGE, "%s",
				o == UTIL_OPT_ARG ? "no arguments" : a.error);
		}
	}
	if (show((const uint8_t *)welcome, sizeof welcome - 1) < 0)
		return util_error("welcome screen", "out of memory");
	n = list_pages(dir, names);
	for (int i = 0; i < n; i++) {
		if (show_page(dir, names[i]) != 0)
			status = UTIL_EXIT_INPUT;
		free(names[i]);
	}
	fflush(stdout);
	return status;
}
