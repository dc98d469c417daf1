/* bin/minitel as a user runs it: output, stderr and exit status of every
 * subcommand (tools/). The program under test is the one of this build
 * variant: bin/minitel for build/plain, build/V/minitel for build/V (the
 * Makefile builds it before the tests), or $MINITEL_BIN. Each run goes
 * through the shell, with stdout and stderr captured in a temporary
 * folder. Exit status: 0 ok, 1 bad input, 2 usage (tools/util.h). */
#include "check.h"
#include "clitool.h"

#include <dirent.h>
#include <fcntl.h>
#include <signal.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "videotex/term.h"

static char tool[4096];
static char dir[] = "/tmp/minitel-cli-XXXXXX";

typedef struct result {
	int status; /* exit status, or -1 if killed */
	char *out;  /* NUL-terminated */
	size_t out_len;
	char *err;
} result;

static char *slurp(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	char *d;
	long n;

	if (!f)
		abort();
	fseek(f, 0, SEEK_END);
	n = ftell(f);
	rewind(f);
	d = malloc((size_t)n + 1);
	if (!d || fread(d, 1, (size_t)n, f) != (size_t)n)
		abort();
	fclose(f);
	d[n] = 0;
	*len = (size_t)n;
	return d;
}

/* Runs "TOOL ARGS" (ARGS a shell fragment) and captures its results. */
static result run(const char *args)
{
	char cmd[8192], out[4200], err[4200];
	result r;
	size_t n;
	int st;

	tu_fmt(out, sizeof out, "%s/stdout", dir);
	tu_fmt(err, sizeof err, "%s/stderr", dir);
	tu_fmt(cmd, sizeof cmd, "%s %s >%s 2>%s", tool, args, out, err);
	st = system(cmd);
	r.status = WIFEXITED(st) ? WEXITSTATUS(st) : -1;
	r.out = slurp(out, &r.out_len);
	r.err = slurp(err, &n);
	return r;
}

static void done(result *r)
{
	free(r->out);
	free(r->err);
}

/* A file in the temporary folder; returns its path (static buffer). */
static const char *file(const char *name, const void *bytes, size_t n)
{
	static char path[4200];
	FILE *f;

	tu_fmt(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f || (n && fwrite(bytes, 1, n, f) != n) || fclose(f) != 0)
		abort();
	return path;
}

static int has(const char *s, const char *part)
{
	return strstr(s, part) != NULL;
}

static int starts(const char *s, const char *prefix)
{
	return strncmp(s, prefix, strlen(prefix)) == 0;
}

/* Exit status and a piece of stderr. */
static void expect(const char *args, int status, const char *err_part)
{
	result r = run(args);

	INT_EQ(r.status, status, "minitel %s: exit status", args);
	if (err_part)
		OK(has(r.err, err_part), "minitel %s: stderr has \"%s\" (got "
		   "\"%s\")", args, err_part, r.err);
	done(&r);
}

static void test_main(void)
{
	result r = run("--version"), h;

	INT_EQ(r.status, 0, "--version");
	OK(starts(r.out, "minitel "), "--version prints the version");
	done(&r);
	r = run("--help");
	INT_EQ(r.status, 0, "--help");
	OK(has(r.out, "decode") && has(r.out, "stat") &&
	   has(r.out, "optimize") && has(r.out, "demo") && has(r.out, "help"),
	   "--help lists the commands");
	done(&r);
	expect("", 2, "usage: minitel");
	expect("frobnicate", 2, "unknown command 'frobnicate'");
	expect("--frob", 2, "unknown option --frob");
	expect("help nope", 2, "unknown command 'nope'");
	r = run("help");
	INT_EQ(r.status, 0, "help alone");
	h = run("--help");
	STR_EQ(r.out, h.out, "help alone is --help");
	done(&r);
	done(&h);
}

static void test_common(void)
{
	static const char *const cmds[] = {"decode", "stat", "optimize",
					   "demo"};
	char args[4600], want[64];

	for (size_t i = 0; i < sizeof cmds / sizeof cmds[0]; i++) {
		result r, h;

		tu_fmt(args, sizeof args, "%s --help", cmds[i]);
		r = run(args);
		INT_EQ(r.status, 0, "%s", args);
		tu_fmt(want, sizeof want, "usage: minitel %s", cmds[i]);
		OK(starts(r.out, want), "%s starts with its usage", args);
		tu_fmt(args, sizeof args, "help %s", cmds[i]);
		h = run(args);
		STR_EQ(h.out, r.out, "%s is %s --help", args, cmds[i]);
		done(&r);
		done(&h);
		tu_fmt(args, sizeof args, "%s --bogus", cmds[i]);
		expect(args, 2, "unknown option --bogus");
		expect(args, 2, want);
		if (strcmp(cmds[i], "demo") == 0)
			continue;
		tu_fmt(args, sizeof args, "%s %s/missing.vdt%s%s%s", cmds[i],
		    dir, strcmp(cmds[i], "optimize") == 0 ? " -o " : "",
		    strcmp(cmds[i], "optimize") == 0 ? dir : "",
		    strcmp(cmds[i], "optimize") == 0 ? "/o.vdt" : "");
		r = run(args);
		INT_EQ(r.status, 1, "%s: missing file", cmds[i]);
		tu_fmt(args, sizeof args,
		    "%s/missing.vdt: No such file or directory\n", dir);
		STR_EQ(r.err, args, "%s: missing file message", cmds[i]);
		done(&r);
	}
}

/* Three pages: FF AAA FF BBB FF CCC */
static const char pages3[] = "\x0c" "AAA" "\x0c" "BBB" "\x0c" "CCC";

static void test_decode_pages(const char *f)
{
	char args[4600];
	static const char *const rows[] = {"01|AAA ", "01|BBB ", "01|CCC "};

	for (int p = 1; p <= 3; p++) {
		tu_fmt(args, sizeof args, "decode --text --page %d %s", p, f);
		result r = run(args);

		INT_EQ(r.status, 0, "%s", args);
		OK(has(r.out, rows[p - 1]), "%s shows page %d", args, p);
		done(&r);
	}
	tu_fmt(args, sizeof args, "decode --page 4 %s", f);
	result r = run(args);

	INT_EQ(r.status, 1, "%s", args);
	tu_fmt(args, sizeof args, "%s: only 3 pages\n", f);
	STR_EQ(r.err, args, "fewer pages than asked");
	OK(r.out_len == 0, "nothing on stdout");
	done(&r);
	tu_fmt(args, sizeof args, "decode --page 0 %s", f);
	expect(args, 2, "--page wants a number >= 1");
	tu_fmt(args, sizeof args, "decode --page x %s", f);
	expect(args, 2, "--page wants a number >= 1");
	expect("decode --page", 2, "--page needs a value");
}

static int count_lines(const char *s)
{
	int n = 0;

	for (; *s; s++)
		n += *s == '\n';
	return n;
}

static void test_decode(void)
{
	const char *f = file("three.vdt", pages3, sizeof pages3 - 1);
	char args[4600], head[4600], fpath[4200];
	result r, t;

	tu_fmt(fpath, sizeof fpath, "%s", f);
	tu_fmt(args, sizeof args, "decode %s", fpath);
	r = run(args);
	INT_EQ(r.status, 0, "%s", args);
	tu_fmt(head, sizeof head, "# minitel-screen v1\n# source file: %s\n"
	    "# source bytes: 12\n00|", fpath);
	OK(starts(r.out, head), "dump header and comments");
	OK(has(r.out, "\n01|CCC "), "final screen");
	INT_EQ(count_lines(r.out), 3 + 25 + 1 + 1000, "dump lines");
	OK(r.err[0] == 0, "nothing on stderr");
	tu_fmt(args, sizeof args, "decode --dump %s", fpath);
	t = run(args);
	STR_EQ(t.out, r.out, "--dump is the default");
	done(&t);
	tu_fmt(args, sizeof args, "decode --text - < %s", fpath);
	t = run(args);
	INT_EQ(t.status, 0, "stdin");
	INT_EQ(count_lines(t.out), 25, "--text: 25 rows");
	OK(starts(t.out, "00|") && has(t.out, "\n01|CCC "), "--text rows");
	done(&t);
	tu_fmt(args, sizeof args, "decode -o %s/out.txt %s", dir, fpath);
	t = run(args);
	INT_EQ(t.status, 0, "-o");
	INT_EQ(t.out_len, 0, "-o: nothing on stdout");
	done(&t);
	tu_fmt(args, sizeof args, "%s/out.txt", dir);
	size_t n;
	char *written = slurp(args, &n);

	STR_EQ(written, r.out, "-o writes what stdout shows");
	free(written);
	done(&r);
	test_decode_pages(fpath);
	tu_fmt(args, sizeof args, "decode %s %s", fpath, fpath);
	expect(args, 2, "one input file only");
	expect("decode", 2, "no input file");
	tu_fmt(args, sizeof args, "decode -o %s/no/such/dir.txt %s", dir, fpath);
	expect(args, 1, "No such file or directory");
	/* a folder given for a file: said, and no temporary file left */
	tu_fmt(args, sizeof args, "decode --png %s/ %s", dir, fpath);
	expect(args, 1, "Is a directory");
}

static void test_decode_ansi_verbose(void)
{
	static const uint8_t bad[] = {0x1F, 0x59, 0x41, 0x41};
	const char *f = file("bad.vdt", bad, sizeof bad);
	char args[4600], want[4600];
	result r;

	tu_fmt(args, sizeof args, "decode --ansi %s", f);
	r = run(args);
	INT_EQ(r.status, 0, "--ansi");
	OK(has(r.out, "\x1b[0;38;2;255;255;255;48;2;0;0;0m"), "24-bit SGR");
	INT_EQ(count_lines(r.out), 25, "--ansi: 25 rows");
	done(&r);
	tu_fmt(args, sizeof args, "decode --text %s", f);
	r = run(args);
	OK(r.err[0] == 0, "no decoder messages without --verbose");
	done(&r);
	tu_fmt(args, sizeof args, "decode --text --verbose %s", f);
	r = run(args);
	INT_EQ(r.status, 0, "--verbose: bad input is not an error");
	tu_fmt(want, sizeof want, "%s: offset 2: ", f);
	OK(starts(r.err, want), "--verbose: \"FILE: offset N: msg\" (got %s)",
	   r.err);
	done(&r);
}

static void test_stat(void)
{
	char data[48], args[4600], f[4200], g[4200];
	result r;

	/* 48 bytes, 2 FFs: 480 bits, 0.40 s at 1200 Bd */
	memset(data, 'A', sizeof data);
	data[0] = data[20] = 0x0C;
	tu_fmt(f, sizeof f, "%s", file("a.vdt", data, sizeof data));
	tu_fmt(g, sizeof g, "%s", file("b.vdt", data, sizeof data));
	tu_fmt(args, sizeof args, "stat %s", f);
	r = run(args);
	INT_EQ(r.status, 0, "%s", args);
	OK(has(r.out, "BYTES") && has(r.out, "PAGES") &&
	   has(r.out, "1200 Bd") && has(r.out, "9600 Bd"), "stat header");
	OK(has(r.out, "48      2      0.40s      0.10s      0.05s"),
	   "stat line (got %s)", r.out);
	OK(!has(r.out, "total"), "no total for one file");
	INT_EQ(count_lines(r.out), 2, "header and one line");
	done(&r);
	tu_fmt(args, sizeof args, "stat %s %s", f, g);
	r = run(args);
	OK(has(r.out, "\ntotal ") &&
	   has(r.out, "96      4      0.80s      0.20s      0.10s"),
	   "total line (got %s)", r.out);
	done(&r);
	tu_fmt(args, sizeof args, "stat %s %s/missing.vdt", f, dir);
	r = run(args);
	INT_EQ(r.status, 1, "stat with a missing file");
	OK(has(r.out, "0.40s") && has(r.err, "missing.vdt: No such file"),
	   "the other files are still measured");
	done(&r);
	expect("stat", 2, "no input file");
}

static int same_screen(const char *path_a, const char *path_b)
{
	static vtx_screen a, b;
	size_t na, nb;
	char *da = slurp(path_a, &na), *db = slurp(path_b, &nb);
	int eq = vtx_decode((const uint8_t *)da, na, &a) == 0 &&
		 vtx_decode((const uint8_t *)db, nb, &b) == 0 &&
		 vtx_screen_equal(&a, &b);

	free(da);
	free(db);
	return eq;
}

static void test_optimize_basic(void)
{
	char data[48], in[4200], out[4200], args[8600], want[4300];
	result r;
	size_t n;
	char *o;

	/* FF and 40 times the same letter: REP makes it much smaller */
	memset(data, 'A', sizeof data);
	data[0] = 0x00;
	data[1] = 0x0C;
	tu_fmt(in, sizeof in, "%s", file("rep.vdt", data, 42));
	tu_fmt(out, sizeof out, "%s/rep.out.vdt", dir);
	tu_fmt(args, sizeof args, "optimize %s -o %s", in, out);
	r = run(args);
	INT_EQ(r.status, 0, "%s", args);
	tu_fmt(want, sizeof want, "%s: 42 bytes -> ", in);
	OK(starts(r.err, want) && has(r.err, "%)"), "report (got %s)", r.err);
	o = slurp(out, &n);
	OK(n < 42, "smaller (%zu bytes)", n);
	OK(n > 0 && o[0] == 0x0C, "starts with FF like its input");
	free(o);
	OK(same_screen(in, out), "same screen");
	done(&r);

	/* nothing to gain: the input is written unchanged */
	tu_fmt(in, sizeof in, "%s", file("one.vdt", "A", 1));
	tu_fmt(args, sizeof args, "optimize %s -o %s", in, out);
	r = run(args);
	INT_EQ(r.status, 0, "%s", args);
	o = slurp(out, &n);
	OK(n == 1 && o[0] == 'A', "input kept");
	OK(has(r.err, "1 bytes -> 1 bytes (100.0%), input kept"),
	   "report says so (got %s)", r.err);
	free(o);
	done(&r);
}

static void test_optimize_errors(void)
{
	/* roll mode scrolls the upper half of a double-height A away */
	static const char rolled[] = "\x1b\x3a\x69\x43\x1f\x42\x41\x1b\x4d"
				     "A\x1f\x58\x41\x0a";
	char in[4200], args[8600];

	tu_fmt(in, sizeof in, "%s", file("rolled.vdt", rolled, sizeof rolled - 1));
	tu_fmt(args, sizeof args, "optimize %s -o %s/r.vdt", in, dir);
	expect(args, 1, "screen cannot be re-encoded");
	tu_fmt(in, sizeof in, "%s", file("three.vdt", pages3, sizeof pages3 - 1));
	tu_fmt(args, sizeof args, "optimize --page 4 %s -o %s/r.vdt", in, dir);
	expect(args, 1, "only 3 pages");
	tu_fmt(args, sizeof args, "optimize %s", in);
	expect(args, 2, "no output file");
	expect("optimize -o x.vdt", 2, "no input file");
}

static void test_optimize_pages(void)
{
	char in[4200], out[4200], ref[4200], args[8600], *o;
	result r;
	size_t n;

	tu_fmt(in, sizeof in, "%s", file("three.vdt", pages3, sizeof pages3 - 1));
	tu_fmt(ref, sizeof ref, "%s", file("page2.vdt", "\x0c" "BBB", 4));
	tu_fmt(out, sizeof out, "%s/p2.vdt", dir);
	tu_fmt(args, sizeof args, "optimize --page 2 %s -o %s", in, out);
	r = run(args);
	INT_EQ(r.status, 0, "%s", args);
	OK(same_screen(out, ref), "page 2 re-encoded");
	o = slurp(out, &n);
	OK(n > 0 && o[0] == 0x0C, "a page starts with FF");
	free(o);
	done(&r);
}

/* Pseudo-random streams: the output never grows and shows the same. */
static void test_optimize_never_larger(void)
{
	static const uint8_t alphabet[] = {0x0C, 0x0E, 0x0F, 0x1B, 0x12, 0x1F,
					   0x19, 0x0A, 0x0D, 0x08, 0x20, 0x41,
					   0x42, 0x45, 0x4D, 0x54, 0x23, 0x7F};
	uint64_t seed = 12345;
	uint8_t data[300];
	char in[4200], out[4200], args[8600];

	for (int k = 0; k < 6; k++) {
		size_t n = 20 + (size_t)check_rand_below(&seed, 280), m;
		result r;
		char *o;

		for (size_t i = 0; i < n; i++)
			data[i] = alphabet[check_rand_below(&seed,
							    sizeof alphabet)];
		tu_fmt(in, sizeof in, "%s", file("rand.vdt", data, n));
		tu_fmt(out, sizeof out, "%s/rand.out.vdt", dir);
		tu_fmt(args, sizeof args, "optimize %s -o %s", in, out);
		r = run(args);
		if (r.status == 1 && has(r.err, "cannot be re-encoded")) {
			done(&r);
			continue;
		}
		INT_EQ(r.status, 0, "random stream %d (%s)", k, r.err);
		o = slurp(out, &m);
		OK(m <= n, "random stream %d: %zu -> %zu bytes", k, n, m);
		OK(same_screen(in, out), "random stream %d: same screen", k);
		free(o);
		done(&r);
	}
}

static void test_demo(void)
{
	char pages[4200], args[8600], a[4300], b[4300];
	result r = run("demo");
	const char *pa, *pb;

	INT_EQ(r.status, 0, "demo");
	OK(has(r.out, "\x1b[0;38;2;") && has(r.out, "Commands:") &&
	   has(r.out, "toolkit Vid\xc3\xa9otex"), "welcome screen in colour");
	done(&r);
	tu_fmt(pages, sizeof pages, "%s/pages", dir);
	if (mkdir(pages, 0777) != 0)
		abort();
	file("pages/b.vdt", "\x0c" "B", 2);
	file("pages/a.vdt", "\x0c" "A", 2);
	file("pages/notes.txt", "x", 1);
	tu_fmt(args, sizeof args, "demo --pages %s", pages);
	r = run(args);
	INT_EQ(r.status, 0, "%s", args);
	tu_fmt(a, sizeof a, "%s/a.vdt (2 bytes)", pages);
	tu_fmt(b, sizeof b, "%s/b.vdt (2 bytes)", pages);
	pa = strstr(r.out, a);
	pb = strstr(r.out, b);
	OK(pa && pb && pa < pb, "sample pages in name order");
	OK(!has(r.out, "notes.txt"), "only .vdt files");
	done(&r);
	expect("demo extra", 2, "no arguments");
}

/* No temporary file of an atomic write (".NAME.XXXXXX") is left. */
static void test_no_leftovers(void)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	int hidden = 0;

	if (!d)
		abort();
	while ((e = readdir(d)) != NULL)
		hidden += e->d_name[0] == '.' && strcmp(e->d_name, ".") != 0 &&
			  strcmp(e->d_name, "..") != 0;
	closedir(d);
	INT_EQ(hidden, 0, "no temporary files left in %s", dir);
}

/* The files in folder `path` whose name has `part` (-1: no folder). */
static int count_named(const char *path, const char *part)
{
	DIR *d = opendir(path);
	struct dirent *e;
	int n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL)
		n += strstr(e->d_name, part) != NULL;
	closedir(d);
	return n;
}

/* minitel export: pages and site.json as the golden export; a folder that
 * is not an earlier export is refused and left alone; a failed export
 * leaves the previous one whole; a new export replaces it whole. */
static void test_export(void)
{
	char args[8400], path[4400];
	size_t n, gn;
	char *site, *golden;
	result r;

	tu_fmt(args, sizeof args, "export pages/notes -o '%s/site'", dir);
	r = run(args);
	INT_EQ(r.status, 0, "export pages/notes: exit status");
	OK(has(r.err, "pages,") && has(r.err, "1200 baud"),
	   "export: summary on stderr (%s)", r.err);
	done(&r);
	tu_fmt(path, sizeof path, "%s/site/site.json", dir);
	site = slurp(path, &n);
	golden = slurp("tests/golden/pages/site.json", &gn);
	OK(n == gn && memcmp(site, golden, n) == 0,
	   "export: site.json matches tests/golden/pages/site.json");
	OK(has(site, "\"SUITE\": \"0003.vdt\"") && has(site, "\"1\": \"0002.vdt\""),
	   "site.json: keys and numbered choices lead to page files");
	free(site);
	free(golden);
	tu_fmt(path, sizeof path, "%s/site/0001.vdt", dir);
	OK(access(path, R_OK) == 0, "export: 0001.vdt written");

	/* again over itself: replaced whole, no temporary folder left */
	r = run(args);
	INT_EQ(r.status, 0, "export over an earlier export");
	done(&r);
	/* DIR as a shell completes it, "site/": new, then over itself */
	tu_fmt(args, sizeof args, "export pages/notes -o '%s/slash/'", dir);
	r = run(args);
	INT_EQ(r.status, 0, "export to DIR/ (%s)", r.err);
	done(&r);
	r = run(args);
	INT_EQ(r.status, 0, "export to DIR/ over an earlier export (%s)",
	       r.err);
	done(&r);
	tu_fmt(path, sizeof path, "%s/slash/0001.vdt", dir);
	OK(access(path, R_OK) == 0, "export to DIR/: DIR/0001.vdt written");
	{
		/* a new export's folder has a new folder's permissions (not
		 * mkdtemp's 0700); one through a symbolic link replaces the
		 * folder the link leads to, and the link stays */
		mode_t mask = umask(0);
		struct stat st;
		char link[4400], real[4400];

		umask(mask);
		tu_fmt(path, sizeof path, "%s/slash", dir);
		if (OK(stat(path, &st) == 0, "the export's folder"))
			INT_EQ(st.st_mode & 07777, 0777 & ~mask,
			       "export: the folder's permissions follow umask");
		tu_fmt(link, sizeof link, "%s/link", dir);
		tu_fmt(real, sizeof real, "%s/slash", dir);
		if (OK(symlink(real, link) == 0, "a link to an export")) {
			tu_fmt(args, sizeof args, "export pages/notes -o '%s'",
			       link);
			r = run(args);
			INT_EQ(r.status, 0, "export through a link (%s)", r.err);
			done(&r);
			OK(lstat(link, &st) == 0 && S_ISLNK(st.st_mode),
			   "export through a link: the link stays");
			tu_fmt(path, sizeof path, "%s/slash/0001.vdt", dir);
			OK(access(path, R_OK) == 0,
			   "export through a link: its folder has the pages");
		}
		/* and a replaced export keeps its folder's permissions */
		if (OK(chmod(real, 0750) == 0, "chmod 750 an export")) {
			r = run(args);
			INT_EQ(r.status, 0, "export over it (%s)", r.err);
			done(&r);
			OK(stat(real, &st) == 0 && (st.st_mode & 07777) == 0750,
			   "export over an export: its permissions are kept");
		}
	}
	tu_fmt(path, sizeof path, "%s/site/0001.vdt", dir);
	/* a failing export leaves the previous one whole */
	tu_fmt(args, sizeof args, "export '%s/nowhere' -o '%s/site'", dir, dir);
	r = run(args);
	INT_EQ(r.status, 1, "export of missing notes: exit 1");
	OK(has(r.err, "nowhere"), "names the missing notes (%s)", r.err);
	done(&r);
	OK(access(path, R_OK) == 0, "the previous export is still whole");
	/* a folder that is not an export is refused and left alone */
	file("mine.txt", "keep me", 7);
	tu_fmt(args, sizeof args, "export pages/notes -o '%s'", dir);
	r = run(args);
	INT_EQ(r.status, 1, "export into a foreign folder: exit 1");
	OK(has(r.err, "not an earlier export"), "says why (%s)", r.err);
	done(&r);
	tu_fmt(path, sizeof path, "%s/mine.txt", dir);
	OK(access(path, R_OK) == 0, "the foreign folder is untouched");
	INT_EQ(count_named(dir, ".tmp-"), 0,
	       "export: no temporary folder left behind");
	/* a folder with no notes: an empty sommaire, and a warning */
	tu_fmt(path, sizeof path, "%s/none", dir);
	if (OK(mkdir(path, 0755) == 0, "an empty folder")) {
		tu_fmt(args, sizeof args, "export '%s/none' -o '%s/empty'", dir,
		       dir);
		r = run(args);
		INT_EQ(r.status, 0, "export of an empty folder: exit 0");
		OK(has(r.err, "none: warning: no notes found") &&
			   has(r.err, "0 entries"),
		   "says it found no notes (%s)", r.err);
		done(&r);
		r = run("preview --page 1 pages/notes");
		OK(r.status == 0 && !has(r.err, "no notes found"),
		   "not said when there are (preview, which reads them)");
		done(&r);
	}
	/* a picture named as notes: said, and left out */
	tu_fmt(args, sizeof args, "export pages/notes/minitel.png -o '%s/png'",
	       dir);
	r = run(args);
	OK(r.status == 0 &&
		   has(r.err, "minitel.png: warning: not notes (binary data)"
			      ": left out") &&
		   has(r.err, "0 entries"),
	   "export of a picture: left out, said (%s)", r.err);
	done(&r);
	expect("export pages/notes", 2, "-o DIR is required");
	expect("export pages/notes -o ''", 2, "-o DIR: an empty name");
	expect("export -o x --format nope pages/notes", 2,
	       "unknown --format 'nope' (auto, blogmax, markdown or plain)");
	expect("preview --format nope pages/notes", 2,
	       "unknown --format 'nope' (auto, blogmax");
}

/* The temporary folder of an export into dir/`name` that is under way,
 * into `out`; 0 when there is none. */
static int find_tmp(const char *name, char *out, size_t cap)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char prefix[256];
	int found = 0;

	tu_fmt(prefix, sizeof prefix, "%s.tmp-", name);
	while (d && !found && (e = readdir(d)) != NULL)
		if (starts(e->d_name, prefix)) {
			tu_fmt(out, cap, "%s/%s", dir, e->d_name);
			found = 1;
		}
	if (d)
		closedir(d);
	return found;
}

/* An export interrupted by Ctrl-C (SIGINT) once it has written pages:
 * it dies of the signal, as the shell expects, and leaves no temporary
 * folder; the earlier export is as it was. A 2 MB entry makes thousands
 * of pages, so the signal comes long before the end. */
static void test_export_interrupted(void)
{
	char out[4400], tmp[4400], big[4400];
	int before, st = 0, waited = 0, seen = 0;
	char *text = malloc(2u << 20);
	pid_t pid;
	result r;

	if (!text)
		abort();
	for (size_t i = 0; i < (2u << 20); i++) /* "word word ... " */
		text[i] = i % 7 == 6 ? ' ' : (char)('a' + i % 5);
	tu_fmt(big, sizeof big, "%s", file("big.txt", text, 2u << 20));
	free(text);
	tu_fmt(out, sizeof out, "%s/intr", dir);
	tu_fmt(tmp, sizeof tmp, "export pages/notes -o '%s'", out);
	r = run(tmp);
	INT_EQ(r.status, 0, "an export to interrupt the next one over");
	done(&r);
	before = count_named(out, ".vdt");
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		int null = open("/dev/null", O_WRONLY);

		dup2(null, 2);
		signal(SIGINT, SIG_DFL);
		execl(tool, tool, "export", big, "-o", out, (char *)NULL);
		_exit(127);
	}
	/* once its temporary folder holds a page (30 s at most) */
	while (waited < 3000 && !seen) {
		struct timespec ms10 = {0, 10000000L};

		seen = find_tmp("intr", tmp, sizeof tmp) &&
		       count_named(tmp, ".vdt") > 0;
		if (!seen) {
			nanosleep(&ms10, NULL);
			waited++;
		}
	}
	OK(seen, "the export under way has written pages");
	kill(pid, SIGINT);
	if (waitpid(pid, &st, 0) != pid)
		abort();
	OK(WIFSIGNALED(st) && WTERMSIG(st) == SIGINT,
	   "interrupted export: dies of SIGINT (status 0x%x)", st);
	OK(!find_tmp("intr", tmp, sizeof tmp),
	   "interrupted export: its temporary folder is removed");
	INT_EQ(count_named(out, ".vdt"), before,
	       "interrupted export: the earlier export is whole");
}

/* A write that fails says why (here: over the file size limit, which
 * the export takes as an error, not as a SIGXFSZ that kills it) and
 * leaves no temporary folder and the earlier export whole. */
static void test_export_write_error(void)
{
	char cmd[9000], out[4400], err[4400], tmp[4400];
	int before, st;
	size_t n;
	char *text;

	tu_fmt(out, sizeof out, "%s/intr", dir);
	tu_fmt(err, sizeof err, "%s/stderr", dir);
	before = count_named(out, ".vdt");
	/* (stderr through a pipe: a file would be over the limit too) */
	tu_fmt(cmd, sizeof cmd, "(ulimit -f 0; %s export pages/notes -o '%s'; "
	       "echo \"status $?\" >&2) 2>&1 | cat >'%s'", tool, out, err);
	st = system(cmd);
	text = slurp(err, &n);
	OK(st == 0 && has(text, "status 1\n"),
	   "export over the file size limit: exit 1 (%s)", text);
	OK(has(text, "intr: File too large"), "says why (%s)", text);
	free(text);
	OK(!find_tmp("intr", tmp, sizeof tmp),
	   "failed export: no temporary folder left");
	INT_EQ(count_named(out, ".vdt"), before,
	       "failed export: the earlier export is whole");
}

int main(int argc, char **argv)
{
	(void)argc;
	if (tu_cli_begin(argv[0], tool, sizeof tool, dir) != 0)
		return check_done();
	test_main();
	test_common();
	test_decode();
	test_decode_ansi_verbose();
	test_stat();
	test_optimize_basic();
	test_optimize_errors();
	test_optimize_pages();
	test_optimize_never_larger();
	test_demo();
	test_export();
	test_export_interrupted();
	test_export_write_error();
	test_no_leftovers();
	tu_scratch_done(dir);
	return check_done();
}
