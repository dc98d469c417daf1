/* tools/stat.c -- minitel stat: size, pages and time on the wire.
 *
 * A Minitel line carries 10 bit-times per byte (start, 7 data, even
 * parity, stop: videotex.md §1), so a stream of B bytes takes B * 10 /
 * baud seconds. Pages are counted as the decoder sees FFs (an FF inside a
 * transparency sequence does not count). */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "page.h"
#include "util.h"

#define USAGE "minitel stat FILE.vdt..."
#define BITS_PER_BYTE 10

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"For each FILE (- reads stdin): its size in bytes, its pages (the FF\n"
	"codes the decoder executes) and the seconds it takes on the wire at\n"
	"1200, 4800 and 9600 baud (10 bits a byte: bytes * 10 / baud).\n"
	"With several files, a last line gives the totals. Unreadable files\n"
	"are reported on stderr and left out of the totals.\n"
	"\n"
	"  -h, --help  this help\n"
	"\n"
	"Exit status: 0 success, 1 some file unreadable, 2 usage error.\n";

static const long bauds[] = {1200, 4800, 9600};
#define NBAUDS (sizeof bauds / sizeof bauds[0])

typedef struct row {
	const char *name;
	size_t bytes;
	long pages;
} row;

static void print_row(const row *r, int width)
{
	printf("%-*s %9zu %6ld", width, r->name, r->bytes, r->pages);
	for (size_t i = 0; i < NBAUDS; i++)
		printf(" %9.2fs", (double)r->bytes * BITS_PER_BYTE / bauds[i]);
	printf("\n");
}

static void print_header(int width)
{
	printf("%-*s %9s %6s", width, "FILE", "BYTES", "PAGES");
	for (size_t i = 0; i < NBAUDS; i++)
		printf(" %7ld Bd", bauds[i]);
	printf("\n");
}

/* Reads and measures one file; returns 0, or -1 (the error printed). */
static int measure(const char *path, row *r)
{
	static page_result page;
	uint8_t *bytes;
	size_t len;
	int ret = util_read_file(path, &bytes, &len);

	if (ret == 0) {
		ret = page_decode(bytes, len, 0, path, 0, &page);
		free(bytes);
	}
	if (ret < 0) {
		util_file_error(path, ret);
		return -1;
	}
	r->name = util_name(path);
	r->bytes = len;
	r->pages = page.pages;
	return 0;
}

/* Gathers the file names at the front of argv (each slot is written after
 * it has been read); returns their count, or minus an exit status. */
static int parse_args(int argc, char **argv, int *help_asked)
{
	static const util_opt opts[] = {{"help", 'h', 0}};
	util_args a;
	int o, files = 0;

	util_args_init(&a, argc, argv);
	while ((o = util_args_next(&a, opts, 1)) != UTIL_OPT_END) {
		if (o == 0)
			*help_asked = 1;
		else if (o == UTIL_OPT_ARG)
			argv[files++] = (char *)a.value;
		else
			return -util_usage_error("stat", USAGE, "%s", a.error);
	}
	if (!*help_asked && files == 0)
		return -util_usage_error("stat", USAGE, "no input file");
	return files;
}

int cmd_stat(int argc, char **argv)
{
	int help_asked = 0, files = parse_args(argc, argv, &help_asked);
	int status = UTIL_EXIT_OK, width = (int)strlen("total"), n = 0;
	row *rows, total = {"total", 0, 0};

	if (files < 0)
		return -files;
	if (help_asked) {
		fputs(help, stdout);
		return UTIL_EXIT_OK;
	}
	rows = calloc((size_t)files, sizeof *rows);
	if (!rows)
		return util_error("minitel stat", "out of memory");
	for (int i = 0; i < files; i++) {
		if (measure(argv[i], &rows[n]) < 0) {
			status = UTIL_EXIT_INPUT;
			continue;
		}
		if ((int)strlen(rows[n].name) > width)
			width = (int)strlen(rows[n].name);
		total.bytes += rows[n].bytes;
		total.pages += rows[n].pages;
		n++;
	}
	if (n > 0)
		print_header(width);
	for (int i = 0; i < n; i++)
		print_row(&rows[i], width);
	if (files > 1 && n > 0)
		print_row(&total, width);
	free(rows);
	return status;
}
