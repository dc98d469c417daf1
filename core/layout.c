/* core/layout.c -- notes to 40 x 25 Minitel pages.
 *
 * An entry is first turned into body lines (40 cells each, already in the
 * Minitel alphabet, with their attributes), then the lines are cut into
 * pages of 18 rows and each page gets the frame: status row, header band,
 * rule, navigation row (shared/docs/page-design.md). Cells are written
 * straight into vtx_screen page memory, with delimiters where the serial
 * attributes need them (STUM1B §2-2-1-2-4): the encoder reproduces them.
 *
 * Attributes that survive grey (videotex.md §2 grey order): body text is
 * green (70%), strong white (100%), emphasis underlined (a serial
 * attribute: a delimiter space before the run, another after it; where
 * the run has no space before or after it, yellow instead), code spans
 * yellow (90%), links cyan with their address in magenta after them, code
 * blocks yellow on a blue band, headings white and underlined. */
#include "layout.h"

#include <errno.h>
#include <limits.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "bigfont.h"
#include "picture.h"
#include "text.h"
#include "videotex/charset.h"
#include "videotex/mosaic.h"
#include "word8.h"

#define BODY_ROWS (LAY_BODY_LAST - LAY_BODY_FIRST + 1)
#define LEFT 1          /* text starts here; column 0 takes delimiters */
#define RIGHT 39        /* last text column */
#define CODE_RIGHT 38   /* code: last column before the continuation mark */
/* The deepest a block is indented (quotes, lists inside lists): deeper
 * ones keep this margin, so that a line still holds 20 columns of text
 * (a list's mark and its hanging indent come after it). */
#define DEEPEST (RIGHT - 19 - 5)
#define INLINE_DEPTH 64 /* deeper inline nesting is flattened */
#define SOMMAIRE_ROWS 16
#define BAND_FIRST 1
#define BAND_ROWS 3
#define RULE_ROW 4
#define NAV_ROW 24
#define PIC_COLS 38
#define PIC_ROWS 12     /* a picture leaves room for text on its page */

enum { /* colours (videotex.md §2) */
	BLACK, RED, GREEN, YELLOW, BLUE, MAGENTA, CYAN, WHITE
};

enum { /* styles of inline text */
	ST_STRONG = 1 << 0,
	ST_EMPH = 1 << 1,
	ST_CODE = 1 << 2,
	ST_LINK = 1 << 3,
	ST_URL = 1 << 4,
	ST_HEAD = 1 << 5
};

/* Inline text on its way to lines: display characters, and apart from
 * them the style of each, so that txt_convert writes the characters in
 * place (sb_text) and a run of one style is one memset. */
typedef struct sbuf {
	uint32_t *ch;
	uint8_t *st;
	size_t n, cap; /* of both arrays */
	size_t breaks; /* newlines in ch (line breaks, sb_put's only:
			* txt_convert turns control characters into spaces) */
} sbuf;

typedef struct line {
	vtx_cell c[VTX_COLS];
	uint8_t blank;     /* a separator: dropped at the top of a page */
	uint8_t keep_next; /* a heading: not the last line of a page */
	int group;         /* lines of one picture: kept together (0: none) */
} line;

typedef struct lines {
	line *v;
	size_t n, cap;
} lines;

typedef struct ctx {
	const lay_options *opt;
	lay_site *site;
	txt_conv *conv;
	lines body;
	uint32_t *tmp;   /* txt_convert output */
	size_t tmp_cap;
	int groups;
	int failed;      /* out of memory */
	const doc_node *entry;
	vtx_screen *scr; /* the page being made */
	size_t pages_cap, notes_cap;
	line blank;      /* blank cells, no flags: each new line's start */
	sbuf spare;      /* a text buffer kept for the next (sb_take) */
} ctx;

/*** Small containers ***/

static int grow(void **v, size_t *cap, size_t need, size_t size)
{
	size_t c = *cap ? *cap : 64;
	void *nv;

	if (need <= *cap)
		return 0;
	while (c < need)
		c *= 2;
	nv = realloc(*v, c * size);
	if (!nv)
		return -ENOMEM;
	*v = nv;
	*cap = c;
	return 0;
}

/* Room in b for `need` characters; 0 (x->failed set) when out of
 * memory. Characters and styles grow alike (grow), from one capacity. */
static int sb_room(ctx *x, sbuf *b, size_t need)
{
	size_t cch = b->cap, cst = b->cap;

	if (need <= b->cap)
		return 1;
	if (grow((void **)&b->ch, &cch, need, sizeof *b->ch) < 0 ||
	    grow((void **)&b->st, &cst, need, sizeof *b->st) < 0) {
		x->failed = 1;
		return 0;
	}
	b->cap = cch;
	return 1;
}

static void sb_free(sbuf *b)
{
	free(b->ch);
	free(b->st);
}

/* An empty text buffer: the one kept from an earlier paragraph when
 * there is one, so that most paragraphs allocate nothing. */
static sbuf sb_take(ctx *x)
{
	sbuf b = x->spare;

	x->spare = (sbuf){0};
	b.n = b.breaks = 0;
	return b;
}

/* Done with b: kept for the next sb_take when it is the larger buffer,
 * else freed. */
static void sb_give(ctx *x, sbuf *b)
{
	if (b->cap > x->spare.cap) {
		sb_free(&x->spare);
		x->spare = *b;
	} else {
		sb_free(b);
	}
}

static void sb_put(ctx *x, sbuf *b, uint32_t ch, uint8_t style)
{
	if (!sb_room(x, b, b->n + 1))
		return;
	b->breaks += ch == '\n';
	b->ch[b->n] = ch;
	b->st[b->n++] = style;
}

/* Appends characters at .. at + n - 1 of `from`, with their styles (none
 * when n is 0: from may hold no buffer then). */
static void sb_copy(ctx *x, sbuf *b, const sbuf *from, size_t at, size_t n)
{
	if (n == 0 || !sb_room(x, b, b->n + n))
		return;
	memcpy(b->ch + b->n, from->ch + at, n * sizeof *b->ch);
	memcpy(b->st + b->n, from->st + at, n);
	b->n += n;
}

static line *new_line(ctx *x)
{
	line *l;

	if (grow((void **)&x->body.v, &x->body.cap, x->body.n + 1,
		 sizeof *x->body.v) < 0) {
		x->failed = 1;
		return NULL;
	}
	l = &x->body.v[x->body.n++];
	*l = x->blank;
	return l;
}

static void blank_line(ctx *x)
{
	if (x->body.n > 0 && !x->body.v[x->body.n - 1].blank) {
		line *l = new_line(x);

		if (l)
			l->blank = 1;
	}
}

/* Converts UTF-8 to display characters (core/text.h). */
static size_t convert(ctx *x, const char *s, size_t n)
{
	size_t k = txt_convert(x->conv, s, n, x->tmp, x->tmp_cap);

	if (k > x->tmp_cap) {
		if (grow((void **)&x->tmp, &x->tmp_cap, k, sizeof *x->tmp) <
		    0) {
			x->failed = 1;
			return 0;
		}
		k = txt_convert(x->conv, s, n, x->tmp, x->tmp_cap);
	}
	return k;
}

/* Converts UTF-8 straight into b: room is made for a character a byte,
 * which is as many as most text gives, and again when it gave more (a
 * ligature spelt out, say). A no-break space stays one (TXT_NBSP): the
 * text of b is wrapped, which must not break a line there nor drop it at
 * a line's start; emit_line makes a space of it. */
static void sb_text(ctx *x, sbuf *b, const char *s, size_t n, uint8_t style)
{
	size_t k;

	if (n == 0 || !sb_room(x, b, b->n + n))
		return;
	txt_set_nbsp(x->conv, 1);
	k = txt_convert(x->conv, s, n, b->ch + b->n, b->cap - b->n);
	if (k > b->cap - b->n && sb_room(x, b, b->n + k))
		k = txt_convert(x->conv, s, n, b->ch + b->n, b->cap - b->n);
	txt_set_nbsp(x->conv, 0);
	if (k > b->cap - b->n)
		return;
	memset(b->st + b->n, style, k);
	b->n += k;
}

/*** Cells ***/

/* Layout colours are ints; cells store bytes. */
static vtx_cell alpha(uint32_t ch, int fg, uint8_t attr)
{
	return vtx_cell_alpha(ch, (uint8_t)fg, attr);
}

static vtx_cell delimiter(int bg, int underline)
{
	vtx_cell c = alpha(' ', WHITE, VTX_ATTR_DELIM);

	c.bg = (uint8_t)bg;
	if (underline)
		c.attr |= VTX_ATTR_UNDERLINE;
	return c;
}

static vtx_cell mosaic(unsigned mask, int fg, int bg)
{
	vtx_cell c = vtx_cell_blank();

	c.ch = vtx_mosaic_code(mask);
	c.fg = (uint8_t)fg;
	c.bg = (uint8_t)bg;
	return c;
}

static int style_fg(uint8_t style, int base)
{
	if (style & (ST_STRONG | ST_HEAD))
		return WHITE;
	if (style & ST_URL)
		return MAGENTA;
	if (style & ST_LINK)
		return CYAN;
	if (style & ST_CODE)
		return YELLOW;
	return base;
}

/* Writes display characters to columns [col, ...] of row cells. */
static int put_chars(vtx_cell *row, int col, const uint32_t *s, size_t n,
		     int fg, int right)
{
	for (size_t i = 0; i < n && col <= right; i++)
		row[col++] = alpha(s[i], fg, 0);
	return col;
}

/* A line of k characters in v for `room` cells: when it is too long, it
 * is cut and ends in "..." (the Minitel has no ellipsis, videotex.md
 * G2), after the last whole word when one ends close enough to the cut
 * (a quarter of the room at most: a title cut mid-word reads as another
 * word, but a short line cut far back says little), else at the cut. v is
 * written in place; returns the characters to show. */
static size_t cut_line(uint32_t *v, size_t k, size_t room)
{
	size_t keep, i;

	if (k <= room)
		return k;
	if (room < 4)
		return room;
	keep = room - 3;
	/* v[keep] is the first character left out: a space there ends the
	 * last word kept. */
	for (i = keep; i > 0 && v[i] != ' '; i--)
		;
	if (i > 0 && i + room / 4 >= keep)
		keep = i;
	while (keep > 0 && v[keep - 1] == ' ')
		keep--;
	for (int d = 0; d < 3; d++)
		v[keep + (size_t)d] = '.';
	return keep + 3;
}

/*** Inline text ***/

static void collect(ctx *x, const doc_node *n, uint8_t style, sbuf *b,
		    int depth);

static void collect_children(ctx *x, const doc_node *n, uint8_t style,
			     sbuf *b, int depth)
{
	for (const doc_node *c = n->first_child; c; c = c->next)
		collect(x, c, style, b, depth + 1);
}

/* A link shows its text, then its address when that says more. */
static void collect_link(ctx *x, const doc_node *n, uint8_t style, sbuf *b,
			 int depth)
{
	size_t start = b->n;

	collect_children(x, n, style | ST_LINK, b, depth);
	if (!n->url || !*n->url)
		return;
	if (b->n - start == strlen(n->url)) {
		int same = 1;

		for (size_t i = start; i < b->n && same; i++)
			same = b->ch[i] == (unsigned char)n->url[i - start];
		if (same)
			return;
	}
	sb_put(x, b, ' ', style);
	sb_put(x, b, '<', style | ST_URL);
	sb_text(x, b, n->url, strlen(n->url), style | ST_URL);
	sb_put(x, b, '>', style | ST_URL);
}

static void collect(ctx *x, const doc_node *n, uint8_t style, sbuf *b,
		    int depth)
{
	if (depth > INLINE_DEPTH) /* flatten pathological nesting */
		style = 0;
	switch (n->type) {
	case DOC_NODE_TEXT:
		sb_text(x, b, n->text ? n->text : "", n->len, style);
		break;
	case DOC_NODE_CODE_SPAN:
		sb_text(x, b, n->text ? n->text : "", n->len,
			style | ST_CODE);
		break;
	case DOC_NODE_BREAK:
		sb_put(x, b, '\n', style);
		break;
	case DOC_NODE_EMPH:
		collect_children(x, n, style | ST_EMPH, b, depth);
		break;
	case DOC_NODE_STRONG:
		collect_children(x, n, style | ST_STRONG, b, depth);
		break;
	case DOC_NODE_LINK:
		collect_link(x, n, style, b, depth);
		break;
	default: /* a block inside inline content: its text */
		collect_children(x, n, style, b, depth);
		break;
	}
}

/* Underlines the emphasised runs of one laid-out line with delimiters:
 * the cell before a run (a space, or the margin) starts an underlined
 * zone, the space after it ends the zone. A run that lacks such a cell
 * turns yellow instead. Character i (ch[i], style st[i]) is in column
 * col + i. */
static void underline_runs(vtx_cell *row, const uint32_t *ch,
			   const uint8_t *st, size_t n, int col, int left)
{
	for (size_t i = 0; i < n; i++) {
		size_t j = i;
		int a, ok;

		if (!(st[i] & ST_EMPH) || ch[i] == ' ')
			continue;
		while (j + 1 < n && (st[j + 1] & ST_EMPH))
			j++;
		while (j > i && ch[j] == ' ')
			j--;
		a = col + (int)i;
		ok = (a == left && left > 0) || (i > 0 && ch[i - 1] == ' ');
		ok = ok && (j + 1 == n || ch[j + 1] == ' ');
		if (ok) {
			row[a - 1] = delimiter(BLACK, 1);
			if (j + 1 < n)
				row[col + (int)(j + 1)] = delimiter(BLACK, 0);
		} else {
			for (size_t k = i; k <= j; k++)
				row[col + (int)k].fg = YELLOW;
		}
		i = j;
	}
}

/* The end of the run of style st[i] in st[i..n): eight styles compared
 * at a time while they all match (a line is mostly one run). */
static size_t style_run(const uint8_t *st, size_t i, size_t n)
{
	const uint64_t all = st[i] * (uint64_t)W8_ONES;
	size_t j = i + 1;

	while (n - j >= 8 && w8_load(st + j) == all)
		j += 8;
	while (j < n && st[j] == st[i])
		j++;
	return j;
}

/* Writes pen into o[0..n) with the characters ch[0..n) (TXT_NBSP as a
 * space). What follows the character in a cell is the same along the
 * run: copied as one block of bytes (gcc -O2 makes five stores a cell of
 * a struct assignment, the fields apart). */
static void put_cells(vtx_cell *o, const uint32_t *ch, size_t n,
		      vtx_cell pen)
{
	enum { AT = offsetof(vtx_cell, kind), REST = sizeof pen - AT };
	unsigned char rest[REST];

	memcpy(rest, (const unsigned char *)&pen + AT, REST);
	for (size_t i = 0; i < n; i++) {
		o[i].ch = ch[i] == TXT_NBSP ? ' ' : ch[i];
		memcpy((unsigned char *)&o[i] + AT, rest, REST);
	}
}

/* Lays out characters ch[0..n) (their styles st[0..n)) on one line from
 * column `col`, character i in column col + i; what passes RIGHT is
 * cut. A run of one style is written with one cell, only its character
 * changing (a line has a few such runs, not forty). */
static void emit_line(ctx *x, const uint32_t *ch, const uint8_t *st, size_t n,
		      int col, int left, int fg)
{
	line *l = new_line(x);
	uint8_t styles = 0;

	if (!l)
		return;
	if (col > RIGHT)
		n = 0;
	else if (n > (size_t)(RIGHT - col + 1))
		n = (size_t)(RIGHT - col + 1);
	for (size_t i = 0, j; i < n; i = j) {
		j = style_run(st, i, n);
		styles |= st[i];
		put_cells(l->c + col + (int)i, ch + i, j - i,
			  alpha(' ', style_fg(st[i], fg), 0));
	}
	if (styles & ST_EMPH)
		underline_runs(l->c, ch, st, n, col, left);
}

/* Where a line of ch[i, lim) with no space to break at ends: at the
 * last no-break space that leaves a character before it (a line of
 * words all joined by them, as code written with &nbsp; is: broken
 * there rather than inside a word), or at lim when there is none. */
static size_t nbsp_end(const uint32_t *ch, size_t i, size_t lim, size_t n)
{
	size_t k = lim;

	if (lim < n && ch[lim] == TXT_NBSP)
		return lim;
	while (k > i + 1 && ch[k - 1] != TXT_NBSP)
		k--;
	return k > i + 1 ? k - 1 : lim;
}

/* Where the line of ch[i, n) that may reach ch[lim - 1] ends, when no
 * newline is among them (ch[i] is no space): at lim when all is there
 * or a space follows, else after the last word that fits, found going
 * back from lim (a word is a few characters, a line forty); a word
 * longer than the line is cut at a no-break space in it (nbsp_end), or
 * else at lim. */
static size_t line_end(const uint32_t *ch, size_t i, size_t lim, size_t n)
{
	size_t k = lim;

	if (lim == n || ch[lim] == ' ')
		return lim;
	while (k > i && ch[k - 1] != ' ')
		k--;
	return k > i ? k - 1 : nbsp_end(ch, i, lim, n);
}

/* The same with newlines: the first one ends the line. */
static size_t line_end_breaks(const uint32_t *ch, size_t i, size_t lim,
			      size_t n)
{
	size_t end, brk = 0;
	int found = 0;

	for (end = i; end < lim; end++) {
		/* One test for most characters: newline and space are both
		 * below '!'. */
		if (ch[end] > ' ')
			continue;
		if (ch[end] == '\n')
			break;
		if (ch[end] == ' ') {
			brk = end;
			found = 1;
		}
	}
	if (end < n && ch[end] != '\n' && ch[end] != ' ')
		end = found ? brk /* break at the last space that fits */
			    : nbsp_end(ch, i, end, n);
	return end;
}

/* Word-wraps the text of b: the first line from column `first`, the
 * others from `rest` (a hanging indent). A word is split only when it is
 * longer than a line. Returns the number of lines. */
static int wrap(ctx *x, const sbuf *b, int first, int rest, int fg)
{
	const uint32_t *ch = b->ch;
	size_t i = 0, n = b->n;
	int lines_out = 0, left = first;

	while (i < n) {
		size_t width = (size_t)(RIGHT - left + 1), end, lim;

		while (i < n && ch[i] == ' ')
			i++;
		if (i >= n)
			break;
		lim = n - i > width ? i + width : n;
		end = b->breaks ? line_end_breaks(ch, i, lim, n)
				: line_end(ch, i, lim, n);
		while (end > i && ch[end - 1] == ' ')
			end--;
		emit_line(x, ch + i, b->st + i, end - i, left, left, fg);
		lines_out++;
		/* The newline that ends this line goes with it, also after
		 * spaces ("word&nbsp;<br>"): skipped only at the next line's
		 * start, it made an empty line there. So does the no-break
		 * space it was broken at (nbsp_end); the others at the next
		 * line's start are kept, as an indentation is. */
		i = end;
		if (i < n && ch[i] == TXT_NBSP)
			i++;
		for (; i < n && ch[i] == ' '; i++)
			;
		if (i < n && ch[i] == '\n')
			i++;
		left = rest;
	}
	return lines_out;
}

/*** Blocks ***/

static void block(ctx *x, const doc_node *n, int left);

static void paragraph(ctx *x, const doc_node *n, int first, int rest,
		      uint8_t style, int fg)
{
	sbuf b = sb_take(x);

	collect_children(x, n, style, &b, 0);
	wrap(x, &b, first, rest, fg);
	sb_give(x, &b);
}

/* A heading: white, underlined from its first column, never left alone at
 * the foot of a page. */
static void heading(ctx *x, const doc_node *n, int left)
{
	size_t before = x->body.n;

	blank_line(x);
	paragraph(x, n, left, left, ST_HEAD | ST_EMPH, WHITE);
	for (size_t i = before; i < x->body.n; i++)
		x->body.v[i].keep_next = 1;
}

/* Are b's characters from `from` on all spaces (or none)? */
static int sb_blank_from(const sbuf *b, size_t from)
{
	for (size_t i = from; i < b->n; i++)
		if (b->ch[i] != ' ')
			return 0;
	return 1;
}

static void list(ctx *x, const doc_node *n, int left)
{
	int number = 1;
	size_t lead; /* the mark's length; 0 once a block came */

	for (const doc_node *it = n->first_child; it; it = it->next) {
		char mark[16];
		int w;
		sbuf b = sb_take(x);

		if (n->level)
			w = snprintf(mark, sizeof mark, "%d.",
				     it->level ? it->level : number);
		else
			w = snprintf(mark, sizeof mark, "-");
		number++;
		for (int i = 0; i < w; i++)
			sb_put(x, &b, (unsigned char)mark[i], ST_STRONG);
		sb_put(x, &b, ' ', 0);
		lead = b.n;
		/* Items hold inline content or blocks: their text flows
		 * with a hanging indent past the mark. The item's first
		 * paragraph flows on from the mark; a later one (a loose
		 * item's, or text after a table in raw HTML) is a
		 * paragraph of its own under the indent, a blank line
		 * above it as between any two, not run into the text
		 * before it. */
		for (const doc_node *c = it->first_child; c; c = c->next) {
			if (doc_is_inline(c->type)) {
				collect(x, c, 0, &b, 0);
				continue;
			}
			if (c->type == DOC_NODE_PARAGRAPH && lead > 0 &&
			    sb_blank_from(&b, lead)) {
				collect_children(x, c, 0, &b, 0);
				continue;
			}
			/* (after a block, no mark: the text starts at the
			 * indent) */
			if (wrap(x, &b, lead ? left : left + w + 1,
				 left + w + 1, GREEN) > 0 &&
			    c->type == DOC_NODE_PARAGRAPH)
				blank_line(x);
			b.n = b.breaks = 0;
			lead = 0;
			block(x, c, left + w + 1);
		}
		wrap(x, &b, lead ? left : left + w + 1, left + w + 1, GREEN);
		sb_give(x, &b);
	}
}

/* Code: verbatim, yellow on a blue band from column `left` (its
 * delimiter just before it: in a quote or a list, the band is indented
 * as the text around it, clear of the quote's bar), cut at the right
 * edge with a continuation mark in the last column. */
static void code(ctx *x, const char *text, size_t len, int left)
{
	size_t i = 0;

	while (i <= len) {
		size_t e = i, k, at = 0;
		const uint32_t *u;

		while (e < len && text[e] != '\n')
			e++;
		if (e == len && i == len && len > 0)
			break; /* no empty line after a final newline */
		k = convert(x, text + i, e - i);
		u = x->tmp;
		do {
			line *l = new_line(x);
			size_t take = k - at;

			if (!l)
				return;
			l->c[left - 1] = delimiter(BLUE, 0);
			/* text spaces to the end: a blank mosaic cell would
			 * end the band (a mosaic is a background delimiter) */
			for (int c = left; c <= RIGHT; c++)
				l->c[c] = alpha(' ', YELLOW, 0);
			if (take > (size_t)(CODE_RIGHT - left + 1))
				take = (size_t)(CODE_RIGHT - left + 1);
			if (take > 0) /* (an empty line: tmp may be NULL) */
				put_chars(l->c, left, u + at, take, YELLOW,
					  CODE_RIGHT);
			at += take;
			if (at < k)
				l->c[RIGHT] = alpha('\\', CYAN, 0);
			/* the band's colour, as a Minitel shows the cells
			 * after the delimiter: the screen is then the
			 * decoded page byte for byte */
			for (int c = left; c < VTX_COLS; c++)
				l->c[c].bg = BLUE;
		} while (at < k);
		i = e + 1;
	}
}

/*** Mermaid diagrams: one line per edge, "Label → Other" ***/

/* A stretch of the diagram's source. */
typedef struct span {
	const char *p;
	size_t n;
} span;

static int span_eq(span a, span b)
{
	return a.n == b.n && memcmp(a.p, b.p, a.n) == 0;
}

/* A node as a statement names it: its id, and the label given there
 * (`labelled`; without one, label is the id). */
typedef struct mnode {
	span id, label;
	int labelled;
} mnode;

/* The nodes met: the label each id goes by (the last given, as Mermaid
 * draws it); the labels shown so far. Labels point into the diagram's
 * text: no copy, no length limit. */
typedef struct mermaid {
	struct mermaid_id {
		span id, label;
	} *v;
	size_t n, cap;
	span *shown; /* the labels the edges show, and those shown alone */
	size_t nshown, capshown;
	int left; /* the lines' first column (in a quote, a list: further) */
	int failed;
} mermaid;

/* Reads a node reference "id", "id[Label]", "id(Label)", "id{Label}" (or
 * "id((Label))", "id[[Label]]"..., or a "[Label]" with no id, which files
 * whose newlines were lost make of "id [Label]") at s[*i]. Returns
 * nonzero when there was one. */
static int mermaid_node(const char *s, size_t n, size_t *i, mnode *o)
{
	size_t a;

	while (*i < n && (s[*i] == ' ' || s[*i] == '\t'))
		(*i)++;
	a = *i;
	while (*i < n && s[*i] && !strchr("[({ \t-=;\n", s[*i]))
		(*i)++;
	o->id = (span){s + a, *i - a};
	o->label = o->id;
	o->labelled = 0;
	if (*i < n && s[*i] && strchr("[({", s[*i])) {
		char close = s[*i] == '[' ? ']' : s[*i] == '(' ? ')' : '}';

		a = ++(*i);
		while (*i < n && s[*i] != close && s[*i] != '\n')
			(*i)++;
		o->label = (span){s + a, *i - a};
		/* "((Label))": the inner brackets are the shape's */
		while (o->label.n > 0 && strchr("[({", o->label.p[0])) {
			o->label.p++;
			o->label.n--;
		}
		o->labelled = 1;
		while (*i < n && s[*i] && strchr("])}", s[*i]))
			(*i)++;
		if (o->id.n == 0) /* "[Label]" alone: known by its label */
			o->id = o->label;
	}
	return o->id.n > 0;
}

/* The record of node o's id, made when new (NULL: out of memory). */
static struct mermaid_id *mermaid_id(mermaid *m, const mnode *o)
{
	size_t i;

	for (i = 0; i < m->n; i++)
		if (span_eq(m->v[i].id, o->id))
			return &m->v[i];
	if (m->n == m->cap) {
		size_t cap = m->cap ? 2 * m->cap : 16;
		struct mermaid_id *v = realloc(m->v, cap * sizeof *v);

		if (!v) {
			m->failed = 1;
			return NULL;
		}
		m->v = v;
		m->cap = cap;
	}
	m->v[m->n] = (struct mermaid_id){o->id, o->id};
	return &m->v[m->n++];
}

/* Notes a node met (first walk): the label it is given, if any. */
static void mermaid_met(mermaid *m, const mnode *o)
{
	struct mermaid_id *r = mermaid_id(m, o);

	if (r && o->labelled)
		r->label = o->label;
}

/* Is label l shown already (m->shown)? With `add`, it is from now on. */
static int mermaid_seen(mermaid *m, span l, int add)
{
	for (size_t i = 0; i < m->nshown; i++)
		if (span_eq(m->shown[i], l))
			return 1;
	if (!add)
		return 0;
	if (m->nshown == m->capshown) {
		size_t cap = m->capshown ? 2 * m->capshown : 16;
		span *v = realloc(m->shown, cap * sizeof *v);

		if (!v) {
			m->failed = 1;
			return 0;
		}
		m->shown = v;
		m->capshown = cap;
	}
	m->shown[m->nshown++] = l;
	return 0;
}

/* What a node shows as: the label given where it is named, else the one
 * its id goes by. */
static span mermaid_shown(mermaid *m, const mnode *o)
{
	struct mermaid_id *r;

	if (o->labelled)
		return o->label;
	r = mermaid_id(m, o);
	return r ? r->label : o->id;
}

/* An arrow at s[*i] ("-->", "---", "-.->", "==>", "--o", with a
 * "|text|" after it, which goes to *text): skipped, nonzero; otherwise
 * 0. */
static int mermaid_arrow(const char *s, size_t n, size_t *i, span *text)
{
	size_t k = *i;

	*text = (span){s, 0};
	while (k < n && (s[k] == ' ' || s[k] == '\t'))
		k++;
	if (k + 1 >= n || (s[k] != '-' && s[k] != '=') || !s[k + 1] ||
	    !strchr("-=.>", s[k + 1]))
		return 0;
	while (k < n && s[k] && strchr("-=>.ox", s[k]))
		k++;
	if (k < n && s[k] == '|') {
		size_t a = k + 1, e = a;

		while (e < n && s[e] != '|' && s[e] != '\n')
			e++;
		if (e < n && s[e] == '|') { /* (an unclosed one is none) */
			*text = (span){s + a, e - a};
			k = e + 1;
		}
	}
	*i = k;
	return 1;
}

/* Does c end a statement or a word? */
static int mermaid_gap(char c)
{
	return c && strchr(" \t\n;", c);
}

/* Is s[i..] the word w, followed by a gap or the end? */
static int mermaid_word(const char *s, size_t n, size_t i, const char *w)
{
	size_t k = strlen(w);

	return n - i >= k && memcmp(s + i, w, k) == 0 &&
	       (i + k == n || mermaid_gap(s[i + k]));
}

/* One line of the diagram's text, wrapped with a hanging indent. */
static void mermaid_line(ctx *x, const span *parts, size_t nparts,
			 int left)
{
	sbuf b = sb_take(x);

	for (size_t k = 0; k < nparts; k++)
		sb_text(x, &b, parts[k].p, parts[k].n, 0);
	wrap(x, &b, left, left + 2, CYAN);
	sb_give(x, &b);
}

/* Walks the statements: nodes, and edges ("a[A] --> b[B] --> c",
 * chained). Each statement usually has its line or ends at a ";", but
 * a file whose newlines were lost has them one after the other with
 * spaces between: a statement is then what a node, and any arrows and
 * nodes after it, make. A "graph TD" (or "flowchart LR") header is
 * skipped. Three walks: the labels each id goes by (pass 0), the labels
 * the edges show (1), then (2) each edge as a line and each label a
 * node is given alone ("a[Alone]") that no edge shows as a line of its
 * own: no label is left out, none is said twice. Returns the number of
 * lines of pass 2. */
static int mermaid_walk(ctx *x, mermaid *m, const char *s, size_t n,
			int pass)
{
	static const span arrow = {" \xE2\x86\x92 ", 5}, open = {" (", 2},
			  close = {")", 1};
	size_t i = 0;
	int said = 0;

	while (i < n && mermaid_gap(s[i]))
		i++;
	if (mermaid_word(s, n, i, "graph") ||
	    mermaid_word(s, n, i, "flowchart")) {
		while (i < n && s[i] && !mermaid_gap(s[i]))
			i++;
		while (i < n && (s[i] == ' ' || s[i] == '\t'))
			i++;
		/* the direction: TD, TB, BT, RL, LR */
		if (n - i >= 2 && s[i] && strchr("TBRL", s[i]) && s[i + 1] &&
		    strchr("DBTLR", s[i + 1]) &&
		    (i + 2 == n || mermaid_gap(s[i + 2])))
			i += 2;
	}
	while (i < n) {
		mnode from, to;
		span text;
		size_t at;
		int edges = 0;

		while (i < n && (mermaid_gap(s[i]) || !s[i]))
			i++;
		if (i >= n)
			break;
		at = i;
		if (!mermaid_node(s, n, &i, &from)) {
			i += i == at; /* a stray "-", "[x]" ...: skipped */
			continue;
		}
		for (;;) {
			size_t back = i;

			/* an arrow to no node is no arrow: its characters,
			 * and any text between its bars, are read again as
			 * what they are */
			if (!mermaid_arrow(s, n, &i, &text) ||
			    !mermaid_node(s, n, &i, &to)) {
				i = back;
				break;
			}
			if (pass == 0) {
				mermaid_met(m, &from);
				mermaid_met(m, &to);
			} else {
				span a = mermaid_shown(m, &from),
				     b = mermaid_shown(m, &to);
				span p[6] = {a, arrow, b, open, text, close};

				if (pass == 1) {
					mermaid_seen(m, a, 1);
					mermaid_seen(m, b, 1);
				} else {
					mermaid_line(x, p, text.n ? 6 : 3,
						     m->left);
					said++;
				}
			}
			edges++;
			from = to;
		}
		if (edges)
			continue;
		if (pass == 0)
			mermaid_met(m, &from);
		else if (pass == 2 && from.labelled &&
			 !mermaid_seen(m, from.label, 1)) {
			mermaid_line(x, &from.label, 1, m->left);
			said++;
		}
	}
	return said;
}

/* Three walks over the statements (mermaid_walk). A diagram with nothing
 * to show (styling only, or a kind this does not read) says "[diagram]"
 * rather than nothing. */
static void diagram(ctx *x, const doc_node *n, int left)
{
	const char *s = n->text ? n->text : "";
	mermaid m = {.left = left};

	mermaid_walk(x, &m, s, n->len, 0);
	mermaid_walk(x, &m, s, n->len, 1);
	if (m.failed || mermaid_walk(x, &m, s, n->len, 2) == 0) {
		static const span none = {"[diagram]", 9};

		mermaid_line(x, &none, 1, left);
	}
	if (m.failed)
		x->failed = 1;
	free(m.v);
	free(m.shown);
}

/*** Pictures ***/

static void note(ctx *x, const char *fmt, ...)
#if defined(__GNUC__) || defined(__clang__)
	__attribute__((format(printf, 2, 3)))
#endif
	;

static void note(ctx *x, const char *fmt, ...)
{
	lay_site *s = x->site;
	va_list ap;
	char buf[512];

	va_start(ap, fmt);
	vsnprintf(buf, sizeof buf, fmt, ap);
	va_end(ap);
	if (grow((void **)&s->notes, &x->notes_cap, s->nnotes + 1,
		 sizeof *s->notes) < 0 ||
	    !(s->notes[s->nnotes] = strdup(buf))) {
		x->failed = 1;
		return;
	}
	s->nnotes++;
}

/* The picture's path: relative to the folder of the entry's file. */
static void picture_path(const ctx *x, const char *url, char *out,
			 size_t cap)
{
	const char *file = x->entry ? x->entry->file : NULL;
	const char *slash = file ? strrchr(file, '/') : NULL;

	if (url[0] == '/' || (!slash && !x->opt->base))
		snprintf(out, cap, "%s", url);
	else if (slash)
		snprintf(out, cap, "%.*s/%s", (int)(slash - file), file, url);
	else
		snprintf(out, cap, "%s/%s", x->opt->base, url);
}

static void picture_missing(ctx *x, const doc_node *n, const char *why,
			    int left)
{
	const char *name = n->url ? n->url : "?";
	const char *base = strrchr(name, '/');
	char text[300];
	sbuf b = sb_take(x);

	snprintf(text, sizeof text, "[image: %s]", base ? base + 1 : name);
	sb_text(x, &b, text, strlen(text), ST_CODE);
	if (n->text && n->len) {
		sb_put(x, &b, ' ', 0);
		sb_text(x, &b, n->text, n->len, 0);
	}
	wrap(x, &b, left, left, GREEN);
	sb_give(x, &b);
	note(x, "%s:%d:%d: %s: %s", x->entry && x->entry->file ?
	     x->entry->file : "?", n->line, n->col, why, name);
}

/* A picture, centred in the PIC_COLS columns from `left` (fewer when
 * they pass RIGHT), its caption centred below it. */
static void picture(ctx *x, const doc_node *n, int left)
{
	vtx_cell cells[PIC_COLS * PIC_ROWS];
	char path[4096];
	int cols = 0, rows = 0, ret, group = ++x->groups;
	int room = RIGHT - left + 1 < PIC_COLS ? RIGHT - left + 1 : PIC_COLS;

	if (!n->url || !*n->url || strstr(n->url, "://")) {
		picture_missing(x, n, "image not on disk", left);
		return;
	}
	picture_path(x, n->url, path, sizeof path);
	ret = pic_mosaic(path, room, PIC_ROWS, cells, &cols, &rows);
	if (ret < 0) {
		char big[64];

		snprintf(big, sizeof big, "image too large (over %.0f "
			 "megapixels)", PIC_MAX_PIXELS / 1e6);
		picture_missing(x, n,
				ret == -ENOENT	 ? "image not found"
				: ret == -EINVAL ? "not a picture"
				: ret == -EFBIG	 ? big
						 : strerror(-ret),
				left);
		return;
	}
	for (int r = 0; r < rows; r++) {
		line *l = new_line(x);
		int c0 = left + (room - cols) / 2;

		if (!l)
			return;
		l->group = group;
		for (int c = 0; c < cols; c++)
			l->c[c0 + c] = cells[r * cols + c];
	}
	if (n->text && n->len) { /* the caption, centred below */
		sbuf b = sb_take(x);
		size_t k;
		int start;

		sb_text(x, &b, n->text, n->len, 0);
		k = b.n;
		start = k < (size_t)(RIGHT - left + 1) ?
				left + (int)((RIGHT - left + 1 - k) / 2) :
				left;
		wrap(x, &b, start, left, CYAN);
		if (x->body.n > 0)
			x->body.v[x->body.n - 1].group = group;
		sb_give(x, &b);
	}
}

/*** The block dispatcher ***/

static void quote(ctx *x, const doc_node *n, int left)
{
	size_t before = x->body.n;
	/* Past DEEPEST a quote takes no more room: no bar of its own (it
	 * would be drawn over its text). */
	int bar = left + 2 <= DEEPEST;

	for (const doc_node *c = n->first_child; c; c = c->next)
		block(x, c, bar ? left + 2 : left);
	if (!bar)
		return;
	for (size_t i = before; i < x->body.n; i++)
		if (!x->body.v[i].blank)
			x->body.v[i].c[left] = alpha(0x258F, CYAN, 0);
}

static void rule(ctx *x, int left)
{
	line *l = new_line(x);

	for (int c = left; l && c <= RIGHT; c++)
		l->c[c] = mosaic(4 | 8, CYAN, BLACK); /* middle third */
}

/*** Tables ***/

#define TABLE_COLS 20 /* a column and the gap after it take two cells */
#define TABLE_GAP 2   /* spaces between two columns */

/* A table's cells, each converted once (txt_convert counts what it
 * replaces): cell i is all.ch[end[i - 1] .. end[i]), row by row. */
typedef struct cells {
	sbuf all;
	size_t *end;
	size_t n, cap;
} cells;

/* Collects the cells of table n; the header row's white (as strong
 * text), a line break in a cell a space. 0 when the table holds
 * something else than rows of cells (a parser past its depth). */
static int table_cells(ctx *x, const doc_node *n, cells *t)
{
	for (const doc_node *r = n->first_child; r; r = r->next) {
		if (r->type != DOC_NODE_ROW)
			return 0;
		for (const doc_node *c = r->first_child; c; c = c->next) {
			size_t from = t->all.n;

			if (c->type != DOC_NODE_CELL ||
			    grow((void **)&t->end, &t->cap, t->n + 1,
				 sizeof *t->end) < 0)
				return 0;
			collect_children(x, c, r->level ? ST_STRONG : 0,
					 &t->all, 0);
			for (size_t i = from; t->all.breaks && i < t->all.n;
			     i++)
				if (t->all.ch[i] == '\n')
					t->all.ch[i] = ' ';
			t->all.breaks = 0;
			t->end[t->n++] = t->all.n;
		}
	}
	return !x->failed;
}

/* The widths of the columns (the widest cell of each) in width[];
 * returns their number, 0 when there are more than TABLE_COLS. */
static int table_columns(const doc_node *n, const cells *t, int *width)
{
	size_t i = 0;
	int ncols = 0;

	for (const doc_node *r = n->first_child; r; r = r->next) {
		int k = 0;

		for (const doc_node *c = r->first_child; c; c = c->next, k++) {
			size_t w = t->end[i] - (i ? t->end[i - 1] : 0);

			i++;
			if (k == TABLE_COLS)
				return 0;
			if (k == ncols)
				width[ncols++] = 0;
			if (w > (size_t)width[k])
				width[k] = w > INT_MAX ? INT_MAX : (int)w;
		}
	}
	return ncols;
}

/* How a table is shown (table_form). */
enum { TABLE_JOINED, TABLE_SIDE_BY_SIDE, TABLE_LAST_WRAPPED };

/* The columns side by side, TABLE_GAP apart, when they fit in `room`
 * cells; else, when all but the last leave it TABLE_LAST_MIN cells at
 * least, those side by side and the last wrapped in what they leave
 * (a term and its description, a command and what it does: the common
 * table that is too wide); else a row a paragraph, cells joined. */
#define TABLE_LAST_MIN 16
static int table_form(const int *width, int ncols, int room, int *fixed)
{
	long all_but_last = 0; /* (columns and gaps) */

	*fixed = 0;
	if (ncols == 0)
		return TABLE_JOINED;
	for (int k = 0; k + 1 < ncols; k++)
		all_but_last += width[k] + TABLE_GAP;
	if (all_but_last + width[ncols - 1] <= room)
		return TABLE_SIDE_BY_SIDE;
	if (ncols == 1 || all_but_last + TABLE_LAST_MIN > room)
		return TABLE_JOINED;
	*fixed = (int)all_but_last;
	return TABLE_LAST_WRAPPED;
}

/* Emits the last cell of a TABLE_LAST_WRAPPED row, characters at ..
 * at + n - 1 of `cell`, in lines of `room` cells `lead` cells right of
 * column `left`: the first after what `out` holds (the other cells), the
 * others under it. */
static void table_wrap_last(ctx *x, sbuf *out, const sbuf *cell, size_t at,
			    size_t n, int left, size_t lead, int room)
{
	const uint32_t *ch = n ? cell->ch + at : NULL; /* (n 0: no buffer) */
	size_t i = 0;

	do {
		size_t lim, end;

		while (i < n && ch[i] == ' ')
			i++;
		lim = n - i > (size_t)room ? i + (size_t)room : n;
		end = i < n ? line_end(ch, i, lim, n) : n;
		while (end > i && ch[end - 1] == ' ')
			end--;
		while (out->n < lead && !x->failed)
			sb_put(x, out, ' ', 0);
		sb_copy(x, out, cell, at + i, end - i);
		if (x->failed)
			return;
		emit_line(x, out->ch, out->st, out->n, left, left, GREEN);
		out->n = 0;
		i = end;
	} while (i < n);
}

/* A table: its columns side by side when they fit the line, each cell
 * where its alignment puts it, the header row white and kept with the
 * row under it (as a heading is); or the last column wrapped beside
 * the others; or each row a paragraph of its cells joined by " | ", a
 * blank line apart (table_form). */
static void table(ctx *x, const doc_node *n, int left)
{
	int width[TABLE_COLS], ncols = 0, form, fixed;
	int room = RIGHT - left + 1;
	cells t = {.all = sb_take(x)};
	sbuf out = {0};
	size_t i = 0;

	if (!table_cells(x, n, &t)) { /* as any container */
		for (const doc_node *c = n->first_child; c; c = c->next)
			block(x, c, left);
		goto done;
	}
	ncols = table_columns(n, &t, width);
	form = table_form(width, ncols, room, &fixed);
	for (const doc_node *r = n->first_child; r; r = r->next) {
		size_t at = x->body.n, spaces = 0; /* owed before a cell */
		size_t flast = 0, nlast = 0; /* the wrapped cell, in t.all */
		int k = 0;

		out.n = out.breaks = 0;
		for (const doc_node *c = r->first_child; c; c = c->next, k++) {
			size_t from = i ? t.end[i - 1] : 0, w = t.end[i++] - from;
			size_t extra = form ? (size_t)width[k] - w : 0;
			size_t before = c->level == DOC_ALIGN_RIGHT    ? extra
					: c->level == DOC_ALIGN_CENTER ? extra / 2
								       : 0;

			if (form == TABLE_LAST_WRAPPED && k == ncols - 1) {
				flast = from;
				nlast = w;
				continue;
			}
			if (k > 0 && form)
				spaces += TABLE_GAP;
			else if (k > 0)
				sb_text(x, &out, " | ", 3, 0);
			spaces += before;
			if (!sb_room(x, &out, out.n + spaces + w))
				goto done;
			for (; spaces > 0; spaces--)
				sb_put(x, &out, ' ', 0);
			sb_copy(x, &out, &t.all, from, w);
			spaces = extra - before;
		}
		if (form == TABLE_LAST_WRAPPED) {
			table_wrap_last(x, &out, &t.all, flast, nlast, left,
					(size_t)fixed, room - fixed);
		} else if (form) {
			emit_line(x, out.ch, out.st, out.n, left, left, GREEN);
		} else {
			wrap(x, &out, left, left, GREEN);
			if (r->next)
				blank_line(x);
		}
		for (size_t j = at; r->level && j < x->body.n; j++)
			x->body.v[j].keep_next = 1;
	}
done:
	sb_give(x, &t.all);
	free(t.end);
	sb_free(&out);
}

static void block(ctx *x, const doc_node *n, int left)
{
	if (x->failed)
		return;
	if (left > DEEPEST)
		left = DEEPEST;
	if (doc_is_inline(n->type)) { /* stray inline content */
		paragraph(x, n->parent ? n->parent : n, left, left, 0, GREEN);
		return;
	}
	switch (n->type) {
	case DOC_NODE_HEADING:
		heading(x, n, left);
		break;
	case DOC_NODE_PARAGRAPH:
		paragraph(x, n, left, left, 0, GREEN);
		break;
	case DOC_NODE_LIST:
		list(x, n, left);
		break;
	case DOC_NODE_ITEM:
		paragraph(x, n, left, left, 0, GREEN);
		break;
	case DOC_NODE_CODE:
		code(x, n->text ? n->text : "", n->len, left);
		break;
	case DOC_NODE_DIAGRAM:
		diagram(x, n, left);
		break;
	case DOC_NODE_IMAGE:
		picture(x, n, left);
		break;
	case DOC_NODE_QUOTE:
		quote(x, n, left);
		break;
	case DOC_NODE_RULE:
		rule(x, left);
		break;
	case DOC_NODE_TABLE:
		table(x, n, left);
		break;
	case DOC_NODE_CELL: /* (only in a table's row) its text */
		paragraph(x, n, left, left, 0, GREEN);
		break;
	default: /* ENTRY, DOCUMENT (a ROW only in a table): their blocks */
		for (const doc_node *c = n->first_child; c; c = c->next)
			block(x, c, left);
		break;
	}
	blank_line(x);
}

/* Body lines of one entry; inline content directly under the entry (a
 * parser may leave some) becomes one paragraph per run. */
static void entry_body(ctx *x, const doc_node *e)
{
	x->body.n = 0;
	x->entry = e;
	for (const doc_node *c = e->first_child; c; c = c->next) {
		if (doc_is_inline(c->type)) {
			sbuf b = sb_take(x);

			for (; c && doc_is_inline(c->type); c = c->next)
				collect(x, c, 0, &b, 0);
			wrap(x, &b, LEFT, LEFT, GREEN);
			sb_give(x, &b);
			blank_line(x);
			if (!c)
				break;
		}
		block(x, c, LEFT);
	}
	while (x->body.n > 0 && x->body.v[x->body.n - 1].blank)
		x->body.n--;
}

/*** Pagination ***/

/* Where the page after the one showing lines i..j-1 begins, in half
 * steps: half a body above this page's last line, so that the lower half
 * of what it shows moves up and the rest is new. At 1200 baud a body of
 * text takes some 6 s to draw, half of it 3 s: the reader has new text
 * twice as soon, with the lines read last still in view above it, and
 * the terminal is sent the new lines only (the delta moves the others up
 * with CSI row deletes and inserts, videotex/encode.c). Fewer lines come
 * in, never more: the page does not begin with a blank line (it would be
 * skipped, and one more line come in), and the last page ends at the
 * foot of the body, moved up by just the lines still to come. Pictures
 * scroll like text, but one that begins below the top of this page
 * begins the next one, so that a page shows it whole when it fits; a
 * heading goes along with the line under it. */
static size_t half_step(const line *v, size_t n, size_t i, size_t j)
{
	size_t next = j - i > BODY_ROWS / 2 ? j - BODY_ROWS / 2 : j;

	if (n - j < BODY_ROWS / 2 && n >= BODY_ROWS && n - BODY_ROWS > i &&
	    n - BODY_ROWS < next)
		return n - BODY_ROWS; /* the last page: as it is, to the end */
	if (next >= j)
		return j;
	if (v[next].blank && next - 1 > i)
		next--;
	if (v[next].group) {
		size_t g = next, k = next;

		while (g > i && v[g - 1].group == v[next].group)
			g--;
		while (k < n && v[k].group == v[next].group)
			k++;
		if (g > i && k - g <= BODY_ROWS)
			next = g;
	}
	if (next - 1 > i && v[next - 1].keep_next)
		next--;
	return next;
}

/* Splits x->body into pages: the index of the first line of each page
 * goes to starts[], of the line after its last to ends[] (at most `cap`
 * of each); returns the number of pages (at least 1). Blank lines at the
 * top of a page are skipped and a heading is not left as the last lines
 * of a page. Each page begins halfway down the one before (half_step);
 * with lay_options.whole_pages, where the one before ended, and a
 * picture that fits on one page is then not cut. */
static size_t paginate(const ctx *x, size_t *starts, size_t *ends,
		       size_t cap)
{
	size_t np = 0, i = 0, n = x->body.n;
	const line *v = x->body.v;
	int half = !(x->opt && x->opt->whole_pages);

	while (i < n || np == 0) {
		size_t used = 0, j;

		while (i < n && v[i].blank)
			i++;
		for (j = i; j < n && used < BODY_ROWS; j++, used++) {
			size_t g = j, k = j;

			/* A whole picture or nothing; in half steps, a
			 * picture cut here begins the next page. */
			if (v[j].group && !half) {
				while (k < n && v[k].group == v[j].group)
					k++;
				if (k - g <= BODY_ROWS && used + (k - g) >
				    BODY_ROWS && used > 0)
					break;
			}
			if (v[j].keep_next && used + 2 >= BODY_ROWS &&
			    used > 0 && j + 1 < n)
				break;
		}
		if (np < cap) {
			starts[np] = i;
			ends[np] = j;
		}
		np++;
		if (j >= n)
			break;
		i = half ? half_step(v, n, i, j) : j;
	}
	return np;
}

/*** The frame: status row, header band, rule, keys ***/

/* Row 0: every cell written (alpha), so a page drawn after another one
 * leaves nothing of the old status row. Columns 36-39 are the terminal's
 * own indicators (videotex.md §2): left blank. */
static void status_row(ctx *x, vtx_screen *s, const char *left,
		       const char *right)
{
	size_t k;
	int col;

	for (int c = 0; c < VTX_COLS; c++)
		s->cells[0][c] = alpha(' ', WHITE, 0);
	k = convert(x, right, strlen(right));
	col = 35 - (int)k + 1;
	if (col < 1)
		col = 1;
	put_chars(s->cells[0], col, x->tmp, k, CYAN, 35);
	k = convert(x, left, strlen(left));
	k = col > 2 ? cut_line(x->tmp, k, (size_t)(col - 2)) : 0;
	put_chars(s->cells[0], 1, x->tmp, k, WHITE, col - 2);
}

/* Rows 1-3: a blue mosaic band with the title in large mosaic letters;
 * a title too wide for them is written in double height on the band
 * instead (rows 2-3, videotex.md §4: never on rows 0-1). */
static void header_band(ctx *x, vtx_screen *s, const char *title)
{
	enum { W = 2 * VTX_COLS, H = 3 * BAND_ROWS };
	uint8_t bits[W * H];
	size_t tlen = strlen(title);
	int w = font_width(title, tlen);

	memset(bits, 0, sizeof bits);
	if (w > 0 && w <= W - 4)
		font_draw(title, tlen, bits, W, H, (W - w) / 2, 2);
	for (int r = 0; r < BAND_ROWS; r++) {
		/* A cell's 2 x 3 sub-pixels are bits 0-1, 2-3 and 4-5 of
		 * its mask (1 2 / 4 8 / 16 32); font_draw inks with 1, so
		 * each sub-pixel is shifted in place, not tested. */
		const uint8_t *b0 = bits + (size_t)r * 3 * W;
		const uint8_t *b1 = b0 + W, *b2 = b1 + W;

		for (int c = 0; c < VTX_COLS; c++) {
			const int l = 2 * c, rt = l + 1;
			unsigned m = (unsigned)(b0[l] | b0[rt] << 1 | b1[l] << 2 |
						b1[rt] << 3 | b2[l] << 4 |
						b2[rt] << 5);

			s->cells[BAND_FIRST + r][c] = mosaic(m, WHITE, BLUE);
		}
	}
	for (int c = 0; c < VTX_COLS; c++)
		s->cells[RULE_ROW][c] = mosaic(1 | 2, BLUE, BLACK);
	if (w > 0 && w <= W - 4)
		return;
	/* Double height: the lower half on row 3, the upper on row 2. */
	{
		/* (convert first: it may move x->tmp) */
		size_t k = convert(x, title, tlen);
		int col;

		k = cut_line(x->tmp, k, (size_t)(RIGHT - LEFT));
		col = (VTX_COLS - (int)k) / 2;
		for (size_t i = 0; i < k; i++) {
			vtx_cell c = alpha(x->tmp[i], WHITE, 0);

			c.height = 2;
			c.part_y = 0;
			s->cells[2][col + (int)i] = c;
			c.part_y = 1;
			s->cells[3][col + (int)i] = c;
		}
	}
}

/* Row 24: the keys the page answers to, in inverse video. */
static void key_row(ctx *x, vtx_screen *s, const lay_page_info *p,
		    const char *lead)
{
	const char *keys[3];
	int nk = 0, col = LEFT;
	size_t k;

	if (p->suite != LAY_NONE)
		keys[nk++] = "SUITE";
	if (p->retour != LAY_NONE)
		keys[nk++] = "RETOUR";
	if (p->index != p->sommaire || p->entry != LAY_NONE)
		keys[nk++] = "SOMMAIRE";
	k = convert(x, lead, strlen(lead));
	col = put_chars(s->cells[NAV_ROW], col, x->tmp, k, WHITE, RIGHT);
	for (int i = 0; i < nk; i++) {
		size_t len = strlen(keys[i]);

		col += 1;
		if (col + (int)len + 2 > RIGHT + 1)
			break;
		s->cells[NAV_ROW][col++] = alpha(' ', WHITE, VTX_ATTR_INVERT);
		for (size_t j = 0; j < len; j++)
			s->cells[NAV_ROW][col++] = alpha(
				(unsigned char)keys[i][j], WHITE,
				VTX_ATTR_INVERT);
		s->cells[NAV_ROW][col++] = alpha(' ', WHITE, VTX_ATTR_INVERT);
	}
}

static void date_text(const char *date, char *out, size_t cap)
{
	/* "YYYY-MM-DD" -> "DD/MM/YYYY" */
	if (date && strlen(date) == 10)
		snprintf(out, cap, "%.2s/%.2s/%.4s", date + 8, date + 5, date);
	else
		snprintf(out, cap, "%s", date ? date : "");
}

/*** Pages ***/

static int add_page(ctx *x, const lay_page_info *p)
{
	lay_site *s = x->site;

	if (grow((void **)&s->pages, &x->pages_cap, (size_t)p->index + 1,
		 sizeof *s->pages) < 0)
		return -ENOMEM;
	s->pages[p->index] = *p;
	return 0;
}

static const char *entry_title(const doc_node *e)
{
	if (e->title && *e->title)
		return e->title;
	if (e->date)
		return e->date;
	return "Sans titre";
}

/* Writes the decimal digits of v at out; returns the end. */
static char *put_number(char *out, size_t v)
{
	char d[24];
	int n = 0;

	do {
		d[n++] = (char)('0' + v % 10);
		v /= 10;
	} while (v);
	while (n > 0)
		*out++ = d[--n];
	return out;
}

/* "page p/np" into out (at least 48 bytes), as snprintf "page %zu/%zu"
 * would write it: twice a page, where snprintf was a good part of the
 * frame's cost. */
static void page_of(char out[48], size_t p, size_t np)
{
	char *o = out;

	memcpy(o, "page ", 5);
	o = put_number(o + 5, p);
	*o++ = '/';
	o = put_number(o, np);
	*o = 0;
}

/* The pages of entry i of the site (le: its record), the first of them
 * numbered `first`. */
static int entry_pages(ctx *x, lay_entry *le, int i, int first,
		       int last_entry, lay_page_cb cb, void *user)
{
	size_t *starts = malloc(2 * (x->body.n + 1) * sizeof *starts);
	size_t *ends, np;
	char left[160], date[32], right[64];
	vtx_cell band[RULE_ROW - BAND_FIRST + 1][VTX_COLS];
	int ret = 0;

	if (!starts)
		return -ENOMEM;
	ends = starts + x->body.n + 1;
	np = paginate(x, starts, ends, x->body.n + 1);
	le->first_page = first;
	le->npages = (int)np;
	date_text(le->date, date, sizeof date);
	snprintf(left, sizeof left, "%s%s%s", x->site->title,
		 *date ? " - " : "", date);
	for (size_t p = 0; p < np && ret == 0; p++) {
		vtx_screen *scr = x->scr;
		lay_page_info info = {
			.index = first + (int)p,
			.entry = i,
			.number = (int)p + 1,
			.count = (int)np,
			.sommaire = i / SOMMAIRE_ROWS,
		};
		size_t end = ends[p];
		size_t shown = end - starts[p] < BODY_ROWS ? end - starts[p]
							    : BODY_ROWS;
		int row = LAY_BODY_FIRST;

		info.suite = (last_entry && p + 1 == np) ? LAY_NONE
							   : info.index + 1;
		info.retour = p > 0 ? info.index - 1 : info.sommaire;
		/* (rows 0-4 are written whole on every page: the status
		 * row, the band; so are the body rows that show lines,
		 * copied below: the rows after them are cleared) */
		vtx_screen_init_rows(scr,
				     p == 0 ? 0 : LAY_BODY_FIRST + (int)shown,
				     VTX_ROWS - 1);
		page_of(right, p + 1, np); /* "page 2/5" */
		status_row(x, scr, left, right);
		/* The band is the same on every page of the entry: drawn
		 * once, copied after. */
		if (p == 0) {
			header_band(x, scr, le->title);
			memcpy(band, scr->cells[BAND_FIRST], sizeof band);
		} else {
			memcpy(scr->cells[BAND_FIRST], band, sizeof band);
		}
		for (size_t l = starts[p]; l < end && row <= LAY_BODY_LAST;
		     l++, row++)
			memcpy(scr->cells[row], x->body.v[l].c,
			       sizeof scr->cells[row]);
		key_row(x, scr, &info, right + 5); /* "2/5" */
		if ((ret = add_page(x, &info)) == 0)
			ret = cb(scr, &info, user);
	}
	free(starts);
	return ret;
}

static void sommaire_line(ctx *x, vtx_screen *s, int row, int number,
			  const lay_entry *e)
{
	char num[16], date[32];
	int n = snprintf(num, sizeof num, "%3d", number), col = LEFT, last;
	size_t k;

	s->cells[row][col++] = alpha(' ', WHITE, VTX_ATTR_INVERT);
	for (int i = 0; i < n; i++)
		s->cells[row][col++] = alpha((unsigned char)num[i], WHITE,
					     VTX_ATTR_INVERT);
	s->cells[row][col++] = alpha(' ', WHITE, VTX_ATTR_INVERT);
	col++;
	date_text(e->date, date, sizeof date);
	k = convert(x, e->title, strlen(e->title));
	last = *date ? RIGHT - 11 : RIGHT;
	k = cut_line(x->tmp, k, (size_t)last - (size_t)col + 1);
	put_chars(s->cells[row], col, x->tmp, k, GREEN, last);
	if (*date) {
		k = convert(x, date, strlen(date));
		put_chars(s->cells[row], RIGHT + 1 - (int)k, x->tmp, k,
			  MAGENTA, RIGHT);
	}
}

static int sommaire_pages(ctx *x, int npages, lay_page_cb cb, void *user)
{
	lay_site *site = x->site;
	char right[64];
	int ret = 0;

	for (int k = 0; k < npages && ret == 0; k++) {
		vtx_screen *scr = x->scr;
		lay_page_info info = {
			.index = k,
			.entry = LAY_NONE,
			.number = k + 1,
			.count = npages,
			.suite = k + 1 < npages ? k + 1 : LAY_NONE,
			.retour = k > 0 ? k - 1 : LAY_NONE,
			.sommaire = k,
			.first_choice = k * SOMMAIRE_ROWS + 1,
		};
		const char *prompt = "Tapez un num\xC3\xA9ro puis ENVOI";
		size_t n;

		info.nchoices = (int)site->nentries - k * SOMMAIRE_ROWS;
		if (info.nchoices > SOMMAIRE_ROWS)
			info.nchoices = SOMMAIRE_ROWS;
		if (info.nchoices < 0)
			info.nchoices = 0;
		vtx_screen_init(scr);
		snprintf(right, sizeof right, "sommaire %d/%d", k + 1, npages);
		status_row(x, scr, site->title, right);
		header_band(x, scr, site->title);
		for (int i = 0; i < info.nchoices; i++)
			sommaire_line(x, scr, LAY_BODY_FIRST + i,
				      info.first_choice + i,
				      &site->entries[info.first_choice - 1 + i]);
		if (site->nentries == 0)
			prompt = "Aucune note.";
		n = convert(x, prompt, strlen(prompt));
		put_chars(scr->cells[LAY_BODY_LAST], LEFT, x->tmp, n, WHITE,
			  RIGHT);
		snprintf(right, sizeof right, "%d/%d", k + 1, npages);
		key_row(x, scr, &info, right);
		if ((ret = add_page(x, &info)) == 0)
			ret = cb(scr, &info, user);
	}
	return ret;
}

/*** The site ***/

typedef struct file_count {
	const char *file;
	size_t count;
	uint32_t ex[TXT_EXAMPLES];
	size_t nex;
} file_count;

/* Reports, once per file, the characters that had no Minitel form. */
static void file_flush(ctx *x, file_count *fc)
{
	char list[TXT_EXAMPLES * 10 + 8];
	size_t at = 0;

	if (fc->count == 0)
		return;
	for (size_t i = 0; i < fc->nex; i++)
		at += (size_t)snprintf(list + at, sizeof list - at, "%sU+%04X",
				       i ? " " : "", (unsigned)fc->ex[i]);
	if (fc->count > fc->nex)
		snprintf(list + at, sizeof list - at, " ...");
	note(x, "%s: %zu character%s had no Minitel form (%s)",
	     fc->file ? fc->file : "?", fc->count, fc->count > 1 ? "s" : "",
	     list);
	x->site->replaced += fc->count;
	fc->count = fc->nex = 0;
}

/* Before an entry of `file` is laid out: the file before it, if another,
 * is reported (its note then follows the notes its own entries made). */
static void file_enter(ctx *x, file_count *fc, const char *file)
{
	if (fc->file != file && (!fc->file || !file ||
				 strcmp(fc->file, file) != 0)) {
		file_flush(x, fc);
		fc->file = file;
	}
}

/* After it: what it replaced is counted to its file. */
static void file_add(ctx *x, file_count *fc)
{
	uint32_t ex[TXT_EXAMPLES];
	size_t nex = 0, n = txt_replaced(x->conv, ex, &nex);

	fc->count += n;
	for (size_t i = 0; i < nex && fc->nex < TXT_EXAMPLES; i++) {
		size_t j = 0;

		while (j < fc->nex && fc->ex[j] != ex[i])
			j++;
		if (j == fc->nex)
			fc->ex[fc->nex++] = ex[i];
	}
}

/* One entry's record in the site: its strings copied, as the doc they
 * come from may be freed before the site is. */
static int site_entry(lay_site *s, size_t *cap, const doc_node *e)
{
	lay_entry *le;

	if (grow((void **)&s->entries, cap, s->nentries + 1,
		 sizeof *s->entries) < 0)
		return -ENOMEM;
	le = &s->entries[s->nentries++]; /* freed by lay_site_free */
	memset(le, 0, sizeof *le);
	le->title = strdup(entry_title(e));
	le->date = e->date ? strdup(e->date) : NULL;
	le->file = e->file ? strdup(e->file) : NULL;
	if (!le->title || (e->date && !le->date) || (e->file && !le->file))
		return -ENOMEM;
	return 0;
}

struct lay_stream {
	ctx x;
	lay_page_cb cb;
	void *user;
	size_t nentries;   /* promised to lay_begin */
	/* A part (lay_part_begin): the site's index of its first entry; its
	 * pages are numbered from 0 until lay_join. 0 for a whole stream. */
	size_t entry0;
	size_t entries_cap;
	int nsom;          /* sommaire pages */
	int next;          /* index of the next entry page */
	file_count fc;
	int err;           /* the first error, kept */
};

int lay_begin(const lay_options *opt, size_t nentries, lay_page_cb cb,
	      void *user, lay_stream **out)
{
	lay_stream *ls = calloc(1, sizeof *ls);
	ctx *x;

	*out = NULL;
	if (!ls)
		return -ENOMEM;
	x = &ls->x;
	x->opt = opt;
	x->site = calloc(1, sizeof *x->site);
	x->conv = txt_conv_new();
	x->scr = malloc(sizeof *x->scr);
	/* Every body line starts as a copy of this one (one copy rather
	 * than forty cells made a line). */
	for (int c = 0; c < VTX_COLS; c++)
		x->blank.c[c] = vtx_cell_blank();
	ls->cb = cb;
	ls->user = user;
	ls->nentries = nentries;
	ls->nsom = nentries ? (int)((nentries + SOMMAIRE_ROWS - 1) /
				    SOMMAIRE_ROWS)
			    : 1;
	ls->next = ls->nsom;
	if (x->site)
		x->site->title = strdup(opt && opt->title ? opt->title
							  : "Notes");
	if (!x->site || !x->conv || !x->scr || !x->site->title) {
		ls->err = -ENOMEM;
		lay_end(ls, NULL);
		return -ENOMEM;
	}
	txt_set_vgp2(x->conv, opt && opt->vgp2);
	*out = ls;
	return 0;
}

int lay_add(lay_stream *ls, const doc *d)
{
	ctx *x = &ls->x;
	lay_site *s = x->site;

	for (const doc_node *e = doc_root(d)->first_child; e && !ls->err;
	     e = e->next) {
		size_t i = ls->entry0 + s->nentries;
		lay_entry *le;

		if (e->type != DOC_NODE_ENTRY)
			continue;
		if (i >= ls->nentries) {
			ls->err = -ESTALE; /* more entries than promised */
			break;
		}
		if (site_entry(s, &ls->entries_cap, e) < 0) {
			ls->err = -ENOMEM;
			break;
		}
		le = &s->entries[s->nentries - 1];
		txt_reset_counts(x->conv);
		file_enter(x, &ls->fc, le->file);
		entry_body(x, e);
		file_add(x, &ls->fc);
		if (x->failed) {
			ls->err = -ENOMEM;
			break;
		}
		ls->err = entry_pages(x, le, (int)i, ls->next,
				      i + 1 == ls->nentries, ls->cb, ls->user);
		ls->next += le->npages;
	}
	x->entry = NULL; /* d may go */
	return ls->err;
}

int lay_end(lay_stream *ls, lay_site **out)
{
	ctx *x = &ls->x;
	int ret = ls->err;

	if (ret == 0 && out && x->site->nentries != ls->nentries)
		ret = -ESTALE; /* fewer entries than promised */
	if (ret == 0 && out) {
		file_flush(x, &ls->fc);
		ret = sommaire_pages(x, ls->nsom, ls->cb, ls->user);
		x->site->npages = (size_t)ls->next;
		if (ret == 0 && x->failed)
			ret = -ENOMEM;
	}
	txt_conv_free(x->conv);
	free(x->body.v);
	free(x->tmp);
	sb_free(&x->spare);
	free(x->scr);
	if (ret != 0 || !out)
		lay_site_free(x->site);
	else
		*out = x->site;
	free(ls);
	return ret;
}

int lay_part_begin(const lay_stream *ls, lay_stream **out)
{
	const lay_options *opt = ls->x.opt;
	int ret = lay_begin(opt, ls->nentries, NULL, NULL, out);

	if (ret != 0)
		return ret;
	(*out)->nsom = 0;
	(*out)->next = 0;
	return 0;
}

int lay_part_add(lay_stream *part, const doc *d, size_t first_entry,
		 lay_page_cb cb, void *user)
{
	int ret;

	if (part->x.site->nentries == 0)
		part->entry0 = first_entry;
	part->cb = cb;
	part->user = user;
	ret = lay_add(part, d);
	/* The part now only holds its records until lay_join: its lines
	 * (as many as its longest entry's) go, not to stay in memory in
	 * every part waiting for its turn. */
	free(part->x.body.v);
	part->x.body.v = NULL;
	part->x.body.n = part->x.body.cap = 0;
	return ret;
}

void lay_page_rebase(lay_page_info *p, int base)
{
	p->index += base;
	if (p->suite != LAY_NONE)
		p->suite += base;
	if (p->number > 1) /* the first page's RETOUR: the sommaire */
		p->retour += base;
}

int lay_pages_made(const lay_stream *ls)
{
	return ls->next;
}

int lay_join(lay_stream *ls, lay_stream *part)
{
	ctx *x = &ls->x;
	lay_site *s = x->site, *ps = part->x.site;
	int base = ls->next;

	if (ls->err)
		return ls->err;
	if (part->err)
		return ls->err = part->err;
	if (ps->nentries && part->entry0 != s->nentries)
		return ls->err = -EINVAL; /* not in the site's order */
	file_flush(&part->x, &part->fc);
	if (part->x.failed ||
	    grow((void **)&s->entries, &ls->entries_cap,
		 s->nentries + ps->nentries, sizeof *s->entries) < 0 ||
	    grow((void **)&s->notes, &x->notes_cap, s->nnotes + ps->nnotes,
		 sizeof *s->notes) < 0)
		return ls->err = -ENOMEM;
	for (size_t k = 0; k < ps->nentries; k++) { /* strings move over */
		s->entries[s->nentries] = ps->entries[k];
		s->entries[s->nentries++].first_page += base;
	}
	ps->nentries = 0;
	for (size_t k = 0; k < ps->nnotes; k++)
		s->notes[s->nnotes++] = ps->notes[k];
	ps->nnotes = 0;
	s->replaced += ps->replaced;
	ps->replaced = 0;
	for (int k = 0; k < part->next; k++) {
		lay_page_info info = ps->pages[k];

		lay_page_rebase(&info, base);
		if (add_page(x, &info) < 0)
			return ls->err = -ENOMEM;
	}
	ls->next += part->next;
	part->next = 0;
	return 0;
}

int lay_build(const doc *d, const lay_options *opt, lay_page_cb cb,
	      void *user, lay_site **out)
{
	lay_stream *ls;
	size_t n = 0;
	int ret;

	for (const doc_node *e = doc_root(d)->first_child; e; e = e->next)
		n += e->type == DOC_NODE_ENTRY;
	if ((ret = lay_begin(opt, n, cb, user, &ls)) != 0)
		return ret;
	lay_add(ls, d);
	return lay_end(ls, out);
}

void lay_site_free(lay_site *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->nnotes; i++)
		free(s->notes[i]);
	free(s->notes);
	for (size_t i = 0; i < s->nentries; i++) {
		free((char *)s->entries[i].title);
		free((char *)s->entries[i].date);
		free((char *)s->entries[i].file);
	}
	free(s->entries);
	free(s->pages);
	free((char *)s->title);
	free(s);
}
