/* videotex/minitel.c -- an emulated Minitel's DIN-port behaviour.
 *
 * The terminal (term.c) draws what the host sends and hands every
 * protocol sequence (PRO1/PRO2/PRO3, ESC a) to the `pro` callback, never
 * displayed. Here those requests are answered as a Minitel in local state
 * answers them, following videotex.md §7 (STUM §2-6, "Protocole"; the
 * identification annex §4-1) and §1 for the port speed; each rule below
 * names its clause. What is not emulated -- the modem (connection,
 * reversal, error correction), Mixte and Téléinformatique (80 columns),
 * protocol transparency, screen copy, broadcast -- is swallowed without
 * a reply (videotex.md §7: "no reply = rejected") and logged.
 *
 * The routing ("aiguillages") is a matrix: for each receiving module, the
 * emitters connected to it, and which modules are blocked. Local state at
 * power-on (videotex.md §7): keyboard -> modem (looped back) -> screen,
 * keyboard -> port, port -> screen. The local echo is the keyboard's path
 * to the screen. A real Minitel makes it through the modem's loop-back,
 * which STUM's echo switch cuts at keyboard -> modem (1B 3B 60 5A 51);
 * MiEdit's emulator cuts keyboard -> screen instead (1B 3B 60 58 51). To
 * honour both, the matrix also holds a direct keyboard -> screen link, on
 * at power-on, and the echo needs all of keyboard -> modem, modem ->
 * screen and keyboard -> screen: either command turns it off, and its own
 * 61 form turns it on again (when the other is not in force). This
 * direct link is our model, not STUM's.
 *
 * The keyboard (vtx_minitel_key) gets bytes as the Minitel keyboard sends
 * them, with letters in the case of the key cap as typed; the standard
 * mode swaps the case (the key alone gives a capital, videotex.md §6). */
#include "minitel.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "charset.h"

#define PRO1 0x39
#define PRO2 0x3A
#define PRO3 0x3B
#define LOG_MAX 96
#define KEY_CHUNK 64

/*** The model table ***/

/* ENQROM type bytes (videotex.md §7 from M1BH, PYM, HAM) and port speeds
 * (videotex.md §1). VGP5: a 1B or 10B may hold either chip (VGP2 or
 * VGP5), and ENQROM cannot tell them apart, so they are conservatively
 * VGP2 here; Minitel 2, 12 and 5 count as VGP5. 80 columns: the Mixte and
 * Téléinformatique modes, Minitel 1B and later (videotex.md §2). The
 * emulator and printer type bytes that PYM lists are left out: their
 * ports' speeds are not known. */
static const vtx_minitel_model models[] = {
	{0x62, "Minitel 1", 1200, VTX_MINITEL_1200, 0, 0},
	{0x63, "Minitel 1", 1200, VTX_MINITEL_1200, 0, 0},
	{0x72, "Minitel 1", 1200, VTX_MINITEL_1200, 0, 0},
	{0x64, "Minitel 10", 1200, VTX_MINITEL_1200, 0, 0},
	{0x66, "Minitel 10", 1200, VTX_MINITEL_1200, 0, 0},
	{0x65, "Minitel 1 couleur", 1200, VTX_MINITEL_1200, 0, 0},
	{0x73, "Minitel 1 couleur", 1200, VTX_MINITEL_1200, 0, 0},
	{0x75, "Minitel 1B", 4800,
	 VTX_MINITEL_300 | VTX_MINITEL_1200 | VTX_MINITEL_4800, 0, 1},
	{0x77, "Minitel 10B", 4800,
	 VTX_MINITEL_300 | VTX_MINITEL_1200 | VTX_MINITEL_4800, 0, 1},
	{0x76, "Minitel 2", 9600,
	 VTX_MINITEL_300 | VTX_MINITEL_1200 | VTX_MINITEL_4800 |
		 VTX_MINITEL_9600, 1, 1},
	{0x7A, "Minitel 12", 9600,
	 VTX_MINITEL_300 | VTX_MINITEL_1200 | VTX_MINITEL_4800 |
		 VTX_MINITEL_9600, 1, 1},
	{0x79, "Minitel 5", 9600,
	 VTX_MINITEL_300 | VTX_MINITEL_1200 | VTX_MINITEL_4800 |
		 VTX_MINITEL_9600, 1, 1},
};

const vtx_minitel_model *vtx_minitel_model_of(uint8_t type)
{
	for (size_t i = 0; i < sizeof models / sizeof models[0]; i++)
		if (models[i].type == type)
			return &models[i];
	return NULL;
}

static unsigned speed_bit(int baud)
{
	switch (baud) {
	case 300: return VTX_MINITEL_300;
	case 1200: return VTX_MINITEL_1200;
	case 4800: return VTX_MINITEL_4800;
	case 9600: return VTX_MINITEL_9600;
	default: return 0;
	}
}

int vtx_minitel_model_has_speed(const vtx_minitel_model *m, int baud)
{
	return (m->speeds & speed_bit(baud)) != 0;
}

/* Maker bytes as videotex.md §7 gives them (PYM/HAM); STUM's own examples
 * are "Cu5" and "Bu0". */
const char *vtx_minitel_maker(uint8_t maker)
{
	switch (maker) {
	case 'A': return "Matra";
	case 'B': return "RTIC (Radiotechnique, Philips)";
	case 'C': return "Telic-Alcatel";
	case 'D': return "Thomson";
	default: return NULL;
	}
}

/* What --model offers. "1b" answers "Cu5", the Télic 1B of STUM's
 * example; "2" answers "Cv4" and "1" "Bb2" (maker and version are our
 * choice: any real unit's would do). */
static const vtx_minitel_id ids[] = {
	{"1b", 'C', 0x75, '5'},
	{"2", 'C', 0x76, '4'},
	{"1", 'B', 0x62, '2'},
};

const vtx_minitel_id *vtx_minitel_id_find(const char *name)
{
	if (!name)
		return &ids[0];
	for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++)
		if (strcmp(ids[i].name, name) == 0)
			return &ids[i];
	return NULL;
}

const char *vtx_minitel_id_names(void)
{
	return "1b, 2, 1";
}

/*** State ***/

/* Modules, in the bit order of the routing status byte (videotex.md §7:
 * port·8 + modem·4 + keyboard·2 + screen·1). Emit codes are 0x50 + m,
 * receive codes 0x58 + m. */
enum { MOD_SCREEN, MOD_KEYBOARD, MOD_MODEM, MOD_PORT, MOD_COUNT };
#define EMIT_CODE 0x50
#define RECEIVE_CODE 0x58
#define BIT(m) (1u << (m))

/* The keyboard parser's states (vtx_minitel_key). */
enum {
	K_GROUND,
	K_SEP,    /* after SEP: the function key's code */
	K_SS2,    /* after SS2: a G2 code or a diacritic */
	K_ACCENT, /* after SS2 + diacritic: the letter */
	K_ESC,    /* after ESC */
	K_CSI,    /* ESC [ ...: until the final byte */
	K_ESC_O   /* ESC O x: a Téléinformatique function key */
};

struct vtx_minitel {
	vtx_term *term;
	const vtx_minitel_id *id;
	const vtx_minitel_model *model;
	vtx_minitel_callbacks cb;
	void *user;
	int speed;          /* baud */
	unsigned links[MOD_COUNT]; /* receiver -> BIT(emitter) */
	unsigned blocked;   /* BIT(module) */
	int lower;          /* lower-case keyboard (PRO2 69 45) */
	int extended, c0;   /* keyboard modes (PRO3 69 59 41 / 43) */
	int kstate;         /* K_* */
};

static void say(const vtx_minitel *m, const char *fmt, unsigned a,
		unsigned b)
{
	char msg[LOG_MAX];

	if (!m->cb.log)
		return;
	snprintf(msg, sizeof msg, fmt, a, b);
	m->cb.log(msg, m->user);
}

static void put(const vtx_minitel *m, const uint8_t *bytes, size_t n)
{
	if (m->cb.send && n > 0)
		m->cb.send(bytes, n, m->user);
}

static int linked(const vtx_minitel *m, int receiver, int emitter)
{
	return (m->links[receiver] & BIT(emitter)) != 0;
}

static int echo_on(const vtx_minitel *m)
{
	return linked(m, MOD_MODEM, MOD_KEYBOARD) &&
	       linked(m, MOD_SCREEN, MOD_MODEM) &&
	       linked(m, MOD_SCREEN, MOD_KEYBOARD) &&
	       !(m->blocked & (BIT(MOD_SCREEN) | BIT(MOD_KEYBOARD)));
}

static int keys_to_port(const vtx_minitel *m)
{
	return linked(m, MOD_PORT, MOD_KEYBOARD) &&
	       !(m->blocked & (BIT(MOD_PORT) | BIT(MOD_KEYBOARD)));
}

/*** Answers ***/

/* Speed <-> the 3-bit code of PRO2 PROG and its status (videotex.md §1:
 * 001 = 75, 010 = 300, 100 = 1200, 110 = 4800, 111 = 9600). */
static int code_of_speed(int baud)
{
	switch (baud) {
	case 75: return 1;
	case 300: return 2;
	case 1200: return 4;
	case 4800: return 6;
	case 9600: return 7;
	default: return 0;
	}
}

static int speed_of_code(int code)
{
	static const int speeds[8] = {0, 75, 300, 0, 1200, 0, 4800, 9600};

	return speeds[code & 7];
}

/* The speed status byte: 0x40 | E << 3 | R, the port's emit and receive
 * speeds, always the same on the DIN port. */
static uint8_t speed_status(int baud)
{
	int c = code_of_speed(baud);

	return (uint8_t)(0x40 | c << 3 | c);
}

static void answer_speed(const vtx_minitel *m)
{
	const uint8_t a[4] = {VTX_C0_ESC, PRO2, 0x75, speed_status(m->speed)};

	put(m, a, sizeof a);
}

/* Operating status (videotex.md §7): 0x40 + ME(lower case)·8 + PC(error
 * correction)·4 + RL(roll)·2 + F(80 columns). No error correction (no
 * modem procedure) and never 80 columns here. */
static void answer_modes(const vtx_minitel *m)
{
	vtx_term_state st;
	uint8_t a[4] = {VTX_C0_ESC, PRO2, 0x73, 0x40};

	vtx_term_get_state(m->term, &st);
	a[3] |= (uint8_t)((m->lower ? 8 : 0) | (st.roll ? 2 : 0));
	put(m, a, sizeof a);
}

/* Keyboard status (videotex.md §7): 0x40 + C0·4 + ETEN·1. */
static void answer_keyboard(const vtx_minitel *m)
{
	const uint8_t a[5] = {VTX_C0_ESC, PRO3, 0x73, RECEIVE_CODE + MOD_KEYBOARD,
			      (uint8_t)(0x40 | (m->c0 ? 4 : 0) |
					(m->extended ? 1 : 0))};

	put(m, a, sizeof a);
}

/* Routing status of module code `code` (videotex.md §7: 0x40 + port·8 +
 * modem·4 + keyboard·2 + screen·1): for a receive code, the emitters
 * connected to it; for an emit code, the receivers it feeds. The module's
 * own bit tells it is not blocked (our reading of "R = E blocks"; MiEdit
 * answers 58 with 41, the screen's own bit). */
static uint8_t routing_status(const vtx_minitel *m, uint8_t code)
{
	unsigned bits = 0;
	int mod;

	if (code >= RECEIVE_CODE) {
		mod = code - RECEIVE_CODE;
		bits = m->links[mod];
	} else {
		mod = code - EMIT_CODE;
		for (int r = 0; r < MOD_COUNT; r++)
			if (linked(m, r, mod))
				bits |= BIT(r);
	}
	if (!(m->blocked & BIT(mod)))
		bits |= BIT(mod);
	return (uint8_t)(0x40 | bits);
}

static void answer_routing(const vtx_minitel *m, uint8_t code)
{
	const uint8_t a[5] = {VTX_C0_ESC, PRO3, 0x63, code,
			      routing_status(m, code)};

	put(m, a, sizeof a);
}

/* ENQROM (videotex.md §7, STUM annex §4-1): SOH, maker, model, version,
 * EOT. */
static void answer_enqrom(const vtx_minitel *m)
{
	const uint8_t a[5] = {0x01, m->id->maker, m->id->type, m->id->version,
			      0x04};

	put(m, a, sizeof a);
}

/* ESC a (videotex.md §7): US, 0x40 + row, 0x40 + column. */
static void answer_cursor(const vtx_minitel *m)
{
	int row, col;
	uint8_t a[3] = {VTX_C0_US, 0, 0};

	vtx_term_cursor(m->term, &row, &col);
	a[1] = (uint8_t)(0x40 + row);
	a[2] = (uint8_t)(0x40 + col);
	put(m, a, sizeof a);
}

/*** Requests ***/

static void pro1(vtx_minitel *m, uint8_t x)
{
	static const uint8_t reset_done[2] = {VTX_C0_SEP, 0x5E};

	switch (x) {
	case 0x7B: answer_enqrom(m); break; /* ENQROM (§4-1) */
	case 0x70: { /* STATUS TERMINAL (§7): 0x40 + PT·16 + DP·8 + VM·2 + EC */
		/* No PT line, no carrier (local state), the modem set to
		 * receive at 1200 baud (V.23, not reversed). */
		const uint8_t a[4] = {VTX_C0_ESC, PRO2, 0x71, 0x40 | 2};

		put(m, a, sizeof a);
		break;
	}
	case 0x72: answer_modes(m); break; /* STATUS FONCTIONNEMENT (§7) */
	case 0x74: answer_speed(m); break; /* STATUS VITESSE (§1, §7) */
	case 0x76: { /* STATUS PROTOCOLE (§7): PAD·16 A2·8 A1·4 D2·2 D1, none */
		const uint8_t a[4] = {VTX_C0_ESC, PRO2, 0x77, 0x40};

		put(m, a, sizeof a);
		break;
	}
	case 0x7F: /* RESET (§7, STUM §2-6-16): Videotex, default attributes
		    * and page mode (term.c), standard keyboard; the port speed
		    * and the routing are kept, the screen is not cleared */
		m->lower = m->extended = m->c0 = 0;
		put(m, reset_done, sizeof reset_done);
		break;
	default: /* connection, modem reversal (§7): no modem here */
		say(m, "PRO1 %02X: not emulated, no reply", x, 0);
		break;
	}
}

/* PRO2 PROG s (videotex.md §1): a symmetric speed the port has switches
 * the port first, then acknowledges at the new speed; anything else is
 * refused with the old value, at the old speed. */
static void prog_speed(vtx_minitel *m, uint8_t s)
{
	int e = s >> 3 & 7, r = s & 7, baud = speed_of_code(r);

	if ((s & 0x40) && e == r && baud && baud != m->speed &&
	    vtx_minitel_model_has_speed(m->model, baud)) {
		m->speed = baud;
		if (m->cb.speed)
			m->cb.speed(baud, m->user);
	} else if (!((s & 0x40) && e == r && baud == m->speed)) {
		say(m, "PRO2 PROG %02X refused (port at %u baud)", s,
		    (unsigned)m->speed);
	}
	answer_speed(m);
}

/* PRO2 START/STOP x (videotex.md §7): 43 roll (term.c switches the
 * display, STUM §2-6-11), 44 error correction (a network procedure:
 * acknowledged, never on), 45 lower-case keyboard; ack 1B 3A 73 s. */
static void start_stop(vtx_minitel *m, int on, uint8_t x)
{
	switch (x) {
	case 0x43: /* (the roll: term.c) */
	case 0x44: break;
	case 0x45: m->lower = on; break;
	default:
		say(m, "PRO2 %02X %02X: not emulated, no reply",
		    on ? 0x69u : 0x6Au, x);
		return;
	}
	answer_modes(m);
}

static void pro2(vtx_minitel *m, uint8_t x, uint8_t y)
{
	switch (x) {
	case 0x6B: prog_speed(m, y); break; /* PROG (§1) */
	case 0x69: start_stop(m, 1, y); break; /* START (§7) */
	case 0x6A: start_stop(m, 0, y); break; /* STOP (§7) */
	case 0x62: /* TO (§7): routing status of module y */
		if (y >= EMIT_CODE && y < RECEIVE_CODE + MOD_COUNT &&
		    (y < EMIT_CODE + MOD_COUNT || y >= RECEIVE_CODE))
			answer_routing(m, y);
		else
			say(m, "PRO2 62 %02X: no such module", y, 0);
		break;
	case 0x72: /* keyboard status (§7): 1B 3A 72 59 */
		if (y == RECEIVE_CODE + MOD_KEYBOARD)
			answer_keyboard(m);
		break;
	default: /* Mixte/TI switching, transparency, copy ... (§7) */
		say(m, "PRO2 %02X %02X: not emulated, no reply", x, y);
		break;
	}
}

/* Whether emitter e may be connected to receiver r (videotex.md §7):
 * screen <- keyboard/modem/port, modem <- keyboard/port, port <-
 * keyboard/modem; r = e blocks or unblocks the module itself. */
static int link_allowed(int r, int e)
{
	static const unsigned allowed[MOD_COUNT] = {
		[MOD_SCREEN] = BIT(MOD_KEYBOARD) | BIT(MOD_MODEM) | BIT(MOD_PORT),
		[MOD_KEYBOARD] = 0,
		[MOD_MODEM] = BIT(MOD_KEYBOARD) | BIT(MOD_PORT),
		[MOD_PORT] = BIT(MOD_KEYBOARD) | BIT(MOD_MODEM),
	};

	return r == e || (allowed[r] & BIT(e)) != 0;
}

/* PRO3 60/61 R E (videotex.md §7): cut / connect emitter E to receiver
 * R; ack 1B 3B 63 R s. This is the local echo switch: 60 5A 51 (STUM,
 * keyboard -> modem) and 60 58 51 (MiEdit, keyboard -> screen). */
static void route(vtx_minitel *m, int on, uint8_t rc, uint8_t ec)
{
	int r = rc - RECEIVE_CODE, e = ec - EMIT_CODE;

	if (rc < RECEIVE_CODE || r >= MOD_COUNT || ec < EMIT_CODE ||
	    e >= MOD_COUNT || !link_allowed(r, e)) {
		say(m, "PRO3 routing %02X %02X: not a link, no reply", rc, ec);
		return;
	}
	if (r == e && on)
		m->blocked &= ~BIT(r);
	else if (r == e)
		m->blocked |= BIT(r);
	else if (on)
		m->links[r] |= BIT(e);
	else
		m->links[r] &= ~BIT(e);
	answer_routing(m, rc);
}

/* PRO3 START/STOP 59 x (videotex.md §6-§7): 41 extended keyboard, 43 C0
 * cursor keys; ack 1B 3B 73 59 s. */
static void keyboard_mode(vtx_minitel *m, int on, uint8_t x)
{
	if (x == 0x41)
		m->extended = on;
	else if (x == 0x43)
		m->c0 = on;
	else {
		say(m, "PRO3 keyboard mode %02X: unknown, no reply", x, 0);
		return;
	}
	answer_keyboard(m);
}

static void pro3(vtx_minitel *m, uint8_t x, uint8_t y, uint8_t z)
{
	switch (x) {
	case 0x60: route(m, 0, y, z); break; /* OFF (§7) */
	case 0x61: route(m, 1, y, z); break; /* ON (§7) */
	case 0x69: /* START (§7) */
	case 0x6A: /* STOP (§7) */
		if (y == RECEIVE_CODE + MOD_KEYBOARD)
			keyboard_mode(m, x == 0x69, z);
		else
			say(m, "PRO3 %02X %02X: not emulated, no reply", x, y);
		break;
	default:
		say(m, "PRO3 %02X %02X: not emulated, no reply", x, y);
		break;
	}
}

/* The term's `pro` callback: every protocol sequence, whole. */
static void on_pro(const uint8_t *q, size_t n, void *user)
{
	vtx_minitel *m = user;

	if (n == 2 && q[1] == 0x61)
		answer_cursor(m); /* ESC a: cursor position (§7) */
	else if (n == 3 && q[1] == PRO1)
		pro1(m, q[2]);
	else if (n == 4 && q[1] == PRO2)
		pro2(m, q[2], q[3]);
	else if (n == 5 && q[1] == PRO3)
		pro3(m, q[2], q[3], q[4]);
}

static void on_bell(void *user)
{
	vtx_minitel *m = user;

	if (m->cb.bell)
		m->cb.bell(m->user);
}

static void on_log(const char *msg, void *user)
{
	vtx_minitel *m = user;

	if (m->cb.log)
		m->cb.log(msg, m->user);
}

/*** The keyboard ***/

static int is_letter(uint8_t b)
{
	return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
}

static int is_diacritic(uint8_t b)
{
	/* grave, acute, circumflex, diaeresis, cedilla (videotex.md §5) */
	return b == 0x41 || b == 0x42 || b == 0x43 || b == 0x48 || b == 0x4B;
}

/* The byte the Minitel sends for keyboard byte b in the ground state. */
static uint8_t ground(vtx_minitel *m, uint8_t b)
{
	switch (b) {
	case VTX_C0_SEP: m->kstate = K_SEP; return b;
	case VTX_C0_SS2: m->kstate = K_SS2; return b;
	case VTX_C0_ESC: m->kstate = K_ESC; return b;
	default: break;
	}
	m->kstate = K_GROUND;
	/* Standard keyboard: the key alone gives a capital, shift the small
	 * letter (videotex.md §6); lower-case mode sends the key cap. */
	if (!m->lower && is_letter(b))
		return (uint8_t)(b ^ 0x20);
	return b;
}

/* One keyboard byte through the parser: the byte to send. */
static uint8_t key_byte(vtx_minitel *m, uint8_t b)
{
	switch (m->kstate) {
	case K_SEP: m->kstate = K_GROUND; return b;
	case K_SS2:
		/* an accent may be followed by anything (videotex.md §5) */
		if (b < VTX_SP)
			return ground(m, b);
		m->kstate = is_diacritic(b) ? K_ACCENT : K_GROUND;
		return b;
	case K_ACCENT:
		if (b < VTX_SP)
			return ground(m, b);
		m->kstate = K_GROUND;
		return b; /* é typed is é: no accented capital exists */
	case K_ESC:
		m->kstate = b == '[' ? K_CSI : b == 'O' ? K_ESC_O : K_GROUND;
		return b;
	case K_CSI:
		if (b >= 0x40 && b <= 0x7E)
			m->kstate = K_GROUND;
		return b;
	case K_ESC_O: m->kstate = K_GROUND; return b;
	default: return ground(m, b);
	}
}

static void key_flush(vtx_minitel *m, const uint8_t *out, size_t n)
{
	if (n == 0)
		return;
	if (keys_to_port(m))
		put(m, out, n);
	if (echo_on(m))
		vtx_term_feed(m->term, out, n);
}

void vtx_minitel_key(vtx_minitel *m, const uint8_t *bytes, size_t n)
{
	uint8_t out[KEY_CHUNK];
	size_t k = 0;

	if (m->blocked & BIT(MOD_KEYBOARD))
		return;
	for (size_t i = 0; i < n; i++) {
		out[k++] = key_byte(m, bytes[i] & 0x7F);
		if (k == sizeof out) {
			key_flush(m, out, k);
			k = 0;
		}
	}
	key_flush(m, out, k);
}

/*** Life ***/

void vtx_minitel_reset(vtx_minitel *m)
{
	vtx_term_reset(m->term);
	m->speed = VTX_MINITEL_POWER_ON_SPEED;
	memset(m->links, 0, sizeof m->links);
	m->links[MOD_SCREEN] = BIT(MOD_MODEM) | BIT(MOD_PORT) |
			       BIT(MOD_KEYBOARD);
	m->links[MOD_MODEM] = BIT(MOD_KEYBOARD);
	m->links[MOD_PORT] = BIT(MOD_KEYBOARD);
	m->blocked = 0;
	m->lower = m->extended = m->c0 = 0;
	m->kstate = K_GROUND;
}

vtx_minitel *vtx_minitel_new(vtx_screen *screen, const vtx_minitel_id *id,
			     const vtx_minitel_callbacks *cb, void *user)
{
	static const vtx_term_callbacks tcb = {
		.bell = on_bell, .pro = on_pro, .log = on_log};
	vtx_minitel *m = calloc(1, sizeof *m);

	if (!m)
		return NULL;
	m->id = id ? id : vtx_minitel_id_find(NULL);
	m->model = vtx_minitel_model_of(m->id->type);
	if (cb)
		m->cb = *cb;
	m->user = user;
	m->term = vtx_term_new(screen, &tcb, m);
	if (!m->term) {
		free(m);
		return NULL;
	}
	vtx_minitel_reset(m);
	return m;
}

void vtx_minitel_free(vtx_minitel *m)
{
	if (!m)
		return;
	vtx_term_free(m->term);
	free(m);
}

void vtx_minitel_feed(vtx_minitel *m, const uint8_t *bytes, size_t n)
{
	vtx_term_feed(m->term, bytes, n);
}

vtx_term *vtx_minitel_term(vtx_minitel *m)
{
	return m->term;
}

int vtx_minitel_speed(const vtx_minitel *m)
{
	return m->speed;
}

int vtx_minitel_set_speed(vtx_minitel *m, int baud)
{
	if (!vtx_minitel_model_has_speed(m->model, baud))
		return -EINVAL;
	m->speed = baud;
	if (m->cb.speed)
		m->cb.speed(baud, m->user);
	return 0;
}

int vtx_minitel_echo(const vtx_minitel *m)
{
	return echo_on(m);
}

int vtx_minitel_lower_case(const vtx_minitel *m)
{
	return m->lower;
}

const vtx_minitel_id *vtx_minitel_get_id(const vtx_minitel *m)
{
	return m->id;
}

const vtx_minitel_model *vtx_minitel_get_model(const vtx_minitel *m)
{
	return m->model;
}
