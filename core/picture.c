/* core/picture.c -- pictures as mosaic cells.
 *
 * Steps:
 *   1. Size. A mosaic sub-pixel is 4 screen pixels wide and 10/3 high
 *      (a cell is 8 x 10 pixels cut 2 x 3, videotex.md §2), so a picture
 *      of square pixels w x h covers w x 1.2 h sub-pixels at one source
 *      pixel per sub-pixel across. That is scaled down (never up: a small
 *      picture stays small rather than turning into big blocks) to fit
 *      2 max_cols x 3 max_rows, then rounded to whole cells.
 *   2. Grey. Luma Y' = 0.299 R + 0.587 G + 0.114 B on the stored (gamma
 *      encoded) values: the grey percentages of videotex.md §2 are
 *      brightness on screen, the same scale. Resampled by area averaging
 *      (each sub-pixel is the mean of the source area it covers).
 *   3. Colours. A monochrome Minitel shows the 8 colours as 8 greys
 *      (videotex.md §2): black 0 %, blue 40, red 50, magenta 60, green
 *      70, cyan 80, yellow 90, white 100. A mosaic cell has one foreground
 *      and one background colour, so each cell gets the pair of greys
 *      (or the single grey) that renders its six sub-pixels best, then
 *      its sub-pixels are dithered between those two.
 *   4. Dithering. Floyd-Steinberg error diffusion on the grey values, in
 *      cell order: cells left to right, cell rows top to bottom, the six
 *      sub-pixels of a cell row by row. The error of a sub-pixel goes to
 *      its right, lower-left, lower and lower-right neighbours (7, 3, 5,
 *      1 / 16) when they are still to come; the one neighbour already
 *      done in this order (lower-left of a left sub-pixel, in the previous
 *      cell) gives its share to the others. Gradients survive as patterns
 *      of the two nearest greys.
 *   5. Cells. MOSAIC cells, canonical G1 codes (vtx_mosaic_code). The
 *      foreground is the colour of the set bits. Of the two ways to write
 *      a cell (mask with fg/bg, or the inverse mask with bg/fg; a
 *      one-colour cell as an empty mask on that background or a full one
 *      in that foreground), the one that changes fewer colours from the
 *      cell to its left is chosen (each change costs an ESC sequence,
 *      videotex.md §4); on a tie, the brighter colour is the foreground
 *      and a one-colour cell is an empty mask on its background. */
#include "picture.h"

#include <assert.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <stb_image.h>

#include "videotex/mosaic.h"

enum {
	CELL_W = 2, /* sub-pixels a cell, videotex.md §2 */
	CELL_H = 3,
	CELL_N = CELL_W * CELL_H,
	NCOLOURS = 8,
	WHITE = 7,
	BLACK = 0
};

/* Sub-pixel shape on the 320 x 250 screen: 4 x 10/3 pixels. */
#define SUB_ASPECT (4.0 / (10.0 / 3.0))

/* Accumulated error is kept within this much outside 0..255, so that a
 * region no pair of greys can render does not pile error up forever. */
#define ERR_LIMIT 64.0f

/* Grey of each colour index, percentages of videotex.md §2 times 255,
 * rounded (50 % -> 128, so that mid grey 128 is exactly red). */
static const float grey[NCOLOURS] = {
	0.0f,   /* 0 black   0 % */
	128.0f, /* 1 red    50 % */
	179.0f, /* 2 green  70 % */
	230.0f, /* 3 yellow 90 % */
	102.0f, /* 4 blue   40 % */
	153.0f, /* 5 magenta 60 % */
	204.0f, /* 6 cyan   80 % */
	255.0f, /* 7 white 100 % */
};

/* Colour indices from darkest to brightest. */
static const uint8_t grey_order[NCOLOURS] = {0, 4, 1, 5, 2, 6, 3, 7};

/*** Size and resampling ***/

/* The cells a w x h picture takes in a max_cols x max_rows box. */
static void fit(int w, int h, int max_cols, int max_rows, int *cols, int *rows)
{
	double pw = w, ph = h * SUB_ASPECT, s = 1.0;
	double c, r;

	if (s > CELL_W * (double)max_cols / pw)
		s = CELL_W * (double)max_cols / pw;
	if (s > CELL_H * (double)max_rows / ph)
		s = CELL_H * (double)max_rows / ph;
	c = floor(pw * s / CELL_W + 0.5);
	r = floor(ph * s / CELL_H + 0.5);
	*cols = c < 1 ? 1 : c > max_cols ? max_cols : (int)c;
	*rows = r < 1 ? 1 : r > max_rows ? max_rows : (int)r;
}

/* Area average: n samples to m. Output sample i covers source
 * [i n/m, (i+1) n/m); each source sample weighs the length of its
 * overlap. Enlarging repeats samples. What an output sample reads is the
 * same for every row (or column) of a picture, so it is found once
 * (plan_make) and applied to each (resample). */
typedef struct plan {
	size_t m;
	size_t *from;     /* m + 1: sample i's weights are from[i] .. */
	size_t *j;        /* each weight's source sample */
	double *w;        /* the weight: the overlap's length */
	double *wsum;     /* m: their sum */
	size_t *fallback; /* m: the sample taken when wsum is 0 */
} plan;

static void plan_free(plan *p)
{
	free(p->from);
	free(p->j);
	free(p->w);
	free(p->wsum);
	free(p->fallback);
	memset(p, 0, sizeof *p);
}

static int plan_make(plan *p, size_t n, size_t m)
{
	double step = (double)n / (double)m;
	/* (sample i reads at most step + 2 samples, n + 2 m in all: the
	 * room is more than that, and k < cap never fails) */
	size_t cap = n + 3 * m + 2, k = 0;

	p->m = m;
	p->from = malloc((m + 1) * sizeof *p->from);
	p->j = malloc(cap * sizeof *p->j);
	p->w = malloc(cap * sizeof *p->w);
	p->wsum = malloc(m * sizeof *p->wsum);
	p->fallback = malloc(m * sizeof *p->fallback);
	if (!p->from || !p->j || !p->w || !p->wsum || !p->fallback) {
		plan_free(p);
		return -ENOMEM;
	}
	for (size_t i = 0; i < m; i++) {
		double lo = (double)i * step, hi = (double)(i + 1) * step;
		size_t j = (size_t)lo, end = (size_t)ceil(hi);
		double wsum = 0;

		if (end > n)
			end = n;
		if (j >= n)
			j = n - 1;
		p->from[i] = k;
		for (; j < end; j++) {
			double a = (double)j > lo ? (double)j : lo;
			double b = (double)(j + 1) < hi ? (double)(j + 1) : hi;

			if (b > a && k < cap) {
				p->j[k] = j;
				p->w[k++] = b - a;
				wsum += b - a;
			}
		}
		p->wsum[i] = wsum;
		p->fallback[i] = j < n ? j : n - 1;
	}
	p->from[m] = k;
	return 0;
}

/* The plan's m samples of dst (stride ds) from src (stride ss). */
static void resample(const plan *p, const float *src, size_t ss, float *dst,
		     size_t ds)
{
	for (size_t i = 0; i < p->m; i++) {
		double sum = 0;

		for (size_t k = p->from[i]; k < p->from[i + 1]; k++)
			sum += p->w[k] * src[p->j[k] * ss];
		dst[i * ds] = p->wsum[i] > 0 ? (float)(sum / p->wsum[i]) :
					       src[p->fallback[i] * ss];
	}
}

/* The picture as tw x th grey sub-pixels (0..255), or NULL (no memory). */
static float *grey_grid(const unsigned char *rgb, int w, int h, int tw, int th)
{
	size_t W = (size_t)w, H = (size_t)h, TW = (size_t)tw;
	float *line = malloc(W * sizeof *line);
	float *tmp = malloc(H * TW * sizeof *tmp);
	float *out = calloc(TW * (size_t)th, sizeof *out); /* all written */
	plan across = {0}, down = {0};

	if (!line || !tmp || !out || plan_make(&across, W, TW) < 0 ||
	    plan_make(&down, H, (size_t)th) < 0) {
		plan_free(&across);
		free(line);
		free(tmp);
		free(out);
		return NULL;
	}
	for (size_t y = 0; y < H; y++) {
		const unsigned char *p = rgb + y * W * 3;

		for (size_t x = 0; x < W; x++, p += 3)
			line[x] =
				(float)(299 * p[0] + 587 * p[1] + 114 * p[2]) /
				1000.0f;
		resample(&across, line, 1, tmp + y * TW, 1);
	}
	for (size_t x = 0; x < TW; x++)
		resample(&down, tmp + x, TW, out + x, TW);
	plan_free(&across);
	plan_free(&down);
	free(line);
	free(tmp);
	return out;
}

/*** Dithering ***/

typedef struct target {
	int dx, dy; /* from the sub-pixel */
	float w;    /* share of its error */
} target;

/* The neighbours that receive the error of the sub-pixel at (x, y), local
 * position (lx, ly) in its cell, in a tw x th grid: Floyd-Steinberg
 * weights over the neighbours that exist and come later in cell order,
 * scaled to sum to 1. Returns how many (0..4). */
static int targets(int x, int y, int lx, int ly, int tw, int th, target t[4])
{
	static const target fs[4] = {
		{1, 0, 7.0f}, {-1, 1, 3.0f}, {0, 1, 5.0f}, {1, 1, 1.0f}};
	float sum = 0;
	int n = 0;

	for (int i = 0; i < 4; i++) {
		int nx = x + fs[i].dx, ny = y + fs[i].dy;

		if (nx < 0 || nx >= tw || ny >= th)
			continue;
		if (fs[i].dx < 0 && lx == 0 && ly < CELL_H - 1)
			continue; /* in the previous cell: already done */
		t[n++] = fs[i];
		sum += fs[i].w;
	}
	for (int i = 0; i < n; i++)
		t[i].w /= sum;
	return n;
}

static float clampf(float v)
{
	return v < -ERR_LIMIT         ? -ERR_LIMIT :
	       v > 255.0f + ERR_LIMIT ? 255.0f + ERR_LIMIT :
					v;
}

/* The dithering state: the grid with the error diffused so far. */
typedef struct dither {
	float *g;
	int tw, th;
} dither;

/* A cell as try_pair reads it: its sub-pixels' values so far, and for
 * each, the shares of its error that stay in the cell (the sub-pixel
 * they go to, and the weight targets() gives it). The same for every
 * pair of greys tried, so found once a cell. */
typedef struct cell_in {
	float v[CELL_N];
	int n[CELL_N];
	int to[CELL_N][4];
	float w[CELL_N][4];
	/* all the shares (targets()), for render */
	int nall[CELL_N];
	target all[CELL_N][4];
} cell_in;

static void cell_in_make(const dither *d, int cx, int cy, cell_in *c)
{
	for (int i = 0; i < CELL_N; i++) {
		int lx = i % CELL_W, ly = i / CELL_W;
		target t[4];
		int n = targets(cx * CELL_W + lx, cy * CELL_H + ly, lx, ly,
				d->tw, d->th, t);

		c->nall[i] = n;
		c->v[i] = d->g[(size_t)(cy * CELL_H + ly) * (size_t)d->tw +
			       (size_t)(cx * CELL_W + lx)];
		c->n[i] = 0;
		for (int k = 0; k < n; k++)
			c->all[i][k] = t[k];
		for (int k = 0; k < n; k++)
			if (ly + t[k].dy < CELL_H && lx + t[k].dx >= 0 &&
			    lx + t[k].dx < CELL_W) {
				c->to[i][c->n[i]] = i + t[k].dy * CELL_W + t[k].dx;
				c->w[i][c->n[i]++] = t[k].w;
			}
	}
}

/* Squared error of rendering cell `c` with greys a and b, diffusing the
 * error inside the cell only (what leaves it is the same whatever the
 * pair); or, as soon as it is known to be over `limit`, something over
 * it: the sum only grows (each term is a square, and a float sum of
 * non-negative terms never rounds below what it was). */
static float try_pair(const cell_in *c, float a, float b, float limit)
{
	float v[CELL_N], err = 0;

	memcpy(v, c->v, sizeof v);
	for (int i = 0; i < CELL_N; i++) {
		float x = clampf(v[i]);
		float q = fabsf(x - a) <= fabsf(x - b) ? a : b, e = x - q;

		err += e * e;
		if (err > limit)
			return err;
		for (int k = 0; k < c->n[i]; k++)
			v[c->to[i][k]] += e * c->w[i][k];
	}
	return err;
}

/* The best colours for cell `c`: *lo darker or equal to *hi. */
static void choose(const cell_in *c, int *lo, int *hi)
{
	float best = INFINITY;

	for (int i = 0; i < NCOLOURS; i++) { /* one colour first: on a tie */
		for (int j = i; j < NCOLOURS; j++) { /* fewer is better */
			int a = grey_order[i], b = grey_order[j];
			/* (over best, it loses: it need not be exact) */
			float e = try_pair(c, grey[a], grey[b], best);

			if (e < best || (e == best && i == j)) {
				best = e;
				*lo = a;
				*hi = b;
			}
		}
	}
}

/* Dithers cell (cx, cy), whose shares are c's, with colours lo/hi,
 * spreading the error; returns the mask of the sub-pixels that took hi. */
static unsigned render(dither *d, const cell_in *c, int cx, int cy, int lo,
		       int hi)
{
	unsigned mask = 0;

	for (int i = 0; i < CELL_N; i++) {
		int lx = i % CELL_W, ly = i / CELL_W;
		int x = cx * CELL_W + lx, y = cy * CELL_H + ly;
		float *p = &d->g[(size_t)y * (size_t)d->tw + (size_t)x];
		float v = clampf(*p), e;
		const target *t = c->all[i];
		int n = c->nall[i];

		if (fabsf(v - grey[lo]) <= fabsf(v - grey[hi])) {
			e = v - grey[lo];
		} else {
			e = v - grey[hi];
			mask |= 1u << i; /* bit weights of mosaic.h */
		}
		for (int k = 0; k < n; k++)
			p[t[k].dy * d->tw + t[k].dx] += e * t[k].w;
	}
	return mask;
}

/*** Cells ***/

/* Writes the cell for colours lo/hi and mask (bits = hi), the way that
 * changes fewer colours from the cell before (*fg, *bg, updated). */
static vtx_cell make_cell(int lo, int hi, unsigned mask, int *fg, int *bg)
{
	vtx_cell c = vtx_cell_blank();
	int f, b;

	if (lo == hi || mask == 0 || mask == 0x3F) {
		int u = mask == 0 ? lo : hi;
		/* empty mask on background u, or full mask in foreground u */
		int full = (u != *fg) < (u != *bg);

		f = full ? u : *fg;
		b = full ? *bg : u;
		mask = full ? 0x3Fu : 0;
	} else if ((lo != *fg) + (hi != *bg) < (hi != *fg) + (lo != *bg)) {
		f = lo;
		b = hi;
		mask ^= 0x3Fu;
	} else {
		f = hi;
		b = lo;
	}
	c.kind = VTX_KIND_MOSAIC;
	c.ch = vtx_mosaic_code(mask);
	c.fg = (uint8_t)f;
	c.bg = (uint8_t)b;
	*fg = f;
	*bg = b;
	return c;
}

int pic_mosaic_rgb(const unsigned char *rgb, int w, int h, int max_cols,
		   int max_rows, vtx_cell *cells, int *cols, int *rows)
{
	dither d;
	int nc, nr;

	assert(cells && cols && rows);
	if (!rgb || w <= 0 || h <= 0 || max_cols <= 0 || max_rows <= 0)
		return -EINVAL;
	fit(w, h, max_cols, max_rows, &nc, &nr);
	d.tw = nc * CELL_W;
	d.th = nr * CELL_H;
	d.g = grey_grid(rgb, w, h, d.tw, d.th);
	if (!d.g)
		return -ENOMEM;
	for (int cy = 0; cy < nr; cy++) {
		int fg = WHITE, bg = BLACK; /* the state a row starts in */

		for (int cx = 0; cx < nc; cx++) {
			int lo = BLACK, hi = BLACK;
			unsigned mask;
			cell_in c;

			cell_in_make(&d, cx, cy, &c);
			choose(&c, &lo, &hi);
			mask = render(&d, &c, cx, cy, lo, hi);
			cells[(size_t)cy * (size_t)nc + (size_t)cx] =
				make_cell(lo, hi, mask, &fg, &bg);
		}
	}
	free(d.g);
	*cols = nc;
	*rows = nr;
	return 0;
}

int pic_mosaic(const char *path, int max_cols, int max_rows, vtx_cell *cells,
	       int *cols, int *rows)
{
	FILE *f;
	unsigned char *px;
	int w, h, n, ret;

	assert(path);
	f = fopen(path, "rb");
	if (!f)
		return errno ? -errno : -ENOENT;
	/* Its size first: decoded, a picture takes 3 bytes a pixel, and a
	 * photo of a few hundred megapixels would take gigabytes to make a
	 * few hundred cells. */
	if (!stbi_info_from_file(f, &w, &h, &n)) {
		fclose(f);
		return -EINVAL;
	}
	if ((double)w * (double)h > PIC_MAX_PIXELS) {
		fclose(f);
		return -EFBIG;
	}
	px = stbi_load_from_file(f, &w, &h, &n, 3);
	fclose(f);
	if (!px) {
		const char *why = stbi_failure_reason();

		return why && strcmp(why, "outofmem") == 0 ? -ENOMEM : -EINVAL;
	}
	ret = pic_mosaic_rgb(px, w, h, max_cols, max_rows, cells, cols, rows);
	stbi_image_free(px);
	return ret;
}
