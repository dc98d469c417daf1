/* tools/source.c -- notes or an export folder as pages and a site map
 * (see source.h). */
#include "source.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "util.h"
#include "videotex/buf.h"
#include "videotex/term.h"

#define JSON_DEPTH 16

/*** Notes ***/

void source_free(source *src)
{
	free(src->pages);
	lay_site_free(src->site);
	memset(src, 0, sizeof *src);
}

static int source_room(source *src, size_t need)
{
	size_t cap = src->cap ? src->cap : 16;
	vtx_screen *v;

	if (need <= src->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	v = realloc(src->pages, cap * sizeof *v);
	if (!v)
		return -ENOMEM;
	src->pages = v;
	src->cap = cap;
	return 0;
}

static int keep(const vtx_screen *screen, const lay_page_info *info,
		void *user)
{
	source *src = user;
	size_t need = (size_t)info->index + 1;

	if (source_room(src, need) < 0)
		return -ENOMEM;
	src->pages[info->index] = *screen;
	if (need > src->n)
		src->n = need;
	return 0;
}

static int load_notes(notes_job *nj, source *src)
{
	int ret = notes_build(nj, keep, src, &src->site);

	if (ret < 0)
		return util_error("minitel", "out of memory");
	if (ret == 0 && src->n != src->site->npages)
		return util_error("minitel", "the layout gave %zu pages of %zu",
				  src->n, src->site->npages);
	return ret;
}

/*** A small JSON reader ***/

enum { J_NULL, J_TRUE, J_FALSE, J_NUM, J_STR, J_ARR, J_OBJ };

typedef struct jv jv;
struct jv {
	int type;
	char *key;      /* member of an object: its name */
	char *str;      /* J_STR */
	double num;     /* J_NUM */
	jv *kid, *next; /* J_ARR, J_OBJ: the elements */
};

typedef struct jp {
	const char *p, *end, *start;
	const char *err; /* what was wrong, at p */
} jp;

static void jv_free(jv *v)
{
	while (v) {
		jv *next = v->next;

		jv_free(v->kid);
		free(v->key);
		free(v->str);
		free(v);
		v = next;
	}
}

static void j_ws(jp *j)
{
	while (j->p < j->end && (*j->p == ' ' || *j->p == '\t' ||
				 *j->p == '\n' || *j->p == '\r'))
		j->p++;
}

static jv *j_fail(jp *j, const char *why)
{
	if (!j->err)
		j->err = why;
	return NULL;
}

static void *j_oom(jp *j)
{
	return j_fail(j, "out of memory");
}

static int j_hex4(jp *j, unsigned *out)
{
	*out = 0;
	for (int i = 0; i < 4; i++, j->p++) {
		char c = j->p < j->end ? *j->p : 0;
		int d = c >= '0' && c <= '9' ? c - '0' :
			c >= 'a' && c <= 'f' ? c - 'a' + 10 :
			c >= 'A' && c <= 'F' ? c - 'A' + 10 : -1;

		if (d < 0)
			return -1;
		*out = *out * 16 + (unsigned)d;
	}
	return 0;
}

/* \uXXXX (a surrogate pair too) as UTF-8. */
static int j_escape_u(jp *j, vtx_buf *b)
{
	unsigned cp, lo;

	if (j_hex4(j, &cp) < 0)
		return -1;
	if (cp >= 0xD800 && cp < 0xDC00 && j->end - j->p >= 6 &&
	    j->p[0] == '\\' && j->p[1] == 'u') {
		j->p += 2;
		if (j_hex4(j, &lo) < 0 || lo < 0xDC00 || lo > 0xDFFF)
			return -1;
		cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
	}
	return vtx_buf_utf8(b, cp);
}

static char *j_string(jp *j)
{
	static const char from[] = "\"\\/bfnrt", to[] = "\"\\/\b\f\n\r\t";
	vtx_buf b = {0};
	char *s;

	j->p++; /* the opening quote */
	while (j->p < j->end && *j->p != '"') {
		const char *e;

		if ((unsigned char)*j->p < 0x20)
			break;
		if (*j->p != '\\') {
			vtx_buf_byte(&b, (uint8_t)*j->p++);
			continue;
		}
		if (++j->p < j->end && *j->p == 'u') {
			j->p++;
			if (j_escape_u(j, &b) < 0)
				break;
		} else if (j->p < j->end && (e = strchr(from, *j->p)) && *e) {
			vtx_buf_byte(&b, (uint8_t)to[e - from]);
			j->p++;
		} else {
			break;
		}
	}
	if (j->p >= j->end || *j->p != '"' || b.failed) {
		vtx_buf_free(&b);
		j_fail(j, "bad string");
		return NULL;
	}
	j->p++;
	vtx_buf_byte(&b, 0);
	s = b.failed ? NULL : (char *)b.data;
	if (!s) {
		vtx_buf_free(&b);
		j_oom(j);
	}
	return s;
}

static jv *j_value(jp *j, int depth);

/* One member name and its ':'; NULL on error. */
static char *j_key(jp *j)
{
	char *key;

	j_ws(j);
	if (j->p >= j->end || *j->p != '"') {
		j_fail(j, "expected a member name");
		return NULL;
	}
	key = j_string(j);
	j_ws(j);
	if (key && (j->p >= j->end || *j->p++ != ':')) {
		free(key);
		j_fail(j, "expected ':'");
		return NULL;
	}
	return key;
}

/* The elements of an array or the members of an object into *out (NULL
 * when empty). Returns 0, or -1 with j->err set. */
static int j_list(jp *j, int depth, int object, jv **out)
{
	jv **tail = out;
	char close = object ? '}' : ']';

	*out = NULL;
	j->p++;
	j_ws(j);
	if (j->p < j->end && *j->p == close) {
		j->p++;
		return 0;
	}
	for (;;) {
		char *key = object ? j_key(j) : NULL;
		jv *v = object && !key ? NULL : j_value(j, depth + 1);

		if (!v) {
			free(key);
			break;
		}
		v->key = key;
		*tail = v;
		tail = &v->next;
		j_ws(j);
		if (j->p < j->end && *j->p == ',') {
			j->p++;
			continue;
		}
		if (j->p < j->end && *j->p++ == close)
			return 0;
		j_fail(j, object ? "expected ',' or '}'" : "expected ',' or ']'");
		break;
	}
	jv_free(*out);
	*out = NULL;
	return -1;
}

static jv *j_node(jp *j, int type)
{
	jv *v = calloc(1, sizeof *v);

	if (!v)
		return j_oom(j);
	v->type = type;
	return v;
}

static jv *j_word(jp *j)
{
	static const char *const words[] = {"null", "true", "false"};
	static const int types[] = {J_NULL, J_TRUE, J_FALSE};

	for (int i = 0; i < 3; i++) {
		size_t n = strlen(words[i]);

		if ((size_t)(j->end - j->p) >= n &&
		    memcmp(j->p, words[i], n) == 0) {
			j->p += n;
			return j_node(j, types[i]);
		}
	}
	return j_fail(j, "unexpected character");
}

static jv *j_value(jp *j, int depth)
{
	jv *v;

	j_ws(j);
	if (j->p >= j->end)
		return j_fail(j, "unexpected end");
	if (depth > JSON_DEPTH)
		return j_fail(j, "nested too deep");
	if (*j->p == '{' || *j->p == '[') {
		int object = *j->p == '{';
		jv *kids;

		if (j_list(j, depth, object, &kids) < 0)
			return NULL;
		if (!(v = j_node(j, object ? J_OBJ : J_ARR))) {
			jv_free(kids);
			return NULL;
		}
		v->kid = kids;
		return v;
	}
	if (*j->p == '"') {
		char *s = j_string(j);

		if (!s || !(v = j_node(j, J_STR))) {
			free(s);
			return NULL;
		}
		v->str = s;
		return v;
	}
	if (*j->p == '-' || (*j->p >= '0' && *j->p <= '9')) {
		char *e;
		double d = strtod(j->p, &e);

		if (e == j->p || e > j->end || !(v = j_node(j, J_NUM)))
			return j_fail(j, "bad number");
		v->num = d;
		j->p = e;
		return v;
	}
	return j_word(j);
}

/* Parses a whole JSON text (NUL-terminated after `len` bytes). NULL on
 * error, with *line / *col (1-based) and the reason in *why. */
static jv *json_parse(const char *text, size_t len, int *line, int *col,
		      const char **why)
{
	jp j = {text, text + len, text, NULL};
	jv *v = j_value(&j, 0);

	j_ws(&j);
	if (v && j.p != j.end) {
		jv_free(v);
		v = j_fail(&j, "text after the value");
	}
	if (v)
		return v;
	*line = 1;
	*col = 1;
	for (const char *c = text; c < j.p && c < j.end; c++) {
		if (*c == '\n') {
			(*line)++;
			*col = 1;
		} else if (((unsigned char)*c & 0xC0) != 0x80) {
			(*col)++;
		}
	}
	*why = j.err ? j.err : "bad JSON";
	return NULL;
}

static const jv *jget(const jv *obj, const char *key)
{
	if (!obj || obj->type != J_OBJ)
		return NULL;
	for (const jv *k = obj->kid; k; k = k->next)
		if (k->key && strcmp(k->key, key) == 0)
			return k;
	return NULL;
}

static const char *jstr(const jv *obj, const char *key)
{
	const jv *v = jget(obj, key);

	return v && v->type == J_STR ? v->str : NULL;
}

/* An integer member in [min, max]: 0, or -1 when absent or not one. */
static int jint(const jv *obj, const char *key, int min, int max, int *out)
{
	const jv *v = jget(obj, key);

	if (!v || v->type != J_NUM || v->num < min || v->num > max ||
	    v->num != (double)(int)v->num)
		return -1;
	*out = (int)v->num;
	return 0;
}

static size_t jcount(const jv *arr)
{
	size_t n = 0;

	for (const jv *k = arr ? arr->kid : NULL; k; k = k->next)
		n++;
	return n;
}

/*** An export folder ***/

/* A page reference of site.json (a page's file name, or null) to its
 * index; -1 when it names no page. */
static int page_ref(const jv *pages, const jv *ref, int *out)
{
	int i = 0;

	if (ref && ref->type == J_NULL) {
		*out = LAY_NONE;
		return 0;
	}
	if (!ref || ref->type != J_STR)
		return -1;
	for (const jv *p = pages->kid; p; p = p->next, i++) {
		const char *f = jstr(p, "file");

		if (f && strcmp(f, ref->str) == 0) {
			*out = i;
			return 0;
		}
	}
	return -1;
}

static int all_digits(const char *s)
{
	if (!*s)
		return 0;
	for (; *s; s++)
		if (*s < '0' || *s > '9')
			return 0;
	return 1;
}

/* The keys of a page: SUITE, RETOUR, SOMMAIRE and the numbered choices
 * (consecutive entry numbers). NULL, or what is wrong. */
static const char *page_keys(const jv *pages, const jv *keys,
			     lay_page_info *info)
{
	int lo = 0, hi = 0, n = 0, target = 0, number;

	info->suite = info->retour = info->sommaire = LAY_NONE;
	if (!keys || keys->type != J_OBJ)
		return "no keys";
	for (const jv *m = keys->kid; m; m = m->next) {
		/* a numbered choice's page is the entry's first: not kept */
		int *to = !strcmp(m->key, "SUITE") ? &info->suite :
			  !strcmp(m->key, "RETOUR") ? &info->retour :
			  !strcmp(m->key, "SOMMAIRE") ? &info->sommaire
						      : &target;

		if (page_ref(pages, m, to) < 0)
			return "a key leads to no page";
		if (to != &target)
			continue;
		if (!all_digits(m->key) || strlen(m->key) > 6)
			return "an unknown key";
		number = atoi(m->key);
		lo = n == 0 || number < lo ? number : lo;
		hi = n == 0 || number > hi ? number : hi;
		n++;
	}
	if (n && hi - lo + 1 != n)
		return "choices are not consecutive numbers";
	info->first_choice = lo;
	info->nchoices = n;
	return NULL;
}

/* Page i of site.json: its links, and its screen from its .vdt file. */
static const char *page_load(const char *dir, const jv *p, int i,
			     const lay_site *site, vtx_screen *out)
{
	lay_page_info *info = &site->pages[i];
	const char *file = jstr(p, "file");
	const jv *e = jget(p, "entry");
	char path[4400];
	uint8_t *data;
	size_t len;
	int ret;

	info->index = i;
	info->entry = LAY_NONE;
	if (!file || !*file || strchr(file, '/') || !strcmp(file, ".."))
		return "no file, or not a file of the folder";
	if (e && e->type != J_NULL &&
	    jint(p, "entry", 1, (int)site->nentries, &info->entry) < 0)
		return "bad entry";
	if (info->entry != LAY_NONE)
		info->entry--;
	if (jint(p, "page", 1, 1 << 20, &info->number) < 0 ||
	    jint(p, "count", 1, 1 << 20, &info->count) < 0)
		return "bad page or count";
	snprintf(path, sizeof path, "%s/%s", dir, file);
	ret = util_read_file(path, &data, &len);
	if (ret < 0) {
		util_file_error(path, ret);
		return "";
	}
	ret = vtx_decode(data, len, out);
	free(data);
	return ret < 0 ? "out of memory" : NULL;
}

static const char *entry_load(const jv *pages, const jv *e, lay_entry *le)
{
	const char *title = jstr(e, "title"), *date = jstr(e, "date");
	const char *file = jstr(e, "source");

	le->title = strdup(title ? title : "");
	le->date = date ? strdup(date) : NULL;
	le->file = file && *file ? strdup(file) : NULL;
	if (!le->title || (date && !le->date) || (file && *file && !le->file))
		return "out of memory";
	if (page_ref(pages, jget(e, "first"), &le->first_page) < 0 ||
	    le->first_page == LAY_NONE)
		return "its first page is not a page";
	if (jint(e, "pages", 1, 1 << 20, &le->npages) < 0)
		return "bad page count";
	return NULL;
}

/* site.json's entries and pages into src; an exit status. */
static int site_load(const char *dir, const char *path, const jv *root,
		     source *src)
{
	const jv *pages = jget(root, "pages"), *entries = jget(root, "entries");
	const char *format = jstr(root, "format"), *title = jstr(root, "title");
	lay_site *site = calloc(1, sizeof *site);
	size_t np = jcount(pages), ne = jcount(entries), i = 0;
	const char *why = NULL;

	src->site = site;
	if (!format || strcmp(format, "minitel-site 1") != 0)
		return util_error(path, "not a minitel-site 1 file");
	if (!pages || pages->type != J_ARR || np == 0 || !entries ||
	    entries->type != J_ARR)
		return util_error(path, "no pages or no entries");
	if (!site || !(site->title = strdup(title ? title : "Notes")) ||
	    !(site->pages = calloc(np, sizeof *site->pages)) ||
	    !(site->entries = calloc(ne ? ne : 1, sizeof *site->entries)) ||
	    source_room(src, np) < 0)
		return util_error("minitel", "out of memory");
	for (const jv *e = entries->kid; e && !why; e = e->next, i++) {
		site->nentries = i + 1; /* freed by lay_site_free */
		why = entry_load(pages, e, &site->entries[i]);
	}
	if (why)
		return util_error(path, "entry %zu: %s", i, why);
	site->npages = np;
	i = 0;
	for (const jv *p = pages->kid; p && !why; p = p->next, i++) {
		why = page_keys(pages, jget(p, "keys"), &site->pages[i]);
		if (!why)
			why = page_load(dir, p, (int)i, site,
					&src->pages[i]);
	}
	src->n = np;
	if (why && !*why)
		return UTIL_EXIT_INPUT; /* a page file: reported */
	return why ? util_error(path, "page %zu: %s", i, why) : 0;
}

static int load_export(const char *dir, source *src)
{
	char path[4400];
	uint8_t *data;
	size_t len;
	int ret, line, col;
	const char *why = NULL;
	jv *root;

	snprintf(path, sizeof path, "%s/site.json", dir);
	ret = util_read_file(path, &data, &len);
	if (ret < 0)
		return util_file_error(path, ret);
	root = json_parse((const char *)data, len, &line, &col, &why);
	free(data);
	if (!root)
		return util_error_line(path, line, col, "%s", why);
	ret = site_load(dir, path, root, src);
	jv_free(root);
	return ret;
}

int source_is_export(const char *dir)
{
	char path[4400];
	struct stat st;

	if (stat(dir, &st) != 0 || !S_ISDIR(st.st_mode))
		return 0;
	snprintf(path, sizeof path, "%s/site.json", dir);
	return stat(path, &st) == 0;
}

int source_load(notes_job *job, source *src)
{
	if (job->npaths == 1 && source_is_export(job->paths[0]))
		return load_export(job->paths[0], src);
	return load_notes(job, src);
}
