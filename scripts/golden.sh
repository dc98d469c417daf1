#!/bin/sh
# scripts/golden.sh - make golden: rewrites the golden files from the
# current code. Review the diff (git diff tests/golden) before committing:
# the pages' .screen dumps are readable.
#   tests/golden/pages/NNNN.vdt, NNNN.screen  export of pages/notes
#   tests/golden/pages/site.json              its site map
#   tests/golden/samples.digest               digests of the export of
#                                             ../shared/samples/notes
#   tests/golden/render/NAME.png              emu_render of the screens
#                                             of tests/unit/test_render.c
#                                             (look at them, not only at
#                                             the diff)
set -eu
cd "$(dirname "$0")/.."
B=${1:-build/plain}
mkdir -p tests/golden
rm -rf tests/golden/pages
mkdir tests/golden/pages
"$B/tests/test_pages" --write-golden > /dev/null
tmp=$(mktemp -d)
bin/minitel export pages/notes -o "$tmp/out" 2> /dev/null
cp "$tmp/out/site.json" tests/golden/pages/site.json
rm -rf "$tmp"
rm -rf tests/golden/render
mkdir tests/golden/render
"$B/tests/test_render" --write-golden > /dev/null
echo "golden files rewritten: git diff --stat tests/golden"
