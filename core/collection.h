/* core/collection.h -- a set of notes files and folders as one doc.
 *
 * Reads files and walks folders (the OS layer of core/), picks the format
 * of each file, loads a shortcuts.el found beside the notes, and parses
 * everything into one doc whose entries are sorted newest first (by date;
 * undated entries after dated ones, by file name). */
#ifndef COLL_H
#define COLL_H

#include <stddef.h>

#include "doc.h"
#include "layout.h"
#include "markup.h"

typedef struct coll_options {
	mk_format format; /* MK_FORMAT_AUTO: per file */
} coll_options;

/* Loads `paths` (files or folders; a folder is walked recursively for
 * .txt / .md / .markdown files, skipping generated yymm.txt month
 * indexes, shortcuts.el, weblog.ini and hidden files) into `d`. A file
 * that cannot be read becomes a DOC_ERROR diagnostic "FILE: strerror".
 * Returns 0, or -ENOMEM. */
int coll_load(doc *d, const char *const *paths, size_t npaths,
	      const coll_options *opt);

/* The collection's title: for a single folder argument, the site-name of
 * its weblog.ini (notes-format.md §2) or else the folder's name;
 * otherwise "Notes". Returned string is static or owned by d. */
const char *coll_title(doc *d, const char *const *paths, size_t npaths);

/* The same collection, one file at a time, so that memory holds one
 * file's doc however large the collection is (the export of 20 MB of
 * notes should not need the whole tree):
 *
 *   coll_open   lists the files (the folders walked as coll_load does);
 *   coll_scan   parses every file in that order, hands each diagnostic to
 *               `diag` (the very diagnostics, in the very order, coll_load
 *               records them, unreadable files included) and notes each
 *               file's entries and date; the docs are freed at once;
 *   coll_next   parses the files again, newest first, into one fresh doc
 *               each (the caller frees it): their entries, one after the
 *               other, are the entries of coll_load's doc, in its order.
 *
 * The layout needs the number of entries before the first page (the
 * sommaire comes first in reading order), which is why the files are read
 * twice. `paths` must outlive the coll. */
typedef struct coll coll;

typedef void (*coll_diag_cb)(const doc_diag *g, void *user);

/* 0, or -ENOMEM. */
int coll_open(const char *const *paths, size_t npaths,
	      const coll_options *opt, coll **out);
/* 0, or -ENOMEM. */
int coll_scan(coll *c, coll_diag_cb diag, void *user);
/* coll_scan with the files parsed on `nthreads` threads at once (the
 * calling one among them; at most COLL_THREADS_MAX): the same results,
 * and diag gets the same diagnostics in the same order, one call at a
 * time but not always on the calling thread. Memory holds one doc a
 * thread, and a copy of the diagnostics of the files parsed ahead of the
 * oldest not yet handed to diag. With fewer than 2 threads, or when none
 * can start, it is coll_scan. */
#define COLL_THREADS_MAX 8
int coll_scan_threads(coll *c, coll_diag_cb diag, void *user, int nthreads);
/* Entries found by coll_scan. */
size_t coll_entries(const coll *c);
/* After coll_scan, the files in coll_next's order (newest first, those
 * without entries among them): how many, and the entries of file i. */
size_t coll_files(const coll *c);
size_t coll_file_entries(const coll *c, size_t i);
/* coll_next's reading of file i (in that order) on its own: 1 with *out
 * (the caller frees it), 0 when the file has no entries (*out NULL),
 * -ENOMEM, or -ESTALE (changed since coll_scan: coll_failed(c, i) then
 * makes coll_current name it). Several threads may read files at once
 * while coll_read_shared(c, 1) holds (it returns 0 when it cannot:
 * then one thread at a time); coll_read_shared(c, 0) ends that. */
int coll_read(coll *c, size_t i, doc **out);
int coll_read_shared(coll *c, int on);
void coll_failed(coll *c, size_t i);
/* 1 with *out the next file's doc, 0 at the end, -ENOMEM, or -ESTALE
 * when a file no longer reads or parses as it did in coll_scan (changed
 * meanwhile); coll_current then names it. */
int coll_next(coll *c, doc **out);
const char *coll_current(const coll *c);
void coll_close(coll *c);

/* After coll_scan: lays every entry out (lay_begin, then coll_next and
 * lay_add file by file, then lay_end, which adds the sommaire), handing
 * each page to cb. 0 with *site (lay_site_free), or -ENOMEM, -ESTALE (see
 * coll_next), or the callback's nonzero value; *site is NULL then. */
int coll_lay_out(coll *c, const lay_options *opt, lay_page_cb cb,
		 void *user, lay_site **site);

#endif
