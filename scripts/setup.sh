#!/bin/sh
# Set up Sổ Đồn on Debian 12 (or Ubuntu): the system libraries Qt needs, a virtual
# environment in .venv, and the program in it.
#   scripts/setup.sh          the program
#   scripts/setup.sh --test   the program in development mode, with what its tests need
set -eu
cd "$(dirname "$0")/.."

# Qt's libraries (offscreen and on a real X11 screen), and python3-venv for the environment.
PACKAGES="python3-venv libgl1 libegl1 libglib2.0-0 libfontconfig1 libxkbcommon0 libdbus-1-3
  libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-image0 libxcb-render-util0 libxcb-shape0
  libxcb-xkb1 libxcb-randr0 libxcb-xinerama0 libxkbcommon-x11-0"
if [ "${1:-}" = "--test" ]; then
  # xvfb: a screen for the window's tests; poppler-utils: PDF pages as pictures; binutils:
  # PyInstaller's objdump, for the test that builds the desktop bundle; strace: the tests
  # that make one system call fail (a dying disk); cups and printer-driver-cups-pdf: a print
  # service with a virtual PDF printer, which the printing tests start on a socket of their own.
  PACKAGES="$PACKAGES xvfb xauth poppler-utils binutils strace cups printer-driver-cups-pdf"
fi

missing=""
for package in $PACKAGES; do
  dpkg-query -W -f='${Status}' "$package" 2>/dev/null | grep -q "install ok installed" \
    || missing="$missing $package"
done
if [ -n "$missing" ]; then
  echo "Installing system packages:$missing"
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq $missing >/dev/null
fi

[ -x .venv/bin/python ] || python3 -m venv .venv
if [ "${1:-}" = "--test" ]; then
  .venv/bin/python -m pip install -q -e '.[test]'
else
  .venv/bin/python -m pip install -q .
fi
