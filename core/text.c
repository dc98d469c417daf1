/* core/text.c -- Unicode text to the characters a Minitel can show.
 *
 * The Minitel alphabet (videotex.md §5) is G0, which is ASCII except six
 * positions, plus the G2 symbols (£ § ← ↑ → ↓ ° ± ÷ ¼ ½ ¾ Œ œ ß) and the
 * accented lower-case letters sent as SS2 + diacritic + letter. There are
 * no accented capitals. A character is converted in this order:
 *
 *   1. ASCII: itself, except the six G0 positions whose glyph is not the
 *      ASCII one (§5: ^ shows ↑, ` a mid-height bar, { | } ~ bars);
 *      control characters become a space (the layout does indentation).
 *   2. Unicode spaces become a space; invisible format characters
 *      (zero-width space, joiners, soft hyphen, variation selectors, bidi
 *      marks) are dropped; a combining diacritic is composed with the
 *      letter before it when Unicode has the precomposed letter (macOS
 *      writes é as e + U+0301), otherwise dropped.
 *   3. Whatever vtx_charset_encode() accepts: itself.
 *   4. Our own table: typographic punctuation (’ “ ” — – … « » €) and the
 *      Latin-1 letters (É -> E, ñ -> n, Æ -> AE), so the common cases do not
 *      depend on the locale's transliteration tables.
 *   5. glibc iconv "ASCII//TRANSLIT" (¥ -> JPY, ™ -> (TM), ⇒ -> =>); what
 *      it cannot transliterate comes out as "?".
 *
 * What counts as replaced: every character whose display on the Minitel
 * is not the character itself -- É -> E, ’ -> ', … -> ..., ^ -> ↑, an
 * emoji -> ?, an invalid byte -> ?. Not counted: spaces and control
 * characters that become a space, invisible characters that are dropped,
 * | shown as the G0 centre bar (the same glyph), and a combining accent
 * composed into a letter the Minitel has (e + U+0301 = é).
 *
 * Speed: runs of plain ASCII bytes are copied without any lookup; other
 * code points go through a per-converter cache (the Latin-1 block has
 * its own slots, the rest a direct-mapped table), so iconv runs once per
 * distinct code point. */
#include "text.h"

#include <assert.h>
#include <errno.h>
#include <iconv.h>
#include <locale.h>
#include <stdlib.h>
#include <string.h>

#include "videotex/charset.h"
#include "word8.h"

#define COUNT(a) (sizeof(a) / sizeof((a)[0]))

enum {
	SLOT_MAX = 12,     /* longest replacement kept: longer ones -> "?" */
	CACHE_LATIN = 256, /* slots 0..255 are U+0000..U+00FF, one each */
	CACHE_SIZE = 4096  /* the rest: direct-mapped by code point */
};

#define REPLACEMENT_CHAR 0xFFFDu
#define MINITEL_UP_ARROW 0x2191u   /* G0 0x5E (videotex.md §5) */
#define MINITEL_CENTRE_BAR 0x2502u /* G0 0x7C */
#define MINITEL_TOP_BAR 0x2594u    /* G0 0x7E */

/* The replacement of one code point, computed once and cached. */
typedef struct slot {
	uint32_t cp;            /* the code point this slot holds; 0 = empty */
	uint8_t len;            /* display characters in out[] */
	uint8_t lossy;          /* counted as replaced */
	uint16_t out[SLOT_MAX]; /* every Minitel character is in the BMP */
} slot;

typedef struct tally {
	size_t count;
	uint32_t ex[TXT_EXAMPLES];
	size_t nex;
} tally;

struct txt_conv {
	iconv_t cd;
	int vgp2;  /* see txt_set_vgp2 */
	int nbsp;  /* see txt_set_nbsp */
	tally total;
	slot cache[CACHE_SIZE];
};

/* One conversion: the output cursor and what it replaced. */
typedef struct run {
	txt_conv *c;
	uint32_t *out;
	size_t cap, k;
	tally t;
	uint32_t base; /* ASCII letter just written at out[base_at], or 0 */
	size_t base_at;
} run;

/*** UTF-8 ***/

/* The Unicode "maximal subpart" rule: an ill-formed sequence is replaced
 * by one U+FFFD for its longest valid prefix, or for one byte. */
size_t txt_utf8_next(const char *s, size_t n, uint32_t *cp)
{
	const unsigned char *p = (const unsigned char *)s;
	unsigned char lo = 0x80, hi = 0xBF;
	size_t need, i;
	uint32_t v;

	assert(n > 0);
	if (p[0] < 0x80) {
		*cp = p[0];
		return 1;
	}
	if (p[0] >= 0xC2 && p[0] <= 0xDF) {
		need = 1;
		v = p[0] & 0x1Fu;
	} else if (p[0] >= 0xE0 && p[0] <= 0xEF) {
		need = 2;
		v = p[0] & 0x0Fu;
		if (p[0] == 0xE0)
			lo = 0xA0; /* no overlong forms */
		else if (p[0] == 0xED)
			hi = 0x9F; /* no surrogates */
	} else if (p[0] >= 0xF0 && p[0] <= 0xF4) {
		need = 3;
		v = p[0] & 0x07u;
		if (p[0] == 0xF0)
			lo = 0x90;
		else if (p[0] == 0xF4)
			hi = 0x8F; /* nothing above U+10FFFF */
	} else {
		*cp = REPLACEMENT_CHAR;
		return 1;
	}
	for (i = 1; i <= need; i++) {
		if (i >= n || p[i] < lo || p[i] > hi) {
			*cp = REPLACEMENT_CHAR;
			return i;
		}
		v = v << 6 | (p[i] & 0x3Fu);
		lo = 0x80;
		hi = 0xBF;
	}
	*cp = v;
	return need + 1;
}

int txt_utf8_valid(const char *s, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		size_t len;

		if ((unsigned char)s[i] < 0x80) {
			i++;
			continue;
		}
		len = txt_utf8_next(s + i, n - i, &cp);
		/* U+FFFD written as such is valid; a replacement is not. */
		if (cp == REPLACEMENT_CHAR &&
		    (len != 3 || memcmp(s + i, "\xEF\xBF\xBD", 3) != 0))
			return 0;
		i += len;
	}
	return 1;
}

char *txt_latin1_to_utf8(const char *s, size_t n, size_t *len)
{
	size_t extra = 0, k = 0;
	char *u;

	for (size_t i = 0; i < n; i++)
		extra += (unsigned char)s[i] >= 0x80;
	u = malloc(n + extra + 1);
	if (!u)
		return NULL;
	for (size_t i = 0; i < n; i++) {
		unsigned char b = (unsigned char)s[i];

		if (b < 0x80) {
			u[k++] = (char)b;
		} else {
			u[k++] = (char)(0xC0 | b >> 6);
			u[k++] = (char)(0x80 | (b & 0x3F));
		}
	}
	u[k] = 0;
	if (len)
		*len = k;
	return u;
}

/*** Character classes ***/

/* ASCII bytes shown as themselves: G0 0x20..0x7E except the six whose
 * glyph differs (videotex.md §5). Nonzero = copy as is. */
static int plain_ascii(unsigned char b)
{
	return b >= 0x20 && b < 0x7F && b != '^' && b != '`' && b != '{' &&
	       b != '|' && b != '}' && b != '~';
}

/* Nonzero when the eight bytes at s are all plain_ascii: none below
 * 0x20 or above 'z' (which rules out { | } ~ and DEL), no ^ and no `.
 * Word-wide (word8.h): a byte below 0x20; a byte above 'z' (adding
 * 0x7F - 'z' carries into its high bit); a ^ or a ` (a byte below 1 once
 * xored with it). Each says whether there is such a byte, exactly. */
static int plain_ascii8(const unsigned char *s)
{
	const uint64_t w = w8_load(s);
	const uint64_t above = ((w + (0x7F - 'z') * W8_ONES) | w) & W8_HIGHS;

	return !(w8_below(w, 0x20) | above | w8_below(w ^ '^' * W8_ONES, 1) |
		 w8_below(w ^ '`' * W8_ONES, 1));
}

/* The display character for an ASCII byte and whether that loses
 * something. Controls are spaces (not counted: nothing visible is lost). */
static uint32_t map_ascii(unsigned char b, int *lossy)
{
	*lossy = 0;
	if (plain_ascii(b))
		return b;
	switch (b) {
	case '^': /* G0 0x5E draws an up arrow: the nearest we have */
		*lossy = 1;
		return MINITEL_UP_ARROW;
	case '`':
		*lossy = 1;
		return '\'';
	case '{':
		*lossy = 1;
		return '(';
	case '}':
		*lossy = 1;
		return ')';
	case '|': /* the G0 centre bar is the same vertical stroke */
		return MINITEL_CENTRE_BAR;
	case '~': /* G0 0x7E, where ~ would be, draws a bar on the top line */
		*lossy = 1;
		return MINITEL_TOP_BAR;
	default: /* C0 controls, DEL */
		return ' ';
	}
}

static int is_space(uint32_t cp)
{
	return (cp >= 0x80 && cp <= 0xA0) || /* C1 controls, NBSP */
	       cp == 0x1680 || (cp >= 0x2000 && cp <= 0x200A) || cp == 0x2028 ||
	       cp == 0x2029 || cp == 0x202F || cp == 0x205F || cp == 0x3000;
}

/* Characters that show nothing; emoji skin-tone modifiers are included,
 * as they only colour the emoji before them (which is counted). */
static int is_invisible(uint32_t cp)
{
	return cp == 0x00AD || cp == 0x034F || cp == 0x061C || cp == 0x180E ||
	       (cp >= 0x200B && cp <= 0x200F) ||
	       (cp >= 0x202A && cp <= 0x202E) ||
	       (cp >= 0x2060 && cp <= 0x206F) ||
	       (cp >= 0xFE00 && cp <= 0xFE0F) || cp == 0xFEFF ||
	       (cp >= 0x1F3FB && cp <= 0x1F3FF) ||
	       (cp >= 0xE0000 && cp <= 0xE007F) ||
	       (cp >= 0xE0100 && cp <= 0xE01EF);
}

static int is_combining(uint32_t cp)
{
	return (cp >= 0x0300 && cp <= 0x036F) ||
	       (cp >= 0x1AB0 && cp <= 0x1AFF) ||
	       (cp >= 0x1DC0 && cp <= 0x1DFF) ||
	       (cp >= 0x20D0 && cp <= 0x20FF) || (cp >= 0xFE20 && cp <= 0xFE2F);
}

/* The precomposed Latin-1 letter for ASCII letter + combining mark, or 0.
 * For each mark, `to[i]` is the low byte of the precomposed form of base
 * letter `base[i]` (all in U+00C0..U+00FF). */
static uint32_t compose(uint32_t base, uint32_t mark)
{
	static const struct {
		uint32_t mark;
		const char *base, *to;
	} marks[] = {
		{0x0300, "AEIOUaeiou",
		 "\xC0\xC8\xCC\xD2\xD9\xE0\xE8\xEC\xF2\xF9"},
		{0x0301, "AEIOUYaeiouy",
		 "\xC1\xC9\xCD\xD3\xDA\xDD\xE1\xE9\xED\xF3\xFA\xFD"},
		{0x0302, "AEIOUaeiou",
		 "\xC2\xCA\xCE\xD4\xDB\xE2\xEA\xEE\xF4\xFB"},
		{0x0303, "ANOano", "\xC3\xD1\xD5\xE3\xF1\xF5"},
		{0x0308, "AEIOUaeiouy",
		 "\xC4\xCB\xCF\xD6\xDC\xE4\xEB\xEF\xF6\xFC\xFF"},
		{0x030A, "Aa", "\xC5\xE5"}, /* ring */
		{0x0327, "Cc", "\xC7\xE7"}, /* cedilla */
	};

	for (size_t i = 0; i < COUNT(marks); i++) {
		const char *p;

		if (marks[i].mark != mark)
			continue;
		p = base ? strchr(marks[i].base, (int)base) : NULL;
		return p ? (unsigned char)marks[i].to[p - marks[i].base] : 0;
	}
	return 0;
}

/*** Our own replacements ***/

/* Typographic punctuation, sorted by code point. The listed G2 symbols
 * (£ ° ± ¼ ½ ¾ ÷ § ← ↑ → ↓ Œ œ ß) need no entry: vtx_charset_encode()
 * takes them -- except § for a VGP2 chip (txt_set_vgp2). */
static const struct {
	uint32_t cp;
	const char *to; /* ASCII */
} punct[] = {
	{0x00A7, "par."}, /* § on a VGP2 chip (paragraphe) */
	{0x00AB, "\""},  /* « : one cell, reads as a quotation mark */
	{0x00BB, "\""},  /* » */
	{0x2010, "-"},   /* hyphen */
	{0x2011, "-"},   /* non-breaking hyphen */
	{0x2012, "-"},   /* figure dash */
	{0x2013, "-"},   /* en dash */
	{0x2014, "-"},   /* em dash (iconv would give "--") */
	{0x2015, "-"},   /* horizontal bar */
	{0x2018, "'"},   /* ‘ */
	{0x2019, "'"},   /* ’ */
	{0x201B, "'"},   /* ‛ */
	{0x201C, "\""},  /* “ */
	{0x201D, "\""},  /* ” */
	{0x201E, "\""},  /* „ (iconv would give ",,") */
	{0x201F, "\""},  /* ‟ */
	{0x2026, "..."}, /* … */
	{0x2032, "'"},   /* prime */
	{0x2033, "\""},  /* double prime */
	{0x20AC, "EUR"}, /* € */
	{0x2212, "-"},   /* minus sign */
};

/* Latin-1 letters U+00C0..U+00FF without their accents. The ones the
 * Minitel has (é è ê ë à â ç î ï ô ù û ä ö ü ß ÷) never get here, but
 * for ä ö ü ß on a VGP2 chip. */
static const char *const latin1_letters[64] = {
	"A", "A", "A", "A", "A", "A", "AE", "C",  /* C0 */
	"E", "E", "E", "E", "I", "I", "I",  "I",  /* C8 */
	"D", "N", "O", "O", "O", "O", "O",  "x",  /* D0 */
	"O", "U", "U", "U", "U", "Y", "TH", "ss", /* D8 */
	"a", "a", "a", "a", "a", "a", "ae", "c",  /* E0 */
	"e", "e", "e", "e", "i", "i", "i",  "i",  /* E8 */
	"d", "n", "o", "o", "o", "o", "o",  "/",  /* F0 */
	"o", "u", "u", "u", "u", "y", "th", "y",  /* F8 */
};

static const char *own_replacement(uint32_t cp)
{
	size_t lo = 0, hi = COUNT(punct);

	if (cp >= 0xC0 && cp <= 0xFF)
		return latin1_letters[cp - 0xC0];
	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (punct[mid].cp == cp)
			return punct[mid].to;
		if (punct[mid].cp < cp)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/*** The cache ***/

/* Appends ASCII text to a slot, each byte through map_ascii (iconv may
 * produce ^ or ~ too). Too long: the slot becomes "?". */
static void slot_ascii(slot *s, const char *a, size_t n)
{
	int lossy;

	if (n > SLOT_MAX) {
		s->out[0] = '?';
		s->len = 1;
		return;
	}
	for (size_t i = 0; i < n; i++)
		s->out[i] = (uint16_t)map_ascii((unsigned char)a[i], &lossy);
	s->len = (uint8_t)n;
}

/* Transliterates one code point with iconv; "?" when it cannot. */
static void slot_iconv(txt_conv *c, slot *s, uint32_t cp)
{
	char in[4], out[4 * SLOT_MAX], *ip = in, *op = out;
	size_t il = 0, ol = sizeof out;

	if (cp < 0x800) {
		in[il++] = (char)(0xC0 | cp >> 6);
	} else if (cp < 0x10000) {
		in[il++] = (char)(0xE0 | cp >> 12);
		in[il++] = (char)(0x80 | (cp >> 6 & 0x3F));
	} else {
		in[il++] = (char)(0xF0 | cp >> 18);
		in[il++] = (char)(0x80 | (cp >> 12 & 0x3F));
		in[il++] = (char)(0x80 | (cp >> 6 & 0x3F));
	}
	in[il++] = (char)(0x80 | (cp & 0x3F));
	if (iconv(c->cd, &ip, &il, &op, &ol) == (size_t)-1 || il != 0) {
		iconv(c->cd, NULL, NULL, NULL, NULL); /* reset the state */
		slot_ascii(s, "?", 1);
		return;
	}
	slot_ascii(s, out, (size_t)(op - out));
}

/* Computes the replacement of a non-ASCII code point (steps 2-5 of the
 * design comment; combining marks are handled by the caller). */
static void slot_fill(txt_conv *c, slot *s, uint32_t cp)
{
	uint8_t bytes[3];
	const char *own;

	s->cp = cp;
	s->len = 0;
	s->lossy = 0;
	if (is_space(cp)) {
		slot_ascii(s, " ", 1);
	} else if (is_invisible(cp)) {
		return;
	} else if (vtx_charset_encode(cp, bytes) > 0 &&
		   !(c->vgp2 && vtx_charset_vgp2(cp) != cp)) {
		s->out[0] = (uint16_t)cp; /* all Minitel characters are BMP */
		s->len = 1;
	} else if ((own = own_replacement(cp)) != NULL) {
		slot_ascii(s, own, strlen(own));
		s->lossy = 1;
	} else {
		slot_iconv(c, s, cp);
		s->lossy = 1; /* also when iconv gives nothing: it was lost */
	}
}

static const slot *lookup(txt_conv *c, uint32_t cp)
{
	size_t i = cp;
	slot *s;

	if (cp >= CACHE_LATIN)
		i = CACHE_LATIN + (cp ^ cp >> 12) % (CACHE_SIZE - CACHE_LATIN);
	s = &c->cache[i];

	if (s->cp != cp)
		slot_fill(c, s, cp);
	return s;
}

/*** Converting ***/

static void note(tally *t, uint32_t cp)
{
	size_t i;

	t->count++;
	for (i = 0; i < t->nex && t->ex[i] != cp; i++)
		;
	if (i == t->nex && t->nex < TXT_EXAMPLES)
		t->ex[t->nex++] = cp;
}

/* Adds a call's tally to the converter's: its first examples that the
 * converter has not seen fill the free places (the call kept its first
 * TXT_EXAMPLES distinct ones, enough for every free place). */
static void commit(tally *total, const tally *t)
{
	total->count += t->count;
	for (size_t i = 0; i < t->nex && total->nex < TXT_EXAMPLES; i++) {
		size_t j;

		for (j = 0; j < total->nex && total->ex[j] != t->ex[i]; j++)
			;
		if (j == total->nex)
			total->ex[total->nex++] = t->ex[i];
	}
}

static void put(run *r, uint32_t ch)
{
	if (r->k < r->cap)
		r->out[r->k] = ch;
	r->k++;
}

/* A combining mark: composed into the ASCII letter just written when
 * Unicode has that letter, else dropped (and counted: the accent is
 * lost). The composed letter then goes through the cache like any other,
 * so e + U+0301 shows é and E + U+0301 shows E, counted as É. */
static void combine(run *r, uint32_t mark)
{
	uint32_t pre = r->base ? compose(r->base, mark) : 0;
	const slot *s;

	r->base = 0;
	if (!pre) {
		note(&r->t, mark);
		return;
	}
	s = lookup(r->c, pre);
	assert(s->len == 1); /* Latin-1 letters have one-letter forms */
	if (r->base_at < r->cap)
		r->out[r->base_at] = s->out[0];
	if (s->lossy)
		note(&r->t, pre);
}

static void emit(run *r, uint32_t cp)
{
	const slot *s;

	if (r->c->nbsp && (cp == 0xA0 || cp == 0x2007 || cp == 0x202F)) {
		put(r, TXT_NBSP);
		r->base = 0;
		return;
	}
	if (is_combining(cp)) {
		combine(r, cp);
		return;
	}
	s = lookup(r->c, cp);
	for (size_t i = 0; i < s->len; i++)
		put(r, s->out[i]);
	if (s->lossy)
		note(&r->t, cp);
	r->base = 0;
}

static int is_letter(unsigned char b)
{
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

/* Copies a run of plain ASCII bytes: the fast path, no lookup. Each
 * byte is copied as it is checked, in one pass, while there is room;
 * past it (txt_width, or a buffer too small) the rest is only counted. */
static size_t ascii_run(run *r, const unsigned char *s, size_t n)
{
	size_t len = 0, room = r->k < r->cap ? r->cap - r->k : 0;
	size_t m = n < room ? n : room; /* bytes there is room for */

	if (m > 0) {
		uint32_t *o = r->out + r->k;

		/* Eight at a time while they are all plain (the runs
		 * are long: spaces and punctuation are plain too). */
		while (m - len >= 8 && plain_ascii8(s + len)) {
			const unsigned char *b = s + len;
			uint32_t *ob = o + len;

			/* Written out: gcc -O2 kept the loop of eight. */
			ob[0] = b[0];
			ob[1] = b[1];
			ob[2] = b[2];
			ob[3] = b[3];
			ob[4] = b[4];
			ob[5] = b[5];
			ob[6] = b[6];
			ob[7] = b[7];
			len += 8;
		}
		while (len < m && plain_ascii(s[len])) {
			o[len] = s[len];
			len++;
		}
	}
	if (len == m) /* no room for more: the rest of the run counted */
		while (len < n && plain_ascii(s[len]))
			len++;
	if (len == 0)
		return 0;
	r->k += len;
	r->base_at = r->k - 1;
	r->base = is_letter(s[len - 1]) ? s[len - 1] : 0;
	return len;
}

static void run_utf8(run *r, const char *text, size_t n)
{
	const unsigned char *s = (const unsigned char *)text;
	size_t i = 0;

	while (i < n) {
		uint32_t cp;
		int lossy;

		i += ascii_run(r, s + i, n - i);
		if (i >= n)
			break;
		if (s[i] < 0x80) { /* one of the special ASCII bytes */
			put(r, map_ascii(s[i], &lossy));
			if (lossy)
				note(&r->t, s[i]);
			r->base = 0;
			i++;
			continue;
		}
		i += txt_utf8_next(text + i, n - i, &cp);
		emit(r, cp);
	}
}

/*** Public functions ***/

txt_conv *txt_conv_new(void)
{
	txt_conv *c;

	/* Process-wide: glibc's //TRANSLIT takes its tables from LC_CTYPE,
	 * and the "C" locale has almost none. C.UTF-8 (built into glibc
	 * since 2.35) gives the same answers whatever the user's locale. */
	if (!setlocale(LC_CTYPE, "C.UTF-8"))
		setlocale(LC_CTYPE, "C.utf8");
	c = calloc(1, sizeof *c);
	if (!c)
		return NULL;
	c->cd = iconv_open("ASCII//TRANSLIT", "UTF-8");
	if (c->cd == (iconv_t)-1) {
		free(c);
		return NULL;
	}
	return c;
}

void txt_set_vgp2(txt_conv *c, int on)
{
	if (c->vgp2 == !!on)
		return;
	c->vgp2 = !!on;
	memset(c->cache, 0, sizeof c->cache); /* slots made for the other */
}

void txt_set_nbsp(txt_conv *c, int on)
{
	c->nbsp = !!on;
}

void txt_conv_free(txt_conv *c)
{
	if (!c)
		return;
	iconv_close(c->cd);
	free(c);
}

size_t txt_convert(txt_conv *c, const char *utf8, size_t n, uint32_t *out,
		   size_t cap)
{
	run r = {.c = c, .out = out, .cap = cap};

	assert(c && (utf8 || n == 0) && (out || cap == 0));
	run_utf8(&r, utf8, n);
	if (r.k <= cap)
		commit(&c->total, &r.t);
	return r.k;
}

size_t txt_replaced(const txt_conv *c, uint32_t examples[TXT_EXAMPLES],
		    size_t *nexamples)
{
	assert(c);
	if (examples)
		memcpy(examples, c->total.ex, c->total.nex * sizeof *examples);
	if (nexamples)
		*nexamples = c->total.nex;
	return c->total.count;
}

void txt_reset_counts(txt_conv *c)
{
	assert(c);
	memset(&c->total, 0, sizeof c->total);
}

size_t txt_width(txt_conv *c, const char *utf8, size_t n)
{
	run r = {.c = c};

	assert(c && (utf8 || n == 0));
	run_utf8(&r, utf8, n);
	return r.k;
}
