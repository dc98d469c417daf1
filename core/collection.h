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

#endif
