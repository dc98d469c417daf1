/* core/blogmax.c -- the BlogMax markup of notes-format.md: the scanner.
 *
 * One left-to-right pass over the normalised text (LF line ends, UTF-8).
 * At each byte the scanner dispatches on a few characters and leaves the
 * tree to core/builder.c:
 *   \    escapes: \c gives c, \{ is never a macro (§6, §7 step 1)
 *   {    {{{…}}}, {@shortcut}, {=lisp}, {macro args} (blogmax_macro.c)
 *   <    raw HTML tags and comments (blogmax_html.c)
 *   &    entities (§5)
 *   `    tt spans, literal: no escapes, no emphasis inside (§5 "cut out
 *        code … first, and keep them literal")
 *   * _  emphasis with the recommended opener rule of §5 (white space or
 *        the start before, a non-space after; the closer is the next same
 *        character on the same line), or a list marker
 *   #    a numbered list marker
 *   \n   a blank line ends paragraphs and markup lists (§4)
 * Text runs go through the site-specific replacements of §5: k8s becomes
 * "Kubernetes", rhbzN/kbzN/fdbzN/gbzN become bug links; smileys stay
 * ASCII. One-line input (§7: no newline in a long text) takes " * " and
 * " # " after a space as list markers, and ends lists at block
 * boundaries only.
 * Every scan moves forward: searches for closers are cached (bm_find), so
 * a 5 MB line is parsed in linear time. */
#include "blogmax.h"

#include <errno.h>
#include <string.h>

#define FLAT_MIN 160 /* a one-line text at least this long lost its newlines */

/* --- positions and searches ------------------------------------------------ */

void bm_pos(bm *p, const bm_src *src, size_t i, int *line, int *col)
{
	if (src->fixed) {
		*line = src->fline;
		*col = src->fcol;
	} else {
		mk_lines_at(&p->lines, i, line, col);
	}
}

static int lower(int c)
{
	return c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c;
}

static size_t search(const char *s, size_t n, size_t from, const char *needle,
		     int ci)
{
	size_t k = strlen(needle);

	for (size_t i = from; i + k <= n; i++) {
		const char *hit;
		size_t j = 0;

		if (!ci) {
			hit = memchr(s + i, needle[0], n - i);
			if (!hit)
				return BM_NONE;
			i = (size_t)(hit - s);
			if (i + k > n)
				return BM_NONE;
		}
		while (j < k && lower((unsigned char)s[i + j]) ==
				lower((unsigned char)needle[j]))
			j++;
		if (j == k)
			return i;
	}
	return BM_NONE;
}

static int memo_get(const bm_memo *m, size_t from, size_t *at)
{
	if (!m->valid || from < m->from || (m->at != BM_NONE && from > m->at))
		return 0;
	*at = m->at;
	return 1;
}

size_t bm_find(bm_src *src, bm_memo_id id, size_t from, const char *needle,
	       int ci)
{
	bm_memo *m = &src->memo[id];
	size_t at;

	if (memo_get(m, from, &at))
		return at;
	at = search(src->s, src->n, from, needle, ci);
	*m = (bm_memo){1, from, at};
	return at;
}

static int is_blank(char c)
{
	return c == ' ' || c == '\t';
}

size_t bm_blank_after(bm_src *src, size_t from)
{
	bm_memo *m = &src->memo[BM_MEMO_BLANK];
	size_t at = BM_NONE, i = from;

	if (memo_get(m, from, &at))
		return at;
	while (i < src->n) {
		const char *nl = memchr(src->s + i, '\n', src->n - i);
		size_t j;

		if (!nl)
			break;
		i = (size_t)(nl - src->s);
		j = i + 1;
		while (j < src->n && is_blank(src->s[j]))
			j++;
		if (j >= src->n || src->s[j] == '\n') {
			at = i;
			break;
		}
		i = j;
	}
	*m = (bm_memo){1, from, at};
	return at;
}

/* End of the line holding i (the newline's offset, or n). */
static size_t line_end(bm_src *src, size_t i)
{
	size_t e = bm_find(src, BM_MEMO_EOL, i, "\n", 0);

	return e == BM_NONE ? src->n : e;
}

/* --- text ------------------------------------------------------------------- */

void bm_text(bm *p, const bm_src *src, size_t i, const char *s, size_t n)
{
	int line = 0, col = 0;

	/* Most runs go on the text node already open: no position. */
	if (mk_bld_text_needs_pos(&p->b))
		bm_pos(p, src, i, &line, &col);
	mk_bld_text(&p->b, s, n, line, col);
}

static int is_space(char c)
{
	return c == ' ' || c == '\t' || c == '\n';
}

static int is_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

/* §5 bug links: prefix, then the tracker's URL for the number. */
static const struct {
	const char *prefix, *url;
} bug_links[] = {
	{"rhbz", "https://bugzilla.redhat.com/show_bug.cgi?id="},
	{"kbz", "https://bugzilla.kernel.org/show_bug.cgi?id="},
	{"fdbz", "https://bugs.freedesktop.org/show_bug.cgi?id="},
	{"gbz", "https://debbugs.gnu.org/cgi/bugreport.cgi?bug="},
};

enum { K8S = -1 }; /* replacement(): k8s rather than a bug_links index */

/* The replacement that begins at s[i], a word start: its length, 0 if
 * none; *kind is K8S or the index in bug_links. */
static size_t replacement(const bm_src *src, size_t i, int *kind)
{
	const char *s = src->s;

	if (src->n - i >= 3 && !memcmp(s + i, "k8s", 3) &&
	    (i + 3 >= src->n || !is_word((unsigned char)s[i + 3]))) {
		*kind = K8S;
		return 3;
	}
	for (size_t k = 0; k < sizeof bug_links / sizeof bug_links[0]; k++) {
		size_t pl, j;

		if (s[i] != bug_links[k].prefix[0])
			continue; /* most words: no strlen, no memcmp */
		pl = strlen(bug_links[k].prefix);
		j = i + pl;
		if (src->n - i <= pl ||
		    memcmp(s + i, bug_links[k].prefix, pl) != 0)
			continue;
		while (j < src->n && s[j] >= '0' && s[j] <= '9')
			j++;
		if (j == i + pl || (j < src->n && is_word((unsigned char)s[j])))
			return 0;
		*kind = (int)k;
		return j - i;
	}
	return 0;
}

/* Puts out the replacement of s[i, i + len) found by replacement(). */
static void replace(bm *p, const bm_src *src, size_t i, size_t len, int kind)
{
	const char *s = src->s;
	size_t pl;
	mk_buf url = {0};
	doc_node *link;
	int line, col;

	if (kind == K8S) {
		bm_text(p, src, i, "Kubernetes", 10);
		return;
	}
	pl = strlen(bug_links[kind].prefix);
	bm_pos(p, src, i, &line, &col);
	mk_buf_put(&url, bug_links[kind].url, strlen(bug_links[kind].url));
	mk_buf_put(&url, s + i + pl, len - pl);
	link = mk_bld_inline_open(&p->b, DOC_NODE_LINK, MK_FROM_HTML, 0, line,
				  col);
	if (link && !url.oom)
		link->url = mk_bld_strdup(&p->b, url.p, url.len);
	mk_buf_free(&url);
	mk_bld_text(&p->b, s + i, len, line, col);
	if (link)
		mk_bld_inline_close(&p->b, p->b.ninl - 1);
}

/* The bytes step() dispatches on: each ends a run of text. */
static const char specials[] = "\\{<&`*_#\n";

/* The end of the run of text from s[i]: the next special byte, or n.
 * In the file's text, which ends in a NUL and holds none before
 * (bm_src.nul), strcspn finds it many bytes at a time; elsewhere (a
 * shortcut's value) a byte at a time. */
static size_t run_end(const bm_src *src, size_t i)
{
	size_t k = i;

	if (src->nul)
		k += strcspn(src->s + i, specials);
	else
		while (k < src->n && (!src->s[k] ||
				      !strchr(specials, src->s[k])))
			k++;
	return k < src->n ? k : src->n;
}

/* The first ASCII digit of s[k, end), or end. Eight bytes at a time: a
 * byte below 0x80 is a digit when its low seven bits plus 0x50 reach
 * bit 7 (it is 0x30 or more) and 0xB9 less them keeps bit 7 (0x39 or
 * less); no carry or borrow crosses a byte. */
static size_t next_digit(const char *s, size_t k, size_t end)
{
	const uint64_t low7 = 0x7F * W8_ONES;

	while (end - k >= 8) {
		const uint64_t w = w8_load(s + k), x = w & low7;

		if (((0xB9 * W8_ONES - x) & (x + 0x50 * W8_ONES) & ~w &
		     W8_HIGHS) != 0)
			break;
		k += 8;
	}
	while (k < end && (s[k] < '0' || s[k] > '9'))
		k++;
	return k;
}

static int word_start(const char *s, size_t k)
{
	return k == 0 || !is_word((unsigned char)s[k - 1]);
}

/* Where a replacement may begin, found from digit s[d]: every one holds
 * a digit (k8s, and a bug link's number). The word start before it in
 * s[from, d): the k of k8s, or a bug link's prefix ending at d; NONE
 * if there is none. */
static size_t replacement_before(const char *s, size_t from, size_t d)
{
	if (d > from && s[d - 1] == 'k' && s[d] == '8')
		return word_start(s, d - 1) ? d - 1 : BM_NONE;
	for (size_t k = 0; k < sizeof bug_links / sizeof bug_links[0]; k++) {
		size_t pl = strlen(bug_links[k].prefix);

		if (d - from >= pl &&
		    !memcmp(s + d - pl, bug_links[k].prefix, pl))
			return word_start(s, d - pl) ? d - pl : BM_NONE;
	}
	return BM_NONE;
}

/* Can a replacement begin with letter c: the k of k8s, or the first
 * letter of a bug link's prefix? */
static int replacement_letter(char c)
{
	for (size_t k = 0; k < sizeof bug_links / sizeof bug_links[0]; k++)
		if (c == bug_links[k].prefix[0])
			return 1;
	return c == 'k';
}

/* s[start, end) opens with white space and then a word that starts
 * with a replacement_letter: that white space goes out as a text of its
 * own, as when every such word start was looked at in turn (it cut the
 * run there), so that a text node that starts there has the word's
 * position. Returns where the text now starts. */
static size_t lead_space(bm *p, const bm_src *src, size_t start, size_t end)
{
	const char *s = src->s;
	size_t j = start;

	while (j < end && (s[j] == ' ' || s[j] == '\t' || s[j] == '\r' ||
			   s[j] == '\f'))
		j++;
	if (j == start || j == end || !replacement_letter(s[j]))
		return start;
	bm_text(p, src, start, s + start, j - start);
	return j;
}

/* A run of ordinary text from s[i] to the next special byte, with the
 * word replacements of §5. step() sends no special byte here, so the
 * run takes at least s[i]. Its end is found first (run_end), then its
 * replacements from the digits in it (next_digit): prose has few. */
static size_t on_text(bm *p, bm_src *src, size_t i)
{
	const char *s = src->s;
	size_t end = run_end(src, i), start = lead_space(p, src, i, end);
	size_t from = start, d;

	while ((d = next_digit(s, from, end)) < end) {
		size_t w = replacement_before(s, start, d), used = 0;
		int kind = K8S;

		from = d + 1;
		if (w != BM_NONE)
			used = replacement(src, w, &kind);
		if (!used)
			continue;
		if (w > start)
			bm_text(p, src, start, s + start, w - start);
		replace(p, src, w, used, kind);
		start = lead_space(p, src, w + used, end);
		from = start;
	}
	bm_text(p, src, start, s + start, end - start);
	return end - i;
}

/* --- escapes and entities ------------------------------------------------- */

/* §3 step 4 / §6: \c gives c; a lone trailing backslash is deleted. */
static size_t on_escape(bm *p, bm_src *src, size_t i)
{
	size_t l;

	if (i + 1 >= src->n || src->s[i + 1] == '\n')
		return 1;
	l = mk_utf8_len((unsigned char)src->s[i + 1]);
	if (l > src->n - i - 1)
		l = src->n - i - 1;
	bm_text(p, src, i, src->s + i + 1, l);
	return 1 + l;
}

static size_t on_amp(bm *p, bm_src *src, size_t i)
{
	char u[8];
	size_t ul, used = mk_entity(src->s + i, src->n - i, u, &ul);

	if (!used) {
		bm_text(p, src, i, "&", 1);
		return 1;
	}
	bm_text(p, src, i, u, ul);
	return used;
}

/* --- tt spans and emphasis (§5) --------------------------------------------- */

/* The opener rule: white space or the start of the text before. */
static int after_space(const bm_src *src, size_t i)
{
	return i == 0 || is_space(src->s[i - 1]);
}

static size_t on_tick(bm *p, bm_src *src, size_t i)
{
	size_t eol = line_end(src, i);

	/* A failed search means no backtick is left on this line, so the
	 * next one cannot search again: linear. */
	if (after_space(src, i) && i + 1 < eol) {
		const char *close = memchr(src->s + i + 1, '`', eol - i - 1);

		if (close && close > src->s + i + 1) {
			size_t len = (size_t)(close - (src->s + i + 1));
			int line, col;

			bm_pos(p, src, i, &line, &col);
			mk_bld_leaf(&p->b, DOC_NODE_CODE_SPAN, src->s + i + 1,
				    len, line, col);
			return len + 2;
		}
	}
	bm_text(p, src, i, "`", 1);
	return 1;
}

/* "* " or "# " at a line start, or (one-line input) after a space. */
static int list_marker(const bm *p, const bm_src *src, size_t i)
{
	if (src->fixed || i + 1 >= src->n || src->s[i + 1] != ' ')
		return 0;
	if (p->flat)
		return i == 0 || src->s[i - 1] == ' ';
	return i == 0 || src->s[i - 1] == '\n';
}

void bm_list_item(bm *p, const bm_src *src, size_t i, int numbered)
{
	int li = mk_bld_find(&p->b, DOC_NODE_LIST, MK_FROM_MARKUP);
	int line, col;

	bm_pos(p, src, i, &line, &col);
	if (li >= 0 && p->b.blocks[li].node->level != numbered) {
		mk_bld_close(&p->b, li);
		li = -1;
	}
	if (li < 0) {
		doc_node *list = mk_bld_open(&p->b, DOC_NODE_LIST,
					     MK_FROM_MARKUP, line, col);

		if (!list)
			return;
		list->level = numbered;
	}
	mk_bld_item(&p->b, MK_FROM_MARKUP, line, col);
}

static size_t on_delim(bm *p, bm_src *src, size_t i)
{
	char c = src->s[i];
	int k, line, col;

	if (c == '*' && list_marker(p, src, i)) {
		bm_list_item(p, src, i, 0);
		return 2;
	}
	bm_pos(p, src, i, &line, &col);
	k = mk_bld_inline_find(&p->b, MK_FROM_DELIM, c);
	if (k >= 0) {
		mk_bld_inline_close(&p->b, k);
		return 1;
	}
	if (after_space(src, i) && i + 1 < src->n && !is_space(src->s[i + 1]) &&
	    mk_bld_inline_open(&p->b, c == '*' ? DOC_NODE_STRONG :
				DOC_NODE_EMPH, MK_FROM_DELIM, c, line, col))
		return 1;
	mk_bld_text(&p->b, &c, 1, line, col);
	return 1;
}

static size_t on_hash(bm *p, bm_src *src, size_t i)
{
	if (list_marker(p, src, i)) {
		bm_list_item(p, src, i, 1);
		return 2;
	}
	bm_text(p, src, i, "#", 1);
	return 1;
}

/* --- lines and blocks -------------------------------------------------- */

void bm_boundary(bm *p, int heading)
{
	mk_bld_end_para(&p->b);
	if (p->flat || heading)
		mk_bld_close(&p->b, mk_bld_find_outer(&p->b, MK_FROM_MARKUP));
}

static size_t on_newline(bm *p, bm_src *src, size_t i)
{
	size_t j = i + 1;

	mk_bld_line_end(&p->b); /* §5: emphasis closes on its own line */
	while (j < src->n && is_blank(src->s[j]))
		j++;
	if (j < src->n && src->s[j] != '\n') {
		bm_text(p, src, i, "\n", 1);
		return 1;
	}
	/* A blank line (§4): ends the paragraph and a markup list; what
	 * raw HTML or {instable} opened stays open. */
	mk_bld_end_para(&p->b);
	mk_bld_close(&p->b, mk_bld_find_outer(&p->b, MK_FROM_MARKUP));
	return j - i;
}

/* In one-line input, code lost its line breaks: break again before each
 * repeat of the first word (podman … podman …, lxc … lxc …). */
static void split_commands(const char *s, size_t n, mk_buf *out)
{
	size_t w = 0, from = out->len;

	while (w < n && !is_space(s[w]))
		w++;
	mk_buf_put(out, s, n);
	if (w < 2 || w == n || out->oom)
		return;
	for (size_t i = w + 1; i + w <= n; i++) {
		if (s[i - 1] == ' ' && !memcmp(s + i, s, w) &&
		    (i + w == n || is_space(s[i + w]))) {
			out->p[from + i - 1] = '\n';
			i += w;
		}
	}
}

void bm_code_text(const bm *p, const char *s, size_t n, mk_buf *out)
{
	size_t a = 0;

	if (p->flat) {
		while (a < n && is_space(s[a]))
			a++;
	} else {
		/* Blank lines right after the opener go (§4); so do spaces
		 * when the code starts on the opener's line. */
		size_t k = 0;

		while (k < n && is_space(s[k]))
			if (s[k++] == '\n')
				a = k;
		if (!a)
			a = k;
	}
	while (n > a && is_space(s[n - 1]))
		n--;
	if (p->flat)
		split_commands(s + a, n - a, out);
	else
		mk_buf_put(out, s + a, n - a);
	if (!out->p)
		mk_buf_put(out, "", 0);
}

/* {{{ … }}} (§4): verbatim up to the first }}}, no entities, no escapes
 * (the hazards of §7: backticks and \\( inside stay as they are). */
static size_t triple(bm *p, bm_src *src, size_t i)
{
	size_t end = bm_find(src, BM_MEMO_TRIPLE, i + 3, "}}}", 0), next;
	mk_buf code = {0};
	int line, col;

	bm_pos(p, src, i, &line, &col);
	if (end == BM_NONE) {
		doc_diag_add(p->b.d, p->path, line, col, DOC_WARNING,
			     "{{{ is not closed: code runs to the end");
		end = next = src->n;
	} else {
		next = end + 3;
	}
	bm_boundary(p, 0);
	bm_code_text(p, src->s + i + 3, end - i - 3, &code);
	bm_literal_block(p, DOC_NODE_CODE, line, col, &code);
	return next - i;
}

void bm_literal_block(bm *p, doc_type type, int line, int col, mk_buf *text)
{
	doc_node *n = mk_bld_block(&p->b, type, line, col);

	if (text->oom)
		p->b.err = -ENOMEM;
	else
		mk_bld_set_text(&p->b, n, text->p, text->len);
	mk_buf_free(text);
}

static size_t on_brace(bm *p, bm_src *src, size_t i)
{
	size_t used;

	if (src->n - i >= 3 && !memcmp(src->s + i, "{{{", 3))
		return triple(p, src, i);
	used = bm_brace(p, src, i);
	if (used)
		return used;
	bm_text(p, src, i, "{", 1);
	return 1;
}

static size_t on_angle(bm *p, bm_src *src, size_t i)
{
	size_t used = bm_angle(p, src, i);

	if (used)
		return used;
	bm_text(p, src, i, "<", 1);
	return 1;
}

/* --- the scanner ------------------------------------------------------------- */

static size_t step(bm *p, bm_src *src, size_t i)
{
	switch (src->s[i]) {
	case '\\':
		return on_escape(p, src, i);
	case '{':
		return on_brace(p, src, i);
	case '<':
		return on_angle(p, src, i);
	case '&':
		return on_amp(p, src, i);
	case '`':
		return on_tick(p, src, i);
	case '*':
	case '_':
		return on_delim(p, src, i);
	case '#':
		return on_hash(p, src, i);
	case '\n':
		return on_newline(p, src, i);
	default:
		return on_text(p, src, i);
	}
}

static void run_from(bm *p, bm_src *src, size_t i)
{
	while (i < src->n && !p->b.err)
		i += step(p, src, i);
	mk_bld_line_end(&p->b);
}

void bm_run(bm *p, bm_src *src)
{
	run_from(p, src, 0);
}

void bm_expand(bm *p, const bm_src *src, size_t i, const char *value,
	       size_t n)
{
	bm_src sub;

	memset(&sub, 0, sizeof sub);
	sub.s = value;
	sub.n = n;
	sub.fixed = 1;
	sub.depth = src->depth + 1;
	bm_pos(p, src, i, &sub.fline, &sub.fcol);
	if (sub.depth > BM_SHORTCUT_DEPTH) {
		doc_diag_add(p->b.d, p->path, sub.fline, sub.fcol, DOC_WARNING,
			     "shortcuts nested more than %d deep",
			     BM_SHORTCUT_DEPTH);
		return;
	}
	bm_run(p, &sub);
}

/* --- text of arguments -------------------------------------------------------- */

/* Nonzero when bm_clean may change byte c under `flags`; the others are
 * copied as they are. */
static int clean_special(char c, int flags)
{
	switch (c) {
	case ' ':
	case '\t':
	case '\n':
		return flags & BM_CLEAN_SPACE;
	case '\\':
		return flags & BM_CLEAN_ESC;
	case '&':
		return 1;
	case '<':
		return flags & BM_CLEAN_TAGS;
	default:
		return 0;
	}
}

void bm_clean(const char *s, size_t n, int flags, mk_buf *out)
{
	size_t start = out->len;
	int space = 0;

	for (size_t i = 0; i < n; i++) {
		char c = s[i], u[8];
		size_t ul, used;

		if ((flags & BM_CLEAN_SPACE) && is_space(c)) {
			space = out->len > start;
			continue;
		}
		if (space)
			mk_buf_putc(out, ' ');
		space = 0;
		if (!clean_special(c, flags)) {
			/* The bytes up to the next special one, in one put
			 * rather than one a byte. */
			size_t j = i + 1;

			while (j < n && !clean_special(s[j], flags))
				j++;
			mk_buf_put(out, s + i, j - i);
			i = j - 1;
		} else if (c == '\\' && (flags & BM_CLEAN_ESC)) {
			if (i + 1 < n)
				mk_buf_putc(out, s[++i]);
		} else if (c == '&' && (used = mk_entity(s + i, n - i, u, &ul))) {
			mk_buf_put(out, u, ul);
			i += used - 1;
		} else if (c == '<' && (flags & BM_CLEAN_TAGS) && i + 1 < n &&
			   (s[i + 1] == '/' || s[i + 1] == '!' ||
			    (lower((unsigned char)s[i + 1]) >= 'a' &&
			     lower((unsigned char)s[i + 1]) <= 'z')) &&
			   memchr(s + i, '>', n - i)) {
			i = (size_t)((const char *)memchr(s + i, '>', n - i) -
				     s);
		} else {
			mk_buf_putc(out, c);
		}
	}
	if (!out->p)
		mk_buf_put(out, "", 0);
}

/* --- the file ----------------------------------------------------------- */

/* §7: one-line input lost its newlines (a final newline aside). */
static int is_flat(const char *s, size_t n)
{
	while (n > 0 && is_space(s[n - 1]))
		n--;
	return n >= FLAT_MIN && !memchr(s, '\n', n);
}

/* §2: <!--Title--> at byte 0 (or <a name="Title">) titles the page.
 * Returns the bytes it takes, the title in out. */
static size_t title_at_start(const char *s, size_t n, mk_buf *out)
{
	bm_tag tag;
	size_t end;

	if (n >= 4 && !memcmp(s, "<!--", 4)) {
		end = search(s, n, 4, "-->", 0);
		if (end == BM_NONE)
			return 0;
		bm_clean(s + 4, end - 4, BM_CLEAN_SPACE | BM_CLEAN_TAGS, out);
		return end + 3;
	}
	if (n >= 2 && s[0] == '<' && bm_tag_parse(s, n, &tag) &&
	    !strcmp(tag.name, "a") && !tag.close && tag.aname && !tag.href) {
		bm_clean(tag.aname, tag.aname_len, BM_CLEAN_SPACE, out);
		return tag.len;
	}
	return 0;
}

int mk_parse_blogmax(doc *d, const char *path, const char *text, size_t len,
		     const mk_options *opt)
{
	bm p;
	bm_src src;
	mk_buf title = {0};
	char date[11];
	int has_date = mk_date_from_name(path, date), ret;
	size_t start;
	doc_node *first;

	memset(&p, 0, sizeof p);
	memset(&src, 0, sizeof src);
	mk_bld_init(&p.b, d, path, has_date ? date : NULL);
	mk_lines_init(&p.lines, text, len);
	p.opt = opt;
	p.path = path;
	p.flat = is_flat(text, len);
	src.s = text;
	src.n = len;
	src.nul = 1; /* mk_parse's normalised text */
	start = title_at_start(text, len, &title);
	if (start && title.len)
		first = mk_bld_entry(&p.b, title.p, title.len, 1, 1);
	else
		first = mk_bld_entry(&p.b, has_date ? date : NULL,
				     has_date ? 10 : 0, 1, 1);
	if (title.oom)
		p.b.err = -ENOMEM;
	mk_buf_free(&title);
	run_from(&p, &src, start);
	ret = mk_bld_finish(&p.b);
	/* The text before the first {section}: dropped when it holds
	 * nothing (a title comment followed by a section, say). */
	if (first && !first->first_child)
		doc_unlink(first);
	return ret;
}
