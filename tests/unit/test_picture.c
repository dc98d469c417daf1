/* core/picture: pictures to mosaic cells. Test pictures are made here, in
 * memory, and for pic_mosaic written to a temporary PPM/PGM file (which
 * stb_image reads). */
#include "check.h"

#include <errno.h>
#include <unistd.h>

#include "core/picture.h"
#include "videotex/mosaic.h"

/* Grey of each colour index (videotex.md §2), as core/picture.c uses. */
static const int grey[8] = {0, 128, 179, 230, 102, 153, 204, 255};

typedef struct pic {
	vtx_cell *cells;
	int cols, rows;
} pic;

/* The colour index shown at sub-pixel (x, y). */
static int shown(const pic *p, int x, int y)
{
	const vtx_cell *c = &p->cells[(y / 3) * p->cols + x / 2];
	unsigned bit = 1u << ((y % 3) * 2 + x % 2);

	return vtx_mosaic_mask((uint8_t)c->ch) & bit ? c->fg : c->bg;
}

/* Checks what every cell must be; returns 1 when all are well formed. */
static int well_formed(const pic *p, const char *what)
{
	int ok = 1;

	for (int i = 0; i < p->cols * p->rows && ok; i++) {
		const vtx_cell *c = &p->cells[i];
		unsigned m = vtx_mosaic_mask((uint8_t)c->ch);

		ok = OK(c->kind == VTX_KIND_MOSAIC && c->width == 1 &&
				c->height == 1 && c->fg < 8 && c->bg < 8 &&
				c->attr == 0,
			"%s: cell %d fields", what, i) &&
		     OK(c->ch == vtx_mosaic_code(m), "%s: cell %d canonical",
			what, i) &&
		     OK(m == 0 || m == 0x3F || c->fg != c->bg,
			"%s: cell %d two colours differ", what, i);
	}
	return ok;
}

static unsigned char *image(int w, int h)
{
	unsigned char *rgb = malloc((size_t)w * (size_t)h * 3);

	if (!rgb)
		abort();
	return rgb;
}

static void set_grey(unsigned char *rgb, int w, int x, int y, int v)
{
	unsigned char *p = rgb + ((size_t)y * (size_t)w + (size_t)x) * 3;

	p[0] = p[1] = p[2] = (unsigned char)v;
}

static int convert(const unsigned char *rgb, int w, int h, int mc, int mr,
		   pic *p)
{
	size_t n = mc > 0 && mr > 0 ? (size_t)mc * (size_t)mr : 1;

	p->cells = calloc(n, sizeof *p->cells);
	if (!p->cells)
		abort();
	return pic_mosaic_rgb(rgb, w, h, mc, mr, p->cells, &p->cols, &p->rows);
}

/* A horizontal gradient: the mean grey of each cell column rises left
 * to right and stays near the source's. */
static void test_gradient(void)
{
	int w = 320, h = 240; /* fills 40 x 24 cells exactly */
	unsigned char *rgb = image(w, h);
	double prev = -1;
	pic p;

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			set_grey(rgb, w, x, y, x * 255 / (w - 1));
	INT_EQ(convert(rgb, w, h, 40, 24, &p), 0, "gradient");
	INT_EQ(p.cols, 40, "gradient cols");
	INT_EQ(p.rows, 24, "gradient rows");
	well_formed(&p, "gradient");
	for (int cx = 0; cx < p.cols; cx++) {
		double sum = 0, want = 0;

		for (int y = 0; y < p.rows * 3; y++)
			for (int x = cx * 2; x < cx * 2 + 2; x++)
				sum += grey[shown(&p, x, y)];
		sum /= p.rows * 3 * 2;
		for (int x = cx * 8; x < cx * 8 + 8; x++) {
			int v = x * 255 / (w - 1); /* the source pixel */

			want += v;
		}
		want /= 8;
		OK(sum >= prev - 1, "column %d: mean %.1f after %.1f", cx, sum,
		   prev);
		OK(sum > want - 8 && sum < want + 8,
		   "column %d: mean %.1f near %.1f", cx, sum, want);
		prev = sum;
	}
	free(p.cells);
	free(rgb);
}

/* Black and white alternating at sub-pixel resolution: 6 x 5 source
 * pixels a sub-pixel (4 x 10/3 screen pixels: the same shape) give an
 * exact area average, and each cell shows the pattern. */
static void test_checkerboard(void)
{
	int cols = 10, rows = 6, w = cols * 2 * 6, h = rows * 3 * 5;
	unsigned char *rgb = image(w, h);
	int bad = 0;
	pic p;

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			set_grey(rgb, w, x, y, (x / 6 + y / 5) % 2 ? 255 : 0);
	INT_EQ(convert(rgb, w, h, cols, rows, &p), 0, "checkerboard");
	INT_EQ(p.cols, cols, "checkerboard cols");
	INT_EQ(p.rows, rows, "checkerboard rows");
	well_formed(&p, "checkerboard");
	for (int y = 0; y < rows * 3 && bad < 5; y++)
		for (int x = 0; x < cols * 2 && bad < 5; x++)
			bad += !INT_EQ(shown(&p, x, y), (x + y) % 2 ? 7 : 0,
				       "sub-pixel %d,%d", x, y);
	/* The mask itself: cell (0,0) has white at TR, ML, BR (2+4+32),
	 * written white on black; the next cell row starts on white. */
	INT_EQ(p.cells[0].ch, vtx_mosaic_code(2 + 4 + 32), "first mask");
	OK(p.cells[0].fg == 7 && p.cells[0].bg == 0, "white on black");
	INT_EQ(vtx_mosaic_mask((uint8_t)p.cells[cols].ch) ^
		       (p.cells[cols].fg == 7 ? 0 : 0x3F),
	       1 + 8 + 16, "second cell row: white at TL, MR, BL");
	free(p.cells);
	free(rgb);
}

/* A picture of one colour gives identical one-colour cells. For the
 * exact greys of the eight colours, that colour; for pure red, whose
 * luma (76) lies between black and blue, a dither of those two. */
static void test_uniform(void)
{
	int w = 64, h = 64;
	unsigned char *rgb = image(w, h);
	pic p;

	for (int colour = 0; colour < 8; colour++) {
		int odd = 0;

		for (int y = 0; y < h; y++)
			for (int x = 0; x < w; x++)
				set_grey(rgb, w, x, y, grey[colour]);
		INT_EQ(convert(rgb, w, h, 40, 24, &p), 0, "grey %d", colour);
		well_formed(&p, "uniform");
		for (int i = 0; i < p.cols * p.rows; i++)
			odd += memcmp(&p.cells[i], &p.cells[0],
				      sizeof p.cells[0]) != 0;
		INT_EQ(odd, 0, "colour %d: all cells the same", colour);
		for (int y = 0; y < 3; y++)
			for (int x = 0; x < 2; x++)
				INT_EQ(shown(&p, x, y), colour,
				       "colour %d shown at %d,%d", colour, x,
				       y);
		free(p.cells);
	}
	for (size_t i = 0; i < (size_t)w * (size_t)h; i++) {
		rgb[i * 3] = 255;
		rgb[i * 3 + 1] = rgb[i * 3 + 2] = 0;
	}
	INT_EQ(convert(rgb, w, h, 40, 24, &p), 0, "red");
	{
		double sum = 0;
		int other = 0, n = p.cols * 2 * p.rows * 3;

		for (int y = 0; y < p.rows * 3; y++) {
			for (int x = 0; x < p.cols * 2; x++) {
				int c = shown(&p, x, y);

				other += c != 0 && c != 4;
				sum += grey[c];
			}
		}
		INT_EQ(other, 0, "red: only black and blue");
		OK(sum / n > 70 && sum / n < 83, "red: mean %.1f near 76",
		   sum / n);
	}
	free(p.cells);
	free(rgb);
}

/* Aspect: a square stays square on the 320 x 250 screen (cells 8 x 10
 * pixels); small pictures are not enlarged; a huge box is fine. */
static void test_sizes(void)
{
	unsigned char *rgb = image(200, 100);
	pic p;

	memset(rgb, 128, (size_t)200 * 100 * 3);
	INT_EQ(convert(rgb, 100, 100, 40, 24, &p), 0, "square");
	OK(abs(p.cols * 8 - p.rows * 10) <= 10, "square: %d x %d cells", p.cols,
	   p.rows);
	INT_EQ(p.rows, 24, "square: full height");
	free(p.cells);
	INT_EQ(convert(rgb, 200, 100, 40, 24, &p), 0, "wide");
	OK(abs(p.cols * 8 - 2 * p.rows * 10) <= 16, "wide: %d x %d cells",
	   p.cols, p.rows);
	INT_EQ(p.cols, 40, "wide: full width");
	free(p.cells);
	INT_EQ(convert(rgb, 1, 1, 40, 24, &p), 0, "1 x 1");
	OK(p.cols == 1 && p.rows == 1, "1 x 1: one cell (%d x %d)", p.cols,
	   p.rows);
	well_formed(&p, "1 x 1");
	free(p.cells);
	INT_EQ(convert(rgb, 100, 100, 1000, 1000, &p), 0, "huge box");
	OK(p.cols == 50 && p.rows == 40, "huge box: not enlarged (%d x %d)",
	   p.cols, p.rows);
	well_formed(&p, "huge box");
	free(p.cells);
	INT_EQ(convert(rgb, 200, 1, 3, 2, &p), 0, "a line");
	OK(p.cols == 3 && p.rows == 1, "a line: %d x %d", p.cols, p.rows);
	free(p.cells);
	INT_EQ(convert(rgb, 0, 10, 40, 24, &p), -EINVAL, "zero width");
	free(p.cells);
	INT_EQ(convert(rgb, 10, 10, 0, 24, &p), -EINVAL, "zero box");
	free(p.cells);
	free(rgb);
}

/* Writes bytes to a new temporary file; its name goes to path. */
static int temp_file(char *path, size_t size, const void *data, size_t n)
{
	const char *dir = getenv("TMPDIR");
	int fd;

	snprintf(path, size, "%s/minitel-test-XXXXXX",
		 dir && *dir ? dir : "/tmp");
	fd = mkstemp(path);
	if (fd < 0)
		return -1;
	if (write(fd, data, n) != (ssize_t)n) {
		close(fd);
		unlink(path);
		return -1;
	}
	return close(fd);
}

/* Writes a grey w x h picture as binary PPM (P6, channels 3) or PGM (P5,
 * channels 1) to a temporary file. */
static int write_pnm(char *path, size_t size, const unsigned char *rgb, int w,
		     int h, int channels)
{
	size_t npix = (size_t)w * (size_t)h, n;
	unsigned char *file = malloc(64 + npix * 3);
	int head, ret;

	if (!file)
		abort();
	head = snprintf((char *)file, 64, "P%d\n%d %d\n255\n",
			channels == 3 ? 6 : 5, w, h);
	n = (size_t)head;
	for (size_t i = 0; i < npix; i++)
		for (int k = 0; k < channels; k++)
			file[n++] = rgb[i * 3 + (size_t)k];
	ret = temp_file(path, size, file, n);
	free(file);
	return ret;
}

static int same_cells(const pic *a, const pic *b)
{
	return a->cols == b->cols && a->rows == b->rows &&
	       memcmp(a->cells, b->cells,
		      (size_t)a->cols * (size_t)a->rows * sizeof *a->cells) ==
		       0;
}

/* pic_mosaic on files: a PPM and a PGM give the same cells as the same
 * pixels in memory. */
static void test_files(void)
{
	int w = 24, h = 15, channels[2] = {3, 1};
	unsigned char *rgb = image(w, h);
	char path[4096];
	pic mem = {0}, file = {0};

	for (int y = 0; y < h; y++)
		for (int x = 0; x < w; x++)
			set_grey(rgb, w, x, y, (x * 11 + y * 17) % 256);
	INT_EQ(convert(rgb, w, h, 40, 24, &mem), 0, "in memory");
	for (int i = 0; i < 2; i++) {
		if (!OK(write_pnm(path, sizeof path, rgb, w, h, channels[i]) ==
				0,
			"temp file, %d channels", channels[i]))
			continue;
		file.cells = calloc((size_t)40 * 24, sizeof *file.cells);
		if (!file.cells)
			abort();
		INT_EQ(pic_mosaic(path, 40, 24, file.cells, &file.cols,
				  &file.rows),
		       0, "file loads, %d channels", channels[i]);
		OK(same_cells(&mem, &file), "file as memory, %d channels",
		   channels[i]);
		unlink(path);
		free(file.cells);
	}
	free(mem.cells);
	free(rgb);
}

/* Missing file, a file that is not a picture, a directory, a picture too
 * large to decode. */
static void test_file_errors(void)
{
	static const char big[] = "P6\n10000 10001\n255\n";
	static const char small[] = "P6\n1 1\n255\nabc";
	vtx_cell cells[4];
	char path[4096];
	int cols, rows;

	INT_EQ(pic_mosaic("tests/no/such/picture.png", 2, 2, cells, &cols,
			  &rows),
	       -ENOENT, "missing file");
	if (OK(temp_file(path, sizeof path, "# not a picture\n", 16) == 0,
	       "temp text")) {
		INT_EQ(pic_mosaic(path, 2, 2, cells, &cols, &rows), -EINVAL,
		       "not a picture");
		unlink(path);
	}
	INT_EQ(pic_mosaic("tests", 2, 2, cells, &cols, &rows), -EINVAL,
	       "a directory");
	/* A picture of more than PIC_MAX_PIXELS is not decoded (its header
	 * says its size; this one has no pixels at all, and would be
	 * -EINVAL if it were decoded). */
	if (OK(temp_file(path, sizeof path, big, strlen(big)) == 0,
	       "temp header")) {
		INT_EQ(pic_mosaic(path, 2, 2, cells, &cols, &rows), -EFBIG,
		       "over 100 megapixels: not decoded");
		unlink(path);
	}
	if (OK(temp_file(path, sizeof path, small, strlen(small)) == 0,
	       "temp picture")) {
		INT_EQ(pic_mosaic(path, 2, 2, cells, &cols, &rows), 0,
		       "the same format, 1 x 1: decoded");
		unlink(path);
	}
}

int main(void)
{
	test_gradient();
	test_checkerboard();
	test_uniform();
	test_sizes();
	test_files();
	test_file_errors();
	return check_done();
}
