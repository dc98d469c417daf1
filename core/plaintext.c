/* core/plaintext.c -- plain text notes, the fallback format.
 *
 * One ENTRY per file. Paragraphs are separated by blank lines and a
 * single newline is a space (text is soft-wrapped). Lines that look
 * preformatted (starting with four spaces or a tab) are CODE, kept line
 * by line less that indentation; blank lines between such lines stay in
 * the code. The title is the first line when it is short and a blank
 * line follows it (a heading, as people type one), else the file name
 * without its extension. Nothing else is interpreted: no markup. */
#include "mk_private.h"

#include <errno.h>
#include <string.h>

#define TITLE_MAX 60 /* characters; a longer first line is a paragraph */

typedef struct plain {
	mk_builder b;
	mk_lines lines;
	const char *s;
	size_t n;
	mk_buf code;      /* the code block being gathered */
	int code_line;    /* where it started, 0 when none */
	int blanks;       /* blank lines seen since its last line */
} plain;

static size_t eol(const char *s, size_t n, size_t i)
{
	const char *nl = memchr(s + i, '\n', n - i);

	return nl ? (size_t)(nl - s) : n;
}

static int blank(const char *s, size_t a, size_t e)
{
	for (size_t i = a; i < e; i++)
		if (s[i] != ' ' && s[i] != '\t')
			return 0;
	return 1;
}

/* Bytes of code indentation at s[a] (4 spaces or a tab), 0 if none. */
static size_t indent(const char *s, size_t a, size_t e)
{
	if (a < e && s[a] == '\t')
		return 1;
	if (e - a >= 4 && !memcmp(s + a, "    ", 4))
		return 4;
	return 0;
}

static void flush_code(plain *p)
{
	doc_node *n;

	if (!p->code_line)
		return;
	n = mk_bld_block(&p->b, DOC_NODE_CODE, p->code_line, 1);
	if (p->code.oom)
		p->b.err = -ENOMEM;
	mk_bld_set_text(&p->b, n, p->code.p ? p->code.p : "", p->code.len);
	p->code.len = 0;
	p->code_line = 0;
}

static void line(plain *p, size_t a, size_t e)
{
	size_t in = indent(p->s, a, e);
	int ln, col;

	mk_lines_at(&p->lines, a, &ln, &col);
	if (blank(p->s, a, e)) {
		mk_bld_end_para(&p->b);
		p->blanks++;
		return;
	}
	if (in) {
		mk_bld_end_para(&p->b);
		if (p->code_line) {
			for (int k = 0; k <= p->blanks; k++)
				mk_buf_putc(&p->code, '\n');
		} else {
			p->code_line = ln;
		}
		mk_buf_put(&p->code, p->s + a + in, e - a - in);
	} else {
		flush_code(p);
		mk_bld_text(&p->b, p->s + a, e - a, ln, col);
		mk_bld_text(&p->b, "\n", 1, ln, col);
	}
	p->blanks = 0;
}

/* The title line: first line, short, then a blank line. Returns where
 * the body starts (0 when there is no title line). */
static size_t title_line(const char *s, size_t n, size_t *te)
{
	size_t e = eol(s, n, 0), e2;

	if (e == n || blank(s, 0, e) || indent(s, 0, e) ||
	    mk_utf8_chars(s, e) > TITLE_MAX)
		return 0;
	e2 = eol(s, n, e + 1);
	if (e2 >= n || !blank(s, e + 1, e2))
		return 0; /* a title needs a body after the blank line */
	*te = e;
	return e + 1;
}

int mk_parse_plain(doc *d, const char *path, const char *text, size_t len)
{
	plain p;
	char date[11];
	int has_date = mk_date_from_name(path, date);
	size_t te = 0, i = title_line(text, len, &te);
	const char *base = mk_basename(path), *dot = strrchr(base, '.');
	int ret;

	memset(&p, 0, sizeof p);
	p.s = text;
	p.n = len;
	mk_bld_init(&p.b, d, path, has_date ? date : NULL);
	mk_lines_init(&p.lines, text, len);
	if (i) {
		while (te > 0 && (text[te - 1] == ' ' || text[te - 1] == '\t'))
			te--;
		mk_bld_entry(&p.b, text, te, 1, 1);
	} else {
		mk_bld_entry(&p.b, base, dot && dot != base ?
			     (size_t)(dot - base) : strlen(base), 1, 1);
	}
	while (i < len) {
		size_t e = eol(text, len, i);

		line(&p, i, e);
		i = e + 1;
	}
	flush_code(&p);
	if (p.code.oom)
		p.b.err = -ENOMEM;
	ret = mk_bld_finish(&p.b);
	mk_buf_free(&p.code);
	return ret;
}
