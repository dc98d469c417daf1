/* core/builder.c -- the tree builder shared by the notes parsers, with a
 * growable buffer and a line:column tracker.
 *
 * The parsers report what they see (text, an inline opening or closing,
 * a block); the builder decides where it goes in the doc.h grammar:
 *  - inline content always sits in a PARAGRAPH or HEADING, opened lazily
 *    on the first visible content, so markup that shows nothing (tags,
 *    anchors, blank lines) leaves no empty paragraph behind;
 *  - text arrives in pieces and is kept in a buffer until something else
 *    comes, so each run becomes one TEXT node (doc_append_text copies the
 *    whole text each time, which would be quadratic);
 *  - white space collapses into one space, as in HTML (BlogMax entries
 *    are stylised HTML, notes-format.md §3); a 40-column screen has no use
 *    for runs of spaces;
 *  - an emphasis delimiter still open at the end of its line is turned
 *    back into its character, its content moved up in its place
 *    (notes-format.md §5: the closer is on the same line);
 *  - containers and inlines past MK_MAX_BLOCKS / MK_MAX_INLINES deep are
 *    not opened (their content flows into the enclosing one), which
 *    bounds the depth of every tree a parser can build. */
#include "mk_private.h"

#include <errno.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* --- buffer and UTF-8 ------------------------------------------------------ */

static int buf_room(mk_buf *b, size_t n)
{
	size_t cap;
	char *np;

	if (b->oom)
		return 0;
	if (b->cap - b->len > n)
		return 1;
	cap = b->cap ? b->cap : 64;
	while (cap - b->len <= n) {
		if (cap > (size_t)-1 / 2) {
			b->oom = 1;
			return 0;
		}
		cap *= 2;
	}
	np = realloc(b->p, cap);
	if (!np) {
		b->oom = 1;
		return 0;
	}
	b->p = np;
	b->cap = cap;
	return 1;
}

void mk_buf_put(mk_buf *b, const char *s, size_t n)
{
	if (!buf_room(b, n))
		return;
	if (n)
		memcpy(b->p + b->len, s, n);
	b->len += n;
	b->p[b->len] = 0;
}

void mk_buf_putc(mk_buf *b, char c)
{
	mk_buf_put(b, &c, 1);
}

size_t mk_utf8_put(char out[4], unsigned long cp)
{
	if ((cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		cp = 0xFFFD;
	if (cp < 0x80) {
		out[0] = (char)cp;
		return 1;
	}
	if (cp < 0x800) {
		out[0] = (char)(0xC0 | (cp >> 6));
		out[1] = (char)(0x80 | (cp & 0x3F));
		return 2;
	}
	if (cp < 0x10000) {
		out[0] = (char)(0xE0 | (cp >> 12));
		out[1] = (char)(0x80 | ((cp >> 6) & 0x3F));
		out[2] = (char)(0x80 | (cp & 0x3F));
		return 3;
	}
	out[0] = (char)(0xF0 | (cp >> 18));
	out[1] = (char)(0x80 | ((cp >> 12) & 0x3F));
	out[2] = (char)(0x80 | ((cp >> 6) & 0x3F));
	out[3] = (char)(0x80 | (cp & 0x3F));
	return 4;
}

void mk_buf_utf8(mk_buf *b, unsigned long cp)
{
	char u[4];

	mk_buf_put(b, u, mk_utf8_put(u, cp));
}

size_t mk_utf8_len(unsigned char c)
{
	if (c >= 0xF0 && c < 0xF8)
		return 4;
	if (c >= 0xE0 && c < 0xF0)
		return 3;
	if (c >= 0xC0 && c < 0xE0)
		return 2;
	return 1;
}

void mk_buf_free(mk_buf *b)
{
	free(b->p);
	memset(b, 0, sizeof *b);
}

/* --- line and column ----------------------------------------------------- */

/* Eight bytes at a time: all eight when none has its high bit set (most
 * text), else word-wide: a continuation has bit 7 set and bit 6 (shifted
 * up to bit 7) clear, and the multiply adds the flags into the top
 * byte. */
size_t mk_utf8_chars(const char *s, size_t m)
{
	size_t i = 0, n = 0;

	for (; m - i >= 8; i += 8) {
		const uint64_t w = w8_load(s + i);
		uint64_t cont;

		if ((w & W8_HIGHS) == 0) {
			n += 8;
			continue;
		}
		cont = w & ~(w << 1) & W8_HIGHS;
		n += 8 - (size_t)(((cont >> 7) * W8_ONES) >> 56);
	}
	for (; i < m; i++)
		n += ((unsigned char)s[i] & 0xC0) != 0x80;
	return n;
}

void mk_lines_init(mk_lines *l, const char *s, size_t n)
{
	l->s = s;
	l->n = n;
	l->off = 0;
	l->line = 1;
	l->col = 1;
}

/* Column of `off`: characters since the line start, found going back. */
static int col_of(const mk_lines *l, size_t off)
{
	size_t k = off;
	int col = 1;

	while (k > 0 && l->s[k - 1] != '\n') {
		k--;
		if (((unsigned char)l->s[k] & 0xC0) != 0x80)
			col++;
	}
	return col;
}

void mk_lines_at(mk_lines *l, size_t off, int *line, int *col)
{
	if (off > l->n)
		off = l->n;
	if (off >= l->off) {
		size_t k = l->off;
		const char *nl;

		/* The lines crossed, a memchr from newline to newline; then
		 * the column goes up by the characters after the last. */
		while (k < off && (nl = memchr(l->s + k, '\n', off - k))) {
			l->line++;
			l->col = 1;
			k = (size_t)(nl - l->s) + 1;
		}
		if (off > k)
			l->col += (int)mk_utf8_chars(l->s + k, off - k);
	} else {
		/* Backwards, which the parsers rarely need: count the lines
		 * crossed, then find the column from the line start. */
		int crossed = 0;

		for (size_t k = off; k < l->off; k++)
			crossed += l->s[k] == '\n';
		l->line -= crossed;
		l->col = col_of(l, off);
	}
	l->off = off;
	*line = l->line;
	*col = l->col;
}

/* --- builder: memory ------------------------------------------------------ */

static void oom(mk_builder *b)
{
	b->err = -ENOMEM;
}

const char *mk_bld_strdup(mk_builder *b, const char *s, size_t n)
{
	const char *p = doc_strndup(b->d, s, n);

	if (!p)
		oom(b);
	return p;
}

void mk_bld_set_text(mk_builder *b, doc_node *n, const char *s, size_t len)
{
	if (n && doc_set_text(b->d, n, s, len) < 0)
		oom(b);
}

static doc_node *add(mk_builder *b, doc_node *parent, doc_type type, int line,
		     int col)
{
	doc_node *n = doc_add(b->d, parent, type, line, col);

	if (!n)
		oom(b);
	return n;
}

void mk_bld_init(mk_builder *b, doc *d, const char *path, const char *date)
{
	memset(b, 0, sizeof *b);
	b->d = d;
	b->file = path ? mk_bld_strdup(b, path, strlen(path)) : NULL;
	b->date = date ? mk_bld_strdup(b, date, strlen(date)) : NULL;
}

/* --- builder: text ---------------------------------------------------------- */

/* Where inline content goes now: the innermost open inline, else the
 * paragraph. */
static doc_node *inline_parent(const mk_builder *b)
{
	return b->ninl ? b->inl[b->ninl - 1].node : b->para;
}

/* Puts the buffered text into a TEXT node. */
static void flush(mk_builder *b)
{
	doc_node *t;

	if (b->text.oom)
		oom(b);
	if (!b->text.len)
		return;
	t = add(b, inline_parent(b), DOC_NODE_TEXT, b->text_line, b->text_col);
	if (t)
		mk_bld_set_text(b, t, b->text.p, b->text.len);
	b->text.len = 0;
}

static doc_node *container(mk_builder *b)
{
	if (!b->entry)
		mk_bld_entry(b, NULL, 0, 1, 1);
	return b->nblocks ? b->blocks[b->nblocks - 1].node : b->entry;
}

/* Opens the paragraph that inline content needs (and an item, when the
 * container is a list: text between <ul> and <li>). */
static void need_para(mk_builder *b, int line, int col)
{
	doc_node *c;

	if (b->para)
		return;
	c = container(b);
	if (c && c->type == DOC_NODE_LIST)
		c = mk_bld_item(b, b->blocks[b->nblocks - 1].origin, line,
				col);
	if (!c)
		return;
	b->para = add(b, c, DOC_NODE_PARAGRAPH, line, col);
	b->para_content = 0;
	b->space = 0;
	b->last_space = 1;
}

/* Before visible content: the paragraph, and the pending space. */
static void before_content(mk_builder *b, int line, int col)
{
	need_para(b, line, col);
	/* One space between words, wherever the inline boundaries fall:
	 * "in <a>\nweblog</a>" gives "in " and "weblog". */
	if (b->space && b->para_content && !b->last_space) {
		if (!b->text.len) {
			b->text_line = line;
			b->text_col = col;
		}
		mk_buf_putc(&b->text, ' ');
		b->last_space = 1;
	}
	b->space = 0;
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f';
}

/* Nonzero when the eight bytes at s stay as they are in a paragraph's
 * text, given that the byte before them is no white space and the byte
 * after them no space when they end in one (words() sees to both): no
 * white space but single spaces. Word-wide: a byte below ' ' (tab,
 * newline, CR, FF) is the classic "a byte below n" test; the spaces are
 * marked exactly (high bit of each byte equal to ' ', with no borrow
 * from byte to byte), and two of them side by side overlap once the
 * marks move up a byte. */
static int single_spaced8(const char *s)
{
	const uint64_t w = w8_load(s), low7 = ~W8_HIGHS;
	const uint64_t x = w ^ (' ' * W8_ONES);
	uint64_t spaces;

	if (w8_below(w, ' '))
		return 0;
	spaces = ~(((x & low7) + low7) | x) & W8_HIGHS;
	return (spaces & (spaces << 8)) == 0;
}

/* Appends s[i, n), which starts with a word, to the paragraph's text as
 * the word-by-word rule of mk_bld_text has it: each run of white space
 * before a word becomes one space (before_content: the paragraph is
 * open, has content and does not end in a space), a run at the end only
 * marks a space to come. One pass, with room made once for all of it
 * (it can only shrink); most text has single spaces between words and
 * goes eight bytes at a time, the rest a byte at a time. The byte before
 * s[i] in the loop is never white space (a run of it is taken whole,
 * and eight bytes end in a space only before a byte above ' '), so a
 * space first in the eight is a single one. */
static void words(mk_builder *b, const char *s, size_t i, size_t n)
{
	char *o;

	if (!buf_room(&b->text, n - i))
		return; /* b->text.oom: flush reports it */
	o = b->text.p + b->text.len;
	while (i < n) {
		if (n - i >= 8 && single_spaced8(s + i) &&
		    (s[i + 7] != ' ' ||
		     (n - i > 8 && (unsigned char)s[i + 8] > ' '))) {
			memcpy(o, s + i, 8);
			o += 8;
			i += 8;
		} else if ((unsigned char)s[i] <= ' ' && is_space(s[i])) {
			/* White space: one space if a word follows. */
			while (i < n && is_space(s[i]))
				i++;
			if (i < n)
				*o++ = ' ';
		} else {
			*o++ = s[i++];
		}
	}
	if (is_space(s[n - 1]))
		b->space = 1;
	b->text.len = (size_t)(o - b->text.p);
	b->text.p[b->text.len] = 0;
	b->para_content = 1;
	b->last_space = 0;
}

void mk_bld_text(mk_builder *b, const char *s, size_t n, int line, int col)
{
	size_t i = 0;

	while (i < n && is_space(s[i]))
		i++;
	if (i > 0)
		b->space = 1;
	if (i == n)
		return;
	before_content(b, line, col);
	if (!b->para)
		return;
	if (!b->text.len) {
		b->text_line = line;
		b->text_col = col;
	}
	words(b, s, i, n);
}

doc_node *mk_bld_leaf(mk_builder *b, doc_type type, const char *s, size_t n,
		      int line, int col)
{
	doc_node *leaf;

	if (type == DOC_NODE_BREAK) {
		/* A break at the start of a paragraph shows nothing. */
		if (!b->para || !b->para_content)
			return NULL;
		b->space = 0;
	} else {
		before_content(b, line, col);
	}
	flush(b);
	leaf = add(b, inline_parent(b), type, line, col);
	if (leaf && type != DOC_NODE_BREAK)
		mk_bld_set_text(b, leaf, s ? s : "", s ? n : 0);
	b->para_content = 1;
	b->last_space = type == DOC_NODE_BREAK; /* no space after a break */
	return leaf;
}

/* --- builder: inlines ------------------------------------------------------- */

doc_node *mk_bld_inline_open(mk_builder *b, doc_type type, mk_origin origin,
			     int mark, int line, int col)
{
	doc_node *n;

	before_content(b, line, col);
	if (!b->para || b->ninl == MK_MAX_INLINES)
		return NULL;
	flush(b);
	n = add(b, inline_parent(b), type, line, col);
	if (!n)
		return NULL;
	b->inl[b->ninl++] = (mk_open){n, origin, mark};
	return n;
}

int mk_bld_inline_find(const mk_builder *b, mk_origin origin, int mark)
{
	for (int i = b->ninl - 1; i >= 0; i--)
		if (b->inl[i].origin == origin && b->inl[i].mark == mark)
			return i;
	return -1;
}

/* Turns an unclosed delimiter node back into its character: the node
 * becomes a TEXT "*" and its children follow it in its parent. Links are
 * edited here because doc.h has no "insert before"; the tree stays
 * consistent (every moved child gets its new parent). */
static void unwrap(mk_builder *b, doc_node *n, int mark)
{
	doc_node *first = n->first_child, *last = n->last_child;
	char c = (char)mark;

	n->type = DOC_NODE_TEXT;
	mk_bld_set_text(b, n, &c, 1);
	if (!first)
		return;
	for (doc_node *k = first; k; k = k->next)
		k->parent = n->parent;
	last->next = n->next;
	if (n->next)
		n->next->prev = last;
	else if (n->parent)
		n->parent->last_child = last;
	n->next = first;
	first->prev = n;
	n->first_child = n->last_child = NULL;
}

/* Removes entry i of the inline stack, unwrapping it. */
static void drop_delim(mk_builder *b, int i)
{
	unwrap(b, b->inl[i].node, b->inl[i].mark);
	memmove(&b->inl[i], &b->inl[i + 1], (size_t)(b->ninl - i - 1) *
		sizeof b->inl[0]);
	b->ninl--;
}

void mk_bld_inline_close(mk_builder *b, int i)
{
	if (i < 0 || i >= b->ninl)
		return;
	flush(b);
	while (b->ninl > i + 1) {
		mk_open *top = &b->inl[b->ninl - 1];

		if (top->origin == MK_FROM_DELIM) {
			drop_delim(b, b->ninl - 1);
		} else {
			if (!top->node->first_child)
				doc_unlink(top->node);
			b->ninl--;
		}
	}
	if (!b->inl[i].node->first_child)
		doc_unlink(b->inl[i].node);
	b->ninl--;
}

void mk_bld_line_end(mk_builder *b)
{
	int flushed = 0;

	for (int i = b->ninl - 1; i >= 0; i--) {
		if (b->inl[i].origin != MK_FROM_DELIM)
			continue;
		if (!flushed) {
			flush(b);
			flushed = 1;
		}
		drop_delim(b, i);
	}
}

/* --- builder: blocks ------------------------------------------------------- */

/* Joins runs of sibling TEXT nodes (left by unwrapping) into one, under n
 * and its inline descendants. Depth is bounded by MK_MAX_INLINES. */
static void merge_texts(mk_builder *b, doc_node *n, mk_buf *tmp)
{
	doc_node *c = n->first_child;

	while (c) {
		doc_node *next = c->next;

		if (c->type == DOC_NODE_TEXT && next &&
		    next->type == DOC_NODE_TEXT) {
			tmp->len = 0;
			while (next && next->type == DOC_NODE_TEXT) {
				if (!tmp->len)
					mk_buf_put(tmp, c->text, c->len);
				mk_buf_put(tmp, next->text, next->len);
				doc_unlink(next);
				next = c->next;
			}
			if (tmp->oom)
				oom(b);
			else
				mk_bld_set_text(b, c, tmp->p, tmp->len);
		} else if (c->first_child) {
			merge_texts(b, c, tmp);
		}
		c = next;
	}
}

void mk_bld_end_para(mk_builder *b)
{
	mk_buf tmp = {0};

	if (!b->para)
		return;
	mk_bld_line_end(b);
	flush(b);
	if (b->ninl)
		mk_bld_inline_close(b, 0);
	merge_texts(b, b->para, &tmp);
	mk_buf_free(&tmp);
	/* A break at the end shows nothing (… Y<BR></TD>). */
	while (b->para->last_child &&
	       b->para->last_child->type == DOC_NODE_BREAK)
		doc_unlink(b->para->last_child);
	if (!b->para->first_child && !b->para_keep)
		doc_unlink(b->para);
	b->para = NULL;
	b->para_keep = 0;
	b->para_content = 0;
	b->space = 0;
}

doc_node *mk_bld_heading(mk_builder *b, int level, int line, int col)
{
	/* A heading is a block that takes inline content, like a
	 * paragraph. */
	b->para = mk_bld_block(b, DOC_NODE_HEADING, line, col);
	if (b->para)
		b->para->level = level < 1 ? 1 : level > 3 ? 3 : level;
	return b->para;
}

doc_node *mk_bld_cell(mk_builder *b, int align, int line, int col)
{
	b->para = mk_bld_block(b, DOC_NODE_CELL, line, col);
	if (b->para) {
		b->para->level = align;
		b->para_keep = 1;
	}
	return b->para;
}

doc_node *mk_bld_block(mk_builder *b, doc_type type, int line, int col)
{
	doc_node *c;

	mk_bld_end_para(b);
	c = container(b);
	if (c && c->type == DOC_NODE_LIST)
		c = mk_bld_item(b, b->blocks[b->nblocks - 1].origin, line,
				col);
	return c ? add(b, c, type, line, col) : NULL;
}

doc_node *mk_bld_open(mk_builder *b, doc_type type, mk_origin origin,
		      int line, int col)
{
	doc_node *n;

	/* A list needs room for its item: a list that could hold none would
	 * leave its content nowhere to go. And a block opened in a list goes
	 * into a new item of it (mk_bld_block), which takes a place too. */
	int room = MK_MAX_BLOCKS - (type == DOC_NODE_LIST) -
		   (b->nblocks > 0 &&
		    b->blocks[b->nblocks - 1].node->type == DOC_NODE_LIST);

	if (b->nblocks >= room) {
		mk_bld_end_para(b);
		return NULL;
	}
	n = mk_bld_block(b, type, line, col);
	if (!n)
		return NULL;
	b->blocks[b->nblocks++] = (mk_open){n, origin, 0};
	return n;
}

int mk_bld_find(const mk_builder *b, doc_type type, mk_origin origin)
{
	for (int i = b->nblocks - 1; i >= 0; i--)
		if (b->blocks[i].node->type == type &&
		    b->blocks[i].origin == origin)
			return i;
	return -1;
}

int mk_bld_find_outer(const mk_builder *b, mk_origin origin)
{
	for (int i = 0; i < b->nblocks; i++)
		if (b->blocks[i].origin == origin)
			return i;
	return -1;
}

void mk_bld_close(mk_builder *b, int i)
{
	if (i < 0 || i >= b->nblocks)
		return;
	mk_bld_end_para(b);
	while (b->nblocks > i) {
		doc_node *n = b->blocks[--b->nblocks].node;

		/* An empty container shows nothing. */
		if (!n->first_child)
			doc_unlink(n);
	}
}

void mk_bld_close_all(mk_builder *b)
{
	mk_bld_end_para(b);
	mk_bld_close(b, 0);
}

doc_node *mk_bld_item(mk_builder *b, mk_origin origin, int line, int col)
{
	int li = mk_bld_find(b, DOC_NODE_LIST, origin);
	doc_node *list, *item;

	mk_bld_end_para(b);
	if (li < 0) {
		if (!mk_bld_open(b, DOC_NODE_LIST, origin, line, col))
			return NULL;
		li = b->nblocks - 1;
	}
	mk_bld_close(b, li + 1);
	if (b->nblocks == MK_MAX_BLOCKS)
		return NULL;
	list = b->blocks[li].node;
	item = add(b, list, DOC_NODE_ITEM, line, col);
	if (!item)
		return NULL;
	b->blocks[li].mark++;
	if (list->level)
		item->level = b->blocks[li].mark;
	b->blocks[b->nblocks++] = (mk_open){item, origin, 0};
	return item;
}

doc_node *mk_bld_entry(mk_builder *b, const char *title, size_t title_len,
		       int line, int col)
{
	doc_node *e;

	if (b->entry)
		mk_bld_close_all(b);
	e = add(b, doc_root(b->d), DOC_NODE_ENTRY, line, col);
	if (!e)
		return NULL;
	if (title)
		e->title = mk_bld_strdup(b, title, title_len);
	e->date = b->date;
	e->file = b->file;
	b->entry = e;
	return e;
}

int mk_bld_finish(mk_builder *b)
{
	if (b->entry)
		mk_bld_close_all(b);
	if (b->text.oom)
		oom(b);
	mk_buf_free(&b->text);
	return b->err;
}
