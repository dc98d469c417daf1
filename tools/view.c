/* tools/view.c -- minitel view: browse notes or an export as on a
 * Minitel, through the browsing session of core/session.h.
 *
 * The session speaks bytes; here they go to a recording buffer, or to
 * the emulator's window (view_window.c). --headless types the keys of
 * --keys into the session as a Minitel keyboard would send them (SEP
 * codes, SS2 accents) and writes the final screen and every byte sent.
 *
 * With a link (--connect, --port, --listen) there is no session: the
 * emulator is the Minitel of a host on the other side (view_link.c), in
 * the window or headless, where the keys are typed once the host has
 * gone quiet.
 *
 * A SOURCE is notes or an export folder (tools/source.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <strings.h>
#include <sys/stat.h>
#include <time.h>

#include "cmd.h"
#include "core/session.h"
#include "core/text.h"
#include "notes.h"
#include "png.h"
#include "source.h"
#include "util.h"
#include "videotex/charset.h"
#include "videotex/dump.h"
#include "videotex/term.h"
#include "view_link.h"
#include "view_window.h"

#define USAGE "minitel view [--headless [--keys KEYS] [--dump F] " \
	      "[--record F.vdt] [--png F]] [--speed BAUD] [--scale N] " \
	      "[--colour] [--fullscreen] [--format F] [--whole-pages] [-v] " \
	      "[SOURCE...|FILE.vdt|LINK [--model M] [--parity P]]"
#define DEFAULT_SOURCE "pages/notes"
#define LINK_QUIET_MS 500ul /* a host this long silent has said its piece */
#define LINK_POLL_MS 50

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Browses SOURCE as a Minitel service: the sommaire, then each\n"
	"entry's pages. SOURCE is notes (files or folders of BlogMax,\n"
	"Markdown or plain-text notes) or a folder written by minitel\n"
	"export (it holds site.json). With no SOURCE: " DEFAULT_SOURCE ".\n"
	"A single FILE.vdt is shown as a page file instead (SUITE and\n"
	"RETOUR step through its pages).\n"
	"\n"
	"LINK makes the emulator the Minitel at the end of a link, for a\n"
	"host (a Videotex service, minitel serve ...) on the other side: it\n"
	"shows what the host sends, answers its protocol requests as a\n"
	"Minitel does (identification, status, speed change, keyboard modes,\n"
	"local echo), and sends the keys typed as its keyboard does (letters\n"
	"in capitals until the host asks for lower case).\n"
	"  --connect tcp:HOST:PORT  connect to a host on TCP\n"
	"  --port DEVICE  a serial port or pseudo-terminal (/dev/ttyUSB0,\n"
	"                 /dev/pts/3)\n"
	"  --listen tcp:PORT  wait for one host to connect (PORT 0: any free\n"
	"                 port, told on stderr)\n"
	"  --model M      the Minitel played: 1b (default; answers ENQROM\n"
	"                 with Cu5; 300 to 4800 baud), 2 (Cv4; up to 9600)\n"
	"                 or 1 (Bb2; 1200 only)\n"
	"  --parity P     hw, soft or auto (default): 7E1 by the port, or\n"
	"                 8N1 with the parity bit computed here\n"
	"On a link the port starts at 1200 baud (--speed sets another, as\n"
	"the Minitel's Fnct P does) and the window paints at the port's\n"
	"speed, which follows the host's speed changes; --speed 0 paints at\n"
	"once.\n"
	"\n"
	"The window, a Minitel on the desktop: Enter = ENVOI, Page Down =\n"
	"SUITE, Page Up = RETOUR, Home = SOMMAIRE, F1 = GUIDE, Escape =\n"
	"ANNULATION, Backspace = CORRECTION, F5 = REPETITION, F10 =\n"
	"CONNEXION/FIN; typed text goes as the Minitel sends it (accents as\n"
	"SS2 sequences). F11 or Alt+Enter fullscreen, F2 grey/colour, F3\n"
	"reveal concealed text, F12 screenshot (PNG in\n"
	"$MINITEL_SCREENSHOT_DIR or the current folder), Ctrl +/- scale.\n"
	"\n"
	"  --speed BAUD   line speed shown: 1200 (default), 4800, 9600, or 0\n"
	"                 for at once\n"
	"  --scale N      window scale, 1 to 8 (default 2)\n"
	"  --colour       the colour palette (default: the grey levels of a\n"
	"                 monochrome Minitel)\n"
	"  --fullscreen   start in fullscreen\n"
	"\n"
	"Keys: a number then ENVOI opens that entry, a word then ENVOI\n"
	"lists the entries that contain it; SUITE, RETOUR page forward and\n"
	"back; SOMMAIRE the index; GUIDE the help page; REPETITION redraws;\n"
	"CORRECTION and ANNULATION edit what is typed; CONNEXION/FIN ends.\n"
	"Each change is sent as the bytes that differ from the screen shown.\n"
	"\n";

/* (two strings: ISO C allows 4095 characters in one) */
static const char help_headless[] =
	"  --headless     no window: type KEYS, then write the results (on a\n"
	"                 link: once the host's first page has come and gone\n"
	"                 quiet, each word after the host's answer to the\n"
	"                 one before; the run ends when the host closes, or\n"
	"                 when it is quiet after the last word)\n"
	"  --keys KEYS    words separated by spaces: ENVOI SUITE RETOUR\n"
	"                 SOMMAIRE GUIDE REPETITION ANNULATION CORRECTION\n"
	"                 CONNEXION (or FIN) press that key; any other word\n"
	"                 is typed as it is, character by character (the\n"
	"                 spaces between words are not typed)\n"
	"  --dump F       the final screen as a minitel-screen v1 dump\n"
	"  --record F     every byte the session (or the host) sent, as a\n"
	"                 .vdt stream\n"
	"  --png F        the final screen as a PNG picture, 320x250 in the\n"
	"                 grey levels of a monochrome Minitel\n"
	"  --format F     auto (default), blogmax, markdown or plain\n"
	"  --whole-pages  SUITE shows a whole new page (default: half a\n"
	"                 page, the rest moved up: half the time on the wire)\n"
	"  -v, --verbose  the bytes each key made the session send, on stderr\n"
	"  -h, --help     this help\n"
	"\n"
	"With --headless and no --dump, --record or --png, the final screen's\n"
	"text view goes to stdout. Files are written whole or not at all.\n"
	"Exit status: 0 success, 1 unreadable SOURCE, no display for the\n"
	"window, a failed link, or an output error, 2 usage error.\n";

/*** Keys ***/

typedef struct keys {
	char *copy;      /* --keys, cut into words in place */
	char **words;
	size_t *ends;    /* bytes[0 .. ends[i]) are words 0..i */
	size_t n;
	vtx_buf bytes;   /* what the keyboard sends for them */
} keys;

static void keys_free(keys *k)
{
	free(k->copy);
	free(k->words);
	free(k->ends);
	vtx_buf_free(&k->bytes);
}

/* One word as keyboard bytes: a key is SEP + its code; other words are
 * typed, each character as the keyboard sends it (SS2 + accent + letter
 * for é ...). Returns 0, or -1 for a character no key gives. */
static int word_bytes(const char *w, vtx_buf *out, uint32_t *bad)
{
	int code = ses_key_code(w);
	size_t n = strlen(w), i = 0;

	if (code >= 0) {
		const uint8_t sep[2] = {VTX_C0_SEP, (uint8_t)code};

		return vtx_buf_put(out, sep, 2) < 0 ? -1 : 0;
	}
	while (i < n) {
		uint8_t b[3];
		size_t k;

		i += txt_utf8_next(w + i, n - i, bad);
		k = vtx_charset_encode(*bad, b);
		if (k == 0 || *bad < 0x20)
			return -1;
		vtx_buf_put(out, b, k);
	}
	return 0;
}

/* Splits --keys into words and their bytes; an exit status. */
static int keys_parse(const char *text, keys *k)
{
	size_t cap = strlen(text) / 2 + 1;
	uint32_t bad = 0;
	char *w;

	k->copy = strdup(text);
	k->words = calloc(cap, sizeof *k->words);
	k->ends = calloc(cap, sizeof *k->ends);
	if (!k->copy || !k->words || !k->ends)
		return util_error("minitel", "out of memory");
	for (w = strtok(k->copy, " \t\r\n"); w; w = strtok(NULL, " \t\r\n")) {
		if (word_bytes(w, &k->bytes, &bad) < 0) {
			if (k->bytes.failed)
				return util_error("minitel", "out of memory");
			return util_usage_error("view", USAGE,
				"--keys: U+%04X in '%s' cannot be typed on a "
				"Minitel", (unsigned)bad, w);
		}
		k->words[k->n] = w;
		k->ends[k->n++] = k->bytes.len;
	}
	return UTIL_EXIT_OK;
}

/*** The headless run ***/

typedef struct options {
	int headless, verbose;
	const char *keys, *dump, *record, *png;
	view_window_opts win;
	view_link_opts link; /* --connect, --port, --listen ... */
} options;

static void on_send(const uint8_t *bytes, size_t n, void *user)
{
	vtx_buf_put(user, bytes, n);
}

static void on_log(const char *msg, void *user)
{
	(void)user;
	fprintf(stderr, "minitel view: %s\n", msg);
}

static double wire_seconds(size_t bytes)
{
	return (double)bytes * 10 / 1200; /* 7E1: 10 bits a byte */
}

/* Types the words into the session, each in one piece. */
static int type_keys(ses_session *ses, const keys *k, const vtx_buf *sent,
		     int verbose)
{
	size_t from = 0;

	for (size_t i = 0; i < k->n; i++) {
		size_t before = sent->len;

		if (ses_receive(ses, k->bytes.data + from, k->ends[i] - from) < 0)
			return util_error("minitel", "out of memory");
		if (verbose)
			fprintf(stderr, "%s: %zu bytes (%.2f s at 1200 baud)\n",
				k->words[i], sent->len - before,
				wire_seconds(sent->len - before));
		from = k->ends[i];
	}
	return UTIL_EXIT_OK;
}

static int write_outputs(const options *o, const vtx_screen *screen,
			 const vtx_buf *sent)
{
	vtx_buf b = {0};
	int ret = 0;

	if (o->record && (ret = util_write_atomic(o->record, sent->data,
						  sent->len)) < 0)
		return util_write_error(o->record, ret);
	if (o->png) {
		emu_view v = {.palette = EMU_PALETTE_GREY, .scale = 1};

		ret = png_encode_screen(screen, &v, &b);
		if (ret == 0)
			ret = util_write_atomic(o->png, b.data, b.len);
		vtx_buf_free(&b);
		if (ret < 0)
			return util_write_error(o->png, ret);
	}
	if (o->dump || (!o->record && !o->png)) {
		const char *to = o->dump ? o->dump : "-";

		ret = o->dump ? vtx_dump_write(screen, NULL, &b)
			      : vtx_dump_text(screen, &b);
		if (ret == 0)
			ret = util_write_atomic(to, b.data, b.len);
		vtx_buf_free(&b);
		if (ret < 0)
			return util_write_error(to, ret);
	}
	return UTIL_EXIT_OK;
}

static int run_headless(const options *o, const source *src)
{
	static const ses_callbacks cb = {on_send, on_log};
	vtx_buf sent = {0};
	keys k = {0};
	ses_session *ses = NULL;
	int ret = keys_parse(o->keys ? o->keys : "", &k);

	if (ret == 0 && !(ses = ses_new(src->pages, src->site, &cb, &sent)))
		ret = util_error("minitel", "out of memory");
	if (ret == 0 && ses_start(ses) < 0)
		ret = util_error("minitel", "out of memory");
	if (ret == 0)
		ret = type_keys(ses, &k, &sent, o->verbose);
	if (ret == 0 && sent.failed)
		ret = util_error("minitel", "out of memory");
	if (ret == 0)
		ret = write_outputs(o, ses_screen(ses), &sent);
	if (ret == 0)
		fprintf(stderr, "minitel view: %zu keys, %zu bytes sent "
			"(%.1f s at 1200 baud)%s\n", k.n, sent.len,
			wire_seconds(sent.len),
			ses_done(ses) ? ", session ended" : "");
	ses_free(ses);
	keys_free(&k);
	vtx_buf_free(&sent);
	return ret;
}

/*** A host on a link ***/

static unsigned long now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (unsigned long)ts.tv_sec * 1000ul +
	       (unsigned long)(ts.tv_nsec / 1000000);
}

/* --headless on a link: the Minitel takes what the host sends and
 * answers; once the first page shows and the host has gone quiet, the
 * words of --keys are typed one by one, each when the host has gone quiet
 * again. Ends when the host closes, or when it is quiet after the last
 * word (at once, with no --keys). */
static int link_session(const options *o, const keys *k, view_link *v)
{
	uint8_t buf[4096];
	size_t word = 0, from = 0;
	unsigned long last = now_ms();
	int any = 0;

	while (!v->gone) {
		size_t n = view_link_read(v, buf, sizeof buf, LINK_POLL_MS);
		unsigned long now = now_ms();

		if (n > 0) {
			vtx_minitel_feed(v->m, buf, n);
			any = 1;
			last = now;
			continue;
		}
		/* The first page has come when something shows: a host's
		 * set-up (ENQROM, speed, echo) shows nothing and may pause
		 * between its steps. A host that never draws gets the keys
		 * after a longer silence. */
		if (!any || now - last < (vtx_screen_drawn(&v->screen)
					  ? LINK_QUIET_MS
					  : 5 * LINK_QUIET_MS))
			continue;
		if (word == k->n)
			break;
		view_link_key(v, k->bytes.data + from, k->ends[word] - from);
		if (o->verbose)
			fprintf(stderr, "minitel view: typed %s\n",
				k->words[word]);
		from = k->ends[word++];
		last = now;
	}
	if (v->received.failed)
		return util_error("minitel", "out of memory");
	return v->failed ? UTIL_EXIT_INPUT : UTIL_EXIT_OK;
}

static int run_link(options *o)
{
	keys k = {0};
	view_link v;
	int ret = keys_parse(o->keys ? o->keys : "", &k);

	/* On a link --speed is the port's at the start (Fnct P); 0 there
	 * means the power-on speed, and a window that paints at once. */
	o->link.speed = (int)o->win.speed;
	if (ret == 0)
		ret = view_link_open(&o->link, &v);
	if (ret != 0) {
		keys_free(&k);
		return ret;
	}
	v.verbose = o->verbose;
	if (!o->headless) {
		ret = view_window_link(&v, &o->win);
	} else {
		ret = link_session(o, &k, &v);
		if (ret == 0)
			ret = write_outputs(o, &v.screen, &v.received);
		if (ret == 0)
			fprintf(stderr, "minitel view: %zu keys, %zu bytes "
				"received, %zu sent, port at %d baud%s\n",
				k.n, v.received.len, v.sent,
				vtx_minitel_speed(v.m),
				v.gone ? ", the host closed" : "");
	}
	view_link_close(&v);
	keys_free(&k);
	return ret;
}

/*** The command ***/

/* Options into o, sources into nj; an exit status (-1: --help done). */
/* The window's options (indexes 8.. of parse's table). Returns 0, or -1
 * after a usage message. */
static int window_option(int k, const char *value, options *o)
{
	switch (k) {
	case 8:
		if (view_window_speed(value, &o->win.speed) == 0)
			return 0;
		util_usage_error("view", USAGE,
				 "--speed: 1200, 4800, 9600 or 0");
		return -1;
	case 9:
		if (view_window_scale(value, &o->win.scale) == 0)
			return 0;
		util_usage_error("view", USAGE, "--scale: 1 to 8");
		return -1;
	case 10: o->win.colour = 1; return 0;
	case 11: o->win.fullscreen = 1; return 0;
	default: return 0;
	}
}

/* The link's options (indexes 12.. of parse's table). Returns 0, or -1
 * after a usage message. */
static int link_option(int k, const char *value, options *o)
{
	switch (k) {
	case 12: o->link.connect = value; return 0;
	case 13: o->link.port = value; return 0;
	case 14: o->link.listen = value; return 0;
	case 15:
		if ((o->link.model = vtx_minitel_id_find(value)) != NULL)
			return 0;
		util_usage_error("view", USAGE, "--model: %s",
				 vtx_minitel_id_names());
		return -1;
	default:
		if (view_link_parity(value, &o->link.parity) == 0)
			return 0;
		util_usage_error("view", USAGE, "--parity: hw, soft or auto");
		return -1;
	}
}

static int links(const options *o)
{
	return !!o->link.connect + !!o->link.port + !!o->link.listen;
}

static int is_vdt_file(const char *path)
{
	size_t n = strlen(path);

	return n > 4 && (strcasecmp(path + n - 4, ".vdt") == 0 ||
			 strcasecmp(path + n - 4, ".vtx") == 0);
}

/* minitel view FILE.vdt: the page file in the window. */
static int view_file(const char *path, const view_window_opts *win)
{
	uint8_t *data;
	size_t len;
	int ret = util_read_file(path, &data, &len);

	if (ret < 0)
		return util_file_error(path, ret);
	ret = view_window_file(data, len, util_name(path), win);
	free(data);
	return ret;
}

static int parse(int argc, char **argv, options *o, notes_job *nj)
{
	static const util_opt opts[] = {
		{"headless", 0, 0}, {"keys", 0, 1},    {"dump", 0, 1},
		{"record", 0, 1},   {"png", 0, 1},     {"format", 0, 1},
		{"verbose", 'v', 0}, {"help", 'h', 0}, {"speed", 0, 1},
		{"scale", 0, 1},    {"colour", 0, 0},  {"fullscreen", 0, 0},
		{"connect", 0, 1},  {"port", 0, 1},    {"listen", 0, 1},
		{"model", 0, 1},    {"parity", 0, 1},  {"whole-pages", 0, 0}};
	util_args a;
	int k, f, model = 0;

	util_args_init(&a, argc, argv);
	while ((k = util_args_next(&a, opts, 18)) != UTIL_OPT_END) {
		if (k == 17) {
			nj->whole_pages = 1;
			continue;
		}
		if (k >= 8) {
			model |= k >= 15;
			if ((k < 12 ? window_option(k, a.value, o)
				    : link_option(k, a.value, o)) < 0)
				return UTIL_EXIT_USAGE;
			continue;
		}
		switch (k) {
		case UTIL_OPT_ARG: nj->paths[nj->npaths++] = (char *)a.value;
			break;
		case 0: o->headless = 1; break;
		case 1: o->keys = a.value; break;
		case 2: o->dump = a.value; break;
		case 3: o->record = a.value; break;
		case 4: o->png = a.value; break;
		case 5:
			if ((f = notes_format(a.value)) < 0)
				return util_usage_error("view", USAGE,
							NOTES_FORMAT_UNKNOWN,
							a.value);
			nj->format = (mk_format)f;
			break;
		case 6: o->verbose = o->win.verbose = 1; break;
		case 7:
			fputs(help, stdout);
			fputs(help_headless, stdout);
			return -1;
		default:
			return util_usage_error("view", USAGE, "%s", a.error);
		}
	}
	if (!o->headless && (o->keys || o->dump || o->png))
		return util_usage_error("view", USAGE, "--keys, --dump and "
					"--png need --headless");
	if (links(o) > 1)
		return util_usage_error("view", USAGE, "one of --connect, "
					"--port and --listen");
	if (links(o) && nj->npaths > 0)
		return util_usage_error("view", USAGE, "a link or a SOURCE, "
					"not both");
	if (!links(o) && model)
		return util_usage_error("view", USAGE, "--model and --parity "
					"need --connect, --port or --listen");
	return UTIL_EXIT_OK;
}

int cmd_view(int argc, char **argv)
{
	options o = {0};
	notes_job nj = {0};
	source src = {0};
	static char def[] = DEFAULT_SOURCE;
	int ret;

	nj.paths = calloc((size_t)argc + 1, sizeof *nj.paths);
	if (!nj.paths)
		return util_error("minitel", "out of memory");
	view_window_opts_init(&o.win);
	ret = parse(argc, argv, &o, &nj);
	if (ret == 0 && links(&o)) {
		ret = run_link(&o);
		free(nj.paths);
		return ret;
	}
	if (ret == 0 && !o.headless && nj.npaths == 1 &&
	    is_vdt_file(nj.paths[0])) {
		ret = view_file(nj.paths[0], &o.win);
		free(nj.paths);
		return ret;
	}
	if (ret == 0 && nj.npaths == 0)
		nj.paths[nj.npaths++] = def;
	if (ret == 0)
		ret = source_load(&nj, &src);
	if (ret == 0)
		ret = o.headless ? run_headless(&o, &src)
				 : view_window_session(src.pages, src.site,
						       &o.win);
	source_free(&src);
	free(nj.paths);
	return ret < 0 ? UTIL_EXIT_OK : ret;
}
