/* core/layout.h -- notes to 40 x 25 Minitel pages.
 *
 * Lays the entries of a doc out as pages (shared/docs/page-design.md):
 * row 0 a status line, rows 1-3 a mosaic header band with the title in
 * large mosaic letters (or double-height text when it is too long), row 4
 * a thin rule, rows 5-22 the body, row 24 the keys the page answers to.
 * Entries are preceded by a sommaire (table of contents) whose pages list
 * them by number. The same pages serve the export, the emulator and the
 * serial link.
 *
 * Pages are handed to a callback as they are made (entries first, the
 * sommaire last, since it shows page counts), so memory holds one entry's
 * lines at a time, not the whole collection; the site map (lay_site) is
 * small and kept whole. Page indexes are in reading order: the sommaire
 * pages first, then each entry's pages. */
#ifndef LAY_H
#define LAY_H

#include <stddef.h>

#include "doc.h"
#include "videotex/screen.h"

#define LAY_BODY_FIRST 5
#define LAY_BODY_LAST 22
#define LAY_NONE (-1)

typedef struct lay_page_info {
	int index;        /* in reading order */
	int entry;        /* index into lay_site.entries; LAY_NONE: sommaire */
	int number;       /* 1-based page number within its entry / sommaire */
	int count;        /* pages of that entry / of the sommaire */
	int suite;        /* page reached by SUITE, or LAY_NONE */
	int retour;       /* page reached by RETOUR, or LAY_NONE */
	int sommaire;     /* page reached by SOMMAIRE */
	int first_choice; /* sommaire: choices first_choice .. */
	int nchoices;     /* ... first_choice + nchoices - 1 (entry numbers) */
} lay_page_info;

typedef struct lay_entry { /* strings owned by the site */
	const char *title;
	const char *date;  /* "YYYY-MM-DD" or NULL */
	const char *file;  /* or NULL */
	int first_page;    /* page index */
	int npages;
} lay_entry;

typedef struct lay_site {
	const char *title; /* the collection */
	lay_entry *entries;
	size_t nentries;
	lay_page_info *pages;
	size_t npages;
	/* Messages for people, one a line, e.g. "FILE: 3 characters had no
	 * Minitel form (U+1F600 ...)" or "FILE:LINE:COL: image not found:
	 * NAME". */
	char **notes;
	size_t nnotes;
	/* Total characters replaced by transliteration. */
	size_t replaced;
} lay_site;

/* Called once per page, in no particular order (entries first); the
 * screen and info are borrowed for the call. A nonzero return stops the
 * build, which then returns it. */
typedef int (*lay_page_cb)(const vtx_screen *screen,
			   const lay_page_info *info, void *user);

typedef struct lay_options {
	const char *title; /* the collection's title (sommaire banner) */
	const char *base;  /* folder that relative image paths are under
			      when an entry has no file; may be NULL */
	int vgp2;          /* for a VGP2 chip: no VGP5-only characters
			      (txt_set_vgp2) */
	int whole_pages;   /* a page of an entry begins where the one before
			      ended; by default it begins halfway down it
			      (SUITE then sends half a page of text) */
} lay_options;

/* Lays out every entry of `d`. On success *out holds the site map
 * (free with lay_site_free) and 0 is returned; otherwise -ENOMEM or the
 * callback's nonzero value. */
int lay_build(const doc *d, const lay_options *opt, lay_page_cb cb,
	      void *user, lay_site **out);

/* The same layout, fed one doc at a time (core/collection.h coll_next),
 * so that memory holds one file's doc and one entry's lines however many
 * entries there are; the site map keeps one small record per entry and
 * per page. lay_begin takes the number of entries that will come (the
 * sommaire pages come first in reading order, so the entry pages' indexes
 * depend on it); lay_add lays out the entries of `d` after those of the
 * docs before it, handing their pages to the callback, and may free
 * nothing of `d`; lay_end makes the sommaire pages and returns the site
 * as lay_build does. The calls return 0, -ENOMEM, -ESTALE (lay_end: not
 * `nentries` entries were added) or the callback's value; after an error,
 * lay_end still frees the stream, and lay_end(ls, NULL) only frees it. lay_build is lay_begin, one lay_add and
 * lay_end, and gives the same pages. */
typedef struct lay_stream lay_stream;

int lay_begin(const lay_options *opt, size_t nentries, lay_page_cb cb,
	      void *user, lay_stream **out);
int lay_add(lay_stream *ls, const doc *d);
int lay_end(lay_stream *ls, lay_site **out);

/* Parts, for laying several docs out at once on other threads: a part
 * lays out the entries of the docs given to lay_part_add as the entries
 * first_entry .. of ls's site (their screens are those lay_add would
 * make), handing their pages to cb with indexes counted from 0 within
 * the part; lay_join then adds them to ls after the pages before (in the
 * site's order: the part must begin with ls's next entry), numbering
 * them as lay_add would have, and empties the part for its next docs.
 * lay_pages_made(ls) is the index the part's first page then gets, and
 * lay_page_rebase turns a part's page record into the site's. Free a
 * part with lay_end(part, NULL). The calls return 0, -ENOMEM, -EINVAL
 * (lay_join out of order) or the callback's value; a part's failure is
 * ls's at lay_join. */
int lay_part_begin(const lay_stream *ls, lay_stream **part);
int lay_part_add(lay_stream *part, const doc *d, size_t first_entry,
		 lay_page_cb cb, void *user);
int lay_join(lay_stream *ls, lay_stream *part);
int lay_pages_made(const lay_stream *ls);
void lay_page_rebase(lay_page_info *p, int base);
void lay_site_free(lay_site *site);

#endif
