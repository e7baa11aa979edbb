#!/usr/bin/env bash
# Installs a spatten-studio DEB with apt into a bare Debian root and runs it from there: proves
# that the package's Depends are complete (tst_package extracts with dpkg -x on the build machine,
# where every library is already present). Needs root and a Debian mirror; not run by CI.
#
# Usage: sudo packaging/apt_install_check.sh DEB [ROOT]
#   ROOT (default /tmp/spatten-apt-root): made with `debootstrap --variant=minbase bookworm` when it
#   does not exist yet (about 100 MB, a few minutes); an existing root is reused as it is.
# Checks, inside the root: `apt-get install ./DEB` resolves and installs every dependency;
# `spatten-cli --version`; `spatten-cli simulate` of the bundled tiny-gpt2 on the default
# sentence; `spatten-studio --screenshot-dir` offscreen from the installed samples. Exit 1 on the
# first failure, with the command that failed.
set -euo pipefail
deb=${1:?usage: apt_install_check.sh DEB [ROOT]}
root=${2:-/tmp/spatten-apt-root}
[ -f "$deb" ] || { echo "apt_install_check: $deb: no such file" >&2; exit 1; }
[ "$(id -u)" -eq 0 ] || { echo "apt_install_check: needs root (chroot, apt)" >&2; exit 1; }

if [ ! -x "$root/usr/bin/apt-get" ]; then
  command -v debootstrap >/dev/null || apt-get install -y -q debootstrap
  debootstrap --variant=minbase bookworm "$root" http://deb.debian.org/debian
fi
cp /etc/resolv.conf "$root/etc/resolv.conf"
mkdir -p "$root/proc" && mountpoint -q "$root/proc" || mount -t proc proc "$root/proc"
trap 'umount "$root/proc" 2>/dev/null || true' EXIT

name=$(basename "$deb")
cp "$deb" "$root/tmp/$name"
in_root() { echo "+ $*" >&2; chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin \
  HOME=/tmp LANG=C.UTF-8 "$@"; }

in_root apt-get update -q
in_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "/tmp/$name"
in_root dpkg -s spatten-studio | grep -E '^(Status|Version|Depends):'
in_root spatten-cli --version
samples=/usr/share/spatten-studio/samples
in_root spatten-cli simulate --model $samples/models/tiny-gpt2 \
  --text-file $samples/sentences/default.txt --preset spatten-gpt2 --json /tmp/sim.json
grep -o '"cycles": *[0-9]*' "$root/tmp/sim.json" | head -1
rm -rf "$root/tmp/shots"
in_root env QT_QPA_PLATFORM=offscreen spatten-studio --screenshot-dir /tmp/shots
ls "$root/tmp/shots" | wc -l | xargs echo "screenshots:"
echo "apt_install_check: $name installs with apt into $root and runs"
