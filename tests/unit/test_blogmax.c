/* core/blogmax: the BlogMax markup of shared/docs/notes-format.md.
 *
 * Each construct, and each hazard listed at the end of §7, has its own
 * check on the exact doc_dump() output or the exact text of a node. The
 * real notes of shared/samples/notes/ are parsed too (skipped when the
 * folder is absent), with facts read from them by hand. */
#include "check.h"
#include "testutil.h"

#include "core/markup.h"
#include "core/mk_private.h"

static mk_shortcuts *shortcuts;

/* Parses src as BlogMax under `path`; returns the doc (caller frees). */
static doc *parse_as(const char *path, const char *src, size_t len)
{
	mk_options o = {.format = MK_FORMAT_BLOGMAX, .shortcuts = shortcuts};
	doc *d = doc_new();

	if (!d || mk_parse(d, path, src, len, &o) != 0)
		abort();
	return d;
}

static char *dump_of(const doc *d)
{
	char *out = NULL;

	if (doc_dump(doc_root(d), &out, NULL) != 0)
		abort();
	return out;
}

/* The dump of src parsed as "note.txt" (undated) equals want. */
static void dump_is(const char *name, const char *src, const char *want)
{
	doc *d = parse_as("note.txt", src, strlen(src));
	char *got = dump_of(d);

	STR_EQ(got, want, "%s", name);
	free(got);
	doc_free(d);
}

/* The first node of `type` under n, depth first, or NULL. */
typedef struct finder {
	doc_type type;
	int skip;
	const doc_node *found;
} finder;

static int find_cb(const doc_node *n, doc_event ev, void *user)
{
	finder *f = user;

	if (ev == DOC_ENTER && n->type == f->type && f->skip-- == 0) {
		f->found = n;
		return 1;
	}
	return 0;
}

static const doc_node *nth(const doc *d, doc_type type, int k)
{
	finder f = {type, k, NULL};

	doc_walk(doc_root(d), find_cb, &f);
	return f.found;
}

/* The text of the k-th node of `type` in src parsed, or NULL. */
static char *text_of(const char *src, doc_type type, int k)
{
	doc *d = parse_as("note.txt", src, strlen(src));
	const doc_node *n = nth(d, type, k);
	char *t = n && n->text ? strdup(n->text) : NULL;

	doc_free(d);
	return t;
}

static void text_is(const char *name, const char *src, doc_type type, int k,
		    const char *want)
{
	char *t = text_of(src, type, k);

	STR_EQ(t, want, "%s", name);
	free(t);
}

/* --- §7 hazards --------------------------------------------------------- */

static void test_hazards(void)
{
	text_is("hazard `*scratch*` stays literal",
		"experiments with the `*scratch*` buffer",
		DOC_NODE_CODE_SPAN, 0, "*scratch*");
	dump_is("hazard `*scratch*`: no strong anywhere",
		"with the `*scratch*` buffer\n",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"with the \"\n"
		"      code_span \"*scratch*\"\n"
		"      text \" buffer\"\n");
	text_is("hazard `_` stays literal", "The `_` itself _makes it_ a",
		DOC_NODE_CODE_SPAN, 0, "_");
	dump_is("hazard `_` then _makes it_",
		"The `_` itself _makes it_ a word",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"The \"\n"
		"      code_span \"_\"\n"
		"      text \" itself \"\n"
		"      emph\n"
		"        text \"makes it\"\n"
		"      text \" a word\"\n");
	text_is("hazard `\\\\b` keeps both backslashes",
		"recognize the `\\\\b` form", DOC_NODE_CODE_SPAN, 0, "\\\\b");
	text_is("hazard `\\s-` keeps its backslash",
		"is to use `\\s-` in the regexp", DOC_NODE_CODE_SPAN, 0,
		"\\s-");
	text_is("hazard backticks and \\\\( inside {{{ }}}",
		"i.e.: {{{ (\"\\\\(\\\\s-\\\\)`\\\\(.*?\\\\)`\" \"\\\\1\\\\2\") }}}"
		" That", DOC_NODE_CODE, 0,
		"(\"\\\\(\\\\s-\\\\)`\\\\(.*?\\\\)`\" \"\\\\1\\\\2\")");
	text_is("hazard ;-) and :-( stay ASCII",
		"reasonable to me ;-) into the process :-( ok :-)",
		DOC_NODE_TEXT, 0,
		"reasonable to me ;-) into the process :-( ok :-)");
	text_is("hazard 2Kx100B stays, k8s becomes Kubernetes",
		"Each node gets 2Kx100B = 200k. Addressed in k8s with slices.",
		DOC_NODE_TEXT, 0,
		"Each node gets 2Kx100B = 200k. Addressed in Kubernetes with "
		"slices.");
	text_is("k8s only as a word", "k8sx ak8s k8s.", DOC_NODE_TEXT, 0,
		"k8sx ak8s Kubernetes.");
	dump_is("hazard unclosed-looking \"KVM small",
		"called \"KVM small Want to use `qemu` and {tt \"x\"} now.",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"called \\\"KVM small Want to use \"\n"
		"      code_span \"qemu\"\n"
		"      text \" and \"\n"
		"      code_span \"x\"\n"
		"      text \" now.\"\n");
	dump_is("hazard {margaid} directly followed by a quote",
		"play: {diagram} graph TD a[A] --> b[B] {margaid} \"The dirty "
		"secret\". In",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"play:\"\n"
		"    diagram \"graph TD a[A] --> b[B]\"\n"
		"    paragraph\n"
		"      text \"\\\"The dirty secret\\\". In\"\n");
	dump_is("hazard §5: a list star is no opener: * a *b*",
		"* a *b*\n",
		"document\n"
		"  entry\n"
		"    list\n"
		"      item\n"
		"        paragraph\n"
		"          text \"a \"\n"
		"          strong\n"
		"            text \"b\"\n");
	text_is("hazard §5: emphasis never runs inside code",
		"{{{ a _b_ *c* }}}", DOC_NODE_CODE, 0, "a _b_ *c*");
}

/* --- §5 inline -------------------------------------------------------------- */

static void test_inline(void)
{
	dump_is("*strong* and _em_",
		"a *bold* and _it_ b",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"a \"\n"
		"      strong\n"
		"        text \"bold\"\n"
		"      text \" and \"\n"
		"      emph\n"
		"        text \"it\"\n"
		"      text \" b\"\n");
	text_is("no opener inside words: snake_case, 2*3*4",
		"snake_case and 2*3*4 and a_b_c", DOC_NODE_TEXT, 0,
		"snake_case and 2*3*4 and a_b_c");
	text_is("(`x`) is not converted: the opener follows no space",
		"see (`x`) here", DOC_NODE_TEXT, 0, "see (`x`) here");
	dump_is("_foo_bar_ gives em(foo) then bar_",
		" _foo_bar_",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      emph\n"
		"        text \"foo\"\n"
		"      text \"bar_\"\n");
	text_is("an opener needs a non-space after it", "a * b _ c",
		DOC_NODE_TEXT, 0, "a * b _ c");
	dump_is("an unclosed opener is text at the end of its line",
		"a *b c\nd* e",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"a *b c d* e\"\n");
	dump_is("an opener at the start of input counts",
		"*Opinion* I believe",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      strong\n"
		"        text \"Opinion\"\n"
		"      text \" I believe\"\n");
	dump_is("nested emphasis", "a *b _c_ d* e",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"a \"\n"
		"      strong\n"
		"        text \"b \"\n"
		"        emph\n"
		"          text \"c\"\n"
		"        text \" d\"\n"
		"      text \" e\"\n");
	text_is("tt needs its closer on the same line", "a `b\nc` d",
		DOC_NODE_TEXT, 0, "a `b c` d");
	text_is("escapes: \\{ \\} \\\\ \\*", "\\{tt \"x\"\\} \\\\ \\*a*",
		DOC_NODE_TEXT, 0, "{tt \"x\"} \\ *a*");
	text_is("entities", "&lt;b&gt; &amp; &quot;q&quot; &eacute;t&eacute; "
		"&#65;&#x42; &bogus; & x", DOC_NODE_TEXT, 0,
		"<b> & \"q\" \xc3\xa9t\xc3\xa9 AB &bogus; & x");
	text_is("&nbsp; is a no-break space", "a&nbsp;b", DOC_NODE_TEXT, 0,
		"a\xc2\xa0" "b");
	dump_is("bug links", "see rhbz1234 and gbz42.",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"see \"\n"
		"      link \"https://bugzilla.redhat.com/show_bug.cgi?id=1234\"\n"
		"        text \"rhbz1234\"\n"
		"      text \" and \"\n"
		"      link \"https://debbugs.gnu.org/cgi/bugreport.cgi?bug=42\"\n"
		"        text \"gbz42\"\n"
		"      text \".\"\n");
	text_is("white space collapses", "a  \t b\n   c", DOC_NODE_TEXT, 0,
		"a b c");
}

/* §5 replacements the byte-at-a-time way: at each word start, k8s
 * before a non-word byte, or a bug prefix, digits and a non-word byte.
 * Appends the dump lines of the paragraph's children to out. */
static int ref_word(unsigned char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9') || c >= 0x80;
}

static void ref_flush(char *out, char *cur)
{
	if (*cur)
		sprintf(out + strlen(out), "      text \"%s\"\n", cur);
	*cur = 0;
}

static void ref_replaced(const char *s, char *out)
{
	static const char *const prefix[] = {"rhbz", "kbz", "fdbz", "gbz"};
	static const char *const url[] = {
		"https://bugzilla.redhat.com/show_bug.cgi?id=",
		"https://bugzilla.kernel.org/show_bug.cgi?id=",
		"https://bugs.freedesktop.org/show_bug.cgi?id=",
		"https://debbugs.gnu.org/cgi/bugreport.cgi?bug="};
	size_t n = strlen(s), k = 0;
	char cur[4096] = "";

	while (k < n) {
		int done = 0;

		if (k == 0 || !ref_word((unsigned char)s[k - 1])) {
			if (strncmp(s + k, "k8s", 3) == 0 &&
			    /* NOLINTNEXTLINE(clang-analyzer-core.CallAndMessage) -- s ends in a NUL */
			    !ref_word((unsigned char)s[k + 3])) {
				strncat(cur, "Kubernetes",
					sizeof cur - strlen(cur) - 1);
				k += 3;
				continue;
			}
			for (int b = 0; b < 4 && !done; b++) {
				size_t pl = strlen(prefix[b]), j = k + pl;

				if (strncmp(s + k, prefix[b], pl) != 0)
					continue;
				/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) -- s ends in a NUL */
				while (s[j] >= '0' && s[j] <= '9')
					j++;
				if (j == k + pl || ref_word((unsigned char)s[j]))
					break;
				ref_flush(out, cur);
				sprintf(out + strlen(out),
					"      link \"%s%.*s\"\n"
					"        text \"%.*s\"\n",
					url[b], (int)(j - k - pl), s + k + pl,
					(int)(j - k), s + k);
				k = j;
				done = 1;
			}
		}
		if (!done)
			strncat(cur, s + k++, 1);
	}
	ref_flush(out, cur);
}

/* The replacements are found from the digits in a run of text (every
 * one holds a digit), the run's end by strcspn: random lines of words,
 * numbers, replacements and near misses against ref_replaced. */
static void test_replacements_random(void)
{
	static const char *const words[] = {
		"k8s", "k8s.", "(k8s)", "k8sx", "xk8s", "k8s8", "1k8s", "k8",
		"rhbz1234", "rhbz", "rhbzx", "rhbz12x", "xrhbz1", "kbz7",
		"kbz", "fdbz0", "fdbz", "gbz42.", "gbz9a", "(gbz3)", "zbz1",
		"2024", "7", "k", "rust", "frog", "go", "graph", "kernel",
		"a", "word", "longerword", ",", "-", "/", "z8", "bz12",
	};
	uint64_t seed = check_seed();
	int bad = 0;

	for (int t = 0; t < 500 && !bad; t++) {
		char src[2048], want[8192], *got;
		int nw = 1 + (int)check_rand_below(&seed, 40);
		size_t n = 0;
		doc *d;

		for (int k = 0; k < nw; k++) {
			const char *w = words[check_rand_below(
				&seed, sizeof words / sizeof words[0])];
			uint64_t sep = check_rand_below(&seed, 8);

			if (k > 0)
				src[n++] = sep == 0   ? '\n'
					   : sep == 1 ? '/'
						      : ' ';
			memcpy(src + n, w, strlen(w));
			n += strlen(w);
		}
		src[n] = 0;
		/* (newlines within a paragraph are spaces) */
		strcpy(want, "document\n  entry\n    paragraph\n");
		{
			char flat[2048];

			for (size_t k = 0; k <= n; k++)
				flat[k] = src[k] == '\n' ? ' ' : src[k];
			ref_replaced(flat, want);
		}
		d = parse_as("note.txt", src, n);
		got = dump_of(d);
		if (strcmp(got, want) != 0) {
			bad = 1;
			STR_EQ(got, want, "replacements in \"%s\"", src);
		}
		free(got);
		doc_free(d);
	}
	OK(!bad, "replacements in 500 random paragraphs");
}

/* A run of text that opens with white space and a word that starts
 * with k, r, f or g was cut before that word (the scan looked at every
 * such word start): the text node that starts there has the word's
 * position, not the space's. */
static void test_text_positions(void)
{
	static const struct {
		const char *src;
		int col;
	} c[] = {
		{"*x* rust", 5}, {"*x*  \t gone", 8}, {"*x* hello", 4},
		{"*x* kbz", 5},  {"*x* rhbz1 a", 5},  {"*x* a rust", 4},
	};

	for (size_t k = 0; k < sizeof c / sizeof c[0]; k++) {
		doc *d = parse_as("note.txt", c[k].src, strlen(c[k].src));
		const doc_node *t = nth(d, DOC_NODE_TEXT, 1);

		if (OK(t != NULL, "\"%s\": a second text node", c[k].src))
			INT_EQ(t->col, c[k].col, "\"%s\": its column",
			       c[k].src);
		doc_free(d);
	}
}

/* Random lines of words (a-e, é, a control byte) between runs of
 * spaces, tabs and form feeds, joined by newlines: one paragraph whose
 * text is the words with one space between them, however the runs fall
 * in and around the words of eight bytes that the builder copies whole. */
static void test_white_space(void)
{
	static const char *const gaps[] = {" ", " ", " ", "  ", "\t", " \t ",
					   "\f", "   "};
	static const char *const words[] = {"a", "bc", "dea", "abcde",
					    "ccccccc", "dddddddddd", "\xC3\xA9t\xC3\xA9",
					    "e\x01e"};
	uint64_t seed = check_seed();
	int bad = 0;

	for (int t = 0; t < 500 && !bad; t++) {
		char src[1024], want[1024], *got;
		size_t n = 0, w = 0;
		int lines = 1 + (int)(check_rand(&seed) % 4);

		for (int l = 0; l < lines; l++) {
			int nw = 1 + (int)(check_rand(&seed) % 8);

			if (l > 0)
				src[n++] = '\n';
			for (int k = 0; k <= nw; k++) {
				/* The run before word k (k == nw: after the
				 * last), often none at either end. */
				const char *g = gaps[check_rand(&seed) % 8];
				const char *wd = words[check_rand(&seed) % 8];

				if (k > 0 || check_rand(&seed) % 2) {
					memcpy(src + n, g, strlen(g));
					n += strlen(g);
				}
				if (k == nw)
					break;
				if (w > 0)
					want[w++] = ' ';
				memcpy(src + n, wd, strlen(wd));
				memcpy(want + w, wd, strlen(wd));
				n += strlen(wd);
				w += strlen(wd);
			}
		}
		src[n] = 0;
		want[w] = 0;
		got = text_of(src, DOC_NODE_TEXT, 0);
		if (!got || strcmp(got, want) != 0) {
			bad = 1;
			STR_EQ(got, want, "white space of \"%s\"", src);
		}
		free(got);
	}
	OK(!bad, "white space collapses in 500 random paragraphs");
}

/* --- §4 blocks ---------------------------------------------------------------- */

static void test_blocks(void)
{
	dump_is("paragraphs at blank lines, newlines are spaces",
		"one\ntwo\n\n  \nthree\n",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"one two\"\n"
		"    paragraph\n"
		"      text \"three\"\n");
	dump_is("* list: items at line starts, continuation lines, blank end",
		"Intro:\n* one\ncontinued\n* two\n\nAfter\n",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"Intro:\"\n"
		"    list\n"
		"      item\n"
		"        paragraph\n"
		"          text \"one continued\"\n"
		"      item\n"
		"        paragraph\n"
		"          text \"two\"\n"
		"    paragraph\n"
		"      text \"After\"\n");
	dump_is("# list is numbered, not a heading",
		"# first\n# second\n",
		"document\n"
		"  entry\n"
		"    list 1\n"
		"      item 1\n"
		"        paragraph\n"
		"          text \"first\"\n"
		"      item 2\n"
		"        paragraph\n"
		"          text \"second\"\n");
	text_is("a mid-line * is no list in text with newlines",
		"a * b\nc", DOC_NODE_TEXT, 0, "a * b c");
	dump_is("{{{ }}}: newline after the opener dropped, lines kept",
		"{{{\n  a <b>\n  c &lt;\n}}}\n",
		"document\n"
		"  entry\n"
		"    code \"  a <b>\\n  c &lt;\"\n");
	dump_is("{pre}…{erp}: entities and escapes decoded",
		"{pre}\nx &lt; y \\{\n{erp}",
		"document\n"
		"  entry\n"
		"    code \"x < y {\"\n");
	text_is("{prered}…{erp}", "{prered}a &amp; b{erp}", DOC_NODE_CODE, 0,
		"a & b");
	dump_is("{diagram}…{margaid}",
		"{diagram}\ngraph TD\n  a --> b\n{margaid}\n",
		"document\n"
		"  entry\n"
		"    diagram \"graph TD\\n  a --> b\"\n");
	dump_is("{instable} {ins} {inscode} {endtable}",
		"{instable}\n{ins \"input\"}\nDeclare an input.\n\n"
		"{inscode \"x\"} Code.\n{endtable}\nAfter",
		"document\n"
		"  entry\n"
		"    list\n"
		"      item\n"
		"        paragraph\n"
		"          text \"input: Declare an input.\"\n"
		"      item\n"
		"        paragraph\n"
		"          code_span \"x\"\n"
		"          text \": Code.\"\n"
		"    paragraph\n"
		"      text \"After\"\n");
}

/* --- §6 macros ------------------------------------------------------------------- */

static void test_macros(void)
{
	dump_is("{section} makes entries, {subsection} a heading",
		"Intro.\n{section \"One\"}\nText.\n{subsection \"Sub\"}\nMore."
		"\n{t \"Two\"}{st \"S2\"}",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"Intro.\"\n"
		"  entry \"One\"\n"
		"    paragraph\n"
		"      text \"Text.\"\n"
		"    heading 2\n"
		"      text \"Sub\"\n"
		"    paragraph\n"
		"      text \"More.\"\n"
		"  entry \"Two\"\n"
		"    heading 2\n"
		"      text \"S2\"\n");
	dump_is("pictures, {picdir}",
		"{picc \"a.jpg\"}{picr \"http://x/b.jpg\" \"Cap &amp; tion\" "
		"\"150\"}{picdir \"img\"}{picl \"c.png\" \"C\" 80}"
		"{pic \"left\" \"d.png\" \"D\"}{pic \"e.png\" \"right\" \"E\"}",
		"document\n"
		"  entry\n"
		"    image \"a.jpg\"\n"
		"    image \"http://x/b.jpg\" \"Cap & tion\"\n"
		"    image \"img/c.png\" \"C\"\n"
		"    image \"img/d.png\" \"D\"\n"
		"    image \"img/e.png\" \"E\"\n");
	dump_is("{tt} and {em}",
		"a {tt \"\\\\{inline\\\\}\"} b {em \"x <y>\"} c {tt \"s&nbsp;t\"}",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"a \"\n"
		"      code_span \"{inline}\"\n"
		"      text \" b \"\n"
		"      emph\n"
		"        text \"x\"\n"
		"      text \" c \"\n"
		"      code_span \"s\xc2\xa0t\"\n");
}

static void test_links(void)
{
	dump_is("link macros",
		"{link \"http://a\"} {wiki \"Ada_language\"} "
		"{wiki \"C\" \"the C\"} {wikipedia} {jargon \"hack\"} "
		"{example \"top\" \"ex\"} {concept \"XL\"} {inside \"top\" "
		"\"in\"} {cvs \"f.xl\" \"rend\"} {svnrev 313} {git \"r\" \"v1\"} "
		"{xl-git \"n\"} {youtube \"http://y\"} {linkNotIndex \"t\" \"u\"}",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      link \"http://a\"\n"
		"        text \"http://a\"\n"
		"      text \" \"\n"
		"      link \"https://en.wikipedia.org/wiki/Ada_language\"\n"
		"        text \"Ada language\"\n"
		"      text \" \"\n"
		"      link \"https://en.wikipedia.org/wiki/C\"\n"
		"        text \"the C\"\n"
		"      text \" \"\n"
		"      link \"https://en.wikipedia.org/\"\n"
		"        text \"Wikipedia\"\n"
		"      text \" \"\n"
		"      link \"http://www.catb.org/jargon/html/H/hack.html\"\n"
		"        text \"hack\"\n"
		"      text \" \"\n"
		"      link \"examples/top.html\"\n"
		"        text \"ex\"\n"
		"      text \" \"\n"
		"      link \"concept/XL.html\"\n"
		"        text \"XL\"\n"
		"      text \" \"\n"
		"      link \"inside/top.html\"\n"
		"        text \"in\"\n"
		"      text \" \"\n"
		"      link\n"
		"        text \"rend\"\n"
		"      text \" \"\n"
		"      link\n"
		"        text \"Revision 313\"\n"
		"      text \" \"\n"
		"      link\n"
		"        text \"v1\"\n"
		"      text \" \"\n"
		"      link\n"
		"        text \"n\"\n"
		"      text \" \"\n"
		"      link \"http://y\"\n"
		"        text \"[video]\"\n"
		"      text \" \"\n"
		"      link \"u\"\n"
		"        text \"t\"\n");
	text_is("{pl} and {=lisp} show nothing; template macros neither",
		"a{pl \"x\"}b{=identity *x*}c{title}d", DOC_NODE_TEXT, 0,
		"abcd");
	text_is("a brace that starts no call is text",
		"the set {a, b} and {} and { x } and {1}", DOC_NODE_TEXT, 0,
		"the set {a, b} and {} and { x } and {1}");
	text_is("a macro call may span lines, } in a string does not close",
		"{tt \"a}\nb\"} x", DOC_NODE_CODE_SPAN, 0, "a}\nb");
}

static void test_unknown_macro(void)
{
	const char *src = "Line one\nsee {frobnicate \"shown\" 3 t} here";
	doc *d = parse_as("200201.txt", src, strlen(src));
	const doc_diag *g = doc_diag_get(d, 0);

	INT_EQ(doc_diag_count(d), 1, "unknown macro: one diagnostic");
	if (g) {
		STR_EQ(g->msg, "unknown macro {frobnicate}", "its message");
		STR_EQ(g->file, "200201.txt", "its file");
		INT_EQ(g->line, 2, "its line");
		INT_EQ(g->col, 5, "its column (characters)");
		INT_EQ(g->severity, DOC_WARNING, "a warning");
	}
	OK(nth(d, DOC_NODE_TEXT, 0) &&
	   !strcmp(nth(d, DOC_NODE_TEXT, 0)->text, "Line one see shown here"),
	   "unknown macro: its string arguments are shown");
	doc_free(d);

	src = "x\n  \xc3\xa9 {tt \"y\"} {nope}";
	d = parse_as("n.txt", src, strlen(src));
	g = doc_diag_get(d, 0);
	OK(g && g->line == 2 && g->col == 14, "columns count characters");
	doc_free(d);
}

static void test_shortcuts(void)
{
	static const char el[] =
		"; shortcuts\n(\n(\"xl\" \"{concept \\\"XL\\\"}\")\n"
		"(\"mozart\" \"<A href=\\\"http://m\\\">Mozart</A>\")\n"
		"(\"loop\" \"{@loop}\")\n(\"bold\" \"*b* x\")\n)\n";
	mk_shortcuts *s = mk_shortcuts_parse(el, sizeof el - 1);
	doc *d;

	OK(s != NULL, "shortcuts.el parses");
	INT_EQ(mk_shortcuts_count(s), 4, "four pairs");
	STR_EQ(mk_shortcuts_get(s, "XL", 2), "{concept \"XL\"}",
	       "names match case-insensitively");
	STR_EQ(mk_shortcuts_get(s, "nope", 4), NULL, "unknown name");
	shortcuts = s;
	dump_is("{@name} is parsed again as markup",
		"The {@XL} and {@mozart} and {@bold}",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"The \"\n"
		"      link \"concept/XL.html\"\n"
		"        text \"XL\"\n"
		"      text \" and \"\n"
		"      link \"http://m\"\n"
		"        text \"Mozart\"\n"
		"      text \" and \"\n"
		"      strong\n"
		"        text \"b\"\n"
		"      text \" x\"\n");
	text_is("unknown shortcut stays as written", "a {@who} b",
		DOC_NODE_TEXT, 0, "a {@who} b");
	text_is("a shortcut with arguments reads as the macro",
		"{@concept \"expred\" \"expression reduction\"}",
		DOC_NODE_TEXT, 0, "expression reduction");
	d = parse_as("n.txt", "a {@loop} b", 11);
	OK(doc_diag_count(d) == 1 &&
	   strstr(doc_diag_get(d, 0)->msg, "nested"),
	   "a shortcut that expands to itself stops, with a warning");
	doc_free(d);
	shortcuts = NULL;
	mk_shortcuts_free(s);
	mk_shortcuts_free(NULL);
}

/* --- raw HTML (§3) ------------------------------------------------------------ */

static void test_html(void)
{
	dump_is("inline tags, upper case, links, anchors",
		"<B>b</B> <i>i</i> <em>e</em> <u>u</u> <a name=\"x\">n</a> "
		"<A HREF=\"http://h?a=1&amp;b\">l</A> <tt>t &lt;</tt> "
		"<code>\\{c}</code> <font size=2>f</font>",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      strong\n"
		"        text \"b\"\n"
		"      text \" \"\n"
		"      emph\n"
		"        text \"i\"\n"
		"      text \" \"\n"
		"      emph\n"
		"        text \"e\"\n"
		"      text \" \"\n"
		"      emph\n"
		"        text \"u\"\n"
		"      text \" n \"\n"
		"      link \"http://h?a=1&b\"\n"
		"        text \"l\"\n"
		"      text \" \"\n"
		"      code_span \"t <\"\n"
		"      text \" \"\n"
		"      code_span \"{c}\"\n"
		"      text \" f\"\n");
	dump_is("block tags",
		"<p>one<br>two<br/></p><h4>Head</h4><hr>"
		"<blockquote>q</blockquote><ul><li>a<li>b</ul>"
		"<ol><li>c</li></ol><pre>x &amp; <b>y</b>\n z</pre>"
		"<img src=\"p.png\" alt=\"Alt\"><div>d</div>",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"one\"\n"
		"      break\n"
		"      text \"two\"\n"
		"    heading 2\n"
		"      text \"Head\"\n"
		"    rule\n"
		"    quote\n"
		"      paragraph\n"
		"        text \"q\"\n"
		"    list\n"
		"      item\n"
		"        paragraph\n"
		"          text \"a\"\n"
		"      item\n"
		"        paragraph\n"
		"          text \"b\"\n"
		"    list 1\n"
		"      item 1\n"
		"        paragraph\n"
		"          text \"c\"\n"
		"    code \"x & y\\n z\"\n"
		"    image \"p.png\" \"Alt\"\n"
		"    paragraph\n"
		"      text \"d\"\n");
	dump_is("tables: a paragraph per row, cells joined by |",
		"<table>\n<tr><th>A</th><th>B</th></tr>\n"
		"<TR><TD>1</TD><TD>2</TD></TR></table>",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"A | B\"\n"
		"    paragraph\n"
		"      text \"1 | 2\"\n");
	text_is("comments and scripts show nothing, unknown tags keep text",
		"a<!-- hidden -->b<script>x()</script>c<span>d</span>",
		DOC_NODE_TEXT, 0, "abcd");
	text_is("a < that opens no tag is text", "a < b and x<3",
		DOC_NODE_TEXT, 0, "a < b and x<3");
}

/* --- titles, files, encodings ------------------------------------------------- */

static void test_titles(void)
{
	dump_is("<!--Title--> at byte 0 titles the first entry",
		"<!--My &amp; title-->\nBody",
		"document\n"
		"  entry \"My & title\"\n"
		"    paragraph\n"
		"      text \"Body\"\n");
	dump_is("<a name=\"T\"> at byte 0 also titles it",
		"<a name=\"T\">Body",
		"document\n"
		"  entry \"T\"\n"
		"    paragraph\n"
		"      text \"Body\"\n");
	dump_is("an empty first entry is dropped, even titled",
		"<!--T-->\n{section \"S\"}\nx",
		"document\n"
		"  entry \"S\"\n"
		"    paragraph\n"
		"      text \"x\"\n");
	{
		const char *src = "Hi.\n{section \"A\"}\nB";
		doc *d = parse_as("notes/20/200201.txt", src, strlen(src));
		char *got = dump_of(d);
		const doc_node *e = doc_root(d)->first_child;

		STR_EQ(got,
		       "document\n"
		       "  entry \"2020-02-01\" 2020-02-01\n"
		       "    paragraph\n"
		       "      text \"Hi.\"\n"
		       "  entry \"A\" 2020-02-01\n"
		       "    paragraph\n"
		       "      text \"B\"\n",
		       "a yymmdd name dates every entry; untitled: the date");
		STR_EQ(e ? e->file : NULL, "notes/20/200201.txt",
		       "entry file is the path");
		free(got);
		doc_free(d);
		d = parse_as("991231.txt", "x", 1);
		STR_EQ(doc_root(d)->first_child->date, "1999-12-31",
		       "19yy when yy >= 70");
		doc_free(d);
	}
}

static void test_encodings(void)
{
	dump_is("empty file", "", "document\n");
	dump_is("CRLF", "a\r\nb\r\n\r\n* c\r\n",
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"a b\"\n"
		"    list\n"
		"      item\n"
		"        paragraph\n"
		"          text \"c\"\n");
	text_is("Latin-1: byte 0xE9 is \xc3\xa9", "caf\xe9 d\xe9j\xe0",
		DOC_NODE_TEXT, 0, "caf\xc3\xa9 d\xc3\xa9j\xc3\xa0");
	text_is("cp1252 quotes, dashes, ellipsis, no-break space",
		"\x93q\x94 \x91s\x92 a\x96" "b\x85 x\xa0y \x80",
		DOC_NODE_TEXT, 0, "\"q\" 's' a--b... x y \xe2\x82\xac");
	text_is("UTF-8 stays UTF-8", "\xc3\xa9t\xc3\xa9", DOC_NODE_TEXT, 0,
		"\xc3\xa9t\xc3\xa9");
	{
		size_t n;
		char *t = mk_normalise("\xef\xbb\xbf" "a\rb\r\nc\0d", 11, &n);

		MEM_EQ(t, "a\nb\nc\xef\xbf\xbd" "d", 9, "normalise: BOM, CR, NUL");
		INT_EQ(n, 9, "normalised length");
		free(t);
	}
	/* UTF-16 with its byte order mark, both ways round: "é\r\n",
	 * U+1F600 as a surrogate pair, a high surrogate alone before "a",
	 * then an odd last byte */
	{
		static const char le[] = "\xff\xfe" "\xe9\0\r\0\n\0"
					 "\x3d\xd8\x00\xde" "\x3d\xd8" "a\0" "b";
		static const char be[] = "\xfe\xff" "\0\xe9\0\r\0\n"
					 "\xd8\x3d\xde\x00" "\xd8\x3d" "\0a" "b";
		static const char want[] = "\xc3\xa9\n" "\xf0\x9f\x98\x80"
					   "\xef\xbf\xbd" "a" "\xef\xbf\xbd";
		size_t n;
		char *t = mk_normalise(le, sizeof le - 1, &n);

		if (INT_EQ(n, sizeof want - 1, "UTF-16LE: length"))
			MEM_EQ(t, want, n, "UTF-16LE: as UTF-8");
		free(t);
		t = mk_normalise(be, sizeof be - 1, &n);
		if (INT_EQ(n, sizeof want - 1, "UTF-16BE: length"))
			MEM_EQ(t, want, n, "UTF-16BE: as UTF-8");
		free(t);
	}
	/* A UTF-16 file's BlogMax clues are found in its text: read with
	 * the format to be detected, its {section "T"} is an entry T (as
	 * plain text it would be one entry titled by the file's name) */
	{
		static const char s16[] = "\xff\xfe{\0s\0e\0c\0t\0i\0o\0n\0"
					  " \0\"\0T\0\"\0}\0";
		mk_options o = {.format = MK_FORMAT_AUTO};
		doc *d = doc_new();
		const doc_node *e;

		if (!d || mk_parse(d, "notes.txt", s16, sizeof s16 - 1, &o) != 0)
			abort();
		e = doc_root(d)->first_child;
		OK(e && e->title && strcmp(e->title, "T") == 0 && !e->next,
		   "UTF-16: read as BlogMax ({section \"T\"} is entry T)");
		doc_free(d);
	}
	/* Long inputs go eight bytes at a time where they can: the same
	 * conversions wherever the bytes fall in those words (pieces of 16
	 * and 17 bytes, repeated, put them at every offset). */
	{
		static const struct {
			const char *in, *out;
			size_t nin, nout;
		} piece[] = {
			{"abc\rdefgh\r\nij\0kl", "abc\ndefgh\nij\xef\xbf\xbdkl",
			 16, 17},
			{"abcdefg\x93hijklmn\x94z", "abcdefg\"hijklmn\"z", 17, 17},
			{"abcdefg\xc3\xa9hijklmn\r", "abcdefg\xc3\xa9hijklmn\n",
			 17, 17},
		};

		for (size_t k = 0; k < sizeof piece / sizeof piece[0]; k++) {
			char in[200], want[200];
			size_t n, nin = 0, nout = 0;
			char *t;

			for (int rep = 0; rep < 9; rep++) {
				memcpy(in + nin, piece[k].in, piece[k].nin);
				memcpy(want + nout, piece[k].out, piece[k].nout);
				nin += piece[k].nin;
				nout += piece[k].nout;
			}
			t = mk_normalise(in, nin, &n);
			if (INT_EQ(n, nout, "normalise: long input %zu, length",
				   k))
				MEM_EQ(t, want, n, "normalise: long input %zu",
				       k);
			free(t);
		}
	}
}

/* mk_normalise copies a UTF-8 file as it checks it, eight bytes at a time
 * where it can, and writes a file again from its start as cp1252 once it
 * meets a byte that is no UTF-8. Random files of pieces (ASCII, CR, CRLF,
 * NUL, UTF-8 letters; in half of them one cp1252 byte somewhere, often
 * late) against the conversion done a piece at a time. */
static void test_normalise_random(void)
{
	static const struct {
		const char *in, *utf8, *cp1252; /* in, as UTF-8, as cp1252 */
	} piece[] = {
		{"a", "a", "a"},
		{"word ", "word ", "word "},
		{"longer words ", "longer words ", "longer words "},
		{"\r", "\n", "\n"},
		{"\r\n", "\n", "\n"},
		{"\n", "\n", "\n"},
		{"\t", "\t", "\t"},
		{"", "\xEF\xBF\xBD", "\xEF\xBF\xBD"}, /* NUL (length 1) */
		{"\xC3\xA9", "\xC3\xA9", "\xC3\x83\xC2\xA9"},
		{"\xE2\x82\xAC", "\xE2\x82\xAC",
		 "\xC3\xA2\xE2\x80\x9A\xC2\xAC"},
	};
	enum { NPIECE = sizeof piece / sizeof piece[0], NUL_PIECE = 7 };
	uint64_t seed = check_seed();
	int bad = 0;

	for (int t = 0; t < 400 && !bad; t++) {
		char in[800], want8[1600], want1[2400], *got;
		size_t n = 0, w8 = 0, w1 = 0, len;
		int np = (int)check_rand_below(&seed, 60);
		int latin = (int)check_rand_below(&seed, 2);
		int at = np ? (int)check_rand_below(&seed, (uint64_t)np) : 0;

		for (int k = 0; k < np; k++) {
			size_t p = (size_t)check_rand_below(&seed, NPIECE);
			size_t pn = p == NUL_PIECE ? 1 : strlen(piece[p].in);

			if (latin && k == at) { /* é in cp1252: not UTF-8 */
				in[n++] = '\xE9';
				/* NOLINTNEXTLINE(bugprone-not-null-terminated-result) -- a piece of a text */
				memcpy(want1 + w1, "\xC3\xA9", 2);
				w1 += 2;
			}
			/* A CR before a piece that starts with LF is a CRLF. */
			if (n > 0 && in[n - 1] == '\r' && piece[p].in[0] == '\n')
				continue;
			memcpy(in + n, piece[p].in, pn);
			n += pn;
			memcpy(want8 + w8, piece[p].utf8, strlen(piece[p].utf8));
			w8 += strlen(piece[p].utf8);
			memcpy(want1 + w1, piece[p].cp1252,
			       strlen(piece[p].cp1252));
			w1 += strlen(piece[p].cp1252);
		}
		got = mk_normalise(in, n, &len);
		if (latin && np > 0) {
			bad |= !INT_EQ(len, w1, "cp1252 file %d: length", t) ||
			       !MEM_EQ(got, want1, len, "cp1252 file %d", t);
		} else {
			bad |= !INT_EQ(len, w8, "UTF-8 file %d: length", t) ||
			       !MEM_EQ(got, want8, len, "UTF-8 file %d", t);
		}
		free(got);
	}
	OK(!bad, "400 random files normalised as a piece at a time");
}

/* --- one-line input (§7) ------------------------------------------------------ */

static void test_flat(void)
{
	const char *src =
		"Intro text that is long enough to count as one line that lost "
		"its newlines, as the sample entry did. {section \"S\"} Talk "
		"about it: * first item * second item with `code` continues "
		"here {{{ podman a b podman c d }}} after {section \"T\"} # one "
		"# two end <br> next";

	dump_is("one-line input: lists after a space, code split by command",
		src,
		"document\n"
		"  entry\n"
		"    paragraph\n"
		"      text \"Intro text that is long enough to count as one "
		"line that lost its newlines, as the sample entry did.\"\n"
		"  entry \"S\"\n"
		"    paragraph\n"
		"      text \"Talk about it:\"\n"
		"    list\n"
		"      item\n"
		"        paragraph\n"
		"          text \"first item\"\n"
		"      item\n"
		"        paragraph\n"
		"          text \"second item with \"\n"
		"          code_span \"code\"\n"
		"          text \" continues here\"\n"
		"    code \"podman a b\\npodman c d\"\n"
		"    paragraph\n"
		"      text \"after\"\n"
		"  entry \"T\"\n"
		"    list 1\n"
		"      item 1\n"
		"        paragraph\n"
		"          text \"one\"\n"
		"      item 2\n"
		"        paragraph\n"
		"          text \"two end\"\n"
		"    paragraph\n"
		"      text \"next\"\n");
}

/* A 5 MB line: linear parsers finish at once; a quadratic rescan would
 * take minutes and hit the test timeout. */
static void test_big_line(void)
{
	static const char *const pieces[] = {
		"Some text with *strong* and _em_ and `tt` k8s ;-) ",
		"{tt \"x\"} {section \"S\"} * item ",
		"{ <a <tt> `x *y _z &amp ",
		"{{{ ", "<!-- ", "{pre} ", "{diagram} ", "<pre>",
	};
	size_t total = 5u << 20;

	for (size_t p = 0; p < sizeof pieces / sizeof pieces[0]; p++) {
		size_t k = strlen(pieces[p]), n = 0;
		char *big = malloc(total + 1);
		doc *d;

		if (!big)
			abort();
		while (n + k <= total) {
			memcpy(big + n, pieces[p], k);
			n += k;
		}
		big[n] = 0;
		d = parse_as("big.txt", big, n);
		/* Unclosed <pre> tags show nothing: no entry at all. */
		OK(doc_root(d)->first_child != NULL || p == 7,
		   "5 MB line of \"%s\"", pieces[p]);
		doc_free(d);
		free(big);
	}
}

/* --- the real notes ------------------------------------------------------------- */

static doc *sample(const char *rel, const mk_shortcuts *sc)
{
	char path[4096];
	size_t len;
	uint8_t *b;
	doc *d;
	mk_options o = {.format = MK_FORMAT_AUTO, .shortcuts = sc};

	snprintf(path, sizeof path, "%s/samples/notes/%s", tu_shared(), rel);
	b = tu_read(path, &len);
	if (!b)
		return NULL;
	d = doc_new();
	if (!d || mk_parse(d, path, (const char *)b, len, &o) != 0)
		abort();
	free(b);
	return d;
}

static int has_text(const doc *d, const char *needle)
{
	for (int k = 0;; k++) {
		const doc_node *t = nth(d, DOC_NODE_TEXT, k);

		if (!t)
			return 0;
		if (strstr(t->text, needle))
			return 1;
	}
}

static int depth(const doc_node *n)
{
	int most = 0;

	for (const doc_node *c = n->first_child; c; c = c->next) {
		int k = depth(c);

		if (k > most)
			most = k;
	}
	return most + 1;
}

/* Thousands of nested containers and inlines: bounded depth, nothing
 * lost. Blocks opened straight in a list (no <li>) each go into an item
 * of their own, which takes a place on the builder's stack too: with the
 * stack one short of full under a list, the item and the block overran
 * it (UBSan: index 32, found by fuzz_blogmax once it laid trees out). */
static void test_deep(void)
{
	static const char *const units[] = {
		"<blockquote><ul><li><b><a href=x>",
		"<ul><blockquote>",
		"<ul><ul>",
		"p<UL><UL><UL><blockquote>{ins}q",
	};

	for (size_t u = 0; u < sizeof units / sizeof *units; u++) {
		size_t k = strlen(units[u]), reps = 20000 / (u ? 10 : 1);
		char *src = malloc(k * reps + 2);
		doc *d;

		if (!src)
			abort();
		for (size_t i = 0; i < reps; i++)
			memcpy(src + i * k, units[u], k);
		memcpy(src + k * reps, "z", 2);
		d = parse_as("deep.txt", src, k * reps + 1);
		OK(has_text(d, "z"), "deep nesting %zu: the text is still there",
		   u);
		/* document, entry, the open blocks and inlines, paragraph,
		 * text */
		OK(depth(doc_root(d)) <= MK_MAX_BLOCKS + MK_MAX_INLINES + 4,
		   "deep nesting %zu: depth %d, bounded", u,
		   depth(doc_root(d)));
		doc_free(d);
		free(src);
	}
}

static void test_200201(void)
{
	static const char *const titles[] = {
		"2020-02-01", "General",
		"Keynote: We have to finish that thing one day",
		"Kata Containers on openSUSE", "Evolution of kube-proxy",
		"Containers live migration",
		"Supervising and emulating syscalls",
		"Below Kubernetes: Demystifying container runtimes",
		"Alpha Waves", "BASICODE", "Retro music - Open Cubic Player",
		"Reviving le MINITEL", "Gate project",
		"The pool next to the ocean",
		"Tracking local storage configuration on linux",
		"In other news (not FOSDEM): Blogmax improvements",
	};
	doc *d = sample("200201.txt", NULL);
	const doc_node *e, *img, *code, *dia;
	size_t k = 0;
	int scratch = 0;

	if (!d) {
		check_skip("shared/samples/notes absent");
		return;
	}
	for (e = doc_root(d)->first_child; e; e = e->next, k++) {
		if (k < sizeof titles / sizeof titles[0])
			STR_EQ(e->title, titles[k], "200201 entry %zu", k);
		STR_EQ(e->date, "2020-02-01", "200201 entry %zu date", k);
	}
	INT_EQ(k, sizeof titles / sizeof titles[0], "200201: 16 entries");
	OK(has_text(d, "Kubernetes") && !has_text(d, "k8s"),
	   "200201: k8s became Kubernetes in text");
	img = nth(d, DOC_NODE_IMAGE, 0);
	STR_EQ(img ? img->url : NULL, "images/200201-Containers.jpg",
	       "200201: the first picture");
	img = nth(d, DOC_NODE_IMAGE, 1);
	STR_EQ(img ? img->url : NULL, "images/200201-Minitel.jpg",
	       "200201: the second picture");
	code = nth(d, DOC_NODE_CODE, 0);
	STR_EQ(code ? code->text : NULL,
	       "podman container checkpoint\npodman container restore",
	       "200201: the first code block, cut before each command");
	dia = nth(d, DOC_NODE_DIAGRAM, 0);
	OK(dia && !strncmp(dia->text, "graph TD k8s[Kubernetes] -->", 28),
	   "200201: the diagram keeps its source, k8s included");
	for (int i = 0; nth(d, DOC_NODE_CODE_SPAN, i); i++)
		scratch |= !strcmp(nth(d, DOC_NODE_CODE_SPAN, i)->text,
				   "*scratch*");
	OK(scratch, "200201: `*scratch*` is a code span");
	OK(nth(d, DOC_NODE_LIST, 0) && nth(d, DOC_NODE_ITEM, 2),
	   "200201: the one-line lists are lists");
	INT_EQ(doc_diag_count(d), 0, "200201: no diagnostics");
	doc_free(d);
}

static void test_xl_samples(void)
{
	char path[4096];
	size_t len;
	uint8_t *el;
	mk_shortcuts *sc;
	doc *d;

	snprintf(path, sizeof path, "%s/samples/notes/c3d-xl/shortcuts.el",
		 tu_shared());
	el = tu_read(path, &len);
	if (!el) {
		check_skip("shared/samples/notes absent");
		return;
	}
	sc = mk_shortcuts_parse((const char *)el, len);
	free(el);
	INT_EQ(mk_shortcuts_count(sc), 45, "c3d-xl/shortcuts.el: 45 pairs");
	d = sample("c3d-xl/040720.txt", sc);
	if (d) {
		const doc_node *e = doc_root(d)->first_child;

		STR_EQ(e ? e->title : NULL, "Decided to upload the site...",
		       "040720: title comment");
		OK(nth(d, DOC_NODE_CODE, 0) &&
		   !strncmp(nth(d, DOC_NODE_CODE, 0)->text,
			    "import IO = XL.TEXT_IO\nprocedure Main is", 39),
		   "040720: {pre} block");
		OK(has_text(d, "interested :-)"), "040720: smiley");
		STR_EQ(nth(d, DOC_NODE_LINK, 0)->url, "concept/XL.html",
		       "040720: {@xl} through shortcuts.el");
		OK(nth(d, DOC_NODE_ITEM, 1) && !nth(d, DOC_NODE_ITEM, 2),
		   "040720: two <LI> items");
		doc_free(d);
	}
	d = sample("c3d-xl/080926.txt", sc);
	if (d) {
		const doc_node *img = nth(d, DOC_NODE_IMAGE, 0);

		STR_EQ(img ? img->text : NULL,
		       "Bjarne Stroustrup, inventor of C++", "080926: caption");
		STR_EQ(nth(d, DOC_NODE_HEADING, 0)->first_child->text,
		       "Concepts?", "080926: <h4>");
		OK(strstr(nth(d, DOC_NODE_CODE, 0)->text,
			  "LessThanComparable<typename T> {\n") != NULL,
		   "080926: \\{ and &lt; inside {pre}");
		doc_free(d);
	}
	d = sample("c3d-xl/inside/vasm.txt", sc);
	if (d) {
		const doc_node *e = doc_root(d)->first_child;

		STR_EQ(e->title, "Virtual Assembler", "vasm: title");
		STR_EQ(e->next ? e->next->title : NULL, "Data Types",
		       "vasm: first section");
		OK(has_text(d, "input: Declare an input parameter"),
		   "vasm: {instable} term: description");
		OK(nth(d, DOC_NODE_CODE_SPAN, 1) &&
		   !strcmp(nth(d, DOC_NODE_CODE_SPAN, 1)->text,
			   "size\xc2\xa0u=32"), "vasm: &nbsp; inside {tt}");
		doc_free(d);
	}
	mk_shortcuts_free(sc);
}

static void test_blogmax_samples(void)
{
	doc *d = sample("blogmax/040103.txt", NULL);

	if (!d) {
		check_skip("shared/samples/notes absent");
		return;
	}
	STR_EQ(doc_root(d)->first_child->title, "\"Permalink\" macro",
	       "040103: title");
	OK(has_text(d, "I added a \"Permalink\" macro. {pl \"name\"} inserts"),
	   "040103: \\{pl \"name\"} escape; CRLF joined");
	OK(nth(d, DOC_NODE_QUOTE, 0) != NULL, "040103: blockquote");
	doc_free(d);
	d = sample("blogmax/docs/macros.txt", NULL);
	if (d) {
		OK(has_text(d, "type \"\\{calendar}\""),
		   "macros.txt: three backslashes and a brace give \\{");
		OK(nth(d, DOC_NODE_CODE_SPAN, 0) != NULL, "macros.txt: <code>");
		doc_free(d);
	}
}

/* mk_lines_at (the line and column of every node and diagnostic) goes
 * eight bytes at a time between newlines: the line and column of every
 * offset of a text with newlines and 2-, 3- and 4-byte characters at
 * every place in those words, asked in order and from a fresh start,
 * against a count byte by byte. */
static void test_lines(void)
{
	static const char *const piece[] = {
		"plain words ", "\xc3\xa9t\xc3\xa9", "\n", "\xe2\x82\xac",
		"\xf0\x9f\x98\x80", "a\n\nb", "0123456789",
	};
	char s[600];
	size_t n = 0, bad = 0;
	mk_lines inc;
	int line = 1, col = 1;

	for (int k = 0; n < sizeof s - 8; k = (k + 3) % 7) {
		size_t len = strlen(piece[k]);

		memcpy(s + n, piece[k], len);
		n += len;
	}
	mk_lines_init(&inc, s, n);
	for (size_t off = 0; off <= n; off++) {
		mk_lines fresh;
		int l1, c1, l2, c2;

		mk_lines_at(&inc, off, &l1, &c1);
		mk_lines_init(&fresh, s, n);
		mk_lines_at(&fresh, off, &l2, &c2);
		bad += l1 != line || c1 != col || l2 != line || c2 != col;
		if (off < n && s[off] == '\n') {
			line++;
			col = 1;
		} else if (off < n && ((unsigned char)s[off] & 0xC0) != 0x80) {
			col++;
		}
	}
	INT_EQ(bad, 0, "mk_lines_at: line and column of %zu offsets", n + 1);
	/* Forward jumps of every length from every place: the newlines
	 * crossed (memchr) and the characters after the last (eight bytes
	 * at a time, at once when they are ASCII) against the byte walk. */
	{
		static int want_line[601], want_col[601];
		uint64_t seed = check_seed();

		line = col = 1;
		for (size_t off = 0; off <= n; off++) {
			want_line[off] = line;
			want_col[off] = col;
			if (off < n && s[off] == '\n') {
				line++;
				col = 1;
			} else if (off < n &&
				   ((unsigned char)s[off] & 0xC0) != 0x80) {
				col++;
			}
		}
		bad = 0;
		for (int t = 0; t < 2000; t++) {
			size_t a = (size_t)check_rand_below(&seed, n + 1);
			size_t b = a + (size_t)check_rand_below(&seed, 48);
			int l1, c1;

			if (b > n)
				b = n;
			mk_lines_init(&inc, s, n);
			mk_lines_at(&inc, a, &l1, &c1);
			mk_lines_at(&inc, b, &l1, &c1);
			bad += l1 != want_line[b] || c1 != want_col[b];
		}
		INT_EQ(bad, 0, "mk_lines_at: 2000 jumps forward");
	}
}

int main(void)
{
	test_lines();
	test_hazards();
	test_inline();
	test_white_space();
	test_replacements_random();
	test_text_positions();
	test_blocks();
	test_macros();
	test_links();
	test_unknown_macro();
	test_shortcuts();
	test_html();
	test_titles();
	test_encodings();
	test_normalise_random();
	test_flat();
	test_big_line();
	test_deep();
	test_200201();
	test_xl_samples();
	test_blogmax_samples();
	return check_done();
}
