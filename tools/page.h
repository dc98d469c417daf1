/* tools/page.h -- decoding a .vdt stream for the tools: the final screen or
 * one page of it, with the decoder's diagnostics on stderr on request.
 *
 * Page N (N >= 1) is the screen as it stands just before the (N+1)-th FF
 * clears it: what the Nth FF started, up to the next FF or the end. */
#ifndef MINITEL_TOOLS_PAGE_H
#define MINITEL_TOOLS_PAGE_H

#include <stddef.h>
#include <stdint.h>

#include "videotex/screen.h"

typedef struct page_result {
	vtx_screen screen; /* the page asked for */
	int pages;         /* FFs in the whole stream */
	size_t end;        /* bytes that make the page: the offset of the FF
			      that clears it, or the stream's length */
} page_result;

/* Decodes `len` bytes from power-on. `page` 0 asks for the final screen,
 * N >= 1 for page N. With `verbose`, every decoder message goes to stderr
 * as "NAME: offset N: message" (NAME from util_name(path)). Returns 0,
 * -ENOMEM, or -ERANGE when the stream has fewer than `page` FFs (*out then
 * holds the final screen and the count in out->pages). */
int page_decode(const uint8_t *bytes, size_t len, long page,
		const char *path, int verbose, page_result *out);

#endif
