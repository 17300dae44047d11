#!/bin/sh
# Build the one-folder desktop bundle in dist/sodon/ (Linux; Windows: docs/packaging.md).
#   scripts/bundle.sh              build it
#   scripts/bundle.sh --install    build it, then add it to this user's menu (~/.local)
set -eu
cd "$(dirname "$0")/.."
[ -x .venv/bin/python ] || scripts/setup.sh
if ! command -v objdump >/dev/null; then  # PyInstaller reads the libraries with binutils
  if [ "$(id -u)" -eq 0 ]; then sudo=""; else sudo="sudo"; fi
  $sudo apt-get update -qq && $sudo apt-get install -y -qq binutils >/dev/null
fi
.venv/bin/python -m pip install -q 'pyinstaller>=6.0'
.venv/bin/python -m PyInstaller --noconfirm --clean --log-level WARN \
  --distpath dist --workpath build/pyinstaller packaging/sodon.spec
echo "Bundle: dist/sodon/sodon ($(du -sh dist/sodon | cut -f1))"

if [ "${1:-}" = "--install" ]; then
  target="$HOME/.local/share/sodon"
  rm -rf "$target" && mkdir -p "$target" && cp -r dist/sodon/. "$target/"
  mkdir -p "$HOME/.local/bin" "$HOME/.local/share/applications" \
    "$HOME/.local/share/icons/hicolor/256x256/apps"
  ln -sf "$target/sodon" "$HOME/.local/bin/sodon"
  sed "s|^Exec=sodon|Exec=$target/sodon|" packaging/sodon.desktop \
    > "$HOME/.local/share/applications/sodon.desktop"
  cp resources/icons/sodon-256.png "$HOME/.local/share/icons/hicolor/256x256/apps/sodon.png"
  echo "Installed: Sổ Đồn is in the applications menu; 'sodon' runs it from a terminal."
fi
