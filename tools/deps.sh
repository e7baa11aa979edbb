#!/usr/bin/env bash
# The one list of system packages SpAtten Studio needs (Debian 12 / Ubuntu 24.04), the extra ones
# of the sanitizer and fuzzing builds (clang-14 and its runtime for tools/test.sh --asan and the
# libFuzzer harnesses of tools/fuzz.sh, llvm-14 for llvm-symbolizer), and an installer that adds only the missing ones (gtkwave: its vcd2fst / fst2vcd read the VCD export
# back in tests/core/export/tst_vcd_writer.cpp; dpkg-dev and file: cpack's DEB generator runs
# dpkg-shlibdeps on the ELF files it finds with `file`, tests/packaging). Sourced by
# tools/studio.sh and tools/test.sh.
SPATTEN_PACKAGES=(
  build-essential cmake ninja-build pkg-config git dpkg-dev file
  qt6-base-dev qt6-svg-dev libqcustomplot-dev libgl-dev
  libeigen3-dev nlohmann-json3-dev libcli11-dev libfmt-dev libbenchmark-dev
  xvfb xauth fonts-dejavu-core
  gtkwave
)
SPATTEN_SANITIZER_PACKAGES=(clang-14 libclang-rt-14-dev llvm-14)
# The sweep scale-out scripts (tools/sweep/) and their tests: GNU parallel, and a one-node Slurm
# cluster with munge that tests/tools/slurm_sweep.sh starts on localhost (root only).
SPATTEN_SLURM_PACKAGES=(slurm-wlm munge parallel)

# spatten_install_deps [sanitizers|slurm]: installs what is missing of SPATTEN_PACKAGES (and, with
# "sanitizers", of SPATTEN_SANITIZER_PACKAGES; with "slurm", of SPATTEN_SLURM_PACKAGES).

spatten_install_deps() {
  local missing=()
  local wanted=("${SPATTEN_PACKAGES[@]}")
  if [ "${1:-}" = sanitizers ]; then wanted+=("${SPATTEN_SANITIZER_PACKAGES[@]}"); fi
  if [ "${1:-}" = slurm ]; then wanted+=("${SPATTEN_SLURM_PACKAGES[@]}"); fi
  local p
  for p in "${wanted[@]}"; do
    if ! dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed"; then
      missing+=("$p")
    fi
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  echo "Installing missing packages: ${missing[*]}"
  local sudo=""
  if [ "$(id -u)" -ne 0 ]; then sudo="sudo"; fi
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get update -q
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "${missing[@]}"
}
