/* The emulated Minitel's port side (videotex/minitel.h): every answer to
 * a host's request, byte by byte, with the rule of videotex.md it follows;
 * port speeds accepted or refused by model (and the order: the port
 * switches before the acknowledgement); the local echo, cut and restored
 * both ways (STUM's keyboard -> modem, MiEdit's keyboard -> screen); the
 * keyboard's case in standard and lower-case modes; the model table; and
 * split invariance: any split of the host's bytes gives the same answers
 * and the same screen. */
#include "check.h"

#include <errno.h>

#include "videotex/buf.h"
#include "videotex/minitel.h"

#define ESC 0x1B
#define SEP 0x13
#define SS2 0x19

typedef struct rig {
	vtx_screen screen;
	vtx_minitel *m;
	vtx_buf out;          /* every byte sent to the host */
	int speeds[8];        /* each speed switch ... */
	size_t speed_at[8];   /* ... and out.len when it came */
	size_t nspeeds;
	int bells;
} rig;

static void on_send(const uint8_t *bytes, size_t n, void *user)
{
	rig *r = user;

	vtx_buf_put(&r->out, bytes, n);
}

static void on_speed(int baud, void *user)
{
	rig *r = user;

	if (r->nspeeds < 8) {
		r->speeds[r->nspeeds] = baud;
		r->speed_at[r->nspeeds++] = r->out.len;
	}
}

static void on_bell(void *user)
{
	((rig *)user)->bells++;
}

static void rig_open(rig *r, const char *model)
{
	static const vtx_minitel_callbacks cb = {on_send, on_speed, on_bell,
						 NULL};

	memset(r, 0, sizeof *r);
	vtx_screen_init(&r->screen);
	r->m = vtx_minitel_new(&r->screen, vtx_minitel_id_find(model), &cb, r);
	if (!r->m)
		abort();
}

static void rig_close(rig *r)
{
	vtx_minitel_free(r->m);
	vtx_buf_free(&r->out);
}

/* Feeds `in` (n bytes) from the host; checks that exactly `want` (nw
 * bytes) came back. */
static void exchange(rig *r, const uint8_t *in, size_t n, const uint8_t *want,
		     size_t nw, const char *rule)
{
	size_t before = r->out.len;

	vtx_minitel_feed(r->m, in, n);
	if (INT_EQ(r->out.len - before, nw, "%s: answer length", rule))
		MEM_EQ(r->out.data + before, want, nw, "%s: answer", rule);
}

#define ASK(r, in, want, rule) \
	exchange((r), (in), sizeof(in), (want), sizeof(want), (rule))
#define SILENT(r, in, rule) exchange((r), (in), sizeof(in), NULL, 0, (rule))

/*** Identification and status ***/

static void test_enqrom(void)
{
	static const uint8_t q[] = {ESC, 0x39, 0x7B};
	static const uint8_t cu5[] = {0x01, 'C', 'u', '5', 0x04};
	static const uint8_t cv4[] = {0x01, 'C', 'v', '4', 0x04};
	static const uint8_t bb2[] = {0x01, 'B', 'b', '2', 0x04};
	rig r;

	rig_open(&r, NULL);
	ASK(&r, q, cu5, "§7 ENQROM 1B 39 7B -> 01 M T V 04 (default 1b: Cu5)");
	rig_close(&r);
	rig_open(&r, "1b");
	ASK(&r, q, cu5, "§7 ENQROM, --model 1b");
	rig_close(&r);
	rig_open(&r, "2");
	ASK(&r, q, cv4, "§7 ENQROM, --model 2 (type v)");
	rig_close(&r);
	rig_open(&r, "1");
	ASK(&r, q, bb2, "§7 ENQROM, --model 1 (type b)");
	rig_close(&r);
	OK(vtx_minitel_id_find("3") == NULL, "no model \"3\"");
}

static void test_status(void)
{
	static const uint8_t terminal[] = {ESC, 0x39, 0x70};
	static const uint8_t terminal_a[] = {ESC, 0x3A, 0x71, 0x42};
	static const uint8_t modes[] = {ESC, 0x39, 0x72};
	static const uint8_t modes_a[] = {ESC, 0x3A, 0x73, 0x40};
	static const uint8_t speed[] = {ESC, 0x39, 0x74};
	static const uint8_t speed_a[] = {ESC, 0x3A, 0x75, 0x64};
	static const uint8_t proto[] = {ESC, 0x39, 0x76};
	static const uint8_t proto_a[] = {ESC, 0x3A, 0x77, 0x40};
	static const uint8_t kbd[] = {ESC, 0x3A, 0x72, 0x59};
	static const uint8_t kbd_a[] = {ESC, 0x3B, 0x73, 0x59, 0x40};
	static const uint8_t connect[] = {ESC, 0x39, 0x68};
	static const uint8_t unknown3[] = {ESC, 0x3B, 0x6F, 0x59, 0x41};
	rig r;

	rig_open(&r, NULL);
	ASK(&r, terminal, terminal_a, "§7 STATUS TERMINAL 1B 39 70 -> 1B 3A "
	    "71 s, s = 40 + VM(1200 rx)·2: no PT, no carrier, not reversed");
	ASK(&r, modes, modes_a, "§7 operating status 1B 39 72 -> 1B 3A 73 40 "
	    "at power-on (capitals, page mode, 40 columns)");
	ASK(&r, speed, speed_a, "§1 STATUS VITESSE 1B 39 74 -> 1B 3A 75 64 "
	    "(1200 baud both ways at power-on)");
	ASK(&r, proto, proto_a, "§7 protocol status 1B 39 76 -> 1B 3A 77 40");
	ASK(&r, kbd, kbd_a, "§7 keyboard status 1B 3A 72 59 -> 1B 3B 73 59 40 "
	    "(standard keyboard)");
	SILENT(&r, connect, "§7 connect 1B 39 68: no modem, no reply");
	SILENT(&r, unknown3, "§7 undefined PRO3: swallowed, no reply");
	OK(r.screen.cells[1][0].ch == ' ', "§7 protocol is never displayed");
	rig_close(&r);
}

static void test_cursor(void)
{
	static const uint8_t q[] = {ESC, 0x61};
	static const uint8_t home[] = {0x1F, 0x41, 0x41};
	static const uint8_t moved[] = {0x1F, 0x45, 0x59, 'A', 'B', ESC, 0x61};
	static const uint8_t moved_a[] = {0x1F, 0x45, 0x5B};
	rig r;

	rig_open(&r, NULL);
	ASK(&r, q, home, "§7 cursor position ESC 61 -> 1F 41 41 at power-on");
	ASK(&r, moved, moved_a, "§7 ESC 61 after US 45 59 and two letters: "
	    "row 5, column 27");
	rig_close(&r);
}

/*** Modes ***/

static void test_modes(void)
{
	static const uint8_t lower_on[] = {ESC, 0x3A, 0x69, 0x45};
	static const uint8_t lower_on_a[] = {ESC, 0x3A, 0x73, 0x48};
	static const uint8_t roll_on[] = {ESC, 0x3A, 0x69, 0x43};
	static const uint8_t roll_on_a[] = {ESC, 0x3A, 0x73, 0x4A};
	static const uint8_t roll_off[] = {ESC, 0x3A, 0x6A, 0x43};
	static const uint8_t roll_off_a[] = {ESC, 0x3A, 0x73, 0x48};
	static const uint8_t lower_off[] = {ESC, 0x3A, 0x6A, 0x45};
	static const uint8_t lower_off_a[] = {ESC, 0x3A, 0x73, 0x40};
	static const uint8_t ec_on[] = {ESC, 0x3A, 0x69, 0x44};
	static const uint8_t ec_on_a[] = {ESC, 0x3A, 0x73, 0x40};
	static const uint8_t ext_on[] = {ESC, 0x3B, 0x69, 0x59, 0x41};
	static const uint8_t ext_on_a[] = {ESC, 0x3B, 0x73, 0x59, 0x41};
	static const uint8_t c0_on[] = {ESC, 0x3B, 0x69, 0x59, 0x43};
	static const uint8_t c0_on_a[] = {ESC, 0x3B, 0x73, 0x59, 0x45};
	static const uint8_t ext_off[] = {ESC, 0x3B, 0x6A, 0x59, 0x41};
	static const uint8_t ext_off_a[] = {ESC, 0x3B, 0x73, 0x59, 0x44};
	static const uint8_t reset[] = {ESC, 0x39, 0x7F};
	static const uint8_t reset_a[] = {SEP, 0x5E};
	static const uint8_t modes[] = {ESC, 0x39, 0x72};
	static const uint8_t modes_a[] = {ESC, 0x3A, 0x73, 0x40};
	static const uint8_t kbd[] = {ESC, 0x3A, 0x72, 0x59};
	static const uint8_t kbd_a[] = {ESC, 0x3B, 0x73, 0x59, 0x40};
	static const uint8_t speed[] = {ESC, 0x3A, 0x6B, 0x76};
	static const uint8_t speed_a[] = {ESC, 0x3A, 0x75, 0x76};
	static const uint8_t status[] = {ESC, 0x39, 0x74};
	vtx_term_state st;
	rig r;

	rig_open(&r, NULL);
	ASK(&r, lower_on, lower_on_a, "§7 START 45 lower case -> ack 1B 3A 73 "
	    "48 (ME·8)");
	OK(vtx_minitel_lower_case(r.m), "lower case on");
	ASK(&r, roll_on, roll_on_a, "§7 START 43 roll -> ack 1B 3A 73 4A "
	    "(ME·8 + RL·2)");
	vtx_term_get_state(vtx_minitel_term(r.m), &st);
	OK(st.roll, "the terminal scrolls in roll mode (STUM §2-6-11)");
	ASK(&r, roll_off, roll_off_a, "§7 STOP 43 -> page mode, ack 48");
	vtx_term_get_state(vtx_minitel_term(r.m), &st);
	OK(!st.roll, "page mode again");
	ASK(&r, lower_off, lower_off_a, "§7 STOP 45 -> capitals, ack 40");
	ASK(&r, ec_on, ec_on_a, "§7 START 44 error correction: network "
	    "procedure, acknowledged never on (PC·4 clear)");
	ASK(&r, ext_on, ext_on_a, "§6-§7 PRO3 START 59 41 extended keyboard "
	    "-> 1B 3B 73 59 41 (ETEN)");
	ASK(&r, c0_on, c0_on_a, "§6-§7 PRO3 START 59 43 C0 cursor keys -> "
	    "1B 3B 73 59 45 (C0·4 + ETEN)");
	ASK(&r, ext_off, ext_off_a, "§7 PRO3 STOP 59 41 -> 1B 3B 73 59 44");
	/* Reset: modes and keyboard back to standard, speed kept. */
	ASK(&r, lower_on, lower_on_a, "lower case again");
	ASK(&r, roll_on, roll_on_a, "roll again");
	ASK(&r, speed, speed_a, "4800 before the reset");
	ASK(&r, reset, reset_a, "§7 reset 1B 39 7F -> 13 5E (STUM §2-6-16)");
	ASK(&r, modes, modes_a, "§7 after reset: capitals, page mode");
	ASK(&r, kbd, kbd_a, "§7 after reset: standard keyboard");
	ASK(&r, status, speed_a, "§7 after reset: port speed unchanged (4800)");
	rig_close(&r);
}

/*** Speed ***/

/* PRO2 PROG s on model `model`: the answer wanted, and the speed after. */
static void prog(const char *model, uint8_t s, int accepted, int after)
{
	const uint8_t q[] = {ESC, 0x3A, 0x6B, s};
	uint8_t want[] = {ESC, 0x3A, 0x75, s};
	rig r;

	rig_open(&r, model);
	if (!accepted)
		want[3] = 0x64; /* the old value: 1200 */
	exchange(&r, q, sizeof q, want, sizeof want,
		 accepted ? "§1 PROG accepted: ack 1B 3A 75 s"
			  : "§1 PROG refused: ack with the old value");
	INT_EQ(vtx_minitel_speed(r.m), after, "model %s, PROG %02X: speed",
	       model, s);
	if (accepted) {
		INT_EQ(r.nspeeds, 1, "model %s, PROG %02X: one switch", model,
		       s);
		INT_EQ(r.speeds[0], after, "model %s, PROG %02X: to", model, s);
		INT_EQ(r.speed_at[0], 0, "model %s, PROG %02X: the port "
		       "switches before the ack (sent at the new speed)",
		       model, s);
	} else {
		INT_EQ(r.nspeeds, 0, "model %s, PROG %02X: no switch (ack at "
		       "the old speed)", model, s);
	}
	rig_close(&r);
}

static void test_speed(void)
{
	static const uint8_t to300[] = {ESC, 0x3A, 0x6B, 0x52};
	static const uint8_t to300_a[] = {ESC, 0x3A, 0x75, 0x52};
	static const uint8_t to1200[] = {ESC, 0x3A, 0x6B, 0x64};
	static const uint8_t to1200_a[] = {ESC, 0x3A, 0x75, 0x64};
	rig r;

	prog("1b", 0x76, 1, 4800);
	prog("1b", 0x52, 1, 300);
	prog("1b", 0x7F, 0, 1200); /* 9600: not on a 1B */
	prog("2", 0x7F, 1, 9600);
	prog("2", 0x76, 1, 4800);
	prog("1", 0x76, 0, 1200); /* a Minitel 1: 1200 only */
	prog("1", 0x52, 0, 1200);
	prog("1b", 0x4C, 0, 1200); /* 75 out, 1200 in: not symmetric */
	prog("1b", 0x5B, 0, 1200); /* codes 011: no speed */
	rig_open(&r, "1b");
	ASK(&r, to300, to300_a, "§1 PROG 52: 300 baud");
	ASK(&r, to1200, to1200_a, "§1 PROG 64: back to 1200");
	INT_EQ(r.nspeeds, 2, "two switches");
	INT_EQ(vtx_minitel_set_speed(r.m, 9600), -EINVAL,
	       "Fnct P 9: not on a 1B");
	INT_EQ(vtx_minitel_set_speed(r.m, 4800), 0, "Fnct P 4");
	INT_EQ(vtx_minitel_speed(r.m), 4800, "Fnct P 4: 4800");
	rig_close(&r);
}

/*** Routing and echo ***/

static void test_routing(void)
{
	static const uint8_t screen[] = {ESC, 0x3A, 0x62, 0x58};
	static const uint8_t screen_a[] = {ESC, 0x3B, 0x63, 0x58, 0x4F};
	static const uint8_t kbd_emit[] = {ESC, 0x3A, 0x62, 0x51};
	static const uint8_t kbd_emit_a[] = {ESC, 0x3B, 0x63, 0x51, 0x4F};
	static const uint8_t stum_off[] = {ESC, 0x3B, 0x60, 0x5A, 0x51};
	static const uint8_t stum_off_a[] = {ESC, 0x3B, 0x63, 0x5A, 0x44};
	static const uint8_t stum_on[] = {ESC, 0x3B, 0x61, 0x5A, 0x51};
	static const uint8_t stum_on_a[] = {ESC, 0x3B, 0x63, 0x5A, 0x46};
	static const uint8_t miedit_off[] = {ESC, 0x3B, 0x60, 0x58, 0x51};
	static const uint8_t miedit_off_a[] = {ESC, 0x3B, 0x63, 0x58, 0x4D};
	static const uint8_t miedit_on[] = {ESC, 0x3B, 0x61, 0x58, 0x51};
	static const uint8_t miedit_on_a[] = {ESC, 0x3B, 0x63, 0x58, 0x4F};
	static const uint8_t bad[] = {ESC, 0x3B, 0x61, 0x59, 0x52};
	static const uint8_t port_off[] = {ESC, 0x3B, 0x60, 0x5B, 0x51};
	static const uint8_t port_off_a[] = {ESC, 0x3B, 0x63, 0x5B, 0x48};
	static const uint8_t block[] = {ESC, 0x3B, 0x60, 0x59, 0x51};
	static const uint8_t block_a[] = {ESC, 0x3B, 0x63, 0x59, 0x40};
	static const uint8_t a = 'a';
	rig r;

	rig_open(&r, NULL);
	OK(vtx_minitel_echo(r.m), "§7 local state at power-on: echo on");
	ASK(&r, screen, screen_a, "§7 routing status 1B 3A 62 58 -> 1B 3B 63 "
	    "58 4F: the screen gets port, modem, keyboard");
	ASK(&r, kbd_emit, kbd_emit_a, "§7 routing status of emitter 51: "
	    "the keyboard feeds port, modem, screen");
	ASK(&r, stum_off, stum_off_a, "§7 1B 3B 60 5A 51 (STUM echo off: cut "
	    "keyboard -> modem) -> 1B 3B 63 5A 44");
	OK(!vtx_minitel_echo(r.m), "STUM echo off");
	ASK(&r, stum_on, stum_on_a, "§7 1B 3B 61 5A 51 -> 1B 3B 63 5A 46");
	OK(vtx_minitel_echo(r.m), "STUM echo on again");
	ASK(&r, miedit_off, miedit_off_a, "§7 1B 3B 60 58 51 (MiEdit echo "
	    "off: cut keyboard -> screen) -> 1B 3B 63 58 4D");
	OK(!vtx_minitel_echo(r.m), "MiEdit echo off");
	ASK(&r, stum_off, stum_off_a, "both cuts");
	ASK(&r, miedit_on, miedit_on_a, "§7 1B 3B 61 58 51 -> 1B 3B 63 58 4F");
	OK(!vtx_minitel_echo(r.m), "MiEdit's 61 leaves STUM's cut in force");
	ASK(&r, stum_on, stum_on_a, "STUM's 61");
	OK(vtx_minitel_echo(r.m), "echo on when neither cut is in force");
	SILENT(&r, bad, "§7 keyboard <- modem is no allowed link: no reply");
	ASK(&r, port_off, port_off_a, "§7 cut keyboard -> port -> 1B 3B 63 5B "
	    "48 (nothing feeds the port now)");
	r.out.len = 0;
	vtx_minitel_key(r.m, &a, 1);
	INT_EQ(r.out.len, 0, "keyboard -> port cut: the key is not sent");
	OK(r.screen.cells[1][0].ch == 'A', "... but it is echoed");
	ASK(&r, block, block_a, "§7 R = E: block the keyboard -> 1B 3B 63 59 "
	    "40 (its own bit clear)");
	OK(!vtx_minitel_echo(r.m), "a blocked keyboard echoes nothing");
	rig_close(&r);
}

/*** Keyboard ***/

/* Types `keys` (n bytes) and checks what went to the host. */
static void typed(rig *r, const uint8_t *keys, size_t n, const uint8_t *want,
		  size_t nw, const char *name)
{
	size_t before = r->out.len;

	vtx_minitel_key(r->m, keys, n);
	if (INT_EQ(r->out.len - before, nw, "%s: bytes sent", name))
		MEM_EQ(r->out.data + before, want, nw, "%s", name);
}

#define TYPED(r, keys, want, name) \
	typed((r), (keys), sizeof(keys), (want), sizeof(want), (name))

static void test_keyboard(void)
{
	static const uint8_t text[] = {'a', 'B', '1', ' ', 'z'};
	static const uint8_t text_std[] = {'A', 'b', '1', ' ', 'Z'};
	static const uint8_t keys[] = {SEP, 0x41, SEP, 0x48, SS2, 0x42, 'e',
				       SS2, 0x42, 'E', SS2, 0x23, ESC, 0x5B,
				       0x41, ESC, 0x4F, 0x4D, 'q'};
	static const uint8_t keys_std[] = {SEP, 0x41, SEP, 0x48, SS2, 0x42,
					   'e', SS2, 0x42, 'E', SS2, 0x23, ESC,
					   0x5B, 0x41, ESC, 0x4F, 0x4D, 'Q'};
	static const uint8_t accents[] = {SS2, 0x41, SS2, 0x43, 'a', SS2, 0x42,
					  SEP, 0x41, 'x'};
	static const uint8_t accents_std[] = {SS2, 0x41, SS2, 0x43, 'a', SS2,
					      0x42, SEP, 0x41, 'X'};
	static const uint8_t lower_on[] = {ESC, 0x3A, 0x69, 0x45};
	static const uint8_t echo_off[] = {ESC, 0x3B, 0x60, 0x5A, 0x51};
	rig r, s;

	rig_open(&r, NULL);
	TYPED(&r, text, text_std, "§6 standard keyboard: the key alone "
	      "sends a capital, shift the small letter");
	OK(r.screen.cells[1][0].ch == 'A' && r.screen.cells[1][1].ch == 'b',
	   "§7 local echo: the screen shows what was sent");
	TYPED(&r, keys, keys_std, "SEP keys, SS2 + accent + letter (é stays "
	      "é), SS2 codes, CSI and ESC O sequences pass unchanged");
	TYPED(&r, accents, accents_std, "§5 an accent after an accent, a "
	      "function key after an accent");
	rig_close(&r);

	/* The same keys one byte at a time. */
	rig_open(&s, NULL);
	for (size_t i = 0; i < sizeof keys; i++)
		vtx_minitel_key(s.m, keys + i, 1);
	if (INT_EQ(s.out.len, sizeof keys_std, "keys one byte at a time"))
		MEM_EQ(s.out.data, keys_std, sizeof keys_std,
		       "keys one byte at a time");
	rig_close(&s);

	rig_open(&r, NULL);
	vtx_minitel_feed(r.m, lower_on, sizeof lower_on);
	r.out.len = 0;
	TYPED(&r, text, text, "§6 lower-case mode (1B 3A 69 45): as typed");
	vtx_minitel_feed(r.m, echo_off, sizeof echo_off);
	vtx_screen_init(&s.screen); /* a blank screen to compare with */
	vtx_minitel_feed(r.m, (const uint8_t *)"\x0c", 1);
	r.out.len = 0;
	TYPED(&r, text, text, "echo off: still sent to the port");
	OK(vtx_screen_equal(&r.screen, &s.screen), "echo off: the screen "
	   "does not change");
	rig_close(&r);
}

/*** The model table ***/

static void test_models(void)
{
	const vtx_minitel_model *m = vtx_minitel_model_of('u');

	if (OK(m != NULL, "type u known")) {
		STR_EQ(m->name, "Minitel 1B", "type u");
		INT_EQ(m->max_speed, 4800, "1B: up to 4800");
		OK(vtx_minitel_model_has_speed(m, 300) &&
		   vtx_minitel_model_has_speed(m, 1200) &&
		   vtx_minitel_model_has_speed(m, 4800) &&
		   !vtx_minitel_model_has_speed(m, 9600), "1B: 300 1200 4800");
		OK(!m->vgp5 && m->col80, "1B: VGP2 (conservative), 80 col");
	}
	m = vtx_minitel_model_of('v');
	if (OK(m != NULL, "type v known")) {
		STR_EQ(m->name, "Minitel 2", "type v");
		OK(vtx_minitel_model_has_speed(m, 9600) && m->vgp5,
		   "Minitel 2: 9600, VGP5");
	}
	m = vtx_minitel_model_of('b');
	if (OK(m != NULL, "type b known"))
		/* NOLINTNEXTLINE(clang-analyzer-core.NullDereference) -- OK() checked it */
		OK(m->speeds == VTX_MINITEL_1200 && !m->col80,
		   "Minitel 1: 1200 only, 40 columns");
	OK(vtx_minitel_model_of('w') && vtx_minitel_model_of('z') &&
	   vtx_minitel_model_of('y') && vtx_minitel_model_of('s'),
	   "10B, 12, 5, 1 couleur known");
	OK(vtx_minitel_model_of('m') == NULL, "type m unknown");
	STR_EQ(vtx_minitel_maker('C'), "Telic-Alcatel", "maker C");
	OK(vtx_minitel_maker('Z') == NULL, "maker Z unknown");
}

/*** Split invariance ***/

static const uint8_t session[] = {
	0x0C, 'H', 'e', 'l', 'l', 'o', ESC, 0x39, 0x7B, 0x1F, 0x45, 0x41,
	ESC, 0x46, 'p', 'a', 'g', 'e', ESC, 0x61, ESC, 0x3A, 0x69, 0x45,
	ESC, 0x3B, 0x60, 0x5A, 0x51, ESC, 0x3A, 0x62, 0x58, 0x07, ESC, 0x39,
	0x72, SS2, 0x42, 'e', 0x12, 0x43, ESC, 0x3A, 0x6B, 0x76, ESC, 0x3B,
	0x69, 0x59, 0x41, 0x0E, 0x23, 0x7F, 0x0F, ESC, 0x39, 0x74, ESC, 0x39,
	0x7F, ESC, 0x3A, 0x72, 0x59, 0x1F, 0x58, 0x68, ESC, 0x61, ESC, 0x39,
	0x70};

static void test_split(void)
{
	uint64_t seed = check_seed();
	rig whole, part;

	rig_open(&whole, NULL);
	vtx_minitel_feed(whole.m, session, sizeof session);
	INT_EQ(whole.bells, 1, "BEL rings the bell");
	INT_EQ(whole.nspeeds, 1, "one speed switch");
	OK(whole.out.len > 40, "the stream gets answers");
	for (int round = 0; round < 200; round++) {
		size_t i = 0;

		rig_open(&part, NULL);
		while (i < sizeof session) {
			size_t n = 1 + check_rand_below(&seed, 6);

			if (n > sizeof session - i)
				n = sizeof session - i;
			vtx_minitel_feed(part.m, session + i, n);
			i += n;
		}
		if (!INT_EQ(part.out.len, whole.out.len, "round %d: answer "
			    "length", round) ||
		    !MEM_EQ(part.out.data, whole.out.data, whole.out.len,
			    "round %d: answers", round) ||
		    !OK(vtx_screen_equal(&part.screen, &whole.screen),
			"round %d: screen", round) ||
		    !INT_EQ(part.speed_at[0], whole.speed_at[0], "round %d: "
			    "speed switch", round)) {
			rig_close(&part);
			break;
		}
		rig_close(&part);
	}
	rig_close(&whole);
}

int main(void)
{
	test_enqrom();
	test_status();
	test_cursor();
	test_modes();
	test_speed();
	test_routing();
	test_keyboard();
	test_models();
	test_split();
	return check_done();
}
