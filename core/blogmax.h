/* core/blogmax.h -- internals of the BlogMax parser, shared by
 * core/blogmax.c (the scanner: text, escapes, emphasis, lists, code
 * blocks, shortcuts), core/blogmax_macro.c ({macro …} calls) and
 * core/blogmax_html.c (raw HTML tags). Not a public header. */
#ifndef BM_H
#define BM_H

#include <stddef.h>

#include "mk_private.h"

#define BM_NONE ((size_t)-1)   /* "not found" for offsets */
#define BM_SHORTCUT_DEPTH 8    /* {@a} whose value holds {@b}, ... */

/* A cached forward search. A query from `from` in [m.from, m.at] has the
 * same answer as the last one, so scanning forward past many openers
 * that share one closer (or share its absence) costs one search: this is
 * what keeps unclosed {{{, <!--, <tt> ... from making the parse
 * quadratic. */
typedef struct bm_memo {
	int valid;
	size_t from, at; /* at: BM_NONE when there is none */
} bm_memo;

typedef enum bm_memo_id {
	BM_MEMO_EOL,     /* "\n" */
	BM_MEMO_TRIPLE,  /* "}}}" */
	BM_MEMO_ERP,     /* "{erp}" */
	BM_MEMO_MARGAID, /* "{margaid}" */
	BM_MEMO_COMMENT, /* "-->" */
	BM_MEMO_PRE,     /* "</pre" */
	BM_MEMO_SCRIPT,  /* "</script" */
	BM_MEMO_STYLE,   /* "</style" */
	BM_MEMO_TT,      /* "</tt" */
	BM_MEMO_CODE,    /* "</code" */
	BM_MEMO_BLANK,   /* a blank line */
	BM_MEMO_COUNT
} bm_memo_id;

/* A text being scanned: the file, or a shortcut's value. */
typedef struct bm_src {
	const char *s;
	size_t n;
	int fixed;        /* a shortcut value: every node gets fline:fcol */
	int fline, fcol;
	int depth;        /* shortcut nesting */
	int nul;          /* s[n] is a NUL and no byte before it is one */
	bm_memo memo[BM_MEMO_COUNT];
} bm_src;

typedef struct bm {
	mk_builder b;
	mk_lines lines;         /* positions in the file's text */
	const mk_options *opt;
	const char *path;
	int flat;               /* one-line input (notes-format.md §7) */
	const char *picdir;     /* {picdir} prefix, arena, or NULL */
	int table_depth;        /* open raw <table>s */
	int row_cells;          /* cells so far in the current <tr> */
} bm;

/* Position of offset i of src (1-based line and column). */
void bm_pos(bm *p, const bm_src *src, size_t i, int *line, int *col);

/* First occurrence of needle at or after `from` (ASCII case-insensitive
 * when ci), cached in memo `id`; BM_NONE when there is none. */
size_t bm_find(bm_src *src, bm_memo_id id, size_t from, const char *needle,
	       int ci);
/* Start of the first blank line after `from` (BM_NONE: none). */
size_t bm_blank_after(bm_src *src, size_t from);

/* Scans src from its start. */
void bm_run(bm *p, bm_src *src);

/* Inline text found at offset i of src. */
void bm_text(bm *p, const bm_src *src, size_t i, const char *s, size_t n);

/* A block boundary (notes-format.md §7): ends the paragraph; in one-line
 * input, or when `heading`, it also ends the markup list. */
void bm_boundary(bm *p, int heading);

/* Flags of bm_clean. */
#define BM_CLEAN_TAGS 1  /* drop <tags> */
#define BM_CLEAN_SPACE 2 /* collapse and trim white space */
#define BM_CLEAN_ESC 4   /* \c -> c (notes-format.md §3 step 4) */

/* Macro-argument or HTML text made plain: entities decoded, and what
 * flags ask. Appends to out. */
void bm_clean(const char *s, size_t n, int flags, mk_buf *out);

/* Code text of a block: a newline right after the opener is dropped
 * (§4), trailing white space too; in one-line input the text is trimmed
 * and cut before each repeat of its first word (§7: "split before
 * recognisable command words", a heuristic). Appends to out. */
void bm_code_text(const bm *p, const char *s, size_t n, mk_buf *out);

/* Adds a verbatim block (DOC_NODE_CODE or DOC_NODE_DIAGRAM) holding
 * `text` at line:col, then frees `text`; text->oom records a failure. */
void bm_literal_block(bm *p, doc_type type, int line, int col, mk_buf *text);

/* Parses a shortcut value as markup, placed at offset i of src. */
void bm_expand(bm *p, const bm_src *src, size_t i, const char *value,
	       size_t n);

/* A markup list item (* or #) at offset i. */
void bm_list_item(bm *p, const bm_src *src, size_t i, int numbered);

/* At '{' (blogmax_macro.c): bytes consumed, 0 when the brace is text. */
size_t bm_brace(bm *p, bm_src *src, size_t i);

/* At '<' (blogmax_html.c): bytes consumed, 0 when it is text. */
size_t bm_angle(bm *p, bm_src *src, size_t i);

/* A raw HTML tag, as far as this parser needs it. */
typedef struct bm_tag {
	char name[12];        /* lower case; "" when longer */
	int close;            /* </name> */
	const char *href, *src, *alt, *aname; /* attribute values, raw */
	size_t href_len, src_len, alt_len, aname_len;
	size_t len;           /* bytes, from '<' to '>' included */
} bm_tag;

/* Parses the tag at s (s[0] == '<'); returns its length, 0 if none. */
size_t bm_tag_parse(const char *s, size_t n, bm_tag *t);

#endif
