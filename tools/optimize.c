/* tools/optimize.c -- minitel optimize: a page re-encoded in fewer bytes.
 *
 * Decodes the final screen (or one page), re-encodes it with
 * vtx_encode_screen (videotex/encode.h), checks that the new stream
 * decodes to the same screen, and writes the smaller of the new stream and
 * the original bytes: the output is never larger than the input. */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "page.h"
#include "util.h"
#include "videotex/charset.h"
#include "videotex/encode.h"
#include "videotex/term.h"

#define USAGE "minitel optimize IN.vdt -o OUT.vdt [--page N]"

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Decodes IN.vdt (- reads stdin) from power-on, re-encodes the screen\n"
	"it leaves in as few bytes as the encoder finds, checks that the new\n"
	"stream draws exactly the same screen, and writes it to OUT.vdt\n"
	"(atomically; - writes stdout). The new stream starts with FF when\n"
	"IN.vdt does (after any NULs) and with --page. When it is not\n"
	"smaller than the input, the input bytes are written unchanged:\n"
	"OUT is never larger.\n"
	"Prints \"IN: N bytes -> M bytes (P%)\" on stderr, P = M / N.\n"
	"\n"
	"  -o, --output OUT\n"
	"              the output file (required)\n"
	"  --page N    re-encode page N (N >= 1): the screen just before the\n"
	"              (N+1)-th FF; the fallback is then the input up to\n"
	"              that FF\n"
	"  -h, --help  this help\n"
	"\n"
	"Exit status: 0 success; 1 unreadable input, fewer pages than asked,\n"
	"a screen that cannot be re-encoded (doubled characters moved by\n"
	"scrolling or CSI insert/delete) or an output error; 2 usage error.\n";

enum { OPT_OUT, OPT_PAGE, OPT_HELP, OPT_COUNT };

static const util_opt opts[OPT_COUNT] = {
	[OPT_OUT] = {"output", 'o', 1},
	[OPT_PAGE] = {"page", 0, 1},
	[OPT_HELP] = {"help", 'h', 0},
};

typedef struct optimize_args {
	const char *in, *out;
	long page;
	int help;
} optimize_args;

static int parse_args(int argc, char **argv, optimize_args *o)
{
	util_args a;
	int k;

	memset(o, 0, sizeof *o);
	util_args_init(&a, argc, argv);
	while ((k = util_args_next(&a, opts, OPT_COUNT)) != UTIL_OPT_END) {
		if (k == OPT_HELP) {
			o->help = 1;
			return 0;
		} else if (k == OPT_OUT) {
			o->out = a.value;
		} else if (k == OPT_PAGE) {
			if (util_parse_long(a.value, 1, 1000000, &o->page) < 0)
				return util_usage_error("optimize", USAGE,
					"--page wants a number >= 1, not '%s'",
					a.value);
		} else if (k == UTIL_OPT_ARG && !o->in) {
			o->in = a.value;
		} else if (k == UTIL_OPT_ARG) {
			return util_usage_error("optimize", USAGE,
						"one input file only");
		} else {
			return util_usage_error("optimize", USAGE, "%s",
						a.error);
		}
	}
	if (!o->in)
		return util_usage_error("optimize", USAGE, "no input file");
	if (!o->out)
		return util_usage_error("optimize", USAGE,
					"no output file (-o OUT)");
	return 0;
}

/* Nonzero when the stream's first byte other than NUL is FF. */
static int starts_with_ff(const uint8_t *b, size_t len)
{
	size_t i = 0;

	while (i < len && (b[i] & 0x7F) == VTX_C0_NUL)
		i++;
	return i < len && (b[i] & 0x7F) == VTX_C0_FF;
}

/* Re-encodes `target` into *enc and checks it; returns 0 or an exit
 * status (the message printed). */
static int encode(const char *in, const vtx_screen *target, unsigned flags,
		  vtx_buf *enc)
{
	static vtx_screen check;
	int row = 0, col = 0;
	int ret = vtx_encode_screen(target, flags, enc);

	if (ret == -ERANGE)
		return util_error(in, "screen cannot be re-encoded (doubled "
				  "characters moved by scrolling or CSI "
				  "insert/delete)");
	if (ret < 0 || vtx_decode(enc->data, enc->len, &check) < 0)
		return util_file_error(in, ret < 0 ? ret : -ENOMEM);
	if (vtx_screen_diff(target, &check, 0, &row, &col) != 0)
		return util_error(in, "re-encoded stream draws another screen "
				  "(first difference at row %d, column %d): "
				  "encoder bug, output not written",
				  row, col + 1);
	return 0;
}

static void report(const char *in, size_t from, size_t to, size_t encoded,
		   int kept)
{
	double pct = from ? 100.0 * (double)to / (double)from : 100.0;

	fprintf(stderr, "%s: %zu bytes -> %zu bytes (%.1f%%)", util_name(in),
		from, to, pct);
	if (kept)
		fprintf(stderr, ", input kept: re-encoding gave %zu bytes",
			encoded);
	fputc('\n', stderr);
}

int cmd_optimize(int argc, char **argv)
{
	static page_result page;
	optimize_args o;
	vtx_buf enc = {0};
	uint8_t *bytes;
	const uint8_t *best;
	size_t len, best_len;
	int ret = parse_args(argc, argv, &o);

	if (ret || o.help) {
		if (o.help)
			fputs(help, stdout);
		return ret;
	}
	ret = util_read_file(o.in, &bytes, &len);
	if (ret < 0)
		return util_file_error(o.in, ret);
	ret = page_decode(bytes, len, o.page, o.in, 0, &page);
	if (ret == -ERANGE)
		ret = util_error(o.in, "only %d pages", page.pages);
	else if (ret < 0)
		ret = util_file_error(o.in, ret);
	else
		ret = encode(o.in, &page.screen,
			     o.page || starts_with_ff(bytes, len) ?
				     VTX_ENCODE_FF : 0,
			     &enc);
	if (ret == 0) {
		/* The fallback: the input up to the end of the page. */
		int kept = enc.len >= page.end;

		best = kept ? bytes : enc.data;
		best_len = kept ? page.end : enc.len;
		ret = util_write_atomic(o.out, best, best_len);
		if (ret < 0)
			ret = util_write_error(o.out, ret);
		else
			report(o.in, len, best_len, enc.len, kept);
	}
	free(bytes);
	vtx_buf_free(&enc);
	return ret;
}
