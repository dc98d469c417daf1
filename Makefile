# minitel - Minitel Videotex toolkit.
# One non-recursive GNU Makefile; flags and paths live in config.mk.
# Sources are found by wildcard, so new files need no edit here.
#
#   make [all]      bin/minitel (and build/plain/libminitel.a)
#   make check      deps, plain build + tests, asan build + tests, total
#   make test       plain build + tests only (no deps.sh, no asan)
#   make asan       ASan+UBSan build + tests (make ubsan is the same)
#   make fuzz       libFuzzer targets, each run FUZZ_SECONDS
#   make bench      tests/bench/bench.c at -O2, run
#   make golden     scripts/golden.sh
#   make lint       cppcheck and clang-tidy, when installed
#   make run        deps, build, minitel view: the sample notes in the emulator
#   make clean
# V=1 shows the full commands.

include config.mk
export MINITEL_SHARED

# --- sources ---------------------------------------------------------------

LIB_SRC   := $(sort $(wildcard videotex/*.c core/*.c link/*.c) \
                    $(filter-out emu/window.c,$(wildcard emu/*.c)))
WIN_SRC   := $(wildcard emu/window.c)
TOOL_SRC  := $(sort $(wildcard tools/*.c))
UNIT_SRC  := $(sort $(wildcard tests/unit/test_*.c))
FUZZ_MAIN := $(wildcard tests/fuzz/fuzz_main.c)
FUZZ_SRC  := $(sort $(filter-out tests/fuzz/fuzz_main.c, \
                                 $(wildcard tests/fuzz/fuzz_*.c)))
TERM_SRC  := $(sort $(wildcard tests/term/*.c))
BENCH_SRC := $(wildcard tests/bench/bench.c)
# A small window program for tests/unit/test_window.c (SDL, like the tool).
WINVIEW_SRC := $(wildcard tests/window/winview.c)
TBL       := $(sort $(wildcard videotex/tables/*.tbl))
GEN_INC   := $(TBL:videotex/tables/%.tbl=build/gen/%.inc)

LINT_SRC  := $(LIB_SRC) $(TOOL_SRC) $(UNIT_SRC) $(FUZZ_MAIN) $(FUZZ_SRC) \
             $(TERM_SRC) $(BENCH_SRC) $(WIN_SRC) $(WINVIEW_SRC)

ifeq ($(V),1)
Q   :=
msg  = @:
else
Q   := @
msg  = @printf '  %-6s %s\n'
endif

# --- variants --------------------------------------------------------------
# A variant is a directory build/NAME/ with its own objects (obj/), library,
# tests (tests/: only runnable test programs go there) and tool.

plain_CC      = $(CC)
plain_CFLAGS  = $(CFLAGS)
plain_LDFLAGS = $(LDFLAGS)

# No -Werror here: the plain build is the warning gate, and gcc at -O1 with
# sanitizers gives flow-dependent warnings (-Wformat-truncation,
# -Wmaybe-uninitialized) of its own. They are still printed.
asan_CC       = $(CC)
asan_CFLAGS   = $(filter-out -Werror,$(CFLAGS)) $(SAN_FLAGS)
asan_LDFLAGS  = $(LDFLAGS) $(SAN_FLAGS)

# The fuzz variant only ever builds its library and the libFuzzer targets.
fuzz_CC       = $(CLANG)
fuzz_CFLAGS   = $(filter-out -Werror,$(CFLAGS)) $(FUZZ_FLAGS) \
                -fsanitize=fuzzer-no-link
fuzz_LDFLAGS  = $(LDFLAGS) $(FUZZ_FLAGS) -fsanitize=fuzzer

ALL_OBJ :=

# $(call VARIANT,name,tool-path)
define VARIANT
$(1)_LIB   := build/$(1)/libminitel.a
$(1)_LOBJ  := $$(LIB_SRC:%.c=build/$(1)/obj/%.o)
$(1)_TOBJ  := $$(TOOL_SRC:%.c=build/$(1)/obj/%.o) \
              $$(WIN_SRC:%.c=build/$(1)/obj/%.o)
$(1)_UNIT  := $$(UNIT_SRC:tests/unit/%.c=build/$(1)/tests/%)
$(1)_FREG  := $$(if $$(FUZZ_MAIN),$$(FUZZ_SRC:tests/fuzz/%.c=build/$(1)/tests/%))
$(1)_TERM  := $$(if $$(TERM_SRC),build/$(1)/tests/term_harness)
$(1)_TESTS := $$($(1)_UNIT) $$($(1)_FREG) $$($(1)_TERM)
$(1)_TOOL  := $$(if $$(TOOL_SRC),$(2))
$(1)_BENCH := $$(if $$(BENCH_SRC),build/$(1)/bench)
$(1)_WINVIEW := $$(if $$(and $$(WIN_SRC),$$(WINVIEW_SRC)),build/$(1)/winview)
ALL_OBJ    += $$($(1)_LOBJ) $$($(1)_TOBJ) \
              $$(WINVIEW_SRC:%.c=build/$(1)/obj/%.o) \
              $$(UNIT_SRC:%.c=build/$(1)/obj/%.o) \
              $$(FUZZ_SRC:%.c=build/$(1)/obj/%.o) \
              $$(FUZZ_MAIN:%.c=build/$(1)/obj/%.o) \
              $$(TERM_SRC:%.c=build/$(1)/obj/%.o) \
              $$(BENCH_SRC:%.c=build/$(1)/obj/%.o)

build/$(1)/obj/%.o: %.c | $$(GEN_INC)
	$$(msg) CC "$$@"
	@mkdir -p $$(@D)
	$$(Q)$$($(1)_CC) $$(CPPFLAGS) $$($(1)_CFLAGS) $$(XCFLAGS) \
		-MMD -MP -c -o $$@ $$<

build/$(1)/obj/emu/window.o: XCFLAGS = $$(SDL_CFLAGS)
build/$(1)/obj/tools/%.o: XCFLAGS = $$(TOOL_CFLAGS)

# objs.list changes only when a source file comes or goes, so that the
# library and the tool are rebuilt without the objects of deleted files.
build/$(1)/objs.list: FORCE
	@mkdir -p $$(@D)
	@echo '$$($(1)_LOBJ) $$($(1)_TOBJ)' | cmp -s - $$@ || \
		echo '$$($(1)_LOBJ) $$($(1)_TOBJ)' > $$@

$$($(1)_LIB): $$($(1)_LOBJ) build/$(1)/objs.list
	$$(msg) AR "$$@"
	@mkdir -p $$(@D)
	$$(Q)rm -f $$@ && $$(AR) rcs $$@ $$(filter %.o,$$^)

$(2): $$($(1)_TOBJ) $$($(1)_LIB) build/$(1)/objs.list
	$$(msg) LD "$$@"
	@mkdir -p $$(@D)
	$$(Q)$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ $$(filter-out %.list,$$^) \
		$$(if $$(WIN_SRC),$$(SDL_LIBS)) $$(TOOL_LIBS) $$(LDLIBS)

$$($(1)_UNIT): build/$(1)/tests/%: build/$(1)/obj/tests/unit/%.o $$($(1)_LIB)
	$$(msg) LD "$$@"
	@mkdir -p $$(@D)
	$$(Q)$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ $$^ $$(LDLIBS)

$$($(1)_FREG): build/$(1)/tests/%: build/$(1)/obj/tests/fuzz/%.o \
		build/$(1)/obj/tests/fuzz/fuzz_main.o $$($(1)_LIB)
	$$(msg) LD "$$@"
	@mkdir -p $$(@D)
	$$(Q)$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ $$^ $$(LDLIBS)

build/$(1)/tests/term_harness: $$(TERM_SRC:%.c=build/$(1)/obj/%.o) $$($(1)_LIB)
	$$(msg) LD "$$@"
	@mkdir -p $$(@D)
	$$(Q)$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ $$^ $$(LDLIBS)

build/$(1)/bench: build/$(1)/obj/tests/bench/bench.o $$($(1)_LIB)
	$$(msg) LD "$$@"
	@mkdir -p $$(@D)
	$$(Q)$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ $$^ $$(LDLIBS)

# build/V/winview: `minitel view` on a .vdt file or a TCP service through
# tools/view_window.c alone, so that test_window can open a real window
# whatever tools/view.c does. Links SDL like the tool; it lives outside
# build/V/tests/, which tests/run.sh runs program by program.
build/$(1)/winview: build/$(1)/obj/tests/window/winview.o \
		build/$(1)/obj/tools/view_window.o build/$(1)/obj/tools/view_link.o \
		build/$(1)/obj/tools/util.o \
		build/$(1)/obj/emu/window.o $$($(1)_LIB)
	$$(msg) LD "$$@"
	@mkdir -p $$(@D)
	$$(Q)$$($(1)_CC) $$($(1)_LDFLAGS) -o $$@ $$^ $$(SDL_LIBS) \
		$$(TOOL_LIBS) $$(LDLIBS)

# Also removes test programs whose source is gone (tests/run.sh runs every
# program in build/$(1)/tests/).
# (the fuzz variant: its library and the libFuzzer targets only)
build-$(1): $$($(1)_LIB) $$(if $$(filter fuzz,$(1)), \
		$$(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%), \
		$$($(1)_TOOL) $$($(1)_TESTS) $$($(1)_WINVIEW))
	@for f in build/$(1)/tests/*; do \
		case " $$($(1)_TESTS) " in \
		*" $$$$f "*) ;; \
		*) if [ -f "$$$$f" ]; then rm -f "$$$$f"; fi ;; \
		esac; \
	done
endef

$(eval $(call VARIANT,plain,bin/minitel))
$(eval $(call VARIANT,asan,build/asan/minitel))
$(eval $(call VARIANT,fuzz,build/fuzz/minitel))

# --- generated code tables -------------------------------------------------
# videotex/tables/NAME.tbl lines "0x41 = U+0041 # A" -> build/gen/NAME.inc
# lines "{0x41, 0x0041},". '#' starts a comment; blank lines are skipped.

build/gen/%.inc: videotex/tables/%.tbl
	$(msg) GEN "$@"
	@mkdir -p $(@D)
	$(Q)awk '{ sub(/#.*/, ""); gsub(/=/, " = ") } NF == 0 { next } \
	NF != 3 || $$2 != "=" || $$1 !~ /^(0[xX][0-9A-Fa-f]+|[0-9]+)$$/ || \
	$$3 !~ /^U\+[0-9A-Fa-f]+$$/ { \
		printf "%s:%d: expected \"0xNN = U+XXXX\"\n", FILENAME, FNR \
			> "/dev/stderr"; bad = 1; next } \
	{ printf "{%s, 0x%s},\n", $$1, substr($$3, 3) } \
	END { exit bad }' $< > $@.tmp && mv $@.tmp $@ || { rm -f $@.tmp; exit 1; }

# --- main targets ----------------------------------------------------------

.DEFAULT_GOAL := all
.PHONY: all build-plain build-asan build-fuzz check test asan ubsan fuzz \
        bench golden lint run clean FORCE
FORCE:

all: $(plain_LIB) $(plain_TOOL)
ifeq ($(TOOL_SRC),)
	@echo "all: no tools/*.c yet, bin/minitel not built"
endif

build-plain: $(plain_BENCH)

# The last line printed is the grand total over both variants.
check:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory build-plain
	@st=0; rm -f build/plain/totals build/asan/totals; \
	bash tests/run.sh build/plain || st=1; \
	if $(MAKE) --no-print-directory build-asan; then \
		bash tests/run.sh build/asan || st=1; \
	else \
		st=1; mkdir -p build/asan; echo "0 1 0" > build/asan/totals; \
		echo "build/asan: build failed"; \
	fi; \
	cat build/plain/totals build/asan/totals 2>/dev/null | awk \
	'{ p += $$1; f += $$2; s += $$3 } \
	END { printf "%d passed, %d failed", p, f; \
	      if (s) printf ", %d skipped", s; printf "\n" }'; \
	exit $$st

test: build-plain
	@bash tests/run.sh build/plain

asan ubsan: build-asan
	@bash tests/run.sh build/asan

# --- fuzzing (clang + libFuzzer) --------------------------------------------

FUZZ_BINS := $(FUZZ_SRC:tests/fuzz/%.c=build/fuzz/%)
fuzz_dict  = $(addprefix -dict=,$(firstword $(wildcard tests/fuzz/$(1).dict \
                                                     tests/fuzz/dictionary)))
FUZZ_RUNS := $(FUZZ_SRC:tests/fuzz/%.c=fuzzrun-%)
.PHONY: $(FUZZ_RUNS)

$(FUZZ_BINS): build/fuzz/%: build/fuzz/obj/tests/fuzz/%.o $(fuzz_LIB)
	$(msg) LD "$@"
	$(Q)$(fuzz_CC) $(fuzz_LDFLAGS) -o $@ $^ $(LDLIBS)

# Corpus build/fuzz/corpus_X: seeded from tests/fuzz/corpus/ and the
# .vdt/.VDT/.vtx files under $(MINITEL_SHARED)/vectors, then grown by
# libFuzzer. Dictionary: tests/fuzz/X.dict or tests/fuzz/dictionary.
$(FUZZ_RUNS): fuzzrun-%: build/fuzz/%
	@mkdir -p build/fuzz/corpus_$* build/fuzz/artifacts
	@{ find tests/fuzz/corpus -type f 2>/dev/null; \
	   find "$(MINITEL_SHARED)/vectors" -type f \( -name '*.vdt' \
	        -o -name '*.VDT' -o -name '*.vtx' \) 2>/dev/null; } | \
	while IFS= read -r f; do \
		cp "$$f" "build/fuzz/corpus_$*/seed_$$(printf '%s' "$$f" | \
			tr -c 'A-Za-z0-9._-' '_')"; \
	done
	build/fuzz/$* -max_total_time=$(FUZZ_SECONDS) \
		-artifact_prefix=build/fuzz/artifacts/$*- $(call fuzz_dict,$*) \
		build/fuzz/corpus_$*

fuzz: $(FUZZ_RUNS)
ifeq ($(FUZZ_SRC),)
	@echo "fuzz: no tests/fuzz/fuzz_*.c targets, nothing to do"
endif

# --- other targets ----------------------------------------------------------

bench: $(plain_BENCH)
ifeq ($(BENCH_SRC),)
	@echo "bench: no tests/bench/bench.c, nothing to do"
else
	build/plain/bench
endif

golden: $(if $(wildcard scripts/golden.sh),build-plain)
	@if [ -f scripts/golden.sh ]; then sh scripts/golden.sh; \
	else echo "golden: no scripts/golden.sh, nothing to do"; fi

lint: $(GEN_INC)
ifeq ($(strip $(LINT_SRC)),)
	@echo "lint: no sources, nothing to do"
else
	@if command -v cppcheck >/dev/null 2>&1; then \
		echo "cppcheck"; \
		cppcheck --quiet --std=c11 --language=c --error-exitcode=1 \
			--enable=warning,performance,portability \
			--inline-suppr --suppress=missingIncludeSystem \
			$(CPPFLAGS) $(LINT_SRC) || exit 1; \
	else echo "lint: cppcheck not installed, skipped"; fi
	@if command -v clang-tidy >/dev/null 2>&1; then \
		echo "clang-tidy"; \
		clang-tidy --quiet '--checks=$(TIDY_CHECKS)' \
			'--warnings-as-errors=*' $(LINT_SRC) -- \
			$(CPPFLAGS) -std=c11 $(SDL_CFLAGS) || exit 1; \
	else echo "lint: clang-tidy not installed, skipped"; fi
endif

# The emulator window needs a display (X11 or Wayland, or a video driver
# SDL is told to use); without one, the same pages go to the terminal.
run:
	@sh scripts/deps.sh
	@$(MAKE) --no-print-directory all
	@if [ -n "$$DISPLAY$$WAYLAND_DISPLAY$$SDL_VIDEODRIVER" ]; then \
		echo "bin/minitel view"; bin/minitel view; \
	else \
		echo "make run: no display (DISPLAY and WAYLAND_DISPLAY are" \
		     "unset), so the pages go to the terminal:" \
		     "bin/minitel preview pages/notes"; \
		bin/minitel preview pages/notes; \
	fi

clean:
	rm -rf build bin

-include $(wildcard $(ALL_OBJ:.o=.d))
