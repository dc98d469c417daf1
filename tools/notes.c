/* tools/notes.c -- notes files to laid-out pages. */
#include "notes.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/collection.h"
#include "util.h"

static void print_diags(const doc *d)
{
	for (size_t i = 0; i < doc_diag_count(d); i++) {
		const doc_diag *g = doc_diag_get(d, i);

		const char *sev = g->severity == DOC_ERROR ? "error"
							    : "warning";

		if (g->line > 0) /* a place in the file */
			fprintf(stderr, "%s:%d:%d: %s: %s\n",
				g->file ? g->file : "?", g->line, g->col, sev,
				g->msg);
		else /* the file as a whole (unreadable) */
			fprintf(stderr, "%s: %s: %s\n",
				g->file ? g->file : "?", sev, g->msg);
	}
}

int notes_format(const char *name)
{
	return mk_format_from_name(name);
}

int notes_build(const notes_job *job, lay_page_cb cb, void *user,
		lay_site **site)
{
	coll_options co = {.format = job->format};
	lay_options lo = {0};
	doc *d = doc_new();
	int ret;

	if (!d)
		return util_error("minitel", "out of memory");
	ret = coll_load(d, (const char *const *)job->paths, job->npaths, &co);
	if (ret < 0) {
		doc_free(d);
		return util_error("minitel", "%s", strerror(-ret));
	}
	print_diags(d);
	for (size_t i = 0; i < doc_diag_count(d); i++) {
		if (doc_diag_get(d, i)->severity == DOC_ERROR) {
			doc_free(d); /* an unreadable file: nothing half */
			return UTIL_EXIT_INPUT;
		}
	}
	lo.title = coll_title(d, (const char *const *)job->paths,
			      job->npaths);
	ret = lay_build(d, &lo, cb, user, site);
	if (ret == -ENOMEM)
		ret = util_error("minitel", "out of memory");
	if (ret == 0)
		for (size_t i = 0; i < (*site)->nnotes; i++)
			fprintf(stderr, "%s\n", (*site)->notes[i]);
	doc_free(d);
	return ret;
}
