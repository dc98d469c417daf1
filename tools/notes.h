/* tools/notes.h -- notes files to laid-out pages, for the commands that
 * read notes (export, preview; later view and serve). */
#ifndef MINITEL_TOOLS_NOTES_H
#define MINITEL_TOOLS_NOTES_H

#include <stddef.h>

#include "core/layout.h"
#include "core/markup.h"
#include "core/pipeline.h"

typedef struct notes_job {
	char **paths;     /* files or folders of notes */
	size_t npaths;
	mk_format format; /* MK_FORMAT_AUTO: per file */
	int vgp2;         /* pages for a VGP2 chip (lay_options.vgp2) */
	int whole_pages;  /* SUITE steps a whole page, not half
			     (lay_options.whole_pages) */
	int quiet;        /* print no diagnostics or layout notes (a second
			     layout of notes already reported) */
} notes_job;

/* Loads the notes, prints their diagnostics on stderr as
 * "FILE:LINE:COL: warning: message", lays them out (cb gets every page)
 * and prints the layout's notes (replaced characters, missing pictures).
 * On success *site holds the site map (lay_site_free) and 0 is returned;
 * otherwise an exit status of tools/util.h (a message was printed) or the
 * callback's own nonzero value. */
int notes_build(const notes_job *job, lay_page_cb cb, void *user,
		lay_site **site);

/* notes_build, each page encoded (vtx_encode_screen_cached with `flags`)
 * on other threads while the next ones are laid out: cb gets the pages
 * as core/pipeline.h says, one call at a time, in reading order. */
int notes_encode(const notes_job *job, unsigned flags, pipeline_page_cb cb,
		 void *user, lay_site **site);

/* The --format option's value to a format; -1 when unknown. */
int notes_format(const char *name);
/* The usage error for an unknown --format value: a format for
 * util_usage_error's "..." with the value as its one argument. */
#define NOTES_FORMAT_UNKNOWN \
	"unknown --format '%s' (auto, blogmax, markdown or plain)"

#endif
