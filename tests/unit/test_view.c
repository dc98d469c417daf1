/* minitel view --headless as a script runs it: browsing scenarios over
 * pages/notes and over an export of it, checked through the final
 * screen's dump (--dump) and the bytes sent (--record): the record,
 * decoded from power-on, must give exactly the dumped screen. The program
 * under test is the one of this build variant (bin/minitel for
 * build/plain, build/V/minitel for build/V) or $MINITEL_BIN. */
#include "check.h"
#include "clitool.h"
#include "testutil.h"

#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "videotex/dump.h"
#include "videotex/encode.h"
#include "videotex/term.h"

static char tool[4096];
static char dir[] = "/tmp/minitel-view-XXXXXX";

typedef struct result {
	int status;
	char *out, *err;
} result;

static char *slurp(const char *path)
{
	size_t n;
	uint8_t *d = tu_read(path, &n);

	if (!d)
		abort();
	return (char *)d;
}

/* Runs "TOOL ARGS" (a shell fragment), capturing stdout and stderr. */
static result run(const char *args)
{
	char cmd[8192], out[4200], err[4200];
	result r;
	int st;

	tu_fmt(out, sizeof out, "%s/stdout", dir);
	tu_fmt(err, sizeof err, "%s/stderr", dir);
	tu_fmt(cmd, sizeof cmd, "%s %s >%s 2>%s", tool, args, out, err);
	st = system(cmd);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r.out = slurp(out);
	r.err = slurp(err);
	return r;
}

static void done(result *r)
{
	free(r->out);
	free(r->err);
}

static int has(const char *s, const char *part)
{
	return s && strstr(s, part) != NULL;
}

static void expect(const char *args, int status, const char *err_part)
{
	result r = run(args);

	INT_EQ(r.status, status, "minitel %s: exit status", args);
	OK(has(r.err, err_part), "minitel %s: stderr has \"%s\" (got \"%s\")",
	   args, err_part, r.err);
	done(&r);
}

/* Row `row` ("RR|...|") of a dump's text view; a static copy. */
static const char *row_of(const char *dump, int row)
{
	static char line[256];
	char head[8];
	const char *p = NULL;

	snprintf(head, sizeof head, "\n%02d|", row);
	if (dump && !strncmp(dump, head + 1, 3))
		p = dump; /* the text view alone starts with row 00 */
	else if (dump && (p = strstr(dump, head)) != NULL)
		p++;
	line[0] = 0;
	if (p)
		snprintf(line, sizeof line, "%.*s", (int)strcspn(p, "\n"), p);
	return line;
}

/* Runs a headless scenario over SOURCE; returns the dump, and checks
 * that the record decodes to the same dump. */
static char *scenario(const char *keys, const char *source)
{
	char args[8600], dump[4200], rec[4200];
	result r;
	char *d = NULL;

	tu_fmt(dump, sizeof dump, "%s/final.screen", dir);
	tu_fmt(rec, sizeof rec, "%s/sent.vdt", dir);
	unlink(dump);
	unlink(rec);
	tu_fmt(args, sizeof args, "view --headless --keys '%s' --dump '%s' "
	    "--record '%s' %s", keys, dump, rec, source);
	r = run(args);
	INT_EQ(r.status, 0, "%s: exit status (%s)", args, r.err);
	if (r.status == 0) {
		size_t n;
		uint8_t *sent = tu_read(rec, &n);
		vtx_screen s;
		vtx_buf again = {0};

		d = slurp(dump);
		OK(sent && vtx_decode(sent, n, &s) == 0 &&
		   vtx_dump_write(&s, NULL, &again) == 0 &&
		   again.len == strlen(d) && !memcmp(again.data, d, again.len),
		   "%s: the record decodes to the dump", keys);
		OK(has(r.err, "bytes sent"), "%s: a summary on stderr", keys);
		vtx_buf_free(&again);
		free(sent);
	}
	done(&r);
	return d;
}

/* A scenario whose final screen's row `row` must hold `want`. */
static void expect_row(const char *keys, const char *source, int row,
		       const char *want)
{
	char *d = scenario(keys, source);

	OK(has(row_of(d, row), want), "%s: row %02d has \"%s\" (got \"%s\")",
	   keys, row, want, row_of(d, row));
	free(d);
}

static void test_usage(void)
{
	result r = run("view --help"), h = run("help view");

	INT_EQ(r.status, 0, "view --help");
	OK(!strncmp(r.out, "usage: minitel view", 19), "help: usage first");
	STR_EQ(h.out, r.out, "help view is view --help");
	done(&r);
	done(&h);
	r = run("--help");
	OK(has(r.out, "  view "), "minitel --help lists view");
	done(&r);
	expect("view --bogus", 2, "unknown option --bogus");
	expect("view --keys ENVOI pages/notes", 2, "need --headless");
	expect("view --headless --format bogus", 2, "unknown --format");
	expect("view --headless --keys '\xE2\x82\xAC' pages/notes", 2,
	       "cannot be typed");
	/* without a display, the window cannot open: a clear error (and
	 * the test never opens a window on a developer's desktop) */
	unsetenv("DISPLAY");
	unsetenv("WAYLAND_DISPLAY");
	unsetenv("SDL_VIDEODRIVER");
	expect("view pages/notes", 1, "cannot open a window");
	expect("view --headless /nonexistent/notes.txt", 1, "notes.txt");
	expect("view --headless --record /nonexistent/dir/x.vdt pages/notes",
	       1, "/nonexistent/dir/x.vdt");
}

static void test_text_view(void)
{
	result r = run("view --headless pages/notes");

	INT_EQ(r.status, 0, "no output file: exit status");
	OK(has(row_of(r.out, 0), "sommaire 1/1"),
	   "no output file: the text view on stdout (%s)", row_of(r.out, 0));
	OK(has(r.out, "\n22| Tapez un num\xC3\xA9ro puis ENVOI"),
	   "with the prompt");
	done(&r);
}

static void test_browsing(void)
{
	const char *src = "pages/notes";
	char *a, *b;

	expect_row("", src, 0, "sommaire 1/1");
	expect_row("2 ENVOI", src, 0, "05/06/1984    page 1/3");
	expect_row("2 ENVOI SUITE", src, 0, "page 2/3");
	expect_row("2 ENVOI SUITE RETOUR", src, 0, "page 1/3");
	expect_row("2 ENVOI SUITE SOMMAIRE", src, 0, "sommaire 1/1");
	expect_row("3 ENVOI SUITE SUITE", src, 0, "page 3/4");
	expect_row("9 ENVOI", src, 0, "Choix 9 inconnu");
	expect_row("RETOUR", src, 0, "Pas de page pr\xC3\xA9" "c\xC3\xA9" "dente");
	expect_row("12", src, 22, "ENVOI 12");
	expect_row("12 CORRECTION", src, 22, "ENVOI 1 ");
	expect_row("kiosque ENVOI", src, 5, "Notes contenant \"kiosque\"");
	expect_row("kiosque ENVOI", src, 6, "Le kiosque 3615");
	expect_row("KIOSQUE ENVOI 2 ENVOI", src, 0, "page 1/3");
	expect_row("r\xC3\xA9seau ENVOI", src, 6, "La fin du r\xC3\xA9seau");
	expect_row("zzz ENVOI", src, 0, "Aucune note avec \"zzz\"");
	expect_row("GUIDE", src, 0, "aide");
	expect_row("GUIDE", src, 13, "CORRECTION");
	expect_row("GUIDE RETOUR", src, 0, "sommaire 1/1");
	expect_row("4 ENVOI REPETITION", src, 0, "page 1/7");
	/* --whole-pages: each page begins where the one before ended */
	expect_row("2 ENVOI SUITE", "--whole-pages pages/notes", 0,
		   "page 2/2");
	expect_row("4 ENVOI", "--whole-pages pages/notes", 0, "page 1/4");
	expect_row("CONNEXION", src, 10, "Merci de votre visite");
	expect_row("FIN 2 ENVOI", src, 10, "Merci de votre visite");
	/* the default source is pages/notes */
	a = scenario("2 ENVOI SUITE", "");
	b = scenario("2 ENVOI SUITE", src);
	OK(a && b && !strcmp(a, b), "no SOURCE: pages/notes");
	free(a);
	free(b);
}

/* Half steps: SUITE moves the lower half of the page up (CSI row
 * deletes and inserts) and sends only the new half; RETOUR moves it
 * back down. */
static int has_bytes(const uint8_t *b, size_t n, const char *part,
		     size_t k)
{
	for (size_t i = 0; i + k <= n; i++)
		if (!memcmp(b + i, part, k))
			return 1;
	return 0;
}

static void test_half_steps(void)
{
	const char *keys[2] = {"4 ENVOI", "4 ENVOI SUITE"};
	char rec[4200], *d[2], row[2][256];
	uint8_t *sent[2];
	size_t n[2] = {0, 0};
	vtx_screen page;
	vtx_buf full = {0};

	tu_fmt(rec, sizeof rec, "%s/sent.vdt", dir); /* scenario's record */
	for (int i = 0; i < 2; i++) {
		d[i] = scenario(keys[i], "pages/notes");
		sent[i] = tu_read(rec, &n[i]);
	}
	/* rows 14-22 of page 1 are rows 5-13 of page 2 */
	for (int r = 14; r <= 22; r++) {
		snprintf(row[0], sizeof row[0], "%s", row_of(d[0], r) + 3);
		snprintf(row[1], sizeof row[1], "%s", row_of(d[1], r - 9) + 3);
		OK(d[0] && d[1] && !strcmp(row[0], row[1]),
		   "SUITE: row %d of page 1 is row %d of page 2 (%s / %s)", r,
		   r - 9, row[0], row[1]);
	}
	if (OK(sent[0] && sent[1] && n[1] > n[0] &&
	       !memcmp(sent[0], sent[1], n[0]), "SUITE: the record grows")) {
		const uint8_t *suite = sent[1] + n[0];
		size_t ns = n[1] - n[0];

		OK(has_bytes(suite, ns, "\x1b[9M", 4),
		   "SUITE: nine rows deleted at the top of the body");
		vtx_decode(sent[1], n[1], &page);
		vtx_encode_screen(&page, VTX_ENCODE_FF, &full);
		OK(ns * 2 <= full.len, "SUITE: %zu bytes, at most half the "
		   "%zu of the whole page", ns, full.len);
	}
	vtx_buf_free(&full);
	for (int i = 0; i < 2; i++) {
		free(sent[i]);
		free(d[i]);
	}
}

static void test_verbose(void)
{
	result r = run("view --headless -v --keys '2 ENVOI SUITE' "
		       "--record /dev/null pages/notes");
	struct stat st;

	INT_EQ(r.status, 0, "--verbose: exit status");
	OK(has(r.err, "2: 4 bytes"), "--verbose: the echo (%s)", r.err);
	OK(has(r.err, "ENVOI: ") && has(r.err, "SUITE: "),
	   "--verbose: a line a key");
	OK(!has(r.out, "00|"), "--record alone: nothing on stdout");
	OK(stat("/dev/null", &st) == 0 && S_ISCHR(st.st_mode),
	   "--record /dev/null wrote into the device, not a file over it");
	done(&r);
}

/* --png draws the final screen as decode --png draws the record. */
static void test_png(void)
{
	char args[8600], rec[4200], a[4200], b[4200];
	result r;
	size_t na = 0, nb = 0;
	uint8_t *pa, *pb;

	tu_fmt(rec, sizeof rec, "%s/png.vdt", dir);
	tu_fmt(a, sizeof a, "%s/view.png", dir);
	tu_fmt(b, sizeof b, "%s/decode.png", dir);
	tu_fmt(args, sizeof args, "view --headless --keys '2 ENVOI 9 ENVOI' "
	    "--record '%s' --png '%s' pages/notes", rec, a);
	r = run(args);
	INT_EQ(r.status, 0, "--png: exit status (%s)", r.err);
	OK(!has(r.out, "00|"), "--png: nothing on stdout");
	done(&r);
	tu_fmt(args, sizeof args, "decode --png '%s' '%s'", b, rec);
	r = run(args);
	INT_EQ(r.status, 0, "decode --png of the record");
	done(&r);
	pa = tu_read(a, &na);
	pb = tu_read(b, &nb);
	OK(pa && na > 8 && !memcmp(pa, "\x89PNG", 4), "--png: a PNG file");
	OK(pa && pb && na == nb && !memcmp(pa, pb, na),
	   "--png: the same picture as decode --png of the record");
	free(pa);
	free(pb);
}

/* An export folder browses as the notes it came from. */
static void test_export(void)
{
	static const char *const keys[] = {
		"", "2 ENVOI SUITE", "3 ENVOI SUITE SUITE RETOUR",
		"minitel ENVOI", "4 ENVOI SUITE SUITE SUITE SUITE", "GUIDE",
		"9 ENVOI"};
	char args[8600], site[4200];
	result r;

	tu_fmt(site, sizeof site, "%s/site", dir);
	tu_fmt(args, sizeof args, "export pages/notes -o '%s'", site);
	r = run(args);
	INT_EQ(r.status, 0, "export for view");
	done(&r);
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		char *a = scenario(keys[i], "pages/notes");
		char *b = scenario(keys[i], site);
		char *c = scenario(keys[i], "tests/golden/pages");

		OK(a && b && !strcmp(a, b), "'%s': the export as the notes",
		   keys[i]);
		OK(a && c && !strcmp(a, c),
		   "'%s': the golden export as the notes", keys[i]);
		free(a);
		free(b);
		free(c);
	}
}

static void write_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "wb");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
}

static void test_bad_export(void)
{
	char path[4200], args[8600], bad[4200];

	tu_fmt(bad, sizeof bad, "%s/bad", dir);
	mkdir(bad, 0777);
	tu_fmt(path, sizeof path, "%s/site.json", bad);
	write_file(path, "{\n  \"format\": \"minitel-site 1\",\n  \"pages\": [\n"
			 "    {\"file\": \"0001.vdt\", oops}\n");
	tu_fmt(args, sizeof args, "view --headless '%s'", bad);
	tu_fmt(path, sizeof path, "%s/site.json:4:26: expected a member name",
	    bad);
	expect(args, 1, path);
	tu_fmt(path, sizeof path, "%s/site.json", bad);
	write_file(path, "{\"format\": \"other\"}");
	expect(args, 1, "not a minitel-site 1 file");
	write_file(path, "{\"format\": \"minitel-site 1\", \"title\": \"T\", "
			 "\"entries\": [], \"pages\": [{\"file\": \"0001.vdt\","
			 " \"index\": 0, \"entry\": null, \"page\": 1, "
			 "\"count\": 1, \"keys\": {\"SUITE\": \"0002.vdt\"}}]}");
	expect(args, 1, "page 1: a key leads to no page");
	write_file(path, "{\"format\": \"minitel-site 1\", \"title\": \"T\", "
			 "\"entries\": [], \"pages\": [{\"file\": \"0001.vdt\","
			 " \"index\": 0, \"entry\": null, \"page\": 1, "
			 "\"count\": 1, \"keys\": {\"SUITE\": null}}]}");
	expect(args, 1, "0001.vdt: No such file or directory");
	tu_fmt(path, sizeof path, "%s/0001.vdt", bad);
	write_file(path, "\x0c" "Hello");
	tu_fmt(args, sizeof args, "view --headless --keys 'x ENVOI' '%s'", bad);
	expect(args, 0, "bytes sent");
}

int main(int argc, char **argv)
{
	(void)argc;
	if (tu_cli_begin(argv[0], tool, sizeof tool, dir) != 0)
		return check_done();
	test_usage();
	test_text_view();
	test_browsing();
	test_half_steps();
	test_verbose();
	test_png();
	test_export();
	test_bad_export();
	tu_scratch_done(dir);
	return check_done();
}
