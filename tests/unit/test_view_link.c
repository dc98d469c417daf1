/* minitel view --headless as the Minitel at the end of a link, end to
 * end: the tool listens (--listen tcp:0) or opens a pseudo-terminal
 * (--port), and this test plays the host. It asks for the identification
 * (ENQROM), a status, a speed change, cuts the local echo, sends a page,
 * waits for the keys of --keys, answers them and hangs up; checked: each
 * answer byte by byte (videotex.md §7, §1), the keys as the standard
 * keyboard sends them (capitals), and the final screen's dump. Also the
 * usage errors of the link options. The program under test is the one
 * of this build variant, or $MINITEL_BIN. */
#include "check.h"
#include "clitool.h"
#include "testutil.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <poll.h>
#include <pty.h>
#include <signal.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define WAIT_MS 10000 /* for anything the tool should do */

/* A pause: usleep is not POSIX.1-2008. */
static void pause_ms(long ms)
{
	struct timespec ts = {ms / 1000, (ms % 1000) * 1000000L};

	nanosleep(&ts, NULL);
}

static char tool[4096];
static char dir[] = "/tmp/minitel-view-link-XXXXXX";

/* Starts "TOOL view ARGS" in the background, stderr to dir/NAME.err;
 * returns its pid. */
static pid_t start(const char *name, const char *args)
{
	char cmd[8192];
	pid_t pid;

	tu_fmt(cmd, sizeof cmd, "exec %s view %s >%s/%s.out 2>%s/%s.err",
	       tool, args, dir, name, dir, name);
	fflush(stdout);
	pid = fork();
	if (pid < 0)
		abort();
	if (pid == 0) {
		execl("/bin/sh", "sh", "-c", cmd, (char *)NULL);
		_exit(127);
	}
	return pid;
}

/* Waits for the tool's exit status (killing it after WAIT_MS). */
static int finish(pid_t pid)
{
	int st = 0;

	for (int i = 0; i < WAIT_MS / 10; i++) {
		if (waitpid(pid, &st, WNOHANG) == pid)
			return WIFEXITED(st) ? WEXITSTATUS(st) : -1;
		pause_ms(10);
	}
	kill(pid, SIGKILL);
	waitpid(pid, &st, 0);
	return -1;
}

static char *slurp_name(const char *name, const char *ext)
{
	char path[4300];
	uint8_t *d;
	size_t n;

	tu_fmt(path, sizeof path, "%s/%s.%s", dir, name, ext);
	d = tu_read(path, &n);
	return d ? (char *)d : calloc(1, 1);
}

/* The port the tool listens on, from its stderr; -1 if none came. */
static int listening_port(const char *name)
{
	for (int i = 0; i < WAIT_MS / 10; i++) {
		char *err = slurp_name(name, "err");
		const char *p = strstr(err, "listening on port ");
		int port = p ? atoi(p + strlen("listening on port ")) : -1;

		free(err);
		if (port > 0)
			return port;
		pause_ms(10);
	}
	return -1;
}

static int dial(int port)
{
	struct sockaddr_in a = {0};
	int fd = socket(AF_INET, SOCK_STREAM, 0);

	a.sin_family = AF_INET;
	a.sin_port = htons((uint16_t)port);
	a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
	if (fd < 0 || connect(fd, (struct sockaddr *)&a, sizeof a) != 0)
		abort();
	return fd;
}

static void put(int fd, const uint8_t *b, size_t n)
{
	while (n > 0) {
		ssize_t k = write(fd, b, n);

		if (k <= 0)
			abort();
		b += k;
		n -= (size_t)k;
	}
}

/* Reads exactly n bytes (WAIT_MS at most); the count read. */
static size_t get(int fd, uint8_t *b, size_t n)
{
	size_t got = 0;

	while (got < n) {
		struct pollfd p = {fd, POLLIN, 0};
		ssize_t k;

		if (poll(&p, 1, WAIT_MS) <= 0)
			break;
		k = read(fd, b + got, n - got);
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	return got;
}

/* Sends a request, checks the answer. */
static void ask(int fd, const uint8_t *q, size_t nq, const uint8_t *want,
		size_t nw, const char *rule)
{
	uint8_t got[64];

	put(fd, q, nq);
	if (INT_EQ(get(fd, got, nw), nw, "%s: answer length", rule))
		MEM_EQ(got, want, nw, "%s", rule);
}

#define ASK(fd, q, want, rule) ask((fd), (q), sizeof(q), (want), \
				   sizeof(want), (rule))

static const uint8_t enqrom[] = {0x1B, 0x39, 0x7B};
static const uint8_t modes[] = {0x1B, 0x39, 0x72};
static const uint8_t modes_a[] = {0x1B, 0x3A, 0x73, 0x40};
static const uint8_t to4800[] = {0x1B, 0x3A, 0x6B, 0x76};
static const uint8_t ack4800[] = {0x1B, 0x3A, 0x75, 0x76};
static const uint8_t ack1200[] = {0x1B, 0x3A, 0x75, 0x64};
static const uint8_t echo_off[] = {0x1B, 0x3B, 0x60, 0x5A, 0x51};
static const uint8_t echo_off_a[] = {0x1B, 0x3B, 0x63, 0x5A, 0x44};
static const uint8_t page[] = "\x0c\x14" "Bonjour";
static const uint8_t keys_a[] = {'A', 'B', 0x13, 0x41};
static const uint8_t reply[] = "\x1f\x45\x41" "OK";

/* The host's side of the scenario, on descriptor fd. */
static void host(int fd, const uint8_t *id, size_t nid)
{
	uint8_t got[8];

	ask(fd, enqrom, sizeof enqrom, id, nid, "§7 ENQROM -> 01 M T V 04");
	ASK(fd, modes, modes_a, "§7 operating status -> 1B 3A 73 40");
	ASK(fd, to4800, ack4800, "§1 PROG 4800 -> ack 1B 3A 75 76");
	ASK(fd, echo_off, echo_off_a, "§7 echo off 1B 3B 60 5A 51 -> 1B 3B 63 "
	    "5A 44");
	put(fd, page, sizeof page - 1);
	/* The keys "ab ENVOI", once the page has gone quiet. */
	if (INT_EQ(get(fd, got, sizeof keys_a), sizeof keys_a, "the keys"))
		MEM_EQ(got, keys_a, sizeof keys_a, "§6 the standard keyboard "
		       "sends capitals; ENVOI = 13 41");
	put(fd, reply, sizeof reply - 1);
	pause_ms(200);
}

static void check_dump(const char *name)
{
	char *dump = slurp_name(name, "dump");

	OK(strstr(dump, "\n01|Bonjour   ") != NULL, "%s: the page (and no "
	   "echo of the keys after the echo cut): %s", name, dump);
	OK(strstr(dump, "\n05|OK   ") != NULL, "%s: the host's answer",
	   name);
	free(dump);
}

static void test_listen(void)
{
	static const uint8_t cu5[] = {0x01, 'C', 'u', '5', 0x04};
	char args[4400];
	char *err;
	pid_t pid;
	int port, fd;

	tu_fmt(args, sizeof args, "--headless --listen tcp:0 --keys "
	       "'ab ENVOI' --dump %s/listen.dump", dir);
	pid = start("listen", args);
	port = listening_port("listen");
	if (!OK(port > 0, "--listen tells its port")) {
		finish(pid);
		return;
	}
	fd = dial(port);
	host(fd, cu5, sizeof cu5);
	close(fd);
	INT_EQ(finish(pid), 0, "--listen: exit status when the host closes");
	check_dump("listen");
	err = slurp_name("listen", "err");
	OK(strstr(err, "the host closed") && strstr(err, "port at 4800 baud"),
	   "--listen: stderr tells the end and the speed (%s)", err);
	free(err);
}

/* --model 1 refuses 4800 (old value, old speed); --model 2 takes 9600. */
static void test_models(void)
{
	static const uint8_t bb2[] = {0x01, 'B', 'b', '2', 0x04};
	static const uint8_t cv4[] = {0x01, 'C', 'v', '4', 0x04};
	static const uint8_t to9600[] = {0x1B, 0x3A, 0x6B, 0x7F};
	static const uint8_t ack9600[] = {0x1B, 0x3A, 0x75, 0x7F};
	pid_t pid;
	int port, fd;

	pid = start("model1", "--headless --listen tcp:0 --model 1");
	port = listening_port("model1");
	if (OK(port > 0, "--model 1 listens")) {
		fd = dial(port);
		ASK(fd, enqrom, bb2, "§7 --model 1: ENQROM -> 01 42 62 32 04");
		ASK(fd, to4800, ack1200, "§1 a Minitel 1 refuses 4800: ack "
		    "with the old value");
		close(fd);
	}
	INT_EQ(finish(pid), 0, "--model 1: exit status");
	pid = start("model2", "--headless --listen tcp:0 --model 2 "
		    "--parity auto");
	port = listening_port("model2");
	if (OK(port > 0, "--model 2 listens")) {
		fd = dial(port);
		ASK(fd, enqrom, cv4, "§7 --model 2: ENQROM -> 01 43 76 34 04");
		ASK(fd, to9600, ack9600, "§1 a Minitel 2 takes 9600");
		close(fd);
	}
	INT_EQ(finish(pid), 0, "--model 2: exit status");
}

/* --port on a pseudo-terminal: the test holds the master side. */
static void test_pty(void)
{
	static const uint8_t cu5[] = {0x01, 'C', 'u', '5', 0x04};
	char args[4400], name[256];
	int master, slave;
	pid_t pid;

	if (openpty(&master, &slave, name, NULL, NULL) != 0) {
		check_skip("no pseudo-terminal");
		return;
	}
	tu_fmt(args, sizeof args, "--headless --port %s --keys 'ab ENVOI' "
	       "--dump %s/pty.dump", name, dir);
	pid = start("pty", args);
	pause_ms(1000); /* the tool opens the port */
	host(master, cu5, sizeof cu5);
	/* A pty has no hang-up the tool sees while the test holds the
	 * slave: the run ends after the keys and a quiet spell. */
	INT_EQ(finish(pid), 0, "--port: exit status");
	check_dump("pty");
	close(slave);
	close(master);
}

static void usage(const char *args, int status, const char *part)
{
	char cmd[8192], *err;
	int st;

	tu_fmt(cmd, sizeof cmd, "%s view %s >/dev/null 2>%s/usage.err", tool,
	       args, dir);
	st = system(cmd);
	INT_EQ(WIFEXITED(st) ? WEXITSTATUS(st) : -1, status, "view %s", args);
	err = slurp_name("usage", "err");
	OK(strstr(err, part) != NULL, "view %s: \"%s\" in %s", args, part,
	   err);
	free(err);
}

static void test_usage(void)
{
	usage("--headless --listen tcp:0 --model 3", 2, "--model: 1b, 2, 1");
	usage("--headless --listen tcp:0 --parity odd", 2, "--parity");
	usage("--headless --listen tcp:0 --port /dev/null", 2, "one of");
	usage("--headless --model 2", 2, "need --connect");
	usage("--headless --listen tcp:0 pages/notes", 2, "not both");
	usage("--headless --connect tcp:127.0.0.1:1", 1, "minitel view:");
}

int main(int argc, char **argv)
{

	(void)argc;
	signal(SIGPIPE, SIG_IGN);
	if (tu_cli_begin(argv[0], tool, sizeof tool, dir) != 0)
		return check_done();
	test_listen();
	test_models();
	test_pty();
	test_usage();
	tu_scratch_done(dir);
	return check_done();
}
