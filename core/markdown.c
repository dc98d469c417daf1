/* core/markdown.c -- Markdown notes, parsed by md4c (Debian libmd4c-dev).
 *
 * md4c is a SAX-style CommonMark parser; this file only maps its events
 * onto the doc tree (no hand-written Markdown parsing). Dialect:
 * CommonMark plus tables, task lists, permissive autolinks and
 * [[wiki links]] (Obsidian); strikethrough is left off, so ~~x~~ stays
 * visible as typed rather than losing its meaning on a screen that
 * cannot strike text through.
 *
 * Mapping: headings -> HEADING, paragraphs, lists (ordered ones numbered
 * from their start), code blocks -> CODE (```mermaid ones -> DIAGRAM,
 * as BlogMax's {diagram}), inline code -> CODE_SPAN, em, strong, links,
 * images -> IMAGE (a block: the paragraph is split around it, its alt
 * text is the caption), blockquote -> QUOTE, hr -> RULE,
 * tables -> TABLE > ROW (the header's level 1) > CELL (its alignment;
 * past the builder's depth, a paragraph a row, cells joined by " | ";
 * an image in a cell is its text), hard breaks -> BREAK, soft breaks ->
 * a space, raw HTML -> its text without tags, entities decoded.
 *
 * The file is one ENTRY. Its title is, in order: a `title:` in YAML front
 * matter (which is not shown), the file's only level-1 heading (taken out
 * of the body, the other headings moving up one level), or the file name
 * without its extension.
 *
 * Positions: md4c gives none, but its text callbacks point into the
 * input, so a node gets the line:col of the first text inside it; a node
 * with no text (a rule) gets the last position seen. */
#include "mk_private.h"

#include <errno.h>
#include <md4c.h>
#include <string.h>
#include <strings.h>

#define PENDING_MAX 64

typedef struct md {
	mk_builder b;
	mk_lines lines;
	const char *s;
	size_t n;
	int line, col;                  /* last position seen */
	doc_node *pending[PENDING_MAX]; /* nodes waiting for a position */
	int npending;
	mk_buf code;                    /* code block or code span text */
	doc_node *code_block;
	int in_code_span, in_html_block, in_tag;
	int in_img;                     /* nesting of images */
	doc_node *img;
	mk_buf alt;
	const char *img_src; /* an image in a table cell: shown as text */
	int cells;                      /* cells so far in this table row */
	int in_head;                    /* in a table's header rows */
	doc_node *h1;                   /* the first level-1 heading */
	int nh1;
	int overflow; /* containers past MK_MAX_BLOCKS deep, not opened */
} md;

/* --- positions -------------------------------------------------------------- */

static void seen(md *m, const char *p)
{
	if (p < m->s || p > m->s + m->n)
		return; /* md4c's own strings ("\n" for a break) */
	mk_lines_at(&m->lines, (size_t)(p - m->s), &m->line, &m->col);
	for (int i = 0; i < m->npending; i++) {
		m->pending[i]->line = m->line;
		m->pending[i]->col = m->col;
	}
	m->npending = 0;
}

static void pend(md *m, doc_node *n)
{
	if (n && m->npending < PENDING_MAX)
		m->pending[m->npending++] = n;
}

/* --- text helpers ------------------------------------------------------------- */

/* An md4c attribute (href, src) with its entities decoded. */
static const char *attribute(md *m, const MD_ATTRIBUTE *a)
{
	mk_buf b = {0};
	const char *out;

	if (!a->text)
		return mk_bld_strdup(&m->b, "", 0);
	mk_decode_entities(&b, a->text, a->size);
	if (b.oom) {
		m->b.err = -ENOMEM;
		return NULL;
	}
	out = mk_bld_strdup(&m->b, b.p ? b.p : "", b.len);
	mk_buf_free(&b);
	return out;
}

/* Raw HTML: text outside the tags, entities decoded. A tag may span
 * pieces, hence in_tag. */
static void html_text(md *m, const char *s, size_t n)
{
	mk_buf out = {0};

	for (size_t i = 0; i < n; i++) {
		if (m->in_tag) {
			if (s[i] == '>')
				m->in_tag = 0;
		} else if (s[i] == '<') {
			m->in_tag = 1;
		} else {
			size_t j = i;

			while (j < n && s[j] != '<')
				j++;
			mk_decode_entities(&out, s + i, j - i);
			i = j - 1;
		}
	}
	if (out.oom)
		m->b.err = -ENOMEM;
	mk_bld_text(&m->b, out.p, out.len, m->line, m->col);
	mk_buf_free(&out);
}

static int is_break_tag(const char *s, size_t n)
{
	return (n == 4 && !strncmp(s, "<br>", 4)) ||
	       (n == 5 && !strncmp(s, "<br/>", 5)) ||
	       (n == 6 && !strncmp(s, "<br />", 6));
}

/* --- blocks ------------------------------------------------------------------ */

static void enter_list(md *m, MD_BLOCKTYPE type, const void *detail)
{
	doc_node *n = mk_bld_open(&m->b, DOC_NODE_LIST, MK_FROM_HTML, m->line,
				  m->col);

	pend(m, n);
	if (n && type == MD_BLOCK_OL) {
		const MD_BLOCK_OL_DETAIL *ol = detail;

		n->level = 1;
		m->b.blocks[m->b.nblocks - 1].mark =
			ol->start > 0 && ol->start < 1000000 ?
			(int)ol->start - 1 : 0;
	}
}

static void enter_item(md *m, const MD_BLOCK_LI_DETAIL *li)
{
	pend(m, mk_bld_item(&m->b, MK_FROM_HTML, m->line, m->col));
	if (li->is_task)
		mk_bld_text(&m->b, li->task_mark == ' ' ? "[ ] " : "[x] ", 4,
			    m->line, m->col);
}

static void enter_heading(md *m, const MD_BLOCK_H_DETAIL *h)
{
	doc_node *n = mk_bld_heading(&m->b, 1, m->line, m->col);

	if (!n)
		return;
	n->level = (int)h->level; /* raw 1..6 until fix_levels() */
	pend(m, n);
	if (h->level == 1 && !m->nh1++)
		m->h1 = n;
}

static int is_container(MD_BLOCKTYPE type)
{
	return type == MD_BLOCK_QUOTE || type == MD_BLOCK_UL ||
	       type == MD_BLOCK_OL || type == MD_BLOCK_LI ||
	       type == MD_BLOCK_TABLE || type == MD_BLOCK_TR;
}

/* A table cell: a CELL of the open ROW, or in a row past the builder's
 * depth (no ROW open), text of the row's paragraph after a " | ". */
static void enter_cell(md *m, const MD_BLOCK_TD_DETAIL *td)
{
	int last = m->b.nblocks - 1;

	if (last >= 0 && m->b.blocks[last].node->type == DOC_NODE_ROW) {
		int align = !td ? DOC_ALIGN_LEFT :
			    td->align == MD_ALIGN_CENTER ? DOC_ALIGN_CENTER :
			    td->align == MD_ALIGN_RIGHT ? DOC_ALIGN_RIGHT :
			    DOC_ALIGN_LEFT;

		pend(m, mk_bld_cell(&m->b, align, m->line, m->col));
	} else if (m->cells++) {
		mk_bld_text(&m->b, " | ", 3, m->line, m->col);
	}
}

static int enter_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	md *m = user;

	if (type == MD_BLOCK_TR)
		m->cells = 0;
	/* Deeper than the builder goes: counted, so that their ends do not
	 * close the containers that were opened. A table needs room for its
	 * row too. */
	if (is_container(type) &&
	    (m->overflow ||
	     m->b.nblocks >= MK_MAX_BLOCKS - 1 - (type == MD_BLOCK_TABLE))) {
		m->overflow++;
		mk_bld_end_para(&m->b);
		return 0;
	}
	switch (type) {
	case MD_BLOCK_QUOTE:
		pend(m, mk_bld_open(&m->b, DOC_NODE_QUOTE, MK_FROM_HTML,
				    m->line, m->col));
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		enter_list(m, type, detail);
		break;
	case MD_BLOCK_LI:
		enter_item(m, detail);
		break;
	case MD_BLOCK_HR:
		pend(m, mk_bld_block(&m->b, DOC_NODE_RULE, m->line, m->col));
		break;
	case MD_BLOCK_H:
		enter_heading(m, detail);
		break;
	case MD_BLOCK_CODE: {
		/* ```mermaid: a diagram, as BlogMax's {diagram} */
		const MD_BLOCK_CODE_DETAIL *cd = detail;
		int mermaid = cd && cd->lang.size == 7 &&
			      strncasecmp(cd->lang.text, "mermaid", 7) == 0;

		m->code_block = mk_bld_block(&m->b,
					     mermaid ? DOC_NODE_DIAGRAM
						     : DOC_NODE_CODE,
					     m->line, m->col);
		pend(m, m->code_block);
		m->code.len = 0;
		break;
	}
	case MD_BLOCK_HTML:
		m->in_html_block = 1;
		m->in_tag = 0;
		mk_bld_end_para(&m->b);
		break;
	case MD_BLOCK_TABLE:
		pend(m, mk_bld_open(&m->b, DOC_NODE_TABLE, MK_FROM_HTML,
				    m->line, m->col));
		break;
	case MD_BLOCK_THEAD:
		m->in_head = 1;
		mk_bld_end_para(&m->b);
		break;
	case MD_BLOCK_TR: {
		doc_node *row = mk_bld_open(&m->b, DOC_NODE_ROW, MK_FROM_HTML,
					    m->line, m->col);

		if (row)
			row->level = m->in_head;
		pend(m, row);
		break;
	}
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		enter_cell(m, detail);
		break;
	default: /* DOC, P, TBODY */
		mk_bld_end_para(&m->b);
		break;
	}
	return m->b.err;
}

static void leave_code(md *m)
{
	size_t n = m->code.len;

	while (n && m->code.p[n - 1] == '\n')
		n--;
	if (m->code.oom)
		m->b.err = -ENOMEM;
	else
		mk_bld_set_text(&m->b, m->code_block, n ? m->code.p : "", n);
	m->code_block = NULL;
}

static int leave_block(MD_BLOCKTYPE type, void *detail, void *user)
{
	md *m = user;
	mk_builder *b = &m->b;

	(void)detail;
	if (is_container(type) && m->overflow) {
		m->overflow--;
		mk_bld_end_para(b);
		return 0;
	}
	switch (type) {
	case MD_BLOCK_QUOTE:
		mk_bld_close(b, mk_bld_find(b, DOC_NODE_QUOTE, MK_FROM_HTML));
		break;
	case MD_BLOCK_UL:
	case MD_BLOCK_OL:
		mk_bld_close(b, mk_bld_find(b, DOC_NODE_LIST, MK_FROM_HTML));
		break;
	case MD_BLOCK_LI:
		mk_bld_close(b, mk_bld_find(b, DOC_NODE_ITEM, MK_FROM_HTML));
		break;
	case MD_BLOCK_CODE:
		leave_code(m);
		break;
	case MD_BLOCK_HTML:
		m->in_html_block = 0;
		mk_bld_end_para(b);
		break;
	case MD_BLOCK_TABLE:
		mk_bld_close(b, mk_bld_find(b, DOC_NODE_TABLE, MK_FROM_HTML));
		break;
	case MD_BLOCK_THEAD:
		m->in_head = 0;
		mk_bld_end_para(b);
		break;
	case MD_BLOCK_TR:
		mk_bld_end_para(b); /* (a row with no ROW open: its text) */
		mk_bld_close(b, mk_bld_find(b, DOC_NODE_ROW, MK_FROM_HTML));
		break;
	case MD_BLOCK_TH:
	case MD_BLOCK_TD:
		/* a cell ends; in a row past the depth, the row goes on */
		if (b->para && b->para->type == DOC_NODE_CELL)
			mk_bld_end_para(b);
		break;
	default:
		mk_bld_end_para(b);
		break;
	}
	m->npending = 0; /* no text came: they keep the last position */
	return b->err;
}

/* --- spans -------------------------------------------------------------------- */

static void enter_img(md *m, const MD_SPAN_IMG_DETAIL *d)
{
	if (m->in_img++)
		return;
	m->alt.len = 0;
	m->img_src = NULL;
	if (m->b.para && m->b.para->type == DOC_NODE_CELL) {
		/* A picture is a block: a cell shows its text instead. */
		m->img = NULL;
		m->img_src = attribute(m, &d->src);
		return;
	}
	m->img = mk_bld_block(&m->b, DOC_NODE_IMAGE, m->line, m->col);
	pend(m, m->img);
	if (m->img)
		m->img->url = attribute(m, &d->src);
}

/* The text an image in a table cell shows: "[image: ALT]", or its file
 * when it has no alt text. */
static void cell_img(md *m)
{
	const char *what = m->alt.len ? m->alt.p : m->img_src;
	size_t n = m->alt.len ? m->alt.len : strlen(what);

	mk_bld_text(&m->b, "[image: ", 8, m->line, m->col);
	mk_bld_text(&m->b, what, n, m->line, m->col);
	mk_bld_text(&m->b, "]", 1, m->line, m->col);
	m->img_src = NULL;
}

static int enter_span(MD_SPANTYPE type, void *detail, void *user)
{
	md *m = user;
	doc_node *n = NULL;

	if (m->in_img) {
		m->in_img += type == MD_SPAN_IMG;
		return 0;
	}
	switch (type) {
	case MD_SPAN_EM:
	case MD_SPAN_U:
		n = mk_bld_inline_open(&m->b, DOC_NODE_EMPH, MK_FROM_HTML,
				       'e', m->line, m->col);
		break;
	case MD_SPAN_STRONG:
		n = mk_bld_inline_open(&m->b, DOC_NODE_STRONG, MK_FROM_HTML,
				       's', m->line, m->col);
		break;
	case MD_SPAN_A:
	case MD_SPAN_WIKILINK:
		n = mk_bld_inline_open(&m->b, DOC_NODE_LINK, MK_FROM_HTML,
				       'a', m->line, m->col);
		if (n)
			n->url = attribute(m, type == MD_SPAN_A ?
				&((const MD_SPAN_A_DETAIL *)detail)->href :
				&((const MD_SPAN_WIKILINK_DETAIL *)detail)->target);
		break;
	case MD_SPAN_IMG:
		enter_img(m, detail);
		break;
	case MD_SPAN_CODE:
		m->in_code_span = 1;
		m->code.len = 0;
		break;
	default:
		break;
	}
	pend(m, n);
	return m->b.err;
}

static int leave_span(MD_SPANTYPE type, void *detail, void *user)
{
	md *m = user;
	int mark = type == MD_SPAN_STRONG ? 's' :
		   type == MD_SPAN_A || type == MD_SPAN_WIKILINK ? 'a' : 'e';

	(void)detail;
	if (m->in_img) {
		if (type == MD_SPAN_IMG && --m->in_img == 0) {
			if (m->img_src) /* (in a cell) */
				cell_img(m);
			else if (m->img && m->alt.len)
				mk_bld_set_text(&m->b, m->img, m->alt.p,
						m->alt.len);
		}
		if (m->alt.oom)
			m->b.err = -ENOMEM;
		return m->b.err;
	}
	if (type == MD_SPAN_CODE) {
		m->in_code_span = 0;
		if (m->code.oom)
			m->b.err = -ENOMEM;
		mk_bld_leaf(&m->b, DOC_NODE_CODE_SPAN, m->code.p, m->code.len,
			    m->line, m->col);
	} else if (type == MD_SPAN_EM || type == MD_SPAN_U ||
		   type == MD_SPAN_STRONG || type == MD_SPAN_A ||
		   type == MD_SPAN_WIKILINK) {
		mk_bld_inline_close(&m->b, mk_bld_inline_find(&m->b,
							      MK_FROM_HTML,
							      mark));
	}
	return m->b.err;
}

/* --- text ------------------------------------------------------------------------ */

/* Text inside an image: its alt text, the caption. */
static void alt_text(md *m, MD_TEXTTYPE type, const char *s, size_t n)
{
	char u[8];
	size_t ul;

	if (type == MD_TEXT_SOFTBR || type == MD_TEXT_BR)
		mk_buf_putc(&m->alt, ' ');
	else if (type == MD_TEXT_ENTITY && mk_entity(s, n, u, &ul))
		mk_buf_put(&m->alt, u, ul);
	else if (type == MD_TEXT_NULLCHAR)
		mk_buf_put(&m->alt, "\xEF\xBF\xBD", 3);
	else if (type != MD_TEXT_HTML)
		mk_buf_put(&m->alt, s, n);
}

static int on_text(MD_TEXTTYPE type, const MD_CHAR *s, MD_SIZE size,
		   void *user)
{
	md *m = user;
	size_t n = size;
	char u[8];
	size_t ul;

	seen(m, s);
	if (m->in_img) {
		alt_text(m, type, s, n);
	} else if (m->code_block || m->in_code_span) {
		if (type == MD_TEXT_NULLCHAR)
			mk_buf_put(&m->code, "\xEF\xBF\xBD", 3);
		else
			mk_buf_put(&m->code, s, n);
	} else if (type == MD_TEXT_BR) {
		mk_bld_leaf(&m->b, DOC_NODE_BREAK, NULL, 0, m->line, m->col);
	} else if (type == MD_TEXT_SOFTBR) {
		mk_bld_text(&m->b, " ", 1, m->line, m->col);
	} else if (type == MD_TEXT_NULLCHAR) {
		mk_bld_text(&m->b, "\xEF\xBF\xBD", 3, m->line, m->col);
	} else if (type == MD_TEXT_ENTITY && mk_entity(s, n, u, &ul)) {
		mk_bld_text(&m->b, u, ul, m->line, m->col);
	} else if (type == MD_TEXT_HTML) {
		if (m->in_html_block)
			html_text(m, s, n);
		else if (is_break_tag(s, n))
			mk_bld_leaf(&m->b, DOC_NODE_BREAK, NULL, 0, m->line,
				    m->col);
	} else {
		mk_bld_text(&m->b, s, n, m->line, m->col);
	}
	return m->b.err;
}

/* --- front matter and title -------------------------------------------------------- */

/* YAML front matter "---\n…\n---\n" at the start: its end (0: none);
 * `title:` and `date:` values are copied out. */
static size_t front_matter(const char *s, size_t n, mk_buf *title,
			   char date[11], int *has_date)
{
	size_t i = 4;

	if (n < 8 || memcmp(s, "---\n", 4) != 0)
		return 0;
	while (i < n) {
		const char *nl = memchr(s + i, '\n', n - i);
		size_t e = nl ? (size_t)(nl - s) : n, a;

		if ((e - i == 3 && (!memcmp(s + i, "---", 3) ||
				    !memcmp(s + i, "...", 3))))
			return e < n ? e + 1 : n;
		if (e - i > 6 && !memcmp(s + i, "title:", 6)) {
			a = i + 6;
			while (a < e && s[a] == ' ')
				a++;
			if (e - a >= 2 && (s[a] == '"' || s[a] == '\'') &&
			    s[e - 1] == s[a]) {
				a++;
				e--;
			}
			title->len = 0;
			mk_buf_put(title, s + a, e - a);
		} else if (e - i >= 16 && !memcmp(s + i, "date:", 5)) {
			char name[32];

			a = i + 5;
			while (a < e && (s[a] == ' ' || s[a] == '"'))
				a++;
			if (e - a >= 10) {
				memcpy(name, s + a, 10);
				name[10] = 0;
				*has_date = mk_date_from_name(name, date);
			}
		}
		i = e + 1;
	}
	return 0;
}

/* Plain text of an inline subtree into out. Depth is bounded by the
 * builder's MK_MAX_INLINES. */
static void plain_text(const doc_node *n, mk_buf *out)
{
	for (const doc_node *c = n->first_child; c; c = c->next) {
		if (c->text && (c->type == DOC_NODE_TEXT ||
				c->type == DOC_NODE_CODE_SPAN))
			mk_buf_put(out, c->text, c->len);
		else if (c->type == DOC_NODE_BREAK)
			mk_buf_putc(out, ' ');
		plain_text(c, out);
	}
}

/* Raw heading levels 1..6 -> 1..3; one up when the H1 became the title. */
static void fix_levels(doc_node *n, int shift)
{
	for (doc_node *c = n->first_child; c; c = c->next) {
		if (c->type == DOC_NODE_HEADING) {
			int l = c->level - shift;

			c->level = l < 1 ? 1 : l > 3 ? 3 : l;
		} else if (!doc_is_inline(c->type)) {
			fix_levels(c, shift);
		}
	}
}

static void set_title(md *m, doc_node *entry, const mk_buf *fm_title,
		      const char *path)
{
	const char *base = mk_basename(path), *dot = strrchr(base, '.');
	mk_buf t = {0};
	int shift = 0;

	if (fm_title->len) {
		mk_buf_put(&t, fm_title->p, fm_title->len);
	} else if (m->nh1 == 1 && m->h1->parent == entry) {
		plain_text(m->h1, &t);
		doc_unlink(m->h1);
		shift = 1;
	} else {
		mk_buf_put(&t, base, dot && dot != base ?
			   (size_t)(dot - base) : strlen(base));
	}
	if (t.oom)
		m->b.err = -ENOMEM;
	else
		entry->title = mk_bld_strdup(&m->b, t.p ? t.p : "", t.len);
	mk_buf_free(&t);
	fix_levels(entry, shift);
}

int mk_parse_markdown(doc *d, const char *path, const char *text,
		      size_t len)
{
	MD_PARSER parser = {
		.abi_version = 0,
		.flags = MD_DIALECT_COMMONMARK | MD_FLAG_TABLES |
			 MD_FLAG_TASKLISTS | MD_FLAG_PERMISSIVEAUTOLINKS |
			 MD_FLAG_WIKILINKS,
		.enter_block = enter_block,
		.leave_block = leave_block,
		.enter_span = enter_span,
		.leave_span = leave_span,
		.text = on_text,
	};
	md m;
	mk_buf fm_title = {0};
	char date[11];
	char fm_date[11];
	int has_date = mk_date_from_name(path, date), fm_has = 0, ret, md_ret;
	size_t start = front_matter(text, len, &fm_title, fm_date, &fm_has);
	doc_node *entry;

	if (!has_date && fm_has) { /* the file name wins */
		memcpy(date, fm_date, sizeof date);
		has_date = 1;
	}

	memset(&m, 0, sizeof m);
	m.s = text;
	m.n = len;
	m.line = m.col = 1;
	mk_lines_init(&m.lines, text, len);
	mk_bld_init(&m.b, d, path, has_date ? date : NULL);
	entry = mk_bld_entry(&m.b, NULL, 0, 1, 1);
	md_ret = md_parse(text + start, (MD_SIZE)(len - start), &parser, &m);
	if (md_ret == -1 && !m.b.err)
		m.b.err = -ENOMEM; /* md4c's own allocation failed */
	mk_bld_close_all(&m.b);
	if (entry)
		set_title(&m, entry, &fm_title, path);
	if (fm_title.oom)
		m.b.err = -ENOMEM;
	ret = mk_bld_finish(&m.b);
	mk_buf_free(&fm_title);
	mk_buf_free(&m.code);
	mk_buf_free(&m.alt);
	return ret;
}
