/*
 * check.h - a tiny, dependency-free unit test harness (after cmark's
 * api_test harness). Header only: every test_X.c is one translation unit
 * with its own main(), which ends with `return check_done();`.
 *
 *	OK(cond, name, ...)          cond is true
 *	INT_EQ(got, want, name, ...) integers equal (compared as intmax_t)
 *	STR_EQ(got, want, name, ...) NUL-terminated strings equal (NULL ok)
 *	MEM_EQ(got, want, n, name, ...) n bytes equal
 *
 * `name` is a printf format; extra arguments fill it in, so a loop can say
 * INT_EQ(got, want, "entry 0x%02x", i); a name held in a variable goes
 * as OK(cond, "%s", name). A failure prints
 * "file:line: FAIL name: detail" on stdout and the test goes on. Each macro
 * evaluates to 1 if the check passed, 0 if it failed.
 *
 * check_skip(why) counts a skipped check; check_done() prints the closing
 * line "N passed, N failed" (", N skipped" when any were) that tests/run.sh
 * reads, and returns the exit status for main().
 *
 * Property tests: `uint64_t s = check_seed();` prints "seed: N" (from
 * $MINITEL_SEED when set, else from the clock); check_rand(&s) is a
 * xorshift64* generator. Rerun a failure with MINITEL_SEED=N.
 */
#ifndef MINITEL_TESTS_CHECK_H
#define MINITEL_TESTS_CHECK_H

#include <inttypes.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#if defined(__GNUC__) || defined(__clang__)
#define CHECK_PRINTF_(fmt, args) __attribute__((format(printf, fmt, args)))
#else
#define CHECK_PRINTF_(fmt, args)
#endif

static int check_passed_;
static int check_failed_;
static int check_skipped_;

/* Prints "file:line: FAIL name: " (no newline); name is a printf format. */
static inline void check_fail_head_(const char *file, int line,
				    const char *fmt, va_list ap)
{
	check_failed_++;
	printf("%s:%d: FAIL ", file, line);
	vprintf(fmt, ap);
	printf(": ");
}

static inline void check_str_print_(const char *s)
{
	if (!s) {
		printf("NULL");
		return;
	}
	putchar('"');
	for (; *s; s++) {
		unsigned char c = (unsigned char)*s;

		if (c == '"' || c == '\\')
			printf("\\%c", c);
		else if (c >= 0x20 && c < 0x7f)
			putchar(c);
		else
			printf("\\x%02x", c);
	}
	putchar('"');
}

CHECK_PRINTF_(5, 6)
static inline int check_ok_(int ok, const char *file, int line,
			    const char *expr, const char *fmt, ...)
{
	va_list ap;

	if (ok) {
		check_passed_++;
		return 1;
	}
	va_start(ap, fmt);
	check_fail_head_(file, line, fmt, ap);
	va_end(ap);
	printf("%s is false\n", expr);
	fflush(stdout);
	return 0;
}

CHECK_PRINTF_(7, 8)
static inline int check_int_eq_(intmax_t got, intmax_t want, const char *file,
				int line, const char *got_expr,
				const char *want_expr, const char *fmt, ...)
{
	va_list ap;

	if (got == want) {
		check_passed_++;
		return 1;
	}
	va_start(ap, fmt);
	check_fail_head_(file, line, fmt, ap);
	va_end(ap);
	printf("%s = %jd (0x%jx), expected %s = %jd (0x%jx)\n", got_expr,
	       got, (uintmax_t)got, want_expr, want, (uintmax_t)want);
	fflush(stdout);
	return 0;
}

CHECK_PRINTF_(5, 6)
static inline int check_str_eq_(const char *got, const char *want,
				const char *file, int line, const char *fmt,
				...)
{
	va_list ap;

	if (got == want || (got && want && strcmp(got, want) == 0)) {
		check_passed_++;
		return 1;
	}
	va_start(ap, fmt);
	check_fail_head_(file, line, fmt, ap);
	va_end(ap);
	printf("got ");
	check_str_print_(got);
	printf(", expected ");
	check_str_print_(want);
	putchar('\n');
	fflush(stdout);
	return 0;
}

/* Hex dump of p[from, to) on one line, for MEM_EQ failures. */
static inline void check_hex_print_(const unsigned char *p, size_t from,
				    size_t to)
{
	size_t i;

	for (i = from; i < to; i++)
		printf(" %02x", p[i]);
}

CHECK_PRINTF_(6, 7)
static inline int check_mem_eq_(const void *got, const void *want, size_t n,
				const char *file, int line, const char *fmt,
				...)
{
	const unsigned char *g = got, *w = want;
	size_t i, from, to;
	va_list ap;

	if (n == 0 || (g && w && memcmp(g, w, n) == 0)) {
		check_passed_++;
		return 1;
	}
	va_start(ap, fmt);
	check_fail_head_(file, line, fmt, ap);
	va_end(ap);
	if (!g || !w) {
		printf("NULL pointer for %zu bytes\n", n);
		fflush(stdout);
		return 0;
	}
	for (i = 0; g[i] == w[i]; i++)
		;
	from = i > 8 ? i - 8 : 0;
	to = n - i > 8 ? i + 8 : n;
	printf("first difference at offset %zu of %zu\n", i, n);
	printf("    got  [%zu..%zu):", from, to);
	check_hex_print_(g, from, to);
	printf("\n    want [%zu..%zu):", from, to);
	check_hex_print_(w, from, to);
	putchar('\n');
	fflush(stdout);
	return 0;
}

#define OK(cond, ...) \
	check_ok_((cond) ? 1 : 0, __FILE__, __LINE__, #cond, __VA_ARGS__)
#define INT_EQ(got, want, ...) \
	check_int_eq_((intmax_t)(got), (intmax_t)(want), __FILE__, __LINE__, \
		      #got, #want, __VA_ARGS__)
#define STR_EQ(got, want, ...) \
	check_str_eq_((got), (want), __FILE__, __LINE__, __VA_ARGS__)
#define MEM_EQ(got, want, n, ...) \
	check_mem_eq_((got), (want), (n), __FILE__, __LINE__, __VA_ARGS__)

/* Counts one skipped check and says why ("SKIP: why"). */
static inline void check_skip(const char *why)
{
	check_skipped_++;
	printf("SKIP: %s\n", why);
	fflush(stdout);
}

/* Prints the closing line; returns 0 when nothing failed, else 1. */
static inline int check_done(void)
{
	printf("%d passed, %d failed", check_passed_, check_failed_);
	if (check_skipped_)
		printf(", %d skipped", check_skipped_);
	putchar('\n');
	fflush(stdout);
	return check_failed_ ? 1 : 0;
}

/*
 * Seed for property tests: $MINITEL_SEED if set, else derived from the
 * clock. Prints "seed: N" so that a failing run can be replayed. Never 0.
 */
static inline uint64_t check_seed(void)
{
	const char *env = getenv("MINITEL_SEED");
	uint64_t seed;

	if (env && *env) {
		seed = strtoull(env, NULL, 0);
	} else {
		seed = (uint64_t)time(NULL) * 0x9E3779B97F4A7C15u;
		seed ^= (uint64_t)clock() << 17;
		seed %= 1000000000u; /* short enough to type */
	}
	if (seed == 0)
		seed = 1;
	printf("seed: %" PRIu64 "\n", seed);
	fflush(stdout);
	return seed;
}

/* xorshift64*: next pseudo-random number; *state must not be 0. */
static inline uint64_t check_rand(uint64_t *state)
{
	uint64_t x = *state ? *state : 0x2545F4914F6CDD1Du;

	x ^= x >> 12;
	x ^= x << 25;
	x ^= x >> 27;
	*state = x;
	return x * 0x2545F4914F6CDD1Du;
}

/* Uniform-enough number in [0, n), n > 0 (bias is negligible for tests). */
static inline uint64_t check_rand_below(uint64_t *state, uint64_t n)
{
	/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) */
	return check_rand(state) % n;
}

#endif /* MINITEL_TESTS_CHECK_H */
