/* core/mk_private.h -- internals shared by the notes parsers.
 *
 * Not a public header: only core/markup.c, core/blogmax*.c,
 * core/markdown.c, core/plaintext.c, core/builder.c, core/entities.c and
 * core/collection.c include it. It holds a growable buffer, a line:column
 * tracker, HTML entity decoding, and the tree builder that the three
 * parsers share: it opens paragraphs lazily, collapses white space as
 * HTML does, keeps the stacks of open containers, and turns emphasis
 * delimiters that never closed back into text (notes-format.md §5). */
#ifndef MK_PRIVATE_H
#define MK_PRIVATE_H

#include <stddef.h>

#include "word8.h"
#include <stdint.h>
#include <string.h>

#include "doc.h"
#include "markup.h"

/* --- growable buffer ------------------------------------------------------ */

/* A byte buffer; `oom` is set once an allocation failed (then every later
 * put is a no-op), so callers check it once at the end. p is always
 * NUL-terminated when len > 0. */
typedef struct mk_buf {
	char *p;
	size_t len, cap;
	int oom;
} mk_buf;

void mk_buf_put(mk_buf *b, const char *s, size_t n);
void mk_buf_putc(mk_buf *b, char c);
/* Appends code point cp as UTF-8 (invalid ones as U+FFFD). */
void mk_buf_utf8(mk_buf *b, unsigned long cp);
void mk_buf_free(mk_buf *b);

/* Writes cp as UTF-8 into out (1..4 bytes, U+FFFD for surrogates and
 * values past U+10FFFF); returns the length. */
size_t mk_utf8_put(char out[4], unsigned long cp);

/* Length of the UTF-8 sequence that starts with byte c (1 for a stray
 * continuation byte, so that scanning always moves on). */
size_t mk_utf8_len(unsigned char c);
/* How many characters start in s[0, n): the bytes that are no UTF-8
 * continuation (10xxxxxx). */
size_t mk_utf8_chars(const char *s, size_t n);

/* Is the NUL-terminated `name` the len bytes at s (which may hold NULs)?
 * The first byte first: in a table of names most differ there, and no
 * name is measured past len + 1. */
static inline int mk_name_is(const char *name, const char *s, size_t len)
{
	return len > 0 && name[0] == s[0] && strnlen(name, len + 1) == len &&
	       memcmp(name, s, len) == 0;
}

/* --- line and column ------------------------------------------------------ */

/* Turns byte offsets of a text into 1-based line and column (columns in
 * characters). Cheap when queries go forward, as the parsers' do: it
 * keeps the last answer and moves from there. */
typedef struct mk_lines {
	const char *s;
	size_t n, off;
	int line, col;
} mk_lines;

void mk_lines_init(mk_lines *l, const char *s, size_t n);
void mk_lines_at(mk_lines *l, size_t off, int *line, int *col);

/* --- HTML entities ------------------------------------------------------- */

/* Decodes the entity at s (s[0] == '&', n bytes available): &name; for
 * the HTML 4 Latin-1 and common symbol names, &#NN; and &#xNN; (128-159
 * read as cp1252, as browsers do). Writes its UTF-8 to out and the length
 * to *out_len. Returns the bytes consumed, 0 when s is no entity. */
size_t mk_entity(const char *s, size_t n, char out[8], size_t *out_len);

/* The Unicode code point of cp1252 byte c (0x80..0x9F); bytes cp1252
 * leaves undefined, and all others, are read as Latin-1. */
unsigned long mk_cp1252(unsigned char c);

/* Appends s to out with entities decoded (other bytes as they are). */
void mk_decode_entities(mk_buf *out, const char *s, size_t n);

/* --- Lisp strings -------------------------------------------------------- */

/* Reads the Emacs Lisp string at s (s[0] == '"'), appending its value to
 * out (\" \\ \n \t and \c -> c; an escaped newline vanishes). Returns
 * the bytes consumed, quotes included, or 0 when it is not closed. */
size_t mk_lisp_string(const char *s, size_t n, mk_buf *out);

/* --- names and dates ----------------------------------------------------- */

/* The last path component of path (after the last '/'). */
const char *mk_basename(const char *path);
/* 1 when bytes start with the UTF-16 little-endian byte order mark, 2 with
 * the big-endian one, 0 otherwise (mk_normalise reads them as UTF-16). */
int mk_utf16_bom(const char *bytes, size_t len);

/* "YYYY-MM-DD" into out[11] from the file name of path: a yymmdd name
 * (six digits, then a dot: 20yy if yy < 70, else 19yy, notes-format.md
 * §2), or a name that starts with YYYY-MM-DD (Jekyll, Obsidian daily
 * notes). Returns 0 when the name carries no valid date. */
int mk_date_from_name(const char *path, char out[11]);

/* --- the tree builder ---------------------------------------------------- */

#define MK_MAX_BLOCKS 32  /* open QUOTE/LIST/ITEM containers; deeper is flattened */
#define MK_MAX_INLINES 32 /* open EMPH/STRONG/LINK; deeper is flattened */

/* Where an open container came from, which decides what closes it. */
typedef enum mk_origin {
	MK_FROM_MARKUP, /* a markup list: closed by a blank line */
	MK_FROM_HTML,   /* a raw HTML tag or a Markdown block: its end */
	MK_FROM_TABLE,  /* BlogMax {instable}: {endtable} or a section */
	MK_FROM_DELIM,  /* inline *, _: closed by the same character on the
			 * same line, else turned back into text */
	MK_ORIGIN_COUNT
} mk_origin;

typedef struct mk_open {
	doc_node *node;
	mk_origin origin;
	int mark; /* DELIM: its character; HTML: a tag id; LIST: items so far */
} mk_open;

typedef struct mk_builder {
	doc *d;
	const char *file;  /* arena copy of the path: ENTRY.file */
	const char *date;  /* arena "YYYY-MM-DD" or NULL: ENTRY.date */
	doc_node *entry;   /* the current entry */
	mk_open blocks[MK_MAX_BLOCKS];
	int nblocks;
	doc_node *para;    /* the open PARAGRAPH, HEADING or CELL, or NULL */
	int para_content;  /* something visible was put in para */
	int para_keep;     /* para stays when empty (a CELL keeps its
			      column) */
	mk_open inl[MK_MAX_INLINES];
	int ninl;
	mk_buf text;       /* text not yet put in a TEXT node */
	int text_line, text_col;
	int space;         /* a collapsed white space is pending */
	int last_space;    /* what para shows last is a space (or nothing) */
	int err;           /* -ENOMEM once an allocation failed */
} mk_builder;

/* Starts a builder appending entries to doc_root(d). `path` names the
 * file (copied); `date` is "YYYY-MM-DD" or NULL (copied). */
void mk_bld_init(mk_builder *b, doc *d, const char *path, const char *date);
/* Closes everything still open and frees the builder's own memory (the
 * tree stays in the doc). Returns 0 or -ENOMEM. */
int mk_bld_finish(mk_builder *b);

/* Closes all and starts a new ENTRY with a copy of title (NULL: none). */
doc_node *mk_bld_entry(mk_builder *b, const char *title, size_t title_len,
		       int line, int col);

/* Inline text. White space (space, tab, newline) collapses into one
 * space, dropped at the start and end of a paragraph. */
void mk_bld_text(mk_builder *b, const char *s, size_t n, int line, int col);
/* Nonzero when mk_bld_text may use its line and col now: the text may
 * open a paragraph or start a TEXT node. When zero, the text goes on the
 * node being filled and any position will do, so a parser can skip
 * finding it (mk_lines_at scans the bytes up to it). */
static inline int mk_bld_text_needs_pos(const mk_builder *b)
{
	return !b->para || !b->text.len;
}
/* An inline leaf: CODE_SPAN (text s, n) or BREAK. */
doc_node *mk_bld_leaf(mk_builder *b, doc_type type, const char *s, size_t n,
		      int line, int col);
/* Opens EMPH, STRONG or LINK; `mark` tells same-kind openers apart. */
doc_node *mk_bld_inline_open(mk_builder *b, doc_type type, mk_origin origin,
			     int mark, int line, int col);
/* The innermost open inline of that origin and mark, or -1. */
int mk_bld_inline_find(const mk_builder *b, mk_origin origin, int mark);
/* Closes the open inline at index i and those above it; delimiters above
 * it never saw their closer, so they become text again. */
void mk_bld_inline_close(mk_builder *b, int i);
/* End of a line: every open delimiter becomes text (notes-format.md §5:
 * the closer is on the same line). */
void mk_bld_line_end(mk_builder *b);
/* Ends the open paragraph or heading, if any. */
void mk_bld_end_para(mk_builder *b);
/* Starts a HEADING (level 1..3) that receives the following inlines. */
doc_node *mk_bld_heading(mk_builder *b, int level, int line, int col);
/* Starts a table CELL (align: DOC_ALIGN_*) in the open ROW, receiving
 * the following inlines like a paragraph; kept when it gets none. */
doc_node *mk_bld_cell(mk_builder *b, int align, int line, int col);
/* Appends a leaf block (CODE, DIAGRAM, IMAGE, RULE) to the current
 * container, ending the paragraph. */
doc_node *mk_bld_block(mk_builder *b, doc_type type, int line, int col);
/* Opens a QUOTE or LIST container. */
doc_node *mk_bld_open(mk_builder *b, doc_type type, mk_origin origin,
		      int line, int col);
/* Opens an ITEM in the innermost open LIST of that origin (closing the
 * item open there; opening a bulleted list when there is none). Items of
 * numbered lists get their number as level. */
doc_node *mk_bld_item(mk_builder *b, mk_origin origin, int line, int col);
/* The innermost open container of that type and origin, or -1. */
int mk_bld_find(const mk_builder *b, doc_type type, mk_origin origin);
/* The outermost open container of that origin, or -1. */
int mk_bld_find_outer(const mk_builder *b, mk_origin origin);
/* Closes the container at index i and everything inside it. */
void mk_bld_close(mk_builder *b, int i);
/* Closes every container (back to the entry). */
void mk_bld_close_all(mk_builder *b);
/* Sets a node's text to a copy of s, n (records -ENOMEM). */
void mk_bld_set_text(mk_builder *b, doc_node *n, const char *s, size_t len);
/* An arena copy of s, n (NULL and -ENOMEM recorded on failure). */
const char *mk_bld_strdup(mk_builder *b, const char *s, size_t n);

/* --- the parsers (one file each) ----------------------------------------- */

/* Each gets the normalised text (NUL-terminated, LF line ends) and
 * appends entries to d; 0 or -ENOMEM. */
int mk_parse_blogmax(doc *d, const char *path, const char *text, size_t len,
		     const mk_options *opt);
int mk_parse_markdown(doc *d, const char *path, const char *text,
		      size_t len);
int mk_parse_plain(doc *d, const char *path, const char *text, size_t len);

/* Nonzero when `s` ends with `suffix` (lower case), whatever the case of
 * s: ".TXT" ends with ".txt". */
int mk_ends_with_ci(const char *s, const char *suffix);

#endif
