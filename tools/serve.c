/* tools/serve.c -- minitel serve: the notes on a real Minitel.
 *
 * The browsing session of `minitel view` (core/session), driven over a
 * serial port, a pseudo-terminal or TCP by link/serve, after the set-up of
 * link/driver; link/serve suits the pages to the terminal identified. */
#include <errno.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "linkopt.h"
#include "link/serve.h"
#include "notes.h"
#include "source.h"
#include "util.h"

#define USAGE "minitel serve --port PORT|--listen tcp:PORT [OPTIONS] " \
	      "[NOTES...|DIR]"
#define DEFAULT_SOURCE "pages/notes"

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Serves notes to a Minitel plugged into PORT, as `minitel view` shows\n"
	"them in its window: the sommaire, each entry's pages, search, GUIDE.\n"
	"NOTES are files or folders of BlogMax, Markdown or plain-text notes\n"
	"(default: " DEFAULT_SOURCE "), or DIR a folder written by `minitel\n"
	"export`.\n"
	"\n"
	"On connecting it identifies the terminal (ENQROM), finds the speed\n"
	"its port runs at, raises it to the fastest the model allows, turns\n"
	"the local echo off and the lower-case keyboard on. For a terminal\n"
	"without the VGP5 characters (Minitel 1, 1B) the notes are laid out\n"
	"again with \xC2\xA7 \xC3\x9F \xC3\xA4 \xC3\xB6 \xC3\xBC "
	"transliterated. What it finds, and\n"
	"each page served, are told on stderr. If the link is lost (USB\n"
	"adapter unplugged), it waits for the port to come back, sets the\n"
	"terminal up again and redraws the page the user was on. Ctrl-C\n"
	"leaves the Minitel sane: echo on, capitals, 1200 baud.\n"
	"\n"
	LINKOPT_HELP
	"  --listen tcp:PORT  instead of --port: wait for a terminal to\n"
	"                 connect over TCP (an emulator such as `minitel view\n"
	"                 --connect tcp:HOST:PORT`, or a gateway), one at a\n"
	"                 time; PORT 0 picks a free port (told on stderr)\n"
	"  --once         stop after the goodbye page of CONNEXION/FIN\n"
	"                 (otherwise any key starts again)\n"
	"  --format F     auto (default), blogmax, markdown or plain\n"
	"  --whole-pages  SUITE shows a whole new page (default: half a\n"
	"                 page, the rest moved up: half the time on the wire)\n"
	"  -h, --help     this help\n"
	"\n"
	"Wiring (DIN-5 socket of the Minitel): pin 1 RX (to the adapter's TX),\n"
	"pin 3 TX (to the adapter's RX, with a 10 kOhm pull-up to +5 V: the\n"
	"Minitel's output is open collector), pin 2 ground. 5 V TTL levels,\n"
	"not RS-232. `minitel doctor --port PORT` checks a link step by step.\n"
	"\n"
	"Exit status: 0 stopped (Ctrl-C) or done (--once), 1 unreadable\n"
	"notes or a port that cannot be opened, 2 usage error.\n";

static volatile sig_atomic_t stop;

static void on_signal(int sig)
{
	(void)sig;
	stop = 1;
}

/* The notes served: as laid out, and laid out again for a VGP2 chip
 * when such a terminal comes (an export folder cannot be laid out again:
 * link/serve gives its pages one-cell stand-ins instead). */
typedef struct served {
	notes_job nj;
	source all;   /* for VGP5 terminals (and export folders) */
	source vgp2;  /* made at the first VGP2 terminal */
	int export, vgp2_failed;
} served;

static int site_for(const drv_terminal *t, const vtx_screen **pages,
		    const lay_site **site, void *user)
{
	served *s = user;
	const source *src = &s->all;

	if (!t->vgp5 && !s->export && !s->vgp2_failed) {
		if (!s->vgp2.site) {
			s->nj.vgp2 = s->nj.quiet = 1;
			if (source_load(&s->nj, &s->vgp2) != 0) {
				source_free(&s->vgp2);
				s->vgp2_failed = 1; /* the stand-ins will do */
			}
		}
		if (s->vgp2.site)
			src = &s->vgp2;
	}
	*site = src->site;
	*pages = src->pages;
	return 0;
}

static void say(const char *line, void *user)
{
	(void)user;
	fprintf(stderr, "minitel serve: %s\n", line);
}

int cmd_serve(int argc, char **argv)
{
	static const util_opt opts[] = {
		LINKOPT_OPTS, {"once", 0, 0}, {"format", 0, 1},
		{"help", 'h', 0}, {"listen", 0, 1}, {"whole-pages", 0, 0}};
	static char def[] = DEFAULT_SOURCE;
	srv_options so = {0};
	linkopt lo;
	served sv = {0};
	notes_job *njp = &sv.nj;
	srv_stats st;
	struct sigaction sa;
	util_args a;
	int k, f, ret;

	njp->paths = calloc((size_t)argc + 1, sizeof *njp->paths);
	if (!njp->paths)
		return util_error("minitel serve", "out of memory");
	linkopt_init(&lo);
	util_args_init(&a, argc, argv);
	while ((k = util_args_next(&a, opts, LINKOPT_N + 5)) != UTIL_OPT_END) {
		if (k >= 0 && k < LINKOPT_N) {
			if (linkopt_set(&lo, k, a.value, "serve", USAGE) != 0) {
				free(njp->paths);
				return UTIL_EXIT_USAGE;
			}
			continue;
		}
		switch (k) {
		case UTIL_OPT_ARG:
			njp->paths[njp->npaths++] = (char *)a.value;
			break;
		case LINKOPT_N: so.once = 1; break;
		case LINKOPT_N + 1:
			if ((f = notes_format(a.value)) < 0) {
				free(njp->paths);
				return util_usage_error("serve", USAGE,
							NOTES_FORMAT_UNKNOWN,
							a.value);
			}
			njp->format = (mk_format)f;
			break;
		case LINKOPT_N + 2:
			fputs(help, stdout);
			free(njp->paths);
			return UTIL_EXIT_OK;
		case LINKOPT_N + 3:
			so.listen = a.value;
			break;
		case LINKOPT_N + 4:
			njp->whole_pages = 1;
			break;
		default:
			free(njp->paths);
			return util_usage_error("serve", USAGE, "%s", a.error);
		}
	}
	if (!lo.port == !so.listen) {
		free(njp->paths);
		return util_usage_error("serve", USAGE, "%s", lo.port
					? "--port or --listen, not both"
					: "--port is required (minitel ports "
					  "lists them), or --listen");
	}
	if (njp->npaths == 0)
		njp->paths[njp->npaths++] = def;
	sv.export = njp->npaths == 1 && source_is_export(njp->paths[0]);
	ret = source_load(njp, &sv.all);
	if (ret != 0) {
		source_free(&sv.all);
		free(njp->paths);
		return ret;
	}
	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal; /* no SA_RESTART: waits end at once */
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGHUP, &sa, NULL);
	signal(SIGPIPE, SIG_IGN);
	so.port = lo.port;
	so.link = lo.link;
	so.drv.speed = lo.speed;
	so.drv.timeout_ms = lo.timeout_ms;
	so.stop = &stop;
	so.site = site_for;
	so.user = &sv;
	so.log = say;
	fprintf(stderr, "minitel serve: %zu pages; waiting on %s (Ctrl-C "
		"stops)\n", sv.all.n, lo.port ? lo.port : so.listen);
	ret = srv_run(&so, &st);
	fprintf(stderr, "minitel serve: %lu connection%s, %lu streams sent, "
		"%lu bytes out, %lu in, %lu parity errors\n", st.connections,
		st.connections == 1 ? "" : "s", st.transitions, st.bytes_out,
		st.bytes_in, st.parity_errors);
	source_free(&sv.all);
	source_free(&sv.vgp2);
	free(njp->paths);
	if (ret < 0)
		return util_error(lo.port ? lo.port : so.listen, "%s",
				  strerror(-ret));
	return ret == 1 ? UTIL_EXIT_INPUT : UTIL_EXIT_OK;
}
