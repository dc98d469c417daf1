/* core/doc.h -- the document model shared by every notes parser.
 *
 * A tree in the style of cmark: typed nodes with intrusive links and source
 * positions, all memory in one arena owned by the doc. Parsers (BlogMax,
 * Markdown, plain text) build it; the layout engine reads it. Text is
 * UTF-8, NUL-terminated, owned by the doc. Bad markup never stops a parse:
 * it becomes diagnostics (doc_diag) with file:line:col.
 *
 * The tree grammar:
 *   DOCUMENT  > ENTRY*
 *   ENTRY     > block*          (title, date, file in the node)
 *   block     = HEADING (> inline*) | PARAGRAPH (> inline*)
 *             | LIST (> ITEM*) | ITEM (> inline* | block*)
 *             | CODE | DIAGRAM | IMAGE | QUOTE (> block*) | RULE
 *             | TABLE (> ROW*)
 *   ROW       > CELL*           (level 1: the header row)
 *   CELL      > inline*         (level: 0 left, 1 centred, 2 right)
 *   inline    = TEXT | CODE_SPAN | BREAK
 *             | EMPH (> inline*) | STRONG (> inline*) | LINK (> inline*) */
#ifndef DOC_H
#define DOC_H

#include <stdarg.h>
#include <stddef.h>

typedef enum doc_type {
	DOC_NODE_DOCUMENT,  /* the root */
	DOC_NODE_ENTRY,     /* one entry: title, date, file */
	DOC_NODE_HEADING,   /* level 1..3 (1 = {section}, 2 = {subsection}) */
	DOC_NODE_PARAGRAPH,
	DOC_NODE_LIST,      /* level: 1 numbered, 0 bulleted */
	DOC_NODE_ITEM,      /* level: its number in a numbered list */
	DOC_NODE_CODE,      /* text: verbatim, newlines kept */
	DOC_NODE_DIAGRAM,   /* text: Mermaid source */
	DOC_NODE_IMAGE,     /* url: path as written; text: caption or NULL */
	DOC_NODE_QUOTE,
	DOC_NODE_RULE,
	DOC_NODE_TABLE,     /* children: ROW (Markdown tables) */
	DOC_NODE_ROW,       /* level 1: a header row; children: CELL */
	DOC_NODE_CELL,      /* level: DOC_ALIGN_*; children: inline */
	DOC_NODE_TEXT,      /* text */
	DOC_NODE_CODE_SPAN, /* text, literal */
	DOC_NODE_BREAK,     /* hard line break */
	DOC_NODE_EMPH,
	DOC_NODE_STRONG,
	DOC_NODE_LINK,      /* url; children: the link text */
	DOC_NODE_COUNT
} doc_type;

/* How a table cell's text sits in its column (CELL.level). */
enum { DOC_ALIGN_LEFT, DOC_ALIGN_CENTER, DOC_ALIGN_RIGHT };

typedef struct doc_node doc_node;
struct doc_node {
	doc_type type;
	doc_node *parent, *first_child, *last_child, *prev, *next;
	const char *text;  /* see doc_type; NULL when none */
	size_t len;        /* bytes of text */
	const char *url;   /* LINK target, IMAGE path; NULL when none */
	int level;         /* see doc_type */
	int line, col;     /* 1-based source position of the construct */
	/* ENTRY only */
	const char *title; /* NULL: untitled */
	const char *date;  /* "YYYY-MM-DD" from a yymmdd file name, or NULL */
	const char *file;  /* the source file, as given */
};

typedef enum doc_severity {
	DOC_WARNING,
	DOC_ERROR
} doc_severity;

typedef struct doc_diag {
	const char *file;
	int line, col;
	doc_severity severity;
	const char *msg;
} doc_diag;

typedef struct doc doc; /* opaque: owns the arena */

/* NULL only on out-of-memory. The new doc holds an empty DOCUMENT root. */
doc *doc_new(void);
/* Frees the doc, its nodes and strings. doc_free(NULL) is a no-op. */
void doc_free(doc *d);

doc_node *doc_root(const doc *d);

/* Appends a new node of `type` as the last child of `parent` (which may
 * be NULL for a detached node). Returns NULL only on out-of-memory. */
doc_node *doc_add(doc *d, doc_node *parent, doc_type type, int line, int col);

/* Copies n bytes of s into the arena, NUL-terminated. NULL on OOM. */
const char *doc_strndup(doc *d, const char *s, size_t n);

/* Sets node->text (a copy of n bytes) and node->len. 0 or -ENOMEM. */
int doc_set_text(doc *d, doc_node *n, const char *s, size_t len);

/* Appends n bytes to node->text (used by parsers that see text in
 * pieces). 0 or -ENOMEM. */
int doc_append_text(doc *d, doc_node *n, const char *s, size_t len);

/* Detaches `n` from its parent and siblings. */
void doc_unlink(doc_node *n);

/* Records a diagnostic (the message is printf-formatted and copied). */
void doc_diag_add(doc *d, const char *file, int line, int col,
		  doc_severity severity, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
	__attribute__((format(printf, 6, 7)))
#endif
	;
size_t doc_diag_count(const doc *d);
const doc_diag *doc_diag_get(const doc *d, size_t i);

/* Walks the subtree at `n` depth first, calling cb with DOC_ENTER before a
 * node's children and DOC_EXIT after (leaves get both). A nonzero return
 * from cb stops the walk and is returned. */
typedef enum doc_event {
	DOC_ENTER,
	DOC_EXIT
} doc_event;
int doc_walk(const doc_node *n,
	     int (*cb)(const doc_node *n, doc_event ev, void *user),
	     void *user);

/* The name of a node type ("paragraph", ...), for dumps and messages. */
const char *doc_type_name(doc_type t);

/* Nonzero when `t` is an inline type. */
int doc_is_inline(doc_type t);

/* Writes a readable indented dump of the subtree at `n` to a growable
 * string: one line per node, "type [level] "text"". The caller frees
 * *out with free(). 0 or -ENOMEM. Used by parser tests. */
int doc_dump(const doc_node *n, char **out, size_t *out_len);

#endif
