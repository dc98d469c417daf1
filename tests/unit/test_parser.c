/* Parser layer (videotex/parser.h): the events each sequence gives and
 * their fields, NUL inside sequences, bit 7 masked, split invariance.
 * Events are written as one line of text each ("US 5 25", "CSI H 12;20")
 * so that a failure shows the whole trace. Sections: videotex.md §3-§8. */
#include "check.h"

#include "videotex/parser.h"
#include "videotex/parser_internal.h"

#define TRACE_MAX 4096

typedef struct trace {
	char text[TRACE_MAX];
	size_t len;
	int logs;
} trace;

static void add(trace *t, const char *s)
{
	int n = snprintf(t->text + t->len, sizeof t->text - t->len, "%s%s",
			 t->len ? ", " : "", s);

	if (n > 0 && t->len + (size_t)n < sizeof t->text)
		t->len += (size_t)n;
}

static void hex(char *out, size_t size, const uint8_t *b, int n)
{
	size_t at = 0;

	out[0] = 0;
	for (int i = 0; i < n && at + 3 < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%s%02X",
				       i ? " " : "", b[i]);
}

static void csi_text(char *out, size_t size, const vtx_event *ev)
{
	size_t at = (size_t)snprintf(out, size, "CSI %c", ev->a);

	for (int i = 0; i < ev->nparams && at + 8 < size; i++)
		at += (size_t)snprintf(out + at, size - at, "%c%d",
				       i ? ';' : ' ', ev->params[i]);
}

static void on_event(const vtx_event *ev, void *user)
{
	char s[128], h[64];

	switch (ev->type) {
	case VTX_EV_CHAR: snprintf(s, sizeof s, "CHAR %02X", ev->a); break;
	case VTX_EV_G2:
		snprintf(s, sizeof s, "G2 %02X %02X", ev->a, ev->b);
		break;
	case VTX_EV_C0: snprintf(s, sizeof s, "C0 %02X", ev->a); break;
	case VTX_EV_REP: snprintf(s, sizeof s, "REP %d", ev->a); break;
	case VTX_EV_US:
		snprintf(s, sizeof s, "US %d %d", ev->a, ev->b);
		break;
	case VTX_EV_ATTR: snprintf(s, sizeof s, "ATTR %02X", ev->a); break;
	case VTX_EV_CSI: csi_text(s, sizeof s, ev); break;
	case VTX_EV_PRO:
		hex(h, sizeof h, ev->seq, ev->n);
		snprintf(s, sizeof s, "PRO %s", h);
		break;
	case VTX_EV_DESIGNATE:
		snprintf(s, sizeof s, "DESIGNATE %d %d", ev->a, ev->b);
		break;
	case VTX_EV_MASKING: snprintf(s, sizeof s, "MASKING %d", ev->a); break;
	case VTX_EV_DRCS_SET:
		snprintf(s, sizeof s, "DRCS_SET %d", ev->a);
		break;
	case VTX_EV_DRCS_GLYPH:
		hex(h, sizeof h, ev->data, ev->n);
		snprintf(s, sizeof s, "DRCS_GLYPH %02X [%s]", ev->a, h);
		break;
	case VTX_EV_CURSOR_QUERY: snprintf(s, sizeof s, "CURSOR_QUERY"); break;
	case VTX_EV_SEP: snprintf(s, sizeof s, "SEP %02X", ev->a); break;
	default: snprintf(s, sizeof s, "?%d", (int)ev->type); break;
	}
	add(user, s);
}

static void on_log(const char *msg, void *user)
{
	(void)msg;
	((trace *)user)->logs++;
}

/* The optional text callback: the same trace as CHAR events. */
static void on_text(const uint8_t *bytes, size_t len, void *user)
{
	char s[16];

	for (size_t i = 0; i < len; i++) {
		snprintf(s, sizeof s, "CHAR %02X", bytes[i] & 0x7F);
		add(user, s);
	}
}

static const vtx_parser_callbacks callbacks = {
	.event = on_event,
	.log = on_log,
};
static const vtx_parser_callbacks text_callbacks = {
	.event = on_event,
	.text = on_text,
	.log = on_log,
};

/* Parses "1B 39 7B" into out; returns the count. */
static size_t bytes_of(const char *s, uint8_t *out, size_t max)
{
	size_t n = 0;
	unsigned v;
	int used;

	while (n < max && sscanf(s, " %2x%n", &v, &used) == 1) {
		out[n++] = (uint8_t)v;
		s += used;
	}
	return n;
}

/* The events of `b` fed in pieces of `chunk` bytes (0: all at once),
 * with CHAR events or through the text callback. */
static void run_with(const vtx_parser_callbacks *cb, const uint8_t *b,
		     size_t n, size_t chunk, trace *t)
{
	vtx_parser *p = vtx_parser_new(cb, t);

	memset(t, 0, sizeof *t);
	if (!p)
		abort();
	if (chunk == 0)
		chunk = n ? n : 1;
	for (size_t i = 0; i < n; i += chunk)
		vtx_parser_feed(p, b + i, n - i < chunk ? n - i : chunk);
	vtx_parser_free(p);
}

static void run(const uint8_t *b, size_t n, size_t chunk, trace *t)
{
	run_with(&callbacks, b, n, chunk, t);
}

/* The trace of a hex stream, checked to be the same fed a byte at a
 * time and through the text callback. */
static const char *events(const char *hexs)
{
	static trace whole;
	trace other;
	uint8_t b[512];
	size_t n = bytes_of(hexs, b, sizeof b);

	run(b, n, 0, &whole);
	run(b, n, 1, &other);
	STR_EQ(other.text, whole.text, "%s fed a byte at a time", hexs);
	run_with(&text_callbacks, b, n, 0, &other);
	STR_EQ(other.text, whole.text, "%s through the text callback", hexs);
	return whole.text;
}

static int logs_of(const char *hexs)
{
	trace t;
	uint8_t b[512];

	run(b, bytes_of(hexs, b, sizeof b), 0, &t);
	return t.logs;
}

#define EV(hexs, want) STR_EQ(events(hexs), want, "events of %s", hexs)

static void test_chars_and_c0(void)
{
	char hexs[8], want[16];

	EV("41 42 20 7F", "CHAR 41, CHAR 42, CHAR 20, CHAR 7F");
	/* §3: C0 codes without their own event reach the screen layer */
	static const uint8_t c0[] = {0x01, 0x07, 0x08, 0x09, 0x0A, 0x0B,
				     0x0C, 0x0D, 0x0E, 0x0F, 0x10, 0x11,
				     0x14, 0x15, 0x17, 0x18, 0x1A, 0x1C,
				     0x1E};
	for (size_t i = 0; i < sizeof c0; i++) {
		snprintf(hexs, sizeof hexs, "%02X", c0[i]);
		snprintf(want, sizeof want, "C0 %02X", c0[i]);
		EV(hexs, want);
	}
	EV("00 00 41 00", "CHAR 41");  /* §3 NUL: ignored */
	EV("13 41", "SEP 41");          /* §3 SEP X */
	EV("13 0D", "C0 0D");           /* SEP cut by a C0: the C0 runs */
	EV("1D 41 42", "CHAR 42");      /* §3 SS3 X: ignored */
}

static void test_ss2(void)
{
	EV("19 23", "G2 23 00");                  /* §5 G2 symbol */
	EV("19 42 65", "G2 42 65");               /* diacritic + letter */
	EV("19 4B 63", "G2 4B 63");
	EV("16 23 16 43 61", "G2 23 00, G2 43 61"); /* §3 legacy 16 */
	EV("19 0D 41", "C0 0D, CHAR 41");         /* §3 SS2 + C0 */
	EV("16 0A", "C0 0A");
	/* A diacritic cut by a control code is reported alone: text mode
	 * drops it, mosaic mode (SS2 ignored) shows it as a mosaic. */
	EV("19 42 0D", "G2 42 00, C0 0D");
	EV("19 42 19 43 65", "G2 42 00, G2 43 65");
	EV("19 20", "G2 20 00");
	OK(logs_of("19 0D") > 0, "SS2 + C0 is logged");
}

static void test_rep(void)
{
	EV("41 12 43", "CHAR 41, REP 3");         /* §3 REP n - 0x40 */
	EV("12 40", "REP 0");
	EV("12 7F", "REP 63");
	EV("41 12 35 42", "CHAR 41, CHAR 42");    /* count out of range */
	OK(logs_of("12 35") > 0, "REP count out of range is logged");
	EV("41 12 0D", "CHAR 41, C0 0D");         /* a C0 count runs */
}

static void test_us(void)
{
	EV("1F 45 59", "US 5 25");                /* §3 examples */
	EV("1F 41 41", "US 1 1");
	EV("1F 40 41", "US 0 1");                 /* row 0 */
	EV("1F 58 68", "US 24 40");
	EV("1F 59 41 42", "CHAR 42");             /* row 25: ignored */
	EV("1F 45 40 42", "CHAR 42");             /* column 0 */
	EV("1F 45 69 42", "CHAR 42");             /* column 41 */
	EV("1F 31 32", "US 12 1");                /* legacy 1F 3X 3Y */
	EV("1F 30 35", "US 5 1");
	EV("1F 32 35 42", "CHAR 42");             /* legacy row 25 */
	EV("1F 45 0D", "C0 0D");                  /* cut by a C0 */
	OK(logs_of("1F 59 41") > 0, "US out of range is logged");
}

static void test_esc(void)
{
	char hexs[8], want[16];

	/* §4: every C1 byte but CSI is an attribute event */
	for (int b = 0x40; b <= 0x5F; b++) {
		if (b == 0x5B)
			continue;
		snprintf(hexs, sizeof hexs, "1B %02X", b);
		snprintf(want, sizeof want, "ATTR %02X", b);
		EV(hexs, want);
	}
	EV("1B 28 40", "DESIGNATE 0 0");          /* §8 standard G0 */
	EV("1B 28 20 42", "DESIGNATE 0 1");       /* G0 <- G'0 */
	EV("1B 29 63", "DESIGNATE 1 0");          /* standard G1 */
	EV("1B 29 20 43", "DESIGNATE 1 1");       /* G1 <- G'1 */
	EV("1B 23 20 58", "MASKING 1");           /* §4 global masking */
	EV("1B 23 20 5F", "MASKING 0");
	EV("1B 61", "CURSOR_QUERY");              /* §7 ESC a */
	EV("1B 7A 41", "CHAR 41");                /* unknown: swallowed */
	EV("1B 0D", "C0 0D");                     /* cut by a C0 */
	EV("1B 1B 41", "ATTR 41");                /* ESC restarts */
	OK(logs_of("1B 7A") > 0, "unknown ESC sequence is logged");
}

static void test_csi(void)
{
	EV("1B 5B 41", "CSI A");                  /* §3 no parameter */
	EV("1B 5B 32 41", "CSI A 2");
	EV("1B 5B 31 32 3B 32 30 48", "CSI H 12;20");
	EV("1B 5B 3B 35 48", "CSI H -1;5");       /* omitted: -1 */
	EV("1B 5B 32 4A", "CSI J 2");
	EV("1B 5B 34 68 1B 5B 34 6C", "CSI h 4, CSI l 4");
	EV("1B 5B 32 40", "CSI @ 2");
	EV("1B 5B 39 39 39 39 39 43", "CSI C 9999"); /* clamped */
	EV("1B 5B 3F 7A 41", "CHAR 41");          /* private: swallowed */
	EV("1B 5B 32 0D 41", "C0 0D, CHAR 41");   /* cut by a C0 */
}

static void test_pro(void)
{
	EV("1B 39 7B", "PRO 1B 39 7B");           /* §7 PRO1 */
	EV("1B 3A 69 43", "PRO 1B 3A 69 43");     /* PRO2 */
	EV("1B 3B 60 5A 51", "PRO 1B 3B 60 5A 51"); /* PRO3 */
	EV("1B 39 7B 41", "PRO 1B 39 7B, CHAR 41");
	EV("1B 3A 69 0D", "C0 0D");               /* cut by a C0 */
	/* PRO2 TRANSPARENCE n: the next n bytes are not interpreted */
	EV("1B 3A 66 21 1B 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 "
	   "41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 42",
	   "PRO 1B 3A 66 21, CHAR 42");
}

static void test_drcs(void)
{
	EV("1F 23 20 20 20 42 49", "DRCS_SET 0");  /* §8 select G'0 */
	EV("1F 23 20 20 20 43 49", "DRCS_SET 1");  /* select G'1 */
	EV("1F 23 41 30 7F 7F 30 60 30 1F 41 41",
	   "DRCS_GLYPH 41 [7F 7F], DRCS_GLYPH 42 [60], US 1 1");
	/* a glyph cut short by US is defined (zero-filled by the term) */
	EV("1F 23 41 30 7F 1F 41 41", "DRCS_GLYPH 41 [7F], US 1 1");
	EV("1F 23 41 30 40 40 40 40 40 40 40 40 40 40 40 40 40 70 30",
	   "DRCS_GLYPH 41 [40 40 40 40 40 40 40 40 40 40 40 40 40 70]");
	EV("1F 23 20 20 20 44 49 41", "CHAR 41");  /* unknown set */
	OK(logs_of("1F 23 20 20 20 44 49") > 0, "unknown DRCS set is logged");
}

static void test_transparency(void)
{
	/* §3 screen transparency: ESC % ... ESC % @ or ESC / ? */
	EV("1B 25 41 0C 1F 41 41 1B 25 40 42", "CHAR 42");
	EV("1B 25 41 1B 2F 3F 42", "CHAR 42");
	EV("1B 25 1B 41 1B 25 40 43", "CHAR 43");
}

/* Streams that touch every parser state, for the invariance tests. */
static const char *const streams[] = {
	"0C 1F 40 41 18 0A 1F 45 59 1B 42 41 12 43 19 42 65 12 41",
	"0E 1B 54 23 12 7F 0F 1B 5A 20 41 42 1B 59 20 13 41 1D 42",
	"1B 5B 31 32 3B 32 30 48 1B 5B 4B 1B 5B 34 68 43 1B 5B 34 6C",
	"1B 39 7B 1B 3A 69 43 1B 3B 60 5A 51 1B 61 1B 23 20 5F",
	"1F 23 20 20 20 42 49 1F 23 41 30 7F 7F 30 60 30 1F 41 41 "
	"1B 28 20 42 41 1B 28 40",
	"1B 25 41 42 1B 25 40 16 23 1F 31 32 19 0D 12 35 1B 7A",
	"1B 3A 66 22 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 "
	"41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 41 42",
};
#define NSTREAMS (sizeof streams / sizeof streams[0])

/* §3 NUL is ignored everywhere: a NUL at any position changes nothing.
 * Not in the last stream: PRO2 transparency (§7) passes its n bytes
 * uninterpreted, NULs included. */
static void test_nul_anywhere(void)
{
	uint8_t b[512], c[513];
	trace want, got;

	for (size_t s = 0; s + 1 < NSTREAMS; s++) {
		size_t n = bytes_of(streams[s], b, sizeof b);
		int bad = 0;

		run(b, n, 0, &want);
		for (size_t at = 0; at <= n; at++) {
			memcpy(c, b, at);
			c[at] = 0x00;
			memcpy(c + at + 1, b + at, n - at);
			run(c, n + 1, 0, &got);
			bad += strcmp(got.text, want.text) != 0;
		}
		INT_EQ(bad, 0, "stream %zu: NUL inserted anywhere", s);
	}
}

/* §1 a 7E1 line read as 8N1 sets bit 7: the parser masks it. */
static void test_bit7(void)
{
	uint8_t b[512];
	trace want, got;

	for (size_t s = 0; s < NSTREAMS; s++) {
		size_t n = bytes_of(streams[s], b, sizeof b);

		run(b, n, 0, &want);
		for (size_t i = 0; i < n; i++)
			b[i] |= 0x80;
		run(b, n, 0, &got);
		STR_EQ(got.text, want.text, "stream %zu with bit 7 set", s);
	}
}

/* Any split of a stream gives the same events: every chunk size, and
 * every cut in two. */
static void test_splits(void)
{
	uint8_t b[512];
	trace want, got;
	vtx_parser *p;

	for (size_t s = 0; s < NSTREAMS; s++) {
		size_t n = bytes_of(streams[s], b, sizeof b);
		int bad = 0;

		run(b, n, 0, &want);
		OK(want.len > 0, "stream %zu has events", s);
		for (size_t chunk = 1; chunk < n; chunk++) {
			run(b, n, chunk, &got);
			bad += strcmp(got.text, want.text) != 0;
		}
		for (size_t cut = 1; cut < n; cut++) {
			memset(&got, 0, sizeof got);
			p = vtx_parser_new(&callbacks, &got);
			if (!p)
				abort();
			vtx_parser_feed(p, b, cut);
			vtx_parser_feed(p, b + cut, n - cut);
			vtx_parser_free(p);
			bad += strcmp(got.text, want.text) != 0;
		}
		INT_EQ(bad, 0, "stream %zu: every split gives the same events",
		       s);
	}
}

static void test_offset_and_reset(void)
{
	trace t;
	vtx_parser *p;
	const uint8_t b[] = {0x41, 0x1F, 0x45};
	const uint8_t a = 0x41;

	memset(&t, 0, sizeof t);
	p = vtx_parser_new(&callbacks, &t);
	if (!p)
		abort();
	INT_EQ(vtx_parser_offset(p), 0, "offset at start");
	vtx_parser_feed(p, b, sizeof b);
	INT_EQ(vtx_parser_offset(p), 3, "offset counts every byte");
	vtx_parser_reset(p); /* drops the half-read US */
	vtx_parser_feed(p, &a, 1);
	STR_EQ(t.text, "CHAR 41, CHAR 41", "reset returns to ground state");
	vtx_parser_free(p);
	vtx_parser_free(NULL);
}

/* The parser gives exactly `want` for the bytes `hexs` when (and only
 * when) the predicate of parser_internal.h said `said`. */
static void agrees(const char *hexs, const char *want, int said)
{
	INT_EQ(strcmp(events(hexs), want) == 0, said, "%s -> %s", hexs, want);
}

/* The terminal reads the ground state itself with the predicates of
 * parser_internal.h: they must say what the parser does, byte by byte
 * (events() also feeds a byte at a time, through the full state machine). */
static void test_internal(void)
{
	char hexs[16], want[16];

	for (int b = 0; b < 0x20; b++) {
		snprintf(hexs, sizeof hexs, "%02X 41", b);
		snprintf(want, sizeof want, "C0 %02X, CHAR 41", b);
		agrees(hexs, want, vtx_parser__c0_event((uint8_t)b));
	}
	for (int c = 0; c < 0x80; c++) {
		snprintf(hexs, sizeof hexs, "1B %02X", c);
		snprintf(want, sizeof want, "ATTR %02X", c);
		agrees(hexs, want, vtx_parser__is_attr((uint8_t)c));
		snprintf(hexs, sizeof hexs, "12 %02X", c);
		snprintf(want, sizeof want, "REP %d", c - 0x40);
		agrees(hexs, want, vtx_parser__is_rep((uint8_t)c));
	}
	for (int r = 0x20; r < 0x80; r++) {
		for (int c = 0x20; c < 0x80; c++) {
			if (r == 0x23)
				continue; /* US #: DRCS download */
			snprintf(hexs, sizeof hexs, "1F %02X %02X", r, c);
			snprintf(want, sizeof want, "US %d %d", r - 0x40,
				 c - 0x40);
			agrees(hexs, want,
			       vtx_parser__is_us((uint8_t)r, (uint8_t)c));
		}
	}
	EV("41 42 43 0D", "CHAR 41, CHAR 42, CHAR 43, C0 0D");
	{
		static const uint8_t s[] = {0x41, 0xC2, 0x20, 0x7F, 0x0D, 0x41};

		INT_EQ(vtx_parser__text_run(s, sizeof s), 4, "text run");
		INT_EQ(vtx_parser__text_run(s, 2), 2, "text run, cut");
		INT_EQ(vtx_parser__text_run(s + 4, 2), 0, "no text run");
	}
}

int main(void)
{
	test_chars_and_c0();
	test_ss2();
	test_rep();
	test_us();
	test_esc();
	test_csi();
	test_pro();
	test_drcs();
	test_transparency();
	test_nul_anywhere();
	test_bit7();
	test_splits();
	test_offset_and_reset();
	test_internal();
	return check_done();
}
