/* tools/notes.c -- notes files to laid-out pages. */
#include "notes.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

#include "core/collection.h"
#include "core/pipeline.h"
#include "util.h"

typedef struct diags {
	int errors;
	int quiet; /* count, do not print */
} diags;

/* Prints one diagnostic of the collection's first reading, as it comes:
 * the files are read in the order given, so are their messages. */
static void print_diag(const doc_diag *g, void *user)
{
	diags *dg = user;
	const char *sev = g->severity == DOC_ERROR ? "error" : "warning";

	dg->errors += g->severity == DOC_ERROR;
	if (dg->quiet)
		return;
	if (g->line > 0) /* a place in the file */
		fprintf(stderr, "%s:%d:%d: %s: %s\n", g->file ? g->file : "?",
			g->line, g->col, sev, g->msg);
	else /* the file as a whole (unreadable) */
		fprintf(stderr, "%s: %s: %s\n", g->file ? g->file : "?", sev,
			g->msg);
}

int notes_format(const char *name)
{
	return mk_format_from_name(name);
}

/* The collection is read twice (core/collection.h): once for the
 * diagnostics and the number of entries (a file a thread at once,
 * pipeline_scan), once, newest first, to lay the entries out file by
 * file. Only a few files' docs are in memory at a time. The pages go to
 * cb as they are, or encoded, a file a thread (ecb, core/pipeline.h). */
static int build(const notes_job *job, lay_page_cb cb,
		 pipeline_page_cb ecb, unsigned flags, void *user,
		 lay_site **site)
{
	const char *const *paths = (const char *const *)job->paths;
	coll_options co = {.format = job->format};
	lay_options lo = {0};
	diags dg = {.quiet = job->quiet};
	coll *c = NULL;
	doc *names = doc_new();
	int ret;

	*site = NULL;
	if (!names)
		return util_error("minitel", "out of memory");
	ret = coll_open(paths, job->npaths, &co, &c);
	if (ret == 0)
		ret = pipeline_scan(c, print_diag, &dg);
	if (ret < 0) {
		coll_close(c);
		doc_free(names);
		return util_error("minitel", "%s", strerror(-ret));
	}
	if (dg.errors) { /* an unreadable file: nothing half */
		coll_close(c);
		doc_free(names);
		return UTIL_EXIT_INPUT;
	}
	if (coll_entries(c) == 0 && !job->quiet) /* (the wrong folder?) */
		fprintf(stderr, "%s: warning: no notes found (.txt, .md or "
			".markdown files): the sommaire is empty\n",
			job->npaths == 1 ? paths[0] : "minitel");
	lo.title = coll_title(names, paths, job->npaths);
	lo.vgp2 = job->vgp2;
	lo.whole_pages = job->whole_pages;
	if (ecb)
		ret = pipeline_lay_out(c, &lo, flags, ecb, user, site);
	else
		ret = coll_lay_out(c, &lo, cb, user, site);
	if (ret == -ESTALE)
		ret = util_error(coll_current(c) ? coll_current(c) : "minitel",
				 "changed while it was read");
	else if (ret == -ENOMEM)
		ret = util_error("minitel", "out of memory");
	if (ret == 0 && !job->quiet && *site)
		for (size_t i = 0; i < (*site)->nnotes; i++)
			fprintf(stderr, "%s\n", (*site)->notes[i]);
	coll_close(c);
	doc_free(names);
	return ret;
}

int notes_build(const notes_job *job, lay_page_cb cb, void *user,
		lay_site **site)
{
	return build(job, cb, NULL, 0, user, site);
}

int notes_encode(const notes_job *job, unsigned flags, pipeline_page_cb cb,
		 void *user, lay_site **site)
{
	return build(job, NULL, cb, flags, user, site);
}
