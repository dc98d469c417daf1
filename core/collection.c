/* core/collection.c -- notes files and folders into one doc.
 *
 * The OS layer of core/: it stats paths, walks folders (sorted by name,
 * so a run is reproducible; hidden names skipped; at most DEPTH_MAX deep;
 * a folder or file met again by another name, through a symbolic link,
 * taken once), reads files with fopen/fread,
 * and loads shortcuts.el for BlogMax files (notes-format.md §2, §6): the
 * nearest one in the file's folder or above it, up to the folder that was
 * given (or, for a file given alone, a few folders up), not past a blog
 * root (a folder with weblog.ini). A .txt file below a blog root or
 * beside a shortcuts.el is BlogMax even without other clues (§8).
 * Skipped: generated yymm.txt month indexes, shortcuts.el, weblog.ini.
 * Entries are then sorted newest first: dated entries by date, then by
 * file name, both descending; undated ones after them by file name; the
 * entries of one file keep their order. */
#include "collection.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

#include "mk_private.h"

#define DEPTH_MAX 16     /* folder nesting walked */
#define FILE_UP_MAX 3    /* folders above a lone file searched */

typedef struct strv {
	char **v;
	size_t n, cap;
} strv;

static int strv_add(strv *l, const char *a, const char *b)
{
	size_t la = strlen(a), lb = b ? strlen(b) : 0;
	char *s;

	if (l->n == l->cap) {
		size_t cap = l->cap ? l->cap * 2 : 32;
		char **nv = realloc(l->v, cap * sizeof *nv);

		if (!nv)
			return -ENOMEM;
		l->v = nv;
		l->cap = cap;
	}
	s = malloc(la + lb + 2);
	if (!s)
		return -ENOMEM;
	memcpy(s, a, la);
	if (b && la && a[la - 1] == '/')
		memcpy(s + la, b, lb + 1);
	else if (b) {
		s[la] = '/';
		memcpy(s + la + 1, b, lb + 1);
	} else {
		s[la] = 0;
	}
	l->v[l->n++] = s;
	return 0;
}

static void strv_free(strv *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
	memset(l, 0, sizeof *l);
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

static int exists(const char *dir, const char *name)
{
	char path[4096];
	struct stat st;

	if ((size_t)snprintf(path, sizeof path, "%s/%s", dir, name) >=
	    sizeof path)
		return 0;
	return stat(path, &st) == 0 && S_ISREG(st.st_mode);
}

/* --- which files ------------------------------------------------------------ */

/* A notes file of a walked folder (notes-format.md §2). */
static int wanted(const char *name)
{
	size_t n = strlen(name);

	if (name[0] == '.')
		return 0;
	if (n == 8 && mk_ends_with_ci(name, ".txt") && strspn(name, "0123456789")
	    == 4)
		return 0; /* yymm.txt: a generated month index */
	return mk_ends_with_ci(name, ".txt") || mk_ends_with_ci(name, ".md") ||
	       mk_ends_with_ci(name, ".markdown");
}

/* The files and folders met so far, by device and inode: a folder
 * reached again (a symbolic link to one above it, or two links to one
 * folder) is walked once, and a file reached by two names is listed once,
 * under the first. A set with open addressing: cap a power of two, kept
 * at most half full. */
typedef struct seen {
	struct seen_id {
		dev_t dev;
		ino_t ino;
		int used;
	} *v;
	size_t n, cap;
} seen;

/* Adds the file (dev, ino) to s: 1 when it was not there, 0 when it
 * was, or -ENOMEM. */
static int seen_add(seen *s, dev_t dev, ino_t ino)
{
	size_t i;

	if (2 * (s->n + 1) > s->cap) {
		seen bigger = {0};

		bigger.cap = s->cap ? 2 * s->cap : 64;
		bigger.v = calloc(bigger.cap, sizeof *bigger.v);
		if (!bigger.v)
			return -ENOMEM;
		for (size_t k = 0; k < s->cap; k++)
			if (s->v[k].used)
				seen_add(&bigger, s->v[k].dev, s->v[k].ino);
		free(s->v);
		*s = bigger;
	}
	i = (size_t)(((uint64_t)ino * 0x9E3779B97F4A7C15u) ^ (uint64_t)dev) &
	    (s->cap - 1);
	for (; s->v[i].used; i = (i + 1) & (s->cap - 1))
		if (s->v[i].dev == dev && s->v[i].ino == ino)
			return 0;
	s->v[i] = (struct seen_id){dev, ino, 1};
	s->n++;
	return 1;
}

static int walk(const char *dir, int depth, strv *out, seen *met)
{
	strv names = {0};
	struct dirent *e;
	struct stat st;
	DIR *dp;
	int ret = 0;

	if (depth > DEPTH_MAX || stat(dir, &st) != 0)
		return 0;
	if ((ret = seen_add(met, st.st_dev, st.st_ino)) <= 0)
		return ret; /* walked already */
	ret = 0;
	if (!(dp = opendir(dir)))
		return 0;
	while ((e = readdir(dp)) != NULL && !ret)
		if (e->d_name[0] != '.')
			ret = strv_add(&names, e->d_name, NULL);
	closedir(dp);
	if (names.n) /* qsort wants a valid pointer even for 0 items */
		qsort(names.v, names.n, sizeof *names.v, cmp_str);
	for (size_t i = 0; i < names.n && !ret; i++) {
		strv one = {0};

		if ((ret = strv_add(&one, dir, names.v[i])) < 0) {
			strv_free(&one);
			break;
		}
		if (stat(one.v[0], &st) != 0) {
			/* (a dangling link: nothing to read) */
		} else if (S_ISDIR(st.st_mode)) {
			ret = walk(one.v[0], depth + 1, out, met);
		} else if (wanted(names.v[i]) &&
			   (ret = seen_add(met, st.st_dev, st.st_ino)) > 0) {
			ret = strv_add(out, one.v[0], NULL);
		}
		strv_free(&one);
	}
	strv_free(&names);
	return ret < 0 ? ret : 0;
}

/* The notes files a path given names, in order, into *files: a folder's
 * (walk), or the file itself, unless `met` has it already (a file given
 * twice, or in a folder given before); *dir says which. A path that
 * cannot be read is listed, for its reader to say so. */
static int list_path(const char *path, seen *met, strv *files, int *dir)
{
	struct stat st;
	int known = stat(path, &st) == 0, ret;

	*dir = known && S_ISDIR(st.st_mode);
	if (*dir)
		return walk(path, 0, files, met);
	if (known && (ret = seen_add(met, st.st_dev, st.st_ino)) <= 0)
		return ret;
	return strv_add(files, path, NULL);
}

/* --- shortcuts ------------------------------------------------------------- */

typedef struct sc_cache {
	char **dirs;           /* folders holding a shortcuts.el */
	mk_shortcuts **tables; /* its table (NULL if it would not load) */
	size_t n, cap;
	/* Held around lookups while several threads parse (coll_scan_threads);
	 * NULL: one thread. The tables, once loaded, are only read. */
	pthread_mutex_t *lock;
	/* What context() last found, for the folder `at` (NULL: nothing
	 * yet) under `root`: a folder's files come one after the other, and
	 * its answer takes two stat calls a folder climbed, each time. */
	char *at;
	const char *at_root;
	const mk_shortcuts *at_sc;
	int at_blog;
} sc_cache;

static void *read_all(const char *path, size_t *len, int *err);

static const mk_shortcuts *sc_load(sc_cache *c, const char *dir, int *ret)
{
	char path[4096];
	void *bytes;
	size_t len = 0;
	int err = 0;

	for (size_t i = 0; i < c->n; i++)
		if (!strcmp(c->dirs[i], dir))
			return c->tables[i];
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 8;
		char **nd = realloc(c->dirs, cap * sizeof *nd);
		mk_shortcuts **nt;

		if (!nd)
			goto oom;
		c->dirs = nd;
		nt = realloc(c->tables, cap * sizeof(mk_shortcuts *));
		if (!nt)
			goto oom;
		c->tables = nt;
		c->cap = cap;
	}
	if ((size_t)snprintf(path, sizeof path, "%s/shortcuts.el", dir) >=
	    sizeof path)
		return NULL;
	bytes = read_all(path, &len, &err);
	c->tables[c->n] = bytes ? mk_shortcuts_parse(bytes, len) : NULL;
	free(bytes);
	if (err == -ENOMEM || (bytes && !c->tables[c->n]))
		goto oom;
	c->dirs[c->n] = strdup(dir);
	if (!c->dirs[c->n]) {
		mk_shortcuts_free(c->tables[c->n]);
		goto oom;
	}
	return c->tables[c->n++];
oom:
	*ret = -ENOMEM;
	return NULL;
}

static void sc_free(sc_cache *c)
{
	free(c->at);
	for (size_t i = 0; i < c->n; i++) {
		free(c->dirs[i]);
		mk_shortcuts_free(c->tables[i]);
	}
	free(c->dirs);
	free(c->tables);
}

/* The folder of path into dir ("." when none). */
static void folder_of(const char *path, char *dir, size_t cap)
{
	const char *slash = strrchr(path, '/');
	size_t n = slash ? (size_t)(slash - path) : 0;

	if (slash == path)
		n = 1; /* "/x.txt" */
	if (!slash || n >= cap) {
		snprintf(dir, cap, ".");
		return;
	}
	memcpy(dir, path, n);
	dir[n] = 0;
}

/* Climbs from the file's folder: finds shortcuts.el and whether a blog
 * root or a shortcuts.el marks the file as BlogMax. `root` bounds the
 * climb (NULL: FILE_UP_MAX folders). */
static const mk_shortcuts *climb(sc_cache *c, char *dir, const char *root,
				 int *blog, int *ret)
{
	size_t rl = root ? strlen(root) : 0;

	*blog = 0;
	for (int up = 0; up <= (root ? DEPTH_MAX : FILE_UP_MAX); up++) {
		int ini = exists(dir, "weblog.ini");
		char *slash;

		if (exists(dir, "shortcuts.el")) {
			*blog = 1;
			return sc_load(c, dir, ret);
		}
		*blog |= ini;
		if (ini || (root && strlen(dir) <= rl) ||
		    !(slash = strrchr(dir, '/')) || slash == dir)
			break;
		*slash = 0;
	}
	return NULL;
}

/* climb() from the folder of `file`, or what it found there last time. */
static const mk_shortcuts *context(sc_cache *c, const char *file,
				   const char *root, int *blog, int *ret)
{
	char dir[4096], *at;
	const mk_shortcuts *sc;

	folder_of(file, dir, sizeof dir);
	if (c->at && c->at_root == root && !strcmp(c->at, dir)) {
		*blog = c->at_blog;
		return c->at_sc;
	}
	at = strdup(dir);
	sc = climb(c, dir, root, blog, ret);
	if (at && *ret == 0) {
		free(c->at);
		c->at = at;
		c->at_root = root;
		c->at_sc = sc;
		c->at_blog = *blog;
	} else {
		free(at); /* (not remembered: asked again next time) */
	}
	return sc;
}

/* --- reading ------------------------------------------------------------------ */

/* The whole file in a heap buffer (caller frees), or NULL with *err a
 * negative errno. */
static void *read_all(const char *path, size_t *len, int *err)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	char *buf, *nb;
	size_t n = 0, cap;
	struct stat st;
	ssize_t got;

	if (fd < 0) {
		*err = -errno;
		return NULL;
	}
	/* Room for the whole file and a byte more, so that a file read
	 * whole takes one read and the one that says it ended (a file
	 * that grows meanwhile, or no size, grows the buffer). Each
	 * system call costs: a collection is read twice, a file at a
	 * time. */
	cap = fstat(fd, &st) == 0 && st.st_size > 0 &&
			      (uintmax_t)st.st_size < SIZE_MAX / 2
		      ? (size_t)st.st_size + 1
		      : 16384;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		*err = -ENOMEM;
		return NULL;
	}
	for (;;) {
		if (n == cap) {
			nb = cap <= SIZE_MAX / 2 ? realloc(buf, cap * 2) : NULL;
			if (!nb) {
				got = -1;
				errno = ENOMEM;
				break;
			}
			buf = nb;
			cap *= 2;
		}
		got = read(fd, buf + n, cap - n);
		if (got < 0 && errno == EINTR)
			continue;
		if (got <= 0)
			break;
		n += (size_t)got;
	}
	if (got < 0) {
		*err = errno ? -errno : -EIO;
		free(buf);
		close(fd);
		return NULL;
	}
	close(fd);
	*len = n;
	return buf;
}

/* A file that is no text: a NUL in its first 8000 bytes (git's test),
 * unless it is UTF-16 (mk_normalise). A picture or a .vdt named by
 * mistake would otherwise become pages of replacement characters. */
static int binary(const char *bytes, size_t len)
{
	return !mk_utf16_bom(bytes, len) &&
	       memchr(bytes, 0, len < 8000 ? len : 8000) != NULL;
}

static int load_file(doc *d, sc_cache *c, const char *path, const char *root,
		     const coll_options *opt)
{
	mk_options mo = {.format = opt ? opt->format : MK_FORMAT_AUTO};
	size_t len = 0;
	int err = 0, blog = 0, ret = 0;
	void *bytes = read_all(path, &len, &err);
	const mk_shortcuts *sc;

	if (!bytes) {
		if (err == -ENOMEM)
			return err;
		doc_diag_add(d, path, 0, 0, DOC_ERROR, "%s", strerror(-err));
		return 0;
	}
	if (binary(bytes, len)) { /* no entries: the file is left out */
		doc_diag_add(d, path, 0, 0, DOC_WARNING,
			     "not notes (binary data): left out");
		free(bytes);
		return 0;
	}
	if (c->lock)
		pthread_mutex_lock(c->lock);
	sc = context(c, path, root, &blog, &ret);
	if (c->lock)
		pthread_mutex_unlock(c->lock);
	if (ret < 0) {
		free(bytes);
		return ret;
	}
	mo.shortcuts = sc;
	mo.blog = blog;
	ret = mk_parse(d, path, bytes, len, &mo);
	free(bytes);
	return ret;
}

/* --- order ------------------------------------------------------------------------ */

typedef struct keyed {
	doc_node *n;
	size_t order;
} keyed;

static int cmp_entry(const void *pa, const void *pb)
{
	const keyed *a = pa, *b = pb;
	const char *fa = a->n->file ? a->n->file : "";
	const char *fb = b->n->file ? b->n->file : "";
	int c;

	if (!a->n->date != !b->n->date)
		return a->n->date ? -1 : 1;
	if (a->n->date && (c = strcmp(b->n->date, a->n->date)) != 0)
		return c;
	c = a->n->date ? strcmp(fb, fa) : strcmp(fa, fb);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

static int sort_entries(doc *d)
{
	doc_node *root = doc_root(d), *n;
	size_t count = 0, i = 0;
	keyed *v;

	for (n = root->first_child; n; n = n->next)
		count++;
	if (count < 2)
		return 0;
	v = malloc(count * sizeof *v);
	if (!v)
		return -ENOMEM;
	for (n = root->first_child; n; n = n->next, i++)
		v[i] = (keyed){n, i};
	qsort(v, count, sizeof *v, cmp_entry);
	for (i = 0; i < count; i++)
		doc_unlink(v[i].n);
	/* Relinked by hand: doc.h appends only new nodes. */
	for (i = 0; i < count; i++) {
		n = v[i].n;
		n->parent = root;
		n->prev = root->last_child;
		if (root->last_child)
			root->last_child->next = n;
		else
			root->first_child = n;
		root->last_child = n;
	}
	free(v);
	return 0;
}

int coll_load(doc *d, const char *const *paths, size_t npaths,
	      const coll_options *opt)
{
	sc_cache cache = {0};
	seen met = {0};
	int ret = 0;

	for (size_t i = 0; i < npaths && !ret; i++) {
		strv files = {0};
		int dir;

		ret = list_path(paths[i], &met, &files, &dir);
		for (size_t k = 0; k < files.n && !ret; k++)
			ret = load_file(d, &cache, files.v[k],
					dir ? paths[i] : NULL, opt);
		strv_free(&files);
	}
	free(met.v);
	sc_free(&cache);
	if (!ret)
		ret = sort_entries(d);
	return ret;
}

/* --- one file at a time -------------------------------------------------------- */

typedef struct coll_file {
	const char *root;  /* the folder argument it was found in, or NULL */
	char *path;
	char date[11];     /* of its entries; "" when undated */
	size_t nentries;
	size_t order;      /* in load order */
} coll_file;

struct coll {
	coll_options opt;
	sc_cache cache;
	/* cache.lock, set while several threads read files (coll_scan_threads,
	 * coll_read_shared). */
	pthread_mutex_t sc_lock;
	int sc_lock_ok;
	coll_file *files;
	size_t nfiles;
	size_t nentries;
	size_t next;       /* coll_next's place in files[] (sorted) */
	const char *current;
};

int coll_open(const char *const *paths, size_t npaths,
	      const coll_options *opt, coll **out)
{
	coll *c = calloc(1, sizeof *c);
	seen met = {0};
	size_t cap = 0;
	int ret = 0;

	*out = NULL;
	if (!c)
		return -ENOMEM;
	if (opt)
		c->opt = *opt;
	c->sc_lock_ok = pthread_mutex_init(&c->sc_lock, NULL) == 0;
	for (size_t i = 0; i < npaths && !ret; i++) {
		strv files = {0};
		int dir;

		ret = list_path(paths[i], &met, &files, &dir);
		for (size_t k = 0; k < files.n && !ret; k++) {
			coll_file *f;

			if (c->nfiles == cap) {
				size_t ncap = cap ? cap * 2 : 64;
				coll_file *nf = realloc(c->files,
							ncap * sizeof *nf);

				if (!nf) {
					ret = -ENOMEM;
					break;
				}
				c->files = nf;
				cap = ncap;
			}
			f = &c->files[c->nfiles];
			memset(f, 0, sizeof *f);
			f->root = dir ? paths[i] : NULL;
			f->path = files.v[k];
			files.v[k] = NULL; /* now the coll's */
			f->order = c->nfiles++;
		}
		strv_free(&files);
	}
	free(met.v);
	if (ret < 0) {
		coll_close(c);
		return ret;
	}
	*out = c;
	return 0;
}

/* Newest first, as sort_entries orders the entries: a file's entries
 * share its date and name and keep their order, so ordering the files
 * orders the entries. */
static int cmp_file(const void *pa, const void *pb)
{
	const coll_file *a = pa, *b = pb;
	int c;

	if (!a->date[0] != !b->date[0])
		return a->date[0] ? -1 : 1;
	if (a->date[0] && (c = strcmp(b->date, a->date)) != 0)
		return c;
	c = a->date[0] ? strcmp(b->path, a->path) : strcmp(a->path, b->path);
	if (c)
		return c;
	return a->order < b->order ? -1 : a->order > b->order;
}

/* What coll_scan notes of file i, parsed into d: its entries and date. */
static void scan_note(coll *c, size_t i, const doc *d)
{
	coll_file *f = &c->files[i];
	const doc_node *e;

	f->nentries = 0;
	for (e = doc_root(d)->first_child; e; e = e->next) {
		if (e->date && !f->date[0])
			snprintf(f->date, sizeof f->date, "%s", e->date);
		f->nentries++;
	}
}

static void diags_hand(const doc *d, coll_diag_cb diag, void *user)
{
	for (size_t k = 0; k < doc_diag_count(d) && diag; k++)
		diag(doc_diag_get(d, k), user);
}

/* After the files are scanned: their entries counted, the files newest
 * first, for coll_next. */
static int scan_end(coll *c, int ret)
{
	c->nentries = 0;
	for (size_t i = 0; i < c->nfiles; i++)
		c->nentries += c->files[i].nentries;
	if (!ret && c->nfiles) /* (qsort wants a pointer, even for none) */
		qsort(c->files, c->nfiles, sizeof *c->files, cmp_file);
	c->next = 0;
	return ret;
}

int coll_scan(coll *c, coll_diag_cb diag, void *user)
{
	int ret = 0;

	for (size_t i = 0; i < c->nfiles && !ret; i++) {
		doc *d = doc_new();

		if (!d)
			return -ENOMEM;
		ret = load_file(d, &c->cache, c->files[i].path,
				c->files[i].root, &c->opt);
		if (!ret) {
			diags_hand(d, diag, user);
			scan_note(c, i, d);
		}
		doc_free(d);
	}
	return scan_end(c, ret);
}

/* coll_scan_threads: the threads take the files in order and parse them
 * at once; each notes its file's entries and date, keeps a copy of its
 * diagnostics (most files have none) and goes on to the next file. The
 * diagnostics are handed to diag in the files' order by whichever thread
 * finds the oldest file not yet handed on done (hand_diags), one thread
 * at a time, so that diag sees what coll_scan would show, in its order,
 * and no thread waits for another's file. Memory holds a doc a thread,
 * and the kept diagnostics of the files done ahead of the oldest. */
typedef struct scan_job {
	coll *c;
	coll_diag_cb diag;
	void *user;
	pthread_mutex_t lock;
	size_t taken, handed; /* files taken by a thread; handed on */
	unsigned char *done;  /* per file: parsed */
	int *res;             /* per file: load_file's result */
	doc **kept;           /* per file: its diagnostics, or NULL */
	int handing;
	int stop;             /* a file failed: no more are taken */
	int ret; /* the first failure in the files' order, as coll_scan's */
} scan_job;

/* Hands on the diagnostics of the files done, in their order, up to
 * the first that failed, whose failure is the scan's (coll_scan's: what
 * came before it, and nothing after). Called, and returns, with the lock
 * held. */
static void hand_diags(scan_job *j)
{
	if (j->handing)
		return;
	j->handing = 1;
	while (!j->ret && j->handed < j->taken && j->done[j->handed]) {
		doc *d = j->kept[j->handed];

		j->kept[j->handed] = NULL;
		if (j->res[j->handed]) {
			j->ret = j->res[j->handed];
		} else if (d) {
			pthread_mutex_unlock(&j->lock);
			diags_hand(d, j->diag, j->user);
			pthread_mutex_lock(&j->lock);
		}
		doc_free(d);
		j->handed++;
	}
	j->handing = 0;
}

/* A copy of d's diagnostics, or NULL when it has none; *ret -ENOMEM
 * when it cannot be made. */
static doc *diags_copy(const doc *d, int *ret)
{
	doc *k;

	if (doc_diag_count(d) == 0)
		return NULL;
	if (!(k = doc_new())) {
		*ret = -ENOMEM;
		return NULL;
	}
	for (size_t i = 0; i < doc_diag_count(d); i++) {
		const doc_diag *g = doc_diag_get(d, i);

		doc_diag_add(k, g->file, g->line, g->col, g->severity, "%s",
			     g->msg);
	}
	if (doc_diag_count(k) != doc_diag_count(d))
		*ret = -ENOMEM;
	return k;
}

static void *scan_run(void *arg)
{
	scan_job *j = arg;
	coll *c = j->c;

	pthread_mutex_lock(&j->lock);
	while (j->taken < c->nfiles && !j->stop) {
		size_t i = j->taken++;
		doc *d, *keep = NULL;
		int ret;

		pthread_mutex_unlock(&j->lock);
		d = doc_new();
		ret = d ? load_file(d, &c->cache, c->files[i].path,
				    c->files[i].root, &c->opt)
			: -ENOMEM;
		if (!ret) {
			scan_note(c, i, d);
			if (j->diag)
				keep = diags_copy(d, &ret);
		}
		doc_free(d);
		pthread_mutex_lock(&j->lock);
		if (ret)
			j->stop = 1;
		j->res[i] = ret;
		j->kept[i] = keep;
		j->done[i] = 1;
		hand_diags(j);
	}
	pthread_mutex_unlock(&j->lock);
	return NULL;
}

int coll_scan_threads(coll *c, coll_diag_cb diag, void *user, int nthreads)
{
	scan_job j = {.c = c, .diag = diag, .user = user};
	pthread_t th[COLL_THREADS_MAX];
	int n = 0;

	if (nthreads > COLL_THREADS_MAX)
		nthreads = COLL_THREADS_MAX;
	if (nthreads < 2 || c->nfiles < 2)
		return coll_scan(c, diag, user);
	j.done = calloc(c->nfiles, 1);
	j.res = calloc(c->nfiles, sizeof *j.res);
	j.kept = calloc(c->nfiles, sizeof(doc *));
	if (!j.done || !j.res || !j.kept || !coll_read_shared(c, 1) ||
	    pthread_mutex_init(&j.lock, NULL) != 0) {
		if (j.done && j.res && j.kept)
			coll_read_shared(c, 0);
		free(j.done);
		free(j.res);
		free(j.kept);
		return coll_scan(c, diag, user);
	}
	/* The calling thread is one of them; fewer start, fewer run. */
	while (n < nthreads - 1 &&
	       pthread_create(&th[n], NULL, scan_run, &j) == 0)
		n++;
	scan_run(&j);
	for (int i = 0; i < n; i++)
		pthread_join(th[i], NULL);
	coll_read_shared(c, 0);
	pthread_mutex_destroy(&j.lock);
	for (size_t i = 0; i < c->nfiles; i++) /* after a failure */
		doc_free(j.kept[i]);
	free(j.done);
	free(j.res);
	free(j.kept);
	return scan_end(c, j.ret);
}

int coll_read_shared(coll *c, int on)
{
	if (on && !c->sc_lock_ok)
		return 0;
	c->cache.lock = on ? &c->sc_lock : NULL;
	return 1;
}

size_t coll_entries(const coll *c)
{
	return c->nentries;
}

size_t coll_files(const coll *c)
{
	return c->nfiles;
}

size_t coll_file_entries(const coll *c, size_t i)
{
	return i < c->nfiles ? c->files[i].nentries : 0;
}

int coll_read(coll *c, size_t i, doc **out)
{
	const coll_file *f = &c->files[i];
	size_t n = 0;
	doc *d;
	int ret;

	*out = NULL;
	if (f->nentries == 0)
		return 0; /* nothing to lay out */
	if (!(d = doc_new()))
		return -ENOMEM;
	ret = load_file(d, &c->cache, f->path, f->root, &c->opt);
	for (const doc_node *e = doc_root(d)->first_child; e; e = e->next)
		n++;
	for (size_t k = 0; k < doc_diag_count(d) && !ret; k++)
		if (doc_diag_get(d, k)->severity == DOC_ERROR)
			ret = -ESTALE; /* unreadable now */
	if (!ret && n != f->nentries)
		ret = -ESTALE;
	if (ret) {
		doc_free(d);
		return ret;
	}
	*out = d;
	return 1;
}

void coll_failed(coll *c, size_t i)
{
	if (i < c->nfiles)
		c->current = c->files[i].path;
}

int coll_next(coll *c, doc **out)
{
	*out = NULL;
	while (c->next < c->nfiles) {
		size_t i = c->next++;
		int ret;

		if (c->files[i].nentries == 0)
			continue;
		c->current = c->files[i].path;
		ret = coll_read(c, i, out);
		if (ret != 0)
			return ret;
	}
	return 0;
}

const char *coll_current(const coll *c)
{
	return c->current;
}

void coll_close(coll *c)
{
	if (!c)
		return;
	for (size_t i = 0; i < c->nfiles; i++)
		free(c->files[i].path);
	free(c->files);
	sc_free(&c->cache);
	if (c->sc_lock_ok)
		pthread_mutex_destroy(&c->sc_lock);
	free(c);
}

/* The site-name= line of a weblog.ini in `dir` (notes-format.md §2), or
 * NULL. */
static const char *ini_site_name(doc *d, const char *dir)
{
	char path[4200], line[512];
	const char *out = NULL;
	FILE *f;

	snprintf(path, sizeof path, "%s/weblog.ini", dir);
	f = fopen(path, "r");
	if (!f)
		return NULL;
	while (!out && fgets(line, sizeof line, f)) {
		char *v = line + strspn(line, " \t");
		size_t n;

		if (strncmp(v, "site-name", 9) != 0)
			continue;
		v += 9 + strspn(v + 9, " \t");
		if (*v != '=')
			continue;
		v += 1 + strspn(v + 1, " \t");
		n = strcspn(v, "\r\n");
		while (n > 0 && (v[n - 1] == ' ' || v[n - 1] == '\t'))
			n--;
		if (n > 0)
			out = doc_strndup(d, v, n);
	}
	fclose(f);
	return out;
}

const char *coll_title(doc *d, const char *const *paths, size_t npaths)
{
	char cwd[4096], name[4096];
	const char *base, *out = NULL;
	size_t n;

	if (npaths != 1 || !is_dir(paths[0]))
		return "Notes";
	if ((out = ini_site_name(d, paths[0])) != NULL)
		return out;
	/* "notes/" names notes; "." names the current folder. */
	n = strlen(paths[0]);
	while (n > 1 && paths[0][n - 1] == '/')
		n--;
	if (n >= sizeof name)
		return "Notes";
	memcpy(name, paths[0], n);
	name[n] = 0;
	base = mk_basename(name);
	if (strcmp(base, ".") == 0 && getcwd(cwd, sizeof cwd))
		base = mk_basename(cwd);
	n = strlen(base);
	if (n && strcmp(base, ".") != 0 && strcmp(base, "..") != 0 &&
	    strcmp(base, "/") != 0)
		out = doc_strndup(d, base, n);
	return out ? out : "Notes";
}

int coll_lay_out(coll *c, const lay_options *opt, lay_page_cb cb,
		 void *user, lay_site **site)
{
	lay_stream *ls = NULL;
	doc *d = NULL;
	int ret, end;

	*site = NULL;
	ret = lay_begin(opt, coll_entries(c), cb, user, &ls);
	while (ret == 0 && (ret = coll_next(c, &d)) == 1) {
		ret = lay_add(ls, d);
		doc_free(d);
	}
	if (!ls)
		return ret;
	end = lay_end(ls, ret ? NULL : site);
	return ret ? ret : end;
}
