/* tests/unit/minisim.h -- a Minitel at the far end of a pseudo-terminal,
 * for the serial tests: the project's emulated Minitel (videotex/minitel:
 * decoder + PRO responder) on the pty's master side, in a thread.
 *
 * The wire: a pty carries bytes at once and has no speed, so the sim
 * plays the UARTs. The host's speed is the one it set on the tty (the sim
 * holds the slave open and reads its termios); the Minitel's is the
 * emulator's. Bytes that cross with the two speeds different become
 * noise, as on a real line: what the host sends is not understood, what
 * the Minitel sends arrives as random bytes. A host switches speed just
 * after a PRO2 command has left (lnk_drain waits its wire time), and a
 * Minitel acknowledges at its new speed: the sim waits up to
 * SIM_SETTLE_MS for the host to be at that speed before deciding.
 *
 * The key script: each key is typed when the host has answered the one
 * before and gone quiet for SIM_QUIET_MS; the first one once a page
 * shows (the set-up's protocol exchanges show nothing, and may pause
 * longer than that on a loaded machine).
 *
 * Knobs: tx_dead (the Minitel's TX not wired: it hears, the host never
 * does), drop_pro2 (speed commands ignored, as in Teleinformatique),
 * soft (8N1 with parity in bit 7 both ways), a key script typed one key
 * after each answer of the host, bad-parity bytes slipped between keys,
 * hang_up_after (the master closed after that many bytes of the answer
 * to the last key: the far side gone in the middle of a page). */
#ifndef MINITEL_TESTS_MINISIM_H
#define MINITEL_TESTS_MINISIM_H

#define _GNU_SOURCE
#include <fcntl.h>
#include <poll.h>
#include <pthread.h>
#include <pty.h>
#include <termios.h>
#include <time.h>
#include <unistd.h>

#include "videotex/minitel.h"
#include "videotex/screen.h"

#define SIM_SETTLE_MS 600 /* how long a speed switch may take the host */
#define SIM_QUIET_MS 150  /* the host is done answering a key */
#define SIM_KEYS 16
#define SIM_SNAPS 16

typedef struct sim {
	/* set before sim_start */
	const char *model;         /* "1b", "2", "1" */
	int start_speed;           /* the port's speed at start (Fnct P) */
	int tx_dead, drop_pro2, soft;
	int tx_noise;              /* all it sends arrives as noise (a
				      wrong parity or level shifter) */
	int bad_parity_per_key;    /* bytes with a parity error per key */
	long hang_up_after;        /* 0: never; else once the script is
				      typed, close the master after this
				      many bytes of the answer */
	const char *hello;         /* typed as the host's first bytes come
				      in (during its set-up) */
	const char *keys[SIM_KEYS]; /* bytes of each key, NUL-terminated */
	int nkeys;
	/* the pty */
	int master, slave;
	char name[64];
	/* the Minitel */
	vtx_screen screen;
	vtx_minitel *m;
	uint64_t rng;
	/* what happened */
	long received;             /* bytes from the host */
	long noise_in, noise_out;  /* bytes garbled each way */
	int typed;                 /* keys typed */
	vtx_screen snaps[SIM_SNAPS]; /* the screen before each key ... */
	vtx_screen final;          /* ... and when the sim stopped */
	int hung_up;
	/* the thread */
	pthread_t th;
	volatile int quit;
	int running;
} sim;

static inline double sim_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}

static inline int sim_baud(speed_t s)
{
	switch (s) {
	case B300: return 300;
	case B4800: return 4800;
	case B9600: return 9600;
	default: return 1200;
	}
}

/* The speed the host has set on its end of the line. */
static inline int sim_host_speed(const sim *s)
{
	struct termios t;

	if (tcgetattr(s->slave, &t) != 0)
		return 0;
	return sim_baud(cfgetospeed(&t));
}

static inline uint8_t sim_rand_byte(sim *s)
{
	s->rng ^= s->rng >> 12;
	s->rng ^= s->rng << 25;
	s->rng ^= s->rng >> 27;
	return (uint8_t)((s->rng * 2685821657736338717ULL) >> 56);
}

static inline void sim_write(sim *s, const uint8_t *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		uint8_t c = b[i] & 0x7F;

		if (s->soft)
			c = (uint8_t)(c | __builtin_parity(c) << 7);
		if (write(s->master, &c, 1) != 1)
			return;
	}
}

/* The Minitel sends: at the host's speed, or as noise. */
static void sim_on_send(const uint8_t *b, size_t n, void *user)
{
	sim *s = user;
	double end = sim_now() + SIM_SETTLE_MS;
	int mine = vtx_minitel_speed(s->m);

	if (s->tx_dead || s->hung_up)
		return;
	while (sim_host_speed(s) != mine && sim_now() < end)
		usleep(2000);
	if (sim_host_speed(s) == mine && !s->tx_noise) {
		sim_write(s, b, n);
		return;
	}
	for (size_t i = 0; i < n; i++) { /* a wrong-speed frame: junk */
		uint8_t c = sim_rand_byte(s);

		s->noise_out++;
		if (write(s->master, &c, 1) != 1)
			return;
	}
}

static void sim_on_speed(int baud, void *user)
{
	(void)baud;
	(void)user;
}

/* Drops PRO2 speed commands (1B 3A 6B s) from what the Minitel hears. */
static size_t sim_drop_pro2(uint8_t *b, size_t n)
{
	size_t k = 0;

	for (size_t i = 0; i < n; i++) {
		if (i + 3 < n && b[i] == 0x1B && b[i + 1] == 0x3A &&
		    b[i + 2] == 0x6B) {
			i += 3;
			continue;
		}
		b[k++] = b[i];
	}
	return k;
}

static void sim_type(sim *s)
{
	const char *key = s->keys[s->typed];

	if (s->typed < SIM_SNAPS)
		s->snaps[s->typed] = s->screen;
	for (int i = 0; i < s->bad_parity_per_key; i++) {
		/* 'Z' (5A, four 1 bits) with its parity bit wrong */
		uint8_t c = 0xDA;

		if (write(s->master, &c, 1) != 1)
			break;
	}
	vtx_minitel_key(s->m, (const uint8_t *)key, strlen(key));
	s->typed++;
}

static void *sim_main(void *arg)
{
	sim *s = arg;
	double last = sim_now();
	long since_key = 0;

	while (!s->quit) {
		struct pollfd p = {.fd = s->master, .events = POLLIN};
		uint8_t buf[512];
		ssize_t k;
		int host;

		if (poll(&p, 1, 10) > 0) {
			host = sim_host_speed(s);
			k = read(s->master, buf, sizeof buf);
			if (k <= 0) {
				usleep(5000); /* no slave open now */
				continue;
			}
			if (s->hang_up_after && s->typed == s->nkeys &&
			    since_key + k >= s->hang_up_after) {
				s->received += k;
				s->hung_up = 1;
				close(s->master); /* the host sees EIO */
				s->master = -1;
				break;
			}
			if (s->hello && s->received == 0)
				vtx_minitel_key(s->m, (const uint8_t *)s->hello,
						strlen(s->hello));
			s->received += k;
			since_key += k;
			last = sim_now();
			if (host != vtx_minitel_speed(s->m)) {
				/* what arrives at the wrong speed is noise */
				for (ssize_t i = 0; i < k; i++)
					buf[i] = (uint8_t)(0x20 +
						   sim_rand_byte(s) % 0x5F);
				s->noise_in += k;
			}
			if (s->soft)
				for (ssize_t i = 0; i < k; i++)
					buf[i] &= 0x7F;
			if (s->drop_pro2)
				k = (ssize_t)sim_drop_pro2(buf, (size_t)k);
			vtx_minitel_feed(s->m, buf, (size_t)k);
			continue;
		}
		if (s->typed < s->nkeys && since_key > 0 &&
		    sim_now() - last >= SIM_QUIET_MS &&
		    (s->typed > 0 || vtx_screen_drawn(&s->screen))) {
			sim_type(s);
			since_key = 0;
		}
	}
	s->final = s->screen;
	return NULL;
}

/* Opens the pty and starts the Minitel. 0, or -1. */
static inline int sim_start(sim *s)
{
	static const vtx_minitel_callbacks cb = {
		.send = sim_on_send, .speed = sim_on_speed};

	if (openpty(&s->master, &s->slave, s->name, NULL, NULL) != 0)
		return -1;
	s->rng = 0x9E3779B97F4A7C15ULL;
	s->m = vtx_minitel_new(&s->screen,
			       vtx_minitel_id_find(s->model ? s->model : "1b"),
			       &cb, s);
	if (!s->m)
		return -1;
	if (s->start_speed)
		vtx_minitel_set_speed(s->m, s->start_speed);
	s->quit = 0;
	if (pthread_create(&s->th, NULL, sim_main, s) != 0)
		return -1;
	s->running = 1;
	return 0;
}

/* Stops the thread (the pty stays open until sim_free). */
static inline void sim_stop(sim *s)
{
	if (!s->running)
		return;
	s->quit = 1;
	pthread_join(s->th, NULL);
	s->running = 0;
}

static inline void sim_free(sim *s)
{
	sim_stop(s);
	vtx_minitel_free(s->m);
	s->m = NULL;
	if (s->master >= 0)
		close(s->master);
	if (s->slave >= 0)
		close(s->slave);
	s->master = s->slave = -1;
}

#endif
