/* tools/png.c -- PNG encoding of RGBA frames with stb_image_write.
 *
 * stbi_write_png_to_func() hands the encoded bytes to a callback; they go
 * to a vtx_buf, and from there to util_write_atomic(). The encoder's own
 * defaults are kept (zlib level 8, filters chosen per line): the output is
 * the same for the same pixels. */
#include "png.h"

#include <errno.h>
#include <limits.h>
#include <stdlib.h>

#include <stb_image_write.h>

#include "util.h"

#define PNG_CHANNELS 4

static void append(void *context, void *data, int size)
{
	vtx_buf *out = context;

	if (size > 0)
		vtx_buf_put(out, data, (size_t)size);
}

int png_encode(const uint8_t *rgba, int width, int height, vtx_buf *out)
{
	int ok;

	if (width <= 0 || height <= 0 || width > INT_MAX / PNG_CHANNELS)
		return -EINVAL;
	ok = stbi_write_png_to_func(append, out, width, height, PNG_CHANNELS,
				    rgba, width * PNG_CHANNELS);
	if (!ok || out->failed)
		return -ENOMEM;
	return 0;
}

int png_encode_screen(const vtx_screen *s, const emu_view *v, vtx_buf *out)
{
	uint8_t *rgba;
	int ret;

	if (v->scale < 1 || v->scale > INT_MAX / PNG_CHANNELS / EMU_WIDTH)
		return -EINVAL;
	rgba = malloc(emu_frame_size(v->scale));
	if (!rgba)
		return -ENOMEM;
	emu_render(s, v, rgba);
	ret = png_encode(rgba, EMU_WIDTH * v->scale, EMU_HEIGHT * v->scale,
			 out);
	free(rgba);
	return ret;
}

int png_write(const char *path, const uint8_t *rgba, int width, int height)
{
	vtx_buf out = {0};
	int ret = png_encode(rgba, width, height, &out);

	if (ret == 0)
		ret = util_write_atomic(path, out.data, out.len);
	vtx_buf_free(&out);
	return ret;
}
