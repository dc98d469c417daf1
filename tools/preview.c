/* tools/preview.c -- minitel preview: notes as Minitel pages in a
 * terminal (24-bit colour and Unicode sextants), for people without a
 * display. Pages come in reading order: the sommaire, then each entry. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "ansi.h"
#include "cmd.h"
#include "notes.h"
#include "util.h"

#define USAGE "minitel preview [--format F] [--page N] [--whole-pages] NOTES..."

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Lays NOTES (files or folders of BlogMax, Markdown or plain-text\n"
	"notes) out as Minitel pages and prints them on stdout in 24-bit\n"
	"ANSI colours, in reading order (the sommaire first), each after a\n"
	"line naming it.\n"
	"\n"
	"  --format F     auto (default), blogmax, markdown or plain\n"
	"  --page N       only page N (1 = the first page of the sommaire)\n"
	"  --whole-pages  each page of an entry begins where the one\n"
	"                 before ended (default: halfway down it)\n"
	"  -h, --help     this help\n"
	"\n"
	"Exit status: 0 success, 1 unreadable notes or no page N,\n"
	"2 usage error.\n";

typedef struct pages {
	vtx_screen *v;
	size_t n, cap;
} pages;

static int keep(const vtx_screen *screen, const lay_page_info *info,
		void *user)
{
	pages *p = user;
	size_t need = (size_t)info->index + 1;

	if (need > p->cap) {
		size_t cap = p->cap ? p->cap : 16;
		vtx_screen *nv;

		while (cap < need)
			cap *= 2;
		nv = realloc(p->v, cap * sizeof *nv);
		if (!nv)
			return -ENOMEM;
		p->v = nv;
		p->cap = cap;
	}
	p->v[info->index] = *screen;
	if (need > p->n)
		p->n = need;
	return 0;
}

static int show(const pages *p, const lay_site *site, long only)
{
	for (size_t i = 0; i < site->npages; i++) {
		const lay_page_info *info = &site->pages[i];
		vtx_buf b = {0};

		if (only && (long)i + 1 != only)
			continue;
		printf("--- page %zu of %zu: %s %d/%d ---\n", i + 1,
		       site->npages, info->entry == LAY_NONE ? "sommaire"
			       : site->entries[info->entry].title,
		       info->number, info->count);
		if (ansi_render(&p->v[i], &b) < 0)
			return util_error("minitel", "out of memory");
		fwrite(b.data, 1, b.len, stdout);
		vtx_buf_free(&b);
	}
	return UTIL_EXIT_OK;
}

int cmd_preview(int argc, char **argv)
{
	static const util_opt opts[] = {
		{"format", 0, 1}, {"page", 0, 1}, {"help", 'h', 0},
		{"whole-pages", 0, 0}};
	util_args a;
	notes_job nj = {0};
	pages p = {0};
	lay_site *site = NULL;
	long only = 0;
	int k, ret, f;

	nj.paths = calloc((size_t)argc, sizeof *nj.paths);
	if (!nj.paths)
		return util_error("minitel", "out of memory");
	util_args_init(&a, argc, argv);
	while ((k = util_args_next(&a, opts, 4)) != UTIL_OPT_END) {
		if (k == 3) {
			nj.whole_pages = 1;
			continue;
		}
		if (k == 2) {
			free(nj.paths);
			fputs(help, stdout);
			return UTIL_EXIT_OK;
		}
		if (k == UTIL_OPT_ARG) {
			nj.paths[nj.npaths++] = (char *)a.value;
			continue;
		}
		if (k == 0 && (f = notes_format(a.value)) >= 0) {
			nj.format = (mk_format)f;
			continue;
		}
		if (k == 1 && util_parse_long(a.value, 1, 1000000, &only) == 0)
			continue;
		free(nj.paths);
		if (k == 0)
			return util_usage_error("preview", USAGE,
						NOTES_FORMAT_UNKNOWN, a.value);
		return util_usage_error("preview", USAGE, "%s",
					k == UTIL_OPT_ERROR ? a.error
					: "--page takes a number >= 1");
	}
	if (nj.npaths == 0) {
		free(nj.paths);
		return util_usage_error("preview", USAGE, "no notes given");
	}
	ret = notes_build(&nj, keep, &p, &site);
	if (ret == 0 && only > (long)site->npages)
		ret = util_error("minitel", "there are only %zu pages",
				 site->npages);
	else if (ret == 0)
		ret = show(&p, site, only);
	else if (ret < 0)
		ret = util_error("minitel", "out of memory");
	lay_site_free(site);
	free(p.v);
	free(nj.paths);
	return ret;
}
