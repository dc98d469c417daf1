/* tests/fuzz/fuzz_main.c -- replays fuzz inputs without libFuzzer (stb's
 * tests/fuzz_main.c idea): every file argument goes through
 * LLVMFuzzerTestOneInput once. tests/run.sh runs each fuzz_X program of a
 * build with the files of tests/fuzz/corpus/; a target reports a bug by
 * aborting. Prints "N passed, N failed" (a file it cannot read fails). */
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#include "../unit/testutil.h" /* tu_read */

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (int i = 1; i < argc; i++) {
		size_t len = 0;
		uint8_t *d = tu_read(argv[i], &len);

		if (!d) {
			printf("%s: cannot read\n", argv[i]);
			failed++;
			continue;
		}
		LLVMFuzzerTestOneInput(d, len);
		free(d);
		passed++;
	}
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
