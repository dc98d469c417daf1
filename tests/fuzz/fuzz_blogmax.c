/* tests/fuzz/fuzz_blogmax.c -- libFuzzer target for the BlogMax parser.
 *
 * The input is a notes file. Its first byte picks the name (a dated
 * yymmdd.txt or not) and whether a shortcut table is given; the table
 * holds a shortcut that expands to itself, so the recursion bound is
 * exercised. The tree must satisfy tests/fuzz/notes_check.h. Replayed
 * without libFuzzer by tests/fuzz/fuzz_main.c. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "notes_check.h"

static const char shortcuts_el[] =
	"((\"xl\" \"{concept \\\"XL\\\"}\")\n"
	" (\"loop\" \"a {@loop} b\")\n"
	" (\"html\" \"<A href=\\\"x\\\">*y* _z_</A>\")\n"
	" (\"sec\" \"{section \\\"S\\\"}{{{ c }}}\"))\n";

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	static mk_shortcuts *sc;

	if (!sc && !(sc = mk_shortcuts_parse(shortcuts_el,
					      sizeof shortcuts_el - 1)))
		abort();
	if (size == 0)
		return 0;
	nc_run(data + 1, size - 1, MK_FORMAT_BLOGMAX,
	       data[0] & 1 ? "notes/200201.txt" : "story.txt",
	       data[0] & 2 ? sc : NULL);
	return 0;
}
