/* core/normalise.c -- a notes file's bytes as the parsers read them.
 *
 * notes-format.md §2: notes are ASCII or Latin-1, some cp1252, some UTF-8
 * (newer ones), and CRLF files exist. A file is taken as UTF-8 when it is
 * valid UTF-8 throughout (a leading BOM is dropped); otherwise every byte
 * is one cp1252 character, with the mapping BlogMax itself applies when a
 * file is saved (0x91/0x92 -> ', 0x93/0x94 -> ", 0x96/0x97 -> --,
 * 0x85 -> ...), and the other cp1252 characters as their Unicode letters;
 * bytes cp1252 leaves undefined are Latin-1. BlogMax deletes 0xA0 on save;
 * here it becomes a space, so that no word runs into the next.
 * CRLF and lone CR become LF, so line numbers are those of the file.
 * NUL becomes U+FFFD, so that the text is a C string.
 * One pass, no quadratic step: a 5 MB line costs 5 MB of work. */
#include "mk_private.h"

#include <stdint.h>
#include <stdlib.h>
#include <string.h>

/* Length of the valid UTF-8 sequence at s (n bytes left), 0 if invalid:
 * no overlong forms, no surrogates, nothing past U+10FFFF. */
static size_t valid_seq(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned long cp;

	if (s[0] < 0x80)
		return 1;
	if (s[0] < 0xC2 || s[0] > 0xF4)
		return 0;
	len = s[0] >= 0xF0 ? 4 : s[0] >= 0xE0 ? 3 : 2;
	if (n < len)
		return 0;
	cp = s[0] & (0xFF >> (len + 1));
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	if ((len == 3 && cp < 0x800) || (len == 4 && cp < 0x10000) ||
	    (cp >= 0xD800 && cp <= 0xDFFF) || cp > 0x10FFFF)
		return 0;
	return len;
}

static int is_utf8(const unsigned char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		size_t k;

		/* Notes are mostly ASCII: eight such bytes at a time. */
		if (n - i >= 8 && (mk_word(s + i) & MK_HIGHS) == 0) {
			i += 8;
			continue;
		}
		if (s[i] < 0x80) {
			i++;
			continue;
		}
		k = valid_seq(s + i, n - i);
		if (!k)
			return 0;
		i += k;
	}
	return 1;
}

/* One cp1252 byte as UTF-8 into out; returns its length. */
static size_t from_cp1252(unsigned char c, char out[4])
{
	switch (c) {
	case 0x91: /* left single quote */
	case 0x92: /* right single quote */
		out[0] = '\'';
		return 1;
	case 0x93: /* left double quote */
	case 0x94: /* right double quote */
		out[0] = '"';
		return 1;
	case 0x96: /* en dash */
	case 0x97: /* em dash */
		memcpy(out, "--", 2);
		return 2;
	case 0x85: /* ellipsis */
		memcpy(out, "...", 3);
		return 3;
	case 0xA0: /* no-break space */
		out[0] = ' ';
		return 1;
	default:
		return mk_utf8_put(out, mk_cp1252(c));
	}
}

char *mk_normalise(const char *bytes, size_t len, size_t *out_len)
{
	const unsigned char *s = (const unsigned char *)bytes;
	int utf8;
	char *out, *o;
	size_t i = 0;

	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3; /* BOM */
	utf8 = is_utf8(s + i, len - i);
	/* Worst cases: a cp1252 byte gives 3 bytes, NUL gives 3 (U+FFFD). */
	if (len > ((size_t)-1 - 1) / 3)
		return NULL;
	out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	o = out;
	for (; i < len; i++) {
		unsigned char c = s[i];

		/* Eight bytes that are neither CR nor NUL and need no
		 * conversion (ASCII, or any byte of a UTF-8 file) are copied
		 * as they are, which is most of a file. */
		if (len - i >= 8) {
			uint64_t w = mk_word(s + i);

			if (!mk_has_zero(w) &&
			    !mk_has_zero(w ^ ('\r' * MK_ONES)) &&
			    (utf8 || (w & MK_HIGHS) == 0)) {
				memcpy(o, s + i, 8);
				o += 8;
				i += 7;
				continue;
			}
		}

		if (c == '\r') {
			*o++ = '\n';
			if (i + 1 < len && s[i + 1] == '\n')
				i++;
		} else if (c == 0) {
			memcpy(o, "\xEF\xBF\xBD", 3);
			o += 3;
		} else if (c < 0x80 || utf8) {
			*o++ = (char)c;
		} else {
			o += from_cp1252(c, o);
		}
	}
	*o = 0;
	if (out_len)
		*out_len = (size_t)(o - out);
	return out;
}
