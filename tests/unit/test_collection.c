/* core/collection: folders of notes into one doc, newest first. */
#include "check.h"

#include <errno.h>
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
	{"blog/memo.txt", "A *memo*\n"}, /* no BlogMax clue of its own */
	{"blog/sub/page.txt", "Page {@xl}\n"},
	{"blog/notes.md", "# Markdown\n\ntext\n"},
	{"blog/.hidden.txt", "hidden\n"},
	{"blog/picture.jpg", "not notes\n"},
	{"blog/200202.txt", "{section \"Same day A\"}\na\n"},
	{"blog/02/200202.md", "# Same day B\n"},
	{"other/memo.txt", "A *memo*\n"}, /* outside the blog */
};
#define NFILES (sizeof files / sizeof files[0])

static void make_tree(void)
{
	static const char *const dirs[] = {"blog", "blog/20", "blog/sub",
					   "blog/02", "other"};
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
					   "blog", "other", ""};
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
	       "-|-|/blog/memo.txt\n"
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
	{
		/* in a blog's folder, a .txt with no clue is BlogMax too:
		 * its *memo* is strong, not text with stars */
		const doc_node *e = doc_root(d)->first_child;

		for (int k = 0; e && k < 5; k++)
			e = e->next;
		OK(e && e->first_child && e->first_child->first_child &&
			   e->first_child->first_child->next &&
			   e->first_child->first_child->next->type ==
				   DOC_NODE_STRONG,
		   "a .txt in a blog's folder is BlogMax (weblog.ini)");
	}
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

/* The type of the second inline of entry e's first paragraph, or -1. */
static int second_inline(const doc_node *e)
{
	const doc_node *p = e ? e->first_child : NULL;

	if (!p || !p->first_child || !p->first_child->next)
		return -1;
	return (int)p->first_child->next->type;
}

/* Files named one by one, from two folders in turn: each is read as its
 * own folder says (a blog's folder: BlogMax, whose *memo* is strong;
 * another: plain text, stars and all), however the one before was. The
 * folder's answer is remembered from one file to the next. */
static void test_folders_in_turn(void)
{
	char in[4][128];
	const char *paths[4] = {in[0], in[1], in[2], in[3]};
	coll_options o = {MK_FORMAT_AUTO};
	doc *d = doc_new();
	const doc_node *e;
	int blog = 0, other = 0;

	snprintf(in[0], sizeof in[0], "%s/blog/memo.txt", root);
	snprintf(in[1], sizeof in[1], "%s/other/memo.txt", root);
	snprintf(in[2], sizeof in[2], "%s/blog/story.txt", root);
	snprintf(in[3], sizeof in[3], "%s/other/memo.txt", root);
	INT_EQ(coll_load(d, paths, 4, &o), 0, "coll_load of four files");
	for (e = doc_root(d)->first_child; e; e = e->next) {
		if (!e->file)
			continue;
		if (strstr(e->file, "/blog/memo.txt")) {
			blog++;
			INT_EQ(second_inline(e), DOC_NODE_STRONG,
			       "blog/memo.txt, after nothing: BlogMax");
		} else if (strstr(e->file, "/other/memo.txt")) {
			other++;
			const doc_node *p = e->first_child;

			OK(p && p->first_child && p->first_child->text &&
				   strstr(p->first_child->text, "*memo*"),
			   "other/memo.txt, after a blog's file: plain, its "
			   "stars kept");
		}
	}
	OK(blog == 1 && other >= 1, "both files read (%d, %d)", blog, other);
	doc_free(d);
}

/* Appends to a growing string (the dumps compared below). */
static void cat(char **s, size_t *n, const char *add)
{
	size_t k = strlen(add);
	char *ns = realloc(*s, *n + k + 1);

	if (!ns)
		abort();
	memcpy(ns + *n, add, k + 1);
	*s = ns;
	*n += k;
}

static void dump_entries(const doc *d, char **s, size_t *n)
{
	for (const doc_node *e = doc_root(d)->first_child; e; e = e->next) {
		char *dump = NULL;
		size_t len = 0;

		cat(s, n, e->file ? e->file : "?");
		cat(s, n, "\n");
		if (doc_dump(e, &dump, &len) == 0)
			cat(s, n, dump);
		free(dump);
	}
}

static void diag_text(const doc_diag *g, void *user)
{
	char line[512];
	char **acc = user;
	size_t n = *acc ? strlen(*acc) : 0;

	snprintf(line, sizeof line, "%s:%d:%d:%d:%s\n", g->file ? g->file : "?",
		 g->line, g->col, (int)g->severity, g->msg);
	cat(acc, &n, line);
}

/* One file at a time (coll_open/scan/next) gives coll_load's entries in
 * coll_load's order, and its diagnostics in its order. */
static void same_as_load(const char *const *paths, size_t npaths,
			 mk_format format, const char *what)
{
	coll_options o = {format};
	doc *whole = doc_new(), *d = NULL;
	char *a = NULL, *b = NULL, *da = NULL, *db = NULL;
	size_t na = 0, nb = 0, count = 0, nfiles = 0;
	coll *c = NULL;
	int ret;

	INT_EQ(coll_load(whole, paths, npaths, &o), 0, "%s: coll_load", what);
	dump_entries(whole, &a, &na);
	for (size_t i = 0; i < doc_diag_count(whole); i++)
		diag_text(doc_diag_get(whole, i), &da);
	for (const doc_node *e = doc_root(whole)->first_child; e; e = e->next)
		count++;
	INT_EQ(coll_open(paths, npaths, &o, &c), 0, "%s: coll_open", what);
	INT_EQ(coll_scan(c, diag_text, &db), 0, "%s: coll_scan", what);
	INT_EQ((long)coll_entries(c), (long)count, "%s: entries counted",
	       what);
	cat(&b, &nb, "");
	while ((ret = coll_next(c, &d)) == 1) {
		dump_entries(d, &b, &nb);
		doc_free(d);
		nfiles++;
	}
	INT_EQ(ret, 0, "%s: coll_next ends cleanly", what);
	OK(nfiles > 0 || count == 0, "%s: files read", what);
	STR_EQ(b, a, "%s: the same entries in the same order", what);
	STR_EQ(db ? db : "", da ? da : "", "%s: the same diagnostics", what);
	coll_close(c);
	/* The files parsed on several threads: the same again. */
	for (int threads = 2; threads <= 3; threads++) {
		free(b);
		free(db);
		b = db = NULL;
		nb = 0;
		c = NULL;
		INT_EQ(coll_open(paths, npaths, &o, &c), 0, "%s: coll_open",
		       what);
		INT_EQ(coll_scan_threads(c, diag_text, &db, threads), 0,
		       "%s: coll_scan_threads %d", what, threads);
		INT_EQ((long)coll_entries(c), (long)count,
		       "%s: entries counted on %d threads", what, threads);
		cat(&b, &nb, "");
		while ((ret = coll_next(c, &d)) == 1) {
			dump_entries(d, &b, &nb);
			doc_free(d);
		}
		INT_EQ(ret, 0, "%s: coll_next ends cleanly", what);
		STR_EQ(b, a, "%s: %d threads: the same entries in the same "
		       "order", what, threads);
		STR_EQ(db ? db : "", da ? da : "", "%s: %d threads: the same "
		       "diagnostics in the same order", what, threads);
		coll_close(c);
	}
	doc_free(whole);
	free(a);
	free(b);
	free(da);
	free(db);
}

static void test_streamed(void)
{
	char blog[128], story[128], missing[128], sub[128], day[128];
	const char *one[1] = {blog};
	const char *mixed[6] = {sub, story, missing, blog, day, story};
	const char *dayp[1] = {day};
	coll *c = NULL;
	doc *d = NULL;

	snprintf(blog, sizeof blog, "%s/blog", root);
	snprintf(story, sizeof story, "%s/blog/story.txt", root);
	snprintf(missing, sizeof missing, "%s/blog/nope.txt", root);
	snprintf(sub, sizeof sub, "%s/blog/02", root);
	snprintf(day, sizeof day, "%s/blog/200201.txt", root);
	same_as_load(one, 1, MK_FORMAT_AUTO, "a blog folder");
	same_as_load(mixed, 6, MK_FORMAT_AUTO,
		     "folders, files, a missing file, a file twice");
	same_as_load(mixed, 6, MK_FORMAT_PLAIN, "--format plain");

	/* A file that changes between the two readings is caught. */
	INT_EQ(coll_open(dayp, 1, NULL, &c), 0, "open one file");
	INT_EQ(coll_scan(c, NULL, NULL), 0, "scan it");
	INT_EQ((long)coll_entries(c), 2, "two entries");
	{
		FILE *f = fopen(day, "ab");

		if (!f)
			abort();
		fputs("{section \"C\"}\nc\n", f);
		fclose(f);
	}
	INT_EQ(coll_next(c, &d), -ESTALE, "an entry more: -ESTALE");
	STR_EQ(coll_current(c), day, "the file is named");
	OK(d == NULL, "no doc");
	coll_close(c);
}

/* Symbolic links: a folder linked from below it (a loop), a link to the
 * folder itself, a file linked under another name, and the folder and
 * its file given again: each folder walked once, each file read once,
 * under the first name met. The loop made 4,180 entries of one file. */
static void test_links(void)
{
	char dir[128], sub[128], path[256], file[160];
	const char *one[1] = {dir};
	const char *again[3] = {dir, file, dir};
	coll_options o = {MK_FORMAT_AUTO};
	char got[512];
	doc *d = doc_new();
	FILE *f;

	snprintf(dir, sizeof dir, "%s/links", root);
	snprintf(sub, sizeof sub, "%s/links/sub", root);
	snprintf(file, sizeof file, "%s/links/a.md", root);
	if (mkdir(dir, 0755) != 0 || mkdir(sub, 0755) != 0)
		abort();
	f = fopen(file, "wb");
	if (!f)
		abort();
	fputs("# A\n\ntext\n", f);
	fclose(f);
	snprintf(path, sizeof path, "%s/up", sub);
	OK(symlink("..", path) == 0, "link sub/up -> ..");
	snprintf(path, sizeof path, "%s/self", dir);
	OK(symlink(".", path) == 0, "link self -> .");
	snprintf(path, sizeof path, "%s/b.md", dir);
	OK(symlink("a.md", path) == 0, "link b.md -> a.md");

	INT_EQ(coll_load(d, one, 1, &o), 0, "links: coll_load");
	entries(d, got, sizeof got);
	STR_EQ(got, "A|-|/links/a.md\n", "links: one entry, by its first name");
	doc_free(d);
	d = doc_new();
	INT_EQ(coll_load(d, again, 3, &o), 0, "links: coll_load, given again");
	entries(d, got, sizeof got);
	STR_EQ(got, "A|-|/links/a.md\n",
	       "links: the folder, its file and the folder again: once");
	doc_free(d);
	same_as_load(one, 1, MK_FORMAT_AUTO, "links");
	same_as_load(again, 3, MK_FORMAT_AUTO, "links given again");

	snprintf(path, sizeof path, "%s/up", sub);
	unlink(path);
	snprintf(path, sizeof path, "%s/self", dir);
	unlink(path);
	snprintf(path, sizeof path, "%s/b.md", dir);
	unlink(path);
	unlink(file);
	rmdir(sub);
	rmdir(dir);
}

int main(void)
{
	make_tree();
	test_folder();
	test_files_and_errors();
	test_folders_in_turn();
	test_streamed();
	test_links();
	remove_tree();
	return check_done();
}
