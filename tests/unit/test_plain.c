/* core/plaintext: plain text notes, the fallback format. */
#include "check.h"

#include "core/markup.h"

static void dump_is(const char *name, const char *path, const char *src,
		    size_t len, const char *want)
{
	mk_options o = {.format = MK_FORMAT_PLAIN};
	doc *d = doc_new();
	char *got = NULL;

	if (!d || mk_parse(d, path, src, len, &o) != 0 ||
	    doc_dump(doc_root(d), &got, NULL) != 0)
		abort();
	STR_EQ(got, want, "%s", name);
	free(got);
	doc_free(d);
}

#define DUMP_IS(name, path, src, want) \
	dump_is(name, path, src, sizeof(src) - 1, want)

int main(void)
{
	DUMP_IS("paragraphs at blank lines, newlines are spaces",
		"notes/todo.txt", "one\ntwo\n\nthree *not* _markup_ {x}\n",
		"document\n"
		"  entry \"todo\"\n"
		"    paragraph\n"
		"      text \"one two\"\n"
		"    paragraph\n"
		"      text \"three *not* _markup_ {x}\"\n");
	DUMP_IS("a short first line then a blank line is the title",
		"a.txt", "Shopping\n\nmilk\neggs\n",
		"document\n"
		"  entry \"Shopping\"\n"
		"    paragraph\n"
		"      text \"milk eggs\"\n");
	DUMP_IS("indented lines are code, blank lines inside kept",
		"b.txt", "Run:\n    make\n\n    make check\n\tx\nDone\n",
		"document\n"
		"  entry \"b\"\n"
		"    paragraph\n"
		"      text \"Run:\"\n"
		"    code \"make\\n\\nmake check\\nx\"\n"
		"    paragraph\n"
		"      text \"Done\"\n");
	DUMP_IS("CRLF, Latin-1, date from the name", "2023-05-06.txt",
		"caf\xe9\r\nau lait\r\n",
		"document\n"
		"  entry \"2023-05-06\" 2023-05-06\n"
		"    paragraph\n"
		"      text \"caf\xc3\xa9 au lait\"\n");
	DUMP_IS("a long first line is no title", "c.txt",
		"This first line is far too long to be the title of anything "
		"at all.\n\nx\n",
		"document\n"
		"  entry \"c\"\n"
		"    paragraph\n"
		"      text \"This first line is far too long to be the title "
		"of anything at all.\"\n"
		"    paragraph\n"
		"      text \"x\"\n");
	DUMP_IS("empty file", "e.txt", "", "document\n  entry \"e\"\n");
	{
		mk_options o = {.format = MK_FORMAT_AUTO};
		doc *d = doc_new();
		const doc_node *p;

		mk_parse(d, "n.txt", "a\nb\n\nb *c*", 10, &o);
		p = doc_root(d)->first_child->first_child->next;
		STR_EQ(p ? p->first_child->text : NULL, "b *c*",
		       "auto: a .txt without clues is plain");
		INT_EQ(p ? p->line : 0, 4, "paragraph line");
		doc_free(d);
	}
	return check_done();
}
