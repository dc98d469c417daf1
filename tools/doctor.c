/* tools/doctor.c -- minitel doctor: a serial link checked step by step.
 *
 * The usual troubles (field-notes.md §3): the Minitel's TX is open
 * collector and needs a pull-up, without which the screen works but no
 * key ever arrives; a port at another speed than 1200 (Fnct P) or an
 * adapter without 7E1 gives garbage; echo and speed commands ignored in
 * the Teleinformatique mode. Each step says what it saw and what to do. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "link/driver.h"
#include "linkopt.h"
#include "util.h"

#define USAGE "minitel doctor --port PORT [OPTIONS]"

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Checks the link to a Minitel on PORT and says what to do when\n"
	"something is wrong: whether bytes reach the Minitel (a test line is\n"
	"written on its screen) and come back (the pull-up resistor), the\n"
	"speed its port runs at, wrong speed or parity, the identification\n"
	"(ENQROM), the speeds it accepts, and the echo control. The terminal\n"
	"is left at 1200 baud with the echo on.\n"
	"\n"
	LINKOPT_HELP
	"  -v, --verbose  each exchange with the terminal as it happens\n"
	"  -h, --help     this help\n"
	"\n"
	"Exit status: 0 the link works, 1 a problem was found (the advice is\n"
	"on stdout) or the port cannot be opened, 2 usage error.\n";

static int verbose_log;

static void note(const char *line, void *user)
{
	(void)user;
	if (verbose_log)
		printf("      %s\n", line);
}

static int steps; /* numbered as they come: some are skipped */

static void step(const char *what)
{
	printf("%d. %s\n", ++steps, what);
	fflush(stdout);
}

static void result(int ok, const char *fmt, const char *detail)
{
	printf("   %s ", ok ? "ok" : "!!");
	printf(fmt, detail);
	printf("\n");
	fflush(stdout);
}

/* What came in that was not an answer: bytes kept as noise plus those
 * the link dropped for their parity. */
static unsigned long noise(const lnk_link *l, const drv_driver *d,
			   unsigned long *parity)
{
	lnk_stats st;

	lnk_get_stats(l, &st);
	*parity = st.parity_errors;
	return drv_noise(d) + st.parity_errors;
}

static int no_answer(const lnk_link *l, const drv_driver *d)
{
	unsigned long parity, n = noise(l, d, &parity);

	if (n == 0) {
		printf(
		"   !! No byte ever came back from the Minitel, at any speed.\n"
		"      Its TX (DIN pin 3) is an open-collector output: it needs a\n"
		"      pull-up resistor to +5 V. Put 10 kOhm between DIN pin 3 and\n"
		"      the adapter's 5 V (VCC) pin. Check also: DIN pin 3 to the\n"
		"      adapter's RX, DIN pin 1 to its TX, DIN pin 2 to GND, and an\n"
		"      adapter at 5 V TTL levels (not RS-232).\n"
		"      If the test line of step 2 did not show on the Minitel\n"
		"      either, check DIN pin 1 and the ground first, and that the\n"
		"      Minitel is on and not in Teleinformatique mode (Fnct T V\n"
		"      brings back Videotex).\n");
		return UTIL_EXIT_INPUT;
	}
	printf("   !! %lu bytes came back but none made sense (%lu with parity\n"
	       "      errors): the speed or the parity is wrong.\n"
	       "      Set the Minitel's port to 1200 baud (Fnct P then 1), and\n"
	       "      try --parity %s. A 3.3 V adapter or an RS-232 level\n"
	       "      shifter gives garbage too: the DIN port wants 5 V TTL.\n",
	       n, parity,
	       lnk_parity_of(l) == LNK_PARITY_HW ? "soft" : "hw");
	return UTIL_EXIT_INPUT;
}

static int run(lnk_link *l, drv_driver *d, const linkopt *lo)
{
	/* FF, then the line on row 1 (videotex.md §3) */
	static const char test[] = "\x0C" "minitel doctor: test line";
	static const int speeds[] = {4800, 9600};
	drv_terminal t;
	int r, best = 1200, problems = 0;
	unsigned long parity;

	memset(&t, 0, sizeof t);
	t.speed = lnk_speed(l);
	drv_describe(&t);

	step("Writing a test line on the Minitel's screen at 1200 baud");
	if ((r = lnk_write(l, (const uint8_t *)test, sizeof test - 1)) < 0 ||
	    (r = lnk_drain(l)) < 0)
		return r;
	result(1, "%s", "sent: the Minitel should now show \"minitel doctor: "
			"test line\" (if not: DIN pin 1 and ground)");

	step("Identification (ENQROM) at 1200 baud");
	if ((r = drv_identify(d, &t)) < 0)
		return r;
	if (r == 0) {
		result(0, "%s", "no answer at 1200 baud; looking for the "
				"port's speed");
		step("Speed of the Minitel's port (1200, 4800, 9600, 300)");
		if ((r = drv_find_speed(d, &t)) < 0)
			return r;
		if (r == 0)
			return no_answer(l, d);
		printf("   ok the port answers at %d baud%s\n", t.speed,
		       t.speed != 1200 ? " (Fnct P 1 sets 1200 again; serve "
					 "finds it anyway)" : "");
		if ((r = drv_identify(d, &t)) < 0)
			return r;
		if (r == 0) {
			result(0, "%s", "it answers speed queries but not "
					"ENQROM: an unusual terminal or an "
					"emulator; serve will assume a "
					"Minitel 1B");
			problems++;
		}
	}
	if (t.identified)
		printf("   ok %s, made by %s (type '%c', version '%c'): up to "
		       "%d baud, %s characters%s\n", t.model, t.maker_name,
		       t.type, t.version, t.max_speed,
		       t.vgp5 ? "VGP5" : "VGP2", t.cols80 ? ", 80 columns" : "");

	step("Speeds the Minitel accepts (PRO2)");
	for (size_t i = 0; i < sizeof speeds / sizeof speeds[0]; i++) {
		int s = speeds[i];

		if (lo->speed && s > lo->speed)
			continue;
		if ((r = drv_set_speed(d, &t, s)) < 0)
			return r;
		printf("   %s %d baud %s\n", r ? "ok" : "--", s,
		       r ? "accepted" : s > t.max_speed ? "refused (the model "
					"does not have it)" : "refused");
		if (r)
			best = s;
	}
	if (lnk_speed(l) != 1200 && (r = drv_set_speed(d, &t, 1200)) < 0)
		return r;

	step("Local echo (PRO3 keyboard -> modem)");
	if ((r = drv_echo(d, &t, 0)) < 0)
		return r;
	if (r == 0) {
		result(0, "%s", "the echo cut was not acknowledged: keys will "
				"show twice. In Teleinformatique mode the "
				"Minitel ignores protocol commands: Fnct T V "
				"brings back Videotex");
		problems++;
	} else {
		result(1, "%s", "echo off acknowledged");
		if ((r = drv_echo(d, &t, 1)) < 0)
			return r;
		result(r == 1, "%s", r == 1 ? "echo on again" :
				    "echo on again: not acknowledged");
	}

	noise(l, d, &parity);
	printf("\n");
	if (parity)
		printf("%lu bytes arrived with parity errors: a noisy line or "
		       "a loose wire.\n", parity);
	if (problems)
		printf("The link works, with %d warning%s above.\n", problems,
		       problems == 1 ? "" : "s");
	else
		printf("The link works: minitel serve will run at %d baud "
		       "with the echo off.\n", best);
	return UTIL_EXIT_OK;
}

int cmd_doctor(int argc, char **argv)
{
	static const util_opt opts[] = {LINKOPT_OPTS, {"verbose", 'v', 0},
					{"help", 'h', 0}};
	linkopt lo;
	util_args a;
	lnk_link *l = NULL;
	drv_driver *d;
	char err[256];
	int k, ret;

	linkopt_init(&lo);
	util_args_init(&a, argc, argv);
	while ((k = util_args_next(&a, opts, LINKOPT_N + 2)) != UTIL_OPT_END) {
		if (k >= 0 && k < LINKOPT_N) {
			if (linkopt_set(&lo, k, a.value, "doctor", USAGE) != 0)
				return UTIL_EXIT_USAGE;
		} else if (k == LINKOPT_N) {
			verbose_log = 1;
		} else if (k == LINKOPT_N + 1) {
			fputs(help, stdout);
			return UTIL_EXIT_OK;
		} else if (k == UTIL_OPT_ARG) {
			return util_usage_error("doctor", USAGE,
						"no argument expected: %s",
						a.value);
		} else {
			return util_usage_error("doctor", USAGE, "%s",
						a.error);
		}
	}
	if (!lo.port)
		return util_usage_error("doctor", USAGE, "--port is required "
					"(minitel ports lists them)");
	step("Opening the port");
	if (lnk_open(lo.port, &lo.link, &l, err, sizeof err) < 0) {
		printf("   !! %s\n", err);
		return UTIL_EXIT_INPUT;
	}
	printf("   ok %s: %s\n", lo.port, lnk_describe(l));
	{
		drv_options o = {.timeout_ms = lo.timeout_ms, .log = note};

		d = drv_new(l, &o);
	}
	if (!d) {
		lnk_close(l);
		return util_error("minitel doctor", "out of memory");
	}
	ret = run(l, d, &lo);
	if (ret < 0) {
		printf("   !! the link failed: %s%s\n", strerror(-ret),
		       ret == -EPIPE ? " (the adapter was unplugged or the "
				       "other end closed)" : "");
		ret = UTIL_EXIT_INPUT;
	}
	drv_free(d);
	lnk_close(l);
	return ret;
}
