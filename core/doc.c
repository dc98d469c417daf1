/* core/doc.c -- the document tree and its arena.
 *
 * Nodes and strings live in large blocks freed all at once (the doc owns
 * everything, house-style §7.5). Text that grows (doc_append_text) is
 * copied into a fresh piece each time it outgrows its room, the old piece
 * is left in the arena: parsers append in few, large pieces. */
#include "doc.h"

#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#define BLOCK_MIN ((size_t)64 * 1024)
#define ALIGN 16

typedef struct block {
	struct block *next;
	size_t used, cap;
	unsigned char mem[];
} block;

struct doc {
	block *blocks;
	doc_node *root;
	doc_diag *diags;
	size_t ndiags, diag_cap;
	char **diag_msgs;
};

static void *arena_alloc(doc *d, size_t n)
{
	block *b = d->blocks;

	n = (n + ALIGN - 1) / ALIGN * ALIGN;
	if (!b || b->cap - b->used < n) {
		size_t cap = n > BLOCK_MIN ? n : BLOCK_MIN;

		b = malloc(sizeof *b + cap);
		if (!b)
			return NULL;
		b->cap = cap;
		b->used = 0;
		b->next = d->blocks;
		d->blocks = b;
	}
	b->used += n;
	return b->mem + b->used - n;
}

doc *doc_new(void)
{
	doc *d = calloc(1, sizeof *d);

	if (!d)
		return NULL;
	d->root = doc_add(d, NULL, DOC_NODE_DOCUMENT, 1, 1);
	if (!d->root) {
		free(d);
		return NULL;
	}
	return d;
}

void doc_free(doc *d)
{
	block *b, *next;

	if (!d)
		return;
	for (b = d->blocks; b; b = next) {
		next = b->next;
		free(b);
	}
	for (size_t i = 0; i < d->ndiags; i++)
		free(d->diag_msgs[i]);
	free(d->diag_msgs);
	free(d->diags);
	free(d);
}

doc_node *doc_root(const doc *d)
{
	return d->root;
}

doc_node *doc_add(doc *d, doc_node *parent, doc_type type, int line, int col)
{
	doc_node *n = arena_alloc(d, sizeof *n);

	if (!n)
		return NULL;
	memset(n, 0, sizeof *n);
	n->type = type;
	n->line = line;
	n->col = col;
	if (parent) {
		n->parent = parent;
		n->prev = parent->last_child;
		if (parent->last_child)
			parent->last_child->next = n;
		else
			parent->first_child = n;
		parent->last_child = n;
	}
	return n;
}

const char *doc_strndup(doc *d, const char *s, size_t n)
{
	char *p = arena_alloc(d, n + 1);

	if (!p)
		return NULL;
	if (n)
		memcpy(p, s, n);
	p[n] = 0;
	return p;
}

int doc_set_text(doc *d, doc_node *n, const char *s, size_t len)
{
	const char *p = doc_strndup(d, s, len);

	if (!p)
		return -ENOMEM;
	n->text = p;
	n->len = len;
	return 0;
}

int doc_append_text(doc *d, doc_node *n, const char *s, size_t len)
{
	char *p;

	if (!n->text)
		return doc_set_text(d, n, s, len);
	p = arena_alloc(d, n->len + len + 1);
	if (!p)
		return -ENOMEM;
	memcpy(p, n->text, n->len);
	memcpy(p + n->len, s, len);
	p[n->len + len] = 0;
	n->text = p;
	n->len += len;
	return 0;
}

void doc_unlink(doc_node *n)
{
	if (n->prev)
		n->prev->next = n->next;
	else if (n->parent)
		n->parent->first_child = n->next;
	if (n->next)
		n->next->prev = n->prev;
	else if (n->parent)
		n->parent->last_child = n->prev;
	n->parent = n->prev = n->next = NULL;
}

void doc_diag_add(doc *d, const char *file, int line, int col,
		  doc_severity severity, const char *fmt, ...)
{
	va_list ap;
	char *msg;
	int n;

	if (d->ndiags == d->diag_cap) {
		size_t cap = d->diag_cap ? d->diag_cap * 2 : 16;
		doc_diag *nd = realloc(d->diags, cap * sizeof *nd);
		char **nm;

		if (!nd)
			return;
		d->diags = nd;
		nm = realloc(d->diag_msgs, cap * sizeof *nm);
		if (!nm)
			return;
		d->diag_msgs = nm;
		d->diag_cap = cap;
	}
	va_start(ap, fmt);
	n = vsnprintf(NULL, 0, fmt, ap);
	va_end(ap);
	if (n < 0 || !(msg = malloc((size_t)n + 1)))
		return;
	va_start(ap, fmt);
	vsnprintf(msg, (size_t)n + 1, fmt, ap);
	va_end(ap);
	d->diag_msgs[d->ndiags] = msg;
	d->diags[d->ndiags] = (doc_diag){
		.file = file ? doc_strndup(d, file, strlen(file)) : NULL,
		.line = line,
		.col = col,
		.severity = severity,
		.msg = msg,
	};
	d->ndiags++;
}

size_t doc_diag_count(const doc *d)
{
	return d->ndiags;
}

const doc_diag *doc_diag_get(const doc *d, size_t i)
{
	return i < d->ndiags ? &d->diags[i] : NULL;
}

int doc_walk(const doc_node *n,
	     int (*cb)(const doc_node *n, doc_event ev, void *user),
	     void *user)
{
	const doc_node *cur = n;
	int ret;

	/* Iterative, so a deep tree cannot overflow the stack. */
	for (;;) {
		if ((ret = cb(cur, DOC_ENTER, user)) != 0)
			return ret;
		if (cur->first_child) {
			cur = cur->first_child;
			continue;
		}
		for (;;) {
			if ((ret = cb(cur, DOC_EXIT, user)) != 0)
				return ret;
			if (cur == n)
				return 0;
			if (cur->next) {
				cur = cur->next;
				break;
			}
			cur = cur->parent;
		}
	}
}

static const char *const type_names[DOC_NODE_COUNT] = {
	[DOC_NODE_DOCUMENT] = "document", [DOC_NODE_ENTRY] = "entry",
	[DOC_NODE_HEADING] = "heading",   [DOC_NODE_PARAGRAPH] = "paragraph",
	[DOC_NODE_LIST] = "list",         [DOC_NODE_ITEM] = "item",
	[DOC_NODE_CODE] = "code",         [DOC_NODE_DIAGRAM] = "diagram",
	[DOC_NODE_IMAGE] = "image",       [DOC_NODE_QUOTE] = "quote",
	[DOC_NODE_RULE] = "rule",         [DOC_NODE_TABLE] = "table",
	[DOC_NODE_ROW] = "row",           [DOC_NODE_CELL] = "cell",
	[DOC_NODE_TEXT] = "text",
	[DOC_NODE_CODE_SPAN] = "code_span", [DOC_NODE_BREAK] = "break",
	[DOC_NODE_EMPH] = "emph",         [DOC_NODE_STRONG] = "strong",
	[DOC_NODE_LINK] = "link",
};

const char *doc_type_name(doc_type t)
{
	return t < DOC_NODE_COUNT ? type_names[t] : "?";
}

int doc_is_inline(doc_type t)
{
	return t >= DOC_NODE_TEXT && t < DOC_NODE_COUNT;
}

typedef struct dumper {
	char *buf;
	size_t len, cap;
	int depth;
	int failed;
} dumper;

static void dput(dumper *o, const char *s, size_t n)
{
	if (o->failed)
		return;
	if (!o->buf || o->cap - o->len < n + 1) {
		size_t cap = o->cap ? o->cap : 256;
		char *nb;

		while (cap - o->len < n + 1)
			cap *= 2;
		nb = realloc(o->buf, cap);
		if (!nb) {
			o->failed = 1;
			return;
		}
		o->buf = nb;
		o->cap = cap;
	}
	memcpy(o->buf + o->len, s, n);
	o->len += n;
	o->buf[o->len] = 0;
}

static void dquote(dumper *o, const char *s, size_t n)
{
	dput(o, " \"", 2);
	for (size_t i = 0; i < n; i++) {
		char esc[8];

		if (s[i] == '\n')
			dput(o, "\\n", 2);
		else if (s[i] == '"' || s[i] == '\\')
			dput(o, (esc[0] = '\\', esc[1] = s[i], esc), 2);
		else
			dput(o, s + i, 1);
	}
	dput(o, "\"", 1);
}

static int dump_cb(const doc_node *n, doc_event ev, void *user)
{
	dumper *o = user;
	char tmp[64];

	if (ev == DOC_EXIT) {
		o->depth--;
		return 0;
	}
	for (int i = 0; i < o->depth; i++)
		dput(o, "  ", 2);
	dput(o, doc_type_name(n->type), strlen(doc_type_name(n->type)));
	if (n->level)
		dput(o, tmp, (size_t)snprintf(tmp, sizeof tmp, " %d", n->level));
	if (n->title)
		dquote(o, n->title, strlen(n->title));
	if (n->date)
		dput(o, tmp, (size_t)snprintf(tmp, sizeof tmp, " %s", n->date));
	if (n->url)
		dquote(o, n->url, strlen(n->url));
	if (n->text)
		dquote(o, n->text, n->len);
	dput(o, "\n", 1);
	o->depth++;
	return 0;
}

int doc_dump(const doc_node *n, char **out, size_t *out_len)
{
	dumper o = {0};

	doc_walk(n, dump_cb, &o);
	if (o.failed || !o.buf) {
		free(o.buf);
		if (o.failed)
			return -ENOMEM;
		o.buf = calloc(1, 1);
		if (!o.buf)
			return -ENOMEM;
	}
	*out = o.buf;
	if (out_len)
		*out_len = o.len;
	return 0;
}
