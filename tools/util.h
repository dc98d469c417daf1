/* tools/util.h -- what every minitel subcommand needs: whole-file reads,
 * atomic writes, option parsing and the error conventions.
 *
 * Exit codes of every command: 0 success; 1 bad input or an I/O error,
 * with "FILE: message", "FILE:OFFSET: message" or "FILE:LINE:COL: message"
 * on stderr; 2 a usage error, with a one-line message and the command's
 * usage line on stderr. */
#ifndef MINITEL_TOOLS_UTIL_H
#define MINITEL_TOOLS_UTIL_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

#if defined(__GNUC__) || defined(__clang__)
#define UTIL_PRINTF(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define UTIL_PRINTF(fmt, args)
#endif

enum {
	UTIL_EXIT_OK = 0,
	UTIL_EXIT_INPUT = 1, /* bad input, missing file, I/O error */
	UTIL_EXIT_USAGE = 2  /* unknown option, missing argument */
};

/* The name a path goes by in messages: "<stdin>" for "-", else the path.
 * The result is `path` itself or a static string. */
const char *util_name(const char *path);

/* Reads the whole of `path` ("-" reads stdin) into a heap buffer that the
 * caller frees with free(); one NUL is appended, not counted in *len.
 * Returns 0 or a negative errno. */
int util_read_file(const char *path, uint8_t **data, size_t *len);

/* Writes `len` bytes to `path` atomically: to a temporary file in the same
 * folder, fsync, then rename over `path` (an existing file keeps its
 * permissions). "-" writes to stdout instead, and a path that exists and
 * is neither a file nor a folder (/dev/null, a FIFO) is written in place,
 * never replaced; a folder is refused (-EISDIR). Returns 0 or a negative
 * errno; on failure `path` is untouched and no temporary file is left. */
int util_write_atomic(const char *path, const void *data, size_t len);
/* The permissions what is written anew at `path` (a file, a folder) gets:
 * those of what is there now, or `fresh` less the umask (0666 for a
 * file, 0777 for a folder). */
mode_t util_new_mode(const char *path, mode_t fresh);
/* Syncs the folder that holds `path`, so that a rename into it is
 * durable; failures are ignored (not every file system lets a folder be
 * opened or synced). */
void util_sync_parent(const char *path);

/* Prints "NAME: strerror(-err)" for the input file `path` and returns
 * UTIL_EXIT_INPUT. */
int util_file_error(const char *path, int err);

/* The same for the output file `path` ("-" is "<stdout>" here). */
int util_write_error(const char *path, int err);

/* Prints "NAME: message" (printf format) and returns UTIL_EXIT_INPUT. */
int util_error(const char *path, const char *fmt, ...)
	UTIL_PRINTF(2, 3);

/* Prints "NAME:OFFSET: message" for bad bytes at a byte offset and returns
 * UTIL_EXIT_INPUT. */
int util_error_at(const char *path, size_t offset, const char *fmt, ...)
	UTIL_PRINTF(3, 4);

/* Prints "NAME:LINE:COL: message" for bad text (both 1-based) and returns
 * UTIL_EXIT_INPUT. */
int util_error_line(const char *path, int line, int col, const char *fmt,
		    ...) UTIL_PRINTF(4, 5);

/* Prints "minitel CMD: message" and "usage: USAGE" on stderr and returns
 * UTIL_EXIT_USAGE. `usage` is the command's one-line synopsis. */
int util_usage_error(const char *cmd, const char *usage, const char *fmt, ...)
	UTIL_PRINTF(3, 4);

/* Parses a decimal integer in [min, max]; returns 0, or -1 when `s` is not
 * one (nothing is written to *out then). */
int util_parse_long(const char *s, long min, long max, long *out);

/* Command-line options, parsed in order, GNU style: "--name", "--name=V",
 * "--name V", "-x", "-xV", "-x V"; "--" ends the options; "-" alone is an
 * argument (stdin). */
typedef struct util_opt {
	const char *name; /* long name without "--", or NULL */
	char short_name;  /* or 0 */
	int has_arg;      /* nonzero: takes a value */
} util_opt;

typedef struct util_args {
	int argc;
	char **argv;        /* argv[0] is the command name */
	int next;           /* index of the next word */
	int only_args;      /* "--" seen */
	const char *value;  /* the option's value, or the argument */
	char error[128];    /* what was wrong, for UTIL_OPT_ERROR */
} util_args;

enum {
	UTIL_OPT_END = -1,  /* no words left */
	UTIL_OPT_ARG = -2,  /* a non-option argument, in a->value */
	UTIL_OPT_ERROR = -3 /* unknown option or missing value: a->error */
};

/* Starts parsing argv[1..argc-1]. */
void util_args_init(util_args *a, int argc, char **argv);

/* The next word: the index in opts[0..n-1] of an option (its value in
 * a->value when it takes one), or one of UTIL_OPT_*. */
int util_args_next(util_args *a, const util_opt *opts, int n);

#endif
