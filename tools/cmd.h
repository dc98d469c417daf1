/* tools/cmd.h -- the subcommands of bin/minitel, one file each.
 *
 * Each takes the words after "minitel" (argv[0] is the command's name),
 * handles its own --help (help on stdout, exit 0) and returns the exit
 * status of tools/util.h. */
#ifndef MINITEL_TOOLS_CMD_H
#define MINITEL_TOOLS_CMD_H

#define MINITEL_VERSION "0.1.0"

/* minitel decode: a .vdt stream to a screen dump, text or ANSI colours. */
int cmd_decode(int argc, char **argv);

/* minitel stat: size, pages and time on the wire of .vdt files. */
int cmd_stat(int argc, char **argv);

/* minitel optimize: a .vdt page re-encoded in fewer bytes. */
int cmd_optimize(int argc, char **argv);

/* minitel export: notes to a folder of .vdt pages and site.json. */
int cmd_export(int argc, char **argv);

/* minitel preview: notes as pages in the terminal. */
int cmd_preview(int argc, char **argv);

/* minitel view: browse notes or an export as a Minitel service. */
int cmd_view(int argc, char **argv);

/* minitel serve: notes on a real Minitel over a serial link. */
int cmd_serve(int argc, char **argv);

/* minitel send: .vdt files to a Minitel, with progress. */
int cmd_send(int argc, char **argv);

/* minitel doctor: checks a serial link step by step. */
int cmd_doctor(int argc, char **argv);

/* minitel ports: the serial ports of this machine. */
int cmd_ports(int argc, char **argv);

/* minitel demo: sample pages and a welcome screen in the terminal. */
int cmd_demo(int argc, char **argv);

#endif
