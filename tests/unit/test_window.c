/* The emulator's window for real, under Xvfb, driven by xdotool. Three
 * runs of one scenario:
 *   - a two-page .vdt file in build/V/winview (tools/view_window.c and
 *     emu/window.c alone);
 *   - the same pages from a Videotex service on a TCP socket (a child
 *     process on 127.0.0.1) through winview --connect;
 *   - the file in `minitel view` itself, once its --help offers --speed
 *     (until then, skipped).
 * The scenario: the window opens; F12 takes a screenshot; Page Down
 * (SUITE) shows the second page; F12 again; "a", "é" and F1 (GUIDE) are
 * typed; F10 (CONNEXION/FIN) ends the view. Checked:
 *   - each screenshot, read back from the window's renderer, is exactly
 *     emu_render of the page at the window's scale (2), grey palette;
 *     the two differ; the title names the source (and the page, n/m);
 *   - the bytes the keyboard sent (the key log, and what the service
 *     received): 13 48 (SUITE), 61 19 42 65 (a, é), 13 44 (GUIDE), 13 49
 *     (CONNEXION/FIN); on TCP the window is a Minitel in its standard
 *     keyboard mode, which sends "a" as 41; F12 sends nothing;
 *   - an idle window (a still page, no blink, no cursor) uses under 2 %
 *     of one core over IDLE_SECONDS (utime + stime of /proc/PID/stat),
 *     and draws few frames in all; the figures are printed;
 *   - the view ends with status 0 (after the service's hang-up, which is
 *     told on stderr, for --connect).
 * Skipped, with the reason, when xvfb-run, xauth or xdotool are missing
 * or SDL has no video under Xvfb. In the ASan build the window uses SDL's
 * software renderer: Mesa's GL driver is unloaded at exit, and what it
 * keeps cannot be told from our leaks by name; libdbus's is suppressed
 * by tests/lsan.supp. */
#include "check.h"
#include "clitool.h"
#include "testutil.h"

#include <netinet/in.h>
#include <signal.h>
#include <stb_image.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <unistd.h>

#include "emu/render.h"
#include "videotex/term.h"

#define SCALE 2             /* the window's default */
#define IDLE_SECONDS 3
#define IDLE_MAX_PERCENT 2.0
#define FRAMES_MAX 30       /* a window that does not spin draws few */
#define XVFB "xvfb-run -a -s '-screen 0 1024x768x24'"

#if defined(__SANITIZE_ADDRESS__)
#define ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define ASAN_BUILD 1
#endif
#endif

static char variant[4096];  /* build/V */
static char tool[4096];     /* bin/minitel or build/V/minitel */
static char dir[] = "/tmp/minitel-window-XXXXXX";

/* Page 1: double height, colours (grey levels), an accent, mosaics. */
static const char page1[] =
	"\x14\x0c"
	"\x1f\x42\x43\x1b\x4d" "PAGE ONE"
	"\x1f\x45\x41\x1b\x41" "Texte rouge, d\x19\x42" "e"
	"j\x19\x41" "a vu"
	"\x1f\x47\x41\x0e\x1b\x46\x7f\x7f\x23\x23\x35\x0f"
	"\x1f\x58\x41" "ENVOI SUITE RETOUR";
/* Page 2: double width, inverse, a different layout. */
static const char page2[] =
	"\x0c"
	"\x1f\x43\x45\x1b\x4e" "PAGE 2"
	"\x1f\x4a\x41\x1b\x5d" "inverse" "\x1b\x5c" " plain"
	"\x1f\x50\x50\x1b\x44" "bleu";

/* The key log the script's keys must give: the window's keys as typed
 * (a .vdt file)... */
static const uint8_t keys_want[] = {
	0x13, 0x48,             /* Page Down: SUITE */
	0x61, 0x19, 0x42, 0x65, /* "aé" */
	0x13, 0x44,             /* F1: GUIDE */
	0x13, 0x49,             /* F10: CONNEXION/FIN */
};

/* ... and what the Minitel of a link sends for them: its standard
 * keyboard sends a capital for the key alone (videotex.md §6); é stays
 * é. */
static const uint8_t keys_want_minitel[] = {
	0x13, 0x48, 0x41, 0x19, 0x42, 0x65, 0x13, 0x44, 0x13, 0x49,
};

/* The xdotool scenario. $1 the run's folder, $2 idle seconds (0: no
 * measure), then the viewer's command. Writes fail (why it stopped),
 * title, cpu ("ticks-before ticks-after CLK_TCK"), status, out, err. The
 * window is found by its process (_NET_WM_PID): xdotool cannot match
 * names that a UTF-8 locale set. The pause after Page Down leaves a
 * service the time to answer. */
static const char script[] =
	"set -u\n"
	"D=$1 IDLE=$2\n"
	"shift 2\n"
	"\"$@\" >\"$D/out\" 2>\"$D/err\" &\n"
	"pid=$!\n"
	"fail() { echo \"$1\" >\"$D/fail\"; kill $pid 2>/dev/null;"
	" wait $pid; exit 0; }\n"
	"count() { ls \"$D/shots\" | grep -c '\\.png$'; }\n"
	"shot() {\n"
	"	n=$(count); xdotool key F12; i=0\n"
	"	while [ \"$(count)\" -le \"$n\" ]; do\n"
	"		i=$((i + 1))\n"
	"		[ $i -gt 50 ] && fail 'no screenshot after F12'\n"
	"		sleep 0.1\n"
	"	done\n"
	"}\n"
	"cpu() { sed 's/.*) //' /proc/$pid/stat | awk '{print $12 + $13}'; }\n"
	"wid=$(timeout 15 xdotool search --sync --pid $pid | head -n 1)\n"
	"[ -n \"$wid\" ] || fail 'no window'\n"
	"xdotool windowfocus --sync \"$wid\" || fail 'cannot focus it'\n"
	"sleep 0.3\n"
	"xdotool getwindowname \"$wid\" >\"$D/title\"\n"
	"shot\n"
	"if [ \"$IDLE\" -gt 0 ]; then\n"
	"	c0=$(cpu); sleep \"$IDLE\"; c1=$(cpu)\n"
	"	echo \"$c0 $c1 $(getconf CLK_TCK)\" >\"$D/cpu\"\n"
	"fi\n"
	"xdotool key Next\n"
	"sleep 0.5\n"
	"shot\n"
	"xdotool key a eacute\n"
	"xdotool key F1\n"
	"sleep 0.2\n"
	"xdotool key F10\n"
	"( sleep 5; kill $pid 2>/dev/null ) & dog=$!\n"
	"wait $pid; echo $? >\"$D/status\"\n"
	"kill $dog 2>/dev/null\n"
	"exit 0\n";

static void write_file(const char *path, const void *data, size_t n)
{
	FILE *f = fopen(path, "wb");

	if (!f || fwrite(data, 1, n, f) != n || fclose(f) != 0)
		abort();
}

static void append_file(const char *path, const char *text)
{
	FILE *f = fopen(path, "ab");

	if (!f || fputs(text, f) < 0 || fclose(f) != 0)
		abort();
}

/* A file's text (NUL-terminated), or "" when there is none; free it. */
static char *slurp(const char *path)
{
	size_t n;
	uint8_t *d = tu_read(path, &n);

	return d ? (char *)d : strdup("");
}

static int have(const char *program)
{
	char cmd[256];

	tu_fmt(cmd, sizeof cmd, "command -v %s >/dev/null 2>&1", program);
	return system(cmd) == 0;
}

/* Whether `minitel view` of this build opens windows (its --help offers
 * --speed once tools/view.c calls tools/view_window.c). */
static int tool_has_window(void)
{
	char cmd[8400], out[4200];
	char *text;
	int yes;

	tu_fmt(out, sizeof out, "%s/help.txt", dir);
	tu_fmt(cmd, sizeof cmd, "%s view --help >%s 2>&1", tool, out);
	if (access(tool, X_OK) != 0 || system(cmd) != 0)
		return 0;
	text = slurp(out);
	yes = strstr(text, "--speed") != NULL;
	free(text);
	return yes;
}

/* The environment of the window: X11 (not Wayland) under Xvfb, and for
 * ASan the software renderer and the suppressions (see the top). */
static void window_env(void)
{
	char cwd[4096], lsan[4400];

	setenv("SDL_VIDEODRIVER", "x11", 1);
	if (!getcwd(cwd, sizeof cwd))
		abort();
	tu_fmt(lsan, sizeof lsan, "suppressions=%s/tests/lsan.supp:"
	    "print_suppressions=0", cwd);
	setenv("LSAN_OPTIONS", lsan, 1);
#ifdef ASAN_BUILD
	setenv("SDL_RENDER_DRIVER", "software", 1);
	setenv("SDL_FRAMEBUFFER_ACCELERATION", "0", 1);
#endif
}

/*** Checking a run ***/

/* Renders the screen that `bytes` give from power-on, at SCALE, grey. */
static uint8_t *expected(const char *bytes, size_t n)
{
	emu_view v = {.palette = EMU_PALETTE_GREY, .scale = SCALE};
	vtx_screen s;
	uint8_t *rgba = malloc(emu_frame_size(SCALE));

	if (!rgba || vtx_decode((const uint8_t *)bytes, n, &s) < 0)
		abort();
	emu_render(&s, &v, rgba);
	return rgba;
}

/* Pixels that differ between two frames of SCALE. */
static size_t pixels_differ(const uint8_t *a, const uint8_t *b)
{
	size_t n = 0, size = emu_frame_size(SCALE);

	for (size_t i = 0; i < size; i += 4)
		n += memcmp(a + i, b + i, 4) != 0;
	return n;
}

#define SHOTS_MAX 8

typedef struct shot_list {
	char names[SHOTS_MAX][256];
	size_t n; /* may exceed SHOTS_MAX: only counted then */
} shot_list;

static int cmp_name(const void *a, const void *b)
{
	return strcmp(a, b);
}

/* The screenshots of `run` (sorted by name: the order they were taken). */
static size_t shots(const char *run, shot_list *out)
{
	char sub[4300];
	struct dirent *e;
	DIR *d;

	tu_fmt(sub, sizeof sub, "%s/shots", run);
	out->n = 0;
	if (!(d = opendir(sub)))
		return 0;
	while ((e = readdir(d)) != NULL) {
		size_t len = strlen(e->d_name);

		if (len < 4 || strcmp(e->d_name + len - 4, ".png") != 0)
			continue;
		if (out->n < SHOTS_MAX)
			tu_fmt(out->names[out->n], sizeof out->names[0], "%s",
			    e->d_name);
		out->n++;
	}
	closedir(d);
	qsort(out->names, out->n < SHOTS_MAX ? out->n : SHOTS_MAX,
	      sizeof out->names[0], cmp_name);
	return out->n;
}

static uint8_t *load_shot(const char *run, const char *name)
{
	char path[8400];
	int w = 0, h = 0, c;
	uint8_t *rgba;

	tu_fmt(path, sizeof path, "%s/shots/%s", run, name);
	rgba = stbi_load(path, &w, &h, &c, 4);
	if (rgba && !OK(w == EMU_WIDTH * SCALE && h == EMU_HEIGHT * SCALE,
			"%s: %dx%d, the screen at scale %d", name, w, h,
			SCALE)) {
		stbi_image_free(rgba);
		return NULL;
	}
	OK(rgba != NULL, "%s: a PNG", name);
	return rgba;
}

static void check_shots(const char *run, const char *who)
{
	size_t n1 = strlen(page1), n12 = n1 + strlen(page2);
	char *both = malloc(n12 + 1);
	uint8_t *want1, *want2, *got1 = NULL, *got2 = NULL;
	shot_list l;

	if (!both)
		abort();
	tu_fmt(both, n12 + 1, "%s%s", page1, page2);
	want1 = expected(page1, n1);
	want2 = expected(both, n12);
	if (INT_EQ(shots(run, &l), 2, "%s: screenshots taken", who)) {
		got1 = load_shot(run, l.names[0]);
		got2 = load_shot(run, l.names[1]);
	}
	if (got1 && got2) {
		INT_EQ(pixels_differ(got1, want1), 0,
		       "%s: first screenshot = emu_render of page 1", who);
		INT_EQ(pixels_differ(got2, want2), 0,
		       "%s: second screenshot = emu_render of page 2", who);
		OK(pixels_differ(got1, got2) > 0,
		   "%s: SUITE changed the page", who);
	}
	stbi_image_free(got1);
	stbi_image_free(got2);
	free(want1);
	free(want2);
	free(both);
}

/* The figures of the idle window, and the frames of the whole run. */
static void check_idle(const char *run, const char *who, const char *err)
{
	char path[4300];
	char *cpu;
	long c0, c1, tck;
	unsigned long frames = 0;
	const char *f = strstr(err, " frames in ");

	tu_fmt(path, sizeof path, "%s/cpu", run);
	cpu = slurp(path);
	if (OK(sscanf(cpu, "%ld %ld %ld", &c0, &c1, &tck) == 3 && tck > 0,
	       "CPU ticks measured (%s)", cpu)) {
		double pc = 100.0 * (double)(c1 - c0) / (double)tck /
			    IDLE_SECONDS;

		printf("%s: idle window: %.2f%% of one core over %d s "
		       "(%ld ticks of 1/%ld s)\n", who, pc, IDLE_SECONDS,
		       c1 - c0, tck);
		OK(pc < IDLE_MAX_PERCENT, "idle CPU %.2f%% < %.0f%%", pc,
		   IDLE_MAX_PERCENT);
	}
	while (f && f > err && f[-1] >= '0' && f[-1] <= '9')
		f--;
	if (OK(f && sscanf(f, "%lu", &frames) == 1, "frames reported")) {
		printf("%s: %lu frames drawn in the whole run\n", who,
		       frames);
		OK(frames <= FRAMES_MAX, "%lu frames <= %d", frames,
		   FRAMES_MAX);
	}
	free(cpu);
}

/* The window's title (when the window was found). */
static void check_title(const char *run, const char *part)
{
	char path[4300];
	char *title;

	tu_fmt(path, sizeof path, "%s/title", run);
	title = slurp(path);
	OK(strstr(title, part) != NULL, "title \"%s\" has \"%s\"", title,
	   part);
	free(title);
}

static void check_keys(const char *run, const uint8_t *want, size_t nw)
{
	char path[4300];
	size_t n = 0;
	uint8_t *got;

	tu_fmt(path, sizeof path, "%s/keys", run);
	got = tu_read(path, &n);
	INT_EQ(n, nw, "bytes the keyboard sent");
	if (got && n == nw)
		MEM_EQ(got, want, n, "the keyboard's bytes");
	free(got);
}

/*** Running ***/

/* Runs the scenario with `viewer` (a shell fragment) in folder `run`.
 * Returns 1 when it ran, 0 when SDL had no video (skipped), -1 when it
 * failed (reported). *err gets the viewer's stderr (free it). */
static int run_window(const char *run, const char *viewer, int idle,
		      char **err)
{
	char cmd[16800], path[4300];
	char *fail, *status;
	int ran;

	tu_fmt(path, sizeof path, "%s/shots", run);
	if (mkdir(run, 0777) != 0 || mkdir(path, 0777) != 0)
		abort();
	tu_fmt(cmd, sizeof cmd, XVFB " sh %s/run.sh %s %d %s", dir, run, idle,
	    viewer);
	OK(system(cmd) == 0, "%s: xvfb-run", cmd);
	tu_fmt(path, sizeof path, "%s/err", run);
	*err = slurp(path);
	tu_fmt(path, sizeof path, "%s/fail", run);
	fail = slurp(path);
	tu_fmt(path, sizeof path, "%s/status", run);
	status = slurp(path);
	if (strstr(*err, "cannot open a window")) {
		ran = 0;
	} else {
		ran = OK(!*fail, "%s: the scenario ran (%s)", viewer, fail)
			      ? 1 : -1;
		if (ran > 0 && !INT_EQ(atoi(status), 0, "%s: exit status",
				       viewer))
			ran = -1;
	}
	if (ran < 0)
		printf("stderr of %s:\n%s\n", viewer, *err);
	free(fail);
	free(status);
	return ran;
}

static void test_winview(void)
{
	char run[4200], viewer[12600];
	char *err = NULL;
	int ran;

	tu_fmt(run, sizeof run, "%s/winview", dir);
	tu_fmt(viewer, sizeof viewer, "%s/winview --speed 0 --shots %s/shots "
	    "--keylog %s/keys -v %s/two.vdt", variant, run, run, dir);
	ran = run_window(run, viewer, IDLE_SECONDS, &err);
	if (ran == 0)
		check_skip("SDL has no video under Xvfb");
	if (ran > 0) {
		check_title(run, "two.vdt - page 1/2 - minitel");
		check_shots(run, "winview");
		check_keys(run, keys_want, sizeof keys_want);
		check_idle(run, "winview FILE", err);
		OK(strstr(err, "Page Down") &&
		   strstr(strstr(err, "Page Down") + 1, "Page Down"),
		   "the key map on stderr at the start and for GUIDE");
	}
	free(err);
}

/*** A Videotex service on TCP ***/

static void put(int fd, const char *text)
{
	size_t n = strlen(text);

	while (n > 0) {
		ssize_t k = write(fd, text, n);

		if (k <= 0)
			_exit(1);
		text += k;
		n -= (size_t)k;
	}
}

/* The service (a child process): page 1 at once, page 2 for SUITE; it
 * hangs up after CONNEXION/FIN. Every byte received goes to `log`. */
static void service(int ls, const char *log)
{
	FILE *f = fopen(log, "wb");
	uint8_t buf[256];
	ssize_t n;
	int fd, sep = 0, end = 0;

	alarm(30); /* whatever happens to the window */
	fd = accept(ls, NULL, NULL);
	if (!f || fd < 0)
		_exit(1);
	put(fd, page1);
	while (!end && (n = read(fd, buf, sizeof buf)) > 0) {
		fwrite(buf, 1, (size_t)n, f);
		for (ssize_t i = 0; i < n; i++) {
			if (sep && buf[i] == 0x48) /* SUITE */
				put(fd, page2);
			end |= sep && buf[i] == 0x49; /* CONNEXION/FIN */
			sep = buf[i] == 0x13;
		}
	}
	fclose(f);
	close(fd);
	_exit(0); /* no atexit (LSan) in the child */
}

/* Listens on 127.0.0.1, a port of the system's choosing (*port), and
 * serves one connection in a child process, whose pid is returned. */
static pid_t start_service(int *port, const char *log)
{
	struct sockaddr_in a = {0};
	socklen_t len = sizeof a;
	int ls = socket(AF_INET, SOCK_STREAM, 0);
	pid_t pid;

	a.sin_family = AF_INET;
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (ls < 0 || bind(ls, (struct sockaddr *)&a, sizeof a) != 0 ||
	    listen(ls, 1) != 0 ||
	    getsockname(ls, (struct sockaddr *)&a, &len) != 0)
		abort();
	*port = ntohs(a.sin_port);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0)
		service(ls, log);
	close(ls);
	return pid;
}

static void test_connect(void)
{
	char run[4200], viewer[12600], log[4300], name[64];
	char *err = NULL;
	uint8_t *got;
	size_t n = 0;
	int port, ran;
	pid_t pid;

	tu_fmt(run, sizeof run, "%s/connect", dir);
	tu_fmt(log, sizeof log, "%s/service-keys", dir);
	pid = start_service(&port, log);
	tu_fmt(viewer, sizeof viewer, "%s/winview --speed 0 --shots %s/shots "
	    "--keylog %s/keys -v --connect tcp:127.0.0.1:%d", variant, run,
	    run, port);
	tu_fmt(name, sizeof name, "tcp:127.0.0.1:%d - minitel", port);
	ran = run_window(run, viewer, IDLE_SECONDS, &err);
	kill(pid, SIGKILL); /* gone already, unless the window never came */
	waitpid(pid, NULL, 0);
	if (ran > 0) {
		check_title(run, name);
		check_shots(run, "connect");
		check_keys(run, keys_want_minitel, sizeof keys_want_minitel);
		check_idle(run, "winview --connect", err);
		OK(strstr(err, "closed the connection") != NULL,
		   "the service's hang-up is told (%s)", err);
		got = tu_read(log, &n);
		INT_EQ(n, sizeof keys_want_minitel, "bytes the service "
		       "received");
		if (got && n == sizeof keys_want_minitel)
			MEM_EQ(got, keys_want_minitel, n, "what the service "
			       "received");
		free(got);
	}
	free(err);
}

/* `minitel view FILE.vdt` itself, once it opens windows. */
static void test_tool(void)
{
	char run[4200], viewer[12600];
	char *err = NULL;

	if (!tool_has_window()) {
		check_skip("minitel view opens no window yet (no --speed "
			   "in its --help): tested through winview only");
		return;
	}
	tu_fmt(run, sizeof run, "%s/tool", dir);
	tu_fmt(viewer, sizeof viewer, "env MINITEL_SCREENSHOT_DIR=%s/shots %s "
	    "view --speed 0 %s/two.vdt", run, tool, dir);
	if (run_window(run, viewer, 0, &err) > 0)
		check_shots(run, "minitel view");
	free(err);
}

int main(int argc, char **argv)
{
	char path[4300];

	(void)argc;
	tu_find_tool(argv[0], tool, sizeof tool, variant, sizeof variant);
	tu_fmt(path, sizeof path, "%s/winview", variant);
	if (!have("xvfb-run") || !have("xdotool") || !have("xauth")) {
		check_skip("xvfb-run, xauth or xdotool not installed "
			   "(scripts/deps.sh installs them)");
		return check_done();
	}
	if (access(path, X_OK) != 0) {
		check_skip("no winview in this build (SDL missing?)");
		return check_done();
	}
	if (!mkdtemp(dir))
		abort();
	window_env();
	tu_fmt(path, sizeof path, "%s/run.sh", dir);
	write_file(path, script, strlen(script));
	tu_fmt(path, sizeof path, "%s/two.vdt", dir);
	write_file(path, page1, strlen(page1));
	append_file(path, page2);
	test_winview();
	test_connect();
	test_tool();
	tu_scratch_done(dir);
	return check_done();
}
