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

/* Reads a whole file into a heap buffer; NULL on failure. */
static uint8_t *read_file(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d = NULL, *nd;
	size_t n = 0, cap = 0, got;

	if (!f)
		return NULL;
	do {
		if (cap - n < 4096) {
			cap = cap ? cap * 2 : 65536;
			nd = realloc(d, cap);
			if (!nd) {
				free(d);
				fclose(f);
				return NULL;
			}
			d = nd;
		}
		got = fread(d + n, 1, cap - n, f);
		n += got;
	} while (got > 0);
	if (ferror(f)) {
		free(d);
		d = NULL;
	}
	fclose(f);
	*len = n;
	return d;
}

int main(int argc, char **argv)
{
	int passed = 0, failed = 0;

	for (int i = 1; i < argc; i++) {
		size_t len = 0;
		uint8_t *d = read_file(argv[i], &len);

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
