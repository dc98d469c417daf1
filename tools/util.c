/* tools/util.c -- file I/O, errors and option parsing for the tools.
 *
 * POSIX is allowed here (tools/ is the OS layer: house-style §7.1); the
 * library in videotex/ stays ISO C. */
#include "util.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#define READ_CHUNK ((size_t)65536)
#define STDIN_NAME "<stdin>"
#define DEFAULT_MODE 0666

const char *util_name(const char *path)
{
	return strcmp(path, "-") == 0 ? STDIN_NAME : path;
}

/*** Reading ***/

static int read_stream(FILE *f, uint8_t **data, size_t *len)
{
	uint8_t *d = NULL;
	size_t n = 0, cap = 0, got;

	do {
		if (cap - n < READ_CHUNK + 1) {
			uint8_t *nd;

			cap = cap ? cap * 2 : READ_CHUNK * 2;
			nd = realloc(d, cap);
			if (!nd) {
				free(d);
				return -ENOMEM;
			}
			d = nd;
		}
		got = fread(d + n, 1, READ_CHUNK, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		int err = errno ? errno : EIO;

		free(d);
		return -err;
	}
	d[n] = 0;
	*data = d;
	*len = n;
	return 0;
}

int util_read_file(const char *path, uint8_t **data, size_t *len)
{
	FILE *f;
	int ret;

	if (strcmp(path, "-") == 0)
		return read_stream(stdin, data, len);
	f = fopen(path, "rb");
	if (!f)
		return -errno;
	errno = 0;
	ret = read_stream(f, data, len);
	fclose(f);
	return ret;
}

/*** Writing ***/

static int write_all(int fd, const uint8_t *p, size_t len)
{
	while (len > 0) {
		ssize_t n = write(fd, p, len);

		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0)
			return -errno;
		p += n;
		len -= (size_t)n;
	}
	return 0;
}

mode_t util_new_mode(const char *path, mode_t fresh)
{
	struct stat st;
	mode_t mask;

	if (stat(path, &st) == 0)
		return st.st_mode & 07777;
	mask = umask(0);
	umask(mask);
	return fresh & ~mask;
}

/* "dir/name" -> "dir/.name.XXXXXX" in tmp (size bytes). */
static int temp_name(const char *path, char *tmp, size_t size)
{
	const char *slash = strrchr(path, '/');
	size_t dir_len = slash ? (size_t)(slash - path) + 1 : 0;
	int n = snprintf(tmp, size, "%.*s.%s.XXXXXX", (int)dir_len, path,
			 path + dir_len);

	return n < 0 || (size_t)n >= size ? -ENAMETOOLONG : 0;
}

void util_sync_parent(const char *path)
{
	char dir[4096];
	const char *slash = strrchr(path, '/');
	int fd;

	if (!slash)
		snprintf(dir, sizeof dir, ".");
	else
		snprintf(dir, sizeof dir, "%.*s", (int)(slash - path + 1),
			 path);
	fd = open(dir, O_RDONLY);
	if (fd >= 0) {
		fsync(fd);
		close(fd);
	}
}

static int write_stdout(const void *data, size_t len)
{
	if ((len > 0 && fwrite(data, 1, len, stdout) != len) ||
	    fflush(stdout) != 0)
		return errno ? -errno : -EIO;
	return 0;
}

/* A path that names something other than a file (/dev/null, a FIFO, a
 * terminal) is written in place: renaming over it would replace the
 * device with a file (as root, /dev/null itself). */
static int write_special(const char *path, const void *data, size_t len)
{
	int fd = open(path, O_WRONLY | O_NOCTTY), ret;

	if (fd < 0)
		return -errno;
	ret = write_all(fd, data, len);
	if (close(fd) < 0 && ret == 0)
		ret = -errno;
	return ret;
}

int util_write_atomic(const char *path, const void *data, size_t len)
{
	char tmp[4096];
	struct stat st;
	mode_t mode;
	int fd, ret;

	if (strcmp(path, "-") == 0)
		return write_stdout(data, len);
	if (stat(path, &st) == 0) {
		if (S_ISDIR(st.st_mode)) /* (a rename said "Not a directory") */
			return -EISDIR;
		if (!S_ISREG(st.st_mode))
			return write_special(path, data, len);
	}
	ret = temp_name(path, tmp, sizeof tmp);
	if (ret < 0)
		return ret;
	mode = util_new_mode(path, DEFAULT_MODE);
	fd = mkstemp(tmp);
	if (fd < 0)
		return -errno;
	ret = write_all(fd, data, len);
	if (ret == 0 && fchmod(fd, mode) < 0)
		ret = -errno;
	if (ret == 0 && fsync(fd) < 0)
		ret = -errno;
	if (close(fd) < 0 && ret == 0)
		ret = -errno;
	if (ret == 0 && rename(tmp, path) < 0)
		ret = -errno;
	if (ret < 0) {
		unlink(tmp);
		return ret;
	}
	util_sync_parent(path);
	return 0;
}

/*** Errors ***/

int util_file_error(const char *path, int err)
{
	fprintf(stderr, "%s: %s\n", util_name(path), strerror(-err));
	return UTIL_EXIT_INPUT;
}

int util_write_error(const char *path, int err)
{
	fprintf(stderr, "%s: %s\n", strcmp(path, "-") == 0 ? "<stdout>" : path,
		strerror(-err));
	return UTIL_EXIT_INPUT;
}

/* "LEAD: message\n" on stderr. */
static void vreport(const char *lead, const char *fmt, va_list ap)
{
	fprintf(stderr, "%s: ", lead);
	/* clang-tidy 14 flags this when given several files: a false
	 * positive (each file alone is clean). */
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
}

int util_error(const char *path, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vreport(util_name(path), fmt, ap);
	va_end(ap);
	return UTIL_EXIT_INPUT;
}

int util_error_at(const char *path, size_t offset, const char *fmt, ...)
{
	char lead[4200];
	va_list ap;

	snprintf(lead, sizeof lead, "%s:%zu", util_name(path), offset);
	va_start(ap, fmt);
	vreport(lead, fmt, ap);
	va_end(ap);
	return UTIL_EXIT_INPUT;
}

int util_error_line(const char *path, int line, int col, const char *fmt,
		    ...)
{
	char lead[4200];
	va_list ap;

	snprintf(lead, sizeof lead, "%s:%d:%d", util_name(path), line, col);
	va_start(ap, fmt);
	vreport(lead, fmt, ap);
	va_end(ap);
	return UTIL_EXIT_INPUT;
}

int util_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
{
	char lead[128];
	va_list ap;

	snprintf(lead, sizeof lead, "minitel %s", cmd);
	va_start(ap, fmt);
	vreport(lead, fmt, ap);
	va_end(ap);
	fprintf(stderr, "usage: %s\n", usage);
	return UTIL_EXIT_USAGE;
}

int util_parse_long(const char *s, long min, long max, long *out)
{
	char *end;
	long v;

	if (!*s || *s == ' ' || *s == '+')
		return -1;
	errno = 0;
	v = strtol(s, &end, 10);
	if (errno || *end || v < min || v > max)
		return -1;
	*out = v;
	return 0;
}

/*** Options ***/

void util_args_init(util_args *a, int argc, char **argv)
{
	memset(a, 0, sizeof *a);
	a->argc = argc;
	a->argv = argv;
	a->next = 1;
}

/* The option's value: the rest of the word, or the next word. */
static int take_value(util_args *a, int i, const char *rest,
		      const char *shown)
{
	if (rest && *rest) {
		a->value = rest;
		return i;
	}
	if (a->next >= a->argc) {
		snprintf(a->error, sizeof a->error, "%s needs a value", shown);
		return UTIL_OPT_ERROR;
	}
	a->value = a->argv[a->next++];
	return i;
}

static int long_option(util_args *a, const char *word, const util_opt *opts,
		       int n)
{
	const char *eq = strchr(word + 2, '=');
	size_t len = eq ? (size_t)(eq - word - 2) : strlen(word + 2);

	for (int i = 0; i < n; i++) {
		if (!opts[i].name || strlen(opts[i].name) != len ||
		    memcmp(opts[i].name, word + 2, len) != 0)
			continue;
		if (opts[i].has_arg)
			return take_value(a, i, eq ? eq + 1 : NULL, word);
		if (!eq)
			return i;
		snprintf(a->error, sizeof a->error, "--%s takes no value",
			 opts[i].name);
		return UTIL_OPT_ERROR;
	}
	snprintf(a->error, sizeof a->error, "unknown option %.*s",
		 (int)(eq ? (size_t)(eq - word) : strlen(word)), word);
	return UTIL_OPT_ERROR;
}

static int short_option(util_args *a, const char *word, const util_opt *opts,
			int n)
{
	char shown[3] = {'-', word[1], 0};

	for (int i = 0; i < n; i++) {
		if (opts[i].short_name != word[1])
			continue;
		if (opts[i].has_arg)
			return take_value(a, i, word + 2, shown);
		if (word[2])
			break;
		return i;
	}
	snprintf(a->error, sizeof a->error, "unknown option %s", word);
	return UTIL_OPT_ERROR;
}

int util_args_next(util_args *a, const util_opt *opts, int n)
{
	const char *word;

	if (a->next >= a->argc)
		return UTIL_OPT_END;
	word = a->argv[a->next++];
	if (!a->only_args && strcmp(word, "--") == 0) {
		a->only_args = 1;
		return util_args_next(a, opts, n);
	}
	a->value = word;
	if (a->only_args || word[0] != '-' || word[1] == 0)
		return UTIL_OPT_ARG;
	if (word[1] == '-')
		return long_option(a, word, opts, n);
	return short_option(a, word, opts, n);
}
