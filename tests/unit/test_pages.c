/* Notes to pages, end to end through the library (core/ + videotex/):
 * the bundled sample notes (pages/notes) and, when present, the real ones
 * of ../shared/samples/notes. For every page:
 *   - its .vdt (vtx_encode_screen with FF) decodes to exactly the screen
 *     the layout meant, from power-on and after the previous page;
 *   - it matches the golden files: tests/golden/pages/NNNN.vdt and
 *     NNNN.screen for pages/notes; for the shared samples, whose text must
 *     not be copied into the project, a digest per page in
 *     tests/golden/samples.digest.
 * And text conservation: every word of every source file (its TEXT,
 * CODE_SPAN and CODE nodes, as the parser read them) appears, in order, in
 * the text of the decoded pages of its entries.
 * `test_pages --write-golden` rewrites the golden files (make golden). */
#include "check.h"
#include "conserve.h"
#include "testutil.h"

#include <errno.h>
#include <unistd.h>

#include "core/collection.h"
#include "core/layout.h"
#include "core/text.h"
#include "videotex/dump.h"
#include "videotex/encode.h"
#include "videotex/term.h"

#define MAX_PAGES 4096

typedef struct run {
	const char *name;     /* "pages" or "samples" */
	int write;            /* --write-golden */
	vtx_screen *screens;  /* by page index */
	size_t nscreens;
	FILE *digest;         /* samples: the digest file being read/written */
	char *golden_digest;  /* samples: its content when checking */
	int no_golden;        /* made here: checked, not compared */
} run;

static uint64_t fnv1a(const uint8_t *b, size_t n)
{
	uint64_t h = 0xcbf29ce484222325u;

	for (size_t i = 0; i < n; i++)
		h = (h ^ b[i]) * 0x100000001b3u;
	return h;
}

static void golden_file(run *r, const char *name, const uint8_t *b,
			size_t n)
{
	char path[512];
	size_t gn = 0;
	uint8_t *g;

	snprintf(path, sizeof path, "tests/golden/%s/%s", r->name, name);
	if (r->write) {
		FILE *f = fopen(path, "wb");
		int ok = f && fwrite(b, 1, n, f) == n;

		if (f && fclose(f) != 0)
			ok = 0;
		OK(ok, "write %s", path);
		return;
	}
	g = tu_read(path, &gn);
	if (OK(g != NULL, "golden %s exists (make golden)", path))
		/* NOLINTNEXTLINE(clang-analyzer-core.NonNullParamChecker) -- OK() checked it */
		OK(gn == n && memcmp(g, b, n) == 0, "%s matches its golden",
		   path);
	free(g);
}

static void golden_digest(run *r, const char *name, const uint8_t *b,
			  size_t n)
{
	char line[128];

	snprintf(line, sizeof line, "%s %016llx %zu\n", name,
		 (unsigned long long)fnv1a(b, n), n);
	if (r->write) {
		fputs(line, r->digest);
		return;
	}
	OK(r->golden_digest && strstr(r->golden_digest, line),
	   "%s %s matches its digest in tests/golden/samples.digest", r->name,
	   name);
}

static int on_page(const vtx_screen *screen, const lay_page_info *info,
		   void *user)
{
	run *r = user;
	vtx_buf b = {0}, dump = {0};
	vtx_screen got, after;
	char name[32];
	int ret = vtx_encode_screen(screen, VTX_ENCODE_FF, &b);

	if (!INT_EQ(ret, 0, "%s page %d encodes", r->name, info->index + 1))
		return 0;
	vtx_decode(b.data, b.len, &got);
	OK(vtx_screen_equal(&got, screen),
	   "%s page %d decodes to the screen the layout meant", r->name,
	   info->index + 1);
	if (info->index > 0 && (size_t)info->index <= r->nscreens) {
		/* drawn over the page before it (any page: FF clears, and
		 * the status row is written whole) */
		vtx_buf two = {0};
		vtx_buf prev = {0};

		vtx_encode_screen(&r->screens[info->index - 1], VTX_ENCODE_FF,
				  &prev);
		vtx_buf_put(&two, prev.data, prev.len);
		vtx_buf_put(&two, b.data, b.len);
		vtx_decode(two.data, two.len, &after);
		OK(vtx_screen_equal(&after, screen),
		   "%s page %d is the same after another page", r->name,
		   info->index + 1);
		vtx_buf_free(&two);
		vtx_buf_free(&prev);
	}
	if (info->index < MAX_PAGES) {
		r->screens[info->index] = *screen;
		if ((size_t)info->index + 1 > r->nscreens)
			r->nscreens = (size_t)info->index + 1;
	}
	snprintf(name, sizeof name, "%04d.vdt", info->index + 1);
	vtx_dump_write(&got, NULL, &dump);
	if (r->no_golden) {
		/* (checked above and by the callers; nothing to compare) */
	} else if (r->digest || r->golden_digest) {
		golden_digest(r, name, b.data, b.len);
	} else {
		golden_file(r, name, b.data, b.len);
		snprintf(name, sizeof name, "%04d.screen", info->index + 1);
		golden_file(r, name, dump.data, dump.len);
	}
	vtx_buf_free(&b);
	vtx_buf_free(&dump);
	return 0;
}

/*** Text conservation ***/

static void conservation(run *r, const doc *d, const lay_site *site)
{
	cons_words w = {0};
	size_t i = 0;

	w.conv = txt_conv_new();
	for (const doc_node *e = doc_root(d)->first_child; e; e = e->next) {
		size_t nt, words, labels;
		uint32_t *text;
		char first[64] = "";

		if (e->type != DOC_NODE_ENTRY || i >= site->nentries)
			continue;
		text = cons_entry_text(r->screens, &site->entries[i], &nt);
		cons_entry(&w, e, text, nt, &words, &labels, first,
			   sizeof first);
		OK(words == 0, "%s entry %zu (%s): every word shown, in "
		   "order (%zu missing, the first \"%s\")", r->name, i + 1,
		   site->entries[i].title, words, first);
		OK(labels == 0, "%s entry %zu (%s): every diagram label "
		   "shown (%zu missing, the first \"%s\")", r->name, i + 1,
		   site->entries[i].title, labels, first);
		free(text);
		i++;
	}
	free(w.chars);
	txt_conv_free(w.conv);
}

/*** The same pages, one file at a time ***/

typedef struct again {
	const run *r;
	size_t pages, differ;
} again;

static int same_page(const vtx_screen *screen, const lay_page_info *info,
		     void *user)
{
	again *a = user;

	a->pages++;
	if ((size_t)info->index >= a->r->nscreens ||
	    memcmp(&a->r->screens[info->index], screen, sizeof *screen) != 0)
		a->differ++;
	return 0;
}

/* coll_open/scan/next with lay_begin/add/end (what export does) give the
 * pages, entries and notes of coll_load with lay_build. */
static void streamed(const run *r, const char *path, const lay_site *whole)
{
	const char *paths[1] = {path};
	coll_options co = {0};
	lay_options lo = {0};
	lay_site *site = NULL;
	again a = {r, 0, 0};
	doc *names = doc_new();
	coll *c = NULL;
	int ret;

	lo.title = coll_title(names, paths, 1);
	ret = coll_open(paths, 1, &co, &c);
	if (ret == 0)
		ret = coll_scan(c, NULL, NULL);
	if (ret == 0)
		ret = coll_lay_out(c, &lo, same_page, &a, &site);
	if (INT_EQ(ret, 0, "%s: streamed layout", r->name)) {
		/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) -- OK() checked it */
		int same = site->npages == whole->npages &&
			   site->nentries == whole->nentries &&
			   site->nnotes == whole->nnotes &&
			   memcmp(site->pages, whole->pages,
				  site->npages * sizeof *site->pages) == 0;

		for (size_t i = 0; same && i < site->nentries; i++)
			same = !strcmp(site->entries[i].title,
				       whole->entries[i].title) &&
			       site->entries[i].first_page ==
				       whole->entries[i].first_page &&
			       site->entries[i].npages ==
				       whole->entries[i].npages;
		for (size_t i = 0; same && i < site->nnotes; i++)
			same = !strcmp(site->notes[i], whole->notes[i]);
		OK(same, "%s: streamed: the same site map and notes",
		   r->name);
		OK(a.pages == whole->npages && a.differ == 0,
		   "%s: streamed: the same %zu pages (%zu differ)", r->name,
		   a.pages, a.differ);
	}
	lay_site_free(site);
	coll_close(c);
	doc_free(names);
}

/* Half steps (core/layout.c, half_step): each page after the first of
 * an entry begins with the lower rows of the page before, moved up, and
 * brings in at most half a body of new rows (one more where a blank line
 * could not be kept from the top). */
static int row_blank(const vtx_screen *s, int row)
{
	vtx_cell blank = vtx_cell_blank();

	for (int c = 0; c < VTX_COLS; c++)
		if (memcmp(&s->cells[row][c], &blank, sizeof blank) != 0)
			return 0;
	return 1;
}

/* The last body row of s that shows something (LAY_BODY_FIRST - 1:
 * none). */
static int last_row(const vtx_screen *s)
{
	int row = LAY_BODY_LAST;

	while (row >= LAY_BODY_FIRST && row_blank(s, row))
		row--;
	return row;
}

static void half_steps(const run *r, const lay_site *site)
{
	enum { BODY = LAY_BODY_LAST - LAY_BODY_FIRST + 1 };
	int worst = 0, steps = 0;

	for (size_t e = 0; e < site->nentries; e++) {
		const lay_entry *le = &site->entries[e];

		for (int p = le->first_page + 1;
		     p < le->first_page + le->npages && (size_t)p < r->nscreens;
		     p++) {
			const vtx_screen *a = &r->screens[p - 1];
			const vtx_screen *b = &r->screens[p];
			int la = last_row(a), shift = 0, fresh;

			/* the smallest shift that moves a's rows, down to its
			 * last that shows something, onto b's top rows */
			for (int t = 1; t < BODY && !shift; t++) {
				int k = 0;

				while (LAY_BODY_FIRST + t + k <= la &&
				       !memcmp(a->cells[LAY_BODY_FIRST + t + k],
					       b->cells[LAY_BODY_FIRST + k],
					       sizeof a->cells[0]))
					k++;
				if (LAY_BODY_FIRST + t + k > la)
					shift = t;
			}
			if (!OK(shift > 0, "%s page %d begins with rows of page "
				"%d moved up", r->name, p + 1, p))
				continue;
			/* what b shows under the rows moved is new */
			fresh = last_row(b) - (la - shift);
			worst = fresh > worst ? fresh : worst;
			steps++;
			OK(fresh <= BODY / 2 + 1, "%s page %d brings in %d new "
			   "rows (at most %d)", r->name, p + 1, fresh,
			   BODY / 2 + 1);
		}
	}
	printf("%s: %d steps within entries, at most %d new rows each\n",
	       r->name, steps, worst);
}

static void collection(run *r, const char *path)
{
	const char *paths[1] = {path};
	coll_options co = {0};
	lay_options lo = {0};
	lay_site *site = NULL;
	doc *d = doc_new();

	if (!OK(coll_load(d, paths, 1, &co) == 0, "%s: load %s", r->name,
		path))
		goto out;
	lo.title = coll_title(d, paths, 1);
	r->screens = calloc(MAX_PAGES, sizeof *r->screens);
	r->nscreens = 0;
	if (!OK(lay_build(d, &lo, on_page, r, &site) == 0, "%s: layout",
		r->name))
		goto out;
	OK(site->npages > 1, "%s: %zu pages", r->name, site->npages);
	printf("%s: %zu entries, %zu pages, %zu characters replaced\n",
	       r->name, site->nentries, site->npages, site->replaced);
	for (size_t i = 0; i < site->nnotes; i++)
		printf("  note: %s\n", site->notes[i]);
	conservation(r, d, site);
	half_steps(r, site);
	if (site->npages <= MAX_PAGES)
		streamed(r, path, site);
out:
	lay_site_free(site);
	free(r->screens);
	doc_free(d);
}

/* Lays out and checks, as run r (no golden files), a collection of one
 * notes file `name` that fill() writes, in a temporary folder removed
 * after. */
static void made_notes(run *r, const char *name, void (*fill)(FILE *f))
{
	char dir[] = "/tmp/minitel-made-XXXXXX", path[64];
	FILE *f;

	if (!OK(mkdtemp(dir) != NULL, "%s: temporary folder", r->name))
		return;
	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "w");
	if (f == NULL) {
		OK(0, "%s: write %s", r->name, path);
		rmdir(dir);
		return;
	}
	fill(f);
	fclose(f);
	collection(r, dir);
	remove(path);
	rmdir(dir);
}

/* Quotes and lists nested past what a row can indent (30 deep, and
 * quotes of lists): the blocks keep the margin they reached (DEEPEST in
 * layout.c), every word is still on the pages, in order (conservation),
 * and no cell is written off the row (ASan: a quote's bar was). */
static void deep_nesting(FILE *f)
{
	fputs("# Deep\n\n", f);
	for (int d = 1; d < 30; d++) {
		for (int k = 0; k < d; k++)
			fputs("> ", f);
		fprintf(f, "quote level %d words\n", d);
		for (int k = 0; k < d; k++)
			fputs(">", f);
		fputs("\n", f);
	}
	fputs("\n", f);
	for (int d = 0; d < 30; d++)
		fprintf(f, "%*s- item level %d with a few more words\n",
			2 * d, "", d);
	fputs("\n", f);
	for (int d = 0; d < 20; d++) {
		for (int k = 0; k < d; k++)
			fputs("> ", f);
		fprintf(f, "- quoted list %d\n", d);
	}
}

/* Tables of every width around the line's (columns side by side, or
 * rows as paragraphs when they do not fit), aligned every way, with
 * empty and missing cells, styles and breaks in cells, in quotes and
 * lists: every word is on the pages, in order (conservation), and
 * every page decodes as laid out. */
static void table_notes(FILE *f)
{
	static const char *const align[] = {"---", ":--", "--:", ":-:"};

	fputs("# Tables\n\n", f);
	for (int w = 1; w <= 24; w++) {
		int cols = 1 + w % 4;

		fputs(w % 3 == 0 ? "> " : "", f);
		for (int c = 0; c < cols; c++)
			fprintf(f, "| h%d%.*s ", c, w, "abcdefghijklmnopqrstuvwxyz");
		fputs("|\n", f);
		fputs(w % 3 == 0 ? "> " : "", f);
		for (int c = 0; c < cols; c++)
			fprintf(f, "|%s", align[(w + c) % 4]);
		fputs("|\n", f);
		for (int r = 0; r < 3; r++) {
			fputs(w % 3 == 0 ? "> " : "", f);
			for (int c = 0; c < cols - (r == 2); c++)
				fprintf(f, "| %s%d.%d%s ", r == 1 ? "*" : "", w,
					c, r == 1 ? "* x<br>y" : "");
			fputs("|\n", f);
		}
		fputs("\nBetween tables.\n\n", f);
	}
	/* a term and its description: the last column wrapped */
	for (int w = 1; w <= 30; w += 3) {
		fprintf(f, "| t%d | d%d |\n|%s|---|\n", w, w, align[w % 4]);
		for (int r = 0; r < 3; r++) {
			fprintf(f, "| term%.*s | ", w % 9, "xxxxxxxxx");
			for (int k = 0; k < w + r; k++)
				fprintf(f, "%sword%d.%d", k ? " " : "", r, k);
			fputs(r == 1 ? "<br>then **more** |\n" : " |\n", f);
		}
		fputs("\n", f);
	}
}

/* Text that converts to more characters than it has bytes (TM, 3 bytes,
 * is shown as the 4 characters "(TM)"), in paragraphs of every length
 * around the room the layout makes for a paragraph (a character a byte,
 * 64 at least): it converts straight into that room, and again into more
 * when the text did not fit. Paragraphs share one buffer, kept at the
 * largest (sb_take), so the first one, 40 TM after a short title (120
 * bytes, room for 128, 160 characters), is the one sure to need the
 * second conversion. Every word is still shown, in order (conservation):
 * with the second conversion cut short, they are not. */
static void expanding_text(FILE *f)
{
	fputs("# Wide\n\n", f);
	for (int i = 0; i < 40; i++)
		fputs("\xE2\x84\xA2", f);
	fputs("\n\n", f);
	for (int k = 1; k < 60; k++) {
		fprintf(f, "p%d ", k);
		for (int i = 0; i < k; i++)
			fputs(i % 7 == 6 ? "\xE2\x84\xA2 " : "\xE2\x84\xA2", f);
		fprintf(f, " *em\xE2\x84\xA2 %d* end%d\n\n", k, k);
	}
}

/* Lays out, with cb, a collection of one file named `name` (its format
 * told by the name) holding `text`, in a temporary folder removed after.
 * Returns nonzero when it was laid out. */
static int made_layout_as(const char *what, const char *name,
			  const char *text, lay_page_cb cb, void *user)
{
	char dir[] = "/tmp/minitel-made-XXXXXX", path[64];
	const char *paths[1] = {dir};
	coll_options co = {0};
	lay_options lo = {.title = "T"};
	lay_site *site = NULL;
	doc *d = doc_new();
	FILE *f = NULL;
	int ok = 0;

	if (OK(d && mkdtemp(dir) != NULL, "%s: temporary folder", what)) {
		snprintf(path, sizeof path, "%s/%s", dir, name);
		f = fopen(path, "w");
		if (f) {
			fputs(text, f);
			fclose(f);
		}
		ok = OK(f && coll_load(d, paths, 1, &co) == 0, "%s: load",
			what) &&
		     OK(lay_build(d, &lo, cb, user, &site) == 0,
			"%s: layout", what);
		remove(path);
		rmdir(dir);
	}
	lay_site_free(site);
	doc_free(d);
	return ok;
}

/* made_layout_as for a BlogMax day file. */
static int made_layout(const char *what, const char *text, lay_page_cb cb,
		       void *user)
{
	return made_layout_as(what, "260101.txt", text, cb, user);
}

/*** Titles too long for their place ***/

typedef struct titles {
	vtx_screen sommaire, first[3];
	int seen;
} titles;

static int titles_page(const vtx_screen *screen, const lay_page_info *info,
		       void *user)
{
	titles *t = user;

	if (info->entry == LAY_NONE && info->number == 1)
		t->sommaire = *screen;
	else if (info->entry != LAY_NONE && info->entry < 3 &&
		 info->number == 1) {
		t->first[info->entry] = *screen;
		t->seen |= 1 << info->entry;
	}
	return 0;
}

/* The characters of row r from column c0 while they are letters of one
 * kind (the sommaire's green titles, the band's double-height ones), as
 * ASCII, trailing spaces dropped. */
static void row_text(const vtx_screen *s, int r, int c0, char *o, size_t n)
{
	const vtx_cell *first = &s->cells[r][c0];
	size_t k = 0;

	for (int c = c0; c < VTX_COLS && k + 1 < n; c++) {
		const vtx_cell *x = &s->cells[r][c];

		if (x->fg != first->fg || x->height != first->height)
			break;
		o[k++] = x->ch < 0x80 ? (char)x->ch : '?';
	}
	while (k > 0 && o[k - 1] == ' ')
		k--;
	o[k] = 0;
}

/* A title too long for the header band (38 cells in double height) or
 * for its sommaire line (22 cells before the date) ends in "..." after
 * its last whole word when that word ends at most a quarter of the room
 * before the cut, else at the cut: "Kubernetes: dem" is not a word.
 * A title that fits is shown whole. */
static void long_titles(void)
{
	static const char *const want_band[3] = {
		"Below Kubernetes: demystifying...",
		"Supercalifragilisticexpialidociousn...",
		"", /* in big mosaic letters: no double height */
	};
	static const char *const want_line[3] = {
		"Below Kubernetes:...",
		"Supercalifragilisti...",
		"A short title",
	};
	char got[64];
	titles *t = calloc(1, sizeof *t);

	if (OK(t != NULL, "titles: memory") &&
	    made_layout("titles",
			"{section \"Below Kubernetes: demystifying container "
			"runtimes\"}\nText.\n\n"
			"{section \"Supercalifragilisticexpialidociousnesses"
			"queezed\"}\nText.\n\n"
			"{section \"A short title\"}\nText.\n",
			titles_page, t) &&
	    INT_EQ(t->seen, 7, "titles: three entries")) {
		for (int e = 0; e < 3; e++) {
			const vtx_screen *s = &t->first[e];
			int c = 0;

			while (c < VTX_COLS && s->cells[2][c].height != 2)
				c++;
			row_text(s, 2, c, got, sizeof got);
			STR_EQ(got, want_band[e], "titles: band of entry %d",
			       e + 1);
			/* sommaire line: number in inverse at 1-5, the title
			 * from column 7 */
			row_text(&t->sommaire, 5 + e, 7, got, sizeof got);
			STR_EQ(got, want_line[e], "titles: sommaire line %d",
			       e + 1);
		}
	}
	free(t);
}

/*** Mermaid diagrams ***/

typedef struct shots {
	vtx_screen s[8];
	int n;
} shots;

static int shots_page(const vtx_screen *screen, const lay_page_info *info,
		      void *user)
{
	shots *t = user;

	if (info->entry != LAY_NONE && t->n < 8)
		t->s[t->n++] = *screen;
	return 0;
}

/* Row r of page k of t in ASCII characters (others read as '?': the
 * arrow is a G2 character). */
static void ascii_row(const shots *t, int k, int r, char row[VTX_COLS + 1])
{
	for (int c = 0; c < VTX_COLS; c++) {
		uint32_t ch = t->s[k].cells[r][c].ch;

		row[c] = ch >= 0x20 && ch < 0x7F ? (char)ch : '?';
	}
	row[VTX_COLS] = 0;
}

/* On how many rows of the pages kept is `want` (ascii_row)? */
static int shown_rows(const shots *t, const char *want)
{
	int rows = 0;

	for (int k = 0; k < t->n; k++)
		for (int r = 0; r < VTX_ROWS; r++) {
			char row[VTX_COLS + 1];

			ascii_row(t, k, r, row);
			rows += strstr(row, want) != NULL;
		}
	return rows;
}

static int shown(const shots *t, const char *want)
{
	return shown_rows(t, want) > 0;
}

/* The sample entry's diagram, with its newlines lost as they are there:
 * each edge on a line of its own all the same, labels for ids, and
 * "[diagram]" for one with nothing to show, rather than nothing. A node
 * on no edge is shown alone, an edge's text after it, each label where
 * it is given (an id given two), a label of any length; a node declared
 * and then on an edge is said once; a "|" that opens no edge text is
 * passed over, and so is an arrow to no node, its text read again. */
static void diagrams(void)
{
	static const char *const want[] = {
		"Kubernetes ? cri-containerd", "cri-containerd ? containerd",
		"docker CLI ? containerd", "cri-containerd ? runC",
		"Minitel ? Modem", "Modem ? Serveur", "Serveur ? Minitel",
		"[diagram]", "before", "after",
		"Only node", "Oui ? Non (si)", "Un ? Deux", "Trois ? Deux",
		"one two three four five six seven eight",
		"nine ten eleven twelve thirteen",
		"fourteen fifteen sixteen seventeen ?",
		"Start ? End", "One", "Two ? z", "Quoted", "Kept",
	};
	shots *t = calloc(1, sizeof *t);

	/* one line: the file's newlines lost */
	if (OK(t != NULL, "diagrams: memory") &&
	    made_layout("diagrams",
			"{section \"Flat\"} before {diagram} graph TD "
			"k8s[Kubernetes] --> ccd[cri-containerd] ccd --> "
			"cd[containerd] cli[docker CLI] --> cd ccd --> "
			"runc[runC] {margaid} \"after\" {section \"Chain\"} "
			"{diagram} flowchart LR; t[Minitel]-->m[Modem]==>"
			"s[Serveur]-.->t {margaid} {section \"Style\"} "
			"{diagram} graph TD {margaid} {section \"Alone\"} "
			"{diagram} graph TD a[Only node] {margaid} "
			"{section \"Texts\"} {diagram} y[Oui] -->|si| n[Non] "
			"u[Un] --> d[Deux] u[Trois] --> d {margaid} "
			"{section \"Long\"} {diagram} l[one two three four five "
			"six seven eight nine ten eleven twelve thirteen "
			"fourteen fifteen sixteen seventeen] --> m {margaid} "
			"{section \"Declared\"} {diagram} graph TD s[Start] "
			"e[End] s --> e x[One] x[Two] x --> z p -->|open "
			"q[Quoted] {margaid} {diagram} m -->|see [Kept] here| "
			"{margaid}",
			shots_page, t)) {
		for (size_t i = 0; i < sizeof want / sizeof *want; i++)
			OK(shown(t, want[i]), "diagrams: \"%s\" shown",
			   want[i]);
		INT_EQ(shown_rows(t, "Start"), 1,
		       "diagrams: a node declared, then on an edge: once");
	}
	free(t);
}

/* Code in a quote and in a list: the band starts where the text around
 * it does, clear of the quote's bar, which hid the code's first column
 * (a one-letter line vanished; found by the parser fuzz targets' text
 * conservation). A diagram and a missing picture's text likewise. */
static void nested_code(void)
{
	shots *t = calloc(1, sizeof *t);
	int found = 0;

	if (OK(t != NULL, "nested code: memory") &&
	    made_layout("nested code",
			"{section \"Q\"} <blockquote>q <pre>p\nxyz</pre>"
			"</blockquote> <ul><li>item <pre>code</pre></ul>"
			"<blockquote>{diagram}a --> b{margaid} "
			"{picc \"nope.png\" \"A caption long enough to go on "
			"to a second line here\"}</blockquote>",
			shots_page, t)) {
		OK(shown(t, "p") && shown(t, "xyz") && shown(t, "code"),
		   "nested code: every line shown");
		OK(shown(t, "? a ? b"), "a diagram in a quote, after its bar");
		OK(shown(t, "? [image: nope.png] A caption"),
		   "a missing picture in a quote, after its bar");
		OK(shown(t, "? enough to go on"), "its caption's second line too");
		for (int r = 0; r < VTX_ROWS; r++) {
			const vtx_cell *row = t->s[0].cells[r];

			/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) -- OK() checked it */
			if (row[3].ch == 'x' && row[4].ch == 'y') {
				found = 1;
				OK(row[1].ch == 0x258F,
				   "nested code: the quote's bar in column 1");
				OK((row[2].attr & VTX_ATTR_DELIM) &&
				   row[2].bg == 4 && row[3].bg == 4,
				   "nested code: the band from column 2");
			}
		}
		OK(found, "nested code: the quoted code at column 3");
	}
	free(t);
}

/*** Paragraphs in list items, line breaks ***/

/* The first row of the pages kept that shows `want` (ascii_row), -1
 * when none does; its page and the column where `want` starts go to
 * *page and *col when they are not NULL. */
static int row_of(const shots *t, const char *want, int *page, int *col)
{
	for (int k = 0; k < t->n; k++)
		for (int r = 0; r < VTX_ROWS; r++) {
			char row[VTX_COLS + 1];
			const char *at;

			ascii_row(t, k, r, row);
			if ((at = strstr(row, want)) != NULL) {
				if (page)
					*page = k;
				if (col)
					*col = (int)(at - row);
				return r;
			}
		}
	return -1;
}

/* The first paragraph of a list item flows on from its mark; a later
 * one (a loose item's, text after a raw HTML table in an item) is a
 * paragraph of its own, under the hanging indent with its first line
 * too, a blank line above it: it was run into the text before it
 * ("c after" in the 2004 sample's item with a table). A line break
 * after a space ("word&nbsp;<br>") makes no empty line. */
static void item_paragraphs(void)
{
	static const struct {
		const char *name, *text, *first, *later;
	} cases[] = {
		{"260101.txt",
		 "{section \"L\"}\n\n<UL>\n<LI>first words here\n\n"
		 "second words here\n<LI>next item\n</UL>\n",
		 "- first words here", "second words here"},
		{"260101.txt",
		 "{section \"L\"}\n\n<UL>\n<LI>item:\n<TABLE><TR><TD>a"
		 "<BR>bb</TD></TR></TABLE>\nafter the table\n</UL>\n",
		 "bb", "after the table"},
		{"notes.md",
		 "# L\n\n- one loose item\n\n  its second paragraph\n\n"
		 "- three\n",
		 "- one loose item", "its second paragraph"},
	};

	for (size_t i = 0; i < sizeof cases / sizeof *cases; i++) {
		shots *t = calloc(1, sizeof *t);
		int c0 = -1, c1 = -1, r0, r1;

		if (OK(t != NULL, "item paragraphs: memory") &&
		    made_layout_as("item paragraphs", cases[i].name,
				   cases[i].text, shots_page, t)) {
			r0 = row_of(t, cases[i].first, NULL, &c0);
			r1 = row_of(t, cases[i].later, NULL, &c1);
			OK(r0 >= 0 && r1 == r0 + 2,
			   "item %zu: \"%s\" a paragraph of its own, a blank "
			   "row after \"%s\" (rows %d, %d)",
			   i, cases[i].later, cases[i].first, r0, r1);
			INT_EQ(c1, 3, "item %zu: \"%s\" under the indent", i,
			       cases[i].later);
		}
		free(t);
	}
	{
		shots *t = calloc(1, sizeof *t);
		if (OK(t != NULL, "breaks: memory") &&
		    made_layout("breaks",
				"{section \"B\"}\n\nxx&nbsp;<BR>yy <BR>zz<BR>"
				"\n",
				shots_page, t)) {
			int rx = row_of(t, " xx ", NULL, NULL),
			    ry = row_of(t, " yy ", NULL, NULL),
			    rz = row_of(t, " zz ", NULL, NULL);

			OK(rx >= 0 && ry == rx + 1 && rz == ry + 1,
			   "a break after a space: the next line right under "
			   "(rows %d, %d, %d)", rx, ry, rz);
		}
		free(t);
	}
}

/* No-break spaces (&nbsp;): kept at the start of a line, after a break
 * or a paragraph's start (an indentation, as code in a raw HTML table is
 * written); no line is broken at one while a space can serve, and a
 * line of words all joined by them is broken at one rather than inside a
 * word, the one it is broken at left out. They were all taken for spaces:
 * the indentation was lost and "x&nbsp;yyyyy" was broken apart. */
static void nbsp_lines(void)
{
	shots *t = calloc(1, sizeof *t);
	int c0 = -1, c1 = -1, c2 = -1, r0, r1, r2;

	if (!OK(t != NULL, "nbsp: memory") ||
	    !made_layout("nbsp",
			 "{section \"N\"}\n\nbegin<BR>&nbsp;&nbsp;&nbsp;&nbsp;"
			 "inner line<BR>end\n\n&nbsp;&nbsp;lead text\n\n"
			 "aaaaaaaaa bbbbbbbbb ccccccccc dddddd x&nbsp;yyyyy "
			 "zz\n\nab001&nbsp;ab002&nbsp;ab003&nbsp;ab004&nbsp;"
			 "ab005&nbsp;ab006&nbsp;ab007&nbsp;ab008&nbsp;ab009\n",
			 shots_page, t)) {
		free(t);
		return;
	}
	r0 = row_of(t, "begin", NULL, &c0);
	r1 = row_of(t, "inner line", NULL, &c1);
	OK(r0 >= 0 && r1 == r0 + 1 && c1 == c0 + 4,
	   "four &nbsp; after a break: an indentation of 4 (rows %d, %d; "
	   "columns %d, %d)", r0, r1, c0, c1);
	r2 = row_of(t, "lead text", NULL, &c2);
	OK(r2 >= 0 && c2 == c0 + 2,
	   "two &nbsp; at a paragraph's start: an indentation of 2 (column "
	   "%d)", c2);
	r0 = row_of(t, " dddddd ", NULL, &c0);
	r1 = row_of(t, " x yyyyy zz", NULL, &c1);
	OK(r0 >= 0 && r1 == r0 + 1 && c1 == 0,
	   "\"x&nbsp;yyyyy\" not broken apart: on the next line together "
	   "(rows %d, %d)", r0, r1);
	r0 = row_of(t, " ab001 ab002 ab003 ab004 ab005 ab006    ", NULL,
		    &c0);
	r1 = row_of(t, " ab007 ab008 ab009 ", NULL, &c1);
	OK(r0 >= 0 && r1 == r0 + 1 && c0 == 0 && c1 == 0,
	   "words joined by &nbsp; broken at one, as wide as the line "
	   "allows, the next line not indented by it (rows %d, %d)", r0, r1);
	free(t);
}

/*** Tables ***/

/* A Markdown table whose columns fit the line is shown as columns, two
 * spaces apart, each as wide as its widest cell, every cell where its
 * alignment puts it (left, right, centred), the header white and the
 * rest in the body's green, emphasis kept. One too wide for the line
 * whose last column can have 16 cells beside the others has that column
 * wrapped there; one too wide for that is shown a row a paragraph, its
 * cells joined by " | ". */
static void tables(void)
{
	shots *t = calloc(1, sizeof *t);
	int row, page = 0;

	if (!t) {
		OK(0, "tables: memory");
		return;
	}
	if (!made_layout_as("tables", "prices.md",
			    "# Prices\n\n"
			    "| Level | Price | Note |\n|:--|--:|:-:|\n"
			    "| 3613 | 0,37 F | dir |\n"
			    "| 3615 | 1,29 F | *games* |\n\n"
			    "Between.\n\n"
			    "| Term | Meaning |\n|---|---|\n"
			    "| VGP5 | The video chip of the later Minitels, "
			    "which knows accents. |\n| DRCS | Loaded. |\n\n"
			    "| A very long first column that cannot fit | "
			    "and a second one |\n|---|---|\n| x | y |\n",
			    shots_page, t)) {
		free(t);
		return;
	}
	row = row_of(t, " Level   Price  Note ", &page, NULL);
	OK(row > 0, "tables: the header row in columns");
	if (row > 0) {
		const vtx_cell *c = t->s[page].cells[row];

		INT_EQ(c[1].fg, 7, "tables: the header is white");
		OK(row_of(t, " 3613   0,37 F   dir ", &page, NULL) == row + 1,
		   "tables: the next row under it, right-aligned and centred");
		OK(row_of(t, " 3615   1,29 F  games ", &page, NULL) == row + 2,
		   "tables: the last row");
		c = t->s[page].cells[row + 1];
		INT_EQ(c[1].fg, 2, "tables: a row of cells is green");
		OK(t->s[page].cells[row + 2][16].ch == 'g' &&
		   (t->s[page].cells[row + 2][15].attr & VTX_ATTR_UNDERLINE),
		   "tables: emphasis in a cell underlined");
	}
	row = row_of(t, " Term  Meaning ", &page, NULL);
	OK(row > 0 &&
	       row_of(t, " VGP5  The video chip of the later   ", &page,
		      NULL) == row + 1 &&
	       row_of(t, "       Minitels, which knows accents. ", &page,
		      NULL) == row + 2 &&
	       row_of(t, " DRCS  Loaded. ", &page, NULL) == row + 3,
	   "tables: a description wrapped beside its term");
	OK(shown(t, " A very long first column that cannot"),
	   "tables: a table too wide, its header wrapped");
	/* ('|' is shown as the Minitel draws it, a box-drawing bar: '?') */
	OK(shown(t, " x ? y "), "tables: ... and its row joined by \" | \"");
	free(t);
}

int main(int argc, char **argv)
{
	run pages = {.name = "pages"}, samples = {.name = "samples"};
	char path[4200];
	size_t n;

	pages.write = samples.write =
		argc > 1 && strcmp(argv[1], "--write-golden") == 0;
	collection(&pages, "pages/notes");
	if (!pages.write) {
		run deep = {.name = "deep", .no_golden = 1},
		    wide = {.name = "expanding", .no_golden = 1},
		    tabled = {.name = "tables", .no_golden = 1};

		made_notes(&deep, "deep.md", deep_nesting);
		made_notes(&wide, "wide.md", expanding_text);
		made_notes(&tabled, "tables.md", table_notes);
		long_titles();
		diagrams();
		nested_code();
		item_paragraphs();
		nbsp_lines();
		tables();
	}
	snprintf(path, sizeof path, "%s/samples/notes", tu_shared());
	if (!tu_is_dir(path)) {
		printf("%s absent: the real samples are skipped\n", path);
		check_skip("shared samples absent");
		return check_done();
	}
	if (samples.write) {
		samples.digest = fopen("tests/golden/samples.digest", "w");
		if (!samples.digest)
			abort();
	} else {
		samples.golden_digest = (char *)tu_read(
			"tests/golden/samples.digest", &n);
		OK(samples.golden_digest != NULL,
		   "tests/golden/samples.digest exists (make golden)");
	}
	collection(&samples, path);
	if (samples.digest)
		fclose(samples.digest);
	free(samples.golden_digest);
	return check_done();
}
