/* core/blogmax_macro.c -- BlogMax {macro args} calls (notes-format.md §6).
 *
 * A call is "{", a name, then arguments in Emacs Lisp reader syntax:
 * "strings" with \" and \\ escapes, numbers, symbols (t, nil), quoted
 * forms and balanced parenthesised forms, up to "}". The call may span
 * lines (c3d 2020), and a } inside a string does not close it. Anything
 * else after the name (a comma, say: "{a, b}") means the brace is text.
 * A call longer than CALL_MAX is text too: macro calls are short, and the
 * bound keeps a stray brace from costing more than that.
 *
 * What each macro becomes is the table `macros` below (§6 table; template
 * macros show nothing). {@name} is a shortcut, parsed again as markup
 * (recursion bounded by BM_SHORTCUT_DEPTH); {=form} shows nothing.
 * Unknown macros show their string arguments and get a warning. */
#include "blogmax.h"

#include <errno.h>
#include <string.h>

#define MAX_ARGS 8
#define CALL_MAX 4096
#define FORM_DEPTH 64

typedef enum arg_kind {
	ARG_STR,  /* "string", unescaped */
	ARG_NUM,  /* 150 */
	ARG_SYM,  /* t, nil, left */
	ARG_FORM, /* (…), as written */
	ARG_KIND_COUNT
} arg_kind;

typedef struct arg {
	arg_kind kind;
	size_t off, len; /* in call.strs */
} arg;

typedef struct call {
	const char *name;
	size_t name_len;
	arg args[MAX_ARGS];
	int nargs;
	mk_buf strs; /* argument texts, one after the other */
} call;

/* --- reading a call ------------------------------------------------------- */

static int is_alpha(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z');
}

static int is_name(char c)
{
	return is_alpha(c) || (c >= '0' && c <= '9') || c == '-' || c == '_';
}

static int is_ws(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static void add_arg(call *c, arg_kind kind, size_t off)
{
	if (c->nargs < MAX_ARGS)
		c->args[c->nargs++] = (arg){kind, off, c->strs.len - off};
	mk_buf_putc(&c->strs, 0); /* each argument is a C string */
}

/* A balanced (…) form at s (n bytes); its length, 0 if not closed. */
static size_t form_len(const char *s, size_t n)
{
	int depth = 0;

	for (size_t i = 0; i < n; i++) {
		if (s[i] == '"') {
			mk_buf skip = {0};
			size_t used = mk_lisp_string(s + i, n - i, &skip);

			mk_buf_free(&skip);
			if (!used)
				return 0;
			i += used - 1;
		} else if (s[i] == '(') {
			if (++depth > FORM_DEPTH)
				return 0;
		} else if (s[i] == ')' && --depth == 0) {
			return i + 1;
		}
	}
	return 0;
}

/* One argument at s[j] (j < lim); the new j, or 0 when it is no
 * argument. */
static size_t read_arg(const char *s, size_t j, size_t lim, call *c)
{
	size_t off = c->strs.len, used, k = j;

	if (s[j] == '"') {
		used = mk_lisp_string(s + j, lim - j, &c->strs);
		if (!used)
			return 0;
		add_arg(c, ARG_STR, off);
		return j + used;
	}
	if (s[j] == '(') {
		used = form_len(s + j, lim - j);
		if (!used)
			return 0;
		mk_buf_put(&c->strs, s + j, used);
		add_arg(c, ARG_FORM, off);
		return j + used;
	}
	if (s[j] == '\'')
		return j + 1; /* quote: the form follows */
	while (k < lim && (is_name(s[k]) || strchr("*+./:=?!%", s[k])))
		k++;
	if (k == j)
		return 0;
	mk_buf_put(&c->strs, s + j, k - j);
	used = j;
	while (used < k && ((s[used] >= '0' && s[used] <= '9') ||
			    (used == j && s[used] == '-')))
		used++;
	add_arg(c, used == k ? ARG_NUM : ARG_SYM, off);
	return k;
}

/* The call at s[i] == '{'. `prefix` is 1 for {@name} and {=form}, whose
 * names are anything up to a space or brace. Returns its length, 0 if it
 * is no call. The caller frees c->strs. */
static size_t read_call(const char *s, size_t n, size_t i, int prefix,
			call *c)
{
	size_t lim = n - i > CALL_MAX ? i + CALL_MAX : n;
	size_t j = i + 1 + (size_t)prefix;

	memset(c, 0, sizeof *c);
	mk_buf_put(&c->strs, "", 0);
	c->name = s + j;
	if (prefix) {
		while (j < lim && !is_ws(s[j]) && s[j] != '{' && s[j] != '}')
			j++;
	} else if (j < lim && is_alpha(s[j])) {
		while (j < lim && is_name(s[j]))
			j++;
	}
	c->name_len = (size_t)(s + j - c->name);
	if (!c->name_len || j >= lim || (!is_ws(s[j]) && s[j] != '}'))
		return 0;
	while (j < lim) {
		if (is_ws(s[j])) {
			j++;
		} else if (s[j] == '}') {
			return c->strs.oom ? 0 : j + 1 - i;
		} else {
			j = read_arg(s, j, lim, c);
			if (!j)
				return 0;
		}
	}
	return 0;
}

/* Argument k as text, or NULL when absent or nil. */
static const char *get(const call *c, int k, size_t *len)
{
	const arg *a;
	const char *t;

	if (k >= c->nargs)
		return NULL;
	a = &c->args[k];
	/* (no text kept at all: every argument is empty) */
	t = c->strs.p ? c->strs.p + a->off : "";
	if (a->kind == ARG_SYM && a->len == 3 && memcmp(t, "nil", 3) == 0)
		return NULL;
	*len = a->len;
	return t;
}

static int name_is(const call *c, const char *name)
{
	return mk_name_is(name, c->name, c->name_len);
}

/* --- what macros make ------------------------------------------------------ */

typedef struct env {
	bm *p;
	bm_src *src;
	size_t at, end; /* the call's '{' and what follows its '}' */
	int line, col;
} env;

/* Cleaned text (entities, escapes, tags, spaces) of s into a fresh
 * buffer; the caller frees it. */
static mk_buf cleaned(const char *s, size_t n, int flags)
{
	mk_buf b = {0};

	bm_clean(s, n, flags, &b);
	return b;
}

#define PLAIN (BM_CLEAN_TAGS | BM_CLEAN_SPACE | BM_CLEAN_ESC)

static void put_text(env *e, const char *s, size_t n)
{
	mk_buf t = cleaned(s, n, PLAIN);

	if (t.oom)
		e->p->b.err = -ENOMEM;
	mk_bld_text(&e->p->b, t.p, t.len, e->line, e->col);
	mk_buf_free(&t);
}

/* A LINK to url (NULL: none) showing text. */
static void put_link(env *e, const char *url, size_t url_len,
		     const char *text, size_t text_len)
{
	mk_builder *b = &e->p->b;
	doc_node *l = mk_bld_inline_open(b, DOC_NODE_LINK, MK_FROM_HTML, 0,
					 e->line, e->col);

	if (l && url)
		l->url = mk_bld_strdup(b, url, url_len);
	put_text(e, text, text_len);
	if (l)
		mk_bld_inline_close(b, b->ninl - 1);
}

typedef size_t (*macro_fn)(env *e, const call *c, int data);

static size_t m_nothing(env *e, const call *c, int data)
{
	(void)c;
	(void)data;
	return e->end;
}

static size_t m_section(env *e, const call *c, int data)
{
	size_t len = 0;
	const char *t = get(c, 0, &len);
	mk_buf title = cleaned(t ? t : "", t ? len : 0, PLAIN);
	mk_builder *b = &e->p->b;

	if (data == 0) { /* {section}, {t}: a new entry (§2, §4) */
		mk_bld_entry(b, title.p, title.len, e->line, e->col);
	} else {         /* {subsection}, {st}: a heading */
		bm_boundary(e->p, 1);
		mk_bld_heading(b, 2, e->line, e->col);
		mk_bld_text(b, title.p, title.len, e->line, e->col);
		mk_bld_end_para(b);
	}
	if (title.oom)
		b->err = -ENOMEM;
	mk_buf_free(&title);
	return e->end;
}

static int is_align(const char *s, size_t n)
{
	static const char *const words[] = {"left", "right", "center",
					    "centre", "middle", "top",
					    "bottom"};

	for (size_t k = 0; k < sizeof words / sizeof words[0]; k++)
		if (strlen(words[k]) == n && !memcmp(words[k], s, n))
			return 1;
	return 0;
}

/* {picc "path" [caption] [width]} (picl, picr the same); {pic} takes an
 * alignment first (2003) or second (upstream): alignments and numbers
 * are skipped, the first other string is the path, the next the
 * caption. */
static size_t m_pic(env *e, const call *c, int data)
{
	const char *path = NULL, *cap = NULL;
	size_t path_len = 0, cap_len = 0;
	mk_buf url = {0}, text = {0};
	doc_node *img;

	for (int k = 0; k < c->nargs; k++) {
		size_t len;
		const char *a = get(c, k, &len);

		if (!a || c->args[k].kind == ARG_NUM ||
		    (data && is_align(a, len)))
			continue;
		if (!path) {
			path = a;
			path_len = len;
		} else if (!cap && c->args[k].kind == ARG_STR) {
			cap = a;
			cap_len = len;
		}
	}
	if (!path)
		return e->end;
	if (e->p->picdir)
		mk_buf_put(&url, e->p->picdir, strlen(e->p->picdir));
	bm_clean(path, path_len, BM_CLEAN_ESC, &url);
	if (cap)
		bm_clean(cap, cap_len, PLAIN, &text);
	bm_boundary(e->p, 0);
	img = mk_bld_block(&e->p->b, DOC_NODE_IMAGE, e->line, e->col);
	if (url.oom || text.oom)
		e->p->b.err = -ENOMEM;
	else if (img) {
		img->url = mk_bld_strdup(&e->p->b, url.p, url.len);
		if (cap && text.len)
			mk_bld_set_text(&e->p->b, img, text.p, text.len);
	}
	mk_buf_free(&url);
	mk_buf_free(&text);
	return e->end;
}

static size_t m_picdir(env *e, const call *c, int data)
{
	size_t len = 0;
	const char *dir = get(c, 0, &len);
	mk_buf b = {0};

	(void)data;
	if (dir && len) {
		mk_buf_put(&b, dir, len);
		if (dir[len - 1] != '/')
			mk_buf_putc(&b, '/');
	}
	e->p->picdir = b.len && !b.oom ? mk_bld_strdup(&e->p->b, b.p, b.len)
				       : NULL;
	mk_buf_free(&b);
	return e->end;
}

/* {tt "code"}: a CODE_SPAN; {em "text"}: an EMPH (§6). */
static size_t m_tt(env *e, const call *c, int data)
{
	size_t len = 0;
	const char *t = get(c, 0, &len);
	mk_builder *b = &e->p->b;
	mk_buf code;
	doc_node *em;

	if (!t)
		return e->end;
	if (data == 0) {
		code = cleaned(t, len, BM_CLEAN_ESC);
		mk_bld_leaf(b, DOC_NODE_CODE_SPAN, code.p, code.len, e->line,
			    e->col);
		if (code.oom)
			b->err = -ENOMEM;
		mk_buf_free(&code);
		return e->end;
	}
	em = mk_bld_inline_open(b, DOC_NODE_EMPH, MK_FROM_HTML, 0, e->line,
				e->col);
	put_text(e, t, len);
	if (em)
		mk_bld_inline_close(b, b->ninl - 1);
	return e->end;
}

/* Links (§6 table). The URL is built where the table says how; the
 * source-control macros pointed at servers long gone, so they keep only
 * their text (url NULL). */
typedef enum link_kind {
	L_LINK,      /* {link "url" [text]} */
	L_WIKI,      /* {wiki "Page" [text]}, {wikipedia [entry] [text]} */
	L_JARGON,    /* {jargon [entry] [text]} */
	L_YOUTUBE,   /* {youtube "url"} */
	L_EXAMPLE,   /* {example "name" [text]} -> examples/name.html */
	L_CONCEPT,   /* 2003 {concept …} -> concept/ */
	L_INSIDE,    /* 2003 {inside …} -> inside/ */
	L_GIT,       /* {git repo ver [cap]} */
	L_NAMED,     /* {cvs name [cap] [dir]} and the like */
	L_SVNREV,    /* {svnrev N [cap]}: "Revision N" */
	L_BUGMENOT,  /* {bugmenot "domain"} */
	L_NOTINDEX,  /* {linkNotIndex "text" "url"} */
	L_KIND_COUNT
} link_kind;

#define WIKIPEDIA "https://en.wikipedia.org/wiki/"
#define JARGON "http://www.catb.org/jargon/html/"

/* s with every `from` byte replaced by `to`. */
static void put_mapped(mk_buf *b, const char *s, size_t n, char from, char to)
{
	size_t start = b->len;

	mk_buf_put(b, s, n);
	for (size_t k = start; k < b->len && !b->oom; k++)
		if (b->p[k] == from)
			b->p[k] = to;
}

static void put_str(mk_buf *b, const char *s)
{
	mk_buf_put(b, s, strlen(s));
}

/* {jargon [entry] [text]}: the Jargon File's page of the entry. */
static void jargon(const char *a0, size_t l0, const char *a1, size_t l1,
		   mk_buf *url, mk_buf *text)
{
	put_str(url, JARGON);
	if (a0 && l0) {
		char letter = a0[0] >= 'a' && a0[0] <= 'z' ?
			(char)(a0[0] - 'a' + 'A') : a0[0];

		if (!is_alpha(letter))
			letter = '0';
		mk_buf_putc(url, letter);
		mk_buf_putc(url, '/');
		put_mapped(url, a0, l0, ' ', '-');
		put_str(url, ".html");
	} else {
		put_str(url, "index.html");
	}
	if (a1 || a0)
		mk_buf_put(text, a1 ? a1 : a0, a1 ? l1 : l0);
	else
		put_str(text, "Jargon File");
}

/* Fills url (left empty: no URL) and text of a link macro. */
static void link_parts(const call *c, link_kind kind, mk_buf *url,
		       mk_buf *text)
{
	static const char *const dirs[] = {"examples/", "concept/",
					   "inside/"};
	size_t l0 = 0, l1 = 0, l2 = 0;
	const char *a0 = get(c, 0, &l0), *a1 = get(c, 1, &l1);
	const char *a2 = get(c, 2, &l2);

	switch (kind) {
	case L_LINK:
		mk_buf_put(url, a0, l0);
		mk_buf_put(text, a1 ? a1 : a0, a1 ? l1 : l0);
		break;
	case L_WIKI:
		put_str(url, a0 ? WIKIPEDIA : "https://en.wikipedia.org/");
		put_mapped(url, a0, l0, ' ', '_');
		if (a1)
			mk_buf_put(text, a1, l1);
		else if (a0)
			put_mapped(text, a0, l0, '_', ' ');
		else
			put_str(text, "Wikipedia");
		break;
	case L_JARGON:
		jargon(a0, l0, a1, l1, url, text);
		break;
	case L_YOUTUBE:
		mk_buf_put(url, a0, l0);
		put_str(text, "[video]");
		break;
	case L_EXAMPLE:
	case L_CONCEPT:
	case L_INSIDE:
		if (!a0)
			break;
		put_str(url, dirs[kind - L_EXAMPLE]);
		mk_buf_put(url, a0, l0);
		put_str(url, ".html");
		mk_buf_put(text, a1 ? a1 : a0, a1 ? l1 : l0);
		break;
	case L_GIT:
		if (a2)
			mk_buf_put(text, a2, l2);
		else
			mk_buf_put(text, a1 ? a1 : a0, a1 ? l1 : l0);
		break;
	case L_SVNREV:
		if (a1) {
			mk_buf_put(text, a1, l1);
			break;
		}
		put_str(text, "Revision ");
		mk_buf_put(text, a0, l0);
		break;
	case L_BUGMENOT:
		put_str(url, "http://www.bugmenot.com/view/");
		mk_buf_put(url, a0, l0);
		put_str(text, "BugMeNot");
		break;
	case L_NOTINDEX:
		mk_buf_put(url, a1, l1);
		mk_buf_put(text, a0, l0);
		break;
	default: /* L_NAMED */
		mk_buf_put(text, a1 ? a1 : a0, a1 ? l1 : l0);
		break;
	}
}

static size_t m_link(env *e, const call *c, int data)
{
	mk_buf url = {0}, text = {0};

	link_parts(c, (link_kind)data, &url, &text);
	if (url.oom || text.oom)
		e->p->b.err = -ENOMEM;
	else if (text.len)
		put_link(e, url.len ? url.p : NULL, url.len, text.p, text.len);
	mk_buf_free(&url);
	mk_buf_free(&text);
	return e->end;
}

/* Text of a diagram: as written, less the white space around it. */
static void trimmed(const char *s, size_t n, mk_buf *out)
{
	while (n && (*s == ' ' || *s == '\t' || *s == '\n')) {
		s++;
		n--;
	}
	while (n && (s[n - 1] == ' ' || s[n - 1] == '\t' || s[n - 1] == '\n'))
		n--;
	mk_buf_put(out, s, n);
}

/* {pre}…{erp}, {prered}…{erp} (§4): code with entities and escapes
 * decoded; {diagram}…{margaid}: Mermaid source, as written. */
static size_t m_block(env *e, const call *c, int data)
{
	static const char *const closers[] = {"{erp}", "{margaid}"};
	bm_src *src = e->src;
	size_t close = bm_find(src, data ? BM_MEMO_MARGAID : BM_MEMO_ERP,
			       e->end, closers[data], 0), next;
	mk_buf raw = {0}, text = {0};

	(void)c;
	if (close == BM_NONE) {
		doc_diag_add(e->p->b.d, e->p->path, e->line, e->col,
			     DOC_WARNING, "{%s} is not closed by %s",
			     data ? "diagram" : "pre", closers[data]);
		close = next = src->n;
	} else {
		next = close + strlen(closers[data]);
	}
	bm_boundary(e->p, 0);
	if (data) {
		trimmed(src->s + e->end, close - e->end, &text);
	} else {
		bm_clean(src->s + e->end, close - e->end, BM_CLEAN_ESC, &raw);
		bm_code_text(e->p, raw.p, raw.len, &text);
	}
	text.oom |= raw.oom;
	mk_buf_free(&raw);
	bm_literal_block(e->p, data ? DOC_NODE_DIAGRAM : DOC_NODE_CODE,
			 e->line, e->col, &text);
	return next;
}

/* {instable} {ins "term"} … {endtable} (§4, 2003): a list whose items
 * read "term: description"; {inscode} shows the term as code. */
static size_t m_table(env *e, const call *c, int data)
{
	mk_builder *b = &e->p->b;
	int li = mk_bld_find(b, DOC_NODE_LIST, MK_FROM_TABLE);
	size_t len = 0;
	const char *term = get(c, 0, &len);

	if (data == 0) { /* {instable} */
		bm_boundary(e->p, 0);
		mk_bld_open(b, DOC_NODE_LIST, MK_FROM_TABLE, e->line, e->col);
	} else if (data == 3) { /* {endtable} */
		mk_bld_close(b, li);
	} else {
		bm_boundary(e->p, 0);
		mk_bld_item(b, MK_FROM_TABLE, e->line, e->col);
		if (!term)
			return e->end;
		if (data == 2) {
			mk_buf code = cleaned(term, len, BM_CLEAN_ESC);

			mk_bld_leaf(b, DOC_NODE_CODE_SPAN, code.p, code.len,
				    e->line, e->col);
			mk_buf_free(&code);
		} else {
			put_text(e, term, len);
		}
		mk_bld_text(b, ": ", 2, e->line, e->col);
	}
	return e->end;
}

/* {img "shortcut" [align]}: the shortcut's <img>. */
static size_t m_img(env *e, const call *c, int data)
{
	size_t len = 0;
	const char *name = get(c, 0, &len);
	const char *value = name ? mk_shortcuts_get(e->p->opt->shortcuts,
						    name, len) : NULL;

	(void)data;
	if (value)
		bm_expand(e->p, e->src, e->at, value, strlen(value));
	return e->end;
}

/* Rare helpers with no meaning on a Minitel: their strings as text. */
static size_t m_strings(env *e, const call *c, int data)
{
	(void)data;
	for (int k = 0; k < c->nargs; k++) {
		size_t len;
		const char *a = get(c, k, &len);

		if (a && c->args[k].kind == ARG_STR)
			put_text(e, a, len);
		mk_bld_text(&e->p->b, " ", 1, e->line, e->col);
	}
	return e->end;
}

static size_t m_include(env *e, const call *c, int data)
{
	(void)c;
	(void)data;
	doc_diag_add(e->p->b.d, e->p->path, e->line, e->col, DOC_WARNING,
		     "{include} is not followed");
	return e->end;
}

static const struct {
	const char *name;
	macro_fn fn;
	int data;
} macros[] = {
	{"section", m_section, 0},     {"t", m_section, 0},
	{"subsection", m_section, 1},  {"st", m_section, 1},
	{"picc", m_pic, 0},            {"picl", m_pic, 0},
	{"picr", m_pic, 0},            {"pic", m_pic, 1},
	{"picdir", m_picdir, 0},       {"tt", m_tt, 0},
	{"em", m_tt, 1},               {"pre", m_block, 0},
	{"prered", m_block, 0},        {"diagram", m_block, 1},
	{"instable", m_table, 0},      {"ins", m_table, 1},
	{"inscode", m_table, 2},       {"endtable", m_table, 3},
	{"img", m_img, 0},             {"include", m_include, 0},
	{"bumper", m_strings, 0},      {"applist", m_strings, 0},
	/* Links: blogmax_links.inc. */
	{"link", m_link, L_LINK},      {"wiki", m_link, L_WIKI},
	{"wikipedia", m_link, L_WIKI}, {"jargon", m_link, L_JARGON},
	{"youtube", m_link, L_YOUTUBE}, {"example", m_link, L_EXAMPLE},
	{"concept", m_link, L_CONCEPT}, {"inside", m_link, L_INSIDE},
	{"git", m_link, L_GIT},        {"xl-git", m_link, L_NAMED},
	{"cvs", m_link, L_NAMED},      {"mcvs", m_link, L_NAMED},
	{"svn", m_link, L_NAMED},      {"svnrev", m_link, L_SVNREV},
	{"gitrev", m_link, L_NAMED},     {"bugmenot", m_link, L_BUGMENOT},
	{"linkNotIndex", m_link, L_NOTINDEX},
	/* Nothing visible: permalinks, stray closers, template macros. */
	{"pl", m_nothing, 0},          {"erp", m_nothing, 0},
	{"margaid", m_nothing, 0},     {"title", m_nothing, 0},
	{"storyContent", m_nothing, 0}, {"contentTemplate", m_nothing, 0},
	{"dayTemplate", m_nothing, 0}, {"siteName", m_nothing, 0},
	{"byline", m_nothing, 0},      {"author", m_nothing, 0},
	{"email", m_nothing, 0},       {"url", m_nothing, 0},
	{"lastUpdate", m_nothing, 0},  {"year", m_nothing, 0},
	{"storyDate", m_nothing, 0},   {"calendar", m_nothing, 0},
	{"blogToplevel", m_nothing, 0}, {"dailyLink", m_nothing, 0},
	{"txtLink", m_nothing, 0},     {"up", m_nothing, 0},
	{"next", m_nothing, 0},        {"previous", m_nothing, 0},
	{"tableOfContents", m_nothing, 0},
};

static int find_macro(const call *c)
{
	for (size_t k = 0; k < sizeof macros / sizeof macros[0]; k++)
		if (name_is(c, macros[k].name))
			return (int)k;
	return -1;
}

/* An unknown macro: its string arguments, and a warning. */
static size_t unknown(env *e, const call *c)
{
	doc_diag_add(e->p->b.d, e->p->path, e->line, e->col, DOC_WARNING,
		     "unknown macro {%.*s}", (int)c->name_len, c->name);
	return m_strings(e, c, 0);
}

/* {@name}: the shortcut's value, parsed again (§6). Used with arguments
 * ({@concept "x" "y"}, found in real data), it reads as the macro. */
static size_t shortcut(env *e, const call *c)
{
	const char *value = mk_shortcuts_get(e->p->opt->shortcuts, c->name,
					     c->name_len);
	int k = c->nargs ? find_macro(c) : -1;

	if (k >= 0)
		return macros[k].fn(e, c, macros[k].data);
	if (value) {
		bm_expand(e->p, e->src, e->at, value, strlen(value));
		return e->end;
	}
	doc_diag_add(e->p->b.d, e->p->path, e->line, e->col, DOC_WARNING,
		     "unknown shortcut {@%.*s}", (int)c->name_len, c->name);
	bm_text(e->p, e->src, e->at, e->src->s + e->at, e->end - e->at);
	return e->end;
}

size_t bm_brace(bm *p, bm_src *src, size_t i)
{
	char kind = i + 1 < src->n ? src->s[i + 1] : 0;
	int prefix = kind == '@' || kind == '=';
	call c;
	env e;
	size_t used = read_call(src->s, src->n, i, prefix, &c), next;
	int k;

	if (!used) {
		if (c.strs.oom)
			p->b.err = -ENOMEM;
		mk_buf_free(&c.strs);
		return 0;
	}
	e = (env){p, src, i, i + used, 0, 0};
	bm_pos(p, src, i, &e.line, &e.col);
	if (kind == '=') {
		next = e.end; /* {=form}: Lisp, shows nothing (§6) */
	} else if (kind == '@') {
		next = shortcut(&e, &c);
	} else {
		k = find_macro(&c);
		next = k >= 0 ? macros[k].fn(&e, &c, macros[k].data)
			      : unknown(&e, &c);
	}
	mk_buf_free(&c.strs);
	return next - i;
}
