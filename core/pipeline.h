/* core/pipeline.h -- a collection laid out and encoded page by page, the
 * encoding on other threads (what `minitel export` runs).
 *
 * The layout (parsing each file, laying its entries out) and the encoder
 * cost about the same, so on a machine with two cores the encoder works
 * on one page while the layout makes the next ones. The pages go through
 * a small queue of fixed size: memory does not grow with the collection,
 * and the pages reach the callback in the layout's order, with the very
 * bytes vtx_encode_screen_cached gives (each encoder thread has its own
 * cache). */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "collection.h"
#include "layout.h"

/* One page, its site-map record, what the encoder returned for it (0, or
 * its negative errno: then there are no bytes) and its bytes: all
 * borrowed for the call. Called on an encoder thread (not always the
 * same one, but never two calls at once, and each call sees what the ones
 * before it did), in the order the layout made the pages. A nonzero
 * return stops the build, which then returns it; no page comes after it. */
typedef int (*pipeline_page_cb)(const vtx_screen *screen,
				const lay_page_info *info, int encoded,
				const uint8_t *bytes, size_t len, void *user);

/* coll_scan, the files parsed on a thread a core (coll_scan_threads):
 * the layout cannot start before every file is scanned, and the cores
 * would otherwise wait for one. */
int pipeline_scan(coll *c, coll_diag_cb diag, void *user);

/* coll_lay_out, with each page encoded (vtx_encode_screen_cached with
 * `flags`) before it is handed to cb. Returns as coll_lay_out. When no
 * thread can be started the pages are encoded on the calling thread. Every
 * call to cb has returned when this returns. */
int pipeline_lay_out(coll *c, const lay_options *opt, unsigned flags,
		     pipeline_page_cb cb, void *user, lay_site **site);

#endif
