/* tools/view_link.c -- an emulated Minitel on a link (see view_link.h).
 *
 * The Minitel's callbacks write to the link. A speed change follows
 * videotex.md §1 as the Minitel does it: the answers already written are
 * left to go (lnk_drain) at the old speed, the port switches, and only
 * then the acknowledgement is written, at the new speed. */
#include "view_link.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "util.h"

#define WHO "minitel view"

int view_link_parity(const char *s, lnk_parity *out)
{
	if (strcmp(s, "hw") == 0)
		*out = LNK_PARITY_HW;
	else if (strcmp(s, "soft") == 0)
		*out = LNK_PARITY_SOFT;
	else if (strcmp(s, "auto") == 0)
		*out = LNK_PARITY_AUTO;
	else
		return -1;
	return 0;
}

/* The host is gone (ret -EPIPE) or the link failed: told once. */
static void broken(view_link *v, int ret)
{
	if (v->gone)
		return;
	v->gone = 1;
	if (ret == -EPIPE) {
		fprintf(stderr, WHO ": %s closed the connection\n", v->name);
		return;
	}
	util_error(WHO, "%s: %s", v->name, strerror(-ret));
	v->failed = 1;
}

static void on_send(const uint8_t *bytes, size_t n, void *user)
{
	view_link *v = user;
	int ret;

	if (v->in_key && v->keylog) {
		fwrite(bytes, 1, n, v->keylog);
		fflush(v->keylog);
	}
	if (v->gone)
		return;
	ret = lnk_write(v->lnk, bytes, n);
	if (ret < 0)
		broken(v, ret);
	else
		v->sent += n;
}

static void on_speed(int baud, void *user)
{
	view_link *v = user;
	int ret = 0;

	if (!v->gone)
		ret = lnk_drain(v->lnk);
	if (ret == 0 && !v->gone)
		ret = lnk_set_speed(v->lnk, baud);
	if (ret < 0) {
		broken(v, ret);
		return;
	}
	if (v->verbose)
		fprintf(stderr, WHO ": the port now runs at %d baud\n", baud);
	if (v->on_speed)
		v->on_speed(baud, v->hook_user);
}

static void on_log(const char *msg, void *user)
{
	view_link *v = user;

	if (v->verbose)
		fprintf(stderr, WHO ": %s\n", msg);
}

/* lnk_open or lnk_listen + lnk_accept; an exit status. */
static int connect_link(const view_link_opts *o, view_link *v)
{
	lnk_options lo = {VTX_MINITEL_POWER_ON_SPEED, o->parity};
	char err[512] = "", spec[300];
	lnk_listener *l = NULL;
	int ret;

	if (o->listen) {
		snprintf(v->name, sizeof v->name, "%s", o->listen);
		ret = lnk_listen(o->listen, &l, err, sizeof err);
		if (ret < 0)
			return util_error(WHO, "%s", *err ? err : strerror(-ret));
		fprintf(stderr, WHO ": listening on port %d\n",
			lnk_listener_port(l));
		fflush(stderr);
		ret = lnk_accept(l, &lo, -1, &v->lnk);
		lnk_listener_close(l);
		if (ret <= 0)
			return util_error(WHO, "%s: %s", o->listen,
					  strerror(ret < 0 ? -ret : ETIMEDOUT));
		fprintf(stderr, WHO ": a host connected\n");
		return UTIL_EXIT_OK;
	}
	/* --connect takes HOST:PORT too, as it always did. */
	if (o->connect && strncmp(o->connect, "tcp:", 4) != 0)
		snprintf(spec, sizeof spec, "tcp:%s", o->connect);
	else
		snprintf(spec, sizeof spec, "%s", o->connect ? o->connect
							     : o->port);
	snprintf(v->name, sizeof v->name, "%s", o->connect ? o->connect
							   : o->port);
	ret = lnk_open(spec, &lo, &v->lnk, err, sizeof err);
	if (ret < 0)
		return util_error(WHO, "%s", *err ? err : strerror(-ret));
	return UTIL_EXIT_OK;
}

int view_link_open(const view_link_opts *o, view_link *v)
{
	static const vtx_minitel_callbacks cb = {on_send, on_speed, NULL,
						 on_log};
	int ret;

	memset(v, 0, sizeof *v);
	vtx_screen_init(&v->screen);
	ret = connect_link(o, v);
	if (ret != 0)
		return ret;
	v->m = vtx_minitel_new(&v->screen, o->model, &cb, v);
	if (!v->m) {
		lnk_close(v->lnk);
		v->lnk = NULL;
		return util_error(WHO, "out of memory");
	}
	if (o->speed && o->speed != VTX_MINITEL_POWER_ON_SPEED &&
	    vtx_minitel_set_speed(v->m, o->speed) < 0) {
		view_link_close(v);
		return util_error(WHO, "a %s has no %d baud port",
				  vtx_minitel_get_model(v->m)->name, o->speed);
	}
	return v->failed ? UTIL_EXIT_INPUT : UTIL_EXIT_OK;
}

void view_link_close(view_link *v)
{
	vtx_minitel_free(v->m);
	lnk_close(v->lnk);
	vtx_buf_free(&v->received);
	v->m = NULL;
	v->lnk = NULL;
}

size_t view_link_read(view_link *v, uint8_t *buf, size_t cap,
		      int timeout_ms)
{
	ssize_t n;

	if (v->gone)
		return 0;
	n = lnk_read(v->lnk, buf, cap, timeout_ms);
	if (n < 0) {
		broken(v, (int)n);
		return 0;
	}
	if (vtx_buf_put(&v->received, buf, (size_t)n) < 0 && !v->failed) {
		util_error(WHO, "out of memory");
		v->failed = 1;
	}
	return (size_t)n;
}

void view_link_key(view_link *v, const uint8_t *bytes, size_t n)
{
	v->in_key = 1;
	vtx_minitel_key(v->m, bytes, n);
	v->in_key = 0;
}

const char *view_link_model_name(const view_link *v)
{
	return vtx_minitel_get_model(v->m)->name;
}
