/* core/markup.c -- the notes parsers' front door: format names, format
 * detection (notes-format.md §8), dates from file names (§2), and
 * mk_parse, which normalises the bytes (core/normalise.c) and hands them
 * to core/blogmax.c, core/markdown.c or core/plaintext.c. */
#include "mk_private.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static const char *const format_names[MK_FORMAT_COUNT] = {
	[MK_FORMAT_AUTO] = "auto",
	[MK_FORMAT_BLOGMAX] = "blogmax",
	[MK_FORMAT_MARKDOWN] = "markdown",
	[MK_FORMAT_PLAIN] = "plain",
};

int mk_format_from_name(const char *name)
{
	if (!name)
		return -1;
	for (int f = 0; f < MK_FORMAT_COUNT; f++)
		if (!strcmp(name, format_names[f]))
			return f;
	/* Common spellings a user may type after --format. */
	if (!strcmp(name, "md"))
		return MK_FORMAT_MARKDOWN;
	if (!strcmp(name, "text") || !strcmp(name, "txt"))
		return MK_FORMAT_PLAIN;
	return -1;
}

const char *mk_format_name(mk_format f)
{
	return (unsigned)f < MK_FORMAT_COUNT ? format_names[f] : "?";
}

const char *mk_basename(const char *path)
{
	const char *slash = strrchr(path, '/');

	return slash ? slash + 1 : path;
}

static int digits(const char *s, int n)
{
	for (int i = 0; i < n; i++)
		if (s[i] < '0' || s[i] > '9')
			return 0;
	return 1;
}

static int num(const char *s, int n)
{
	int v = 0;

	for (int i = 0; i < n; i++)
		v = v * 10 + (s[i] - '0');
	return v;
}

static int put_date(int y, int m, int d, char out[11])
{
	if (m < 1 || m > 12 || d < 1 || d > 31)
		return 0;
	snprintf(out, 11, "%04d-%02d-%02d", y, m, d);
	return 1;
}

int mk_date_from_name(const char *path, char out[11])
{
	const char *b = mk_basename(path);
	size_t n = strlen(b);

	/* yymmdd.txt (notes-format.md §2); other extensions are accepted,
	 * a yymmdd name means a day whatever the format. */
	if (n >= 7 && digits(b, 6) && b[6] == '.') {
		int yy = num(b, 2);

		return put_date(yy < 70 ? 2000 + yy : 1900 + yy, num(b + 2, 2),
				num(b + 4, 2), out);
	}
	if (n >= 10 && digits(b, 4) && b[4] == '-' && digits(b + 5, 2) &&
	    b[7] == '-' && digits(b + 8, 2) &&
	    (n == 10 || !(b[10] >= '0' && b[10] <= '9')))
		return put_date(num(b, 4), num(b + 5, 2), num(b + 8, 2), out);
	return 0;
}

int mk_ends_with_ci(const char *s, const char *suffix)
{
	size_t n = strlen(s), k = strlen(suffix);

	if (n < k)
		return 0;
	for (size_t i = 0; i < k; i++) {
		char c = s[n - k + i];

		if (c >= 'A' && c <= 'Z')
			c = (char)(c - 'A' + 'a');
		if (c != suffix[i])
			return 0;
	}
	return 1;
}

/* notes-format.md §8: the content clues of a BlogMax file. */
static int blogmax_clue(const char *s, size_t n)
{
	static const char *const clues[] = {
		"{section \"", "{subsection \"", "{pic", "{pre}", "{{{",
		"{tt \"", "{@", "{diagram}",
	};

	if (n >= 3 && !memcmp(s, "\xEF\xBB\xBF", 3)) {
		s += 3;
		n -= 3;
	}
	if (n >= 4 && !memcmp(s, "<!--", 4))
		return 1;
	for (const char *p = s; (p = memchr(p, '{', n - (size_t)(p - s)));
	     p++) {
		size_t left = n - (size_t)(p - s);

		for (size_t k = 0; k < sizeof clues / sizeof clues[0]; k++) {
			size_t cl = strlen(clues[k]);

			if (left >= cl && !memcmp(p, clues[k], cl))
				return 1;
		}
	}
	return 0;
}

mk_format mk_detect(const char *path, const char *bytes, size_t len)
{
	const char *base = path ? mk_basename(path) : "";
	size_t bl = strlen(base);

	if (mk_ends_with_ci(base, ".md") || mk_ends_with_ci(base, ".markdown") ||
	    mk_ends_with_ci(base, ".mdown") || mk_ends_with_ci(base, ".mkd"))
		return MK_FORMAT_MARKDOWN;
	if (bl == 10 && digits(base, 6) && mk_ends_with_ci(base, ".txt"))
		return MK_FORMAT_BLOGMAX;
	if (bytes && blogmax_clue(bytes, len))
		return MK_FORMAT_BLOGMAX;
	return MK_FORMAT_PLAIN;
}

int mk_parse(doc *d, const char *path, const char *bytes, size_t len,
	     const mk_options *opt)
{
	static const mk_options defaults = {.format = MK_FORMAT_AUTO};
	size_t n = 0;
	char *text;
	mk_format f;
	int ret;

	if (!opt)
		opt = &defaults;
	if (!path)
		path = "";
	text = mk_normalise(bytes, bytes ? len : 0, &n);
	if (!text)
		return -ENOMEM;
	f = opt->format;
	/* (on the normalised text: a UTF-16 file's clues are not between
	 * NULs there, nor is a UTF-8 BOM before "<!--") */
	if (f <= MK_FORMAT_AUTO || f >= MK_FORMAT_COUNT) {
		f = mk_detect(path, text, n);
		if (f == MK_FORMAT_PLAIN && opt->blog &&
		    mk_ends_with_ci(path, ".txt"))
			f = MK_FORMAT_BLOGMAX;
	}
	switch (f) {
	case MK_FORMAT_BLOGMAX:
		ret = mk_parse_blogmax(d, path, text, n, opt);
		break;
	case MK_FORMAT_MARKDOWN:
		ret = mk_parse_markdown(d, path, text, n);
		break;
	default:
		ret = mk_parse_plain(d, path, text, n);
		break;
	}
	free(text);
	return ret;
}
