/* tools/decode.c -- minitel decode: the screen a .vdt stream draws.
 *
 * Decodes from power-on with vtx_term (tools/page.c) and prints the final
 * screen, or one page of a multi-page stream, as a minitel-screen v1 dump
 * (shared/docs/screen-dump.md), as its text view only, in ANSI colours
 * (tools/ansi.c), or as a PNG picture drawn by emu/render (tools/png.c). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "ansi.h"
#include "cmd.h"
#include "page.h"
#include "png.h"
#include "util.h"
#include "videotex/dump.h"

#define USAGE "minitel decode [--dump|--text|--ansi|--png OUT.png] " \
	      "[--scale N] [--colour] [--reveal] [--page N] [-o OUT] " \
	      "[--verbose] FILE.vdt"
#define MAX_SCALE 8

static const char help[] =
	"usage: " USAGE "\n"
	"\n"
	"Decodes FILE.vdt (a raw Videotex byte stream; - reads stdin) as a\n"
	"Minitel does from power-on, and prints the screen it leaves.\n"
	"\n"
	"  --dump      the minitel-screen v1 dump: text view and one line\n"
	"              per cell (the default)\n"
	"  --text      the text view only: rows 00-24 of 40 characters\n"
	"  --ansi      the screen in 24-bit ANSI colours, for a terminal\n"
	"  --png OUT.png\n"
	"              the screen as a Minitel draws it: a PNG picture of\n"
	"              320x250 pixels (8x10 a character) in the 8 grey\n"
	"              levels of a monochrome Minitel, written atomically\n"
	"              to OUT.png (- for stdout); blinking characters in\n"
	"              the phase where they show (inverted ones blink the\n"
	"              other way round, so are hidden), no cursor\n"
	"  --scale N   with --png: each pixel drawn N x N (1-8, default 1)\n"
	"  --colour    with --png: the 8 colours of a colour Minitel\n"
	"  --reveal    with --png: show concealed text, as the Minitel's\n"
	"              reveal key does\n"
	"  --page N    the screen just before the (N+1)-th FF clears it,\n"
	"              i.e. page N of a stream of several pages (N >= 1);\n"
	"              an error if the stream has fewer than N FFs\n"
	"  -o, --output OUT\n"
	"              write to OUT (atomically) instead of stdout; not\n"
	"              with --png, which names its own file\n"
	"  -v, --verbose\n"
	"              print the decoder's messages on stderr, as\n"
	"              \"FILE: offset N: message\"\n"
	"  -h, --help  this help\n"
	"\n"
	"Exit status: 0 success, 1 unreadable input, fewer pages than\n"
	"asked or an output that cannot be written, 2 usage error.\n";

enum format {
	FORMAT_DUMP,
	FORMAT_TEXT,
	FORMAT_ANSI,
	FORMAT_PNG, /* --png OUT.png: emu/render, then tools/png */
	FORMAT_COUNT
};

enum { OPT_DUMP, OPT_TEXT, OPT_ANSI, OPT_PNG, OPT_SCALE, OPT_COLOUR,
       OPT_REVEAL, OPT_PAGE, OPT_OUT, OPT_VERBOSE, OPT_HELP, OPT_COUNT };

static const util_opt opts[OPT_COUNT] = {
	[OPT_DUMP] = {"dump", 0, 0},
	[OPT_TEXT] = {"text", 0, 0},
	[OPT_ANSI] = {"ansi", 0, 0},
	[OPT_PNG] = {"png", 0, 1},
	[OPT_SCALE] = {"scale", 0, 1},
	[OPT_COLOUR] = {"colour", 0, 0},
	[OPT_REVEAL] = {"reveal", 0, 0},
	[OPT_PAGE] = {"page", 0, 1},
	[OPT_OUT] = {"output", 'o', 1},
	[OPT_VERBOSE] = {"verbose", 'v', 0},
	[OPT_HELP] = {"help", 'h', 0},
};

typedef struct decode_args {
	enum format format;
	long page;         /* 0: the final screen */
	const char *out;   /* "-": stdout */
	const char *in;
	const char *png;   /* --png: the picture's path */
	emu_view view;     /* --png: palette, reveal, scale */
	int png_options;   /* --scale, --colour or --reveal seen */
	int out_given;     /* -o seen */
	int verbose;
	int help;
} decode_args;

static int parse_scale(const char *s, emu_view *v)
{
	long n;

	if (util_parse_long(s, 1, MAX_SCALE, &n) < 0)
		return -1;
	v->scale = (int)n;
	return 0;
}

/* --png names its own output; its options mean nothing without it. */
static int check_png_args(decode_args *d)
{
	if (d->format == FORMAT_PNG && d->out_given)
		return util_usage_error("decode", USAGE,
			"--png writes to its own file: no -o with it");
	if (d->format != FORMAT_PNG && d->png_options)
		return util_usage_error("decode", USAGE,
			"--scale, --colour and --reveal go with --png");
	if (d->format == FORMAT_PNG)
		d->out = d->png;
	return 0;
}

static int parse_args(int argc, char **argv, decode_args *d)
{
	util_args a;
	int o;

	d->format = FORMAT_DUMP;
	d->page = 0;
	d->out = "-";
	d->in = d->png = NULL;
	d->verbose = d->help = 0;
	d->view = (emu_view){.palette = EMU_PALETTE_GREY, .scale = 1};
	d->png_options = d->out_given = 0;
	util_args_init(&a, argc, argv);
	while ((o = util_args_next(&a, opts, OPT_COUNT)) != UTIL_OPT_END) {
		switch (o) {
		case OPT_DUMP: d->format = FORMAT_DUMP; break;
		case OPT_TEXT: d->format = FORMAT_TEXT; break;
		case OPT_ANSI: d->format = FORMAT_ANSI; break;
		case OPT_PNG:
			d->format = FORMAT_PNG;
			d->png = a.value;
			break;
		case OPT_SCALE:
			if (parse_scale(a.value, &d->view) < 0)
				return util_usage_error("decode", USAGE,
					"--scale wants a number from 1 to %d, "
					"not '%s'", MAX_SCALE, a.value);
			d->png_options = 1;
			break;
		case OPT_COLOUR:
			d->view.palette = EMU_PALETTE_COLOUR;
			d->png_options = 1;
			break;
		case OPT_REVEAL:
			d->view.reveal = 1;
			d->png_options = 1;
			break;
		case OPT_PAGE:
			if (util_parse_long(a.value, 1, 1000000, &d->page) < 0)
				return util_usage_error("decode", USAGE,
					"--page wants a number >= 1, not '%s'",
					a.value);
			break;
		case OPT_OUT:
			d->out = a.value;
			d->out_given = 1;
			break;
		case OPT_VERBOSE: d->verbose = 1; break;
		case OPT_HELP: d->help = 1; return 0;
		case UTIL_OPT_ARG:
			if (d->in)
				return util_usage_error("decode", USAGE,
					"one input file only");
			d->in = a.value;
			break;
		default:
			return util_usage_error("decode", USAGE, "%s", a.error);
		}
	}
	if (!d->in)
		return util_usage_error("decode", USAGE, "no input file");
	return check_png_args(d);
}

static int render(const decode_args *d, const page_result *p, size_t len,
		  vtx_buf *out)
{
	char comment[4200];

	switch (d->format) {
	case FORMAT_TEXT:
		return vtx_dump_text(&p->screen, out);
	case FORMAT_ANSI:
		return ansi_render(&p->screen, out);
	case FORMAT_PNG:
		return png_encode_screen(&p->screen, &d->view, out);
	default:
		if (d->page)
			snprintf(comment, sizeof comment,
				 "source file: %s\nsource bytes: %zu\n"
				 "page: %ld of %d", util_name(d->in), len,
				 d->page, p->pages);
		else
			snprintf(comment, sizeof comment,
				 "source file: %s\nsource bytes: %zu",
				 util_name(d->in), len);
		return vtx_dump_write(&p->screen, comment, out);
	}
}

int cmd_decode(int argc, char **argv)
{
	static page_result page;
	decode_args d;
	vtx_buf out = {0};
	uint8_t *bytes;
	size_t len;
	int ret = parse_args(argc, argv, &d);

	if (ret)
		return ret;
	if (d.help) {
		fputs(help, stdout);
		return UTIL_EXIT_OK;
	}
	ret = util_read_file(d.in, &bytes, &len);
	if (ret < 0)
		return util_file_error(d.in, ret);
	ret = page_decode(bytes, len, d.page, d.in, d.verbose, &page);
	if (ret == -ERANGE)
		ret = util_error(d.in, "only %d pages", page.pages);
	else if (ret < 0 || render(&d, &page, len, &out) < 0)
		ret = util_file_error(d.in, -ENOMEM);
	else if ((ret = util_write_atomic(d.out, out.data, out.len)) < 0)
		ret = util_write_error(d.out, ret);
	free(bytes);
	vtx_buf_free(&out);
	return ret;
}
