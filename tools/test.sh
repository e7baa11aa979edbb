#!/usr/bin/env bash
# Builds everything (preset "ci": release, warnings as errors) and runs the whole test suite.
# Usage: tools/test.sh [extra ctest args]
set -euo pipefail
cd "$(dirname "$0")/.."
source tools/deps.sh
spatten_install_deps
cmake --preset ci
cmake --build --preset ci -j "$(nproc)"
ctest --preset ci -j "$(nproc)" "$@"
