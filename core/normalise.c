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
 * A file that starts with a UTF-16 byte order mark (Windows Notepad's
 * "Unicode") is read as UTF-16, little- or big-endian as the mark says;
 * without the mark such a file would read as cp1252 with a NUL between
 * every two letters.
 * One pass (two for a file that is not UTF-8: the second once the first
 * finds a byte that is not), no quadratic step: a 5 MB line costs 5 MB
 * of work. */
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

/* Nonzero when the eight bytes of w are ASCII but NUL and CR: copied as
 * they are whatever the file's encoding. Word-wide: with no high bit in
 * w, a byte is zero exactly when subtracting one borrows into its high
 * bit (the classic test without its ~w), and the same after xoring CR. */
static int plain8(uint64_t w)
{
	return ((w | (w - W8_ONES) | ((w ^ ('\r' * W8_ONES)) - W8_ONES)) &
		W8_HIGHS) == 0;
}

/* One ASCII byte s[i] at o: CR and CRLF become LF, NUL U+FFFD. Returns
 * the bytes it took (CRLF: 2), o moved past what it wrote. */
static size_t ascii_byte(const unsigned char *s, size_t i, size_t len,
			 char **o)
{
	if (s[i] == '\r') {
		*(*o)++ = '\n';
		return i + 1 < len && s[i + 1] == '\n' ? 2 : 1;
	}
	if (s[i] == 0) {
		memcpy(*o, "\xEF\xBF\xBD", 3);
		*o += 3;
		return 1;
	}
	*(*o)++ = (char)s[i];
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
		out[0] = out[1] = '-';
		return 2;
	case 0x85: /* ellipsis */
		out[0] = out[1] = out[2] = '.';
		return 3;
	case 0xA0: /* no-break space */
		out[0] = ' ';
		return 1;
	default:
		return mk_utf8_put(out, mk_cp1252(c));
	}
}

/* s[i, len) copied as it is, line ends and NUL aside: as a UTF-8 file,
 * checked as it goes (NULL as soon as a byte is no valid UTF-8: the file
 * is then read as cp1252), or as a cp1252 file, every byte above 0x7F one
 * character. Returns the end of what was written. Notes are mostly ASCII:
 * eight such bytes at a time. */
static char *copy_text(const unsigned char *s, size_t i, size_t len,
		       char *o, int cp1252)
{
	while (i < len) {
		size_t k;

		if (len - i >= 8 && plain8(w8_load(s + i))) {
			memcpy(o, s + i, 8);
			o += 8;
			i += 8;
		} else if (s[i] < 0x80) {
			i += ascii_byte(s, i, len, &o);
		} else if (cp1252) {
			o += from_cp1252(s[i++], o);
		} else {
			k = valid_seq(s + i, len - i);
			if (!k)
				return NULL;
			memcpy(o, s + i, k);
			o += k;
			i += k;
		}
	}
	return o;
}

int mk_utf16_bom(const char *bytes, size_t len)
{
	const unsigned char *s = (const unsigned char *)bytes;

	if (len < 2)
		return 0;
	if (s[0] == 0xFF && s[1] == 0xFE)
		return 1;
	return s[0] == 0xFE && s[1] == 0xFF ? 2 : 0;
}

/* The 16-bit unit at p, big-endian when `be`. */
static unsigned long utf16_unit(const unsigned char *p, int be)
{
	return be ? (unsigned long)p[0] << 8 | p[1]
		  : (unsigned long)p[1] << 8 | p[0];
}

/* The UTF-16 text s[0, len) after its byte order mark (big-endian when
 * `be`) as UTF-8, then normalised as a UTF-8 file is. A surrogate
 * without its other half, and an odd last byte, become U+FFFD. */
static char *from_utf16(const unsigned char *s, size_t len, int be,
			size_t *out_len)
{
	char *u, *o, *out;
	size_t i = 0;

	/* 3 bytes at most for each 2 (a pair of 4 gives 4), and an odd
	 * byte's U+FFFD */
	if (len / 2 > ((size_t)-1 - 4) / 3)
		return NULL;
	u = malloc(len / 2 * 3 + 4);
	if (!u)
		return NULL;
	o = u;
	for (; i + 1 < len; i += 2) {
		unsigned long c = utf16_unit(s + i, be);

		if (c >= 0xD800 && c <= 0xDBFF && i + 3 < len) {
			unsigned long d = utf16_unit(s + i + 2, be);

			if (d >= 0xDC00 && d <= 0xDFFF) {
				c = 0x10000 + ((c - 0xD800) << 10) +
				    (d - 0xDC00);
				i += 2;
			}
		}
		o += mk_utf8_put(o, c); /* (a lone surrogate: U+FFFD) */
	}
	if (i < len)
		o += mk_utf8_put(o, 0xFFFD);
	out = mk_normalise(u, (size_t)(o - u), out_len);
	free(u);
	return out;
}

char *mk_normalise(const char *bytes, size_t len, size_t *out_len)
{
	const unsigned char *s = (const unsigned char *)bytes;
	char *out, *o;
	size_t i = 0;
	int bom = mk_utf16_bom(bytes, len);

	if (bom)
		return from_utf16(s + 2, len - 2, bom == 2, out_len);
	if (len >= 3 && s[0] == 0xEF && s[1] == 0xBB && s[2] == 0xBF)
		i = 3; /* BOM */
	/* Worst cases: a cp1252 byte gives 3 bytes, NUL gives 3 (U+FFFD). */
	if (len > ((size_t)-1 - 1) / 3)
		return NULL;
	out = malloc(len * 3 + 1);
	if (!out)
		return NULL;
	/* One pass for a UTF-8 file (most are, ASCII included); a file that
	 * turns out not to be is written again from its start, as cp1252. */
	o = copy_text(s, i, len, out, 0);
	if (!o)
		o = copy_text(s, i, len, out, 1);
	*o = 0;
	if (out_len)
		*out_len = (size_t)(o - out);
	return out;
}
