/* tools/send.c -- minitel send: page files to a Minitel, with progress.
 *
 * The bytes go out in slices of about a tenth of a second of line time;
 * after each one the link drains (tcdrain on a real port), so the bar and
 * the time left follow what has really left the adapter. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "cmd.h"
#include "link/driver.h"
#include "linkopt.h"
#include "util.h"

#define USAGE "minitel send --port PORT [OPTIONS] FILE.vdt..."
#define BAR 24

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Sends each FILE (- reads stdin) to the Minitel on PORT, in order,\n"
	"with a progress bar and the time left at the line speed on stderr.\n"
	"First the terminal is set up as `minitel serve` does (identified, its\n"
	"speed found and raised, echo off); at the end it is left sane\n"
	"(echo on, capitals, 1200 baud), with the last page showing.\n"
	"\n"
	LINKOPT_HELP
	"  --raw          no set-up and no restore: only the files' bytes, at\n"
	"                 --speed (default 1200)\n"
	"  --pause S      wait S seconds (0 to 3600) after each file but the\n"
	"                 last, to read the page\n"
	"  -h, --help     this help\n"
	"\n"
	"Exit status: 0 sent, 1 an unreadable file or a link that failed,\n"
	"2 usage error.\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

typedef struct file {
	const char *path;
	uint8_t *data;
	size_t len;
} file;

static void say(const char *line, void *user)
{
	(void)user;
	fprintf(stderr, "minitel send: %s\n", line);
}

static void bar(const file *f, size_t done, size_t left_all, int baud,
		int tty)
{
	int fill = f->len ? (int)(BAR * done / f->len) : BAR;
	char b[BAR + 1];

	if (!tty)
		return;
	memset(b, '#', (size_t)fill);
	memset(b + fill, '.', (size_t)(BAR - fill));
	b[BAR] = 0;
	fprintf(stderr, "\r%-20.20s [%s] %3d%% %zu/%zu B, %.1f s left ",
		util_name(f->path), b,
		f->len ? (int)(100 * done / f->len) : 100, done, f->len,
		lnk_wire_ms(left_all, baud) / 1000.0);
	fflush(stderr);
}

static int send_file(lnk_link *l, const file *f, size_t *left_all, int tty)
{
	int baud = lnk_speed(l);
	size_t slice = (size_t)baud / 100 > 16 ? (size_t)baud / 100 : 16;
	size_t done = 0;
	int r;

	bar(f, 0, *left_all, baud, tty);
	while (done < f->len && !stop) {
		size_t k = f->len - done < slice ? f->len - done : slice;

		if ((r = lnk_write(l, f->data + done, k)) < 0 ||
		    (r = lnk_drain(l)) < 0)
			return r;
		done += k;
		*left_all -= k;
		bar(f, done, *left_all, baud, tty);
	}
	if (tty)
		fputc('\n', stderr);
	else
		fprintf(stderr, "minitel send: %s: %zu bytes, %.1f s at %d "
			"baud\n", util_name(f->path), done,
			lnk_wire_ms(done, baud) / 1000.0, baud);
	return stop ? -ECANCELED : 0;
}

static int parse(int argc, char **argv, linkopt *lo, int *raw, long *pause,
		 file *files, int *nfiles)
{
	static const util_opt opts[] = {LINKOPT_OPTS, {"raw", 0, 0},
					{"pause", 0, 1}, {"help", 'h', 0}};
	util_args a;
	int k;

	util_args_init(&a, argc, argv);
	while ((k = util_args_next(&a, opts, LINKOPT_N + 3)) != UTIL_OPT_END) {
		if (k >= 0 && k < LINKOPT_N) {
			if (linkopt_set(lo, k, a.value, "send", USAGE) != 0)
				return UTIL_EXIT_USAGE;
			continue;
		}
		switch (k) {
		case UTIL_OPT_ARG:
			files[(*nfiles)++].path = a.value;
			break;
		case LINKOPT_N: *raw = 1; break;
		case LINKOPT_N + 1:
			if (util_parse_long(a.value, 0, 3600, pause) != 0)
				return util_usage_error("send", USAGE,
							"--pause: seconds, 0 "
							"to 3600, not %s",
							a.value);
			break;
		case LINKOPT_N + 2:
			fputs(help, stdout);
			return -1;
		default:
			return util_usage_error("send", USAGE, "%s", a.error);
		}
	}
	if (!lo->port)
		return util_usage_error("send", USAGE, "--port is required "
					"(minitel ports lists them)");
	if (*nfiles == 0)
		return util_usage_error("send", USAGE, "no file to send");
	return 0;
}

int cmd_send(int argc, char **argv)
{
	linkopt lo;
	file *files = calloc((size_t)argc + 1, sizeof *files);
	int nfiles = 0, raw = 0, ret, tty = isatty(2);
	long pause = 0;
	struct timespec tenth = {0, 100000000L};
	size_t total = 0;
	lnk_link *l = NULL;
	drv_driver *d = NULL;
	drv_terminal t;
	struct sigaction sa;
	char err[256];

	if (!files)
		return util_error("minitel send", "out of memory");
	linkopt_init(&lo);
	ret = parse(argc, argv, &lo, &raw, &pause, files, &nfiles);
	for (int i = 0; ret == 0 && i < nfiles; i++) {
		int r = util_read_file(files[i].path, &files[i].data,
				       &files[i].len);

		if (r < 0)
			ret = util_file_error(files[i].path, r);
		total += files[i].len;
	}
	if (ret == 0 && raw && lo.speed)
		lo.link.speed = lo.speed;
	if (ret == 0 && lnk_open(lo.port, &lo.link, &l, err, sizeof err) < 0)
		ret = util_error("minitel send", "%s", err);
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	if (ret == 0 && !raw) {
		drv_options o = {.speed = lo.speed,
				 .timeout_ms = lo.timeout_ms,
				 .log = say};

		d = drv_new(l, &o);
		if (!d || drv_setup(d, &t) < 0)
			ret = util_error(lo.port, "the link failed during the "
					 "set-up");
	}
	if (ret == 0)
		fprintf(stderr, "minitel send: %d file%s, %zu bytes, %.1f s "
			"at %d baud\n", nfiles, nfiles == 1 ? "" : "s", total,
			lnk_wire_ms(total, lnk_speed(l)) / 1000.0,
			lnk_speed(l));
	for (int i = 0; ret == 0 && i < nfiles; i++) {
		int r = send_file(l, &files[i], &total, tty);

		if (r == -ECANCELED) {
			fprintf(stderr, "minitel send: interrupted\n");
			break;
		}
		if (r < 0)
			ret = util_error(lo.port, "%s", strerror(-r));
		for (long s = 0; ret == 0 && i + 1 < nfiles && s < pause * 10 &&
				 !stop;
		     s++)
			nanosleep(&tenth, NULL);
	}
	if (d && ret == 0)
		drv_restore(d, &t);
	else if (l && ret == 0)
		lnk_drain(l);
	drv_free(d);
	lnk_close(l);
	for (int i = 0; i < nfiles; i++)
		free(files[i].data);
	free(files);
	return ret < 0 ? UTIL_EXIT_OK : ret;
}
