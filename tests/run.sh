#!/usr/bin/env bash
# tests/run.sh BUILDDIR - run every test program in BUILDDIR/tests/.
#
# Each program runs from the repository root with stdin from /dev/null and
# ends with a line "N passed, N failed" or "N passed, N failed, N skipped";
# the last such line counts. A program that exits non-zero counts at least
# one failure; one that exits 0 without the line counts as 1 passed.
#   fuzz_X        gets every file under tests/fuzz/corpus/ as arguments
#   term_harness  runs as: term_harness tests/term/*.test (when both exist)
# Prints one status line per program, then "BUILDDIR: N passed, N failed,
# N skipped", writes "P F S" to BUILDDIR/totals and exits 1 on any failure.
# Output of each program: BUILDDIR/logs/NAME.log (shown when it fails).
#
# Environment: MINITEL_SHARED (default ../shared from the repository root,
# made absolute), TEST_TIMEOUT seconds per program (default 600).
set -u

if [ $# -ne 1 ]; then
	echo "usage: tests/run.sh BUILDDIR" >&2
	exit 2
fi
cd "$(dirname "$0")/.." || exit 2
B=${1%/}
T=$B/tests
LOGS=$B/logs

MINITEL_SHARED=${MINITEL_SHARED:-../shared}
if [ -d "$MINITEL_SHARED" ]; then
	MINITEL_SHARED=$(cd "$MINITEL_SHARED" && pwd)
fi
export MINITEL_SHARED
export UBSAN_OPTIONS=${UBSAN_OPTIONS:-print_stacktrace=1:halt_on_error=1}
TEST_TIMEOUT=${TEST_TIMEOUT:-600}

total_p=0 total_f=0 total_s=0
summary_re='^([^[:space:]]+: )?[0-9]+ passed, [0-9]+ failed(, [0-9]+ skipped)?[[:space:]]*$'

# run_one NAME COMMAND [ARGS...]
run_one() {
	local name=$1 log=$LOGS/$1.log rc line p=0 f=0 s=0 status sig note=""
	shift
	# The braces keep bash's own "Segmentation fault" report out of the way.
	if command -v timeout >/dev/null 2>&1; then
		{ timeout "$TEST_TIMEOUT" "$@" </dev/null >"$log" 2>&1; } 2>/dev/null
	else
		{ "$@" </dev/null >"$log" 2>&1; } 2>/dev/null
	fi
	rc=$?
	line=$(grep -E "$summary_re" "$log" | tail -n 1)
	if [ -n "$line" ]; then
		line=${line#*: }
		p=$(sed -E 's/^([0-9]+) passed.*/\1/' <<<"$line")
		f=$(sed -E 's/^[0-9]+ passed, ([0-9]+) failed.*/\1/' <<<"$line")
		case $line in
		*skipped*) s=$(sed -E 's/.*, ([0-9]+) skipped.*/\1/' <<<"$line") ;;
		esac
	elif [ "$rc" -eq 0 ]; then
		p=1
	fi
	if [ "$rc" -ne 0 ]; then
		[ "$f" -eq 0 ] && f=1
		if [ "$rc" -eq 124 ]; then
			note=" (timed out after ${TEST_TIMEOUT}s)"
		elif [ "$rc" -gt 128 ] && sig=$(kill -l $((rc - 128)) 2>/dev/null); then
			note=" (killed by SIG$sig)"
		else
			note=" (exit $rc)"
		fi
	fi
	if [ "$f" -gt 0 ]; then status=FAIL; else status=ok; fi
	printf '%-4s %-28s %d passed, %d failed, %d skipped%s\n' \
		"$status" "$name" "$p" "$f" "$s" "$note"
	if [ "$f" -eq 0 ]; then
		grep '^SKIP' "$log" | sed 's/^/     /'
	else
		if [ "$(wc -l <"$log")" -gt 200 ]; then
			echo "     ... (last 200 lines of $log)"
		fi
		tail -n 200 "$log" | sed 's/^/     | /'
	fi
	total_p=$((total_p + p))
	total_f=$((total_f + f))
	total_s=$((total_s + s))
}

mkdir -p "$LOGS"
if [ -d "$T" ]; then
	corpus=()
	if [ -d tests/fuzz/corpus ]; then
		mapfile -t corpus < <(find tests/fuzz/corpus -type f | LC_ALL=C sort)
	fi
	for prog in "$T"/*; do
		[ -f "$prog" ] && [ -x "$prog" ] || continue
		name=${prog##*/}
		case $name in
		*.*) continue ;;
		term_harness) continue ;;
		fuzz_*) run_one "$name" "$prog" "${corpus[@]}" ;;
		*) run_one "$name" "$prog" ;;
		esac
	done
	shopt -s nullglob
	term_tests=(tests/term/*.test)
	shopt -u nullglob
	if [ ${#term_tests[@]} -gt 0 ] && [ -x "$T/term_harness" ]; then
		run_one term_harness "$T/term_harness" "${term_tests[@]}"
	fi
else
	echo "$B: no $T directory, no tests run"
fi

echo "$total_p $total_f $total_s" >"$B/totals"
echo "$B: $total_p passed, $total_f failed, $total_s skipped"
[ "$total_f" -eq 0 ]
