/* core/text: Unicode to the Minitel alphabet, replacement counts, widths,
 * the UTF-8 decoder. Expected outputs are written as UTF-8 strings. */
#include "check.h"

#include "core/text.h"
#include "videotex/charset.h"

/* Display characters back to UTF-8, for STR_EQ. */
static const char *utf8_of(const uint32_t *v, size_t n)
{
	static char buf[4096];
	size_t k = 0;

	for (size_t i = 0; i < n && k + 5 < sizeof buf; i++) {
		uint32_t c = v[i];

		if (c < 0x80) {
			buf[k++] = (char)c;
		} else if (c < 0x800) {
			buf[k++] = (char)(0xC0 | c >> 6);
			buf[k++] = (char)(0x80 | (c & 0x3F));
		} else if (c < 0x10000) {
			buf[k++] = (char)(0xE0 | c >> 12);
			buf[k++] = (char)(0x80 | (c >> 6 & 0x3F));
			buf[k++] = (char)(0x80 | (c & 0x3F));
		} else {
			buf[k++] = (char)(0xF0 | c >> 18);
			buf[k++] = (char)(0x80 | (c >> 12 & 0x3F));
			buf[k++] = (char)(0x80 | (c >> 6 & 0x3F));
			buf[k++] = (char)(0x80 | (c & 0x3F));
		}
	}
	buf[k] = 0;
	return buf;
}

/* Converts `in` and checks the output and how many characters the
 * conversion counted as replaced. */
static void expect(txt_conv *c, const char *in, const char *want,
		   size_t counted)
{
	uint32_t out[256];
	size_t before = txt_replaced(c, NULL, NULL), n;

	n = txt_convert(c, in, strlen(in), out, 256);
	STR_EQ(utf8_of(out, n), want, "convert \"%s\"", in);
	INT_EQ(txt_replaced(c, NULL, NULL) - before, counted,
	       "replaced in \"%s\"", in);
}

static int all_encodable(const uint32_t *v, size_t n, size_t *bad)
{
	uint8_t b[3];

	for (size_t i = 0; i < n; i++) {
		if (vtx_charset_encode(v[i], b) == 0) {
			*bad = i;
			return 0;
		}
	}
	return 1;
}

static void test_listed(txt_conv *c)
{
	/* The characters the issue lists: G2 forms need no replacement. */
	expect(c, "œ Œ ß £ ° ± ¼ ½ ¾ ← ↑ → ↓ ÷ §",
	       "œ Œ ß £ ° ± ¼ ½ ¾ ← ↑ → ↓ ÷ §", 0);
	expect(c, "l’été", "l'été", 1);
	expect(c, "‘a’", "'a'", 2);
	expect(c, "“Oui”", "\"Oui\"", 2);
	expect(c, "«\u00A0oui\u00A0»", "\" oui \"", 2); /* NBSP: a space */
	expect(c, "a—b–c", "a-b-c", 2);
	expect(c, "Et…", "Et...", 1);
	expect(c, "5 €", "5 EUR", 1);
	expect(c, "x\u202Fy\u2003z", "x y z", 0); /* Unicode spaces */
}

static void test_vgp2(txt_conv *c)
{
	/* videotex.md §5: a VGP2 chip lacks § ß ä ö ü (G2 27, 7B; SS2 48
	 * with a, o, u); for it they are transliterated and counted. */
	txt_set_vgp2(c, 1);
	expect(c, "§ 3, Straße, Käse, Köln, Müller", "par. 3, Strasse, "
	       "Kase, Koln, Muller", 5);
	expect(c, "é è ê ë à ç £ ß", "é è ê ë à ç £ ss", 1);
	txt_set_vgp2(c, 0);
	expect(c, "§ Straße Käse", "§ Straße Käse", 0);
}

/* No-break spaces: a space cell by default; with txt_set_nbsp, each is
 * TXT_NBSP (U+00A0, which utf8_of writes back as such), never counted
 * as replaced, and a letter after one is not taken for its base. */
static void test_nbsp(txt_conv *c)
{
	expect(c, "a\u00A0b\u202Fc\u2007d", "a b c d", 0);
	txt_set_nbsp(c, 1);
	expect(c, "a\u00A0b\u202Fc\u2007d e",
	       "a\u00A0b\u00A0c\u00A0d e", 0);
	expect(c, "\u00A0\u00A0x", "\u00A0\u00A0x", 0);
	expect(c, "a\u00A0\u0301", "a\u00A0", 1); /* the accent is lost */
	txt_set_nbsp(c, 0);
	expect(c, "\u00A0x", " x", 0);
}

static void test_letters(txt_conv *c)
{
	/* Accented lower case: SS2 + diacritic + letter (videotex.md §5). */
	expect(c, "é è ê ë à â ç î ï ô û ù ä ö ü",
	       "é è ê ë à â ç î ï ô û ù ä ö ü", 0);
	/* No accented capitals: plain capitals, counted. */
	expect(c, "ÉÈÊËÀÂÇÎÏÔÛÙ", "EEEEAACIIOUU", 12);
	expect(c, "Ça", "Ca", 1);
	/* Latin-1 letters the Minitel lacks. */
	expect(c, "ñ á ø å", "n a o a", 4);
	expect(c, "Æsop æ", "AEsop ae", 2);
	/* Through iconv's transliteration. */
	expect(c, "Łódź", "Lodz", 3);
	expect(c, "™", "(TM)", 1);
	expect(c, "⇒", "=>", 1);
}

static void test_ascii(txt_conv *c)
{
	expect(c, "Hello, world! #1 $2 @3 [4] \\5 _6",
	       "Hello, world! #1 $2 @3 [4] \\5 _6", 0);
	/* G0 positions whose glyph is not ASCII (videotex.md §5). */
	expect(c, "a|b", "a│b", 0); /* the centre bar: same glyph */
	expect(c, "2^8", "2↑8", 1);
	expect(c, "{`x`}", "('x')", 4);
	expect(c, "~/", "▔/", 1);
	/* Controls become spaces, uncounted; the layout indents. */
	expect(c, "a\tb\nc\r\x01\x7F", "a b c   ", 0);
	expect(c,
	       "a\xC2\x85"
	       "b",
	       "a b", 0); /* C1 NEL */
}

static void test_unknown(txt_conv *c)
{
	uint32_t ex[TXT_EXAMPLES];
	size_t nex = 99;

	txt_reset_counts(c);
	INT_EQ(txt_replaced(c, ex, &nex), 0, "reset count");
	INT_EQ(nex, 0, "reset examples");
	expect(c, "ok 😀!", "ok ?!", 1);
	expect(c, "中文", "??", 2);
	expect(c, "😀😀", "??", 2);
	INT_EQ(txt_replaced(c, ex, &nex), 5, "count is per character");
	INT_EQ(nex, 3, "examples have no repeats");
	INT_EQ(ex[0], 0x1F600, "first example");
	INT_EQ(ex[1], 0x4E2D, "second example");
	INT_EQ(ex[2], 0x6587, "third example");
	/* An emoji's variation selector and skin tone show nothing more. */
	txt_reset_counts(c);
	expect(c, "👍🏽 ❤️", "? ?", 2);
	/* Invisible characters: dropped, uncounted. */
	expect(c, "a\u200Bb\u00ADc\uFEFFd\u200De", "abcde", 0);
}

static void test_examples_limit(txt_conv *c)
{
	uint32_t ex[TXT_EXAMPLES];
	size_t nex = 0;
	char in[64];
	size_t k = 0;

	txt_reset_counts(c);
	/* 12 distinct CJK characters U+4E00.. (3 bytes each). */
	for (uint32_t cp = 0x4E00; cp < 0x4E0C; cp++) {
		in[k++] = (char)(0xE0 | cp >> 12);
		in[k++] = (char)(0x80 | (cp >> 6 & 0x3F));
		in[k++] = (char)(0x80 | (cp & 0x3F));
	}
	in[k] = 0;
	expect(c, in, "????????????", 12);
	INT_EQ(txt_replaced(c, ex, &nex), 12, "twelve counted");
	INT_EQ(nex, TXT_EXAMPLES, "examples capped");
	for (size_t i = 0; i < nex; i++)
		INT_EQ(ex[i], 0x4E00 + i, "example %zu in order seen", i);
	/* A later call adds examples only while there is room. */
	expect(c, "😀", "?", 1);
	txt_replaced(c, ex, &nex);
	INT_EQ(nex, TXT_EXAMPLES, "still capped");
	INT_EQ(ex[TXT_EXAMPLES - 1], 0x4E07, "first ones kept");
	txt_reset_counts(c);
	expect(c, "É😀", "E?", 2);
	expect(c, "😀ñÉ", "?nE", 3);
	txt_replaced(c, ex, &nex);
	INT_EQ(nex, 3, "examples across calls, no repeats");
	INT_EQ(ex[0], 0xC9, "across calls 0");
	INT_EQ(ex[1], 0x1F600, "across calls 1");
	INT_EQ(ex[2], 0xF1, "across calls 2");
}

static void test_invalid(txt_conv *c)
{
	uint32_t ex[TXT_EXAMPLES];
	size_t nex = 0;

	txt_reset_counts(c);
	expect(c,
	       "a\xFF"
	       "b",
	       "a?b", 1);
	expect(c, "\xC3", "?", 1); /* truncated */
	expect(c,
	       "\xE2\x82"
	       "A",
	       "?A", 1);                          /* maximal subpart */
	expect(c, "\xC0\xAF", "??", 2);           /* overlong */
	expect(c, "\xED\xA0\x80", "???", 3);      /* surrogate */
	expect(c, "\xF0\x9F\x98", "?", 1);        /* truncated emoji */
	expect(c, "\xF4\x90\x80\x80", "????", 4); /* above U+10FFFF */
	expect(c, "\x80\xBF", "??", 2);           /* stray continuations */
	txt_replaced(c, ex, &nex);
	INT_EQ(nex, 1, "invalid bytes are one example");
	INT_EQ(ex[0], 0xFFFD, "as U+FFFD");
}

static void test_combining(txt_conv *c)
{
	uint32_t ex[TXT_EXAMPLES];
	size_t nex = 0;

	txt_reset_counts(c);
	expect(c, "e\u0301te\u0300", "étè", 0); /* decomposed (macOS) */
	expect(c, "c\u0327a", "ça", 0);
	expect(c, "E\u0301", "E", 1);
	expect(c, "n\u0303", "n", 1);
	expect(c, "x\u0301", "x", 1);       /* no such letter */
	expect(c, "e\u0301\u0301", "é", 1); /* the second accent is lost */
	expect(c, "\u0301a", "a", 1);
	txt_replaced(c, ex, &nex);
	INT_EQ(nex, 3, "combining examples");
	INT_EQ(ex[0], 0xC9, "a composed letter is its example");
	INT_EQ(ex[1], 0xF1, "ñ");
	INT_EQ(ex[2], 0x301, "a lost accent is its example");
}

static void test_width_and_cap(txt_conv *c)
{
	uint32_t out[8];
	const char *s = "abcdé…😀";
	size_t n;

	INT_EQ(txt_width(c, "", 0), 0, "empty");
	INT_EQ(txt_width(c, "é", strlen("é")), 1, "é is one cell, two bytes");
	INT_EQ(txt_width(c, "…", strlen("…")), 3, "… is three cells");
	INT_EQ(txt_width(c, "😀", strlen("😀")), 1, "an emoji is one ?");
	INT_EQ(txt_width(c, "e\u0301", 3), 1, "a composed accent");
	INT_EQ(txt_width(c, "a\u200Bb", 5), 2, "zero width");
	txt_reset_counts(c);
	INT_EQ(txt_width(c, s, strlen(s)), 9, "mixed");
	INT_EQ(txt_replaced(c, NULL, NULL), 0, "txt_width counts nothing");

	/* Too small a buffer: the full count comes back, only cap are
	 * written, nothing is counted; the second call counts. */
	for (size_t i = 0; i < 8; i++)
		out[i] = 0xABCD;
	n = txt_convert(c, s, strlen(s), out, 2);
	INT_EQ(n, 9, "count with a small buffer");
	OK(out[0] == 'a' && out[1] == 'b', "the first two written");
	INT_EQ(out[2], 0xABCD, "nothing past cap");
	INT_EQ(txt_replaced(c, NULL, NULL), 0, "not counted when cut");
	INT_EQ(txt_convert(c, s, strlen(s), NULL, 0), 9, "cap 0, NULL out");
	{
		uint32_t big[16];

		n = txt_convert(c, s, strlen(s), big, 16);
		STR_EQ(utf8_of(big, n), "abcdé...?", "second call");
		INT_EQ(txt_replaced(c, NULL, NULL), 2, "counted once");
	}
	/* Cut in the middle of a multi-cell replacement. */
	n = txt_convert(c, "x…", 4, out, 2);
	INT_EQ(n, 4, "… cut: count");
	OK(out[0] == 'x' && out[1] == '.', "… cut: written part");
}

/* Runs of plain ASCII go eight bytes at a time while all eight are
 * plain: every ASCII byte, at every place in and around those words of
 * eight, gives what it gives alone, with the buffer cut anywhere. */
static void test_ascii_words(txt_conv *c)
{
	int bad = 0;

	for (int b = 1; b < 0x80 && !bad; b++) {
		char one = (char)b;
		uint32_t alone = 0;

		txt_convert(c, &one, 1, &alone, 1);
		for (int p = 0; p < 20 && !bad; p++) {
			char s[24];

			memset(s, 'a', sizeof s);
			s[p] = one;
			for (size_t cap = 0; cap <= sizeof s && !bad; cap++) {
				uint32_t out[24];
				size_t n;

				for (size_t i = 0; i < 24; i++)
					out[i] = 0xABCD;
				n = txt_convert(c, s, sizeof s, out, cap);
				bad = n != sizeof s;
				for (size_t i = 0; i < 24 && !bad; i++)
					bad = out[i] != (i >= cap ? 0xABCDu
						: i == (size_t)p ? alone : 'a');
				if (bad)
					printf("byte 0x%02x at %d, cap %zu\n", b,
					       p, cap);
			}
		}
	}
	OK(!bad, "each ASCII byte anywhere in a run, any cap");
	txt_reset_counts(c);
}

/* A 2 MB note of mixed text: converted whole, every output character
 * encodable, the same as converting it line by line. */
static void test_big(txt_conv *c)
{
	static const char *const pieces[] = {
		"Le Minitel était un terminal ",
		"français très répandu. ",
		"Ça coûte 3 € — « pas cher » ! ",
		"plain ASCII text here, ",
		"code: if (a | b) { x^2 } ",
		"Ωmega ≈ 3.14159… ",
		"emoji 😀 and 中文. ",
		"l’œuvre d’Œdipe, ½ tasse, 20 °C\n",
	};
	size_t cap = 2u << 20, len = 0, n, k = 0, bad = 0, parts = 0;
	char *s = malloc(cap);
	uint32_t *out = malloc(cap * sizeof *out);
	uint32_t *part = malloc(cap * sizeof *part);
	size_t i = 0;

	if (!OK(s && out && part, "allocations")) {
		free(s);
		free(out);
		free(part);
		return;
	}
	while (len + 64 < cap) {
		const char *p = pieces[i++ % 8];
		size_t pl = strlen(p);

		memcpy(s + len, p, pl + 1); /* s stays a string */
		len += pl;
	}
	txt_reset_counts(c);
	n = txt_convert(c, s, len, out, cap);
	OK(n > len / 2 && n <= cap, "converted (%zu cells)", n);
	OK(all_encodable(out, n, &bad), "all encodable (first bad at %zu)",
	   bad);
	for (size_t at = 0; at < len;) {
		const char *nl = memchr(s + at, '\n', len - at);
		size_t end = nl ? (size_t)(nl - s) + 1 : len;

		k += txt_convert(c, s + at, end - at, part + k, cap - k);
		at = end;
		parts++;
	}
	INT_EQ(k, n, "piecewise count (%zu pieces)", parts);
	OK(memcmp(part, out, n * sizeof *out) == 0, "piecewise output");
	free(s);
	free(out);
	free(part);
}

/* A random code point from ranges that matter. */
static uint32_t random_cp(uint64_t *st)
{
	static const uint32_t ranges[][2] = {
		{0x00, 0x7F},       {0x80, 0xFF},        {0x100, 0x24F},
		{0x300, 0x36F},     {0x370, 0x4FF},      {0x2000, 0x206F},
		{0x2070, 0x2BFF},   {0x3000, 0x9FFF},    {0xE000, 0xFFFD},
		{0x1F300, 0x1FAFF}, {0x10000, 0x10FFFF},
	};
	size_t r = (size_t)check_rand_below(st, 11);
	uint32_t cp;

	do {
		cp = ranges[r][0] +
		     (uint32_t)check_rand_below(st, ranges[r][1] -
							    ranges[r][0] + 1);
	} while (cp >= 0xD800 && cp <= 0xDFFF);
	return cp;
}

static size_t put_utf8(char *p, uint32_t c)
{
	if (c < 0x80) {
		p[0] = (char)c;
		return 1;
	}
	if (c < 0x800) {
		p[0] = (char)(0xC0 | c >> 6);
		p[1] = (char)(0x80 | (c & 0x3F));
		return 2;
	}
	if (c < 0x10000) {
		p[0] = (char)(0xE0 | c >> 12);
		p[1] = (char)(0x80 | (c >> 6 & 0x3F));
		p[2] = (char)(0x80 | (c & 0x3F));
		return 3;
	}
	p[0] = (char)(0xF0 | c >> 18);
	p[1] = (char)(0x80 | (c >> 12 & 0x3F));
	p[2] = (char)(0x80 | (c >> 6 & 0x3F));
	p[3] = (char)(0x80 | (c & 0x3F));
	return 4;
}

/* Property: whatever the input, every output character is one that
 * vtx_charset_encode accepts, and txt_width agrees with txt_convert. */
static void test_property(txt_conv *c)
{
	uint64_t st = check_seed();
	char in[4096];
	uint32_t out[4096 * 4];
	int failures = 0;

	for (int round = 0; round < 300 && failures < 5; round++) {
		size_t len = 0, n, bad = 0;
		int ok;

		while (len + 4 < sizeof in) {
			if (check_rand_below(&st, 20) == 0) /* a stray byte */
				in[len++] = (char)check_rand(&st);
			else
				len += put_utf8(in + len, random_cp(&st));
			if (check_rand_below(&st, 300) == 0)
				break;
		}
		n = txt_convert(c, in, len, out, sizeof out / sizeof *out);
		ok = OK(n <= sizeof out / sizeof *out, "round %d fits",
			round) &&
		     OK(all_encodable(out, n, &bad),
			"round %d: U+%04X at %zu not encodable", round,
			(unsigned)out[bad], bad);
		ok &= INT_EQ(txt_width(c, in, len), n, "round %d width", round);
		failures += !ok;
	}
}

static void test_utf8(void)
{
	uint32_t cp = 0;
	size_t len = 0;
	char *u;

	INT_EQ(txt_utf8_next("\xE2\x82\xAC", 3, &cp), 3, "€ length");
	INT_EQ(cp, 0x20AC, "€");
	INT_EQ(txt_utf8_next("\xF0\x9F\x98\x80", 4, &cp), 4, "😀 length");
	INT_EQ(cp, 0x1F600, "😀");
	INT_EQ(txt_utf8_next("\xF0\x9F\x98\x80", 2, &cp), 2, "cut short");
	INT_EQ(cp, 0xFFFD, "cut short is U+FFFD");
	INT_EQ(txt_utf8_next("\xE0\x80\x80", 3, &cp), 1, "overlong E0");
	OK(txt_utf8_valid("abc é €", strlen("abc é €")), "valid");
	OK(txt_utf8_valid("\xEF\xBF\xBD", 3), "U+FFFD itself is valid");
	OK(!txt_utf8_valid("caf\xE9", 4), "Latin-1 is not UTF-8");
	OK(!txt_utf8_valid("\xF0\x9F\x98", 3), "truncated");
	u = txt_latin1_to_utf8("caf\xE9 \xA3"
			       "5",
			       7, &len);
	if (OK(u != NULL, "latin1 allocated")) {
		STR_EQ(u, "café £5", "latin1 to utf8");
		INT_EQ(len, strlen("café £5"), "latin1 length");
	}
	free(u);
}

int main(void)
{
	txt_conv *c = txt_conv_new();

	if (!OK(c != NULL, "txt_conv_new"))
		return check_done();
	test_listed(c);
	test_vgp2(c);
	test_nbsp(c);
	test_letters(c);
	test_ascii(c);
	test_unknown(c);
	test_examples_limit(c);
	test_invalid(c);
	test_combining(c);
	test_width_and_cap(c);
	test_ascii_words(c);
	test_big(c);
	test_property(c);
	test_utf8();
	txt_conv_free(c);
	txt_conv_free(NULL);
	return check_done();
}
