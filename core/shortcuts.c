/* core/shortcuts.c -- shortcuts.el, the table behind {@name}.
 *
 * notes-format.md §6: a Lisp list of ("name" "value") pairs, names matched
 * case-insensitively; the value may hold macros or HTML. This reads just
 * enough Lisp for that: strings with their escapes, nested lists, `;`
 * comments, quote marks and dotted pairs. Any list whose first two
 * elements are strings is a pair; anything else is skipped. The first
 * pair of a name wins, as Emacs' assoc does. */
#include "mk_private.h"

#include <stdlib.h>
#include <string.h>

typedef struct pair {
	char *name, *value;
} pair;

struct mk_shortcuts {
	pair *pairs;
	size_t n, cap;
};

size_t mk_lisp_string(const char *s, size_t n, mk_buf *out)
{
	size_t i = 1, j;

	if (!n || s[0] != '"')
		return 0;
	while (i < n && s[i] != '"') {
		if (s[i] == '\\' && i + 1 < n) {
			char c = s[i + 1];

			/* Emacs Lisp reader: \n \t, an escaped newline
			 * vanishes, any other \c is c. */
			if (c == 'n')
				mk_buf_putc(out, '\n');
			else if (c == 't')
				mk_buf_putc(out, '\t');
			else if (c != '\n')
				mk_buf_putc(out, c);
			i += 2;
			continue;
		}
		/* The bytes up to the next quote or escape, in one put
		 * (at least this one: a backslash that ends the text). */
		j = i + 1;
		while (j < n && s[j] != '"' && s[j] != '\\')
			j++;
		mk_buf_put(out, s + i, j - i);
		i = j;
	}
	if (i >= n)
		return 0;
	if (!out->p)
		mk_buf_put(out, "", 0); /* an empty string is still a string */
	return i + 1;
}

static char *dup_buf(const mk_buf *b)
{
	char *p = malloc(b->len + 1);

	if (p) {
		if (b->len)
			memcpy(p, b->p, b->len);
		p[b->len] = 0;
	}
	return p;
}

static int add_pair(mk_shortcuts *s, const mk_buf *name, const mk_buf *value)
{
	pair *np;

	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 32;

		np = realloc(s->pairs, cap * sizeof *np);
		if (!np)
			return -1;
		s->pairs = np;
		s->cap = cap;
	}
	s->pairs[s->n].name = dup_buf(name);
	s->pairs[s->n].value = dup_buf(value);
	if (!s->pairs[s->n].name || !s->pairs[s->n].value) {
		free(s->pairs[s->n].name);
		free(s->pairs[s->n].value);
		return -1;
	}
	s->n++;
	return 0;
}

/* The list being read: how many elements, and whether the first two are
 * strings (kept in name/value). */
typedef struct frame {
	int elems, strings;
} frame;

#define LISP_DEPTH 64

/* One element at text[i] inside the innermost frame; returns the new i,
 * or 0 on out-of-memory. */
static size_t element(mk_shortcuts *s, const char *t, size_t n, size_t i,
		      frame *stack, int *depth, mk_buf str[2])
{
	frame *top = *depth > 0 ? &stack[*depth - 1] : NULL;
	char c = t[i];

	if (c == ';') {
		const char *nl = memchr(t + i, '\n', n - i);

		return nl ? (size_t)(nl - t) + 1 : n;
	}
	if (c == '(') {
		if (top)
			top->elems++;
		if (*depth < LISP_DEPTH)
			stack[(*depth)++] = (frame){0, 0};
		str[0].len = str[1].len = 0;
		return i + 1;
	}
	if (c == ')') {
		if (top && top->elems == 2 && top->strings == 2 &&
		    add_pair(s, &str[0], &str[1]) < 0)
			return 0;
		if (*depth > 0)
			(*depth)--;
		return i + 1;
	}
	if (c == '"') {
		mk_buf tmp = {0};
		size_t used = mk_lisp_string(t + i, n - i, &tmp);

		if (!used) {
			mk_buf_free(&tmp);
			return n;
		}
		if (top && top->elems < 2 && top->strings == top->elems) {
			str[top->elems].len = 0;
			mk_buf_put(&str[top->elems], tmp.p, tmp.len);
			top->strings++;
		}
		if (top)
			top->elems++;
		mk_buf_free(&tmp);
		return i + used;
	}
	if (c == '.' && top && (i + 1 >= n || t[i + 1] == ' ' ||
				t[i + 1] == '\n' || t[i + 1] == '\t'))
		return i + 1; /* dotted pair: ("a" . "b") */
	if (c == ' ' || c == '\t' || c == '\n' || c == '\'' || c == '`')
		return i + 1;
	/* A symbol or number: one element. */
	if (top)
		top->elems++;
	while (i < n && !strchr(" \t\n()\";", t[i]))
		i++;
	return i;
}

mk_shortcuts *mk_shortcuts_parse(const char *bytes, size_t len)
{
	mk_shortcuts *s = calloc(1, sizeof *s);
	frame stack[LISP_DEPTH];
	mk_buf str[2] = {{0}, {0}};
	int depth = 0, failed = 0;
	size_t n = 0, i = 0;
	char *t;

	if (!s)
		return NULL;
	t = mk_normalise(bytes, bytes ? len : 0, &n);
	if (!t) {
		free(s);
		return NULL;
	}
	while (i < n && !failed) {
		size_t next = element(s, t, n, i, stack, &depth, str);

		if (!next || str[0].oom || str[1].oom)
			failed = 1;
		i = next;
	}
	free(t);
	mk_buf_free(&str[0]);
	mk_buf_free(&str[1]);
	if (failed) {
		mk_shortcuts_free(s);
		return NULL;
	}
	return s;
}

static int same_ci(const char *a, const char *b, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char x = (unsigned char)a[i], y = (unsigned char)b[i];

		if (x >= 'A' && x <= 'Z')
			x = (unsigned char)(x - 'A' + 'a');
		if (y >= 'A' && y <= 'Z')
			y = (unsigned char)(y - 'A' + 'a');
		if (x != y)
			return 0;
	}
	return 1;
}

const char *mk_shortcuts_get(const mk_shortcuts *s, const char *name,
			     size_t name_len)
{
	if (!s || !name)
		return NULL;
	for (size_t i = 0; i < s->n; i++)
		if (strlen(s->pairs[i].name) == name_len &&
		    same_ci(s->pairs[i].name, name, name_len))
			return s->pairs[i].value;
	return NULL;
}

size_t mk_shortcuts_count(const mk_shortcuts *s)
{
	return s ? s->n : 0;
}

void mk_shortcuts_free(mk_shortcuts *s)
{
	if (!s)
		return;
	for (size_t i = 0; i < s->n; i++) {
		free(s->pairs[i].name);
		free(s->pairs[i].value);
	}
	free(s->pairs);
	free(s);
}
