/* core/pipeline.h -- a collection laid out and encoded a file a thread
 * (what `minitel export` runs).
 *
 * Each worker thread (one a core) takes the next file, parses it, lays
 * its entries out and encodes their pages; the pages reach the callback
 * in the site's order, with the very bytes vtx_encode_screen_cached gives
 * (each worker has its own cache), and the site map is coll_lay_out's.
 * Memory holds a few files' pages at a time, not the collection's. */
#ifndef PIPELINE_H
#define PIPELINE_H

#include <stddef.h>
#include <stdint.h>

#include "collection.h"
#include "layout.h"

/* One page (NULL with PIPELINE_NO_SCREEN), its site-map record, what
 * the encoder returned for it (0, or its negative errno: then there are
 * no bytes) and its bytes: all borrowed for the call. Called on a worker
 * thread (not always the same one, but never two calls at once, and each
 * call sees what the ones before it did), in the layout's order (the
 * entries' pages, then the sommaire's). A nonzero return stops the
 * build, which then returns it; no page comes after it. */
typedef int (*pipeline_page_cb)(const vtx_screen *screen,
				const lay_page_info *info, int encoded,
				const uint8_t *bytes, size_t len, void *user);

/* coll_scan, the files parsed on a thread a core (coll_scan_threads):
 * the layout cannot start before every file is scanned, and the cores
 * would otherwise wait for one. */
int pipeline_scan(coll *c, coll_diag_cb diag, void *user);

/* A flag of pipeline_lay_out's, beside the encoder's: cb gets no screen
 * (NULL), only each page's record and bytes, and the pages waiting for
 * their turn are kept without their 15 KB screen (export needs no more). */
#define PIPELINE_NO_SCREEN (1u << 30)

/* coll_lay_out, with each page encoded (vtx_encode_screen_cached with
 * `flags`) before it is handed to cb. Returns as coll_lay_out. When no
 * thread can be started the calling thread does all the work. Every
 * call to cb has returned when this returns. */
int pipeline_lay_out(coll *c, const lay_options *opt, unsigned flags,
		     pipeline_page_cb cb, void *user, lay_site **site);

#endif
