/* tests/unit/testutil.h -- helpers shared by the unit tests: files, the
 * shared reference folder, the vector list. Header only (static). */
#ifndef MINITEL_TESTS_TESTUTIL_H
#define MINITEL_TESTS_TESTUTIL_H

#include <dirent.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Reads a whole file; NULL if it cannot. The caller frees the bytes. A NUL
 * is appended (not counted in *len) so text can be used as a string. */
static inline uint8_t *tu_read(const char *path, size_t *len)
{
	FILE *f = fopen(path, "rb");
	uint8_t *d = NULL;
	size_t cap = 0, n = 0;

	if (!f)
		return NULL;
	for (;;) {
		if (cap - n < 4097) {
			uint8_t *nd;

			cap = cap ? cap * 2 : 8192;
			nd = realloc(d, cap);
			if (!nd) {
				free(d);
				fclose(f);
				return NULL;
			}
			d = nd;
		}
		size_t got = fread(d + n, 1, cap - n - 1, f);

		n += got;
		if (got == 0)
			break;
	}
	fclose(f);
	d[n] = 0;
	*len = n;
	return d;
}

/* The shared reference folder: $MINITEL_SHARED or ../shared. */
static inline const char *tu_shared(void)
{
	const char *s = getenv("MINITEL_SHARED");

	return s && *s ? s : "../shared";
}

static inline int tu_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

typedef struct tu_list {
	char **items;
	size_t n, cap;
} tu_list;

static inline void tu_list_add(tu_list *l, const char *s)
{
	if (l->n == l->cap) {
		l->cap = l->cap ? l->cap * 2 : 64;
		l->items = realloc(l->items, l->cap * sizeof *l->items);
		if (!l->items)
			abort();
	}
	l->items[l->n] = strdup(s);
	if (!l->items[l->n])
		abort();
	l->n++;
}

static inline int tu_cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static inline void tu_list_free(tu_list *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->items[i]);
	free(l->items);
	memset(l, 0, sizeof *l);
}

/* Adds every file under `dir` whose name ends with `suffix` (paths relative
 * to `root`), recursing into folders. */
static inline void tu_walk(const char *root, const char *dir,
			   const char *suffix, tu_list *out)
{
	char path[8400];
	DIR *d;
	struct dirent *e;

	snprintf(path, sizeof path, "%s/%s", root, dir);
	d = opendir(path);
	if (!d)
		return;
	while ((e = readdir(d)) != NULL) {
		char rel[4096];
		size_t n = strlen(e->d_name), k = strlen(suffix);

		if (e->d_name[0] == '.')
			continue;
		snprintf(rel, sizeof rel, "%s%s%s", dir, *dir ? "/" : "",
			 e->d_name);
		snprintf(path, sizeof path, "%s/%s", root, rel);
		if (tu_is_dir(path))
			tu_walk(root, rel, suffix, out);
		else if (n > k && strcmp(e->d_name + n - k, suffix) == 0)
			tu_list_add(out, rel);
	}
	closedir(d);
}

/* The vectors: every NAME.screen under shared/vectors, as NAME (relative to
 * shared/vectors), sorted. Returns 0 when the folder is absent. */
static inline int tu_vectors(tu_list *out, char *root, size_t root_len)
{
	snprintf(root, root_len, "%s/vectors", tu_shared());
	if (!tu_is_dir(root))
		return 0;
	tu_walk(root, "", ".screen", out);
	for (size_t i = 0; i < out->n; i++)
		out->items[i][strlen(out->items[i]) - strlen(".screen")] = 0;
	if (out->n) /* (qsort wants a pointer, even for none) */
		qsort(out->items, out->n, sizeof *out->items, tu_cmp_str);
	return 1;
}

/* The paths of the sample notes (.txt and .md files) of pages/notes and,
 * when present, of ../shared/samples/notes, in order, into *out. */
static inline void tu_sample_notes(tu_list *out)
{
	const char *roots[2] = {"pages/notes", NULL};
	char shared[4200];

	snprintf(shared, sizeof shared, "%s/samples/notes", tu_shared());
	if (tu_is_dir(shared))
		roots[1] = shared;
	for (int i = 0; i < 2 && roots[i]; i++) {
		tu_list l = {0};

		tu_walk(roots[i], "", ".txt", &l);
		tu_walk(roots[i], "", ".md", &l);
		for (size_t k = 0; k < l.n; k++) {
			char p[8400];

			snprintf(p, sizeof p, "%s/%s", roots[i], l.items[k]);
			tu_list_add(out, p);
		}
		tu_list_free(&l);
	}
}

#endif
