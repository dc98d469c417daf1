/* tests/unit/conserve.h -- text conservation, shared by test_pages.c and
 * the parser fuzz targets (tests/fuzz/notes_check.h): every word of an
 * entry's source text (its TEXT, CODE_SPAN and CODE nodes, and the
 * captions of its pictures, as the parser read them) appears, in order, in
 * the text of its pages, and every node label of its diagrams appears
 * somewhere on them (in the order of the edges, not of the source).
 * Header only: each test and fuzz target is one program. */
#ifndef MINITEL_TESTS_CONSERVE_H
#define MINITEL_TESTS_CONSERVE_H

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "core/doc.h"
#include "core/layout.h"
#include "core/text.h"
#include "videotex/screen.h"

typedef struct cons_words {
	txt_conv *conv;
	uint32_t *chars; /* display characters, words ended by a space */
	size_t n, cap;
} cons_words;

/* Appends k display characters of s[0..len) (room made for them). */
static inline uint32_t *cons_room(cons_words *w, const char *s, size_t len,
				  size_t *k)
{
	*k = txt_convert(w->conv, s, len, NULL, 0);
	if (w->n + *k + 1 > w->cap) {
		w->cap = (w->n + *k + 1) * 2;
		w->chars = realloc(w->chars, w->cap * sizeof *w->chars);
		if (!w->chars)
			abort();
	}
	txt_convert(w->conv, s, len, w->chars + w->n, *k);
	return w->chars + w->n;
}

/* doc_walk callback: the words of the text nodes and captions. */
static inline int cons_word_cb(const doc_node *n, doc_event ev, void *user)
{
	cons_words *w = user;
	size_t k;

	if (ev != DOC_ENTER || !n->text)
		return 0;
	if (n->type != DOC_NODE_TEXT && n->type != DOC_NODE_CODE_SPAN &&
	    n->type != DOC_NODE_CODE && n->type != DOC_NODE_IMAGE)
		return 0;
	cons_room(w, n->text, n->len, &k);
	w->n += k;
	w->chars[w->n++] = ' ';
	return 0;
}

/* doc_walk callback: a diagram's node labels ("k8s[Kubernetes]":
 * Kubernetes), spaces left out, each ended by one. */
static inline int cons_label_cb(const doc_node *n, doc_event ev, void *user)
{
	static const char pairs[] = "[](){}";
	cons_words *w = user;

	if (ev != DOC_ENTER || n->type != DOC_NODE_DIAGRAM || !n->text)
		return 0;
	for (size_t i = 0; i < n->len; i++) {
		const char *open = n->text[i] ? strchr(pairs, n->text[i]) : NULL;
		size_t a = i + 1, b = a, k;
		uint32_t *v;

		if (!open || (open - pairs) % 2)
			continue;
		while (b < n->len && n->text[b] != open[1] &&
		       n->text[b] != '\n')
			b++;
		/* "((Label))": the inner brackets are the shape's */
		while (a < b && strchr("[({", n->text[a]))
			a++;
		v = cons_room(w, n->text + a, b - a, &k);
		for (size_t j = 0; j < k; j++)
			if (v[j] != ' ')
				w->chars[w->n++] = v[j];
		w->chars[w->n++] = ' ';
		i = b;
	}
	return 0;
}

/* Appends to t (room for VTX_COLS a row) the characters screen s shows
 * on its body rows, spaces left out, and the bars of quotes (U+258F,
 * which a word cut across lines in a quote would otherwise have in its
 * middle) and the continuation mark of a cut code line (the last column
 * of a row with a blue band, which starts at a delimiter: column 0, or
 * further in a quote or a list) too. Returns the new length. */
static inline size_t cons_page_text(const vtx_screen *s, uint32_t *t,
				    size_t n)
{
	for (int row = LAY_BODY_FIRST; row <= LAY_BODY_LAST; row++) {
		vtx_shown sh[VTX_COLS];
		int code = 0;

		for (int c = 0; c < VTX_COLS && !code; c++)
			code = (s->cells[row][c].attr & VTX_ATTR_DELIM) &&
			       s->cells[row][c].bg == 4;

		vtx_screen_shown(s, row, sh);
		for (int c = 0; c < VTX_COLS; c++) {
			if (sh[c].kind != VTX_KIND_ALPHA || sh[c].ch == ' ' ||
			    sh[c].ch == 0x258F || (code && c == VTX_COLS - 1))
				continue;
			t[n++] = sh[c].ch;
		}
	}
	return n;
}

/* The text of entry e's pages (cons_page_text of each, end to end), of
 * pages[] by page index; *len its length. Free it. */
static inline uint32_t *cons_entry_text(const vtx_screen *pages,
					const lay_entry *e, size_t *len)
{
	size_t cap = (size_t)e->npages * VTX_COLS * VTX_ROWS + 1, n = 0;
	uint32_t *t = malloc(cap * sizeof *t);

	if (!t)
		abort();
	for (int p = e->first_page; p < e->first_page + e->npages; p++)
		n = cons_page_text(&pages[p], t, n);
	*len = n;
	return t;
}

/* The words of w not found in text[0..nt): each after the one before
 * when `ordered`, anywhere otherwise. The first one missing goes to
 * first[0..cap) (code points as they are below 0x80, '?' above), when
 * first is not NULL. */
static inline size_t cons_missing(const cons_words *w, const uint32_t *text,
				  size_t nt, int ordered, char *first,
				  size_t cap)
{
	size_t pos = 0, a = 0, missing = 0;

	while (a < w->n) {
		size_t b = a;

		while (b < w->n && w->chars[b] != ' ')
			b++;
		if (b > a) {
			size_t at = (size_t)-1, len = b - a;

			for (size_t i = ordered ? pos : 0; i + len <= nt; i++)
				if (memcmp(text + i, w->chars + a,
					   len * sizeof *text) == 0) {
					at = i;
					break;
				}
			if (at == (size_t)-1 && missing++ == 0 && first &&
			    cap > 0) {
				size_t k = 0;

				for (; k < len && k + 1 < cap; k++)
					first[k] = w->chars[a + k] < 0x80
							   ? (char)w->chars[a + k]
							   : '?';
				first[k] = 0;
			} else if (at != (size_t)-1 && ordered)
				pos = at + len;
		}
		a = b + 1;
	}
	return missing;
}

/* Checks entry node e against the text of its pages (cons_page_text of
 * each): *words, the words missing in order; *labels, the diagram labels
 * missing anywhere; the first missing of either in first[0..cap). */
static inline void cons_entry(cons_words *w, const doc_node *e,
			      const uint32_t *text, size_t nt, size_t *words,
			      size_t *labels, char *first, size_t cap)
{
	w->n = 0;
	doc_walk(e, cons_word_cb, w);
	*words = cons_missing(w, text, nt, 1, first, cap);
	w->n = 0;
	doc_walk(e, cons_label_cb, w);
	*labels = cons_missing(w, text, nt, 0, *words ? NULL : first, cap);
}

#endif
