/* videotex/buf.c -- growable byte buffer. */
#include "buf.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

#define BUF_MIN 256

static int reserve(vtx_buf *b, size_t n)
{
	size_t cap;
	uint8_t *d;

	if (b->failed)
		return -ENOMEM;
	if (b->cap - b->len >= n)
		return 0;
	cap = b->cap ? b->cap : BUF_MIN;
	while (cap - b->len < n) {
		if (cap > SIZE_MAX / 2) {
			b->failed = 1;
			return -ENOMEM;
		}
		cap *= 2;
	}
	d = realloc(b->data, cap);
	if (!d) {
		b->failed = 1;
		return -ENOMEM;
	}
	b->data = d;
	b->cap = cap;
	return 0;
}

int vtx_buf_put(vtx_buf *b, const void *bytes, size_t n)
{
	if (n == 0)
		return b->failed ? -ENOMEM : 0;
	if (reserve(b, n) < 0)
		return -ENOMEM;
	memcpy(b->data + b->len, bytes, n);
	b->len += n;
	return 0;
}

int vtx_buf_byte(vtx_buf *b, uint8_t byte)
{
	return vtx_buf_put(b, &byte, 1);
}

int vtx_buf_str(vtx_buf *b, const char *s)
{
	return vtx_buf_put(b, s, strlen(s));
}

int vtx_buf_utf8(vtx_buf *b, uint32_t ch)
{
	uint8_t u[4];
	size_t n;

	if (ch < 0x80) {
		u[0] = (uint8_t)ch;
		n = 1;
	} else if (ch < 0x800) {
		u[0] = (uint8_t)(0xC0 | ch >> 6);
		u[1] = (uint8_t)(0x80 | (ch & 0x3F));
		n = 2;
	} else if (ch < 0x10000) {
		u[0] = (uint8_t)(0xE0 | ch >> 12);
		u[1] = (uint8_t)(0x80 | (ch >> 6 & 0x3F));
		u[2] = (uint8_t)(0x80 | (ch & 0x3F));
		n = 3;
	} else {
		u[0] = (uint8_t)(0xF0 | ch >> 18);
		u[1] = (uint8_t)(0x80 | (ch >> 12 & 0x3F));
		u[2] = (uint8_t)(0x80 | (ch >> 6 & 0x3F));
		u[3] = (uint8_t)(0x80 | (ch & 0x3F));
		n = 4;
	}
	return vtx_buf_put(b, u, n);
}

void vtx_buf_free(vtx_buf *b)
{
	free(b->data);
	memset(b, 0, sizeof *b);
}
