#!/usr/bin/env bash
# Builds SpAtten Studio (release) and launches it on the bundled default model and sample
# sentence. Without a display (no $DISPLAY / $WAYLAND_DISPLAY) it runs under Xvfb.
# Usage: tools/studio.sh [spatten-studio args]
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
spatten_install_deps
cmake --preset release
cmake --build --preset release -j "$(nproc)" --target spatten-studio spatten-cli
app=build/release/app/gui/spatten-studio
if [ -z "${DISPLAY:-}" ] && [ -z "${WAYLAND_DISPLAY:-}" ]; then
  echo "No display found: running SpAtten Studio under Xvfb (xvfb-run)."
  exec xvfb-run -a -s "-screen 0 1600x1000x24" "$app" "$@"
fi
exec "$app" "$@"
