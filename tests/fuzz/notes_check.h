/* tests/fuzz/notes_check.h -- what every notes parser must give, checked
 * by fuzz_blogmax.c, fuzz_markdown.c and fuzz_plain.c (header only: each
 * fuzz target is one program). Any breach aborts.
 *  - the tree links are consistent: each child's parent, prev and next,
 *    and the parent's first and last child agree;
 *  - the grammar of core/doc.h holds: ENTRY under DOCUMENT only, inlines
 *    only in PARAGRAPH, HEADING or inline containers, blocks never under
 *    inlines;
 *  - every TEXT, CODE_SPAN, CODE and DIAGRAM has text, as long as its len
 *    says, NUL-free, valid UTF-8; every IMAGE has a url;
 *  - positions are 1-based; diagnostics have a file and a message;
 *  - the tree lays out (core/layout.h): no failure but out of memory,
 *    every page numbered within its count (and ASan and UBSan watch the
 *    layout's writes to the 40 x 25 grid), and nothing is lost: every
 *    word of an entry on its pages, in order, every diagram label there
 *    (tests/unit/conserve.h, as test_pages checks the real notes). */
#ifndef NOTES_CHECK_H
#define NOTES_CHECK_H

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/layout.h"
#include "core/markup.h"
#include "tests/unit/conserve.h"

static void nc_fail(const char *what, const doc_node *n)
{
	fprintf(stderr, "notes check: %s (%s at %d:%d)\n", what,
		n ? doc_type_name(n->type) : "-", n ? n->line : 0,
		n ? n->col : 0);
	abort();
}

static int nc_utf8(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		unsigned char c = (unsigned char)s[i];
		size_t k = c < 0x80 ? 1 : c >= 0xF0 ? 4 : c >= 0xE0 ? 3 :
			   c >= 0xC2 ? 2 : 0;

		if (!k || c > 0xF4 || i + k > n)
			return 0;
		for (size_t j = 1; j < k; j++)
			if (((unsigned char)s[i + j] & 0xC0) != 0x80)
				return 0;
		i += k;
	}
	return 1;
}

static int nc_holds_inlines(doc_type t)
{
	return t == DOC_NODE_PARAGRAPH || t == DOC_NODE_HEADING ||
	       t == DOC_NODE_CELL || t == DOC_NODE_EMPH ||
	       t == DOC_NODE_STRONG || t == DOC_NODE_LINK;
}

static void nc_links(const doc_node *n)
{
	const doc_node *c, *last = NULL;

	if (n->first_child && n->first_child->prev)
		nc_fail("first child has a prev", n);
	for (c = n->first_child; c; c = c->next) {
		if (c->parent != n)
			nc_fail("child's parent is wrong", c);
		if (c->prev != last)
			nc_fail("child's prev is wrong", c);
		last = c;
	}
	if (n->last_child != last)
		nc_fail("last child is wrong", n);
}

static int nc_node(const doc_node *n, doc_event ev, void *user)
{
	doc_type pt = n->parent ? n->parent->type : DOC_NODE_COUNT;

	(void)user;
	if (ev == DOC_EXIT)
		return 0;
	if ((unsigned)n->type >= DOC_NODE_COUNT)
		nc_fail("bad type", n);
	nc_links(n);
	if (n->line < 1 || n->col < 1)
		nc_fail("position not 1-based", n);
	if ((n->type == DOC_NODE_ENTRY) != (pt == DOC_NODE_DOCUMENT) &&
	    n->type != DOC_NODE_DOCUMENT)
		nc_fail("entries, and only entries, under the document", n);
	if (doc_is_inline(n->type) && !nc_holds_inlines(pt))
		nc_fail("inline outside a paragraph, heading or cell", n);
	if ((n->type == DOC_NODE_ROW) != (pt == DOC_NODE_TABLE) ||
	    (n->type == DOC_NODE_CELL) != (pt == DOC_NODE_ROW))
		nc_fail("rows, and only rows, in a table; cells in a row", n);
	if (!doc_is_inline(n->type) && n->parent && doc_is_inline(pt))
		nc_fail("block inside an inline", n);
	if (n->type == DOC_NODE_TEXT || n->type == DOC_NODE_CODE_SPAN ||
	    n->type == DOC_NODE_CODE || n->type == DOC_NODE_DIAGRAM) {
		if (!n->text || strlen(n->text) != n->len)
			nc_fail("text missing or holding a NUL", n);
	}
	if (n->text && !nc_utf8(n->text, n->len))
		nc_fail("text is not UTF-8", n);
	if (n->title && !nc_utf8(n->title, strlen(n->title)))
		nc_fail("title is not UTF-8", n);
	if (n->type == DOC_NODE_IMAGE && !n->url)
		nc_fail("image without url", n);
	return 0;
}

/* The pages laid out, by page index. */
typedef struct nc_pages {
	vtx_screen *s;
	size_t n, laid;
} nc_pages;

static int nc_page(const vtx_screen *screen, const lay_page_info *info,
		   void *user)
{
	nc_pages *p = user;
	size_t i = (size_t)info->index;

	if (info->number < 1 || info->number > info->count)
		nc_fail("page numbered outside its count", NULL);
	if (i >= p->n) {
		size_t n = 2 * i + 8;

		p->s = realloc(p->s, n * sizeof *p->s);
		if (!p->s)
			abort();
		p->n = n;
	}
	p->s[i] = *screen;
	p->laid++;
	return 0;
}

/* Every word of each entry on its pages, in order, and every diagram
 * label (tests/unit/conserve.h). */
static void nc_conserved(const doc *d, const lay_site *site,
			 const nc_pages *p)
{
	cons_words w = {0};
	size_t i = 0;

	if (p->laid != site->npages)
		nc_fail("pages laid out and the site's count differ", NULL);
	w.conv = txt_conv_new();
	if (!w.conv)
		abort();
	for (const doc_node *e = doc_root(d)->first_child; e; e = e->next) {
		size_t nt, words, labels;
		char first[64] = "";
		uint32_t *text;

		if (e->type != DOC_NODE_ENTRY || i >= site->nentries)
			continue;
		text = cons_entry_text(p->s, &site->entries[i++], &nt);
		cons_entry(&w, e, text, nt, &words, &labels, first,
			   sizeof first);
		if (words || labels) {
			fprintf(stderr, "notes check: entry %zu: %zu words, "
				"%zu diagram labels not on its pages (the "
				"first \"%s\")\n", i, words, labels, first);
			nc_fail("text lost by the layout", e);
		}
		free(text);
	}
	free(w.chars);
	txt_conv_free(w.conv);
}

/* Parses data as `format` under `path` and checks the result. */
static void nc_run(const uint8_t *data, size_t size, mk_format format,
		   const char *path, const mk_shortcuts *sc)
{
	mk_options o = {.format = format, .shortcuts = sc};
	doc *d = doc_new();

	if (!d)
		abort();
	if (mk_parse(d, path, (const char *)data, size, &o) != 0)
		abort(); /* only out of memory may fail */
	doc_walk(doc_root(d), nc_node, NULL);
	for (size_t i = 0; i < doc_diag_count(d); i++) {
		const doc_diag *g = doc_diag_get(d, i);

		if (!g->file || !g->msg || !*g->msg || g->line < 1)
			nc_fail("bad diagnostic", NULL);
	}
	{
		/* whole pages: an entry's pages put end to end are then its
		 * lines once each, and a word longer than a line that a page
		 * break cuts is whole there (in half steps the next page
		 * starts by repeating its first part) */
		lay_options lo = {.title = "Fuzz", .whole_pages = 1};
		lay_site *site = NULL;
		nc_pages pages = {0};
		int ret = lay_build(d, &lo, nc_page, &pages, &site);

		if (ret != 0 && ret != -ENOMEM)
			nc_fail("layout failed", NULL);
		if (ret == 0)
			nc_conserved(d, site, &pages);
		free(pages.s);
		lay_site_free(site);
	}
	doc_free(d);
}

#endif
