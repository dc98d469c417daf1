/* tools/minitel.c -- bin/minitel: dispatches to the subcommands.
 *
 *   minitel COMMAND [ARGS...]
 *   minitel help [COMMAND]     same as minitel COMMAND --help
 *   minitel --help | --version */
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

#include "cmd.h"
#include "util.h"

typedef struct command {
	const char *name;
	int (*run)(int argc, char **argv);
	const char *summary;
} command;

static const command commands[] = {
	{"decode", cmd_decode, "show the screen a .vdt stream draws"},
	{"stat", cmd_stat, "size, pages and time on the wire of .vdt files"},
	{"optimize", cmd_optimize, "rewrite a .vdt page in fewer bytes"},
	{"export", cmd_export, "notes to a folder of .vdt pages and site.json"},
	{"preview", cmd_preview, "notes as Minitel pages in the terminal"},
	{"view", cmd_view, "browse notes or an export with Minitel keys"},
	{"serve", cmd_serve, "notes on a real Minitel over a serial link"},
	{"send", cmd_send, "send .vdt files to a Minitel, with progress"},
	{"doctor", cmd_doctor, "check the link to a Minitel step by step"},
	{"ports", cmd_ports, "list the serial ports of this machine"},
	{"demo", cmd_demo, "sample pages and a welcome screen in colour"},
};

#define NCOMMANDS (sizeof commands / sizeof commands[0])
#define USAGE "minitel COMMAND [ARGS...] (minitel --help lists them)"

static void print_help(void)
{
	printf("usage: minitel COMMAND [ARGS...]\n"
	       "       minitel help COMMAND\n"
	       "       minitel --help | --version\n\n"
	       "A Minitel Videotex toolkit: decodes, measures and rewrites "
	       ".vdt pages\n(raw Videotex byte streams).\n\nCommands:\n");
	for (size_t i = 0; i < NCOMMANDS; i++)
		printf("  %-10s %s\n", commands[i].name, commands[i].summary);
	printf("  %-10s %s\n", "help", "help on a command");
	printf("\nExit status: 0 success, 1 bad input or I/O error, "
	       "2 usage error.\n");
}

static const command *find(const char *name)
{
	for (size_t i = 0; i < NCOMMANDS; i++)
		if (strcmp(commands[i].name, name) == 0)
			return &commands[i];
	return NULL;
}

UTIL_PRINTF(1, 2)
static int usage_error(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "minitel: ");
	va_start(ap, fmt);
	/* NOLINTNEXTLINE(clang-analyzer-valist.Uninitialized) */
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\nusage: %s\n", USAGE);
	return UTIL_EXIT_USAGE;
}

/* minitel help [COMMAND] */
static int help(int argc, char **argv)
{
	char name[64], opt[] = "--help";
	char *args[] = {name, opt, NULL};
	const command *c;

	if (argc < 2) {
		print_help();
		return UTIL_EXIT_OK;
	}
	if (argc > 2)
		return usage_error("help takes one command, not %s", argv[2]);
	c = find(argv[1]);
	if (!c)
		return usage_error("unknown command '%s'", argv[1]);
	snprintf(name, sizeof name, "%s", c->name);
	return c->run(2, args);
}

int main(int argc, char **argv)
{
	const command *c;

	if (argc < 2)
		return usage_error("no command given");
	if (strcmp(argv[1], "--help") == 0 || strcmp(argv[1], "-h") == 0) {
		print_help();
		return UTIL_EXIT_OK;
	}
	if (strcmp(argv[1], "--version") == 0) {
		printf("minitel %s\n", MINITEL_VERSION);
		return UTIL_EXIT_OK;
	}
	if (strcmp(argv[1], "help") == 0)
		return help(argc - 1, argv + 1);
	c = find(argv[1]);
	if (!c) {
		if (argv[1][0] == '-')
			return usage_error("unknown option %s", argv[1]);
		return usage_error("unknown command '%s'", argv[1]);
	}
	return c->run(argc - 1, argv + 1);
}
