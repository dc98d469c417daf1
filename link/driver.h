/* link/driver.h -- the host's side of the Minitel protocol over a link.
 *
 * What a service does when a Minitel is plugged in (videotex.md §1, §7):
 * identify the terminal (ENQROM), find the speed its port runs at when it
 * does not answer at 1200 baud (PRO1 speed-status probes at 1200, 4800,
 * 9600, 300), raise the speed with PRO2 to the fastest the model
 * supports, turn the local echo off (PRO3) and the lower-case keyboard on.
 * Every step has a timeout and falls back (1200 baud, echo on) rather than
 * hanging; what happened is told through a log callback, one line per
 * step, for people ("Minitel 1B (Telic-Alcatel, version 5) at 1200 baud").
 *
 * The terminal's answers arrive mixed with whatever the user types; the
 * driver reads them with the Videotex parser (the same one the browsing
 * session uses for keys) and keeps every byte that is not an answer, in
 * order, for the caller (drv_take_keys): nothing typed during the set-up
 * is lost. */
#ifndef DRV_DRIVER_H
#define DRV_DRIVER_H

#include <stddef.h>
#include <stdint.h>

#include "link.h"

/* What is known about the terminal at the end of a step. */
typedef struct drv_terminal {
	int identified;        /* ENQROM answered */
	uint8_t maker, type, version; /* its three bytes */
	const char *model;     /* "Minitel 1B", or "unknown Minitel" */
	const char *maker_name; /* "Telic-Alcatel", or "unknown maker" */
	int max_speed;         /* the fastest port speed of the model */
	int vgp5;              /* shows the VGP5-only characters */
	int cols80;            /* has the 80-column (Mixte) mode */
	int speed;             /* the speed both ends run at now */
	int answered;          /* any valid answer at all was received */
	int echo_off;          /* the PRO3 echo cut was acknowledged */
	int lower_case;        /* the lower-case keyboard was acknowledged */
	unsigned long garbage; /* bytes received that made no sense */
} drv_terminal;

typedef struct drv_options {
	int speed;      /* wanted: 300..9600, or 0 for the model's fastest */
	int timeout_ms; /* per answer; 0 means 1000 */
	int no_echo_cut; /* leave the echo as it is */
	/* One line per step, for stderr; may be NULL. */
	void (*log)(const char *line, void *user);
	void *user;
} drv_options;

typedef struct drv_driver drv_driver; /* opaque */

/* A driver over `l` (borrowed). NULL only on out-of-memory. */
drv_driver *drv_new(lnk_link *l, const drv_options *opt);
void drv_free(drv_driver *d); /* NULL is a no-op */

/* Runs the whole set-up. Returns 0 (the terminal answered; *t says how far
 * it went), 1 when nothing valid ever came back (the link stays at the
 * speed given in the options, or 1200; *t->garbage tells whether bytes
 * came at all), or -EPIPE and other -errno from the link. */
int drv_setup(drv_driver *d, drv_terminal *t);

/* The steps alone, for `minitel doctor`. Each returns 1 when the terminal
 * answered as expected, 0 when not, or -errno from the link. */
int drv_identify(drv_driver *d, drv_terminal *t);
/* Looks for the speed the terminal's port runs at: 1200, 4800, 9600, 300
 * (the link is left there). */
int drv_find_speed(drv_driver *d, drv_terminal *t);
/* PRO2 to `baud`: 1 accepted (both ends at baud), 0 refused or no answer
 * (both ends back at the old speed, checked). */
int drv_set_speed(drv_driver *d, drv_terminal *t, int baud);
/* PRO3 keyboard -> modem cut (off) or link (on): the local echo. */
int drv_echo(drv_driver *d, drv_terminal *t, int on);
/* PRO2 lower-case keyboard on or off. */
int drv_lower_case(drv_driver *d, drv_terminal *t, int on);

/* Leaves the terminal as it was found at power-on: echo on, capitals,
 * 1200 baud. Best effort; returns 0 or -errno. */
int drv_restore(drv_driver *d, drv_terminal *t);

/* The bytes received that were not answers (keys typed meanwhile), in
 * order; the caller owns *out (malloc'd) and *n. Returns 0 or -ENOMEM. */
int drv_take_keys(drv_driver *d, uint8_t **out, size_t *n);

/* Bytes received so far that were neither answers nor kept as keys. */
unsigned long drv_noise(const drv_driver *d);

/* The model table: name, maker, speeds and characters of an ENQROM type
 * byte (videotex.md §7). */
void drv_describe(drv_terminal *t);

#endif
