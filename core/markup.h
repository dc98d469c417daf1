/* core/markup.h -- notes parsers: BlogMax, Markdown (md4c), plain text.
 *
 * Each parser reads one file's bytes and appends its entries to a doc
 * (core/doc.h). The bytes may be UTF-8 or Latin-1/cp1252, with LF or CRLF
 * line ends, or one single line whose newlines were lost; every parser
 * first normalises them with mk_normalise(). Bad markup is never an
 * error: it becomes a diagnostic with file:line:col (lines and columns of
 * the original file, 1-based, columns counted in characters). */
#ifndef MK_H
#define MK_H

#include <stddef.h>

#include "doc.h"

typedef enum mk_format {
	MK_FORMAT_AUTO,     /* detect from name and content */
	MK_FORMAT_BLOGMAX,  /* shared/docs/notes-format.md */
	MK_FORMAT_MARKDOWN, /* CommonMark, through md4c */
	MK_FORMAT_PLAIN,    /* paragraphs separated by blank lines */
	MK_FORMAT_COUNT
} mk_format;

/* "auto", "blogmax", "markdown", "plain" -> format; -1 when unknown. */
int mk_format_from_name(const char *name);
const char *mk_format_name(mk_format f);

/* The format of a file: .md/.markdown -> Markdown; BlogMax clues of
 * notes-format.md §8 (yymmdd.txt name, <!-- at byte 0, {section ",
 * {pic, {pre}, {{{, {tt ", {@) -> BlogMax; otherwise plain text. */
mk_format mk_detect(const char *path, const char *bytes, size_t len);

/* A shortcut table: shortcuts.el, a Lisp list of ("name" "value") pairs.
 * Opaque; NULL-safe free. */
typedef struct mk_shortcuts mk_shortcuts;
/* Parses shortcuts.el bytes; NULL only on out-of-memory. */
mk_shortcuts *mk_shortcuts_parse(const char *bytes, size_t len);
/* The value of `name` (case-insensitive), or NULL. */
const char *mk_shortcuts_get(const mk_shortcuts *s, const char *name,
			     size_t name_len);
/* How many pairs the table holds (0 for NULL). */
size_t mk_shortcuts_count(const mk_shortcuts *s);
void mk_shortcuts_free(mk_shortcuts *s);

typedef struct mk_options {
	mk_format format;              /* MK_FORMAT_AUTO to detect */
	const mk_shortcuts *shortcuts; /* for {@name}; may be NULL */
	/* The file is in a blog's folder (a weblog.ini above it): with
	 * MK_FORMAT_AUTO, a .txt file that reads as plain text is BlogMax
	 * (notes-format.md §8). */
	int blog;
} mk_options;

/* Parses one file: `path` names it (diagnostics, the date of a yymmdd
 * name, the folder images are relative to); `bytes`/`len` its content.
 * Appends one DOC_NODE_ENTRY per entry to doc_root(d): for BlogMax, one
 * per {section} (text before the first section is an entry titled by
 * <!--Title--> or the date); for Markdown, one per file, titled by its
 * first heading or its name; for plain text, one per file. Entries get
 * `file` = path and `date` from a yymmdd name. Returns 0 or -ENOMEM. */
int mk_parse(doc *d, const char *path, const char *bytes, size_t len,
	     const mk_options *opt);

/* Normalised text of a file, as every parser sees it: UTF-8 (invalid
 * UTF-8 is read as cp1252/Latin-1, with cp1252 quotes and dashes mapped
 * as notes-format.md §2 says; a file with a UTF-16 byte order mark is
 * UTF-16), CRLF and lone CR turned into LF. Returns a
 * malloc'ed NUL-terminated string (caller frees), or NULL on OOM.
 * *out_len receives its length. */
char *mk_normalise(const char *bytes, size_t len, size_t *out_len);

#endif
