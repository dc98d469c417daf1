/* videotex/buf.h -- a growable byte buffer (encoder output, dumps).
 *
 * Plain data: zero-initialise it (`vtx_buf b = {0};`), append, then free
 * the bytes with vtx_buf_free(). Appends return 0 or -ENOMEM; after a
 * failed append the buffer keeps what it had and `failed` is set, so a
 * caller may append many times and check once. */
#ifndef VTX_BUF_H
#define VTX_BUF_H

#include <stddef.h>
#include <stdint.h>

typedef struct vtx_buf {
	uint8_t *data;
	size_t len, cap;
	int failed;
} vtx_buf;

int vtx_buf_put(vtx_buf *b, const void *bytes, size_t n);
int vtx_buf_byte(vtx_buf *b, uint8_t byte);
/* Appends a NUL-terminated string without its NUL. */
int vtx_buf_str(vtx_buf *b, const char *s);
/* Appends Unicode `ch` as UTF-8. */
int vtx_buf_utf8(vtx_buf *b, uint32_t ch);
/* Frees the bytes and zeroes the buffer. */
void vtx_buf_free(vtx_buf *b);

#endif
