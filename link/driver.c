/* link/driver.c -- identification, speed, echo: the host's set-up of a
 * Minitel on its DIN port (videotex.md §1 and §7; STUM §2-6-1 to §2-6-16,
 * §1-6-2; the practical sequences of M1BH and PyMinitel cited there). */
#include "driver.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "videotex/buf.h"
#include "videotex/minitel.h"
#include "videotex/parser.h"

#define C0_SOH 0x01
#define C0_EOT 0x04

/* What the reader is waiting for. */
typedef enum want {
	WANT_IDENT,   /* SOH M T V EOT */
	WANT_SPEED,   /* PRO2 75 s */
	WANT_OPSTAT,  /* PRO2 73 s */
	WANT_ROUTE    /* PRO3 63 R s */
} want;

struct drv_driver {
	lnk_link *link;
	drv_options opt;
	vtx_parser *parser;
	/* the answer being waited for, filled by on_event */
	want want;
	int got;            /* the answer came */
	uint8_t answer[4];  /* its bytes of interest */
	int ident;          /* inside SOH ... EOT: bytes collected + 1 */
	uint8_t ident_b[3];
	int event;          /* the byte just fed completed an event ... */
	int is_answer;      /* ... which was an answer (any) */
	vtx_buf pending;    /* bytes of the sequence being parsed */
	vtx_buf keys;       /* bytes that were not answers, kept */
	vtx_buf step_keys;  /* the same during the current step */
	unsigned long junk; /* bytes dropped as line noise */
};

/*** Logging ***/

static void say(drv_driver *d, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void say(drv_driver *d, const char *fmt, ...)
{
	char line[256];
	va_list ap;

	if (!d->opt.log)
		return;
	va_start(ap, fmt);
	vsnprintf(line, sizeof line, fmt, ap);
	va_end(ap);
	d->opt.log(line, d->opt.user);
}

/*** Reading answers among keys ***/

static void on_event(const vtx_event *ev, void *user)
{
	drv_driver *d = user;

	d->event = 1;
	d->is_answer = 0;
	if (d->ident > 0) {
		/* SOH M T V EOT (§7, identification): three printable bytes */
		if (ev->type == VTX_EV_CHAR && d->ident <= 3) {
			d->ident_b[d->ident - 1] = ev->a;
			d->ident++;
			d->is_answer = 1;
			return;
		}
		if (ev->type == VTX_EV_C0 && ev->a == C0_EOT &&
		    d->ident == 4) {
			d->ident = 0;
			d->is_answer = 1;
			if (d->want == WANT_IDENT) {
				memcpy(d->answer, d->ident_b, 3);
				d->got = 1;
			}
			return;
		}
		d->ident = 0; /* not an identification after all */
	}
	if (ev->type == VTX_EV_C0 && ev->a == C0_SOH) {
		d->ident = 1;
		d->is_answer = 1;
		return;
	}
	if (ev->type != VTX_EV_PRO)
		return;
	d->is_answer = 1;
	switch (d->want) {
	case WANT_SPEED: /* 1B 3A 75 s */
		if (ev->n == 4 && ev->seq[1] == 0x3A && ev->seq[2] == 0x75) {
			d->answer[0] = ev->seq[3];
			d->got = 1;
		}
		break;
	case WANT_OPSTAT: /* 1B 3A 73 s */
		if (ev->n == 4 && ev->seq[1] == 0x3A && ev->seq[2] == 0x73) {
			d->answer[0] = ev->seq[3];
			d->got = 1;
		}
		break;
	case WANT_ROUTE: /* 1B 3B 63 R s */
		if (ev->n == 5 && ev->seq[1] == 0x3B && ev->seq[2] == 0x63) {
			d->answer[0] = ev->seq[3];
			d->answer[1] = ev->seq[4];
			d->got = 1;
		}
		break;
	default:
		break;
	}
}

/* Feeds received bytes one at a time, so that each byte can be told
 * apart: part of an answer (dropped) or of something else (kept). */
static int take(drv_driver *d, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		if (vtx_buf_byte(&d->pending, b[i]) < 0)
			return -ENOMEM;
		d->event = 0;
		vtx_parser_feed(d->parser, &b[i], 1);
		if (!d->event)
			continue;
		if (!d->is_answer &&
		    vtx_buf_put(&d->step_keys, d->pending.data,
				   d->pending.len) < 0)
			return -ENOMEM;
		d->pending.len = 0;
	}
	return 0;
}

static double now_ms(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static int timeout_of(const drv_driver *d)
{
	return d->opt.timeout_ms > 0 ? d->opt.timeout_ms : 1000;
}

/* Ends a step: its stray bytes are keys when the terminal answered in it
 * (they came at the right speed), line noise otherwise. */
static int end_step(drv_driver *d, int answered)
{
	int r = 0;

	if (answered)
		r = vtx_buf_put(&d->keys, d->step_keys.data,
				   d->step_keys.len);
	else
		d->junk += d->step_keys.len;
	d->step_keys.len = 0;
	return r < 0 ? -ENOMEM : 0;
}

/* Sends `cmd` and waits for the answer `w`: 1 when it came (d->answer),
 * 0 on timeout, or -errno. switch_to > 0: after sending, drain and switch
 * the link to that speed before waiting (PRO2 speed change, whose answer
 * comes at the new speed). */
static int ask(drv_driver *d, const uint8_t *cmd, size_t n, want w,
	       int switch_to)
{
	double deadline;
	uint8_t buf[128];
	int r;

	d->want = w;
	d->got = 0;
	d->ident = 0;
	vtx_parser_reset(d->parser);
	d->step_keys.len = 0;
	if (d->pending.len) {
		/* an unfinished sequence before the question: noise */
		d->junk += d->pending.len;
		d->pending.len = 0;
	}
	r = lnk_write(d->link, cmd, n);
	if (r < 0)
		return r;
	if (switch_to > 0) {
		if ((r = lnk_drain(d->link)) < 0 ||
		    (r = lnk_set_speed(d->link, switch_to)) < 0)
			return r;
	}
	deadline = now_ms() + timeout_of(d);
	while (!d->got) {
		double left = deadline - now_ms();
		ssize_t k;

		if (left <= 0)
			break;
		k = lnk_read(d->link, buf, sizeof buf, (int)left + 1);
		if (k < 0)
			return (int)k;
		if ((r = take(d, buf, (size_t)k)) < 0)
			return r;
	}
	/* An answer is followed at once by nothing; a key typed just then
	 * is read by the caller's next read. */
	if ((r = end_step(d, d->got)) < 0)
		return r;
	return d->got;
}

/*** The steps ***/

/* PRO2 speed code (§1): 0x40 | E<<3 | R, 3-bit codes 010 = 300,
 * 100 = 1200, 110 = 4800, 111 = 9600 (001 = 75, the modem's return). */
static int speed_code(int baud)
{
	int c = baud == 300 ? 2 : baud == 4800 ? 6 : baud == 9600 ? 7 : 4;

	return 0x40 | c << 3 | c;
}

static int code_speed(int bits)
{
	switch (bits & 7) {
	case 1: return 75;
	case 2: return 300;
	case 4: return 1200;
	case 6: return 4800;
	case 7: return 9600;
	default: return 0;
	}
}

void drv_describe(drv_terminal *t)
{
	const vtx_minitel_model *m = vtx_minitel_model_of(t->type);
	const char *maker = vtx_minitel_maker(t->maker);

	t->model = m ? m->name : "unknown Minitel";
	t->maker_name = maker ? maker : "unknown maker";
	t->max_speed = m ? m->max_speed : 1200;
	t->vgp5 = m ? m->vgp5 : 0;
	t->cols80 = m ? m->col80 : 0;
}

int drv_identify(drv_driver *d, drv_terminal *t)
{
	/* PRO1 ENQROM (§7, STUM §2-6-14): 1B 39 7B -> 01 M T V 04 */
	static const uint8_t enq[] = {0x1B, 0x39, 0x7B};
	int r = ask(d, enq, sizeof enq, WANT_IDENT, 0);

	if (r <= 0)
		return r;
	t->identified = 1;
	t->answered = 1;
	t->maker = d->answer[0];
	t->type = d->answer[1];
	t->version = d->answer[2];
	t->speed = lnk_speed(d->link);
	drv_describe(t);
	say(d, "identified: %s (%s, type '%c', version '%c') at %d baud",
	    t->model, t->maker_name, t->type, t->version, t->speed);
	return 1;
}

/* PRO1 speed status (§1, M1BH searchSpeed): 1B 39 74 -> 1B 3A 75 s.
 * 1 when the terminal answers at the link's present speed. */
static int probe(drv_driver *d)
{
	static const uint8_t st[] = {0x1B, 0x39, 0x74};

	return ask(d, st, sizeof st, WANT_SPEED, 0);
}

/* The same with the link switched to `baud` first (what was received at
 * the speed before is dropped). */
static int probe_at(drv_driver *d, int baud)
{
	int r = lnk_set_speed(d->link, baud);

	if (r < 0)
		return r;
	lnk_flush_input(d->link);
	return probe(d);
}

int drv_find_speed(drv_driver *d, drv_terminal *t)
{
	/* 1200 first (power-on), then the speeds a user may have chosen
	 * with Fnct P (§1): 4800, 9600, 300. */
	static const int order[] = {1200, 4800, 9600, 300};
	int r;

	for (size_t i = 0; i < sizeof order / sizeof order[0]; i++) {
		r = probe_at(d, order[i]);
		if (r < 0)
			return r;
		if (r == 1) {
			t->speed = order[i];
			t->answered = 1;
			say(d, "speed: the port answers at %d baud", order[i]);
			return 1;
		}
		say(d, "speed: no answer at %d baud", order[i]);
	}
	return 0;
}

int drv_set_speed(drv_driver *d, drv_terminal *t, int baud)
{
	uint8_t cmd[4] = {0x1B, 0x3A, 0x6B, 0};
	int old = lnk_speed(d->link), r;

	if (!lnk_speed_valid(baud))
		return -EINVAL;
	if (baud == old) {
		t->speed = old;
		return 1;
	}
	/* PRO2 PROG s (§1): the acknowledgement 1B 3A 75 s comes at the new
	 * speed; an answer at the old speed is a refusal, which reaches us
	 * as noise (or not at all) once we listen at the new one. */
	cmd[3] = (uint8_t)speed_code(baud);
	r = ask(d, cmd, sizeof cmd, WANT_SPEED, baud);
	if (r < 0)
		return r;
	if (r == 1 && code_speed(d->answer[0]) == baud) {
		t->speed = baud;
		say(d, "speed: %d baud accepted", baud);
		return 1;
	}
	/* Back to the old speed, and check that the terminal is there. */
	r = probe_at(d, old);
	if (r < 0)
		return r;
	if (r == 1) {
		t->speed = old;
		say(d, "speed: %d baud refused, staying at %d", baud, old);
		return 0;
	}
	/* Neither answered at the old speed: perhaps the switch happened
	 * and only its acknowledgement was lost. */
	if ((r = probe_at(d, baud)) == 1) {
		t->speed = baud;
		say(d, "speed: %d baud (its acknowledgement was lost)", baud);
		return 1;
	}
	if (r < 0)
		return r;
	if ((r = lnk_set_speed(d->link, old)) < 0)
		return r;
	t->speed = old;
	say(d, "speed: no answer after asking for %d baud; back at %d", baud,
	    old);
	return 0;
}

int drv_echo(drv_driver *d, drv_terminal *t, int on)
{
	/* PRO3 routing (§7, STUM §2-6-8): 1B 3B 60|61 5A 51 cuts or links
	 * keyboard (51) -> modem (5A), the loop that echoes keys on the
	 * screen of a Minitel in local state. Acknowledged by 1B 3B 63 5A s,
	 * s = 0x40 + port*8 + modem*4 + keyboard*2 + screen: the emitters
	 * now linked to the modem. */
	uint8_t cmd[5] = {0x1B, 0x3B, (uint8_t)(on ? 0x61 : 0x60), 0x5A, 0x51};
	int r = ask(d, cmd, sizeof cmd, WANT_ROUTE, 0);

	if (r <= 0) {
		say(d, "echo: no acknowledgement; the local echo may stay %s",
		    on ? "off" : "on");
		return r;
	}
	if (d->answer[0] != 0x5A || !!(d->answer[1] & 0x02) != !!on) {
		say(d, "echo: unexpected acknowledgement 1B 3B 63 %02X %02X",
		    d->answer[0], d->answer[1]);
		return 0;
	}
	t->echo_off = !on;
	say(d, "echo: %s", on ? "on" : "off");
	return 1;
}

int drv_lower_case(drv_driver *d, drv_terminal *t, int on)
{
	/* PRO2 start/stop 45 (§7, STUM §2-6-6): lower-case keyboard; the
	 * acknowledgement 1B 3A 73 s has ME (8) for lower case. */
	uint8_t cmd[4] = {0x1B, 0x3A, (uint8_t)(on ? 0x69 : 0x6A), 0x45};
	int r = ask(d, cmd, sizeof cmd, WANT_OPSTAT, 0);

	if (r <= 0)
		return r;
	if (!!(d->answer[0] & 0x08) != !!on)
		return 0;
	t->lower_case = on;
	say(d, "keyboard: %s", on ? "lower case" : "capitals");
	return 1;
}

int drv_setup(drv_driver *d, drv_terminal *t)
{
	int r, target;

	memset(t, 0, sizeof *t);
	t->speed = lnk_speed(d->link);
	drv_describe(t);
	lnk_flush_input(d->link);
	r = drv_identify(d, t);
	if (r < 0)
		return r;
	if (r == 0) {
		say(d, "identification: no answer at %d baud; looking for "
		    "the port's speed", t->speed);
		r = drv_find_speed(d, t);
		if (r < 0)
			return r;
		if (r == 1 && (r = drv_identify(d, t)) < 0)
			return r;
	}
	if (!t->answered) {
		t->garbage = d->junk;
		if ((r = lnk_set_speed(d->link, 1200)) < 0)
			return r;
		t->speed = 1200;
		say(d, "no answer at any speed (%lu bytes of noise): going on "
		    "at 1200 baud, echo on (minitel doctor tells more)",
		    d->junk);
		return 1;
	}
	if (!t->identified)
		say(d, "identification: none; assuming a Minitel 1B");
	if (!t->identified) {
		t->type = 'u';
		drv_describe(t);
		t->model = "Minitel (unidentified)";
	}
	target = d->opt.speed > 0 ? d->opt.speed : t->max_speed;
	if (target > t->max_speed && d->opt.speed == 0)
		target = t->max_speed;
	if (target != t->speed && (r = drv_set_speed(d, t, target)) < 0)
		return r;
	if (!d->opt.no_echo_cut && (r = drv_echo(d, t, 0)) < 0)
		return r;
	if ((r = drv_lower_case(d, t, 1)) < 0)
		return r;
	t->garbage = d->junk;
	return 0;
}

int drv_restore(drv_driver *d, drv_terminal *t)
{
	int r;

	if ((r = drv_echo(d, t, 1)) < 0 ||
	    (r = drv_lower_case(d, t, 0)) < 0)
		return r;
	if (lnk_speed(d->link) != 1200 && (r = drv_set_speed(d, t, 1200)) < 0)
		return r;
	return lnk_drain(d->link);
}

int drv_take_keys(drv_driver *d, uint8_t **out, size_t *n)
{
	*out = NULL;
	*n = 0;
	if (d->keys.len == 0)
		return 0;
	*out = malloc(d->keys.len);
	if (!*out)
		return -ENOMEM;
	memcpy(*out, d->keys.data, d->keys.len);
	*n = d->keys.len;
	d->keys.len = 0;
	return 0;
}

unsigned long drv_noise(const drv_driver *d)
{
	return d->junk + d->step_keys.len + d->pending.len;
}

drv_driver *drv_new(lnk_link *l, const drv_options *opt)
{
	static const vtx_parser_callbacks cb = {.event = on_event};
	drv_driver *d = calloc(1, sizeof *d);

	if (!d)
		return NULL;
	d->link = l;
	if (opt)
		d->opt = *opt;
	d->parser = vtx_parser_new(&cb, d);
	if (!d->parser) {
		free(d);
		return NULL;
	}
	return d;
}

void drv_free(drv_driver *d)
{
	if (!d)
		return;
	vtx_parser_free(d->parser);
	vtx_buf_free(&d->pending);
	vtx_buf_free(&d->keys);
	vtx_buf_free(&d->step_keys);
	free(d);
}
