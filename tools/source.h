/* tools/source.h -- what `minitel view` and `minitel serve` browse:
 * notes (files or folders, laid out as `minitel export` does) or one
 * folder written by `minitel export`, recognised by its site.json. The
 * pages of an export are its .vdt files decoded from power-on, the links
 * those of site.json, read by a small JSON reader (objects, arrays,
 * strings, numbers, true/false/null: enough for our own format). */
#ifndef MINITEL_TOOLS_SOURCE_H
#define MINITEL_TOOLS_SOURCE_H

#include <stddef.h>

#include "core/layout.h"
#include "notes.h"
#include "videotex/screen.h"

typedef struct source {
	vtx_screen *pages; /* by page index */
	size_t n, cap;
	lay_site *site;
} source;

/* Loads job's paths: one export folder, or notes (their diagnostics and
 * the layout's notes printed on stderr, as by notes_build). Returns 0, or
 * an exit status of tools/util.h after a message. src is filled (free it
 * with source_free in any case). */
int source_load(notes_job *job, source *src);

/* Nonzero when `dir` is a folder written by `minitel export`. */
int source_is_export(const char *dir);

void source_free(source *src);

#endif
