/* tests/fuzz/fuzz_session.c -- libFuzzer target for the browsing session.
 *
 * The input is keyboard bytes (its first byte picks the size of the
 * pieces they arrive in, 1..16; KEYS_MAX bytes at most) typed into a
 * session over a small site laid out once from notes held here (three
 * entries, one of them several pages long, so that every key has
 * somewhere to go). Checks, after every piece:
 *   - ses_receive succeeds;
 *   - a separate terminal fed with every byte the session ever sent shows
 *     exactly the session's model: decode(before + sent) == after;
 *   - once the session is done, nothing more is sent.
 * Any breach aborts. Replayed without libFuzzer by tests/fuzz/fuzz_main.c;
 * dictionary: tests/fuzz/fuzz_session.dict. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "core/layout.h"
#include "core/markup.h"
#include "core/session.h"
#include "videotex/term.h"

#define CHUNK_MAX 16
/* Keys read from an input, at most: a key can cost a few encodes (a few
 * milliseconds under the sanitizers), and the seeds include whole .vdt
 * pages; longer inputs would only slow the fuzzer down. */
#define KEYS_MAX 256

static const char *const notes[] = {
	"# Le kiosque\n\nUn service se paie \xC3\xA0 la dur\xC3\xA9" "e.\n",
	"# Annuaire\n\nL'annuaire \xC3\xA9lectronique, le 11.\n\n"
	"- un\n- deux\n\n```\ncode 0C 1F 41 41\n```\n",
	"# Long\n\n" /* filled in by long_note(): several pages */
};

typedef struct site {
	vtx_screen pages[64];
	lay_site *map;
} site;

typedef struct watch {
	vtx_screen screen;
	vtx_term *t;
	size_t sent;
} watch;

static int keep(const vtx_screen *screen, const lay_page_info *info,
		void *user)
{
	site *st = user;

	if (info->index >= 64)
		abort();
	st->pages[info->index] = *screen;
	return 0;
}

/* Forty paragraphs: three pages or so. */
static char *long_note(size_t *len)
{
	size_t cap = 4096, n = strlen(notes[2]);
	char *s = malloc(cap);

	if (!s)
		abort();
	memcpy(s, notes[2], n);
	for (int i = 0; i < 40; i++)
		n += (size_t)snprintf(s + n, cap - n, "Paragraphe %d du "
				      "Minitel.\n\n", i);
	*len = n;
	return s;
}

static site *make_site(void)
{
	static site st;
	mk_options mo = {.format = MK_FORMAT_MARKDOWN};
	lay_options lo = {.title = "Fuzz"};
	doc *d = doc_new();
	size_t len;
	char *text = long_note(&len);

	if (!d)
		abort();
	for (int i = 0; i < 2; i++)
		if (mk_parse(d, i ? "b.md" : "a.md", notes[i],
			     strlen(notes[i]), &mo) != 0)
			abort();
	if (mk_parse(d, "c.md", text, len, &mo) != 0 ||
	    lay_build(d, &lo, keep, &st, &st.map) != 0)
		abort();
	free(text);
	doc_free(d);
	return &st;
}

static void on_send(const uint8_t *b, size_t n, void *user)
{
	watch *w = user;

	if (n == 0)
		abort(); /* session.h: n > 0 */
	vtx_term_feed(w->t, b, n);
	w->sent += n;
}

static const ses_callbacks callbacks = {on_send, NULL};

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static site *st;
	static watch w;
	ses_session *s;
	size_t chunk;

	if (size == 0)
		return 0;
	if (size > KEYS_MAX + 1)
		size = KEYS_MAX + 1;
	if (!st)
		st = make_site();
	w.t = vtx_term_new(&w.screen, NULL, NULL);
	s = ses_new(st->pages, st->map, &callbacks, &w);
	if (!w.t || !s)
		abort();
	vtx_term_reset(w.t);
	if (ses_start(s) != 0 || !vtx_screen_equal(&w.screen, ses_screen(s)))
		abort();
	chunk = 1 + data[0] % CHUNK_MAX;
	for (size_t i = 1; i < size; i += chunk) {
		size_t k = size - i < chunk ? size - i : chunk;
		int was_done = ses_done(s);
		size_t before = w.sent;

		if (ses_receive(s, data + i, k) != 0)
			abort();
		if (!vtx_screen_equal(&w.screen, ses_screen(s))) {
			fprintf(stderr, "fuzz_session: the terminal and the "
				"model differ after byte %zu\n", i + k);
			abort();
		}
		if (was_done && w.sent != before)
			abort();
	}
	ses_free(s);
	vtx_term_free(w.t);
	return 0;
}
