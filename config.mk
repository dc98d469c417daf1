# minitel build configuration (st-style): edit here, not in the Makefile.
# Anything can also be overridden on the command line: make CC=clang

# Toolchain. CC builds the plain and asan variants; CLANG builds the
# libFuzzer targets of `make fuzz`.
CC    = cc
CLANG = clang
AR    = ar

# Flags for every variant.
CPPFLAGS = -I. -Ibuild/gen -D_POSIX_C_SOURCE=200809L -isystem /usr/include/stb
WARN     = -Wall -Wextra -Wpedantic -Wshadow -Wstrict-prototypes \
           -Wmissing-prototypes -Werror
CFLAGS   = -std=c11 -O2 -g $(WARN)
LDFLAGS  =
# core/ uses md4c (Markdown) and stb_image (pictures); Debian ships both as
# shared libraries (libmd4c-dev, libstb-dev); link/ uses libserialport
# (libserialport-dev). Written out rather than asked of pkg-config, which
# may not be installed yet when make reads this file. core/pipeline.c
# encodes pages on a second thread: -pthread.
LDLIBS   = -lm -lmd4c -lstb -lserialport -lutil -pthread

# Extra libraries for bin/minitel only (tools/*.c), e.g.
# $(shell pkg-config --libs libserialport). Tests never link the tools.
TOOL_CFLAGS =
TOOL_LIBS   =

# SDL2 is used by emu/window.c only (compiled and linked into bin/minitel
# when that file exists; never part of libminitel.a or the tests). It also
# sets an Xlib error handler (a race of SDL's own, see there): -lX11.
# -isystem keeps SDL's own headers out of -Werror.
SDL_CFLAGS = $(patsubst -I%,-isystem %,$(shell pkg-config --cflags sdl2 2>/dev/null))
SDL_LIBS   = $(shell pkg-config --libs sdl2 2>/dev/null) -lX11

# ASan+UBSan variant (make asan / make ubsan / second half of make check).
# Appended after CFLAGS, so -O1 wins over -O2.
SAN_FLAGS = -fsanitize=address,undefined -fno-sanitize-recover=all \
            -O1 -fno-omit-frame-pointer

# libFuzzer variant (make fuzz), built with $(CLANG). The library and the
# targets are compiled with fuzzer-no-link; only the link adds libFuzzer.
FUZZ_FLAGS   = -fsanitize=address,undefined -fno-sanitize-recover=all \
               -g -O1 -fno-omit-frame-pointer
FUZZ_SECONDS = 60

# Reference material (vectors, samples); tests see it as $MINITEL_SHARED.
MINITEL_SHARED ?= ../shared

# make lint: clang-tidy checks (cppcheck runs with its own defaults).
# valist.Uninitialized is left out: clang-tidy 14 (Debian 12) reports
# every vsnprintf of a va_list a function was given as uninitialised.
TIDY_CHECKS = -*,clang-analyzer-*,bugprone-*,-bugprone-easily-swappable-parameters,-bugprone-reserved-identifier,-bugprone-narrowing-conversions,-clang-analyzer-security.insecureAPI.DeprecatedOrUnsafeBufferHandling,-clang-analyzer-valist.Uninitialized
