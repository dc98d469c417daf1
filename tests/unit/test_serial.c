/* tests/unit/test_serial.c -- the serial link end to end, with no
 * hardware: link/driver and link/serve on one side of a pseudo-terminal,
 * the project's emulated Minitel (tests/unit/minisim.h) on the other.
 * Identification, speed negotiation (accepted, refused, no answer, a port
 * left at another speed), echo off, a silent terminal, browsing with
 * accents, parity errors, the far side closed in the middle of a page
 * (reconnect and redraw), and Ctrl-C leaving the terminal sane. */
#define _GNU_SOURCE /* openpty, usleep, mkdtemp */
#include <errno.h>
#include <signal.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/stat.h>
#include <sys/wait.h>

#include "check.h"
#include "testsite.h"
#include "clitool.h"
#include "minisim.h"
#include "core/collection.h"
#include "core/layout.h"
#include "core/markup.h"
#include "link/driver.h"
#include "link/serve.h"
#include "videotex/dump.h"

/* ms per answer: the pty answers at once, but a loaded machine running
 * the sanitizers may leave the Minitel's thread waiting a while */
#define TIMEOUT 800

/*** The driver alone ***/

typedef struct host {
	lnk_link *l;
	drv_driver *d;
	drv_terminal t;
	int r;
	double ms;
} host;

static int host_setup(host *h, const sim *s, int speed, lnk_parity parity)
{
	lnk_options lo = {.speed = 1200, .parity = parity};
	drv_options o = {.speed = speed, .timeout_ms = TIMEOUT};
	char err[256];
	double t0 = sim_now();

	memset(h, 0, sizeof *h);
	if (lnk_open(s->name, &lo, &h->l, err, sizeof err) != 0)
		return -1;
	h->d = drv_new(h->l, &o);
	h->r = drv_setup(h->d, &h->t);
	h->ms = sim_now() - t0;
	return 0;
}

static void host_free(host *h)
{
	drv_free(h->d);
	lnk_close(h->l);
}

static void test_identify(const char *model, const char *name, int speed,
			  int vgp5)
{
	sim s = {.model = model};
	host h = {0};

	if (!OK(sim_start(&s) == 0 && host_setup(&h, &s, 0, 0) == 0,
		"%s: set up", model)) {
		sim_free(&s);
		return;
	}
	INT_EQ(h.r, 0, "%s: set-up succeeds", model);
	OK(h.t.identified, "%s: ENQROM answered (§7)", model);
	STR_EQ(h.t.model, name, "%s: model from the type byte", model);
	INT_EQ(h.t.speed, speed, "%s: raised to the model's fastest speed",
	       model);
	INT_EQ(lnk_speed(h.l), speed, "%s: the host's port follows", model);
	INT_EQ(vtx_minitel_speed(s.m), speed, "%s: the Minitel's port too",
	       model);
	INT_EQ(h.t.vgp5, vgp5, "%s: character set of the model", model);
	OK(h.t.echo_off && !vtx_minitel_echo(s.m),
	   "%s: local echo cut (PRO3 60 5A 51) and acknowledged", model);
	OK(h.t.lower_case && vtx_minitel_lower_case(s.m),
	   "%s: lower-case keyboard on (PRO2 69 45)", model);
	OK(h.ms < 3 * TIMEOUT, "%s: no step waited for a timeout (%.0f ms)",
	   model, h.ms);
	INT_EQ(drv_restore(h.d, &h.t), 0, "%s: restore", model);
	usleep(50000);
	OK(vtx_minitel_echo(s.m) && !vtx_minitel_lower_case(s.m) &&
	   vtx_minitel_speed(s.m) == 1200 && lnk_speed(h.l) == 1200,
	   "%s: restored: echo on, capitals, 1200 baud", model);
	host_free(&h);
	sim_free(&s);
}

static void test_refused(void)
{
	/* A Minitel 1's port runs at 1200 only: it answers a PRO2 for 4800
	 * with the old value at the old speed, which the host, already at
	 * 4800, hears as noise or not at all (§1). */
	sim s = {.model = "1"};
	host h = {0};

	if (!OK(sim_start(&s) == 0 && host_setup(&h, &s, 4800, 0) == 0,
		"refused: set up")) {
		sim_free(&s);
		return;
	}
	INT_EQ(h.r, 0, "refused: set-up still succeeds");
	STR_EQ(h.t.model, "Minitel 1", "refused: identified");
	INT_EQ(h.t.speed, 1200, "refused: both ends back at 1200");
	INT_EQ(lnk_speed(h.l), 1200, "refused: the host's port at 1200");
	INT_EQ(vtx_minitel_speed(s.m), 1200, "refused: the Minitel at 1200");
	OK(h.t.echo_off, "refused: the next steps still happen (echo off)");
	host_free(&h);
	sim_free(&s);
}

static void test_no_answer(void)
{
	/* Speed commands swallowed: the host times out, comes back to 1200
	 * and checks the terminal is there. */
	sim s = {.model = "1b", .drop_pro2 = 1};
	host h = {0};

	if (!OK(sim_start(&s) == 0 && host_setup(&h, &s, 0, 0) == 0,
		"no answer: set up")) {
		sim_free(&s);
		return;
	}
	INT_EQ(h.r, 0, "no answer: set-up succeeds");
	INT_EQ(h.t.speed, 1200, "no answer: stays at 1200");
	INT_EQ(vtx_minitel_speed(s.m), 1200, "no answer: Minitel at 1200");
	OK(h.t.echo_off, "no answer: echo still cut");
	OK(h.ms < 8 * TIMEOUT, "no answer: bounded (%.0f ms)", h.ms);
	host_free(&h);
	sim_free(&s);
}

static void test_other_speed(void)
{
	/* The user left the port at 4800 (Fnct P 4): ENQROM at 1200 goes
	 * unheard, the speed probes find 4800 (§1, M1BH searchSpeed). */
	sim s = {.model = "1b", .start_speed = 4800};
	host h = {0};

	if (!OK(sim_start(&s) == 0 && host_setup(&h, &s, 0, 0) == 0,
		"4800: set up")) {
		sim_free(&s);
		return;
	}
	INT_EQ(h.r, 0, "4800: set-up succeeds");
	OK(h.t.identified, "4800: identified after the speed was found");
	INT_EQ(h.t.speed, 4800, "4800: runs at 4800");
	INT_EQ(lnk_speed(h.l), 4800, "4800: host's port at 4800");
	OK(s.noise_in > 0, "4800: the ENQROM at 1200 reached it as noise");
	host_free(&h);
	sim_free(&s);
}

static void test_silent(void)
{
	/* The Minitel's TX not pulled up: nothing ever comes back. */
	sim s = {.model = "1b", .tx_dead = 1};
	host h = {0};

	if (!OK(sim_start(&s) == 0 && host_setup(&h, &s, 0, 0) == 0,
		"silent: set up")) {
		sim_free(&s);
		return;
	}
	INT_EQ(h.r, 1, "silent: nothing valid came back");
	INT_EQ(h.t.speed, 1200, "silent: falls back to 1200");
	INT_EQ(lnk_speed(h.l), 1200, "silent: host's port at 1200");
	OK(!h.t.echo_off, "silent: echo assumed on");
	INT_EQ(h.t.garbage, 0, "silent: no byte at all (the pull-up case)");
	OK(h.ms < 7 * TIMEOUT, "silent: gives up in bounded time (%.0f ms)",
	   h.ms);
	host_free(&h);
	sim_free(&s);
}

/*** Serving ***/

static site notes;

static int load_notes(void)
{
	const char *paths[] = {"pages/notes"};
	coll_options co = {0};
	lay_options lo = {.title = "Le Minitel"};
	doc *d = doc_new();
	int ok = d && coll_load(d, paths, 1, &co) == 0 &&
		 lay_build(d, &lo, tu_site_keep, &notes, &notes.map) == 0;

	doc_free(d);
	return ok;
}

/* The first entry with two pages or more, and its number as typed. */
static int long_entry(char num[24])
{
	for (size_t e = 0; e < notes.map->nentries; e++)
		if (notes.map->entries[e].npages >= 2) {
			snprintf(num, 24, "%zu", e + 1);
			return (int)e;
		}
	return -1;
}

static int site_for(const drv_terminal *t, const vtx_screen **pages,
		    const lay_site **map, void *user)
{
	const site *st = user ? user : &notes;

	(void)t;
	*pages = st->pages;
	*map = st->map;
	return 0;
}

/* Rows 1..22 of `shown` are those of page `p` (the input zone and the
 * status row aside). */
static int same_body(const vtx_screen *shown, int p)
{
	for (int r = 1; r <= 22; r++) {
		vtx_shown a[VTX_COLS], b[VTX_COLS];

		vtx_screen_shown(shown, r, a);
		vtx_screen_shown(&notes.pages[p], r, b);
		for (int c = 0; c < VTX_COLS; c++)
			if (!vtx_shown_equal(&a[c], &b[c]))
				return 0;
	}
	return 1;
}

static void quiet_log(const char *line, void *user)
{
	(void)user;
	if (getenv("MINITEL_TEST_VERBOSE"))
		printf("  serve: %s\n", line);
}

static srv_options serve_opts(const char *port, lnk_parity parity)
{
	srv_options o = {0};

	o.port = port;
	o.link.speed = 1200;
	o.link.parity = parity;
	o.drv.timeout_ms = TIMEOUT;
	o.reconnect_ms = 50;
	o.once = 1;
	o.site = site_for;
	o.log = quiet_log;
	return o;
}

static void test_browse(void)
{
	/* 1 ENVOI opens entry 1; SUITE its page 2; a search typed with an
	 * accent (é = SS2 42 e, §6); SOMMAIRE; CONNEXION/FIN. */
	sim s = {.model = "1b"};
	srv_options o;
	srv_stats st;
	char num[24];
	int r, e = long_entry(num), e1;

	if (e < 0) {
		check_skip("browse: no entry of two pages");
		return;
	}
	e1 = notes.map->entries[e].first_page;
	s.keys[s.nkeys++] = num;
	s.keys[s.nkeys++] = "\x13\x41";            /* ENVOI */
	s.keys[s.nkeys++] = "\x13\x48";            /* SUITE */
	s.keys[s.nkeys++] = "t\x19\x42" "el\x19\x42" "e"; /* "télé" */
	s.keys[s.nkeys++] = "\x13\x41";            /* ENVOI */
	s.keys[s.nkeys++] = "\x13\x46";            /* SOMMAIRE */
	s.keys[s.nkeys++] = "\x13\x49";            /* CONNEXION/FIN */
	if (!OK(sim_start(&s) == 0, "browse: sim"))
		return;
	o = serve_opts(s.name, LNK_PARITY_AUTO);
	r = srv_run(&o, &st);
	usleep(100000);
	sim_stop(&s);
	INT_EQ(r, 0, "browse: served until CONNEXION/FIN");
	INT_EQ(s.typed, s.nkeys, "browse: every key was answered");
	INT_EQ(st.connections, 1, "browse: one connection");
	OK(same_body(&s.snaps[0], 0), "browse: the sommaire first");
	OK(same_body(&s.snaps[2], e1), "browse: %s ENVOI opens entry %s",
	   num, num);
	OK(same_body(&s.snaps[3], e1 + 1), "browse: SUITE shows its page 2");
	{
		char row[VTX_COLS + 1];
		int found = 0;

		for (int r2 = 1; r2 <= 24 && !found; r2++) {
			vtx_shown sh[VTX_COLS];

			vtx_screen_shown(&s.snaps[4], r2, sh);
			for (int c = 0; c < VTX_COLS; c++)
				row[c] = sh[c].ch == 0xE9 ? '#'
					 : sh[c].ch < 0x80 ? (char)sh[c].ch
							   : '?';
			row[VTX_COLS] = 0;
			found = strstr(row, "t#l#") != NULL;
			if (getenv("MINITEL_TEST_VERBOSE"))
				printf("  row %2d |%s|\n", r2, row);
		}
		OK(found, "browse: \"t\xC3\xA9l\xC3\xA9\" typed with SS2 "
		   "accents shows in the input zone");
	}
	OK(!same_body(&s.snaps[5], 0) && !same_body(&s.snaps[5], e1),
	   "browse: the search shows its results");
	OK(same_body(&s.snaps[6], 0), "browse: SOMMAIRE goes back");
	OK(vtx_minitel_speed(s.m) == 1200 && vtx_minitel_echo(s.m) &&
	   !vtx_minitel_lower_case(s.m),
	   "browse: left sane: 1200 baud, echo on, capitals");
	INT_EQ(s.noise_in + s.noise_out, 0, "browse: no byte garbled on the "
	       "way (speeds always agreed)");
	sim_free(&s);
}

static void test_keys_apart(void)
{
	/* Keys typed during the set-up reach the session (nothing typed is
	 * lost); unsolicited SEP messages (13 59, 13 53: §7) and a stray PRO
	 * answer mixed with keys are not keys. */
	sim s = {.model = "1b"};
	srv_options o;
	srv_stats st;
	char num[24], hello[64];
	int e = long_entry(num);

	if (e < 0)
		return;
	tu_fmt(hello, sizeof hello, "\x13\x59\x13\x53%s", num);
	s.hello = hello;
	s.keys[s.nkeys++] = "\x1b\x3a\x75\x76\x13\x53\x13\x41"; /* ENVOI */
	s.keys[s.nkeys++] = "\x13\x49";
	if (!OK(sim_start(&s) == 0, "apart: sim"))
		return;
	o = serve_opts(s.name, LNK_PARITY_AUTO);
	INT_EQ(srv_run(&o, &st), 0, "apart: served");
	sim_stop(&s);
	OK(same_body(&s.snaps[1], notes.map->entries[e].first_page),
	   "apart: the number typed during the set-up, then ENVOI amid a PRO "
	   "answer and SEP messages, opened entry %s", num);
	sim_free(&s);
}

static void test_parity(void)
{
	/* 8N1 with the parity in bit 7 on both sides; each key is preceded
	 * by 2 bytes whose parity is wrong: counted, dropped, never typed. */
	sim s = {.model = "1b", .soft = 1, .bad_parity_per_key = 2};
	srv_options o;
	srv_stats st;
	int r, e1 = notes.map->entries[0].first_page;

	s.keys[s.nkeys++] = "1";
	s.keys[s.nkeys++] = "\x13\x41";
	s.keys[s.nkeys++] = "\x13\x49";
	if (!OK(sim_start(&s) == 0, "parity: sim"))
		return;
	o = serve_opts(s.name, LNK_PARITY_SOFT);
	r = srv_run(&o, &st);
	sim_stop(&s);
	INT_EQ(r, 0, "parity: served");
	OK(same_body(&s.snaps[2], e1), "parity: 1 ENVOI still opens entry 1");
	INT_EQ(st.parity_errors, 6, "parity: 6 bad bytes counted");
	sim_free(&s);
}

typedef struct serve_job {
	srv_options o;
	srv_stats st;
	int r;
} serve_job;

static void *serve_thread(void *arg)
{
	serve_job *j = arg;

	j->r = srv_run(&j->o, &j->st);
	return NULL;
}

static void test_reconnect(void)
{
	/* The far side goes away in the middle of entry 1's page 2: serve
	 * waits, the "adapter" comes back (a new pty behind the same path),
	 * it sets the new terminal up and redraws page 2 -- the page the
	 * user was on -- without replaying SUITE. */
	char dir[] = "/tmp/minitel-test-XXXXXX", path[160];
	sim a = {.model = "1b", .hang_up_after = 200};
	sim b = {.model = "2"};
	serve_job j;
	pthread_t th;
	double end;
	char num[24];
	int e = long_entry(num), e1;

	if (e < 0) {
		check_skip("reconnect: no entry of two pages");
		return;
	}
	e1 = notes.map->entries[e].first_page;
	if (!OK(mkdtemp(dir) != NULL, "reconnect: temp dir"))
		return;
	snprintf(path, sizeof path, "%s/minitel", dir);
	a.keys[a.nkeys++] = num;
	a.keys[a.nkeys++] = "\x13\x41";
	a.keys[a.nkeys++] = "\x13\x48"; /* SUITE: cut in the middle */
	b.keys[b.nkeys++] = "\x13\x49";
	if (!OK(sim_start(&a) == 0 && symlink(a.name, path) == 0,
		"reconnect: first terminal")) {
		sim_free(&a);
		return;
	}
	memset(&j, 0, sizeof j);
	j.o = serve_opts(path, LNK_PARITY_AUTO);
	if (!OK(pthread_create(&th, NULL, serve_thread, &j) == 0,
		"reconnect: serve thread")) {
		sim_free(&a);
		return;
	}
	end = sim_now() + 20000;
	while (!a.hung_up && sim_now() < end)
		usleep(10000);
	OK(a.hung_up, "reconnect: the first terminal hung up mid-page");
	usleep(300000); /* unplugged for a while */
	unlink(path);
	if (OK(sim_start(&b) == 0 && symlink(b.name, path) == 0,
	       "reconnect: the terminal is back"))
		pthread_join(th, NULL);
	sim_stop(&b);
	INT_EQ(j.r, 0, "reconnect: serve ended normally");
	INT_EQ(j.st.connections, 2, "reconnect: set up twice");
	INT_EQ(b.typed, 1, "reconnect: the redraw came before the next key");
	OK(same_body(&b.snaps[0], e1 + 1), "reconnect: page 2 of the entry "
	   "redrawn whole on the new terminal (SUITE neither lost nor "
	   "replayed)");
	OK(vtx_minitel_speed(b.m) == 1200 && vtx_minitel_echo(b.m),
	   "reconnect: the new terminal left sane");
	sim_free(&a);
	sim_free(&b);
	unlink(path);
	rmdir(dir);
}

/* How many cells of `s` show one of the VGP5-only characters. */
static int vgp5_cells(const vtx_screen *s)
{
	int n = 0;

	for (int r = 0; r < VTX_ROWS; r++) {
		vtx_shown row[VTX_COLS];

		vtx_screen_shown(s, r, row);
		for (int c = 0; c < VTX_COLS; c++)
			n += row[c].ch == 0xE4 || row[c].ch == 0xF6 ||
			     row[c].ch == 0xFC || row[c].ch == 0xA7 ||
			     row[c].ch == 0xDF;
	}
	return n;
}

static void test_model_output(void)
{
	/* A sommaire whose title has the VGP5-only characters: a Minitel 2
	 * gets them; a 1B (VGP2, §5) gets their stand-ins, never "_". */
	static const char text[] = "# gr\xC3\xBC\xC3\x9F" "e \xC2\xA7 "
				   "\xC3\xA4 \xC3\xB6\n\nDu texte.\n";
	mk_options mo = {.format = MK_FORMAT_MARKDOWN};
	lay_options lo = {.title = "Test"};
	site st = {0};
	doc *d = doc_new();
	int ok = d && mk_parse(d, "n.md", text, sizeof text - 1, &mo) == 0 &&
		 lay_build(d, &lo, tu_site_keep, &st, &st.map) == 0;

	doc_free(d);
	if (!OK(ok, "model: site"))
		return;
	for (int i = 0; i < 2; i++) {
		sim s = {.model = i ? "2" : "1b"};
		srv_options o;
		srv_stats stats;

		s.keys[s.nkeys++] = "\x13\x49";
		if (!OK(sim_start(&s) == 0, "model: sim"))
			break;
		o = serve_opts(s.name, LNK_PARITY_AUTO);
		o.user = &st;
		srv_run(&o, &stats);
		sim_stop(&s);
		if (i)
			OK(vgp5_cells(&s.snaps[0]) >= 5, "model: a Minitel 2 "
			   "shows the VGP5 characters (%d cells)",
			   vgp5_cells(&s.snaps[0]));
		else
			INT_EQ(vgp5_cells(&s.snaps[0]), 0, "model: a 1B (VGP2) "
			       "gets none of them");
		sim_free(&s);
	}
	tu_site_free(&st);
}

static void test_stop(void)
{
	/* Ctrl-C: serve is told to stop (the signal handler's flag) while
	 * a page is shown; it leaves the terminal as found. */
	static volatile sig_atomic_t stop;
	sim s = {.model = "2"};
	serve_job j;
	pthread_t th;
	double end;

	s.keys[s.nkeys++] = "\x13\x46"; /* SOMMAIRE: something to answer */
	if (!OK(sim_start(&s) == 0, "stop: sim"))
		return;
	memset(&j, 0, sizeof j);
	j.o = serve_opts(s.name, LNK_PARITY_AUTO);
	j.o.once = 0;
	j.o.stop = &stop;
	stop = 0;
	if (!OK(pthread_create(&th, NULL, serve_thread, &j) == 0,
		"stop: thread")) {
		sim_free(&s);
		return;
	}
	end = sim_now() + 20000;
	while (s.typed < 1 && sim_now() < end)
		usleep(10000);
	usleep(300000);
	stop = 1;
	pthread_join(th, NULL);
	usleep(100000);
	sim_stop(&s);
	INT_EQ(j.r, 0, "stop: serve returns 0");
	OK(vtx_minitel_speed(s.m) == 1200 && vtx_minitel_echo(s.m) &&
	   !vtx_minitel_lower_case(s.m), "stop: the Minitel 2 is back at "
	   "1200 baud, echo on, capitals");
	sim_free(&s);
}

/*** The commands ***/

static char tool[4096];

/* Runs `minitel ARGS` with stdout and stderr in out/err (NUL-terminated,
 * cut to their size); returns the exit status. */
static int run(const char *args, char *out, size_t nout, char *err,
	       size_t nerr)
{
	char cmd[8192], fo[] = "/tmp/minitel-so-XXXXXX",
			  fe[] = "/tmp/minitel-se-XXXXXX";
	int a = mkstemp(fo), b = mkstemp(fe), st;
	FILE *f;
	size_t k;

	if (a < 0 || b < 0)
		abort();
	close(a);
	close(b);
	tu_fmt(cmd, sizeof cmd, "'%s' %s >%s 2>%s", tool, args, fo, fe);
	st = system(cmd);
	out[0] = err[0] = 0;
	if ((f = fopen(fo, "r")) != NULL) {
		k = fread(out, 1, nout - 1, f);
		out[k] = 0;
		fclose(f);
	}
	if ((f = fopen(fe, "r")) != NULL) {
		k = fread(err, 1, nerr - 1, f);
		err[k] = 0;
		fclose(f);
	}
	unlink(fo);
	unlink(fe);
	return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
}

static char out[16384], err[16384];

static void test_doctor(void)
{
	sim ok = {.model = "1b"}, dead = {.model = "1b", .tx_dead = 1};
	sim noisy = {.model = "1b", .tx_noise = 1};
	sim fast = {.model = "2", .start_speed = 9600};
	char args[256];
	int st;

	if (OK(sim_start(&ok) == 0, "doctor: sim")) {
		tu_fmt(args, sizeof args, "doctor --timeout 800 --port %s",
		       ok.name);
		st = run(args, out, sizeof out, err, sizeof err);
		INT_EQ(st, 0, "doctor: a good link exits 0");
		OK(strstr(out, "Minitel 1B") != NULL, "doctor: names the "
		   "model:\n%s", out);
		OK(strstr(out, "4800 baud accepted") != NULL, "doctor: 4800 "
		   "accepted");
		OK(strstr(out, "9600 baud refused") != NULL, "doctor: 9600 "
		   "refused by a 1B");
		OK(strstr(out, "echo off acknowledged") != NULL,
		   "doctor: echo control");
		OK(strstr(out, "The link works") != NULL, "doctor: verdict");
		sim_stop(&ok);
		OK(vtx_minitel_speed(ok.m) == 1200 && vtx_minitel_echo(ok.m),
		   "doctor: leaves 1200 baud, echo on");
	}
	sim_free(&ok);
	if (OK(sim_start(&dead) == 0, "doctor: sim (no pull-up)")) {
		tu_fmt(args, sizeof args, "doctor --timeout 800 --port %s",
		       dead.name);
		st = run(args, out, sizeof out, err, sizeof err);
		INT_EQ(st, 1, "doctor: no byte back exits 1");
		OK(strstr(out, "pull-up") && strstr(out, "10 kOhm") &&
		   strstr(out, "pin 3"), "doctor: tells which pin and "
		   "resistor:\n%s", out);
	}
	sim_free(&dead);
	if (OK(sim_start(&noisy) == 0, "doctor: sim sending noise")) {
		tu_fmt(args, sizeof args, "doctor --timeout 800 --port %s",
		       noisy.name);
		st = run(args, out, sizeof out, err, sizeof err);
		INT_EQ(st, 1, "doctor: only noise back exits 1");
		OK(strstr(out, "none made sense") && strstr(out, "--parity") &&
		   strstr(out, "Fnct P"), "doctor: says wrong speed or parity "
		   "and what to try:\n%s", out);
	}
	sim_free(&noisy);
	if (OK(sim_start(&fast) == 0, "doctor: sim at 9600")) {
		tu_fmt(args, sizeof args, "doctor --timeout 800 --port %s",
		       fast.name);
		st = run(args, out, sizeof out, err, sizeof err);
		INT_EQ(st, 0, "doctor: a port left at 9600 is found");
		OK(strstr(out, "answers at 9600") && strstr(out, "Minitel 2"),
		   "doctor: says the speed:\n%s", out);
	}
	sim_free(&fast);
}

static void test_send(void)
{
	sim s = {.model = "1b"};
	char dir[] = "/tmp/minitel-send-XXXXXX", path[128], args[512];
	static const char page[] = "\x0c\x1f\x45\x41" "Bonjour Minitel";
	FILE *f;
	int st;

	if (!OK(mkdtemp(dir) != NULL, "send: temp dir"))
		return;
	tu_fmt(path, sizeof path, "%s/p.vdt", dir);
	f = fopen(path, "wb");
	if (!f || fwrite(page, 1, sizeof page - 1, f) != sizeof page - 1)
		abort();
	fclose(f);
	if (OK(sim_start(&s) == 0, "send: sim")) {
		tu_fmt(args, sizeof args, "send --timeout 800 --port %s %s",
		       s.name, path);
		st = run(args, out, sizeof out, err, sizeof err);
		INT_EQ(st, 0, "send: exit 0:\n%s", err);
		OK(strstr(err, "1 file, 19 bytes") != NULL, "send: tells "
		   "the size and time:\n%s", err);
		usleep(100000);
		sim_stop(&s);
		{
			vtx_shown row[VTX_COLS];
			char text[VTX_COLS + 1];

			vtx_screen_shown(&s.final, 5, row);
			for (int c = 0; c < VTX_COLS; c++)
				text[c] = (char)row[c].ch;
			text[VTX_COLS] = 0;
			OK(strstr(text, "Bonjour Minitel") != NULL,
			   "send: the page shows on the Minitel: |%s|", text);
		}
		OK(vtx_minitel_speed(s.m) == 1200 && vtx_minitel_echo(s.m),
		   "send: terminal left at 1200, echo on");
	}
	sim_free(&s);
	tu_fmt(args, sizeof args, "send --port %s %s/missing.vdt", "/dev/null",
	       dir);
	INT_EQ(run(args, out, sizeof out, err, sizeof err), 1,
	       "send: a missing file exits 1");
	OK(strstr(err, "missing.vdt") != NULL, "send: names it: %s", err);
	unlink(path);
	rmdir(dir);
}

static void test_serve_cli(void)
{
	sim s = {.model = "1b"};
	char args[256];
	int st;

	s.keys[s.nkeys++] = "\x13\x49"; /* CONNEXION/FIN */
	if (OK(sim_start(&s) == 0, "serve: sim")) {
		tu_fmt(args, sizeof args, "serve --once --timeout 800 --port "
		       "%s pages/notes", s.name);
		st = run(args, out, sizeof out, err, sizeof err);
		INT_EQ(st, 0, "serve --once: exit 0 after CONNEXION/FIN:\n%s",
		       err);
		OK(strstr(err, "identified: Minitel 1B") &&
		   strstr(err, "4800 baud accepted") &&
		   strstr(err, "goodbye page sent"),
		   "serve: progress on stderr:\n%s", err);
	}
	sim_free(&s);
}

static void test_serve_export(void)
{
	/* serve, like view, takes a folder written by minitel export */
	char dir[] = "/tmp/minitel-exp-XXXXXX", args[512];
	sim s = {.model = "1b"};
	int st;

	if (!OK(mkdtemp(dir) != NULL, "serve export: temp dir"))
		return;
	tu_fmt(args, sizeof args, "export pages/notes -o %s/site", dir);
	INT_EQ(run(args, out, sizeof out, err, sizeof err), 0,
	       "serve export: exported: %s", err);
	s.keys[s.nkeys++] = "\x13\x49";
	if (OK(sim_start(&s) == 0, "serve export: sim")) {
		tu_fmt(args, sizeof args, "serve --once --timeout 800 --port "
		       "%s %s/site", s.name, dir);
		st = run(args, out, sizeof out, err, sizeof err);
		INT_EQ(st, 0, "serve export: exit 0:\n%s", err);
		sim_stop(&s);
		OK(same_body(&s.snaps[0], 0), "serve export: the export's "
		   "sommaire on the Minitel");
	}
	sim_free(&s);
	tu_scratch_done(dir);
}

/* Nonzero when row text (characters below 0x80) of screen `sc` holds
 * `what`. */
static int screen_has(const vtx_screen *sc, const char *what)
{
	for (int r = 0; r < VTX_ROWS; r++) {
		vtx_shown row[VTX_COLS];
		char text[VTX_COLS + 1];

		vtx_screen_shown(sc, r, row);
		for (int c = 0; c < VTX_COLS; c++)
			text[c] = row[c].ch >= 0x20 && row[c].ch < 0x80
					  ? (char)row[c].ch : '#';
		text[VTX_COLS] = 0;
		if (strstr(text, what))
			return 1;
	}
	return 0;
}

static void test_serve_vgp2(void)
{
	/* serve lays notes out again for a VGP2 terminal: transliterated,
	 * not stand-ins (ß -> ss, § -> par.) */
	char dir[] = "/tmp/minitel-vgp-XXXXXX", path[128], args[512];
	static const char note[] = "# Stra\xC3\x9F" "e \xC2\xA7 3\n\nTexte.\n";
	FILE *f;

	if (!OK(mkdtemp(dir) != NULL, "vgp2: temp dir"))
		return;
	tu_fmt(path, sizeof path, "%s/n.md", dir);
	f = fopen(path, "wb");
	if (!f || fwrite(note, 1, sizeof note - 1, f) != sizeof note - 1)
		abort();
	fclose(f);
	for (int i = 0; i < 2; i++) {
		sim s = {.model = i ? "2" : "1b"};

		s.keys[s.nkeys++] = "\x13\x49";
		if (!OK(sim_start(&s) == 0, "vgp2: sim"))
			break;
		tu_fmt(args, sizeof args, "serve --once --timeout 800 --port "
		       "%s %s", s.name, path);
		INT_EQ(run(args, out, sizeof out, err, sizeof err), 0,
		       "vgp2: serve: %s", err);
		sim_stop(&s);
		if (i)
			OK(vgp5_cells(&s.snaps[0]) >= 2 &&
			   !screen_has(&s.snaps[0], "Strasse"),
			   "vgp2: a Minitel 2 gets \"Stra\xC3\x9F" "e \xC2\xA7\"");
		else
			OK(vgp5_cells(&s.snaps[0]) == 0 &&
			   screen_has(&s.snaps[0], "Strasse par. 3"),
			   "vgp2: a 1B gets \"Strasse par. 3\"");
		sim_free(&s);
	}
	tu_scratch_done(dir);
}

static void test_usage(void)
{
	INT_EQ(run("serve pages/notes", out, sizeof out, err, sizeof err), 2,
	       "serve without --port: usage error");
	OK(strstr(err, "--port") != NULL, "serve: says --port: %s", err);
	INT_EQ(run("send --port /dev/null --speed 2400 x.vdt", out,
		   sizeof out, err, sizeof err), 2,
	       "send --speed 2400: usage error");
	INT_EQ(run("doctor --port /dev/null --parity odd", out, sizeof out,
		   err, sizeof err), 2, "doctor --parity odd: usage error");
	INT_EQ(run("doctor --port /nonexistent/ttyUSB7", out, sizeof out,
		   err, sizeof err), 1, "doctor: a missing port exits 1");
	OK(strstr(out, "ttyUSB7") && strstr(out, "minitel ports"),
	   "doctor: names the port, points to minitel ports: %s", out);
	INT_EQ(run("ports", out, sizeof out, err, sizeof err), 0,
	       "ports: exit 0");
	INT_EQ(run("ports extra", out, sizeof out, err, sizeof err), 2,
	       "ports takes no argument");
	for (int i = 0; i < 4; i++) {
		static const char *const cmds[] = {"serve", "send", "doctor",
						   "ports"};
		char args[64];

		tu_fmt(args, sizeof args, "%s --help", cmds[i]);
		INT_EQ(run(args, out, sizeof out, err, sizeof err), 0,
		       "%s --help", cmds[i]);
		OK(strstr(out, "usage: minitel") != NULL, "%s --help prints "
		   "its usage", cmds[i]);
	}
}

static int body_in(const char *text, int p);

/*** serve against view --port: two processes and a cable ***/

/* Two pseudo-terminals whose masters this thread joins like a cable.
 * Each process sets its own speed on its own tty; a byte crosses as it
 * is when both ends agree, as noise when they do not (after letting a
 * speed switch that follows a command settle, as minisim.h does). */
typedef struct cable {
	int m[2], s[2];
	char name[2][64];
	volatile int quit;
	long garbled;
	uint64_t rng;
} cable;

static int tty_speed(int fd)
{
	struct termios t;

	return tcgetattr(fd, &t) == 0 ? sim_baud(cfgetospeed(&t)) : 0;
}

static void *cable_main(void *arg)
{
	cable *c = arg;

	while (!c->quit) {
		struct pollfd p[2] = {{.fd = c->m[0], .events = POLLIN},
				      {.fd = c->m[1], .events = POLLIN}};

		if (poll(p, 2, 20) <= 0)
			continue;
		for (int i = 0; i < 2; i++) {
			uint8_t buf[512];
			double end = sim_now() + SIM_SETTLE_MS;
			ssize_t k;

			if (!(p[i].revents & POLLIN))
				continue;
			k = read(c->m[i], buf, sizeof buf);
			if (k <= 0)
				continue;
			while (tty_speed(c->s[0]) != tty_speed(c->s[1]) &&
			       sim_now() < end)
				usleep(2000);
			if (tty_speed(c->s[0]) != tty_speed(c->s[1])) {
				for (ssize_t j = 0; j < k; j++) {
					c->rng = c->rng * 6364136223846793005ULL +
						 1442695040888963407ULL;
					buf[j] = (uint8_t)(c->rng >> 57);
				}
				c->garbled += k;
			}
			if (write(c->m[1 - i], buf, (size_t)k) != k)
				continue;
		}
	}
	return NULL;
}

static pid_t spawn(const char *cmd)
{
	pid_t pid = fork();

	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Waits at most ms for pid; its exit status, or -1 (then killed). */
static int wait_for(pid_t pid, int ms)
{
	int st;

	for (int t = 0; t < ms; t += 20) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		usleep(20000);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "rb");
	char *text = calloc(1, 1 << 20);
	size_t k;

	if (!text)
		abort();
	if (f) {
		k = fread(text, 1, (1 << 20) - 1, f);
		text[k] = 0;
		fclose(f);
	}
	return text;
}

static void test_two_processes(void)
{
	char dir[] = "/tmp/minitel-2p-XXXXXX", dump[128], log[128];
	char cmd[8192], num[24];
	cable c = {.rng = 42};
	pthread_t th;
	pid_t view, serve;
	int e = long_entry(num), vst, sst;
	char *text, *servelog;

	if (e < 0 || !OK(mkdtemp(dir) != NULL, "2p: temp dir"))
		return;
	for (int i = 0; i < 2; i++)
		if (openpty(&c.m[i], &c.s[i], c.name[i], NULL, NULL) != 0)
			abort();
	if (!OK(pthread_create(&th, NULL, cable_main, &c) == 0, "2p: cable"))
		return;
	tu_fmt(dump, sizeof dump, "%s/view.screen", dir);
	tu_fmt(log, sizeof log, "%s/serve.log", dir);
	tu_fmt(cmd, sizeof cmd, "exec '%s' view --headless --port %s --keys "
	       "'%s ENVOI SUITE' --dump %s 2>/dev/null", tool, c.name[1], num,
	       dump);
	view = spawn(cmd);
	/* A Minitel is on before the host calls: serve starts once view has
	 * made its port raw. Before that the pty's line discipline would
	 * echo the host's first question back as "^[9{", typed keys. */
	for (int t = 0; t < 10000; t += 10) {
		struct termios tio;

		if (tcgetattr(c.s[1], &tio) == 0 && !(tio.c_lflag & ECHO))
			break;
		usleep(10000);
	}
	tu_fmt(cmd, sizeof cmd, "exec '%s' serve --timeout 800 --port %s "
	       "pages/notes 2>%s", tool, c.name[0], log);
	serve = spawn(cmd);
	/* when serve has served ENVOI and SUITE, while view still runs */
	for (int t = 0; t < 60000; t += 20) {
		char *l = slurp(log), *p = l;
		int pages = 0;

		while ((p = strstr(p, ": page ")) != NULL) {
			pages++;
			p++;
		}
		free(l);
		if (pages >= 2)
			break;
		usleep(20000);
	}
	kill(serve, SIGTERM); /* Ctrl-C, as a person would */
	sst = wait_for(serve, 10000);
	vst = wait_for(view, 60000);
	c.quit = 1;
	pthread_join(th, NULL);
	INT_EQ(vst, 0, "2p: view --port ran the keys and ended");
	INT_EQ(sst, 0, "2p: serve stopped cleanly on SIGTERM");
	servelog = slurp(log);
	OK(strstr(servelog, "identified: Minitel 1B") &&
	   strstr(servelog, "4800 baud accepted") &&
	   strstr(servelog, "echo: off"),
	   "2p: serve identified the emulator as a 1B, went to 4800, cut the "
	   "echo:\n%s", servelog);
	OK(strstr(servelog, "echo: on") && strstr(servelog,
	   "1200 baud accepted"), "2p: and restored it on SIGTERM:\n%s", servelog);
	/* the emulator's final screen: entry e's page 2, body rows */
	text = slurp(dump);
	OK(body_in(text, notes.map->entries[e].first_page + 1), "2p: the "
	   "emulator shows entry %s's page 2 (body rows found in its dump)",
	   num);
	free(text);
	free(servelog);
	unlink(dump);
	unlink(log);
	rmdir(dir);
	for (int i = 0; i < 2; i++) {
		close(c.m[i]);
		close(c.s[i]);
	}
}

/* A TCP port free now on 127.0.0.1. */
static int free_port(void)
{
	lnk_listener *ls;
	char why[128];
	int port;

	if (lnk_listen("tcp:127.0.0.1:0", &ls, why, sizeof why) != 0)
		return -1;
	port = lnk_listener_port(ls);
	lnk_listener_close(ls);
	return port;
}

/* Rows 5..22 of page p, as text view lines, all found in `text`. */
static int body_in(const char *text, int p)
{
	vtx_buf want = {0};
	int lines = 0, found = 0;
	char *end;

	vtx_dump_text(&notes.pages[p], &want);
	end = (char *)want.data + want.len;
	for (char *line = (char *)want.data, *nl; line < end; line = nl + 1) {
		nl = memchr(line, '\n', (size_t)(end - line));
		if (!nl)
			break;
		*nl = 0;
		if (strncmp(line, "05|", 3) >= 0 && strncmp(line, "23|", 3) < 0) {
			lines++;
			found += strstr(text, line) != NULL;
		}
	}
	vtx_buf_free(&want);
	return lines > 0 && found == lines;
}

static void test_listen(void)
{
	/* serve --listen: the emulator connects to it over TCP */
	char dir[] = "/tmp/minitel-tcp-XXXXXX", dump[128], log[128];
	char cmd[8192], num[24];
	int port = free_port(), e = long_entry(num), vst, sst;
	pid_t serve, view;
	char *text, *servelog;

	if (e < 0 || port < 0 || !OK(mkdtemp(dir) != NULL, "tcp: temp dir"))
		return;
	tu_fmt(dump, sizeof dump, "%s/view.screen", dir);
	tu_fmt(log, sizeof log, "%s/serve.log", dir);
	tu_fmt(cmd, sizeof cmd, "exec '%s' serve --timeout 800 --listen "
	       "tcp:127.0.0.1:%d pages/notes 2>%s", tool, port, log);
	serve = spawn(cmd);
	usleep(300000);
	tu_fmt(cmd, sizeof cmd, "exec '%s' view --headless --connect "
	       "tcp:127.0.0.1:%d --keys '%s ENVOI' --dump %s 2>/dev/null",
	       tool, port, num, dump);
	view = spawn(cmd);
	vst = wait_for(view, 60000);
	kill(serve, SIGTERM);
	sst = wait_for(serve, 10000);
	INT_EQ(vst, 0, "tcp: view --connect ran its keys");
	INT_EQ(sst, 0, "tcp: serve --listen stopped cleanly");
	servelog = slurp(log);
	OK(strstr(servelog, "listening on port") &&
	   strstr(servelog, "identified: Minitel 1B"),
	   "tcp: serve listened and identified the emulator:\n%s", servelog);
	text = slurp(dump);
	OK(body_in(text, notes.map->entries[e].first_page), "tcp: the "
	   "emulator shows entry %s", num);
	free(text);
	free(servelog);
	unlink(dump);
	unlink(log);
	rmdir(dir);
}

int main(int argc, char **argv)
{
	(void)argc;
	tu_find_tool(argv[0], tool, sizeof tool, NULL, 0);
	signal(SIGPIPE, SIG_IGN);
	test_identify("1b", "Minitel 1B", 4800, 0);
	test_identify("2", "Minitel 2", 9600, 1);
	test_identify("1", "Minitel 1", 1200, 0);
	test_refused();
	test_no_answer();
	test_other_speed();
	test_silent();
	if (OK(load_notes(), "pages/notes laid out")) {
		test_browse();
		test_keys_apart();
		test_parity();
		test_reconnect();
		test_stop();
		test_model_output();
		test_two_processes();
		test_listen();
	}
	test_doctor();
	test_send();
	test_serve_cli();
	if (notes.map)
		test_serve_export();
	test_serve_vgp2();
	test_usage();
	tu_site_free(&notes);
	return check_done();
}
