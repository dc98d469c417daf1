/* core/doc: building, walking, dumping, diagnostics. */
#include "check.h"

#include "core/doc.h"

static int count_cb(const doc_node *n, doc_event ev, void *user)
{
	(void)n;
	if (ev == DOC_ENTER)
		(*(int *)user)++;
	return 0;
}

int main(void)
{
	doc *d = doc_new();
	doc_node *e, *p, *t, *em;
	char *dump = NULL;
	int count = 0;

	OK(d != NULL, "doc_new");
	e = doc_add(d, doc_root(d), DOC_NODE_ENTRY, 1, 1);
	e->title = doc_strndup(d, "FOSDEM", 6);
	e->date = "2020-02-01";
	p = doc_add(d, e, DOC_NODE_PARAGRAPH, 2, 1);
	t = doc_add(d, p, DOC_NODE_TEXT, 2, 1);
	doc_set_text(d, t, "Hello ", 6);
	doc_append_text(d, t, "world", 5);
	STR_EQ(t->text, "Hello world", "append text");
	INT_EQ(t->len, 11, "append length");
	em = doc_add(d, p, DOC_NODE_EMPH, 2, 12);
	doc_set_text(d, doc_add(d, em, DOC_NODE_TEXT, 2, 13), "\"x\"\n", 4);
	doc_walk(doc_root(d), count_cb, &count);
	INT_EQ(count, 6, "walk visits every node once");
	OK(doc_dump(doc_root(d), &dump, NULL) == 0, "dump");
	STR_EQ(dump,
	       "document\n"
	       "  entry \"FOSDEM\" 2020-02-01\n"
	       "    paragraph\n"
	       "      text \"Hello world\"\n"
	       "      emph\n"
	       "        text \"\\\"x\\\"\\n\"\n",
	       "dump format");
	free(dump);
	doc_unlink(em);
	OK(p->last_child == t && t->next == NULL, "unlink last child");
	doc_diag_add(d, "a.txt", 3, 7, DOC_WARNING, "unknown macro {%s}", "foo");
	INT_EQ(doc_diag_count(d), 1, "one diagnostic");
	STR_EQ(doc_diag_get(d, 0)->msg, "unknown macro {foo}", "diag text");
	INT_EQ(doc_diag_get(d, 0)->col, 7, "diag column");
	OK(doc_is_inline(DOC_NODE_LINK) && !doc_is_inline(DOC_NODE_LIST),
	   "inline types");
	{ /* a deep tree walks without recursion */
		doc_node *n = doc_root(d);

		for (int i = 0; i < 100000; i++)
			n = doc_add(d, n, DOC_NODE_QUOTE, 1, 1);
		count = 0;
		doc_walk(doc_root(d), count_cb, &count);
		OK(count > 100000, "deep walk");
	}
	doc_free(d);
	return check_done();
}
