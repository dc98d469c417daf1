/* Conformance: every vector of shared/vectors decoded and compared with its
 * reference dump, field by field (screen-dump.md "Comparing dumps").
 * The 22 files of high-confidence.txt must agree on >= 99.5% of cells in
 * every field; every other file with a disagreement must be explained in
 * tests/vectors/DEVIATIONS.md. Skipped, and said so, without the folder. */
#include "check.h"
#include "testutil.h"

#include "videotex/dump.h"
#include "videotex/term.h"

enum { F_GLYPH, F_FG, F_BG, F_SIZE, F_FLAGS, F_COUNT };
static const char *field_names[F_COUNT] = {"glyph", "fg", "bg", "size+part",
					   "flags"};

static int cell_field_equal(const vtx_dump_cell *a, const vtx_dump_cell *b,
			    int f)
{
	switch (f) {
	case F_GLYPH: return a->kind == b->kind && a->ch == b->ch;
	case F_FG: return a->fg == b->fg;
	case F_BG: return a->bg == b->bg;
	case F_SIZE:
		return a->width == b->width && a->height == b->height &&
		       a->part_x == b->part_x && a->part_y == b->part_y;
	default: return memcmp(a->flags, b->flags, 5) == 0;
	}
}

static vtx_dump_cell ref[VTX_ROWS][VTX_COLS];

/* Compares one vector; fills agree[F_COUNT] with matching cell counts out
 * of *total. Returns 0, or -1 when a file is missing or unreadable. */
static int compare(const char *root, const char *name, int agree[F_COUNT],
		   int *total, int verbose)
{
	char path[8400];
	size_t n = 0, rn = 0;
	uint8_t *bytes, *text;
	vtx_screen s;
	int bad = 0;

	snprintf(path, sizeof path, "%s/%s", root, name);
	bytes = tu_read(path, &n);
	snprintf(path, sizeof path, "%s/%s.screen", root, name);
	text = tu_read(path, &rn);
	if (!bytes || !text || vtx_decode(bytes, n, &s) < 0 ||
	    vtx_dump_parse((const char *)text, rn, ref, &bad) < 0) {
		free(bytes);
		free(text);
		return -1;
	}
	memset(agree, 0, sizeof(int) * F_COUNT);
	*total = 0;
	for (int r = 0; r < VTX_ROWS; r++) {
		vtx_shown row[VTX_COLS];

		vtx_screen_shown(&s, r, row);
		for (int c = 0; c < VTX_COLS; c++) {
			vtx_dump_cell got = vtx_dump_cell_of(&row[c]);
			int all = 1;

			if (r == 0 && c >= 36)
				continue; /* terminal indicators */
			(*total)++;
			for (int f = 0; f < F_COUNT; f++) {
				int eq = cell_field_equal(&got, &ref[r][c], f);

				agree[f] += eq;
				all &= eq;
			}
			if (!all && verbose)
				printf("  %s %02d,%02d: got %c %X fg%d bg%d "
				       "%dx%d %d%d %s / ref %c %X fg%d bg%d "
				       "%dx%d %d%d %s\n",
				       name, r, c, got.kind, got.ch, got.fg,
				       got.bg, got.width, got.height,
				       got.part_x, got.part_y, got.flags,
				       ref[r][c].kind, ref[r][c].ch,
				       ref[r][c].fg, ref[r][c].bg,
				       ref[r][c].width, ref[r][c].height,
				       ref[r][c].part_x, ref[r][c].part_y,
				       ref[r][c].flags);
		}
	}
	free(bytes);
	free(text);
	return 0;
}

static int listed(const char *list, const char *name)
{
	const char *p = list;
	size_t k = strlen(name);

	while (list && (p = strstr(p, name)) != NULL) {
		int start = p == list || p[-1] == '\n' || p[-1] == ' ' ||
			    p[-1] == '`' || p[-1] == '/';
		char end = p[k];

		if (start && (end == 0 || end == '\n' || end == '`' ||
			      end == ' ' || end == ':' || end == '.'))
			return 1;
		p += k;
	}
	return 0;
}

int main(int argc, char **argv)
{
	char root[4096], path[4200];
	tu_list names = {0};
	uint8_t *high, *devs;
	size_t n;
	int verbose = argc > 1;

	if (!tu_vectors(&names, root, sizeof root)) {
		printf("vectors: %s/vectors absent, conformance skipped\n",
		       tu_shared());
		check_skip("shared/vectors absent");
		return check_done();
	}
	snprintf(path, sizeof path, "%s/high-confidence.txt", root);
	high = tu_read(path, &n);
	devs = tu_read("tests/vectors/DEVIATIONS.md", &n);
	OK(high != NULL, "high-confidence.txt readable");
	for (size_t i = 0; i < names.n; i++) {
		const char *name = names.items[i];
		char screen_name[4200];
		int agree[F_COUNT], total = 1, is_high;
		int worst = 1000;

		if (argc > 1 && !strstr(name, argv[1]))
			continue;
		snprintf(screen_name, sizeof screen_name, "%s.screen", name);
		is_high = listed((const char *)high, screen_name);
		if (!OK(compare(root, name, agree, &total, verbose) == 0,
			"%s: decoded and reference parsed", name))
			continue;
		printf("%s%s:", is_high ? "[high] " : "", name);
		for (int f = 0; f < F_COUNT; f++) {
			/* NOLINTNEXTLINE(clang-analyzer-core.UndefinedBinaryOperatorResult) -- OK() checked it */
			int pm = agree[f] * 1000 / total;

			printf(" %s %.1f%%", field_names[f], pm / 10.0);
			if (agree[f] * 1000 < total * 995 && is_high)
				OK(0, "%s: %s agrees on %d of %d cells "
				      "(< 99.5%%)", name, field_names[f],
				   agree[f], total);
			if (pm < worst)
				worst = pm;
		}
		printf("\n");
		if (is_high)
			OK(1, "%s: every field >= 99.5%%", name);
		int all = 1;

		for (int f = 0; f < F_COUNT; f++)
			all &= agree[f] == total;
		if (!all)
			OK(listed((const char *)devs, name),
			   "%s: disagreement explained in DEVIATIONS.md",
			   name);
	}
	free(high);
	free(devs);
	tu_list_free(&names);
	return check_done();
}
