/* tests/unit/clitool.h -- what the tests that run bin/minitel share:
 * a checked snprintf and finding the tool of the build variant under test.
 * Header only (static); include after check.h. */
#ifndef MINITEL_TESTS_CLITOOL_H
#define MINITEL_TESTS_CLITOOL_H

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* snprintf that stops the test on truncation (no path here is long). */
CHECK_PRINTF_(3, 4)
static inline void tu_fmt(char *buf, size_t size, const char *f, ...)
{
	va_list ap;
	int n;

	va_start(ap, f);
	/* clang-tidy 14 flags this when given several files: a false
	 * positive (each file alone is clean). */
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	n = vsnprintf(buf, size, f, ap);
	va_end(ap);
	if (n < 0 || (size_t)n >= size)
		abort();
}

/* The program under test: $MINITEL_BIN when set, else the tool of this
 * build variant, from argv[0] = build/V/tests/NAME: bin/minitel for
 * build/plain, build/V/minitel otherwise. The variant's folder (build/V)
 * goes to `variant` when it is not NULL. */
static inline void tu_find_tool(const char *argv0, char *tool, size_t tsize,
				char *variant, size_t vsize)
{
	const char *env = getenv("MINITEL_BIN");
	char v[4096];
	char *slash;

	tu_fmt(v, sizeof v, "%s", argv0);
	for (int i = 0; i < 2; i++) /* build/V/tests/NAME -> build/V */
		if ((slash = strrchr(v, '/')) != NULL)
			*slash = 0;
	if (variant)
		tu_fmt(variant, vsize, "%s", v);
	if (env && *env) {
		tu_fmt(tool, tsize, "%s", env);
		return;
	}
	slash = strrchr(v, '/');
	if (strcmp(slash ? slash + 1 : v, "plain") == 0)
		tu_fmt(tool, tsize, "bin/minitel");
	else
		tu_fmt(tool, tsize, "%s/minitel", v);
}

/* The start of a test that runs bin/minitel: finds the program into
 * `tool` (tu_find_tool) and makes the scratch folder `dir` (a mkdtemp
 * template). 0, or -1 when the program is not built (a failed check says
 * so). */
static inline int tu_cli_begin(const char *argv0, char *tool, size_t tsize,
			       char *dir)
{
	tu_find_tool(argv0, tool, tsize, NULL, 0);
	if (access(tool, X_OK) != 0) {
		printf("%s: not built (make builds it before the tests)\n",
		       tool);
		OK(0, "%s exists", tool);
		return -1;
	}
	if (!mkdtemp(dir))
		abort();
	return 0;
}

/* Removes the test's scratch folder, or keeps it (and says where) when a
 * check failed, for a look at what was left there. */
static inline void tu_scratch_done(const char *dir)
{
	char rm[4200];

	if (check_failed_ == 0) {
		tu_fmt(rm, sizeof rm, "rm -rf '%s'", dir);
		if (system(rm) != 0)
			printf("could not remove %s\n", dir);
	} else {
		printf("files kept in %s\n", dir);
	}
}

#endif
