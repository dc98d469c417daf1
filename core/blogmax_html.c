/* core/blogmax_html.c -- raw HTML inside BlogMax entries.
 *
 * notes-format.md §3: entries are "stylized HTML", raw HTML passes
 * through and tags may be upper case. The tags that carry structure
 * become doc nodes: p br ul ol li blockquote pre h1-h6 table tr td th hr
 * a(href) em i u b strong tt code img(src alt); div and center end a
 * paragraph; <script> and <style> are skipped with their content; every
 * other tag is dropped and its text kept. Tables become one paragraph
 * per row, cells separated by " | " (a 40-column screen has no room for
 * columns). <pre>, <tt> and <code> are cut out first and kept literal
 * (§3 step 2 skips them), with tags dropped and entities decoded.
 * Comments <!--…--> show nothing. */
#include "blogmax.h"

#include <errno.h>
#include <string.h>

#define TAG_MAX 2048 /* longest tag read; a longer "<x" is text */

/* --- reading a tag --------------------------------------------------------- */

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static int attr_is(const char *s, size_t n, const char *name)
{
	size_t k = strlen(name);

	if (n != k)
		return 0;
	for (size_t i = 0; i < k; i++)
		if (lower((unsigned char)s[i]) != name[i])
			return 0;
	return 1;
}

static void keep_attr(bm_tag *t, const char *name, size_t name_len,
		      const char *v, size_t vl)
{
	if (attr_is(name, name_len, "href")) {
		t->href = v;
		t->href_len = vl;
	} else if (attr_is(name, name_len, "src")) {
		t->src = v;
		t->src_len = vl;
	} else if (attr_is(name, name_len, "alt")) {
		t->alt = v;
		t->alt_len = vl;
	} else if (attr_is(name, name_len, "name")) {
		t->aname = v;
		t->aname_len = vl;
	}
}

/* One attribute at s[i]; the new i, or 0 when the tag is broken. */
static size_t attribute(const char *s, size_t i, size_t lim, bm_tag *t)
{
	size_t a = i, name_end, vs = 0, ve = 0;

	while (i < lim && !is_ws(s[i]) && !strchr("=>/<\"'", s[i]))
		i++;
	if (i == a)
		return 0;
	name_end = i;
	while (i < lim && is_ws(s[i]))
		i++;
	if (i >= lim || s[i] != '=')
		return name_end; /* a bare attribute */
	i++;
	while (i < lim && is_ws(s[i]))
		i++;
	if (i < lim && (s[i] == '"' || s[i] == '\'')) {
		const char *q = memchr(s + i + 1, s[i], lim - i - 1);

		if (!q)
			return 0;
		vs = i + 1;
		ve = (size_t)(q - s);
		i = ve + 1;
	} else {
		vs = i;
		while (i < lim && !is_ws(s[i]) && s[i] != '>')
			i++;
		ve = i;
	}
	keep_attr(t, s + a, name_end - a, s + vs, ve - vs);
	return i;
}

size_t bm_tag_parse(const char *s, size_t n, bm_tag *t)
{
	size_t lim = n < TAG_MAX ? n : TAG_MAX, i = 1, k = 0;

	memset(t, 0, sizeof *t);
	if (i < lim && s[i] == '/') {
		t->close = 1;
		i++;
	}
	if (i >= lim || !is_alpha(s[i]))
		return 0;
	for (; i < lim && (is_alpha(s[i]) || (s[i] >= '0' && s[i] <= '9'));
	     i++, k++)
		if (k + 1 < sizeof t->name)
			t->name[k] = (char)lower((unsigned char)s[i]);
	if (k + 1 >= sizeof t->name)
		t->name[0] = 0;
	while (i < lim) {
		if (is_ws(s[i]) || s[i] == '/') {
			i++;
		} else if (s[i] == '>') {
			t->len = i + 1;
			return t->len;
		} else if (s[i] == '<' || !(i = attribute(s, i, lim, t))) {
			return 0;
		}
	}
	return 0;
}

/* --- what tags make ---------------------------------------------------------- */

typedef enum tag_kind {
	TK_P,      /* p */
	TK_BR,     /* br */
	TK_LIST,   /* ul, ol */
	TK_LI,     /* li */
	TK_QUOTE,  /* blockquote */
	TK_PRE,    /* pre */
	TK_H,      /* h1 .. h6 */
	TK_TABLE,  /* table */
	TK_TR,     /* tr */
	TK_CELL,   /* td, th */
	TK_HR,     /* hr */
	TK_A,      /* a */
	TK_EM,     /* em, i, u, cite, var, dfn */
	TK_STRONG, /* b, strong */
	TK_CODE,   /* tt, code */
	TK_IMG,    /* img */
	TK_DIV,    /* div, center, dl, dt, dd, address: a paragraph end */
	TK_SKIP,   /* script, style: skipped with their content */
	TK_COUNT
} tag_kind;

static const struct {
	const char *name;
	tag_kind kind;
} tags[] = {
	{"p", TK_P},         {"br", TK_BR},       {"ul", TK_LIST},
	{"ol", TK_LIST},     {"li", TK_LI},       {"blockquote", TK_QUOTE},
	{"pre", TK_PRE},     {"h1", TK_H},        {"h2", TK_H},
	{"h3", TK_H},        {"h4", TK_H},        {"h5", TK_H},
	{"h6", TK_H},        {"table", TK_TABLE}, {"tr", TK_TR},
	{"td", TK_CELL},     {"th", TK_CELL},     {"hr", TK_HR},
	{"a", TK_A},         {"em", TK_EM},       {"i", TK_EM},
	{"u", TK_EM},        {"cite", TK_EM},     {"var", TK_EM},
	{"dfn", TK_EM},      {"b", TK_STRONG},    {"strong", TK_STRONG},
	{"tt", TK_CODE},     {"code", TK_CODE},   {"img", TK_IMG},
	{"div", TK_DIV},     {"center", TK_DIV},  {"dl", TK_DIV},
	{"dt", TK_DIV},      {"dd", TK_DIV},      {"address", TK_DIV},
	{"script", TK_SKIP}, {"style", TK_SKIP},
};

typedef struct tag_env {
	bm *p;
	bm_src *src;
	size_t at;      /* the '<' */
	const bm_tag *tag;
	int line, col;
} tag_env;

/* An arena copy of an attribute value with its entities decoded. */
static const char *attr_value(tag_env *e, const char *v, size_t n,
			      int flags)
{
	mk_buf b = {0};
	const char *out = NULL;

	bm_clean(v, n, flags, &b);
	if (b.oom)
		e->p->b.err = -ENOMEM;
	else if (b.len)
		out = mk_bld_strdup(&e->p->b, b.p, b.len);
	mk_buf_free(&b);
	return out;
}

/* The end of the closing tag `needle` (like "</pre") after the opening
 * one, or BM_NONE; *content_end gets where the content stops. */
static size_t closing(tag_env *e, bm_memo_id id, const char *needle,
		      size_t *content_end)
{
	bm_src *src = e->src;
	size_t from = e->at + e->tag->len;
	size_t close = bm_find(src, id, from, needle, 1);
	const char *gt;

	if (close == BM_NONE)
		return BM_NONE;
	gt = memchr(src->s + close, '>', src->n - close);
	if (!gt)
		return BM_NONE;
	*content_end = close;
	return (size_t)(gt - src->s) + 1;
}

/* <pre>…</pre>: a CODE block, tags dropped, entities decoded. */
static size_t t_pre(tag_env *e)
{
	size_t from = e->at + e->tag->len, end, stop = 0;
	mk_buf raw = {0}, text = {0};

	end = closing(e, BM_MEMO_PRE, "</pre", &stop);
	if (end == BM_NONE)
		return e->tag->len; /* unclosed: the tag alone is dropped */
	bm_boundary(e->p, 0);
	bm_clean(e->src->s + from, stop - from, BM_CLEAN_TAGS, &raw);
	bm_code_text(e->p, raw.p, raw.len, &text);
	text.oom |= raw.oom;
	mk_buf_free(&raw);
	bm_literal_block(e->p, DOC_NODE_CODE, e->line, e->col, &text);
	return end - e->at;
}

/* <tt>, <code>: a CODE_SPAN up to the closing tag, which must come
 * before the next blank line; otherwise the tag is dropped. */
static size_t t_code(tag_env *e)
{
	int tt = !strcmp(e->tag->name, "tt");
	size_t from = e->at + e->tag->len, end, stop = 0, blank;
	mk_buf text = {0};

	end = closing(e, tt ? BM_MEMO_TT : BM_MEMO_CODE,
		      tt ? "</tt" : "</code", &stop);
	blank = bm_blank_after(e->src, from);
	if (end == BM_NONE || (blank != BM_NONE && blank < stop))
		return e->tag->len;
	bm_clean(e->src->s + from, stop - from,
		 BM_CLEAN_TAGS | BM_CLEAN_ESC | BM_CLEAN_SPACE, &text);
	if (text.oom)
		e->p->b.err = -ENOMEM;
	else if (text.len)
		mk_bld_leaf(&e->p->b, DOC_NODE_CODE_SPAN, text.p, text.len,
			    e->line, e->col);
	mk_buf_free(&text);
	return end - e->at;
}

static size_t t_skip(tag_env *e)
{
	int script = !strcmp(e->tag->name, "script");
	size_t stop, end = closing(e, script ? BM_MEMO_SCRIPT : BM_MEMO_STYLE,
				   script ? "</script" : "</style", &stop);

	return end == BM_NONE ? e->tag->len : end - e->at;
}

static void t_img(tag_env *e)
{
	const bm_tag *t = e->tag;
	doc_node *img;

	if (!t->src)
		return;
	bm_boundary(e->p, 0);
	img = mk_bld_block(&e->p->b, DOC_NODE_IMAGE, e->line, e->col);
	if (!img)
		return;
	img->url = attr_value(e, t->src, t->src_len, 0);
	if (!img->url)
		img->url = mk_bld_strdup(&e->p->b, "", 0);
	if (t->alt) {
		const char *alt = attr_value(e, t->alt, t->alt_len,
					     BM_CLEAN_SPACE);

		if (alt)
			mk_bld_set_text(&e->p->b, img, alt, strlen(alt));
	}
}

/* Inline tags: <a href>, <em>, <b> and their kin. */
static void t_inline(tag_env *e, tag_kind kind)
{
	mk_builder *b = &e->p->b;
	const bm_tag *t = e->tag;
	doc_node *n;

	if (t->close) {
		mk_bld_inline_close(b, mk_bld_inline_find(b, MK_FROM_HTML,
							  (int)kind));
		return;
	}
	if (kind == TK_A && !t->href)
		return; /* <a name=…>: an anchor shows nothing */
	if (kind == TK_A) /* links do not nest: <a> closes an open one */
		mk_bld_inline_close(b, mk_bld_inline_find(b, MK_FROM_HTML,
							  TK_A));
	n = mk_bld_inline_open(b, kind == TK_A ? DOC_NODE_LINK :
			       kind == TK_EM ? DOC_NODE_EMPH : DOC_NODE_STRONG,
			       MK_FROM_HTML, (int)kind, e->line, e->col);
	if (n && kind == TK_A)
		n->url = attr_value(e, t->href, t->href_len, 0);
}

/* Containers: <ul>/<ol>, <li>, <blockquote>. */
static void t_container(tag_env *e, tag_kind kind)
{
	mk_builder *b = &e->p->b;
	doc_type type = kind == TK_LI ? DOC_NODE_ITEM :
			kind == TK_QUOTE ? DOC_NODE_QUOTE : DOC_NODE_LIST;
	doc_node *n;

	bm_boundary(e->p, 0);
	if (e->tag->close) {
		mk_bld_close(b, mk_bld_find(b, type, MK_FROM_HTML));
	} else if (kind == TK_LI) {
		mk_bld_item(b, MK_FROM_HTML, e->line, e->col);
	} else {
		n = mk_bld_open(b, type, MK_FROM_HTML, e->line, e->col);
		if (n && type == DOC_NODE_LIST)
			n->level = !strcmp(e->tag->name, "ol");
	}
}

/* Tables: a paragraph per row, " | " between cells. */
static void t_table(tag_env *e, tag_kind kind)
{
	bm *p = e->p;

	if (kind == TK_CELL) {
		if (!e->tag->close && p->row_cells++ > 0)
			mk_bld_text(&p->b, " | ", 3, e->line, e->col);
		return;
	}
	bm_boundary(p, 0);
	p->row_cells = 0;
	if (kind == TK_TABLE && !e->tag->close)
		p->table_depth++;
	else if (kind == TK_TABLE && p->table_depth)
		p->table_depth--;
}

static void t_heading(tag_env *e)
{
	mk_builder *b = &e->p->b;
	int h = e->tag->name[1] - '0';

	if (e->tag->close) {
		if (b->para && b->para->type == DOC_NODE_HEADING)
			mk_bld_end_para(b);
		return;
	}
	/* {section} is h3 and {subsection} h4 (§4): h1-h3 are level 1. */
	bm_boundary(e->p, 1);
	mk_bld_heading(b, h <= 3 ? 1 : h == 4 ? 2 : 3, e->line, e->col);
}

static void t_break(tag_env *e)
{
	bm *p = e->p;

	/* §7: in one-line input <br> is a block boundary. */
	if (p->flat && mk_bld_find_outer(&p->b, MK_FROM_MARKUP) >= 0)
		bm_boundary(p, 0);
	else
		mk_bld_leaf(&p->b, DOC_NODE_BREAK, NULL, 0, e->line, e->col);
}

static size_t dispatch(tag_env *e, tag_kind kind)
{
	const bm_tag *t = e->tag;

	switch (kind) {
	case TK_P:
		if (e->p->table_depth)
			bm_text(e->p, e->src, e->at, " ", 1);
		else
			bm_boundary(e->p, 0);
		break;
	case TK_BR:
		t_break(e);
		break;
	case TK_LIST:
	case TK_LI:
	case TK_QUOTE:
		t_container(e, kind);
		break;
	case TK_PRE:
		return t->close ? t->len : t_pre(e);
	case TK_H:
		t_heading(e);
		break;
	case TK_TABLE:
	case TK_TR:
	case TK_CELL:
		t_table(e, kind);
		break;
	case TK_HR:
		bm_boundary(e->p, 0);
		mk_bld_block(&e->p->b, DOC_NODE_RULE, e->line, e->col);
		break;
	case TK_A:
	case TK_EM:
	case TK_STRONG:
		t_inline(e, kind);
		break;
	case TK_CODE:
		return t->close ? t->len : t_code(e);
	case TK_IMG:
		t_img(e);
		break;
	case TK_DIV:
		bm_boundary(e->p, 0);
		break;
	case TK_SKIP:
		return t->close ? t->len : t_skip(e);
	default:
		break;
	}
	return t->len;
}

size_t bm_angle(bm *p, bm_src *src, size_t i)
{
	const char *s = src->s + i;
	size_t left = src->n - i;
	bm_tag tag;
	tag_env e;

	if (left >= 4 && !memcmp(s, "<!--", 4)) {
		size_t end = bm_find(src, BM_MEMO_COMMENT, i + 4, "-->", 0);

		return end == BM_NONE ? 0 : end + 3 - i;
	}
	if (left >= 2 && s[1] == '!') { /* <!DOCTYPE …> and the like */
		const char *gt = memchr(s, '>', left < TAG_MAX ? left : TAG_MAX);

		return gt ? (size_t)(gt - s) + 1 : 0;
	}
	if (!bm_tag_parse(s, left, &tag))
		return 0;
	e = (tag_env){p, src, i, &tag, 0, 0};
	bm_pos(p, src, i, &e.line, &e.col);
	/* The first letter first: most names differ there, and a strcmp
	 * call for each of the names was a good part of a tag's cost. */
	for (size_t k = 0; k < sizeof tags / sizeof tags[0]; k++)
		if (tags[k].name[0] == tag.name[0] &&
		    !strcmp(tags[k].name, tag.name))
			return dispatch(&e, tags[k].kind);
	return tag.len; /* unknown: dropped, its text kept */
}
