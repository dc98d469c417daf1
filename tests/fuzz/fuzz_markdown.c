/* tests/fuzz/fuzz_markdown.c -- libFuzzer target for the Markdown parser
 * (md4c events mapped onto the doc tree). The input is a notes file; the
 * tree must satisfy tests/fuzz/notes_check.h. Replayed without libFuzzer
 * by tests/fuzz/fuzz_main.c. */
#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "notes_check.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	nc_run(data, size, MK_FORMAT_MARKDOWN, "notes/2024-01-15.md", NULL);
	return 0;
}
