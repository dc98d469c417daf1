/* core/markdown: Markdown notes through md4c, mapped onto the doc tree. */
#include "check.h"

#include "core/markup.h"
#include "core/mk_private.h" /* MK_MAX_BLOCKS */

static doc *parse_md(const char *path, const char *src)
{
	mk_options o = {.format = MK_FORMAT_MARKDOWN};
	doc *d = doc_new();

	if (!d || mk_parse(d, path, src, strlen(src), &o) != 0)
		abort();
	return d;
}

static void dump_is(const char *name, const char *path, const char *src,
		    const char *want)
{
	doc *d = parse_md(path, src);
	char *got = NULL;

	if (doc_dump(doc_root(d), &got, NULL) != 0)
		abort();
	STR_EQ(got, want, "%s", name);
	free(got);
	doc_free(d);
}

static void test_blocks(void)
{
	dump_is("the only H1 titles the entry; other headings move up",
		"notes/idea.md",
		"# Title\n\nText *em* **strong** `code`.\n\n## Part\n\n"
		"### Sub\n",
		"document\n"
		"  entry \"Title\"\n"
		"    paragraph\n"
		"      text \"Text \"\n"
		"      emph\n"
		"        text \"em\"\n"
		"      text \" \"\n"
		"      strong\n"
		"        text \"strong\"\n"
		"      text \" \"\n"
		"      code_span \"code\"\n"
		"      text \".\"\n"
		"    heading 1\n"
		"      text \"Part\"\n"
		"    heading 2\n"
		"      text \"Sub\"\n");
	dump_is("no H1 (or several): the file name titles it",
		"dir/2024-01-15 journal.md", "# A\n\n# B\n",
		"document\n"
		"  entry \"2024-01-15 journal\" 2024-01-15\n"
		"    heading 1\n"
		"      text \"A\"\n"
		"    heading 1\n"
		"      text \"B\"\n");
	dump_is("lists: ordered from their start, nested, tasks", "l.md",
		"3. a\n4. b\n   - c\n\n- [x] done\n",
		"document\n"
		"  entry \"l\"\n"
		"    list 1\n"
		"      item 3\n"
		"        paragraph\n"
		"          text \"a\"\n"
		"      item 4\n"
		"        paragraph\n"
		"          text \"b\"\n"
		"        list\n"
		"          item\n"
		"            paragraph\n"
		"              text \"c\"\n"
		"    list\n"
		"      item\n"
		"        paragraph\n"
		"          text \"[x] done\"\n");
}

static void test_more_blocks(void)
{
	dump_is("code, quote, rule, table, breaks", "c.md",
		"```\nint x;\n  y\n```\n\n> q\n\n***\n\n| a | b |\n|---|---|\n"
		"| 1 | 2 |\n\nsoft\nbreak  \nhard\n",
		"document\n"
		"  entry \"c\"\n"
		"    code \"int x;\\n  y\"\n"
		"    quote\n"
		"      paragraph\n"
		"        text \"q\"\n"
		"    rule\n"
		"    table\n"
		"      row 1\n"
		"        cell\n"
		"          text \"a\"\n"
		"        cell\n"
		"          text \"b\"\n"
		"      row\n"
		"        cell\n"
		"          text \"1\"\n"
		"        cell\n"
		"          text \"2\"\n"
		"    paragraph\n"
		"      text \"soft break\"\n"
		"      break\n"
		"      text \"hard\"\n");
	dump_is("```mermaid is a diagram, ```c and ~~~ code", "m.md",
		"```mermaid\ngraph TD\n  a[A] --> b\n```\n\n"
		"~~~ Mermaid\nx --> y\n~~~\n\n```c\nint z;\n```\n",
		"document\n"
		"  entry \"m\"\n"
		"    diagram \"graph TD\\n  a[A] --> b\"\n"
		"    diagram \"x --> y\"\n"
		"    code \"int z;\"\n");
	dump_is("links, images split the paragraph, entities, HTML", "i.md",
		"See [the *site*](http://a?x=1&amp;y) &eacute; <b>b</b> "
		"![alt *t*](p.png) after\n\n<div>\nblock &amp; <i>x</i>\n"
		"</div>\n",
		"document\n"
		"  entry \"i\"\n"
		"    paragraph\n"
		"      text \"See \"\n"
		"      link \"http://a?x=1&y\"\n"
		"        text \"the \"\n"
		"        emph\n"
		"          text \"site\"\n"
		"      text \" \xc3\xa9 b\"\n"
		"    image \"p.png\" \"alt t\"\n"
		"    paragraph\n"
		"      text \"after\"\n"
		"    paragraph\n"
		"      text \"block & x\"\n");
	dump_is("front matter: title and date, not shown", "fm.md",
		"---\ntitle: \"Front\"\ndate: 2021-03-04\n---\nBody\n",
		"document\n"
		"  entry \"Front\" 2021-03-04\n"
		"    paragraph\n"
		"      text \"Body\"\n");
	dump_is("wiki links and bare URLs", "w.md",
		"[[Page]] www.example.com\n",
		"document\n"
		"  entry \"w\"\n"
		"    paragraph\n"
		"      link \"Page\"\n"
		"        text \"Page\"\n"
		"      text \" \"\n"
		"      link \"http://www.example.com\"\n"
		"        text \"www.example.com\"\n");
	dump_is("empty file", "e.md", "", "document\n  entry \"e\"\n");
}

/* Tables: the header row, each cell's alignment, an empty cell kept in
 * its column, inlines in cells, a table in a list item. */
static void test_tables(void)
{
	dump_is("table cells", "t.md",
		"| L | C | R | D |\n|:--|:-:|--:|---|\n"
		"| *a* | | `c` | d e |\n| x |\n",
		"document\n"
		"  entry \"t\"\n"
		"    table\n"
		"      row 1\n"
		"        cell\n"
		"          text \"L\"\n"
		"        cell 1\n"
		"          text \"C\"\n"
		"        cell 2\n"
		"          text \"R\"\n"
		"        cell\n"
		"          text \"D\"\n"
		"      row\n"
		"        cell\n"
		"          emph\n"
		"            text \"a\"\n"
		"        cell 1\n"
		"        cell 2\n"
		"          code_span \"c\"\n"
		"        cell\n"
		"          text \"d e\"\n"
		"      row\n"
		"        cell\n"
		"          text \"x\"\n"
		"        cell 1\n"
		"        cell 2\n"
		"        cell\n");
	dump_is("an image in a cell: its text (a picture is a block)",
		"im.md",
		"| a | b |\n|---|---|\n| ![A *map*](m.png) x | ![](p/q.jpg) |\n",
		"document\n"
		"  entry \"im\"\n"
		"    table\n"
		"      row 1\n"
		"        cell\n"
		"          text \"a\"\n"
		"        cell\n"
		"          text \"b\"\n"
		"      row\n"
		"        cell\n"
		"          text \"[image: A map] x\"\n"
		"        cell\n"
		"          text \"[image: p/q.jpg]\"\n");
	dump_is("a table in a list item", "li.md",
		"- item\n\n  | a |\n  |---|\n  | b |\n",
		"document\n"
		"  entry \"li\"\n"
		"    list\n"
		"      item\n"
		"        paragraph\n"
		"          text \"item\"\n"
		"        table\n"
		"          row 1\n"
		"            cell\n"
		"              text \"a\"\n"
		"          row\n"
		"            cell\n"
		"              text \"b\"\n");
}

/* A table nested as deep as the builder's containers go (a table and
 * its row just fit: a TABLE), and deeper: then each row is a paragraph
 * of its cells joined by " | ", nothing lost. */
static void test_deep_table(void)
{
	for (int depth = MK_MAX_BLOCKS - 4; depth <= MK_MAX_BLOCKS + 1;
	     depth++) {
		static const char *const lines[] = {
			"| h1 | h2 |\n", "|---|---|\n", "| c1 | c2 |\n"};
		char src[1024];
		size_t k = 0;
		doc *d;
		const doc_node *n;
		int rows = 0, tables = 0, texts = 0;

		for (int l = 0; l < 3; l++) {
			for (int i = 0; i < depth; i++)
				k += (size_t)snprintf(src + k, sizeof src - k,
						      "> ");
			k += (size_t)snprintf(src + k, sizeof src - k, "%s",
					      lines[l]);
		}
		d = parse_md("dt.md", src);
		for (n = doc_root(d); n;) {
			rows += n->type == DOC_NODE_ROW;
			tables += n->type == DOC_NODE_TABLE;
			if (n->type == DOC_NODE_TEXT &&
			    (!strcmp(n->text, "h1 | h2") ||
			     !strcmp(n->text, "c1 | c2")))
				texts++;
			if (n->first_child) {
				n = n->first_child;
				continue;
			}
			while (n && !n->next)
				n = n->parent;
			if (n)
				n = n->next;
		}
		OK((tables == 1 && rows == 2 && texts == 0) ||
		   (tables == 0 && rows == 0 && texts == 2),
		   "table %d deep: a table of two rows (%d, %d) or two rows "
		   "of text (%d)", depth, tables, rows, texts);
		doc_free(d);
	}
}

static void test_positions(void)
{
	doc *d = parse_md("p.md", "Intro\n\n> quoted\n> more\n\n   * x `y`\n");
	const doc_node *e = doc_root(d)->first_child;
	const doc_node *q = e->first_child->next, *list = q->next;

	INT_EQ(e->first_child->line, 1, "paragraph line");
	INT_EQ(q->line, 3, "quote line");
	INT_EQ(q->col, 3, "quote column: its first text");
	INT_EQ(list->line, 6, "list line");
	INT_EQ(list->first_child->col, 6, "item column");
	doc_free(d);
}

static void test_encodings(void)
{
	dump_is("CRLF and Latin-1", "x.md", "# T\r\n\r\ncaf\xe9\r\n",
		"document\n"
		"  entry \"T\"\n"
		"    paragraph\n"
		"      text \"caf\xc3\xa9\"\n");
}

static void test_detect(void)
{
	INT_EQ(mk_detect("a/b.md", "x", 1), MK_FORMAT_MARKDOWN, ".md");
	INT_EQ(mk_detect("b.MARKDOWN", "x", 1), MK_FORMAT_MARKDOWN,
	       ".markdown");
	INT_EQ(mk_detect("200201.txt", "x", 1), MK_FORMAT_BLOGMAX,
	       "yymmdd.txt");
	INT_EQ(mk_detect("story.txt", "<!--T-->\nx", 10), MK_FORMAT_BLOGMAX,
	       "<!-- at byte 0");
	INT_EQ(mk_detect("s.txt", "a {section \"x\"}", 15), MK_FORMAT_BLOGMAX,
	       "{section \"");
	INT_EQ(mk_detect("s.txt", "a {picc \"x\"}", 12), MK_FORMAT_BLOGMAX,
	       "{pic");
	INT_EQ(mk_detect("s.txt", "{{{ x }}}", 9), MK_FORMAT_BLOGMAX, "{{{");
	INT_EQ(mk_detect("s.txt", "a {@xl}", 7), MK_FORMAT_BLOGMAX, "{@");
	INT_EQ(mk_detect("s.txt", "plain {words}", 13), MK_FORMAT_PLAIN,
	       "plain text");
	INT_EQ(mk_format_from_name("markdown"), MK_FORMAT_MARKDOWN, "name");
	INT_EQ(mk_format_from_name("auto"), MK_FORMAT_AUTO, "auto");
	INT_EQ(mk_format_from_name("blogmax"), MK_FORMAT_BLOGMAX, "blogmax");
	INT_EQ(mk_format_from_name("plain"), MK_FORMAT_PLAIN, "plain");
	INT_EQ(mk_format_from_name("rst"), -1, "unknown name");
	STR_EQ(mk_format_name(MK_FORMAT_BLOGMAX), "blogmax", "format name");
	{
		mk_options o = {.format = MK_FORMAT_AUTO};
		doc *d = doc_new();

		mk_parse(d, "n.md", "# T\n", 4, &o);
		STR_EQ(doc_root(d)->first_child->title, "T",
		       "auto: a .md file is Markdown");
		doc_free(d);
	}
}

/* 100000 nested quotes: md4c copes, the tree is capped, nothing lost. */
static void test_deep(void)
{
	size_t n = 100000;
	char *src = malloc(n + 16);
	doc *d;
	const doc_node *t;

	if (!src)
		abort();
	memset(src, '>', n);
	memcpy(src + n, " x\n\nafter\n", 11);
	src[n + 11] = 0;
	d = parse_md("deep.md", src);
	t = doc_root(d)->first_child->last_child;
	OK(t && t->type == DOC_NODE_PARAGRAPH &&
	   !strcmp(t->first_child->text, "after"),
	   "deep quotes end where they should");
	doc_free(d);
	free(src);
}

int main(void)
{
	test_blocks();
	test_more_blocks();
	test_tables();
	test_deep_table();
	test_positions();
	test_encodings();
	test_detect();
	test_deep();
	return check_done();
}
