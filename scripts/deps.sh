#!/bin/sh
# scripts/deps.sh - install the Debian 12 packages minitel needs, if missing.
# Idempotent; silent when everything is installed. Uses sudo when not root.
set -eu

# One package per word. Add new build or test dependencies here.
PACKAGES="
	build-essential
	make
	pkg-config
	clang
	xauth
	libclang-rt-14-dev
	libserialport-dev
	libsdl2-dev
	libx11-dev
	libmd4c-dev
	libstb-dev
	xvfb
	xdotool
"

if ! command -v dpkg-query >/dev/null 2>&1; then
	echo "deps: no dpkg-query (not Debian?), install by hand:" $PACKAGES
	exit 0
fi

missing=
for p in $PACKAGES; do
	case $(dpkg-query -W -f='${Status}' "$p" 2>/dev/null || true) in
	*" ok installed") ;;
	*) missing="$missing $p" ;;
	esac
done
[ -z "$missing" ] && exit 0

echo "deps: installing$missing"
sudo=
if [ "$(id -u)" -ne 0 ]; then
	sudo=sudo
fi
log=$(mktemp)
trap 'rm -f "$log"' EXIT
export DEBIAN_FRONTEND=noninteractive
# shellcheck disable=SC2086 # $missing is a word list
if ! { $sudo apt-get update -q &&
	$sudo apt-get install -y -q --no-install-recommends $missing; } \
	>"$log" 2>&1; then
	cat "$log" >&2
	echo "deps: apt-get failed" >&2
	exit 1
fi
