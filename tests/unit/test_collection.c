/* core/collection: folders of notes into one doc, newest first. */
#include "check.h"

#include <sys/stat.h>
#include <unistd.h>

#include "core/collection.h"

static char root[64];

static const char *const files[][2] = {
	{"blog/weblog.ini", "site-name=Test\n"},
	{"blog/shortcuts.el", "((\"xl\" \"{concept \\\"XL\\\"}\"))\n"},
	{"blog/200201.txt", "Intro {@xl}\n{section \"B\"}\nb\n"},
	{"blog/2002.txt", "a month index: skipped\n"},
	{"blog/20/191231.txt", "Old\n"},
	{"blog/story.txt", "Story about {@XL} *bold*\n"},
	{"blog/sub/page.txt", "Page {@xl}\n"},
	{"blog/notes.md", "# Markdown\n\ntext\n"},
	{"blog/.hidden.txt", "hidden\n"},
	{"blog/picture.jpg", "not notes\n"},
	{"blog/200202.txt", "{section \"Same day A\"}\na\n"},
	{"blog/02/200202.md", "# Same day B\n"},
};
#define NFILES (sizeof files / sizeof files[0])

static void make_tree(void)
{
	static const char *const dirs[] = {"blog", "blog/20", "blog/sub",
					   "blog/02"};
	char path[256];

	snprintf(root, sizeof root, "/tmp/minitel-coll-XXXXXX");
	if (!mkdtemp(root))
		abort();
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
		if (mkdir(path, 0755) != 0)
			abort();
	}
	for (size_t i = 0; i < NFILES; i++) {
		FILE *f;

		snprintf(path, sizeof path, "%s/%s", root, files[i][0]);
		f = fopen(path, "wb");
		if (!f)
			abort();
		fputs(files[i][1], f);
		fclose(f);
	}
}

static void remove_tree(void)
{
	static const char *const dirs[] = {"blog/20", "blog/sub", "blog/02",
					   "blog", ""};
	char path[256];

	for (size_t i = 0; i < NFILES; i++) {
		snprintf(path, sizeof path, "%s/%s", root, files[i][0]);
		unlink(path);
	}
	for (size_t i = 0; i < sizeof dirs / sizeof dirs[0]; i++) {
		snprintf(path, sizeof path, "%s/%s", root, dirs[i]);
		rmdir(path);
	}
}

/* "title|date|file-suffix" of each entry, one a line. */
static void entries(const doc *d, char *out, size_t cap)
{
	size_t n = 0;

	out[0] = 0;
	for (const doc_node *e = doc_root(d)->first_child; e; e = e->next) {
		const char *file = e->file ? e->file + strlen(root) : "?";

		n += (size_t)snprintf(out + n, cap - n, "%s|%s|%s\n",
				      e->title ? e->title : "-",
				      e->date ? e->date : "-", file);
		if (n >= cap)
			return;
	}
}

static void test_folder(void)
{
	char blog[128], got[2048];
	const char *paths[1] = {blog};
	coll_options o = {MK_FORMAT_AUTO};
	doc *d = doc_new();
	const doc_node *link;

	snprintf(blog, sizeof blog, "%s/blog/", root);
	INT_EQ(coll_load(d, paths, 1, &o), 0, "coll_load");
	entries(d, got, sizeof got);
	STR_EQ(got,
	       "Same day A|2020-02-02|/blog/200202.txt\n"
	       "Same day B|2020-02-02|/blog/02/200202.md\n"
	       "2020-02-01|2020-02-01|/blog/200201.txt\n"
	       "B|2020-02-01|/blog/200201.txt\n"
	       "2019-12-31|2019-12-31|/blog/20/191231.txt\n"
	       "Markdown|-|/blog/notes.md\n"
	       "-|-|/blog/story.txt\n"
	       "-|-|/blog/sub/page.txt\n",
	       "newest first; undated after, by name; yymm.txt, hidden "
	       "and other files skipped");
	link = doc_root(d)->first_child->next->next->first_child
		       ->first_child->next;
	STR_EQ(link && link->url ? link->url : NULL, "concept/XL.html",
	       "{@xl} from the shortcuts.el beside the file");
	STR_EQ(doc_root(d)->last_child->first_child->first_child->next->url,
	       "concept/XL.html",
	       "a subfolder uses the shortcuts.el above it");
	OK(doc_root(d)->last_child->prev->first_child->first_child
		   ->next->type == DOC_NODE_LINK,
	   "a .txt beside shortcuts.el is BlogMax");
	INT_EQ(doc_diag_count(d), 0, "no diagnostics");
	STR_EQ(coll_title(d, paths, 1), "Test",
	       "title: the site-name of weblog.ini (notes-format.md §2)");
	doc_free(d);
}

static void test_files_and_errors(void)
{
	char a[128], missing[128];
	const char *paths[2] = {a, missing};
	coll_options o = {MK_FORMAT_PLAIN};
	doc *d = doc_new();
	const doc_diag *g;

	snprintf(a, sizeof a, "%s/blog/story.txt", root);
	snprintf(missing, sizeof missing, "%s/blog/nope.txt", root);
	INT_EQ(coll_load(d, paths, 2, &o), 0, "a missing file is no error code");
	g = doc_diag_get(d, 0);
	OK(g && g->severity == DOC_ERROR && !strcmp(g->file, missing) &&
	   strstr(g->msg, "No such file"), "it is a DOC_ERROR diagnostic");
	STR_EQ(doc_root(d)->first_child->first_child->first_child->text,
	       "Story about {@XL} *bold*", "--format plain is obeyed");
	STR_EQ(coll_title(d, paths, 2), "Notes", "title of several paths");
	STR_EQ(coll_title(d, paths, 1), "Notes", "title of one file");
	doc_free(d);
}

int main(void)
{
	make_tree();
	test_folder();
	test_files_and_errors();
	remove_tree();
	return check_done();
}
