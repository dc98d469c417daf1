/* core/entities.c -- HTML character references, and the cp1252 table.
 *
 * BlogMax entries are stylised HTML (notes-format.md §3), and "entities
 * must be decoded" (§5): &lt; &gt; &amp; &nbsp; appear in {tt} and {pre},
 * and the older pages use named Latin-1 letters. The names here are the
 * HTML 4 sets that such pages use: all Latin-1 (&nbsp; to &yuml;), the
 * "special" set (quotes, dashes, &euro;) and a few symbols. md4c hands
 * Markdown entities over undecoded (MD_TEXT_ENTITY), so it uses this too. */
#include "mk_private.h"

#include <string.h>

/* U+00A0 .. U+00FF, in order. */
static const char *const latin1[96] = {
	"nbsp",   "iexcl",  "cent",   "pound",  "curren", "yen",
	"brvbar", "sect",   "uml",    "copy",   "ordf",   "laquo",
	"not",    "shy",    "reg",    "macr",   "deg",    "plusmn",
	"sup2",   "sup3",   "acute",  "micro",  "para",   "middot",
	"cedil",  "sup1",   "ordm",   "raquo",  "frac14", "frac12",
	"frac34", "iquest", "Agrave", "Aacute", "Acirc",  "Atilde",
	"Auml",   "Aring",  "AElig",  "Ccedil", "Egrave", "Eacute",
	"Ecirc",  "Euml",   "Igrave", "Iacute", "Icirc",  "Iuml",
	"ETH",    "Ntilde", "Ograve", "Oacute", "Ocirc",  "Otilde",
	"Ouml",   "times",  "Oslash", "Ugrave", "Uacute", "Ucirc",
	"Uuml",   "Yacute", "THORN",  "szlig",  "agrave", "aacute",
	"acirc",  "atilde", "auml",   "aring",  "aelig",  "ccedil",
	"egrave", "eacute", "ecirc",  "euml",   "igrave", "iacute",
	"icirc",  "iuml",   "eth",    "ntilde", "ograve", "oacute",
	"ocirc",  "otilde", "ouml",   "divide", "oslash", "ugrave",
	"uacute", "ucirc",  "uuml",   "yacute", "thorn",  "yuml",
};

static const struct {
	const char *name;
	unsigned long cp;
} others[] = {
	{"quot", 0x22},    {"amp", 0x26},     {"apos", 0x27},
	{"lt", 0x3C},      {"gt", 0x3E},      {"OElig", 0x152},
	{"oelig", 0x153},  {"Scaron", 0x160}, {"scaron", 0x161},
	{"Yuml", 0x178},   {"fnof", 0x192},   {"circ", 0x2C6},
	{"tilde", 0x2DC},  {"ensp", 0x2002},  {"emsp", 0x2003},
	{"thinsp", 0x2009}, {"ndash", 0x2013}, {"mdash", 0x2014},
	{"lsquo", 0x2018}, {"rsquo", 0x2019}, {"sbquo", 0x201A},
	{"ldquo", 0x201C}, {"rdquo", 0x201D}, {"bdquo", 0x201E},
	{"dagger", 0x2020}, {"Dagger", 0x2021}, {"bull", 0x2022},
	{"hellip", 0x2026}, {"permil", 0x2030}, {"prime", 0x2032},
	{"lsaquo", 0x2039}, {"rsaquo", 0x203A}, {"euro", 0x20AC},
	{"trade", 0x2122}, {"larr", 0x2190},  {"uarr", 0x2191},
	{"rarr", 0x2192},  {"darr", 0x2193},  {"harr", 0x2194},
	{"rArr", 0x21D2},  {"minus", 0x2212}, {"le", 0x2264},
	{"ge", 0x2265},    {"ne", 0x2260},    {"infin", 0x221E},
	{"alpha", 0x3B1},  {"beta", 0x3B2},   {"lambda", 0x3BB},
	{"mu", 0x3BC},     {"pi", 0x3C0},     {"sigma", 0x3C3},
};

/* cp1252 0x80..0x9F; 0 where cp1252 defines nothing (read as Latin-1). */
static const unsigned short cp1252[32] = {
	0x20AC, 0,      0x201A, 0x0192, 0x201E, 0x2026, 0x2020, 0x2021,
	0x02C6, 0x2030, 0x0160, 0x2039, 0x0152, 0,      0x017D, 0,
	0,      0x2018, 0x2019, 0x201C, 0x201D, 0x2022, 0x2013, 0x2014,
	0x02DC, 0x2122, 0x0161, 0x203A, 0x0153, 0,      0x017E, 0x0178,
};

unsigned long mk_cp1252(unsigned char c)
{
	if (c >= 0x80 && c <= 0x9F && cp1252[c - 0x80])
		return cp1252[c - 0x80];
	return c;
}

#define NAME_MAX_LEN 8 /* longest name above: "thinsp", "frac14" ... */
#define DIGITS_MAX 8

static int is_alnum(char c)
{
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
	       (c >= '0' && c <= '9');
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

/* &#NN; or &#xNN;: s points after "&#". */
static size_t numeric(const char *s, size_t n, unsigned long *cp)
{
	int hex = n > 0 && (s[0] == 'x' || s[0] == 'X');
	size_t i = (size_t)hex, digits = 0;
	unsigned long v = 0;

	for (; i < n && digits < DIGITS_MAX; i++, digits++) {
		int d = hex ? hexval(s[i]) : (s[i] >= '0' && s[i] <= '9'
					       ? s[i] - '0' : -1);
		if (d < 0)
			break;
		v = v * (hex ? 16 : 10) + (unsigned long)d;
	}
	if (!digits || i >= n || s[i] != ';')
		return 0;
	if (v == 0)
		v = 0xFFFD;
	else if (v >= 0x80 && v <= 0x9F)
		v = mk_cp1252((unsigned char)v); /* what browsers do */
	*cp = v;
	return i + 1;
}

static int named(const char *s, size_t len, unsigned long *cp)
{
	for (size_t k = 0; k < sizeof latin1 / sizeof latin1[0]; k++) {
		if (mk_name_is(latin1[k], s, len)) {
			*cp = 0xA0 + k;
			return 1;
		}
	}
	for (size_t k = 0; k < sizeof others / sizeof others[0]; k++) {
		if (mk_name_is(others[k].name, s, len)) {
			*cp = others[k].cp;
			return 1;
		}
	}
	return 0;
}

size_t mk_entity(const char *s, size_t n, char out[8], size_t *out_len)
{
	unsigned long cp;
	size_t used, len;

	if (n < 3 || s[0] != '&')
		return 0;
	if (s[1] == '#') {
		used = numeric(s + 2, n - 2, &cp);
		if (!used)
			return 0;
		used += 2;
	} else {
		for (len = 0; 1 + len < n && len <= NAME_MAX_LEN &&
			      is_alnum(s[1 + len]); len++)
			;
		if (!len || 1 + len >= n || s[1 + len] != ';' ||
		    !named(s + 1, len, &cp))
			return 0;
		used = len + 2;
	}
	*out_len = mk_utf8_put(out, cp);
	return used;
}

void mk_decode_entities(mk_buf *out, const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		const char *amp = memchr(s + i, '&', n - i);
		char u[8];
		size_t ul, used;

		if (!amp) {
			mk_buf_put(out, s + i, n - i);
			return;
		}
		mk_buf_put(out, s + i, (size_t)(amp - (s + i)));
		i = (size_t)(amp - s);
		used = mk_entity(s + i, n - i, u, &ul);
		if (used) {
			mk_buf_put(out, u, ul);
			i += used;
		} else {
			mk_buf_putc(out, '&');
			i++;
		}
	}
}
