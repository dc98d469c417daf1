/* tools/page.c -- drives vtx_term over a whole stream and keeps one page.
 *
 * The stream is fed one byte at a time, so that the term's callbacks know
 * the offset of the byte they come from: the FF that ends a page, and the
 * byte a diagnostic is about. Decoding stays linear in the stream. */
#include "page.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "util.h"
#include "videotex/term.h"

typedef struct ctx {
	const vtx_screen *live;
	page_result *out;
	long want;       /* page asked for, 0 for the final screen */
	int captured;
	size_t offset;   /* of the byte being fed */
	const char *name;
	int verbose;
} ctx;

static void on_clear(int pages, void *user)
{
	ctx *c = user;

	c->out->pages = pages + 1;
	if (c->want > 0 && pages == c->want && !c->captured) {
		c->out->screen = *c->live;
		c->out->end = c->offset;
		c->captured = 1;
	}
}

static void on_log(const char *msg, void *user)
{
	const ctx *c = user;

	if (!c->verbose)
		return;
	/* The parser's messages start with "offset N:", the term's don't. */
	if (strncmp(msg, "offset ", 7) == 0)
		fprintf(stderr, "%s: %s\n", c->name, msg);
	else
		fprintf(stderr, "%s: offset %zu: %s\n", c->name, c->offset,
			msg);
}

static const vtx_term_callbacks callbacks = {
	.clear = on_clear,
	.log = on_log,
};

int page_decode(const uint8_t *bytes, size_t len, long page,
		const char *path, int verbose, page_result *out)
{
	static vtx_screen live; /* large; the tools are single-threaded */
	ctx c = {&live, out, page, 0, 0, util_name(path), verbose};
	vtx_term *t = vtx_term_new(&live, &callbacks, &c);

	if (!t)
		return -ENOMEM;
	vtx_term_reset(t);
	out->pages = 0;
	for (c.offset = 0; c.offset < len; c.offset++)
		vtx_term_feed(t, &bytes[c.offset], 1);
	vtx_term_free(t);
	if (c.captured)
		return 0;
	out->screen = live;
	out->end = len;
	return page > out->pages ? -ERANGE : 0;
}
