/* tools/export.c -- minitel export: notes to a folder of .vdt pages.
 *
 * Every page becomes a complete .vdt (FF first, the status row written in
 * full, so it draws the same screen whatever was on the terminal) named
 * by its place in reading order, and site.json gives the pages, their
 * entries and the page each key leads to. The export is written into a
 * temporary folder beside DIR and swapped into place at the end
 * (renameat2 RENAME_EXCHANGE), so an interrupted or failed export leaves
 * the previous one whole. A folder that is not an earlier export (no
 * .minitel-export marker) is never written into. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "cmd.h"
#include "notes.h"
#include "util.h"
#include "videotex/encode.h"
#include "videotex/term.h"

#define USAGE "minitel export [--format F] [--whole-pages] NOTES... -o DIR"
#define MARKER ".minitel-export"
#define MARKER_TEXT "minitel export: this folder is rewritten whole\n"

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Lays NOTES (files or folders of BlogMax, Markdown or plain-text\n"
	"notes) out as Minitel pages and writes them to DIR: one .vdt per\n"
	"page (0001.vdt, 0002.vdt ... in reading order, the sommaire\n"
	"first), each complete on its own, and DIR/site.json: the pages\n"
	"with their entry, title, page number and count, and the page each\n"
	"key (SUITE, RETOUR, SOMMAIRE, numbered choices) leads to.\n"
	"DIR is replaced whole at the end; it must not exist, or hold an\n"
	"earlier export of this program. A failed or interrupted export\n"
	"(Ctrl-C) leaves DIR as it was, and no temporary folder.\n"
	"\n"
	"  -o, --output DIR  the folder to write (required)\n"
	"  --format F        auto (default), blogmax, markdown or plain\n"
	"  --whole-pages     each page of an entry begins where the one\n"
	"                    before ended (default: halfway down it, so that\n"
	"                    SUITE sends only half a page of new text and\n"
	"                    moves the rest up)\n"
	"  -h, --help        this help\n"
	"\n"
	"Warnings (bad markup, missing pictures, characters with no\n"
	"Minitel form) go to stderr as FILE:LINE:COL: message.\n"
	"Exit status: 0 success, 1 unreadable notes or an output error,\n"
	"2 usage error.\n";

/* An interrupt (Ctrl-C, or a TERM or HUP) during an export: the pages
 * stop, the temporary folder is removed, DIR is left as it was, and the
 * signal is then taken as it came, so the shell sees it. The handler
 * is reset as it runs: a second interrupt stops the program at once. */
static volatile sig_atomic_t interrupted;

static void on_signal(int sig)
{
	interrupted = sig;
}

static const int signals[] = {SIGINT, SIGTERM, SIGHUP};

static void catch_signals(void)
{
	struct sigaction sa;

	memset(&sa, 0, sizeof sa);
	sa.sa_handler = on_signal;
	sa.sa_flags = (int)SA_RESETHAND;
	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < sizeof signals / sizeof signals[0]; i++) {
		struct sigaction was;

		/* One ignored when the program started (nohup, a background
		 * job's SIGINT) stays ignored. */
		if (sigaction(signals[i], NULL, &was) == 0 &&
		    was.sa_handler != SIG_IGN)
			sigaction(signals[i], &sa, NULL);
	}
	/* A page over the file size limit (ulimit -f) is a write error,
	 * said and cleaned up as any other, not a death by SIGXFSZ that
	 * leaves the temporary folder. */
	signal(SIGXFSZ, SIG_IGN);
}

/* After an interrupted export has cleaned up: dies of the signal. */
static void take_signal(void)
{
	int sig = interrupted;

	if (!sig)
		return;
	signal(sig, SIG_DFL);
	raise(sig);
}

typedef struct job {
	char tmp[4096];
	size_t bytes;
	int pages;
	int err; /* negative errno of a failed write */
} job;

/* A file of the temporary folder. It is not synced on its own: the
 * folder is, whole, before it is swapped into place (sync_folder). */
static int write_file(const char *dir, const char *name, const void *data,
		      size_t len)
{
	char path[4400];
	FILE *f;
	int ok, err;

	snprintf(path, sizeof path, "%s/%s", dir, name);
	f = fopen(path, "wb");
	if (!f)
		return -errno;
	/* The cause is kept: a full disk says so, not "I/O error". */
	errno = 0;
	ok = fwrite(data, 1, len, f) == len && fflush(f) == 0;
	err = errno;
	if (fclose(f) != 0 && ok) {
		ok = 0;
		err = errno;
	}
	return ok ? 0 : err ? -err : -EIO;
}

/* Puts the temporary folder's files on disk before it replaces DIR, so
 * that a crash after the swap cannot leave DIR with pages lost or empty.
 * One syncfs for the file system that holds it, rather than an fsync a
 * page: a 12,275-page export took 10.5-16 s with them, 6.5-7.8 s with
 * this, on this project's VM; an fsync can take much longer on an SD
 * card or a USB stick.
 * syncfs reports write-back errors from Linux 5.8 on; where it fails
 * for want of support, each file is synced as before. */
static int sync_folder(const char *dir)
{
	int fd = open(dir, O_RDONLY | O_DIRECTORY), ret = 0;
	DIR *d;
	struct dirent *e;

	if (fd < 0)
		return -errno;
	if (syncfs(fd) == 0) {
		close(fd);
		return 0;
	}
	if (errno != ENOSYS && errno != EOPNOTSUPP) {
		ret = -errno;
		close(fd);
		return ret;
	}
	d = fdopendir(fd);
	if (!d) {
		ret = -errno;
		close(fd);
		return ret;
	}
	while (ret == 0 && (e = readdir(d)) != NULL) {
		int f;

		if (e->d_name[0] == '.' && (!e->d_name[1] ||
					    !strcmp(e->d_name, "..")))
			continue;
		f = openat(fd, e->d_name, O_RDONLY);
		if (f < 0 || fsync(f) != 0)
			ret = -errno;
		if (f >= 0)
			close(f);
	}
	if (ret == 0 && fsync(fd) != 0)
		ret = -errno;
	closedir(d);
	return ret;
}

static void page_name(int index, char *out, size_t cap)
{
	snprintf(out, cap, "%04d.vdt", index + 1);
}

/* On a worker thread (core/pipeline.h); the job is that thread's
 * until notes_encode returns. */
static int on_page(const vtx_screen *screen, const lay_page_info *info,
		   int encoded, const uint8_t *bytes, size_t len, void *user)
{
	job *j = user;
	char name[32];
	int ret = encoded;

	(void)screen;
	if (interrupted)
		return 1; /* stop: export_into cleans up */
	if (ret == 0) {
		page_name(info->index, name, sizeof name);
		ret = write_file(j->tmp, name, bytes, len);
		j->bytes += len;
		j->pages++;
	}
	if (ret < 0) {
		j->err = ret;
		return 1;
	}
	return 0;
}

/*** site.json ***/

static void json_str(vtx_buf *o, const char *s)
{
	vtx_buf_byte(o, '"');
	for (; s && *s; s++) {
		unsigned char c = (unsigned char)*s;
		char esc[8];

		if (c == '"' || c == '\\') {
			vtx_buf_byte(o, '\\');
			vtx_buf_byte(o, c);
		} else if (c < 0x20) {
			snprintf(esc, sizeof esc, "\\u%04x", c);
			vtx_buf_str(o, esc);
		} else {
			vtx_buf_byte(o, c);
		}
	}
	vtx_buf_byte(o, '"');
}

static void json_page_ref(vtx_buf *o, int index)
{
	char name[32];

	if (index == LAY_NONE) {
		vtx_buf_str(o, "null");
		return;
	}
	page_name(index, name, sizeof name);
	json_str(o, name);
}

static void json_page(vtx_buf *o, const lay_site *s, const lay_page_info *p)
{
	char tmp[96];

	vtx_buf_str(o, "    {\"file\": ");
	json_page_ref(o, p->index);
	snprintf(tmp, sizeof tmp, ", \"index\": %d, \"entry\": ", p->index);
	vtx_buf_str(o, tmp);
	if (p->entry == LAY_NONE)
		vtx_buf_str(o, "null, \"title\": \"Sommaire\"");
	else {
		snprintf(tmp, sizeof tmp, "%d, \"title\": ", p->entry + 1);
		vtx_buf_str(o, tmp);
		json_str(o, s->entries[p->entry].title);
	}
	snprintf(tmp, sizeof tmp, ", \"page\": %d, \"count\": %d,\n",
		 p->number, p->count);
	vtx_buf_str(o, tmp);
	vtx_buf_str(o, "     \"keys\": {\"SUITE\": ");
	json_page_ref(o, p->suite);
	vtx_buf_str(o, ", \"RETOUR\": ");
	json_page_ref(o, p->retour);
	vtx_buf_str(o, ", \"SOMMAIRE\": ");
	json_page_ref(o, p->sommaire);
	for (int c = 0; c < p->nchoices; c++) {
		snprintf(tmp, sizeof tmp, ", \"%d\": ", p->first_choice + c);
		vtx_buf_str(o, tmp);
		json_page_ref(o, s->entries[p->first_choice + c - 1].first_page);
	}
	vtx_buf_str(o, "}}");
}

static int site_json(const lay_site *s, vtx_buf *o)
{
	char tmp[96];

	vtx_buf_str(o, "{\n  \"format\": \"minitel-site 1\",\n  \"title\": ");
	json_str(o, s->title);
	vtx_buf_str(o, ",\n  \"start\": \"0001.vdt\",\n  \"entries\": [\n");
	for (size_t i = 0; i < s->nentries; i++) {
		const lay_entry *e = &s->entries[i];

		snprintf(tmp, sizeof tmp, "    {\"number\": %zu, \"title\": ",
			 i + 1);
		vtx_buf_str(o, tmp);
		json_str(o, e->title);
		vtx_buf_str(o, ", \"date\": ");
		if (e->date)
			json_str(o, e->date);
		else
			vtx_buf_str(o, "null");
		vtx_buf_str(o, ", \"source\": ");
		json_str(o, e->file ? e->file : "");
		vtx_buf_str(o, ", \"first\": ");
		json_page_ref(o, e->first_page);
		snprintf(tmp, sizeof tmp, ", \"pages\": %d}%s\n", e->npages,
			 i + 1 < s->nentries ? "," : "");
		vtx_buf_str(o, tmp);
	}
	vtx_buf_str(o, "  ],\n  \"pages\": [\n");
	for (size_t i = 0; i < s->npages; i++) {
		json_page(o, s, &s->pages[i]);
		vtx_buf_str(o, i + 1 < s->npages ? ",\n" : "\n");
	}
	vtx_buf_str(o, "  ]\n}\n");
	return o->failed ? -ENOMEM : 0;
}

/*** The folder ***/

static int remove_tree(const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char path[4400];

	if (!d)
		return errno == ENOENT ? 0 : -errno;
	while ((e = readdir(d)) != NULL) {
		if (!strcmp(e->d_name, ".") || !strcmp(e->d_name, ".."))
			continue;
		snprintf(path, sizeof path, "%s/%s", dir, e->d_name);
		unlink(path); /* an export holds files only */
	}
	closedir(d);
	return rmdir(dir) == 0 ? 0 : -errno;
}

/* 1: DIR is absent; 0: DIR is an earlier export; <0: refuse (errno). */
static int check_target(const char *dir)
{
	struct stat st;
	char path[4400];

	if (stat(dir, &st) != 0)
		return errno == ENOENT ? 1 : -errno;
	if (!S_ISDIR(st.st_mode))
		return -ENOTDIR;
	snprintf(path, sizeof path, "%s/" MARKER, dir);
	if (access(path, F_OK) != 0)
		return -EEXIST;
	return 0;
}

/* Swaps the finished temporary folder into place. */
static int install(const char *tmp, const char *dir, int absent)
{
	if (absent)
		return rename(tmp, dir) == 0 ? 0 : -errno;
	if (renameat2(AT_FDCWD, tmp, AT_FDCWD, dir, RENAME_EXCHANGE) != 0)
		return -errno;
	return remove_tree(tmp); /* the previous export, now at tmp */
}

static int export_into(const char *dir, notes_job *nj, int absent)
{
	job j = {0};
	lay_site *site = NULL;
	vtx_buf js = {0};
	int ret;

	snprintf(j.tmp, sizeof j.tmp, "%s.tmp-XXXXXX", dir);
	if (!mkdtemp(j.tmp))
		return util_write_error(dir, -errno);
	/* the permissions of the export it replaces, or a new folder's:
	 * mkdtemp's 0700 would keep a web server from the pages */
	if (chmod(j.tmp, util_new_mode(dir, 0777)) != 0) {
		ret = -errno;
		remove_tree(j.tmp);
		return util_write_error(dir, ret);
	}
	ret = notes_encode(nj, VTX_ENCODE_FF | PIPELINE_NO_SCREEN, on_page, &j,
			   &site);
	if (ret == 0 && site_json(site, &js) < 0)
		j.err = -ENOMEM;
	if (ret == 0 && !j.err)
		j.err = write_file(j.tmp, "site.json", js.data, js.len);
	if (ret == 0 && !j.err)
		j.err = write_file(j.tmp, MARKER, MARKER_TEXT,
				   strlen(MARKER_TEXT));
	if (ret == 0 && !j.err)
		j.err = sync_folder(j.tmp);
	if (interrupted) { /* (even once every page is written) */
		remove_tree(j.tmp);
		lay_site_free(site);
		vtx_buf_free(&js);
		return UTIL_EXIT_INPUT;
	}
	if (ret == 0 && !j.err)
		j.err = install(j.tmp, dir, absent);
	if (ret == 0 && !j.err)
		util_sync_parent(dir);
	vtx_buf_free(&js);
	if (ret != 0 || j.err) {
		remove_tree(j.tmp);
		lay_site_free(site);
		return j.err ? util_write_error(dir, j.err) : ret;
	}
	fprintf(stderr, "%s: %d pages, %zu entries, %zu bytes (%.1f s at "
		"1200 baud)\n", dir, j.pages, site->nentries, j.bytes,
		(double)j.bytes * 10 / 1200);
	lay_site_free(site);
	return UTIL_EXIT_OK;
}

int cmd_export(int argc, char **argv)
{
	static const util_opt opts[] = {
		{"output", 'o', 1}, {"format", 0, 1}, {"help", 'h', 0},
		{"whole-pages", 0, 0}};
	util_args a;
	notes_job nj = {0};
	const char *dir = NULL;
	char out[4000];
	struct stat lst;
	size_t n;
	int k, ret;

	nj.paths = calloc((size_t)argc, sizeof *nj.paths);
	if (!nj.paths)
		return util_error("minitel", "out of memory");
	util_args_init(&a, argc, argv);
	while ((k = util_args_next(&a, opts, 4)) != UTIL_OPT_END) {
		if (k == 3) {
			nj.whole_pages = 1;
			continue;
		}
		if (k == UTIL_OPT_ERROR || k == 1) {
			int f = k == 1 ? notes_format(a.value) : -1;

			if (f >= 0) {
				nj.format = (mk_format)f;
				continue;
			}
			free(nj.paths);
			if (k == 1)
				return util_usage_error("export", USAGE,
							NOTES_FORMAT_UNKNOWN,
							a.value);
			return util_usage_error("export", USAGE, "%s",
						a.error);
		}
		if (k == 2) {
			free(nj.paths);
			fputs(help, stdout);
			return UTIL_EXIT_OK;
		}
		if (k == 0)
			dir = a.value;
		else
			nj.paths[nj.npaths++] = (char *)a.value;
	}
	if (!dir || !*dir || nj.npaths == 0) {
		free(nj.paths);
		return util_usage_error("export", USAGE, "%s",
					!dir ? "-o DIR is required"
					: !*dir ? "-o DIR: an empty name"
						: "no notes given");
	}
	/* "out/" (as a shell completes it) is "out": the temporary folder
	 * goes beside DIR, not into it. A DIR that is a symbolic link is
	 * the folder it leads to: that folder is replaced, and the link
	 * left as it is (swapping the link itself out would empty the
	 * folder through it). */
	n = strlen(dir);
	while (n > 1 && dir[n - 1] == '/')
		n--;
	if (n < sizeof out) {
		memcpy(out, dir, n);
		out[n] = 0;
		if (lstat(out, &lst) == 0 && S_ISLNK(lst.st_mode)) {
			char *real = realpath(out, NULL);

			if (!real) {
				ret = errno;
				free(nj.paths);
				return util_error(dir, "%s", strerror(ret));
			}
			n = strlen(real);
			if (n < sizeof out)
				memcpy(out, real, n + 1);
			free(real);
		}
	}
	if (n >= sizeof out) {
		free(nj.paths);
		return util_error(dir, "%s", strerror(ENAMETOOLONG));
	}
	dir = out;
	ret = check_target(dir);
	if (ret < 0) {
		free(nj.paths);
		return util_error(dir, "%s", ret == -EEXIST ?
			"exists and is not an earlier export; refusing to "
			"write into it" : strerror(-ret));
	}
	catch_signals();
	ret = export_into(dir, &nj, ret == 1);
	free(nj.paths);
	take_signal();
	return ret;
}
